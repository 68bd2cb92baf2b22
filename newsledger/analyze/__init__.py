"""Analyze stage: Article -> Analysis (who said what, how sure, which figures).

The body is cut into paragraphs (and over-long paragraphs into pieces), each
parsed once by spaCy; attributions are read from each parse in order, so the
speaker registry, pronoun resolution and quotes running over several
paragraphs see the article as a reader does.  Hedges and figures come from
``hedges.py`` and ``figures.py`` when those modules are present.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsledger import settings
from newsledger.analyze.casing import headline_case
from newsledger.analyze.cues import PRONOUNS_SELF, TITLES
from newsledger.analyze.found import Found, doc_text, keep_text
from newsledger.analyze.furniture import mask as mask_furniture
from newsledger.analyze.model import ModelMissingError, load_nlp
from newsledger.analyze.paragraph import find_in_paragraph
from newsledger.analyze.quotes import Quote, quotes_by_paragraph
from newsledger.analyze.rules import check as check_rules
from newsledger.analyze.rules.carried_quote import NAME as CARRIED_QUOTE
from newsledger.analyze.rules.carried_quote import QuoteCarrier
from newsledger.analyze.rules.content_around_cue import NAME as CONTENT_AROUND_CUE
from newsledger.analyze.rules.content_around_cue import split as split_around_cue
from newsledger.analyze.rules.continued_quote import NAME as CONTINUED_QUOTE
from newsledger.analyze.rules.continued_quote import join_preceding
from newsledger.analyze.rules.raised_subject import NAME as RAISED_SUBJECT
from newsledger.analyze.rules.raised_subject import raise_subject
from newsledger.analyze.shared_subjects import shared_predicates
from newsledger.analyze.speakers import Entry, Registry, common_noun_kind, describe, person_at
from newsledger.extract.lang import detect_language
from newsledger.records import Analysis, Article, Attribution, Span, Speaker, Statement

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

ANALYZE_VERSION = "analyze/33"

__all__ = [
    "ANALYZE_VERSION",
    "ModelMissingError",
    "analyze",
    "analyze_many",
    "analyze_text",
]


@dataclass(slots=True)
class _Unit:
    offset: int  # where the unit starts in the article text
    text: str
    paragraph: int


def _units(text: str) -> list[_Unit]:
    units: list[_Unit] = []
    pos = 0
    for index, para in enumerate(text.split("\n\n")):
        start = pos
        pos += len(para) + 2
        if not para.strip():
            continue
        while len(para) > settings.MAX_UNIT_CHARS:
            cut = para.rfind(". ", 0, settings.MAX_UNIT_CHARS)
            cut = cut + 2 if cut > settings.MAX_UNIT_CHARS // 2 else settings.MAX_UNIT_CHARS
            units.append(_Unit(start, para[:cut], index))
            start += cut
            para = para[cut:]
        units.append(_Unit(start, para, index))
    return units


def _optional(module: str, name: str) -> Callable[..., Any] | None:
    """A function from a sibling module that may not exist yet."""
    try:
        mod = importlib.import_module(f"newsledger.analyze.{module}")
    except ImportError:
        return None
    fn = getattr(mod, name, None)
    return fn if callable(fn) else None


def _skip_reason(text: str, language: str | None = None) -> str | None:
    if not text.strip():
        return "empty"
    lang = language or detect_language(text)
    if lang is not None and lang != "en":
        return f"language:{lang}"
    return None


def analyze_text(text: str, *, title: str | None = None) -> Analysis:
    reason = _skip_reason(text)
    if reason is not None:
        return Analysis(skipped=reason)
    return _analyze_parsed(text, title, _parse([text], [title])[0], published=None)


def analyze(article: Article) -> Analysis:
    return analyze_many([article])[0]


def analyze_many(articles: Iterable[Article]) -> list[Analysis]:
    arts = list(articles)
    results: list[Analysis | None] = []
    todo: list[int] = []
    for i, art in enumerate(arts):
        lang = art.language if art.language else None
        reason = _skip_reason(art.text, lang)
        results.append(Analysis(skipped=reason) if reason else None)
        if reason is None:
            todo.append(i)
    parsed = _parse([arts[i].text for i in todo], [arts[i].title for i in todo])
    for i, p in zip(todo, parsed, strict=True):
        art = arts[i]
        published = art.published.iso if art.published else None
        results[i] = _analyze_parsed(art.text, art.title, p, published=published)
    return [r if r is not None else Analysis() for r in results]


_Parsed = tuple[list[_Unit], list["Doc"], "Doc | None"]


def _parse(texts: Sequence[str], titles: Sequence[str | None]) -> list[_Parsed]:
    """Parse every unit of every text in one batched ``nlp.pipe`` run."""
    nlp = load_nlp()
    all_units = [_units(t) for t in texts]
    # Case changes only: offsets into these texts are offsets into the article.
    flat = [mask_furniture(headline_case(u.text)) for units in all_units for u in units]
    flat_titles = [headline_case(t) for t in titles if t]
    docs = list(nlp.pipe(flat + flat_titles, batch_size=64))
    for doc, unit_text in zip(docs, flat + flat_titles, strict=True):
        keep_text(doc, unit_text)
    out: list[_Parsed] = []
    k = 0
    tk = len(flat)
    for units, title in zip(all_units, titles, strict=True):
        unit_docs = docs[k : k + len(units)]
        k += len(units)
        title_doc = None
        if title:
            title_doc = docs[tk]
            tk += 1
        out.append((units, unit_docs, title_doc))
    return out


def _analyze_parsed(
    text: str,
    title: str | None,
    parsed: _Parsed,
    *,
    published: str | None,
    without: frozenset[str] = frozenset(),
) -> Analysis:
    """The passes over one parsed article; ``without``: rules switched off
    (names of ``rules.RULES``; the benchmark's ablation)."""
    check_rules(without)
    units, docs, title_doc = parsed
    registry = Registry()
    attributions: list[Attribution] = []
    sentences: list[tuple[int, int]] = []
    shared: dict[int, int] = {}  # coordinated subjects' nouns -> where their shared predicate starts
    hedge_of = _optional("hedges", "hedge_of")

    if title_doc is not None and title:
        title_quotes = quotes_by_paragraph([title])[0]
        title_found = find_in_paragraph(title_doc, title_quotes, without=without)
        _names(title_doc, title_found)
        registry.see_doc(title_doc)
        for f in title_found:
            a = _attribution(f, title_doc, 0, title, None, registry, hedge_of)
            if CONTENT_AROUND_CUE not in without:
                split_around_cue(a, title)
            a.part = "title"
            attributions.append(a)

    all_quotes = quotes_by_paragraph([u.text for u in units])
    carrier = QuoteCarrier(functools.partial(_hedge, hedge_of=hedge_of), join=CONTINUED_QUOTE not in without)
    colon_waiting: list[Attribution] = []
    for unit, doc, quotes in zip(units, docs, all_quotes, strict=True):
        sents = list(doc.sents)
        for sent in sents:
            sentences.append((unit.offset + sent.start_char, unit.offset + sent.end_char))
        shared.update(shared_predicates(doc, unit.offset))
        found = find_in_paragraph(doc, quotes, sents, without)
        _names(doc, found)
        registry.see_doc(doc)
        # find_in_paragraph drops cues inside quotations, so every one found
        # here speaks for its content.
        claims: list[Attribution] = []
        for a in colon_waiting:
            # "Cruz continued:" ended the paragraph before; this one is what he said.
            _fill_from_unit(a, unit, quotes, text)
            claims.append(a)
        colon_waiting = []
        for f in found:
            a = _attribution(f, doc, unit.offset, text, unit.paragraph, registry, hedge_of)
            if CONTENT_AROUND_CUE not in without:
                split_around_cue(a, text)
            if RAISED_SUBJECT not in without:
                raise_subject(a, text)
            if f.content_follows:
                colon_waiting.append(a)
                continue
            claims.append(a)
            carrier.claimed(f.quote_chain, a)
        if CONTINUED_QUOTE not in without:
            # '"A," she said, "B."' where only B is the cue's: A is its first piece.
            join_preceding(claims, quotes, unit.offset, text)
        here = list(claims)
        if CARRIED_QUOTE not in without:
            # Quotes no cue claimed: carried on from the quotation or paragraph before.
            here += carrier.carry(unit.text, unit.offset, unit.paragraph, quotes, claims, text)
        here.sort(key=lambda a: a.content.start)
        carrier.seen(here, unit.paragraph)
        attributions.extend(here)

    # Quotes that never found a speaker are dropped rather than guessed;
    # colon cues at the very end of the article (colon_waiting) have no content.
    attributions = [a for a in attributions if a.cue is not None or a.speaker or a.speaker_mention]
    speakers = _speakers(registry, attributions)
    analysis = Analysis(attributions=attributions, speakers=speakers)
    _add_statements_and_figures(analysis, text, sentences, title, published, shared)
    return analysis


def _names(doc: Doc, found: Sequence[Found]) -> None:
    """Run the entity recogniser on a paragraph only where a source is a name:
    it costs as much as the parser, and pronoun or common-noun sources and
    paragraphs without attributions do not need it."""
    if not settings.USE_NER:
        return
    text_of_doc = doc_text(doc)
    for f in found:
        if f.source is None:
            continue
        words = text_of_doc[f.source[0] : f.source[1]].split()
        if any(w[:1].isupper() for w in words[1:]) or (
            words and words[0][:1].isupper() and len(words) == 1 and words[0].lower() not in _PRONOUNS
        ):
            load_nlp().get_pipe("ner")(doc)
            return


_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "who", "which", "that"})


