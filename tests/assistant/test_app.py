"""The served app, used as its users would: through `gradio_client` and in a real browser (Debian's Chromium
driven by Playwright). Screenshots of each tab land in tests/screenshots/ to be looked at."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, free_port, run_cli, served, wait_for_port
from tests.ingest.test_hostile import assert_no_route_answers_without_login

SHOTS = Path(__file__).resolve().parent.parent / "screenshots"
CHROMIUM = "/usr/bin/chromium"
HOSTILE = """# Estates note

The quokka protocol governs estates planning for the integrated care board.
<script>window.__pwned = 1</script> <img src=x onerror="window.__pwned = 2"> **bold** [link](javascript:alert(1))
"""


@pytest.fixture(scope="module")
def app_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("app-home")


@pytest.fixture(scope="module")
def app_url(tmp_path_factory, app_home):
    """A real `ics-assistant serve` on 127.0.0.1, over the sample corpus plus a hostile document."""
    home = app_home
    corpus = tmp_path_factory.mktemp("app-corpus")
    for f in SAMPLE.iterdir():  # the five samples (the bundled real pages are tested elsewhere)
        if f.is_file():
            shutil.copy(f, corpus / f.name)
    (corpus / "hostile.md").write_text(HOSTILE)
    with served(home, corpus) as url:
        yield url


def test_api_ask_returns_cited_answer(app_url):
    from gradio_client import Client

    client = Client(app_url, verbose=False)
    out = client.predict("How many ICBs list an LMC as an observer?", api_name="/ask")
    assert {"question", "answer", "abstained", "citations", "retrieved", "timings_ms"} <= set(out)
    assert not out["abstained"] and out["citations"] and "[1]" in out["answer"]
    c = out["citations"][0]
    assert c["quote"] in c["text"] and c["section"] == "4.4"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is needed: make browser"
    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update"])
        yield b
        b.close()


def open_page(browser, url: str, width: int = 1400):
    """A fresh page (its own context, allowed to use the clipboard) with the app loaded."""
    context = browser.new_context(viewport={"width": width, "height": 1000},
                                  permissions=["clipboard-read", "clipboard-write"])
    pg = context.new_page()
    pg.goto(url)
    pg.wait_for_selector("#question textarea", timeout=60_000)
    return pg


@pytest.fixture()
def page(browser, app_url):
    pg = open_page(browser, app_url)
    yield pg
    pg.context.close()


def ask_in(page, question: str) -> None:
    """Ask and wait until the Sources panel shows this question's sources."""
    page.fill("#question textarea", question)
    page.click("#ask-button")
    page.wait_for_function("q => (document.querySelector('#sources .sources-for') || {}).innerText?.includes(q)",
                           arg=question, timeout=60_000)


def test_ask_cite_open_source_highlight(page):
    ask_in(page, "Which ICBs have a voting member whose seat is specifically for public health?")
    chat = page.inner_text("#chat")
    assert "West Yorkshire" in chat and "[1]" in chat
    assert "extractive" in page.inner_text("#answerer-line")
    page.click("#chat a[href='#source-1-1']")
    page.wait_for_selector("#source-context mark.quote", timeout=30_000)
    assert "Only two ICBs" in page.inner_text("#source-context mark.quote")
    assert "§ 4.5" in page.inner_text("#sources")
    ref = page.eval_on_selector("#copy-ref textarea", "e => e.value")
    assert ref.startswith("“Only two ICBs") and "British Medical Association" in ref and "§ 4.5" in ref
    page.screenshot(path=str(SHOTS / "ask.png"), full_page=True)


def shown_context(page) -> str:
    return page.inner_text("#source-context .context-head")


def test_every_marker_of_every_answer_opens_its_own_source(page):
    first, second = "What did the LGA say about accountability?", "What did the BMA say about clinical leadership on ICS boards?"
    ask_in(page, first)
    ask_in(page, second)
    hrefs = [a.get_attribute("href") for a in page.query_selector_all("#chat a[href^='#source-']")]
    assert {"#source-1-1", "#source-1-2", "#source-2-1", "#source-2-2"} <= set(hrefs)
    for href in ("#source-2-2", "#source-1-2", "#source-1-1", "#source-2-1"):
        turn, n = href.split("-")[1:]
        page.click(f"#chat a[href='{href}']")
        page.wait_for_function(
            "([t, n]) => document.querySelector('#sources .sources-for')?.dataset.turn === t && "
            "(document.querySelector('#source-context .context-head')?.innerText || '').startsWith('[' + n + ']')",
            arg=[turn, n], timeout=30_000)
        question = first if turn == "1" else second
        assert question in page.inner_text("#sources .sources-for")
        ref = page.eval_on_selector("#copy-ref textarea", "e => e.value")
        card = page.inner_text(f"#sources .source-card[data-n='{n}'] mark.quote")
        assert " ".join(card.split())[:40] in " ".join(ref.split())
        assert page.eval_on_selector("#source-picker input:checked", "e => e.value") == n


