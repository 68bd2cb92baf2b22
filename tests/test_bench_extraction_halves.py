"""bench/extraction.py scores the snippet set per half from one run's outputs, and labels the sample.

Fictional pages and outputs; no data from ../shared is needed.
"""

from __future__ import annotations

from bench.extraction import SAMPLE, Page, Row, half_rows, score, table


def _page(pid: str, half: str, with_: tuple[str, ...], without: tuple[str, ...] = ()) -> Page:
    return Page(pid, None, "<html></html>", "dump", with_=with_, without=without, half=half)


PAGES = [
    _page("a1", "A", ("Harrow quay reopened",), ("Share this",)),
    _page("a2", "A", ("Venn Studio said",)),
    _page("b1", "B", ("Ilse Varn left",), ("Subscribe now",)),
    _page("b2", "B", ("tolls rose by 4",)),
]
OUTPUTS = {
    "a1": "Harrow quay reopened on Monday. Share this",  # one wanted, one boilerplate
    "a2": "Venn Studio said nothing.",  # the wanted one
    "b1": "Nothing of note.",  # misses its wanted one
    "b2": "Tolls: tolls rose by 4 percent.",  # the wanted one
}


def test_half_rows_score_each_half_from_the_same_outputs() -> None:
    whole = score("newsledger", "snippets", "html", PAGES, OUTPUTS, 1.0)
    assert (whole.precision, whole.recall) == (3 / 4, 3 / 4)
    rows = {r.dataset: r for r in half_rows([whole], PAGES)}
    assert set(rows) == {"snippets A", "snippets B"}
    a, b = rows["snippets A"], rows["snippets B"]
    assert (a.precision, a.recall) == (2 / 3, 1.0)  # 2 wanted found, 1 boilerplate kept
    assert (b.precision, b.recall) == (1.0, 1 / 2)
    assert a.pages_per_s is None and b.outputs is OUTPUTS


def test_news_rows_are_not_split_and_every_newsledger_row_says_its_sample() -> None:
    news = Row("newsledger", "news", "html", 0.99, 0.99, 0.99, 10.0, 0, {})
    assert half_rows([news], PAGES) == []
    whole = score("newsledger", "snippets", "html", PAGES, OUTPUTS, 1.0)
    rows = [news, whole, *half_rows([whole], PAGES)]
    text = table(rows)
    assert SAMPLE[("snippets B", "html")] in text and SAMPLE[("snippets A", "html")] in text
    assert SAMPLE[("news", "html")].startswith("in-sample")
    assert SAMPLE[("snippets B", "html")].startswith("out-of-sample")
