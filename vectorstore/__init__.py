"""The index: SQLite catalog, Chroma vectors and BM25 behind one narrow `Store` interface, and the embedders.

The public API is `__all__`; each name is imported from its module on first use.
"""

from core.exports import lazy_exports

__all__, __getattr__ = lazy_exports(__name__, {
    **dict.fromkeys(['Store', 'writer_lock', 'IndexBusyError', 'EmptyIndexError'], "vectorstore.store"),
    **dict.fromkeys(['IndexUnavailableError'], "vectorstore.catalog"),
    **dict.fromkeys(['Embedder', 'get_embedder'], "vectorstore.embedders"),
    **dict.fromkeys(['embedder_for', 'backend_name', 'calibration'], "vectorstore.calibrate"),
    **dict.fromkeys(['cpu_info'], "vectorstore.machine"),
    **dict.fromkeys(['rebuild'], "vectorstore.rebuild"),
})
