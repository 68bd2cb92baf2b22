"""Attributions in one parsed paragraph: cue, source and content from the
dependency tree, with quoted speech aligned to the quotation marks.

Offsets here are character offsets into the paragraph (the Doc's text); the
caller shifts them into the article.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from newsledger.analyze.cuemodel import load_cue_model
from newsledger.analyze.cues import (
    ALL_CUE_VERBS,
    ARTIFACT_NOUNS,
    CHANNEL_NOUNS,
    CLAUSE_VERBS,
    CONTENT_PREPS,
    EXPLETIVES,
    OBJECT_VERBS,
    SPEECH_NOUN_LINKS,
    SPEECH_NOUNS,
    STANCE_ADJECTIVES,
    STANCE_NOUNS,
    XCOMP_VERBS,
)
from newsledger.analyze.figures import _APPROX
from newsledger.analyze.quotes import ALL_MARKS, Quote
from newsledger.records import AttributionKind

Token = Any  # spacy.tokens.Token: spaCy ships no type stubs
Doc = Any

USE_CUE_MODEL = True
CORE_SPEECH = frozenset(
    {"say", "tell", "claim", "add", "state", "announce", "insist", "deny", "allege", "warn", "purport"}
)
PUNCT_EDGE = set(",.;:—–-()[]") | set(ALL_MARKS)
# Adverbs that attach to the verb but introduce a clause of their own: never in the cue.
_WH_ADVERBS = frozenset({"when", "where", "how", "why", "while", "as", "so", "then", "however"})
_RELATIVE = frozenset({"who", "which", "that", "whom"})


@dataclass(slots=True)
class Found:
    """One attribution in a paragraph, before speakers are resolved."""

    content: tuple[int, int]
    kind: AttributionKind = "indirect"
    cue: tuple[int, int] | None = None
    source: tuple[int, int] | None = None
    source_root: Token | None = None
    creator: Token | None = None  # who made the artifact that is the source
    channel: str | None = None
    relayed_by: str | None = None
    sentence: tuple[int, int] = (0, 0)
    quote_chain: int | None = None
    according: bool = False
    in_quote: bool = False  # the cue is itself quoted ("I think ...", inside a quote)
    # "Cruz continued:" closes its paragraph: what was said is the next one,
    # which the caller fills in (``content`` is empty until then).
    content_follows: bool = False
    origin: str = ""  # the rule that found it: a name of newsledger.analyze.rules.RULES


def doc_text(doc: Doc) -> str:
    """``doc.text``, kept on the Doc: spaCy joins every token again on each
    call, which was a fifth of the analysis time."""
    text = doc.user_data.get("newsledger_text")
    if text is None:
        text = doc.user_data["newsledger_text"] = doc.text
    return str(text)


def _span(tokens: Iterable[Token]) -> tuple[int, int] | None:
    toks = list(tokens)
    if not toks:
        return None
    first = min(toks, key=lambda t: t.i)
    last = max(toks, key=lambda t: t.i)
    return first.idx, last.idx + len(last.text)


def _trim(doc: Doc, start: int, end: int, *, keep_marks: bool = False) -> tuple[int, int] | None:
    """Token range [start, end) without punctuation at either edge, as chars."""
    while (
        start < end
        and (doc[start].text in PUNCT_EDGE or doc[start].is_space)
        and not (keep_marks and doc[start].text in ALL_MARKS)
    ):
        start += 1
    while (
        end > start
        and (doc[end - 1].text in PUNCT_EDGE or doc[end - 1].is_space)
        and not (keep_marks and doc[end - 1].text in ALL_MARKS)
    ):
        end -= 1
    if end <= start:
        return None
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def _subtree_range(tok: Token, *, without: Token | None = None) -> tuple[int, int]:
    """Token range of ``tok``'s subtree; if it holds ``without``, stop before the
    child subtree that contains it."""
    start, end = tok.left_edge.i, tok.right_edge.i + 1
    if without is not None and start <= without.i < end:
        for child in tok.children:
            if child.left_edge.i <= without.i <= child.right_edge.i:
                if child.i > tok.i:
                    end = child.left_edge.i
                else:
                    start = child.right_edge.i + 1
    # A dateline glued to the first sentence ("CITY (Agency) - Officials said").
    for i in range(start, min(end, tok.i)):
        if tok.doc[i].text in ("-", "—", "–", "--") and i > start and tok.doc[i - 1].whitespace_:
            start = i + 1
    return start, end


_TIME_WORDS = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "time",
        "week",
        "weekend",
        "day",
        "days",
        "year",
        "years",
        "month",
        "morning",
        "afternoon",
        "evening",
        "night",
        "past",
        "recent",
    ]
)
# When something was said is not part of how it was said ("said Tuesday").
_WHEN_WORDS = _TIME_WORDS | frozenset({"today", "tonight", "yesterday", "tomorrow"})
# Prepositions annotators keep in the cue when they tie it to the content
# ("lashed out at", "touched on", "is accused of", "said of").
_LINK_PREPS = frozenset({"at", "on", "of", "about", "for", "against", "in", "with", "to", "over"})


def _cue_tokens(verb: Token) -> list[Token]:
    """The verb group: auxiliaries (and the infinitive's "to"), negation,
    adverbs, particles, and a preposition that links the cue to its content."""
    doc = verb.doc
    group = {verb.i}
    for child in verb.children:
        if child.dep_ in ("aux", "auxpass", "neg", "prt") or (
            child.dep_ in ("advmod", "npadvmod")
            and child.lower_ not in _WH_ADVERBS
            and child.lower_ not in _WHEN_WORDS
            and child.is_alpha
        ):
            group.add(child.i)
        elif child.dep_ == "prep" and child.lower_ in ("in", "on") and child.i > verb.i:
            # "said in a statement", "wrote on Twitter": the medium is part of the cue.
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            # PolNeAR's annotators mostly keep "in a statement" in the cue but
            # leave interviews, dates and outlets out (counted on train).
            if pobj is not None and pobj.lower_ == "statement" and pobj.right_edge.i - child.i <= 3:
                group.update(range(child.i, pobj.right_edge.i + 1))
    # Keep one contiguous span around the verb, as the guidelines ask.
    lo = hi = verb.i
    while lo - 1 in group:
        lo -= 1
    while hi + 1 in group:
        hi += 1
    nxt = doc[hi + 1] if hi + 1 < len(doc) else None
    if (
        nxt is not None
        and nxt.dep_ == "prep"
        and nxt.head.i == verb.i
        and nxt.lower_ in _LINK_PREPS
        and (verb.lemma_ not in ("say", "tell", "write", "add") or nxt.lower_ in ("of", "about"))
    ):
        pobj = next((c for c in nxt.children if c.dep_ in ("pobj", "pcomp")), None)
        if pobj is not None and pobj.lower_ not in _TIME_WORDS and pobj.pos_ not in ("NUM",):
            hi += 1
    return [doc[i] for i in range(lo, hi + 1)]


# Verbs of saying that, conjoined inside a clause without a subject of their
# own, are a second act of the speaker ("announced that he was ill and vowed
# to ..."); other verbs there ("... and wanted a candidate who ...") continue
# what was said.
_SECOND_CUE_VERBS = frozenset(
    {
        "say", "add", "tell", "vow", "promise", "pledge", "call", "warn", "urge", "note", "insist", "argue",
        "claim", "announce", "declare", "accuse", "deny", "predict", "suggest", "explain", "acknowledge",
        "admit", "complain", "criticize", "criticise", "praise", "blame", "reply", "respond", "write",
        "tweet", "describe", "dismiss", "reject", "defend", "thank", "attack", "blast", "slam", "condemn",
        "question", "challenge", "mention", "repeat", "stress", "emphasize", "emphasise", "recall", "point",
    }
)


def _subject(verb: Token, depth: int = 0) -> tuple[Token | None, Token | None]:
    """(subject as written, who it refers to) for a cue verb; follows
    conjuncts, relative clauses and passive agents.  A relative pronoun is the
    source as written ("who"), its antecedent the one who spoke."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
                return child, verb.head
            return child, child
    for child in verb.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj, pobj
    for child in verb.children:
        if child.dep_ == "nsubjpass" and child.lower_ in _RELATIVE and verb.dep_ == "relcl":
            return None, None
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN") and verb.head.dep_ != "pobj":
        return verb.head, verb.head
    head = verb.head
    if (
        depth < 3
        and verb.dep_ == "conj"
        and head.dep_ == "ccomp"
        and verb.i > head.i
        and verb.lemma_ in _SECOND_CUE_VERBS
        and head.head.pos_ in ("VERB", "AUX")
    ):
        # "X said the increase would fall ... and called it ...": the parser hung
        # the second cue inside the clause; like _content, give it to X.
        return _subject(head.head, depth + 1)
    if depth < 3 and verb.dep_ in ("conj", "xcomp", "advcl") and head.pos_ in ("VERB", "AUX"):
        return _subject(head, depth + 1)
    if depth < 3 and verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        # "Sanders began by talking about ...", "... before explaining why".
        return _subject(head.head, depth + 1)
    return None, None


def _creator(noun: Token) -> Token | None:
    """Who released/published an artifact ("a video released by officials")."""
    for child in noun.children:
        if child.dep_ in ("acl", "relcl"):
            for grand in child.children:
                if grand.dep_ == "agent":
                    for pobj in grand.children:
                        if pobj.dep_ == "pobj":
                            return pobj
    if noun.dep_ in ("dobj", "nsubjpass"):
        for sib in noun.head.children:
            if sib.dep_ == "nsubj" and sib.i != noun.i:
                return sib
            if sib.dep_ == "agent":
                for pobj in sib.children:
                    if pobj.dep_ == "pobj":
                        return pobj
    return None


def _channel(verb: Token, content_root: Token | None) -> str | None:
    for child in verb.children:
        if content_root is not None and child.i == content_root.i:
            continue
        if verb.lemma_ == "tell" and child.dep_ in ("dobj", "dative"):
            return _np_text(child)
        if child.dep_ == "prep" and child.lower_ in ("in", "on", "to", "during", "via", "through"):
            for pobj in child.children:
                if pobj.dep_ == "pobj" and (
                    pobj.lower_ in CHANNEL_NOUNS or (pobj.pos_ == "PROPN" and pobj.ent_type_ != "DATE")
                ):
                    return _np_text(pobj)
    return None


def _np_text(tok: Token) -> str:
    toks = [t for t in tok.subtree if not (t.dep_ == "det" and t.head.i == tok.i and t.i == tok.left_edge.i)]
    rng = _span(toks)
    if rng is None:
        return str(tok.text)
    return doc_text(tok.doc)[rng[0] : rng[1]].strip(" ,")


# Verb + object + preposition phrases that report a figure or a position; the
# preposition's object is the content: "put the figure at 3,000", "stood by
# its earlier estimate".  verb lemma -> (object lemmas or None for no object,
# preposition, preposition-object lemmas or None for any).
_PHRASAL_CUES: dict[str, tuple[frozenset[str] | None, str, frozenset[str] | None]] = {
    "put": (
        frozenset({"figure", "number", "toll", "total", "count", "cost", "estimate", "tally", "damage", "loss"}),
        "at",
        None,
    ),
    "stand": (
        None,
        "by",
        frozenset(
            {
                "estimate",
                "figure",
                "statement",
                "claim",
                "account",
                "assessment",
                "report",
                "comment",
                "remark",
                "decision",
                "count",
                "number",
                "assertion",
                "story",
                "forecast",
                "finding",
                "prediction",
                "projection",
            }
        ),
    ),
}


# Objects that make their verb a cue when a preposition ties them to what they
# are about: "raised questions about X", "voiced support for X", "made no
# mention of X" (PolNeAR's annotators put the noun and the preposition in the cue).
_CUE_OBJECTS = SPEECH_NOUNS | frozenset(
    {"support", "attention", "word", "praise", "concern", "doubt", "mention", "complaint", "focus"}
)
_CUE_OBJECT_LINKS = frozenset({"about", "for", "of", "on", "against", "over", "to"})


def _object_cue(verb: Token) -> tuple[list[Token], Token] | None:
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None or obj.pos_ != "NOUN" or obj.lemma_.lower() not in _CUE_OBJECTS:
        return None
    preps = [c for c in obj.children if c.dep_ == "prep" and c.lower_ in _CUE_OBJECT_LINKS and c.i == obj.i + 1]
    for prep in preps:
        pobj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
        if pobj is not None:
            return [*(t for t in obj.subtree if t.i <= obj.i), prep], pobj
    return None


def phrasal_cue(verb: Token) -> tuple[list[Token], Token] | None:
    """(extra cue tokens, content root) of a phrasal cue: a figure or position
    phrase ("put the figure at"), else a speech noun object ("raised questions about")."""
    if verb.pos_ != "VERB":
        return None
    return _figure_cue(verb) or _object_cue(verb)


def _figure_cue(verb: Token) -> tuple[list[Token], Token] | None:
    """The phrases of ``_PHRASAL_CUES``: a cue whatever the cue model says."""
    spec = _PHRASAL_CUES.get(verb.lemma_)
    if spec is None or verb.pos_ != "VERB":
        return None
    objs, prep_word, pobjs = spec
    extra: list[Token] = []
    if objs is not None:
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is None or obj.lemma_.lower() not in objs:
            return None
        extra.extend(t for t in obj.subtree if t.i <= obj.i)
        # "put the figure at": the preposition may hang on the object.
        preps = [c for c in obj.children if c.dep_ == "prep" and c.lower_ == prep_word]
    else:
        preps = []
    preps += [c for c in verb.children if c.dep_ == "prep" and c.lower_ == prep_word and c.i > verb.i]
    for prep in preps:
        pobj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
        if pobj is None or (pobjs is not None and pobj.lemma_.lower() not in pobjs):
            continue
        return [*extra, prep], pobj
    return None


def _merged_ccomps(verb: Token, first: Token) -> tuple[int, int]:
    """Range of a clausal complement, extended over a second complement the
    parser split off ("said the men missing since Monday | were believed to")."""
    lo, hi = _subtree_range(first)
    for other in verb.children:
        if (
            other.dep_ == "ccomp"
            and other.i > first.i
            and other.left_edge.i == hi
            and not any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in other.children)
        ):
            hi = _subtree_range(other)[1]
    return lo, hi


