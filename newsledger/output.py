"""Everything the command line prints: byte-exact for machines, escaped for people.

Two kinds of output, never mixed:

- Machine output (JSON, JSONL, CSV, plain article text) goes to stdout through
  the standard library, exactly as serialised.  Rich never sees it, so page
  text such as ``:smile:`` or ``[bold]`` comes out as written and character
  offsets still point at the right text.
- Output for people (tables, summaries, progress, errors) goes through Rich.
  Every string that came from a page, a file name or the database passes
  :func:`for_people` first: Rich markup is escaped and control characters
  (terminal escape sequences, carriage returns, C1 controls, bidi overrides)
  are shown as visible ``\\x1b``-style codes instead of acting on the terminal.

Other modules (and other commands) call these helpers rather than ``print`` or
a Console of their own, so the rules hold everywhere.
"""

from __future__ import annotations

import csv
import json
import os
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import IO, TYPE_CHECKING, Any

# Rich is imported when something is drawn for people, not at start-up: `extract` piped to a file
# never needs it, and its import was a sixth of the command line's (issue #15).
if TYPE_CHECKING:
    from rich.console import Console

# C0 controls except tab and newline, DEL, C1 controls, and the Unicode
# bidirectional overrides/isolates that can make text read differently than
# it is stored (the "Trojan Source" set, CVE-2021-42574).
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# In a single table cell or message line, newlines and tabs are shown too.
_CONTROL_LINE_RE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def neutralise(text: str, *, keep_newlines: bool = True) -> str:
    """``text`` with every control character replaced by a visible code.

    Lone surrogates (undecodable bytes in a file name) are shown as ``\\udcxx``.
    """
    pattern = _CONTROL_RE if keep_newlines else _CONTROL_LINE_RE
    text = pattern.sub(_visible, text)
    if any("\ud800" <= c <= "\udfff" for c in text):
        text = "".join(f"\\u{ord(c):04x}" if "\ud800" <= c <= "\udfff" else c for c in text)
    return text


def for_people(value: object, *, keep_newlines: bool = True) -> str:
    """A page/file/database string made safe to hand to Rich: controls neutralised, markup escaped."""
    return markup_escape(neutralise("" if value is None else str(value), keep_newlines=keep_newlines))


def outlet_label(publisher: str | None, original_publisher: str | None, url: str | None = None) -> str:
    """Who wrote it and where it appeared, for people: "ABC via Fiji Village" for a copy.

    A copy whose own site is unknown (a text dump that names only the original) says so, instead of
    passing the original's name off as the site it was read on.  A page that names no publisher is
    labelled by its URL's registered domain, the label a text dump's site gets when it is read
    (``text_meta.publisher_of``), not by the whole URL (session 11); the stored fields stay as they are.
    """
    if original_publisher and publisher and original_publisher != publisher:
        return f"{original_publisher} via {publisher}"
    if original_publisher and not publisher:
        return f"{original_publisher} via an unnamed site"
    if publisher:
        return publisher
    if url:
        from newsledger.extract.text_meta import registered_domain
        from newsledger.extract.urls import host_of

        # a host under no known public suffix (.example, an intranet) is shown whole; a URL with no
        # host at all (javascript:) as it is
        return registered_domain(url) or host_of(url) or url
    return ""


def date_label(published: str | None, ambiguous: bool | int | None) -> str:
    """An article's date for people: the day, and "?" when nothing on the page decided its day/month order.

    Every table that shows an article's date goes through here, so the mark ``articles`` has always
    shown is the same in ``quotes``, ``figures`` and ``story`` (session 11).  Machine output carries the
    flag as its own field (``published_ambiguous``), never a "?" in the date string.
    """
    return (published or "")[:10] + ("?" if published and ambiguous else "")


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """``1 article``, ``2 articles``: a count with its noun agreeing (``plural_form`` for irregular ones)."""
    return f"{n} {singular if n == 1 else (plural_form or singular + 's')}"


def markup_escape(text: str) -> str:
    """``rich.markup.escape``, with Rich imported on first use."""
    from rich.markup import escape

    return escape(text)


