"""Choose the cue model's decision threshold end to end on PolNeAR's tune slice.

    nice /work/main/.venv/bin/python scripts/tune_cue_threshold.py [--data ../shared/data/polnear]
                                                                    [--thresholds 0.30 0.34 0.38 0.42 0.46]

``train_cue_model.py`` chooses the threshold by token F1 on the tune slice: whether each verb is inside a
gold cue.  What a user sees is whole attributions, so this script fits the model as that script does (its
C, on train[:560] only), runs the whole pipeline over train[560:700] once per threshold, and prints the
bench's raw scores (bench/attribution.py's scorer).  The chosen value is then shipped with
``train_cue_model.py --threshold T``.  The guard slice (train[700:]) and dev are not read.
Needs scikit-learn (the ``bench`` extra).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from _polnear_slices import FIT, ROOT, TUNE, fit_and_tune_articles  # sets thread counts and paths first
from train_cue_model import _examples, _without_names, weights_of


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "polnear")
    ap.add_argument("--thresholds", type=float, nargs="+", default=[0.30, 0.34, 0.38, 0.42, 0.46])
    args = ap.parse_args()
    import attribution as bench
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    import newsledger.analyze.cuemodel as cuemodel
    from newsledger.analyze import _parse
    from newsledger.analyze.model import load_nlp
    from newsledger.records import Article

    shipped = json.loads((ROOT / "newsledger" / "analyze" / "cue_model.json").read_text(encoding="utf-8"))
    c = float(shipped["manifest"]["C"])
    arts = fit_and_tune_articles(args.data)
    namelike: set[str] = set()
    xs, ys, owner = _examples(arts, load_nlp(), namelike)
    _without_names(xs, namelike)
    split = next(i for i, n in enumerate(owner) if n >= FIT)
    vec = DictVectorizer()
    x = vec.fit_transform(xs)
    clf = LogisticRegression(C=c, max_iter=2000, solver="liblinear")
    clf.fit(x[:split], ys[:split])
    weights = weights_of(clf, vec.get_feature_names_out())
    tune = arts[FIT:TUNE]
    articles = [Article(paragraphs=a.text.split("\n\n"), language="en") for a in tune]
    parsed = _parse([a.text for a in articles], [a.title for a in articles])
    shipped_model = cuemodel.load_cue_model
    print(f"C {c}, fitted on train[:{FIT}]; end to end on train[{FIT}:{TUNE}] ({len(tune)} articles), raw F1:")
    print("| threshold | source | cue exact | cue overlap | content | whole |")
    print("|---|---|---|---|---|---|")
    try:
        for t in args.thresholds:
            model = cuemodel.CueModel(weights, t)
            cuemodel.load_cue_model = lambda m=model: m  # type: ignore[assignment,misc]
            analyses = bench.passes(articles, parsed)
            s = bench.score(tune, [bench.to_triples(a) for a in analyses], mapped=False)
            f1 = {k: s.get(k).prf()[2] for k in ("source/overlap", "cue/exact", "cue/overlap", "content/overlap",
                                       "attribution/overlap")}
            print(f"| {t} | " + " | ".join(f"{v:.3f}" for v in f1.values()) + " |", flush=True)
    finally:
        cuemodel.load_cue_model = shipped_model  # type: ignore[method-assign]


if __name__ == "__main__":
    sys.exit(main())
