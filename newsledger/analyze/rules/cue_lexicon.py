"""Rule ``cue_lexicon``: where no cue model is shipped (or
``settings.USE_CUE_MODEL`` is off), a verb is a cue when it is in the cue
lexicons (``cues.ALL_CUE_VERBS``); with the model this rule never answers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsledger.analyze.cuemodel import active_cue_model
from newsledger.analyze.cues import ALL_CUE_VERBS
from newsledger.analyze.rules.registry import cue_rule

if TYPE_CHECKING:
    from spacy.tokens import Token

NAME = "cue_lexicon"


@cue_rule(NAME, "a verb of the cue lexicons, used only where cue_model.json is absent")
def rule(verb: Token, in_quote: bool) -> bool | None:
    if active_cue_model() is not None:
        return None
    return verb.lemma_ in ALL_CUE_VERBS
