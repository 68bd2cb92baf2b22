"""Attribution on small made-up texts (fictional people and outlets)."""

from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from analysis_helpers import by_content as _by_content

from newsledger.analyze import ANALYZE_VERSION, analyze, analyze_many, analyze_text
from newsledger.analyze.quotes import find_quotes, quotes_by_paragraph
from newsledger.records import Analysis, Article, Speaker


def _spans_consistent(text: str, an: Analysis, title: str | None = None) -> None:
    for a in an.attributions:
        base = title if a.part == "title" else text
        assert base is not None
        for span in (a.content, a.source, a.cue):
            if span is not None:
                assert base[span.start : span.end] == span.text


def test_version_is_set() -> None:
    assert ANALYZE_VERSION.startswith("analyze/")


def test_indirect_speech() -> None:
    text = "Marta Quellwood, a fisheries researcher, said the harbour would reopen next spring."
    an = analyze_text(text)
    a = _by_content(an, "harbour would reopen")
    assert a.kind == "indirect"
    assert a.speaker == "Marta Quellwood"
    assert a.cue is not None and a.cue.text == "said"
    assert a.speaker_description == "a fisheries researcher"
    _spans_consistent(text, an)


def test_direct_quote_with_pronoun_and_title() -> None:
    text = (
        "Dr Anselm Brightwater, who leads the Orchard Institute, said the trial had ended.\n\n"
        '"We saw no side effects," he said.\n\n'
        '"The numbers are clear," Dr Brightwater said.'
    )
    an = analyze_text(text)
    first = _by_content(an, "no side effects")
    assert first.kind == "direct"
    assert first.speaker == "Anselm Brightwater"
    assert first.speaker_mention == "he"
    assert first.content.text == "We saw no side effects,"
    second = _by_content(an, "numbers are clear")
    assert second.speaker == "Anselm Brightwater"
    assert second.speaker_mention == "Dr Brightwater"
    speaker = next(s for s in an.speakers if s.name == "Anselm Brightwater")
    assert speaker.title == "Dr"
    assert "the Orchard Institute" in " ".join(speaker.descriptions)
    _spans_consistent(text, an)


def test_mixed_quote() -> None:
    text = 'Minister Talia Vornholt said the deal marked a "historic turn" for the valley.'
    a = _by_content(analyze_text(text), "historic turn")
    assert a.kind == "mixed"
    assert a.speaker == "Talia Vornholt"


def test_quote_paragraph_without_cue_inherits_speaker() -> None:
    text = (
        '"We will rebuild the bridge," Corwin Ashdale, the mayor of Lindenmoor, said.\n\n'
        '"It will take two years and every crew we have."'
    )
    an = analyze_text(text)
    carried = _by_content(an, "two years")
    assert carried.cue is None
    assert carried.kind == "direct"
    assert carried.speaker == "Corwin Ashdale"


def test_quote_running_over_paragraphs() -> None:
    text = (
        "Petra Lindqvist-Obuya said the storm was the worst in decades.\n\n"
        '"First the river rose over the road.\n\n'
        '"Then the power failed across the whole district," she said.'
    )
    paras = text.split("\n\n")
    quotes = quotes_by_paragraph(paras)
    assert not quotes[1][0].closed
    assert quotes[2][0].continues
    an = analyze_text(text)
    opened = _by_content(an, "river rose")
    assert opened.kind == "direct"
    assert opened.speaker == "Petra Lindqvist-Obuya"


def test_organisation_and_definite_description() -> None:
    text = (
        "The report was released by the Greyfield Water Authority on Monday.\n\n"
        "The authority said the reservoir was at a record low."
    )
    an = analyze_text(text)
    a = _by_content(an, "record low")
    assert a.speaker == "Greyfield Water Authority"
    assert a.speaker_mention == "The authority"
    org = next(s for s in an.speakers if s.name == "Greyfield Water Authority")
    assert org.kind == "organisation"


def test_channel_from_told() -> None:
    text = '"The plan is dead," Odile Fenwright told Radio Kestrel.'
    a = _by_content(analyze_text(text), "plan is dead")
    assert a.channel == "Radio Kestrel"
    assert a.speaker == "Odile Fenwright"


