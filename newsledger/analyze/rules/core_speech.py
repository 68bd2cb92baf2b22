"""Rule ``core_speech``: a core speech verb outside a quotation is a cue
whatever the cue model says: the ledger must never lose a plain "X said Y",
whatever PolNeAR's conventions for nested attributions taught the model."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsledger.analyze.cuemodel import active_cue_model
from newsledger.analyze.rules.registry import cue_rule

if TYPE_CHECKING:
    from spacy.tokens import Token

NAME = "core_speech"

# The plainest verbs of saying: a list by hand (kept as it was in clauses.py,
# issue #20's first round), not counted over a corpus; the ablation on dev
# measures what it costs PolNeAR (docs/attribution.md).
CORE_SPEECH = frozenset(
    {"say", "tell", "claim", "add", "state", "announce", "insist", "deny", "allege", "warn", "purport"}
)


@cue_rule(NAME, "a core speech verb (say, tell, claim, ...) outside a quotation: a cue whatever the model says")
def rule(verb: Token, in_quote: bool) -> bool | None:
    if active_cue_model() is None:
        return None  # without the model, the lexicons decide
    if verb.lemma_ not in CORE_SPEECH or in_quote:
        return None
    if verb.lemma_ == "deny" and _withheld(verb):
        return None  # "had been denied a clear penalty": something withheld, left to the model
    return True


def _withheld(verb: Token) -> bool:
    """A passive "denied" with an object of its own ("was denied bail"): 3 of the 42 "denied" on PolNeAR
    train, each something withheld, not a statement denied (docs/figures-and-hedges.md, hedges)."""
    children = list(verb.children)
    return any(c.dep_ == "auxpass" for c in children) and any(c.dep_ in ("dobj", "dative") for c in children)
