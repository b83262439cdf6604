"""The Quotes tab: who said what, word for word, searchable by topic and filterable by person or organisation;
each quote has its own copy button."""

from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from assistant.app.render import quotes_html
from assistant.quotes import find_quotes, reference, speaker_lists
from core.settings import Settings

ANY = "any"


@dataclass
class QuotesTab:
    """The components other tabs refresh (the speaker lists follow the library)."""

    person: gr.Dropdown
    organisation: gr.Dropdown


def build(settings: Settings) -> QuotesTab:
    """Lay out the tab inside the current Blocks context and wire its events."""
    people, orgs = speaker_lists(settings)
    with gr.Row():
        topic = gr.Textbox(label="Topic", placeholder="e.g. clinical leadership, accountability", scale=3,
                           elem_id="quote-topic", min_width=200)
        person = gr.Dropdown([ANY] + people, value=ANY, label="Person", scale=2, elem_id="quote-person",
                             min_width=160)
        org = gr.Dropdown([ANY] + orgs, value=ANY, label="Organisation", scale=2, elem_id="quote-org",
                          min_width=160)
        go = gr.Button("Find quotes", variant="primary", scale=1, elem_id="find-quotes", min_width=120)
    first = find_quotes(k=12, settings=settings)
    results = gr.HTML(quotes_html(first), elem_id="quote-results", max_height=760)
    refs = gr.Textbox(_references(first), label="All references above, ready to copy", lines=4, buttons=["copy"],
                      interactive=False, elem_id="quote-refs")

    def search(q, who, body):
        quotes = find_quotes(q or None, speaker=None if who == ANY else who,
                             organisation=None if body == ANY else body, k=12, settings=settings)
        return quotes_html(quotes), _references(quotes)

    go.click(search, [topic, person, org], [results, refs], api_visibility="private")
    topic.submit(search, [topic, person, org], [results, refs], api_visibility="private")
    return QuotesTab(person, org)


def _references(quotes) -> str:
    return "\n\n".join(reference(q) for q in quotes)


def choices(settings: Settings) -> tuple[dict, dict]:
    """Fresh person and organisation choices (after the library changed)."""
    people, orgs = speaker_lists(settings)
    return gr.update(choices=[ANY] + people), gr.update(choices=[ANY] + orgs)
