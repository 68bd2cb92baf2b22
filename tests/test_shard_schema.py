"""Every shard of a table has one Arrow schema, so a folder of shards reads as one dataset.

Shards whose rows differ in what they hold (no co-speaker anywhere, nulls where another has values, a
shard of skipped records with no bytes) are written with the same types, read together with
``pyarrow.dataset``, and still load.  All names and texts are fiction.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Literal

import pytest

from newsledger.ingest.entries import Entry, Skipped
from newsledger.pipeline import RunSummary
from newsledger.records import (
    Analysis,
    Article,
    Attribution,
    Document,
    Failure,
    Figure,
    PublishedDate,
    Span,
    Speaker,
)
from newsledger.scale.shards import TABLES, arrow_type, columns, flat_rows, record_row, shard_schema, write_shard
from newsledger.store import Store

pa = pytest.importorskip("pyarrow", reason="shards are Parquet: pip install 'newsledger[parquet]'")
VERSIONS = {"extract_version": "extract/test", "analyze_version": "analyze/test"}

PLAIN = "The ferry to Orlen Isle resumed on Monday. About 40 passengers waited at the quay."
QUAY = "The quay at Orlen Isle reopened after the storm."
FULL = ("Ana Ruru and Tomas Keel said the breakwater held, the council reported. "
        "Between 200 and 300 homes in Dunmere lost power, according to the grid office.")


def _doc(name: str, text: str) -> Document:
    data = f"<html><body><p>{text}</p></body></html>".encode()
    return Document(source=f"{name}.html", data=data, sha256=hashlib.sha256(data).hexdigest(), kind="html",
                    text=text, provenance=None)


def _span(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(start, start + len(part), part)


def sparse_rows() -> list[dict[str, Any]]:
    """An article with nulls wherever ``full_rows`` has values: no co-speaker, no cue, no figure value."""
    doc = _doc("ferry", PLAIN)
    article = Article(paragraphs=[PLAIN], kind="html")  # no title, date, language, publisher
    analysis = Analysis(
        attributions=[Attribution(kind="indirect", content=_span(PLAIN, "The ferry to Orlen Isle resumed"))],
        figures=[Figure(text="About 40", value=None)],
    )
    refused = Failure("ferry-2.html", "ingest", "binary", "not a page", sha256="ef" * 32)
    return [{**record_row(Entry(doc), (article, analysis), "00001"), **VERSIONS},
            {**record_row(Entry(refused), None, "00001"), **VERSIONS}]


def full_rows() -> list[dict[str, Any]]:
    """An article with every column of every table filled, co-speakers included, and a failed analysis."""
    doc = _doc("pier", FULL)
    doc = Document(source="crawl.warc.gz#120", data=doc.data, sha256=doc.sha256, url="https://tide.example/pier",
                   kind="html", text=FULL, provenance={"fetched_at": "2026-03-04T05:06:07Z",
                                                       "record_id": "<urn:uuid:0000-pier>"})
    article = Article(title="Breakwater holds", paragraphs=[FULL], publisher="Tide Post",
                      original_publisher="Coast Wire", published=PublishedDate("2026-03-04", "4 March 2026", "named"),
                      language="en", kind="html")
    analysis = Analysis(
        attributions=[Attribution(kind="indirect", content=_span(FULL, "the breakwater held"),
                                  cue=_span(FULL, "said"), speaker="Ana Ruru", co_speakers=["Tomas Keel"],
                                  hedge="claimed")],
        speakers=[Speaker("Ana Ruru"), Speaker("Tomas Keel")],
        figures=[Figure(text="Between 200 and 300", value=200.0, value_high=300.0, counted="homes",
                        where="Dunmere", according_to="the grid office")],
    )
    other = _doc("quay", QUAY)
    failed = Failure("quay.html", "analyze", "crash", "worker died", sha256=other.sha256)
    quay = Article(title="Quay", paragraphs=[QUAY], kind="html")
    return [{**record_row(Entry(doc, "crawl.warc.gz", 3), (article, analysis), "00002"), **VERSIONS},
            {**record_row(Entry(other), (quay, failed), "00002"), **VERSIONS}]


def skipped_rows() -> list[dict[str, Any]]:
    """Only records that are not pages: no bytes, no sha256, no article; and no analysis version."""
    rows = [record_row(Entry(Skipped("crawl.warc.gz#0", "warc:request"), "crawl.warc.gz", 1), None, "00003")]
    return [{**r, "extract_version": "extract/test", "analyze_version": None} for r in rows]


@pytest.fixture()
def shards(tmp_path: Path) -> Path:
    out = tmp_path / "shards"
    write_shard(out, "00001-0000", sparse_rows())
    write_shard(out, "00002-0000", full_rows())
    write_shard(out, "00003-0000", skipped_rows())
    return out


def test_shards_of_one_table_share_its_schema_and_read_as_one_dataset(shards: Path) -> None:
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    expected = {"records": sparse_rows() + full_rows() + skipped_rows()}
    for name, rows in flat_rows(sparse_rows() + full_rows()).items():
        expected[name] = rows
    for table in TABLES:
        files = sorted(shards.glob(f"{table}-*.parquet"))
        assert len(files) == (3 if table == "records" else 2), table  # the skipped shard has records only
        for f in files:
            assert pq.read_schema(f).remove_metadata() == shard_schema(table), f.name
        got = ds.dataset([str(f) for f in files], format="parquet").to_table()
        assert got.schema.remove_metadata() == shard_schema(table)
        assert got.to_pylist() == expected[table], table


def test_the_two_shards_that_differ_most_read_together(shards: Path) -> None:
    """The sparse and the full attributions/figures live in different shards of one folder."""
    import pyarrow.dataset as ds

    # the sparse shard's article has an attribution and a figure too, so both tables have two files
    for table in ("attributions", "figures"):
        files = sorted(shards.glob(f"{table}-*.parquet"))
        assert [f.name for f in files] == [f"{table}-00001-0000.parquet", f"{table}-00002-0000.parquet"]
    att = ds.dataset([str(f) for f in sorted(shards.glob("attributions-*.parquet"))], format="parquet").to_table()
    assert att.schema.field("co_speakers").type == pa.list_(pa.string())
    assert att.column("co_speakers").to_pylist() == [[], ["Tomas Keel"]]
    assert att.column("cue").to_pylist() == [None, "said"]
    figs = ds.dataset([str(f) for f in sorted(shards.glob("figures-*.parquet"))], format="parquet").to_table()
    assert figs.schema.field("value").type == pa.float64()
    assert figs.column("value").to_pylist() == [None, 200.0]
    arts = ds.dataset([str(f) for f in sorted(shards.glob("articles-*.parquet"))], format="parquet").to_table()
    assert arts.column("language").to_pylist() == [None, "en", None]
    recs = ds.dataset([str(f) for f in sorted(shards.glob("records-*.parquet"))], format="parquet").to_table()
    assert recs.schema.field("data").type == pa.binary()
    assert recs.column("status").to_pylist() == ["article", "failed", "article", "article", "skipped"]


def test_the_schema_covers_every_column_the_rows_have_in_their_order() -> None:
    """A column added to ``record_row`` or ``flat_rows`` without a type in ``columns()`` fails here."""
    rows = sparse_rows() + full_rows() + skipped_rows()
    tables = {"records": rows, **flat_rows(rows)}
    for table in TABLES:
        assert tables[table], f"no {table} row built: the test would check nothing"
        names = list(columns()[table])
        for row in tables[table]:
            assert list(row) == names, table  # the order the shards were written in before the schema
        assert shard_schema(table).names == names  # every type maps (arrow_type raises otherwise)


def test_a_row_with_a_column_the_schema_lacks_writes_nothing(tmp_path: Path) -> None:
    rows = [{**r, "mood": "calm"} for r in full_rows()]
    with pytest.raises(ValueError, match="records row columns"):
        write_shard(tmp_path / "out", "00009-0000", rows)
    assert list((tmp_path / "out").iterdir()) == []  # no analysts' table left without its records


@pytest.mark.parametrize("tp", [dict[str, int], int | str, Literal[1, "a"], Span, tuple[int, str], object])
def test_a_type_with_no_obvious_parquet_type_is_refused(tp: Any) -> None:
    with pytest.raises(TypeError, match="no Parquet type"):
        arrow_type(tp)


def test_scalar_types_map_as_declared() -> None:
    assert arrow_type(bool) == pa.bool_() and arrow_type(int | None) == pa.int64()
    assert arrow_type(Literal["a", "b"] | None) == pa.string()
    assert arrow_type(list[str]) == pa.list_(pa.string()) and arrow_type(bytes | None) == pa.binary()


def test_load_stores_the_typed_shards(shards: Path, tmp_path: Path) -> None:
    from newsledger.scale.engine import load_shards

    db = tmp_path / "s.db"
    with Store(db) as store:
        summary = RunSummary()
        load_shards(store, shards, summary)
        assert summary.articles == 3
        titles = sorted(str(r[0]) for r in store.db.execute("SELECT title FROM articles"))
        assert titles == ["Breakwater holds", "None", "Quay"]
        co = store.db.execute("SELECT s.name FROM attribution_speakers x JOIN speakers s ON s.id = x.speaker_id")
        assert [r[0] for r in co] == ["Tomas Keel"]
        value = store.db.execute("SELECT value, value_high FROM figures WHERE value IS NOT NULL").fetchall()
        assert [tuple(r) for r in value] == [(200.0, 300.0)]
        reasons = sorted(r[0] for r in store.db.execute("SELECT reason FROM failures"))
        assert reasons == ["binary", "crash"]
        again = RunSummary()
        load_shards(store, shards, again)
        assert again.articles == 0 and again.inputs == 0
