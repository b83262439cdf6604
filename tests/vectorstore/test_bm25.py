"""The BM25 keyword index on its own: it follows the catalog, filters, and weighs rare words more."""

from __future__ import annotations

import pytest

from tests.vectorstore.test_catalog import _chunks, _doc
from vectorstore.bm25_index import BM25Index
from vectorstore.catalog import Catalog


@pytest.fixture
def index(tmp_path):
    catalog = Catalog(tmp_path / "catalog.sqlite3")
    texts = {"a": "The integrated care board meets in public every month.",
             "b": "The partnership publishes its strategy for pharmacists and dentists.",
             "c": "Local authorities nominate one partner member to the board."}
    for doc_id, text in texts.items():
        doc = _doc(doc_id, text)
        catalog.replace_document(doc, _chunks(doc, 200), [], "e")
    return catalog, BM25Index(tmp_path / "bm25", catalog)


def test_search_finds_the_chunk_with_the_words(index):
    _, bm25 = index
    hits = bm25.search("pharmacists strategy", 3)
    assert hits and hits[0][0] == "b:0" and all(score > 0 for _, score in hits)


def test_search_within_allowed_chunks_only(index):
    _, bm25 = index
    assert [cid for cid, _ in bm25.search("board", 5, allowed={"c:0"})] == ["c:0"]
    assert bm25.search("board", 5, allowed=set()) == []


def test_words_in_no_chunk_find_nothing(index):
    _, bm25 = index
    assert bm25.search("zzzz qqqq", 5) == []


def test_rare_words_weigh_more_than_common_ones(index):
    _, bm25 = index
    idf = bm25.idf(["board", "pharmacist", "neverseen"])
    assert idf["neverseen"] >= idf["pharmacist"] > idf["board"] > 0


def test_the_index_follows_the_catalog(index):
    catalog, bm25 = index
    assert not bm25.search("orthoptists", 5)
    doc = _doc("d", "Orthoptists joined the clinical reference group.")
    catalog.replace_document(doc, _chunks(doc, 200), [], "e")
    bm25.ensure_current()
    assert bm25.search("orthoptists", 5)[0][0] == "d:0"
    catalog.remove_document("d")
    bm25.ensure_current()
    assert bm25.search("orthoptists", 5) == []


def test_a_second_process_view_loads_the_saved_index(index, tmp_path):
    catalog, bm25 = index
    bm25.ensure_current()
    fresh = BM25Index(tmp_path / "bm25", Catalog(tmp_path / "catalog.sqlite3"))
    assert fresh.search("pharmacists", 1)[0][0] == "b:0"


def test_an_index_saved_by_another_tokenizer_is_rebuilt(index, tmp_path, monkeypatch):
    import vectorstore.bm25_index as module

    catalog, bm25 = index
    bm25.ensure_current()
    monkeypatch.setattr(module, "TOKENS_VERSION", module.TOKENS_VERSION + 1)
    rebuilt = []
    fresh = BM25Index(tmp_path / "bm25", Catalog(tmp_path / "catalog.sqlite3"))
    monkeypatch.setattr(fresh, "_build", lambda version: rebuilt.append(version))
    fresh.ensure_current()
    assert rebuilt == [catalog.version]


def test_an_ordinal_is_its_number(index):
    catalog, bm25 = index
    doc = _doc("m", "The board met on 9 May 2024 in Tollgate House.")
    catalog.replace_document(doc, _chunks(doc, 200), [], "e")
    assert bm25.search("the 9th of May", 1)[0][0] == "m:0"
