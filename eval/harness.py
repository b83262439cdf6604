"""Evaluation: answer every question of a dataset in one process, score it, write results, metrics and a report.

The dataset format is one JSON object per line: `id`, `question`, `answer` (reference), `must_include` (groups
of alternatives; each group needs one alternative in the answer), `evidence` ([{source, quote}]), `answerable`.
`AnswerEvaluator` is a plain object: called on an answer function, it returns `dict[str, float]`.
"""

from __future__ import annotations

import hashlib
import json
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from core.text import covers, fold
from core.types import Answer


class DatasetError(Exception):
    """A dataset line is malformed; the message names the file, line and field."""


def load_dataset(path: Path) -> list[dict]:
    """Read and check a dataset file."""
    items = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DatasetError(f"{path}: cannot read: {exc}") from None
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DatasetError(f"{path}:{n}: not JSON: {exc.msg}") from None
        for field in ("id", "question"):
            if not isinstance(item.get(field), str) or not item[field].strip():
                raise DatasetError(f"{path}:{n}: field '{field}' is missing or empty")
        item.setdefault("must_include", [])
        item.setdefault("evidence", [])
        item.setdefault("answerable", True)
        items.append(item)
    return items


HALVES = ("tune", "report")


def split_half(items: list[dict], half: str) -> list[dict]:
    """One fixed half of a dataset, by a hash of each question's id: tune on "tune", report "report".

    The split is the same on every machine and does not move when questions are added, so a number reported on
    the "report" half was never looked at while tuning.
    """
    if half not in HALVES:
        raise DatasetError(f"half must be one of {', '.join(HALVES)}, not {half!r}")
    want = HALVES.index(half)
    return [it for it in items if hashlib.sha1(it["id"].encode()).digest()[0] % 2 == want]


@dataclass
class Scored:
    """One question's answer and its scores."""

    item: dict
    answer: Answer
    passed: bool
    reason: str
    recall_rank: int | None  # rank of the first retrieved passage covering the evidence
    citation_support: bool | None
    quotes_verbatim: bool


def score(item: dict, answer: Answer, document_text: Callable[[str], str | None]) -> Scored:
    """Score one answer against its dataset item."""
    evidence = [e.get("quote", "") for e in item.get("evidence", []) if e.get("quote")]
    rank = next((p.rank for p in answer.retrieved if any(covers(p.chunk.text, q) for q in evidence)), None)
    support = None
    if item["answerable"] and evidence:
        support = any(covers(c.chunk.text, q) for c in answer.citations for q in evidence)
    verbatim = all((document_text(c.chunk.doc_id) or "")[c.start : c.end] == c.quote for c in answer.citations)
    passed, reason = _judge(item, answer)
    return Scored(item, answer, passed, reason, rank, support, verbatim)


def _judge(item: dict, answer: Answer) -> tuple[bool, str]:
    if not item["answerable"]:
        return (True, "abstained") if answer.abstained else (False, "answered an unanswerable question")
    if answer.abstained:
        return False, "abstained, but the documents answer it"
    text = fold(answer.answer)
    missing = [group for group in item["must_include"] if not any(fold(alt) in text for alt in group)]
    if missing:
        return False, "missing " + "; ".join(" or ".join(repr(a) for a in g) for g in missing)
    return True, "all required facts present"


def metrics(scored: list[Scored]) -> dict[str, float]:
    """The run's metrics; `answer_accuracy` is the primary one."""
    answerable = [s for s in scored if s.item["answerable"]]
    with_evidence = [s for s in answerable if s.item.get("evidence")]
    unanswerable = [s for s in scored if not s.item["answerable"]]
    words = [len(s.answer.answer.split()) for s in scored if not s.answer.abstained]
    totals = sorted(s.answer.timings_ms["total"] for s in scored)
    cited = [s for s in with_evidence if s.citation_support is not None and not s.answer.abstained]
    return {
        "questions": float(len(scored)),
        "answer_accuracy": _mean(s.passed for s in answerable),
        "retrieval_recall@1": _mean(s.recall_rank == 1 for s in with_evidence),
        "retrieval_recall@5": _mean(s.recall_rank is not None and s.recall_rank <= 5 for s in with_evidence),
        "retrieval_mrr": _mean((1 / s.recall_rank) if s.recall_rank else 0.0 for s in with_evidence),
        "citation_support": _mean(s.citation_support for s in cited),
        "quote_verbatim_rate": _mean(s.quotes_verbatim for s in scored),
        "abstention_accuracy": _mean(s.answer.abstained for s in unanswerable),
        "false_abstentions": float(sum(s.answer.abstained for s in answerable)),
        "answer_words_median": float(statistics.median(words)) if words else 0.0,
        "answer_words_max": float(max(words)) if words else 0.0,
        "latency_ms_p50": _percentile(totals, 50),
        "latency_ms_p95": _percentile(totals, 95),
    }


def _mean(values) -> float:
    values = [float(v) for v in values]
    return round(sum(values) / len(values), 4) if values else 0.0


def _percentile(sorted_values: list[float], pct: float) -> float:
    if not sorted_values:
        return 0.0
    k = (len(sorted_values) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(sorted_values) - 1)
    return round(sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo), 1)


class AnswerEvaluator:
    """Called on an answer function (question -> Answer), returns the metrics of the dataset's questions."""

    def __init__(self, items: list[dict], document_text: Callable[[str], str | None]) -> None:
        self.items = items
        self.document_text = document_text
        self.scored: list[Scored] = []

    def __call__(self, answer_fn: Callable[[str], Answer]) -> dict[str, float]:
        self.scored = [score(item, answer_fn(item["question"]), self.document_text) for item in self.items]
        return metrics(self.scored)
