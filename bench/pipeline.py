"""End-to-end throughput: pages from disk into the SQLite store.

    .venv/bin/python bench/pipeline.py [--data ../shared/data/extraction] [--analyze]

Copies the dev pages (HTML, gzip) and their text dumps into a temporary folder,
ingests each set into a fresh database, and prints pages per second for the
whole path (read, decode, extract, optionally analyse, store in one transaction
per page).  The anchor, run in the same process on the same HTML, is
trafilatura's extraction alone (no storage), so the ratio says what newsledger's
whole path costs against the field's usual extractor.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsledger.pipeline import Pipeline  # noqa: E402
from newsledger.store import Store  # noqa: E402


def _ingest(folder: Path, db: Path, analyze: bool) -> tuple[int, float]:
    with Store(db) as store:
        started = time.perf_counter()
        summary = Pipeline(store, analyze=analyze).ingest([str(folder)])
        return summary.articles, time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "extraction")
    ap.add_argument("--analyze", action="store_true", help="also run attribution (needs the nlp extra)")
    args = ap.parse_args()
    if not args.data.exists():
        sys.exit(f"no data at {args.data}: ../shared is absent")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        html_dir, text_dir = work / "html", work / "text"
        shutil.copytree(args.data / "html", html_dir)
        shutil.copytree(args.data / "text", text_dir)
        pages = len(list(html_dir.iterdir()))
        rows = []
        for name, folder in (("HTML (.html.gz)", html_dir), ("text dumps", text_dir)):
            n, secs = _ingest(folder, work / f"{folder.name}.db", args.analyze)
            rows.append((f"newsledger ingest, {name}", n, pages / secs))
        try:
            import trafilatura

            docs = [gzip.decompress(p.read_bytes()).decode("utf-8", "replace") for p in sorted(html_dir.iterdir())]
            started = time.perf_counter()
            for d in docs:
                trafilatura.extract(d)
            rate = len(docs) / (time.perf_counter() - started)
            rows.append(("trafilatura.extract only, HTML (anchor)", len(docs), rate))
        except ImportError as e:
            rows.append((f"trafilatura skipped: {e}", 0, 0.0))
    anchor = rows[-1][2] or 1.0
    print(f"{'run':<45} {'articles':>8} {'pages/s':>8} {'vs anchor':>9}")
    for label, n, rate in rows:
        print(f"{label:<45} {n:>8} {rate:>8.1f} {rate / anchor:>8.2f}x")
    print(f"analysis: {'on' if args.analyze else 'off'}; {pages} pages per set; one process, one core")


if __name__ == "__main__":
    main()
