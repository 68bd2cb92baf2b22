"""Where a cue verb's content begins and ends: a learned choice among the
spans the parse offers (``candidates``), scored by a logistic regression
(``content_model.json``: weights with a manifest; no scikit-learn at run time).

The candidates are the rules' own content, the verb's complements (each
child's subtree), the rest of the sentence after the cue, the sentence
before it, the rules' content cut at a comma, dash, "and" ... or run on to
the sentence end, and the quotations near the cue.  The features say what
each candidate is (its kind, how it relates to the rules' content and to the
cue, its first and last words' part of speech and dependency, quotation
marks, length); no names enter them (words only as closed-class function
words or punctuation).  Trained by ``scripts/train_content_model.py``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from newsledger import settings
from newsledger.analyze.contents import with_closing_mark
from newsledger.analyze.found import Found, doc_text
from newsledger.analyze.quotes import ALL_MARKS, Quote
from newsledger.analyze.syntax import subtree_range, trim

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Dependencies of a cue verb's children whose subtree may be what was said.
_CHILD_DEPS = frozenset(
    {"ccomp", "xcomp", "dobj", "advcl", "prep", "oprd", "attr", "dative", "conj", "parataxis", "acomp", "pcomp"}
)
# Where a content may be cut short: punctuation and words that open a new
# clause or an aside.
_CUTS = frozenset({",", ";", "—", "–", "-", "--", "(", ":", "and", "but", "while", "as", "which", "who", "because"})
# Words kept as themselves in features (closed classes); any other word
# enters only as its part of speech.
_FUNCTION_WORDS = frozenset(
    {
        "that", "to", "whether", "if", "the", "a", "an", "and", "but", "or", "as", "of", "for", "on", "in", "at",
        "about", "with", "by", "from", "which", "who", "what", "how", "why", "when", "it", "this", "there",
        "he", "she", "they", "we", "i", "you", "his", "her", "their", "its", "not", "no",
    }
)  # fmt: skip

# The marks of a reason or condition clause (as contents.trailing_clause reads them).
_REASON_MARKS = frozenset({"because", "if", "unless", "since", "although", "though"})

Candidate = tuple[str, tuple[int, int]]  # (kind, chars in the paragraph)


def _bin(n: int, edges: Sequence[int]) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return f">{edges[-1]}"


def _word(tok: Token) -> str:
    if tok.is_punct or tok.text in ALL_MARKS:
        return tok.text
    return tok.lower_ if tok.lower_ in _FUNCTION_WORDS else tok.pos_


def _tokens(doc: Doc, chars: tuple[int, int]) -> tuple[int, int] | None:
    span = doc.char_span(chars[0], chars[1], alignment_mode="expand")
    return None if span is None or len(span) == 0 else (span.start, span.end)


def candidates(doc: Doc, f: Found, verb: Token, sent: Span, quotes: Sequence[Quote]) -> list[Candidate]:
    """The spans that could be ``f``'s content, the rules' own first."""
    text = doc_text(doc)
    out: list[Candidate] = [("rule", f.content)]
    assert f.cue is not None
    cue = _tokens(doc, f.cue)
    rule = _tokens(doc, f.content)
    if cue is None or rule is None:
        return out
    ranges: list[tuple[str, int, int]] = []
    for child in verb.children:
        if child.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _REASON_MARKS for c in child.children):
            continue  # why or on what condition it was said, never what was said on its own
        if child.dep_ in _CHILD_DEPS and not cue[0] <= child.i < cue[1]:
            lo, hi = subtree_range(child)
            ranges.append((f"child:{child.dep_}", lo, hi))
            if child.dep_ == "prep":
                for pobj in child.children:
                    if pobj.dep_ in ("pobj", "pcomp"):
                        ranges.append(("child:pobj", *subtree_range(pobj)))
    if verb.dep_ in ("parataxis", "advcl", "conj", "ccomp") and verb.head.i != verb.i:
        ranges.append((f"head:{verb.dep_}", *subtree_range(verb.head, without=verb)))
    ranges.append(("after_cue", cue[1], sent.end))
    src = _tokens(doc, f.source) if f.source is not None else None
    before_end = min(cue[0], src[0]) if src is not None and src[0] < cue[0] else cue[0]
    ranges.append(("before_cue", sent.start, before_end))
    cuts = 0
    for i in range(rule[0] + 1, rule[1]):
        if doc[i].lower_ in _CUTS:
            ranges.append((f"cut:{doc[i].lower_ if doc[i].is_alpha else 'punct'}", rule[0], i))
            cuts += 1
            if cuts == 4:
                break
    ranges.append(("to_sent_end", rule[0], sent.end))
    nxt = next((i for i in range(rule[1], sent.end) if doc[i].lower_ in _CUTS and not doc[i].is_alpha), None)
    if nxt is not None and nxt > rule[1]:
        ranges.append(("to_next_punct", rule[0], nxt))
    for kind, lo, hi in ranges:
        if lo < hi and doc[lo].lower_ == "that" and doc[lo].dep_ == "mark":
            lo += 1
        chars = trim(doc, lo, hi, keep_marks=True)
        if chars is not None:
            out.append((kind, with_closing_mark(text, chars, quotes)))
    for q in quotes:
        if q.end > sent.start_char - 200 and q.start < sent.end_char + 200:
            out.append(("quote", (q.start, q.end)))
    seen: set[tuple[int, int]] = set()
    kept: list[Candidate] = []
    for kind, chars in out:
        if chars in seen or (kind != "rule" and chars[0] <= f.cue[0] < chars[1]):
            continue
        seen.add(chars)
        kept.append((kind, chars))
    return kept


def features(doc: Doc, f: Found, verb: Token, sent: Span, cand: Candidate, quotes: Sequence[Quote]) -> list[str]:
    """What a candidate is, relative to the cue and to the rules' content."""
    kind, (lo, hi) = cand
    text = doc_text(doc)
    rlo, rhi = f.content
    assert f.cue is not None
    clo, chi = f.cue
    toks = _tokens(doc, (lo, hi))
    rule_toks = _tokens(doc, f.content)
    feats = [f"kind={kind}", f"kind={kind}|vdep={verb.dep_}", f"kind={kind}|origin={f.origin}", "bias"]
    # The verb's lemma is a word of the cue, never a name (cue verbs are verbs).
    feats.append(f"kind={kind}|lemma={verb.lemma_}")
    rule_quoted = any(q.start <= rlo and rhi <= q.end + 1 for q in quotes)
    feats.append(f"kind={kind}|rule_quoted={rule_quoted}")
    if (lo, hi) == (rlo, rhi):
        feats.append("is_rule")
    else:
        shared = max(0, min(hi, rhi) - max(lo, rlo))
        feats.append(f"rule_overlap={_bin(int(10 * shared / max(hi - lo, rhi - rlo, 1)), (0, 2, 4, 6, 8, 9))}")
        feats.append(f"contains_rule={lo <= rlo and rhi <= hi}|inside_rule={rlo <= lo and hi <= rhi}")
        feats.append(f"same_start={lo == rlo}|same_end={hi == rhi}")
    if rule_toks is not None:
        rroot = doc[rule_toks[0] : rule_toks[1]].root
        feats.append(f"rule_root={rroot.dep_}|{rroot.pos_}")
        feats.append(f"kind={kind}|rule_root={rroot.dep_}")
    n = 0 if toks is None else toks[1] - toks[0]
    feats.append(f"len={_bin(n, (1, 2, 3, 5, 8, 12, 20, 30, 45))}")
    feats.append(f"kind={kind}|len={_bin(n, (2, 5, 12, 30))}")
    after = lo >= chi
    gap = len(text[chi:lo].split()) if after else len(text[hi:clo].split())
    feats.append(f"side={'after' if after else 'before'}|gap={_bin(gap, (0, 1, 2, 4, 8))}")
    feats.append(f"quoted_in={any(q.start <= lo and hi <= q.end for q in quotes)}")
    feats.append(f"has_mark={any(m in text[lo:hi] for m in ALL_MARKS)}")
    if toks is not None:
        first, last = doc[toks[0]], doc[toks[1] - 1]
        feats += [f"first={_word(first)}", f"first_dep={first.dep_}", f"last={_word(last)}", f"last_dep={last.dep_}"]
        feats += [f"kind={kind}|first={_word(first)}", f"kind={kind}|last={_word(last)}"]
        feats.append(f"prev={_word(doc[toks[0] - 1]) if toks[0] > sent.start else '<s>'}")
        feats.append(f"next={_word(doc[toks[1]]) if toks[1] < sent.end else '</s>'}")
        feats.append(f"kind={kind}|next={_word(doc[toks[1]]) if toks[1] < sent.end else '</s>'}")
        span = doc[toks[0] : toks[1]]
        feats.append(f"commas={_bin(sum(1 for t in span if t.text == ','), (0, 1, 2, 4))}")
        feats.append(f"clause={any(t.dep_ in ('nsubj', 'nsubjpass') for t in span)}")
        feats.append(f"root={span.root.dep_}|{span.root.pos_}")
        feats.append(f"head_is_verb={span.root.head.i == verb.i}")
    return feats


