"""Quotation extraction and attribution: who said what, word for word.

`ingest.quote_marks` finds the quoted spans (curly, straight and single marks, quotations over several
paragraphs, unclosed ones). Each quotation is attributed from the text around it: `X said: “…`, `“…,” she said`,
`…, he added`, a dash line under it (`– Dr X, Org`), organisations and documents (`the LGA's response states:`,
`NHS England told HSJ`), a pronoun meaning the subject of the latest sentence naming someone. A statement with no
marks after `X said:` (press releases, reports) is X's words up to a heading, a new attribution or narrative.
Attribution after a quotation is read only in its own paragraph (or the dash line), never across paragraphs.
Written evidence is the words of the organisation that submitted it. Speaker and organisation names take one
canonical form from `canonical_names.json`. Every quote's text is the document's own text at its offsets.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from core.types import Chunk, Document, Quote
from ingest.quote_marks import Span, paragraphs, quote_spans

QUOTES_VERSION = 16
EVIDENCE_ROLE = "written evidence"  # the role given to an organisation's own evidence paragraphs
CANONICAL_NAMES = Path(__file__).with_name("canonical_names.json")
STATEMENT_MAX_PARAGRAPHS = 5  # an unmarked statement after "X said:" runs at most this far

_REPORTING = (r"said|says|say|added|adds|warned|warns|warning|stated|states|state|argued|argues|told|wrote|writes|"
              r"continued|continues|admits|admitted|explained|explains|commented|noted|insisted|insists|claimed|"
              r"claims|believes|stressed|urged|called|calls|highlighted|echoed|pointed out|suggested|concluded|"
              r"declared|announced|responded|replied|asked|expresses|expressed|commented|comments|welcomed|"
              r"welcomes|acknowledged|acknowledges|confirmed|confirms|cautioned|emphasised|emphasises")
_REPORTING_RE = re.compile(rf"\b({_REPORTING})\b", re.I)
_AFTER = re.compile(
    rf"^[\s,]*(?:(he|she|they|it|we|i)\s+({_REPORTING})|(?P<np>[^,.;:“”‘\"]{{2,80}}?)\s+({_REPORTING}))\b", re.I)
# "…,” said Ann Ex" (not "…’, argued that doctors …": a clause, not a speaker, follows the verb)
_AFTER_INVERTED = re.compile(rf"^[\s,]*(?:{_REPORTING})\s+(?P<np>(?!(?:that|how|why|whether|what|if|to|for|it|this)\b)"
                             rf"[^,.;:“”‘\"\n]{{2,80}})", re.I)
_PRONOUNS = {"he", "she", "they", "it", "we", "his", "her", "their", "its", "i"}
_ORG_PRONOUNS = {"it", "its", "they", "their", "we"}
_HONORIFIC = (r"(?:Dr|Professor|Prof|Sir|Dame|Mr|Mrs|Ms|Miss|Cllr|Councillor|Lord|Lady|Baroness|Rt Hon|Rev|Revd|"
              r"Chancellor|Minister|Mayor|Chair|Chairman|Chairwoman|President|Secretary|Bishop|Judge)\.?")
_MALE, _FEMALE = {"mr", "sir", "lord"}, {"mrs", "ms", "miss", "dame", "lady", "baroness"}
_PARTICLE = r"(?:van|von|de|del|della|da|di|du|le|la|der|den|ten|ter|bin|ibn|al)"
_WORD = r"(?:O[’']|Mc|Mac)?[A-Z][a-z]+(?:-(?:O[’']|Mc|Mac)?[A-Z][a-z]+)*"
_FUNCTION_WORDS = (r"Like|Unlike|As|But|And|Or|So|When|While|Whilst|After|Before|During|Speaking|Responding|Reacting|"
                   r"Commenting|Writing|Welcoming|According|Says|Said|The|This|That|These|Those|Then|Now|However|"
                   r"Meanwhile|Today|Yesterday|Last|Next|In|On|At|For|With|From|By|To|Of|If|Although|Since|Dear|"
                   r"Thanks|Thank|Both|Neither|Our|Their|His|Her|Its|My|We|They|He|She|It|I")
_NOT_FIRST = rf"(?!(?:{_HONORIFIC}|{_FUNCTION_WORDS})\s)"  # "Like Hunt, …" / "Responding Smith" are not names
# atomic: a name is taken whole ("Jonathan Van Tam’s" is never cut back to "Jonathan Van"); an honorific inside
# starts another name ("… the East of England Dr Ann Ex": "England Dr Ann" is no one)
# between a name's words: spaces, or one line break (a wrapped line), never a blank line ("• Published" / "" /
# "The creation of …" is no one); and no function word goes on a name ("… said Ann Bray The …")
_NAME_GAP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"
_NAME = re.compile(
    rf"(?:(?P<hon>{_HONORIFIC})\s+)?(?P<name>(?>{_NOT_FIRST}{_WORD}(?:{_NAME_GAP}(?:{_PARTICLE}\s+){{0,2}}"
    rf"(?!{_HONORIFIC}\s)(?!(?:{_FUNCTION_WORDS})\b){_WORD}){{1,2}}))"
    r"\b(?P<post>\s+(?:OBE|MBE|CBE|DBE|KBE|FRCP|FRCGP))?"
)
_HON_SURNAME = re.compile(rf"\b(?P<hon>{_HONORIFIC})\s+(?P<name>(?:{_PARTICLE}\s+|Van\s+|Von\s+|De\s+)*{_WORD})\b")
_SURNAME_PARTICLES = {"van", "von", "de", "del", "della", "da", "di", "du", "le", "la", "der", "den", "ten", "ter"}
_ORG_WORDS = {
    "Association", "Confederation", "Providers", "Commissioners", "Committee", "Forum", "College", "Council",
    "Government", "Department", "Network", "Journal", "Trust", "Trusts", "Board", "Boards", "Commission", "Service",
    "Society", "Institute", "Foundation", "Fund", "Federation", "Union", "Office", "Agency", "Executive", "England",
    "Partnership", "Alliance", "Group", "Authority", "Authorities", "Parliament", "Treasury", "Care", "Health", "NHS",
    "System", "Systems", "Review", "Act", "Paper", "Framework", "Programme", "Leader", "Unit",
    "West", "East", "North", "South", "Centre", "Royal", "National", "Local", "Social", "Public", "Integrated",
    "Clinical", "Medical", "General", "Ltd", "Plc", "University", "Hospital", "Hospitals",
    "District", "County", "Borough", "City", "Region",  # places that name an area, not a person ("Bradford District")
}
# words of a job title, not of an organisation: "MiP Chief Executive" is MiP's
_ROLE_WORDS = {
    "Chief", "Executive", "Officer", "Director", "Chair", "Chairman", "Chairwoman", "Chairperson", "President",
    "Vice", "Deputy", "Head", "Lead", "Leader", "Secretary", "General", "Manager", "Managing", "Medical", "Nursing",
    "Clinical", "Regional", "Interim", "Acting", "Senior", "Founder", "Member", "Councillor", "Spokesperson",
    "Spokesman", "Spokeswoman", "Minister", "Partner", "Adviser", "Advisor", "CEO", "Professor", "Dean", "Editor",
    "Portfolio", "Holder", "Cabinet", "Co-Chair", "Co-founder", "Programme", "Operating", "Financial", "Strategy",
}
_ROLE_WORDS_FOLDED = {w.lower() for w in _ROLE_WORDS} | {"gp", "mp", "nurse", "doctor", "consultant", "surgeon",
                                                         "mayor", "trustee", "governor", "chancellor", "councillor",
                                                         "registrar", "fellow", "spokesperson", "campaigner"}
# kinds of body, not named ones: "integrated care system (ICS)" never speaks
_GENERIC_ACRONYMS = {"ICS", "ICB", "ICP", "CCG", "LMC", "LNC", "DPH", "PCN", "STP", "GP", "VCSE", "SPF", "NHS", "UK",
                     "COVID", "OBE", "MBE", "CBE", "AHSN", "PCT", "CSU", "HWB", "JSNA", "A&E", "CEO", "PM"}
_NOT_SPEAKERS = {"Act", "Acts", "Paper", "Framework", "Programme", "Bill", "Review", "Report",
                 "Page", "Debate", "Debates",  # a web page's furniture: "Main Page:", "Full Debate:",
                 "Portrait", "Source"}  # "Lord Kamall Portrait" (a photo's label), "View Source"
_FURNITURE = {"Page", "Debate", "Debates", "Portrait", "Source"}  # never part of a person's name ("Bill" may be)
_ORG = re.compile(
    r"\b((?:the\s+)?(?:[A-Z][\w’'&-]*\s+(?:of\s+|and\s+|for\s+|&\s+)?)*[A-Z][\w’'&-]*)(?:\s*\(([A-Z]{2,}[a-z]?)\))?")
_CAP_PHRASE = r"[A-Z][\w’'&-]*(?:\s+(?:(?:of|and|for|&)\s+(?:the\s+)?)?[A-Z][\w’'&-]*)*"
_ACRONYM = re.compile(r"\b[A-Z]{2,6}s?\b")
# one capitalised word that opens a sentence but names no body: a function word or a number
_NOT_AN_ORG = {w.lower() for w in _FUNCTION_WORDS.split("|")} | {
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "many", "some", "most",
    "all", "each", "every", "several", "few", "first", "second", "third", "last", "another", "other", "such"}
_EVIDENCE_TITLE = re.compile(r"(?:written evidence|evidence|response|submission)\s+(?:submitted\s+)?(?:by|from)\s+"
                             r"(?:the\s+)?(.+?)(?:\s*\(|$)", re.I)
_PREPOSITION = re.compile(r"\b(?:like|unlike|to|with|from|by|for|of|about|after|before|than|as|on|at|"
                          r"including|alongside|besides|against|appointed|asked|thanked|welcomed)\s+"
                          rf"(?:(?:the\s+)?{_HONORIFIC}\s+)?$", re.I)
_SENTENCE_END = re.compile(r"[.!?][”’\"]?\s+(?=[A-Z“‘\"])")
_DASH_LINE = re.compile(r"^[–—-]\s*(?P<who>[^\n]{3,160})$")
_STATEMENT_INTRO = re.compile(  # "X said:" / "she added in a statement:" / "NHS England told HSJ:" ending a paragraph
    r"\b(?:said|says|added|adds|stated|states|commented|comments|explained|continued|wrote|writes|responded|"
    r"replied|concluded|told\s+[A-Z]\w*)(?:\s+(?:in a statement|today|yesterday|this week|on \w+day))?\s*:$")
_NARRATIVE = re.compile(rf"\b(?:he|she|they)\s+(?:{_REPORTING})\b|\b[A-Z][a-z]+\s+(?:{_REPORTING})\s*[:,]")
_BACK_MATTER = re.compile(r"^(?:ends\b|-?\s*ends\s*-?$|notes? to editors|about\s+[A-Z]|for (?:more|further) "
                          r"information|media (?:contact|enquiries)|contact\b|press office)", re.I)


@dataclass(frozen=True)
class Speaker:
    """Who a quotation is attributed to."""

    name: str
    role: str | None = None
    organisation: str | None = None


@dataclass
class _Mention:
    pos: int
    name: str
    kind: str  # person | org
    hon: str | None = None


@dataclass
class _Context:
    """What attribution needs about one document, computed once."""

    text: str
    paras: list[tuple[int, int]]
    spans: list[Span]
    mentions: list[_Mention]
    people: dict[str, Speaker]

    @classmethod
    def of(cls, text: str) -> _Context:
        mentions = _mentions(text)
        people = {k: _full_organisation(p, mentions) for k, p in _people(text).items()}
        return cls(text, paragraphs(text), quote_spans(text), mentions, people)

    def para_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right([s for s, _ in self.paras], pos) - 1)

    def para_text(self, i: int) -> str:
        s, e = self.paras[i]
        return self.text[s:e]


def with_speakers(chunks: list[Chunk], quotes: list[Quote]) -> list[Chunk]:
    """Chunks whose context also names who is quoted in them (so "what did X say" finds X's words)."""
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
    """Every attributable quotation in a document, each verbatim at its offsets.

    Args:
        doc: the document (its `text` is what offsets refer to).
        chunks: its chunks, for each quote's page and section.

    Returns:
        Quotes in document order, with speaker, role and organisation in canonical form.
    """
    ctx = _Context.of(doc.text)
    found: list[tuple[int, int, Speaker]] = []
    previous: tuple[list[Span], Speaker] | None = None
    for chain in _chains(ctx.spans):
        speaker = _reported_on(ctx, chain, previous) or _chain_speaker(ctx, chain) \
            or _carried_over(ctx, chain, previous)
        if speaker is None:
            previous = None
            continue
        found += [(s.start, s.end, speaker) for s in chain]
        if not chain[-1].closed and _introduced_by_colon(ctx, chain[0]):
            found += [(s, e, speaker) for s, e in _statement_after(ctx, chain[-1].para, speaker)]
        previous = (chain, speaker)
    found += _unmarked_statements(ctx)
    found += _speech_turns(ctx)
    found += _written_answers(ctx)
    quotes = [_make_quote(doc, chunks, s, e, _canonical(sp)) for s, e, sp in found]
    return _dedupe(quotes + _evidence_paragraphs(doc, chunks))


# ---------------------------------------------------------------- quotations and their chains


def _chains(spans: list[Span]) -> list[list[Span]]:
    """Spans grouped into quotations: a continuation joins the quotation of the span it follows."""
    chains: list[list[Span]] = []
    for span in spans:
        if span.follows is not None and chains:
            chains[-1].append(span)
        else:
            chains.append([span])
    return chains


def _chain_speaker(ctx: _Context, chain: list[Span]) -> Speaker | None:
    first = chain[0]
    speaker = _speaker_after(ctx, first) or _speaker_before(ctx, first)
    for span in chain[1:]:
        speaker = speaker or _speaker_after(ctx, span)
    return speaker


def _carried_over(ctx: _Context, chain: list[Span], previous) -> Speaker | None:
    """The previous quotation's speaker, for a quotation later in the same paragraph (`‘…,’ she said, ‘…’`,
    `claims they are “…” and that they “…”`) or opening the paragraph right after it (news style)."""
    if previous is None:
        return None
    prev_chain, speaker = previous
    first = chain[0]
    if first.para == prev_chain[-1].para:
        return speaker
    opens_paragraph = first.open_at == ctx.paras[first.para][0]
    return speaker if opens_paragraph and first.para - prev_chain[-1].para == 1 else None


_REPORTED_ON = re.compile(r"^,?\s*(?:and|but)\s+(?:also\s+)?(?:added\s+)?that\b[^.!?“”\"]{0,60}$", re.I)


def _reported_on(ctx: _Context, chain: list[Span], previous) -> Speaker | None:
    """The previous quotation's speaker for one that goes on reporting them in the same sentence: "X said that
    “…”, and that the Government “…”" (the subject inside what X said is not who said it)."""
    if previous is None or chain[0].para != previous[0][-1].para or previous[0][-1].close_at is None:
        return None
    between = ctx.text[previous[0][-1].close_at + 1: chain[0].open_at]
    return previous[1] if _REPORTED_ON.match(between.strip()) else None


def _introduced_by_colon(ctx: _Context, span: Span) -> bool:
    return ctx.text[: span.open_at].rstrip().endswith(":")


# ---------------------------------------------------------------- statements without marks


def _unmarked_statements(ctx: _Context) -> list[tuple[int, int, Speaker]]:
    """`X said:` closing a paragraph and followed by unmarked paragraphs: those paragraphs are X's words."""
    out = []
    marked = {s.para for s in ctx.spans}
    for i in range(len(ctx.paras) - 1):
        head = ctx.para_text(i)
        if i + 1 in marked or not _STATEMENT_INTRO.search(head):
            continue
        speaker = _attribution(ctx, head[:-1], ctx.paras[i][0])
        if speaker:
            out += [(s, e, speaker) for s, e in _statement_after(ctx, i, speaker)]
    return out


# A written answer's label and who gave it: "Answered by\nLord Kamall Portrait\nLord Kamall\nThis question was
# answered on 23rd February 2022" (a page's photo caption, then the name, then the date)
_ANSWERED_BY = re.compile(r"^\s*Answered by\b[:\s]*(?P<rest>.*)$", re.S)
_ANSWERER = re.compile(rf"(?P<name>(?:{_HONORIFIC}\s+)?{_WORD}(?:\s+(?!Portrait$){_WORD}){{0,3}})(?:\s+Portrait)?")


def _written_answers(ctx: _Context) -> list[tuple[int, int, Speaker]]:
    """A written parliamentary answer is its minister's words: the paragraphs after "Answered by <name>"."""
    out = []
    for i in range(len(ctx.paras)):
        m = _ANSWERED_BY.match(ctx.para_text(i))
        if not m:
            continue
        name = next((a.group("name") for line in m.group("rest").splitlines()
                     if (a := _ANSWERER.fullmatch(line.strip())) and _is_person(
                         re.sub(rf"^(?:{_HONORIFIC})\s+", "", a.group("name")))), None)
        if name is None:
            continue
        speaker = _person(ctx, _clean_name(name))
        for j in range(i + 1, min(len(ctx.paras), i + 1 + STATEMENT_MAX_PARAGRAPHS)):
            body = ctx.para_text(j).strip()
            if _is_heading(body) or _BACK_MATTER.match(body) or not body.endswith(tuple(".!?…”’\")")) or re.match(
                    r"(?i)(?:to ask|asked by|answered by|question)\b", body):
                break  # the next question on a page of several
            out.append((*ctx.paras[j], speaker))
    return out


# Speaker lines of debate and committee transcripts, each a paragraph of its own:
#   "Photo of Jo Bloggs Jo Bloggs Shadow Minister (Health) 3:30 pm, 14th September 2021"   (TheyWorkForYou)
#   "Jo Bloggs (Wexmoor North) (Lab):"                                                     (Hansard)
#   "Q12 Dr Jo Bloggs: We were not consulted …"                                            (oral evidence)
_PERSON = rf"(?:{_HONORIFIC}\s+)?{_WORD}(?:\s+(?:{_PARTICLE}\s+){{0,2}}{_WORD}){{1,2}}"  # no groups: for embedding
_PHOTO_LINE = re.compile(rf"^Photo of (?P<name>{_PERSON}) (?P=name)\b(?P<role>.*?)"
                         r"(?:\s+\d{1,2}[:.]\d{2}\s*[ap]m\b.*)?$")
_MEMBER_LINE = re.compile(rf"^(?P<name>{_PERSON})(?P<role>(?:\s*\([^()\n]{{2,80}}\)){{1,2}})\s*:?$")
_LABELLED_MEMBER = re.compile(rf"^[A-Z][\w ]{{2,30}}:\s+(?P<name>{_PERSON})(?P<role>\s*\([^()\n]{{2,80}}\))(?:\S.*)?$")
_INLINE_TURN = re.compile(rf"^(?:Q\s?\d+\s+)?(?P<name>(?:{_HONORIFIC})\s+{_WORD}(?:\s+{_WORD})?|{_PERSON}|Chair|"
                          r"The Chair|Chairman):\s+(?=\S)")
TURN_MAX_PARAGRAPHS = 12


def _speech_turns(ctx: _Context) -> list[tuple[int, int, Speaker]]:
    """A transcript's speeches: the paragraphs after each speaker line, up to the next speaker line or heading,
    are the speaker's words; an inline turn ("Dr Jo Bloggs: We …") is its own paragraph's rest. Parliamentary
    member lines and inline turns count only when a document has two or more (a transcript has turns)."""
    lines: list[tuple[int, Speaker, int]] = []  # (paragraph, speaker, where the words start: -1 = next paragraph)
    inline: list[tuple[int, Speaker, int]] = []
    for i in range(len(ctx.paras)):
        body = ctx.para_text(i).strip()
        if len(body) > 200 and not _INLINE_TURN.match(body):
            continue
        labelled = _LABELLED_MEMBER.match(body)
        if labelled and _personal(labelled.group("name")):
            # "Main Page: Edward Argar (Conservative - Melton and Syston)": a page's label, then the member whose
            # speech follows (a debate page that gives one member's speech)
            role = " ".join(labelled.group("role").replace("(", " ").replace(")", ",").split()).strip(", ") or None
            lines.append((i, Speaker(_clean_name(labelled.group("name")), role), -1))
            continue
        m = _PHOTO_LINE.match(body) or _MEMBER_LINE.match(body) or _INLINE_TURN.match(body)
        if m and not _personal(m.group("name")):
            continue
        m = _PHOTO_LINE.match(body)
        if m:
            role = " ".join(m.group("role").split()) or None
            lines.append((i, Speaker(_clean_name(m.group("name")), role), -1))
            continue
        m = _MEMBER_LINE.match(body)
        if m:
            role = " ".join(m.group("role").replace("(", " ").replace(")", ",").split()).strip(", ") or None
            lines.append((i, Speaker(_clean_name(m.group("name")), role), -2))
            continue
        m = _INLINE_TURN.match(body)
        if m:
            start = ctx.paras[i][0] + (len(ctx.para_text(i)) - len(ctx.para_text(i).lstrip())) + m.end()
            inline.append((i, Speaker(_clean_name(m.group("name"))), start))

    photo = [t for t in lines if t[2] == -1]
    member = [t for t in lines if t[2] == -2] if sum(t[2] == -2 for t in lines) >= 2 else []
    inline = inline if len(inline) >= 2 else []
    turns = sorted(photo + member + inline, key=lambda t: t[0])
    starts = {t[0] for t in turns}
    out = []
    for i, speaker, start in turns:
        if start >= 0:
            out.append((start, ctx.paras[i][1], speaker))
        for j in range(i + 1, min(len(ctx.paras), i + 1 + TURN_MAX_PARAGRAPHS)):
            body = ctx.para_text(j)
            if j in starts or body.lstrip().startswith("#") or (len(body) < 90 and not body.rstrip().endswith(
                    tuple(".!?…”’\")—–-:;"))):
                break
            if re.fullmatch(r"\([^()]*\)", body.strip()):
                continue  # "(3 years, 5 months ago)": the page's note, not words spoken
            out.append((*ctx.paras[j], speaker))
    return out


def _personal(name: str) -> bool:
    """A speaker line's name is a person's (or the chair's), not a heading's words ("Care Boards (Membership)")."""
    return name in ("Chair", "The Chair", "Chairman") or not any(
        w in _ORG_WORDS or w in _NOT_SPEAKERS or w in _ROLE_WORDS for w in name.split()[1:] + name.split()[:1]
        if not re.fullmatch(_HONORIFIC, w))


def _clean_name(name: str) -> str:
    return " ".join(name.split())


def _statement_after(ctx: _Context, para: int, speaker: Speaker) -> list[tuple[int, int]]:
    """The unmarked paragraphs after `para` that continue a statement, up to a stop."""
    marked = {s.para for s in ctx.spans}
    surname = _surname(speaker.name)
    out = []
    for j in range(para + 1, min(len(ctx.paras), para + 1 + STATEMENT_MAX_PARAGRAPHS)):
        body = ctx.para_text(j)
        if j in marked or _is_heading(body) or body.endswith(":") or _BACK_MATTER.match(body):
            break
        if _NARRATIVE.search(body) or (surname and re.search(rf"\b{re.escape(surname)}\b", body)):
            break
        out.append(ctx.paras[j])
    return out


def _is_heading(body: str) -> bool:
    return body.startswith("#") or (len(body) < 90 and not body.rstrip().endswith(tuple(".!?…”’\")")))


# ---------------------------------------------------------------- who is speaking


def _speaker_after(ctx: _Context, span: Span) -> Speaker | None:
    """`‘…,’ she said` / `…” NHS Providers warned` in the same paragraph, or a dash line right under it."""
    if not span.closed:  # an unclosed quotation's attribution is never looked for further on
        return None
    para_end = ctx.paras[span.para][1]
    tail = ctx.text[span.close_at + 1 : para_end]
    if not tail.strip() and span.para + 1 < len(ctx.paras):
        return _dash_speaker(ctx, ctx.para_text(span.para + 1))
    if re.match(r"^\s*[–—]", tail):
        return _dash_speaker(ctx, tail.strip())
    tail = re.sub(r"^[”’\"',.!?…\s]+", " ", tail)
    m = _AFTER.match(tail)
    if not m:
        inverted = _AFTER_INVERTED.match(tail)
        return _resolve_phrase(ctx, inverted.group("np"), span.end) if inverted else None
    if m.group(1):
        return _resolve_pronoun(ctx, m.group(1), span.end)
    return _resolve_phrase(ctx, m.group("np"), span.end)


def _dash_speaker(ctx: _Context, line: str) -> Speaker | None:
    """`– Dr Ann Example, Exampleshire Trust`: the name, then role or organisation."""
    m = _DASH_LINE.match(line.strip())
    if not m:
        return None
    who, _, rest = m.group("who").partition(",")
    rest = rest.strip().rstrip(".") or None
    name = _person_name(who)
    if name is None:
        org = who.strip().rstrip(".")
        return Speaker(org, None, org) if org[:1].isupper() and len(org.split()) <= 8 else None
    found = _person(ctx, name)
    org = _organisation_of(rest) or found.organisation
    return Speaker(found.name, rest if rest and rest != org else found.role, org)


def _speaker_before(ctx: _Context, span: Span) -> Speaker | None:
    """`X said: “…` / `…, warning that: “…` / `Their response states:` ending the paragraph before."""
    ps = ctx.paras[span.para][0]
    earlier = [s.close_at for s in ctx.spans if s.para == span.para and s.closed and s.close_at < span.open_at]
    start = max(earlier) + 1 if earlier else ps
    head = ctx.text[start : span.open_at].rstrip()
    if not head.strip(" ,”’\""):
        if span.para == 0 or not ctx.para_text(span.para - 1).endswith(":"):
            return None
        start = ctx.paras[span.para - 1][0]
        head = ctx.para_text(span.para - 1)
    return _attribution(ctx, head, start)


def _attribution(ctx: _Context, head: str, start: int) -> Speaker | None:
    """The speaker of `head`'s last clause, the one with the last reporting verb before the quotation."""
    stripped = re.sub(r"^[”’\"',\s]+", "", head)
    start, head = start + len(head) - len(stripped), stripped
    clause = _last_clause(head)
    verbs = list(_REPORTING_RE.finditer(clause))
    if not verbs:
        return None
    subject = clause[: verbs[-1].start()]
    if not subject.strip() and len(_SENTENCE_END.split(head)) > 1:
        return None
    clause_start = start + len(head) - len(clause)
    relative = re.search(r",?\s+who\s+(?:also\s+|then\s+)?$", subject)
    if relative:  # "… given by the minister, Lord Kamall, who said that:": the one named just before "who"
        named = _last_person(subject[: relative.start()])
        if named:
            return _person(ctx, named)
    return _resolve_phrase(ctx, subject, clause_start + verbs[-1].start())


def _last_person(phrase: str) -> str | None:
    """The last person a phrase names, in full or as an honorific and surname ("Lord Kamall")."""
    found = [(m.start(), m.group("name")) for m in _NAME.finditer(phrase)
             if _is_person(m.group("name")) and not _possessive(phrase, m)]
    found += [(m.start(), f"{m.group('hon')} {m.group('name')}") for m in _HON_SURNAME.finditer(phrase)
              if _is_person(m.group("name"))]
    return max(found)[1] if found else None


def _last_clause(head: str) -> str:
    return _SENTENCE_END.split(head)[-1]


def _resolve_phrase(ctx: _Context, phrase: str, pos: int) -> Speaker | None:
    phrase = phrase.strip(" ,–—-")
    # an opening that is not the speaker: "But", "Responding to the report," …
    phrase = re.sub(r"^(?:(?:but|and|however|meanwhile|even|so|also)\b|responding to [\w ’'-]{1,40}?,)[\s,]*", "",
                    phrase, flags=re.I)
    if not phrase:
        return None
    paren = re.search(r"\(([^)]*[A-Z][^)]*)\)", phrase)  # "Its commissioning wing (NHS Clinical Commissioners)"
    if paren and not paren.group(1).isupper():
        return Speaker(paren.group(1).strip(), None, paren.group(1).strip())
    first = re.sub(r"[’']s$", "", phrase.split()[0].lower())  # "its" stays "its", "she" stays "she"
    if first in _PRONOUNS:
        return _resolve_pronoun(ctx, first, pos)
    name = _person_name(phrase, subject=True)
    if name:
        return _person(ctx, name)
    return _org_speaker(ctx, phrase, pos)


def _person_name(phrase: str, subject: bool = False) -> str | None:
    """A person's name in a phrase, or an honorific and surname ("Mr Van Tam"). As `subject` of a reporting
    verb, the first name not after a preposition: `Responding to Ann Ex, Bo Why, chair of Cee Dee, said`."""
    found = [m for m in _NAME.finditer(phrase) if _is_person(m.group("name")) and not _possessive(phrase, m)]
    if subject:
        found = [m for m in found if not _after_preposition(phrase, m.start())] or found[-1:]
    if found:
        return found[0].group("name")
    m = _HON_SURNAME.search(phrase)  # "Lord Kamall" keeps his title: a surname alone is not how he is named
    return f"{m.group('hon')} {m.group('name')}" if m and _is_person(m.group("name")) else None


def _possessive(text: str, m: re.Match) -> bool:
    """`Ann Ex’s report`: the name is an owner here, not a speaker or a subject."""
    return bool(re.match(r"[’']s\b", text[m.end("name") : m.end("name") + 3]))


def _is_person(name: str) -> bool:
    return not any(w in _ORG_WORDS or w in _ROLE_WORDS or w in _FURNITURE for w in name.split())


def _org_speaker(ctx: _Context, phrase: str, pos: int) -> Speaker | None:
    for m in _ORG.finditer(phrase):
        if " " not in m.group(1).strip() and (m.group(1).lower() in _NOT_AN_ORG
                                              or m.group(1).rstrip("s") in _GENERIC_ACRONYMS):
            continue  # "On behalf of NHS Fenn, …", "Four more chairs have been announced", "the ICB": no body
        if " " not in m.group(1).strip() and not phrase[: m.start()].strip() and not m.group(1).isupper() \
                and re.match(r"\s+[a-z]", phrase[m.end():]):
            continue  # "Job adverts for the post stated": a sentence's first word, capitalised as such
        org = _org_name(m).split(",")[0].strip()
        org = re.sub(r"[’']s\b.*$", "", org).strip()
        org = re.sub(r"^(The|This|That)\s+", "", org).strip()
        if org in ("The", "This", "That") or len(org) < 2 or not org[0].isupper():
            continue
        return Speaker(org, None, org)
    if re.match(r"^(the|this|that)\s+(letter|statement|response|report|submission|document|paper|review)", phrase,
                re.I):
        org = _last_mention(ctx, pos, "org")
        noun = phrase.split()[1].lower()
        return Speaker(f"{org} ({noun})" if org else f"the {noun}", None, org)
    return None


def _resolve_pronoun(ctx: _Context, pronoun: str, pos: int) -> Speaker | None:
    pronoun = pronoun.lower()
    if pronoun in _ORG_PRONOUNS:
        org = _last_mention(ctx, pos, "org")
        if org:
            return Speaker(org, None, org)
    name = _recent_subject(ctx, pos, pronoun)
    return _person(ctx, name) if name else None


def _recent_subject(ctx: _Context, pos: int, pronoun: str) -> str | None:
    """The first person named in the latest sentence before `pos` that names one (its subject, usually),
    skipping people whose honorific disagrees with the pronoun."""
    people = [m for m in ctx.mentions if m.kind == "person" and pos - 3000 < m.pos < pos]
    while people:
        sentence_start = _sentence_start(ctx.text, people[-1].pos)
        in_sentence = [m for m in people if m.pos >= sentence_start]
        for m in sorted(in_sentence, key=lambda m: _after_preposition(ctx.text, m.pos)):
            if not _gender_clash(pronoun, m.hon):
                return m.name
        people = people[: len(people) - len(in_sentence)]
    return None


def _after_preposition(text: str, pos: int) -> bool:
    """`Like Hunt, Hewitt …` / `… asked by Hunt`: a name after a preposition is not the sentence's subject."""
    return bool(_PREPOSITION.search(text[max(0, pos - 40) : pos]))


def _sentence_start(text: str, pos: int) -> int:
    line_start = text.rfind("\n", 0, pos) + 1
    ends = [m.end() for m in _SENTENCE_END.finditer(text, line_start, pos)]
    return ends[-1] if ends else line_start


def _gender_clash(pronoun: str, hon: str | None) -> bool:
    hon = (hon or "").lower().rstrip(".")
    return (pronoun == "she" and hon in _MALE) or (pronoun in ("he", "his") and hon in _FEMALE)


def _last_mention(ctx: _Context, pos: int, kind: str) -> str | None:
    for m in reversed(ctx.mentions):
        if m.pos < pos and m.kind == kind:
            return m.name
    return None


def _person(ctx: _Context, name: str) -> Speaker:
    bare = re.sub(rf"^(?:{_HONORIFIC})\s+", "", name)  # "Mr Odell" is no fuller than "Tom Odell"
    if len(bare.split()) == 1:  # "Patricia said", "Dame Wenna added": the one person the page names so
        named = {p.name: p for p in ctx.people.values() if bare in p.name.split()}
        if len(named) == 1:
            return next(iter(named.values()))
    known = ctx.people.get(_surname(name))
    if known is None or len(known.name) < len(bare):
        return Speaker(name, known.role if known else None, known.organisation if known else None)
    return known


def _surname(name: str) -> str:
    """The family name with its particles: "Jonathan Van Tam" → "Van Tam", "Ann de la Cruz" → "de la Cruz"."""
    words = name.split()
    i = len(words) - 1
    while i > 0 and words[i - 1].lower() in _SURNAME_PARTICLES:
        i -= 1
    return " ".join(words[i:]) if words else name


# ---------------------------------------------------------------- names in the document


def _mentions(text: str) -> list[_Mention]:
    out = _person_mentions(text)
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


def _person_mentions(text: str) -> list[_Mention]:
    """Full names (not possessives), then each surname alone once its full name has been seen."""
    out = []
    for m in _NAME.finditer(text):
        if not _is_person(m.group("name")) or _possessive(text, m):
            continue
        out.append(_Mention(m.start("name"), m.group("name"), "person", m.group("hon")))
    inside = {(m.pos, m.pos + len(m.name)) for m in out}
    for surname in {_surname(m.name) for m in out}:  # "Hewitt" alone, once "Patricia Hewitt" has been named
        for m in re.finditer(rf"\b{re.escape(surname)}\b(?![’']s\b)", text):
            if not any(s <= m.start() < e for s, e in inside):
                hon = re.search(rf"({_HONORIFIC})\s+$", text[max(0, m.start() - 12) : m.start()])
                out.append(_Mention(m.start(), surname, "person", hon.group(1) if hon else None))
    return out


def _org_name(m: re.Match) -> str:
    phrase = re.sub(r"^the\s+", "", m.group(1), flags=re.I).strip()
    return f"{phrase} ({m.group(2)})" if m.group(2) else phrase


def _people(text: str) -> dict[str, Speaker]:
    """Surname -> the person's fullest name, role and organisation in the document."""
    out: dict[str, Speaker] = {}
    for m in _NAME.finditer(text):
        name = m.group("name")
        if not _is_person(name):
            continue
        role = _role_around(text, m)
        current = out.get(_surname(name))
        if current is None:
            out[_surname(name)] = Speaker(name, role, _organisation_of(role))
        elif len(name) > len(current.name) or (role and not current.role):
            role = current.role or role
            out[_surname(name)] = Speaker(max(name, current.name, key=len), role, _organisation_of(role))
    return out


_SOFT_BREAK = re.compile(r"(?<=[\w,])[ \t]*\n(?![ \t]*\n)[ \t]*(?=[\w(])")


def _role_around(text: str, m: re.Match) -> str | None:
    """An appositive role: `BMA GP Committee deputy chair, Dr X,` / `Dr X, chief executive of Y, said`."""
    # a line wrapped inside the sentence ("Director of Policy at Tern\nHealth Alliance, said") is a space here; a
    # paragraph break still ends the role
    before = _SOFT_BREAK.sub(" ", text[max(0, m.start() - 90) : m.start()])
    lead = re.search(r"(?:^|[.\n])\s*([A-Z][^.,;:\n“‘\"]{3,80}?),\s*$", before)
    if lead and not _REPORTING_RE.search(lead.group(1)) and _is_role(lead.group(1)):
        return lead.group(1).strip()
    after = _SOFT_BREAK.sub(" ", text[m.end() : m.end() + 130])
    tail = re.match(rf",\s*([A-Za-z][^,.;:\n“‘\"]{{3,90}}?)(?:,?\s+(?P<verb>{_REPORTING})\b|,\s*[a-z]|[.;](?:\s|$)|$)", after)
    if tail and (tail.group("verb") or _is_role(tail.group(1))):  # "X, leader of Y, set out" / "X, Y, said"
        return re.sub(r"^(?:currently|now|the)\s+", "", tail.group(1).strip())
    return None


def _is_role(phrase: str) -> bool:
    """A job title names one of its words: "deputy chair", "Chief Executive", not "During the statement"."""
    return bool(_ROLE_WORDS_FOLDED & {w.lower() for w in re.findall(r"[\w-]+", phrase)})


def _full_organisation(person: Speaker, mentions: list[_Mention]) -> Speaker:
    """"chair of the Committee": the committee the document names in full."""
    org = person.organisation
    if not org or " " in org or org not in _ORG_WORDS:
        return person
    full = next((m.name for m in mentions if m.kind == "org" and m.name.split()[-1] == org), None)
    return replace(person, organisation=full) if full else person


def _organisation_of(role: str | None) -> str | None:
    """The organisation in a role: `X’s director`, `chief executive of X`, `X Chief Executive`."""
    if not role:
        return None
    m = re.match(rf"({_CAP_PHRASE})[’']s?\s", role)
    if m:
        return m.group(1)
    lead = re.match(_CAP_PHRASE, role)
    words = lead.group(0).split() if lead else []
    if words and words[0] not in _ROLE_WORDS:  # "Royal College of X registrar", "MiP Chief Executive"
        while words and words[-1] in _ROLE_WORDS:
            words.pop()
        return " ".join(words) or None
    # "Director of Policy and Research at Tern Health Alliance": the body one works "at" before the field one directs
    at = re.search(rf"\b(?:at|with)\s+(?:the\s+)?({_CAP_PHRASE})", role)
    m = at or re.search(rf"\b(?:of|at|for|with|from)\s+(?:the\s+)?({_CAP_PHRASE})", role)
    if m and not all(w in _ROLE_WORDS for w in m.group(1).split()):
        return m.group(1)
    return None


# ---------------------------------------------------------------- canonical names


@cache
def _aliases() -> dict[str, str]:
    """Folded alias -> canonical form, for organisations and people, from the data file."""
    data = json.loads(CANONICAL_NAMES.read_text(encoding="utf-8"))
    out = {}
    for entry in data.get("organisations", []) + data.get("people", []):
        for alias in [entry["canonical"], *entry.get("aliases", [])]:
            out[_alias_key(alias)] = entry["canonical"]
    return out


def _alias_key(name: str) -> str:
    name = name.replace("’", "'").replace("&", "and").strip().lower()
    return re.sub(r"\s+", " ", re.sub(r"^the\s+", "", name))


def canonical_name(name: str | None) -> str | None:
    """The canonical form of a speaker's or organisation's name ("NHSCC" → "NHS Clinical Commissioners
    (NHSCC)"); a name not in the table is returned as it is."""
    if not name:
        return name
    table = _aliases()
    if _alias_key(name) in table:
        return table[_alias_key(name)]
    m = re.fullmatch(r"(.+?)\s*\(([^)]+)\)", name.strip())
    if not m:
        return name
    outer, inner = m.groups()
    if inner.islower():  # "NHSCC (letter)": a document of the organisation
        return f"{canonical_name(outer)} ({inner})"
    return table.get(_alias_key(inner)) or table.get(_alias_key(outer)) or name


def _canonical(speaker: Speaker) -> Speaker:
    return Speaker(canonical_name(speaker.name) or speaker.name, speaker.role, canonical_name(speaker.organisation))


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
    speaker = _canonical(Speaker(org, EVIDENCE_ROLE, short if short and short != org else org))
    out = []
    for chunk in chunks:
        if not chunk.section or not re.fullmatch(r"\d+(\.\d+)+", chunk.section):
            continue
        body = re.search(rf"{re.escape(chunk.section)}\s+(.+)", chunk.text, re.S)
        if body:
            s = chunk.start + body.start(1)
            e = chunk.start + len(chunk.text.rstrip())
            out.append(_make_quote(doc, chunks, s, e, speaker))
    return out


# ---------------------------------------------------------------- quotes


def _make_quote(doc: Document, chunks: list[Chunk], start: int, end: int, speaker: Speaker) -> Quote:
    chunk = next((c for c in chunks if c.start <= start < c.end), None)
    text = doc.text[start:end]
    qid = hashlib.sha1(f"{doc.doc_id}\x00{start}\x00{end}".encode()).hexdigest()[:16]
    return Quote(
        quote_id=f"{doc.doc_id}:{qid}", speaker=speaker.name.strip(), role=speaker.role,
        organisation=speaker.organisation, text=text, doc_id=doc.doc_id, title=doc.title, publisher=doc.publisher,
        published=doc.published, page=chunk.page if chunk else None, section=chunk.section if chunk else None,
        start=start, end=end, source=doc.source,
    )


def _dedupe(quotes: list[Quote]) -> list[Quote]:
    seen, out = set(), []
    for q in sorted(quotes, key=lambda q: (q.start, -(q.end - q.start))):
        if any(s <= q.start and q.end <= e for s, e in seen):
            continue
        seen.add((q.start, q.end))
        out.append(q)
    return out
