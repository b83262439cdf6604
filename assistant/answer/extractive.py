"""The default answerer: no LLM. It picks, from the retrieved passages, the sentences that answer the question
and joins them, verbatim, each with its citation marker — or says plainly that the documents don't say.

A sentence's score mixes IDF-weighted overlap with the question (in the sentence, and in its passage and
context), dense similarity to the question, whether it carries the kind of answer asked for (a number for
"how many", a date for "when", a name for "who", quoted words for "what did X say"), and its passage's rank.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from assistant.answer.base import SENTINEL, Draft, Span, compose
from assistant.answer.question import (
    HONORIFICS,
    WHICH_PERSON,
    QuestionInfo,
    analyse,
    asked_type_words,
    counted_head,
    days_named,
    kind_words,
    months_named,
    names_a_person,
    outside_bound,
    type_match,
    years_asked,
)
from assistant.answer.question import parts as question_parts
from assistant.answer.units import ASK_REACH, Unit, asked_before, asks, following, lead_in_of, list_run, units_of
from core.glossary import GLOSSARY, concepts
from core.icb import find_icbs, same_icb
from core.text import fold, mentions_name, name_key, source_words, tokenize
from core.types import Passage
from ingest.boards import person_name, person_names

_SENTENCE_CACHE: dict[tuple, np.ndarray] = {}  # (chunk id, start, end, embedder) -> vector, oldest first
_SENTENCE_LOCK = threading.Lock()
# a part asking when something was made public, and a page's own date line ("Publish date: 3 May 2024")
_MADE_PUBLIC = re.compile(r"\b(?:announced|published|released|confirmed|made public|reported|answered)\b", re.I)
_PAGE_DATE = re.compile(r"^\s*(?:publish(?:ed)?|posted|released|date(?:d)?|first published|last updated|updated)\b"
                        r"(?:\s+(?:date|on))?\s*:?\s*\S", re.I)
_DATELINE = re.compile(r"^\s*(?:this question was answered on|answered on|published|posted|first published|last updated|"
                       r"updated|publish date|date published)\b", re.I)
_LINE_WORDS = 20  # a line of a list written as paragraphs ("Thursday 3 November 2022 1000 – 1600 Formal Board")
_TYPED = ("how_many", "when", "who", "how_often", "where")  # question kinds whose answer has a recognisable type
# a count asked after a change ("cut down to", "will there be after …"), and a count given as it stands now
_CHANGE_ASKED = re.compile(r"\b(?:(?:cut|reduced?|shrunk|slimmed|brought|go|come)\s+(?:down\s+)?to|(?:increased?|"
                           r"grow|rise|raised?)\s+to|(?:will|would)\s+(?:there\s+)?be\b.*\bafter)\b", re.I)
_AS_IT_IS = re.compile(r"\b(?:at the moment|at present|currently|as things stand|right now|so far|to date)\b", re.I)
_FUTURE = re.compile(r"\b(will|would|shall|to be|is expected|are expected|due to|going to|plans? to)\b", re.I)
# a sentence whose subject is a pronoun ("It also states…", "Now though, she is…"): it needs the one before
_ANAPHOR_START = re.compile(r"^\s*[“‘\"']?(?:[A-Z]\w*(?:\s+\w+)?,\s+)?(it|they|this|these|he|she|his|her|their|that)\b",
                            re.I)
# "This section brings together …", "This report sets out …": the page speaking of itself, not of the unit before
_SELF_REFERENCE = re.compile(r"^\s*(?:this|these)\s+(?:section|sections|report|page|document|paper|briefing|chapter|"
                             r"article|guide|handbook|summary|note|website|site|update|publication)\b", re.I)
_MONEY = re.compile(r"[£$€]\s?\d|\b\d[\d,.]*\s?(?:million|billion|bn|m|k)?\s*(?:pounds|euros|dollars)\b", re.I)
# a population given as a count of people ("1.26 million local people"), in whatever words
_HEADCOUNT = re.compile(r"\b\d[\d,.]*\s*(?:million|m|thousand|k)?\s+(?:\w+\s+)?(?:people|residents|citizens|"
                        r"patients|population)\b", re.I)
# a part asking for the answer given to a question the page reports ("…, and what was the reply?")
_REPLY_ASKED = re.compile(r"\b(?:reply|replies|response|answer|responded|replied|answered|said in reply)\b", re.I)
_REPLIED = re.compile(r"\b(?:responded|replied|answered|explained|said|confirmed|advised)\b", re.I)
_ASKING = re.compile(r"\b(?:asked|queried|questioned|wondered)\b", re.I)
_REPLY_STEMS = {"repli", "respons", "respond", "answer", "give", "given"}
_REPLY_REACH = 6  # sentences after a reported question that may hold its reply
# a number that counts, not one that names: no year ("the 2023 staff survey"), page or section
_NAMING_NUMBER = (r"(?<![Pp]age )(?<![Ss]ection )(?<![Pp]aragraph )(?<![Cc]lause )(?<![Pp]art )(?<![Tt]able )"
                  r"(?!(?:19|20)\d\d\b)")
_STAFF_COUNT = re.compile(rf"\b{_NAMING_NUMBER}\d[\d,.]*\s+(?:[a-z-]+\s+){{0,3}}?(?:posts|jobs|roles|staff|"
                          r"employees|full[- ]time equivalents?|whole[- ]time equivalents?|FTEs?|WTEs?)\b")
# a fact a page gives without the question's word for it: a population as a count of people, a headcount as a
# count of posts or staff
_FACT_AS_WRITTEN = {"popul": _HEADCOUNT, "headcount": _STAFF_COUNT}
_MONEY_FACTS = {"budget", "salari", "pay", "remuner", "deficit", "surplus", "turnov", "limit", "packag", "sever",
                "payoff", "bonus", "money"}
_ASKED_ONLY = frozenset(tokenize("much many"))  # "how much": the asking, not what is asked about
# a sentence that qualifies the one before: a yes/no answer needs its condition or exception
_QUALIFIER = re.compile(r"^\s*(however|but|although|unless|except|nevertheless|only|in addition)\b", re.I)
# a condition on what the sentence before allows: "This would be subject to local agreement", "It must be approved"
_CONDITION_AFTER = re.compile(r"^\s*(?:this|that|it|these|they|such \w+)\s+(?:would|will|must|may|can|could|should|"
                              r"needs?|requires?|is|are)\s+(?:\w+\s+){0,3}?(?:subject|needs?|required|approved|agreed|"
                              r"conditional|dependent|only)\b", re.I)
# a sentence that answers against the one before it: "However, …" needs what it qualifies
_CONTRAST_START = re.compile(r"^\s*(however|but|nevertheless|yet|instead)\b", re.I)
# a sentence that points back to the reasons just given: "I hope I have explained why", "for these reasons"
_POINTS_BACK = re.compile(r"\b(?:for (?:these|those|the above) reasons|(?:I|we) (?:hope (?:I|we) )?(?:have )?"
                          r"explained (?:\w+\s+){0,1}why\s*[.!]?$)", re.I)
# what a sentence about who sits on a board says: "includes", "consists of", "members", "seats"
_MEMBERSHIP = re.compile(r"\b(includ\w*|compris\w*|consist\w*|members?|membership|made up|seats?|sits?)\b", re.I)
_COMPOSITION_WORDS = re.compile(r"\b(sits?|sitting|serves?|serving|members?|membership|made|make|makes|composed|"
                                r"composition|consists?|seats?)\b", re.I)
_OUTCOME_FORMS = {"find": ("find", "found"), "conclude": ("conclud",), "recommend": ("recommend",),
                  "decide": ("decid", "agreed", "approved", "resolved", "ratified", "endorsed"),
                  "propose": ("propos",), "rule": ("rule", "ruled"), "reject": ("reject", "turned down", "declin"),
                  "accept": ("accept", "agreed", "support")}


@dataclass
class _Candidate:
    unit: Unit
    span: Span
    rank: int
    words: int
    terms: set[str]
    context_terms: set[str]
    score: float = 0.0
    coverage: float = 0.0
    focus: float = 0.0  # coverage of the terms other than the names the documents are about
    context_coverage: float = 0.0
    similarity: float = 0.0
    who: str | None = None  # the quoted speaker with role and organisation, for "what did <role> say"
    part_similarity: dict[str, float] = field(default_factory=dict)  # to each part of a compound question


class ExtractiveAnswerer:
    """Chooses and cites verbatim sentences; needs the retriever's store (for IDF) and embedder."""

    name = "extractive"

    def __init__(self, retriever) -> None:
        self.retriever = retriever
        self.settings = retriever.settings
        self._about_terms: set[str] = set()
        self._scored: dict[tuple[str, int], _Candidate] = {}

    def answer(self, question: str, passages: list[Passage], info: QuestionInfo | None = None) -> Draft:
        """Answer from the given passages (already retrieved for `question`)."""
        info = info or analyse(question)
        candidates = self._candidates(passages, info)
        if not candidates:
            return abstain(info, None)
        missing = _missing_names(info, passages)
        if missing and find_icbs(info.text):  # the ICB asked may go by its short form elsewhere on those pages
            pages = dict.fromkeys(p.chunk.doc_id for p in passages[: self.settings.top_k])
            missing = _short_forms_named(info, " ".join(c.text for d in pages
                                                        for c in self.retriever.store.document_chunks(d)), missing)
        # sentences about another day or board, or not the asked speaker's, are dropped before scoring: only the
        # likeliest of those left are compared by meaning
        asked = info.text
        if info.time_bound:  # "which meetings were scheduled after the September 2022 one": not those before
            candidates = [c for c in candidates if not outside_bound(info.time_bound, c.span.text)]
            asked = asked.replace(info.time_bound[2], " ")  # the day a bound is set by is not a day asked about
        asked_days = {(day, month) for _, day, month in days_named(asked)}
        if asked_days:  # "its meeting on 3 November": a sentence naming only other days is about another meeting
            candidates = [c for c in candidates if not _another_day(asked_days, c.span.text)]
        if codes := _REFERENCE.findall(info.text):  # "question HL6183": the page that bears that reference
            candidates = self._bearing(codes, candidates)
        asked_boards = [m.core for m in find_icbs(info.text)]
        if asked_boards:  # "does Lincolnshire ICB have …": a sentence about another named ICB or ICS is not about it
            candidates = [c for c in candidates if not _another_board(asked_boards, c.span.text)
                          and not _about_other_icbs(asked_boards, info.text, c.span.text)]
        if not candidates:
            return abstain(info, None)
        people = _people_asked(info, self.retriever.store.proper_forms())
        if people and info.kind not in ("who", "quote") and not info.compound:
            # "when did Jo Bloggs start as chief executive": a sentence about someone else ("Mr Abell joins from
            # …, where he has been chief executive since 2021") is not about her, when some sentence names her
            about = [c for c in candidates if _about_person(people, c)]
            if about:
                candidates = about
            if info.kind == "when" and _asks_when_they(info.text, people):
                # "when was Jo Bloggs appointed": a date in a sentence of hers, not her page's other dates ("The
                # ICB was established on 1 July 2022" on her profile)
                candidates = [c for c in candidates if type_match("when", c.span.text, info.text) < 1
                              or _refers_to(people, c)]
        if info.kind == "quote" and _speakers(info):  # "what did X say": X's words, or words naming X
            candidates = [c for c in candidates if _spoken_or_named(info, c)]
            if not candidates:
                return abstain(info, None)
        self._score(info, candidates)
        if not candidates:
            return abstain(info, None)
        best = _typed_best(info, candidates, self.settings.typed_margin, self.settings.typed_cover)
        if missing or best is None or not self._supported(info, best, candidates):
            return abstain(info, best if not missing else None, missing)
        chosen = self._select(info, best, candidates)
        return compose([c.span for c in chosen], lead=_attribution(info, chosen), tail=_missing_parts(info, chosen))

    # ------------------------------------------------------------ candidates and scores

    def _candidates(self, passages: list[Passage], info: QuestionInfo | None = None) -> list[_Candidate]:
        out = []
        texts: dict[str, str] = {}  # each document's text read once, and only for a quote question
        quotes = self.retriever.store.quotes(sorted({p.chunk.doc_id for p in passages}), direct_only=True)
        about = self._names_of_documents(info, passages) if info is not None else {}
        for p in passages:
            chunk = p.chunk
            context_terms = _words(f"{chunk.context or ''} {chunk.text}") | about.get(chunk.doc_id, set())
            in_chunk = {t for t in context_terms if t.startswith("§")}
            voice = _own_voice(info, chunk) if info is not None else None
            answered = None
            if info is not None and info.kind == "quote":
                if chunk.doc_id not in texts:
                    texts[chunk.doc_id] = self.retriever.store.document_text(chunk.doc_id) or ""
                answered = _answered_by(texts[chunk.doc_id], chunk.end)
            units = units_of(chunk)
            carried = self._asked_in_chunk_before(chunk) if units and not any(
                asks(u) for u in units[:ASK_REACH]) else None
            for unit in units:
                c = self._candidate(unit, p.rank, quotes, context_terms, in_chunk)
                asked = asked_before(unit)
                if asked is None and carried is not None and unit.index + carried[1] < ASK_REACH:
                    asked = carried[0]
                if asked is not None:  # a written answer, or an FAQ's: about what its question asks
                    words = _words(asked.text, in_chunk)
                    c.terms |= words
                    c.context_terms = c.context_terms | words
                if voice and c.who is None and _FIRST_PERSON.search(unit.text):
                    c.who = voice  # "We are pleased that …" on the speaker's own page: their reaction
                if answered and c.who is None and unit.start > answered[0] and unit.kind == "sentence" \
                        and not asks(unit):
                    c.who = answered[1]  # a written answer's sentences are the answering minister's words
                out.append(c)
        if info is not None:
            _join_word_families(info, out)
        return out

    def _bearing(self, codes: list[str], candidates: list[_Candidate]) -> list[_Candidate]:
        """The candidates from documents that bear one of the reference codes a question names (a written
        question's number, a paper's): all of them when no document does."""
        wanted = {re.sub(r"\s+", "", code).lower() for code in codes}
        bearing = set()
        for doc_id in {c.span.chunk.doc_id for c in candidates}:
            chunk = next(c.span.chunk for c in candidates if c.span.chunk.doc_id == doc_id)
            text = re.sub(r"\s+", "", f"{chunk.title} {self.retriever.store.document_text(doc_id) or ''}").lower()
            if any(code in text for code in wanted):
                bearing.add(doc_id)
        return [c for c in candidates if c.span.chunk.doc_id in bearing] if bearing else candidates

    def _asked_in_chunk_before(self, chunk) -> tuple[Unit, int] | None:
        """The question closing the chunk before (a written question whose answer opens this chunk), with how
        many units from its end it stands."""
        before = self.retriever.store.adjacent_chunk(chunk, -1)
        units = units_of(before)[-ASK_REACH:] if before is not None else []
        for distance, u in enumerate(reversed(units)):
            if asks(u):
                return u, distance
        return None

    def _names_of_documents(self, info: QuestionInfo, passages: list[Passage]) -> dict[str, set[str]]:
        """The question's names that each passage's document is about (in its title, publisher or opening):
        every sentence of a page about Derbyshire is about Derbyshire, though few of them say so."""
        self._about_terms = set()
        described = set(info.speaker_words) if not info.speakers else set()
        if not info.rare_names and not described:
            return {}
        out: dict[str, set[str]] = {}
        for doc_id in {p.chunk.doc_id for p in passages}:
            chunk = next(p.chunk for p in passages if p.chunk.doc_id == doc_id)
            head, keyed = self.retriever.document_head(chunk)
            names = [n for n in info.rare_names if mentions_name(n.rstrip("s") if not n.isupper() else n, head, keyed)]
            out[doc_id] = set(tokenize(" ".join(names)))
            # "how did the health managers' union react": a page whose head describes its publisher so is theirs
            if described and described <= set(tokenize(head)):
                out[doc_id] |= described
            self._about_terms |= out[doc_id]
        return out

    def _candidate(self, unit: Unit, rank: int, quotes, context_terms: set[str], in_chunk: set[str]) -> _Candidate:
        s, e = unit.start, unit.end
        quote = next((q for q in quotes if q.doc_id == unit.chunk.doc_id and q.start < e and q.end > s), None)
        if quote is None and unit.kind == "lead_in":  # "Chair of the board, Jo Bloggs, said:" introduces Jo's words
            quote = next((q for q in quotes if q.doc_id == unit.chunk.doc_id and 0 <= q.start - e <= 8), None)
        speaker = quote.speaker if quote else None
        who = " ".join(x for x in (quote.speaker, quote.role, quote.organisation) if x) if quote else None
        terms = _words(unit.text, in_chunk) | (context_terms & self._about_terms)
        if unit.kind in ("item", "row"):  # a list item means what its lead-in says it is ("members: …")
            lead = lead_in_of(unit)
            if lead is not None:
                terms |= _words(lead.text, in_chunk)
        elif unit.kind == "lead_in" and (whole := self._as_read(unit)) is not None:  # and a lead-in means what
            # its short list says
            terms |= _words(whole.text, in_chunk)
        return _Candidate(unit, Span(unit.chunk, s, e, unit.text, speaker), rank, unit.words, terms, context_terms,
                          who=who)

    def _score(self, info: QuestionInfo, candidates: list[_Candidate]) -> None:
        # "the deadline for …" asks when; a time answers it, in whatever words
        idf = _idf(self.retriever.store, [t for t in [*info.terms, *info.topic_terms] if t not in asked_type_words(info.text)])
        for t in info.topic_terms:  # a follow-up's own words count most
            idf[t] *= 0.4
        total = sum(idf.values()) or 1.0
        speaker_terms = set(tokenize(" ".join(info.entities))) if info.kind == "quote" else set()
        # "who sits on …" is asked in the question's words and answered in the document's ("consists of")
        asked = set(tokenize(" ".join(m.group(0) for m in _COMPOSITION_WORDS.finditer(info.text))))
        for c in candidates if info.composition else ():
            lead = lead_in_of(c.unit) if c.unit.kind in ("item", "row") else None
            if _MEMBERSHIP.search(c.span.text) or (lead is not None and _MEMBERSHIP.search(lead.text)):
                c.terms |= asked
            if _MEMBERSHIP.search(c.unit.chunk.text):
                c.context_terms = c.context_terms | asked
        for c in candidates:
            # "In the design guidance reported by HSJ, how …": the scene is met by the sentence's page
            c.terms |= {t for t in info.scene if t in c.context_terms}
            # a quotation by the person asked about holds their name by attribution, not in its words
            named = speaker_terms if c.who and _spoken_by(info, c.who) else set()
            c.coverage = sum(w for t, w in idf.items() if t in named or info.has(t, c.terms)) / total
            c.context_coverage = sum(w for t, w in idf.items() if t in named or info.has(t, c.context_terms)) / total
        if info.compound:  # a sentence that answers one part of a two-part question answers, in part
            for part in question_parts(info.text):
                pidf = _idf(self.retriever.store, list(_part_info(part).terms))
                ptotal = sum(pidf.values()) or 1.0
                for c in candidates:
                    c.coverage = max(c.coverage, self.settings.part_credit * sum(w for t, w in pidf.items() if t in c.terms) / ptotal)
                    c.context_coverage = max(c.context_coverage, self.settings.part_credit * sum(
                        w for t, w in pidf.items() if t in c.context_terms) / ptotal)
        for c in candidates:  # "It also states that …" / "However, …": the sentence before says what about
            prev = c.unit.neighbour(-1) if (_ANAPHOR_START.match(c.span.text) or _CONTRAST_START.match(c.span.text)) \
                and not _SELF_REFERENCE.match(c.span.text) else None
            if prev is not None:
                joint = sum(w for t, w in idf.items() if info.has(t, c.terms | _words(prev.text))) / total
                c.coverage = max(c.coverage, 0.9 * joint)
        # what the question asks beyond naming whose document it is: the terms that tell its sentences apart
        focus = {t: w for t, w in idf.items() if t not in self._about_terms}
        focus_total = sum(focus.values()) or 1.0
        for c in candidates:
            c.focus = sum(w for t, w in focus.items() if info.has(t, c.terms)) / focus_total
        candidates[:] = [c for c in candidates if c.unit.answerable]
        if not candidates:
            return
        self._similarities(info, candidates)
        w = dict(self.settings.score_weights)
        for c in candidates:
            c.score = (
                w["coverage"] * c.coverage
                + w["focus"] * c.focus
                + w["context"] * c.context_coverage
                + w["similarity"] * c.similarity
                + w["type"] * (1.0 if info.kind == "quote" and c.who and _spoken_by(info, c.who)
                               else type_match(info.kind, c.span.text, info.text))
                + w["rank"] / c.rank
                + min(_entity_bonus(info, c), self.settings.entity_bonus_cap)
                + (w["membership"] if info.composition and _MEMBERSHIP.search(c.span.text) else 0.0)
                - _absent_names_penalty(info, c)
                - (w["long_penalty"] if c.words > self.settings.long_sentence_words else 0.0)
            )

    def _similarities(self, info: QuestionInfo, candidates: list[_Candidate]) -> None:
        embedder = self.retriever.embedder
        # only the lexically likeliest sentences are embedded: the rest cannot win on similarity alone
        # (a sentence naming whom the question names is among them: "As Sir Ada Quill told us, …")
        top = sorted(candidates, key=lambda c: -(c.coverage + 0.5 * c.context_coverage + _entity_bonus(info, c))
                     )[: self.settings.similarity_pool]
        question = self.retriever.query_vector(info.text)
        vectors = self._sentence_vectors(embedder, [self._as_read(c.unit) or c.span for c in top])
        sims = vectors @ question
        for c, sim in zip(top, np.asarray(sims, dtype=float)):
            c.similarity = float(sim)
        if info.compound:  # each part's own meaning, for the sentence that answers that part
            for part in question_parts(info.text):
                for c, sim in zip(top, np.asarray(vectors @ self.retriever.query_vector(part), dtype=float)):
                    c.part_similarity[part] = float(sim)

    def _as_read(self, unit: Unit) -> Span | None:
        """The text a unit means, as it would be answered, when that is more than its own words: a lead-in with
        the short list it introduces ("… comprise two key components:" means little alone), a sentence opening
        on "It"/"This" with the sentence before it; None otherwise."""
        chunk = unit.chunk
        start, end = unit.start, unit.end
        if unit.kind == "lead_in":
            after = following(unit, self.settings.target_answer_words)
            if not after or not all(u.kind in ("item", "row") for u in after):
                return None
            end = after[-1].end
        elif unit.kind == "sentence" and _ANAPHOR_START.match(unit.text) and not _SELF_REFERENCE.match(unit.text):
            prev = unit.neighbour(-1)
            if prev is None or prev.kind != "sentence" or prev.words + unit.words > self.settings.target_answer_words:
                return None
            start = prev.start
        else:
            return None
        return Span(chunk, start, end, chunk.text[start - chunk.start : end - chunk.start])

    def _sentence_vectors(self, embedder, spans: list[Span]) -> np.ndarray:
        """Vectors of sentences, remembered across questions (a sentence's vector never changes, and the same
        passages come back for related questions)."""
        keys = [(s.chunk.chunk_id, s.start, s.end, embedder.name) for s in spans]
        with _SENTENCE_LOCK:
            missing = [i for i, k in enumerate(keys) if k not in _SENTENCE_CACHE]
        if missing:
            # each alone: a batch's int8 activations share one scale, so a sentence embedded beside others
            # gets a slightly different vector (cosine 0.98-0.99) and an answer would depend on what was asked
            # before; `embed_each` runs them side by side on the cores instead
            fresh = embedder.embed_each([spans[i].text for i in missing])
            with _SENTENCE_LOCK:
                for i, vector in zip(missing, fresh):
                    _SENTENCE_CACHE[keys[i]] = vector
                while len(_SENTENCE_CACHE) > self.settings.sentence_cache_size:
                    _SENTENCE_CACHE.pop(next(iter(_SENTENCE_CACHE)))
        with _SENTENCE_LOCK:
            return np.stack([_SENTENCE_CACHE[k] for k in keys]) if keys else np.zeros((0, embedder.dim))

    # ------------------------------------------------------------ abstention

    def _supported(self, info: QuestionInfo, best: _Candidate, candidates: list[_Candidate]) -> bool:
        if self._introduces_nothing(best.unit):
            return False  # "Six principles were identified:" and then a new section: the principles are not given
        support = 0.5 * best.context_coverage + 0.25 * best.coverage + 0.25 * best.similarity
        if support < self.settings.support_threshold and best.similarity < self.settings.paraphrase_similarity:
            return False
        if not info.compound:
            return self._asked_is_stated(info, best, candidates)
        # a two-part question is answered if what one of its parts asks for is stated, in its words
        # a part with no words of its own ("…, and how much?") asks about the other part's subject: it cannot be
        # stated while that part is not
        return any(self._asked_is_stated(pinfo, best, candidates) and self._part_words_found(pinfo, candidates)
                   for pinfo in map(_part_info, question_parts(info.text))
                   if pinfo.kind not in ("how_many", "when", "where", "how_often")
                   or [t for t in pinfo.terms if t not in kind_words(pinfo.kind) and t not in _ASKED_ONLY])

    def _reports_words(self, info: QuestionInfo, c: _Candidate) -> bool:
        """Whether a sentence gives someone's words or view: attributed words, the speaker's own page (their
        written evidence, their statement), quotation marks, a verb that reports speech or a stance ("said",
        "warned", "welcomed", "rejected"), or a lead-in before it that introduces it ("Her letter reads:")."""
        text = c.span.text
        if c.who or _own_voice(info, c.unit.chunk) or _QUOTE_MARKS.search(text) or _SINGLE_QUOTED.search(text) \
                or _REPORTS.search(text):
            return True
        prev = self._prev_unit(c.unit)
        return prev is not None and prev.text.rstrip().endswith(":")

    def _part_words_found(self, pinfo: QuestionInfo, candidates: list[_Candidate]) -> bool:
        """Whether some passage holds most of what a part asks in its own words (beyond the entity the whole
        question is about): "… and what were the division numbers?" is not stated by a debate with no division."""
        idf = _idf(self.retriever.store, [t for t in pinfo.terms if t not in self._about_terms
                                          and t not in kind_words(pinfo.kind)])
        total = sum(idf.values())
        if not total:
            return True
        found = max(sum(w for t, w in idf.items() if t in c.context_terms) for c in candidates) / total
        return found >= self.settings.part_found

    def _asked_is_stated(self, info: QuestionInfo, best: _Candidate, candidates: list[_Candidate]) -> bool:
        """Whether what the question asks for specifically (an outcome, an attribute, a role of someone, a sum,
        a speaker's words) is stated somewhere, not only the entity it is about."""
        if info.outcome_verb and info.outcome_verb != "propose" and _only_future(info, candidates):
            return False
        if info.outcome_verb and _absent_names(info, best):
            return False  # "what did the Orchard review recommend": an answer from a passage that never names it
        if info.attribute:
            stems = tokenize(info.attribute)
            if stems and not any(stems[0] in c.context_terms for c in candidates):
                return False
        if info.relation and not _relation_stated(info.relation, candidates, joint=" and " in info.text):
            return False
        if info.seat and not any(all(t in c.context_terms for t in info.seat) and not _absent_names(info, c)
                                 for c in candidates):
            return False  # "is there a nurse on the Cornwall board": no passage about Cornwall speaks of a nurse
        if (years := years_asked(info.text)) and not any(
                y in f"{c.span.chunk.text} {c.span.chunk.published or ''} {c.span.chunk.title}" for y in years
                for c in candidates if c.score >= self.settings.typed_margin * best.score):
            return False  # "how many targets were there back in 2021": nothing likely speaks of 2021
        if info.specific and info.kind == "how_many" and not _states_specific(info, best) \
                and not any(stem in best.context_terms for stem in info.specific):
            return False  # "how many members voted": a count of members, where nothing about it speaks of a vote
        if info.specific and not any(stem in c.context_terms for c in candidates for stem in info.specific) \
                and not (set(info.specific) & _MONEY_FACTS and _MONEY.search(best.span.text)) \
                and not any(pattern.search(c.span.text) for stem, pattern in _FACT_AS_WRITTEN.items()
                            if stem in info.specific for c in candidates):
            return False  # "what salary …": no passage speaks of salary at all (nor gives a sum of money)
        if set(info.specific) & _MONEY_FACTS and info.kind != "yes_no" and not any(
                _MONEY.search(c.span.text) for c in candidates if c.score >= self.settings.typed_margin * best.score):
            return False  # "what is the ICB's budget": "managing the local NHS budget" names it but gives no sum
        if info.kind == "quote" and _speakers(info) and not _spoken_or_named(info, best):
            return False  # "how did the BMA react": the answer must be the BMA's words, or name the BMA
        if info.kind == "quote" and _speakers(info) and not self._reports_words(info, best) \
                and _own_words(info, best, candidates) is None:
            return False  # "what did Ann Ex say about her appointment": a report of the appointment quotes no one
        if info.kind == "yes_no" and _DECISION_ASKED.search(info.text) and _decision(info.text, best, candidates,
                                                                                  self.settings.typed_margin) is None:
            return False  # "did the board approve X as co-chair": "X is intending to take on the role" decides nothing
        if (others := _someone_else_asked(info)) and not _names_someone_else(best.span.text, others):
            return False  # "who replaced Ann Bray": sentences naming her alone do not say who
        return True

    # ------------------------------------------------------------ selection

    def _select(self, info: QuestionInfo, best: _Candidate, candidates: list[_Candidate]) -> list[_Candidate]:
        by_unit = {(c.span.chunk.chunk_id, c.span.start): c for c in candidates}
        self._scored = by_unit
        chosen = [self._as_candidate(u, best, by_unit) for u in self._span_units(info, best.unit)]
        added: list[list[_Candidate]] = []  # each addition with the span it needs (a "This …" and its antecedent)

        def so_far() -> list[_Candidate]:
            return chosen + [c for group in added for c in group]

        if info.kind == "yes_no" and _DECISION_ASKED.search(info.text) \
                and not any(_DECIDED.search(c.span.text) for c in chosen):
            decided = _decision(info.text, best, candidates, self.settings.typed_margin)
            if decided is not None:  # "did the motion pass": "This resolution passed." under the motion
                added.append([decided])
        def quotation_goes_on() -> list[list[_Candidate]]:
            last = (added[-1] if added else chosen)[-1]
            if info.kind == "quote" and info.speakers and last.who and (
                    _spoken_by(info, last.who) or any(_spoken_or_named(info, c) for c in so_far())):
                # the asked speaker's quotation, or the words of one the answer names as speaking for them
                # ("Reacting …, Ann Bray, chief executive of the Fenn Forum, said: …" for "how did the Forum react")
                room = self.settings.target_answer_words - sum(c.words for c in so_far())
                return [[c] for c in self._rest_of_quotation(info, last, by_unit, room)]
            return []

        added += quotation_goes_on()  # the quotation the best opens, before anything else
        own = _own_words(info, best, candidates) if not added else None
        if own is not None:  # "what did X say": X's own words beside the report of them
            added.append([self._as_candidate(u, own, by_unit) for u in self._span_units(info, own.unit, brief=True)])
            added += quotation_goes_on()
        for part in self._unanswered_parts(info, so_far(), candidates):
            added.append([self._as_candidate(u, part, by_unit) for u in self._span_units(info, part.unit, brief=True)])
        # a list asked for, written as parallel lines ("Thursday 3 November 2022 Formal Board" …), takes each
        for n in range(self.settings.listed_lines if info.listing else 1):
            wants = _wants_more(info, so_far(), self.settings.target_answer_words)
            if not (wants or sum(c.words for c in so_far()) < self.settings.target_answer_words):
                break
            extra = self._second(info, so_far(), candidates, close_only=not wants)
            if extra is None or n and extra.words > _LINE_WORDS:
                break  # past the first, only short lines: a list's entries, not more prose about it
            brief = not (info.listing and extra.unit.kind in _LISTED)  # a list comes whole ("which kinds of …")
            added.append([self._as_candidate(u, extra, by_unit) for u in self._span_units(info, extra.unit, brief)])
        while added and sum(c.words for c in _unique(so_far())) > self.settings.max_answer_words:
            added.pop()  # the last addition goes first, with its whole span, never the best's
        chosen = _unique(so_far())  # in the order chosen: the best's span first, additions after
        return _in_reading_order(chosen)

    def _unanswered_parts(self, info: QuestionInfo, chosen: list[_Candidate], candidates: list[_Candidate]
                          ) -> list[_Candidate]:
        """For each part of a compound question that the chosen sentences leave open, the sentence that answers
        that part best: one with the kind of answer it asks for (a date, a number, a name) and its words."""
        out: list[_Candidate] = []
        for part in question_parts(info.text) if info.compound else []:  # the best may answer any part
            if _PRONOUN_QUOTE.match(part):  # "which official objected …, and what did she say?"
                words = self._words_of_someone_named(chosen + out, candidates)
                if words is not None:
                    out.append(words)
                continue
            pinfo = _part_info(part)
            idf = _idf(self.retriever.store, [t for t in pinfo.terms
                                              if t not in self._about_terms and t not in kind_words(pinfo.kind)])
            total = sum(idf.values()) or 1.0
            if _REPLY_ASKED.search(part) and not [t for t in idf if t not in _REPLY_STEMS]:
                # "who asked why …, and what was the reply?": the answer given after the question the chosen
                # sentence reports, in its words
                reply = self._reply_after(info, chosen + out)
                if reply is not None:
                    out.append(reply)
                    continue
            if not idf and pinfo.kind not in _TYPED:  # "…, and what did it say?": what the page says
                if not any(c.words >= _STATEMENT_WORDS for c in chosen + out):
                    page = chosen[0].span.chunk.doc_id
                    said = [c for c in candidates if c.span.chunk.doc_id == page and c.words >= _STATEMENT_WORDS
                            and c not in chosen + out]
                    if said:
                        out.append(max(said, key=lambda c: c.score))
                continue
            if (not idf or _PRONOUN_SUBJECT.match(part)) and pinfo.kind in ("how_many", "when", "where", "who"):
                # "…, and how big will it be?", "…, and when?", "…, and who was on it?": the other part's subject,
                # on the page chosen for it; the sentence there that gives a figure, a date, a place, or who is on
                # it (people named, or a membership), and means the part most
                def gives(text: str, kind=pinfo.kind, part=part) -> bool:
                    if kind == "who":
                        return bool(_people_in(text) or _MEMBERSHIP.search(text))
                    return type_match(kind, text, part) == 1

                if not any(gives(c.span.text) for c in chosen + out):
                    page = chosen[0].span.chunk.doc_id
                    typed = [c for c in candidates if c.span.chunk.doc_id == page and c not in chosen + out
                             and gives(c.span.text)]
                    if typed:
                        out.append(max(typed, key=lambda c: c.part_similarity.get(part, c.similarity)))
                    elif (found := self._typed_on_page(info, gives, chosen[0])) is not None:
                        out.append(found)  # the page gives it outside the passages retrieved
                continue

            def fit(c: _Candidate, pinfo=pinfo, idf=idf, total=total, part=part) -> float:
                if pinfo.kind not in _TYPED:
                    return sum(w for t, w in idf.items() if t in c.terms) / total
                terms = c.terms
                if c.unit.kind == "sentence" and c.words <= 8:  # "Published 6 May 2022" is about its page
                    terms = terms | _words(c.unit.chunk.title)
                    label = c.unit.neighbour(-1)  # "Answered on" over "23 February 2022": a label and its value
                    if label is not None and label.words <= 4 and not _TERMINAL.search(label.text):
                        terms = terms | _words(label.text)
                    if pinfo.kind == "when" and _MADE_PUBLIC.search(part) and _PAGE_DATE.search(c.span.text) \
                            and c.span.chunk.doc_id == chosen[0].span.chunk.doc_id:
                        terms = terms | set(idf)  # "… and when was it announced?": the date of the page that says it
                if pinfo.kind == "who" and pinfo.relation and (
                        before := _role_just_before(c.unit, pinfo.relation[0])) is not None:
                    terms = terms | set(tokenize(before.text))  # "A chair has been appointed … Ann Bray starts …"
                coverage = sum(w for t, w in idf.items() if t in terms) / total
                if pinfo.kind == "who":  # a person's name, not any capitalised words ("Private providers of NHS …")
                    role = _ROLE_ASKED.match(part)
                    if role and _names_person(c) and _role_beside_name(role.group("noun") or role.group("verb"),
                                                                       c.span.text):
                        # "who chaired the session": "Members present: Ann Bray (Chair); …" on the page of the
                        # session: the role at a name, the rest of the part in its page's words
                        coverage = sum(w for t, w in idf.items() if t in terms or t in c.context_terms) / total
                    return coverage * (1.0 if _names_person(c) else 0.3)
                return coverage * type_match(pinfo.kind, c.span.text, part)

            if any(fit(c) >= 0.5 for c in chosen + out):
                continue
            # what a sentence means for this part more than for the whole question (which its other part
            # dominates): "who took over as interim chair" is "X has been made interim chair", not a thank-you
            # to the chair who left that echoes the whole question
            lean = self.settings.part_lean
            best = max(candidates, key=lambda c: fit(c) + 0.1 * c.similarity + 0.02 / c.rank
                       + lean * (c.part_similarity.get(part, c.similarity) - c.similarity))
            if fit(best) >= 0.4:
                out.append(best)
        return out

    def _reply_after(self, info: QuestionInfo, chosen: list[_Candidate]) -> _Candidate | None:
        """The sentence among the few after the last chosen that answers what was asked there: the one sharing
        most of the question's words, else the first that reports a reply ("Jo Kay responded that …")."""
        last = max(chosen, key=lambda c: (c.span.chunk.doc_id == chosen[0].span.chunk.doc_id, c.span.chunk.start,
                                          c.span.start))
        used = {(c.span.chunk.chunk_id, c.span.start) for c in chosen}
        asked = {t for t in info.terms if t not in _REPLY_STEMS}
        after, unit = [], last.unit
        for _ in range(2 * _REPLY_REACH):  # a few units on: not the rest of the document
            if len(after) >= _REPLY_REACH or (unit := self._next_unit(unit)) is None:
                break
            if unit.kind == "sentence" and (unit.chunk.chunk_id, unit.start) not in used \
                    and not _ASKING.search(unit.text):  # the question reported goes on ("He also asked …")
                after.append(unit)
        if not after:
            return None
        shared = [(len(asked & _words(u.text)), -i, u) for i, u in enumerate(after)]
        best = max(shared)
        unit = best[2] if best[0] >= 2 else next((u for u in after if _REPLIED.search(u.text)), None)
        if unit is None:
            return None
        return _Candidate(unit, Span(unit.chunk, unit.start, unit.end, unit.text), last.rank, unit.words,
                          _words(unit.text), _words(unit.text))

    def _typed_on_page(self, info: QuestionInfo, gives, like: _Candidate) -> _Candidate | None:
        """The sentence of `like`'s document, anywhere in it, that `gives` the kind of answer a part asks for and
        means the whole question most; None if no sentence of the page gives one."""
        chunks = self.retriever.store.document_chunks(like.span.chunk.doc_id)
        units = [u for chunk in chunks for u in units_of(chunk) if (u.kind == "sentence" or _DATE_ALONE.fullmatch(
            u.text.strip())) and gives(u.text)]  # a press release's dateline ("14 June 2023") gives its date
        if not units:
            return None
        terms = set(info.terms)  # only the lexically likeliest are embedded, as for the passages' sentences
        units = sorted(units, key=lambda u: -len(terms & _words(u.text)))[: self.settings.similarity_pool]
        vectors = self._sentence_vectors(self.retriever.embedder, [Span(u.chunk, u.start, u.end, u.text)
                                                                   for u in units])
        sims = np.asarray(vectors @ self.retriever.query_vector(info.text), dtype=float)
        unit = units[int(np.argmax(sims))]
        return _Candidate(unit, Span(unit.chunk, unit.start, unit.end, unit.text), like.rank, unit.words,
                          _words(unit.text), _words(unit.text), similarity=float(np.max(sims)))

    def _words_of_someone_named(self, chosen: list[_Candidate], candidates: list[_Candidate]) -> _Candidate | None:
        """For a part that asks what the person the answer names said: the likeliest quotation by a person the
        chosen sentences name ("… according to Jo Penn, its director"), else the likeliest quotation on the best's
        page; None if there is none, or one is chosen already."""
        text = " ".join(c.span.text for c in chosen)
        used = {(c.span.chunk.chunk_id, c.span.start) for c in chosen}
        quoted = [c for c in candidates if c.who]
        if any((c.span.chunk.chunk_id, c.span.start) in used for c in quoted):
            return None
        named = [c for c in quoted if (surname := _surname(c.who)) and mentions_name(surname, text)]
        same_page = [c for c in quoted if c.span.chunk.doc_id == chosen[0].span.chunk.doc_id]
        return max(named or same_page, key=lambda c: c.score, default=None)

    def _span_units(self, info: QuestionInfo, unit: Unit, brief: bool = False) -> list[Unit]:
        """The coherent span around the best unit: a lead-in with what it introduces, a list item with its
        lead-in (and, for a question about membership or a list, the whole list), a sentence whose subject is
        a pronoun with the sentence before it."""
        room = (self.settings.target_answer_words if brief else self.settings.max_answer_words) - unit.words
        if unit.kind == "lead_in" or unit.text.rstrip().endswith(":"):
            after = following(unit, room)
            if not after and unit.index == len(unit.siblings) - 1:
                after = self._next_chunk_units(unit, room)
            if info.listing and not brief:
                whole = following(unit, 10 ** 6)
                if len(whole) > len(after):  # the list does not fit: each item by its likeliest sentence
                    after = self._one_per_item(info, whole, room) or after
            return [unit, *after]
        if unit.kind in ("item", "row"):
            lead = lead_in_of(unit)
            lead_units = [lead] if lead is not None and lead.kind != "heading" else []
            if info.listing and not brief and lead is not None and lead.kind == "lead_in":
                whole = self._span_units(info, lead, brief)  # the list asked for, from its lead-in: items of
                if len(whole) > 2:  # several sentences each come by the sentence that answers
                    return whole
            if info.listing and not brief:
                room -= sum(u.words for u in lead_units)
                run = [u for u in list_run(unit) if u is unit or not (info.time_bound and outside_bound(info.time_bound, u.text))]
                return lead_units + _window(run, unit, room)
            alike = self._alike_in_list(unit, room)
            nxt = self._next_unit(unit)
            if not brief and alike == [unit] and nxt is not None and nxt.kind == "sentence" \
                    and _ELABORATES.match(nxt.text) and nxt.words <= room:
                alike.append(nxt)  # "1.3 … the positive elements of CCGs. This includes …": the item goes on
            return (lead_units if lead_units and lead_units[0].words <= 30 else []) + alike
        out = [unit]
        role = info.relation[0] if info.kind == "who" and info.relation else ()
        before = _role_just_before(unit, role) if role and not all(r in tokenize(unit.text) for r in role) else None
        if before is not None and before.words + unit.words <= self.settings.target_answer_words:
            out = [before, unit]  # the role is given the sentence before the name: both say who holds it
        elif (_ANAPHOR_START.match(unit.text) or _CONTRAST_START.match(unit.text) or _POINTS_BACK.search(unit.text)) \
                and unit.words < 60 \
                and not _SELF_REFERENCE.match(unit.text):
            prev = self._prev_unit(unit)
            # "However, …" says nothing alone: it may take the answer's whole length to bring what it qualifies
            limit = self.settings.max_answer_words if _CONTRAST_START.match(unit.text) and not brief \
                else self.settings.target_answer_words
            if prev is not None and prev.kind != "heading" and prev.words + unit.words <= limit:
                out = [prev, unit]
        if info.composition and not brief:  # "The board includes … The board also includes …"
            out += _continuing(unit, _MEMBERSHIP, room - sum(u.words for u in out) + unit.words)
        nxt = self._next_unit(out[-1])
        if info.kind == "yes_no" and nxt is not None and nxt.words <= room - sum(u.words for u in out) + unit.words \
                and ((not brief and _QUALIFIER.match(nxt.text)) or _CONDITION_AFTER.match(nxt.text)):
            # "… not able to ask questions during the meeting. However, before it …"; "… not excluded from the
            # board. This would need to be approved by the regulator.": the condition is part of the yes or no
            out.append(nxt)
            nxt = nxt.neighbour(+1)
        if not brief and nxt is not None and nxt.kind == "sentence" and _ELABORATES.match(nxt.text) \
                and nxt.words <= room - sum(u.words for u in out) + unit.words:
            # "… must not lose some of the positive elements of CCGs. This includes their …": the elements
            out.append(nxt)
            nxt = self._next_unit(nxt)
        if not brief and nxt is not None and nxt.kind == "lead_in" and _ANAPHOR_START.match(nxt.text):
            # "Each committee has terms of reference. These hold information including: • …"
            left = room - sum(u.words for u in out) + unit.words - nxt.words
            if left > 0:
                after = following(nxt, left)
                if not after and nxt.index == len(nxt.siblings) - 1:  # "Their response states:" ends the chunk
                    after = self._next_chunk_units(nxt, left)
                out += [nxt, *after]
        return out

    def _one_per_item(self, info: QuestionInfo, units: list[Unit], room: int) -> list[Unit] | None:
        """A list whose items run to several sentences ("- Group A covers … This group will be chaired by X."),
        too long to give whole: from each item, the sentence that scored best for the question; None when the
        items are single sentences or even that does not fit in `room` words."""
        groups: list[list[Unit]] = []
        for u in units:
            if u.kind in ("item", "row") or not groups:
                groups.append([u])
            else:
                groups[-1].append(u)
        if len(groups) < 2 or all(len(g) == 1 for g in groups):
            return None

        def score(u: Unit) -> tuple[float, float]:
            # the kind of answer asked (for "who will chair each": the sentence naming the most people), then the
            # likeliest
            c = self._scored.get((u.chunk.chunk_id, u.start))
            typed = float(len(_people_in(u.text))) if info.kind == "who" else \
                type_match(info.kind, u.text, info.text) if info.kind in _TYPED else 0.0
            return (typed, c.score) if c is not None else (-1.0, -1.0)

        chosen = [max(g, key=score) for g in groups]
        return chosen if sum(u.words for u in chosen) <= room else None

    def _rest_of_quotation(self, info: QuestionInfo, last: _Candidate, by_unit: dict, room: int) -> list[_Candidate]:
        """The sentences after `last` that go on with the asked speaker's quotation (it may run over several
        paragraphs, and into the next chunk), as many as fit in `room` words."""
        out, words, unit = [], 0, last.unit
        while (nxt := self._next_unit(unit)) is not None:
            c = by_unit.get((nxt.chunk.chunk_id, nxt.start))
            if c is None or nxt.kind != "sentence" or not (c.who and (c.who == last.who or _spoken_by(info, c.who))) \
                    or words + c.words > room:
                break
            out.append(c)
            words += c.words
            unit = nxt
        return out

    def _prev_unit(self, unit: Unit) -> Unit | None:
        """The unit before `unit`, in the chunk before when it opens its own."""
        if unit.index > 0:
            return unit.neighbour(-1)
        chunk = self.retriever.store.adjacent_chunk(unit.chunk, -1)
        units = units_of(chunk) if chunk is not None else []
        return units[-1] if units else None

    def _next_unit(self, unit: Unit) -> Unit | None:
        """The unit after `unit`, in the next chunk of its document when it ends its own."""
        nxt = unit.neighbour(+1)
        if nxt is not None or unit.index != len(unit.siblings) - 1:
            return nxt
        chunk = self.retriever.store.adjacent_chunk(unit.chunk, +1)
        units = units_of(chunk) if chunk is not None else []
        return units[0] if units else None

    def _alike_in_list(self, unit: Unit, room: int) -> list[Unit]:
        """The list items or table rows that answer as well as `unit` does (every non-executive member's row,
        not just the first), in list order."""
        best = self._scored.get((unit.chunk.chunk_id, unit.start))
        if best is None:
            return [unit]
        out, words = [], 0
        for u in list_run(unit):
            c = self._scored.get((u.chunk.chunk_id, u.start))
            good = u is unit or (c is not None and c.focus >= 0.8 * best.focus > 0 and c.score >= 0.9 * best.score)
            if good and (u is unit or words + u.words <= room):
                out.append(u)
                words += u.words
        return out

    def _introduces_nothing(self, unit: Unit) -> bool:
        """A lead-in ("… the board consists of:") with nothing after it before the next heading."""
        if not (unit.kind == "lead_in" or unit.text.rstrip().endswith(":")):
            return False
        nxt = unit.neighbour(+1)
        if nxt is not None:
            return nxt.kind == "heading"
        return not self._next_chunk_units(unit, self.settings.max_answer_words)

    def _next_chunk_units(self, unit: Unit, room: int) -> list[Unit]:
        """A lead-in that ends its chunk introduces the start of the next one."""
        nxt = self.retriever.store.adjacent_chunk(unit.chunk, +1)
        if nxt is None:
            return []
        units = units_of(nxt)
        if not units:
            return []
        if units[0].kind == "heading":
            return []  # a new section: what the lead-in introduced is not in the documents
        return ([units[0]] if units[0].words <= room else []) + following(units[0], room - units[0].words)

    def _as_candidate(self, unit: Unit, like: _Candidate, by_unit: dict) -> _Candidate:
        found = by_unit.get((unit.chunk.chunk_id, unit.start))
        if found is not None:
            return found
        return _Candidate(unit, Span(unit.chunk, unit.start, unit.end, unit.text, None), like.rank, unit.words,
                          _words(unit.text), like.context_terms)

    def _second(self, info: QuestionInfo, chosen: list[_Candidate], candidates: list[_Candidate], close_only: bool):
        """A further sentence for the answer: one that adds the question's words, follows the best, or (for a
        question that wants one answer, `close_only`) a close second from the same document."""
        best = chosen[0]
        have = set().union(*(c.terms for c in chosen))
        used = {(c.span.chunk.chunk_id, c.span.start) for c in chosen}
        words = sum(c.words for c in chosen)
        # "what did X say": a second statement of X's may take the answer to its hard cap (two quotations are
        # long, and the reader wants both); the sentence introducing the best quotation counts as adjacent
        room = self.settings.max_answer_words if info.kind == "quote" else self.settings.target_answer_words + 30
        if close_only and info.kind != "quote":
            room = self.settings.close_second_words  # a close second is a bonus: it keeps the answer short
        before = best.unit.neighbour(-1) if info.kind == "quote" else None
        options = []
        for c in candidates:
            if (c.span.chunk.chunk_id, c.span.start) in used or words + c.words > room:
                continue
            if info.kind == "quote" and info.speakers and _QUOTE_MARKS.search(c.span.text) \
                    and not (c.who and _spoken_by(info, c.who)):
                continue  # quoted words we cannot say are the speaker's: a journalist would be misled
            if c.span.chunk.doc_id != best.span.chunk.doc_id and not _names_entity_asked(info, c):
                continue  # "… Birmingham and Solihull …, and who was its chair": another page's chair is not it
            new_terms = {t for t in info.terms if t in c.terms and t not in have}
            adjacent = best.unit.neighbour(+1) is c.unit or (before is not None and before is c.unit)
            # as close as a second may be, from the same document: a further answer in the same words ("also …")
            parallel = c.span.chunk.doc_id == best.span.chunk.doc_id and c.score >= self.settings.close_second * best.score
            if parallel or (not close_only and c.score >= 0.8 * best.score
                            and (new_terms or adjacent or info.kind == "quote")):
                options.append((c.score + (0.1 if adjacent else 0.0) + 0.05 * len(new_terms), c))
        return max(options, key=lambda t: t[0])[1] if options else None


