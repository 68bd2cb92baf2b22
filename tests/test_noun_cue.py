"""Rule ``noun_cue``: nouns and adjectives as cues (newsledger/analyze/nouncue.py),
on made-up sentences (fictional people and places), and the shipped model's
weights and manifest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("spacy")

from analysis_helpers import found_in

from newsledger.analyze import analyze_text
from newsledger.analyze.model import load_nlp
from newsledger.analyze.nouncue import candidates, features, from_noun, load_noun_cue_model
from newsledger.settings import NOUN_CUE_MODEL_FILE

ROOT = Path(__file__).resolve().parents[1]


def test_a_verb_with_a_cue_object_takes_the_object_and_its_preposition_into_the_cue() -> None:
    text = "Brandt offered a defense of the new tariff."
    found = found_in(text)
    assert len(found) == 1
    origin, cue, source, content = found[0]
    assert origin.endswith("+noun_cue")
    assert (cue, source, content) == ("offered a defense of", "Brandt", "the new tariff")
    # Switched off, the verb alone is the cue and the whole object its content.
    assert [(c, s, t) for _o, c, s, t in found_in(text, frozenset({"noun_cue"}))] == [
        ("offered", "Brandt", "a defense of the new tariff")
    ]


def test_an_adjective_the_model_accepts_is_a_cue_of_its_own() -> None:
    text = "Quellwood is confident that the pier will reopen."
    assert found_in(text) == [("noun_cue", "confident", "Quellwood", "the pier will reopen")]
    assert found_in(text, frozenset({"noun_cue"})) == []


def test_inside_a_quotation_a_noun_or_adjective_is_no_cue() -> None:
    found = found_in('"Quellwood is confident that the pier will reopen," Brandt said.')
    assert [o for o, *_ in found] == ["core_speech"]


def test_the_word_list_rules_keep_their_own_words() -> None:
    assert [o for o, *_ in found_in("The union's claim that the levy was unfair angered the council.")][:1] == [
        "speech_noun"
    ]
    assert [o for o, *_ in found_in("The skippers are skeptical of the plan to dredge the channel.")] == ["stance"]


def test_the_owner_is_the_source_and_the_preposition_opens_the_content() -> None:
    doc = load_nlp()("Brandt's push for a new breakwater has stalled.")
    (tok, link), = [(t, link) for t, link in candidates(doc[:]) if t.lower_ == "push"]
    f = from_noun(doc, tok, link, doc[:], [])
    assert f is not None and f.cue is not None and f.source is not None
    text = doc.text
    assert text[f.cue[0] : f.cue[1]] == "push for"
    assert text[f.source[0] : f.source[1]] == "Brandt"
    assert text[f.content[0] : f.content[1]] == "a new breakwater"


def test_features_hold_no_names_handles_or_urls() -> None:
    doc = load_nlp()("Harbourmaster Varga's support for @brinemouth_ferry and https://example.org grew.")
    feats = [f for tok, link in candidates(doc[:]) for f in features(tok, link, False)]
    assert feats
    joined = " ".join(feats).lower()
    for word in ("varga", "brinemouth", "example.org", "@"):
        assert word not in joined


def test_shipped_model_loads_offline_holds_no_markup_and_left_the_guard_slice_out() -> None:
    model = load_noun_cue_model()
    assert model is not None and 0.0 < model.threshold < 1.0
    data = json.loads((ROOT / "newsledger" / "analyze" / NOUN_CUE_MODEL_FILE).read_text(encoding="utf-8"))
    assert "train[700:] held out" in data["manifest"]["training_data"]
    assert "dev never read" in data["manifest"]["training_data"]
    for key in data["weights"]:
        value = key.split("=", 1)[-1]
        assert not value.startswith(("@", "#", "http", "www.")), key
    assert analyze_text("Nothing here.").attributions == []
