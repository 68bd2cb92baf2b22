"""Why full-text queries are bounded: time a one-word search, a search at the bound, and one far past it.

Builds the demo store (bundled fictional samples) in a temporary folder and reports times as ratios to
the one-word search timed in the same run (absolute times drift with machine load).

    python bench/query_bound.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from newsledger.pipeline import Pipeline
from newsledger.store import MAX_QUERY_TERMS, Store


def best_of(fn: object, n: int = 3) -> float:
    best = float("inf")
    for _ in range(n):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    from importlib import resources

    with tempfile.TemporaryDirectory() as tmp, resources.as_file(resources.files("newsledger") / "samples") as samples:
        store = Store(Path(tmp) / "q.db")
        Pipeline(store, analyze=False).ingest([str(samples)], exclude=["*.json", "*.md", "*.py"])
        one = best_of(lambda: store.articles(search="council", limit=None))
        bound = best_of(lambda: store.articles(search=" ".join(["council"] * MAX_QUERY_TERMS), limit=None))
        past = best_of(lambda: store.db.execute(
            "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (" ".join(['"council"'] * 8000),)
        ).fetchall(), n=1)
        print(f"{store.count('articles')} articles; one word {one * 1000:.2f} ms; {MAX_QUERY_TERMS} words (the bound) "
              f"{bound / one:.0f}x; 8,000 words unbounded {past / one:.0f}x ({past:.2f} s)")
        store.close()


if __name__ == "__main__":
    main()
