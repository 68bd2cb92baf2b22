"""Rule ``content_around_cue``: a content that encloses its own cue or source
('The pier, the harbourmaster said, will close by May': content "The pier
... will close by May") becomes the pieces around them ("The pier", "will
close by May"), so that what is recorded as said holds no words of the
attribution itself.  ``content`` stays the envelope; ``content_spans`` lists
the pieces.  Run by the article pass on each attribution as it is built.

Chosen by counts on PolNeAR train[:700] (see docs/attribution.md, "Contents
in pieces"): PolNeAR writes such contents as discontinuous spans around the
cue and the source.
"""

from __future__ import annotations

from newsledger.analyze.rules.registry import article_rule
from newsledger.records import Attribution, Span

NAME = "content_around_cue"

article_rule(NAME, "a content enclosing its own cue or source becomes the pieces around them", __name__)

# What sets an aside off before it: "X, he said, Y", "X -- he said -- Y", '"X," he said, "Y"'.
_ASIDE = frozenset(',;:(\u2014\u2013-"\u201d\u2019\'')

# Trimmed from the edges of each piece: the punctuation that set the cue or source off.
_EDGE = " \t\n\xa0,;:\u2014\u2013-"


def split(a: Attribution, text: str) -> None:
    """``a``'s content in pieces around its cue and source, where it encloses
    them (``text``: what the spans index)."""
    c = a.content
    if a.origin.startswith("artifact_claim"):
        return  # "a video that purports to show X": the claim verb is part of what the artifact is said to show
    holes = sorted(
        (s.start, s.end) for s in (a.cue, a.source) if s is not None and c.start < s.start and s.end < c.end
    )
    # Only a cue or source set off as an aside: punctuation (or a quotation mark) before the first one.
    if not holes or text[c.start : holes[0][0]].rstrip()[-1:] not in _ASIDE:
        return
    pieces: list[Span] = []
    pos = c.start
    for hs, he in [*holes, (c.end, c.end)]:
        s, e = pos, min(hs, c.end)
        while s < e and text[s] in _EDGE:
            s += 1
        while e > s and text[e - 1] in _EDGE:
            e -= 1
        if any(ch.isalnum() for ch in text[s:e]):
            pieces.append(Span(s, e, text[s:e]))
        pos = max(pos, he)
    if len(pieces) < 2:
        return
    a.content_spans = pieces
    a.content = Span(pieces[0].start, pieces[-1].end, text[pieces[0].start : pieces[-1].end])
    a.origin = f"{a.origin}+{NAME}" if a.origin else NAME
