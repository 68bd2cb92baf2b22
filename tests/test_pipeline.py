"""The whole path on one machine: bad inputs, idempotent re-ingest, kill and resume, reprocess."""

from __future__ import annotations

import gzip
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsledger import extract as extract_stage
from newsledger.pipeline import Pipeline
from newsledger.store import Store

STORY = """Ferry service resumes at Port Kelso after storm

By Kelso Tide staff
07/03/2025

Ferry crossings to Mire Island resumed on Friday after three days of cancellations, the harbour board said.

"The swell has dropped and the ramps are safe again," harbour master Ana Ruru told reporters on Friday.

About 1,200 passengers had been stranded on the island since Tuesday, according to the operator, Kelso Straits Ferries.

The board said repairs to the northern ramp would take another two weeks and cost about $40,000.

LATEST NEWS
Council approves new bus shelters
2 hours ago
"""


def story(n: int) -> str:
    return STORY.replace("Friday", f"day {n}").replace("1,200", f"{1000 + n:,}")


def write_corpus(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"story-{i:04d}.txt").write_text(story(i), encoding="utf-8")


def test_bad_inputs_are_summarised_and_recorded(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    write_corpus(corpus, 2)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(200))
    (corpus / "report.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)))
    (corpus / "nobody.html").write_text("<html><head><title>x</title></head></html>")
    packed = gzip.compress("".join(story(i) for i in range(20)).encode())
    (corpus / "cut.html.gz").write_bytes(packed[: len(packed) // 2])
    (corpus / "latin1.txt").write_bytes(story(9).replace("Ruru", "Rúru").encode("latin-1"))
    with Store(tmp_path / "n.db") as store:
        summary = Pipeline(store).ingest([str(corpus)])
        assert summary.inputs == 8
        assert summary.articles == 3
        assert dict(summary.failures) == {
            "empty": 1, "binary": 2, "no-article": 1, "gzip-truncated": 1,
        }
        reasons = {Path(r["source"]).name: (r["stage"], r["reason"]) for r in store.failures()}
        assert reasons == {
            "empty.txt": ("ingest", "empty"),
            "photo.jpg": ("ingest", "binary"),
            "report.pdf": ("ingest", "binary"),
            "nobody.html": ("extract", "no-article"),
            "cut.html.gz": ("ingest", "gzip-truncated"),
        }
        # Every input is kept raw so newer code can retry it: the page with no article and
        # the four refused at ingest (their bytes as read, within the size bound) too.
        assert store.count("raw_inputs") == 8
        refused = store.db.execute(
            "SELECT f.source FROM failures f JOIN raw_inputs r ON r.sha256 = f.sha256 WHERE f.stage = 'ingest'"
        ).fetchall()
        assert len(refused) == 4


def test_reingest_adds_nothing(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    write_corpus(corpus, 5)
    with Store(tmp_path / "n.db") as store:
        first = Pipeline(store).ingest([str(corpus)])
        counts = [store.count(t) for t in ("raw_inputs", "inputs", "articles", "attributions", "figures")]
        second = Pipeline(store).ingest([str(corpus)])
        assert first.articles == 5 and second.articles == 0 and second.duplicates == 5
        assert [store.count(t) for t in ("raw_inputs", "inputs", "articles", "attributions", "figures")] == counts


def test_same_bytes_under_two_names_is_one_article(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(story(1))
    (tmp_path / "b.txt").write_text(story(1))
    with Store(tmp_path / "n.db") as store:
        s = Pipeline(store).ingest([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
        assert (s.articles, s.duplicates) == (1, 1)
        assert store.count("articles") == 1 and store.count("inputs") == 2
        art = store.article(1)
        assert art is not None and [Path(p).name for p in art["sources"]] == ["a.txt", "b.txt"]


def test_reprocess_rebuilds_stale_rows_from_raw(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "in"
    write_corpus(corpus, 3)
    with Store(tmp_path / "n.db") as store:
        Pipeline(store).ingest([str(corpus)])
        ids = [r["id"] for r in store.articles()]
        assert Pipeline(store).reprocess().inputs == 0  # nothing stale
        monkeypatch.setattr(extract_stage, "EXTRACT_VERSION", "extract/test-next")
        corpus.rename(tmp_path / "gone")  # reprocess must need only the database
        s = Pipeline(store).reprocess()
        assert (s.inputs, s.articles) == (3, 3)
        assert [r["id"] for r in store.articles()] == ids
        versions = {r[0] for r in store.db.execute("SELECT extract_version FROM articles")}
        assert versions == {"extract/test-next"}


def test_extractor_crash_on_one_input_does_not_stop_the_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "in"
    write_corpus(corpus, 3)
    real = extract_stage.extract

    def flaky(doc):  # type: ignore[no-untyped-def]
        if doc.source.endswith("0001.txt"):
            raise RecursionError("maximum recursion depth exceeded")
        return real(doc)

    monkeypatch.setattr(extract_stage, "extract", flaky)
    with Store(tmp_path / "n.db") as store:
        s = Pipeline(store).ingest([str(corpus)])
        assert s.articles == 2 and dict(s.failures) == {"error": 1}
        assert "RecursionError" in store.failures()[0]["detail"]


def test_slow_input_times_out_as_a_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_corpus(tmp_path / "in", 2)

    def hang(doc):  # type: ignore[no-untyped-def]
        time.sleep(30)

    monkeypatch.setattr(extract_stage, "extract", hang)
    with Store(tmp_path / "n.db") as store:
        s = Pipeline(store, timeout=0.2).ingest([str(tmp_path / "in")])
        assert dict(s.failures) == {"timeout": 2}


def _wait_for_articles(db: Path, at_least: int, proc: subprocess.Popen[bytes], limit: float = 120) -> int:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return -1
        try:
            con = sqlite3.connect(db, timeout=1)
            n = int(con.execute("SELECT count(*) FROM articles").fetchone()[0])
            con.close()
        except sqlite3.Error:
            n = 0
        if n >= at_least:
            return n
        time.sleep(0.02)
    return -2


def test_killed_run_resumes_without_duplicates_or_losses(tmp_path: Path) -> None:
    n = 400
    corpus, db = tmp_path / "in", tmp_path / "n.db"
    write_corpus(corpus, n)
    cmd = [sys.executable, "-m", "newsledger.cli", "ingest", str(corpus), "--db", str(db)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen = _wait_for_articles(db, 10, proc)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert seen > 0, "the run ended before it could be killed mid-way; raise n"
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    stored = int(con.execute("SELECT count(*) FROM articles").fetchone()[0])
    assert 0 < stored < n
    # Every stored article is whole: its raw input is there and the FTS index has it.
    assert con.execute("SELECT count(*) FROM articles a LEFT JOIN raw_inputs r USING (sha256)"
                       " WHERE r.sha256 IS NULL").fetchone()[0] == 0
    con.close()

    res = subprocess.run(cmd, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == n
    assert con.execute("SELECT count(DISTINCT sha256) FROM articles").fetchone()[0] == n
    assert con.execute("SELECT count(*) FROM raw_inputs").fetchone()[0] == n
    assert con.execute("SELECT count(*) FROM inputs").fetchone()[0] == n
    assert con.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'Kelso'").fetchone()[0] == n
    per_article = con.execute("SELECT count(*) FROM figures GROUP BY article_id, seq HAVING count(*) > 1").fetchall()
    assert per_article == []
    con.close()
