"""Rule ``cue_bounds``: a verb cue runs on over the phrases beside its verb group that the cue bounds
model (``cuebounds.py``, ``cue_bounds_model.json``) takes: "said Tuesday", "said in an interview with the
Courier", "told reporters", "issued a formal complaint to"; a linking preposition that ends the verb group
("agrees with", "said of") is the model's to keep or leave out too.  Runs after the content model, so that no
word of the final content or source is taken into the cue; the cue stays one contiguous span.  Where
it widens a cue the attribution's ``origin`` reads ``<cue rule>+cue_bounds``.  Without the JSON it does
nothing."""

from __future__ import annotations

from newsledger.analyze.cuebounds import active_cue_bounds_model, core_end
from newsledger.analyze.found import Found, Sentence, doc_text
from newsledger.analyze.rules.registry import content_rule

NAME = "cue_bounds"


@content_rule(NAME, "a verb cue runs on over the phrases beside it the cue bounds model takes ('said Tuesday')")
def rule(s: Sentence, f: Found) -> None:
    verb = f.cue_root
    if verb is None or f.cue is None or f.origin == "figure_phrase":
        return
    model = active_cue_bounds_model()
    if model is None:
        return
    span = s.doc.char_span(f.cue[0], f.cue[1], alignment_mode="expand")
    if span is None or len(span) == 0:
        return
    # The source keeps every word and the other cues of the sentence stay theirs; the content may
    # give up its first words (the object of "has taken a swipe at X"), never all of them.
    others = [g.cue for g in s.found if g is not f and g.cue is not None]
    blocked = [r for r in (f.source, *others) if r is not None and r[0] < r[1]]
    content = f.content if f.content[0] < f.content[1] else None
    start, end = span.start, span.end - 1
    lo, hi = model.widen(s.doc, verb, start, core_end(s.doc, verb, start, end), s.sent, blocked, content)
    if (lo, hi) == (start, end):
        return
    first, last = s.doc[lo], s.doc[hi]
    f.cue = (
        f.cue[0] if lo == start else first.idx,
        f.cue[1] if hi == end else last.idx + len(last.text),
    )
    if content is not None and f.cue[0] < content[1] and content[0] < f.cue[1]:
        f.content = _trimmed(doc_text(s.doc), content, f.cue)
    f.origin = f"{f.origin}+{NAME}"


def _trimmed(text: str, content: tuple[int, int], cue: tuple[int, int]) -> tuple[int, int]:
    """The content less the words the cue took (its start or its end), without the spaces between."""
    start, end = content
    if cue[1] < end:
        start = max(start, cue[1])
        while start < end and text[start].isspace():
            start += 1
    else:
        end = min(end, cue[0])
        while end > start and text[end - 1].isspace():
            end -= 1
    return start, end
