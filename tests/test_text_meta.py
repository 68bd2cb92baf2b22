"""Metadata from text dumps (issue #16): title, publisher, wire credit, dates, the body's edges.

All text here is fiction (invented outlets, people and places).
"""

from __future__ import annotations

from newsledger.extract.text import extract_text
from newsledger.extract.text_meta import (
    choose_title,
    mend_body,
    not_a_headline,
    publisher_of,
    registered_domain,
    wire_credit,
)

BODY = [
    "The Sallow River rose by two metres overnight and the council closed the lower bridge, officials said.",
    "\"We have never seen it this high in October,\" said Mira Tandel, who runs the ferry.",
    "Crews worked through the night to lift sandbags onto the quay near the old harbour wall.",
]


def _page(*head: str, tail: tuple[str, ...] = ()) -> str:
    menu = ["Home", "World", "Sport", "Subscribe"]
    return "\n".join([*menu, *head, *BODY, *tail]) + "\n"


def test_registered_domain_uses_the_public_suffix_list() -> None:
    assert registered_domain("https://news.kestrelbay.com.au/story/x") == "kestrelbay.com.au"
    assert registered_domain("https://www.harbourledger.co.nz/a") == "harbourledger.co.nz"
    assert registered_domain(None) is None
    assert registered_domain("not a url") is None


def test_publisher_from_url_else_copyright_line() -> None:
    assert publisher_of("https://www.marlowtimes.co.uk/n.html", []) == "marlowtimes.co.uk"
    assert publisher_of(None, ["Share", "© 2024 Marlow Times. All rights reserved."]) == "Marlow Times"
    assert publisher_of(None, ["Share"]) is None


def test_wire_credits() -> None:
    assert wire_credit([], "SEOUL, Testland (AP) — The ferry sank.", None, []) == "AP"
    assert wire_credit([], "PARIS (AFP) - The ferry sank.", None, []) == "AFP"
    assert wire_credit([], "(dpa-AFX) The ferry sank.", None, []) == "dpa-AFX"
    assert wire_credit([], "ORVIK (MENAFN- Orvik Wire) The ferry sank.", None, []) == "Orvik Wire"
    assert wire_credit([], "The ferry sank.", "Nobody was hurt. – AFP", []) == "AFP"
    assert wire_credit(["By Jo Pell, The Associated Press"], "The ferry sank.", None, []) == "AP"
    assert wire_credit([], "The ferry sank.", "Nobody was hurt.", ["Reuters"]) == "Reuters"
    # a parenthesis that is not an agency, and a name that only contains one
    assert wire_credit([], "The mayor (APx) said so.", "Apple fell.", []) is None


def test_headline_decoys_are_refused() -> None:
    for line in ("Castellan 14°C Partly cloudy", "Mira Tandel at the quay cropped square",
                 "WATCH: The river at dawn (2:14)", "\"We have never seen it this high,\"",
                 "The river rose by two metres overnight.", "Photo by Jo Pell/Getty Images",
                 "Follow Mira Tandel on Twitter", "Updated Nov 19, 9:41 am", "Share this on WhatsApp"):
        assert not_a_headline(line), line
    assert not not_a_headline("Sallow River closes the lower bridge")


def test_title_among_decoys_and_kept_out_of_the_body() -> None:
    text = _page("Harbour Ledger", "Castellan 14°C Partly cloudy", "\"We have never seen it this high in October,\"",
                 "Sallow River floods close the lower bridge", "Mira Tandel at the quay cropped square",
                 "date 2024-10-18")
    art = extract_text(text, "https://www.harbourledger.co.nz/world/sallow-river-floods-close-bridge")
    assert art.title == "Sallow River floods close the lower bridge"
    assert art.published is not None and art.published.iso == "2024-10-18"
    assert art.publisher == "harbourledger.co.nz"
    assert art.paragraphs[0] == BODY[0]
    assert art.title not in art.paragraphs


