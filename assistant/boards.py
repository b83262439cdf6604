"""Who sits on an ICB's board: the rows read at ingest grouped into one board per ICB, and answers to questions
about a named ICB's board drawn from that table, a citation per row.

Rows are never merged across documents: when two documents of one ICB state a category differently (a draft
and a final constitution, a board page and minutes), both are kept and the disagreement is listed with each
document's date.
"""

from __future__ import annotations

import re
from collections import defaultdict

from assistant.answer.base import SENTINEL
from assistant.answer.question import parts as question_parts
from assistant.answer.question import years_asked
from core.icb import find_icbs, icb_key, same_icb
from core.settings import Settings, get_settings
from core.text import fold
from core.types import BOARD_CATEGORIES, Board, BoardConflict, BoardMember, BoardQuorum, Citation
from vectorstore.store import Store

#: How each category is named in answers and in the app's table.
CATEGORY_LABELS = {
    "chair": "Chair", "chief_executive": "Chief executive", "executive": "Executive members",
    "non_executive": "Non-executive members", "partner_trust": "Partner members: NHS trusts",
    "partner_primary_care": "Partner members: primary care", "partner_local_authority": "Partner members: local authorities",
    "place": "Place members", "other_member": "Other members", "participant": "Participants (non-voting)",
}


class BoardsError(ValueError):
    """A board was asked for that is not in the index; `str(err)` is one line naming it and the known ones."""


def list_boards(name: str | None = None, settings: Settings | None = None, store: Store | None = None) -> list[Board]:
    """Every ICB's board (or those whose name contains `name`, in any case), from the rows read at ingest.

    Args:
        name: part of an ICB's name ("dorset", "Derby"); None for all.
        settings: defaults from the environment.
        store: an open store (default: one for `settings`).

    Returns:
        One `Board` per ICB, in name order; rows whose quote is not verbatim in their document are left out.

    Raises:
        BoardsError: `name` matches no ICB.
    """
    store = store or Store(get_settings(settings))
    boards = build_boards(_verbatim_rows(store))
    if name is None:
        return boards
    wanted = fold(name)
    chosen = [b for b in boards if wanted in fold(b.icb) or same_icb(name, b.icb)]
    if not chosen:
        known = "; ".join(b.icb for b in boards) or "none (ingest constitutions, board pages or minutes first)"
        raise BoardsError(f"no ICB matches {name!r}; known: {known}")
    return chosen


def _verbatim_rows(store: Store) -> list[BoardMember | BoardQuorum]:
    """The stored rows whose quote is exactly their document's text at their offsets (the rest are dropped)."""
    texts: dict[str, str | None] = {}
    out = []
    for entry in store.boards():
        c = entry.citation
        if c.doc_id not in texts:
            texts[c.doc_id] = store.document_text(c.doc_id)
        text = texts[c.doc_id]
        if text is not None and c.quote.strip() and text[c.start : c.end] == c.quote:
            out.append(entry)
    return out


def build_boards(entries: list[BoardMember | BoardQuorum]) -> list[Board]:
    """Group rows into one board per ICB (spellings of one ICB are one board), rows ordered by category."""
    groups: list[list[BoardMember | BoardQuorum]] = []
    for entry in entries:
        group = next((g for g in groups if same_icb(g[0].icb, entry.icb)), None)
        (group.append(entry) if group is not None else groups.append([entry]))
    boards = [_board(g) for g in groups]
    return sorted((b for b in boards if b.members), key=lambda b: icb_key(b.icb))


def _board(entries: list[BoardMember | BoardQuorum]) -> Board:
    members = [e for e in entries if isinstance(e, BoardMember)]
    quorums = [e for e in entries if isinstance(e, BoardQuorum)]
    names = [e.icb for e in entries]
    order = {c: i for i, c in enumerate(BOARD_CATEGORIES)}
    doc_ids = list(dict.fromkeys(m.citation.doc_id for m in members))
    members.sort(key=lambda m: (order.get(m.category, 99), doc_ids.index(m.citation.doc_id), m.citation.start))
    quorum = max(quorums, key=lambda q: q.citation.published or "", default=None)
    return Board(max(set(names), key=names.count), tuple(doc_ids), tuple(members), quorum,
                 tuple(conflicts(members)))