def test_chat_copy_gives_plain_text_with_references(page):
    ask_in(page, "What did the LGA say about accountability?")
    page.locator("#chat button[aria-label='Copy message']").nth(1).click()  # the answer's (0 is the question's)
    page.wait_for_timeout(300)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "\\" not in copied and "](#source" not in copied
    assert re.search(r"[.…] \[1\]", copied) and re.search(r"statutory powers\. \[\d\]", copied)  # markers as plain text
    assert "\n[1] “" in copied and "\n[2] “" in copied and "The Lowdown" in copied


def test_html_in_a_question_is_shown_as_text_and_answered(page):
    page.fill("#question textarea", '<img src=x onerror="window.__pwned = 3">Who chairs Norfolk and Waveney ICB?')
    page.click("#ask-button")
    page.wait_for_function("document.querySelector('#sources .sources-for')?.innerText.includes('Who chairs Norfolk')",
                           timeout=60_000)
    assert page.evaluate("window.__pwned") is None
    assert page.query_selector("#chat img") is None
    chat = page.inner_text("#chat")
    assert '<img src=x onerror="window.__pwned = 3">Who chairs' in chat
    assert "Hewitt" in chat and "documents don't say" not in chat


def test_an_empty_question_gets_a_hint(page):
    page.fill("#question textarea", "   ")
    page.click("#ask-button")
    page.wait_for_function("document.querySelector('#ask-hint').innerText.includes('Type a question')",
                           timeout=30_000)
    ask_in(page, "Who chairs Norfolk and Waveney ICB?")
    assert "Type a question" not in page.inner_text("#ask-hint")


#: what a good answer to each built-in example must mention (any one of the words, case-insensitive)
EXAMPLE_TOPICS = {
    "Who represents hospital doctors on ICB boards?": ("secondary care", "LNC", "hospital doctors"),
    "What role do Local Medical Committees have on ICB boards?": ("LMC", "Local Medical Committee"),
    "What did Patricia Hewitt say about local leadership?": ("locally led", "local leaders"),
    "What did NHS Providers warn about reorganisation?": ("reorganisation",),
    "How will the Hewitt review look at the CQC's role?": ("CQC", "Care Quality Commission"),
}


def test_every_example_question_gets_a_good_answer(page):
    from assistant.app.chat_tab import EXAMPLES

    assert set(EXAMPLES) == set(EXAMPLE_TOPICS)
    for i, example in enumerate(EXAMPLES):
        page.get_by_role("button", name=example, exact=True).click()
        page.wait_for_function("q => document.querySelector('#question textarea').value === q", arg=example)
        page.click("#ask-button")
        page.wait_for_function("q => document.querySelector('#sources .sources-for')?.innerText.includes(q)",
                               arg=example, timeout=60_000)
        answer = page.locator("#chat .bot-row").nth(i).inner_text()
        assert "documents don't say" not in answer, (example, answer)
        assert any(t.lower() in answer.lower() for t in EXAMPLE_TOPICS[example]), (example, answer)
        assert "[1]" in answer


def test_document_html_is_shown_as_text_never_run(page):
    ask_in(page, "What governs estates planning under the quokka protocol?")
    page.wait_for_timeout(500)
    assert page.evaluate("window.__pwned") is None
    assert page.query_selector("#sources script, #sources img, #chat img, #source-context img") is None
    assert "quokka protocol" in page.inner_text("#sources")


def dropdown_options(page, elem_id: str) -> list[str]:
    page.click(f"#{elem_id} input")
    page.wait_for_selector(f"#{elem_id} li[role=option]", timeout=10_000)
    options = [li.get_attribute("aria-label") for li in page.query_selector_all(f"#{elem_id} li[role=option]")]
    page.keyboard.press("Escape")
    return options


