"""Structure-aware chunking: numbered clauses, headings, lists and pages first; size only inside long units.

The document is cut into blocks (paragraphs, clauses, list items, headings, footnote definitions) by its own
layout, blocks are grouped into chunks (a heading joins the text under it, a list joins its lead-in, short
paragraphs join their neighbours), and only a unit longer than the limit is split, at sentence boundaries.
Every chunk satisfies `chunk.text == doc.text[chunk.start:chunk.end]`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from core.text import TITLED_PARAGRAPH_WORDS, is_list_item, sentence_spans, unmarked_item
from core.types import Chunk, Document

_CLAUSE = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3})+)\.?\s+\S")
_NUMBERED = re.compile(r"^\s*\(?(\d{1,3})[.)]\s+\S")
_LETTERED = re.compile(r"^\s*\(([a-z]{1,2}|[ivxlc]{1,6})\)\s+\S")
_BULLET = re.compile(r"^\s*[•▪●◦·\-–*]\s+\S")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s+(.+?)\s*#*\s*$")
_FOOTNOTE_DEF = re.compile(r"^\s*\[(\d{1,3})\]\s+\S")
_FOOTNOTE_MARK = re.compile(r"\[(\d{1,3})\]")
_DATE_LINE = re.compile(r"^\s*(\d{1,2}\s+\w+\s+\d{4}|\w+\s+\d{4}|\d{4}-\d{2}(-\d{2})?)\s*$")
CHUNKER_VERSION = 7  # bump when chunk boundaries change: documents are re-chunked on the next ingest
_TERMINAL = tuple(".,;:!?\"'”’)…")


@dataclass
class Block:
    """A unit of layout: its kind, span, and the clause number or heading text it carries."""

    kind: str  # heading | clause | item | row | para | footnote
    start: int
    end: int
    label: str | None = None
    page: int = 0  # index of the page it lies on: chunks never cross pages


def chunk_document(doc: Document, max_chars: int = 1100, min_chars: int = 200) -> list[Chunk]:
    """Cut a document into chunks.

    Args:
        doc: the loaded document.
        max_chars: no chunk is longer than this, unless a single word is.
        min_chars: shorter paragraphs are joined with their neighbours in the same section.

    Returns:
        The chunks, in document order.
    """
    text = doc.text
    blocks = _blocks(text, doc)
    title = " ".join(doc.title.split()).lower()
    for block in blocks:  # the document's own headline is not a section of it
        if block.kind == "heading" and block.label and " ".join(block.label.split()).lower() == title:
            block.label = None
    footnotes = _footnote_texts(text, blocks)
    spans = _group(text, blocks, max_chars, min_chars)
    if not spans and blocks:  # nothing but headings: keep the text whole rather than lose it
        spans = [(s, e, None, None) for s, e in _split_long(text, blocks[0].start, blocks[-1].end, max_chars)]
    chunks = []
    cited = set(_FOOTNOTE_MARK.findall(text))
    for start, end, section, heading in spans:
        if section == "Footnotes" and footnotes and set(footnotes) <= cited:
            continue  # every note is resolved onto the chunks that cite it; alone it only crowds results
        chunks.append(_make_chunk(doc, start, end, section, heading, footnotes))
    return chunks


_OPENING_QUOTE = ("“", "‘", '"', "'", "«")
_ATTRIBUTION_CUE = re.compile(
    r"\b(said|says|say|added|adds|warn(s|ed|ing)?|stat(es|ed)|argu(es|ed)|told|wr(ote|ites)|continu(es|ed)|"
    r"admit(s|ted)|explain(s|ed)|respond(s|ed|ing)|comment(s|ed)|noted|insist(s|ed))\b|:\s*$",
    re.I,
)


def chunk_context(doc: Document, start: int, heading: str | None) -> str:
    """What a reader of the chunk alone would miss: the document's title, the heading above it, and — for a
    chunk that opens inside a quotation — the sentence that introduced the speaker."""
    parts = [doc.title]
    owner = doc.publisher or document_lead(doc)
    if owner and owner.lower() not in doc.title.lower():
        parts.append(owner)  # whose page it is: "NHS Dorset", when the title only says "Board meetings"
    if heading and heading.lower() != doc.title.lower():
        parts.append(heading)
    if doc.text[start : start + 1] in _OPENING_QUOTE:
        lead = _attribution_before(doc.text, start)
        if lead:
            parts.append(lead)
    return " — ".join(parts)


def document_lead(doc: Document) -> str | None:
    """The document's own heading line after its title ("MINUTES OF NHS X ICB BOARD PUBLIC MEETING"): what a
    page without a manifest says about whose it is, for chunks far from it (a table's later rows)."""
    title = " ".join(doc.title.split()).lower()
    for line in doc.text[:800].splitlines()[:8]:
        line = " ".join(line.split()).lstrip("#").strip()
        words = line.split()
        if 3 <= len(words) <= 14 and not line.endswith(_TERMINAL) and line.lower() != title \
                and line.lower() not in title and sum(w[:1].isupper() for w in words) >= 0.6 * len(words):
            return line
    return None


def _attribution_before(text: str, start: int) -> str | None:
    window_start = max(0, start - 2000)
    for s, e in reversed(sentence_spans(text[window_start:start], window_start)):
        sentence = text[s:e]
        if sentence.startswith(_OPENING_QUOTE):
            continue
        if _ATTRIBUTION_CUE.search(sentence.split("“")[0].split("‘")[0]) or sentence.rstrip().endswith(":"):
            return " ".join(sentence.split())[:240]
        return None
    return None


# ---------------------------------------------------------------- blocks


def _page_ranges(text: str, doc: Document) -> list[tuple[int, int]]:
    if doc.pages:
        return [(p.start, p.end) for p in doc.pages]
    return [(0, len(text))]


def _blocks(text: str, doc: Document) -> list[Block]:
    blocks: list[Block] = []
    for page, (page_start, page_end) in enumerate(_page_ranges(text, doc)):
        for start, end in _paragraph_spans(text, page_start, page_end):
            block = _classify(text, start, end)
            block.page = page
            blocks.append(block)
    _unmarked_items(text, blocks)
    return blocks


def _unmarked_items(text: str, blocks: list[Block]) -> None:
    """Lines after a lead-in that are the items of a list that lost its bullets ("Present:" and then a line per
    person, which would otherwise read as headings) become items, so they stay with their lead-in."""
    in_list = False
    for i, block in enumerate(blocks):
        body = text[block.start : block.end].strip()
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        titles = block.kind == "heading" and nxt is not None and nxt.kind == "para" and \
            len(text[nxt.start : nxt.end].split()) > TITLED_PARAGRAPH_WORDS
        if in_list and block.kind in ("para", "heading") and not _MD_HEADING.match(body) and unmarked_item(body) \
                and not titles:  # a short line over a paragraph is that paragraph's title: the list has ended
            block.kind, block.label = "item", None
            continue
        in_list = block.kind in ("para", "heading", "item") and body.endswith(":")


def _paragraph_spans(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Paragraph spans in text[lo:hi]: split at blank lines, and at line breaks that end a sentence or
    start a list item, a clause or a heading (wrapped PDF lines stay together)."""
    spans: list[tuple[int, int]] = []
    cur_start = None
    prev_line = ""
    pos = lo
    for line in text[lo:hi].split("\n"):
        line_start, line_end = pos, pos + len(line)
        pos = line_end + 1
        stripped = line.strip()
        if not stripped:
            if cur_start is not None:
                spans.append((cur_start, _rstrip_end(text, cur_start, line_start)))
                cur_start = None
            prev_line = ""
            continue
        lead = len(line) - len(line.lstrip())
        if cur_start is not None and _breaks(prev_line, stripped):
            spans.append((cur_start, _rstrip_end(text, cur_start, line_start)))
            cur_start = None
        if cur_start is None:
            cur_start = line_start + lead
        prev_line = stripped
    if cur_start is not None:
        spans.append((cur_start, _rstrip_end(text, cur_start, min(pos - 1, hi))))
    return [(s, e) for s, e in spans if e > s]


def _rstrip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _breaks(prev: str, line: str) -> bool:
    if prev.endswith((".", "!", "?", ":", ";", "”", "’", '"', "'", "…")):
        return True
    if is_list_item(line) or _FOOTNOTE_DEF.match(line) or _MD_HEADING.match(line) or " | " in line or " | " in prev:
        return True
    return _looks_like_heading(prev) and line[:1].isupper()


def _looks_like_heading(line: str) -> bool:
    s = line.strip()
    if _MD_HEADING.match(s):
        return True
    if not s or len(s) > 90 or s.endswith(_TERMINAL) or len(s.split()) > 12:
        return False
    if is_list_item(s) or _DATE_LINE.match(s) or s.lower().startswith("by "):
        return False
    if ";" in s:
        return False  # "Ann Ex, Chief Inspector; and Bo Wye, Chief" lists people and roles: a wrapped line
    return s[0].isupper() or s[0].isdigit()


def _classify(text: str, start: int, end: int) -> Block:
    body = text[start:end]
    first_line = body.split("\n", 1)[0]
    if m := _FOOTNOTE_DEF.match(body):
        return Block("footnote", start, end, m.group(1))
    if m := _CLAUSE.match(body):
        return Block("clause", start, end, m.group(1))
    if m := _MD_HEADING.match(first_line):
        if "\n" not in body.strip():
            return Block("heading", start, end, m.group(1).strip())
    if m := _NUMBERED.match(body):
        kind = "heading" if body.rstrip().endswith("?") and len(body) < 300 else "item"
        return Block(kind, start, end, body.strip() if kind == "heading" else m.group(1))
    if m := _LETTERED.match(body):
        return Block("item", start, end, f"({m.group(1)})")
    if _BULLET.match(body):
        return Block("item", start, end, None)
    if " | " in first_line:  # a table row (DOCX and HTML tables are read one row a line, cells joined by " | ")
        return Block("row", start, end, None)
    if "\n" not in body and _looks_like_heading(body):
        return Block("heading", start, end, body.strip())
    return Block("para", start, end, None)


# ---------------------------------------------------------------- grouping


def _group(text: str, blocks: list[Block], max_chars: int, min_chars: int) -> list[tuple[int, int, str | None, str | None]]:
    """Group blocks into chunk spans: (start, end, section, heading)."""
    out: list[tuple[int, int, str | None, str | None]] = []
    heading: str | None = None
    clause: str | None = None
    cur: list[Block] = []
    pending: list[Block] = []  # headings not yet followed by text: they open the next chunk

    def flush() -> None:
        nonlocal cur
        if cur:
            section = _section_of(cur, clause, heading)
            for s, e in _split_long(text, cur[0].start, cur[-1].end, max_chars):
                out.append((s, e, section, heading))
        cur = []

    for block in blocks:
        if cur and block.page != cur[-1].page:
            flush()
        size = block.end - (cur[0].start if cur else block.start)
        if block.kind == "heading":
            flush()
            heading, clause = block.label, None
            pending.append(block)  # an empty section's heading stays in the text, never dropped
            continue
        if block.kind == "clause":
            flush()
            clause = block.label
        elif block.kind == "footnote":
            if cur and cur[-1].kind != "footnote":
                flush()
        elif block.kind in ("item", "row"):
            joins = cur and (cur[-1].kind == block.kind or _text_of(text, cur[-1]).rstrip().endswith(":"))
            if not joins or size > max_chars:
                flush()
        else:  # para
            small = cur and (cur[-1].end - cur[0].start) < min_chars and cur[-1].kind in ("para", "heading")
            if not small or size > max_chars:
                flush()
        if not cur and pending:
            cur = list(pending)
        pending = []
        cur.append(block)
    if pending:
        cur = cur + pending if cur else pending
    flush()
    return out


def _text_of(text: str, block: Block) -> str:
    return text[block.start : block.end]


def _section_of(blocks: list[Block], clause: str | None, heading: str | None) -> str | None:
    for block in blocks:
        if block.kind == "clause":
            return block.label
        if block.kind == "footnote":
            return "Footnotes"
    if clause:
        items = [b.label for b in blocks if b.kind == "item" and b.label and b.label.startswith("(")]
        return clause + items[0] if items else clause
    return heading


def _split_long(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """Split text[start:end] at sentence boundaries into pieces of at most max_chars."""
    if end - start <= max_chars:
        return [(start, end)]
    pieces: list[tuple[int, int]] = []
    cur_s = cur_e = None
    for s, e in _bounded_sentences(text, start, end, max_chars):
        if cur_s is not None and e - cur_s > max_chars:
            pieces.append((cur_s, cur_e))
            cur_s = None
        if cur_s is None:
            cur_s = s
        cur_e = e
    if cur_s is not None:
        pieces.append((cur_s, cur_e))
    return pieces


def _bounded_sentences(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    out = []
    for s, e in sentence_spans(text[start:end], start):
        while e - s > max_chars:  # a run-on sentence: cut at the last space before the limit
            cut = text.rfind(" ", s, s + max_chars)
            cut = cut if cut > s else s + max_chars
            out.append((s, cut))
            s = cut
            while s < e and text[s].isspace():
                s += 1
        if e > s:
            out.append((s, e))
    return out


# ---------------------------------------------------------------- chunks


def _footnote_texts(text: str, blocks: list[Block]) -> dict[str, str]:
    notes = {}
    for block in blocks:
        if block.kind == "footnote" and block.label:
            body = text[block.start : block.end]
            notes[block.label] = " ".join(body.split())
    return notes


def _make_chunk(doc: Document, start: int, end: int, section, heading, footnotes: dict[str, str]) -> Chunk:
    body = doc.text[start:end]
    page, label = _page_of(doc, start)
    notes = None
    if footnotes and section != "Footnotes":
        marks = [m for m in dict.fromkeys(_FOOTNOTE_MARK.findall(body)) if m in footnotes]
        notes = "\n".join(footnotes[m] for m in marks) or None
    digest = hashlib.sha1(f"{doc.doc_id}\x00{start}\x00{body}".encode("utf-8", "surrogatepass")).hexdigest()[:16]
    meta = doc.meta()
    return Chunk(
        chunk_id=f"{doc.doc_id}:{digest}",
        doc_id=doc.doc_id,
        text=body,
        start=start,
        end=end,
        page=page,
        section=_clean(section),
        source=meta["source"],
        title=meta["title"],
        publisher=meta["publisher"],
        published=meta["published"],
        doc_type=meta["doc_type"],
        url=meta["url"],
        author=meta["author"],
        page_label=label,
        heading=_clean(heading),
        footnotes=notes,
        context=chunk_context(doc, start, _clean(heading)),
    )


def _clean(label: str | None) -> str | None:
    if not label:
        return None
    label = " ".join(label.split()).lstrip("#").strip()
    return label[:120] or None


def _page_of(doc: Document, offset: int) -> tuple[int | None, str | None]:
    for page in doc.pages:
        if page.start <= offset <= page.end:
            return page.number, page.label
    return (None, None)
