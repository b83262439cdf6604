"""Hostile input: zip and XML bombs, deep HTML, YAML bombs, symlinks out of the folder, odd encodings — each file
over a limit fails alone, quickly, with a one-line reason; the rest of the batch is ingested."""

from __future__ import annotations

import codecs
import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from core.settings import Settings
from ingest.documents import ManifestError, read_manifest
from ingest.loaders import Limits, LoadError, load_file
from tests.ingest.test_loaders import make_pdf

MB = 1 << 20


# ------------------------------------------------------------ hostile files, built for real


def _docx_template() -> zipfile.ZipFile:
    import docx

    document = docx.Document()
    document.add_paragraph("A template paragraph.")
    buf = io.BytesIO()
    document.save(buf)
    return zipfile.ZipFile(buf)


def make_docx(path: Path, body: bytes = b"", prolog: bytes = b"", filler_mb: int = 0) -> Path:
    """A real DOCX whose document.xml has `body` inside <w:body> (after `filler_mb` MB of spaces, streamed so the
    bomb is never in memory) and `prolog` (a DOCTYPE, say) before the root element."""
    template = _docx_template()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in template.infolist():
            data = template.read(info)
            if info.filename != "word/document.xml":
                out.writestr(info.filename, data)
                continue
            decl, rest = data.split(b"?>", 1)
            head, tail = rest.split(b"<w:body>", 1)
            with out.open("word/document.xml", "w", force_zip64=True) as part:
                part.write(decl + b"?>" + prolog + head + b"<w:body>")
                block = b" " * MB
                for _ in range(filler_mb):
                    part.write(block)
                part.write(body + b"<w:sectPr/></w:body></w:document>")
    return path


def paragraph(text: str) -> bytes:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode()


BILLION_LAUGHS_DTD = (b'<!DOCTYPE w:document [<!ENTITY lol "lol">'
                      + b"".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
                                 for i in range(1, 10)) + b"]>")


def nested_html(path: Path, depth: int = 100_000) -> Path:
    path.write_text("<html><body>" + "<div>" * depth + "The wombat clause is deep inside." + "</div>" * depth
                    + "</body></html>")
    return path


def yaml_bomb(path: Path, levels: int = 9) -> Path:
    """The YAML billion laughs: each level is a list of nine aliases of the level below (9**9 strings)."""
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, levels + 1)]
    lines += ["documents:", "  - file: good.md", f"    title: *l{levels}"]
    path.write_text("\n".join(lines) + "\n")
    return path


# ------------------------------------------------------------ DOCX


def test_docx_zip_bomb_is_refused_at_once_from_declared_size(tmp_path):
    bomb = make_docx(tmp_path / "bomb.docx", paragraph("boom"), filler_mb=200)
    assert bomb.stat().st_size < 1 * MB
    start = time.monotonic()
    with pytest.raises(LoadError, match="inflated-size limit") as err:
        load_file(bomb)
    assert time.monotonic() - start < 1.0
    assert str(err.value).startswith("zip bomb: parts inflate to 210.5 MB") and "\n" not in str(err.value)


def test_docx_compression_ratio_and_xml_size_limits(tmp_path):
    dense = make_docx(tmp_path / "dense.docx", paragraph("dense"), filler_mb=4)  # 4 MB of spaces: ~1000×
    with pytest.raises(LoadError, match=r"inflates [\d,]+×, over the 100× compression-ratio limit"):
        load_file(dense)
    loaded, _ = load_file(dense, limits=Limits(max_compression_ratio=10_000))  # the same file, allowed
    assert loaded.text == "dense"
    with pytest.raises(LoadError, match="over the 2.0 MB XML-size limit"):
        load_file(dense, limits=Limits(max_compression_ratio=10_000, max_xml_bytes=2_000_000))