def choose(page, elem_id: str, label: str) -> None:
    """Pick a dropdown's option as a user would: type the name key by key, wait until the list has narrowed to it
    and highlights it, press Enter. (Filling the box in one go does not narrow the list, and Enter then takes the
    option highlighted before, so the choice would silently not be made.) The list closing shows it was taken."""
    page.click(f"#{elem_id} input")
    page.keyboard.press("Control+a")
    page.keyboard.type(label)
    page.wait_for_function(
        """([id, v]) => {
            const items = [...document.querySelectorAll(`#${id} li[role=option]`)];
            return items.length > 0 && items.every(li => li.getAttribute("aria-label").toLowerCase().includes(v.toLowerCase()))
                && items.some(li => li.getAttribute("aria-label") === v && li.classList.contains("active"));
        }""", arg=[elem_id, label], timeout=10_000)
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#{elem_id} li[role=option]", state="detached", timeout=10_000)
    page.wait_for_function("([id, v]) => document.querySelector(`#${id} input`).value === v", arg=[elem_id, label])


def find_quotes_in(page, topic: str = "") -> None:
    """Search the Quotes tab and wait until the results have changed."""
    before = page.eval_on_selector("#quote-refs textarea", "e => e.value")
    page.fill("#quote-topic textarea", topic)
    page.click("#find-quotes")
    page.wait_for_function("b => document.querySelector('#quote-refs textarea').value !== b", arg=before,
                           timeout=30_000)
    page.wait_for_timeout(300)


def test_quotes_tab(page):
    page.get_by_role("tab", name="Quotes").click()
    find_quotes_in(page, "clinical leadership decimated")
    assert "Wrigley" in page.inner_text("#quote-results .quote-card >> nth=0")
    page.screenshot(path=str(SHOTS / "quotes.png"), full_page=True)


def test_quotes_rank_whole_statements_before_fragments(page):
    page.get_by_role("tab", name="Quotes").click()
    find_quotes_in(page, "clinical leadership")
    first = page.inner_text("#quote-results .quote-card blockquote >> nth=0")
    assert len(first.split()) >= 15, first
    assert "best practice clinical leadership models" not in first


def test_quote_speakers_are_people_and_organisations_each_named_once(page):
    page.get_by_role("tab", name="Quotes").click()
    people = dropdown_options(page, "quote-person")
    orgs = dropdown_options(page, "quote-org")
    assert {"Patricia Hewitt", "David Wrigley", "Richard Meddings"} <= set(people)
    assert not {"British Medical Association", "NHS Providers", "Integrating Care"} & set(people)
    assert {"British Medical Association (BMA)", "NHS Clinical Commissioners (NHSCC)", "NHS Providers"} <= set(orgs)
    assert not {"Patricia Hewitt", "BMA", "NHS Clinical Commissioners"} & set(orgs)
    assert not [o for o in orgs if "(letter)" in o or o.count("NHSCC") > 1]
    choose(page, "quote-org", "NHS Clinical Commissioners (NHSCC)")
    find_quotes_in(page)
    refs = page.eval_on_selector("#quote-refs textarea", "e => e.value").split("\n\n")
    assert len(refs) >= 4 and all("NHS Clinical Commissioners" in r for r in refs)


def test_each_quote_has_its_own_copy_button(page):
    page.get_by_role("tab", name="Quotes").click()
    cards = page.locator("#quote-results .quote-card")
    assert cards.count() >= 3 and page.locator("#quote-results .quote-copy").count() == cards.count()
    second = cards.nth(1)
    second.locator(".quote-copy").click()
    page.wait_for_timeout(300)
    copied = page.evaluate("navigator.clipboard.readText()")
    words = " ".join(second.locator("blockquote").inner_text().split()).strip("“”")
    assert copied.startswith(f"“{words}”") and "— " in copied
    assert "Copied" in second.locator(".quote-copy").inner_text()


def test_library_upload_and_find(page, tmp_path):
    page.get_by_role("tab", name="Library").click()
    page.wait_for_selector("#library-table", timeout=30_000)
    note = tmp_path / "board note.txt"
    note.write_text("Board minutes\n\nThe wombat committee reviewed primary care access in Somerset.")
    page.set_input_files("#upload input[type=file]", str(note))
    page.click("#add-docs")
    page.wait_for_function("document.querySelector('#upload-status').innerText.includes('Added 1')",
                           timeout=120_000)
    assert "board note.txt" in page.inner_text("#library-table")
    page.screenshot(path=str(SHOTS / "library.png"), full_page=True)


