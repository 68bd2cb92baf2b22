"""Dense labels by distillation for the HTML body: which blocks beside the chosen container join it.

    nice .venv/bin/python scripts/train_body_distill.py [--snippets ../shared/data/extraction-snippets]
                                                        [--news ../shared/data/extraction] [--cache FILE]

Issue #15.  The snippet set labels one to three passages a page, too few to
learn recall from (docs/extraction.md, "Fourth session").  Here every text
block of half A's pages gets a label: a block is body when it holds a wanted
snippet, not body when it holds only an unwanted one, and otherwise body when
its text lies in trafilatura's output for the page at the benchmarks' settings
(``include_comments=False``; at least half its word 4-grams, or a short block
as whole words), the teacher.  Half B's pages are never labelled by the teacher
and never trained on; the news set's blocks are labelled from its ground truth
(for the record only: the news pages are not used to choose anything here).

The candidates are the text blocks inside the scope the scorer already reads
beside the container (its nearest ``<article>``/``<main>`` up to
``STORY_SCOPE_LEVELS`` levels, else its ancestor ``INTRO_LEVELS`` up) that are
not already in the body.  A logistic model and shallow trees over general
block features (length, link share, sentence end, tag, position before,
between or after the container's blocks, distance in blocks, bold, the
scope's kind) predict the teacher's label; folds are grouped by site on half
A, the threshold that joins a block is chosen on half A's held-out
probabilities (snippet F1), and half B is run once with the model trained on
all of half A.

Counts first (printed): on half A, where the wanted snippets that trafilatura
finds and newsledger misses sit (in a candidate block, elsewhere), so the
upper bound of this lever is known before any model runs.
"""

from __future__ import annotations

import argparse
import math
import pickle
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from selectolax.lexbor import LexborHTMLParser, LexborNode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from _snippet_scores import f1_of, fmt  # noqa: E402  (the same snippet scoring as the levers)
from _snippet_scores import snippet_counts as counts  # noqa: E402
from train_text_extractor import label_line  # noqa: E402  (a block is labelled as a dump's line is)

from bench.extraction import Page, load_news, load_snippets, site_of  # noqa: E402
from newsledger.extract import html as html_mod  # noqa: E402
from newsledger.extract import html_body as hb  # noqa: E402
from newsledger.metrics import score_corpus, shingles  # noqa: E402

FOLDS = 5
args_rich = True  # the second feature set (images beside, repeated siblings, "By ", very short)
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(2, 20))
_END = (".", "!", "?", "。", "！", "？", '"', "”", "»", ")")
_TAG_GROUPS = (("p",), ("li", "dd", "dt"), ("div", "section", "td", "article", "main"),
               ("h2", "h3", "h4", "h5", "h6"), ("blockquote", "pre"))


@dataclass
class Cand:
    text: str
    features: list[float]
    label: int  # 1 body, 0 not (teacher or snippets; the news truth on news pages)
    order: int  # document order among the scope's blocks


@dataclass
class PageData:
    page: Page
    site: str
    base_text: str  # newsledger's Article.full_text as shipped
    method: str | None
    teacher: str
    cands: list[Cand] = field(default_factory=list)


def norm(text: str) -> str:
    return " ".join(text.split())


def label_of(text: str, page: Page, truth: str, truth_sh: set[tuple[str, ...]]) -> int:
    with_ = [norm(s) for s in page.with_]
    without = [norm(s) for s in page.without]
    pos = any(s and s in text for s in with_)
    neg = any(s and s in text for s in without)
    if pos and not neg:
        return 1
    if neg and not pos:
        return 0
    return label_line(text, truth_sh, truth)


def scope_of(best: LexborNode) -> tuple[LexborNode | None, bool]:
    scope = hb._enclosing(best, hb._STORY_SCOPES, hb.STORY_SCOPE_LEVELS)
    if scope is not None:
        return scope, True
    ups = hb._lead_scopes(best, hb.INTRO_LEVELS)
    return (ups[-1] if ups else None), False


def _repeats(node: LexborNode | None) -> int:
    """How many siblings of ``node`` share its tag and first class (a list of teaser cards repeats)."""
    if node is None or node.parent is None:
        return 0
    sig = hb._signature(node)
    return sum(1 for sib in node.parent.iter() if sib.mem_id != node.mem_id and hb._signature(sib) == sig)


def block_features(blocks: list[hb._Block], texts: list[str], i: int, inside: list[bool], semantic: bool,
                   body_chars: int, node: LexborNode | None = None) -> list[float]:
    text = texts[i]
    block = blocks[i]
    n = len(text)
    words = len(text.split())
    positions = [j for j, x in enumerate(inside) if x]
    first, last = (positions[0], positions[-1]) if positions else (i, i)
    dist = min((abs(i - j) for j in positions), default=len(blocks))
    letters = [c for c in text if c.isalpha()]
    tag = block.tag
    row = [
        math.log1p(n), math.log1p(words), min(1.0, block.link_chars / max(1, n)),
        float(text.endswith(_END)), float(hb._paragraph_score(text) > 0), float(hb.is_boilerplate_line(text)),
        float(i < first), float(i > last), float(first < i < last), math.log1p(dist), float(dist == 1),
        float(block.plain_chars == 0), float(semantic), math.log1p(n) - math.log1p(max(1, body_chars)),
        sum(c.isdigit() for c in text) / max(1, n), sum(c.isupper() for c in letters) / max(1, len(letters)),
        float(":" in text[:30] and not text.endswith(":")), float(n < 40), float(n < 120),
    ]
    row += [float(tag in group) for group in _TAG_GROUPS]
    if node is not None:
        parent = node.parent
        row += [
            float(parent is not None and parent.css_first("img, picture") is not None),
            math.log1p(_repeats(node)), math.log1p(_repeats(parent)),
            float(text[:3].lower() == "by "), float(len(text) < 5),
        ]
    return row


