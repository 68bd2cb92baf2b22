"""Ingest: every bad input becomes one Failure with a clear reason; good bytes decode."""

from __future__ import annotations

import gzip
import hashlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from newsledger.ingest import read_inputs, read_source, to_document
from newsledger.ingest.decode import binary_kind, decode, sniff_kind
from newsledger.ingest.sources import RawInput, discover
from newsledger.records import Document, Failure

PAGE = "<!doctype html><html><head><title>Tide report</title></head><body><p>Calm seas.</p></body></html>"


def one(path: Path, **kw: object) -> Document | Failure:
    items = list(read_inputs([str(path)], **kw))  # type: ignore[arg-type]
    assert len(items) == 1
    return items[0]


def reason(item: Document | Failure) -> str:
    assert isinstance(item, Failure), f"expected a failure, got a document from {item.source}"
    return item.reason


def test_empty_file(tmp_path: Path) -> None:
    p = tmp_path / "empty.html"
    p.write_bytes(b"")
    assert reason(one(p)) == "empty"
    p.write_bytes(b"   \n\t\n")
    assert reason(one(p)) == "empty"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "pdf"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
        (b"PK\x03\x04\x14\x00\x00\x00", "zip"),
        (bytes(range(256)) * 4, "binary"),
    ],
)
def test_binary_files_are_refused_with_their_format(tmp_path: Path, data: bytes, kind: str) -> None:
    p = tmp_path / "looks-like.html"
    p.write_bytes(data)
    item = one(p)
    assert reason(item) == "binary"
    assert isinstance(item, Failure) and kind in item.detail


def test_kind_is_sniffed_from_content_not_extension(tmp_path: Path) -> None:
    html_in_txt = tmp_path / "page.txt"
    html_in_txt.write_text(PAGE)
    text_in_html = tmp_path / "dump.html"
    text_in_html.write_text("A headline\n\nA paragraph about the harbour and the 3 < 4 rule.\n")
    a, b = one(html_in_txt), one(text_in_html)
    assert isinstance(a, Document) and a.kind == "html"
    assert isinstance(b, Document) and b.kind == "text"


def test_invalid_utf8_never_crashes_and_keeps_the_bytes(tmp_path: Path) -> None:
    raw = "Café owner Léa said the tide was high.".encode() + b" \xff\xfe\x80 " + "Ngā mihi.".encode()
    p = tmp_path / "mixed.txt"
    p.write_bytes(raw)
    doc = one(p)
    assert isinstance(doc, Document)
    assert doc.data == raw  # raw input is kept as is
    assert "Café owner Léa" in doc.text and "Ngā mihi" in doc.text
    assert doc.encoding == "utf-8+cp1252"


def test_declared_charset_is_honoured() -> None:
    html = '<html><head><meta charset="windows-1252"></head><body><p>Prix: 5 € — déjà vu</p></body></html>'
    text, enc = decode(html.encode("cp1252"))
    assert enc == "cp1252"
    assert "5 € — déjà vu" in text


def test_latin1_without_declaration_is_detected() -> None:
    body = ("Le maire de Port-Aubin a déclaré que les dégâts étaient considérables. " * 20).encode("latin-1")
    text, enc = decode(body)
    assert "déclaré" in text and "dégâts" in text
    assert enc != "utf-8"


@pytest.mark.parametrize("enc", ["utf-16", "utf-8-sig", "utf-32"])
def test_byte_order_marks(enc: str) -> None:
    text, used = decode("Wellington — ĀĒĪ — 東京".encode(enc))
    assert text.lstrip("\ufeff") == "Wellington — ĀĒĪ — 東京"
    assert used.startswith(enc.split("-sig")[0][:6])


def test_utf16_with_bom_is_not_mistaken_for_binary() -> None:
    data = "A quiet week in Harbourtown.".encode("utf-16")
    assert binary_kind(data) is None