def doc_count(page) -> int:
    import re

    return int(re.search(r"(\d+) documents? indexed", page.inner_text("#answerer-line")).group(1))


WOMBAT = """<html><head><title>Wombat Weekly: estates bulletin</title>
<meta property="og:site_name" content="Wombat Weekly"></head>
<body><p>The wombat estates group reviewed capital plans for community hospitals in Dorset.</p></body></html>"""


def test_remove_needs_a_choice_and_confirmation_and_everything_refreshes(page, app_home, tmp_path):
    before = json.loads(run_cli("stats", "--json", home=app_home, check=True).stdout)["documents"]
    page.wait_for_function(f"document.querySelector('#answerer-line').innerText.includes('{before} documents')",
                           timeout=30_000)  # the page shows the index as it is now, not as it was at start-up
    page.get_by_role("tab", name="Library").click()
    page.wait_for_selector("#remove-choice input", state="attached", timeout=30_000)
    assert page.eval_on_selector("#remove-choice input", "e => e.value") == ""  # nothing pre-selected
    page.click("#remove-doc")
    page.wait_for_function("document.querySelector('#remove-status').innerText.includes('Choose a document')")
    assert doc_count(page) == before and not page.is_visible("#confirm-remove")

    upload = tmp_path / "wombat.html"
    upload.write_text(WOMBAT)
    page.set_input_files("#upload input[type=file]", str(upload))
    page.click("#add-docs")
    page.wait_for_function(f"document.querySelector('#answerer-line').innerText.includes('{before + 1} documents')",
                           timeout=120_000)
    assert (app_home / "uploads" / "wombat.html").exists()
    assert "Wombat Weekly: estates bulletin (wombat.html)" in dropdown_options(page, "remove-choice")
    page.get_by_role("tab", name="Ask").click()
    page.click("text=Filters and retrieval settings")
    assert "Wombat Weekly" in dropdown_options(page, "filter-publisher")

    page.get_by_role("tab", name="Library").click()
    choose(page, "remove-choice", "Wombat Weekly: estates bulletin (wombat.html)")
    page.click("#remove-doc")
    page.wait_for_selector("#confirm-remove", state="visible")
    assert "wombat.html" in page.inner_text("#remove-question")
    page.click("#cancel-remove")
    page.wait_for_selector("#confirm-remove", state="hidden")
    assert doc_count(page) == before + 1
    page.click("#remove-doc")
    page.click("#confirm-remove")
    page.wait_for_function(f"document.querySelector('#answerer-line').innerText.includes('{before} documents')",
                           timeout=60_000)
    assert "Removed" in page.inner_text("#remove-status")
    assert not (app_home / "uploads" / "wombat.html").exists()
    assert "wombat.html" not in page.inner_text("#library-table")
    assert not any("wombat.html" in o for o in dropdown_options(page, "remove-choice"))
    page.get_by_role("tab", name="Ask").click()
    assert "Wombat Weekly" not in dropdown_options(page, "filter-publisher")


PROGRESS_WATCH = """() => { window.__progress = new Set();
  new MutationObserver(() => document.querySelectorAll('.progress-text, .meta-text, .meta-text-center')
    .forEach(e => window.__progress.add(e.innerText)))
    .observe(document.body, {subtree: true, childList: true, characterData: true}); }"""


def run_review(page, home: Path) -> list[int]:
    """Run the selected dataset in the Review tab; the question counts its progress display went through."""
    import re

    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    # as a user does, click once the last run has closed: no output still marked pending or showing progress
    page.wait_for_function("() => !document.querySelector('.pending, .generating, .progress-text, .eta-bar')",
                           timeout=60_000)
    page.wait_for_timeout(500)
    page.evaluate(PROGRESS_WATCH)
    before = [p.name for p in (home / "runs").glob("*")]
    finished = "b => { const v = document.querySelector('#eval-run input').value; return v && !b.includes(v); }"
    page.click("#run-eval")  # (a click while the last run's event is still closing runs after it: always_last)
    try:
        page.wait_for_function(finished, arg=before, timeout=180_000)
    except PlaywrightTimeout:
        raise AssertionError(f"no new run: progress {page.evaluate('Array.from(window.__progress)')}, runs "
                             f"{sorted(p.name for p in (home / 'runs').glob('*'))}, server log "
                             f"{(home / 'serve.log').read_text(errors='replace')[-3000:]}") from None
    page.wait_for_function("document.querySelector('#eval-rows').innerText.includes('dev-01')", timeout=30_000)
    texts = page.evaluate("Array.from(window.__progress)")
    return sorted({int(m.group(1)) for t in texts for m in [re.search(r"(\d+)/30 questions", t)] if m})


