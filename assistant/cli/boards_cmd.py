"""Who sits on an ICB's board: one row per role (category, count, name, voting, nominated by), each cited
word for word, read from constitutions, board pages and minutes at ingest.

NAME matches part of an ICB's name, in any case ("dorset", "Derby"); without it, every ICB with a board.
Where two documents disagree, both rows are shown with their dates.
"""

from __future__ import annotations

import argparse

from assistant.cli import CliError, print_json


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", nargs="?", metavar="NAME", help="part of an ICB's name (case-insensitive)")
    parser.add_argument("--json", action="store_true", help='print {"boards": [...]}')


def run(args: argparse.Namespace) -> int:
    from assistant.boards import BoardsError, board_text, list_boards

    try:
        boards = list_boards(args.name)
    except BoardsError as exc:
        raise CliError(str(exc)) from None
    if args.json:
        print_json({"boards": [b.to_dict() for b in boards]})
        return 0
    if not boards:
        print("No board composition found: ingest ICB constitutions, board pages or minutes first.")
    print("\n\n".join(board_text(b) for b in boards))
    return 0
