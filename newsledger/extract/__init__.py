"""Extract stage: Document -> Article.

Two extractors share one contract: ``extract_html(html, url)`` and
``extract_text(text, url)`` each return an :class:`Article` (possibly with no
paragraphs and a note saying why).  :func:`extract` picks one by the kind
ingest detected, then fills in what both share (language).
"""

from __future__ import annotations

from newsledger.extract.html import extract_html
from newsledger.extract.lang import detect_language
from newsledger.extract.text import extract_text
from newsledger.records import Article, Document

# Bump when extraction output changes, so `reprocess` knows what is stale.
EXTRACT_VERSION = "extract/3"


class ExtractError(Exception):
    """The document holds no article; ``reason`` is a short code."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def extract(doc: Document) -> Article:
    extractor = extract_html if doc.kind == "html" else extract_text
    article = extractor(doc.text, doc.url)
    article.kind = doc.kind
    if article.url is None:
        article.url = doc.url
    if article.language is None and article.paragraphs:
        article.language = detect_language(article.text)
    return article


__all__ = ["EXTRACT_VERSION", "ExtractError", "extract", "extract_html", "extract_text"]
