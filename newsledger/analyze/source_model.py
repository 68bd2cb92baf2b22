"""An experiment, not shipped (no rule uses it; docs/attribution.md, "A
source boundary model: tried, not shipped"): where a cue verb's source
begins and ends, as a learned choice among the spans the parse offers
(``candidates``), in the manner of ``content_model.py``.

The candidates are the rules' own source and the variants of the subject
as written: its whole subtree (relative clauses and appositions kept), the
subtree up to its first comma, the noun phrase up to its head, its
apposition alone, and the passive agent.  Features say what each candidate
is (kind, relation to the rules' source, length, first/last/next word as a
function word, punctuation or part of speech, relative clauses,
appositions); no names enter them.  Trained by
``scripts/train_content_model.py --role source --out FILE``, which reports
how much it would change on the tune slice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsledger.analyze.content_model import _bin, _tokens, _word
from newsledger.analyze.found import Found, doc_text
from newsledger.analyze.sources import subject_of
from newsledger.analyze.syntax import RELATIVE, subtree_range, trim

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

Candidate = tuple[str, tuple[int, int]]


def candidates(doc: Doc, f: Found, verb: Token, sent: Span) -> list[Candidate]:
    """The spans that could be ``f``'s source, the rules' own first."""
    assert f.source is not None and f.cue is not None
    out: list[Candidate] = [("rule", f.source)]
    written, _ = subject_of(verb)
    if written is None or written.lower_ in RELATIVE:
        return out
    ranges: list[tuple[str, int, int]] = []
    lo, hi = subtree_range(written, without=verb)
    ranges.append(("subtree", lo, hi))
    comma = next((i for i in range(written.i + 1, hi) if doc[i].text in (",", "(", "—", "–", "--")), None)
    if comma is not None:
        ranges.append(("to_comma", lo, comma))
    left = [c.left_edge.i for c in written.children if c.i < written.i]
    ranges.append(("head_np", min([written.i, *left]), written.i + 1))
    for child in written.children:
        if child.dep_ == "appos":
            ranges.append(("appos", *subtree_range(child)))
        if child.dep_ in ("relcl", "acl", "prep") and child.i > written.i:
            ranges.append((f"without_{child.dep_}", lo, child.left_edge.i))
            ranges.append((f"with_{child.dep_}", lo, child.right_edge.i + 1))
    for kind, a, b in ranges:
        chars = trim(doc, a, b) if a < b else None
        if chars is not None:
            out.append((kind, chars))
    seen: set[tuple[int, int]] = set()
    kept: list[Candidate] = []
    for kind, chars in out:
        if chars in seen or (kind != "rule" and chars[0] <= f.cue[0] < chars[1]):
            continue
        seen.add(chars)
        kept.append((kind, chars))
    return kept


def features(doc: Doc, f: Found, verb: Token, sent: Span, cand: Candidate) -> list[str]:
    kind, (lo, hi) = cand
    assert f.source is not None and f.cue is not None
    rlo, rhi = f.source
    text = doc_text(doc)
    feats = ["bias", f"kind={kind}", f"kind={kind}|vdep={verb.dep_}", f"kind={kind}|lemma={verb.lemma_}"]
    if (lo, hi) == (rlo, rhi):
        feats.append("is_rule")
    else:
        feats.append(f"contains_rule={lo <= rlo and rhi <= hi}|inside_rule={rlo <= lo and hi <= rhi}")
        feats.append(f"same_start={lo == rlo}|same_end={hi == rhi}")
    toks = _tokens(doc, (lo, hi))
    n = 0 if toks is None else toks[1] - toks[0]
    feats.append(f"len={_bin(n, (1, 2, 3, 4, 6, 9, 14, 20))}")
    feats.append(f"kind={kind}|len={_bin(n, (1, 3, 6, 12))}")
    feats.append(f"side={'before' if hi <= f.cue[0] else 'after'}")
    feats.append(f"gap={_bin(len(text[hi:f.cue[0]].split()) if hi <= f.cue[0] else 0, (0, 1, 3, 6, 12))}")
    if toks is not None:
        span = doc[toks[0] : toks[1]]
        first, last = doc[toks[0]], doc[toks[1] - 1]
        feats += [f"first={_word(first)}", f"last={_word(last)}", f"last_dep={last.dep_}"]
        feats += [f"kind={kind}|last={_word(last)}", f"kind={kind}|first={_word(first)}"]
        feats.append(f"next={_word(doc[toks[1]]) if toks[1] < len(doc) else '</s>'}")
        feats.append(f"commas={_bin(sum(1 for t in span if t.text == ','), (0, 1, 2, 3))}")
        feats.append(f"relcl={any(t.dep_ == 'relcl' for t in span)}|appos={any(t.dep_ == 'appos' for t in span)}")
        feats.append(f"propn={_bin(sum(1 for t in span if t.pos_ == 'PROPN'), (0, 1, 2, 4))}")
        feats.append(f"root={span.root.dep_}|{span.root.pos_}")
    return feats
