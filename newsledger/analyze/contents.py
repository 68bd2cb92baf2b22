"""What was said: the content a cue verb attributes (clausal complement,
infinitive, object with its complement, parenthetical, the fallbacks for
cues with no clause), its boundaries (trailing reason clauses, asides,
appositions, closing quotation marks) and its kind (direct, indirect, mixed)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from newsledger.analyze.cuegroup import cue_tokens, phrasal_cue
from newsledger.analyze.cues import CLAUSE_VERBS, CONTENT_PREPS, OBJECT_VERBS, XCOMP_VERBS
from newsledger.analyze.figures import _APPROX
from newsledger.analyze.found import Found, doc_text
from newsledger.analyze.quotes import ALL_MARKS, Quote
from newsledger.analyze.sources import SECOND_CUE_VERBS
from newsledger.analyze.syntax import RELATIVE, TIME_WORDS, WHEN_WORDS, overlaps, quoted_span, subtree_range, trim

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

def _merged_ccomps(verb: Token, first: Token) -> tuple[int, int]:
    """Range of a clausal complement, extended over a second complement the
    parser split off ("said the men missing since Monday | were believed to")."""
    lo, hi = subtree_range(first)
    for other in verb.children:
        if (
            other.dep_ == "ccomp"
            and other.i > first.i
            and other.left_edge.i == hi
            and not any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in other.children)
        ):
            hi = subtree_range(other)[1]
    return lo, hi


def content_of(verb: Token) -> tuple[Token | None, tuple[int, int] | None]:
    """(root, token range) of what the cue verb attributes."""
    lemma = verb.lemma_
    phrasal = phrasal_cue(verb)
    if phrasal is not None:
        return phrasal[1], subtree_range(phrasal[1])
    for child in verb.children:
        if child.dep_ == "ccomp":
            lo, hi = _merged_ccomps(verb, child)
            # "announced that he was ill and vowed to ...": a second cue verb
            # the parser hung inside the clause belongs to the speaker, not to it.
            for conj in child.children:
                if (
                    conj.dep_ == "conj"
                    and conj.i > child.i
                    and conj.lemma_ in SECOND_CUE_VERBS
                    and not any(c.dep_ in ("nsubj", "nsubjpass") for c in conj.children)
                ):
                    cc = [c.i for c in child.children if c.dep_ == "cc" and child.i < c.i < conj.i]
                    hi = min(hi, min(cc) if cc else conj.left_edge.i)
            return child, (lo, _trailing_clause(verb, hi))
    if lemma in XCOMP_VERBS:
        for child in verb.children:
            if child.dep_ in ("xcomp", "advcl") and any(t.dep_ == "aux" and t.lower_ == "to" for t in child.children):
                lo, hi = subtree_range(child)
                return child, (lo, _trailing_clause(verb, hi))
    if lemma in OBJECT_VERBS or lemma not in CLAUSE_VERBS | XCOMP_VERBS:
        for child in verb.children:
            if child.dep_ == "dobj":
                return child, _object_range(verb, child)
    if lemma not in CLAUSE_VERBS:
        for child in verb.children:
            if child.dep_ in ("dobj", "xcomp", "oprd"):
                return child, subtree_range(child)
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in CONTENT_PREPS and child.i > verb.i:
                obj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
                if obj is not None:
                    return obj, subtree_range(obj)
    if verb.dep_ == "parataxis" and lemma in CLAUSE_VERBS:
        # "Many courses, he said, have closed": the whole clause, cue inside.
        head = verb.head
        return head, (head.left_edge.i, head.right_edge.i + 1)
    if lemma in CLAUSE_VERBS:
        figure = figure_clause(verb)
        if figure is not None:
            return figure
    return fallback_content(verb)


# Words that open a figure and that the parser reads as a preposition: the first
# words of the approximators figures.py reads before a number (its _APPROX), and
# "between" of a range; not "as", "at", "an", "no", "just", "close" (they open
# other phrases too: "recognized as one that ..." on PolNeAR train).
_FIGURE_PREPS = frozenset(q.split()[0] for q in _APPROX) - {"as", "at", "an", "no", "just", "close"} | {"between"}


def figure_clause(verb: Token) -> tuple[Token, tuple[int, int]] | None:
    """A clause that opens with a figure the parser took for a preposition:
    "said between 11 and 12,000 people had left", "said up to 40 cars were
    damaged".  The preposition follows the cue verb directly, a number follows
    it, and a verb with its own subject hangs under it; the content is the
    whole phrase.  (Rare in PolNeAR train: see docs/attribution.md, changelog.)"""
    doc = verb.doc
    after = max(t.i for t in cue_tokens(verb)) + 1
    for child in verb.children:
        if child.dep_ != "prep" or child.i != after or child.lower_ not in _FIGURE_PREPS:
            continue
        clause = next(
            (
                t
                for t in child.subtree
                if t.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)
            ),
            None,
        )
        if clause is None:
            continue
        # The number right after the word ("between 11", "up to 40", "more than 300").
        if any(t.like_num for t in doc[child.i + 1 : min(child.i + 3, clause.i)]):
            return clause, (child.i, child.right_edge.i + 1)
    return None


# Verbs whose object is the addressee, not what was said ("told reporters").
ADDRESSEE_VERBS = frozenset({"tell", "ask", "inform", "remind", "assure", "warn", "urge", "brief"})


def _trailing_clause(verb: Token, hi: int) -> int:
    """End of a content, extended over a reason or condition the parser hung on
    the cue verb right after it ("refused to hold hearings because ...")."""
    for sib in verb.children:
        if sib.i >= hi and sib.left_edge.i == hi and sib.dep_ == "advcl":
            mark = next((c for c in sib.children if c.dep_ == "mark"), None)
            if mark is not None and mark.lower_ in ("because", "if", "unless", "since", "although", "though"):
                return int(sib.right_edge.i) + 1
    return hi


def fallback_content(verb: Token) -> tuple[Token | None, tuple[int, int] | None]:
    """What a cue with no clause attributes, read from the other shapes news
    prose gives it (counted on PolNeAR train, where these made up about a third
    of the cues found without content)."""
    children = list(verb.children)
    mark = next((c for c in children if c.dep_ == "mark"), None)
    if verb.dep_ == "advcl" and mark is not None and mark.lower_ == "as" and verb.head.pos_ in ("VERB", "AUX"):
        # "As the Post reported, the inspector issued subpoenas": the main clause.
        head = verb.head
        lo, hi = subtree_range(head, without=verb)
        return head, (lo, hi)
    if verb.lemma_ not in ADDRESSEE_VERBS:
        for child in children:
            if child.dep_ in ("dobj", "intj") or (child.dep_ == "advmod" and child.lower_ in ("so", "yes", "no")):
                return child, _object_range(verb, child)
    if verb.lemma_ in ("ask", "wonder", "question", "inquire", "enquire"):
        for child in children:
            # "asked workers if they planned to attend": the parser makes the
            # question an adverbial clause.
            if child.dep_ == "advcl" and child.i > verb.i and any(
                c.dep_ == "mark" and c.lower_ in ("if", "whether") for c in child.children
            ):
                return child, subtree_range(child)
    agent = any(c.dep_ == "agent" for c in children)
    for child in children:
        if child.dep_ == "nsubjpass" and agent and child.lower_ not in RELATIVE:
            # "The move was first reported by MSNBC": the subject is what was reported.
            return child, subtree_range(child)
    for child in children:
        if child.dep_ == "prep" and child.lower_ in CONTENT_PREPS and child.i > verb.i:
            obj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            if obj is not None and obj.lower_ not in TIME_WORDS and obj.pos_ != "NUM":
                return obj, subtree_range(obj)
    return None, None


def _object_range(verb: Token, obj: Token) -> tuple[int, int]:
    """An object with its complement: "called him a liar", "accused X of Y"."""
    lo, hi = subtree_range(obj)
    for sib in verb.children:
        if sib.i > obj.i and (
            sib.dep_ in ("oprd", "xcomp", "ccomp")
            or (sib.dep_ == "prep" and sib.lower_ in ("for", "as", "of"))
            or (sib.dep_ == "prep" and sib.lower_ in _OBJECT_LINKS and sib.left_edge.i == hi and not _when(sib))
        ):
            hi = max(hi, sib.right_edge.i + 1)
    return lo, hi


# A preposition right after the object that completes it ("challenged him to
# a debate", "compared Cruz with Wallace").
_OBJECT_LINKS = frozenset({"to", "with", "into", "from", "against", "in", "on", "about"})


def _when(prep: Token) -> bool:
    return any(c.lower_ in WHEN_WORDS or c.pos_ == "NUM" for c in prep.children)


def _outside_quote_chars(text: str, start: int, end: int, quotes: Sequence[Quote]) -> int:
    n = 0
    for i in range(start, end):
        if text[i].isalnum() and not any(q.start <= i < q.end for q in quotes):
            n += 1
    return n


def adjacent_quote(doc: Doc, lo: int, hi: int, quotes: Sequence[Quote]) -> Quote | None:
    """A quote that ends right before char ``lo`` or starts right after ``hi``,
    with only punctuation and space between."""
    text = doc_text(doc)
    best: Quote | None = None
    for q in quotes:
        if q.end <= lo and all(c in ",:;—– '`" + ALL_MARKS for c in text[q.end : lo]):
            best = q
        elif q.start >= hi and all(c in ",:;—– \n'`" + ALL_MARKS for c in text[hi : q.start]):
            return best or q
    return best


def complement(doc: Doc, link: Token) -> tuple[int, int] | None:
    """What a preposition or a clause opens, as chars: the preposition's
    object, or the clause without its "that"."""
    if link.dep_ == "prep":
        obj = next((g for g in link.children if g.dep_ in ("pobj", "pcomp")), None)
        return None if obj is None else trim(doc, obj.left_edge.i, obj.right_edge.i + 1, keep_marks=True)
    lo = link.left_edge.i + (1 if doc[link.left_edge.i].lower_ == "that" else 0)
    return trim(doc, lo, link.right_edge.i + 1, keep_marks=True)


def with_closing_mark(text: str, content: tuple[int, int], quotes: Sequence[Quote]) -> tuple[int, int]:
    """A content that opens a quotation and stops at its last word takes the
    closing mark too (the parser hangs '."' on the main verb): 'called the
    plan a "cheap fix."', not 'a "cheap fix'."""
    start, end = content
    for q in quotes:
        closes_here = q.closed and q.end < len(text)
        if closes_here and start < q.start <= end <= q.end and not text[end : q.end].strip(".,;:!? "):
            return start, q.end + (2 if text[q.end : q.end + 2] == "''" else 1)
    return content


