"""Names of integrated care boards: finding them in text and normalising them, so that "NHS Derby and
Derbyshire ICB", "MINUTES OF NHS DERBY AND DERBYSHIRE ICB BOARD" and "Derby & Derbyshire Integrated Care Board"
are one board, "NHS Derby and Derbyshire Integrated Care Board".

Used at ingest (which ICB a document belongs to) and when answering (which ICB a question names).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SMALL = {"and", "of", "the", "&", "upon", "on", "with"}
_WORD = r"(?:(?!(?:ICBs?|ICSs?|Integrated|Board|Boards)\b)[A-Z][\w’'-]*|&)"
_JOIN = r"(?:,?(?:\s+(?:and|of|the|upon|on|with|&))*\s+|\s*-\s*)"
# a capitalised name ending in "Integrated Care Board|System" or "ICB|ICS"; the suffix and the name decide case
_GAP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"  # a space or one line break, never a blank line ("Frimley CEO\n\nICB 101")
_NAMED = re.compile(rf"\b(?:NHS\s+)?(?P<core>{_WORD}(?:{_JOIN}{_WORD}){{0,8}}){_GAP}(?:(?:shadow|statutory)\s+)?"
                    r"(?P<kind>[Ii]ntegrated\s+[Cc]are\s+(?:[Bb]oard|[Ss]ystem)|ICB|ICS)(?![\w-])")
# a board named by the ICB's brand ("The NHS Dorset Board"): weaker evidence, used only beside the others
_BRAND = re.compile(rf"\bNHS\s+(?P<core>{_WORD}(?:{_JOIN}{_WORD}){{0,6}}){_GAP}(?P<kind>Board)\b")
# the same in capitals ("MINUTES OF NHS DERBY AND DERBYSHIRE ICB BOARD"): only after "NHS", which marks the start
_UPPER = re.compile(rf"\bNHS\s+(?P<core>[A-Z][A-Z&’' -]{{1,60}}?){_GAP}(?P<kind>INTEGRATED\s+CARE\s+(?:BOARD|SYSTEM)|ICB|ICS)\b")
# words that open a phrase before the name, never part of it ("Minutes of NHS X ICB", "The X ICB", "Draft …")
_LEADING = {"the", "a", "an", "our", "your", "their", "its", "this", "that", "each", "every", "new", "draft", "final",
            "shadow", "designate", "statutory", "minutes", "board", "meeting", "constitution", "welcome", "about",
            "nhs", "for", "of", "and", "with", "by", "in", "at", "from", "to", "all", "any", "on", "onto", "into",
            "across", "within",
            # a role's acronym before a board's name ("a GP on the Fenn ICB board") is not part of the name
            "gp", "gps", "ceo", "cfo", "lmc", "lnc", "dph", "mp", "mps", "pcn",
            "both", "these", "those", "other", "chair", "chief", "executive", "members", "member", "news",
            "update", "report", "governance", "handbook", "public", "private", "formal", "interim", "proposed",
            # headline words before "ICBs"/"ICSs" ("More ICS chief executives appointed", "Two ICBs merge")
            "more", "many", "most", "some", "several", "few", "two", "three", "four", "five", "six", "seven", "eight",
            "nine", "ten", "which", "what", "how", "why", "when", "where", "who", "local", "regional", "national",
            "future", "first", "last", "next", "largest", "biggest", "smaller", "larger", "england's", "english",
            "neighbouring", "merged", "merging", "cluster", "clustered", "joint", "single",
            # a sentence's opening adverb ("Meanwhile Fenn ICS has …")
            "meanwhile", "however", "separately", "elsewhere", "similarly", "likewise", "today", "yesterday",
            "earlier", "later", "now", "also", "so", "but", "another", "updated", "second", "third", "fourth",
            "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"}
# an ICB's own name never contains these: a match that does is a phrase about ICBs, not a name
_NOT_IN_NAME = {"integrated", "care", "board", "boards", "icb", "icbs", "ics", "icss", "system", "systems", "partner",
                "partnership", "committee", "trust", "trusts", "council", "government", "england", "minutes",
                "chair", "executive", "ceo", "meeting", "meetings", "january", "february", "march", "april", "may", "june",
                "july", "august", "september", "october", "november", "december", "monday", "tuesday",
                "wednesday", "thursday", "friday", "improvement", "providers", "confederation", "employers", "digital",
                "resolution", "property", "business", "wales", "scotland", "foundation", "clinical", "commissioning",
                "group", "ccg", "ccgs", "blood", "transplant", "direct", "choices", "pensions", "jobs", "networks",
                "health", "services", "service", "authority", "agency", "institute", "academy", "support",
                # a role is no part of a board's name ("Cy Dale, Chief Finance Officer, Fenn ICB")
                "chief", "officer", "officers", "director", "directors", "finance", "financial", "medical", "nursing",
                "nurse", "secretary", "manager", "deputy", "vice", "interim", "acting", "designate", "member",
                "members", "chairman", "chairwoman", "president"}


@dataclass(frozen=True)
class IcbMention:
    """An ICB named in a text: the name's words as written, where, and whether it named the system (ICS)."""

    core: str  # "Derby and Derbyshire"
    start: int
    end: int
    system: bool = False  # "… Integrated Care System" / "… ICS": names the ICB only by its area
    brand: bool = False  # "NHS Dorset Board": the ICB's brand before "Board"

    @property
    def key(self) -> str:
        return icb_key(self.core)


