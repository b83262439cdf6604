"""Board composition (issue 13): the structures real constitutions, board pages and minutes use — bulleted lists,
"consists of: a) … b) …", numbered clauses, DOCX tables, HTML lists, prose counts — read from texts written for
these tests (every ICB, person and phrase here is invented); then storage, the CLI, `ask` and the bundled corpus."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from core.icb import brand_name, display_name, find_icbs, icb_key, same_icb
from core.types import BOARD_CATEGORIES, BoardMember
from ingest.boards import categorise, document_icb, extract_boards, person_name, verbatim
from ingest.chunking import chunk_document
from ingest.documents import make_document
from ingest.loaders import load_file
from tests.conftest import run_cli


def read(path: Path, meta: dict | None = None):
    """A file loaded and read as ingest reads it: (document, board extract)."""
    loaded, data = load_file(path)
    doc = make_document(path, loaded, data, meta)
    return doc, extract_boards(doc, chunk_document(doc))


def board_of(tmp_path: Path, name: str, text: str, meta: dict | None = None):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read(path, meta)


def rows(extract) -> list[tuple]:
    """(category, count, at_least, name) of each row, in document order."""
    return [(m.category, m.count, m.at_least, m.name) for m in extract.members]


def assert_verbatim(doc, extract) -> None:
    for entry in [*extract.members, *extract.quorums]:
        c = entry.citation
        assert doc.text[c.start : c.end] == c.quote and c.quote.strip(), entry


# ---------------------------------------------------------------- ICB names


def test_icb_names_normalise_across_spellings():
    mentions = find_icbs("MINUTES OF NHS FENWOLD AND DALESIDE ICB BOARD; the Fenwold & Daleside Integrated Care Board; "
                         "NHS Fenwold and Daleside ICB (FD ICB)")
    assert len({m.key for m in mentions if len(m.core) > 4}) == 1
    assert display_name(mentions[0].core) == "NHS Fenwold and Daleside Integrated Care Board"
    assert icb_key("NHS Ashby, Brook and Carrow ICB") == icb_key("Ashby, Brook & Carrow Integrated Care Board")
    assert same_icb("ABC", "NHS Ashby, Brook and Carrow Integrated Care Board")
    # a short form whose pieces open the name's words in order: a few of its words ("ABC" for four), or more than
    # the first letter of one ("AshB"); never a short form of another name
    assert same_icb("NHS ABC Integrated Care Board", "Ashby, Brook, Carrow and Dunmere")
    assert same_icb("AshB", "Ashby and Brook") and same_icb("NHS ABC ICB", "Ashby and North Brook and Carrow")
    assert not same_icb("ABC", "Ashby and Carrow") and not same_icb("ACB", "Ashby, Brook and Carrow")
    assert not same_icb("NHS", "North Hill and Sorrow")
    assert [m.core for m in find_icbs("the Ashby and Brook shadow ICB met")] == ["Ashby and Brook"]
    assert find_icbs("Each ICB must publish. The ICB Board meets. Integrated Care Boards (ICBs) and ICSs.") == []
    assert find_icbs("More ICS chief executives appointed; Two ICBs merge") == []
    assert [brand_name(t) for t in ("NHS Upper Vale", "Our board | NHS Tern Valley", "NHS England",
                                    "NHS Blood and Transplant")] == ["Upper Vale", "Tern Valley", None, None]
    assert [m.core for m in find_icbs("The Isle of Tern ICB; Marsh ICB and Upper Vale ICB")] == [
        "Isle of Tern", "Marsh", "Upper Vale"]


@pytest.mark.parametrize("text, cores", [
    ("chair designate for Upper Vale’s ICB, having chaired", ["Upper Vale"]),  # a possessive is not the name
    ("ICB 101: Tern Valley CEO\n\nICB 101: Tern Valley CEO", []),  # a headline and the next: no name across them
    ("NHS Fenwold and Daleside\nIntegrated Care Board", ["Fenwold and Daleside"]),  # one line break may wrap it
])
def test_an_icb_name_is_not_a_possessive_nor_spread_over_paragraphs(text, cores):
    assert [m.core for m in find_icbs(text)] == cores


def test_a_document_belongs_to_the_icb_its_title_or_opening_names(tmp_path):
    doc, _ = board_of(tmp_path, "a.txt", "Board papers\nThe Upper Vale ICB board met on Tuesday.")
    assert document_icb(doc) == "NHS Upper Vale Integrated Care Board"
    passing = "Evidence\n" + "Background text. " * 60 + "One example is Marsh ICB, which has a GP."
    doc, extract = board_of(tmp_path, "b.txt", passing)
    assert document_icb(doc) is None and extract.members == []
    doc, _ = board_of(tmp_path, "c.txt", "Two examples: Marsh ICB and Tern ICB both list observers.")
    assert document_icb(doc) is None  # two ICBs named alike: neither document's own
    doc, _ = board_of(tmp_path, "d.md", "# About our board\nThe board is made up of:\n- a chair",
                      {"publisher": "NHS Upper Vale"})
    assert document_icb(doc) == "NHS Upper Vale Integrated Care Board"  # named by its publisher's brand


# ---------------------------------------------------------------- structures


def test_numbered_clauses_with_lettered_items_and_wrapped_lines(tmp_path):
    text = """NHS Upper Vale Integrated Care Board Constitution
3. Composition of the Board of the ICB
3.1.1 This part of the constitution describes the membership of the Integrated Care Board.
3.2.1 The ICB has three types of member: Partner Members, Executive Members and Non-Executive Members.
3.2.2 The membership of the ICB Board shall be as follows:
a) the Chair;
b) the Chief Executive;
c) at least three Partner Members jointly nominated by the NHS trusts and foundation trusts, the providers of
primary medical services and the local authorities whose areas coincide with the ICB's area;
d) three Non-Executive Members;
e) the Director of Finance; and
f) the Medical Director.
3.2.3 The Board will also have two Place Members, one for each place.
3.2.4 The Director of Public Health for Vale County Council will attend as a non-voting participant.
3.3.1 The quorum for meetings of the Board will be a majority of members, including the Chair or Deputy Chair.
"""
    doc, extract = board_of(tmp_path, "constitution.txt", text)
    assert extract.icb == "NHS Upper Vale Integrated Care Board"
    assert rows(extract) == [
        ("chair", 1, False, None), ("chief_executive", 1, False, None),
        ("partner_trust", 1, True, None), ("partner_primary_care", 1, True, None),
        ("partner_local_authority", 1, True, None), ("non_executive", 3, False, None),
        ("executive", 1, False, None), ("executive", 1, False, None), ("place", 2, False, None),
        ("participant", 1, False, None)]
    partner = extract.members[2]
    assert partner.role == "Partner Members" and partner.nominated_by.startswith("the NHS trusts and foundation trusts")
    assert [m.voting for m in extract.members][-1] is False and extract.members[0].voting is True
    assert "majority of members" in extract.quorums[0].text
    assert_verbatim(doc, extract)


def test_inline_lettered_list_after_consists_of(tmp_path):
    text = ("NHS Kestrel Hills Integrated Care Board\nThe ICB Board consists of: (a) a Chair; (b) a Chief Executive; "
            "(c) at least 3 Partner Members; (d) at least two Non-Executive Members; and (e) a Chief Finance Officer.")
    doc, extract = board_of(tmp_path, "inline.txt", text)
    assert rows(extract) == [("chair", 1, False, None), ("chief_executive", 1, False, None),
                             ("other_member", 3, True, None), ("non_executive", 2, True, None),
                             ("executive", 1, False, None)]
    assert [m.citation.quote for m in extract.members][:2] == ["a Chair", "a Chief Executive"]
    assert_verbatim(doc, extract)


def test_bulleted_list_under_a_lead_in_with_nominations(tmp_path):
    text = """# NHS Greyfriars ICB
