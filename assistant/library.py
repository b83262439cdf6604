"""The library functions behind the CLI and the app: search, stats, documents, removal."""

from __future__ import annotations

from assistant.retrieval import SearchFilters, get_retriever
from assistant.settings import Settings, get_settings
from assistant.types import Passage


def search(query: str, k: int = 5, filters: SearchFilters | None = None,
           settings: Settings | None = None) -> list[Passage]:
    """The k best passages for a query (hybrid BM25 + dense, with acronym expansion)."""
    return get_retriever(settings).search(query, k=k, filters=filters)


def index_stats(with_documents: bool = False, settings: Settings | None = None) -> dict:
    """Counts of documents, chunks and quotes; the document list on request. Loads no model."""
    from vectorstore.catalog import Catalog

    settings = get_settings(settings)
    catalog = Catalog(settings.catalog_path)
    stats = {**catalog.counts(), "home": str(settings.home)}
    if with_documents:
        stats["document_list"] = catalog.documents()
    return stats


def list_documents(settings: Settings | None = None) -> list[dict]:
    """Every indexed document's metadata and chunk count."""
    return get_retriever(settings).store.catalog.documents()


def remove_document(doc_id: str, settings: Settings | None = None) -> bool:
    """Remove one document from the index; False if it was not there."""
    from vectorstore.store import writer_lock

    retriever = get_retriever(settings)
    with writer_lock(retriever.settings):
        if retriever.store.catalog.document(doc_id) is None:
            return False
        retriever.store.remove_document(doc_id)
        retriever.store.bm25.ensure_current()
    return True
