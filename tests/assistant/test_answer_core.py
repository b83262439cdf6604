"""The heuristic core of the extractive answerer, table by table: question analysis, sentence and unit splitting,
answer types, name matching, span building and abstention.

Every text here is written for these tests (invented boards, people and organisations); none is copied from a
dev set or a sample document. The span and abstention cases run the real pipeline: real ingest, real model,
real Chroma, over a small corpus of invented pages.
"""

from __future__ import annotations

import numpy as np
import pytest

from assistant.answer.base import SENTINEL, Span
from assistant.answer.question import analyse, parts, type_match
from assistant.answer.units import units_of
from core.text import mentions_name, sentence_spans
from core.types import Chunk

# ---------------------------------------------------------------- question analysis


@pytest.mark.parametrize("question, kind", [
    ("How many non-executive members sit on the Wexmoor ICB board?", "how_many"),
    ("When was the Wexmoor constitution approved?", "when"),
    ("How often does the Wexmoor board meet?", "how_often"),
    ("Who chairs the Wexmoor ICB?", "who"),
    # a question reported inside the one asked does not decide what is asked
    ("Who answered the written question asking how many boards have a carer member, and when?", "who"),
    ("I asked how many voting members Wexmoor ICB has, can you tell me?", "how_many"),
    ("Is there a pharmacist on the Wexmoor board?", "yes_no"),
    ("If I attend a Wexmoor board meeting as an observer, can I vote?", "yes_no"),
    ("What did Dr Ines Halloran say about waiting lists?", "quote"),
    ("How did the Guild of Practice Managers react to the plan?", "quote"),
    ("By what date must the draft be sent, and how many groups will it replace?", "when"),
    ("What's the deadline for petitions to the Fenbridge board?", "when"),
    ("Where does the Fenbridge board meet?", "where"),
    ("What examples did Ines Halloran give when she moved the motion?", "what"),  # "when she …" asks no date
    ("Which minister answered the question on dentists?", "who"),  # a person, as "who" asks
    ("Which Fenbridge official objected to the plan?", "who"),  # a place or rank before the person asked for
    ("Which senior NHS leader backed the merger?", "who"),
    ("What did the director recommend?", "what"),  # "did the" is no rank: the director's recommendation is asked
    ("In the Wexmoor plan, who runs the clinics?", "who"),  # a phrase that sets the scene does not ask
    ("Under the 2022 Act, is there a GP on the board?", "yes_no"),
    ("how far ahead of a Wexmoor board meeting do the papers go out?", "when"),  # a time before an event
    ("On what date did the Wexmoor board approve its handbook?", "when"),
    ("What was the Guild's reasoning?", "why"),  # a reason asked for in other words
    # a writer asked for is a person, named or not given
    ("Which Fenbridge Gazette reporter wrote the story on the merger?", "who"),
])
def test_question_kind(question, kind):
    assert analyse(question).kind == kind


@pytest.mark.parametrize("question, expected", [
    ("By what date must the draft be sent, and how many groups will it replace?",
     ["By what date must the draft be sent", "how many groups will it replace"]),
    ("Who chairs the board, and who is the vice chair?", ["Who chairs the board", "who is the vice chair"]),
    ("How often does it meet, and can the public attend?", ["How often does it meet", "can the public attend"]),
    ("Who sits on the Wexmoor and Fenbridge board?", ["Who sits on the Wexmoor and Fenbridge board?"]),
    ("can I attend Fenbridge board meetings? do I need to register", ["can I attend Fenbridge board meetings",
                                                                       "do I need to register"]),
    ("where does the board meet and can I watch it online", ["where does the board meet", "can I watch it online"]),
    ("Under the 2022 Act, is there a GP on the board?", ["Under the 2022 Act, is there a GP on the board?"]),
    # the scene belongs to the part after it, and the rest is still a second question
    ("In the Guild's survey, how many members replied, and how many were nurses?",
     ["In the Guild's survey, how many members replied", "how many were nurses"]),
    # parts numbered (a), (b): what comes before the numbers belongs to every part
    ("For NHS Wexmoor ICB, (a) which order set it up, and (b) on what date was its handbook approved?",
     ["For NHS Wexmoor ICB, which order set it up", "For NHS Wexmoor ICB, on what date was its handbook approved"]),
    ("Does the board (a) publish its papers and (b) meet in public?",
     ["Does the board publish its papers", "Does the board meet in public"]),
    ("What does schedule 2 (a) cover?", ["What does schedule 2 (a) cover?"]),  # one bracketed letter is no list
    # a condition belongs to the question after it, and the rest is still a second question
    ("If I attend as an observer, can I vote?", ["If I attend as an observer, can I vote?"]),
    ("After Wexmoor failed to appoint a chief executive, who took charge for now, and who was its chair?",
     ["After Wexmoor failed to appoint a chief executive, who took charge for now", "who was its chair"]),
    # a phrase with its own question mark is asked, though no question word opens it
    ("wexmoor board dates for 2025? what time do they start",
     ["wexmoor board dates for 2025", "what time do they start"]),
    # a part may open on a preposition
    ("How many posts were cut, and to how many objectives was the plan reduced?",
     ["How many posts were cut", "to how many objectives was the plan reduced"]),
    ("Who chaired the meeting and with whom did she sign the letter?",
     ["Who chaired the meeting", "with whom did she sign the letter"]),
    ("What cut did the minister say boards must make, and by when were their plans due?",
     ["What cut did the minister say boards must make", "by when were their plans due"]),
    # a part of one word is asked when it is a question word
    ("How did the Guild react to the report, and when?", ["How did the Guild react to the report", "when"]),
    ("What did the Guild say about the report, and its chair?",
     ["What did the Guild say about the report, and its chair?"]),
])
def test_compound_questions_split_into_parts(question, expected):
    assert parts(question) == expected


@pytest.mark.parametrize("question, composition, listing", [
    ("Who sits on the Wexmoor board?", True, True),
    ("Who's on the Fenbridge ICB board?", True, True),
    ("What kinds of members make up the Fenbridge board?", True, True),
    ("Who attended the Fenbridge board meeting in May?", True, True),  # those present at a meeting: the list
    ("Who was present at the last Wexmoor board meeting?", True, True),
    ("Who chairs the Fenbridge board?", False, False),
    ("What is the Fenbridge board for?", False, False),
    # a plural thing asked for: the whole list answers
    ("what seats can the Wexmoor board use to meet the rule?", False, True),
    ("Which recommendations were rejected?", False, True),
    ("What status does the Wexmoor board have?", False, False),
    ("What process does the board follow?", False, False),
])
def test_membership_questions(question, composition, listing):
    info = analyse(question)
    assert (info.composition, info.listing) == (composition, listing)


@pytest.mark.parametrize("question, speakers, specific", [
    ("What did the Guild's Dr Ines Halloran say about rotas?", ("Ines Halloran",), ()),
    ("How did the GPA react to the review?", ("GPA",), ()),
    # "what did she say": the person the question named before
    ("The Guild's report quotes Dame Orla Penhallow on rotas - what did she say?", ("Orla Penhallow",), ()),
    ("the Wexmoor Guild quote on rotas", ("Wexmoor Guild",), ()),
    ("What salary will the new chief executive be paid?", (), ("salari", "pay")),
    ("How many votes did the motion win?", (), ("vote",)),
    ("What is the chief executive's spending limit?", (), ("spend", "limit")),
])
def test_speakers_and_specific_facts(question, speakers, specific):
    info = analyse(question)
    assert set(speakers) <= set(info.speakers) and info.specific == specific


@pytest.mark.parametrize("question, seat", [
    ("Does NHS Wexmoor have a public health director on its board?", ("§DPH",)),  # "X of Y" written "Y X"
    ("is there a GP on the fenbridge icb board? who is it", ("§GP",)),
    ("Will the Wexmoor ICB have a member from the council on its board?", ("§LA",)),  # a council: a local authority
    ("does our icb have any patient reps on the board", ()),  # a role in plain words: written too many ways
    ("Who sits on the Wexmoor board?", ()),  # asks for the list, not whether one role is in it
])
def test_the_role_a_board_is_asked_to_have(question, seat):
    assert analyse(question).seat == seat


def test_a_glossary_term_written_as_a_compound_is_the_concept():
    from core.glossary import concept_parts, concepts

    assert concepts("the public health directors of both towns") == {"§DPH"}
    assert {"public", "health", "director"} <= concept_parts("a public health director")


@pytest.mark.parametrize("sentence, another", [
    # a sentence about another named system, though it names a district of the board asked about
    ("The incoming Harrowmere and Vale Integrated Care System (ICS) will not represent North Wexmoor.", True),
    ("NHS Wexmoor ICB and NHS Harrowmere ICB will share a chief executive.", False),  # names the one asked about
    ("The board meets every two months.", False),  # names no board at all
])
def test_a_sentence_about_another_board(sentence, another):
    from assistant.answer.extractive import _another_board

    assert _another_board(["Wexmoor"], sentence) is another


@pytest.mark.parametrize("question, entities", [
    # a full stop ends a name; one inside an abbreviation does not
    ("Others mention the Department. Which body commissioned it?", ("Others", "Department")),
    ("Is the U.K. Wexmoor Agency on it, or St. Fenbridge?", ("U.K. Wexmoor Agency", "St. Fenbridge")),
])
def test_entities_stop_at_a_sentence_end(question, entities):
    assert analyse(question).entities == entities


def test_asking_words_are_not_terms():
    info = analyse("Roughly how many partner members are there?")
    assert not {"mani", "rough"} & set(info.terms)


# ---------------------------------------------------------------- answer types


@pytest.mark.parametrize("kind, sentence, match", [
    ("how_many", "The board has seven voting members.", 1.0),
    ("how_many", "The board has 12 members.", 1.0),
    ("how_many", "The constitution was approved in March 2023.", 0.0),  # a year is not a count
    ("how_many", "It was agreed on 3 December.", 0.0),  # nor is a date
    ("how_many", "3. Cllr Amos asked about the estates plan.", 0.0),  # nor a list item's number
    ("how_many", "Plans paused during COVID-19 resumed.", 0.0),  # nor a code
    ("how_often", "The board meets bi-monthly in public.", 1.0),
    ("how_often", "The board meets six times a year.", 1.0),
    ("how_often", "The board meets in the town hall.", 0.0),
    ("when", "It took effect on 1 April 2023.", 1.0),
    ("when", "Questions are accepted up to 3 calendar days before a meeting.", 1.0),  # a time relative to an event
    ("when", "Questions are accepted in writing.", 0.0),
    ("when", "Questions must reach us by 9.30am on the Friday before.", 1.0),  # a time of day, a weekday
    ("when", "Meetings start at 14:00.", 1.0),
    ("when", "The board may hold extra meetings in private.", 0.0),  # "may" is no month
    ("when", "Under paragraph 3 of Schedule 1B to the 2006 Act, the board consists of a chair.", 0.0),  # a law's name
    ("when", "The Health and Care Act 2022 set up the boards in July 2022.", 1.0),
    ("how_often", "The board reviews its standing orders each year.", 1.0),
    ("where", "Meetings are held at Tollgate House, Wexmoor WX3 9QP.", 1.0),
    ("where", "Meetings are streamed online.", 0.6),  # online: a where only when no place is given
    ("where", "Meetings are held at Tollgate House and streamed online.", 1.0),
    ("where", "Meetings start at ten.", 0.3),
])
def test_type_match(kind, sentence, match):
    assert type_match(kind, sentence) == match


