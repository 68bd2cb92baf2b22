"""The ``newsledger`` command line.

Exit codes: 0 success; 1 nothing could be done (every input failed, or no
such article); 2 bad usage; 3 the database could not be opened or is newer
than this version.
"""

from __future__ import annotations

import csv
import json
import sys
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsledger import __version__
from newsledger.ingest import DEFAULT_MAX_BYTES, read_inputs
from newsledger.pipeline import DEFAULT_TIMEOUT, Pipeline, RunSummary, extract_one
from newsledger.records import Analysis, Failure
from newsledger.store import DEFAULT_DB, Store, StoreError

EXIT_NOTHING = 1
EXIT_USAGE = 2
EXIT_DB = 3

app = typer.Typer(
    help="newsledger: who said what, when, how sure, and who copied whom.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

DbOption = Annotated[Path, typer.Option("--db", help="SQLite database file.", envvar="NEWSLEDGER_DB")]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _open(db: Path) -> Store:
    try:
        return Store(db)
    except StoreError as e:
        err.print(f"[red]error:[/] {escape(str(e))}")
        raise typer.Exit(EXIT_DB) from e


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, default=str)


def _print_summary(summary: RunSummary, store: Store, *, title: str) -> None:
    t = Table(title=title, show_header=False, title_justify="left")
    t.add_row("inputs read", str(summary.inputs))
    t.add_row("articles stored", str(summary.articles))
    t.add_row("with analysis", str(summary.analysed))
    t.add_row("duplicates skipped", str(summary.duplicates))
    if summary.resumed:
        t.add_row("done by an earlier run", str(summary.resumed))
    for what, n in sorted(summary.skipped.items()):
        t.add_row(f"  not a page: {escape(what)}", str(n))
    t.add_row("failures", str(sum(summary.failures.values())))
    for reason, n in summary.failures.most_common():
        t.add_row(f"  {reason}", str(n))
    t.add_row("elapsed", f"{summary.seconds:.2f} s")
    t.add_row("database", escape(store.path))
    err.print(t)
    for source, stage, reason in summary.failed_sources[:20]:
        err.print(f"  [yellow]failed[/] {escape(source)}: {stage} {escape(reason)}")
    if len(summary.failed_sources) > 20:
        err.print(f"  ... and {len(summary.failed_sources) - 20} more: see `newsledger failures`")


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed} inputs"),
        TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal,
    )


def _run(store: Store, summary_title: str, work: Any) -> RunSummary:
    with _progress() as bar:
        task = bar.add_task("working", total=None)

        def tick(source: str) -> None:
            bar.update(task, advance=1, description=escape(Path(source).name[:40]))

        summary: RunSummary = work(tick)
    _print_summary(summary, store, title=summary_title)
    return summary


