"""Parquet shards: what a distributed run writes, and ``newsledger load`` reads into the store.

Each task of a run writes, under names ending in its shard id (``-00017.parquet``):

- ``records``: one row per record (document with its raw bytes and provenance, or failure, or a
  record that is not a page), with the article and analysis as JSON of the stage records: all that
  ``load`` needs to store exactly what the local engine stores;
- ``articles``, ``attributions``, ``figures``, ``failures``: flat tables for analysts (DuckDB,
  pandas, Spark), each row carrying the record's provenance (sha256, source, url).

Every shard of a table has the same Arrow schema (:func:`shard_schema`), whatever its rows hold: a
shard whose attributions name no co-speaker still has ``co_speakers`` as ``list<string>``, so a folder
of shards reads as one dataset (pyarrow, DuckDB, pandas).  Each column's type is the type of the record
field it copies (``newsledger.records``), mapped by :func:`arrow_type`, which refuses a type it does not
know rather than guess.

Files are written to a temporary name and renamed, so a shard is there whole or not at all.  ``load``
records each shard it has loaded (table ``progress``, by path and content hash): loading the same
folder twice adds nothing.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import types
import typing
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

from newsledger.ingest.entries import Entry, Skipped
from newsledger.records import Analysis, Article, Attribution, Document, Failure, Figure, PublishedDate, Span

TABLES = ("records", "articles", "attributions", "figures", "failures")


def from_dict(cls: Any, data: Any) -> Any:
    """Rebuild a record dataclass (nested records, lists, tuples, optionals) from ``asdict`` data."""
    return _build(cls, data)


def _build(tp: Any, data: Any) -> Any:
    if data is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        return _build(options[0], data) if len(options) == 1 else data
    if origin is list:
        (item,) = typing.get_args(tp)
        return [_build(item, x) for x in data]
    if origin is tuple:
        args = typing.get_args(tp)
        return tuple(_build(a, x) for a, x in zip(args, data, strict=False))
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        hints = typing.get_type_hints(tp)
        names = {f.name for f in dataclasses.fields(tp)}
        return tp(**{k: _build(hints[k], v) for k, v in data.items() if k in names})
    return data


def record_row(entry: Entry, outcome: tuple[Any, Any] | None, shard: str) -> dict[str, Any]:
    """One record as a ``records`` row."""
    item = entry.item
    row: dict[str, Any] = {
        "shard": shard, "container": entry.container, "ordinal": entry.ordinal, "source": item.source,
        "status": "", "sha256": None, "url": None, "kind": None, "encoding": None, "data": None,
        "provenance": None, "article": None, "analysis": None, "failure": None, "skipped": None,
    }
    if isinstance(item, Skipped):
        row.update(status="skipped", skipped=item.what)
        return row
    if isinstance(item, Failure):
        row.update(status="failed", sha256=item.sha256, failure=json.dumps(dataclasses.asdict(item)))
        return row
    assert isinstance(item, Document), "shards are written from records read whole, never from framed members"
    row.update(sha256=item.sha256, url=item.url, kind=item.kind, encoding=item.encoding, data=item.data,
               provenance=json.dumps(dict(item.provenance or {}), ensure_ascii=False, default=str))
    article, analysis = outcome or (None, None)
    failures = []
    if isinstance(article, Failure):
        failures.append(dataclasses.asdict(article))
        row["status"] = "failed"
    elif isinstance(article, Article):
        row["status"] = "article"
        row["article"] = json.dumps(dataclasses.asdict(article), ensure_ascii=False)
    if isinstance(analysis, Failure):
        failures.append(dataclasses.asdict(analysis))
    elif isinstance(analysis, Analysis):
        row["analysis"] = json.dumps(dataclasses.asdict(analysis), ensure_ascii=False)
    if failures:
        row["failure"] = json.dumps(failures[0] if len(failures) == 1 else failures)
    return row


def _hint(cls: type, name: str) -> Any:
    """The type ``records.py`` declares for a field: a column copying it follows it."""
    return typing.get_type_hints(cls)[name]


@functools.cache
def columns() -> dict[str, dict[str, Any]]:
    """Each table's columns in the order its rows hold them, with each column's Python type.

    One place for the shards' schema: a column that copies a record field takes that field's type;
    the rest (JSON text, joined text, provenance values, versions) say theirs here.  ``write_shard``
    refuses a row whose keys are not these, so a column added to ``record_row`` or ``flat_rows``
    without a type here fails (``tests/test_shard_schema.py`` builds every table's rows).
    """
    json_text = str | None  # a stage record or the provenance, as JSON
    return {
        "records": {
            "shard": str, "container": _hint(Entry, "container"), "ordinal": _hint(Entry, "ordinal"),
            "source": _hint(Document, "source"), "status": str, "sha256": _hint(Document, "sha256") | None,
            "url": _hint(Document, "url"), "kind": _hint(Document, "kind") | None,
            "encoding": _hint(Document, "encoding") | None, "data": _hint(Document, "data") | None,
            "provenance": json_text, "article": json_text, "analysis": json_text, "failure": json_text,
            "skipped": _hint(Skipped, "what") | None,
            # added by the task that writes the shard (``engine.run_task``): the EXTRACT_VERSION and
            # ANALYZE_VERSION strings, the latter None in an --extract-only run
            "extract_version": str, "analyze_version": str | None,
        },
        "articles": {
            "sha256": _hint(Document, "sha256"), "source": _hint(Document, "source"), "url": _hint(Document, "url"),
            "title": _hint(Article, "title"), "publisher": _hint(Article, "publisher"),
            "original_publisher": _hint(Article, "original_publisher"),
            "published": _hint(PublishedDate, "iso") | None, "language": _hint(Article, "language"),
            "text": str,  # Article.text, the paragraphs joined (a property, not a field)
            # provenance values, TEXT in the store's ``inputs`` (WARC-Date, WARC-Record-ID, a feed entry's id)
            "fetched_at": str | None, "record_id": str | None,
        },
        "attributions": {
            "sha256": _hint(Document, "sha256"), "seq": int, "kind": _hint(Attribution, "kind"),
            "speaker": _hint(Attribution, "speaker"), "co_speakers": _hint(Attribution, "co_speakers"),
            "cue": _hint(Span, "text") | None, "content": _hint(Span, "text"),
            "content_pieces": types.GenericAlias(list, (_hint(Span, "text"),)),  # list[Span.text]
            "hedge": _hint(Attribution, "hedge"),
        },
        "figures": {
            "sha256": _hint(Document, "sha256"), "seq": int, "text": _hint(Figure, "text"),
            # float -> double, on purpose (docs/figures-and-hedges.md, analyze/31): 3% of values are fractions
            # ("4.5 percent"), counts reach 1.8e13, and a double holds every whole number below 2**53 exactly,
            # so "3.0" is 3; an int column would lose the fractions, a decimal one gain nothing but types
            "value": _hint(Figure, "value"), "value_high": _hint(Figure, "value_high"),
            "counted": _hint(Figure, "counted"), "location": _hint(Figure, "where"),
            "according_to": _hint(Figure, "according_to"),
        },
        "failures": {
            "source": _hint(Failure, "source"), "stage": _hint(Failure, "stage"), "reason": _hint(Failure, "reason"),
            "detail": _hint(Failure, "detail"), "sha256": _hint(Failure, "sha256"),
            "container": _hint(Entry, "container"), "ordinal": _hint(Entry, "ordinal"),
        },
    }


def arrow_type(tp: Any) -> Any:
    """The Arrow type of a Python type; ``TypeError`` for one with no single obvious mapping.

    ``X | None`` is ``X`` (every Arrow column takes nulls); a ``Literal`` of strings is a string.
    """
    import pyarrow as pa

    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(options) == 1:
            return arrow_type(options[0])
    elif origin is Literal:
        values = typing.get_args(tp)
        if all(type(v) is str for v in values):
            return pa.string()
    elif origin is list:
        (item,) = typing.get_args(tp)
        return pa.list_(arrow_type(item))
    elif origin is None:
        # ``is``, not ``issubclass``: bool is an int subclass, and a str subclass may not round-trip
        scalars = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_(), bytes: pa.binary()}
        for python, arrow in scalars.items():
            if tp is python:
                return arrow
    raise TypeError(f"no Parquet type for {tp!r}: give the shard column a type arrow_type maps")


@functools.cache
def shard_schema(table: str) -> Any:
    """The Arrow schema every shard of ``table`` is written with; imports pyarrow."""
    import pyarrow as pa

    return pa.schema([(name, arrow_type(tp)) for name, tp in columns()[table].items()])


def flat_rows(rows: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The analysts' tables, from ``records`` rows."""
    out: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES[1:]}
    for r in rows:
        for f in _failures(r):
            out["failures"].append({"source": f["source"], "stage": f["stage"], "reason": f["reason"],
                                    "detail": f["detail"], "sha256": f.get("sha256"), "container": r["container"],
                                    "ordinal": r["ordinal"]})
        if not r["article"]:
            continue
        a = from_dict(Article, json.loads(r["article"]))
        prov = json.loads(r["provenance"] or "{}")
        out["articles"].append({
            "sha256": r["sha256"], "source": r["source"], "url": r["url"], "title": a.title,
            "publisher": a.publisher, "original_publisher": a.original_publisher,
            "published": a.published.iso if a.published else None, "language": a.language, "text": a.text,
            "fetched_at": prov.get("fetched_at"), "record_id": prov.get("record_id"),
        })
        if not r["analysis"]:
            continue
        an = from_dict(Analysis, json.loads(r["analysis"]))
        for seq, t in enumerate(an.attributions):
            out["attributions"].append({
                "sha256": r["sha256"], "seq": seq, "kind": t.kind, "speaker": t.speaker,
                "co_speakers": list(t.co_speakers),  # "Ana Ruru and Tomas Keel said": Tomas Keel
                # A content in pieces ('"A," she said. "B."') is its pieces joined by " … ", as every
                # other output shows it: the envelope's text would include the cue between them.
                "cue": t.cue.text if t.cue else None, "content": " … ".join(p.text for p in t.pieces()),
                "content_pieces": [p.text for p in t.pieces()], "hedge": t.hedge,
            })
        for seq, g in enumerate(an.figures):
            out["figures"].append({
                "sha256": r["sha256"], "seq": seq, "text": g.text, "value": g.value, "value_high": g.value_high,
                "counted": g.counted, "location": g.where, "according_to": g.according_to,
            })
    return out


