"""Fit the cue bounds model (newsledger/analyze/cuebounds.py, rule ``cue_bounds``) on PolNeAR train.

    nice /work/main/.venv/bin/python scripts/train_cue_bounds.py [--data ../shared/data/polnear] [--out PATH]
                                                                [--thresholds 0.4 0.5 0.6] [--cache FILE]

Every verb cue the pipeline finds (all rules but ``cue_bounds``) that overlaps a gold cue is walked
outwards one unit at a time (``cuebounds.walk``: the phrases beside the cue that hang from it or that it
hangs from); a unit is positive when every character of it lies inside that gold cue, and the walk
follows the gold (a positive unit is taken, a negative one ends its side).  Slices as for every model
(``_polnear_slices``):

- train[:560] fits the regression (C from the grid by unit log-loss on the tune slice) and is counted:
  per side, dependency and word class, how often the gold cue takes the unit and how often it leaves it
  out (printed as a table);
- train[560:700] chooses C (unit log-loss) and the decision threshold **end to end**: the whole pipeline
  over the tune slice per threshold, scored by the bench's raw scorer (best cue exact + whole attribution);
- train[700:] (the guard slice) and dev are never read.

The shipped weights are refitted on train[:700] with the chosen C and threshold and written as JSON
with a manifest.  ``--cache FILE`` keeps the parse of train[:700] in a pickle between runs (scratch use).
Needs scikit-learn (the ``train`` extra); the pipeline reads only the JSON.
"""

from __future__ import annotations

import json
import pickle
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from _polnear_slices import FIT, ROOT, TUNE, fit_and_tune_articles  # sets thread counts and paths first

C_GRID = (0.1, 0.3, 1.0)


def _parsed(arts: list[Any], cache: Path | None) -> list[Any]:
    from newsledger.analyze import _parse

    if cache is not None and cache.exists():
        with cache.open("rb") as fh:
            names, parsed = pickle.load(fh)  # our own scratch file
        if names == [a.name for a in arts]:
            return list(parsed)
    parsed = _parse([a.text for a in arts], [None] * len(arts))
    if cache is not None:
        with cache.open("wb") as fh:
            pickle.dump(([a.name for a in arts], parsed), fh)
    return parsed


def examples(
    arts: list[Any], parsed: list[Any], counts: Counter[tuple[str, str, str, bool]] | None = None
) -> tuple[list[dict[str, float]], list[int], list[int]]:
    """Features and labels of every unit the gold walk meets; the article index of each."""
    from newsledger.analyze.cuebounds import core_end, walk
    from newsledger.analyze.paragraph import find_in_paragraph
    from newsledger.analyze.quotes import quotes_by_paragraph

    xs: list[dict[str, float]] = []
    ys: list[int] = []
    owner: list[int] = []
    for n, (art, (units, docs, _title)) in enumerate(zip(arts, parsed, strict=True)):
        gold = [{i for s, e in g.cue for i in range(s, e)} for g in art.attributions if g.cue]
        for unit, doc, quotes in zip(units, docs, quotes_by_paragraph([u.text for u in units]), strict=True):
            text = unit.text
            found = find_in_paragraph(doc, quotes, without=frozenset({"cue_bounds"}))
            for f in found:
                if f.cue_root is None or f.cue is None or f.origin == "figure_phrase":
                    continue
                pred = set(range(f.cue[0] + unit.offset, f.cue[1] + unit.offset))
                best = max(gold, key=lambda g, p=pred: len(g & p), default=set())  # type: ignore[misc]
                if not best & pred:
                    continue  # a cue with no gold cue teaches nothing about where one ends
                span = doc.char_span(f.cue[0], f.cue[1], alignment_mode="expand")
                if span is None or len(span) == 0:
                    continue
                # As the rule does: content, source and the sentence's other cues are never taken.
                same = [g.cue for g in found if g is not f and g.cue is not None and g.sentence == f.sentence]
                blocked = [r for r in (f.source, *same) if r is not None and r[0] < r[1]]
                content = f.content if f.content[0] < f.content[1] else None
                end = core_end(doc, f.cue_root, span.start, span.end - 1)
                gen = walk(doc, f.cue_root, span.start, end, f.cue_root.sent, blocked, content)
                try:
                    u, feats = next(gen)
                    while True:
                        chars = [
                            unit.offset + c
                            for t in doc[u.lo : u.hi + 1]
                            for c in range(t.idx, t.idx + len(t.text))
                            if not text[c].isspace()
                        ]
                        label = all(c in best for c in chars)
                        xs.append(dict.fromkeys(feats, 1.0))
                        ys.append(int(label))
                        owner.append(n)
                        if counts is not None:
                            rel = next((x.split("=", 1)[1] for x in feats if x.startswith("rel=")), "?")
                            cls = next((x.split("=", 1)[1] for x in feats if x.startswith("class=")), "?")
                            counts[(u.side, rel.rsplit("|", 1)[0], cls.rsplit("|", 1)[0], label)] += 1
                        u, feats = gen.send(label)
                except StopIteration:
                    pass
    return xs, ys, owner


