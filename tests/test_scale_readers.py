"""WARC, feed and JSONL readers: every good record read, every bad one a failure with its position."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from warcdata import gz_each, page, pages, record

from newsledger.ingest.containers import read_entries, sniff
from newsledger.ingest.entries import Skipped
from newsledger.ingest.feeds import read_feed
from newsledger.ingest.jsonl import parse_field_maps, read_jsonl
from newsledger.ingest.manifest import ManifestError, read_manifest
from newsledger.ingest.warc import read_warc
from newsledger.records import Document, Failure

LIMIT = 1 << 20

pytest.importorskip("fastwarc", reason="the WARC reader needs FastWARC: pip install 'newsledger[scale]'")


def kinds(entries: list) -> list[str]:  # type: ignore[type-arg]
    out = []
    for e in entries:
        item = e.item
        if isinstance(item, Document):
            out.append("doc")
        elif isinstance(item, Failure):
            out.append(item.reason)
        else:
            out.append(item.what)
    return out


def hostile_records() -> list[bytes]:
    good = pages(0, 4)
    return [
        good[0],
        record("https://kelso-tide.example/lie", b"<p>short</p>", length=20),  # lying (too short) length
        record("https://kelso-tide.example/missing", b"<p>gone</p>", status="404 Not Found"),
        record("https://kelso-tide.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(40), ctype="image/png"),
        record("https://kelso-tide.example/blob", b"\x00\x01\x02\x03" * 64),  # says HTML, is binary
        record("https://kelso-tide.example/", b"GET / HTTP/1.1\r\n\r\n", rtype="request",
               ctype="application/http; msgtype=request"),
        good[1],
    ]


@pytest.mark.parametrize("compress", [False, True])
def test_warc_bad_records_fail_alone(tmp_path: Path, compress: bool) -> None:
    recs = hostile_records()
    data = gz_each(recs) if compress else b"".join(recs)
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    # A record cut mid-way at the end of the file.
    last = pages(7, 8)[0]
    tail = gzip.compress(last) if compress else last
    path.write_bytes(data + tail[: len(tail) // 2])
    entries = list(read_warc(str(path), max_bytes=LIMIT))
    cut = "gzip-truncated" if compress else "warc-truncated"
    assert kinds(entries) == [
        "doc", "warc-bad-length", "http-status", "warc:response image/png", "binary", "warc:request", "doc", cut,
    ]
    assert [e.ordinal for e in entries] == list(range(1, 9))
    # Every failure names its byte offset in the file.
    for e in entries:
        assert e.item.source.startswith(f"{path}#")
    first, after = entries[0].item, entries[6].item
    assert isinstance(first, Document) and isinstance(after, Document)
    assert after.url == "https://kelso-tide.example/story/1"
    prov = dict(first.provenance or {})
    assert prov["record_id"].startswith("<urn:uuid:") and prov["fetched_at"] == "2025-04-01T10:00:00Z"
    assert prov["content_type"] == "text/html" and prov["charset"] == "utf-8" and prov["http_status"] == 200
    assert prov["last_modified"] == "Tue, 01 Apr 2025 10:00:00 GMT"


def test_truncated_gzip_member_in_the_middle_loses_only_its_record(tmp_path: Path) -> None:
    members = [gzip.compress(r) for r in pages(0, 4)]
    members[1] = members[1][: len(members[1]) // 2]
    path = tmp_path / "mid.warc.gz"
    path.write_bytes(b"".join(members))
    entries = list(read_warc(str(path), max_bytes=LIMIT))
    assert kinds(entries) == ["doc", "gzip-corrupt", "doc", "doc"]
    assert [e.item.url for e in entries if isinstance(e.item, Document)] == [
        f"https://kelso-tide.example/story/{i}" for i in (0, 2, 3)
    ]


def test_warc_longer_content_length_than_file_recovers_next_records(tmp_path: Path) -> None:
    recs = pages(0, 3)
    recs.insert(1, record("https://kelso-tide.example/long", b"<p>x</p>", length=50_000))
    path = tmp_path / "long.warc"
    path.write_bytes(b"".join(recs))
    assert kinds(list(read_warc(str(path), max_bytes=LIMIT))) == ["doc", "warc-truncated", "doc", "doc"]


def test_resume_skips_records_already_done(tmp_path: Path) -> None:
    path = tmp_path / "c.warc.gz"
    path.write_bytes(gz_each(pages(0, 5)))
    urls = [e.item.url for e in read_warc(str(path), max_bytes=LIMIT, start_after=3)]
    assert urls == ["https://kelso-tide.example/story/3", "https://kelso-tide.example/story/4"]


def test_kind_comes_from_the_content(tmp_path: Path) -> None:
    (tmp_path / "a.bin").write_bytes(gz_each(pages(0, 1)))
    (tmp_path / "b.txt").write_text('{"url": "https://x.example/1", "text": "Hello"}\n')
    (tmp_path / "c.dat").write_text('<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>')
    (tmp_path / "d.html").write_text("<?xml version='1.0'?><html><body><p>x</p></body></html>")
    assert [sniff(str(tmp_path / n)) for n in ("a.bin", "b.txt", "c.dat", "d.html")] == [
        "warc", "jsonl", "feed", "page"]


def test_file_named_warc_that_is_not_one_is_a_failure(tmp_path: Path) -> None:
    (tmp_path / "x.warc.gz").write_bytes(gzip.compress(b"just some text, not an archive\n" * 10))
    (tmp_path / "y.html").write_bytes(page(1))
    entries = list(read_entries([str(tmp_path)], max_bytes=LIMIT))
    assert kinds(entries) == ["not-warc", "doc"]


def test_jsonl_field_mapping_and_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"link": "https://kelso-tide.example/a", "raw_html": page(1).decode()}),
        "{not json",
        json.dumps({"link": "https://kelso-tide.example/b", "other": "no body here"}),
        json.dumps(["a", "list"]),
        "",
        json.dumps({"link": "https://kelso-tide.example/c", "raw_html": page(2).decode()}),
    ]
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(lines) + "\n")
    fields = parse_field_maps(["html=raw_html", "url=link"])
    entries = list(read_jsonl(str(path), max_bytes=LIMIT, fields=fields))
    assert kinds(entries) == ["doc", "jsonl-not-json", "jsonl-missing-field", "jsonl-not-object", "doc"]
    assert [e.item.source.rsplit("#", 1)[1] for e in entries] == ["line=1", "line=2", "line=3", "line=4", "line=6"]
    doc = entries[-1].item
    assert isinstance(doc, Document) and doc.url == "https://kelso-tide.example/c" and doc.kind == "html"
    with pytest.raises(ValueError):
        parse_field_maps(["body"])


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Kelso Tide</title>
<item><title>Ferry resumes</title><link>https://kelso-tide.example/ferry</link><guid>kt-1</guid>
<author>desk@kelso-tide.example (Desk)</author><pubDate>Tue, 01 Apr 2025 10:00:00 GMT</pubDate>
<description>Short summary.</description>
<content:encoded><![CDATA[<p>Ferry crossings resumed on Friday, the harbour board said.</p>]]></content:encoded></item>
<item><title>Bus shelters</title><link>https://kelso-tide.example/bus</link><guid>kt-2</guid>
<description>&lt;p&gt;The council approved new bus shelters.&lt;/p&gt;</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wirebridge</title><id>urn:wb</id><updated>2025-04-01T10:00:00Z</updated>
<entry><title>Floods on the Sallow</title><id>urn:wb:1</id><link href="https://wirebridge.example/floods"/>
<updated>2025-04-01T10:00:00Z</updated><content type="html">&lt;p&gt;The river rose overnight.&lt;/p&gt;</content>
</entry></feed>"""

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><item><title>&lol3;</title><description>x</description></item></channel></rss>"""

EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><title>&xxe;</title><description>x</description></item></channel></rss>"""


