"""HTML and Markdown for the app. Document text is always escaped: HTML or script inside a document is shown
as text, never rendered or run."""

from __future__ import annotations

import html
import re

from core.types import Answer, Citation, Quote

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")
_MARKER = re.compile(r"\[(\d{1,3})\]")
_BULLET = re.compile(r"[ \t]+([•◦▪●])[ \t]")  # a list item inside the answer's running text


def md_escape(text: str) -> str:
    """Text made inert for Markdown and HTML (the chatbot renders both)."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def answer_markdown(answer: Answer, turn: int = 1) -> str:
    """The answer for the chat: document words escaped, markers as links that open this answer's source."""
    parts = []
    pos = 0
    for m in _MARKER.finditer(answer.answer):
        parts.append(md_escape(answer.answer[pos : m.start()]))
        parts.append(f"[[{m.group(1)}]](#source-{turn}-{m.group(1)})")
        pos = m.end()
    parts.append(md_escape(answer.answer[pos:]))
    text = _BULLET.sub("  \n\\1 ", "".join(parts))  # a list's items each on a line of their own
    note = f"\n\n*{md_escape(answer.notice)}*" if answer.notice else ""
    return text + note


def plain_answer(answer: Answer) -> str:
    """The answer as plain text for the clipboard: its words and markers, then one reference per marker."""
    lines = [answer.answer] + ([answer.notice] if answer.notice else [])
    refs = [f"[{c.n}] {reference(c.quote, None, c.chunk)}" for c in answer.citations]
    return "\n\n".join(lines + (["\n".join(refs)] if refs else []))


def where(c) -> str:
    """“Publisher, date, p. N, § S” for a chunk or quote."""
    page = getattr(c, "page", None)
    section = getattr(c, "section", None)
    bits = [c.publisher, c.published, f"p. {page}" if page else None, f"§ {section}" if section else None]
    return ", ".join(b for b in bits if b)


def source_name(c) -> str:
    """Who a document speaks for: its publisher, else its author, else its file name."""
    return c.publisher or getattr(c, "author", None) or c.source or "Unknown source"


def reference(quote_text: str, who: str | None, c) -> str:
    """A publication-ready reference: “quote” — speaker or publisher, title, date, page, § section."""
    speaker = who or source_name(c)
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


def sources_html(answer: Answer | None, turn: int = 1, selected: int | None = None) -> str:
    """The Sources panel for the turn-th answer: each citation with its passage and the quoted span highlighted."""
    if answer is None or not answer.citations:
        return '<div class="sources-empty">Sources appear here, one per [n] marker in the answer.</div>'
    cards = [f'<div class="sources-for" data-turn="{turn}">Sources of answer {turn}: '
             f"“{html.escape(answer.question)}”</div>"]
    for c in answer.citations:
        ch = c.chunk
        chosen = " selected" if c.n == selected else ""
        cards.append(
            f'<div class="source-card{chosen}" id="source-{c.n}" data-n="{c.n}" data-target="source-{turn}-{c.n}">'
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
    """Quote cards, each with a button that copies its publication-ready reference."""
    from assistant.quotes import reference as quote_reference

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
            f'<button type="button" class="quote-copy" data-ref="{html.escape(quote_reference(q), quote=True)}">'
            "Copy reference</button>"
            "</div>"
        )
    return "".join(cards)


