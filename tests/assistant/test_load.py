"""Proof under load and live ingest (issue 18): a real `ics-assistant serve` process answering 32 concurrent
`gradio_client` users, and `ics-assistant ingest` run beside it while it serves.

`pytest -s tests/assistant/test_load.py` prints the figures (questions, errors, p50/p95 latency, throughput, server RSS,
CPU); they are also written to `load.json` in the test's tmp folder, whose path is printed. Errors and memory
growth are asserted; speed is not (the machine may be shared: the figures say how busy it was).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest

from assistant.answer.base import SENTINEL
from tests.conftest import free_port, run_cli, wait_for_port

pytestmark = pytest.mark.slow

USERS = 32
PER_USER = 16  # 512 questions measured, after a warm-up of 2 per user
WARM_UP = 2
MAX_RSS_GROWTH_MB = 50

# Written for this test (not from eval/datasets): what clinicians, journalists and evaluators ask of the bundled
# corpus — board membership, who said what, the Hewitt review, the legislation — and questions it cannot answer.
ICBS = ["NHS Dorset", "NHS Gloucestershire ICB", "NHS Sussex", "Lincolnshire ICB", "Kent and Medway ICB",
        "Derby and Derbyshire ICB", "Humber and North Yorkshire ICB", "Nottingham and Nottinghamshire ICB",
        "Cornwall and the Isles of Scilly ICB", "Black Country ICB", "Birmingham and Solihull ICB",
        "North East and North Cumbria ICB", "NHS Cheshire and Merseyside"]
ICB_TEMPLATES = ["Who chairs {}?", "Who is the chief executive of {}?", "How often does the board of {} meet?",
                 "Which partner members sit on the board of {}?"]
IN_SCOPE = [
    "How many voting members does an ICB board have?",
    "Must an ICB board include a member from primary care?",
    "Who represents local authorities on ICB boards?",
    "Is there a mental health member on ICB boards?",
    "Can private companies sit on integrated care boards?",
    "How are patient representatives involved in ICB decisions?",
    "Which ICBs have a public health director as a voting member?",
    "What did Dr David Wrigley say about clinical leadership?",
    "What did the BMA say about ICS accountability?",
    "What did NHS Clinical Commissioners ask for in their joint letter?",
    "What did the Local Government Association say about the reorganisation?",
    "What did Patricia Hewitt say about local leaders?",
    "What did Jonathan Van-Tam's appointment mean for Lincolnshire?",
    "When was the Hewitt review announced?",
    "What questions will the Hewitt review consider?",
    "How did the government respond to the Hewitt review?",
    "What did the RCPCH say about the Hewitt review?",
    "Did the Hewitt review recommend fewer national targets?",
    "What did the Health and Social Care Committee inquiry into ICSs look at?",
    "What does the Health and Care Act 2022 say about integrated care partnerships?",
    "What did the RCN congress resolve about nursing leadership in ICSs?",
    "Who was appointed chair of the Surrey and Sussex integrated care boards?",
    "What is an integrated care partnership responsible for?",
    "Why did CCGs close in July 2022?",
    "Who chairs the Norfolk and Waveney ICB?",
    "What worries GPs about the new integrated care systems?",
    "What does the chief nurse network do?",
    "How many ICBs are there in England?",
    "What is the role of the ICB's remuneration committee?",
    "What did the King's Fund say about place-based partnerships?",
]
OUT_OF_SCOPE = [
    "What is the boiling point of mercury?",
    "Who won the 2018 football World Cup?",
    "How do I bake sourdough bread?",
    "What is the exchange rate between the yen and the euro?",
    "Which planet has the most moons?",
    "What is the best way to learn the violin?",
    "How tall is the Eiffel Tower?",
    "What time does the Louvre open on Sundays?",
]


def questions() -> list[str]:
    """Every distinct question, in a fixed order."""
    return [t.format(icb) for icb in ICBS for t in ICB_TEMPLATES] + IN_SCOPE + OUT_OF_SCOPE


def assert_well_formed(out: dict) -> None:
    """Non-empty, and either cited (markers and citations) or an explicit abstention."""
    answer = (out or {}).get("answer", "")
    assert answer.strip(), out
    if out["abstained"]:  # it may go on to show the closest passage, cited
        assert answer.startswith(SENTINEL), out
    else:
        assert out["citations"] and "[1]" in answer, out


def fingerprint(out: dict) -> tuple:
    """What must not depend on how many others asked at the same time."""
    return out["answer"], out["abstained"], tuple(c["chunk_id"] for c in out["citations"])


# ------------------------------------------------------------------ the server and its memory


@contextmanager
def serving(home: Path, log: Path):
    """A real `ics-assistant serve` on 127.0.0.1 over `home` (its output in `log`); yields (url, pid)."""
    port = free_port()
    env = {**os.environ, "ICS_ASSISTANT_HOME": str(home)}
    exe = Path(sys.executable).parent / "ics-assistant"
    with open(log, "w") as out:
        proc = subprocess.Popen([str(exe), "serve", "--port", str(port)], env=env, stdout=out, stderr=out)
    try:
        wait_for_port(port, timeout=180, proc=proc)
        yield f"http://127.0.0.1:{port}/", proc.pid
        assert proc.poll() is None, f"the server exited: {log.read_text()[-2000:]}"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert "Traceback" not in log.read_text(), log.read_text()[-3000:]


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (VmRSS from /proc), in MB."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return total / 1024


def machine() -> dict:
    """The CPU model, cores and load, for reading the figures."""
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")),
                 "unknown")
    return {"cpu": model, "cores": os.cpu_count(), "load_average_1m_5m_15m": list(os.getloadavg())}


@contextmanager
def sampling_rss(pid: int, every: float = 1.0):
    """Samples `tree_rss_mb(pid)` every `every` seconds into the list it yields, until the block ends."""
    samples: list[float] = []
    stop = threading.Event()

    def run() -> None:
        while not stop.wait(every):
            samples.append(tree_rss_mb(pid))

    sampler = threading.Thread(target=run, daemon=True)
    sampler.start()
    try:
        yield samples
    finally:
        stop.set()
        sampler.join()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# ------------------------------------------------------------------ 32 users, 512 questions


class Users:
    """`USERS` threads, each a `gradio_client.Client` of its own, asking their share of a list of questions."""

    def __init__(self, url: str) -> None:
        from gradio_client import Client

        with ThreadPoolExecutor(USERS) as pool:
            self.clients = list(pool.map(lambda _: Client(url, verbose=False), range(USERS)))
        self.answers: dict[str, list[dict]] = {}
        self.errors: list[str] = []
        self._lock = threading.Lock()

    def ask(self, shares: list[list[str]]) -> list[float]:
        """Each user asks its share, one question after another; returns every question's latency (s)."""

        def user(i: int) -> list[float]:
            latencies = []
            for question in shares[i]:
                t0 = time.perf_counter()
                try:
                    out = self.clients[i].predict(question, api_name="/ask")
                    assert_well_formed(out)
                except Exception as exc:  # every failure is counted and shown, none stops the others
                    with self._lock:
                        self.errors.append(f"{question!r}: {type(exc).__name__}: {exc}"[:500])
                    continue
                latencies.append(time.perf_counter() - t0)
                with self._lock:
                    self.answers.setdefault(question, []).append(out)
            return latencies

        with ThreadPoolExecutor(USERS) as pool:
            return [t for part in pool.map(user, range(len(shares))) for t in part]


