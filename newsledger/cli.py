"""The ``newsledger`` command line.

Exit codes: 0 success; 1 nothing could be done (every input failed, or no
such article); 2 bad usage; 3 the database could not be opened or is newer
than this version; 130 interrupted (Ctrl-C), after the summary so far.

Machine output (JSON, JSONL, CSV, text) is written by ``newsledger.output``
with the standard library; Rich is only for people (tables, summaries,
progress, errors), and every page string shown to people goes through
``output.for_people``.
"""

from __future__ import annotations

import copy
import math
import os
import re
import sqlite3
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from newsledger import __version__, cli_params, output
from newsledger.ingest import DEFAULT_MAX_BYTES, discover, read_inputs
from newsledger.ingest.page_url import check_page_url
from newsledger.link import commands as link_commands
from newsledger.output import for_people as esc
from newsledger.pipeline import DEFAULT_TIMEOUT, Pipeline, RunSummary
from newsledger.records import Document, Failure
from newsledger.serve.commands import serve as serve_command
from newsledger.store import DEFAULT_DB, QueryError, Store, StoreError, entity_commands, is_postgres_url

cli_params.install()  # option values without pydantic where the answer is plain (start-up time)

if TYPE_CHECKING:
    from rich.table import Table

# Rich's tables are imported by the commands that draw them: `extract` and most runs off a terminal draw
# none, and Rich's import was a sixth of start-up (issue #15).

EXIT_NOTHING = 1
EXIT_USAGE = 2
EXIT_DB = 3
EXIT_INTERRUPTED = 130


class _StoreErrorsExit(TyperGroup):
    """Database errors from any command end as one line and exit 3, never a traceback.

    Corrupt, truncated, read-only, locked or full databases fail at open or
    in the middle of a run; either way the store's exception reaches here.
    """

    def invoke(self, ctx: Any) -> Any:  # typer.core.TyperGroup takes its vendored click Context
        try:
            return super().invoke(ctx)
        except StoreError as e:
            _db_exit(str(e))
        except sqlite3.Error as e:
            _db_exit(f"database error: {e}")
        except OverflowError as e:
            if "SQLite INTEGER" not in str(e):
                raise
            output.error("a number given is too large (at most 9223372036854775807)")
            raise typer.Exit(EXIT_USAGE) from e


def _db_exit(message: str) -> None:
    output.error(esc(message.splitlines()[0] if message else "database error", keep_newlines=False))
    raise typer.Exit(EXIT_DB)


