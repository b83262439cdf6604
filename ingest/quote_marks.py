"""Where the quotations are: the spans inside quotation marks, paragraph by paragraph.

Three kinds of mark are read: curly double “…”, straight double "…" and curly single ‘…’ (a single closing mark
is told from an apostrophe by what follows it: `they’ll` is a word, `crisis’ within` closes). A quotation that runs
over several paragraphs reopens each paragraph with its mark and closes only the last; each paragraph is its own
span, linked to the span it continues. A quotation still open when its paragraph ends, with no reopening mark
after it, ends there unclosed (the page may have been cut). Nested quotations stay inside the outer one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPENERS = {"“": "double", '"': "straight", "‘": "single"}
_TERMINAL = tuple('.!?:;”"’…)')  # a line ending so is the end of a paragraph, not a soft wrap
_BULLET = re.compile(r"^\s*(?:[-–—•*]\s|\d+[.)]\s|#)")


@dataclass(frozen=True)
class Span:
    """One paragraph's part of a quotation: `start`/`end` are the inner text's offsets."""

    start: int
    end: int
    open_at: int  # the opening mark
    close_at: int | None  # the closing mark, None when the paragraph ended first
    para: int  # index into `paragraphs(text)`
    follows: int | None = None  # index of the span (previous paragraph) this one continues

    @property
    def closed(self) -> bool:
        return self.close_at is not None


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: blank lines separate them, and so does a line break after a finished
    sentence or before a quotation mark, bullet or heading; other line breaks are soft wraps inside one."""
    out: list[tuple[int, int]] = []
    start = end = None
    for m in re.finditer(r"^.*$", text, re.M):
        line = m.group()
        if not line.strip():
            if start is not None:
                out.append((start, end))
            start = None
            continue
        if start is not None and _new_paragraph(text[start:end], line):
            out.append((start, end))
            start = None
        lead = len(line) - len(line.lstrip())
        start = m.start() + lead if start is None else start
        end = m.start() + len(line.rstrip())
    if start is not None:
        out.append((start, end))
    return out


def _new_paragraph(previous: str, line: str) -> bool:
    head = line.lstrip()
    return previous.rstrip().endswith(_TERMINAL) or head[:1] in _OPENERS or bool(_BULLET.match(line))


def quote_spans(text: str) -> list[Span]:
    """Every quotation's spans in document order, outermost only, each continuation linked to its previous."""
    paras = paragraphs(text)
    raw: list[Span] = []
    for i, (ps, pe) in enumerate(paras):
        found = _double(text, ps, pe, i) + _straight(text, ps, pe, i) + _single(text, ps, pe, i)
        raw += _outermost(found)
    spans: list[Span] = []
    for span in (s for s in raw if _long_enough(text, s) or s.open_at == paras[s.para][0]):
        prev = spans[-1] if spans else None
        if prev and not prev.closed and prev.para == span.para - 1 and span.open_at == paras[span.para][0] \
                and text[prev.open_at] == text[span.open_at]:
            span = Span(span.start, span.end, span.open_at, span.close_at, span.para, len(spans) - 1)
        elif not _long_enough(text, span):
            continue
        spans.append(span)
    return spans


def _outermost(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.open_at, -s.end)):
        if out and s.open_at < (out[-1].close_at or out[-1].end):
            continue
        out.append(s)
    return out


def _long_enough(text: str, span: Span) -> bool:
    return len(text[span.start : span.end].split()) >= 3


def _make(text: str, open_at: int, close_at: int | None, para_end: int, para: int) -> Span | None:
    start = open_at + 1
    end = close_at if close_at is not None else para_end
    while end > start and text[end - 1] in ",;: \t":
        end -= 1
    while start < end and text[start] in " \t":
        start += 1
    return Span(start, end, open_at, close_at, para) if end > start else None


def _double(text: str, ps: int, pe: int, para: int) -> list[Span]:
    """“…” with nesting counted; a quotation still open at the paragraph's end is unclosed."""
    out, depth, open_at = [], 0, -1
    for m in re.finditer("[“”]", text[ps:pe]):
        i = ps + m.start()
        if m.group() == "“":
            open_at = i if depth == 0 else open_at
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                out.append(_make(text, open_at, i, pe, para))
    if depth:
        out.append(_make(text, open_at, None, pe, para))
    return [s for s in out if s]


def _straight(text: str, ps: int, pe: int, para: int) -> list[Span]:
    """"…" paired in turn within the paragraph: an opening mark starts a word, a closing mark ends one."""
    out, open_at = [], None
    for m in re.finditer('"', text[ps:pe]):
        i = ps + m.start()
        before = text[i - 1] if i > ps else " "
        if open_at is None:
            if not before.isalnum():
                open_at = i
        elif not before.isspace():
            out.append(_make(text, open_at, i, pe, para))
            open_at = None
    if open_at is not None:
        out.append(_make(text, open_at, None, pe, para))
    return [s for s in out if s]


def _single(text: str, ps: int, pe: int, para: int) -> list[Span]:
    """‘…’: the first ’ not followed by a letter closes (`we’re` is a word); an unclosed ‘ counts only where it
    opens the paragraph or follows a colon, since elsewhere it is more likely a stray mark."""
    out, open_at = [], None
    for m in re.finditer("[‘’]", text[ps:pe]):
        i = ps + m.start()
        before = text[i - 1] if i > ps else " "
        after = text[i + 1] if i + 1 < pe else " "
        if m.group() == "‘" and open_at is None and not before.isalnum():
            open_at = i
        elif m.group() == "’" and open_at is not None and not after.isalnum() and not before.isspace():
            out.append(_make(text, open_at, i, pe, para))
            open_at = None
    if open_at is not None and (open_at == ps or text[ps:open_at].rstrip().endswith(":")):
        out.append(_make(text, open_at, None, pe, para))
    return [s for s in out if s]