@pytest.mark.parametrize("sentence, match", [
    # "no" counts no nurses here: it stands beside "guarantee"
    ("Many of these posts could go, with no guarantee that ICBs will keep a nursing lead.", 0.3),
    ("No nursing posts are at risk at the Fenn ICB.", 1.0),
    ("About 40 nursing posts are at risk.", 1.0),
    ("One ICB nurse who spoke to us said posts were at risk.", 0.3),  # someone, not a count
    ("Each of the 42 boards has a nursing post.", 0.3),  # "42" (whole) counts boards, not posts
])
def test_a_quantifier_counts_only_what_it_stands_beside(sentence, match):
    assert type_match("how_many", sentence, "How many ICB nursing posts does the union say are at risk?") == match


@pytest.mark.parametrize("question", ["Of the 300 board members in the survey, how many are GPs?",
                                      "How many of the 300 board members are GPs?"])
def test_how_many_are_counts_what_they_are(question):
    """"how many (of the members) are GPs" counts GPs: a count of the members who are councillors is not it."""
    assert type_match("how_many", "Just nine of 300 board members are councillors.", question) < 1
    assert type_match("how_many", "Just 40 of the 300 members are GPs.", question) == 1


# ---------------------------------------------------------------- text and units


@pytest.mark.parametrize("text, sentences", [
    # a PDF's wrapped line runs on; a heading stays its own line
    ("Fenbridge Integrated Care Board Annual Report\nThe board agreed its plan for the\nwinter months. It met twice.",
     ["Fenbridge Integrated Care Board Annual Report", "The board agreed its plan for the\nwinter months.",
      "It met twice."]),
    ("We must send the draft to the regulator by the 3\nMarch, as agreed.",
     ["We must send the draft to the regulator by the 3\nMarch, as agreed."]),
    ("Members:\n• a chair\n• two partner members", ["Members:", "• a chair", "• two partner members"]),
    # a wrapped line that ends one sentence and starts the next is no heading, however many capitals it has
    ("Many boards existed before then, albeit in\na form. As Dame Orla Penhallow, Chair of Wexmoor Hospitals NHS\n"
     "Trust, told us, it grew out of practice.",
     ["Many boards existed before then, albeit in\na form.",
      "As Dame Orla Penhallow, Chair of Wexmoor Hospitals NHS\nTrust, told us, it grew out of practice."]),
    # a PDF's witness list wraps inside a name's title: people and roles listed with ";" are no heading
    ("I: Ann Ebury, Director, Fenn Healthwatch; and Bo Wyre, Chief Inspector, Care Quality\nCommission, Tarn ICS.",
     ["I: Ann Ebury, Director, Fenn Healthwatch; and Bo Wyre, Chief Inspector, Care Quality\nCommission, Tarn ICS."]),
])
def test_sentence_spans_join_soft_wraps(text, sentences):
    assert [text[s:e] for s, e in sentence_spans(text)] == sentences


def _chunk(text: str) -> Chunk:
    return Chunk("d:1", "d", text, 0, len(text), None, None, "x.txt", "Test page")


def _candidate(text: str, score: float = 1.0, kind: str = "sentence", chunk: Chunk | None = None):
    """One unit as the answerer scores it, alone in its chunk (`_chunk(text)` unless another is given)."""
    from assistant.answer.extractive import _Candidate
    from assistant.answer.units import Unit

    chunk = chunk or _chunk(text)
    unit = Unit(chunk, 0, len(text), text, kind, 0)
    c = _Candidate(unit, Span(chunk, 0, len(text), text, None), 1, unit.words, set(), set())
    c.score = score
    return c


@pytest.mark.parametrize("text, joined", [
    ("Answered on\n\n14 March 2023\n\nThe board has no such plan.", "Answered on\n\n14 March 2023"),
    ("Date of meeting\n3 May 2024\nThe board met.", "Date of meeting\n3 May 2024"),
    # a heading over a paragraph is no label, and a label's value is short
    ("Board membership\n\n14 March 2023", None),
    ("Answered on\n\nThe board has considered every option and will report to the regulator in spring.", None),
])
def test_a_label_and_its_value_are_one_unit(text, joined):
    """A page laid out as label and value lines ("Answered on" / "14 March 2023") says its fact in both."""
    texts = [u.text for u in units_of(_chunk(text))]
    assert (joined in texts) if joined else all("\n" not in t for t in texts), texts


@pytest.mark.parametrize("sentence, named", [
    ("Tarnby Deputy Chair Ken Aldous has been made interim chair.", True),
    ("Pella Varga, Chair of NHS North Fenn ICB, shares her thoughts.", True),
    # places that name bodies: "NHS North Fenn", "Wexmoor Bay Hospitals"
    ("I am the independent chair of NHS North Fenn ICB and was a trust chief executive.", False),
    ("My previous roles include chair at Wexmoor Bay Hospitals NHS Foundation Trust.", False),
    # the place a sentence opens on is no one's name; the person after it is
    ("In Fenn and South Marsh, our participants will include the voluntary sector.", False),
    ("In Upper Fenn, Dee Holt will be the chief executive.", True),
    # a stage of a bill is no one
    ("The board will start as soon as the Bill receives Royal Assent.", False),
])
def test_names_a_person(sentence, named):
    from assistant.answer.extractive import _people_in
    from assistant.answer.question import names_a_person

    assert names_a_person(sentence) is named
    assert bool(_people_in(sentence)) is named


def test_units_know_their_kind_and_lead_in():
    from assistant.answer.units import lead_in_of, list_run

    text = ("Board membership\n\nThe board consists of:\n• a chair\n• three non-executive members\n• two partner members"
            "\n\nName | Role\nAda Quill | Chair\nBo Renn | Non-executive member")
    units = units_of(_chunk(text))
    kinds = [u.kind for u in units]
    assert kinds == ["heading", "lead_in", "item", "item", "item", "row", "row", "row"]
    item = units[3]
    assert lead_in_of(item).text == "The board consists of:" and len(list_run(item)) == 3
    assert not units[0].answerable and units[2].answerable


@pytest.mark.parametrize("line, kind", [
    ("Minister of State (Department of Health)", "heading"),  # a title with its bracketed aside
    ("Chair (interim)", "heading"),
    ("The board met on Tuesday (see the minutes)", "sentence"),
    ("Published (6 May 2024)", "sentence"),  # a date is a fact, not a label
    ("1. Introduction", "heading"),  # a numbered section's title, not an item of a list
    ("4.2 Board membership", "heading"),
    ("2. The board meets monthly.", "item"),
])
def test_a_title_with_an_aside_is_a_heading(line, kind):
    assert units_of(_chunk(f"Some words before it.\n{line}\nSome words after it."))[1].kind == kind


@pytest.mark.parametrize("line, answerable", [
    ("This motion passed.", True),  # three words that end as a sentence say something whole
    ("Submitted by the Wexmoor Nurses Branch", True),  # a byline says who: it labels nothing
    ("Page 3 of 12", False),
    ("Agenda item 4", False),
    ("The Wexmoor Board", False),
])
def test_a_short_whole_sentence_or_byline_may_answer(line, answerable):
    assert units_of(_chunk(f"Some words before it.\n\n{line}\n\nSome words after it."))[1].answerable is answerable


@pytest.mark.parametrize("name, text, found", [
    ("Van-Tam", "Professor Jonathan Van Tam joined.", True),
    ("WNF", "NHS Wexmoor, North and Fenbridge Integrated Care Board", True),
    ("WNF", "NHS Wexmoor and Fenbridge", False),
    ("Halloran", "Dr Ines HALLORAN spoke.", True),
])
def test_mentions_name(name, text, found):
    assert mentions_name(name, text) is found


# ---------------------------------------------------------------- spans and abstention, end to end

