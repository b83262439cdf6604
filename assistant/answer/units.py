"""Answer units: the pieces of a passage an answer can be built from, each knowing its kind and neighbours.

A passage is read as its layout shows it: prose sentences, list items, table rows, headings and lead-ins
(a line ending in a colon that introduces the list, table or quotation after it). Headings are never answers on
their own; they name what the units under them are about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.text import TITLED_PARAGRAPH_WORDS, is_list_item, sentence_spans, unmarked_item
from core.types import Chunk

_HEADINGISH_END = re.compile(r"[.!?:;…,\"'”’)]$")
_CLOSING_ASIDE = re.compile(r"\s*\([^()]*\)$")  # a bracketed aside that ends the line


@dataclass
class Unit:
    """One sentence, list item, table row, heading or lead-in of a chunk, with its document offsets."""

    chunk: Chunk
    start: int
    end: int
    text: str
    kind: str  # sentence | item | row | heading | lead_in
    index: int  # position among the chunk's units
    siblings: list[Unit] = field(default_factory=list, repr=False)  # all units of the chunk, in order

    @property
    def words(self) -> int:
        return len(self.text.split())

    def neighbour(self, step: int) -> Unit | None:
        j = self.index + step
        return self.siblings[j] if 0 <= j < len(self.siblings) else None

    @property
    def answerable(self) -> bool:
        """Whether the unit may stand in an answer: headings only label, fragments say too little, and a question
        ("To ask the Secretary of State whether …", "What does this mean for GPs?") asks rather than answers."""
        if self.kind == "heading" or asks(self):
            return False
        if self.kind in ("item", "row"):
            return self.words >= 2
        # a short sentence that ends as one says something whole ("This resolution passed."); a fragment does not
        return self.words >= 4 or (self.words == 3 and bool(_WHOLE_SENTENCE.match(self.text)))


_WHOLE_SENTENCE = re.compile(r"^[A-Z][a-z]+\s+\w+\s+[a-z]+[.!]$")  # "The motion passed." (not "Page 3 of." …)
_QUESTION_TEXT = re.compile(r"^\W*To ask\b|\?[\W]*$")  # a written question's opening, or a question mark


ASK_REACH = 8  # units after a question that may still be its answer (a written answer's "Answered by" lines)


def asks(unit: Unit) -> bool:
    """Whether the unit is a question ("To ask the Secretary of State whether …", "Who sits on the board?")."""
    return bool(_QUESTION_TEXT.search(unit.text))


def asked_before(unit: Unit) -> Unit | None:
    """The question a unit answers: the nearest question before it in its passage (a written question above its
    answer, an FAQ's question above its answer), at most ASK_REACH units back."""
    for j in range(unit.index - 1, max(unit.index - 1 - ASK_REACH, -1), -1):
        if asks(unit.siblings[j]):
            return unit.siblings[j]
    return None


def units_of(chunk: Chunk) -> list[Unit]:
    """The chunk's units in reading order."""
    out: list[Unit] = []
    title = " ".join(chunk.title.split()).lower()
    for s, e in _with_labels(chunk.text, sentence_spans(chunk.text, chunk.start), chunk.start):
        text = chunk.text[s - chunk.start : e - chunk.start]
        kind = _kind(text, _own_paragraph(chunk.text, s - chunk.start, e - chunk.start), title)
        out.append(Unit(chunk, s, e, text, kind, len(out), out))
    _unmarked_items(chunk.text, chunk.start, out)
    return out


# a label that a value on the next line completes: "Answered on" / "23 February 2022", "Date of meeting" / "…"
_LABEL = re.compile(r"^[A-Z][\w ]{0,40}\b(?:on|at|by|of|from|until|date|dated)$", re.I)
_LABEL_WORDS, _VALUE_WORDS = 4, 6


def _with_labels(text: str, spans: list[tuple[int, int]], offset: int) -> list[tuple[int, int]]:
    """Sentence spans with a short label line joined to the short value line after it: one unit that says
    "Answered on 23 February 2022", where neither line says anything alone."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out:
            ps, pe = out[-1]
            label = text[ps - offset : pe - offset]
            value = text[s - offset : e - offset]
            if _LABEL.match(label) and len(label.split()) <= _LABEL_WORDS and len(value.split()) <= _VALUE_WORDS \
                    and not text[pe - offset : s - offset].count("\n") > 2 and value[:1].isalnum():
                out[-1] = (ps, e)
                continue
        out.append((s, e))
    return out


def _unmarked_items(text: str, offset: int, units: list[Unit]) -> None:
    """Lines after a lead-in that are the items of a list whose bullets were lost (see `unmarked_item`)."""
    in_list = False
    for u in units:
        own_line = _own_line(text, u.start - offset, u.end - offset)
        nxt = u.neighbour(+1)
        titles = u.kind == "heading" and nxt is not None and nxt.kind == "sentence" and \
            nxt.words > TITLED_PARAGRAPH_WORDS  # the title of the paragraph under it: the list has ended
        if in_list and u.kind in ("heading", "sentence") and own_line and unmarked_item(u.text) and not titles:
            u.kind = "item"
            continue
        in_list = _ends_line(text, u.end - offset) and u.text.rstrip().endswith(":") and u.kind in ("lead_in", "item")


def _own_line(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a whole line of the chunk."""
    return (text[:start].rstrip(" \t").endswith("\n") or not text[:start].strip()) and _ends_line(text, end)


def _ends_line(text: str, end: int) -> bool:
    return text[end:].lstrip(" \t").startswith("\n") or not text[end:].strip()


def _own_paragraph(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a whole paragraph: a blank line (or the chunk's edge) before and after it."""
    before = text[:start].rstrip(" \t")
    after = text[end:].lstrip(" \t")
    return (not before or before.endswith("\n\n")) and (not after or after.startswith("\n\n"))


def _kind(text: str, own_paragraph: bool = False, title: str = "") -> str:
    line = text.strip()
    if line.startswith("#") or line.count(" > ") >= 2 or " ".join(line.split()).lower() == title:
        return "heading"  # a heading, a breadcrumb trail ("Home > News > …"), or the document's own title
    if " | " in line:
        return "row"
    if _NUMBERED_HEADING.match(line):
        return "heading"  # "1. Introduction", "4.2 Board membership": a numbered section's title
    if is_list_item(line):
        return "item"
    if line.endswith(":") or line.endswith("—") or line.endswith("-"):
        return "lead_in"
    if "\n" not in line and (_looks_like_heading(line) or (own_paragraph and _short_label(line))):
        return "heading"
    return "sentence"


def _looks_like_heading(line: str) -> bool:
    """Short, unpunctuated and mostly capitalised: a title or section name, not a sentence."""
    if _FACT.search(line):
        return False
    line = _CLOSING_ASIDE.sub("", line)  # "Minister of State (Department of Health)": a title with its aside
    words = line.split()
    if not words or len(words) > 12 or _HEADINGISH_END.search(line):
        return False
    capitals = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit() or w.lower() in _SMALL_WORDS)
    return capitals >= 0.7 * len(words)


def _short_label(line: str) -> bool:
    """A paragraph of a few words and no closing punctuation ("Board membership"): a heading in sentence case —
    unless it gives a date ("Published 6 December 2022"), which is a fact, not a label."""
    return len(line.split()) <= 10 and not _HEADINGISH_END.search(line) and not _FACT.search(line)


_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*"
_FACT = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s+\d{{4}}\b|\b{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}\b"
                   r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b"  # a date: "Published 6 December 2022" is a fact, not a label
                   # a byline: "Submitted by the Wexmoor Branch" says who, it labels nothing
                   r"|^\s*(?:submitted|tabled|moved|proposed|seconded|presented|prepared|written|authored|sponsored)"
                   r"\s+by\s+\S", re.I)


_NUMBERED_HEADING = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+[A-Z][\w’'&-]*(?:\s+[\w’'&-]+){0,3}$")
_SMALL_WORDS = {"and", "of", "the", "for", "in", "on", "to", "a", "an", "&", "–", "-", "|", "with", "at", "by"}


