"""The command line as a user first meets it: `--version`, a port already in use, `make run` overrides and the
ingest progress bar on a terminal."""

from __future__ import annotations

import fcntl
import os
import pty
import socket
import struct
import subprocess
import sys
import termios
from importlib.metadata import version
from pathlib import Path

from tests.conftest import ROOT, run_cli

EXE = Path(sys.executable).parent / "ics-assistant"


def test_version_prints_the_package_version(tmp_path):
    out = run_cli("--version", home=tmp_path)
    assert out.returncode == 0
    assert out.stdout.strip() == f"ics-assistant {version('ics-assistant')}"


def test_port_in_use_is_one_line_naming_port_and_flag(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        out = run_cli("serve", "--port", str(port), home=tmp_path)
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert str(port) in lines[0] and "--port" in lines[0] and "Traceback" not in out.stderr


def _make_run(*overrides: str, env: dict | None = None) -> list[str]:
    """The commands `make run` would run (dry run), as if typed at a shell (not from inside `make test`)."""
    env = {k: v for k, v in (env or os.environ).items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    out = subprocess.run(["make", "-n", "-o", ".venv/.installed", "run", *overrides], cwd=ROOT, capture_output=True,
                         text=True, check=True, env=env)
    return [line for line in out.stdout.splitlines() if "ics-assistant" in line]


def test_make_run_takes_port_host_and_home_overrides(tmp_path):
    lines = _make_run("PORT=8123", "HOST=0.0.0.0", f"ICS_HOME={tmp_path}")
    assert f'ICS_ASSISTANT_HOME="{tmp_path}"' in lines[0] and lines[0].endswith("ingest")
    assert lines[1].endswith("serve --host 0.0.0.0 --port 8123") and f'ICS_ASSISTANT_HOME="{tmp_path}"' in lines[1]
    default = _make_run(env={**os.environ, "HOST": "my-laptop"})  # a shell's own HOST is not an address to serve on
    assert default[-1].endswith("serve --host 127.0.0.1 --port 7860") and "ICS_ASSISTANT_HOME" not in default[-1]
    readme = (ROOT / "README.md").read_text()
    assert "PORT=" in readme and "HOST=" in readme and "ICS_HOME=" in readme


def test_ingest_shows_files_and_chunks_on_a_terminal(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(3):
        (corpus / f"note{i}.md").write_text(f"# Note {i}\n\nThe board of ICB {i} met to discuss primary care.\n")
    primary, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))  # a terminal 120 wide
    env = {**os.environ, "ICS_ASSISTANT_HOME": str(tmp_path / "home")}
    proc = subprocess.Popen([str(EXE), "ingest", str(corpus)], stdout=subprocess.PIPE, stderr=secondary, env=env)
    os.close(secondary)
    stderr = b""
    while True:
        try:
            data = os.read(primary, 4096)
        except OSError:  # the other end closed
            break
        if not data:
            break
        stderr += data
    proc.wait(timeout=300)
    os.close(primary)
    text = stderr.decode(errors="replace")
    assert proc.returncode == 0, text
    assert "3/3" in text and "file" in text and "chunks=3" in text
    piped = run_cli("ingest", str(corpus), home=tmp_path / "home2")
    assert "chunks=" not in piped.stderr and "%|" not in piped.stderr
