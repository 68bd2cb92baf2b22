"""Rule ``cue_bounds``: a verb cue runs on over the phrases beside it that the cue bounds model takes
(newsledger/analyze/cuebounds.py).  Made-up sentences (fictional people, places and outlets); the walk
is checked with hand-set models (take every unit, take none) so that it does not hang on the shipped
weights, and the shipped model on its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("spacy")

from analysis_helpers import found_in

import newsledger.analyze.cuebounds as cuebounds
from newsledger.analyze.cuebounds import CueBoundsModel, load_cue_bounds_model, walk
from newsledger.analyze.model import load_nlp
from newsledger.settings import CUE_BOUNDS_MODEL_FILE

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def take_all(monkeypatch: pytest.MonkeyPatch) -> None:
    model = CueBoundsModel({"bias": 30.0}, 0.5)
    monkeypatch.setattr(cuebounds, "load_cue_bounds_model", lambda: model)


@pytest.fixture
def take_none(monkeypatch: pytest.MonkeyPatch) -> None:
    model = CueBoundsModel({"bias": -30.0}, 0.5)
    monkeypatch.setattr(cuebounds, "load_cue_bounds_model", lambda: model)


@pytest.mark.usefixtures("take_all")
def test_a_time_phrase_joins_the_cue_and_the_source_and_content_keep_every_word() -> None:
    found = found_in("Mayor Dalvik said on Tuesday that the pier would reopen.")
    assert [(c, s, t) for _o, c, s, t in found] == [("said on Tuesday", "Mayor Dalvik", "the pier would reopen")]
    assert found[0][0].endswith("+cue_bounds")


@pytest.mark.usefixtures("take_all")
def test_the_content_gives_up_its_first_words_never_all_of_them() -> None:
    text = "The union issued a formal complaint to the ministry about the quota."
    before = found_in(text, frozenset({"cue_bounds"}))
    after = found_in(text)
    assert len(before) == len(after) == 1
    cue, content = after[0][1], after[0][3]
    assert cue.startswith(before[0][1]) and len(cue) > len(before[0][1])
    assert content and content in before[0][3] and content not in cue
    # One contiguous cue, then the content: together they are the words they were.
    assert f"{cue} {content}" in text


@pytest.mark.usefixtures("take_none")
def test_a_model_that_takes_nothing_changes_a_cue_without_a_linking_preposition_not_at_all() -> None:
    for text in ("Mayor Dalvik said on Tuesday that the pier would reopen.",
                 "The union issued a formal complaint to the ministry about the quota."):
        assert found_in(text) == found_in(text, frozenset({"cue_bounds"}))


def test_the_walk_stops_at_the_source_and_at_the_sentence_end() -> None:
    doc = load_nlp()("The pier will reopen, said Harbourmaster Okafor.")
    verb = next(t for t in doc if t.lemma_ == "say")
    source = (doc[verb.i + 1].idx, len(doc.text) - 1)
    gen = walk(doc, verb, verb.i, verb.i, verb.sent, [source])
    units = []
    try:
        unit, _feats = next(gen)
        while True:
            units.append(unit)
            unit, _feats = gen.send(True)
    except StopIteration:
        pass
    assert all(not (source[0] <= doc[i].idx < source[1]) for u in units for i in range(u.lo, u.hi + 1))


def test_features_hold_no_names() -> None:
    doc = load_nlp()("Dalvik told Brenmoor Radio in an interview with Veltrano that the pier would reopen.")
    verb = next(t for t in doc if t.lemma_ == "tell")
    feats: list[str] = []
    gen = walk(doc, verb, verb.i, verb.i, verb.sent, [])
    try:
        _unit, f = next(gen)
        while True:
            feats += f
            _unit, f = gen.send(True)
    except StopIteration:
        pass
    assert feats
    assert not any(name in f.lower() for f in feats for name in ("dalvik", "brenmoor", "veltrano"))


def test_the_shipped_model_decides_a_linking_preposition_and_keeps_the_content() -> None:
    # "complained to X": PolNeAR leaves the preposition out of the cue; cue_tokens had put it in.
    text = "Brandt complained to the council that the pier was unsafe."
    (origin, cue, source, content), = found_in(text)
    assert origin.endswith("+cue_bounds")
    assert (cue, source) == ("complained", "Brandt")
    assert found_in(text, frozenset({"cue_bounds"}))[0][1] == "complained to"
    assert content and content not in cue


@pytest.mark.usefixtures("take_none")
def test_a_model_that_takes_nothing_drops_a_linking_preposition() -> None:
    (_origin, cue, _source, _content), = found_in("Brandt complained to the council that the pier was unsafe.")
    assert cue == "complained"


def test_shipped_model_loads_offline_holds_no_markup_and_left_the_guard_slice_out() -> None:
    model = load_cue_bounds_model()
    assert model is not None and 0.0 < model.threshold < 1.0
    data = json.loads((ROOT / "newsledger" / "analyze" / CUE_BOUNDS_MODEL_FILE).read_text(encoding="utf-8"))
    assert "train[700:] held out" in data["manifest"]["training_data"]
    assert "dev never read" in data["manifest"]["training_data"]
    for key in data["weights"]:
        for value in key.split("=", 1)[-1].split("|"):
            assert not value.startswith(("@", "#", "http", "www.")), key
            assert value not in ("trump", "sander", "clinton", "schlafly"), key
