"""Metadata from plain-text dumps: title, publisher, original (wire) publisher.

A dump has lost its ``<title>`` and ``og:`` tags, so the metadata is read
from the lines themselves.  The shapes handled come from scraped pages
(issue #16): the headline sits among a site header with the temperature,
image alt text ("... cropped square"), video teasers ("WATCH: ..."), pull
quotes and a standfirst that repeats the lede; wire copy carries its credit
in a dateline ("SEOUL (AP) —"), at the end of the text ("– AFP"), in a byline
("By ..., The Associated Press") or in a syndication prefix ("(MENAFN- X)").

The publisher is the registered domain of the page's URL (tldextract with its
bundled public-suffix snapshot, never fetched), else the name in the page's
copyright line ("© 2024 Name").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

# Wire agencies and how their names are normalised.  The list is the agencies
# whose credits appear in the dev dumps and issue #16's pages, plus the other
# national agencies that credit copy the same way (AAP, UPI, PTI, ANI, Yonhap).
_WIRE_NAMES = {
    "ap": "AP", "associated press": "AP", "the associated press": "AP",
    "afp": "AFP", "agence france-presse": "AFP", "agence france presse": "AFP",
    "reuters": "Reuters", "thomson reuters": "Reuters",
    "dpa": "dpa", "dpa-afx": "dpa-AFX", "aap": "AAP", "upi": "UPI", "pti": "PTI", "ani": "ANI", "ians": "IANS",
    "yonhap": "Yonhap", "xinhua": "Xinhua", "efe": "EFE", "ansa": "ANSA", "kyodo": "Kyodo", "bernama": "Bernama",
    "tass": "TASS", "ukrinform": "Ukrinform", "bloomberg": "Bloomberg",
}
_WIRE_ALT = "|".join(sorted((re.escape(w) for w in _WIRE_NAMES), key=len, reverse=True))
# "SEOUL, South Korea (AP) —", "PARIS (AFP) -", "(dpa-AFX)" at a paragraph's start.
# A place in capitals ("SEOUL, South Korea (AP)"), or any place with a dash after the credit ("Kyiv (AFP) -"):
# "The mayor (AP) said" is not a dateline.
_DATELINE_RE = re.compile(
    rf"^(?:(?:[A-Z][A-Z.'’ -]{{1,40}}(?:,\s*[A-Z][\w.'’ -]{{1,40}})?\s*)?\((?P<wire>(?i:{_WIRE_ALT}))\)\s*[-–—:]?"
    rf"|[A-Z][\w.'’ -]{{1,40}}(?:,\s*[A-Z][\w.'’ -]{{1,40}})?\s*\((?P<wire2>(?i:{_WIRE_ALT}))\)\s*[-–—:])\s*",
)
_MENAFN_RE = re.compile(r"\(MENAFN\s*[-–—]\s*(?P<src>[^()]{2,60})\)")
# "... the talks ended. – AFP" at the end of the text, or the credit on a line of its own.
_TAIL_RE = re.compile(rf"(?:^|\s)[-–—]\s*(?P<wire>{_WIRE_ALT})\s*$", re.IGNORECASE)
_ALONE_RE = re.compile(rf"^\(?(?P<wire>{_WIRE_ALT})\)?$", re.IGNORECASE)
_BYLINE_WIRE_RE = re.compile(rf"^by\s+.{{2,80}}?,\s*(?P<wire>{_WIRE_ALT})\s*$", re.IGNORECASE)
_COPYRIGHT_RE = re.compile(
    r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s+)?(?P<name>[A-Z][\w&'’ .-]{1,60}?)"
    r"(?:\s*\d{4})?[.,]?\s*(?:all rights reserved\.?)?$",
    re.IGNORECASE,
)

# Lines that are never the headline (each from the page shapes in issue #16).
_TEMPERATURE_RE = re.compile(r"-?\d+\s*°\s*[CF]?\b|\b\d+\s*(?:deg|degrees)\s*[CF]\b")
_ALT_TEXT_RE = re.compile(r"\b(?:cropped square|file photo|stock photo|thumbnail)\s*$|^(?:image|photo|picture)\s*:",
                          re.IGNORECASE)
_TEASER_RE = re.compile(
    r"^(?:watch|video|listen|live|audio|podcast|gallery|photos|in pictures)\b\s*[:|-]|\(\d{1,2}:\d\d\)\s*$",
    re.IGNORECASE,
)
# Photo credits, sharing widgets, contact lines: seen next to the headline in the extraction dev dumps.
_NEAR_TITLE_FURNITURE_RE = re.compile(
    r"\b(?:getty(?: images)?|photo by|submitted photo|shutterstock|share this|sharing options|external links"
    r"|short url|follow [\w .'-]{2,40} on (?:twitter|facebook|instagram|x)|sign up|subscribe)\b|@\w|\(\d{3}\)",
    re.IGNORECASE,
)
_CLOCK_RE = re.compile(r"\b\d{1,2}:\d\d\b")
_QUOTE_OPEN = "\"“'‘«"
_SITE_SUFFIX_RE = re.compile(r"\s+[|–—-]\s+[^|–—-]{2,50}$")


@lru_cache(maxsize=1)
def _extractor() -> Any:
    # The bundled suffix list only: no network at run time, no cache written.
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def registered_domain(url: str | None) -> str | None:
    """``https://news.example.co.uk/x`` -> ``example.co.uk``; None without a host."""
    if not url:
        return None
    host = urlsplit(url if "//" in url else f"//{url}").hostname
    if not host:
        return None
    try:
        ext = _extractor()(host)
    except ImportError:  # tldextract missing: the host without "www." is the next best thing
        return host[4:] if host.startswith("www.") else host
    name = ext.top_domain_under_public_suffix if hasattr(ext, "top_domain_under_public_suffix") else None
    return str(name) if name else None