def ends_with_colon(doc: Doc, after: int) -> bool:
    """Only a colon (and space) follows token ``after`` to the end of the paragraph."""
    rest = [t for t in doc[after:] if not t.is_space]
    return len(rest) == 1 and rest[0].text == ":"


def without_trailing_relative(doc: Doc, lo: int, hi: int) -> int:
    """End of a content before a closing ", which ..." or ", who ..." clause:
    the outlet's aside about a noun, not part of what was said (PolNeAR's
    guidelines leave such clauses out)."""
    for i in range(lo + 1, hi - 1):
        tok = doc[i]
        if tok.text == "," and doc[i + 1].lower_ in ("which", "who"):
            rel = doc[i + 1].head
            if rel.dep_ == "relcl" and rel.right_edge.i + 1 >= hi - 1 and not quoted_span(doc, lo, hi):
                return i
    return hi


def without_trailing_apposition(noun: Token, hi: int) -> int:
    """End of a noun content before a closing ", the presumptive nominee": the
    outlet's gloss on the noun, not part of what was said."""
    for child in noun.children:
        if (
            child.dep_ == "appos"
            and child.i > noun.i
            and child.right_edge.i + 1 >= hi - 1
            and child.left_edge.i > 0
            and noun.doc[child.left_edge.i - 1].text == ","
        ):
            return int(child.left_edge.i) - 1
    return hi


def set_kind(text: str, f: Found, quotes: Sequence[Quote]) -> None:
    lo, hi = f.content
    inner = [q for q in quotes if overlaps((lo, hi), (q.start, q.end))]
    if not inner:
        f.kind = "indirect"
        return
    if _outside_quote_chars(text, lo, hi, inner) == 0:
        # All words are quoted: the content is the quotation itself, marks excluded.
        f.kind = "direct"
        f.content = (min(q.start for q in inner), max(q.end for q in inner))
        f.quote_chain = inner[0].chain
    else:
        f.kind = "mixed"
