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
        # a new store's first entity is 1 on both backends (the same ids: commands' JSON compares equal)
        assert store.db.execute("SELECT last_id FROM id_marks WHERE name = 'entities'").fetchone()[0] == 0
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


# -- stable ids: an entity keeps its id across refreshes, ingests and reprocess ---------------------

def _ids(store: Store) -> dict[str, int]:
    return {r["name"]: int(r["id"]) for r in store.db.execute("SELECT id, name FROM entities")}


def test_entity_ids_survive_ingest_refresh_and_reprocess(db_url: str) -> None:
    hollis = Speaker("Marten Hollis", mentions=["Hollis"])
    with Store(db_url) as store:
        _save(store, "one", [(hollis, "Hollis", "troops moved"), (Speaker("Anouk Reyes"), "Anouk Reyes", "rain")])
        _save(store, "two", [(Speaker("Zora Quill"), "Zora Quill", "snow")])
        store.refresh_entities()
        first = _ids(store)
        hid, rid = first["Marten Hollis"], first["Anouk Reyes"]
        # more pages: new people (names sorting before and after), the same man by a longer name
        _save(store, "three", [(Speaker("Marten J. Hollis"), "Marten J. Hollis", "more troops"),
                               (Speaker("Aldo Brisk"), "Aldo Brisk", "hail")])
        _save(store, "four", [(Speaker("Yusuf Tarn"), "Yusuf Tarn", "fog")])
        store.refresh_entities()
        second = _ids(store)
        assert second["Marten Hollis"] == hid and second["Anouk Reyes"] == rid
        assert second["Zora Quill"] == first["Zora Quill"]
        assert min(second["Aldo Brisk"], second["Yusuf Tarn"]) > max(first.values())  # new people, new ids
        assert store.refresh_entities() == 5 and _ids(store) == second  # a refresh alone changes nothing
        # reprocess: article "one" re-analysed (the same bytes saved again): Hollis stays, Reyes is gone
        _save(store, "one", [(hollis, "Hollis", "troops moved, said again")])
        store.refresh_entities()
        third = _ids(store)
        assert third["Marten Hollis"] == hid and "Anouk Reyes" not in third
        assert store.db.execute("SELECT count(*) FROM entity_aliases WHERE entity_id = ?", (rid,)).fetchone()[0] == 0
        # a newcomer never gets a departed person's id (nor anybody's ever given)
        _save(store, "five", [(Speaker("Bea Noor"), "Bea Noor", "sun")])
        store.refresh_entities()
        fourth = _ids(store)
        assert fourth["Bea Noor"] > max(second.values()) and rid not in fourth.values()
        assert {fourth[n] for n in third} == set(third.values())
        # the speakers rows (new ids after the re-analysis) point at the kept entity
        rows = store.db.execute("SELECT DISTINCT entity_id FROM speakers WHERE name LIKE '%Hollis'").fetchall()
        assert [r[0] for r in rows] == [hid]
    with Store(db_url) as store:  # the high-water mark outlives the connection
        _save(store, "six", [(Speaker("Cato Wren"), "Cato Wren", "dew")])
        store.refresh_entities()
        assert _ids(store)["Cato Wren"] > fourth["Bea Noor"]


def test_renamed_entity_keeps_its_id(db_url: str) -> None:
    with Store(db_url) as store:
        # known only by surname at first; a later page gives the full name, which becomes the canonical one
        _save(store, "zero", [(Speaker("Zed Ulm"), "Zed Ulm", "quiet")])
        _save(store, "one", [(Speaker("Hollis"), "Hollis", "troops moved")])
        store.refresh_entities()
        hid = _ids(store)["Hollis"]
        _save(store, "zero", [])  # re-analysed: Zed Ulm is gone, and the id before Hollis's is free
        _save(store, "two", [(Speaker("Marten Hollis", mentions=["Hollis"]), "Marten Hollis", "troops left")])
        store.refresh_entities()
        assert _ids(store) == {"Marten Hollis": hid}


