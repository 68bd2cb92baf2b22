"""Command-line pieces of the scale work: ``ingest``'s options, ``run --engine ray`` and ``load``."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer

from newsledger.ingest.sources import DEFAULT_MAX_BYTES
from newsledger.output import for_people
from newsledger.pipeline import DEFAULT_TIMEOUT
from newsledger.store import DEFAULT_DB


@dataclass
class IngestOptions:
    paths: list[str]
    include: list[str]
    exclude: list[str]
    url: str | None
    max_bytes: int
    workers: int
    urls: dict[str, str | None] | None = None
    fields: dict[str, str] = field(default_factory=dict)


def _usage(message: str) -> typer.Exit:
    from newsledger import output
    from newsledger.cli import EXIT_USAGE

    output.error(for_people(message))
    return typer.Exit(EXIT_USAGE)


# Names of files that hold many records: the progress bar then counts records with no total.
_CONTAINER_NAMES = (".warc", ".warc.gz", ".arc", ".arc.gz", ".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz",
                    ".rss", ".atom", ".xml")


def progress_total(paths: list[str], include: list[str], exclude: list[str], total: int | None) -> int | None:
    """The progress bar's total: the number of files, unless one of them holds many records."""
    from newsledger.ingest import discover

    if total is None or total > 100_000:
        return None if total is None else total
    for item in discover(paths, include=include, exclude=exclude):
        if isinstance(item, str) and item.lower().endswith(_CONTAINER_NAMES):
            return None
    return total


def ingest_options(
    paths: list[str] | None,
    *,
    field: list[str],
    urls: Path | None,
    resume: bool,
    db: Path,
    url: str | None,
    include: list[str],
    exclude: list[str],
    max_bytes: int,
    workers: int | None,
) -> IngestOptions:
    """Check ``ingest``'s options and work out its inputs (from the manifest, or the last run for --resume)."""
    from newsledger.ingest.jsonl import parse_field_maps
    from newsledger.ingest.manifest import ManifestError, read_manifest
    from newsledger.scale.pool import default_workers

    if workers is not None and workers < 0:
        raise _usage("--workers must be 0 or more")
    try:
        fields = parse_field_maps(field)
    except ValueError as e:
        raise _usage(str(e)) from e
    opts = IngestOptions(list(paths or []), list(include), list(exclude), url, max_bytes,
                         default_workers() if workers is None else workers, fields=fields)
    if resume:
        if opts.paths or urls:
            raise _usage("--resume takes the inputs of the last run: give no inputs with it")
        last = _last_run_args(db)
        if last is None:
            raise _usage("--resume: no earlier ingest run recorded in this database")
        opts.paths = list(last.get("paths") or [])
        opts.include = list(last.get("include") or [])
        opts.exclude = list(last.get("exclude") or [])
        opts.url = last.get("url")
        opts.max_bytes = int(last.get("max_bytes") or max_bytes)
        opts.fields = dict(last.get("fields") or {})
        opts.urls = last.get("urls") or None
        return opts
    if urls is not None:
        try:
            lines = read_manifest(str(urls))
        except ManifestError as e:
            raise _usage(str(e)) from e
        opts.urls = {line.path: line.url for line in lines}
        opts.paths += [line.path for line in lines]
    if not opts.paths:
        raise _usage("no inputs: give files or folders, --urls FILE, or --resume")
    return opts


def _last_run_args(db: Path) -> dict[str, Any] | None:
    from newsledger.cli import _read
    from newsledger.store import is_postgres_url

    if not is_postgres_url(db) and not db.exists():
        return None
    with _read(db) as store:
        row = store.db.execute(
            "SELECT args FROM runs WHERE command = 'ingest' AND args IS NOT NULL ORDER BY id DESC LIMIT 1"
        ).fetchone()
    if row is None:
        return None
    args = json.loads(row["args"])
    return args if isinstance(args, dict) else None


