"""How much of its time an ingest worker spends not working: waiting for its next batch, or in its sends.

Runs ``ingest --extract-only --workers N`` on a WARC with the pool's worker wrapped: each worker
writes its wall time, the time it spent outside the work function (waiting for a batch from the
parent), and the time inside its sends of results (``emit``), to ``DIR/idle-PID.txt``; the sum of the
two over its wall time is its idle share.  Under load part of both is the worker waiting for a core.

    PYTHONPATH=. .venv/bin/python bench/worker_idle.py FILE.warc.gz [WORKERS] [DIR]

``PYTHONPATH`` may point at an older checkout's package to compare (as ``bench/ingest.py --before``).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import newsledger.scale.pool as pool_module


def _instrument(out_dir: str) -> None:
    sent = {"seconds": 0.0}
    emitter: Any = pool_module._ChildEmitter
    # Every message goes out through ``send`` (a result held for the next message too), or from ``done``
    # when it finds one held already.
    for name in ("send", "done"):
        method = getattr(emitter, name)

        def timed(self: Any, *args: Any, _method: Any = method) -> None:
            t = time.perf_counter()
            _method(self, *args)
            sent["seconds"] += time.perf_counter() - t

        setattr(emitter, name, timed)
    child = pool_module._child

    def wrapped(conn: Any, work: Any, initializer: Any, parent_pid: Any = None) -> None:
        in_work = {"seconds": 0.0}

        def work_timed(items: Any, single: bool, emit: Any) -> None:
            t = time.perf_counter()
            work(items, single, emit)
            in_work["seconds"] += time.perf_counter() - t

        warm = {"seconds": 0.0}

        def initializer_timed() -> None:  # an extract-only worker warms itself first: not waiting
            t = time.perf_counter()
            if initializer is not None:
                initializer()
            warm["seconds"] += time.perf_counter() - t

        t0, c0 = time.perf_counter(), time.process_time()
        try:
            child(conn, work_timed, initializer_timed, parent_pid)
        finally:
            wall = time.perf_counter() - t0 - warm["seconds"]
            waiting = wall - in_work["seconds"]
            Path(out_dir, f"idle-{os.getpid()}.txt").write_text(
                f"wall {wall:.2f} cpu {time.process_time() - c0:.2f} waiting-for-batch {waiting:.2f}"
                f" sending {sent['seconds']:.2f} idle-share {(waiting + sent['seconds']) / wall:.2f}\n")

    pool_module._child = wrapped  # type: ignore[assignment]


def main() -> None:
    warc = sys.argv[1]
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    out_dir = sys.argv[3] if len(sys.argv) > 3 else tempfile.mkdtemp(prefix="nl-idle-")
    _instrument(out_dir)
    import newsledger.extract  # noqa: F401  (imported before the clock, as in bench/ingest.py)
    from newsledger.pipeline import Pipeline
    from newsledger.store import Store

    db = Path(out_dir) / "idle.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    t, c = time.perf_counter(), time.process_time()
    with Store(db) as store:
        s = Pipeline(store, analyze=False, workers=workers).ingest([warc])
    print(f"main: wall {time.perf_counter() - t:.2f} cpu {time.process_time() - c:.2f}; {s.articles} articles;"
          f" load {os.getloadavg()[0]:.1f}")
    for f in sorted(Path(out_dir).glob("idle-*.txt")):
        print(f"worker: {f.read_text().strip()}")


if __name__ == "__main__":
    main()