## Our board

The Board will consist of:

- an independent Chair
- the Chief Executive
- one Partner Member nominated by the NHS trusts and foundation trusts in Greyfriars
- one Partner Member nominated by the providers of primary medical services
- two Partner Members jointly nominated by the city council and the county council
- Three independent non-executive directors
- a Director of Nursing

Board papers are published a week before each meeting, on our website, for anyone to read.
"""
    doc, extract = board_of(tmp_path, "page.md", text)
    assert rows(extract) == [("chair", 1, False, None), ("chief_executive", 1, False, None),
                             ("partner_trust", 1, False, None), ("partner_primary_care", 1, False, None),
                             ("partner_local_authority", 2, False, None), ("non_executive", 3, False, None),
                             ("executive", 1, False, None)]
    assert extract.members[4].nominated_by == "the city council and the county council"
    assert all(m.voting for m in extract.members)
    assert_verbatim(doc, extract)


def test_board_page_of_names_then_roles_with_biographies(tmp_path):
    text = """# Our Board

Meet the members of the NHS Wessex Vale Integrated Care Board.

Professor Anne Hartley
Chair
Anne was appointed as chair in 2022 after a career in public health and academic medicine. She lives locally.

Mark O’Neill
Chief Executive
Mark has worked in the NHS for thirty years, most recently as a director of strategy.

Dr Priya Raman
Chief Medical Officer

Sarah van der Berg
Non-Executive Member (Audit Committee Chair)

Tom Baxter OBE
Non-Executive Member

Councillor Joan Pike
Partner Member – Local Authorities

Dr Kwame Mensah
Partner Member – Primary Medical Services
Dr Mensah is a GP in the north of the county.

Healthwatch Wessex Vale
Participant (non-voting)

## Board meetings

The board meets in public every two months.
"""
    doc, extract = board_of(tmp_path, "board.md", text)
    assert rows(extract) == [
        ("chair", 1, False, "Professor Anne Hartley"), ("chief_executive", 1, False, "Mark O’Neill"),
        ("executive", 1, False, "Dr Priya Raman"), ("non_executive", 1, False, "Sarah van der Berg"),
        ("non_executive", 1, False, "Tom Baxter"), ("partner_local_authority", 1, False, "Councillor Joan Pike"),
        ("partner_primary_care", 1, False, "Dr Kwame Mensah"), ("participant", 1, False, None)]
    assert extract.members[0].citation.quote == "Professor Anne Hartley\nChair"
    assert extract.members[-1].role == "Healthwatch Wessex Vale" and extract.members[-1].voting is False
    assert_verbatim(doc, extract)


def test_minutes_present_attendance_and_apologies(tmp_path):
    text = """Minutes of the meeting of NHS Fenland Coast ICB Board held in public
Thursday 12 January 2023
Present:
Jane Doe (JD) ICB Chair
Prof Ian Grey (IG) Chief Executive
Ruth Lowe (RL) Non-Executive Member
Ahmed Khan (AK) Partner Member, NHS Trusts and Foundation Trusts
In attendance:
Lucy Brown (LB) Board Secretary
Apologies:
Dr Peter Fox (PF) Partner Member for Primary Care
1. Welcome and introductions
The Chair welcomed everyone to the meeting and noted that the meeting was quorate.
"""
    doc, extract = board_of(tmp_path, "minutes.txt", text)
    assert rows(extract) == [
        ("chair", 1, False, "Jane Doe"), ("chief_executive", 1, False, "Prof Ian Grey"),
        ("non_executive", 1, False, "Ruth Lowe"), ("partner_trust", 1, False, "Ahmed Khan"),
        ("partner_primary_care", 1, False, "Dr Peter Fox")]  # "In attendance" (the board secretary) is no seat
    assert_verbatim(doc, extract)


def test_docx_tables_of_names_and_of_counts(tmp_path):
    import docx

    d = docx.Document()
    d.add_heading("Minutes of NHS Saltmarsh ICB Board", 1)
    d.add_paragraph("Present")
    table = d.add_table(rows=0, cols=2)
    for name, role in (("Member", "Role"), ("Dr Ada Brennan (AB)", "ICB Chair"),
                       ("Colin Ware (CW)", "ICB Non-Executive Member"),
                       ("Priti Shah (PS)", "Director of Adult Social Care, Saltmarsh County Council (Partner Member)"),
                       ("Owen Hale (OH)", "Clinical Leaders Forum participant to the Board")):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = name, role
    d.add_paragraph("Membership of the Board")
    counts = d.add_table(rows=0, cols=3)
    for role, n, who in (("Role", "Number", "Nominated by"), ("Non-Executive Members", "4", "Appointed by the Chair"),
                         ("Partner Member – NHS trusts and foundation trusts", "1",
                          "Jointly nominated by the trusts in the area"),
                         ("Healthwatch observer", "1", "Non-voting")):
        cells = counts.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = role, n, who
    d.add_paragraph("The meeting opened at ten o'clock with a welcome from the Chair to everyone present.")
    path = tmp_path / "minutes.docx"
    d.save(path)
    doc, extract = read(path)
    assert extract.icb == "NHS Saltmarsh Integrated Care Board"
    assert rows(extract) == [
        ("chair", 1, False, "Dr Ada Brennan"), ("non_executive", 1, False, "Colin Ware"),
        ("partner_local_authority", 1, False, "Priti Shah"), ("participant", 1, False, "Owen Hale"),
        ("non_executive", 4, False, None), ("partner_trust", 1, False, None), ("participant", 1, False, None)]
    assert extract.members[5].nominated_by == "the trusts in the area"
    assert_verbatim(doc, extract)


def test_html_list_of_people_and_an_observer(tmp_path):
    page = """<html><head><title>Board members – NHS Eastmoor ICB</title></head><body>
