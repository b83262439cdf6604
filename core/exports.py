"""Lazy public APIs: a package names what it offers in `__all__` and imports each name on first use."""

from __future__ import annotations

import importlib
from collections.abc import Callable


def lazy_exports(package: str, where: dict[str, str]) -> tuple[list[str], Callable[[str], object]]:
    """`(__all__, __getattr__)` for a package whose public names (keys) live in the modules named by the
    values, e.g. `{"ingest": "ingest.pipeline"}`: importing the package stays cheap."""

    def __getattr__(name: str) -> object:
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(where[name]), name)

    return sorted(where), __getattr__
