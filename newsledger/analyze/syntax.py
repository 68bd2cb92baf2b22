"""Character spans over the parse, shared by the attribution rules: a token
list or range as characters, trimmed of edge punctuation, a subtree without
the branch that holds the cue, a noun phrase's text."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from newsledger.analyze.found import doc_text
from newsledger.analyze.quotes import ALL_MARKS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

PUNCT_EDGE = set(",.;:—–-()[]") | set(ALL_MARKS)


RELATIVE = frozenset({"who", "which", "that", "whom"})


def span_of(tokens: Iterable[Token]) -> tuple[int, int] | None:
    toks = list(tokens)
    if not toks:
        return None
    first = min(toks, key=lambda t: t.i)
    last = max(toks, key=lambda t: t.i)
    return first.idx, last.idx + len(last.text)


def trim(doc: Doc, start: int, end: int, *, keep_marks: bool = False) -> tuple[int, int] | None:
    """Token range [start, end) without punctuation at either edge, as chars."""
    while (
        start < end
        and (doc[start].text in PUNCT_EDGE or doc[start].is_space)
        and not (keep_marks and doc[start].text in ALL_MARKS)
    ):
        start += 1
    while (
        end > start
        and (doc[end - 1].text in PUNCT_EDGE or doc[end - 1].is_space)
        and not (keep_marks and doc[end - 1].text in ALL_MARKS)
    ):
        end -= 1
    if end <= start:
        return None
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def subtree_range(tok: Token, *, without: Token | None = None) -> tuple[int, int]:
    """Token range of ``tok``'s subtree; if it holds ``without``, stop before the
    child subtree that contains it."""
    start, end = tok.left_edge.i, tok.right_edge.i + 1
    if without is not None and start <= without.i < end:
        for child in tok.children:
            if child.left_edge.i <= without.i <= child.right_edge.i:
                if child.i > tok.i:
                    end = child.left_edge.i
                else:
                    start = child.right_edge.i + 1
    # A dateline glued to the first sentence ("CITY (Agency) - Officials said").
    for i in range(start, min(end, tok.i)):
        if tok.doc[i].text in ("-", "—", "–", "--") and i > start and tok.doc[i - 1].whitespace_:
            start = i + 1
    return start, end


TIME_WORDS = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "time",
        "week",
        "weekend",
        "day",
        "days",
        "year",
        "years",
        "month",
        "morning",
        "afternoon",
        "evening",
        "night",
        "past",
        "recent",
    ]
)


# When something was said is not part of how it was said ("said Tuesday").
WHEN_WORDS = TIME_WORDS | frozenset({"today", "tonight", "yesterday", "tomorrow"})


def np_text(tok: Token) -> str:
    toks = [t for t in tok.subtree if not (t.dep_ == "det" and t.head.i == tok.i and t.i == tok.left_edge.i)]
    rng = span_of(toks)
    if rng is None:
        return str(tok.text)
    return doc_text(tok.doc)[rng[0] : rng[1]].strip(" ,")


def quoted_span(doc: Doc, lo: int, hi: int) -> bool:
    return any(doc[j].text in ALL_MARKS for j in range(lo, hi))


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])
