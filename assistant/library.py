"""The library functions behind the CLI and the app: search, stats, documents, removal, uploads."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from assistant.retrieval import SearchFilters, get_retriever
from core.settings import Settings, get_settings
from core.types import IngestReport, Passage


def search(query: str, k: int = 5, filters: SearchFilters | None = None,
           settings: Settings | None = None) -> list[Passage]:
    """The k best passages for a query (hybrid BM25 + dense, with acronym expansion)."""
    return get_retriever(settings).search(query, k=k, filters=filters)


def index_stats(with_documents: bool = False, settings: Settings | None = None) -> dict:
    """Counts of documents, chunks and quotes; the document list on request. Loads no model."""
    from vectorstore.store import Store

    settings = get_settings(settings)
    store = Store(settings)
    stats = {**store.stats(), "home": str(settings.home)}
    if with_documents:
        stats["document_list"] = store.documents()
    return stats


def list_documents(settings: Settings | None = None) -> list[dict]:
    """Every indexed document's metadata and chunk count."""
    return get_retriever(settings).store.documents()


def remove_document(doc_id: str, settings: Settings | None = None) -> bool:
    """Remove one document from the index; False if it was not there."""
    from vectorstore.store import writer_lock

    retriever = get_retriever(settings)
    with writer_lock(retriever.settings):
        if retriever.store.document(doc_id) is None:
            return False
        retriever.store.remove_document(doc_id)
        retriever.store.refresh()
    return True


class UploadError(Exception):
    """An uploaded file was refused; `str(err)` is a one-line reason."""


def safe_name(name: str) -> str:
    """A file name that cannot leave the uploads folder."""
    base = Path(name.replace("\\", "/")).name
    base = re.sub(r"[^A-Za-z0-9._ -]+", "_", base).strip(" .") or "upload"
    return base[:120]


def add_uploads(paths: list[str], allowed: list[Path], max_bytes: int,
                settings: Settings | None = None) -> tuple[IngestReport | None, list[str]]:
    """Copy uploaded files into `$ICS_ASSISTANT_HOME/uploads` and ingest them.

    Only regular files inside `allowed` (the web server's own upload folder) are read, never through a link, and
    nothing is written outside the uploads folder: names are sanitised and an existing link there is not
    followed.

    Returns:
        The ingest report (None if nothing was saved) and a "name: reason" line per file refused.
    """
    from ingest.loaders import SUPPORTED
    from ingest.pipeline import ingest

    settings = get_settings(settings)
    target = _uploads_folder(settings)
    saved, problems = [], []
    for path in paths:
        name = safe_name(Path(path).name)
        try:
            if Path(name).suffix.lower() not in SUPPORTED:
                raise UploadError("unsupported file type")
            saved.append(_copy_upload(Path(path), target / name, allowed, max_bytes))
        except UploadError as exc:
            problems.append(f"{name}: {exc}")
    report = ingest(saved, settings=settings, progress=False) if saved else None
    return report, problems


def _uploads_folder(settings: Settings) -> Path:
    target = settings.home / "uploads"
    target.mkdir(parents=True, exist_ok=True)
    if target.is_symlink() or not target.is_dir():
        raise UploadError(f"{target} is not a plain folder; refusing to write uploads there")
    return target


def _copy_upload(src: Path, dest: Path, allowed: list[Path], max_bytes: int) -> Path:
    """Copy one upload, opened without following links, to `dest`, created without following links."""
    real = Path(os.path.realpath(src))
    if src.is_symlink() or not any(real.is_relative_to(Path(os.path.realpath(a))) for a in allowed):
        raise UploadError("not a file the web server received; refused")
    try:
        fd_in = os.open(src, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError as exc:
        raise UploadError((exc.strerror or str(exc)).lower()) from None
    with os.fdopen(fd_in, "rb") as fin:
        st = os.fstat(fin.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise UploadError("not a regular file")
        if st.st_size > max_bytes:
            raise UploadError(f"larger than {max_bytes // 1_000_000} MB")
        try:
            fd_out = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
        except OSError as exc:
            raise UploadError(f"cannot write to the uploads folder: {(exc.strerror or str(exc)).lower()}") from None
        with os.fdopen(fd_out, "wb") as fout:
            while block := fin.read(1 << 20):
                fout.write(block)
    return dest


def rebuild_index(paths: list | None = None, settings: Settings | None = None) -> dict:
    """Restore a damaged index (`vectorstore.rebuild.rebuild`), re-ingesting the files a lost catalog listed."""
    from ingest.pipeline import ingest
    from vectorstore.rebuild import rebuild

    return rebuild(paths, settings, reingest=lambda files, s: ingest(files, settings=s, progress=False).to_dict())
