"""Speed ratios over the news dev pages, interleaved so load drifts hit every side alike.

    .venv/bin/python bench/extraction_speed.py [--rounds 3] [--data ../shared/data/extraction]

Each round times, one after the other: newsledger's ``extract_html`` in process,
trafilatura in process with the benchmark's settings (``include_comments=False``)
and with ``fast=True``, and the whole process ``python -m newsledger.cli extract
DIR --format jsonl`` (start-up, reading, decoding, language identification
included).  Ratios are of best times, and per round.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from newsledger.extract.html import extract_html  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "extraction")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    if not (args.data / "ground-truth.json").exists():
        print(f"no benchmark data at {args.data}", file=sys.stderr)
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

    def newsledger() -> float:
        t0 = time.perf_counter()
        for html, url in pages:
            extract_html(html, url)
        return time.perf_counter() - t0

    def traf(fast: bool) -> float:
        t0 = time.perf_counter()
        for html, url in pages:
            trafilatura.extract(html, url=url, include_comments=False, fast=fast)
        return time.perf_counter() - t0

    def whole_process() -> float:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "newsledger.cli", "extract", str(args.data / "html"), "--format",
                        "jsonl"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env)
        return time.perf_counter() - t0

    times: dict[str, list[float]] = {"newsledger": [], "trafilatura": [], "trafilatura fast": [], "cli": []}
    for _ in range(max(1, args.rounds)):
        times["newsledger"].append(newsledger())
        times["trafilatura"].append(traf(False))
        times["trafilatura fast"].append(traf(True))
        times["cli"].append(whole_process())
    n = len(pages)
    for name, ts in times.items():
        print(f"{name}: best {min(ts):.2f} s ({n / min(ts):.1f} pages/s); rounds " + " ".join(f"{t:.2f}" for t in ts))
    tr, nl, cli = times["trafilatura"], times["newsledger"], times["cli"]
    print(f"in-process newsledger / trafilatura: {min(tr) / min(nl):.2f}x; per round "
          + ", ".join(f"{a / b:.2f}" for a, b in zip(tr, nl, strict=True)))
    print(f"in-process newsledger / trafilatura fast: {min(times['trafilatura fast']) / min(nl):.2f}x")
    print(f"whole-process extract / in-process trafilatura loop: {min(tr) / min(cli):.2f}x; per round "
          + ", ".join(f"{a / b:.2f}" for a, b in zip(tr, cli, strict=True)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
