"""Fit the cue model (newsledger/analyze/cuemodel.py) on PolNeAR train.

    nice /work/main/.venv/bin/python scripts/train_cue_model.py [--data ../shared/data/polnear] [--out PATH]
                                                               [--threshold T]

One example per verb (as newsledger parses the paragraph: headline casing,
the shipped pipeline), positive when it lies inside a gold cue.  The train
split, in sorted order, is cut in three (every choice is made on train; dev
is never read here):

- ``fit``:   train[:560]    fits the regression for each candidate C;
- ``tune``:  train[560:700] chooses C and the decision threshold (token F1; or end to end,
  ``scripts/tune_cue_threshold.py``, then given as ``--threshold``);
- ``guard``: train[700:]    (the last 140) never seen: the regression guard
  (tests/test_polnear_regression.py) and held-out reports run on it.

The shipped model is then refitted on fit + tune (train[:700]) with the
chosen C and threshold, and written as JSON weights with a manifest.
Features that hold a name (a word written with a capital inside a sentence
more often than without, counted on the same articles), a @handle, #hashtag
or URL are not learned: the model must not memorise who was in the news.
Needs scikit-learn (the ``train`` extra); the pipeline only reads the JSON.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from _polnear_slices import FIT, TUNE, cue_args, fit_and_tune_articles  # sets thread counts and paths first

C_GRID = (0.1, 0.25, 0.5, 1.0)
THRESHOLDS = [i / 100 for i in range(20, 81, 2)]


def _examples(
    arts: list, nlp: object, namelike: set[str]
) -> tuple[list[dict[str, float]], list[int], list[int]]:
    """Features and labels per verb; also the article index of each example.
    ``namelike`` is filled with the words that are names in this text (see
    ``_names``); the caller drops features that hold one."""
    from polnear import Pieces

    from newsledger.analyze.casing import headline_case
    from newsledger.analyze.cuemodel import features
    from newsledger.analyze.quotes import quotes_by_paragraph

    def chars(pieces: Pieces) -> set[int]:
        return {i for s, e in pieces for i in range(s, e)}

    xs: list[dict[str, float]] = []
    ys: list[int] = []
    owner: list[int] = []
    capital: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for n, art in enumerate(arts):
        cue_chars: set[int] = set()
        for g in art.attributions:
            cue_chars |= chars(g.cue)
        paras = art.text.split("\n\n")
        quotes = quotes_by_paragraph(paras)
        offset = 0
        cased = [headline_case(p) for p in paras]
        for para, doc, qs in zip(paras, nlp.pipe(cased, batch_size=64), quotes, strict=True):  # type: ignore[attr-defined]
            for tok in doc:
                if tok.is_alpha and tok.i > tok.sent.start and tok.lower_ != "i":
                    counter = capital if tok.text[:1].isupper() else lower
                    counter[tok.lower_] += 1
                    counter[tok.lemma_.lower()] += 1
                if tok.pos_ != "VERB":
                    continue
                in_quote = any(q.start <= tok.idx < q.end for q in qs)
                xs.append(dict.fromkeys(features(tok, in_quote), 1.0))
                ys.append(int(offset + tok.idx in cue_chars))
                owner.append(n)
            offset += len(para) + 2
    # A word written with a capital inside a sentence more often than without
    # is a name here ("Trump", lemma "trump", tagged VERB at a sentence start;
    # "Sanders", lemma "sander"): counted over the training text itself.
    namelike.update(w for w, n in capital.items() if n > lower[w])
    return xs, ys, owner


def _without_names(xs: list[dict[str, float]], namelike: set[str]) -> int:
    """Drop every feature whose value holds a name-like word; returns how many distinct ones."""
    dropped: set[str] = set()
    for x in xs:
        for f in list(x):
            if any(v in namelike for v in f.split("=", 1)[-1].split("|")):
                del x[f]
                dropped.add(f)
    return len(dropped)


def _best_threshold(probs: list[float], gold: list[int]) -> tuple[float, float]:
    best = (0.0, 0.5)
    for t in THRESHOLDS:
        tp = sum(1 for p, g in zip(probs, gold, strict=True) if p >= t and g)
        fp = sum(1 for p, g in zip(probs, gold, strict=True) if p >= t and not g)
        fn = sum(1 for p, g in zip(probs, gold, strict=True) if p < t and g)
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        best = max(best, (round(f1, 4), t))
    return best


def c_grid(x: Any, ys: list[int], split: int) -> list[tuple[float, float, float]]:
    """(tune token F1, C, threshold) for each C of ``C_GRID``: fitted on ``x[:split]``, tuned on the rest."""
    from sklearn.linear_model import LogisticRegression

    results = []
    for c in C_GRID:
        clf = LogisticRegression(C=c, max_iter=2000, solver="liblinear")
        clf.fit(x[:split], ys[:split])
        probs = [float(p) for p in clf.predict_proba(x[split:])[:, 1]]
        f1, threshold = _best_threshold(probs, ys[split:])
        results.append((f1, c, threshold))
        print(f"C={c}: tune token F1 {f1:.3f} at threshold {threshold}", file=sys.stderr)
    return results


def weights_of(clf: Any, names: Any) -> dict[str, float]:
    """A fitted regression's weights as the pipeline reads them: rounded, the small ones dropped."""
    w = {str(f): round(float(v), 3) for f, v in zip(names, clf.coef_[0], strict=True) if abs(v) >= 0.02}
    w["bias"] = round(w.get("bias", 0.0) + float(clf.intercept_[0]), 3)
    return w


