"""Plain typed records that flow between the stages.

ingest -> Document -> extract -> Article -> analyze -> Analysis -> store

Every stage takes and returns these and nothing else, so a stage can be
replaced, run in another process, or re-run by ``reprocess`` without knowing
how its neighbours work.  Records are dataclasses (not pydantic) because they
are created in hot loops and need no validation beyond their types.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

InputKind = Literal["html", "text"]
BlockKind = Literal["heading", "paragraph"]


def blocks_of(paragraphs: Sequence[str], subheadings: Iterable[tuple[int, str]]) -> list[tuple[BlockKind, str]]:
    """The body as a reader meets it: paragraphs with each subheading in its place, in document order.

    ``subheadings`` are (index of the paragraph the heading stands before, text) pairs; several
    headings before one paragraph keep their order, and a heading past the last paragraph comes last.
    Nothing is stored twice: the blocks are rebuilt from what the store keeps (paragraphs, subheadings).
    """
    heads = sorted(subheadings, key=lambda h: h[0])  # stable: equal indices keep their order
    out: list[tuple[BlockKind, str]] = []
    j = 0
    for i, para in enumerate(paragraphs):
        while j < len(heads) and heads[j][0] <= i:
            out.append(("heading", heads[j][1]))
            j += 1
        out.append(("paragraph", para))
    out.extend(("heading", text) for _, text in heads[j:])
    return out


def block_dicts(paragraphs: Sequence[str], subheadings: Iterable[tuple[int, str]]) -> dict[str, Any]:
    """``blocks`` and ``full_text`` as every JSON output and the export print them."""
    blocks = blocks_of(paragraphs, subheadings)
    return {
        "blocks": [{"kind": kind, "text": text} for kind, text in blocks],
        "full_text": "\n\n".join(text for _, text in blocks),
    }


@dataclass(frozen=True, slots=True)
class Document:
    """One raw input, exactly as read, plus what ingest learned about it."""

    source: str  # path, "-" for stdin, or another locator (archive#record)
    data: bytes  # the raw bytes, never modified
    sha256: str
    url: str | None = None  # page URL where the input or the user gave one
    kind: InputKind = "text"  # decided from the content, not the file name
    encoding: str = "utf-8"  # how ``text`` was decoded from ``data``
    text: str = ""  # decoded text
    # Where a record inside a container came from (WARC-Target-URI, WARC-Date,
    # HTTP charset, line number, feed entry id ...): stored in the ``inputs`` row.
    provenance: Mapping[str, Any] | None = None
    # ``data`` already compressed as the store keeps it (newsledger.ingest.pack), by the worker
    # that extracted it, so the one writer does not spend its time compressing.
    packed: bytes | None = None


@dataclass(slots=True)
class Caption:
    text: str
    credit: str | None = None


@dataclass(slots=True)
class PublishedDate:
    """A publication date with the evidence for how it was read.

    ``iso`` is ``YYYY-MM-DD`` (or a full ISO timestamp where the page gave
    one).  ``ambiguous`` is true when a numeric date such as 03/04/2024 could
    be read both day-first and month-first and nothing on the page decided
    it; ``iso`` then holds the more likely reading and ``order`` says which.
    """

    iso: str
    raw: str
    order: Literal["dmy", "mdy", "ymd", "named"] = "ymd"
    ambiguous: bool = False


@dataclass(slots=True)
class Article:
    """The clean article extracted from one Document."""

    title: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    # (index of the paragraph the subheading stands before, subheading text)
    subheadings: list[tuple[int, str]] = field(default_factory=list)
    byline: str | None = None
    publisher: str | None = None  # the site that served the page
    original_publisher: str | None = None  # who wrote it, for syndicated copies
    published: PublishedDate | None = None
    url: str | None = None
    canonical_url: str | None = None
    original_url: str | None = None  # "Original story" link, tracking removed
    captions: list[Caption] = field(default_factory=list)
    language: str | None = None
    kind: InputKind = "text"
    notes: list[str] = field(default_factory=list)  # e.g. "all boilerplate"
    # Which extractor produced the body ("html-score", "html-score-relaxed",
    # "html-resiliparse", "text-lines", "text-best-run", and since extract/22 the text-dump
    # fallbacks "text-fallback-past-marker", "text-fallback-prose", "text-fallback-metadata");
    # None when none found one.
    extraction_method: str | None = None

    @property
    def text(self) -> str:
        """The prose paragraphs joined by blank lines: what analysis reads and every span indexes."""
        return "\n\n".join(self.paragraphs)

    @property
    def blocks(self) -> list[tuple[BlockKind, str]]:
        """Paragraphs and subheadings in document order (see :func:`blocks_of`)."""
        return blocks_of(self.paragraphs, self.subheadings)

    @property
    def full_text(self) -> str:
        """The text a reader expects: paragraphs with their subheadings in place, blank-line separated.

        Not the analysis text: attribution and figure spans index ``text`` (prose only), never this.
        """
        return "\n\n".join(text for _, text in self.blocks)

    @property
    def syndicated(self) -> bool:
        return bool(self.original_url or self.original_publisher)

    def to_dict(self) -> dict[str, Any]:
        """The article as JSON-ready data, in the shape of docs/schemas/article.json.

        The same keys and shapes as ``newsledger show --json`` and the
        ``articles`` export: ``published`` is one ISO 8601 string
        (newsledger/dates.py) with its evidence in flat ``published_*`` keys.
        """
        from newsledger.dates import normalise_published

        pub = self.published
        published, precision, zone = normalise_published(pub.iso if pub else None)
        return {
            "title": self.title,
            "byline": self.byline,
            "publisher": self.publisher,
            "original_publisher": self.original_publisher,
            "published": published,
            "published_precision": precision,
            "published_zone": zone,
            "published_raw": pub.raw if pub else None,
            "published_order": pub.order if pub else None,
            "published_ambiguous": bool(pub and pub.ambiguous),
            "url": self.url,
            "canonical_url": self.canonical_url,
            "original_url": self.original_url,
            "language": self.language,
            "kind": self.kind,
            "syndicated": self.syndicated,
            "captions": [{"text": c.text, "credit": c.credit} for c in self.captions],
            "subheadings": [{"before": i, "text": t} for i, t in self.subheadings],
            "notes": list(self.notes),
            "extraction_method": self.extraction_method,
            "paragraphs": list(self.paragraphs),
            "text": self.text,
            **block_dicts(self.paragraphs, self.subheadings),
        }


@dataclass(slots=True)
class Span:
    """Character span into ``Article.text`` (or the raw text with --raw)."""

    start: int
    end: int
    text: str


AttributionKind = Literal["direct", "indirect", "mixed"]
Hedge = Literal["asserted", "claimed", "alleged", "unverified", "denied"]


@dataclass(slots=True)
class Attribution:
    kind: AttributionKind
    content: Span
    source: Span | None = None
    cue: Span | None = None
    speaker: str | None = None  # resolved canonical name ("Olga Boichak")
    speaker_mention: str | None = None  # as written here ("she", "Dr Boichak")
    speaker_description: str | None = None
    channel: str | None = None  # "RN Breakfast", "local media"
    relayed_by: str | None = None  # nested: "according to Russian news agencies"
    hedge: Hedge = "asserted"
    hedge_cues: list[str] = field(default_factory=list)
    paragraph: int | None = None
    # Spans index into Article.text, except part == "title": then into the title.
    part: Literal["body", "title"] = "body"
    # The rule or model that found it: a name of newsledger.analyze.rules.RULES.
    origin: str = ""
    # Every piece of what was said, in text order ('"A," he said. "B."': A and B); ``content`` is
    # their envelope (first start to last end).  Empty in records made before #20: read ``pieces()``.
    content_spans: list[Span] = field(default_factory=list)
    # Everyone else the source names ("Ana Ruru and Tomas Keel said": Tomas Keel), canonical names in
    # text order, each also in ``Analysis.speakers``; empty for a single speaker.
    co_speakers: list[str] = field(default_factory=list)

    def pieces(self) -> list[Span]:
        """The content's pieces: ``content_spans``, or ``[content]`` where that is empty."""
        return self.content_spans or [self.content]


