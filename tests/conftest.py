"""Shared fixtures: the real model, a real Chroma, the real sample corpus, ingested once per session."""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
# the user-level cache (prepared models, calibration) of this test run alone: one model build and one calibration
# for the whole run and the CLI processes it starts, whatever the real ~/.cache holds
os.environ["ICS_ASSISTANT_CACHE"] = _CACHE = tempfile.mkdtemp(prefix="ics-cache-")
atexit.register(shutil.rmtree, _CACHE, True)
os.environ.pop("ICS_ASSISTANT_MODELS", None)
ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "ingest" / "sample_corpus"
DEV = ROOT / "eval" / "datasets" / "dev.jsonl"
QUOTES_DEV = ROOT / "eval" / "datasets" / "quotes_dev.jsonl"
#: documents in the bundled corpus: the five samples and the real public pages under field_dev/
N_SAMPLE = sum(1 for p in SAMPLE.rglob("*") if p.is_file() and not p.name.startswith("manifest."))


@pytest.fixture(scope="session")
def sample_home(tmp_path_factory) -> Path:
    """A state directory with the five sample documents ingested (embedded Chroma): the dev set's corpus."""
    from core.settings import Settings
    from ingest.pipeline import ingest

    home = tmp_path_factory.mktemp("home")
    report = ingest(sorted(SAMPLE.glob("*.txt")), settings=Settings.from_env(home=home))
    assert not report.failed and len(report.added) == 5
    return home


@pytest.fixture(scope="session")
def bundled_home(tmp_path_factory) -> Path:
    """A state directory with the whole bundled corpus ingested (`ics-assistant ingest` with no path): the five
    samples and the real public pages under field_dev/."""
    from core.settings import Settings
    from ingest.pipeline import ingest

    home = tmp_path_factory.mktemp("bundled")
    report = ingest(settings=Settings.from_env(home=home))
    assert not report.failed and len(report.added) == N_SAMPLE
    return home


@pytest.fixture(scope="session")
def sample_settings(sample_home):
    from core.settings import Settings

    return Settings.from_env(home=sample_home)


@pytest.fixture(scope="session")
def dev_items() -> list[dict]:
    return [json.loads(line) for line in DEV.read_text().splitlines() if line.strip()]


@pytest.fixture()
def corpus_copy(tmp_path) -> Path:
    """A private copy of the sample corpus that a test may edit."""
    folder = tmp_path / "corpus"
    shutil.copytree(SAMPLE, folder)
    return folder


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float = 60.0, proc: subprocess.Popen | None = None) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise TimeoutError(f"nothing listening on port {port} after {timeout}s")


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    """A real `chroma run` server on 127.0.0.1, for the client/server path."""
    port = free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    chroma = Path(sys.executable).parent / "chroma"
    proc = subprocess.Popen([str(chroma), "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, proc=proc)
        yield ("127.0.0.1", port)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def run_cli(*args: str, home: Path, check: bool = False, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    """Run the installed `ics-assistant` command as a user would."""
    env = {**os.environ, "ICS_ASSISTANT_HOME": str(home), **(env_extra or {})}
    exe = Path(sys.executable).parent / "ics-assistant"
    proc = subprocess.run([str(exe), *args], capture_output=True, text=True, env=env, timeout=300)
    if check and proc.returncode != 0:
        raise AssertionError(f"exit {proc.returncode}: {proc.stderr}")
    return proc


@contextlib.contextmanager
def served(home: Path, corpus: Path):
    """Ingest `corpus` into `home` with the CLI, serve the app from it on a free port, yield its URL, stop it."""
    env = {**os.environ, "ICS_ASSISTANT_HOME": str(home)}
    exe = Path(sys.executable).parent / "ics-assistant"
    subprocess.run([str(exe), "ingest", str(corpus)], env=env, check=True, capture_output=True, timeout=300)
    port = free_port()
    log = open(home / "serve.log", "ab")  # the server's own output, for a failing test to show
    proc = subprocess.Popen([str(exe), "serve", "--port", str(port)], env=env, stdout=log, stderr=log)
    try:
        wait_for_port(port, timeout=120, proc=proc)
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
