"""Learned levers for HTML body selection, trained on half A of the snippet set and confirmed on half B.

    nice .venv/bin/python scripts/train_body_levers.py [--snippets ../shared/data/extraction-snippets]
                                                       [--news ../shared/data/extraction] [--cache FILE]

Issue #15: the body scorer (newsledger/extract/html_body.py) is at snippet-set F1
0.906 on half B (sites it never saw) against trafilatura's 0.931, and hand-made
rules have run into a long tail.  This script measures four other levers, each
trained or tuned on half A only (folds grouped by site where it learns) and then
run once on half B:

1. picker: a re-ranker of the scorer's five candidate containers (logistic
   regression and shallow gradient-boosted trees over general features: score
   and length ratios, nesting, paragraph counts, link density, tag, class/id
   words seen on at least MIN_TOKEN_SITES sites of half A).  A runner-up is a
   positive example when the body built from it finds more wanted snippets
   minus boilerplate ones than the body built from the first;
2. lines: a logistic boilerplate filter over the emitted body blocks (length,
   position from either end, end punctuation, a "Label:" start, brackets,
   URLs or @, upper-case and digit shares, heading), a block being a negative
   example when it holds a boilerplate snippet and no wanted one;
3. vote: resiliparse's main content as a second opinion that picks, among the
   five candidates, the body agreeing with it best (word 4-gram F1) when that
   beats the first's agreement by a margin chosen on half A;
4. trigger: a learned "unsure" signal over what the first pass knows of its
   own body (length, blocks, headings, short lines, sentence ends, the
   first candidate's share of the page's prose and link density, the first
   runner-up against it) that hands the page to resiliparse, labelled by
   whether resiliparse's body scores better;
5. oracles: the best candidate per page, and the better of newsledger and
   resiliparse per page (upper bounds, not methods); and how noisy a half's
   F1 is (95% interval over samples of whole sites).

Nothing is shipped: on 2026-12-01 the levers gained at most +0.002 under CV on half A
and none, as half A chose it, gained on half B (docs/extraction.md, "Fourth
session").  The numbers printed are the record.  Each page's candidate bodies
take the extractor five runs; ``--cache`` keeps them in a pickle between runs
(scratch, outside the repository).
"""

from __future__ import annotations

import argparse
import math
import pickle
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from selectolax.lexbor import LexborHTMLParser, LexborNode
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.extraction import Page, load_news, load_snippets, site_of  # noqa: E402
from newsledger.extract import html as html_mod  # noqa: E402
from newsledger.extract.html_body import Body, Picker, Scores  # noqa: E402
from newsledger.metrics import score_corpus, score_page  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from _snippet_scores import Counts, f1_of, fmt, snippet_counts  # noqa: E402

MIN_TOKEN_SITES = 10
MAX_RUNNERS_UP = 4
FOLDS = 5
SEED = 15
PICKER_MODELS: dict[str, Callable[[], object]] = {
    "logistic C=0.1": lambda: LogisticRegression(C=0.1, max_iter=3000),
    "logistic C=1 balanced": lambda: LogisticRegression(C=1.0, max_iter=3000, class_weight="balanced"),
    "trees 50x depth 2": lambda: GradientBoostingClassifier(n_estimators=50, max_depth=2, subsample=0.8,
                                                            min_samples_leaf=5, random_state=1),
    "trees 50x depth 3": lambda: GradientBoostingClassifier(n_estimators=50, max_depth=3, subsample=0.8,
                                                            min_samples_leaf=5, random_state=1),
}
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(1, 20))
VOTE_MARGINS = (0.0, 0.05, 0.1, 0.2, 0.3)
_TOKEN_SPLIT_RE = re.compile(r"[^a-z0-9]+")
_CAMEL_RE = re.compile(r"([a-z0-9])([A-Z])")
_URL_RE = re.compile(r"@|https?:|www\.")
_TAGS = ("article", "main", "section", "td")



