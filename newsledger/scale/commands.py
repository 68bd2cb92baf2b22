"""Command-line pieces of the scale work: ``ingest``'s options, ``run --engine ray`` and ``load``."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import typer

from newsledger.output import for_people


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

    if not db.exists():
        return None
    with _read(db) as store:
        row = store.db.execute(
            "SELECT args FROM runs WHERE command = 'ingest' AND args IS NOT NULL ORDER BY id DESC LIMIT 1"
        ).fetchone()
    if row is None:
        return None
    args = json.loads(row["args"])
    return args if isinstance(args, dict) else None