<nav><a href="/">Home</a> <a href="/board">Board</a></nav>
<main><h1>Board members</h1>
<ul><li>Dr Helen Marsh – Chair</li><li>David Okafor – Chief Executive Officer</li>
<li>Lisa Chen – Chief Finance Officer</li><li>Gareth Evans – Non-executive director</li>
<li>Cllr Martin Hale – Partner member (local authority)</li>
<li>Observer: Chief Executive of Healthwatch Eastmoor (non-voting)</li></ul>
<p>Papers for each meeting are published a week before it takes place.</p></main>
<footer>Contact us</footer></body></html>"""
    doc, extract = board_of(tmp_path, "board.html", page)
    assert extract.icb == "NHS Eastmoor Integrated Care Board"
    assert rows(extract) == [
        ("chair", 1, False, "Dr Helen Marsh"), ("chief_executive", 1, False, "David Okafor"),
        ("executive", 1, False, "Lisa Chen"), ("non_executive", 1, False, "Gareth Evans"),
        ("partner_local_authority", 1, False, "Cllr Martin Hale"), ("participant", 1, False, None)]
    assert extract.members[-1].voting is False
    assert_verbatim(doc, extract)


def test_prose_counts_and_participants(tmp_path):
    text = ("About NHS Riverside ICB\nThe board of NHS Riverside ICB comprises a chair, a chief executive, three "
            "partner members and four non-executive members. The ICB will also have two Place Directors. Board "
            "meetings are held in public.\nParticipants at board meetings\nThe board may invite additional specified "
            "individuals to be participants at its meetings. Participants may be invited by the chair to ask "
            "questions but will not be able to vote.")
    doc, extract = board_of(tmp_path, "about.txt", text)
    assert rows(extract) == [("chair", 1, False, None), ("chief_executive", 1, False, None),
                             ("other_member", 3, False, None), ("non_executive", 4, False, None),
                             ("place", 2, False, None), ("participant", 1, True, None)]
    assert extract.members[-1].voting is False
    assert_verbatim(doc, extract)


def test_committees_revision_histories_and_evidence_give_no_board(tmp_path):
    handbook = """NHS Heron Bay Integrated Care Board Governance Handbook
Revision History
Date Summary of Changes Author(s) Version
25/05/2022 Initial draft complete Sam Jordan 0.1
Audit and Risk Committee terms of reference
Membership
The Committee will consist of:
• three Non-Executive Members of the Board
• the Chief Finance Officer
The quorum of the Committee will be two members.
"""
    doc, extract = board_of(tmp_path, "handbook.txt", handbook)
    assert extract.icb == "NHS Heron Bay Integrated Care Board"
    assert extract.members == [] and extract.quorums == []
    evidence = ("Written evidence\nOnly two ICBs set out a voting public health member on their boards – Moorland ICB "
                "and Dale ICB. Seven other ICBs have established that at least one of their voting members must bring "
                "knowledge of public health.")
    assert board_of(tmp_path, "evidence.txt", evidence)[1].members == []


def test_inline_present_list_and_a_table_with_a_voting_column(tmp_path):
    text = ("Minutes of NHS Copperfield ICB Board, 3 May 2023\nPresent: Mrs J Lowry (Chair), Mr AC Patel (Chief "
            "Executive), Dr R. Okoro (Non-Executive Member), Cllr Tessa Vine (Partner Member, Local Authorities)\n"
            "Board members and participants\nName | Role | Voting\nAlan Price | Chief Finance Officer | Yes\n"
            "Beth Lyle | Healthwatch Copperfield | No\nThe Chair opened the meeting and thanked everyone for coming.")
    doc, extract = board_of(tmp_path, "minutes.txt", text)
    assert rows(extract) == [
        ("chair", 1, False, "Mrs J Lowry"), ("chief_executive", 1, False, "Mr AC Patel"),
        ("non_executive", 1, False, "Dr R. Okoro"), ("partner_local_authority", 1, False, "Cllr Tessa Vine"),
        ("executive", 1, False, "Alan Price"), ("participant", 1, False, "Beth Lyle")]
    assert [m.voting for m in extract.members][-2:] == [True, False]
    assert_verbatim(doc, extract)


def test_people_named_in_prose_and_roles_of_other_bodies(tmp_path):
    text = ("NHS Hollin Vale Integrated Care Board news\nThe Board is chaired by Dame Ruth Okafor. Our Chief Executive "
            "is Dr Sam Beale. Lee Marr has been appointed as Chief Finance Officer of NHS Hollin Vale ICB. Kim Day "
            "will remain as Accountable Officer of the Clinical Commissioning Group. Sue Tan, chief executive of "
            "Hollin Vale Council, welcomed the news. The Chair welcomed Jo Frith to the meeting.")
    doc, extract = board_of(tmp_path, "news.txt", text)
    assert rows(extract) == [("chair", 1, False, "Dame Ruth Okafor"), ("chief_executive", 1, False, "Dr Sam Beale"),
                             ("executive", 1, False, "Lee Marr")]
    assert_verbatim(doc, extract)


def test_a_justified_pdf_line_and_a_name_given_twice(tmp_path):
    """A justified PDF line sets two spaces between words: the name is read whole and written with one; a
    profile's title and first line name the same chair once."""
    text = ("Partner  profile:  Wren  Hollis,  Independent  Chair  of\nNHS Amberly Vale Integrated Care Board\n\n"
            "Wren  Hollis,  Independent  Chair  of  NHS  Amberly  Vale  Integrated  Care  Board  shares  her\n"
            "thoughts on the new health park.\n\nI am the independent chair of NHS Amberly Vale ICB.")
    doc, extract = board_of(tmp_path, "profile.txt", text)
    assert [(m.icb, m.category, m.name) for m in extract.members] == [
        ("NHS Amberly Vale Integrated Care Board", "chair", "Wren Hollis")]
    assert_verbatim(doc, extract)


