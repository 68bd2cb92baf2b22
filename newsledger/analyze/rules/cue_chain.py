"""Rule ``cue_chain``: a cue verb that is the open complement (``xcomp``) of a
verb or adjective before it takes that word's verb group into its cue:
"has continued to push for X" (not "to push for"), "began to argue that",
"are more likely to say" (from "likely"), as PolNeAR's annotators mark it; an
attribution the governing verb made of its own is then dropped (one cue).

Chosen by counts, not by one sentence (scratch scans over the bench's
functions, 2026-12-01 05:30-05:37 UTC, ``analyze/13``): on train[:300], of the
verb cues whose governing word lies before them, the gold cue also covers
that word for 47 ``xcomp`` verbs against 22 where it does not, and 49 ``advcl``
against 395 (so adverbial clauses keep their own cue); run end to end, the
``xcomp`` extension moved train[:300] cue exact 0.694 -> 0.700, whole
attribution 0.590 -> 0.596, and the tune slice train[560:700] 0.696 -> 0.702
and 0.584 -> 0.589; ``advcl`` as well lowered train[:300] cue exact to 0.662.
"""

from __future__ import annotations

from newsledger.analyze.cuegroup import cue_tokens
from newsledger.analyze.found import Found, Sentence
from newsledger.analyze.rules.registry import sentence_rule
from newsledger.analyze.syntax import overlaps

NAME = "cue_chain"


@sentence_rule(NAME, "a cue verb in an open complement takes the governing verb group ('has continued to push for')")
def rule(s: Sentence) -> list[Found]:
    for f in list(s.found):
        verb = f.cue_root
        if verb is None or f.cue is None or verb.dep_ != "xcomp" or f.origin == "figure_phrase":
            continue
        head = verb.head
        if head.i >= verb.i or head.pos_ not in ("VERB", "AUX", "ADJ"):
            continue
        start = head.idx if head.pos_ == "ADJ" else min(t.idx for t in cue_tokens(head))
        if start >= f.cue[0] or (f.source is not None and overlaps((start, f.cue[0]), f.source)):
            continue
        f.cue = (start, f.cue[1])
        f.origin = f"{f.origin}+{NAME}"
        # The governing verb's own attribution, where a cue rule made one, is this one.
        s.found[:] = [g for g in s.found if g is f or g.cue_root is None or g.cue_root.i != head.i]
    return []
