"""Files the app offers for download. They live in one temporary folder per process, removed when the process
exits, and each is named by a digest of its content: showing the same table again rewrites nothing, and a
long-running server keeps one file per distinct export rather than a new folder per click."""

from __future__ import annotations

import atexit
import hashlib
import shutil
import tempfile
from pathlib import Path

_folder: Path | None = None


def _downloads() -> Path:
    global _folder
    if _folder is None or not _folder.is_dir():
        _folder = Path(tempfile.mkdtemp(prefix="ics-downloads-"))
        atexit.register(shutil.rmtree, _folder, True)
    return _folder


def offer(data: bytes, name: str) -> str:
    """A path the app may serve holding `data`, as `stem-<digest>.suffix` after `name` (e.g. boards.csv)."""
    stem, dot, suffix = name.rpartition(".")
    digest = hashlib.sha256(data).hexdigest()[:12]
    path = _downloads() / (f"{stem}-{digest}{dot}{suffix}" if dot else f"{name}-{digest}")
    if not path.exists():
        partial = path.with_name(path.name + ".part")
        partial.write_bytes(data)
        partial.replace(path)
    return str(path)
