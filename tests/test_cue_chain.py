"""Rule ``cue_chain``: a cue verb in an open complement takes the verb group
that governs it into its cue.  Made-up sentences (fictional people and places)."""

from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from analysis_helpers import found_in


def test_the_governing_verb_group_joins_the_cue(monkeypatch: pytest.MonkeyPatch) -> None:
    # The rule itself, without the learned attribution filter (analyze/27's drops this one: probability
    # below its threshold; test_attribution_filter.py tests the filter).
    monkeypatch.setattr("newsledger.settings.USE_ATTRIBUTION_FILTER", False)
    text = "The harbour board has continued to push for a new breakwater."
    assert found_in(text) == [
        ("cue_model+cue_chain", "has continued to push for", "The harbour board", "a new breakwater")
    ]
    # Switched off (with cue_bounds, whose learned walk takes the governing verb too), the cue is the
    # complement's verb alone.
    assert [c for _o, c, _s, _t in found_in(text, frozenset({"cue_chain", "cue_bounds"}))] == ["to push for"]


def test_one_attribution_where_the_governing_verb_was_a_cue_of_its_own() -> None:
    found = found_in("Okafor began to argue that the levy was unfair.")
    assert [(o, c, s, t) for o, c, s, t in found] == [
        ("cue_model+cue_chain", "began to argue", "Okafor", "the levy was unfair")
    ]


def test_an_adjective_before_the_infinitive_starts_the_cue() -> None:
    text = "Fishermen are more likely to say the quota is too tight."
    found = found_in(text, frozenset({"cue_bounds"}))
    assert [(c, t) for _o, c, _s, t in found] == [("likely to say", "the quota is too tight")]
    # The learned bounds then take "are more" too, as PolNeAR's annotators write this cue.
    assert [(c, t) for _o, c, _s, t in found_in(text)] == [("are more likely to say", "the quota is too tight")]


def test_a_verb_that_is_not_a_cue_changes_nothing() -> None:
    # "wants" is the cue here and "to build" its content: no complement verb is a cue.
    found = found_in("Brandt wants to build a new pier.")
    assert all("cue_chain" not in o for o, *_ in found)
