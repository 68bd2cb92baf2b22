"""The command line, end to end through Typer's runner."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsledger.cli import EXIT_DB, EXIT_NOTHING, EXIT_USAGE, app
from newsledger.store.schema import MIGRATIONS

DUMP = """Reef survey finds coral recovering near Tuarua Point

By Coastline Weekly
12/05/2025
Divers count fish at the northern reef. (Mereana Toki, Coastline Weekly)

Marine scientists say coral cover near Tuarua Point has grown for the second year running.

"We counted about 340 new colonies on the northern transect," lead diver Hemi Walker said.

The regional council said it would extend the no-anchoring zone by 2 kilometres.

Original Story: https://coastline.example.nz/reef-survey?utm_source=share&utm_medium=social&id=7

MOST READ
Council vote on harbour fees delayed
4 hours ago
"""

HTML = """<!doctype html><html lang="en"><head><title>[bold red]Bay[/] closes | Bay Times</title></head>
<body><nav>Home | News | Sport</nav><article><h1>[bold red]Bay[/] closes for whale season</h1>
<p>The bay will close to boats for six weeks while a pod of whales calves, the harbour board said on Monday.</p>
<p>"It is the right call," skipper Jo Ngata said of the closure, which starts next week.</p>
<p>About 60 boats use the bay each day in winter, according to the board's figures.</p>
</article><footer>Copyright Bay Times</footer></body></html>"""

runner = CliRunner()


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "reef.txt").write_text(DUMP)
    (folder / "bay.html").write_text(HTML)
    (folder / "blank.txt").write_text("")
    return folder


def test_extract_prints_one_json_object_per_input(corpus: Path) -> None:
    res = runner.invoke(app, ["extract", str(corpus / "reef.txt"), str(corpus / "bay.html"), "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    lines = [json.loads(x) for x in res.stdout.strip().splitlines()]
    assert len(lines) == 2
    for rec in lines:
        for key in ("path", "url", "title", "byline", "publisher", "published", "original_url", "language",
                    "captions", "paragraphs", "text"):
            assert key in rec
        assert rec["text"] == "\n\n".join(rec["paragraphs"])
    reef = lines[0]
    assert reef["published"] == "2025-05-12"
    assert reef["original_url"] == "https://coastline.example.nz/reef-survey?id=7"


def test_extract_json_is_one_array_whatever_the_number_of_inputs(corpus: Path) -> None:
    # One shape for one input and for many (issue #13): an array of one object per input.
    res = runner.invoke(app, ["extract", str(corpus / "reef.txt"), "--format", "json"])
    assert res.exit_code == 0, res.output
    docs = json.loads(res.stdout)
    assert [d["title"] for d in docs] == ["Reef survey finds coral recovering near Tuarua Point"]


def test_extract_bad_format_and_all_failed(corpus: Path) -> None:
    assert runner.invoke(app, ["extract", str(corpus), "--format", "xml"]).exit_code == EXIT_USAGE
    res = runner.invoke(app, ["extract", str(corpus / "blank.txt")])
    assert res.exit_code == EXIT_NOTHING
    assert "empty" in res.stderr


def test_ingest_list_show_export(corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    res = runner.invoke(app, ["ingest", str(corpus), "--db", db])
    assert res.exit_code == 0, res.output
    assert "articles stored" in res.stderr and "empty" in res.stderr

    res = runner.invoke(app, ["articles", "--db", db, "--json"])
    rows = json.loads(res.stdout)
    assert sorted(r["kind"] for r in rows) == ["html", "text"]

    res = runner.invoke(app, ["articles", "--db", db, "--search", "coral", "--json"])
    assert [r["title"] for r in json.loads(res.stdout)] == ["Reef survey finds coral recovering near Tuarua Point"]

    bay_id = next(r["id"] for r in rows if r["kind"] == "html")
    res = runner.invoke(app, ["show", str(bay_id), "--db", db])
    assert res.exit_code == 0
    assert "[bold red]Bay[/]" in res.stdout  # page text is shown literally, never as markup
    full = json.loads(runner.invoke(app, ["show", str(bay_id), "--db", db, "--json"]).stdout)
    assert "whales calves" in full["text"] and full["sources"][0].endswith("bay.html")
    assert runner.invoke(app, ["show", "999", "--db", db]).exit_code == EXIT_NOTHING
    res = runner.invoke(app, ["show", str(bay_id), "--db", db, "--text"])
    assert res.exit_code == 0
    assert res.stdout == f"# {full['title']}\n\n{full['full_text']}\n"  # plain, no markup interpreted
    assert "whales calves" in res.stdout and "┃" not in res.stdout
    assert runner.invoke(app, ["show", str(bay_id), "--db", db, "--text", "--json"]).exit_code == EXIT_USAGE

    res = runner.invoke(app, ["export", "--db", db, "--format", "jsonl"])
    assert len(res.stdout.strip().splitlines()) == 2
    res = runner.invoke(app, ["export", "--db", db, "--format", "csv"])
    table = list(csv.DictReader(io.StringIO(res.stdout)))
    assert len(table) == 2 and "title" in table[0]
    pq = tmp_path / "out.parquet"
    res = runner.invoke(app, ["export", "--db", db, "--format", "parquet", "-o", str(pq)])
    assert res.exit_code == 0, res.output
    import pyarrow.parquet as parquet

    assert parquet.read_table(pq).num_rows == 2

    res = runner.invoke(app, ["failures", "--db", db, "--json"])
    assert [(r["stage"], r["reason"]) for r in json.loads(res.stdout)] == [("ingest", "empty")]


def test_ingest_exit_code_when_nothing_could_be_ingested(corpus: Path, tmp_path: Path) -> None:
    res = runner.invoke(app, ["ingest", str(corpus / "blank.txt"), "--db", str(tmp_path / "n.db")])
    assert res.exit_code == EXIT_NOTHING


def test_database_newer_than_code(tmp_path: Path) -> None:
    db = tmp_path / "future.db"
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    con.close()
    res = runner.invoke(app, ["articles", "--db", str(db)])
    assert res.exit_code == EXIT_DB and "newer" in res.stderr


def test_demo_builds_a_fresh_database(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    db.write_bytes(b"stale file that demo must replace")
    res = runner.invoke(app, ["demo", "--db", str(db)])
    assert res.exit_code == EXIT_USAGE and "--force" in res.stderr  # not a demo store: refused
    assert db.read_bytes() == b"stale file that demo must replace"
    res = runner.invoke(app, ["demo", "--db", str(db), "--force"])
    assert res.exit_code == 0, res.output
    con = sqlite3.connect(db)
    n_articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    failures = con.execute("SELECT source, reason FROM failures").fetchall()
    con.close()
    assert n_articles >= 6
    assert failures == []
    assert "newsledger show 1" in res.stdout
