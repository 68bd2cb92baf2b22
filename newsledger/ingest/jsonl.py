"""JSONL exports (one JSON object a line) -> one Entry per line.

Field names differ between scrapers, so they are configurable:
``--field html=raw_html --field url=link --field text=body``.  A line holding
HTML (the ``html`` field) is read as a page; else the ``text`` field is read
as a text dump.  The kind is still decided from the content.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator, Mapping
from typing import IO, Any, cast

from newsledger.ingest.entries import Entry
from newsledger.ingest.sources import RawInput
from newsledger.records import Failure

# Names tried when the user maps none: what common scraper exports use
# (trafilatura's JSON output, news-please, Scrapy item exports).
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "html": ("html", "raw_html", "content_html"),
    "text": ("text", "body", "content", "maintext"),
    "url": ("url", "link", "source_url"),
}
FIELD_ROLES = tuple(DEFAULT_FIELDS)


def parse_field_maps(specs: list[str]) -> dict[str, str]:
    """``["html=raw_html", ...]`` -> ``{"html": "raw_html"}``; raises ValueError on a bad spec."""
    out: dict[str, str] = {}
    for spec in specs:
        role, sep, name = spec.partition("=")
        role, name = role.strip(), name.strip()
        if not sep or not name or role not in FIELD_ROLES:
            raise ValueError(f"--field {spec!r}: use ROLE=NAME with ROLE one of {', '.join(FIELD_ROLES)}")
        out[role] = name
    return out


def _pick(obj: Mapping[str, Any], role: str, fields: Mapping[str, str]) -> tuple[str | None, Any]:
    names = (fields[role],) if role in fields else DEFAULT_FIELDS[role]
    for name in names:
        value = obj.get(name)
        if isinstance(value, str) and value.strip():
            return name, value
    return None, None


def _open(path: str) -> IO[bytes]:
    with open(path, "rb") as f:
        gz = f.read(2) == b"\x1f\x8b"
    # Closed by the caller's ``with``.
    return cast(IO[bytes], gzip.open(path, "rb") if gz else open(path, "rb"))


def read_jsonl(
    path: str, *, max_bytes: int, fields: Mapping[str, str] | None = None, start_after: int = 0,
    decode_text: bool = True,
) -> Iterator[Entry]:
    """Every line of a JSONL export; ``decode_text=False`` leaves the pages for workers to decode."""
    from newsledger.ingest import to_document

    fields = fields or {}
    line_no = 0
    with _open(path) as f:
        while True:
            try:
                line = f.readline(max_bytes + 1)
            except (OSError, EOFError) as e:  # a truncated or corrupt gzip stream
                line_no += 1
                yield Entry(Failure(f"{path}#line={line_no}", "ingest", "gzip-corrupt", str(e)), path, line_no)
                return
            if not line:
                return
            line_no += 1
            if len(line) > max_bytes and not line.endswith(b"\n"):
                # Skip the rest of the over-long line without holding it.
                while line and not line.endswith(b"\n"):
                    line = f.readline(1 << 20)
                if line_no > start_after:
                    yield Entry(Failure(f"{path}#line={line_no}", "ingest", "too-large",
                                        f"line longer than {max_bytes} bytes"), path, line_no)
                continue
            if line_no <= start_after or not line.strip():
                continue
            source = f"{path}#line={line_no}"
            try:
                obj = json.loads(line)
            except (ValueError, RecursionError) as e:
                yield Entry(Failure(source, "ingest", "jsonl-not-json", str(e)[:200]), path, line_no)
                continue
            if not isinstance(obj, dict):
                yield Entry(Failure(source, "ingest", "jsonl-not-object", f"a JSON {type(obj).__name__}"),
                            path, line_no)
                continue
            name, body = _pick(obj, "html", fields)
            if body is None:
                name, body = _pick(obj, "text", fields)
            if body is None:
                wanted = [fields[r] for r in ("html", "text") if r in fields] or [
                    *DEFAULT_FIELDS["html"], *DEFAULT_FIELDS["text"]]
                yield Entry(Failure(source, "ingest", "jsonl-missing-field",
                                    f"none of {', '.join(wanted)} holds text"), path, line_no)
                continue
            _, url = _pick(obj, "url", fields)
            prov = {"container": path, "position": f"line {line_no}", "field": name}
            yield Entry(to_document(RawInput(source, body.encode("utf-8")), url=url, provenance=prov,
                                    decode_text=decode_text),
                        path, line_no)
