"""`make bench`: ingest throughput against LangChain's textbook pipeline (same files, same model, same run),
search and ask latency at 1k, 10k and 100k chunks, peak memory, and the first use on a machine (preparing the
model and calibrating the embedder). Prints tables with the CPU model and flags beside each figure, writes JSON,
rewrites the README's benchmark section and adds or updates this CPU's row in the README's machines table.

Each measurement runs in its own process, so peak memory (ru_maxrss) belongs to that measurement alone.
The 10k and 100k indexes are synthetic: chunks of words drawn from the sample corpus's vocabulary, whose
vectors are embeddings of a few hundred such texts plus small noise — realistic for latency, not for relevance.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "ingest" / "sample_corpus"
DATASETS = ROOT / "eval" / "datasets"
#: ask latency is measured on held-out questions: the "report" half of these sets, never read while tuning
HELD_OUT = ("dev.jsonl", "extra.jsonl", "field_dev.jsonl")
START, END = "<!-- bench-table:start -->", "<!-- bench-table:end -->"
MACHINES_START, MACHINES_END = "<!-- bench-machines:start -->", "<!-- bench-machines:end -->"
#: the user-level cache of the bench: the model is prepared once per machine, as for a user
CACHE = Path(tempfile.gettempdir()) / "ics-bench-cache"


def make_corpus(folder: Path, docs: int, seed: int = 7) -> int:
    """Documents built from the sample corpus's paragraphs, reshuffled; returns the word count."""
    rng = random.Random(seed)
    paragraphs = [p for f in sorted(SAMPLE.glob("*.txt")) for p in f.read_text().split("\n") if len(p.split()) > 8]
    folder.mkdir(parents=True, exist_ok=True)
    words = 0
    for i in range(docs):
        body = [f"Synthetic briefing {i}"] + [f"{n}.{k} {rng.choice(paragraphs)}" for n in range(1, 4)
                                              for k in range(1, 6)]
        text = "\n\n".join(body)
        words += len(text.split())
        (folder / f"brief{i:04d}.txt").write_text(text)
    return words


def _child(code: str, *args: str) -> dict:
    """Run a measurement in a fresh interpreter; it prints one JSON object."""
    env = {k: v for k, v in os.environ.items() if k != "ICS_ASSISTANT_MODELS"}
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT,
                          env={**env, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false",
                               "ICS_ASSISTANT_CACHE": os.environ.get("ICS_BENCH_CACHE", str(CACHE)),
                               "PYTHONPATH": str(ROOT)})
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-2000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


#: peak memory of the process and of any process it started (as `/usr/bin/time -v` reports it)
PEAK = """
def peak_mb():
    import resource
    return max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024
"""

OURS = PEAK + """
import json, sys, time
from pathlib import Path
from core.settings import Settings
from ingest.pipeline import ingest
from vectorstore.calibrate import embedder_for
import chromadb  # imported before the clock starts, as the textbook script imports it before its clock
s = Settings.from_env(home=Path(sys.argv[2]), embedder=sys.argv[3])
embedder_for(s)  # model load (the model is prepared once per machine, in the bench's cache) is not ingest time
t, c = time.perf_counter(), time.process_time()
report = ingest([Path(sys.argv[1])], settings=s, progress=False)
print(json.dumps({"seconds": time.perf_counter() - t, "cpu_seconds": time.process_time() - c,
                  "chunks": report.chunks_embedded, "peak_mb": peak_mb()}))
"""

FIRST_USE = PEAK + """
import json, sys, time
from pathlib import Path
from core.settings import Settings
from ingest.pipeline import ingest
from vectorstore.calibrate import embedder_for
s = Settings.from_env(home=Path(sys.argv[2]), cache_dir=Path(sys.argv[3]), embedder=sys.argv[4])
t = time.perf_counter(); embedder_for(s); prepare = time.perf_counter() - t
t = time.perf_counter(); report = ingest([Path(sys.argv[1])], settings=s, progress=False)
print(json.dumps({"prepare_seconds": prepare, "ingest_seconds": time.perf_counter() - t,
                  "chunks": report.chunks_embedded, "peak_mb": peak_mb()}))
"""

TEXTBOOK = PEAK + """
import json, sys, time
from pathlib import Path
from langchain_chroma import Chroma
from langchain_core.documents import Document
from langchain_huggingface import HuggingFaceEmbeddings
from langchain_text_splitters import RecursiveCharacterTextSplitter
from vectorstore.model import model_path
emb = HuggingFaceEmbeddings(model_name=model_path(), model_kwargs={"device": "cpu"})
emb.embed_query("warm up")
t, c = time.perf_counter(), time.process_time()
docs = [Document(page_content=p.read_text(), metadata={"source": p.name}) for p in sorted(Path(sys.argv[1]).glob("*"))]
chunks = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(docs)
Chroma.from_documents(chunks, emb, persist_directory=sys.argv[2])
print(json.dumps({"seconds": time.perf_counter() - t, "cpu_seconds": time.process_time() - c,
                  "chunks": len(chunks), "peak_mb": peak_mb()}))
"""

