"""Issue #20: an attribution's content as a list of spans (``Attribution.content_spans``; ``content`` is
their envelope), the rules that make them (``continued_quote``, ``content_around_cue``), and the pieces
through the store (both backends), export, the CLI, the API and the pages.  Fictional sentences only."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest

from newsledger.records import Analysis, Article, Attribution, Document, Span
from newsledger.store import Store
from newsledger.store import export as tables


def _pieces(a: Attribution) -> list[str]:
    return [p.text for p in a.pieces()]


# -- the rules (need the spaCy model) ------------------------------------------


@pytest.fixture(scope="module")
def analyze_text():  # type: ignore[no-untyped-def]
    pytest.importorskip("spacy")
    from newsledger.analyze import analyze_text as fn

    return fn


def _one(an: Analysis, words: str) -> Attribution:
    found = [a for a in an.attributions if any(words in p.text for p in a.pieces())]
    assert len(found) == 1, an.attributions
    return found[0]


def test_a_quotation_after_the_cue_sentence_is_the_second_piece(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = '"The levy is unfair to every skipper here," Okafor said. "It hits the small boats first."'
    an = analyze_text(text)
    a = _one(an, "small boats")
    assert a.cue is not None and a.cue.text == "said" and a.speaker == "Okafor"
    assert _pieces(a) == ["The levy is unfair to every skipper here,", "It hits the small boats first."]
    # content is the envelope, from the first piece's start to the last piece's end
    assert a.content.start == a.pieces()[0].start and a.content.end == a.pieces()[-1].end
    assert a.content.text == text[a.content.start : a.content.end]
    assert a.origin == "core_speech+continued_quote"
    assert len(an.attributions) == 1


def test_switched_off_the_quotation_is_a_carried_quote_of_its_own(analyze_text) -> None:  # type: ignore[no-untyped-def]
    from newsledger.analyze import _analyze_parsed, _parse

    text = '"The levy is unfair to every skipper here," Okafor said. "It hits the small boats first."'
    an = _analyze_parsed(text, None, _parse([text], [None])[0], published=None, without=frozenset({"continued_quote"}))
    carried = _one(an, "small boats")
    assert carried.cue is None and carried.origin == "carried_quote" and carried.speaker == "Okafor"
    assert all(len(a.pieces()) == 1 for a in an.attributions)


def test_a_quotation_before_the_cue_is_the_first_piece(analyze_text) -> None:  # type: ignore[no-untyped-def]
    an = analyze_text('"The levy is unfair," Okafor said, "and it hits the small boats first."')
    a = _one(an, "small boats")
    assert _pieces(a) == ["The levy is unfair,", "and it hits the small boats first."]
    assert a.origin.endswith("+continued_quote")


def test_indirect_speech_keeps_a_following_quotation_apart(analyze_text) -> None:  # type: ignore[no-untyped-def]
    an = analyze_text('Okafor said the pier would close in May. "Nobody on the quay was asked about it at all."')
    said = _one(an, "pier would close")
    assert _pieces(said) == ["the pier would close in May"]
    assert not any("Nobody" in p.text for p in said.pieces())


def test_a_quotation_running_on_over_a_paragraph_break_joins(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = ('"We will rebuild the old bridge at Tarrow," the mayor, Corwin Ashdale, said. "It will take years\n\n'
            '"and every crew we have, and the ferry will run until then."')
    a = _one(analyze_text(text), "every crew")
    assert [p.text[:8] for p in a.pieces()] == ["We will ", "It will ", "and ever"]


def test_a_content_around_its_own_cue_is_two_pieces(analyze_text) -> None:  # type: ignore[no-untyped-def]
    a = _one(analyze_text("The levy, Okafor said, was never fair to the small boats."), "small boats")
    assert _pieces(a) == ["The levy", "was never fair to the small boats"]
    assert a.cue is not None and a.cue.text not in " ".join(_pieces(a))
    assert a.origin.endswith("+content_around_cue")


def test_an_artifact_claim_keeps_its_claim_verb_in_the_content(analyze_text) -> None:  # type: ignore[no-untyped-def]
    a = _one(analyze_text("Harbour officials released a video that purports to show trawlers crossing the bay."),
             "trawlers")
    assert _pieces(a) == ["a video that purports to show trawlers crossing the bay"]


@pytest.mark.parametrize("text, subject, rest", [
    ("The new levy seems unlikely to pass before the summer.", "The new levy", "unlikely to pass"),
    ("The ferry operator appeared to back down on Tuesday.", "The ferry operator", "to back down"),
])
def test_with_seem_and_appear_the_subject_is_content(analyze_text, text: str, subject: str,  # type: ignore[no-untyped-def]
                                                     rest: str) -> None:
    a = _one(analyze_text(text), rest)
    assert a.pieces()[0].text == subject and rest in a.pieces()[1].text
    assert a.source is None and a.speaker is None
    assert a.origin.endswith("+raised_subject")


def test_said_keeps_its_subject_as_source(analyze_text) -> None:  # type: ignore[no-untyped-def]
    a = _one(analyze_text("The ferry operator said the fares would rise."), "fares")
    assert a.source is not None and a.source.text == "The ferry operator"
    assert _pieces(a) == ["the fares would rise"]


def test_analysis_to_dict_always_lists_the_pieces() -> None:
    text = "Okafor said no."
    one = Attribution(kind="indirect", content=Span(12, 14, "no"))  # built without content_spans
    assert one.content_spans == [] and one.pieces() == [one.content]
    d = Analysis(attributions=[one]).to_dict()
    assert d["attributions"][0]["content_spans"] == [{"start": 12, "end": 14, "text": text[12:14]}]


# -- store, export, CLI, pages ---------------------------------------------------------------------

BODY = ['"The quay is <closed>," harbourmaster Ilse Varga said. "Boats must wait & see."',
        "Varga said the ferry would run."]


def _saved(url: str) -> tuple[Store, int, str]:
    art = Article(title="Quay closed at Tarrow", paragraphs=list(BODY), language="en")
    text = art.text
    a1, b1 = text.index("The quay"), text.index("closed>,") + len("closed>,")
    a2, b2 = text.index("Boats must"), text.index("see.") + len("see.")
    c = text.index(" said") + 1
    two = Attribution(
        kind="direct", content=Span(a1, b2, text[a1:b2]), cue=Span(c, c + 4, "said"), speaker="Ilse Varga",
        content_spans=[Span(a1, b1, text[a1:b1]), Span(a2, b2, text[a2:b2])], paragraph=0, origin="core_speech",
    )
    s2 = text.index("the ferry")
    one = Attribution(kind="indirect", content=Span(s2, len(text) - 1, text[s2:-1]), speaker="Ilse Varga",
                      paragraph=1, origin="core_speech")
    data = b"<p>quay</p>"
    doc = Document(source="quay.html", data=data, sha256=hashlib.sha256(data).hexdigest(), text="quay")
    store = Store(url)
    aid = store.save(doc, art, Analysis(attributions=[two, one]), extract_version="e1", analyze_version="a1")
    return store, aid, text


def test_pieces_are_stored_and_read_back_on_both_backends(db_url: str) -> None:
    store, aid, text = _saved(db_url)
    with store:
        got = store.article(aid)
        assert got is not None
        two, one = got["attributions"]
        assert [p["text"] for p in two["content_spans"]] == ["The quay is <closed>,", "Boats must wait & see."]
        assert all(text[p["start"] : p["end"]] == p["text"] for p in two["content_spans"])
        assert two["content_start"] == two["content_spans"][0]["start"]
        # one span: stored as NULL, read back as the content itself
        assert one["content_spans"] == [{"start": one["content_start"], "end": one["content_end"],
                                         "text": one["content_text"]}]
        raw = store.db.execute("SELECT content_spans FROM attributions ORDER BY seq").fetchall()
        assert raw[1][0] is None and json.loads(raw[0][0])[1]["text"] == "Boats must wait & see."
        rows = list(tables.rows(store.db, "attributions"))
        assert [len(r["content_spans"]) for r in rows] == [2, 1]
        quotes = store.quotes(speaker="Varga")
        assert [len(q["content_spans"]) for q in quotes] == [2, 1]
        assert "content_start" not in quotes[0]


def test_export_csv_cell_and_jsonl_list(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newsledger.cli import app

    db = str(tmp_path / "q.db")
    _saved(db)[0].close()
    runner = CliRunner()
    res = runner.invoke(app, ["export", "--db", db, "--table", "attributions", "--format", "csv"])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert [p["text"] for p in json.loads(rows[0]["content_spans"])] == ["The quay is <closed>,",
                                                                        "Boats must wait & see."]
    res = runner.invoke(app, ["export", "--db", db, "--table", "attributions"])
    first = json.loads(res.stdout.splitlines()[0])
    assert isinstance(first["content_spans"], list) and len(first["content_spans"]) == 2


def test_parquet_schema_has_the_spans_as_structs() -> None:
    pa = pytest.importorskip("pyarrow")
    field = tables.arrow_schema("attributions").field("content_spans")
    assert field.type == pa.list_(pa.struct([("start", pa.int64()), ("end", pa.int64()), ("text", pa.string())]))


def test_pages_show_the_pieces_joined_and_escaped(tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from newsledger.serve.app import Settings, create_app

    db = str(tmp_path / "q.db")
    store, aid, _ = _saved(db)
    store.close()
    with TestClient(create_app(Settings(db=db, token=None))) as client:
        page = client.get(f"/articles/{aid}").text
        assert "The quay is &lt;closed&gt;, … Boats must wait &amp; see." in page
        assert "<closed>" not in page
        # in the body each piece is its own highlight, and the cue between them is a cue
        assert page.count('data-seq="0" title="direct quote') == 2
        assert '<span class="cue" data-seq="0">said</span>' in page
        api = client.get(f"/api/articles/{aid}").json()
        assert len(api["attributions"][0]["content_spans"]) == 2
