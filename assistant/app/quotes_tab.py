"""The Quotes tab: who said what, word for word, searchable by topic and filterable by speaker."""

from __future__ import annotations

import gradio as gr

from assistant.app.render import quotes_html
from assistant.quotes import find_quotes, reference
from assistant.retrieval import get_retriever
from assistant.settings import Settings


def build(settings: Settings) -> None:
    speakers, orgs = _people(settings)
    with gr.Row():
        topic = gr.Textbox(label="Topic", placeholder="e.g. clinical leadership, accountability", scale=3,
                           elem_id="quote-topic")
        speaker = gr.Dropdown(["any"] + speakers, value="any", label="Speaker", scale=2, elem_id="quote-speaker")
        org = gr.Dropdown(["any"] + orgs, value="any", label="Organisation", scale=2)
        go = gr.Button("Find quotes", variant="primary", scale=1, elem_id="find-quotes")
    refs = gr.Textbox(label="Copy-ready references", lines=4, buttons=["copy"], interactive=False,
                      elem_id="quote-refs")
    results = gr.HTML(quotes_html(find_quotes(k=12, settings=settings)), elem_id="quote-results", max_height=760)

    def search(q, sp, og):
        quotes = find_quotes(q or None, speaker=None if sp == "any" else sp,
                             organisation=None if og == "any" else og, k=12, settings=settings)
        return quotes_html(quotes), "\n\n".join(reference(x) for x in quotes[:10])

    go.click(search, [topic, speaker, org], [results, refs], api_visibility="private")
    topic.submit(search, [topic, speaker, org], [results, refs], api_visibility="private")


def _people(settings: Settings) -> tuple[list[str], list[str]]:
    quotes = get_retriever(settings).store.catalog.quotes()
    speakers = sorted({q.speaker for q in quotes})
    orgs = sorted({q.organisation for q in quotes if q.organisation})
    return speakers, orgs
