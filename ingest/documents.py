"""From a file to a `Document`: manifests (JSON, YAML or CSV) for metadata, derived titles, stable ids."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from assistant.types import DOC_META_FIELDS, Document
from ingest.loaders import LoadedText

MANIFEST_NAMES = ("manifest.json", "manifest.yaml", "manifest.yml", "manifest.csv")


class ManifestError(Exception):
    """A manifest file could not be read; `str(err)` names the file and the reason."""


def read_manifest(path: Path) -> dict[str, dict[str, Any]]:
    """Metadata by file name from a manifest.

    JSON or YAML: `{"documents": [{"file": ..., "title": ..., ...}]}` or a bare list of such entries, or a
    mapping of file name to entry. CSV: a header row with a `file` column and any of the metadata columns.
    """
    try:
        raw = path.read_text(encoding="utf-8-sig")
        suffix = path.suffix.lower()
        if suffix == ".csv":
            entries: Any = list(csv.DictReader(raw.splitlines()))
        elif suffix in (".yaml", ".yml"):
            import yaml

            entries = yaml.safe_load(raw)
        else:
            entries = json.loads(raw)
    except Exception as exc:
        raise ManifestError(f"{path}: unreadable manifest: {' '.join(str(exc).split())[:200]}") from None
    return _index_entries(entries, path)


def _index_entries(entries: Any, path: Path) -> dict[str, dict[str, Any]]:
    if isinstance(entries, dict) and "documents" in entries:
        entries = entries["documents"]
    if isinstance(entries, dict):
        entries = [{"file": name, **(meta or {})} for name, meta in entries.items()]
    if not isinstance(entries, list):
        raise ManifestError(f"{path}: manifest must list documents, each with a 'file' field")
    out: dict[str, dict[str, Any]] = {}
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or not entry.get("file"):
            raise ManifestError(f"{path}: entry {i + 1} has no 'file' field")
        meta = {k: _clean_value(entry.get(k)) for k in DOC_META_FIELDS if entry.get(k) not in (None, "")}
        out[Path(str(entry["file"])).name] = meta
    return out


def _clean_value(value: Any) -> str:
    return str(value).strip()


def find_manifest(folder: Path) -> Path | None:
    for name in MANIFEST_NAMES:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def doc_id_for(path: Path) -> str:
    """A stable id from the file name (readable) and its absolute path (unique)."""
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", path.stem).strip("-")[:48] or "doc"
    digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:6]
    return f"{stem}-{digest}"


def derive_title(text: str, fallback: str) -> str:
    """The first line that reads like a title: short, not boilerplate, not a date."""
    for line in text.splitlines()[:40]:
        line = " ".join(line.split()).lstrip("#").strip()
        words = line.split()
        if not 3 <= len(words) <= 20 or len(line) > 160:
            continue
        if re.search(r"\b(cookie|subscribe|site is intended|sign in|javascript)\b", line, re.I):
            continue
        return line.rstrip(".")
    return fallback


def make_document(path: Path, loaded: LoadedText, data: bytes, meta: dict[str, Any] | None) -> Document:
    """Build a `Document` from a loaded file and its manifest entry (if any)."""
    meta = dict(meta or {})
    own = loaded.title if loaded.title and loaded.title.strip().lower() not in ("untitled", "title", "document") else None
    title = meta.pop("title", None) or own or derive_title(loaded.text, path.stem)
    meta["author"] = meta.get("author") or loaded.author  # the file's own, when the manifest has none
    meta["publisher"] = meta.get("publisher") or loaded.publisher
    return Document(
        doc_id=doc_id_for(path),
        source=path.name,
        path=str(path.resolve()),
        text=loaded.text,
        sha256=hashlib.sha256(data).hexdigest(),
        title=title,
        pages=loaded.pages,
        **{k: meta.get(k) for k in DOC_META_FIELDS if k != "title"},
    )
