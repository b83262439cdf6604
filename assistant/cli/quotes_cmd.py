"""Find who said what, word for word: quotes attributed to their speakers, with their sources.

With no arguments, lists every quote. A QUERY ranks quotes by topic; --speaker and --organisation filter.
"""

from __future__ import annotations

import argparse

from assistant.cli import print_json


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="?", help="topic to rank quotes by")
    parser.add_argument("--speaker", help="only quotes by this person or body (part of the name is enough)")
    parser.add_argument("--organisation", help="only quotes whose organisation matches")
    parser.add_argument("-k", type=int, default=None, help="at most this many quotes")
    parser.add_argument("--json", action="store_true", help='print {"quotes": [...]}')


def run(args: argparse.Namespace) -> int:
    from assistant.quotes import find_quotes, reference

    quotes = find_quotes(args.query, speaker=args.speaker, organisation=args.organisation, k=args.k)
    if args.json:
        print_json({"quotes": [q.to_dict() for q in quotes]})
        return 0
    if not quotes:
        print("No quotes found.")
    for q in quotes:
        print(reference(q) + "\n")
    return 0
