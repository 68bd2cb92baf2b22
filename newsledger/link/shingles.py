"""Words, paragraph fingerprints, shingles and MinHash signatures of an article body.

A body is compared by its word 5-grams ("shingles"): long enough that two
independently written reports of one event rarely share many (they share
names and short phrases, not runs of five words), short enough that a
reworded sentence costs only the shingles that cross it.  Shingles are hashed
to 32 bits with a rolling combination of per-word CRC-32s (stable across runs
and machines, unlike ``hash()``), so signatures can be stored and compared
with signatures made in another run.

A site's own boilerplate left in a body (newsletter pitches, "Read more"
lines, related headlines) would otherwise make every article of that site
look alike; paragraphs that recur in several articles of one publisher are
therefore dropped before shingling (see ``BoilerplateCounts``).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from datasketch import LeanMinHash

SHINGLE_WORDS = 5
NUM_PERM = 128
SEED = 18  # fixed: stored signatures are only comparable with the same permutations
# A paragraph of at most this many words that recurs in this many articles of one
# publisher is that publisher's boilerplate.  Longer paragraphs are article text:
# the sample corpus's and the seed's site chrome lines are all under 40 words.
BOILERPLATE_MAX_WORDS = 40
BOILERPLATE_MIN_ARTICLES = 3

_WORD_RE = re.compile(r"\w+")
_MULT = np.uint32(1_000_003)  # odd multiplier of the rolling combination (wraps mod 2**32)

U32Array = npt.NDArray[np.uint32]

_token_cache: dict[str, int] = {}
_TOKEN_CACHE_MAX = 500_000


def words(text: str) -> list[str]:
    return _WORD_RE.findall(text.lower())


def _token_hashes(tokens: Sequence[str]) -> U32Array:
    cache = _token_cache
    missing = [t for t in set(tokens) if t not in cache]
    if missing:
        if len(cache) + len(missing) > _TOKEN_CACHE_MAX:
            cache.clear()  # bounded: a cache, not a vocabulary
            missing = list(set(tokens))
        for t in missing:
            cache[t] = zlib.crc32(t.encode("utf-8"))
    return np.fromiter(map(cache.__getitem__, tokens), dtype=np.uint32, count=len(tokens))


def paragraph_hash(tokens: Sequence[str]) -> int:
    return zlib.crc32(" ".join(tokens).encode("utf-8"))


def shingle_hashes(tokens: Sequence[str]) -> U32Array:
    """The distinct 32-bit hashes of the word 5-grams of ``tokens``."""
    if len(tokens) < SHINGLE_WORDS:
        return np.zeros(0, dtype=np.uint32)
    toks = _token_hashes(tokens)
    n = len(tokens) - SHINGLE_WORDS + 1
    acc = np.zeros(n, dtype=np.uint32)
    for i in range(SHINGLE_WORDS):
        acc = acc * _MULT + toks[i:i + n]
    return np.unique(acc)


def publisher_key(publisher: str | None) -> int | None:
    if not publisher:
        return None
    return zlib.crc32(publisher.strip().lower().encode("utf-8"))


def boilerplate_key(pub: int, phash: int) -> int:
    return (pub << 32) | phash


class BoilerplateCounts:
    """How many articles of each publisher hold each short paragraph.

    Counts only short paragraphs (``BOILERPLATE_MAX_WORDS``) so the table stays
    small: a million articles of one site add one entry per distinct short line.
    """

    def __init__(self) -> None:
        self.counts: dict[int, int] = {}

    def add(self, pub: int | None, phashes: Iterable[int]) -> list[int]:
        """Count one article's short paragraphs; return the keys that just became boilerplate."""
        if pub is None:
            return []
        crossed = []
        for ph in set(phashes):
            key = boilerplate_key(pub, ph)
            n = self.counts.get(key, 0) + 1
            self.counts[key] = n
            if n == BOILERPLATE_MIN_ARTICLES:
                crossed.append(key)
        return crossed

    def remove(self, pub: int | None, phashes: Iterable[int]) -> None:
        if pub is None:
            return
        for ph in set(phashes):
            key = boilerplate_key(pub, ph)
            n = self.counts.get(key, 0) - 1
            if n <= 0:
                self.counts.pop(key, None)
            else:
                self.counts[key] = n

    def is_boilerplate(self, pub: int | None, phash: int) -> bool:
        if pub is None:
            return False
        return self.counts.get(boilerplate_key(pub, phash), 0) >= BOILERPLATE_MIN_ARTICLES


def split_paragraphs(paragraphs: Sequence[str]) -> list[tuple[int | None, list[str]]]:
    """Tokenise each paragraph; short ones carry their fingerprint, long ones None."""
    out: list[tuple[int | None, list[str]]] = []
    for p in paragraphs:
        toks = words(p)
        if not toks:
            continue
        out.append((paragraph_hash(toks) if len(toks) <= BOILERPLATE_MAX_WORDS else None, toks))
    return out


def body_shingles(
    paras: Sequence[tuple[int | None, list[str]]], pub: int | None, bp: BoilerplateCounts
) -> U32Array:
    """Shingles of the body with this publisher's boilerplate paragraphs left out.

    Shingles run across paragraph breaks (a copy may split or join paragraphs),
    so the kept paragraphs are joined into one word sequence.
    """
    tokens: list[str] = []
    for ph, toks in paras:
        if ph is not None and bp.is_boilerplate(pub, ph):
            continue
        tokens.extend(toks)
    return shingle_hashes(tokens)


class Signer:
    """MinHash signatures by datasketch (scheme affine32), made from precomputed shingle hashes."""

    def __init__(self, num_perm: int = NUM_PERM, seed: int = SEED) -> None:
        from datasketch import MinHash

        self._minhash = MinHash
        self.num_perm = num_perm
        self.seed = seed
        template = MinHash(num_perm=num_perm, seed=seed, scheme="affine32")
        self.permutations: Any = template.permutations

    def sign(self, shingles: U32Array) -> U32Array:
        """The datasketch MinHash of a set of shingle hashes, as its hash values."""
        m = self._minhash(
            num_perm=self.num_perm, seed=self.seed, hashfunc=int, permutations=self.permutations,
            scheme="affine32",
        )
        m.update_batch(shingles.tolist())
        return np.asarray(m.hashvalues, dtype=np.uint32)

    def lean(self, values: U32Array) -> LeanMinHash:
        """A datasketch LeanMinHash of stored hash values (for datasketch's own comparisons)."""
        from datasketch import LeanMinHash

        return LeanMinHash(seed=self.seed, hashvalues=values, scheme="affine32")


def signature_from_bytes(data: bytes) -> U32Array:
    return np.frombuffer(data, dtype=np.uint32).copy()


def signature_bytes(sig: U32Array) -> bytes:
    return bytes(np.ascontiguousarray(sig, dtype=np.uint32).tobytes())
