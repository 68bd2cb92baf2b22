"""Copies, originals and stories on fictional articles (tests/link_corpus.py), without a database."""

from __future__ import annotations

import random
from typing import Any

import pytest

pytest.importorskip("datasketch", reason="linking needs the link extra (datasketch)")

from link_corpus import COPY_KEYS, FIRE_STORY_KEYS, WIRE, corpus

from newsledger.link.copies import (
    CopyLinker,
    LinkArticle,
    _credits,
    build_groups,
    decide_original,
    norm_url,
)
from newsledger.link.stories import StoryInput, cluster


def _articles(docs: list[dict[str, Any]]) -> dict[int, LinkArticle]:
    return {
        i: LinkArticle(id=i, sha256=d["sha256"], paragraphs=d["paragraphs"], title=d["title"],
                       publisher=d["publisher"], original_publisher=d["original_publisher"], byline=d["byline"],
                       published=d["published"], url=d["url"], canonical_url=d["url"], original_url=d["original_url"])
        for i, d in enumerate(docs, start=1)
    }


def _link(arts: dict[int, LinkArticle], order: list[int] | None = None, batches: int = 1) -> CopyLinker:
    linker = CopyLinker()
    ids = order or sorted(arts)
    size = max(1, len(ids) // batches)

    def text_of(aid: int) -> tuple[list[str], str | None]:
        return arts[aid].paragraphs, arts[aid].publisher

    for start in range(0, len(ids), size):
        linker.update(((i, arts[i].paragraphs, arts[i].publisher) for i in ids[start:start + size]), text_of=text_of)
    return linker


def _keyed_groups(docs: list[dict[str, Any]], linker: CopyLinker, arts: dict[int, LinkArticle]) -> list[Any]:
    key = {i: d["key"] for i, d in enumerate(docs, start=1)}
    return sorted(
        (key[g.original], sorted(key[m] for m in g.members), g.evidence) for g in build_groups(linker, arts)
    )


def test_wire_story_and_its_five_copies_form_one_group_with_the_wire_as_original() -> None:
    docs = corpus()
    arts = _articles(docs)
    groups = _keyed_groups(docs, _link(arts), arts)
    assert groups == [("wire", sorted(COPY_KEYS), "link: original-story link of article 3")]


def test_independent_reports_unrelated_story_boilerplate_and_short_pages_are_not_copies() -> None:
    docs = corpus()
    arts = _articles(docs)
    linker = _link(arts)
    grouped = {m for g in build_groups(linker, arts) for m in g.members}
    key = {i: d["key"] for i, d in enumerate(docs, start=1)}
    for name in ("mercury", "herald", "council", "hb1", "hb2", "hb-chrome", "tiny", "tiny2", "empty"):
        i = next(i for i, k in key.items() if k == name)
        assert i not in grouped, name
    # the short and empty bodies were never signed, so they can match nothing
    for name in ("tiny", "tiny2", "empty", "hb-chrome"):
        i = next(i for i, k in key.items() if k == name)
        assert linker.signed[i].sig is None, name


def test_site_sidebar_becomes_boilerplate_and_is_left_out_of_the_shingles() -> None:
    docs = corpus()
    arts = _articles(docs)
    linker = _link(arts)
    hb = next(i for i, d in enumerate(docs, start=1) if d["key"] == "harbourbell")
    wire = next(i for i, d in enumerate(docs, start=1) if d["key"] == "wire")
    # with the sidebar gone the copy is the wire text exactly
    assert linker.signed[hb].size == linker.signed[wire].size
    assert linker.pairs[hb][wire] == 1.0


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_groups_do_not_depend_on_ingest_order(seed: int) -> None:
    docs = corpus()
    arts = _articles(docs)
    reference = _keyed_groups(docs, _link(arts), arts)
    order = sorted(arts)
    random.Random(seed).shuffle(order)
    for batches in (1, 3, len(order)):
        linker = _link(arts, order, batches=batches)
        assert _keyed_groups(docs, linker, arts) == reference
        assert {a: dict(sorted(p.items())) for a, p in linker.pairs.items()} == {
            a: dict(sorted(p.items())) for a, p in _link(arts).pairs.items()
        }


def test_original_by_credit_when_no_link() -> None:
    docs = [d for d in corpus() if d["key"] in ("wire", "harbourbell", "pinecrest")]
    arts = _articles(docs)
    orig, evidence = decide_original(list(arts.values()))
    assert arts[orig].publisher == "Calder Wire"
    assert evidence == "credit: calder wire"


def test_original_by_earliest_date_and_deterministic_ties() -> None:
    base = dict(paragraphs=WIRE, title="t", publisher=None, original_publisher=None, byline=None, url=None,
                canonical_url=None, original_url=None)
    later = LinkArticle(id=1, sha256="b" * 64, published="2026-05-14", **base)  # type: ignore[arg-type]
    earlier = LinkArticle(id=2, sha256="c" * 64, published="2026-05-12", **base)  # type: ignore[arg-type]
    undated = LinkArticle(id=3, sha256="0" * 64, published=None, **base)  # type: ignore[arg-type]
    assert decide_original([later, earlier, undated]) == (2, "earliest date 2026-05-12")
    same_day = LinkArticle(id=4, sha256="a" * 64, published="2026-05-12", **base)  # type: ignore[arg-type]
    for members in ([earlier, same_day, later], [later, same_day, earlier], [same_day, earlier]):
        assert decide_original(members) == (4, "earliest date 2026-05-12 (tied with 1 other(s): smallest content hash)")
    assert decide_original([undated, LinkArticle(id=5, sha256="f" * 64, published=None, **base)]) == (  # type: ignore[arg-type]
        3, "no date on any copy: smallest content hash")


def test_identical_bodies_with_different_dates_group_and_the_earliest_wins() -> None:
    base = dict(paragraphs=WIRE, title="t", publisher=None, original_publisher=None, byline=None, url=None,
                canonical_url=None, original_url=None)
    arts = {
        1: LinkArticle(id=1, sha256="1" * 64, published="2026-05-13", **base),  # type: ignore[arg-type]
        2: LinkArticle(id=2, sha256="2" * 64, published="2026-05-11", **base),  # type: ignore[arg-type]
        3: LinkArticle(id=3, sha256="3" * 64, published="2026-05-12", **base),  # type: ignore[arg-type]
    }
    runs = {tuple((g.original, tuple(g.members), g.evidence) for g in build_groups(_link(arts, order), arts))
            for order in ([1, 2, 3], [3, 2, 1], [2, 3, 1])}
    assert runs == {((2, (2, 1, 3), "earliest date 2026-05-11"),)}


def test_wire_dateline_is_a_credit() -> None:
    a = LinkArticle(id=1, sha256="x", paragraphs=["KESTREL BAY (AP) — A fictional sentence follows here."])
    assert "associated press" in _credits(a)
    b = LinkArticle(id=2, sha256="y", paragraphs=["Plain text."], byline="By Tor Halden, Reuters")
    assert "reuters" in _credits(b)


def test_norm_url_drops_scheme_www_query_and_slash() -> None:
    assert norm_url("https://www.Example.org/a/b/?utm_source=x#frag") == "example.org/a/b"
    assert norm_url(None) is None


def test_stories_join_the_independent_reports_and_keep_the_unrelated_story_apart() -> None:
    docs = corpus()
    arts = _articles(docs)
    linker = _link(arts)
    original_of = {m: g.original for g in build_groups(linker, arts) for m in g.members}
    key = {i: d["key"] for i, d in enumerate(docs, start=1)}
    items = [StoryInput(i, d["sha256"], d["title"], "\n\n".join(d["paragraphs"]), d["published"])
             for i, d in enumerate(docs, start=1) if original_of.get(i, i) == i]
    stories = cluster(items)
    by_key = [sorted(key[m] for m in s.members) for s in stories]
    # the copies are folded into the wire; the two one-line briefs are about the fire too
    fire_units = sorted([*(k for k in FIRE_STORY_KEYS if k not in COPY_KEYS), "wire", "tiny", "tiny2"])
    assert fire_units in by_key
    assert ["council"] in by_key
    fire = next(s for s in stories if sorted(key[m] for m in s.members) == fire_units)
    assert fire.label == "Fire at Fenholt Chemicals plant forces hundreds from homes in Merrowick"
    # every unit is in exactly one story
    assert sorted(m for s in stories for m in s.members) == sorted(it.id for it in items)
