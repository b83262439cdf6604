"""What every answerer shares: the abstention sentinel, cited spans, composing an answer from them, and the
verbatim check every citation must pass before an answer leaves the assistant."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.text import fold
from core.types import Chunk, Citation

#: The one phrase that opens every abstention; code and tests use this constant, never a copy.
SENTINEL = "The documents don't say"


class CitationError(AssertionError):
    """A citation's quote is not verbatim in its document: a bug, never an output."""


@dataclass(frozen=True)
class Span:
    """A verbatim span of a document, relied on by an answer sentence."""

    chunk: Chunk
    start: int  # offsets in the document text
    end: int
    text: str  # == document text[start:end]
    speaker: str | None = None  # who is quoted in it, if it lies inside an attributed quotation


@dataclass(frozen=True)
class Draft:
    """An answerer's output before timings and retrieval are attached."""

    answer: str
    abstained: bool
    citations: tuple[Citation, ...]
    notice: str | None = None
    answerer: str | None = None  # set when not the answerer asked (e.g. the extractive fallback)


def compose(spans: list[Span], lead: str = "", tail: str = "") -> Draft:
    """Join spans into an answer, each followed by its citation marker (and `tail`, a note of what is missing,
    after them).

    Adjacent spans of the same chunk share one citation; every citation's quote is its exact document text.
    """
    merged = _merge_adjacent(spans)
    citations: list[Citation] = []
    parts = [lead] if lead else []
    prev: Span | None = None
    for span, last_speaker in merged:
        n = len(citations) + 1
        citations.append(Citation(n=n, chunk=span.chunk, quote=span.text, start=span.start, end=span.end))
        parts.append(f"{_attributed(span, prev)}{' '.join(span.text.split())} [{n}]")
        prev = Span(span.chunk, span.start, span.end, span.text, last_speaker)
    return Draft(" ".join([*parts, tail] if tail else parts), False, tuple(citations))


_SAYS = re.compile(r"\b(said|says|added|adds|warned|warns|stated|states|argued|argues|told|wrote)\b", re.I)


def _attributed(span: Span, prev: Span | None = None) -> str:
    """'Patricia Hewitt said: ' before quoted words whose sentence does not name their speaker (nor the answer's
    sentence just before, when it introduces them: "The chair, Jo Bloggs, said:", or is theirs too)."""
    if not span.speaker:
        return ""
    key = fold(span.speaker.split("(")[0].split()[-1]) if span.speaker.split() else ""
    if not key or key in fold(span.text) or _SAYS.search(span.text):
        return ""  # the sentence names its speaker, or says who said it ("…,’ the letter said")
    if prev is not None and prev.text.rstrip().endswith(":") and key in fold(prev.text):
        return ""
    if prev is not None and prev.speaker == span.speaker:
        return ""  # the answer goes on with the same speaker's words: the reader has just been told whose
    return f"{span.speaker} said: "


def _merge_adjacent(spans: list[Span]) -> list[tuple[Span, str | None]]:
    """Spans that follow each other in a chunk as one, each with the speaker of its last part (whose words the
    next span may go on with)."""
    out: list[tuple[Span, str | None]] = []
    for span in spans:
        prev = out[-1][0] if out else None
        gap = None
        if prev and prev.chunk.chunk_id == span.chunk.chunk_id and 0 <= span.start - prev.end <= 12:
            gap = span.chunk.text[prev.end - span.chunk.start : span.start - span.chunk.start]
        if gap is not None and not gap.strip():
            out[-1] = (Span(prev.chunk, prev.start, span.end, prev.text + gap + span.text, prev.speaker), span.speaker)
        else:
            out.append((span, span.speaker))
    return out


def verify(citations: tuple[Citation, ...], document_text) -> None:
    """Check every quote against its document's text.

    Args:
        citations: the answer's citations.
        document_text: doc_id -> the document's full extracted text.

    Raises:
        CitationError: a quote is not exactly the document's text at its offsets.
    """
    for citation in citations:
        text = document_text(citation.chunk.doc_id)
        if text is None or text[citation.start : citation.end] != citation.quote or not citation.quote.strip():
            raise CitationError(f"citation [{citation.n}] is not verbatim in {citation.chunk.source}")


def quote_in_answer(answer: str, quote: str) -> bool:
    """Whether the quote's words appear in the answer (white space and quote style folded)."""
    return fold(quote) in fold(answer)
