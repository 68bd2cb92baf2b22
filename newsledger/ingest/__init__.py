"""Ingest stage: paths -> Documents (raw bytes kept whole, text decoded).

``read_inputs`` yields a :class:`Document` for every input it can read and a
:class:`Failure` (with a short reason code) for every one it cannot; it never
raises for a single bad input.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from newsledger.ingest.decode import binary_kind, decode, sniff_kind
from newsledger.ingest.sources import DEFAULT_MAX_BYTES, RawInput, discover, read_source
from newsledger.records import Document, Failure

INGEST_VERSION = "ingest/1"


def to_document(
    raw: RawInput,
    *,
    url: str | None = None,
    declared: str | None = None,
    provenance: Mapping[str, Any] | None = None,
) -> Document | Failure:
    """Decide the kind of ``raw`` and decode it, or say why it is not a page."""
    data = raw.data
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        return Failure(raw.source, "ingest", "empty", "no content", sha)
    kind = binary_kind(data)
    if kind is not None:
        return Failure(raw.source, "ingest", "binary", f"looks like {kind}, not a page", sha)
    text, encoding = decode(data, declared=declared)
    if not text.strip():
        return Failure(raw.source, "ingest", "empty", "no text after decoding", sha)
    if text.count("\ufffd") > max(16, len(text) // 20):
        return Failure(raw.source, "ingest", "undecodable", f"too many undecodable bytes as {encoding}", sha)
    return Document(
        source=raw.source, data=data, sha256=sha, url=url, kind=sniff_kind(data),
        encoding=encoding, text=text, provenance=provenance,
    )


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
        yield raw if isinstance(raw, Failure) else to_document(raw, url=url)


__all__ = [
    "DEFAULT_MAX_BYTES", "INGEST_VERSION", "RawInput", "decode", "discover",
    "read_inputs", "read_source", "to_document",
]