def test_docx_with_lying_zip_directory_stops_at_the_declared_size(tmp_path):
    """A bomb whose central directory understates the part's size: the zip reader inflates no further than the
    declared size, so the lie costs nothing and the file is refused as unreadable."""
    bomb = make_docx(tmp_path / "liar.docx", paragraph("boom"), filler_mb=200)
    raw = bytearray(bomb.read_bytes())
    name = b"word/document.xml"
    central = raw.find(name, raw.find(b"PK\x01\x02")) - 46  # its central-directory header
    assert raw[central : central + 4] == b"PK\x01\x02"
    raw[central + 24 : central + 28] = (4096).to_bytes(4, "little")  # the declared uncompressed size
    liar = tmp_path / "liar2.docx"
    liar.write_bytes(bytes(raw))
    assert zipfile.ZipFile(liar).getinfo("word/document.xml").file_size == 4096
    start = time.monotonic()
    with pytest.raises(LoadError, match="unreadable DOCX"):
        load_file(liar)
    assert time.monotonic() - start < 2.0


def test_docx_billion_laughs_is_refused_before_parsing(tmp_path):
    bomb = make_docx(tmp_path / "laughs.docx", paragraph("&lol9;"), prolog=BILLION_LAUGHS_DTD)
    with pytest.raises(LoadError, match="word/document.xml declares a DTD or entities"):
        load_file(bomb)
    utf16 = tmp_path / "laughs16.docx"  # the same bomb with its XML in UTF-16 is found too
    template = zipfile.ZipFile(bomb)
    with zipfile.ZipFile(utf16, "w", zipfile.ZIP_DEFLATED) as out:
        for info in template.infolist():
            data = template.read(info)
            if info.filename == "word/document.xml":
                data = codecs.BOM_UTF16_LE + data.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode(
                    "utf-16-le")
            out.writestr(info.filename, data)
    with pytest.raises(LoadError, match="declares a DTD"):
        load_file(utf16)


# ------------------------------------------------------------ HTML


@pytest.mark.timeout(60)
def test_html_with_100k_nested_divs_is_parsed_in_seconds(tmp_path):
    page = nested_html(tmp_path / "deep.html")
    start = time.monotonic()
    loaded, _ = load_file(page)
    assert time.monotonic() - start < 15.0  # 0.8 s on an idle 2-core machine, 3.8 s on a loaded one; was 9+ min
    assert loaded.text == "The wombat clause is deep inside."


def test_html_extraction_keeps_structure(tmp_path):
    page = tmp_path / "p.html"
    page.write_bytes(b"<html><head><title>Board  papers</title><body><h1>Minutes</h1><ul><li>one<li>two</ul>"
                     b"<p>a<br>b &amp; c &pound;5</p><!-- hidden --><noscript>no</noscript><table><tr><th>Name"
                     b"<th>Role</tr><tr><td>Ann</td><td>Chair</td></tr></table><svg><text>x</text></svg>"
                     b"<iframe>f</iframe><p>caf\xe9 end</p></body></html>")
    loaded, _ = load_file(page)
    assert loaded.title == "Board papers"  # an unclosed <head> ends where the body starts
    assert loaded.text == ("Minutes\n\n• one\n\n• two\n\na\nb & c £5\n\nName | Role\n\nAnn | Chair\n\n"
                           "café end")


def test_html_keeps_the_pages_main_content_only(tmp_path):
    page = tmp_path / "board.html"
    page.write_text("<html><body><header><p>Wexmoor ICB</p><nav><ul><li><a href='/'>Home</a></li></ul></nav>"
                    "</header><main><h1>Our board</h1><p>The board meets monthly.</p></main>"
                    "<footer><ul><li>Cookies</li></ul></footer></body></html>")
    loaded, _ = load_file(page)
    assert loaded.text == "Our board\n\nThe board meets monthly."


def test_html_over_the_time_limit_is_refused(tmp_path):
    page = nested_html(tmp_path / "deep.html", 20_000)
    with pytest.raises(LoadError, match="over the 0 s time limit"):
        load_file(page, limits=Limits(max_seconds=0))


# ------------------------------------------------------------ pages, characters


def test_pdf_over_the_page_limit_is_refused_before_extraction(tmp_path):
    pdf = make_pdf(tmp_path / "long.pdf", [f"Page {i} of the long report." for i in range(30)])
    with pytest.raises(LoadError, match="PDF has 30 pages, over the 20-page limit"):
        load_file(pdf, limits=Limits(max_pages=20))
    loaded, _ = load_file(pdf, limits=Limits(max_pages=30))
    assert len(loaded.pages) == 30