def test_review_tab_runs_with_progress_and_no_paths(page, app_home):
    page.get_by_role("tab", name="Review").click()
    page.wait_for_selector("#eval-dataset input", state="attached", timeout=30_000)
    assert page.eval_on_selector("#eval-dataset input", "e => e.value") == "dev.jsonl"
    assert all("/" not in o for o in dropdown_options(page, "eval-dataset"))
    counts = run_review(page, app_home)
    assert len(counts) >= 3 and max(counts) >= 20, counts  # it moves, and not only at the start
    assert "answer_accuracy" in page.inner_text("#eval-metrics")
    tab_text = page.inner_text("body")
    assert "/eval/datasets" not in tab_text and str(Path.home()) not in tab_text
    page.screenshot(path=str(SHOTS / "review.png"), full_page=True)


def test_review_marks_survive_a_reload_and_are_exported(browser, app_url, app_home):
    page = open_page(browser, app_url)
    try:
        page.get_by_role("tab", name="Review").click()
        runs = sorted(p.name for p in (app_home / "runs").glob("*") if p.is_dir())
        if runs:  # wait for the page load to show the newest run, then mark that one
            page.wait_for_function("r => document.querySelector('#eval-run input').value === r", arg=runs[-1],
                                   timeout=30_000)
        else:
            run_review(page, app_home)
        run = page.eval_on_selector("#eval-run input", "e => e.value")
        choose(page, "mark-question", "dev-02")
        page.click("#mark-value label:has-text('partly')")
        page.fill("#mark-comment textarea", "misses the GP figure")
        page.click("#save-mark")
        page.wait_for_function("document.querySelector('#eval-rows').innerText.includes('misses the GP figure')",
                               timeout=30_000)
        marks = json.loads((app_home / "runs" / run / "marks.json").read_text())
        assert marks["dev-02"] == {"mark": "partly", "comment": "misses the GP figure"}
        page.reload()
        page.wait_for_selector("#question textarea", timeout=60_000)
        page.get_by_role("tab", name="Review").click()
        page.wait_for_function("document.querySelector('#eval-rows').innerText.includes('misses the GP figure')",
                               timeout=30_000)
        assert page.eval_on_selector("#eval-run input", "e => e.value") == run
        choose(page, "mark-question", "dev-02")  # choosing the question brings back its mark and comment
        page.wait_for_function("document.querySelector('#mark-comment textarea').value === 'misses the GP figure'",
                               timeout=30_000)
        assert page.is_checked("#mark-value input[value='partly']")
        with page.expect_download() as download:
            page.click("#export-csv")
        rows = list(csv.DictReader(open(download.value.path(), encoding="utf-8")))
        row = next(r for r in rows if r["id"] == "dev-02")
        assert (row["mark"], row["comment"]) == ("partly", "misses the GP figure") and row["question"]
    finally:
        page.context.close()


def test_review_diff_of_two_runs(page, app_home):
    page.get_by_role("tab", name="Review").click()
    run_review(page, app_home)
    run_review(page, app_home)
    page.get_by_text("Compare two runs").click()
    # the closed accordion's contents are drawn only when it opens, and the runs are filled in after that
    page.wait_for_function("['#diff-a input', '#diff-b input'].every(s => document.querySelector(s)?.value)",
                           timeout=30_000)
    a = page.eval_on_selector("#diff-a input", "e => e.value")
    b = page.eval_on_selector("#diff-b input", "e => e.value")
    assert a and b and a != b
    page.click("#diff-compare")
    page.wait_for_function("document.querySelector('#diff-view').innerText.includes('30 questions, 0 differ')",
                           timeout=30_000)
    assert "No question" in page.inner_text("#diff-view")  # only differences by default: none between equal runs
    page.click("#diff-only input")
    page.click("#diff-compare")
    page.wait_for_selector("#diff-view table.diff-table", timeout=30_000)
    assert page.locator("#diff-view tr[data-id]").count() == 30
    first = page.inner_text("#diff-view tr[data-id='dev-01']")
    assert "Which ICBs have a voting member" in first and first.count("pass") == 2 and "[1]" in first
    assert f"A: {a}" in page.inner_text("#diff-view") and f"B: {b}" in page.inner_text("#diff-view")
    page.screenshot(path=str(SHOTS / "review-diff.png"), full_page=True)


