"""`make bench`: ingest throughput against LangChain's textbook pipeline (same files, same model, same run),
search and ask latency at 1k, 10k and 100k chunks, and peak memory. Prints a table, writes JSON, and rewrites
the README's benchmark section.

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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "ingest" / "sample_corpus"
DEV = ROOT / "eval" / "datasets" / "dev.jsonl"
START, END = "<!-- bench-table:start -->", "<!-- bench-table:end -->"


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
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false",
                               "ICS_ASSISTANT_MODELS": str(MODELS)})
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-2000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


OURS = """
import json, resource, sys, time
from pathlib import Path
from core.settings import Settings
from ingest.pipeline import ingest
from vectorstore.embedders import get_embedder
import chromadb  # imported before the clock starts, as the textbook script imports it before its clock
s = Settings.from_env(home=Path(sys.argv[2]), embedder=sys.argv[3])
get_embedder(s.embedder, s.models_path)  # model load (and any one-off ONNX export) is not ingest time
t = time.perf_counter(); report = ingest([Path(sys.argv[1])], settings=s, progress=False)
print(json.dumps({"seconds": time.perf_counter() - t, "chunks": report.chunks_embedded,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

TEXTBOOK = """
import json, resource, sys, time
from pathlib import Path
from langchain_chroma import Chroma
from langchain_core.documents import Document
from langchain_huggingface import HuggingFaceEmbeddings
from langchain_text_splitters import RecursiveCharacterTextSplitter
from vectorstore.model import model_path
emb = HuggingFaceEmbeddings(model_name=model_path(), model_kwargs={"device": "cpu"})
emb.embed_query("warm up")
t = time.perf_counter()
docs = [Document(page_content=p.read_text(), metadata={"source": p.name}) for p in sorted(Path(sys.argv[1]).glob("*"))]
chunks = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(docs)
Chroma.from_documents(chunks, emb, persist_directory=sys.argv[2])
print(json.dumps({"seconds": time.perf_counter() - t, "chunks": len(chunks),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

LATENCY = """
import json, random, resource, sys, time
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
questions = [json.loads(l)["question"] for l in Path(sys.argv[4]).read_text().splitlines() if l.strip()]
retriever = get_retriever(s)
retriever.search("warm up"); ask("warm up question about boards", settings=s)
search_ms, ask_ms = [], []
for q in questions:
    t = time.perf_counter(); retriever.search(q, k=5); search_ms.append((time.perf_counter() - t) * 1000)
    ask_ms.append(ask(q, settings=s).timings_ms["total"])
pct = lambda v, p: float(np.percentile(v, p))
print(json.dumps({"chunks": retriever.store.stats()["chunks"], "search_p50": pct(search_ms, 50),
                  "search_p95": pct(search_ms, 95), "ask_p50": pct(ask_ms, 50), "ask_p95": pct(ask_ms, 95),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def synthetic_fill(settings, target_chunks: int, per_doc: int = 200, seed: int = 11) -> None:
    """Add synthetic documents until the index holds about `target_chunks` chunks (see the module docstring)."""
    import numpy as np

    from core.types import Chunk, Document
    from vectorstore.embedders import get_embedder
    from vectorstore.store import Store

    store = Store(settings)
    need = target_chunks - store.stats()["chunks"]
    if need <= 0:
        return
    rng = random.Random(seed)
    vocab = re.findall(r"[A-Za-z][a-z]+", " ".join(p.read_text() for p in SAMPLE.glob("*.txt")))
    pool_texts = [" ".join(rng.choices(vocab, k=60)) for _ in range(300)]
    pool = get_embedder(settings.embedder, settings.models_path).embed(pool_texts)
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
        store.add_document(doc, chunks, vectors, [], settings.embedder)
        made += n
    store.refresh()


EXPORT = """
import json, sys
from pathlib import Path
from vectorstore.embedders import get_embedder
if sys.argv[1].startswith("onnx"):
    from vectorstore.onnx_export import ensure_onnx
    ensure_onnx(Path(sys.argv[2]), quantized=sys.argv[1] == "onnx-int8")
print(json.dumps({}))
"""
MODELS = Path(tempfile.gettempdir()) / "ics-bench-models"


CHUNKS_PER_DOC = 15  # our chunker makes 15 chunks of each synthetic document (one per numbered paragraph)


def run(embedder: str, ingest_scales: list[int], scales: list[int], repeat: int = 1) -> dict:
    work = Path(tempfile.mkdtemp(prefix="ics-bench-"))
    _child(EXPORT, embedder, str(MODELS))  # a one-off ONNX export is neither ingest time nor ingest memory
    result = {
        "machine": _machine(), "embedder": embedder, "ingest": [], "latency": [],
    }
    for scale in ingest_scales:
        corpus = work / f"corpus{scale}"
        docs = max(1, round(scale / CHUNKS_PER_DOC))
        words = make_corpus(corpus, docs)
        runs: dict[str, list[dict]] = {"ours": [], "textbook": []}
        for attempt in range(repeat):  # alternating, each into a fresh index; the fastest of each is reported
            runs["ours"].append(_child(OURS, str(corpus), str(work / f"ours{scale}-{attempt}"), embedder))
            runs["textbook"].append(_child(TEXTBOOK, str(corpus), str(work / f"textbook{scale}-{attempt}")))
        ours, textbook = (min(runs[name], key=lambda x: x["seconds"]) for name in ("ours", "textbook"))
        row = {"corpus_docs": docs, "corpus_words": words, "repeat": repeat,
               "all_seconds": {name: [x["seconds"] for x in xs] for name, xs in runs.items()}}
        for name, x in (("ours", ours), ("textbook", textbook)):
            row[name] = {**x, "words_per_s": words / x["seconds"], "chunks_per_s": x["chunks"] / x["seconds"]}
        row["speedup"] = textbook["seconds"] / ours["seconds"]
        result["ingest"].append(row)
        shutil.rmtree(corpus, ignore_errors=True)
    for scale in scales:
        result["latency"].append(_child(LATENCY, str(work / f"scale{scale}"), embedder, str(scale), str(DEV)))
    shutil.rmtree(work, ignore_errors=True)
    return result


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu} ({platform.machine()}), {os.cpu_count()} cores, {gib:.0f} GiB, Python {platform.python_version()}"


def table(r: dict) -> str:
    repeat = max((row.get("repeat", 1) for row in r["ingest"]), default=1)
    runs = f" Ingest: fastest of {repeat} alternating runs of each pipeline." if repeat > 1 else ""
    lines = [f"Measured on {r['machine']}; embedder `{r['embedder']}`.{runs}", "",
             "| corpus | pipeline | seconds | words/s | chunks/s | chunks | peak MB | speed-up |",
             "|---|---|---|---|---|---|---|---|"]
    for row in r["ingest"]:
        corpus = f"{row['corpus_docs']} docs, {row['corpus_words']:,} words"
        for name in ("ours", "textbook"):
            x = row[name]
            speedup = f"**{row['speedup']:.2f}×**" if name == "ours" else "1×"
            lines.append(f"| {corpus} | {name} | {x['seconds']:.1f} | {x['words_per_s']:,.0f} | "
                         f"{x['chunks_per_s']:,.1f} | {x['chunks']:,} | {x['peak_mb']:,.0f} | {speedup} |")
    lines += ["", "| index size (chunks) | search p50 ms | search p95 ms | ask p50 ms | ask p95 ms | peak MB |",
              "|---|---|---|---|---|---|"]
    for x in r["latency"]:
        lines.append(f"| {x['chunks']:,} | {x['search_p50']:.0f} | {x['search_p95']:.0f} | {x['ask_p50']:.0f} | "
                     f"{x['ask_p95']:.0f} | {x['peak_mb']:,.0f} |")
    return "\n".join(lines)


def update_readme(readme: Path, text: str) -> None:
    content = readme.read_text()
    block = f"{START}\n{text}\n{END}"
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    content = pattern.sub(lambda _: block, content) if pattern.search(content) else content + "\n" + block + "\n"
    readme.write_text(content)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--embedder", default=os.environ.get("ICS_ASSISTANT_EMBEDDER", "onnx-int8"))
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
    print(f"\nwrote {args.out} and the README's benchmark table; peak memory of this process "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


def _ints(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


if __name__ == "__main__":
    sys.exit(main())
