"""Attributions in one parsed paragraph: the registered rules
(``newsledger/analyze/rules/``) run in their declared order over each
sentence, then the shared passes: cues inside a quotation are dropped (they
are part of what is quoted), each content gets its kind (direct, indirect,
mixed), and one attribution is kept per cue (``dedupe``).

Offsets are character offsets into the paragraph (the Doc's text); the
caller shifts them into the article.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

from newsledger.analyze.contents import set_kind
from newsledger.analyze.cues import SPEECH_NOUNS, STANCE_ADJECTIVES, STANCE_NOUNS
from newsledger.analyze.found import Found, Sentence, doc_text
from newsledger.analyze.quotes import Quote
from newsledger.analyze.rules import in_order
from newsledger.analyze.rules.registry import (
    CONTENT_RULES,
    CUE_RULES,
    FILTER_RULES,
    LEXICAL_RULES,
    SENTENCE_RULES,
    VERB_RULES,
    VerbRule,
)
from newsledger.analyze.sources import reporters_participle
from newsledger.analyze.syntax import overlaps
from newsledger.analyze.verbcue import from_verb

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

LEXICAL_SET = STANCE_ADJECTIVES | STANCE_NOUNS | SPEECH_NOUNS
_LEXICAL_WORDS = sorted(LEXICAL_SET)


@cache
def _lexical_ids() -> frozenset[int]:
    """The lexicon's words as spaCy string ids, made once: a string's id is its hash, the same in every
    vocabulary, and hashing the lexicon for every paragraph was a tenth of the candidate search."""
    from spacy.strings import get_string_id

    return frozenset(get_string_id(w) for w in _LEXICAL_WORDS)


def candidates(doc: Doc) -> list[int]:
    """Indices of the tokens a cue can start from: verbs, "according", and
    the stance adjectives and speech nouns of the lexicons.

    Read from the Doc's arrays rather than token by token: building a Token
    object for every word was a tenth of the analysis time.  The lexicon is
    looked up in a set for the adjectives and nouns only: ``numpy.isin`` over
    every word (it sorts both arrays) was 8% of the passes' time on PolNeAR
    dev (2026-12-02, session 11).
    """
    from spacy.symbols import ADJ, AUX, NOUN, VERB

    pos = doc.to_array("POS")
    lower = doc.to_array("LOWER")
    according = doc.vocab.strings["according"]
    found = (pos == VERB) | (pos == AUX) | (lower == according)
    ids = _lexical_ids()
    for i in ((pos == ADJ) | (pos == NOUN)).nonzero()[0].tolist():
        if int(lower[i]) in ids:
            found[i] = True
    return [int(i) for i in found.nonzero()[0]]


def cue_rule_for(tok: Token, quotes: Sequence[Quote], without: frozenset[str] = frozenset()) -> str | None:
    """The cue rule that makes this verb a cue (None: none does); rules in
    ``without`` are switched off."""
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    in_quote = any(q.start <= tok.idx < q.end for q in quotes)
    for name, rule in in_order(CUE_RULES, without):
        verdict = rule(tok, in_quote)
        if verdict is not None:
            return name if verdict else None
    return None


def find_in_paragraph(
    doc: Doc,
    quotes: Sequence[Quote],
    sents: Sequence[Span] | None = None,
    without: frozenset[str] = frozenset(),
) -> list[Found]:
    """Every attribution whose cue lies in this paragraph (``sents``: the
    Doc's sentences, where the caller already has them), each with the rule
    that found it (``origin``); rules named in ``without`` are switched off."""
    verb_rules = in_order(VERB_RULES, without)
    sentence_rules = in_order(SENTENCE_RULES, without)
    lexical_rules = in_order(LEXICAL_RULES, without)
    content_rules = in_order(CONTENT_RULES, without)
    filter_rules = in_order(FILTER_RULES, without)
    found: list[Found] = []
    text = doc_text(doc)
    cands = candidates(doc)
    k = 0
    for sent in sents if sents is not None else doc.sents:
        s = Sentence(doc, sent, quotes)
        while k < len(cands) and cands[k] < sent.start:
            k += 1
        verbs: list[Token] = []
        lexical: list[Token] = []  # stance adjectives and speech nouns
        while k < len(cands) and cands[k] < sent.end:
            tok = doc[cands[k]]
            if tok.pos_ in ("ADJ", "NOUN") and tok.lower_ in LEXICAL_SET:
                lexical.append(tok)
            elif tok.lower_ == "according":
                s.according.append(tok)
            else:
                verbs.append(tok)
            k += 1
        for tok in verbs:
            _verb(s, tok, verb_rules, without)
        for _name, sentence_rule in sentence_rules:
            s.found.extend(sentence_rule(s))
        for tok in lexical:
            for _name, lexical_rule in lexical_rules:
                extra = lexical_rule(s, tok)
                if extra is None:
                    continue
                if isinstance(extra, Found) and not any(
                    overlaps(extra.cue or (0, 0), f.cue or (0, 0)) for f in s.found
                ):
                    s.found.append(extra)
                break
        for _name, content_rule in content_rules:
            for f in s.found:
                content_rule(s, f)
        # A cue inside a quotation ("I think ...") is part of what is quoted.
        sent_found = [f for f in s.found if not f.in_quote]
        for f in sent_found:
            set_kind(text, f, quotes)
        found.extend(sent_found)
    kept = dedupe(found)
    # The filters judge each whole attribution among all the paragraph's, once one is left per cue.
    for _name, keep in filter_rules:
        kept = [f for f in kept if keep(doc, quotes, kept, f)]
    return kept


def _verb(s: Sentence, tok: Token, verb_rules: Sequence[tuple[str, VerbRule]], without: frozenset[str]) -> None:
    """A verb: the verb rules first (each builds its own attribution), then
    the cue rules with the shared cue-verb pass."""
    for _name, verb_rule in verb_rules:
        f = verb_rule(s, tok)
        if f is not None:
            s.found.append(f)
            return
    origin = cue_rule_for(tok, s.quotes, without)
    if origin is None:
        return
    f = from_verb(s.doc, tok, s.quotes, s.sent)
    if f is not None:
        f.origin = origin
        s.found.append(f)


def dedupe(found: list[Found]) -> list[Found]:
    """One attribution per cue; a cue inside another's content with the same
    subject is part of that attribution ("purports to show ...")."""
    out: list[Found] = []
    seen_cues: set[tuple[int, int] | None] = set()
    for f in found:
        if f.cue in seen_cues:
            continue
        # A participle hung on the reported clause ("said the plan is late, pointing to ...") shares
        # the reporter as its source and stays an attribution of its own, as PolNeAR reads it.
        own = f.cue_root is not None and reporters_participle(f.cue_root)
        inner = f.origin != "artifact_claim" and not own and any(
            g is not f
            and g.cue is not None
            and f.cue is not None
            and g.content[0] <= f.cue[0] < g.content[1]
            and g.source_root is not None
            and f.source_root is not None
            and g.source_root.i == f.source_root.i
            for g in found
        )
        # "released a video that purports to show X": the cue inside the shared
        # content says more than the one outside it.
        outer = f.cue is not None and any(
            g is not f
            and g.content == f.content
            and g.cue is not None
            and g.content[0] <= g.cue[0] < g.content[1]
            and not f.content[0] <= f.cue[0] < f.content[1]
            for g in found
        )
        # "Officials released a video that appears to show X": the release is
        # not a second attribution of the same claim.
        released = f.origin != "artifact_claim" and f.cue is not None and any(
            g.origin == "artifact_claim"
            and g.cue is not None
            and f.cue[1] <= g.cue[0]
            and g.creator is not None
            and f.source_root is not None
            and f.source_root.i == g.creator.i
            and overlaps(f.content, g.content)
            for g in found
        )
        if inner or outer or released:
            continue
        seen_cues.add(f.cue)
        out.append(f)
    return out
