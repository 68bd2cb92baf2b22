"""Rule ``stance``: a stance adjective or person noun after "be" with a
complement attributes it to the subject ("the union was highly critical of
the quota rules": cue "was highly critical of"; "she is a fierce critic of
the plan").  Word lists: ``cues.STANCE_ADJECTIVES``, ``cues.STANCE_NOUNS``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsledger.analyze.contents import complement
from newsledger.analyze.cues import CONTENT_PREPS, EXPLETIVES, STANCE_ADJECTIVES, STANCE_NOUNS
from newsledger.analyze.found import Found, Sentence
from newsledger.analyze.rules.registry import lexical_rule
from newsledger.analyze.syntax import RELATIVE, span_of, subtree_range, trim

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

NAME = "stance"


@lexical_rule(NAME, "a stance adjective or person noun after 'be' ('was critical of', 'is a fierce critic of')")
def rule(s: Sentence, tok: Token) -> Found | bool | None:
    if (tok.pos_ == "ADJ" and tok.dep_ == "acomp" and tok.lower_ in STANCE_ADJECTIVES) or (
        tok.dep_ == "attr" and tok.lower_ in STANCE_NOUNS
    ):
        return stance(s.doc, tok, s.sent) or False
    return None


def stance(doc: Doc, adj: Token, sent: Span) -> Found | None:
    """ "The senator was critical of the deal", "officials are convinced that
    the levy will pass", "she is a fierce critic of the plan": a stance
    adjective or person noun after "be" attributes its complement to the
    subject.  Cue: "be" through the adjective (or noun) and its preposition,
    as PolNeAR's annotators mark it."""
    be = adj.head
    if be.lemma_ != "be" or be.pos_ not in ("VERB", "AUX"):
        return None
    subj = next((c for c in be.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.lower_ in EXPLETIVES or subj.lower_ in RELATIVE:
        return None
    content: tuple[int, int] | None = None
    cue_end = adj.i + 1
    for c in [*adj.children, *be.children]:
        if c.i <= adj.i:
            continue
        if (c.dep_ == "prep" and c.lower_ in CONTENT_PREPS | {"in", "that"}) or c.dep_ in ("ccomp", "xcomp"):
            content = complement(doc, c)
            if content is not None:
                if c.dep_ == "prep" and c.i == adj.i + 1:
                    cue_end = c.i + 1
                break
    source = trim(doc, *subtree_range(subj))
    if content is None or source is None:
        return None
    cue_start = be.i
    while cue_start - 1 >= 0 and doc[cue_start - 1].dep_ in ("aux", "neg") and doc[cue_start - 1].head.i == be.i:
        cue_start -= 1
    return Found(
        content=content,
        cue=span_of(doc[cue_start:cue_end]),
        source=source,
        source_root=subj,
        sentence=(sent.start_char, sent.end_char),
        origin="stance",
    )
