"""Provenance of attributions (which rule found each one), the rule switch
used by the benchmark's ablation, and cue-model features that carry no names
or tweet markup.  Texts are made up (fictional people and outlets)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("spacy")

from newsledger.analyze import _analyze_parsed, _parse, analyze_text
from newsledger.analyze.cuemodel import MODEL_FILE, features
from newsledger.analyze.model import load_nlp
from newsledger.analyze.rules import RULES

TEXT = (
    "Marta Quellwood said the harbour would reopen next spring.\n\n"
    "According to the Brinemouth Courier, the ferry will run twice a day."
)


def test_every_attribution_names_a_known_rule() -> None:
    an = analyze_text(TEXT)
    # "cue_model+content_model": the cue's rule, then the model that re-drew the content.
    origins = {part for a in an.attributions for part in a.origin.split("+")}
    assert origins <= RULES.keys()
    by_content = {a.content.text: a.origin for a in an.attributions}
    assert by_content["the harbour would reopen next spring"].split("+")[0] == "core_speech"
    assert any(o == "according_to" for o in origins)


def test_a_rule_switched_off_finds_nothing_and_the_rest_still_run() -> None:
    parsed = _parse([TEXT], [None])[0]
    full = _analyze_parsed(TEXT, None, parsed, published=None)
    off = _analyze_parsed(TEXT, None, parsed, published=None, without=frozenset({"according_to"}))
    assert "according_to" in {a.origin for a in full.attributions}
    assert "according_to" not in {a.origin for a in off.attributions}
    assert "core_speech" in {a.origin.split("+")[0] for a in off.attributions}
    with pytest.raises(ValueError, match="unknown attribution rule"):
        _analyze_parsed(TEXT, None, parsed, published=None, without=frozenset({"no_such_rule"}))


def test_cue_features_hold_no_names_handles_hashtags_or_urls() -> None:
    nlp = load_nlp()
    doc = nlp("Yesterday Senator Dalvane Orrick told @brinemouth_news about #FerryGate at https://example.org today.")
    verb = next(t for t in doc if t.lemma_ == "tell")
    feats = " ".join(features(verb, False)).lower()
    for word in ("dalvane", "orrick", "brinemouth", "ferrygate", "example.org"):
        assert word not in feats, feats


def test_shipped_cue_model_has_no_name_or_markup_features() -> None:
    path = Path(__file__).resolve().parents[1] / "newsledger" / "analyze" / MODEL_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    # The feature values after '=' (and after '|' in pairs) are words or classes.
    values = [v for f in data["weights"] for v in f.split("=", 1)[-1].split("|")]
    assert not [v for v in values if v[:1] in ("@", "#") or v.startswith(("http", "www."))]
    # Names the old model memorised from the 2016 campaign (issue #20).
    assert not {"trump", "sander", "schlafly"} & set(values)
    assert {"manifest", "threshold", "weights"} <= data.keys()


def test_origin_is_stored_and_shown(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newsledger.cli import app

    page = tmp_path / "ferry.txt"
    page.write_text("Ferry timetable changes\n\n" + TEXT + "\n", encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(app, ["attributions", str(page), "--raw"])
    assert res.exit_code == 0, res.output
    lines = [json.loads(x) for x in res.stdout.splitlines() if x.strip()]
    assert lines and all(set(x["origin"].split("+")) <= RULES.keys() for x in lines)

    db = str(tmp_path / "n.db")
    assert runner.invoke(app, ["ingest", str(page), "--db", db]).exit_code == 0
    shown = json.loads(runner.invoke(app, ["show", "1", "--db", db, "--json"]).stdout)
    assert shown["attributions"] and all(set(a["origin"].split("+")) <= RULES.keys() for a in shown["attributions"])


# One fictional sentence (or headline) per rule.
EVERY_RULE = (
    "Marta Quellwood said the harbour would reopen next spring.\n\n"
    "According to the Brinemouth Courier, the ferry will run twice a day.\n\n"
    "Port officials put the toll at 40 boats.\n\n"
    "Officials released a video that purports to show the flooded quay.\n\n"
    "The dockers' union was highly critical of the quota rules.\n\n"
    "The union's claim that the levy was unfair angered the council.\n\n"
    "Quellwood is confident that the pier will reopen.\n\n"
    "Councillor Dray argued that the quay needed a new wall.\n\n"
    '"We will rebuild the wall before the winter storms arrive," Dray said.\n\n'
    '"Nobody in this town will be left without a berth, and the fees will stay as they are."'
)
EVERY_RULE_TITLE = "Quellwood: The harbour will reopen"


def test_each_rule_lives_in_a_module_of_its_own_in_the_declared_order() -> None:
    from newsledger.analyze import rules
    from newsledger.analyze.rules import ORDER, describe

    modules = {p.stem for p in Path(rules.__file__).parent.glob("*.py")} - {"__init__", "registry"}
    assert modules == set(ORDER) == set(RULES)
    assert list(RULES) == list(ORDER)
    for rule in describe():
        assert rule.module == f"newsledger.analyze.rules.{rule.name}"
        assert rule.description


def test_each_rule_names_what_it_found_and_switches_off_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    # The rules themselves, without the learned attribution filter (analyze/27's drops the fictional
    # headline's colon attribution, probability 0.36: test_attribution_filter.py tests the filter).
    monkeypatch.setattr("newsledger.settings.USE_ATTRIBUTION_FILTER", False)
    parsed = _parse([EVERY_RULE], [EVERY_RULE_TITLE])[0]
    full = _analyze_parsed(EVERY_RULE, EVERY_RULE_TITLE, parsed, published=None)
    by_origin = {a.origin.split("+")[0]: a for a in full.attributions}
    # The lexicon rule answers only without the cue model; the content model
    # only re-draws what a cue rule found (tests/test_content_model.py).
    assert set(by_origin) == set(RULES) - {
        "cue_lexicon", "content_model", "continued_quote", "content_around_cue", "raised_subject", "cue_chain",
        "cue_bounds", "attribution_filter",  # the filter only drops (tests/test_attribution_filter.py)
    }
    assert by_origin["figure_phrase"].cue is not None and by_origin["figure_phrase"].cue.text == "put the toll at"
    assert by_origin["stance"].content.text == "the quota rules"
    assert by_origin["speech_noun"].content.text == "the levy was unfair"
    assert by_origin["noun_cue"].cue is not None and by_origin["noun_cue"].cue.text == "confident"
    assert by_origin["artifact_claim"].cue is not None and by_origin["artifact_claim"].cue.text == "purports"
    assert by_origin["headline_colon"].part == "title"
    # The quote paragraph continues the last speaker (the dict keeps the last core_speech: Dray's).
    assert by_origin["carried_quote"].speaker is not None
    assert by_origin["carried_quote"].speaker == by_origin["core_speech"].speaker
    for name in set(by_origin):
        off = _analyze_parsed(EVERY_RULE, EVERY_RULE_TITLE, parsed, published=None, without=frozenset({name}))
        assert name not in {a.origin.split("+")[0] for a in off.attributions}, name
        # Everything the other rules found on other sentences is still there.
        kept = {(a.origin, a.content.text) for a in off.attributions}
        assert ("core_speech", "the harbour would reopen next spring") in kept or name == "core_speech"


def test_without_the_cue_model_the_lexicon_rule_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsledger import settings

    monkeypatch.setattr(settings, "USE_CUE_MODEL", False)
    origins = {a.origin.split("+")[0] for a in analyze_text(EVERY_RULE).attributions}
    assert "cue_lexicon" in origins
    assert not {"cue_model", "core_speech"} & origins
