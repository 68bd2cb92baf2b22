"""Entities in the store (issue #16): speakers of many articles joined, quotes found by any alias.

All names are fiction.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from newsledger.records import Analysis, Article, Attribution, Document, Span, Speaker
from newsledger.store import Store
from newsledger.store.schema import MIGRATIONS


def _doc(text: str) -> Document:
    data = text.encode()
    return Document(source=f"{hashlib.sha1(data).hexdigest()}.txt", data=data,
                    sha256=hashlib.sha256(data).hexdigest(), text=text)


def _save(store: Store, text: str, said: list[tuple[Speaker, str, str]]) -> None:
    atts = [Attribution(kind="indirect", content=Span(0, len(c), c), speaker=sp.name, speaker_mention=m)
            for sp, m, c in said]
    speakers = list({sp.name: sp for sp, _, _ in said}.values())
    store.save(_doc(text), Article(title=text, paragraphs=[text]), Analysis(attributions=atts, speakers=speakers),
               extract_version="x", analyze_version="y")


def test_quotes_by_any_alias_of_an_entity(db_url: str) -> None:
    with Store(db_url) as store:
        hollis = Speaker("National Security Communications Adviser Marten Hollis", mentions=["Hollis"])
        _save(store, "one", [(hollis, "Hollis", "troops moved"), (Speaker("Anouk Reyes"), "Anouk Reyes", "rain")])
        _save(store, "two", [(Speaker("Marten J. Hollis"), "Marten J. Hollis", "more troops moved")])
        ois = Speaker("Orvik Intelligence Service", kind="organisation")
        spy = Speaker("Castellan's spy agency", kind="organisation")
        _save(store, "three", [(ois, "the Orvik Intelligence Service", "recruits"), (spy, "Castellan's spy agency",
                                                                                      "camps")])
        assert store.refresh_entities() == 3
        names = {r["content_text"] for r in store.quotes(speaker="Marten Hollis")}
        assert names == {"troops moved", "more troops moved"}
        assert {r["content_text"] for r in store.quotes(speaker="hollis")} == names
        assert {r["content_text"] for r in store.quotes(speaker="Orvik Intelligence Service")} == {"recruits", "camps"}
        # a word of a description is not a name: "spy" finds no entity, and falls back to the speaker text
        assert store.entity_ids("spy") == []
        assert store.entity_ids("Intelligence") == []  # a word inside a name, not a whole name or its end
        # a second refresh rebuilds the same entities
        assert store.refresh_entities() == 3
        rows = store.db.execute("SELECT e.name, count(*) FROM entities e JOIN entity_aliases a ON a.entity_id = e.id"
                                " GROUP BY e.id ORDER BY e.name").fetchall()
        assert [tuple(r) for r in rows] == [("Anouk Reyes", 1), ("Marten Hollis", 4),
                                            ("Orvik Intelligence Service", 2)]


def test_entity_migration_is_the_last_and_applies(db_url: str) -> None:
    with Store(db_url) as store:
        assert store.schema_version == len(MIGRATIONS)
        cols = {r[1] for r in store.db.execute("PRAGMA table_info(speakers)")}
        assert "entity_id" in cols


def test_ingest_joins_speakers_of_several_pages_and_quotes_finds_every_name(tmp_path: Path) -> None:
    """End to end: ingest three real-shaped pages (fiction), then `quotes --speaker` by a short name."""
    import json

    import pytest

    pytest.importorskip("spacy")
    from typer.testing import CliRunner

    from newsledger.analyze.model import ModelMissingError, load_nlp
    from newsledger.cli import app

    try:
        load_nlp()
    except ModelMissingError as e:
        pytest.skip(str(e))
    pages = Path(__file__).resolve().parents[1] / "bench" / "data" / "realpages" / "pages"
    folder = tmp_path / "pages"
    folder.mkdir()
    for name in ("01", "04", "21"):  # Hollis under three names across three outlets
        (folder / f"{name}.txt").write_bytes((pages / f"{name}.txt").read_bytes())
    db = str(tmp_path / "n.db")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(folder), "--db", db, "--no-link"]).exit_code == 0
    res = runner.invoke(app, ["quotes", "--speaker", "Hollis", "--db", db, "--json", "--all"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines() if line.strip()]
    rows = rows[0] if len(rows) == 1 and isinstance(rows[0], list) else rows
    mentions = {r["speaker_mention"] for r in rows}
    assert {"Hollis", "Marten J. Hollis"} <= mentions
    assert len({r["article_id"] for r in rows}) == 3
    assert all("Hollis" in (r["speaker"] or "") for r in rows)
    res = runner.invoke(app, ["entities", "Hollis", "--db", db, "--json"])
    assert res.exit_code == 0, res.output
    [entity] = json.loads(res.stdout)
    assert entity["name"] == "Marten Hollis" and entity["articles"] == 3
    assert {"Hollis", "Marten J. Hollis"} <= set(entity["aliases"])
    assert runner.invoke(app, ["entities", "Nobody Atall", "--db", db]).exit_code == 1
    assert runner.invoke(app, ["entities", "--db", str(tmp_path / "missing.db")]).exit_code == 3
