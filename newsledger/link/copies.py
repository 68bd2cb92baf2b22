"""Copies: which articles are the same text, and which of them is the original.

Each body is reduced to a MinHash signature (datasketch, 128 permutations)
of its word 5-grams.  Candidate pairs come from locality-sensitive hashing
over the signatures with bands of two rows (64 bands): a pair sharing a fifth
of its shingles is a candidate with probability 0.94, a pair sharing a third
with 0.999.  The bands are that loose because a trimmed copy's *resemblance*
(Jaccard) to its original is low even when it is wholly contained in it.
Each candidate pair is then decided on *containment*, the share of the
smaller body found in the larger, estimated from the two signatures and set
sizes:  |A ∩ B| = J (|A| + |B|) / (1 + J).  A pair is a copy when at least
half of the smaller body is in the larger and they share at least
``MIN_SHARED`` shingles.  Groups are the connected components of copy pairs.

The banding is done here with numpy sort-and-compare over the stacked
signatures, not with datasketch's ``MinHashLSH``: at 64 bands its dict-of-sets
tables took 405 MB and 14 s to hold 20,000 signatures on this machine
(docs/linking.md), which a 100,000-article run cannot afford; the arrays
take 8 bytes per band and article.

Incremental: ``CopyLinker.update`` signs only new or changed articles and
pairs them with everything seen, so adding articles does not recompute the
rest; groups are then recomputed from the pairs, which is cheap.  Every
decision depends only on the final set of articles, not on the order they
came in (tests/test_link_copies.py checks it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from newsledger.link.shingles import (
    BoilerplateCounts,
    Signer,
    U32Array,
    body_shingles,
    publisher_key,
    split_paragraphs,
)

LSH_ROWS = 2  # rows per band; bands = permutations / rows
MAX_RUN_OFFSET = 64  # within a run of equal band keys, pair each with its next 64 (a chain still connects them)
MIN_SHINGLES = 25  # a body under ~30 words is never grouped: too little to tell a copy from a coincidence
MIN_SHARED = 20
MIN_CONTAINMENT = 0.5

I64Array = npt.NDArray[np.int64]
TextOf = Callable[[int], tuple[Sequence[str], str | None]]


@dataclass(slots=True)
class LinkArticle:
    """What deciding the original needs of one stored article."""

    id: int
    sha256: str
    paragraphs: list[str]
    title: str | None = None
    publisher: str | None = None
    original_publisher: str | None = None
    byline: str | None = None
    published: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    original_url: str | None = None


@dataclass(slots=True)
class Signed:
    sig: U32Array | None  # None: too short to group
    size: int
    pub: int | None
    phashes: list[int]  # short paragraphs' fingerprints (boilerplate counting)


@dataclass(slots=True)
class CopyGroup:
    original: int
    members: list[int]  # original first, then the copies by id
    evidence: str
    containment: dict[int, float] = field(default_factory=dict)  # copy id -> share of it in the original


def containment(a: U32Array, size_a: int, b: U32Array, size_b: int) -> tuple[float, float]:
    """(containment of the smaller in the larger, estimated shared shingles)."""
    j = float(np.count_nonzero(a == b)) / len(a)
    shared = j * (size_a + size_b) / (1.0 + j)
    return min(1.0, shared / max(1, min(size_a, size_b))), shared


def candidate_pairs(sigs: npt.NDArray[np.uint32], new: npt.NDArray[np.bool_]) -> tuple[I64Array, I64Array]:
    """Row pairs (a < b) that share a band, at least one of them new, each pair once.

    Pairs are kept as one int64 code (a * n + b) and deduplicated after every band,
    so memory follows the number of distinct candidate pairs, not pairs times bands.
    """
    n = len(sigs)
    empty = np.zeros(0, dtype=np.int64)
    if n < 2:
        return empty, empty
    bands = np.ascontiguousarray(sigs).view(np.uint64)  # two 32-bit rows make one 64-bit band key
    codes = empty
    for j in range(bands.shape[1]):
        keys = bands[:, j]
        order = np.argsort(keys, kind="stable")
        k = keys[order]
        found = [codes]
        for d in range(1, min(MAX_RUN_OFFSET, n - 1) + 1):
            same = np.flatnonzero(k[:-d] == k[d:])
            if len(same) == 0:
                break
            a, b = order[same], order[same + d]
            keep = new[a] | new[b]
            lo, hi = np.minimum(a[keep], b[keep]), np.maximum(a[keep], b[keep])
            found.append(lo.astype(np.int64) * n + hi)
        if len(found) > 1:
            codes = np.unique(np.concatenate(found))
    return codes // n, codes % n


class CopyLinker:
    """Signatures, boilerplate counts and copy pairs of a set of articles, in memory."""

    def __init__(self, signer: Signer | None = None) -> None:
        self.signer = signer or Signer()
        self.signed: dict[int, Signed] = {}
        self.boilerplate = BoilerplateCounts()
        self.pairs: dict[int, dict[int, float]] = {}

    # -- state ------------------------------------------------------------
    def _drop_pairs(self, aid: int) -> None:
        for other in self.pairs.pop(aid, {}):
            peers = self.pairs.get(other)
            if peers is not None:
                peers.pop(aid, None)
                if not peers:
                    del self.pairs[other]

    def _add_pair(self, a: int, b: int, c: float) -> None:
        self.pairs.setdefault(a, {})[b] = c
        self.pairs.setdefault(b, {})[a] = c

    def load(self, aid: int, sig: U32Array | None, size: int, pub: int | None, phashes: list[int]) -> None:
        """Restore a stored signature (no pairs are computed here)."""
        self.signed[aid] = Signed(sig, size, pub, phashes)
        self.boilerplate.add(pub, phashes)

    def load_pair(self, a: int, b: int, c: float) -> None:
        self._add_pair(a, b, c)

    def remove(self, aid: int) -> None:
        s = self.signed.pop(aid, None)
        if s is None:
            return
        self._drop_pairs(aid)
        self.boilerplate.remove(s.pub, s.phashes)

    # -- work -------------------------------------------------------------
    def update(self, articles: Iterable[tuple[int, Sequence[str], str | None]],
               text_of: TextOf | None = None) -> set[int]:
        """Add or replace articles given as (id, paragraphs, publisher); return the ids (re)signed.

        ``text_of(id)`` gives (paragraphs, publisher) of any article, for the signing pass and
        for an already-known article whose signature must be remade because one of its
        paragraphs just became boilerplate.  Without it the given paragraphs are kept in memory
        until signed, and a paragraph turning into boilerplate is an error.
        """
        # Two passes so that boilerplate is known before anything is signed, whatever the
        # order: the first only counts short paragraphs, the second shingles.  Word lists
        # are not kept between them (at 100,000 articles they took gigabytes): the second
        # pass reads the text again through ``text_of`` where it is given.
        pending: set[int] = set()
        kept: dict[int, Sequence[str]] = {}
        crossed: set[int] = set()
        for aid, paragraphs, publisher in articles:
            self.remove(aid)
            pub = publisher_key(publisher)
            phashes = [ph for ph, _ in split_paragraphs(paragraphs) if ph is not None]
            crossed.update(self.boilerplate.add(pub, phashes))
            self.signed[aid] = Signed(None, 0, pub, phashes)
            pending.add(aid)
            if text_of is None:
                kept[aid] = paragraphs
        if crossed:
            # A paragraph just became boilerplate for its publisher: every article of that
            # publisher holding it is re-signed without it, whatever order they came in.
            if text_of is None:
                raise ValueError("re-signing after new boilerplate needs text_of")
            for aid, s in self.signed.items():
                if aid not in pending and s.pub is not None and any(
                    ((s.pub << 32) | ph) in crossed for ph in s.phashes
                ):
                    pending.add(aid)
        for aid in sorted(pending):
            self._drop_pairs(aid)
            s = self.signed[aid]
            paragraphs = kept.pop(aid) if aid in kept else text_of(aid)[0] if text_of else []
            shingles: U32Array = body_shingles(split_paragraphs(paragraphs), s.pub, self.boilerplate)
            s.size = len(shingles)
            s.sig = self.signer.sign(shingles) if len(shingles) >= MIN_SHINGLES else None
        self._pair(set(pending))
        return set(pending)

    def _pair(self, pending: set[int]) -> None:
        live = [(aid, s) for aid, s in self.signed.items() if s.sig is not None]
        if not live or not any(aid in pending for aid, _ in live):
            return
        live.sort(key=lambda x: x[0])
        ids = np.array([aid for aid, _ in live], dtype=np.int64)
        sigs = np.stack([s.sig for _, s in live if s.sig is not None])
        sizes = np.array([s.size for _, s in live], dtype=np.float64)
        new = np.array([aid in pending for aid, _ in live], dtype=np.bool_)
        ia, ib = candidate_pairs(sigs, new)
        if len(ia) == 0:
            return
        for start in range(0, len(ia), 200_000):  # bounded temporaries
            a, b = ia[start:start + 200_000], ib[start:start + 200_000]
            j = np.count_nonzero(sigs[a] == sigs[b], axis=1) / sigs.shape[1]
            shared = j * (sizes[a] + sizes[b]) / (1.0 + j)
            cont = np.minimum(1.0, shared / np.maximum(1.0, np.minimum(sizes[a], sizes[b])))
            ok = np.flatnonzero((cont >= MIN_CONTAINMENT) & (shared >= MIN_SHARED))
            for k in ok.tolist():
                self._add_pair(int(ids[a[k]]), int(ids[b[k]]), round(float(cont[k]), 4))

    @property
    def pair_count(self) -> int:
        return sum(len(p) for p in self.pairs.values()) // 2

    def components(self) -> list[list[int]]:
        """Groups of two or more, each sorted, in order of their smallest id."""
        seen: set[int] = set()
        out: list[list[int]] = []
        for start in sorted(self.pairs):
            if start in seen:
                continue
            stack, comp = [start], []
            seen.add(start)
            while stack:
                node = stack.pop()
                comp.append(node)
                for nxt in self.pairs.get(node, {}):
                    if nxt not in seen:
                        seen.add(nxt)
                        stack.append(nxt)
            out.append(sorted(comp))
        return out


# -- the original of a group ---------------------------------------------

# Wire agencies whose credit lines mark a text as theirs.  Hand-made from the
# issue's list ("(AP)", "By ..., The Associated Press", "Reuters", "AFP") and the
# seed's caption credits; each maps the ways it is written to one name.
WIRES: dict[str, tuple[str, ...]] = {
    "associated press": ("associated press", "(ap)", "ap news", "apnews.com"),
    "reuters": ("reuters",),
    "agence france-presse": ("agence france-presse", "agence france presse", "(afp)", "afp"),
}
_WIRE_DATELINE_RE = re.compile(r"^[A-Z][A-Za-z .,'-]{1,60}\((AP|AFP|Reuters)\)\s*[-—–]", re.MULTILINE)


def norm_url(url: str | None) -> str | None:
    """Scheme, www., query, fragment and trailing slash removed, lower-cased host."""
    if not url:
        return None
    u = url.strip()
    u = re.sub(r"^[a-z][a-z0-9+.-]*://", "", u, flags=re.IGNORECASE)
    u = u.split("#", 1)[0].split("?", 1)[0].rstrip("/")
    host, _, path = u.partition("/")
    host = host.lower()
    if host.startswith("www."):
        host = host[4:]
    return f"{host}/{path}" if path else host


def _host(url: str | None) -> str:
    n = norm_url(url)
    return n.split("/", 1)[0] if n else ""


def _wire_of(text: str | None) -> str | None:
    if not text:
        return None
    low = text.lower()
    for name, forms in WIRES.items():
        for f in forms:
            if f.startswith("("):
                if f in low:
                    return name
            elif re.search(rf"(?<![\w.]){re.escape(f)}(?![\w])", low):
                return name
    return None


def _credits(a: LinkArticle) -> set[str]:
    """Names this article gives as the text's author: wire credits and its original publisher."""
    out: set[str] = set()
    for text in (a.original_publisher, a.byline):
        w = _wire_of(text)
        if w:
            out.add(w)
    if a.original_publisher:
        out.add(a.original_publisher.strip().lower())
    head = "\n".join(a.paragraphs[:2])[:400]
    m = _WIRE_DATELINE_RE.search(head)
    if m:
        w = _wire_of(f"({m.group(1)})")
        if w:
            out.add(w)
    return out


