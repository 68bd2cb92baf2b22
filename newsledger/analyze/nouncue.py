"""Cues that are not verbs: nouns and adjectives ("her support for the levy",
"the union's call for a strike", "officials are wary of the plan"), found by a
learned model over the parse (rule ``noun_cue``).

The verb path (``verbcue.from_verb``) never looks at a noun, and the word-list
rules (``stance``, ``speech_noun``) take only a short list with a fixed shape.
Here every noun or adjective of a sentence that opens a complement (a
preposition, a "that"-clause or an infinitive after it) is a candidate; a
logistic regression over the word and its tree says whether PolNeAR's
annotators would make it a cue, and an accepted one becomes an attribution:

- cue: the word with the adjectives and adverbs before it and the linking
  preposition right after it ("long support for", "wary of");
- source: its owner ("her", "the union's", without the "'s"), else a "by" /
  "from" agent ("criticism from the mayor"), else the subject of the verb or
  "be" it hangs from ("she voiced support for", "officials are wary of");
  else none (PolNeAR leaves many noun cues without one);
- content: what the link opens (the preposition's object, the clause without
  its "that", the infinitive with its "to").

Trained by ``scripts/train_noun_cue_model.py`` on PolNeAR train only (the
slices of ``scripts/_polnear_slices.py``); shipped as JSON weights with a
manifest (``noun_cue_model.json``).  Words that would tie the model to one news
cycle never become features (``cuemodel._lex``: names, handles, hashtags,
URLs, numbers enter as their class).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from newsledger import settings
from newsledger.analyze.contents import complement
from newsledger.analyze.cuemodel import _lex
from newsledger.analyze.found import Found, doc_text
from newsledger.analyze.quotes import ALL_MARKS, Quote
from newsledger.analyze.syntax import RELATIVE, span_of, subtree_range, trim
from newsledger.analyze.weights import logistic, shipped, weights_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Prepositions that link a noun or adjective cue to what it is about.  Read off
# the gold noun and adjective cues of PolNeAR train[:150] (the word after the
# cue's head: "support for", "attack on", "wary of", "harsh words about",
# "backlash against", "ambivalence towards", "disagreements with", "interested
# in"); the model, not this list, decides which ones are cues.
LINK_PREPS = frozenset({
    "of", "for", "about", "on", "against", "to", "toward", "towards", "over", "with", "in", "regarding",
    "at", "among",
})  # fmt: skip
_AGENT_PREPS = frozenset({"by", "from"})
_PERSONAL = frozenset({"he", "she", "they", "i", "we", "you", "it"})


def link_of(tok: Token) -> Token | None:
    """The child after ``tok`` that opens its complement: a linking
    preposition with an object, a "that"-clause, or an infinitive."""
    for c in tok.children:
        if c.i <= tok.i:
            continue
        if c.dep_ == "prep" and c.lower_ in LINK_PREPS and any(g.dep_ in ("pobj", "pcomp") for g in c.children):
            return c
        if c.dep_ in ("acl", "ccomp", "xcomp", "relcl") and any(
            (g.dep_ == "mark" and g.lower_ == "that") or (g.dep_ == "aux" and g.lower_ == "to") for g in c.children
        ):
            return c
    return None


def features(tok: Token, link: Token, in_quote: bool) -> list[str]:
    """The candidate word and its tree, names as their class only."""
    lemma = _lex(tok, word=tok.lemma_.lower())
    head = tok.head
    owner = next((c for c in tok.children if c.dep_ == "poss"), None)
    if link.dep_ == "prep":
        link_kind = f"prep:{link.lower_}"
    elif any(g.dep_ == "mark" and g.lower_ == "that" for g in link.children):
        link_kind = "that"
    else:
        link_kind = "to"
    if owner is None:
        owner_kind = "none"
    else:
        owner_kind = "pron" if owner.lower_ in ("his", "her", "their", "my", "our", "your", "its") else owner.pos_
    sent = tok.sent  # walks the sentence: taken once
    prev = _lex(tok.doc[tok.i - 1]) if tok.i > sent.start else "<s>"
    lo = tok.idx - sent.start_char
    near = sent.text[max(0, lo - 4) : lo + len(tok.text) + 4]
    feats = [
        "bias",
        f"pos={tok.pos_}",
        f"tag={tok.tag_}",
        f"lemma={lemma}",
        f"dep={tok.dep_}",
        f"lemma+dep={lemma}|{tok.dep_}",
        f"link={link_kind}",
        f"lemma+link={lemma}|{link_kind}",
        f"link_adjacent={link.i == tok.i + 1}",
        f"owner={owner_kind}",
        f"lemma+owner={lemma}|{owner_kind}",
        f"head={_lex(head, word=head.lemma_.lower())}" if head.i != tok.i else "head=ROOT",
        f"head_pos={head.pos_}",
        f"dep+head={tok.dep_}|{_lex(head, word=head.lemma_.lower())}",
        f"quoted={in_quote}",
        f"near_quote={any(m in near for m in ALL_MARKS)}",
        f"prev={prev}",
    ]
    for c in tok.children:
        if c.dep_ in ("amod", "det", "compound", "advmod", "neg", "nummod"):
            feats.append(f"{c.dep_}={_lex(c)}")
        elif c.dep_ == "prep" and c.lower_ in _AGENT_PREPS:
            feats.append(f"agent={c.lower_}")
    if head.i != tok.i:
        for c in head.children:
            if c.dep_ in ("nsubj", "nsubjpass") and c.i != tok.i:
                feats.append("head_subj=" + ("pron" if c.lower_ in _PERSONAL else c.pos_))
    return feats


def from_noun(doc: Doc, tok: Token, link: Token, sent: Span, quotes: Sequence[Quote]) -> Found | None:
    """The attribution an accepted noun or adjective cue makes (see the module)."""
    content = complement(doc, link)
    if content is None:
        return None
    owner = next((c for c in tok.children if c.dep_ == "poss"), None)
    cue_start = tok.i
    floor = owner.right_edge.i if owner is not None else sent.start - 1
    while (
        cue_start - 1 > floor
        and doc[cue_start - 1].dep_ in ("amod", "advmod")
        and doc[cue_start - 1].head.i in (tok.i, cue_start)
    ):
        cue_start -= 1
    cue_end = link.i + 1 if link.dep_ == "prep" and link.i == tok.i + 1 else tok.i + 1
    cue = span_of(doc[cue_start:cue_end])
    if cue is None:
        return None
    source: tuple[int, int] | None = None
    root: Token | None = None
    if owner is not None and owner.lower_ not in RELATIVE and owner.lower_ != "whose":
        root = owner
        source = trim(doc, owner.left_edge.i, owner.right_edge.i + 1)
        if source is not None and doc_text(doc)[source[1] - 2 : source[1]] in ("'s", "’s"):
            source = (source[0], source[1] - 2)
    if source is None:
        agent = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in _AGENT_PREPS and c.i > tok.i), None)
        obj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
        if obj is not None:
            root = obj
            source = trim(doc, obj.left_edge.i, obj.right_edge.i + 1)
    if source is None and tok.dep_ in ("dobj", "attr", "acomp") and tok.head.pos_ in ("VERB", "AUX"):
        subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.lower_ not in ("it", "there") and subj.lower_ not in RELATIVE:
            root = subj
            source = trim(doc, *subtree_range(subj))
    if source is not None and (source[0] < cue[1] and cue[0] < source[1]):
        return None
    if content[0] < cue[1] and cue[0] < content[1]:
        return None
    return Found(
        content=content,
        cue=cue,
        source=source,
        source_root=root,
        sentence=(sent.start_char, sent.end_char),
        in_quote=any(q.start <= tok.idx < q.end for q in quotes),
        origin="noun_cue",
    )


class NounCueModel:
    def __init__(self, weights: dict[str, float], threshold: float, own_cues: bool = True) -> None:
        self.weights = weights
        self.threshold = threshold
        # False: accepted words only widen their verb's cue ("took a swipe at"),
        # never stand as cues of their own (chosen with the threshold on the
        # tune slice, stored with the weights).
        self.own_cues = own_cues
        # Lemmas the model gives a positive weight of their own: a word with
        # none cannot reach the threshold on the tree features alone in
        # practice, and skipping it saves building its features.
        self.lemmas = frozenset(k[6:] for k, w in weights.items() if k.startswith("lemma=") and w > 0)

    def probability(self, tok: Token, link: Token, in_quote: bool) -> float:
        return logistic(self.weights, features(tok, link, in_quote))


@lru_cache(maxsize=1)
def load_noun_cue_model() -> NounCueModel | None:
    """The shipped model, or None where it has not been trained."""
    data = shipped(settings.NOUN_CUE_MODEL_FILE)
    if data is None:
        return None
    return NounCueModel(weights_of(data), float(data["threshold"]), bool(data.get("own_cues", True)))


def candidates(sent: Span, lemmas: frozenset[str] | None = None) -> list[tuple[Token, Token]]:
    """Every noun or adjective of the sentence with a complement after it, with
    its link; with ``lemmas``, only words of those lemmas (looked at first: the
    tree is read only for them)."""
    out: list[tuple[Token, Token]] = []
    for tok in sent:
        if tok.pos_ not in ("NOUN", "ADJ"):
            continue
        if lemmas is not None and tok.lemma_.lower() not in lemmas:
            continue
        link = link_of(tok)
        if link is not None:
            out.append((tok, link))
    return out
