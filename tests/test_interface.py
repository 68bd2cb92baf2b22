"""Issue #13 (and the output items of #14): what the command line prints, refuses and exports.

Every test here reproduces a reported failure first; the pages are fiction.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsledger import output
from newsledger.cli import EXIT_DB, EXIT_INTERRUPTED, EXIT_NOTHING, EXIT_USAGE, app
from newsledger.dates import DateError, normalise_published, parse_user_date
from newsledger.store import MAX_QUERY_TERMS, Store

runner = CliRunner()

# A title with Rich markup, an emoji code, a terminal escape (clear screen) and a bidi override.
HOSTILE_TITLE = "Harbour :smile: [bold]vote[/bold] \x1b[2J\x1b]0;pwned\x07 ends \u202etxt.exe"

PAGE = """<!doctype html><html lang="en"><head><title>{title}</title>
<meta property="article:published_time" content="{published}"></head>
<body><article><h1>{title}</h1>
<p>The Tarrow harbour board voted on Tuesday to extend the ferry pier by forty metres, the board said.</p>
<h2>What comes next</h2>
<p>"We will start in spring :smile: and finish by winter," board chair Ilse Varga said at the meeting.</p>
<p>About 1,200 passengers use the pier each day, according to the board's own figures for the year.</p>
</article></body></html>"""

DUMP = """Climate panel meets in Oskarvik

By Oskarvik Post
{date}

The regional climate panel met in Oskarvik on Monday to review the coastal flood plan for the next decade.

"The plan needs more money for the dunes," panel member Tomas Lind said after the session ended.

