"""Snippet scoring shared by the extraction training scripts (no scikit-learn here: the tests import it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
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