def list_run(unit: Unit) -> list[Unit]:
    """The list items or table rows around `unit` that belong to the same list or table."""
    if unit.kind not in ("item", "row"):
        return [unit]
    lo = hi = unit.index
    while lo > 0 and unit.siblings[lo - 1].kind == unit.kind:
        lo -= 1
    while hi + 1 < len(unit.siblings) and unit.siblings[hi + 1].kind == unit.kind:
        hi += 1
    return unit.siblings[lo : hi + 1]


def lead_in_of(unit: Unit) -> Unit | None:
    """The line that introduces the list or table `unit` is in ("The board consists of:"), if any."""
    run = list_run(unit)
    before = run[0].neighbour(-1)
    if before is not None and before.kind in ("lead_in", "heading"):
        return before
    if before is not None and before.kind == "sentence" and before.words <= 40:
        return before
    return None


def following(unit: Unit, limit_words: int) -> list[Unit]:
    """What a lead-in introduces: the units after it, up to the next heading, within `limit_words`."""
    out: list[Unit] = []
    words = 0
    nxt = unit.neighbour(+1)
    while nxt is not None and nxt.kind != "heading":
        if words + nxt.words > limit_words:
            break
        out.append(nxt)
        words += nxt.words
        nxt = nxt.neighbour(+1)
    return out
