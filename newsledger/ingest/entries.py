"""What the container readers (WARC, feeds, JSONL) yield, one item per record.

A container is one file holding many records.  Each record becomes an
:class:`Entry`: its ordinal in the container (1-based, used to resume a run
exactly where it stopped), and a Document, a Failure (with the record's
position in the file in its source), or a :class:`Skipped` record that is
not a page (a WARC request, an image response) and is only counted.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsledger.records import Document, Failure


@dataclass(frozen=True, slots=True)
class Skipped:
    """A record that is not a page: counted by ``what`` in the run summary, not stored."""

    source: str
    what: str  # e.g. "warc:request", "warc:response image/jpeg"


Item = Document | Failure | Skipped


@dataclass(frozen=True, slots=True)
class Member:
    """A gzip member of a WARC file, framed but not read: a worker process reads it (``ingest`` with
    workers), so the one process that frames the file neither inflates, parses nor hashes it.

    ``end`` is where the next member header was found (or the file's size): where the member should
    end.  The worker says where it did (a member may run past a false header inside its compressed
    bytes, see ``newsledger.ingest.warc``).
    """

    source: str  # FILE#OFFSET, as the record it holds is named
    path: str
    offset: int
    end: int
    max_bytes: int


@dataclass(frozen=True, slots=True)
class Entry:
    item: Item | Member
    container: str | None = None  # the file this record came from, when it holds many
    ordinal: int = 0  # 1-based position of the record in its container (0: not in one)


def ok_status(status: int | None) -> bool:
    return status is None or 200 <= status < 300
