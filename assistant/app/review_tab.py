"""The Review tab for evaluators: run a dataset (with progress), read metrics and each question's result, mark
answers (the marks are kept beside the run and exported with it), and compare two runs side by side."""

from __future__ import annotations

import html
import json
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import gradio as gr

from assistant.app.downloads import offer
from core.settings import Settings

DATASETS = Path(__file__).resolve().parents[2] / "eval" / "datasets"
COLUMNS = ["id", "result", "why", "question", "answer", "citations", "mark", "comment"]
WIDTHS = ["70px", "64px", "140px", "200px", "330px", "180px", "80px", "130px"]  # pixels: phones scroll sideways


@dataclass
class ReviewTab:
    """What the page does on (re)load: list the saved runs and show the newest, marks and all."""

    load: object
    load_outputs: list = field(default_factory=list)


def runs_dir(settings: Settings) -> Path:
    return settings.home / "runs"


def bundled_datasets() -> list[str]:
    """The bundled answer datasets, by file name (never a full path): those of questions, not the quote pairs or
    board gold rows that `eval quotes` and `eval boards` score."""
    return sorted(p.name for p in DATASETS.glob("*.jsonl") if _asks_questions(p))


def _asks_questions(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8") as f:
            first = next((line for line in f if line.strip()), "")
        return "question" in json.loads(first)
    except (OSError, ValueError):
        return False


def build(settings: Settings) -> ReviewTab:
    """Lay out the tab inside the current Blocks context and wire its events."""
    bundled = bundled_datasets()
    with gr.Row():
        dataset = gr.Dropdown(bundled, value=bundled[0] if bundled else None, label="Dataset", scale=3,
                              elem_id="eval-dataset", min_width=160)
        upload = gr.File(label="…or upload a JSONL dataset", file_types=[".jsonl"], scale=2, min_width=160)
        run = gr.Button("Run", variant="primary", scale=1, elem_id="run-eval", min_width=100)
    saved = gr.Dropdown([], label="Run shown (saved beside its marks)", elem_id="eval-run", allow_custom_value=False)
    metrics = gr.Dataframe(headers=["metric", "value"], interactive=False, label="Metrics", elem_id="eval-metrics")
    rows = gr.Dataframe(headers=COLUMNS, interactive=False, wrap=True, label="Questions", elem_id="eval-rows",
                        column_widths=WIDTHS)
    with gr.Row():
        qid = gr.Dropdown([], label="Question", scale=2, elem_id="mark-question", min_width=120)
        mark = gr.Radio(["correct", "partly", "incorrect"], label="Your mark", scale=2, elem_id="mark-value")
        comment = gr.Textbox(label="Comment", scale=3, elem_id="mark-comment", min_width=160)
        save = gr.Button("Save mark", scale=1, elem_id="save-mark", min_width=100)
    with gr.Row():
        export_csv = gr.DownloadButton("Export CSV", elem_id="export-csv")
        export_jsonl = gr.DownloadButton("Export JSONL", elem_id="export-jsonl")
    with gr.Accordion("Compare two runs", open=False, elem_id="diff-accordion"):
        with gr.Row():
            run_a = gr.Dropdown([], label="Run A", elem_id="diff-a", min_width=160)
            run_b = gr.Dropdown([], label="Run B", elem_id="diff-b", min_width=160)
            only = gr.Checkbox(True, label="Only questions that differ", elem_id="diff-only", min_width=160)
            compare = gr.Button("Compare", elem_id="diff-compare", min_width=100)
        diff_view = gr.HTML("", elem_id="diff-view")

    shown = [saved, metrics, rows, qid, export_csv, export_jsonl, run_a, run_b]

    def do_run(name, uploaded, progress=gr.Progress()):
        from eval.runs import run_eval

        source = Path(uploaded) if uploaded else (DATASETS / name if name in bundled else None)
        if source is None:
            raise gr.Error("Choose a dataset.")
        out = runs_dir(settings) / f"{datetime.now():%Y%m%d-%H%M%S}-{source.stem}"
        progress(0, desc="loading the model and indexes")
        try:
            run_eval(source, out, settings=settings,
                     on_answer=lambda i, n: progress((i, n), desc="answering", unit="questions"))
        except Exception as exc:  # a malformed dataset or an empty index: show it, keep the app up
            shutil.rmtree(out, ignore_errors=True)
            raise gr.Error(str(exc)) from None
        return _show(out.name, settings)

    def do_mark(name, q, m, c):
        from eval.runs import save_mark

        if not name or not q:
            raise gr.Error("Choose a run and a question first.")
        save_mark(runs_dir(settings) / name, q, m, c)
        return _show(name, settings)[2:6]

    def do_diff(a, b, changed_only):
        from eval.runs import diff_runs

        if not a or not b:
            return '<div class="sources-empty">Choose two runs.</div>'
        return diff_html(diff_runs(runs_dir(settings) / a, runs_dir(settings) / b), a, b, changed_only)

    # a click while a run is still closing (or running) runs once more after it, never silently nothing
    run.click(do_run, [dataset, upload], shown, api_visibility="private", trigger_mode="always_last")
    saved.input(lambda name: _show(name, settings), saved, shown, api_visibility="private")
    save.click(do_mark, [saved, qid, mark, comment], [rows, qid, export_csv, export_jsonl], api_visibility="private")
    qid.input(lambda name, q: _mark_of(name, q, settings), [saved, qid], [mark, comment], api_visibility="private")
    compare.click(do_diff, [run_a, run_b, only], diff_view, api_visibility="private")
    return ReviewTab(lambda: _show(None, settings), shown)


def _show(name: str | None, settings: Settings) -> tuple:
    """Everything the tab shows for one saved run (the newest when `name` is None)."""
    from eval.runs import export_review, list_runs, review_rows

    runs = [p.name for p in list_runs(runs_dir(settings))]
    name = name if name in runs else (runs[0] if runs else None)
    pick = gr.update(choices=runs, value=runs[1] if len(runs) > 1 else name)
    if name is None:
        return gr.update(choices=[], value=None), [], [], gr.update(choices=[]), None, None, pick, pick
    folder = runs_dir(settings) / name
    table = [[r[c] for c in COLUMNS] for r in review_rows(folder)]
    csv_path, jsonl_path = _downloadable(export_review(folder))
    return (gr.update(choices=runs, value=name), _metrics(folder), table,
            gr.update(choices=[r[0] for r in table]), csv_path, jsonl_path,
            pick, gr.update(choices=runs, value=name))


def _metrics(folder: Path) -> list[list]:
    import json

    metrics = json.loads((folder / "metrics.json").read_text())["metrics"]
    return [[k, v] for k, v in metrics.items()]


def _mark_of(name: str | None, q: str | None, settings: Settings) -> tuple:
    from eval.runs import load_marks

    saved = load_marks(runs_dir(settings) / name).get(q or "", {}) if name else {}
    return saved.get("mark") or None, saved.get("comment", "")


def _downloadable(paths: tuple[Path, Path]) -> tuple[str, str]:
    """Copies the app may serve (it serves files from the temp folder, not from the state directory)."""
    return tuple(offer(p.read_bytes(), p.name) for p in paths)


def diff_html(rows: list[dict], name_a: str, name_b: str, changed_only: bool = False) -> str:
    """Two runs side by side: per question, each run's result, answer and citations; changed rows marked."""
    changed = sum(r["changed"] for r in rows)
    summary = f'<div class="diff-summary">{len(rows)} questions, {changed} differ</div>'
    if changed_only:
        rows = [r for r in rows if r["changed"]]
        if not rows:
            return summary + "<p>No question's answer, result or citations differ.</p>"
    head = (summary +
            f'<table class="diff-table"><colgroup><col style="width:22%"><col style="width:39%">'
            f'<col style="width:39%"></colgroup><tr><th>question</th><th>A: {html.escape(name_a)}</th>'
            f"<th>B: {html.escape(name_b)}</th></tr>")
    body = []
    for r in rows:
        cells = "".join(f"<td>{_side_html(r[k])}</td>" for k in ("a", "b"))
        body.append(f'<tr class="{"changed" if r["changed"] else "same"}" data-id="{html.escape(r["id"])}">'
                    f"<td><b>{html.escape(r['id'])}</b> {html.escape(r['question'])}</td>{cells}</tr>")
    return head + "".join(body) + "</table>"


def _side_html(side: dict | None) -> str:
    if side is None:
        return "<i>not in this run</i>"
    why = f" — {html.escape(side['reason'])}" if side["result"] == "FAIL" and side["reason"] else ""
    return (f'<div class="diff-result"><b>{side["result"]}</b>{why}</div>'
            f"<div>{html.escape(side['answer'])}</div>"
            f'<div class="source-meta">{html.escape(side["citations"])}</div>')
