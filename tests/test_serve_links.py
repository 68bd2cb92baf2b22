"""Pages and API over a linked store: copies and original, stories, the figures ledger and its chart."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the serve extra is not installed (pip install -e '.[serve]')")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from _serve_data import HOSTILE_TITLE, build_store
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from newsledger.serve.app import Settings, create_app
from newsledger.store import Store


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, int]]]:
    db: Path = tmp_path_factory.mktemp("linked") / "ledger.db"
    ids = build_store(db, link=True)
    with Store(db) as store, store.transaction():
        # The link stage groups the two Kelso articles into one story by itself; the copy relation is
        # written here so the page's copy rendering is tested whatever the copy detector decides.
        store.db.execute("DELETE FROM copies")
        store.db.execute("INSERT INTO copies VALUES (?, ?, NULL, 'test: shared text', 'test')",
                         (ids["breakwater"], ids["breakwater"]))
        store.db.execute("INSERT INTO copies VALUES (?, ?, 0.9, 'test: shared text', 'test')",
                         (ids["copy"], ids["breakwater"]))
    with TestClient(create_app(Settings(db=str(db), token=None))) as c:
        yield c, ids


def _story_of(client: TestClient, article_id: int) -> int:
    stories = client.get(f"/api/articles/{article_id}").json()["links"]["stories"]
    assert len(stories) == 1
    return int(stories[0]["id"])


def test_article_shows_its_original_and_copies(linked: tuple[TestClient, dict[str, int]]) -> None:
    client, ids = linked
    links = client.get(f"/api/articles/{ids['copy']}").json()["links"]
    assert links["linked"] is True and links["original"]["id"] == ids["breakwater"]
    tree = HTMLParser(client.get(f"/articles/{ids['copy']}").text)
    section = tree.css_first("section.links")
    assert "Copy of" in section.text()
    assert f"/articles/{ids['breakwater']}" in [a.attributes.get("href") for a in section.css("a")]
    original = HTMLParser(client.get(f"/articles/{ids['breakwater']}").text).css_first("section.links")
    assert "This is the original" in original.text() and "90% of the original" in original.text()
    assert f"/articles/{ids['copy']}" in [a.attributes.get("href") for a in original.css("a")]


def test_story_api_page_ledger_and_chart(linked: tuple[TestClient, dict[str, int]]) -> None:
    client, ids = linked
    sid = _story_of(client, ids["breakwater"])
    assert _story_of(client, ids["copy"]) == sid
    listed = client.get("/api/stories").json()
    assert listed["linked"] is True and sid in [s["id"] for s in listed["items"]]
    story = client.get(f"/api/stories/{sid}").json()
    assert {a["id"] for a in story["articles"]} == {ids["breakwater"], ids["copy"]}
    boats = [g for g in story["ledger"] if "boat" in g["counted"]]
    assert boats and {f["text"] for f in boats[0]["figures"]} == {"about 300", "Between 250 and 320"}
    assert client.get("/api/ledger", params={"story": sid}).json()["groups"] == story["ledger"]
    in_story = client.get("/api/articles", params={"story": sid}).json()["items"]
    assert {a["id"] for a in in_story} == {ids["breakwater"], ids["copy"]}
    tree = HTMLParser(client.get(f"/stories/{sid}").text)
    svg = tree.css_first("figure.chart svg")
    assert svg is not None and len(svg.css("circle")) == 1 and len(svg.css("g.range")) == 1
    rows = tree.css("table.ledger tbody tr")
    assert len(rows) >= 2 and any("Between 250 and 320" in r.text() for r in rows)
    assert client.get("/api/stories/999999").status_code == 404
    assert client.get("/stories/999999").status_code == 404


def test_hostile_story_label_is_text(linked: tuple[TestClient, dict[str, int]]) -> None:
    client, ids = linked
    sid = _story_of(client, ids["hostile"])
    html = client.get(f"/stories/{sid}").text
    tree = HTMLParser(html)
    assert tree.css_first("h1").text() == HOSTILE_TITLE
    assert [s.attributes.get("src") for s in tree.css("script")] == ["/static/app.js"]
    assert not tree.css("img, iframe")
    home = HTMLParser(client.get("/").text)
    assert HOSTILE_TITLE in [a.text() for a in home.css("a")]
    assert not home.css("img, iframe")


def test_speaker_page_gathers_every_name_of_an_entity(tmp_path: Path) -> None:
    db = tmp_path / "entities.db"
    ids = build_store(db)
    with Store(db) as store, store.transaction():
        # An entity known by two names (the analysis's entity stage, #16, writes these rows).
        cur = store.db.execute("INSERT INTO entities (name, kind) VALUES ('Tomas Vell', 'person')")
        store.db.execute("UPDATE speakers SET entity_id = ? WHERE name IN ('Tomas Vell', 'Kelso Port Authority')",
                         (cur.lastrowid,))
        for alias in ("Tomas Vell", "Kelso Port Authority"):
            store.db.execute("INSERT INTO entity_aliases (entity_id, alias, alias_key) VALUES (?, ?, ?)",
                             (cur.lastrowid, alias, alias.lower()))
        eid = int(cur.lastrowid or 0)
        ruru_article = store.db.execute("SELECT article_id FROM speakers WHERE id = ?", (ids["ruru"],)).fetchone()[0]
    with TestClient(create_app(Settings(db=str(db), token=None))) as client:
        # Where entities are built a speaker's page id is its entity's id (stable across ingests).
        sp = client.get(f"/api/speakers/{eid}").json()
        assert sp["id"] == eid
        assert sp["name"] == "Tomas Vell"
        assert sp["names"] == ["Kelso Port Authority", "Tomas Vell"]
        assert {q["speaker"] for q in sp["quotes"]} == {"Kelso Port Authority", "Tomas Vell"}
        assert "Named as: Kelso Port Authority; Tomas Vell" in client.get(f"/speakers/{eid}").text
        # Where entities are built, the speaker list is theirs: a match on any alias finds the entity.
        found = client.get("/api/speakers", params={"q": "Port Auth"}).json()["items"]
        assert [(f["name"], f["quotes"]) for f in found] == [("Tomas Vell", 2)]
        assert found[0]["id"] == eid
        # An id no entity has is no page, and a name with no entity yet (saved since the last refresh) no link.
        assert client.get(f"/api/speakers/{eid + 1000}").status_code == 404
        art = client.get(f"/api/articles/{ruru_article}").json()
        assert "Ana Ruru" not in art["speaker_ids"] and art["speaker_ids"]["Tomas Vell"] == eid


def test_a_projection_is_labelled_in_the_ledger_and_its_verb_is_text(tmp_path: Path) -> None:
    db = tmp_path / "projection.db"
    ids = build_store(db, link=True)
    with Store(db) as store, store.transaction():
        store.db.execute("UPDATE figures SET state = ? WHERE text = 'about 300'", ("could hold <script>x()</script>",))
    with TestClient(create_app(Settings(db=str(db), token=None))) as client:
        sid = _story_of(client, ids["breakwater"])
        figures = [f for g in client.get(f"/api/stories/{sid}").json()["ledger"] for f in g["figures"]]
        [held] = [f for f in figures if f["text"] == "about 300"]
        assert held["projection"] is True and held["state"].startswith("could hold")
        assert all(f["projection"] is False for f in figures if f["text"] != "about 300")
        tree = HTMLParser(client.get(f"/stories/{sid}").text)
        [row] = [r for r in tree.css("table.ledger tbody tr") if "about 300" in r.text()]
        assert "(could hold <script>x()</script>)" in row.text()  # shown as text, never run
        assert [s.attributes.get("src") for s in tree.css("script")] == ["/static/app.js"]


def test_a_figure_takes_the_hedge_of_a_content_piece_that_holds_it(tmp_path: Path) -> None:
    import json

    from newsledger.link.linkstore import story_ledger

    db = tmp_path / "pieces.db"
    ids = build_store(db, link=True)

    def hedge_of_300(store: Store) -> str | None:
        sid = store.db.execute("SELECT story_id FROM story_articles WHERE article_id = ?",
                               (ids["breakwater"],)).fetchone()[0]
        return next(r.hedge for g in story_ledger(store, sid) for r in g.rows if r.text == "about 300")

    with Store(db) as store:
        assert hedge_of_300(store) == "claimed"  # inside the claim's one content span
        t = store.db.execute("SELECT id, content_start, content_end, content_text FROM attributions"
                             " WHERE hedge = 'claimed'").fetchone()
        start, end, text = t["content_start"], t["content_end"], t["content_text"]
        # The same envelope in two pieces that leave the figure out: it is no longer inside what was claimed.
        cut = text.index("boats")
        pieces = [{"start": start, "end": start + 5, "text": text[:5]},
                  {"start": start + cut, "end": end, "text": text[cut:]}]
        with store.transaction():
            store.db.execute("UPDATE attributions SET content_spans = ? WHERE id = ?", (json.dumps(pieces), t["id"]))
        assert hedge_of_300(store) == "asserted"