def test_nested_according_to(monkeypatch: pytest.MonkeyPatch) -> None:
    # The rule itself, without the learned attribution filter (which may drop it: test_attribution_filter.py).
    monkeypatch.setattr("newsledger.settings.USE_ATTRIBUTION_FILTER", False)
    text = "Governor Ruben Halloway said taxes would fall, according to the Northgate Ledger."
    an = analyze_text(text)
    said = [a for a in an.attributions if a.cue is not None and a.cue.text == "said"]
    assert len(said) == 1
    assert said[0].speaker == "Ruben Halloway"
    assert said[0].content.text == "taxes would fall"
    assert said[0].relayed_by == "Northgate Ledger"
    # The relay is an attribution too, whose content holds the nested one.
    relay = [a for a in an.attributions if a.cue is not None and a.cue.text == "according to"]
    assert len(relay) == 1 and "said taxes would fall" in relay[0].content.text


def test_according_to_alone() -> None:
    text = "The factory will close in March, according to Ilse Marrow."
    a = _by_content(analyze_text(text), "factory will close")
    assert a.cue is not None and a.cue.text == "according to"
    assert a.speaker == "Ilse Marrow"
    assert "according" not in a.content.text


@pytest.mark.parametrize(
    ("open_mark", "close_mark"),
    [("“", "”"), ('"', '"'), ("“", '"'), ('"', "”"), ("''", "''")],
)
def test_quote_mark_styles(open_mark: str, close_mark: str) -> None:
    text = f"{open_mark}The vote was fair,{close_mark} said Hollis Varga."
    an = analyze_text(text)
    a = _by_content(an, "vote was fair")
    assert a.kind == "direct"
    assert a.content.text == "The vote was fair,"
    assert a.speaker == "Hollis Varga"
    _spans_consistent(text, an)


def test_unbalanced_quote_does_not_swallow_the_article() -> None:
    quotes = find_quotes('He said "this is open and never closed.')
    assert len(quotes) == 1 and not quotes[0].closed
    text = (
        'Nadia Kell said "the ferry is late.\n\n'
        "The weather in Portmere was calm on Sunday, and officials said the ferry would sail."
    )
    an = analyze_text(text)
    later = _by_content(an, "ferry would sail")
    assert later.kind == "indirect"


def test_quote_inside_quote() -> None:
    text = "\"He told me, 'Leave it alone,' and walked out,\" Imre Sollis said."
    a = _by_content(analyze_text(text), "Leave it alone")
    assert a.kind == "direct"
    assert a.speaker == "Imre Sollis"
    assert "'Leave it alone,'" in a.content.text


def test_title_attribution_indexes_title() -> None:
    title = "Bridge will close for a year, council says"
    body = "Work on the Ambry bridge starts in May.\n\nThe council said detours would be signed."
    an = analyze_text(body, title=title)
    in_title = [a for a in an.attributions if a.part == "title"]
    assert in_title and in_title[0].content.text.startswith("Bridge will close")
    _spans_consistent(body, an, title)


def test_non_english_is_skipped() -> None:
    text = (
        "Le ministre a déclaré que le pont serait fermé pendant un an. "
        "Les habitants du village ont exprimé leur inquiétude lors de la réunion publique."
    )
    assert analyze_text(text).skipped == "language:fr"
    art = Article(paragraphs=["Some text in English that says little."], language="de")
    assert analyze(art).skipped == "language:de"


def test_empty_body() -> None:
    assert analyze_text("").skipped == "empty"
    assert analyze(Article()).skipped == "empty"


def test_analyze_many_matches_single() -> None:
    arts = [
        Article(paragraphs=["Jonas Webb said the mill would close."], language="en"),
        Article(paragraphs=[], language="en"),
        Article(paragraphs=["Ava Rusk said the school would open."], language="en"),
    ]
    results = analyze_many(arts)
    assert [r.skipped for r in results] == [None, "empty", None]
    assert results[0].attributions[0].speaker == "Jonas Webb"
    assert results[2].attributions[0].speaker == "Ava Rusk"


def test_very_long_article_finishes() -> None:
    # 100,000 words: one giant paragraph plus many short ones, so both the
    # paragraph cutter and the batching are exercised.
    sentence = "Lorna Pike said the pier needed repairs before the summer season began. "
    giant = sentence * 5000  # 60,000 words in one paragraph
    paras = [sentence * 10 for _ in range(334)]  # about 40,000 more
    text = "\n\n".join([giant, *paras])
    assert len(text.split()) >= 100_000
    an = analyze_text(text)
    assert an.skipped is None
    assert len(an.attributions) > 1000
    _spans_consistent(text, an)