def test_title_without_url_is_the_nearest_headline_above_the_body() -> None:
    lines = ["Menu", "Sallow River floods close the lower bridge", "WATCH: The river at dawn", *BODY]
    assert choose_title(lines, 3, lambda s: True, None) == 1


def test_dates_in_the_shapes_of_scraped_pages() -> None:
    for line, iso in (("Posted: 2024-10-19T18:33:15Z", "2024-10-19"), ("18th Oct, 2024", "2024-10-18"),
                      ("Thursday, October 17, 2024 10:19:56 PM", "2024-10-17")):
        art = extract_text(_page("Sallow River floods close the lower bridge", line))
        assert art.published is not None and art.published.iso[:10] == iso, line


def test_single_long_paragraph_is_the_article() -> None:
    para = " ".join(BODY * 6)  # ~100 words, sentences run together, no other prose on the page
    text = "\n".join(["Menu", "Search", "Latest", "Local", "World", "Log in",
                      "Sallow River floods close the lower bridge", "Posted: 2024-10-19T18:33:15Z", para,
                      "FEATURED STORIES", "Council approves new ferry timetable", "Five things to do this weekend",
                      "I accept the Terms & Conditions and Privacy Policy of this site.", "Share this article"])
    art = extract_text(text)
    assert art.paragraphs == [para]
    assert "all boilerplate" not in " ".join(art.notes)


def test_mend_body_bridges_an_ad_slot_and_cuts_a_link_list() -> None:
    lines = [*BODY[:2], "Article continues after this advertisement", BODY[2], "FEATURED STORIES", "Ferry news"]
    keep = [False, False, False, True, True, True]
    probs = [0.3, 0.3, 0.05, 0.9, 0.4, 0.3]
    assert mend_body(lines, keep, len(lines), probs) == [True, True, False, True, False, False]
    # a line the model gives no chance does not join
    assert mend_body(lines, keep, len(lines), [0.01, 0.01, 0.05, 0.9, 0.4, 0.3])[:2] == [False, False]


def test_slug_finds_a_headline_above_a_long_menu() -> None:
    menu = [f"Section {i}" for i in range(20)]
    lines = ["Sallow River floods close the lower bridge", *menu, "Mira Tandel", *BODY]
    url = "https://www.harbourledger.co.nz/sallow-river-floods-close-lower-bridge"
    assert choose_title(lines, 22, lambda s: True, url) == 0
    # without the slug, a headline that far above the body is not taken
    assert choose_title(lines, 22, lambda s: True, None) != 0


# -- a lede above the run, across short lines (extract/22) -----------------------------------------

LEDE = "The harbour board has voted to rebuild the northern breakwater, ending a dispute of three winters."
PARA = "Board chair Ana Reti said the new wall would be built from local basalt from the Marram Point quarry."


def test_a_likely_lede_joins_the_run_across_a_byline_and_a_date() -> None:
    from newsledger.extract.text_meta import join_lede

    lines = ["Home", LEDE, "By Mere Tawa", "3 May 2025", PARA, PARA + " Work starts in spring."]
    keep = [False, False, False, False, True, True]
    out = join_lede(lines, keep, [0.1, 0.7, 0.2, 0.1, 0.9, 0.9])
    assert out == [False, True, False, False, True, True]  # the byline and the date stay out


def test_an_unlikely_or_far_lede_stays_out() -> None:
    from newsledger.extract.text_meta import LEDE_FLOOR, LEDE_GAP_LINES, join_lede

    keep = [False, False, True]
    assert join_lede([LEDE, "Share", PARA], keep, [LEDE_FLOOR - 0.1, 0.1, 0.9]) == keep
    far = [LEDE, *["Share"] * (LEDE_GAP_LINES + 1), PARA]
    assert join_lede(far, [False] * (len(far) - 1) + [True], [0.9] * len(far))[0] is False
    # A long line that is not prose (no sentence end) stops the walk up.
    teaser = "Twelve things to know about the harbour board and the breakwater vote this week in Kelso"
    assert join_lede([LEDE, teaser, PARA], keep, [0.9, 0.1, 0.9]) == keep
