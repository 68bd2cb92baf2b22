"""Rule ``according_to``: "according to X" with the rest of its sentence as
content.  Nested "X said Y, according to Z" also sets ``relayed_by`` on the
sentence's other attributions (and cuts the relay off a content the parser
hung it on), and Z's own attribution holds the whole."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsledger.analyze.found import Found, Sentence
from newsledger.analyze.rules.registry import sentence_rule
from newsledger.analyze.syntax import np_text, trim

if TYPE_CHECKING:
    from spacy.tokens import Token

NAME = "according_to"


def _phrases(s: Sentence) -> list[tuple[Token, Token, int]]:
    """(according, its object, end of the source phrase) for each "according to X"."""
    out: list[tuple[Token, Token, int]] = []
    for tok in s.according:
        to = next((c for c in tok.children if c.lower_ == "to"), None)
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        if to is not None and pobj is not None:
            tok_ends = pobj.right_edge.i + 1
            # The parser often hangs the rest of the clause on the
            # source; the source ends at the first comma.
            comma = next((t.i for t in s.doc[pobj.i : tok_ends] if t.text in ",;—–("), tok_ends)
            out.append((tok, pobj, comma))
    return out


@sentence_rule(NAME, "'according to X' with the rest of its sentence")
def rule(s: Sentence) -> list[Found]:
    doc, sent = s.doc, s.sent
    out: list[Found] = []
    for acc, pobj, phrase_hi in _phrases(s):
        phrase_lo = acc.i
        # Nested: someone said it, according to someone else who relays it;
        # the relay is an attribution of its own whose content holds the other.
        phrase = (acc.idx, doc[phrase_hi - 1].idx + len(doc[phrase_hi - 1].text))
        for f in s.found:
            if not f.according and (f.source_root is None or f.source_root.i != pobj.i):
                f.relayed_by = np_text(pobj)
                if f.content[0] < phrase[0] < f.content[1]:
                    # The parser hung the relay on the reported clause: cut it off.
                    cut = doc.char_span(f.content[0], phrase[0], alignment_mode="contract")
                    trimmed = trim(doc, cut.start, cut.end, keep_marks=True) if cut is not None else None
                    if trimmed is not None:
                        f.content = trimmed
        before = trim(doc, sent.start, phrase_lo, keep_marks=True)
        after = trim(doc, phrase_hi, sent.end, keep_marks=True)
        content = (before[0], after[1]) if before and after else before or after
        if content is None:
            continue
        src = trim(doc, acc.i + 2, phrase_hi)
        out.append(
            Found(
                content=content,
                cue=(acc.idx, doc[acc.i + 1].idx + len(doc[acc.i + 1].text)),
                source=src,
                source_root=pobj,
                sentence=(sent.start_char, sent.end_char),
                according=True,
                origin=NAME,
            )
        )
    return out