def _fill_from_unit(a: Attribution, unit: _Unit, quotes: Sequence[Quote], text: str) -> None:
    """The whole of ``unit`` as the content of a cue that ended with a colon."""
    body = unit.text.strip()
    start = unit.offset + unit.text.index(body[:1]) if body else unit.offset
    end = start + len(body)
    if quotes and quotes[0].start <= start - unit.offset + 1 and quotes[-1].end >= end - unit.offset - 1:
        # A quoted paragraph: the quotation, marks excluded, as for any direct quote.
        start, end = unit.offset + quotes[0].start, unit.offset + quotes[-1].end
        a.kind = "direct"
    a.content = Span(start, end, text[start:end])
    a.content_spans = [a.content]
    a.paragraph = unit.paragraph


def _hedge(a: Attribution, sentence: str, hedge_of: Callable[..., Any] | None) -> None:
    """The hedge of ``sentence`` (hedges.py, where present) on ``a``."""
    if hedge_of is None:
        return
    hedge, cues = hedge_of(sentence)
    a.hedge = hedge
    a.hedge_cues = list(cues)


def _mention(root: Token | None, source_text: str, lo: int, hi: int) -> str:
    """The name as written: the person's name (with its title) where there is one."""
    if root is None:
        return source_text
    doc = root.doc
    person = person_at(root, lo, hi)
    if person is not None:
        start = person[0]
        if start > 0 and doc[start - 1].text in TITLES:
            start -= 1
        words = str(doc[start : person[1]].text)
        for suffix in ("'s", "’s"):
            words = words.removesuffix(suffix)
        return words
    if root.pos_ == "PRON":
        return str(root.text)
    return source_text


