"""Stories: articles about the same event across outlets (not copies of one text).

Lexical and deterministic.  Each copy group counts once (its original stands
for it).  An article becomes two weighted term vectors: names (capitalised words
not opening a sentence) and other words of four letters or more, each
weighted by log term frequency times (smoothed) inverse document frequency
over the articles being linked, cut to the ``TOP_TERMS`` strongest and L2-normalised.
Articles are then taken in date order (ties by content hash, so the result does
not depend on ingest order) and each joins the story whose centroid it is most
similar to (the geometric mean of the names' cosine and the words' cosine,
at least ``JOIN_SIMILARITY``) among stories active within
``WINDOW_DAYS`` of its date, or starts a new one.  The label of a story is the
title of its most central article.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from sys import intern
from typing import Any

TOP_TERMS = 100
CENTROID_TERMS = 150
INDEX_TERMS = 20
JOIN_SIMILARITY = 0.2  # in-sample: chosen on the sample corpus, the tests' articles and bench/link.py's set
PSEUDO_DOCS = 1000
LABEL_MIN_WORDS = 150
WINDOW_DAYS = 7
MAX_DF_SHARE = 0.05  # words in more than 5% of articles say nothing about which event

# English function words and reporting verbs, hand-made (articles, pronouns,
# auxiliaries, prepositions, conjunctions, and the verbs news uses to attribute);
# capitalised forms of these open sentences and are not names.
_STOPWORDS_TEXT = """
a about above after again against all also although am an and another any are around as at be because been
before being below between both but by can could did do does doing down during each either even ever every
few for from further had has have having he her here hers herself him himself his how however i if in into
is it its itself just last least less many may me might more most much must my myself near neither never new
next no nor not now of off on once one only or other others our ours ourselves out over own per rather said
same says say saying she should since so some still such than that the their theirs them themselves then there
these they this those though through thus to today told too under until up upon us very was we were what when
where whether which while who whom whose why will with within without would yet you your yours yourself
according added announced asked claimed confirmed described explained reported stated suggested warned wrote
monday tuesday wednesday thursday friday saturday sunday january february march april june july august
september october november december mr mrs ms dr
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())

_TOKEN_RE = re.compile(r"[A-Za-z][A-Za-z'’]*[A-Za-z]")
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?:\"”])\s+|\n+")


@dataclass(slots=True)
class StoryInput:
    id: int
    sha256: str
    title: str | None
    text: str
    published: str | None


@dataclass(slots=True)
class Story:
    members: list[int]
    label: str
    first: str | None
    last: str | None
    centroid: dict[str, float] = field(default_factory=dict)


def terms(title: str | None, text: str) -> Counter[str]:
    """Name and word counts of one article (title counted like body text)."""
    out: Counter[str] = Counter()
    for chunk in (title or "", text):
        for sentence in _SENTENCE_SPLIT_RE.split(chunk):
            toks = _TOKEN_RE.findall(sentence)
            for k, w in enumerate(toks):
                low = w.lower()
                if len(low) < 3 or low in STOPWORDS:
                    continue
                if k and w[0].isupper():  # capitalised, not opening the sentence: a name
                    out[intern("@" + low)] += 1  # interned: 100,000 articles share one copy of each
                elif len(low) >= 4:
                    out[intern(low)] += 1
    return out


def _date(iso: str | None) -> date | None:
    if not iso or len(iso) < 10:
        return None
    try:
        return date.fromisoformat(iso[:10])
    except ValueError:
        return None


def _top(weights: dict[str, float], k: int) -> dict[str, float]:
    return dict(sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:k])


