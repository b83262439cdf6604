"""File loaders: PDF, DOCX, HTML, Markdown and text, each to plain text with page spans.

Every failure a file can cause is raised as `LoadError` with a one-line reason, so a batch can record it
against the file and go on. No other exception escapes `load_file`.

Hostile files are bounded by `Limits`, checked as early and as cheaply as possible: a DOCX by the sizes its zip
declares (and by a scan of its parts for DTDs) before any XML is parsed, a PDF by its page count before any text
is extracted, every file by the characters it yields and the time its parser takes. HTML is read by a streaming
extractor whose cost grows linearly with the file, however deeply its tags nest.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import stat
import time
import unicodedata
import zipfile
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path

from core.types import PageSpan

SUPPORTED = (".pdf", ".docx", ".html", ".htm", ".md", ".markdown", ".txt")
PAGE_JOIN = "\n\n"


class LoadError(Exception):
    """A file could not be loaded; `str(err)` is a one-line reason."""


@dataclass(frozen=True)
class Limits:
    """What one file may cost; a file over any limit is refused with a reason naming it."""

    max_bytes: int = 50 * 1024 * 1024
    max_inflated_bytes: int = 64_000_000
    max_xml_bytes: int = 24_000_000
    max_compression_ratio: int = 100
    max_pages: int = 5000
    max_chars: int = 10_000_000
    max_seconds: float = 60.0

    @classmethod
    def from_settings(cls, settings) -> Limits:
        """The limits set in a `Settings` object."""
        return cls(settings.max_file_bytes, settings.max_inflated_bytes, settings.max_xml_bytes,
                   settings.max_compression_ratio, settings.max_pages, settings.max_chars,
                   settings.max_seconds_per_file)


@dataclass
class _Budget:
    """The limits of one file being loaded, with its parse clock."""

    limits: Limits
    started: float = field(default_factory=time.monotonic)

    def check_time(self) -> None:
        if time.monotonic() - self.started > self.limits.max_seconds:
            raise LoadError(f"parsing took over the {self.limits.max_seconds:g} s time limit")

    def check_chars(self, n: int) -> None:
        if n > self.limits.max_chars:
            raise LoadError(f"text is over the {self.limits.max_chars:,}-character limit")


@dataclass(frozen=True)
class LoadedText:
    """What a loader extracts: the text, its pages (PDF only) and the title, author and publisher (site name)
    if the file names them."""

    text: str
    pages: tuple[PageSpan, ...] = ()
    title: str | None = None
    author: str | None = None
    publisher: str | None = None


def load_file(path: Path, max_bytes: int | None = None, limits: Limits | None = None) -> tuple[LoadedText, bytes]:
    """Load one file.

    Args:
        path: the file.
        max_bytes: files larger than this are refused (overrides `limits.max_bytes`).
        limits: what the file may cost (default: `Limits()`).

    Returns:
        The extracted text and the raw bytes (for hashing).

    Raises:
        LoadError: with a one-line reason, for any file that cannot be loaded.
    """
    limits = limits or Limits()
    if max_bytes is not None:
        limits = replace(limits, max_bytes=max_bytes)
    data = _read_bytes(path, limits.max_bytes)
    suffix = path.suffix.lower()
    loader = _LOADERS.get(suffix)
    if loader is None:
        raise LoadError(f"unsupported file type '{suffix or '(none)'}' (supported: {', '.join(SUPPORTED)})")
    budget = _Budget(limits)
    try:
        loaded = loader(data, budget)
    except LoadError:
        raise
    except RecursionError:
        raise LoadError(f"unreadable {suffix[1:].upper()} file: nested too deeply") from None
    except MemoryError:
        raise LoadError(f"unreadable {suffix[1:].upper()} file: out of memory while parsing") from None
    except Exception as exc:  # a parser's own failure on a malformed file
        raise LoadError(f"unreadable {suffix[1:].upper()} file: {_one_line(exc)}") from None
    budget.check_chars(len(loaded.text))
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


_BOMS = (  # UTF-32 first: its little-endian BOM begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_text(data: bytes) -> str:
    """Text by its BOM (UTF-8/16/32); else UTF-16/32 recognised by where its zero bytes fall, UTF-8, a detected
    non-Latin charset, Windows-1252, then Latin-1, which never fails. Only what is left with NUL bytes is refused
    as binary."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise LoadError(f"invalid {encoding.upper()} text after its byte-order mark: {exc.reason}") from None
    if b"\x00" in data:
        encoding = _wide_encoding(data)
        if encoding is None:
            raise LoadError("contains NUL bytes — binary file, not text")
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            raise LoadError("contains NUL bytes — binary file, not text") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for encoding in (_detect_charset(data), "cp1252"):  # guessed only for what is not UTF-8 (~3 ms a file)
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("latin-1")


