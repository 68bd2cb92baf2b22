"""A second candidate for a text dump where the line model's selection leaves no body (issue #15).

The line model, the smoothing and the post-passes (``text_model.py``) can leave nothing: the model
gave every line a low probability, or the little it kept was all title, byline and date, which the
metadata step takes out of the body.  A page that has an article should not then come back empty,
and a page of pure furniture (menus, footers, a cookie notice) must.  The candidate here asks
something the model does not: where does the page hold *running prose*?  It takes the run of
prose paragraphs (a dozen words or more ending a sentence, ``text_meta.is_prose``) with the most
words, across short lines between them (a subheading, an ad slot), and only when that run holds
enough words to be an article rather than a lone blurb.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsledger.extract.text_features import cjk_words
from newsledger.extract.text_meta import is_prose

# Other lines (subheadings, an ad slot, a photo credit, a list) allowed between two prose paragraphs of one run
# (chosen with MIN_RUN_WORDS below: 1-6, 8, 10, 12, 16, 24 and no limit tried; a plateau from 8 up).
PROSE_GAP_LINES = 12
# A run below this many words is a blurb, a teaser or a notice, not an article: a page of furniture
# often has one sentence of prose (a footer's "about" line, a cookie notice).  Chosen on the news dumps
# and snippet half A with the fallback forced on every page (docs/extraction-text.md, extract/22).
MIN_RUN_WORDS = 30
# Furniture that reads like prose; a line naming one of these is not taken as article text by this
# fallback nor, since extract/23, by the main method's likeliest-run fallback (``is_furniture_notice``).
# The words are the boilerplate vocabulary of the line features (text_features._BOILER_RE) that never
# name an article's own subject: cookie and consent notices, sign-up and subscription prompts, legal footers.
_FURNITURE_PROSE_RE = re.compile(
    r"cookie|subscribe|sign up|sign in|log in|newsletter|©|copyright|all rights reserved|privacy"
    r"|terms of (?:use|service)",
    re.IGNORECASE,
)
_CJK_END = ("。", "！", "？", "」", "』")


def _words(line: str) -> int:
    return max(len(line.split()), cjk_words(line))


def is_furniture_notice(line: str) -> bool:
    """A cookie or consent notice, a sign-up prompt or a legal footer: prose-shaped, never the article.

    The one test for such lines in text dumps: the prose fallback here and the likeliest-run fallback of
    the main method (``text._select``, since extract/23) both refuse them.
    """
    return _FURNITURE_PROSE_RE.search(line) is not None


def is_prose_paragraph(line: str) -> bool:
    """Running text that is not a notice: a sentence-ending paragraph of a dozen words or more."""
    if is_furniture_notice(line):
        return False
    if is_prose(line):
        return True
    return _words(line) >= 12 and line.rstrip().endswith(_CJK_END)


def prose_run(lines: Sequence[str], end: int | None = None) -> list[bool]:
    """The prose paragraphs of the page's longest run of prose (in words); all False where none is long enough.

    Only the prose lines of the run are kept, not the short lines between them: a fallback should
    rather lose a subheading than keep a menu.
    """
    n = len(lines) if end is None else min(end, len(lines))
    prose = [i for i in range(n) if is_prose_paragraph(lines[i])]
    best: list[int] = []
    best_words = 0
    run: list[int] = []
    run_words = 0
    for i in prose:
        if run and i - run[-1] - 1 > PROSE_GAP_LINES:
            run, run_words = [], 0
        run.append(i)
        run_words += _words(lines[i])
        if run_words > best_words:
            best, best_words = list(run), run_words
    keep = [False] * len(lines)
    if best_words >= MIN_RUN_WORDS:
        for i in best:
            keep[i] = True
    return keep