def _attribution(
    f: Found,
    doc: Doc,
    offset: int,
    text: str,
    paragraph: int | None,
    registry: Registry,
    hedge_of: Callable[..., Any] | None,
) -> Attribution:
    def span(rng: tuple[int, int] | None) -> Span | None:
        if rng is None:
            return None
        return Span(offset + rng[0], offset + rng[1], text[offset + rng[0] : offset + rng[1]])

    content = span(f.content)
    assert content is not None
    a = Attribution(
        kind=f.kind,
        content=content,
        source=span(f.source),
        cue=span(f.cue),
        channel=f.channel,
        relayed_by=f.relayed_by,
        paragraph=paragraph,
        origin=f.origin,
        content_spans=[content],
    )
    if a.source is not None and f.source is not None:
        lo, hi = _token_range(doc, f.source)
        parts = _conjuncts(f.source_root, lo, hi) if f.creator is None else []
        for tok, p_lo, p_hi in parts:
            if f.source_root is not None and tok.i == f.source_root.i:
                # Each speaker of "Ana Ruru and Tomas Keel" is read from their own part of it.
                lo, hi = p_lo, p_hi
        speaker_root = f.source_root
        if parts and not any(f.source_root is not None and tok.i == f.source_root.i for tok, _, _ in parts):
            # "GOP contender and former surgeon Ana Ruru": the description the source's root heads was
            # joined to the name after it (``_one_person``); that part's name is who spoke.
            for tok, p_lo, p_hi in parts:
                if f.source_root is not None and p_lo <= f.source_root.i < p_hi:
                    lo, hi, speaker_root = p_lo, p_hi, tok
        as_written = a.source.text
        if parts:
            as_written = text[offset + doc[lo].idx : offset + doc[hi - 1].idx + len(doc[hi - 1])]
        mention = _mention(speaker_root, as_written, lo, hi)
        if a.source.text.lower() in ("who", "which", "that") and f.source_root is not None:
            mention = _np(f.source_root)
        entry: Entry | None
        if f.creator is not None:
            entry = registry.resolve(f.creator, _np(f.creator))
        else:
            entry = registry.resolve(speaker_root, mention, lo=lo, hi=hi)
        if entry is not None:
            a.speaker = entry.name
            a.speaker_mention = mention
            registry.spoke(entry)
            if entry.kind == "person" and speaker_root is not None:
                a.speaker_description = _description(speaker_root, entry, lo, hi) or None
        a.co_speakers = _co_speakers(speaker_root, a.speaker, registry, parts)
        if entry is None and mention.lower() in PRONOUNS_SELF:
            # The writer speaking ("'Okay,' I said"): no name to give, but the
            # quotes that follow are still theirs.
            a.speaker_mention = mention
    sentence = text[offset + f.sentence[0] : offset + f.sentence[1]] if f.sentence != (0, 0) else content.text
    if f.sentence != (0, 0):
        # The hedge is read up to the end of this attribution: a denial later in the sentence
        # ("..., and it denied that ...") qualifies another claim, not this one.
        end = max(content.end, a.cue.end if a.cue else 0, a.source.end if a.source else 0)
        if offset + f.sentence[0] < end <= offset + f.sentence[1]:
            sentence = text[offset + f.sentence[0] : end]
    _hedge(a, sentence, hedge_of)
    return a


