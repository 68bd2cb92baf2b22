"""Where a verb cue ends: the phrases beside the verb group that PolNeAR's annotators put inside the cue.

``cuegroup.cue_tokens`` gives the verb group (auxiliaries, negation, adverbs, particles, a linking
preposition).  The gold cue often runs further: over a time phrase ("said Tuesday", "said earlier this
week"), a medium ("said in an interview with the Courier"), a listener ("told reporters"), an object and
its preposition ("issued a formal complaint to", "kept mum about"), a verb the cue governs ("appeared to
insinuate"), or the verb that governs the cue ("is likely to stress").  Where it does depends on the
phrase, so a small learned model decides, one phrase at a time, walking outwards from the verb group:

- a *unit* is the next phrase beside the cue that hangs, in the parse, from a word already in the cue
  (a dependent: its head word with what stands between it and the cue, "an interview" of "in an
  interview"), or the word the cue hangs from (the governing verb or adjective, on the left);
- the model (``cue_bounds_model.json``, a logistic regression over the unit's dependency, part of speech,
  word class, side, distance, the cue verb's lemma: ``unit_features``) says whether the unit is inside
  the cue; the walk stops at the first unit it rejects, so the cue stays one contiguous span;
- a unit never takes a word of the attribution's content or source (those keep every word).

Trained by ``scripts/train_cue_bounds.py`` on PolNeAR train[0:560], threshold chosen end to end on
train[560:700]; names, handles, URLs and numbers enter only as their class (``cuemodel._lex``).
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from newsledger import settings
from newsledger.analyze.cuemodel import _lex
from newsledger.analyze.syntax import WHEN_WORDS
from newsledger.analyze.weights import logistic, shipped, weights_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# At most this many units on each side: the gold cues of train[0:560] that run past the verb group
# run over one to four phrases (scripts/train_cue_bounds.py counts them).
MAX_STEPS = 4

# Month names and parts of the day: with WHEN_WORDS (weekdays, "today", ...) the class "time" of a
# unit's word ("said Tuesday night", "earlier this week").  Written by hand from the calendar.
_TIME_NOUNS = frozenset(
    {
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "morning", "afternoon", "evening", "night", "week", "weekend", "month",
        "year", "day", "days", "weeks", "months", "years", "time", "hour", "hours", "minute", "moment",
        "earlier", "later", "ago", "recently", "last", "next",
    }
)


@dataclass(frozen=True, slots=True)
class Unit:
    """One phrase beside the cue: tokens ``lo..hi`` (inclusive), the word that heads it, how it
    attaches (``child``: it hangs from a cue word; ``head``: a cue word hangs from it), and its side."""

    lo: int
    hi: int
    head: Token
    attach: str
    side: str
    step: int


def _word_class(tok: Token) -> str:
    low = tok.lower_
    if low in WHEN_WORDS or low in _TIME_NOUNS or tok.lemma_.lower() in _TIME_NOUNS:
        return "time"
    if tok.pos_ == "PRON":
        return "pron"
    if tok.pos_ == "PROPN" or tok.like_num:
        return _lex(tok)
    return tok.pos_


def _blocked(tok: Token, blocked: Sequence[tuple[int, int]]) -> bool:
    start, end = tok.idx, tok.idx + len(tok.text)
    return any(start < e and s < end for s, e in blocked)


def _right_unit(doc: Doc, cue: set[int], hi: int, sent: Span, step: int) -> Unit | None:
    if hi + 1 >= sent.end:
        return None
    t = doc[hi + 1]
    if t.is_punct or t.is_space:
        return None
    x = t
    while x.head.i not in cue:
        up = x.head
        if up.i == x.i or up.left_edge.i != t.i:
            return None
        x = up
    if x.i < t.i:
        return None
    return Unit(t.i, x.i, x, "child", "R", step)


def _left_unit(doc: Doc, cue: set[int], lo: int, sent: Span, step: int) -> Unit | None:
    if lo - 1 < sent.start:
        return None
    t = doc[lo - 1]
    if t.is_punct or t.is_space:
        return None
    if any(doc[i].head.i == t.i for i in cue):
        return Unit(t.i, t.i, t, "head", "L", step)
    x = t
    while x.head.i not in cue:
        up = x.head
        if up.i == x.i or up.right_edge.i != t.i:
            return None
        x = up
    if x.i > t.i:
        return None
    return Unit(x.i, t.i, x, "child", "L", step)


def unit_features(doc: Doc, unit: Unit, verb: Token, cue: set[int], blocked: Sequence[tuple[int, int]]) -> list[str]:
    """What the model reads about one unit: no names (``_lex``), only classes and function words."""
    a = unit.head
    lemma = verb.lemma_
    side = unit.side
    first = doc[unit.lo] if side == "R" else doc[unit.hi]
    # A governing word is known by how the cue word hangs from it.
    rel = next((doc[i].dep_ for i in sorted(cue) if doc[i].head.i == a.i), "?") if unit.attach == "head" else a.dep_
    word = _lex(a, word=a.lemma_.lower()) if a.pos_ in ("ADP", "SCONJ", "PART", "ADV", "AUX", "VERB", "ADJ") else ""
    cls = _word_class(a)
    n = unit.hi - unit.lo + 1
    pobj = next((c for c in a.children if c.dep_ in ("pobj", "pcomp")), None) if a.dep_ == "prep" else None
    after = unit.hi + 1 if side == "R" else unit.lo - 1
    beside_blocked = 0 <= after < len(doc) and _blocked(doc[after], blocked)
    feats = [
        "bias",
        f"side={side}",
        f"step={min(unit.step, 2)}|{side}",
        f"attach={unit.attach}|{side}",
        f"rel={rel}|{side}",
        f"rel+pos={rel}|{a.pos_}|{side}",
        f"pos={a.pos_}|{side}",
        f"tag={a.tag_}",
        f"class={cls}|{side}",
        f"rel+class={rel}|{cls}",
        f"len={min(n, 5)}|{side}",
        f"first_dep={first.dep_}|{side}",
        f"lemma={lemma}|{side}",
        f"lemma+rel={lemma}|{rel}|{side}",
        f"blocked_next={beside_blocked}|{side}",
        f"rel+blocked_next={rel}|{beside_blocked}|{side}",
        f"verb_dep={verb.dep_}",
    ]
    if word:
        feats += [f"word={word}|{side}", f"lemma+word={lemma}|{word}|{side}", f"rel+word={rel}|{word}|{side}"]
    if pobj is not None:
        pcls = _word_class(pobj)
        feats += [
            f"pobj_class={pcls}",
            f"prep+pobj_class={word}|{pcls}",
            f"pobj_blocked={_blocked(pobj, blocked)}",
            f"prep+pobj_blocked={word}|{_blocked(pobj, blocked)}",
        ]
        if pobj.pos_ == "NOUN":
            feats.append(f"prep+pobj={word}|{_lex(pobj, word=pobj.lemma_.lower())}")
    elif a.pos_ == "NOUN":
        feats.append(f"noun={_lex(a, word=a.lemma_.lower())}|{side}")
        feats.append(f"rel+noun={rel}|{_lex(a, word=a.lemma_.lower())}")
        preps = [c.lower_ for c in a.children if c.dep_ == "prep" and c.i > a.i]
        feats.append(f"noun_prep={preps[0] if preps else '-'}")
    return feats


def _takes_content(doc: Doc, unit: Unit, content: tuple[int, int] | None) -> bool | None:
    """Whether the unit takes the first words of the content (right side) or its last (left side),
    leaving some of it: allowed, the content then starts after the cue (``trimmed``).  None: the unit
    touches the content any other way, which it may not."""
    if content is None or not any(_blocked(doc[i], [content]) for i in range(unit.lo, unit.hi + 1)):
        return False
    first, last = doc[unit.lo], doc[unit.hi]
    if unit.side == "R" and first.idx <= content[0] and last.idx + len(last.text) < content[1]:
        return True
    if unit.side == "L" and last.idx + len(last.text) >= content[1] and first.idx > content[0]:
        return True
    return None


def core_end(doc: Doc, verb: Token, lo: int, hi: int) -> int:
    """Where the walk starts on the right: before a linking preposition that ends the cue
    (``cuegroup.cue_tokens`` adds one: "agrees with", "said of"), so that the model decides it with the
    rest; PolNeAR leaves it out about as often as it takes it in (``scripts/train_cue_bounds.py``)."""
    last = doc[hi]
    if hi > lo and hi > verb.i and last.dep_ == "prep" and last.head.i == verb.i:
        return hi - 1
    return hi


def walk(
    doc: Doc,
    verb: Token,
    lo: int,
    hi: int,
    sent: Span,
    blocked: Sequence[tuple[int, int]],
    content: tuple[int, int] | None = None,
) -> Generator[tuple[Unit, list[str]], bool, None]:
    """The units beside the cue tokens ``lo..hi`` with their features, right side first then left,
    each assuming the ones before it on its side were taken; the caller ``send``s True to take a unit
    and go on, False to stop that side.  A unit that would take a ``blocked`` word (the source, other
    cues) ends its side; one may take the first words of the ``content`` (PolNeAR's "has taken a swipe
    at X" where the parse gives the object as content), never all of it."""
    cue = set(range(lo, hi + 1))
    for side in ("R", "L"):
        for step in range(MAX_STEPS):
            unit = _right_unit(doc, cue, hi, sent, step) if side == "R" else _left_unit(doc, cue, lo, sent, step)
            if unit is None or any(_blocked(doc[i], blocked) for i in range(unit.lo, unit.hi + 1)):
                break
            takes = _takes_content(doc, unit, content)
            if takes is None:
                break
            feats = unit_features(doc, unit, verb, cue, [*blocked, *([content] if content else [])])
            feats += [f"takes_content={takes}", f"takes_content+rel={takes}|{feats[4]}"]
            take = yield unit, feats
            if not take:
                break
            cue.update(range(unit.lo, unit.hi + 1))
            lo, hi = min(lo, unit.lo), max(hi, unit.hi)


class CueBoundsModel:
    def __init__(self, weights: dict[str, float], threshold: float) -> None:
        self.weights = weights
        self.threshold = threshold

    def widen(
        self,
        doc: Doc,
        verb: Token,
        lo: int,
        hi: int,
        sent: Span,
        blocked: Sequence[tuple[int, int]],
        content: tuple[int, int] | None = None,
    ) -> tuple[int, int]:
        """The cue's token range ``lo..hi`` (inclusive) with the units the model takes."""
        gen = walk(doc, verb, lo, hi, sent, blocked, content)
        try:
            unit, feats = next(gen)
            while True:
                take = logistic(self.weights, feats) >= self.threshold
                if take:
                    lo, hi = min(lo, unit.lo), max(hi, unit.hi)
                unit, feats = gen.send(take)
        except StopIteration:
            pass
        return lo, hi


@lru_cache(maxsize=1)
def load_cue_bounds_model() -> CueBoundsModel | None:
    """The shipped model, or None where it has not been trained."""
    data = shipped(settings.CUE_BOUNDS_MODEL_FILE)
    if data is None:
        return None
    return CueBoundsModel(weights_of(data), float(data["threshold"]))


def active_cue_bounds_model() -> CueBoundsModel | None:
    """The model rule ``cue_bounds`` uses (looked up at each call, so a training script can swap it)."""
    return load_cue_bounds_model()
