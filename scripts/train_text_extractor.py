"""Train the text-dump line model from ../shared/data/extraction and report honest scores.

    .venv/bin/python scripts/train_text_extractor.py [--data ../shared/data/extraction] [--folds 5]

Lines are labelled by aligning each dump line to the page's ground-truth body
(share of its word 4-grams found in the body; short lines by exact match).
Because the same 91 pages are both training and scoring data, the headline
figure is the k-fold cross-validated F1 (pages split into folds grouped by
site, the host of the page's URL, so no page is scored by a model that saw a
page of its own site).  The shipped model is then confirmed on the snippet
set's text dumps, which it never saw.  The smoothing constants were chosen on
those cross-validated outputs, so the script also reports the figure with the
choice made inside the folds (nested).  The in-sample F1 of the shipped model is
printed too, labelled as such.  The model is written to
newsledger/extract/text_model.json.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import numpy as np

if TYPE_CHECKING:
    from sklearn.ensemble import GradientBoostingClassifier

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsledger.extract.text import extract_text  # noqa: E402
from newsledger.extract.text_features import FEATURE_NAMES, page_features  # noqa: E402
from newsledger.extract.text_model import (  # noqa: E402
    LineModel,
    best_block,
    cut_at_end_head,
    drop_repeats,
    extend_lists,
    smooth,
)
from newsledger.metrics import score_corpus, score_page, score_snippets, shingles  # noqa: E402
from newsledger.records import Article  # noqa: E402

TOKEN_RE = re.compile(r"\w+")
# Smoothing: chosen on the cross-validated probabilities from the grid below; main() also reports the
# figure with the choice made inside the cross-validation (nested), so the choice is not scored on
# the pages it was made on.
SWITCH_PENALTY, CONTENT_BIAS = 2.0, 0.75
PENALTY_GRID, BIAS_GRID = (0.5, 1.0, 1.5, 2.0, 3.0), (0.0, 0.25, 0.5, 0.75, 1.0)
N_TREES, DEPTH, LEARNING_RATE = 150, 3, 0.1


def label_line(line: str, truth_shingles: set[tuple[str, ...]], truth: str) -> int:
    """1 when the dump line is article text according to the ground-truth body.

    Lines of four words or more: at least half their word 4-grams occur in the
    body.  Shorter lines: they occur in the body as words.  That marks some menu
    words ("Twitter") positive, but a stricter rule (a whole line of the truth,
    or next to an article line) scored lower in cross-validation (F1 0.905
    against 0.908): short lines inside the article, such as a link split out of
    a sentence, then become negatives that break the article's run.
    """
    tokens = TOKEN_RE.findall(line)
    if not tokens:
        return 0
    if len(tokens) < 4:
        return int(re.search(r"(?<!\w)" + re.escape(line.strip()) + r"(?!\w)", truth) is not None)
    grams = [tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3)]
    return int(sum(g in truth_shingles for g in grams) / len(grams) >= 0.5)


def site_of(url: str | None) -> str:
    """The page's site: its host without a leading "www." (two pages of one site share it)."""
    host = urlsplit(url or "").hostname or ""
    return host.removeprefix("www.")


def site_folds(sites: list[str], folds: int) -> list[int]:
    """Fold of each page, all pages of a site in one fold (sites dealt round-robin in sorted order)."""
    order = {site: i % folds for i, site in enumerate(sorted(set(sites)))}
    return [order[s] for s in sites]


def load(data: Path) -> list[tuple[str, list[str], np.ndarray, np.ndarray, str, str]]:
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        body = truth[key]["articleBody"]
        lines = [ln.strip() for ln in (data / "text" / f"{key}.txt").read_text(encoding="utf-8").splitlines()]
        lines = [ln for ln in lines if ln]
        sh = set(shingles(body))
        labels = np.array([label_line(ln, sh, body) for ln in lines])
        pages.append((key, lines, np.array(page_features(lines)), labels, body, site_of(truth[key].get("url"))))
    return pages