def test_hedges_and_figures_are_wired_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """analyze_text calls hedges.py and figures.py by their contracts
    (stand-ins here, so this holds whether or not those modules exist yet)."""
    import sys
    import types

    from newsledger.records import Figure, Span, Statement

    calls: dict[str, object] = {}

    def hedge_of(text: str) -> tuple[str, list[str]]:
        return ("claimed", ["claimed"]) if "claimed" in text else ("asserted", [])

    def find_statements(text: str, sentences: list[tuple[int, int]], covered: list[tuple[int, int]]) -> list[Statement]:
        calls["sentences"] = sentences
        calls["covered"] = covered
        return [Statement(span=Span(0, 4, text[0:4]), hedge="unverified")]

    def find_figures(text: str, attributions: object, **kw: object) -> list[Figure]:
        calls["figures_kw"] = kw
        return [Figure(text="12", value=12.0)]

    hedges = types.ModuleType("newsledger.analyze.hedges")
    hedges.hedge_of = hedge_of  # type: ignore[attr-defined]
    hedges.find_statements = find_statements  # type: ignore[attr-defined]
    figures = types.ModuleType("newsledger.analyze.figures")
    figures.find_figures = find_figures  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "newsledger.analyze.hedges", hedges)
    monkeypatch.setitem(sys.modules, "newsledger.analyze.figures", figures)

    text = "Rhea Castellane claimed 12 boats sank.\n\nThe harbour was quiet on Tuesday."
    an = analyze_text(text)
    a = _by_content(an, "boats sank")
    assert a.hedge == "claimed" and a.hedge_cues == ["claimed"]
    assert an.statements and an.statements[0].hedge == "unverified"
    assert an.figures and an.figures[0].value == 12.0
    sentences = calls["sentences"]
    assert isinstance(sentences, list) and len(sentences) == 2
    assert all(text[s:e].strip() for s, e in sentences)
    assert calls["covered"] == [(a.content.start, a.content.end)]


def _speaker(an: Analysis, name: str) -> Speaker:
    for s in an.speakers:
        if s.name == name:
            return s
    raise AssertionError(f"no speaker {name!r}: {[s.name for s in an.speakers]}")


def test_role_before_name_is_a_description() -> None:
    text = (
        "Lockkeeper coach Idris Vanterpool said the weir would hold.\n\nSkipper Noor Ashgrove said the tide had turned."
    )
    an = analyze_text(text)
    a = _by_content(an, "weir would hold")
    assert a.speaker == "Idris Vanterpool"
    b = _by_content(an, "tide had turned")
    assert b.speaker == "Noor Ashgrove"
    assert any("Skipper" in d for d in _speaker(an, "Noor Ashgrove").descriptions)


def test_honorific_before_name_is_the_title() -> None:
    an = analyze_text('"The nets are full," Captain Elsa Moravane said.')
    a = _by_content(an, "nets are full")
    assert a.speaker == "Elsa Moravane"
    assert _speaker(an, "Elsa Moravane").title == "Captain"


def test_surname_that_is_also_a_common_noun_resolves() -> None:
    text = (
        '"Ferries run late in winter," said Piet Banks, who studies transport.\n\n'
        "Banks said the timetable was unreliable."
    )
    an = analyze_text(text)
    assert _by_content(an, "timetable was unreliable").speaker == "Piet Banks"
    assert [s.name for s in an.speakers].count("Banks") == 0


def test_second_cue_hung_inside_the_clause_keeps_the_speaker() -> None:
    text = (
        "Warden Lise Amberholt said the levy would fall hardest on tenants and called it "
        '"a charge on people who never see the ledger."'
    )
    an = analyze_text(text)
    assert _by_content(an, "a charge on people").speaker == "Lise Amberholt"
    assert _by_content(an, "levy would fall").speaker == "Lise Amberholt"


def test_clause_split_by_the_parser_stays_whole() -> None:
    an = analyze_text("Police said the two hikers missing since Friday were believed to have reached the ridge.")
    a = _by_content(an, "hikers missing since Friday were believed")
    assert a.speaker == "Police"


