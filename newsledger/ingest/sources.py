"""Where inputs come from: files, folders, gzip files and stdin.

Everything here yields either bytes with their source, or a Failure saying
why a source could not be read.  Nothing raises for one bad input: a batch of
ten thousand pages must not stop at the first unreadable file.
"""

from __future__ import annotations

import fnmatch
import gzip
import hashlib
import os
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from newsledger.records import Failure

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
# A gzip input is inflated up to the same absolute bound as any input
# (``max_bytes``).  Past GZIP_RATIO_FROM bytes of output it must also inflate
# less than MAX_GZIP_RATIO times, so a bomb is stopped early; below that size
# any ratio is accepted (a real page of repeated markup can compress 330x).
# Deflate's own ceiling is about 1032x, so only crafted input comes near 500x.
GZIP_RATIO_FROM = 8 * 1024 * 1024
MAX_GZIP_RATIO = 500
# Bytes read at a time while inflating.
_GZIP_STEP = 1 << 20


@dataclass(frozen=True, slots=True)
class RawInput:
    source: str
    data: bytes


def _matches(path: Path, root: Path, patterns: Iterable[str]) -> bool:
    rel = path.relative_to(root).as_posix() if path != root else path.name
    return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(path.name, p) for p in patterns)


def discover(
    paths: Iterable[str],
    *,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
) -> Iterator[str | Failure]:
    """Expand paths into files (sorted, recursive); "-" stands for stdin."""
    include, exclude = list(include), list(exclude)
    for p in paths:
        if p == "-":
            yield "-"
            continue
        path = Path(p)
        if path.is_dir():
            yield from _walk(path, include, exclude)
        elif path.exists():
            yield str(path)
        else:
            yield Failure(source=p, stage="ingest", reason="not-found", detail="no such file or folder")


def _folder_id(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _walk(root: Path, include: list[str], exclude: list[str]) -> Iterator[str | Failure]:
    errors: list[OSError] = []
    found: list[Path] = []
    # Symlinked folders are followed, as symlinked files are read (a linked subfolder was skipped
    # without a word, session 11); each folder is walked once, by its device and inode, so a link
    # back up the tree (a loop) or a second link to one folder ends there.
    seen = {_folder_id(str(root))}
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append, followlinks=True):
        kept = []
        for d in sorted(d for d in dirnames if not d.startswith(".")):
            ident = _folder_id(os.path.join(dirpath, d))
            if ident is not None and ident not in seen:
                seen.add(ident)
                kept.append(d)
        dirnames[:] = kept
        for name in filenames:
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            if include and not _matches(path, root, include):
                continue
            if exclude and _matches(path, root, exclude):
                continue
            found.append(path)
    for err in errors:
        yield Failure(
            source=str(err.filename or root), stage="ingest", reason="unreadable-folder",
            detail=err.strerror or str(err),
        )
    for path in sorted(found):
        yield str(path)


def _read_bounded(stream: BinaryIO, limit: int) -> bytes | None:
    """Read at most ``limit`` bytes; None if there is more."""
    data = stream.read(limit + 1)
    return None if len(data) > limit else data


def gunzip(data: bytes, limit: int) -> bytes:
    """Inflate a gzip payload within the size and ratio bounds (raises ValueError with the reason).

    Concatenated members are inflated in turn, as gzip(1) does; zero padding
    or other trailing bytes after the last member (tape blocks, a download
    with junk appended) are ignored, as gzip(1) does with a warning.
    """
    d = zlib.decompressobj(wbits=31)
    out = bytearray()
    chunk = data
    while chunk:
        out += d.decompress(chunk, min(_GZIP_STEP, limit + 1 - len(out)))
        if len(out) > limit:
            raise ValueError("too-large")
        if len(out) > GZIP_RATIO_FROM and len(out) > MAX_GZIP_RATIO * len(data):
            raise ValueError("gzip-bomb")
        chunk = d.unconsumed_tail
        if d.eof:
            rest = d.unused_data
            if rest[:2] != b"\x1f\x8b":
                break  # padding or trailing bytes after the last member
            chunk, d = rest, zlib.decompressobj(wbits=31)
    if not d.eof:
        raise ValueError("gzip-truncated")
    return bytes(out)


def _file_type(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "FIFO"), (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"),
                       (stat.S_ISBLK, "block device"), (stat.S_ISDIR, "folder")):
        if test(mode):
            return name
    return "special file"


def _read_regular(source: str, max_bytes: int) -> bytes | Failure | None:
    """The bytes of a regular file, or why not; None if it holds more than ``max_bytes``.

    Only regular files are read: a FIFO, socket or device would block or
    never end.  The type is checked before opening (stat) and again on the
    open descriptor (opened non-blocking, so a FIFO swapped in between the
    two cannot block), which leaves no window for a swap.
    """
    st = os.stat(source)
    if not stat.S_ISREG(st.st_mode):
        return Failure(source, "ingest", "not-a-file", f"a {_file_type(st.st_mode)} where a file was expected")
    if st.st_size > max_bytes:
        return Failure(source, "ingest", "too-large", f"{st.st_size} bytes > limit {max_bytes}")
    fd = os.open(source, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return Failure(source, "ingest", "not-a-file", f"a {_file_type(st.st_mode)} where a file was expected")
        return _read_bounded(f, max_bytes)


def read_source(source: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> RawInput | Failure:
    """Read one source's bytes (gunzipped if gzip), never raising.

    A source refused after its bytes were read carries them in
    ``Failure.data`` (with their sha256), so the store can keep them.
    """
    try:
        if source == "-":
            data = _read_bounded(sys.stdin.buffer, max_bytes)
        else:
            got = _read_regular(source, max_bytes)
            if isinstance(got, Failure):
                return got
            data = got
    except FileNotFoundError:
        if os.path.islink(source):  # never there: "vanished" sent one looking for a race (session 11)
            try:
                target = os.readlink(source).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            except OSError:
                target = "a path"
            return Failure(source, "ingest", "not-found", f"a symbolic link to {target}, which does not exist")
        return Failure(source, "ingest", "vanished", "the file disappeared before it could be read")
    except PermissionError as e:
        return Failure(source, "ingest", "permission-denied", e.strerror or str(e))
    except IsADirectoryError:
        return Failure(source, "ingest", "not-a-file", "a folder where a file was expected")
    except OSError as e:
        return Failure(source, "ingest", "read-error", e.strerror or str(e))
    if data is None:
        return Failure(source, "ingest", "too-large", f"more than {max_bytes} bytes")
    if data[:2] == b"\x1f\x8b":
        try:
            data = gunzip(data, max_bytes)
        except ValueError as e:
            reason = str(e)
            detail = {
                "too-large": f"inflates to more than {max_bytes} bytes",
                "gzip-bomb": f"inflates more than {MAX_GZIP_RATIO}x past {GZIP_RATIO_FROM} bytes",
                "gzip-truncated": "the gzip stream ends before its last member is complete",
            }.get(reason, reason)
            return _refused(source, reason, detail, data)
        except (zlib.error, EOFError, gzip.BadGzipFile) as e:
            return _refused(source, "gzip-corrupt", str(e), data)
    return RawInput(source, data)


def _refused(source: str, reason: str, detail: str, data: bytes) -> Failure:
    return Failure(source, "ingest", reason, detail, hashlib.sha256(data).hexdigest(), data=data)
