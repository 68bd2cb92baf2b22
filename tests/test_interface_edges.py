"""Interface defects a new user met (session 11's bug hunt over the CLI, the store and the HTTP API).

Each test failed on main before its fix, but `test_a_writing_command_still_creates_the_store`, a guard
that the first fix keeps.  All data here is fictional and written for these tests.
"""

from __future__ import annotations

import base64
import json
import os
import sqlite3
import warnings
from pathlib import Path
from typing import Any

import pytest
from _serve_data import build_store
from typer.testing import CliRunner

from newsledger.cli import EXIT_DB, app
from newsledger.ingest import discover
from newsledger.ingest.sources import read_source
from newsledger.records import Failure
from newsledger.store import Store, StoreError

runner = CliRunner()

PAGE = """Tarnwick ferry to run again from May

By Harbour Staff

The harbour board of Tarnwick said on Friday that the island ferry would run again from May, after a
winter of repairs to the pier.

"The crossings are safe again," board chair Wiremu Hale said at a meeting in the town hall.

About 120 people attended the meeting, the board said.
"""


# -- a read command never writes into a SQLite file that holds no newsledger store -----------------
@pytest.mark.parametrize("kind", ["empty file", "another program's database"])
def test_read_commands_refuse_a_sqlite_file_without_a_store(tmp_path: Path, kind: str) -> None:
    # `articles --db places.sqlite` (a wrong --db) created newsledger's 30 tables inside the other
    # program's file, switched it to WAL, and answered an empty table with exit 0.
    db = tmp_path / "other.sqlite"
    if kind == "empty file":
        db.write_bytes(b"")
    else:
        con = sqlite3.connect(db)
        con.execute("CREATE TABLE bookmarks (url TEXT)")
        con.execute("INSERT INTO bookmarks VALUES ('https://example.org/')")
        con.commit()
        con.close()
    before = db.read_bytes()
    for argv in (["articles"], ["quotes", "--json"], ["stories"], ["failures"], ["export"]):
        res = runner.invoke(app, [*argv, "--db", str(db)])
        assert res.exit_code == EXIT_DB, (argv, res.output)
        assert "no newsledger store" in res.output, res.output
    with pytest.raises(StoreError):
        Store(db, must_exist=True)
    assert db.read_bytes() == before  # not a byte written
    assert not Path(f"{db}-wal").exists()


