"""Quotation extraction and attribution (filled in by the quote-finder work)."""

from __future__ import annotations

from assistant.types import Chunk, Document, Quote

QUOTES_VERSION = 0


def extract_quotes(doc: Document, chunks: list[Chunk]) -> list[Quote]:
    return []