def statements(members: list[BoardMember]) -> dict[str, dict[str, dict]]:
    """category → doc_id → what that document says of it: count (summed), at_least, names, and its dates."""
    out: dict[str, dict[str, dict]] = defaultdict(dict)
    for m in members:
        c = m.citation
        got = out[m.category].setdefault(c.doc_id, {"doc_id": c.doc_id, "title": c.title, "published": c.published,
                                                    "count": 0, "at_least": False, "names": []})
        got["count"] += m.count
        got["at_least"] = got["at_least"] or m.at_least
        if m.name and m.name not in got["names"]:
            got["names"].append(m.name)
    return out


def conflicts(members: list[BoardMember]) -> list[BoardConflict]:
    """Categories that two documents state differently: counts that cannot both hold, or different people."""
    out = []
    for category, by_doc in statements(members).items():
        said = list(by_doc.values())
        if len(said) > 1 and any(_disagree(a, b) for i, a in enumerate(said) for b in said[i + 1:]):
            out.append(BoardConflict(category, tuple(said)))
    return out


def _disagree(a: dict, b: dict) -> bool:
    if a["names"] and b["names"] and set(a["names"]) != set(b["names"]):
        return True
    if not a["at_least"] and not b["at_least"]:
        return a["count"] != b["count"]
    low, high = (a, b) if a["at_least"] else (b, a)  # low says "at least n"
    return not high["at_least"] and high["count"] < low["count"]


def board_text(board: Board) -> str:
    """A board as plain text: one line per row (count, role, name, vote, nomination) with its source, then any
    disagreement between documents and the quorum."""
    lines = [board.icb]
    for m in board.members:
        c = m.citation
        count = f"{'≥' if m.at_least else ''}{m.count}"
        vote = {True: "votes", False: "non-voting", None: "vote not stated"}[m.voting]
        bits = [f"{CATEGORY_LABELS[m.category]}: {count} × {m.role}", m.name, vote,
                f"nominated by {m.nominated_by}" if m.nominated_by else None]
        lines.append("  " + " — ".join(b for b in bits if b))
        where = ", ".join(x for x in (c.published, f"p. {c.page}" if c.page else None,
                                      f"§ {c.section}" if c.section else None) if x)
        lines.append(f"      “{' '.join(c.quote.split())}” — {c.title}" + (f", {where}" if where else ""))
    for conflict in board.conflicts:
        said = "; ".join(f"{s['count']}{'+' if s['at_least'] else ''}"
                         + (f" ({', '.join(s['names'])})" if s["names"] else "")
                         + f" in “{s['title']}” ({s['published'] or 'undated'})" for s in conflict.statements)
        lines.append(f"  Documents disagree on {CATEGORY_LABELS[conflict.category].lower()}: {said}")
    if board.quorum:
        lines.append(f"  Quorum: “{' '.join(board.quorum.text.split())}” — {board.quorum.citation.title}")
    return "\n".join(lines)


# ---------------------------------------------------------------- answering from the table

# "who is the chair of", "who was appointed interim chief executive of", "who became chair designate of": the
# person in one seat
_HOLDER = (r"\bwho(?:'s|’s)?\s+(?:(?:is|was|will be|has been|had been|became|becomes|took over as|takes over as)\s+)?"
           r"(?:(?:appointed|named|confirmed|made|chosen)\s+)?(?:as\s+)?(?:(?:the|its)\s+)?"
           r"(?:(?:new|interim|acting|permanent|substantive|joint)\s+)*"
           r"(?P<seat>chair|chief executive|ceo)\b(?!\s+(?:across|of both|for both)\b)")
# a seat of another body, or held before ("the chair of its audit committee", "the CCG's accountable officer",
# "the chief executive before Ann Bray"): not a row of the table
_HELD_ELSEWHERE = re.compile(r"\b(?:ccgs?|clinical commissioning groups?|trusts?|hospitals?|councils?|committees?|"
                             r"foundation|partnerships?|before|previous(?:ly)?|former(?:ly)?|until|prior)\b", re.I)
