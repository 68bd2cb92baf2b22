"""Fit the content boundary model (newsledger/analyze/content_model.py) on
PolNeAR train.

    nice /work/main/.venv/bin/python scripts/train_content_model.py [--data ../shared/data/polnear] [--out PATH]

The candidate contents (``content_model.candidates``) of every attribution
the rules find from a cue verb whose cue matches a gold cue (overlap >= 50 %);
a candidate passes when, as the pipeline would store it (quotation marks
dropped from an all-quoted content), it overlaps the gold content by >= 50 %
of the longer span (the bench's content/overlap test).  The model is
pairwise: one example per candidate that passes where the rules' content
fails or the other way round, its features minus the rules' (``fit``).
The train split, in sorted order, is cut as for the cue model
(scripts/train_cue_model.py): train[:560] fits the regression for each C,
train[560:700] chooses C and the margin (how much a candidate must beat the
rules' own content by), and train[700:] (the regression guard's slice) is
never read.  The shipped model is refitted on train[:700] and written as
JSON weights with a manifest.  Features hold no names (see the module).
Needs scikit-learn (the ``bench`` extra); the pipeline only reads the JSON.

``--role source --out FILE`` runs the same over the sources' candidates
(``newsledger/analyze/source_model.py``): an experiment, not shipped.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from _polnear_slices import FIT, ROOT, TUNE  # sets thread counts and paths first

# C is fixed at 0.1: with C 0.25 (+214 on the tune slice against +210) the
# model overrode attribution 24 of the hand-read seed article, so the seed
# is in-sample for this setting and for the margin's floor (docs/attribution.md).
C_GRID = (0.1,)
# The margin is in score units (the linear score of a candidate over the
# rules' content).  From 0.5, not 0: smaller margins overrode deliberate
# choices of the rules in tests/test_analyze.py's fictional sentences and
# attribution 22 of the hand-read seed article (tests/test_analyze_seed.py);
# on the tune slice 0.5 costs 6 of 3,087 against 0.25 (2026-12-01 run).
MARGINS = (0.5, 1.0)
# The feature set (content_model.features ``version``), stored with the weights.
FEATURES = 3


def local_gold(gold: tuple, lo: int, hi: int) -> tuple:
    """The pieces of a gold content the cue's sentence (``lo``-``hi``, article
    characters) can give: where the gold has several pieces and some lie in
    the sentence, those; else all of it.  The pieces in other sentences are
    what the article pass joins (``continued_quote``: '"A," she said. "B."'),
    not what the content model should pick instead of the sentence's own."""
    if len(gold) < 2:
        return gold
    inside = tuple(p for p in gold if p[0] < hi and lo < p[1])
    return inside or gold


def examples(arts: list, role: str = "content", local: bool = False, version: int = FEATURES) -> list[dict]:
    """Per found attribution (matched to a gold cue): its candidates'
    features, labels and overlaps, the rules' candidate first.  ``local``:
    contents are labelled against the gold pieces in the cue's sentence
    (``local_gold``)."""
    from attribution import overlap

    from newsledger.analyze import _parse, content_model, source_model
    from newsledger.analyze.contents import set_kind
    from newsledger.analyze.found import Found, Sentence, doc_text
    from newsledger.analyze.paragraph import find_in_paragraph
    from newsledger.analyze.quotes import quotes_by_paragraph
    from newsledger.analyze.rules import registry

    out: list[dict] = []
    current: dict = {}

    def capture(s: Sentence, f: Found) -> None:
        if f.cue_root is None or f.cue is None or f.content_follows or f.content[0] >= f.content[1] or f.in_quote:
            return
        if f.origin == "figure_phrase":
            return  # its content is the phrase's own (the rule skips it too)
        art, offset = current["art"], current["offset"]
        cue = ((offset + f.cue[0], offset + f.cue[1]),)
        golds = [(overlap(cue, g.cue), g) for g in art.attributions if g.cue]
        best = max(golds, key=lambda x: x[0], default=(0.0, None))
        if best[0] < 0.5 or best[1] is None:
            return
        text = doc_text(s.doc)
        feats, labels, ovs = [], [], []
        if role == "source":
            gold = best[1].source
            if f.source is None or not gold:
                return
            for cand in source_model.candidates(s.doc, f, f.cue_root, s.sent):
                ov = overlap(((offset + cand[1][0], offset + cand[1][1]),), gold)
                feats.append(source_model.features(s.doc, f, f.cue_root, s.sent, cand))
                labels.append(int(ov >= 0.5))
                ovs.append(ov)
        else:
            gold = best[1].content
            if local:
                gold = local_gold(gold, offset + s.sent.start_char, offset + s.sent.end_char)
            for cand in content_model.candidates(s.doc, f, f.cue_root, s.sent, s.quotes, s.found):
                final = Found(content=cand[1])
                set_kind(text, final, s.quotes)
                ov = overlap(((offset + final.content[0], offset + final.content[1]),), gold)
                feats.append(content_model.features(s.doc, f, f.cue_root, s.sent, cand, s.quotes, s.found, version))
                labels.append(int(ov >= 0.5))
                ovs.append(ov)
        out.append({"article": current["index"], "feats": feats, "labels": labels, "overlaps": ovs})

    parsed = _parse([a.text for a in arts], [None] * len(arts))
    saved = dict(registry.CONTENT_RULES)
    registry.CONTENT_RULES["content_model"] = capture
    try:
        for index, (art, (units, docs, _title)) in enumerate(zip(arts, parsed, strict=True)):
            all_quotes = quotes_by_paragraph([u.text for u in units])
            for unit, doc, quotes in zip(units, docs, all_quotes, strict=True):
                current.update(art=art, offset=unit.offset, index=index)
                find_in_paragraph(doc, quotes)
    finally:
        registry.CONTENT_RULES.clear()
        registry.CONTENT_RULES.update(saved)
    return out


