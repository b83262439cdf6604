"""The quote finder as the Quotes tab and `ics-assistant quotes` use it: whole statements before fragments, and
speakers as people and organisations, each body under one name that its other forms still find."""

from __future__ import annotations

from assistant.quotes import Speakers, completeness, find_quotes, is_person, speaker_lists


def test_fragments_rank_below_whole_statements(sample_settings):
    quotes = find_quotes("clinical leadership", k=5, settings=sample_settings)
    assert len(quotes[0].text.split()) >= 15
    assert completeness("best practice clinical leadership models") < completeness(" ".join(["word"] * 15)) == 1.0


def test_people_and_organisations_are_separate_and_canonical(sample_settings):
    people, orgs = speaker_lists(sample_settings)
    assert {"Patricia Hewitt", "David Wrigley", "Vic Rayner"} <= set(people)
    assert "NHS Clinical Commissioners (NHSCC)" in orgs and "British Medical Association (BMA)" in orgs
    assert not set(people) & set(orgs)
    assert not {"NHS Clinical Commissioners", "NHS Clinical Commissioners (NHSCC) (letter)", "BMA"} & set(orgs)


def test_every_form_of_a_body_is_found_by_its_canonical_name(sample_settings):
    by_canon = find_quotes(organisation="NHS Clinical Commissioners (NHSCC)", settings=sample_settings)
    speakers = {q.speaker for q in by_canon}
    # every form was made one canonical name at ingest; its letter keeps its own label
    assert speakers == {"NHS Clinical Commissioners (NHSCC)", "NHS Clinical Commissioners (NHSCC) (letter)"}
    assert len(find_quotes(speaker="NHSCC", settings=sample_settings)) >= len(by_canon)


def test_person_names():
    assert is_person("Patricia Hewitt") and is_person("Dr David Wrigley")
    assert not any(is_person(n) for n in ("NHS Providers", "Integrating Care", "The Confed", "BMA",
                                          "Health Service Journal", "Local Government Association (LGA)"))
    assert Speakers([]).people == [] and Speakers([]).organisations == []
