"""Co-speakers ("Ana Ruru and Tomas Keel said"): every person or body a coordinated source names is a
speaker of that attribution, in the analysis, the store (both backends), ``quotes``, export, shards
and the pages.  All names and texts are fiction."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

from newsledger.records import Analysis, Article, Attribution, Document, Span, Speaker
from newsledger.scale.shards import flat_rows, from_dict
from newsledger.store import Store
from newsledger.store import export as tables

PIER = ('Harbour master Ana Ruru and engineer Tomas Keel said the breakwater held. '
        'Ruru and Keel said the tide had turned.')


@pytest.fixture(scope="module")
def analyze_text():  # type: ignore[no-untyped-def]
    pytest.importorskip("spacy")
    from newsledger.analyze import analyze_text as fn
    from newsledger.analyze.model import ModelMissingError, load_nlp

    try:
        load_nlp()
    except ModelMissingError as e:
        pytest.skip(str(e))
    return fn


# -- the analysis (needs the spaCy model) -------------------------------------


def test_both_names_of_a_coordinated_subject_are_speakers(analyze_text) -> None:  # type: ignore[no-untyped-def]
    an = analyze_text(PIER)
    first, second = an.attributions
    assert first.source is not None and first.source.text == "Harbour master Ana Ruru and engineer Tomas Keel"
    assert (first.speaker, first.co_speakers) == ("Ana Ruru", ["Tomas Keel"])
    # "Ruru and Keel said": each name resolved to the person named earlier
    assert second.source is not None and second.source.text == "Ruru and Keel"
    assert {second.speaker, *second.co_speakers} == {"Ana Ruru", "Tomas Keel"}
    assert len(second.co_speakers) == 1
    assert second.speaker_mention in ("Ruru", "Keel")  # one name as written, not the whole phrase
    assert {s.name for s in an.speakers} == {"Ana Ruru", "Tomas Keel"}
    assert an.to_dict()["attributions"][0]["co_speakers"] == ["Tomas Keel"]


@pytest.mark.parametrize(
    "text",
    [
        "Ferry operator and party strategist Tomas Keel said the pier was safe.",
        "Harbour board chair and former diver Tomas Keel said the pier was safe.",
        "Kelso's harbour master and chief diver Tomas Keel said the pier was safe.",
    ],
)
def test_one_person_described_twice_is_one_speaker(analyze_text, text: str) -> None:  # type: ignore[no-untyped-def]
    # a bare description ("ferry operator", no article, no name) before a described name is that person
    [a] = analyze_text(text).attributions
    assert (a.speaker, a.co_speakers) == ("Tomas Keel", [])
    assert a.source is not None and a.source.text == text.split(" said")[0]


@pytest.mark.parametrize(
    ("text", "first"),
    [
        # an article or a name of its own in the first part: two people
        ("The mayor and engineer Tomas Keel said the pier was safe.", "The mayor"),
        ("Mere Tane and engineer Tomas Keel said the pier was safe.", "Mere Tane"),
        # nothing in front of the name: the bare description is someone else
        ("Ferry operator and Tomas Keel said the pier was safe.", "Ferry operator"),
    ],
)
def test_a_determined_or_named_partner_stays_a_second_speaker(analyze_text, text: str,  # type: ignore[no-untyped-def]
                                                              first: str) -> None:
    [a] = analyze_text(text).attributions
    assert (a.speaker, a.co_speakers) == (first, ["Tomas Keel"])


def test_an_unnamed_partner_is_no_co_speaker(analyze_text) -> None:  # type: ignore[no-untyped-def]
    an = analyze_text("Mere Tane and her deputy said the ferry timetable would change.")
    [a] = an.attributions
    assert a.speaker == "Mere Tane" and a.co_speakers == []
    assert [s.name for s in an.speakers] == ["Mere Tane"]


def test_a_place_after_a_preposition_is_no_co_speaker(analyze_text) -> None:  # type: ignore[no-untyped-def]
    an = analyze_text("Tomas Keel and colleagues at Wirebridge said the tide gauge was faulty.")
    [a] = an.attributions
    assert a.speaker == "Tomas Keel" and a.co_speakers == []


def test_a_single_speaker_has_no_co_speakers(analyze_text) -> None:  # type: ignore[no-untyped-def]
    [a] = analyze_text("Ana Ruru said the breakwater held.").attributions
    assert a.speaker == "Ana Ruru" and a.co_speakers == []


# -- the store, on both backends ------------------------------------------------


def _doc(text: str) -> Document:
    data = text.encode()
    return Document(source=f"{hashlib.sha1(data).hexdigest()}.txt", data=data,
                    sha256=hashlib.sha256(data).hexdigest(), text=text)


def _save(store: Store, text: str, speaker: str, co: list[str], content: str) -> int:
    att = Attribution(kind="indirect", content=Span(0, len(content), content), speaker=speaker,
                      speaker_mention=speaker, co_speakers=co)
    speakers = [Speaker(n) for n in (speaker, *co)]
    return store.save(_doc(text), Article(title=text, paragraphs=[text]),
                      Analysis(attributions=[att], speakers=speakers), extract_version="x", analyze_version="y")


def _contents(rows: list[dict[str, Any]]) -> set[str]:
    return {r["content_text"] for r in rows}


def test_co_speakers_are_stored_and_found_on_both_backends(db_url: str) -> None:
    with Store(db_url) as store:
        one = _save(store, "pier one", "Ana Ruru", ["Tomas Keel", "Kelso Harbour Board"], "the breakwater held")
        _save(store, "pier two", "Tomas Keel", [], "the tide was high")
        _save(store, "pier three", "Mere Tane", [], "the ferry is late")
        assert store.count("attribution_speakers") == 2
        [att] = store.article(one)["attributions"]  # type: ignore[index]
        assert att["co_speakers"] == ["Tomas Keel", "Kelso Harbour Board"]  # text order kept
        # before entities are built: by the name's text
        assert _contents(store.quotes(speaker="Keel")) == {"the breakwater held", "the tide was high"}
        assert _contents(store.quotes(speaker="Harbour Board")) == {"the breakwater held"}
        assert store.refresh_entities() == 4
        # with entities: by any name of the entity, the attribution's own speaker or a further one
        rows = store.quotes(speaker="Tomas Keel")
        assert _contents(rows) == {"the breakwater held", "the tide was high"}
        by_text = {r["content_text"]: r for r in rows}
        assert by_text["the breakwater held"]["co_speakers"] == ["Tomas Keel", "Kelso Harbour Board"]
        assert by_text["the tide was high"]["co_speakers"] == []
        assert _contents(store.quotes(speaker="Ana Ruru")) == {"the breakwater held"}
        assert _contents(store.quotes(speaker="Mere Tane")) == {"the ferry is late"}
        # re-saving replaces the rows (no duplicates, no rows left of the old analysis)
        _save(store, "pier one", "Ana Ruru", ["Tomas Keel"], "the breakwater held")
        assert store.count("attribution_speakers") == 1
        [kept] = list(tables.rows(store.db, "attribution_speakers"))
        assert kept["position"] == 1


def test_an_older_store_migrates_to_the_co_speakers_table(tmp_path: Path) -> None:
    import sqlite3

    from newsledger.store.schema import MIGRATIONS

    db = tmp_path / "old.db"
    with Store(db) as store:
        _save(store, "pier one", "Ana Ruru", [], "the breakwater held")
    con = sqlite3.connect(db)
    con.execute("DROP TABLE attribution_speakers")
    con.execute(f"PRAGMA user_version = {len(MIGRATIONS) - 1}")
    con.commit()
    con.close()
    with Store(db) as store:
        assert store.schema_version == len(MIGRATIONS)
        assert store.quotes(speaker="Ana Ruru")[0]["co_speakers"] == []


# -- outputs: quotes, export, shards, pages --------------------------------------


def _cli_store(tmp_path: Path) -> str:
    db = str(tmp_path / "q.db")
    with Store(db) as store:
        _save(store, "pier one", "Ana Ruru", ["Tomas Keel"], "the breakwater held")
        _save(store, "pier two", "Mere Tane", [], "the ferry is late")
    return db


def test_quotes_command_finds_a_co_speaker_in_every_format(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newsledger.cli import app

    db = _cli_store(tmp_path)
    runner = CliRunner()
    res = runner.invoke(app, ["quotes", "--db", db, "--speaker", "Tomas Keel", "--format", "json"])
    assert res.exit_code == 0, res.output
    [row] = json.loads(res.stdout)
    assert (row["speaker"], row["co_speakers"]) == ("Ana Ruru", ["Tomas Keel"])
    res = runner.invoke(app, ["quotes", "--db", db, "--speaker", "Tomas Keel", "--format", "csv"])
    assert res.exit_code == 0, res.output
    [cells] = list(csv.DictReader(io.StringIO(res.stdout)))
    assert json.loads(cells["co_speakers"]) == ["Tomas Keel"] and cells["speaker"] == "Ana Ruru"
    res = runner.invoke(app, ["quotes", "--db", db, "--speaker", "Tomas Keel"])
    assert res.exit_code == 0 and "Tomas Keel" in res.stdout and "ferry" not in res.stdout
    assert runner.invoke(app, ["quotes", "--db", db, "--format", "xml"]).exit_code == 2


def test_export_has_the_co_speakers_table(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newsledger.cli import app

    db = _cli_store(tmp_path)
    res = CliRunner().invoke(app, ["export", "--db", db, "--table", "attribution_speakers"])
    assert res.exit_code == 0, res.output
    [row] = [json.loads(line) for line in res.stdout.splitlines()]
    with Store(db) as store:
        name = store.db.execute("SELECT name FROM speakers WHERE id = ?", (row["speaker_id"],)).fetchone()[0]
        own = store.db.execute("SELECT speaker FROM attributions WHERE id = ?", (row["attribution_id"],)).fetchone()
    assert (name, own[0], row["position"]) == ("Tomas Keel", "Ana Ruru", 1)
    pa = pytest.importorskip("pyarrow")
    assert tables.arrow_schema("attribution_speakers").field("position").type == pa.int64()


def test_shards_carry_the_co_speakers() -> None:
    att = Attribution(kind="indirect", content=Span(0, 4, "held"), speaker="Ana Ruru", co_speakers=["Tomas Keel"])
    row = {"failure": None, "article": json.dumps(dataclasses.asdict(Article(title="Pier", paragraphs=["held"]))),
           "provenance": None, "sha256": "cd" * 32, "source": "pier.txt", "url": None, "container": None,
           "ordinal": 0, "analysis": json.dumps(dataclasses.asdict(Analysis(attributions=[att])))}
    assert flat_rows([row])["attributions"][0]["co_speakers"] == ["Tomas Keel"]
    # ``load`` rebuilds the analysis from the records row, co-speakers included
    assert from_dict(Analysis, json.loads(str(row["analysis"]))).attributions[0].co_speakers == ["Tomas Keel"]


def test_pages_and_api_show_and_find_co_speakers(tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from newsledger.serve.app import Settings, create_app

    db = str(tmp_path / "q.db")
    with Store(db) as store:
        aid = _save(store, "pier one", "Ana Ruru", ["Tomas <Keel>"], "the breakwater held")
        store.refresh_entities()
        keel = store.db.execute("SELECT entity_id FROM speakers WHERE name = 'Tomas <Keel>'").fetchone()[0]
    with TestClient(create_app(Settings(db=db, token=None))) as client:
        api = client.get(f"/api/articles/{aid}").json()
        assert api["attributions"][0]["co_speakers"] == ["Tomas <Keel>"]
        page = client.get(f"/articles/{aid}").text
        assert f'<a href="/speakers/{keel}">Tomas &lt;Keel&gt;</a>' in page and "<Keel>" not in page
        sp = client.get(f"/api/speakers/{keel}").json()
        assert [(q["speaker"], q["co_speakers"]) for q in sp["quotes"]] == [("Ana Ruru", ["Tomas <Keel>"])]
        assert "Ana Ruru; Tomas &lt;Keel&gt;" in client.get(f"/speakers/{keel}").text
        found = client.get("/api/speakers", params={"q": "Keel"}).json()["items"]
        assert [(f["name"], f["quotes"]) for f in found] == [("Tomas <Keel>", 1)]
