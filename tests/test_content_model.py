"""The content boundary model (rule ``content_model``): its candidates, its
switch, and the shipped weights (no names, trained off the guard slice).
Sentences are made up (fictional people and places)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytest.importorskip("spacy")

from newsledger import settings
from newsledger.analyze import _analyze_parsed, _parse
from newsledger.analyze.content_model import candidates, load_content_model
from newsledger.analyze.model import load_nlp
from newsledger.analyze.paragraph import find_in_paragraph
from newsledger.analyze.quotes import quotes_by_paragraph

ROOT = Path(__file__).resolve().parents[1]
TEXT = (
    "Mayor Fenwick said the pier would close in June, putting the summer market at risk.\n\n"
    "Councillor Dray accused the harbour board of ignoring the fishermen for years.\n\n"
    '"The wall will not last another winter," the harbourmaster warned on Tuesday.'
)


def test_candidates_start_with_the_rules_and_never_swallow_the_cue() -> None:
    nlp = load_nlp()
    para = TEXT.split("\n\n")[0]
    doc = nlp(para)
    quotes = quotes_by_paragraph([para])[0]
    found = [f for f in find_in_paragraph(doc, quotes, without=frozenset({"content_model"})) if f.cue_root]
    assert found
    f = found[0]
    assert f.cue is not None
    cands = candidates(doc, f, f.cue_root, next(iter(doc.sents)), quotes)
    assert cands[0] == ("rule", f.content)
    assert len({c for _, c in cands}) == len(cands)  # no span twice
    for kind, (lo, hi) in cands[1:]:
        assert not lo <= f.cue[0] < hi, kind
    # The rest of the sentence and the cut before the comma are both on offer.
    texts = {para[lo:hi] for _, (lo, hi) in cands}
    assert "the pier would close in June" in texts


def test_switched_off_it_changes_nothing_and_names_itself_where_it_acts(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = _parse([TEXT], [None])[0]
    on = _analyze_parsed(TEXT, None, parsed, published=None)
    off = _analyze_parsed(TEXT, None, parsed, published=None, without=frozenset({"content_model"}))
    monkeypatch.setattr(settings, "USE_CONTENT_MODEL", False)
    unset = _analyze_parsed(TEXT, None, parsed, published=None)
    assert off.attributions == unset.attributions
    assert not any("content_model" in a.origin for a in off.attributions)
    assert len(on.attributions) == len(off.attributions)
    for a, b in zip(on.attributions, off.attributions, strict=True):
        # Only contents move, and each moved one says so in its origin.
        assert (a.cue, a.source) == (b.cue, b.source)
        assert (a.content != b.content) == a.origin.endswith("+content_model")


def test_shipped_weights_hold_no_names_and_skip_the_guard_slice() -> None:
    path = ROOT / "newsledger" / "analyze" / settings.CONTENT_MODEL_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    assert {"manifest", "margin", "weights"} <= data.keys()
    assert "[700:] held out" in data["manifest"]["training_data"]
    assert data["manifest"]["command"].endswith("scripts/train_content_model.py")
    assert path.stat().st_size < 5_000_000
    values = {v for f in data["weights"] for part in f.split("|") for v in [part.split("=", 1)[-1]]}
    # Values are classes (POS tags, dependency labels, kinds), punctuation,
    # function words, booleans, bins and verb lemmas: nothing capitalised
    # but tags, no handles, hashtags or URLs.
    assert not [v for v in values if (v[:1] in ("@", "#") and len(v) > 1) or v.startswith(("http", "www."))]
    assert not [v for v in values if re.search(r"[A-Z][a-z]", v) and v not in ("True", "False")]
    assert load_content_model() is not None


def test_source_candidates_of_the_experiment_start_with_the_rules() -> None:
    from newsledger.analyze import source_model

    nlp = load_nlp()
    para = "Harbourmaster Ilse Varga, who has run the port since 2019, said the quay would reopen."
    doc = nlp(para)
    quotes = quotes_by_paragraph([para])[0]
    f = next(f for f in find_in_paragraph(doc, quotes) if f.cue_root is not None and f.source is not None)
    assert f.cue is not None and f.source is not None
    cands = source_model.candidates(doc, f, f.cue_root, next(iter(doc.sents)))
    assert cands[0] == ("rule", f.source)
    texts = {para[lo:hi] for _, (lo, hi) in cands}
    # The rules leave the relative clause out; the whole subject is on offer.
    assert para[f.source[0] : f.source[1]] == "Harbourmaster Ilse Varga"
    assert "Harbourmaster Ilse Varga, who has run the port since 2019" in texts
    assert all(not lo <= f.cue[0] < hi for _, (lo, hi) in cands)
    assert all(source_model.features(doc, f, f.cue_root, next(iter(doc.sents)), c) for c in cands)


def test_features_say_what_a_cut_leaves_out() -> None:
    # Feature set 2+: a cut that leaves out another attribution's clause says so.
    from newsledger.analyze.content_model import features

    nlp = load_nlp()
    para = (
        "Councillor Dray said the skippers were worried about the levy, and the ferry operator said fares would rise."
    )
    doc = nlp(para)
    quotes = quotes_by_paragraph([para])[0]
    # Both cues stay (the attribution filter, which may drop one, is tested in test_attribution_filter.py).
    found = find_in_paragraph(doc, quotes, without=frozenset({"content_model", "attribution_filter"}))
    f = next(f for f in found if f.cue_root is not None and f.cue is not None and f.cue[0] == para.index("said"))
    sent = next(iter(doc.sents))
    cands = candidates(doc, f, f.cue_root, sent, quotes, found)
    rule_text = para[f.content[0] : f.content[1]]
    if "ferry operator" not in rule_text:
        pytest.skip(f"the parse already stops the content before the second clause: {rule_text!r}")
    cut = next(c for c in cands if para[c[1][0] : c[1][1]] == "the skippers were worried about the levy")
    new = features(doc, f, f.cue_root, sent, cut, quotes, found, version=3)
    old = features(doc, f, f.cue_root, sent, cut, quotes, found, version=1)
    assert "drop_end|subj=True|cue=True" in new and "drop_end|root=conj|VBD" in new
    assert not [x for x in old if x.startswith("drop_end")]
    # The rules' own content has no difference to describe.
    assert not [x for x in features(doc, f, f.cue_root, sent, cands[0], quotes, found) if "drop_" in x]


def test_the_model_reads_the_feature_set_it_was_trained_with() -> None:
    path = ROOT / "newsledger" / "analyze" / settings.CONTENT_MODEL_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    model = load_content_model()
    assert model is not None and model.version == data.get("features_version", 1)