def _is_by(a: LinkArticle, name: str) -> bool:
    """Is ``a`` published by ``name`` (a wire's canonical name or a publisher name)?"""
    pub = (a.publisher or "").strip().lower()
    if pub and (pub == name or _wire_of(pub) == name):
        return True
    host = _host(a.url or a.canonical_url)
    if not host:
        return False
    if _wire_of(host) == name:
        return True
    squeezed = re.sub(r"[^a-z0-9]", "", name)
    return bool(squeezed) and squeezed in re.sub(r"[^a-z0-9]", "", host)


def _date_key(a: LinkArticle) -> tuple[int, str, str]:
    # Articles without a date sort after every dated one; the content hash breaks ties
    # so the same set gives the same original on every run, in any order.
    return (0 if a.published else 1, (a.published or "")[:10], a.sha256)


def decide_original(members: Sequence[LinkArticle]) -> tuple[int, str]:
    """The original of a copy group and the evidence that decided it, in the issue's order:
    an explicit original/canonical link, a wire credit or dateline, the earliest date."""
    by_url: dict[str, LinkArticle] = {}
    for a in members:
        for u in (a.url, a.canonical_url):
            n = norm_url(u)
            if n:
                by_url.setdefault(n, a)
    # 1. explicit links: "Original story" / source link, or a canonical pointing at another member
    named: dict[int, list[str]] = {}
    for a in sorted(members, key=lambda m: m.id):
        targets = [(norm_url(a.original_url), "original-story link")]
        if norm_url(a.canonical_url) != norm_url(a.url) and a.url:
            targets.append((norm_url(a.canonical_url), "canonical link"))
        for target, kind in targets:
            b = by_url.get(target) if target else None
            if b is not None and b.id != a.id:
                named.setdefault(b.id, []).append(f"{kind} of article {a.id}")
    if named:
        best = max(named, key=lambda i: (len(named[i]), -i))
        return best, "link: " + "; ".join(named[best])
    linked_away = {a.id for a in members if a.original_url and norm_url(a.original_url) not in by_url}
    candidates = [a for a in members if a.id not in linked_away] or list(members)
    # 2. a wire credit or dateline in any member, naming a member's publisher
    credited: set[str] = set()
    for a in members:
        credited |= _credits(a)
    for name in sorted(credited):
        by = [a for a in candidates if _is_by(a, name)]
        if by:
            best_a = min(by, key=_date_key)
            return best_a.id, f"credit: {name}"
    # 3. the earliest publication date
    best_a = min(candidates, key=_date_key)
    dated = [a for a in candidates if a.published]
    if not dated:
        return best_a.id, "no date on any copy: smallest content hash"
    ties = [a for a in dated if (a.published or "")[:10] == (best_a.published or "")[:10]]
    note = f"earliest date {(best_a.published or '')[:10]}"
    if len(ties) > 1:
        note += f" (tied with {len(ties) - 1} other(s): smallest content hash)"
    return best_a.id, note


def build_groups(linker: CopyLinker, meta: dict[int, LinkArticle]) -> list[CopyGroup]:
    groups: list[CopyGroup] = []
    for comp in linker.components():
        members = [meta[i] for i in comp if i in meta]
        if len(members) < 2:
            continue
        orig, evidence = decide_original(members)
        copies = sorted(i for i in comp if i != orig)
        cont = {i: linker.pairs.get(orig, {}).get(i, 0.0) for i in copies}
        groups.append(CopyGroup(orig, [orig, *copies], evidence, cont))
    return groups
