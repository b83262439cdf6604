"""`ask`: one pipeline for a question — analyse it once, retrieve with what the analysis found, answer, verify
every citation — timing each step."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import replace

from assistant.answer.base import SENTINEL, verify
from assistant.answer.conversation import history_questions, resolve_follow_up
from assistant.answer.question import QuestionInfo, analyse
from assistant.retrieval import Retriever, SearchFilters, get_retriever
from core.icb import find_icbs
from core.settings import Settings, get_settings
from core.text import drop_pleasantries, expand_short_forms, expand_shorthand, tokenize, truecase
from core.types import Answer, Citation, Passage


def ask(question: str, history: Sequence | None = None, filters: SearchFilters | None = None,
        k: int | None = None, settings: Settings | None = None) -> Answer:
    """Answer a question from the indexed documents, with verbatim citations.

    Args:
        question: the user's question.
        history: earlier turns, as (question, answer) pairs or chat messages ({"role", "content"}).
        filters: document type, publisher and date range for retrieval.
        k: how many passages to retrieve (default settings.top_k).
        settings: defaults from the environment.

    Returns:
        The answer with its citations, the retrieved passages, timings and the answerer that produced it.
    """
    settings = get_settings(settings)
    retriever = get_retriever(settings)
    t0 = time.perf_counter()
    forms = retriever.store.proper_forms()
    # "glos icb board dates": a short form of a name the documents write in full is read as that name
    asked = expand_short_forms(expand_shorthand(drop_pleasantries(question)), forms, retriever.store.knows)
    resolved = resolve_follow_up(asked, history)
    table = _from_board_table(question, resolved, retriever, filters, t0, settings) if settings.board_answers else None
    if table is not None:
        return table
    # retrieval reads the follow-up rewritten with its topic; choosing sentences reads what this turn asks, with
    # the names a user typed in lower case written as the documents write them ("cornwall" -> "Cornwall")
    topic = history_questions(history or ())[-1] if resolved != asked else None
    info = analyse(truecase(asked, forms), topic=truecase(topic, forms) if topic else None)
    passages = retriever.search(resolved, k=k or settings.top_k, filters=filters,
                                names=info.rare_names if resolved == asked else None)
    if info.kind == "quote":
        passages = _with_speaker_quotes(info, passages, retriever)
    t1 = time.perf_counter()
    answerer = get_answerer(settings, retriever)
    draft = answerer.answer(asked, passages, info=info)
    verify(draft.citations, retriever.store.document_text)
    t2 = time.perf_counter()
    timings = {"retrieve": (t1 - t0) * 1000, "answer": (t2 - t1) * 1000, "total": (t2 - t0) * 1000}
    return Answer(question, draft.answer, draft.abstained, draft.citations, tuple(passages), timings,
                  answerer=draft.answerer or answerer.name, notice=draft.notice,
                  resolved_question=resolved, settings_id=settings.fingerprint())


def _from_board_table(question: str, resolved: str, retriever: Retriever, filters: SearchFilters | None, t0: float,
                      settings: Settings) -> Answer | None:
    """"Who sits on / chairs / how many … on" a named ICB's board: the board table's rows, a citation each
    (issue 13). None — and passages answer — for other questions, boards we have no rows for, or filtered asks."""
    if filters:
        return None
    from assistant.boards import board_answer, other_parts

    found = board_answer(resolved, retriever.store)
    if found is None:
        return None
    text, citations, icb, people = found
    verify(citations, retriever.store.document_text)
    holders = list({c.chunk.chunk_id: c.chunk for c in citations}.values())  # what the answer drew from
    retrieved = [Passage(chunk, rank, 1.0) for rank, chunk in enumerate(holders, start=1)]
    named = find_icbs(resolved)  # the board as the question names it: the table's full name may be written nowhere
    name = f"{named[0].core} ICB" if named else icb
    rest_parts = other_parts(resolved)
    for part in rest_parts:  # "… and how big a budget does it control?": passages answer that part
        rest = ask(_about(part, name, people[0] if len(people) == 1 else None),
                   settings=settings.with_(board_answers=False))
        more, numbers = _merge_citations(citations, rest.citations)
        said = rest.answer
        for c in rest.citations:  # a sentence the rows already cite is not said twice
            if numbers[c.n] <= len(citations):
                words = r"\s+".join(map(re.escape, c.quote.split()))
                said = re.sub(rf"{words}\s*\[{c.n}\]", "", said)  # as the answer wrote it: white space collapsed
        said = re.sub(r"\[(\d+)\]", lambda m, numbers=numbers: f"[{numbers.get(int(m.group(1)), m.group(1))}]", said)
        text += "\n" + re.sub(r" {2,}", " ", said).strip()
        citations += more
        retrieved += [replace(p, rank=len(retrieved) + i) for i, p in enumerate(rest.retrieved, start=1)]
    total = (time.perf_counter() - t0) * 1000
    # the rows count the seats asked about and name no one in them (and nothing else was asked)
    abstained = text.startswith(SENTINEL) and not rest_parts
    return Answer(question, text, abstained, citations, tuple(retrieved), {"retrieve": 0.0, "answer": total, "total": total},
                  answerer="board table", resolved_question=resolved, settings_id=settings.fingerprint())


def _merge_citations(have: Sequence[Citation], new: Sequence[Citation]) -> tuple[tuple[Citation, ...], dict[int, int]]:
    """The citations of a later part's answer renumbered after those the answer has: one that cites the same span
    as an earlier one takes its number. Returns (the citations to add, old number -> new number)."""
    spans = {(c.chunk.doc_id, c.start, c.end): c.n for c in have}
    numbers: dict[int, int] = {}
    added: list[Citation] = []
    for c in new:
        key = (c.chunk.doc_id, c.start, c.end)
        if key not in spans:
            spans[key] = len(have) + len(added) + 1
            added.append(replace(c, n=spans[key]))
        numbers[c.n] = spans[key]
    return tuple(added), numbers


def _about(part: str, name: str, person: str | None = None) -> str:
    """A question's later part asked about the board it named: "how big a budget does it control" -> "how big a
    budget does NHS X ICB control"; about the one person the rows name: "what's his background" -> "what's Jo
    Bloggs’s background"; a part with no pronoun is set in the board's scene ("For NHS X ICB, …")."""
    if person:
        said, n = re.subn(r"\b(?:he|she|him)\b", person, part, count=1, flags=re.I)
        if not n:
            said, n = re.subn(r"\b(?:his|her)\b", f"{person}’s", part, count=1, flags=re.I)
        if n:
            return said
    said, n = re.subn(r"\b(?:it|they|them)\b", name, part, count=1, flags=re.I)
    if not n:
        said, n = re.subn(r"\b(?:its|their)\b", f"{name}’s", part, count=1, flags=re.I)
    return said if n else f"For {name}, {part}"


