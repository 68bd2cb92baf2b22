"""Ingest stage: paths -> Documents (raw bytes kept whole, text decoded).

``read_inputs`` yields a :class:`Document` for every input it can read and a
:class:`Failure` (with a short reason code) for every one it cannot; it never
raises for a single bad input.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import zlib
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from newsledger.ingest.decode import binary_kind, decode, sniff_kind
from newsledger.ingest.sources import DEFAULT_MAX_BYTES, RawInput, discover, gunzip, read_source
from newsledger.records import Document, Failure

INGEST_VERSION = "ingest/1"


_NOT_SPACE = re.compile(rb"[^ \t\r\n\f\v]")  # what ``bytes.strip()`` would not remove


def to_document(
    raw: RawInput,
    *,
    url: str | None = None,
    declared: str | None = None,
    provenance: Mapping[str, Any] | None = None,
    decode_text: bool = True,
) -> Document | Failure:
    """Decide the kind of ``raw`` and decode it, or say why it is not a page.

    A refusal carries the bytes (``Failure.data``) so they can be kept and retried.
    ``declared`` is a charset the transport gave (a WARC record's HTTP header); ``provenance``
    is where a record inside a container came from, kept in its ``inputs`` row.

    ``decode_text=False`` leaves the decoding to whoever extracts the page (a worker process, so
    the one process that reads the inputs does not): the Document has no text yet and an empty
    ``encoding``; :func:`finish` decodes it (``declared`` is kept in the provenance as ``charset``).
    """
    data = raw.data
    sha = hashlib.sha256(data).hexdigest()

    def refuse(reason: str, detail: str) -> Failure:
        return Failure(raw.source, "ingest", reason, detail, sha, data=data, url=url)

    # A search, not ``data.strip()``: no copy of a page that is not blank (nearly all of them).
    if _NOT_SPACE.search(data) is None:
        return refuse("empty", "no content")
    kind = binary_kind(data)
    if kind is not None:
        return refuse("binary", f"looks like {kind}, not a page")
    doc = Document(source=raw.source, data=data, sha256=sha, url=url, kind=sniff_kind(data), encoding="",
                   provenance=provenance)
    if not decode_text:
        return doc
    return _decoded(doc, declared)


def _decoded(doc: Document, declared: str | None) -> Document | Failure:
    text, encoding = decode(doc.data, declared=declared)
    if text.isspace() or not text:
        return Failure(doc.source, "ingest", "empty", "no text after decoding", doc.sha256, data=doc.data,
                       url=doc.url)
    if "\ufffd" in text and text.count("\ufffd") > max(16, len(text) // 20):
        return Failure(doc.source, "ingest", "undecodable", f"too many undecodable bytes as {encoding}",
                       doc.sha256, data=doc.data, url=doc.url)
    return dataclasses.replace(doc, text=text, encoding=encoding)


def finish(doc: Document) -> Document | Failure:
    """A Document read with ``decode_text=False``, decoded (the others are returned as they are)."""
    if doc.encoding:
        return doc
    charset = (doc.provenance or {}).get("charset")
    return _decoded(doc, charset if isinstance(charset, str) else None)


def from_bytes(source: str, data: bytes, *, url: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
               ) -> Document | Failure:
    """What ingest makes of bytes already in hand (kept raw inputs on ``reprocess``): gunzip, decode."""
    if data[:2] == b"\x1f\x8b":
        try:
            data = gunzip(data, max_bytes)
        except ValueError as e:
            return Failure(source, "ingest", str(e), "gzip stream could not be inflated within bounds",
                           hashlib.sha256(data).hexdigest(), data=data, url=url)
        except (zlib.error, EOFError) as e:
            return Failure(source, "ingest", "gzip-corrupt", str(e), hashlib.sha256(data).hexdigest(),
                           data=data, url=url)
    return to_document(RawInput(source, data), url=url)


def read_inputs(
    paths: Iterable[str],
    *,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    url: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Document | Failure]:
    for item in discover(paths, include=include, exclude=exclude):
        if isinstance(item, Failure):
            yield item
            continue
        raw = read_source(item, max_bytes=max_bytes)
        if isinstance(raw, Failure):
            raw.url = url
            yield raw
        else:
            yield to_document(raw, url=url)


__all__ = [
    "DEFAULT_MAX_BYTES", "INGEST_VERSION", "RawInput", "decode", "discover", "finish", "from_bytes", "gunzip",
    "read_inputs", "read_source", "to_document",
]
