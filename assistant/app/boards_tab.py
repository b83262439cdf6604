"""The Boards tab: pick ICBs and see their boards side by side (roles as rows, ICBs as columns, counts and names
in the cells); a click on any entry shows the passage it was read from, highlighted in its document; the table
exports to CSV. Where two documents of one ICB disagree, both entries are shown with their dates."""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass

import gradio as gr

from assistant.app.downloads import offer
from assistant.app.render import highlighted
from assistant.boards import CATEGORY_LABELS, list_boards
from assistant.retrieval import get_retriever
from core.settings import Settings
from core.types import BOARD_CATEGORIES, Board, BoardMember

CSV_COLUMNS = ["icb", "category", "role", "count", "at_least", "name", "voting", "nominated_by", "doc_id", "title",
               "published", "page", "section", "quote", "start", "end"]
EMPTY = '<div class="sources-empty">Choose one or more ICBs to compare their boards.</div>'
PICK_HINT = '<div class="sources-empty">Click any entry in the table to see the passage it was read from.</div>'

# a click on an entry tells the server which board (column) and which row it is
BOARD_JS = """
if (!window.__icsBoards) {
  window.__icsBoards = true;
  document.addEventListener('click', (event) => {
    const entry = event.target.closest('#boards-table .board-entry');
    if (!entry) return;
    event.preventDefault();
    document.querySelectorAll('#boards-table .board-entry.selected').forEach((e) => e.classList.remove('selected'));
    entry.classList.add('selected');
    trigger('click', {target: entry.dataset.target});
    const panel = document.getElementById('boards-source');
    if (panel && panel.getBoundingClientRect().top > window.innerHeight - 80) {
      panel.scrollIntoView({behavior: 'smooth', block: 'start'});
    }
  }, true);
}
"""


@dataclass
class BoardsTab:
    """What the rest of the app refreshes after the library changes (the ICB choices)."""

    pick: gr.Dropdown


def _boards(settings: Settings) -> list[Board]:
    return list_boards(store=get_retriever(settings).store)


def choices(settings: Settings) -> list[str]:
    return [b.icb for b in _boards(settings)]


def build(settings: Settings) -> BoardsTab:
    """Lay out the tab inside the current Blocks context and wire its events."""
    names = choices(settings)
    first = names[:2]
    with gr.Row():
        pick = gr.Dropdown(names, value=first, multiselect=True, label="ICBs to compare", scale=4,
                           elem_id="boards-pick", min_width=240,
                           info="Boards read from constitutions, board pages and minutes in the library.")
        export = gr.DownloadButton("Export CSV", value=_csv(_chosen(first, settings)), scale=1,
                                   elem_id="boards-export", min_width=120)
    table = gr.HTML(compare_html(_chosen(first, settings)), elem_id="boards-table", js_on_load=BOARD_JS)
    gr.Markdown("### Source of the chosen entry")
    source = gr.HTML(PICK_HINT, elem_id="boards-source")

    def show(chosen):
        boards = _chosen(chosen, settings)
        return compare_html(boards), PICK_HINT, _csv(boards)

    def open_entry(chosen, evt: gr.EventData):
        match = re.fullmatch(r"b(\d+)-m(\d+)", str((getattr(evt, "_data", None) or {}).get("target", "")))
        boards = _chosen(chosen, settings)
        if not match or int(match.group(1)) >= len(boards):
            return gr.update()
        board = boards[int(match.group(1))]
        j = int(match.group(2))
        return source_html(board, board.members[j], settings) if j < len(board.members) else gr.update()

    pick.change(show, pick, [table, source, export], api_visibility="private")
    table.click(open_entry, pick, source, api_visibility="private")
    return BoardsTab(pick)


def refreshed(settings: Settings) -> dict:
    """New ICB choices (after documents were added or removed), keeping those still known."""
    return gr.update(choices=choices(settings))


def _chosen(names: list[str] | None, settings: Settings) -> list[Board]:
    by_name = {b.icb: b for b in _boards(settings)}
    return [by_name[n] for n in (names or []) if n in by_name]