def test_keep_ids_rule() -> None:
    from newsledger.analyze.entities import StoredEntity, keep_ids

    def old(i: int, name: str, *aliases: str, kind: str = "person") -> StoredEntity:
        return StoredEntity(i, name, kind, frozenset(a.casefold() for a in (name, *aliases)))

    stored = [old(3, "Marten Hollis", "Hollis", "Marten J. Hollis"), old(5, "Hollis"), old(7, "Anouk Reyes"),
              old(9, "Orvik Port Authority", "Orvik Port", kind="organisation")]
    # same name first, whatever the aliases; then most shared aliases
    assert keep_ids([("marten hollis", "person", [])], stored) == {0: 3}
    assert keep_ids([("Marten Jan Hollis", "person", ["Marten J. Hollis"])], stored) == {0: 3}
    # a surname alone never passes a full-named person's id to another person...
    assert keep_ids([("Ada Hollis", "person", ["Hollis"])], [stored[0]]) == {}
    # ...but a surname-only entity's id goes to the person that surname now joins
    assert keep_ids([("Ada Hollis", "person", ["Hollis"])], [stored[1]]) == {0: 5}
    # each stored id at most once; the larger overlap wins, then the new name in order
    got = keep_ids([("Marten Hollis", "person", []), ("M. Hollis", "person", ["Marten J. Hollis"])], stored)
    assert got == {0: 3}
    both = [old(11, "Delphine Ostrava", "Delphine Ostrava-Kaur"), old(12, "Delphine Kaur", "Delphine Ostrava-Kaur")]
    assert keep_ids([("Delphine Ostrava-Kaur", "person", [])], both) == {0: 11}  # a tie: the oldest id
    # a person never takes an organisation's id (nor the reverse)
    assert keep_ids([("Orvik Port", "person", ["Orvik Port Authority"])], stored) == {}
    assert keep_ids([("Port Authority of Orvik", "organisation", ["Orvik Port"])], stored) == {0: 9}
    assert keep_ids([("Nobody Known", "person", [])], stored) == {}


def test_speaker_page_answers_the_same_person_after_an_ingest(db_url: str) -> None:
    """A bookmarked /api/speakers/{id} (and /speakers/{id}) still shows the same person after more pages."""
    import pytest

    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from newsledger.serve.app import Settings, create_app

    with Store(db_url) as store:
        _save(store, "one", [(Speaker("Tomas Vell", mentions=["Vell"]), "Vell", "the port reopens"),
                             (Speaker("Ilse Varga"), "Ilse Varga", "ferries wait")])
        store.refresh_entities()
    with TestClient(create_app(Settings(db=db_url, token=None))) as client:
        people = {p["name"]: p["id"] for p in client.get("/api/speakers").json()["items"]}
        vell, varga = people["Tomas Vell"], people["Ilse Varga"]
        before = client.get(f"/api/speakers/{vell}").json()
        assert before["name"] == "Tomas Vell" and before["id"] == vell
        with Store(db_url) as store:  # an ingest: new people sorting first, Vell again, Varga's page re-analysed
            _save(store, "two", [(Speaker("Abel Aster"), "Abel Aster", "cranes idle"),
                                 (Speaker("Tomas K. Vell"), "Tomas K. Vell", "the port reopens soon")])
            _save(store, "one", [(Speaker("Tomas Vell", mentions=["Vell"]), "Vell", "the port reopens")])
            store.refresh_entities()
        after = client.get(f"/api/speakers/{vell}").json()
        assert after["name"] == "Tomas Vell" and after["id"] == vell
        assert {q["content_text"] for q in after["quotes"]} == {"the port reopens", "the port reopens soon"}
        assert "Tomas Vell" in client.get(f"/speakers/{vell}").text
        # the departed person's page is gone, and nobody else answers at that id
        assert client.get(f"/api/speakers/{varga}").status_code == 404
        aster = {p["name"]: p["id"] for p in client.get("/api/speakers").json()["items"]}["Abel Aster"]
        assert aster not in (vell, varga)


