"""The bundled sample corpus (``newsledger/samples``) against its hand-made reading.

``expected.json`` says what a careful human reads in each sample page; these
tests run the extractors (and, separately, the analyzers) on each sample and
compare.  One test per (file, field), so a failure names exactly what is off.
The samples are all fiction.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import resources
from typing import Any

import pytest

from newsledger.extract import extract
from newsledger.records import Analysis, Article, Document

PACKAGE = "newsledger.samples"
MAX_SAMPLE_BYTES = 20_000

# Fields compared for exact equality (plus not_in_body, checked by absence).
EXTRACT_FIELDS = (
    "title",
    "published",
    "published_ambiguous",
    "original_url",
    "canonical_url",
    "captions",
    "paragraph_count",
    "first_paragraph",
    "last_paragraph",
    "not_in_body",
)


def _expected() -> dict[str, dict[str, Any]]:
    raw = resources.files(PACKAGE).joinpath("expected.json").read_text(encoding="utf-8")
    files: dict[str, dict[str, Any]] = json.loads(raw)["files"]
    return files


EXPECTED = _expected()
FILES = sorted(EXPECTED)


def _sample_bytes(name: str) -> bytes:
    return resources.files(PACKAGE).joinpath(name).read_bytes()


def _document(name: str) -> Document:
    data = _sample_bytes(name)
    return Document(
        source=f"{PACKAGE}/{name}",
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        kind="html" if name.endswith(".html") else "text",
        text=data.decode("utf-8"),
    )


@cache
def _article(name: str) -> Article:
    return extract(_document(name))


def _observed(article: Article, field: str) -> Any:
    if field == "published":
        # The reading is a calendar date; a page that gives a full timestamp
        # must still start with that date.
        return article.published.iso[:10] if article.published else None
    if field == "published_ambiguous":
        return article.published.ambiguous if article.published else None
    if field == "captions":
        return [{"text": c.text, "credit": c.credit} for c in article.captions]
    if field == "paragraph_count":
        return len(article.paragraphs)
    if field == "first_paragraph":
        return article.paragraphs[0] if article.paragraphs else None
    if field == "last_paragraph":
        return article.paragraphs[-1] if article.paragraphs else None
    return getattr(article, field)


def test_corpus_matches_expected() -> None:
    shipped = {p.name for p in resources.files(PACKAGE).iterdir() if p.name.endswith((".html", ".txt"))}
    assert shipped == set(EXPECTED)
    assert 7 <= len(shipped) <= 9


@pytest.mark.parametrize("name", FILES)
def test_sample_is_small_and_kind_matches(name: str) -> None:
    assert len(_sample_bytes(name)) < MAX_SAMPLE_BYTES
    assert EXPECTED[name]["kind"] == ("html" if name.endswith(".html") else "text")


@pytest.mark.parametrize(("name", "field"), [(n, f) for n in FILES for f in EXTRACT_FIELDS])
def test_extract(name: str, field: str) -> None:
    article = _article(name)
    want = EXPECTED[name][field]
    if field == "not_in_body":
        body = article.text
        leaked = [s for s in want if s in body]
        assert not leaked, f"boilerplate in body: {leaked}"
        return
    assert _observed(article, field) == want


# --- analysis: attributions and figures (needs spaCy and its model) -----------


@cache
def _analysis(name: str) -> Analysis:
    from newsledger.analyze import analyze

    return analyze(_article(name))


def _same_speaker(got: str | None, want: str) -> bool:
    return got is not None and got.casefold() == want.casefold()


def _check_analysis(name: str) -> None:
    analysis = _analysis(name)
    assert analysis.skipped is None, f"analysis skipped: {analysis.skipped}"
    missing: list[str] = []
    for want in EXPECTED[name]["attributions"]:
        found = any(
            _same_speaker(a.speaker, want["speaker"]) and want["content_contains"] in a.content.text
            for a in analysis.attributions
        )
        if not found:
            near = [
                (a.speaker, a.content.text[:60])
                for a in analysis.attributions
                if want["content_contains"] in a.content.text
            ]
            missing.append(f"attribution {want['speaker']!r} / {want['content_contains']!r}; got {near}")
    for want in EXPECTED[name]["figures"]:
        if not any(f.value is not None and f.value == want["value"] for f in analysis.figures):
            missing.append(f"figure {want['value']} ({want['counted_contains']})")
    assert not missing, "\n".join(missing)


def test_analysis_wirebridge_original() -> None:
    _check_analysis("wirebridge-sallow-river-floods.html")


def test_analysis_tidewater_copy() -> None:
    _check_analysis("tidewater-gazette-sallow-river-copy.html")


def test_analysis_valeriapost_dump() -> None:
    _check_analysis("valeriapost-via-islandsignal.txt")


def test_analysis_lakeshorecourier_dump() -> None:
    _check_analysis("lakeshorecourier-via-riverwire.txt")


def test_analysis_coastlinedaily_repost() -> None:
    _check_analysis("coastlinedaily-wirebridge-repost.txt")


def test_analysis_harbourledger_budget() -> None:
    _check_analysis("harbourledger-council-budget.html")


def test_analysis_southline_sport() -> None:
    _check_analysis("southline-sport-mariners-result.html")


def test_every_sample_has_an_analysis_test() -> None:
    tested = {
        "wirebridge-sallow-river-floods.html",
        "tidewater-gazette-sallow-river-copy.html",
        "valeriapost-via-islandsignal.txt",
        "lakeshorecourier-via-riverwire.txt",
        "coastlinedaily-wirebridge-repost.txt",
        "harbourledger-council-budget.html",
        "southline-sport-mariners-result.html",
    }
    assert tested == set(EXPECTED)