def _content(verb: Token) -> tuple[Token | None, tuple[int, int] | None]:
    """(root, token range) of what the cue verb attributes."""
    lemma = verb.lemma_
    phrasal = phrasal_cue(verb)
    if phrasal is not None:
        return phrasal[1], _subtree_range(phrasal[1])
    for child in verb.children:
        if child.dep_ == "ccomp":
            lo, hi = _merged_ccomps(verb, child)
            # "announced that he was ill and vowed to ...": a second cue verb
            # the parser hung inside the clause belongs to the speaker, not to it.
            for conj in child.children:
                if (
                    conj.dep_ == "conj"
                    and conj.i > child.i
                    and conj.lemma_ in _SECOND_CUE_VERBS
                    and not any(c.dep_ in ("nsubj", "nsubjpass") for c in conj.children)
                ):
                    cc = [c.i for c in child.children if c.dep_ == "cc" and child.i < c.i < conj.i]
                    hi = min(hi, min(cc) if cc else conj.left_edge.i)
            return child, (lo, _trailing_clause(verb, hi))
    if lemma in XCOMP_VERBS:
        for child in verb.children:
            if child.dep_ in ("xcomp", "advcl") and any(t.dep_ == "aux" and t.lower_ == "to" for t in child.children):
                lo, hi = _subtree_range(child)
                return child, (lo, _trailing_clause(verb, hi))
    if lemma in OBJECT_VERBS or lemma not in CLAUSE_VERBS | XCOMP_VERBS:
        for child in verb.children:
            if child.dep_ == "dobj":
                return child, _object_range(verb, child)
    if lemma not in CLAUSE_VERBS:
        for child in verb.children:
            if child.dep_ in ("dobj", "xcomp", "oprd"):
                return child, _subtree_range(child)
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in CONTENT_PREPS and child.i > verb.i:
                obj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
                if obj is not None:
                    return obj, _subtree_range(obj)
    if verb.dep_ == "parataxis" and lemma in CLAUSE_VERBS:
        # "Many courses, he said, have closed": the whole clause, cue inside.
        head = verb.head
        return head, (head.left_edge.i, head.right_edge.i + 1)
    if lemma in CLAUSE_VERBS:
        figure = _figure_clause(verb)
        if figure is not None:
            return figure
    return _fallback_content(verb)


