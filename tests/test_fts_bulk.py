"""The full-text index filled in bulk (migration 15): nothing a search should find is ever missed."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from warcdata import page

from newsledger.pipeline import Pipeline
from newsledger.store import Store, StoreError
from newsledger.store.schema import MIGRATIONS
from newsledger.store.sqlite import _split_sql

ROOT = Path(__file__).resolve().parents[1]


def _pages(folder: Path, numbers: range) -> Path:
    folder.mkdir(exist_ok=True)
    for n in numbers:
        (folder / f"p{n}.html").write_bytes(page(n))
    return folder


def _hits(store: Store, query: str) -> set[int]:
    return {int(r["id"]) for r in store.articles(search=query, limit=None)}


def _intact(store: Store) -> None:
    # FTS5 compares its index with the content table: an article indexed twice, or deleted from the
    # index with terms it never held, fails here.
    store.db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")


def test_an_ingest_indexes_its_articles_at_its_end(tmp_path: Path) -> None:
    with Store(tmp_path / "n.db") as store:
        summary = Pipeline(store, analyze=False).ingest([str(_pages(tmp_path / "in", range(5)))])
        assert summary.articles == 5 and summary.indexed == 5
        assert store.unindexed() == 0
        # Read without the search path (which would index first): the rows are in the index already.
        assert store.db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'Kelso'").fetchone()[0] == 5
        _intact(store)


def test_a_search_completes_an_index_left_unfinished(tmp_path: Path) -> None:
    with Store(tmp_path / "n.db") as store:
        pipe = Pipeline(store, analyze=False)
        pipe.ingest([str(_pages(tmp_path / "a", range(3)))])
        # A run killed before its end: its articles are stored and waiting in articles_unindexed.
        store.db.execute("INSERT INTO articles_unindexed (id) SELECT id FROM articles")
        store.db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('delete-all')")
        assert store.unindexed() == 3
        assert store.db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'Kelso'").fetchone()[0] == 0
        ids = {int(r[0]) for r in store.db.execute("SELECT id FROM articles")}
        assert _hits(store, "Kelso") == ids  # the search indexed them first
        assert store.unindexed() == 0
        _intact(store)


def test_updating_or_deleting_an_unindexed_article_keeps_the_index_whole(tmp_path: Path) -> None:
    with Store(tmp_path / "n.db") as store:
        pipe = Pipeline(store, analyze=False)
        pipe.ingest([str(_pages(tmp_path / "a", range(4)))])
        first, second, third, fourth = (int(r[0]) for r in store.db.execute("SELECT id FROM articles ORDER BY id"))
        with store.transaction():
            store.db.execute("INSERT INTO articles_fts (articles_fts, rowid, title, text)"
                             " SELECT 'delete', id, title, text FROM articles WHERE id IN (?, ?)", (first, second))
            store.db.execute("INSERT INTO articles_unindexed (id) VALUES (?), (?)", (first, second))
        # Unindexed: an update or a delete must not touch the index (FTS5 would take out terms it never had).
        store.db.execute("UPDATE articles SET title = 'Quokka sighting' WHERE id = ?", (first,))
        store.db.execute("DELETE FROM articles WHERE id = ?", (second,))
        # Indexed: the index follows the row, as before.
        store.db.execute("UPDATE articles SET title = 'Wombat parade' WHERE id = ?", (third,))
        store.db.execute("DELETE FROM articles WHERE id = ?", (fourth,))
        assert store.unindexed() == 1
        assert _hits(store, "Quokka") == {first}
        assert _hits(store, "Wombat") == {third}
        assert _hits(store, "Kelso") == {first, third}
        _intact(store)


def test_an_article_indexed_already_is_not_indexed_twice(tmp_path: Path) -> None:
    with Store(tmp_path / "n.db") as store:
        Pipeline(store, analyze=False).ingest([str(_pages(tmp_path / "a", range(3)))])
        # An FTS5 'rebuild' run by hand while articles wait: they are in the index and still listed.
        store.db.execute("INSERT INTO articles_unindexed (id) SELECT id FROM articles WHERE id > 1")
        store.db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
        assert store.complete_index() == 2 and store.unindexed() == 0
        _intact(store)
        assert store.db.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()[0] == 3
        assert len(_hits(store, "Kelso")) == 3


def test_a_store_made_before_migration_15_keeps_its_index(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with Store(tmp_path / "donor.db") as donor:
        Pipeline(donor, analyze=False).ingest([str(_pages(tmp_path / "a", range(2)))])
        cols = [r[1] for r in donor.db.execute("PRAGMA table_info(articles)") if r[1] != "id"]
        rows = donor.db.execute(f"SELECT {', '.join(cols)} FROM articles").fetchall()
        raws = donor.db.execute("SELECT * FROM raw_inputs").fetchall()
    con = sqlite3.connect(db)
    for n, migration in enumerate(MIGRATIONS[:14], start=1):
        for statement in _split_sql(migration):
            con.execute(statement)
        con.execute(f"PRAGMA user_version = {n}")
    con.executemany(f"INSERT INTO raw_inputs VALUES ({', '.join('?' for _ in raws[0])})", [tuple(r) for r in raws])
    con.executemany(f"INSERT INTO articles ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
                    [tuple(r) for r in rows])  # indexed by the old trigger
    con.commit()
    con.close()
    with Store(db) as store:
        assert store.schema_version == len(MIGRATIONS) and store.unindexed() == 0
        assert len(_hits(store, "Kelso")) == 2
        store.db.execute("UPDATE articles SET title = 'Pelican count' WHERE id = (SELECT min(id) FROM articles)")
        assert len(_hits(store, "Pelican")) == 1
        _intact(store)


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "newsledger.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_index_command_and_a_database_that_cannot_be_written(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    with Store(db) as store:
        Pipeline(store, analyze=False).ingest([str(_pages(tmp_path / "a", range(3)))])
        store.db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('delete-all')")
        store.db.execute("INSERT INTO articles_unindexed (id) SELECT id FROM articles")
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert _cli("index", "--db", str(tmp_path / "absent.db"), cwd=tmp_path).returncode == 3
    assert not (tmp_path / "absent.db").exists()
    with Store(db) as store:
        def refused(*, chunk: int | None = None) -> int:
            raise sqlite3.OperationalError("attempt to write a readonly database")

        store.complete_index = refused  # type: ignore[method-assign]
        with pytest.raises(StoreError, match=r"3 articles .* not in the search index yet"):
            store.articles(search="Kelso")  # never a silent answer without them
    done = _cli("index", "--db", str(db), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "3\n"
    again = _cli("index", "--db", str(db), cwd=tmp_path)
    assert again.returncode == 0 and again.stdout == "0\n"
    with Store(db) as store:
        assert store.db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'Kelso'").fetchone()[0] == 3
        _intact(store)