_MIN_GUESS_BYTES = 16


def _detect_charset(data: bytes) -> str:
    """The charset of text that is not UTF-8, as guessed by charset-normalizer from its first 256 KB — used only
    when there are enough non-ASCII bytes to go on and the guess reads as a non-Latin script (Cyrillic, Greek,
    CJK…). For Latin text the detector often picks a neighbour (Windows-1250 reads the pound sign as "Ł"), so
    Windows-1252, the usual British encoding, wins."""
    from charset_normalizer import from_bytes

    sample = data[: 1 << 18]
    if sum(b > 127 for b in sample[:4096]) < _MIN_GUESS_BYTES:
        return "cp1252"  # too few non-ASCII bytes for any guess to be better than the usual encoding
    best = from_bytes(sample).best()
    if best is None:
        return "cp1252"
    letters = [c for c in str(best) if ord(c) > 127 and c.isalpha()]
    if not letters or all(unicodedata.name(c, "").startswith("LATIN") for c in letters):
        return "cp1252"
    return best.encoding


def _wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32 without a BOM, told by its zero bytes: in mostly-Latin text the high bytes of each code
    unit are zero and the low byte is not. None when the zeros fall anywhere else (a binary file)."""
    sample = data[:4096]
    for width, name in ((4, "utf-32"), (2, "utf-16")):
        if len(data) % width:
            continue
        units = [sample[i : i + width] for i in range(0, len(sample) - width + 1, width)]
        for order, low in (("le", 0), ("be", width - 1)):
            text_like = sum(1 for u in units if u[low] != 0 and not any(u[j] for j in range(width) if j != low))
            if units and text_like >= 0.9 * len(units):
                return f"{name}-{order}"
    return None


def _load_text(data: bytes, budget: _Budget) -> LoadedText:
    budget.check_chars(len(data) // 4)  # no encoding packs more than one character into a byte
    text = decode_text(data)
    budget.check_chars(len(text))
    if _looks_binary(text):
        raise LoadError("binary content, not text")
    return LoadedText(_normalise_newlines(text))


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    return len(_CONTROL.findall(sample)) > len(sample) * 0.05


_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f]")  # control characters other than \t \n \f \r


def _load_markdown(data: bytes, budget: _Budget) -> LoadedText:
    loaded = _load_text(data, budget)
    match = re.search(r"^#\s+(.+)$", loaded.text, re.M)
    return LoadedText(loaded.text, (), match.group(1).strip() if match else None)


def _load_pdf(data: bytes, budget: _Budget) -> LoadedText:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        try:
            ok = reader.decrypt("")
        except Exception:
            ok = 0
        if not ok:
            raise LoadError("encrypted PDF: a password is needed to open it")
    count = len(reader.pages)
    if count > budget.limits.max_pages:
        raise LoadError(f"PDF has {count:,} pages, over the {budget.limits.max_pages:,}-page limit")
    labels = _page_labels(reader)
    parts: list[str] = []
    pages: list[PageSpan] = []
    pos = 0
    for i, page in enumerate(reader.pages):
        budget.check_time()
        page_text = _PAGE_FOOTER.sub("", _normalise_newlines(page.extract_text() or "")).strip()
        if parts:
            pos += len(PAGE_JOIN)
        pages.append(PageSpan(i + 1, pos, pos + len(page_text), labels[i] if i < len(labels) else None))
        parts.append(page_text)
        pos += len(page_text)
        budget.check_chars(pos)
    return LoadedText(PAGE_JOIN.join(parts), tuple(pages), _pdf_info(reader, "/Title"), _pdf_info(reader, "/Author"))


def _pdf_info(reader, key: str) -> str | None:
    """One field of the PDF's document information (title, author), if set."""
    try:
        value = (reader.metadata or {}).get(key)
    except Exception:
        return None
    return (" ".join(str(value).split()) or None) if value else None