NEWS_CASES = [
    # "is set to chair the ICB in X", "will lead X Integrated Care Board" (a news page's lead is the chief
    # executive) are seats; "FMV ICB chair" is the ICB the page names in full; chairing a committee is no seat.
    pytest.param(
        "Two boards name leaders\nTara Quill, chair of Fenn Valley Teaching Hospitals FT, is set to chair the ICB "
        "in Marsh and Wold. Omar Dane will lead Fenn, Marsh and Vale Integrated Care Board for an interim period. "
        "FMV ICB chair Ida Roke said in a statement: “Omar knows the area.” Lu Penn will chair the Fenn, Marsh "
        "and Vale ICB quality committee.",
        [("NHS Fenn, Marsh and Vale Integrated Care Board", "chair", "Ida Roke"),
         ("NHS Fenn, Marsh and Vale Integrated Care Board", "chief_executive", "Omar Dane"),
         ("NHS Marsh and Wold Integrated Care Board", "chair", "Tara Quill")],
        "NHS Fenn, Marsh and Vale Integrated Care Board",
        id="news_gives_seats_as_verbs_and_icbs_by_initials"),
    # A page about no single ICB (its ICB is None) still gives a row for each person it names in a role of a
    # named ICB — to that ICB (one row per ICB for a shared role); a former holder or another body's officer, none.
    pytest.param(
        "Health news roundup\nPat Rowe, former minister and chair of Northfold Integrated Care Board, began a "
        "review of waiting lists. Jo Kemp has been appointed as CEO for Eastwick (EW) ICB and for Westwick (WW) "
        "ICB. Chair of Eastwick ICB and Westwick ICB, Ola Ness, said: “A good day.” Ray Ibe, the outgoing chair "
        "at NHS Southmere, will retire. Kit Moss, former chair of Lowfield ICB, said little. Ann Dee, chief "
        "executive of the Fenland Trust, agreed.",
        [("NHS Eastwick Integrated Care Board", "chair", "Ola Ness"),
         ("NHS Eastwick Integrated Care Board", "chief_executive", "Jo Kemp"),
         ("NHS Northfold Integrated Care Board", "chair", "Pat Rowe"),
         ("NHS Southmere Integrated Care Board", "chair", "Ray Ibe"),
         ("NHS Westwick Integrated Care Board", "chair", "Ola Ness"),
         ("NHS Westwick Integrated Care Board", "chief_executive", "Jo Kemp")],
        None,
        id="news_names_people_in_roles_of_the_icbs_it_names"),
    # A system that "has appointed its current leader, X, as …"; "X, the current lead for Y ICS, has been
    # appointed … for the system"; "In Y ICS X, who …, will be … of the ICB"; a lower-case "integrated care system"
    # and an opening adverb are not part of the name; an acronym is no one's initials.
    pytest.param(
        "ICB leaders round-up\nFenmarsh and Isle of Rook integrated care system has appointed its current "
        "leader, Nia Corbett, as chief executive designate. Meanwhile Wexley’s ICS has appointed Tom Arden as "
        "it’s CEO designate. In Brackmoor and Lyle ICS Owen Pask, who has been leading the ICS’s development, "
        "will be designate interim chief executive of the ICB. Ada Quill, the current lead for Upper Tarn ICS, "
        "has been appointed CEO designate for the system. Lee Dunn, chief executive of Brackmoor Council, "
        "welcomed both.",
        [("NHS Brackmoor and Lyle Integrated Care Board", "chief_executive", "Owen Pask"),
         ("NHS Fenmarsh and Isle of Rook Integrated Care Board", "chief_executive", "Nia Corbett"),
         ("NHS Upper Tarn Integrated Care Board", "chief_executive", "Ada Quill"),
         ("NHS Wexley Integrated Care Board", "chief_executive", "Tom Arden")],
        None,
        id="news_prose_an_organisation_appoints_and_asides_before_the_role"),
    pytest.param(
        "ICB round-up\nThe letter was sent by Northfold ICB chair Lia Brand on Monday. Westwick ICB chair "
        "designate Omar Fitch said the plan was sound.",
        [("NHS Northfold Integrated Care Board", "chair", "Lia Brand"),
         ("NHS Westwick Integrated Care Board", "chair", "Omar Fitch")],
        None,
        id="a_role_written_after_the_icb_name_before_a_person"),
    # a sentence that opens on a system and its place names that place's ICB for "the ICB" ("In Upper Tarn, …" is
    # a place, not a person, but no ICB: a page about no single ICB gives that row none); someone in another body's chair who "has one of two GP spots on" an ICB's board holds
    # that seat, not its chair; "clinical director at a PCN and Fenn ICB GP partner member" is the GP seat
    pytest.param(
        "Leaders named\nIn one of the largest systems, West Fenn, Ann Bray has been appointed chair designate of "
        "the ICB. In Upper Tarn, Dee Holt will be interim chief executive of the ICB. In April, Cy Dale was "
        "appointed chair of the ICB. Dr Eve Marr, a GP and chair of the National Association of Fenn Practices "
        "has one of two GP spots on the Lowmarsh ICB board. Dr Ian Roe, clinical director at Marsh PCN and NHS "
        "Northfold ICB GP partner member, agreed. The current lead of the Wexley ICS, Mary Holt, will take on the "
        "chief executive role for the system.",
        [("NHS Lowmarsh Integrated Care Board", "partner_primary_care", "Dr Eve Marr"),
         ("NHS Northfold Integrated Care Board", "partner_primary_care", "Dr Ian Roe"),
         ("NHS West Fenn Integrated Care Board", "chair", "Ann Bray"),
         ("NHS Wexley Integrated Care Board", "chief_executive", "Mary Holt")],
        None,
        id="a_place_opening_the_sentence_and_seats_held_or_taken_on"),
    # a sentence wrapped on a PDF's lines, the break inside the ICB's name
    pytest.param(
        "Two ICBs appoint\nAnn Bray will lead Fenn, Fenshire and Wold Integrated Care\nBoard for what it said in an "
        "announcement to its system would be an extended interim period.",
        [("NHS Fenn, Fenshire and Wold Integrated Care Board", "chief_executive", "Ann Bray")],
        "NHS Fenn, Fenshire and Wold Integrated Care Board",
        id="a_sentence_wrapped_inside_the_icb_name"),
    # on one ICB's page: a role "at" a named ICB is that ICB's; a town opening the sentence is no ICB; a chair "of
    # both" boards sits on each; someone whose deputy holds a seat, or who held one "until 2023", holds none
    pytest.param(
        "Fenn ICB round-up\nAnn Bray will take on the chief executive role at NHS Marsh ICB. In Leeds, Cy Dale has "
        "been appointed place director of the ICB. Jo Kay, chair of both Eastwick ICB and Westwick ICB, spoke. Al "
        "Fry, whose deputy has the local authority seat on Fenn ICB, spoke. Di Lee, Fenn ICB chair until 2023, said "
        "little.",
        [("NHS Eastwick Integrated Care Board", "chair", "Jo Kay"),
         ("NHS Fenn Integrated Care Board", "place", "Cy Dale"),
         ("NHS Marsh Integrated Care Board", "chief_executive", "Ann Bray"),
         ("NHS Westwick Integrated Care Board", "chair", "Jo Kay")],
        "NHS Fenn Integrated Care Board",
        id="roles_at_other_icbs_and_seats_not_held"),
    # an agenda's lines that give a person a seat of the page's own board by its name; a council's officer none
    pytest.param(
        "NHS Fenn ICB Board meeting\n1.1. Welcome, apologies and quorum\n\nAnn Bray, ICB Board Provider Trust Partner "
        "Member\n\nCy Dale, Director of Public Health for Fenn Council\n\nEd Oak, ICB Board Local Authority Partner "
        "Member (Fenn Council)\n\nJo Kay, ICB Chief Medical Officer\n\nAl Fry, Chief Executive, Fenn Council",
        [("NHS Fenn Integrated Care Board", "executive", "Jo Kay"),
         ("NHS Fenn Integrated Care Board", "partner_local_authority", "Ed Oak"),
         ("NHS Fenn Integrated Care Board", "partner_trust", "Ann Bray")],
        "NHS Fenn Integrated Care Board",
        id="an_agenda_line_naming_a_seat_of_this_board"),
    # an agenda's heading gives its chair as a name line over a line naming a seat of the page's board; a name over
    # another body's role, or over a line that is not a seat, holds none
    pytest.param(
        "NHS Fenn ICB Board Part 1 meeting\nThu 7 March 2024\n\nAnn Bray\n\nICB Chair\n\nAgenda\n\nCy Dale\n\n"
        "Chief Executive, Fenn Council\n\nEd Oak\n\nICB Board Secretary",
        [("NHS Fenn Integrated Care Board", "chair", "Ann Bray")],
        "NHS Fenn Integrated Care Board",
        id="a_name_line_over_a_seat_of_this_board"),
    # "…, our Chief Executive", "…, the chief executive of the ICB,": the page's own seat; the same words of a trust,
    # none; "with Ann Bray installed as the ICB Chair Designate"
    pytest.param(
        "NHS Fenn ICB: who we are\nThe ICB is led by our Chair, Ann Bray, and Ian Roe, our Chief Executive. Jo Kay, the "
        "chief executive of Fenn Hospitals Trust, said she welcomed them. Cy Dale, the Chief Finance Officer of the "
        "ICB, spoke next, with Ed Oak installed as the ICB Vice Chair.",
        [("NHS Fenn Integrated Care Board", "chair", "Ann Bray"),
         ("NHS Fenn Integrated Care Board", "chief_executive", "Ian Roe"),
         ("NHS Fenn Integrated Care Board", "executive", "Cy Dale"),
         ("NHS Fenn Integrated Care Board", "non_executive", "Ed Oak")],
        "NHS Fenn Integrated Care Board",
        id="our_role_the_role_of_the_icb_and_installed_as"),
    # an ICB named by a list of places keeps its commas: no place is a person, the role is of the whole name
    pytest.param(
        "Chair to retire\nSir Ed Oak, currently chair of Fenn, Marsh and Vale ICB, is stepping down later this year. "
        "Chair of NHS Fenn, Black Marsh and Vale, Ann Bray, said she would miss him.",
        [("NHS Fenn, Black Marsh and Vale Integrated Care Board", "chair", "Ann Bray"),
         ("NHS Fenn, Marsh and Vale Integrated Care Board", "chair", "Sir Ed Oak")],
        "NHS Fenn, Marsh and Vale Integrated Care Board",
        id="an_icb_named_by_places_with_commas"),
    # seats counted as the subject of their filling, on the one ICB named just before; none named
    pytest.param(
        "System moves to July\n" + "The start date is now 1 July, to give the bill time to pass. " * 12 + "\nIan Roe has been confirmed as the Designate Chief "
        "Executive of the new Upper Fenn ICB. Two designated Non-Executive Directors and a Chief Finance Officer "
        "have also been appointed to the ICB, which will run in shadow form.",
        [("NHS Upper Fenn Integrated Care Board", "chief_executive", "Ian Roe"),
         ("NHS Upper Fenn Integrated Care Board", "executive", None),
         ("NHS Upper Fenn Integrated Care Board", "non_executive", None)],
        None,
        id="seats_counted_as_filled"),
    # review findings: a bare "the chief executive" may be any body's; "At NHS Fenn, Ann Bray and Jo Kay …" names
    # people, not places; a comma between two roles is not inside one body's name; seats filled on a trust's
    # board or an ICB's committee are not the ICB's; a seat held until a past date is not held
    pytest.param(
        "NHS Fenn ICB news\nJo Kay, the chief executive, said the trust would listen. At NHS Fenn, Ann Bray and Cy Dale "
        "have been appointed as non-executive directors. The chair of Fenn ICB, and the chief executive of Vale "
        "Hospitals, Ed Oak, said both welcomed it. Two non-executive directors have been appointed to the board of "
        "Vale Hospitals NHS Foundation Trust. Two lay members have been appointed to the ICB's audit committee.\n\n"
        "Ian Roe\n\nICB Chair (until March 2023)",
        [("NHS Fenn Integrated Care Board", "non_executive", "Ann Bray"),
         ("NHS Fenn Integrated Care Board", "non_executive", "Cy Dale")],
        "NHS Fenn Integrated Care Board",
        id="review_findings_hold_no_seat"),
    # a seat said to be filled, the holder opening the next sentence; "the substantive chair" is the chair;
    # "Name, Role, ICB," as a signature; a short form the page's full name opens ("TVB" for Tern Vale and Brook);
    # "… which includes updates" is no list of members; a possessive is no part of a name ("Jo Kay’s report")
    pytest.param(
        "NHS Tern Vale and Brook ICB news\nThe Chief Executive designate of the new NHS Integrated Care Board for Tern Vale "
        "and Brook has been announced after a national search. Dr Ann Bray, currently chief executive of a CCG, "
        "will take up the post in April. Ian Roe has been appointed as the substantive chair of NHS Tern Vale and "
        "Brook Integrated Care Board. Cy Dale, Chief Finance Officer, TVB ICB, said: \u201cWe are ready.\u201d "
        "The chair of the audit committee has been named. Ed Oak starts in May.\n\nAt the meeting:\n"
        "  • TVB ICB Chief Nurse Jo Kay’s report (P20), which includes updates on new guidance.",
        [("NHS Tern Vale and Brook Integrated Care Board", "chair", "Ian Roe"),
         ("NHS Tern Vale and Brook Integrated Care Board", "chief_executive", "Dr Ann Bray"),
         ("NHS Tern Vale and Brook Integrated Care Board", "executive", "Cy Dale"),
         ("NHS Tern Vale and Brook Integrated Care Board", "executive", "Jo Kay")],
        "NHS Tern Vale and Brook Integrated Care Board",
        id="a_seat_filled_then_its_holder_and_a_signature"),
    # review: the next sentence's person must take the post, not react to it; another body's role after the ICB's
    # name is not the ICB's seat
    pytest.param(
        "NHS Fenn ICB news\nA new chair has been appointed to NHS Fenn ICB. Health Secretary Ian Roe welcomed the "
        "appointment. A new chief executive has been appointed to NHS Fenn ICB. Ann Bray, the outgoing chair, said "
        "she was pleased. A deal between Fenn ICB and hospital chief executive Cy Dale was signed. Fenn ICB "
        "place-based partnership chair Ed Oak spoke.",
        [], "NHS Fenn Integrated Care Board", id="review_no_holder_from_a_reaction"),
]