def publisher_of(url: str | None, lines: Sequence[str]) -> str | None:
    """The site that served the page: its URL's registered domain, else its copyright line."""
    dom = registered_domain(url)
    if dom:
        return dom
    for line in reversed(lines[-40:]):
        m = _COPYRIGHT_RE.match(line.strip())
        if m:
            return m["name"].strip(" .,")
    return None


def _wire(name: str) -> str:
    return _WIRE_NAMES.get(name.strip().lower(), name.strip())


def wire_credit(head: Sequence[str], first: str | None, last: str | None, after: Sequence[str]) -> str | None:
    """The original publisher a wire credit names, or None.

    ``head``: lines above the body (byline); ``first``/``last``: the body's
    first and last paragraphs; ``after``: a few lines after the body.
    """
    for text in (first, *head):
        if text:
            m = _MENAFN_RE.search(text[:200])
            if m:
                return m["src"].strip()
    if first:
        m = _DATELINE_RE.match(first)
        if m:
            return _wire(m["wire"] or m["wire2"])
    for line in head:
        m = _BYLINE_WIRE_RE.match(line) or _ALONE_RE.match(line)
        if m:
            return _wire(m["wire"])
    if last:
        m = _TAIL_RE.search(last)
        if m:
            return _wire(m["wire"])
    for line in after:
        m = _ALONE_RE.match(line)
        if m:
            return _wire(m["wire"])
    return None


def dateline_length(paragraph: str) -> int:
    """Characters of a wire dateline opening ``paragraph`` ("SEOUL (AP) — "), 0 if none."""
    m = _DATELINE_RE.match(paragraph) or _MENAFN_RE.match(paragraph)
    return m.end() if m else 0


def strip_site_suffix(line: str) -> str:
    """"Headline | Site name" -> "Headline"."""
    return _SITE_SUFFIX_RE.sub("", line).strip()


def not_a_headline(line: str) -> bool:
    """Lines that stand near a headline but are not one."""
    s = line.strip()
    return bool(
        s[:1] in _QUOTE_OPEN
        or _TEMPERATURE_RE.search(s)
        or _ALT_TEXT_RE.search(s)
        or _TEASER_RE.search(s)
        or _NEAR_TITLE_FURNITURE_RE.search(s)
        or (_CLOCK_RE.search(s) and len(s.split()) <= 8)
        or s.endswith((".", ":", "…", ",", ";"))
    )