def _conjuncts(root: Token | None, lo: int, hi: int) -> list[tuple[Token, int, int]]:
    """The coordinated parts of a source, tokens [lo, hi), as (head, start, end) in text order, the
    source's root among them ("Harbour master Ana Ruru | engineer Tomas Keel"); [] for no coordination,
    one part where it only joins two descriptions of one person (``_one_person``)."""
    if root is None or hi - lo < 3:
        return []
    doc = root.doc
    heads = [t for t in root.conjuncts if lo <= t.i < hi]
    if not heads:
        return []
    starts = sorted((max(lo, t.left_edge.i) if t.i != root.i else lo, t.i) for t in [root, *heads])
    if starts[0][1] != root.i:
        starts = sorted((max(lo, doc[i].left_edge.i), i) for _, i in starts)
    out: list[tuple[Token, int, int]] = []
    for k, (start, i) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else hi
        while end > start + 1 and (doc[end - 1].dep_ in ("cc", "punct") or doc[end - 1].is_space):
            end -= 1
        out.append((doc[i], start, end))
    return _one_person(out)


def _one_person(parts: list[tuple[Token, int, int]]) -> list[tuple[Token, int, int]]:
    """Parts that are one person described twice joined into one: "GOP contender and former surgeon
    Ana Ruru" is Ana Ruru, not "GOP contender" and Ana Ruru.  A bare singular description (no article
    or pronoun, no name of its own, a person's head noun: ``common_noun_kind``) cannot stand alone as
    someone in English; before a part whose name has its own description in front ("former surgeon
    Ana Ruru", "party strategist Tomas Keel") and joined to it by "and" alone, it is a second
    description of that name.  "The mayor
    and engineer Tomas Keel" (an article), "her deputy and Tomas Keel" (a pronoun), "Mere Tane and
    engineer Tomas Keel" (a name) and "contender and Tomas Keel" (no description by the name) stay
    two.  Counted on PolNeAR train[:700] (2026-12-02, scratch scans over its 272 coordinated sources,
    docs/attribution.md, changelog `analyze/29`): 9 attributions join a bare singular description to a
    described name, each one person in the text; this rule joins 4 of them (the other 5: 2 already read
    right, 3 where the capitalised words before the name, "City Mayor", are read as part of it) and changes
    nothing else there."""
    out: list[tuple[Token, int, int]] = []
    k = 0
    while k < len(parts):
        tok, lo, hi = parts[k]
        name = None
        if k + 1 < len(parts) and _bare_description(tok, lo, hi) and _joined_by_and(tok.doc, hi, parts[k + 1][1]):
            name = _described_name(*parts[k + 1])
        if name is not None:
            # The name heads the joined part: the parser may head "strategist Ana Ruru" by "strategist".
            out.append((name, lo, parts[k + 1][2]))
            k += 2
            continue
        out.append((tok, lo, hi))
        k += 1
    return out