def compare_html(boards: list[Board]) -> str:
    """Roles as rows, ICBs as columns; each cell's count, then its entries (name or role), each clickable; an
    entry from one of several documents carries that document's date, and disagreements are flagged."""
    if not boards:
        return EMPTY
    present = [c for c in BOARD_CATEGORIES if any(m.category == c for b in boards for m in b.members)]
    head = "".join(f'<th scope="col">{html.escape(b.icb)}</th>' for b in boards)
    body = []
    for category in present:
        cells = "".join(f"<td>{_cell(i, b, category)}</td>" for i, b in enumerate(boards))
        body.append(f'<tr data-category="{category}"><th scope="row">{html.escape(CATEGORY_LABELS[category])}</th>'
                    f"{cells}</tr>")
    quorum = "".join(f"<td>{_quorum(b)}</td>" for b in boards)
    body.append(f'<tr data-category="quorum"><th scope="row">Quorum</th>{quorum}</tr>')
    return (f'<div class="boards-wrap"><table class="boards-table"><thead><tr><th scope="col">Role</th>{head}</tr>'
            f'</thead><tbody>{"".join(body)}</tbody></table></div>')


def _cell(i: int, board: Board, category: str) -> str:
    rows = [(j, m) for j, m in enumerate(board.members) if m.category == category]
    if not rows:
        return '<span class="board-none">—</span>'
    docs = list(dict.fromkeys(m.citation.doc_id for _, m in rows))
    disputed = any(c.category == category for c in board.conflicts)
    parts = []
    for doc_id in docs:
        mine = [(j, m) for j, m in rows if m.citation.doc_id == doc_id]
        total = sum(m.count for _, m in mine)
        least = "≥" if any(m.at_least for _, m in mine) else ""
        dated = f' <span class="board-date">({html.escape(mine[0][1].citation.published or "undated")})</span>' \
            if len(docs) > 1 else ""
        entries = "".join(_entry(i, j, m) for j, m in mine)
        parts.append(f'<div class="board-count">{least}{total}{dated}</div><ul class="board-entries">{entries}</ul>')
    flag = '<div class="board-conflict">⚠ documents disagree</div>' if disputed else ""
    return flag + "".join(parts)


def _entry(i: int, j: int, m: BoardMember) -> str:
    label = m.name or m.role
    detail = m.role if m.name else (f"× {m.count}{' or more' if m.at_least else ''}" if m.count > 1 else "")
    vote = ' <span class="board-vote">non-voting</span>' if m.voting is False else ""
    extra = f' <span class="board-role">{html.escape(detail)}</span>' if detail else ""
    return (f'<li><button type="button" class="board-entry" data-target="b{i}-m{j}" '
            f'title="{html.escape(m.citation.title, quote=True)}">{html.escape(label)}</button>{extra}{vote}</li>')


def _quorum(board: Board) -> str:
    if board.quorum is None:
        return '<span class="board-none">—</span>'
    return f'<span class="board-quorum">{html.escape(" ".join(board.quorum.text.split()))}</span>'


def source_html(board: Board, m: BoardMember, settings: Settings, before: int = 400, after: int = 500) -> str:
    """The passage an entry was read from, inside its document's surrounding text, the quote highlighted."""
    c = m.citation
    text = get_retriever(settings).store.document_text(c.doc_id) or c.quote
    lo, hi = max(0, c.start - before), min(len(text), c.end + after)
    body = highlighted(text[lo:hi], c.start - lo, c.end - lo)
    facts = [CATEGORY_LABELS[m.category], f"{'at least ' if m.at_least else ''}{m.count}", m.name,
             {True: "votes", False: "non-voting", None: "vote not stated"}[m.voting],
             f"nominated by {m.nominated_by}" if m.nominated_by else None]
    return (f'<div class="context-head">{html.escape(board.icb)} — {html.escape(c.title)}'
            f' — {html.escape(_where(c))}</div>'
            f'<div class="source-meta">{html.escape(" · ".join(f for f in facts if f))}</div>'
            f'<div class="context-body">{"…" if lo else ""}{body}{"…" if hi < len(text) else ""}</div>')


def _where(c) -> str:
    """“date, p. N, § S” of a citation."""
    return ", ".join(b for b in (c.published, f"p. {c.page}" if c.page else None,
                                 f"§ {c.section}" if c.section else None) if b)


def _csv(boards: list[Board]) -> str | None:
    """The compared boards as CSV, one line per row with its citation (a file the app may serve)."""
    if not boards:
        return None
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for board in boards:
        for m in board.members:
            c = m.citation
            writer.writerow([board.icb, m.category, m.role, m.count, m.at_least, m.name or "",
                             "" if m.voting is None else m.voting, m.nominated_by or "", c.doc_id, c.title,
                             c.published or "", c.page or "", c.section or "", c.quote, c.start, c.end])
    return offer(out.getvalue().encode("utf-8"), "boards.csv")
