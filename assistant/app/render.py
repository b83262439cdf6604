"""HTML and Markdown for the app. Document text is always escaped: HTML or script inside a document is shown
as text, never rendered or run."""

from __future__ import annotations

import html
import re

from assistant.types import Answer, Citation, Quote

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")
_MARKER = re.compile(r"\[(\d{1,3})\]")


def md_escape(text: str) -> str:
    """Text made inert for Markdown and HTML (the chatbot renders both)."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def answer_markdown(answer: Answer) -> str:
    """The answer for the chat: document words escaped, markers as links that open their source."""
    parts = []
    pos = 0
    for m in _MARKER.finditer(answer.answer):
        parts.append(md_escape(answer.answer[pos : m.start()]))
        parts.append(f"[[{m.group(1)}]](#source-{m.group(1)})")
        pos = m.end()
    parts.append(md_escape(answer.answer[pos:]))
    text = "".join(parts)
    note = f"\n\n*{md_escape(answer.notice)}*" if answer.notice else ""
    return text + note


def where(c) -> str:
    """“Publisher, date, p. N, § S” for a chunk or quote."""
    page = getattr(c, "page", None)
    section = getattr(c, "section", None)
    bits = [c.publisher, c.published, f"p. {page}" if page else None, f"§ {section}" if section else None]
    return ", ".join(b for b in bits if b)


def reference(quote_text: str, who: str | None, c) -> str:
    """A publication-ready reference: “quote” — speaker or publisher, title, date, page, § section."""
    speaker = who or c.publisher or "Unknown source"
    page = getattr(c, "page", None)
    section = getattr(c, "section", None)
    bits = [speaker, f"“{c.title}”" if c.title else None, c.published, f"p. {page}" if page else None,
            f"§ {section}" if section else None]
    return f"“{' '.join(quote_text.split())}” — " + ", ".join(b for b in bits if b)


_BLANK_RUN = re.compile(r"\n[ \t\u00a0]*(?:\n[ \t\u00a0]*)+")


def _tidy(text: str) -> str:
    """Runs of blank lines shown as one paragraph break (the display only; offsets are not affected)."""
    return html.escape(_BLANK_RUN.sub("\n\n", text))


def highlighted(text: str, start: int, end: int) -> str:
    """Escaped text with text[start:end] wrapped in <mark>."""
    start, end = max(0, start), min(len(text), end)
    return _tidy(text[:start]) + '<mark class="quote">' + _tidy(text[start:end]) + "</mark>" + _tidy(text[end:])


def sources_html(answer: Answer | None) -> str:
    """The Sources panel: each citation with its passage and the quoted span highlighted."""
    if answer is None or not answer.citations:
        return '<div class="sources-empty">Sources appear here, one per [n] marker in the answer.</div>'
    cards = []
    for c in answer.citations:
        ch = c.chunk
        cards.append(
            f'<div class="source-card" id="source-{c.n}" data-n="{c.n}">'
            f'<div class="source-head"><span class="source-n">[{c.n}]</span> '
            f'<span class="source-title">{html.escape(ch.title)}</span></div>'
            f'<div class="source-meta">{html.escape(where(ch))}</div>'
            f'<div class="source-passage">{highlighted(ch.text, c.start - ch.start, c.end - ch.start)}</div>'
            "</div>"
        )
    return "".join(cards)


def context_html(c: Citation, document_text: str, before: int = 500, after: int = 900) -> str:
    """The cited passage inside its document's surrounding text, the quote highlighted."""
    lo = max(0, c.chunk.start - before)
    hi = min(len(document_text), c.chunk.end + after)
    window = document_text[lo:hi]
    body = highlighted(window, c.start - lo, c.end - lo)
    lead = "…" if lo > 0 else ""
    tail = "…" if hi < len(document_text) else ""
    return (f'<div class="context-head">[{c.n}] {html.escape(c.chunk.title)} — {html.escape(where(c.chunk))}</div>'
            f'<div class="context-body">{lead}{body}{tail}</div>')


def quotes_html(quotes: list[Quote]) -> str:
    if not quotes:
        return '<div class="sources-empty">No quotes found.</div>'
    cards = []
    for q in quotes:
        who = q.speaker + (f", {q.role}" if q.role and q.role != "written evidence" else "")
        cards.append(
            '<div class="quote-card">'
            f'<blockquote>“{html.escape(" ".join(q.text.split()))}”</blockquote>'
            f'<div class="quote-who">— {html.escape(who)}</div>'
            f'<div class="source-meta">{html.escape(q.title)} · {html.escape(where(q))}</div>'
            "</div>"
        )
    return "".join(cards)


CSS = """
.source-card {border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 10px 12px;
  margin-bottom: 10px; background: var(--background-fill-primary);}
.source-card:target, .source-card.selected {outline: 2px solid var(--color-accent);}
.source-head {font-weight: 600;}
.source-n {color: var(--color-accent);}
.source-meta {font-size: 0.85em; color: var(--body-text-color-subdued); margin: 2px 0 6px;}
.source-passage, .context-body {white-space: pre-wrap; line-height: 1.5; overflow-wrap: anywhere;}
.context-body {max-height: 460px; overflow-y: auto; padding: 8px; border-radius: 6px;
  background: var(--background-fill-secondary);}
.context-head {font-weight: 600; margin-bottom: 6px;}
mark.quote {background: #ffe58a; color: #111; padding: 0 2px; border-radius: 2px;}
.quote-card {border-left: 4px solid var(--color-accent); padding: 6px 12px; margin-bottom: 12px;}
.quote-card blockquote {margin: 0; font-style: italic; white-space: pre-wrap;}
.quote-who {font-weight: 600; margin-top: 4px;}
.answerer-line {font-size: 0.9em; color: var(--body-text-color-subdued);}
.sources-empty {color: var(--body-text-color-subdued); font-style: italic;}
"""

# Clicking a marker [n] in the chat selects source n (through a hidden textbox the app listens to).
JS = """
() => {
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a[href^="#source-"]');
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const n = link.getAttribute('href').replace('#source-', '');
    const box = document.querySelector('#selected-source textarea, #selected-source input');
    if (!box) return;
    box.value = n;
    box.dispatchEvent(new Event('input', {bubbles: true}));
    const card = document.getElementById('source-' + n);
    if (card) card.scrollIntoView({behavior: 'smooth', block: 'nearest'});
  }, true);
}
"""
