"""The corpus's own casing, used to read a question typed in lower case."""

import pytest

from core.text import expand_short_forms, proper_forms, truecase

TEXTS = [
    "The board of NHS Wexmoor ICB met in Tollgate House. Dame Orla Penhallow chaired the Board.",
    "NHS Wexmoor ICB and the board of Fenbridge met. The chair thanked Orla Penhallow and Tollgate staff.",
    "Wexmoor residents asked the board about O’Dowd Street.\nBoard papers are online. The O’Dowd Street clinic is closed.",
]


def test_proper_forms_are_words_never_written_in_lower_case():
    forms = proper_forms(TEXTS)
    assert forms["wexmoor"] == "Wexmoor" and forms["icb"] == "ICB" and forms["penhallow"] == "Penhallow"
    assert forms["o'dowd"] == "O’Dowd"
    assert "board" not in forms  # "the board" as well as "the Board": a common word
    assert "fenbridge" not in forms  # written once: too little to go on
    assert "the" not in forms and "papers" not in forms  # "Board papers" opens a line: not evidence of a name


@pytest.mark.parametrize("typed, read", [
    ("who chairs the wexmoor icb board?", "who chairs the Wexmoor ICB board?"),
    ("what did orla penhallow say about o'dowd street", "what did Orla Penhallow say about O’Dowd Street"),
    ("is wexmoor's board in tollgate house?", "is Wexmoor's board in Tollgate house?"),  # "House": once
    ("Who chairs the Wexmoor board?", "Who chairs the Wexmoor board?"),  # typed with capitals: left alone
    ("who chairs kestrelford icb", "who chairs kestrelford ICB"),  # a name the documents never use stays as typed
])
def test_truecase_writes_names_as_the_documents_do(typed, read):
    assert truecase(typed, proper_forms(TEXTS)) == read


PAIR_TEXTS = [
    "NHS Amber Vale ICB serves the whole vale. Services across the Amber Vale are changing.",
    "The Amber Vale board met. People in every vale were asked.",
    "The Wexmoor Chair Ann Bell spoke. The Wexmoor chair then left. Wexmoor is large.",
]


def test_two_word_names_are_read_whole_when_typed_in_lower_case():
    forms = proper_forms(PAIR_TEXTS)
    assert forms["amber vale"] == "Amber Vale" and "vale" not in forms  # "vale" alone is a common word
    assert "wexmoor chair" not in forms  # "the Wexmoor chair" too: not a name
    assert truecase("which towns does the amber vale board cover", forms) == "which towns does the Amber Vale board cover"
    assert truecase("is the amber vale's board big", forms) == "is the Amber Vale's board big"
    assert truecase("who is the wexmoor chair", forms) == "who is the Wexmoor chair"
    assert truecase("Amber vale board", forms) == "Amber vale board"  # typed with a capital: as the user meant it
    assert truecase("amber vale wexmoor", forms | {"vale wexmoor": "Vale Wexmoor"}) == "Amber Vale Wexmoor"


SHIRES = {"wexmoorshire": "Wexmoorshire", "wexmoor": "Wexmoor", "fenbridgeshire": "Fenbridgeshire",
          "fenwick": "Fenwick", "tarrantshire": "Tarrantshire", "tarsley": "Tarsley"}


@pytest.mark.parametrize("typed, read", [
    ("wexs icb board dates", "Wexmoorshire icb board dates"),  # of one name inside another, the longer
    ("who chairs fenbs icb", "who chairs Fenbridgeshire icb"),
    ("tars board members", "tars board members"),  # two unrelated names fit: left as typed
    ("what plans does the board have", "what plans does the board have"),  # a word the documents use
    ("Wexs board", "Wexs board"),  # typed with a capital: the user meant it as written
    ("when does wexmoor meet", "when does wexmoor meet"),  # the name itself: truecase's work, not this
])
def test_short_forms_of_names_are_read_as_the_names(typed, read):
    known = {"plan", "board", "member", "chair", "meet", "date"}
    assert expand_short_forms(typed, SHIRES, lambda stem: stem in known) == read


@pytest.mark.parametrize("typed, read", [
    ("whos the chief exec of the board", "who's the chief executive of the board"),
    ("is the govt adding patient reps?", "is the government adding patient representatives?"),
    ("Rep. Jones and the EXEC committee", "Rep. Jones and the EXEC committee"),  # capitals may be names
    ("an exec-level post", "an exec-level post"),  # part of a longer word
])
def test_typed_shorthand_is_written_out(typed, read):
    from core.text import expand_shorthand

    assert expand_shorthand(typed) == read


@pytest.mark.parametrize("typed, read", [
    ("whats on the list of review recommendations? short version pls", "whats on the list of review recommendations?"),
    ("Please, who chairs the board?", "who chairs the board?"),
    ("Is the Pleasance ward open?", "Is the Pleasance ward open?"),  # a word that only begins like one
    ("Who is in short supply?", "Who is in short supply?"),
    ("thanks", "thanks"),  # nothing else to ask: left as typed
    ("need the Guild's quote on rotas", "the Guild's quote on rotas"),  # a request's opening
    ("I need to know who chairs the board", "who chairs the board"),
    ("What does every board need?", "What does every board need?"),
])
def test_pleasantries_are_not_what_is_asked(typed, read):
    from core.text import drop_pleasantries

    assert drop_pleasantries(typed) == read


def test_irregular_past_forms_are_read_as_their_verb():
    from core.text import tokenize

    assert tokenize("Who spoke for the motion?") == tokenize("Speaking for the motion")
    assert "write" in tokenize("She wrote to the board") and "meet" in tokenize("The board met in May")
    assert "rise" not in tokenize("Rose Pym chaired it")  # a name, not a verb


@pytest.mark.parametrize("text, cores", [
    ("Is there a GP on the Fenwold ICB board?", ["Fenwold"]),  # a role's acronym and "on the" open no name
    ("Does NHS Marsh and Stoke-on-Tarn ICB have a DPH?", ["Marsh and Stoke-on-Tarn"]),
    ("Tarn on Wold ICB met today.", ["Tarn on Wold"]),  # "on" inside a name stays
])
def test_icb_names_in_text(text, cores):
    from core.icb import find_icbs

    assert [m.core for m in find_icbs(text)] == cores
