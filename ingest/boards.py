"""Board composition read at ingest from constitutions, standing orders, board pages and minutes.

A document first has to say which ICB it belongs to (its title, publisher or opening names one, or its text
names it more than once). Its board is then read from the document's own structure:

- a membership lead-in ("The Board will consist of:", "Membership of the board", "Board members", "Present",
  "In attendance", "Apologies") and the list items, table rows, numbered clauses or short lines under it;
- an inline list after such a lead-in ("… comprises: a) a Chair; b) …", "… includes the chair, three …");
- prose that states a count ("The ICB will also have two Non-Executive Members"), or who may attend without a
  vote ("Participants … will not be able to vote").

Each item gives one row: the role as written, its category (from the vocabulary in `board_roles.json`), its
count ("at least three" → 3, at least), a person's name if one is given, whether the seat votes, and who
nominates it. Every row cites the exact span it was read from; a row whose quote is not verbatim is dropped.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from core.icb import IcbMention, brand_name, display_name, find_icbs, same_icb
from core.settings import Settings
from core.text import sentence_spans, soft_wrap
from core.types import BoardMember, BoardQuorum, BoardSource, Chunk, Document

BOARDS_VERSION = 36  # bump when extraction changes: documents are re-read on the next ingest
_VOCABULARY = Path(__file__).with_name("board_roles.json")


# ---------------------------------------------------------------- vocabulary (domain data)


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[tuple[tuple[str, re.Pattern], ...], frozenset[str]]:
    data = json.loads(_VOCABULARY.read_text(encoding="utf-8"))
    rules = tuple((entry["category"], re.compile("|".join(f"(?:{p})" for p in entry["patterns"])))
                  for entry in data["categories"])
    return rules, frozenset(w.lower() for w in data["not_name_words"])


def _role_text(text: str) -> str:
    """A role as the vocabulary reads it: lower case, hyphens and dashes as spaces, '&' as 'and'."""
    text = text.lower().replace("&", " and ").replace("’", "'")
    text = " ".join(re.sub(r"[-–—/]", " ", text).split())
    # words that say how a seat is held, not which seat: "the substantive chair" is the chair
    return re.sub(r"\b(?:substantive|permanent|incoming|new|newly appointed) (?=\w)", "", text)


def categorise(role: str) -> str | None:
    """The board category a role belongs to, or None when the role names none."""
    text = _role_text(role)
    for category, pattern in _vocabulary()[0]:
        if pattern.search(text):
            return category
    return None


# ---------------------------------------------------------------- which ICB a document belongs to


def document_icb(doc: Document, settings: Settings | None = None) -> str | None:
    """The ICB a document is about, as "NHS <name> Integrated Care Board", or None.

    The title and publisher count most, then mentions in the opening, then any mention; an ICB named only once,
    deep in the text (an example in someone's evidence), is not enough, nor one of several named alike.
    """
    settings = settings or Settings()
    head_chars = settings.board_head_chars
    scored: list[tuple[IcbMention, float]] = []
    for text, weight in ((doc.title or "", 6.0), (doc.publisher or "", 5.0)):
        found = find_icbs(text)
        brand = None if found else brand_name(text)  # "Our board | NHS South West London"
        scored += [(m, weight) for m in found] + ([(IcbMention(brand, 0, 0), weight * 0.8)] if brand else [])
    for m in find_icbs(doc.text):
        scored.append((m, 2.0 if m.start < head_chars else 1.0))
    groups: list[list[tuple[IcbMention, float]]] = []
    for mention, weight in scored:
        weight *= 0.5 if mention.brand else 0.8 if mention.system else 1.0
        group = next((g for g in groups if same_icb(g[0][0].core, mention.core)), None)
        (group.append((mention, weight)) if group is not None else groups.append([(mention, weight)]))
    if not groups:
        return None
    totals = sorted((sum(w for _, w in g) for g in groups), reverse=True)
    best = max(groups, key=lambda g: sum(w for _, w in g))
    if totals[0] < settings.board_min_icb_score or len(totals) > 1 and \
            totals[0] < settings.board_icb_margin * totals[1]:
        return None  # named in passing, or several ICBs named alike: not one ICB's document
    return display_name(_best_spelling([m.core for m, _ in best]))


def _best_spelling(cores: list[str]) -> str:
    """The spelling to show: a written-out name over an acronym, mixed case over capitals, the commonest."""
    def rank(core: str) -> tuple:
        return (" " in core or len(core) > 7, not core.isupper(), cores.count(core), len(core))
    return max(cores, key=rank)


# ---------------------------------------------------------------- lines and lead-ins

_ENUM = re.compile(r"^\s*(?:[•▪●◦·\-–*]\s+|\(?[a-z]{1,2}\)\s+|\(?[ivx]{1,5}[.)]\s+|[a-z][.]\s+|\(?\d{1,2}[.)]\s+|"
                   r"\d{1,2}(?:\.\d{1,2}){1,3}\.?\s+|#{1,6}\s+)")
_INLINE_ENUM = re.compile(r"(?:(?<=\s)|(?<=^)|(?<=:))\(?(?:[a-z]|[ivx]{1,4}|\d{1,2})\)\s+")


@dataclass
class _Line:
    """A logical line (a PDF's wrapped line joined) and where its text starts after any bullet or number."""

    start: int
    end: int
    body: int  # start of the text after the enumerator
    text: str  # document text[body:end]
    item: bool  # opens with a bullet, letter or number
    row: bool  # a table row ("a | b")
    heading: bool = False  # a Markdown heading ("## Board members")

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    prev = ""
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        stripped = raw.strip()
        if out and not out[-1].blank and stripped and soft_wrap(prev, raw) and not _ENUM.match(raw) \
                and not _opens_list(stripped):
            last = out[-1]
            out[-1] = _Line(last.start, end - (len(raw) - len(raw.rstrip())), last.body,
                            text[last.body : end - (len(raw) - len(raw.rstrip()))], last.item, last.row)
            prev = raw
            continue
        lead = len(raw) - len(raw.lstrip())
        enum = _ENUM.match(raw)
        body = start + (enum.end() if enum else lead)
        stop = end - (len(raw) - len(raw.rstrip()))
        md = bool(enum) and enum.group().strip().startswith("#")
        out.append(_Line(start + lead, max(stop, body), body, text[body:max(stop, body)], bool(enum) and not md,
                         " | " in raw, md))
        prev = raw
    return out


def _opens_list(line: str) -> bool:
    """A line that starts a list of members ("Members Present:", "In attendance:"): never the wrap of the one
    before it."""
    return bool(_BARE_MEMBERS.match(line) or _PRESENT.match(line) and line.rstrip().endswith(":")
                or re.match(r"^(?:apologies|in attendance|attendees|present)\b.*:", line, re.I)
                or len(line.split()) <= 6 and line.endswith(":"))


_BOARDISH = r"(?:(?:icb|integrated care board|the board|board)\b|(?:the|our) board\b)"
# A sentence that opens a list of members; group "rest" is what follows the verb (an inline list, if any).
_LEAD_VERB = re.compile(
    r"\b(?:consists?|consisting|comprises?|comprising|(?:is|are|be|been) (?:made up|composed)|"
    r"has the following|have the following|(?:appoint(?:s|ed)?|include[sd]?|ha(?:s|ve)) the following(?: \w+){0,3}? members|"
    r"(?:shall|will|must|does|is to|are to)(?:\s+(?:also|normally|usually))?\s+"
    r"(?:have|include|comprise|consist of)|(?:also\s+)?includes?|"
    r"(?:members|membership)(?: of the (?:icb |nhs [a-z ]+ )?board)? (?:are|is|will be|shall be|will comprise|"
    r"shall comprise|comprises?|includes?|consists of))\b(?: (?:of|the following(?: members| voting members)?|"
    r"as follows))?\s*:?",
    re.I)
_BOARD_SUBJECT = re.compile(rf"\b(?:{_BOARDISH}|icb|membership)\b", re.I)
# a subject about boards in general, or a wish rather than a statement: "ICBs should include …"
_GENERAL_SUBJECT = re.compile(r"\b(?:icbs|boards|icss|systems|every icb|each icb|all icbs)\b|\b(?:should|ought to|"
                              r"could|would)\b", re.I)
_NOT_BOARD = re.compile(r"\b(?:committees?|sub-committees?|partnership(?! member)|forums?|assembly|panels?|"
                        r"wellbeing board|assurance group|working group|collaborative board|trust board|"
                        r"integrated care system board|ics board|partnership board|programme board|"
                        r"board of directors of)\b", re.I)
_HEADING_LEAD = re.compile(
    r"^(?:(?:our|the|icb)\s+)?board\s*:?$|"
    r"^(?:(?:our|the|icb|nhs(?: [A-Z][\w,&-]*| and| of| the)+?)\s+)?(?:icb\s+)?board\s+(?:members(?:hip)?|composition)"
    r"(?: and (?:participants|attendees|observers))?\s*:?$|"
    r"^(?:the\s+)?membership of the (?:icb\s+|integrated care\s+)?board\s*:?$|"
    r"^(?:the\s+)?members of (?:the|our) (?:icb\s+)?board\s*:?$|^meet (?:the|our) board(?: members)?\s*:?$|"
    r"^who(?:'s| is) on (?:the|our) board\??$|^our board members\s*:?$", re.I)
_PRESENT = re.compile(r"^(?:(?:board )?members\s+)?present\s*(?:at the meeting)?\s*(?::|-|–)?\s*", re.I)
_APOLOGIES = re.compile(r"^apologies(?:\s+for\s+absence)?(?:\s+(?:were\s+)?received)?(?:\s+from)?\s*(?::|-|–)?\s*",
                        re.I)
# who came to one meeting to support or present (the board secretary, an interpreter): not seats on the board
_VISITING = re.compile(r"^(?:also\s+)?(?:in attendance|attendees|also present)(?: at (?:the )?meeting)?\s*(?::|-|–)?\s*",
                       re.I)
_ATTENDING = re.compile(
    r"^(?:(?:also|others?)\s+)?(?:in attendance|present and in attendance|attendees|observers|participants|"
    r"non-voting (?:members|participants|attendees)|(?:regular )?participants(?: and observers)?|also present)"
    r"(?: at (?:the )?(?:board|meetings?)(?: meetings)?)?\s*(?::|-|–)?\s*", re.I)
# a heading that names one category: the names under it belong to it
_HINT_HEADINGS = (
    (re.compile(r"^(?:our\s+)?(?:independent\s+)?non[- ]executive (?:members|directors)\s*:?$", re.I), "non_executive"),
    (re.compile(r"^(?:our\s+)?executive (?:members|directors|team)\s*:?$", re.I), "executive"),
    (re.compile(r"^(?:our\s+)?partner members\s*:?$", re.I), "partner"),
    (re.compile(r"^(?:our\s+|the\s+)?(?:independent\s+)?chair\s*:?$", re.I), "chair"),
    (re.compile(r"^(?:our\s+|the\s+)?chief executive\s*:?$", re.I), "chief_executive"),
    (re.compile(r"^(?:our\s+)?place (?:members|directors)\s*:?$", re.I), "place"),
    (re.compile(r"^(?:our\s+)?(?:board\s+)?participants(?: and observers)?\s*:?$", re.I), "participant"),
)


@dataclass
class _Section:
    """A membership lead-in and what its items mean: members (vote unless marked), attendance (do not vote),
    a category hint from the heading, and whether the list is a page of people (names and bios)."""

    kind: str  # "members" | "present" | "attending" | "visiting" (came to one meeting: not the board)
    hint: str | None = None
    listing: bool = False


_BARE_MEMBERS = re.compile(r"^(?:(?:board|voting)\s+)?(?:members|membership)(?:\s+present)?\s*:?$", re.I)


def _lead_in(line: _Line, under: str = "") -> tuple[_Section, int] | None:
    """A line that opens a membership list: its section and where an inline list starts (or -1). `under` is the
    heading the line sits under: a bare "Members" heading opens the board's list unless that is a committee's."""
    text = line.text.strip()
    if not text:
        return None
    if _BARE_MEMBERS.match(text) and not line.item and not _NOT_BOARD.search(under):
        return _Section("members", listing=True), -1
    for pattern, kind in ((_VISITING, "visiting"), (_ATTENDING, "attending"), (_PRESENT, "present"),
                          (_APOLOGIES, "present")):
        m = pattern.match(text)
        if m and (m.end() == len(text) or text[m.end() - 1 : m.end()] in ":-–" or m.group().rstrip().endswith(":")):
            rest = m.end() if m.end() < len(text) else -1
            return _Section(kind, "participant" if kind == "attending" else None, listing=True), rest
    if line.item:
        return None  # "• Partner members" is an entry of the list, not a heading over one
    bare = re.sub(r"\s+[|–—-]\s+(?:NHS\b.*|.*\b(?:ICB|Integrated Care Board))$", "", text)  # "Our Board – NHS X"
    if len(bare) < 80 and _HEADING_LEAD.match(bare) and not _NOT_BOARD.search(bare):
        return _Section("members", listing=True), -1
    for pattern, hint in _HINT_HEADINGS:
        if pattern.match(text):
            kind = "attending" if hint == "participant" else "members"
            return _Section(kind, hint, listing=True), -1
    return None


_PARTNER_LEAD = re.compile(r"\bpartner members?\b.{0,80}?\bnominated\s+(?:jointly\s+)?by\s+(?:the\s+)?following\b[^:]*:?",
                           re.I | re.S)


def _sentence_lead(sentence: str) -> tuple[_Section, int] | None:
    """A sentence that opens a list of board members ("The Board will consist of: …"): its section and where the
    list starts in it (its length when the list follows on the next lines)."""
    partners = _PARTNER_LEAD.search(sentence)
    if partners:  # "Partner Members are nominated by the following: • NHS trusts … • the local authorities …"
        return _Section("members", "partner"), partners.end()
    m = _LEAD_VERB.search(sentence)
    if not m:
        return None
    before = sentence[: m.start()]
    plain = re.sub(r"\([^()]*\)", " ", before)  # "the membership of the ICB (referred to … as 'the board') consists of"
    if not _BOARD_SUBJECT.search(sentence[: m.end()]) or _NOT_BOARD.search(plain) or len(plain.split()) > 24 \
            or _GENERAL_SUBJECT.search(plain + m.group()):
        return None
    rest = sentence[m.end():].strip()
    if re.search(r"\b(?:are|is|will be|shall be)$", m.group().rstrip(" :"), re.I) and not m.group().rstrip().endswith(":") \
            and not (_COUNT_START.match(rest) or re.match(r"(?i)(?:the|as follows)\b", rest)):
        return None  # "Board members are collectively accountable …": a copula, but no list follows
    end = m.end()
    if re.fullmatch(r"[^:;,.]{0,60}:\s*", rest + (":" if m.group().rstrip().endswith(":") else "")) and rest:
        end = len(sentence)  # "… will have the following non-voting participants:": the lead runs to its colon
    attending = bool(re.search(r"\b(?:participants?|observers?|attend(?:ees)?|non-voting)\b",
                               plain + " " + sentence[m.start():end], re.I))
    return _Section("attending" if attending else "members", "participant" if attending else None), end


# ---------------------------------------------------------------- people's names

_HONORIFIC = (r"(?:(?:The\s+)?Rt\.?\s+Hon\.?|Dr|Prof|Professor|Mr|Mrs|Ms|Miss|Mx|Sir|Dame|Cllr|Councillor|Lord|Lady|"
              r"Baroness|Baron|Rev|Reverend|Canon)\.?")
_HONORIFIC_RE = re.compile(_HONORIFIC)
_PARTICLE = {"van", "von", "de", "der", "den", "du", "da", "di", "le", "la", "bin", "al", "ter"}
POSTNOMINAL = re.compile(r"^(?:MBE|OBE|CBE|DBE|KBE|CB|QPM|DL|JP|FRCP|FRCGP|FRCS|FRCPsych|FFPH|FRCN|FRCPCH|RN|RGN|"
                          r"PhD|MBA|MSc|BSc|MA|BA|MBBS|MBChB|MRCGP|MRCP|FCA|ACA|CPFA|FCCA|ACMA|FCMA|CIPFA|DBA|MPH|"
                          r"MD|LLB|FRSA|FHEA|FMedSci|MRCPsych|RMN|FRCA|FRCR)$")
_NAME_TOKEN = re.compile(r"^(?:[A-Z][a-z’'-]+(?:[A-Z][a-z’'-]+)*|(?:Mc|Mac|O’|O'|D’|D')[A-Z][a-z’'-]+|[A-Z]\.?)$")
_INITIALS = re.compile(r"\s*\((?:[A-Z]{2,4}|[A-Z]{1,2}[a-z]?[A-Z]{1,2})\)")


def person_name(text: str) -> tuple[str, int, int] | None:
    """The first person's name in `text`: (name, start, end). A name is an honorific and a capitalised word, or
    two to four capitalised words none of which belongs to a role or organisation ("Dr Jane Smith", "John
    MacDonald", "Sarah van Dijk"); initials in brackets and post-nominals are left out."""
    return next(person_names(text), None)


def person_names(text: str):
    """Every person's name in `text`, in order, as (name, start, end) (see `person_name`)."""
    stop = _vocabulary()[1]
    tokens = []
    for m in re.finditer(r"[^\s,;:|()–—]+", text):
        word, end = m.group(), m.end()
        if word.endswith(".") and not (_INITIAL.match(word) or _HONORIFIC_RE.fullmatch(word)):
            word, end = word.rstrip("."), end - (len(word) - len(word.rstrip(".")))  # "… Okafor." ends a sentence
        gap = text[tokens[-1][2] : m.start()] if tokens else ""
        tokens.append((word, m.start(), end, bool(gap) and not _SPACES.fullmatch(gap)))
    words = [t[0] for t in tokens]
    i = 0
    while i < len(tokens):
        j = _name_at(tokens, words, i, stop) if words[i][:1].isupper() else None
        if j is None:
            i += 1
            continue
        yield text[tokens[i][1] : tokens[j][2]], tokens[i][1], tokens[j][2]
        i = j + 1


# what may stand between a name's words: a space, or two or three on a PDF's justified line, or a line break
_SPACES = re.compile(r"[ \t]{1,3}|[ \t]?\n[ \t]?")
_INITIAL = re.compile(r"^(?:[A-Z]{1,3}\.?|(?:[A-Z]\.){1,3})$")  # "A", "AC", "R.", "J.R." before a surname
# the field's acronyms, never a person's initials ("In Fenn ICS Ann Bray …", "NHS Ann Bray" is no one's name)
_ACRONYMS = {"ICS", "ICB", "ICP", "NHS", "CCG", "PCN", "LMC", "LNC", "GP", "CQC", "STP", "DPH", "CEO", "CFO", "CMO",
             "COO", "MP", "BMA", "HSJ", "LGA", "UK", "RCN", "DHSC", "VCS", "CSU", "PCT", "QC", "KC"}


def _name_at(tokens: list[tuple[str, int, int, bool]], words: list[str], i: int, stop: frozenset[str]) -> int | None:
    """The index of a name's last token if a name starts at token i: an honorific or initials and a surname, or
    two to four capitalised words; a separator ("Jane Smith – Chair") ends it."""
    honorific = bool(_HONORIFIC_RE.fullmatch(words[i]))
    j = i + 1 if honorific else i
    if honorific and j < len(words) and _HONORIFIC_RE.fullmatch(words[j]):  # "Prof Sir …"
        j += 1
    parts: list[int] = []
    initials = 0
    while j < len(words) and len(parts) < 5:
        word = words[j].rstrip(".")
        if parts and tokens[j][3]:
            break  # "Ann Bray – Chair", "Ann Bray\n\nIan Roe": something other than spaces between the words
        if word.lower() in _PARTICLE and parts and j + 1 < len(words):
            j += 1
            continue
        if not parts and _INITIAL.match(words[j]) and j + 1 < len(words) and words[j].rstrip(".") not in _ACRONYMS:
            initials += 1  # "Mr AC Marsh", "R. Steyn": initials only open a name
            parts.append(j)
            j += 1
            continue
        if not _NAME_TOKEN.match(words[j]) or word.lower().strip("’'") in stop or word.isupper() and len(word) > 1:
            break
        parts.append(j)
        j += 1
    full = [p for p in parts if len(words[p].rstrip(".")) > 1 and not (initials and p == parts[0])]
    if not full:
        return None
    if not honorific and not initials and len(full) < 2:
        return None
    return parts[-1]


# ---------------------------------------------------------------- counts and nominations

_NUMBERS = {"a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
            "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20}
_NUM = r"(?:\d{1,2}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + r")"
_AT_LEAST = r"at least|a minimum of|minimum of|no fewer than|not fewer than|no less than|not less than|min(?:imum)?\.?"
_AT_MOST = r"up to|a maximum of|maximum of|no more than|not more than|max(?:imum)?\.?"
_COUNT = re.compile(rf"^(?:the\s+)?(?:(?P<least>{_AT_LEAST})\s+|(?P<most>{_AT_MOST})\s+)?(?P<n>{_NUM})\b"
                    rf"(?:\s*\((?P<paren>\d{{1,2}})\))?(?P<more>\s+or more)?\s*(?:x\s+|×\s*)?", re.I)
_TRAILING_COUNT = re.compile(r"(?:\s*\((?:x\s*)?(?P<a>\d{1,2})\)|\s+[x×]\s*(?P<b>\d{1,2})|\s*[:–-]\s*(?P<c>\d{1,2}))\s*$",
                             re.I)
_NOMINATED = re.compile(r"\b(?:(?:jointly|to be|who (?:will be|are|is)|will be|are|is)\s+)*nominated\s+(?:jointly\s+)?"
                        r"by\s+(?P<who>.+?)(?=\s*(?:[;.]|,\s*(?:and\s+)?(?:who|appointed|and approved)|\s+and\s+"
                        r"(?:appointed|approved)|$))", re.I | re.S)
_ROLE_CUT = re.compile(r"\s*(?:[,;]\s*(?:who|which|being|one of whom|of whom)\b|\s+(?:who|which|whose|that|within)\s+|"
                       r"\s+(?:on|in) (?:the|our|its) (?:icb |nhs [\w ]+ )?board\b|\s+as well as\b|"
                       r"[,\s]+(?:(?:jointly|to be|who will be|will be|are|is)\s+)*nominated\b|\s+appointed by\b|;)",
                       re.I)


def _count(role: str) -> tuple[int, bool, str]:
    """(count, at_least, the role without its count): "at least three Partner Members" → (3, True, "Partner
    Members"); a role without a number counts 1, "at least" when it is plural."""
    m = _COUNT.match(role)
    if m and (m.group("n").isdigit() or m.group("n").lower() in _NUMBERS):
        n = int(m.group("paren") or (m.group("n") if m.group("n").isdigit() else _NUMBERS[m.group("n").lower()]))
        rest = role[m.end():].strip()
        article = m.group("n").lower() in ("a", "an") and not (m.group("least") or m.group("most"))
        if rest and not (article and not rest[:1].isalpha()):
            return n, bool(m.group("least") or m.group("more")), rest
    t = _TRAILING_COUNT.search(role)
    if t:
        return int(t.group("a") or t.group("b") or t.group("c")), False, role[: t.start()].strip()
    return 1, _plural(role), role


def _plural(role: str) -> bool:
    head = re.split(r"\s+(?:of|from|for|to|with|nominated|representing|drawn|including|includes)\b|[(,;]", role,
                    maxsplit=1)[0].strip()
    # the seat's own noun decides: "Partner member Local Authorities" is one member, whoever it stands for
    nouns = re.findall(r"\b(?:members?|representatives?|directors?|officers?|partners?)\b", head, re.I)
    last = nouns[-1].lower() if nouns else (head.split()[-1].lower() if head.split() else "")
    return last.endswith("s") and not last.endswith(("ss", "us", "is")) and last not in ("services",) and len(last) > 3


def _nominated_by(text: str) -> str | None:
    m = _NOMINATED.search(text)
    return " ".join(m.group("who").strip(" ,").split()) if m else None


# ---------------------------------------------------------------- one item → one row

@dataclass
class _Row:
    role: str
    category: str
    count: int
    at_least: bool
    name: str | None
    voting: bool | None
    nominated_by: str | None
    start: int
    end: int
    prose: bool = False  # read from a sentence naming someone in a role, not from a list
    icb: str | None = None  # the ICB the sentence names for the role ("chair of NHS X ICB"): else the document's


_HEADER_CELLS = {"member", "members", "name", "names", "role", "roles", "title", "job title", "position",
                 "organisation", "attendee", "attendees", "designation", "number", "no", "no.", "count",
                 "nominated by", "nomination", "voting", "representing", "category", "membership", "post"}
_STATUTORY = {"chair", "chief_executive", "non_executive", "partner_trust", "partner_primary_care",
              "partner_local_authority"}


def _item_row(text: str, start: int, section: _Section) -> _Row | None:
    """A row from one item (a list item, a table row, a line or a part of an inline list), or None."""
    if " | " in text:
        return _table_row(text, start, section)
    core, lo, hi = _trim_item(text)
    if not core:
        return None
    name, role = _split_name(core)
    return _make_row(role, name, start + lo, start + hi, section, core)


def _trim_item(text: str) -> tuple[str, int, int]:
    """The item without a leading "and"/"or" and trailing punctuation or "and"; with its offsets in `text`."""
    m = re.match(r"^\s*(?:(?:and|or|plus)\b)?\s*", text)
    lo = m.end() if m else 0
    hi = len(text)
    while True:
        tail = re.search(r"(?:[\s;,.:]+|\s+(?:and|or))$", text[lo:hi])
        if not tail or tail.start() == 0:
            break
        hi = lo + tail.start()
    return text[lo:hi], lo, hi


def _split_name(core: str) -> tuple[str | None, str]:
    """(name, role) of an item: "Jane Smith – Chair", "Chair: Dr Jane Smith", "Jane Smith (JS), Chair",
    "Chair (Jane Smith)", "Jane Smith ICB Chair"; (None, item) when it names nobody."""
    found = person_name(core)
    if found is None:
        return None, core
    name, s, e = found
    before, after = core[:s], core[e:]
    after = _INITIALS.sub("", after, count=1) if _INITIALS.match(after) else after
    while (post := re.match(r"^,?\s*([A-Za-z]+)\b", after)) and POSTNOMINAL.match(post.group(1)):
        after = after[post.end():]  # "Jane Smith MBE, Chair"
    if not before.strip(" -–—:,(|"):
        role = after.strip(" -–—:,|")
        role = role[1:-1] if role.startswith("(") and role.endswith(")") and role.count("(") == 1 else role
        return name, role.strip()
    if not after.strip(" )-–—:,.|") and re.search(r"[-–—:,(|]\s*$", before):  # "Chair: Jane Smith", "Chair (Jane Smith)"
        return name, before.strip(" -–—:,(|")
    return None, core  # a name inside a role ("Chief Executive, Jane Smith's trust"): not a person row


_NOT_A_ROLE = re.compile(r"^(?:for|of|from|in|with|to|by|at|on|each|every|whom|which|types?|kinds?|categories|"
                         r"classes)\b", re.I)
_FINITE = re.compile(r"\b(?:is|are|has|have|had|will|shall|must|may|can|was|were|should|would|meets?|held|"
                     r"sets? out|describes?|says?)\b", re.I)


def _make_row(role: str, name: str | None, start: int, end: int, section: _Section, whole: str) -> _Row | None:
    role = role.strip()
    count, at_least, bare = _count(role)
    nominated = _nominated_by(whole)
    cut = _ROLE_CUT.search(bare)
    shown = bare[: cut.start()].strip(" ,;:") if cut and cut.start() > 0 else bare
    if re.search(r"\b(?:from|of|in|for|to|by|with|at)$", shown, re.I):
        shown = bare  # the cut would leave "those from": keep the whole phrase
    if shown.count("(") > shown.count(")"):  # cut inside brackets: "Directors (members who …)" → "Directors"
        shown = shown[: shown.rfind("(")].strip(" ,;:")
    if _FINITE.search(shown) or shown.endswith(".") and len(shown.split()) > 6:
        return None  # a sentence about the board, not a role on it
    if _NOT_A_ROLE.match(shown):
        return None  # "one for each place", "types of member": an aside, not a seat
    category = categorise(shown) or categorise(bare)
    if category is None and nominated:
        category = categorise(nominated) if section.hint == "partner" or "partner" in bare.lower() else None
    if category == "other_member" and nominated and re.search(r"\bpartner", shown, re.I):
        kinds = _kinds_named(nominated)
        category = kinds[0] if len(kinds) == 1 else category  # several kinds: one row each, in _partner_rows
    if section.hint == "participant" or (category == "participant"):
        category = "participant"
    elif section.hint == "partner" and category in (None, "other_member"):
        category = categorise(f"{shown} {nominated or ''} partner member") or "other_member"
    elif section.hint and section.hint != "partner" and category in (None, "other_member"):
        category = section.hint
    if category is None and section.hint and name is None:
        return None  # under a heading, a line that names neither a role nor a person is not a member
    if category is None or section.hint and categorise(shown) is None and categorise(bare) is None:
        if name is None or not _title_like(shown):
            return None
        category = category or "other_member"
    if not shown:
        shown = {"non_executive": "Non-executive member", "executive": "Executive member", "chair": "Chair",
                 "chief_executive": "Chief Executive", "place": "Place member",
                 "participant": "Participant"}.get(section.hint or "", "Member")
        if name is None:
            return None
    if name is not None:
        count, at_least = 1, False
    elif section.hint == "partner" and not _COUNT.match(role) and not _TRAILING_COUNT.search(role):
        at_least = True  # "nominated by the following: NHS trusts …": a body that nominates, one seat or more
    voting = _voting(category, role + " " + whole, section)
    return _Row(shown, category, count, at_least, name, voting, nominated, start, end)


def _title_like(role: str) -> bool:
    """A job title we have no category for ("Interpreter", "Head of Estates"): short, and not a verb phrase."""
    return not role or (role[:1].isupper() and len(role.split()) <= 10)


def _voting(category: str, text: str, section: _Section) -> bool | None:
    if category == "participant" or section.kind == "attending" or re.search(r"non[- ]voting|not .{0,20}vote", text, re.I):
        return False
    if section.kind == "members":
        return True
    return True if category in _STATUTORY else None


def _table_row(text: str, start: int, section: _Section) -> _Row | None:
    """A row of a table: a name cell, a role cell and optionally a count or nomination cell."""
    cells, pos = [], 0
    for cell in text.split(" | "):
        lo = text.index(cell, pos) if cell else pos
        cells.append((cell.strip(), lo))
        pos = lo + len(cell)
    if all(c.lower().strip(" :") in _HEADER_CELLS or not c for c, _ in cells):
        return None
    name, role, count, nominated, vote = None, None, None, None, None
    for cell, _ in cells:
        if not cell:
            continue
        if _VOTE_CELL.fullmatch(cell):
            vote = cell.lower().startswith(("yes", "voting", "y"))
        elif re.fullmatch(rf"(?:{_AT_LEAST}\s+)?{_NUM}", cell, re.I) and count is None:
            count = cell
        elif re.search(r"\bnominat", cell, re.I) and nominated is None and role is not None:
            nominated = cell
        elif name is None and (found := person_name(cell)) and found[1] == 0 or (
                name is None and (found := person_name(cell)) and categorise(cell[: found[1]]) is None):
            name = found[0]
        elif role is None:
            role = cell
    if role is None and name is None:
        return None
    first, last = cells[0][1], cells[-1][1] + len(cells[-1][0])
    role_text = f"{count} {role}" if count and role else (role or "")
    row = _make_row(role_text, name, start + first, start + last, section, text)
    if row is not None and nominated and not row.nominated_by:
        row.nominated_by = _nominated_by(nominated) or nominated
    if row is not None and vote is not None:  # a "Voting: yes/no" column says it outright
        row.voting = vote
        row.category = "participant" if vote is False and row.category in ("other_member", "executive") else row.category
    return row


_VOTE_CELL = re.compile(r"(?:yes|no|y|n|voting(?: member)?|non[- ]voting(?: member| participant)?)\.?", re.I)


# ---------------------------------------------------------------- inline lists

def _split_inline(text: str) -> list[tuple[int, int]]:
    """Parts of an inline list: at enumerators ("a) … b) …"), else at semicolons, else at commas and a last
    "and" that joins two roles. Offsets are within `text`."""
    marks = [m for m in _INLINE_ENUM.finditer(text)]
    if len(marks) >= 2:
        bounds = [m.end() for m in marks]
        ends = [m.start() for m in marks[1:]] + [len(text)]
        return [(b, e) for b, e in zip(bounds, ends)]
    separators = [m for m in re.finditer(r";", text)] if ";" in text else _top_level_commas(text)
    parts, lo = [], 0
    for sep in separators:
        parts.append((lo, sep.start()))
        lo = sep.end()
    parts.append((lo, len(text)))
    out = []
    for a, b in parts:  # "a chair and a chief executive, …": an "and" between two roles splits a part too
        split = _final_and(text[a:b])
        out += [(a, a + split[0]), (a + split[1], b)] if split is not None else [(a, b)]
    return [(a, b) for a, b in out if text[a:b].strip()]


def _top_level_commas(text: str) -> list[re.Match]:
    depth, out = 0, []
    for m in re.finditer(r"[(),]|\s+as well as\s+", text):
        if m.group() == "(":
            depth += 1
        elif m.group() == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(m)  # a comma, or "as well as"
    return out


_ROLE_NOUN = re.compile(r"\b(?:members?|ceo|cfo|cmo|chair(?:man|woman|person)?|executives?|directors?|officers?|representatives?|"
                        r"partners?|leads?|trusts|authorities|services|councils?|practitioners|gps|nurses?|doctors?|"
                        r"participants?|observers?|team)\s*$", re.I)


def _final_and(text: str) -> tuple[int, int] | None:
    """Where to split "A and B" when both are roles: B opens with a count or article, or A ends on a role noun."""
    for m in re.finditer(r"\s+and\s+", text):
        left, right = text[: m.start()], text[m.end():]
        if not left.strip() or not right.strip():
            continue
        if _COUNT.match(right) or _ROLE_NOUN.search(left):
            if categorise(left) is not None and categorise(right) is not None:
                return m.start(), m.end()
        kinds = categorise(left), categorise(right)
        if kinds[0] in _PARTNER_KINDS and kinds[1] in _PARTNER_KINDS and kinds[0] != kinds[1]:
            return m.start(), m.end()  # "… trusts, primary care and local authorities": two kinds of partner
    return None


# ---------------------------------------------------------------- reading a document

@dataclass
class BoardExtract:
    """What one document says about its ICB's board."""

    icb: str | None
    members: list[BoardMember]
    quorums: list[BoardQuorum]


def extract_boards(doc: Document, chunks: list[Chunk], settings: Settings | None = None) -> BoardExtract:
    """Read the board composition a document states: one row per role, each citing its verbatim span.

    Args:
        doc: the loaded document.
        chunks: its chunks (for each row's page and section).
        settings: the `board_*` tunables (defaults when None).

    Returns:
        The document's ICB (None if it names none clearly) with its rows and quorum statements.
    """
    settings = settings or Settings()
    icb = document_icb(doc, settings)
    sentences = sentence_spans(doc.text)
    if icb is None:  # not one ICB's document: only people it names in a role of a named ICB
        rows = _first_mentions(_expand_acronyms(sorted((r for r in _prose_rows(doc.text, [], sentences) if r.icb),
                                                       key=lambda r: r.start), doc.text))
        members = [m for r in rows if (m := _member(r.icb, doc, chunks, r)) is not None]
        return BoardExtract(None, members, [])
    rows, used = _rows(doc.text, settings)
    rows += _prose_rows(doc.text, used, sentences)
    rows = _partner_rows(rows)
    listed = {(r.category, r.name) for r in rows if r.name and not r.prose}
    rows = [r for r in rows if not (r.prose and (r.category, r.name) in listed)]  # a listed person named again
    rows.sort(key=lambda r: r.start)
    rows = _first_mentions(_expand_acronyms(rows, doc.text))
    members = [m for r in rows if (m := _member(r.icb or icb, doc, chunks, r)) is not None]
    quorums = [BoardQuorum(icb, q.quote, q) for q in _quorums(doc, chunks, sentences)]
    return BoardExtract(icb, members, quorums)


def _initials(core: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w’'-]*", core) if w[0].isupper())


def _expand_acronyms(rows: list[_Row], text: str) -> list[_Row]:
    """Rows of an ICB written as its initials ("LLR ICB chair Ann Bray") given to the ICB the page names in full
    with those initials ("Leicester, Leicestershire and Rutland Integrated Care Board")."""
    full = {}
    for m in find_icbs(text):
        if not m.system and not m.core.isupper():
            full.setdefault(_initials(m.core), display_name(m.core))
    names = [display_name(m.core) for m in find_icbs(text) if not m.system and " " in m.core]
    for r in rows:
        core = re.sub(r"^NHS |\s+Integrated Care Board$", "", r.icb or "")
        if core.isupper() and 2 <= len(core) <= 6 and core in full:
            r.icb = full[core]
        elif r.icb and " " not in core and len(alike := {n for n in names if same_icb(core, n)}) == 1:
            r.icb = alike.pop()  # "BOB ICB" on a page that names "Buckinghamshire, Oxfordshire and Berkshire West"
    return rows


def _first_mentions(rows: list[_Row]) -> list[_Row]:
    """Rows in document order, a person prose names in the same seat again (a title, then its first line) once."""
    seen: set[tuple] = set()
    out = []
    for r in rows:
        key = (r.category, " ".join(r.name.split()), " ".join((r.icb or "").split())) if r.prose and r.name else None
        if key is not None and key in seen:
            continue
        if key is not None:
            seen.add(key)
        out.append(r)
    return out


def _rows(text: str, settings: Settings) -> tuple[list[_Row], list[tuple[int, int]]]:
    """Rows from every membership section (a lead-in and the items under it), and the spans they used."""
    lines = _lines(text)
    rows: list[_Row] = []
    used: list[tuple[int, int]] = []
    i, under = 0, ""
    while i < len(lines):
        opened = _open_section(lines[i], text, under)
        if opened is None:
            under = lines[i].text.strip() if _heading_like(lines[i]) else under
            i += 1
            continue
        section, inline = opened
        got = [r for lo, hi in inline for r in _inline_rows(text, lo, hi, section)]
        more, j = _section_items(lines, i + 1, section, text, settings)
        if section.kind != "visiting":  # a meeting's attendance list is read past, never kept
            rows += got + more
        # an inline "… includes updates on …" that gave no row leaves its sentence to be read as prose
        used += [(lo, hi) for lo, hi in inline if got] + ([(lines[i + 1].start, lines[j - 1].end)] if more else [])
        i = max(j, i + 1)
    return rows, used


def _heading_like(line: _Line) -> bool:
    """A short line without a sentence's end: a heading (or a Markdown one)."""
    text = line.text.strip()
    return line.heading or (bool(text) and not line.item and not line.row and len(text.split()) <= 12
                            and not re.search(r"[.;,]$", text))


def _open_section(line: _Line, text: str, under: str = "") -> tuple[_Section, list[tuple[int, int]]] | None:
    """If a line opens a membership list: its section and the spans of any list on the line itself."""
    found = _lead_in(line, under)
    if found is not None:
        section, rest = found
        inline = [(line.body + rest + _lstrip_len(line.text[rest:]), line.end)] if rest >= 0 else []
        return section, inline
    if line.row:
        return None
    opened, spans = None, []
    if not (_LEAD_VERB.search(line.text) or _PARTNER_LEAD.search(line.text)):
        return None
    sentences = sentence_spans(line.text, line.body)
    for k, (s, e) in enumerate(sentences):
        lead = _sentence_lead(text[s:e])
        if lead is None:
            continue
        section, at = lead
        opened = opened or section
        if text[s:e].rstrip().endswith(":") and k + 1 < len(sentences):
            e = line.end  # "… consists of: a) the Chair. b) …": the list runs on to the line's end
        if text[s + at : e].strip():
            spans.append((s + at + _lstrip_len(text[s + at : e]), e))
        if e == line.end:
            break
    return (opened, spans) if opened else None


def _lstrip_len(s: str) -> int:
    return len(s) - len(s.lstrip(" :–-"))


def _inline_rows(text: str, lo: int, hi: int, section: _Section) -> list[_Row]:
    """Rows of an inline list (the text after a lead-in on the same line)."""
    span = text[lo:hi]
    end_sentence = next((m for m in re.finditer(r"\.(?:\s+[A-Z]|\s*$)", span)
                         if not re.search(rf"(?:\b[A-Z]|\b{_HONORIFIC})$", span[: m.start()])), None)
    if end_sentence and not _INLINE_ENUM.search(span[end_sentence.end():]):
        span = span[: end_sentence.start()]
    rows = []
    for a, b in _split_inline(span):
        row = _item_row(span[a:b], lo + a, section)
        if row is not None:
            rows.append(row)
    return _shared_plural(rows)


def _shared_plural(rows: list[_Row]) -> list[_Row]:
    """Items of one inline list that borrow their noun from another item borrow its number too: in "executive,
    non-executive and partner members" or "representatives from trusts, primary care and councils" each item is
    one or more seats, not exactly one."""
    plural = any(r.at_least and r.count == 1 and _ROLE_NOUN.search(r.role) for r in rows)
    for r in rows if plural else []:
        if r.name is None and r.count == 1 and not r.at_least and (not _ROLE_NOUN.search(r.role)
                                                                    or len(r.role.split()) == 1):
            r.at_least = True
    return rows


def _section_items(lines: list[_Line], i: int, section: _Section, text: str,
                   settings: Settings) -> tuple[list[_Row], int]:
    """Rows from the lines under a lead-in, and the index of the first line after the section. A page of people
    may pair a name line with a role line and run past short biographies; a constitution's list ends at the
    first line that is not an item."""
    pairs = _Pairs(section)
    strikes, limit = 0, (settings.board_listing_gap if section.listing else 1)
    while i < len(lines):
        line = lines[i]
        i += 1
        if line.blank:
            continue
        opened = _open_section(line, text)
        if opened is not None and not (pairs.name_waiting() and opened[0].hint and not opened[1]
                                       and not _plural(line.text.strip(" :"))):
            i -= 1
            break  # a new list — unless a name waits for its role ("Anne Hartley" / "Chair")
        if line.item and line.text.rstrip().endswith(":") and not _FINITE.search(line.text) \
                and _next_is_item(lines, i):
            continue  # "three Executive Members, namely:" — the items under it are the rows
        row, kind = _line_row(line, section, settings.board_max_item_words)
        if row is None and not kind and _ends_section(line):
            i -= 1
            break
        if kind in ("name", "role"):
            pairs.take(kind, line)
        elif row is not None:
            pairs.add(row)
            if (inner := _included(line, section, row)) is not None:
                pairs.add(inner)  # "Non-executive members including a non-executive chair": the chair's seat too
        else:
            strikes += 1
            if strikes >= limit:
                i -= 1
                break
            continue
        strikes = 0
    return pairs.finish(), i


_INCLUDING = re.compile(r"\s+(?:including|of whom one is|one of whom is)\s+(?P<inner>(?:a|an|the|one)\s+[^,;()]{3,60}?)"
                        r"\s*[.;,]?\s*$", re.I)


def _included(line: _Line, section: _Section, row: _Row) -> _Row | None:
    """The seat an item names inside its own ("… members including a non-executive chair"), when that is a seat
    of another kind."""
    m = _INCLUDING.search(line.text)
    if m is None:
        return None
    inner = _item_row(m.group("inner"), line.body + m.start("inner"), section)
    return inner if inner is not None and inner.category not in (row.category, "other_member") else None


class _Pairs:
    """The rows of a list of people: a name line and the role line beside it (either order) make one row; a role
    line alone, or an organisation with a status line under it ("Healthwatch X" / "Participant"), is a row."""

    def __init__(self, section: _Section) -> None:
        self.section = section
        self.rows: list[_Row] = []
        self.pending: tuple[str, _Line] | None = None  # ("name" | "role", line) waiting for its other half

    def name_waiting(self) -> bool:
        return bool(self.pending and self.pending[0] == "name")

    def take(self, kind: str, line: _Line) -> None:
        pending, section = self.pending, self.section
        if kind == "role" and pending and pending[0] == "role" and _status_line(line.text):
            merged = _make_row(pending[1].text.strip(), None, pending[1].body, line.end, section,
                               f"{pending[1].text} {line.text}")
            if merged is not None:
                merged.category = categorise(line.text) or merged.category
                merged.voting = _voting(merged.category, line.text, section)
                self.rows.append(merged)
            self.pending = None
        elif pending and pending[0] != kind:
            name_line, role_line = (pending[1], line) if kind == "role" else (line, pending[1])
            paired = _make_row(role_line.text.strip(), _name_only(name_line.text), pending[1].body, line.end,
                               section, role_line.text)
            self._append(paired)
            self.pending = None
        else:
            self._flush_role()
            self.pending = (kind, line)

    def add(self, row: _Row) -> None:
        self._flush_role()
        self.pending = None
        self.rows.append(row)

    def finish(self) -> list[_Row]:
        if self.name_waiting() and self.section.hint and self.section.hint != "partner":
            line = self.pending[1]  # "Non-executive members" / "Anna Lee": the heading says the role
            self._append(_make_row("", _name_only(line.text), line.body, line.end, self.section, ""))
        self._flush_role()
        return self.rows

    def _flush_role(self) -> None:
        if self.pending and self.pending[0] == "role":
            self._append(_item_row(self.pending[1].text, self.pending[1].body, self.section))
            self.pending = None

    def _append(self, row: _Row | None) -> None:
        if row is not None:
            self.rows.append(row)


def _status_line(text: str) -> bool:
    """A line that only says how the entry above takes part: "Participant (non-voting)", "Observer"."""
    return len(text.split()) <= 4 and categorise(text) == "participant"


def _next_is_item(lines: list[_Line], i: int) -> bool:
    while i < len(lines) and lines[i].blank:
        i += 1
    return i < len(lines) and lines[i].item


def _ends_section(line: _Line) -> bool:
    """A heading about something else (committees, meetings, papers) closes a membership list."""
    text = line.text.strip()
    return bool(_NOT_BOARD.search(text)) and len(text.split()) <= 8 and not line.row


def _line_row(line: _Line, section: _Section, max_words: int) -> tuple[_Row | None, str]:
    """A line under a lead-in read as: a whole row ("row"), a name alone or a role alone (to pair), or nothing."""
    text = line.text.strip()
    words = len(text.split())
    if line.row:
        return _table_row(line.text, line.body, section), "row"
    if words > max_words and not line.item:
        return None, ""
    if re.search(r"[.!?]$", text) and words > 12 and not line.item:
        return None, ""  # a sentence of prose (a biography, a note)
    if _name_only(text) is not None and not line.item:
        return None, "name"
    row = _item_row(line.text, line.body, section)
    if row is None:
        return None, ""
    if row.name is None and not line.item and section.listing and words <= 12:
        return (row, "role") if text[:1].isupper() and not text.endswith(".") else (None, "")
    return row, "row"


def _name_only(text: str) -> str | None:
    """The name when a line is nothing but a person's name (with initials or post-nominals)."""
    stripped = _INITIALS.sub("", text.strip()).strip(" ,:")
    found = person_name(stripped)
    if found is None:
        return None
    rest = (stripped[: found[1]] + stripped[found[2]:]).strip(" ,")
    rest = re.sub(r"\b(?:[A-Z]{2,6}|PhD|MBChB|MBBS)\b", "", rest).strip(" ,")
    return found[0] if not rest else None


# ---------------------------------------------------------------- prose

_PROSE_SUBJECT = re.compile(
    rf"\b(?:{_BOARDISH}|the icb|nhs [A-Z][\w ]+? (?:icb|board)|there)\s+(?:(?:will|shall|must|also|currently|now|"
    r"would|should)\s+)*(?:have|has|had|includes?|included|include|contains?|comprises?|comprised|comprise|consists? of|"
    r"consisted of|consist of|(?:is|are|was|were|be) made up of|are|is|was|were|be)\s+(?:also\s+)?", re.I)
_COUNT_START = re.compile(rf"^(?:(?:{_AT_LEAST}|{_AT_MOST})\s+)?(?:{_NUM})\b", re.I)
_PARTICIPANT_PROSE = re.compile(
    r"\b(?:participants?|observers?)\b.{0,160}\b(?:not (?:be able to |have a )?vote|non-voting|no vote|"
    r"without (?:a )?vote)|\b(?:invite|invited)\b.{0,80}\b(?:participants?|observers?|attend)\b|"
    r"\bnon-voting\s+(?:participant|observer|member|attendee)s?\b|"
    r"\b(?:will|may|shall|can)\s+(?:also\s+)?attend\b.{0,100}\b(?:participants?|observers?|non-voting|not vote)\b",
    re.I)


def _prose_rows(text: str, used: list[tuple[int, int]], sentences: list[tuple[int, int]]) -> list[_Row]:
    """Rows from sentences outside the lists: "The ICB will also have two Non-Executive Members", "There will be
    three partner members", and participants who may attend without a vote."""
    rows: list[_Row] = []
    lines = text
    text = text.replace("\n", " ")  # a sentence wrapped on a PDF's lines ("… Integrated Care\nBoard for …"); same offsets
    for k, (s, e) in enumerate(sentences):
        if any(s < b and e > a for a, b in used) or e - s > 600:
            continue
        sentence = text[s:e]
        if k and (row := _name_over_own_role(lines, sentences[k - 1], (s, e))) is not None:
            rows.append(row)
            continue
        head = lines.rfind("\n", s, e) + 1  # a heading above the sentence is not its start
        if k + 1 < len(sentences) and (row := _announced_then_named(text, (max(s, head), e), sentences[k + 1])):
            rows.append(row)
            continue
        if re.search(r"\bicbs\b|\bboards\b", sentence, re.I):
            # about ICBs in general: only people it names in a seat of an ICB it names ("Fenn ICB CEO Ann Bray's
            # report on guidance issued to all ICBs")
            rows += [r for r in _appointments(text, s, e) if r.icb]
            continue
        got = _count_sentence(sentence, s) or _seats_filled(sentence, s, text[max(0, s - 400): s]) \
            or _appointments(text, s, e)
        if not got:
            got = _participant_sentence(text, s, e)
        rows += got
    return rows


# "Three non-executive directors and a chief finance officer have also been appointed to the ICB": seats counted
# as the subject of their filling
_FILLED = re.compile(r"^(?P<seats>[^.;:“\"]{3,160}?)\s+(?:have|has|were|was)\s+(?:also\s+|now\s+|already\s+)?been\s+"
                     r"(?:appointed|recruited|confirmed|named)\s+(?:to|on|onto)\s+(?:the\s+)?(?:new\s+|shadow\s+)?"
                     r"(?:ICB|integrated care board|board)\b(?!['’]s\b|\s+(?:of|committee|sub-?committee)\b)", re.I)


def _seats_filled(sentence: str, offset: int, before: str) -> list[_Row]:
    """Rows of a sentence that counts seats filled on the board, none of them named; "the ICB" is the one ICB the
    text just before names, if it names one."""
    m = _FILLED.match(sentence)
    if not m or not _COUNT_START.match(m.group("seats")) or person_name(m.group("seats")):
        return []
    icb = (_one_icb(before) or [None])[0]
    rows = []
    for a, b in _split_inline(m.group("seats")):
        row = _item_row(m.group("seats")[a:b], offset + a, _Section("members"))
        if row is not None and row.category != "other_member":
            row.icb = icb
            rows.append(row)
    return rows


def _count_sentence(sentence: str, offset: int) -> list[_Row]:
    """Rows of a sentence that states how many sit on the board: at least one of its parts opens with a number
    ("two Non-Executive Members"); its other parts ("a chair") count too."""
    m = _PROSE_SUBJECT.search(sentence)
    if not m:
        return []
    if re.search(r"\bcommittee", sentence[: m.end()], re.I):
        return []  # a committee's membership, not the board's
    rest = sentence[m.end():].rstrip(" .")
    parts = _split_inline(rest)
    if not any(_COUNT_START.match(rest[a:b].strip(" ,;:")) and not re.match(r"(?i)an?\b", rest[a:b].strip())
               for a, b in parts):
        return []
    if any(_NOT_A_ROLE.match(_count(rest[a:b].strip())[2]) for a, b in parts[:1]):
        return []  # "three types of member: …" classifies members, it does not count seats
    rows = []
    for a, b in parts:
        row = _item_row(rest[a:b], offset + m.end() + a, _Section("members"))
        if row is None or re.search(r"\bcommittee", row.role, re.I):
            continue  # "two members of the audit committee" is not a seat on the board
        if row.category != "other_member" or "member" in row.role.lower():
            rows.append(row)
    return rows


# After a name: how prose says someone holds a role ("… as Chair", "… has been appointed as the chief executive",
# "…, our Chair,"); the role follows.
_HOLDS = re.compile(r"^(?:\s*\([^)]{1,40}\))?(?:,?\s+(?:has been|have been|was|were|is|will be|had been|has|was)\s+"
                    r"(?:formally\s+|recently\s+|now\s+)?(?:appointed|confirmed|named|announced|elected|made|installed|chosen|"
                    r"selected)(?:\s+as)?|\s+(?:appointed|confirmed|named|installed|chosen|selected|elected)\s+as(?=\s)|"
                    r",?\s+(?:is|was|will be|becomes|became|joins|joined|remains|remained|serves|served|acts|acted)"
                    r"\s+as|,?\s+(?:is\s+|will\s+)?(?:taking|takes|took|take|stepping|steps|stepped|step)\s+(?:over|in|up)"
                    r"\s+as|,?\s+as|,(?=\s+(?:the|our|its)\b)|,\s+(?:currently|now|presently)(?=\s)|\s+is|\s+was|"
                    r",?\s+will\s+(?:be|become)|\s+to\s+be|"
                    r",\s+who\s+(?:is|was|will be|has been)(?:\s+appointed)?(?:\s+as)?|"
                    r",?\s+(?:will\s+|is\s+to\s+|has\s+)?(?:take|takes|took|taken|taking)\s+(?:on|up)(?=\s+the\s))\s+"
                    r"(?:the\s+ICB[’']s\s+|the\s+|our\s+|its\s+|it[’']s\s+|their\s+|an?\s+)?(?:\w+ly\s+)?(?:new\s+)?",
                    re.I)
# what may stand between a name and the verb that gives the role: an aside ("Ann Bray, who led the merger, will
# be …", "Ian Roe, the current lead for Fenn ICS, has been appointed …")
_ASIDE = re.compile(r",\s+(?!(?:said|says|added|told)\b)[^,;:.“\"()]{3,100}?,(?=\s+(?:has been|have been|had been|was|"
                    r"is|will be|will become)\s)", re.I)
_ROLE_END = re.compile(r"\s*(?:[,.;:(]|\s(?:and|who|which|from|with effect|since|until|in|on|after|before|for|of|at|"
                       r"following|to|said|says|will|has|had|was|is)\b|$)", re.I)
# the organisation a role is "of": only the board's own ICB makes the role a seat on its board
_OWN_ORG = re.compile(r"^\s*(?:of|for|at|on)\s+(?:the\s+)?(?:(?:nhs\s+)?[\w ,&'’()-]{0,60}?(?:integrated care "
                      r"(?:boards?|systems?)|ic[bs]s?)|board|system|nhs [A-Z][\w&’'-]*(?: (?:and|of|the) [\w’'-]+| [A-Z][\w’'-]*){0,5})\b", re.I)
_OTHER_ORG = re.compile(r"\b(?:ccgs?|clinical commissioning groups?|trusts?|councils?|nhs england|universit(?:y|ies)|"
                        r"practices?|federations?|healthwatch|hospitals?|partnership|committee|government)\b", re.I)
_SEATS = {"chair", "chief_executive", "executive", "non_executive", "place"}


_ROLE_HINT = re.compile(r"chair|chief|executive|director|officer|member|\bceo\b|\bcfo\b|partner|\breps?\b|representative|"
                        r"\blead\b|\bseats?\b|\bspots?\b",
                        re.I)


def _appointments(text: str, s: int, e: int) -> list[_Row]:
    """People prose names in a board role: "… to support Dame Ann Bray as Chair", "Ian Roe has been appointed
    as the chief executive", "Our Chair, Ann Bray, …", "Ian Roe will take on the role of Chief Executive of the
    Integrated Care Board", "Fenn ICS has appointed its current leader, Ian Roe, as chief executive designate".
    A role of another body ("Accountable Officer of the CCG") is not a seat; a role of "the system" or "the ICB" is
    of the one ICB the sentence names before it."""
    sentence = text[s:e]
    rows: list[_Row] = []
    if not _ROLE_HINT.search(sentence):
        return rows
    names = list(person_names(sentence))
    scene = _SCENE_PLACE.match(sentence)
    if scene:  # "In Upper Fenn, Ann Bray has been …": the place is no one's name
        names = [n for n in names if n[1] != scene.start("place")]
    boards = _board_spans(sentence)  # nor a part of an ICB's ("NHS Fenn, Black Marsh and Vale")
    names = [n for n in names if not any(a <= n[1] < b for a, b in boards)]
    held: list[tuple[str | None, list[str]]] = []
    for _name, a, b in names:
        role = (_role_after(sentence[b:]) or _role_before(sentence[:a]) or _role_taken(sentence, a)
                or _led_by(sentence[:a]))
        icbs: list[str] = []
        if role is not None:
            at = sentence.find(role, b)
            at = at if at >= 0 else sentence.rfind(role, 0, a)  # a role after the name, else before it
            rest = re.sub(r"(?i)^\s+(?:role|post|position)\b", "", sentence[at + len(role):]) if at >= 0 else ""
            icbs = _icbs_named(rest) if at >= 0 else []  # "… the chief executive role at NHS Fenn ICB"
            if not icbs and at > b:  # "… for the system": the one ICB the sentence names before the role
                icbs = _one_icb(sentence[:at])
        else:
            role, icbs = (_role_apposed(sentence[b:]) or _role_of_icbs_before(sentence[:a])
                          or _icb_role_before(sentence[:a]) or _role_as_verb(sentence[b:])
                          or _seat_held(sentence[b:]) or _own_board_role(sentence[b:]) or (None, []))
        held.append((role, icbs))
    for i in range(len(names) - 2, -1, -1):  # "Ann Bray (Fenn) and Ian Roe (Marsh) will be the two …": one predicate
        if held[i][0] is None and held[i + 1][0] is not None and _JOINED.match(sentence[names[i][2]:names[i + 1][1]]):
            held[i] = held[i + 1]
    for (name, a, b), (role, icbs) in zip(names, held):
        if role is None or _GONE_AFTER.match(sentence[b:]) or _GONE_BEFORE.search(sentence[:a]):
            continue  # "Ann Bray, chair of Fenn ICB, has stepped down": no longer on the board
        category = categorise(role) or categorise(_bare_role(role))
        for icb in icbs or [None]:
            rows.append(_Row(role, category, 1, False, name, None, None, s, e, prose=True, icb=icb))
    return rows


# someone who has left: "…, chair of Fenn ICB, has stepped down", "the departure of the ICB's chair, Ann Bray"
# ("… will step down next year" still holds the seat)
_GONE_AFTER = re.compile(r"^[^.;]{0,100}?\b(?:has|have|had)\s+(?:now\s+|just\s+)?(?:stepped down|left|resigned|retired|"
                         r"departed)\b", re.I)
_GONE_BEFORE = re.compile(r"\b(?:departure|exit|resignation|retirement)\s+of\b[^.;]{0,50}$", re.I)
# between two names that share what follows: "Ann Bray (Fenn) and Ian Roe", "Ann Bray, Ian Roe"
_JOINED = re.compile(r"^\s*(?:\([^()]{1,40}\))?\s*(?:,|,?\s+and)\s*$")


_ACRONYM_AFTER = re.compile(r"\s*\((?:[A-Z]{2,6}|[A-Z][a-z]?[A-Z]{1,5})\)")


_PLACE_WORDS = r"[A-Z][\w’'-]*(?:\s+(?:of\s+|the\s+|upon\s+)?[A-Z][\w’'-]*)*"
# an NHS body named by a list of places without "ICB" after it: "NHS Fenn, Black Marsh and Vale"
_NHS_PLACES = re.compile(rf"(?:(?<=\bof )|(?<=\bfor ))NHS\s+{_PLACE_WORDS}(?:,\s+{_PLACE_WORDS})+,?\s+and\s+"
                         rf"{_PLACE_WORDS}")


def _board_spans(text: str) -> list[tuple[int, int]]:
    """Where a text names an ICB (or an NHS body by a list of places), commas and all."""
    return [(m.start, m.end) for m in find_icbs(text)] + [m.span() for m in _NHS_PLACES.finditer(text)]


def _icbs_named(after: str) -> list[str]:
    """The ICBs a role is "of" ("… of North Central London (NCL) ICB and for North West London ICB", "… at NHS
    Sussex"), as display names; none when the role is not of a named ICB."""
    clause = re.split(r"[.;:“\"]", after, maxsplit=1)[0]
    inside = _board_spans(clause)  # "of Shropshire, Telford and Wrekin ICB": one name
    cut = next((m.start() for m in re.finditer(r",\s+(?!and\b)", clause)
                if not any(a <= m.start() < b for a, b in inside)), len(clause))
    clause = clause[:cut]
    if not re.match(r"^\s*(?:of|for|at|on)\s", clause, re.I):
        return []
    clause = _FINITE.split(clause, maxsplit=1)[0]  # "chair of a GP body has a seat on Fenn ICB": not Fenn's chair
    clause = _ACRONYM_AFTER.sub("", clause)
    mentions = [m for m in find_icbs(clause) if not m.system]
    head = re.match(r"^\s*(?:of|for|at|on)\s+(?:both\s+)?(?:the\s+)?(?:(?:new|shadow|future|statutory)\s+)?(?:NHS\s+)?",
                    clause, re.I)
    if mentions and clause[head.end() : mentions[0].start].strip(" ").removeprefix("NHS").strip():
        return []  # "clinical director at Marsh PCN and Fenn ICB partner member": the role is of the PCN
    found = [m.core for m in mentions]
    if not found:
        brand = brand_name(re.sub(r"^\s*(?:of|for|at|on)\s+(?:the\s+)?", "", clause, flags=re.I).strip())
        found = [brand] if brand else []
    return list(dict.fromkeys(display_name(core) for core in found))


def _role_apposed(after: str) -> tuple[str, list[str]] | None:
    """A role set beside a name and of a named ICB: "Ann Bray, chair designate of North Fenn ICB, said",
    "Ian Roe, former minister and chair of NHS Wexmoor ICB". Only an ICB named in the phrase makes it a seat."""
    m = re.match(r",\s+(?P<role>[^,.;:“\"()]{2,80}?)\s+(?=(?:of|for|at)\s)", after)
    seat = _icb_seat_apposed(after) or _role_then_icb(after)
    if seat is not None:
        return seat
    if not m:
        return None
    role = re.split(r"\s+and\s+", m.group("role"))[-1]
    role = re.sub(r"(?i)^(?:(?:currently|now|also|the|our|its)\s+)+", "", role).strip()
    if re.match(r"(?i)(?:former|ex-|previous|then)\b", m.group("role")) and " and " not in m.group("role"):
        return None  # "Ann Bray, former chair of …": no longer a seat
    icbs = _icbs_named(after[m.end():])
    if not icbs and _OF_THIS_BOARD.match(after[m.end():]):
        return (role, []) if _a_seat(_bare_role(role), "") else None  # "…, Chair Designate of the ICB": this board
    return (role, icbs) if icbs and _a_seat(_bare_role(role), "") else None


def _role_then_icb(after: str) -> tuple[str, list[str]] | None:
    """A role and its ICB set beside a name as two items of a signature: "Ann Bray, Chief Executive, NHS Fenn ICB,
    said"; the second item is the ICB's name and nothing else."""
    m = re.match(r",\s+(?P<role>[^,.;:“\"()]{2,60}?),\s+(?P<org>[^,.;:“\"()]{2,80}?)\s*(?:[,.;:(]|$)", after)
    if not m or re.search(r"(?i)\b(?:until|former|formerly|previously|then|ex)\b", m.group("role")):
        return None
    org = m.group("org")
    mentions = [x for x in find_icbs(org) if not x.system]
    if len(mentions) != 1 or org[: mentions[0].start].strip() not in ("", "NHS", "the") or not re.fullmatch(
            r"\s*(?:Integrated Care Board|ICB)?\s*", org[mentions[0].end :]):
        return None
    role = m.group("role").strip()
    return (role, [display_name(mentions[0].core)]) if categorise(role) in _SEATS and not _FINITE.search(role) \
        else None


def _icb_seat_apposed(after: str) -> tuple[str, list[str]] | None:
    """The last of the roles set beside a name when it is a seat written after its ICB's name: "Ian Roe,
    clinical director at Marsh PCN and NHS Fenn ICB GP partner member, said"."""
    m = re.match(r",\s+(?P<app>[^,.;:“\"()]{2,120}?)\s*(?:[,.;:]|$)", after)
    if not m or re.search(r"(?i)\b(?:until|former|formerly|previously|then|ex)\b", m.group("app")):
        return None  # "Ann Bray, Fenn ICB chair until 2023, said": no longer the seat
    last = re.split(r"\s+and\s+", m.group("app"))[-1]
    mentions = [x for x in find_icbs(last) if not x.system]
    if len(mentions) != 1 or last[: mentions[0].start].strip().removeprefix("NHS").strip():
        return None
    role = re.sub(r"^(?:ICB|Integrated Care Board)\b", "", last[mentions[0].end :].strip()).strip()
    category = categorise(role) if role and not _FINITE.search(role) else None
    return (role, [display_name(mentions[0].core)]) if category in (*_SEATS, *_PARTNER_KINDS) else None


# a seat given as one held: "Ann Bray, a GP, has one of two GP seats on the Fenn ICB board", "… holds the local
# authority place on NHS Fenn ICB"
_SEAT_HELD = re.compile(r"^(?:,(?!\s*whose\b)[^.;“\"]{0,120}?)?\s+(?:has|holds|took|takes|will take|is taking|has taken)\s+"
                        rf"(?:one of (?:the\s+)?(?:(?:{_NUM})\s+)?|an?\s+|the\s+)(?P<kind>[\w -]{{1,30}}?)\s+"
                        r"(?:seats?|spots?|places?|positions?)\s+on\s+(?P<org>[^,.;:“\"]{2,80})")


# "Ann Bray, ICB Board Local Authority Partner Member (Fenn Council)": a line that gives a person a seat of the
# page's own board by its name alone
_OWN_BOARD_ROLE = re.compile(r"^,\s+(?:the\s+)?(?:ICB|Integrated Care Board)(?:[’']s)?(?:\s+Board)?\s+"
                             r"(?P<role>[A-Za-z][\w -]{2,60}?)\s*(?:\([^()]{0,60}\))?\s*$")


# "The Chief Executive designate of the new NHS Integrated Care Board for Fenn has been announced …": a seat filled,
# its holder named in the sentence after
_ANNOUNCED = re.compile(r"^\s*(?:The|A|An|Our|Its)\s+(?:new\s+)?(?P<role>[\w -]{2,60}?)\s+(?:(?:of|for|at|to)\s+"
                        r"(?P<org>[^,.;:“\"]{2,90}?)\s+)?(?:has|have)\s+(?:now\s+|just\s+)?been\s+(?:announced|"
                        r"appointed|confirmed|named|chosen|selected)\b", re.I)


_TAKES_UP = re.compile(r"(?i)\b(?:takes?|taking|took|will take)\s+(?:up|on|over)\b|\bwill (?:join|start|begin|lead)\b|"
                       r"\b(?:joins|starts|begins)\b|\btake up the (?:post|role)|\btaking up the reins\b")


def _announced_then_named(text: str, sentence: tuple[int, int], after: tuple[int, int]) -> _Row | None:
    """A seat a sentence says has been filled without naming anyone, and the person the next sentence opens
    with: "A new chair has been appointed to NHS Fenn ICB. Dr Ann Bray, a local GP, takes up the post in May."."""
    m = _ANNOUNCED.match(text[sentence[0] : sentence[1]])
    if not m or person_name(m.group("role")):
        return None
    role, org = m.group("role").strip(), m.group("org") or ""
    category = categorise(role)
    if category not in _SEATS or (org and (_OTHER_ORG.search(org) or not re.search(
            r"(?i)\b(?:integrated care board|icb|board)\b", org))):
        return None  # "The chair of the quality committee has been named": not a seat on the board
    nxt = text[after[0] : after[1]]
    found = person_name(nxt)
    if found is None or found[1] > 40 or not _TAKES_UP.search(nxt) or re.search(
            r"(?i)\b(?:outgoing|former|retiring|welcomed|congratulated)\b", nxt):
        return None  # the next sentence opens with the person taking the post, not someone reacting to it
    icbs = [display_name(x.core) for x in find_icbs(org) if not x.system]
    return _Row(role, category, 1, False, found[0], None, None, sentence[0], after[1], prose=True,
                icb=icbs[0] if len(icbs) == 1 else None)


def _name_over_own_role(text: str, above: tuple[int, int], line: tuple[int, int]) -> _Row | None:
    """A name on a line of its own with a seat of the page's own board on the line under it ("Ann Bray" /
    "ICB Chair"), as an agenda's or a board page's heading gives its chair."""
    m = _OWN_BOARD_ROLE.match(", " + text[line[0]:line[1]].strip())
    if not m or "\n" not in text[above[1]:line[0]] or text[above[1]:line[0]].strip() \
            or re.search(r"(?i)\b(?:until|former|formerly|previously|ex)\b", m.group(0)):
        return None  # "ICB Chair (until March 2023)": no longer the seat
    name = _name_only(text[above[0]:above[1]])
    category = categorise(m.group("role"))
    if name is None or category not in (*_SEATS, *_PARTNER_KINDS) or (
            category == "executive" and not re.search(r"(?i)\b(?:director|officer|chief)\b", m.group("role"))):
        return None  # "ICB Board Secretary" is an officer of the board, not one of its executive members
    return _Row(m.group("role"), category, 1, False, name, None, None, above[0], line[1], prose=True)


def _own_board_role(after: str) -> tuple[str, list[str]] | None:
    """A seat the page's own ICB gives the person just named, on a line of its own: "…, ICB Chief Medical Officer"."""
    m = _OWN_BOARD_ROLE.match(after)
    if not m or categorise(m.group("role")) not in (*_SEATS, *_PARTNER_KINDS):
        return None
    return m.group("role"), []


def _seat_held(after: str) -> tuple[str, list[str]] | None:
    """A seat on a named ICB that the sentence says its subject holds ("has one of two GP seats on Fenn ICB")."""
    m = _SEAT_HELD.match(after)
    if not m or categorise(m.group("kind")) not in (*_SEATS, *_PARTNER_KINDS):
        return None
    icbs = [display_name(x.core) for x in find_icbs(m.group("org")) if not x.system]
    return (f"{m.group('kind')} member", icbs[:1]) if len(icbs) == 1 else None


# "of the ICB", "of our board": the board of the page's own ICB
_OF_THIS_BOARD = re.compile(r"(?:of|for|at)\s+(?:the|our|its)\s+(?:icb|integrated care board|board)\b", re.I)


# a seat given as what someone will do: "Ann Bray … is set to chair the ICB in North Fenn", "Ian Roe will lead
# Fenn, Marsh and Vale Integrated Care Board" (a news page's "lead" is the chief executive's)
_AS_VERB = re.compile(r"^(?:\s*\([^()]{0,60}\))?(?:\s*,[^,.;“\"]{0,100},)?\s+(?:(?:is|was|has been)\s+)?"
                      r"(?:(?:set|due|chosen|appointed|named|confirmed|expected)\s+)?(?:to|will)\s+"
                      r"(?P<verb>chair|lead)\s+(?P<org>the (?:ICB|integrated care board) (?:in|for|of)\s+"
                      r"[A-Z][^,.;:“\"]{2,60}|(?:the\s+)?(?:NHS\s+)?[A-Z][^.;:“\"]{2,80}?(?:ICB|Integrated Care Board)s?)"
                      r"(?=\s*(?:[,.;:()]|$|\s(?:for|from|in|on|at|and|after|until|when|while|as|with|to|during)\b))")


def _role_as_verb(after: str) -> tuple[str, list[str]] | None:
    """A seat on a named ICB given by a verb after the name: chairing it, or leading it (its chief executive)."""
    m = _AS_VERB.match(after)
    if not m:
        return None
    org = m.group("org")
    place = re.match(r"the \S+(?: care board)? (?:in|for|of)\s+(?P<place>.+)$", org, re.I)
    named = f"{place.group('place').strip()} ICB" if place else org
    icbs = list(dict.fromkeys(display_name(x.core) for x in find_icbs(named) if not x.system))
    return ("Chair" if m.group("verb") == "chair" else "Chief Executive", icbs) if icbs else None


def _bare_role(role: str) -> str:
    """A role without words that say when someone holds it ("outgoing chair" → "chair")."""
    return re.sub(r"(?i)^(?:(?:outgoing|incoming|new|interim|acting|joint|shared)\s+)+", "", role)


def _role_of_icbs_before(before: str) -> tuple[str, list[str]] | None:
    """A role of named ICBs just before a name: "Chair of North Fenn ICB and South Fenn ICB, Ann Bray, said"."""
    m = re.search(r"(?:^|[.;:]\s+|\b(?:the|our|its)\s+)(?P<role>[A-Za-z][\w -]{1,40}?)\s+"
                  r"(?P<org>(?:of|for|at)\s+[^;:.“\"]{3,160}?),\s*$", before)
    if not m:
        return None
    org, inside = m.group("org"), _board_spans(m.group("org"))
    if any(not any(a <= c.start() < b for a, b in inside) for c in re.finditer(",", org)):
        return None  # "The chair of Fenn ICB, and the chief executive of Vale Trust, Ann Bray": two roles, not one
    icbs = _icbs_named(org)
    return (m.group("role"), icbs) if icbs and _a_seat(m.group("role"), "") else None


_ICB_ROLE_BEFORE = re.compile(r"\b(?:ICB|Integrated Care Board)(?:['’]s)?\s+(?P<role>(?:[A-Za-z][\w-]*\s+){0,3}"
                              r"[A-Za-z][\w-]*)\s*,?\s*$", re.I)


def _icb_role_before(before: str) -> tuple[str, list[str]] | None:
    """A role written after the ICB's name, just before a person's: "LLR ICB chair Ann Bray", "the Fenn ICB chief
    executive designate, Ian Roe"."""
    m = _ICB_ROLE_BEFORE.search(before)
    if m and (re.match(r"(?i)(?:and|or|with)\b", m.group("role")) or _OTHER_ORG.search(m.group("role"))
              or re.search(r"(?i)\b(?:place|region|system|network|pcn)\b", m.group("role"))):
        return None  # "Fenn ICB and hospital chief executive", "Fenn ICB place-based partnership chair"
    if not m or categorise(m.group("role")) not in _SEATS or _FINITE.search(m.group("role")) or (
            categorise(m.group("role")) == "executive"
            and not re.search(r"(?i)\b(?:director|officer|chief|nurse)\b", m.group("role"))):
        return None  # "Fenn ICB chair Ann Bray", "Fenn ICB Chief Nurse Jo Kay"; not "Fenn ICB board secretary"
    named = [x for x in find_icbs(before[: m.start("role")]) if not x.system and x.end >= m.start("role") - 30]
    return (m.group("role"), [display_name(named[-1].core)]) if named else None


def _one_icb(text: str) -> list[str]:
    """The ICB (or system) a stretch of a sentence names, if it names exactly one; else the place a news
    sentence opens on ("In one of the largest systems, West Fenn, Ann Bray has been …")."""
    named = {display_name(m.core) for m in find_icbs(text)}
    if len(named) == 1:
        return list(named)
    scene = _SCENE.match(text) if not named else None
    if scene:
        return [display_name(scene.group("place"))]
    return []


_CAPS = r"[A-Z][\w’'-]+(?:\s+(?:and\s+|of\s+|the\s+)?[A-Z][\w’'-]+){0,4}"
# a sentence that opens on a place and then names a person: "In West Fenn, Ann Bray has been …" (the place is no
# one's name); "In one of the largest systems, West Fenn, Ann Bray has been …" also names the system it means
_SCENE_HEAD = r"^In\s+(?:(?:one|another|each)\s+of\s+)?(?:[a-z]+\s+){0,4}?"
_SCENE_TAIL = rf"(?P<place>{_CAPS}),\s+(?P<person>{_CAPS})\s+(?:has|have|had|was|is|will|would)\b"
_SCENE_PLACE = re.compile(_SCENE_HEAD + r"(?:(?:systems?|areas?|regions?|ICSs?|patch(?:es)?),\s+)?" + _SCENE_TAIL)
_SCENE = re.compile(_SCENE_HEAD + r"(?:systems?|ICSs?),\s+" + _SCENE_TAIL)


def _role_after(after: str) -> str | None:
    """The role prose gives just after a name ("… has been appointed as the chief executive"), or after an aside
    ("…, who led the merger, will be …")."""
    aside = _ASIDE.match(after)
    for text in [after] + ([after[aside.end():]] if aside else []):
        m = _HOLDS.match(text)
        if not m:
            continue
        rest = text[m.end():]
        number = re.match(rf"(?i)(?:{_NUM})\s+(?=\w)", rest)  # "… will be the two local authority members"
        rest = rest[number.end():] if number else rest
        end = _ROLE_END.search(rest)
        role = rest[: end.start()].strip() if end else rest.strip()
        after_role = rest[len(role):].lstrip(" ")
        role = re.sub(r"(?i)\s+(?:role|post|position)$", "", role)  # "take on the chief executive role"
        # "Jo Kay, the chief executive, said …" may be any body's: only "…, the chief executive of the ICB"
        bare_the = re.match(r",\s+the\s+$", m.group(0), re.I) is not None
        if _a_seat(role, after_role, need_org=bare_the):
            return role
    return None


# words that may open a role before a name besides the vocabulary's ("Joint board chair Ann Bray")
_ROLE_WORDS = {"icb", "nhs", "joint", "interim", "acting", "new", "incoming", "designate", "substantive", "permanent"}


def _role_before(before: str) -> str | None:
    """A role just before a name: "Our Chair, Ann Bray", "ICB chief executive Ian Roe"."""
    before = re.sub(r"\s+(?:is|was|will be)\s*$", " ", before)  # "Our Chair is Ann Bray"
    words = before.rstrip(" ,").split()
    if not before.rstrip().endswith(",") and not before.endswith(" "):
        return None
    if not words or not _ROLE_NOUN.search(words[-1].strip(",")):
        return None  # "The Chair welcomed Ann Bray": a verb, not a role, stands before the name
    stop = _vocabulary()[1]
    k = 0  # the role is the run of role words just before the name ("ICB chief executive")
    while k < min(5, len(words)) and words[-k - 1].strip(",").lower() in stop | _ROLE_WORDS:
        k += 1
    opener = words[-k - 1] if k < len(words) else ""
    if not k or opener[:1].isupper() and opener.lower() not in ("our", "the", "its", "icb"):
        return None  # "NHS Confederation chief executive, Matthew Taylor": another body's role
    role = " ".join(words[-k:]).strip(",")
    role = re.sub(r"(?i)^(?:and|of|the|our|its)\s+", "", role)
    return role if role[:1].isalpha() and _a_seat(role, "") else None


def _led_by(before: str) -> str | None:
    """"The Board is chaired by Ann Bray": the chair; "… is led by Ian Roe, Chief Executive" is read after."""
    m = re.search(r"\b(?:board|icb)\b[^.]{0,40}\b(?:is|was|will be|has been)\s+chaired\s+by\s*$", before, re.I)
    return "Chair" if m else None


def _role_taken(sentence: str, name_start: int) -> str | None:
    """"Ian Roe … will take on the role of Chief Executive of the Integrated Care Board": the subject takes a role."""
    if name_start > 3:
        return None
    m = re.search(r"\b(?:role|post|position|office) of (?:the\s+)?(?P<role>[A-Z][\w -]{2,60}?)(?=\s+(?:of|for|at)\s)",
                  sentence)
    if not m:
        return None
    return m.group("role") if _a_seat(m.group("role"), sentence[m.end("role"):], need_org=True) else None


# "… Acting Chair for a period of six months": how long, not of what body
_FOR_A_TIME = re.compile(r"^\s*for\s+(?:a|an|the\s+next|\d+|one|two|three|four|five|six|twelve|eighteen)\s+(?:\w+\s+)?"
                         r"(?:period|term|months?|years?|weeks?)\b", re.I)


def _a_seat(role: str, after: str, need_org: bool = False) -> bool:
    """Whether a role phrase names a seat on this board: a board category, no verb, and — if it is "of" some
    body — of the ICB itself."""
    if not role or len(role.split()) > 8 or _FINITE.search(role) or _NOT_A_ROLE.match(role):
        return False
    if _OTHER_ORG.search(role):
        return False
    category = categorise(role)
    if category in _PARTNER_KINDS:  # a partner seat only as one "on the ICB": councils have many members
        return bool(re.match(r"^\s*(?:on|of)\s", after, re.I) and _OWN_ORG.match(after))
    if category not in _SEATS:
        return False
    if re.match(r"^\s*(?:of|for|at)\b", after, re.I) and not _FOR_A_TIME.match(after):
        return bool(_OWN_ORG.match(after)) and not _OTHER_ORG.search(after[:80].split(".")[0])
    return not need_org


def _participant_sentence(text: str, s: int, e: int) -> list[_Row]:
    """A participant named by a sentence: "The Director of Public Health will attend as a non-voting participant",
    "The board may invite additional individuals to be participants"."""
    enum = _ENUM.match(text[s:e])
    s += enum.end() if enum else 0
    sentence = text[s:e]
    marker = _PARTICIPANT_PROSE.search(sentence)
    if not marker or _NOT_BOARD.search(sentence[: marker.start()]):
        return []  # no participant, or a committee's
    who = re.search(r"\binvite\s+(?P<who>(?:additional\s+|other\s+)?[\w ,-]{3,60}?)\s+to\s+(?:be\s+)?"
                    r"(?:participants?|observers?|attend)", sentence, re.I)
    subject = re.match(r"^(?P<who>(?:The\s+)?[\w ,()-]{3,80}?)\s+(?:will|may|shall|can|are|is)\s+(?:also\s+)?"
                       r"(?:be\s+)?(?:invited\s+to\s+)?(?:attend|participate|be participants?|participants?|observers?)",
                       sentence, re.I)
    if who:
        lo, hi = who.start("who"), who.end("who")
    elif subject:
        lo, hi = subject.start("who"), subject.end("who")
    else:
        return []
    role = sentence[lo:hi].strip()
    count, at_least, bare = _count(role)
    kind = categorise(bare)
    if subject and not who and kind in (None, "participant"):
        return []  # "Participants may be invited …": says what participants are, not who they are
    if who and not re.search(r"\b(?:board|chair|meetings?)\b", sentence, re.I):
        return []  # invited to something other than the board's meetings
    if kind is None and not re.search(r"\b(?:individuals?|people|persons?|representatives?)\b", bare, re.I):
        return []
    return [_Row(bare, "participant", count, at_least, None, False, None, s, e)]


_PARTNER_KINDS = ("partner_trust", "partner_primary_care", "partner_local_authority")


def _partner_rows(rows: list[_Row]) -> list[_Row]:
    """"At least three Partner Members nominated by the trusts, the providers of primary medical services and the
    local authorities" is one seat of each kind: a row per kind (unless the document lists that kind itself)."""
    kinds_of = {id(r): _partner_kinds(r) for r in rows if r.name is None}
    listed = {r.category for r in rows if r.category in _PARTNER_KINDS and len(kinds_of.get(id(r), [])) < 2}
    out: list[_Row] = []
    for row in rows:
        kinds = kinds_of.get(id(row), [])
        if len(kinds) < 2:
            out.append(row)
            continue
        exact = row.count == len(kinds) and not row.at_least
        out += [_Row(row.role, kind, 1, not exact, None, row.voting, row.nominated_by, row.start, row.end)
                for kind in kinds if kind not in listed]
    return out


def _partner_kinds(row: _Row) -> list[str]:
    """The kinds of partner a generic "partner members" row names in its nomination ("… by the trusts, the
    providers of primary medical services and the local authorities")."""
    found = re.search(r"\bpartner(?: members?)?\b", row.role, re.I)
    if not found:
        return []
    named = _kinds_named(row.nominated_by) if row.nominated_by else []
    return named if len(named) > 1 else _kinds_named(row.role[found.end():])


def _kinds_named(nominators: str) -> list[str]:
    """The partner kinds among nominators ("the trusts, the providers of primary medical services and the
    councils" → trust, primary care, local authority)."""
    kinds = []
    for part in re.split(r",|;|\band\b(?! foundation)", nominators):
        kind = categorise(part + " partner member")
        if kind in _PARTNER_KINDS and kind not in kinds:
            kinds.append(kind)
    return kinds


# ---------------------------------------------------------------- quorum, citations, checks

_QUORUM = re.compile(r"\bquor(?:um|ate)\b", re.I)


def _quorums(doc: Document, chunks: list[Chunk], sentences: list[tuple[int, int]]) -> list[BoardSource]:
    out = []
    for s, e in sentences:
        sentence = doc.text[s:e]
        if not _QUORUM.search(sentence) or e - s > 700 or len(sentence.split()) < 6:
            continue
        if re.search(r"\bcommittee\b", sentence, re.I) and not re.search(r"\bboard\b", sentence, re.I):
            continue
        if not re.search(rf"\b(?:majority|half|{_NUM}|members?|will be|shall be|is)\b", sentence, re.I):
            continue
        enum = _ENUM.match(sentence)  # "3.3.1 The quorum …": the clause number is not part of what it says
        out.append(_source(doc, chunks, s + (enum.end() if enum else 0), e))
    return [q for q in out if q is not None][:1]


def _source(doc: Document, chunks: list[Chunk], start: int, end: int) -> BoardSource | None:
    """The citation of doc.text[start:end], or None if the span is empty."""
    quote = doc.text[start:end]
    if not quote.strip():
        return None
    holder = next((c for c in chunks if c.start <= start < c.end), None)
    return BoardSource(doc.doc_id, doc.title, quote, start, end, holder.page if holder else None,
                       holder.section if holder else None, doc.published, doc.source)


def _member(icb: str, doc: Document, chunks: list[Chunk], row: _Row) -> BoardMember | None:
    source = _source(doc, chunks, row.start, row.end)
    if source is None:
        return None
    name = " ".join(row.name.split()) if row.name else row.name  # "Ann  Bray" on a justified PDF line
    name = re.sub(r"[’']s$", "", name) if name else name  # "CEO Ann Bray’s report": her name, not its possessive
    member = BoardMember(" ".join(icb.split()), " ".join(row.role.split()), row.category, row.count, row.at_least, name, row.voting,
                         row.nominated_by, source)
    return member if verbatim(member, doc.text) else None


def verbatim(entry: BoardMember | BoardQuorum, document_text: str | None) -> bool:
    """Whether an entry's quote is exactly its document's text at its offsets (rows that are not are dropped)."""
    c = entry.citation
    return bool(document_text) and bool(c.quote.strip()) and document_text[c.start : c.end] == c.quote


__all__ = ["BOARDS_VERSION", "BoardExtract", "categorise", "document_icb", "extract_boards", "person_name", "person_names",
           "verbatim"]