@dataclass(slots=True)
class Speaker:
    name: str
    kind: Literal["person", "organisation", "group", "document"] = "person"
    title: str | None = None
    descriptions: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Figure:
    """A numeric claim: "about 11,000 North Korean soldiers ... in eastern Russia"."""

    text: str  # the figure as written: "about 11,000", "dozens"
    value: float | None  # point value or the lower bound of a range
    value_high: float | None = None  # upper bound for ranges, else None
    approximate: bool = False
    bound: Literal["exact", "at_least", "at_most", "range", "vague"] = "exact"
    counted: str | None = None
    where: str | None = None
    state: str | None = None
    according_to: str | None = None
    when: str | None = None
    span: Span | None = None
    part: Literal["body", "title"] = "body"  # what ``span`` indexes into


@dataclass(slots=True)
class Statement:
    """An unattributed sentence whose certainty the text qualifies."""

    span: Span
    hedge: Hedge
    hedge_cues: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Analysis:
    attributions: list[Attribution] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    skipped: str | None = None  # reason analysis was not run (e.g. language)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data (docs/schemas/analysis.json); spans are ``{start, end, text}`` or null."""
        d = asdict(self)
        for a, at in zip(d["attributions"], self.attributions, strict=True):
            a["content_spans"] = [asdict(p) for p in at.pieces()]
        for f in d["figures"]:
            # ``where``/``when`` are stored and exported as ``location``/``as_of``
            # (SQL keywords otherwise); one name everywhere.
            f["location"] = f.pop("where")
            f["as_of"] = f.pop("when")
        return d


@dataclass(slots=True)
class Failure:
    """One input that a stage could not handle, and why."""

    source: str
    stage: Literal["ingest", "extract", "analyze", "store"]
    reason: str  # short machine-readable code: "empty", "binary", "too-large", ...
    detail: str = ""
    sha256: str | None = None
    # The bytes of an input refused at ingest (within the size bound), kept so
    # it can be retried; None where nothing could be read.
    data: bytes | None = field(default=None, repr=False, compare=False)
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("data", None)  # the kept bytes go to the store, not into printed records
        return d
