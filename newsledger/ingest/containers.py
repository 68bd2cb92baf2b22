"""Decide what each input file is, and read it as Entries.

The kind comes from the content: a WARC starts with ``WARC/1.``, an ARC with
``filedesc://``, a feed is XML whose root is ``rss``, ``feed`` or
``rdf:RDF``, JSONL starts with a JSON object on its first line; anything
else is one page (HTML or text), read as before.  The file name is only a
hint where the content cannot decide: a file named ``.warc.gz`` that is not a
WARC is a ``not-warc`` failure (not read as a page), a ``.jsonl`` file whose
first line is broken is still read line by line so each bad line is named.
"""

from __future__ import annotations

import json
import os
import re
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Literal

from newsledger.ingest.entries import Entry
from newsledger.ingest.sources import discover, read_source
from newsledger.records import Failure

Kind = Literal["warc", "arc", "feed", "jsonl", "page"]
_HEAD = 64 * 1024
_FEED_ROOT_RE = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]")
_HTML_RE = re.compile(rb"<html[\s>]", re.IGNORECASE)
_WARC_NAMES = (".warc", ".warc.gz", ".arc", ".arc.gz", ".warc.zst")
_JSONL_NAMES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
_FEED_NAMES = (".rss", ".atom", ".rss.xml", ".atom.xml")


def _head(path: str) -> bytes:
    with open(path, "rb") as f:
        raw = f.read(_HEAD)
    if raw[:2] != b"\x1f\x8b":
        return raw
    try:
        return zlib.decompressobj(wbits=31).decompress(raw, _HEAD)
    except zlib.error:
        return b""


def sniff(path: str) -> Kind:
    head = _head(path)
    if head.startswith(b"WARC/1.") or head.startswith(b"WARC/0."):
        return "warc"
    if head.startswith(b"filedesc://"):
        return "arc"
    body = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if body[:1] == b"<" and _FEED_ROOT_RE.search(body[:4096]) and not _HTML_RE.search(body[:4096]):
        return "feed"
    if body[:1] == b"{":
        first = body.split(b"\n", 1)[0]
        try:
            if isinstance(json.loads(first), dict):
                return "jsonl"
        except ValueError:
            # A first line longer than the sniffed head still starts like an object.
            if b"\n" not in body and body[:2] in (b'{"', b"{ "):
                return "jsonl"
    name = path.lower()
    if name.endswith(_JSONL_NAMES):
        return "jsonl"
    return "page"


def _named_warc(path: str) -> bool:
    return path.lower().endswith(_WARC_NAMES)


# Given a container file, how far a previous run got: None to skip it whole
# (finished before), else the number of records already done.
Plan = Callable[[str], int | None]


def read_entries(
    paths: Iterable[str],
    *,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    url: str | None = None,
    urls: Mapping[str, str | None] | None = None,
    max_bytes: int,
    fields: Mapping[str, str] | None = None,
    plan: Plan | None = None,
    decode_text: bool = True,
    frame_only: bool = False,
) -> Iterator[Entry]:
    """Every record of every input: pages are one Entry each, containers one per record.

    ``decode_text=False``: WARC and JSONL pages come undecoded, for workers to decode (``ingest.finish``).
    ``frame_only=True``: a gzip-per-record WARC comes as one ``Member`` per gzip member, for workers to
    read (``warc.read_member``).
    """
    from newsledger.ingest import to_document
    from newsledger.ingest.feeds import read_feed
    from newsledger.ingest.jsonl import read_jsonl
    from newsledger.ingest.warc import read_arc, read_warc

    for item in discover(paths, include=include, exclude=exclude):
        if isinstance(item, Failure):
            yield Entry(item)
            continue
        kind: Kind = "page"
        if item != "-" and Path(item).is_file():
            try:
                kind = sniff(item)
            except OSError:
                kind = "page"  # read_source says why
        if kind == "page" and item != "-" and _named_warc(item) and Path(item).is_file():
            yield Entry(Failure(item, "ingest", "not-warc", "named like a WARC/ARC file but does not start with "
                                "a WARC or ARC header"))
            continue
        if kind == "page" and item != "-" and item.lower().endswith(_FEED_NAMES) and Path(item).is_file():
            kind = "feed"  # so a broken feed is reported as one
        if kind == "page":
            raw = read_source(item, max_bytes=max_bytes)
            page_url = urls.get(os.path.abspath(item), url) if urls is not None else url
            if isinstance(raw, Failure):
                raw.url = page_url
                yield Entry(raw)
            else:
                yield Entry(to_document(raw, url=page_url))
            continue
        start = plan(item) if plan is not None else 0
        if start is None:
            continue
        try:
            if kind == "warc":
                yield from read_warc(item, max_bytes=max_bytes, start_after=start, decode_text=decode_text,
                                     frame_only=frame_only)
            elif kind == "arc":
                yield from read_arc(item, max_bytes=max_bytes, start_after=start)
            elif kind == "feed":
                yield from read_feed(item, max_bytes=max_bytes, start_after=start)
            else:
                yield from read_jsonl(item, max_bytes=max_bytes, fields=fields, start_after=start,
                                      decode_text=decode_text)
        except OSError as e:
            yield Entry(Failure(item, "ingest", "read-error", e.strerror or str(e)))