_FAMILY_STEM = 6  # a stem this long that begins a longer one is its word family ("repres" of "represent")


# stems that name one act in the words of different pages: a motion "tabled" is one "submitted"
_SAME_ACT = (frozenset({"tabl", "submit"}),)


def _join_word_families(info: QuestionInfo, candidates: list[_Candidate]) -> None:
    """Count a word of the question's family as the question's word: the stemmer leaves "representatives" as
    "repres" but "representation" as "represent", "members" as "member" but "membership" whole; and a word
    for the same act ("tabled" for "submitted")."""
    for act in _SAME_ACT:
        for t in act & {*info.terms, *info.topic_terms}:
            for c in candidates:
                if not act.isdisjoint(c.terms):
                    c.terms.add(t)
                if not act.isdisjoint(c.context_terms):
                    c.context_terms.add(t)
    asked = {t for t in (*info.terms, *info.topic_terms) if len(t) >= _FAMILY_STEM and not t.startswith("§")}
    if not asked:
        return
    vocabulary = set().union(*(c.context_terms for c in candidates), *(c.terms for c in candidates))
    families = {}
    for t in asked:
        kin = {w for w in vocabulary if w != t and len(w) >= _FAMILY_STEM and (w.startswith(t) or t.startswith(w))}
        if kin:
            families[t] = kin
    for c in candidates:
        for t, kin in families.items():
            if t not in c.terms and not kin.isdisjoint(c.terms):
                c.terms.add(t)
            if t not in c.context_terms and not kin.isdisjoint(c.context_terms):
                c.context_terms.add(t)


