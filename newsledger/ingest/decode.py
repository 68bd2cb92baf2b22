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
    if b"\x00" not in head or head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    if utf16_order(head) is not None:
        return None
    # A few stray NULs (a bad copy, a padded record) do not make text binary;
    # binary formats also carry other control bytes, which text almost never has.
    nuls = head.count(b"\x00")
    controls = sum(1 for b in head if b < 9 or 13 < b < 32 or b == 127) - nuls
    if nuls <= max(8, len(head) // 100) and controls <= len(head) // 200:
        return None
    return "binary"


def utf16_order(head: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when ``head`` (no BOM) reads as UTF-16 text, else None.

    In UTF-16 text the NUL bytes are the high bytes of ASCII characters
    (spaces, digits, line breaks), so nearly all sit on one byte parity; the
    units must also decode strictly (random bytes hit a lone surrogate within
    a few dozen units) and read as printable text.  Text in any script
    qualifies, not only text that is mostly ASCII.
    """
    n = len(head) // 2 * 2
    if n < 8:
        return None
    even, odd = head[0:n:2].count(0), head[1:n:2].count(0)
    if max(even, odd) < 2 or min(even, odd) * 10 > max(even, odd):
        return None
    enc = "utf-16-le" if odd > even else "utf-16-be"
    try:
        sample = head[:n].decode(enc)
    except UnicodeDecodeError:
        try:  # the cut may split a surrogate pair
            sample = head[: n - 2].decode(enc)
        except UnicodeDecodeError:
            return None
    printable = sum(ch.isprintable() or ch in "\t\n\r\f" for ch in sample)
    return enc if printable >= 0.98 * len(sample) else None


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
    if b"\x00" in data[:8192]:
        enc16 = utf16_order(data[:8192])
        if enc16 is not None:
            return data.decode(enc16, errors="replace"), enc16
        # Stray NULs in 8-bit text: the text goes on without them (the raw bytes keep them).
        text, enc = decode(data.replace(b"\x00", b""), declared=declared)
        return text, enc
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
    detected = detect_single_byte(data)
    if detected is not None:
        return data.decode(detected, errors="replace"), detected
    return data.decode("cp1252", errors="replace"), "cp1252"


# charset-normalizer's names of the Western single-byte charsets: what undeclared Western European
# text was written in before UTF-8 (and what HTML5 reads "iso-8859-1" as).
WESTERN = ("cp1252", "latin_1", "iso8859_15")
# How much more "chaos" (charset-normalizer's mess ratio, 0-1) a Western reading may have than the
# best-ranked one and still be preferred to it; negative: never (charset-normalizer's own choice).
# Chosen on half A of scripts/charset_eval.py and confirmed on half B (docs/reliability.md).
WESTERN_MARGIN = 0.1


def detect_single_byte(data: bytes, *, margin: float | None = None) -> str | None:
    """The charset of undeclared, non-UTF-8 ``data``: charset-normalizer's best reading, except that a
    Western one (cp1252, Latin-1, Latin-9) ranked as clean as the best within ``margin`` wins.

    On short inputs charset-normalizer ranks by near-ties an exotic charset first that reads the same
    bytes as other letters: a Latin-1 French dump of 300 characters came back as ISO-8859-14, « » as
    ḋ Ṡ.  Counts over the shared pages, by language and length, are in docs/reliability.md.
    """
    # Imported here, for the rare page that is neither UTF-8 nor declared: the import is ~80 M instructions,
    # a tenth of the command line's start-up (issue #15).
    from charset_normalizer import from_bytes

    matches = from_bytes(data[:1_000_000])
    best = matches.best()
    if best is None or not best.encoding:
        return None
    margin = WESTERN_MARGIN if margin is None else margin
    if margin < 0 or best.encoding in WESTERN:
        return str(best.encoding)
    for m in matches:
        if m.chaos > best.chaos + margin:
            continue
        # a reading that gives the same text under a Western name (could_be_from_charset) counts as one
        for name in WESTERN:
            if m.encoding == name or name in m.could_be_from_charset:
                return name
    return str(best.encoding)


def _mostly_utf8(data: bytes, first_bad: int) -> bool:
    """True when the bytes hold real UTF-8 multi-byte text and only a few errors."""
    multibyte = len(re.findall(rb"[\xc2-\xf4][\x80-\xbf]+", data[:200_000]))
    if multibyte == 0:
        return False
    errors = len(data[:200_000].decode("utf-8", errors="replace").split("\ufffd")) - 1
    return errors <= multibyte
