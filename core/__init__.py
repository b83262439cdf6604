"""The bottom layer every other package builds on: domain types, settings, text utilities and the glossary.

Nothing in ``core`` imports ``ingest``, ``vectorstore``, ``assistant`` or ``eval``.
"""

from core.settings import SAMPLE_CORPUS, Settings, get_settings
from core.types import (
    DOC_META_FIELDS,
    Answer,
    Chunk,
    Citation,
    Document,
    IngestReport,
    PageSpan,
    Passage,
    Quote,
)

__all__ = [
    "DOC_META_FIELDS",
    "SAMPLE_CORPUS",
    "Answer",
    "Chunk",
    "Citation",
    "Document",
    "IngestReport",
    "PageSpan",
    "Passage",
    "Quote",
    "Settings",
    "get_settings",
]