def test_32_users_ask_512_questions_no_errors_bounded_memory(bundled_home, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(bundled_home, home)  # its own copy: the server may save index files beside it
    distinct = questions()
    rng = random.Random(18)
    plan = [distinct[i % len(distinct)] for i in range(USERS * (WARM_UP + PER_USER))]
    rng.shuffle(plan)
    warm = [plan[i * WARM_UP:(i + 1) * WARM_UP] for i in range(USERS)]
    rest = plan[USERS * WARM_UP:]
    measured = [rest[i * PER_USER:(i + 1) * PER_USER] for i in range(USERS)]

    t_start = time.perf_counter()
    with serving(home, tmp_path / "server.log") as (url, pid):
        users = Users(url)
        users.ask(warm)
        rss_before = tree_rss_mb(pid)
        t0 = time.perf_counter()
        with sampling_rss(pid) as samples:
            latencies = users.ask(measured)
        wall = time.perf_counter() - t0
        rss_after = tree_rss_mb(pid)

    asked = sum(len(s) for s in measured)
    figures = {
        "questions": asked, "distinct_questions": len(distinct), "users": USERS, "warm_up_questions": USERS * WARM_UP,
        "errors": len(users.errors), "latency_s_p50": round(statistics.median(latencies), 3) if latencies else None,
        "latency_s_p95": round(percentile(latencies, 0.95), 3) if latencies else None,
        "latency_s_max": round(max(latencies), 3) if latencies else None,
        "throughput_qps": round(len(latencies) / wall, 2), "wall_s": round(wall, 1),
        "server_rss_mb_after_warm_up": round(rss_before, 1), "server_rss_mb_end": round(rss_after, 1),
        "server_rss_growth_mb": round(rss_after - rss_before, 1),
        "server_rss_mb_peak": round(max(samples + [rss_after]), 1),
        "abstained": sum(a["abstained"] for outs in users.answers.values() for a in outs),
        "test_wall_s": round(time.perf_counter() - t_start, 1), **machine(),
    }
    report(tmp_path / "load.json", "32 users, 512 questions", figures)

    assert users.errors == [], users.errors[:5]
    assert asked >= 512 and len(latencies) == asked
    differing = [q for q, outs in users.answers.items() if len({fingerprint(o) for o in outs}) > 1]
    assert differing == [], f"answers changed with the load: {differing[:3]}"
    assert all(users.answers[q][0]["abstained"] for q in OUT_OF_SCOPE)
    answered = [q for q in IN_SCOPE if not users.answers[q][0]["abstained"]]
    assert len(answered) >= len(IN_SCOPE) // 2, f"only {len(answered)} of {len(IN_SCOPE)} answered"
    assert rss_after - rss_before < MAX_RSS_GROWTH_MB, figures


def report(path: Path, title: str, figures: dict) -> None:
    path.write_text(json.dumps(figures, indent=2))
    print(f"\n{title}: " + ", ".join(f"{k}={v}" for k, v in figures.items()))
    print(f"figures written to {path}")


# ------------------------------------------------------------------ ingest while serving

NEW_PAGE = """# NHS Quokka Vale Integrated Care Board: estates committee

The estates committee of NHS Quokka Vale Integrated Care Board is chaired by Dr Imogen Fairweather-Quill, a
non-executive member of the board appointed in March 2024.

The committee meets every six weeks to oversee the ICB's plans for community hospital buildings and land.
"""
NEW_QUESTION = "Who chairs the estates committee of NHS Quokka Vale Integrated Care Board?"
NEW_NAME = "Fairweather-Quill"


def cites(out: dict, source: str) -> bool:
    return any(c["source"] == source for c in out["citations"])


class Background:
    """A user asking other questions, one after another, until stopped; records when each answer came."""

    def __init__(self, url: str) -> None:
        from gradio_client import Client

        self.client = Client(url, verbose=False)
        self.done: list[float] = []  # when each well-formed answer arrived
        self.errors: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        for question in itertools.cycle(IN_SCOPE + OUT_OF_SCOPE):
            if self._stop.is_set():
                return
            try:
                assert_well_formed(self.client.predict(question, api_name="/ask"))
                self.done.append(time.perf_counter())
            except Exception as exc:
                self.errors.append(f"{question!r}: {type(exc).__name__}: {exc}"[:500])

    def __enter__(self) -> Background:
        self._thread.start()
        return self

    def __exit__(self, *_) -> None:
        self._stop.set()
        self._thread.join(timeout=120)

    def answered_between(self, t0: float, t1: float) -> int:
        return sum(t0 <= t <= t1 for t in self.done)


def test_ingest_and_removal_while_serving_show_without_restart(bundled_home, tmp_path):
    home, folder = tmp_path / "home", tmp_path / "new"
    shutil.copytree(bundled_home, home)
    folder.mkdir()
    page = folder / "quokka_vale_estates.md"
    t_start = time.perf_counter()
    with serving(home, tmp_path / "server.log") as (url, pid), Background(url) as background:
        from gradio_client import Client

        client = Client(url, verbose=False)
        before = client.predict(NEW_QUESTION, api_name="/ask")
        assert before["abstained"] and NEW_NAME not in before["answer"], before["answer"]

        page.write_text(NEW_PAGE)
        t0 = time.perf_counter()
        added = run_cli("ingest", str(folder), "--json", home=home)
        t1 = time.perf_counter()
        assert added.returncode == 0 and json.loads(added.stdout)["added"] == 1, added.stderr
        after = client.predict(NEW_QUESTION, api_name="/ask")
        assert not after["abstained"] and NEW_NAME in after["answer"], after["answer"]
        assert cites(after, page.name), after["citations"]
        during_ingest = background.answered_between(t0, t1)

        page.unlink()
        t2 = time.perf_counter()
        removed = run_cli("ingest", "--prune", str(folder), "--json", home=home)
        t3 = time.perf_counter()
        assert removed.returncode == 0 and json.loads(removed.stdout)["removed"] == 1, removed.stderr
        gone = client.predict(NEW_QUESTION, api_name="/ask")
        assert gone["abstained"] and not cites(gone, page.name) and NEW_NAME not in gone["answer"], gone
        during_removal = background.answered_between(t2, t3)
        rss = tree_rss_mb(pid)

    figures = {"ingest_s": round(t1 - t0, 1), "answers_during_ingest": during_ingest,
               "prune_s": round(t3 - t2, 1), "answers_during_prune": during_removal,
               "background_answers": len(background.done), "background_errors": len(background.errors),
               "server_rss_mb_end": round(rss, 1), "test_wall_s": round(time.perf_counter() - t_start, 1),
               **machine()}
    report(tmp_path / "live_ingest.json", "ingest while serving", figures)
    assert background.errors == [], background.errors[:5]
    assert during_ingest >= 1 and during_removal >= 1, figures  # answers went on while the index was written


def test_a_running_process_sees_another_processs_ingest_and_removal(sample_home, tmp_path):
    """The store of a long-running process (as the server's is) finds vectors and keywords that another process
    wrote after it opened them, and stops finding them once that process removes them."""
    from core.settings import Settings
    from vectorstore import Store, embedder_for

    home, folder = tmp_path / "home", tmp_path / "new"
    shutil.copytree(sample_home, home)
    folder.mkdir()
    settings = Settings.from_env(home=home)
    store = Store(settings)
    vector = embedder_for(settings).embed_query(NEW_QUESTION)
    assert store.dense_search(vector, 5) and store.keyword_search("Quokka Fairweather", 5) == []

    (folder / "quokka_vale_estates.md").write_text(NEW_PAGE)
    run_cli("ingest", str(folder), home=home, check=True)
    new_ids = {c for d in store.documents() if d["source"] == "quokka_vale_estates.md"
               for c in [ch.chunk_id for ch in store.document_chunks(d["doc_id"])]}
    assert new_ids
    assert store.dense_search(vector, 1)[0][0] in new_ids  # Chroma reopened: the new vector is found
    assert store.keyword_search("Quokka Fairweather", 5)[0][0] in new_ids

    (folder / "quokka_vale_estates.md").unlink()
    run_cli("ingest", "--prune", str(folder), home=home, check=True)
    assert not new_ids & {cid for cid, _ in store.dense_search(vector, 20)}  # no vector of a removed document
    assert store.keyword_search("Quokka Fairweather", 5) == []