LATENCY = PEAK + """
import json, random, sys, time
import numpy as np
from pathlib import Path
from core.settings import Settings
from assistant.ask import ask
from assistant.retrieval import get_retriever
from ingest.pipeline import ingest
from eval.bench import synthetic_fill
s = Settings.from_env(home=Path(sys.argv[1]), embedder=sys.argv[2])
ingest(settings=s, progress=False)
synthetic_fill(s, int(sys.argv[3]))
questions = json.loads(Path(sys.argv[4]).read_text())
retriever = get_retriever(s)
retriever.search("warm up"); ask("warm up question about boards", settings=s)
search_ms, ask_ms = [], []
for q in questions:
    t = time.perf_counter(); retriever.search(q, k=5); search_ms.append((time.perf_counter() - t) * 1000)
    ask_ms.append(ask(q, settings=s).timings_ms["total"])
pct = lambda v, p: float(np.percentile(v, p))
print(json.dumps({"chunks": retriever.store.stats()["chunks"], "questions": len(questions),
                  "search_p50": pct(search_ms, 50), "search_p95": pct(search_ms, 95),
                  "ask_p50": pct(ask_ms, 50), "ask_p95": pct(ask_ms, 95), "peak_mb": peak_mb()}))
"""


def synthetic_fill(settings, target_chunks: int, per_doc: int = 200, seed: int = 11) -> None:
    """Add synthetic documents until the index holds about `target_chunks` chunks (see the module docstring)."""
    import numpy as np

    from core.types import Chunk, Document
    from vectorstore.calibrate import backend_name, embedder_for
    from vectorstore.store import Store

    store = Store(settings)
    need = target_chunks - store.stats()["chunks"]
    if need <= 0:
        return
    rng = random.Random(seed)
    vocab = re.findall(r"[A-Za-z][a-z]+", " ".join(p.read_text() for p in SAMPLE.glob("*.txt")))
    pool_texts = [" ".join(rng.choices(vocab, k=60)) for _ in range(300)]
    pool = embedder_for(settings).embed(pool_texts)
    nrng = np.random.default_rng(seed)
    made = 0
    while made < need:
        n = min(per_doc, need - made)
        texts = [" ".join(rng.choices(vocab, k=rng.randint(40, 90))) for _ in range(n)]
        full = "\n\n".join(texts)
        doc_id = f"synthetic-{made // per_doc:05d}"
        doc = Document(doc_id, f"{doc_id}.txt", f"/synthetic/{doc_id}.txt", full, doc_id, f"Synthetic {doc_id}",
                       doc_type="synthetic")
        chunks, pos = [], 0
        for i, t in enumerate(texts):
            chunks.append(Chunk(f"{doc_id}:{i}", doc_id, t, pos, pos + len(t), None, None, doc.source, doc.title,
                                doc_type="synthetic"))
            pos += len(t) + 2
        vectors = pool[nrng.integers(0, len(pool), n)] + nrng.normal(0, 0.02, (n, pool.shape[1]))
        vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
        store.add_document(doc, chunks, vectors, [], backend_name(settings))
        made += n
    store.refresh()


CALIBRATE = """
import json, sys
from pathlib import Path
from core.settings import Settings
from vectorstore.calibrate import backend_name, calibration, tuning
from vectorstore.machine import cpu_info
s = Settings.from_env(embedder=sys.argv[1])
found = calibration(s.cache_dir, s.models_path, force=True)  # this run's own measurement, taken quietly
print(json.dumps({"cpu": cpu_info().__dict__, "calibration": found, "backend": backend_name(s), "shape": tuning(s)}))
"""


CHUNKS_PER_DOC = 15  # our chunker makes 15 chunks of each synthetic document (one per numbered paragraph)


