"""Dates read with their evidence, and URLs cleaned of tracking."""

from __future__ import annotations

import pytest

from newsledger.extract.dates import country_order, looks_like_date_line, page_order, parse_date, spelling_order
from newsledger.extract.urls import clean_url, host_of


@pytest.mark.parametrize(
    ("raw", "iso", "order", "ambiguous"),
    [
        ("22/10/2024", "2024-10-22", "dmy", False),  # 22 can only be a day
        ("10/22/2024", "2024-10-22", "mdy", False),
        ("05/05/2024", "2024-05-05", "dmy", False),  # both readings agree
        ("03/04/2024", "2024-04-03", "dmy", True),  # nothing decides: kept, flagged
        ("13.01.24", "2024-01-13", "dmy", False),
        ("3.4.2024", "2024-04-03", "dmy", False),  # dotted dates are day first
        ("2024-10-22", "2024-10-22", "ymd", False),
        ("Oct. 22, 2024", "2024-10-22", "named", False),
        ("22 October 2024", "2024-10-22", "named", False),
        ("Tuesday 4th of March 2025", "2025-03-04", "named", False),
    ],
)
def test_parse_date(raw: str, iso: str, order: str, ambiguous: bool) -> None:
    d = parse_date(raw)
    assert d is not None
    assert (d.iso, d.order, d.ambiguous) == (iso, order, ambiguous)


def test_timestamp_is_kept_whole() -> None:
    d = parse_date("2024-10-22T03:15:00+11:00")
    assert d is not None and d.iso == "2024-10-22T03:15:00+11:00"


@pytest.mark.parametrize(("tld", "iso"), [("au", "2024-04-03"), ("co.nz", "2024-04-03"), ("us", "2024-03-04")])
def test_country_decides_ambiguous_dates(tld: str, iso: str) -> None:
    d = parse_date("03/04/2024", tld=tld)
    assert d is not None and d.iso == iso and not d.ambiguous


def test_other_dates_on_the_page_decide() -> None:
    d = parse_date("03/04/2024", page_texts=["Updated 12/20/2024", "Comments closed 11/30/2024"])
    assert d is not None and (d.iso, d.ambiguous) == ("2024-03-04", False)


def test_spelling_leans_but_leaves_the_flag() -> None:
    us = ["The harbor center said the neighborhood's favorite theater was closed."]
    d = parse_date("03/04/2024", page_texts=us)
    assert d is not None and (d.iso, d.ambiguous) == ("2024-03-04", True)
    assert spelling_order(["The harbour centre's programme."]) == "dmy"
    assert spelling_order(["Nothing to tell here."]) is None


def test_country_order_for_generic_and_country_hosts() -> None:
    assert country_order("com") is None and country_order("org") is None
    assert country_order("abc.net.au") == "dmy" and country_order("us") == "mdy"


def test_page_order_ties_are_undecided() -> None:
    assert page_order(["25/12/2024", "12/25/2024"]) is None


@pytest.mark.parametrize("bad", ["31/02/2024", "99/99/2024", "no date here", "in 24 years"])
def test_not_dates(bad: str) -> None:
    assert parse_date(bad) is None


@pytest.mark.parametrize(
    ("line", "yes"),
    [("22/10/2024", True), ("Published 5 March 2023 10:00 AEDT", True), ("Updated: Oct. 22, 2024", True),
     ("In July 2024 Hungary extended its scheme to include more workers.", False), ("3 hours ago", False)],
)
def test_date_lines(line: str, yes: bool) -> None:
    assert looks_like_date_line(line) is yes


@pytest.mark.parametrize(
    ("url", "clean"),
    [
        ("https://www.Example.org/a/b?utm_source=x&utm_medium=y&id=7#top", "https://www.example.org/a/b?id=7"),
        ("https://ex.example/story?fbclid=abc&gclid=def", "https://ex.example/story"),
        ("https://ex.example/p?page=2&ref=twitter", "https://ex.example/p?page=2"),
        ("https://ex.example/x/.", "https://ex.example/x/"),
        ("not a url", "not a url"),
    ],
)
def test_clean_url(url: str, clean: str) -> None:
    assert clean_url(url) == clean


def test_host_of() -> None:
    assert host_of("https://www.abc.net.au/news/x") == "abc.net.au"
    assert host_of(None) is None and host_of("nonsense") is None