def _normalised(weights: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
    return {t: v / norm for t, v in weights.items()}


@dataclass(slots=True)
class Vector:
    """An article's names and words, each part cut to its strongest and normalised on its own."""

    names: dict[str, float]
    words: dict[str, float]


@dataclass(slots=True)
class _Centroid:
    names: dict[str, float] = field(default_factory=dict)  # sums over members
    words: dict[str, float] = field(default_factory=dict)
    top_names: dict[str, float] = field(default_factory=dict)
    top_words: dict[str, float] = field(default_factory=dict)
    norm_names: float = 1.0
    norm_words: float = 1.0

    def add(self, vec: Vector) -> None:
        for acc, part in ((self.names, vec.names), (self.words, vec.words)):
            for t, v in part.items():
                acc[t] = acc.get(t, 0.0) + v
        self.top_names = _top(self.names, CENTROID_TERMS)
        self.top_words = _top(self.words, CENTROID_TERMS)
        self.norm_names = math.sqrt(sum(v * v for v in self.top_names.values())) or 1.0
        self.norm_words = math.sqrt(sum(v * v for v in self.top_words.values())) or 1.0


def vector(counts: Counter[str], idf: dict[str, float]) -> Vector:
    names: dict[str, float] = {}
    words: dict[str, float] = {}
    for t, n in counts.items():
        w = idf.get(t)
        if w is None:
            continue
        (names if t.startswith("@") else words)[t] = (1.0 + math.log(n)) * w
    return Vector(_normalised(_top(names, TOP_TERMS)), _normalised(_top(words, TOP_TERMS)))


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def similarity(vec: Vector, c: _Centroid) -> float:
    """Geometric mean of the names' and the words' cosines: a story needs both.

    Shared names alone join an unrelated story of the same town and mayor; shared
    words alone join two floods in different countries.
    """
    names = _dot(vec.names, c.top_names) / c.norm_names
    if names <= 0.0:
        return 0.0
    words = _dot(vec.words, c.top_words) / c.norm_words
    return math.sqrt(names * max(0.0, words))


def cluster(items: Sequence[StoryInput]) -> list[Story]:
    """Stories of two or more articles and single-article stories alike, in date order."""
    counted = {it.id: terms(it.title, it.text) for it in items}
    df: Counter[str] = Counter()
    for c in counted.values():
        df.update(c.keys())
    n = max(1, len(items))
    max_df = max(2, int(MAX_DF_SHARE * n)) if n >= 40 else n
    # Smoothed as if PSEUDO_DOCS more articles held none of these words: in a handful of
    # articles a story's own names (in every one of them) would otherwise weigh less
    # than any one-off name; at thousands of articles the smoothing fades out.
    idf = {t: math.log((n + PSEUDO_DOCS) / (d + 1)) for t, d in df.items() if d <= max_df}
    vectors: dict[int, Vector] = {}
    for iid in list(counted):  # each count table goes as soon as its vector is made
        vectors[iid] = vector(counted.pop(iid), idf)
    order = sorted(items, key=lambda it: (_date(it.published) or date.max, it.sha256))
    stories: list[Story] = []
    centroids: list[_Centroid] = []
    last_day: list[date | None] = []
    # Candidates: stories whose strongest names include one of the article's strongest
    # names (a story needs shared names anyway: the similarity is 0 without).
    index: dict[str, set[int]] = {}
    for it in order:
        vec = vectors[it.id]
        day = _date(it.published)
        cands: set[int] = set()
        for t in _top(vec.names, INDEX_TERMS):
            cands |= index.get(t, set())
        best, best_sim = -1, JOIN_SIMILARITY
        for sid in sorted(cands):
            ld = last_day[sid]
            if day is not None and ld is not None and abs((day - ld).days) > WINDOW_DAYS:
                continue
            sim = similarity(vec, centroids[sid])
            if sim > best_sim or (best < 0 and sim == best_sim):
                best, best_sim = sid, sim
        if best < 0:
            best = len(stories)
            stories.append(Story([], "", it.published, it.published))
            centroids.append(_Centroid())
            last_day.append(day)
        st = stories[best]
        st.members.append(it.id)
        if day is not None and (last_day[best] is None or day > (last_day[best] or day)):
            last_day[best] = day
        if it.published and (st.first is None or it.published[:10] < st.first[:10]):
            st.first = it.published
        if it.published and (st.last is None or it.published[:10] > st.last[:10]):
            st.last = it.published
        cen = centroids[best]
        cen.add(vec)
        for t in _top(cen.top_names, INDEX_TERMS):
            index.setdefault(t, set()).add(best)
    titles = {it.id: it.title for it in items}
    lengths = {it.id: len(it.text.split()) for it in items}
    for st, cen in zip(stories, centroids, strict=True):
        # a one-line brief is trivially central; an article counts fully from LABEL_MIN_WORDS words
        central = max(st.members, key=lambda i: (
            similarity(vectors[i], cen) * min(1.0, lengths[i] / LABEL_MIN_WORDS), -i))
        st.label = (titles.get(central) or "").strip() or f"article {central}"
        st.centroid = {**cen.top_names, **cen.top_words}
        st.members.sort()
    return stories


# -- embeddings (``newsledger link --stories embeddings``) ------------------

EMBED_CENTRE = {"spacy": True, "minilm": False}  # see cluster_embedded
EMBED_JOIN_SIMILARITY = {"spacy": 0.5, "minilm": 0.5}  # in-sample: the tests' articles, see docs/linking.md


def cluster_embedded(items: Sequence[StoryInput], vectors: Any, threshold: float, *,
                     centre: bool = True) -> list[Story]:
    """Stories by embedding similarity, with the lexical method's order, time window and labels.

    ``vectors`` holds one row per item (same order), L2-normalised.  With ``centre``
    the rows are centred on their mean first, for embedders whose rows share a
    large common direction that would make any two articles look alike (spaCy's
    tok2vec means: raw cosines of unrelated articles are about 0.9).  Not for
    sentence embedders: in a small set mostly about one event the mean *is* that
    event, and centring would split it.
    Each article, in date order, joins the story whose centroid has the highest
    cosine (at least ``threshold``) among stories whose latest article is within
    ``WINDOW_DAYS`` of it, or starts a new one.
    """
    import numpy as np

    mat = np.asarray(vectors, dtype=np.float32)
    if len(items) != mat.shape[0]:
        raise ValueError(f"{len(items)} articles but {mat.shape[0]} vectors")
    if centre and len(items) > 1:
        mat = mat - mat.mean(axis=0, keepdims=True)
    norms = np.linalg.norm(mat, axis=1, keepdims=True)
    mat = (mat / np.where(norms > 0, norms, 1.0)).astype(np.float32)
    row = {it.id: k for k, it in enumerate(items)}
    order = sorted(items, key=lambda it: (_date(it.published) or date.max, it.sha256))
    stories: list[Story] = []
    sums = np.zeros((max(1, len(items)), mat.shape[1] if mat.ndim == 2 else 0), dtype=np.float64)
    last_ord = np.zeros(max(1, len(items)), dtype=np.int64)  # latest day as an ordinal; 0 for undated
    for it in order:
        vec = mat[row[it.id]]
        day = _date(it.published)
        n = len(stories)
        best = -1
        if n:
            cen = sums[:n]
            cnorm = np.linalg.norm(cen, axis=1)
            sims = (cen @ vec) / np.where(cnorm > 0, cnorm, 1.0)
            if day is not None:
                far = (last_ord[:n] > 0) & (np.abs(last_ord[:n] - day.toordinal()) > WINDOW_DAYS)
                sims[far] = -np.inf
            k = int(np.argmax(sims))  # the first of equals: the earliest story
            if sims[k] >= threshold and np.any(vec):
                best = k
        if best < 0:
            best = n
            stories.append(Story([], "", it.published, it.published))
        st = stories[best]
        st.members.append(it.id)
        sums[best] += vec
        if day is not None and day.toordinal() > last_ord[best]:
            last_ord[best] = day.toordinal()
        if it.published and (st.first is None or it.published[:10] < st.first[:10]):
            st.first = it.published
        if it.published and (st.last is None or it.published[:10] > st.last[:10]):
            st.last = it.published
    titles = {it.id: it.title for it in items}
    lengths = {it.id: len(it.text.split()) for it in items}
    for k, st in enumerate(stories):
        cen = sums[k] / (np.linalg.norm(sums[k]) or 1.0)
        central = max(st.members, key=lambda i: (
            float(mat[row[i]] @ cen) * min(1.0, lengths[i] / LABEL_MIN_WORDS), -i))
        st.label = (titles.get(central) or "").strip() or f"article {central}"
        st.members.sort()
    return stories
