"""Incremental, idempotent ingest: load, chunk, embed only what changed, write to the store.

A file whose bytes and metadata are unchanged is skipped without loading its model; a changed file's chunks are
replaced, reusing the vectors of any chunk whose text did not change; `prune` drops documents whose files are
gone. Each file's failure is recorded with a one-line reason and the batch goes on.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

import numpy as np

from core.settings import SAMPLE_CORPUS, Settings, get_settings
from core.types import BoardMember, BoardQuorum, Chunk, Document, IngestReport, Quote
from ingest.boards import BOARDS_VERSION, extract_boards
from ingest.chunking import CHUNKER_VERSION, chunk_document
from ingest.documents import ManifestError, find_manifest, make_document, read_manifest
from ingest.loaders import OUTSIDE_LINK, Limits, LoadError, iter_files, load_file
from ingest.quotes import QUOTES_VERSION, extract_quotes, with_speakers
from vectorstore.store import Store, writer_lock

ProgressFn = Callable[[str], None]


def ingest(
    paths: list[Path] | None = None,
    manifest: Path | None = None,
    prune: bool = False,
    settings: Settings | None = None,
    progress: bool | None = None,
    follow_symlinks: bool | None = None,
) -> IngestReport:
    """Ingest files and folders (default: the bundled sample corpus) into the index.

    Args:
        paths: files or folders; folders are walked recursively.
        manifest: a metadata file for these documents; otherwise a `manifest.*` beside each file is used.
        prune: also remove documents whose files no longer exist.
        settings: defaults from the environment.
        progress: show a progress bar (default: when stderr is a terminal).
        follow_symlinks: also read symbolic links that leave the folders given (default: `settings`, which refuse
            them).

    Returns:
        What was added, updated, unchanged, removed and failed, and how many chunks were embedded.

    Raises:
        ManifestError: the given manifest cannot be read.
        IndexBusyError: another ingest holds the index.
    """
    settings = get_settings(settings)
    if follow_symlinks is not None:
        settings = settings.with_(follow_symlinks=follow_symlinks)
    paths = [Path(p) for p in (paths or [SAMPLE_CORPUS])]
    explicit = read_manifest(manifest, settings.max_manifest_bytes) if manifest else None
    report = IngestReport()
    with writer_lock(settings):
        store = Store(settings)
        run = _Run(store, settings, report, explicit)
        run.repair_if_needed()
        files = _existing_files(paths, report, settings.follow_symlinks)
        bar = _progress_bar(len(files), progress)
        for path in files:
            run.ingest_file(path)
            if bar is not None:
                bar.set_postfix(chunks=run.chunks_made, refresh=False)
                bar.update(1)
        run.flush()
        if bar is not None:
            bar.close()
        if prune:
            run.prune()
        store.refresh()
    return report


def _existing_files(paths: list[Path], report: IngestReport, follow_symlinks: bool) -> list[Path]:
    found, refused = iter_files(paths, follow_symlinks)
    report.failed += [{"path": str(path), "error": reason} for path, reason in refused]
    files, seen = [], set()
    for path in found:
        if not path.exists() and not path.is_symlink():
            report.failed.append({"path": str(path), "error": "no such file or directory"})
            continue
        real = _real_path(path)
        if real not in seen:  # one file reached by two paths (a link beside its target) is one document
            seen.add(real)
            files.append(path)
    return files


def _real_path(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a link loop: the loader names it
        return path


def _progress_bar(total: int, progress: bool | None):
    """A bar on stderr counting files (and, beside it, the chunks made), or None when not wanted."""
    show = sys.stderr.isatty() if progress is None else progress
    if not show or not total:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc="ingest", unit="file", file=sys.stderr)


class _Run:
    """State of one ingest run: the store, the embedder (loaded only when needed), manifests by folder."""

    def __init__(self, store: Store, settings: Settings, report: IngestReport, explicit: dict | None) -> None:
        self.store, self.settings, self.report = store, settings, report
        self.explicit = explicit
        self._manifests: dict[Path, dict] = {}
        self._embedder = None
        self._pending: list[_Pending] = []
        self.limits = Limits.from_settings(settings)
        self.chunks_made = 0  # chunks of new or changed files so far (for the progress bar)

    @property
    def embedder(self):
        if self._embedder is None:
            from vectorstore.calibrate import embedder_for

            self._embedder = embedder_for(self.settings)
        return self._embedder

    def embed(self, texts: list[str]) -> np.ndarray:
        return self.embedder.embed(texts, batch_size=self.settings.embed_batch_size)

    def repair_if_needed(self) -> None:
        if self.store.needs_repair_check():
            self.store.repair(self.embed)

    def metadata_for(self, path: Path) -> dict:
        if self.explicit is not None and path.name in self.explicit:
            return self.explicit[path.name]
        folder = path.parent.resolve()
        if folder not in self._manifests:
            self._manifests[folder] = self._folder_manifest(folder)
        return self._manifests[folder].get(path.name, {})

    def _folder_manifest(self, folder: Path) -> dict:
        """The manifest beside a folder's files, or {} (recording why, if it cannot be used)."""
        found = find_manifest(folder)
        if found is None:
            return {}
        if not self.settings.follow_symlinks and not found.resolve().is_relative_to(folder):
            self.report.failed.append({"path": str(found), "error": OUTSIDE_LINK.format(what="a file")})
            return {}
        try:
            return read_manifest(found, self.settings.max_manifest_bytes)
        except ManifestError as exc:
            self.report.failed.append({"path": str(found), "error": str(exc).split(": ", 1)[-1]})
            return {}

    def ingest_file(self, path: Path) -> None:
        try:
            self._ingest_file(path)
        except LoadError as exc:
            self.report.failed.append({"path": str(path), "error": str(exc)})

    def _ingest_file(self, path: Path) -> None:
        meta = self.metadata_for(path)
        loaded, data = load_file(path, limits=self.limits)
        fingerprint = _fingerprint(data, meta, self._recipe)
        abspath = str(path.resolve())
        existing = self.store.doc_by_path(abspath)
        if existing and existing[1] == fingerprint:
            self.report.unchanged.append(str(path))
            return
        doc = replace(make_document(path, loaded, data, meta), sha256=fingerprint)
        chunks = chunk_document(doc, self.settings.chunk_max_chars, self.settings.chunk_min_chars)
        quotes = extract_quotes(doc, chunks)
        chunks = with_speakers(chunks, quotes)
        board = extract_boards(doc, chunks, self.settings)
        self.chunks_made += len(chunks)
        reuse = self.store.reusable_vectors(doc.doc_id) if existing else {}
        self._pending.append(_Pending(str(path), doc, chunks, quotes, reuse, bool(existing),
                                      [*board.members, *board.quorums]))
        if sum(len(p.chunks) for p in self._pending) >= self.settings.ingest_batch_chunks:
            self.flush()

    def flush(self) -> None:
        """Embed the pending documents' new text in one sorted batch, then write them (vectors first)."""
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        reuse = {text: vec for p in pending for text, vec in p.reuse.items()}
        texts = [self.store.embed_text(c) for p in pending for c in p.chunks]
        vectors = self._vectors_for(texts, reuse)
        items, offset = [], 0
        for p in pending:
            items.append((p.doc, p.chunks, vectors[offset : offset + len(p.chunks)], p.quotes))
            offset += len(p.chunks)
        self.store.add_documents(items, self.embedder_name, {p.doc.doc_id: p.boards for p in pending})
        for p in pending:
            (self.report.updated if p.existing else self.report.added).append(p.path)

    @cached_property
    def embedder_name(self) -> str:
        """The backend actually used ("auto" resolved): part of each file's recipe and recorded per document."""
        from vectorstore.calibrate import backend_name

        return backend_name(self.settings)

    @property
    def _recipe(self) -> str:
        """Everything besides the file that decides its chunks and vectors: a change re-ingests it."""
        s = self.settings
        return (f"{self.embedder_name}|chunker={CHUNKER_VERSION}:{s.chunk_max_chars}:{s.chunk_min_chars}"
                f"|quotes={QUOTES_VERSION}|boards={BOARDS_VERSION}:{s.board_head_chars}:{s.board_min_icb_score}:"
                f"{s.board_icb_margin}:{s.board_listing_gap}:{s.board_max_item_words}|context={s.embed_context}")

    def _vectors_for(self, texts: list[str], reuse: dict[str, np.ndarray]) -> np.ndarray:
        todo = [i for i, t in enumerate(texts) if t not in reuse]
        fresh = self.embed([texts[i] for i in todo]) if todo else None
        self.report.chunks_embedded += len(todo)
        dim = fresh.shape[1] if fresh is not None else len(next(iter(reuse.values()), ())) or 384
        out = np.zeros((len(texts), dim), dtype=np.float32)
        for i, text in enumerate(texts):
            if text in reuse:
                out[i] = reuse[text]
        for j, i in enumerate(todo):
            out[i] = fresh[j]
        return out

    def prune(self) -> None:
        for doc in self.store.documents():
            if not Path(doc["path"]).exists():
                self.store.remove_document(doc["doc_id"])
                self.report.removed.append(doc["path"])


@dataclass
class _Pending:
    path: str
    doc: Document
    chunks: list[Chunk]
    quotes: list[Quote]
    reuse: dict[str, np.ndarray]
    existing: bool
    boards: list[BoardMember | BoardQuorum]


def _fingerprint(data: bytes, meta: dict, recipe: str) -> str:
    h = hashlib.sha256(data)
    h.update(json.dumps(meta, sort_keys=True).encode())
    h.update(recipe.encode())
    return h.hexdigest()

