"""What people see, said the same way everywhere (session 11's second bug hunt).

An ambiguous date keeps its "?" in every table, a missing story is a 404 on every route, counts
agree with their nouns, a page with no publisher is labelled by its host, and an empty failures
table says so.  Each test failed on main before its fix.  All data here is fictional.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import warnings
from pathlib import Path
from typing import Any

import pytest
from _serve_data import build_store
from typer.testing import CliRunner

from newsledger.cli import app
from newsledger.output import outlet_label, plural

runner = CliRunner()


@pytest.fixture()
def linked_db(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    """The serve fixture store, linked, with the breakwater article's date made ambiguous (07/03/2025)."""
    db = tmp_path / "l.db"
    ids = build_store(db, link=True)
    con = sqlite3.connect(db)
    con.execute("UPDATE articles SET published_ambiguous = 1 WHERE id = ?", (ids["breakwater"],))
    con.commit()
    con.close()
    return db, ids


def _run(*argv: str) -> str:
    res = runner.invoke(app, list(argv), env={"COLUMNS": "250"})
    assert res.exit_code == 0, res.output
    return res.stdout


# -- 1. an ambiguous date is marked wherever an article's date is shown ----------------------------
def test_every_table_marks_the_ambiguous_date(linked_db: tuple[Path, dict[str, int]]) -> None:
    db, ids = linked_db
    assert "2025-03-07?" in _run("articles", "--db", str(db))  # how `articles` has always shown it
    story = str(ids["breakwater"])
    for argv in (["quotes"], ["figures"], ["story", story], ["figures", "--story", "1"]):
        out = _run(*argv, "--db", str(db))
        assert "2025-03-07?" in out, (argv, out)
        assert "2025-03-08?" not in out  # the copy's date is not ambiguous


def test_machine_output_carries_the_flag_as_a_field(linked_db: tuple[Path, dict[str, int]]) -> None:
    db, ids = linked_db
    for cmd in ("quotes", "figures"):
        rows = json.loads(_run(cmd, "--db", str(db), "--json"))
        flags = {(r["article_id"], r["published"], r["published_ambiguous"]) for r in rows}
        assert (ids["breakwater"], "2025-03-07", True) in flags, (cmd, flags)  # no "?" in the date
        assert (ids["copy"], "2025-03-08", False) in flags, (cmd, flags)
        table = list(csv.DictReader(io.StringIO(_run(cmd, "--db", str(db), "--format", "csv"))))
        assert {r["published_ambiguous"] for r in table} == {"true", "false"}, cmd
    detail = json.loads(_run("story", str(ids["breakwater"]), "--db", str(db), "--json"))
    assert {a["id"]: a["published_ambiguous"] for a in detail["articles"]} == {ids["breakwater"]: True,
                                                                                ids["copy"]: False}
    dated = {f["article_id"]: (f["date"], f["date_ambiguous"]) for g in detail["ledger"] for f in g["figures"]}
    assert dated == {ids["breakwater"]: ("2025-03-07", True), ids["copy"]: ("2025-03-08", False)}


@pytest.fixture()
def client(linked_db: tuple[Path, dict[str, int]]) -> Any:
    pytest.importorskip("fastapi", reason="the serve extra is not installed (pip install -e '.[serve]')")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from newsledger.serve.app import Settings, create_app

    return TestClient(create_app(Settings(db=str(linked_db[0]), analyze=False)))


def test_web_pages_mark_the_ambiguous_date(client: Any, linked_db: tuple[Path, dict[str, int]]) -> None:
    ids = linked_db[1]
    for path in ("/stories/1", f"/speakers/{ids['ruru']}"):
        page = client.get(path).text
        assert "2025-03-07 <abbr" in page, path  # the "?" with its explanation, as the article list has it
        assert "2025-03-08 <abbr" not in page, path
    items = client.get("/api/ledger", params={"about": "boats"}).json()["items"]
    assert {(r["published"], r["published_ambiguous"]) for r in items} == {("2025-03-07", True),
                                                                             ("2025-03-08", False)}
    quotes = client.get(f"/api/speakers/{ids['ruru']}").json()["quotes"]
    assert {q["published_ambiguous"] for q in quotes} == {True, False}