PAGES = {
    "wexmoor_board.md": """# NHS Wexmoor Integrated Care Board: our board

The board of NHS Wexmoor ICB is accountable for how local health money is spent.

The board consists of:
- a chair, Dame Orla Penhallow
- the chief executive
- three non-executive members
- two partner members nominated by NHS trusts and by local authorities
- one partner member for primary medical services

Board meetings are held every two months in public. Members of the public cannot ask questions during
the meeting. However, written questions sent a week before the meeting are answered at its start.

Members can watch a recording of the last meeting here (part 1) and here (part 2). Every board meeting is also
streamed online on the board's website.

All meetings take place at Tollgate House, Wexmoor WX3 9QP.
""",
    "fenbridge_news.txt": """Fenbridge appoints new chief nurse

NHS Fenbridge Integrated Care Board has appointed Tomasz Ruel as its chief nurse. The ICB plans and buys care for
640,000 local people.

Vera Lusk will act as interim chief executive of NHS Fenbridge ICB from June.

Dr Ines Halloran, chair of the Fenbridge Guild of Practice Managers, welcomed the appointment. She said: “Nurses
have waited a long time for a real voice at the top table, and this appointment gives them one.”

The board will replace four clinical commissioning groups from 1 October 2024, and its draft constitution
must be sent to the regulator by 14 February 2024. Its budget for 2024/25 is £1.2 billion.
""",
    "guild_statement.txt": """Guild logo for the Guild of Estates Officers

The guild for hospital estates and facilities officers

Home  >  News  >  Guild responds to the capital review

Guild responds to the capital review

Responding to the review, Pat Ordway, Guild General Secretary said:

"We welcome the review's call for a ten-year capital plan, but it must come with money attached."
""",
    "tarrant_inquiry.txt": """MPs open inquiry into community dental services

2024-03-11

The Wexmoor and Fenbridge Scrutiny Committee has opened an inquiry into community dental services.

Rhoswen Tarrant, chair of the committee, said: ‘Families tell us they cannot find a dentist who will see their children.

‘Waiting times must be published for every clinic so that parents can plan. We will ask the integrated care boards how
they intend to recruit.

‘The committee will report before the summer recess.’

The inquiry will take written evidence until 30 April.
""",
    "ward_nurses_response.md": """# Society of Ward Nurses responds to the staffing review

The Government published the staffing review on Monday, setting out how hospital wards are to be staffed.

The review makes twelve recommendations about rotas and agency spending.

We are disappointed that the review says nothing about night shifts, which our members raised at every session.
""",
    "wexmoor_plan.txt": """The Wexmoor health plan for 2025 to 2030

It was agreed in March 2025 after a public consultation.

Under the plan, the board will be responsible for the day-to-day running of community clinics across the county.

Local councils will keep their role in social care and housing.

The board manages the annual NHS budget for 1.1 million residents. Its scheme of delegation sets the delegated
limits for contracts signed on its behalf.

The plan also makes the board responsible for dental contracts and school nursing from April 2026.
""",
    "wexmoor_written_question.txt": """Wexmoor Integrated Care Board (written question, answered 3 March 2024)

Question to the Department of Health:

To ask the Secretary of State for Health, whether dentists will be permitted to serve on the Wexmoor ICB board.

Answered by
Jo Amberley
Minister of State
This question was answered on 3rd March 2024

The constitution sets the minimum membership. Dental practitioners are not barred, but each appointment needs the
agreement of the regulator. This would be subject to a vote of the whole board and would need to be approved by
the county council.
""",
    "pharmacy_review_hub.md": """# The pharmacy review: our analysis hub

Our asks of the government:

- a ten-year pharmacy workforce plan
- reconsidering cuts to the training budget.

This section brings together our analysis of the pharmacy review and a podcast with our chief executive, Mara Quint.
""",
    "fenbridge_minutes.md": """# Minutes of the NHS Fenbridge ICB board meeting, 9 May 2024

## Present

Member | Role
Ada Quill | ICB Chair
Bo Renn | ICB Non-Executive Member
Cal Imrie | ICB Non-Executive Member
Dr Dee Oakes | GP, Harrow Vale (Partner Member for Primary Medical Services)
Eli Voss | Director of Public Health, Fenbridge Council (Partner Member for Local Authorities)
""",
    "brackwater_interim.md": """# Brackwater interim leadership

Brackwater was not able to make a substantive appointment to the chief executive post after the national recruitment
process. Nell Ashgrove, who has led the development of the Brackwater system, will take on the full role of interim
chief executive of the ICB for this period. Work is now underway to fill senior roles, to support Dame Ilse
Carbury as Chair and Nell as interim chief executive.
""",
    "lisle_news.txt": """Lisle and Quarrington share a chair

A new chair has been appointed across the Quarrington and Lisle integrated care boards as part of changes taking
place across the NHS. The two boards will keep separate budgets. Lisle ICB said that it and Quarrington's combined
savings target was £4.2m, or 18% of its running costs.
""",
    "midwifery_written_question.txt": """Integrated Care Boards: Midwifery (written question, answered 9 March 2025)

The Health and Care Act 2022 requires that one ordinary board member of each integrated care board must have
knowledge and experience of midwifery services.

To comply with this requirement, the constitution should include a board position that only candidates who meet
the criteria can fill:
• a partner member, jointly nominated by all maternity trusts in the area;
• an ordinary member who is not jointly nominated but is normally a maternity trust chief executive; or
• an ICB executive director for maternity.
""",
    "orchard_review_summary.md": """# The Orchard review, summarised

The Orchard review of board governance was published in March 2024 by the Hollin Institute.

Five principles were set out that the Orchard review says help boards thrive:

## What the review recommends

The review asks for fewer national targets and longer budgets for boards. It also asks boards to publish their
risk registers every quarter. It recommends that each care board review its membership every year.
""",
    "brackwater_press.txt": """Council wants more seats on Brackwater board

A shake-up of the NHS in Brackwater will leave five councils sharing one seat on the new board, according to Petra
Lindqvist, Brackwater's director of public health.

Ms Lindqvist told the council's health committee: “We think one member cannot speak for five very different places.”

The five councils have objected to sharing one board seat, and officials from each council have written to the
board. Council officials objected again when the board's draft constitution kept one seat for the five councils.
""",
    "harrowgate_explainer.html": """<html><head><title>The Harrowgate care system explained</title></head><body>
<p>One of the first tasks of the new Harrowgate care system was to decide who sits on each of its two parts: the
care council and the care forum.</p>
<p>The Harrowgate care system was set up in 2023 and covers three market towns and their villages. Under the new law
the Harrowgate care system comprises two key components:</p>
<p>the care council: the statutory body that holds the budget and buys most local services</p>
<p>the care forum: a statutory committee that brings partners together to write the area's long-term strategy.</p>
<p>Both meet in public, and the papers for each meeting are published a week before it.</p>
</body></html>
""",
    "lisle_appointment.txt": """Lisle ICB names its new chief executive

Irwin Palk has been appointed chief executive of NHS Lisle ICB, replacing interim chief executive Mae Tolland.

Mr Palk joins from the Lisle ambulance service, where he has been chief executive since March 2021.

The board's chair thanked Mae Tolland for her work as interim chief executive over the winter.
""",
    "tarnside_framework.md": """# Regulator sets out who will sit on new system boards

By the Tarnside Health Journal's policy reporter.

The regulator's design framework, published this afternoon, says each new system board must have at least ten
members. It stresses that decisions should be reached by consensus, with a vote considered a last resort.

Systems can add more board members to suit their needs, but the design framework says boards should be of a size
that allows decisions to be reached effectively.
""",
    "amber_vale_news.txt": """Amber Vale ICB opens its doors

From today the Amber Vale Integrated Care Board (ICB) is formally established, replacing the Amber Vale CCG.

The Amber Vale ICB will be responsible for planning services on behalf of 410,000 local people as well as managing
the local NHS budget.

The ICB, which covers Oakton, Reedby, Stowe and Marley, will also bring the local health and care system together.

Jan Corrie, chief executive, said: "This is a big day for everyone who lives in the vale."
""",
    "chairs_named.txt": """Two new ICB chairs named

Publish date: 12 March 2022

Former minister Pella Varga has been confirmed as chair designate of the Oakridge ICB.

Ms Varga ran a carers' charity for ten years before entering Parliament.

In Fellside, Con Abaro has been appointed chair designate of the ICB.
""",
    "tarnside_meetings.html": """<html><head><title>Tarnside ICB board meetings</title></head><body><main>
<h1>Tarnside ICB board meetings</h1>
<p>Tuesday 04 June 2024   1000 – 1200   Board meeting in public</p>
<p>Tuesday 06 August 2024   1000 – 1200   Board meeting in public</p>
<p>Tuesday 01 October 2024   1000 – 1200   Board meeting in public</p>
<p>Tuesday 03 December 2024   1000 – 1200   Board meeting in public</p>
<p>Recordings of past meetings are kept on our video channel for a year.</p>
</main></body></html>
""",
    "mason_written_answer.txt": """Integrated Care Boards: Dental Services (written question, answered 2 June 2025)

Question to the Department of Health:

To ask the Secretary of State for Health, what assessment he has made of dental commissioning by integrated care
boards.

Answered by

Ivo Mason Portrait

Ivo Mason

Minister of State (Department of Health)

This question was answered on 2nd June 2025

Dental services moved to integrated care boards in April 2023, and each board now commissions primary, community and secondary care dentistry for its own population. The department keeps the national contract under review with the profession, and the reforms announced last year added a minimum value for each unit of dental activity, paid more for treating patients with complex needs, and let practices take on more work where they had capacity to do so across the year.

Boards have also been given ring-fenced funding for dentistry, so that money meant for dental care is spent on dental care, and they are expected to use flexible commissioning to reach areas where access is poorest. The department meets regional commissioners each quarter to review progress against plans, and publishes the results of the national patient survey so that the public can see how access is changing.

Boards that pool their dental budgets across a region will be asked to publish a single waiting list for urgent care by
the end of the year.
""",
    "fenmoor_groups.md": """# Fenmoor region confirms its three group chairs

The regional office has today confirmed the appointments of three chairs for the region's future groups of boards.

Following approval from the minister, the regional office has confirmed that the new groups and their chairs will be:

- Upper Fenmoor ICB will work with the northern part of Lower Fenmoor (now served by Lower Fenmoor and Saltmarsh ICB) and with Eastwold (now served by Eastwold and Marsh ICB). This group will be chaired by Dame Petra Lowe, who is now chair of Eastwold and Marsh ICB.
- The combined areas of Brackwater ICB, Lisle and Quarrington ICB, and Westwold (now served by Eastwold and Marsh ICB) will work together as one group. This group will be chaired by Omar Reyes, who is now chair of Brackwater ICB.
- Saltmarsh ICB will work together with the southern part of Lower Fenmoor (now served by Lower Fenmoor and Saltmarsh ICB) across the coast. This group will be chaired by Ines Farrow, who is now chair of Saltmarsh ICB.

Chairs of the grouped boards were appointed after an internal expression of interest process.
""",
    "carers_written_question.txt": """Integrated Care Boards: Carers (written question, answered 4 May 2024)

Question to the Department of Health:

To ask the Secretary of State for Health, whether his Department will review the number of carers on Integrated
Care Boards.

Answered by
Kit Morrow Portrait
Kit Morrow
Minister of State (Department of Health)
This question was answered on 4th May 2024

The Health and Care Act 2022 sets out the minimum membership of integrated care boards. Local areas can, by local
agreement, go beyond that minimum to meet local needs.

ICB constitutions are expected to say how each board will work with people and communities.

Currently there are no plans to mandate further requirements for carer representation on ICBs.
""",
    "tarnby_chair.txt": """NHS Tarnby chair steps down

THE chair of NHS Tarnby has left her post with immediate effect.

Dr Ruth Ellery was appointed to her position on the county's Integrated Care Board, which is in special measures, in
March 2022.

Jo Marsh, regional director at NHS England, said: "I want to thank Ruth, who left this week, for stepping in to the
role of interim chair for NHS Tarnby and for staying in it for three years, much longer than first thought."

Now that the chair has left, NHS Tarnby Deputy Chair Ken Aldous has been made interim chair.

The board said its chief executive, Lia Brook, who took up the post in February, would lead the recovery plan.

Ms Brook previously ran Fenmoor Community NHS Foundation Trust. Mr Aldous previously chaired an NHS trust in Tarnby.
Three non-executive members have also been appointed to the Tarnby board.
""",
    "guild_meeting.md": """# Guild backs a nurse seat on care boards

The Fenbridge Nurses Guild annual meeting has voted for a motion on nurse seats.

Moving the motion, guild council chair for the North of Wexmoor Dr Oriel Pennant said: ‘Nurses give most of the care
that patients receive on the wards.

‘Despite this plain fact, nurses are not directly represented on the integrated care boards.

She added: ‘This is the moment to insist on a nurse seat, so that ward knowledge reaches the table.’
""",
    "written_answer_7702.md": """# Care Boards: Pharmacy Seats (HL7702)

UIN HL7702, tabled on 1 March 2023

To ask His Majesty's Government whether pharmacists will sit on integrated care boards.

Answered on

14 March 2023

Boards may appoint a pharmacist as an ordinary member where the constitution allows it.
""",
    "written_answer_7710.md": """# Care Boards: Pharmacy Budgets (HL7710)

UIN HL7710, tabled on 20 April 2023

To ask His Majesty's Government whether integrated care boards will hold pharmacy budgets.

Answered on

2 May 2023

Boards will hold pharmacy budgets from April 2025, once the delegation is agreed.
""",
    "profile_hollis.md": """# Partner profile: Wren Hollis, Chair of NHS Amberly Integrated Care Board

Wren Hollis, Chair of NHS Amberly Integrated Care Board shares her thoughts on the new health park.

NHS Amberly Integrated Care Board became a statutory body on 1 July 2022.

I am the independent chair of NHS Amberly ICB and spent twenty years as an NHS trust chief executive.
""",
    "pharmacy_guidance.md": """# One pharmacist seat for each care board

Guidance published on 3 March states that one pharmacist will sit on each care board, which has twelve members.
""",
    "orchard_response.md": """# Department responds to the Orchard review

On 2 May 2024 the Department of Health responded to the recommendations of the Orchard review and the Tarn
committee report on board governance.

While the Department agreed that boards should be more open, it rejected the specific recommendations to publish
risk registers every quarter and to cap every board at twelve members.
""",
    "congress_resolution.md": """# Guild Congress resolution: ward staffing on care boards

That this meeting of the Guild Congress asks the Guild Council to lobby for ward staffing ratios to be reported to
every care board at each of its meetings in public.

The Guild has long supported amendments to raise the visibility of ward nurses, most recently calling for an
executive director of nursing on every care board and for staffing data in each board's papers.

This resolution passed.

Members can watch a recording of the debate online.

Submitted by the Tarn Branch
""",
    "slimming_boards.md": """# Boards must slim down, says chair

Ola Brandt, chair of NHS Kestrel Vale ICB, told a conference this week: “At the moment we have about 30 seats
around our table, and many people are frustrated that they do not have one.”
""",
    "guild_letter.md": """# Letter to Dame Orla Penhallow on the model board plan

On behalf of the Fenbridge Nurses Guild, I am writing about your letter to care boards and the model board plan
published in early May.

We are very concerned at the speed of change expected of care boards. We believe that the 1st of June is too soon
to be sure that ward nursing has been considered in every plan.
""",
    "guild_evidence.md": """# Written evidence submitted by the Fenbridge Nurses Guild (FNG01)

2.1 Whilst placing care boards on a statutory footing should help, it is vital they do not lose the strengths of the
old nursing forums.
This includes their ward-level knowledge, their elected nurse leads and their speed in raising concerns.
""",
    "guild_evidence_committee_copy.md": """# Written evidence from the Fenbridge Nurses Guild, as published by the committee

2.1 Whilst placing care boards on a statutory footing should help, it is vital they do not lose the strengths of the
old nursing forums.
This includes their ward-level knowledge, their elected nurse leads and their speed in raising concerns.
""",
    "committee_grouping.md": """# Think tank on grouping care boards

At the committee yesterday, Rafe Dunmore, director of policy at the Tollgate Institute, mused that ‘you could
group together the care boards of the north’.
""",
    "letter_cc.md": """# Letter to care board chairs on bigger boards

Dear colleagues, this letter sets out the timetable for merging care boards into bigger boards.

CC: Pella Hart MP, Secretary of State for Care;
""",
    "dental_evidence_session.txt": """Oral evidence: community dental services, HC 912
Tuesday 5 March 2024
Members present: Nia Okafor (Chair); Leon Sprott; Mrs Tilda Vance; Dr Omar Kell.
Witnesses
I: Greta Lund, Chief Executive, Fenbridge ICS; and Paul Ridley, Dental Lead, Wexmoor ICB.
Q1 Chair: Good morning and welcome to this session on community dental services.
""",
    "lisle_posts.txt": """Lisle ICB sets out cuts to its running costs

Lisle ICB has proposed cutting more than 60 of its full-time equivalent posts to meet its new running cost limit.
Its proposals would reduce posts from 310 to 248. This is a 20 per cent reduction overall.
""",
    "harbury_merger.txt": """Merged Harbury ICB will mean job losses, boss warns

The creation of a new Harbury Vale Integrated Care Board will lead to "a large number of job losses", a health boss
has warned.

Oswin Marr, chief executive of the two boards being merged, told councillors that the change was the biggest in a
decade. He said keeping staff through the change would be hard.

The two boards will start working together from October, under one chair.

Councillors asked how patients would be told about the change, and were promised a letter.

The new ICB will cover about 1.4m people and control a £2.9bn budget.
""",
    "fennick_cluster.txt": """Fennick and Marlow care boards to cluster

The Fennick and Marlow integrated care boards are to work as one, with a shared board and leaders.

The chairs of NHS Fennick and NHS Marlow, Ula Brant and Tove Lind, and the two chief executives will be making the
new appointments, expected to be confirmed by the end of July.
""",
    "marlow_gp_forum.txt": """Marlow GP forum update

The Marlow GP forum was set up to give practices one voice in the county.

Its first meeting took place on 3 March. The forum's membership was made up of PCN clinical directors, locality
leads and members of the local LMC.

Since March, the forum has been meeting monthly.
""",
    "tarnside_chair.txt": """AN INDEPENDENT chair has been appointed to the Tarnside Health and Care Alliance to lead a new committee deciding how local budgets are spent

Ravenfell resident Orla Pennick OBE will be taking up the reins on 1 September.

The alliance brings together the hospital, the council and local practices.
""",
    "patients_forum_evidence.txt": """Evidence from the Fenbridge Patients' Forum to the bill committee

We think it would be a real gain for patients if there was a forum representative on each care board—not as a
voting member but, in the regulator's words, as a "participant".
""",
    "forum_reacts.txt": """Press release

Tollgate Forum reacts to the Orchard review

Ada Venn, chief executive of the Tollgate Forum, comments on the Orchard review

9 March 2024

Responding to the Orchard review, Ada Venn, chief executive of the Tollgate Forum, said:

"The review's call for fewer targets is welcome.

"Cutting the number of targets set for care boards will be a breath of fresh air for local leaders. We urge ministers to act on it this spring.

"But we are disappointed that dental access is barely mentioned."
""",
    "council_questions.txt": """Agenda item: questions from the public

From Ola Berg

Q1 At a previous meeting the QVR ICS said that councillors could not sit on its board. What does this mean now?

From Nell Tay

Q1 I have since found that a social enterprise (namely Brightwell Care) is already represented on the shadow
Integrated Care Board, but I was not told this in the reply to my question.
""",
    "lords_chairs_debate.txt": """Care Boards Bill, Lords Committee, 12 March 2024

I turn to Amendment 40 in the name of the noble Baroness, Lady Quarrell, which would let only a care board remove its
own chair. The noble Baroness and I see this differently.

Moving to the other amendments in this group, these concern the board's committees and their terms of reference.

The chairs of care boards will be appointed by the regulator and held to the code on board appointments. I regret
that the Government cannot accept this amendment, but I hope I have explained why.
""",
    "tarnside_scrutiny.txt": """Concerns over care board merger

At a meeting of Tarnside East Council's scrutiny committee, members set out their worries about the merger.

Cllr Orin Vask said: "I read this plan in stages because it was making my blood boil."
""",
    "board_survey.md": """# What ICB boards look like: our survey

3.2 Our survey of ICB boards also found that 19 ICBs have only the statutory minimum of one primary care
representative on their boards.
""",
}


