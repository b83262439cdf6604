"""The Boards tab in a real browser (Debian's Chromium driven by Playwright): two invented ICBs side by side, a
click on an entry shows its cited passage, documents that disagree are flagged with their dates, the CSV export.
The screenshot tests/screenshots/boards.png is there to be looked at."""

from __future__ import annotations

import csv
import json

import pytest

from tests.assistant.test_app import SHOTS, browser, open_page  # noqa: F401  (the browser fixture)
from tests.conftest import served

TERN_PAGE = """# NHS Tern Valley ICB board

## Board members

Dr Rosa Linden
Chair

Ian Pryce
Chief Executive

Maya Ortiz
Chief Finance Officer

Hal Greaves
Non-Executive Member

Priya Nair
Non-Executive Member

Dr Omar Haddad
Partner Member – Primary Medical Services

Healthwatch Tern Valley
Participant (non-voting)
"""
TERN_DRAFT = """Draft constitution of the Tern Valley Integrated Care Board
The ICB Board will have three non-executive members.
"""
KESTREL = """NHS Kestrel Hills Integrated Care Board constitution
3.2.1 The ICB Board consists of: (a) a Chair; (b) a Chief Executive; (c) at least 3 Partner Members jointly nominated
by the NHS trusts and foundation trusts, the providers of primary medical services and the local authorities; (d) four
Non-Executive Members; and (e) a Chief Finance Officer.
3.2.2 The Director of Public Health for Kestrel County Council will attend as a non-voting participant.
3.3.1 The quorum for meetings of the Board will be a majority of members, including the Chair.
"""


@pytest.fixture(scope="module")
def boards_url(tmp_path_factory):
    """A real `ics-assistant serve` over two invented ICBs' board page, draft constitution and constitution."""
    corpus = tmp_path_factory.mktemp("boards-app-corpus")
    (corpus / "tern_board.md").write_text(TERN_PAGE)
    (corpus / "tern_draft.txt").write_text(TERN_DRAFT)
    (corpus / "kestrel.txt").write_text(KESTREL)
    (corpus / "manifest.json").write_text(json.dumps({"documents": [
        {"file": "tern_board.md", "title": "Tern Valley board", "published": "2023-04"},
        {"file": "tern_draft.txt", "title": "Draft constitution", "published": "2021-11"},
        {"file": "kestrel.txt", "title": "Kestrel Hills constitution", "published": "2022-07"}]}))
    with served(tmp_path_factory.mktemp("boards-app-home"), corpus) as url:
        yield url


def open_boards(page) -> None:
    """The Boards tab, from the "More tabs" menu when a narrow screen has put it there."""
    tab = page.get_by_role("tab", name="Boards")
    if tab.count() and tab.first.is_visible():
        tab.first.click()
        return
    page.get_by_role("button", name="More tabs").click()
    page.locator(".overflow-dropdown button", has_text="Boards").click()


def choose(page, names: list[str]) -> None:
    """Replace the ICBs compared with `names` (typed into the multiselect) and wait for their columns."""
    open_boards(page)
    page.wait_for_selector("#boards-pick", timeout=30_000)
    while page.locator("#boards-pick .token-remove").count():
        page.locator("#boards-pick .token-remove").first.click()
    page.wait_for_selector("#boards-table .sources-empty", timeout=30_000)
    for name in names:  # typed key by key, as filling in one go does not narrow the list Enter picks from
        page.locator("#boards-pick input").click()
        page.keyboard.type(name)
        page.wait_for_function(
            """v => { const items = [...document.querySelectorAll('#boards-pick li[role=option]')];
                      return items.length > 0 && items.every(li => li.getAttribute('aria-label').includes(v)); }""",
            arg=name, timeout=10_000)
        page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.locator("#boards-table").click(position={"x": 2, "y": 2})  # close the choices
    page.wait_for_function("n => document.querySelectorAll('#boards-table thead th').length === n + 1",
                           arg=len(names), timeout=30_000)


def test_boards_tab_compares_two_icbs_cites_each_entry_and_exports(browser, boards_url, tmp_path):  # noqa: F811
    page = open_page(browser, boards_url)
    try:
        choose(page, ["Tern Valley", "Kestrel Hills"])
        head = page.inner_text("#boards-table thead")
        assert "NHS Tern Valley Integrated Care Board" in head and "NHS Kestrel Hills Integrated Care Board" in head
        chair_row = page.inner_text("#boards-table tr[data-category='chair']")
        assert "Dr Rosa Linden" in chair_row
        ned = page.inner_text("#boards-table tr[data-category='non_executive']")
        assert "documents disagree" in ned and "2021-11" in ned and "2023-04" in ned and "4" in ned
        assert "majority of members" in page.inner_text("#boards-table tr[data-category='quorum']")
        page.locator("#boards-table .board-entry", has_text="Dr Omar Haddad").click()
        page.wait_for_selector("#boards-source mark.quote", timeout=30_000)
        assert page.inner_text("#boards-source mark.quote") == "Dr Omar Haddad\nPartner Member – Primary Medical Services"
        assert "Tern Valley board" in page.inner_text("#boards-source .context-head")
        page.locator("#boards-table .board-entry", has_text="Director of Public Health").click()
        page.wait_for_function("() => document.querySelector('#boards-source mark.quote')?.innerText"
                               ".includes('non-voting participant')", timeout=30_000)
        page.screenshot(path=str(SHOTS / "boards.png"), full_page=True)
        with page.expect_download() as download:
            page.click("#boards-export")
        path = tmp_path / "boards.csv"
        download.value.save_as(path)
        rows = list(csv.DictReader(path.open(encoding="utf-8")))
        assert {r["icb"] for r in rows} == {"NHS Tern Valley Integrated Care Board",
                                             "NHS Kestrel Hills Integrated Care Board"}
        haddad = next(r for r in rows if r["name"] == "Dr Omar Haddad")
        assert haddad["category"] == "partner_primary_care" and haddad["quote"].startswith("Dr Omar Haddad")
    finally:
        page.context.close()


def test_boards_tab_fits_a_phone(browser, boards_url):  # noqa: F811
    page = open_page(browser, boards_url, width=390)
    try:
        choose(page, ["Tern Valley", "Kestrel Hills"])
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(SHOTS / "boards-390.png"), full_page=True)
    finally:
        page.context.close()
