"""Rule ``headline_colon``: a headline "Name: what they said", only in a
sentence where no other rule found an attribution."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsledger.analyze.found import Found, Sentence
from newsledger.analyze.rules.registry import sentence_rule
from newsledger.analyze.syntax import trim

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

NAME = "headline_colon"

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


def headline_colon(doc: Doc, sent: Span) -> Found | None:
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
    content = trim(doc, colon.i + 1, sent.end, keep_marks=True)
    source = trim(doc, sent.start, colon.i)
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


@sentence_rule(NAME, "a headline 'Name: what they said'")
def rule(s: Sentence) -> list[Found]:
    if s.found:
        return []
    found = headline_colon(s.doc, s.sent)
    return [] if found is None else [found]