def candidates(page: Page, truth: str) -> list[Cand]:
    tree = LexborHTMLParser(page.html)
    root = tree.body
    if root is None:
        return []
    hb.remove_boilerplate(tree)
    best: list[LexborNode] = []

    def pick(sc: hb.Scores, order: list[int], final: dict[int, float]) -> int:
        best.append(sc.node[order[0]])  # the scorer's own winner, as shipped
        return order[0]

    containers = hb.find_container(root, pick)
    if not containers:
        return []
    scope, semantic = scope_of(best[0])
    if scope is None:
        return []
    in_body: set[int] = set()
    for c in containers:
        in_body.update(b.key for b in hb._blocks(c))
        in_body.add(c.mem_id)
    blocks = hb._blocks(scope)
    nodes = {n.mem_id: n for n in scope.traverse() if n.tag in hb.BLOCK_TAGS} if args_rich else {}
    texts = [norm(hb._join_parts(b.parts)) for b in blocks]
    inside = [b.key in in_body for b in blocks]
    body_chars = sum(len(t) for t, x in zip(texts, inside, strict=True) if x)
    truth_sh = set(shingles(truth))
    out = []
    for i, text in enumerate(texts):
        if inside[i] or not text:
            continue
        out.append(Cand(text, block_features(blocks, texts, i, inside, semantic, body_chars,
                                             nodes.get(blocks[i].key) if args_rich else None),
                        label_of(text, page, truth, truth_sh), i))
    return out


def joined(pd: PageData, probs: list[float], t: float) -> str:
    """The shipped body with the blocks at or above ``t`` added (only where the scorer's first pass made it)."""
    if pd.method != html_mod.METHOD_SCORE:
        return pd.base_text
    extra = [c.text for c, p in zip(pd.cands, probs, strict=True) if p >= t]
    return "\n\n".join([pd.base_text, *extra]) if extra else pd.base_text


def collect(page: Page, teacher_fn: object, truth: str | None) -> PageData:
    art = html_mod.extract_html(page.html, page.url)
    teacher = truth if truth is not None else str(teacher_fn(page.html, page.url))  # type: ignore[operator]
    pd = PageData(page, site_of(page.id, page.url) if truth is None else (page.url or page.id),
                  art.full_text, art.extraction_method, teacher)
    pd.cands = candidates(page, teacher)
    return pd


class Model:
    def __init__(self, make: object, xs: np.ndarray, ys: np.ndarray, ws: np.ndarray) -> None:
        self.mean = xs.mean(axis=0)
        self.scale = xs.std(axis=0)
        self.scale[self.scale == 0] = 1.0
        self.model = make()  # type: ignore[operator]
        self.model.fit((xs - self.mean) / self.scale, ys, sample_weight=ws)

    def probs(self, rows: list[list[float]]) -> list[float]:
        if not rows:
            return []
        return [float(p) for p in self.model.predict_proba((np.array(rows) - self.mean) / self.scale)[:, 1]]


def _logistic(c: float) -> object:
    # scikit-learn is imported where a model is made, so the labelling helpers import without it (tests).
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=3000)


def _trees() -> object:
    from sklearn.ensemble import GradientBoostingClassifier

    return GradientBoostingClassifier(n_estimators=100, max_depth=3, subsample=0.8, min_samples_leaf=20,
                                      random_state=1)


MODELS = {
    "logistic C=0.1": lambda: _logistic(0.1),
    "logistic C=1": lambda: _logistic(1.0),
    "trees 100 x depth 3": _trees,
}