def _joined_by_and(doc: Doc, end: int, start: int) -> bool:
    """Only "and" between two parts: "strategist and former diver Tomas Keel", not a list's commas."""
    between = [t for t in doc[end:start] if not t.is_space]
    return len(between) == 1 and between[0].lower_ in ("and", "&")


def _bare_description(tok: Token, lo: int, hi: int) -> bool:
    doc = tok.doc
    return (
        tok.pos_ == "NOUN"
        and tok.tag_ == "NN"
        and common_noun_kind(tok) == "person"
        and not any(t.pos_ in ("DET", "PRON", "NUM") for t in doc[lo:hi])
        and _name_in(tok, lo, hi) is None
    )


def _described_name(tok: Token, lo: int, hi: int) -> Token | None:
    """The last word of the name of a part that is a name with a description of its own in front
    ("former surgeon Ana Ruru": Ruru); None for any other part."""
    doc = tok.doc
    if any(t.pos_ in ("DET", "PRON") for t in doc[lo:hi]):
        return None
    name = _name_in(tok, lo, hi)
    person = person_at(name, lo, hi) if name is not None else None
    return name if person is not None and person[0] > lo else None


def _name_in(tok: Token, lo: int, hi: int) -> Token | None:
    """The word that ends the first name in tokens [lo, hi): ``tok`` itself where it is a proper noun
    ("Keel"), else the last word of the first run of proper nouns ("engineer Tomas Keel")."""
    if tok.pos_ == "PROPN":
        return tok
    doc = tok.doc
    for t in doc[lo:hi]:
        if t.pos_ != "PROPN" or (t.i + 1 < hi and doc[t.i + 1].pos_ == "PROPN") or not _names_head(t, tok):
            continue
        if t.dep_ in ("compound", "amod", "nmod", "poss", "npadvmod") and t.head.pos_ != "PROPN":
            # A name that only says which kind ("Democrat politicians", "U.S. officials", "Ethiopian-born")
            # names no one.
            continue
        return t
    return None


