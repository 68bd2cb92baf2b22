"""Publication dates: find them, read them, and say how sure the reading is.

Numeric dates are the trap: 03/04/2024 is 3 April in Suva and March 4 in
Boston.  The order is decided from evidence, strongest first: a part over 12,
other unambiguous dates on the same page, the site's country (its ccTLD).
Where nothing decides, the date is kept with ``ambiguous=True`` rather than
guessed silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from newsledger.records import PublishedDate

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9,
    "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))

# Countries that write month first; every other country code writes day first.
_MDY_TLDS = frozenset({"us", "ph", "fm", "pw", "mh", "gu", "as", "pr", "vi", "um"})
# Generic TLDs say nothing about the reader's country.
_GENERIC_TLDS = frozenset({"com", "org", "net", "info", "io", "co", "news", "tv", "app", "site", "online"})

ISO_RE = re.compile(
    r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)"
    r"(?P<time>[T ][0-2]\d:[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-][0-2]\d:?[0-5]\d)?)?\b"
)
NUMERIC_RE = re.compile(r"\b(?P<a>[0-3]?\d)(?P<sep>[/.\-])(?P<b>[0-3]?\d)(?P=sep)(?P<y>(?:19|20)?\d\d)\b")
DAY_MONTH_RE = re.compile(
    rf"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<mon>{_MONTH_RE})\.?,?\s+(?P<y>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
MONTH_DAY_RE = re.compile(
    rf"\b(?P<mon>{_MONTH_RE})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)


def country_order(tld: str | None) -> str | None:
    """``"dmy"``/``"mdy"`` customary for a host's top-level domain, or None."""
    if not tld:
        return None
    tld = tld.lower().rsplit(".", 1)[-1]
    if tld in _GENERIC_TLDS or len(tld) != 2:
        return None
    return "mdy" if tld in _MDY_TLDS else "dmy"


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def _year(y: str) -> int:
    n = int(y)
    if len(y) == 2:
        n += 2000 if n < 70 else 1900
    return n


def page_order(texts: Iterable[str]) -> str | None:
    """The order that unambiguous numeric dates elsewhere on the page use."""
    votes = {"dmy": 0, "mdy": 0}
    for t in texts:
        for m in NUMERIC_RE.finditer(t):
            a, b = int(m["a"]), int(m["b"])
            if a > 12 >= b >= 1:
                votes["dmy"] += 1
            elif b > 12 >= a >= 1:
                votes["mdy"] += 1
    if votes["dmy"] == votes["mdy"]:
        return None
    return "dmy" if votes["dmy"] > votes["mdy"] else "mdy"


_US_SPELLING_RE = re.compile(
    r"\b(?:colors?|centers?|harbors?|neighbors?|neighboring|favors?|favorite|labor|defense|honors?|organiz\w+"
    r"|realiz\w+|recogniz\w+|apologiz\w+|criticiz\w+|traveled|traveling|canceled|gray|catalog|theater)\b",
    re.IGNORECASE,
)
_UK_SPELLING_RE = re.compile(
    r"\b(?:colours?|centres?|harbours?|neighbours?|neighbouring|favours?|favourite|labour|defence|honours?"
    r"|organis\w+|realis\w+|recognis\w+|apologis\w+|criticis\w+|travelled|travelling|cancelled|grey"
    r"|catalogue|theatre|programme)\b",
    re.IGNORECASE,
)


def spelling_order(texts: Iterable[str]) -> str | None:
    """Weak evidence for a reading: American spelling suggests month first, British day first.

    Used only to choose the more likely reading of a date that stays flagged
    ambiguous: spelling says where the writer learnt English, not where the
    page is published.
    """
    us = uk = 0
    for t in texts:
        us += len(_US_SPELLING_RE.findall(t))
        uk += len(_UK_SPELLING_RE.findall(t))
    if us >= 2 and us >= 2 * uk:
        return "mdy"
    if uk >= 2 and uk >= 2 * us:
        return "dmy"
    return None


def parse_date(
    raw: str,
    *,
    tld: str | None = None,
    page_texts: Iterable[str] = (),
) -> PublishedDate | None:
    """Read the first date in ``raw``; None if it holds none."""
    m = ISO_RE.search(raw)
    if m and _valid(int(m["y"]), int(m["m"]), int(m["d"])):
        iso = f"{int(m['y']):04d}-{int(m['m']):02d}-{int(m['d']):02d}"
        if m["time"]:
            iso += "T" + m["time"][1:]
        return PublishedDate(iso=iso, raw=m.group(0), order="ymd")
    for rx in (DAY_MONTH_RE, MONTH_DAY_RE):
        m = rx.search(raw)
        if m:
            y, mon, d = int(m["y"]), _MONTHS[m["mon"].lower().rstrip(".")], int(m["d"])
            if _valid(y, mon, d):
                return PublishedDate(iso=f"{y:04d}-{mon:02d}-{d:02d}", raw=m.group(0), order="named")
    m = NUMERIC_RE.search(raw)
    if not m:
        return None
    a, b, y = int(m["a"]), int(m["b"]), _year(m["y"])
    dmy_ok, mdy_ok = _valid(y, b, a), _valid(y, a, b)
    if not (dmy_ok or mdy_ok):
        return None
    ambiguous = False
    if dmy_ok and not mdy_ok:
        order = "dmy"
    elif mdy_ok and not dmy_ok:
        order = "mdy"
    elif a == b:
        order = "dmy"  # both readings give the same day
    else:
        # Dotted dates (22.10.2024) are a day-first convention everywhere.
        page_texts = list(page_texts)
        decided = "dmy" if m["sep"] == "." else page_order(page_texts) or country_order(tld)
        ambiguous = decided is None
        # Undecided: lean on spelling, else day first, as most of the world writes it.
        order = decided or spelling_order(page_texts) or "dmy"
    d, mon = (a, b) if order == "dmy" else (b, a)
    return PublishedDate(iso=f"{y:04d}-{mon:02d}-{d:02d}", raw=m.group(0), order=order, ambiguous=ambiguous)  # type: ignore[arg-type]


_STAMP_WORDS_RE = re.compile(
    r"\b(?:published|updated|posted|date|dated|on|first|last|at|am|pm|gmt|utc|[a-z]{3,4}t|"
    r"mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    rf"{_MONTH_RE})\b\.?",
    re.IGNORECASE,
)


_DIGIT_RE = re.compile(r"\d")


def looks_like_date_line(line: str) -> bool:
    """A short line that is (mostly) a date stamp, e.g. ``22/10/2024``."""
    s = line.strip()
    # Every date form parse_date reads has a digit: most short lines (headings, captions) stop here.
    if not s or len(s) > 80 or _DIGIT_RE.search(s) is None:
        return False
    if parse_date(s) is None:
        return False
    rest = re.sub(r"[\d/.:\-,|()+\s]", "", _STAMP_WORDS_RE.sub("", s))
    return len(rest) <= 3
