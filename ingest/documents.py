"""From a file to a `Document`: manifests (JSON, YAML or CSV) for metadata, derived titles, stable ids."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from core.types import DOC_META_FIELDS, Document
from ingest.loaders import LoadedText

MANIFEST_NAMES = ("manifest.json", "manifest.yaml", "manifest.yml", "manifest.csv")


class ManifestError(Exception):
    """A manifest file could not be read; `str(err)` names the file and the reason."""


MAX_YAML_NODES = 100_000  # a YAML manifest expanding (through its aliases) to more nodes is refused


def read_manifest(path: Path, max_bytes: int = 5 * 1024 * 1024) -> dict[str, dict[str, Any]]:
    """Metadata by file name from a manifest.

    JSON or YAML: `{"documents": [{"file": ..., "title": ..., ...}]}` or a bare list of such entries, or a
    mapping of file name to entry. CSV: a header row with a `file` column and any of the metadata columns.
    YAML is read with the safe loader and refused if its aliases would expand it past `MAX_YAML_NODES`;
    metadata values must be text, numbers or dates.

    Raises:
        ManifestError: one line naming the file and the reason (the field, for a bad value).
    """
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ManifestError(f"{path}: unreadable manifest: {(exc.strerror or str(exc)).lower()}") from None
    if size > max_bytes:
        raise ManifestError(f"{path}: manifest is {size:,} bytes, over the {max_bytes:,}-byte limit")
    try:
        entries = _parse(path, path.read_text(encoding="utf-8-sig"))
    except ManifestError:
        raise
    except RecursionError:
        raise ManifestError(f"{path}: unreadable manifest: nested too deeply") from None
    except Exception as exc:
        raise ManifestError(f"{path}: unreadable manifest: {' '.join(str(exc).split())[:200]}") from None
    return _index_entries(entries, path)


def _parse(path: Path, raw: str) -> Any:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return list(csv.DictReader(raw.splitlines()))
    if suffix in (".yaml", ".yml"):
        loader = _ManifestLoader(raw)
        loader.manifest_path = path
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    return json.loads(raw)


class _ManifestLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing a document whose aliases would expand it past `MAX_YAML_NODES` nodes: the
    billion-laughs attack is a small graph of aliases that grows to gigabytes when walked."""

    manifest_path: Path

    def compose_document(self):
        node = super().compose_document()
        if _expanded_size(node, {}) > MAX_YAML_NODES:
            raise ManifestError(f"{self.manifest_path}: manifest expands to over {MAX_YAML_NODES:,} YAML nodes "
                                "through its aliases (refused: a YAML bomb)")
        return node


def _expanded_size(node, sizes: dict[int, int]) -> int:
    """How many nodes `node` stands for once every alias is expanded, counted without expanding (memoised)."""
    if id(node) in sizes:
        return sizes[id(node)]
    sizes[id(node)] = MAX_YAML_NODES + 1  # a node met again while counting itself is a cycle: too big
    children = node.value if isinstance(node.value, list) else []
    flat = [part for child in children for part in (child if isinstance(child, tuple) else (child,))]
    size = 1 + sum(_expanded_size(child, sizes) for child in flat)
    sizes[id(node)] = min(size, MAX_YAML_NODES + 1)
    return sizes[id(node)]


def _index_entries(entries: Any, path: Path) -> dict[str, dict[str, Any]]:
    if isinstance(entries, dict) and "documents" in entries:
        entries = entries["documents"]
    if isinstance(entries, dict):
        entries = [_named_entry(name, meta, path) for name, meta in entries.items()]
    if not isinstance(entries, list):
        raise ManifestError(f"{path}: manifest must list documents, each with a 'file' field")
    out: dict[str, dict[str, Any]] = {}
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise ManifestError(f"{path}: entry {i + 1} must be a mapping of fields, not {_kind(entry)}")
        out.update(_check_entry(entry, i, path))
    return out


def _named_entry(name: Any, meta: Any, path: Path) -> dict:
    """An entry of the `{file name: fields}` form, as a list entry."""
    if meta is not None and not isinstance(meta, dict):
        raise ManifestError(f"{path}: entry '{_short(name)}' must be a mapping of fields, not {_kind(meta)}")
    return {"file": name, **(meta or {})}


def _check_entry(entry: dict, i: int, path: Path) -> dict[str, dict[str, Any]]:
    """{file name: metadata} for one manifest entry, each field checked."""
    name = entry.get("file")
    if not isinstance(name, str) or not name.strip():
        got = "no 'file' field" if name in (None, "") else f"a 'file' field that is {_kind(name)}, not text"
        raise ManifestError(f"{path}: entry {i + 1} has {got}")
    meta = {}
    for key in DOC_META_FIELDS:
        value = entry.get(key)
        if value in (None, ""):
            continue
        if isinstance(value, bool) or not isinstance(value, str | int | float | date):
            raise ManifestError(f"{path}: entry {i + 1} ('{_short(name)}'): field '{key}' must be text, not "
                                f"{_kind(value)}")
        meta[key] = _clean_value(value)
        if len(meta[key]) > _MAX_FIELD_CHARS:
            raise ManifestError(f"{path}: entry {i + 1} ('{_short(name)}'): field '{key}' is over "
                                f"{_MAX_FIELD_CHARS:,} characters")
    return {Path(name).name: meta}


_MAX_FIELD_CHARS = 2000


def _kind(value: Any) -> str:
    names = {dict: "a mapping", list: "a list", bool: "true/false", int: "a number", float: "a number"}
    return names.get(type(value), f"a {type(value).__name__}")


def _short(text: Any) -> str:
    return " ".join(str(text).split())[:80]


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
