"""The ingest driver: records in, work in worker processes (or inline), one writer committing in batches.

- Records are read in order (files, WARC records, feed entries, JSONL lines),
  each given a sequence number; a record whose content is already stored at
  the current versions is not extracted again (``duplicates``).
- Extraction and analysis run in :class:`BoundedPool` workers (``workers >=
  1``), each record's step killed at the time bound; ``workers = 0`` runs them
  in this process under SIGALRM (what library callers and the tests that
  monkeypatch a stage use).
- The writer takes results back in input order and commits them in batches
  (``commit_every`` records or ``commit_seconds``, whichever comes first).
  Each record is still one logical unit: a failure touches only its own rows.
- With each batch the writer commits, per container file, the ordinal of the
  last record written (table ``progress``).  A run killed at any moment
  resumes after the last committed record of each file: every record exactly
  once.  A file finished before is skipped whole.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from newsledger.ingest.entries import Entry, Member, Skipped
from newsledger.records import Analysis, Article, Document, Failure
from newsledger.scale.work import (
    Current,
    MemberResult,
    MemberTask,
    Outcome,
    Part,
    Task,
    ingest_outcome,
    ingest_work,
    member_outcome,
)

if TYPE_CHECKING:
    from newsledger.pipeline import RunSummary
    from newsledger.store import Store

_HEAD_BYTES = 1 << 20  # a container is recognised by the hash of its first MiB and its size


def fingerprint(path: str) -> tuple[str, int]:
    """(sha256 of the first MiB, size): what says a container file is the one a run saw before."""
    with open(path, "rb") as f:
        head = f.read(_HEAD_BYTES)
    return hashlib.sha256(head).hexdigest(), os.stat(path).st_size


def _database_wide(e: BaseException) -> bool:
    """An error of the database itself (full, locked, I/O, corrupt), not of one record's data."""
    import sqlite3

    return isinstance(e, sqlite3.Error) and not isinstance(e, sqlite3.IntegrityError)


def _key(path: str) -> str:
    """A container's key in ``progress``: its absolute path, undecodable name bytes written \\xNN."""
    from newsledger.store.sqlite import source_columns

    return source_columns(os.path.abspath(path))[0]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class _Slot:
    entry: Entry
    dup: bool = False
    done: bool = False
    outcome: Outcome | None = None
    # Versions of the code that made the outcome, where it was not this process (``load``).
    versions: tuple[str, str | None] | None = None
    # A WARC gzip member a worker read: its records, and whether a member before it ran past it.
    result: MemberResult | None = None
    dropped: bool = False


