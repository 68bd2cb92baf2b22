"""Reader for PolNeAR's brat standoff (shared/data/polnear/{train,dev}).

Each attribution becomes one :class:`Triple` holding its Source, Cue
and Content spans; a discontinuous span (``START END;START END``) is kept as a
list of pieces.  Where two annotators did one text, the first ``.ann`` file in
sorted order is the reference, as the corpus README says.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

Pieces = tuple[tuple[int, int], ...]


@dataclass(slots=True)
class Triple:
    """Source, Cue and Content of one attribution, as character pieces: gold or predicted."""

    source: Pieces = ()
    cue: Pieces = ()
    content: Pieces = ()
    # Who the system resolved the source to (predictions only): the convention
    # mapping merges a cue-less quote into the previous attribution of the same speaker.
    speaker: str | None = None


@dataclass(slots=True)
class GoldArticle:
    name: str
    text: str
    attributions: list[Triple] = field(default_factory=list)


def _pieces(offsets: str) -> Pieces:
    out: list[tuple[int, int]] = []
    for part in offsets.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return tuple(out)


def parse_ann(ann: str) -> list[Triple]:
    spans: dict[str, tuple[str, Pieces]] = {}
    events: list[list[tuple[str, str]]] = []
    for line in ann.splitlines():
        # Span texts may hold newlines, so continuation lines carry no tab.
        if re.match(r"T\d+\t", line):
            tid, info, *_ = line.split("\t")
            label, _, offsets = info.partition(" ")
            spans[tid] = (label, _pieces(offsets))
        elif re.match(r"E\d+\t", line):
            fields = line.split("\t")[1]
            events.append([(a.partition(":")[0], a.partition(":")[2]) for a in fields.split()])
    out: list[Triple] = []
    for event in events:
        g = Triple()
        for role, tid in event:
            if tid not in spans:
                continue
            pieces = spans[tid][1]
            if role.startswith("Source"):
                g.source = pieces
            elif role.startswith("Cue"):
                g.cue = pieces
            elif role.startswith("Content"):
                g.content = pieces
        if g.content or g.cue:
            out.append(g)
    return out


def read_split(split_dir: Path) -> Iterator[GoldArticle]:
    ann_dir = split_dir / "attributions"
    for txt in sorted((split_dir / "text").glob("*.txt")):
        anns = sorted(ann_dir.glob(txt.stem + "_*.ann"))
        text = txt.read_text(encoding="utf-8")
        gold = parse_ann(anns[0].read_text(encoding="utf-8")) if anns else []
        yield GoldArticle(txt.stem, text, gold)


def read_double(split_dir: Path) -> Iterator[tuple[GoldArticle, list[Triple]]]:
    """Texts two annotators did: the reference reading and the second one."""
    ann_dir = split_dir / "attributions"
    for txt in sorted((split_dir / "text").glob("*.txt")):
        anns = sorted(ann_dir.glob(txt.stem + "_*.ann"))
        if len(anns) < 2:
            continue
        text = txt.read_text(encoding="utf-8")
        reference = parse_ann(anns[0].read_text(encoding="utf-8"))
        yield GoldArticle(txt.stem, text, reference), parse_ann(anns[1].read_text(encoding="utf-8"))
