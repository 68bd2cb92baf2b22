"""Fit the noun cue model (newsledger/analyze/nouncue.py, rule ``noun_cue``) on PolNeAR train.

    nice /work/main/.venv/bin/python scripts/train_noun_cue_model.py [--data ../shared/data/polnear] [--out PATH]

One example per noun or adjective that opens a complement (``nouncue.candidates``:
a linking preposition, a "that"-clause or an infinitive after it), outside
quotations, as newsledger parses the paragraph; positive when the word lies
inside a gold cue.  The slices are ``scripts/_polnear_slices.py``'s: the
regression is fitted on train[:560] for each C; C is chosen by token F1 on
train[560:700], and the decision threshold there too, end to end: the whole
pipeline runs over the tune slice with the rule at each threshold, with and
without cues of the words' own (``own_cues``: off, an accepted word only widens
its verb's cue), and the bench's raw scorer picks the setting with the best
cue overlap + whole attribution F1.  The shipped weights are refitted on train[:700]; train[700:] (the guard
slice) is never read, and dev is never read.  Features holding a name-like
word (written with a capital inside a sentence more often than without, as in
train_cue_model.py) are dropped.  Needs scikit-learn (the ``train`` extra).
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from datetime import UTC, datetime

from _polnear_slices import FIT, TUNE, cue_args, fit_and_tune_articles  # sets thread counts and paths first
from train_cue_model import _without_names, c_grid, weights_of

END_TO_END_THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def _examples(arts: list, parsed: list, namelike: set[str]) -> tuple[list[dict[str, float]], list[int], list[int]]:
    from newsledger.analyze.nouncue import candidates, features
    from newsledger.analyze.quotes import quotes_by_paragraph

    xs: list[dict[str, float]] = []
    ys: list[int] = []
    owner: list[int] = []
    capital: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for n, (art, (units, docs, _title)) in enumerate(zip(arts, parsed, strict=True)):
        cue_chars = {i for g in art.attributions for s, e in g.cue for i in range(s, e)}
        for unit, doc in zip(units, docs, strict=True):
            qs = quotes_by_paragraph([unit.text])[0]
            for tok in doc:
                if tok.is_alpha and tok.i > tok.sent.start and tok.lower_ != "i":
                    counter = capital if tok.text[:1].isupper() else lower
                    counter[tok.lower_] += 1
                    counter[tok.lemma_.lower()] += 1
            for sent in doc.sents:
                for tok, link in candidates(sent):
                    if any(q.start <= tok.idx < q.end for q in qs):
                        continue
                    xs.append(dict.fromkeys(features(tok, link, False), 1.0))
                    ys.append(int(unit.offset + tok.idx in cue_chars))
                    owner.append(n)
    namelike.update(w for w, k in capital.items() if k > lower[w])
    return xs, ys, owner


def _end_to_end(
    arts: list, parsed: list, weights: dict[str, float], thresholds: tuple[float, ...]
) -> list[dict[str, float | bool]]:
    """Raw F1 on these articles with the rule off, and at each threshold with and
    without cues of the words' own (only widening verbs' cues), by the bench's scorer."""
    import attribution as bench

    from newsledger.analyze.nouncue import NounCueModel
    from newsledger.analyze.rules import noun_cue
    from newsledger.records import Article

    articles = [Article(paragraphs=a.text.split("\n\n"), language="en") for a in arts]
    keys = ("source/overlap", "cue/exact", "cue/overlap", "content/overlap", "attribution/overlap")

    def measure(without: frozenset[str]) -> dict[str, float]:
        an = bench.passes(articles, parsed, without=without)
        sc = bench.score(arts, [bench.to_triples(a) for a in an], mapped=False)
        return {k: round(sc.get(k).prf()[2], 4) for k in keys}

    rows = [{"threshold": -1.0, "own_cues": False, **measure(frozenset({"noun_cue"}))}]
    original = noun_cue.load_noun_cue_model
    try:
        for t in thresholds:
            for own in (True, False):
                model = NounCueModel(weights, t, own)
                noun_cue.load_noun_cue_model = lambda m=model: m  # type: ignore[assignment]
                rows.append({"threshold": t, "own_cues": own, **measure(frozenset())})
                print(f"  {rows[-1]}", file=sys.stderr)
    finally:
        noun_cue.load_noun_cue_model = original  # type: ignore[assignment]
    return rows


def main() -> None:
    args = cue_args(__doc__, "noun_cue_model.json")
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    from newsledger.analyze import _parse

    t0 = time.perf_counter()
    arts = fit_and_tune_articles(args.data)
    parsed = _parse([a.text for a in arts], [None] * len(arts))
    namelike: set[str] = set()
    xs, ys, owner = _examples(arts, parsed, namelike)
    n_dropped = _without_names(xs, namelike)
    print(f"{len(ys)} candidates, {sum(ys)} in a gold cue; {n_dropped} name features dropped", file=sys.stderr)
    split = next(i for i, n in enumerate(owner) if n >= FIT)
    vec = DictVectorizer()
    x = vec.fit_transform(xs)
    grid = c_grid(x, ys, split)
    _f1, c, _thr = max(grid)
    clf = LogisticRegression(C=c, max_iter=2000, solver="liblinear")
    clf.fit(x[:split], ys[:split])
    fit_weights = weights_of(clf, vec.get_feature_names_out())
    rows = _end_to_end(arts[FIT:], parsed[FIT:], fit_weights, END_TO_END_THRESHOLDS)
    best = max(
        rows[1:], key=lambda r: (float(r["cue/overlap"]) + float(r["attribution/overlap"]), float(r["threshold"]))
    )
    threshold, own_cues = float(best["threshold"]), bool(best["own_cues"])
    clf = LogisticRegression(C=c, max_iter=2000, solver="liblinear")
    clf.fit(x[: len(ys)], ys)
    weights = weights_of(clf, vec.get_feature_names_out())
    manifest = {
        "what": "logistic regression: is this noun or adjective an attribution cue in context "
        "(newsledger.analyze.nouncue, rule noun_cue)",
        "training_data": f"PolNeAR v1.0.0 train split, sorted, articles [0:{TUNE}] (fit [0:{FIT}], "
        f"tune [{FIT}:{TUNE}]); train[{TUNE}:] held out as the regression guard; dev never read",
        "licence": "PolNeAR's own terms (see its public repository; not restated in ../shared); the weights are "
        "derived statistics, no corpus text",
        "command": "nice /work/main/.venv/bin/python scripts/train_noun_cue_model.py",
        "examples": len(ys),
        "positives": sum(ys),
        "name_like_words": len(namelike),
        "features_dropped_as_names": n_dropped,
        "C": c,
        "threshold": threshold,
        "own_cues": own_cues,
        "token_grid": [{"C": cc, "tune_token_f1": ff, "threshold": tt} for ff, cc, tt in grid],
        "tune_end_to_end": rows,
        "trained": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
    args.out.write_text(
        json.dumps(
            {"manifest": manifest, "threshold": threshold, "own_cues": own_cues, "weights": weights}, sort_keys=True
        )
        + "\n",
        encoding="utf-8",
    )
    print(
        f"{len(ys)} candidates; C {c}, threshold {threshold}; tune {best}; {len(weights)} weights -> {args.out} "
        f"({time.perf_counter() - t0:.0f} s)"
    )


if __name__ == "__main__":
    main()
