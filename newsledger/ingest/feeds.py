"""RSS 0.9x/1.0/2.0 and Atom feeds -> one Entry per feed entry.

The bytes go through defusedxml first: a feed with a DTD that declares
entities (billion laughs) or external entities is refused before feedparser
sees it.  Each entry's full content is the page where the feed has it; else
its summary, flagged ``summary_only`` in the provenance.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from newsledger.ingest.entries import Entry
from newsledger.ingest.sources import RawInput, read_source
from newsledger.records import Failure


def check_xml(data: bytes) -> tuple[str, str] | None:
    """(reason, detail) if ``data`` is not safe, well-formed XML; None if it is."""
    import defusedxml
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except (defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden, defusedxml.DTDForbidden) as e:
        return "xml-forbidden", f"{type(e).__name__}: entity declarations and external references are refused"
    except ParseError as e:
        return "feed-not-xml", str(e)[:200]
    except ValueError as e:
        return "feed-not-xml", str(e)[:200]
    return None


def _text(entry: Any, key: str) -> str | None:
    value = entry.get(key)
    return str(value) if value else None


def read_feed(path: str, *, max_bytes: int, start_after: int = 0) -> Iterator[Entry]:
    from newsledger.ingest import to_document

    raw = read_source(path, max_bytes=max_bytes)
    if isinstance(raw, Failure):
        yield Entry(raw, path, 1)
        return
    bad = check_xml(raw.data)
    if bad is not None:
        yield Entry(Failure(path, "ingest", *bad), path, 1)
        return
    import feedparser

    parsed = feedparser.parse(raw.data, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.entries:
        reason = "feed-empty" if parsed.get("version") else "feed-unknown"
        yield Entry(Failure(path, "ingest", reason, "no entries found" if parsed.get("version")
                            else "XML, but not RSS or Atom"), path, 1)
        return
    feed_title = parsed.feed.get("title")
    for n, entry in enumerate(parsed.entries, start=1):
        if n <= start_after:
            continue
        ident = _text(entry, "id") or _text(entry, "link") or str(n)
        source = f"{path}#entry={n}"
        contents = entry.get("content") or []
        body = next((c.get("value") for c in contents if c.get("value")), None)
        summary_only = body is None
        if body is None:
            body = _text(entry, "summary")
        if not body:
            yield Entry(Failure(source, "ingest", "feed-entry-empty", f"entry {ident} has no content or summary"),
                        path, n)
            continue
        title = _text(entry, "title")
        # The entry's title is part of the page a reader sees; feeds carry it outside the content.
        html = (f"<html><head><title>{_escape(title)}</title></head><body><article><h1>{_escape(title)}</h1>"
                f"{body}</article></body></html>") if title else body
        prov = {
            "container": path, "position": f"entry {n}", "record_id": ident,
            "fetched_at": _text(entry, "published") or _text(entry, "updated"),
            "author": _text(entry, "author"), "feed_title": feed_title, "summary_only": summary_only,
        }
        yield Entry(to_document(RawInput(source, html.encode("utf-8")), url=_text(entry, "link"), provenance=prov),
                    path, n)


def _escape(text: str | None) -> str:
    from html import escape

    return escape(text or "", quote=False)
