"""Snippet scoring shared by the extraction training scripts (no scikit-learn here: the tests import it)."""

from __future__ import annotations

import argparse
import hashlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from pathlib import Path

    from bench.extraction import Page

Counts = tuple[int, int, int]  # wanted found, wanted missed, boilerplate found


def snippet_counts(page: Page, text: str) -> Counts:
    body = " ".join(text.split())
    found = sum(" ".join(s.split()) in body for s in page.with_)
    return found, len(page.with_) - found, sum(" ".join(s.split()) in body for s in page.without)


def f1_of(counts: list[Counts]) -> tuple[float, float, float]:
    tp, fn, fp = (sum(c[i] for c in counts) for i in range(3))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def fmt(f: tuple[float, float, float]) -> str:
    return f"F1 {f[0]:.4f} (P {f[1]:.4f}, R {f[2]:.4f})"


def fold_of(site: str, folds: int) -> int:
    """The fold of a site (its registered domain), fixed by a hash: no site is in two folds."""
    return int(hashlib.sha1(("fold|" + site).encode()).hexdigest(), 16) % folds


Setting = TypeVar("Setting")


def grouped_cv(
    counts: dict[Setting, dict[str, Counts]], allowed: Sequence[Setting], site: dict[str, str], folds: int,
    show: Callable[[Setting], str] = str,
) -> list[Counts]:
    """Choose a setting in ``folds`` folds grouped by site and pool the held-out counts.

    ``counts[setting][page]``: each page's snippet counts under each setting; in each fold the setting with
    the best F1 on the other folds wins among ``allowed`` (ties to the earlier one in ``allowed``), and its
    counts on the held-out fold are kept.  ``show`` names a setting in the printed line.
    """
    held: list[Counts] = []
    for k in range(folds):
        train = [i for i in site if fold_of(site[i], folds) != k]
        test = [i for i in site if fold_of(site[i], folds) == k]
        scores = {v: f1_of([counts[v][i] for i in train])[0] for v in allowed}
        best = next(v for v in allowed if scores[v] >= max(scores.values()) - 1e-12)
        print(f"fold {k}: {len(test)} pages, chosen {show(best)} (train F1 {scores[best]:.4f})")
        held += [counts[best][i] for i in test]
    return held


def half_a_and_news(shared: Path) -> tuple[list[Page], list[Page]]:
    """The pages a rule's setting is chosen on: snippet half A, and the news dev pages that guard it."""
    from bench.extraction import load_news, load_snippets

    return [p for p in load_snippets(shared / "extraction-snippets") if p.half == "A"], load_news(shared / "extraction")


def score_setting(half_a: list[Page], news: list[Page]) -> tuple[dict[str, Counts], float]:
    """The HTML extractor as it stands now (a setting patched in by the caller): half A's counts per page and
    the news set's F1 (``newsledger.metrics.score_corpus``)."""
    from newsledger.extract.html import extract_html
    from newsledger.metrics import score_corpus

    counts = {p.id: snippet_counts(p, extract_html(p.html, p.url).full_text) for p in half_a}
    return counts, score_corpus((p.truth or "", extract_html(p.html, p.url).full_text) for p in news).f1


def choice_args(doc: str | None, grid: str, argv: list[str] | None) -> argparse.Namespace:
    """The options every "choose a setting in grouped CV on half A" script takes: --shared, --grid, --guard,
    --folds (``grid``: the default grid; ``doc``: the script's docstring, whose first line describes it)."""
    from pathlib import Path

    ap = argparse.ArgumentParser(description=(doc or "").splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    ap.add_argument("--grid", default=grid)
    ap.add_argument("--guard", type=float, default=0.003, help="largest news F1 loss allowed against off")
    ap.add_argument("--folds", type=int, default=5)
    return ap.parse_args(argv)
