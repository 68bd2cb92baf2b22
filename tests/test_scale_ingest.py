"""Worker processes, the batched writer, provenance, manifests and resuming exactly once."""

from __future__ import annotations

import gzip
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from warcdata import gz_each, page, pages, record

from newsledger.pipeline import Pipeline
from newsledger.scale.pool import BoundedPool, Emitter, Lost
from newsledger.store import Store

pytest.importorskip("fastwarc", reason="the WARC reader needs FastWARC: pip install 'newsledger[scale]'")
ROOT = Path(__file__).resolve().parents[1]


def _work(items: list[tuple[int, Any]], single: bool, emit: Emitter) -> None:
    for key, payload in items:
        emit.begin([key], "extract")
        if payload == "hang":
            time.sleep(60)
        if payload == "die":
            os._exit(7)
        emit.done(key, payload.upper())


def test_pool_kills_a_hung_record_and_survives_a_crash() -> None:
    items = list(enumerate(["a", "hang", "b", "die", "c", "d"]))
    started = time.monotonic()
    with BoundedPool(_work, processes=2, timeout=1.0, batch_size=3) as pool:
        results = {d.key: d.value for d in pool.run(items)}
        restarts = pool.restarts
    elapsed = time.monotonic() - started
    assert {k: v for k, v in results.items() if isinstance(v, str)} == {0: "A", 2: "B", 4: "C", 5: "D"}
    hung, died = results[1], results[3]
    assert isinstance(hung, Lost) and hung.reason == "timeout" and hung.stage == "extract"
    assert isinstance(died, Lost) and died.reason == "crash" and "exit code 7" in died.detail
    assert restarts == 2
    assert elapsed < 30  # the hang (60 s) was cut at its bound


def test_pool_sends_the_next_batch_ahead_and_a_kill_costs_only_its_record() -> None:
    # Two batches in the one worker at once: the hang in the first kills the worker with the
    # second batch already in it; every other key still comes back once, in either batch.
    items = list(enumerate(["a", "hang", "b", "c", "die", "d", "e"]))
    with BoundedPool(_work, processes=1, timeout=1.0, batch_size=2, ahead=2) as pool:
        pool.submit(items)
        pool.poll(0.0)
        assert len(pool._workers[0].batches) == 2  # the next batch went out before the first ended
        results: dict[int, Any] = {}
        while pool.outstanding:
            for d in pool.poll(0.5):
                assert d.key not in results
                results[d.key] = d.value
    assert {k: v for k, v in results.items() if isinstance(v, str)} == {0: "A", 2: "B", 3: "C", 5: "D", 6: "E"}
    assert isinstance(results[1], Lost) and results[1].reason == "timeout"
    assert isinstance(results[4], Lost) and results[4].reason == "crash"


def _echo(items: list[tuple[int, Any]], single: bool, emit: Emitter) -> None:
    for key, payload in items:
        emit.begin([key], "extract")
        emit.done(key, payload * 2)


def test_large_payloads_both_ways_with_batches_ahead_do_not_block() -> None:
    # With a batch sent ahead, the parent's send of it and the worker's send of its results are
    # both larger than a socket's buffer: without the worker's own receiving thread each would
    # wait for the other for ever.
    results: dict[int, Any] = {}
    pool = BoundedPool(_echo, processes=1, timeout=None, batch_size=2, ahead=2)

    def run() -> None:
        big = [(k, bytes([65 + k]) * (10 << 20)) for k in range(4)]  # above the widened buffers
        results.update((d.key, d.value) for d in pool.run(big))

    runner = threading.Thread(target=run, daemon=True)
    runner.start()
    runner.join(60)
    blocked = runner.is_alive()
    if blocked:  # a send is stuck: closing would block too
        for w in pool._workers:
            w.proc.kill()
    else:
        pool.close()
    assert not blocked, "the pool blocked"
    assert sorted(results) == list(range(4))
    assert all(results[k] == bytes([65 + k]) * (20 << 20) for k in range(4))


def test_div_bomb_page_times_out_within_the_bound_and_the_batch_goes_on(tmp_path: Path) -> None:
    # lexbor spends minutes on this page in C code, where SIGALRM cannot reach.
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.html").write_bytes(page(1))
    (tmp_path / "in" / "b.html").write_bytes(b"<html><body>" + b"<div/>" * 200_000 + b"<p>end</p></body></html>")
    (tmp_path / "in" / "c.html").write_bytes(page(2))
    started = time.monotonic()
    with Store(tmp_path / "n.db") as store:
        s = Pipeline(store, analyze=False, timeout=3, workers=1).ingest([str(tmp_path / "in")])
        failures = store.failures()
    assert time.monotonic() - started < 30
    assert s.articles == 2 and dict(s.failures) == {"timeout": 1}
    assert failures[0]["source"].endswith("b.html") and "worker killed" in failures[0]["detail"]


