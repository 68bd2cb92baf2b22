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

from collections.abc import Sequence
from functools import lru_cache
from itertools import repeat
from typing import TYPE_CHECKING

from newsledger import settings
from newsledger.analyze.contents import with_closing_mark, without_trailing_relative
from newsledger.analyze.found import Found, doc_text
from newsledger.analyze.quotes import ALL_MARKS, Quote
from newsledger.analyze.syntax import TIME_WORDS, subtree_range, trim
from newsledger.analyze.weights import shipped, weights_of

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


def candidates(
    doc: Doc, f: Found, verb: Token, sent: Span, quotes: Sequence[Quote], others: Sequence[Found] = ()
) -> list[Candidate]:
    """The spans that could be ``f``'s content, the rules' own first.  None
    holds the cue of another attribution of the same speaker (``others``: the
    sentence's): "announced the depot would close and vowed to fight" stays two
    attributions, as the rules make it (``paragraph.dedupe`` would otherwise
    fold the second into the first)."""
    same_speaker = [
        g.cue
        for g in others
        if g is not f and g.cue is not None and g.source_root is not None and f.source_root is not None
        and g.source_root.i == f.source_root.i
    ]  # fmt: skip
    # A participle cue hung on the clause of the rules' content ("said that he
    # welcomed the support, specifically citing the war") stays in it: the
    # hand-read seed article reads it so (tests/test_analyze_seed.py, attribution
    # 24), where PolNeAR mostly makes it an attribution of its own.
    kept_participles = [
        g.cue[0]
        for g in others
        if g is not f and g.cue is not None and g.cue_root is not None and g.cue_root.tag_ == "VBG"
        and g.cue_root.dep_ == "advcl" and f.content[0] <= g.cue[0] < f.content[1]
        and f.content[0] <= g.cue_root.head.idx < f.content[1]
    ]  # fmt: skip
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
        if child.dep_ == "prep" and any(p.dep_ == "pobj" and p.lower_ in TIME_WORDS for p in child.children):
            continue  # "said at the time that ...", "on Tuesday": when it was said, not what
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
        # The rules' own boundary: a closing ", which ..." aside is the outlet's, not what was said.
        hi = without_trailing_relative(doc, lo, hi)
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
        if kind != "rule" and any(chars[0] <= c[0] < chars[1] for c in same_speaker):
            continue
        if kind != "rule" and any(chars[1] <= c for c in kept_participles):
            continue
        seen.add(chars)
        kept.append((kind, chars))
    return kept


def features(
    doc: Doc, f: Found, verb: Token, sent: Span, cand: Candidate, quotes: Sequence[Quote],
    others: Sequence[Found] = (), version: int = 2,
) -> list[str]:  # fmt: skip
    """What a candidate is, relative to the cue and to the rules' content;
    ``version`` 2 adds what it leaves out of the rules' content or adds to it
    (``_difference``; ``others``: the sentence's attributions)."""
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
    if version >= 2 and toks is not None and rule_toks is not None and (lo, hi) != (rlo, rhi):
        feats += _difference(doc, f, kind, toks, rule_toks, others, version)
    return feats


def _family(kind: str) -> str:
    return kind.split(":")[0]


def _difference(
    doc: Doc, f: Found, kind: str, toks: tuple[int, int], rule: tuple[int, int], others: Sequence[Found],
    version: int,
) -> list[str]:  # fmt: skip
    """What a candidate drops from the rules' content at its end (a cut) or
    adds after it (a run-on): the part's root (dependency, fine tag), its
    first word and tag, whether it is a clause with a subject of its own,
    whether it holds another attribution's cue ("they were worried, and 4 in 10
    said ..."), its length.  Words only as function words or tags."""
    fam = _family(kind)
    feats: list[str] = []
    parts: list[tuple[str, int, int]] = []
    if toks[0] < rule[1] and rule[0] < toks[1]:  # only where the two overlap
        if toks[1] < rule[1]:
            parts.append(("drop_end", toks[1], rule[1]))
        elif toks[1] > rule[1]:
            parts.append(("add_end", rule[1], toks[1]))
        if toks[0] > rule[0]:
            parts.append(("drop_start", rule[0], toks[0]))
        elif toks[0] < rule[0] and version >= 3:
            parts.append(("add_start", toks[0], rule[0]))
    for name, a, b in parts:
        while a < b and (doc[a].is_punct or doc[a].text in ALL_MARKS):
            a += 1  # the comma or dash the cut is at
        if a >= b:
            continue
        part = doc[a:b]
        # The part's root past a leading "and"/"but" (spaCy's Span.root would
        # pick the conjunction, whose head lies outside as the clause's does).
        c = a + 1 if doc[a].dep_ == "cc" and a + 1 < b else a
        root, first = doc[c:b].root, doc[a]
        cue_inside = any(
            g is not f and g.cue is not None and part.start_char <= g.cue[0] < part.end_char for g in others
        )
        subj = any(t.dep_ in ("nsubj", "nsubjpass") and t.head.i == root.i for t in part)
        for x in (
            f"{name}|root={root.dep_}|{root.tag_}",
            f"{name}|first={_word(first)}|{first.tag_}",
            f"{name}|subj={subj}|cue={cue_inside}",
            f"{name}|len={_bin(len(part), (2, 5, 10, 20))}",
            f"{name}|head_in={'cand' if toks[0] <= root.head.i < toks[1] else 'out'}",
        ):
            feats += [x, f"{fam}|{x}"]
    return feats


class ContentModel:
    """A linear score per candidate (weights learned pairwise against the
    rules' own content); a candidate replaces the rules' content when it
    scores above it by more than ``margin``."""

    def __init__(self, weights: dict[str, float], margin: float, version: int = 1) -> None:
        self.weights = weights
        self.margin = margin
        self.version = version  # the feature set the weights were learned over

    def score(self, feats: Sequence[str]) -> float:
        return sum(map(self.weights.get, feats, repeat(0.0)))  # as weights.logistic: no generator frame per feature

    def choose(
        self, doc: Doc, f: Found, verb: Token, sent: Span, quotes: Sequence[Quote], others: Sequence[Found] = ()
    ) -> tuple[int, int]:
        """The content to keep: the best-scored candidate where it beats the
        rules' content by the margin, else the rules' content."""
        cands = candidates(doc, f, verb, sent, quotes, others)
        scored = [(self.score(features(doc, f, verb, sent, c, quotes, others, self.version)), c[1]) for c in cands]
        rule_score = scored[0][0]
        best_score, best = max(scored, key=lambda x: x[0])
        return best if best_score > rule_score + self.margin else f.content


@lru_cache(maxsize=1)
def load_content_model() -> ContentModel | None:
    """The shipped model, or None where it has not been trained."""
    data = shipped(settings.CONTENT_MODEL_FILE)
    if data is None:
        return None
    return ContentModel(weights_of(data), float(data["margin"]), int(data.get("features_version", 1)))


def active_content_model() -> ContentModel | None:
    return load_content_model() if settings.USE_CONTENT_MODEL else None
