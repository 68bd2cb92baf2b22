"""Where inputs come from: files, folders, gzip files and stdin.

Everything here yields either bytes with their source, or a Failure saying
why a source could not be read.  Nothing raises for one bad input: a batch of
ten thousand pages must not stop at the first unreadable file.
"""

from __future__ import annotations

import fnmatch
import gzip
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from newsledger.records import Failure

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
# A gzip page that inflates more than this many times is treated as a bomb.
MAX_GZIP_RATIO = 200


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


def _walk(root: Path, include: list[str], exclude: list[str]) -> Iterator[str | Failure]:
    errors: list[OSError] = []
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
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


def _gunzip(data: bytes, limit: int) -> bytes:
    """Inflate a gzip payload with size and ratio bounds (raises ValueError)."""
    bound = min(limit, max(len(data) * MAX_GZIP_RATIO, 1 << 20))
    d = zlib.decompressobj(wbits=31)
    out = bytearray()
    chunk = data
    while chunk:
        out += d.decompress(chunk, bound + 1 - len(out))
        if len(out) > bound:
            raise ValueError("too-large" if bound == limit else "gzip-bomb")
        chunk = d.unconsumed_tail
        if d.eof and d.unused_data:
            # Concatenated gzip members are legal; inflate the next one.
            chunk, d = d.unused_data, zlib.decompressobj(wbits=31)
    if not d.eof:
        raise ValueError("gzip-truncated")
    return bytes(out)


def read_source(source: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> RawInput | Failure:
    """Read one source's bytes (gunzipped if gzip), never raising."""
    try:
        if source == "-":
            data = _read_bounded(sys.stdin.buffer, max_bytes)
        else:
            size = os.stat(source).st_size
            if size > max_bytes:
                return Failure(source, "ingest", "too-large", f"{size} bytes > limit {max_bytes}")
            with open(source, "rb") as f:
                data = _read_bounded(f, max_bytes)
    except FileNotFoundError:
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
            data = _gunzip(data, max_bytes)
        except ValueError as e:
            reason = str(e)
            return Failure(source, "ingest", reason, "gzip stream could not be inflated within bounds")
        except (zlib.error, EOFError, gzip.BadGzipFile) as e:
            return Failure(source, "ingest", "gzip-corrupt", str(e))
    return RawInput(source, data)
