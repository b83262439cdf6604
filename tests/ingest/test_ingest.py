"""Ingest: incremental and idempotent, per-file errors, prune, single writer, the CLI contract."""

from __future__ import annotations

import json

import pytest

from core.settings import Settings
from ingest.pipeline import ingest
from tests.conftest import N_SAMPLE, run_cli
from vectorstore.store import IndexBusyError, Store, writer_lock


def test_second_ingest_embeds_nothing_and_edit_reembeds_one_file(tmp_path, corpus_copy):
    settings = Settings.from_env(home=tmp_path / "home")
    first = ingest([corpus_copy], settings=settings)
    assert len(first.added) == N_SAMPLE and first.chunks_embedded > 50
    second = ingest([corpus_copy], settings=settings)
    assert second.chunks_embedded == 0 and len(second.unchanged) == N_SAMPLE
    edited = corpus_copy / "001_a3217871a9ad2095.txt"
    edited.write_text(edited.read_text() + "\nA new closing paragraph about GP federations and boards.")
    third = ingest([corpus_copy], settings=settings)
    assert [p.endswith(edited.name) for p in third.updated] == [True]
    assert 0 < third.chunks_embedded <= 3  # only the changed text of that one file
    store = Store(settings)
    assert store.chroma.count() == store.stats()["chunks"]  # Chroma and the catalog agree


def test_prune_removes_documents_whose_files_are_gone(tmp_path, corpus_copy):
    settings = Settings.from_env(home=tmp_path / "home")
    ingest([corpus_copy], settings=settings)
    (corpus_copy / "000_faef9846500e29d5.txt").unlink()
    report = ingest([corpus_copy], prune=True, settings=settings)
    assert len(report.removed) == 1
    assert Store(settings).stats()["documents"] == N_SAMPLE - 1


def test_bad_files_fail_alone_and_cli_exits_1(tmp_path, corpus_copy):
    (corpus_copy / "empty.txt").write_bytes(b"")
    (corpus_copy / "binary.pdf").write_bytes(b"\x00\x01garbage")
    proc = run_cli("ingest", str(corpus_copy), "--json", home=tmp_path / "home")
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert set(report) >= {"added", "updated", "unchanged", "removed", "chunks_embedded", "failed"}
    failed = {f["path"].rsplit("/", 1)[-1]: f["error"] for f in report["failed"]}
    assert set(failed) == {"empty.txt", "binary.pdf"}
    assert all(err and "\n" not in err for err in failed.values())
    assert report["added"] == N_SAMPLE


def test_manifest_metadata_is_attached(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "note.md").write_text("# Somerset ICB board\n\nThe board includes a public health expert.")
    (folder / "manifest.csv").write_text("file,title,publisher,published,doc_type\n"
                                         "note.md,Somerset note,Somerset ICB,2023-01-05,constitution\n")
    settings = Settings.from_env(home=tmp_path / "home")
    ingest([folder], settings=settings)
    doc = Store(settings).catalog.documents()[0]
    assert (doc["title"], doc["publisher"], doc["published"], doc["doc_type"]) == (
        "Somerset note", "Somerset ICB", "2023-01-05", "constitution")


def test_one_writer_at_a_time(tmp_path):
    settings = Settings.from_env(home=tmp_path / "home")
    with writer_lock(settings):
        with pytest.raises(IndexBusyError, match="another ingest is running"):
            ingest([tmp_path], settings=settings)


def test_stats_cli(bundled_home):
    proc = run_cli("stats", "--json", home=bundled_home, check=True)
    stats = json.loads(proc.stdout)
    assert stats["documents"] == N_SAMPLE and stats["chunks"] > 50
