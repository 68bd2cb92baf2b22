"""Figures in the shapes of issue #16's pages: space-grouped thousands, number words, scores, context.

Every sentence is fiction.
"""

from __future__ import annotations

import pytest

from newsledger.analyze.figures import find_figures


def _one(text: str) -> tuple[float | None, float | None, str | None]:
    figs = find_figures(text, [])
    assert len(figs) == 1, [(f.text, f.value) for f in figs]
    return figs[0].value, figs[0].value_high, figs[0].counted


@pytest.mark.parametrize(
    ("text", "value", "counted"),
    [
        ("Orvik has moved about 11 000 soldiers to the border.", 11000, "soldiers"),
        ("Some 2\u00a0600 troops were trained near the coast.", 2600, "troops"),
        ("The agency said ten thousand recruits had finished training.", 10000, "recruits"),
        ("Three hundred soldiers deserted in the first week.", 300, "soldiers"),
        ("Twenty-five people had been freed.", 25, "people"),
        ("A hundred and fifty homes were destroyed.", 150, "homes"),
        ("Half of the 40 boats sank in the harbour.", 40, "boats"),
        ("Forty-two families had returned home.", 42, "families"),
    ],
)
def test_counts(text: str, value: float, counted: str) -> None:
    got_value, _, got_counted = _one(text)
    assert got_value == value
    assert got_counted == counted


def test_up_to_three_thousand_is_one_bounded_figure() -> None:
    [f] = find_figures("Up to three thousand of them had crossed the river.", [])
    assert (f.value, f.bound) == (3000, "at_most")


@pytest.mark.parametrize(
    "text",
    [
        "The talks collapsed after a 2 1/2-year war.",
        "Dalmar beat Orvik 2-1 in a friendly match on Sunday.",
        "Orvik won the rugby match 3-0 on Saturday.",
        "Call the hotline on 0800 555 123 for help.",
        "We need blankets and clean water right now.",
    ],
)
def test_not_figures(text: str) -> None:
    assert find_figures(text, []) == []


def test_ranges_share_the_scale_of_their_upper_bound() -> None:
    assert _one("The mayor said between 11 and 12,000 people had left.")[:2] == (11000, 12000)
    assert _one("The valley needs 30 to 35 million crowns to rebuild.")[:2] == (30e6, 35e6)


def test_a_count_without_a_noun_inherits_it_from_the_count_before() -> None:
    text = ("Orvik moved 11,000 soldiers to the border, Hollis said. Up to three thousand of them crossed. "
            "Between 11 and 12,000 in total, he added. Kirill Vantsen said a thousand more were missing.")
    figs = find_figures(text, [])
    assert [(f.value, f.counted) for f in figs] == [(11000, "soldiers"), (3000, "soldiers"), (11000, "soldiers"),
                                                      (1000, "soldiers")]


def test_a_count_does_not_inherit_from_two_sentences_back() -> None:
    # Fictional: the count after "put the figure at" names nothing, and the only named count is two
    # sentences back and counts something else; an unspecified count beats a wrong one in the ledger.
    text = ("Divers searched for two missing trawlermen off Kessock Point. Officials disagreed on how many "
            "had fled the coast. A county spokesman put the figure at more than 3,000.")
    figs = find_figures(text, [])
    assert [f.value for f in figs] == [2, 3000]
    assert figs[0].counted is not None and figs[0].counted.startswith("missing trawlermen")
    assert figs[1].counted is None


def test_an_inherited_count_passes_its_noun_on_one_sentence_at_a_time() -> None:
    text = ("Orvik moved 11,000 soldiers to the border. Up to three thousand of them crossed. "
            "Another 2,000 waited. The rain stopped. By night 1,500 had returned.")
    figs = find_figures(text, [])
    assert [f.counted for f in figs] == ["soldiers", "soldiers", "soldiers", None]


def test_where_a_speaker_stood_is_not_where_the_figure_is() -> None:
    [f] = find_figures("\"We will send 400 troops,\" Hollis told reporters in Brussels.", [])
    assert f.where is None
    [g] = find_figures("Orvik sent 400 troops to Dalmar, Hollis told reporters in Brussels.", [])
    assert g.where == "Dalmar"


def test_month_prefix_of_a_word_is_not_a_date() -> None:
    # "mayor" starts with "may": the number after it is still a figure
    assert _one("The mayor said 400 people had left.")[0] == 400
    assert find_figures("It was May 11 when the river rose.", []) == []


def test_a_figure_after_a_modal_or_a_plan_is_a_projection() -> None:
    from newsledger.modality import is_projection

    cases = {
        "Town clerk Ada Feeny said the sports hall could hold about 900 people.": "could hold",
        "The scheme would cost $2.1 million a year, the treasurer said.": "would cost",
        "The ministry plans to hire 350 nurses.": "plans to hire",
        "The council will eventually spend $40 million on the harbour wall.": "will eventually spend",
    }
    for text, lead in cases.items():
        [f] = find_figures(text, [])
        assert f.state is not None and f.state.startswith(lead), (text, f.state)
        assert is_projection(f.state)
    for text in ("Orvik had sent about 1,500 soldiers to the border.", "They defied the will of 300 voters.",
                 "About 1,200 residents were evacuated overnight."):
        [f] = find_figures(text, [])
        assert not is_projection(f.state), (text, f.state)