def main() -> None:
    args = cue_args(__doc__, "cue_model.json", threshold=True)
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    from newsledger.analyze.model import load_nlp

    t0 = time.perf_counter()
    arts = fit_and_tune_articles(args.data)
    namelike: set[str] = set()
    xs, ys, owner = _examples(arts, load_nlp(), namelike)
    n_dropped = _without_names(xs, namelike)
    print(f"{len(namelike)} name-like words; {n_dropped} features holding one dropped", file=sys.stderr)
    split = next(i for i, n in enumerate(owner) if n >= FIT)
    vec = DictVectorizer()
    x = vec.fit_transform(xs)
    results = c_grid(x, ys, split)
    f1, c, threshold = max(results)
    token_threshold = threshold
    if args.threshold is not None:
        threshold = args.threshold
    clf = LogisticRegression(C=c, max_iter=2000, solver="liblinear")
    clf.fit(x[: len(ys)], ys)  # slicing gives the 32-bit indices liblinear wants
    weights = weights_of(clf, vec.get_feature_names_out())
    manifest = {
        "what": "logistic regression: is this verb an attribution cue in context (newsledger.analyze.cuemodel)",
        "training_data": f"PolNeAR v1.0.0 train split, sorted, articles [0:{TUNE}] (fit [0:{FIT}], "
        f"tune [{FIT}:{TUNE}]); train[{TUNE}:] held out as the regression guard; dev never read",
        "licence": "PolNeAR's own terms (see its public repository; not restated in ../shared); the weights are "
        "derived statistics, no corpus text",
        "command": "nice /work/main/.venv/bin/python scripts/train_cue_model.py",
        "examples": len(ys),
        "name_like_words": len(namelike),
        "features_dropped_as_names": n_dropped,
        "positives": sum(ys),
        "C": c,
        "threshold": threshold,
        "threshold_token_f1": token_threshold,
        "threshold_from": "token F1 on the tune slice" if args.threshold is None else
        "--threshold: chosen end to end on the tune slice (scripts/tune_cue_threshold.py)",
        "tune_token_f1": f1,
        "grid": [{"C": cc, "tune_token_f1": ff, "threshold": tt} for ff, cc, tt in results],
        "trained": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
    args.out.write_text(
        json.dumps({"manifest": manifest, "threshold": threshold, "weights": weights}, sort_keys=True) + "\n",
        encoding="utf-8",
    )
    print(
        f"{len(ys)} verbs, {sum(ys)} cues; C {c}, threshold {threshold}, tune token F1 {f1:.3f}; "
        f"{len(weights)} weights -> {args.out} ({time.perf_counter() - t0:.0f} s)"
    )


if __name__ == "__main__":
    main()
