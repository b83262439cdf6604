"""Acronyms of English health and care policy, used to expand queries both ways (ICB ⇄ integrated care board)."""

from __future__ import annotations

import re
from functools import lru_cache

GLOSSARY: dict[str, str] = {
    "ICS": "integrated care system",
    "ICB": "integrated care board",
    "ICP": "integrated care partnership",
    "CCG": "clinical commissioning group",
    "LMC": "local medical committee",
    "LNC": "local negotiating committee",
    "DPH": "director of public health",
    "PCN": "primary care network",
    "STP": "sustainability and transformation partnership",
    "NHSE": "NHS England",
    "NHSEI": "NHS England and NHS Improvement",
    "DHSC": "Department of Health and Social Care",
    "CQC": "Care Quality Commission",
    "VCSE": "voluntary, community and social enterprise",
    "SPF": "Social Partnership Forum",
    "LGA": "Local Government Association",
    "BMA": "British Medical Association",
    "NHSCC": "NHS Clinical Commissioners",
    "NIHR": "National Institute for Health and Care Research",
    "GP": "general practitioner",
    "HWB": "health and wellbeing board",
    "JSNA": "joint strategic needs assessment",
    "OBE": "Officer of the Order of the British Empire",
    "RCGP": "Royal College of General Practitioners",
    "RCP": "Royal College of Physicians",
    "LA": "local authority",
    "NED": "non-executive director",
    "HSJ": "Health Service Journal",
    "PHE": "Public Health England",
    "UKHSA": "UK Health Security Agency",
    "A&E": "accident and emergency",
}


#: Other words for the same thing in this field, matched as the concept too (never used to expand queries):
#: a council is a local authority; primary medical services and general practice are what GPs provide.
ALIASES: dict[str, tuple[str, ...]] = {
    "LA": ("council", "local authorities"),
    "GP": ("general practice", "primary medical services", "general practitioners"),
    "NED": ("non-executive member", "non executive director", "non-executive"),
    "DPH": ("directors of public health",),
    # not acronyms: the plain words news uses for someone leaving a post, or holding one for now ("why did the chair
    # quit" is answered by "has stepped down"; "who is standing in" by "is taking over as interim chair")
    "LEAVING": ("quit", "quits", "resign", "resigned", "resigns", "resigning", "resignation", "step down", "steps down",
                "stepped down", "stepping down", "stand down", "stands down", "stood down", "standing down"),
    "STANDING_IN": ("stand in as", "standing in as", "stands in as", "stood in as", "standing in for", "who is standing in",
                    "stepping in as", "interim chair",
                    "acting chair", "caretaker")
}


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern, str, re.Pattern, str]]:
    out = []
    for short, long in GLOSSARY.items():
        short_re = re.compile(rf"(?<![\w&]){re.escape(short)}s?(?![\w&])")
        long_re = re.compile(rf"\b{re.escape(long)}s?\b", re.I)
        out.append((short_re, short, long_re, long))
    return out


def _inverted(long: str) -> str | None:
    """A long form "<head> of <what>" as the compound English also writes it: "director of public health" ->
    "public health director"; None for other shapes ("Officer of the Order …" keeps its article)."""
    m = re.fullmatch(r"([a-z-]+) of ([a-z][a-z -]*)", long)
    return f"{m.group(2)} {m.group(1)}" if m and not re.search(r"\b(the|a|an|and)\b", m.group(2)) else None


@lru_cache(maxsize=1)
def _all_aliases() -> dict[str, tuple[str, ...]]:
    out = {short: tuple(forms) for short, forms in ALIASES.items()}
    for short, long in GLOSSARY.items():
        if (inverted := _inverted(long)) is not None:
            out[short] = (*out.get(short, ()), inverted)
    return out


@lru_cache(maxsize=1)
def _alias_patterns() -> list[tuple[str, re.Pattern]]:
    return [(short, re.compile(r"\b(?:" + "|".join(re.escape(a) for a in forms) + r")s?\b", re.I))
            for short, forms in _all_aliases().items()]


class _Scan:
    """One text about to be searched for every glossary term. A pattern can match only where its literal text
    occurs, so a plain substring test (case-folded for the long forms) skips nearly every regex: the answerer
    scans each candidate sentence, and this took the concept scan from ~11 ms to ~2 ms a question."""

    def __init__(self, text: str) -> None:
        self.text, self.lower = text, text.lower()

    def short(self, pattern: re.Pattern, short: str) -> bool:
        return short in self.text and pattern.search(self.text) is not None

    def long(self, pattern: re.Pattern, long: str) -> bool:
        return long.lower() in self.lower and pattern.search(self.text) is not None

    def alias(self, short: str, pattern: re.Pattern) -> bool:
        return any(a.lower() in self.lower for a in _all_aliases()[short]) and pattern.search(self.text) is not None


def expansions(text: str) -> list[str]:
    """The other forms of every acronym or long form found in `text`."""
    found: list[str] = []
    scan = _Scan(text)
    for short_re, short, long_re, long in _patterns():
        has_short, has_long = scan.short(short_re, short), scan.long(long_re, long)
        if has_short and not has_long:
            found.append(long)
        elif has_long and not has_short:
            found.append(short)
    return found


def expand_query(text: str) -> str:
    """The query with the other forms of its acronyms appended."""
    extra = expansions(text)
    return f"{text} ({'; '.join(extra)})" if extra else text



def concepts(text: str, among: set[str] | None = None) -> set[str]:
    """The glossary terms `text` names, in either form, as concept tokens ("§LMC"): a phrase counts only whole,
    so "Local Negotiating Committee … medical director" does not pass for "Local Medical Committee".
    `among` limits the search to those concepts (those of an enclosing text, say)."""
    found = set()
    scan = _Scan(text)
    for short_re, short, long_re, long in _patterns():
        if among is not None and f"§{short}" not in among:
            continue
        if scan.short(short_re, short) or scan.long(long_re, long):
            found.add(f"§{short}")
    for short, alias_re in _alias_patterns():
        if (among is None or f"§{short}" in among) and scan.alias(short, alias_re):
            found.add(f"§{short}")
    return found


def concept_parts(text: str) -> set[str]:
    """The words of `text` that make up the glossary terms it names (to be counted once, as the concept)."""
    from core.text import tokenize

    parts: set[str] = set()
    scan = _Scan(text)
    for short_re, short, long_re, long in _patterns():
        has_long = scan.long(long_re, long)
        if has_long or scan.short(short_re, short):
            parts.update(tokenize(short))
            if has_long:
                parts.update(tokenize(long))
    for _, alias_re in _alias_patterns():
        for m in alias_re.finditer(text):
            parts.update(tokenize(m.group(0)))
    return parts
