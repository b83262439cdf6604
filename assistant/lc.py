"""LangChain-native parts: the hybrid retriever as a `BaseRetriever`, the embedder as `Embeddings`.

Both can be dropped into any LangChain chain; both pass LangChain's standard test suites (tests/test_langchain.py).
"""

from __future__ import annotations

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever

from core.settings import Settings


class IcsEmbeddings(Embeddings):
    """all-MiniLM-L6-v2 from the packaged wheel (no download), normalised vectors."""

    def __init__(self, backend: str | None = None) -> None:
        from vectorstore.calibrate import embedder_for

        settings = Settings.from_env()
        self._embedder = embedder_for(settings.with_(embedder=backend) if backend else settings)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._embedder.embed(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self._embedder.embed_query(text).tolist()


class IcsRetriever(BaseRetriever):
    """Hybrid BM25 + dense retrieval over the ICS Assistant index.

    Args:
        k: how many documents to return.
        home: the index's state directory (default: $ICS_ASSISTANT_HOME).
        doc_type, publisher, since, until: metadata filters.
    """

    k: int = 5
    home: str | None = None
    doc_type: str | None = None
    publisher: str | None = None
    since: str | None = None
    until: str | None = None

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun,
                                **kwargs) -> list[LCDocument]:
        from assistant.retrieval import SearchFilters, get_retriever

        settings = Settings.from_env(**({"home": self.home} if self.home else {}))
        filters = SearchFilters(self.doc_type, self.publisher, self.since, self.until)
        k = int(kwargs.get("k", self.k))
        passages = get_retriever(settings).search(query, k=k, filters=filters or None)
        return [LCDocument(page_content=p.chunk.text, metadata=_metadata(p)) for p in passages]


def _metadata(passage) -> dict:
    meta = passage.to_dict()
    meta.pop("text")
    meta["context"] = passage.chunk.context
    return meta
