"""Dense vectors in Chroma: embedded `PersistentClient`, or `HttpClient` when a host is configured.

Chroma never embeds anything itself here: every add and query passes our own vectors, and the collection is
created with no embedding function (Chroma's default one would download a model).

The embedded client keeps its HNSW index in memory and never sees what another process writes (a served app
would not find documents added by `ics-assistant ingest`). So each process holds one `ChromaIndex` per
collection (`chroma_index`), and `sync` reopens it when the catalog's change marks say the index has changed
since it was opened; calls in flight finish first.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

from core.settings import Settings
from vectorstore.catalog import unavailable

_OPEN: dict[tuple, ChromaIndex] = {}
_OPEN_LOCK = threading.Lock()


def chroma_index(settings: Settings) -> ChromaIndex:
    """This process's one handle on the collection `settings` name. Shared because Chroma itself shares one
    client per folder within a process: reopening works only if every user of the folder reopens together."""
    key = _key(settings)
    with _OPEN_LOCK:
        index = _OPEN.get(key)
        if index is None:
            index = _OPEN[key] = ChromaIndex(settings)
        return index


def close_chroma_index(settings: Settings) -> None:
    """Close this process's handle on the collection (before its folder is deleted, say); the next
    `chroma_index` opens it afresh."""
    with _OPEN_LOCK:
        index = _OPEN.pop(_key(settings), None)
    if index is not None:
        index.close()


def _key(settings: Settings) -> tuple:
    where = (settings.chroma_host, settings.chroma_port) if settings.chroma_host else str(settings.chroma_path)
    return where, settings.collection


class _SharedLock:
    """Many holders at once, or one exclusive holder that waits for the others to finish and keeps new ones out
    until it is done (reads and writes share it; a reopen takes it exclusively)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._holders = 0
        self._exclusive = False

    @contextmanager
    def shared(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._exclusive)
            self._holders += 1
        try:
            yield
        finally:
            with self._cond:
                self._holders -= 1
                self._cond.notify_all()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._exclusive)
            self._exclusive = True
            self._cond.wait_for(lambda: not self._holders)
        try:
            yield
        finally:
            with self._cond:
                self._exclusive = False
                self._cond.notify_all()


class ChromaIndex:
    """A Chroma collection of chunk vectors keyed by chunk id, with `doc_id` as metadata. Build it with
    `chroma_index` (one per process) so that `sync` can reopen it for every user at once."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._gate = _SharedLock()
        self._mark: tuple | None = None  # the catalog's change marks this handle is known to reflect
        self._open()

    def sync(self, mark: tuple) -> None:
        """Reopen the collection if the index has changed since `mark` was last seen (read `mark` before any
        call whose result should reflect it). A Chroma server is always current: nothing to do."""
        if mark == self._mark:
            return
        if self.settings.chroma_host:
            self._mark = mark
            return
        with self._gate.exclusive():
            if mark != self._mark:
                if self._mark is not None:  # opened before this mark was read: may be stale
                    self.client.close()
                    self._open()
                self._mark = mark

    def seen(self, mark: tuple) -> None:
        """This process has just written the index up to `mark` itself (its own client is current)."""
        self._mark = mark

    def close(self) -> None:
        with self._gate.exclusive():
            self.client.close()

    def _open(self) -> None:
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        try:
            self._connect(self.settings, chroma_settings)
        except Exception as exc:  # chromadb raises its own errors (InternalError, …) for a damaged folder
            if self.settings.chroma_host:
                raise
            raise unavailable(self.settings.home, f"vector index {self.settings.chroma_path.name}/", exc) from None

    @contextmanager
    def _guard(self):
        """Every read and write: held against a reopen, Chroma's own errors (a full disk, damaged files) turned
        into one-line index errors."""
        from chromadb.errors import ChromaError

        with self._gate.shared():
            try:
                yield
            except ChromaError as exc:
                if self.settings.chroma_host:
                    raise
                raise unavailable(self.settings.home, f"vector index {self.settings.chroma_path.name}/",
                                  exc) from None

    def _connect(self, settings: Settings, chroma_settings) -> None:
        import chromadb

        if settings.chroma_host:
            self.client = chromadb.HttpClient(
                host=settings.chroma_host, port=settings.chroma_port or 8000, settings=chroma_settings
            )
        else:
            settings.chroma_path.mkdir(parents=True, exist_ok=True)
            self.client = chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)
        self.collection = self.client.get_or_create_collection(
            name=settings.collection,
            configuration={"hnsw": {"space": "cosine"}},
            embedding_function=None,
        )

    def upsert(self, ids: list[str], vectors: np.ndarray, doc_ids: list[str], batch: int = 2000) -> None:
        with self._guard():
            for i in range(0, len(ids), batch):
                self.collection.upsert(
                    ids=ids[i : i + batch],
                    embeddings=vectors[i : i + batch],
                    metadatas=[{"doc_id": d} for d in doc_ids[i : i + batch]],
                )

    def delete(self, ids: list[str], batch: int = 2000) -> None:
        with self._guard():
            for i in range(0, len(ids), batch):
                if ids[i : i + batch]:
                    self.collection.delete(ids=ids[i : i + batch])

    def ids(self) -> set[str]:
        out: set[str] = set()
        with self._guard():
            total = self.collection.count()
            for offset in range(0, total, 5000):
                out.update(self.collection.get(include=[], limit=5000, offset=offset)["ids"])
        return out

    def count(self) -> int:
        with self._guard():
            return self.collection.count()

    def vectors(self, ids: list[str]) -> dict[str, np.ndarray]:
        if not ids:
            return {}
        with self._guard():
            got = self.collection.get(ids=ids, include=["embeddings"])
        return {i: np.asarray(v, dtype=np.float32) for i, v in zip(got["ids"], got["embeddings"])}

    def query(self, vector: np.ndarray, n: int, doc_ids: list[str] | None = None) -> list[tuple[str, float]]:
        """Nearest chunks as (chunk_id, cosine similarity), best first. (Chroma 1.x returns fewer than `n` when
        the collection holds fewer, so there is no count() first: at 100k chunks that call cost 9 ms a query.)"""
        if n <= 0 or doc_ids == []:
            return []
        where = None
        if doc_ids is not None:
            where = {"doc_id": {"$in": doc_ids}} if len(doc_ids) > 1 else {"doc_id": doc_ids[0]}
        with self._guard():
            res = self.collection.query(query_embeddings=[vector], n_results=n, where=where, include=["distances"])
        return [(cid, 1.0 - float(d)) for cid, d in zip(res["ids"][0], res["distances"][0])]