def _names_head(t: Token, head: Token) -> bool:
    """``t`` belongs to ``head``'s own phrase, not to a phrase hung on it by a preposition or clause
    ("colleagues at Harvard": Harvard is where they work, not a speaker)."""
    while t.i != head.i:
        if t.dep_ in ("prep", "pobj", "relcl", "acl", "advcl") or t.head.i == t.i:
            return False
        t = t.head
    return True


def _co_speakers(
    root: Token | None, speaker: str | None, registry: Registry, parts: Sequence[tuple[Token, int, int]]
) -> list[str]:
    """The other people and bodies a coordinated source names, in text order, resolved through the
    registry ("Harbour master Ana Ruru and engineer Tomas Keel": Tomas Keel beside Ana Ruru).

    A part counts when it holds a proper noun ("engineer Tomas Keel"); "her deputy" or "colleagues"
    name no one and stay in the source text only."""
    out: list[str] = []
    for tok, lo, hi in parts:
        if root is not None and tok.i == root.i:
            continue
        name = _name_in(tok, lo, hi)
        if name is None:
            continue
        entry = registry.resolve(name, _mention(name, str(tok.doc[lo:hi].text), lo, hi), lo=lo, hi=hi)
        if entry is not None and entry.name != speaker and entry.name not in out:
            out.append(entry.name)
    return out


def _np(tok: Token) -> str:
    """The noun phrase up to its head: modifiers before it, nothing after."""
    left = [c.left_edge.i for c in tok.children if c.i < tok.i]
    lo = min([tok.i, *left])
    return str(tok.doc[lo : tok.i + 1].text)


def _token_range(doc: Doc, chars: tuple[int, int]) -> tuple[int, int]:
    span = doc.char_span(chars[0], chars[1], alignment_mode="expand")
    return (span.start, span.end) if span is not None else (0, 0)


def _description(root: Token, entry: Entry, lo: int, hi: int) -> str:
    person = person_at(root, lo, hi)
    if person is None:
        return ""
    doc = root.doc
    name = doc[person[0] : person[1]]
    ds = describe(name.root, person[0], person[1])
    for d in ds:
        entry.add_description(d)
    return "; ".join(ds)


def _speakers(registry: Registry, attributions: Sequence[Attribution]) -> list[Speaker]:
    names = {a.speaker for a in attributions if a.speaker} | {n for a in attributions for n in a.co_speakers}
    out: list[Speaker] = []
    for e in registry.entries:
        if e.name not in names:
            continue
        mentions = sorted({a.speaker_mention for a in attributions if a.speaker == e.name and a.speaker_mention})
        out.append(
            Speaker(name=e.name, kind=e.kind, title=e.title, descriptions=list(e.descriptions), mentions=mentions)
        )
    return out


def _add_statements_and_figures(
    analysis: Analysis,
    text: str,
    sentences: list[tuple[int, int]],
    title: str | None,
    published: str | None,
    shared: dict[int, int],
) -> None:
    find_statements = _optional("hedges", "find_statements")
    if find_statements is not None:
        covered = [(p.start, p.end) for a in analysis.attributions if a.part == "body" for p in a.pieces()]
        result: list[Statement] = find_statements(text, sentences, covered)
        analysis.statements = result
    find_figures = _optional("figures", "find_figures")
    if find_figures is not None:
        analysis.figures = find_figures(
            text, analysis.attributions, sentences=sentences, title=title, published=published,
            shared_predicates=shared,
        )

# ``newsledger.analyze(article_or_text)`` is the API function (newsledger/api.py).
from newsledger.api import make_callable  # noqa: E402

make_callable(__name__)
