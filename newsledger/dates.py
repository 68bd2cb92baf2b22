"""Stored publication dates, and the dates users type in ``--since``/``--until``.

Stored ``published`` values have exactly two shapes, so that comparing them as
text orders them as dates:

- ``YYYY-MM-DD`` where the page gave a day only (precision ``day``);
- ``YYYY-MM-DDTHH:MM:SSZ``, converted to UTC, where it gave a time
  (precision ``minute`` or ``second``).  A time without a zone is taken as
  UTC and ``published_zone`` stays null, so a reader can tell.

The original page string stays in ``published_raw``, the offset as the page
wrote it in ``published_zone``.

Users' dates follow a small grammar (documented in docs/cli.md), so there is
no guessing and nothing heavy to import: ``YYYY-MM-DD``, ``YYYY-MM``,
``YYYY``, a full ISO 8601 timestamp, ``today``, ``yesterday``, and
``N days|weeks|months|years ago`` (also ``Nd``, ``Nw``).  Anything else,
including numeric dates such as ``19/11/2019`` whose day/month order is a
guess, is refused.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

_ISO_TS_RE = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})[T ](?P<h>\d{2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?P<zone>Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$"
)
_ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class DateError(ValueError):
    """A date that could not be read; the message says what is accepted."""


def normalise_published(value: str | None) -> tuple[str | None, str | None, str | None]:
    """``(published, precision, zone)`` for an extractor's ISO value; all None if unreadable."""
    if not value:
        return None, None, None
    value = value.strip()
    if _ISO_DATE_RE.match(value):
        try:
            return date.fromisoformat(value).isoformat(), "day", None
        except ValueError:
            return None, None, None
    m = _ISO_TS_RE.match(value)
    if m is None:
        return None, None, None
    zone = m.group("zone")
    offset = timedelta(0)
    if zone and zone.upper() not in ("Z", "UTC", "GMT"):
        digits = zone[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
        offset = timedelta(hours=hours, minutes=minutes) * (1 if zone[0] == "+" else -1)
    try:
        day = date.fromisoformat(m.group("date"))
        stamp = datetime(day.year, day.month, day.day, int(m.group("h")), int(m.group("m")),
                         int(m.group("s") or 0), tzinfo=UTC) - offset
    except ValueError:
        return None, None, None
    precision = "second" if m.group("s") is not None else "minute"
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ"), precision, zone


_AGO_RE = re.compile(r"^(?P<n>\d{1,5})\s*(?P<unit>d|w|days?|weeks?|months?|years?)(?:\s+ago)?$")


def _months_back(today: date, months: int) -> date:
    y, m = divmod(today.year * 12 + today.month - 1 - months, 12)
    m += 1
    for d in range(today.day, 0, -1):
        try:
            return date(y, m, d)
        except ValueError:
            continue
    raise DateError("date out of range")  # pragma: no cover - day 1 always exists


def parse_user_date(text: str, *, end: bool = False, today: date | None = None) -> str:
    """The stored-date bound for a user's date: the first (or, with ``end``, past-the-last) instant.

    Returns a string that compares correctly with stored ``published`` values:
    ``--since X`` keeps ``published >= bound``, ``--until X`` keeps
    ``published < bound`` (``end=True`` gives the day after ``X``'s last day,
    so ``--until 2024-05`` includes all of May).
    """
    raw = text.strip().lower()
    today = today or datetime.now(UTC).date()
    first: date
    last: date
    if raw in ("today", "now"):
        first = last = today
    elif raw == "yesterday":
        first = last = today - timedelta(days=1)
    elif m := _AGO_RE.match(raw):
        n, unit = int(m.group("n")), m.group("unit")[0]
        if unit == "d":
            first = today - timedelta(days=n)
        elif unit == "w":
            first = today - timedelta(weeks=n)
        elif unit == "m":
            first = _months_back(today, n)
        else:
            first = _months_back(today, 12 * n)
        last = first
    elif re.fullmatch(r"\d{4}", raw):
        first, last = date(int(raw), 1, 1), date(int(raw), 12, 31)
    elif re.fullmatch(r"\d{4}-\d{2}", raw):
        y, mo = int(raw[:4]), int(raw[5:])
        if not 1 <= mo <= 12:
            raise DateError(f"no month {mo} in {text!r}")
        first = date(y, mo, 1)
        last = (date(y + mo // 12, mo % 12 + 1, 1)) - timedelta(days=1)
    elif _ISO_DATE_RE.match(raw):
        try:
            first = last = date.fromisoformat(raw)
        except ValueError as e:
            raise DateError(f"{text!r} is not a date: {e}") from e
    else:
        stamp, _, _ = normalise_published(text.strip().upper())
        if stamp is None or "T" not in stamp:
            raise DateError(
                f"cannot read the date {text!r}: use YYYY-MM-DD, YYYY-MM, YYYY, an ISO 8601 timestamp, "
                "today, yesterday, or 'N days|weeks|months|years ago'"
            )
        if end:
            return stamp + "\uffff"  # just past this stamp, before the next second
        return stamp
    if end:
        return (last + timedelta(days=1)).isoformat()
    return first.isoformat()


__all__ = ["DateError", "normalise_published", "parse_user_date"]
