"""Rule ``carried_quote``: a quotation no cue claimed inherits the speaker of
its quotation chain (a quotation left open at a paragraph's end and continued
in the next), of an earlier attribution in the same paragraph (quotes of
``settings.CARRIED_QUOTE_MIN_WORDS`` words or more, or a quoted sentence of
its own: '"They sue," she said. "Everyone does."'; shorter ones inside a
sentence are scare quotes), or, for a paragraph that is mostly quote
(``settings.QUOTE_PARAGRAPH_SHARE``), of the direct quote in the paragraph
before.  It runs over the article, after each paragraph's other rules
(``newsledger.analyze._analyze_parsed``); the state it carries from one
paragraph to the next is a ``QuoteCarrier``."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from newsledger import settings
from newsledger.analyze.quotes import Quote
from newsledger.analyze.rules import continued_quote
from newsledger.analyze.rules.registry import article_rule
from newsledger.records import Attribution, Span

NAME = "carried_quote"

article_rule(NAME, "a quotation with no cue of its own, carried on from its quotation chain or paragraph", __name__)


def inherit(a: Attribution, source: Attribution) -> None:
    """``a`` is said by whoever said ``source``."""
    a.speaker = source.speaker
    a.co_speakers = list(source.co_speakers)
    a.speaker_mention = source.speaker_mention if source.speaker is None else None
    a.speaker_description = None
    a.channel = None


def own_sentence(text: str, q: Quote) -> bool:
    """The quotation is a whole sentence: it follows a sentence end and ends one."""
    before = text[: q.start - 1].rstrip()
    inside = text[q.start : q.end].rstrip()
    return before[-1:] in (".", "!", "?") and inside[-1:] in (".", "!", "?")


class QuoteCarrier:
    """Who spoke each quotation chain, the quotes waiting for a chain's
    speaker, and the last direct quote with a speaker, paragraph by paragraph."""

    def __init__(self, hedge: Callable[[Attribution, str], None], *, join: bool = True) -> None:
        self.hedge = hedge
        # Rule ``continued_quote``: a quote continuing its speaker's own quotation joins that content.
        self.join = join
        # The cued attribution each carried quote (by id) took its speaker from, however many hops back.
        self.root: dict[int, Attribution] = {}
        self.chain_speaker: dict[int, Attribution] = {}
        self.pending: dict[int, list[Attribution]] = {}
        self.prev_direct: Attribution | None = None
        self.prev_paragraph = -1

    def claimed(self, chain: int | None, a: Attribution) -> None:
        """A cue claimed a quotation of ``chain``: its speaker speaks the chain
        (and the quotes of it already waiting)."""
        if chain is not None and a.speaker:
            self.chain_speaker[chain] = a
            for waiting in self.pending.pop(chain, []):
                inherit(waiting, a)

    def carry(
        self, unit_text: str, offset: int, paragraph: int, quotes: Sequence[Quote], claims: Sequence[Attribution],
        text: str,
    ) -> list[Attribution]:  # fmt: skip
        """The quotations of one paragraph (at ``offset`` in ``text``) that no
        claim covers, each with the speaker it carries on (or waiting for its
        chain's speaker)."""
        out: list[Attribution] = []
        para_words = sum(c.isalnum() for c in unit_text) if quotes else 0
        for q in quotes:
            if any(a.content.start < offset + q.end and offset + q.start < a.content.end for a in claims):
                continue
            quoted = sum(c.isalnum() for c in unit_text[q.start : q.end])
            whole = para_words > 0 and quoted / para_words >= settings.QUOTE_PARAGRAPH_SHARE
            # A short quote beside a claim is a scare quote, not more speech,
            # unless it is a sentence of its own ('"They sue," she said. "Everyone does."').
            same_para = any(c.cue is not None for c in claims) and (
                len(unit_text[q.start : q.end].split()) >= settings.CARRIED_QUOTE_MIN_WORDS
                or own_sentence(unit_text, q)
            )
            if not (q.continues or whole or same_para):
                continue
            start, end = offset + q.start, offset + q.end
            a = Attribution(
                kind="direct", content=Span(start, end, text[start:end]), paragraph=paragraph, origin=NAME
            )
            a.content_spans = [a.content]
            self.hedge(a, text[start:end])
            source = self.chain_speaker.get(q.chain)
            if source is None:
                # '"A," she said. "B."' or 'She said A. "B."': the speaker of the
                # paragraph's earlier attribution.
                source = next(
                    (
                        c
                        for c in reversed(claims)
                        if c.cue is not None
                        and (c.speaker or c.speaker_mention)
                        and c.content.end <= offset + q.start
                    ),
                    None,
                )
                whole = whole or source is not None
            if source is None and whole and not q.continues and self.prev_direct is not None:
                source = self.prev_direct if self.prev_paragraph >= paragraph - 1 else None
            if source is not None:
                root = source if source.cue is not None else self.root.get(id(source), source)
                same = q.continues and self.chain_speaker.get(q.chain) is source
                if self.join and continued_quote.continues(root, start, paragraph, same_quotation=same):
                    continued_quote.join(root, a.content, text)
                    self.chain_speaker.setdefault(q.chain, root)
                    continue
                self.root[id(a)] = root
                inherit(a, source)
            elif not q.closed:
                self.pending.setdefault(q.chain, []).append(a)
            else:
                continue
            if source is not None:
                self.chain_speaker.setdefault(q.chain, source)
            out.append(a)
        return out

    def seen(self, here: Sequence[Attribution], paragraph: int) -> None:
        """The paragraph's attributions in order: the last direct or mixed one
        with a speaker is what a following quote paragraph continues."""
        for a in here:
            if a.kind in ("direct", "mixed") and a.speaker:
                self.prev_direct = a
                self.prev_paragraph = paragraph