def _continuing(unit: Unit, pattern: re.Pattern, room: int) -> list[Unit]:
    """The sentences right after `unit` in its paragraph that go on about the same thing (match `pattern`)."""
    out, words = [], 0
    nxt = unit.neighbour(+1)
    while nxt is not None and nxt.kind == "sentence" and pattern.search(nxt.text) and words + nxt.words <= room:
        if "\n\n" in unit.chunk.text[(out[-1] if out else unit).end - unit.chunk.start : nxt.start - unit.chunk.start]:
            break  # a new paragraph
        out.append(nxt)
        words += nxt.words
        nxt = nxt.neighbour(+1)
    return out


def _window(run: list[Unit], unit: Unit, room: int) -> list[Unit]:
    """The items of a list around `unit`, from the list's start, as many as fit in `room` words."""
    i = run.index(unit)
    out, words = [], 0
    start = 0
    while sum(u.words for u in run[start : i + 1]) > room and start < i:
        start += 1
    for u in run[start:]:
        if words + u.words > room and out:
            break
        out.append(u)
        words += u.words
    return out


def _unique(chosen: list[_Candidate]) -> list[_Candidate]:
    """Each sentence once: the same place chosen twice, or the same words in two copies of a document (a
    submission published by its author and by the committee), the first kept."""
    seen, out = set(), []
    for c in chosen:
        keys = {(c.span.chunk.doc_id, c.span.start), fold(c.span.text)}
        if seen.isdisjoint(keys):
            seen |= keys
            out.append(c)
    return out


