"""The quote finder: quotes from the catalog, filtered by speaker or organisation and ranked by topic."""

from __future__ import annotations

from assistant.retrieval import get_retriever
from assistant.settings import Settings
from assistant.text import fold, tokenize
from assistant.types import Quote


def find_quotes(query: str | None = None, speaker: str | None = None, organisation: str | None = None,
                k: int | None = None, settings: Settings | None = None) -> list[Quote]:
    """Quotes matching the filters; ranked by relevance to `query` (keyword and semantic) when one is given.

    Args:
        query: a topic; None lists quotes in document order.
        speaker: part of the speaker's name (or of the organisation speaking), case-insensitive.
        organisation: part of the organisation's name.
        k: at most this many.
    """
    retriever = get_retriever(settings)
    quotes = retriever.store.catalog.quotes()
    if speaker:
        key = fold(speaker)
        quotes = [q for q in quotes if key in fold(q.speaker)]
    if organisation:
        key = fold(organisation)
        quotes = [q for q in quotes if key in fold(q.organisation or "") or key in fold(q.speaker)]
    if query and quotes:
        quotes = _rank(query, quotes, retriever.embedder)
    return quotes[:k] if k else quotes


def _rank(query: str, quotes: list[Quote], embedder) -> list[Quote]:
    terms = set(tokenize(query))
    vectors = embedder.embed([query] + [q.text for q in quotes])
    sims = vectors[1:] @ vectors[0]
    scored = []
    for q, sim in zip(quotes, sims):
        overlap = len(terms & set(tokenize(q.text + " " + q.speaker))) / (len(terms) or 1)
        scored.append((0.6 * float(sim) + 0.4 * overlap, q))
    return [q for _, q in sorted(scored, key=lambda t: -t[0])]


def reference(q: Quote) -> str:
    """A publication-ready reference: “quote” — speaker, role, title, publisher, date, page, § section."""
    who = q.speaker + (f", {q.role}" if q.role and q.role != "written evidence" else "")
    where = ", ".join(x for x in (q.title, q.publisher, q.published, f"p. {q.page}" if q.page else None,
                                  f"§ {q.section}" if q.section else None) if x)
    return f"“{' '.join(q.text.split())}” — {who}; {where}"
