"""Speed ratios over the news dev pages, interleaved so load drifts hit every side alike.

    .venv/bin/python bench/extraction_speed.py [--rounds 5] [--data ../shared/data/extraction]
                                               [--cli-args "--workers 0"]

Each round times, one after the other, over the same pages (decompressed and
decoded once, before timing, for the in-process rows):

- trafilatura in process with its default settings (for reference), with the
  benchmark's settings (``include_comments=False``: the anchor of every ratio)
  and with those plus ``fast=True``;
- newsledger's ``extract_html`` in process (fallbacks included), and
  ``newsledger.extract`` on the same pages as Documents (language
  identification included);
- the whole process ``python -m newsledger.cli extract DIR --format jsonl``
  (interpreter start-up, imports, reading and un-gzipping the files, decoding,
  extraction in the default worker processes, language identification, JSON
  out).

The machine is shared, so absolute rates drift with load: what counts are the
ratios to the anchor timed in the same round.  Printed: per row the median
time and pages/s, per ratio the median over rounds and every round's value,
and the load average before and after.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shlex
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from newsledger.extract import extract  # noqa: E402
from newsledger.extract.html import extract_html  # noqa: E402
from newsledger.records import Document  # noqa: E402

ANCHOR = "trafilatura (benchmark settings)"


def _load() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "extraction")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--cli-args", default="", help="extra arguments for the whole-process row")
    args = ap.parse_args(argv)
    if not (args.data / "ground-truth.json").exists():
        print(f"no benchmark data at {args.data} (skipped)", file=sys.stderr)
        return 2
    try:
        import trafilatura
    except ImportError as exc:
        print(f"trafilatura is needed as the anchor: {exc}", file=sys.stderr)
        return 2
    truth = json.loads((args.data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = [
        (gzip.decompress((args.data / "html" / f"{k}.html.gz").read_bytes()).decode("utf-8"), truth[k].get("url"))
        for k in sorted(truth)
    ]
    docs = [Document(source=str(i), data=b"", sha256="", kind="html", text=html, url=url)
            for i, (html, url) in enumerate(pages)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cli = [sys.executable, "-m", "newsledger.cli", "extract", str(args.data / "html"), "--format", "jsonl",
           *shlex.split(args.cli_args)]

    cpu: dict[str, list[float]] = {}

    def timed(fn: Callable[[], object], name: str = "") -> Callable[[], float]:
        def run() -> float:
            t0, c0 = time.perf_counter(), os.times()
            fn()
            t1, c1 = time.perf_counter(), os.times()
            if name:  # CPU seconds of this process and its children: steadier than wall time under load
                cpu.setdefault(name, []).append(sum(c1[:4]) - sum(c0[:4]))
            return t1 - t0
        return run

    def traf(**kw: bool) -> Callable[[], float]:
        return timed(lambda: [trafilatura.extract(html, url=url, **kw) for html, url in pages],
                     ANCHOR if kw == {"include_comments": False} else "")

    rows: dict[str, Callable[[], float]] = {
        "trafilatura (defaults)": traf(),
        ANCHOR: traf(include_comments=False),
        "trafilatura (benchmark settings, fast=True)": traf(include_comments=False, fast=True),
        "newsledger extract_html, in process": timed(lambda: [extract_html(h, u) for h, u in pages]),
        "newsledger extract (+ language), in process": timed(lambda: [extract(d) for d in docs]),
        "newsledger extract, whole process": timed(lambda: subprocess.run(
            cli, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env), "whole"),
    }
    # One untimed pass: imports, trafilatura's and newsledger's caches.
    for name, run in rows.items():
        if "whole process" not in name:
            run()
    print(f"{len(pages)} pages; load average before: {_load()}")
    times: dict[str, list[float]] = {name: [] for name in rows}
    for _ in range(max(1, args.rounds)):
        for name, run in rows.items():
            times[name].append(run())
    n = len(pages)
    anchor = times[ANCHOR]
    print(f"{'row':48} {'median s':>9} {'pages/s':>8} {'x anchor':>9}  per round")
    for name, ts in times.items():
        ratios = [a / t for a, t in zip(anchor, ts, strict=True)]
        med = statistics.median(ts)
        print(f"{name:48} {med:9.3f} {n / med:8.1f} {statistics.median(ratios):9.2f}  "
              + " ".join(f"{r:.2f}" for r in ratios))
    if cpu.get("whole") and cpu.get(ANCHOR):
        print(f"CPU seconds (all processes), median: anchor {statistics.median(cpu[ANCHOR]):.3f}, whole process "
              f"{statistics.median(cpu['whole']):.3f} (all cores; the goal is wall time, this is for load-proof"
              " comparisons)")
    print(f"load average after: {_load()}  (x anchor: the anchor's time over the row's, per round; median)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
