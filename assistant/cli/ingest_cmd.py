"""Add or update documents in the index (default: the bundled sample corpus).

Unchanged files are skipped without embedding; changed files are re-chunked and only new text is embedded.
Exit code 1 when any file failed (the others are still ingested).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from assistant.cli import CliError, print_json


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders (default: sample corpus)")
    parser.add_argument("--manifest", type=Path, metavar="FILE",
                        help="metadata (JSON, YAML or CSV) for these files; default: a manifest.* beside them")
    parser.add_argument("--prune", action="store_true", help="remove documents whose files are gone")
    parser.add_argument("--follow-symlinks", action="store_true",
                        help="also read symbolic links that lead outside the folders given (refused by default)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def run(args: argparse.Namespace) -> int:
    from ingest.documents import ManifestError
    from ingest.pipeline import ingest
    from vectorstore.store import IndexBusyError

    try:
        report = ingest(args.paths or None, manifest=args.manifest, prune=args.prune,
                        follow_symlinks=args.follow_symlinks or None)
    except (ManifestError, IndexBusyError) as exc:
        raise CliError(str(exc)) from None
    if args.json:
        print_json(report.to_dict())
    else:
        d = report.to_dict()
        print(f"added {d['added']}, updated {d['updated']}, unchanged {d['unchanged']}, removed {d['removed']}; "
              f"{d['chunks_embedded']} chunks embedded")
        for failure in report.failed:
            print(f"failed: {failure['path']}: {failure['error']}")
    return 1 if report.failed else 0
