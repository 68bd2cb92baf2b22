"""The store on both backends (SQLite, PostgreSQL: the ``db_url`` fixture): schema, atomic saves, search, failures."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from newsledger.records import (
    Analysis,
    Article,
    Attribution,
    Caption,
    Document,
    Failure,
    Figure,
    PublishedDate,
    Span,
    Speaker,
)
from newsledger.store import QueryError, Store, StoreError, fts_query
from newsledger.store.schema import MIGRATIONS

BODY = ["Harbour master Ana Ruru said the breakwater held.", "\"We were lucky,\" she said."]


def doc(text: str = "raw page", source: str = "page.txt") -> Document:
    data = text.encode()
    return Document(source=source, data=data, sha256=hashlib.sha256(data).hexdigest(), text=text)


def article() -> Article:
    return Article(
        title="Breakwater holds as storm passes Port Kelso",
        paragraphs=list(BODY),
        publisher="The Kelso Tide",
        published=PublishedDate(iso="2025-03-07", raw="07/03/2025", order="dmy"),
        captions=[Caption("Waves at the breakwater.", "Tane Hohaia")],
        language="en",
    )


def analysis(text: str) -> Analysis:
    q = text.index("We were lucky")
    return Analysis(
        attributions=[Attribution(
            kind="direct", content=Span(q, q + 14, text[q:q + 14]), speaker="Ana Ruru", speaker_mention="she",
            cue=Span(text.index("she said"), text.index("she said") + 8, "she said"),
        )],
        speakers=[Speaker(name="Ana Ruru", descriptions=["Harbour master"])],
        figures=[Figure(text="about 300", value=300, approximate=True, counted="boats")],
    )


def test_schema_is_versioned_with_wal_and_foreign_keys(db_url: str) -> None:
    with Store(db_url) as s:
        assert s.schema_version == len(MIGRATIONS)
        if s.dialect == "sqlite":
            assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert s.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    # Reopening applies nothing twice.
    with Store(db_url) as s:
        assert s.schema_version == len(MIGRATIONS)


def test_newer_schema_is_refused(db_url: str) -> None:
    if db_url.startswith("postgresql:"):
        with Store(db_url) as s:
            s.db.execute("UPDATE newsledger_schema SET version = ?", (len(MIGRATIONS) + 5,))
    else:
        con = sqlite3.connect(db_url)
        con.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
        con.close()
    with pytest.raises(StoreError, match="newer"):
        Store(db_url)


def test_save_round_trip_and_raw_kept_compressed(db_url: str) -> None:
    d = doc("<p>" + "raw page " * 500 + "</p>")
    a = article()
    with Store(db_url) as s:
        aid = s.save(d, a, analysis(a.text), extract_version="e1", analyze_version="a1")
        got = s.article(aid)
        assert got is not None
        assert got["title"] == a.title and got["paragraphs"] == BODY and got["text"] == a.text
        assert got["published"] == "2025-03-07" and got["published_raw"] == "07/03/2025"
        assert got["captions"] == [{"text": "Waves at the breakwater.", "credit": "Tane Hohaia"}]
        assert got["attributions"][0]["speaker"] == "Ana Ruru"
        assert got["attributions"][0]["content_text"] == "We were lucky,"
        assert got["speakers"][0]["descriptions"] == ["Harbour master"]
        assert got["figures"][0]["value"] == 300
        assert s.raw(d.sha256) == d.data
        stored = s.db.execute("SELECT length(data) FROM raw_inputs").fetchone()[0]
        assert stored < len(d.data) / 5


def test_resave_updates_in_place_without_duplicates(db_url: str) -> None:
    d, a = doc(), article()
    with Store(db_url) as s:
        first = s.save(d, a, analysis(a.text), extract_version="e1", analyze_version="a1")
        a.title = "Breakwater holds"
        second = s.save(d, a, analysis(a.text), extract_version="e2", analyze_version="a1")
        assert first == second
        assert [s.count(t) for t in ("raw_inputs", "inputs", "articles", "attributions", "figures")] == [1, 1, 1, 1, 1]
        assert s.is_current(d.sha256, "e2", "a1") and not s.is_current(d.sha256, "e1", "a1")
        assert s.articles(search="Breakwater")[0]["title"] == "Breakwater holds"


def test_failed_save_leaves_nothing(db_url: str) -> None:
    d, a = doc(), article()
    bad = analysis(a.text)
    bad.attributions[0].content = None  # type: ignore[assignment]  # breaks mid-transaction
    with Store(db_url) as s:
        with pytest.raises(AttributeError):
            s.save(d, a, bad, extract_version="e1", analyze_version="a1")
        assert [s.count(t) for t in ("raw_inputs", "articles", "speakers")] == [0, 0, 0]


def test_full_text_search_is_injection_safe(db_url: str) -> None:
    with Store(db_url) as s:
        a = article()
        s.save(doc(), a, None, extract_version="e1", analyze_version=None)
        assert len(s.articles(search="breakwater")) == 1
        # FTS5 syntax is passed to FTS5 (issue #13), so a broken query is an error that
        # says so, never an empty result, and it stays a parameter (no SQL injection).
        with pytest.raises(QueryError):
            s.articles(search='lucky" OR title:*')
        with pytest.raises(QueryError):
            s.articles(search="NEAR(")
        assert len(s.articles(search="breakwater'; DROP TABLE articles; --")) == 0
        assert s.count("articles") == 1
        # Plain words are quoted one by one, so punctuation inside them is not syntax.
        assert fts_query("covid-19 u.s.") == '"covid-19" "u.s."'


def test_failures_are_upserted_per_input(db_url: str) -> None:
    with Store(db_url) as s:
        f = Failure("x.pdf", "ingest", "binary", "looks like pdf", "abc")
        s.record_failure(f)
        s.record_failure(f)
        rows = s.failures()
        assert len(rows) == 1 and rows[0]["count"] == 2 and rows[0]["reason"] == "binary"


def test_stale_inputs_lists_old_versions(db_url: str) -> None:
    with Store(db_url) as s:
        s.save(doc("one"), article(), None, extract_version="e1", analyze_version=None)
        s.add_raw(doc("two"))
        stale = {r["sha256"] for r in s.stale_inputs("e2", None)}
        assert stale == {doc("one").sha256, doc("two").sha256}
        assert [r["sha256"] for r in s.stale_inputs("e1", None)] == [doc("two").sha256]


def test_stale_inputs_seen_within_one_second_come_in_the_order_seen(db_url: str) -> None:
    # Ten inputs are almost always read within one second (first_seen has whole seconds); their hashes sort
    # in another order than they were read, and reprocessing must rebuild them in the order read, or two
    # stores fed alike number their articles and figures differently.
    docs = [doc(f"page {n}", source=f"p{n}.txt") for n in range(10)]
    assert sorted(d.sha256 for d in docs) != [d.sha256 for d in docs]
    with Store(db_url) as s:
        for d in docs:
            s.add_raw(d)
            s.add_source(d)
        with s.transaction():
            s.db.execute("UPDATE raw_inputs SET first_seen = '2026-01-01T00:00:00+00:00'")
        assert [r["sha256"] for r in s.stale_inputs("e1", None)] == [d.sha256 for d in docs]
