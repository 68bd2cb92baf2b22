"""Rule ``figure_phrase``: a phrasal figure or position cue ("put the figure
at 3,000", "stood by its earlier estimate"; ``cuegroup.PHRASAL_CUES``) is a
cue whatever the cue model says, outside a quotation; inside one it is no
cue at all (no later cue rule is asked)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsledger.analyze.cuegroup import figure_cue
from newsledger.analyze.rules.registry import cue_rule

if TYPE_CHECKING:
    from spacy.tokens import Token

NAME = "figure_phrase"


@cue_rule(NAME, "a phrasal figure cue ('put the figure at X', 'stood by its estimate')")
def rule(verb: Token, in_quote: bool) -> bool | None:
    if figure_cue(verb) is None:
        return None
    return not in_quote