@dataclass
class Example:
    page: Page
    site: str
    base: list[list[float]] = field(default_factory=list)  # picker features without class/id words
    tokens: list[set[str]] = field(default_factory=list)  # class/id words of each runner-up
    first_tokens: set[str] = field(default_factory=set)
    counts: list[Counts] = field(default_factory=list)  # the body built from candidate i
    blocks: list[tuple[str, str]] = field(default_factory=list)  # the first's body: (kind, text)
    agree: list[float] = field(default_factory=list)  # 4-gram F1 of candidate i's body against resiliparse's
    library: Counts = (0, 0, 0)


def class_tokens(node: LexborNode) -> set[str]:
    attrs = node.attributes
    raw = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    if raw.lower() != raw:
        raw = _CAMEL_RE.sub(r"\1-\2", raw)
    return {t for t in _TOKEN_SPLIT_RE.split(raw.lower()) if len(t) > 1 and not t.isdigit()}


def _holds(outer: LexborNode, inner: LexborNode) -> bool:
    cur = inner.parent
    while cur is not None:
        if cur.mem_id == outer.mem_id:
            return True
        cur = cur.parent
    return False


def _first_class(node: LexborNode) -> str:
    classes = (node.attributes.get("class") or "").split()
    return classes[0] if classes else ""


def picker_features(sc: Scores, order: list[int], final: dict[int, float]) -> list[list[float]]:
    """One row per runner-up against the scorer's first."""
    first_key = order[0]
    first = sc.node[first_key]
    prose = max(1, sc.prose_chars)

    def links(key: int) -> float:
        return 1.0 - final[key] / sc.score[key] if sc.score[key] > 0 else 1.0

    first_len = len(first.text(deep=True))
    first_sig = (first.tag or "", _first_class(first))
    rows = []
    for rank, key in enumerate(order[1:1 + MAX_RUNNERS_UP], start=1):
        node = sc.node[key]
        tag = node.tag or ""
        length = len(node.text(deep=True))
        row = [float(rank == r) for r in range(1, 5)] + [
            math.log1p(max(0.0, final[key])) - math.log1p(max(0.0, final[first_key])),
            math.log1p(sc.count[key]), float(sc.count[key] == 0), math.log1p(sc.count[first_key]),
            float(_holds(node, first)), float(_holds(first, node)),
            math.log1p(length) - math.log1p(first_len), min(1.0, length / prose), min(1.0, first_len / prose),
            links(key), links(first_key), float((tag, _first_class(node)) == first_sig),
        ]
        row += [float(tag == t) for t in _TAGS] + [float((first.tag or "") == t) for t in _TAGS]
        rows.append(row)
    return rows


def line_features(blocks: list[tuple[str, str]], i: int) -> list[float]:
    kind, text = blocks[i]
    n, length = len(blocks), len(text)
    letters = [c for c in text if c.isalpha()]
    upper = sum(c.isupper() for c in letters) / max(1, len(letters))
    total = sum(len(t) for _, t in blocks)
    from_end = n - 1 - i
    return [
        float(kind == "heading"), math.log1p(length), math.log1p(len(text.split())), i / max(1, n - 1),
        float(from_end == 0), float(from_end == 1), float(from_end == 2), float(i == 0), float(i == 1),
        float(text.endswith((".", "!", "?", "。", "！", "？", '"', "”", "»"))), float(text.endswith(":")),
        float(":" in text[:25] and not text.endswith(":")), float(text.startswith(("(", "["))),
        float(_URL_RE.search(text) is not None), upper, sum(c.isdigit() for c in text) / max(1, length),
        float("?" in text), length / max(1, total), math.log1p(n),
        float(i > 0 and blocks[i - 1][0] == "heading"), float(length < 60), float(length < 120),
    ]


