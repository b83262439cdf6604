"""Documents in: loading files, chunking, quote extraction and the incremental ingest pipeline.

The public API is `__all__`; each name is imported from its module on first use.
"""

from core.exports import lazy_exports

__all__, __getattr__ = lazy_exports(__name__, {
    **dict.fromkeys(['ingest'], "ingest.pipeline"),
    **dict.fromkeys(['LoadError', 'Limits', 'LoadedText', 'load_file', 'iter_files'], "ingest.loaders"),
    **dict.fromkeys(['chunk_document'], "ingest.chunking"),
    **dict.fromkeys(['extract_quotes'], "ingest.quotes"),
    **dict.fromkeys(['extract_boards'], "ingest.boards"),
    **dict.fromkeys(['ManifestError', 'read_manifest'], "ingest.documents"),
})