# Words that open a figure and that the parser reads as a preposition: the first
# words of the approximators figures.py reads before a number (its _APPROX), and
# "between" of a range; not "as", "at", "an", "no", "just", "close" (they open
# other phrases too: "recognized as one that ..." on PolNeAR train).
_FIGURE_PREPS = frozenset(q.split()[0] for q in _APPROX) - {"as", "at", "an", "no", "just", "close"} | {"between"}


def _figure_clause(verb: Token) -> tuple[Token, tuple[int, int]] | None:
    """A clause that opens with a figure the parser took for a preposition:
    "said between 11 and 12,000 people had left", "said up to 40 cars were
    damaged".  The preposition follows the cue verb directly, a number follows
    it, and a verb with its own subject hangs under it; the content is the
    whole phrase.  (Rare in PolNeAR train: see docs/attribution.md, changelog.)"""
    doc = verb.doc
    after = max(t.i for t in _cue_tokens(verb)) + 1
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
_ADDRESSEE_VERBS = frozenset({"tell", "ask", "inform", "remind", "assure", "warn", "urge", "brief"})


def _trailing_clause(verb: Token, hi: int) -> int:
    """End of a content, extended over a reason or condition the parser hung on
    the cue verb right after it ("refused to hold hearings because ...")."""
    for sib in verb.children:
        if sib.i >= hi and sib.left_edge.i == hi and sib.dep_ == "advcl":
            mark = next((c for c in sib.children if c.dep_ == "mark"), None)
            if mark is not None and mark.lower_ in ("because", "if", "unless", "since", "although", "though"):
                return int(sib.right_edge.i) + 1
    return hi