@contextmanager
def forced(picker: Picker) -> Iterator[None]:
    """extract_html with ``picker`` choosing the container in both scoring passes."""
    saved = html_mod.choose_body

    def choose(tree: LexborHTMLParser, html: str, data: bytes | None = None,
               pick: Picker | None = None, title: str | None = None) -> tuple[Body, str | None]:
        return saved(tree, html, data, picker, title)

    html_mod.choose_body = choose  # type: ignore[assignment]
    try:
        yield
    finally:
        html_mod.choose_body = saved  # type: ignore[assignment]


def rank_picker(rank: int, record: Callable[[Scores, list[int], dict[int, float]], None] | None = None) -> Picker:
    calls = [0]

    def pick(sc: Scores, order: list[int], final: dict[int, float]) -> int:
        if record is not None and calls[0] == 0:
            record(sc, order, final)
        calls[0] += 1
        return order[min(rank, len(order) - 1)]

    return pick


def collect(page: Page) -> Example:
    ex = Example(page, site_of(page.id, page.url))

    def record(sc: Scores, order: list[int], final: dict[int, float]) -> None:
        ex.base = picker_features(sc, order, final)
        ex.first_tokens = class_tokens(sc.node[order[0]])
        ex.tokens = [class_tokens(sc.node[k]) for k in order[1:1 + MAX_RUNNERS_UP]]

    library = html_mod._library_body(page.html)
    library_text = "\n\n".join(library.paragraphs) if library is not None else ""
    ex.library = snippet_counts(page, library_text)
    for rank in range(1 + MAX_RUNNERS_UP):
        with forced(rank_picker(rank, record if rank == 0 else None)):
            art = html_mod.extract_html(page.html, page.url)
        if rank == 0:
            ex.blocks = [(k, " ".join(t.split())) for k, t in art.blocks]
        ex.counts.append(snippet_counts(page, art.full_text))
        s = score_page(library_text, art.full_text)
        p, r = s.precision or 0.0, s.recall or 0.0
        ex.agree.append(2 * p * r / (p + r) if p + r else 0.0)
        if rank >= len(ex.base):  # no runner-up left on this page
            break
    return ex


def choose_tokens(train: list[Example]) -> tuple[str, ...]:
    sites: dict[str, set[str]] = {}
    for ex in train:
        for toks in [ex.first_tokens, *ex.tokens]:
            for t in toks:
                sites.setdefault(t, set()).add(ex.site)
    return tuple(sorted(t for t, s in sites.items() if len(s) >= MIN_TOKEN_SITES))


def picker_rows(ex: Example, tokens: tuple[str, ...]) -> list[list[float]]:
    return [b + [float(t in tk) for t in tokens] + [float(t in ex.first_tokens) for t in tokens]
            for b, tk in zip(ex.base, ex.tokens, strict=True)]


def picker_labels(ex: Example) -> list[int]:
    gain0 = ex.counts[0][0] - ex.counts[0][2]
    return [int(c[0] - c[2] > gain0) for c in ex.counts[1:1 + len(ex.base)]]


class Standardised:
    """A classifier on standardised features (the scale taken from its training rows)."""

    def __init__(self, make: Callable[[], object], xs: np.ndarray, ys: np.ndarray) -> None:
        self.mean = xs.mean(axis=0)
        self.scale = xs.std(axis=0)
        self.scale[self.scale == 0] = 1.0
        self.model = make()
        self.model.fit((xs - self.mean) / self.scale, ys)  # type: ignore[attr-defined]

    def probabilities(self, rows: list[list[float]]) -> list[float]:
        if not rows:
            return []
        probs = self.model.predict_proba((np.array(rows) - self.mean) / self.scale)  # type: ignore[attr-defined]
        return [float(p) for p in probs[:, 1]]


def pick_index(probs: list[float], threshold: float) -> int:
    if not probs:
        return 0
    best = max(range(len(probs)), key=probs.__getitem__)
    return 1 + best if probs[best] >= threshold else 0


def grouped_folds(train: list[Example]) -> Iterator[tuple[list[int], list[int]]]:
    for fit_idx, test_idx in GroupKFold(n_splits=FOLDS).split(train, groups=[ex.site for ex in train]):
        yield list(fit_idx), list(test_idx)


