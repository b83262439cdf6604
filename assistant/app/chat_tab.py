"""The Ask tab: chat with cited answers, a Sources panel, and one click from a marker to its passage in context."""

from __future__ import annotations

import re

import gradio as gr

from assistant.app.render import answer_markdown, context_html, reference, sources_html
from assistant.ask import ask
from assistant.retrieval import SearchFilters, get_retriever
from assistant.settings import Settings

EXAMPLES = [
    "Who represents hospital doctors on ICB boards?",  # clinician
    "What role do Local Medical Committees have on ICB boards?",
    "What did Patricia Hewitt say about local leadership?",  # journalist
    "What did NHS Providers warn about reorganisation?",
    "What will the Hewitt review consider about the CQC?",  # evaluator
]


def build(settings: Settings, doc_types: list[str], publishers: list[str]) -> None:
    """Lay out the tab inside the current Blocks context and wire its events."""
    answer_state = gr.State(None)
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=380):
            chatbot = gr.Chatbot(label="Answers", height=520, elem_id="chat", allow_tags=False,
                                 sanitize_html=True, buttons=["copy"])
            with gr.Row():
                question = gr.Textbox(placeholder="Ask about ICS boards, membership, reviews, evidence…",
                                      show_label=False, scale=5, elem_id="question", lines=1)
                send = gr.Button("Ask", variant="primary", scale=1, elem_id="ask-button")
            gr.Examples(EXAMPLES, inputs=question, label="Examples — clinicians, journalists, evaluators")
            with gr.Accordion("Filters and retrieval settings", open=False):
                with gr.Row():
                    doc_type = gr.Dropdown(["any"] + doc_types, value="any", label="Document type")
                    publisher = gr.Dropdown(["any"] + publishers, value="any", label="Publisher")
                with gr.Row():
                    since = gr.Textbox(label="Published since", placeholder="2022 or 2022-11")
                    until = gr.Textbox(label="Published until", placeholder="2023-03")
                k = gr.Slider(3, 20, value=settings.top_k, step=1, label="Passages to retrieve")
            clear = gr.Button("New conversation", size="sm")
        with gr.Column(scale=2, min_width=320):
            gr.Markdown("### Sources")
            sources = gr.HTML(sources_html(None), elem_id="sources")
            picker = gr.Radio([], label="Show a source in its document", elem_id="source-picker")
            context = gr.HTML("", elem_id="source-context")
            ref = gr.Textbox(label="Publication-ready reference", elem_id="copy-ref", interactive=False,
                             buttons=["copy"], lines=3)
            copy = gr.Button("Copy quote", size="sm", elem_id="copy-quote")
            selected = gr.Textbox(visible="hidden", elem_id="selected-source")

    def respond(message, history, dt, pub, s, u, kk):
        message = (message or "").strip()
        if not message:
            yield history, "", None, sources_html(None), gr.update(choices=[], value=None), "", ""
            return
        filters = SearchFilters(None if dt == "any" else dt, None if pub == "any" else pub, s or None, u or None)
        answer = ask(message, history=_pairs(history), filters=filters or None, k=int(kk), settings=settings)
        text = answer_markdown(answer)
        history = list(history or []) + [{"role": "user", "content": message}, {"role": "assistant", "content": ""}]
        choices = [(f"[{c.n}] {c.chunk.title}" + (f" § {c.chunk.section}" if c.chunk.section else ""), str(c.n))
                   for c in answer.citations]
        for partial in _stream(text):
            history[-1]["content"] = partial
            yield history, "", answer, gr.update(), gr.update(), gr.update(), gr.update()
        first = answer.citations[0] if answer.citations else None
        yield (history, "", answer, sources_html(answer), gr.update(choices=choices, value="1" if first else None),
               _context(first, settings), _reference(first))

    inputs = [question, chatbot, doc_type, publisher, since, until, k]
    outputs = [chatbot, question, answer_state, sources, picker, context, ref]
    send.click(respond, inputs, outputs, api_visibility="private")
    question.submit(respond, inputs, outputs, api_visibility="private")
    clear.click(lambda: ([], None, sources_html(None), gr.update(choices=[], value=None), "", ""), None,
                [chatbot, answer_state, sources, picker, context, ref], api_visibility="private")

    def show(n, answer):
        citation = _citation(answer, n)
        return _context(citation, settings), _reference(citation), gr.update(value=str(n) if citation else None)

    picker.change(show, [picker, answer_state], [context, ref, picker], api_visibility="private")
    selected.input(show, [selected, answer_state], [context, ref, picker], api_visibility="private")
    copy.click(None, ref, None, js="(text) => { navigator.clipboard && navigator.clipboard.writeText(text); }")


def _pairs(history) -> list[tuple[str, str]]:
    pairs, question = [], None
    for msg in history or []:
        role, content = msg.get("role"), msg.get("content")
        if isinstance(content, list):  # Gradio 6 may hand back content as parts
            content = " ".join(p.get("text", "") for p in content if isinstance(p, dict))
        if role == "user":
            question = content
        elif role == "assistant" and question is not None:
            pairs.append((question, content))
            question = None
    return pairs


def _stream(text: str):
    """The answer a sentence at a time (each ends at its marker), so long answers appear progressively."""
    pieces = re.split(r"(?<=\)) ", text)
    out = ""
    for piece in pieces:
        out = f"{out} {piece}".strip()
        yield out


def _citation(answer, n):
    if answer is None or n in (None, ""):
        return None
    return next((c for c in answer.citations if str(c.n) == str(n).strip()), None)


def _context(citation, settings: Settings) -> str:
    if citation is None:
        return ""
    text = get_retriever(settings).store.catalog.document_text(citation.chunk.doc_id) or citation.chunk.text
    return context_html(citation, text)


def _reference(citation) -> str:
    if citation is None:
        return ""
    return reference(citation.quote, None, citation.chunk)