@pytest.fixture(scope="module")
def invented(tmp_path_factory):
    from core.settings import Settings
    from ingest.pipeline import ingest

    folder = tmp_path_factory.mktemp("invented")
    for name, text in PAGES.items():
        (folder / name).write_text(text, encoding="utf-8")
    settings = Settings.from_env(home=tmp_path_factory.mktemp("invented-home"))
    report = ingest([folder], settings=settings)
    assert not report.failed
    return settings


@pytest.mark.parametrize("question, must, must_not", [
    # a named ICB's board comes from the board table: the chair by name, the counts, a citation a row
    ("Who sits on the NHS Wexmoor board?", ["Penhallow", "Non-executive members — 3", "primary medical"], []),
    # a table row answers with its row, not the first row of the table
    ("Who is the GP on the Fenbridge ICB board?", ["Dee Oakes"], ["Ada Quill"]),
    # each part of a two-part board question gets its rows; a title as written is that seat alone
    ("Who is the GP on the Fenbridge ICB board, and is there a director of public health?",
     ["Dee Oakes", "Eli Voss"], ["Ada Quill", "Bo Renn"]),
    # rows that answer alike are listed together
    ("Who are the non-executive members of the Fenbridge ICB board?", ["Bo Renn", "Cal Imrie"], []),
    # a pronoun's sentence comes with the one naming who "she" is
    ("What did Ines Halloran say about the chief nurse appointment?", ["Halloran", "top table"], []),
    ("What is the Fenbridge ICB's budget?", ["£1.2 billion"], []),
    # a plural possessive ends a name: the guild, then its chair
    ("What did the Fenbridge Guild of Practice Managers' Ines Halloran say about the appointment?", ["top table"], []),
    # a quotation that runs over paragraphs is given on past its first sentence, attributed once
    ("What did Rhoswen Tarrant say when the committee opened its inquiry?",
     ["cannot find a dentist", "Waiting times must be published"], ["Rhoswen Tarrant said"]),
    # a compound question gets both parts: a count and a date
    ("How many clinical commissioning groups will the Fenbridge board replace, and by what date must its draft "
     "constitution be sent?", ["four", "14 February 2024"], []),
    # yes/no keeps the sentence that qualifies it
    ("Can the public ask questions at Wexmoor board meetings?", ["cannot", "However"], []),
    ("How often does the Wexmoor board meet?", ["every two months"], []),
    ("Who is the interim chief executive of NHS Fenbridge ICB?", ["Vera Lusk"], []),
    # typed in lower case: the names are read as the documents write them
    ("who is the chief nurse at fenbridge icb?", ["Tomasz Ruel"], []),
    # a deadline is a time relative to the meeting; each part of a two-part question in its own words
    ("What's the deadline for sending written questions to the Wexmoor board, and who answers them?",
     ["a week before"], []),
    ("where does the Wexmoor board meet? can I watch it", ["Tollgate House"], []),
    # "online" answers the watching part; where the board meets is the address
    ("Where does the Wexmoor board meet in 2024 and can I watch it online instead?", ["Tollgate House", "streamed online"],
     []),
    # a two-word name typed in lower case is one name ("amber vale"): its second word is no part of what is asked,
    # so the part asking which areas still wants the sentence naming them
    ("which areas does the amber vale icb cover and how many ppl", ["Oakton", "410,000"], []),
    # how they came to the role is not the role; two boards asked about, each named in a sentence of its own
    ("Who were named chair designates of the Oakridge and Fellside ICBs?", ["Varga", "Abaro"], []),
    # "when was it announced": the date line of the page that announces it
    ("Who was named chair designate of the Oakridge ICB, and when was it announced?", ["Varga", "12 March 2022"],
     []),
    # a bound in time: the lines after it, each, not those before
    ("Tarnside ICB: which board meetings in public are scheduled after the August 2024 one?",
     ["01 October 2024", "03 December 2024"], ["04 June 2024"]),
    # a written answer's sentences are the words of the minister who answered
    ("What did Kit Morrow say about carer representation on ICBs?", ["no plans to mandate"], []),
    ("What did Ivo Mason say about boards that pool dental budgets?", ["single waiting list"], []),
    # "the three groups": as many answers as it counts; a list too long to give whole gives each item's sentence
    # that answers (here the one naming its chair)
    ("Who will chair the three Fenmoor groups?", ["Petra Lowe", "Omar Reyes", "Ines Farrow"], []),
    # "the deadline" asks when: answered by a time, though the answer never says "deadline"
    ("What is the deadline for sending written questions to the Wexmoor board?", ["a week before"], []),
    # an organisation's reaction on its own page, in the first person and not in quotation marks
    ("How did the Society of Ward Nurses react to the staffing review?", ["night shifts"], []),
    # a speaker described, not named: the page whose head describes them is theirs; its strapline is no answer
    ("How did the hospital estates officers' guild react to the capital review?", ["welcome", "money attached"],
     ["The guild for hospital"]),
    # the day asked about, written another way
    ("Who attended the Fenbridge ICB board meeting on the 9th of May?", ["Ada Quill", "Eli Voss"], ["Tomasz Ruel"]),
    # a written answer is about what its question asks, in the question's words; the question is no answer
    ("Could a dentist sit on the Wexmoor ICB board?", ["not barred"], ["To ask"]),
    # "which minister" asks for a person: the one who answered, named, beside what they said
    ("Which minister answered the written question on dentists serving on the Wexmoor board, and what does each "
     "appointment need?", ["Jo Amberley", "agreement of the regulator"], []),
    # a population is a count of people, whatever words give it
    ("What population does NHS Fenbridge ICB plan care for?", ["640,000 local people"], []),
    # an acronym in a name may be written out, or left out: "the Wexmoor ICB Health Plan" is "the Wexmoor health plan"
    ("What does the Wexmoor ICB Health Plan make the board responsible for?", ["community clinics"], []),
    # a month that dates the document asked about is not a month the answer must name
    ("In its June 2024 statement, how did the Society of Ward Nurses react to the staffing review?", ["night shifts"],
     []),
    # a short form of a name the documents write in full ("glos" for Gloucestershire) is read as the name
    ("who chairs the wexm icb board?", ["Penhallow"], []),
    # a "what" question two sentences answer alike gets both, not the first alone
    ("What will the Wexmoor board be responsible for under the health plan?", ["community clinics", "dental contracts"],
     []),
    # the role asked about, in the words the minutes use for it
    ("does fenbridge icb have a public health director on the board", ["Eli Voss"], []),
    # a word of the question's family ("representatives" for "representation"); a minister's title is no answer
    ("is the government going to put more carer reps on icbs?", ["no plans"], ["Minister of State"]),
    # a condition before two questions: each part is answered; another board's new chair is not its chair
    ("After Brackwater failed to appoint a substantive chief executive, who was put in charge on an interim basis, "
     "and who was its chair?", ["Carbury"], ["Quarrington"]),
    # "…, and what did she say?": the words of the person the answer names
    ("Which Brackwater official objected to five councils sharing one board seat, and what exactly did she say?",
     ["cannot speak for five"], []),
    # "who said …": a quotation's later paragraph comes with the one naming who opened it
    ("Who at the guild's annual meeting said nurses were not directly represented on the care boards?",
     ["Pennant", "not directly represented"], []),
    # a reference code names its page: the other written answer, alike in all else, is not it; its date is
    # the value under its label
    ("When was the written question HL7702 on pharmacists answered, and what was the answer?",
     ["14 March 2023", "ordinary member"], ["2 May 2023"]),
    ("When was written question HL7710 answered, and what did it say?", ["2 May 2023", "pharmacy budgets"],
     ["14 March 2023"]),
    # "which … did they reject": the sentence that says it rejected them, not the one naming the response
    ("Which recommendations of the Orchard review and the Tarn committee report on board governance did the "
     "Department of Health reject in its response of 2 May 2024?", ["risk registers"], []),
    # "did it pass": the short outcome line under the motion, though it shares few of the question's words; and
    # "tabled" is how the page's "submitted by" is asked
    ("did the guild congress motion on ward staffing pass, and who tabled it?", ["passed", "Tarn Branch"], []),
    # …while the count as it stands answers a question about now
    ("How many seats are there around the Kestrel Vale ICB board table at the moment?", ["30 seats"], []),
    # a date in a letter to someone is not a date of theirs: "we believe that the 1st of June is too soon"
    ("In the guild's letter to Dame Orla Penhallow about the model board plan, which deadline did it say was too "
     "soon?", ["1st of June"], []),
    # words in single quotation marks are words of the one the sentence names, whatever verb reports them
    ("What did Rafe Dunmore say about grouping care boards?", ["group together"], []),
    # a first-person profile: the name is in the line that introduces it
    ("Who chairs NHS Amberly ICB?", ["Wren Hollis"], []),
    # "which kinds of …" asks for a list: the list that names them, not the sentence that speaks of them
    ("which kinds of board position could an ICB use to make sure a member has midwifery knowledge and experience?",
     ["partner member", "executive director for maternity"], []),
    # a lead-in is read with the list it introduces, and the list whose bullets were lost comes with it
    ("I keep mixing up the Harrowgate care council and the care forum - what does each one actually do?",
     ["holds the budget", "long-term strategy"], []),
    # the second part by the sentence that means it, not one echoing the whole question ("thank Ruth … interim chair")
    ("When was Ruth Ellery appointed chair of NHS Tarnby, and who took over as interim chair when she left?",
     ["March 2022", "Ken Aldous"], []),
    # "which trust": a trust named; "the names of": people named
    ("Which trust did Lia Brook run before NHS Tarnby?", ["Fenmoor Community NHS Foundation Trust"], []),
    ("What are the names of the two new ICB chairs designate?", ["Pella Varga", "Con Abaro"], []),
    # "who replaced X": the sentence that names someone else, not those about X alone
    ("Who replaced Mae Tolland as chief executive of NHS Lisle ICB?", ["Irwin Palk"], []),
    # "what did X report": what X said, whatever verb the page uses (not an outcome whose verb must be found)
    ("What combined savings target did the Lisle and Quarrington ICBs report?", ["£4.2m"], []),
    # an opening phrase that says where the answer is ("In the framework reported by …,") is met by its page
    ("In the design framework reported by the Tarnside Health Journal, how are system boards meant to reach "
     "decisions?", ["consensus"], []),
    # "who chaired …": the name the page gives the role beside ("Nia Okafor (Chair)"), the session in its page's words
    # a part with no words of its own ("how big will it be") asks about the other part's subject, on its page
    ("What did Oswin Marr warn about the new Harbury Vale ICB, and how big will it be?", ["1.4m"], []),
    # "…, and who was on it?": the page's membership sentence, though it names no one
    ("When did the Marlow GP forum first meet, and who was on it?", ["3 March", "clinical directors"], []),
    # a headcount given as the posts a page counts, not in the question's word
    ("What headcount reduction did Lisle ICB propose?", ["248"], []),
    ("Who chaired the committee's 5 March 2024 dental services session, and who appeared for Fenbridge ICS?",
     ["Okafor"], []),
    # the role given in one sentence (a news page's standfirst), its holder named in the next: both together;
    # "…, and when did she start?" is the other part's subject, answered by the date already given
    ("Who was named independent chair of the Tarnside Health and Care Alliance committee, and when did she start?",
     ["Orla Pennick", "1 September", "independent chair"], ["brings together"]),
    # "how did <a body> react, and when": its chief executive's words, the quotation going on over its paragraphs,
    # and the press release's dateline for "when"
    ("How did the Tollgate Forum react to the Orchard review, and when?",
     ["breath of fresh air", "9 March 2024"], []),
    # an ICB the page names only by its short form ("QVR ICS") is the one the question names in full
    ("Was a social enterprise represented on the Quarry, Quarryshire and Vale Reach shadow ICB?",
     ["Brightwell Care"], []),
    # "I hope I have explained why" comes with the reasons given just before it
    ("Whose amendment would have let only a care board remove its chair, and what did the government say?",
     ["Quarrell", "cannot accept", "code on board appointments"], []),
    # a title after a place is the asker's word for someone there, not part of a name the page must contain
    ("Which Tarnside East Councillor said the merger plan made his blood boil?", ["Orin Vask"], []),
    # "did X want a vote": a noun after "a", not a decision to be reported
    ("Did the Fenbridge Patients' Forum want a vote on care boards?", ["not as a voting member"], []),
])
def test_answer_spans(invented, question, must, must_not):
    from assistant.ask import ask

    answer = ask(question, settings=invented)
    assert not answer.abstained, answer.answer
    for word in must:
        assert word.lower() in answer.answer.lower(), (word, answer.answer)
    for word in must_not:
        assert word.lower() not in answer.answer.lower(), (word, answer.answer)
    for c in answer.citations:
        assert c.quote in c.chunk.text


