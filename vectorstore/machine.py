"""The CPU this process runs on: model, the flags that decide int8 and fp32 speed, logical and physical cores.

Calibrations are keyed by it, and the benchmark prints it beside every figure.
"""

from __future__ import annotations

import contextlib
import os
import platform
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: CPU flags that decide how fast int8 and fp32 matrix products run (shown beside benchmark figures too)
KEY_FLAGS = ("avx2", "fma", "avx512f", "avx512bw", "avx512_vnni", "avx512_bf16", "avx_vnni", "amx_tile",
             "amx_int8", "amx_bf16")


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


@lru_cache(maxsize=1)
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