def run_picker(train: list[Example], test: list[Example]) -> None:
    print("\n1. picker (re-rank the scorer's five candidates)")
    for name, make in PICKER_MODELS.items():
        held: list[list[float]] = [[] for _ in train]
        for fit_idx, test_idx in grouped_folds(train):
            part = [train[i] for i in fit_idx]
            tokens = choose_tokens(part)  # chosen inside the fold too
            model = Standardised(make, np.array([r for ex in part for r in picker_rows(ex, tokens)]),
                                 np.array([y for ex in part for y in picker_labels(ex)]))
            for i in test_idx:
                held[i] = model.probabilities(picker_rows(train[i], tokens))
        tokens = choose_tokens(train)
        model = Standardised(make, np.array([r for ex in train for r in picker_rows(ex, tokens)]),
                             np.array([y for ex in train for y in picker_labels(ex)]))
        best_t, best_f = THRESHOLDS[-1], -1.0
        for t in THRESHOLDS:  # ties keep the higher threshold: fewer switches
            f = f1_of([ex.counts[pick_index(held[i], t)] for i, ex in enumerate(train)])[0]
            if f > best_f + 1e-9:
                best_t, best_f = t, f
        picks = [pick_index(model.probabilities(picker_rows(ex, tokens)), best_t) for ex in test]
        b = f1_of([ex.counts[k] for ex, k in zip(test, picks, strict=True)])
        print(f"  {name:24} half A grouped CV F1 {best_f:.4f} at threshold {best_t:.2f};"
              f" half B {fmt(b)}, {sum(k > 0 for k in picks)} of {len(test)} pages switched")


def run_lines(train: list[Example], test: list[Example]) -> None:
    print("\n2. lines (drop emitted blocks a logistic filter calls boilerplate)")

    def rows(exs: list[Example]) -> tuple[list[list[float]], list[int], list[tuple[int, int]]]:
        xs, ys, where = [], [], []
        for pi, ex in enumerate(exs):
            for i in range(len(ex.blocks)):
                text = ex.blocks[i][1]
                wanted = any(" ".join(s.split()) in text for s in ex.page.with_)
                boiler = any(" ".join(s.split()) in text for s in ex.page.without)
                xs.append(line_features(ex.blocks, i))
                ys.append(0 if boiler and not wanted else 1)
                where.append((pi, i))
        return xs, ys, where

    def counts_after(exs: list[Example], drops: dict[int, set[int]]) -> list[Counts]:
        out = []
        for pi, ex in enumerate(exs):
            kept = " ".join(t for i, (_, t) in enumerate(ex.blocks) if i not in drops.get(pi, set()))
            out.append(snippet_counts(ex.page, kept))
        return out

    def drops_of(probs: list[float], where: list[tuple[int, int]], t: float) -> dict[int, set[int]]:
        drops: dict[int, set[int]] = {}
        for p, (pi, i) in zip(probs, where, strict=True):
            if p < t:
                drops.setdefault(pi, set()).add(i)
        return drops

    xs_a, ys_a, where_a = rows(train)
    xs_b, _, where_b = rows(test)
    print(f"  half A: {len(ys_a)} blocks, {len(ys_a) - sum(ys_a)} holding only boilerplate snippets")
    page_of = [where_a[j][0] for j in range(len(where_a))]
    for c in (0.1, 1.0):
        for weight in (None, "balanced"):
            held = [1.0] * len(ys_a)
            for fit_pages, test_pages in grouped_folds(train):
                fit_set, test_set = set(fit_pages), set(test_pages)
                idx = [j for j in range(len(ys_a)) if page_of[j] in fit_set]
                model = Standardised(lambda c=c, w=weight: LogisticRegression(C=c, max_iter=3000, class_weight=w),
                                     np.array([xs_a[j] for j in idx]), np.array([ys_a[j] for j in idx]))
                out = [j for j in range(len(ys_a)) if page_of[j] in test_set]
                for j, p in zip(out, model.probabilities([xs_a[j] for j in out]), strict=True):
                    held[j] = p
            best_t, best_f = THRESHOLDS[0], -1.0
            for t in THRESHOLDS:
                f = f1_of(counts_after(train, drops_of(held, where_a, t)))[0]
                if f > best_f + 1e-9:
                    best_t, best_f = t, f
            model = Standardised(lambda c=c, w=weight: LogisticRegression(C=c, max_iter=3000, class_weight=w),
                                 np.array(xs_a), np.array(ys_a))
            b = f1_of(counts_after(test, drops_of(model.probabilities(xs_b), where_b, best_t)))
            print(f"  logistic C={c} {weight or 'unweighted':10} half A grouped CV F1 {best_f:.4f}"
                  f" at threshold {best_t:.2f}; half B {fmt(b)}")