#: quotes of each named speaker that join the passages of a "what did X say" question
SPEAKER_QUOTES = 3


def _with_speaker_quotes(info: QuestionInfo, passages: list[Passage], retriever: Retriever) -> list[Passage]:
    """For "what did X say …": the chunks holding X's quotes that share most words with the question join the
    passages (a lookup in the quote table, not a second search)."""
    from assistant.quotes import completeness

    have = {p.chunk.chunk_id for p in passages}
    terms = set(tokenize(info.text))
    extra: list[Passage] = []
    for entity in info.entities:
        quotes = retriever.store.quotes(speaker=entity.split()[-1])
        ranked = sorted(quotes, key=lambda q: -completeness(q.text) * len(terms & set(tokenize(q.text))))
        for quote in ranked[:SPEAKER_QUOTES]:
            holder = retriever.store.chunk_at(quote.doc_id, quote.start)
            if holder is not None and holder.chunk_id not in have:
                have.add(holder.chunk_id)
                extra.append(Passage(holder, len(passages) + len(extra) + 1, 0.0))
    return list(passages) + extra


def get_answerer(settings: Settings, retriever: Retriever):
    """The extractive answerer, or the generative one when settings name an LLM."""
    from assistant.answer.extractive import ExtractiveAnswerer

    extractive = ExtractiveAnswerer(retriever)
    if not settings.llm:
        return extractive
    from assistant.answer.generative import GenerativeAnswerer

    return GenerativeAnswerer(settings, fallback=extractive)
