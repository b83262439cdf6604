"""Scoring the quote finder on speaker/quote pairs: found rate, attribution accuracy, verbatim rate."""

from __future__ import annotations

import json
from pathlib import Path

from core.settings import Settings, get_settings
from core.text import fold


def evaluate_quotes(dataset: Path, settings: Settings | None = None) -> dict[str, float]:
    """For each {speaker_any, quote_fragment, source}: is a stored quote holding the fragment found (in that
    source), is it attributed to one of the speakers, and is every stored quote verbatim in its document."""
    from assistant.retrieval import get_retriever

    try:
        pairs = [json.loads(line) for line in Path(dataset).read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, ValueError) as exc:
        raise ValueError(f"{dataset}: cannot read: {exc}") from None
    settings = get_settings(settings)
    store = get_retriever(settings).store
    store.require_documents()
    quotes = store.quotes()
    found = attributed = 0
    for pair in pairs:
        fragment = fold(pair["quote_fragment"])
        hits = [q for q in quotes if fragment in fold(q.text) and (not pair.get("source") or q.source == pair["source"])]
        found += bool(hits)
        names = [fold(s) for s in pair.get("speaker_any", [])]
        attributed += any(n in fold(f"{q.speaker} {q.organisation or ''}") for q in hits for n in names)
    texts: dict[str, str | None] = {}
    verbatim = 0
    for q in quotes:
        if q.doc_id not in texts:
            texts[q.doc_id] = store.document_text(q.doc_id)
        verbatim += (texts[q.doc_id] or "")[q.start : q.end] == q.text
    n = len(pairs) or 1
    return {"pairs": float(len(pairs)), "found_rate": round(found / n, 4),
            "attribution_accuracy": round(attributed / n, 4),
            "verbatim_rate": round(verbatim / (len(quotes) or 1), 4), "quotes": float(len(quotes))}
