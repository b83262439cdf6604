"""The Ask tab: chat with cited answers, a Sources panel, and one click from any marker to its passage in context.

Each answer keeps its own sources: a marker `[n]` in the k-th answer links to `#source-k-n`, and clicking it
shows that answer's sources, whichever answer is the latest.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import gradio as gr

from assistant.app.render import (
    MARKER_JS,
    answer_markdown,
    context_html,
    md_escape,
    plain_answer,
    reference,
    sources_html,
)
from assistant.ask import ask
from assistant.retrieval import SearchFilters, get_retriever
from core.settings import Settings
from core.types import Answer

EXAMPLES = [
    "Who represents hospital doctors on ICB boards?",  # clinician
    "What role do Local Medical Committees have on ICB boards?",
    "What did Patricia Hewitt say about local leadership?",  # journalist
    "What did NHS Providers warn about reorganisation?",
    "How will the Hewitt review look at the CQC's role?",  # evaluator
]
EMPTY_HINT = "Type a question in the box (or pick an example below), then press **Ask**."
_TAG = re.compile(r"<[^>]*>")


@dataclass
class AskTab:
    """The components other tabs refresh (the filter choices follow the library)."""

    doc_type: gr.Dropdown
    publisher: gr.Dropdown


def question_text(message: str | None) -> str:
    """What the question asks: markup removed (a pasted `<img …>` is not part of the question), spaces tidied."""
    return " ".join(_TAG.sub(" ", message or "").split())


def build(settings: Settings, doc_types: list[str], publishers: list[str]) -> AskTab:
    """Lay out the tab inside the current Blocks context and wire its events."""
    answers = gr.State([])  # one Answer per assistant turn, in order
    shown = gr.State(0)  # which answer (1-based) the Sources panel shows
    with gr.Row(equal_height=False, elem_id="ask-row"):
        with gr.Column(scale=3, min_width=320):
            chatbot = gr.Chatbot(label="Answers", height=520, elem_id="chat", allow_tags=False,
                                 sanitize_html=True, buttons=["copy"])
            with gr.Row():
                question = gr.Textbox(placeholder="Ask about ICS boards, membership, reviews, evidence…",
                                      show_label=False, scale=5, elem_id="question", lines=1, min_width=200)
                send = gr.Button("Ask", variant="primary", scale=1, elem_id="ask-button", min_width=80)
            hint = gr.Markdown("", elem_id="ask-hint")
            gr.Examples(EXAMPLES, inputs=question, label="Examples — clinicians, journalists, evaluators")
            with gr.Accordion("Filters and retrieval settings", open=False):
                with gr.Row():
                    doc_type = gr.Dropdown(["any"] + doc_types, value="any", label="Document type",
                                           elem_id="filter-type")
                    publisher = gr.Dropdown(["any"] + publishers, value="any", label="Publisher",
                                            elem_id="filter-publisher")
                with gr.Row():
                    since = gr.Textbox(label="Published since", placeholder="2022 or 2022-11")
                    until = gr.Textbox(label="Published until", placeholder="2023-03")
                k = gr.Slider(3, 20, value=settings.top_k, step=1, label="Passages to retrieve")
            clear = gr.Button("New conversation", size="sm")
        with gr.Column(scale=2, min_width=300):
            gr.Markdown("### Sources")
            sources = gr.HTML(sources_html(None), elem_id="sources", js_on_load=MARKER_JS)
            picker = gr.Radio([], label="Show a source in its document", elem_id="source-picker")
            context = gr.HTML("", elem_id="source-context")
            ref = gr.Textbox(label="Publication-ready reference", elem_id="copy-ref", interactive=False,
                             buttons=["copy"], lines=3)
            copy = gr.Button("Copy quote", size="sm", elem_id="copy-quote")
            copies = gr.Textbox("[]", visible="hidden", elem_id="chat-copies")  # plain text per answer, for copy

    def respond(message, history, past, dt, pub, s, u, kk):
        asked = question_text(message)
        if not asked:
            # the box is left alone: writing its value back could land after the user's next keystrokes
            yield (history, gr.update(), past, *(gr.update(),) * 4, EMPTY_HINT, gr.update(), gr.update())
            return
        filters = SearchFilters(None if dt == "any" else dt, None if pub == "any" else pub, s or None, u or None)
        answer = ask(asked, history=[(a.question, a.answer) for a in past], filters=filters or None, k=int(kk),
                     settings=settings)
        past = [*past, answer]
        turn = len(past)
        history = [*(history or []), {"role": "user", "content": md_escape(message.strip())},
                   {"role": "assistant", "content": ""}]
        for partial in _stream(answer_markdown(answer, turn)):
            history[-1]["content"] = partial
            yield (history, "", past, *(gr.update(),) * 4, "", gr.update(), gr.update())
        yield (history, "", past, *_panel(answer, turn, 1, settings), "", turn, _copies(past))

    inputs = [question, chatbot, answers, doc_type, publisher, since, until, k]
    outputs = [chatbot, question, answers, sources, picker, context, ref, hint, shown, copies]
    send.click(respond, inputs, outputs, api_visibility="private")
    question.submit(respond, inputs, outputs, api_visibility="private")

    def reset():
        return [], [], sources_html(None), gr.update(choices=[], value=None), "", "", "", 0, "[]"

    fresh = [chatbot, answers, sources, picker, context, ref, hint, shown, copies]
    clear.click(reset, None, fresh, api_visibility="private")
    chatbot.clear(reset, None, fresh, api_visibility="private")  # the chat's own bin icon starts afresh too

    def pick(n, past, turn):
        answer = past[turn - 1] if 0 < turn <= len(past) else None
        citation = _citation(answer, n)
        return _context(citation, settings), _reference(citation)

    def follow(past, evt: gr.EventData):
        """A marker was clicked: show its answer's sources with that source open."""
        turn, n = _parse_target(getattr(evt, "_data", None) or {})
        if not 0 < turn <= len(past):
            return (gr.update(),) * 5
        return (*_panel(past[turn - 1], turn, n, settings), turn)

    picker.input(pick, [picker, answers, shown], [context, ref], api_visibility="private")
    sources.click(follow, [answers], [sources, picker, context, ref, shown], api_visibility="private")
    copy.click(None, ref, None, js="(text) => { navigator.clipboard && navigator.clipboard.writeText(text); }")
    return AskTab(doc_type, publisher)