@pytest.mark.parametrize(("text", "expected", "page_icb"), NEWS_CASES)
def test_news_rows_name_the_icb_role_and_person(tmp_path, text, expected, page_icb):
    """News prose gives (ICB, category, name) rows for the people it names in an ICB's seats, and no others."""
    doc, extract = board_of(tmp_path, "news.txt", text)
    assert extract.icb == page_icb
    assert sorted((m.icb, m.category, m.name) for m in extract.members) == expected
    assert_verbatim(doc, extract)


def test_two_names_share_one_partner_seat_predicate_only_on_the_icb(tmp_path):
    """"A (place) and B (place) will be the two local authority reps on the ICB": a partner row each; a partner
    role on another body (a council committee) is no seat."""
    text = ("NHS Tollmarsh ICB update\nCllr Rhea Stone (Eastbury) and Mayor Dev Patel (Westbury) will be the two "
            "local authority reps on the ICB. Cllr Ona Fry is the local authority representative on the council's "
            "health committee.")
    doc, extract = board_of(tmp_path, "update.txt", text)
    assert rows(extract) == [("partner_local_authority", 1, False, "Cllr Rhea Stone"),
                             ("partner_local_authority", 1, False, "Mayor Dev Patel")]
    assert_verbatim(doc, extract)


def test_news_verbs_of_taking_a_seat_and_of_leaving_one(tmp_path):
    """"has been made", "is taking over as", "to be the ICB's …", "…, who is the relatively new …", "Chair
    Designate of the ICB", "Joint board chair X"; "for a period of six months" is no body; "Fenn NHS Integrated
    Care Board" is Fenn's; someone who has stepped down, or whose departure is reported, holds no seat."""
    text = ("Fenmarsh NHS Integrated Care Board news\nAda Rook has been made Acting Chair of NHS Fenmarsh ICB. ICB vice "
            "chair, Ben Holt, is taking over as interim chief executive. NHS England has confirmed its support for "
            "Professor Cy Dale to be the ICB’s Deputy Chair for a period of six months. Dee Fenn, who is the "
            "relatively new chief finance officer of Fenmarsh Integrated Care Board, spoke. Eve Marr, Chair "
            "Designate of the ICB, agreed. Joint board chair Fay Lunn opened the meeting. Gil Orme, chair of NHS "
            "Fenmarsh ICB, has stepped down. This follows the departure of the ICB’s current chair, Hal Penn.")
    doc, extract = board_of(tmp_path, "news.txt", text)
    assert extract.icb == "NHS Fenmarsh Integrated Care Board"
    assert sorted((m.category, m.name) for m in extract.members) == [
        ("chair", "Ada Rook"), ("chair", "Eve Marr"), ("chair", "Fay Lunn"), ("chief_executive", "Ben Holt"),
        ("executive", "Dee Fenn"), ("non_executive", "Professor Cy Dale")]
    assert_verbatim(doc, extract)