def _fallback_content(verb: Token) -> tuple[Token | None, tuple[int, int] | None]:
    """What a cue with no clause attributes, read from the other shapes news
    prose gives it (counted on PolNeAR train, where these made up about a third
    of the cues found without content)."""
    children = list(verb.children)
    mark = next((c for c in children if c.dep_ == "mark"), None)
    if verb.dep_ == "advcl" and mark is not None and mark.lower_ == "as" and verb.head.pos_ in ("VERB", "AUX"):
        # "As the Post reported, the inspector issued subpoenas": the main clause.
        head = verb.head
        lo, hi = _subtree_range(head, without=verb)
        return head, (lo, hi)
    if verb.lemma_ not in _ADDRESSEE_VERBS:
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
                return child, _subtree_range(child)
    agent = any(c.dep_ == "agent" for c in children)
    for child in children:
        if child.dep_ == "nsubjpass" and agent and child.lower_ not in _RELATIVE:
            # "The move was first reported by MSNBC": the subject is what was reported.
            return child, _subtree_range(child)
    for child in children:
        if child.dep_ == "prep" and child.lower_ in CONTENT_PREPS and child.i > verb.i:
            obj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            if obj is not None and obj.lower_ not in _TIME_WORDS and obj.pos_ != "NUM":
                return obj, _subtree_range(obj)
    return None, None


def _object_range(verb: Token, obj: Token) -> tuple[int, int]:
    """An object with its complement: "called him a liar", "accused X of Y"."""
    lo, hi = _subtree_range(obj)
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
    return any(c.lower_ in _WHEN_WORDS or c.pos_ == "NUM" for c in prep.children)


def _outside_quote_chars(text: str, start: int, end: int, quotes: Sequence[Quote]) -> int:
    n = 0
    for i in range(start, end):
        if text[i].isalnum() and not any(q.start <= i < q.end for q in quotes):
            n += 1
    return n


