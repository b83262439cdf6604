"""Quote extraction, one form per case, on passages written for these tests (invented people and bodies)."""

from __future__ import annotations

import json

import pytest

from core.types import Document, Quote
from ingest.quotes import CANONICAL_NAMES, canonical_name, extract_quotes


def _quotes(text: str) -> list[Quote]:
    doc = Document("forms-000001", "forms.txt", "/synthetic/forms.txt", text, "forms", "Forms", doc_type="news")
    quotes = extract_quotes(doc, [])
    assert all(text[q.start : q.end] == q.text for q in quotes)  # verbatim, always
    return quotes


def _quote_with(quotes: list[Quote], fragment: str) -> Quote:
    hits = [q for q in quotes if fragment in q.text]
    assert hits, f"no quote holds {fragment!r}: {[q.text for q in quotes]}"
    return hits[0]


# (form, passage, fragment, speaker, organisation or None when not asserted)
CASES = [
    # "…, Lord Penrose, who said that:": the one named before "who" speaks, not "we" at the sentence's start;
    # "…”, and that the Government “…”" goes on reporting him
    ("a relative clause names the speaker",
     "We welcomed the assurances given by the minister, Lord Penrose, who said that:\n\n“Boards will need to involve "
     "every profession in the area”, and that the Government “supports a seat for pharmacy on every board” now.",
     "every profession in the area", "Lord Penrose", None),
    ("and that goes on reporting the speaker",
     "We welcomed the assurances given by the minister, Lord Penrose, who said that:\n\n“Boards will need to involve "
     "every profession in the area”, and that the Government “supports a seat for pharmacy on every board” now.",
     "supports a seat for pharmacy", "Lord Penrose", None),
    # words over a blank line are no one's name ("• Published" / "" / "The …"), so "He" is the man named last
    ("he after a page's furniture",
     "Merger warning\n\n  • Published\n\nThe creation of a new Fenn Vale Integrated Care Board will cost jobs, a "
     "health boss has warned.\n\nTom Odell, chief executive of the two boards, spoke to councillors.\n\nThe changes "
     "will mean \"a large number of redundancies\", Mr Odell said.\n\nHe told the meeting: "
     "\"Keeping the morale of the organisation up will be the real test for all of us.\"",
     "Keeping the morale of the organisation", "Tom Odell", None),
    # a title and surname keep the title when the page gives no fuller name; a fuller name wins when it does
    ("a peer named only by title and surname",
     "Peers pressed the minister on the boards.\n\nBaroness Quarrell said the boards “must hear from nurses as "
     "well as managers” before any merger.",
     "must hear from nurses", "Baroness Quarrell", None),
    ("a title and surname after the full name",
     "Tom Odell, chief executive of the two boards, spoke to councillors.\n\nProfessor Odell said the plans "
     "were “a chance to put patients first” and would go ahead.",
     "a chance to put patients first", "Tom Odell", None),
    # an area's name ("Fenn District") is no one: "She" is the woman the page names, by her first name last
    ("she after an area named like a person",
     "Tarnside resident, Orla Pennick MBE, will take up the post in July.\n\nOrla brings wide experience, having "
     "held senior posts across Fenn District and Tarnside.\n\nShe said: “I’m a firm believer in the strengths of "
     "people and communities.”",
     "firm believer in the strengths", "Orla Pennick", None),
    # an opening that says what the words answer is not the speaker's name
    ("responding to something, then the speaker",
     "Responding to the plans, Ada Quillan said the boards were ‘far too remote from patients’ and must change.",
     "far too remote from patients", "Ada Quillan", None),
    # "who said … ‘…’, argued that …": the verb after the quotation opens a clause, not a speaker
    ("who said, then a clause after the quotation",
     "Professor Idris Penhallow spoke to MPs.\n\nProfessor Penhallow, who said morale was ‘at rock bottom’, argued "
     "that family doctors should sit on ICS boards.",
     "at rock bottom", "Idris Penhallow", None),
    # a body's name joined by "&"
    ("a spokesperson from bodies joined by &",
     "A spokesperson from Fenn & Fenwold ICB said the plan was the ‘current planning assumption’, adding more.",
     "current planning assumption", "Fenn & Fenwold ICB", None),
    # a first name alone is the one person the page names with it
    ("first name alone after a full name",
     "Dame Wenna Trevose is stepping down as chair of NHS Fenwold ICB.\n\nDame Wenna said: “These have been the best "
     "years of my working life.”",
     "the best years", "Wenna Trevose", None),
    # "On behalf of …, a spokesperson said": the body spoken for, not "On"
    ("on behalf of a body",
     "On behalf of NHS Fenwold and NHS Daleside Integrated Care Boards, a spokesperson said: “We plan to align our "
     "teams.”",
     "align our teams", "NHS Fenwold and NHS Daleside Integrated Care Boards", None),
    # a place ending in a capitalised word before the honorific: "Fenland Dr Ann" is not a name
    ("honorific after a place name in the role",
     "Backing the motion, regional council chair for the East of Fenland Dr Ravi Kestrel said: ‘Doctors lead the "
     "teams.\n\n‘Despite this, doctors are not on the board.’",
     "doctors are not on the board", "Ravi Kestrel", None),
    # a PDF line wrapped inside the role; the body one works "at", not the field one directs
    ("role wrapped over a line, organisation after 'at'",
     "As Ola Brandt, Director of Policy and Research at Tern\nHealth Alliance, said “If you’ve seen one board, you’ve "
     "seen one board”. The hearing went on.",
     "seen one board", "Ola Brandt", "Tern Health Alliance"),
    ("statement without marks after 'X said:'",
     "Commenting on the plan, Tamsin Holloway, chief executive of Westmere Health Partnership, said:\n\n"
     "We have worked hard to bring services together for local people across the county.\n\n"
     "The next year will test every partner, and we are ready for that test.\n\n"
     "Background\n\nThe partnership was formed in 2019 and covers four districts.",
     "The next year will test every partner", "Tamsin Holloway", "Westmere Health Partnership"),
    ("single curly marks over paragraphs, reopened, closed only at the end",
     "Professor Idris Okonkwo spoke to the panel on Tuesday.\n\n"
     "He said: ‘The first part of the answer is simple. We’re sure of it and so are the nurses.\n\n"
     "‘The second part carries on here and closes at last.’\n\nThe hearing then moved on.",
     "The second part carries on here", "Idris Okonkwo", None),
    ("straight double marks over paragraphs (markdown/HTML page)",
     "Harriet Rowe, leader of Dunmore Borough Council, set out the plan.\n\n"
     'Ms Rowe said: "Care must come closer to home for every resident.\n\n'
     '"We will publish our detailed proposals in the spring."\n\nThe council meets again in May.',
     "We will publish our detailed proposals", "Harriet Rowe", "Dunmore Borough Council"),
    ("curly double marks reopened on single-newline paragraphs",
     "Chair of Ravensmoor ICB, Gideon Pask, said:\n“I want to thank the whole team for a difficult year.\n"
     "“The board has shown what partnership can do when it is trusted.\n"
     "Dame Olwen Pryce, Regional Director for Northfield Health Authority, said: “I am pleased to see this.”",
     "The board has shown what partnership", "Gideon Pask", "Ravensmoor ICB"),
    ("unclosed quotation is not attributed to the next paragraph's speaker",
     "Dame Olwen Pryce, Regional Director for Northfield Health Authority, said: “We are proud of the teams "
     "across the region and of what they have done\n\n"
     "“The wards are calmer now,” said Callum Drysdale, a senior nurse.",
     "We are proud of the teams", "Olwen Pryce", "Northfield Health Authority"),
    ("attribution on the next line after a dash",
     "The report was welcomed across the sector.\n\n"
     "“Prevention has to come first if the service is to last another generation.”\n\n"
     "– Dr Anjali Mercer, Brightwater Institute\n\nThe review will report next year.",
     "Prevention has to come first", "Anjali Mercer", "Brightwater Institute"),
    ("pronoun means the subject of the latest sentence naming a person",
     "Kwame Ashford, finance director of Eastvale Trust, praised Lena Brightman’s report and thanked "
     "Oliver Quist for his work.\n\nHe said: “The numbers finally add up for our patients.”",
     "The numbers finally add up", "Kwame Ashford", "Eastvale Trust"),
    ("pronoun skips a person whose honorific disagrees",
     "Mr Tobias Wren introduced Mrs Delphine Hart at the meeting.\n\n"
     "She said: “Our district nurses deserve far better support.”",
     "Our district nurses deserve", "Delphine Hart", None),
    ("name with a particle is never cut (possessive earlier)",
     "The board confirmed Marek Van Tol’s appointment on Friday.\n\n"
     "Mr Van Tol said: “I look forward to working with every partner.”",
     "I look forward to working with every partner", "Marek Van Tol", None),
    ("hyphenated particle and O’ names",
     "“We have listened to patients and we will act,” said Aoife O’Riordan-Van-Dyke, director of Kestrel "
     "Community Trust.",
     "We have listened to patients", "Aoife O’Riordan-Van-Dyke", "Kestrel Community Trust"),
    ("name with lower-case particles",
     "Grace de la Mare, chair of Pellow Care Forum, said: “Nobody should wait this long for a hip.”",
     "Nobody should wait this long", "Grace de la Mare", "Pellow Care Forum"),
    ("role and organisation from a possessive appositive",
     "Reporting to councillors, Ivo Penhale, Stannary County Council’s director of adult care, confirmed the "
     "date.\n\nHe said: “This is a real step forward for the county.”",
     "This is a real step forward", "Ivo Penhale", "Stannary County Council"),
    ("organisation speaking, canonical form from the data file",
     "“Staffing is the main risk for the coming winter,” the RCN said.",
     "Staffing is the main risk", "Royal College of Nursing (RCN)", "Royal College of Nursing (RCN)"),
    ("organisation told a journal, before the quotation",
     "NHS England told HSJ: “We are reviewing the figures with each region.”",
     "We are reviewing the figures", "NHS England", "NHS England"),
    ("quotation split by its attribution",
     "Yusuf Allard, clinical lead at Harrowgate Practice, was blunt.\n\n"
     "‘We will not rush this,’ he said, ‘because patients deserve a service that works.’",
     "because patients deserve a service", "Yusuf Allard", "Harrowgate Practice"),
]


