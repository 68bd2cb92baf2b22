"""Regression guards: newsledger's extractors on both dev sets.

Reads ../shared/data/extraction and ../shared/data/extraction-snippets (never
copied into the repo); each test skips with a message where its set is absent.
Each floor is the figure measured with `bench/extraction.py` (2026-12-01) minus
0.01, so a small heuristic tweak may trade a page for a page but a real
regression fails.  Whether the guarded figure is in- or out-of-sample is said
next to it: an in-sample figure is guarded at its own level, not at a
cross-validated one.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from newsledger.extract.html import extract_html
from newsledger.extract.text import extract_text
from newsledger.ingest.decode import decode
from newsledger.metrics import score_corpus, score_snippets

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
NEWS = SHARED / "extraction"
SNIPPETS = SHARED / "extraction-snippets"

# Every figure scores the user-facing text, ``Article.full_text`` (paragraphs with
# their subheadings in place, as both truths count them; extract/11): measured
# 2026-12-01 with bench/extraction.py.  The paragraphs-only figures of earlier
# floors (news 0.978, snippets 0.894, half B 0.895, dumps 0.795) are its
# "paragraphs only" row.
#
# News set, HTML: 0.989 measured; IN-SAMPLE (the rules were written looking at
# these 91 pages).  On the benchmark's unseen half the version of 2026-11-30
# scored 0.932 (issue #15), so this floor says nothing about unseen pages.
MIN_NEWS_HTML_F1 = 0.979
# Snippet set, HTML: 0.916 measured over all 473 pages at extract/17, 0.917
# (0.9170) at extract/18 (0.915 before extract/17; pages decoded by their
# declared charset, as ingest reads them).  The rules of 2026-12-01 were chosen
# on half A of the set (split by site, bench/extraction.py --half) and
# confirmed on half B: half B's 0.906 (0.9057 at extract/17, 0.9063 at
# extract/18) is the out-of-sample figure, guarded on its own (0.906 - 0.01);
# the whole-set figure is partly in-sample (half A, 0.929 at extract/18), so
# its floor was not raised with it.  extract/25 (the class prior, chosen in grouped CV on half A, then half B
# once, 2026-12-02 session 11): half B 0.911 (0.9107), half A 0.932, all 0.920: half B's floor follows its
# out-of-sample figure (0.911 - 0.01); the whole-set floor stays, as before.
MIN_SNIPPET_HTML_F1 = 0.906
MIN_SNIPPET_HTML_F1_HALF_B = 0.901
# Snippet set, text dumps (extract/16: half A's lines labelled densely, trafilatura
# as teacher): the line model is trained on the news dumps and on half A's dumps,
# so the whole-set 0.872 is PARTLY IN-SAMPLE (half A 0.888 in-sample); half B's
# 0.858 is the OUT-OF-SAMPLE figure (sites never trained on), guarded on its own.
# extract/13 (snippet labels only): 0.850 and 0.840; before it (news dumps only): 0.811.
# extract/19 (promo and photo-credit lines leave the run; rules written on half A): whole set
# 0.878 (partly in-sample, floor not raised), half A 0.899 (in-sample), half B 0.859 (out-of-sample,
# 0.859 - 0.01).
# extract/20 (a colon list goes on past the items the run kept; "(C)" and CC BY credits): whole set
# 0.880 (partly in-sample), half A 0.904 (in-sample), half B 0.859 (out-of-sample, unchanged): floors stay.
# extract/21 (a lone promo label and up to three headlines below it leave the run): whole set 0.882
# (partly in-sample), half A 0.906 (in-sample), half B 0.860 (out-of-sample, 0.860 - 0.01).
MIN_SNIPPET_TEXT_F1 = 0.862
# extract/22 (fallbacks where the main method leaves no body; a lede above the run across short lines):
# whole set 0.883 (partly in-sample), half A 0.907 (in-sample), half B 0.861 (out-of-sample, 0.861 - 0.01),
# and no empty dump (2 before).
MIN_SNIPPET_TEXT_F1_HALF_B = 0.851


def _gz(path: Path) -> str:
    # Decoded as ingest decodes a file (declared charset first): some snippet
    # pages are windows-1252, and a plain UTF-8 decode garbles their text.
    return decode(gzip.decompress(path.read_bytes()))[0]


def test_html_extraction_f1_on_news_dev_pages() -> None:
    if not (NEWS / "ground-truth.json").exists():
        pytest.skip(f"benchmark data not found at {NEWS} (needs the read-only ../shared checkout)")
    truth = json.loads((NEWS / "ground-truth.json").read_text(encoding="utf-8"))
    pairs = []
    for pid in sorted(truth):
        html = _gz(NEWS / "html" / f"{pid}.html.gz")
        pairs.append((truth[pid]["articleBody"], extract_html(html, truth[pid].get("url")).full_text))
    score = score_corpus(pairs)
    assert score.pages == 91
    assert score.f1 >= MIN_NEWS_HTML_F1, f"HTML extraction F1 fell to {score.f1:.4f} (floor {MIN_NEWS_HTML_F1})"


def _snippet_items() -> dict[str, dict[str, list[str]]]:
    path = SNIPPETS / "snippets.json"
    if not path.exists():
        pytest.skip(f"snippet set not found at {SNIPPETS} (needs the read-only ../shared checkout)")
    items: dict[str, dict[str, list[str]]] = json.loads(path.read_text(encoding="utf-8"))
    return items


def test_html_extraction_on_snippet_set() -> None:
    from bench.extraction import half_of

    items = _snippet_items()
    rows = []
    half_b = []
    empty = 0
    for name in sorted(items):
        art = extract_html(_gz(SNIPPETS / "html" / f"{name}.html.gz"))
        empty += not art.paragraphs
        assert art.paragraphs or art.notes, f"{name}: empty body without a recorded reason"
        row = (items[name]["with"], items[name]["without"], art.full_text)
        rows.append(row)
        url = items[name].get("url")
        if half_of(*((name, url) if isinstance(url, str) and url.startswith("http") else (str(url), None))) == "B":
            half_b.append(row)
    score = score_snippets(rows)
    assert score.pages == 473
    assert score.f1 >= MIN_SNIPPET_HTML_F1, f"snippet-set HTML F1 fell to {score.f1:.4f} (floor {MIN_SNIPPET_HTML_F1})"
    b = score_snippets(half_b)
    assert b.pages == 255
    assert b.f1 >= MIN_SNIPPET_HTML_F1_HALF_B, f"half B F1 fell to {b.f1:.4f} (floor {MIN_SNIPPET_HTML_F1_HALF_B})"


def test_text_extraction_on_snippet_set() -> None:
    from bench.extraction import half_of

    items = _snippet_items()
    rows = []
    half_b = []
    empty = []
    for name in sorted(items):
        path = SNIPPETS / "text" / f"{name}.txt"
        if not path.exists():  # a few pages lxml could not read have no dump
            continue
        art = extract_text(path.read_text(encoding="utf-8"))
        assert art.paragraphs or art.notes, f"{name}: empty body without a recorded reason"
        if not art.paragraphs:
            empty.append(name)
        row = (items[name]["with"], items[name]["without"], art.full_text)
        rows.append(row)
        url = items[name].get("url")
        if half_of(*((name, url) if isinstance(url, str) and url.startswith("http") else (str(url), None))) == "B":
            half_b.append(row)
    score = score_snippets(rows)
    assert score.pages >= 470
    assert score.f1 >= MIN_SNIPPET_TEXT_F1, f"snippet-set text F1 fell to {score.f1:.4f} (floor {MIN_SNIPPET_TEXT_F1})"
    b = score_snippets(half_b)
    assert b.pages == 254
    assert b.f1 >= MIN_SNIPPET_TEXT_F1_HALF_B, f"half B text F1 fell to {b.f1:.4f} (floor {MIN_SNIPPET_TEXT_F1_HALF_B})"
    # Every page of the set has an article: since extract/22 (text-dump fallbacks) no dump comes back empty.
    assert empty == [], f"{len(empty)} dumps with no body: {empty[:5]}"