_ASKS_HOLDER = re.compile(r"\bwho chairs\b|\bchair of\b|" + _HOLDER, re.I)
_BOARD_QUESTION = re.compile(
    r"\bwho(?: else)?(?:'s|’s| is| are| sits?| serves?)\s+on\b|\bwho(?:'s| is| are)? (?:the )?(?:members?|people) (?:of|on)\b|"
    r"\bwho(?:'s|’s| is| are) (?:the|its) [\w -]{1,40}? on\b|\bboard members\b|"
    r"\bmembers? of\b|\bmembership\b|\bcomposition\b|"
    r"\bhow many\b|\bdoes\b.+\bhave (?:a|an|any)\b|\bdoes\b.+\bhave [\w -]{2,40}? on (?:its|the|their) board\b|"
    r"\bis there (?:a|an|any)\b|\bwho (?:may|can) attend\b|"
    r"\bnon-?voting\b|\bwho nominates\b|\bwho chairs\b|" + _HOLDER, re.I)
_ASKS_COUNT = re.compile(r"\bhow many (?P<what>.+?)(?:\s+(?:are|sit|serve|does|do|is|on|in|at)\b|\?|$)", re.I)
_ASKS_WHO_SEAT = re.compile(r"\bwho(?:'s|’s| is| are) (?:the|its) (?P<what>[\w -]{1,40}?) on\b", re.I)
_ASKS_HAS = re.compile(r"\b(?:does|do)\b.+?\bhave (?:(?:a|an|any) (?P<what>.+?)(?:\s+(?:on|in|among|at)\b|\?|$)|"
                       r"(?P<bare>[\w -]{2,40}?) on (?:its|the|their) board\b)|"
                       r"\bis there (?:a|an|any) (?P<what2>.+?)(?:\s+(?:on|in|among|at)\b|\?|$)", re.I)
_ASKS_NONVOTING = re.compile(r"\b(?:attend but not vote|non-?voting|cannot vote|can't vote|observers?|participants?)\b",
                             re.I)
_ASKS_NOMINATION = re.compile(r"\bwho nominates\b|\bnominat", re.I)
# words a question uses for seats, beyond the role vocabulary: "a GP", "a hospital doctor", "a nurse"
_SEAT_WORDS = {
    "gp": r"\bgps?\b|general practi|primary (?:medical|care)",
    "hospital doctor": r"hospital|secondary care|acute|medical director|chief medical",
    "doctor": r"\bdr\b|doctor|medical|\bgps?\b",
    "nurse": r"nurs",
    "public health": r"public health",
    "mental health": r"mental health",
    "social care": r"social care|adult services|children",
}


def find_board(question: str, boards: list[Board]) -> Board | None:
    """The board of the ICB a question names, if it names one we have (the longest name that fits wins)."""
    folded = " " + " ".join(re.findall(r"[a-z0-9]+", fold(question).replace("&", " and "))) + " "
    named = find_icbs(question)
    best, best_len = None, 0
    # a question that names an ICB means that one: a place it mentions besides ("of the job losses in Fenn and
    # Marsh, how many are at Vale ICB") names no board
    named_text = " | ".join(" " + " ".join(re.findall(r"[a-z0-9]+", fold(m.core).replace("&", " and "))) + " "
                            for m in named)  # each name alone: "Fenn" and "Vale" named are not "Fenn Vale"
    for board in boards:
        key = icb_key(board.icb)
        hit = f" {key} " in (named_text if named else folded) or any(same_icb(m.core, board.icb) for m in named)
        if hit and len(key) > best_len:
            best, best_len = board, len(key)
    return best


def board_answer(question: str, store: Store, settings: Settings | None = None):
    """An answer drawn from the board table when the question asks who sits on, chairs, or how many of a role
    are on, a named ICB's board; None when it does not (or the table cannot answer), so passages answer it.

    Returns:
        (answer text, citations, the ICB's name, the names of the people in the rows) or None.
    """
    if not _BOARD_QUESTION.search(question):
        return None
    if any(_ASKS_HOLDER.search(part) and _HELD_ELSEWHERE.search(part) for part in question_parts(question)):
        return None
    boards = build_boards(_verbatim_rows(store))
    board = find_board(question, boards)
    if board is None:
        return None
    # "who is the medical director, and is there a chief nurse?": the rows each part asks for
    board_parts = [part for part in question_parts(question) if _BOARD_QUESTION.search(part)] or [question]
    asked = [m for part in board_parts for m in _rows_asked(part, board)]
    rows = list({id(m): m for m in asked}.values())
    if not rows:
        return None
    years = years_asked(question)
    if years and not any(y in f"{m.citation.published or ''} {m.citation.quote}" for y in years for m in rows):
        return None  # "how many non-executives did it have in 2019": the table does not say when; passages may
    found = _compose(question, board, rows, store)
    return None if found is None else (*found, board.icb, tuple(dict.fromkeys(m.name for m in rows if m.name)))