def test_warc_ingest_keeps_provenance_and_counts_other_records(tmp_path: Path) -> None:
    recs = [*pages(0, 2), record("https://kelso-tide.example/logo.png", b"\x89PNG\r\n\x1a\n", ctype="image/png"),
            record("https://kelso-tide.example/", b"GET / HTTP/1.1\r\n\r\n", rtype="request",
                   ctype="application/http; msgtype=request"),
            record("https://kelso-tide.example/gone", b"<p>x</p>", status="503 Service Unavailable")]
    warc = tmp_path / "crawl.warc.gz"
    warc.write_bytes(gz_each(recs))
    with Store(tmp_path / "n.db") as store:
        s = Pipeline(store, analyze=False, workers=1).ingest([str(warc)])
        assert (s.articles, s.inputs) == (2, 3)
        assert dict(s.skipped) == {"warc:response image/png": 1, "warc:request": 1}
        assert dict(s.failures) == {"http-status": 1}
        rows = [dict(r) for r in store.db.execute("SELECT * FROM inputs ORDER BY id")]
        assert [r["url"] for r in rows] == ["https://kelso-tide.example/story/0", "https://kelso-tide.example/story/1"]
        first = rows[0]
        assert first["container"] == str(warc) and first["position"] == "offset 0"
        assert first["record_id"].startswith("<urn:uuid:") and first["fetched_at"] == "2025-04-01T10:00:00Z"
        assert (first["content_type"], first["charset"], first["http_status"]) == ("text/html", "utf-8", 200)
        assert first["last_modified"] == "Tue, 01 Apr 2025 10:00:00 GMT"
        assert json.loads(first["meta"]) == {"warc_type": "response"}
        # The same archive again: every record already done, nothing read twice.
        again = Pipeline(store, analyze=False, workers=1).ingest([str(warc)])
        assert (again.inputs, again.resumed, again.articles) == (0, 5, 0)


def test_workers_give_the_same_rows_as_inline(tmp_path: Path) -> None:
    warc = tmp_path / "c.warc.gz"
    warc.write_bytes(gz_each(pages(0, 12)))
    tables: list[list[tuple[Any, ...]]] = []
    for workers in (0, 2):
        with Store(tmp_path / f"w{workers}.db") as store:
            s = Pipeline(store, workers=workers).ingest([str(warc)])
            assert s.articles == 12
            tables.append([
                *store.db.execute("SELECT sha256, title, text, published, analyze_version FROM articles"
                                  " ORDER BY sha256"),
                *store.db.execute("SELECT a.sha256, t.seq, t.speaker, t.content_text FROM attributions t"
                                  " JOIN articles a ON a.id = t.article_id ORDER BY a.sha256, t.seq"),
            ])
    assert [tuple(r) for r in tables[0]] == [tuple(r) for r in tables[1]]


def test_same_bytes_with_another_url_is_recorded(tmp_path: Path) -> None:
    (tmp_path / "p.html").write_bytes(page(3))
    (tmp_path / "urls.tsv").write_text("p.html\thttps://mirror.example/p\n")
    with Store(tmp_path / "n.db") as store:
        Pipeline(store, analyze=False).ingest([str(tmp_path / "p.html")], url="https://kelso-tide.example/p")
        lines = {str(tmp_path / "p.html"): "https://mirror.example/p"}
        s = Pipeline(store, analyze=False).ingest(list(lines), urls=lines)
        assert s.duplicates == 1
        urls = [r[0] for r in store.db.execute("SELECT url FROM inputs ORDER BY id")]
        assert urls == ["https://kelso-tide.example/p", "https://mirror.example/p"]
        art = store.article(1)
        assert art is not None and len(art["sources"]) == 1