def _panel(answer: Answer, turn: int, n: int, settings: Settings) -> tuple:
    """Sources, picker, context and reference for source n of the turn-th answer."""
    choices = [(f"[{c.n}] {c.chunk.title}" + (f" § {c.chunk.section}" if c.chunk.section else ""), str(c.n))
               for c in answer.citations]
    citation = _citation(answer, n)
    value = str(citation.n) if citation else None
    return (sources_html(answer, turn, selected=citation.n if citation else None),
            gr.update(choices=choices, value=value), _context(citation, settings), _reference(citation))


def _parse_target(data: dict) -> tuple[int, int]:
    match = re.fullmatch(r"#?source-(\d+)-(\d+)", str(data.get("target", "")))
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)


def _copies(past: list[Answer]) -> str:
    return json.dumps([plain_answer(a) for a in past], ensure_ascii=False)


def _stream(text: str):
    """The answer a sentence at a time (each ends at its marker), so long answers appear progressively."""
    pieces = re.split(r"(?<=\)) ", text)
    out = ""
    for piece in pieces:
        out = f"{out} {piece}".strip()
        yield out


def _citation(answer: Answer | None, n):
    if answer is None or n in (None, ""):
        return None
    return next((c for c in answer.citations if str(c.n) == str(n).strip()), None)


def _context(citation, settings: Settings) -> str:
    if citation is None:
        return ""
    text = get_retriever(settings).store.document_text(citation.chunk.doc_id) or citation.chunk.text
    return context_html(citation, text)


def _reference(citation) -> str:
    if citation is None:
        return ""
    return reference(citation.quote, None, citation.chunk)
