"""Scoring board tables against gold rows written by hand from the documents (`eval/datasets/boards_gold.jsonl`).

Each gold line is one (ICB, document): the rows a reader of that document would put in the ICB's board table.
A gold row is matched to at most one row the tool read from the same document for the same ICB: by the person's
name when the gold row has one, else by the words of the role and its quote. On matched rows the category,
count (with "at least"), name and vote are compared; rows the tool read from documents with no gold line (the
gold says they state no board) count against precision.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from core.icb import same_icb
from core.settings import Settings, get_settings
from core.text import fold
from ingest.boards import POSTNOMINAL

_STOP = {"the", "of", "and", "a", "an", "for", "to", "in", "on", "by", "from", "with", "member", "members"}


def _words(text: str | None) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", fold(text or "")) if w not in _STOP}


def _surname(name: str | None) -> str:
    """The last word of a name that is not a post-nominal ("Rob Roe CBE" → "roe")."""
    words = [w for w in re.findall(r"[A-Za-z]+", fold(name or "", lower=False)) if not POSTNOMINAL.match(w)]
    return words[-1].lower() if words else ""


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _match_score(gold: dict, row: dict) -> float:
    """How surely a tool row states a gold row: 0 when it does not."""
    if gold.get("name"):
        return 3.0 if _surname(gold["name"]) == _surname(row.get("name")) else 0.0
    if row.get("name"):
        return 0.0
    role = _overlap(_words(gold["role"]), _words(row["role"]))
    quote = _overlap(_words(gold["quote"]), _words(row["citation"]["quote"]))
    score = max(role, 0.5 * quote) + (0.5 if gold["category"] == row["category"] else 0.0)
    return score if score >= 0.5 else 0.0


def score_document(gold: dict, rows: list[dict]) -> dict[str, list]:
    """Pairs (gold row, tool row or None) and the tool rows left unmatched, for one gold line: the surest
    pairs first, so that a row is not taken by a weaker match before its own."""
    scores = sorted(((_match_score(g, r), i, j) for i, g in enumerate(gold["members"]) for j, r in enumerate(rows)),
                    reverse=True)
    taken_gold: dict[int, int] = {}
    taken_rows: set[int] = set()
    for score, i, j in scores:
        if score > 0 and i not in taken_gold and j not in taken_rows:
            taken_gold[i] = j
            taken_rows.add(j)
    pairs = [(g, rows[taken_gold[i]] if i in taken_gold else None) for i, g in enumerate(gold["members"])]
    return {"pairs": pairs, "extra": [r for j, r in enumerate(rows) if j not in taken_rows]}


def evaluate_boards(dataset: Path, settings: Settings | None = None, half: str | None = None,
                    details: bool = False) -> dict:
    """Row recall and precision, and on matched rows the share with the right category, count, name and vote."""
    from assistant.boards import list_boards
    from eval.harness import split_half

    try:
        golds = [json.loads(line) for line in Path(dataset).read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, ValueError) as exc:
        raise ValueError(f"{dataset}: cannot read: {exc}") from None
    if half:
        golds = [g for g in split_half([{**g, "id": g["source"]} for g in golds], half)]
    settings = get_settings(settings)
    rows = [{**m.to_dict(), "icb": b.icb} for b in list_boards(settings=settings) for m in b.members]
    all_sources = {json.loads(line)["source"] for line in Path(dataset).read_text(encoding="utf-8").splitlines()
                   if line.strip()}
    matched = total_gold = 0
    right = {"category": [0, 0], "count": [0, 0], "name": [0, 0], "voting": [0, 0], "all": [0, 0]}
    extra, wrong = [], []
    for gold in golds:
        mine = [r for r in rows if r["citation"]["source"] == gold["source"] and same_icb(r["icb"], gold["icb"])]
        scored = score_document(gold, mine)
        extra += scored["extra"]
        for g, r in scored["pairs"]:
            total_gold += 1
            if r is None:
                wrong.append({"source": gold["source"], "gold": g, "row": None})
                continue
            matched += 1
            checks = {"category": g["category"] == r["category"],
                      "count": (g["count"], bool(g["at_least"])) == (r["count"], bool(r["at_least"])),
                      "name": _surname(g.get("name")) == _surname(r.get("name"))}
            if g.get("voting") is not None:
                checks["voting"] = g["voting"] == r["voting"]
            checks["all"] = checks["category"] and checks["count"] and checks["name"]
            for key, ok in checks.items():
                right[key][0] += ok
                right[key][1] += 1
            if not checks["all"]:
                wrong.append({"source": gold["source"], "gold": g, "row": r})
    # rows from documents that the gold says state no board at all (in the same half)
    unclaimed = [r for r in rows if r["citation"]["source"] not in all_sources
                 and (not half or split_half([{"id": r["citation"]["source"]}], half))]
    predicted = matched + len(extra) + len(unclaimed)
    result = {
        "documents": float(len(golds)), "gold_rows": float(total_gold), "rows": float(predicted),
        "row_recall": round(matched / (total_gold or 1), 4),
        "row_precision": round(matched / (predicted or 1), 4),
        **{f"{key}_accuracy": round(right[key][0] / right[key][1], 4)
           for key in ("category", "count", "name", "voting") if right[key][1]},
        "rows_fully_right": round(right["all"][0] / (total_gold or 1), 4),
    }
    if details:
        result["wrong"] = wrong
        result["extra"] = [*extra, *unclaimed]
    return result
