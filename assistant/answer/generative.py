"""Optional generative answering through LangChain chat models: Ollama or any OpenAI-compatible server.

The model sees the retrieved passages fenced as data and must cite them. Its answer is then checked sentence by
sentence: a sentence without a marker, or citing a passage it was not given, or quoting words its passage does
not contain, or sharing too little with its passage, is dropped. Each kept citation quotes the passage sentence
that supports it, verbatim. If the server cannot be reached, or nothing survives the checks, the extractive
answer is given instead with a visible notice — never a traceback.
"""

from __future__ import annotations

import re

from assistant.answer.base import SENTINEL, Draft, Span
from core.settings import Settings
from core.text import fold, sentence_spans, tokenize
from core.types import Citation, Passage
from prompts import render

_MARKER = re.compile(r"\[(\d{1,3})\]")
_QUOTED = re.compile(r"[“\"]([^”\"]{4,}?)[”\"]")
MIN_OVERLAP = 0.35  # share of a sentence's content words its cited passage sentence must contain


class LLMUnavailable(RuntimeError):
    """The configured model could not be reached or answered with an error."""


def chat_model(settings: Settings):
    """The LangChain chat model named by `settings.llm` ("ollama:MODEL" or "openai:MODEL")."""
    provider, _, model = (settings.llm or "").partition(":")
    if not model:
        raise ValueError(f"ICS_ASSISTANT_LLM must be 'ollama:MODEL' or 'openai:MODEL', not '{settings.llm}'")
    if provider == "openai":
        try:
            from langchain_openai import ChatOpenAI
        except ImportError as exc:
            raise LLMUnavailable("install the 'llm' extra: pip install 'ics-assistant[llm]'") from exc
        return ChatOpenAI(model=model, base_url=settings.llm_base_url, api_key=settings.llm_api_key or "not-needed",
                          timeout=settings.llm_timeout_s, max_retries=0, temperature=0)
    if provider == "ollama":
        try:
            from langchain_ollama import ChatOllama
        except ImportError as exc:
            raise LLMUnavailable("install the 'llm' extra: pip install 'ics-assistant[llm]'") from exc
        return ChatOllama(model=model, base_url=settings.llm_base_url, temperature=0,
                          client_kwargs={"timeout": settings.llm_timeout_s})
    raise ValueError(f"unknown LLM provider '{provider}' (use ollama or openai)")


def format_passages(passages: list[Passage]) -> str:
    """Passages fenced and numbered; fence-like text inside a passage is neutralised."""
    blocks = []
    for i, p in enumerate(passages, start=1):
        body = p.chunk.text.replace("<passage", "‹passage").replace("</passage", "‹/passage")
        where = ", ".join(x for x in (p.chunk.title, p.chunk.publisher, p.chunk.published,
                                      f"§ {p.chunk.section}" if p.chunk.section else None) if x)
        blocks.append(f'<passage n="{i}" source="{where}">\n{body}\n</passage>')
    return "\n\n".join(blocks)


class GenerativeAnswerer:
    """Answers with an LLM, validated against the passages; falls back to `fallback` (extractive)."""

    def __init__(self, settings: Settings, fallback, model=None) -> None:
        self.settings = settings
        self.fallback = fallback
        self.name = f"llm:{settings.llm}"
        self._model = model

    def answer(self, question: str, passages: list[Passage], info=None) -> Draft:
        if not passages:
            return self.fallback.answer(question, passages, info)
        try:
            raw = self._generate(question, passages)
        except Exception as exc:  # any transport or server failure: answer extractively, say so
            return self._fallback(question, passages, info, f"LLM unavailable ({_reason(exc)}): answered extractively")
        if raw.strip().startswith(SENTINEL):
            return Draft(f"{SENTINEL}.", True, ())
        draft = validate(raw, passages)
        if draft is None:
            return self._fallback(question, passages, info, "LLM answer had no verifiable citations: "
                                                            "answered extractively")
        return draft

    def _generate(self, question: str, passages: list[Passage]) -> str:
        from langchain_core.messages import HumanMessage, SystemMessage

        model = self._model or chat_model(self.settings)
        messages = [SystemMessage(render("answer_system", sentinel=SENTINEL)),
                    HumanMessage(render("answer_user", question=question, passages=format_passages(passages)))]
        reply = model.invoke(messages)
        return reply.content if isinstance(reply.content, str) else str(reply.content)

    def _fallback(self, question, passages, info, notice: str) -> Draft:
        draft = self.fallback.answer(question, passages, info)
        return Draft(draft.answer, draft.abstained, draft.citations, notice, answerer="extractive")


def validate(raw: str, passages: list[Passage]) -> Draft | None:
    """Keep only the sentences of `raw` that cite a given passage and are supported by it; renumber."""
    kept: list[tuple[str, list[Span]]] = []
    dropped = 0
    # "… expert. [1] Next …" → "… expert [1]. Next …": a marker belongs to the sentence before it
    raw = re.sub(r"([.!?])[\s]*((?:\[\d{1,3}\][\s,]*)+)", lambda m: f" {m.group(2).strip()}{m.group(1)} ", raw)
    for s, e in sentence_spans(raw):
        sentence = raw[s:e]
        numbers = [int(n) for n in _MARKER.findall(sentence)]
        spans = [_support(sentence, passages[n - 1]) for n in numbers if 1 <= n <= len(passages)]
        if not numbers or len(spans) != len(numbers) or any(sp is None for sp in spans):
            dropped += 1
            continue
        kept.append((_MARKER.sub("", sentence).strip(), spans))
    if not kept:
        return None
    citations: list[Citation] = []
    parts = []
    for text, spans in kept:
        marks = []
        for span in spans:
            n = next((c.n for c in citations if (c.chunk.chunk_id, c.start) == (span.chunk.chunk_id, span.start)), None)
            if n is None:
                n = len(citations) + 1
                citations.append(Citation(n=n, chunk=span.chunk, quote=span.text, start=span.start, end=span.end))
            marks.append(f"[{n}]")
        parts.append(f"{text.rstrip('.')}. {' '.join(dict.fromkeys(marks))}".replace(" .", "."))
    notice = f"{dropped} unsupported sentence(s) dropped" if dropped else None
    return Draft(" ".join(parts), False, tuple(citations), notice)


def _support(sentence: str, passage: Passage) -> Span | None:
    """The passage sentence that best supports `sentence`, if it is supported at all."""
    chunk = passage.chunk
    body = _MARKER.sub("", sentence)
    for quoted in _QUOTED.findall(body):
        if fold(quoted) not in fold(chunk.text):
            return None  # words in quotation marks must be the passage's own
    words = set(tokenize(body))
    best, best_overlap = None, 0.0
    for s, e in sentence_spans(chunk.text, chunk.start):
        text = chunk.text[s - chunk.start : e - chunk.start]
        overlap = len(words & set(tokenize(text))) / (len(words) or 1)
        if overlap > best_overlap:
            best, best_overlap = Span(chunk, s, e, text), overlap
    return best if best_overlap >= MIN_OVERLAP else None


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:120]
