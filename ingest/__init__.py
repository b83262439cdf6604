"""Documents in: loading files, chunking, quote extraction and the incremental ingest pipeline.

The public API is named in ``__all__``; each name is imported from its module on first use, so importing the
package stays cheap.
"""

from __future__ import annotations

import importlib

_WHERE = {
    "ingest": "ingest.pipeline",
    "LoadError": "ingest.loaders",
    "Limits": "ingest.loaders",
    "LoadedText": "ingest.loaders",
    "load_file": "ingest.loaders",
    "iter_files": "ingest.loaders",
    "chunk_document": "ingest.chunking",
    "extract_quotes": "ingest.quotes",
    "extract_boards": "ingest.boards",
    "ManifestError": "ingest.documents",
    "read_manifest": "ingest.documents",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE[name]), name)
