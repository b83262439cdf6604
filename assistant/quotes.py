"""The quote finder: quotes from the catalog, filtered by speaker or organisation and ranked by topic and
completeness; the speakers as two lists, people and organisations, each name in one canonical form."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

import numpy as np

from assistant.retrieval import get_retriever
from core.settings import Settings
from core.text import fold, tokenize
from core.types import Quote


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
    quotes, names = _all_quotes(retriever.store)
    if speaker or organisation:
        if speaker:
            quotes = [q for q in quotes if names.matches(speaker, q.speaker)]
        if organisation:
            quotes = [q for q in quotes if names.matches(organisation, q.organisation, q.speaker)]
    if query and quotes:
        quotes = _rank(query, quotes, retriever)
    return quotes[:k] if k else quotes


_INDEXED: dict[str, tuple[int, list[Quote], Speakers]] = {}  # home -> (index version, its quotes, their names)
_INDEXED_LOCK = threading.Lock()


def _all_quotes(store) -> tuple[list[Quote], Speakers]:
    """Every quote of the index and their speakers' names, read once per index version (a "what did X say"
    question read them all and regrouped every name each time: ~20 ms of each such question)."""
    key, version = str(store.settings.home), store.version
    with _INDEXED_LOCK:
        found = _INDEXED.get(key)
    if found is None or found[0] != version:
        quotes = store.quotes()
        found = (version, quotes, Speakers(quotes))
        with _INDEXED_LOCK:
            _INDEXED[key] = found
    return list(found[1]), found[2]


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
    scored = sorted(((completeness(q.text) * (0.6 * float(sim) + 0.4 * shared[q.quote_id]), q)
                     for q, sim in zip(pool, sims)), key=lambda t: -t[0])
    chosen = {q.quote_id for q in pool}
    rest = sorted((q for q in quotes if q.quote_id not in chosen), key=lambda q: -shared[q.quote_id])
    return [q for _, q in scored] + rest


#: Quotes of at least this many words count as complete; shorter ones are fragments ("best practice clinical
#: leadership models") and rank lower the shorter they are.
FULL_QUOTE_WORDS = 15


def completeness(text: str) -> float:
    """1.0 for a full statement; down to 0.5 for a one-word fragment (a factor on the topic score)."""
    return 0.5 + 0.5 * min(1.0, len(text.split()) / FULL_QUOTE_WORDS)


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


_ABBR = re.compile(r"^(?P<name>.+?)\s*\((?P<abbr>[A-Z][A-Za-z]{1,9})\)$")
_NOTE = re.compile(r"\s*\((?:letter|evidence|written evidence|statement|report)\)$", re.I)
_ROLE_TAIL = re.compile(r"\s+(?:chair|deputy chair|chief executive|registrar|president|director)$", re.I)
_ORG_WORDS = frozenset("""nhs association committee committees commissioners confederation confed providers network
journal care college council forum trust board group department government england review service services health
society union federation agency commission office institute fund foundation partnership system the""".split())


@dataclass(frozen=True)
class _Name:
    name: str
    abbr: str | None


class Speakers:
    """Every speaker and organisation named by the quotes, grouped so that one body has one name:
    "NHS Clinical Commissioners", "NHSCC" and "NHS Clinical Commissioners (NHSCC) (letter)" are all
    "NHS Clinical Commissioners (NHSCC)"; "BMA" is "British Medical Association (BMA)"."""

    def __init__(self, quotes: list[Quote]) -> None:
        raw = {n for q in quotes for n in (q.speaker, q.organisation) if n}
        parsed = {n: _parse(n) for n in raw}
        abbrs = {p.abbr: p.name for p in parsed.values() if p.abbr and p.abbr != p.name}
        bare = {p.name for p in parsed.values()}
        for p in parsed.values():  # "British Medical Association" is what "BMA" stands for
            initials = "".join(w[0] for w in p.name.split() if w[0].isupper())
            if not p.abbr and len(initials) >= 2 and len(p.name.split()) > 1 and initials in bare:
                abbrs.setdefault(initials, p.name)
        self._canon = {n: _display(p, abbrs) for n, p in parsed.items()}
        speakers = {q.speaker for q in quotes}
        self.people = sorted({self._canon[n] for n in speakers if is_person(n)})
        self.organisations = sorted({c for n, c in self._canon.items() if not is_person(n)} - set(self.people))

    def canonical(self, name: str | None) -> str:
        return self._canon.get(name or "", name or "")

    def matches(self, wanted: str, *names: str | None) -> bool:
        """Whether any of `names` (raw or canonical) contains `wanted` (case- and punctuation-insensitive)."""
        key = fold(wanted)
        return any(n and (key in fold(n) or key in fold(self.canonical(n))) for n in names)


def _parse(name: str) -> _Name:
    name = _ROLE_TAIL.sub("", _NOTE.sub("", " ".join(name.split())))
    m = _ABBR.match(name)
    if m:
        return _Name(m.group("name"), m.group("abbr"))
    if re.fullmatch(r"[A-Z][A-Za-z]{1,9}", name) and sum(c.isupper() for c in name) >= 2:
        return _Name(name, name)  # a bare acronym: "NHSCC", "BMA"
    return _Name(name, None)


def _display(p: _Name, abbrs: dict[str, str]) -> str:
    if p.abbr and p.abbr in abbrs and abbrs[p.abbr] != p.abbr:
        return f"{abbrs[p.abbr]} ({p.abbr})"
    for abbr, full in abbrs.items():
        if full == p.name and abbr != full:
            return f"{full} ({abbr})"
    return p.name


def is_person(name: str) -> bool:
    """A person's name: two to four capitalised words, none of them an organisation's word or an acronym."""
    words = re.sub(r"^(?:Dr|Professor|Prof|Sir|Dame|Mr|Mrs|Ms|Cllr|Lord|Baroness)\.?\s+", "", name).split()
    return (2 <= len(words) <= 4 and "(" not in name
            and all(w[0].isupper() and not w.isupper() and w.lower() not in _ORG_WORDS for w in words))


def speaker_lists(settings: Settings | None = None) -> tuple[list[str], list[str]]:
    """The people and the organisations who speak in the indexed quotes, each in one canonical form."""
    _, names = _all_quotes(get_retriever(settings).store)
    return names.people, names.organisations