def test_text_over_the_character_limit_is_refused(tmp_path):
    for name in ("long.txt", "long.md", "long.html"):
        path = tmp_path / name
        path.write_text("word " * 5000)
        with pytest.raises(LoadError, match="text is over the 10,000-character limit"):
            load_file(path, limits=Limits(max_chars=10_000))
    pdf = make_pdf(tmp_path / "long.pdf", ["x" * 90] * 5)
    with pytest.raises(LoadError, match="over the 200-character limit"):
        load_file(pdf, limits=Limits(max_chars=200))


# ------------------------------------------------------------ encodings


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-32-be", "utf-8-sig"])
def test_text_with_a_bom_is_decoded(tmp_path, encoding):
    text = "Board minutes: the ICB's £5m plan — “agreed”.\n"
    raw = text.encode(encoding)
    if encoding.endswith("-be"):
        raw = (codecs.BOM_UTF16_BE if "16" in encoding else codecs.BOM_UTF32_BE) + raw
    for name in ("notes.txt", "notes.md"):
        (tmp_path / name).write_bytes(raw)
        loaded, _ = load_file(tmp_path / name)
        assert loaded.text == text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_wide_text_without_a_bom_is_recognised(tmp_path, encoding):
    path = tmp_path / "notes.txt"
    path.write_bytes("The integrated care board met in Exeter.\n".encode(encoding))
    loaded, _ = load_file(path)
    assert loaded.text == "The integrated care board met in Exeter.\n"


def test_charset_detected_for_non_latin_text_latin_stays_windows_1252(tmp_path):
    cases = {
        "ru.txt": ("Совет директоров утвердил план развития на следующий год.", "cp1251"),
        "uk.txt": ("The board’s “plan” costs £5m – approved by the café committee.", "cp1252"),
    }
    for name, (text, encoding) in cases.items():
        (tmp_path / name).write_bytes(text.encode(encoding))
        loaded, _ = load_file(tmp_path / name)
        assert loaded.text == text, name


def test_real_binaries_are_still_refused(tmp_path):
    path = tmp_path / "blob.txt"
    path.write_bytes(bytes(range(256)) * 16)
    with pytest.raises(LoadError, match="NUL bytes"):
        load_file(path)
    bad = tmp_path / "bad16.txt"
    bad.write_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8\x00\xd8")  # two unpaired surrogates after a UTF-16 BOM
    with pytest.raises(LoadError, match="invalid UTF-16-LE text after its byte-order mark"):
        load_file(bad)


# ------------------------------------------------------------ manifests


def test_yaml_bomb_manifest_is_refused_by_its_aliases(tmp_path):
    bomb = yaml_bomb(tmp_path / "manifest.yaml")
    with pytest.raises(ManifestError, match="expands to over 100,000 YAML nodes through its aliases") as err:
        read_manifest(bomb)
    assert str(err.value).startswith(str(bomb)) and "\n" not in str(err.value)
    few = yaml_bomb(tmp_path / "few.yaml", levels=3)  # under the expansion limit: the field is refused, unexpanded
    with pytest.raises(ManifestError, match=r"entry 1 \('good.md'\): field 'title' must be text, not a list"):
        read_manifest(few)


@pytest.mark.parametrize(("content", "reason"), [
    ("documents:\n  - title: No file\n", "entry 1 has no 'file' field"),
    ("documents:\n  - file: [a, b]\n", "entry 1 has a 'file' field that is a list, not text"),
    ("documents:\n  - file: a.md\n    publisher: {name: NHS}\n", "entry 1 ('a.md'): field 'publisher' must be text, not a mapping"),
    ("documents:\n  - file: a.md\n    published: true\n", "field 'published' must be text, not true/false"),
    ("documents:\n  - just a string\n", "entry 1 must be a mapping of fields, not a str"),
    ("a.md: [1, 2]\n", "entry 'a.md' must be a mapping of fields, not a list"),
    ("documents: 3\n", "manifest must list documents"),
    ("documents: [\n", "unreadable manifest"),
    ("!!python/object/apply:os.system [echo pwned]\n", "unreadable manifest"),
])
def test_malformed_manifest_fields_are_named(tmp_path, content, reason):
    path = tmp_path / "manifest.yaml"
    path.write_text(content)
    with pytest.raises(ManifestError) as err:
        read_manifest(path)
    assert reason in str(err.value) and str(err.value).startswith(f"{path}: ") and "\n" not in str(err.value)


