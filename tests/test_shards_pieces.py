"""Parquet shards keep a content in pieces: the analysts' table shows the pieces, ``load`` gets them back."""

from __future__ import annotations

import dataclasses
import json

from newsledger.records import Analysis, Article, Attribution, Span
from newsledger.scale.shards import flat_rows, from_dict

TEXT = '"The pier will reopen," Mara Quill said. "But not before June."'


def _row() -> dict[str, object]:
    a, b = TEXT.index("The pier"), TEXT.index("But not")
    pieces = [Span(a, a + 20, TEXT[a:a + 20]), Span(b, b + 19, TEXT[b:b + 19])]
    cue = TEXT.index("said")
    att = Attribution(kind="direct", content=Span(a, b + 19, TEXT[a:b + 19]), cue=Span(cue, cue + 4, "said"),
                      speaker="Mara Quill", content_spans=pieces)
    article = Article(title="Pier", paragraphs=[TEXT])
    return {"failure": None, "article": json.dumps(dataclasses.asdict(article)), "provenance": None,
            "sha256": "ab" * 32, "source": "pier.txt", "url": None, "container": None, "ordinal": 0,
            "analysis": json.dumps(dataclasses.asdict(Analysis(attributions=[att])))}


def test_the_analysts_table_shows_the_pieces_not_the_envelope() -> None:
    [row] = flat_rows([_row()])["attributions"]
    assert row["content"] == "The pier will reopen … But not before June"
    assert row["content_pieces"] == ["The pier will reopen", "But not before June"]
    assert "said" not in row["content"]  # the envelope's text would hold the cue


def test_load_rebuilds_the_pieces_from_the_records_row() -> None:
    analysis = from_dict(Analysis, json.loads(str(_row()["analysis"])))
    [att] = analysis.attributions
    assert [p.text for p in att.pieces()] == ["The pier will reopen", "But not before June"]
    assert isinstance(att.content_spans[0], Span)
