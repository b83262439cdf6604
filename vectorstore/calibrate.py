"""Which embedder, thread count and batch shape run fastest on this machine: measured once, cached per machine.

Constants tuned on one CPU do not carry to another (768 tokens per batch suited one AMD EPYC's caches; on an
Intel Sapphire Rapids int8 ran only twice as fast as PyTorch). So at first use child processes time the
candidates on a fixed set of texts — the ONNX int8 and fp32 models (and PyTorch where int8 does not pay off),
then, for the fastest ONNX model, one thread per physical core or one batch per core on one thread each, with
512 to 2,048 padded tokens per batch — and the best is kept in the user-level cache (`calibration.json`), keyed
by CPU model, CPU flags, core counts, ONNX Runtime version and model version. It takes about 10 s once per
machine (`ics-assistant calibrate` measures again, e.g. after a busy moment); explicit settings (`embedder`,
`embed_threads`, `embed_batch_tokens`) override it. `embedder_for(settings)` is the embedder so chosen.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

from vectorstore.embedders import Embedder, OnnxEmbedder, get_embedder, load_tokenizer, onnx_available
from vectorstore.machine import CpuInfo, cpu_info
from vectorstore.onnx_export import file_lock

CALIBRATION_VERSION = 2  # 2: "workers" (a batch per core) among the shapes
CALIBRATION_FILE = "calibration.json"
BATCH_TOKENS = (512, 1024, 2048)
DEFAULT = {"backend": "onnx-int8", "threads": 0, "batch_tokens": 1024, "spinning": False, "workers": 1}
#: another backend must beat int8 by this much to be chosen (int8 needs the least memory; timing is noisy)
MARGIN = 1.15
def machine_key(info: CpuInfo | None = None) -> str:
    """Calibrations are reused only on the same CPU, core count, ONNX Runtime and model."""
    import onnxruntime

    from vectorstore.onnx_export import EXPORT_VERSION

    info = info or cpu_info()
    raw = json.dumps([CALIBRATION_VERSION, info.model, sorted(info.flags), info.logical, info.physical,
                      onnxruntime.__version__, EXPORT_VERSION])
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def calibration(cache_dir: Path, models_dir: Path | None = None, force: bool = False) -> dict:
    """This machine's calibration: from the cache, or measured now (in a child process, one at a time).

    Args:
        cache_dir: the user-level cache holding `calibration.json`.
        models_dir: where the ONNX models are (default `cache_dir/models`).
        force: measure again even if this machine has a calibration.

    Returns:
        `{"backend", "threads", "batch_tokens", "spinning", ...}`; the defaults if the measurement failed.
    """
    models_dir = models_dir or cache_dir / "models"
    key = machine_key()
    found = None if force else _cached(cache_dir, key)
    if found is not None:
        return found
    cache_dir.mkdir(parents=True, exist_ok=True)
    with file_lock(cache_dir / ".calibration.lock"):
        found = None if force else _cached(cache_dir, key)
        if found is None:
            if sys.stderr.isatty():  # a pause of ~15 s deserves a word; scripts get clean stderr
                print("ics-assistant: timing the embedder on this machine (once, ~15 s)…", file=sys.stderr)
            found = _measure_in_child(models_dir)
            if found.get("measured"):
                _store(cache_dir, key, found)
    return found


def _cached(cache_dir: Path, key: str) -> dict | None:
    try:
        entry = json.loads((cache_dir / CALIBRATION_FILE).read_text()).get(key)
    except (OSError, ValueError, AttributeError):
        return None
    return entry if isinstance(entry, dict) and entry.get("backend") else None


def _store(cache_dir: Path, key: str, result: dict) -> None:
    path = cache_dir / CALIBRATION_FILE
    try:
        table = json.loads(path.read_text())
        table = table if isinstance(table, dict) else {}
    except (OSError, ValueError):
        table = {}
    table[key] = result
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(table, indent=1))
    os.replace(tmp, path)




def _measure_in_child(models_dir: Path) -> dict:
    """`measure`, its two steps each in a fresh interpreter: the sessions they load (~300 MB at most, fp32 among
    them) stay out of the caller's memory, and the second step's out of the first's."""
    try:
        return measure(models_dir, step=_run_step)
    except (ModelStepError, OSError) as exc:
        print(f"ics-assistant: embedder calibration failed ({exc}); using the defaults", file=sys.stderr)
        return dict(DEFAULT)