def test_phrasal_cues_for_figures_and_positions() -> None:
    text = (
        'A county spokeswoman put the figure at "nearly 500," while the river board '
        "stood by its earlier estimate of about 300."
    )
    an = analyze_text(text)
    a = _by_content(an, "nearly 500")
    assert a.speaker == "A county spokeswoman"
    assert a.cue is not None and a.cue.text == "put the figure at"
    b = _by_content(an, "about 300")
    assert b.speaker == "the river board"
    _spans_consistent(text, an)


# -- shapes of attribution without a clause (PolNeAR train error classes) ------


def test_as_clause_attributes_the_main_clause() -> None:
    text = "As the Tidewater Courier reported, the ferry company cancelled four crossings."
    an = analyze_text(text)
    a = _by_content(an, "ferry company cancelled")
    assert a.cue is not None and a.cue.text == "reported"
    assert a.source is not None and "Tidewater Courier" in a.source.text
    assert "reported" not in a.content.text
    _spans_consistent(text, an)


def test_passive_with_agent_attributes_the_subject() -> None:
    text = "The ferry company's closure plan was first reported by the Tidewater Courier."
    an = analyze_text(text)
    a = _by_content(an, "closure plan")
    assert a.source is not None and "Tidewater Courier" in a.source.text
    assert a.cue is not None and "reported" in a.cue.text


def test_headline_colon_names_the_speaker() -> None:
    text = "Harbourmaster Quellwood: the channel will stay shut until March."
    an = analyze_text(text)
    a = _by_content(an, "channel will stay shut")
    assert a.cue is not None and a.cue.text == ":"
    assert a.source is not None and a.source.text == "Harbourmaster Quellwood"
    _spans_consistent(text, an)


@pytest.mark.parametrize("text", ["UPDATE: the channel will stay shut until March.", "7:45 pm: the channel reopened."])
def test_labels_and_times_before_a_colon_are_not_speakers(text: str) -> None:
    assert not any(a.cue is not None and a.cue.text == ":" for a in analyze_text(text).attributions)


def test_headline_case_does_not_hide_the_cue_verb() -> None:
    from newsledger.analyze.casing import headline_case

    title = "Harbour Union Leader Marta Quellwood Endorses Ferry Levy"
    cased = headline_case(title)
    assert cased == "Harbour Union Leader Marta Quellwood endorses Ferry Levy"
    assert len(cased) == len(title)  # offsets stay valid
    assert headline_case("The levy Endorses nothing.") == "The levy Endorses nothing."  # not a headline


def test_colon_at_paragraph_end_takes_the_next_paragraph() -> None:
    text = (
        "The mayor, Ines Harrowgate, was asked about the levy. Harrowgate continued:\n\n"
        "\u201cWe will not pass this cost on to the fishing families.\u201d\n\n"
        "The council meets again in June."
    )
    an = analyze_text(text)
    a = _by_content(an, "We will not pass this cost")
    assert a.speaker == "Ines Harrowgate"
    assert a.cue is not None and a.cue.text == "continued"
    assert a.kind == "direct"
    assert len([x for x in an.attributions if "We will not pass" in x.content.text]) == 1
    _spans_consistent(text, an)


def test_weekday_is_not_part_of_the_cue() -> None:
    an = analyze_text("Ines Harrowgate said Tuesday that the levy would be dropped.")
    a = _by_content(an, "levy would be dropped")
    assert a.cue is not None and a.cue.text == "said"


def test_closing_which_clause_is_left_out_of_the_content() -> None:
    text = "Harrowgate said the levy would fund the new breakwater, which was damaged in the storm."
    a = _by_content(analyze_text(text), "levy would fund")
    assert a.content.text.endswith("breakwater")


def test_first_person_quotes_keep_their_speaker() -> None:
    text = (
        "\u201cFine,\u201d I said, turning to the bench. "
        "\u201cI will explain why the boats stayed in port that week.\u201d"
    )
    an = analyze_text(text)
    first = _by_content(an, "Fine")
    second = _by_content(an, "boats stayed in port")
    assert first.speaker_mention == "I"
    assert second.speaker_mention == "I"


