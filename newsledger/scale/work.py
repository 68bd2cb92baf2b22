"""What a worker process does with a batch of Documents: extract each, then analyse them together.

Extraction is one step per document (its own time bound); the analysis of a
batch is one ``nlp.pipe`` pass over every article of the batch (spaCy's
batching), bounded as one step: if it runs out of time the pool retries those
articles one by one.  spaCy is loaded once per worker, on first use, by
``load_nlp``'s cache.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any, Literal, Protocol

from newsledger.ingest.entries import Item, Member
from newsledger.records import Analysis, Article, Document, Failure
from newsledger.scale.pool import BoundedPool, Done, Emitter, Lost


@dataclass(frozen=True, slots=True)
class Task:
    doc: Document
    analyze: bool
    pack: bool = True  # give back the bytes packed for the store (``Made.packed``)


# What the worker gives back for a key: (article or extract failure, analysis or analyze failure or None).
Outcome = tuple[Article | Failure, Analysis | Failure | None]


@dataclass(frozen=True, slots=True)
class Made:
    """What a worker learned about a document's bytes besides its article: how they were decoded
    (a WARC page comes to the worker undecoded) and the bytes packed as the store keeps them, so
    the one writer neither decodes nor compresses."""

    encoding: str
    packed: bytes | None


@dataclass(frozen=True, slots=True)
class Current:
    """How a worker asks whether bytes are stored already at these versions (SQLite store only): the
    duplicate check of a record the worker reads itself, before its extraction."""

    db: str
    extract_version: str
    analyze_version: str | None


@dataclass(frozen=True, slots=True)
class MemberTask:
    """A WARC gzip member for a worker to read (inflate, parse, hash), then extract what it holds."""

    member: Member
    analyze: bool
    current: Current | None = None


@dataclass(slots=True)
class Part:
    """One record of a member, as the worker gives it back: a Document without its bytes or text (the
    worker packed the bytes; ``size`` is their length), a Failure or a Skipped; ``dup`` when the store
    holds the bytes at these versions already; ``value`` is ``ingest_work``'s per-document result."""

    item: Item
    size: int = 0
    dup: bool = False
    value: Any = None


@dataclass(slots=True)
class MemberResult:
    """Every record of a member, and the offset where the next member starts (``read_member``)."""

    end: int
    parts: list[Part]


# One read-only connection per worker process and database, opened on first use (a forked worker must
# not use its parent's connection); a module-level cache because the work function is called per batch.
_READERS: dict[str, sqlite3.Connection | None] = {}


def _is_current(check: Current, sha: str) -> bool:
    """Whether the store holds ``sha`` at the check's versions; False where it cannot tell (the writer
    checks again before it writes, so a wrong False costs an extraction, never a row)."""
    if check.db not in _READERS:
        try:
            from pathlib import Path

            uri = Path(check.db).resolve().as_uri() + "?mode=ro"
            reader = sqlite3.connect(uri, uri=True, timeout=0.5, check_same_thread=False)
            reader.row_factory = sqlite3.Row  # as the store's own connection: rows read by column name
            _READERS[check.db] = reader
        except (sqlite3.Error, ValueError, OSError):
            _READERS[check.db] = None
    con = _READERS[check.db]
    if con is None:
        return False
    from newsledger.store.sqlite import is_current_in

    try:
        return is_current_in(con, sha, check.extract_version, check.analyze_version)
    except sqlite3.Error:
        return False