# -- consoles ------------------------------------------------------------------
@lru_cache(maxsize=1)
def err() -> Console:
    """The stderr Console for people.  Lines are not hard-wrapped (the terminal wraps them)."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


@lru_cache(maxsize=1)
def people() -> Console:
    """The stdout Console for tables meant for people (never for machine output).

    Off a terminal (``| less -S``, ``| grep``, ``> file``) Rich would cut every table to 80 columns
    and wrap its cells over several lines, so a grep finds half a headline.  There the table is as
    wide as its content instead, up to :data:`PIPED_WIDTH`; ``COLUMNS``, when set, still wins.
    """
    from rich.console import Console

    piped = not _isatty(sys.stdout) and "COLUMNS" not in os.environ
    return Console(highlight=False, width=PIPED_WIDTH if piped else None)


# Wide enough for any row of the listings (their cells are bounded), small enough that Rich's
# layout stays cheap.
PIPED_WIDTH = 1000


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or odd stream: treat as not a terminal
        return False


_ERR = err


def stderr_is_terminal() -> bool:
    """Whether :func:`err` draws for a terminal, as ``err().is_terminal`` says.

    Answered without importing Rich where Rich would surely say no: stderr is not a tty and neither
    ``TTY_COMPATIBLE=1`` nor ``FORCE_COLOR`` asks Rich to treat it as one.  A Console already made, or
    one put in ``err``'s place (tests draw on a fake terminal), is asked.
    """
    if err is _ERR and err.cache_info().currsize == 0 and os.environ.get("TTY_COMPATIBLE", "") != "1" \
            and "FORCE_COLOR" not in os.environ and not _isatty(sys.stderr):
        return False
    return err().is_terminal


def reset_consoles() -> None:
    """Forget the cached Consoles (tests swap sys.stdout/sys.stderr under them)."""
    err.cache_clear()
    people.cache_clear()


def error(message: str) -> None:
    """One line on stderr.  ``message`` is Rich markup: escape page text with :func:`for_people`."""
    err().print(f"[red]error:[/] {message}")


def warn(message: str) -> None:
    err().print(f"[yellow]warning:[/] {message}")


def note(message: str) -> None:
    err().print(message)


def limit_note(shown: int, limit: int, what: str) -> None:
    """Say on stderr that a listing stopped at its limit, and how to lift it (``what``: a regular plural)."""
    err().print(
        f"[yellow]showing the first {plural(shown, what[:-1], what)}[/]: there are more; "
        f"use --limit N for more or --all (or --limit 0) for all"
    )


# -- machine output --------------------------------------------------------------
def _stdout() -> IO[str]:
    return sys.stdout


def dumps(obj: Any, *, indent: int | None = None) -> str:
    """JSON text for ``obj``: UTF-8 characters as they are, except lone surrogates.

    A lone surrogate (an undecodable byte kept from a file name) cannot be
    written as UTF-8; such a document is written with ASCII escapes instead,
    which is the same JSON value.
    """
    text = json.dumps(obj, ensure_ascii=False, indent=indent, default=_default)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(obj, ensure_ascii=True, indent=indent, default=_default)
    return text


def _default(value: Any) -> Any:
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    return str(value)


def write_text(text: str, stream: IO[str] | None = None) -> None:
    """Write ``text`` byte-exact; characters the stream cannot encode are backslash-escaped."""
    out = stream or _stdout()
    try:
        out.write(text)
    except UnicodeEncodeError:
        encoding = getattr(out, "encoding", None) or "utf-8"
        out.write(text.encode(encoding, "backslashreplace").decode(encoding))


def write_json(obj: Any, stream: IO[str] | None = None, *, indent: int | None = None) -> None:
    """One JSON document and a newline."""
    write_text(dumps(obj, indent=indent) + "\n", stream)


def write_jsonl(records: Iterable[Any], stream: IO[str] | None = None) -> int:
    """One JSON object a line; returns how many were written."""
    n = 0
    for record in records:
        write_text(dumps(record) + "\n", stream)
        n += 1
    return n


# Cells a spreadsheet would read as a formula or command (OWASP "CSV
# Injection": =, +, -, @, tab, carriage return).  They get a leading
# apostrophe, which spreadsheets show as text and hide.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A CSV cell value, neutralised as OWASP recommends if it is text starting a formula.

    Numbers stay numbers: ``-3`` is data, not a formula, and only strings are changed.
    """
    if isinstance(value, str):
        if any("\ud800" <= c <= "\udfff" for c in value):
            # Undecodable bytes kept from a file name: shown as \udcxx, since CSV files are UTF-8.
            value = value.encode("utf-8", "backslashreplace").decode("utf-8")
        return "'" + value if value.startswith(_FORMULA_START) else value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return csv_cell(dumps(value))
    return value


def write_csv(
    rows: Iterable[Mapping[str, Any]], columns: Sequence[str], stream: IO[str] | None = None
) -> int:
    """A header and one line per row, every cell through :func:`csv_cell`; returns the row count."""
    out = stream or _stdout()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    n = 0
    for row in rows:
        writer.writerow([csv_cell(row.get(c)) for c in columns])
        n += 1
    return n


__all__ = [
    "csv_cell", "dumps", "err", "error", "for_people", "limit_note", "markup_escape", "neutralise", "note", "people",
    "reset_consoles", "stderr_is_terminal", "warn", "write_csv", "write_json", "write_jsonl", "write_text",
]
