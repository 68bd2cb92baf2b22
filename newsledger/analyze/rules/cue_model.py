"""Rule ``cue_model``: a verb the cue model (``cue_model.json``, a logistic
regression over the verb's lemma and its tree; ``cuemodel.py``) accepts.
The last cue rule: what it rejects is no cue."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
    return verb.pos_ == "VERB" and model.is_cue(verb, in_quote)