def test_migration_12_seeds_the_mark_past_the_ids_given(db_url: str) -> None:
    """A store made before stable ids: new entities start past every id in use (on PostgreSQL, past every
    id its identity handed out, even of rows since deleted; SQLite kept no record of those)."""
    pg = db_url.startswith("postgres")
    with Store(db_url) as store, store.transaction():
        for name in ("Gone Once", "Gone Twice", "Gone Thrice"):  # ids 1-3 from the table's own numbering
            store.db.execute("INSERT INTO entities (name, kind) VALUES (?, 'person')", (name,))
        store.db.execute("DELETE FROM entities")
        store.db.execute("INSERT INTO entities (id, name, kind) VALUES (2, 'Vera Lint', 'person')")
        store.db.execute("DROP TABLE id_marks")
        store.db.execute("ALTER TABLE attributions DROP COLUMN content_spans")  # migration 14's (#20)
        store.db.execute("UPDATE newsledger_schema SET version = 11" if pg else "PRAGMA user_version = 11")
    with Store(db_url) as store:
        assert store.schema_version == len(MIGRATIONS)
        mark = int(store.db.execute("SELECT last_id FROM id_marks WHERE name = 'entities'").fetchone()[0])
        assert mark == (3 if pg else 2)  # SQLite: the largest id in use; PostgreSQL: the largest ever given
        _save(store, "one", [(Speaker("Noor Ashby"), "Noor Ashby", "tide")])
        store.refresh_entities()
        assert _ids(store) == {"Noor Ashby": mark + 1}  # Vera Lint, named by no speaker, is gone


_HARBOUR = """Harbour plans delayed in Kelso

The Kelso harbour board will delay the new pier by a year, board chair Ilse Varga said on Tuesday.

"We need another winter to finish the breakwater," Varga told reporters at the quay.

Local fishermen welcomed the delay. "The old pier still works," said Bruno Haltmann, a trawler captain.
"""
_FERRIES = """Ferries to Orvik resume next week

Ferry services between Kelso and Orvik resume next week, transport minister Tomas Vell said on Monday.

"The new timetable adds two crossings a day," Vell said in a statement.

"The pier will be ready by spring," said Ilse K. Varga, who chairs the Kelso harbour board.
"""


def test_cli_entity_ids_hold_across_ingest_and_reprocess(db_url: str, tmp_path: Path) -> None:
    """End to end with the real pipeline (spaCy): `entities --json` ids after ingest, ingest, reprocess --all."""
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
    runner = CliRunner()

    def ids() -> dict[str, int]:
        res = runner.invoke(app, ["entities", "--db", db_url, "--json", "--limit", "0"])
        assert res.exit_code == 0, res.output
        return {e["name"]: e["id"] for e in json.loads(res.stdout)}

    for name, text in (("a", _HARBOUR), ("b", _FERRIES)):
        (tmp_path / name).mkdir()
        (tmp_path / name / f"{name}.txt").write_text(text, encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(tmp_path / "a"), "--db", db_url, "--no-link"]).exit_code == 0
    first = ids()
    assert "Ilse Varga" in first
    assert runner.invoke(app, ["ingest", str(tmp_path / "b"), "--db", db_url, "--no-link"]).exit_code == 0
    second = ids()
    assert second["Ilse Varga"] == first["Ilse Varga"]  # now also "Ilse K. Varga"
    assert second["Tomas Vell"] > max(first.values())
    assert runner.invoke(app, ["reprocess", "--all", "--db", db_url, "--no-link"]).exit_code == 0
    assert ids() == second


def test_exported_speakers_carry_their_stable_entity_id(db_url: str) -> None:
    # Without entity_id an exported speaker row could not be joined to the speaker pages or the API.
    from newsledger.store.export import rows

    with Store(db_url) as store:
        _save(store, "one", [(Speaker("Ilse Varga", mentions=["Varga"]), "Varga", "the pier opens")])
        _save(store, "two", [(Speaker("Ilse K. Varga"), "Ilse K. Varga", "the pier is late"),
                             (Speaker("Tomas Vell"), "Tomas Vell", "rain")])
        store.refresh_entities()
        entity = {r[1]: int(r[0]) for r in store.db.execute("SELECT id, name FROM entities")}
        exported = {r["name"]: r["entity_id"] for r in rows(store.db, "speakers")}
    assert exported["Ilse Varga"] == exported["Ilse K. Varga"] == entity["Ilse Varga"]
    assert exported["Tomas Vell"] == entity["Tomas Vell"] != entity["Ilse Varga"]