def test_numpy_matmul_gives_the_same_parse_as_blis() -> None:
    """load_nlp swaps thinc's BLIS products for numpy's (faster here); the
    parse must not change."""
    import spacy

    from newsledger.analyze.model import MODEL_PACKAGE, load_nlp

    text = (
        "Ines Harrowgate, who chairs the harbour board, said on Tuesday that the levy would fund a new breakwater. "
        "\u201cWe will not pass this cost on,\u201d she told the Tidewater Courier."
    )
    ours = load_nlp()
    plain = spacy.load(MODEL_PACKAGE, exclude=["senter"], disable=["attribute_ruler", "lemmatizer", "ner"])
    assert type(ours.get_pipe("tok2vec").model.ops).__name__ != type(plain.get_pipe("tok2vec").model.ops).__name__
    a, b = ours(text), plain(text)
    assert [(t.tag_, t.dep_, t.head.i) for t in a] == [(t.tag_, t.dep_, t.head.i) for t in b]


def test_cue_without_a_clause_keeps_its_short_answer() -> None:
    a = _by_content(analyze_text("Asked about the levy, 55 percent of the skippers said yes."), "yes")
    assert a.cue is not None and a.cue.text == "said"


def test_owned_speech_noun_is_an_attribution(monkeypatch: pytest.MonkeyPatch) -> None:
    # The rule itself, without the learned attribution filter (which may drop it: test_attribution_filter.py).
    monkeypatch.setattr("newsledger.settings.USE_ATTRIBUTION_FILTER", False)
    text = "The mayor dismissed the harbour union's claim that the levy was unfair."
    an = analyze_text(text)
    a = next(a for a in an.attributions if a.cue is not None and a.cue.text == "claim")
    assert a.content.text == "the levy was unfair"
    assert a.source is not None and a.source.text == "the harbour union"
    _spans_consistent(text, an)


def test_speech_noun_without_an_owner_is_not() -> None:
    an = analyze_text("The announcement of the regatta results was delayed by rain.")
    assert not any(a.cue is not None and "announcement" in a.cue.text for a in an.attributions)


def test_quotation_beside_a_cue_outside_the_lexicon() -> None:
    text = "\u201cWe will rebuild the pier by spring,\u201d the harbourmaster exclaimed."
    a = _by_content(analyze_text(text), "rebuild the pier")
    assert a.kind == "direct"
    assert a.cue is not None and a.cue.text == "exclaimed"
    assert a.source is not None and a.source.text == "the harbourmaster"


def test_stance_adjective_after_be() -> None:
    text = "The skippers' union was highly critical of the new quota rules."
    an = analyze_text(text)
    a = _by_content(an, "new quota rules")
    assert a.cue is not None and a.cue.text == "was highly critical of"
    assert a.source is not None and a.source.text == "The skippers' union"
    _spans_consistent(text, an)


def test_stance_adjective_needs_a_complement_and_a_subject() -> None:
    assert analyze_text("The skippers were adamant.").attributions == []
    assert analyze_text("It is critical to repair the pier.").attributions == []


def test_quotation_after_the_addressee() -> None:
    text = "Harrowgate tells the crowd: \u201cWe will not pass this cost on to the fishing families.\u201d"
    a = _by_content(analyze_text(text), "pass this cost on")
    assert a.kind == "direct"
    assert a.cue is not None and a.cue.text == "tells"
    assert a.source is not None and a.source.text == "Harrowgate"


def test_stance_noun_after_be() -> None:
    a = _by_content(analyze_text("Harrowgate is a fierce critic of the quota rules."), "quota rules")
    assert a.cue is not None and a.cue.text == "is a fierce critic of"
    assert a.source is not None and a.source.text == "Harrowgate"


def test_title_case_headline_verb_is_a_cue() -> None:
    title = "Harbour Union Leader Marta Quellwood Slams Ferry Levy Plan"
    article = Article(title=title, paragraphs=["The levy will rise in March, the council said."], language="en")
    an = analyze(article)
    a = next(x for x in an.attributions if x.part == "title")
    assert a.cue is not None and a.cue.text == "Slams"  # spans index the title as written
    assert a.content.text == "Ferry Levy Plan"
    _spans_consistent(article.text, an, title)


def test_preposition_after_the_object_completes_it() -> None:
    text = "Harrowgate challenged the ferry operator to a public debate on the levy."
    a = _by_content(analyze_text(text), "ferry operator")
    assert a.content.text == "the ferry operator to a public debate on the levy"


