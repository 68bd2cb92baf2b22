"""Fixtures shared by the test modules: a database of either backend.

``db_url`` runs a test once on SQLite (a file in tmp_path) and once on
PostgreSQL.  The PostgreSQL server is $NEWSLEDGER_TEST_PG (a URL of a database
the tests may create schemas in) or, without it, a throwaway cluster this
session starts from the distribution's binaries (newsledger/store/pgtemp.py)
and stops at the end.  Each test gets its own schema, dropped afterwards.
Where no server can be had, the PostgreSQL runs skip with one message saying why.
"""

from __future__ import annotations

import os
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import pytest

PG_SKIP = "PostgreSQL tests skipped: "


def _no_server(reason: str) -> NoReturn:
    """Skip, saying why; in CI (.ci/run sets NEWSLEDGER_REQUIRE_PG where it installed the server), fail instead."""
    if os.environ.get("NEWSLEDGER_REQUIRE_PG"):
        pytest.fail("PostgreSQL is required here (NEWSLEDGER_REQUIRE_PG) but: " + reason, pytrace=False)
    pytest.skip(PG_SKIP + reason)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The URL of a PostgreSQL database the tests may create schemas in."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _no_server("psycopg is not installed (pip install -e '.[postgres]')")
    given = os.environ.get("NEWSLEDGER_TEST_PG")
    if given:
        yield given
        return
    from newsledger.store import pgtemp

    try:
        cluster = pgtemp.start()
    except (pgtemp.NoServer, OSError) as e:
        _no_server(str(e))
    try:
        yield cluster.create_database("newsledger_test")
    finally:
        cluster.stop()


def _with_schema(url: str, schema: str) -> str:
    return url + ("&" if "?" in url else "?") + f"options=-csearch_path%3D{schema}"


@contextmanager
def fresh_schema(server: str) -> Iterator[str]:
    """A store URL on ``server`` with an empty schema of its own, dropped at the end."""
    import psycopg

    schema = "nl_test_" + uuid.uuid4().hex[:12]
    with psycopg.connect(server, autocommit=True) as con:
        con.execute(f"CREATE SCHEMA {schema}")
    try:
        yield _with_schema(server, schema)
    finally:
        _drop_schema(server, schema)


def _drop_schema(server: str, schema: str) -> None:
    """Drop a test's schema; a session a test left behind (a killed process's) is ended first on our own
    throwaway cluster, and only waited for a bounded time on a server given by NEWSLEDGER_TEST_PG."""
    import psycopg

    with psycopg.connect(server, autocommit=True) as con:
        con.execute("SET lock_timeout = '20s'")
        try:
            con.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            return
        except psycopg.errors.LockNotAvailable:
            if os.environ.get("NEWSLEDGER_TEST_PG"):
                warnings.warn(f"schema {schema} left behind: another session holds a lock on it", stacklevel=2)
                return
        con.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
                    " AND datname = current_database()")
        con.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A PostgreSQL store URL of this test's own."""
    with fresh_schema(pg_server) as url:
        yield url


@pytest.fixture(scope="module")
def pg_module_url(pg_server: str) -> Iterator[str]:
    """A PostgreSQL store URL shared by one test module."""
    with fresh_schema(pg_server) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh store location on each backend: a SQLite file name, or a postgresql:// URL."""
    if request.param == "sqlite":
        return str(tmp_path / "n.db")
    url: Any = request.getfixturevalue("pg_url")
    return str(url)
