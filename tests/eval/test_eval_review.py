"""Evaluators' tools on disk: report.md names each question, marks are kept beside the run and exported with it,
and `ics-assistant eval diff` puts two runs side by side."""

from __future__ import annotations

import csv
import json
import shutil

import pytest

from tests.conftest import DEV, run_cli


@pytest.fixture(scope="module")
def dev_run(sample_settings, tmp_path_factory):
    from eval.runs import run_eval

    out = tmp_path_factory.mktemp("runs") / "run-a"
    seen = []
    run_eval(DEV, out, settings=sample_settings, on_answer=lambda i, n: seen.append((i, n)))
    return out, seen


def test_progress_is_reported_after_every_answer(dev_run, dev_items):
    _, seen = dev_run
    assert seen == [(i, len(dev_items)) for i in range(1, len(dev_items) + 1)]


def test_report_names_each_question_and_not_the_dataset_path(dev_run, dev_items):
    out, _ = dev_run
    report = (out / "report.md").read_text()
    assert "| id | question | result |" in report
    for item in dev_items[:5]:
        assert f"| {item['id']} | {item['question']} |" in report
    assert str(DEV.parent) not in report and "# Eval report: dev.jsonl" in report


def test_marks_are_kept_beside_the_run_and_exported(dev_run, tmp_path):
    from eval.runs import export_review, load_marks, review_rows, save_mark

    run = tmp_path / "run"
    shutil.copytree(dev_run[0], run)
    save_mark(run, "dev-02", "partly", "misses the GP figure")
    save_mark(run, "dev-03", "incorrect", "")
    save_mark(run, "dev-03", None, None)  # cleared
    assert load_marks(run) == {"dev-02": {"mark": "partly", "comment": "misses the GP figure"}}
    assert json.loads((run / "marks.json").read_text())["dev-02"]["mark"] == "partly"
    row = next(r for r in review_rows(run) if r["id"] == "dev-02")
    assert row["mark"] == "partly" and row["question"].startswith("How many ICBs") and row["citations"].startswith("[1]")
    csv_path, jsonl_path = export_review(run)
    assert csv_path.parent == run and jsonl_path.parent == run
    rows = list(csv.DictReader(csv_path.open(encoding="utf-8")))
    assert next(r for r in rows if r["id"] == "dev-02")["comment"] == "misses the GP figure"
    lines = [json.loads(line) for line in jsonl_path.read_text().splitlines()]
    assert next(r for r in lines if r["id"] == "dev-02")["mark"] == "partly"
    with pytest.raises(ValueError):
        save_mark(run, "dev-02", "great", "")


def _altered_copy(run_a, folder):
    """Run B: the same run with dev-01 answered differently (and failing)."""
    run_b = folder / "run-b"
    shutil.copytree(run_a, run_b)
    rows = [json.loads(line) for line in (run_b / "results.jsonl").read_text().splitlines()]
    rows[0].update(answer="The documents don't say which ICBs do.", passed=False, reason="abstained", citations=[])
    (run_b / "results.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    return run_b


def test_cli_eval_diff_shows_two_runs_side_by_side(dev_run, sample_home, tmp_path):
    run_a = dev_run[0]
    run_b = _altered_copy(run_a, tmp_path)
    out = run_cli("eval", "diff", str(run_a), str(run_b), "--width", "160", home=sample_home, check=True)
    text = out.stdout
    assert "30 questions, 1 differ" in text
    block = text.split("≠ dev-01: ")[1].split("\n\n")[0]
    assert block.startswith("Which ICBs have a voting member")
    first = block.splitlines()[1]
    assert first.startswith("pass") and "│ FAIL (abstained)" in first
    assert "Only two ICBs" in block and "The documents don't say" in block and "[1] Written evidence" in block
    assert "= dev-02: How many ICBs" in text
    only = run_cli("eval", "diff", str(run_a), str(run_b), "--changed", home=sample_home, check=True).stdout
    assert "dev-01" in only and "dev-02" not in only
    rows = json.loads(run_cli("eval", "diff", str(run_a), str(run_b), "--json", home=sample_home, check=True).stdout)
    assert rows[0]["changed"] and rows[0]["a"]["result"] == "pass" and rows[0]["b"]["result"] == "FAIL"
    assert not rows[1]["changed"]
    bad = run_cli("eval", "diff", str(run_a), str(tmp_path / "nope"), home=sample_home)
    assert bad.returncode == 2 and "not an eval run" in bad.stderr and "Traceback" not in bad.stderr
