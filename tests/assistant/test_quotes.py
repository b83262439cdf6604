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


def test_topic_search_over_thousands_of_quotes_embeds_a_bounded_pool(tmp_path, monkeypatch):
    """A corpus with thousands of quotes must not embed every quote on every topic search: at most the pool
    (quotes in the chunks retrieved for the topic plus the best by shared words) is embedded, once; the
    relevant quote still comes first."""
    import numpy as np

    from assistant import quotes as quote_finder
    from assistant.retrieval import get_retriever
    from core.settings import Settings
    from core.types import Chunk, Document, Quote
    from ingest.pipeline import ingest
    from vectorstore.store import Store

    settings = Settings.from_env(home=tmp_path / "home")
    ingest(settings=settings)
    n, rng = 3000, np.random.default_rng(5)
    texts = [f"Routine remark number {i} about parking, catering and the estates timetable." for i in range(n)]
    body = "\n\n".join(f"“{t}” said Pat Example." for t in texts)
    doc = Document("chatter-000001", "chatter.txt", "/synthetic/chatter.txt", body, "chatter", "Chatter",
                   doc_type="synthetic")
    chunks, quotes, pos = [], [], 0
    for i, t in enumerate(texts):
        para = f"“{t}” said Pat Example."
        chunks.append(Chunk(f"{doc.doc_id}:{i}", doc.doc_id, para, pos, pos + len(para), None, None, doc.source,
                            doc.title, doc_type="synthetic"))
        quotes.append(Quote(f"{doc.doc_id}:q{i}", "Pat Example", None, None, t, doc.doc_id, doc.title, None, None,
                            None, None, pos + 1, pos + 1 + len(t)))
        pos += len(para) + 2
    vectors = rng.normal(size=(n, 384)).astype(np.float32)
    Store(settings).add_document(doc, chunks, vectors / np.linalg.norm(vectors, axis=1, keepdims=True), quotes,
                                 settings.embedder)
    embedder = get_retriever(settings).embedder
    embedded: list[int] = []
    real_embed = embedder.embed
    monkeypatch.setattr(embedder, "embed", lambda batch, **kw: embedded.append(len(batch)) or real_embed(batch, **kw))

    top = find_quotes("mental health clinicians at the heart of ICBs", k=3, settings=settings)
    assert "Seneviratne" in top[0].speaker
    assert 0 < sum(embedded) <= quote_finder.EMBED_POOL + 60
    assert len(find_quotes("mental health clinicians at the heart of ICBs", settings=settings)) > n
    embedded.clear()
    find_quotes("mental health clinicians at the heart of ICBs", k=3, settings=settings)
    assert sum(embedded) == 0  # the pool's vectors are remembered
