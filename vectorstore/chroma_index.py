"""Dense vectors in Chroma: embedded `PersistentClient`, or `HttpClient` when a host is configured.

Chroma never embeds anything itself here: every add and query passes our own vectors, and the collection is
created with no embedding function (Chroma's default one would download a model).
"""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np

from core.settings import Settings
from vectorstore.catalog import unavailable


class ChromaIndex:
    """A Chroma collection of chunk vectors keyed by chunk id, with `doc_id` as metadata."""

    def __init__(self, settings: Settings) -> None:
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        self.settings = settings
        try:
            self._open(settings, chroma_settings)
        except Exception as exc:  # chromadb raises its own errors (InternalError, …) for a damaged folder
            if settings.chroma_host:
                raise
            raise unavailable(settings.home, f"vector index {settings.chroma_path.name}/", exc) from None

    @contextmanager
    def _guard(self):
        """Chroma's own errors on reads and writes (a full disk, damaged files) as one-line index errors."""
        from chromadb.errors import ChromaError

        try:
            yield
        except ChromaError as exc:
            if self.settings.chroma_host:
                raise
            raise unavailable(self.settings.home, f"vector index {self.settings.chroma_path.name}/", exc) from None

    def _open(self, settings: Settings, chroma_settings) -> None:
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
