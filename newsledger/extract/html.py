"""HTML extraction: one news page in, one :class:`Article` out.

Metadata and captions are read first, from the untouched tree; then the
body detector deletes page furniture in place and picks the article
container (see :mod:`newsledger.extract.html_body`).

Bounds: input size and nesting depth are capped before parsing (see
:mod:`newsledger.extract.html_bounds`); after parsing every pass is linear
in the page, and text nodes over ``html_body.MAX_TEXT_NODE_CHARS``
characters are skipped as non-prose.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from newsledger.extract.html_body import extract_body
from newsledger.extract.html_bounds import MAX_HTML_CHARS, bound_html
from newsledger.extract.html_captions import extract_captions
from newsledger.extract.html_meta import extract_meta
from newsledger.records import Article

__all__ = ["MAX_HTML_CHARS", "extract_html"]


def extract_html(html: str | bytes, url: str | None = None) -> Article:
    if isinstance(html, bytes | bytearray):
        # Raw bytes are decoded as ingest decodes files (issue #13: bytes gave a misleading TypeError).
        from newsledger.ingest.decode import decode

        html = decode(bytes(html))[0]
    html, notes = bound_html(html)
    tree = LexborHTMLParser(html)
    meta = extract_meta(tree, url)
    captions = extract_captions(tree)
    body = extract_body(tree)
    return Article(
        title=meta.title,
        paragraphs=body.paragraphs,
        subheadings=body.subheadings,
        byline=meta.byline or body.byline,
        publisher=meta.publisher,
        original_publisher=meta.original_publisher,
        published=meta.published,
        url=url,
        canonical_url=meta.canonical_url,
        original_url=meta.original_url,
        captions=captions,
        language=meta.language,
        kind="html",
        notes=notes + meta.notes + body.notes,
    )