def box(page, selector: str) -> dict:
    return page.eval_on_selector(selector, "e => e.getBoundingClientRect().toJSON()")


@pytest.mark.parametrize("width", [1400, 390])
def test_every_tab_fits_the_screen_and_is_photographed(browser, app_url, width):
    """Each tab at desktop and phone widths: nothing wider than the screen; on a phone the chat and the sources
    stack. The screenshots (tests/screenshots/TAB-WIDTH.png) are there to be looked at."""
    page = open_page(browser, app_url, width=width)
    try:
        ask_in(page, "What did the LGA say about accountability?")
        chat, sources = box(page, "#chat"), box(page, "#sources")
        if width < 640:
            assert sources["top"] >= chat["bottom"] and sources["width"] >= 0.8 * chat["width"]
        else:
            assert sources["left"] >= chat["right"] and abs(sources["top"] - chat["top"]) < 120
        for tab in ("Ask", "Quotes", "Library", "Review"):
            page.get_by_role("tab", name=tab).click()
            page.wait_for_timeout(600)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, tab
            page.screenshot(path=str(SHOTS / f"{tab.lower()}-{width}.png"), full_page=True)
        if width < 640:  # a marker far above the stacked sources brings them into view
            page.get_by_role("tab", name="Ask").click()
            page.evaluate("window.scrollTo(0, 0)")
            page.click("#chat a[href='#source-1-2']")
            page.wait_for_function("document.querySelector('#sources').getBoundingClientRect().top < innerHeight",
                                   timeout=10_000)
    finally:
        page.context.close()


def test_sixteen_simultaneous_users_all_get_cited_answers(app_url):
    from concurrent.futures import ThreadPoolExecutor

    from gradio_client import Client

    questions = [
        "How many ICBs have only the statutory minimum of one primary care representative on the board?",
        "What did NHS Providers warn about reorganisation?",
        "How many local authorities does the Local Government Association represent?",
    ]

    def user(i: int) -> list[dict]:
        client = Client(app_url, verbose=False)
        return [client.predict(questions[(i + j) % 3], api_name="/ask") for j in range(3)]

    with ThreadPoolExecutor(16) as pool:
        results = [a for answers in pool.map(user, range(16)) for a in answers]
    assert len(results) == 48
    assert all(not r["abstained"] and r["citations"] and "[1]" in r["answer"] for r in results)


def test_login_required_when_auth_is_set(sample_home):
    import urllib.error
    import urllib.request

    from gradio_client import Client

    port = free_port()
    env = {**os.environ, "ICS_ASSISTANT_HOME": str(sample_home), "ICS_ASSISTANT_AUTH": "editor:s3cret"}
    exe = Path(sys.executable).parent / "ics-assistant"
    proc = subprocess.Popen([str(exe), "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, timeout=120, proc=proc)
        url = f"http://127.0.0.1:{port}/"
        with pytest.raises(Exception):  # noqa: B017 (the client refuses in its own way)
            Client(url, verbose=False).predict("Who chairs Norfolk and Waveney ICB?", api_name="/ask")
        out = Client(url, auth=("editor", "s3cret"), verbose=False).predict("Who chairs Norfolk and Waveney ICB?",
                                                                            api_name="/ask")
        assert "Hewitt" in out["answer"]
        with pytest.raises(urllib.error.HTTPError) as refused:  # the app's config is not served without login
            urllib.request.urlopen(f"{url}config")  # noqa: S310 (loopback)
        assert refused.value.code == 401
        assert_no_route_answers_without_login(url, sample_home)  # every other route too (issue 18)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_review_offers_only_question_datasets():
    """Quote pairs and board gold rows live beside the question sets but are not questions to run."""
    from assistant.app.review_tab import bundled_datasets

    names = bundled_datasets()
    assert names[0] == "dev.jsonl" and "field_extra3.jsonl" in names
    assert not [n for n in names if n.startswith(("quotes", "boards"))]