def train_rows(pds: list[PageData]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xs, ys, ws = [], [], []
    for pd in pds:
        for c in pd.cands:
            xs.append(c.features)
            ys.append(c.label)
            ws.append(1.0 / len(pd.cands))  # pages weigh alike
    return np.array(xs), np.array(ys), np.array(ws)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    shared = ROOT.parent / "shared" / "data"
    ap.add_argument("--snippets", type=Path, default=shared / "extraction-snippets")
    ap.add_argument("--news", type=Path, default=shared / "extraction")
    ap.add_argument("--cache", type=Path, help="pickle of the collected blocks (scratch)")
    ap.add_argument("--with-news", action="store_true",
                    help="train on the news pages too (ground-truth labels), threshold chosen on both sets' CV")
    args = ap.parse_args(argv)
    from sklearn.model_selection import GroupKFold

    if not (args.snippets / "snippets.json").exists():
        print(f"snippet set not found at {args.snippets} (needs the read-only ../shared checkout)", file=sys.stderr)
        return 2
    t0 = time.time()
    if args.cache is not None and args.cache.exists():
        a, b, news = pickle.loads(args.cache.read_bytes())
    else:
        import trafilatura

        def teach(html: str, url: str | None) -> str:
            return str(trafilatura.extract(html, url=url, include_comments=False) or "")

        snip = load_snippets(args.snippets)
        a = [collect(p, teach, None) for p in snip if p.half == "A"]
        # Half B: candidates labelled by snippets only (an empty teacher), never trained on.
        b = [collect(p, lambda h, u: "", None) for p in snip if p.half == "B"]
        news = [collect(p, None, p.truth or "") for p in load_news(args.news)] if (
            args.news / "ground-truth.json").exists() else []
        if args.cache is not None:
            args.cache.write_bytes(pickle.dumps((a, b, news)))
    print(f"collected {len(a)} half A, {len(b)} half B, {len(news)} news pages in {time.time() - t0:.0f} s")

    # Counts: where the wanted snippets sit that the teacher finds and newsledger misses (half A).
    where = {"in a candidate block": 0, "elsewhere": 0}
    boiler = {"in a candidate block": 0, "elsewhere": 0}
    for pd in a:
        body, teacher = norm(pd.base_text), norm(pd.teacher)
        cand_text = " ".join(c.text for c in pd.cands)
        for s in map(norm, pd.page.with_):
            if s in teacher and s not in body:
                where["in a candidate block" if s in cand_text else "elsewhere"] += 1
        for s in map(norm, pd.page.without):
            if s in teacher and s not in body:
                boiler["in a candidate block" if s in cand_text else "elsewhere"] += 1
    n_cands = sum(len(pd.cands) for pd in a)
    print(f"half A: {n_cands} candidate blocks, {sum(c.label for pd in a for c in pd.cands)} labelled body;"
          f" wanted snippets trafilatura finds and newsledger misses: {where};"
          f" boilerplate ones trafilatura keeps and newsledger drops: {boiler}")
    for name, pds in (("half A", a), ("half B", b)):
        base = f1_of([counts(pd.page, pd.base_text) for pd in pds])
        every = f1_of([counts(pd.page, joined(pd, [1.0] * len(pd.cands), 0.5)) for pd in pds])
        print(f"{name}: shipped {fmt(base)}; every candidate block joined {fmt(every)}")
    oracle_a = f1_of([counts(pd.page, joined(pd, [float(c.label) for c in pd.cands], 0.5)) for pd in a])
    print(f"half A: the teacher's blocks joined (an upper bound of the lever): {fmt(oracle_a)}")

    # With --with-news the news pages train too (their blocks labelled from the ground truth), in the
    # same folds grouped by site, and the threshold is chosen on the mean of half A's and the news set's
    # held-out F1; otherwise half A alone trains and chooses, and the news set only confirms.
    train = a + news if args.with_news else a
    groups = [pd.site for pd in train]

    def objective(probs: list[list[float]], t: float) -> float:
        f_a = f1_of([counts(pd.page, joined(pd, probs[i], t)) for i, pd in enumerate(a)])[0]
        if not args.with_news:
            return f_a
        f_n = score_corpus((pd.teacher, joined(pd, probs[len(a) + i], t)) for i, pd in enumerate(news)).f1
        return (f_a + f_n) / 2

    for name, make in MODELS.items():
        held: list[list[float]] = [[] for _ in train]
        for fit_idx, test_idx in GroupKFold(n_splits=FOLDS).split(train, groups=groups):
            xs, ys, ws = train_rows([train[i] for i in fit_idx])
            model = Model(make, xs, ys, ws)
            for i in test_idx:
                held[i] = model.probs([c.features for c in train[i].cands])
        best_t, best_f = 1.01, objective(held, 1.01)
        for t in THRESHOLDS:
            f = objective(held, t)
            if f > best_f + 1e-9:
                best_t, best_f = t, f
        cv_a = f1_of([counts(pd.page, joined(pd, held[i], best_t)) for i, pd in enumerate(a)])[0]
        if args.with_news:
            cv_n = score_corpus((pd.teacher, joined(pd, held[len(a) + i], best_t)) for i, pd in enumerate(news)).f1
            print(f"  {name:22} held out: half A {cv_a:.4f}, news {cv_n:.4f}")
        best_f = cv_a
        full = Model(make, *train_rows(train))
        res_b = f1_of([counts(pd.page, joined(pd, full.probs([c.features for c in pd.cands]), best_t)) for pd in b])
        line = f"  {name:22} half A grouped CV F1 {best_f:.4f} at threshold {best_t:.2f}; half B {fmt(res_b)}"
        if news:
            s = score_corpus((pd.teacher, joined(pd, full.probs([c.features for c in pd.cands]), best_t))
                             for pd in news)
            line += f"; news {s.f1:.4f}"
        print(line)
    if news:
        s = score_corpus((pd.teacher, pd.base_text) for pd in news)
        print(f"news, shipped: {s.f1:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
