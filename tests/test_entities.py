"""Speakers as entities (issue #16): aliases within and across articles, furniture, pronoun gender.

All names are fiction.
"""

from __future__ import annotations

import pytest

from newsledger.analyze.entities import EntityIndex, person_core
from newsledger.analyze.furniture import is_place_name, mask
from newsledger.records import Analysis, Attribution, Span, Speaker


def _an(*speakers: Speaker, said: tuple[tuple[str, str], ...] = ()) -> Analysis:
    atts = [Attribution(kind="indirect", content=Span(0, 1, "x"), speaker=s, speaker_mention=m) for s, m in said]
    return Analysis(speakers=list(speakers), attributions=atts)


def test_person_aliases_join_across_articles() -> None:
    ix = EntityIndex()
    a = ix.add_analysis(_an(Speaker("National Security Communications Adviser Marten Hollis", mentions=["Hollis"])))
    b = ix.add_analysis(_an(Speaker("Marten J. Hollis"), Speaker("Marten Hollis")))
    c = ix.add_analysis(_an(Speaker("Hollis", kind="organisation")))  # a headline's surname, mistyped
    names = {ix.canonical(n, k) for n, k in (("Hollis", a), ("Marten J. Hollis", b), ("Marten Hollis", b),
                                              ("Hollis", c))}
    assert names == {"Marten Hollis"}
    assert "Marten J. Hollis" in ix.aliases("Hollis")


def test_transliterations_join_but_other_people_do_not() -> None:
    ix = EntityIndex()
    ix.add_analysis(_an(Speaker("Kyrylo Vantsenko"), Speaker("Kirill Vantsenko"), Speaker("Kyrylo Vantsen")))
    assert ix.canonical("Kirill Vantsenko") == ix.canonical("Kyrylo Vantsenko")
    assert ix.canonical("Kyrylo Vantsen") != ix.canonical("Kyrylo Vantsenko")


def test_a_surname_shared_by_two_people_stays_apart() -> None:
    ix = EntityIndex()
    ix.add_analysis(_an(Speaker("Anna Reyes"), Speaker("Anouk Reyes"), Speaker("Reyes")))
    assert ix.canonical("Reyes") == "Reyes"
    assert ix.canonical("Anna Reyes") != ix.canonical("Anouk Reyes")


def test_agency_descriptions_join_the_named_agency() -> None:
    ix = EntityIndex()
    # the possessor is in the name: joins across articles
    ix.add_analysis(_an(Speaker("Orvik's intelligence agency", kind="organisation")))
    # the possessor is not (a city): joins only where both stand in one article
    k = ix.add_analysis(_an(Speaker("Orvik Intelligence Service", kind="organisation"),
                            Speaker("Castellan's spy agency", kind="organisation"),
                            said=(("Castellan's spy agency", "Castellan's spy agency"), ("the agency", "the agency"))))
    ix.add_analysis(_an(Speaker("Marlow's spy agency", kind="organisation")))
    canon = ix.canonical("Orvik Intelligence Service")
    assert canon == "Orvik Intelligence Service"
    assert ix.canonical("Orvik's intelligence agency") == canon
    assert ix.canonical("Castellan's spy agency") == canon
    assert ix.canonical("the agency", k) == canon
    assert ix.canonical("the agency") == "the agency"  # no article: a description names nobody
    assert ix.canonical("Marlow's spy agency") == "Marlow's spy agency"


def test_person_core_drops_titles_and_initials() -> None:
    assert person_core("National Security Communications Adviser John F. Kirby") == ["John", "Kirby"]
    assert person_core("Mary Ann Okafor") == ["Mary", "Ann", "Okafor"]


def test_mask_blanks_datelines_and_ad_slots_keeping_offsets() -> None:
    text = "CASTELLAN, Orvik (AP) — The agency said Mira Tandel Article continues after this advertisement left."
    out = mask(text)
    assert len(out) == len(text)
    assert out.lstrip().startswith("The agency said")
    assert "advertisement" not in out and "Mira Tandel" in out
    assert mask("The mayor (AP) said so.") == "The mayor (AP) said so."  # not at the start: not a dateline
    assert is_place_name("Dalmar Oblast") and not is_place_name("officials in Dalmar Oblast")


@pytest.fixture(scope="module")
def _nlp() -> None:
    pytest.importorskip("spacy")
    from newsledger.analyze.model import ModelMissingError, load_nlp

    try:
        load_nlp()
    except ModelMissingError as e:
        pytest.skip(str(e))


def test_pronoun_goes_to_a_person_of_its_gender(_nlp: None) -> None:
    from newsledger.analyze import analyze_text

    text = ("Peter Zalmon, an analyst, said the talks were close to collapse.\n\n"
            "\"Nobody trusts anyone,\" Zalmon said. Ilse Marrow, a former envoy, disagreed.\n\n"
            "\"There is still room for a deal,\" she said.")
    got = {a.content.text.strip(",\" "): a.speaker for a in analyze_text(text).attributions}
    assert got.get("There is still room for a deal") == "Ilse Marrow"
    assert got.get("Nobody trusts anyone") == "Peter Zalmon"


def test_a_later_denial_does_not_mark_an_earlier_claim(_nlp: None) -> None:
    from newsledger.analyze import analyze_text

    text = ("The Dalmar Defence Ministry said it had not been able to independently confirm reports of a new "
            "offensive, and it denied that its drones had struck a market.")
    hedges = {a.cue.text if a.cue else "": a.hedge for a in analyze_text(text).attributions}
    assert hedges.get("said") == "unverified"
    assert hedges.get("denied") == "denied"