def run(embedder: str, ingest_scales: list[int], scales: list[int], repeat: int = 1) -> dict:
    work = Path(tempfile.mkdtemp(prefix="ics-bench-"))
    machine = _child(CALIBRATE, embedder)  # prepares the model in the bench's cache if needed, then calibrates
    result = {"machine": _machine(), "cpu": machine["cpu"], "calibration": machine["calibration"],
              "embedder": machine["backend"], "shape": machine["shape"], "ingest": [], "latency": []}
    for scale in ingest_scales:
        corpus = work / f"corpus{scale}"
        docs = max(1, round(scale / CHUNKS_PER_DOC))
        words = make_corpus(corpus, docs)
        if scale == min(ingest_scales):  # the very first use on a machine: empty cache, empty home
            result["first_use"] = _child(FIRST_USE, str(corpus), str(work / "first-home"), str(work / "first-cache"),
                                         embedder)
        runs: dict[str, list[dict]] = {"ours": [], "textbook": []}
        for attempt in range(repeat):  # alternating, each into a fresh index; the fastest of each is reported
            runs["ours"].append(_child(OURS, str(corpus), str(work / f"ours{scale}-{attempt}"), embedder))
            runs["textbook"].append(_child(TEXTBOOK, str(corpus), str(work / f"textbook{scale}-{attempt}")))
        ours, textbook = (min(runs[name], key=lambda x: x["seconds"]) for name in ("ours", "textbook"))
        row = {"corpus_docs": docs, "corpus_words": words, "repeat": repeat,
               "all_seconds": {name: [x["seconds"] for x in xs] for name, xs in runs.items()},
               "all_cpu_seconds": {name: [x.get("cpu_seconds") for x in xs] for name, xs in runs.items()}}
        for name, x in (("ours", ours), ("textbook", textbook)):
            row[name] = {**x, "words_per_s": words / x["seconds"], "chunks_per_s": x["chunks"] / x["seconds"]}
        row["speedup"] = textbook["seconds"] / ours["seconds"]
        row["speedups_paired"] = [t["seconds"] / o["seconds"] for o, t in zip(runs["ours"], runs["textbook"])]
        result["ingest"].append(row)
        shutil.rmtree(corpus, ignore_errors=True)
    questions = work / "held_out.json"
    questions.write_text(json.dumps(held_out_questions()))
    for scale in scales:
        result["latency"].append(_child(LATENCY, str(work / f"scale{scale}"), embedder, str(scale), str(questions)))
    if len(result["latency"]) > 1:
        first, last = result["latency"][0], result["latency"][-1]
        result["search_growth"] = last["search_p50"] / first["search_p50"]
    shutil.rmtree(work, ignore_errors=True)
    return result


def held_out_questions() -> list[str]:
    """The "report" half of the dev, extra and field_dev questions: never looked at while tuning."""
    from eval.harness import split_half

    items = [json.loads(line) for name in HELD_OUT for line in (DATASETS / name).read_text().splitlines()
             if line.strip()]
    return [it["question"] for it in split_half(items, "report")]


def _machine() -> str:
    from vectorstore.machine import cpu_info

    gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu_info().describe()} ({platform.machine()}), {gib:.0f} GiB, Python {platform.python_version()}"


def cpu_label(r: dict) -> str:
    """The CPU model and its decisive flags, printed beside every figure."""
    cpu = r.get("cpu") or {}
    return f"{cpu.get('model', '?')} [{' '.join(cpu.get('flags', [])) or 'no AVX2'}]"