@pytest.mark.parametrize("form, passage, fragment, speaker, organisation", CASES, ids=[c[0] for c in CASES])
def test_quote_form(form, passage, fragment, speaker, organisation):
    quote = _quote_with(_quotes(passage), fragment)
    assert quote.speaker == speaker
    if organisation is not None:
        assert quote.organisation == organisation


def test_statement_stops_at_heading_and_narrative():
    text = ("Bryn Attwell, chief executive of Corran Valley Trust, said:\n\n"
            "Our staff have carried this service through a hard winter.\n\n"
            "Bryn Attwell joined the trust in 2015 and lives locally.\n\n"
            "We thank them all for that work.")
    quotes = _quotes(text)
    assert [q.text for q in quotes] == ["Our staff have carried this service through a hard winter."]


def test_unclosed_quote_continues_into_unmarked_paragraphs_after_said_colon():
    text = ('Responding to the review, Nell Carrow, Wyndham Union general secretary said:\n\n'
            '"Members will welcome much of this review and we will consult them.\n\n'
            "Local teams know their patients best and should decide more for themselves.")
    quote = _quote_with(_quotes(text), "Local teams know their patients best")
    assert (quote.speaker, quote.organisation) == ("Nell Carrow", "Wyndham Union")


def test_a_scare_quoted_term_after_a_number_has_no_speaker():
    """"Four more chairs have been announced for the new ‘care boards’": no one is quoted, and "Four" speaks not."""
    quotes = _quotes("Four more chairs have been announced for the new ‘integrated care boards’, which start in April.")
    assert all(q.speaker not in ("Four", None) for q in quotes), [(q.speaker, q.text) for q in quotes]


