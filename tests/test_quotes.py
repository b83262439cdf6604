"""The quote finder: extraction and attribution on the sample corpus, filters, the CLI contract."""

from __future__ import annotations

import json

from assistant.quotes import find_quotes
from eval.quotes_eval import evaluate_quotes
from tests.conftest import QUOTES_DEV, run_cli


def test_quotes_dev_found_attributed_verbatim(sample_settings):
    m = evaluate_quotes(QUOTES_DEV, settings=sample_settings)
    assert m["found_rate"] >= 0.8 and m["attribution_accuracy"] >= 0.8
    assert m["verbatim_rate"] == 1.0


def test_speaker_filter_returns_only_that_speaker(sample_settings):
    quotes = find_quotes(speaker="Hewitt", settings=sample_settings)
    assert quotes and all("Hewitt" in q.speaker for q in quotes)


def test_topic_ranking(sample_settings):
    top = find_quotes("mental health clinicians at the heart of ICBs", k=1, settings=sample_settings)[0]
    assert "Seneviratne" in top.speaker


def test_quotes_cli_json(sample_home):
    out = json.loads(run_cli("quotes", "--speaker", "Meddings", "--json", home=sample_home, check=True).stdout)
    assert out["quotes"] and {q["speaker"] for q in out["quotes"]} == {"Richard Meddings"}
    assert {"speaker", "role", "organisation", "text", "doc_id", "title", "publisher", "published", "page",
            "section", "start", "end"} <= set(out["quotes"][0])
