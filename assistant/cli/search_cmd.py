"""Hybrid (BM25 + dense) search over the indexed passages.

With --queries FILE, reads one query per line and prints one JSON object per line, in order.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistant.cli import CliError, add_filter_args, filters_from, print_json


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="?", help="what to look for")
    parser.add_argument("-k", type=int, default=5, help="how many passages (default 5)")
    parser.add_argument("--queries", type=Path, metavar="FILE", help="one query per line; JSON lines out")
    parser.add_argument("--json", action="store_true", help="print as JSON")
    add_filter_args(parser)


def run(args: argparse.Namespace) -> int:
    from assistant.library import search

    if not args.query and not args.queries:
        raise CliError("give a QUERY or --queries FILE")
    if args.k < 1:
        raise CliError("-k must be at least 1")
    filters = filters_from(args)
    if args.queries:
        try:
            lines = args.queries.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise CliError(f"{args.queries}: cannot read: {exc}") from None
        for line in (q.strip() for q in lines):
            if line:
                print_json(_result(line, search(line, k=args.k, filters=filters)))
                sys.stdout.flush()
        return 0
    passages = search(args.query, k=args.k, filters=filters)
    if args.json:
        print_json(_result(args.query, passages))
        return 0
    if not passages:
        print("No passages found.")
    for p in passages:
        c = p.chunk
        where = ", ".join(x for x in (f"p. {c.page}" if c.page else "", f"§ {c.section}" if c.section else "") if x)
        print(f"[{p.rank}] {c.title} ({c.publisher or 'unknown publisher'}, {c.published or 'undated'})"
              f"{' — ' + where if where else ''}  score {p.score:.3f}")
        print("    " + " ".join(c.text.split())[:400])
    return 0


def _result(query: str, passages) -> dict:
    return {"query": query, "results": [p.to_dict() for p in passages]}
