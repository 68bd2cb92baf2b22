"""Choose the standfirst heading's length (``html_body.STANDFIRST_MIN_CHARS``) in grouped CV on snippet half A.

    nice .venv/bin/python scripts/choose_standfirst.py [--grid 60,80,100,120,150]

For each length in the grid (and "off"), extracts snippet half A and the news
dev pages.  Then five folds grouped by site (the registered domain, as the
halves are split): in each fold the length with the best F1 on the other four
folds is chosen among those that keep the news set within ``--guard`` of "off"
(ties go to "off", then to the longest), and scored on the held-out fold; the
held-out counts are pooled.  Half B is never read here: it is run once, with
the chosen length, by ``bench/extraction.py``.  Ships nothing.
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

OFF = 0  # the rule switched off (no heading is that long)


def main(argv: list[str] | None = None) -> int:
    args = choice_args(__doc__, "60,80,100,120,150", argv)
    half_a, news = half_a_and_news(args.shared)
    saved = html_body.STANDFIRST_MIN_CHARS
    counts: dict[int, dict[str, Counts]] = {}
    news_f1: dict[int, float] = {}
    try:
        for length in [OFF, *map(int, args.grid.split(","))]:
            html_body.STANDFIRST_MIN_CHARS = length or sys.maxsize
            counts[length], news_f1[length] = score_setting(half_a, news)
            print(f"{'off' if length == OFF else length:>4}: half A {fmt(f1_of(list(counts[length].values())))}"
                  f" (in-sample); news F1 {news_f1[length]:.4f}", flush=True)
    finally:
        html_body.STANDFIRST_MIN_CHARS = saved
    site = {p.id: site_of(p.id, p.url) for p in half_a}
    order = [OFF, *sorted((k for k in counts if k != OFF), reverse=True)]
    allowed = [k for k in order if news_f1[k] >= news_f1[OFF] - args.guard]
    held = grouped_cv(counts, allowed, site, args.folds, lambda v: "off" if v == OFF else str(v))
    print(f"half A, grouped {args.folds}-fold CV: {fmt(f1_of(held))}; off: {fmt(f1_of(list(counts[OFF].values())))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