def snippet_check(data: Path, model: LineModel) -> tuple[float, float, float, int, int] | None:
    """The shipped model on the snippet set's text dumps (never trained on): P, R, F1, pages, empty."""
    path = data / "snippets.json"
    if not path.exists():
        return None
    items = json.loads(path.read_text(encoding="utf-8"))
    rows = []
    empty = 0
    for name in sorted(items):
        tpath = data / "text" / f"{name}.txt"
        if not tpath.exists():
            continue
        text = extract_text(tpath.read_text(encoding="utf-8"), model=model).text
        empty += not text
        rows.append((items[name]["with"], items[name]["without"], text))
    sc = score_snippets(rows)
    return sc.precision, sc.recall, sc.f1, len(rows), empty


def fit(pages: list, idx: list[int]) -> GradientBoostingClassifier:  # type: ignore[type-arg]
    # Weight pages equally: the metric averages over pages, and a page with 900
    # menu lines must not outvote ten short articles.  Lines labelled -1 (a
    # snippet page's lines that hold no snippet) are left out; the labelled
    # lines of such a page keep the weight a line of that page would have if
    # every line were labelled, so a page with three snippets weighs three
    # lines' worth, not a whole page's.
    masks = [pages[i][3] >= 0 for i in idx]
    # A seventh field, where present, multiplies the page's line weight (--snippet-weight), one number
    # for the page or one per line (--dense: snippet lines and teacher lines weigh differently).
    scale = [pages[i][6] if len(pages[i]) > 6 else 1.0 for i in idx]
    weights = np.concatenate([np.full(int(m.sum()), 1000.0 / len(pages[i][1]))
                              * (w[m] if isinstance(w, np.ndarray) else w)
                              for i, m, w in zip(idx, masks, scale, strict=True)])
    # Imported here so that the labelling helpers can be imported (and tested) without scikit-learn.
    from sklearn.ensemble import GradientBoostingClassifier

    model = GradientBoostingClassifier(n_estimators=N_TREES, max_depth=DEPTH, learning_rate=LEARNING_RATE,
                                       random_state=0)
    model.fit(np.vstack([pages[i][2][m] for i, m in zip(idx, masks, strict=True)]),
              np.concatenate([pages[i][3][m] for i, m in zip(idx, masks, strict=True)]),
              sample_weight=weights)
    return model


def _norm_ws(text: str) -> str:
    return " ".join(text.split())


def snippet_label(line: str, with_: list[str], without: list[str]) -> int:
    """1 when the dump line holds a wanted snippet, 0 an unwanted one, -1 neither (left out).

    "Holds" also counts the other way round, a line of four words or more lying
    inside a longer snippet, since a snippet may span several block elements
    (several dump lines).  A line that matches both kinds is left out.
    """
    norm = _norm_ws(line)
    if not norm:
        return -1
    long_enough = len(TOKEN_RE.findall(norm)) >= 4

    def hit(snips: list[str]) -> bool:
        return any((s and s in norm) or (long_enough and norm in s) for s in snips)

    pos, neg = hit(with_), hit(without)
    if pos == neg:
        return -1
    return 1 if pos else 0


def dense_label(line: str, with_: list[str], without: list[str], teacher: str,
                teacher_shingles: set[tuple[str, ...]]) -> int:
    """Every line labelled: the snippets where they speak, else the teacher's body (distillation).

    The teacher is trafilatura at the benchmarks' settings (``include_comments=False``) run on the
    page's HTML: a line whose text lies in its output is body, as ``label_line`` reads the news set's
    ground truth.  A line holding a wanted snippet is body and one holding only an unwanted snippet
    is not, whatever the teacher says (the snippets are a person's reading; the teacher is a
    program).  With no teacher output the line keeps its snippet label (-1: left out).
    """
    label = snippet_label(line, with_, without)
    if label >= 0 or not teacher:
        return label
    return label_line(line, teacher_shingles, teacher)


