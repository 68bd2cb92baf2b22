"""WARC gzip members read by the workers: the same records, failures, ordinals and rows as reading them here."""

from __future__ import annotations

import gzip
import os
from pathlib import Path
from typing import Any

import pytest
from warcdata import gz_each, page, pages, record

from newsledger.ingest.entries import Entry, Item, Member
from newsledger.ingest.warc import read_member, read_warc
from newsledger.pipeline import Pipeline
from newsledger.records import Document, Failure
from newsledger.store import Store

pytest.importorskip("fastwarc", reason="the WARC reader needs FastWARC: pip install 'newsledger[scale]'")
LIMIT = 1 << 20
# A gzip member header inside a member's compressed bytes: a stored (level 0) member keeps its
# payload as it is, so this page puts a false header where the framing will find it.
FALSE_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"


def expand(entries: list[Entry]) -> list[tuple[Item, int]]:
    """What ingest's writer makes of framed members: each worker's records, in order, with their ordinals."""
    out: list[tuple[Item, int]] = []
    end, ordinal = -1, 0
    for e in entries:
        if not isinstance(e.item, Member):
            ordinal = e.ordinal
            out.append((e.item, ordinal))
            continue
        if e.item.offset < end:
            continue  # the member before ran past this false header
        items, end = read_member(e.item)
        for item in items:
            ordinal += 1
            out.append((item, ordinal))
    return out


def same_records(path: Path) -> list[tuple[Item, int]]:
    whole = [(e.item, e.ordinal) for e in read_warc(str(path), max_bytes=LIMIT, decode_text=False)]
    framed = list(read_warc(str(path), max_bytes=LIMIT, decode_text=False, frame_only=True))
    assert framed and all(isinstance(e.item, Member) for e in framed)
    members = expand(framed)
    assert len(members) == len(whole)
    for (a, i), (b, j) in zip(whole, members, strict=True):
        assert i == j and type(a) is type(b) and a.source == b.source
        if isinstance(a, Document):
            assert isinstance(b, Document) and (a.sha256, a.data, a.url, a.provenance) == (
                b.sha256, b.data, b.url, b.provenance)
        if isinstance(a, Failure):
            assert isinstance(b, Failure) and (a.reason, a.detail) == (b.reason, b.detail)
    return whole


def _reasons(records: list[tuple[Item, int]]) -> list[str]:
    return [r.reason if isinstance(r, Failure) else type(r).__name__ for r, _ in records]


