"""The `ics-assistant` command: one subcommand per library function, each parse → call → print.

Subcommand modules are imported only when their command runs, so `--help` answers at once.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

# name → (module, one-line help)
COMMANDS = {
    "ingest": ("assistant.cli.ingest_cmd", "add or update documents in the index"),
    "search": ("assistant.cli.search_cmd", "hybrid search over the indexed passages"),
    "stats": ("assistant.cli.stats_cmd", "count documents and chunks in the index"),
    "ask": ("assistant.cli.ask_cmd", "answer a question with verbatim, cited evidence"),
    "eval": ("assistant.cli.eval_cmd", "evaluate answers or quotes against a dataset"),
    "quotes": ("assistant.cli.quotes_cmd", "find who said what, word for word"),
    "boards": ("assistant.cli.boards_cmd", "who sits on an ICB's board, row by row, each row cited"),
    "serve": ("assistant.cli.serve_cmd", "start the web app"),
    "rebuild": ("assistant.cli.rebuild_cmd", "rebuild a damaged index from the catalog and the files"),
    "calibrate": ("assistant.cli.calibrate_cmd", "measure the fastest embedder set-up on this machine again"),
}


class CliError(Exception):
    """A user-facing error: printed as one line, exit code 2."""


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(
        prog="ics-assistant",
        description="Cited answers from NHS integrated care policy documents.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {package_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (_, help_text) in COMMANDS.items():
        sub.add_parser(name, help=help_text, add_help=False)
    if not argv or argv[0] in ("-h", "--help", "--version") or argv[0] not in COMMANDS:
        parser.parse_args(argv or ["--help"])
        return 2
    module = importlib.import_module(COMMANDS[argv[0]][0])
    cmd_parser = argparse.ArgumentParser(prog=f"ics-assistant {argv[0]}", description=module.__doc__)
    module.configure(cmd_parser)
    args = cmd_parser.parse_args(argv[1:])
    try:
        return int(module.run(args) or 0)
    except CliError as exc:
        print(f"ics-assistant {argv[0]}: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `ics-assistant … | head`: the reader left; stop quietly (before `Exception`)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        from vectorstore import IndexUnavailableError

        if not isinstance(exc, IndexUnavailableError):
            raise
        print(f"ics-assistant {argv[0]}: {exc}", file=sys.stderr)  # damaged, read-only or full: one line
        return 2


def package_version() -> str:
    """The installed package's version (from its metadata, so it is the one pip installed)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ics-assistant")
    except PackageNotFoundError:
        return "unknown (not installed)"


def add_filter_args(parser: argparse.ArgumentParser) -> None:
    """The metadata filters shared by search, ask and quotes."""
    parser.add_argument("--doc-type", help="only documents of this type (e.g. news, committee_evidence)")
    parser.add_argument("--publisher", help="only documents whose publisher contains this text")
    parser.add_argument("--since", metavar="DATE", help="only documents published on or after DATE (2022, 2022-11)")
    parser.add_argument("--until", metavar="DATE", help="only documents published on or before DATE")


def filters_from(args: argparse.Namespace):
    from assistant.retrieval import SearchFilters

    return SearchFilters(args.doc_type, args.publisher, args.since, args.until)


def print_json(obj) -> None:
    import json

    print(json.dumps(obj, ensure_ascii=False))


if __name__ == "__main__":
    sys.exit(main())
