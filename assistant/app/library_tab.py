"""The Library tab: the indexed documents, upload (with per-file errors), and removal after an explicit choice
and a confirmation (an uploaded file is deleted with its document)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import gradio as gr

from assistant.library import UploadError, add_uploads, list_documents, remove_document
from core.settings import Settings
from ingest.loaders import SUPPORTED

HEADERS = ["title", "type", "publisher", "published", "pages", "chunks", "source", "doc_id"]
# in pixels, not shares: on a phone the table scrolls sideways instead of squeezing each column to a letter
WIDTHS = ["300px", "110px", "160px", "100px", "64px", "70px", "200px", "190px"]


@dataclass
class LibraryTab:
    """The events after which the rest of the app must refresh (document count, filter choices), and what a page
    load refreshes here (the table and the removal choices, which may have changed since the app started)."""

    changed: list
    load: object
    load_outputs: list


def table(settings: Settings) -> list[list]:
    return [[d["title"], d["doc_type"] or "", d["publisher"] or "", d["published"] or "", d["pages"] or "",
             d["chunks"], d["source"], d["doc_id"]] for d in list_documents(settings)]


def uploads_dir(settings: Settings) -> Path:
    return settings.home / "uploads"


def build(settings: Settings, max_upload_bytes: int) -> LibraryTab:
    """Lay out the tab inside the current Blocks context and wire its events."""
    docs = gr.Dataframe(table(settings), headers=HEADERS, interactive=False, wrap=True, label="Documents in the index",
                        elem_id="library-table", column_widths=WIDTHS)
    with gr.Row():
        with gr.Column(min_width=280):
            files = gr.File(file_count="multiple", file_types=list(SUPPORTED), label="Add documents",
                            elem_id="upload")
            add = gr.Button("Add to library", variant="primary", elem_id="add-docs")
            status = gr.Markdown("", elem_id="upload-status")
        with gr.Column(min_width=280):
            choice = gr.Dropdown(_choices(settings), value=None, label="Remove a document", elem_id="remove-choice",
                                 info="Choose the document to remove; you will be asked to confirm.")
            remove = gr.Button("Remove…", variant="secondary", elem_id="remove-doc")
            with gr.Group(visible=False, elem_id="remove-confirm") as confirm_box:
                question = gr.Markdown("", elem_id="remove-question")
                with gr.Row():
                    confirm = gr.Button("Yes, remove it", variant="stop", elem_id="confirm-remove")
                    cancel = gr.Button("Cancel", elem_id="cancel-remove")
            removed = gr.Markdown("", elem_id="remove-status")

    def upload(paths, progress=gr.Progress()):
        if not paths:
            return gr.update(), "Choose files first.", gr.update()
        message = _add_files([Path(p) for p in paths], settings, max_upload_bytes, progress)
        return table(settings), message, gr.update(choices=_choices(settings), value=None)

    def ask_to_remove(doc_id):
        doc = _document(doc_id, settings)
        if doc is None:
            return gr.update(visible=False), "", "Choose a document to remove first."
        extra = " and the uploaded file is deleted" if _uploaded_file(doc, settings) else ""
        text = f"Remove **{_label(doc)}**? Its passages and quotes leave the index{extra}."
        return gr.update(visible=True), text, ""

    def drop(doc_id):
        doc = _document(doc_id, settings)
        if doc is None:
            return gr.update(), gr.update(visible=False), "That document was not in the index.", gr.update()
        upload_file = _uploaded_file(doc, settings)
        remove_document(doc["doc_id"], settings=settings)
        if upload_file is not None:
            upload_file.unlink(missing_ok=True)
        msg = f"Removed {_label(doc)}" + (" and its uploaded file." if upload_file else ".")
        return table(settings), gr.update(visible=False), msg, gr.update(choices=_choices(settings), value=None)

    added = add.click(upload, files, [docs, status, choice], api_visibility="private")
    remove.click(ask_to_remove, choice, [confirm_box, question, removed], api_visibility="private")
    cancel.click(lambda: (gr.update(visible=False), "Nothing removed."), None, [confirm_box, removed],
                 api_visibility="private")
    choice.input(lambda: gr.update(visible=False), None, confirm_box, api_visibility="private")
    dropped = confirm.click(drop, choice, [docs, confirm_box, removed, choice], api_visibility="private")
    return LibraryTab([added, dropped], lambda: (table(settings), gr.update(choices=_choices(settings), value=None)),
                      [docs, choice])


def _add_files(paths: list[Path], settings: Settings, max_upload_bytes: int, progress) -> str:
    """Copy the files into the uploads folder (only from the server's own upload folder, never through a link)
    and ingest them; a Markdown report of what happened."""
    progress(0.1, desc="indexing")
    try:
        report, problems = add_uploads([str(p) for p in paths], [Path(gr.utils.get_upload_folder())],
                                       max_upload_bytes, settings)
    except UploadError as exc:
        return f"- ⚠️ {exc}"
    lines = []
    if report:
        d = report.to_dict()
        lines.append(f"Added {d['added']}, updated {d['updated']}, unchanged {d['unchanged']}; "
                     f"{d['chunks_embedded']} passages embedded.")
        problems += [f"{Path(f['path']).name}: {f['error']}" for f in report.failed]
    return "\n".join(lines + [f"- ⚠️ {p}" for p in problems])


def _document(doc_id: str | None, settings: Settings) -> dict | None:
    return next((d for d in list_documents(settings) if d["doc_id"] == doc_id), None) if doc_id else None


def _uploaded_file(doc: dict, settings: Settings) -> Path | None:
    """The document's file if it was uploaded through the app (only those are ours to delete)."""
    path = Path(doc["path"])
    return path if path.parent.resolve() == uploads_dir(settings).resolve() and path.is_file() else None


def _label(doc: dict) -> str:
    return f"{doc['title']} ({doc['source']})"


def _choices(settings: Settings) -> list[tuple[str, str]]:
    return [(_label(d), d["doc_id"]) for d in list_documents(settings)]
