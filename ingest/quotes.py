"""Quotation extraction and attribution: who said what, word for word.

Finds direct quotations (curly and straight marks, quotes split by their attribution, quotes running over
several paragraphs) and attributes each to a speaker from the text around it: `X said: “…”`, `‘…,’ she said`,
`…, he added`, organisations and documents (`the LGA's response states: “…”`, `the letter said`), with a
pronoun taken to mean the last person (or organisation) named before it. Written evidence is the words of the
organisation that submitted it, so each of its numbered paragraphs is a quote of that organisation.
Every quote's text is the document's own text at its offsets.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from assistant.types import Chunk, Document, Quote

QUOTES_VERSION = 2
EVIDENCE_ROLE = "written evidence"  # the role given to an organisation's own evidence paragraphs

_REPORTING = (r"said|says|say|added|adds|warned|warns|warning|stated|states|state|argued|argues|told|wrote|writes|"
              r"continued|continues|admits|admitted|explained|explains|commented|noted|insisted|insists|claimed|"
              r"claims|believes|stressed|urged|called|calls|highlighted|echoed|pointed out|suggested|concluded|"
              r"declared|announced|responded|replied|asked|expresses|expressed")
_REPORTING_RE = re.compile(rf"\b({_REPORTING})\b", re.I)
_AFTER = re.compile(
    rf"^[\s,]*(?:(he|she|they|it|we|i)\s+({_REPORTING})|(?P<np>[^,.;:“”‘’\"]{{2,80}}?)\s+({_REPORTING}))\b", re.I)
_PRONOUNS = {"he", "she", "they", "it", "we", "his", "her", "their", "its", "i"}
_HONORIFIC = r"(?:Dr|Professor|Prof|Sir|Dame|Mr|Mrs|Ms|Miss|Cllr|Lord|Baroness|Rt Hon|Rev)\.?"
_NAME = re.compile(
    rf"(?:(?P<hon>{_HONORIFIC})\s+)?(?P<name>[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?(?:\s+[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?){{1,2}})"
    r"\b(?P<post>\s+(?:OBE|MBE|CBE|DBE|KBE|FRCP|FRCGP))?(?![’']s\b)"
)
_ORG_WORDS = {
    "Association", "Confederation", "Providers", "Commissioners", "Committee", "Forum", "College", "Council",
    "Government", "Department", "Network", "Journal", "Trust", "Trusts", "Board", "Boards", "Commission", "Service",
    "Society", "Institute", "Foundation", "Fund", "Federation", "Union", "Office", "Agency", "Executive", "England",
    "Partnership", "Alliance", "Group", "Authority", "Authorities", "Parliament", "Treasury", "Care", "Health", "NHS",
    "System", "Systems", "Review", "Act", "Paper", "Framework", "Programme", "Leader", "Unit",
    "West", "East", "North", "South", "Centre", "Royal", "National", "Local", "Social", "Public", "Integrated",
    "Clinical", "Medical", "General", "Ltd", "Plc", "University", "Hospital", "Hospitals",
}
# kinds of body, not named ones: "integrated care system (ICS)" never speaks
_GENERIC_ACRONYMS = {"ICS", "ICB", "ICP", "CCG", "LMC", "LNC", "DPH", "PCN", "STP", "GP", "VCSE", "SPF", "NHS", "UK",
                     "COVID", "OBE", "MBE", "CBE", "AHSN", "PCT", "CSU", "HWB", "JSNA", "A&E"}
_NOT_SPEAKERS = {"Act", "Acts", "Paper", "Framework", "Programme", "Bill", "Review", "Report"}
_ORG = re.compile(
    r"\b((?:the\s+)?(?:[A-Z][\w’'&-]*\s+(?:of\s+|and\s+|for\s+)?)*[A-Z][\w’'&-]*)(?:\s*\(([A-Z]{2,}[a-z]?)\))?")
_ACRONYM = re.compile(r"\b[A-Z]{2,6}s?\b")
_EVIDENCE_TITLE = re.compile(r"(?:written evidence|evidence|response|submission)\s+(?:submitted\s+)?(?:by|from)\s+"
                             r"(?:the\s+)?(.+?)(?:\s*\(|$)", re.I)


@dataclass
class _Mention:
    pos: int
    name: str
    kind: str  # person | org


def with_speakers(chunks: list[Chunk], quotes: list[Quote]) -> list[Chunk]:
    """Chunks whose context also names who is quoted in them (so "what did X say" finds X's words)."""
    from dataclasses import replace

    out = []
    for chunk in chunks:
        names = [q.speaker + (f", {q.role}" if q.role else "") for q in quotes
                 if q.start < chunk.end and q.end > chunk.start and q.role != EVIDENCE_ROLE]
        names = list(dict.fromkeys(names))
        if names:
            chunk = replace(chunk, context=f"{chunk.context} — quoting {'; '.join(names)}")
        out.append(chunk)
    return out


def extract_quotes(doc: Document, chunks: list[Chunk]) -> list[Quote]:
    """Every attributable quotation in a document, each verbatim at its offsets."""
    text = doc.text
    mentions = _mentions(text)
    people = _people(text)
    quotes: list[Quote] = []
    prev_speaker: tuple[str, str | None, str | None] | None = None
    prev_end = -10
    for start, end, continued in _quote_spans(text):
        speaker = _speaker_after(text, end, mentions, people) or _speaker_before(text, start, mentions, people)
        if speaker is None and continued and prev_speaker and start - prev_end < 600:
            speaker = prev_speaker
        if speaker is None:
            continue
        prev_speaker, prev_end = speaker, end
        quotes.append(_make_quote(doc, chunks, start, end, *speaker))
    quotes += _evidence_paragraphs(doc, chunks)
    return _dedupe(quotes)


# ---------------------------------------------------------------- finding quotations

_DOUBLE = re.compile(r"“([^“”]{3,}?)(?:”|(?=\n\s*\n)|$)", re.S)
_SINGLE = re.compile(r"(?<![\w])‘(.{3,}?)’(?![\w])", re.S)
_STRAIGHT = re.compile(r'(?<![\w])"([^"\n]{3,}?)"(?![\w])')


def _quote_spans(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, continues_previous) of each quotation's inner text, in document order."""
    spans = []
    for open_at, inner_s, inner_e in _curly_double(text):
        inner = text[inner_s:inner_e].rstrip()
        if "\n\n" not in inner and len(inner.split()) >= 3:
            spans.append((inner_s, inner_s + len(inner), _starts_paragraph(text, open_at)))
    for pattern in (_SINGLE, _STRAIGHT):
        for m in pattern.finditer(text):
            inner_s, inner_e = m.start(1), m.end(1)
            inner = text[inner_s:inner_e].rstrip()
            inner_e = inner_s + len(inner)
            if "\n\n" in inner or len(inner.split()) < 3:
                continue
            spans.append((inner_s, inner_e, _starts_paragraph(text, m.start())))
    spans.sort()
    out: list[tuple[int, int, bool]] = []
    for s, e, cont in spans:
        if out and s < out[-1][1]:  # nested or overlapping: keep the outer quotation
            continue
        out.append((s, _trim_trailing_comma(text, s, e), cont))
    return out


def _curly_double(text: str) -> list[tuple[int, int, int]]:
    """(opening mark, inner start, inner end) of each outermost “…” — nested quotes stay inside their quote,
    and a paragraph break ends a quotation left open (the next paragraph reopens it)."""
    out, depth, start = [], 0, -1
    for m in _CURLY_OR_NEWLINE.finditer(text):  # only the characters that matter, not every character
        i, ch = m.start(), m.group()
        if ch == "“":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "”" and depth:
            depth -= 1
            if depth == 0:
                out.append((start, start + 1, i))
        elif ch == "\n" and depth and text[i + 1 : i + 200].lstrip(" \t").startswith("\n"):  # blank line
            out.append((start, start + 1, i))
            depth = 0
    if depth:
        out.append((start, start + 1, len(text)))
    return out


_CURLY_OR_NEWLINE = re.compile("[“”\n]")


def _trim_trailing_comma(text: str, s: int, e: int) -> int:
    while e > s and text[e - 1] in ",;: ":
        e -= 1
    return e


def _starts_paragraph(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    return not text[line_start:pos].strip()


# ---------------------------------------------------------------- who is speaking


def _mentions(text: str) -> list[_Mention]:
    out = []
    for m in _NAME.finditer(text):
        name = m.group("name")
        words = name.split()
        if any(w in _ORG_WORDS for w in words) or text[m.end() : m.end() + 2] in ("’s", "'s"):
            continue
        out.append(_Mention(m.start("name"), name, "person"))
    surnames = {m.name.split()[-1] for m in out}
    for surname in surnames:  # "Hewitt" alone, once "Patricia Hewitt" has been named
        for m in re.finditer(rf"\b{re.escape(surname)}\b(?![’']s\b)", text):
            out.append(_Mention(m.start(), surname, "person"))
    for m in _ORG.finditer(text):
        phrase = m.group(1)
        words = [w for w in re.sub(r"^the\s+", "", phrase).split() if w not in ("of", "and", "for")]
        if (words and words[-1] in _NOT_SPEAKERS) or m.group(2) in _GENERIC_ACRONYMS:
            continue
        if (words and words[-1] in _ORG_WORDS and len(words) >= 2) or m.group(2):
            out.append(_Mention(m.start(1), _org_name(m), "org"))
    expand = {m.group(2): _org_name(m) for m in _ORG.finditer(text)
              if m.group(2) and m.group(2) not in _GENERIC_ACRONYMS}
    for m in _ACRONYM.finditer(text):
        if m.group(0) in expand:
            out.append(_Mention(m.start(), expand[m.group(0)], "org"))
        elif not m.group(0).endswith("s") and m.group(0) not in _GENERIC_ACRONYMS:
            out.append(_Mention(m.start(), m.group(0), "org"))
    return sorted(out, key=lambda x: x.pos)


def _org_name(m: re.Match) -> str:
    phrase = re.sub(r"^the\s+", "", m.group(1), flags=re.I).strip()
    return f"{phrase} ({m.group(2)})" if m.group(2) else phrase


def _people(text: str) -> dict[str, tuple[str, str | None, str | None]]:
    """Surname -> (full name, role, organisation), from the fullest mention in the document."""
    out: dict[str, tuple[str, str | None, str | None]] = {}
    for m in _NAME.finditer(text):
        name = m.group("name")
        if any(w in _ORG_WORDS for w in name.split()):
            continue
        surname = name.split()[-1]
        role = _role_around(text, m)
        current = out.get(surname)
        if current is None or len(name) > len(current[0]) or (role and not current[1]):
            out[surname] = (name if current is None or len(name) >= len(current[0]) else current[0],
                            role or (current[1] if current else None), _organisation_of(role))
    return out


def _role_around(text: str, m: re.Match) -> str | None:
    """An appositive role: `BMA GP Committee deputy chair, Dr X,` or `Dr X, Royal College registrar,`."""
    before = text[max(0, m.start() - 90) : m.start()]
    lead = re.search(r"(?:^|[.\n])\s*([A-Z][^.,;:\n“‘]{3,80}?),\s*$", before)
    if lead and not _REPORTING_RE.search(lead.group(1)):
        return lead.group(1).strip()
    after = text[m.end() : m.end() + 100]
    tail = re.match(r",\s*([A-Za-z][^,.;:\n“‘]{3,80}?),\s*(?:who\b|said\b|says\b|added\b|warned\b)", after)
    if tail:
        return tail.group(1).strip()
    return None


def _organisation_of(role: str | None) -> str | None:
    if not role:
        return None
    m = re.match(r"((?:[A-Z][\w’'&-]*\s*(?:of\s+|and\s+|for\s+)?)+)", role)
    org = m.group(1).strip() if m else None
    return org if org and org != role.strip() or (org and len(org.split()) > 1) else org


def _speaker_after(text, end, mentions, people):
    """`‘…,’ she said` / `…” NHS Providers warned`."""
    tail = text[end : end + 120].split("\n", 1)[0]
    tail = re.sub(r"^[”’\"',.!?…\s]+", " ", tail)
    m = _AFTER.match(tail)
    if not m:
        return None
    if m.group(1):
        return _resolve_pronoun(m.group(1), end, mentions, people)
    return _resolve_phrase(m.group("np"), end, mentions, people)


def _speaker_before(text, start, mentions, people):
    """`X said: “…` / `…, warning that: “…` / `Their response states: “…`, in the same paragraph."""
    para_start = text.rfind("\n", 0, start) + 1
    head = text[para_start:start]
    head = re.sub(r"[“‘\"]\s*$", "", head).rstrip()
    if not head:  # the attribution may close the paragraph before: "Their response states:"
        prev = text[: para_start].rstrip()
        if not prev.endswith(":"):
            return None
        para_start = prev.rfind("\n") + 1
        head = prev[para_start:]
    clause = re.split(r"(?<=[.!?])\s+(?=[A-Z“‘])", head)[-1]
    verbs = list(_REPORTING_RE.finditer(clause))
    verb = verbs[-1] if verbs else None  # the last reporting verb before the quotation
    if verb is None:
        return None
    subject = clause[: verb.start()]
    if not subject.strip() and len(re.split(r"(?<=[.!?])\s+", head)) > 1:
        return None
    clause_start = para_start + len(head) - len(clause)
    return _resolve_phrase(subject, clause_start + verb.start(), mentions, people)


def _resolve_phrase(phrase: str, pos: int, mentions, people):
    phrase = phrase.strip(" ,–—-")
    phrase = re.sub(r"^(but|and|however|meanwhile|responding to the news|even|so|also)\b[\s,]*", "", phrase, flags=re.I)
    if not phrase:
        return None
    paren = re.search(r"\(([^)]*[A-Z][^)]*)\)", phrase)  # "Its commissioning wing (NHS Clinical Commissioners)"
    if paren and not paren.group(1).isupper():
        return (paren.group(1).strip(), None, paren.group(1).strip())
    first = phrase.split()[0].lower().strip("’'s")
    if first in _PRONOUNS:
        return _resolve_pronoun(first, pos, mentions, people)
    names = list(_NAME.finditer(phrase))
    for m in reversed(names):
        if not any(w in _ORG_WORDS for w in m.group("name").split()):
            return _person(m.group("name"), people)
    for m in _ORG.finditer(phrase):
        name = _org_name(m)
        if name and name[0].isupper():
            org = name.split(",")[0].strip()
            org = re.sub(r"[’']s\b.*$", "", org).strip()
            org = re.sub(r"^(The|This|That)\s+", "", org).strip()
            if org in ("The", "This", "That") or len(org) < 2:
                continue
            return (org, None, org)
    if re.match(r"^(the|this|that)\s+(letter|statement|response|report|submission|document|paper|review)", phrase,
                re.I):
        org = _last_mention(pos, mentions, "org")
        noun = phrase.split()[1].lower()
        return (f"{org} ({noun})" if org else f"the {noun}", None, org)
    return None


def _resolve_pronoun(pronoun: str, pos: int, mentions, people):
    pronoun = pronoun.lower()
    kind = "org" if pronoun in ("it", "its", "they", "their", "we") else "person"
    name = _last_mention(pos, mentions, kind)
    if name is None and kind == "org":
        name, kind = _last_mention(pos, mentions, "person"), "person"
    if name is None:
        return None
    return _person(name, people) if kind == "person" else (name, None, name)


def _last_mention(pos: int, mentions: list[_Mention], kind: str) -> str | None:
    for m in reversed(mentions):
        if m.pos < pos and m.kind == kind:
            return m.name
    return None


def _person(name: str, people) -> tuple[str, str | None, str | None]:
    full, role, org = people.get(name.split()[-1], (name, None, None))
    return (full if len(full) >= len(name) else name, role, org)


# ---------------------------------------------------------------- written evidence


def _evidence_paragraphs(doc: Document, chunks: list[Chunk]) -> list[Quote]:
    """Written evidence speaks for its submitting organisation: each numbered paragraph is its quote."""
    m = _EVIDENCE_TITLE.search(doc.title or "")
    is_evidence = (doc.doc_type or "").lower() in ("committee_evidence", "written_evidence", "consultation_response")
    if not (m or is_evidence):
        return []
    org = doc.author or doc.publisher or (m.group(1).strip() if m else None)
    if not org:
        return []
    short = m.group(1).strip() if m else None
    out = []
    for chunk in chunks:
        if not chunk.section or not re.fullmatch(r"\d+(\.\d+)+", chunk.section):
            continue
        body = re.search(rf"{re.escape(chunk.section)}\s+(.+)", chunk.text, re.S)
        if body:
            s = chunk.start + body.start(1)
            e = chunk.start + len(chunk.text.rstrip())
            out.append(_make_quote(doc, chunks, s, e, org, EVIDENCE_ROLE, short if short and short != org else org))
    return out


# ---------------------------------------------------------------- quotes


def _make_quote(doc: Document, chunks: list[Chunk], start: int, end: int, speaker: str, role, organisation) -> Quote:
    chunk = next((c for c in chunks if c.start <= start < c.end), None)
    text = doc.text[start:end]
    qid = hashlib.sha1(f"{doc.doc_id}\x00{start}\x00{end}".encode()).hexdigest()[:16]
    return Quote(
        quote_id=f"{doc.doc_id}:{qid}", speaker=speaker.strip(), role=role, organisation=organisation,
        text=text, doc_id=doc.doc_id, title=doc.title, publisher=doc.publisher, published=doc.published,
        page=chunk.page if chunk else None, section=chunk.section if chunk else None, start=start, end=end,
        source=doc.source,
    )


def _dedupe(quotes: list[Quote]) -> list[Quote]:
    seen, out = set(), []
    for q in sorted(quotes, key=lambda q: (q.start, -(q.end - q.start))):
        if any(s <= q.start and q.end <= e for s, e in seen):
            continue
        seen.add((q.start, q.end))
        out.append(q)
    return out
