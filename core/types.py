"""Domain types shared by every layer: documents, chunks, passages, citations, answers and quotes.

Everything that crosses a module boundary is one of these frozen dataclasses, never a bare dict.
`to_dict()` gives the JSON contract shapes that the CLI, the app and the eval harness print.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: The metadata fields a document may carry (from a manifest or derived from the text).
DOC_META_FIELDS = ("title", "publisher", "published", "doc_type", "url", "author")


@dataclass(frozen=True)
class PageSpan:
    """A page of a document: its 1-based number, printed label, and character range in the text."""

    number: int
    start: int
    end: int
    label: str | None = None


@dataclass(frozen=True)
class Document:
    """A loaded document: its extracted text, pages, and metadata."""

    doc_id: str
    source: str  # file name, as users and datasets refer to it
    path: str  # absolute path it was loaded from
    text: str
    sha256: str
    title: str
    publisher: str | None = None
    published: str | None = None
    doc_type: str | None = None
    url: str | None = None
    author: str | None = None
    pages: tuple[PageSpan, ...] = ()

    def meta(self) -> dict[str, Any]:
        """Document-level metadata copied onto every chunk."""
        return {
            "doc_id": self.doc_id,
            "source": self.source,
            "title": self.title,
            "publisher": self.publisher,
            "published": self.published,
            "doc_type": self.doc_type,
            "url": self.url,
            "author": self.author,
        }


@dataclass(frozen=True)
class Chunk:
    """A retrievable unit of a document; `text == document.text[start:end]`."""

    chunk_id: str
    doc_id: str
    text: str
    start: int
    end: int
    page: int | None
    section: str | None
    source: str
    title: str
    publisher: str | None = None
    published: str | None = None
    doc_type: str | None = None
    url: str | None = None
    author: str | None = None
    page_label: str | None = None
    heading: str | None = None  # nearest heading above, for context
    footnotes: str | None = None  # resolved footnote texts for markers in this chunk
    context: str | None = None  # what the chunk means in its document: title, heading, who is speaking

    def index_text(self) -> str:
        """The text that is embedded and keyword-indexed: context first, then the chunk."""
        return f"{self.context}\n{self.text}" if self.context else self.text

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _where(c: Chunk) -> dict[str, Any]:
    """The identifying fields a search result and a citation share."""
    return {"doc_id": c.doc_id, "chunk_id": c.chunk_id, "title": c.title, "source": c.source,
            "publisher": c.publisher, "published": c.published}


@dataclass(frozen=True)
class Passage:
    """A chunk with its rank and score for one query."""

    chunk: Chunk
    rank: int
    score: float

    def to_dict(self) -> dict[str, Any]:
        """The search-result JSON shape."""
        c = self.chunk
        return {"rank": self.rank, **_where(c), "doc_type": c.doc_type, "page": c.page, "section": c.section,
                "start": c.start, "end": c.end, "text": c.text, "score": round(float(self.score), 6)}


@dataclass(frozen=True)
class Citation:
    """A numbered citation: the passage relied on and the verbatim span quoted from it."""

    n: int
    chunk: Chunk
    quote: str
    start: int  # offsets of `quote` in the document text
    end: int

    def to_dict(self) -> dict[str, Any]:
        c = self.chunk
        return {
            "n": self.n,
            **_where(c),
            "page": c.page,
            "section": c.section,
            "text": c.text,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class Answer:
    """An answer with its citations, the passages it was drawn from, timings and the answerer used."""

    question: str
    answer: str
    abstained: bool
    citations: tuple[Citation, ...]
    retrieved: tuple[Passage, ...]
    timings_ms: dict[str, float]
    answerer: str = "extractive"
    notice: str | None = None  # e.g. "LLM unreachable: answered extractively"
    resolved_question: str | None = None  # the follow-up rewritten against the history
    settings_id: str | None = None  # `Settings.fingerprint()` of the settings that produced the answer

    def to_dict(self) -> dict[str, Any]:
        """The `ask --json` contract (plus the answerer and any notice)."""
        out = {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "citations": [c.to_dict() for c in self.citations],
            "retrieved": [p.to_dict() for p in self.retrieved],
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
            "answerer": self.answerer,
        }
        if self.notice:
            out["notice"] = self.notice
        if self.resolved_question and self.resolved_question != self.question:
            out["resolved_question"] = self.resolved_question
        if self.settings_id:
            out["settings_id"] = self.settings_id
        return out


@dataclass(frozen=True)
class Quote:
    """A direct quotation attributed to a speaker, verbatim in its document."""

    quote_id: str
    speaker: str
    role: str | None
    organisation: str | None
    text: str
    doc_id: str
    title: str
    publisher: str | None
    published: str | None
    page: int | None
    section: str | None
    start: int
    end: int
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class IngestReport:
    """What one ingest run did; `to_dict()` is the `ingest --json` contract."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    chunks_embedded: int = 0
    failed: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Counts under the contract's names, and the file names behind each count under `files`."""
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "removed": len(self.removed),
            "chunks_embedded": self.chunks_embedded,
            "failed": self.failed,
            "files": {
                "added": self.added,
                "updated": self.updated,
                "unchanged": self.unchanged,
                "removed": self.removed,
            },
        }


