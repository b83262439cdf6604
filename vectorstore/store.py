"""The store: the narrow interface the rest of the assistant uses — add, remove, search, count, repair.

It keeps the catalog (SQLite), the dense index (Chroma) and the keyword index (BM25) in agreement:
vectors are written before the catalog commits a document and stale ones deleted after, so a crash leaves at
worst orphan vectors or missing ones, which `repair()` finds and fixes before the next write.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterable
from contextlib import contextmanager

import numpy as np

from core.settings import Settings
from core.types import BoardMember, BoardQuorum, Chunk, Document, Quote
from vectorstore.bm25_index import BM25Index
from vectorstore.catalog import Catalog, unavailable


class IndexBusyError(RuntimeError):
    """Another process is writing to the index."""


class Store:
    """Catalog + Chroma + BM25 under one settings object."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        settings.home.mkdir(parents=True, exist_ok=True)
        self.catalog = Catalog(settings.catalog_path)
        self.bm25 = BM25Index(settings.bm25_path, self.catalog)

    @property
    def chroma(self):
        """The process's Chroma handle, reopened first if another process has changed the index since."""
        from vectorstore.chroma_index import chroma_index

        mark = self.catalog.marks()  # read before the handle is opened: a handle opened after it is current
        index = chroma_index(self.settings)
        index.sync(mark)
        return index

    def _wrote_vectors(self, after_commit: bool = False) -> None:
        """Our own writes leave our handle current; vectors removed after a commit change the marks, so that
        other processes reopen theirs."""
        if after_commit:
            self.catalog.note_vectors_changed()
        self.chroma.seen(self.catalog.marks())

    # ------------------------------------------------------------ writes

    def add_document(self, doc: Document, chunks: list[Chunk], vectors: np.ndarray, quotes: Iterable[Quote],
                     embedder: str, boards: Iterable[BoardMember | BoardQuorum] = ()) -> None:
        """Add or replace one document (see `add_documents`)."""
        self.add_documents([(doc, chunks, vectors, list(quotes))], embedder, {doc.doc_id: list(boards)})

    def add_documents(self, items: list[tuple[Document, list[Chunk], np.ndarray, list[Quote]]], embedder: str,
                      boards: dict[str, list[BoardMember | BoardQuorum]] | None = None) -> None:
        """Add or replace several documents: all their vectors in one upsert, then each document's catalog
        transaction (its chunks, quotes and board rows — `boards` by doc_id), then every stale vector out."""
        if not items:
            return
        stale: list[str] = []
        ids = [c.chunk_id for _, chunks, _, _ in items for c in chunks]
        doc_ids = [doc.doc_id for doc, chunks, _, _ in items for _ in chunks]
        chroma = self.chroma
        chroma.upsert(ids, np.concatenate([v for _, _, v, _ in items]) if ids else np.zeros((0, 384)), doc_ids)
        for doc, chunks, _, quotes in items:
            old = set(self.catalog.chunk_ids(doc.doc_id))
            self.catalog.replace_document(doc, chunks, quotes, embedder, (boards or {}).get(doc.doc_id, ()))
            stale += sorted(old - {c.chunk_id for c in chunks})
        chroma.delete(stale)
        self._wrote_vectors(after_commit=bool(stale))

    def remove_document(self, doc_id: str) -> None:
        ids = self.catalog.chunk_ids(doc_id)
        chroma = self.chroma
        self.catalog.remove_document(doc_id)
        chroma.delete(ids)
        self._wrote_vectors(after_commit=bool(ids))

    def embed_text(self, chunk: Chunk) -> str:
        """What is embedded for a chunk: its context (title, heading, speakers) and text — or the text alone
        when the settings say so, which embeds fewer tokens but put the evidence first for 13/14 instead of
        14/14 extra questions (keeping only heading and speakers was worse still: 26/27 dev)."""
        return chunk.index_text() if self.settings.embed_context else chunk.text

    def reusable_vectors(self, doc_id: str) -> dict[str, np.ndarray]:
        """Vectors of a document's current chunks, keyed by their indexed text (to avoid re-embedding)."""
        chunks = self.catalog.doc_chunks(doc_id)
        vectors = self.chroma.vectors([c.chunk_id for c in chunks])
        return {self.embed_text(c): vectors[c.chunk_id] for c in chunks if c.chunk_id in vectors}

    def repair(self, embed: Callable[[list[str]], np.ndarray]) -> dict[str, int]:
        """Bring Chroma into agreement with the catalog: drop orphan vectors, embed missing ones."""
        chroma = self.chroma
        in_chroma = chroma.ids()
        in_catalog = set(self.catalog.chunk_ids())
        orphans = sorted(in_chroma - in_catalog)
        missing = sorted(in_catalog - in_chroma)
        chroma.delete(orphans)
        if missing:
            chunks = self.catalog.chunks(missing)
            ids = [cid for cid in missing if cid in chunks]
            vectors = embed([self.embed_text(chunks[cid]) for cid in ids])
            chroma.upsert(ids, vectors, [chunks[cid].doc_id for cid in ids])
        if orphans or missing:
            self._wrote_vectors(after_commit=True)
        self.bm25.ensure_current()
        return {"orphans_removed": len(orphans), "missing_embedded": len(missing)}

    # ------------------------------------------------------------ reads

    def dense_search(self, vector: np.ndarray, n: int, doc_ids: list[str] | None = None) -> list[tuple[str, float]]:
        return self.chroma.query(vector, n, doc_ids)

    def keyword_search(self, query: str, n: int, doc_ids: list[str] | None = None) -> list[tuple[str, float]]:
        allowed = None
        if doc_ids is not None:
            allowed = {cid for d in doc_ids for cid in self.catalog.chunk_ids(d)}
        return self.bm25.search(query, n, allowed)

    def chunks(self, chunk_ids: list[str]) -> dict[str, Chunk]:
        return self.catalog.chunks(chunk_ids)

    def adjacent_chunk(self, chunk: Chunk, step: int) -> Chunk | None:
        """The chunk `step` places after (or before, if negative) `chunk` in its document, if any."""
        ids = self.catalog.chunk_ids(chunk.doc_id)
        try:
            j = ids.index(chunk.chunk_id) + step
        except ValueError:
            return None
        if not 0 <= j < len(ids):
            return None
        return self.catalog.chunks([ids[j]]).get(ids[j])

    def doc_by_path(self, path: str) -> tuple[str, str] | None:
        """(doc_id, fingerprint) of the document loaded from `path`, if any."""
        return self.catalog.doc_by_path(path)

    def needs_repair_check(self) -> bool:
        """Whether there is anything for `repair` to compare (an empty home has nothing)."""
        return bool(self.catalog.counts()["chunks"] or self.chroma.count())

    def chunk_at(self, doc_id: str, offset: int) -> Chunk | None:
        """The chunk of a document that holds character `offset`, if any."""
        return next((c for c in self.catalog.doc_chunks(doc_id) if c.start <= offset < c.end), None)

    def stats(self) -> dict[str, int]:
        """Counts of documents, chunks and quotes."""
        return self.catalog.counts()

    @property
    def version(self) -> int:
        """A number that changes whenever the index does (cache keys)."""
        return self.catalog.version

    def documents(self) -> list[dict]:
        """Every document's metadata with its chunk count (no text)."""
        return self.catalog.documents()

    def document(self, doc_id: str) -> Document | None:
        return self.catalog.document(doc_id)

    def document_text(self, doc_id: str) -> str | None:
        return self.catalog.document_text(doc_id)

    def document_chunks(self, doc_id: str) -> list[Chunk]:
        """A document's chunks in reading order."""
        return self.catalog.doc_chunks(doc_id)

    def doc_ids(self, doc_type: str | None = None, publisher: str | None = None) -> list[str]:
        """Ids of documents of a type and/or publisher (all when neither is given)."""
        return self.catalog.doc_ids_where(doc_type, publisher)

    def published_dates(self) -> dict[str, str | None]:
        return self.catalog.published_dates()

    def quotes(self, doc_ids: list[str] | None = None, direct_only: bool = False, speaker: str | None = None
               ) -> list[Quote]:
        """Quotes (of the given documents), in document order; `direct_only` leaves out evidence paragraphs;
        `speaker`: only those whose speaker or organisation holds it."""
        return self.catalog.quotes(doc_ids, direct_only, speaker)

    def boards(self, doc_ids: list[str] | None = None) -> list[BoardMember | BoardQuorum]:
        """Board composition rows and quorum statements read at ingest (of the given documents), in document
        order; `assistant.boards` groups them into one board per ICB."""
        return self.catalog.boards(doc_ids)

    def idf(self, terms: list[str]) -> dict[str, float]:
        """Inverse document frequency of each (stemmed) term over all chunks."""
        return self.bm25.idf(terms) if terms else {}

    def proper_forms(self) -> dict[str, str]:
        """The words the documents always capitalise, by lower-case form (to read a question typed in lower case)."""
        return self.bm25.proper_forms()

    def knows(self, token: str) -> bool:
        """Whether the documents use this (stemmed) word anywhere."""
        return self.bm25.knows(token)

    def refresh(self) -> None:
        """Bring the keyword index up to date with the catalog (it rebuilds lazily otherwise)."""
        self.bm25.ensure_current()

    def require_documents(self) -> None:
        """Raise `EmptyIndexError` if nothing has been ingested yet."""
        if not self.catalog.counts()["chunks"]:
            raise EmptyIndexError(f"the index in {self.settings.home} is empty: run `ics-assistant ingest` first")


class EmptyIndexError(ValueError):
    """The index holds no documents."""


@contextmanager
def writer_lock(settings: Settings, wait: bool = False):
    """Hold the index's single-writer lock; raise `IndexBusyError` at once if another writer has it."""
    path = settings.home / "ingest.lock"
    try:
        settings.home.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a+")
    except OSError as exc:
        raise unavailable(settings.home, "lock file", exc) from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise IndexBusyError(
                f"{settings.home}: another ingest is running (pid {holder}); wait for it to finish"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)
