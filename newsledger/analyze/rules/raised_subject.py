"""Rule ``raised_subject``: with "seem" and "appear" the subject is part of
what is said, not who says it: in "The new levy seems unlikely to pass" or
"The ferry operator appeared to back down", nobody named speaks; the writer
reports an appearance, and PolNeAR's content is the subject with the
complement ("The new levy | unlikely to pass"), with no source.  The
attribution's source becomes its content's first piece, and it has no
speaker.  Run by the article pass on each attribution as it is built (not on
``artifact_claim``'s: "a video that appears to show X" has its creator as
source).

The word list comes from counts on PolNeAR train[:700] (``analyze/9``, a
scratch script over ``bench/attribution.py``'s functions, 2026-12-01 03:32
UTC): for each predicted attribution with a source whose cue matches a gold
cue, whether the predicted source lies in the gold content (and not in the
gold source), by the cue's last word: seemed 37 against 4, appears 22 / 1,
appeared 18 / 2, seems 18 / 0, appear 14 / 0, seem 8 / 0 (117 against 7);
the next words were "said" 17 / 3,584, "expected" 5 / 9, "angered" 5 / 1
(too few or against), so only these two verbs.
"""

from __future__ import annotations

from newsledger.analyze.rules.registry import article_rule
from newsledger.records import Attribution, Span

NAME = "raised_subject"

article_rule(NAME, "with 'seem' and 'appear' the subject is the content's first piece, not its source", __name__)

# The inflections of the two verbs the counts above chose.
_CUES = frozenset({"seem", "seems", "seemed", "seeming", "appear", "appears", "appeared", "appearing"})


def raise_subject(a: Attribution, text: str) -> None:
    """``a``'s source, before its content, becomes the content's first piece
    where its cue is "seem" or "appear" (``text``: what the spans index)."""
    if a.cue is None or a.source is None or a.origin.startswith("artifact_claim"):
        return
    words = a.cue.text.lower().split()
    if not words or words[-1] not in _CUES or a.source.end > a.content.start:
        return
    src = a.source
    a.content_spans = [Span(src.start, src.end, src.text), *a.pieces()]
    a.content = Span(src.start, a.content.end, text[src.start : a.content.end])
    a.source = None
    a.speaker = a.speaker_mention = a.speaker_description = None
    a.co_speakers = []
    a.origin = f"{a.origin}+{NAME}" if a.origin else NAME
