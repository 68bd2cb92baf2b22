"""Export: one flat table per record type, with typed, stable columns.

Each table's columns and types are fixed here (and listed in
docs/schemas/README.md), whatever the data holds, so a pandas, DuckDB or
datasette user gets the same schema from an empty store as from a full one.

Types: ``int``, ``float``, ``bool``, ``str``, ``timestamp`` (ISO 8601 text in
CSV/JSONL, a UTC timestamp in Parquet), ``list`` (a list of strings: JSON
text in a CSV cell, a JSON array in JSONL, ``list<string>`` in Parquet) and
the structured lists of articles, ``subheadings``, ``captions`` and ``blocks``,
and ``spans``, the pieces of an attribution's content as ``{start, end, text}``
(JSON text in CSV, arrays of objects in JSONL, ``list<struct>`` in Parquet).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, cast

from newsledger.records import block_dicts

Column = tuple[str, str]

TABLES: dict[str, list[Column]] = {
    "articles": [
        ("id", "int"), ("sha256", "str"), ("title", "str"), ("byline", "str"), ("publisher", "str"),
        ("original_publisher", "str"), ("published", "timestamp"), ("published_precision", "str"),
        ("published_zone", "str"), ("published_raw", "str"), ("published_order", "str"),
        ("published_ambiguous", "bool"), ("url", "str"), ("canonical_url", "str"), ("original_url", "str"),
        ("language", "str"), ("kind", "str"), ("syndicated", "bool"), ("text", "str"), ("paragraphs", "list"),
        ("subheadings", "subheadings"), ("captions", "captions"), ("notes", "list"), ("sources", "list"),
        ("extraction_method", "str"), ("extract_version", "str"), ("analyze_version", "str"),
        ("analysis_skipped", "str"), ("created_at", "timestamp"), ("updated_at", "timestamp"),
        # Rebuilt from paragraphs and subheadings (not stored twice); appended, so older columns keep their places.
        ("blocks", "blocks"), ("full_text", "str"),
    ],
    "attributions": [
        ("id", "int"), ("article_id", "int"), ("seq", "int"), ("kind", "str"), ("speaker", "str"),
        ("speaker_id", "int"), ("speaker_mention", "str"), ("speaker_description", "str"), ("channel", "str"),
        ("relayed_by", "str"), ("hedge", "str"), ("hedge_cues", "list"), ("part", "str"), ("paragraph", "int"),
        ("source_start", "int"), ("source_end", "int"), ("source_text", "str"),
        ("cue_start", "int"), ("cue_end", "int"), ("cue_text", "str"),
        ("content_start", "int"), ("content_end", "int"), ("content_text", "str"), ("analyze_version", "str"),
        ("origin", "str"),
        # Every piece of the content (#20; '"A," he said. "B."': A and B), one piece where the content is
        # one span; ``content_*`` above is their envelope.  Appended, so older columns keep their places.
        ("content_spans", "spans"),
    ],
    "speakers": [
        ("id", "int"), ("article_id", "int"), ("name", "str"), ("kind", "str"), ("title", "str"),
        ("descriptions", "list"), ("mentions", "list"), ("analyze_version", "str"),
        # The person or body across articles (``entities.id``, stable across refreshes): the key to join
        # an exported speaker row with the speaker pages and the API.  Appended, so older columns keep
        # their places.
        ("entity_id", "int"),
    ],
    # An attribution's further speakers ("Ana Ruru and Tomas Keel said": Tomas Keel), position 1, 2 ...
    # in text order; its own speaker is ``attributions.speaker_id``.  Join ``speakers`` on ``speaker_id``.
    "attribution_speakers": [("attribution_id", "int"), ("speaker_id", "int"), ("position", "int")],
    "figures": [
        ("id", "int"), ("article_id", "int"), ("seq", "int"), ("text", "str"), ("value", "float"),
        ("value_high", "float"), ("approximate", "bool"), ("bound", "str"), ("counted", "str"),
        ("location", "str"), ("state", "str"), ("according_to", "str"), ("as_of", "str"), ("part", "str"),
        ("span_start", "int"), ("span_end", "int"), ("analyze_version", "str"),
    ],
    "failures": [
        ("id", "int"), ("source", "str"), ("sha256", "str"), ("stage", "str"), ("reason", "str"),
        ("detail", "str"), ("first_seen", "timestamp"), ("last_seen", "timestamp"), ("count", "int"),
    ],
}

_JSON_TYPES = {"list", "subheadings", "captions", "spans"}

# Columns of ``articles`` computed in Python from other columns, after the row is read.
_ARTICLE_DERIVED = {"blocks", "full_text"}

# Computed columns of ``articles``; everything else is read as stored.
_ARTICLE_EXTRA = {
    "syndicated": "(a.original_url IS NOT NULL OR a.original_publisher IS NOT NULL)",
    # One entry per source even where it was seen under several URLs (inputs keeps each URL).
    "sources": "(SELECT json_group_array(i.source) FROM (SELECT source FROM inputs WHERE sha256 = a.sha256"
               " GROUP BY source ORDER BY min(id)) i)",
}


def _iterate(db: sqlite3.Connection, sql: str, chunk: int | None) -> Iterator[Any]:
    """Every row of a table-sized read without holding the result in memory.

    SQLite steps through a result row by row; on PostgreSQL a plain query's whole result would be read
    at once, so the read goes through a server-side cursor (PgConnection.stream), ``chunk`` rows a fetch.
    """
    stream = getattr(db, "stream", None)
    if stream is None:
        return iter(db.execute(sql))
    return cast(Iterator[Any], stream(sql, chunk=chunk))


def rows(db: sqlite3.Connection, table: str, *, chunk: int | None = None) -> Iterator[dict[str, Any]]:
    """The rows of ``table`` as plain Python values of the column types (timestamps as ISO text).

    Streamed on both backends (``chunk``: rows per fetch on PostgreSQL; its default is STREAM_CHUNK there).
    """
    derived = _ARTICLE_DERIVED if table == "articles" else set()
    columns = [c for c in TABLES[table] if c[0] not in derived]
    select = ", ".join(
        f"{_ARTICLE_EXTRA[name]} AS {name}" if table == "articles" and name in _ARTICLE_EXTRA else f"a.{name}"
        for name, _ in columns
    )
    order = "a.attribution_id, a.position" if table == "attribution_speakers" else "a.id"  # a join table: no id
    for r in _iterate(db, f"SELECT {select} FROM {table} a ORDER BY {order}", chunk):
        out: dict[str, Any] = {}
        for (name, kind), value in zip(columns, tuple(r), strict=True):
            if value is not None and kind in _JSON_TYPES:
                value = json.loads(value)
                if kind == "subheadings":  # stored as [index, text] pairs before schema 3
                    value = [{"before": v[0], "text": v[1]} if isinstance(v, list) else v for v in value]
            elif value is not None and kind == "bool":
                value = bool(value)
            if kind == "spans" and value is None:  # one span (or a row from before #20): the content itself
                value = [{"start": out["content_start"], "end": out["content_end"], "text": out["content_text"]}]
            out[name] = value
        if derived:
            heads = [(h["before"], h["text"]) for h in out["subheadings"] or []]
            out.update(block_dicts(out["paragraphs"] or [], heads))
        yield out


def _timestamp(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None  # an old row's unconverted date; kept as text in CSV/JSONL
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def arrow_schema(table: str) -> Any:
    """The Parquet (Arrow) schema of ``table``; imports pyarrow."""
    import pyarrow as pa

    types = {
        "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "str": pa.string(),
        "timestamp": pa.timestamp("ms", tz="UTC"), "list": pa.list_(pa.string()),
        "subheadings": pa.list_(pa.struct([("before", pa.int64()), ("text", pa.string())])),
        "captions": pa.list_(pa.struct([("text", pa.string()), ("credit", pa.string())])),
        "blocks": pa.list_(pa.struct([("kind", pa.string()), ("text", pa.string())])),
        "spans": pa.list_(pa.struct([("start", pa.int64()), ("end", pa.int64()), ("text", pa.string())])),
    }
    return pa.schema([(name, types[kind]) for name, kind in TABLES[table]])


def arrow_table(db: sqlite3.Connection, table: str) -> Any:
    import pyarrow as pa

    stamps = [name for name, kind in TABLES[table] if kind == "timestamp"]
    data = []
    for row in rows(db, table):
        for name in stamps:
            row[name] = _timestamp(row[name])
        data.append(row)
    return pa.Table.from_pylist(data, schema=arrow_schema(table))


__all__ = ["TABLES", "arrow_schema", "arrow_table", "rows"]
