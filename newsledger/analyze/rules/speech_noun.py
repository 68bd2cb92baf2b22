"""Rule ``speech_noun``: a noun of saying or stance with a named owner and a
complement is an attribution: "the union's claim that the levy was unfair"
(source "the union", cue "claim"); without an owner ("the announcement of
the results") it is not.  Word lists: ``cues.SPEECH_NOUNS``,
``cues.SPEECH_NOUN_LINKS``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsledger.analyze.contents import complement
from newsledger.analyze.cues import SPEECH_NOUN_LINKS, SPEECH_NOUNS
from newsledger.analyze.found import Found, Sentence, doc_text
from newsledger.analyze.rules.registry import lexical_rule
from newsledger.analyze.syntax import span_of, trim

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

NAME = "speech_noun"


@lexical_rule(NAME, "an owned noun of saying with a complement ('the union's claim that ...')")
def rule(s: Sentence, tok: Token) -> Found | bool | None:
    if tok.pos_ == "NOUN" and tok.lower_ in SPEECH_NOUNS:
        return owned_speech_noun(s.doc, tok, s.sent) or False
    return None


def owned_speech_noun(doc: Doc, noun: Token, sent: Span) -> Found | None:
    """ "The minister's claim that the levy is fair", "her criticism of the plan":
    a noun of saying or stance whose owner is named (a possessor) and whose
    complement says what it is about.  Without an owner the noun is too often
    no one's speech ("the announcement of the results")."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None or owner.lower_ in ("its", "whose"):
        return None
    link = next(
        (
            c
            for c in noun.children
            if c.i > noun.i
            and (
                (c.dep_ == "prep" and c.lower_ in SPEECH_NOUN_LINKS)
                or (c.dep_ in ("acl", "ccomp") and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children))
            )
        ),
        None,
    )
    if link is None:
        return None
    content = complement(doc, link)
    cue_end = link.i + 1 if link.dep_ == "prep" else noun.i + 1
    # Adjectives before the noun belong to the cue ("her harsh criticism of").
    cue_start = noun.i
    while cue_start - 1 > owner.right_edge.i and doc[cue_start - 1].dep_ in ("amod", "advmod"):
        cue_start -= 1
    source = trim(doc, owner.left_edge.i, owner.right_edge.i + 1)
    if content is None or source is None:
        return None
    if source[1] > 2 and doc_text(doc)[source[1] - 2 : source[1]] in ("'s", "’s"):
        source = (source[0], source[1] - 2)
    return Found(
        content=content,
        cue=span_of(doc[cue_start:cue_end]),
        source=source,
        source_root=owner,
        sentence=(sent.start_char, sent.end_char),
        origin="speech_noun",
    )
