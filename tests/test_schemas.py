"""Every command's JSON output, and the API's to_dict(), match docs/schemas/newsledger.schema.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsledger.cli import app

jsonschema = pytest.importorskip("jsonschema")

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "docs" / "schemas" / "newsledger.schema.json"
SCHEMA = json.loads(SCHEMA_FILE.read_text())
runner = CliRunner()

PAGE = """<!doctype html><html lang="en"><head><title>Pier extension approved | Tarrow Times</title>
<meta property="article:published_time" content="2025-06-03T09:30:00+02:00"></head>
<body><article><h1>Pier extension approved</h1>
<p>The Tarrow harbour board voted on Tuesday to extend the ferry pier by forty metres, the board said.</p>
<h2>Work starts in spring</h2>
<p>"We will start in spring and finish by winter," board chair Ilse Varga said at the meeting.</p>
<p>About 1,200 passengers use the pier each day, according to the board's figures for the year.</p>
<figure><img src="p.jpg"><figcaption>The old pier at dawn. (Photo: Rui Tamm)</figcaption></figure>
</article></body></html>"""


def check(record: Any, definition: str) -> None:
    jsonschema.validate(record, {**SCHEMA, "$ref": f"#/$defs/{definition}"})


def _out(args: list[str]) -> str:
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    return res.stdout


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    pytest.importorskip("spacy")
    folder = tmp_path_factory.mktemp("pages")
    (folder / "pier.html").write_text(PAGE)
    (folder / "blank.txt").write_text("")
    db = folder / "ledger.db"
    assert runner.invoke(app, ["ingest", str(folder), "--db", str(db)]).exit_code == 0
    return folder, db


def test_schema_is_valid_json_schema() -> None:
    import newsledger

    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    good = newsledger.extract(PAGE).to_dict()
    check(good, "article")
    # The shapes issue #13 found differing between outputs are rejected.
    for key, bad in (("published_ambiguous", 0), ("subheadings", [[1, "Work starts in spring"]]),
                     ("published", {"iso": "2025-06-03"}), ("published", "2025-06-03T09:30:00+02:00")):
        with pytest.raises(jsonschema.ValidationError):
            check({**good, key: bad}, "article")


def test_extract_lines_and_api_records_match(ledger: tuple[Path, Path]) -> None:
    import newsledger

    folder, _ = ledger
    printed = _out(["extract", str(folder / "pier.html"), str(folder / "blank.txt")])
    lines = [json.loads(x) for x in printed.splitlines()]
    assert len(lines) == 2 and "error" in lines[1]
    for line in lines:
        check(line, "extract_line")
    article = newsledger.extract(PAGE)
    check(article.to_dict(), "article")
    assert article.to_dict() == {k: v for k, v in lines[0].items() if k != "path"}
    analysis = newsledger.analyze(article)
    assert analysis.attributions and analysis.figures
    check(json.loads(json.dumps(analysis.to_dict())), "analysis")


def test_stored_records_match(ledger: tuple[Path, Path]) -> None:
    folder, db = ledger
    rows = json.loads(_out(["articles", "--db", str(db), "--json"]))
    assert rows
    for row in rows:
        check(row, "article_row")
    shown = json.loads(_out(["show", str(rows[0]["id"]), "--db", str(db), "--json"]))
    assert shown["attributions"] and shown["figures"] and shown["speakers"]
    check(shown, "stored_article")
    for row in json.loads(_out(["quotes", "--db", str(db), "--json"])):
        check(row, "quote_row")
    for row in json.loads(_out(["figures", "--db", str(db), "--json"])):
        check(row, "figure_row")
    fails = json.loads(_out(["failures", "--db", str(db), "--json"]))
    assert fails
    for row in fails:
        check(row, "failure_row")
    for line in _out(["attributions", str(folder / "pier.html")]).splitlines():
        check(json.loads(line), "attribution_line")
    # The articles export table has the article record's fields, in the same shapes.
    exported = json.loads(_out(["export", "--db", str(db)]).splitlines()[0])
    for key in SCHEMA["$defs"]["article"]["properties"]:
        assert exported[key] == shown[key], key


def test_export_tables_are_documented() -> None:
    from newsledger.store.export import TABLES

    readme = (Path(__file__).resolve().parent.parent / "docs" / "schemas" / "README.md").read_text()
    for table, columns in TABLES.items():
        assert f"## {table}" in readme
        for name, kind in columns:
            assert f"| `{name}` | {kind} |" in readme, (table, name)