def test_conjoined_clause_that_is_not_a_speech_act_stays_in_the_content() -> None:
    text = "Quellwood said she was tired of the delays and wanted a contractor who would finish the pier."
    a = _by_content(analyze_text(text), "tired of the delays")
    assert a.content.text.endswith("wanted a contractor who would finish the pier")


def test_conjoined_speech_verb_is_its_own_attribution() -> None:
    text = "Quellwood announced that the depot would close and vowed to fight the decision."
    an = analyze_text(text)
    first = _by_content(an, "depot would close")
    assert "vowed" not in first.content.text
    second = _by_content(an, "fight the decision")
    assert second.source is not None and second.source.text == "Quellwood"


def test_source_of_a_verb_after_a_preposition() -> None:
    text = "Councillor Brandt opened the meeting by warning that the harbour fund was empty."
    a = _by_content(analyze_text(text), "harbour fund was empty")
    assert a.source is not None and a.source.text == "Councillor Brandt"


def test_participle_aside_is_not_part_of_the_source() -> None:
    text = "Councillor Brandt, speaking at a rally in Port Elm, said the ferry would run all winter."
    a = _by_content(analyze_text(text), "ferry would run")
    assert a.source is not None and a.source.text == "Councillor Brandt"


def test_closing_apposition_is_left_out_of_an_object_content() -> None:
    text = "The skippers praised the new timetable, the third this year."
    a = _by_content(analyze_text(text), "new timetable")
    assert a.content.text == "the new timetable"


def test_question_after_ask_is_the_content() -> None:
    text = "Brandt asked the skippers whether they planned to strike."
    a = _by_content(analyze_text(text), "planned to strike")
    assert a.cue is not None and a.cue.text == "asked"
    assert a.content.text == "whether they planned to strike"


def test_reason_after_an_infinitive_content() -> None:
    text = "The board refused to reopen the pier because the inspectors had not signed off."
    a = _by_content(analyze_text(text), "reopen the pier")
    assert a.content.text.endswith("because the inspectors had not signed off")


def test_artifact_that_purports_carries_its_releasers_claim() -> None:
    text = "The port authority released a photograph that purports to show the missing trawler off Cape Wend."
    an = analyze_text(text)
    a = next(x for x in an.attributions if x.cue is not None and x.cue.text == "purports")
    assert a.content.text.startswith("a photograph that purports to show the missing trawler")
    assert a.speaker == "The port authority"
    assert a.hedge == "claimed"
    assert not any(x.cue is not None and x.cue.text == "released" for x in an.attributions)


@pytest.mark.parametrize(
    ("text", "cue", "content", "source", "hedge"),
    [
        # the relative clause hung on the release verb by the parser
        (
            "Harbour officials released a video on Monday that purports to show trawlers crossing the bay.",
            "purports", "a video on Monday that purports to show trawlers crossing the bay", "Harbour officials",
            "claimed",
        ),
        (
            "Harbour officials released a video that appears to show trawlers crossing the bay.",
            "appears to show", "a video that appears to show trawlers crossing the bay", "Harbour officials", "alleged",
        ),
        (
            "The Orvik ministry released a video that claims to show trawlers crossing the bay.",
            "claims", "a video that claims to show trawlers crossing the bay", "The Orvik ministry", "claimed",
        ),
        (
            "Harbour officials released a photo that is said to show trawlers crossing the bay.",
            "is said to show", "a photo that is said to show trawlers crossing the bay", "Harbour officials",
            "alleged",
        ),
        # the relative clause hung on the agent by the parser
        (
            "A video released by harbour officials that appears to show trawlers crossing the bay was shared widely.",
            "appears to show", "A video released by harbour officials that appears to show trawlers crossing the bay",
            "harbour officials", "alleged",
        ),
        (
            "The Castellan agency published footage which appears to show a convoy near Lake Omber.",
            "appears to show", "footage which appears to show a convoy near Lake Omber", "The Castellan agency",
            "alleged",
        ),
    ],
)
def test_artifact_cues_are_one_attribution_of_the_creator(
    text: str, cue: str, content: str, source: str, hedge: str
) -> None:
    an = analyze_text(text)
    assert len(an.attributions) == 1, [(a.cue.text if a.cue else None, a.content.text) for a in an.attributions]
    a = an.attributions[0]
    assert a.cue is not None and a.cue.text == cue
    assert a.content.text == content
    assert a.source is not None and a.source.text == source
    assert a.origin == "artifact_claim"
    assert a.hedge == hedge


