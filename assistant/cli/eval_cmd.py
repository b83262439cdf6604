"""Evaluate: `eval run` answers a dataset and writes results, metrics and a report; `eval compare` shows what
changed between two runs; `eval diff` puts two runs side by side, question by question (answer, pass/fail,
citations); `eval quotes` scores the quote finder on speaker/quote pairs; `eval boards` scores the board tables
against hand-made gold rows."""

from __future__ import annotations

import argparse
from pathlib import Path

from assistant.cli import CliError, print_json


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    run_p = sub.add_parser("run", help="answer every question of a dataset")
    run_p.add_argument("--dataset", type=Path, required=True, help="JSONL questions (see eval/datasets/dev.jsonl)")
    run_p.add_argument("--out", type=Path, required=True, help="folder for results.jsonl, metrics.json, report.md")
    run_p.add_argument("--readme", type=Path, help="also update this README's eval table")
    run_p.add_argument("--half", choices=("tune", "report"),
                       help="only one fixed half of the questions (by a hash of their ids): tune on one, report the other")
    run_p.add_argument("--json", action="store_true", help="print the metrics as JSON")
    cmp_p = sub.add_parser("compare", help="show what changed between two runs")
    cmp_p.add_argument("run_a", type=Path)
    cmp_p.add_argument("run_b", type=Path)
    diff_p = sub.add_parser("diff", help="two runs side by side: each question's answer, pass/fail and citations")
    diff_p.add_argument("run_a", type=Path, metavar="RUN_A")
    diff_p.add_argument("run_b", type=Path, metavar="RUN_B")
    diff_p.add_argument("--changed", action="store_true", help="only the questions whose answer or result differ")
    diff_p.add_argument("--width", type=int, help="line width (default: the terminal's)")
    diff_p.add_argument("--json", action="store_true", help="print [{id, question, a, b, changed}] as JSON")
    q_p = sub.add_parser("quotes", help="score the quote finder")
    q_p.add_argument("--dataset", type=Path, required=True, help="JSONL speaker/quote pairs")
    q_p.add_argument("--json", action="store_true", help="print the metrics as JSON")
    b_p = sub.add_parser("boards", help="score the board tables against gold rows")
    b_p.add_argument("--dataset", type=Path, required=True, help="JSONL gold rows (see eval/datasets/boards_gold.jsonl)")
    b_p.add_argument("--half", choices=("tune", "report"), help="only one fixed half of the documents")
    b_p.add_argument("--json", action="store_true", help="print the metrics as JSON")


def run(args: argparse.Namespace) -> int:
    if args.action == "run":
        return _run(args)
    if args.action == "compare":
        from eval.runs import compare

        try:
            print(compare(args.run_a, args.run_b))
        except ValueError as exc:
            raise CliError(str(exc)) from None
        return 0
    if args.action == "diff":
        return _diff(args)
    if args.action == "boards":
        from eval.boards_eval import evaluate_boards

        try:
            result = evaluate_boards(args.dataset, half=args.half)
        except ValueError as exc:
            raise CliError(str(exc)) from None
        _print_metrics(result, args.json)
        return 0
    from eval.quotes_eval import evaluate_quotes

    try:
        result = evaluate_quotes(args.dataset)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    _print_metrics(result, args.json)
    return 0


def _run(args: argparse.Namespace) -> int:
    from eval.harness import DatasetError
    from eval.runs import run_eval, update_readme
    from vectorstore import EmptyIndexError

    try:
        result = run_eval(args.dataset, args.out, half=args.half)
    except (DatasetError, EmptyIndexError) as exc:
        raise CliError(str(exc)) from None
    if args.readme:
        update_readme(args.readme, result, args.dataset)
    _print_metrics(result, args.json)
    if not args.json:
        print(f"\nwrote {args.out}/results.jsonl, metrics.json, report.md")
    return 0


def _diff(args: argparse.Namespace) -> int:
    from eval.runs import diff_runs, format_diff

    try:
        rows = diff_runs(args.run_a, args.run_b)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    if args.json:
        print_json(rows)
    else:
        print(format_diff(rows, args.run_a, args.run_b, width=args.width, changed_only=args.changed), end="")
    return 0


def _print_metrics(result: dict, as_json: bool) -> None:
    if as_json:
        print_json(result)
    else:
        for name, value in result.items():
            print(f"{name:24} {value:g}")
