"""File loaders: PDF, DOCX, HTML, Markdown and text, each to plain text with page spans.

Every failure a file can cause is raised as `LoadError` with a one-line reason, so a batch can record it
against the file and go on. No other exception escapes `load_file`.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from assistant.types import PageSpan

SUPPORTED = (".pdf", ".docx", ".html", ".htm", ".md", ".markdown", ".txt")
PAGE_JOIN = "\n\n"


class LoadError(Exception):
    """A file could not be loaded; `str(err)` is a one-line reason."""


@dataclass(frozen=True)
class LoadedText:
    """What a loader extracts: the text, its pages (PDF only) and the title, author and publisher (site name)
    if the file names them."""

    text: str
    pages: tuple[PageSpan, ...] = ()
    title: str | None = None
    author: str | None = None
    publisher: str | None = None


def load_file(path: Path, max_bytes: int = 50 * 1024 * 1024) -> tuple[LoadedText, bytes]:
    """Load one file.

    Args:
        path: the file.
        max_bytes: files larger than this are refused.

    Returns:
        The extracted text and the raw bytes (for hashing).

    Raises:
        LoadError: with a one-line reason, for any file that cannot be loaded.
    """
    data = _read_bytes(path, max_bytes)
    suffix = path.suffix.lower()
    loader = _LOADERS.get(suffix)
    if loader is None:
        raise LoadError(f"unsupported file type '{suffix or '(none)'}' (supported: {', '.join(SUPPORTED)})")
    try:
        loaded = loader(data)
    except LoadError:
        raise
    except Exception as exc:  # a parser's own failure on a malformed file
        raise LoadError(f"unreadable {suffix[1:].upper()} file: {_one_line(exc)}") from None
    if not loaded.text.strip():
        raise LoadError("no extractable text — scanned?" if suffix == ".pdf" else "no text content")
    return loaded, data


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        st = path.stat()
    except OSError as exc:
        raise LoadError(_os_reason(exc)) from None
    if not stat.S_ISREG(st.st_mode):
        raise LoadError("not a regular file")
    if st.st_size == 0:
        raise LoadError("empty file")
    if st.st_size > max_bytes:
        raise LoadError(f"file is {_size(st.st_size)}, over the {_size(max_bytes)} limit")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise LoadError(_os_reason(exc)) from None


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.1f} KB" if n >= 1e3 else f"{n} bytes"


def _os_reason(exc: OSError) -> str:
    if exc.errno == 40:  # ELOOP
        return "symbolic link loop"
    return (exc.strerror or str(exc)).lower()


def _one_line(exc: BaseException) -> str:
    msg = " ".join(str(exc).split()) or type(exc).__name__
    return msg[:200]


def _normalise_newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM); otherwise Windows-1252, then Latin-1, which never fails."""
    if b"\x00" in data:
        raise LoadError("contains NUL bytes — binary file, not text")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _load_text(data: bytes) -> LoadedText:
    text = decode_text(data)
    if _looks_binary(text):
        raise LoadError("binary content, not text")
    return LoadedText(_normalise_newlines(text))


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    return len(_CONTROL.findall(sample)) > len(sample) * 0.05


_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f]")  # control characters other than \t \n \f \r


def _load_markdown(data: bytes) -> LoadedText:
    loaded = _load_text(data)
    match = re.search(r"^#\s+(.+)$", loaded.text, re.M)
    return LoadedText(loaded.text, (), match.group(1).strip() if match else None)


def _load_pdf(data: bytes) -> LoadedText:
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        try:
            ok = reader.decrypt("")
        except Exception:
            ok = 0
        if not ok:
            raise LoadError("encrypted PDF: a password is needed to open it")
    labels = _page_labels(reader)
    parts: list[str] = []
    pages: list[PageSpan] = []
    pos = 0
    for i, page in enumerate(reader.pages):
        page_text = _normalise_newlines(page.extract_text() or "").strip()
        if parts:
            pos += len(PAGE_JOIN)
        pages.append(PageSpan(i + 1, pos, pos + len(page_text), labels[i] if i < len(labels) else None))
        parts.append(page_text)
        pos += len(page_text)
    return LoadedText(PAGE_JOIN.join(parts), tuple(pages), _pdf_info(reader, "/Title"), _pdf_info(reader, "/Author"))


def _pdf_info(reader, key: str) -> str | None:
    """One field of the PDF's document information (title, author), if set."""
    try:
        value = (reader.metadata or {}).get(key)
    except Exception:
        return None
    return (" ".join(str(value).split()) or None) if value else None


def _page_labels(reader) -> list[str | None]:
    """Printed page labels, where the PDF defines them (otherwise None for each page)."""
    try:
        labels = list(reader.page_labels)
    except Exception:
        return []
    numbers = [str(i + 1) for i in range(len(labels))]
    return [None if lab == num else lab for lab, num in zip(labels, numbers)]


def _load_docx(data: bytes) -> LoadedText:
    import io

    import docx

    document = docx.Document(io.BytesIO(data))
    blocks: list[str] = []
    for para in document.paragraphs:
        text = para.text.strip()
        if not text:
            continue
        style = (para.style.name or "").lower() if para.style is not None else ""
        if "list" in style and not re.match(r"^([•\-*]|\d+[.)])\s", text):
            text = "• " + text
        blocks.append(text)
    for table in document.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells if c.text.strip()]
            if cells:
                blocks.append(" | ".join(dict.fromkeys(cells)))
    title = (document.core_properties.title or "").strip() or None
    return LoadedText("\n\n".join(blocks), (), title)


_BLOCK_TAGS = (
    "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "blockquote", "pre",
    "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "figure",
    "figcaption", "address", "hr", "form", "fieldset",
)


def _load_html(data: bytes) -> LoadedText:
    from bs4 import BeautifulSoup

    if b"\x00" in data:
        raise LoadError("contains NUL bytes — binary file, not HTML")
    soup = BeautifulSoup(data, "html.parser")
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    site = soup.find("meta", attrs={"property": "og:site_name"})
    site_name = (" ".join(str(site.get("content") or "").split()) or None) if site else None
    for tag in soup(["script", "style", "noscript", "template", "head", "svg", "iframe", "object"]):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for li in soup.find_all("li"):
        li.insert(0, "• ")
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    for cell in soup.find_all(["td", "th"]):
        cell.insert_after(" | ")
    raw = soup.get_text()
    lines = [" ".join(line.split()) for line in raw.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return LoadedText(text, (), title or None, publisher=site_name)


_LOADERS = {
    ".pdf": _load_pdf,
    ".docx": _load_docx,
    ".html": _load_html,
    ".htm": _load_html,
    ".md": _load_markdown,
    ".markdown": _load_markdown,
    ".txt": _load_text,
}


def iter_files(paths: list[Path]) -> list[Path]:
    """Expand folders (recursively) into files; skip hidden files and manifests inside folders."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith(".") or _is_manifest_name(name):
                        continue
                    out.append(Path(root) / name)
        else:
            out.append(path)
    return out


def _is_manifest_name(name: str) -> bool:
    return name.lower() in {"manifest.json", "manifest.yaml", "manifest.yml", "manifest.csv"}