def _own_words(info: QuestionInfo, best: _Candidate, candidates: list[_Candidate]) -> _Candidate | None:
    """For a question about what a named speaker said, when the best sentence reports their words rather than
    quoting them: their best quotation, if it is on the topic at all (scores at least half the best's)."""
    if info.kind != "quote" or not info.speakers or (best.who and _spoken_by(info, best.who)):
        return None
    own = [c for c in candidates if c.who and _spoken_by(info, c.who) and c.score >= 0.5 * best.score]
    return max(own, key=lambda c: c.score) if own else None


# a later part asking what the person the answer names said: "…, and what exactly did she say?"
_DATE_ALONE = re.compile(r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+|"
                       r"[A-Z][a-z]+\s+\d{1,2}(?:st|nd|rd|th)?,?)\s+(?:19|20)\d\d")
# "…, and when did she start?", "…, and how many does it employ?": a part about the other part's subject, whose
# own words ("start", "employ") need not be the page's ("taking up the reins on 1 July")
_PRONOUN_SUBJECT = re.compile(r"^\W*(?:and\s+)?(?:when|where|how\s+(?:many|much)(?:\s+\w+){0,3}?)\s+(?:did|does|do|will|"
                              r"would|is|was|are|were|has|had)\s+(?:she|he|they|it)\b", re.I)
