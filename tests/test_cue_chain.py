"""Rule ``cue_chain``: a cue verb in an open complement takes the verb group
that governs it into its cue.  Made-up sentences (fictional people and places)."""

from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from newsledger.analyze import _analyze_parsed, _parse


def _found(text: str, without: frozenset[str] = frozenset()) -> list[tuple[str, str, str, str]]:
    parsed = _parse([text], [None])[0]
    an = _analyze_parsed(text, None, parsed, published=None, without=without)
    return [
        (a.origin, a.cue.text if a.cue else "", a.source.text if a.source else "", a.content.text)
        for a in an.attributions
    ]


def test_the_governing_verb_group_joins_the_cue() -> None:
    text = "The harbour board has continued to push for a new breakwater."
    assert _found(text) == [
        ("cue_model+cue_chain", "has continued to push for", "The harbour board", "a new breakwater")
    ]
    # Switched off, the cue is the complement's verb alone.
    assert [c for _o, c, _s, _t in _found(text, frozenset({"cue_chain"}))] == ["to push for"]


def test_one_attribution_where_the_governing_verb_was_a_cue_of_its_own() -> None:
    found = _found("Okafor began to argue that the levy was unfair.")
    assert [(o, c, s, t) for o, c, s, t in found] == [
        ("cue_model+cue_chain", "began to argue", "Okafor", "the levy was unfair")
    ]


def test_an_adjective_before_the_infinitive_starts_the_cue() -> None:
    found = _found("Fishermen are more likely to say the quota is too tight.")
    assert [(c, t) for _o, c, _s, t in found] == [("likely to say", "the quota is too tight")]


def test_a_verb_that_is_not_a_cue_changes_nothing() -> None:
    # "wants" is the cue here and "to build" its content: no complement verb is a cue.
    found = _found("Brandt wants to build a new pier.")
    assert all("cue_chain" not in o for o, *_ in found)
