"""Extractors the benchmark compares newsledger against, behind one signature.

Each factory returns ``fn(page, url) -> text``, or raises :class:`Skipped`
with the reason (missing package, failed import).  Anchors run with their
defaults ("favor nothing") except where a benchmark says otherwise
(trafilatura: ``include_comments=False``, as both benchmarks score it; jusText:
the stop list of the page's ``<html lang>``), and never touch the network.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable
from typing import Any

Extractor = Callable[[str, str | None], str]


class Skipped(Exception):
    """The anchor cannot run here; the message says why."""


def _import(name: str) -> Any:
    try:
        return __import__(name, fromlist=["_"])
    except Exception as exc:  # any import-time failure means "skip", not "crash"
        raise Skipped(f"{name}: {type(exc).__name__}: {exc}") from exc


def lines_as_html(text: str) -> str:
    """A text dump as the HTML an HTML extractor expects: one <p> per line."""
    paras = "".join(f"<p>{html_lib.escape(ln.strip())}</p>\n" for ln in text.splitlines() if ln.strip())
    return f"<html><body>{paras}</body></html>"


def trafilatura() -> Extractor:
    """trafilatura as both benchmarks run it: comments are not article text."""
    mod = _import("trafilatura")

    def run(page: str, url: str | None) -> str:
        return str(mod.extract(page, url=url, include_comments=False) or "")

    return run


def trafilatura_fast() -> Extractor:
    """The same with ``fast=True`` (no fallback extractors inside trafilatura)."""
    mod = _import("trafilatura")

    def run(page: str, url: str | None) -> str:
        return str(mod.extract(page, url=url, include_comments=False, fast=True) or "")

    return run


# <html lang> primary subtag -> jusText stop list, so the anchor is not run
# with English stop words on a German page (the languages of the snippet set
# seen most often in its <html lang> attributes).
_JUSTEXT_LISTS = {
    "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese", "nl": "Dutch",
    "pl": "Polish", "ru": "Russian", "sv": "Swedish", "da": "Danish", "fi": "Finnish", "cs": "Czech",
}
_LANG_RE = re.compile(r"<html[^>]*\blang=[\"']?([a-zA-Z]{2})", re.IGNORECASE)


def justext() -> Extractor:
    mod = _import("justext")
    lists = {code: mod.get_stoplist(name) for code, name in _JUSTEXT_LISTS.items()}
    english = mod.get_stoplist("English")

    def run(page: str, url: str | None) -> str:
        m = _LANG_RE.search(page[:5000])
        stop = lists.get(m.group(1).lower(), english) if m else english
        paras = mod.justext(page.encode("utf-8"), stop, encoding="utf-8")
        return "\n\n".join(p.text for p in paras if not p.is_boilerplate)

    return run


def readability() -> Extractor:
    mod = _import("readability")
    lxml_html = _import("lxml.html")

    def run(page: str, url: str | None) -> str:
        summary = mod.Document(page, url=url).summary(html_partial=True)
        if not summary.strip():
            return ""
        root = lxml_html.fromstring(summary)
        blocks = root.xpath("//p|//h1|//h2|//h3|//h4|//h5|//h6|//li|//pre|//blockquote|//td")
        if not blocks:
            return str(root.text_content())
        return "\n\n".join(" ".join(b.text_content().split()) for b in blocks)

    return run


def resiliparse() -> Extractor:
    mod = _import("resiliparse.extract.html2text")

    def run(page: str, url: str | None) -> str:
        return str(mod.extract_plain_text(page, main_content=True))

    return run


def newspaper() -> Extractor:
    mod = _import("newspaper")

    def run(page: str, url: str | None) -> str:
        art = mod.Article(url or "http://example.invalid/", fetch_images=False)
        art.download(input_html=page)
        art.parse()
        return str(art.text or "")

    return run


HTML_ANCHORS: dict[str, Callable[[], Extractor]] = {
    "trafilatura": trafilatura,
    "trafilatura fast": trafilatura_fast,
    "jusText": justext,
    "readability-lxml": readability,
    "resiliparse": resiliparse,
    "newspaper4k": newspaper,
}
# On text dumps only the anchors that take HTML of any shape make sense.
TEXT_ANCHORS: dict[str, Callable[[], Extractor]] = {
    "trafilatura": trafilatura,
    "jusText": justext,
}
