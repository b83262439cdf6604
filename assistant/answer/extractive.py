"""The default answerer: no LLM. It picks, from the retrieved passages, the sentences that answer the question
and joins them, verbatim, each with its citation marker — or says plainly that the documents don't say.

A sentence's score mixes IDF-weighted overlap with the question (in the sentence, and in its passage and
context), dense similarity to the question, whether it carries the kind of answer asked for (a number for
"how many", a date for "when", a name for "who", quoted words for "what did X say"), and its passage's rank.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

import numpy as np

from assistant.answer.base import SENTINEL, Draft, Span, compose
from assistant.answer.question import QuestionInfo, analyse, type_match
from assistant.glossary import concepts
from assistant.text import fold, sentence_spans, tokenize
from assistant.types import Passage

MAX_WORDS = 160  # hard cap on an answer's length
SIMILARITY_POOL = 16  # sentences whose dense similarity to the question is computed
_SENTENCE_CACHE: dict[tuple, np.ndarray] = {}  # (chunk id, start, end, embedder) -> vector, oldest first
_SENTENCE_CACHE_SIZE = 20_000  # about 30 MB of float32 vectors
_SENTENCE_LOCK = threading.Lock()
TARGET_WORDS = 70  # stop adding sentences past this
_FUTURE = re.compile(r"\b(will|would|shall|to be|is expected|are expected|due to|going to|plans? to)\b", re.I)
# a sentence whose subject is a pronoun ("It also states…", "Now though, she is…"): it needs the one before
_ANAPHOR_START = re.compile(r"^\s*[“‘\"']?(?:[A-Z]\w*(?:\s+\w+)?,\s+)?(it|they|this|these|he|she|his|her|their|that)\b",
                            re.I)
_OUTCOME_FORMS = {"find": ("find", "found"), "conclude": ("conclud",), "recommend": ("recommend",),
                  "decide": ("decid",), "propose": ("propos",), "report": ("report",), "rule": ("rule", "ruled")}


@dataclass
class _Candidate:
    span: Span
    rank: int
    words: int
    terms: set[str]
    context_terms: set[str]
    score: float = 0.0
    coverage: float = 0.0
    context_coverage: float = 0.0
    similarity: float = 0.0


class ExtractiveAnswerer:
    """Chooses and cites verbatim sentences; needs the retriever's store (for IDF) and embedder."""

    name = "extractive"

    def __init__(self, retriever) -> None:
        self.retriever = retriever

    def answer(self, question: str, passages: list[Passage], info: QuestionInfo | None = None) -> Draft:
        """Answer from the given passages (already retrieved for `question`)."""
        info = info or analyse(question)
        candidates = self._candidates(passages)
        if not candidates:
            return abstain(info, None)
        missing = _missing_names(info, passages)
        self._score(info, candidates)
        best = max(candidates, key=lambda c: c.score)
        if missing or not self._supported(info, best, candidates):
            return abstain(info, best if not missing else None, missing)
        chosen = self._select(info, best, candidates)
        return compose([c.span for c in chosen])

    # ------------------------------------------------------------ candidates and scores

    def _candidates(self, passages: list[Passage]) -> list[_Candidate]:
        out = []
        quotes = self.retriever.store.catalog.quotes(sorted({p.chunk.doc_id for p in passages}), direct_only=True)
        for p in passages:
            chunk = p.chunk
            context_terms = _words(f"{chunk.context or ''} {chunk.text}")
            in_chunk = {t for t in context_terms if t.startswith("§")}
            for s, e in sentence_spans(chunk.text, chunk.start):
                text = chunk.text[s - chunk.start : e - chunk.start]
                words = len(text.split())
                if words < 4:
                    continue
                speaker = next((q.speaker for q in quotes if q.doc_id == chunk.doc_id and q.start < e and q.end > s), None)
                out.append(_Candidate(Span(chunk, s, e, text, speaker), p.rank, words, _words(text, in_chunk),
                                      context_terms))
        return out

    def _score(self, info: QuestionInfo, candidates: list[_Candidate]) -> None:
        idf = _idf(self.retriever.store.bm25, list(info.terms) + list(info.topic_terms))
        for t in info.topic_terms:  # a follow-up's own words count most
            idf[t] *= 0.4
        total = sum(idf.values()) or 1.0
        speaker_terms = set(tokenize(" ".join(info.entities))) if info.kind == "quote" else set()
        for c in candidates:
            # a quotation by the person asked about holds their name by attribution, not in its words
            named = speaker_terms if c.span.speaker and _spoken_by(info, c.span.speaker) else set()
            c.coverage = sum(w for t, w in idf.items() if t in named or info.has(t, c.terms)) / total
            c.context_coverage = sum(w for t, w in idf.items() if t in named or info.has(t, c.context_terms)) / total
        for c in candidates:  # "It also states that …": the sentence before says what "it" is
            prev = _neighbour(c, candidates, -1) if _ANAPHOR_START.match(c.span.text) else None
            if prev is not None:
                joint = sum(w for t, w in idf.items() if info.has(t, c.terms | prev.terms)) / total
                c.coverage = max(c.coverage, 0.9 * joint)
        self._similarities(info, candidates)
        for c in candidates:
            c.score = (
                0.40 * c.coverage
                + 0.20 * c.context_coverage
                + 0.30 * c.similarity
                + 0.10 * type_match(info.kind, c.span.text)
                + 0.05 / c.rank
                + _entity_bonus(info, c)
                - _absent_names_penalty(info, c)
                - (0.05 if c.words > 70 else 0.0)
            )

    def _similarities(self, info: QuestionInfo, candidates: list[_Candidate]) -> None:
        embedder = self.retriever.embedder
        # only the lexically likeliest sentences are embedded: the rest cannot win on similarity alone
        top = sorted(candidates, key=lambda c: -(c.coverage + 0.5 * c.context_coverage))[:SIMILARITY_POOL]
        question = self.retriever.query_vector(info.text)
        sims = self._sentence_vectors(embedder, [c.span for c in top]) @ question
        for c, sim in zip(top, np.asarray(sims, dtype=float)):
            c.similarity = float(sim)

    def _sentence_vectors(self, embedder, spans: list[Span]) -> np.ndarray:
        """Vectors of sentences, remembered across questions (a sentence's vector never changes, and the same
        passages come back for related questions)."""
        keys = [(s.chunk.chunk_id, s.start, s.end, embedder.name) for s in spans]
        with _SENTENCE_LOCK:
            missing = [i for i, k in enumerate(keys) if k not in _SENTENCE_CACHE]
        if missing:
            fresh = embedder.embed([spans[i].text for i in missing])
            with _SENTENCE_LOCK:
                for i, vector in zip(missing, fresh):
                    _SENTENCE_CACHE[keys[i]] = vector
                while len(_SENTENCE_CACHE) > _SENTENCE_CACHE_SIZE:
                    _SENTENCE_CACHE.pop(next(iter(_SENTENCE_CACHE)))
        with _SENTENCE_LOCK:
            return np.stack([_SENTENCE_CACHE[k] for k in keys]) if keys else np.zeros((0, embedder.dim))

    # ------------------------------------------------------------ abstention

    def _supported(self, info: QuestionInfo, best: _Candidate, candidates: list[_Candidate]) -> bool:
        support = 0.5 * best.context_coverage + 0.25 * best.coverage + 0.25 * best.similarity
        if support < 0.42:
            return False
        if info.outcome_verb and _only_future(info, candidates):
            return False
        if info.attribute:
            stems = tokenize(info.attribute)
            if stems and not any(stems[0] in c.context_terms for c in candidates):
                return False
        if info.relation and not _relation_stated(info.relation, candidates):
            return False
        return True

    # ------------------------------------------------------------ selection

    def _select(self, info: QuestionInfo, best: _Candidate, candidates: list[_Candidate]) -> list[_Candidate]:
        chosen = [best]
        if best.span.text.rstrip().endswith(":"):
            chosen += _following(best, candidates, limit=MAX_WORDS - best.words)
        elif _ANAPHOR_START.match(best.span.text) and best.words < 40:
            prev = _neighbour(best, candidates, -1)
            if prev is not None and prev.words + best.words <= TARGET_WORDS:
                chosen.insert(0, prev)
        if _wants_more(info, chosen):
            extra = self._second(info, chosen, candidates)
            if extra is not None:
                chosen.append(extra)
        chosen = _in_reading_order(chosen)
        while sum(c.words for c in chosen) > MAX_WORDS and len(chosen) > 1:
            chosen.pop()
        return chosen

    def _second(self, info: QuestionInfo, chosen: list[_Candidate], candidates: list[_Candidate]):
        best = chosen[0]
        have = set().union(*(c.terms for c in chosen))
        used = {(c.span.chunk.chunk_id, c.span.start) for c in chosen}
        words = sum(c.words for c in chosen)
        options = []
        for c in candidates:
            if (c.span.chunk.chunk_id, c.span.start) in used or words + c.words > TARGET_WORDS + 30:
                continue
            new_terms = {t for t in info.terms if t in c.terms and t not in have}
            adjacent = _neighbour(best, candidates, +1) is c
            if c.score >= 0.8 * best.score and (new_terms or adjacent or info.kind == "quote"):
                options.append((c.score + (0.1 if adjacent else 0.0) + 0.05 * len(new_terms), c))
        return max(options, key=lambda t: t[0])[1] if options else None