def _cli(*args: str, cwd: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "newsledger.cli", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.parametrize("workers", ["1", "2"])  # 2: each worker has a batch waiting in it when killed
def test_killed_warc_run_resumes_each_record_exactly_once(tmp_path: Path, workers: str) -> None:
    n = 600  # enough that the run is still going when 20 are committed, even on an idle machine
    warc = tmp_path / "big.warc.gz"
    # Every 10th record repeats an earlier page under a new URL: duplicates must stay duplicates.
    recs = [record(f"https://kelso-tide.example/r/{i}", page(i - 1 if i % 10 == 9 else i)) for i in range(n)]
    warc.write_bytes(gz_each(recs))
    db = tmp_path / "n.db"
    proc = _cli("ingest", str(warc), "--db", str(db), "--extract-only", "--workers", workers, "--commit-every", "5",
                cwd=tmp_path)
    deadline = time.monotonic() + 120
    done = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        try:
            with sqlite3.connect(db, timeout=1) as con:
                done = con.execute("SELECT max(records) FROM progress").fetchone()[0] or 0
        except sqlite3.Error:
            continue
        if done >= 20:
            break
    assert proc.poll() is None and 20 <= done < n, "the run ended before it could be killed mid-way"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # The killed run indexed nothing (an ingest indexes at its end): a search indexes first, and finds all.
    with Store(db) as store:
        stored = {int(r[0]) for r in store.db.execute("SELECT id FROM articles")}
        assert stored and store.unindexed() == len(stored)
        assert {int(r["id"]) for r in store.articles(search="Kelso", limit=None)} == stored
        assert store.unindexed() == 0
    resumed = _cli("ingest", "--resume", "--db", str(db), "--extract-only", "--workers", workers, cwd=tmp_path)
    _, err = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, err.decode()
    with Store(db) as store:
        sources = [r[0] for r in store.db.execute("SELECT source FROM inputs")]
        assert len(sources) == len(set(sources)) == n
        assert store.count("articles") == n - n // 10
        progress = store.db.execute("SELECT records, finished FROM progress").fetchall()
        assert [tuple(r) for r in progress] == [(n, 1)]
        # Every article in the index once: the resumed run indexed the rest at its end.
        assert store.unindexed() == 0
        assert len(store.articles(search="Kelso", limit=None)) == n - n // 10
        store.db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
    assert b"done by an earlier run" in err


def test_cli_usage_errors(tmp_path: Path) -> None:
    p = _cli("ingest", "--db", str(tmp_path / "n.db"), cwd=tmp_path)
    assert p.wait(timeout=120) == 2
    p = _cli("ingest", str(tmp_path), "--field", "nonsense", "--db", str(tmp_path / "n.db"), cwd=tmp_path)
    assert p.wait(timeout=120) == 2


def test_jsonl_gz_through_the_cli(tmp_path: Path) -> None:
    lines = [json.dumps({"u": f"https://kelso-tide.example/{i}", "b": page(i).decode()}) for i in range(3)]
    (tmp_path / "dump.jsonl.gz").write_bytes(gzip.compress(("\n".join([*lines, "oops"]) + "\n").encode()))
    p = _cli("ingest", str(tmp_path / "dump.jsonl.gz"), "--field", "html=b", "--field", "url=u", "--extract-only",
             "--workers", "1", "--db", str(tmp_path / "n.db"), cwd=tmp_path)
    _, err = p.communicate(timeout=300)
    assert p.returncode == 0, err.decode()
    with Store(tmp_path / "n.db") as store:
        assert store.count("articles") == 3
        failed = [(r["reason"], r["source"].rsplit("#", 1)[1]) for r in store.failures()]
        assert failed == [("jsonl-not-json", "line=4")]


def test_workers_decode_and_pack_what_the_reader_left_raw(tmp_path: Path) -> None:
    """The pool path reads WARC pages undecoded; the stored rows must match the inline path's, bytes too."""
    import hashlib
    import zlib

    from newsledger.ingest import finish
    from newsledger.ingest.pack import pack
    from newsledger.ingest.warc import read_warc
    from newsledger.records import Document, Failure

    latin = record("https://kelso-tide.example/latin", "<html><body><article><p>Caf\u00e9 crossings resumed on"
                   " Friday at Port Kelso, the harbour board said.</p></article></body></html>".encode("cp1252"),
                   ctype="text/html; charset=windows-1252")
    # Not blank as bytes, blank once decoded: refused by the decoding the worker now does.
    blank = record("https://kelso-tide.example/blank", b"\xef\xbb\xbf" + b" \n" * 40,
                   ctype="text/plain")
    warc = tmp_path / "d.warc.gz"
    warc.write_bytes(gz_each([*pages(0, 3), latin, blank]))
    eager = [e.item for e in read_warc(str(warc), max_bytes=1 << 20)]
    lazy = [e.item for e in read_warc(str(warc), max_bytes=1 << 20, decode_text=False)]
    assert all(isinstance(d, Document) and d.encoding == "" and d.text == "" for d in lazy)
    for a, b in zip(eager, lazy, strict=True):
        done = finish(b)  # type: ignore[arg-type]
        if isinstance(a, Failure):
            assert isinstance(done, Failure) and (done.reason, done.stage) == (a.reason, a.stage) == ("empty", "ingest")
        else:
            assert isinstance(done, Document) and (done.text, done.encoding) == (a.text, a.encoding)  # type: ignore[union-attr]
    assert zlib.decompress(pack(page(1))) == page(1)
    rows = []
    for workers in (0, 1):
        with Store(tmp_path / f"p{workers}.db") as store:
            s = Pipeline(store, analyze=False, workers=workers).ingest([str(warc)])
            assert (s.articles, dict(s.failures)) == (4, {"empty": 1})
            query = "SELECT sha256, size, kind, encoding FROM raw_inputs"
            rows.append(sorted(tuple(r) for r in store.db.execute(query)))
            for (sha,) in store.db.execute("SELECT sha256 FROM raw_inputs"):
                raw = store.raw(sha)  # every kept input, the refused one too, reads back to its own bytes
                assert raw is not None and hashlib.sha256(raw).hexdigest() == sha
    assert rows[0] == rows[1] and len(rows[0]) == 5
    assert {r[3] for r in rows[1]} >= {"utf-8", "windows-1252"}  # decoded in the worker, recorded by the writer


def test_clearing_a_saved_inputs_failures_uses_an_index(tmp_path: Path) -> None:
    """Every save clears its bytes' failures by sha256: a scan of the table would slow ingest with each failure."""
    with Store(tmp_path / "n.db") as store:
        plan = " ".join(str(r[-1]) for r in store.db.execute(
            "EXPLAIN QUERY PLAN DELETE FROM failures WHERE sha256 = ? AND stage IN (?, ?)", ("x", "a", "b")))
    assert "failures_sha256" in plan, plan


def test_jsonl_pages_are_decoded_by_the_workers_with_the_same_rows(tmp_path: Path) -> None:
    from newsledger.ingest.jsonl import read_jsonl
    from newsledger.records import Document

    lines = [json.dumps({"url": f"https://kelso-tide.example/j{i}", "html": page(40 + i).decode()}) for i in range(3)]
    export = tmp_path / "e.jsonl"
    export.write_text("\n".join([*lines, json.dumps({"url": "https://kelso-tide.example/blank", "text": "\ufeff \n "})])
                      + "\n")
    lazy = [e.item for e in read_jsonl(str(export), max_bytes=1 << 20, decode_text=False)]
    assert [isinstance(d, Document) and d.encoding == "" for d in lazy] == [True] * 4  # refused only once decoded
    rows = []
    for workers in (0, 1):
        with Store(tmp_path / f"j{workers}.db") as store:
            s = Pipeline(store, analyze=False, workers=workers).ingest([str(export)])
            assert (s.articles, dict(s.failures)) == (3, {"empty": 1})
            rows.append([tuple(r) for r in store.db.execute(
                "SELECT r.sha256, r.encoding, a.title, a.text FROM raw_inputs r JOIN articles a USING (sha256)"
                " ORDER BY r.sha256")])
    assert rows[0] == rows[1] and {r[1] for r in rows[1]} == {"utf-8"}


def _gone(pid: int) -> bool:
    # An orphan reparented to an init that does not reap shows as a zombie: that is dead too.
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return True
    return any(line.startswith("State:") and "Z" in line.split()[1] for line in status.splitlines())


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads process states from /proc (Linux)")
def test_workers_end_when_the_parent_is_killed() -> None:
    # A SIGKILLed ingest left its forked workers behind for good (~290 MB each): they held
    # the parent's ends of their pipes and so never saw EOF.
    script = (
        "import sys, time\n"
        "from newsledger.scale.pool import BoundedPool\n"
        "def work(items, single, emit):\n"
        "    pass\n"
        "pool = BoundedPool(work, processes=2, timeout=None)\n"
        "print(' '.join(str(w.proc.pid) for w in pool._workers), flush=True)\n"
        "time.sleep(120)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert parent.stdout is not None
        pids = [int(p) for p in parent.stdout.readline().split()]
        assert len(pids) == 2 and not any(_gone(p) for p in pids)
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=30)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not all(_gone(p) for p in pids):
        time.sleep(0.1)
    assert all(_gone(p) for p in pids), f"workers {pids} outlived their killed parent"