Tennis results from the weekend were delayed by rain, organisers said in a short statement.
"""


def _page(title: str = "Pier extension approved", published: str = "2025-06-03T09:30:00+02:00") -> str:
    return PAGE.format(title=title, published=published)


@pytest.fixture()
def store_db(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "pier.html").write_text(_page(HOSTILE_TITLE))
    (folder / "panel.txt").write_text(DUMP.format(date="2025-06-01"))
    (folder / "panel-old.txt").write_text(DUMP.format(date="2019-11-19").replace("Climate panel", "Climatic panel"))
    (folder / "blank.txt").write_text("")
    db = tmp_path / "n.db"
    res = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--no-analyze"])
    assert res.exit_code == 0, res.output
    return db


def _json(args: list[str]) -> object:
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


# -- machine output is byte-exact -------------------------------------------------
def test_machine_output_keeps_page_text_exactly(store_db: Path, tmp_path: Path) -> None:
    rows = _json(["articles", "--db", str(store_db), "--json"])
    assert isinstance(rows, list)
    assert HOSTILE_TITLE in [r["title"] for r in rows]  # no emoji, no markup eaten
    pier = next(r for r in rows if r["title"] == HOSTILE_TITLE)
    full = _json(["show", str(pier["id"]), "--db", str(store_db), "--json"])
    assert isinstance(full, dict)
    assert ":smile:" in full["text"] and full["title"] == HOSTILE_TITLE
    page = tmp_path / "pier.html"
    page.write_text(_page(HOSTILE_TITLE))
    res = runner.invoke(app, ["extract", str(page)])
    assert json.loads(res.stdout)["title"] == HOSTILE_TITLE


def test_span_offsets_in_show_json_point_at_their_text(tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    page = tmp_path / "pier.html"
    page.write_text(_page())
    db = tmp_path / "a.db"
    assert runner.invoke(app, ["ingest", str(page), "--db", str(db)]).exit_code == 0
    art = _json(["show", "1", "--db", str(db), "--json"])
    assert isinstance(art, dict)
    assert art["attributions"], "the fixture has a quote"
    for a in art["attributions"]:
        assert art["text"][a["content_start"]:a["content_end"]] == a["content_text"]


def test_stderr_is_not_hard_wrapped_when_piped(tmp_path: Path) -> None:
    long_name = tmp_path / ("a-very-long-file-name-" * 6 + ".txt")
    long_name.write_text("")
    res = runner.invoke(app, ["extract", str(long_name)])
    assert res.exit_code == EXIT_NOTHING
    assert any(str(long_name) in line for line in res.stderr.splitlines())


def test_output_helpers() -> None:
    assert output.neutralise("a\x1b[2Jb\rc\u202e") == "a\\x1b[2Jb\\x0dc\\u202e"
    assert output.neutralise("line\nnext", keep_newlines=False) == "line\\x0anext"
    assert output.for_people("[bold]x[/]") == "\\[bold]x\\[/]"
    assert output.dumps({"p": "bad\udcff"}) == '{"p": "bad\\udcff"}'  # a lone surrogate still gives valid JSON
    for cell in ("=SUM(A1)", "+1", "-2+3", "@cmd", "\tx", "\rx"):
        assert output.csv_cell(cell) == "'" + cell
    assert output.csv_cell(-3) == -3 and output.csv_cell("plain") == "plain" and output.csv_cell(True) == "true"
    assert output.csv_cell("caf\udce9.html") == "caf\\udce9.html"  # a non-UTF-8 file name can still be written


# -- limits are said when they cut, and can be lifted ------------------------------
def test_limits_are_announced_and_lifted(store_db: Path) -> None:
    res = runner.invoke(app, ["articles", "--db", str(store_db), "--json", "--limit", "1"])
    assert len(json.loads(res.stdout)) == 1 and "showing the first 1 article:" in res.stderr
    for lift in (["--limit", "0"], ["--all"]):
        res = runner.invoke(app, ["articles", "--db", str(store_db), "--json", *lift])
        assert len(json.loads(res.stdout)) == 3 and "showing" not in res.stderr
    res = runner.invoke(app, ["articles", "--db", str(store_db), "--json", "--limit", "3"])
    assert len(json.loads(res.stdout)) == 3 and "showing" not in res.stderr  # exactly full: no note
    assert runner.invoke(app, ["articles", "--db", str(store_db), "--limit", "-1"]).exit_code == EXIT_USAGE
    for cmd in ("quotes", "figures", "failures"):
        assert runner.invoke(app, [cmd, "--db", str(store_db), "--all", "--json"]).exit_code == 0


# -- full-text search syntax -----------------------------------------------------
def _titles(db: Path, query: str) -> list[str]:
    rows = _json(["articles", "--db", str(db), "--json", "--search", query])
    assert isinstance(rows, list)
    return sorted(r["title"] for r in rows)


def test_fts_syntax_works_as_documented(store_db: Path) -> None:
    assert _titles(store_db, '"panel meets"') == ["Climate panel meets in Oskarvik", "Climatic panel meets in Oskarvik"]
    assert _titles(store_db, '"meets panel"') == []  # a phrase is a phrase, not two words
    assert _titles(store_db, "climat*") == ["Climate panel meets in Oskarvik", "Climatic panel meets in Oskarvik"]
    assert _titles(store_db, "climatic OR ferry") == ["Climatic panel meets in Oskarvik", HOSTILE_TITLE]
    assert _titles(store_db, "title:climatic") == ["Climatic panel meets in Oskarvik"]
    assert _titles(store_db, "dunes NOT climatic") == ["Climate panel meets in Oskarvik"]


def test_fts_syntax_error_and_oversized_query_exit_2(store_db: Path) -> None:
    for query in ('"unclosed phrase', "NEAR(", "nosuchcolumn:word"):
        res = runner.invoke(app, ["articles", "--db", str(store_db), "--search", query])
        assert res.exit_code == EXIT_USAGE and "cannot run the search" in res.stderr, query
    res = runner.invoke(app, ["articles", "--db", str(store_db), "--search", "pier " * (MAX_QUERY_TERMS + 1)])
    assert res.exit_code == EXIT_USAGE and "limit" in res.stderr
    res = runner.invoke(app, ["articles", "--db", str(store_db), "--search", "x" * 5000])
    assert res.exit_code == EXIT_USAGE


# -- dates -------------------------------------------------------------------------
def test_published_is_normalised_to_utc_with_precision() -> None:
    assert normalise_published("2025-06-03T09:30:00+02:00") == ("2025-06-03T07:30:00Z", "second", "+02:00")
    assert normalise_published("2025-06-03T09:30+0000") == ("2025-06-03T09:30:00Z", "minute", "+0000")
    assert normalise_published("2025-06-03T23:30:00-05:00")[0] == "2025-06-04T04:30:00Z"
    assert normalise_published("2025-06-03 09:30:00Z") == ("2025-06-03T09:30:00Z", "second", "Z")
    assert normalise_published("2025-06-03T09:30:00") == ("2025-06-03T09:30:00Z", "second", None)
    assert normalise_published("2025-06-03") == ("2025-06-03", "day", None)
    assert normalise_published("2025-02-30") == (None, None, None)


def test_user_dates_grammar() -> None:
    from datetime import date

    today = date(2025, 6, 10)
    assert parse_user_date("yesterday", today=today) == "2025-06-09"
    assert parse_user_date("yesterday", end=True, today=today) == "2025-06-10"
    assert parse_user_date("3 days ago", today=today) == "2025-06-07"
    assert parse_user_date("2w", today=today) == "2025-05-27"
    assert parse_user_date("1 month ago", today=date(2025, 3, 31)) == "2025-02-28"
    assert parse_user_date("2025-05", end=True) == "2025-06-01"
    assert parse_user_date("2024", end=True) == "2025-01-01"
    for bad in ("19/11/2019", "last tuesday", "2025-13", "2025-02-30", ""):
        with pytest.raises(DateError):
            parse_user_date(bad)


def test_since_and_until_compare_as_dates(store_db: Path) -> None:
    def titles(*args: str) -> list[str]:
        rows = _json(["articles", "--db", str(store_db), "--json", *args])
        assert isinstance(rows, list)
        return sorted(r["title"] for r in rows)

    assert titles("--since", "2025-06-02") == [HOSTILE_TITLE]  # 2025-06-03T07:30:00Z
    assert titles("--since", "2025-06-01", "--until", "2025-06-01") == ["Climate panel meets in Oskarvik"]
    assert titles("--until", "2019-11") == ["Climatic panel meets in Oskarvik"]
    assert titles("--since", "2025-06-03T07:00:00Z") == [HOSTILE_TITLE]
    assert titles("--since", "yesterday") == []  # all three are older than yesterday
    res = runner.invoke(app, ["articles", "--db", str(store_db), "--since", "19/11/2019"])
    assert res.exit_code == EXIT_USAGE and "YYYY-MM-DD" in res.stderr
    rows = _json(["articles", "--db", str(store_db), "--json", "--search", "ferry"])
    assert isinstance(rows, list)
    assert rows[0]["published"] == "2025-06-03T07:30:00Z" and rows[0]["published_precision"] == "second"


# -- choices are validated -----------------------------------------------------------
def test_choices_are_validated_and_listed(store_db: Path) -> None:
    res = runner.invoke(app, ["quotes", "--db", str(store_db), "--kind", "foo"])
    assert res.exit_code == EXIT_USAGE
    assert runner.invoke(app, ["quotes", "--db", str(store_db), "--kind", "DIRECT"]).exit_code == 0
    res = runner.invoke(app, ["quotes", "--help"])
    assert "direct" in res.stdout and "indirect" in res.stdout and "mixed" in res.stdout
    rows = _json(["articles", "--db", str(store_db), "--json", "--language", "EN"])
    assert isinstance(rows, list) and len(rows) == 3
    assert runner.invoke(app, ["articles", "--db", str(store_db), "--language", "english"]).exit_code == EXIT_USAGE
    assert runner.invoke(app, ["export", "--db", str(store_db), "--format", "xml"]).exit_code == EXIT_USAGE
    assert runner.invoke(app, ["export", "--db", str(store_db), "--table", "nope"]).exit_code == EXIT_USAGE


# -- nothing created or destroyed unasked ---------------------------------------------
def test_read_commands_refuse_a_missing_database_and_create_none(tmp_path: Path) -> None:
    db = tmp_path / "typo.db"
    for cmd in (["articles"], ["show", "1"], ["quotes"], ["figures"], ["failures"], ["export"], ["reprocess"]):
        res = runner.invoke(app, [*cmd, "--db", str(db)])
        assert res.exit_code == EXIT_DB and "no database" in res.stderr, cmd
    res = runner.invoke(app, ["ingest", str(tmp_path / "nope.html"), "--db", str(db)])
    assert res.exit_code == EXIT_NOTHING and "no such file" in res.stderr
    assert not db.exists()


def test_a_file_that_is_not_sqlite_is_exit_3(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping list: eggs, flour\n" * 50)
    res = runner.invoke(app, ["articles", "--db", str(notes)])
    assert res.exit_code == EXIT_DB and "not a newsledger database" in res.stderr
    assert notes.read_text().startswith("shopping list")


def test_demo_replaces_its_own_database_without_force(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    assert runner.invoke(app, ["demo", "--db", str(db)]).exit_code == 0
    assert runner.invoke(app, ["demo", "--db", str(db)]).exit_code == 0  # a demo store: replaced


def test_demo_refuses_a_real_store(store_db: Path) -> None:
    res = runner.invoke(app, ["demo", "--db", str(store_db)])
    assert res.exit_code == EXIT_USAGE
    with Store(store_db) as s:
        assert s.count("articles") == 3


# -- one record shape -------------------------------------------------------------------
def test_extract_prints_one_object_per_input_including_failures(tmp_path: Path) -> None:
    good = tmp_path / "pier.html"
    good.write_text(_page())
    blank = tmp_path / "blank.txt"
    blank.write_text("")
    res = runner.invoke(app, ["extract", str(good), str(blank), str(tmp_path / "missing.html")])
    assert res.exit_code == 0
    lines = [json.loads(x) for x in res.stdout.splitlines()]
    assert [x["path"] for x in lines] == [str(good), str(blank), str(tmp_path / "missing.html")]
    assert "error" not in lines[0]
    assert lines[1]["error"]["reason"] == "empty" and lines[1]["error"]["stage"] == "ingest"
    assert lines[2]["error"] == {"stage": "ingest", "reason": "not-found", "detail": "no such file or folder"}
    arr = _json(["extract", str(good), str(blank), "--format", "json"])
    assert isinstance(arr, list) and len(arr) == 2


def test_fields_have_one_shape_in_every_output(tmp_path: Path) -> None:
    page = tmp_path / "pier.html"
    page.write_text(_page())
    db = tmp_path / "s.db"
    assert runner.invoke(app, ["ingest", str(page), "--db", str(db), "--no-analyze"]).exit_code == 0
    extracted = json.loads(runner.invoke(app, ["extract", str(page)]).stdout)
    listed = _json(["articles", "--db", str(db), "--json"])
    shown = _json(["show", "1", "--db", str(db), "--json"])
    exported = json.loads(runner.invoke(app, ["export", "--db", str(db)]).stdout.splitlines()[0])
    assert isinstance(listed, list) and isinstance(shown, dict)
    for rec in (extracted, listed[0], shown, exported):
        assert rec["published"] == "2025-06-03T07:30:00Z"
        assert rec["published_ambiguous"] is False
    for rec in (extracted, shown, exported):
        assert rec["subheadings"] == [{"before": 1, "text": "What comes next"}]
        assert rec["published_zone"] == "+02:00" and rec["published_precision"] == "second"
        for key, value in extracted.items():
            if key != "path":
                assert rec[key] == value, key


# -- export ---------------------------------------------------------------------------------
def test_export_never_writes_onto_the_store(store_db: Path) -> None:
    before = store_db.read_bytes()
    for target in (store_db, Path(str(store_db) + "-wal"), Path(str(store_db) + "-shm")):
        for fmt in ("csv", "jsonl", "parquet"):
            res = runner.invoke(app, ["export", "--db", str(store_db), "--format", fmt, "-o", str(target)])
            assert res.exit_code == EXIT_USAGE and "database" in res.stderr
    assert store_db.read_bytes() == before


def test_export_asks_before_overwriting_and_rejects_folders(store_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "articles.csv"
    out.write_text("keep me")
    res = runner.invoke(app, ["export", "--db", str(store_db), "--format", "csv", "-o", str(out)])
    assert res.exit_code == EXIT_USAGE and "--force" in res.stderr and out.read_text() == "keep me"
    res = runner.invoke(app, ["export", "--db", str(store_db), "--format", "csv", "-o", str(out), "--force"])
    assert res.exit_code == 0 and out.read_text().startswith("id,sha256,title")
    res = runner.invoke(app, ["export", "--db", str(store_db), "-o", str(tmp_path)])
    assert res.exit_code == EXIT_USAGE and "is a folder" in res.stderr
    res = runner.invoke(app, ["export", "--db", str(store_db), "-o", str(tmp_path / "no" / "x.jsonl")])
    assert res.exit_code == EXIT_USAGE and "does not exist" in res.stderr


def test_csv_export_neutralises_formulas(tmp_path: Path) -> None:
    page = tmp_path / "f.html"
    page.write_text(_page(title="=HYPERLINK(&quot;http://evil.example&quot;) pier vote"))
    db = tmp_path / "f.db"
    assert runner.invoke(app, ["ingest", str(page), "--db", str(db), "--no-analyze"]).exit_code == 0
    res = runner.invoke(app, ["export", "--db", str(db), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert rows[0]["title"].startswith("'=HYPERLINK")


def test_export_writes_every_table_with_stable_typed_columns(store_db: Path, tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    from newsledger.store.export import TABLES

    out = tmp_path / "out"
    out.mkdir()
    for fmt in ("csv", "jsonl", "parquet"):
        assert runner.invoke(app, ["export", "--db", str(store_db), "--format", fmt, "--dir", str(out)]).exit_code == 0
    for table, columns in TABLES.items():
        names = [c for c, _ in columns]
        with (out / f"{table}.csv").open(newline="") as f:
            assert next(csv.reader(f)) == names
        schema = pq.read_schema(out / f"{table}.parquet")
        assert schema.names == names
    arts = pq.read_table(out / "articles.parquet")
    assert arts.schema.field("published").type == pa.timestamp("ms", tz="UTC")
    assert arts.schema.field("published_ambiguous").type == pa.bool_()
    assert arts.schema.field("paragraphs").type == pa.list_(pa.string())
    # The same schema from an empty table as from a full one: attributions are empty here (--no-analyze).
    assert pq.read_table(out / "attributions.parquet").num_rows == 0
    fails = [json.loads(x) for x in (out / "failures.jsonl").read_text().splitlines()]
    assert [f["reason"] for f in fails] == ["empty"]
    res = runner.invoke(app, ["export", "--db", str(store_db), "--format", "csv", "--dir", str(out)])
    assert res.exit_code == EXIT_USAGE  # files exist: --force needed


def test_missing_pyarrow_hint_is_the_real_command(store_db: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_pyarrow(name: str, *args: object, **kwargs: object) -> object:
        if name.startswith("pyarrow"):
            raise ImportError("no pyarrow")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    res = runner.invoke(app, ["export", "--db", str(store_db), "--format", "parquet", "-o", str(tmp_path / "a.pq")])
    assert res.exit_code == EXIT_NOTHING
    assert "pip install 'newsledger[parquet]'" in res.stderr


# -- what people see is escaped ------------------------------------------------------------
def test_control_characters_never_reach_the_terminal(store_db: Path, tmp_path: Path) -> None:
    res = runner.invoke(app, ["articles", "--db", str(store_db)])
    assert "\x1b" not in res.stdout and "\u202e" not in res.stdout and "\x07" not in res.stdout
    rows = _json(["articles", "--db", str(store_db), "--json", "--search", "ferry"])
    assert isinstance(rows, list)
    res = runner.invoke(app, ["show", str(rows[0]["id"]), "--db", str(store_db)])
    assert "\x1b" not in res.stdout and "\\x1b" in res.stdout
    bad = tmp_path / "evil\x1b[2J.txt"
    bad.write_text("")
    res = runner.invoke(app, ["extract", str(bad)])
    assert "\x1b" not in res.stderr and "\\x1b" in res.stderr


# -- datasette / sqlite-utils find the index -------------------------------------------------
def test_sqlite_utils_detects_the_fts_index(store_db: Path) -> None:
    sqlite_utils = pytest.importorskip("sqlite_utils")
    db = sqlite_utils.Database(store_db)
    assert db["articles"].detect_fts() == "articles_fts"
    found = list(db["articles"].search("oskarvik"))
    assert len(found) == 2


def test_old_fts_declaration_is_migrated(tmp_path: Path) -> None:
    from newsledger.store.schema import MIGRATIONS
    from newsledger.store.sqlite import _split_sql

    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    for statement in _split_sql(MIGRATIONS[0]):
        con.execute(statement)
    con.execute("PRAGMA user_version = 1")
    con.execute("INSERT INTO raw_inputs VALUES ('s', 1, 'zlib', x'00', 'text', 'utf-8', NULL, 't')")
    con.execute(
        "INSERT INTO articles (sha256, title, published, kind, text, paragraphs, subheadings, captions, notes,"
        " extract_version, created_at, updated_at) VALUES ('s', 'Old pier', '2024-01-02T10:00:00+01:00', 'text',"
        " 'ferry text', '[]', '[[0, \"Sub\"]]', '[]', '[]', 'e', 't', 't')"
    )
    con.commit()
    con.close()
    with Store(db) as s:
        [row] = s.articles(search="ferry")
        assert row["published"] == "2024-01-02T09:00:00Z" and row["published_precision"] == "second"
        art = s.article(row["id"])
        assert art is not None and art["subheadings"] == [{"before": 0, "text": "Sub"}]


# -- Ctrl-C and a missing model ----------------------------------------------------------------
def test_ctrl_c_prints_the_summary_so_far_and_exits_130(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsledger import extract as extract_stage

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"p{i}.txt").write_text(DUMP.format(date=f"2025-06-0{i + 1}").replace("Oskarvik", f"Oskarvik{i}"))
    real = extract_stage.extract
    calls = []

    def interrupt_second(doc: object) -> object:
        calls.append(doc)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(doc)  # type: ignore[arg-type]

    monkeypatch.setattr(extract_stage, "extract", interrupt_second)
    db = tmp_path / "c.db"
    # --workers 0: the interrupt is raised in this process, where Ctrl-C lands.
    res = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--no-analyze", "--workers", "0"])
    assert res.exit_code == EXIT_INTERRUPTED
    assert "interrupted" in res.stderr and "articles stored" in res.stderr
    with Store(db) as s:
        assert s.count("articles") == 1


def test_missing_model_is_recorded_as_nlp_unavailable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import newsledger.analyze as analyze_stage

    def no_model(articles: object) -> object:
        raise analyze_stage.ModelMissingError("the English model is not installed")

    monkeypatch.setattr(analyze_stage, "analyze_many", no_model)
    page = tmp_path / "pier.html"
    page.write_text(_page())
    db = tmp_path / "m.db"
    res = runner.invoke(app, ["ingest", str(page), "--db", str(db)])
    assert res.exit_code == 0
    # The run summary names the reason.  (That the saved article then clears the
    # analyze failure from `failures` is issue #14's, reported there.)
    assert "nlp-unavailable" in res.stderr and "error" not in res.stderr


# -- declared language is checked; the core install works without spaCy ----------------------
GERMAN = """<!doctype html><html lang="en"><head><title>Hafenrat beschließt längeren Anleger</title></head>
<body><article><h1>Hafenrat beschließt längeren Anleger</h1>
<p>Der Hafenrat von Tarrow hat am Dienstag beschlossen, den Fähranleger um vierzig Meter zu verlängern.</p>
<p>"Wir beginnen im Frühjahr und sind bis zum Winter fertig", sagte die Vorsitzende Ilse Varga nach der Sitzung.</p>
<p>Rund 1.200 Fahrgäste nutzen den Anleger jeden Tag, und die Zahl steigt nach Angaben des Rates weiter an.</p>
</article></body></html>"""


def test_declared_language_is_checked_against_the_text(tmp_path: Path) -> None:
    import newsledger

    article = newsledger.extract(GERMAN)
    assert article.language == "de"
    assert any("declares 'en'" in n and "'de'" in n for n in article.notes)
    # An English page keeps its declaration, with no note.
    english = newsledger.extract(_page())
    assert english.language == "en" and not any(n.startswith("language") for n in english.notes)
    page = tmp_path / "de.html"
    page.write_text(GERMAN)
    db = tmp_path / "de.db"
    assert runner.invoke(app, ["ingest", str(page), "--db", str(db)]).exit_code == 0
    shown = _json(["show", "1", "--db", str(db), "--json"])
    assert isinstance(shown, dict)
    assert shown["language"] == "de" and shown["analysis_skipped"] == "language:de" and not shown["attributions"]


def test_core_commands_never_import_spacy(tmp_path: Path) -> None:
    import subprocess
    import sys

    sample = Path(__file__).resolve().parent.parent / "newsledger" / "samples" / "harbourledger-council-budget.html"
    db = tmp_path / "core.db"
    # spaCy made unimportable, as in a core install without the nlp extra.
    script = (
        "import sys; sys.modules['spacy'] = None; sys.modules['thinc'] = None\n"
        "from newsledger.cli import app\n"
        "import typer.main\n"
        "cmd = sys.argv[1:]\n"
        "try:\n    app(cmd)\nexcept SystemExit as e:\n    sys.exit(e.code)\n"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, env=env,
                              timeout=120)

    assert run("--help").returncode == 0
    res = run("extract", str(sample))
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["title"]
    res = run("ingest", str(sample), "--db", str(db))
    assert res.returncode == 0, res.stderr
    assert "nlp-unavailable" in res.stderr
    res = run("articles", "--db", str(db), "--json")
    assert res.returncode == 0 and len(json.loads(res.stdout)) == 1


def test_ctrl_c_in_extract_keeps_what_was_printed_and_exits_130(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import newsledger.scale.oneshot as oneshot

    for i in range(3):
        (tmp_path / f"p{i}.html").write_text(_page(title=f"Pier vote {i}"))
    real = oneshot.extract_one
    calls: list[object] = []

    def interrupt_second(doc: object, **kw: object) -> object:
        calls.append(doc)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(doc, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(oneshot, "extract_one", interrupt_second)
    # In process (--workers 0), where the patched function runs; the worker path is tested in test_bounds.py.
    res = runner.invoke(app, ["extract", str(tmp_path), "--workers", "0"])
    assert res.exit_code == EXIT_INTERRUPTED and "interrupted" in res.stderr
    assert [json.loads(x)["title"] for x in res.stdout.splitlines()] == ["Pier vote 0"]


def test_ingest_progress_shows_total_percentage_rate_and_eta(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(5):
        (folder / f"p{i}.txt").write_text(DUMP.format(date="2025-06-01").replace("Oskarvik", f"Oskarvik{i}"))
    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=200, highlight=False, soft_wrap=True)
    monkeypatch.setattr(output, "err", lambda: terminal)
    res = runner.invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "p.db"), "--no-analyze"])
    assert res.exit_code == 0
    shown = screen.getvalue()
    assert "/5" in shown and "%" in shown and "/s" in shown  # total, percentage, rate
    assert "0:00:" in shown or "-:--:--" in shown  # time left / elapsed columns


def test_stage_extractors_take_bytes() -> None:
    from newsledger.extract import extract_html, extract_text

    page = _page().encode("utf-8")
    assert extract_html(page).title == extract_html(page.decode("utf-8")).title == "Pier extension approved"
    dump = DUMP.format(date="2025-06-01")
    assert extract_text(dump.encode("utf-8")).title == extract_text(dump).title


def test_usage_errors_are_plain_lines_when_piped(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    res = subprocess.run([sys.executable, "-m", "newsledger.cli", "quotes", "--db", str(tmp_path / "x.db"), "--kind",
                          "foo"], capture_output=True, text=True, env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin",
                                                                       "COLUMNS": "40"}, timeout=120)
    assert res.returncode == EXIT_USAGE
    assert "╭" not in res.stderr
    assert any("'foo' is not one of 'direct', 'indirect', 'mixed'" in line for line in res.stderr.splitlines())


def test_failure_lines_of_ingest_escape_file_names(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "evil\x1b]0;title\x07\nname.txt").write_text("")
    res = runner.invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "e.db")])
    assert res.exit_code == EXIT_NOTHING
    failed = [line for line in res.stderr.splitlines() if "failed" in line]
    assert len(failed) == 1 and "\\x1b]0;title\\x07\\x0aname.txt" in failed[0]
    assert "\x1b" not in res.stderr and "\x07" not in res.stderr
    res = runner.invoke(app, ["failures", "--db", str(tmp_path / "e.db")])
    assert "\x1b" not in res.stdout and "\x07" not in res.stdout


def test_install_hints_keep_their_brackets(store_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Rich reads "[link]" or "[parquet]" as markup and drops it (issue #13): every extra's hint is escaped.
    import sys

    monkeypatch.setitem(sys.modules, "datasketch", None)
    res = runner.invoke(app, ["link", "--db", str(store_db)])
    assert "pip install 'newsledger[link]'" in res.stderr
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    res = runner.invoke(app, ["serve", "--db", str(store_db)])
    assert "pip install 'newsledger[serve]'" in res.stderr


def test_piped_tables_are_not_cut_at_80_columns(tmp_path: Path) -> None:
    # Off a terminal Rich cut tables at 80 columns and wrapped each cell over lines, so `| grep`
    # found half a headline.  Piped, a row is one line as wide as its content; COLUMNS still wins.
    import subprocess
    import sys

    title = "Oskarvik harbour board approves a forty metre extension of the northern ferry pier after a long debate"
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "pier.html").write_text(_page(title))
    db = tmp_path / "w.db"
    assert runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--no-analyze"]).exit_code == 0
    root = Path(__file__).resolve().parent.parent
    env = {"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"}
    piped = subprocess.run([sys.executable, "-m", "newsledger.cli", "articles", "--db", str(db)],
                           capture_output=True, text=True, env=env, timeout=120)
    assert piped.returncode == 0, piped.stderr
    assert any(title in line for line in piped.stdout.splitlines())
    narrow = subprocess.run([sys.executable, "-m", "newsledger.cli", "articles", "--db", str(db)],
                            capture_output=True, text=True, env={**env, "COLUMNS": "60"}, timeout=120)
    assert narrow.returncode == 0, narrow.stderr
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 60
    assert not any(title in line for line in narrow.stdout.splitlines())


def test_outlet_label_never_passes_an_original_off_as_the_site() -> None:
    from newsledger.output import outlet_label

    assert outlet_label("Harbour Ledger", None) == "Harbour Ledger"
    assert outlet_label("Kettle Times", "Wirebridge News") == "Wirebridge News via Kettle Times"
    # a text dump naming only the original: its own site is unknown, and said to be
    assert outlet_label(None, "wirebridge-news.example") == "wirebridge-news.example via an unnamed site"
    assert outlet_label("Wirebridge News", "Wirebridge News") == "Wirebridge News"
    # a page naming no publisher: its site's domain, as a text dump's site is labelled (session 11)
    assert outlet_label(None, None, "https://example.org/a") == "example.org"