# a running "Page 3 of 12" line: the layout's, not the document's words (it would end up inside sentences)
_PAGE_FOOTER = re.compile(r"^[ \t]*Page \d+( of \d+)?[ \t]*$", re.M | re.I)


def _page_labels(reader) -> list[str | None]:
    """Printed page labels, where the PDF defines them (otherwise None for each page)."""
    try:
        labels = list(reader.page_labels)
    except Exception:
        return []
    numbers = [str(i + 1) for i in range(len(labels))]
    return [None if lab == num else lab for lab, num in zip(labels, numbers)]


def _load_docx(data: bytes, budget: _Budget) -> LoadedText:
    import docx

    check_docx_zip(data, budget.limits)
    budget.check_time()
    document = docx.Document(io.BytesIO(data))
    blocks: list[str] = []
    for item in _docx_body(document):
        if hasattr(item, "rows"):
            blocks.extend(_docx_rows(item))
            continue
        text = item.text.strip()
        if not text:
            continue
        style = (item.style.name or "").lower() if item.style is not None else ""
        if "list" in style and not re.match(r"^([•\-*]|\d+[.)])\s", text):
            text = "• " + text
        blocks.append(text)
    title = (document.core_properties.title or "").strip() or None
    return LoadedText("\n\n".join(blocks), (), title)


def _docx_body(document):
    """Paragraphs and tables in the order they stand in the document (a table between two paragraphs stays
    there: board minutes list attendance in a table under its heading)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield Paragraph(child, document)
        elif tag == "tbl":
            yield Table(child, document)


def _docx_rows(table) -> list[str]:
    """One line per table row, its distinct cells joined by " | " (merged cells repeat in python-docx)."""
    rows = []
    for row in table.rows:
        cells = [" ".join(c.text.split()) for c in row.cells]
        cells = [c for c in dict.fromkeys(cells) if c]
        if cells:
            rows.append(" | ".join(cells))
    return rows


_ZIP_MEMBERS_MAX = 10_000
_RATIO_FLOOR = 1024 * 1024  # parts smaller than this may compress as well as they like


def check_docx_zip(data: bytes, limits: Limits) -> None:
    """Refuse a zip bomb from the sizes its directory declares (the zip reader never inflates a part past its
    declared size), then any part holding a DTD: entity declarations are how XML bombs expand.

    Raises:
        LoadError: naming the limit or the part.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise LoadError(f"unreadable DOCX file: {_one_line(exc)}") from None
    infos = archive.infolist()
    if len(infos) > _ZIP_MEMBERS_MAX:
        raise LoadError(f"zip holds {len(infos):,} parts, over the {_ZIP_MEMBERS_MAX:,}-part limit")
    total = sum(info.file_size for info in infos)
    if total > limits.max_inflated_bytes:
        raise LoadError(f"zip bomb: parts inflate to {_size(total)}, over the {_size(limits.max_inflated_bytes)} "
                        "inflated-size limit")
    xml = sum(info.file_size for info in infos if info.filename.lower().endswith((".xml", ".rels")))
    if xml > limits.max_xml_bytes:
        raise LoadError(f"XML parts inflate to {_size(xml)}, over the {_size(limits.max_xml_bytes)} XML-size limit")
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_FLOOR and ratio > limits.max_compression_ratio:
            raise LoadError(f"zip bomb: part {info.filename[:80]} inflates {ratio:,.0f}×, over the "
                            f"{limits.max_compression_ratio}× compression-ratio limit")
    for info in infos:
        if _has_dtd(archive, info):
            raise LoadError(f"XML part {info.filename[:80]} declares a DTD or entities (refused: XML bombs use them)")


_DTD_MARKS = ("<!DOCTYPE", "<!ENTITY")


def _has_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether a part contains a DTD or entity declaration, read in 1 MB pieces in the part's own encoding."""
    with archive.open(info) as stream:
        head = stream.read(1 << 20)
        decoder = codecs.getincrementaldecoder(_xml_encoding(head))(errors="replace")
        tail, block = "", head
        while block:
            text = tail + decoder.decode(block)
            if any(mark in text for mark in _DTD_MARKS):
                return True
            tail = text[-10:]
            block = stream.read(1 << 20)
    return False