_PRONOUN_QUOTE = re.compile(r"^\W*(?:and\s+)?what\s+(?:exactly\s+|else\s+|precisely\s+)?(?:did|does|do|has|have)\s+"
                            r"(?:she|he|they|this person|that person)\s+(?:say|said|tell|told|add|argue|warn|write)\b",
                            re.I)
_WHOLE = 10 ** 6  # words: a limit no list reaches (the whole of it)
_LISTED = ("item", "row", "lead_in")  # units that are, or introduce, a list


def _typed_best(info: QuestionInfo, candidates: list[_Candidate], margin: float,
                cover: float = 0.0) -> _Candidate | None:
    """The best sentence; for a question that asks for a count or a date, the best that holds one (a close
    second that gives the number beats a first that only restates the question), or None when none of the
    likely sentences does — the documents then don't give what is asked. A sentence that gives a count or a date
    but holds under `cover` of the question words the best holds answers about something else ("26 ICBs have a GP
    member" for "how many ICBs have a patient member")."""
    ranked = [c for c in sorted(candidates, key=lambda c: -c.score) if not _contradicts_tenure(info.text, c.span.text)]
    if not ranked:
        return None
    one = WHICH_PERSON.match(info.text)
    if one and info.kind == "who" and not info.compound and (
            not info.listing or re.match(r"\s*(?:is|was)\b", info.text[one.end():])):  # "which GP is the member"
        # "which director of public health sits on X": a person, named; none named among the likely: not given
        named = [c for c in ranked if c.score >= margin * ranked[0].score and _names_person(c)]
        return named[0] if named else None
    if _WHICH_ICB.match(info.text) and not info.compound:
        # "which ICB is the one whose constitution …": an ICB, named; "only one ICB …" names none
        named = [c for c in ranked if c.score >= margin * ranked[0].score and find_icbs(c.span.text)]
        return named[0] if named else None
    if _WHICH_ICBS.match(info.text) and not info.compound and not any(
            find_icbs(c.span.text) for c in ranked if c.score >= margin * ranked[0].score):
        return None  # "which nine ICBs took on …": "Nine ICBs will also have …" names none of them
    body = _WHICH_BODY.match(info.text) if not info.compound else None
    if body and not any(_names_body(body.group("noun"), c.span.text)
                        for c in ranked if c.score >= margin * ranked[0].score):
        return None  # "which Fenn trust did she run": "she ran an NHS trust in Fenn" names none
    if _ASKS_NAMES.match(info.text) and not info.compound and not any(
            _people_in(c.span.text) for c in ranked if c.score >= margin * ranked[0].score):
        return None  # "names of the three non-executives": "three non-executives were appointed" names no one
    if info.kind == "who" and info.listing:
        # "who were the five non-executives appointed": the list that names them ("The successful candidates are:
        # • Ann Bray …"), though a list of the seats ("• up to five non-executives") scores higher
        for c in ranked:
            if c.score < margin * ranked[0].score:
                break
            lead = _lead_of(c.unit)
            if lead is not None and len(_people_in(" ".join(u.text for u in following(lead, _WHOLE)))) >= 2:
                return next((x for x in ranked if x.unit is lead), c)
    if info.kind == "who" and not info.listing and (info.relation or _APPOINTED.search(info.text)):
        # "who chairs X": a person named beside the role; "who was appointed …": someone named at all
        role = info.relation[0] if info.relation else ()
        by_unit = {id(c.unit): c for c in ranked}

        def standing(c: _Candidate) -> float:
            """The score of the sentence that gives the role, when the name comes the sentence after it."""
            before = None if all(r in c.terms for r in role) else _role_just_before(c.unit, role)
            return max(c.score, by_unit[id(before)].score) if id(before) in by_unit else c.score

        named = [c for c in ranked if standing(c) >= margin * ranked[0].score
                 and _names_person(c) and (all(r in c.terms for r in role) or _role_just_before(c.unit, role))
                 and not _role_held_elsewhere(info.text, c.span.text, role)
                 and not (_APPOINTED.search(info.text) and _PENDING.search(_whole_sentence(c.unit))
                          and not _ASKS_AHEAD.search(info.text))]
        return max(named, key=standing) if named else None
    if info.kind == "who" and not info.listing and not _people_in(ranked[0].span.text):
        # "who represents Fenbridge on …": a close second that names a person beats a first that names no one
        named = [c for c in ranked if c.score >= margin * ranked[0].score and _people_in(c.span.text)]
        if named:
            return named[0]
    if info.listing and ranked[0].unit.kind not in _LISTED and info.kind not in ("how_many", "when", "how_often"):
        # "which kinds of post could …": the list that names them, though a sentence about them scores higher
        listed = [c for c in ranked if c.score >= margin * ranked[0].score and c.unit.kind in _LISTED]
        if listed:
            return listed[0]
    if info.specific and not _states_specific(info, ranked[0]):
        # "what is X's budget": a close second that gives the budget beats a first about X's population
        stating = [c for c in ranked if c.score >= margin * ranked[0].score and _states_specific(info, c)
                   and (info.kind not in ("how_many", "when", "how_often")
                        or type_match(info.kind, c.span.text, info.text) == 1)]  # "how many voted": a count
        if stating:
            return stating[0]
    if info.outcome_verb and info.kind in ("what", "which") and not _states_outcome(info, ranked[0]):
        # "which recommendations did the government reject": the sentence that says it rejected them, not one
        # that names the response they were rejected in
        stating = [c for c in ranked if c.score >= margin * ranked[0].score and _states_outcome(info, c)]
        if stating:
            return stating[0]
    if info.kind not in ("how_many", "when", "how_often", "where"):
        return ranked[0]
    likely = [c for c in ranked if c.score >= margin * ranked[0].score]
    if info.kind == "when" and not _MADE_PUBLIC.search(info.text):
        # "This question was answered on 12th June 2025" dates the page, not the launch asked about
        likely = [c for c in likely if not _DATELINE.match(c.span.text)]
    if info.kind == "how_many" and _CHANGE_ASKED.search(info.text):
        # "how many seats would the board be cut down to": "at the moment we have 30 seats" is the count before
        likely = [c for c in likely if not _AS_IT_IS.search(c.span.text)]
    # a date or count in a sentence of few question words still answers when its passage, on the same page,
    # holds the question as well as the best's does ("… considered by the Board at its meeting on 17 January")
    typed = [c for c in likely if type_match(info.kind, c.span.text, info.text) == 1
             and (c.coverage >= cover * ranked[0].coverage
                  or (c.span.chunk.doc_id == ranked[0].span.chunk.doc_id
                      and c.context_coverage >= ranked[0].context_coverage))]
    if typed:
        return typed[0]
    if info.kind == "where" or info.compound:
        return ranked[0]  # a place is often given in words no pattern knows; another part may be answered
    head = counted_head(info.text) if info.kind == "how_many" else frozenset()
    if head:  # a figure beside the counted thing's name, though not right before it ("members: … 12")
        # "the hon. Member for Wexmoor North" is an MP's title, not a member counted
        loose = [c for c in likely if type_match(info.kind, c.span.text, info.text) >= 0.6
                 and head & _words(_MEMBER_FOR.sub(" ", c.span.text))]
        if loose:
            return loose[0]
    return None


