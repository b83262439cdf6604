"""Which embedder, thread count and batch shape run fastest on this machine: measured once, cached per machine.

Constants tuned on one CPU do not carry to another (768 tokens per batch suited one AMD EPYC's caches; on an Intel
Sapphire Rapids int8 ran only twice as fast as PyTorch). So at first use a child process times the candidates on
a fixed set of texts — the ONNX int8 and fp32 models (and PyTorch where int8 does not pay off), then, for the
fastest ONNX model, 1 thread or one per physical core, with and without spin-waiting, and 512 to 2,048 padded
tokens per batch — and the best is kept in the user-level cache (`calibration.json`), keyed by CPU model, CPU
flags, core counts, ONNX Runtime version and model version. It takes about 10 s once per machine
(`ics-assistant calibrate` measures again, e.g. after a busy moment); explicit settings (`embedder`,
`embed_threads`, `embed_batch_tokens`) override it.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import platform
import random
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

CALIBRATION_VERSION = 1
CALIBRATION_FILE = "calibration.json"
#: CPU flags that decide how fast int8 and fp32 matrix products run (shown beside benchmark figures too)
KEY_FLAGS = ("avx2", "fma", "avx512f", "avx512bw", "avx512_vnni", "avx512_bf16", "avx_vnni", "amx_tile",
             "amx_int8", "amx_bf16")
BATCH_TOKENS = (512, 1024, 2048)
DEFAULT = {"backend": "onnx-int8", "threads": 0, "batch_tokens": 1024, "spinning": False}
#: another backend must beat int8 by this much to be chosen (int8 needs the least memory; timing is noisy)
MARGIN = 1.15


@dataclass(frozen=True)
class CpuInfo:
    """What the calibration is keyed by and what the benchmark prints beside its figures."""

    model: str
    flags: tuple[str, ...]  # the KEY_FLAGS this CPU has
    logical: int  # CPUs this process may run on
    physical: int  # distinct cores among them

    def describe(self) -> str:
        flags = " ".join(self.flags) or "no AVX2"
        return f"{self.model}, {self.physical} cores / {self.logical} threads, {flags}"


def cpu_info() -> CpuInfo:
    """The CPU this process runs on (from /proc/cpuinfo and sysfs on Linux; `platform` elsewhere)."""
    model, flags = platform.processor() or platform.machine(), set()
    with contextlib.suppress(OSError):
        for line in open("/proc/cpuinfo", encoding="utf-8", errors="replace"):
            key, _, value = line.partition(":")
            if key.strip() == "model name" and model in (platform.processor(), platform.machine()):
                model = value.strip()
            elif key.strip() == "flags" and not flags:
                flags = set(value.split())
    allowed = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else list(range(os.cpu_count() or 1))
    return CpuInfo(model, tuple(f for f in KEY_FLAGS if f in flags), len(allowed), _physical_cores(allowed))


def _physical_cores(cpus: list[int]) -> int:
    cores = set()
    for cpu in cpus:
        topo = Path(f"/sys/devices/system/cpu/cpu{cpu}/topology")
        try:
            cores.add((topo / "physical_package_id").read_text().strip() + ":" + (topo / "core_id").read_text().strip())
        except OSError:
            return len(cpus)  # no topology: count every CPU
    return max(1, len(cores))


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
    with _locked(cache_dir / ".calibration.lock"):
        found = None if force else _cached(cache_dir, key)
        if found is None:
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


@contextlib.contextmanager
def _locked(path: Path):
    with open(path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _measure_in_child(models_dir: Path) -> dict:
    """Run `measure` in a fresh interpreter (PyTorch and two sessions stay out of the caller's memory)."""
    proc = subprocess.run([sys.executable, "-m", "vectorstore.calibrate", str(models_dir)], capture_output=True,
                          text=True, env=_child_env())
    try:
        return json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"ics-assistant: embedder calibration failed ({tail}); using the defaults", file=sys.stderr)
        return dict(DEFAULT)


# ---------------------------------------------------------------- measuring (in the child process)