def _slug_words(url: str | None) -> set[str]:
    if not url:
        return set()
    path = urlsplit(url).path
    return {w for w in re.split(r"[^a-z0-9]+", path.lower()) if len(w) > 2 and not w.isdigit()}


def choose_title(
    lines: Sequence[str],
    first: int,
    is_candidate: Any,
    url: str | None,
) -> int | None:
    """Index of the headline among the lines above the body (and the body's first line).

    Candidates pass ``is_candidate`` (title-like) and ``not_a_headline``.  The
    best is the one whose words best match the URL's slug; else a line the page
    repeats (as "Headline | Site"); else the nearest one above the body.
    """
    def usable(i: int) -> bool:
        return is_candidate(lines[i]) and not not_a_headline(lines[i]) and len(lines[i].split()) >= 4

    slug = _slug_words(url)
    if slug:
        def overlap(i: int) -> float:
            words = {w for w in re.split(r"[^a-z0-9]+", lines[i].lower()) if len(w) > 2}
            return len(words & slug) / max(1, len(words))

        # The URL's slug is strong evidence: it may pick a headline further up (menus between it and the body).
        wide = [i for i in range(max(0, first - 40), min(len(lines), first + 1)) if usable(i)]
        best = max(wide, key=lambda i: (overlap(i), i), default=None)
        if best is not None and (overlap(best) >= 0.5 or (overlap(best) >= 0.3 and best >= first - 12)):
            return best
    lo = max(0, first - 12)
    cands = [i for i in range(lo, min(len(lines), first + 1)) if usable(i)]
    if not cands:
        return None
    stripped = [strip_site_suffix(lines[i]) for i in range(len(lines[:first + 1]))]
    for i in reversed(cands):
        if any(stripped[j] == lines[i] and j != i for j in range(len(stripped))):
            return i
    above = [i for i in cands if i < first]
    return above[-1] if above else cands[-1]


# -- the body's edges: prose the line model missed, and furniture heads it kept ---------------------

# Heads of the link lists that follow an article ("FEATURED STORIES"): what comes after is not the
# article.  From issue #16's pages and the dev dumps' sidebars (text_model.END_HEAD_RE has the
# comment-section heads).
_LIST_HEAD_RE = re.compile(
    r"^(?:featured(?: stories| articles| news)?|related(?: stories| articles| news| content| coverage)?"
    r"|more (?:stories|news|from [\w .'-]{2,40})|top stories|editor'?s picks|popular(?: now)?"
    r"|also read|read more|see also|advertisement|sponsored(?: content)?)\s*:?$",
    re.IGNORECASE,
)
# The line-model probability a prose line needs to join the body next to it (page 22 of the
# real-shaped set, a lede with a dateline, scores 0.22; the dev dumps' comment prose mostly < 0.15).
EXTEND_FLOOR = 0.15
_SENTENCE_END = (".", "!", "?", "\"", "”", "’", "'", ")")


# Ad slots inside an article's text: the article goes on after them.
_AD_SLOT_RE = re.compile(
    r"^(?:advertisement|advertising|sponsored|ad|article continues (?:after|below)(?: this)? (?:advertisement|ad)"
    r"|(?:story|article) continues below(?: advertisement)?|continue reading below)\s*:?$",
    re.IGNORECASE,
)


def is_ad_slot(line: str) -> bool:
    return bool(_AD_SLOT_RE.match(line.strip()))


def is_prose(line: str) -> bool:
    """A paragraph of running text: a dozen words or more, ending a sentence (a wire credit after it aside)."""
    line = _TAIL_RE.sub("", line.rstrip())
    return len(line.split()) >= 12 and line.rstrip().endswith(_SENTENCE_END) and not _TEASER_RE.search(line)


def _prose_words(lines: Sequence[str], keep: Sequence[bool]) -> int:
    return sum(len(ln.split()) for ln, k in zip(lines, keep, strict=True) if k and is_prose(ln))