def test_a_page_that_only_names_a_speaker_gives_no_words_of_theirs(invented):
    """"This section … a podcast with Mara Quint" names her and reports nothing she said: no answer, and the
    closest passage is that sentence, not the list item before it ("This section" speaks of its page)."""
    from assistant.ask import ask

    answer = ask("What did Mara Quint say about the pharmacy review?", settings=invented)
    assert answer.abstained and "Mara Quint" in answer.answer and "training budget" not in answer.answer, answer.answer


def test_a_submission_speaks_for_its_author_once_and_whole(invented):
    """"What did the guild tell MPs": its written evidence is its words though no verb reports them; the
    sentence that spells out what the first names comes with it; two copies of the evidence give it once."""
    from assistant.ask import ask

    answer = ask("What did the Fenbridge Nurses Guild say care boards must not lose from the old nursing forums?",
                 settings=invented)
    assert not answer.abstained and "ward-level knowledge" in answer.answer, answer.answer
    assert answer.answer.count("it is vital they do not lose") == 1, answer.answer


def test_passages_give_a_lead_in_with_its_whole_list(invented):
    """Without the board table (or for a board it has no rows for) the lead-in comes with its whole list."""
    from assistant.ask import ask

    answer = ask("Who sits on the NHS Wexmoor board?", settings=invented.with_(board_answers=False))
    for word in ["consists of", "Penhallow", "three non-executive", "primary medical"]:
        assert word in answer.answer, (word, answer.answer)


@pytest.mark.parametrize("question", [
    "What salary is the Fenbridge chief nurse paid?",  # the entity is there, the fact is not
    "What severance package did Ruth Ellery get when she left NHS Tarnby?",  # her leaving is there, no sum
    # a count recommended by a named review: the count given is guidance's, on a page that never names the review
    "How many pharmacists did the Orchard review recommend should sit on each care board?",
    # a count after a change: the page gives only the count as it stands
    "How many seats did Ola Brandt say the Kestrel Vale ICB board would be cut down to?",
    # a copy line names her with her title ("Secretary of State"): it reports nothing she said
    "What did Pella Hart say about bigger care boards?",
    # her profile page gives the board's date, not hers
    "When was Wren Hollis appointed chair of NHS Amberly ICB?",
    # a report of the appointment quotes nothing of his: what he said is not given
    "What did Ken Aldous say about being made interim chair of NHS Tarnby?",
    "How did the Royal Society of Estates react to the chief nurse appointment?",  # a speaker never named
    "How many votes did the Wexmoor board cast on its budget?",
    "Who chairs the Kestrelford ICB?",  # a body the documents never mention
    "How many Wexmoor board members voted for the plan?",  # figures there ("part 2"), none counting voters
    "How many delegates attended the Wexmoor board meeting?",
    "Who was appointed permanent chief executive of NHS Fenbridge ICB?",  # only an interim one is named
    "who is the chief nurse of nhs wexmoor icb?",  # typed in lower case: Fenbridge's chief nurse is not Wexmoor's
    "What is the Wexmoor ICB's annual budget?",  # the budget is named, with a count of residents, but no sum
    "Who was present at the Fenbridge ICB board meeting on 16 May?",  # the minutes are of another day's meeting
    "What decisions did the Fenbridge ICB board take at its meeting on 9 May 2024?",  # who was there, no decision
    "What is the Wexmoor chief executive's spending limit?",  # the delegated limits are named, not given
    "Who attended the Fenbridge ICB board meeting in May 2025?",  # the minutes are of May 2024's
    # a role no page about Wexmoor speaks of, though Fenbridge's minutes name one
    "Does NHS Wexmoor ICB have a public health director on its board?",
    "whos the chief exec of nhs wexmoor icb?",  # typed shorthand: the role is named on the page, its holder is not
    # a lead-in, then a new section: the principles it announces are not on the page
    "What are the five principles that the Orchard review says help boards thrive?",
    # the year asked is another person's: "he has been chief executive since 2021" is Mr Palk, not Ms Tolland
    "In which year did Mae Tolland become interim chief executive of NHS Lisle ICB?",
    # a decision asked about: the councils objected and wrote, the board's answer is not reported
    "Did the Brackwater board agree to give the five councils more seats?",
    # a count of ICBs with another kind of member: the carer representation asked about is counted nowhere
    "How many ICBs actually have a carer representative on their board?",
    # "the exact date" asks for a day: "took up the post in February" gives a month
    "What was the exact date Lia Brook started as chief executive of NHS Tarnby?",
    # a year asked that nothing likely speaks of: the count given is of another time
    "How many years had Pella Varga spent running a carers' charity as of 2019?",
    # …and of a board: its table does not say when it held, and nothing about the board speaks of 2019
    "How many non-executive members did the Wexmoor board have back in 2019?",
    # "which trust": "an NHS trust in Tarnby" names none; "names of": "three … have been appointed" names no one
    "Which Tarnby trust did Ken Aldous chair before?",
    "names of the three non-exec members appointed to the tarnby board?",
    # the person named is the one replaced: sentences about her alone do not say who replaced her
    "Who replaced Nell Ashgrove as interim chief executive of Brackwater?",
    # an appointment still to be made names those who will make it, not who was appointed
    "Who has been appointed chair of the clustered Fennick and Marlow ICBs?",
    # "who is the … member on X's board": a person in that seat; a sentence about the seat names no one in it
    "Who is the local authority member on the Brackwater board?",
    # "how much money": a sum; "…, and how much?" asks about the other part's subject, not stated by itself
    "How much money will the Fennick and Marlow clustering save?",
    "Do Marlow GP forum members get paid for attending, and how much?",
])
def test_abstains_when_the_thing_asked_is_absent(invented, question):
    from assistant.ask import ask

    answer = ask(question, settings=invented)
    assert answer.abstained and answer.answer.startswith(SENTINEL), answer.answer