def test_good_yaml_manifest_with_dates_and_many_aliases(tmp_path):
    path = tmp_path / "manifest.yaml"
    entries = "".join(f"  - file: {i}.md\n    publisher: *nhs\n    published: 2022-11-30\n" for i in range(500))
    path.write_text(f"defaults: &nhs NHS England\ndocuments:\n{entries}")
    manifest = read_manifest(path)
    assert len(manifest) == 500 and manifest["7.md"] == {"publisher": "NHS England", "published": "2022-11-30"}


def test_oversized_manifest_is_refused(tmp_path):
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps([{"file": f"{i}.md", "title": "t" * 100} for i in range(100)]))
    with pytest.raises(ManifestError, match="over the 1,000-byte limit"):
        read_manifest(path, max_bytes=1000)


# ------------------------------------------------------------ symlinks and the whole batch


def _ingest_json(folder: Path, home: Path, *flags: str, timeout: float = 150) -> tuple[dict, float, float]:
    """Run `ics-assistant ingest FOLDER --json` in its own process: (report, seconds, peak RSS in MB)."""
    exe = Path(sys.executable).parent / "ics-assistant"
    measure = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(r.returncode)")
    env = {**os.environ, "ICS_ASSISTANT_HOME": str(home)}
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-c", measure, str(exe), "ingest", str(folder), "--json", *flags],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the ingest too, not only the process measuring it
        proc.communicate()
        raise
    seconds = time.monotonic() - start
    assert proc.returncode in (0, 1), err
    return json.loads(out), seconds, int(err.strip().splitlines()[-1]) / 1024


def _indexed_text(home: Path) -> str:
    """Every chunk's text in the catalog (what search can return), read without loading a model."""
    import sqlite3

    with sqlite3.connect(home / "catalog.sqlite3") as conn:
        return " ".join(row[0] for row in conn.execute("SELECT text FROM chunks"))


def test_symlinks_leaving_the_folder_are_refused_unless_followed(tmp_path, sample_home):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("The pangolin ledger is kept outside the corpus folder.")
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.md").write_text("# Good\n\nThe narwhal committee meets monthly in Leeds.")
    (folder / "inside.txt").symlink_to(folder / "good.md")  # stays inside: read once, with its target
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "shadow.txt").symlink_to("/etc/shadow")
    (folder / "secret.txt").symlink_to(outside / "secret.txt")
    (folder / "away").symlink_to(outside, target_is_directory=True)
    home = tmp_path / "home"
    report, _, _ = _ingest_json(folder, home)
    failed = {Path(f["path"]).name: f["error"] for f in report["failed"]}
    assert set(failed) == {"passwd.txt", "shadow.txt", "secret.txt", "away"}
    assert failed["passwd.txt"] == ("symbolic link to a file outside the folder being ingested "
                                    "(use --follow-symlinks to allow it)")
    assert failed["away"].startswith("symbolic link to a folder outside")
    assert report["files"]["added"] == [str(folder / "good.md")]
    assert "root:" not in _indexed_text(home) and "pangolin" not in _indexed_text(home)
    followed, _, _ = _ingest_json(folder, tmp_path / "home2", "--follow-symlinks")
    assert {Path(p).name for p in followed["files"]["added"]} >= {"secret.txt", "passwd.txt"}
    assert "pangolin" in _indexed_text(tmp_path / "home2")