def _wants_more(info: QuestionInfo, chosen: list[_Candidate]) -> bool:
    words = sum(c.words for c in chosen)
    if words >= TARGET_WORDS:
        return False
    if info.compound or info.kind in ("why", "quote"):
        return True
    return type_match(info.kind, chosen[0].span.text) < 1.0 and info.kind in ("how_many", "when", "who")


def _entity_bonus(info: QuestionInfo, c: _Candidate) -> float:
    bonus = 0.0
    sentence = fold(c.span.text)
    around = fold(f"{c.span.chunk.context or ''} {c.span.chunk.text}")
    for entity in info.entities:
        key = fold(entity.split()[-1]) if len(entity.split()) > 1 else fold(entity)
        if key in sentence:
            bonus += 0.06
        elif key in around:
            bonus += 0.03
    if info.kind == "quote" and c.span.speaker and info.entities:
        if _spoken_by(info, c.span.speaker):
            bonus += 0.1  # the named person's own words
        else:
            bonus -= 0.1  # someone else's words that merely mention them
    return min(bonus, 0.2)


def _words(text: str, among: set[str] | None = None) -> set[str]:
    """A text's stems plus the glossary concepts it names (only those `among`, when given)."""
    return set(tokenize(text)) | concepts(text, among)


def _idf(bm25, terms: list[str]) -> dict[str, float]:
    """IDF of each term; a concept ("§LMC") weighs what its acronym weighs."""
    plain = bm25.idf([t for t in terms if not t.startswith("§")] +
                     [tokenize(t[1:])[0] for t in terms if t.startswith("§") and tokenize(t[1:])])
    return {t: plain.get(tokenize(t[1:])[0] if t.startswith("§") and tokenize(t[1:]) else t, 1.0) for t in terms}


