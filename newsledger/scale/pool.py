"""Worker processes that are killed when one record's work passes its time bound.

SIGALRM cannot interrupt a parser stuck in C code (lexbor on a page of
200,000 ``<div/>``, a regex on hostile text), so each record's work runs in
a child process and the parent kills the child when the record's time is up:
the record becomes a ``timeout`` failure, a fresh worker takes the child's
place and the batch goes on.  A child that dies (segfault, out of memory,
``os._exit``) costs the record it was working on, recorded as ``crash``.

Protocol: the parent sends a worker a batch of ``(key, payload)``.  The work
function (run in the child) announces each step with ``emit.begin(keys,
stage)`` and gives results with ``emit.done(key, value)``; it may attach a
partial value to a key with ``emit.partial(key, value)`` (an extracted
article whose analysis then times out is not lost).  The bound runs from
each ``begin``.  When a step that covered several keys (a batched spaCy
parse) is killed, those keys are run again one at a time, so the failure
lands on the record that caused it.

Workers are forked where the platform allows (cheap, and a parent that has
imported the stages shares them), else spawned.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing as mp
import os
import queue
import select
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, Protocol


class Emitter(Protocol):
    def begin(self, keys: list[int], stage: str) -> None: ...
    def partial(self, key: int, value: Any) -> None: ...
    def done(self, key: int, value: Any) -> None: ...


# work(items, single, emit): items are (key, payload); single is True when the
# batch is a retry of one key and the work should not batch anything.
WorkFn = Callable[[list[tuple[int, Any]], bool, Emitter], None]


@dataclass(frozen=True, slots=True)
class Lost:
    """A key whose worker was killed (``timeout``) or died (``crash``) in ``stage``."""

    stage: str
    reason: str  # "timeout" or "crash"
    detail: str
    partial: Any = None  # what the work had attached to the key before it was lost


@dataclass(frozen=True, slots=True)
class Done:
    key: int
    value: Any  # the work's value, or a Lost


class _ChildEmitter:
    """Sends the work's messages; a result goes out with the message after it, as one.

    The work announces its next record as soon as it has given the last one's result (nothing runs in
    between), so a result and the next ``begin`` (or the batch's ``end``) travel together: one message
    per record instead of two, each of which cost the parent a wake-up, a read and an unpickling
    (the parent's message handling was a quarter of its CPU in an extract-only ingest, docs/scale.md).
    """

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._held: tuple[Any, ...] | None = None

    def send(self, msg: tuple[Any, ...]) -> None:
        if self._held is not None:
            msg, self._held = ("many", [self._held, msg]), None
        self.conn.send(msg)

    def begin(self, keys: list[int], stage: str) -> None:
        self.send(("begin", keys, stage))

    def partial(self, key: int, value: Any) -> None:
        self.send(("partial", key, value))

    def done(self, key: int, value: Any) -> None:
        if self._held is not None:
            self.conn.send(self._held)
        self._held = ("done", key, value)


def _die_with_parent(parent_pid: int) -> None:
    """End this worker when the parent dies, even by SIGKILL.

    A killed ``ingest`` left its forked workers behind for good (about 290 MB each), because
    a forked child inherits the parent's ends of the pipes and so never sees EOF on its own.
    On Linux the kernel delivers SIGKILL to the child when its parent dies
    (``PR_SET_PDEATHSIG``); elsewhere a daemon thread checks the parent once a second.
    """
    armed = False
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(0)
    if not armed:
        def watch() -> None:
            while os.getppid() == parent_pid:
                time.sleep(1.0)
            os._exit(0)

        threading.Thread(target=watch, name="parent-watch", daemon=True).start()


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _child(conn: Connection, work: WorkFn, initializer: Callable[[], None] | None,
           parent_pid: int | None = None) -> None:
    if parent_pid is not None:
        _die_with_parent(parent_pid)
    # Ctrl-C is the parent's to handle: it stops the workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer()
    # Batches are taken in by a thread of their own as soon as the parent sends them: the parent
    # sends a worker its next batch ahead, so the worker starts it without waiting for the parent
    # (measured: a worker of a one-worker extract-only ingest spent 13% of its time waiting for its
    # next batch, docs/scale.md), and the send of a batch of pages must not wait until the worker
    # has finished the one before (while the worker waits to send its results: neither would move).
    # Results are sent by the work itself, as it makes them: what is sent is in the socket and
    # reaches the parent even if this process dies on its next record (a thread sending them later
    # would lose them with the process, and the crash would be blamed on the wrong record).
    inbox: queue.SimpleQueue[Any] = queue.SimpleQueue()

    def receive() -> None:
        while True:
            try:
                msg = conn.recv()
            except (EOFError, OSError):
                msg = None
            inbox.put(msg)
            if msg is None:
                return

    threading.Thread(target=receive, name="worker-receive", daemon=True).start()
    emit = _ChildEmitter(conn)
    while True:
        msg = inbox.get()
        if msg is None:
            break
        items, single = msg
        try:
            work(items, single, emit)
        except Exception as e:  # the work should catch per record; this is the last guard
            emit.send(("error", f"{type(e).__name__}: {e}"))
        emit.send(("end",))
    conn.close()


@dataclass
class _Worker:
    proc: Any
    conn: Connection
    items: dict[int, Any] = field(default_factory=dict)  # outstanding keys -> payload
    # Batches sent and not ended, oldest first: (keys, single).  The worker works on the first;
    # the others wait in it, so it starts the next one without waiting for this process.
    batches: deque[tuple[list[int], bool]] = field(default_factory=deque)
    begun: list[int] = field(default_factory=list)
    stage: str = ""
    deadline: float | None = None
    partials: dict[int, Any] = field(default_factory=dict)

    @property
    def running(self) -> bool:
        """From sending a batch until the worker's last "end": its last result can come before "end"."""
        return bool(self.batches)

    @property
    def single(self) -> bool:
        return bool(self.batches) and self.batches[0][1]

    def current(self) -> list[int]:
        """The outstanding keys of the batch the worker is on."""
        return [k for k in self.batches[0][0] if k in self.items] if self.batches else []


def _readable(conn: Connection) -> bool:
    """Whether a message (or EOF) is waiting: ``conn.poll()`` without its cost per call.

    ``Connection.poll`` builds a selector for every call, and the parent asks once per message (two
    or three per record): 7% of the main process's CPU in an extract-only ingest (cProfile, 600
    records).  A Connection on a socket keeps no buffer of its own, so the socket's readiness is
    the answer.
    """
    if sys.platform == "win32":
        return conn.poll()
    ready, _, _ = select.select([conn.fileno()], [], [], 0)
    return bool(ready)


def _ready(busy: list[_Worker], limit: float) -> list[_Worker]:
    """The workers with a message (or EOF) waiting, after at most ``limit`` seconds.

    One ``select`` over the sockets: ``multiprocessing.connection.wait`` builds a selector on every call
    (4.7 us a call against 1.0 us for two workers, measured; the parent waits once or more per record).
    """
    if sys.platform == "win32":
        ready = wait([w.conn for w in busy], timeout=limit)
        return [w for w in busy if w.conn in ready]
    fds = [w.conn.fileno() for w in busy]
    readable, _, _ = select.select(fds, [], [], limit)
    return [w for w, fd in zip(busy, fds, strict=True) if fd in readable]


_SOCKET_BUFFER = 4 << 20


def _widen(conn: Connection) -> None:
    """Let a worker's results wait in the socket while the parent is busy writing a batch.

    A send blocks when the socket's buffer (about 200 KB by default on Linux: four or five pages'
    results) is full, and a worker whose send blocks does no work: measured, 19% of a worker's time
    in a one-worker extract-only ingest.  The kernel caps the size (``net.core.wmem_max``); where it
    refuses, the default stays.
    """
    import socket

    with contextlib.suppress(OSError, ValueError):
        sock = socket.socket(fileno=os.dup(conn.fileno()))
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, _SOCKET_BUFFER)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, _SOCKET_BUFFER)
        finally:
            sock.close()