def name_like(parsed: list[Any]) -> set[str]:
    """Words written with a capital inside a sentence more often than without in this text (as
    ``train_cue_model`` counts them): a feature holding one is dropped, the model must not learn names."""
    capital: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for _units, docs, _title in parsed:
        for doc in docs:
            for tok in doc:
                if tok.is_alpha and tok.i > tok.sent.start and tok.lower_ != "i":
                    counter = capital if tok.text[:1].isupper() else lower
                    counter[tok.lower_] += 1
                    counter[tok.lemma_.lower()] += 1
    return {w for w, n in capital.items() if n > lower[w]}


def end_to_end(
    tune: list[Any], parsed: list[Any], weights: dict[str, float], thresholds: list[float]
) -> list[dict[str, Any]]:
    """The bench's raw F1 over the tune slice, once without the rule and once per threshold."""
    import attribution as bench

    import newsledger.analyze.cuebounds as cuebounds
    from newsledger.records import Article

    articles = [Article(paragraphs=a.text.split("\n\n"), language="en") for a in tune]
    rows: list[dict[str, Any]] = []
    shipped = cuebounds.load_cue_bounds_model
    try:
        for t in [None, *thresholds]:
            model = None if t is None else cuebounds.CueBoundsModel(weights, t)
            cuebounds.load_cue_bounds_model = lambda m=model: m  # type: ignore[assignment,misc]
            analyses = bench.passes(articles, parsed)
            s = bench.score(tune, [bench.to_triples(a) for a in analyses], mapped=False)
            row: dict[str, Any] = {"threshold": t}
            for k in ("source/overlap", "cue/exact", "cue/overlap", "content/overlap", "attribution/overlap"):
                row[k] = round(s.get(k).prf()[2], 4)
            rows.append(row)
            print("| " + " | ".join(str(v) for v in row.values()) + " |", file=sys.stderr, flush=True)
    finally:
        cuebounds.load_cue_bounds_model = shipped  # type: ignore[method-assign]
    return rows


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "polnear")
    ap.add_argument("--out", type=Path, default=ROOT / "newsledger" / "analyze" / "cue_bounds_model.json")
    ap.add_argument("--thresholds", type=float, nargs="+", default=[0.4, 0.5, 0.6, 0.7])
    ap.add_argument("--cache", type=Path, default=None, help="pickle of the parse of train[:700] (scratch)")
    args = ap.parse_args()
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss
    from train_cue_model import _without_names, weights_of

    t0 = time.perf_counter()
    arts = fit_and_tune_articles(args.data)
    parsed = _parsed(arts, args.cache)
    counts: Counter[tuple[str, str, str, bool]] = Counter()
    xs, ys, _owner = examples(arts[:FIT], parsed[:FIT], counts)
    txs, tys, _ = examples(arts[FIT:TUNE], parsed[FIT:TUNE])
    namelike = name_like(parsed)
    n_dropped = _without_names(xs + txs, namelike)
    print(f"{len(namelike)} name-like words; {n_dropped} features holding one dropped", file=sys.stderr)
    print(f"fit slice: {len(ys)} units, {sum(ys)} inside the gold cue; tune slice: {len(tys)}, {sum(tys)}",
          file=sys.stderr)
    rows = Counter[tuple[str, str, str]]()
    for (side, rel, cls, _label), k in counts.items():
        rows[(side, rel, cls)] += k
    print("| side | dependency | word class | inside the gold cue | left out |", file=sys.stderr)
    print("|---|---|---|---|---|", file=sys.stderr)
    for key, _n in rows.most_common(25):
        print(f"| {' | '.join(key)} | {counts[(*key, True)]} | {counts[(*key, False)]} |", file=sys.stderr)
    vec = DictVectorizer()
    x = vec.fit_transform(xs)
    tx = vec.transform(txs)
    grid = []
    for c in C_GRID:
        clf = LogisticRegression(C=c, max_iter=3000, solver="liblinear")
        clf.fit(x[: len(ys)], ys)  # slicing gives the 32-bit indices liblinear wants
        probs = clf.predict_proba(tx[: len(tys)])[:, 1]
        loss = float(log_loss(tys, probs))
        acc = sum(int(p >= 0.5) == y for p, y in zip(probs, tys, strict=True)) / max(1, len(tys))
        grid.append((loss, c, acc))
        print(f"C={c}: tune unit log-loss {loss:.4f}, accuracy at 0.5 {acc:.3f}", file=sys.stderr)
    loss, c, acc = min(grid)
    clf = LogisticRegression(C=c, max_iter=3000, solver="liblinear")
    clf.fit(x[: len(ys)], ys)
    fit_weights = weights_of(clf, vec.get_feature_names_out())
    print("end to end on the tune slice, raw F1 (threshold | source | cue exact | cue overlap | content | whole):",
          file=sys.stderr)
    e2e = end_to_end(arts[FIT:TUNE], parsed[FIT:TUNE], fit_weights, args.thresholds)
    best = max(e2e[1:], key=lambda r: (r["cue/exact"] + r["attribution/overlap"], r["threshold"]))
    threshold = float(best["threshold"])
    vec = DictVectorizer()
    x = vec.fit_transform(xs + txs)
    clf = LogisticRegression(C=c, max_iter=3000, solver="liblinear")
    clf.fit(x[: len(ys) + len(tys)], ys + tys)
    weights = weights_of(clf, vec.get_feature_names_out())
    manifest = {
        "what": "logistic regression: is this phrase beside a verb cue inside the cue (newsledger.analyze.cuebounds)",
        "training_data": f"PolNeAR v1.0.0 train split, sorted, articles [0:{TUNE}] (fit [0:{FIT}], "
        f"tune [{FIT}:{TUNE}]); train[{TUNE}:] held out as the regression guard; dev never read",
        "licence": "PolNeAR's own terms (see its public repository; not restated in ../shared); the weights are "
        "derived statistics, no corpus text",
        "command": "nice /work/main/.venv/bin/python scripts/train_cue_bounds.py",
        "units_fit": len(ys),
        "positives_fit": sum(ys),
        "units_tune": len(tys),
        "positives_tune": sum(tys),
        "name_like_words": len(namelike),
        "features_dropped_as_names": n_dropped,
        "C": c,
        "grid": [{"C": cc, "tune_unit_log_loss": round(ll, 4), "tune_unit_accuracy": round(aa, 4)}
                 for ll, cc, aa in grid],
        "threshold": threshold,
        "threshold_from": "end to end on the tune slice with the fit-slice weights: best cue exact + whole F1",
        "end_to_end_tune": e2e,
        "trained": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
    args.out.write_text(
        json.dumps({"manifest": manifest, "threshold": threshold, "weights": weights}, sort_keys=True) + "\n",
        encoding="utf-8",
    )
    print(f"C {c}, threshold {threshold}; {len(weights)} weights -> {args.out} ({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