def test_tune_and_report_halves_are_disjoint_and_fixed():
    from eval.harness import DatasetError, split_half

    items = [{"id": f"q-{i}"} for i in range(60)]
    tune, report = split_half(items, "tune"), split_half(items, "report")
    assert len(tune) + len(report) == 60 and not {i["id"] for i in tune} & {i["id"] for i in report}
    assert split_half(items[:30], "tune") == [i for i in tune if int(i["id"][2:]) < 30]  # adding questions moves none
    with pytest.raises(DatasetError):
        split_half(items, "all")


@pytest.mark.parametrize("text, bare, months", [
    ("the meeting in january 2025", True, [1, 2025]),
    ("on Tuesday, 30th January 2024 and 2022-07-01", False, [1, 2024, 7, 2022]),
    ("on Tuesday, 30th January 2024 and 18/05/2023", True, []),  # each with its day: days_named's to check
])
def test_months_named(text, bare, months):
    from assistant.answer.question import months_named

    assert [n for _, month, year in months_named(text, bare=bare) for n in (month, year)] == months


@pytest.mark.parametrize("text, days", [
    ("at its meeting on 3 November 2022", [(3, 11)]),
    ("Thursday 03 November 2022 and Nov 4th", [(3, 11), (4, 11)]),
    ("held on the 17th of March, minutes dated 17/03/2023", [(17, 3), (17, 3)]),
    ("in May 2024 with 12 members", []),  # a month is not a day
    ("Item 45 October", []),  # no such day
])
def test_days_named(text, days):
    from assistant.answer.question import days_named

    assert [(d, m) for _, d, m in days_named(text)] == days


@pytest.mark.parametrize("kind, sentence, question, match", [
    ("when", "It followed Royal Assent of the Wexmoor Act 2021.", "On what date did the Wexmoor Act 2021 pass?", 0.0),
    ("when", "The Act passed on 3 May 2021.", "On what date did the Wexmoor Act 2021 pass?", 1.0),
    # a date asked for is a day: a year alone does not give it
    ("when", "Through the 2025 budget round, we are working on the scheme.", "On what date did the scheme open?", 0.0),
    ("when", "Through the 2025 budget round, we are working on the scheme.", "When did the scheme open?", 1.0),
    ("how_many", "Amendment 12 was moved by the minister.", "How many votes did amendment 12 get?", 0.0),
    # a count is a number beside what is counted, or beside words of the question's noun phrase
    ("how_many", "The vote is on page 2 of the minutes.", "How many delegates voted for it?", 0.6),
    ("how_many", "There were 412 delegates in the hall.", "How many delegates voted for it?", 1.0),
    ("how_many", "It has two local authority partner members.", "How many local council seats does it have?", 1.0),
    ("how_many", "All governments should act.", "How many delegates voted for it?", 0.3),
    ("how_many", "There are 42 integrated care boards.", "How many ICBs are there?", 1.0),
    # "how big": the people a body serves, its money or its seats, not any number
    ("how_many", "The two boards will merge in October.", "How big will the new board be?", 0.3),
    ("how_many", "It will serve about 1.4m people.", "How big will the new board be?", 1.0),
    ("how_many", "There are about 30 seats around the table.", "How big is the table?", 1.0),
    ("how_many", "Page 12 lists the residents' concerns.", "How big will the new board be?", 0.3),
    ("how_many", "It was rated 2 out of 4 by patients.", "How big will the new board be?", 0.3),
])
def test_figures_from_the_question_are_not_answers(kind, sentence, question, match):
    assert type_match(kind, sentence, question) == match


def test_a_sentence_vector_does_not_depend_on_its_companions(invented):
    """The same question gets the same answer whatever was asked before: a sentence's vector is the same
    whether it is embedded alone or beside others (int8 models scale a batch's activations together)."""
    from assistant.answer import extractive
    from assistant.retrieval import get_retriever

    retriever = get_retriever(invented)
    chunks = retriever.store.chunks(retriever.store.catalog.chunk_ids())
    spans = [Span(u.chunk, u.start, u.end, u.text) for c in chunks.values() for u in units_of(c)][:12]
    answerer = extractive.ExtractiveAnswerer(retriever)
    extractive._SENTENCE_CACHE.clear()
    together = answerer._sentence_vectors(retriever.embedder, spans)
    extractive._SENTENCE_CACHE.clear()
    alone = [answerer._sentence_vectors(retriever.embedder, [s])[0] for s in spans]
    assert (together == np.stack(alone)).all()


@pytest.mark.parametrize("question, sentence, elsewhere", [
    ("who chairs nhs wexmoor icb?", "She will sit on the board as the Chair of the Quality Committee.", True),
    ("who chairs nhs wexmoor icb?", "Jo Penn, Chair of NHS Wexmoor Integrated Care Board, said it was good.", False),
    ("who chairs the wexmoor audit committee?", "Jo Penn, Chair of the Audit Committee, said so.", False),
    ("who chairs the ICB?", "Jo Penn, ICB Chair and chair of the remuneration committee, spoke.", False),
    ("who chairs the ICB?", "Jo Penn is the chair of the integrated care partnership.", True),
])
def test_a_role_held_in_another_body(question, sentence, elsewhere):
    from assistant.answer.extractive import _role_held_elsewhere

    assert _role_held_elsewhere(question, sentence, ("chair",)) is elsewhere


@pytest.mark.parametrize("coverage, similarity, supported", [
    (0.15, 0.80, True),  # few shared words, but the same thing said another way: a paraphrase supports
    (0.15, 0.55, False),  # few shared words and only loosely alike: no support
    (0.70, 0.55, True),  # most of the question's words, in a passage about it
])
def test_a_close_paraphrase_supports_an_answer(coverage, similarity, supported):
    from assistant.answer.extractive import ExtractiveAnswerer, _Candidate
    from assistant.answer.units import Unit
    from core.settings import Settings

    text = "The Ratepayers Forum called the merger's label a misnomer, since the largest trust will run the others."
    chunk = _chunk(text)
    unit = Unit(chunk, 0, len(text), text, "sentence", 0)
    best = _Candidate(unit, Span(chunk, 0, len(text), text, None), 1, unit.words, set(), set(),
                      coverage=coverage, context_coverage=coverage, similarity=similarity)
    answerer = ExtractiveAnswerer.__new__(ExtractiveAnswerer)
    answerer.settings = Settings.from_env()
    info = analyse("Which group branded the name of the merger a misnomer?")
    assert answerer._supported(info, best, [best]) is supported


@pytest.mark.parametrize("question, role", [
    ("Who was named chair-designate of NHS Oakridge ICB?", ("chair", "design")),
    ("Who was appointed as chief executive of the Fellside ICB?", ("chief", "execut")),
    ("Who has been appointed chief executive of the new Fellside ICB?", ("chief", "execut")),
    ("Who will chair the Fellside ICB when it is set up?", ("chair",)),  # the role ahead
    ("Who is the medical director of the Fellside ICB?", ("medic", "director")),
])
def test_how_someone_came_to_a_role_is_not_the_role(question, role):
    assert analyse(question).relation[0] == role


@pytest.mark.parametrize("question, bound", [
    ("Which meetings were scheduled after the September 2022 one?", (">", (2022, 9), "September 2022")),
    ("What did the board decide before 2024?", ("<", (2024, 0), "2024")),
    ("Who has chaired it since 3 March 2021?", (">", (2021, 3), "3 March 2021")),
    ("What did the board decide in 2024?", None),
])
def test_a_bound_in_time(question, bound):
    from assistant.answer.question import time_bound

    assert time_bound(question) == bound


@pytest.mark.parametrize("bound, sentence, outside", [
    ((">", (2022, 9)), "Thursday 01 September 2022 Formal Board", True),  # the bound's own month is not after it
    ((">", (2022, 9)), "Thursday 03 November 2022 Formal Board", False),
    ((">", (2022, 9)), "Papers are published a week before.", False),  # undated: not outside
    (("<", (2024, 0)), "It met in March 2023 and in June 2024.", False),  # one date inside is enough
    (("<", (2024, 0)), "It met in June 2024.", True),
])
def test_a_sentence_outside_a_bound_in_time(bound, sentence, outside):
    from assistant.answer.question import outside_bound

    assert outside_bound(bound, sentence) is outside


def test_the_kind_of_answer_asked_for_is_no_term_to_match():
    from assistant.answer.question import asked_type_words

    words = asked_type_words("Which organisation objected to the merger, and what was its reasoning?")
    assert {"organis", "reason"} <= words
    assert "merger" not in words and not asked_type_words("Who chairs the Wexmoor board?") & {"organis", "reason"}
    # "which areas" asks for places: the sentence naming them ("covers Oakton and Reedby") need not say "area"
    assert "area" in asked_type_words("Which areas does the Wexmoor ICB cover, and how many people live there?")
    # "by when were their plans due": a date answers it, "due" or not ("plans by the end of May"); a sentence
    # saying something else is "due" ("is due to merge from October") does not answer it by that word
    assert "due" in asked_type_words("What cut must boards make, and by when were their plans due?")


def test_a_sentence_naming_whom_the_question_names_is_compared_by_meaning(invented):
    """Only the lexically likeliest sentences are embedded; one naming the person asked about is among them,
    though many sentences share more of the question's words."""
    from assistant.answer.extractive import ExtractiveAnswerer, _Candidate
    from assistant.answer.units import Unit
    from assistant.retrieval import get_retriever

    texts = [f"Integrated care boards in area {i} were set up in 2022." for i in range(invented.similarity_pool + 2)]
    texts.append("As Dame Orla Penhallow put it to us, the idea grew from what staff on the wards had learned.")
    candidates = []
    for i, text in enumerate(texts):
        chunk = _chunk(text)
        unit = Unit(chunk, 0, len(text), text, "sentence", 0)
        coverage = 0.5 if i < len(texts) - 1 else 0.48
        candidates.append(_Candidate(unit, Span(chunk, 0, len(text), text, None), 1, unit.words, set(), set(),
                                     coverage=coverage, context_coverage=coverage))
    answerer = ExtractiveAnswerer(get_retriever(invented))
    answerer._similarities(analyse("What did Dame Orla Penhallow say about where integrated care boards came from?"),
                           candidates)
    assert candidates[-1].similarity > 0.2



