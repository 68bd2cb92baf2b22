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


# Expectations the analyzers do not meet yet, each with the reason.  Strict, so
# a fix shows up as an unexpected pass and the entry must be removed.
KNOWN_GAPS: dict[tuple[str, str, int], str] = {}


def _cases(kind: str) -> list[Any]:
    out = []
    for name in FILES:
        for i, _ in enumerate(EXPECTED[name][kind]):
            marks = []
            reason = KNOWN_GAPS.get((name, kind, i))
            if reason:
                marks.append(pytest.mark.xfail(strict=True, reason=reason))
            out.append(pytest.param(name, i, id=f"{name}-{kind}-{i}", marks=marks))
    return out


@pytest.mark.parametrize("name", FILES)
def test_analysis_runs(name: str) -> None:
    analysis = _analysis(name)
    assert analysis.skipped is None, f"analysis skipped: {analysis.skipped}"
    for a in analysis.attributions:
        text = _article(name).title if a.part == "title" else _article(name).text
        assert text is not None and text[a.content.start : a.content.end] == a.content.text


@pytest.mark.parametrize(("name", "i"), _cases("attributions"))
def test_sample_attribution(name: str, i: int) -> None:
    want = EXPECTED[name]["attributions"][i]
    got = _analysis(name).attributions
    found = any(
        _same_speaker(a.speaker, want["speaker"]) and want["content_contains"] in a.content.text for a in got
    )
    near = [(a.speaker, a.content.text[:60]) for a in got if want["content_contains"] in a.content.text]
    assert found, f"{want['speaker']!r} / {want['content_contains']!r}; attributions holding it: {near}"


@pytest.mark.parametrize(("name", "i"), _cases("figures"))
def test_sample_figure(name: str, i: int) -> None:
    want = EXPECTED[name]["figures"][i]
    got = _analysis(name).figures
    assert any(f.value is not None and f.value == want["value"] for f in got), (
        f"figure {want['value']} ({want['counted_contains']}); found {[f.text for f in got]}"
    )