@pytest.mark.parametrize("inflater", ["isal", "zlib"])
def test_members_read_apart_give_the_same_records_as_the_reader(tmp_path: Path, inflater: str,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    if inflater == "zlib":  # without isal (it is in the ``scale`` extra) the standard library inflates
        import zlib

        from newsledger.ingest import pack

        monkeypatch.setattr(pack, "_inflater_module", lambda: zlib)
    good = pages(0, 6)
    cut = gzip.compress(good[2])
    stored = gzip.compress(record("https://kelso-tide.example/stored",
                                  page(40).replace(b"</article>", FALSE_HEADER + b"</article>")), compresslevel=0)
    parts = [
        gzip.compress(good[0]),
        gzip.compress(record("https://kelso-tide.example/lie", b"<p>short</p>", length=20)),  # lying length
        cut[: len(cut) // 2],  # a truncated member in the middle
        gzip.compress(good[3]),
        b"\r\n",  # blank bytes between members: nothing
        b"garbage that is not a member",  # bytes that are not a member: one failure
        stored,  # holds a false member header: read whole, the false one dropped
        gzip.compress(record("https://kelso-tide.example/gone", b"<p>x</p>", status="404 Not Found")),
        gzip.compress(good[4] + good[5]),  # two records in one member
        gzip.compress(good[1])[:-30],  # cut at the end of the file
    ]
    path = tmp_path / "hostile.warc.gz"
    path.write_bytes(b"".join(parts))
    assert path.read_bytes().count(FALSE_HEADER[:4]) == 8 + 1  # eight members and the false header
    got = same_records(path)
    assert _reasons(got) == ["Document", "warc-bad-length", "gzip-corrupt", "Document", "gzip-corrupt", "Document",
                             "http-status", "Document", "Document", "gzip-truncated"]
    assert [o for _, o in got] == list(range(1, 11))


def test_a_whole_file_gzip_is_read_here_not_framed(tmp_path: Path) -> None:
    path = tmp_path / "whole.warc.gz"
    path.write_bytes(gzip.compress(b"".join(pages(0, 3))))
    entries = list(read_warc(str(path), max_bytes=LIMIT, decode_text=False, frame_only=True))
    assert [isinstance(e.item, Document) for e in entries] == [True] * 3
    # Resuming part-way reads the file here too, counting records as before.
    resumed = list(read_warc(str(path), max_bytes=LIMIT, decode_text=False, frame_only=True, start_after=2))
    assert [e.ordinal for e in resumed] == [3]


def _rows(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    with Store(db) as store:
        return {
            "inputs": sorted(tuple(r) for r in store.db.execute("SELECT source, sha256, url, position FROM inputs")),
            "raw": sorted(tuple(r) for r in store.db.execute("SELECT sha256, size, kind, encoding FROM raw_inputs")),
            "articles": sorted(tuple(r) for r in store.db.execute("SELECT sha256, title, text FROM articles")),
            "failures": sorted(tuple(r) for r in store.db.execute("SELECT source, stage, reason FROM failures")),
            "progress": [tuple(r) for r in store.db.execute("SELECT records, finished FROM progress")],
        }


def test_ingest_with_workers_reading_members_stores_the_same_rows(tmp_path: Path) -> None:
    recs = [*pages(0, 5), record("https://kelso-tide.example/copy", page(2)),  # the same page again
            record("https://kelso-tide.example/logo.png", b"\x89PNG\r\n\x1a\n", ctype="image/png"),
            record("https://kelso-tide.example/blob", b"\x00\x01\x02\x03" * 64)]  # says HTML, is binary
    stored = gzip.compress(record("https://kelso-tide.example/stored",
                                  page(41).replace(b"</article>", FALSE_HEADER + b"</article>")), compresslevel=0)
    warc = tmp_path / "c.warc.gz"
    warc.write_bytes(gz_each(recs) + stored + b"not a member" + gz_each(pages(5, 7)))
    summaries = []
    for workers in (0, 2):
        with Store(tmp_path / f"w{workers}.db") as store:
            s = Pipeline(store, analyze=False, workers=workers, read_in_workers=True).ingest([str(warc)])
            summaries.append((s.inputs, s.articles, s.duplicates, dict(s.failures), dict(s.skipped)))
    assert summaries[0] == summaries[1] == (
        11, 8, 1, {"binary": 1, "gzip-corrupt": 1}, {"warc:response image/png": 1})
    inline, pooled = _rows(tmp_path / "w0.db"), _rows(tmp_path / "w2.db")
    assert inline == pooled and pooled["progress"] == [(12, 1)]
    # The second run finds every record done: nothing read again.
    with Store(tmp_path / "w2.db") as store:
        again = Pipeline(store, analyze=False, workers=2, read_in_workers=True).ingest([str(warc)])
    assert (again.inputs, again.resumed) == (0, 12)


def test_a_worker_that_dies_on_a_member_costs_that_record_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                                 ) -> None:
    """Workers are forked after this patch: extracting the marked page kills the worker's process."""
    from newsledger import extract as extract_stage

    real = extract_stage.extract

    def deadly(doc: Document) -> Any:
        if b"deadly" in doc.data:
            os._exit(9)
        return real(doc)

    monkeypatch.setattr(extract_stage, "extract", deadly)
    recs = [*pages(0, 3), record("https://kelso-tide.example/deadly", page(9).replace(b"Ferry", b"deadly")),
            *pages(3, 6)]
    warc = tmp_path / "d.warc.gz"
    warc.write_bytes(gz_each(recs))
    with Store(tmp_path / "n.db") as store:
        s = Pipeline(store, analyze=False, workers=2, read_in_workers=True).ingest([str(warc)])
        failures = store.failures()
        progress = [tuple(r) for r in store.db.execute("SELECT records, finished FROM progress")]
    assert (s.articles, dict(s.failures)) == (6, {"crash": 1})
    offset = len(gz_each(recs[:3]))
    assert failures[0]["source"] == f"{warc}#{offset}" and failures[0]["stage"] == "extract"
    assert progress == [(7, 1)]


def test_a_worker_skips_bytes_the_store_holds_without_extracting_them(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The same records in another file: each worker asks the store, finds them, and extracts nothing."""
    from newsledger import extract as extract_stage

    warc = tmp_path / "a.warc.gz"
    warc.write_bytes(gz_each(pages(0, 6)))
    with Store(tmp_path / "n.db") as store:
        first = Pipeline(store, analyze=False, workers=2, read_in_workers=True).ingest([str(warc)])
        assert first.articles == 6

        real = extract_stage.extract

        def deadly(doc: Document) -> Any:
            if b"Port Kelso" in doc.data:
                os._exit(9)  # extracting any of these pages now would be a crash failure
            return real(doc)  # the workers' warm-up page

        monkeypatch.setattr(extract_stage, "extract", deadly)
        copy = tmp_path / "b.warc.gz"
        copy.write_bytes(warc.read_bytes())
        again = Pipeline(store, analyze=False, workers=2, read_in_workers=True).ingest([str(copy)])
        assert (again.inputs, again.duplicates, again.articles, dict(again.failures)) == (6, 6, 0, {})
        assert store.count("inputs") == 12 and store.count("articles") == 6


def test_workers_read_members_only_when_they_take_every_core(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a core to spare the main process reads beside the workers (faster); else the workers read."""
    from newsledger.scale import pool

    monkeypatch.setattr(pool, "default_workers", lambda: 4)
    with Store(tmp_path / "n.db") as store:
        assert Pipeline(store, analyze=False, workers=4)._read_in_workers()
        assert not Pipeline(store, analyze=False, workers=2)._read_in_workers()
        assert Pipeline(store, analyze=False, workers=2, read_in_workers=True)._read_in_workers()
        assert not Pipeline(store, analyze=False, workers=4, read_in_workers=False)._read_in_workers()
