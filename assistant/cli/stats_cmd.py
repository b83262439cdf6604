"""Count the documents, chunks and quotes in the index."""

from __future__ import annotations

import argparse

from assistant.cli import print_json


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print as JSON")
    parser.add_argument("--documents", action="store_true", help="also list the documents")


def run(args: argparse.Namespace) -> int:
    from assistant.library import index_stats

    stats = index_stats(with_documents=args.documents)
    if args.json:
        print_json(stats)
        return 0
    print(f"{stats['documents']} documents, {stats['chunks']} chunks, {stats['quotes']} quotes in {stats['home']}")
    for doc in stats.get("document_list", []):
        print(f"  {doc['source']}: {doc['title']} ({doc['publisher'] or 'no publisher'}, "
              f"{doc['published'] or 'undated'}) — {doc['chunks']} chunks")
    return 0