def fit(groups: list[dict], c: float) -> dict[str, float]:
    """Pairwise: for each candidate whose label differs from the rules' own,
    the difference of their features, positive when the candidate passes
    (and the rules' content does not).  A linear score w . features then
    ranks the candidates; only the differences that matter are learned."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts: Counter[str] = Counter(x for g in groups for fs in g["feats"] for x in set(fs))
    rows, ys = [], []
    for g in groups:
        rule = {x for x in g["feats"][0] if counts[x] >= 2}
        for fs, y in zip(g["feats"][1:], g["labels"][1:], strict=True):
            if y == g["labels"][0]:
                continue
            cand = {x for x in fs if counts[x] >= 2}
            row = {x: 1.0 for x in cand - rule}
            row.update({x: -1.0 for x in rule - cand})
            rows.append(row)
            ys.append(int(y > g["labels"][0]))
    vec = DictVectorizer()
    X = vec.fit_transform(rows)
    lr = LogisticRegression(C=c, max_iter=3000, fit_intercept=False)
    lr.fit(X, ys)
    return {name: round(float(w), 5) for name, w in zip(vec.get_feature_names_out(), lr.coef_[0], strict=True) if w}


def choose(weights: dict[str, float], g: dict, margin: float) -> int:
    scores = [sum(weights.get(x, 0.0) for x in fs) for fs in g["feats"]]
    best = max(range(len(scores)), key=lambda i: scores[i])
    return best if scores[best] > scores[0] + margin else 0


def hits(weights: dict[str, float], groups: list[dict], margin: float) -> int:
    """Attributions whose chosen content passes the overlap test."""
    return sum(g["labels"][choose(weights, g, margin)] for g in groups)


def main() -> None:
    from attribution import select

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "polnear")
    ap.add_argument("--role", choices=["content", "source"], default="content")
    ap.add_argument(
        "--out", type=Path, default=None, help="default: newsledger/analyze/content_model.json (the shipped model)"
    )
    ap.add_argument(
        "--fit-only", action="store_true",
        help="write the model fitted on train[:560] only (to measure it end to end on the tune slice)",
    )
    ap.add_argument(
        "--local-gold", action="store_true",
        help="label contents against the gold pieces in the cue's sentence (tried 2026-12-01: no gain end to end)",
    )
    ap.add_argument("--features", type=int, default=FEATURES, help="the feature set (content_model.features version)")
    ap.add_argument("--c", type=float, action="append", default=None, help=f"a C to try (default: {C_GRID})")
    ap.add_argument("--margin", type=float, action="append", default=None, help=f"a margin to try (default: {MARGINS})")
    args = ap.parse_args()
    if args.out is None:
        if args.role != "content":
            sys.exit("--role source is an experiment (no rule reads its weights): give --out")
        args.out = ROOT / "newsledger" / "analyze" / "content_model.json"
    train_dir = args.data / "train"
    if not train_dir.is_dir():
        sys.exit(f"PolNeAR train not found at {train_dir}")
    t0 = time.perf_counter()
    arts = select(train_dir)[:TUNE]
    groups = examples(arts, args.role, local=args.local_gold, version=args.features)
    fit_g = [g for g in groups if g["article"] < FIT]
    tune_g = [g for g in groups if g["article"] >= FIT]
    base_fit = sum(g["labels"][0] for g in fit_g)
    base_tune = sum(g["labels"][0] for g in tune_g)
    oracle_tune = sum(max(g["labels"]) for g in tune_g)
    print(f"{len(groups)} matched attributions ({len(fit_g)} fit, {len(tune_g)} tune); "
          f"rules' content passes on tune {base_tune}/{len(tune_g)}, best candidate {oracle_tune}/{len(tune_g)}; "
          f"fit {base_fit}/{len(fit_g)}")
    best: tuple[int, float, float] = (-1, 0.0, 0.0)
    for c in args.c or C_GRID:
        w = fit(fit_g, c)
        for m in args.margin or MARGINS:
            h = hits(w, tune_g, m)
            print(f"C={c} margin={m}: tune {h}/{len(tune_g)} ({h - base_tune:+d} against the rules)")
            if h > best[0]:
                best = (h, c, m)
    _, c, m = best
    weights = fit(fit_g if args.fit_only else groups, c)
    manifest = {
        "what": f"{args.role} boundary model: pairwise logistic regression ranking candidate {args.role} spans of a "
        "cue verb against the rules' own (linear score; margin in score units)",
        "training_data": f"PolNeAR train split (sorted), articles [:{FIT if args.fit_only else TUNE}]; "
        "[700:] held out (regression guard)",
        "licence": "PolNeAR's own terms (see its public repository; not restated in ../shared); "
        "the weights are derived statistics, no corpus text",
        "command": "nice /work/main/.venv/bin/python scripts/train_content_model.py"
        + (" --role source" if args.role == "source" else ""),
        "chosen_on": f"train[{FIT}:{TUNE}] (model fitted on train[:{FIT}]): C={c}, margin={m}",
        "tune_scores": {
            "attributions_matched_by_cue": len(tune_g),
            "content_passes_rules": base_tune,
            "content_passes_model": best[0],
            "content_passes_best_candidate": oracle_tune,
        },
        "features": len(weights),
        "trained": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "seconds": round(time.perf_counter() - t0),
    }
    model = {"manifest": manifest, "margin": m, "weights": weights}
    if args.role == "content":
        model["features_version"] = args.features
    args.out.write_text(json.dumps(model, sort_keys=True) + "\n")
    print(f"wrote {args.out} ({len(weights)} weights, C={c}, margin={m})")


if __name__ == "__main__":
    main()