def test_artifact_without_a_named_creator_is_left_to_the_other_rules() -> None:
    # No creator in the sentence: the artifact rule does not fire (PolNeAR's
    # annotators make the relative pronoun the source there).
    an = analyze_text("A film that purports to present the whole story of the Sallow flood opened on Friday.")
    assert all(a.origin != "artifact_claim" for a in an.attributions)


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "Tobias Fenwright, the valley's mayor, said between 11 and 12,000 people had left in total.",
            "between 11 and 12,000 people had left in total",
        ),
        (
            "The harbourmaster said about 300 boats were damaged in the storm.",
            "about 300 boats were damaged in the storm",
        ),
        ("Police said up to 40 cars were damaged in total.", "up to 40 cars were damaged in total"),
    ],
)
def test_cue_before_a_figure_led_clause_takes_the_clause(text: str, content: str) -> None:
    an = analyze_text(text)
    a = _by_content(an, content.split()[0] + " " + content.split()[1])
    assert a.content.text == content
    assert a.cue is not None and a.cue.text == "said"


def test_preposition_without_a_number_is_not_a_figure_clause() -> None:
    from newsledger.analyze.contents import figure_clause
    from newsledger.analyze.model import load_nlp

    doc = load_nlp()("The mayor spoke about the people who had left the valley.")
    verb = next(t for t in doc if t.lower_ == "spoke")
    assert figure_clause(verb) is None


def test_content_that_opens_a_quotation_keeps_its_closing_mark() -> None:
    text = 'Harrowgate called the plan a "cheap fix." The board disagreed.'
    a = _by_content(analyze_text(text), "cheap fix")
    assert a.kind == "mixed"
    assert a.content.text == 'the plan a "cheap fix."'


def test_short_quoted_sentence_after_a_cued_quote_is_speech() -> None:
    text = '"They sue," Harrowgate said. "Everybody sues, right?"'
    a = _by_content(analyze_text(text), "Everybody sues")
    # Rule continued_quote: the second quotation is the second piece of Harrowgate's attribution.
    assert a.cue is not None and a.cue.text == "said"
    assert [p.text for p in a.pieces()] == ["They sue,", "Everybody sues, right?"]
    assert a.speaker == "Harrowgate"
    assert a.origin.endswith("+continued_quote")


def test_short_quote_inside_a_sentence_stays_a_scare_quote() -> None:
    text = 'Harrowgate said the levy was fair. Critics called it a "stealth tax" on skippers.'
    an = analyze_text(text)
    assert not any(a.cue is None and "stealth tax" in a.content.text for a in an.attributions)


def test_speech_noun_object_joins_the_cue() -> None:
    text = "The skippers' union raised questions about the new quota rules."
    a = _by_content(analyze_text(text), "quota rules")
    assert a.cue is not None and a.cue.text == "raised questions about"
    assert a.content.text == "the new quota rules"


@pytest.mark.parametrize(
    "text",
    [
        'Harrowgate called the plan a "cheap fix.',  # never closed: the paragraph ends inside it
        'Harrowgate called the plan a "cheap fix',
        "Harrowgate called the plan a ''cheap fix.'' The board disagreed.",
    ],
)
def test_closing_mark_rule_stays_inside_the_text(text: str) -> None:
    an = analyze_text(text)
    a = _by_content(an, "cheap fix")
    assert a.content.end <= len(text)
    _spans_consistent(text, an)


def test_a_passive_denied_with_an_object_is_no_denial() -> None:
    # "had been denied a penalty" is something withheld: no cue of its own, no "denied" hedge
    text = "The coach, Tamsin Orrow, said her side had been denied a clear penalty in the first half."
    an = analyze_text(text)
    assert [a.cue.text for a in an.attributions if a.cue is not None] == ["said"]
    assert an.attributions[0].hedge == "asserted"
    an = analyze_text("The harbour board denied the report.")
    assert [(a.cue.text if a.cue else None, a.hedge) for a in an.attributions] == [("denied", "denied")]
