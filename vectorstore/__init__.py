"""The index: SQLite catalog, Chroma vectors and BM25 behind one narrow `Store` interface, and the embedders.

The public API is named in ``__all__``; each name is imported from its module on first use, so importing the
package stays cheap.
"""

from __future__ import annotations

import importlib

_WHERE = {
    "Store": "vectorstore.store",
    "writer_lock": "vectorstore.store",
    "IndexBusyError": "vectorstore.store",
    "EmptyIndexError": "vectorstore.store",
    "IndexUnavailableError": "vectorstore.catalog",
    "Embedder": "vectorstore.embedders",
    "get_embedder": "vectorstore.embedders",
    "embedder_for": "vectorstore.calibrate",
    "backend_name": "vectorstore.calibrate",
    "calibration": "vectorstore.calibrate",
    "cpu_info": "vectorstore.machine",
    "rebuild": "vectorstore.rebuild",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE[name]), name)