def test_gzip_input_is_inflated(tmp_path: Path) -> None:
    p = tmp_path / "page.html.gz"
    p.write_bytes(gzip.compress(PAGE.encode()))
    doc = one(p)
    assert isinstance(doc, Document) and doc.kind == "html" and "Calm seas" in doc.text


def test_corrupt_and_truncated_gzip(tmp_path: Path) -> None:
    good = gzip.compress(PAGE.encode() * 50)
    truncated = tmp_path / "cut.gz"
    truncated.write_bytes(good[: len(good) // 2])
    corrupt = tmp_path / "bad.gz"
    corrupt.write_bytes(good[:10] + b"\x00garbage\xff" * 20)
    assert reason(one(truncated)) == "gzip-truncated"
    assert reason(one(corrupt)) == "gzip-corrupt"


def test_gzip_bomb_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "bomb.gz"
    p.write_bytes(gzip.compress(b"\x20" * (40 * 1024 * 1024)))
    assert reason(one(p)) == "gzip-bomb"


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    p = tmp_path / "huge.html"
    with open(p, "wb") as f:  # sparse: 200 MB on paper, nothing on disk
        f.truncate(200 * 1024 * 1024)
    item = one(p)
    assert reason(item) == "too-large"
    small = tmp_path / "small.html"
    small.write_text(PAGE)
    assert reason(one(small, max_bytes=10)) == "too-large"


def test_file_that_vanishes_mid_run(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("First story about the ferry.")
    b.write_text("Second story about the ferry.")
    sources = [s for s in discover([str(tmp_path)]) if isinstance(s, str)]
    b.unlink()
    results = [read_source(s) for s in sources]
    assert isinstance(results[0], RawInput)
    assert isinstance(results[1], Failure) and results[1].reason == "vanished"


def test_missing_path() -> None:
    items = list(read_inputs(["/no/such/place/page.html"]))
    assert [reason(i) for i in items] == ["not-found"]


def test_folder_recursion_with_globs(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.html").write_text(PAGE)
    (tmp_path / "a" / "b" / "two.html").write_text(PAGE.replace("Calm", "Rough"))
    (tmp_path / "a" / "b" / "notes.md").write_text("# notes")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.html").write_text(PAGE)
    found = [s for s in discover([str(tmp_path)], include=["*.html"]) if isinstance(s, str)]
    assert sorted(Path(s).name for s in found) == ["one.html", "two.html"]
    excluded = [s for s in discover([str(tmp_path)], exclude=["*/b/*"]) if isinstance(s, str)]
    assert [Path(s).name for s in excluded] == ["one.html"]


def test_stdin(tmp_path: Path) -> None:
    code = (
        "from newsledger.ingest import read_inputs\n"
        "d = list(read_inputs(['-']))[0]\n"
        "print(d.kind, d.source, d.text.strip())\n"
    )
    res = subprocess.run([sys.executable, "-c", code], input=b"A harbour story from stdin.", capture_output=True,
                         check=True)
    assert res.stdout.decode().strip() == "text - A harbour story from stdin."


def test_folder_without_permission_is_recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "inside.html").write_text(PAGE)
    (tmp_path / "open.html").write_text(PAGE)
    locked.chmod(0)
    if os.geteuid() == 0:
        # Root ignores permission bits; make the OS answer as it would for anyone else.
        real_scandir = os.scandir

        def scandir(path: Any) -> Any:
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return real_scandir(path)

        monkeypatch.setattr(os, "scandir", scandir)
    try:
        items = list(read_inputs([str(tmp_path)]))
    finally:
        locked.chmod(0o755)
    got = sorted((type(i).__name__, getattr(i, "reason", "-"), Path(i.source).name) for i in items)
    assert got == [("Document", "-", "open.html"), ("Failure", "unreadable-folder", "locked")]


def test_to_document_hashes_raw_bytes() -> None:
    doc = to_document(RawInput("x", b"Storm closes the port road."))
    assert isinstance(doc, Document)
    assert doc.sha256 == hashlib.sha256(b"Storm closes the port road.").hexdigest()
    assert sniff_kind(b"Storm closes the port road.") == "text"