def _whole_sentence(unit: Unit) -> str:
    """A unit's text run on over the units that finish its sentence (a PDF line that stopped on "… and Kevin")."""
    text, nxt = unit.text, unit
    for _ in range(3):
        if _TERMINAL.search(text) or (nxt := nxt.neighbour(+1)) is None or nxt.kind != "sentence":
            break
        text = f"{text} {nxt.text}"
    return text


# ("who" is left out: "who was on it" may be answered by roles, "the clinical directors of each PCN", not names)
_KIND_GIVEN = {"how_many": "a number", "when": "a date", "where": "a place", "how_often": "how often"}
_ORDINALS = ("first", "second", "third", "fourth")


def _missing_parts(info: QuestionInfo, chosen: list[_Candidate]) -> str:
    """A note of each part of a compound question whose kind of answer (a number, a date, a name …) no chosen
    sentence gives: "The documents don't give a date for the second part of the question." ("" when none)."""
    asked = question_parts(info.text) if info.compound else []
    notes = []
    for i, part in enumerate(asked[: len(_ORDINALS)]):
        kind = _part_info(part).kind
        if kind not in _KIND_GIVEN:
            continue
        if not any(type_match(kind, c.span.text, part) == 1 for c in chosen):
            notes.append(f"{SENTINEL.replace('say', 'give')} {_KIND_GIVEN[kind]} for the {_ORDINALS[i]} part of the "
                         f"question.")
    return " ".join(notes)


def _lead_of(unit: Unit) -> Unit | None:
    """The lead-in of the list a unit is, is in, or comes just before ("… were appointed. The candidates are:")."""
    if unit.kind == "lead_in":
        return unit
    if unit.kind in ("item", "row"):
        return lead_in_of(unit)
    nxt = unit.neighbour(+1)
    return nxt if nxt is not None and nxt.kind == "lead_in" else None


def _people_asked(info: QuestionInfo, proper: dict[str, str]) -> list[str]:
    """The names, first and last, of the people the question names ("Tracy Dowling" -> "tracy", "dowling"): a
    person's name whose surname the documents always capitalise (not "White Paper": "paper" is a common word)."""
    people = [e for e in info.entities if names_a_person(e) and (found := person_name(e)) is not None
              and found[0] == e and fold(e.split()[-1]).removesuffix("'s") in proper]
    return [fold(w).removesuffix("'s") for e in people for w in e.split()[-2:]
            if not re.fullmatch(rf"(?:{HONORIFICS})\.?", w)]


def _about_person(names: list[str], c: _Candidate) -> bool:
    """Whether a sentence names one of the people asked about (by first or last name), is their words, sits
    under a heading naming them (a written answer under its minister's name), names no one else on a page titled
    with their name, or goes on from a sentence naming them ("She joined in 2019." after "Jo Bloggs is the new
    chair.")."""
    chunk = c.span.chunk
    text = f"{fold(c.span.text)} | {fold(c.who or '')} | {fold(chunk.heading or '')} | {fold(chunk.section or '')}"
    if any(re.search(rf"\b{re.escape(n)}\b", text) for n in names):
        return True
    if names_a_person(c.span.text):
        return False  # "Mr Palk joins from …, where he has been …": someone else's sentence, whoever came before
    page = fold(f"{chunk.title} | {chunk.context or ''}")
    if any(re.search(rf"\b{re.escape(n)}\b", page) for n in names):
        return True  # a page in their name ("…: Lord Venn, Amendment 12"): what it says unnamed is theirs
    prev = c.unit.neighbour(-1) if _PERSONAL_PRONOUN.search(c.span.text) else None
    return prev is not None and any(re.search(rf"\b{re.escape(n)}\b", fold(prev.text)) for n in names)


_WHEN_SUBJECT = re.compile(r"^\s*(?:when|in (?:what|which) year|on what date)\s+(?:was|were|is|did|does|will|has|had)\s+"
                           r"(?P<who>.+)$", re.I)


def _asks_when_they(question: str, names: list[str]) -> bool:
    """"When was Jo Bloggs appointed …": a when-question whose subject is the person asked about (not "when is
    the deadline in the letter to Jo Bloggs")."""
    m = _WHEN_SUBJECT.match(question)
    return bool(m) and any(n in fold(" ".join(m.group("who").split()[:4])) for n in names)


def _refers_to(names: list[str], c: _Candidate) -> bool:
    """Whether a sentence itself names one of the people asked about, is their words, or speaks of a person
    ("she", "his", "I")."""
    text = f"{fold(c.span.text)} | {fold(c.who or '')}"
    return any(re.search(rf"\b{re.escape(n)}\b", text) for n in names) or bool(
        _PERSONAL_PRONOUN.search(c.span.text) or re.search(r"\b(?:I|my|me)\b", c.span.text))


_PERSONAL_PRONOUN = re.compile(r"\b(?:he|she|his|her|him|they|their)\b", re.I)


def _states_specific(info: QuestionInfo, c: _Candidate) -> bool:
    """Whether a sentence states the specific fact asked for (a budget, a salary, a vote, a population): it
    names it, or gives a sum of money for a money fact, or a number of people for a population."""
    return any(stem in c.terms for stem in info.specific) \
        or bool(set(info.specific) & _MONEY_FACTS and _MONEY.search(c.span.text)) \
        or ("popul" in info.specific and bool(_HEADCOUNT.search(c.span.text)))


# how long a post is held: a question about one kind is not answered by a sentence about the other
# ("who was appointed permanent chief executive" is not answered by "X will be interim chief executive")
_TENURES = (re.compile(r"\b(permanent|substantive)\b", re.I),
            re.compile(r"\b(interim|acting|designate|temporary|caretaker)\b", re.I))


def _contradicts_tenure(question: str, sentence: str) -> bool:
    for asked, other in (_TENURES, _TENURES[::-1]):
        if asked.search(question) and not asked.search(sentence) and other.search(sentence) \
                and not other.search(question):
            return True
    return False


# a part that asks who held a role: "who chaired the session", "who was the chair of …"
_ROLE_ASKED = re.compile(r"^\W*(?:and\s+)?who\s+(?:(?:is|was|were|will be)\s+(?:the\s+)?(?P<noun>chair|convenor|"
                         r"head|leader?)\b|(?P<verb>chair(?:s|ed)?|convened|convenes|headed|heads|led|leads)\b)", re.I)


def _role_beside_name(role: str, text: str) -> bool:
    """Whether a sentence gives the role right at a person's name: "Ann Bray (Chair)", "Ann Bray, chair,", "Chair:
    Ann Bray", "chaired by Ann Bray"."""
    stem = {"led": "lead", "leads": "lead", "leader": "lead", "heads": "head", "headed": "head",
            "convened": "conven", "convenes": "conven", "convenor": "conven"}.get(role.lower(), role.lower()[:5])
    for _name, a, b in person_names(text):
        after, before = text[b: b + 30].lower(), text[max(0, a - 30): a].lower()
        if re.match(rf"\s*(?:\(|,\s+)(?:the\s+)?{stem}\w*\s*(?:[),;]|$)", after) \
                or re.search(rf"(?<!vice )(?<!deputy )(?<!vice-)\b{stem}\w*\s*(?::|,|by)\s*$", before):
            return True
    return False


@lru_cache(maxsize=256)
def _part_info(part: str) -> QuestionInfo:
    """A part of a compound question, analysed once (scoring, abstention and selection each read it)."""
    return analyse(part)


def _another_day(asked: set[tuple[int, int]], sentence: str) -> bool:
    """The sentence names days, and none of the (day, month) pairs asked about."""
    named = {(day, month) for _, day, month in days_named(sentence)}
    return bool(asked and named) and not asked & named


# "Seven other ICBs have …", "13 ICBs set out …": a statement about a number of ICBs, not about the one asked
_ICBS_COUNTED = re.compile(r"(?<!\bthe )(?<!\ball )(?<!\bof )\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|"
                           r"eleven|twelve|[a-z]+teen|twenty|thirty|other|some|several|few|many)\s+(?:other\s+)?"
                           r"(?:ICBs|ICSs|integrated care (?:boards|systems))\b", re.I)


def _about_other_icbs(asked: list[str], question: str, sentence: str) -> bool:
    """The sentence counts ICBs ("Seven other ICBs have …") and names none of those asked, while the question asks
    about a named one, not about a number of ICBs."""
    return bool(_ICBS_COUNTED.search(sentence)) and not _ICBS_COUNTED.search(question) and not any(
        same_icb(a, m.core) for a in asked for m in find_icbs(sentence))


def _another_board(asked: list[str], sentence: str) -> bool:
    """The sentence names ICBs or ICSs, and none of those asked about."""
    named = find_icbs(sentence)
    return bool(named) and not any(same_icb(a, m.core) for a in asked for m in named)


# "Chair of the Quality Committee": a role held in a body other than the one asked about
_ROLE_OF_BODY = re.compile(r"\b(chair\w*|lead|head|member|director|secretary)\s+of\s+(?:the\s+|its\s+|their\s+)?"
                           r"(?:[\w’'&-]+\s+){0,4}?(committees?|sub-committees?|groups?|panels?|forums?|networks?|"
                           r"councils?|partnerships?)\b", re.I)


def _role_just_before(unit: Unit, role: tuple[str, ...]) -> Unit | None:
    """The sentence before `unit` when it gives the role and names no one, so that the person `unit` names holds
    it ("A new chair has been appointed to the Fenn partnership. Ann Bray takes up the post in May."); a news
    page's standfirst, unpunctuated, counts as such a sentence, a short heading ("Chair's report") does not."""
    prev = unit.neighbour(-1)
    if not role or prev is None or _people_in(prev.text) or not (
            prev.kind == "sentence" or prev.kind == "heading" and prev.words >= 8):
        return None
    if not _FILLED_NOW.search(prev.text):
        return None  # "The chair welcomed members. Ian Roe declared an interest": a role, not one just filled
    return prev if all(r in tokenize(prev.text) for r in role) else None


_FILLED_NOW = re.compile(r"\b(?:appointed|named|announced|confirmed|chosen|selected|elected)\b", re.I)


def _role_held_elsewhere(question: str, sentence: str, role: tuple[str, ...]) -> bool:
    """The sentence gives the role asked about only as held in a kind of body the question does not ask about
    ("who chairs the ICB" is not answered by "… as the Chair of the Quality Committee")."""
    asked = set(tokenize(question))
    rest = _ROLE_OF_BODY.sub(lambda m: m.group(0) if tokenize(m.group(2))[0] in asked else " ", sentence)
    return rest != sentence and not all(r in tokenize(rest) for r in role)