def _adjacent_quote(doc: Doc, lo: int, hi: int, quotes: Sequence[Quote]) -> Quote | None:
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


def _candidates(doc: Doc) -> list[int]:
    """Indices of the tokens a cue can start from: verbs, "according", and
    the stance adjectives and speech nouns of the lexicons.

    Read from the Doc's arrays rather than token by token: building a Token
    object for every word was a tenth of the analysis time.
    """
    import numpy
    from spacy.symbols import ADJ, AUX, NOUN, VERB

    pos = doc.to_array("POS")
    lower = doc.to_array("LOWER")
    strings = doc.vocab.strings
    words = numpy.array([strings[w] for w in _LEXICAL_WORDS], dtype=lower.dtype)
    lexical = ((pos == ADJ) | (pos == NOUN)) & numpy.isin(lower, words)
    according = strings["according"]
    return [int(i) for i in ((pos == VERB) | (pos == AUX) | (lower == according) | lexical).nonzero()[0]]


_LEXICAL_SET = STANCE_ADJECTIVES | STANCE_NOUNS | SPEECH_NOUNS
_LEXICAL_WORDS = sorted(_LEXICAL_SET)


def find_in_paragraph(
    doc: Doc,
    quotes: Sequence[Quote],
    sents: Sequence[Any] | None = None,
    without: frozenset[str] = frozenset(),
) -> list[Found]:
    """Every attribution whose cue lies in this paragraph (``sents``: the
    Doc's sentences, where the caller already has them), each with the rule
    that found it (``origin``); rules named in ``without`` are switched off."""
    found: list[Found] = []
    text = doc_text(doc)
    candidates = _candidates(doc)
    k = 0
    for sent in sents if sents is not None else doc.sents:
        sent_found: list[Found] = []
        according: list[tuple[Token, Token]] = []
        cut_at: dict[int, int] = {}
        while k < len(candidates) and candidates[k] < sent.start:
            k += 1
        here: list[Token] = []
        lexical: list[Token] = []  # stance adjectives and speech nouns
        while k < len(candidates) and candidates[k] < sent.end:
            tok = doc[candidates[k]]
            (lexical if tok.pos_ in ("ADJ", "NOUN") and tok.lower_ in _LEXICAL_SET else here).append(tok)
            k += 1
        for tok in here:
            if tok.lower_ == "according":
                to = next((c for c in tok.children if c.lower_ == "to"), None)
                pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
                if to is not None and pobj is not None:
                    according.append((tok, pobj))
                    tok_ends = pobj.right_edge.i + 1
                    # The parser often hangs the rest of the clause on the
                    # source; the source ends at the first comma.
                    comma = next((t.i for t in doc[pobj.i : tok_ends] if t.text in ",;—–("), tok_ends)
                    cut_at[tok.i] = comma
                continue
            artifact = None if "artifact_claim" in without else _artifact_claim(doc, tok, quotes, sent)
            if artifact is not None:
                sent_found.append(artifact)
                continue
            origin = _cue_origin(tok, quotes, without)
            if origin is None:
                continue
            f = _from_verb(doc, tok, quotes, sent)
            if f is not None:
                f.origin = origin
                sent_found.append(f)
        for acc, pobj in according if "according_to" not in without else []:
            phrase_lo = acc.i
            phrase_hi = cut_at[acc.i]
            # Nested: someone said it, according to someone else who relays it;
            # the relay is an attribution of its own whose content holds the other.
            phrase = (acc.idx, doc[phrase_hi - 1].idx + len(doc[phrase_hi - 1].text))
            for f in sent_found:
                if not f.according and (f.source_root is None or f.source_root.i != pobj.i):
                    f.relayed_by = _np_text(pobj)
                    if f.content[0] < phrase[0] < f.content[1]:
                        # The parser hung the relay on the reported clause: cut it off.
                        cut = doc.char_span(f.content[0], phrase[0], alignment_mode="contract")
                        trimmed = _trim(doc, cut.start, cut.end, keep_marks=True) if cut is not None else None
                        if trimmed is not None:
                            f.content = trimmed
            before = _trim(doc, sent.start, phrase_lo, keep_marks=True)
            after = _trim(doc, phrase_hi, sent.end, keep_marks=True)
            content = (before[0], after[1]) if before and after else before or after
            if content is None:
                continue
            src = _trim(doc, acc.i + 2, phrase_hi)
            sent_found.append(
                Found(
                    content=content,
                    cue=(acc.idx, acc.doc[acc.i + 1].idx + len(acc.doc[acc.i + 1].text)),
                    source=src,
                    source_root=pobj,
                    sentence=(sent.start_char, sent.end_char),
                    according=True,
                    origin="according_to",
                )
            )
        if not sent_found and "headline_colon" not in without:
            headline = _headline_colon(doc, sent)
            if headline is not None:
                sent_found.append(headline)
        for tok in lexical:
            if (tok.pos_ == "ADJ" and tok.dep_ == "acomp" and tok.lower_ in STANCE_ADJECTIVES) or (
                tok.dep_ == "attr" and tok.lower_ in STANCE_NOUNS
            ):
                extra = None if "stance" in without else _stance(doc, tok, sent)
            elif tok.pos_ == "NOUN" and tok.lower_ in SPEECH_NOUNS:
                extra = None if "speech_noun" in without else _owned_speech_noun(doc, tok, sent)
            else:
                continue
            if extra is not None and not any(_overlaps(extra.cue or (0, 0), f.cue or (0, 0)) for f in sent_found):
                sent_found.append(extra)
        # A cue inside a quotation ("I think ...") is part of what is quoted.
        sent_found = [f for f in sent_found if not f.in_quote]
        for f in sent_found:
            _set_kind(text, f, quotes)
        found.extend(sent_found)
    return _dedupe(found)


