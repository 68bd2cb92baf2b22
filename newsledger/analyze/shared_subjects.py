"""Coordinated subjects that share one predicate: "two vessels and a helicopter had joined the search".

A figure's ``state`` is the clause after it, and a clause that opens with "and"/"or" is no predicate of the
figure (changelog ``analyze/22``: 40 of 40 read were another thing counted or another clause), so the state
of "two vessels" was unknown, and an unknown state may conflict with any other figure of its group in the
ledger. Where the figure's noun is a coordinated subject, the predicate after the whole coordination is its
own. The dependency parse finds that shape: the noun is ``nsubj``/``nsubjpass`` of a verb after it and has a
``conj``. Counted on PolNeAR train[:700] (2026-12-02, session 11, in-sample; scratch scans of the figures
whose clause opens with "and"/"or", each parsed as the pipeline parses it): 12 have the shape, 9 of them a
shared predicate ("12 states and territories hold primaries", "121 adults and children were taken into
custody"), 3 two parallel clauses with one verb ("Cruz has 11 delegates and Rubio has 10"), which are left
out. Of the other 127 of the 136 whose state was unknown, about 11 share a predicate the shape misses
("Hundreds of protesters and supporters had gathered": the noun hangs from "of"); they stay unknown. On the
English extraction pages 3 more (all right). docs/figures-and-hedges.md (changelog ``analyze/33``) has the counts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_AUX_DEPS = frozenset({"aux", "auxpass", "neg"})


def shared_predicates(doc: Doc, offset: int) -> dict[int, int]:
    """For each coordinated subject noun in ``doc``: where the noun ends -> where its verb (with the auxiliaries
    after the coordination) starts, both as offsets into the article (``offset``: where the doc's text starts)."""
    out: dict[int, int] = {}
    for tok in doc:
        verb = tok.head
        if tok.dep_ not in _SUBJECT_DEPS or verb.pos_ not in ("VERB", "AUX") or verb.i < tok.i:
            continue
        if verb.head.i < tok.i and verb.head.lemma_ == verb.lemma_:
            # "Cruz has 11 delegates and Rubio has 10", "Clinton won at least 19 delegates and Sanders won at
            # least 15": two parallel clauses with one verb; the figure is the first verb's object, which the
            # parse took for the second clause's subject (3 of the 12 shapes on train[:700])
            continue
        conjs = [c for c in tok.children if c.dep_ == "conj" and c.i > tok.i]
        if not conjs:
            continue
        right = tok.right_edge.i  # the whole subject: "several videos and recordings of the incident"
        if right >= verb.i or any(t.pos_ in ("VERB", "AUX") for t in doc[tok.i + 1 : right + 1]):
            # a verb inside the coordination: "Six women and six men vied for the post, but ... are": a subject
            # the parse hung on a verb further on (1 on dev, seen after the rule was fixed; the 9 read on
            # train[:700] have none)
            continue
        start = min([verb.i, *(c.i for c in verb.children if c.dep_ in _AUX_DEPS and right < c.i < verb.i)])
        if start != right + 1:
            continue  # the predicate right after the subject, or none
        out[offset + tok.idx + len(tok)] = offset + doc[start].idx
    return out