def table(r: dict) -> str:
    repeat = max((row.get("repeat", 1) for row in r["ingest"]), default=1)
    runs = f" Ingest: fastest of {repeat} alternating runs of each pipeline." if repeat > 1 else ""
    shape = r.get("shape") or {}
    how = (f"{shape.get('threads')} thread(s) × {shape.get('workers', 1)} worker(s), {shape.get('batch_tokens')} "
           f"tokens per batch, as calibrated" if shape else "")
    cpu = cpu_label(r)
    lines = [f"Measured on {r['machine']}; embedder `{r['embedder']}` ({how}).{runs}", "",
             "| CPU | corpus | pipeline | seconds | CPU s | words/s | chunks/s | chunks | peak MB | speed-up |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for row in r["ingest"]:
        corpus = f"{row['corpus_docs']} docs, {row['corpus_words']:,} words"
        for name in ("ours", "textbook"):
            x = row[name]
            speedup = f"**{row['speedup']:.2f}×**" if name == "ours" else "1×"
            lines.append(f"| {cpu} | {corpus} | {name} | {x['seconds']:.1f} | {x.get('cpu_seconds', 0):.1f} | "
                         f"{x['words_per_s']:,.0f} | {x['chunks_per_s']:,.1f} | {x['chunks']:,} | "
                         f"{x['peak_mb']:,.0f} | {speedup} |")
    first = r.get("first_use")
    if first:
        lines += ["", f"First use on this machine ({cpu}), empty cache and empty home: model prepared and embedder "
                      f"calibrated in {first['prepare_seconds']:.1f} s, then {first['chunks']:,} chunks ingested in "
                      f"{first['ingest_seconds']:.1f} s; peak {first['peak_mb']:,.0f} MB (the process or any it "
                      "started)."]
    lines += ["", "| CPU | index size (chunks) | search p50 ms | search p95 ms | ask p50 ms | ask p95 ms | peak MB |",
              "|---|---|---|---|---|---|---|"]
    for x in r["latency"]:
        lines.append(f"| {cpu} | {x['chunks']:,} | {x['search_p50']:.0f} | {x['search_p95']:.0f} | {x['ask_p50']:.0f} | "
                     f"{x['ask_p95']:.0f} | {x['peak_mb']:,.0f} |")
    if r.get("search_growth"):
        n = r["latency"][0].get("questions", 0)
        lines += ["", f"Search p50 grows {r['search_growth']:.2f}× from {r['latency'][0]['chunks']:,} to "
                      f"{r['latency'][-1]['chunks']:,} chunks; ask latency over {n} held-out questions."]
    return "\n".join(lines)


MACHINE_HEADER = ("| CPU | flags | cores | date | ingest vs textbook (1k · 10k chunks) | peak MB ours / textbook | "
                  "first use: prepare s, peak MB | ask p50/p95 ms (1k · 10k · 100k) | search growth 1k→100k |")


def machine_row(r: dict) -> str:
    """One line of the README's machines table for this run."""
    cpu = r.get("cpu") or {}
    ingest = " · ".join(f"{row['speedup']:.2f}×" for row in r["ingest"]) or "–"
    peaks = " / ".join(f"{row['ours']['peak_mb']:.0f} / {row['textbook']['peak_mb']:.0f}" for row in r["ingest"][:1])
    first = r.get("first_use")
    first_cell = f"{first['prepare_seconds']:.0f} s, {first['peak_mb']:.0f}" if first else "–"
    ask = " · ".join(f"{x['ask_p50']:.0f}/{x['ask_p95']:.0f}" for x in r["latency"]) or "–"
    growth = f"{r['search_growth']:.2f}×" if r.get("search_growth") else "–"
    return (f"| {cpu.get('model', '?')} | {' '.join(cpu.get('flags', []))} | "
            f"{cpu.get('physical', '?')}/{cpu.get('logical', '?')} | {time.strftime('%Y-%m-%d')} | {ingest} | "
            f"{peaks or '–'} | {first_cell} | {ask} | {growth} |")


def update_machines(readme: Path, r: dict) -> None:
    """Add this CPU's row to the README's machines table, or replace its earlier row; other machines' stay."""
    content = readme.read_text()
    pattern = re.compile(re.escape(MACHINES_START) + "(.*?)" + re.escape(MACHINES_END), re.S)
    found = pattern.search(content)
    rows = [] if found is None else [line for line in found.group(1).strip().splitlines()
                                     if line.startswith("| ") and not line.startswith("| CPU |")]
    new = machine_row(r)
    key = lambda line: [c.strip() for c in line.strip("|").split("|")][:2]  # noqa: E731 — model and flags
    rows = [line for line in rows if key(line) != key(new)] + [new]
    block = "\n".join([MACHINES_START, MACHINE_HEADER, "|" + "---|" * 9, *rows, MACHINES_END])
    content = pattern.sub(lambda _: block, content) if found else content + "\n" + block + "\n"
    readme.write_text(content)


def update_readme(readme: Path, text: str) -> None:
    content = readme.read_text()
    block = f"{START}\n{text}\n{END}"
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    content = pattern.sub(lambda _: block, content) if pattern.search(content) else content + "\n" + block + "\n"
    readme.write_text(content)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--embedder", default=os.environ.get("ICS_ASSISTANT_EMBEDDER", "auto"),
                        help="auto (the calibrated backend), onnx-int8, onnx or sentence-transformers")
    parser.add_argument("--ingest-scales", default="1000,10000",
                        help="approximate chunk counts of the ingest corpora (both pipelines run on each)")
    parser.add_argument("--repeat", type=int, default=2,
                        help="ingest runs per pipeline and corpus, alternating; the fastest of each is reported")
    parser.add_argument("--scales", default="1000,10000,100000", help="index sizes for the latency runs")
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "bench" / "latest.json")
    parser.add_argument("--readme", type=Path, default=ROOT / "README.md")
    args = parser.parse_args(argv)
    result = run(args.embedder, _ints(args.ingest_scales), _ints(args.scales), max(1, args.repeat))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    text = table(result)
    print(text)
    update_readme(args.readme, text)
    update_machines(args.readme, result)
    print(f"\nwrote {args.out}, the README's benchmark table and its row for this CPU; peak memory of this process "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


def _ints(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


if __name__ == "__main__":
    sys.exit(main())