# Labels that open a line with a colon but name no one who speaks.
_LABELS = frozenset({
    "update", "updated", "watch", "video", "videos", "photo", "photos", "picture", "pictures", "breaking",
    "exclusive", "live", "note", "related", "read", "more", "source", "sources", "image", "images", "credit",
    "caption", "warning", "re", "fwd", "by", "tags", "topics", "share", "advertisement", "listen", "opinion",
    "analysis", "review", "comment", "comments", "pictured", "also", "see", "reporting", "contact", "email",
    "phone", "tel", "editor", "editors", "correction", "clarification", "disclosure", "subscribe", "follow", "via",
    "audio", "transcript",
})  # fmt: skip
_HEADLINE_GLUE = frozenset({"&", "of", "'s", "’s", "the", "and", "for", "de"})


def _headline_colon(doc: Doc, sent: Any) -> Found | None:
    """ "Trump: I'm the worst thing that ever happened to them" — a headline
    that names who speaks before a colon.  The name is short and capitalised;
    labels ("UPDATE:", "WATCH:") and clock times are not speakers."""
    colon = next((t for t in sent[:8] if t.text == ":"), None)
    if colon is None or colon.i == sent.start or sent.end - colon.i < 4:
        return None
    prefix = doc[sent.start : colon.i]
    words = [t for t in prefix if not t.is_punct]
    if not words or len(words) > 6:
        return None
    if not all(t.is_title or t.is_upper or t.lower_ in _HEADLINE_GLUE for t in words):
        return None
    if not any(t.pos_ in ("PROPN", "NOUN") for t in words) or any(t.like_num for t in words):
        return None
    if " ".join(t.lower_ for t in words).removesuffix(" note") in _LABELS or words[0].lower_ in _LABELS:
        return None
    content = _trim(doc, colon.i + 1, sent.end, keep_marks=True)
    source = _trim(doc, sent.start, colon.i)
    if content is None or source is None:
        return None
    return Found(
        content=content,
        cue=(colon.idx, colon.idx + 1),
        source=source,
        source_root=prefix.root,
        sentence=(sent.start_char, sent.end_char),
        origin="headline_colon",
    )


def _complement(doc: Doc, link: Token) -> tuple[int, int] | None:
    """What a preposition or a clause opens, as chars: the preposition's
    object, or the clause without its "that"."""
    if link.dep_ == "prep":
        obj = next((g for g in link.children if g.dep_ in ("pobj", "pcomp")), None)
        return None if obj is None else _trim(doc, obj.left_edge.i, obj.right_edge.i + 1, keep_marks=True)
    lo = link.left_edge.i + (1 if doc[link.left_edge.i].lower_ == "that" else 0)
    return _trim(doc, lo, link.right_edge.i + 1, keep_marks=True)


