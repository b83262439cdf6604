"""What a question asks for: its kind (who, when, how many, which, quote, yes/no, why, what), its named
entities, and its content terms — used to choose and check the sentences that answer it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.glossary import GLOSSARY, concept_parts, concepts
from core.text import tokenize

# "which minister answered …", "which director of public health sits on …": a person asked for, as "who" asks
# "which York official", "which senior NHS leader": up to two words naming the place, party or rank between
WHICH_PERSON = re.compile(r"^\s*(?:which|what) (?:(?:(?-i:[A-Z][\w’'-]*)|senior|former|new|local|junior|shadow|health|"
                          r"care|council|government|labour|conservative|tory|liberal democrat) ){0,2}"
                          r"(?:minister|mp|peer|official|person|individual|spokes(?:person|man|woman)|"
                          r"secretary of state|chair(?:man|woman)?|chief executive|director|officer|doctor|clinician|"
                          r"councillor|leader|gp|nurse|manager|politician|campaigner|academic|reporter|journalist|"
                          r"correspondent|editor|author|writer|columnist)\b", re.I)
_KINDS = (
    ("quote", re.compile(r"\b(what|how) (did|does|do|has|have) .+ (say|said|warn|argue|call|describe|state|tell|write|"
                         r"react|respond|welcome|feel|think)"
                         r"|\bwhat (phrase|words?|quote)\b|\bquote\b|\bin (his|her|their) words\b", re.I)),
    ("how_many", re.compile(r"\bhow (many|much)\b|\bwhat (share|proportion|percentage|number|fraction|amount)\b"
                            r"|\bhow (large|big)\b", re.I)),
    ("how_often", re.compile(r"\bhow (often|frequently|regularly)\b|\bhow many times\b", re.I)),
    ("where", re.compile(r"^\s*where\b|\bwhere (does|do|did|is|are|was|were|will|can|could)\b|\b(what|which) (venue|place|"
                         r"location|address)\b", re.I)),
    ("when", re.compile(r"^\s*(when|by when|(?:by|on|from) (?:what|which) date|what date|in (?:what|which) year|what year)\b|\bdeadline\b"
                        r"|\bwhen (was|were|is|are|did|does|do|will|would|has|have|had|can|could|should|must)\b"
                        r"|^\s*what (?:was|is|will be|were) the (?:exact |precise |actual )?(?:date|day)\b"
                        r"|\bhow (long|far|soon) (before|in advance|after|ahead)\b", re.I)),
    # "which minister answered …" asks for a person as "who" does
    ("who", re.compile(rf"^\s*(who|whom|whose)\b|\bwho (is|was|are|were)\b|{WHICH_PERSON.pattern}", re.I)),
    ("which", re.compile(r"^\s*(which|what (organisations?|bodies|body|icbs?|systems?|people|groups?))\b", re.I)),
    ("why", re.compile(r"^\s*why\b|\band why\b|^\s*what (?:was|were|is|are) (?:[\w’']+ ){0,3}?(?:reasons?|reasoning|rationale)\b",
                       re.I)),
    ("yes_no", re.compile(r"^\s*(do|does|did|is|are|was|were|can|could|has|have|will|should|must)\b"
                          r"|^\s*(if|when|once|as)\b[^?]*,\s*(do|does|can|could|will|would|is|are|may)\b", re.I)),
)
_QUESTION_WORDS = {"what", "which", "who", "whom", "whose", "when", "where", "why", "how", "do", "does", "did", "is",
                   "are", "was", "were", "according", "under", "in", "the", "a", "an", "and", "of", "to", "for",
                   # words that open a condition or a scene ("After Kent failed to …", "Since the merger, …")
                   "after", "before", "if", "once", "since", "following", "given", "on", "at", "by", "as", "so"}
_CAP_WORD = re.compile(r"\b([A-Z][\w’'&-]*)")
# a full stop inside a name ("U.K.", "St. Helens") but not one ending a sentence ("the Department. Which …")
_NAME_WORD = r"[A-Z](?:[\w’'&-]|\.(?=\w))*(?:(?:(?<=\bSt)|(?<=\bDr)|(?<=\bMr)|(?<=\bMs)|(?<=\bMrs)|(?<=\.[A-Z]))\.)?"
_ENTITY = re.compile(rf"\b({_NAME_WORD}(?:\s+(?:and|of|for|the|&)?\s*{_NAME_WORD})*)")
# ("did X report …" is not among them: it asks what X said, in whatever words the page reports it)
_OUTCOME_WORD = re.compile(r"\b(recommend|conclude|find|decide|propose|rule|reject|accept|recommended|concluded|"
                           r"found|decided|proposed|rejected|accepted)\b", re.I)


# "what decisions did the board take": the outcome named as a noun before its verb
_OUTCOME_NOUN = re.compile(r"\b(?:what|which)\s+(?:[a-z]+\s+){0,2}?(decision|recommendation|conclusion|finding)s?\s+"
                           r"(?:did|does|do|has|have|was|were)\b", re.I)
_NOUN_VERB = {"decision": "decide", "recommendation": "recommend", "conclusion": "conclude", "finding": "find"}


_BASE_VERB = {"recommended": "recommend", "concluded": "conclude", "found": "find", "decided": "decide",
              "proposed": "propose", "rejected": "reject", "accepted": "accept"}


def _outcome_verb(question: str) -> str | None:
    """The outcome asked about ("what did the review recommend", "what decisions did the board take"): the
    last such verb after "did", or the verb of the outcome the question names."""
    noun = _OUTCOME_NOUN.search(question)
    did = re.search(r"\bdid\b", question, re.I)
    words = _OUTCOME_WORD.findall(question[did.end():] if did else question)
    if noun and not (did and words):  # "which recommendations did they reject": the verb, not the noun
        return _NOUN_VERB[noun.group(1).lower()]
    if not words or (not did and words[-1].lower() in ("recommend", "conclude", "find", "decide", "propose",
                                                        "rule", "reject", "accept")):
        return None
    return _BASE_VERB.get(words[-1].lower(), words[-1].lower())


@dataclass(frozen=True)
class QuestionInfo:
    """The parts of a question that steer answer selection."""

    text: str
    kind: str
    terms: tuple[str, ...]  # stemmed content words
    entities: tuple[str, ...]  # named people, organisations, places (as written)
    rare_names: tuple[str, ...]  # capitalised words that must appear in the evidence
    outcome_verb: str | None  # "recommend" in "what did the review recommend", for tense checks
    compound: bool  # asks two things ("who … and what …", "which … and why")
    attribute: str | None = None  # "budget" in "what is the annual budget of X": must be in the evidence
    topic_terms: tuple[str, ...] = ()  # terms of the earlier turn a follow-up refers to (weighted lower)
    relation: tuple[tuple[str, ...], tuple[str, ...]] | None = None  # (role stems, names) that must meet
    composition: bool = False  # asks who sits on a board or what it is made of
    listing: bool = False  # the answer is a list (members, kinds, who sits on): give the whole list
    specific: tuple[str, ...] = ()  # stems of a specific fact asked for (salary, budget, votes): must be stated
    speakers: tuple[str, ...] = ()  # names in the subject of "what did X say / how did X react"
    speaker_words: tuple[str, ...] = ()  # stems of how X is described ("the health managers' union")
    seat: tuple[str, ...] = ()  # the role in "is there a GP on the board" (a concept or stems): must be stated
    scene: tuple[str, ...] = ()  # terms of an opening "In the X guidance reported by Y," : where, not what
    # "which meetings were scheduled after the September 2022 one": (">" or "<", (year, month), the date as
    # written); month 0 for a year
    time_bound: tuple[str, tuple[int, int], str] | None = None

    def has(self, term: str, words: set[str]) -> bool:
        """Whether `words` (stems and concept tokens of a text) hold the question term."""
        return term in words


_PART_SPLIT = re.compile(r"(?:\?\s+(?:and\s+)?|,\s*(?:and\s+)?|\s+and\s+)(?=(?:roughly\s+|approximately\s+|about\s+)?(?:how\b|who\b|whom\b|"
                         # a preposition may open the part: "…, and to how many …", "and with whom …"
                         r"(?:to|from|for|with|by|in|on|at|of|under|into|until|since)\s+(?:how|what|which|whom|whose|"
                         r"when|where)\b|"
                         r"what\b|when\b|which\b|where\b|why\b|did\b|does\b|do\b|is\b|"
                         r"are\b|was\b|were\b|can\b|could\b|may\b|will\b|would\b|should\b|has\b|have\b))", re.I)


# a question reported inside the one asked: "… the written question asking how many ICBs have …"
_REPORTED_ASK = re.compile(r"\b(?:question|query|motion|petition|request|letter|PQ)\s+(?:asking|that asked|which asked)\s+"
                           r"(?:about\s+)?(?:how|what|whether|who|when|why|which|where)\b[^,?;]*", re.I)


def _kind(question: str) -> str:
    scene = _scene(question)
    if scene:
        question = question[len(scene):].lstrip(" ,")  # "Under the 2022 Act, is there …" asks as "is there …" does
    question = _REPORTED_ASK.sub(" ", question)  # "who answered the question asking how many …": a who question
    return next((name for name, pattern in _KINDS if pattern.search(question)), "what")


def _background(question: str) -> tuple[str, str]:
    """A question told after what the asker knows ("I'm a consultant and someone told me that … . Is there a
    guaranteed seat …?"): (the statements before, the sentences that ask); ("", question) when it opens by asking."""
    sentences = re.split(r"(?<=[.!])\s+(?=[A-Z])", question.strip())
    told = []
    for sentence in sentences[:-1]:
        if "?" in sentence or _ASKS.match(sentence.strip()):
            break
        told.append(sentence)
    if not told or len(told) == len(sentences):
        return "", question
    return " ".join(told), question.strip()[len(" ".join(told)):].strip()


def _scene(question: str) -> str | None:
    """An opening phrase that sets the scene and asks nothing ("Under the 2022 Act", "In the design guidance
    reported by HSJ"): it says where the answer is, not what it says."""
    scene = re.match(r"([^,?]+),\s*(\S.*)$", question, re.S)
    return scene.group(1) if scene and not _ASKS.search(scene.group(1)) else None


_ASKS = re.compile(r"\b(?:what|what's|who|who's|whom|whose|how|when|where|which|why)\b|^\s*(?:is|are|do|does|did|can|could|"
                   r"will|would|should|has|have|was|were|may|must|tell|list|give|show|need)\b", re.I)


_ENUMERATOR = re.compile(r"(?:[,;]?\s*(?:and\s+|or\s+)?)\(\s*(?:[a-h]|i{1,3}|iv|vi{0,3})\s*\)\s*", re.I)
_ENUMERATED_FIRST = re.compile(r"\(\s*(?:a|i)\s*\)", re.I)  # "(a)" or "(i)": the question numbers its parts


def parts(question: str) -> list[str]:
    """The questions a compound question asks ("When was X published, and what was it asked to consider?"):
    each part, to be answered or said to be missing. A simple question is its own single part."""
    if _ENUMERATED_FIRST.search(question) and len(_ENUMERATOR.findall(question)) >= 2:
        # "For X, (a) under which section was it set up, and (b) on what date …": the parts as they are numbered
        stem, *asked = [p.strip(" ;?") for p in _ENUMERATOR.split(question.strip())]
        asked = [p.strip(" ,") for p in asked if p.strip(" ,")]
        if len(asked) > 1:  # what comes before "(a)" belongs to every part: "Does the ICB (a) … (b) …"
            joint = ", " if stem and not _ASKS.search(stem) else " "  # a scene ("For X,") or the question's start
            return [f"{stem}{joint}{p}".strip(" ,") for p in asked]
    pieces = [p.strip(" ,?") for p in _PART_SPLIT.split(question.strip())]
    # a part of one word is asked only when it is a question word ("…, and when?")
    pieces = [p for p in pieces if len(p.split()) >= 2 or re.fullmatch(r"(?i)when|where|who|why|how", p)]
    condition = re.match(r"(if|once|as|after|before|while|unless|when i|when we|when you)\b", pieces[0], re.I)
    # "wexm board dates for 2024? what time do they start": a phrase with its own question mark is asked, though
    # no question word opens it
    asked_alone = re.match(re.escape(pieces[0]) + r"\s*\?", question.strip()) if len(pieces) > 1 else None
    if len(pieces) > 1 and (condition or not (_ASKS.search(pieces[0]) or asked_alone)):
        # "If I attend as an observer, can I vote?": a condition is not a first question. It belongs to the question
        # after it, as a phrase that sets the scene does ("In the BMA's evidence, how many …, and how many …?"),
        # and the rest may still be two questions
        pieces = [f"{pieces[0]}, {pieces[1]}", *pieces[2:]]
    return pieces if len(pieces) > 1 else [question]


# words that say how the question asks, not what about ("how many", "roughly", "exactly")
_ASKING_WORDS = set(tokenize("many much far big large roughly approximately exactly precisely anyone someone anybody often "
                             "frequently "
                             # how people talk when they ask, not what they ask about ("I keep mixing up X and Y –
                             # what does each actually do? short version pls"): rare in documents, so these would
                             # otherwise weigh most in what a sentence must cover
                             "actually really basically pls plz please short version keep keeps mixing confused "
                             "confusing wondering curious"))


# nouns that name the kind of answer, not what it is about: "the deadline for …" asks when, "the venue" where;
# the sentence that answers rarely repeats them ("questions up to 3 days before the meeting")
_KIND_WORDS = {kind: frozenset(tokenize(words)) for kind, words in (
    ("when", "deadline deadlines date dates time year day far ahead due"),
    ("where", "venue place location address area areas region"),
    ("how_often", "frequency"),
    ("which", "organisation organisations organization body bodies group groups area areas region regions place places"),
    ("why", "reason reasons reasoning rationale"),
    # "the X quote to the committee about …": the words quoted are the answer; few sentences say "quote"
    ("quote", "quote quotes quotation quotations quoted"))}


def kind_words(kind: str) -> frozenset[str]:
    """The stems that name a kind of answer ("deadline" for when): no sentence needs them to answer."""
    return _KIND_WORDS.get(kind, frozenset())


def asked_type_words(question: str) -> frozenset[str]:
    """The stems that name the kinds of answer each part of `question` asks for ("which organisation …, and what
    was its reasoning?": organisation, reasoning)."""
    return frozenset().union(*(kind_words(_kind(part)) for part in parts(question)))


def analyse(question: str, topic: str | None = None) -> QuestionInfo:
    """Classify a question and pull out its terms and entities (`topic`: the earlier turn of a follow-up)."""
    background, asking = _background(question)
    asked_terms = set(tokenize(asking)) | concepts(asking)
    kind = _kind(parts(asking)[0])
    if kind == "what" and _NAMED_COMMENT.search(question):
        kind = "quote"  # "Jane Doe comments on the merger"
    if kind == "what" and re.search(r"\bpopulation\b", parts(question)[0], re.I):
        kind = "how_many"  # "what is the population it serves": a count of people
    entities = tuple(_entities(question))
    verb = _outcome_verb(question)
    compound = len(parts(question)) > 1
    if verb:
        verb = _BASE_FORM.get(verb.lower(), verb)
    kind_words = _KIND_WORDS.get(kind, frozenset())
    attr = _ATTRIBUTE.search(question)
    attribute = attr.group(1).lower() if attr and attr.group(1).lower() not in _META_NOUNS else None
    if attribute and set(tokenize(attribute)) <= kind_words:
        attribute = None  # "what is the deadline for …": a when-question, answered by a time, not the word
    relation = _relation(question)
    if relation and set(relation[0]) <= kind_words:
        relation = None
    # a glossary term is one concept ("§LMC"), whichever form the question uses, not a bag of its words
    glossary_words = concept_parts(question)
    bound = time_bound(question)
    # the day a bound is set by is no term to match: the answer gives other days ("after the September one")
    bound_words = set(tokenize(bound[2])) if bound else set()
    terms = [t for t in dict.fromkeys(tokenize(question)) if t not in glossary_words and t not in _ASKING_WORDS
             and t not in bound_words]
    terms += sorted(concepts(question))
    composition = bool(_COMPOSITION.search(question))
    return QuestionInfo(question, kind, tuple(terms), entities,
                        tuple(_rare_names(question)), verb.lower() if verb else None, compound, attribute,
                        tuple(t for t in dict.fromkeys(tokenize(topic or "")) if t not in tokenize(question)),
                        relation, composition,
                        # "NHS Wexmoor board: which meetings were …": the list asked after a topic and a colon
                        composition or bool(_LISTING.search(question) or _LISTING.search(_after_topic(question))),
                        tuple(dict.fromkeys(tokenize(" ".join(m.group(0) for m in _SPECIFIC.finditer(question))))),
                        tuple(_speaker_names(question)) if kind == "quote" else (),
                        tuple(tokenize(_speaker_phrase(question))) if kind == "quote" else (),
                        _seat(question),
                        # what the asker tells before asking is met by the page, as a scene is, unless it asks it
                        tuple(t for t in dict.fromkeys([*tokenize(scene), *sorted(concepts(scene))]) if t in terms
                              and not (background and t in asked_terms))
                        if (scene := " ".join(filter(None, (background, _scene(asking))))) else (),
                        bound)



# "does X have a public health director on its board", "is there a nurse on the ICB board": a role asked about
_SEAT = re.compile(r"\b(?:have|has|had|include|includes|included|there|get|gets)\s+(?:a|an|any|one|at least one)\s+"
                   r"(?P<role>[\w -]{2,40}?)\s+(?:on|in|at|sitting on|among)\s+(?:the|its|their|our|this|that|my)?\s*"
                   r"(?:[\w&'’ -]{0,50}?\s)?(?:board|boards|icbs?)\b", re.I)


def _seat(question: str) -> tuple[str, ...]:
    """The role a yes/no question asks a board to have, as the glossary concepts a passage must name ("a public
    health director" -> §DPH, "a GP" -> §GP); () when it asks no such thing, or names the role in plain words,
    which documents write in too many ways ("a hospital doctor": "secondary care clinicians") to require."""
    m = _SEAT.search(question)
    return tuple(sorted(concepts(m.group("role")))) if m else ()


_SPEAKER_SUBJECT = re.compile(r"\b(?:what|how) (?:did|does|do|has|have|was|were) (?P<who>.+?) (?:say|said|warn|argue|"
                              r"call|describe|state|tell|write|react|respond|welcome|feel|think|received)\b", re.I)


HONORIFICS = r"Dr|Prof|Professor|Sir|Dame|Mr|Mrs|Ms|Miss|Cllr|Lord|Baroness|Lady|Rt Hon"


_NAMED_COMMENT = re.compile(r"^\s*(?:the\s+)?(?P<who>(?:[A-Z][\w’'-]*\s+){1,4}?)(?:['’]s\s+)?(?:comments?|views?|reaction|response|"
                            r"quotes?|remarks?)\b")


def _speaker_phrase(question: str) -> str:
    """Who a "what did X say" question asks about, as written ("the health managers' union"), or ""."""
    m = _SPEAKER_SUBJECT.search(question) or _NAMED_COMMENT.search(question) or re.search(
        r"\bquote from (?P<who>.+?)(?: on | about |$|\?)", question, re.I)
    return m.group("who") if m else ""


def _speaker_names(question: str) -> list[str]:
    """The names in who is asked about: "the Guild's Jo Bloggs" in "what did the Guild's Jo Bloggs
    say", "BMA" in "how did the BMA react" — not the topic ("the Hewitt review")."""
    who = _speaker_phrase(question)
    if not who:
        return []
    if who.strip().lower() in ("he", "she", "they", "him", "her"):  # "… quotes Sir Ada Quill — what did she say"
        at = question.lower().find(f" {who.strip().lower()} ")
        people = [e for e in _entities(question[: max(at, 0)]) if names_a_person(e)]
        who = people[-1] if people else who
    names = []
    for entity in _entities("x " + who):
        for piece in re.split(r"(?<=['’]s)\s+", entity):  # "the Guild's Dr Ines Halloran": two names
            piece = re.sub(rf"^(?:{HONORIFICS})\.?\s+", "", re.sub(r"['’]s$", "", piece))
            if piece.lower() != "x":
                names.append(piece)
    names += [a for a in re.findall(r"\b[A-Z]{2,}\b", who) if not any(a in n for n in names)]
    return names


# facts that a passage either states or does not: asked about an entity the documents cover, their absence is
# still an absence (a page about a chief executive that never gives her salary)
_SPECIFIC = re.compile(r"\b(salar(?:y|ies)|pay|paid|remuneration|budget|deficit|surplus|turnover|population|"
                       r"(?:spending|financial|delegated|approval) limits?|"
                       r"votes?|voted|voting figures?|majority of \d+|headcount|postcode|address|telephone|email|"
                       r"(?:(?<=redundancy )|(?<=retirement )|(?<=severance )|(?<=exit ))packages?|severance|"
                       r"pay-?offs?|bonus(?:es)?|(?<=how much )money)\b",
                       re.I)


# "Who sits on …", "Who's on the board", "What kinds of members make up …", "How is the board made up"
_COMPOSITION = re.compile(r"\bwho(?:'s|’s| is| are)? (?:sits?|serves?|on)\b|\bwho (?:is|are) (?:on|members)\b"
                          r"|\b(?:make|makes|made) up\b|\bcompos(?:ed|ition)\b|\bconsists?\b|\bmembership\b"
                          r"|\bmembers? (?:of|on)\b|\bwho (?:attends?|attended|can attend|(?:was|were) present)\b|\bboard members\b", re.I)
_LISTING = re.compile(r"\b(?:what|which) (?:kinds?|types?|roles?|members|organisations|bodies|groups)\b"
                      # "who will chair the three clusters", "both boards": as many answers as it counts
                      r"|\b(?:the|all|both) (?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\b"
                      r"|\blist\b|\bwho (?:are|were) the\b"
                      # "what board positions can …", "which recommendations were …": a plural thing asked for
                      r"|^\s*(?:what|which) (?:[a-z]+ ){0,2}?(?!(?:this|does|has|was|is|its|his|hers|theirs|status|process|"
                      r"business|access|address|news|progress|analysis|basis)\b)[a-z]{3,}[^su\W]s\s+"
                      r"(?:can|could|do|does|did|are|were|will|would|should|must|have|has|had|is|was)\b", re.I)


_BASE_FORM = {"recommended": "recommend", "concluded": "conclude", "found": "find", "decided": "decide",
              "proposed": "propose"}
# "Who is the medical director of Somerset ICB?", "Who chairs X?", "What is the budget of X?"
_ROLE_OF = re.compile(r"^\s*who(?:['’]s|\s+(?:is|was|are|were|has been|have been|had been|will be))\s+(?:the\s+)?(?P<role>[a-z][a-z -]{2,40}?)\s+(?:of|at|for|on)\s+"
                      r"(?:the\s+)?(?P<entity>[A-Z].*)$", re.I)
_ROLE_VERB = re.compile(r"^\s*who\s+(?:(?:will|would|is to|is going to|is set to)\s+)?"
                        r"(?P<role>chairs?|leads?|runs?|heads?|manages?|directs?)\s+(?:the\s+)?(?P<entity>[A-Z].*)$",
                        re.I)


def _relation(question: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The role (or attribute) and the named entity that one sentence of the evidence must join."""
    q = question.strip().rstrip("?")
    m = _ROLE_OF.match(q) or _ROLE_VERB.match(q) or _ATTRIBUTE_OF.match(q)
    if not m:
        return None
    names = tuple(_rare_names("X " + m.group("entity")))
    # "who was named chair designate of X": how they came to the role is not the role
    role = tuple(tokenize(re.sub(r"^(?:[a-z]+ed|made|chosen)\s+(?:as\s+)?", "", m.group("role"), flags=re.I)))
    return (role, names) if role and names else None


_ATTRIBUTE_OF = re.compile(r"^\s*what(?:'s| is| are| was| were)\s+(?:the|an?|its|their)\s+(?P<role>[a-z][a-z -]{2,40}?)"
                           r"\s+(?:of|for|at|in)\s+(?:the\s+)?(?P<entity>[A-Z].*)$", re.I)


# "What is the annual budget of X?", "What was the population of Y?": the attribute asked for
_ATTRIBUTE = re.compile(r"^\s*what(?:'s| is| are| was| were)\s+(?:the|an?|its|their)\s+(?:[a-z-]+\s+){0,2}?"
                        r"([a-z-]+)\s+(?:of|for|at|in)\s+[A-Z]", re.I)
_META_NOUNS = {"name", "role", "purpose", "view", "position", "kind", "type", "point", "aim", "meaning", "scope",
               "focus", "status", "response", "number", "size", "relationship"}


def _entities(question: str) -> list[str]:
    out = []
    for match in _ENTITY.finditer(question):
        phrase = match.group(1).strip(" .,'’")
        words = phrase.split()
        while words and words[0].lower() in _QUESTION_WORDS:
            words = words[1:]
        if words and not (len(words) == 1 and words[0].upper() in GLOSSARY):
            out.append(" ".join(words))
    return [e for e in out if e]


def names_in(question: str) -> list[str]:
    """The names a question asks about (capitalised words other than question words and acronyms)."""
    return list(dict.fromkeys(_rare_names(question)))


_CALENDAR_WORDS = frozenset("January February March April June July August September October November December "
                            "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())


def _rare_names(question: str) -> list[str]:
    """Capitalised words other than the first, question words and known acronyms: names to look for."""
    names = []
    for match in _CAP_WORD.finditer(question):
        word = match.group(1).rstrip("’'s").rstrip("’'")
        sentence_start = match.start() == 0 or re.search(r"[.?!]\s*$", question[: match.start()])
        if sentence_start or word.lower() in _QUESTION_WORDS or re.match(r"I(?:['’]\w+)?$", word):
            continue
        stripped = word[:-1] if re.fullmatch(r"[A-Z]{2,}s", word) else word
        if stripped.upper() in GLOSSARY or stripped in ("NHS", "I") or stripped in _CALENDAR_WORDS:
            continue  # a month or weekday is a date, checked as one ("its July 2023 update"), not a name
        names.append(word)
    return names


# ---------------------------------------------------------------- answer-type evidence in a sentence

_NUMBER_WORDS = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
                 r"seventeen|eighteen|nineteen|twenty|thirty|"
                 r"forty|fifty|hundred|thousand|million|billion|half|third|quarter|dozen|none|no|single|all|every")
_NUMBER = re.compile(rf"\d(?:[\d,.]*\d)?|%|£|\b({_NUMBER_WORDS})\b", re.I)  # "42" whole: what follows it is counted
_QUANTIFIERS = frozenset("none no single all every".split())  # count only beside what they count ("no GPs")
_MONTHS = r"January|February|March|April|May|June|July|August|September|October|November|December"
_WEEKDAYS = r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
# a date, a day or a time of day ("10am", "2.30 pm", "14:00", "noon"); a month as written ("the board may meet" is no date)
_DATE = re.compile(rf"\b(?-i:{_MONTHS}|{_WEEKDAYS})\b|\b(19|20)\d\d\b|\b(yesterday|today|tomorrow|last week|next year|this "
                   r"year|noon|midday)\b|\b\d{1,2}(?:[.:]\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.)(?!\w)|\b\d{1,2}:\d\d\b", re.I)
_PERSONISH = re.compile(r"\b(Dr|Prof|Professor|Sir|Dame|Mr|Mrs|Ms|Lord|Baroness|Rt Hon)\b|\b[A-Z][a-z]+ [A-Z][a-z]+\b"
                        r"|\b(chair|chief executive|secretary|chancellor|minister|registrar|director|president|"
                        r"leader|spokesperson|spokesman|spokeswoman)\b")
# figures that are dates, not counts: years, "3 December", "1 July 2022", "2023-24"
_DATE_FIGURES = re.compile(rf"\b\d{{1,2}}(st|nd|rd|th)?\s+(?:{_MONTHS})\b|\b(?:{_MONTHS})\s+\d{{1,2}}\b|"
                           r"\b(19|20)\d\d(?:[-/]\d{2,4})?\b", re.I)
_MONTH_NAMES = _MONTHS.split("|")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTHS}|{'|'.join(m[:3] for m in _MONTH_NAMES)})\b\.?"
                        rf"|\b({_MONTHS}|{'|'.join(m[:3] for m in _MONTH_NAMES)})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b", re.I)
_NUMERIC_DAY = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](?:\d{4}|\d{2})\b")


def days_named(text: str) -> list[tuple[str, int, int]]:
    """The calendar days a text names, as (as written, day, month): "3 November 2022", "Nov 3rd", "03/11/2022"
    (day first, as in the UK)."""
    out = []
    for m in _DAY_MONTH.finditer(text):
        day, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        number = next(i for i, name in enumerate(_MONTH_NAMES, 1) if name.lower().startswith(month.lower()[:3]))
        if 1 <= int(day) <= 31:
            out.append((m.group(0).rstrip("."), int(day), number))
    for m in _NUMERIC_DAY.finditer(text):
        day, month = int(m.group(1)), int(m.group(2))
        if 1 <= day <= 31 and 1 <= month <= 12:
            out.append((m.group(0), day, month))
    return out


_MONTH_YEAR = re.compile(rf"\b({_MONTHS}|{'|'.join(m[:3] for m in _MONTH_NAMES)})\.?,?\s+((?:19|20)\d\d)\b"
                         r"|\b\d{1,2}[./](\d{1,2})[./]((?:19|20)\d\d)\b|\b((?:19|20)\d\d)-(\d\d)-\d\d\b", re.I)
_DAY_BEFORE = re.compile(r"\d(?:st|nd|rd|th)?\s+(?:of\s+)?$", re.I)


def months_named(text: str, bare: bool = False) -> list[tuple[str, int, int]]:
    """The months of a year a text names, as (as written, month, year): "January 2025", "30th Jan 2025",
    "30/01/2025", "2025-01-30". `bare`: only a month without its day ("the meeting in January 2025")."""
    out = []
    for m in _MONTH_YEAR.finditer(text):
        if m.group(1):
            if bare and _DAY_BEFORE.search(text[max(0, m.start() - 12): m.start()]):
                continue
            number = next(i for i, name in enumerate(_MONTH_NAMES, 1) if name.lower().startswith(m.group(1).lower()[:3]))
            out.append((m.group(0), number, int(m.group(2))))
        elif bare:
            continue
        elif m.group(3) and 1 <= int(m.group(3)) <= 12:
            out.append((m.group(0), int(m.group(3)), int(m.group(4))))
        elif m.group(5) and 1 <= int(m.group(6)) <= 12:
            out.append((m.group(0), int(m.group(6)), int(m.group(5))))
    return out


def years_asked(question: str) -> list[str]:
    """The plain years a question asks about ("back in 2021", "in 2023/24" -> "2023"), not a law's year nor one
    inside a date (a day or month asked is checked on its own)."""
    text = _STATUTE_YEAR.sub(" ", question)
    text = re.sub(rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?:{_MONTHS})\s+(?:19|20)\d\d\b", " ", text)
    return re.findall(r"\b(?:19|20)\d\d\b", text)


def _after_topic(question: str) -> str:
    """A question without an opening topic and colon ("NHS Wexmoor board: which …" -> "which …")."""
    return re.sub(r"^[^:?]{1,60}:\s*", "", question)


_TIME_BOUND = re.compile(rf"\b(?P<dir>after|since|following|later than|before|prior to|until|earlier than)\s+"
                         rf"(?:the\s+|its\s+|their\s+)?(?P<when>(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?:{_MONTHS})\s+"
                         rf"(?:19|20)\d\d|(?:19|20)\d\d)\b", re.I)


def time_bound(question: str) -> tuple[str, tuple[int, int], str] | None:
    """A question's bound in time: "after the September 2022 one" -> (">", (2022, 9), "September 2022"),
    "before 2024" -> ("<", (2024, 0), "2024"); None without one."""
    m = _TIME_BOUND.search(question)
    if not m:
        return None
    direction = ">" if m.group("dir").lower() in ("after", "since", "following", "later than") else "<"
    months = months_named(m.group("when"))
    when = (months[0][2], months[0][1]) if months else (int(m.group("when")), 0)
    return direction, when, m.group("when")


def outside_bound(bound: tuple, sentence: str) -> bool:
    """Whether a sentence dates itself only to the wrong side of a question's bound ("Friday 1 July 2022" for
    "after the September 2022 one"); a sentence with no month and year is not outside it. `bound`: (direction,
    (year, month)), and the date as written, as `time_bound` gives it."""
    direction, (year, month) = bound[:2]
    dated = [(y, m if month else 0) for _, m, y in months_named(sentence)]
    if not dated:
        return False
    if direction == ">":
        return all(d <= (year, month) for d in dated)
    return all(d >= (year, month) for d in dated)


_CODES = re.compile(r"\b[A-Za-z]+[-/]?\d+\b|\b\d+[A-Za-z]\w*\b")  # COVID-19, HL9462, 3pm: labels, not counts
_ITEM_NUMBER = re.compile(r"^\s*\(?(?:\d{1,3}(?:\.\d{1,3})*|[a-z])[.)]\s+")
_FREQUENCY = re.compile(r"\b(?:bi-?)?(?:daily|weekly|monthly|quarterly|annually|yearly|fortnightly)\b|\bevery\b|"
                        r"\b(?:once|twice|\w+ times) (?:a|an|per|each)\b|\bper (?:year|annum|month)\b|\b(?:a|each) (?:year|month|week|quarter)\b|"
                        r"\bannual\b",
                        re.I)
_QUOTE_MARK = re.compile(r"[“”‘’\"]")
# a time given relative to something ("up to 3 calendar days before", "within six weeks of")
_RELATIVE_TIME = re.compile(r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|a)\s+(?:clear\s+|calendar\s+|"
                            r"working\s+|business\s+)?(?:days?|weeks?|months?|hours?)\s+(?:before|after|of|prior|in advance|"
                            r"ahead|from|following)\b|\bwithin\s+(?:\d+|\w+)\s+(?:\w+\s+)?(?:days?|weeks?|months?)\b", re.I)
# where something is or happens: an address or a venue; "online" is a where only for a meeting held online
_PLACE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b|\b(?:held|meet|meets|take place|takes place|located|based)\s+"
                    r"(?:at|in|on)\b|\b(?:venue|room|hall|house|centre|center|building)\b", re.I)
_ONLINE = re.compile(r"\b(?:online|virtual(?:ly)?|livestream(?:ed)?|teams|zoom|youtube|website|webpage)\b", re.I)


_NOT_NAME_WORDS = {"NHS", "ICB", "ICS", "ICP", "CCG", "Board", "Boards", "Council", "County", "Trust", "Committee",
                   "Integrated", "Care", "Health", "Chief", "Executive", "Officer", "Director", "Chair", "Member",
                   "Partner", "Non", "Services", "Service", "Medical", "Primary", "Public", "Local", "Authority",
                   "Foundation", "Group", "System", "Meeting", "Meetings", "England", "University", "Hospital",
                   "Royal", "College", "National", "Department", "Government", "Secretary", "State", "The", "This",
                   "View", "Papers", "Page", "Our", "For", "In", "Of", "And", "Dates", "Full", "Governance",
                   "Governing", "Body", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
                   "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                   "November", "December", "Additional", "Formal", "Annual", "General",
                   # what a document is called: "the White Paper", "the Hewitt Review" name no one
                   "Paper", "Review", "Report", "Bill", "Act", "Plan", "Strategy", "Constitution", "Handbook",
                   "Guidance", "Order", "Regulations", "Schedule", "Amendment", "Inquiry", "Response", "Statement",
                   "Update"}
# words that make the capitalised words before them an organisation's name ("Fenn Vale Hospitals", "… ICB")
_ORG_WORDS = {"NHS", "ICB", "ICS", "ICP", "CCG", "Board", "Council", "County", "Trust", "Hospital", "Integrated",
              "Health", "Healthcare", "Care", "Foundation", "University", "College", "Partnership", "Alliance",
              "Clinical", "Community", "Primary", "Borough", "City", "District", "Group", "Network", "Commission",
              "Committee", "Federation", "Association", "Institute", "Society", "Union", "Confederation", "Centre",
              "Practice", "Surgery", "Medical", "Mental", "Ambulance", "Service", "Services", "Teaching", "Acute"}
_HONORIFIC_NAME = re.compile(r"\b(?:Dr|Prof|Professor|Sir|Dame|Mr|Mrs|Ms|Miss|Cllr|Lord|Baroness|Lady)\.?\s+[A-Z]")
_CAPITALISED_PAIR = re.compile(r"\b([A-Z][a-z’'-]+)\s+((?:Van|van|de|De|Le|le|O['’])?\s?[A-Z][A-Za-z’'-]*[a-z][A-Za-z’'-]*)\b")


_OPENING_PLACE = re.compile(r"^\s*In\s+(?P<place>[A-Z][\w’'-]*(?:\s+(?:and\s+|of\s+|the\s+)?[A-Z][\w’'-]*){0,5}),")


def names_a_person(sentence: str) -> bool:
    """Whether a sentence names a person: an honorific and a name, or a first name and surname that are not
    the words of an organisation or a role ("Dame Ada Quill", "Bo Renn" — not "Dorset Board")."""
    if _HONORIFIC_NAME.search(sentence):
        return True
    scene = _OPENING_PLACE.match(sentence)
    for start in (w.start() for w in re.finditer(r"\b[A-Z]", sentence)):  # overlapping: "Chair Ken Aldous"
        m = _CAPITALISED_PAIR.match(sentence, start)
        if m is None or (scene and m.end() <= scene.end("place")):
            continue  # "In Fenn and South Marsh, our …": the place a sentence opens on is no one's name
        a, b = m.group(1), m.group(2)
        if a in _NOT_NAME_WORDS or b.split()[-1] in _NOT_NAME_WORDS:
            continue
        after = re.match(r"\s+([A-Z][\w’'&-]*)", sentence[m.end():])
        before = re.search(r"\b(\w+)\s+$", sentence[: m.start()])
        if (after and after.group(1).rstrip("s") in _ORG_WORDS) or (before and before.group(1) == "NHS"):
            continue  # "NHS South Yorkshire", "Morecambe Bay Hospitals": a body named after a place
        return True
    return False


#: words between a number and the noun it counts ("three independent non-executive directors")
_COUNT_WINDOW = 5
#: after "how many", the words that end the counted noun phrase (auxiliaries, prepositions, common verbs)
_NOUN_PHRASE_END = frozenset(
    "do does did are is were was will would can could should may might must have has had be been in on at for from to "
    "by with within across there sit sits sat serve serves served make made get got attend attended vote voted say said "
    "take took work works worked receive received hold held".split())
#: counted nouns too general to tell one count from another ("how many people …")
_GENERIC_COUNT = frozenset("people persons person ones things times".split())


def _counted_phrase(question: str) -> list[str]:
    """The words after "how many" that name what is counted ("how many RCN delegates voted" -> RCN, delegates)."""
    # "how many of the 700 members are GPs", "of the members, how many are GPs": what they are is what is counted
    part = re.search(r"\bhow many\s+(?:of\s+(?:the|its|their|our|these|those)\s+[^?]*?\s+)?(?:are|were)\s+"
                     r"(?:now\s+|currently\s+|actually\s+|also\s+)?(?P<what>[^?]+)", question, re.I)
    if part and not re.match(r"(?i)(?:there|still|due|likely|going|set|being|about|in|on|at|to|from|by|for|with)\b|"
                             r"\w+(?:ed|ing)\b", part.group("what")):
        question = "how many " + part.group("what")
    m = re.search(r"\bhow many\s+(?:of\s+(?:the|its|their|our)\s+)?([^?]*)", question, re.I)
    phrase: list[str] = []
    for word in re.findall(r"[A-Za-z][\w'’-]*", m.group(1)) if m else []:
        if word.lower() in _NOUN_PHRASE_END or (phrase and word.islower() and word.endswith("ed")):
            break
        phrase.append(word)
    return [] if not phrase or phrase[-1].lower() in _GENERIC_COUNT else phrase


def counted_noun(question: str) -> frozenset[str] | None:
    """The terms of what a "how many" question counts, or None when it counts nothing in particular
    ("local council seats" is also answered by "two local authority partners")."""
    return _count_terms(" ".join(_counted_phrase(question))) or None


def counted_head(question: str) -> frozenset[str]:
    """The terms of the noun a "how many" question counts ("RCN Congress delegates" -> delegates)."""
    phrase = _counted_phrase(question)
    return _count_terms(phrase[-1]) if phrase else frozenset()


def _count_terms(text: str) -> frozenset[str]:
    from core.glossary import concepts
    from core.text import tokenize

    return frozenset(tokenize(text)) | frozenset(concepts(text))


_ASKS_DAY = re.compile(r"\b(?:on|by) (?:what|which) (?:date|day)\b|^\s*(?:what|which) (?:date|day)\b|"
                       r"\b(?:exact|precise|actual) (?:date|day)\b", re.I)
_STATUTE_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\s+(?:Act|Regulations|Order)\b|\b(?:Act|Regulations|Order)\s+(?:1[89]|20)\d\d\b")


def _counts_else(after: str, noun: frozenset[str], head: frozenset[str] = frozenset()) -> bool:
    """A number that plainly counts another thing: "two ICBs set out …" for "how many voting members", "one local
    authority partner member" for "how many non-executive members"."""
    m = re.match(r"\s+(?:other\s+|more\s+)?([A-Za-z]{3,}s)\b", after)
    if m and not (noun & _count_terms(m.group(1))):
        return True
    qualifiers = noun - head - _concepts_of(noun)
    words = after.split()[:_COUNT_WINDOW]
    at = next((i for i, w in enumerate(words) if head and head & _count_terms(w)), None)
    if not qualifiers or not at:
        return False
    between = _count_terms(" ".join(words[:at]))  # the words that say which kind of the head is counted
    return bool(between - _concepts_of(between)) and not (qualifiers & between)


def _concepts_of(terms: frozenset[str]) -> frozenset[str]:
    return frozenset(t for t in terms if t.startswith("§"))


_SIZE_ASKED = re.compile(r"\bhow (?:big|large|small)\b", re.I)
# a body's size as pages give it: the people it serves, its staff, or its money
_SIZE = re.compile(r"(?:£|\$|€)\s?\d|(?<![Pp]age )(?<![Ss]ection )\b(?!(?:19|20)\d\d\b)\d[\d,.]*\s*"
                   r"(?:m|bn|k|million|billion|thousand)?\s+(?:(?!(?:of|out|by|in|the|lists?)\b)[a-z-]+\s+){0,2}?"
                   r"(?:people|residents|patients|population|staff|employees|seats|members|square (?:miles|kilometres))\b")


def type_match(kind: str, sentence: str, question: str = "") -> float:
    """How well a sentence carries the kind of answer asked for (0 to 1). Figures the question itself holds
    ("amendment 48", "the Act 2022") are not answers to it, so they are left out."""
    for figure in set(re.findall(r"\b\d[\d,.]*\b", question)):
        sentence = re.sub(rf"(?<![\d,.]){re.escape(figure)}(?![\d,.]*\d)", " ", sentence)
    if kind == "how_many":  # a count: not a date, and not the number of a list item ("3. Mrs …")
        body = _CODES.sub(" ", _ITEM_NUMBER.sub("", _DATE_FIGURES.sub(" ", sentence)))
        if not _NUMBER.search(body):
            return 0.0
        noun = counted_noun(question)
        if _SIZE_ASKED.search(question) and noun is None:
            # "how big will it be": the people it serves or the money it holds, not "the two boards merged"
            return 1.0 if _SIZE.search(body) else 0.3
        if noun is None:
            return 1.0
        head = counted_head(question)
        # "how many delegates voted": a number that counts delegates ("412 delegates", "three of the delegates"),
        # not any figure in the sentence ("part 2 of the debate")
        # "One ICB chief nurse who spoke to us said …": someone, not a count
        numbers = [m for m in _NUMBER.finditer(body) if not (m.group(0).lower() == "one" and re.match(
            r"\s+(?:[\w-]+\s+){0,3}who\b", body[m.end():]))]
        for m in numbers:
            after = body[m.end(): m.end() + 80]
            window = _count_terms(" ".join(after.split()[:_COUNT_WINDOW]))
            first = re.match(r"\s*(?:(?:other|more|new)\s+)?([\w-]+)", after)
            if m.group(0).lower() in _QUANTIFIERS and not (first is not None and noun & _count_terms(first.group(1))):
                continue  # "with no guarantee that ICBs will have a nurse" counts no nurses; "no nurses" does
            if noun & window and (not head or head & window or _concepts_of(noun) & window
                                  or (first is not None and noun & _count_terms(first.group(1)))) \
                    and not _counts_else(after, noun, head):
                return 1.0
        return 0.6 if any(m.group(0).lower() not in _QUANTIFIERS and not _counts_else(body[m.end():], noun, head)
                          for m in numbers) else 0.3
    if kind == "how_often":
        return 1.0 if _FREQUENCY.search(sentence) else 0.0
    if kind == "when":
        sentence = _STATUTE_YEAR.sub(" ", sentence)  # "the 2006 Act" names a law, not when anything happened
        if _ASKS_DAY.search(question):  # "on what date": a day, not a year ("through the 2025 budget round")
            return 1.0 if days_named(sentence) else 0.0
        return 1.0 if _DATE.search(sentence) or _RELATIVE_TIME.search(sentence) else 0.0
    if kind == "where":
        return 1.0 if _PLACE.search(sentence) else 0.6 if _ONLINE.search(sentence) else 0.3
    if kind in ("who", "which"):
        return 1.0 if _PERSONISH.search(sentence) or len(_CAP_WORD.findall(sentence)) >= 3 else 0.3
    if kind == "quote":
        return 1.0 if _QUOTE_MARK.search(sentence) else 0.4
    return 0.5