def one_blas_thread() -> None:
    """Worker initializer: the matrix library (numpy's OpenBLAS, which does spaCy's products here) runs
    one thread per worker process.

    By default OpenBLAS starts a thread per core in every process: one analysing worker then kept a
    second core about a quarter busy, and two workers on two cores fought over four threads (two
    workers were no faster than one, docs/scale.md).  Workers are the parallelism; ``--workers N``
    means N cores.  Without threadpoolctl (the ``nlp`` extra) the library keeps its own setting.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    threadpool_limits(limits=1, user_api="blas")


def ingest_work(items: list[tuple[int, Any]], single: bool, emit: Emitter) -> None:
    """Per key: (article | failure, analysis | failure | None, Made); the partial is (article, Made).

    A :class:`MemberTask` key is read here first (``read_member``) and gives a :class:`MemberResult`,
    each of its documents extracted (and analysed) as a Task's; its partial is the MemberResult so far.
    """
    from newsledger.ingest import finish
    from newsledger.ingest.pack import pack
    from newsledger.ingest.warc import read_member
    from newsledger.pipeline import analyze_one, extract_one

    # (key, the member's part or None, document, article, made): the articles to analyse together.
    todo: list[tuple[int, Part | None, Document, Article, Made]] = []
    members: dict[int, MemberResult] = {}
    for key, task in items:
        if isinstance(task, MemberTask):
            # One bound for reading the member and extracting its first page; a later page (a member
            # that holds several records) gets its own.
            emit.begin([key], "extract")
            got, end = read_member(task.member)
            result = MemberResult(end, [])
            first = True
            for item in got:
                if not isinstance(item, Document):
                    result.parts.append(Part(item))
                    continue
                part = Part(replace(item, data=b""), len(item.data))
                result.parts.append(part)
                if task.current is not None and _is_current(task.current, item.sha256):
                    part.dup = True
                    continue
                if not first:
                    emit.begin([key], "extract")
                first = False
                doc = finish(item)
                if isinstance(doc, Failure):
                    part.value = (doc, None, Made("", None))
                    continue
                article = extract_one(doc, timeout=None)
                made = Made(doc.encoding, pack(doc.data))
                part.item = replace(doc, data=b"", text="", packed=made.packed)
                part.value = (article, None, made)
                if task.analyze and isinstance(article, Article):
                    todo.append((key, part, doc, article, made))
            if any(k == key for k, *_ in todo):
                members[key] = result
                emit.partial(key, result)
            else:
                emit.done(key, result)
            continue
        emit.begin([key], "extract")
        doc = finish(task.doc)  # decoding is the record's work too, under its bound
        if isinstance(doc, Failure):
            emit.done(key, (doc, None, Made("", None)))
            continue
        article = extract_one(doc, timeout=None)  # the pool bounds the time
        made = Made(doc.encoding, pack(doc.data) if task.pack else None)
        if isinstance(article, Failure) or not task.analyze:
            emit.done(key, (article, None, made))
            continue
        emit.partial(key, (article, made))
        todo.append((key, None, doc, article, made))
    if not todo:
        return

    waiting: dict[int, int] = {}  # a member's key -> its articles not analysed yet
    for key, held, *_ in todo:
        if held is not None:
            waiting[key] = waiting.get(key, 0) + 1

    def give(key: int, held: Part | None, article: Article, analysis: Analysis | Failure, made: Made) -> None:
        if held is None:
            emit.done(key, (article, analysis, made))
            return
        held.value = (article, analysis, made)
        waiting[key] -= 1
        if not waiting[key]:
            emit.done(key, members.pop(key))

    keys = list(dict.fromkeys(k for k, *_ in todo))
    if len(todo) == 1:
        key, held, doc, article, made = todo[0]
        emit.begin([key], "analyze")
        give(key, held, article, analyze_one(doc, article, timeout=None), made)
        return
    emit.begin(keys, "analyze")
    try:
        from newsledger.analyze import analyze_many

        analyses: list[Analysis | Failure] = list(analyze_many([a for _, _, _, a, _ in todo]))
    except Exception:
        # One article broke the batch: analyse each alone so only it fails.
        for key, held, doc, article, made in todo:
            emit.begin([key], "analyze")
            give(key, held, article, analyze_one(doc, article, timeout=None), made)
        return
    for (key, held, _, article, made), analysis in zip(todo, analyses, strict=True):
        give(key, held, article, analysis, made)


def ingest_outcome(doc: Document, value: Any) -> tuple[Document, Outcome]:
    """An ``ingest_work`` result for ``doc``: the document as the worker completed it, and its outcome."""
    made: Made | None = None
    if isinstance(value, Lost):
        partial = value.partial
        if isinstance(partial, tuple):
            article, made = partial
            value = Lost(value.stage, value.reason, value.detail, article)
        outcome = outcome_of(doc, value)
    else:
        article, analysis, made = value
        outcome = (article, analysis)
    if made is not None and made.encoding:
        doc = replace(doc, encoding=made.encoding, packed=made.packed)
    return doc, outcome


def member_outcome(member: Member, value: Any) -> MemberResult:
    """A ``MemberTask`` result: the worker's :class:`MemberResult`, or what is left of it when the worker
    was killed or died (the member's one failure; killed in analysis, its articles without analysis)."""
    if isinstance(value, MemberResult):
        return value
    lost: Lost = value
    partial = lost.partial
    if lost.stage == "analyze" and isinstance(partial, MemberResult):
        for part in partial.parts:
            if part.value is not None and isinstance(part.value[0], Article) and part.value[1] is None:
                doc = part.item
                assert isinstance(doc, Document)
                part.value = (part.value[0], Failure(doc.source, "analyze", lost.reason, lost.detail, doc.sha256),
                              part.value[2])
        return partial
    stage: Literal["extract", "analyze"] = "analyze" if lost.stage == "analyze" else "extract"
    return MemberResult(member.offset + 1, [Part(Failure(member.source, stage, lost.reason, lost.detail))])


def ordered_outcomes(
    items: Iterable[tuple[Any, Document | None]],
    *,
    analyze: bool,
    timeout: float | None,
    processes: int = 1,
    batch_size: int = 8,
    pack: bool = False,
) -> Iterator[tuple[Any, Document | None, Outcome | None]]:
    """``(tag, document or None)`` in, ``(tag, document, outcome)`` out, in input order.

    Each document is extracted (and analysed: one ``nlp.pipe`` pass per batch of ``batch_size``) by
    ``ingest_work`` in ``processes`` killable worker processes, each record's step under ``timeout``
    (a record that hangs or kills its worker costs that record only, as in ``ingest``).  Items
    without a document pass through with outcome None.  The items are read lazily: a few batches
    per worker are in flight.  The document given back is the worker's (decoded where it came
    undecoded).  What a Ray task of ``newsledger run`` does with its records.
    """
    def task(item: tuple[Any, Document | None]) -> tuple[bool, Any]:
        doc = item[1]
        return (False, (None, None)) if doc is None else (True, Task(doc, analyze, pack))

    def finish(item: tuple[Any, Document | None], value: Any) -> tuple[Document, Outcome]:
        assert item[1] is not None
        return ingest_outcome(item[1], value)

    with BoundedPool(ingest_work, processes=processes, timeout=timeout, batch_size=batch_size,
                     initializer=one_blas_thread) as pool:
        for (tag, _), (doc, outcome) in in_input_order(pool, items, window=processes * batch_size * 4,
                                                        batch_size=batch_size, processes=processes,
                                                        task=task, finish=finish):
            yield tag, doc, outcome


_END = object()


def in_input_order(
    pool: BoundedPool,
    items: Iterable[Any],
    *,
    window: int,
    batch_size: int,
    processes: int,
    task: Callable[[Any], tuple[bool, Any]],
    finish: Callable[[Any, Any], Any],
) -> Iterator[tuple[Any, Any]]:
    """``(item, result)`` for each of ``items``, in input order, the work done by ``pool``.

    ``task(item)`` is ``(True, payload)`` for an item to send to a worker, or ``(False, result)`` for
    one that passes through with that result; ``finish(item, value)`` turns a worker's value (or
    ``Lost``) into the item's result.  Items are read lazily, at most ``window`` held at once;
    payloads go out in batches of ``batch_size``, and a part batch as soon as the workers have fewer
    than ``processes * batch_size`` keys, so no worker waits for a batch to fill.
    """
    held: dict[int, Any] = {}  # seq -> item, from reading until yielded
    results: dict[int, Any] = {}
    pending: list[tuple[int, Any]] = []
    source = iter(items)
    exhausted = False
    seq = nxt = 0
    while True:
        while not exhausted and len(held) < window:
            item = next(source, _END)
            if item is _END:
                exhausted = True
                break
            held[seq] = item
            send, value = task(item)
            if send:
                pending.append((seq, value))
            else:
                results[seq] = value
            if len(pending) >= batch_size:
                pool.submit(pending)
                pending = []
            seq += 1
        if pending and (exhausted or pool.outstanding < processes * batch_size):
            pool.submit(pending)
            pending = []
        while nxt in results:
            yield held.pop(nxt), results.pop(nxt)
            nxt += 1
        if exhausted and not held and not pending:
            return
        for done in pool.poll(0.05 if pool.outstanding else 0.0):
            results[done.key] = finish(held[done.key], done.value)


def warm_stages(*, analyze: bool, text: bool = True) -> None:
    """Warm the stages here once (imports, language model, spaCy), so every forked worker, and
    every worker started after one was killed, begins with them instead of spending its first
    record's time bound loading them.  ``text=False`` leaves the plain-text extractor cold (about
    25 ms of imports and line model, loaded by a worker on its first text dump)."""
    from newsledger.ingest import to_document
    from newsledger.ingest.sources import RawInput
    from newsledger.pipeline import analyze_one, extract_one

    # Both texts are over 200 characters, as most pages are: language identification warms CLD3,
    # not py3langid, whose model costs 0.5-0.7 s to load and is only for short texts (extract/lang.py).
    para = ("The harbour board of an invented town said on Friday that the ferry would run again, a spokesperson"
            " told reporters. Repairs to the pier took eleven weeks and cost less than the board had feared at first.")
    warm = f"<html><head><title>Warm-up</title></head><body><article><p>{para}</p></article></body></html>"
    for data in (warm.encode(), f"Warm-up\n\n{para}\n".encode())[: 2 if text else 1]:
        doc = to_document(RawInput("warm-up", data))
        if isinstance(doc, Failure):
            continue
        article = extract_one(doc, timeout=None)
        if analyze and isinstance(article, Article):
            analyze_one(doc, article, timeout=None)  # a missing model is each record's own failure


def outcome_of(doc: Document, value: Any) -> Outcome:
    """A pool result for ``doc`` as (article | failure, analysis | failure | None)."""
    if isinstance(value, Lost):
        failure = Failure(doc.source, "analyze" if value.stage == "analyze" else "extract",
                          value.reason, value.detail, doc.sha256)
        if value.stage == "analyze" and isinstance(value.partial, Article):
            return value.partial, failure
        return failure, None
    article, analysis = value
    return article, analysis


class Step(Protocol):
    """Handed to ``bounded_map``'s function: ``step("analyze")`` starts that step's bound; ``partial`` is
    what the work has so far (an article), kept if the step is then killed (``Lost.partial``)."""

    def __call__(self, name: str, partial: Any = None) -> None: ...


def bounded_map(
    fn: Callable[[Any, Step], Any],
    payloads: Iterable[Any],
    *,
    timeout: float | None,
    processes: int = 1,
    stage: str = "work",
    passthrough: Callable[[Any], bool] | None = None,
) -> Iterator[tuple[Any, Any]]:
    """``fn`` over ``payloads`` in killable worker processes: (payload, result or Lost), in input order.

    For commands such as ``extract`` and ``attributions`` that want the per-input
    time bound without the ingest pipeline.  ``fn(payload, step)`` must be a
    module-level function; each call is bounded by ``timeout`` from its start,
    and again from each ``step(name)`` it announces (one bound per stage, as in
    ``ingest``).  Payloads for which ``passthrough`` is true are not sent to a
    worker: they come back as their own result, in their place.

    Payloads are read lazily: at most a few per worker are in flight (sent or
    waiting for an earlier one to finish), so a folder of large pages is not
    held in memory at once.
    """

    def task(payload: Any) -> tuple[bool, Any]:
        return (False, payload) if passthrough is not None and passthrough(payload) else (True, payload)

    with BoundedPool(_MapWork(fn, stage), processes=processes, timeout=timeout) as pool:
        yield from in_input_order(pool, payloads, window=max(4, 4 * processes), batch_size=1,
                                  processes=processes, task=task, finish=lambda _payload, value: value)


class _MapWork:
    def __init__(self, fn: Callable[[Any, Step], Any], stage: str) -> None:
        self.fn, self.stage = fn, stage

    def __call__(self, items: list[tuple[int, Any]], single: bool, emit: Emitter) -> None:
        for key, payload in items:
            emit.begin([key], self.stage)

            def step(name: str, partial: Any = None, key: int = key) -> None:
                if partial is not None:
                    emit.partial(key, partial)
                emit.begin([key], name)

            emit.done(key, self.fn(payload, step))


__all__ = ["Current", "Done", "Made", "MemberResult", "MemberTask", "Outcome", "Part", "Step", "Task", "bounded_map",
           "ingest_outcome", "ingest_work", "member_outcome", "one_blas_thread", "ordered_outcomes", "outcome_of",
           "warm_stages"]
