"""Rule ``continued_quote``: a quotation that continues an attribution's own
quotation becomes one more piece of that attribution's content, as a reader
(and PolNeAR) takes it: in '"The levy is unfair," Okafor said. "It hits the
small boats first."' Okafor said both sentences, and that is one attribution
whose content has two pieces, not a second, cue-less one.

It runs inside the article pass, where ``carried_quote`` has found the
speaker a cue-less quotation carries on (``QuoteCarrier.carry``): the
quotation is joined to that attribution instead of becoming its own when the
attribution has a cue, its content is direct or mixed speech, and the two are
in the same paragraph, the quotation after the content.  Otherwise
``carried_quote`` keeps it as its own attribution.

Chosen by counts on PolNeAR train[:700] (``analyze/7``, a scratch script over
``bench/attribution.py``'s functions, 2026-12-01 02:40 UTC): of the cue-less
quotes carried on from a cued attribution, whether the gold content that
holds the quote is the one whose cue matches that attribution's:

| carried quote | attribution's kind | same gold content | another gold one | in no gold content |
|---|---|---|---|---|
| same paragraph | direct | 603 | 18 | 13 |
| same paragraph | mixed | 30 | 19 | 5 |
| same paragraph | indirect | 42 | 137 | 21 |
| next paragraph | direct | 31 | 18 | 3 |
| next paragraph | mixed | 3 | 8 | 3 |

so indirect speech keeps its quotations apart ('She said the pier would
close. "We were not asked."' is mostly another attribution in the gold), and a
quotation in a later paragraph joins only where it is the same quotation
running on (left open at a paragraph's end, reopened at the next one's start).

The same holds before the cue: in '"The levy is unfair," Okafor said, "and it
hits the small boats first."' the parse (or the content model) may give the
cue only the second quotation, and the first, claimed by nothing, was lost.
A quotation no attribution holds that ends right before a direct
attribution's source or cue (nothing between but a comma, closing marks and
spaces) becomes its content's first piece (``join_preceding``).  Counted the
same way (2026-12-01 02:58 UTC): such a quotation is in the gold content of
the attribution's own cue for 491 direct attributions, another gold
attribution's for 4 and in no gold content for 14; for indirect speech 23,
12 and 21, for mixed 3, 6 and 10, so only direct speech takes it.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsledger.analyze.quotes import Quote
from newsledger.analyze.rules.registry import article_rule
from newsledger.records import Attribution, Span

NAME = "continued_quote"

article_rule(
    NAME, "a quotation continuing an attribution's own quotation joins its content as one more piece", __name__
)

JOIN_KINDS = frozenset({"direct", "mixed"})
# Across a paragraph break only where the quotation itself runs on (a paragraph left open and the next
# opening with a mark: one quotation in typography), into direct or mixed speech: see docs/attribution.md.
ACROSS_PARAGRAPHS = True


def continues(root: Attribution, start: int, paragraph: int, *, same_quotation: bool = False) -> bool:
    """Whether a carried quotation starting at ``start`` (article offset) in
    ``paragraph`` continues ``root``'s content; ``same_quotation``: it is the
    next paragraph of a quotation ``root`` holds the start of."""
    if root.cue is None or root.kind not in JOIN_KINDS or root.part != "body" or root.paragraph is None:
        return False
    across = ACROSS_PARAGRAPHS and same_quotation and root.paragraph < paragraph
    if root.paragraph != paragraph and not across:
        return False
    return start >= root.pieces()[-1].end


def join(root: Attribution, piece: Span, text: str) -> None:
    """``piece`` becomes the last piece of ``root``'s content; ``content``, the
    envelope, runs on to its end (``text``: what the spans index)."""
    root.content_spans = [*root.pieces(), piece]
    start = root.content_spans[0].start
    root.content = Span(start, piece.end, text[start : piece.end])
    if not root.origin.endswith("+" + NAME):
        root.origin = f"{root.origin}+{NAME}" if root.origin else NAME


# What may stand between a quotation and the source or cue after it: '"A," he said' / '"A", he said'.
_BETWEEN = frozenset(' \t\n\xa0,"\u201d\u2019\'')


def join_preceding(claims: Sequence[Attribution], quotes: Sequence[Quote], offset: int, text: str) -> None:
    """A quotation of the paragraph (``quotes``, at ``offset`` in ``text``) that no claim holds and that
    ends right before a direct claim's source or cue becomes that claim's first piece."""
    for a in claims:
        if a.cue is None or a.kind != "direct" or a.part != "body":
            continue
        lo = min(a.cue.start, a.source.start) if a.source is not None else a.cue.start
        for q in quotes:
            start, end = offset + q.start, offset + q.end
            if end > lo or end >= a.pieces()[0].start or not (set(text[end:lo]) <= _BETWEEN):
                continue
            if end == start or any(p.start < end and start < p.end for c in claims for p in c.pieces()):
                continue
            a.content_spans = [Span(start, end, text[start:end]), *a.pieces()]
            a.content = Span(start, a.content.end, text[start : a.content.end])
            if not a.origin.endswith("+" + NAME):
                a.origin = f"{a.origin}+{NAME}" if a.origin else NAME
            break