@app.command()
def ingest(
    paths: Annotated[list[str] | None, typer.Argument(help="Files, folders (recursive), .gz files, WARC/ARC, "
                                                      "feeds, JSONL, or - for stdin.")] = None,
    db: DbOption = Path(DEFAULT_DB),
    include: Annotated[list[str], typer.Option("--include", help="Only files matching this glob.")] = [],  # noqa: B006
    exclude: Annotated[list[str], typer.Option("--exclude", help="Skip files matching this glob.")] = [],  # noqa: B006
    url: Annotated[str | None, typer.Option(help="Page URL, where the input has none.")] = None,
    max_bytes: Annotated[int, typer.Option(help="Largest input accepted.")] = DEFAULT_MAX_BYTES,
    timeout: Annotated[float, typer.Option(help="Seconds allowed per input and stage.")] = DEFAULT_TIMEOUT,
    no_analyze: Annotated[bool, typer.Option("--no-analyze", "--extract-only",
                                             help="Extract only; `reprocess` adds the analysis later.")] = False,
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
    from newsledger.scale.commands import ingest_options

    opts = ingest_options(paths, field=field, urls=urls, resume=resume, db=db, url=url, include=include,
                          exclude=exclude, max_bytes=max_bytes, workers=workers)
    with _open(db) as store:

        def work(tick: Any) -> RunSummary:
            pipeline = Pipeline(store, progress=tick, analyze=not no_analyze, timeout=timeout, workers=opts.workers)
            return pipeline.ingest(opts.paths, include=opts.include, exclude=opts.exclude, url=opts.url,
                                   max_bytes=opts.max_bytes, urls=opts.urls, fields=opts.fields,
                                   commit_every=max(1, commit_every))

        summary = _run(store, "ingest", work)
    if summary.inputs and summary.articles == 0 and summary.duplicates == 0:
        raise typer.Exit(EXIT_NOTHING)


@app.command()
def reprocess(
    db: DbOption = Path(DEFAULT_DB),
    everything: Annotated[bool, typer.Option("--all", help="Rebuild every article, not only stale ones.")] = False,
    timeout: Annotated[float, typer.Option(help="Seconds allowed per input and stage.")] = DEFAULT_TIMEOUT,
) -> None:
    """Rebuild articles and analyses from the kept raw inputs with the current code."""
    with _open(db) as store:
        _run(store, "reprocess", lambda tick: Pipeline(store, progress=tick, timeout=timeout).reprocess(
            everything=everything
        ))


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, or - for stdin.")],
    fmt: Annotated[str, typer.Option("--format", help="jsonl, json or text.")] = "jsonl",
    url: Annotated[str | None, typer.Option(help="Page URL, where the input has none.")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds allowed per input.")] = DEFAULT_TIMEOUT,
) -> None:
    """Extract articles without a database: one JSON object per input."""
    if fmt not in ("jsonl", "json", "text"):
        err.print(f"[red]error:[/] unknown format {escape(fmt)!r}: use jsonl, json or text")
        raise typer.Exit(EXIT_USAGE)
    results: list[dict[str, Any]] = []
    ok = failed = 0
    for item in read_inputs(paths, url=url):
        if isinstance(item, Failure):
            result: Any = item
        else:
            result = extract_one(item, timeout=timeout)
        if isinstance(result, Failure):
            failed += 1
            err.print(f"[yellow]failed[/] {escape(result.source)}: {result.stage} {escape(result.reason)}"
                      + (f" ({escape(result.detail)})" if result.detail else ""))
            continue
        ok += 1
        record = {"path": item.source, **result.to_dict()}
        record["published"] = result.published.iso if result.published else None
        record["published_ambiguous"] = bool(result.published and result.published.ambiguous)
        if fmt == "jsonl":
            out.print(_dump(record), markup=False, soft_wrap=True)
        elif fmt == "json":
            results.append(record)
        else:
            out.print(f"# {result.title or ''}\n\n{result.text}\n", markup=False, soft_wrap=True)
    if fmt == "json":
        out.print(json.dumps(results[0] if len(results) == 1 else results, ensure_ascii=False, indent=2),
                  markup=False, soft_wrap=True)
    if ok == 0 and failed:
        raise typer.Exit(EXIT_NOTHING)


def _articles_table(rows: list[dict[str, Any]], *, title: str | None = None) -> Table:
    t = Table("id", "published", "publisher", "title", "quotes", "figures", title=title, title_justify="left")
    for r in rows:
        # "?" marks a date whose day/month order nothing on the page decided.
        date = (r["published"] or "")[:10] + ("?" if r["published_ambiguous"] else "")
        t.add_row(str(r["id"]), date, escape(r["original_publisher"] or r["publisher"] or ""),
                  escape(r["title"] or ""), str(r["attributions"]), str(r["figures"]))
    return t


@app.command()
def articles(
    db: DbOption = Path(DEFAULT_DB),
    search: Annotated[str | None, typer.Option("--search", "-s", help="Full-text search in titles and bodies.")] = None,
    publisher: Annotated[str | None, typer.Option(help="Publisher or original publisher contains.")] = None,
    language: Annotated[str | None, typer.Option(help="ISO 639-1 code, e.g. en.")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before (YYYY-MM-DD).")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 50,
    as_json: JsonFlag = False,
) -> None:
    """List stored articles."""
    with _open(db) as store:
        rows = store.articles(search=search, publisher=publisher, language=language, since=since, until=until,
                              limit=limit)
    if as_json:
        out.print(_dump(rows), markup=False, soft_wrap=True)
        return
    out.print(_articles_table(rows))


@app.command()
def show(
    article_id: Annotated[int, typer.Argument(help="Article id (see `newsledger articles`).")],
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonFlag = False,
) -> None:
    """Show one article with its attributions, speakers and figures."""
    with _open(db) as store:
        art = store.article(article_id)
    if art is None:
        err.print(f"[red]error:[/] no article {article_id}")
        raise typer.Exit(EXIT_NOTHING)
    if as_json:
        out.print(_dump(art), markup=False, soft_wrap=True)
        return
    out.print(f"[bold]{escape(art['title'] or '(no title)')}[/]")
    for label, key in (("byline", "byline"), ("publisher", "publisher"), ("original publisher", "original_publisher"),
                       ("published", "published"), ("url", "url"), ("canonical", "canonical_url"),
                       ("original url", "original_url"), ("language", "language")):
        if art[key]:
            extra = " (ambiguous day/month order)" if key == "published" and art["published_ambiguous"] else ""
            out.print(f"  {label}: {escape(str(art[key]))}{extra}")
    for cap in art["captions"]:
        credit = f" [dim]({escape(cap['credit'])})[/]" if cap["credit"] else ""
        out.print(f"  caption: {escape(cap['text'])}{credit}")
    out.print(f"  {len(art['paragraphs'])} paragraphs; sources: {escape(', '.join(art['sources']))}")
    if art["analysis_skipped"]:
        out.print(f"  [yellow]analysis skipped:[/] {escape(art['analysis_skipped'])}")
    if art["speakers"]:
        t = Table("speaker", "kind", "descriptions", title="Speakers", title_justify="left")
        for s in art["speakers"]:
            t.add_row(escape(" ".join(x for x in (s["title"], s["name"]) if x)), s["kind"],
                      escape("; ".join(s["descriptions"])))
        out.print(t)
    if art["attributions"]:
        t = Table("speaker", "kind", "cue", "content", "hedge", title="Attributions", title_justify="left")
        for a in art["attributions"]:
            t.add_row(escape(a["speaker"] or a["source_text"] or "?"), a["kind"], escape(a["cue_text"] or ""),
                      escape(a["content_text"]), a["hedge"])
        out.print(t)
    if art["figures"]:
        t = Table("figure", "counted", "where", "according to", title="Figures", title_justify="left")
        for f in art["figures"]:
            t.add_row(escape(f["text"]), escape(f["counted"] or ""), escape(f["location"] or ""),
                      escape(f["according_to"] or "(the outlet)"))
        out.print(t)


@app.command()
def quotes(
    db: DbOption = Path(DEFAULT_DB),
    speaker: Annotated[str | None, typer.Option(help="Speaker name contains.")] = None,
    kind: Annotated[str | None, typer.Option(help="direct, indirect or mixed.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 100,
    as_json: JsonFlag = False,
) -> None:
    """Attributions across all articles, by speaker."""
    with _open(db) as store:
        rows = store.quotes(speaker=speaker, kind=kind, limit=limit)
    if as_json:
        out.print(_dump(rows), markup=False, soft_wrap=True)
        return
    t = Table("article", "published", "speaker", "kind", "cue", "content", "hedge")
    for r in rows:
        t.add_row(str(r["article_id"]), (r["published"] or "")[:10], escape(r["speaker"] or "?"), r["kind"],
                  escape(r["cue_text"] or ""), escape(r["content_text"]), r["hedge"])
    out.print(t)


@app.command()
def figures(
    db: DbOption = Path(DEFAULT_DB),
    about: Annotated[str | None, typer.Option(help="What is counted, where, or the figure contains.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 200,
    as_json: JsonFlag = False,
) -> None:
    """Numeric claims across all articles, side by side."""
    with _open(db) as store:
        rows = store.figures(about=about, limit=limit)
    if as_json:
        out.print(_dump(rows), markup=False, soft_wrap=True)
        return
    t = Table("article", "published", "figure", "counted", "where", "according to", "outlet")
    for r in rows:
        t.add_row(str(r["article_id"]), (r["published"] or "")[:10], escape(r["text"]), escape(r["counted"] or ""),
                  escape(r["location"] or ""), escape(r["according_to"] or ""),
                  escape(r["original_publisher"] or r["publisher"] or ""))
    out.print(t)


@app.command()
def failures(db: DbOption = Path(DEFAULT_DB), as_json: JsonFlag = False) -> None:
    """Inputs that could not be processed, and why."""
    with _open(db) as store:
        rows = store.failures()
    if as_json:
        out.print(_dump(rows), markup=False, soft_wrap=True)
        return
    t = Table("source", "stage", "reason", "detail", "count")
    for r in rows:
        t.add_row(escape(r["source"]), r["stage"], escape(r["reason"]), escape(r["detail"][:80]), str(r["count"]))
    out.print(t)


@app.command()
def export(
    db: DbOption = Path(DEFAULT_DB),
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv or parquet.")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default stdout; "
                                                "required for parquet).")] = None,
) -> None:
    """Export all articles with their attributions, speakers and figures."""
    if fmt not in ("jsonl", "csv", "parquet"):
        err.print(f"[red]error:[/] unknown format {escape(fmt)!r}: use jsonl, csv or parquet")
        raise typer.Exit(EXIT_USAGE)
    with _open(db) as store:
        if fmt == "jsonl":
            stream = output.open("w", encoding="utf-8") if output else sys.stdout
            try:
                for art in store.iter_articles():
                    stream.write(_dump(art) + "\n")
            finally:
                if output:
                    stream.close()
        elif fmt == "csv":
            rows = list(store.export_rows())
            stream = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
            try:
                if rows:
                    w = csv.DictWriter(stream, fieldnames=list(rows[0]))
                    w.writeheader()
                    w.writerows(rows)
            finally:
                if output:
                    stream.close()
        else:
            if output is None:
                err.print("[red]error:[/] parquet needs --output FILE")
                raise typer.Exit(EXIT_USAGE)
            try:
                import pyarrow as pa
                import pyarrow.parquet as pq
            except ImportError as e:
                err.print("[red]error:[/] parquet export needs pyarrow: pip install 'newsledger[parquet]'")
                raise typer.Exit(EXIT_USAGE) from e
            pq.write_table(pa.Table.from_pylist(list(store.export_rows())), str(output))


@app.command()
def attributions(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, or - for stdin.")],
    fmt: Annotated[str, typer.Option("--format", help="jsonl (one attribution a line).")] = "jsonl",
    raw: Annotated[bool, typer.Option("--raw", help="Take each input as the article text as is.")] = False,
) -> None:
    """Attributions of pages, without a database: one JSON object per attribution."""
    from newsledger import analyze as analyze_stage

    if fmt != "jsonl":
        err.print("[red]error:[/] only --format jsonl is supported")
        raise typer.Exit(EXIT_USAGE)
    failed = ok = 0
    for item in read_inputs(paths):
        if isinstance(item, Failure):
            err.print(f"[yellow]failed[/] {escape(item.source)}: {escape(item.reason)}")
            failed += 1
            continue
        analysis: Analysis
        if raw:
            analysis = analyze_stage.analyze_text(item.text)
        else:
            art = extract_one(item)
            if isinstance(art, Failure):
                err.print(f"[yellow]failed[/] {escape(art.source)}: {escape(art.reason)}")
                failed += 1
                continue
            analysis = analyze_stage.analyze(art)
        ok += 1
        if analysis.skipped:
            err.print(f"[yellow]skipped[/] {escape(item.source)}: {escape(analysis.skipped)}")
        for a in analysis.attributions:
            record = {
                "path": item.source, "kind": a.kind, "part": a.part,
                "source": _span(a.source), "cue": _span(a.cue), "content": _span(a.content),
                "speaker": a.speaker, "speaker_mention": a.speaker_mention,
                "speaker_description": a.speaker_description, "channel": a.channel,
                "relayed_by": a.relayed_by, "hedge": a.hedge, "hedge_cues": a.hedge_cues,
            }
            out.print(_dump(record), markup=False, soft_wrap=True)
    if ok == 0 and failed:
        raise typer.Exit(EXIT_NOTHING)


def _span(s: Any) -> dict[str, Any] | None:
    return None if s is None else {"start": s.start, "end": s.end, "text": s.text}


@app.command()
def demo(
    db: Annotated[Path, typer.Option("--db", help="Database to create (replaced if it exists).")] = Path(
        "newsledger-demo.db"
    ),
) -> None:
    """Ingest the bundled sample corpus into a fresh database and show what it found."""
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
    out.print(_articles_table(rows, title="Articles"))
    if figs:
        ft = Table("article", "figure", "counted", "according to", title="Figures side by side", title_justify="left")
        for f in figs:
            ft.add_row(str(f["article_id"]), escape(f["text"]), escape(f["counted"] or ""),
                       escape(f["according_to"] or "(the outlet)"))
        out.print(ft)
    out.print(f"{summary.articles} articles, {n_quotes} attributions, {len(figs)} figures in {escape(str(db))}.")
    out.print("Look further:")
    for cmd in ("articles", "show 1", "quotes --speaker NAME", "figures --about TEXT", "articles --search WORD"):
        out.print(f"  newsledger {cmd} --db {escape(str(db))}")
    out.print(f"  sqlite3 {escape(str(db))} 'SELECT speaker, content_text FROM attributions'")
    if summary.articles == 0:
        raise typer.Exit(EXIT_NOTHING)


def _version(value: bool) -> None:
    if value:
        out.print(f"newsledger {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")]
    = False,
) -> None:
    pass


def main() -> None:
    app()


if __name__ == "__main__":
    main()