def test_a_common_noun_subject_is_no_speaker():
    """"Job adverts for ICB chair posts stated: “…”": neither the first word nor a kind of body speaks."""
    quotes = _quotes("Job adverts for ICB chair posts (see the example) stated: “Elected officials are excluded.”")
    assert all(q.speaker not in ("Job", "ICB") for q in quotes), [(q.speaker, q.text) for q in quotes]


def test_canonical_names_are_data():
    data = json.loads(CANONICAL_NAMES.read_text(encoding="utf-8"))
    assert data["organisations"] and all("canonical" in e for e in data["organisations"])
    assert canonical_name("NHSCC") == canonical_name("NHS Clinical Commissioners") == canonical_name(
        "NHS Clinical Commissioners (NHSCC)")
    assert canonical_name("the Confed") == "NHS Confederation"
    assert canonical_name("Gorsemoor Health Forum") == "Gorsemoor Health Forum"  # unknown names unchanged
    assert canonical_name("NHSCC (letter)") == "NHS Clinical Commissioners (NHSCC) (letter)"


# ---------------------------------------------------------------- transcript turns (debates, oral evidence)

TRANSCRIPT_CASES = [
    ("debate page: 'Photo of X X Role time, date' then the speech",
     "Wexmoor Bill – in a Public Bill Committee at 2:00 pm on 3rd March 2024.\n\n"
     "Photo of Orla Penhallow Orla Penhallow Shadow Minister (Health) 2:00 pm, 3rd March 2024\n\n"
     "I beg to move amendment 7, in clause 4, page 2, line 9, at end insert—\n\n"
     "This amendment would make the board publish its plans before each meeting.\n\n"
     "Photo of Tomasz Ruel Tomasz Ruel Minister of State (Health) 2:10 pm, 3rd March 2024\n\n"
     "I thank the hon. Lady for the amendment, but it is not needed.",
     {"I beg to move amendment 7": "Orla Penhallow", "make the board publish": "Orla Penhallow",
      "it is not needed": "Tomasz Ruel"}),
    ("Hansard member lines: 'Name (Constituency) (Party):'",
     "Bo Renn (Fenbridge East) (Lab):\n\nWill the Minister say when the review will report?\n\n"
     "Cal Imrie (Harrow Vale) (Con):\n\nThe review will report in the spring, as promised.",
     {"when the review will report": "Bo Renn", "report in the spring": "Cal Imrie"}),
    ("oral evidence: 'Q12 Dr X: …' inline turns",
     "Q12 Chair: What did the board change after the inspection?\n\n"
     "Dr Ines Halloran: We rebuilt the discharge team from scratch.\n\n"
     "Q13 Chair: And the waiting lists?",
     {"rebuilt the discharge team": "Ines Halloran"}),
]


