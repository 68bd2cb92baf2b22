"""Speaker kind and information-noun sources on made-up sentences (fictional bodies and people).

"the regional water office said ..." names a body, not a person; "figures from
the Tarnwick Courier agency put ..." are the agency's figures.  The word lists
come from counts over PolNeAR train (scripts/count_speaker_heads.py).
"""

from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from analysis_helpers import by_content as _by_content

from newsledger.analyze import analyze_text
from newsledger.analyze.entities import EntityIndex
from newsledger.analyze.speakers import INFO_HEADS, ORG_HEADS
from newsledger.records import Analysis, Speaker


def _speaker(an: Analysis, name: str) -> Speaker:
    for s in an.speakers:
        if s.name == name:
            return s
    raise AssertionError(f"no speaker {name!r}: {an.speakers}")


def test_word_lists_hold_the_counted_heads() -> None:
    assert {"office", "ministry", "council"} <= ORG_HEADS
    assert "spokesman" not in ORG_HEADS and "official" not in ORG_HEADS
    assert {"figure", "report"} <= INFO_HEADS


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("The regional water office said the reservoir at Hollin Vale was half full.", "The regional water office"),
        ("The ministry said the new bridge at Carrow Point would open in May.", "The ministry"),
        ("The district council said most of the 140 families had returned home.", "The district council"),
    ],
)
def test_a_body_named_by_a_common_noun_is_an_organisation(text: str, mention: str) -> None:
    an = analyze_text(text)
    a = an.attributions[0]
    assert a.speaker is not None and a.speaker.lower() == mention.lower()
    assert _speaker(an, a.speaker).kind == "organisation"


def test_people_and_groups_keep_their_kind() -> None:
    an = analyze_text(
        "A harbour spokesman said the ferry would sail at noon. Residents said the road was still closed."
    )
    assert _speaker(an, _by_content(an, "ferry would sail").speaker or "").kind == "person"
    assert _speaker(an, _by_content(an, "road was still closed").speaker or "").kind == "group"


def test_figures_from_an_agency_are_the_agency_s() -> None:
    text = "Earlier figures from the Tarnwick Courier agency put the number of evacuees at about 900."
    an = analyze_text(text)
    a = _by_content(an, "900")
    assert a.source is not None and a.source.text.startswith("Earlier figures from")  # the phrase stays the source
    assert a.speaker is not None and "Tarnwick Courier" in a.speaker
    assert not a.speaker.lower().startswith("earlier figures")
    assert _speaker(an, a.speaker).kind == "organisation"
    index = EntityIndex()
    index.add_analysis(an)
    kinds = {name: kind for name, kind, _aliases in index.entities()}
    assert kinds.get(a.speaker) == "organisation"  # a name, so an entity of its own


def test_a_report_by_a_named_person_is_theirs() -> None:
    an = analyze_text("A report by Selma Oduya found that the quay had been built on landfill.")
    a = _by_content(an, "quay had been built")
    assert a.speaker == "Selma Oduya"


def test_reports_of_something_are_not_a_speaker_named_by_of() -> None:
    an = analyze_text("Reports of flooding said the lower town had lost power overnight.")
    assert an.attributions
    assert all((a.speaker or "").lower() != "flooding" for a in an.attributions)


def test_a_plural_of_an_organisation_head_stays_a_group() -> None:
    an = analyze_text("Several universities said the new fees would take effect in the autumn.")
    a = _by_content(an, "new fees")
    assert a.speaker is not None and "universities" in a.speaker
    assert _speaker(an, a.speaker).kind == "group"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The company said its quarterly profits at the Dunmore plant had fallen.", "organisation"),
        ("The government said the new ferry levy would raise 40 million crowns.", "organisation"),
        ("The campaign said the latest poll in Wexham was wrong.", "organisation"),
        ("The crowd said the mayor of Wexham should resign.", "group"),
        ("A new survey found that most boat owners in Wexham backed the levy.", "document"),
        ("The driver said he had not seen the barrier at the bridge.", "person"),
    ],
)
def test_the_head_noun_of_a_description_gives_its_kind(text: str, kind: str) -> None:
    an = analyze_text(text)
    a = an.attributions[0]
    assert a.speaker is not None
    assert _speaker(an, a.speaker).kind == kind


def test_it_refers_to_the_last_body_that_spoke_not_to_a_person() -> None:
    an = analyze_text(
        "The harbour board said the quay at Wexham was safe. A skipper said he had seen cracks in it. "
        "It said engineers would inspect the quay on Monday."
    )
    a = _by_content(an, "engineers would inspect")
    assert a.source is not None and a.source.text == "It"
    assert a.speaker is not None and a.speaker.lower() == "the harbour board"


def test_it_with_no_body_before_it_names_no_one() -> None:
    an = analyze_text("The skipper said he had seen cracks. It said engineers would come on Monday.")
    a = _by_content(an, "engineers would come")
    assert a.speaker is None


def test_expletive_it_is_no_source() -> None:
    an = analyze_text("It is said that the quay at Wexham was built on landfill.")
    assert all(a.source is None or a.source.text != "It" for a in an.attributions)


@pytest.mark.parametrize(
    ("text", "noun"),
    [
        ("Tomas Rell, the smuggler known as the Otter, stated that he had access to the harbour.", "the smuggler"),
        ("The harbour board opposes the outside groups known as ferry lobbies and their donations.",
         "the outside groups"),
    ],
)
def test_the_noun_a_participle_names_is_not_its_source(text: str, noun: str) -> None:
    an = analyze_text(text)
    assert an.attributions
    assert all(a.source is None or a.source.text != noun for a in an.attributions)


@pytest.mark.parametrize(
    "text",
    [
        "The harbour company, Tolland Marine, said the pier would reopen in May.",
        "Tolland Marine, a harbour company, said the pier would reopen in May.",
    ],
)
def test_a_name_an_apposition_calls_a_company_is_an_organisation(text: str) -> None:
    an = analyze_text(text + " It said repairs would take a month.")
    marine = _speaker(an, "Tolland Marine")
    assert marine.kind == "organisation"
    # and "it" then refers to it, as to any body that spoke
    assert [a.speaker for a in an.attributions] == ["Tolland Marine", "Tolland Marine"]


def test_a_known_first_name_stays_a_person_whatever_the_apposition() -> None:
    # a misattached apposition ("Dara Whitlow, the company ...") must not turn a person into a body
    an = analyze_text("Dara Whitlow, the company, said the pier would reopen in May.")
    assert _speaker(an, "Dara Whitlow").kind == "person"