def _xml_encoding(head: bytes) -> str:
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    if b"\x00" in head[:64]:
        return _wide_encoding(head[:64]) or "utf-8"
    return "utf-8"


_BLOCK_TAGS = frozenset((
    "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "blockquote", "pre",
    "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "figure",
    "figcaption", "address", "hr", "form", "fieldset",
))
_HIDDEN_TAGS = frozenset(("script", "style", "noscript", "template", "head", "svg", "iframe", "object"))


def _decode_html(data: bytes) -> str:
    """By the page's BOM, else its declared `<meta charset>`, else as any text file."""
    from bs4.dammit import EncodingDetector

    if not data.startswith(tuple(bom for bom, _ in _BOMS)):
        declared = EncodingDetector.find_declared_encoding(data, is_html=True)
        try:
            return data.decode(declared) if declared else decode_text(data)
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return decode_text(data)
    except LoadError:
        raise LoadError("contains NUL bytes — binary file, not HTML") from None


class _HtmlText(HTMLParser):
    """Visible text of an HTML page, gathered as the tags stream past: no tree is built, so the cost grows with the
    file's length, never with how deeply its tags nest."""

    def __init__(self, budget: _Budget) -> None:
        super().__init__(convert_charrefs=True)
        self.budget = budget
        self.parts: list[str] = []
        self.title: list[str] | None = None
        self._hidden: list[str] = []  # open hidden elements (their text is not shown)
        self._in_title = False
        self._in_cell = False
        self._cells = 0  # cells seen in the current row: " | " goes between them, not after the last
        self._events = 0
        self.site_name: str | None = None  # <meta property="og:site_name">: the publisher, when no manifest says
        self.root: str | None = None  # "main" or "article": only text inside it is the page's own
        self._root_depth = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        self._tick()
        if tag == "title" and self.title is None:
            self.title, self._in_title = [], True
        if tag == "meta" and ("property", "og:site_name") in attrs:
            self.site_name = " ".join((dict(attrs).get("content") or "").split()) or None
        if tag == "body" and "head" in self._hidden:  # an unclosed <head> ends where the body starts
            del self._hidden[self._hidden.index("head"):]
        if tag in _HIDDEN_TAGS or tag in _BOILERPLATE_TAGS and not self._root_depth:
            self._hidden.append(tag)
        if self.root and (tag == self.root or (self.root == "main" and ("role", "main") in attrs)):
            self._root_depth += 1
        if self._hidden:
            return
        if tag == "tr":
            self._end_cell()
            self._cells = 0
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")
        if tag == "li":
            self.parts.append("• ")
        elif tag in ("td", "th"):
            self._end_cell()  # the previous cell may never have been closed
            if self._cells:
                self.parts.append(" | ")
            self._cells += 1
            self._in_cell = True

    def handle_endtag(self, tag: str) -> None:
        self._tick()
        if tag == "title":
            self._in_title = False
        if self.root and tag == self.root and self._root_depth:
            self._root_depth -= 1
        if tag in self._hidden:
            del self._hidden[len(self._hidden) - 1 - self._hidden[::-1].index(tag):]
            return
        if self._hidden:
            return
        if tag in ("td", "th", "tr", "table"):
            self._end_cell()
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def _end_cell(self) -> None:
        self._in_cell = False

    def handle_data(self, data: str) -> None:
        if self._in_title and self.title is not None:
            self.title.append(data)
        if not self._hidden and (self.root is None or self._root_depth):
            self.parts.append(data)

    def _tick(self) -> None:
        self._events += 1
        if self._events % 4096 == 0:
            self.budget.check_time()


# the site's navigation, footer and asides repeat on every page and answer nothing; a page header outside the
# content is the site's too
_BOILERPLATE_TAGS = frozenset(("nav", "footer", "aside", "header"))
_MAIN = re.compile(r"<main\b|\srole\s*=\s*[\"']?main\b", re.I)
_ARTICLE = re.compile(r"<article\b", re.I)