def test_feeds_full_content_or_flagged_summary(tmp_path: Path) -> None:
    (tmp_path / "kt.xml").write_text(RSS)
    (tmp_path / "wb.atom").write_text(ATOM)
    rss = list(read_feed(str(tmp_path / "kt.xml"), max_bytes=LIMIT))
    assert kinds(rss) == ["doc", "doc"]
    full, summary = (e.item for e in rss)
    assert isinstance(full, Document) and isinstance(summary, Document)
    assert "Ferry crossings resumed" in full.text and "Short summary" not in full.text
    assert dict(full.provenance or {})["summary_only"] is False
    assert dict(full.provenance or {})["record_id"] == "kt-1"
    assert dict(summary.provenance or {})["summary_only"] is True and "bus shelters" in summary.text
    assert full.url == "https://kelso-tide.example/ferry"
    atom = list(read_feed(str(tmp_path / "wb.atom"), max_bytes=LIMIT))
    assert kinds(atom) == ["doc"] and atom[0].item.url == "https://wirebridge.example/floods"


@pytest.mark.parametrize(("text", "reason"), [
    (LAUGHS, "xml-forbidden"), (EXTERNAL, "xml-forbidden"), ("<rss><channel><item>", "feed-not-xml"),
    ("this is not xml at all", "feed-not-xml"),
])
def test_hostile_feeds_are_refused(tmp_path: Path, text: str, reason: str) -> None:
    path = tmp_path / "bad.rss"
    path.write_text(text)
    assert kinds(list(read_entries([str(path)], max_bytes=LIMIT))) == [reason]