def mend_body(lines: Sequence[str], keep: Sequence[bool], end: int, probs: Sequence[float]) -> list[bool]:
    """The kept lines with the body's edges mended.

    - One long paragraph of prose that the model left out while keeping less
      prose than it elsewhere (a real single-paragraph article, its sentences
      run together) becomes the body.
    - Prose paragraphs right above or below the kept run join it, across an
      ad slot, where the line model gives them some chance (``EXTEND_FLOOR``):
      a lede with a dateline scores low on a short page.
    - A kept link-list head ("FEATURED STORIES") and everything after it goes,
      where no long prose follows it (inline "Related" links do not end an article).
    """
    out = list(keep)
    n = min(end, len(lines))
    kept_words = _prose_words(lines, out)
    longest = max(range(n), key=lambda i: len(lines[i].split()) if is_prose(lines[i]) else 0, default=None)
    if longest is not None and not out[longest] and is_prose(lines[longest]):
        words = len(lines[longest].split())
        if words >= 80 and words >= 2 * kept_words:
            out = [i == longest for i in range(len(lines))]
    if not any(out):
        return out
    first = out.index(True)
    last = len(out) - 1 - out[::-1].index(True)
    i = first - 1
    while i >= 0:
        if is_ad_slot(lines[i]) and i > 0 and is_prose(lines[i - 1]):
            i -= 1
            continue
        if not is_prose(lines[i]) or probs[i] < EXTEND_FLOOR:
            break
        out[i] = True
        i -= 1
    i = last + 1
    while i < n:
        if is_ad_slot(lines[i]) and i + 1 < n and is_prose(lines[i + 1]):
            i += 1
            continue
        if not is_prose(lines[i]) or probs[i] < EXTEND_FLOOR:
            break
        out[i] = True
        i += 1
    for i in range(len(out)):
        if out[i] and is_ad_slot(lines[i]):
            out[i] = False
    seen_prose = False
    for i in range(len(out)):
        if out[i] and is_prose(lines[i]):
            seen_prose = True
        elif seen_prose and _LIST_HEAD_RE.match(lines[i].strip()) and not is_ad_slot(lines[i]):
            if any(out[j] and len(lines[j].split()) >= 20 for j in range(i + 1, len(out))):
                continue
            out[i:] = [False] * (len(out) - i)
            break
    return out


# extract/22: a lede or standfirst above the run, parted from it by a few short lines (byline, date, photo
# credit, share buttons), which mend_body's step across an ad slot does not cross.  On snippet half A the
# line model gives such a paragraph p >= 0.5 and the smoothing still drops it, cut off by the short
# lines: 10 of the 103 wanted snippets the held-out fold models lose (docs/extraction-text.md).  The three
# constants were chosen on the mean of news CV and half A CV with the fold models (gap 3-10, floor
# 0.4-0.6, short 5-15 tried).
LEDE_GAP_LINES = 6  # short lines crossed between the lede and the run (or the next lede line)
LEDE_FLOOR = 0.6  # the line model's probability a lede needs
LEDE_SHORT_WORDS = 8  # a line this short or shorter may sit between the lede and the run


def join_lede(lines: Sequence[str], keep: Sequence[bool], probs: Sequence[float]) -> list[bool]:
    """The kept lines with the prose paragraphs just above the run that the model finds likely.

    Going up from the run's first line: a prose paragraph with p >= ``LEDE_FLOOR`` joins (and the
    count of short lines starts again), a short line is stepped over (and stays out), anything else
    (a long line that is not likely prose) stops the walk, as do more than ``LEDE_GAP_LINES`` short
    lines in a row.
    """
    out = list(keep)
    if not any(out):
        return out
    i, gap = out.index(True) - 1, 0
    while i >= 0 and gap <= LEDE_GAP_LINES:
        if is_prose(lines[i]) and probs[i] >= LEDE_FLOOR:
            out[i], gap = True, 0
        elif len(lines[i].split()) <= LEDE_SHORT_WORDS:
            gap += 1
        else:
            break
        i -= 1
    return out
