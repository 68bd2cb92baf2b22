"""WARC and ARC archives -> one Entry per record, with the record's provenance.

FastWARC (resiliparse's reader) parses each record's WARC and HTTP headers;
the framing (where one record ends and the next begins) is done here, because
FastWARC's iterator stops for good at the first bad record (a lying
Content-Length, a truncated gzip member) and everything after it would be
lost.  Here a bad record is a Failure at its byte offset and reading goes on
from the next record that can be found:

- gzip per record (what Common Crawl writes): each gzip member is inflated
  on its own, with a size bound; a corrupt or truncated member is skipped by
  looking for the next gzip header;
- uncompressed: records are framed by their Content-Length, and a record
  whose declared length does not end at a record boundary is reported and
  skipped by looking for the next ``WARC/1.`` header.

A whole-file gzip WARC (one member holding every record) larger than the
bound is read by FastWARC's own iterator, which stops at the first bad record.

Only ``response`` and ``resource`` records with a page content type become
Documents; every other record is a :class:`Skipped` counted by type.
"""

from __future__ import annotations

import io
import mmap
import os
import re
from collections.abc import Callable, Iterator
from typing import Any, Protocol

from newsledger.ingest.entries import Entry, Item, Member, Skipped
from newsledger.ingest.sources import RawInput
from newsledger.records import Failure

