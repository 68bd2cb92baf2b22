"""The full-text index's cost in the writer: an FTS5 trigger per article against indexing in bulk.

Copies the article rows of an existing store (e.g. one ``bench/ingest.py`` or ``newsledger ingest
--extract-only`` made from ``../shared/data/extraction/html``) ``--repeats`` times into fresh stores, in
transactions of ``--commit-every`` articles as the ingest writer commits them, and prints the CPU time
per article:

- ``trigger``: the FTS5 trigger of migrations 1-14 (one index insert per article, in the writer's
  transaction);
- ``per-commit``: no trigger, one ``INSERT INTO articles_fts ... SELECT`` per transaction;
- ``bulk``: what the store does since migration 15: the id queued by its trigger (in the run), then
  ``Store.complete_index`` (after the run), in chunks of ``--chunk``.

Each in its own fresh store in this process; CPU time (``time.process_time``), so the machine's load
changes it little; run it under ``nice``.

    PYTHONPATH=. .venv/bin/python bench/fts_index.py STORE.db [--repeats 5] [--commit-every 200]
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from newsledger.store import Store

OLD_TRIGGER = """
CREATE TRIGGER articles_fts_old AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END
"""


def _rows(path: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    cols = [str(r[1]) for r in con.execute("PRAGMA table_info(articles)") if r[1] != "id"]
    rows = [tuple(r) for r in con.execute(f"SELECT {', '.join(cols)} FROM articles ORDER BY id")]
    con.close()
    return cols, rows


def run(mode: str, cols: list[str], rows: list[tuple[Any, ...]], *, repeats: int, commit_every: int,
        chunk: int, folder: Path) -> tuple[float, float, int]:
    """(CPU ms per article in the writer's transactions, CPU ms per article after them, articles)."""
    with Store(folder / f"{mode}.db") as store:
        db = store.db
        db.execute("PRAGMA foreign_keys = OFF")  # articles without their raw inputs: this times the index
        db.execute("DROP TRIGGER articles_ai")
        if mode == "trigger":
            db.execute(OLD_TRIGGER)
        elif mode == "bulk":
            db.execute("CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN"
                       " INSERT OR IGNORE INTO articles_unindexed (id) VALUES (new.id); END")
        insert = f"INSERT INTO articles ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})"
        sha = cols.index("sha256")
        last = 0
        started = time.process_time()
        for r in range(repeats):
            for i in range(0, len(rows), commit_every):
                db.execute("BEGIN IMMEDIATE")
                for row in rows[i:i + commit_every]:
                    db.execute(insert, (*row[:sha], f"{row[sha]}-{r}", *row[sha + 1:]))
                if mode == "per-commit":
                    db.execute("INSERT INTO articles_fts (rowid, title, text) SELECT id, title, text FROM articles"
                               " WHERE id > ?", (last,))
                    last = int(db.execute("SELECT max(id) FROM articles").fetchone()[0])
                db.execute("COMMIT")
        during = time.process_time() - started
        started = time.process_time()
        if mode == "bulk":
            store.complete_index(chunk=chunk)
        after = time.process_time() - started
        n = len(rows) * repeats
        # The index holds every article once, whatever the mode.
        db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
        return 1000 * during / n, 1000 * after / n, n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("store", help="a newsledger SQLite store whose articles are copied")
    ap.add_argument("--repeats", type=int, default=5, help="copies of the store's articles")
    ap.add_argument("--commit-every", type=int, default=200, help="articles per transaction (ingest's default)")
    ap.add_argument("--chunk", type=int, default=Store.INDEX_CHUNK, help="articles per bulk-indexing transaction")
    args = ap.parse_args()
    cols, rows = _rows(args.store)
    if not rows:
        raise SystemExit(f"{args.store} holds no articles")
    print(f"{len(rows)} articles, {sum(len(r[cols.index('text')]) for r in rows) / len(rows):.0f} characters of"
          f" text each on average; {args.repeats} copies, {args.commit_every} a transaction")
    print("| mode | articles | CPU ms an article in the writer's transactions | after | total |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="nl-bench-fts-") as tmp:
        for mode in ("trigger", "per-commit", "bulk"):
            during, after, n = run(mode, cols, rows, repeats=args.repeats, commit_every=args.commit_every,
                                   chunk=args.chunk, folder=Path(tmp))
            print(f"| {mode} | {n} | {during:.3f} | {after:.3f} | {during + after:.3f} |", flush=True)


if __name__ == "__main__":
    main()