class ContentModel:
    def __init__(self, weights: dict[str, float], margin: float) -> None:
        self.weights = weights
        self.margin = margin  # a candidate must beat the rules' content by this much

    def probability(self, feats: Sequence[str]) -> float:
        z = sum(self.weights.get(x, 0.0) for x in feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def choose(self, doc: Doc, f: Found, verb: Token, sent: Span, quotes: Sequence[Quote]) -> tuple[int, int]:
        """The content to keep: the best-scored candidate where it beats the
        rules' content by the margin, else the rules' content."""
        cands = candidates(doc, f, verb, sent, quotes)
        scored = [(self.probability(features(doc, f, verb, sent, c, quotes)), c[1]) for c in cands]
        rule_p = scored[0][0]
        best_p, best = max(scored, key=lambda x: x[0])
        return best if best_p > rule_p + self.margin else f.content


@lru_cache(maxsize=1)
def load_content_model() -> ContentModel | None:
    """The shipped model, or None where it has not been trained."""
    try:
        raw = resources.files("newsledger.analyze").joinpath(settings.CONTENT_MODEL_FILE).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return None
    data = json.loads(raw)
    return ContentModel({str(k): float(v) for k, v in data["weights"].items()}, float(data["margin"]))


def active_content_model() -> ContentModel | None:
    return load_content_model() if settings.USE_CONTENT_MODEL else None