@pytest.mark.parametrize("question, item_score, picks_item", [
    ("Which kinds of post could the board use to meet the rule?", 0.45, True),  # a list asked for, within the margin
    ("Which kinds of post could the board use to meet the rule?", 0.30, False),  # too far below the best
    ("Why does the board need the rule?", 0.45, False),  # no list asked for: the best sentence
])
def test_a_list_asked_for_answers_before_a_sentence_about_it(question, item_score, picks_item):
    from assistant.answer.extractive import _typed_best

    sentence = _candidate("The rule requires one board member with knowledge of midwifery.", 0.55)
    item = _candidate("• an executive director for maternity", item_score, kind="item")
    assert (_typed_best(analyse(question), [sentence, item], 0.75) is item) is picks_item


@pytest.mark.parametrize("other_page, chosen", [
    ("A new chair has been appointed across the Lisle and Quarrington boards.", False),  # names no one asked about
    ("Brackwater's new chair has been appointed for a second term.", True),  # names whom the question names
])
def test_a_second_sentence_from_another_page_names_whom_the_question_names(other_page, chosen):
    from assistant.answer.extractive import ExtractiveAnswerer, _Candidate
    from assistant.answer.units import Unit
    from core.settings import Settings

    def candidate(doc, text, score, terms):
        chunk = Chunk(f"{doc}:1", doc, text, 0, len(text), None, None, f"{doc}.txt", "Test page")
        unit = Unit(chunk, 0, len(text), text, "sentence", 0)
        c = _Candidate(unit, Span(chunk, 0, len(text), text, None), 1, unit.words, set(terms), set(terms))
        c.score = score
        return c

    info = analyse("After Brackwater failed to appoint a chief executive, who took charge, and who was its chair?")
    best = candidate("news", "Work is underway to support Nell Ashgrove as interim chief executive.", 0.8,
                     ["interim", "chief", "execut"])
    other = candidate("other", other_page, 0.75, ["appoint", "chair"])
    answerer = ExtractiveAnswerer.__new__(ExtractiveAnswerer)
    answerer.settings = Settings.from_env()
    assert (answerer._second(info, [best], [best, other], close_only=False) is other) is chosen


@pytest.mark.parametrize("after, joins", [
    ("This would need to be approved by the county council.", True),  # a condition on the yes or no
    ("It is subject to a vote of the whole board.", True),
    ("This is the second review of the board this year.", False),  # says more, but no condition
])
def test_a_yes_or_no_comes_with_the_condition_after_it(after, joins):
    from assistant.answer.extractive import ExtractiveAnswerer
    from core.settings import Settings

    text = f"Dental practitioners are not barred from the board. {after} The board meets in public."
    units = units_of(_chunk(text))
    answerer = ExtractiveAnswerer.__new__(ExtractiveAnswerer)
    answerer.settings = Settings.from_env()
    span = answerer._span_units(analyse("Could a dentist sit on the board?"), units[0], brief=True)
    assert (units[1] in span) is joins


@pytest.mark.parametrize("after, kind", [
    ("integrated care boards: bodies that plan and fund services", "item"),  # lower case, no full stop
    ("The Chair", "item"),
    ("Dr Ada Quill (AQ) Clinical Chair", "item"),
    ("“We welcome the review,” she said.", "sentence"),  # the quotation a lead-in introduces is no list item
    ("To ask the Secretary of State how many boards have a nurse.", "sentence"),  # a written question is none
    ("What does the board do?", "sentence"),
])
def test_a_line_after_a_lead_in_is_an_item_of_a_list_without_bullets(after, kind):
    # the lead-in may end a paragraph ("… in 2022. The system has two parts:")
    text = f"It was set up in 2022. The system has two parts:\n\n{after}\n\nbodies that bring partners together"
    units = units_of(_chunk(text))
    assert units[1].kind == "lead_in" and units[2].kind == kind


def test_a_number_of_things_asked_for_is_a_list():
    assert analyse("Who will chair the three Fenmoor groups?").listing
    assert analyse("What do all three boards publish?").listing
    assert not analyse("Who chairs the Fenmoor board?").listing


def test_what_the_asker_tells_first_is_the_scene_and_the_question_after_it_is_asked():
    info = analyse("I'm a ward nurse and a colleague said every board has a chief nurse. Is there a guaranteed seat "
                   "for nurses on the Wexmoor board?")
    assert info.kind == "yes_no"  # asked by the second sentence, not the first
    assert {"ward", "colleagu"} <= set(info.scene) and "nurs" not in info.scene  # "nurse" is asked too


def test_conversational_words_are_not_terms():
    info = analyse("As a GP I keep mixing up ICBs and ICPs - what does each one actually do? short version pls")
    assert not {"keep", "mix", "actual", "short", "version", "pls"} & set(info.terms)
    # "how far", "how big": how the question asks for an amount, not what it is about
    info = analyse("How far is the number of boards expected to shrink, and how big is the budget?")
    assert not {"far", "big"} & set(info.terms) and {"number", "shrink", "budget"} <= set(info.terms)


@pytest.mark.parametrize("question, scene", [
    ("In the design guidance reported by the Tarnside Journal, how are boards meant to decide?",
     {"design", "guidanc", "report", "tarnsid", "journal"}),
    ("Under the 2022 Act, is there a nurse on the board?", {"2022", "act"}),
    ("What does the board do, and who chairs it?", set()),  # it opens on what it asks: no scene
])
def test_an_opening_that_sets_the_scene_says_where_not_what(question, scene):
    assert set(analyse(question).scene) == scene


@pytest.mark.parametrize("question, text, author, lead", [
    # "who warned …": the sentence names no one, so the page it is on says whose words they are
    ("Who warned that boards risk becoming a talking shop?", "Boards risk becoming a talking shop.", "Ida Venn",
     "From Ida Venn, “Test page”:"),
    ("Who warned that boards risk becoming a talking shop?", "Boards risk becoming a talking shop.", None,
     "From Fenbridge Guild, “Test page”:"),  # no author: the publisher
    ("Who warned that boards risk a talking shop?", "Dr Ada Quill warned of a talking shop.", "Ida Venn", ""),
    ("What did the guild warn about?", "Boards risk becoming a talking shop.", "Ida Venn", ""),
])
def test_whose_words_from_the_page_when_the_sentence_names_no_one(question, text, author, lead):
    from dataclasses import replace

    from assistant.answer.extractive import _attribution

    c = _candidate(text, chunk=replace(_chunk(text), author=author, publisher="Fenbridge Guild"))
    assert _attribution(analyse(question), [c]) == lead


@pytest.mark.parametrize("sentences, chosen", [
    # the role is spoken of, no one is named in it: the person asked for is not given
    (["The partnership includes the director of public health of each council."], None),
    (["The partnership includes the director of public health of each council.",
      "Dr Ada Quill, director of public health, sits on the partnership."], 1),
])
def test_which_director_asks_for_a_person_named(sentences, chosen):
    from assistant.answer.extractive import _typed_best

    cands = [_candidate(text, 1.0 - 0.1 * i) for i, text in enumerate(sentences)]
    best = _typed_best(analyse("Which director of public health sits on the Amber Vale partnership?"), cands, 0.75)
    assert best is (None if chosen is None else cands[chosen])


@pytest.mark.parametrize("title, text, about", [
    ("Lords debate: Lord Venn, Amendment 12", "Amendment 12 would let the forum act as the partnership.", True),
    ("Lords debate: Lord Venn, Amendment 12", "Baroness Quill replied that the amendment was not needed.", False),
    ("Lords debate, Amendment 12", "Amendment 12 would let the forum act as the partnership.", False),
])
def test_a_page_titled_with_a_name_is_about_that_person(title, text, about):
    from dataclasses import replace

    from assistant.answer.extractive import _about_person

    c = _candidate(text, chunk=replace(_chunk(text), title=title))
    assert _about_person(["venn"], c) is about


@pytest.mark.parametrize("text, answers", [
    # an MP's title is no member counted: the figure counts something else
    ("As the hon. Member for Eddisbury said, there are now nine groups in Wexmoor, down from twelve.", False),
    ("Of the members of the Wexmoor partnership board, there are now nine from councils.", True),
])
def test_a_count_beside_the_counted_thing_not_an_mps_title(text, answers):
    from assistant.answer.extractive import _typed_best

    c = _candidate(text)
    best = _typed_best(analyse("How many members sit on the Wexmoor partnership board?"), [c], 0.75)
    assert (best is c) is answers


def test_a_part_is_stated_only_where_its_words_are(invented):
    """"… and what were the division numbers?": a part that asks nothing checkable is stated only where
    passages hold most of its words."""
    from assistant.answer.extractive import ExtractiveAnswerer, _Candidate, _part_info, _words
    from assistant.answer.units import Unit
    from assistant.retrieval import get_retriever

    answerer = ExtractiveAnswerer(get_retriever(invented))
    text = "The board voted to approve the dental plan at its meeting in public."
    chunk = _chunk(text)
    unit = Unit(chunk, 0, len(text), text, "sentence", 0)
    c = _Candidate(unit, Span(chunk, 0, len(text), text, None), 1, unit.words, _words(text), _words(text))
    assert not answerer._part_words_found(_part_info("what were the division numbers"), [c])
    assert answerer._part_words_found(_part_info("what did the board approve for dental care"), [c])


@pytest.mark.parametrize("before, text, spoken", [
    # someone quoted elsewhere in the chunk does not make every sentence of it theirs
    ("The panel heard evidence in May.", "The review is considering how boards are held to account.", False),
    ("Ola Brandt, chief executive of the Tern Health Alliance, said:", "Boards must listen to nurses.", True),
    ("Ola Brandt spoke next.", "She said boards must listen to nurses.", True),  # goes on from her
    ("Ola Brandt spoke next.", "The review is considering how boards are held to account.", False),
])
def test_words_are_a_speakers_only_where_they_are_named_or_introduced(before, text, spoken):
    from dataclasses import replace

    from assistant.answer.extractive import _Candidate, _spoken_or_named
    from assistant.answer.units import Unit

    whole = f"{before} {text}"
    chunk = replace(_chunk(whole), context="Test page — Ola Brandt")
    units: list = []
    units.append(Unit(chunk, 0, len(before), before, "sentence", 0, units))
    units.append(Unit(chunk, len(before) + 1, len(whole), text, "sentence", 1, units))
    c = _Candidate(units[1], Span(chunk, units[1].start, units[1].end, text, None), 1, units[1].words, set(), set())
    assert _spoken_or_named(analyse("What did Ola Brandt say about boards?"), c) is spoken


_WHICH_ICB_ASKED = "Which ICB is the one whose constitution names its LMC as an observer?"
_WHICH_ICBS_ASKED = "Which nine ICBs took on dental services?"


@pytest.mark.parametrize("question, text, answers", [
    (_WHICH_ICB_ASKED, "Only one ICB constitution lists its local medical committee as an observer.", False),  # none
    (_WHICH_ICB_ASKED, "NHS Wexmoor ICB lists its local medical committee as an observer on the board.", True),
    (_WHICH_ICBS_ASKED, "Nine ICBs will also take on dental services from July.", False),  # counted, not named
    (_WHICH_ICBS_ASKED, "NHS Wexmoor ICB and NHS Fenbridge ICB took on dental services in July.", True),
])
def test_which_icb_or_icbs_asks_for_icbs_named(question, text, answers):
    from assistant.answer.extractive import _typed_best

    c = _candidate(text)
    assert (_typed_best(analyse(question), [c], 0.75) is c) is answers