def _spoken_by(info: QuestionInfo, speaker: str) -> bool:
    """Whether the quoted speaker is one the question names (by surname or organisation name)."""
    folded = fold(speaker)
    return any(fold(e.split()[-1]) in folded for e in info.entities)


def _absent_names_penalty(info: QuestionInfo, c: _Candidate) -> float:
    """Names the question asks about that the sentence's own passage never mentions."""
    if not info.rare_names:
        return 0.0
    around = fold(f"{c.span.chunk.context or ''} {c.span.chunk.text}")
    return min(0.16, 0.08 * sum(fold(n) not in around for n in info.rare_names))


def _missing_names(info: QuestionInfo, passages: list[Passage]) -> list[str]:
    """Names in the question that none of the passages mention: the documents cannot be about them."""
    if not info.rare_names:
        return []
    haystack = fold(" ".join(f"{p.chunk.title} {p.chunk.context or ''} {p.chunk.text}" for p in passages))
    return [n for n in info.rare_names if fold(n).rstrip("s") not in haystack]


def _relation_stated(relation, candidates: list[_Candidate]) -> bool:
    """Some sentence (with the one before it, for a pronoun) names both the role asked about and the entity."""
    role, names = relation
    for c in candidates:
        text = c.span.text
        prev = _neighbour(c, candidates, -1)
        window = fold(text + " " + (prev.span.text if prev is not None else ""))
        if all(r in c.terms for r in role) and all(fold(n) in window for n in names):
            return True
    return False


def _only_future(info: QuestionInfo, candidates: list[_Candidate]) -> bool:
    """The question asks what something concluded or found, but no passage reports that it did: they only say
    what it *will* do, or never use the verb of the thing asked about."""
    verb = info.outcome_verb or ""
    forms = _OUTCOME_FORMS.get(verb, (verb[:6],))
    mentions = [c for c in candidates if any(f in c.span.text.lower() for f in forms)
                and _absent_names_penalty(info, c) == 0.0]
    return all(_FUTURE.search(c.span.text) for c in mentions)


def _following(best: _Candidate, candidates: list[_Candidate], limit: int) -> list[_Candidate]:
    """The sentences after a lead-in ("… four things:") in the same passage, up to `limit` words."""
    same = sorted((c for c in candidates if c.span.chunk.chunk_id == best.span.chunk.chunk_id
                   and c.span.start > best.span.start), key=lambda c: c.span.start)
    out, words = [], 0
    for c in same:
        if words + c.words > limit:
            break
        out.append(c)
        words += c.words
    return out


def _neighbour(c: _Candidate, candidates: list[_Candidate], step: int):
    same = sorted((x for x in candidates if x.span.chunk.chunk_id == c.span.chunk.chunk_id), key=lambda x: x.span.start)
    i = next(i for i, x in enumerate(same) if x is c)
    j = i + step
    return same[j] if 0 <= j < len(same) else None


def _in_reading_order(chosen: list[_Candidate]) -> list[_Candidate]:
    """Sentences of one document in document order; documents in the order they were first chosen."""
    first = {}
    for i, c in enumerate(chosen):
        first.setdefault(c.span.chunk.doc_id, i)
    return sorted(chosen, key=lambda c: (first[c.span.chunk.doc_id], c.span.start))


def abstain(info: QuestionInfo, nearby: _Candidate | None, missing: list[str] | None = None) -> Draft:
    """The sentinel answer, with what the documents say nearby when that may help."""
    if missing:
        lead = f"{SENTINEL} anything about {', '.join(missing)}."
        return Draft(lead, True, ())
    lead = f"{SENTINEL}."
    if nearby is None or nearby.context_coverage < 0.3:
        return Draft(lead, True, ())
    draft = compose([nearby.span], lead=f"{lead} The closest they come:")
    return Draft(draft.answer, True, draft.citations)