# "who is Ann Bray", "who's Ann Bray": the person named is the one asked about
_IDENTITY = re.compile(rf"^\s*who(?:['’]s|\s+(?:is|was|are|were))\s+(?:the\s+)?(?:(?:{HONORIFICS})\.?\s+)?[A-Z]", re.I)


def _someone_else_asked(info: QuestionInfo) -> frozenset[str]:
    """For "who replaced Ann Bray", "who did Ian Roe succeed": the names of the people the question names (the
    answer is someone else); empty for other questions, and for "who is Ann Bray"."""
    if info.kind != "who" or info.listing or info.compound or _IDENTITY.match(info.text):
        return frozenset()
    return frozenset(fold(w) for n in _people_in(info.text) for w in n.split()
                     if not re.fullmatch(rf"(?:{HONORIFICS})\.?", w))


def _names_someone_else(text: str, asked: frozenset[str]) -> bool:
    """The sentence names a person none of whose names is one of `asked`."""
    return any(not {fold(w) for w in name.split()} & asked for name in _people_in(text))


def _people_in(text: str) -> list[str]:
    """The people a sentence names, not the places of the ICBs it names ("Amber Vale" in "Tern and Amber Vale
    ICB") nor a place before a body's name ("Upper Wexmoor Integrated Care Partnership", "the ten Upper Wexmoor
    local authorities")."""
    boards = [m.core for m in find_icbs(text)]
    return [name for name, _, e in person_names(text) if not any(name in core for core in boards)
            and not _ORG_AFTER.match(text[e:])]


_ORG_AFTER = re.compile(r"\s+(?:integrated|icbs?|icss?|icps?|ccgs?|nhs|council|councils|trusts?|partnership|board|health|"
                        r"care|local authorit\w*|clinical|hospitals?|universit(?:y|ies)|systems?|regions?|areas?)\b", re.I)


def _names_person(c: _Candidate) -> bool:
    """The sentence, or the list item's lead-in, names a person."""
    lead = lead_in_of(c.unit) if c.unit.kind in ("item", "row") else None
    return names_a_person(c.span.text) or bool(c.span.speaker) or (lead is not None and names_a_person(lead.text))


_WHICH_ICB = re.compile(r"^\s*(?:which|what)\s+(?:icb|ics|integrated care (?:board|system))\s+(?:is|was|has|had|did|does|"
                        r"will|would|became|first|alone|only)\b", re.I)
# a yes/no question about a decision ("Did the board approve …", "Was the amendment agreed …"), and a decision
# reported as made
_DECISION_ASKED = re.compile(r"^\s*(?:did|was|were|has|have|had)\b.*(?<!\ba )(?<!\ban )(?<!\bthe )(?<!\bany )"
                             r"(?<!\bno )(?<!\bits )\b(?P<verb>approv\w*|agree[sd]?|accept\w*|"
                             r"support\w*|back(?:ed)?|endors\w*|pass(?:ed)?|reject\w*|ratif\w*|adopt\w*|vote[sd]?)\b",
                             re.I)
_DECIDED = re.compile(r"\b(?:approved|agreed|accepted|supported|backed|endorsed|passed|rejected|ratified|adopted|"
                      r"voted|resolved|carried|negatived|withdrawn|declined|refused|overturned|upheld)\b", re.I)
_WHICH_ICBS = re.compile(r"^\s*(?:which|what)\s+(?:\w+\s+)?(?:icbs|icss|integrated care (?:boards|systems))\b", re.I)
# "which four trusts …", "which Fenn council …": organisations of a kind, to be named
_WHICH_BODY = re.compile(r"^\s*(?:which|what)\s+(?:(?!(?:did|does|do|is|was|are|were|has|have|had|will|would|can|"
                         r"could|should)\b)[\w’'-]+\s+){0,3}?(?P<noun>trusts?|councils?|hospitals?)\b", re.I)
# "names of the …", "what are the names of …": people, to be named
_ASKS_NAMES = re.compile(r"^\s*(?:(?:what|who)\s+(?:are|were|is)\s+the\s+|list\s+the\s+|give\s+(?:me\s+)?the\s+)?"
                         r"names?\s+of\b", re.I)


def _names_body(noun: str, text: str) -> bool:
    """The text names an organisation of the kind ("Fenn Valley NHS Foundation Trust", "Marsh Council")."""
    head = noun.rstrip("s").capitalize()
    return bool(re.search(rf"\b[A-Z][\w’'&-]*(?:\s+(?:and\s+|of\s+|&\s+)?[A-Z][\w’'&-]*)*\s+{head}s?\b", text))


_MEMBER_FOR = re.compile(r"\b(?:hon(?:ourable)?\.?\s+|right hon(?:ourable)?\.?\s+)?Members?\s+for\s+[A-Z][\w’'-]*")
# an appointment still to be made: "… will be making the two new appointments, expected to be confirmed in July"
# names those who appoint, not who was appointed
_PENDING = re.compile(r"\b(?:will\s+be\s+(?:making|made|appointing|announced|confirmed)|will\s+(?:make|appoint|"
                      r"announce)|(?:is|are)\s+(?:yet|still)\s+to\s+be|to\s+be\s+(?:appointed|confirmed|announced|made)|"
                      r"expected\s+to\s+be\s+(?:confirmed|announced|appointed|made)|recruitment\s+(?:is|process)|"
                      r"(?:is|are)\s+recruiting)\b", re.I)
_ASKS_AHEAD = re.compile(r"\bwho will\b|\bwho is (?:set|due|expected|going) to\b", re.I)
_APPOINTED = re.compile(r"\bwho (?:was|is|has been|will be|were)\b.{0,30}\b(?:appointed|named|elected|chosen|hired|moved)\b"
                        r"|\bwho moved\b", re.I)


def _speakers(info: QuestionInfo) -> list[str]:
    """The people or organisations a "what did X say" question names as X (as their key words)."""
    return [_entity_key(e) for e in info.speakers if len(_entity_key(e)) > 2]


_QUOTE_MARKS = re.compile(r"[“”\"]")  # double marks only: ’ is also an apostrophe
# a sentence that spells out what the one before only names: "This includes …", "These are …"
_ELABORATES = re.compile(r"^\s*(?:this|these|they|those|such)\s+(?:includes?|including|are|were|mean|means|comprise|"
                         r"comprises|cover|covers|range from)\b", re.I)
_STATEMENT_WORDS = 8  # a sentence this long says something; a dateline or a reference line does not
_TERMINAL = re.compile(r"[.!?]\W*$")
# a reference code a question may name: a written question's number ("HL6183", "UIN 12345"), a paper's ("HC 587",
# "ICS0046"): capitals then digits, one token or two
_REFERENCE = re.compile(r"\b(?-i:[A-Z]{2,5})\s?\d{3,6}\b")
# words that report what someone said or where they stand: "what did X say" is answered by a sentence with one
_REPORTS = re.compile(
    r"\b(?:sa(?:id|ys?)|add(?:ed|s)|warn(?:ed|s|ing)?|stated|states(?!\s+of\b)|argu(?:ed|es?)|t(?:old|ells?)|wr(?:ote|ites?)|"
    r"continu(?:ed|es)|admit(?:s|ted)|explain(?:ed|s)|comment(?:ed|s)?|not(?:ed|es)|insist(?:ed|s)|claim(?:ed|s)|"
    r"believ(?:ed|es)|stress(?:ed|es)|urg(?:ed|es)|call(?:ed|s) (?:for|on)|highlight(?:ed|s)|point(?:ed|s) out|"
    r"suggest(?:ed|s)|conclud(?:ed|es)|declar(?:ed|es)|respon(?:ded|ds|se)|repl(?:ied|ies|y)|ask(?:ed|s)|"
    r"express(?:ed|es)|welcom(?:ed|es)|acknowledg(?:ed|es)|confirm(?:ed|s)|caution(?:ed|s)|emphasi[sz](?:ed|es)|"
    r"criticis(?:ed|es)|criticiz(?:ed|es)|describ(?:ed|es)|back(?:ed|s)|support(?:ed|s)?|oppos(?:ed|es)|"
    r"reject(?:ed|s)|agre(?:ed|es)|accept(?:ed|s)|recommend(?:ed|s)?|propos(?:ed|es)|raised|questioned|"
    r"according to|view|statement|reaction|speech|interview|remarks?|hop(?:ed|es)|"
    r"want(?:ed|s)|feel|feels|felt|think|thinks|thought|announc(?:ed|es)|reveal(?:ed|s)|predict(?:ed|s)|"
    r"speculat(?:ed|es)|estimat(?:ed|es)|speaking|spoke|insisted)\b", re.I)
# words in single quotation marks, a phrase not an apostrophe: "… speculated that ‘you could group ICBs’"
_SINGLE_QUOTED = re.compile(r"‘[^‘’]*\s[^‘’]*’")
_FIRST_PERSON = re.compile(r"\b(?:we|our|us|I)\b(?!['’-])", re.I)


_ANSWERED_BY = re.compile(r"^\s*Answered by\s*\n+\s*(?P<name>[A-Z][\w’'.-]*(?: [A-Z][\w’'.-]*){1,3}?)(?: Portrait)?\s*$",
                          re.M)


def _answered_by(text: str, end: int) -> tuple[int, str] | None:
    """The last "Answered by" line of a written answer before `end` in its document's text: (where the
    answerer's name ends, the name); None on a page that has none."""
    found = None
    for m in _ANSWERED_BY.finditer(text, 0, end):
        found = (m.end("name"), m.group("name"))
    return found


def _own_voice(info: QuestionInfo, chunk) -> str | None:
    """The speaker a "how did X react" question names, when the page is X's own (X publishes it, or its title
    names X): sentences there in the first person are X speaking."""
    if info.kind != "quote":
        return None
    own = name_key(f"{chunk.publisher or ''} {chunk.title}")
    return next((speaker for speaker, key in zip(info.speakers, _speakers(info), strict=False)
                 if mentions_name(key, own, own)), None)


def _page_of(chunk) -> str:
    """What names a chunk's page: its title, publisher and heading (not who is quoted somewhere in the chunk)."""
    return f"{chunk.title} {chunk.publisher or ''} {chunk.heading or ''}"


def _spoken_or_named(info: QuestionInfo, c: _Candidate) -> bool:
    """Whether a sentence is the named speaker's words, or names them (itself or the sentence before)."""
    if c.who and _spoken_by(info, c.who):
        return True
    prev = c.unit.neighbour(-1)
    if prev is not None and not (prev.text.rstrip().endswith(":") or _QUOTE_MARKS.search(c.span.text)
                                 or _ANAPHOR_START.match(c.span.text)):
        prev = None  # the sentence before names X: it speaks for this one only if it introduces it or this goes on
    window = fold(f"{c.span.text} {prev.text if prev is not None else ''} {_page_of(c.unit.chunk)}", lower=False)
    window = window.replace("-", " ")  # names keep their capitals: "Providers" is not "care providers"
    return any(re.search(rf"\b{re.escape(fold(k, lower=False).replace('-', ' '))}", window) or (k.isupper() and mentions_name(k, c.span.text))
               for k in _speakers(info))


def _wants_more(info: QuestionInfo, chosen: list[_Candidate], target_words: int) -> bool:
    words = sum(c.words for c in chosen)
    if words >= target_words:
        return False
    if info.compound or info.kind in ("why", "quote"):
        return True
    if (info.composition or info.listing) and len(chosen) > 1:
        return False  # the list asked for, whole
    return type_match(info.kind, chosen[0].span.text, info.text) < 1.0 and info.kind in ("how_many", "when", "who")


def _entity_bonus(info: QuestionInfo, c: _Candidate) -> float:
    bonus = 0.0
    sentence = fold(c.span.text)
    around = fold(f"{c.span.chunk.context or ''} {c.span.chunk.text}")
    subject = fold(_antecedent(c) or "")
    for entity in info.entities:
        key = fold(_entity_key(entity))
        if key in sentence or key in subject:  # "She has been …" under her name speaks of her as if it named her
            bonus += 0.06
        elif key in around:
            bonus += 0.03
    asked = [fold(_entity_key(e)) for e in info.entities if names_a_person(e)]
    if subject and asked and not any(key in subject for key in asked):
        bonus -= 0.06  # "He has led …" after another person's name: not about the person asked
    if info.kind == "quote" and c.span.speaker and (info.speakers or info.entities):
        if _spoken_by(info, c.who or c.span.speaker):
            bonus += 0.1  # the named person's own words
        elif info.speakers:
            bonus -= 0.1  # someone else's words that merely mention them
    elif info.kind == "quote" and c.span.speaker:
        bonus += 0.05  # "how did the union react": somebody's own words, rather than a report about them
    return bonus


