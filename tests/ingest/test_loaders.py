"""Loaders: every supported format to text, pages kept for PDFs, one-line errors for bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.loaders import LoadError, load_file


def make_pdf(path: Path, pages: list[str], encrypt: str | None = None) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
    for text in pages:
        y = 800
        for line in text.split("\n"):
            c.drawString(60, y, line)
            y -= 16
        c.showPage()
    c.save()
    return path


def test_pdf_keeps_pages(tmp_path):
    pdf = make_pdf(tmp_path / "three.pdf", ["Page one about boards.", "Page two mentions the zebra clause.",
                                             "Page three ends it."])
    loaded, _ = load_file(pdf)
    assert [p.number for p in loaded.pages] == [1, 2, 3]
    page2 = loaded.pages[1]
    assert "zebra clause" in loaded.text[page2.start : page2.end]


def test_pdf_encrypted_with_password_is_refused(tmp_path):
    pdf = make_pdf(tmp_path / "locked.pdf", ["secret"], encrypt="hunter2")
    with pytest.raises(LoadError, match="encrypted"):
        load_file(pdf)


def test_pdf_without_text_layer(tmp_path):
    pdf = make_pdf(tmp_path / "scan.pdf", [""])
    with pytest.raises(LoadError, match="no extractable text"):
        load_file(pdf)


def test_html_visible_text_only(tmp_path):
    page = tmp_path / "p.html"
    page.write_text("<html><head><title>T</title><style>.x{}</style></head><body><h1>Board</h1>"
                    "<p>The <b>chair</b> leads.</p><script>alert('x')</script></body></html>")
    loaded, _ = load_file(page)
    assert "The chair leads." in loaded.text and "alert" not in loaded.text and ".x{}" not in loaded.text
    assert loaded.title == "T"


def test_docx(tmp_path):
    import docx

    d = docx.Document()
    d.add_heading("Constitution", 1)
    d.add_paragraph("4.4 The board has a chair.")
    path = tmp_path / "c.docx"
    d.save(path)
    loaded, _ = load_file(path)
    assert "4.4 The board has a chair." in loaded.text


def test_text_falls_back_from_utf8(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Caf\xe9 board minutes".encode("cp1252"))
    loaded, _ = load_file(path)
    assert loaded.text == "Café board minutes"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("nul.txt", b"abc\x00def", "NUL"),
        ("notes.xyz", b"hello", "unsupported file type"),
        ("broken.pdf", b"%PDF-1.4\n1 0 obj <<", "unreadable PDF"),
        ("random.docx", bytes(range(256)) * 4, "unreadable DOCX"),
    ],
)
def test_bad_files_get_one_line_reasons(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(LoadError, match=reason) as err:
        load_file(path)
    assert "\n" not in str(err.value)


def test_size_cap(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("word " * 1000)
    with pytest.raises(LoadError, match="limit"):
        load_file(path, max_bytes=100)
