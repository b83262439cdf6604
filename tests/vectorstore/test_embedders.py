"""Embedding backends: the ONNX models built from the packaged weights agree with PyTorch; the models are prepared
once per user cache (also by two processes at once) and a damaged one is made again; calibration is cached and
explicit settings override it; unknown names are refused."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core.settings import Settings
from vectorstore.embedders import get_embedder
from vectorstore.onnx_export import EXPORT_VERSION, MODEL_DIR_PREFIX, ensure_onnx, is_sound, model_folder

ROOT = Path(__file__).resolve().parent.parent
TEXTS = [
    "Only two ICBs set out a specific, qualified, and voting public health member on their boards.",
    "The Hewitt Review will consider and make recommendations on reducing national targets.",
    "LGA",
]


def _models() -> Path:
    return Settings.from_env().models_path


def test_the_model_cache_is_per_user_not_per_home(tmp_path):
    a, b = Settings.from_env(home=tmp_path / "a"), Settings.from_env(home=tmp_path / "b")
    assert a.models_path == b.models_path == Path(os.environ["ICS_ASSISTANT_CACHE"]) / "models"
    assert not a.models_path.is_relative_to(a.home)


def test_onnx_backends_agree_with_pytorch():
    reference = get_embedder("sentence-transformers").embed(TEXTS)
    fp32 = get_embedder("onnx", _models()).embed(TEXTS)
    int8 = get_embedder("onnx-int8", _models()).embed(TEXTS)
    assert np.allclose(np.linalg.norm(int8, axis=1), 1.0, atol=1e-4)
    assert (fp32 * reference).sum(axis=1).min() > 0.99999
    assert (int8 * reference).sum(axis=1).min() > 0.95
    assert model_folder(_models()).name.startswith(f"{MODEL_DIR_PREFIX}{EXPORT_VERSION}")


def test_batching_by_length_keeps_each_text_its_own_vector():
    """Texts of very different lengths are sorted and batched together; each must get the vector it gets alone
    (exactly in fp32; int8 quantises activations per batch, so its batch-mates move a vector a little)."""
    texts = ["GP", "The board shall include a director of public health. " * 12, "", "LMC observer"] + [
        f"Clause {i}: the integrated care board consists of {i} members" * (i % 5 + 1) for i in range(40)]
    for name, floor in (("onnx", 0.9999), ("onnx-int8", 0.95)):
        embedder = get_embedder(name, _models())
        together = embedder.embed(texts, batch_size=8)
        alone = np.vstack([embedder.embed([t]) for t in texts])
        assert (together * alone).sum(axis=1).min() > floor, name


def test_each_text_embedded_on_its_own_gets_exactly_its_vector_alone():
    """`embed_each` runs texts side by side on the cores, each as its own batch: the vectors are exactly those
    each text gets alone, whatever else is embedded with it."""
    from vectorstore.embedders import OnnxEmbedder

    texts = ["GP", "The board shall include a director of public health.", "LMC observer", "LGA"] * 3
    embedder = OnnxEmbedder(_models(), quantized=True, threads=1, workers=2)
    each = embedder.embed_each(texts)
    alone = np.vstack([embedder.embed([t]) for t in texts])
    assert each.shape == (len(texts), embedder.dim) and np.array_equal(each, alone)


def test_a_prepared_model_is_reused():
    first = ensure_onnx(_models(), quantized=True)
    stamp = first.stat().st_mtime_ns
    assert ensure_onnx(_models(), quantized=True).stat().st_mtime_ns == stamp
    assert is_sound(first)


PREPARE = """
import json, sys
from pathlib import Path
from vectorstore.onnx_export import ensure_onnx
path = ensure_onnx(Path(sys.argv[1]), quantized=True)
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the (large) pytest process across fork and exec
peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")) // 1024
print(json.dumps({"path": str(path), "peak_mb": peak, "torch": "torch" in sys.modules}))
"""


def _prepare(cache: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", PREPARE, str(cache)], stdout=subprocess.PIPE, text=True, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_two_processes_preparing_at_once_build_one_model_and_both_use_it(tmp_path):
    """A fresh user cache, two processes asking for the int8 model at the same moment: one builds (in a child of
    its own, without PyTorch), the other waits for it, and both get the same sound file."""
    cache = tmp_path / "models"
    procs = [_prepare(cache), _prepare(cache)]
    results = [json.loads(p.communicate(timeout=300)[0].strip().splitlines()[-1]) for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert results[0]["path"] == results[1]["path"] and is_sound(Path(results[0]["path"]))
    log = (cache / "prepare.log").read_text().splitlines()
    assert len(log) == 1 and json.loads(log[0])["quantized"] is True
    assert json.loads(log[0])["peak_mb"] < 400  # the builder itself is light: no PyTorch, no exporter
    assert not any(r["torch"] for r in results)  # the asking processes never load PyTorch …
    assert all(r["peak_mb"] < 400 for r in results)  # … nor the builder's memory
    assert not list(model_folder(cache).glob("*.tmp"))


def test_a_damaged_model_is_made_again(tmp_path):
    cache = tmp_path / "models"
    path = ensure_onnx(cache, quantized=True)
    with open(path, "r+b") as f:  # a disk error or an interrupted copy: the file is cut short
        f.truncate(path.stat().st_size // 2)
    assert not is_sound(path)
    again = ensure_onnx(cache, quantized=True)
    assert again == path and is_sound(again)
    from vectorstore.embedders import OnnxEmbedder

    vector = OnnxEmbedder(cache, quantized=True).embed(["integrated care board"])
    assert vector.shape == (1, 384) and abs(float(np.linalg.norm(vector)) - 1) < 1e-4


def test_a_new_model_version_removes_older_ones(tmp_path):
    """Upgrading the model recipe must not leave the previous ~110 MB of models behind."""
    cache = tmp_path / "models"
    old = cache / f"{MODEL_DIR_PREFIX}1"
    old.mkdir(parents=True)
    (old / "model.onnx").write_bytes(b"old")
    (cache / "notes").mkdir()
    path = ensure_onnx(cache, quantized=True)
    assert is_sound(path) and not old.exists() and (cache / "notes").exists()


def test_calibration_is_measured_once_per_machine_and_settings_override_it():
    from vectorstore.calibrate import CALIBRATION_FILE, backend_name, calibration, machine_key, tuning

    settings = Settings.from_env()
    first = calibration(settings.cache_dir, settings.models_path)
    assert first["backend"] in ("onnx-int8", "onnx", "sentence-transformers")
    assert first["threads"] >= 1 and first["batch_tokens"] in (512, 1024, 2048)
    assert first["measured"]["backend"]["onnx-int8"] > 0
    table = json.loads((settings.cache_dir / CALIBRATION_FILE).read_text())
    assert table[machine_key()]["created"] == first["created"]
    assert calibration(settings.cache_dir, settings.models_path)["created"] == first["created"]  # cached
    assert backend_name(settings) == first["backend"]
    explicit = settings.with_(embedder="onnx", embed_threads=1, embed_batch_tokens=300)
    assert backend_name(explicit) == "onnx"
    assert (tuning(explicit)["threads"], tuning(explicit)["batch_tokens"]) == (1, 300)


def test_unknown_backend_is_refused():
    with pytest.raises(ValueError, match="unknown embedder"):
        get_embedder("word2vec")


def test_calibrate_command_measures_again(tmp_path):
    from tests.conftest import run_cli

    proc = run_cli("calibrate", "--json", home=tmp_path / "home", check=True)
    found = json.loads(proc.stdout)
    assert found["backend"] in ("onnx-int8", "onnx", "sentence-transformers") and found["measured"]["backend"]
    assert json.loads((Path(os.environ["ICS_ASSISTANT_CACHE"]) / "calibration.json").read_text())
