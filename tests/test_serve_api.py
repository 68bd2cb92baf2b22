"""The HTTP API and pages through FastAPI's TestClient (no network), and the published OpenAPI."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the serve extra is not installed (pip install -e '.[serve]')")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's note on httpx versions; the client works the same
    from fastapi.testclient import TestClient

from _serve_data import HOSTILE_SPEAKER, build_store
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from typer.testing import CliRunner

from newsledger.cli import app as cli_app
from newsledger.serve import chart, highlight
from newsledger.serve.app import CSP, Settings, create_app
from newsledger.serve.uploads import label

TOKEN = "s3cret-fictional-token"
SAMPLE = Path(__file__).resolve().parents[1] / "newsledger" / "samples" / "harbourledger-council-budget.html"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, int]]:
    """The same fictional store on each backend (conftest.py starts the PostgreSQL server)."""
    if request.param == "sqlite":
        path = str(tmp_path_factory.mktemp("serve") / "ledger.db")
    else:
        path = str(request.getfixturevalue("pg_module_url"))
    return path, build_store(path)


@pytest.fixture(scope="module")
def client(store: tuple[str, dict[str, int]]) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=str(store[0]), token=None))) as c:
        yield c


@pytest.fixture(scope="module")
def ids(store: tuple[str, dict[str, int]]) -> dict[str, int]:
    return store[1]


def _all_ids(client: TestClient, url: str, **params: Any) -> list[int]:
    seen: list[int] = []
    cursor: str | None = None
    for _ in range(20):
        r = client.get(url, params={**params, "limit": 1, **({"cursor": cursor} if cursor else {})})
        assert r.status_code == 200, r.text
        body = r.json()
        seen += [a["id"] for a in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            return seen
    raise AssertionError("the cursor never ended")


def test_cursor_pagination_walks_every_article_once(client: TestClient, ids: dict[str, int]) -> None:
    assert _all_ids(client, "/api/articles") == sorted([ids["breakwater"], ids["copy"], ids["hostile"]], reverse=True)
    newest = _all_ids(client, "/api/articles", q="breakwater", sort="newest")
    assert newest == sorted([ids["breakwater"], ids["copy"]], reverse=True)
    ranked = _all_ids(client, "/api/articles", q="breakwater")
    assert sorted(ranked) == sorted([ids["breakwater"], ids["copy"]])


def test_big_searches_are_listed_newest_first_and_say_so(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsledger.serve import queries

    r = client.get("/api/articles", params={"q": "breakwater"}).json()
    assert r["order"] == "relevance" and r["note"] is None
    monkeypatch.setattr(queries, "RANK_LIMIT", 1)
    r = client.get("/api/articles", params={"q": "breakwater"}).json()
    assert r["order"] == "newest" and "more than 1 articles match" in r["note"]
    assert [a["id"] for a in r["items"]] == sorted((a["id"] for a in r["items"]), reverse=True)
    assert "newest first" in client.get("/search", params={"q": "breakwater"}).text


def test_filters(client: TestClient, ids: dict[str, int]) -> None:
    def got(**params: Any) -> set[int]:
        r = client.get("/api/articles", params=params)
        assert r.status_code == 200, r.text
        return {a["id"] for a in r.json()["items"]}

    assert got(outlet="Kelso Tide") == {ids["breakwater"]}
    assert got(since="2025-03-08") == {ids["copy"]}
    assert got(until="2025-03-07") == {ids["breakwater"]}
    assert got(speaker="Tomas Vell") == {ids["breakwater"]}
    assert got(speaker="Ana Ruru") == {ids["breakwater"], ids["copy"]}
    assert got(language="fr") == set()
    assert got(q="boats moored", outlet="Southcoast") == set()


def test_bad_queries_are_400_or_422_with_json(client: TestClient) -> None:
    r = client.get("/api/articles", params={"q": '"unclosed'})
    assert r.status_code == 400
    assert "FTS5 syntax" in r.json()["error"]["hint"]
    # The same text searched as words is not an error.
    assert client.get("/api/articles", params={"q": '"unclosed AND (', "mode": "words"}).status_code == 200
    r = client.get("/api/articles", params={"cursor": "not-a-cursor"})
    assert r.status_code == 400 and r.json()["error"]["message"].startswith("the cursor")
    r = client.get("/api/articles", params={"limit": 0})
    assert r.status_code == 422 and "limit" in r.json()["error"]["message"]
    r = client.get("/api/articles", params={"since": "last tuesday"})
    assert r.status_code == 400 and "7d" in r.json()["error"]["hint"]
    r = client.get("/api/articles/999999")
    assert r.status_code == 404 and r.json() == {"error": {"status": 404, "message": "no article 999999",
                                                           "hint": None}}


def test_one_article_with_spans_figures_and_links(client: TestClient, ids: dict[str, int]) -> None:
    a = client.get(f"/api/articles/{ids['breakwater']}").json()
    text = "\n\n".join(a["paragraphs"])
    assert len(a["attributions"]) == 4
    for t in a["attributions"]:
        assert text[t["content_start"]:t["content_end"]] == t["content_text"]
    assert {t["hedge"] for t in a["attributions"]} == {"asserted", "claimed", "alleged"}
    assert a["figures"][0]["value"] == 300
    assert a["links"] == {"linked": False, "copies": [], "original": None, "evidence": None, "stories": []}
    assert a["speaker_ids"]["Ana Ruru"] == ids["ruru"]


def test_speakers_across_articles(client: TestClient, ids: dict[str, int]) -> None:
    items = client.get("/api/speakers", params={"q": "Ruru"}).json()["items"]
    assert items == [{"id": ids["ruru"], "name": "Ana Ruru", "kind": "person", "articles": 2, "quotes": 3}]
    sp = client.get(f"/api/speakers/{ids['ruru']}").json()
    assert [q["published"] for q in sp["quotes"]] == ["2025-03-07", "2025-03-07", "2025-03-08"]
    assert client.get("/api/speakers/999999").status_code == 404


def test_speakers_page_through_by_name(client: TestClient) -> None:
    names: list[str] = []
    cursor = None
    for _ in range(10):
        body = client.get("/api/speakers", params={"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        names += [s["name"] for s in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert names == sorted(names) and len(names) == len(set(names)) == 4


def test_stories_say_not_linked_yet(client: TestClient) -> None:
    assert client.get("/api/stories").json() == {"linked": False, "items": [], "next_cursor": None}
    r = client.get("/api/stories/1")
    assert r.status_code == 404 and "not linked yet" in r.json()["error"]["message"]
    page = client.get("/stories/1")
    assert page.status_code == 200 and "not linked yet" in page.text
    assert "not linked yet" in client.get("/").text


def test_health_and_openapi(client: TestClient) -> None:
    h = client.get("/health").json()
    assert h["status"] == "ok" and h["articles"] == 3
    spec = client.get("/openapi.json").json()
    for path in ("/api/articles", "/api/articles/{article_id}", "/api/speakers", "/api/speakers/{speaker_id}",
                 "/api/stories", "/api/stories/{story_id}", "/api/ledger", "/ingest", "/health"):
        assert path in spec["paths"], path
    assert client.get("/docs").status_code == 404  # Swagger UI would load scripts from a CDN


def test_every_page_renders_with_security_headers(client: TestClient, ids: dict[str, int]) -> None:
    for url in ("/", "/search?q=breakwater", f"/articles/{ids['breakwater']}", f"/speakers/{ids['ruru']}",
                "/stories/1", "/ingest", "/api/articles", "/health"):
        r = client.get(url)
        assert r.status_code == 200, url
        assert r.headers["content-security-policy"] == CSP
        assert r.headers["x-content-type-options"] == "nosniff"
    missing = client.get("/articles/999999")
    assert missing.status_code == 404 and "text/html" in missing.headers["content-type"]


def test_article_page_highlights_by_kind_and_hedge_with_speaker_links(client: TestClient, ids: dict[str, int]) -> None:
    tree = HTMLParser(client.get(f"/articles/{ids['breakwater']}").text)
    marks = tree.css(".body mark.q")
    assert len(marks) == 4
    classes = {m.attributes.get("class") for m in marks}
    assert "q k-direct h-asserted" in classes and "q k-indirect h-alleged" in classes
    assert "q k-indirect h-claimed" in classes
    links = {a.attributes.get("href") for a in tree.css(".body a.src")}
    assert f"/speakers/{ids['ruru']}" in links
    legend = tree.css_first(".legend").text()
    for hedge in ("asserted", "claimed", "alleged", "unverified", "denied"):
        assert hedge in legend
    assert "not linked yet" in tree.css_first("section.links").text()


def _assert_inert(html: str) -> None:
    """No element, attribute or URL from page content can run: only our own script tag exists."""
    tree = HTMLParser(html)
    scripts = [s.attributes.get("src") for s in tree.css("script")]
    assert scripts == ["/static/app.js"], scripts
    assert not tree.css("iframe, img, svg[onload], b, i")
    for node in tree.css("*"):
        for name, value in node.attributes.items():
            assert not name.lower().startswith("on"), (node.tag, name)
            assert not (value or "").strip().lower().startswith("javascript:"), (node.tag, name, value)


def test_hostile_content_is_escaped_everywhere(client: TestClient, ids: dict[str, int]) -> None:
    pages = [
        f"/articles/{ids['hostile']}", f"/speakers/{ids['hostile_speaker']}", "/", "/search?q=pier",
        "/search?q=Mira", '/search?q=<script>alert(1)</script>', "/search?q=%22%3E%3Cscript%3E",
        "/articles/%3Cscript%3E",
    ]
    for url in pages:
        r = client.get(url)
        assert r.status_code in (200, 400, 404, 422), url
        _assert_inert(r.text)
    art = client.get(f"/articles/{ids['hostile']}").text
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in art  # shown as text, not dropped
    assert HOSTILE_SPEAKER not in art  # never raw
    tree = HTMLParser(art)
    url_cell = [d for d in tree.css("dd") if "alert(5)" in d.text()]
    assert url_cell and url_cell[0].css_first("a") is None  # a javascript: URL stays text


def test_highlight_pieces_rebuild_the_text() -> None:
    paras = ["Ana said it held.", "\"Lucky,\" she said."]
    text = "\n\n".join(paras)
    attrs = [
        {"seq": 0, "kind": "indirect", "hedge": "asserted", "speaker": "Ana", "part": "body",
         "source_start": 0, "source_end": 3, "cue_start": 4, "cue_end": 8,
         "content_start": 9, "content_end": 16},
        {"seq": 1, "kind": "direct", "hedge": "denied", "speaker": "Ana", "part": "body",
         "source_start": None, "source_end": None, "cue_start": text.index("she said"),
         "cue_end": text.index("she said") + 8, "content_start": text.index('"Lucky'),
         "content_end": text.index('"Lucky') + 8},
        # overlaps the first content: kept plain rather than nested
        {"seq": 2, "kind": "direct", "hedge": "asserted", "speaker": None, "part": "body",
         "content_start": 10, "content_end": 14},
    ]
    out = highlight.paragraphs(paras, attrs, speaker_ids={"Ana": 7})
    assert ["".join(p.text for p in para.pieces) for para in out] == paras
    roles = [(p.role, p.text) for p in out[0].pieces if p.role]
    assert roles == [("source", "Ana"), ("cue", "said"), ("content", "it held")]
    assert out[0].pieces[0].speaker_id == 7
    assert [(p.role, p.hedge) for p in out[1].pieces if p.role == "content"] == [("content", "denied")]


def test_chart_escapes_labels_and_draws_points_and_ranges() -> None:
    svg = str(chart.svg([
        chart.Point("2025-03-07", 300, None, "<script>x</script>", "about 300"),
        chart.Point("2025-03-08", 250, 320, "Southcoast Wire", "250 to 320"),
        chart.Point(None, 280, None, "Kelso Tide", "280"),
    ]))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    tree = HTMLParser(svg)
    assert len(tree.css("circle")) == 2 and len(tree.css("g.range")) == 1
    assert "undated" in svg and "2025-03-07" in svg
    assert str(chart.svg([])) == ""


def test_upload_labels_never_look_like_paths() -> None:
    assert label("../../etc/passwd") == "upload:.._.._etc_passwd"
    assert label("a\x00b\nc.html") == "upload:a_b_c.html"
    assert label(None) == "upload:upload"


def test_ingest_is_refused_without_a_configured_token(client: TestClient) -> None:
    r = client.post("/ingest", files={"files": ("a.txt", b"Some text.", "text/plain")},
                    headers={"Authorization": "Bearer anything"})
    assert r.status_code == 403 and "NEWSLEDGER_TOKEN" in r.json()["error"]["message"]
    assert "disabled" in client.get("/ingest").text


def test_ingest_with_token(db_url: str) -> None:
    db = db_url
    build_store(db)
    app = create_app(Settings(db=db, token=TOKEN, max_upload=4096, upload_seconds=30, analyze=False))
    page = SAMPLE.read_bytes()  # fictional, bundled with the package
    with TestClient(app) as c:
        files = {"files": ("../quay.html", page, "text/html")}
        assert c.post("/ingest", files=files).status_code == 401
        assert c.post("/ingest", files=files, headers={"Authorization": "Bearer wrong"}).status_code == 401
        r = c.post("/ingest", files=files, headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 200, r.text
        res = r.json()["results"][0]
        assert res["status"] == "stored" and res["source"] == "upload:.._quay.html" and res["linked"] is True
        art = c.get(f"/api/articles/{res['article_id']}").json()
        assert "Kestrel Bay" in art["title"] and art["sources"] == ["upload:.._quay.html"]
        assert art["links"]["linked"] is True and len(art["links"]["stories"]) == 1
        again = c.post("/ingest", files=files, headers={"Authorization": f"Bearer {TOKEN}"}).json()["results"][0]
        assert again["status"] == "duplicate" and again["article_id"] == res["article_id"]
        big = c.post("/ingest", files={"files": ("big.txt", b"x" * 5000, "text/plain")},
                     headers={"Authorization": f"Bearer {TOKEN}"})
        assert big.status_code == 413 and big.json()["error"]["status"] == 413
        binary = c.post("/ingest", files={"files": ("x.pdf", b"%PDF-1.7 binary", "application/pdf")},
                        headers={"Authorization": f"Bearer {TOKEN}"}).json()["results"][0]
        assert binary["status"] == "failed" and binary["reason"] == "binary"
        form = c.post("/ingest/form", data={"token": TOKEN}, files=files)
        assert form.status_code == 200 and "duplicate" in form.text
        assert c.post("/ingest/form", data={"token": "nope"}, files=files).status_code == 401


def test_serve_command_refuses_a_missing_database(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli_app, ["serve", "--db", str(tmp_path / "none.db")])
    assert res.exit_code == 3
    assert not (tmp_path / "none.db").exists()  # nothing created that was not asked for


def test_serve_command_refuses_a_postgresql_database_without_a_store(pg_url: str) -> None:
    import psycopg

    res = CliRunner().invoke(cli_app, ["serve", "--db", pg_url])
    assert res.exit_code == 3 and "no newsledger store" in res.output
    with psycopg.connect(pg_url) as con:  # nothing created that was not asked for
        assert con.execute("SELECT count(*) FROM information_schema.tables"
                           " WHERE table_schema = current_schema()").fetchone() == (0,)


def test_hostile_speaker_page_lists_the_quote(client: TestClient, ids: dict[str, int]) -> None:
    sp = client.get(f"/api/speakers/{ids['hostile_speaker']}").json()
    assert sp["name"] == HOSTILE_SPEAKER and sp["quotes"][0]["hedge"] == "unverified"


def test_the_server_shows_sources_by_file_name_not_folder(tmp_path: Path) -> None:
    # inputs.source is the path the ingesting user typed; its folders can name a case, a person or
    # a machine, and a server is read by others.  The API shows the file name (and position) only.
    folder = tmp_path / "case-7-informant-ana" / "pages"
    folder.mkdir(parents=True)
    (folder / "budget.html").write_bytes(SAMPLE.read_bytes())
    db = tmp_path / "paths.db"
    res = CliRunner().invoke(cli_app, ["ingest", str(folder), "--db", str(db), "--no-analyze"])
    assert res.exit_code == 0, res.output
    with TestClient(create_app(Settings(db=str(db), token=None))) as c:
        first = c.get("/api/articles").json()["items"][0]["id"]
        body = c.get(f"/api/articles/{first}")
        page = c.get(f"/articles/{first}")
    assert body.status_code == 200 and body.json()["sources"] == ["budget.html"]
    assert "case-7-informant-ana" not in body.text and "case-7-informant-ana" not in page.text