def test_the_seat_noun_decides_one_or_more(tmp_path):
    """"Partner member Local Authorities" is one seat; "Non-executive members including …" one or more, and the
    seat it includes of another kind (the chair) one; bodies that nominate partner members each nominate one or
    more."""
    text = """# NHS Saltmarsh ICB board

The board consists of:

- Non-executive members including a non-executive chair
- Partner member Local Authorities

Its Partner Members are nominated by the following:

- NHS trusts and foundation trusts in the area
- the local authorities of the area
"""
    doc, extract = board_of(tmp_path, "board.md", text)
    assert rows(extract) == [("non_executive", 1, True, None), ("chair", 1, False, None),
                             ("partner_local_authority", 1, False, None),
                             ("partner_trust", 1, True, None), ("partner_local_authority", 1, True, None)]
    assert_verbatim(doc, extract)


def test_items_that_share_a_plural_noun_are_one_or_more_seats(tmp_path):
    text = ("NHS Saltmarsh ICB board\nThe board of NHS Saltmarsh ICB is made up of executive, non-executive and "
            "partner members.")
    doc, extract = board_of(tmp_path, "board.txt", text)
    assert rows(extract) == [("executive", 1, True, None), ("non_executive", 1, True, None),
                             ("other_member", 1, True, None)]
    assert_verbatim(doc, extract)


def test_members_headings_of_the_board_but_not_of_a_committee(tmp_path):
    text = ("NHS Brackenmoor ICB governance\nQuality Committee\nMembers:\n• two Non-Executive Members\n"
            "• the Chief Nursing Officer\nThe Board\nMembers:\n• an Independent Non-Executive Chair\n"
            "• four Non-Executive Members\n")
    doc, extract = board_of(tmp_path, "handbook.txt", text)
    assert rows(extract) == [("chair", 1, False, None), ("non_executive", 4, False, None)]


def test_category_headings_over_names_on_a_plain_page(tmp_path):
    text = """Our Board – NHS Westshire ICB
Chair
Jane Doe
Non-executive members
John Smith – Audit Committee Chair
Anna Lee
Partner members
Cllr Tim Bell, Leader, Westshire Council
Dr Ann Fox, GP, Riverside Practice
Participants
Chair, Healthwatch Westshire
"""
    doc, extract = board_of(tmp_path, "page.txt", text)
    assert rows(extract) == [
        ("chair", 1, False, "Jane Doe"), ("non_executive", 1, False, "John Smith"),
        ("non_executive", 1, False, "Anna Lee"), ("partner_local_authority", 1, False, "Cllr Tim Bell"),
        ("partner_primary_care", 1, False, "Dr Ann Fox"), ("participant", 1, False, None)]
    assert extract.members[4].role == "GP, Riverside Practice"  # "GP" is a role, not a post-nominal
    assert_verbatim(doc, extract)


def test_spaced_columns_after_a_heading_that_could_pass_for_a_wrapped_line(tmp_path):
    text = ("NHS Eastvale Integrated Care Board\nMinutes of the Board meeting held in public on 4 April 2024\n"
            "Members Present:\nJane Doe                    Chair\nProf Liam Grant             Chief Executive\n"
            "1. Welcome\nThe Chair welcomed members to the meeting.")
    assert rows(board_of(tmp_path, "minutes.txt", text)[1]) == [("chair", 1, False, "Jane Doe"),
                                                              ("chief_executive", 1, False, "Prof Liam Grant")]


def test_a_lead_in_that_names_participants_and_one_that_appoints_members(tmp_path):
    text = """NHS Northdale ICB Constitution
3.4 The Board will have the following non-voting participants:
• the Director of Public Health for Northdale County Council; and
• a representative of Healthwatch Northdale.
3.5 The ICB has appointed the following further Ordinary Members to the Board:
a) Chief Finance Officer
b) Medical Director
"""
    doc, extract = board_of(tmp_path, "constitution.txt", text)
    assert rows(extract) == [("participant", 1, False, None), ("participant", 1, False, None),
                             ("executive", 1, False, None), ("executive", 1, False, None)]
    assert [m.voting for m in extract.members] == [False, False, True, True]


def test_names_roles_and_counts():
    assert person_name("Dr Jane Smith MBE – Chair")[0] == "Dr Jane Smith"
    assert person_name("Sarah van der Berg, Non-Executive Member")[0] == "Sarah van der Berg"
    assert person_name("Chief Executive Officer") is None
    assert person_name("Partner Member – Local Authorities") is None
    assert categorise("Chief Executive, Vale County Council") == "partner_local_authority"
    assert categorise("Chief Executive of Vale Hospitals NHS Foundation Trust") == "partner_trust"
    assert categorise("ICB Chief Executive") == "chief_executive"
    assert categorise("Deputy Chief Executive") == "executive"
    assert categorise("Non-Executive Member and Chair of the Audit Committee") == "non_executive"
    assert categorise("Vice Chair") == "non_executive"
    assert categorise("GP partner member") == "partner_primary_care"
    assert categorise("Director of Place, North Locality") == "place"
    assert categorise("observer from Healthwatch") == "participant"


def test_a_quote_that_is_not_verbatim_is_caught(tmp_path):
    doc, extract = board_of(tmp_path, "inline.txt", "NHS Tern ICB\nThe ICB Board consists of: (a) a Chair; (b) a "
                                                     "Chief Executive.")
    good = extract.members[0]
    assert verbatim(good, doc.text)
    moved = replace(good, citation=replace(good.citation, start=good.citation.start + 1))
    assert not verbatim(moved, doc.text)


# ---------------------------------------------------------------- storage, CLI and ask

BOARD_PAGE = """# NHS Tern Valley ICB board

The board of NHS Tern Valley ICB comprises a chair, a chief executive and four non-executive members.

The ICB decides how a local health budget of £2.3 billion is spent for 900,000 people.

Before joining the board, Dr Rosa Linden worked in general practice in the valley for twenty years.

## Board members

Dr Rosa Linden
Chair

Ian Pryce
Chief Executive

Dr Omar Haddad
Partner Member – Primary Medical Services (GP)
"""
DRAFT = """Draft constitution of the Tern Valley Integrated Care Board
The ICB Board will have three non-executive members.
"""


@pytest.fixture(scope="module")
def board_home(tmp_path_factory):
    """A home with an invented ICB's board page and its draft constitution (which disagree on a count), dated."""
    from core.settings import Settings
    from ingest.pipeline import ingest

    folder = tmp_path_factory.mktemp("boards-corpus")
    (folder / "board.md").write_text(BOARD_PAGE)
    (folder / "draft.txt").write_text(DRAFT)
    (folder / "manifest.json").write_text(json.dumps({"documents": [
        {"file": "board.md", "title": "Tern Valley board", "published": "2023-04"},
        {"file": "draft.txt", "title": "Draft constitution", "published": "2021-11"}]}))
    home = tmp_path_factory.mktemp("boards-home")
    report = ingest([folder], settings=Settings.from_env(home=home))
    assert not report.failed and len(report.added) == 2
    return home, folder