def test_hostile_folder_every_bad_file_named_good_ones_ingested_fast_and_small(tmp_path, sample_home):
    """The issue's hostile folder in one ingest: under 2 minutes and 400 MB peak RSS, every bad file named."""
    folder = tmp_path / "hostile"
    folder.mkdir()
    make_docx(folder / "bomb.docx", paragraph("boom"), filler_mb=300)
    make_docx(folder / "laughs.docx", paragraph("&lol9;"), prolog=BILLION_LAUGHS_DTD)
    make_docx(folder / "fine.docx", paragraph("The dugong protocol governs community estates."))
    nested_html(folder / "deep.html")
    yaml_bomb(folder / "manifest.yaml")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "notepad16.txt").write_bytes("The axolotl board met on Tuesday.\n".encode("utf-16"))
    (folder / "notepad32.txt").write_bytes("The quetzal fund pays for GP estates.\n".encode("utf-32"))
    (folder / "good.md").write_text("# Good\n\nThe narwhal committee meets monthly in Leeds.")
    home = tmp_path / "home"
    report, seconds, peak_mb = _ingest_json(folder, home)
    failed = {Path(f["path"]).name: f["error"] for f in report["failed"]}
    assert set(failed) == {"bomb.docx", "laughs.docx", "manifest.yaml", "passwd.txt"}, failed
    assert "inflated-size limit" in failed["bomb.docx"] and "DTD" in failed["laughs.docx"]
    assert "YAML nodes through its aliases" in failed["manifest.yaml"]
    assert all("\n" not in e for e in failed.values())
    assert {Path(p).name for p in report["files"]["added"]} == {"fine.docx", "deep.html", "notepad16.txt",
                                                                "notepad32.txt", "good.md"}
    print(f"\nhostile folder: {seconds:.1f} s, peak RSS {peak_mb:.0f} MB")
    assert seconds < 120 and peak_mb <= 400
    text = _indexed_text(home)
    assert all(word in text for word in ("dugong", "wombat", "axolotl", "quetzal", "narwhal"))
    assert "root:" not in text


def test_settings_carry_the_limits_to_the_loaders(tmp_path):
    settings = Settings.from_env(home=tmp_path, max_pages=7, max_chars=99, max_xml_bytes=5)
    limits = Limits.from_settings(settings)
    assert (limits.max_pages, limits.max_chars, limits.max_xml_bytes) == (7, 99, 5)
    assert limits.max_bytes == settings.max_file_bytes and limits.max_seconds == settings.max_seconds_per_file


# ------------------------------------------------------------ uploads


def test_uploads_never_read_or_write_outside_their_folders(tmp_path):
    from assistant.library import add_uploads

    received = tmp_path / "gradio"  # the web server's own upload folder
    received.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "target.txt").write_text("The original target text.")
    (received / "ok.md").write_text("# Okapi\n\nThe okapi board approved the estates plan.")
    (received / "link.txt").symlink_to("/etc/passwd")
    (outside / "elsewhere.txt").write_text("A file the server never received.")
    settings = Settings.from_env(home=tmp_path / "home")
    uploads = settings.home / "uploads"
    uploads.mkdir(parents=True)
    (uploads / "planted.txt").symlink_to(outside / "target.txt")  # a link left in the uploads folder
    (received / "planted.txt").write_text("Overwrite attempt through a planted link.")
    report, problems = add_uploads([str(received / "ok.md"), str(received / "link.txt"),
                                    str(outside / "elsewhere.txt"), str(received / "planted.txt")],
                                   [received], 50 * MB, settings)
    assert (outside / "target.txt").read_text() == "The original target text."
    assert report is not None and [Path(p).name for p in report.added] == ["ok.md"]
    assert problems == ["link.txt: not a file the web server received; refused",
                        "elsewhere.txt: not a file the web server received; refused",
                        "planted.txt: cannot write to the uploads folder: too many levels of symbolic links"]
    assert sorted(p.name for p in uploads.iterdir()) == ["ok.md", "planted.txt"]


# ------------------------------------------------------------ the served app behind --auth


def _http(url: str, method: str = "GET", body: bytes | None = None, headers: dict | None = None,
          cookie: str = "") -> tuple[int | str, bytes]:
    import urllib.error
    import urllib.request

    req = urllib.request.Request(url, data=body, method=method, headers={**(headers or {}), "Cookie": cookie})
    try:
        with urllib.request.urlopen(req, timeout=5) as resp:  # noqa: S310 (loopback)
            return resp.status, resp.read(2000)
    except urllib.error.HTTPError as err:
        return err.code, err.read(2000)
    except TimeoutError:
        return "open", b""  # a stream that answered and stayed open