def teacher_texts(data: Path, names: list[str]) -> dict[str, str]:
    """trafilatura's body (benchmark settings) for each snippet page's HTML, read as bench/extraction.py reads it."""
    import trafilatura

    from bench.extraction import _read

    items = json.loads((data / "snippets.json").read_text(encoding="utf-8"))
    out = {}
    for name in names:
        raw = items[name].get("url")
        url = raw if isinstance(raw, str) and raw.startswith("http") else None
        html = _read(data / "html" / f"{name}.html.gz")
        out[name] = str(trafilatura.extract(html, url=url, include_comments=False) or "")
    return out


@dataclasses.dataclass
class SnippetPage:
    name: str
    lines: list[str]
    features: np.ndarray
    labels: np.ndarray  # 1 body, 0 not body, -1 unlabelled
    site: str
    half: str
    with_: list[str]
    without: list[str]
    dump: str
    # --dense: True where the label came from the teacher, not from a snippet (None: no teacher).
    from_teacher: np.ndarray | None = None

    def as_row(self, weight: float, teacher_weight: float = 1.0
               ) -> tuple[str, list[str], np.ndarray, np.ndarray, None, str, float | np.ndarray]:
        """The shape ``fit`` takes (no ground-truth body: the snippets, or the teacher, gave the labels),
        with its line weight: ``weight`` for a snippet's line, ``teacher_weight`` for a teacher's."""
        scale: float | np.ndarray = weight
        if self.from_teacher is not None:
            scale = np.where(self.from_teacher, teacher_weight, weight)
        return (self.name, self.lines, self.features, self.labels, None, self.site, scale)


# --dense-from-prose: teacher labels start at the first line the teacher calls body that has this many
# words (a paragraph of prose); lines above it (a title, a quote teaser, a standfirst) keep their snippet
# label only.  extract/14's model learnt from the teacher that such lines above the story are body.
PROSE_WORDS = 15


