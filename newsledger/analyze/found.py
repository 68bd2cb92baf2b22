"""What the rules hand on: one attribution found in a paragraph (``Found``),
and the sentence a rule looks at (``Sentence``).

Offsets are character offsets into the paragraph (the Doc's text); the
caller shifts them into the article.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsledger.analyze.quotes import Quote
from newsledger.records import AttributionKind

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


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
    # The cue verb, where the shared cue-verb pass (verbcue.from_verb) built it.
    cue_root: Token | None = None


def doc_text(doc: Doc) -> str:
    """``doc.text``, kept on the Doc: spaCy joins every token again on each
    call, which was a fifth of the analysis time."""
    text = doc.user_data.get("newsledger_text")
    if text is None:
        text = doc.user_data["newsledger_text"] = doc.text
    return str(text)


def keep_text(doc: Doc, text: str) -> None:
    """Keep for ``doc_text`` the text a Doc was made from, which is its text (spaCy's tokenizer keeps every
    character; tests/test_analyze_speed_paths.py checks it): otherwise every token is joined again once per
    paragraph, 2% of the passes' time on PolNeAR dev (2026-12-02, session 11)."""
    doc.user_data["newsledger_text"] = text


def sentence_of(tok: Token) -> Span:
    """``tok.sent``, from the sentences' token starts kept on the Doc (plain ints, as ``user_data`` is serialised
    with a Doc): ``Token.sent`` builds two Spans and walks to the sentence's ends on every call; with the
    sentence's text it was a twentieth of the passes' time on PolNeAR dev (2026-12-02, session 11).  The same
    boundaries: both read the tokens' sentence-start flags."""
    doc = tok.doc
    starts: list[int] | None = doc.user_data.get("newsledger_sent_starts")
    if starts is None:
        starts = doc.user_data["newsledger_sent_starts"] = [s.start for s in doc.sents]
    k = bisect_right(starts, tok.i)
    return doc[starts[k - 1] : starts[k] if k < len(starts) else len(doc)]


def span_text(span: Span) -> str:
    """``span.text`` read from the Doc's text (``doc_text``): spaCy joins the span's tokens on every call."""
    return doc_text(span.doc)[span.start_char : span.end_char]


@dataclass(slots=True)
class Sentence:
    """One sentence of a parsed paragraph, as every rule sees it: the
    paragraph's Doc and quotations, and the attributions found in this
    sentence so far (the rules run in their declared order, so a later rule
    sees what the earlier ones found)."""

    doc: Doc
    sent: Span
    quotes: Sequence[Quote]
    found: list[Found] = field(default_factory=list)
    # "according" tokens of the sentence (never cue verbs themselves).
    according: list[Token] = field(default_factory=list)

    def in_quote(self, char: int) -> bool:
        """The character lies inside one of the paragraph's quotations."""
        return any(q.start <= char < q.end for q in self.quotes)
