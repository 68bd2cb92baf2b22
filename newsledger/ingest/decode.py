"""Bytes -> text, and what kind of text it is.

Order of evidence for the encoding: a byte-order mark, a charset the page
declares (HTTP-equiv or <meta charset>), strict UTF-8, then detection with
charset-normalizer.  Pages that are mostly UTF-8 with a few stray Windows-1252
bytes (common after copy-paste between systems) are decoded as UTF-8 with the
stray bytes read as cp1252 instead of being replaced or rejected.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from newsledger.records import InputKind

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Magic numbers of formats people drop into a folder of pages by mistake.
_MAGIC = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"RIFF", "riff"),
    (b"PK\x03\x04", "zip"),
    (b"\x7fELF", "elf"),
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
    (b"SQLite format 3\x00", "sqlite"),
    (b"\xd0\xcf\x11\xe0", "ole"),
)

_META_CHARSET_RE = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]{2,40})""", re.IGNORECASE
)
_HTML_SIGNS_RE = re.compile(
    rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<title>|<div[\s>]|<p[\s>]|<article[\s>]|<br\s*/?>",
    re.IGNORECASE,
)


def _cp1252_fallback(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeDecodeError):
        raise err
    bad = err.object[err.start : err.end]
    return bad.decode("cp1252", errors="replace"), err.end


codecs.register_error("newsledger-cp1252", _cp1252_fallback)


def binary_kind(data: bytes) -> str | None:
    """Name of a binary format ``data`` is, or None if it may be text."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    head = data[:8192]
    # UTF-16 without a BOM has NULs in every other byte; other text never has many.
    has_nul = b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if has_nul and (head.count(b"\x00") * 4 < len(head) or not _looks_utf16(head)):
        return "binary"
    return None


def _looks_utf16(head: bytes) -> bool:
    try:
        sample = head[: len(head) // 2 * 2].decode("utf-16-le" if head[1:2] == b"\x00" else "utf-16-be")
    except UnicodeDecodeError:
        return False
    printable = sum(ch.isprintable() or ch.isspace() for ch in sample)
    return printable > 0.95 * max(1, len(sample))


def sniff_kind(data: bytes) -> InputKind:
    """HTML or plain text, decided by the content, not the file name."""
    head = data[:4096].lstrip()
    if head[:1] == b"<" and _HTML_SIGNS_RE.search(head):
        return "html"
    return "html" if len(_HTML_SIGNS_RE.findall(data[:16384])) >= 3 else "text"


def _declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET_RE.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode(data: bytes, *, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data``; returns (text, encoding used).  Never raises on bytes."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" in data[:4096] and _looks_utf16(data[:4096]):
        enc = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
        return data.decode(enc, errors="replace"), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        first_bad = err.start
    charset = declared or _declared_charset(data)
    if charset and charset not in ("utf-8", "utf_8"):
        try:
            return data.decode(charset), charset
        except (UnicodeDecodeError, LookupError):
            pass
    if _mostly_utf8(data, first_bad):
        return data.decode("utf-8", errors="newsledger-cp1252"), "utf-8+cp1252"
    best = from_bytes(data[:1_000_000]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, errors="replace"), best.encoding
    return data.decode("cp1252", errors="replace"), "cp1252"


def _mostly_utf8(data: bytes, first_bad: int) -> bool:
    """True when the bytes hold real UTF-8 multi-byte text and only a few errors."""
    multibyte = len(re.findall(rb"[\xc2-\xf4][\x80-\xbf]+", data[:200_000]))
    if multibyte == 0:
        return False
    errors = len(data[:200_000].decode("utf-8", errors="replace").split("\ufffd")) - 1
    return errors <= multibyte
