"""Rule ``attribution_filter``: keeps or drops each whole attribution the paragraph's rules proposed, by a
logistic model over the attribution (``attfilter.py``, ``attribution_filter_model.json``): the rule that
found it, the cue's word, part of speech and cue-model probability, the source's kind, the content's
length, shape and distance from the cue, the cue's place in its sentence and its hedges.  A kept
attribution is unchanged (its ``origin`` stays the rule that found it); a dropped one is gone.  Runs
after every paragraph rule, on the one attribution per cue ``paragraph.dedupe`` keeps.  Without the
JSON, or with ``settings.USE_ATTRIBUTION_FILTER`` off, it keeps everything."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from newsledger.analyze.attfilter import active_attribution_filter
from newsledger.analyze.found import Found
from newsledger.analyze.rules.registry import filter_rule

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from newsledger.analyze.quotes import Quote

NAME = "attribution_filter"
# Rules written for issue #16's real pages, which PolNeAR hardly exercises (figure_phrase: 3 of the 12,419
# proposals the filter was fitted on, artifact_claim: none): the filter has no evidence to judge them by.
EXEMPT = frozenset({"figure_phrase", "artifact_claim"})


@filter_rule(NAME, "drops a proposed attribution the attribution filter model (attribution_filter_model.json) rejects")
def rule(doc: Doc, quotes: Sequence[Quote], found: Sequence[Found], f: Found) -> bool:
    model = active_attribution_filter()
    return model is None or f.origin.split("+")[0] in EXEMPT or model.keep(doc, quotes, found, f)
