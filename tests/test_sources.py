"""Who said it (``newsledger/analyze/sources.py``): shapes where the parse's
subject is not the source.  Sentences are made up (fictional people and places)."""

from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from newsledger.analyze import analyze_text
from newsledger.records import Attribution


def _by_cue(text: str, cue: str) -> Attribution:
    an = analyze_text(text)
    found = [a for a in an.attributions if a.cue is not None and a.cue.text.lower().startswith(cue)]
    assert found, [a.cue.text if a.cue else None for a in an.attributions]
    return found[0]


@pytest.mark.parametrize(
    "text",
    [
        "Asked about the levy, Mara Okafor said the pier would close in May.",
        "When asked about the ferry fares, the harbourmaster said they would not rise.",
    ],
)
def test_asked_participle_has_no_source(text: str) -> None:
    # The one asked answers in the main clause; who asked is not named.
    asked = _by_cue(text, "asked")
    assert asked.source is None
    said = _by_cue(text, "said")
    assert said.source is not None


def test_asked_with_an_agent_keeps_the_agent() -> None:
    asked = _by_cue("Asked by Councillor Dray whether the pier would close, Okafor said it would.", "asked")
    assert asked.source is not None and asked.source.text == "Councillor Dray"


def test_asking_subject_still_asks() -> None:
    asked = _by_cue("Councillor Dray asked whether the pier would close before the winter storms.", "asked")
    assert asked.source is not None and asked.source.text == "Councillor Dray"


def test_participle_on_the_reported_clause_is_the_reporters() -> None:
    # The parser hangs "describing" on "ignored" (the reported clause); the describing is Okafor's,
    # and it stays an attribution of its own beside "said".
    text = "Okafor said that the ferry operator had ignored the fishermen, describing the new timetable as a betrayal."
    describing = _by_cue(text, "describing")
    assert describing.source is not None and describing.source.text == "Okafor"
    assert _by_cue(text, "said").source is not None


def test_adjective_before_the_cue_gives_the_copulas_subject() -> None:
    # Rule cue_bounds takes the copula into the cue ("were quick to point out", as PolNeAR writes it).
    quick = _by_cue("Advisers to Mayor Dray were quick to point out that the pier had reopened on time.", "were quick")
    assert quick.source is not None and quick.source.text == "Advisers to Mayor Dray"


def test_identifying_relative_clause_stays_in_the_source_and_an_aside_does_not() -> None:
    said = _by_cue("A ferry captain who asked not to be named said the crossings would be cut in March.", "said")
    assert said.source is not None and said.source.text == "A ferry captain who asked not to be named"
    said = _by_cue("Mara Okafor, who runs the Veldane fish market, said prices would rise.", "said")
    assert said.source is not None and said.source.text == "Mara Okafor"


def test_aside_after_the_cue_stays_in_the_source() -> None:
    text = '"The fares will rise," said Mara Okafor, who runs the Veldane fish market.'
    said = _by_cue(text, "said")
    assert said.source is not None and said.source.text == "Mara Okafor, who runs the Veldane fish market"


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("It is hard to imagine the council agreeing to the levy.", "is hard"),
        ("It's worth remembering that the harbour at Port Veldane flooded in 2011.", "'s worth"),
    ],
)
def test_the_it_of_a_copula_with_an_adjective_is_no_source(
    text: str, cue: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The source rule itself, without the learned attribution filter (analyze/27's drops the first
    # sentence's attribution: test_attribution_filter.py tests the filter).
    monkeypatch.setattr("newsledger.settings.USE_ATTRIBUTION_FILTER", False)
    # "it" stands for the clause that follows, not for anyone who spoke (verbcue.extraposed_it)
    assert _by_cue(text, cue).source is None


def test_it_as_the_subject_of_a_speech_verb_stays_a_source() -> None:
    an = analyze_text("The ministry said the levee had failed. It said repairs would take a month.")
    assert [a.source.text if a.source else None for a in an.attributions] == ["The ministry", "It"]
