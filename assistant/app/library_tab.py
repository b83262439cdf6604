"""The Library tab: the indexed documents, upload (with per-file errors), and removal."""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from assistant.library import UploadError, add_uploads, list_documents, remove_document
from assistant.settings import Settings
from ingest.loaders import SUPPORTED

HEADERS = ["title", "type", "publisher", "published", "pages", "chunks", "source", "doc_id"]


def table(settings: Settings) -> list[list]:
    return [[d["title"], d["doc_type"] or "", d["publisher"] or "", d["published"] or "", d["pages"] or "",
             d["chunks"], d["source"], d["doc_id"]] for d in list_documents(settings)]


def build(settings: Settings, max_upload_bytes: int) -> None:
    docs = gr.Dataframe(table(settings), headers=HEADERS, interactive=False, wrap=True, label="Documents in the index",
                        elem_id="library-table", column_widths=["34%", "10%", "14%", "9%", "6%", "6%", "12%", "9%"])
    with gr.Row():
        with gr.Column():
            files = gr.File(file_count="multiple", file_types=list(SUPPORTED), label="Add documents",
                            elem_id="upload")
            add = gr.Button("Add to library", variant="primary", elem_id="add-docs")
            status = gr.Markdown("", elem_id="upload-status")
        with gr.Column():
            choice = gr.Dropdown(_choices(settings), label="Remove a document", elem_id="remove-choice")
            remove = gr.Button("Remove", variant="stop", elem_id="remove-doc")

    def upload(paths, progress=gr.Progress()):
        if not paths:
            return gr.update(), "Choose files first.", gr.update()
        progress(0.1, desc="indexing")
        try:
            report, problems = add_uploads(paths, [Path(gr.utils.get_upload_folder())], max_upload_bytes, settings)
        except UploadError as exc:
            return gr.update(), f"- ⚠️ {exc}", gr.update()
        lines = []
        if report:
            d = report.to_dict()
            lines.append(f"Added {d['added']}, updated {d['updated']}, unchanged {d['unchanged']}; "
                         f"{d['chunks_embedded']} passages embedded.")
            problems += [f"{Path(f['path']).name}: {f['error']}" for f in report.failed]
        lines += [f"- ⚠️ {p}" for p in problems]
        return table(settings), "\n".join(lines), gr.update(choices=_choices(settings))

    def drop(doc_id):
        if not doc_id:
            return gr.update(), "Choose a document to remove.", gr.update()
        ok = remove_document(doc_id, settings=settings)
        msg = "Removed." if ok else "That document was not in the index."
        return table(settings), msg, gr.update(choices=_choices(settings), value=None)

    add.click(upload, files, [docs, status, choice], api_visibility="private")
    remove.click(drop, choice, [docs, status, choice], api_visibility="private")


def _choices(settings: Settings) -> list[tuple[str, str]]:
    return [(f"{d['title']} ({d['source']})", d["doc_id"]) for d in list_documents(settings)]