def register(app: typer.Typer) -> None:
    """Add ``run``, ``load`` and ``index`` to the command line."""

    @app.command("index")
    def index_command(
        db: Annotated[Path, typer.Option("--db", help="SQLite database file.", envvar="NEWSLEDGER_DB")]
        = Path(DEFAULT_DB),
    ) -> None:
        """Complete the full-text search index: the articles an ingest stored and did not index yet.

        An ingest indexes its articles at its end, and every search completes the index first, so this is
        only needed to do that work now (after a run that was killed, say).  Prints how many it indexed.
        """
        import sqlite3
        import sys

        from newsledger import output
        from newsledger.cli import EXIT_DB, _read

        with _read(db) as store:
            try:
                n = store.complete_index()
            except sqlite3.Error as e:
                output.error(f"cannot complete the search index of {for_people(store.path)}: {for_people(e)}")
                raise typer.Exit(EXIT_DB) from e
        sys.stdout.write(f"{n}\n")
        output.note(f"{output.plural(n, 'article')} indexed; the search index is complete")

    @app.command("run")
    def run_command(
        paths: Annotated[list[str], typer.Argument(help="Files, folders, WARC/ARC, feeds, JSONL.")],
        out: Annotated[Path, typer.Option("--out", help="Folder for the Parquet shards.")],
        engine: Annotated[str, typer.Option(help="ray (a Ray cluster, or a local Ray) or local (this process).")]
        = "ray",
        address: Annotated[str | None, typer.Option(help="Ray cluster address (default: start a local Ray "
                                                    "on 127.0.0.1).")] = None,
        cpus: Annotated[int | None, typer.Option(help="CPUs for a local Ray (default: all).")] = None,
        include: Annotated[list[str], typer.Option("--include", help="Only files matching this glob.")] = [],  # noqa: B006
        exclude: Annotated[list[str], typer.Option("--exclude", help="Skip files matching this glob.")] = [],  # noqa: B006
        field: Annotated[list[str], typer.Option("--field", help="JSONL field names: html=NAME, text=NAME, "
                                                 "url=NAME.")] = [],  # noqa: B006
        max_bytes: Annotated[int, typer.Option(help="Largest input accepted.")] = DEFAULT_MAX_BYTES,
        timeout: Annotated[float, typer.Option(help="Seconds allowed per input and stage.")] = DEFAULT_TIMEOUT,
        extract_only: Annotated[bool, typer.Option("--extract-only", help="Extract only.")] = False,
    ) -> None:
        """Process inputs as tasks on Ray (or here) into Parquet shards; `newsledger load` stores them."""
        import time

        from newsledger import output
        from newsledger.ingest.jsonl import parse_field_maps
        from newsledger.scale.engine import TaskSpec, plan_tasks, run_local, run_ray

        if engine not in ("ray", "local"):
            raise _usage(f"--engine {engine!r}: use ray or local")
        try:
            fields = parse_field_maps(field)
        except ValueError as e:
            raise _usage(str(e)) from e
        missing = [p for p in paths if p != "-" and not Path(p).exists()]
        if missing:
            raise _usage(f"no such file or folder: {missing[0]}")
        started = time.perf_counter()
        tasks = plan_tasks(paths, include=include, exclude=exclude)
        specs = [TaskSpec(i, t, not extract_only, timeout, max_bytes, fields, str(out.resolve()))
                 for i, t in enumerate(tasks)]
        if engine == "ray":
            try:
                import ray  # noqa: F401
            except ImportError as e:
                output.error("--engine ray needs Ray: pip install 'newsledger[ray]'")
                raise typer.Exit(1) from e
            results = run_ray(specs, address=address, num_cpus=cpus)
        else:
            results = run_local(specs)
        totals = {"tasks": 0, "records": 0, "articles": 0, "failures": 0}
        for r in results:
            totals["tasks"] += 1
            for k in ("records", "articles", "failures"):
                totals[k] += int(r[k])
        seconds = time.perf_counter() - started
        counts = ", ".join(output.plural(totals[k], k[:-1]) for k in ("tasks", "records", "articles", "failures"))
        output.note(for_people(f"{counts} in {seconds:.1f} s; shards in {out}"))

    @app.command("load")
    def load_command(
        folder: Annotated[Path, typer.Argument(help="Folder of Parquet shards written by `newsledger run`.")],
        db: Annotated[Path, typer.Option("--db", help="SQLite database file.", envvar="NEWSLEDGER_DB")]
        = Path(DEFAULT_DB),
    ) -> None:
        """Store the shards of a `newsledger run`; loading the same shards again adds nothing."""
        from newsledger.cli import _open, _print_summary
        from newsledger.pipeline import RunSummary
        from newsledger.scale.engine import load_shards, shard_files

        if not folder.is_dir() or not shard_files(folder):
            raise _usage(f"{folder}: no shards (records-*.parquet) there")
        import time

        with _open(db) as store:
            summary = RunSummary()
            started = time.perf_counter()
            run_id = store.start_run("load")
            load_shards(store, folder, summary)
            summary.indexed = store.complete_index()  # what a search would otherwise do first
            summary.seconds = time.perf_counter() - started
            store.finish_run(run_id, summary.as_dict())
            _print_summary(summary, store, title="load")
