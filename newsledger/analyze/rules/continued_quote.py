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

| where the carried quote is | the attribution's kind | same gold content | another gold attribution | quote in no gold content |
|---|---|---|---|---|
| same paragraph | direct | 603 | 18 | 13 |
| same paragraph | mixed | 30 | 19 | 5 |
| same paragraph | indirect | 42 | 137 | 21 |
| next paragraph | direct | 31 | 18 | 3 |
| next paragraph | mixed | 3 | 8 | 3 |

so indirect speech keeps its quotations apart ('She said the pier would
close. "We were not asked."' is mostly another attribution in the gold), and a
quotation in the next paragraph joins only direct speech.
"""

from __future__ import annotations

from newsledger.analyze.rules.registry import article_rule
from newsledger.records import Attribution, Span

NAME = "continued_quote"

article_rule(NAME, "a quotation continuing an attribution's own quotation joins its content as one more piece", __name__)

JOIN_KINDS = frozenset({"direct", "mixed"})
# Across one paragraph break, for direct speech only (31 joins right against 18 wrong above;
# mixed 3 against 8): whole attributions +0.002 on train[:700] (docs/attribution.md).
ACROSS_PARAGRAPHS = True


def continues(root: Attribution, start: int, paragraph: int) -> bool:
    """Whether a carried quotation starting at ``start`` (article offset) in
    ``paragraph`` continues ``root``'s content."""
    if root.cue is None or root.kind not in JOIN_KINDS or root.part != "body" or root.paragraph is None:
        return False
    across = ACROSS_PARAGRAPHS and root.kind == "direct" and root.paragraph == paragraph - 1
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
