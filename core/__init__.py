"""The bottom layer every other package builds on: domain types, settings, text utilities and the glossary.

Nothing in ``core`` imports ``ingest``, ``vectorstore``, ``assistant`` or ``eval``.
"""

from core.icb import display_name, find_icbs, icb_key, same_icb
from core.settings import SAMPLE_CORPUS, Settings, get_settings
from core.types import (
    BOARD_CATEGORIES,
    DOC_META_FIELDS,
    Answer,
    Board,
    BoardConflict,
    BoardMember,
    BoardQuorum,
    BoardSource,
    Chunk,
    Citation,
    Document,
    IngestReport,
    PageSpan,
    Passage,
    Quote,
)

__all__ = [
    "BOARD_CATEGORIES",
    "DOC_META_FIELDS",
    "SAMPLE_CORPUS",
    "Answer",
    "Board",
    "BoardConflict",
    "BoardMember",
    "BoardQuorum",
    "BoardSource",
    "Chunk",
    "Citation",
    "Document",
    "IngestReport",
    "PageSpan",
    "Passage",
    "Quote",
    "Settings",
    "display_name",
    "find_icbs",
    "get_settings",
    "icb_key",
    "same_icb",
]
