"""An attribution from a cue verb: the verb group as cue, its subject as
source, its complement (or an adjacent quotation) as content.  Shared by
the rules that decide which verbs are cues (``rules/figure_phrase.py``,
``cue_lexicon``, ``core_speech``, ``cue_model``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from newsledger.analyze.contents import (
    ADDRESSEE_VERBS,
    adjacent_quote,
    content_of,
    ends_with_colon,
    with_closing_mark,
    without_trailing_apposition,
    without_trailing_relative,
)
from newsledger.analyze.cuegroup import cue_tokens, phrasal_cue
from newsledger.analyze.cues import ARTIFACT_NOUNS, CLAUSE_VERBS, EXPLETIVES
from newsledger.analyze.found import Found, doc_text
from newsledger.analyze.quotes import Quote
from newsledger.analyze.sources import channel_of, creator_of, source_span, subject_of
from newsledger.analyze.syntax import overlaps, span_of, trim

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


# "It's hard to imagine ...", "it is worth remembering that ...", "it became apparent that ...": an "it"
# whose verb is a copula with an adjective after it stands for the clause that follows, not for anyone who
# spoke. Counted on PolNeAR train[:700] (analyze/22 output, 2026-12-01, lead): of 138 attributions with the
# source "it", 33 had a copular cue, and the gold gave "it" as the source of 3 of them (each a verb after
# an auxiliary, which this test leaves alone).
_COPULAS = frozenset({"be", "become", "seem", "remain", "appear"})


def extraposed_it(it: Token) -> bool:
    """Whether ``it`` (a subject token) is the empty subject of a copula with an adjective."""
    head = it.head
    return bool(head.lemma_ in _COPULAS and any(c.dep_ == "acomp" for c in head.children))

def from_verb(doc: Doc, verb: Token, quotes: Sequence[Quote], sent: Span) -> Found | None:
    root, rng = content_of(verb)
    cue_toks = cue_tokens(verb)
    phrasal = phrasal_cue(verb)
    if phrasal is not None:
        cue_toks = [*cue_toks, *phrasal[0]]
    cue = span_of(cue_toks)
    assert cue is not None
    content: tuple[int, int] | None = None
    cue_end = max(t.i for t in cue_toks) + 1
    if rng is None and verb.lemma_ in CLAUSE_VERBS:
        # The parser missed the clause ("said at the time that he ..."): a
        # "that" shortly after the cue still opens the content.
        that = next((t for t in doc[cue_end : min(cue_end + 6, sent.end)] if t.lower_ == "that"), None)
        if that is not None:
            rng = (that.i, sent.end)
    if rng is None and verb.lemma_ in CLAUSE_VERBS and verb.dep_ in ("conj", "ROOT", "parataxis"):
        # "X is hanging on, said the chief executive": the clause before the comma.
        first = min([t.i for t in cue_toks] + [t.i for t in verb.children if t.dep_ == "nsubj" and t.i < verb.i])
        first = min([first] + [t.left_edge.i for t in verb.children if t.dep_ == "nsubj" and t.i < verb.i])
        if first - 1 > sent.start and doc[first - 1].text == ",":
            rng = (sent.start, first - 1)
    if rng is not None:
        lo_tok = rng[0]
        # The complementizer belongs to the syntax, not to what was said.
        if doc[lo_tok].lower_ == "that" and (doc[lo_tok].dep_ == "mark" or rng[1] == sent.end):
            lo_tok += 1
        hi = without_trailing_relative(doc, lo_tok, rng[1])
        if root is not None and root.pos_ in ("NOUN", "PROPN"):
            hi = without_trailing_apposition(root, hi)
        content = trim(doc, lo_tok, hi, keep_marks=True)
    written, subj = subject_of(verb)
    if (
        written is not None
        and written.lower_ in EXPLETIVES
        and written.dep_ != "pobj"
        # "It said ..." with "it" the subject of an active cue refers to a body or a document that
        # spoke (PolNeAR train[:700] holds 97 gold sources "it"); only "it is said"-like uses
        # (passive, "expl") and "there" are empty.  Kept: source F1 0.766 -> 0.767, whole
        # 0.583 -> 0.585 on train[:700] (bench/attribution.py --split train --limit 700).
        and not (written.lower_ == "it" and written.dep_ == "nsubj" and not extraposed_it(written))
    ):
        written = subj = None
    source: tuple[int, int] | None = None
    if written is not None:
        source = source_span(doc, written, verb)
    in_quote = any(q.start <= cue[0] < q.end for q in quotes)
    # Any cue the model accepts may frame a quotation beside it ("..., the judge
    # exclaimed"); for the lexicon's clause verbs the quotation also wins over a
    # parsed clause that runs into it.
    if (verb.lemma_ in CLAUSE_VERBS or content is None) and not in_quote:
        lo = min([cue[0]] + ([source[0]] if source else []))
        hi = max([cue[1]] + ([source[1]] if source else []))
        if verb.lemma_ in ADDRESSEE_VERBS:
            # "He tells the crowd: '...'": the quotation follows the addressee.
            for child in verb.children:
                if child.dep_ in ("dobj", "dative") and child.i > verb.i:
                    last = child.right_edge
                    hi = max(hi, last.idx + len(last.text))
        q = adjacent_quote(doc, lo, hi, quotes)
        inside = content is not None and any(q2.start <= content[0] < q2.end for q2 in quotes)
        if q is not None and (content is None or inside or overlaps(content, (q.start, q.end))):
            content = (q.start, q.end)
    follows = False
    if content is None and ends_with_colon(doc, cue_end):
        content = (len(doc_text(doc)), len(doc_text(doc)))
        follows = True
    if content is None:
        return None
    creator = creator_of(subj) if subj is not None and subj.lemma_.lower() in ARTIFACT_NOUNS else None
    # A cue inside its own content means the parse went wrong (outside the
    # parenthetical "X, he said, Y", which keeps the cue inside on purpose).
    if content[0] <= cue[0] < content[1] and verb.dep_ != "parataxis":
        return None
    content = with_closing_mark(doc_text(doc), content, quotes)
    return Found(
        content=content,
        cue=cue,
        source=source,
        source_root=subj,
        creator=creator,
        channel=channel_of(verb, root),
        sentence=(sent.start_char, sent.end_char),
        in_quote=in_quote,
        content_follows=follows,
        cue_root=verb,
    )
