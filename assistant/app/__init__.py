"""The Gradio app: Ask (chat with cited answers), Quotes, Library, Review and Boards tabs, and the `/ask` API
endpoint.

The model and index are loaded once per process and shared by every session; the queue bounds how many answers
run at once (two — one per core) and how many wait.
"""

from __future__ import annotations

import os

from core.settings import Settings, get_settings

__all__ = ["build_app", "serve"]

CONCURRENCY = 2  # answers computed at once: one per core; more only thrash the CPU
QUEUE_SIZE = 64  # requests waiting beyond that are refused with a clear "busy" message
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def build_app(settings: Settings | None = None):
    """The app's Blocks, ready to launch."""
    import gradio as gr

    from assistant.app import boards_tab, chat_tab, library_tab, quotes_tab, review_tab
    from assistant.ask import ask
    from assistant.retrieval import get_retriever

    settings = get_settings(settings)
    retriever = get_retriever(settings)
    retriever.embedder  # load the model now, once, not on the first question  # noqa: B018
    docs = retriever.store.documents()
    doc_types, publishers = _facets(docs)

    with gr.Blocks(title="ICS Assistant") as demo:
        gr.Markdown("## ICS Assistant\nCited answers from NHS integrated care policy documents — every claim "
                    "links to its passage.")
        header = gr.Markdown(header_line(settings, len(docs)), elem_classes=["answerer-line"],
                             elem_id="answerer-line")
        with gr.Tabs():
            with gr.Tab("Ask", id="ask"):
                ask_tab = chat_tab.build(settings, doc_types, publishers)
            with gr.Tab("Quotes", id="quotes"):
                quote_tab = quotes_tab.build(settings)
            with gr.Tab("Library", id="library"):
                library = library_tab.build(settings, MAX_UPLOAD_BYTES)
            with gr.Tab("Review", id="review"):
                review = review_tab.build(settings)
            with gr.Tab("Boards", id="boards"):  # last: on a phone the tabs that do not fit go to the "…" menu
                board_tab = boards_tab.build(settings)

        def refresh():
            """After an upload or a removal: the document count and every list drawn from the documents."""
            docs = retriever.store.documents()
            types, pubs = _facets(docs)
            return (header_line(settings, len(docs)), gr.update(choices=["any"] + types),
                    gr.update(choices=["any"] + pubs), *quotes_tab.choices(settings), boards_tab.refreshed(settings))

        targets = [header, ask_tab.doc_type, ask_tab.publisher, quote_tab.person, quote_tab.organisation,
                   board_tab.pick]
        for event in library.changed:
            event.then(refresh, None, targets, api_visibility="private")
        demo.load(refresh, None, targets, api_visibility="private")  # the values built at start-up may be stale
        demo.load(library.load, None, library.load_outputs, api_visibility="private")
        demo.load(review.load, None, review.load_outputs, api_visibility="private")

        def ask_api(question: str) -> dict:
            """Answer a question; returns the answer object (question, answer, abstained, citations, retrieved,
            timings_ms)."""
            return ask(question, settings=settings).to_dict()

        gr.api(ask_api, api_name="ask")
    demo.queue(default_concurrency_limit=CONCURRENCY, max_size=QUEUE_SIZE)
    return demo


def header_line(settings: Settings, documents: int) -> str:
    """Which answerer answers and how many documents are indexed."""
    answerer = f"LLM ({settings.llm}), checked against the passages" if settings.llm else "extractive (offline, verbatim)"
    return f"Answering with: **{answerer}** · {documents} document{'s' if documents != 1 else ''} indexed"


def _facets(docs: list[dict]) -> tuple[list[str], list[str]]:
    """The document types and publishers present, for the Ask tab's filters."""
    return (sorted({d["doc_type"] for d in docs if d["doc_type"]}),
            sorted({d["publisher"] for d in docs if d["publisher"]}))


def serve(host: str = "127.0.0.1", port: int = 7860, auth: tuple[str, str] | None = None,
          settings: Settings | None = None, block: bool = True):
    """Launch the app (bound to 127.0.0.1 unless told otherwise)."""
    from assistant.app.render import CSS, JS

    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    demo = build_app(settings)
    app_kwargs = _login_wall() if auth else {}
    demo.launch(server_name=host, server_port=port, auth=auth, share=False, prevent_thread_lock=not block,
                css=CSS, js=JS, show_error=True, max_file_size=MAX_UPLOAD_BYTES, footer_links=["api"],
                app_kwargs=app_kwargs)
    return demo


# What a visitor without a login may fetch: the login page, its assets, and the login itself.
PUBLIC_PATHS = frozenset((
    "/", "/login", "/login/", "/logout", "/favicon.ico", "/robots.txt", "/manifest.json", "/theme.css",
    "/gradio_api/theme.css", "/gradio_api/startup-events", "/gradio_api/login_check", "/gradio_api/login_check/",
))
PUBLIC_PREFIXES = ("/assets/", "/static/", "/svelte/", "/pwa_icon")


def _login_wall() -> dict:
    """FastAPI settings for an app behind a login: no schema pages, and every route but the login page's refuses
    a request without a valid session (Gradio checks most routes itself, but not all: heartbeats, streams,
    cancel/reset, run history, the OpenAPI schema)."""
    from starlette.middleware import Middleware

    return {"docs_url": None, "redoc_url": None, "openapi_url": None, "middleware": [Middleware(_RequireLogin)]}


class _RequireLogin:
    """ASGI middleware: 401 for any HTTP or WebSocket request outside `PUBLIC_PATHS` without a login cookie that
    the Gradio app (in `scope["app"]`) issued."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] in ("http", "websocket") and not _allowed(scope):
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 4401})
                return
            body = b'{"detail":{"error":"Not authenticated"}}'
            await send({"type": "http.response.start", "status": 401,
                        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)


def _allowed(scope) -> bool:
    path = scope.get("path", "")
    if path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES):
        return True
    gradio_app = scope.get("app")
    cookies = _cookies(scope)
    cookie_id = getattr(gradio_app, "cookie_id", None)
    tokens = getattr(gradio_app, "tokens", {}) or {}
    token = cookies.get(f"access-token-{cookie_id}") or cookies.get(f"access-token-unsecure-{cookie_id}")
    return token is not None and token in tokens


def _cookies(scope) -> dict[str, str]:
    from http.cookies import SimpleCookie

    raw = b"; ".join(v for k, v in scope.get("headers", []) if k == b"cookie").decode("latin-1")
    jar = SimpleCookie()
    try:
        jar.load(raw)
    except Exception:
        return {}
    return {k: m.value for k, m in jar.items()}
