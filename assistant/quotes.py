"""The quote finder: quotes from the catalog, filtered by speaker or organisation and ranked by topic."""

from __future__ import annotations

import numpy as np

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
        quotes = _rank(query, quotes, retriever)
    return quotes[:k] if k else quotes


#: A topic search embeds at most about this many quotes: those inside the chunks the retriever finds for the
#: topic, then the best by shared words. Each quote's words and vector are computed once per process.
EMBED_POOL = 200
_CACHE_LIMIT = 100_000
_words: dict[tuple[str, str], frozenset[str]] = {}
_vectors: dict[tuple[str, str, str], np.ndarray] = {}


def _rank(query: str, quotes: list[Quote], retriever) -> list[Quote]:
    """Quotes best on topic first: 0.6 × cosine to the query + 0.4 × the share of the query's words they hold.
    Beyond EMBED_POOL quotes only a pool is scored semantically; the rest follow by shared words."""
    terms = set(tokenize(query))
    shared = {q.quote_id: len(terms & _quote_words(q)) / (len(terms) or 1) for q in quotes}
    pool = quotes
    if len(quotes) > EMBED_POOL:
        near: dict[str, list[tuple[int, int]]] = {}
        for passage in retriever.search(query, k=50):
            near.setdefault(passage.chunk.doc_id, []).append((passage.chunk.start, passage.chunk.end))
        inside = [q for q in quotes if any(s < q.end and q.start < e for s, e in near.get(q.doc_id, ()))]
        by_words = sorted(quotes, key=lambda q: -shared[q.quote_id])[:EMBED_POOL]
        pool = list({q.quote_id: q for q in inside + by_words}.values())
    sims = _quote_vectors(pool, retriever.embedder) @ retriever.query_vector(query)
    scored = sorted(((0.6 * float(sim) + 0.4 * shared[q.quote_id], q) for q, sim in zip(pool, sims)),
                    key=lambda t: -t[0])
    chosen = {q.quote_id for q in pool}
    rest = sorted((q for q in quotes if q.quote_id not in chosen), key=lambda q: -shared[q.quote_id])
    return [q for _, q in scored] + rest


def _quote_words(q: Quote) -> frozenset[str]:
    key = (q.quote_id, q.text)
    words = _words.get(key)
    if words is None:
        if len(_words) > _CACHE_LIMIT:
            _words.clear()
        words = _words[key] = frozenset(tokenize(q.text + " " + q.speaker))
    return words


def _quote_vectors(quotes: list[Quote], embedder) -> np.ndarray:
    keys = [(embedder.name, q.quote_id, q.text) for q in quotes]
    out = [_vectors.get(key) for key in keys]
    todo = [i for i, vector in enumerate(out) if vector is None]
    if todo:
        if len(_vectors) > _CACHE_LIMIT:
            _vectors.clear()
        for i, vector in zip(todo, embedder.embed([quotes[i].text for i in todo])):
            out[i] = _vectors[keys[i]] = vector
    return np.array(out, dtype=np.float32).reshape(len(keys), -1)


def reference(q: Quote) -> str:
    """A publication-ready reference: “quote” — speaker, role, title, publisher, date, page, § section."""
    who = q.speaker + (f", {q.role}" if q.role and q.role != "written evidence" else "")
    where = ", ".join(x for x in (q.title, q.publisher, q.published, f"p. {q.page}" if q.page else None,
                                  f"§ {q.section}" if q.section else None) if x)
    return f"“{' '.join(q.text.split())}” — {who}; {where}"
