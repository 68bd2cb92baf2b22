"""Rule ``cue_model``: a verb the cue model (``cue_model.json``, a logistic
regression over the verb's lemma and its tree; ``cuemodel.py``) accepts.
The last cue rule: what it rejects is no cue.

While the attribution filter is on, the model proposes from the (lower) threshold the filter was trained
behind (``cue_threshold`` in ``attribution_filter_model.json``) and the filter judges each whole
attribution; without the filter the model's own threshold decides alone."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsledger.analyze.attfilter import active_attribution_filter
from newsledger.analyze.cuemodel import active_cue_model
from newsledger.analyze.rules.registry import cue_rule

if TYPE_CHECKING:
    from spacy.tokens import Token

NAME = "cue_model"


@cue_rule(NAME, "a verb the cue model (cue_model.json) accepts, with its source and content from the parse")
def rule(verb: Token, in_quote: bool) -> bool | None:
    model = active_cue_model()
    if model is None:
        return None
    if verb.pos_ != "VERB":
        return False
    threshold = model.threshold
    filt = active_attribution_filter()
    if filt is not None and filt.cue_threshold is not None:
        threshold = filt.cue_threshold
    return model.probability(verb, in_quote) >= threshold