CSS = """
.source-card {border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 10px 12px;
  margin-bottom: 10px; background: var(--background-fill-primary); cursor: pointer;}
.source-card:target, .source-card.selected {outline: 2px solid var(--color-accent);}
.sources-for {font-size: 0.85em; color: var(--body-text-color-subdued); margin-bottom: 8px;}
.source-head {font-weight: 600;}
.source-n {color: var(--color-accent);}
.source-meta {font-size: 0.85em; color: var(--body-text-color-subdued); margin: 2px 0 6px;}
.source-passage, .context-body {white-space: pre-wrap; line-height: 1.5; overflow-wrap: anywhere;}
.context-body {max-height: 460px; overflow-y: auto; padding: 8px; border-radius: 6px;
  background: var(--background-fill-secondary);}
.context-head {font-weight: 600; margin-bottom: 6px;}
mark.quote {background: #ffe58a; color: #111; padding: 0 2px; border-radius: 2px;}
.quote-card {border-left: 4px solid var(--color-accent); padding: 6px 12px; margin-bottom: 12px;}
.quote-card blockquote {margin: 0; font-style: italic; white-space: pre-wrap; overflow-wrap: anywhere;}
.quote-who {font-weight: 600; margin-top: 4px;}
.quote-copy {font-size: 0.85em; padding: 2px 10px; border: 1px solid var(--border-color-primary);
  border-radius: 6px; background: var(--background-fill-secondary); cursor: pointer;}
.answerer-line {font-size: 0.9em; color: var(--body-text-color-subdued);}
.sources-empty {color: var(--body-text-color-subdued); font-style: italic;}
.diff-table {border-collapse: collapse; width: 100%; table-layout: fixed;}
.diff-table td, .diff-table th {border: 1px solid var(--border-color-primary); padding: 6px; vertical-align: top;
  overflow-wrap: anywhere; white-space: pre-wrap;}
.diff-table tr.changed td {background: var(--background-fill-secondary);}
.boards-wrap {overflow-x: auto;}
.boards-table {border-collapse: collapse; width: 100%; table-layout: fixed; min-width: 520px;}
.boards-table th, .boards-table td {border: 1px solid var(--border-color-primary); padding: 6px 8px; vertical-align: top;
  text-align: left; overflow-wrap: anywhere;}
.boards-table thead th {background: var(--background-fill-secondary);}
.boards-table thead th:first-child {width: 160px;}
.boards-table tbody th {font-weight: 600; overflow-wrap: normal; hyphens: auto;}
.board-count {font-weight: 700;}
.board-entries {margin: 2px 0 6px; padding-left: 16px;}
.board-entry {background: none; border: none; padding: 0; color: var(--color-accent); cursor: pointer;
  text-align: left; text-decoration: underline dotted; font: inherit;}
.board-entry.selected {outline: 2px solid var(--color-accent); border-radius: 3px;}
.board-role, .board-date, .board-vote, .board-none {font-size: 0.85em; color: var(--body-text-color-subdued);}
.board-conflict {font-size: 0.85em; font-weight: 600; color: #b45309;}
.board-quorum {font-size: 0.9em;}
@media (max-width: 640px) {
  .gradio-container {padding-left: 6px !important; padding-right: 6px !important;}
  #ask-row {flex-direction: column !important;}
  #ask-row > div {min-width: 0 !important; width: 100% !important;}
  #chat {height: 420px !important;}
  #diff-view {overflow-x: auto;}
  .tab-container > button {padding-left: 8px !important; padding-right: 8px !important;}
  .boards-table thead th:first-child {width: 96px;}
  .boards-table th, .boards-table td {padding: 4px 5px; font-size: 0.92em;}
  #diff-view .diff-table {min-width: 640px;}
}
"""

# Loaded with the Sources panel: a click on any marker [n] of any answer (a link to #source-TURN-N) or on a source
# card tells the server which answer and source to show.
MARKER_JS = """
if (!window.__icsMarkers) {
  window.__icsMarkers = true;
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a[href^="#source-"]');
    const card = link ? null : event.target.closest('#sources .source-card');
    if (!link && !card) return;
    event.preventDefault();
    event.stopPropagation();
    const target = link ? link.getAttribute('href').slice(1) : card.dataset.target;
    trigger('click', {target: target});
    const panel = document.getElementById('sources');
    if (link && panel && panel.getBoundingClientRect().top > window.innerHeight) {  // stacked below, on a phone
      panel.scrollIntoView({behavior: 'smooth', block: 'start'});
    }
  }, true);
}
"""

# Copy buttons: a chat answer copies as plain text with its references (not the Markdown behind it); a quote card
# copies its reference.
JS = """
() => {
  const write = (text, button) => {
    if (navigator.clipboard) navigator.clipboard.writeText(text);
    if (button) { button.dataset.copied = '1'; button.title = 'Copied'; }
  };
  document.addEventListener('click', (event) => {
    const quote = event.target.closest('.quote-copy');
    if (quote) { write(quote.dataset.ref, quote); quote.textContent = 'Copied ✓'; return; }
    const button = event.target.closest('#chat button[aria-label="Copy message"]');
    if (!button) return;
    const chat = document.getElementById('chat');
    const buttons = Array.from(chat.querySelectorAll('button[aria-label="Copy message"]'));
    const rows = Array.from(chat.querySelectorAll('.message-row'));
    const row = rows[buttons.indexOf(button)];
    if (!row) return;
    event.preventDefault();
    event.stopPropagation();
    const store = document.querySelector('#chat-copies textarea, #chat-copies input');
    const copies = JSON.parse((store && store.value) || '[]');
    const turn = rows.filter((r) => r.classList.contains('bot-row')).indexOf(row);
    const content = row.querySelector('.message-content') || row;
    write(turn >= 0 && copies[turn] ? copies[turn] : content.innerText.trim(), button);
  }, true);
}
"""
