"""Questions out: retrieval, answering, quotes, and the CLI and app built on them.

The public API is named in ``__all__``; each name is imported from its module on first use, so importing the
package stays cheap.
"""

from __future__ import annotations

import importlib

_WHERE = {
    "ask": "assistant.ask",
    "search": "assistant.library",
    "index_stats": "assistant.library",
    "list_documents": "assistant.library",
    "remove_document": "assistant.library",
    "add_uploads": "assistant.library",
    "rebuild_index": "assistant.library",
    "find_quotes": "assistant.quotes",
    "list_boards": "assistant.boards",
    "BoardsError": "assistant.boards",
    "Retriever": "assistant.retrieval",
    "SearchFilters": "assistant.retrieval",
    "get_retriever": "assistant.retrieval",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE[name]), name)