class Driver:
    def __init__(
        self,
        store: Store,
        summary: RunSummary,
        *,
        analyze: bool,
        analyze_version: str | None,
        timeout: float | None,
        workers: int = 0,
        batch_size: int = 8,
        commit_every: int = 200,
        commit_seconds: float = 1.0,
        progress: Callable[[str], None] | None = None,
        track_progress: bool = True,
    ) -> None:
        self.store = store
        self.track_progress = track_progress
        self.summary = summary
        self.analyze = analyze
        self.analyze_version = analyze_version
        self.timeout = timeout
        self.workers = workers
        self.batch_size = batch_size
        self.commit_every = max(1, commit_every)
        self.commit_seconds = commit_seconds
        self.progress = progress or (lambda source: None)
        self._prints: dict[str, tuple[str, int]] = {}

    # -- resume ----------------------------------------------------------------
    def plan(self, path: str) -> int | None:
        """Records of ``path`` already done by an earlier run: None if the whole file is."""
        key = _key(path)
        try:
            head, size = fingerprint(path)
        except OSError:
            return 0
        self._prints[key] = (head, size)
        row = self.store.db.execute(
            "SELECT head_sha256, size, records, finished FROM progress WHERE container = ?", (key,)
        ).fetchone()
        if row is None or row["head_sha256"] != head:
            return 0
        done = int(row["records"])
        if row["finished"] and int(row["size"]) == size:
            self.summary.resumed += done
            return None
        self.summary.resumed += done
        return done

    def _mark(self, container: str, ordinal: int, finished: bool) -> None:
        key = _key(container)
        head, size = self._prints.get(key) or fingerprint(container)
        self.store.db.execute(
            "INSERT INTO progress (container, head_sha256, size, records, finished, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (container) DO UPDATE SET head_sha256 = excluded.head_sha256,"
            " size = excluded.size, records = max(CASE WHEN progress.head_sha256 = excluded.head_sha256"
            " THEN progress.records ELSE 0 END, excluded.records), finished = excluded.finished,"
            " updated_at = excluded.updated_at",
            (key, head, size, ordinal, int(finished), _now()),
        )

    # -- the run -----------------------------------------------------------------
    def _begin(self) -> None:
        from newsledger import extract as extract_stage

        self._extract_version = extract_stage.EXTRACT_VERSION
        self._slots: dict[int, _Slot] = {}
        self._next_write = 1
        self._buffer: list[_Slot] = []
        self._last_commit = time.monotonic()
        self._last_container: tuple[str, int] | None = None
        self._in_flight: set[str] = set()
        # Per container: the last record's ordinal, and where the last member a worker read ended.
        self._ordinals: dict[str, int] = {}
        self._member_end: dict[str, int] = {}
        path = str(getattr(self.store, "path", ""))
        # Workers that read gzip members ask the store for duplicates themselves (SQLite: a read-only
        # connection each; the writer checks again, so what they cannot see costs an extraction only).
        self._current = (Current(path, self._extract_version, self.analyze_version)
                         if self.store.dialect == "sqlite" and path and path != ":memory:" else None)

    def load(self, works: Iterable[tuple[Entry, Outcome | None, tuple[str, str | None]]]) -> None:
        """Write outcomes made elsewhere (Parquet shards of a distributed run) as if made here."""
        self._begin()
        for seq, (entry, outcome, versions) in enumerate(works, start=1):
            slot, doc = self._take(entry, seq)  # already stored: only where it was seen is recorded
            if doc is not None:
                slot.dup = outcome is None
                slot.outcome, slot.versions, slot.done = outcome, versions, True
            self._write_ready()
        self._flush(final=True)

    def run(self, entries: Iterable[Entry]) -> None:
        self._begin()
        try:
            if self.workers <= 0:
                self._run_inline(entries)
            else:
                self._run_pool(entries)
        except KeyboardInterrupt:
            self._flush()  # keep what is done (in order), each file's progress with it
            raise
        self._flush(final=True)

    def _take(self, entry: Entry, seq: int) -> tuple[_Slot, Document | None]:
        """Register a record; returns the document to work on, or None if nothing is to be done."""
        item = entry.item
        slot = _Slot(entry)
        self._slots[seq] = slot
        if isinstance(item, Member):
            return slot, None  # its records are counted when a worker has read them (``_settle``)
        if not isinstance(item, Skipped):
            self.summary.inputs += 1
            self.progress(item.source)
        if isinstance(item, Document):
            if item.sha256 in self._in_flight or self.store.is_current(
                item.sha256, self._extract_version, self.analyze_version
            ):
                slot.dup = slot.done = True
                return slot, None
            self._in_flight.add(item.sha256)
            return slot, item
        slot.done = True
        return slot, None

    def _run_inline(self, entries: Iterable[Entry]) -> None:
        from newsledger.ingest import finish
        from newsledger.pipeline import analyze_one, extract_one

        for seq, entry in enumerate(entries, start=1):
            slot, doc = self._take(entry, seq)
            if doc is not None:
                done = finish(doc)  # a page read undecoded is decoded here
                if isinstance(done, Failure):
                    slot.outcome, slot.done = (done, None), True
                    self._write_ready()
                    continue
                slot.entry = replace(slot.entry, item=done)
                article = extract_one(done, timeout=self.timeout)
                analysis: Analysis | Failure | None = None
                if self.analyze and isinstance(article, Article):
                    analysis = analyze_one(done, article, timeout=self.timeout)
                slot.outcome, slot.done = (article, analysis), True
            self._write_ready()

    def _preload(self) -> None:
        """Warm the stages here, before the workers are forked: every worker then starts with them (and
        shares the language model this process loaded), and so does a worker started after a kill.

        Measured against each extract-only worker warming itself (session 4): that took a tenth of
        this process's CPU off in a 600-record run, but each worker then spends what this process
        spent once, so a run used more CPU in all and was no faster; this is a one-off either way.
        """
        from newsledger.scale.work import warm_stages

        warm_stages(analyze=self.analyze)

    def _run_pool(self, entries: Iterable[Entry]) -> None:
        from newsledger.scale.pool import BoundedPool
        from newsledger.scale.work import one_blas_thread

        self._preload()
        window = self.workers * self.batch_size * 4
        it: Iterator[Entry] = iter(entries)
        exhausted = False
        seq = 0
        docs: dict[int, Document] = {}
        pending: list[tuple[int, Any]] = []
        with BoundedPool(ingest_work, processes=self.workers, timeout=self.timeout,
                         batch_size=self.batch_size, initializer=one_blas_thread) as pool:
            while True:
                while not exhausted and len(self._slots) < window:
                    entry = next(it, None)
                    if entry is None:
                        exhausted = True
                        break
                    seq += 1
                    _, doc = self._take(entry, seq)
                    if isinstance(entry.item, Member):
                        pending.append((seq, MemberTask(entry.item, self.analyze, self._current)))
                    elif doc is not None:
                        docs[seq] = doc
                        pending.append((seq, Task(doc, self.analyze)))
                    if len(pending) >= self.batch_size:
                        pool.submit(pending)
                        pending = []
                if pending and (exhausted or pool.outstanding < self.workers * self.batch_size):
                    pool.submit(pending)
                    pending = []
                for done in pool.poll(0.05 if pool.outstanding else 0.0):
                    slot = self._slots[done.key]
                    if isinstance(slot.entry.item, Member):
                        slot.result, slot.done = member_outcome(slot.entry.item, done.value), True
                        continue
                    doc = docs.pop(done.key)
                    doc, slot.outcome = ingest_outcome(doc, done.value)
                    slot.entry, slot.done = replace(slot.entry, item=doc), True
                self._write_ready()
                if exhausted and not self._slots and not pending:
                    break

    # -- the writer ----------------------------------------------------------------
    def _write_ready(self) -> None:
        while self._next_write in self._slots and self._slots[self._next_write].done:
            slot = self._slots.pop(self._next_write)
            self._settle(slot)
            self._buffer.append(slot)
            self._next_write += 1
        if len(self._buffer) >= self.commit_every or (
            self._buffer and time.monotonic() - self._last_commit >= self.commit_seconds
        ):
            self._flush()

    def _settle(self, slot: _Slot) -> None:
        """In input order, once: a member's records are counted, and its entry given the ordinal of its
        last record (what resuming counts); a member that the one before it ran past is dropped."""
        e = slot.entry
        if e.container is None:
            return
        if isinstance(e.item, Member):
            m = e.item
            ordinal = self._ordinals.get(e.container, 0)
            if m.offset < self._member_end.get(e.container, -1) or slot.result is None:
                slot.dropped = True
            else:
                self._member_end[e.container] = slot.result.end
                ordinal += len(slot.result.parts)
                for part in slot.result.parts:
                    if not isinstance(part.item, Skipped):
                        self.summary.inputs += 1
                        self.progress(part.item.source)
            slot.entry = replace(e, ordinal=ordinal)
        self._ordinals[e.container] = slot.entry.ordinal

    def _flush(self, *, final: bool = False) -> None:
        batch, self._buffer = self._buffer, []
        if batch or final:
            try:
                with self.store.transaction():
                    for slot in batch:
                        self._write(slot)
                    self._progress(batch, final=final)
            except Exception as e:  # a store error on one record: write the batch one by one
                if _database_wide(e) or (len(batch) <= 1 and not final):
                    raise  # a full disk, a locked or broken database: the whole run stops (exit 3)
                for slot in batch:
                    try:
                        with self.store.transaction():
                            self._write(slot)
                            self._progress([slot], final=False)
                    except Exception as one:
                        if _database_wide(one):
                            raise
                        item = slot.entry.item
                        self._fail(Failure(item.source, "store", "error", f"{type(one).__name__}: {one}"))
                if final:
                    with self.store.transaction():
                        self._progress([], final=True)
        self._last_commit = time.monotonic()

    def _progress(self, batch: list[_Slot], *, final: bool) -> None:
        if not self.track_progress:
            return
        for slot in batch:
            e = slot.entry
            current = (e.container, e.ordinal) if e.container else None
            if self._last_container and (current is None or current[0] != self._last_container[0]):
                self._mark(self._last_container[0], self._last_container[1], finished=True)
            self._last_container = current
        if self._last_container:
            self._mark(self._last_container[0], self._last_container[1], finished=final)
            if final:
                self._last_container = None

    def _fail(self, f: Failure) -> None:
        self.summary.failures[f.reason] += 1
        self.summary.failed_sources.append((f.source, f.stage, f.reason))
        self.store.record_failure(f)

    def _write(self, slot: _Slot) -> None:
        item = slot.entry.item
        if isinstance(item, Member):
            if not slot.dropped and slot.result is not None:
                for part in slot.result.parts:
                    self._write_part(part)
            return
        if isinstance(item, Skipped):
            self.summary.skipped[item.what] += 1
            return
        if isinstance(item, Failure):
            self._fail(item)
            return
        doc = item
        self._in_flight.discard(doc.sha256)
        if slot.dup:
            self.store.add_source(doc)
            self.summary.duplicates += 1
            return
        assert slot.outcome is not None
        self._save(doc, slot.outcome, slot.versions, None)

    def _write_part(self, part: Part) -> None:
        """One record of a member a worker read: its bytes are already packed (``size`` long)."""
        item = part.item
        if isinstance(item, Skipped):
            self.summary.skipped[item.what] += 1
            return
        if isinstance(item, Failure):
            self._fail(item)
            return
        # The worker's check saw only what was committed: a copy earlier in this run is seen here.
        if part.dup or self.store.is_current(item.sha256, self._extract_version, self.analyze_version):
            self.store.add_source(item)
            self.summary.duplicates += 1
            return
        article, analysis, _ = part.value
        self._save(item, (article, analysis), None, part.size)

    def _save(self, doc: Document, outcome: Outcome, versions: tuple[str, str | None] | None,
              size: int | None) -> None:
        article, analysis = outcome
        if isinstance(article, Failure):
            if article.stage != "ingest":  # an ingest refusal (undecodable) keeps its bytes itself
                self.store.add_raw(doc, size=size)  # kept so a newer extractor can retry it
            self._fail(article)
            return
        if isinstance(analysis, Failure):
            self._fail(analysis)
            analysis = None
        elif analysis is not None:
            self.summary.analysed += 1
        extract_version, analyze_version = versions or (self._extract_version, self.analyze_version)
        self.store.save(
            doc, article, analysis,
            extract_version=extract_version,
            analyze_version=analyze_version if analysis is not None else None,
            size=size,
        )
        self.summary.articles += 1
        from newsledger import extract as extract_stage

        if any(extract_stage.is_cut_note(n) for n in article.notes):
            self.summary.cut += 1