def other_parts(question: str) -> list[str]:
    """The parts of a two-part question that do not ask about a board ("who chairs X, and how big a budget does it
    control?": the budget), for passages to answer beside the board table's rows."""
    asked = question_parts(question)
    return [part for part in asked if not _BOARD_QUESTION.search(part)] if len(asked) > 1 else []


def _rows_asked(question: str, board: Board) -> list[BoardMember]:
    """The rows that answer: the chair, the seats of a kind, the non-voting participants, or the whole board."""
    members = list(board.members)
    holder = _ASKS_HOLDER.search(question)
    if holder and not _ASKS_COUNT.search(question):
        category = _seat_category(holder)
        deputy = category == "chair" and re.search(r"\b(?:vice|deputy)[- ]chair", question, re.I)
        return [m for m in members if m.name and (m.category == category or deputy and
                                                  re.search(r"\b(?:vice|deputy)[- ]chair", m.role, re.I))]
    what = _asked_seat(question)
    if what is not None:
        # a title of two words or more that rows hold as written ("chief medical officer") is that seat,
        # not every seat of its category
        titled = [m for m in members if len(what.split()) > 1 and re.search(rf"\b{re.escape(what)}\b", m.role, re.I)]
        return titled or [m for m in members if _fits(m, what)]
    if _ASKS_COUNT.search(question):
        return []  # "how many members in total": the rows we have may not be the whole board
    if _ASKS_NONVOTING.search(question):
        return [m for m in members if m.voting is False]
    if _ASKS_NOMINATION.search(question):
        return [m for m in members if m.nominated_by]
    return members


CATEGORY_SEAT = {"chair": "chair", "chief_executive": "chief executive"}


def _seat_category(holder: re.Match) -> str:
    """The category of the one seat a question asks who holds: "chair", else the chief executive's."""
    seat = (holder.group("seat") or "chair").lower()
    return "chair" if seat == "chair" else "chief_executive"


def _asked_seat(question: str) -> str | None:
    """The seat a "how many …" or "does … have a …" question asks about, as written ("GP", "non-executives")."""
    m = _ASKS_COUNT.search(question) or _ASKS_HAS.search(question) or _ASKS_WHO_SEAT.search(question)
    if not m:
        return None
    what = next((g for g in m.groups() if g), "").strip()
    what = re.sub(r"\b(?:the|its|board|boards|icb|members?|people|seats?|of|on|are|is|there|were|was|will|be|"
                  r"they|them|these|those|it)\b", " ", what, flags=re.I)
    return " ".join(what.split()) or None


def _fits(member: BoardMember, what: str) -> bool:
    """Whether a row is the seat asked about: by its category ("non-executives") or by its words ("a GP")."""
    from ingest.boards import categorise  # the role vocabulary is domain data owned by ingest

    text = f"{member.role} {member.name or ''} {member.nominated_by or ''}"
    for word, pattern in _SEAT_WORDS.items():
        if re.search(rf"\b{word}s?\b", what, re.I):
            return bool(re.search(pattern, text, re.I))
    category = categorise(what) or categorise(f"{what} member")
    if category is not None and category != "other_member":
        return member.category == category
    return bool(re.search(rf"\b{re.escape(what)}", text, re.I))


