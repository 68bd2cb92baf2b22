"""Scoring used by the evaluation scripts and the regression tests.

Extraction: the article-extraction benchmark's own metric.  Tokens are
``\\w+`` runs, 4-gram shingles with counts; per page tp/fp/fn are normalised
by their sum; precision and recall are means over pages, F1 is of the means.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN_RE.findall(text)
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


@dataclass(frozen=True)
class PageScore:
    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float | None:
        if self.tp + self.fp == 0:
            return None
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        if self.tp + self.fn == 0:
            return None
        return self.tp / (self.tp + self.fn)


def score_page(truth: str, predicted: str) -> PageScore:
    t, p = shingles(truth), shingles(predicted)
    tp = sum(min(c, p[k]) for k, c in t.items())
    fp = sum(max(0, c - t[k]) for k, c in p.items())
    fn = sum(max(0, c - p[k]) for k, c in t.items())
    total = tp + fp + fn
    if total == 0:
        return PageScore(0.0, 0.0, 0.0)
    return PageScore(tp / total, fp / total, fn / total)


@dataclass(frozen=True)
class CorpusScore:
    precision: float
    recall: float
    f1: float
    pages: int


def score_corpus(pairs: Iterable[tuple[str, str]]) -> CorpusScore:
    """``pairs`` of (truth, predicted).  A page with fp = fn = 0 scores 1."""
    precisions: list[float] = []
    recalls: list[float] = []
    n = 0
    for truth, pred in pairs:
        n += 1
        s = score_page(truth, pred)
        if s.fp == 0 and s.fn == 0:
            precisions.append(1.0)
            recalls.append(1.0)
            continue
        if s.precision is not None:
            precisions.append(s.precision)
        if s.recall is not None:
            recalls.append(s.recall)
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return CorpusScore(p, r, f1, n)


# Snippet metric (trafilatura's evaluation, used on data/extraction-snippets):
# whitespace normalised on both sides; each "with" snippet found in the body is
# a true positive, each one missing a false negative; each "without" snippet
# found is a false positive.  Counts are pooled over all pages.


@dataclass(frozen=True)
class SnippetScore:
    tp: int
    fn: int
    fp: int
    tn: int
    pages: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _norm_ws(text: str) -> str:
    return " ".join(text.split())


def score_snippets(items: Iterable[tuple[Iterable[str], Iterable[str], str]]) -> SnippetScore:
    """``items`` of (with-snippets, without-snippets, predicted body), pooled."""
    tp = fn = fp = tn = n = 0
    for with_, without, pred in items:
        n += 1
        body = _norm_ws(pred)
        for s in with_:
            if _norm_ws(s) in body:
                tp += 1
            else:
                fn += 1
        for s in without:
            if _norm_ws(s) in body:
                fp += 1
            else:
                tn += 1
    return SnippetScore(tp, fn, fp, tn, n)
