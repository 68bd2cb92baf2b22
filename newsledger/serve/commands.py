"""``newsledger serve``: the API and web UI on loopback unless told otherwise."""

from __future__ import annotations

import ipaddress
import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from newsledger.output import markup_escape as escape  # Rich is imported when something is drawn
from newsledger.store import DEFAULT_DB, is_postgres_url

if TYPE_CHECKING:
    from rich.console import Console

EXIT_NOTHING = 1
EXIT_USAGE = 2
EXIT_DB = 3

@lru_cache(maxsize=1)
def _err() -> Console:
    """The stderr Console, made on first use (Rich is not imported at start-up)."""
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    db: Annotated[Path, typer.Option("--db", help="SQLite database file or postgresql:// URL.",
                                     envvar="NEWSLEDGER_DB")] = Path(DEFAULT_DB),
    host: Annotated[str, typer.Option(help="Address to bind; loopback unless you mean to share it.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)] = 8000,
    max_upload: Annotated[int, typer.Option(help="Largest uploaded file, in bytes.", min=1)] = 8 * 1024 * 1024,
    upload_timeout: Annotated[float, typer.Option(help="Seconds allowed per upload and stage.", min=1)] = 60.0,
) -> None:
    """Serve the HTTP API (/openapi.json) and the web UI. Uploads need NEWSLEDGER_TOKEN set."""
    try:
        import uvicorn

        from newsledger.serve.app import Settings, create_app
    except ImportError as e:
        _err().print("[red]error:[/] " + escape("the server needs the serve extra: pip install 'newsledger[serve]'")
                  + f" ({escape(str(e))})")
        raise typer.Exit(EXIT_USAGE) from e
    if not is_postgres_url(db) and not db.exists():
        _err().print(f"[red]error:[/] no database at {escape(str(db))}: run `newsledger ingest` or"
                  " `newsledger demo` first")
        raise typer.Exit(EXIT_DB)
    from newsledger.store import Store, StoreError

    try:
        Store(db, must_exist=True).close()  # refuses a database newer than this code before the server starts
    except StoreError as e:
        _err().print(f"[red]error:[/] {escape(str(e))}")
        raise typer.Exit(EXIT_DB) from e
    if not _is_loopback(host):
        _err().print(f"[yellow]warning:[/] listening on {escape(host)}: anyone who can reach it can read the store")
    token = os.environ.get("NEWSLEDGER_TOKEN") or None
    app = create_app(Settings(db=str(db), token=token, max_upload=max_upload, upload_seconds=upload_timeout))
    _err().print(f"newsledger: http://{escape(host)}:{port}/  (API: /openapi.json; uploads "
              f"{'on' if token else 'off: set NEWSLEDGER_TOKEN'})")
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_keep_alive=5, limit_concurrency=200)
