"""The named rules that produce attributions, registered one module each
(``rules/registry.py`` says how), and the order they run in.

Every ``Attribution`` records the rule that produced it in ``origin``, so a
user can see why a quote was found, and the benchmark can switch any rule
off (``bench/attribution.py --without RULE``, ``--ablation`` for each in
turn).  A rule switched off produces nothing; the others still run, so where
two rules could claim the same cue another one may take its place.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

from newsledger.analyze.rules import (  # noqa: F401  (importing a rule module registers it)
    according_to,
    artifact_claim,
    attribution_filter,
    carried_quote,
    content_around_cue,
    content_model,
    continued_quote,
    core_speech,
    cue_bounds,
    cue_chain,
    cue_lexicon,
    cue_model,
    figure_phrase,
    headline_colon,
    noun_cue,
    raised_subject,
    speech_noun,
    stance,
)
from newsledger.analyze.rules.registry import REGISTRY, Rule

# The declared order.  Within a sentence: each verb goes to the verb rules,
# then to the cue rules (the first that answers decides: a figure phrase
# before the lexicons, the lexicons only without the cue model, core speech
# verbs before the model); then the sentence rules ("according to" before
# the headline colon, which applies only where nothing else was found); then
# the stance and speech-noun words, kept where their cue overlaps no cue
# already found; then the content model re-draws the contents of the cue
# verbs' attributions, and the attribution filter keeps or drops each whole
# attribution the paragraph's rules proposed.  Quotations no cue claimed are carried on last, over the
# article, and those continuing their speaker's own quotation join its content.
ORDER: tuple[str, ...] = (
    "artifact_claim",
    "figure_phrase",
    "cue_lexicon",
    "core_speech",
    "cue_model",
    "according_to",
    "headline_colon",
    "cue_chain",
    "noun_cue",
    "stance",
    "speech_noun",
    "content_model",
    "cue_bounds",
    "attribution_filter",
    "content_around_cue",
    "raised_subject",
    "carried_quote",
    "continued_quote",
)

if sorted(ORDER) != sorted(REGISTRY):  # pragma: no cover - a rule module added without a place in ORDER
    raise RuntimeError(f"rules registered {sorted(REGISTRY)} but ordered {sorted(ORDER)}")

RULES: dict[str, str] = {name: REGISTRY[name].description for name in ORDER}

T = TypeVar("T")


def check(without: frozenset[str]) -> frozenset[str]:
    """The names, checked: an unknown rule name is a caller's mistake."""
    unknown = sorted(without - RULES.keys())
    if unknown:
        raise ValueError(f"unknown attribution rule(s): {', '.join(unknown)}; known: {', '.join(sorted(RULES))}")
    return without


def in_order(table: dict[str, T], without: frozenset[str]) -> list[tuple[str, T]]:
    """The rules of one scope's ``table`` in the declared order, less those switched off."""
    return [(name, table[name]) for name in ORDER if name in table and name not in without]


def describe() -> Iterator[Rule]:
    """Every rule in the declared order (name, scope, description, module)."""
    return (REGISTRY[name] for name in ORDER)


__all__ = ["ORDER", "RULES", "Rule", "check", "describe", "in_order"]
