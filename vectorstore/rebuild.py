"""Restore the index from its sources: Chroma and BM25 from the SQLite catalog, and the catalog — when it is
damaged — from the files it listed (and any given), so a damaged index never needs its home deleted by hand."""

from __future__ import annotations

import re
import shutil
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from core.settings import Settings, get_settings
from vectorstore.catalog import Catalog, IndexUnavailableError
from vectorstore.chroma_index import close_chroma_index
from vectorstore.store import Store, writer_lock

# an absolute path ending in a supported suffix; SQLite stores a row's text fields back to back, so the shortest
# match wins and paths that do not exist are dropped later
_SUPPORTED_PATH = re.compile(rb"/[^\x00-\x1f\"<>|]{1,1000}?\.(?:pdf|docx|html?|markdown|md|txt)", re.I)


def rebuild(paths: list[Path] | None = None, settings: Settings | None = None,
            reingest: Callable[[list[Path], Settings], dict] | None = None) -> dict:
    """Rebuild the vector and keyword indexes from the catalog; a damaged catalog is moved aside and rebuilt by
    ingesting (with `reingest`, e.g. `ingest.pipeline.ingest`) the files it listed that still exist, plus `paths`.

    Returns:
        `{"catalog": "kept" | "rebuilt", "moved_aside", "documents", "chunks_embedded", "ingest"}` (`ingest` is the
        ingest report's dict when files were ingested).

    Raises:
        IndexUnavailableError: the home is read-only or the disk full.
        IndexBusyError: an ingest is running.
    """
    settings = get_settings(settings)
    out: dict = {"catalog": "kept", "moved_aside": [], "chunks_embedded": 0, "ingest": None}
    with writer_lock(settings):
        files: list[Path] = []
        if not _catalog_readable(settings):
            files = salvage_paths(settings.catalog_path)
            out["moved_aside"] = _move_aside(settings.catalog_path)
            out["catalog"] = "rebuilt"
        _drop_derived(settings)
        store = Store(settings)
        out["chunks_embedded"] = store.repair(_embedder(settings))["missing_embedded"]
    extra = files + list(paths or [])
    if extra and reingest is not None:
        out["ingest"] = reingest([p for p in extra if p.exists()], settings)
    out["documents"] = Store(settings).stats()["documents"]
    return out


def _catalog_readable(settings: Settings) -> bool:
    if not settings.catalog_path.exists():
        return True
    try:
        catalog = Catalog(settings.catalog_path)
        return catalog._conn().execute("PRAGMA quick_check").fetchone()[0] == "ok"
    except IndexUnavailableError as exc:
        if "damaged" not in str(exc):
            raise
        return False
    except sqlite3.Error:
        return False


def salvage_paths(catalog: Path) -> list[Path]:
    """Document paths from a damaged catalog: by SQL if the file still opens, else read from its raw bytes."""
    try:
        with sqlite3.connect(f"file:{catalog}?mode=ro", uri=True) as conn:
            return sorted({Path(row[0]) for row in conn.execute("SELECT path FROM documents")})
    except sqlite3.Error:
        pass
    raw = b"".join(p.read_bytes() for p in (catalog, Path(f"{catalog}-wal")) if p.exists())
    found = {m.group(0).decode("utf-8", "replace") for m in _SUPPORTED_PATH.finditer(raw)}
    return sorted(Path(f) for f in found)


def _move_aside(catalog: Path) -> list[str]:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    moved = []
    for part in (catalog, Path(f"{catalog}-wal"), Path(f"{catalog}-shm")):
        if part.exists():
            target = part.with_name(f"{part.name}.damaged-{stamp}")
            part.rename(target)
            moved.append(str(target))
    return moved


def _drop_derived(settings: Settings) -> None:
    """Delete the vectors and the keyword index: both are rebuilt from the catalog."""
    close_chroma_index(settings)  # this process's handle would otherwise go on using the deleted collection
    shutil.rmtree(settings.bm25_path, ignore_errors=True)
    if settings.chroma_host:
        import chromadb

        client = chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port or 8000)
        if settings.collection in [c.name for c in client.list_collections()]:
            client.delete_collection(settings.collection)
    else:
        shutil.rmtree(settings.chroma_path, ignore_errors=True)


def _embedder(settings: Settings):
    from vectorstore.calibrate import embedder_for

    model = embedder_for(settings)
    return lambda texts: model.embed(texts, batch_size=settings.embed_batch_size)
