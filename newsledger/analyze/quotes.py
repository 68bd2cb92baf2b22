"""Quotation marks: where quoted speech starts and ends in each paragraph.

Only double marks delimit quotes (curly, straight, or a mix of both); single
marks inside are left alone, because an apostrophe and a closing single quote
are the same character.  News style lets a quote run over several paragraphs:
a paragraph that opens a quote and does not close it is continued by the next
paragraph when that one opens with a quote mark; otherwise the open quote is
closed at the end of its paragraph (an unbalanced mark).
"""

from __future__ import annotations

from dataclasses import dataclass

OPENERS = "“„«"
CLOSERS = "”»"
STRAIGHT = '"'
ALL_MARKS = OPENERS + CLOSERS + STRAIGHT


@dataclass(slots=True)
class Quote:
    """Quoted text [start, end) within a paragraph, without the marks."""

    start: int
    end: int
    closed: bool = True  # a closing mark was found in this paragraph
    continues: bool = False  # carries on a quote left open by the paragraph before
    chain: int = 0  # quotes of one multi-paragraph quotation share this number


def _opens(text: str, i: int) -> bool:
    """Whether an ambiguous mark at ``i`` looks like an opening mark."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([—–-:") and not after.isspace()


def _marks(text: str) -> list[tuple[int, int, str]]:
    """(position, length, kind) of every double mark; typewriter pairs of
    apostrophes or backticks ('' ``) count as one straight mark."""
    out: list[tuple[int, int, str]] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in ALL_MARKS:
            out.append((i, 1, ch))
        elif ch in "'`" and i + 1 < n and text[i + 1] == ch and (i + 2 >= n or text[i + 2] != ch):
            out.append((i, 2, "`" if ch == "`" else STRAIGHT))
            i += 1
        i += 1
    return out


def find_quotes(text: str) -> list[Quote]:
    """Quotes in one paragraph; ``Quote.closed`` is False for an unclosed one."""
    quotes: list[Quote] = []
    open_at: int | None = None
    for i, width, ch in _marks(text):
        if open_at is None:
            if ch in OPENERS or ch in (STRAIGHT, "`") or (ch in CLOSERS and _opens(text, i)):
                open_at = i + width
        elif ch in CLOSERS or ch == STRAIGHT or (ch in OPENERS and not _opens(text, i + width - 1)):
            quotes.append(Quote(open_at, i))
            open_at = None
        else:
            # A second opening mark inside an open quote: the first was never
            # closed, so close it here rather than swallow the paragraph.
            quotes.append(Quote(open_at, _trim_end(text, i), closed=False))
            open_at = i + width
    if open_at is not None:
        quotes.append(Quote(open_at, _trim_end(text, len(text)), closed=False))
    return [q for q in quotes if q.end > q.start]


def _trim_end(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def starts_with_quote(text: str) -> bool:
    stripped = text.lstrip()
    return bool(stripped) and (stripped[0] in ALL_MARKS or stripped[:2] in ("''", "``"))


def quotes_by_paragraph(paragraphs: list[str]) -> list[list[Quote]]:
    """Quotes for every paragraph, with multi-paragraph quotations linked."""
    out: list[list[Quote]] = []
    chain = 0
    left_open = False
    for para in paragraphs:
        quotes = find_quotes(para)
        lead = len(para) - len(para.lstrip())
        if quotes and left_open and starts_with_quote(para) and quotes[0].start <= lead + 2:
            quotes[0].continues = True
        for q in quotes:
            if not q.continues:
                chain += 1
            q.chain = chain
        left_open = bool(quotes) and not quotes[-1].closed
        out.append(quotes)
    return out
