"""The SQLite catalog on its own: writes, reads, versions and quotes (no model, no Chroma)."""

from __future__ import annotations

import sqlite3

import pytest

from core.types import Chunk, Document, Quote
from vectorstore.catalog import Catalog, IndexUnavailableError


def _doc(doc_id: str, text: str, path: str | None = None, **meta) -> Document:
    return Document(doc_id=doc_id, source=f"{doc_id}.txt", path=path or f"/docs/{doc_id}.txt", text=text,
                    sha256=f"sha-{doc_id}", title=f"Title {doc_id}", **meta)


def _chunks(doc: Document, size: int = 20) -> list[Chunk]:
    return [Chunk(chunk_id=f"{doc.doc_id}:{i}", doc_id=doc.doc_id, text=doc.text[i : i + size], start=i,
                  end=min(i + size, len(doc.text)), page=1, section=None, source=doc.source, title=doc.title,
                  publisher=doc.publisher, published=doc.published, doc_type=doc.doc_type, url=doc.url,
                  author=doc.author, context=f"{doc.title} — part {i}")
            for i in range(0, len(doc.text), size)]


def _quote(doc: Document, start: int, end: int, speaker: str, role: str | None = None) -> Quote:
    return Quote(quote_id=f"{doc.doc_id}:{start}", speaker=speaker, role=role, organisation=None,
                 text=doc.text[start:end], doc_id=doc.doc_id, title=doc.title, publisher=None, published=None,
                 page=1, section=None, start=start, end=end, source=doc.source)


@pytest.fixture
def catalog(tmp_path) -> Catalog:
    return Catalog(tmp_path / "catalog.sqlite3")


def test_a_document_round_trips_with_its_chunks_and_quotes(catalog):
    doc = _doc("a", "The board meets monthly. Jo Bloggs said the plan is good.", publisher="NHS Wexmoor")
    chunks = _chunks(doc)
    catalog.replace_document(doc, chunks, [_quote(doc, 25, 57, "Jo Bloggs")], "test-embedder")
    assert catalog.document("a") == doc
    assert catalog.document_text("a") == doc.text
    assert catalog.doc_chunks("a") == chunks  # by field name: every field comes back in its place
    assert catalog.chunks([c.chunk_id for c in chunks] + ["missing"]) == {c.chunk_id: c for c in chunks}
    [quote] = catalog.quotes(["a"])
    assert quote.speaker == "Jo Bloggs" and quote.text == doc.text[25:57]
    assert catalog.counts() == {"documents": 1, "chunks": len(chunks), "quotes": 1}
    assert catalog.doc_by_path("/docs/a.txt") == ("a", "sha-a")


def test_every_write_moves_the_version(catalog):
    v0 = catalog.version
    doc = _doc("a", "Some text about the board.")
    catalog.replace_document(doc, _chunks(doc), [], "e")
    v1 = catalog.version
    catalog.replace_document(doc, _chunks(doc, 10), [], "e")
    v2 = catalog.version
    catalog.remove_document("a")
    assert v0 < v1 < v2 < catalog.version


def test_replacing_a_document_drops_its_old_chunks_and_quotes(catalog):
    doc = _doc("a", "First version of the page, long enough for chunks.")
    catalog.replace_document(doc, _chunks(doc, 10), [_quote(doc, 0, 5, "Ann Other")], "e")
    new = _doc("a", "Second version.")
    catalog.replace_document(new, _chunks(new, 50), [], "e")
    assert catalog.chunk_ids("a") == ["a:0"] and catalog.quotes() == []
    assert catalog.document_text("a") == "Second version."


def test_removing_a_document_removes_everything_of_it(catalog):
    a, b = _doc("a", "Alpha text here."), _doc("b", "Beta text here.")
    catalog.replace_document(a, _chunks(a), [_quote(a, 0, 5, "Ann Other")], "e")
    catalog.replace_document(b, _chunks(b), [], "e")
    catalog.remove_document("a")
    assert catalog.document("a") is None and catalog.chunk_ids("a") == [] and catalog.quotes() == []
    assert catalog.counts()["documents"] == 1 and catalog.chunk_ids("b")


def test_evidence_paragraphs_are_left_out_of_direct_quotes(catalog):
    doc = _doc("a", "We welcome the review. Paragraph two of evidence.")
    quotes = [_quote(doc, 0, 22, "Jo Bloggs"), _quote(doc, 23, 49, "The Guild", role="written evidence")]
    catalog.replace_document(doc, _chunks(doc), quotes, "e")
    assert [q.speaker for q in catalog.quotes()] == ["Jo Bloggs", "The Guild"]
    assert [q.speaker for q in catalog.quotes(direct_only=True)] == ["Jo Bloggs"]
    assert catalog.quotes(["other"]) == []


def test_documents_filter_by_type_and_publisher(catalog):
    for doc_id, kind, publisher in (("a", "news", "HSJ"), ("b", "constitution", "NHS Wexmoor ICB")):
        doc = _doc(doc_id, "Text of the page.", doc_type=kind, publisher=publisher)
        catalog.replace_document(doc, _chunks(doc), [], "e")
    assert catalog.doc_ids_where("Constitution", None) == ["b"]
    assert catalog.doc_ids_where(None, "wexmoor") == ["b"]
    assert sorted(catalog.doc_ids_where(None, None)) == ["a", "b"]


def test_a_failed_write_changes_nothing(catalog):
    doc = _doc("a", "Text of the page.")
    catalog.replace_document(doc, _chunks(doc), [], "e")
    version = catalog.version
    clash = _chunks(doc) + _chunks(doc)  # the same chunk ids twice: the insert fails inside the transaction
    with pytest.raises((sqlite3.IntegrityError, IndexUnavailableError)):
        catalog.replace_document(_doc("a", "Changed text."), clash, [], "e")
    assert catalog.document_text("a") == "Text of the page." and catalog.version == version
