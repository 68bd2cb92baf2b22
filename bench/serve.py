"""Load test of `newsledger serve` on loopback: requests/s and latency for search and article pages.

Builds (once, then reuses) a store of N fictional articles: invented outlets,
speakers and words, written through the store's own write path.  Starts the
server in a child process on 127.0.0.1 (a free port), then for each page kind
runs a fixed number of seconds of requests from a few keep-alive clients
(standard library only) and reports requests/s, p50 and p95 latency.

The anchor, timed in the same run, is the server's static stylesheet: the
cost of HTTP and the framework with no database work.  Absolute rates move
with the load on the (shared) machine; the ratios against the anchor move less.

    nice .venv/bin/python bench/serve.py                       # 50,000 articles, 8 s per page kind
    nice .venv/bin/python bench/serve.py --articles 2000 --seconds 3
    nice .venv/bin/python bench/serve.py --backend both       # SQLite, then PostgreSQL, in one run
    nice .venv/bin/python bench/serve.py --backend postgres --pg-url postgresql://me@127.0.0.1:5432/bench

PostgreSQL: the same N articles are built through the same write path into
``--pg-url`` (a database this may fill: its newsledger tables are dropped
first), or, without it, into a throwaway cluster started on 127.0.0.1 from the
distribution's server binaries (newsledger/store/pgtemp.py) and removed at the end.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import itertools
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsledger.records import (  # noqa: E402
    Analysis,
    Article,
    Attribution,
    Document,
    Figure,
    PublishedDate,
    Span,
    Speaker,
)
from newsledger.store import Store  # noqa: E402

SYLLABLES = ["ka", "lo", "mi", "ren", "tu", "sha", "vor", "el", "ni", "dar", "po", "quin", "za", "bel", "ost", "ru"]
FILLER = [
    "the", "a", "of", "to", "in", "and", "said", "that", "on", "for", "with", "as", "at", "by", "from", "was",
    "were", "has", "had", "it", "its", "their", "this", "after", "before", "over", "under", "new", "old",
    "council", "harbour", "river", "port", "town", "plan", "report",
]


def _vocab(rng: random.Random, n: int) -> list[str]:
    words: set[str] = set()
    while len(words) < n:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def _sentence(rng: random.Random, vocab: list[str], n: int) -> str:
    # Zipf-like: a few invented words are common, most are rare, as in news text.
    words = [FILLER[int(rng.paretovariate(1.2)) % len(FILLER)] if rng.random() < 0.5
             else vocab[min(len(vocab) - 1, int(rng.paretovariate(0.8)) - 1)] for _ in range(n)]
    return (" ".join(words)).capitalize() + "."


def build(db: Path | str, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    vocab = _vocab(rng, 3000)
    rng.shuffle(vocab)
    outlets = [f"The {w.capitalize()} {k}" for w, k in zip(vocab[:24], ["Courier", "Ledger", "Tide", "Wire"] * 6,
                                                            strict=True)]
    people = [f"{a.capitalize()} {b.capitalize()}" for a, b in zip(vocab[100:700], vocab[700:1300], strict=True)]
    with Store(db) as store:
        for start in range(0, n, 2000):
            with store.transaction():
                for i in range(start, min(n, start + 2000)):
                    paras = [_sentence(rng, vocab, rng.randint(18, 40)) for _ in range(rng.randint(5, 10))]
                    speaker = rng.choice(people)
                    quote = _sentence(rng, vocab, 12)
                    paras.insert(1, f'"{quote}" {speaker} said.')
                    day = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                    art = Article(title=_sentence(rng, vocab, 8)[:-1], paragraphs=paras, publisher=rng.choice(outlets),
                                  published=PublishedDate(iso=day, raw=day), language="en", kind="text",
                                  url=f"https://news{i % 24}.example/{i}")
                    text = art.text
                    q0 = text.index(f'"{quote}"')
                    s0 = text.index(speaker, q0)
                    an = Analysis(
                        attributions=[Attribution(kind="direct", content=Span(q0, q0 + len(quote) + 2, f'"{quote}"'),
                                                  source=Span(s0, s0 + len(speaker), speaker),
                                                  cue=Span(s0 + len(speaker) + 1, s0 + len(speaker) + 5, "said"),
                                                  speaker=speaker, hedge=rng.choice(["asserted", "alleged"]))],
                        speakers=[Speaker(speaker)],
                        figures=[Figure(f"{v:,}", float(v), counted="people") for v in [rng.randint(10, 5000)]],
                    )
                    data = f"bench article {i}\n{text}".encode()
                    doc = Document(source=f"bench/{i}.txt", data=data, sha256=hashlib.sha256(data).hexdigest(),
                                   text=text)
                    # The store's own write path, batched: one transaction per 2,000 articles.
                    store._put_raw(doc)
                    aid = store._upsert_article(doc.sha256, art, an, "bench", "bench")
                    store._replace_analysis(aid, an, "bench")
            print(f"  built {min(n, start + 2000)}/{n}", file=sys.stderr, flush=True)
        store.refresh_entities()  # as `newsledger ingest` does after a run


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


SERVER = """
import sys, uvicorn
from newsledger.serve.app import Settings, create_app
uvicorn.run(create_app(Settings(db=sys.argv[1], token=None)), host="127.0.0.1", port=int(sys.argv[2]),
            log_level="warning")
