"""Choose the class/id prior's weight (``html_body.CLASS_PRIOR_WEIGHT``) in grouped CV on snippet half A.

    nice .venv/bin/python scripts/choose_class_weight.py [--grid 2,3,5,7,10,15,25]

Readability (Arc90, 2009; kept in readability.js and readability-lxml) adds a
fixed weight to a candidate container whose class or id contains one of its
"positive" words (article, body, content, entry, hentry, h-entry, main, page,
pagination, post, text, blog, story).  newsledger's scorer does the same since
extract/25 (its furniture names only ever deleted before).  This script runs
snippet half A and the news dev pages with the weight off and at each weight
of the grid, and then chooses a weight in five folds grouped by site on half
A, among the weights that keep the news set within ``--guard`` of "off" (ties
go to the smaller weight).  Half B is never read here; it was run once with
the chosen weight.  docs/extraction.md ("Session 11") has the figures.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.extraction import site_of  # noqa: E402
from newsledger.extract import html_body  # noqa: E402
from scripts._snippet_scores import Counts, choice_args, f1_of, fmt, grouped_cv, half_a_and_news, score_setting  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    args = choice_args(__doc__, "2,3,5,7,10,15,25", argv)
    half_a, news = half_a_and_news(args.shared)
    saved = html_body.CLASS_PRIOR_WEIGHT
    counts: dict[float, dict[str, Counts]] = {}
    news_f1: dict[float, float] = {}
    try:
        for weight in [0.0, *map(float, args.grid.split(","))]:
            html_body.CLASS_PRIOR_WEIGHT = weight
            counts[weight], news_f1[weight] = score_setting(half_a, news)
            changed = sum(counts[weight][i] != counts[0.0][i] for i in counts[0.0])
            print(f"{weight:>5g}: half A {fmt(f1_of(list(counts[weight].values())))} (in-sample),"
                  f" {changed} pages changed; news F1 {news_f1[weight]:.4f}", flush=True)
    finally:
        html_body.CLASS_PRIOR_WEIGHT = saved
    site = {p.id: site_of(p.id, p.url) for p in half_a}
    allowed = sorted(w for w in counts if news_f1[w] >= news_f1[0.0] - args.guard)
    held = grouped_cv(counts, allowed, site, args.folds, lambda w: f"{w:g}")
    print(f"half A, grouped {args.folds}-fold CV: {fmt(f1_of(held))}; off: {fmt(f1_of(list(counts[0.0].values())))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
