"""Rebuild the index: vectors (Chroma) and keywords (BM25) from the SQLite catalog, re-embedding every chunk.

A damaged catalog is moved aside (kept as `catalog.sqlite3.damaged-TIME`) and rebuilt by ingesting the files it
listed that still exist, plus any PATH given. Use it when a command reports that the index is damaged.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from assistant.cli import CliError, print_json


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="files or folders to ingest as well (needed when the catalog is lost)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def run(args: argparse.Namespace) -> int:
    from assistant.library import rebuild_index
    from vectorstore.store import IndexBusyError

    try:
        result = rebuild_index(args.paths or None)
    except IndexBusyError as exc:
        raise CliError(str(exc)) from None
    if args.json:
        print_json(result)
        return 0
    print(f"catalog {result['catalog']}; {result['documents']} documents; "
          f"{result['chunks_embedded']} chunks re-embedded")
    for moved in result["moved_aside"]:
        print(f"damaged catalog kept as {moved}")
    for failure in (result["ingest"] or {}).get("failed", []):
        print(f"failed: {failure['path']}: {failure['error']}")
    return 0