def run_vote(train: list[Example], test: list[Example]) -> None:
    print("\n3. vote (resiliparse picks among the five candidates by 4-gram agreement)")

    def picks(exs: list[Example], margin: float) -> list[Counts]:
        out = []
        for ex in exs:
            k = max(range(len(ex.agree)), key=ex.agree.__getitem__)
            out.append(ex.counts[k if ex.agree[k] > ex.agree[0] + margin else 0])
        return out

    # An infinite margin never switches: the scorer's first, the choice when no margin beats it on half A.
    margins = (*VOTE_MARGINS, math.inf)
    best = max(margins, key=lambda m: (f1_of(picks(train, m))[0], m))
    for m in VOTE_MARGINS:
        print(f"  margin {m:.2f}: half A {fmt(f1_of(picks(train, m)))}; half B {fmt(f1_of(picks(test, m)))}")
    print(f"  chosen on half A: margin {best:.2f}; half B {fmt(f1_of(picks(test, best)))}")


def page_features(ex: Example) -> list[float]:
    """What the first pass knows of its own body, before any second candidate runs."""
    blocks = ex.blocks
    length, n = sum(len(t) for _, t in blocks), len(blocks)
    row = [
        math.log1p(length), math.log1p(n), sum(k == "heading" for k, _ in blocks) / max(1, n),
        sum(len(t) < 80 for _, t in blocks) / max(1, n),
        sum(t.endswith((".", "!", "?", "。")) for _, t in blocks) / max(1, n),
        float(length < 500), float(length < 1500), float(len(ex.base)),
    ]
    # The first candidate's share of the page's prose, its link density and paragraph count, and the
    # first runner-up's score and length against it (picker_features' columns 12, 14, 7, 4 and 10).
    first = ex.base[0] if ex.base else None
    return row + ([first[12], first[14], first[7], first[4], first[10]] if first else [0.0] * 5)


def run_trigger(train: list[Example], test: list[Example]) -> None:
    print("\n4. trigger (a learned 'unsure' signal that hands the page to resiliparse)")

    def gain(c: Counts) -> int:
        return c[0] - c[2]

    xs_a = np.array([page_features(ex) for ex in train])
    ys_a = np.array([int(gain(ex.library) > gain(ex.counts[0])) for ex in train])
    xs_b = [page_features(ex) for ex in test]
    print(f"  half A: resiliparse better on {int(ys_a.sum())} of {len(train)} pages")

    def f1_with(exs: list[Example], trigger: list[bool]) -> tuple[float, float, float]:
        return f1_of([ex.library if t else ex.counts[0] for ex, t in zip(exs, trigger, strict=True)])

    for name in ("logistic C=0.1", "trees 50x depth 2"):
        make = PICKER_MODELS[name]
        held = [0.0] * len(train)
        for fit_idx, test_idx in grouped_folds(train):
            model = Standardised(make, xs_a[fit_idx], ys_a[fit_idx])
            for i, p in zip(test_idx, model.probabilities([list(xs_a[i]) for i in test_idx]), strict=True):
                held[i] = p
        best_t, best_f = THRESHOLDS[-1], -1.0
        for t in THRESHOLDS:
            f = f1_with(train, [p >= t for p in held])[0]
            if f > best_f + 1e-9:
                best_t, best_f = t, f
        probs = Standardised(make, xs_a, ys_a).probabilities(xs_b)
        trigger = [p >= best_t for p in probs]
        print(f"  {name:24} half A grouped CV F1 {best_f:.4f} at threshold {best_t:.2f};"
              f" half B {fmt(f1_with(test, trigger))}, {sum(trigger)} of {len(test)} pages handed over")