def test_a_writing_command_still_creates_the_store(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    db.write_bytes(b"")  # an empty file is where a new store may go (touch new.db)
    (tmp_path / "a.txt").write_text(PAGE)
    res = runner.invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db", str(db), "--no-analyze", "--no-link"])
    assert res.exit_code == 0, res.output
    assert runner.invoke(app, ["articles", "--db", str(db), "--json"]).exit_code == 0


# -- `%` and `_` in a filter are the characters, not LIKE wildcards ---------------------------------
def test_like_wildcards_in_cli_filters_are_literal(db_url: str) -> None:
    db = db_url  # both backends: PostgreSQL reads the same `LIKE ? ESCAPE '\\'` as ILIKE
    build_store(db)

    def rows(*argv: str) -> list[dict[str, object]]:
        res = runner.invoke(app, [*argv, "--db", str(db), "--json"])
        assert res.exit_code == 0, res.output
        return list(json.loads(res.stdout))

    # `figures --about %` (looking for percentages) listed every figure; `_` matched any name.
    assert rows("figures", "--about", "%") == []
    assert rows("figures", "--about", "_") == []
    assert len(rows("figures", "--about", "boats")) == 2  # the filter itself still works
    assert rows("quotes", "--speaker", "_") == []
    assert rows("quotes", "--speaker", "%") == []
    assert len(rows("quotes", "--speaker", "Vell")) == 1
    assert rows("articles", "--publisher", "%") == []
    assert [a["publisher"] for a in rows("articles", "--publisher", "Kelso")] == ["The Kelso Tide"]


# -- folders: symbolic links -----------------------------------------------------------------------
def test_a_symlinked_folder_is_read_and_a_loop_ends(tmp_path: Path) -> None:
    # A symlinked subfolder was skipped without a word (os.walk does not follow links), while a
    # symlinked file was read; a folder holding only links was "no inputs (check --include/--exclude)".
    other = tmp_path / "other"
    other.mkdir()
    (other / "b.txt").write_text("Second page.\n")
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text("First page.\n")
    (root / "linked").symlink_to(other, target_is_directory=True)
    (root / "sub" / "loop").symlink_to(root, target_is_directory=True)  # a loop back to the top
    found = list(discover([str(root)]))
    assert not [f for f in found if isinstance(f, Failure)], found
    assert sorted(Path(str(f)).name for f in found) == ["a.txt", "b.txt"]  # each once, and the walk ends


def test_a_broken_symlink_says_so(tmp_path: Path) -> None:
    link = tmp_path / "gone.html"
    link.symlink_to(tmp_path / "nowhere.html")
    got = read_source(str(link))
    assert isinstance(got, Failure)
    # It was "vanished: the file disappeared before it could be read", which sends one looking
    # for a race; the file never existed.
    assert got.reason == "not-found" and "symbolic link" in got.detail and "nowhere.html" in got.detail


# -- demo: rebuilt after the README tour ran `reprocess` on it --------------------------------------
def test_demo_replaces_its_own_store_after_reprocess(tmp_path: Path) -> None:
    from newsledger.analyze import ModelMissingError, load_nlp

    try:
        load_nlp()
    except ModelMissingError as e:
        pytest.skip(f"the demo's attributions need the spaCy model: {e}")
    db = tmp_path / "newsledger-demo.db"
    assert runner.invoke(app, ["demo", "--db", str(db)]).exit_code == 0
    assert runner.invoke(app, ["reprocess", "--db", str(db)]).exit_code == 0  # the tour's command
    res = runner.invoke(app, ["demo", "--db", str(db)])
    assert res.exit_code == 0, res.output  # was 2: "exists and is not a newsledger demo database"


# -- the server: out-of-range ids and cursors are 4xx, uploads take only http(s) URLs ---------------
@pytest.fixture()
def served(tmp_path: Path) -> tuple[Any, Path]:
    pytest.importorskip("fastapi", reason="the serve extra is not installed (pip install -e '.[serve]')")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from newsledger.serve.app import Settings, create_app

    db = tmp_path / "s.db"
    build_store(db, link=True)
    return TestClient(create_app(Settings(db=str(db), token="fictional-token", analyze=False))), db


def test_pages_with_huge_ids_are_404_not_500(served: tuple[Any, Path]) -> None:
    client = served[0]
    for path in ("/articles/", "/speakers/", "/stories/"):
        r = client.get(path + "99999999999999999999")
        assert r.status_code in (404, 422), (path, r.status_code)
        assert "internal error" not in r.text


def test_a_forged_cursor_with_a_huge_id_is_400(served: tuple[Any, Path]) -> None:
    client = served[0]
    forged = base64.urlsafe_b64encode(json.dumps({"id": 10**30}).encode()).decode().rstrip("=")
    for url in ("/api/articles", "/api/stories", "/search"):
        r = client.get(url, params={"cursor": forged})
        assert r.status_code == 400, (url, r.status_code, r.text)


def test_like_wildcards_in_api_filters_are_literal(served: tuple[Any, Path]) -> None:
    client = served[0]
    get = client.get
    assert get("/api/speakers", params={"q": "%"}).json()["items"] == []
    assert get("/api/speakers", params={"q": "_"}).json()["items"] == []
    assert get("/api/articles", params={"outlet": "%"}).json()["items"] == []
    assert get("/api/ledger", params={"about": "%"}).json()["items"] == []
    assert [s["name"] for s in get("/api/speakers", params={"q": "Ruru"}).json()["items"]] == ["Ana Ruru"]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "not a url", "ftp://example.org/x", "https://"])
def test_upload_refuses_a_url_that_is_not_http(served: tuple[Any, Path], url: str) -> None:
    # `newsledger ingest --url` refuses these with exit 2; the upload stored them as the page's URL.
    client, db = served
    page = (b"<html><head><title>Tarnwick ferry returns</title></head><body><article><p>The Tarnwick ferry "
            b"returns on Monday, the harbour board said in a statement.</p></article></body></html>")
    before = sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0]
    for route, extra in (("/ingest", {}), ("/ingest/form", {"token": "fictional-token"})):
        r = client.post(route, files={"files": ("t.html", page, "text/html")},
                        data={"url": url, **extra}, headers={"Authorization": "Bearer fictional-token"})
        assert r.status_code in (400, 422), (route, r.status_code, r.text)
        assert "http" in r.text
    assert sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0] == before


def test_a_manifest_url_must_be_http(tmp_path: Path) -> None:
    (tmp_path / "p.txt").write_text(PAGE)
    manifest = tmp_path / "urls.tsv"
    manifest.write_text("p.txt\tjavascript:alert(1)\n")
    res = runner.invoke(app, ["ingest", "--urls", str(manifest), "--db", str(tmp_path / "m.db"), "--no-analyze"])
    assert res.exit_code == 2 and "line 1" in res.output, res.output
    assert not os.path.exists(tmp_path / "m.db")