def _context() -> Any:
    methods = mp.get_all_start_methods()
    return mp.get_context("fork" if "fork" in methods else "spawn")


class BoundedPool:
    """``processes`` workers; each key's step is bounded by ``timeout`` seconds (None: unbounded)."""

    def __init__(
        self,
        work: WorkFn,
        *,
        processes: int,
        timeout: float | None,
        batch_size: int = 1,
        initializer: Callable[[], None] | None = None,
        ahead: int = 2,
    ) -> None:
        if processes < 1:
            raise ValueError("processes must be >= 1")
        self.work = work
        self.timeout = timeout
        self.batch_size = max(1, batch_size)
        self.initializer = initializer
        self.ahead = max(1, ahead)  # batches sent to a worker at once (the one it is on, and the next)
        self._ctx = _context()
        self._queue: deque[tuple[list[tuple[int, Any]], bool]] = deque()
        self._workers = [self._start() for _ in range(processes)]
        self._out: list[Done] = []
        self.restarts = 0

    # -- lifecycle -----------------------------------------------------------
    def _start(self) -> _Worker:
        parent, child = self._ctx.Pipe(duplex=True)
        _widen(parent)
        _widen(child)
        proc = self._ctx.Process(target=_child, args=(child, self.work, self.initializer, os.getpid()),
                                 daemon=True)
        proc.start()
        child.close()
        return _Worker(proc, parent)

    def close(self) -> None:
        for w in self._workers:
            if w.items:  # work abandoned (an error, Ctrl-C): no need to wait for it
                w.proc.kill()
                continue
            with contextlib.suppress(OSError, ValueError):
                w.conn.send(None)
        end = time.monotonic() + 2.0
        for w in self._workers:
            w.proc.join(max(0.0, end - time.monotonic()))
            if w.proc.is_alive():
                w.proc.kill()
                w.proc.join()
            w.conn.close()
        self._workers = []

    def __enter__(self) -> BoundedPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- work ----------------------------------------------------------------
    def submit(self, items: Iterable[tuple[int, Any]]) -> None:
        batch: list[tuple[int, Any]] = []
        for item in items:
            batch.append(item)
            if len(batch) >= self.batch_size:
                self._queue.append((batch, False))
                batch = []
        if batch:
            self._queue.append((batch, False))

    @property
    def outstanding(self) -> int:
        """Keys submitted whose result has not been returned yet."""
        return sum(len(b) for b, _ in self._queue) + sum(len(w.items) for w in self._workers) + len(self._out)

    def _dispatch(self) -> None:
        # Every worker gets a batch before any gets a second one.
        for depth in range(self.ahead):
            for w in list(self._workers):
                if not self._queue:
                    return
                if len(w.batches) > depth:
                    continue
                batch, single = self._queue.popleft()
                if not w.batches:
                    w.begun, w.stage, w.partials = [], "", {}
                    w.deadline = None
                w.items.update(batch)
                w.batches.append(([k for k, _ in batch], single))
                try:
                    w.conn.send((batch, single))
                except (OSError, ValueError, BrokenPipeError):
                    self._lost(w, "crash", "the worker process could not be reached")

    def poll(self, wait_seconds: float = 0.05) -> list[Done]:
        """Results that are ready, waiting at most ``wait_seconds`` for one."""
        self._dispatch()
        busy = [w for w in self._workers if w.running]
        if busy and not self._out:
            now = time.monotonic()
            deadlines = [w.deadline for w in busy if w.deadline is not None]
            limit = min([wait_seconds, *[max(0.0, d - now) for d in deadlines]])
            for w in _ready(busy, limit):
                self._read(w)
        now = time.monotonic()
        for w in self._workers:
            if w.running and w.deadline is not None and now > w.deadline:
                keys = [k for k in w.begun if k in w.items]
                if w.single or len(keys) <= 1:
                    detail = f"took longer than {self.timeout:g} s in {w.stage or 'work'}; worker killed"
                else:
                    detail = "batch ran out of time; retried one by one"
                self._lost(w, "timeout", detail)
        self._dispatch()
        out, self._out = self._out, []
        return out

    def run(self, items: Iterable[tuple[int, Any]]) -> Iterator[Done]:
        """Submit ``items`` and yield every result (in completion order)."""
        self.submit(items)
        while self.outstanding:
            yield from self.poll(0.5)

    def _read(self, w: _Worker) -> None:
        while True:
            try:
                if not _readable(w.conn):
                    return
                msg = w.conn.recv()
            except (EOFError, OSError):
                code = w.proc.exitcode if not w.proc.is_alive() else None
                if code is None:
                    w.proc.join(1.0)
                    code = w.proc.exitcode
                how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
                self._lost(w, "crash", f"worker process died ({how}) in {w.stage or 'work'}")
                return
            for one in msg[1] if msg[0] == "many" else (msg,):
                self._handle(w, one)

    def _handle(self, w: _Worker, msg: tuple[Any, ...]) -> None:
        """One message of the work: a step begun, a partial value, a result, an error, the batch's end."""
        kind = msg[0]
        if kind == "begin":
            w.begun, w.stage = list(msg[1]), str(msg[2])
            w.deadline = time.monotonic() + self.timeout if self.timeout else None
        elif kind == "partial":
            w.partials[msg[1]] = msg[2]
        elif kind == "done":
            if msg[1] in w.items:
                w.items.pop(msg[1])
                self._out.append(Done(msg[1], msg[2]))
            w.partials.pop(msg[1], None)
        elif kind == "error":
            for key in [k for k in w.begun if k in w.items] or w.current():
                w.items.pop(key)
                self._out.append(Done(key, Lost(w.stage or "work", "error", str(msg[1]), w.partials.get(key))))
        elif kind == "end":
            for key in w.current():  # work that forgot a key: never lose it silently
                w.items.pop(key)
                self._out.append(Done(key, Lost(w.stage or "work", "error", "no result", w.partials.get(key))))
            if w.batches:
                w.batches.popleft()
            w.begun, w.stage, w.deadline, w.partials = [], "", None, {}

    def _lost(self, w: _Worker, reason: str, detail: str) -> None:
        """The worker was killed or died: fail or retry its keys, and replace it."""
        if w.proc.is_alive():
            w.proc.kill()
        w.proc.join()
        with contextlib.suppress(OSError):
            w.conn.close()
        begun = [k for k in w.begun if k in w.items]
        if not begun and w.items and reason == "crash":
            begun = (w.current() or list(w.items))[:1]  # died before announcing a step: the first key
        if w.single or len(begun) == 1:
            for key in begun:
                self._out.append(Done(key, Lost(w.stage or "work", reason, detail, w.partials.get(key))))
        else:
            for key in reversed(begun):
                self._queue.appendleft(([(key, w.items[key])], True))
        # The rest of its batches go back to the front of the queue, each as it was, in order.
        for keys, single in reversed(w.batches):
            rest = [(k, w.items[k]) for k in keys if k in w.items and k not in begun]
            if rest:
                self._queue.appendleft((rest, single))
        self.restarts += 1
        index = self._workers.index(w)
        self._workers[index] = self._start()


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)
