"""The BM25 keyword index (bm25s), rebuilt from the catalog whenever the catalog has changed.

It is saved as a new folder per catalog version and switched to by rewriting one small pointer file, so an
interrupted save never leaves a half-written index in use. It is loaded memory-mapped: no copy of the corpus
text is held for it.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from core.text import TOKENS_VERSION, proper_forms, tokenize
from vectorstore.catalog import Catalog


@dataclass(frozen=True)
class _Loaded:
    """One version of the index. Replaced whole, never changed, so a search that began on it finishes on it
    while another thread loads the next version (scores and ids always come from the same one)."""

    version: int = -1
    retriever: object = None
    ids: list[str] = field(default_factory=list)
    pos: dict[str, int] = field(default_factory=dict)
    cases: dict[str, str] = field(default_factory=dict)  # words the corpus always capitalises, by lower form


class BM25Index:
    """Keyword search over every chunk in the catalog."""

    def __init__(self, path: Path, catalog: Catalog) -> None:
        self.path = path
        self.catalog = catalog
        self._lock = threading.Lock()
        self._loaded = _Loaded()

    def ensure_current(self) -> _Loaded:
        """Load the saved index, or rebuild it, so that it matches the catalog's current version; returns it."""
        version = self.catalog.version
        loaded = self._loaded
        if version == loaded.version:
            return loaded
        with self._lock:
            if version != self._loaded.version and not self._load(version):
                self._build(version)
            return self._loaded

    def _load(self, version: int) -> bool:
        bm25s = _bm25s()

        pointer = self.path / "CURRENT"
        try:
            name = pointer.read_text().strip()
            if name != f"v{version}":
                return False
            folder = self.path / name
            ids = json.loads((folder / "ids.json").read_text())
            if json.loads((folder / "tokens.json").read_text()) != TOKENS_VERSION:
                return False  # built by another tokenizer: its terms would not match the question's
            cases = json.loads((folder / "cases.json").read_text())
            retriever = bm25s.BM25.load(str(folder), mmap=True) if ids else None
        except (OSError, ValueError):
            return False
        self._set(version, retriever, ids, cases)
        return True

    def _build(self, version: int) -> None:
        bm25s = _bm25s()

        ids, corpus, texts = [], [], []
        for chunk_id, text in self.catalog.iter_chunk_texts():
            ids.append(chunk_id)
            corpus.append(tokenize(text) or ["\u2205"])
            texts.append(text)
        retriever = None
        if ids:
            retriever = bm25s.BM25(k1=1.2, b=0.75)
            retriever.index(corpus, show_progress=False)
        cases = proper_forms(texts)
        self._save(version, retriever, ids, cases)
        self._set(version, retriever, ids, cases)

    def _save(self, version: int, retriever, ids: list[str], cases: dict[str, str]) -> None:
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            folder = self.path / f"v{version}"
            tmp = self.path / f".v{version}.{os.getpid()}.tmp"
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir()
            if retriever is not None:
                retriever.save(str(tmp))
            (tmp / "ids.json").write_text(json.dumps(ids))
            (tmp / "cases.json").write_text(json.dumps(cases))
            (tmp / "tokens.json").write_text(json.dumps(TOKENS_VERSION))
            shutil.rmtree(folder, ignore_errors=True)
            os.replace(tmp, folder)
            pointer_tmp = self.path / f".CURRENT.{os.getpid()}"
            pointer_tmp.write_text(f"v{version}")
            os.replace(pointer_tmp, self.path / "CURRENT")
            for old in self.path.glob("v*"):
                if old.name != f"v{version}":
                    shutil.rmtree(old, ignore_errors=True)
        except OSError:
            pass  # a read-only home: the in-memory index still serves this process

    def _set(self, version: int, retriever, ids: list[str], cases: dict[str, str]) -> None:
        self._loaded = _Loaded(version, retriever, ids, {cid: i for i, cid in enumerate(ids)}, cases)

    def search(self, query: str, n: int, allowed: set[str] | None = None) -> list[tuple[str, float]]:
        """Best chunks for the query as (chunk_id, BM25 score), best first; only `allowed` ids if given."""
        loaded = self.ensure_current()
        tokens = tokenize(query)
        if loaded.retriever is None or not tokens:
            return []
        scores = np.asarray(loaded.retriever.get_scores(tokens), dtype=np.float32)
        if allowed is not None:
            mask = np.zeros(len(scores), dtype=bool)
            idx = [loaded.pos[c] for c in allowed if c in loaded.pos]
            mask[idx] = True
            scores = np.where(mask, scores, 0.0)
        hits = np.flatnonzero(scores > 0)  # only chunks holding a query term: at 100k chunks, a few thousand
        n = min(n, len(hits))
        if n <= 0:
            return []
        top = hits[np.argpartition(-scores[hits], n - 1)[:n]] if n < len(hits) else hits
        top = top[np.lexsort((top, -scores[top]))]  # best first; equal scores in index order, whatever the partition
        return [(loaded.ids[i], float(scores[i])) for i in top]

    def idf(self, tokens: list[str]) -> dict[str, float]:
        """Inverse document frequency of each (stemmed) token over all chunks; unseen tokens get the maximum."""
        loaded = self.ensure_current()
        n = len(loaded.ids)
        out = {}
        vocab = loaded.retriever.vocab_dict if loaded.retriever is not None else {}
        indptr = loaded.retriever.scores["indptr"] if loaded.retriever is not None else None
        for tok in tokens:
            idx = vocab.get(tok)
            df = int(indptr[idx + 1] - indptr[idx]) if idx is not None else 0
            out[tok] = float(np.log(1 + (n - df + 0.5) / (df + 0.5)))
        return out

    def knows(self, token: str) -> bool:
        """Whether any indexed chunk holds this (stemmed) token."""
        loaded = self.ensure_current()
        return loaded.retriever is not None and token in loaded.retriever.vocab_dict

    def proper_forms(self) -> dict[str, str]:
        """The words the indexed texts always capitalise ("Cornwall", "ICB"), by lower-case form."""
        return self.ensure_current().cases

    @property
    def size(self) -> int:
        return len(self.ensure_current().ids)


def _bm25s():
    """bm25s, imported on first use; its logger is set to DEBUG on import, which prints a line on every build."""
    import logging

    import bm25s

    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return bm25s