@pytest.mark.parametrize("question, chosen", [
    ("When did the regulator open its national scheme?", None),  # the page's dateline is no answer to that
    ("When was the written answer published?", 0),  # but it is to this
])
def test_a_pages_dateline_answers_only_when_it_was_made_public(question, chosen):
    from assistant.answer.extractive import _typed_best

    cands = [_candidate(text, 1.0 - 0.1 * i)
             for i, text in enumerate(["Published 12 June 2025", "The regulator expects the national scheme to open soon."])]
    assert _typed_best(analyse(question), cands, 0.75) is (None if chosen is None else cands[chosen])


@pytest.mark.parametrize("first, second, chosen", [
    # a close second naming a person beats a first that names no one (a place before a body's name is no one)
    ("The board approved the Greater Manchester Integrated Care Partnership as a joint committee.",
     "That Councillor Ada Quill be appointed as a member of the partnership.", 1),
    ("Dr Ada Quill will represent the council on the partnership.",
     "That Councillor Bo Renn be appointed as a member of the partnership.", 0),  # the first names one already
])
def test_who_prefers_a_sentence_naming_a_person(first, second, chosen):
    from assistant.answer.extractive import _typed_best

    cands = [_candidate(text, 1.0 - 0.1 * i) for i, text in enumerate([first, second])]
    assert _typed_best(analyse("Who represents the council on the partnership?"), cands, 0.75) is cands[chosen]


@pytest.mark.parametrize("question, first, second, chosen", [
    # "which … did they reject": a close second that says it rejected them beats a first naming the response
    ("Which recommendations of the Orchard review did the Department reject in its May response?",
     "In May the Department responded to the recommendations of the Orchard review.",
     "It rejected the recommendations to publish risk registers.", 1),
    ("What did the Orchard review recommend?", "The Orchard review recommends shorter board papers.",
     "It rejected the idea of larger boards.", 0),
])
def test_which_outcome_prefers_a_sentence_stating_it(question, first, second, chosen):
    from assistant.answer.extractive import _typed_best

    cands = [_candidate(text, 1.0 - 0.1 * i) for i, text in enumerate([first, second])]
    assert _typed_best(analyse(question), cands, 0.75) is cands[chosen]


def test_a_date_in_a_sentence_of_few_question_words_answers_from_the_same_passage():
    """"When did the board consider its plan": "… considered by the Board at its meeting on 17 January 2023" shares
    few of the question's words, but its passage holds the question as well as the best's: it gives the date."""
    from assistant.answer.extractive import _typed_best

    chunk = _chunk("The council must be consulted on the forward plan. The Board considered it on 17 January 2023.")
    first = _candidate("The council must be consulted on the forward plan.", 1.0, chunk=chunk)
    second = _candidate("The Board considered it on 17 January 2023.", 0.8, chunk=chunk)
    first.coverage, first.context_coverage = 0.6, 0.8
    second.coverage, second.context_coverage = 0.2, 0.8
    assert _typed_best(analyse("When did the board consider its forward plan?"), [first, second], 0.75, 0.75) is second


def test_a_sentence_opening_on_he_or_she_is_about_the_person_named_before_it():
    """"She was …" under a person's name speaks of that person, as if it named her; "He has led …" after
    another person's name is not about the person asked."""
    from assistant.answer.extractive import _antecedent, _Candidate, _entity_bonus
    from assistant.answer.question import analyse

    text = ("Asha Penrose has been appointed medical director of NHS Westmarsh ICB.\n\nAsha Penrose\n\n"
            "She was a consultant geriatrician at Tollmere General Hospital.\n\nCol Baird has been confirmed as "
            "finance director of NHS Eastmarsh ICB, succeeding Di Lee. He has led the council's audit team and will "
            "leave that role.")
    units = units_of(_chunk(text))
    by_start = {u.text.split()[0]: u for u in units}
    she, he = by_start["She"], by_start["He"]
    cands = {u.text.split()[0]: _Candidate(u, Span(u.chunk, u.start, u.end, u.text, None), 1, u.words, set(), set())
             for u in (she, he)}
    assert _antecedent(cands["She"]) == "Asha Penrose" and _antecedent(cands["He"]) == "Col Baird"
    info = analyse("What was Asha Penrose's previous role?")
    assert _entity_bonus(info, cands["She"]) >= 0.06 > 0 > _entity_bonus(info, cands["He"])


def test_which_person_is_a_member_wants_a_person_named():
    """"Which GP is the partner member …" asks for one person, though it speaks of membership: a list of seats
    or a sentence that opens on a place ("In Fenn and South Marsh, …") names no one, so nothing answers."""
    from assistant.answer.extractive import _typed_best
    from assistant.answer.question import analyse

    info = analyse("Which GP is the primary care partner member on the Fenn and South Marsh ICB board?")
    assert info.listing
    seats = _candidate("The board has partner members for primary care and local authorities.", 1.0)
    place = _candidate("In Fenn and South Marsh, our Participants will include the voluntary sector and Healthwatch.",
                       0.9)
    assert _typed_best(info, [seats, place], 0.75) is None
    named = _candidate("Dr Ann Bray is the partner member for primary medical services.", 0.8)
    assert _typed_best(info, [seats, place, named], 0.75) is named


@pytest.mark.parametrize("sentence, match", [
    ("The Fenn board has 12 voting members.", 1.0),
    # "two" counts ICBs, not members; a figure that counts nothing named still may
    ("Only two ICBs set out a voting public health member on their boards.", 0.3),
    ("The board grew to 14 after the merger, with a voting member for each council.", 0.6),
    ("The Fenn board has 12 members.", 1.0),
])
def test_a_number_that_counts_another_thing_is_no_count_of_what_is_asked(sentence, match):
    assert type_match("how_many", sentence, "How many voting members does the Fenn ICB board have?") == match


@pytest.mark.parametrize("sentence, match", [
    ("The ICB appointed four non-executive members.", 1.0),
    ("The ICB appointed two non-executive directors.", 1.0),  # the same seat in other words
    # another kind of member, and roles of another kind, are not the members counted
    ("The ICB would have just one local authority partner member.", 0.3),
    ("Adverts would go out for the three statutory executive roles.", 0.6),
    ("There are two non-executives on the board.", 1.0),
])
def test_a_count_of_another_kind_of_member(sentence, match):
    assert type_match("how_many", sentence, "How many non-executive members did the Fenn ICB appoint?") == match


@pytest.mark.parametrize("question, sentence, other", [
    ("How many voting members does Fenn ICB have?", "Seven other ICBs want one voting member to know public health.",
     True),
    # it names the ICB asked; the question asks about a number of ICBs
    ("How many voting members does Fenn ICB have?", "Only two ICBs, Fenn ICB and Marsh ICB, have such a member.",
     False),
    ("How many ICBs besides Fenn ICB have a GP member?", "Seven other ICBs have a GP member.", False),
    # what holds for every ICB holds for the one asked
    ("How many voting members does Fenn ICB have?", "All ICBs must have a GP member.", False),
    ("How many voting members does Fenn ICB have?", "The 42 ICBs were established on 1 July 2022.", False),
])
def test_a_sentence_about_a_number_of_icbs_is_not_about_the_one_asked(question, sentence, other):
    from assistant.answer.extractive import _about_other_icbs

    assert _about_other_icbs(["Fenn"], question, sentence) is other


def test_the_reply_to_a_reported_question_is_the_sentence_after_it_in_its_words(invented):
    """"…, who asked why X, and what was the reply?": among the few sentences after the reported question (not
    those that go on asking), the one sharing most of the question's words; else the first that reports a reply."""
    from assistant.answer.extractive import ExtractiveAnswerer
    from assistant.retrieval import get_retriever

    text = ("Cllr Ada Fenwick asked how patients would be told of the merger. She also asked why the draft plan did "
            "not mention dentists. Jo Hale responded that letters would go to every household. The board would meet "
            "in public from September. The draft plan covered dentists in its second part, not yet published. The "
            "Chair thanked Ms Hale.")
    units = units_of(_chunk(text))
    asked = _candidate(units[0].text, chunk=units[0].chunk)
    asked.unit = units[0]
    answerer = ExtractiveAnswerer(get_retriever(invented))
    question = analyse("At the Harbury scrutiny meeting, who asked why the draft plan did not mention dentists, and "
                       "what was the reply?")
    assert "second part" in answerer._reply_after(question, [asked]).span.text
    other = analyse("Who asked how patients would be told of the Harbury merger, and what was the reply?")
    assert answerer._reply_after(other, [asked]).span.text.startswith("Jo Hale responded")


def test_who_were_the_n_appointed_wants_the_list_that_names_them():
    """"Who were the five non-executives appointed": the list naming people beats a list of seats that scores
    higher ("• Up to five non-executive members …")."""
    from assistant.answer.extractive import _typed_best

    seats = "Membership comprises:\n• The chair\n• Up to five non-executive members appointed for their experience"
    named = ("The five non-executive directors have been appointed after a formal process. The successful candidates "
             "are:\n• Ann Bray from Fenn Trust\n• Ian Roe from Marsh Council\n• Cy Dale from Vale Hospital")
    ranked = []
    for text, score in ((seats, 1.0), (named, 0.9)):
        chunk = _chunk(text)
        for i, unit in enumerate(units_of(chunk)):
            c = _candidate(unit.text, score - 0.01 * i, chunk=chunk)
            c.unit = unit
            ranked.append(c)
    best = _typed_best(analyse("Who were the five non-executive directors appointed to the Fenn ICB board?"),
                       ranked, 0.75)
    assert best.span.text.startswith("The successful candidates are")


@pytest.mark.parametrize("sentence, counts", [
    ("Its proposals would cut more than 80 of its full-time equivalent posts.", True),
    ("About 400 jobs will go.", True),
    ("The 2023 staff survey found morale low.", False),
    ("Section 3 of the staff handbook sets out the rules.", False),
])
def test_a_headcount_is_a_count_of_posts_or_staff(sentence, counts):
    from assistant.answer.extractive import _STAFF_COUNT

    assert bool(_STAFF_COUNT.search(sentence)) is counts


@pytest.mark.parametrize("role, text, beside", [
    ("chaired", "Members present: Ann Bray (Chair); Ian Roe; Cy Dale.", True),
    ("chaired", "Chair: Ann Bray", True),
    ("chaired", "Ann Bray (Chairman of Vale Trust) and Ian Roe spoke.", False),
    ("chaired", "Vice Chair: Ann Bray", False),
    ("led", "Ann Bray, leading the review, spoke.", False),
])
def test_a_role_given_beside_a_name(role, text, beside):
    from assistant.answer.extractive import _role_beside_name

    assert _role_beside_name(role, text) is beside


def test_a_part_whose_kind_of_answer_no_sentence_gives_is_said_to_be_missing():
    """A two-part question whose second part asks for a number no chosen sentence gives ends with a note saying
    so (in its own words, not the question's, which could hold what a reader looks for); none when each is given."""
    from assistant.answer.extractive import _missing_parts

    question = analyse("When was the Orchard review published, and how many pages is it?")
    dated = [_candidate("The Orchard review was published on 4 April 2023.")]
    assert _missing_parts(question, dated) == ("The documents don't give a number for the second part of the "
                                               "question.")
    both = dated + [_candidate("The review runs to 89 pages.")]
    assert _missing_parts(question, both) == ""
    assert _missing_parts(analyse("When was the Orchard review published?"), []) == ""
