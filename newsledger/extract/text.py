"""Plain-text dump extraction (placeholder until the text extractor lands)."""

from __future__ import annotations

from newsledger.records import Article


def extract_text(text: str, url: str | None = None) -> Article:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return Article(title=lines[0] if lines else None, paragraphs=lines[1:], url=url, kind="text")
