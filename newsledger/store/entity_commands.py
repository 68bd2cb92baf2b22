"""CLI command for speakers as entities (issue #16): ``newsledger entities``.

Registered on the Typer app by ``register`` (one line in newsledger/cli.py).
Machine output (``--json``) is written with the standard library; the table
for people is drawn by Rich with every stored name escaped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from newsledger import output
from newsledger.output import for_people as _safe
from newsledger.store import DEFAULT_DB, Store, StoreError

EXIT_NOTHING, EXIT_DB = 1, 3
DbOption = Annotated[Path, typer.Option("--db", help="SQLite database file.", envvar="NEWSLEDGER_DB")]


def entities(
    name: Annotated[str | None, typer.Argument(help="Only the entity one of whose names is this (or ends with it).")]
    = None,
    limit: Annotated[int, typer.Option(help="At most this many entities (0: all).", min=0)] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON array on stdout.")] = False,
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Speakers joined across articles: each person or body, every name it goes by, how many quotes."""
    try:
        store = Store(db, must_exist=True)
    except StoreError as e:
        output.error(_safe(str(e)))
        raise typer.Exit(EXIT_DB) from e
    with store:
        rows = _rows(store, name, limit)
    if as_json:
        output.write_json(rows)
    else:
        from rich.table import Table

        table = Table("entity", "kind", "quotes", "articles", "also named")
        for r in rows:
            table.add_row(_safe(r["name"]), r["kind"], str(r["quotes"]), str(r["articles"]),
                          _safe("; ".join(a for a in r["aliases"] if a != r["name"])))
        output.people().print(table)
    if not rows:
        raise typer.Exit(EXIT_NOTHING)


def _rows(store: Store, name: str | None, limit: int) -> list[dict[str, Any]]:
    where, params = "", []
    if name:
        ids = store.entity_ids(name)
        if not ids:
            return []
        where = f"WHERE e.id IN ({', '.join('?' for _ in ids)})"
        params = list(ids)
    sql = (
        "SELECT e.id, e.name, e.kind,"
        " (SELECT count(*) FROM attributions t JOIN speakers s ON s.id = t.speaker_id WHERE s.entity_id = e.id)"
        " AS quotes,"
        " (SELECT count(DISTINCT s.article_id) FROM speakers s WHERE s.entity_id = e.id) AS articles"
        f" FROM entities e {where} ORDER BY quotes DESC, e.name"
        + (" LIMIT ?" if limit else "")
    )
    out = []
    for r in store.db.execute(sql, (*params, limit) if limit else tuple(params)):
        aliases = [a[0] for a in store.db.execute(
            "SELECT alias FROM entity_aliases WHERE entity_id = ? ORDER BY alias", (r["id"],))]
        # the id is stable across ingests and reprocess, and is the speaker page's (/speakers/{id})
        out.append({"id": int(r["id"]), "name": r["name"], "kind": r["kind"], "quotes": r["quotes"],
                    "articles": r["articles"], "aliases": aliases})
    return out


def register(app: typer.Typer) -> None:
    app.command()(entities)
