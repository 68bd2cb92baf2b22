"""HTML extraction (placeholder until the HTML extractor lands)."""

from __future__ import annotations

from selectolax.parser import HTMLParser

from newsledger.records import Article


def extract_html(html: str, url: str | None = None) -> Article:
    tree = HTMLParser(html)
    title_node = tree.css_first("title")
    paras = [p.text(strip=True) for p in tree.css("p") if p.text(strip=True)]
    return Article(title=title_node.text(strip=True) if title_node else None, paragraphs=paras, url=url, kind="html")