_MAGIC_GZ = b"\x1f\x8b\x08"
_WARC_START = b"WARC/1."
_MAX_HEADER = 64 * 1024
_CHUNK = 16 * 1024  # gzip input fed per step: bounds what one step can inflate to (~1000x)
_CLEN_RE = re.compile(rb"^content-length:[ \t]*(\d+)[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)
# Content types that hold a page; everything else (images, PDFs, JSON, CSS) is counted, not read.
PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml"})


class _Buffer(Protocol):
    def __len__(self) -> int: ...
    def __getitem__(self, index: slice) -> bytes: ...
    def find(self, sub: bytes, start: int = ..., end: int = ...) -> int: ...


def _fail(source: str, reason: str, detail: str) -> Failure:
    return Failure(source, "ingest", reason, detail)


def _is_member(buf: _Buffer, pos: int) -> bool:
    """Whether a gzip member header starts at ``pos``: the magic and a flag byte with its reserved bits
    clear (zlib refuses a member without them, so every member it can inflate passes; a header cut by
    the end of the file passes too, to be reported as truncated)."""
    if buf[pos : pos + 3] != _MAGIC_GZ:
        return False
    flags = buf[pos + 3 : pos + 4]
    return not flags or flags[0] & 0xE0 == 0


def _next_member(buf: _Buffer, start: int) -> int:
    """Offset of the first gzip member header at or after ``start``, or -1.

    Inside a member's compressed bytes the same three magic bytes come by chance about once in 16 MB,
    with clear reserved flag bits once in 128 MB; such a false start is where a bad member's reader
    goes on (as any reader that looks for the next header does) and, when ``ingest`` frames members
    for its workers, a start that the member before it turns out to run past (``Member.end``).
    """
    pos = start
    while True:
        at = buf.find(_MAGIC_GZ, pos)
        if at < 0 or _is_member(buf, at):
            return at
        pos = at + 1


def _inflate_member(buf: _Buffer, pos: int, limit: int) -> tuple[bytes | tuple[str, str], int]:
    """The gzip member at ``pos`` inflated (or why it cannot be), and where the bytes after it start."""
    from newsledger.ingest.pack import decompressobj_gzip, inflate_error

    d = decompressobj_gzip()
    parts: list[bytes] = []  # joined once: no growing buffer copied over and over
    inflated = 0
    feed = pos
    while True:
        chunk = buf[feed : feed + _CHUNK]
        if not chunk:
            return ("gzip-truncated", "the gzip member ends before its end marker"), feed
        try:
            piece = d.decompress(chunk)
        except inflate_error() as e:
            return ("gzip-corrupt", str(e)), feed
        parts.append(piece)
        inflated += len(piece)
        feed += len(chunk)
        if d.eof:
            return b"".join(parts), feed - len(d.unused_data)
        if inflated > limit:
            return ("too-large", f"gzip member inflates to more than {limit} bytes"), feed


def _gap(buf: _Buffer, path: str, pos: int, size: int) -> tuple[Failure | None, int]:
    """Bytes at ``pos`` that do not start a member: (a failure unless they are blank, the next member or -1)."""
    nxt = _next_member(buf, pos + 1)
    end = nxt if nxt >= 0 else size
    failure = None
    if buf[pos:end].strip(b"\r\n\x00 "):
        failure = _fail(f"{path}#{pos}", "gzip-corrupt", f"{end - pos} bytes that are not a gzip member")
    return failure, nxt


def _members(mm: _Buffer, path: str, limit: int, release: Callable[[int], None] | None = None
             ) -> Iterator[tuple[int, bytes | Failure]]:
    """Inflate gzip members one at a time: (offset of the member, its bytes or why not)."""
    pos, size = 0, len(mm)
    while 0 <= pos < size:
        if release is not None:
            release(pos)
        if not _is_member(mm, pos):
            failure, nxt = _gap(mm, path, pos, size)
            if failure is not None:
                yield pos, failure
            pos = nxt
            continue
        got, end = _inflate_member(mm, pos, limit)
        if isinstance(got, tuple):
            yield pos, _fail(f"{path}#{pos}", *got)
            pos = _next_member(mm, pos + 1)
            continue
        yield pos, got
        pos = end


def _frame(buf: _Buffer, name: Callable[[int], str], max_bytes: int, release: Callable[[int], None] | None = None
           ) -> Iterator[tuple[int, bytes | Failure]]:
    """Cut ``buf`` into WARC records by their Content-Length: (offset in buf, record bytes or why not)."""
    pos, size = 0, len(buf)
    while pos < size:
        if release is not None:
            release(pos)
        # Records are separated by CRLF CRLF; tolerate any run of blank bytes.
        while pos < size and buf[pos : pos + 1] in (b"\r", b"\n", b" ", b"\t"):
            pos += 1
        if pos >= size:
            return
        if buf[pos : pos + len(_WARC_START)] != _WARC_START:
            nxt = buf.find(b"\n" + _WARC_START, pos)
            end = nxt + 1 if nxt >= 0 else size
            yield pos, _fail(name(pos), "warc-garbage", f"{end - pos} bytes that are not a WARC record")
            pos = end
            continue
        head_end = buf.find(b"\r\n\r\n", pos, pos + _MAX_HEADER)
        if head_end < 0:
            yield pos, _fail(name(pos), "warc-truncated", "the WARC header has no end")
            nxt = buf.find(b"\n" + _WARC_START, pos + 1)
            if nxt < 0:
                return
            pos = nxt + 1
            continue
        m = _CLEN_RE.search(buf[pos:head_end + 2])
        body = head_end + 4
        length = int(m.group(1)) if m else -1
        end = body + length
        trailer = buf[end : end + 4] if length >= 0 else b""
        bad: tuple[str, str] | None = None
        if length < 0:
            bad = ("warc-bad-header", "no Content-Length")
        elif length > max_bytes:
            bad = ("too-large", f"Content-Length {length} > limit {max_bytes}")
        elif end > size:
            bad = ("warc-truncated", f"Content-Length {length} but only {size - body} bytes left")
        elif trailer not in (b"\r\n\r\n",) and not (end == size or buf[end:size].strip() == b""):
            bad = ("warc-bad-length", f"Content-Length {length} does not end at a record boundary")
        if bad is not None:
            if bad[0] == "too-large" and end <= size and buf[end : end + 4] == b"\r\n\r\n":
                yield pos, _fail(name(pos), *bad)
                pos = end + 4
                continue
            yield pos, _fail(name(pos), *bad)
            nxt = buf.find(b"\n" + _WARC_START, body)
            if nxt < 0:
                return
            pos = nxt + 1
            continue
        yield pos, buf[pos : end + 4]
        pos = end + 4


def _header(rec: Any, name: str) -> str | None:
    value = rec.headers.get(name)
    return str(value) if value else None


def _record_item(rec: Any, source: str, path: str, position: str, max_bytes: int, decode_text: bool = True
                 ) -> Item:
    """One parsed FastWARC record -> Document, Failure or Skipped."""
    from fastwarc.warc import WarcRecordType

    rtype = rec.record_type
    name = getattr(rtype, "name", str(rtype))
    if rtype not in (WarcRecordType.response, WarcRecordType.resource):
        return Skipped(source, f"warc:{name}")
    uri = _header(rec, "WARC-Target-URI")
    prov: dict[str, Any] = {
        "container": path, "position": position, "record_id": rec.record_id,
        "fetched_at": _header(rec, "WARC-Date"), "warc_type": name,
    }
    charset: str | None = None
    if rtype == WarcRecordType.response:
        http = rec.http_headers if rec.is_http else None
        if http is None:
            return Skipped(source, "warc:response not-http")
        status = http.status_code
        ctype = (rec.http_content_type or "").lower() or None
        charset = rec.http_charset or None
        prov.update(http_status=status, content_type=ctype, charset=charset,
                    last_modified=http.get("Last-Modified") or None)
        if status is not None and 300 <= status < 400:
            return Skipped(source, "warc:response redirect")
        if status is not None and status >= 400:
            return Failure(source, "ingest", "http-status", f"HTTP {status} {uri or ''}".strip())
    else:
        ctype = (_header(rec, "Content-Type") or "").split(";")[0].strip().lower() or None
        prov["content_type"] = ctype
    if ctype is not None and ctype not in PAGE_TYPES:
        return Skipped(source, f"warc:{name} {ctype}")
    payload = _payload(rec, max_bytes)
    if len(payload) > max_bytes:
        return Failure(source, "ingest", "too-large", f"payload of more than {max_bytes} bytes")
    from newsledger.ingest import to_document

    return to_document(RawInput(source, payload), url=uri, declared=charset, provenance=prov,
                       decode_text=decode_text)


def _payload(rec: Any, max_bytes: int) -> bytes:
    """The record's (decoded) payload, at most ``max_bytes + 1`` bytes.

    Read in steps sized by the record's own length: one ``read(max_bytes + 1)`` makes FastWARC
    allocate the whole bound (64 MiB) for every record, which cost more than the sha256 of the page.
    """
    first = max(int(rec.content_length or 0), 0) + 1  # the block holds the payload unless it was encoded
    parts: list[bytes] = []
    total = 0
    step = min(first, max_bytes + 1)
    while total <= max_bytes:
        chunk = rec.reader.read(min(step, max_bytes + 1 - total))
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
        step = 1 << 20
    return parts[0] if len(parts) == 1 else b"".join(parts)


def _parse_one(data: bytes) -> Any | None:
    from fastwarc.warc import ArchiveIterator

    for rec in ArchiveIterator(io.BytesIO(data), parse_http=True, auto_decode="all"):
        return rec
    return None


def read_warc(path: str, *, max_bytes: int, start_after: int = 0, decode_text: bool = True,
              frame_only: bool = False) -> Iterator[Entry]:
    """Every record of a WARC file (gzip per record, uncompressed, or whole-file gzip).

    ``decode_text=False``: pages come undecoded (``newsledger.ingest.finish`` decodes them), for a
    reader whose pages are decoded by the worker processes that extract them.

    ``frame_only=True``: a gzip-per-record file (its first member holds one record) comes as one
    :class:`Member` per gzip member, found by its header alone, for worker processes to read with
    :func:`read_member`; their ordinals are 0 (the writer counts the records each holds).  A run
    that resumes part-way through a file reads it as without the option.
    """
    if os.stat(path).st_size == 0:
        yield Entry(_fail(path, "empty", "no content"), path, 1)
        return
    with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        gz = mm[:3] == _MAGIC_GZ
        # A member may hold a whole uncompressed WARC: bound it well above one record.
        limit = _limit(max_bytes)
        if gz and frame_only and start_after == 0 and _one_record_each(mm, path, limit, max_bytes):
            yield from _member_entries(mm, path, max_bytes, _releaser(mm))
            return
        blocks: Iterator[tuple[int, bytes | Failure]] | list[tuple[int, Any]]
        release = _releaser(mm)
        blocks = _members(mm, path, limit, release) if gz else [(0, mm)]
        ordinal = 0
        for offset, block in blocks:
            if isinstance(block, Failure):
                if gz and offset == 0 and block.reason == "too-large":
                    yield from _read_streaming(path, max_bytes=max_bytes, start_after=start_after,
                                               decode_text=decode_text)
                    return
                ordinal += 1
                if ordinal > start_after:
                    yield Entry(block, path, ordinal)
                continue
            name = _namer(path, offset, gz)
            for inner, rec_bytes in _frame(block, name, max_bytes, None if gz else release):
                ordinal += 1
                if ordinal <= start_after:
                    continue
                at = offset if gz else inner
                source = name(inner)
                if isinstance(rec_bytes, Failure):
                    yield Entry(rec_bytes, path, ordinal)
                    continue
                item = _item_from_bytes(rec_bytes, source, path, f"offset {at}", max_bytes, decode_text)
                yield Entry(item, path, ordinal)


def _limit(max_bytes: int) -> int:
    return max(max_bytes * 4, 256 * 1024 * 1024)


def _one_record_each(mm: mmap.mmap, path: str, limit: int, max_bytes: int) -> bool:
    """Whether the file's first gzip member inflates and holds one record (gzip per record, as WARC
    writers write): the sign that members can be handed to workers one by one."""
    for _, block in _members(mm, path, limit):
        if isinstance(block, Failure):
            return False
        return sum(1 for _ in _frame(block, lambda pos: path, max_bytes)) == 1
    return False


def _member_entries(mm: mmap.mmap, path: str, max_bytes: int, release: Callable[[int], None]
                    ) -> Iterator[Entry]:
    """One :class:`Member` per gzip member header: a search for bytes, nothing inflated here."""
    size = len(mm)
    pos = 0
    while 0 <= pos < size:
        release(pos)
        nxt = _next_member(mm, pos + 1)
        yield Entry(Member(f"{path}#{pos}", path, pos, nxt if nxt >= 0 else size, max_bytes), path, 0)
        pos = nxt


def read_member(member: Member) -> tuple[list[Item], int]:
    """What a worker makes of a :class:`Member`: its records (pages undecoded), each failure of the member
    or its records, and the offset where the next member starts (the file's size at its end).

    The records and failures are those :func:`read_warc` gives for the same bytes, in the same order: a
    corrupt member is one failure and the next member is looked for from the byte after its start;
    bytes after a member that do not start one are a failure unless blank; a member that runs past
    the header after it (a false header inside its compressed bytes) is read whole, and the offset
    returned is past that header, so the writer drops what a worker made of it.
    """
    with open(member.path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        size = len(mm)
        got, stop = _inflate_member(mm, member.offset, _limit(member.max_bytes))
        if isinstance(got, tuple):
            return [_fail(member.source, *got)], member.offset + 1
        name = _namer(member.path, member.offset, True)
        items: list[Item] = []
        for inner, rec in _frame(got, name, member.max_bytes):
            items.append(rec if isinstance(rec, Failure) else _item_from_bytes(
                rec, name(inner), member.path, f"offset {member.offset}", member.max_bytes, decode_text=False))
        nxt = stop
        if stop < size and not _is_member(mm, stop):
            failure, nxt = _gap(mm, member.path, stop, size)
            if failure is not None:
                items.append(failure)
            if nxt < 0:
                nxt = size
        return items, nxt


_RELEASE_EVERY = 4 << 20


def _releaser(mm: mmap.mmap) -> Callable[[int], None]:
    """Drop the mapped pages already read from this process's memory every 4 MiB.

    The file is mapped, not read; each page of it that was read stays resident in this process
    (counted in its RSS, growing with the file) until unmapped.  The pages stay in the OS's cache;
    only this process's hold on them goes, so peak memory does not grow with the archive.
    """
    done = 0
    advise = getattr(mm, "madvise", None)
    option = getattr(mmap, "MADV_DONTNEED", None)

    def release(pos: int) -> None:
        nonlocal done
        if advise is None or option is None or pos - done < _RELEASE_EVERY:
            return
        upto = pos - pos % mmap.PAGESIZE  # ``done`` is page-aligned too
        advise(option, done, upto - done)
        done = upto

    return release


def _namer(path: str, offset: int, gz: bool) -> Callable[[int], str]:
    """Source of a record: ``path#byte-offset`` (of its gzip member; ``+n`` for a later record inside one)."""
    if not gz:
        return lambda pos: f"{path}#{pos}"
    return lambda inner: f"{path}#{offset}" if inner == 0 else f"{path}#{offset}+{inner}"


def _item_from_bytes(data: bytes, source: str, path: str, position: str, max_bytes: int,
                     decode_text: bool = True) -> Item:
    try:
        rec = _parse_one(data)
    except (OSError, ValueError) as e:
        return _fail(source, "warc-bad-header", str(e))
    if rec is None:
        return _fail(source, "warc-bad-header", "FastWARC found no record")
    try:
        return _record_item(rec, source, path, position, max_bytes, decode_text)
    except (OSError, ValueError) as e:
        return _fail(source, "warc-bad-record", f"{type(e).__name__}: {e}")


def _read_streaming(path: str, *, max_bytes: int, start_after: int, decode_text: bool = True) -> Iterator[Entry]:
    """Whole-file gzip too large to hold: FastWARC's own iterator, stopping at the first bad record."""
    from fastwarc.warc import ArchiveIterator

    ordinal = 0
    with open(path, "rb") as f:
        try:
            for rec in ArchiveIterator(f, parse_http=True, auto_decode="all"):
                ordinal += 1
                if ordinal <= start_after:
                    continue
                source = f"{path}#record={ordinal}"
                try:
                    item = _record_item(rec, source, path, f"record {ordinal}", max_bytes, decode_text)
                except (OSError, ValueError) as e:
                    item = _fail(source, "warc-bad-record", f"{type(e).__name__}: {e}")
                yield Entry(item, path, ordinal)
        except (OSError, ValueError) as e:
            ordinal += 1
            yield Entry(_fail(f"{path}#record={ordinal}", "warc-corrupt",
                              f"{e}; the rest of this whole-file gzip WARC cannot be read"), path, ordinal)


def read_arc(path: str, *, max_bytes: int, start_after: int = 0) -> Iterator[Entry]:
    """ARC (the WARC's predecessor) through warcio, which converts its records; FastWARC reads only WARC."""
    try:
        from warcio.archiveiterator import ArchiveIterator as WarcioIterator
    except ImportError:
        yield Entry(_fail(path, "arc-unsupported", "reading ARC files needs warcio: pip install 'newsledger[scale]'"),
                    path, 1)
        return
    from newsledger.ingest import to_document

    ordinal = 0
    with open(path, "rb") as f:
        it = WarcioIterator(f, arc2warc=True)
        try:
            for rec in it:
                ordinal += 1
                if ordinal <= start_after:
                    continue
                offset = it.get_record_offset()
                source = f"{path}#{offset}"
                if rec.rec_type != "response":
                    yield Entry(Skipped(source, f"arc:{rec.rec_type}"), path, ordinal)
                    continue
                uri = rec.rec_headers.get_header("WARC-Target-URI")
                ctype = (rec.http_headers.get_header("Content-Type") if rec.http_headers else None) or ""
                mime = ctype.split(";")[0].strip().lower()
                if mime and mime not in PAGE_TYPES:
                    yield Entry(Skipped(source, f"arc:response {mime}"), path, ordinal)
                    continue
                payload = rec.content_stream().read(max_bytes + 1)
                prov = {"container": path, "position": f"offset {offset}", "content_type": mime or None,
                        "fetched_at": rec.rec_headers.get_header("WARC-Date")}
                item: Item = (_fail(source, "too-large", f"more than {max_bytes} bytes") if len(payload) > max_bytes
                              else to_document(RawInput(source, payload), url=uri, provenance=prov))
                yield Entry(item, path, ordinal)
        except Exception as e:  # warcio raises many kinds on a damaged ARC
            ordinal += 1
            yield Entry(_fail(f"{path}#record={ordinal}", "arc-corrupt", f"{type(e).__name__}: {e}"), path, ordinal)
