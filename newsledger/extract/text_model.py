"""The learned line model for text dumps: gradient-boosted trees in plain Python.

The trees are trained by ``scripts/train_text_extractor.py`` and shipped as
JSON, so the core install needs neither numpy nor scikit-learn.  Per-line
probabilities are then smoothed with a two-state Viterbi pass, because an
article is mostly one contiguous run of lines: a lone short line inside the
article (a one-sentence paragraph) is kept, a lone long line in a sidebar is
dropped.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

MODEL_FILE = "text_model.json"


@dataclass(frozen=True)
class Tree:
    feature: tuple[int, ...]
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    value: tuple[float, ...]

    def leaf_value(self, x: list[float]) -> float:
        node = 0
        left, right, feature, threshold = self.left, self.right, self.feature, self.threshold
        while left[node] != -1:
            node = left[node] if x[feature[node]] <= threshold[node] else right[node]
        return self.value[node]


def _tree_source(t: Tree, node: int = 0) -> str:
    """One tree as a nested conditional expression over ``x``."""
    if t.left[node] == -1:
        return repr(float(t.value[node]))
    return (
        f"({_tree_source(t, t.left[node])} if x[{int(t.feature[node])}] <= {float(t.threshold[node])!r} "
        f"else {_tree_source(t, t.right[node])})"
    )


def _compile(trees: tuple[Tree, ...]) -> Callable[[list[float]], float]:
    """Sum of all trees' leaf values as one generated function.

    Walking node arrays in a Python loop costs more than the trees' arithmetic;
    a generated expression is several times faster.  Only numbers, cast to
    int and float, are written into the source, so a tampered model file can
    change scores but not run code.
    """
    body = " + ".join(_tree_source(t) for t in trees) or "0.0"
    namespace: dict[str, Any] = {}
    exec(compile(f"def _raw(x):\n    return {body}\n", "<text_model>", "exec"), namespace)
    fn: Callable[[list[float]], float] = namespace["_raw"]
    return fn


@dataclass(frozen=True)
class LineModel:
    features: tuple[str, ...]
    init: float
    learning_rate: float
    trees: tuple[Tree, ...]
    switch_penalty: float
    # Added to each line's log-odds before smoothing: the per-line model is trained to be right about lines
    # one at a time, and leans towards dropping a doubtful line that the article's run should keep.
    content_bias: float = 0.0
    _raw: Callable[[list[float]], float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_raw", _compile(self.trees))

    def probability(self, x: list[float]) -> float:
        raw = self.init + self.learning_rate * self._raw(x)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, raw))))

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> LineModel:
        trees = tuple(
            Tree(tuple(t["feature"]), tuple(t["threshold"]), tuple(t["left"]), tuple(t["right"]), tuple(t["value"]))
            for t in d["trees"]
        )
        return cls(tuple(d["features"]), float(d["init"]), float(d["learning_rate"]), trees,
                   float(d["switch_penalty"]), float(d.get("content_bias", 0.0)))


@lru_cache(maxsize=1)
def load_model() -> LineModel:
    raw = resources.files("newsledger.extract").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    return LineModel.from_dict(json.loads(raw))


def smooth(probs: list[float], switch_penalty: float, content_bias: float = 0.0) -> list[bool]:
    """Most likely content/boilerplate labelling given a cost per label switch.

    ``content_bias`` is added to each line's log-odds (0 leaves the probabilities as they are).
    """
    if not probs:
        return []
    eps = 1e-6
    if content_bias:
        probs = [1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, math.log(max(eps, p) / max(eps, 1 - p)) + content_bias))))
                 for p in probs]
    lp1 = [math.log(min(1.0, max(eps, p))) for p in probs]
    lp0 = [math.log(min(1.0, max(eps, 1 - p))) for p in probs]
    s0, s1 = lp0[0], lp1[0]
    back: list[tuple[int, int]] = []
    for i in range(1, len(probs)):
        stay0, move0 = s0, s1 - switch_penalty
        stay1, move1 = s1, s0 - switch_penalty
        back.append((0 if stay0 >= move0 else 1, 1 if stay1 >= move1 else 0))
        s0 = max(stay0, move0) + lp0[i]
        s1 = max(stay1, move1) + lp1[i]
    state = 1 if s1 > s0 else 0
    labels = [state]
    for b in reversed(back):
        state = b[state]
        labels.append(state)
    return [bool(x) for x in reversed(labels)]


def best_block(probs: list[float], floor: float) -> tuple[int, int]:
    """The contiguous run with the largest summed (p - floor); (0, 0) if none is positive."""
    best = cur = 0.0
    start = best_start = best_end = 0
    for i, p in enumerate(probs):
        v = p - floor
        if cur <= 0:
            cur, start = v, i
        else:
            cur += v
        if cur > best:
            best, best_start, best_end = cur, start, i + 1
    return best_start, best_end


def drop_repeats(lines: list[str], keep: list[bool], min_words: int = 3) -> list[bool]:
    """Unkeep a kept line that repeats an earlier kept line word for word.

    Some dumps hold the article twice (structured data dumped above the body,
    an AMP copy); the metric counts the second copy as noise, and a reader
    gains nothing from it.  Short lines ("Share") may legitimately repeat.
    """
    seen: set[str] = set()
    out = list(keep)
    for i, (line, k) in enumerate(zip(lines, keep, strict=True)):
        if not k:
            continue
        if line in seen and len(line.split()) >= min_words:
            out[i] = False
        seen.add(line)
    return out


def extend_lists(lines: list[str], keep: list[bool], probs: list[float], floor: float = 0.1,
                 max_words: int = 25) -> list[bool]:
    """Keep the list that a kept line ending in a colon announces ("Tour dates:").

    List items are short and shaped like menus, so the line model and the
    smoothing drop them; the colon is the article's own word that they follow.
    Items are taken while they are short and not clearly furniture.  Items the
    run already kept right after the head are stepped over first (extract/20):
    the smoothing often keeps the first item or two, next to the paragraph
    above, and stops mid-list, and the rest of the list was then lost.
    """
    out = list(keep)
    i, n = 0, len(lines)
    while i < n:
        if out[i] and lines[i].endswith(":") and i + 1 < n:
            j = i + 1
            # Kept items already in the run; a long line or another head ends the list.
            while j < n and out[j] and len(lines[j].split()) <= max_words and not lines[j].endswith(":"):
                j += 1
            if j < n and out[j]:
                i = j
                continue
            while j < n and not out[j] and probs[j] >= floor and len(lines[j].split()) <= max_words:
                out[j] = True
                j += 1
            i = j
        else:
            i += 1
    return out


# Heads that open what follows an article, never a part of it: the comment section, deals, trending and
# most-read lists.  "Related" and "More in ..." are left out on purpose: sites put those inside articles too.
END_HEAD_RE = re.compile(
    r"^\d+\s+(?:comments?|responses?|replies|thoughts?)\b.{0,160}$"  # "10 thoughts on “Title”"
    r"|^(?:comments?|responses?|replies|leave a (?:reply|comment)|join the (?:conversation|discussion)|deals"
    r"|read (?:these|this) next|trending(?: now| stories)?|latest(?: news| stories)?"
    r"|most (?:read|popular|viewed|shared)"
    r"|recommended(?: for you| stories)?|you (?:may|might) also like|about us)\s*(?:\(\d+\))?\s*[:.]?$",
    re.IGNORECASE,
)


def cut_at_end_head(lines: list[str], keep: list[bool], min_kept: int = 3, max_words: int = 30) -> list[bool]:
    """Unkeep everything after a comment-section or deals head that follows the article.

    Reader comments and deal blurbs are prose, so the line model keeps them; the head above them is
    the page's own word that the article is over.  The head must follow some kept text, so a
    "Trending" menu above the article cuts nothing.
    """
    out = list(keep)
    kept = 0
    for i, (line, k) in enumerate(zip(lines, keep, strict=True)):
        if k:
            kept += 1
        elif kept >= min_kept and len(line.split()) <= max_words and END_HEAD_RE.match(line):
            out[i:] = [False] * (len(out) - i)
            break
    return out


# Furniture lines that sit inside an article's run, where the smoothing keeps them (issue #15, extract/19):
# a "read also" promo label with the linked headline after its colon, in the languages of the tuning data
# ("Lea también: ...", "Lesen Sie auch: ...", "Read more: ..."), and a photo credit ("Foto: Name",
# "... | © Agency", "(Credit: Name / Outlet)").  Both lists were written from the unwanted snippets that
# the held-out fold models kept on snippet half A (scripts/count_text_misses.py, 2026-12-01), then
# counted over every labelled line of the tuning data: promo lines are never body (half A 9 not-body,
# 0 body; news dumps 5 and 0), credit lines almost never (half A 25 and 1, news dumps 65 and 3).
PROMO_LABELS = (
    r"lea(?: también| más| además)?|le puede interesar|puede interesarte|puedes ver|vea(?: también)?"
    r"|mira(?: también)?|lee(?: también| más)?|te puede interesar|informate más|lesen sie (?:auch|hier|mehr)"
    r"|mehr (?:zum thema|dazu)|auch interessant|siehe auch|read also|see also|also read"
    r"|related|à lire aussi|lire aussi|voir aussi|leggi anche"
)
PROMO_LINE_RE = re.compile(rf"^(?:{PROMO_LABELS}|weiterlesen|read more|more|watch)\s*[:：]", re.IGNORECASE)
CREDIT_LINE_RE = re.compile(
    r"^(?:fotos?|bild(?:quelle)?|photos?|image|abbildung|credit|quelle|source)\s*[:：]"
    r"|(?:\bfotos?|\bbild(?:quelle)?|\bphotos?|\bcredit|\bimage)\s*:\s*[^.!?:]{1,60}\)?$|©[^.!?]{0,60}$"
    # extract/20: "(C) Name" spelled in ASCII after the caption (not at the line's start, where "(c)" numbers
    # a list item), and a Creative Commons licence tag ending the line ("flickr | CC BY-SA 2.0").
    r"|\s\(c\)\s*[^.!?()]{1,60}$|\bcc[ -]by(?:[ -](?:sa|nd|nc))*(?:[ -]\d\.\d)?\s*$",
    re.IGNORECASE,
)
FURNITURE_MAX_WORDS = 40  # a longer line is a paragraph that happens to mention a photo
# extract/21: the same "read also" labels (``PROMO_LABELS``) standing alone on their line ("Lesen Sie auch",
# "Leggi anche:", "Relacionados:"), with the linked headlines on the lines below.  "Read more", "Weiterlesen",
# "Watch" and a bare "More" are left out: they also label a "continue reading" button with the article's own
# text below (a news dump has one); "More:" with its colon stays.
# Counted over every labelled line of the tuning data (held-out fold outputs, 2026-12-02): the labels and up
# to three headline-like lines after each are not body in 11 of 11 half-A lines and 24 of 26 news lines
# (the other 2 were not kept anyway).
PROMO_HEAD_RE = re.compile(rf"^(?:{PROMO_LABELS}|more\s*[:：]|relacionad[oa]s)\s*[:：]?$", re.IGNORECASE)
PROMO_BLOCK_LINES = 3  # linked headlines taken after a lone label (chosen on the tuning measure: 1, 3, 5)
PROMO_ITEM_MAX_WORDS = 20


def drop_promos_and_credits(lines: list[str], keep: list[bool]) -> list[bool]:
    """Unkeep kept "read also" promo lines, lone promo labels with the headlines below them, and photo credits.

    They sit between paragraphs, so the run keeps them, and some read like prose (a headline after the
    label, a caption before the credit); the label or the credit is the page's own word that they are not
    the article.
    """
    out = [k and not (len(line.split()) <= FURNITURE_MAX_WORDS
                      and (PROMO_LINE_RE.match(line) or CREDIT_LINE_RE.search(line)))
           for line, k in zip(lines, keep, strict=True)]
    # A lone promo label and the headlines it links (short lines that end no sentence) go too.
    for i, line in enumerate(lines):
        if not PROMO_HEAD_RE.match(line):
            continue
        out[i] = False
        for j in range(i + 1, min(len(lines), i + 1 + PROMO_BLOCK_LINES)):
            if len(lines[j].split()) > PROMO_ITEM_MAX_WORDS or lines[j].rstrip().endswith((".", "!", "?", ":")):
                break
            out[j] = False
    return out