def sample_texts(n: int = 24, seed: int = 5) -> list[str]:
    """Texts of 12 to 150 words, like chunks: words drawn from the model's own vocabulary (length is what counts)."""
    from vectorstore.embedders import load_tokenizer

    vocab = sorted(w for w in load_tokenizer().get_vocab() if w.isalpha() and len(w) > 2)
    rng = random.Random(seed)
    return [" ".join(rng.choices(vocab, k=rng.randint(12, 150))) for _ in range(n)]


def measure(models_dir: Path, rounds: int = 2) -> dict:
    """Time the candidates (alternating, best of `rounds` each) and return the fastest with every figure.

    PyTorch is timed (in its own process, ~500 MB) only when ONNX int8 is no faster than ONNX fp32 here: that is
    the only case in which it could win, and elsewhere a first ingest should not pay its memory or load time.
    """
    from vectorstore.embedders import OnnxEmbedder, load_tokenizer

    info, started = cpu_info(), time.perf_counter()
    texts = sample_texts()
    tokens = sum(len(e.ids) for e in load_tokenizer().encode_batch(texts))
    candidates = {name: OnnxEmbedder(models_dir, name == "onnx-int8", threads=info.physical, batch_tokens=1024,
                                     spinning=False) for name in ("onnx-int8", "onnx")}
    speed = _race(candidates, texts, tokens, rounds)
    del candidates
    if speed["onnx"] * MARGIN >= speed["onnx-int8"]:
        torch = _torch_speed(texts, tokens, rounds)
        if torch:
            speed["sentence-transformers"] = torch
    backend = max(speed, key=speed.get)
    if speed[backend] < MARGIN * speed["onnx-int8"]:
        backend = "onnx-int8"
    result = {**DEFAULT, "backend": backend, "measured": {"backend": speed}, "cpu": asdict(info), "tokens": tokens}
    if backend.startswith("onnx"):
        result.update(_best_shape(models_dir, backend == "onnx-int8", info, texts, tokens, rounds))
        result["measured"]["shape"] = result.pop("shape_speed")
    result["seconds"] = round(time.perf_counter() - started, 1)
    result["created"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    return result


def _best_shape(models_dir: Path, quantized: bool, info: CpuInfo, texts: list[str], tokens: int, rounds: int) -> dict:
    """Threads (1 or one per physical core; with more than one, spin-waiting on or off) × tokens per batch."""
    from vectorstore.embedders import OnnxEmbedder

    shapes = {}
    for threads in sorted({1, info.physical}):
        for spinning in ((False, True) if threads > 1 else (False,)):
            session = OnnxEmbedder(models_dir, quantized, threads=threads, spinning=spinning)
            for bt in BATCH_TOKENS:
                shapes[f"{threads}:{int(spinning)}:{bt}"] = session.with_batch_tokens(bt)
    speed = _race(shapes, texts, tokens, rounds)
    threads, spinning, bt = (int(x) for x in max(speed, key=speed.get).split(":"))
    return {"threads": threads, "spinning": bool(spinning), "batch_tokens": bt, "shape_speed": speed}


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


_TORCH = """
import json, sys, time
from vectorstore.calibrate import sample_texts
from vectorstore.embedders import SentenceTransformerEmbedder
texts, e = sample_texts(), SentenceTransformerEmbedder()
e.embed(texts[:4]); best = 1e9
for _ in range(int(sys.argv[1])):
    t = time.perf_counter(); e.embed(texts, batch_size=32); best = min(best, time.perf_counter() - t)
print(json.dumps(best))
"""


def _torch_speed(texts: list[str], tokens: int, rounds: int) -> float | None:
    """PyTorch's tokens per second on the same texts, measured in its own process (None if it cannot run)."""
    proc = subprocess.run([sys.executable, "-c", _TORCH, str(rounds)], capture_output=True, text=True,
                          env=_child_env())
    try:
        return round(tokens / float(proc.stdout.strip().splitlines()[-1]))
    except (IndexError, ValueError, ZeroDivisionError):
        return None


def _child_env() -> dict:
    root = str(Path(__file__).resolve().parent.parent)
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}


def main(argv: list[str] | None = None) -> int:
    """`python -m vectorstore.calibrate MODELS_DIR`: measure and print the result as one JSON line."""
    args = sys.argv[1:] if argv is None else argv
    models_dir = Path(args[0])
    print(json.dumps(measure(models_dir)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
