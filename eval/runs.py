"""Eval runs on disk: `results.jsonl`, `metrics.json`, `report.md`, an evaluator's `marks.json` beside them and
their export; comparing two runs (metrics, or question by question side by side); the README table."""

from __future__ import annotations

import csv
import json
import os
import platform
import re
import shutil
import textwrap
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from core.settings import Settings, get_settings
from eval.harness import AnswerEvaluator, Scored, load_dataset, split_half

README_START = "<!-- eval-table:start -->"
README_END = "<!-- eval-table:end -->"




def run_eval(dataset: Path, out: Path, settings: Settings | None = None,
             on_answer: Callable[[int, int], None] | None = None, half: str | None = None) -> dict[str, float]:
    """Answer every question of `dataset` in this process and write the run to `out`.

    Args:
        on_answer: called with (questions answered, questions in all) after each answer, for a progress display.
        half: "tune" or "report" to answer only that fixed half of the questions (`eval.harness.split_half`).

    Raises:
        DatasetError: the dataset cannot be read.
        EmptyIndexError: nothing has been ingested.
    """
    from assistant.ask import ask
    from assistant.retrieval import get_retriever

    settings = get_settings(settings)
    items = load_dataset(dataset)
    if half:
        items = split_half(items, half)
    retriever = get_retriever(settings)
    retriever.store.require_documents()  # an empty index would make every answer abstain: a false regression
    retriever.search("warm-up: load the model and indexes before anything is timed")
    evaluator = AnswerEvaluator(items, retriever.store.document_text)
    done = 0

    def answer(question: str):
        nonlocal done
        result = ask(question, settings=settings)
        done += 1
        if on_answer:
            on_answer(done, len(items))
        return result

    result = evaluator(answer)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "results.jsonl", "w", encoding="utf-8") as fh:
        for s in evaluator.scored:
            row = {"id": s.item["id"], **s.answer.to_dict(), "passed": s.passed, "reason": s.reason,
                   "evidence_rank": s.recall_rank, "expected": s.item.get("answer", "")}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    meta = {"dataset": str(dataset), "half": half, "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "settings": _settings_dict(settings), "machine": f"{platform.machine()}, {platform.python_version()}"}
    (out / "metrics.json").write_text(json.dumps({"metrics": result, "run": meta}, indent=2))
    (out / "report.md").write_text(report(result, evaluator.scored, meta))
    return result


def _settings_dict(settings: Settings) -> dict:
    d = {k: str(v) if isinstance(v, Path) else v for k, v in asdict(settings).items()}
    d.pop("llm_api_key", None)
    d["settings_id"] = settings.fingerprint()  # the id every answer of the run carries
    return d


def metrics_table(result: dict[str, float]) -> str:
    rows = ["| metric | value |", "|---|---|"]
    rows += [f"| {name} | {value:g} |" for name, value in result.items()]
    return "\n".join(rows)


def report(result: dict[str, float], scored: list[Scored], meta: dict) -> str:
    lines = [f"# Eval report: {Path(meta['dataset']).name}", "", f"Run {meta['created']} on {meta['machine']}; "
             f"answerer {scored[0].answer.answerer if scored else '-'}.", "", metrics_table(result), "",
             "| id | question | result | why | evidence rank | words | ms |", "|---|---|---|---|---|---|---|"]
    for s in scored:
        lines.append(f"| {s.item['id']} | {_cell(s.item['question'])} | {'pass' if s.passed else 'FAIL'} | "
                     f"{_cell(s.reason)} | {s.recall_rank or '-'} | {len(s.answer.answer.split())} | "
                     f"{s.answer.timings_ms['total']:.0f} |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def compare(dir_a: Path, dir_b: Path) -> str:
    """What changed between two runs, metric by metric and question by question."""
    a, b = _load_run(dir_a), _load_run(dir_b)
    lines = [f"A: {dir_a}", f"B: {dir_b}", "", "| metric | A | B | change |", "|---|---|---|---|"]
    for name in a["metrics"]:
        va, vb = a["metrics"][name], b["metrics"].get(name)
        delta = "" if vb is None else f"{vb - va:+g}"
        lines.append(f"| {name} | {va:g} | {'-' if vb is None else f'{vb:g}'} | {delta} |")
    lines += ["", "Questions whose result changed:"]
    changed = 0
    for qid, ra in a["results"].items():
        rb = b["results"].get(qid)
        if rb is None or ra["passed"] != rb["passed"] or ra["answer"] != rb["answer"]:
            changed += 1
            lines.append(f"- {qid}: {'pass' if ra['passed'] else 'FAIL'} → "
                         f"{'-' if rb is None else ('pass' if rb['passed'] else 'FAIL')}"
                         f"{'' if rb is None else ' (' + rb['reason'] + ')'}")
    if not changed:
        lines.append("- none")
    return "\n".join(lines)


def _load_run(folder: Path) -> dict:
    try:
        metrics = json.loads((folder / "metrics.json").read_text())["metrics"]
        results = {}
        for line in (folder / "results.jsonl").read_text().splitlines():
            row = json.loads(line)
            results[row["id"]] = row
    except (OSError, ValueError, KeyError) as exc:
        raise ValueError(f"{folder}: not an eval run ({exc})") from None
    return {"metrics": metrics, "results": results}


def update_readme(readme: Path, result: dict[str, float], dataset: Path) -> None:
    """Replace the README's eval table (between its markers) with this run's metrics."""
    text = readme.read_text(encoding="utf-8")
    table = f"{README_START}\nDev set `{dataset.name}`, extractive answerer:\n\n{metrics_table(result)}\n{README_END}"
    pattern = re.compile(re.escape(README_START) + ".*?" + re.escape(README_END), re.S)
    text = pattern.sub(lambda _: table, text) if pattern.search(text) else text + "\n" + table + "\n"
    readme.write_text(text, encoding="utf-8")


# --- an evaluator's marks, kept beside the run ---------------------------------------------------------------

MARKS_FILE = "marks.json"
MARKS = ("correct", "partly", "incorrect")
REVIEW_COLUMNS = ["id", "result", "why", "question", "answer", "citations", "mark", "comment", "expected"]


def load_marks(run: Path) -> dict[str, dict[str, str]]:
    """The marks saved for a run: question id → {"mark", "comment"} (empty when none)."""
    try:
        marks = json.loads((run / MARKS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return marks if isinstance(marks, dict) else {}


def save_mark(run: Path, qid: str, mark: str | None, comment: str | None) -> dict[str, dict[str, str]]:
    """Record (or clear) one question's mark beside the run, written atomically; returns all marks."""
    if mark and mark not in MARKS:
        raise ValueError(f"mark must be one of {', '.join(MARKS)}")
    marks = load_marks(run)
    if mark or comment:
        marks[qid] = {"mark": mark or "", "comment": comment or ""}
    else:
        marks.pop(qid, None)
    tmp = run / f".{MARKS_FILE}.tmp"
    tmp.write_text(json.dumps(marks, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, run / MARKS_FILE)
    return marks


def review_rows(run: Path) -> list[dict[str, str]]:
    """One row per question: its result, answer, citations and the evaluator's mark and comment."""
    loaded, marks = _load_run(run), load_marks(run)
    rows = []
    for qid, r in loaded["results"].items():
        mark = marks.get(qid, {})
        rows.append({"id": qid, "result": "pass" if r["passed"] else "FAIL", "why": r.get("reason", ""),
                     "question": r["question"], "answer": r["answer"], "citations": citations_text(r),
                     "mark": mark.get("mark", ""), "comment": mark.get("comment", ""),
                     "expected": r.get("expected", "")})
    return rows


def citations_text(result: dict) -> str:
    """A result's citations, one per line: "[n] title, p. N, § S"."""
    lines = []
    for c in result.get("citations", []):
        where = ", ".join(x for x in (f"p. {c['page']}" if c.get("page") else "",
                                      f"§ {c['section']}" if c.get("section") else "") if x)
        lines.append(f"[{c['n']}] {c['title']}" + (f", {where}" if where else ""))
    return "\n".join(lines)


def export_review(run: Path) -> tuple[Path, Path]:
    """Write the marked run as `review.csv` and `review.jsonl` inside the run's folder; returns both paths."""
    rows = review_rows(run)
    csv_path, jsonl_path = run / "review.csv", run / "review.jsonl"
    with open(csv_path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=REVIEW_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    jsonl_path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return csv_path, jsonl_path


def list_runs(folder: Path) -> list[Path]:
    """The runs inside `folder`, newest first."""
    if not folder.is_dir():
        return []
    runs = [p for p in folder.iterdir() if (p / "results.jsonl").is_file() and (p / "metrics.json").is_file()]
    return sorted(runs, key=lambda p: p.name, reverse=True)


# --- two runs side by side -------------------------------------------------------------------------------------


def diff_runs(dir_a: Path, dir_b: Path) -> list[dict]:
    """Question by question: each run's answer, pass/fail and citations, and whether anything changed.

    Raises:
        ValueError: a folder is not an eval run.
    """
    a, b = _load_run(dir_a)["results"], _load_run(dir_b)["results"]
    rows = []
    for qid in list(a) + [q for q in b if q not in a]:
        ra, rb = a.get(qid), b.get(qid)
        sides = [_side(r) for r in (ra, rb)]
        rows.append({"id": qid, "question": (ra or rb)["question"], "a": sides[0], "b": sides[1],
                     "changed": sides[0] != sides[1]})
    return rows


def _side(result: dict | None) -> dict | None:
    if result is None:
        return None
    return {"result": "pass" if result["passed"] else "FAIL", "reason": result.get("reason", ""),
            "answer": result["answer"], "citations": citations_text(result)}


def format_diff(rows: list[dict], dir_a: Path, dir_b: Path, width: int | None = None,
                changed_only: bool = False) -> str:
    """The diff as text: per question, A and B in two columns (answer, pass/fail, citations)."""
    width = width or max(80, shutil.get_terminal_size((120, 40)).columns)
    col = (width - 3) // 2
    changed = sum(r["changed"] for r in rows)
    out = [_two(f"A: {dir_a}", f"B: {dir_b}", col),
           f"{len(rows)} questions, {changed} differ" + (" (showing those)" if changed_only else ""), ""]
    for r in rows:
        if changed_only and not r["changed"]:
            continue
        out.append(f"{'≠' if r['changed'] else '='} {r['id']}: {r['question']}")
        out.append(_two(*(_side_text(r[k]) for k in ("a", "b")), col))
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _side_text(side: dict | None) -> str:
    if side is None:
        return "(not in this run)"
    why = f" ({side['reason']})" if side["result"] == "FAIL" and side["reason"] else ""
    return f"{side['result']}{why}\n{side['answer']}\n{side['citations']}".rstrip()


def _two(left: str, right: str, col: int) -> str:
    """Two texts as wrapped columns of width `col`, separated by " │ "."""
    lw = [w for line in left.splitlines() for w in (textwrap.wrap(line, col) or [""])]
    rw = [w for line in right.splitlines() for w in (textwrap.wrap(line, col) or [""])]
    lw += [""] * (len(rw) - len(lw))
    rw += [""] * (len(lw) - len(rw))
    return "\n".join(f"{a:<{col}} │ {b}".rstrip() for a, b in zip(lw, rw))