# ---------------------------------------------------------------- board composition (issue 13)

#: The categories a board row falls in, in the order a board is shown.
BOARD_CATEGORIES = ("chair", "chief_executive", "executive", "non_executive", "partner_trust",
                    "partner_primary_care", "partner_local_authority", "place", "other_member", "participant")


@dataclass(frozen=True)
class BoardSource:
    """Where a board row or quorum comes from: a verbatim span of one document (`quote == text[start:end]`)."""

    doc_id: str
    title: str
    quote: str
    start: int
    end: int
    page: int | None = None
    section: str | None = None
    published: str | None = None  # the document's date: two documents that disagree are shown with theirs
    source: str = ""  # file name

    def to_dict(self) -> dict[str, Any]:
        """The citation of the `boards --json` contract (plus `published` and `source`)."""
        return asdict(self)


@dataclass(frozen=True)
class BoardMember:
    """One role on an ICB's board as one document states it: a row of the board table."""

    icb: str  # "NHS Dorset Integrated Care Board"
    role: str  # as written
    category: str  # one of BOARD_CATEGORIES
    count: int
    at_least: bool
    name: str | None
    voting: bool | None  # None: the document does not say
    nominated_by: str | None
    citation: BoardSource

    def to_dict(self) -> dict[str, Any]:
        return {"role": self.role, "category": self.category, "count": self.count, "at_least": self.at_least,
                "name": self.name, "voting": self.voting, "nominated_by": self.nominated_by,
                "citation": self.citation.to_dict()}


@dataclass(frozen=True)
class BoardQuorum:
    """What a document says makes a meeting of the board quorate."""

    icb: str
    text: str
    citation: BoardSource

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "citation": self.citation.to_dict()}


@dataclass(frozen=True)
class BoardConflict:
    """Documents of one ICB that state a category differently (count or names): both are shown, with dates."""

    category: str
    statements: tuple[dict[str, Any], ...]  # {"doc_id", "title", "published", "count", "at_least", "names"}

    def to_dict(self) -> dict[str, Any]:
        return {"category": self.category, "statements": list(self.statements)}


@dataclass(frozen=True)
class Board:
    """One ICB's board, from every document that states it: rows are never merged across documents."""

    icb: str
    doc_ids: tuple[str, ...]
    members: tuple[BoardMember, ...]
    quorum: BoardQuorum | None = None
    conflicts: tuple[BoardConflict, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The `boards --json` contract for one ICB."""
        return {"icb": self.icb, "doc_ids": list(self.doc_ids), "members": [m.to_dict() for m in self.members],
                "quorum": self.quorum.to_dict() if self.quorum else None,
                "conflicts": [c.to_dict() for c in self.conflicts]}
