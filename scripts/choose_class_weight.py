"""Measure a readability-style class/id weight on the container ranking, in grouped CV on snippet half A.

    nice .venv/bin/python scripts/choose_class_weight.py [--grid 2,3,5,7,10,15,25] [--negative]

Readability (Arc90, 2009; kept in readability.js and readability-lxml) adds a
fixed weight to a candidate container whose class or id contains one of its
"positive" words (article, body, content, entry, hentry, h-entry, main, page,
pagination, post, text, blog, story) and subtracts it for a "negative" word.
newsledger's scorer has no such prior (its furniture list only deletes).  This
script adds ``weight`` times that signal to every scored element's score
before ranking (negative words too with ``--negative``; clamped at zero), runs
snippet half A and the news dev pages at each weight, and then chooses a
weight in five folds grouped by site on half A, among the weights that keep
the news set within ``--guard`` of "off" (ties go to the smallest weight).
Half B is never read.  Ships nothing: docs/extraction.md ("Session 11") has
the figures and why the weight was not kept.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.extraction import site_of  # noqa: E402
from newsledger.extract import html_body  # noqa: E402
from scripts._snippet_scores import Counts, f1_of, fmt, grouped_cv, half_a_and_news, score_setting  # noqa: E402

# Readability's word lists, as substrings of the class or id (its convention).
POSITIVE_RE = re.compile(r"article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story", re.I)
NEGATIVE_RE = re.compile(
    r"-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta"
    r"|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget",
    re.I,
)


def class_signal(node: html_body.LexborNode, negative: bool) -> int:
    signal = 0
    for name in ("class", "id"):
        value = node.attributes.get(name)
        if not value:
            continue
        signal += bool(POSITIVE_RE.search(value))
        if negative:
            signal -= bool(NEGATIVE_RE.search(value))
    return signal


def weighted_scorer(original, weight: float, negative: bool):  # type: ignore[no-untyped-def]
    """``original`` (the unpatched scorer, taken once by the caller: taking it here, inside the loop over
    weights, would wrap the previous weight's patch and add the weights up) plus the class signal."""

    def score(root: html_body.LexborNode) -> html_body.Scores:
        sc = original(root)
        if weight:
            for key, node in sc.node.items():
                sc.score[key] = max(0.0, sc.score[key] + weight * class_signal(node, negative))
        return sc

    return score


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--grid", default="2,3,5,7,10,15,25")
    ap.add_argument("--negative", action="store_true", help="subtract the weight for readability's negative words")
    ap.add_argument("--guard", type=float, default=0.003, help="largest news F1 loss allowed against off")
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args(argv)
    half_a, news = half_a_and_news(args.shared)
    original = html_body._score_candidates
    counts: dict[float, dict[str, Counts]] = {}
    news_f1: dict[float, float] = {}
    try:
        for weight in [0.0, *map(float, args.grid.split(","))]:
            html_body._score_candidates = weighted_scorer(original, weight, args.negative)
            counts[weight], news_f1[weight] = score_setting(half_a, news)
            changed = sum(counts[weight][i] != counts[0.0][i] for i in counts[0.0])
            print(f"{weight:>5g}: half A {fmt(f1_of(list(counts[weight].values())))} (in-sample),"
                  f" {changed} pages changed; news F1 {news_f1[weight]:.4f}", flush=True)
    finally:
        html_body._score_candidates = original
    site = {p.id: site_of(p.id, p.url) for p in half_a}
    allowed = sorted(w for w in counts if news_f1[w] >= news_f1[0.0] - args.guard)
    held = grouped_cv(counts, allowed, site, args.folds, lambda w: f"{w:g}")
    print(f"half A, grouped {args.folds}-fold CV: {fmt(f1_of(held))}; off: {fmt(f1_of(list(counts[0.0].values())))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
