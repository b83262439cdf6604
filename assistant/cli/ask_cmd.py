"""Answer a question from the indexed documents, every claim cited to a verbatim passage.

When the documents do not answer it, the answer says so ("The documents don't say …") and is marked abstained.
"""

from __future__ import annotations

import argparse

from assistant.cli import CliError, add_filter_args, filters_from, print_json


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("question", help="the question")
    parser.add_argument("-k", type=int, default=None, help="passages to retrieve (default 8)")
    parser.add_argument("--json", action="store_true", help="print the answer object as JSON")
    add_filter_args(parser)


def run(args: argparse.Namespace) -> int:
    from assistant.ask import ask

    if not args.question.strip():
        raise CliError("the question is empty")
    answer = ask(args.question, filters=filters_from(args), k=args.k)
    if args.json:
        print_json(answer.to_dict())
        return 0
    print(answer.answer)
    if answer.notice:
        print(f"\n({answer.notice})")
    for c in answer.citations:
        where = ", ".join(x for x in (c.chunk.publisher, c.chunk.published, f"p. {c.chunk.page}" if c.chunk.page
                                      else None, f"§ {c.chunk.section}" if c.chunk.section else None) if x)
        print(f"\n[{c.n}] {c.chunk.title} — {where}\n    “{' '.join(c.quote.split())}”")
    print(f"\n(answered by {answer.answerer} in {answer.timings_ms['total']:.0f} ms)")
    return 0