def _content_root(markup: str) -> str | None:
    """"main" when the page marks its content with <main> (or role=main), "article" when it has exactly one
    <article>, else None (the whole body)."""
    if _MAIN.search(markup):
        return "main"
    return "article" if len(_ARTICLE.findall(markup)) == 1 else None


def _load_html_whole(markup: str, budget: _Budget) -> LoadedText:
    parser = _HtmlText(budget)
    parser.feed(markup)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    title = " ".join(" ".join(parser.title).split()) if parser.title else None
    return LoadedText(text, (), title or None, publisher=parser.site_name)


def _load_html(data: bytes, budget: _Budget) -> LoadedText:
    markup = _decode_html(data)
    budget.check_chars(len(markup))
    parser = _HtmlText(budget)
    parser.root = _content_root(markup)
    for i in range(0, len(markup), 1 << 20):
        parser.feed(markup[i : i + (1 << 20)])
        budget.check_time()
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if not text and parser.root:  # an empty <main>: the whole page after all
        return _load_html_whole(markup, budget)
    title = " ".join(" ".join(parser.title).split()) if parser.title else None
    return LoadedText(text, (), title or None, publisher=parser.site_name)


def _html_content_root(soup):
    """The page's own content: its <main> (or sole <article>) when it has one, without the site's navigation,
    header, footer and asides, which repeat on every page and answer nothing."""
    candidates = soup.find_all("main") or soup.find_all(attrs={"role": "main"}) or soup.find_all("article")
    root = candidates[0] if len(candidates) == 1 else (soup.body or soup)
    for tag in root.find_all(["nav", "footer", "aside"]):
        tag.decompose()
    for tag in root.find_all("header"):
        if root.name != "main" and tag.find_parent(["article", "main"]) is None:
            tag.decompose()
    if not root.get_text(strip=True):
        return soup.body or soup
    return root


_LOADERS = {
    ".pdf": _load_pdf,
    ".docx": _load_docx,
    ".html": _load_html,
    ".htm": _load_html,
    ".md": _load_markdown,
    ".markdown": _load_markdown,
    ".txt": _load_text,
}


OUTSIDE_LINK = "symbolic link to {what} outside the folder being ingested (use --follow-symlinks to allow it)"


def iter_files(paths: list[Path], follow_symlinks: bool = False) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Expand folders (recursively) into files; skip hidden files and manifests inside folders.

    A symbolic link inside a folder that points outside it is refused unless `follow_symlinks`; links that stay
    inside are read (files) or skipped (folders, whose files are found by their own path). Paths named explicitly
    are taken as given.

    Returns:
        The files, and (path, one-line reason) for each link refused.
    """
    files: list[Path] = []
    refused: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            _walk(path, follow_symlinks, files, refused)
        else:
            files.append(path)
    return files, refused


def _walk(root: Path, follow: bool, files: list[Path], refused: list[tuple[Path, str]]) -> None:
    real_root = root.resolve()
    seen = {real_root}
    for folder, dirs, names in os.walk(root, followlinks=follow):
        here = Path(folder)
        kept = []
        for name in sorted(d for d in dirs if not d.startswith(".")):
            target = _link_target(here / name)
            if target is None:
                kept.append(name)
            elif target.is_relative_to(real_root) or target in seen:
                continue  # its files are found by their own path; a cycle ends here
            elif follow:
                seen.add(target)
                kept.append(name)
            else:
                refused.append((here / name, OUTSIDE_LINK.format(what="a folder")))
        dirs[:] = kept
        for name in sorted(names):
            if name.startswith(".") or _is_manifest_name(name):
                continue
            target = _link_target(here / name)
            if target is not None and not follow and not target.is_relative_to(real_root):
                refused.append((here / name, OUTSIDE_LINK.format(what="a file")))
            else:
                files.append(here / name)


def _link_target(path: Path) -> Path | None:
    """Where a symbolic link leads (fully resolved), or None for anything that is not a link."""
    if not path.is_symlink():
        return None
    try:
        return path.resolve(strict=False)
    except (OSError, RuntimeError):  # a link loop: left for the loader to name
        return None


def _is_manifest_name(name: str) -> bool:
    return name.lower() in {"manifest.json", "manifest.yaml", "manifest.yml", "manifest.csv"}