def _failures(r: dict[str, Any]) -> list[dict[str, Any]]:
    if not r["failure"]:
        return []
    f = json.loads(r["failure"])
    return f if isinstance(f, list) else [f]


def write_shard(out: Path, shard: str, rows: list[dict[str, Any]]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    out.mkdir(parents=True, exist_ok=True)
    tables = {"records": rows, **flat_rows(rows)}
    arrow = {}
    for name, data in tables.items():
        schema = shard_schema(name)
        # from_pylist with a schema would drop a key the schema lacks and null one it has: refuse both,
        # before any file of the shard is written
        names = set(schema.names)
        for row in data:
            if row.keys() != names:
                raise ValueError(f"{name} row columns {sorted(row)} are not the shard schema's {schema.names}")
        if data or name == "records":
            arrow[name] = pa.Table.from_pylist(data, schema=schema)
    # The analysts' tables first and ``records`` last: ``load`` reads only complete shards.
    for name in (*TABLES[1:], "records"):
        if name not in arrow:
            continue
        final = out / f"{name}-{shard}.parquet"
        tmp = out / f".{name}-{shard}.parquet.tmp"
        pq.write_table(arrow[name], tmp)
        os.replace(tmp, final)


def read_records(path: Path) -> Iterator[dict[str, Any]]:
    import pyarrow.parquet as pq

    for batch in pq.ParquetFile(path).iter_batches(batch_size=256):
        yield from batch.to_pylist()


def row_to_work(r: dict[str, Any]) -> tuple[Entry, tuple[Any, Any] | None]:
    """A ``records`` row back as the Entry and outcome the store writer takes."""
    if r["status"] == "skipped":
        return Entry(Skipped(r["source"], r["skipped"]), r["container"], r["ordinal"]), None
    if r["data"] is None:
        f = _failures(r)[0]
        return Entry(from_dict(Failure, f), r["container"], r["ordinal"]), None
    from newsledger.ingest import to_document
    from newsledger.ingest.sources import RawInput

    doc = Document(source=r["source"], data=bytes(r["data"]), sha256=r["sha256"], url=r["url"],
                   kind=r["kind"] or "text", encoding=r["encoding"] or "utf-8",
                   provenance=json.loads(r["provenance"] or "{}"))
    decoded = to_document(RawInput(doc.source, doc.data), url=doc.url, provenance=doc.provenance)
    if isinstance(decoded, Document):
        doc = decoded
    fails = [from_dict(Failure, f) for f in _failures(r)]
    article: Any = from_dict(Article, json.loads(r["article"])) if r["article"] else None
    analysis: Any = from_dict(Analysis, json.loads(r["analysis"])) if r["analysis"] else None
    for f in fails:
        if f.stage == "extract" or article is None:
            article = f
        elif f.stage == "analyze":
            analysis = f
    return Entry(doc, r["container"], r["ordinal"]), (article, analysis)