def icb_key(name: str) -> str:
    """The normal form two spellings of one ICB share: lower case, "&" as "and", without "NHS", "the",
    "Integrated Care Board/System", "ICB/ICS" and punctuation."""
    text = name.replace("&", " and ").lower()
    text = re.sub(r"\bintegrated care (board|system)s?\b|\bic[bs]s?\b|\bnhs\b", " ", text)
    words = [w for w in re.findall(r"[a-z0-9]+", text.replace("’", "").replace("'", "")) if w != "the"]
    return " ".join(words)


def display_name(core: str) -> str:
    """"NHS <name> Integrated Care Board", the name in title case when it was written in capitals."""
    if " " in core and core.isupper():
        words = core.lower().split()
        core = " ".join(w if (w in _SMALL and i) else w[:1].upper() + w[1:] for i, w in enumerate(words))
    return f"NHS {core} Integrated Care Board"


def find_icbs(text: str) -> list[IcbMention]:
    """Every ICB (or ICS) named in `text`, in order."""
    found: list[IcbMention] = []
    for pattern in (_NAMED, _UPPER, _BRAND):
        for m in pattern.finditer(text):
            core = _trim(m.group("core"))
            if core is None:
                continue
            offset = m.start("core") + _trim_offset(m.group("core"), core)
            system = m.group("kind").lower().endswith(("system", "ics"))
            found.append(IcbMention(core, offset, offset + len(core), system, pattern is _BRAND))
    found.sort(key=lambda x: x.start)
    out: list[IcbMention] = []
    for mention in found:  # the two patterns may find one name twice
        if not any(o.start <= mention.start < o.end for o in out):
            out.append(mention)
    return out


_BRAND_ONLY = re.compile(rf"(?:^|[|–—:-]\s*)NHS\s+(?P<core>{_WORD}(?:{_JOIN}{_WORD}){{0,6}})\s*$")


def brand_name(text: str) -> str | None:
    """The ICB a title or publisher names by its brand alone — "NHS South West London", "Our board | NHS Dorset" —
    or None (also for national bodies: "NHS England", "NHS Providers")."""
    m = _BRAND_ONLY.search(text.strip())
    return _trim(m.group("core")) if m else None


def _trim(core: str) -> str | None:
    """The name inside a match: leading phrase words and a trailing connective removed; None if no name is left
    (or what is left is a phrase about ICBs rather than a name)."""
    words = list(re.finditer(r"[^\s,]+", core))
    texts = [w.group() for w in words]
    if len(texts) > 1 and texts[-1] == "NHS":  # "Fenn and Marsh NHS Integrated Care Board"
        words, texts = words[:-1], texts[:-1]
    if "NHS" in texts:  # "Board of NHS X": the name starts after the last "NHS"
        words = words[len(texts) - texts[::-1].index("NHS"):]
    while words and (words[0].group().lower().strip("’'") in _LEADING or words[0].group() == "&"):
        words = words[1:]
    while words and words[-1].group().lower() in _SMALL:
        words = words[:-1]
    if words and re.search(r"[’']s$", words[-1].group()):  # "Greater Manchester’s ICB": the ICB of Greater Manchester
        end = words[-1].end() - 2
        return _trim(core[:end]) if end > words[0].start() else None
    bad = [i for i, w in enumerate(words) if w.group().lower().strip(".,’'") in _NOT_IN_NAME]
    if bad and bad[-1] + 1 < len(words) and "," in core[words[bad[-1]].end() : words[bad[-1] + 1].start()]:
        return _trim(core[words[bad[-1] + 1].start() :])  # "Ann Bray, Chief Officer, Fenn ICB": the last item
    if not words or bad:
        return None
    if len(words) == 1 and (len(words[0].group()) < 3 or words[0].group().lower() in _SMALL):
        return None
    return core[words[0].start() : words[-1].end()]


def _trim_offset(raw: str, core: str) -> int:
    """Where the trimmed name starts in the raw match (the last occurrence that leaves the name whole)."""
    return raw.rfind(core)


def acronym(core: str) -> str:
    """The initials of a name's capitalised words ("Suffolk and North East Essex" -> "SNEE")."""
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w’'-]*", core) if w[0].isupper())


def same_icb(a: str, b: str) -> bool:
    """Whether two names (cores or full names) are one ICB: equal keys, or one is the other's acronym."""
    ka, kb = icb_key(a), icb_key(b)
    if ka == kb:
        return True
    for short, full in ((a, b), (b, a)):
        word = _core_of(short).replace("NHS", "").replace("ICB", "").replace("ICS", "").strip()
        if 2 < len(word) <= 7 and " " not in word and _abbreviates(word, _core_of(full)):
            return True
    return False


def _abbreviates(word: str, core: str) -> bool:
    """Whether a short form stands for a name: its initials ("SNEE"), or pieces that each open one of the name's
    words in order, the first opening its first ("BSol" for Birmingham and Solihull, "BSW" for Bath and North East
    Somerset, Swindon and Wiltshire, "BOB" for Buckinghamshire, Oxfordshire and Berkshire West)."""
    pieces = re.findall(r"[A-Z][a-z]*", word)
    if "".join(pieces) != word or sum(c.isupper() for c in word) < 2:
        return False
    if word.isupper() and acronym(core) == word:
        return True
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", core) if w[0].isupper()]
    if not words or not words[0].startswith(pieces[0]):
        return False
    i = 1
    for piece in pieces[1:]:
        while i < len(words) and not words[i].startswith(piece):
            i += 1
        if i == len(words):
            return False
        i += 1
    return True


def _core_of(name: str) -> str:
    return re.sub(r"^NHS\s+|\s+(Integrated Care (Board|System)|ICB|ICS)$", "", name.strip())