_OPENING_PRONOUN = re.compile(r"^[\"“‘']?\s*(?:He|She)\b")


def _antecedent(c: _Candidate) -> str | None:
    """The person a sentence that opens on "He" or "She" speaks of: the first one named in the nearest unit before
    it in its passage that names someone (its heading included); None for other sentences, or when no one is."""
    if not _OPENING_PRONOUN.match(c.span.text):
        return None
    for unit in reversed(c.unit.siblings[: c.unit.index]):
        if people := _people_in(unit.text):
            return people[0]  # the sentence's subject, as a rule: "Ann Bray succeeds Ian Roe. She was …"
    people = _people_in(c.span.chunk.section or "")
    return people[0] if people else None


def _names_entity_asked(info: QuestionInfo, c: _Candidate) -> bool:
    """The sentence or its passage names an entity the question names (or the question names none)."""
    if not info.entities:
        return True
    around = fold(f"{c.span.chunk.context or ''} {c.span.chunk.text}")
    return any(fold(_entity_key(entity)) in around for entity in info.entities)


_TITLES = {"dr", "professor", "prof", "sir", "dame", "lord", "lady", "baroness", "baron", "mr", "mrs", "ms", "miss",
           "councillor", "cllr", "rt", "hon", "the"}


def _surname(speaker: str) -> str | None:
    """A person's surname from a speaker as attributed ("Sharon Stoltz York’s director of public health": Stoltz),
    or None when it does not open with a person's name of two or more words."""
    run = []
    for word in speaker.split():
        if not word[:1].isupper() or (word.lower().strip(".") in _TITLES and not run):
            if run or word[:1].islower():
                break
            continue  # a title before the name ("Dr", "Councillor")
        if re.search(r"['’]s?$", word):
            break
        run.append(word.strip(",;:"))
    return run[-1] if 2 <= len(run) <= 4 else None


def _entity_key(entity: str) -> str:
    """The word that names an entity best: its last one that is neither an acronym nor a generic noun."""
    words = [re.sub(r"['’]s$", "", w) for w in entity.split()]
    words = [w for w in words if w.upper() not in GLOSSARY and w.lower() not in _GENERIC]
    return words[-1] if words else entity.split()[-1]


_GENERIC = {"board", "boards", "committee", "trust", "council", "system", "partnership", "nhs", "review", "bill",
            # a title after a place is the asker's word for someone there ("which Fenn East councillor said …")
            "councillor", "councillors", "cllr"}


def _words(text: str, among: set[str] | None = None) -> set[str]:
    """A text's stems plus the glossary concepts it names (only those `among`, when given)."""
    return set(tokenize(text)) | concepts(text, among)


def _idf(store, terms: list[str]) -> dict[str, float]:
    """IDF of each term; a concept ("§LMC") weighs what its acronym weighs."""
    plain = store.idf([t for t in terms if not t.startswith("§")] +
                     [tokenize(t[1:])[0] for t in terms if t.startswith("§") and tokenize(t[1:])])
    return {t: plain.get(tokenize(t[1:])[0] if t.startswith("§") and tokenize(t[1:]) else t, 1.0) for t in terms}


def _spoken_by(info: QuestionInfo, speaker: str) -> bool:
    """Whether the quoted speaker is one the question names (by surname or organisation name)."""
    folded = name_key(speaker)
    asked = info.speakers or info.entities
    if len(info.speaker_words) >= 2 and set(info.speaker_words) <= set(tokenize(speaker)):
        return True  # "the chair of the north London ICBs": Chair of North Central London ICB and North West …
    return any(name_key(_entity_key(e)) in folded for e in asked)


def _absent_names(info: QuestionInfo, c: _Candidate) -> list[str]:
    """Names the question asks about that the sentence's own passage never mentions."""
    if not info.rare_names:
        return []
    around = name_key(f"{c.span.chunk.title} {c.span.chunk.context or ''} {c.span.chunk.text}")
    return [n for n in info.rare_names if name_key(n) not in around and not set(tokenize(n)) <= c.context_terms]


def _absent_names_penalty(info: QuestionInfo, c: _Candidate) -> float:
    return min(0.16, 0.08 * len(_absent_names(info, c)))


_DOCUMENT_NOUN = (r"\s+(?:[a-z]+\s+)?(?:update|report|statement|response|paper|papers|article|briefing|letter|guidance|"
                  r"edition|version|review|publication|newsletter|consultation|submission|evidence)\b")


def _missing_names(info: QuestionInfo, passages: list[Passage]) -> list[str]:
    """Names and days in the question that none of the passages mention: the documents cannot be about them."""
    raw = " ".join(f"{p.chunk.title} {p.chunk.publisher or ''} {source_words(p.chunk.source)} {p.chunk.context or ''} "
                   f"{p.chunk.text}"
                   for p in passages)
    # a day the question names ("at its meeting on 3 November 2022"): passages that never name it are about others;
    # the passages are read for dates only when the question names one
    asked_days = days_named(info.text)
    named_days = {(day, month) for _, day, month in days_named(raw)} if asked_days else set()
    missing = [written for written, day, month in asked_days if (day, month) not in named_days]
    # and a month of a year ("the meeting in January 2025"), unless it dates the document ("its July 2023 update")
    asked_months = [(written, month, year) for written, month, year in months_named(info.text, bare=True)
                    if not re.search(re.escape(written) + _DOCUMENT_NOUN, info.text)]
    named_months = {(month, year) for _, month, year in months_named(raw)} if asked_months else set()
    missing += [written for written, month, year in asked_months if (month, year) not in named_months]
    if not info.rare_names:
        return missing
    haystack = name_key(raw)
    missing += [n for n in info.rare_names if name_key(n).rstrip("s") not in haystack
               and not mentions_name(n, raw)]
    cased = " ".join(fold(raw, lower=False).replace("-", " ").split())
    for name, pattern in _proper_phrases(info):
        if not pattern.search(cased):
            missing.append(name)
    return _short_forms_named(info, raw, list(dict.fromkeys(missing)))


def _short_forms_named(info: QuestionInfo, text: str, missing: list[str]) -> list[str]:
    """`missing` without the words of an ICB the question names that `text` names by a short form ("LLR ICS" for
    Leicester, Leicestershire and Rutland)."""
    found = [m.core for m in find_icbs(text)] if missing else []
    for asked in find_icbs(info.text) if found else []:
        if any(same_icb(asked.core, core) for core in found):
            words = set(re.findall(r"[\w’'-]+", asked.core))
            missing = [n for n in missing if not set(re.findall(r"[\w’'-]+", n)) <= words]
    return missing


_NAME_GAP = r"(?:\s+(?:and|of|the|for|&|in|on)){0,2}\s+"


def _proper_phrases(info: QuestionInfo) -> list[tuple[str, re.Pattern]]:
    """A multi-word name the question asks about ("NHS Providers", "Local Government Association") must stand
    in the passages as a name — its capitalised words in order — not merely as its words ("providers" in "care
    providers"). A name is cut at acronyms and at "and": "RCGP Jo Bloggs" is the person "Jo
    Bloggs", "North Central and North West London" two names."""
    out = []
    opening = info.text.split()[0] if info.text.split() else ""
    for entity in info.entities:
        words = fold(entity, lower=False).replace("-", " ").split()
        if words and info.text.lstrip().startswith(entity) and words[0] == opening:
            words = words[1:]  # "Has RCN …": a question's first word is capitalised, not a name
        run: list[str] = []
        for word in [*words, "and"]:
            possessive = bool(re.search(r"['’]s$|s['’]$", word))  # "the Guild's", "Surrey Heartlands'"
            word = re.sub(r"['’]s$", "", word).strip(".,'’")
            if run and word in ("of", "the", "for", "on", "in"):
                continue  # inside a name: "Isles of Scilly" (the pattern allows them between any words)
            ends = word.lower() in ("and", "&") or re.match(r"I('\w+)?$", word) or not word[:1].isupper()
            # "North East Essex ICB Governance Handbook": an acronym may be written out ("Integrated Care Board")
            acronym = word.isupper() and (word in GLOSSARY or word.rstrip("s") in GLOSSARY)
            ends = ends or acronym
            if not ends:
                run.append(word)
            if ends or possessive:  # "the Guild's Jo Bloggs": two names
                while run and (run[-1].upper() in GLOSSARY or run[-1].rstrip("s").upper() in GLOSSARY
                               or run[-1].lower() in _GENERIC):
                    run.pop()  # "… ICB Board" may be written out, or left out
                if len(run) >= 2:
                    out.append((" ".join(run), re.compile(_NAME_GAP.join(re.escape(w) for w in run), re.I)))
                run = []
    return out


def _relation_stated(relation, candidates: list[_Candidate], joint: bool = False) -> bool:
    """Some sentence (with the one before it, for a pronoun) names both the role asked about and the entity; for
    `joint` entities ("X and Y"), each of their names is in some sentence with the role."""
    role, names = relation
    named: set[str] = set()
    for c in candidates:
        if not all(r in c.terms for r in role):
            continue
        prev = c.unit.neighbour(-1)
        window = name_key(" ".join((c.span.text, prev.text if prev is not None else "", c.unit.chunk.title,
                                    c.unit.chunk.context or "")))
        found = {n for n in names if name_key(n) in window}
        if len(found) == len(names):
            return True
        named |= found
    # "the chairs of the Tern and Marsh and Upper Wexmoor ICBs": each board's chair in a sentence of its own
    return joint and len(named) == len(names)


def _decision(question: str, best: _Candidate, candidates: list[_Candidate], margin: float) -> _Candidate | None:
    """The likeliest sentence that reports a decision made ("This resolution passed."): among those scoring
    near the best, or on the best's own page (where a short outcome line scores low on the question's words);
    one in the verb asked ("did it pass": "passed") before any other."""
    made = [c for c in candidates if _DECIDED.search(c.span.text) and not _FUTURE.search(c.span.text)
            and (c.score >= margin * best.score
                 or (c.span.chunk.doc_id == best.span.chunk.doc_id and c.score >= 0.5 * best.score))]
    asked = _DECISION_ASKED.search(question)
    stem = asked.group("verb")[:4].lower() if asked else ""
    return max(made, key=lambda c: (bool(stem) and any(m.group(0).lower().startswith(stem)
                                                       for m in _DECIDED.finditer(c.span.text)), c.score),
               default=None)


def _states_outcome(info: QuestionInfo, c: _Candidate) -> bool:
    """The sentence uses the verb of the outcome asked about, in any of its forms."""
    verb = info.outcome_verb or ""
    return any(f in c.span.text.lower() for f in _OUTCOME_FORMS.get(verb, (verb[:6],)))


def _only_future(info: QuestionInfo, candidates: list[_Candidate]) -> bool:
    """The question asks what something concluded or found, but no passage reports that it did: they only say
    what it *will* do, or never use the verb of the thing asked about."""
    verb = info.outcome_verb or ""
    forms = _OUTCOME_FORMS.get(verb, (verb[:6],))
    mentions = [c for c in candidates if any(f in c.span.text.lower() for f in forms)
                and _absent_names_penalty(info, c) == 0.0]
    return all(_FUTURE.search(c.span.text) for c in mentions)


_WHO_SAID = re.compile(r"^\s*who\s+(?:has\s+|had\s+)?(?:said|says|warned|warns|argued|argues|wrote|writes|claimed|claims|"
                       r"described|describes|called|calls|stated|states|suggested|suggests|argued|questioned|asked)\b", re.I)


def _attribution(info: QuestionInfo, chosen: list[_Candidate]) -> str:
    """For "who warned that …", when the sentences that say it name no one: whose page they are on, from its
    metadata ("From Ida Venn, “Boards at a crossroads”:"); an author, else a publisher; empty otherwise."""
    if not _WHO_SAID.match(info.text) or any(c.span.speaker or names_a_person(c.span.text) for c in chosen):
        return ""
    chunk = chosen[0].span.chunk
    who = chunk.author or chunk.publisher
    return f"From {who}, “{chunk.title}”:" if who else ""


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
