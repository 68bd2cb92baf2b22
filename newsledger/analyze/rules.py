"""The named rules that produce attributions, and what each one does.

Every ``Attribution`` records the rule that produced it in ``origin`` (stored,
shown by ``attributions --raw`` and ``show --json``), so a user can see why a
quote was found, and the benchmark can switch any rule off
(``bench/attribution.py --without RULE``, ``--ablation`` for all of them).
A rule switched off produces nothing; the others still run, so where two
rules could claim the same cue the other one may take its place.
"""

from __future__ import annotations

RULES: dict[str, str] = {
    "cue_model": "a verb the cue model (cue_model.json) accepts, with its source and content from the parse",
    "core_speech": "a core speech verb (say, tell, claim, ...) outside a quotation: a cue whatever the model says",
    "cue_lexicon": "a verb of the cue lexicons, used only where cue_model.json is absent",
    "figure_phrase": "a phrasal figure cue ('put the figure at X', 'stood by its estimate')",
    "artifact_claim": "an artifact that claims: 'officials released a video that purports/appears to show X'",
    "according_to": "'according to X' with the rest of its sentence",
    "headline_colon": "a headline 'Name: what they said'",
    "stance": "a stance adjective or person noun after 'be' ('was critical of', 'is a fierce critic of')",
    "speech_noun": "an owned noun of saying with a complement ('the union's claim that ...')",
    "carried_quote": "a quotation with no cue of its own, carried on from its quotation chain or paragraph",
}


def check(without: frozenset[str]) -> frozenset[str]:
    """The names, checked: an unknown rule name is a caller's mistake."""
    unknown = sorted(without - RULES.keys())
    if unknown:
        raise ValueError(f"unknown attribution rule(s): {', '.join(unknown)}; known: {', '.join(sorted(RULES))}")
    return without
