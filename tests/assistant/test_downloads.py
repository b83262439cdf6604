"""Files offered for download: one folder per process, one file per distinct content."""

from __future__ import annotations

from pathlib import Path

from assistant.app.downloads import offer


def test_the_same_export_reuses_its_file_and_another_gets_its_own():
    first = offer(b"icb,role\nA,Chair\n", "boards.csv")
    again = offer(b"icb,role\nA,Chair\n", "boards.csv")
    other = offer(b"icb,role\nB,Chair\n", "boards.csv")
    assert first == again != other
    assert Path(first).parent == Path(other).parent
    assert Path(first).read_bytes() == b"icb,role\nA,Chair\n"
    assert Path(first).name.startswith("boards-") and Path(first).suffix == ".csv"
    assert not list(Path(first).parent.glob("*.part"))
