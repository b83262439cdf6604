"""References name who a document speaks for even without a manifest: the publisher, else the PDF's Author or the
HTML page's og:site_name, else the file name — never "Unknown source"."""

from __future__ import annotations

from assistant.app.render import reference
from core.settings import Settings


def _pdf(path, title: str, author: str, text: str) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle(title)
    c.setAuthor(author)
    c.drawString(72, 760, text)
    c.save()


def test_references_fall_back_to_file_metadata_then_file_name(tmp_path):
    from assistant.retrieval import get_retriever
    from ingest.pipeline import ingest

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _pdf(corpus / "report.pdf", "Estates Strategy 2024", "Somerset ICB",
         "The estates strategy sets out how the integrated care board will use its buildings.")
    (corpus / "page.html").write_text(
        '<html><head><title>Board papers explained</title><meta property="og:site_name" content="Health Wire">'
        "</head><body><p>The board papers explain how the committee will review urgent care waiting times.</p>"
        "</body></html>")
    (corpus / "note.txt").write_text("A short note on workforce planning across the integrated care system.\n")
    settings = Settings.from_env(home=tmp_path / "home")
    report = ingest([corpus], settings=settings)
    assert not report.failed and len(report.added) == 3
    chunks = {c.source: c for c in (p.chunk for p in get_retriever(settings).search("board", k=10))}
    pdf, page, note = chunks["report.pdf"], chunks["page.html"], chunks["note.txt"]
    assert (pdf.title, pdf.author) == ("Estates Strategy 2024", "Somerset ICB")
    assert reference("how the integrated care board", None, pdf).startswith(
        "“how the integrated care board” — Somerset ICB, “Estates Strategy 2024”")
    assert (page.title, page.publisher) == ("Board papers explained", "Health Wire")
    assert "— Health Wire, “Board papers explained”" in reference("urgent care", None, page)
    assert "— note.txt, “" in reference("workforce planning", None, note)
    for c in (pdf, page, note):
        assert "Unknown source" not in reference("x", None, c)


def test_manifest_publisher_still_wins(sample_settings):
    from assistant.retrieval import get_retriever

    chunk = get_retriever(sample_settings).search("Local Government Association accountability", k=1)[0].chunk
    assert reference("x", None, chunk).startswith("“x” — The Lowdown")


def test_a_list_in_an_answer_shows_each_item_on_its_own_line():
    from assistant.app.render import answer_markdown
    from core.types import Answer

    text = "The post may be: • a partner member; • an executive director for maternity. [1]"
    shown = answer_markdown(Answer("q", text, False, (), (), {}))
    lines = shown.split("  \n")
    assert lines[0] == "The post may be:" and lines[1].startswith("• a partner member;")
    assert lines[2].startswith("• an executive director for maternity\\.") and "(#source-1-1)" in lines[2]
