"""Eval runs on disk: `results.jsonl`, `metrics.json`, `report.md`; comparing two runs; the README table."""

from __future__ import annotations

import json
import platform
import re
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from assistant.settings import Settings, get_settings
from eval.harness import AnswerEvaluator, Scored, load_dataset, split_half

README_START = "<!-- eval-table:start -->"
README_END = "<!-- eval-table:end -->"


class EmptyIndexError(ValueError):
    """There is nothing to evaluate against."""


def require_index(catalog, settings: Settings) -> None:
    """Refuse to score an empty index (every answer would abstain and the run would look like a regression)."""
    if not catalog.counts()["chunks"]:
        raise EmptyIndexError(f"the index in {settings.home} is empty: run `ics-assistant ingest` first")


def run_eval(dataset: Path, out: Path, settings: Settings | None = None, half: str | None = None) -> dict[str, float]:
    """Answer every question of `dataset` in this process and write the run to `out`.

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
    require_index(retriever.store.catalog, settings)
    retriever.search("warm-up: load the model and indexes before anything is timed")
    catalog = retriever.store.catalog
    evaluator = AnswerEvaluator(items, catalog.document_text)
    result = evaluator(lambda q: ask(q, settings=settings))
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "results.jsonl", "w", encoding="utf-8") as fh:
        for s in evaluator.scored:
            row = {"id": s.item["id"], **s.answer.to_dict(), "passed": s.passed, "reason": s.reason,
                   "evidence_rank": s.recall_rank}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    meta = {"dataset": str(dataset), "half": half, "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "settings": _settings_dict(settings), "machine": f"{platform.machine()}, {platform.python_version()}"}
    (out / "metrics.json").write_text(json.dumps({"metrics": result, "run": meta}, indent=2))
    (out / "report.md").write_text(report(result, evaluator.scored, meta))
    return result


def _settings_dict(settings: Settings) -> dict:
    d = asdict(settings)
    d["home"] = str(d["home"])
    d.pop("llm_api_key", None)
    return d


def metrics_table(result: dict[str, float]) -> str:
    rows = ["| metric | value |", "|---|---|"]
    rows += [f"| {name} | {value:g} |" for name, value in result.items()]
    return "\n".join(rows)


def report(result: dict[str, float], scored: list[Scored], meta: dict) -> str:
    lines = [f"# Eval report: {meta['dataset']}", "", f"Run {meta['created']} on {meta['machine']}; answerer "
             f"{scored[0].answer.answerer if scored else '-'}.", "", metrics_table(result), "",
             "| id | result | why | evidence rank | words | ms |", "|---|---|---|---|---|---|"]
    for s in scored:
        lines.append(f"| {s.item['id']} | {'pass' if s.passed else 'FAIL'} | {s.reason} | {s.recall_rank or '-'} | "
                     f"{len(s.answer.answer.split())} | {s.answer.timings_ms['total']:.0f} |")
    return "\n".join(lines) + "\n"


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