def _compose(question: str, board: Board, rows: list[BoardMember], store: Store):
    """One sentence per category: its count and names, each row followed by its marker; documents that disagree
    are each named with their date."""
    citations: list[Citation] = []
    lines: list[str] = []
    by_category: dict[str, list[BoardMember]] = defaultdict(list)
    for m in rows:
        by_category[m.category].append(m)
    disputed = {c.category for c in board.conflicts}
    many_docs = len({m.citation.doc_id for m in rows}) > 1
    for category in BOARD_CATEGORIES:
        group = by_category.get(category)
        if not group:
            continue
        per_doc = defaultdict(list)
        for m in group:
            per_doc[m.citation.doc_id].append(m)
        parts = []
        for doc_rows in per_doc.values():
            marked = [f"{_who(m)} [{_cite(m, citations, store)}]" for m in doc_rows]
            marked = [x for x in marked if not x.endswith("[0]")]
            if not marked:
                continue
            head = _count_text(doc_rows)
            source = f" per “{doc_rows[0].citation.title}” ({doc_rows[0].citation.published or 'undated'})" \
                if category in disputed and many_docs else ""
            parts.append(f"{head}{source}: " + "; ".join(marked))
        if parts:
            lines.append(f"{CATEGORY_LABELS[category]} — " + " | ".join(parts) + ".")
    if not citations:
        return None
    lead = _lead(question, board, rows)
    if board.conflicts and many_docs:
        lead += " Where its documents disagree, each is shown with its date."
    return lead + "\n" + "\n".join(lines), tuple(citations)


def _lead(question: str, board: Board, rows: list[BoardMember]) -> str:
    """The answer's first line: what kind of answer follows, and from how many documents."""
    docs = len({m.citation.doc_id for m in rows})
    sources = f"{docs} document{'s' if docs != 1 else ''}"
    if re.match(r"\s*who\b", question, re.I) and not any(m.name for m in rows) and len(rows) < len(board.members):
        # "who are the six place members": the seats are counted, no one in them is named
        return f"{SENTINEL} who holds these seats on {board.icb}'s board. The closest they come ({sources}):"
    holder = _ASKS_HOLDER.search(question)
    if holder and not _ASKS_COUNT.search(question):
        category = _seat_category(holder)
        names = ", ".join(dict.fromkeys(m.name for m in rows if m.name and m.category == category))
        return f"The {CATEGORY_SEAT[category]} of {board.icb}: {names} ({sources})."
    if _ASKS_HAS.search(question):
        return f"Yes — {board.icb}'s board includes (from {sources}):"
    if _ASKS_COUNT.search(question):
        return f"{board.icb}'s board, as {sources} state{'s' if docs == 1 else ''} it:"
    return f"Who sits on the board of {board.icb} (from {sources}; counts as written, each row cited):"


def _count_text(rows: list[BoardMember]) -> str:
    total = sum(m.count for m in rows)
    return f"{'at least ' if any(m.at_least for m in rows) else ''}{total}"


# a holder the cited line says is going: "…, is stepping down later this year", "… will retire in March"
_GOING = r"(?:,[^,.;]{0,120},)?\s+(?:is|will|is to|is set to|has decided to|has announced (?:that )?(?:he|she) (?:is|will))" \
         r"\s+(?:be\s+)?(?:stepping down|step down|standing down|stand down|retiring|retire|leaving|leave)\b"


def _who(m: BoardMember) -> str:
    """A row as the answer lists it: the person and their role, or the count and role (and, when the cited line
    says the holder is going, so)."""
    if m.name:
        going = re.search(re.escape(m.name) + _GOING, m.citation.quote, re.I)
        return f"{m.name} ({m.role}; stepping down, as the cited line says)" if going else f"{m.name} ({m.role})"
    count = f"{'at least ' if m.at_least and m.count > 1 else ''}{m.count} " if m.count > 1 else ""
    return f"{count}{m.role}" + (f", nominated by {m.nominated_by}" if m.nominated_by else "")


def _cite(m: BoardMember, citations: list[Citation], store: Store) -> int:
    """The marker number of a row's citation (a new one unless the same span is already cited); 0 if its
    passage cannot be found."""
    c = m.citation
    for existing in citations:
        if existing.chunk.doc_id == c.doc_id and (existing.start, existing.end) == (c.start, c.end):
            return existing.n
    chunk = store.chunk_at(c.doc_id, c.start)
    if chunk is None:
        return 0
    citations.append(Citation(len(citations) + 1, chunk, c.quote, c.start, c.end))
    return len(citations)
