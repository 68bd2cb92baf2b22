"""The figures ledger: what is counted, folding copies, and when two figures conflict."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from bench.link import ledger_figures
from newsledger.link.ledger import (
    CONFLICT_WINDOW_DAYS,
    UNIT_KEYS,
    LedgerRow,
    _day,
    _source,
    build_ledger,
    conflicting,
    interval,
    normalise_counted,
    predicate_words,
    singular,
)
from newsledger.modality import is_projection


@pytest.mark.parametrize(("counted", "expected"), [
    ("North Korean soldiers", ("soldier", "north korean")),
    ("troops", ("soldier", "")),
    ("infantrymen", ("soldier", "")),
    ("forces", ("soldier", "")),
    ("DPRK forces", ("soldier", "north korean")),
    ("soldier", ("soldier", "")),
    ("residents of Port Veldane", ("person", "")),
    ("people", ("person", "")),
    ("evacuees", ("person", "")),
    ("missing fishermen", ("fisherman", "missing")),
    ("boats", ("boat", "")),
    ("vessels", ("boat", "")),
    ("the schools", ("school", "")),
    ("per cent of likely voters", ("per cent", "likely voters")),
    ("per cent", ("per cent", "")),
    ("percentage points", ("percentage point", "")),
    ("Canadian dollars", ("dollar", "canadian")),
    (None, ("(unspecified)", "")),
])
def test_what_is_counted_is_normalised(counted: str | None, expected: tuple[str, str]) -> None:
    assert normalise_counted(counted) == expected


def test_singular() -> None:
    assert [singular(w) for w in ("ferries", "buses", "boxes", "churches", "glass", "status", "crisis", "men")] == [
        "ferry", "bus", "box", "church", "glass", "status", "crisis", "man"]


def _row(fid: int, value: float | None, *, bound: str = "exact", approx: bool = False, high: float | None = None,
         speaker: str | None = "A", outlet: str = "X", date: str = "2026-05-12", place: str | None = None,
         state: str | None = None) -> LedgerRow:
    return LedgerRow(fid, fid, str(value), value, high, bound, approx, "troops", "", place, "asserted", speaker,
                     outlet, date, state)


def test_sums_and_percentages_never_conflict() -> None:
    def unit(fid: int, value: float, counted: str, speaker: str) -> LedgerRow:
        return LedgerRow(fid, fid, str(value), value, None, "exact", False, counted, "", None, "asserted", speaker,
                         "X", "2026-05-12", None)

    assert not conflicting(unit(1, 35_000, "dollars", "A"), unit(2, 59_000_000, "dollars", "B"))
    assert not conflicting(unit(1, 52, "per cent of voters", "A"), unit(2, 26, "per cent of voters", "B"))
    assert not conflicting(unit(1, 6, "percentage points", "A"), unit(2, 10, "percentage points", "B"))
    assert conflicting(unit(1, 1500, "troops", "A"), unit(2, 11_000, "troops", "B"))  # a count still does


def test_counts_of_different_sets_do_not_conflict() -> None:
    # "two vessels had joined the search" and "40 boats broke their moorings" count different boats
    assert not conflicting(_row(1, 2, state="had joined the search"), _row(2, 40, speaker="B",
                                                                        state="broke their moorings"))
    # the same set in other words still conflicts: killed / died, evacuated / fled, a word in common
    assert conflicting(_row(1, 40, state="were killed in the floods"), _row(2, 52, speaker="B", state="died"))
    assert conflicting(_row(1, 1200, state="evacuated overnight"), _row(2, 3400, speaker="B", state="fled their homes"))
    assert conflicting(_row(1, 1500, state="sent to Norland to fight"), _row(2, 11000, speaker="B",
                                                                          state="training in eastern Norland"))
    # a predicate that says nothing does not keep two figures apart
    assert conflicting(_row(1, 1500, state=None), _row(2, 11000, speaker="B", state="training in Norland"))


def test_conflicts() -> None:
    a = _row(1, 1500)
    assert conflicting(a, _row(2, 3000, bound="at_least", speaker="B"))
    assert not conflicting(a, _row(2, 1000, bound="at_least", speaker="B"))  # at least 1,000: 1,500 fits
    assert not conflicting(a, _row(2, 3000, speaker="A"))  # one source changing its figure is not a conflict
    assert not conflicting(a, _row(2, 3000, speaker="B", date="2026-06-30"))  # weeks apart
    assert not conflicting(a, _row(2, 1600, approx=True, speaker="B"))  # about 1,600 reaches down to 1,440
    assert conflicting(a, _row(2, 1700, approx=True, speaker="B"))
    assert not conflicting(a, _row(2, 1000, bound="range", high=2000, speaker="B"))
    assert not conflicting(a, _row(2, 24, bound="vague", high=99, speaker="B"))  # "dozens" never conflicts
    assert not conflicting(_row(1, 11000, place="eastern Russia"), _row(2, 10000, speaker="B", place="Kursk"))
    assert conflicting(_row(1, 11000, place="eastern Russia"), _row(2, 1500, speaker="B", place="Russia"))
    # no speaker: the outlet is the source
    assert conflicting(_row(1, 1500, speaker=None, outlet="X"), _row(2, 3000, speaker=None, outlet="Y"))
    assert not conflicting(_row(1, 1500, speaker=None, outlet="X"), _row(2, 3000, speaker=None, outlet="X"))


def test_a_projection_conflicts_only_with_a_projection() -> None:
    counted = _row(1, 3400, state="fled their homes")
    capacity = _row(2, 2000, speaker="B", state="could hold")
    assert not conflicting(counted, capacity)  # what a hall could hold is not how many fled
    assert not conflicting(capacity, counted)
    assert conflicting(_row(1, 1.4e12, state="would cost a year"), _row(2, 2e12, speaker="B", state="would cost"))
    assert conflicting(_row(1, 400, state="plans to send"), _row(2, 900, speaker="B", state="intends to send"))
    assert conflicting(counted, _row(2, 1200, speaker="B", state="evacuated overnight"))
    # a state that merely contains a modal later on is a count of what is
    assert conflicting(counted, _row(2, 1200, speaker="B", state="left, and more could follow"))


def _fig(fid: int, aid: int, seq: int, text: str, value: float, counted: str, who: str, date: str) -> dict[str, Any]:
    return {"id": fid, "article_id": aid, "seq": seq, "text": text, "value": value, "value_high": None,
            "approximate": 0, "bound": "exact", "counted": counted, "location": None, "according_to": who,
            "outlet": f"outlet {aid}", "date": date, "hedge": None}


def test_build_ledger_folds_copies_sorts_by_date_and_marks_conflicts() -> None:
    figs = [
        _fig(1, 10, 0, "11,000", 11000, "North Korean soldiers", "Kyrylo Vance", "2026-05-13"),
        _fig(2, 20, 0, "1,500", 1500, "troops", "an agency", "2026-05-12"),
        _fig(3, 21, 0, "1,500", 1500, "troops", "an agency", "2026-05-12"),  # copy of 20
        _fig(4, 22, 0, "1,500", 1500, "soldiers", "an agency", "2026-05-12"),  # copy of 20, counted differently
        _fig(5, 21, 1, "40", 40, "boats", "a harbourmaster", "2026-05-12"),  # only in the copy
    ]
    groups = build_ledger(figs, {21: 20, 22: 20})
    assert [g.counted for g in groups] == ["soldier", "boat"]
    soldiers = groups[0].rows
    assert [(r.figure_id, r.repeated_by) for r in soldiers] == [(2, [21, 22]), (1, [])]
    assert groups[0].conflicts == [(2, 1)]
    assert soldiers[1].qualifier == "north korean"
    assert [(r.figure_id, r.article_id) for r in groups[1].rows] == [(5, 21)]
    assert groups[0].as_dict()["figures"][0]["repeated_by"] == 2


def _reference_conflicting(a: LedgerRow, b: LedgerRow) -> bool:
    """The pair test as it was written before the per-row keys (2026-12-02): every key recomputed per pair."""
    if normalise_counted(a.counted)[0] in UNIT_KEYS:
        return False
    if _source(a) == _source(b):
        return False
    if is_projection(a.state) != is_projection(b.state):
        return False
    wa, wb = predicate_words(a.state), predicate_words(b.state)
    if wa and wb and not wa & wb:
        return False
    if a.place and b.place:
        x = re.sub(r"^the\s+", "", a.place.lower().strip())
        y = re.sub(r"^the\s+", "", b.place.lower().strip())
        if not (x in y or y in x):
            return False
    da, db = _day(a.date), _day(b.date)
    if da and db and abs((da - db).days) > CONFLICT_WINDOW_DAYS:
        return False
    ia, ib = interval(a), interval(b)
    if ia is None or ib is None:
        return False
    return ia[1] < ib[0] or ib[1] < ia[0]


@pytest.mark.parametrize("seed", [3, 18])
def test_ledger_equals_the_per_pair_reference(seed: int) -> None:
    """The per-row keys change nothing: conflicts, their order and every row's list as the per-pair test gives."""
    figs = ledger_figures(400, seed)
    aids = sorted({int(f["article_id"]) for f in figs})
    original_of = {aid: aids[k - 1] for k, aid in enumerate(aids) if k % 5 == 4}  # some articles are copies
    copy_of = {orig: copy for copy, orig in original_of.items()}
    figs += [{**f, "id": 10_000 + k, "article_id": copy_of[f["article_id"]], "seq": 1000 + k}  # the copy repeats it
             for k, f in enumerate(figs) if f["article_id"] in copy_of and k % 2]
    groups = build_ledger(figs, original_of)
    rows = [r for g in groups for r in g.rows]
    assert sum(len(r.repeated_by) for r in rows) > 0  # the copies folded
    assert sorted(g.counted for g in groups) == ["(unspecified)", "boat", "dollar", "person"]
    expected_with: dict[int, list[int]] = {r.figure_id: [] for r in rows}
    n_conflicts = 0
    for g in groups:
        expected: list[tuple[int, int]] = []
        for i, a in enumerate(g.rows):
            for b in g.rows[i + 1:]:
                reference = _reference_conflicting(a, b)
                assert conflicting(a, b) == reference
                if g.counted != "(unspecified)" and reference:
                    expected.append((a.figure_id, b.figure_id))
                    expected_with[a.figure_id].append(b.figure_id)
                    expected_with[b.figure_id].append(a.figure_id)
        assert g.conflicts == expected
        n_conflicts += len(expected)
    assert n_conflicts > 100  # the data makes conflicts to compare, and pairs that fail each test
    assert {r.figure_id: r.conflicts_with for r in rows} == expected_with
    # pairs across groups too (a unit key, no thing counted), for the public pair test
    for a, b in zip(rows, rows[::-1], strict=True):
        assert conflicting(a, b) == _reference_conflicting(a, b)
    # and the machine output of a second build is the same bytes
    again = json.dumps([g.as_dict() for g in build_ledger(figs, original_of)], sort_keys=True)
    assert again == json.dumps([g.as_dict() for g in groups], sort_keys=True)
