"""Page metadata: title, byline, publisher, dates, canonical and original URLs.

Sources are tried strongest first: JSON-LD (the publisher's own structured
claim), then OpenGraph / ``<meta>`` tags, then visible markup (``h1``,
``rel=author``, ``<time>``, elements named "byline"/"date").  Must run before
:func:`newsledger.extract.html_body.remove_boilerplate`, which deletes the
``<head>`` and scripts this reads.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from newsledger.extract.dates import parse_date
from newsledger.extract.urls import clean_url, host_of
from newsledger.records import PublishedDate

_ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "blogposting", "reportagenews", "analysisnewsarticle", "opinionnewsarticle",
    "reviewnewsarticle", "backgroundnewsarticle", "scholarlyarticle", "techarticle", "report",
    "liveblogposting", "socialmediaposting", "webpage", "posting",
})
# JSON-LD blocks bigger than this are data dumps, not article metadata.
MAX_JSONLD_CHARS = 1_000_000

_TITLE_SEPARATORS_RE = re.compile(r"\s+(?:\||-|–|—|::|·|•|»)\s+")
_BY_RE = re.compile(r"^\s*(?:by|written by|words by|von|par|por)\s*[:\-]?\s+", re.IGNORECASE)
_ORIGINAL_RE = re.compile(
    r"original(?:ly)?\s+(?:story|article|appeared|published|posted|ran)|first\s+(?:appeared|published)|"
    r"republished\s+(?:from|with permission)|reprinted\s+(?:from|with permission)|syndicated\s+from",
    re.IGNORECASE,
)
_ORIGINAL_HINTS = ("originally", "original story", "original article", "first appeared", "first published",
                   "republished", "reprinted", "syndicated from")
# The same hints as UTF-8 bytes, grouped under a shorter word each member
# contains, so a page that has none of the words costs five scans, not eight.
_HINT_GROUPS: tuple[tuple[bytes, tuple[bytes, ...]], ...] = (
    (b"original", (b"originally", b"original story", b"original article")),
    (b"first ", (b"first appeared", b"first published")),
    (b"republished", (b"republished",)),
    (b"reprinted", (b"reprinted",)),
    (b"syndicated from", (b"syndicated from",)),
)


def has_original_hint(text: str) -> bool:
    """Whether ``text.lower()`` contains one of :data:`_ORIGINAL_HINTS`, computed cheaper.

    The text is UTF-8 encoded and lowered as bytes (ASCII letters only): the
    hints are ASCII, UTF-8 never puts an ASCII byte inside a non-ASCII
    character, and the only non-ASCII characters whose ``str.lower()``
    contains ASCII are U+0130 (to "i" + a combining dot: no hint ends in
    "i", so that "i" can't end a match, nor start or sit inside one) and
    U+212A (to "k", in no hint), so the answer is the same as lowering the
    whole string, for about a third less (tests/test_extract_speed_paths.py).
    """
    low = text.encode("utf-8", "surrogatepass").lower()
    for word, hints in _HINT_GROUPS:
        if len(hints) == 1:
            if hints[0] in low:
                return True
            continue
        # Each hint of a group starts with its word: one scan for the word, and a look at what
        # follows each place it occurs, instead of a scan per hint (most pages hold "original").
        at = low.find(word)
        while at >= 0:
            if low.startswith(hints, at):
                return True
            at = low.find(word, at + 1)
    return False
_DATE_META_KEYS = (
    "article:published_time", "og:published_time", "datepublished", "publishdate", "publish-date",
    "pubdate", "publication_date", "date", "dc.date", "dc.date.issued", "dcterms.created",
    "dcterms.date", "sailthru.date", "parsely-pub-date", "article.published", "og:article:published_time",
)


@dataclass(slots=True)
class Meta:
    title: str | None = None
    byline: str | None = None
    publisher: str | None = None
    original_publisher: str | None = None
    original_url: str | None = None
    canonical_url: str | None = None
    published: PublishedDate | None = None
    language: str | None = None
    notes: list[str] = field(default_factory=list)


def _clean(text: str | None) -> str | None:
    if not text:
        return None
    text = " ".join(text.split())
    return text or None


# The <meta>, JSON-LD and <link> elements metadata reads, found in one walk of the tree instead of
# one each (a walk visits every element: together 6-8% of extract_html's time on the news pages).
# lexbor lists them in document order, an element once per selector it matches: no element here
# can match two, and each kind is told apart by its tag (links by lexbor's own match).
_HEAD_SELECTOR = ('meta[content], script[type="application/ld+json"], link[rel="canonical"], '
                  'link[rel="original-source"], link[rel="syndication-source"]')
_CANONICAL = 'link[rel="canonical"]'


@dataclass(slots=True)
class HeadNodes:
    metas: list[LexborNode] = field(default_factory=list)  # meta[content]
    jsonld: list[LexborNode] = field(default_factory=list)  # script[type="application/ld+json"]
    canonical: LexborNode | None = None  # the first link[rel="canonical"]
    source_link: bool = False  # whether there is a link[rel="original-source"] or [rel="syndication-source"]


def head_nodes(tree: LexborHTMLParser) -> HeadNodes:
    out = HeadNodes()
    for node in tree.css(_HEAD_SELECTOR):
        tag = node.tag
        if tag == "meta":
            out.metas.append(node)
        elif tag == "script":
            out.jsonld.append(node)
        elif node.css_matches(_CANONICAL):
            if out.canonical is None:
                out.canonical = node
        else:
            out.source_link = True
    return out


def meta_tags(tree: LexborHTMLParser, nodes: HeadNodes | None = None) -> dict[str, str]:
    """``<meta>`` contents keyed by lower-cased property/name/itemprop; first one wins."""
    out: dict[str, str] = {}
    for m in (nodes or head_nodes(tree)).metas:
        attrs = m.attributes
        content = attrs.get("content")
        if not content:
            continue
        for k in ("property", "name", "itemprop"):
            key = attrs.get(k)
            if key:
                out.setdefault(key.strip().lower(), content.strip())
    return out


def _walk_jsonld(obj: Any) -> Iterator[dict[str, Any]]:
    stack = [obj]
    while stack:
        cur = stack.pop()
        if isinstance(cur, list):
            stack.extend(reversed(cur))
        elif isinstance(cur, dict):
            yield cur
            graph = cur.get("@graph")
            if graph is not None:
                stack.append(graph)


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        return {t.lower()}
    if isinstance(t, list):
        return {x.lower() for x in t if isinstance(x, str)}
    return set()


def jsonld_article(tree: LexborHTMLParser, nodes: HeadNodes | None = None) -> dict[str, Any] | None:
    """The first JSON-LD object typed as an article (or web page, as a fallback)."""
    fallback: dict[str, Any] | None = None
    for s in (nodes or head_nodes(tree)).jsonld:
        raw = s.text(deep=True)
        if not raw or len(raw) > MAX_JSONLD_CHARS:
            continue
        raw = raw.strip().removeprefix("<!--").removesuffix("-->").strip().rstrip(";")
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            continue
        for obj in _walk_jsonld(data):
            types = _types(obj)
            if types & (_ARTICLE_TYPES - {"webpage"}):
                return obj
            if "webpage" in types and fallback is None:
                fallback = obj
    return fallback


def _names(value: Any) -> list[str]:
    """Names from a JSON-LD author/publisher value (string, object or list)."""
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for it in items:
        name = it.get("name") if isinstance(it, dict) else it
        if isinstance(name, list):
            name = name[0] if name else None
        if isinstance(name, str):
            clean = _clean(name)
            if clean and not clean.startswith(("http://", "https://")):
                out.append(clean)
    return out


def _join_names(names: list[str]) -> str | None:
    seen: list[str] = []
    for n in names:
        if n not in seen:
            seen.append(n)
    if not seen:
        return None
    if len(seen) == 1:
        return seen[0]
    return ", ".join(seen[:-1]) + " and " + seen[-1]


def trim_title(title: str, site_names: list[str]) -> str:
    """Drop a " | Site" style suffix (or prefix) that names the site."""
    parts = _TITLE_SEPARATORS_RE.split(title)
    if len(parts) < 2:
        return title
    low_sites = [s.lower() for s in site_names if s]

    def is_site(part: str) -> bool:
        p = part.strip().lower()
        return any(p == s or (len(p) > 2 and (p in s or s in p)) for s in low_sites)

    if is_site(parts[-1]):
        return _join_kept(title, parts[:-1])
    if is_site(parts[0]):
        return _join_kept(title, parts[1:])
    # "Headline | Section | Site": a bar separator is never part of a headline.
    if " | " in title:
        head = title.split(" | ")[0].strip()
        if len(head.split()) >= 3:
            return head
    return title


def _join_kept(title: str, parts: list[str]) -> str:
    # Rebuild from the original string so separators inside the headline survive.
    first, last = parts[0], parts[-1]
    start = title.find(first)
    end = title.rfind(last) + len(last)
    return title[start:end].strip() if start >= 0 and end > start else " ".join(parts)


def _title(tree: LexborHTMLParser, tags: dict[str, str], ld: dict[str, Any] | None, sites: list[str]) -> str | None:
    candidates = [tags.get("og:title"), tags.get("twitter:title")]
    if ld is not None and isinstance(ld.get("headline"), str):
        candidates.insert(1, ld["headline"])
    h1 = tree.css_first("h1")
    if h1 is not None:
        candidates.append(h1.text(deep=True))
    t = tree.css_first("title")
    if t is not None:
        candidates.append(t.text(deep=True))
    for c in candidates:
        clean = _clean(c)
        if clean:
            return trim_title(clean, sites)
    return None


_BYLINE_SELECTOR = (
    '[rel="author"], [itemprop="author"], [class*="byline" i], [class*="author-name" i], '
    '[class*="authorname" i], [class*="article-author" i], [class*="author" i][class*="name" i], '
    # WordPress themes print ``<span class="author">By ...</span>`` in the entry meta.
    '[class~="author" i]'
)


# Where a visible byline runs on into the dateline, share links or read time.
_BYLINE_END_RE = re.compile(
    r"\s(?:\||•|·|—|@\w|published\b|updated\b|posted\b|on\s+(?=\w+\s+\d)|\d+\s+min(?:ute)?s?\s+read)",
    re.IGNORECASE,
)


def clean_byline(raw: str | None) -> str | None:
    """"By JANE ROE | May 3, 2024 • 2 min read" -> "JANE ROE"."""
    text = _clean(raw)
    if not text:
        return None
    text = _BY_RE.sub("", text)
    m = _BYLINE_END_RE.search(" " + text)
    if m:
        text = text[: max(0, m.start() - 1)]
    found = parse_date(text)
    if found is not None:
        text = text[: text.find(found.raw)] if found.raw in text else text
    text = text.strip(" ,;:-|")
    if not text or text.startswith(("http://", "https://")) or len(text) > 100 or not re.search(r"\w", text):
        return None
    return text


def _byline(tree: LexborHTMLParser, tags: dict[str, str], ld: dict[str, Any] | None) -> str | None:
    if ld is not None:
        found = clean_byline(_join_names(_names(ld.get("author"))))
        if found:
            return found
    for key in ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl"):
        found = clean_byline(tags.get(key))
        if found:
            return found
    for node in tree.css(_BYLINE_SELECTOR)[:20]:
        text = node.text(deep=True, separator=" ")
        if len(text) < 300:
            found = clean_byline(text)
            if found:
                return found
    return None


def _publisher(tags: dict[str, str], ld: dict[str, Any] | None) -> str | None:
    val = _clean(tags.get("og:site_name"))
    if val:
        return val
    if ld is not None:
        found = _join_names(_names(ld.get("publisher")))
        if found:
            return found
    return _clean(tags.get("application-name"))


# Elements that show the publication date to readers: <time>, WordPress's
# ``posted-on``/``entry-date``, schema.org microdata, and the common class words.
_VISIBLE_DATE_SELECTOR = (
    'time, [itemprop="datePublished"], [itemprop="dateCreated"], [class*="date" i], [class*="publish" i], '
    '[class*="timestamp" i], [class*="posted-on" i], [class*="posted_on" i], [class*="byline" i]'
)


def _published(tree: LexborHTMLParser, tags: dict[str, str], ld: dict[str, Any] | None,
               tld: str | None) -> PublishedDate | None:
    raws: list[str] = []
    if ld is not None:
        for key in ("datePublished", "dateCreated", "uploadDate"):
            if isinstance(ld.get(key), str):
                raws.append(ld[key])
    raws.extend(tags[k] for k in _DATE_META_KEYS if k in tags)
    for t in tree.css("time[datetime]")[:3]:
        raws.append(t.attributes.get("datetime") or "")
    for raw in raws:
        found = parse_date(raw, tld=tld)
        if found is not None:
            return found
    # Visible stamps: numeric ones are read with the other dates shown as votes.
    visible = [n.text(deep=True) for n in tree.css(_VISIBLE_DATE_SELECTOR)[:20]]
    visible = [v for v in visible if v and len(v) < 200]
    for v in visible:
        found = parse_date(v, tld=tld, page_texts=visible)
        if found is not None:
            return found
    return None


def _absolute(href: str | None, base: str | None) -> str | None:
    if not href:
        return None
    href = href.strip()
    if base and not href.startswith(("http://", "https://")):
        href = urljoin(base, href)
    if not href.startswith(("http://", "https://")):
        return None
    return clean_url(href)


def _original(tree: LexborHTMLParser, tags: dict[str, str], ld: dict[str, Any] | None,
              base: str | None, source_link: bool = True) -> tuple[str | None, str | None]:
    """(original publisher, original URL) for syndicated copies."""
    url: str | None = None
    # Most pages have neither link (head_nodes says so): no missed css_first per selector.
    sels = ('link[rel="original-source"]', 'link[rel="syndication-source"]') if source_link else ()
    for sel in sels:
        node = tree.css_first(sel)
        if node is not None:
            url = _absolute(node.attributes.get("href"), base)
            if url:
                break
    if url is None:
        for key in ("original-source", "syndication-source", "original_url", "og:original_url"):
            url = _absolute(tags.get(key), base)
            if url:
                break
    if url is None and ld is not None:
        based = ld.get("isBasedOn") or ld.get("isBasedOnUrl")
        if isinstance(based, dict):
            based = based.get("url") or based.get("@id")
        if isinstance(based, str):
            url = _absolute(based, base)
    publisher: str | None = None
    if ld is not None:
        publisher = _join_names(_names(ld.get("sourceOrganization")))
    # "This article originally appeared on <a>Outlet</a>": a substring test on
    # the page text first (C speed) so most pages cost nothing more.
    body = tree.body
    if body is not None and has_original_hint(body.text(deep=True)):
        for node in tree.css("p, em, i, small, span, li"):
            text = node.text(deep=True)
            if len(text) > 400 or not _ORIGINAL_RE.search(text):
                continue
            link = node.css_first("a[href]")
            if link is None:
                continue
            href = _absolute(link.attributes.get("href"), base)
            if href and host_of(href) != host_of(base):
                url = url or href
                name = _clean(link.text(deep=True))
                if name and name.lower() not in ("here", "this link", "link") and len(name) < 80:
                    publisher = publisher or name
                break
    return publisher, url


_SECOND_LEVEL = frozenset({"co", "com", "net", "org", "gov", "ac", "edu", "ne", "or"})


def site_key(host: str | None) -> str | None:
    """The organisation label of a host: ``www.bbc.co.uk`` and ``bbc.com`` -> ``bbc``.

    Regional domains of one publisher share it; a wire story republished by
    a portal does not.
    """
    if not host:
        return None
    labels = host.lower().split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else labels[0]


def _home_link_name(tree: LexborHTMLParser, key: str) -> str | None:
    """The name on a link to the home page of site ``key`` (a provider logo)."""
    for a in tree.css('a[href][title], a[href] img[alt]'):
        link = a if a.tag == "a" else a.parent
        while link is not None and link.tag != "a":
            link = link.parent
        if link is None:
            continue
        href = link.attributes.get("href") or ""
        if site_key(host_of(href)) != key or urlsplit(href).path.strip("/"):
            continue
        name = _clean(a.attributes.get("title") if a.tag == "a" else a.attributes.get("alt"))
        if name and len(name) < 60:
            return name
    return None


def _cross_site_canonical(tree: LexborHTMLParser, meta: Meta, url: str | None) -> None:
    """A canonical URL on another organisation's site marks a syndicated copy.

    It is the markup search engines ask syndication partners to use.
    """
    if meta.original_url or not url or not meta.canonical_url:
        return
    key = site_key(host_of(meta.canonical_url))
    if key is None or key == site_key(host_of(url)):
        return
    meta.original_url = meta.canonical_url
    if meta.original_publisher is None:
        meta.original_publisher = _home_link_name(tree, key)


def _language(tree: LexborHTMLParser) -> str | None:
    html = tree.css_first("html")
    lang = html.attributes.get("lang") if html is not None else None
    if not lang:
        return None
    primary = lang.strip().replace("_", "-").split("-")[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None


def extract_meta(tree: LexborHTMLParser, url: str | None) -> Meta:
    nodes = head_nodes(tree)
    tags = meta_tags(tree, nodes)
    ld = jsonld_article(tree, nodes)
    meta = Meta()
    canonical = nodes.canonical
    meta.canonical_url = _absolute(canonical.attributes.get("href"), url) if canonical is not None else None
    if meta.canonical_url is None:
        meta.canonical_url = _absolute(tags.get("og:url"), url)
    base = url or meta.canonical_url
    meta.publisher = _publisher(tags, ld)
    host = host_of(base)
    sites = [s for s in (meta.publisher, host, host.split(".")[0] if host else None) if s]
    meta.title = _title(tree, tags, ld, sites)
    meta.byline = _byline(tree, tags, ld)
    meta.published = _published(tree, tags, ld, host.rsplit(".", 1)[-1] if host else None)
    meta.original_publisher, meta.original_url = _original(tree, tags, ld, base, nodes.source_link)
    _cross_site_canonical(tree, meta, url)
    meta.language = _language(tree)
    return meta