def from_first_paragraph(lines: list[str], labels: np.ndarray,
                         from_teacher: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Teacher labels above the first teacher-body line of PROSE_WORDS+ words left out (-1); snippet labels kept."""
    starts = [i for i, ln in enumerate(lines)
              if from_teacher[i] and labels[i] == 1 and len(TOKEN_RE.findall(ln)) >= PROSE_WORDS]
    head = starts[0] if starts else len(lines)
    labels, from_teacher = labels.copy(), from_teacher.copy()
    labels[:head] = np.where(from_teacher[:head], -1, labels[:head])
    from_teacher[:head] = False
    return labels, from_teacher


def load_snippet_pages(data: Path, dense: bool = False, from_prose: bool = False) -> list[SnippetPage]:
    """Snippet-set pages that have a text dump, labelled line by line from their snippets.

    The halves and sites are bench/extraction.py's (``half_of``, ``site_of``),
    so half B is the same unseen half as for the HTML extractor.  With
    ``dense``, half A's lines are all labelled (``dense_label``: snippets first,
    then trafilatura's body of the page's HTML); half B's keep their snippet
    labels, which no model trains on.
    """
    from bench.extraction import half_of
    from bench.extraction import site_of as snippet_site

    items = json.loads((data / "snippets.json").read_text(encoding="utf-8"))
    out = []
    for name in sorted(items):
        tpath = data / "text" / f"{name}.txt"
        if not tpath.exists():
            continue
        raw = items[name].get("url")
        url = raw if isinstance(raw, str) and raw.startswith("http") else None
        label_name = str(raw or name) if url is None else name
        dump = tpath.read_text(encoding="utf-8")
        lines = [ln.strip() for ln in dump.splitlines()]
        lines = [ln for ln in lines if ln]
        if not lines:
            continue
        with_ = [_norm_ws(s) for s in items[name]["with"]]
        without = [_norm_ws(s) for s in items[name]["without"]]
        half = half_of(label_name, url)
        labels = np.array([snippet_label(ln, with_, without) for ln in lines], dtype=int)
        from_teacher = None
        if dense and half == "A":
            teacher = teacher_texts(data, [name])[name]
            teacher_sh = set(shingles(teacher))
            dense_labels = np.array([dense_label(ln, with_, without, teacher, teacher_sh) for ln in lines], dtype=int)
            from_teacher = (labels < 0) & (dense_labels >= 0)
            if from_prose:
                dense_labels, from_teacher = from_first_paragraph(lines, dense_labels, from_teacher)
            labels = dense_labels
        out.append(SnippetPage(name, lines, np.array(page_features(lines)).reshape(len(lines), -1), labels,
                               snippet_site(label_name, url), half,
                               items[name]["with"], items[name]["without"], dump, from_teacher))
    return out


def snippet_score(pages: list[SnippetPage], texts: list[str]) -> tuple[float, float, float, int, int]:
    """trafilatura's snippet metric over ``pages`` given each page's extracted text: P, R, F1, pages, empty."""
    sc = score_snippets((p.with_, p.without, t) for p, t in zip(pages, texts, strict=True))
    return sc.precision, sc.recall, sc.f1, len(pages), sum(not t for t in texts)


def export(model: GradientBoostingClassifier) -> dict[str, object]:
    prior = float(model.init_.class_prior_[1])
    trees = []
    for est in model.estimators_[:, 0]:
        t = est.tree_
        trees.append({
            "feature": [int(f) for f in t.feature], "threshold": [round(float(x), 6) for x in t.threshold],
            "left": [int(c) for c in t.children_left], "right": [int(c) for c in t.children_right],
            "value": [round(float(v[0][0]), 6) for v in t.value],
        })
    return {
        "features": list(FEATURE_NAMES), "init": float(np.log(prior / (1 - prior))),
        "learning_rate": LEARNING_RATE, "switch_penalty": SWITCH_PENALTY, "content_bias": CONTENT_BIAS,
        "trees": trees,
    }


def select(lines: list[str], probs: list[float]) -> str:
    keep = smooth(probs, SWITCH_PENALTY, CONTENT_BIAS)
    if not any(keep):
        start, end = best_block(probs, 0.2)
        keep = [start <= i < end for i in range(len(lines))]
    keep = cut_at_end_head(lines, drop_repeats(lines, extend_lists(lines, keep, probs)))
    return "\n".join(ln for ln, k in zip(lines, keep, strict=True) if k)


def _page_f1(truth: str, pred: str) -> float:
    s = score_page(truth, pred)
    p, r = s.precision or 0.0, s.recall or 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def with_subheadings(article: Article) -> str:
    """The body with its subheadings put back in place: the ground truth keeps them in the body."""
    parts = list(article.paragraphs)
    for at, head in sorted(article.subheadings, key=lambda x: x[0], reverse=True):
        parts.insert(at, head)
    return "\n\n".join(parts)


def _pr(truth: str, pred: str) -> tuple[float, float]:
    """Page precision and recall as score_corpus counts them."""
    s = score_page(truth, pred)
    if s.fp == 0 and s.fn == 0:
        return 1.0, 1.0
    return s.precision or 0.0, s.recall or 0.0


def _f1_of_means(rows: list[tuple[float, float]]) -> tuple[float, float, float]:
    p, r = sum(x[0] for x in rows) / len(rows), sum(x[1] for x in rows) / len(rows)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def nested_smoothing(pages: list, dumps: list[str], fold_of: list[int], fold_models: list[LineModel],  # type: ignore[type-arg]
                     folds: int) -> tuple[float, float, float]:
    """Cross-validated F1 with the smoothing chosen on the other folds' pages only.

    Every grid point is scored with the held-out line models; for each fold the point that does best
    on the other folds' pages is applied to it.
    """
    grid: dict[tuple[float, float], list[tuple[float, float]]] = {}
    for pen, bias in itertools.product(PENALTY_GRID, BIAS_GRID):
        models = [dataclasses.replace(m, switch_penalty=pen, content_bias=bias) for m in fold_models]
        grid[(pen, bias)] = [_pr(p[4], extract_text(dumps[i], model=models[fold_of[i]]).text)
                             for i, p in enumerate(pages)]
    chosen: list[tuple[float, float]] = [(0.0, 0.0)] * len(pages)
    for f in range(folds):
        others = [i for i in range(len(pages)) if fold_of[i] != f]
        best = max(grid, key=lambda k: _f1_of_means([grid[k][i] for i in others])[2])
        print(f"  fold {f}: smoothing chosen on the other folds: switch penalty {best[0]}, content bias {best[1]}")
        for i in range(len(pages)):
            if fold_of[i] == f:
                chosen[i] = grid[best][i]
    return _f1_of_means(chosen)


def snippet_experiment(args: argparse.Namespace, pages: list, dumps: list[str], fold_of: list[int],  # type: ignore[type-arg]
                       fold_models: list[LineModel], news_model: LineModel, snip: list[SnippetPage],
                       weight: float, baseline: dict[str, float], teacher_weight: float = 1.0) -> dict[str, object]:
    """Train on news + snippet half A in the same site-grouped folds; print both models side by side.

    The news pages keep their folds; a half-A site takes the fold of the news site
    with the same name, else sites are dealt round-robin.  Returns the exported
    news + half A model trained on all of them.
    """
    t0 = time.perf_counter()
    print(f"--- news + snippet half A, snippet line weight x{weight:g}"
          + (f", teacher line weight x{teacher_weight:g}" if args.dense else ""))
    half_a = [p for p in snip if p.half == "A"]
    half_b = [p for p in snip if p.half == "B"]
    labelled = [int((p.labels >= 0).sum()) for p in half_a]
    print(f"snippet set: {len(snip)} dumps, half A {len(half_a)} ({sum(labelled)} labelled lines: "
          f"{sum(int((p.labels == 1).sum()) for p in half_a)} body, {sum(int((p.labels == 0).sum()) for p in half_a)} "
          f"not; {sum(x == 0 for x in labelled)} pages with none), half B {len(half_b)}; "
          f"{time.perf_counter() - t0:.0f} s")
    news_site_fold = {p[5]: fold_of[i] for i, p in enumerate(pages)}
    new_sites = sorted({p.site for p in half_a} - set(news_site_fold))
    site_fold = {**{s: i % args.folds for i, s in enumerate(new_sites)}, **news_site_fold}
    rows = list(pages) + [p.as_row(weight, teacher_weight) for p in half_a]
    all_fold = list(fold_of) + [site_fold[p.site] for p in half_a]
    n_news = len(pages)
    aug_models: list[LineModel] = []
    news_text: dict[int, str] = {}
    a_cv_aug: dict[int, str] = {}
    a_cv_news: dict[int, str] = {}
    for f in range(args.folds):
        model = LineModel.from_dict(export(fit(rows, [i for i in range(len(rows)) if all_fold[i] != f])))
        aug_models.append(model)
        for i in range(n_news):
            if fold_of[i] == f:
                news_text[i] = extract_text(dumps[i], model=model).text
        for j, p in enumerate(half_a):
            if site_fold[p.site] == f:
                a_cv_aug[j] = extract_text(p.dump, model=model).full_text
                a_cv_news[j] = extract_text(p.dump, model=fold_models[f]).full_text
    smoothing = (SWITCH_PENALTY, CONTENT_BIAS)
    if args.rechoose_smoothing:
        # The two smoothing constants chosen again for this model, on its held-out outputs of both sets
        # (the mean of news CV F1 and half A CV F1): teacher labels call more lines body than snippets do,
        # so the model's probabilities shift.  In-sample for the two constants, as the shipped ones are.
        best_key, best_val = smoothing, -1.0
        for pen, bias in itertools.product(PENALTY_GRID, BIAS_GRID):
            models = [dataclasses.replace(m, switch_penalty=pen, content_bias=bias) for m in aug_models]
            nt = {i: extract_text(dumps[i], model=models[fold_of[i]]).text for i in range(n_news)}
            at = {j: extract_text(p.dump, model=models[site_fold[p.site]]).full_text for j, p in enumerate(half_a)}
            f_news = score_corpus((pages[i][4], nt[i]) for i in range(n_news)).f1
            f_a = snippet_score(half_a, [at[j] for j in range(len(half_a))])[2]
            print(f"  smoothing {pen:g}/{bias:g}: news CV {f_news:.3f}, half A CV {f_a:.3f}")
            if (f_news + f_a) / 2 > best_val + 1e-9:
                best_key, best_val, news_text, a_cv_aug = (pen, bias), (f_news + f_a) / 2, nt, at
        smoothing = best_key
        aug_models = [dataclasses.replace(m, switch_penalty=smoothing[0], content_bias=smoothing[1])
                      for m in aug_models]
        print(f"smoothing chosen on news CV + half A CV: switch penalty {smoothing[0]:g},"
              f" content bias {smoothing[1]:g}")
    cv_aug = score_corpus((pages[i][4], news_text[i]) for i in range(n_news))
    print(f"news + half A, {args.folds}-fold grouped CV on the news dumps, full extract_text: "
          f"P={cv_aug.precision:.3f} R={cv_aug.recall:.3f} F1={cv_aug.f1:.3f}")
    if args.nested:
        nested = nested_smoothing(pages, dumps, fold_of, aug_models, args.folds)
        print(f"news + half A, nested (smoothing chosen inside the folds): P={nested[0]:.3f} R={nested[1]:.3f} "
              f"F1={nested[2]:.3f}")
    final = export(fit(rows, list(range(len(rows)))))
    final["switch_penalty"], final["content_bias"] = smoothing
    aug = LineModel.from_dict(final)
    # Key names as in the shipped model's manifest (tests/test_extract_text.py reads them).
    scores: dict[str, object] = {"news_grouped_cv_text": round(cv_aug.f1, 3)}
    news_only = dict(baseline)
    if args.nested:
        scores["news_grouped_cv_nested_text"] = round(nested[2], 3)

    def run(model: LineModel, part: list[SnippetPage]) -> list[str]:
        return [extract_text(p.dump, model=model).full_text for p in part]

    results = [
        ("half A, grouped CV (out-of-sample)", "news only", half_a, [a_cv_news[j] for j in range(len(half_a))]),
        ("half A, grouped CV (out-of-sample)", "news + A", half_a, [a_cv_aug[j] for j in range(len(half_a))]),
        ("half A, final model", "news only", half_a, run(news_model, half_a)),
        ("half A, final model", "news + A (in-sample)", half_a,
         [extract_text(p.dump, model=aug).full_text for p in half_a]),
        ("half B (unseen sites)", "news only", half_b, run(news_model, half_b)),
        ("half B (unseen sites)", "news + A", half_b, [extract_text(p.dump, model=aug).full_text for p in half_b]),
    ]
    keys = ["half_a_cv", "snippet_half_a_grouped_cv_full_text", "half_a_final", "snippet_half_a_in_sample_full_text",
            "half_b", "snippet_half_b_out_of_sample_full_text"]
    for key, (what, model_name, part, texts) in zip(keys, results, strict=True):
        sc = snippet_score(part, texts)
        if model_name == "news only":
            news_only[key] = round(sc[2], 3)
        else:
            scores[key] = round(sc[2], 3)
        print(f"snippet {what}, {model_name}, full_text: P={sc[0]:.3f} R={sc[1]:.3f} F1={sc[2]:.3f} "
              f"pages={sc[3]} empty={sc[4]}")
    ins = score_corpus((p[4], extract_text(dumps[i], model=aug).text) for i, p in enumerate(pages))
    print(f"news + half A model on the news dumps (in-sample): P={ins.precision:.3f} R={ins.recall:.3f} "
          f"F1={ins.f1:.3f}")
    print(f"snippet experiment: {time.perf_counter() - t0:.0f} s")
    scores["news_in_sample_text"] = round(ins.f1, 3)
    scores["news_only_model_same_run"] = news_only
    by_snippet = sum(int(((p.labels >= 0) & ~p.from_teacher).sum()) if p.from_teacher is not None
                     else int((p.labels >= 0).sum()) for p in half_a)
    final["manifest"] = {
        "training_data": (f"the {n_news} news dumps of {args.data} (every line labelled from the ground-truth body) "
                          f"+ the {len(half_a)} dumps of the snippet set's half A ({args.snippets}, split by site as "
                          f"bench/extraction.py half_of does; {sum(labelled)} lines labelled "
                          + (f"({by_snippet} "
                             "from their snippets, the rest from trafilatura's body of the page's HTML at "
                             "include_comments=False: dense labels, distillation)" if args.dense else
                             "from their snippets, lines holding none left out")
                          + f"), snippet line weight x{weight:g}"
                          + (f", teacher line weight x{teacher_weight:g}" if args.dense else "")),
        "licence": ("trained on trafilatura's evaluation data (Apache-2.0, snippet set) and the news benchmark's "
                    "dumps" + (", half A's lines labelled in part by trafilatura's output (trafilatura is "
                               "Apache-2.0)" if args.dense else "")
                    + "; the model holds only tree thresholds over numeric features, no text of either set"),
        "command": "scripts/train_text_extractor.py " + " ".join(sys.argv[1:]),
        "scores": scores,
    }
    return final


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "extraction")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--no-nested", dest="nested", action="store_false",
                    help="skip the nested check of the smoothing choice (saves about a minute)")
    ap.add_argument("--snippets", type=Path, default=ROOT.parent / "shared" / "data" / "extraction-snippets",
                    help="the second set, used only to confirm the shipped model (never trained on)")
    ap.add_argument("--out", type=Path, default=ROOT / "newsledger" / "extract" / "text_model.json")
    ap.add_argument("--snippet-train", action="store_true",
                    help="also train on the snippet set's half A (lines labelled from its snippets), in the same "
                         "folds grouped by site; report news CV, half A (CV and in-sample) and half B (unseen) "
                         "for both models; each news + half A model goes next to --out as NAME-snippets-wW.json")
    ap.add_argument("--snippet-weight", type=float, nargs="+", default=[1.0, 10.0],
                    help="multipliers of a labelled snippet line's weight (1: the weight it would have if its "
                         "whole page were labelled); one model per value")
    ap.add_argument("--dense", action="store_true",
                    help="with --snippet-train: label every line of half A's dumps (snippets first, then "
                         "trafilatura's body of the page's HTML at the benchmarks' settings: distillation)")
    ap.add_argument("--dense-from-prose", action="store_true",
                    help=f"with --dense: teacher labels only from the first teacher-body line of {PROSE_WORDS}+ "
                         "words on (lines above it keep their snippet label)")
    ap.add_argument("--teacher-weight", type=float, nargs="+", default=[1.0],
                    help="with --dense: multipliers of a teacher-labelled line's weight (1: the weight of a line of "
                         "a fully labelled page); one model per pair of snippet and teacher weights")
    ap.add_argument("--rechoose-smoothing", action="store_true",
                    help="with --snippet-train: choose the smoothing constants again for each news + half A model "
                         "on its held-out outputs (mean of news CV and half A CV F1)")
    args = ap.parse_args()
    started = time.perf_counter()
    pages = load(args.data)
    n = len(pages)
    fold_of = site_folds([p[5] for p in pages], args.folds)
    folds = [[i for i in range(n) if fold_of[i] == f] for f in range(args.folds)]
    print(f"folds grouped by site: {len({p[5] for p in pages})} sites, pages per fold "
          f"{[len(f) for f in folds]}")
    dumps = [(args.data / "text" / f"{p[0]}.txt").read_text(encoding="utf-8") for p in pages]
    held_out: dict[int, str] = {}
    held_out_full: dict[int, str] = {}
    held_out_heads: dict[int, str] = {}
    fold_models = []
    for fold in folds:
        model = LineModel.from_dict(export(fit(pages, [i for i in range(n) if i not in fold])))
        fold_models.append(model)
        for i in fold:
            held_out[i] = select(pages[i][1], [model.probability(list(x)) for x in pages[i][2]])
            article = extract_text(dumps[i], model=model)
            held_out_full[i], held_out_heads[i] = article.text, with_subheadings(article)
    cv = score_corpus((pages[i][4], held_out[i]) for i in range(n))
    cv_full = score_corpus((pages[i][4], held_out_full[i]) for i in range(n))
    cv_heads = score_corpus((pages[i][4], held_out_heads[i]) for i in range(n))
    nested = nested_smoothing(pages, dumps, fold_of, fold_models, args.folds) if args.nested else None
    final = export(fit(pages, list(range(n))))
    shipped = LineModel.from_dict(final)
    if args.snippet_train:
        snip = load_snippet_pages(args.snippets, dense=args.dense, from_prose=args.dense_from_prose)
        baseline = {"grouped_cv": round(cv_full.f1, 3)}
        if nested:
            baseline["grouped_cv_nested"] = round(nested[2], 3)
        for weight, teacher_weight in itertools.product(args.snippet_weight, args.teacher_weight):
            extra = snippet_experiment(args, pages, dumps, fold_of, fold_models, shipped, snip, weight, baseline,
                                       teacher_weight)
            tag = f"-t{teacher_weight:g}" if args.dense else ""
            path = args.out.with_name(f"{args.out.stem}-snippets-w{weight:g}{tag}.json")
            path.write_text(json.dumps(extra, separators=(",", ":")), encoding="utf-8")
            print(f"wrote {path} (news + half A, snippet weight {weight:g})")
    insample = score_corpus(
        (p[4], extract_text(dumps[i], model=shipped).text) for i, p in enumerate(pages)
    )
    args.out.write_text(json.dumps(final, separators=(",", ":")), encoding="utf-8")
    print(f"pages={n} lines={sum(len(p[1]) for p in pages)} features={len(FEATURE_NAMES)}")
    print(f"{args.folds}-fold cross-validated, line selection only: P={cv.precision:.3f} R={cv.recall:.3f} "
          f"F1={cv.f1:.3f}")
    print(f"{args.folds}-fold cross-validated, full extract_text (headline): P={cv_full.precision:.3f} "
          f"R={cv_full.recall:.3f} F1={cv_full.f1:.3f}")
    print(f"{args.folds}-fold cross-validated, full extract_text with subheadings put back in the text "
          f"(not the headline): P={cv_heads.precision:.3f} R={cv_heads.recall:.3f} F1={cv_heads.f1:.3f}")
    if nested:
        print(f"{args.folds}-fold cross-validated, full extract_text, smoothing chosen inside the folds (nested): "
              f"P={nested[0]:.3f} R={nested[1]:.3f} F1={nested[2]:.3f}")
    print(f"in-sample, full extract_text (shipped model, optimistic): P={insample.precision:.3f} "
          f"R={insample.recall:.3f} F1={insample.f1:.3f}")
    check = snippet_check(args.snippets, shipped)
    if check:
        print(f"confirmation on the snippet set's text dumps (out-of-sample, trafilatura's snippet metric): "
              f"P={check[0]:.3f} R={check[1]:.3f} F1={check[2]:.3f} pages={check[3]} empty={check[4]}")
    print("ten worst pages in cross-validation (id, precision, recall, lines):")
    worst = sorted(range(n), key=lambda i: _page_f1(pages[i][4], held_out_full[i]))[:10]
    for i in worst:
        s = score_page(pages[i][4], held_out_full[i])
        print(f"  {pages[i][0][:12]}  P={s.precision or 0:.2f} R={s.recall or 0:.2f}  lines={len(pages[i][1])}")
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes) in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