UNAUTHENTICATED = [
    ("GET", "/config", None), ("GET", "/openapi.json", None), ("GET", "/docs", None),
    ("GET", "/gradio_api/info", None), ("GET", "/gradio_api/openapi.json", None),
    ("GET", "/gradio_api/app_id", None), ("GET", "/gradio_api/runs", None), ("GET", "/gradio_api/token", None),
    ("GET", "/gradio_api/heartbeat/abc", None), ("GET", "/gradio_api/queue/data?session_hash=abc", None),
    ("GET", "/gradio_api/file=/etc/passwd", None), ("GET", "/file=/etc/passwd", None),
    ("GET", "/gradio_api/file/etc/passwd", None), ("GET", "/gradio_api/upload_progress?upload_id=x", None),
    ("GET", "/monitoring", None),
    ("POST", "/gradio_api/upload", b"--x\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.txt\"\r\n\r\n"
                                   b"hello\r\n--x--\r\n"),
    ("POST", "/gradio_api/queue/join", b'{"data": ["x"], "fn_index": 0, "session_hash": "abc"}'),
    ("POST", "/gradio_api/call/ask", b'{"data": ["Who chairs the board?"]}'),
    ("POST", "/gradio_api/run/ask", b'{"data": ["Who chairs the board?"]}'),
    ("POST", "/gradio_api/cancel", b'{"session_hash": "abc", "fn_index": 0, "event_id": "e"}'),
    ("POST", "/gradio_api/reset", b'{"event_id": "e"}'),
    ("POST", "/gradio_api/stream/e", b'{"data": [], "session_hash": "abc", "fn_index": 0}'),
    ("POST", "/gradio_api/component_server", b'{"data": {}, "component_id": 1, "fn_name": "x", "session_hash": "a"}'),
]


def assert_no_route_answers_without_login(base: str, home: Path) -> None:
    """Every route of an app served with --auth (user editor, password s3cret) at `base`: 401 without a login;
    after it, the file route still serves nothing outside the app's own files. Used by tests/assistant/test_app.py's login
    test, which serves the app."""
    base = base.rstrip("/")
    answered = {}
    for method, path, body in UNAUTHENTICATED:
        ctype = "multipart/form-data; boundary=x" if path.endswith("/upload") else "application/json"
        code, _ = _http(base + path, method, body, {"Content-Type": ctype})
        if code != 401:
            answered[f"{method} {path}"] = code
    assert answered == {}, answered
    assert _http(base + "/")[0] == 200  # the login page itself
    cookie = _login_cookie(base)
    assert _http(base + "/config", cookie=cookie)[0] == 200
    for path in ("/gradio_api/file=/etc/passwd", f"/gradio_api/file={home}/catalog.sqlite3"):
        code, body = _http(base + path, cookie=cookie)
        assert code in (403, 404) and b"root:" not in body, (path, code)


def _login_cookie(base: str) -> str:
    """The session cookie a successful login sets."""
    import http.cookiejar
    import urllib.request

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(urllib.request.Request(base + "/login", data=b"username=editor&password=s3cret", method="POST",
                                       headers={"Content-Type": "application/x-www-form-urlencoded"}), timeout=10)
    return "; ".join(f"{c.name}={c.value}" for c in jar)


# ------------------------------------------------------------ damaged, read-only and full homes


def _cli(home: Path, *args: str):
    """The CLI on `home`; the model cache stays outside it (conftest's ICS_ASSISTANT_CACHE)."""
    from tests.conftest import run_cli

    return run_cli(*args, home=home)


def _top_chunks(home: Path, k: int = 5) -> list[str]:
    out = json.loads(_cli(home, "search", "clinical leadership on ICS boards", "-k", str(k), "--json").stdout)
    return [r["chunk_id"] for r in out["results"]]


