"""What is particular to the PostgreSQL store: SQL translation, search syntax to tsquery, bounded lock
waits, concurrent and killed ingests.  The store's general behaviour is tested on both backends
(``db_url`` in test_store.py, test_link_store.py, test_serve_api.py, ...).  Fictional data only."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_pipeline import write_corpus
from typer.testing import CliRunner

from newsledger.cli import app
from newsledger.records import Article, Document, PublishedDate
from newsledger.store import QueryError, SearchSyntaxError, Store
from newsledger.store.postgres import normalise_url, redact, translate

ROOT = Path(__file__).resolve().parents[1]


# -- translation (no server needed) -------------------------------------------

def test_translate_placeholders_but_never_literals() -> None:
    sql, ret = translate("SELECT id FROM t WHERE a = ? AND b = 'what?' AND c LIKE '50%'", True)
    assert sql == "SELECT id FROM t WHERE a = %s AND b = 'what?' AND c ILIKE '50%%' ESCAPE ''"
    assert ret is False
    assert translate("SELECT 'a%b'", False)[0] == "SELECT 'a%b'"


def test_translate_inserts() -> None:
    sql, ret = translate("INSERT OR IGNORE INTO speakers (article_id, name) VALUES (?, ?)", True)
    assert sql == "INSERT INTO speakers (article_id, name) VALUES (%s, %s) ON CONFLICT DO NOTHING RETURNING id"
    assert ret is True
    sql, ret = translate("INSERT INTO raw_inputs (sha256) VALUES (?)", True)
    assert sql.endswith("VALUES (%s)") and ret is False  # no id column: nothing returned
    assert translate("INSERT INTO runs (command) VALUES (?)", True, many=True)[1] is False
    sql, _ = translate("INSERT OR REPLACE INTO link_signatures (article_id, size) VALUES (?, ?)", True)
    assert sql.endswith("ON CONFLICT (article_id) DO UPDATE SET size = EXCLUDED.size")


def test_translate_functions_limits_and_like() -> None:
    assert translate("SELECT ifnull(a, '') FROM t LIMIT ? OFFSET ?", True)[0] == \
        "SELECT coalesce(a, '') FROM t LIMIT NULLIF(%s, -1) OFFSET %s"
    assert translate("SELECT 1 WHERE x LIKE ? ESCAPE '\\'", True)[0] == "SELECT 1 WHERE x ILIKE %s ESCAPE '\\'"
    assert "INDEXED" not in translate("SELECT * FROM speakers s INDEXED BY speakers_name WHERE 1", False)[0]
    assert translate("SELECT 1 WHERE ? IS NOT NULL", True)[0] == "SELECT 1 WHERE CAST(%s AS TEXT) IS NOT NULL"


def test_url_folded_by_path_is_restored_and_passwords_are_not_shown() -> None:
    url = "postgresql://ana@127.0.0.1:5433/ledger"
    assert normalise_url(Path(url)) == url
    assert redact("postgresql://ana:hunter2@127.0.0.1/ledger") == "postgresql://ana:***@127.0.0.1/ledger"


# -- on a server --------------------------------------------------------------

STORIES = {
    "a": ("Harbour wall at Port Veldane holds", "The harbour wall held overnight, the Veldane port authority said."),
    "b": ("Ferry timetable changes", "Ferries to Mire Island run hourly from Monday; the harbour office agreed."),
    "c": ("Café owners in Kelsö count losses", "Flooding reached the café on Quay Street, its owner Ana Ruru said."),
}


def _doc(text: str) -> Document:
    data = text.encode()
    return Document(source=f"{hashlib.sha1(data).hexdigest()[:8]}.txt", data=data,
                    sha256=hashlib.sha256(data).hexdigest(), text=text)


@pytest.fixture
def searchable(pg_url: str) -> tuple[str, dict[str, int]]:
    ids = {}
    with Store(pg_url) as s:
        for key, (title, body) in STORIES.items():
            art = Article(title=title, paragraphs=[body], published=PublishedDate(iso="2025-05-01", raw="1 May"))
            ids[key] = s.save(_doc(title + body), art, None, extract_version="e", analyze_version=None)
    return pg_url, ids


@pytest.mark.parametrize(("query", "expected"), [
    ("harbour", "ab"),
    ('"harbour wall"', "a"),
    ('"wall harbour"', ""),               # a phrase keeps its order
    ("harb*", "ab"),                      # prefix
    ("ferr* OR cafe", "bc"),
    ("harbour NOT ferries", "a"),
    ("harbour AND (island OR authority)", "ab"),
    ("title:harbour", "a"),               # only in the title
    ("text:harbour", "ab"),
    ("kelso cafe", "c"),                  # diacritics folded on both sides (Kelsö, café)
    ("KELSÖ", "c"),
    ("harbour monday", "b"),              # plain words: all of them
    ("'; DROP TABLE articles; --", ""),   # a parameter, never SQL
])
def test_search_syntax_on_postgresql(searchable: tuple[str, dict[str, int]], query: str, expected: str) -> None:
    url, ids = searchable
    with Store(url) as s:
        found = {r["id"] for r in s.articles(search=query)}
        assert found == {ids[k] for k in expected}
        assert s.count("articles") == 3


@pytest.mark.parametrize("query", ['"unclosed', "NOT harbour", "harbour OR", "(harbour wall", "colour:red",
                                   "NEAR(harbour wall)", "harbour ) wall"])
def test_bad_searches_say_why(searchable: tuple[str, dict[str, int]], query: str) -> None:
    url, _ = searchable
    with Store(url) as s, pytest.raises(SearchSyntaxError):
        s.articles(search=query)
    res = CliRunner().invoke(app, ["articles", "--db", url, "--search", query])
    assert res.exit_code == 2, res.output


def test_search_bounds_are_the_same_as_on_sqlite(searchable: tuple[str, dict[str, int]]) -> None:
    url, _ = searchable
    with Store(url) as s, pytest.raises(QueryError, match="terms"):
        s.articles(search=" ".join(["harbour"] * 100))


def test_ranked_best_match_first(searchable: tuple[str, dict[str, int]]) -> None:
    url, ids = searchable
    with Store(url) as s:
        # "harbour" in the title (weight A) and the text ranks above the text alone.
        assert [r["id"] for r in s.articles(search="harbour")] == [ids["a"], ids["b"]]


def test_read_commands_never_create_a_store(pg_url: str) -> None:
    import psycopg

    for cmd in (["articles"], ["quotes"], ["figures"], ["failures"], ["show", "1"], ["copies", "--all"]):
        res = CliRunner().invoke(app, [*cmd, "--db", pg_url])
        assert res.exit_code == 3, (cmd, res.output)
    with psycopg.connect(pg_url) as con:
        n = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()")
        assert n.fetchone() == (0,)


def test_text_with_nul_is_stored_and_raw_bytes_are_exact(pg_url: str) -> None:
    text = "Pier\x00 reopens at Port Veldane"
    with Store(pg_url) as s:
        d = _doc(text)
        aid = s.save(d, Article(title="Pier", paragraphs=[text]), None, extract_version="e", analyze_version=None)
        got = s.article(aid)
        assert got is not None and got["text"] == "Pier\ufffd reopens at Port Veldane"
        assert s.raw(d.sha256) == d.data


def test_a_writer_waits_a_bounded_time_for_the_write_lock(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import psycopg

    from newsledger.store import postgres

    monkeypatch.setattr(postgres, "BUSY_TIMEOUT", 0.5)
    with Store(pg_url) as s:
        pass
    holder = psycopg.connect(pg_url)  # another writer, mid-transaction
    try:
        holder.execute(postgres.LOCK_SQL.replace("?", "%s"), (postgres.WRITE_LOCK,))
        with Store(pg_url) as s:
            t0 = time.monotonic()
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                s.add_raw(_doc("waiting"))
            assert time.monotonic() - t0 < 20
            assert not s.db.in_transaction  # rolled back, usable again
        holder.rollback()
        with Store(pg_url) as s:
            s.add_raw(_doc("after"))
            assert s.count("raw_inputs") == 1
    finally:
        holder.close()


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "newsledger.cli", *args]


def _count(url: str, sql: str) -> int:
    import psycopg

    try:
        with psycopg.connect(url) as con:
            row = con.execute(sql).fetchone()
            return int(row[0]) if row else 0
    except psycopg.Error:
        return 0


def test_concurrent_ingests_store_each_input_once(pg_url: str, tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    write_corpus(corpus, 30)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = _cli("ingest", str(corpus), "--db", pg_url, "--no-analyze", "--no-link", "--workers", "0")
    procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(2)]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err.decode(errors="replace")[-2000:]
    assert _count(pg_url, "SELECT count(*) FROM articles") == 30
    assert _count(pg_url, "SELECT count(DISTINCT sha256) FROM articles") == 30
    assert _count(pg_url, "SELECT count(*) FROM raw_inputs") == 30
    assert _count(pg_url, "SELECT count(*) FROM inputs") == 30
    assert _count(pg_url, "SELECT count(*) FROM articles_fts") == 30


def test_killed_ingest_resumes_exactly_once(pg_url: str, tmp_path: Path) -> None:
    n = 150
    corpus = tmp_path / "in"
    write_corpus(corpus, n)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = _cli("ingest", str(corpus), "--db", pg_url, "--no-analyze", "--no-link", "--workers", "0",
               "--commit-every", "1")
    # Its own process group, so the kill takes its worker processes too (they would outlive it otherwise).
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    seen = 0
    while time.monotonic() < deadline and proc.poll() is None:
        seen = _count(pg_url, "SELECT count(*) FROM articles")
        if seen >= 5:
            break
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert seen > 0, "the run ended before it could be killed mid-way; raise n"
    stored = _count(pg_url, "SELECT count(*) FROM articles")
    assert 0 < stored < n
    # Every stored article is whole: its raw input and its search entry are there.
    assert _count(pg_url, "SELECT count(*) FROM articles a LEFT JOIN raw_inputs r USING (sha256)"
                          " WHERE r.sha256 IS NULL") == 0
    assert _count(pg_url, "SELECT count(*) FROM articles_fts") == stored
    res = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    assert _count(pg_url, "SELECT count(*) FROM articles") == n
    assert _count(pg_url, "SELECT count(DISTINCT sha256) FROM articles") == n
    assert _count(pg_url, "SELECT count(*) FROM inputs") == n
    assert _count(pg_url, "SELECT count(*) FROM articles_fts WHERE doc @@ 'kelso'::tsquery") == n


def test_demo_refuses_a_postgresql_url() -> None:
    res = CliRunner().invoke(app, ["demo", "--db", "postgresql://nobody@127.0.0.1:1/none"])
    assert res.exit_code == 2 and "SQLite file" in res.output


def test_both_backends_answer_the_same(pg_url: str, tmp_path: Path) -> None:
    """The bundled (fictional) samples ingested into each: every read command's JSON is byte-identical,
    except search order (BM25 on SQLite, ts_rank on PostgreSQL), compared as sets."""
    import json

    samples = str(ROOT / "newsledger" / "samples")
    sqlite_db = str(tmp_path / "s.db")
    runner = CliRunner()
    for db in (sqlite_db, pg_url):  # extracted first, then analysed by reprocess (both paths on both)
        res = runner.invoke(app, ["ingest", samples, "--db", db, "--workers", "0", "--no-analyze",
                                  "--exclude", "*.json", "--exclude", "*.md", "--exclude", "*.py"])
        assert res.exit_code == 0, res.output
        res = runner.invoke(app, ["reprocess", "--db", db, "--workers", "0"])
        assert res.exit_code == 0, res.output
    for cmd in (["articles", "--json"], ["quotes", "--json", "--all"], ["figures", "--json", "--all"],
                ["stories", "--json"], ["copies", "--all", "--format", "jsonl"], ["entities", "--json"],
                ["quotes", "--speaker", "Ellison", "--json"], ["figures", "--about", "residents", "--json"],
                ["export", "--table", "figures"], ["export", "--table", "attributions", "--format", "csv"]):
        a, b = (runner.invoke(app, [*cmd, "--db", db]) for db in (sqlite_db, pg_url))
        assert a.exit_code == b.exit_code == 0, (cmd, a.output, b.output)
        assert a.stdout == b.stdout, cmd
        assert a.stdout.strip() not in ("", "[]"), cmd  # something was compared
    for query in ('"Port Veldane" OR flood*', "title:river", "council budget", "rain NOT fishermen"):
        a, b = (runner.invoke(app, ["articles", "--search", query, "--json", "--db", db]) for db in (sqlite_db, pg_url))
        assert a.exit_code == b.exit_code == 0, (query, a.output, b.output)
        assert {r["id"] for r in json.loads(a.stdout)} == {r["id"] for r in json.loads(b.stdout)}, query


def test_a_reader_connects_again_after_the_server_dropped_it(searchable: tuple[str, dict[str, int]]) -> None:
    import psycopg

    url, ids = searchable
    with Store(url) as s:
        pid = s.db.execute("SELECT pg_backend_pid()").fetchone()[0]
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        time.sleep(0.2)
        assert {r["id"] for r in s.articles(search="harbour")} == {ids["a"], ids["b"]}
        assert s.db.execute("SELECT pg_backend_pid()").fetchone()[0] != pid
        # Inside a transaction the work is lost with the connection: that is an error, never a silent retry.
        with pytest.raises(sqlite3.OperationalError), s.transaction():
            pid = s.db.execute("SELECT pg_backend_pid()").fetchone()[0]
            with psycopg.connect(url, autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
            time.sleep(0.2)
            s.db.execute("SELECT 1")
        assert {r["id"] for r in s.articles(search="ferries")} == {ids["b"]}  # and connects again after that


def test_killed_warc_run_resumes_each_record_exactly_once(pg_url: str, tmp_path: Path) -> None:
    """As tests/test_scale_ingest.py's test of the same name, on PostgreSQL: per-container progress, --resume."""
    from warcdata import gz_each, page, record

    n = 600
    warc = tmp_path / "big.warc.gz"
    # Every 10th record repeats an earlier page under a new URL: duplicates must stay duplicates.
    recs = [record(f"https://kelso-tide.example/r/{i}", page(i - 1 if i % 10 == 9 else i)) for i in range(n)]
    warc.write_bytes(gz_each(recs))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(_cli("ingest", str(warc), "--db", pg_url, "--extract-only", "--workers", "1",
                                 "--commit-every", "5"), cwd=tmp_path, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    done = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        done = _count(pg_url, "SELECT coalesce(max(records), 0) FROM progress")
        if done >= 20:
            break
    assert proc.poll() is None and 20 <= done < n, "the run ended before it could be killed mid-way"
    os.killpg(proc.pid, signal.SIGKILL)  # with its worker, which would outlive it otherwise
    proc.wait()
    resumed = subprocess.run(_cli("ingest", "--resume", "--db", pg_url, "--extract-only", "--workers", "1"),
                             cwd=tmp_path, env=env, capture_output=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr.decode()[-2000:]
    assert _count(pg_url, "SELECT count(*) FROM inputs") == n
    assert _count(pg_url, "SELECT count(DISTINCT source) FROM inputs") == n
    assert _count(pg_url, "SELECT count(*) FROM articles") == n - n // 10
    assert _count(pg_url, "SELECT count(*) FROM progress WHERE records = 600 AND finished = 1") == 1
    assert b"done by an earlier run" in resumed.stderr


def test_translate_scalar_min_and_max() -> None:
    assert translate("SELECT max(CASE WHEN a = ? THEN b ELSE 0 END, c), min(id), min(x, max(y))", True)[0] == \
        "SELECT GREATEST(CASE WHEN a = %s THEN b ELSE 0 END, c), min(id), LEAST(x, max(y))"


FORKED = """
import os, signal, sys, time
from newsledger.store import Store
s = Store(sys.argv[1])
with s.transaction():                       # holds the write lock, as a killed ingest mid-batch does
    s.db.execute("INSERT INTO runs (command, started_at) VALUES ('forked', 'now')")
    child = os.fork()
    if child == 0:                          # a pool worker: lives on after its parent is killed
        os.close(1), os.close(2)            # (not holding the test's pipes open)
        time.sleep(60)
        os._exit(0)
    print(child, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_forked_worker_does_not_keep_a_killed_parents_session(pg_url: str) -> None:
    with Store(pg_url):
        pass
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    res = subprocess.run([sys.executable, "-c", FORKED, pg_url], env=env, capture_output=True, text=True,
                         timeout=60)
    assert res.returncode == -signal.SIGKILL, res.stderr
    child = int(res.stdout.split()[0])
    try:
        with Store(pg_url) as s:
            t0 = time.monotonic()
            s.add_raw(_doc("after the kill"))  # needs the write lock the killed parent held
            assert time.monotonic() - t0 < 10
            assert s.count("runs") == 0  # the killed transaction was rolled back
    finally:
        os.kill(child, signal.SIGKILL)


def test_the_command_line_starts_without_psycopg(tmp_path: Path) -> None:
    """psycopg (the postgres extra) is imported only when a postgresql:// URL is opened."""
    probe = ("import sys\nimport newsledger.cli, newsledger.serve.queries\n"
             "from newsledger.store import Store\nStore(sys.argv[1]).close()\n"
             "print(sorted(m for m in sys.modules if m.startswith(('psycopg', 'newsledger.store.postgres'))))\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    res = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "n.db")], capture_output=True, text=True,
                         env=env, cwd=tmp_path, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "[]"


# -- parity: NULL order, streamed export ------------------------------------------

def test_translate_sorts_nulls_as_sqlite() -> None:
    sql = translate("SELECT 1 FROM a ORDER BY a.published, t.article_id, last_seen DESC, a.id LIMIT ?", True)[0]
    assert sql.endswith("ORDER BY a.published NULLS FIRST, t.article_id, last_seen DESC NULLS LAST, a.id"
                        " LIMIT NULLIF(%s, -1)")
    # a window's ORDER BY ends at its frame or bracket; a NULLS already there and literals are kept
    sql = translate("SELECT rank() OVER (PARTITION BY k ORDER BY v DESC ROWS UNBOUNDED PRECEDING),"
                    " json_group_array(x ORDER BY y) FROM t WHERE z = 'ORDER BY w'"
                    " ORDER BY a IS NULL, a NULLS LAST, min(id), id DESC", False)[0]
    assert sql == ("SELECT rank() OVER (PARTITION BY k ORDER BY v DESC NULLS LAST ROWS UNBOUNDED PRECEDING),"
                   " json_agg(x ORDER BY y NULLS FIRST) FROM t WHERE z = 'ORDER BY w'"
                   " ORDER BY a IS NULL NULLS FIRST, a NULLS LAST, min(id) NULLS FIRST, id DESC")
    sql = translate("SELECT (SELECT s FROM i ORDER BY i.when LIMIT 1) AS s FROM r ORDER BY r.first_seen ASC", False)[0]
    assert sql == ("SELECT (SELECT s FROM i ORDER BY i.when NULLS FIRST LIMIT 1) AS s"
                   " FROM r ORDER BY r.first_seen ASC NULLS FIRST")


def test_key_columns_keep_index_order_unless_an_outer_join_may_null_them() -> None:
    sql = translate("SELECT s.name FROM speakers s GROUP BY s.name ORDER BY s.name LIMIT ?", True)[0]
    assert sql.endswith("ORDER BY s.name LIMIT NULLIF(%s, -1)")
    sql = translate("SELECT a.id FROM articles a LEFT JOIN link_signatures s ON s.article_id = a.id"
                    " ORDER BY a.id, s.article_id DESC", False)[0]
    assert sql.endswith("ORDER BY a.id, s.article_id DESC NULLS LAST")
    sql = translate("SELECT 1 FROM a LEFT OUTER JOIN b ON b.x = a.x ORDER BY id, b.seq", False)[0]
    assert sql.endswith("ORDER BY id NULLS FIRST, b.seq NULLS FIRST")  # unqualified: cannot tell
    assert translate("SELECT 1 FROM a FULL JOIN b ON 1 ORDER BY a.id", False)[0].endswith("a.id NULLS FIRST")


def test_key_columns_left_without_nulls_are_never_null(pg_url: str) -> None:
    """NOT_NULL_KEYS (ordered without a NULLS clause, so an index can serve them) is NOT NULL in every table."""
    from newsledger.store.postgres import NOT_NULL_KEYS

    with Store(pg_url) as s:
        found = [(r[0], r[1], r[2]) for r in s.db.execute(
            "SELECT table_name, column_name, is_nullable FROM information_schema.columns"
            " WHERE table_schema = current_schema()")]
    keyed = [f for f in found if f[1] in NOT_NULL_KEYS]
    assert {f[1] for f in keyed} == NOT_NULL_KEYS
    assert [f for f in keyed if f[2] != "NO"] == []


def _dated_and_undated(folder: Path) -> None:
    """Four fictional stories (test_pipeline's), the odd ones without their date line."""
    from test_pipeline import story

    folder.mkdir()
    for i in range(4):
        text = story(i).replace("07/03/2025", "" if i % 2 else f"0{7 + i}/03/2025")
        (folder / f"story-{i}.txt").write_text(text, encoding="utf-8")


def test_undated_rows_sort_and_export_as_on_sqlite(pg_url: str, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Undated articles first (ascending) on both backends; an export of more rows than one fetch chunk
    gives every row once, in order, as on SQLite, through a server-side cursor."""
    import json

    import psycopg

    from newsledger.store import export, postgres

    corpus, sqlite_db = tmp_path / "in", str(tmp_path / "s.db")
    _dated_and_undated(corpus)
    runner = CliRunner()
    for db in (sqlite_db, pg_url):
        res = runner.invoke(app, ["ingest", str(corpus), "--db", db, "--workers", "0"])
        assert res.exit_code == 0, res.output
    for cmd in (["articles", "--json"], ["quotes", "--json", "--all"], ["figures", "--json", "--all"],
                ["figures", "--json", "--all", "--sort", "source"], ["stories", "--json"]):
        a, b = (runner.invoke(app, [*cmd, "--db", db]) for db in (sqlite_db, pg_url))
        assert a.exit_code == b.exit_code == 0, (cmd, a.output, b.output)
        assert a.stdout == b.stdout, cmd
    quotes = json.loads(runner.invoke(app, ["quotes", "--json", "--all", "--db", pg_url]).stdout)
    dated = [q["published"] is not None for q in quotes]
    assert any(dated) and not all(dated) and dated == sorted(dated)  # undated first, as SQLite sorts NULL

    # the export streams: small chunks through a named cursor, every row once and in order
    fetches: list[int] = []
    fetchmany = psycopg.ServerCursor.fetchmany

    def counted(self: psycopg.ServerCursor[object], size: int = 0) -> list[object]:
        fetches.append(size)
        return fetchmany(self, size)

    monkeypatch.setattr(psycopg.ServerCursor, "fetchmany", counted)
    monkeypatch.setattr(postgres, "STREAM_CHUNK", 3)
    with Store(sqlite_db) as lite, Store(pg_url) as pg:
        expected = list(export.rows(lite.db, "attributions"))
        assert len(expected) > 3 * 2
        it = export.rows(pg.db, "attributions")
        first = next(it)
        cursors = [r[0] for r in pg.db.execute("SELECT name FROM pg_cursors")]
        assert len(cursors) == 1 and cursors[0].startswith("newsledger_stream_")
        assert [first, *it] == expected
        assert fetches == [3] * (-(-len(expected) // 3) + 1) and not pg.db.in_transaction
        partial = export.rows(pg.db, "figures", chunk=2)
        next(partial)
        partial.close()  # a reader that stops early ends the stream's transaction
        assert not pg.db.in_transaction
        assert list(pg.db.execute("SELECT name FROM pg_cursors")) == []
    for table in ("attributions", "speakers", "figures"):
        a, b = (runner.invoke(app, ["export", "--table", table, "--db", db]) for db in (sqlite_db, pg_url))
        assert a.exit_code == b.exit_code == 0 and a.stdout == b.stdout, table
    import pyarrow.parquet as parquet  # Parquet goes through the same stream

    files = [tmp_path / "s.parquet", tmp_path / "p.parquet"]
    for db, out in zip((sqlite_db, pg_url), files, strict=True):
        res = runner.invoke(app, ["export", "--table", "attributions", "--format", "parquet", "-o", str(out),
                                  "--db", db])
        assert res.exit_code == 0, res.output
    lite_table, pg_table = (parquet.read_table(f) for f in files)
    assert pg_table.num_rows == len(expected) and pg_table.equals(lite_table)


def test_like_ignores_case_for_all_letters_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    """A documented difference (docs/serve.md): PostgreSQL's LIKE folds every letter's case, SQLite's only
    ASCII; the speaker search goes through entity aliases (Python casefold) on both before falling back to it."""
    sql = "SELECT ? LIKE ?"
    with Store(pg_url) as pg, Store(tmp_path / "s.db") as lite:
        assert pg.db.execute(sql, ("Élise Varga", "élise%")).fetchone()[0] is True
        assert lite.db.execute(sql, ("Élise Varga", "élise%")).fetchone()[0] == 0
        assert [s.db.execute(sql, ("Mara Quell", "%QUELL")).fetchone()[0] for s in (pg, lite)] == [True, 1]


def test_listing_by_date_is_served_by_the_index_in_sqlites_null_order(pg_url: str) -> None:
    # The translator asks for SQLite's order (ASC NULLS FIRST); an index in PostgreSQL's default order
    # cannot give it, and every listing by date sorted all rows (migration 13 rebuilds the index).
    with Store(pg_url) as store:
        (indexdef,) = store.db.execute(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = 'articles_published'"
        ).fetchone()
        assert "NULLS FIRST" in indexdef
        with store.transaction():
            store.db.execute("SET LOCAL enable_sort = off")  # the plan that avoids a sort, if one exists
            plan = "\n".join(str(r[0]) for r in store.db.execute(
                "EXPLAIN SELECT id FROM articles ORDER BY published LIMIT 5").fetchall())
    assert "articles_published" in plan and "Sort" not in plan, plan


def test_both_backends_have_the_same_tables_and_columns(pg_url: str, tmp_path: Path) -> None:
    # PostgreSQL's migration 1 restates SQLite's migrations 1-10 in its own dialect (schema_pg.py): a
    # column added to one and not the other would pass every test that does not read it.
    with Store(tmp_path / "s.db") as lite:
        tables = {r[0] for r in lite.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        # FTS5's own shadow tables, and its virtual table, are SQLite's search machinery.
        tables = {t for t in tables if not t.startswith("articles_fts")}
        sqlite_cols = {(t, r[1]) for t in tables for r in lite.db.execute(f"PRAGMA table_info({t})")}
    with Store(pg_url) as pg:
        rows = pg.db.execute("SELECT table_name, column_name FROM information_schema.columns"
                             " WHERE table_schema = current_schema()").fetchall()
        pg_cols = {(str(r[0]), str(r[1])) for r in rows
                   if not str(r[0]).startswith("articles_fts") and str(r[0]) != "newsledger_schema"}
    assert sqlite_cols == pg_cols, (sorted(sqlite_cols - pg_cols), sorted(pg_cols - sqlite_cols))