def test_store_keeps_rows_with_their_document(board_home, tmp_path):
    from assistant.boards import list_boards
    from core.settings import Settings
    from ingest.pipeline import ingest
    from vectorstore.store import Store

    home, folder = board_home
    settings = Settings.from_env(home=home)
    (board,) = list_boards(settings=settings)
    assert board.icb == "NHS Tern Valley Integrated Care Board" and len(board.doc_ids) == 2
    again = ingest([folder], settings=settings)  # unchanged corpus: nothing re-read, rows kept
    assert len(again.unchanged) == 2 and not again.added and not again.updated
    assert list_boards(settings=settings)[0].members == board.members
    store = Store(settings)
    draft = next(d["doc_id"] for d in store.documents() if d["source"] == "draft.txt")
    assert any(e.citation.doc_id == draft for e in store.boards())
    # a stored row whose quote is no longer verbatim is dropped when boards are read
    entries = store.boards([draft])
    bad = [replace(e, citation=replace(e.citation, quote=e.citation.quote + "!")) for e in entries]
    doc = store.document(draft)
    try:
        store.catalog.replace_document(doc, store.document_chunks(draft), [], settings.embedder, bad)
        assert all(m.citation.doc_id != draft for m in list_boards(settings=settings)[0].members)
    finally:
        store.catalog.replace_document(doc, store.document_chunks(draft), [], settings.embedder, entries)


def test_documents_that_disagree_are_both_shown_with_dates(board_home):
    from assistant.boards import list_boards
    from core.settings import Settings

    (board,) = list_boards("tern", settings=Settings.from_env(home=board_home[0]))
    ned = [m for m in board.members if m.category == "non_executive"]
    assert sorted((m.count, m.citation.published) for m in ned) == [(3, "2021-11"), (4, "2023-04")]
    (conflict,) = [c for c in board.conflicts if c.category == "non_executive"]
    assert {s["published"] for s in conflict.statements} == {"2021-11", "2023-04"}


def test_cli_boards_json_filter_and_errors(board_home):
    home = board_home[0]
    out = json.loads(run_cli("boards", "TERN valley", "--json", home=home, check=True).stdout)
    (board,) = out["boards"]
    assert board["icb"] == "NHS Tern Valley Integrated Care Board"
    member = board["members"][0]
    assert set(member) == {"role", "category", "count", "at_least", "name", "voting", "nominated_by", "citation"}
    assert {"doc_id", "title", "quote", "start", "end", "page", "section"} <= set(member["citation"])
    assert all(m["category"] in BOARD_CATEGORIES for m in board["members"])
    chair = next(m for m in board["members"] if m["category"] == "chair" and m["name"])
    assert chair["name"] == "Dr Rosa Linden" and chair["citation"]["quote"] == "Dr Rosa Linden\nChair"
    assert board["quorum"] is None and board["conflicts"]
    text = run_cli("boards", "tern", home=home, check=True).stdout
    assert "Dr Rosa Linden" in text and "disagree" in text
    bad = run_cli("boards", "NOPE", home=home)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1
    assert "no ICB matches 'NOPE'; known: NHS Tern Valley Integrated Care Board" in bad.stderr


def test_ask_who_sits_on_a_named_board_answers_from_the_table(board_home):
    from assistant.ask import ask
    from core.settings import Settings

    settings = Settings.from_env(home=board_home[0])
    answer = ask("Who sits on the Tern Valley ICB board?", settings=settings)
    assert answer.answerer == "board table" and not answer.abstained
    assert "Dr Rosa Linden" in answer.answer and "Chair" in answer.answer
    assert "4" in answer.answer and "3" in answer.answer and "2021-11" in answer.answer  # both counts, dated
    assert len(answer.citations) >= 5 and all(f"[{c.n}]" in answer.answer for c in answer.citations)
    chair = ask("Who chairs NHS Tern Valley ICB?", settings=settings)
    assert chair.answerer == "board table" and "Dr Rosa Linden" in chair.answer and len(chair.citations) == 1
    gp = ask("Does Tern Valley ICB have a GP on its board?", settings=settings)
    assert gp.answer.startswith("Yes") and "Dr Omar Haddad" in gp.answer
    gps = ask("Does Tern Valley ICB have GPs on its board?", settings=settings)  # no article: still the seat
    assert gps.answerer == "board table" and gps.answer.startswith("Yes") and "Dr Omar Haddad" in gps.answer
    gp_who = ask("Who is the GP on the Tern Valley ICB board?", settings=settings)
    assert gp_who.answerer == "board table" and "Dr Omar Haddad" in gp_who.answer and len(gp_who.citations) == 1
    listed = ask("Who's on the NHS Tern Valley ICB board?", settings=settings)
    assert listed.answerer == "board table" and "Ian Pryce" in listed.answer
    for passages in ("Who sits on ICB boards?", "How many members in total sit on the Tern Valley ICB board?",
                     "Does Tern Valley ICB have a pharmacist on its board?"):
        assert ask(passages, settings=settings).answerer != "board table", passages
    # "who was appointed interim chief executive of": the one seat; its pay, or a chair across two ICBs: passages
    ceo = ask("Who was appointed interim chief executive of Tern Valley ICB?", settings=settings)
    assert ceo.answerer == "board table" and "Ian Pryce" in ceo.answer and "Linden" not in ceo.answer
    for passages in ("How much is the chair of Tern Valley ICB paid?",
                     "Who has been made chair across the Tern Valley and Fenn ICBs?",
                     "Who was the accountable officer of Tern Valley CCG?",
                     "Who is the chief executive of Tern Valley Hospitals NHS Foundation Trust?",
                     "Who was the chief executive of Tern Valley ICB before Ian Pryce?",
                     "Who was appointed chair of the audit committee of NHS Tern Valley ICB?",
                     "Of the 90 posts to go in Tern Valley, how many are at Fenn ICB itself?"):
        assert ask(passages, settings=settings).answerer != "board table", passages
    off = ask("Who chairs NHS Tern Valley ICB?", settings=settings.with_(board_answers=False))
    assert off.answerer != "board table"


def test_the_board_and_seat_a_question_names(board_home):
    """A question naming an ICB means that ICB, not a place it mentions besides; "how many are …" names no seat
    (and "are" in "Integrated Care System" is no match for one)."""
    from assistant.boards import _asked_seat, _fits, find_board, list_boards
    from core.settings import Settings

    boards = list_boards(settings=Settings.from_env(home=board_home[0]))
    assert find_board("Of the 90 posts to go in Tern Valley, how many are at Fenn ICB itself?", boards) is None
    assert find_board("How many GPs sit on the Tern Valley ICB board?", boards) is boards[0]
    assert find_board("how many non-executives does tern valley have?", boards) is boards[0]
    assert _asked_seat("Of the 90 job losses, how many are at Fenn ICB itself?") is None
    assert _asked_seat("How many GPs are on the Fenn ICB board?") == "GPs"
    chair = next(m for m in boards[0].members if m.category == "chair")
    assert not _fits(replace(chair, role="Chair of the Integrated Care System"), "are")