def _damage(path: Path) -> None:
    with open(path, "r+b") as fh:  # overwrite the header: SQLite no longer recognises the file
        fh.write(b"garbage! " * 12)


def test_damaged_index_gives_one_line_error_and_rebuild_restores_it(tmp_path, corpus_copy, sample_home):
    home = tmp_path / "home"
    assert _cli(home, "ingest", str(corpus_copy)).returncode == 0
    before = _top_chunks(home)
    stats_before = json.loads(_cli(home, "stats", "--json").stdout)
    for part in ("chroma/chroma.sqlite3", "catalog.sqlite3"):
        _damage(home / part)
        commands = [("search", "board")] + ([("stats",)] if part == "catalog.sqlite3" else [])
        for args in commands:  # (`stats` reads only the catalog: it still works while the vectors are damaged)
            proc = _cli(home, *args)
            assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
            assert proc.stderr.count("\n") == 1 and "is damaged" in proc.stderr
            assert "run `ics-assistant rebuild` to restore the index" in proc.stderr
        proc = _cli(home, "rebuild", "--json")
        assert proc.returncode == 0, proc.stderr
        result = json.loads(proc.stdout)
        assert result["catalog"] == ("rebuilt" if part == "catalog.sqlite3" else "kept")
        assert result["documents"] == stats_before["documents"]
        # the same passages come back (int8 vectors re-embedded in other batches may swap near-ties)
        assert set(before) <= set(_top_chunks(home, k=8)), part
        stats_after = json.loads(_cli(home, "stats", "--json").stdout)
        assert {k: stats_after[k] for k in ("documents", "chunks", "quotes")} == \
            {k: stats_before[k] for k in ("documents", "chunks", "quotes")}


@pytest.fixture()
def tmpfs(tmp_path):
    """Mount small tmpfs folders (root only: this is how a full or read-only disk is made for real)."""
    mounted: list[Path] = []

    def mount(name: str, size: str) -> Path:
        point = tmp_path / name
        point.mkdir()
        proc = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(point)],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            pytest.fail(f"cannot mount a tmpfs (the full-disk and read-only tests need root): {proc.stderr.strip()}")
        mounted.append(point)
        return point

    yield mount
    for point in mounted:
        subprocess.run(["umount", "-l", str(point)], check=False)


def test_read_only_home_gives_one_line_errors(tmp_path, corpus_copy, sample_home, tmpfs):
    home = tmpfs("ro-home", "20m")
    assert _cli(home, "ingest", str(corpus_copy)).returncode == 0
    subprocess.run(["mount", "-o", "remount,ro", str(home)], check=True)
    for args in (("stats",), ("search", "board"), ("ingest", str(corpus_copy)), ("rebuild",)):
        proc = _cli(home, *args)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
        assert proc.stderr.count("\n") == 1 and "the index folder is read-only" in proc.stderr


def test_full_disk_fails_cleanly_and_keeps_what_was_indexed(tmp_path, sample_home, tmpfs):
    home = tmpfs("small-home", "1000k")
    first, big = tmp_path / "first", tmp_path / "big"
    first.mkdir()
    big.mkdir()
    (first / "kept.md").write_text("# Kept\n\nThe okapi fund pays for estates in Devon and Cornwall.")
    words = (SAMPLE_TEXT * 30).split()
    for i in range(3):
        (big / f"big{i}.txt").write_text(" ".join(words[(i * 7919) % len(words):] + words)[:60_000])
    assert _cli(home, "ingest", str(first)).returncode == 0
    proc = _cli(home, "ingest", str(big))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.count("\n") == 1 and "the disk is full" in proc.stderr
    stats = json.loads(_cli(home, "stats", "--json").stdout)
    assert stats["documents"] == 1
    subprocess.run(["mount", "-o", "remount,size=40m", str(home)], check=True)  # space freed: all still there
    out = json.loads(_cli(home, "search", "okapi fund", "-k", "1", "--json").stdout)
    assert "okapi" in out["results"][0]["text"]


SAMPLE_TEXT = (Path(__file__).resolve().parents[2] / "ingest" / "sample_corpus" /
               "001_a3217871a9ad2095.txt").read_text()
