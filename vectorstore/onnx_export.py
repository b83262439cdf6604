"""Export the packaged all-MiniLM-L6-v2 to ONNX with `torch.onnx.export`, and quantise it to int8 with
`onnxruntime.quantization.quantize_dynamic` — locally, once, cached in the data directory.

(sentence-transformers' `[onnx]` extra is not used: its `optimum` dependency conflicts with gradio 6.)
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import warnings
from pathlib import Path

EXPORT_VERSION = 2  # 2: eager attention (SDPA's masking ops ran ~20% slower under ONNX Runtime)


def ensure_onnx(cache_dir: Path, quantized: bool) -> Path:
    """The path of the exported model (fp32 or int8), exporting it first if it is not cached yet."""
    folder = cache_dir / f"all-MiniLM-L6-v2-onnx-v{EXPORT_VERSION}"
    fp32, int8 = folder / "model.onnx", folder / "model.int8.onnx"
    target = int8 if quantized else fp32
    if target.exists():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as lock:  # one exporter at a time; the others wait and reuse its result
        fcntl.flock(lock, fcntl.LOCK_EX)
        with _quiet():
            if not fp32.exists():
                _export(fp32)
            if quantized and not int8.exists():
                _quantize(fp32, int8)
    for old in cache_dir.glob("all-MiniLM-L6-v2-onnx-v*"):  # earlier exports (a running process holds its
        if old != folder and old.is_dir():                   # model in memory, so removing the files is safe)
            shutil.rmtree(old, ignore_errors=True)
    return target


@contextlib.contextmanager
def _quiet():
    """The exporter's tracer warnings, weight-loading bar and quantiser advice are not for the user."""
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        logging.disable(logging.WARNING)
        try:
            yield
        finally:
            logging.disable(logging.NOTSET)


def _export(out: Path) -> None:
    import torch
    from transformers import AutoModel

    from vectorstore.model import model_path

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    model = AutoModel.from_pretrained(model_path(), attn_implementation="eager").eval()

    class Encoder(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    ids = torch.ones((2, 8), dtype=torch.long)
    axes = {0: "batch", 1: "tokens"}
    tmp = out.with_suffix(f".{os.getpid()}.tmp")
    with torch.no_grad():
        torch.onnx.export(
            Encoder(model), (ids, torch.ones_like(ids), torch.zeros_like(ids)), str(tmp),
            input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["last_hidden_state"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes,
                          "last_hidden_state": axes},
            opset_version=17, dynamo=False,
        )
    os.replace(tmp, out)


def _quantize(src: Path, out: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    tmp = out.with_suffix(f".{os.getpid()}.tmp")
    quantize_dynamic(str(src), str(tmp), weight_type=QuantType.QInt8, per_channel=True)
    os.replace(tmp, out)
