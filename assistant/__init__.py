"""Questions out: retrieval, answering, quotes, boards, and the CLI and app built on them.

The public API is `__all__`; each name is imported from its module on first use.
"""

from core.exports import lazy_exports

__all__, __getattr__ = lazy_exports(__name__, {
    **dict.fromkeys(['ask'], "assistant.ask"),
    **dict.fromkeys(['search', 'index_stats', 'list_documents', 'remove_document', 'add_uploads', 'rebuild_index'], "assistant.library"),
    **dict.fromkeys(['find_quotes'], "assistant.quotes"),
    **dict.fromkeys(['list_boards', 'BoardsError'], "assistant.boards"),
    **dict.fromkeys(['Retriever', 'SearchFilters', 'get_retriever'], "assistant.retrieval"),
})
