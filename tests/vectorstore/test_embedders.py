"""Embedding backends: PyTorch and the local ONNX exports agree; the export is cached; unknown names refused."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from vectorstore.embedders import get_embedder
from vectorstore.onnx_export import EXPORT_VERSION

TEXTS = [
    "Only two ICBs set out a specific, qualified, and voting public health member on their boards.",
    "The Hewitt Review will consider and make recommendations on reducing national targets.",
    "LGA",
]


def test_onnx_backends_agree_with_pytorch():
    models = Path(os.environ["ICS_ASSISTANT_MODELS"])
    reference = get_embedder("sentence-transformers").embed(TEXTS)
    fp32 = get_embedder("onnx", models).embed(TEXTS)
    int8 = get_embedder("onnx-int8", models).embed(TEXTS)
    assert np.allclose(np.linalg.norm(int8, axis=1), 1.0, atol=1e-4)
    assert (fp32 * reference).sum(axis=1).min() > 0.999
    assert (int8 * reference).sum(axis=1).min() > 0.95
    assert (models / f"all-MiniLM-L6-v2-onnx-v{EXPORT_VERSION}" / "model.int8.onnx").exists()


def test_batching_by_length_keeps_each_text_its_own_vector():
    """Texts of very different lengths are sorted and batched together; each must get the vector it gets alone
    (exactly in fp32; int8 quantises activations per batch, so its batch-mates move a vector a little)."""
    models = Path(os.environ["ICS_ASSISTANT_MODELS"])
    texts = ["GP", "The board shall include a director of public health. " * 12, "", "LMC observer"] + [
        f"Clause {i}: the integrated care board consists of {i} members" * (i % 5 + 1) for i in range(40)]
    for name, floor in (("onnx", 0.9999), ("onnx-int8", 0.95)):
        embedder = get_embedder(name, models)
        together = embedder.embed(texts, batch_size=8)
        alone = np.vstack([embedder.embed([t]) for t in texts])
        assert (together * alone).sum(axis=1).min() > floor, name


def test_export_is_cached(tmp_path):
    from vectorstore.onnx_export import ensure_onnx

    first = ensure_onnx(Path(os.environ["ICS_ASSISTANT_MODELS"]), quantized=True)
    stamp = first.stat().st_mtime_ns
    assert ensure_onnx(Path(os.environ["ICS_ASSISTANT_MODELS"]), quantized=True).stat().st_mtime_ns == stamp


def test_unknown_backend_is_refused():
    with pytest.raises(ValueError, match="unknown embedder"):
        get_embedder("word2vec")


def test_a_new_export_removes_older_export_versions(tmp_path, monkeypatch):
    """Upgrading the export recipe must not leave the previous ~110 MB of models behind. (The export itself is
    replaced by a file write here: the real one is covered above.)"""
    from vectorstore import onnx_export

    old = tmp_path / "all-MiniLM-L6-v2-onnx-v1"
    old.mkdir()
    (old / "model.onnx").write_bytes(b"old")
    unrelated = tmp_path / "notes"
    unrelated.mkdir()
    monkeypatch.setattr(onnx_export, "_export", lambda out: out.write_bytes(b"fp32"))
    monkeypatch.setattr(onnx_export, "_quantize", lambda src, out: out.write_bytes(b"int8"))
    path = onnx_export.ensure_onnx(tmp_path, quantized=True)
    assert path.read_bytes() == b"int8" and path.parent.name.endswith(f"v{EXPORT_VERSION}")
    assert not old.exists() and unrelated.exists()
