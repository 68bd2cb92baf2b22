"""Subheadings in place for readers (extract/11): ``Article.blocks`` / ``full_text``.

The user-facing text carries the headings in document order (extract --format
text/json, show --json, the export, the article page); analysis and every span
keep indexing ``Article.text``, the prose paragraphs only.  Fictional pages.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from typer.testing import CliRunner

from newsledger.cli import app
from newsledger.extract.html import extract_html
from newsledger.records import Analysis, Article, Attribution, Document, Span, blocks_of
from newsledger.serve.highlight import paragraphs as highlight_paragraphs
from newsledger.store import Store
from newsledger.store.export import rows as export_rows

PAGE = """<html lang="en"><head><title>Ferry timetable changes at Port Kelso</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Ferry timetable changes at Port Kelso</h1>
<p>The Kelso Tide ferry service will run two extra sailings each weekday from March, the harbour board said.</p>
<h2>What changes</h2>
<p>"We heard the commuters loud and clear," said harbour board chair Mere Tamsin, adding that the \
early boat will leave at 6:10.</p>
<p>The late sailing moves from 21:00 to 22:15, which night-shift workers at the fish plant had asked for, she said.</p>
<h2>Who pays</h2>
<h3>Fares</h3>
<p>Fares stay at four dollars, and the board will cover the extra fuel from its reserve fund for the first year.</p>
</article><footer>Copyright The Kelso Tide</footer></body></html>"""


def test_blocks_put_headings_before_their_paragraphs_in_order() -> None:
    paras = ["First.", "Second.", "Third."]
    heads = [(2, "Later"), (0, "Opening"), (2, "Stacked")]
    assert blocks_of(paras, heads) == [
        ("heading", "Opening"), ("paragraph", "First."), ("paragraph", "Second."),
        ("heading", "Later"), ("heading", "Stacked"), ("paragraph", "Third."),
    ]
    # a heading recorded past the last paragraph is not lost
    assert blocks_of(["Only."], [(1, "Tail")]) == [("paragraph", "Only."), ("heading", "Tail")]
    assert blocks_of([], []) == []


def test_full_text_has_headings_and_text_stays_prose() -> None:
    art = extract_html(PAGE, "https://kelsotide.example/ferry")
    assert [t for _, t in art.subheadings] == ["What changes", "Who pays", "Fares"]
    assert not {"What changes", "Who pays", "Fares"} & set(art.text.split("\n\n"))
    assert [k for k, _ in art.blocks] == ["paragraph", "heading", "paragraph", "paragraph", "heading", "heading",
                                          "paragraph"]
    assert art.full_text.split("\n\n")[1] == "What changes"
    assert art.full_text.split("\n\n")[4:6] == ["Who pays", "Fares"]
    d = art.to_dict()
    assert d["full_text"] == art.full_text and d["text"] == art.text
    assert d["blocks"][1] == {"kind": "heading", "text": "What changes"}


def test_analysis_spans_still_index_the_prose_text() -> None:
    from newsledger.analyze import analyze

    art = extract_html(PAGE, "https://kelsotide.example/ferry")
    result = analyze(art)
    assert result.attributions, "the fictional quote should be attributed"
    for at in result.attributions:
        if at.part == "body":
            assert art.text[at.content.start:at.content.end] == at.content.text
    # a quote after the first heading: full_text's offsets differ there, so only `text` can be the base
    later = [at for at in result.attributions if at.part == "body" and at.content.start > len(art.paragraphs[0])]
    assert later and all(art.full_text[a.content.start:a.content.end] != a.content.text for a in later)


def test_extract_text_format_prints_headings_in_place(tmp_path: Path) -> None:
    page = tmp_path / "ferry.html"
    page.write_text(PAGE, encoding="utf-8")
    res = CliRunner().invoke(app, ["extract", str(page), "--format", "text", "--workers", "0"])
    assert res.exit_code == 0, res.output
    body = res.stdout
    assert body.index("leave at 6:10") > body.index("What changes") > body.index("two extra sailings")
    assert body.index("Who pays") < body.index("Fares") < body.index("Fares stay")


def test_store_and_export_give_blocks_on_both_backends(db_url: str) -> None:
    art = Article(title="Ferry", paragraphs=["One said \"yes\".", "Two."], subheadings=[(1, "Next"), (1, "After")])
    q = art.text.index("yes")
    analysis = Analysis(attributions=[Attribution(kind="direct", content=Span(q, q + 3, "yes"))])
    data = b"ferry page"
    doc = Document(source="ferry.txt", data=data, sha256=hashlib.sha256(data).hexdigest(), text="ferry page")
    with Store(db_url) as s:
        aid = s.save(doc, art, analysis, extract_version="e", analyze_version="a")
        shown = s.article(aid)
        assert shown is not None
        assert shown["full_text"] == "One said \"yes\".\n\nNext\n\nAfter\n\nTwo."
        assert [b["kind"] for b in shown["blocks"]] == ["paragraph", "heading", "heading", "paragraph"]
        assert shown["text"] == art.text  # the stored analysis text is unchanged
        [at] = shown["attributions"]
        assert shown["text"][at["content_start"]:at["content_end"]] == "yes"
        [row] = list(export_rows(s.db, "articles"))
        assert row["full_text"] == shown["full_text"] and row["blocks"] == shown["blocks"]
        assert json.loads(json.dumps(row))["blocks"][1] == {"kind": "heading", "text": "Next"}


def test_article_page_shows_every_stacked_heading() -> None:
    paras = highlight_paragraphs(["One.", "Two."], [], subheadings=[{"before": 1, "text": "Next"},
                                                                     {"before": 1, "text": "After"}])
    assert paras[0].subheadings == [] and paras[1].subheadings == ["Next", "After"]
