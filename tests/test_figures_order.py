"""`figures` lists figures by publication date by default (issue #16: it sorted by the counted
noun, so how a figure moved over time could not be read off); `--sort` picks source or counted."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from newsledger.cli import app

runner = CliRunner()

# Fictional pages: the later one is written first, so ingest order is not date order.
PAGES = {
    "later.html": ("2025-06-20", "Marta Quell",
                   "At least 900 residents left the Tarn valley, Marta Quell of the relief agency said on Friday."),
    "earlier.html": ("2025-06-02", "Ivo Brandt",
                     "About 300 residents left the Tarn valley, Ivo Brandt of the county office said on Monday."),
}


def _page(date: str, title: str, sentence: str) -> str:
    return (f'<html lang="en"><head><title>{title} on the Tarn valley</title>'
            f'<meta property="article:published_time" content="{date}T09:00:00Z"></head>'
            f"<body><article><h1>{title} on the Tarn valley</h1><p>{sentence}</p>"
            "<p>The valley road stayed closed for a second week while crews cleared the mud from the bridge.</p>"
            "</article></body></html>")


def test_figures_sort_by_date_then_by_source(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, (date, who, sentence) in PAGES.items():
        (folder / name).write_text(_page(date, who, sentence), encoding="utf-8")
    db = tmp_path / "n.db"
    res = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--workers", "0", "--no-link"])
    assert res.exit_code == 0, res.output

    res = runner.invoke(app, ["figures", "--about", "residents", "--json", "--db", str(db)])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert [r["value"] for r in rows] == [300, 900]
    assert [r["published"][:10] for r in rows] == ["2025-06-02", "2025-06-20"]

    res = runner.invoke(app, ["figures", "--about", "residents", "--sort", "source", "--json", "--db", str(db)])
    sources = [r["according_to"] for r in json.loads(res.stdout)]
    assert sources == sorted(sources) and len(sources) == 2

    res = runner.invoke(app, ["figures", "--sort", "bogus", "--db", str(db)])
    assert res.exit_code == 2

    # --format applies to the list too (it was read only with --story, and a table came out instead of CSV)
    res = runner.invoke(app, ["figures", "--about", "residents", "--format", "csv", "--db", str(db)])
    assert res.exit_code == 0, res.output
    table = list(csv.DictReader(io.StringIO(res.stdout)))
    assert res.stdout.startswith("article_id,title,published,") and len(table) == 2
    assert [r["value"] for r in table] == ["300.0", "900.0"]  # in date order
    res = runner.invoke(app, ["figures", "--format", "json", "--db", str(db)])
    assert {r["value"] for r in json.loads(res.stdout)} >= {300, 900}
    res = runner.invoke(app, ["figures", "--format", "xml", "--db", str(db)])
    assert res.exit_code == 2 and "unknown format" in res.output