class ModelStepError(RuntimeError):
    """A calibration step's process failed."""


def _run_step(*args: str):
    proc = subprocess.run([sys.executable, "-m", "vectorstore.calibrate", *args], capture_output=True, text=True,
                          env=_child_env())
    try:
        return json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        raise ModelStepError((proc.stderr.strip().splitlines() or ["no output"])[-1]) from None


def backend_name(settings) -> str:
    """The backend a settings object means: its `embedder`, or for "auto" the one calibration chose here."""
    if settings.embedder != "auto":
        return settings.embedder
    if not onnx_available():
        return "sentence-transformers"
    return tuning(settings)["backend"]


def tuning(settings) -> dict:
    """Backend and ONNX shape for these settings: calibration's, overridden by explicit settings."""
    explicit = settings.embedder != "auto" and settings.embed_threads and settings.embed_batch_tokens
    found = dict(DEFAULT) if explicit else calibration(settings.cache_dir, settings.models_path)
    if settings.embed_threads:  # an explicit thread count means intra-op threads, one batch at a time
        found["threads"], found["workers"] = settings.embed_threads, 1
    if settings.embed_batch_tokens:
        found["batch_tokens"] = settings.embed_batch_tokens
    return found


def embedder_for(settings) -> Embedder:
    """The process-wide embedder the settings ask for, in the shape calibrated for this machine."""
    name = backend_name(settings)
    if name == "sentence-transformers":
        return get_embedder(name)
    shape = tuning(settings)
    return get_embedder(name, settings.models_path, threads=int(shape["threads"]),
                        batch_tokens=int(shape["batch_tokens"]), spinning=bool(shape.get("spinning", False)),
                        workers=int(shape.get("workers", 1)))


# ---------------------------------------------------------------- measuring (in the child process)


def sample_texts(n: int = 24, seed: int = 5) -> list[str]:
    """Texts of 12 to 150 words, like chunks: words drawn from the model's own vocabulary (length is what counts)."""
    vocab = sorted(w for w in load_tokenizer().get_vocab() if w.isalpha() and len(w) > 2)
    rng = random.Random(seed)
    return [" ".join(rng.choices(vocab, k=rng.randint(12, 150))) for _ in range(n)]