"""


def run(port: int, paths: list[str], seconds: float, clients: int) -> dict[str, float]:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(k: int) -> None:
        rng = random.Random(k)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        while time.monotonic() < stop:
            path = rng.choice(paths)
            t0 = time.perf_counter()
            conn.request("GET", path)
            resp = conn.getresponse()
            resp.read()
            mine.append(time.perf_counter() - t0)
            if resp.status != 200:
                errors[0] += 1
        conn.close()
        with lock:
            latencies.extend(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "requests": len(latencies), "errors": errors[0], "rps": len(latencies) / elapsed,
        "p50_ms": 1000 * statistics.median(latencies),
        "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))],
    }


def _words(store: Store) -> tuple[list[str], list[str]]:
    """Search words across the frequency range: (1-200 articles hold it, more than 2,000 do)."""
    rng = random.Random(3)
    vocab = _vocab(random.Random(7), 3000)
    rare, common = [], []
    for w in rng.sample(vocab, 300):
        hits = store.db.execute(store.FTS_HITS, (store.search_match(f'"{w}"'), 1_000_000)).fetchone()[0]
        if 1 <= hits <= 200:
            rare.append(w)
        elif hits > 2000:
            common.append(w)
    return rare, common


def bench(db: Path | str, label: str, args: argparse.Namespace, seconds: float) -> None:
    with Store(db) as store:
        n = store.count("articles")
        ids = [r[0] for r in store.db.execute("SELECT id FROM articles")]
        rare, common = _words(store)
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", SERVER, str(db), str(port)], env=env)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/health")
                break
            except OSError:
                time.sleep(0.2)
        rng = random.Random(5)
        kinds = {
            "anchor: /static/style.css": ["/static/style.css"],
            "article page /articles/{id}": [f"/articles/{i}" for i in rng.sample(ids, min(500, len(ids)))],
            "API /api/articles/{id}": [f"/api/articles/{i}" for i in rng.sample(ids, min(500, len(ids)))],
            f"search page, rare word ({len(rare)} words, 1-200 hits)": [f"/search?q={w}" for w in rare[:100]],
            f"search page, common word ({len(common)} words, >2000 hits)": [f"/search?q={w}" for w in common[:50]],
            "API search, common word": [f"/api/articles?q={w}" for w in common[:50]],
            "search page, 2 common words": [f"/search?q={a}+{b}" for a, b in itertools.pairwise(common)],
        }
        when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        load = os.getloadavg()[0]
        print(f"{label}: {n} articles; {args.clients} clients; {seconds:.0f} s per kind; {when}; load {load:.1f}")
        print("| backend | page | requests | errors | req/s | vs anchor | p50 ms | p95 ms |")
        print("|---|---|---|---|---|---|---|---|")
        anchor = 0.0
        for name, paths in kinds.items():
            if not paths:
                print(f"| {label} | {name} | (no such words in this store) | | | | | |")
                continue
            run(port, paths[:3], 1.0, 1)  # warm-up
            r = run(port, paths, seconds, args.clients)
            anchor = anchor or r["rps"]
            print(f"| {label} | {name} | {r['requests']} | {r['errors']} | {r['rps']:.1f} | {r['rps'] / anchor:.2f}x |"
                  f" {r['p50_ms']:.1f} | {r['p95_ms']:.1f} |", flush=True)
    finally:
        proc.terminate()
        proc.wait(10)


def _postgres(args: argparse.Namespace, seconds: float) -> None:
    """Build the store in PostgreSQL (a throwaway cluster unless --pg-url) and run the same pages."""
    from newsledger.store import pgtemp

    cluster = None
    url = args.pg_url
    if url is None:
        cluster = pgtemp.start()
        url = cluster.create_database("newsledger_bench")
    try:
        import psycopg

        with psycopg.connect(url, autocommit=True) as con:  # a fresh store: rebuilt each run
            con.execute("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public")
        t0 = time.perf_counter()
        build(url, args.articles)
        with psycopg.connect(url, autocommit=True) as con:
            con.execute("VACUUM ANALYZE")  # planner statistics, as after any bulk load
        print(f"built the PostgreSQL store in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        bench(url, "PostgreSQL", args, seconds)
    finally:
        if cluster is not None:
            cluster.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=50_000)
    ap.add_argument("--db", type=Path, default=None,
                    help="store to build or reuse (default /tmp/newsledger-bench-N.db)")
    ap.add_argument("--seconds", type=float, default=8.0, help="seconds of requests per page kind (bounded)")
    ap.add_argument("--clients", type=int, default=2, help="concurrent keep-alive clients")
    ap.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="sqlite")
    ap.add_argument("--pg-url", default=None, help="PostgreSQL database to fill (its public schema is replaced);"
                    " default: a throwaway cluster on 127.0.0.1")
    args = ap.parse_args()
    seconds = min(args.seconds, 60.0)
    if args.backend in ("sqlite", "both"):
        db = args.db or Path(f"/tmp/newsledger-bench-{args.articles}.db")
        if not db.exists():
            t0 = time.perf_counter()
            build(db, args.articles)
            print(f"built {db} in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        bench(db, "SQLite", args, seconds)
    if args.backend in ("postgres", "both"):
        _postgres(args, seconds)


if __name__ == "__main__":
    main()