def test_manifest_tsv_and_jsonl(tmp_path: Path) -> None:
    (tmp_path / "m.tsv").write_text("# pages\na.html\thttps://x.example/a\n"
                                    '{"path": "b.html", "url": "https://x.example/b"}\n\nc.html\n')
    lines = read_manifest(str(tmp_path / "m.tsv"))
    assert [(Path(m.path).name, m.url) for m in lines] == [
        ("a.html", "https://x.example/a"), ("b.html", "https://x.example/b"), ("c.html", None)]
    (tmp_path / "bad.tsv").write_text("{broken\n")
    with pytest.raises(ManifestError, match="line 1"):
        read_manifest(str(tmp_path / "bad.tsv"))


def test_skipped_is_not_a_document() -> None:
    assert not isinstance(Skipped("x", "warc:request"), Document | Failure)


@pytest.mark.parametrize("compress", [True, False])
def test_warc_larger_than_the_release_step_reads_every_record(tmp_path: Path, compress: bool) -> None:
    """The reader drops the mapped pages it has read every few MiB; every record must still be read whole."""
    import base64
    import random

    from newsledger.ingest import warc as warc_module

    rng = random.Random(17)
    # Incompressible filler so the file itself passes the release step several times.
    filler = [base64.b64encode(rng.randbytes(90_000)).decode() for _ in range(3)]
    bodies = [(page(i).decode().replace("</article>", f"<p>{filler[i % 3]}</p></article>")).encode()
              for i in range(120)]
    recs = [record(f"https://kelso-tide.example/big/{i}", b) for i, b in enumerate(bodies)]
    path = tmp_path / ("big.warc.gz" if compress else "big.warc")
    path.write_bytes(gz_each(recs) if compress else b"".join(recs))
    assert path.stat().st_size > 2 * warc_module._RELEASE_EVERY
    items = [e.item for e in read_warc(str(path), max_bytes=1 << 24)]
    assert [isinstance(d, Document) and d.data == b for d, b in zip(items, bodies, strict=True)] == [True] * 120
    assert [e.ordinal for e in read_warc(str(path), max_bytes=1 << 24, start_after=117)] == [118, 119, 120]
