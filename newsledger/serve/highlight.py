"""Cut an article's text into paragraphs of plain and highlighted pieces.

Attribution spans are character offsets into ``articles.text`` (the
paragraphs joined by a blank line) or into the title (``part == "title"``).
The templates escape every piece; nothing here builds HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PARAGRAPH_SEPARATOR = "\n\n"


@dataclass(slots=True)
class Piece:
    text: str
    role: str | None = None  # None (plain), "content", "source", "cue"
    seq: int | None = None  # which attribution
    kind: str | None = None  # direct / indirect / mixed
    hedge: str | None = None
    speaker: str | None = None
    speaker_id: int | None = None


@dataclass(slots=True)
class Paragraph:
    index: int
    pieces: list[Piece] = field(default_factory=list)
    # every subheading standing before this paragraph, in document order (a page can stack two)
    subheadings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Mark:
    start: int
    end: int
    role: str
    seq: int
    kind: str
    hedge: str
    speaker: str | None
    speaker_id: int | None


def _marks(attributions: list[dict[str, Any]], part: str, length: int, speaker_ids: dict[str, int]) -> list[_Mark]:
    marks: list[_Mark] = []
    for a in attributions:
        if a.get("part", "body") != part:
            continue
        spans: list[tuple[str, Any, Any]] = [(r, a.get(f"{r}_start"), a.get(f"{r}_end")) for r in ("source", "cue")]
        # A content in pieces (#20: '"A," he said. "B."') is highlighted piece by piece.
        pieces = a.get("content_spans") or [{"start": a.get("content_start"), "end": a.get("content_end")}]
        spans += [("content", p.get("start"), p.get("end")) for p in pieces if isinstance(p, dict)]
        for role, start, end in spans:
            if start is None or end is None:
                continue
            start, end = max(0, int(start)), min(length, int(end))
            if end <= start:
                continue
            speaker = a.get("speaker")
            marks.append(_Mark(start, end, role, int(a.get("seq") or 0), str(a.get("kind") or ""),
                               str(a.get("hedge") or "asserted"), speaker,
                               speaker_ids.get(speaker) if speaker else None))
    # Overlapping spans (a quote inside another's content) cannot both be one
    # highlight: the earlier, then longer, span wins and the other stays plain.
    marks.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[_Mark] = []
    last_end = 0
    for m in marks:
        if m.start >= last_end:
            kept.append(m)
            last_end = m.end
    return kept


def _cut(text: str, offset: int, marks: list[_Mark]) -> list[Piece]:
    """Pieces of ``text`` (which starts at ``offset`` in the whole) under ``marks``."""
    pieces: list[Piece] = []
    pos = offset
    end_all = offset + len(text)
    for m in marks:
        if m.end <= offset or m.start >= end_all:
            continue
        s, e = max(m.start, offset), min(m.end, end_all)
        if s > pos:
            pieces.append(Piece(text[pos - offset:s - offset]))
        pieces.append(Piece(text[s - offset:e - offset], m.role, m.seq, m.kind, m.hedge, m.speaker, m.speaker_id))
        pos = e
    if pos < end_all:
        pieces.append(Piece(text[pos - offset:]))
    return pieces


def paragraphs(
    paras: list[str],
    attributions: list[dict[str, Any]],
    *,
    subheadings: list[Any] | None = None,
    speaker_ids: dict[str, int] | None = None,
) -> list[Paragraph]:
    ids = speaker_ids or {}
    text_len = len(PARAGRAPH_SEPARATOR.join(paras))
    marks = _marks(attributions, "body", text_len, ids)
    heads: dict[int, list[str]] = {}
    for item in subheadings or []:
        # {"before": i, "text": t} since schema 3; [i, t] pairs before it.
        if isinstance(item, dict) and "before" in item:
            heads.setdefault(int(item["before"]), []).append(str(item.get("text") or ""))
        elif isinstance(item, list | tuple) and len(item) == 2:
            heads.setdefault(int(item[0]), []).append(str(item[1]))
    out: list[Paragraph] = []
    offset = 0
    for i, para in enumerate(paras):
        out.append(Paragraph(i, _cut(para, offset, marks), heads.get(i, [])))
        offset += len(para) + len(PARAGRAPH_SEPARATOR)
    return out


def title(
    text: str | None, attributions: list[dict[str, Any]], speaker_ids: dict[str, int] | None = None
) -> list[Piece]:
    if not text:
        return []
    return _cut(text, 0, _marks(attributions, "title", len(text), speaker_ids or {}))