@pytest.mark.parametrize("form, text, expected", TRANSCRIPT_CASES, ids=[c[0] for c in TRANSCRIPT_CASES])
def test_transcript_turns(form, text, expected):
    quotes = _quotes(text)
    for fragment, speaker in expected.items():
        assert speaker in _quote_with(quotes, fragment).speaker, form


def test_headings_with_brackets_are_not_speaker_lines():
    text = ("Integrated Care Boards (Membership)\n\nThe board has a chair and five members.\n\n"
            "Board Committees (Terms of Reference)\n\nEach committee reports to the board every quarter.")
    assert _quotes(text) == []


def test_a_written_answer_is_the_answering_ministers_words():
    """"Answered by" / "Lord Penrose Portrait" / "Lord Penrose" / the date: the paragraphs after are his words; a
    photo's "Portrait" label is no part of his name."""
    text = ("Care boards: council members\n\nTo ask the Government whether councils will sit on care boards.\n\n"
            "Answered by\nLord Penrose Portrait\nLord Penrose\nThis question was answered on 3rd March 2022\n\n"
            "Every care board will include at least one member from the councils in its area.\n\n"
            "Appointments to these seats have not yet been made.\n\nReticulating Splines")
    quotes = _quotes(text)
    assert _quote_with(quotes, "at least one member from the councils").speaker == "Lord Penrose"
    assert _quote_with(quotes, "have not yet been made").speaker == "Lord Penrose"
    assert not any("Splines" in q.text or "To ask" in q.text for q in quotes)
    # a page of several questions: the next question and its answer are not his
    more = _quotes(text.replace("Reticulating Splines", "To ask the Government what it is doing for dentists.\n\n"
                                "Funding for dentists has risen."))
    assert not any("dentists" in q.text and q.speaker == "Lord Penrose" for q in more)


def test_a_labelled_member_line_gives_the_speech_after_it():
    """"Main Page: Ann Bray (Labour - Fenn North)": a page's label, then the member; the paragraphs after are her
    speech (a page's note in brackets is not); "Full Debate:" and "Main Page:" are no one."""
    text = ("Care board boundaries debate\n\nFull Debate: Read Full Debate\n\nMain Page: Ann Bray (Labour - Fenn "
            "North)Department Debates - View all of her debates\n\n(2 years, 1 month ago)\n\nI thank my hon. Friend "
            "for securing this debate on the boundaries of our care boards.\n\nThe provision of care goes to the heart "
            "of what our constituents care about.")
    quotes = _quotes(text)
    assert {q.speaker for q in quotes} == {"Ann Bray"}
    assert _quote_with(quotes, "goes to the heart").role == "Labour - Fenn North"
    assert not [q for q in quotes if "years" in q.text]
