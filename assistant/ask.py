"""`ask`: retrieve, answer, verify every citation, time each step."""

from __future__ import annotations

import time
from collections.abc import Sequence

from assistant.answer.base import verify
from assistant.answer.conversation import resolve_follow_up
from assistant.retrieval import SearchFilters, get_retriever
from core.settings import Settings, get_settings
from core.types import Answer


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
    resolved = resolve_follow_up(question, history)
    table = _from_board_table(question, resolved, retriever, filters, t0) if settings.board_answers else None
    if table is not None:
        return table
    passages = retriever.search(resolved, k=k or settings.top_k, filters=filters)
    t1 = time.perf_counter()
    answerer = get_answerer(settings, retriever)
    # retrieval needs the earlier turn's topic; choosing sentences needs what this turn asks most of all
    from assistant.answer.conversation import history_questions
    from assistant.answer.question import analyse

    info = analyse(question, topic=history_questions(history or ())[-1] if resolved != question else None)
    if info.kind == "quote":
        passages = _with_speaker_quotes(info, passages, retriever)
    draft = answerer.answer(question, passages, info=info)
    verify(draft.citations, retriever.store.document_text)
    t2 = time.perf_counter()
    timings = {"retrieve": (t1 - t0) * 1000, "answer": (t2 - t1) * 1000, "total": (t2 - t0) * 1000}
    return Answer(question, draft.answer, draft.abstained, draft.citations, tuple(passages), timings,
                  answerer=draft.answerer or answerer.name, notice=draft.notice,
                  resolved_question=resolved)


def _from_board_table(question: str, resolved: str, retriever, filters, t0: float) -> Answer | None:
    """"Who sits on / chairs / how many … on" a named ICB's board: the board table's rows, a citation each
    (issue 13). None — and passages answer — for other questions, boards we have no rows for, or filtered asks."""
    if filters:
        return None
    from assistant.boards import board_answer

    found = board_answer(resolved, retriever.store)
    if found is None:
        return None
    text, citations = found
    verify(citations, retriever.store.document_text)
    total = (time.perf_counter() - t0) * 1000
    return Answer(question, text, False, citations, (), {"retrieve": 0.0, "answer": total, "total": total},
                  answerer="board table", resolved_question=resolved)


def _with_speaker_quotes(info, passages: list, retriever) -> list:
    """For "what did X say …": X's own quotes from the quote store, best on topic first, join the passages."""
    from assistant.quotes import find_quotes
    from core.types import Passage

    have = {p.chunk.chunk_id for p in passages}
    extra: list[str] = []
    for entity in info.entities:
        surname = entity.split()[-1]
        for quote in find_quotes(info.text, speaker=surname, k=3, settings=retriever.settings):
            holder = retriever.store.chunk_at(quote.doc_id, quote.start)
            if holder is not None and holder.chunk_id not in have:
                have.add(holder.chunk_id)
                extra.append(holder.chunk_id)
    if not extra:
        return passages
    chunks = retriever.store.chunks(extra)
    added = [Passage(chunks[cid], len(passages) + i + 1, 0.0) for i, cid in enumerate(extra) if cid in chunks]
    return list(passages) + added


def get_answerer(settings: Settings, retriever):
    """The extractive answerer, or the generative one when settings name an LLM."""
    from assistant.answer.extractive import ExtractiveAnswerer

    extractive = ExtractiveAnswerer(retriever)
    if not settings.llm:
        return extractive
    from assistant.answer.generative import GenerativeAnswerer

    return GenerativeAnswerer(settings, fallback=extractive)
