"""Which verbs are attribution cues in context: a linear model over the parse.

Trained on PolNeAR's train split only, without its last 140 articles (the
regression guard's slice): ``scripts/train_cue_model.py``.  The weights ship
as JSON (with a manifest: data, command, scores) so that running it needs
neither scikit-learn nor pickles.  The features are the verb's lemma and what
surrounds it in the tree: does it take a clause, an infinitive, an object,
who its subject is.  Words that tie a model to one news cycle never become
features: names (proper nouns, capitalised words inside a sentence), @handles,
#hashtags, URLs and numbers are replaced by their class (``_lex``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from newsledger import settings
from newsledger.analyze.found import sentence_of, span_text
from newsledger.analyze.quotes import ALL_MARKS
from newsledger.analyze.weights import logistic, shipped, weights_of

if TYPE_CHECKING:
    from spacy.tokens import Token

MODEL_FILE = settings.CUE_MODEL_FILE


def _lex(tok: Token, *, word: str | None = None) -> str:
    """A word as a feature value, or its class where the word itself would
    only teach the model who was in the news (``subj_lemma=<name>``, never a
    person's name; ``prev=<handle>``, never a Twitter account)."""
    text = tok.text
    if text[:1] == "@" and len(text) > 1:
        return "<handle>"
    if text[:1] == "#" and len(text) > 1:
        return "<hashtag>"
    if tok.like_url or text.lower().startswith(("http", "www.")):
        return "<url>"
    if tok.like_num:
        return "<num>"
    # "not at its sentence's start", read from the token's own flag: ``tok.sent`` walks the whole sentence
    if tok.pos_ == "PROPN" or (text[:1].isupper() and tok.is_sent_start is not True and tok.lower_ != "i"):
        return "<name>"
    return word if word is not None else str(tok.lower_)


def features(tok: Token, in_quote: bool) -> list[str]:
    # The verb's own lemma stays a word unless it is markup; a verb the tagger
    # reads in a title-case headline is lower-cased by casing.py before parsing.
    lemma = _lex(tok, word=tok.lemma_) if tok.text[:1] in "@#" or tok.like_url else tok.lemma_
    children = list(tok.children)  # each walk of ``tok.children`` makes new Token objects
    deps = sorted({c.dep_ for c in children})
    feats = [
        "bias",
        f"lemma={lemma}",
        f"dep={tok.dep_}",
        f"tag={tok.tag_}",
        f"lemma+dep={lemma}|{tok.dep_}",
        f"head={_lex(tok.head, word=tok.head.lemma_)}" if tok.head.i != tok.i else "head=ROOT",
        f"quoted={in_quote}",
    ]
    for d in deps:
        feats.append(f"child={d}")
        feats.append(f"lemma+child={lemma}|{d}")
    for c in children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            feats.append(f"subj={c.tag_}")
            feats.append(f"subj_lower={c.lower_}" if c.tag_ == "PRP" else f"subj_ent={c.pos_}")
        elif c.dep_ in ("prep", "prt", "advmod", "aux", "neg"):
            feats.append(f"{c.dep_}={_lex(c)}")
            feats.append(f"lemma+{c.dep_}={lemma}|{_lex(c)}")
        elif c.dep_ == "mark":
            feats.append(f"mark={_lex(c)}")
    for c in children:
        if c.dep_ == "ccomp":
            feats.append("ccomp_has_that=" + str(any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)))
            feats.append("ccomp_subj=" + str(any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children)))
        elif c.dep_ in ("nsubj", "nsubjpass"):
            # Who or what does it: people speak, polls show, "it seems" rarely reports anyone.
            kind = "pron" if c.lower_ in _PERSONAL else c.pos_
            feats.append(f"lemma+subjkind={lemma}|{kind}")
            feats.append(f"subj_after={c.i > tok.i}")
            if c.pos_ == "NOUN":
                feats.append(f"subj_lemma={_lex(c, word=c.lemma_.lower())}")
        elif c.dep_ == "dobj":
            feats.append(f"dobj={_lex(c, word=c.lemma_.lower())}")
    # Quotation marks in the sentence, and right beside the verb ("...," she said).
    # ``Token.sent`` and ``Span.text`` each walk the sentence's tokens: taken once, not once per quotation mark
    # (they were a quarter of the passes' time on PolNeAR dev, 2026-12-02), and since session 11 not walked at
    # all: the sentence's bounds and the paragraph's text are kept on the Doc (found.py)
    sent = sentence_of(tok)
    sent_text = span_text(sent)
    quoted_sentence = any(m in sent_text for m in ALL_MARKS)
    lo = tok.idx - sent.start_char
    near = sent_text[max(0, lo - 4) : lo + len(tok.text) + 4]
    prev = _lex(tok.doc[tok.i - 1]) if tok.i > sent.start else "<s>"
    feats += [
        f"sent_quote={quoted_sentence}",
        f"lemma+sent_quote={lemma}|{quoted_sentence}",
        f"lemma+quoted={lemma}|{in_quote}",
        f"near_quote={any(m in near for m in ALL_MARKS)}",
        f"head_dep={tok.head.dep_}",
        f"prev={prev}",
    ]
    return feats


_PERSONAL = frozenset({"he", "she", "they", "i", "we", "it", "you", "who"})


class CueModel:
    def __init__(self, weights: dict[str, float], threshold: float) -> None:
        self.weights = weights
        self.threshold = threshold

    def probability(self, tok: Token, in_quote: bool) -> float:
        return logistic(self.weights, features(tok, in_quote))

    def is_cue(self, tok: Token, in_quote: bool) -> bool:
        return self.probability(tok, in_quote) >= self.threshold


@lru_cache(maxsize=1)
def load_cue_model() -> CueModel | None:
    """The shipped model, or None where it has not been trained."""
    data = shipped(MODEL_FILE)
    if data is None:
        return None
    return CueModel(weights_of(data), float(data["threshold"]))


def active_cue_model() -> CueModel | None:
    """The cue model the rules use: the shipped one unless
    ``settings.USE_CUE_MODEL`` is off (then the lexicons decide)."""
    return load_cue_model() if settings.USE_CUE_MODEL else None