def test_a_two_part_question_gets_the_board_rows_and_passages_for_its_other_part(board_home):
    from assistant.ask import ask
    from core.settings import Settings

    settings = Settings.from_env(home=board_home[0])
    both = ask("Who chairs NHS Tern Valley ICB, and how big is its budget?", settings=settings)
    assert both.answerer == "board table" and "Dr Rosa Linden" in both.answer and "£2.3 billion" in both.answer
    assert [c.n for c in both.citations] == list(range(1, len(both.citations) + 1))
    assert all(f"[{c.n}]" in both.answer for c in both.citations)
    assert any("£2.3 billion" in c.quote for c in both.citations)
    # the seats asked about are counted and no one in them is named: said so, with the count as the closest
    nobody = ask("Who are the non-executive members on the Tern Valley ICB board?", settings=settings)
    assert nobody.abstained and nobody.answer.startswith("The documents don't say") and "3" in nobody.answer
    # "her background": the one person the rows name
    her = ask("Who chairs NHS Tern Valley ICB, and what is her background?", settings=settings)
    assert her.answerer == "board table" and "twenty years" in her.answer
    # "who else is on it" asks for the whole board
    rest = ask("How many non-executive members sit on the Tern Valley ICB board, and who else is on it?",
               settings=settings)
    assert rest.answerer == "board table" and "Ian Pryce" in rest.answer and "Dr Omar Haddad" in rest.answer


# ---------------------------------------------------------------- the bundled corpus, end to end


def test_bundled_corpus_boards_are_cited_verbatim(bundled_home):
    from assistant.boards import list_boards
    from core.settings import Settings
    from vectorstore.store import Store

    settings = Settings.from_env(home=bundled_home)
    boards = list_boards(settings=settings)
    store = Store(settings)
    assert len(boards) >= 3
    for board in boards:
        assert board.icb.startswith("NHS ") and board.icb.endswith(" Integrated Care Board")
        for m in board.members:
            assert isinstance(m, BoardMember) and m.category in BOARD_CATEGORIES and m.count >= 1
            text = store.document_text(m.citation.doc_id)
            assert text[m.citation.start : m.citation.end] == m.citation.quote
    assert any(m.category == "chair" and m.name for b in boards for m in b.members)
    assert any(m.voting is False for b in boards for m in b.members)
    (dorset,) = list_boards("dorset", settings=settings)
    assert "Dorset" in dorset.icb
    samples = {d["doc_id"] for d in store.documents() if "/field_dev/" not in d["path"]}
    assert not {i for b in boards for i in b.doc_ids} & samples  # the five samples are about ICBs, not one board


def test_boards_match_hand_made_gold_rows(bundled_home):
    """The bundled real pages' board tables against rows written by hand from the same pages (`eval boards`): the
    floor guards against regressions; the closing figures are the README's."""
    from core.settings import Settings
    from eval.boards_eval import evaluate_boards

    gold = Path(__file__).resolve().parents[2] / "eval" / "datasets" / "boards_gold.jsonl"
    m = evaluate_boards(gold, settings=Settings.from_env(home=bundled_home), details=True)
    assert m["gold_rows"] >= 50
    assert m["row_recall"] >= 0.8 and m["row_precision"] >= 0.9 and m["rows_fully_right"] >= 0.75, m
    assert m["name_accuracy"] == 1.0, [w for w in m["wrong"] if w["row"]]
    out = run_cli("eval", "boards", "--dataset", str(gold), "--half", "tune", "--json", home=bundled_home, check=True)
    assert json.loads(out.stdout)["documents"] < m["documents"]


def test_a_board_that_must_contain_a_seat(tmp_path):
    """"The ICB must contain at least one local authority representative" counts a seat as "include" does."""
    text = ("NHS Fenwold ICB: council decision\nIn line with the Act, the ICB must contain at least one local authority "
            "representative.")
    doc, extract = board_of(tmp_path, "decision.txt", text)
    assert rows(extract) == [("partner_local_authority", 1, True, None)]
    assert_verbatim(doc, extract)


def test_a_later_part_citing_a_row_s_span_takes_its_number():
    """The passages that answer a question's other part may cite the sentence a row cites: it keeps the row's
    number, and the others follow on without a gap."""
    from assistant.ask import _merge_citations
    from core.types import Chunk, Citation

    chunk = Chunk("d:1", "d", "Ann Bray has been appointed chair. She ran a trust. She is a GP.", 0, 63, None, None,
                  "x.txt", "News")
    row = Citation(1, chunk, "Ann Bray has been appointed chair.", 0, 34)
    again = Citation(1, chunk, "Ann Bray has been appointed chair.", 0, 34)
    new = Citation(2, chunk, "She ran a trust.", 35, 51)
    added, numbers = _merge_citations([row], [again, new])
    assert numbers == {1: 1, 2: 2} and [(c.n, c.quote) for c in added] == [(2, "She ran a trust.")]


def test_a_seat_named_in_news_does_not_say_whether_it_votes(tmp_path):
    """A person prose names in a seat ("has been appointed chair") gets voting null: the page does not say; a
    constitution's member list and its non-voting participants still do."""
    doc, extract = board_of(tmp_path, "news.txt", "NHS Fenn ICB news\nAnn Bray has been appointed as chair of NHS Fenn "
                            "ICB.\n\nIan Roe\n\nICB Chief Executive")
    assert [(m.name, m.voting) for m in extract.members] == [("Ann Bray", None), ("Ian Roe", None)]


def test_partners_of_two_kinds_joined_by_and_are_two_rows(tmp_path):
    """"… representatives from local NHS trusts, primary care and local authorities": a row for each kind of
    partner, the last two split at their "and" though neither ends on a role noun."""
    doc, extract = board_of(tmp_path, "page.txt", "NHS Fenn Integrated Care Board\nThe Board includes a chair, as "
                            "well as representatives from local NHS trusts, primary care and local authorities.")
    assert [m.category for m in extract.members] == ["chair", "partner_trust", "partner_primary_care",
                                                     "partner_local_authority"]
    assert_verbatim(doc, extract)


@pytest.mark.parametrize("quote, going", [
    ("Sir Ed Oak, currently chair of NHS Fenn ICB, is stepping down later this year.", True),
    ("Sir Ed Oak, chair of NHS Fenn ICB, will retire in March.", True),
    ("Sir Ed Oak, chair of NHS Fenn ICB, said the chief executive is stepping down.", False),  # someone else goes
    ("Sir Ed Oak has been appointed chair of NHS Fenn ICB.", False),
    # review: a going word after the name that is someone else's, or not about the post
    ("Sir Ed Oak paid tribute to retiring chief executive Ann Bray.", False),
    ("Sir Ed Oak thanked Ann Bray, who is leaving the ICB.", False),
    ("Sir Ed Oak urged GPs not to leave the profession.", False),
])
def test_a_holder_the_cited_line_says_is_going_is_listed_so(quote, going):
    """A board answer names the chair the page names, and says so when that line says the chair is stepping down."""
    from assistant.boards import _who
    from core.types import BoardMember, BoardSource

    row = BoardMember("NHS Fenn Integrated Care Board", "chair", "chair", 1, False, "Sir Ed Oak", None, None,
                      BoardSource("d", "News", quote, 0, len(quote)))
    assert ("stepping down" in _who(row)) is going