BOOTSTRAP_ROUNDS = 2000


def bootstrap(exs: list[Example], pick: Callable[[Example], Counts],
              rounds: int = BOOTSTRAP_ROUNDS) -> tuple[float, float]:
    """The 2.5% and 97.5% points of F1 over samples of whole sites (with replacement)."""
    rng = np.random.default_rng(SEED)
    by_site: dict[str, list[Example]] = {}
    for ex in exs:
        by_site.setdefault(ex.site, []).append(ex)
    sites = list(by_site)
    values = []
    for _ in range(rounds):
        sample = [ex for i in rng.integers(0, len(sites), len(sites)) for ex in by_site[sites[i]]]
        values.append(f1_of([pick(ex) for ex in sample])[0])
    lo, hi = np.percentile(values, [2.5, 97.5])
    return float(lo), float(hi)


def run_noise(train: list[Example], test: list[Example]) -> None:
    print(f"\n5. noise: 95% intervals over {BOOTSTRAP_ROUNDS} samples of whole sites (with replacement)")
    for name, exs in (("half A", train), ("half B", test)):
        lo, hi = bootstrap(exs, lambda ex: ex.counts[0])
        print(f"  {name}: the scorer's F1 {f1_of([ex.counts[0] for ex in exs])[0]:.4f}, interval {lo:.4f}-{hi:.4f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    shared = ROOT.parent / "shared" / "data"
    ap.add_argument("--snippets", type=Path, default=shared / "extraction-snippets")
    ap.add_argument("--news", type=Path, default=shared / "extraction")
    ap.add_argument("--cache", type=Path, help="pickle of the collected candidate bodies (scratch)")
    args = ap.parse_args(argv)
    if not (args.snippets / "snippets.json").exists():
        print(f"snippet set not found at {args.snippets} (needs the read-only ../shared checkout)", file=sys.stderr)
        return 2
    t0 = time.time()
    if args.cache is not None and args.cache.exists():
        examples: list[Example] = pickle.loads(args.cache.read_bytes())
    else:
        examples = [collect(p) for p in load_snippets(args.snippets)]
        if args.cache is not None:
            args.cache.write_bytes(pickle.dumps(examples))
    train = [ex for ex in examples if ex.page.half == "A"]
    test = [ex for ex in examples if ex.page.half == "B"]
    print(f"{len(examples)} snippet pages ({len(train)} half A, {len(test)} half B) in {time.time() - t0:.0f} s")
    for name, exs in (("half A (chooses)", train), ("half B (confirms)", test)):
        best_candidate = f1_of([max(ex.counts, key=lambda c: c[0] - c[2]) for ex in exs])
        better_of_two = f1_of([max(ex.counts[0], ex.library, key=lambda c: c[0] - c[2]) for ex in exs])
        print(f"{name}: scorer's first {fmt(f1_of([ex.counts[0] for ex in exs]))}; oracles: best candidate"
              f" {fmt(best_candidate)}, better of newsledger and resiliparse {fmt(better_of_two)}")
    run_picker(train, test)
    run_lines(train, test)
    run_vote(train, test)
    run_trigger(train, test)
    run_noise(train, test)
    if (args.news / "ground-truth.json").exists():
        news = load_news(args.news)
        s = score_corpus((p.truth or "", html_mod.extract_html(p.html, p.url).full_text) for p in news)
        print(f"\nnews set, the shipped extractor (unchanged by this script): F1 {s.f1:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