def _stance(doc: Doc, adj: Token, sent: Any) -> Found | None:
    """ "The senator was critical of the deal", "officials are convinced that
    the levy will pass", "she is a fierce critic of the plan": a stance
    adjective or person noun after "be" attributes its complement to the
    subject.  Cue: "be" through the adjective (or noun) and its preposition,
    as PolNeAR's annotators mark it."""
    be = adj.head
    if be.lemma_ != "be" or be.pos_ not in ("VERB", "AUX"):
        return None
    subj = next((c for c in be.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.lower_ in EXPLETIVES or subj.lower_ in _RELATIVE:
        return None
    content: tuple[int, int] | None = None
    cue_end = adj.i + 1
    for c in [*adj.children, *be.children]:
        if c.i <= adj.i:
            continue
        if (c.dep_ == "prep" and c.lower_ in CONTENT_PREPS | {"in", "that"}) or c.dep_ in ("ccomp", "xcomp"):
            content = _complement(doc, c)
            if content is not None:
                if c.dep_ == "prep" and c.i == adj.i + 1:
                    cue_end = c.i + 1
                break
    source = _trim(doc, *_subtree_range(subj))
    if content is None or source is None:
        return None
    cue_start = be.i
    while cue_start - 1 >= 0 and doc[cue_start - 1].dep_ in ("aux", "neg") and doc[cue_start - 1].head.i == be.i:
        cue_start -= 1
    return Found(
        content=content,
        cue=_span(doc[cue_start:cue_end]),
        source=source,
        source_root=subj,
        sentence=(sent.start_char, sent.end_char),
        origin="stance",
    )


def _owned_speech_noun(doc: Doc, noun: Token, sent: Any) -> Found | None:
    """ "The minister's claim that the levy is fair", "her criticism of the plan":
    a noun of saying or stance whose owner is named (a possessor) and whose
    complement says what it is about.  Without an owner the noun is too often
    no one's speech ("the announcement of the results")."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None or owner.lower_ in ("its", "whose"):
        return None
    link = next(
        (
            c
            for c in noun.children
            if c.i > noun.i
            and (
                (c.dep_ == "prep" and c.lower_ in SPEECH_NOUN_LINKS)
                or (c.dep_ in ("acl", "ccomp") and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children))
            )
        ),
        None,
    )
    if link is None:
        return None
    content = _complement(doc, link)
    cue_end = link.i + 1 if link.dep_ == "prep" else noun.i + 1
    # Adjectives before the noun belong to the cue ("her harsh criticism of").
    cue_start = noun.i
    while cue_start - 1 > owner.right_edge.i and doc[cue_start - 1].dep_ in ("amod", "advmod"):
        cue_start -= 1
    source = _trim(doc, owner.left_edge.i, owner.right_edge.i + 1)
    if content is None or source is None:
        return None
    if source[1] > 2 and doc_text(doc)[source[1] - 2 : source[1]] in ("'s", "’s"):
        source = (source[0], source[1] - 2)
    return Found(
        content=content,
        cue=_span(doc[cue_start:cue_end]),
        source=source,
        source_root=owner,
        sentence=(sent.start_char, sent.end_char),
        origin="speech_noun",
    )


def _is_cue(tok: Token, quotes: Sequence[Quote]) -> bool:
    """The cue model decides where it is shipped; else the lexicons do."""
    return _cue_origin(tok, quotes) is not None


def _cue_origin(tok: Token, quotes: Sequence[Quote], without: frozenset[str] = frozenset()) -> str | None:
    """Which rule makes this verb a cue (None: none does); rules in
    ``without`` are switched off."""
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    in_quote = any(q.start <= tok.idx < q.end for q in quotes)
    if _figure_cue(tok) is not None and "figure_phrase" not in without:
        return None if in_quote else "figure_phrase"
    model = load_cue_model() if USE_CUE_MODEL else None
    if model is None:
        return "cue_lexicon" if tok.lemma_ in ALL_CUE_VERBS and "cue_lexicon" not in without else None
    if tok.lemma_ in CORE_SPEECH and not in_quote and "core_speech" not in without:
        # The ledger must never lose a plain "X said Y", whatever PolNeAR's
        # conventions for nested attributions taught the model.
        return "core_speech"
    if "cue_model" in without:
        return None
    return "cue_model" if tok.pos_ == "VERB" and model.is_cue(tok, in_quote) else None


def _from_verb(doc: Doc, verb: Token, quotes: Sequence[Quote], sent: Any) -> Found | None:
    root, rng = _content(verb)
    cue_toks = _cue_tokens(verb)
    phrasal = phrasal_cue(verb)
    if phrasal is not None:
        cue_toks = [*cue_toks, *phrasal[0]]
    cue = _span(cue_toks)
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
        hi = _without_trailing_relative(doc, lo_tok, rng[1])
        if root is not None and root.pos_ in ("NOUN", "PROPN"):
            hi = _without_trailing_apposition(root, hi)
        content = _trim(doc, lo_tok, hi, keep_marks=True)
    written, subj = _subject(verb)
    if written is not None and written.lower_ in EXPLETIVES and written.dep_ != "pobj":
        written = subj = None
    source: tuple[int, int] | None = None
    if written is not None:
        if written.lower_ in _RELATIVE:
            source = (written.idx, written.idx + len(written.text))
        else:
            s_lo, s_hi = _subtree_range(written, without=verb)
            # ", who ..." clauses are incidental to who the source is (the
            # guidelines; PolNeAR leaves them out); appositions stay.
            for child in written.children:
                if child.dep_ == "relcl" and child.i > written.i:
                    s_hi = min(s_hi, child.left_edge.i)
                elif (
                    child.dep_ in ("acl", "amod")
                    and child.i > written.i
                    and child.left_edge.i > 0
                    and doc[child.left_edge.i - 1].text == ","
                ):
                    # "Rubio, speaking at a rally in Miami, said": where, not who.
                    s_hi = min(s_hi, child.left_edge.i - 1)
            source = _trim(doc, s_lo, s_hi)
    in_quote = any(q.start <= cue[0] < q.end for q in quotes)
    # Any cue the model accepts may frame a quotation beside it ("..., the judge
    # exclaimed"); for the lexicon's clause verbs the quotation also wins over a
    # parsed clause that runs into it.
    if (verb.lemma_ in CLAUSE_VERBS or content is None) and not in_quote:
        lo = min([cue[0]] + ([source[0]] if source else []))
        hi = max([cue[1]] + ([source[1]] if source else []))
        if verb.lemma_ in _ADDRESSEE_VERBS:
            # "He tells the crowd: '...'": the quotation follows the addressee.
            for child in verb.children:
                if child.dep_ in ("dobj", "dative") and child.i > verb.i:
                    last = child.right_edge
                    hi = max(hi, last.idx + len(last.text))
        q = _adjacent_quote(doc, lo, hi, quotes)
        inside = content is not None and any(q2.start <= content[0] < q2.end for q2 in quotes)
        if q is not None and (content is None or inside or _overlaps(content, (q.start, q.end))):
            content = (q.start, q.end)
    follows = False
    if content is None and _ends_with_colon(doc, cue_end):
        content = (len(doc_text(doc)), len(doc_text(doc)))
        follows = True
    if content is None:
        return None
    creator = _creator(subj) if subj is not None and subj.lemma_.lower() in ARTIFACT_NOUNS else None
    # A cue inside its own content means the parse went wrong (outside the
    # parenthetical "X, he said, Y", which keeps the cue inside on purpose).
    if content[0] <= cue[0] < content[1] and verb.dep_ != "parataxis":
        return None
    content = _with_closing_mark(doc_text(doc), content, quotes)
    return Found(
        content=content,
        cue=cue,
        source=source,
        source_root=subj,
        creator=creator,
        channel=_channel(verb, root),
        sentence=(sent.start_char, sent.end_char),
        in_quote=in_quote,
        content_follows=follows,
    )


# Verbs by which an artifact "says" something ("a video that purports to show X",
# "appears to show", "claims to show", "is said to show"): issue #16's real
# pages; "seem" is left out (on PolNeAR train[:700] its relative clauses with an
# infinitive were gold cues 2 times in 10, against 3 in 7 for "appear";
# scripts/count_cue_shapes.py).
_ARTIFACT_VERBS = frozenset({"purport", "appear", "claim", "say"})
# The ones that are speech acts themselves: the cue is the verb ("purports");
# for the others it runs to the infinitive ("appears to show").
_ARTIFACT_SPEECH = frozenset({"purport", "claim"})


def _artifact_claim(doc: Doc, verb: Token, quotes: Sequence[Quote], sent: Any) -> Found | None:
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
    creator = _creator(noun)
    if creator is None or creator.lower_ in _RELATIVE:
        return None
    group = _cue_tokens(verb)
    cue_hi = max(t.i for t in group) if verb.lemma_ in _ARTIFACT_SPEECH else inf.i
    cue = _span(doc[min(t.i for t in group) : cue_hi + 1])
    content = _trim(doc, noun.left_edge.i, max(noun.right_edge.i, verb.right_edge.i) + 1, keep_marks=True)
    c_lo, c_hi = _subtree_range(creator)
    for child in creator.children:
        if child.dep_ == "relcl" and child.i > creator.i:
            c_hi = min(c_hi, child.left_edge.i)
    source = _trim(doc, c_lo, c_hi)
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


def _with_closing_mark(text: str, content: tuple[int, int], quotes: Sequence[Quote]) -> tuple[int, int]:
    """A content that opens a quotation and stops at its last word takes the
    closing mark too (the parser hangs '."' on the main verb): 'called the
    plan a "cheap fix."', not 'a "cheap fix'."""
    start, end = content
    for q in quotes:
        closes_here = q.closed and q.end < len(text)
        if closes_here and start < q.start <= end <= q.end and not text[end : q.end].strip(".,;:!? "):
            return start, q.end + (2 if text[q.end : q.end + 2] == "''" else 1)
    return content


def _ends_with_colon(doc: Doc, after: int) -> bool:
    """Only a colon (and space) follows token ``after`` to the end of the paragraph."""
    rest = [t for t in doc[after:] if not t.is_space]
    return len(rest) == 1 and rest[0].text == ":"


def _without_trailing_relative(doc: Doc, lo: int, hi: int) -> int:
    """End of a content before a closing ", which ..." or ", who ..." clause:
    the outlet's aside about a noun, not part of what was said (PolNeAR's
    guidelines leave such clauses out)."""
    for i in range(lo + 1, hi - 1):
        tok = doc[i]
        if tok.text == "," and doc[i + 1].lower_ in ("which", "who"):
            rel = doc[i + 1].head
            if rel.dep_ == "relcl" and rel.right_edge.i + 1 >= hi - 1 and not _quoted_span(doc, lo, hi):
                return i
    return hi


def _without_trailing_apposition(noun: Token, hi: int) -> int:
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


def _quoted_span(doc: Doc, lo: int, hi: int) -> bool:
    return any(doc[j].text in ALL_MARKS for j in range(lo, hi))


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def _set_kind(text: str, f: Found, quotes: Sequence[Quote]) -> None:
    lo, hi = f.content
    inner = [q for q in quotes if _overlaps((lo, hi), (q.start, q.end))]
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


def _dedupe(found: list[Found]) -> list[Found]:
    """One attribution per cue; a cue inside another's content with the same
    subject is part of that attribution ("purports to show ...")."""
    out: list[Found] = []
    seen_cues: set[tuple[int, int] | None] = set()
    for f in found:
        if f.cue in seen_cues:
            continue
        inner = f.origin != "artifact_claim" and any(
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
            and _overlaps(f.content, g.content)
            for g in found
        )
        if inner or outer or released:
            continue
        seen_cues.add(f.cue)
        out.append(f)
    return out
