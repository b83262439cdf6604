"""Dense vectors in Chroma: embedded `PersistentClient`, or `HttpClient` when a host is configured.

Chroma never embeds anything itself here: every add and query passes our own vectors, and the collection is
created with no embedding function (Chroma's default one would download a model).
"""

from __future__ import annotations

import numpy as np

from assistant.settings import Settings


class ChromaIndex:
    """A Chroma collection of chunk vectors keyed by chunk id, with `doc_id` as metadata."""

    def __init__(self, settings: Settings) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
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
        for i in range(0, len(ids), batch):
            self.collection.upsert(
                ids=ids[i : i + batch],
                embeddings=vectors[i : i + batch],
                metadatas=[{"doc_id": d} for d in doc_ids[i : i + batch]],
            )

    def delete(self, ids: list[str], batch: int = 2000) -> None:
        for i in range(0, len(ids), batch):
            if ids[i : i + batch]:
                self.collection.delete(ids=ids[i : i + batch])

    def ids(self) -> set[str]:
        out: set[str] = set()
        total = self.collection.count()
        for offset in range(0, total, 5000):
            out.update(self.collection.get(include=[], limit=5000, offset=offset)["ids"])
        return out

    def count(self) -> int:
        return self.collection.count()

    def vectors(self, ids: list[str]) -> dict[str, np.ndarray]:
        if not ids:
            return {}
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
        res = self.collection.query(
            query_embeddings=[vector], n_results=n, where=where, include=["distances"]
        )
        return [(cid, 1.0 - float(d)) for cid, d in zip(res["ids"][0], res["distances"][0])]
