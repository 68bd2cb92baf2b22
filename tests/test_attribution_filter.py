"""Rule ``attribution_filter``: a learned keep/drop over each whole attribution the paragraph rules propose
(newsledger/analyze/attfilter.py).  Made-up sentences (fictional people, places and outlets); keep and drop
are checked with hand-set models, so that the tests do not hang on the shipped weights, and the shipped
model on its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("spacy")

from analysis_helpers import found_in

import newsledger.analyze.attfilter as attfilter
from newsledger.analyze import _parse
from newsledger.analyze.attfilter import AttributionFilter, features
from newsledger.analyze.paragraph import find_in_paragraph
from newsledger.analyze.quotes import quotes_by_paragraph
from newsledger.settings import ATTRIBUTION_FILTER_MODEL_FILE

ROOT = Path(__file__).resolve().parents[1]
TEXT = (
    'Harbourmaster Idris Vantongeren said on Tuesday that the Quellwood pier would reopen. '
    '"We are ready," she told the Brinemouth Courier.\n\n'
    "The ferry, it seems, runs twice a day."
)


def _features_by_cue(text: str) -> dict[str, list[str]]:
    units, docs, _title = _parse([text], [None])[0]
    out: dict[str, list[str]] = {}
    for unit, doc, quotes in zip(units, docs, quotes_by_paragraph([u.text for u in units]), strict=True):
        found = find_in_paragraph(doc, quotes, without=frozenset({"attribution_filter"}))
        for f in found:
            assert f.cue is not None
            out[unit.text[f.cue[0] : f.cue[1]]] = features(doc, quotes, found, f)
    return out


def test_features_say_rule_cue_source_kind_and_content_shape_without_names() -> None:
    feats = _features_by_cue(TEXT)
    said = next(v for k, v in feats.items() if k.startswith("said"))
    told = next(v for k, v in feats.items() if k.startswith("told"))
    assert "origin=core_speech" in said and "lemma=say" in said
    assert "source=name" in said and "content=clause" in said
    assert "source=pron" in told and "content=quoted" in told and "kind=direct" in told
    assert any(f.startswith("content_at=before") for f in told)
    words = " ".join(f for v in feats.values() for f in v).lower()
    for name in ("idris", "vantongeren", "quellwood", "brinemouth", "courier"):
        assert name not in words, words


def test_a_dropping_model_removes_what_it_rejects_and_keeps_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    # Keep an attribution only where it has a source that is a pronoun.
    model = AttributionFilter({"bias": -5.0, "source=pron": 10.0}, 0.5)
    monkeypatch.setattr(attfilter, "load_attribution_filter", lambda: model)
    kept = found_in(TEXT)
    assert [(cue, source) for _o, cue, source, _c in kept if cue] == [("told the Brinemouth Courier", "she")] or [
        source for _o, cue, source, _c in kept if cue
    ] == ["she"]
    # Switched off, the filter keeps everything the other rules found.
    everything = found_in(TEXT, without=frozenset({"attribution_filter"}))
    assert len([a for a in everything if a[1]]) >= 2
    # A model that keeps everything changes nothing.
    monkeypatch.setattr(attfilter, "load_attribution_filter", lambda: AttributionFilter({"bias": 30.0}, 0.5))
    assert found_in(TEXT) == everything


def test_without_the_model_the_rule_keeps_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attfilter, "load_attribution_filter", lambda: None)
    assert found_in(TEXT) == found_in(TEXT, without=frozenset({"attribution_filter"}))


def test_switched_off_by_name_or_by_setting_a_filter_that_drops_everything_drops_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(attfilter, "load_attribution_filter", lambda: None)
    unfiltered = found_in(TEXT)
    assert len([a for a in unfiltered if a[1]]) >= 2
    monkeypatch.setattr(attfilter, "load_attribution_filter", lambda: AttributionFilter({"bias": -30.0}, 0.5))
    assert not [a for a in found_in(TEXT) if a[1]]
    assert found_in(TEXT, without=frozenset({"attribution_filter"})) == unfiltered
    monkeypatch.setattr("newsledger.settings.USE_ATTRIBUTION_FILTER", False)
    assert found_in(TEXT) == unfiltered


def test_the_shipped_filter_has_a_manifest_and_no_name_or_markup_features() -> None:
    path = ROOT / "newsledger" / "analyze" / ATTRIBUTION_FILTER_MODEL_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    # Exactly what load_attribution_filter reads: no decision constant the runtime would ignore.
    assert data.keys() == {"manifest", "threshold", "weights"}
    assert 0.0 < data["threshold"] < 1.0
    assert "train[700:] held out" in data["manifest"]["training_data"]
    values = [v for f in data["weights"] for v in f.split("=", 1)[-1].split("|")]
    assert not [v for v in values if v[:1] in ("@", "#") or v.startswith(("http", "www."))]
    assert not {"trump", "sander", "schlafly", "clinton"} & set(values)
    assert path.stat().st_size < 200_000


def test_rules_for_real_pages_the_filter_never_saw_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attfilter, "load_attribution_filter", lambda: AttributionFilter({"bias": -30.0}, 0.5))
    found = found_in("Officials in Tarnwick put the toll at about 900.")
    assert [origin.split("+")[0] for origin, *_rest in found] == ["figure_phrase"]
