"""The words of a cue: the verb group (auxiliaries, negation, adverbs,
particles, "in a statement", a linking preposition) and the phrasal cues
whose preposition's object is the content ("put the figure at X", "raised
questions about X")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsledger.analyze.cues import SPEECH_NOUNS
from newsledger.analyze.syntax import TIME_WORDS, WHEN_WORDS

if TYPE_CHECKING:
    from spacy.tokens import Token

# Adverbs that attach to the verb but introduce a clause of their own: never in the cue.
_WH_ADVERBS = frozenset({"when", "where", "how", "why", "while", "as", "so", "then", "however"})


# Prepositions annotators keep in the cue when they tie it to the content
# ("lashed out at", "touched on", "is accused of", "said of").
_LINK_PREPS = frozenset({"at", "on", "of", "about", "for", "against", "in", "with", "to", "over"})


def cue_tokens(verb: Token) -> list[Token]:
    """The verb group: auxiliaries (and the infinitive's "to"), negation,
    adverbs, particles, and a preposition that links the cue to its content."""
    doc = verb.doc
    group = {verb.i}
    for child in verb.children:
        if child.dep_ in ("aux", "auxpass", "neg", "prt") or (
            child.dep_ in ("advmod", "npadvmod")
            and child.lower_ not in _WH_ADVERBS
            and child.lower_ not in WHEN_WORDS
            and child.is_alpha
        ):
            group.add(child.i)
        elif child.dep_ == "prep" and child.lower_ in ("in", "on") and child.i > verb.i:
            # "said in a statement", "wrote on Twitter": the medium is part of the cue.
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            # PolNeAR's annotators mostly keep "in a statement" in the cue but
            # leave interviews, dates and outlets out (counted on train).
            if pobj is not None and pobj.lower_ == "statement" and pobj.right_edge.i - child.i <= 3:
                group.update(range(child.i, pobj.right_edge.i + 1))
    # Keep one contiguous span around the verb, as the guidelines ask.
    lo = hi = verb.i
    while lo - 1 in group:
        lo -= 1
    while hi + 1 in group:
        hi += 1
    nxt = doc[hi + 1] if hi + 1 < len(doc) else None
    if (
        nxt is not None
        and nxt.dep_ == "prep"
        and nxt.head.i == verb.i
        and nxt.lower_ in _LINK_PREPS
        and (verb.lemma_ not in ("say", "tell", "write", "add") or nxt.lower_ in ("of", "about"))
    ):
        pobj = next((c for c in nxt.children if c.dep_ in ("pobj", "pcomp")), None)
        if pobj is not None and pobj.lower_ not in TIME_WORDS and pobj.pos_ not in ("NUM",):
            hi += 1
    return [doc[i] for i in range(lo, hi + 1)]


# Verb + object + preposition phrases that report a figure or a position; the
# preposition's object is the content: "put the figure at 3,000", "stood by
# its earlier estimate".  verb lemma -> (object lemmas or None for no object,
# preposition, preposition-object lemmas or None for any).
_PHRASAL_CUES: dict[str, tuple[frozenset[str] | None, str, frozenset[str] | None]] = {
    "put": (
        frozenset({"figure", "number", "toll", "total", "count", "cost", "estimate", "tally", "damage", "loss"}),
        "at",
        None,
    ),
    "stand": (
        None,
        "by",
        frozenset(
            {
                "estimate",
                "figure",
                "statement",
                "claim",
                "account",
                "assessment",
                "report",
                "comment",
                "remark",
                "decision",
                "count",
                "number",
                "assertion",
                "story",
                "forecast",
                "finding",
                "prediction",
                "projection",
            }
        ),
    ),
}


# Objects that make their verb a cue when a preposition ties them to what they
# are about: "raised questions about X", "voiced support for X", "made no
# mention of X" (PolNeAR's annotators put the noun and the preposition in the cue).
_CUE_OBJECTS = SPEECH_NOUNS | frozenset(
    {"support", "attention", "word", "praise", "concern", "doubt", "mention", "complaint", "focus"}
)


_CUE_OBJECT_LINKS = frozenset({"about", "for", "of", "on", "against", "over", "to"})


def _object_cue(verb: Token) -> tuple[list[Token], Token] | None:
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None or obj.pos_ != "NOUN" or obj.lemma_.lower() not in _CUE_OBJECTS:
        return None
    preps = [c for c in obj.children if c.dep_ == "prep" and c.lower_ in _CUE_OBJECT_LINKS and c.i == obj.i + 1]
    for prep in preps:
        pobj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
        if pobj is not None:
            return [*(t for t in obj.subtree if t.i <= obj.i), prep], pobj
    return None


def phrasal_cue(verb: Token) -> tuple[list[Token], Token] | None:
    """(extra cue tokens, content root) of a phrasal cue: a figure or position
    phrase ("put the figure at"), else a speech noun object ("raised questions about")."""
    if verb.pos_ != "VERB":
        return None
    return figure_cue(verb) or _object_cue(verb)


def figure_cue(verb: Token) -> tuple[list[Token], Token] | None:
    """The phrases of ``_PHRASAL_CUES``: a cue whatever the cue model says."""
    spec = _PHRASAL_CUES.get(verb.lemma_)
    if spec is None or verb.pos_ != "VERB":
        return None
    objs, prep_word, pobjs = spec
    extra: list[Token] = []
    if objs is not None:
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is None or obj.lemma_.lower() not in objs:
            return None
        extra.extend(t for t in obj.subtree if t.i <= obj.i)
        # "put the figure at": the preposition may hang on the object.
        preps = [c for c in obj.children if c.dep_ == "prep" and c.lower_ == prep_word]
    else:
        preps = []
    preps += [c for c in verb.children if c.dep_ == "prep" and c.lower_ == prep_word and c.i > verb.i]
    for prep in preps:
        pobj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
        if pobj is None or (pobjs is not None and pobj.lemma_.lower() not in pobjs):
            continue
        return [*extra, prep], pobj
    return None
