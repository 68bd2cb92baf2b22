"""``newsledger run``: the same stages as ``ingest``, as tasks on a Ray cluster (or here), writing Parquet.

The inputs are cut into tasks: one per container file (a WARC, a feed, a JSONL export) and one per
``CHUNK`` single-page files.  A task reads its files with the same readers as ``ingest`` and has
every record extracted and analysed as ``ingest --workers 1`` does: in a worker process forked by the
task, killed at the per-record time bound (a page that hangs a parser in C code, or kills its
process, costs that record only), with the analysis of each batch of articles in one ``nlp.pipe``
pass.  It writes Parquet shards (``shards.py``) every ``SHARD_RECORDS`` records.  ``newsledger load DIR`` then
writes the shards into a store with the same writer as ``ingest``.

Ray is imported only here, only for ``--engine ray``; ``--engine local`` runs the tasks one after the
other in this process (no Ray needed), which is what the tests compare Ray's output against.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsledger.ingest.containers import read_entries, sniff
from newsledger.ingest.entries import Entry
from newsledger.ingest.sources import discover
from newsledger.records import Article, Document, Failure
from newsledger.scale.shards import read_records, record_row, row_to_work, write_shard

CHUNK = 200  # single-page files per task
SHARD_RECORDS = 500  # records per shard file: bounds a task's memory (raw bytes are in the shard)


@dataclass(frozen=True, slots=True)
class TaskSpec:
    task: int
    paths: list[str]
    analyze: bool
    timeout: float | None
    max_bytes: int
    fields: dict[str, str]
    out: str


def plan_tasks(paths: Iterable[str], *, include: Iterable[str] = (), exclude: Iterable[str] = ()) -> list[list[str]]:
    """Container files alone, single pages by ``CHUNK``; failures of discovery go in a task of their own."""
    tasks: list[list[str]] = []
    pages: list[str] = []
    for item in discover(paths, include=include, exclude=exclude):
        if isinstance(item, Failure):
            tasks.append([item.source])  # the reader reports it again, as a failure, in that task
            continue
        try:
            kind = sniff(item) if item != "-" else "page"
        except OSError:
            kind = "page"
        if kind == "page":
            pages.append(item)
            if len(pages) >= CHUNK:
                tasks.append(pages)
                pages = []
        else:
            tasks.append([item])
    if pages:
        tasks.append(pages)
    return tasks


def run_task(spec: TaskSpec) -> dict[str, Any]:
    """Read, extract, analyse one task's inputs and write its shards; returns counts."""
    from newsledger import analyze as analyze_stage
    from newsledger import extract as extract_stage
    from newsledger.scale.work import ordered_outcomes, warm_stages

    versions = {"extract_version": extract_stage.EXTRACT_VERSION,
                "analyze_version": analyze_stage.ANALYZE_VERSION if spec.analyze else None}
    out = Path(spec.out)
    rows: list[dict[str, Any]] = []
    part = 0
    counts = {"records": 0, "articles": 0, "failures": 0}
    seen: set[str] = set()

    def flush() -> None:
        nonlocal rows, part
        if rows:
            write_shard(out, f"{spec.task:05d}-{part:04d}", rows)
            part += 1
            rows = []

    def work() -> Iterator[tuple[Entry, Document | None]]:
        for entry in read_entries(spec.paths, max_bytes=spec.max_bytes, fields=spec.fields):
            item = entry.item
            if isinstance(item, Document) and item.sha256 not in seen:
                seen.add(item.sha256)
                yield entry, item
            else:
                yield entry, None

    warm_stages(analyze=spec.analyze)  # once here: the forked worker (and any replacement) starts warm
    for entry, _, outcome in ordered_outcomes(work(), analyze=spec.analyze, timeout=spec.timeout):
        counts["records"] += 1
        item = entry.item
        if outcome is not None:
            counts["articles"] += isinstance(outcome[0], Article)
        counts["failures"] += isinstance(item, Failure) or bool(outcome and isinstance(outcome[0], Failure))
        rows.append({**record_row(entry, outcome, f"{spec.task:05d}"), **versions})
        if len(rows) >= SHARD_RECORDS:
            flush()
    flush()
    return counts


def run_local(specs: list[TaskSpec]) -> Iterator[dict[str, Any]]:
    for spec in specs:
        yield run_task(spec)


def run_ray(specs: list[TaskSpec], *, address: str | None, num_cpus: int | None) -> Iterator[dict[str, Any]]:
    """Each task a Ray task; a local Ray instance (127.0.0.1) when no address is given."""
    import ray

    if not ray.is_initialized():
        if address:
            ray.init(address=address, include_dashboard=False, log_to_driver=False)
        else:
            ray.init(num_cpus=num_cpus, include_dashboard=False, log_to_driver=False,
                     _node_ip_address="127.0.0.1")
    remote = ray.remote(num_cpus=1, max_retries=2)(run_task)
    pending = [remote.remote(s) for s in specs]
    while pending:
        done, pending = ray.wait(pending, num_returns=1)
        for ref in done:
            yield ray.get(ref)


def shard_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("records-*.parquet"))


def load_shards(store: Any, folder: Path, summary: Any, *, progress: Any = None) -> int:
    """Write every shard of ``folder`` not loaded before into ``store``; returns the shards loaded."""
    from newsledger.scale.driver import Driver, fingerprint

    loaded = 0
    for path in shard_files(folder):
        key = "shard:" + os.path.abspath(path)
        head, size = fingerprint(str(path))
        row = store.db.execute("SELECT head_sha256, size FROM progress WHERE container = ?", (key,)).fetchone()
        if row is not None and row["head_sha256"] == head and int(row["size"]) == size:
            summary.resumed += sum(1 for _ in read_records(path))
            continue
        rows = list(read_records(path))
        analyze_versions = {r.get("analyze_version") for r in rows if r.get("analysis")}
        driver = Driver(store, summary, analyze=bool(analyze_versions),
                        analyze_version=next(iter(analyze_versions)) if len(analyze_versions) == 1 else None,
                        timeout=None, track_progress=False, progress=progress)
        works = []
        for r in rows:
            entry, outcome = row_to_work(r)
            works.append((entry, outcome, (r.get("extract_version") or "", r.get("analyze_version"))))
        driver.load(works)
        with store.transaction():
            store.db.execute(
                "INSERT INTO progress (container, head_sha256, size, records, finished, updated_at)"
                " VALUES (?, ?, ?, ?, 1, datetime('now')) ON CONFLICT (container) DO UPDATE SET"
                " head_sha256 = excluded.head_sha256, size = excluded.size, records = excluded.records,"
                " finished = 1, updated_at = excluded.updated_at",
                (key, head, size, len(rows)),
            )
        loaded += 1
    return loaded