def measure(models_dir: Path, rounds: int = 2, step=None) -> dict:
    """Time the candidates (alternating, best of `rounds` each) and return the fastest with every figure.

    First the backends at one shape, then, for the fastest ONNX model, the shapes. PyTorch is timed (in its own
    process, ~500 MB) only when ONNX int8 is slower than ONNX fp32 here: the only case in which it could win;
    elsewhere a first ingest should pay neither its memory nor its load time.

    Args:
        step: runs one step by name (default: in this process; `_run_step` runs each in a child).
    """
    step = step or (lambda *args: STEPS[args[0]](*args[1:]))
    started = time.perf_counter()
    first = step("backend", str(models_dir), str(rounds))
    speed = first["speed"]
    if speed["onnx"] >= speed["onnx-int8"]:
        with contextlib.suppress(ModelStepError):
            speed["sentence-transformers"] = step("torch", str(rounds))["speed"]
    backend = max(speed, key=speed.get)
    if speed[backend] < MARGIN * speed["onnx-int8"]:
        backend = "onnx-int8"
    result = {**DEFAULT, "backend": backend, "measured": {"backend": speed}, "cpu": first["cpu"],
              "tokens": first["tokens"]}
    if backend.startswith("onnx"):
        shape = step("shape", str(models_dir), str(rounds), backend)
        result["measured"]["shape"] = shape.pop("speed")
        result.update(shape)
    result["seconds"] = round(time.perf_counter() - started, 1)
    result["created"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    return result


def _backend_step(models_dir: str, rounds: str) -> dict:
    """ONNX int8 against fp32, one thread per physical core, 1,024 tokens per batch."""
    info, texts, tokens = _workload()
    candidates = {name: OnnxEmbedder(Path(models_dir), name == "onnx-int8", threads=info.physical)
                  for name in ("onnx-int8", "onnx")}
    return {"speed": _race(candidates, texts, tokens, int(rounds)), "cpu": asdict(info), "tokens": tokens}


def _shape_step(models_dir: str, rounds: str, backend: str) -> dict:
    info, texts, tokens = _workload()
    return _best_shape(Path(models_dir), backend == "onnx-int8", info, texts, tokens, int(rounds))


def _torch_step(rounds: str) -> dict:
    """PyTorch's tokens per second on the same texts (sentence-transformers, 32 texts per batch)."""
    from vectorstore.embedders import SentenceTransformerEmbedder  # PyTorch, only in this step's process

    _, texts, tokens = _workload()
    embedder = SentenceTransformerEmbedder()
    embedder.embed(texts[:4])
    best = min(_timed(lambda: embedder.embed(texts, batch_size=32)) for _ in range(int(rounds)))
    return {"speed": {"sentence-transformers": round(tokens / best)}}


def _workload() -> tuple[CpuInfo, list[str], int]:
    texts = sample_texts()
    return cpu_info(), texts, sum(len(e.ids) for e in load_tokenizer().encode_batch(texts))


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


STEPS = {"backend": _backend_step, "shape": _shape_step, "torch": _torch_step}


def _best_shape(models_dir: Path, quantized: bool, info: CpuInfo, texts: list[str], tokens: int, rounds: int) -> dict:
    """How to use the cores × tokens per batch. With one core: one thread. With more: one thread per core inside
    each batch, or one batch per core on one thread each ("workers"); cores counted as physical cores and, where
    they differ, as hardware threads. Spin-waiting threads are not
    a candidate: on 2 shared cores they burnt 25-40% more CPU per token and were slower whenever another process
    ran; alone they gained under 6% (and a third session would take the step past 400 MB)."""
    modes = {"1:0:1": (1, False, 1)}
    for cores in {info.physical, info.logical} - {1}:  # hyperthreads are tried too: they help some CPUs
        modes |= {f"{cores}:0:1": (cores, False, 1), f"1:0:{cores}": (1, False, cores)}
    if len(modes) > 1:
        del modes["1:0:1"]  # one thread is measured only where there is nothing else to try
    shapes = {}
    for mode, (threads, spinning, workers) in modes.items():
        session = OnnxEmbedder(models_dir, quantized, threads=threads, spinning=spinning)
        for bt in BATCH_TOKENS:
            shapes[f"{mode}:{bt}"] = session.with_shape(bt, workers)
    speed = _race(shapes, texts, tokens, rounds)
    threads, spinning, workers, bt = (int(x) for x in max(speed, key=speed.get).split(":"))
    return {"threads": threads, "spinning": bool(spinning), "workers": workers, "batch_tokens": bt,
            "speed": speed}


def _race(candidates: dict, texts: list[str], tokens: int, rounds: int) -> dict[str, float]:
    """Tokens per second of each candidate: one warm-up, then `rounds` alternating runs, the best kept."""
    best: dict[str, float] = {}
    for embedder in candidates.values():
        embedder.embed(texts[:4])
    for _ in range(rounds):
        for name, embedder in candidates.items():
            t = time.perf_counter()
            embedder.embed(texts)
            best[name] = max(best.get(name, 0.0), tokens / (time.perf_counter() - t))
    return {k: round(v) for k, v in best.items()}


def _child_env() -> dict:
    root = str(Path(__file__).resolve().parent.parent)
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}


def main(argv: list[str] | None = None) -> int:
    """`python -m vectorstore.calibrate STEP ARGS…`: run one measuring step, print its result as one JSON line."""
    args = sys.argv[1:] if argv is None else argv
    print(json.dumps(STEPS[args[0]](*args[1:])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