app = typer.Typer(
    cls=_StoreErrorsExit,
    help="newsledger: who said what, when, how sure, and who copied whom.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)

DbOption = Annotated[Path, typer.Option("--db", help="SQLite database file or postgresql:// URL.",
                                        envvar="NEWSLEDGER_DB")]
# Longest --timeout setitimer takes on every platform; 0 is the way to say "no bound".
MAX_TIMEOUT = 1_000_000.0


def _check_timeout(value: float) -> float:
    if math.isnan(value) or value < 0 or value > MAX_TIMEOUT:
        raise typer.BadParameter(f"seconds between 0 and {MAX_TIMEOUT:g} (0 means no time bound)")
    return value


def _check_url(value: str | None) -> str | None:
    """Only http(s) URLs are stored as URLs (the check every door shares: ``ingest.page_url``)."""
    if value is None:
        return None
    try:
        return check_page_url(value)
    except ValueError as e:
        raise typer.BadParameter(str(e)) from e


TimeoutOption = Annotated[float, typer.Option(
    help="Seconds allowed per input and stage; 0 means no time bound.", callback=_check_timeout)]
UrlOption = Annotated[str | None, typer.Option(help="Page URL (http or https), where the input has none.",
                                               callback=_check_url)]
MaxBytesOption = Annotated[int, typer.Option(help="Largest input accepted, in bytes (also after gunzip).", min=1)]

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON (one array) instead of a table.")]
AllFlag = Annotated[bool, typer.Option("--all", help="No limit (the same as --limit 0).")]


class ExtractFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"
    text = "text"


class AttributionsFormat(StrEnum):
    jsonl = "jsonl"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


class FigureOrder(StrEnum):
    date = "date"
    source = "source"
    counted = "counted"


class QuoteKind(StrEnum):
    direct = "direct"
    indirect = "indirect"
    mixed = "mixed"


class ExportTable(StrEnum):
    articles = "articles"
    attributions = "attributions"
    speakers = "speakers"
    attribution_speakers = "attribution_speakers"
    figures = "figures"
    failures = "failures"


def _language(value: str | None) -> str | None:
    """ISO 639-1 (or 639-3) code, any case; anything else is a usage error."""
    if value is None:
        return None
    code = value.strip().lower()
    if not re.fullmatch(r"[a-z]{2,3}", code):
        raise typer.BadParameter(f"{value!r} is not a language code: use ISO 639-1, e.g. en, de, fr")
    return code


LanguageOption = Annotated[
    str | None,
    typer.Option(callback=_language, help="ISO 639-1 code as detected from the text, e.g. en, de (any case)."),
]


def _open(db: Path, *, must_exist: bool = False) -> Store:
    """Open the store; a command that only reads passes ``must_exist`` so nothing is created."""
    try:
        return Store(db, must_exist=must_exist)
    except StoreError as e:
        output.error(esc(str(e)))
        raise typer.Exit(EXIT_DB) from e


def _read(db: Path) -> Store:
    return _open(db, must_exist=True)


def _limit(limit: int, everything: bool) -> int | None:
    if limit < 0:
        output.error("--limit must be 0 (no limit) or more")
        raise typer.Exit(EXIT_USAGE)
    return None if everything or limit == 0 else limit


def _cut(rows: list[dict[str, Any]], limit: int | None, what: str) -> list[dict[str, Any]]:
    """Rows were fetched with limit + 1: drop the extra one and say that the list was cut."""
    if limit is not None and len(rows) > limit:
        output.limit_note(limit, limit, what)
        return rows[:limit]
    return rows


def _plus_one(limit: int | None) -> int | None:
    return None if limit is None else limit + 1


def _outlet(r: dict[str, Any]) -> str:
    return output.outlet_label(r.get("publisher"), r.get("original_publisher"), r.get("url"))


def _print_summary(summary: RunSummary, store: Store, *, title: str) -> None:
    rows: list[tuple[str, str]] = [
        ("inputs read", str(summary.inputs)),
        ("articles stored", str(summary.articles)),
        ("with analysis", str(summary.analysed)),
        ("duplicates skipped", str(summary.duplicates)),
    ]
    if summary.resumed:
        rows.append(("done by an earlier run", str(summary.resumed)))
    if summary.indexed:
        rows.append(("indexed for search", f"{summary.indexed} ({summary.index_seconds:.2f} s)"))
    for what, n in sorted(summary.skipped.items()):
        rows.append((f"  not a page: {esc(what)}", str(n)))
    if summary.cut:
        rows.append(("cut to size bounds", f"{summary.cut} (see the notes in `newsledger show`)"))
    rows.append(("failures", str(sum(summary.failures.values()))))
    for reason, n in summary.failures.most_common():
        rows.append((f"  {esc(reason)}", str(n)))
    rows.append(("elapsed", f"{summary.seconds:.2f} s"))
    rows.append(("database", esc(store.path)))
    err = output.err()
    if summary.interrupted:
        err.print("[yellow]interrupted[/]: stopped by Ctrl-C; what was stored is kept. Summary so far:")
    if err.is_terminal:
        from rich.table import Table

        t = Table(title=title, show_header=False, title_justify="left")
        for label, value in rows:
            t.add_row(label, value)
        err.print(t)
    else:
        # Piped or captured (a log file, CI): one plain line a row, never boxed or cut at 80 columns.
        err.print(f"{title}:")
        for label, value in rows:
            err.print(f"  {label}: {value}")
    for source, stage, reason in summary.failed_sources[:20]:
        err.print(f"  [yellow]failed[/] {esc(source, keep_newlines=False)}: {stage} {esc(reason, keep_newlines=False)}")
    if len(summary.failed_sources) > 20:
        err.print(f"  ... and {len(summary.failed_sources) - 20} more: see `newsledger failures`")


class _NoProgress:
    """What ``_progress`` gives when stderr is not a terminal: the same calls, nothing drawn.

    rich.progress is imported only for a terminal (it is about 5% of a short run's start-up)."""

    def __enter__(self) -> _NoProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def add_task(self, description: str, total: float | None = None) -> int:
        return 0

    def update(self, task: int, **kw: Any) -> None:
        pass


def _progress(total: int | None) -> Any:
    """A progress display on stderr, only on a terminal; with a known total: %, rate and ETA."""
    if not output.stderr_is_terminal():  # decided without importing Rich where it surely is not one
        return _NoProgress()
    err = output.err()
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        SpinnerColumn,
        Task,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class _RateColumn(ProgressColumn):
        """Inputs per second."""

        def render(self, task: Task) -> Text:
            speed = task.finished_speed or task.speed
            return Text("" if speed is None else f"{speed:.1f}/s")

    columns: list[Any] = [SpinnerColumn(), TextColumn("{task.description}")]
    if total:
        columns += [BarColumn(), MofNCompleteColumn(), TaskProgressColumn(), _RateColumn(), TimeRemainingColumn()]
    else:
        columns += [TextColumn("{task.completed} inputs"), _RateColumn()]
    columns.append(TimeElapsedColumn())
    return Progress(*columns, console=err, transient=True)


def _count_inputs(paths: list[str], include: list[str] | None = None, exclude: list[str] | None = None) -> int | None:
    """How many inputs the paths hold (a folder walk, no reads); None with stdin."""
    if "-" in paths:
        return None
    return sum(1 for _ in discover(paths, include=include or [], exclude=exclude or []))


def _run(store: Store, summary_title: str, work: Any, total: int | None = None) -> RunSummary:
    with _progress(total) as bar:
        task = bar.add_task("working", total=total)

        def tick(source: str) -> None:
            bar.update(task, advance=1, description=esc(Path(source).name[:40], keep_newlines=False))

        summary: RunSummary = work(tick)
    _print_summary(summary, store, title=summary_title)
    if summary.interrupted:
        raise typer.Exit(EXIT_INTERRUPTED)
    return summary


@app.command()
def ingest(
    paths: Annotated[list[str] | None, typer.Argument(help="Files, folders (recursive), .gz files, WARC/ARC, "
                                                      "feeds, JSONL, or - for stdin.")] = None,
    db: DbOption = Path(DEFAULT_DB),
    include: Annotated[list[str], typer.Option("--include", help="Only files matching this glob.")] = [],  # noqa: B006
    exclude: Annotated[list[str], typer.Option("--exclude", help="Skip files matching this glob.")] = [],  # noqa: B006
    url: UrlOption = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    no_analyze: Annotated[bool, typer.Option("--no-analyze", "--extract-only",
                                             help="Extract only; `reprocess` adds the analysis later.")] = False,
    no_link: Annotated[bool, typer.Option("--no-link", help="Do not look for copies and stories now.")] = False,
    workers: Annotated[int | None, typer.Option(help="Worker processes (default: all cores; 0: in this process, "
                                                "without the hard time bound).")] = None,
    field: Annotated[list[str], typer.Option("--field", help="JSONL field names: html=NAME, text=NAME, "
                                             "url=NAME.")] = [],  # noqa: B006
    urls: Annotated[Path | None, typer.Option("--urls", help="Manifest of inputs with their URLs: PATH<TAB>URL "
                                              "or JSONL {\"path\", \"url\"} per line.")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Finish the last ingest run with its inputs.")] = False,
    commit_every: Annotated[int, typer.Option(help="Records per transaction (a kill loses at most these).")] = 200,
) -> None:
    """Read pages, WARC/ARC archives, RSS/Atom feeds and JSONL into the database.

    Raw input kept, article extracted and analysed; a run stopped at any point resumes with the same
    inputs (or --resume), each record exactly once.
    """
    from newsledger.scale.commands import ingest_options, progress_total

    opts = ingest_options(paths, field=field, urls=urls, resume=resume, db=db, url=url, include=include,
                          exclude=exclude, max_bytes=max_bytes, workers=workers)
    paths = opts.paths
    total = _count_inputs(paths, opts.include, opts.exclude)
    if total == 0 or (total is not None and not any(Path(p).exists() for p in paths)):
        # Nothing to read: say so without creating a database.
        for p in paths:
            if not Path(p).exists():
                output.error(f"no such file or folder: {esc(p)}")
        if total == 0 and all(Path(p).exists() for p in paths):
            # Only name the patterns when some were given (the hint pointed at options nobody used).
            hint = " (check --include/--exclude)" if opts.include or opts.exclude else \
                " (names starting with '.' are skipped)"
            output.error(f"no inputs found in the given paths{hint}")
        raise typer.Exit(EXIT_NOTHING)
    total = progress_total(paths, opts.include, opts.exclude, total)
    with _open(db) as store:

        def work(tick: Any) -> RunSummary:
            pipeline = Pipeline(store, progress=tick, analyze=not no_analyze, timeout=timeout, workers=opts.workers)
            return pipeline.ingest(opts.paths, include=opts.include, exclude=opts.exclude, url=opts.url,
                                   max_bytes=opts.max_bytes, urls=opts.urls, fields=opts.fields,
                                   commit_every=max(1, commit_every))

        summary = _run(store, "ingest", work, total)
        if not no_link and summary.articles:
            link_commands.link_after_ingest(store)
    if summary.inputs and summary.articles == 0 and summary.duplicates == 0:
        raise typer.Exit(EXIT_NOTHING)


OneShotWorkersOption = Annotated[int | None, typer.Option(
    "--workers", help="Worker processes, each killed at --timeout (default: all cores, at most one per input; "
    "0, or the default with --timeout 0: in this process, where the bound cannot stop a parser stuck in C).")]


def _oneshot_workers(workers: int | None, timeout: float, total: int | None) -> int:
    from newsledger.scale.oneshot import choose_workers

    if workers is not None and workers < 0:
        output.error("--workers must be 0 or more")
        raise typer.Exit(EXIT_USAGE)
    return choose_workers(workers, timeout, total)


@app.command()
def reprocess(
    db: DbOption = Path(DEFAULT_DB),
    everything: Annotated[bool, typer.Option("--all", help="Rebuild every article, not only stale ones.")] = False,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    no_link: Annotated[bool, typer.Option("--no-link", help="Do not refresh copies and stories now.")] = False,
    workers: OneShotWorkersOption = None,
) -> None:
    """Rebuild articles and analyses from the kept raw inputs with the current code."""
    if workers is not None and workers < 0:
        output.error("--workers must be 0 or more")
        raise typer.Exit(EXIT_USAGE)
    with _read(db) as store:
        pipeline = Pipeline(store, timeout=timeout)
        rows = pipeline.stale_inputs(everything=everything)  # counted first: the progress total and ETA
        pipeline.workers = _oneshot_workers(workers, timeout, len(rows))

        def work(tick: Any) -> RunSummary:
            pipeline.progress = tick
            return pipeline.reprocess(everything=everything, rows=rows)

        summary = _run(store, "reprocess", work, len(rows))
        if not no_link and summary.articles:  # changed texts move to their new copy groups
            link_commands.link_after_ingest(store)


@contextmanager
def _interruptible(done: Callable[[], int]) -> Iterator[None]:
    """Ctrl-C in a command without a database: say how far it got and exit 130 (what was printed stands)."""
    try:
        yield
    except KeyboardInterrupt:
        output.err().print(f"[yellow]interrupted[/]: stopped by Ctrl-C after {done()} inputs")
        raise typer.Exit(EXIT_INTERRUPTED) from None


def _error_record(f: Failure) -> dict[str, Any]:
    """A failed input in ``extract``'s output: the path and why (docs/schemas/extract-error.json)."""
    return {"path": f.source, "error": {"stage": f.stage, "reason": f.reason, "detail": f.detail}}


def _fail_line(f: Failure) -> None:
    output.err().print(f"[yellow]failed[/] {esc(f.source, keep_newlines=False)}: {f.stage} {esc(f.reason)}"
                       + (f" ({esc(f.detail, keep_newlines=False)})" if f.detail else ""))


def _read_and_extract(payload: str | Document, step: Any, *, url: str | None, max_bytes: int) -> Any:
    """In a worker: read, decode and extract one input (a file's path; stdin comes read, as a Document).

    Reading and decoding run in the workers, not in the one parent: they are a third of the per-page
    work, and a path is all that crosses the pipe (a decoded page is hundreds of kilobytes)."""
    from newsledger.ingest import read_source, to_document
    from newsledger.pipeline import extract_one

    if isinstance(payload, str):
        raw = read_source(payload, max_bytes=max_bytes)
        doc = raw if isinstance(raw, Failure) else to_document(raw, url=url)
        if isinstance(doc, Failure):
            doc.url, doc.data = url, None  # as read_inputs gives it; the bytes are not printed
            return doc
        step("extract")
        payload = doc
    return extract_one(payload, timeout=None)


def _extract_in_workers(paths: list[str], *, url: str | None, max_bytes: int, timeout: float,
                        workers: int) -> Iterator[tuple[str, Any]]:
    """(source, Article or Failure) per input in input order, each read and extracted in a worker killed at
    the bound (a step that runs past it is a ``timeout`` failure of its stage: ingest or extract)."""
    from functools import partial

    from newsledger.ingest import read_source, to_document
    from newsledger.scale.pool import Lost
    from newsledger.scale.work import bounded_map, warm_stages

    def payloads() -> Iterator[str | Document | Failure]:
        for item in discover(paths):
            if item != "-":
                yield item
                continue
            raw = read_source(item, max_bytes=max_bytes)  # stdin is read here: a worker cannot share it
            if isinstance(raw, Failure):
                raw.url = url
                yield raw
            else:
                yield to_document(raw, url=url)

    # Forked workers (and their replacements) start warm.  Not the plain-text extractor: most runs are over
    # HTML, and warming it was 25-30 ms of the parent's serial start-up; a worker loads it on its first dump.
    warm_stages(analyze=False, text=False)
    work = partial(_read_and_extract, url=url, max_bytes=max_bytes)
    for item, value in bounded_map(work, payloads(), timeout=timeout, processes=workers, stage="ingest",
                                   passthrough=lambda x: isinstance(x, Failure)):
        source = item if isinstance(item, str) else item.source
        if isinstance(value, Lost):
            value = Failure(source, "extract" if value.stage == "extract" else "ingest", value.reason, value.detail)
        yield source, value


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, or - for stdin.")],
    fmt: Annotated[ExtractFormat, typer.Option("--format", help="jsonl: one object a line; json: one array; "
                                               "text: title and text, subheadings in place.")] = ExtractFormat.jsonl,
    url: UrlOption = None,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    workers: OneShotWorkersOption = None,
) -> None:
    """Extract articles without a database: one JSON object per input, failed inputs included."""
    from newsledger.scale.oneshot import extract_of, run_bounded

    results: list[dict[str, Any]] = []
    ok = failed = 0
    total = _count_inputs(paths)
    n_workers = _oneshot_workers(workers, timeout, total)
    with _progress(total if total and total > 3 else None) as bar, _interruptible(lambda: ok + failed):
        task = bar.add_task("extracting", total=total)
        # The same reading code as `ingest`, and the same hard time bound (a worker killed at --timeout).
        outcomes: Iterator[tuple[str, Any]]
        if n_workers:
            outcomes = _extract_in_workers(paths, url=url, max_bytes=max_bytes, timeout=timeout, workers=n_workers)
        else:
            items = read_inputs(paths, url=url, max_bytes=max_bytes)
            outcomes = ((item.source, result) for item, result in run_bounded(
                extract_of, items, timeout=timeout, workers=0, analyze=False))
        for source, result in outcomes:
            bar.update(task, advance=1)
            if isinstance(result, Failure):
                failed += 1
                _fail_line(result)
                record = _error_record(result)
            else:
                ok += 1
                record = {"path": source, **result.to_dict()}
            if fmt is ExtractFormat.jsonl:
                output.write_json(record)
            elif fmt is ExtractFormat.json:
                results.append(record)
            elif "error" not in record:
                output.write_text(f"# {record['title'] or ''}\n\n{record['full_text']}\n\n")
    if fmt is ExtractFormat.json:
        output.write_json(results, indent=2)
    if ok == 0 and failed:
        raise typer.Exit(EXIT_NOTHING)


def _articles_table(rows: list[dict[str, Any]], *, title: str | None = None) -> Table:
    from rich.table import Table

    t = Table("id", "published", "outlet", "title", "quotes", "figures", title=title, title_justify="left")
    for r in rows:
        # "?" marks a date whose day/month order nothing on the page decided.
        date = (r["published"] or "")[:10] + ("?" if r["published_ambiguous"] else "")
        t.add_row(str(r["id"]), date, esc(_outlet(r), keep_newlines=False),
                  esc(r["title"] or "", keep_newlines=False), str(r["attributions"]), str(r["figures"]))
    return t


@app.command()
def articles(
    db: DbOption = Path(DEFAULT_DB),
    search: Annotated[str | None, typer.Option("--search", "-s", help="Full-text search (FTS5 syntax: "
                                               "\"a phrase\", climat*, a OR b, NOT, title:word).")] = None,
    publisher: Annotated[str | None, typer.Option(help="Publisher or original publisher contains.")] = None,
    language: LanguageOption = None,
    since: Annotated[str | None, typer.Option(help="Published on or after: YYYY-MM-DD, YYYY-MM, YYYY, "
                                              "today, yesterday, 'N days ago'.")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before (same forms as --since).")] = None,
    limit: Annotated[int, typer.Option(help="At most this many (0: no limit).")] = 50,
    everything: AllFlag = False,
    as_json: JsonFlag = False,
) -> None:
    """List stored articles."""
    cap = _limit(limit, everything)
    with _read(db) as store:
        try:
            rows = store.articles(search=search, publisher=publisher, language=language, since=since, until=until,
                                  limit=_plus_one(cap))
        except QueryError as e:
            output.error(esc(str(e)))
            raise typer.Exit(EXIT_USAGE) from e
    rows = _cut(rows, cap, "articles")
    if as_json:
        output.write_json(rows)
        return
    output.people().print(_articles_table(rows))


@app.command()
def show(
    article_id: Annotated[int, typer.Argument(help="Article id (see `newsledger articles`).", min=1,
                                              max=2**63 - 1)],
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonFlag = False,
    text: Annotated[bool, typer.Option("--text", help="Print the article itself (title, then the text with its "
                                                      "subheadings in place) as plain text.")] = False,
) -> None:
    """Show one article with its attributions, speakers and figures."""
    if as_json and text:
        output.error("--json and --text are alternatives: give one")
        raise typer.Exit(EXIT_USAGE)
    with _read(db) as store:
        art = store.article(article_id)
    if art is None:
        output.error(f"no article {article_id}")
        raise typer.Exit(EXIT_NOTHING)
    if as_json:
        output.write_json(art)
        return
    if text:
        # The same shape as ``extract --format text``: byte-exact on stdout, for pipes and diffs.
        output.write_text(f"# {art['title'] or ''}\n\n{art['full_text']}\n")
        return
    out = output.people()
    out.print(f"[bold]{esc(art['title'] or '(no title)', keep_newlines=False)}[/]")
    for label, key in (("byline", "byline"), ("publisher", "publisher"), ("original publisher", "original_publisher"),
                       ("published", "published"), ("url", "url"), ("canonical", "canonical_url"),
                       ("original url", "original_url"), ("language", "language")):
        if art[key]:
            extra = " (ambiguous day/month order)" if key == "published" and art["published_ambiguous"] else ""
            out.print(f"  {label}: {esc(art[key], keep_newlines=False)}{extra}")
    for cap in art["captions"]:
        credit = f" [dim]({esc(cap['credit'], keep_newlines=False)})[/]" if cap["credit"] else ""
        out.print(f"  caption: {esc(cap['text'], keep_newlines=False)}{credit}")
    sources = ", ".join(art["sources"])
    out.print(f"  {len(art['paragraphs'])} paragraphs; sources: {esc(sources, keep_newlines=False)}")
    for note in art["notes"]:
        out.print(f"  [dim]note:[/] {esc(note, keep_newlines=False)}")
    if art["analysis_skipped"]:
        out.print(f"  [yellow]analysis skipped:[/] {esc(art['analysis_skipped'])}")
    from rich.table import Table

    if art["speakers"]:
        t = Table("speaker", "kind", "descriptions", title="Speakers", title_justify="left")
        for s in art["speakers"]:
            t.add_row(esc(" ".join(x for x in (s["title"], s["name"]) if x)), s["kind"],
                      esc("; ".join(s["descriptions"])))
        out.print(t)
    if art["attributions"]:
        t = Table("speaker", "kind", "cue", "content", "hedge", title="Attributions", title_justify="left")
        for a in art["attributions"]:
            t.add_row(esc(a["speaker"] or a["source_text"] or "?"), a["kind"], esc(a["cue_text"] or ""),
                      esc(_pieces_text(a)), a["hedge"])
        out.print(t)
    if art["figures"]:
        t = Table("figure", "counted", "where", "according to", title="Figures", title_justify="left")
        for f in art["figures"]:
            t.add_row(esc(f["text"]), esc(f["counted"] or ""), esc(f["location"] or ""),
                      esc(f["according_to"] or "(the outlet)"))
        out.print(t)


@app.command()
def quotes(
    db: DbOption = Path(DEFAULT_DB),
    speaker: Annotated[str | None, typer.Option(help="Speaker name contains.")] = None,
    kind: Annotated[QuoteKind | None, typer.Option(case_sensitive=False, help="Kind of attribution.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many (0: no limit).")] = 100,
    everything: AllFlag = False,
    as_json: JsonFlag = False,
    fmt: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
) -> None:
    """Attributions across all articles, by speaker (their own or a co-speaker: "A and B said")."""
    if fmt not in ("table", "csv", "json"):
        # an unknown format fails before anything is read, rather than quietly printing a table
        output.err().print(f"[red]error:[/] unknown format {esc(fmt)!r}: use table, csv or json")
        raise typer.Exit(2)
    cap = _limit(limit, everything)
    with _read(db) as store:
        rows = store.quotes(speaker=speaker, kind=kind.value if kind else None, limit=_plus_one(cap))
    rows = _cut(rows, cap, "attributions")
    if as_json or fmt == "json":
        output.write_json(rows)
        return
    if fmt == "csv":
        output.write_csv(rows, QUOTE_CSV_COLUMNS)
        return
    from rich.table import Table

    t = Table("article", "published", "outlet", "speaker", "kind", "cue", "content", "hedge")
    for r in rows:
        # every speaker of "Ana Ruru and Tomas Keel said", the attribution's own first
        who = "; ".join([r["speaker"] or "?", *r["co_speakers"]])
        t.add_row(str(r["article_id"]), (r["published"] or "")[:10], esc(_outlet(r), keep_newlines=False),
                  esc(who), r["kind"], esc(r["cue_text"] or ""), esc(_pieces_text(r)), r["hedge"])
    output.people().print(t)


# ``quotes --format csv``: the JSON keys, lists (co_speakers, content_spans) as JSON text in their cell.
QUOTE_CSV_COLUMNS = ("article_id", "title", "published", "publisher", "original_publisher", "url", "kind", "speaker",
                     "co_speakers", "speaker_mention", "cue_text", "content_text", "content_spans", "hedge",
                     "channel")


@app.command()
def figures(
    db: DbOption = Path(DEFAULT_DB),
    about: Annotated[str | None, typer.Option(help="What is counted, where, or the figure contains.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many (0: no limit).")] = 200,
    everything: AllFlag = False,
    as_json: JsonFlag = False,
    story: Annotated[int | None, typer.Option("--story", help="The figures ledger of this story.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv or json (the story's ledger with --story).")
                   ] = "table",
    order: Annotated[FigureOrder, typer.Option(
        "--sort", help="Order by publication date, by who gives the figure, or by what is counted.")
    ] = FigureOrder.date,
) -> None:
    """Numeric claims across all articles, side by side; with --story, that story's ledger."""
    if story is not None:
        link_commands.story_figures(db, story, "json" if as_json else fmt)
        return
    if fmt not in ("table", "csv", "json"):
        # an unknown format fails before anything is read, rather than quietly printing a table
        output.err().print(f"[red]error:[/] unknown format {esc(fmt)!r}: use table, csv or json")
        raise typer.Exit(2)
    cap = _limit(limit, everything)
    with _read(db) as store:
        rows = store.figures(about=about, limit=_plus_one(cap), order=order.value)
    rows = _cut(rows, cap, "figures")
    if as_json or fmt == "json":
        output.write_json(rows)
        return
    if fmt == "csv":
        output.write_csv(rows, FIGURE_CSV_COLUMNS)
        return
    from rich.table import Table

    t = Table("article", "published", "figure", "counted", "where", "according to", "outlet")
    for r in rows:
        t.add_row(str(r["article_id"]), (r["published"] or "")[:10], esc(r["text"]), esc(r["counted"] or ""),
                  esc(r["location"] or ""), esc(r["according_to"] or ""), esc(_outlet(r), keep_newlines=False))
    output.people().print(t)


# The columns of `figures --format csv`: the store's figure rows as `figures --json` gives them.
FIGURE_CSV_COLUMNS = ("article_id", "title", "published", "publisher", "original_publisher", "url", "text", "value",
                      "value_high", "approximate", "bound", "counted", "location", "state", "according_to")


@app.command()
def failures(
    db: DbOption = Path(DEFAULT_DB),
    limit: Annotated[int, typer.Option(help="At most this many (0: no limit).")] = 0,
    everything: AllFlag = False,
    as_json: JsonFlag = False,
) -> None:
    """Inputs that could not be processed, and why (source path or URL, stage, reason)."""
    cap = _limit(limit, everything)
    with _read(db) as store:
        rows = store.failures(limit=_plus_one(cap))
    rows = _cut(rows, cap, "failures")
    if as_json:
        output.write_json(rows)
        return
    from rich.table import Table

    t = Table("source", "stage", "reason", "detail", "count")
    for r in rows:
        t.add_row(esc(r["source"], keep_newlines=False), r["stage"], esc(r["reason"]),
                  esc(r["detail"][:80], keep_newlines=False), str(r["count"]))
    output.people().print(t)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def _check_target(target: Path, db: Path, force: bool) -> None:
    """Refuse to write onto the store (or its WAL/SHM/journal), a folder, a missing folder, or, without --force,
    any existing file."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        if _same_file(target, Path(str(db) + suffix)):
            output.error(f"{esc(target)} is the database{' ' + suffix[1:] + ' file' if suffix else ''}: "
                         "export to another file")
            raise typer.Exit(EXIT_USAGE)
    if target.is_dir():
        output.error(f"{esc(target)} is a folder: give a file name with -o (or use --dir for every table)")
        raise typer.Exit(EXIT_USAGE)
    parent = target.parent
    if not parent.is_dir():
        output.error(f"the folder {esc(parent)} does not exist: create it first")
        raise typer.Exit(EXIT_USAGE)
    if target.exists() and not force:
        output.error(f"{esc(target)} exists: add --force to overwrite it")
        raise typer.Exit(EXIT_USAGE)


def _write_table(store: Store, table: str, fmt: ExportFormat, target: Path | None) -> int:
    """Write one table to ``target`` (atomically: a temporary file renamed at the end) or stdout."""
    from newsledger.store import export as tables

    columns = [name for name, _ in tables.TABLES[table]]
    if fmt is ExportFormat.parquet:
        assert target is not None
        import pyarrow.parquet as pq

        data = tables.arrow_table(store.db, table)
        tmp = target.with_name(f".{target.name}.part")
        pq.write_table(data, str(tmp))
        os.replace(tmp, target)
        return int(data.num_rows)
    if target is None:
        if fmt is ExportFormat.csv:
            return output.write_csv(tables.rows(store.db, table), columns)
        return output.write_jsonl(tables.rows(store.db, table))
    tmp = target.with_name(f".{target.name}.part")
    try:
        with tmp.open("w", encoding="utf-8", newline="") as stream:
            if fmt is ExportFormat.csv:
                n = output.write_csv(tables.rows(store.db, table), columns, stream)
            else:
                n = output.write_jsonl(tables.rows(store.db, table), stream)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return n


@app.command()
def export(
    db: DbOption = Path(DEFAULT_DB),
    fmt: Annotated[ExportFormat, typer.Option("--format", help="Table format.")] = ExportFormat.jsonl,
    table: Annotated[ExportTable, typer.Option("--table", help="Which table to write.")] = ExportTable.articles,
    output_file: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default stdout; "
                                                     "required for parquet).")] = None,
    folder: Annotated[Path | None, typer.Option("--dir", help="Write every table into this existing folder, "
                                                "as TABLE.FORMAT.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
) -> None:
    """Export one table (articles, attributions, speakers, figures, failures), or all with --dir.

    Columns and types are fixed per table (docs/schemas/README.md). CSV cells that a spreadsheet would run
    as a formula (starting with = + - @, tab or CR) get a leading apostrophe (OWASP).
    """
    if output_file is not None and folder is not None:
        output.error("give either -o FILE or --dir FOLDER, not both")
        raise typer.Exit(EXIT_USAGE)
    targets: list[tuple[str, Path | None]]
    if folder is not None:
        if not folder.is_dir():
            output.error(f"{esc(folder)} is not an existing folder: create it first (mkdir -p {esc(folder)})")
            raise typer.Exit(EXIT_USAGE)
        targets = [(t.value, folder / f"{t.value}.{fmt.value}") for t in ExportTable]
    else:
        if fmt is ExportFormat.parquet and output_file is None:
            output.error("parquet needs -o FILE (or --dir FOLDER)")
            raise typer.Exit(EXIT_USAGE)
        targets = [(table.value, output_file)]
    for _, target in targets:
        if target is not None:
            _check_target(target, db, force)
    if fmt is ExportFormat.parquet:
        try:
            import pyarrow  # noqa: F401
        except ImportError as e:
            output.error(esc("parquet export needs pyarrow: pip install 'newsledger[parquet]'"))
            raise typer.Exit(EXIT_NOTHING) from e
    with _read(db) as store:
        for name, target in targets:
            n = _write_table(store, name, fmt, target)
            if target is not None:
                output.note(f"{n} {name} rows written to {esc(target)}")


@app.command()
def attributions(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, or - for stdin.")],
    fmt: Annotated[AttributionsFormat, typer.Option("--format", help="One attribution a line.")]
    = AttributionsFormat.jsonl,
    raw: Annotated[bool, typer.Option("--raw", help="Take each input as the article text as is.")] = False,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    workers: OneShotWorkersOption = None,
) -> None:
    """Attributions of pages, without a database: one JSON object per attribution."""
    from newsledger.scale.oneshot import attributions_of, run_bounded

    failed = ok = 0
    total = _count_inputs(paths)
    n_workers = _oneshot_workers(workers, timeout, total)
    with _progress(total if total and total > 3 else None) as bar, _interruptible(lambda: ok + failed):
        task = bar.add_task("analysing", total=total)
        # The same reading code and the same size and hard time bounds as `ingest`.
        items = read_inputs(paths, max_bytes=max_bytes)
        for item, analysis in run_bounded(attributions_of, items, timeout=timeout, workers=n_workers,
                                          analyze=True, raw=raw):
            bar.update(task, advance=1)
            if isinstance(analysis, Failure):
                if analysis.reason == "nlp-unavailable":
                    # Every input would fail the same way: say how to install it, once.
                    output.error(esc(analysis.detail))
                    raise typer.Exit(EXIT_NOTHING)
                _fail_line(analysis)
                failed += 1
                continue
            ok += 1
            if analysis.skipped:
                output.err().print(f"[yellow]skipped[/] {esc(item.source, keep_newlines=False)}: "
                                   f"{esc(analysis.skipped)}")
            for a in analysis.attributions:
                output.write_json({
                    "path": item.source, "kind": a.kind, "part": a.part,
                    "source": _span(a.source), "cue": _span(a.cue), "content": _span(a.content),
                    "content_spans": [_span(p) for p in a.pieces()],
                    "speaker": a.speaker, "co_speakers": list(a.co_speakers), "speaker_mention": a.speaker_mention,
                    "speaker_description": a.speaker_description, "channel": a.channel,
                    "relayed_by": a.relayed_by, "hedge": a.hedge, "hedge_cues": a.hedge_cues,
                    "paragraph": a.paragraph, "origin": a.origin,
                })
    if ok == 0 and failed:
        raise typer.Exit(EXIT_NOTHING)


def _span(s: Any) -> dict[str, Any] | None:
    return None if s is None else {"start": s.start, "end": s.end, "text": s.text}


def _pieces_text(row: Mapping[str, Any]) -> str:
    """A stored attribution's content as read: its pieces joined by " … " (#20), else ``content_text``."""
    pieces = row.get("content_spans") or []
    return " … ".join(p["text"] for p in pieces) if pieces else str(row["content_text"])


def _is_demo_store(db: Path) -> bool:
    """True if ``db`` is a store ``demo`` made: every input it holds came from the bundled samples."""
    import sqlite3

    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            sources = [r[0] for r in con.execute("SELECT source FROM inputs")]
            runs = [r[0] for r in con.execute("SELECT DISTINCT command FROM runs")]
        finally:
            con.close()
    except sqlite3.Error:
        return False
    sample_names = {p.name for p in (resources.files("newsledger") / "samples").iterdir()}
    # `reprocess` adds no input (it rebuilds from the kept ones): the README's tour runs it on the demo
    # store, after which `demo` refused to replace its own database (session 11).
    return set(runs) <= {"ingest", "reprocess"} and all(Path(s).name in sample_names for s in sources)


@app.command()
def demo(
    db: Annotated[Path, typer.Option("--db", help="Database to create (an earlier demo database is replaced).")] = Path(
        "newsledger-demo.db"
    ),
    force: Annotated[bool, typer.Option("--force", help="Replace the file even if it is not a demo database.")]
    = False,
) -> None:
    """Ingest the bundled sample corpus into a fresh database and show what it found."""
    if is_postgres_url(db):  # the demo replaces a file; a PostgreSQL database is never emptied for it
        output.error("demo makes a SQLite file: give --db a file name (ingest the samples into PostgreSQL instead)")
        raise typer.Exit(EXIT_USAGE)
    if db.exists() and not force and not _is_demo_store(db):
        output.error(f"{esc(db)} exists and is not a newsledger demo database: choose another --db, "
                     "or add --force to replace it")
        raise typer.Exit(EXIT_USAGE)
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    samples = resources.files("newsledger") / "samples"
    with resources.as_file(samples) as folder, _open(db) as store:
        summary = _run(store, "demo ingest", lambda tick: Pipeline(store, progress=tick).ingest(
            [str(folder)], exclude=["*.json", "*.md", "*.py"]
        ))
        rows = store.articles(limit=100)
        figs = store.figures(limit=100)
        n_quotes = store.count("attributions")
        linked = link_commands.demo_link(store)
    out = output.people()
    out.print(_articles_table(rows, title="Articles"))
    if figs:
        from rich.table import Table

        ft = Table("article", "figure", "counted", "according to", title="Figures side by side", title_justify="left")
        for f in figs:
            ft.add_row(str(f["article_id"]), esc(f["text"]), esc(f["counted"] or ""),
                       esc(f["according_to"] or "(the outlet)"))
        out.print(ft)
    link_commands.demo_show(linked)
    out.print(f"{summary.articles} articles, {n_quotes} attributions, {len(figs)} figures in {esc(db)}.")
    out.print("Look further:")
    for cmd in ("articles", "show 1", "quotes --speaker NAME", "figures --about TEXT", "articles --search WORD",
                "copies --all", "stories", "story ID"):
        out.print(f"  newsledger {cmd} --db {esc(db)}")
    out.print(f"  sqlite3 {esc(db)} 'SELECT speaker, content_text FROM attributions'")
    out.print("Open it in the browser (needs the serve extra):")
    out.print(f"  newsledger serve --db {esc(db)}")
    if summary.articles == 0:
        raise typer.Exit(EXIT_NOTHING)


app.command()(serve_command)
link_commands.register(app)
entity_commands.register(app)


def _version(value: bool) -> None:
    if value:
        output.write_text(f"newsledger {__version__}\n")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")]
    = False,
) -> None:
    pass


# `run` (Ray or local, to Parquet shards) and `load` live with the scale work.
from newsledger.scale.commands import register as _register_scale  # noqa: E402

_register_scale(app)


def _app_for(args: list[str]) -> typer.Typer:
    """The app to run for ``args``: for ``newsledger COMMAND ...`` a copy of ``app`` holding only COMMAND.

    Typer builds every command of an app (signature, type hints, parameters) before it reads the
    arguments: about 140 M instructions, a fifth of a one-page ``extract`` (issue #15).  The copy has
    the same callback, group options, class and settings and the command's own definition, so its help,
    usage errors and behaviour are the same (tests/test_cli_params.py compares them).  No command, a
    group option first, or a name that is not a plain command (a typo Typer suggests a fix for) runs
    the whole app.
    """
    if not args or app.registered_groups or app.registered_callback is None:
        return app
    from typer.main import get_command_name

    found = [info for info in app.registered_commands
             if (info.name or (get_command_name(info.callback.__name__) if info.callback else None)) == args[0]]
    if not found:
        return app
    one = copy.copy(app)
    one.registered_commands = found[-1:]  # Typer keeps the last command of a name, as a dict does
    return one


def main() -> None:
    if not sys.stderr.isatty():
        # Piped or captured: usage errors as click's plain lines, not Rich panels hard-wrapped at 80 columns.
        import typer.core

        typer.core.HAS_RICH = False
    try:
        _app_for(sys.argv[1:])()
    except BrokenPipeError:
        # The reader (``| head``) went away: stop quietly, as cat does.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)


if __name__ == "__main__":
    main()
