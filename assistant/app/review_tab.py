"""The Review tab for evaluators: run a dataset, read metrics and each question's result, mark answers, export."""

from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path

import gradio as gr

from assistant.settings import Settings

DATASETS = Path(__file__).resolve().parents[2] / "eval" / "datasets"
COLUMNS = ["id", "result", "why", "question", "answer", "mark", "comment"]


def build(settings: Settings) -> None:
    run_state = gr.State([])
    with gr.Row():
        bundled = sorted(str(p) for p in DATASETS.glob("*.jsonl") if "quotes" not in p.name)
        dataset = gr.Dropdown(bundled, value=bundled[0] if bundled else None, label="Dataset", scale=3,
                              allow_custom_value=True)
        upload = gr.File(label="…or upload a JSONL dataset", file_types=[".jsonl"], scale=2)
        run = gr.Button("Run", variant="primary", scale=1, elem_id="run-eval")
    metrics = gr.Dataframe(headers=["metric", "value"], interactive=False, label="Metrics", elem_id="eval-metrics")
    rows = gr.Dataframe(headers=COLUMNS, interactive=False, wrap=True, label="Questions", elem_id="eval-rows",
                        column_widths=["7%", "7%", "16%", "22%", "32%", "7%", "9%"])
    with gr.Row():
        qid = gr.Dropdown([], label="Question", scale=2)
        mark = gr.Radio(["correct", "partly", "incorrect"], label="Your mark", scale=2)
        comment = gr.Textbox(label="Comment", scale=3)
        save = gr.Button("Save mark", scale=1)
    with gr.Row():
        export_csv = gr.DownloadButton("Export CSV", elem_id="export-csv")
        export_jsonl = gr.DownloadButton("Export JSONL", elem_id="export-jsonl")

    def do_run(path, uploaded, progress=gr.Progress()):
        from eval.runs import run_eval

        source = Path(uploaded) if uploaded else Path(path) if path else None
        if source is None:
            raise gr.Error("Choose a dataset.")
        out = Path(tempfile.mkdtemp(prefix="ics-review-"))
        progress(0.1, desc="answering")
        try:
            result = run_eval(source, out, settings=settings)
        except Exception as exc:  # a malformed dataset: show it, keep the app up
            raise gr.Error(str(exc)) from None
        records = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
        items = {json.loads(line)["id"]: json.loads(line) for line in source.read_text().splitlines() if line.strip()}
        run = [{"id": r["id"], "result": "pass" if r["passed"] else "FAIL", "why": r["reason"],
                "question": r["question"], "answer": r["answer"], "mark": "", "comment": "",
                "reference": items.get(r["id"], {}).get("answer", "")} for r in records]
        return ([[k, v] for k, v in result.items()], _table(run), run, gr.update(choices=[r["id"] for r in run]),
                *_exports(run))

    def do_mark(run, q, m, c):
        for r in run:
            if r["id"] == q:
                r["mark"], r["comment"] = m or "", c or ""
        return _table(run), run, *_exports(run)

    run.click(do_run, [dataset, upload], [metrics, rows, run_state, qid, export_csv, export_jsonl],
              api_visibility="private")
    save.click(do_mark, [run_state, qid, mark, comment], [rows, run_state, export_csv, export_jsonl],
               api_visibility="private")


def _table(run: list[dict]) -> list[list]:
    return [[r[c] for c in COLUMNS] for r in run]


def _exports(run: list[dict]) -> tuple[str, str]:
    folder = Path(tempfile.mkdtemp(prefix="ics-review-export-"))
    csv_path, jsonl_path = folder / "review.csv", folder / "review.jsonl"
    with open(csv_path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS + ["reference"])
        writer.writeheader()
        writer.writerows(run)
    jsonl_path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in run), encoding="utf-8")
    return str(csv_path), str(jsonl_path)