# -- 2. a missing story is a 404 on /api/ledger as on /api/stories/{id} -----------------------------
def test_ledger_of_a_missing_story_is_404(client: Any) -> None:
    assert client.get("/api/stories/999").status_code == 404
    r = client.get("/api/ledger", params={"story": 999})
    assert r.status_code == 404, r.text
    assert r.json()["error"]["message"] == "no story 999"
    assert client.get("/api/ledger", params={"story": 1}).status_code == 200


# -- 3. counts agree with their nouns --------------------------------------------------------------
def test_plural() -> None:
    assert [plural(n, "article") for n in (0, 1, 2)] == ["0 articles", "1 article", "2 articles"]
    assert plural(1, "copy", "copies") == "1 copy" and plural(3, "copy", "copies") == "3 copies"


def test_a_story_of_one_article_says_article(client: Any, linked_db: tuple[Path, dict[str, int]]) -> None:
    db, ids = linked_db
    hostile = ids["hostile"]  # alone in its story
    page = client.get(f"/articles/{hostile}").text
    assert "(1 article)" in page and "1 articles" not in page
    assert "1 articles" not in client.get("/").text
    assert "(1 article," in _run("story", str(hostile), "--db", str(db))
    two = client.get(f"/articles/{ids['breakwater']}").text
    assert "(2 articles)" in two


# -- 4. a page with no publisher is labelled by its host, as a text dump is ------------------------
def test_outlet_falls_back_to_the_host() -> None:
    assert outlet_label(None, None, "https://www.harbournotes.example/2025/03/ferry?x=1") == "harbournotes.example"
    assert outlet_label("Harbour Notes", None, "https://harbournotes.example/a") == "Harbour Notes"
    assert outlet_label(None, None, None) == ""


def test_articles_shows_the_host_for_a_page_without_publisher(tmp_path: Path) -> None:
    page = tmp_path / "ferry.html"
    page.write_text("<html><head><title>Tarnwick ferry returns in May</title></head><body><article>"
                    "<p>The Tarnwick ferry returns in May after a winter of repairs to the pier, the harbour "
                    "board said on Friday in a short statement to islanders.</p></article></body></html>")
    db = tmp_path / "p.db"
    url = "https://news.tarnwick-harbour.example/2025/ferry-returns"
    res = runner.invoke(app, ["ingest", str(page), "--db", str(db), "--no-analyze", "--no-link", "--url", url])
    assert res.exit_code == 0, res.output
    (row,) = json.loads(_run("articles", "--db", str(db), "--json"))
    assert row["publisher"] is None and row["url"] == url  # stored fields unchanged
    out = _run("articles", "--db", str(db))
    assert "tarnwick-harbour.example" in out and "ferry-returns" not in out, out


# -- 5. an empty failures table says so ------------------------------------------------------------
def test_no_failures_says_so(tmp_path: Path) -> None:
    db = tmp_path / "e.db"
    build_store(db)
    res = runner.invoke(app, ["failures", "--db", str(db)])
    assert res.exit_code == 0 and res.stdout.strip() == "no failures recorded", res.output  # not an empty table
    res = runner.invoke(app, ["failures", "--db", str(db), "--json"])
    assert res.exit_code == 0 and json.loads(res.stdout) == []  # stdout stays machine output
    assert "no failures recorded" in res.stderr


# -- an outlet reads "ORIGINAL via SITE" on the pages as in the CLI ----------------------------------
def test_pages_label_a_copy_as_the_cli_does(client: Any, linked_db: tuple[Path, dict[str, int]]) -> None:
    db, ids = linked_db
    con = sqlite3.connect(db)
    con.execute("UPDATE articles SET original_publisher = 'The Kelso Tide' WHERE id = ?", (ids["copy"],))
    con.commit()
    con.close()
    label = "The Kelso Tide via Southcoast Wire"  # docs/cli.md: a copy shows "ORIGINAL via SITE"
    assert label in _run("articles", "--db", str(db))
    for path in ("/", f"/speakers/{ids['ruru']}"):
        page = client.get(path).text
        assert label in page, path
        assert "Southcoast Wire via" not in page and "via The Kelso Tide" not in page, path
