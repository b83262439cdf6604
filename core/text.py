"""Text helpers used across layers: sentence spans, tokens for keyword search, and quote normalisation."""

from __future__ import annotations

import re
from functools import lru_cache

# Titles and abbreviations after which a full stop does not end a sentence.
_ABBREV = {
    "dr", "mr", "mrs", "ms", "prof", "rt", "hon", "st", "no", "nos", "vs", "etc", "e.g", "i.e", "cf", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "para", "paras", "fig", "vol", "ed",
    "approx", "inc", "ltd", "co", "cllr", "sir", "gen", "col", "lt", "sgt", "rev", "p", "pp", "s",
}
_SENT_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)|[.!?]+[\"'”’)\]]*$")
_LIST_NUMBER = re.compile(r"\s*\(?(\d{1,3}|[a-zA-Z]|[ivxIVX]{1,4})")  # "1." or "(a)" opening a list item
_LIST_START = re.compile(r"^\s*(?:[•▪●◦·\-–*]\s+|\(?\d{1,3}[.)]\s+|\(?[a-z]{1,3}\)\s+|\d+(?:\.\d+)+\s+)")


def sentence_spans(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Split `text` into sentence spans (start, end), trimmed of surrounding whitespace.

    A line break ends a sentence unless it is a soft wrap (a PDF's line that runs on: see `soft_wrap`); inside
    a line a sentence ends at . ! ? (plus closing quotes or brackets) followed by white space, unless the word
    before is a known abbreviation or an initial. A sentence that runs over a wrap keeps its line break.
    """
    spans: list[tuple[int, int]] = []
    for start, end in _logical_lines(text):
        _split_line(text[start:end], offset + start, spans)
    return spans


_TERMINAL_END = re.compile(r"[.!?:;…][\"'”’)\]]*$")


def soft_wrap(prev: str, nxt: str) -> bool:
    """Whether the break between two non-empty lines only wraps a sentence: the first line does not end one,
    the next does not start a list item, a table row or a heading, and either the next begins in lower case
    (or with a digit) or the first is long enough to be a wrapped line rather than a heading."""
    prev, nxt = prev.strip(), nxt.strip()
    if not prev or not nxt or _TERMINAL_END.search(prev) or " | " in prev or " | " in nxt:
        return False
    if _LIST_START.match(nxt) or nxt.startswith("#"):
        return False
    if nxt[0].islower() or nxt[0].isdigit() or _OPEN_END.search(prev):
        return True  # "… by the 3" / "December, we …": a line that stops on a function word or its number
    # a heading starts in capitals and holds no sentence end; "a different form. As Sir Ada Quill, Chair of
    # Wexmoor NHS" is the tail of a wrapped paragraph, however many capitals it has
    heading = _title_case(prev) and not prev[0].islower() and not any(
        not _is_abbreviation(prev, m.start()) for m in re.finditer(r"[.!?]\s", prev))  # "Dr R. Okoro" ends none
    # "II: Ann Ex, Chief Inspector of Care; and Bo Wye, Chief" lists people and roles: running text, not a title
    listing = ";" in prev
    return len(prev) >= 50 and not (heading and not listing)


_OPEN_END = re.compile(r"\b(?:the|a|an|of|to|by|for|and|or|in|on|at|with|from|that|than|as)(?:\s+\d{1,4})?$")


def _title_case(line: str) -> bool:
    """Mostly capitalised words: a heading ("North East and North Cumbria Integrated Care System")."""
    words = [w for w in line.split() if w.lower() not in ("and", "of", "the", "for", "in", "on", "to", "&", "a")]
    return bool(words) and sum(w[:1].isupper() or w[:1].isdigit() for w in words) >= 0.8 * len(words)


def _logical_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of lines joined by soft wraps."""
    out: list[tuple[int, int]] = []
    pos = 0
    prev = ""
    for line in text.split("\n"):
        end = pos + len(line)
        if out and soft_wrap(prev, line):
            out[-1] = (out[-1][0], end)
        else:
            out.append((pos, end))
        prev = line
        pos = end + 1
    return out


def _split_line(line: str, base: int, spans: list[tuple[int, int]]) -> None:
    start = 0
    for match in _SENT_END.finditer(line):
        end = match.end()
        if _is_abbreviation(line, match.start()) or _LIST_NUMBER.fullmatch(line[start : match.start()]):
            continue
        nxt = line[end:].lstrip()
        if nxt and nxt[0].islower():  # "e.g. something", "4.5 million", "… and"
            continue
        _emit(line, base, start, end, spans)
        start = end
    _emit(line, base, start, len(line), spans)


def _is_abbreviation(line: str, dot: int) -> bool:
    if line[dot] != ".":
        return False
    word = re.search(r"([A-Za-z.]+)$", line[:dot])
    if not word:
        return bool(re.search(r"\d$", line[:dot])) and bool(re.match(r"\.\d", line[dot:]))
    w = word.group(1).lower()
    return w in _ABBREV or (len(w) == 1 and w.isalpha())


def _emit(line: str, base: int, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    piece = line[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    spans.append((base + start + lead, base + start + lead + len(stripped)))


def is_list_item(line: str) -> bool:
    return bool(_LIST_START.match(line))


TITLED_PARAGRAPH_WORDS = 12  # a heading-like line followed by a paragraph longer than this is its title
UNMARKED_ITEM_WORDS = 45  # longer than this, a line after a lead-in is a paragraph, not one of its items


def unmarked_item(line: str) -> bool:
    """Whether a line after a lead-in ("The board consists of:", "Present:") can be an item of a list whose
    bullets were lost on the way (web pages copied as text: one line per member or component): one short line
    that is not a quotation, a question or a lead-in of its own."""
    s = line.strip()
    return (bool(s) and "\n" not in s and len(s.split()) <= UNMARKED_ITEM_WORDS and not s.startswith("#")
            and s[0] not in "“\"‘'" and not s.endswith(("?", ":")) and not _PARLIAMENTARY_QUESTION.match(s))


_PARLIAMENTARY_QUESTION = re.compile(r"\W*To ask\b")  # a written question's opening: a question, not an item


# ---------------------------------------------------------------- verbatim matching

_FOLD = str.maketrans({"‘": "'", "’": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-", "\u00a0": " "})


def fold(text: str, lower: bool = True) -> str:
    """Fold typographic quotes and dashes, collapse white space, lower-case: for tolerant comparison."""
    folded = " ".join(text.translate(_FOLD).split())
    return folded.lower() if lower else folded


# ---------------------------------------------------------------- the corpus's own casing

_CASED_WORD = re.compile(r"[A-Za-z][\w’'&-]*")
_OPENS_TEXT = re.compile(r"(?:^|[.!?:;•\n\"“(@/\\]\s*)$")  # a word here may be capitalised only as a sentence start


def proper_forms(texts) -> dict[str, str]:
    """The words the texts always capitalise mid-sentence ("Cornwall", "ICB", "O’Callaghan"), by their folded
    lower-case form: written twice or more, never once in lower case. A word that is sometimes lower case
    ("board", "officer") is a common word, whatever its headings do."""
    cased: dict[str, dict[str, int]] = {}
    lower: set[str] = set()
    for text in texts:
        for m in _CASED_WORD.finditer(text):
            word = m.group(0)
            if len(word) < 3 or _OPENS_TEXT.search(text[max(0, m.start() - 3): m.start()]):
                continue
            key = fold(word)
            if word.islower():
                lower.add(key)
            elif key not in lower:
                forms = cased.setdefault(key, {})
                forms[word] = forms.get(word, 0) + 1
    singles = {key: max(forms, key=lambda f: (forms[f], f.istitle())) for key, forms in cased.items()
               if key not in lower and key not in STOPWORDS and sum(forms.values()) >= 2}
    return singles | _proper_pairs(texts, singles)


def _proper_pairs(texts, singles: dict[str, str]) -> dict[str, str]:
    """Two-word names whose one word is always capitalised and whose other word is capitalised beside it
    ("Amber Vale", "Upper Wexmoor"), by "word word" folded: written twice or more, never with the other word
    in lower case. Read alone, "country" is a common word; beside "Black" it is part of the name."""
    cased: dict[str, dict[str, int]] = {}
    broken: set[str] = set()
    for text in texts:
        prev = None
        for m in _CASED_WORD.finditer(text):
            if prev is not None and text[prev.end():m.start()] == " ":
                a, b = prev.group(0), m.group(0)
                ka, kb = fold(a), fold(b)
                other, other_word = (kb, b) if ka in singles else (ka, a)
                if (ka in singles) != (kb in singles) and len(other) >= 3 and other not in STOPWORDS \
                        and not (other_word is a and _OPENS_TEXT.search(text[max(0, prev.start() - 3): prev.start()])):
                    key = f"{ka} {kb}"
                    if other_word.islower():
                        broken.add(key)
                    elif other_word[0].isupper():
                        forms = cased.setdefault(key, {})
                        forms[f"{a} {b}"] = forms.get(f"{a} {b}", 0) + 1
            prev = m
    return {key: max(forms, key=lambda f: (forms[f], f.istitle())) for key, forms in cased.items()
            if key not in broken and sum(forms.values()) >= 2}


def truecase(text: str, forms: dict[str, str]) -> str:
    """`text` with each lower-case word the documents always capitalise written their way: "who chairs
    cornwall's board" -> "who chairs Cornwall's board", and each two-word name typed all in lower case ("amber
    vale" -> "Amber Vale"). Other words are left as typed: "NHS England chair" keeps its lower-case chair."""
    def cased(m: re.Match) -> str:
        word = m.group(0)
        if not word.islower():
            return word
        stem, possessive = re.match(r"(.+?)((?:['’]s)?)$", word).groups()
        form = forms.get(fold(stem))
        return form + possessive if form else word

    words = list(_CASED_WORD.finditer(text))
    out, at = [], 0
    for prev, m in zip(words, words[1:]):
        if text[prev.end():m.start()] != " " or prev.start() < at or not (prev.group(0) + m.group(0)).islower():
            continue
        stem, possessive = re.match(r"(.+?)((?:['’]s)?)$", m.group(0)).groups()
        form = forms.get(f"{fold(prev.group(0))} {fold(stem)}")
        if form is not None:
            out.append(_CASED_WORD.sub(cased, text[at:prev.start()]) + form + possessive)
            at = m.end()
    return "".join(out) + _CASED_WORD.sub(cased, text[at:])


def _abbreviates(short: str, name: str) -> bool:
    """"glos" abbreviates "gloucestershire": the same first three letters, the rest of its letters in order."""
    if len(name) < len(short) + 3 or name[:3] != short[:3]:
        return False
    rest = iter(name[3:])
    return all(letter in rest for letter in short[3:])


def expand_short_forms(text: str, forms: dict[str, str], known) -> str:
    """`text` with each lower-case word the documents never use that shortens one name they always capitalise
    written as that name: "glos icb board dates" -> "Gloucestershire icb board dates" ("notts", "lincs").
    `known(stem)`: whether the documents use a word. A word two unrelated names fit is left as typed; of names
    one inside the other ("Gloucester", "Gloucestershire"), the longer is the county a short form means."""
    def expanded(m: re.Match) -> str:
        word = m.group(0)
        key = fold(word)
        if not word.islower() or not word.isalpha() or not 4 <= len(word) <= 8 or key in forms \
                or key in STOPWORDS or any(known(t) for t in tokenize(word)):
            return word
        fits = sorted((k for k in forms if k.isalpha() and _abbreviates(key, k)), key=len)
        if not fits or any(not fits[-1].startswith(k) for k in fits):
            return word
        return forms[fits[-1]]

    return _CASED_WORD.sub(expanded, text)


# shorthand people type and documents spell out ("whos the chief exec", "govt plans", "patient reps")
_SHORTHAND = {"exec": "executive", "execs": "executives", "govt": "government", "gov": "government",
              "rep": "representative", "reps": "representatives", "ppl": "people", "dept": "department",
              "mgmt": "management", "approx": "approximately", "yr": "year", "yrs": "years", "mtg": "meeting",
              "mtgs": "meetings", "whos": "who's", "whats": "what's", "wheres": "where's", "hows": "how's"}
_SHORTHAND_WORD = re.compile(r"\b(?:" + "|".join(_SHORTHAND) + r")\b(?![’'.-]\w)", re.I)


def expand_shorthand(text: str) -> str:
    """`text` with common typed shorthand written out: "whos the chief exec" -> "who's the chief executive".
    Only lower-case words: "REP" or "Rep" may be a name."""
    return _SHORTHAND_WORD.sub(lambda m: _SHORTHAND[m.group(0)] if m.group(0).islower() else m.group(0), text)


# chat pleasantries and asks about the answer's form: they say how to answer, not what about
_PLEASANTRY = re.compile(r"(?:^|(?<=[\s,.;:!?]))(?:please|pls|plz|thanks|thank you|thx|cheers|asap|tl;?dr|"
                         r"(?:the\s+)?(?:short|quick|brief)\s+version|in\s+a\s+nutshell|briefly)"
                         r"(?=$|[\s,.;:!?])", re.I)


# a request's opening: "need the union's quote on …", "I'm looking for who chairs …"
_REQUEST_OPENING = re.compile(r"^\s*(?:hi|hello|hey)?[\s,!]*(?:(?:i|we)\s*(?:'m|’m|am|are)?\s*)?(?:need|want|(?:would|'d|’d)\s+"
                              r"like|looking\s+for|after)\s+(?=the\b|a\b|an\b|to\s+know\b|some\b)(?:to\s+know\s+)?",
                              re.I)


def drop_pleasantries(text: str) -> str:
    """`text` without chat pleasantries ("pls", "thanks", "short version"): "whats on the list? short version pls"
    asks what is on the list. A question that is nothing else is left as it is."""
    kept = " ".join(_PLEASANTRY.sub(" ", _REQUEST_OPENING.sub("", text)).split())
    kept = re.sub(r"\s+([?.!,;:])", r"\1", kept).strip(" ,;:")
    return kept if re.search(r"\w", kept) else text


def name_key(text: str) -> str:
    """`fold`, with hyphens as spaces: "Van-Tam" and "Van Tam" are one name."""
    return fold(text).replace("-", " ")


def source_words(file_name: str) -> str:
    """A file name as words ("107_nottingham_icb_constitution.docx" -> "107 nottingham icb constitution")."""
    return " ".join(re.split(r"[\W_]+", file_name.rsplit(".", 1)[0]))


def mentions_name(name: str, text: str, keyed: str | None = None) -> bool:
    """Whether `text` names `name`: as written (hyphens as spaces, any case), or, for an acronym, spelled out
    ("BNSSG" in "Bristol, North Somerset and South Gloucestershire"). `keyed`: `name_key(text)`, if at hand."""
    if name_key(name) in (keyed if keyed is not None else name_key(text)):
        return True
    if not (name.isupper() and len(name) >= 3):
        return False
    words = re.findall(r"[A-Za-z][\w’']*", text)
    initials = "".join(w[0] if w[0].isupper() else "·" for w in words if w.lower() not in ("and", "of", "the", "for"))
    return name in initials


def covers(passage: str, quote: str) -> bool:
    """True when `quote` appears in `passage`, ignoring case, quote style and white space."""
    return fold(quote) in fold(passage)


# ---------------------------------------------------------------- keyword tokens

STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being below between both
    but by can could did do does doing down during each few for from further had has have having he her here hers
    herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on
    once only or other our ours ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were what when where which
    while who whom why will with would you your yours yourself yourselves say said says also may might must shall
    one whose""".split()
)
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?|£\d+[A-Za-z]*")
_ACRONYM_PLURAL = re.compile(r"^[A-Z]{2,}s$")  # ICSs, PCNs, LMCs: the plural of an acronym


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


TOKENS_VERSION = 4  # bump when tokenize or proper_forms changes: saved keyword indexes are rebuilt (2: "9th" is "9"; 3: two-word
# names; 4: irregular past forms)
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")


def tokenize(text: str, keep_stopwords: bool = False) -> list[str]:
    """Lower-cased, stemmed word tokens; stop words dropped unless asked for. An ordinal is its number ("the 9th
    of May" is "9 May")."""
    words = [
        _ORDINAL.sub(r"\1", (w[:-1] if _ACRONYM_PLURAL.match(w) else w).lower().replace("’", "'").removesuffix("'s"))
        for w in _TOKEN.findall(text)
    ]
    if not keep_stopwords:
        words = [w for w in words if w not in STOPWORDS]
    return _stemmer().stemWords([_IRREGULAR.get(w, w) for w in words])


# irregular past forms, read as their verb ("who spoke for the motion" is answered by "Speaking for the motion, …"):
# the stemmer cuts endings, and these have none to cut
_IRREGULAR = {past: verb for verb, forms in (
    ("speak", "spoke spoken"), ("say", "said says"), ("write", "wrote written"), ("take", "took taken"),
    ("give", "gave given"), ("meet", "met"), ("lead", "led"), ("run", "ran"), ("hold", "held"), ("sit", "sat"),
    ("tell", "told"), ("choose", "chose chosen"), ("begin", "began begun"), ("make", "made"), ("send", "sent"),
    ("bring", "brought"), ("think", "thought"), ("win", "won"), ("lose", "lost"), ("pay", "paid"), ("hear", "heard"),
    ("keep", "kept"), ("become", "became"), ("come", "came"), ("go", "went gone"), ("know", "knew known"),
    ("see", "saw seen"), ("stand", "stood"), ("draw", "drew drawn"), ("grow", "grew grown"), ("build", "built"),
    ("spend", "spent"), ("seek", "sought"), ("buy", "bought"), ("mean", "meant"), ("break", "broke broken"),
    ("withdraw", "withdrew withdrawn"), ("undertake", "undertook undertaken"), ("oversee", "oversaw overseen"),
    ("teach", "taught"), ("feel", "felt"))  # not "rose", "fell", "left": names and places too
    for past in forms.split()}


def content_words(text: str) -> set[str]:
    """Stemmed content words of `text`, as a set."""
    return set(tokenize(text))
