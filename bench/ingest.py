"""Ingest throughput over a WARC: the reader alone, a warcio + trafilatura loop, and newsledger.

Builds gzip-per-record WARCs (in a temporary folder, never in the repository) from the pages of
``../shared/data/extraction/html``, repeated with distinct URLs and a distinct trailing comment (so
newsledger's content-hash skip does not make copies free) to at least ``--records`` records, then
times, each configuration in a fresh process (for its own peak RSS):

- ``fastwarc``: FastWARC's own iterator reading every payload, nothing else: the library's ceiling;
- ``reader``: newsledger's WARC reader alone (framing, FastWARC parsing, sha256, decoding): the ceiling of
  ``ingest --workers 0``;
- ``reader-main``: the same without decoding (what the main process of ``ingest --workers N`` did per
  record before the workers read the gzip members themselves);
- ``reader-frame``: the framing alone (one search for each gzip member header, nothing inflated): what
  the main process of ``ingest --workers N`` does per record of a gzip-per-record WARC now;
- ``inflate-hash``: the framing, ISA-L inflating each member and the sha256 of what it holds, nothing
  else: what any reader of these records must do at least (their identity in the store is the
  sha256), the per-core ceiling of a reader here;
- ``reader-members``: the framing and then each member read as a worker reads it (``read_member``:
  inflating, FastWARC's parse, sha256), in this one process: the reading work the workers share;
- ``baseline``: warcio's ArchiveIterator + trafilatura.extract in one process: what a user would write;
- ``extract-N``: ``newsledger ingest --extract-only --workers N`` into a fresh database;
- ``analyze-N``: ``newsledger ingest --workers N`` (with attribution) into a fresh database.

Absolute rates drift with the machine's load (the development machine has 2 cores shared with other
work): compare the ratios.  ``--repeats N`` runs every configuration N times in rounds (each round runs
them all one after the other), so load that comes and goes hits each alike; each ratio is taken within
a round and the median over the rounds is printed, with the load average over the run.
``--before DIR`` also times ``extract-N``/``analyze-N`` with the newsledger package found in DIR (an
older checkout, e.g. ``git archive COMMIT newsledger | tar -x -C DIR``), as ``before:extract-1`` etc.:
the older code's rate in the same rounds.

    .venv/bin/python bench/ingest.py [--records 5000] [--extract-records 1000] [--analyze-records 200]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "extraction"


def _record(uri: str, body: bytes, n: int, gz: bool = True) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
    head = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2026-11-30T00:00:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{n:012d}>\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
    ).encode()
    whole = head + http + b"\r\n\r\n"
    return gzip.compress(whole, compresslevel=6) if gz else whole


def build_warc(path: Path, records: int) -> int:
    truth = json.loads((SHARED / "ground-truth.json").read_text(encoding="utf-8"))
    pages = sorted((SHARED / "html").glob("*.html.gz"))
    bodies = [(truth.get(p.name.split(".")[0], {}).get("url") or f"https://bench.example/{p.name}",
               gzip.decompress(p.read_bytes())) for p in pages]
    n = 0
    with path.open("wb") as f:
        while n < records:
            for url, body in bodies:
                copy = n // len(bodies)
                f.write(_record(f"{url}{'&' if '?' in url else '?'}nlcopy={copy}",
                                body + f"\n<!-- bench copy {copy} -->\n".encode(), n))
                n += 1
                if n >= records:
                    break
    return n


def _invented_page(n: int, size: int) -> bytes:
    """A fictional news page of about ``size`` bytes (invented town, people and figures)."""
    para = (f"<p>The harbour board of Lowmere said on day {n % 28 + 1} that ferry number {n % 97} would run"
            f" again after repairs costing {n % 50 + 3} thousand crowns, a spokesperson told reporters.</p>\n")
    head = f"<html><head><title>Lowmere ferry report {n}</title></head><body><article>\n"
    paras = max(1, (size - len(head) - 30) // len(para))
    return (head + para * paras + "</article></body></html>\n").encode()


def build_small(path: Path, records: int, size: int, gz: bool) -> int:
    """A WARC of ``records`` invented pages of about ``size`` bytes, gzip per record or plain: how the
    readers do on records smaller than the shared pages (186 KB on average), or uncompressed."""
    with path.open("wb") as f:
        for n in range(records):
            f.write(_record(f"https://lowmere-gazette.example/ferry/{n}", _invented_page(n, size), n, gz))
    return records


def _cpu_seconds() -> float:
    """User + system CPU time of this process and its finished children (the workers, once joined)."""
    return _main_cpu_seconds() + _worker_cpu_seconds()


def _main_cpu_seconds() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    return me.ru_utime + me.ru_stime


def _worker_cpu_seconds() -> float:
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return kids.ru_utime + kids.ru_stime


def _peak_mb() -> tuple[float, float]:
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return round(me, 1), round(kids, 1)


def run_one(config: str, warc: str, workdir: str) -> dict[str, Any]:
    """One configuration, in this (fresh) process: documents, seconds, peak RSS.

    Imports (and spaCy's model load, for the runs with analysis) happen before the clock starts, on
    both sides: the rates are the steady state of a long run, not start-up.
    """
    docs = 0
    index_s = 0.0
    if config == "inflate-hash":
        import hashlib
        import mmap

        from newsledger.ingest.warc import _inflate_member, _next_member

        started, cpu0, main0 = time.perf_counter(), _cpu_seconds(), _main_cpu_seconds()
        with open(warc, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            pos = 0
            while pos >= 0:
                got, _ = _inflate_member(mm, pos, 1 << 28)
                if isinstance(got, bytes):
                    hashlib.sha256(got).digest()
                    docs += 1
                pos = _next_member(mm, pos + 1)
    elif config in ("reader-frame", "reader-members"):
        from newsledger.ingest.entries import Member
        from newsledger.ingest.warc import read_member, read_warc
        from newsledger.records import Document

        started, cpu0, main0 = time.perf_counter(), _cpu_seconds(), _main_cpu_seconds()
        end = -1
        for e in read_warc(warc, max_bytes=64 << 20, decode_text=False, frame_only=True):
            if config == "reader-frame" or not isinstance(e.item, Member):
                docs += 1
            elif e.item.offset >= end:
                items, end = read_member(e.item)
                docs += sum(isinstance(i, Document) for i in items)
    elif config in ("reader", "reader-main"):
        from newsledger.ingest.warc import read_warc
        from newsledger.records import Document

        # reader-main: as ingest's main process reads with workers (they decode); an older reader
        # without the option reads as ``reader``.
        options = {"decode_text": False} if config == "reader-main" else {}
        started, cpu0, main0 = time.perf_counter(), _cpu_seconds(), _main_cpu_seconds()
        for e in read_warc(warc, max_bytes=64 << 20, **options):
            docs += isinstance(e.item, Document)
    elif config == "fastwarc":
        from fastwarc.warc import ArchiveIterator as FastIterator
        from fastwarc.warc import WarcRecordType

        started, cpu0, main0 = time.perf_counter(), _cpu_seconds(), _main_cpu_seconds()
        with open(warc, "rb") as f:
            for rec in FastIterator(f, record_types=WarcRecordType.response):
                rec.reader.read()
                docs += 1
    elif config == "baseline":
        import trafilatura
        from warcio.archiveiterator import ArchiveIterator

        trafilatura.extract("<html><body><p>warm-up text for the extractor</p></body></html>")
        started, cpu0, main0 = time.perf_counter(), _cpu_seconds(), _main_cpu_seconds()
        with open(warc, "rb") as f:
            for rec in ArchiveIterator(f):
                if rec.rec_type != "response":
                    continue
                html = rec.content_stream().read().decode("utf-8", errors="replace")
                trafilatura.extract(html, url=rec.rec_headers.get_header("WARC-Target-URI"))
                docs += 1
    else:
        from newsledger.pipeline import Pipeline
        from newsledger.store import Store

        kind, workers = config.split(":")[-1].rsplit("-", 1)
        import newsledger.extract  # noqa: F401

        if kind == "analyze":
            from newsledger.analyze.model import load_nlp

            load_nlp()
        db = Path(workdir) / f"{config}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        started, cpu0, main0 = time.perf_counter(), _cpu_seconds(), _main_cpu_seconds()
        with Store(db) as store:
            s = Pipeline(store, analyze=kind == "analyze", workers=int(workers)).ingest([warc])
        docs = s.articles + sum(s.failures.values())
        # The full-text index is completed at the end of the run (session 5): inside the time, shown apart.
        index_s = getattr(s, "index_seconds", 0.0)
    seconds = time.perf_counter() - started
    # CPU time from the same start: the per-core rate (docs per CPU-second, all processes of the run),
    # which the machine's load changes far less than the wall-clock rate; forking and warming the
    # workers inside ingest are in it.
    cpu = _cpu_seconds() - cpu0
    main_cpu = _main_cpu_seconds() - main0
    me, kids = _peak_mb()
    return {"config": config, "docs": docs, "seconds": round(seconds, 2), "docs_per_s": round(docs / seconds, 1),
            "cpu_s": round(cpu, 2), "docs_per_cpu_s": round(docs / cpu, 1) if cpu > 0 else None,
            # The main process's share of the CPU time: with N workers on N free cores the run is bound
            # by the busiest of (main process) and (each worker), so this says what N can give.
            "main_cpu_share": round(main_cpu / cpu, 3) if cpu > 0 else None,
            # CPU per document, milliseconds: the main process's, and its workers' together.
            "main_ms": round(1000 * main_cpu / docs, 3) if docs else None,
            "workers_ms": round(1000 * (cpu - main_cpu) / docs, 3) if docs else None,
            "index_s": round(index_s, 3),
            "peak_rss_mb": me, "peak_child_rss_mb": kids}


def _spawn(config: str, warc: Path, workdir: str, before: str | None = None) -> dict[str, Any]:
    code = before if config.startswith("before:") and before else str(ROOT)
    env = {**os.environ, "PYTHONPATH": code}
    out = subprocess.run(
        [sys.executable, __file__, "--one", config, "--warc", str(warc), "--workdir", workdir],
        capture_output=True, text=True, env=env, check=True,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=5000, help="records in the reader's WARC")
    ap.add_argument("--extract-records", type=int, default=1000, help="records for baseline and --extract-only")
    ap.add_argument("--analyze-records", type=int, default=200, help="records for the runs with analysis")
    ap.add_argument("--rss-check", action="store_true",
                    help="also run extract-1 on twice the records, to see whether peak RSS grows with them")
    ap.add_argument("--workers", default="1,2", help="worker counts to time")
    ap.add_argument("--repeats", type=int, default=1, help="rounds of every configuration (medians reported)")
    ap.add_argument("--before", help="a folder holding an older newsledger package to time alongside")
    ap.add_argument("--small-pages", type=int, default=0, metavar="BYTES",
                    help="also time the readers on invented pages of BYTES each, gzip per record and plain")
    ap.add_argument("--skip", default="", help="configurations not to run, comma-separated")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--warc", help=argparse.SUPPRESS)
    ap.add_argument("--workdir", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.warc, args.workdir)))
        return
    if not (SHARED / "html").is_dir():
        print(f"skipped: {SHARED} is absent (the benchmark reads the shared extraction pages)")
        return
    workers = [int(w) for w in args.workers.split(",")]
    skip = set(filter(None, args.skip.split(",")))
    with tempfile.TemporaryDirectory(prefix="nl-bench-ingest-") as tmp:
        big, ext, ana = Path(tmp) / "big.warc.gz", Path(tmp) / "ext.warc.gz", Path(tmp) / "ana.warc.gz"
        sizes = {"big": build_warc(big, args.records), "ext": build_warc(ext, args.extract_records),
                 "ana": build_warc(ana, args.analyze_records)}
        print(f"WARCs: {sizes['big']} records ({big.stat().st_size / 1e6:.1f} MB gzip), "
              f"{sizes['ext']} and {sizes['ana']} records", flush=True)
        plan: list[tuple[str, str, Path]] = [
            ("fastwarc", "fastwarc", big), ("reader", "reader", big), ("reader-main", "reader-main", big),
            ("reader-frame", "reader-frame", big), ("reader-members", "reader-members", big),
            ("inflate-hash", "inflate-hash", big),
            ("baseline", "baseline", ext),
        ]
        for prefix in ("", "before:") if args.before else ("",):
            plan += [(f"{prefix}extract-{w}", f"{prefix}extract-{w}", ext) for w in workers]
            plan += [(f"{prefix}analyze-{w}", f"{prefix}analyze-{w}", ana) for w in workers]
        if args.small_pages:
            small, plain = Path(tmp) / "small.warc.gz", Path(tmp) / "small.warc"
            build_small(small, args.records, args.small_pages, gz=True)
            build_small(plain, args.records, args.small_pages, gz=False)
            for kind, path in (("gzip", small), ("plain", plain)):
                label = f"{args.small_pages} B pages, {kind}"
                plan += [(f"{c} ({label})", c, path) for c in ("fastwarc", "reader", "reader-main")]
        if args.rss_check:
            ext2 = Path(tmp) / "ext2.warc.gz"
            build_warc(ext2, 2 * args.extract_records)
            plan.append(("extract-1 (2x records)", "extract-1", ext2))
        plan = [p for p in plan if p[0] not in skip]
        rounds: list[dict[str, dict[str, Any]]] = []
        loads: list[float] = []
        started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        for _ in range(max(1, args.repeats)):
            results: dict[str, dict[str, Any]] = {}
            for key, config, warc in plan:
                loads.append(os.getloadavg()[0])
                results[key] = r = _spawn(config, warc, tmp, args.before)
                r["load"] = round(os.getloadavg()[0], 2)
                print(json.dumps({"key": key, **r}), flush=True)
            rounds.append(results)
        loads.append(os.getloadavg()[0])
    ended = time.strftime("%H:%M UTC", time.gmtime())
    print(f"\n{started} to {ended}; 1-minute load average {min(loads):.1f} to {max(loads):.1f} "
          f"(median {_median(loads):.1f}); {len(rounds)} round(s); medians over rounds")
    anchor = "baseline" if "baseline" not in skip else None
    print("\n| run | records | docs/s | vs baseline (same round) | docs per CPU-second | vs baseline |"
          " main process's share of the CPU | peak RSS MB (main / largest worker) |")
    print("|---|---|---|---|---|---|---|---|")
    for key, _, _ in plan:
        rate = _median([r[key]["docs_per_s"] for r in rounds])
        ratio = (_median([r[key]["docs_per_s"] / r[anchor]["docs_per_s"] for r in rounds])
                 if anchor else float("nan"))
        per_cpu = _median([r[key]["docs_per_cpu_s"] or float("nan") for r in rounds])
        cpu_ratio = (_median([(r[key]["docs_per_cpu_s"] or float("nan")) / r[anchor]["docs_per_cpu_s"]
                              for r in rounds]) if anchor else float("nan"))
        share = _median([r[key].get("main_cpu_share") or float("nan") for r in rounds])
        last = rounds[-1][key]
        print(f"| {key} | {last['docs']} | {rate:.1f} | {ratio:.2f}x | {per_cpu:.1f} | {cpu_ratio:.2f}x | "
              f"{share:.2f} | {last['peak_rss_mb']} / {last['peak_child_rss_mb']} |")
    pairs = [("reader / fastwarc", "reader", "fastwarc"), ("reader-main / fastwarc", "reader-main", "fastwarc"),
             ("reader-members / fastwarc", "reader-members", "fastwarc"),
             ("reader-frame / fastwarc", "reader-frame", "fastwarc"),
             ("inflate-hash / fastwarc", "inflate-hash", "fastwarc"),
             ("reader / inflate-hash", "reader", "inflate-hash")]
    if args.small_pages:
        for kind in ("gzip", "plain"):
            label = f"({args.small_pages} B pages, {kind})"
            pairs += [(f"reader / fastwarc {label}", f"reader {label}", f"fastwarc {label}"),
                      (f"reader-main / fastwarc {label}", f"reader-main {label}", f"fastwarc {label}")]
    for prefix in ("", "before:"):
        for kind in ("extract", "analyze"):
            pairs.append((f"{prefix}{kind}: 2 workers / 1 worker", f"{prefix}{kind}-2", f"{prefix}{kind}-1"))
    for kind in ("extract", "analyze"):
        for w in workers:
            pairs.append((f"{kind}-{w} / before:{kind}-{w}", f"{kind}-{w}", f"before:{kind}-{w}"))
    _cpu_table(rounds, [key for key, _, _ in plan if "extract-" in key or "analyze-" in key])
    for label, a, b in pairs:
        if all(a in r and b in r for r in rounds):
            values = [r[a]["docs_per_s"] / r[b]["docs_per_s"] for r in rounds]
            cpu = [(r[a]["docs_per_cpu_s"] or float("nan")) / (r[b]["docs_per_cpu_s"] or float("nan")) for r in rounds]
            print(f"{label} = {_median(values):.2f}x (rounds: {', '.join(f'{v:.2f}' for v in values)});"
                  f" per CPU-second {_median(cpu):.2f}x")


def _cpu_table(rounds: list[dict[str, dict[str, Any]]], keys: list[str]) -> None:
    """Where each ingest run's CPU goes, per document (medians over the rounds), and what two workers
    can give on two free cores from those figures alone.

    With one worker the main process reads the WARC beside it (a core to spare) and the worker only
    extracts; with two, each worker reads its records too and the main process only frames and writes.
    On two free cores the one-worker run takes max(m1, w1) a document and the two-worker run
    max(m2, (m2 + w2) / 2) (both cores busy), so 2 workers / 1 worker is at most
    max(m1, w1) / max(m2, (m2 + w2) / 2): the ceiling the wall-clock ratio meets on a quiet machine."""
    if not keys:
        return
    print("\n| run | main process CPU ms a document | workers' CPU ms a document | m / w |"
          " full-text index at the end of the run, s |")
    print("|---|---|---|---|---|")
    med: dict[str, tuple[float, float]] = {}
    for key in keys:
        main_ms = _median([r[key].get("main_ms") or float("nan") for r in rounds])
        workers_ms = _median([r[key].get("workers_ms") or float("nan") for r in rounds])
        index_s = _median([r[key].get("index_s") or 0.0 for r in rounds])
        med[key] = (main_ms, workers_ms)
        print(f"| {key} | {main_ms:.3f} | {workers_ms:.3f} | {main_ms / workers_ms:.3f} | {index_s:.3f} |")
    for prefix in ("", "before:"):
        for kind in ("extract", "analyze"):
            one, two = med.get(f"{prefix}{kind}-1"), med.get(f"{prefix}{kind}-2")
            if one and two:
                ceiling = max(one) / max(two[0], (two[0] + two[1]) / 2)
                print(f"{prefix}{kind}: 2 workers / 1 worker on two free cores at most {ceiling:.2f}x"
                      f" (from the CPU per document above)")


if __name__ == "__main__":
    main()
