"""Rule ``artifact_claim``: an artifact with a named creator that purports,
appears, claims or is said to show something is the creator's claim
("officials released a video that appears to show X": source the officials).
The release verb's own attribution of the same content is then dropped
(``paragraph.dedupe``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from newsledger.analyze.cuegroup import cue_tokens
from newsledger.analyze.cues import ARTIFACT_NOUNS
from newsledger.analyze.found import Found, Sentence
from newsledger.analyze.quotes import Quote
from newsledger.analyze.rules.registry import verb_rule
from newsledger.analyze.sources import creator_of
from newsledger.analyze.syntax import RELATIVE, span_of, subtree_range, trim

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

NAME = "artifact_claim"

# Verbs by which an artifact "says" something ("a video that purports to show X",
# "appears to show", "claims to show", "is said to show"): issue #16's real
# pages; "seem" is left out (on PolNeAR train[:700] its relative clauses with an
# infinitive were gold cues 2 times in 10, against 3 in 7 for "appear";
# scripts/count_cue_shapes.py).
_ARTIFACT_VERBS = frozenset({"purport", "appear", "claim", "say"})


# The ones that are speech acts themselves: the cue is the verb ("purports");
# for the others it runs to the infinitive ("appears to show").
_ARTIFACT_SPEECH = frozenset({"purport", "claim"})


def artifact_claim(doc: Doc, verb: Token, quotes: Sequence[Quote], sent: Span) -> Found | None:
    """"Officials released a video that purports/appears/claims/is said to show
    X": one attribution, the creator as source, the artifact phrase (with what
    it shows) as content.  Only where the artifact's creator is named in the
    sentence; without one ("a movie that purports to present ...") the verb is
    left to the other rules.  Also where the parser hangs the relative clause
    on the creator's verb ("released a video on Monday that purports ...")."""
    if verb.lemma_ not in _ARTIFACT_VERBS:
        return None
    rel = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("that", "which")), None)
    inf = next(
        (
            c
            for c in verb.children
            if c.dep_ in ("xcomp", "advcl")
            and c.i > verb.i
            and any(t.dep_ == "aux" and t.lower_ == "to" for t in c.children)
        ),
        None,
    )
    if rel is None or inf is None or (verb.lemma_ == "say") != (rel.dep_ == "nsubjpass"):
        return None
    noun: Token | None = None
    if verb.dep_ == "relcl":
        noun = verb.head
        agent = noun.head
        if noun.dep_ == "pobj" and agent.dep_ == "agent" and agent.head.dep_ == "acl":
            # "a video released by officials that appears to show X": the parser
            # hung the relative clause on the agent; it is the video's.
            noun = agent.head.head
    elif verb.dep_ == "ccomp":
        # The parser hung the relative clause on the verb: the artifact is its
        # object before the relative pronoun.
        noun = next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < rel.i), None)
    if noun is None or not (noun.lower_ in ARTIFACT_NOUNS or noun.lemma_.lower() in ARTIFACT_NOUNS):
        return None
    creator = creator_of(noun)
    if creator is None or creator.lower_ in RELATIVE:
        return None
    group = cue_tokens(verb)
    cue_hi = max(t.i for t in group) if verb.lemma_ in _ARTIFACT_SPEECH else inf.i
    cue = span_of(doc[min(t.i for t in group) : cue_hi + 1])
    content = trim(doc, noun.left_edge.i, max(noun.right_edge.i, verb.right_edge.i) + 1, keep_marks=True)
    c_lo, c_hi = subtree_range(creator)
    for child in creator.children:
        if child.dep_ == "relcl" and child.i > creator.i:
            c_hi = min(c_hi, child.left_edge.i)
    source = trim(doc, c_lo, c_hi)
    if cue is None or content is None or source is None:
        return None
    return Found(
        content=content,
        cue=cue,
        source=source,
        source_root=creator,
        creator=creator,
        sentence=(sent.start_char, sent.end_char),
        in_quote=any(q.start <= cue[0] < q.end for q in quotes),
        origin="artifact_claim",
    )


@verb_rule(NAME, "an artifact that claims: 'officials released a video that purports/appears to show X'")
def rule(s: Sentence, verb: Token) -> Found | None:
    return artifact_claim(s.doc, verb, s.quotes, s.sent)
