"""The store on PostgreSQL (``--db postgresql://user@host:port/dbname``), through psycopg 3.

Imported only when a postgresql:// URL is opened (psycopg is the ``postgres``
extra).  :class:`PgStore` is the SQLite :class:`~newsledger.store.sqlite.Store`
with its few dialect-bound parts replaced: opening, migrating, the schema
version, transactions and full-text search.  Every other query of the code
base is written once, in SQLite's dialect, and :class:`PgConnection` runs it on
PostgreSQL, rewriting the handful of SQLite forms newsledger uses (``?``
placeholders, ``INSERT OR IGNORE/REPLACE``, ``ifnull``, ``LIMIT -1``, ASCII
case-insensitive ``LIKE``, NULL sorted first, two catalogue queries) by
:func:`translate`; the parameters always travel separately (psycopg binds them
server-side).  Table-sized reads (export) stream through a server-side cursor
(:meth:`PgConnection.stream`).

Writes are serialised as SQLite's ``BEGIN IMMEDIATE`` serialises them: each
write transaction first takes one transaction-scoped advisory lock, so two
ingests into one database interleave whole inputs and never deadlock, and
"stored exactly once after a kill" holds as on SQLite (one transaction per
input or batch).  Waiting for that lock is bounded (BUSY_TIMEOUT, as SQLite's
busy timeout); a statement outside a transaction that meets a serialization
failure or deadlock is retried a bounded number of times.

Errors come out as subclasses of ``sqlite3.Error`` (:class:`PgError`,
:class:`PgIntegrityError`), so the CLI's and the pipeline's database-error
handling (exit 3, "database-wide" versus "this record") is the same for both.
"""

from __future__ import annotations

import itertools
import os
import re
import sqlite3
import time
import unicodedata
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, ClassVar, cast

from newsledger.store.schema import MIGRATIONS
from newsledger.store.schema_pg import ID_TABLES, POSTGRESQL, REPLACE_KEYS
from newsledger.store.sqlite import BUSY_TIMEOUT, SearchSyntaxError, Store, StoreError, fts_query

URL_RE = re.compile(r"^postgres(?:ql)?:/+", re.IGNORECASE)

# The advisory lock every write transaction takes (newsledger's "BEGIN IMMEDIATE"): this number and the
# hash of the schema name, so stores in different schemas of one database do not wait for each other.
WRITE_LOCK = 0x6E65_7773  # "news"
LOCK_SQL = "SELECT pg_advisory_xact_lock(CAST(? AS INTEGER), hashtext(current_schema()))"
STATEMENT_RETRIES = 3


def is_url(path: object) -> bool:
    return bool(URL_RE.match(str(path)))


def normalise_url(path: object) -> str:
    """The URL as given; a ``Path`` made of it has folded ``//`` to ``/``, which is put back."""
    return URL_RE.sub(lambda m: m.group(0).rstrip("/") + "//", str(path), count=1)


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(//[^:/@]+):[^@/]*@", r"\1:***@", url)


class PgError(sqlite3.OperationalError):
    """A PostgreSQL error, in the sqlite3 error family the rest of newsledger handles."""


class PgIntegrityError(sqlite3.IntegrityError):
    """A PostgreSQL constraint violation."""


# -- SQL translation ----------------------------------------------------------

_LITERAL_RE = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"")
_INSERT_RE = re.compile(r"^\s*INSERT\s+(?:OR\s+(IGNORE|REPLACE)\s+)?INTO\s+(\w+)\s*\(([^)]*)\)", re.IGNORECASE)
_CATALOGUE = {
    "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')":
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()",
}
_TABLE_INFO_RE = re.compile(r"^\s*PRAGMA\s+table_info\((\w+)\)\s*$", re.IGNORECASE)


@lru_cache(maxsize=1024)
def translate(sql: str, has_params: bool, many: bool = False) -> tuple[str, bool]:
    """(PostgreSQL text of an SQLite-dialect statement, whether it returns the new row's id).

    String literals and quoted names are set aside first, so nothing inside
    them is rewritten (``%`` in them is doubled where psycopg reads placeholders).
    """
    if sql in _CATALOGUE:
        return _CATALOGUE[sql], False
    info = _TABLE_INFO_RE.match(sql)
    if info:
        return ("SELECT ordinal_position - 1 AS cid, column_name AS name, data_type AS type"
                " FROM information_schema.columns WHERE table_schema = current_schema()"
                f" AND table_name = '{info.group(1)}' ORDER BY ordinal_position"), False
    sql = sql.replace("datetime('now')", "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')")
    literals: list[str] = []

    def keep(m: re.Match[str]) -> str:
        literals.append(m.group(0))
        return f"\x01{len(literals) - 1}\x02"

    s = _LITERAL_RE.sub(keep, sql)
    if has_params:
        s = s.replace("%", "%%")
    returning = False
    insert = _INSERT_RE.match(s)
    if insert:
        mode, table, cols = (insert.group(1) or "").upper(), insert.group(2).lower(), insert.group(3)
        s = s[:insert.start()] + f"INSERT INTO {table} ({cols})" + s[insert.end():]
        if mode == "IGNORE":
            s = s.rstrip().rstrip(";") + " ON CONFLICT DO NOTHING"
        elif mode == "REPLACE":
            key = REPLACE_KEYS.get(table)
            if key is None:
                raise PgError(f"INSERT OR REPLACE into {table}: no key known for PostgreSQL (schema_pg.REPLACE_KEYS)")
            names = [c.strip() for c in cols.split(",")]
            sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in names if c not in key)
            s = s.rstrip().rstrip(";") + f" ON CONFLICT ({', '.join(key)}) DO " + (
                f"UPDATE SET {sets}" if sets else "NOTHING")
        if table in ID_TABLES and not many and "RETURNING" not in s.upper():
            s = s.rstrip().rstrip(";") + " RETURNING id"
            returning = True
    s = re.sub(r"\bifnull\s*\(", "coalesce(", s, flags=re.IGNORECASE)
    s = _scalar_min_max(s)
    s = re.sub(r"\bjson_group_array\s*\(", "json_agg(", s, flags=re.IGNORECASE)
    s = re.sub(r"\s+INDEXED\s+BY\s+\w+", "", s, flags=re.IGNORECASE)
    # SQLite's LIKE ignores ASCII case and has no escape character unless told; PostgreSQL's is exact
    # and escapes with a backslash.
    s = re.sub(r"(?<![\w.])LIKE\s+(\?|\x01\d+\x02)(?!\s+ESCAPE)", r"ILIKE \1 ESCAPE ''", s, flags=re.IGNORECASE)
    s = re.sub(r"(?<![\w.])LIKE\b", "ILIKE", s, flags=re.IGNORECASE)
    # SQLite sorts NULL first (ascending), PostgreSQL last: ordered as on SQLite.
    s = _nulls_like_sqlite(s)
    # SQLite's "no limit" is LIMIT -1 (Store._sql_limit); PostgreSQL's is LIMIT NULL.
    s = re.sub(r"\bLIMIT\s+\?", "LIMIT NULLIF(?, -1)", s, flags=re.IGNORECASE)
    # A bare parameter tested for NULL has no type PostgreSQL can infer (SQLite needs none).
    s = re.sub(r"(?<![\w.:])\?(\s+IS\s+(?:NOT\s+)?NULL)", r"CAST(? AS TEXT)\1", s, flags=re.IGNORECASE)
    s = s.replace("?", "%s")
    s = re.sub("\x01(\\d+)\x02", lambda m: literals[int(m.group(1))].replace("%", "%%" if has_params else "%"), s)
    return s, returning


_ORDER_BY_RE = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)
# What ends an ORDER BY list at its own bracket depth (besides a closing bracket, ";" and the end).
_ORDER_END_RE = re.compile(r"(LIMIT|OFFSET|UNION|INTERSECT|EXCEPT|ROWS|RANGE|GROUPS|FETCH|FOR|WINDOW)\b",
                           re.IGNORECASE)
_NULLS_RE = re.compile(r"\bNULLS\s+(?:FIRST|LAST)$", re.IGNORECASE)
_PLAIN_TERM_RE = re.compile(r"(?:(\w+)\.)?(\w+)(?:\s+(?:ASC|DESC))?", re.IGNORECASE)
_DESC_RE = re.compile(r"\bDESC$", re.IGNORECASE)
# Columns that are NOT NULL in every table that has one (checked against the catalogue by
# tests/test_postgres.py): ordering by them needs no NULLS clause, and adding one would keep PostgreSQL
# from reading them in index order (a page of "ORDER BY a.id DESC LIMIT 50" would sort every article;
# the speakers page reads speakers_name in order).  Only the ordered-by keys are listed, not every
# NOT NULL column; a computed column named like one (``min(s.id) AS id``) must never be NULL either.
# A LEFT JOINed table's columns can be NULL all the same: see _outer_aliases.
NOT_NULL_KEYS = frozenset({"id", "rowid", "seq", "article_id", "name", "alias", "alias_key"})
_OUTER_JOIN_RE = re.compile(r"\b(?:LEFT|RIGHT|FULL)\s+(?:OUTER\s+)?JOIN\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?",
                            re.IGNORECASE)
_JOIN_WORDS = frozenset({"on", "using", "where", "join", "left", "right", "full", "inner", "cross", "natural"})


def _outer_aliases(s: str) -> set[str] | None:
    """Names (table or alias) of the tables an outer join may fill with NULL; None: every name may be NULL.

    An unqualified column cannot be told apart, so a statement with an outer join gives it no exemption.
    """
    names: set[str] = set()
    for m in _OUTER_JOIN_RE.finditer(s):
        names.add(m.group(1).lower())
        if m.group(2) and m.group(2).lower() not in _JOIN_WORDS:
            names.add(m.group(2).lower())
    if re.search(r"\b(?:RIGHT|FULL)\s+(?:OUTER\s+)?JOIN\b", s, re.IGNORECASE):
        return None  # the left side too may be NULL-filled
    return names


def _nulls_like_sqlite(s: str) -> str:
    """Every ORDER BY term sorts NULL as SQLite does: smallest (ASC: NULLS FIRST, DESC: NULLS LAST).

    PostgreSQL sorts NULL as largest.  Each ORDER BY's terms are found by bracket depth (a window's or an
    aggregate's ORDER BY ends at its closing bracket, or at ROWS/RANGE/GROUPS of a frame); literals have
    been set aside by the caller.  A term that already says NULLS, or is a never-NULL key column
    (NOT_NULL_KEYS) of a table no outer join may fill with NULL, is kept.
    """
    inserts: list[tuple[int, str]] = []
    outer = _outer_aliases(s)
    for m in _ORDER_BY_RE.finditer(s):
        terms: list[tuple[int, int]] = []
        start = i = m.end()
        depth = 0
        while i < len(s):
            ch = s[i]
            if ch == "(":
                depth += 1
            elif ch == ")":
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and ch == ";":
                break
            elif depth == 0 and ch == ",":
                terms.append((start, i))
                start = i + 1
            elif depth == 0 and (i == 0 or not (s[i - 1].isalnum() or s[i - 1] in "_.")) \
                    and _ORDER_END_RE.match(s, i):
                break
            i += 1
        terms.append((start, i))
        for a, b in terms:
            term = s[a:b].strip()
            if not term or _NULLS_RE.search(term):
                continue
            plain = _PLAIN_TERM_RE.fullmatch(term)
            if plain and plain.group(2).lower() in NOT_NULL_KEYS and outer is not None:
                table = (plain.group(1) or "").lower()
                if (table and table not in outer) or (not table and not outer):
                    continue
            end = a + len(s[a:b].rstrip())
            inserts.append((end, " NULLS LAST" if _DESC_RE.search(term) else " NULLS FIRST"))
    for pos, text in sorted(inserts, reverse=True):
        s = s[:pos] + text + s[pos:]
    return s


_MIN_MAX_RE = re.compile(r"\b(min|max)\s*\(", re.IGNORECASE)


def _scalar_min_max(s: str) -> str:
    """SQLite's min(a, b) and max(a, b) of several arguments are LEAST and GREATEST (one argument: aggregate)."""
    out, pos = [], 0
    for m in _MIN_MAX_RE.finditer(s):
        if m.start() < pos:
            continue
        depth, i, comma = 1, m.end(), False
        while i < len(s) and depth:
            ch = s[i]
            depth += (ch == "(") - (ch == ")")
            comma = comma or (ch == "," and depth == 1)
            i += 1
        if comma:
            out.append(s[pos:m.start()] + ("LEAST(" if m.group(1).lower() == "min" else "GREATEST("))
            pos = m.end()
    return "".join(out) + s[pos:]


def _clean(value: Any) -> Any:
    """PostgreSQL text cannot hold NUL: written U+FFFD (the raw bytes keep the original)."""
    if isinstance(value, str) and "\x00" in value:
        return value.replace("\x00", "\ufffd")
    return value


def _params(params: Sequence[Any] | None) -> tuple[Any, ...] | None:
    if not params:
        return None
    return tuple(_clean(v) for v in params)


# -- the connection -------------------------------------------------------------

class PgRow:
    """A row readable as sqlite3.Row is: by index, by column name, and ``dict(row)``."""

    __slots__ = ("_names", "_values")

    def __init__(self, names: tuple[str, ...], values: Sequence[Any]) -> None:
        self._names = names
        self._values = tuple(values)

    def keys(self) -> list[str]:
        return list(self._names)

    def __getitem__(self, key: int | str) -> Any:
        if isinstance(key, str):
            try:
                return self._values[self._names.index(key)]
            except ValueError:
                raise IndexError(f"no such column: {key}") from None
        return self._values[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PgRow) and self._values == other._values and self._names == other._names

    def __hash__(self) -> int:
        return hash(self._values)

    def __repr__(self) -> str:
        return f"PgRow({dict(zip(self._names, self._values, strict=True))!r})"


class PgCursor:
    """The result of one statement, read as a sqlite3.Cursor is."""

    def __init__(self, rows: list[PgRow], rowcount: int, lastrowid: int | None) -> None:
        self._rows = rows
        self._pos = 0
        self.rowcount = rowcount
        self.lastrowid = lastrowid

    def fetchone(self) -> PgRow | None:
        if self._pos >= len(self._rows):
            return None
        self._pos += 1
        return self._rows[self._pos - 1]

    def fetchall(self) -> list[PgRow]:
        rest = self._rows[self._pos:]
        self._pos = len(self._rows)
        return rest

    def __iter__(self) -> Iterator[PgRow]:
        while (row := self.fetchone()) is not None:
            yield row


def _mapped(e: Exception) -> sqlite3.Error:
    import psycopg

    message = str(e).strip()
    if isinstance(e, psycopg.errors.IntegrityError):
        return PgIntegrityError(message)
    if isinstance(e, psycopg.errors.LockNotAvailable):
        return PgError(f"database is locked (waited {BUSY_TIMEOUT:.0f} s for another writer): {message}")
    return PgError(message)


_OPEN: weakref.WeakSet[PgConnection] = weakref.WeakSet()
_STREAMS = itertools.count(1)  # names of server-side cursors, unique within the process
# Rows fetched per round trip by PgConnection.stream: small enough to bound memory (a row of articles
# holds the whole text), large enough that round trips cost little.
STREAM_CHUNK = 500


def _release_in_child() -> None:
    """After fork, in the child: let go of every inherited connection's socket without a word to the server.

    A worker process forked by the ingest pool would otherwise keep the parent's session open: after the
    parent is killed the server would go on holding its transaction and the write lock for as long as the
    worker lives.  The socket's descriptor is pointed at /dev/null (not closed, so libpq's goodbye, should
    the child ever send one, goes nowhere instead of into a reused descriptor); the child never uses it.
    """
    for con in list(_OPEN):
        try:
            fd = con._con.pgconn.socket
        except Exception:  # already closed: nothing to release
            continue
        null = os.open(os.devnull, os.O_RDWR)
        try:
            os.dup2(null, fd)
        finally:
            os.close(null)


os.register_at_fork(after_in_child=_release_in_child)


class PgConnection:
    """A psycopg connection that takes SQLite-dialect SQL and answers as sqlite3 does (the subset used)."""

    def __init__(self, url: str) -> None:
        from psycopg.pq import TransactionStatus

        self.url = url
        # Kept, not imported in ``in_transaction``: that also runs from a context manager closed by
        # the garbage collector at interpreter exit, when imports fail ("sys.meta_path is None").
        self._idle = TransactionStatus.IDLE
        self._con = self._connect()
        _OPEN.add(self)

    def _connect(self) -> Any:
        import psycopg
        from psycopg.types.string import StrDumper, TextLoader

        con = psycopg.connect(self.url, autocommit=True, connect_timeout=10)
        self._con = con
        # json_group_array (json_agg here) comes back as text, as SQLite gives it.
        self._con.adapters.register_loader("json", TextLoader)
        # Python text goes as text (not "unknown"), so a parameter has a type wherever SQLite accepts one.
        self._con.adapters.register_dumper(str, StrDumper)
        self._con.execute(f"SET lock_timeout = '{int(BUSY_TIMEOUT * 1000)}ms'")
        return con

    @property
    def in_transaction(self) -> bool:
        # A broken connection's transaction is gone with it (the server rolled it back).
        return bool(not self._con.broken and self._con.info.transaction_status != self._idle)

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> PgCursor:
        import psycopg

        args = _params(params)
        text, returning = translate(sql, args is not None)
        attempt = 0
        while True:
            outside = not self.in_transaction
            try:
                cur = self._con.execute(cast(Any, text), args)
                break
            except psycopg.errors.SerializationFailure as e:
                err: Exception = e
            except psycopg.errors.DeadlockDetected as e:
                err = e
            except psycopg.OperationalError as e:
                # The server closed this connection (a restart, an idle timeout): a long-lived reader
                # (one per server thread) connects again once, where no transaction was lost with it.
                if not (self._con.broken and outside and attempt == 0):
                    raise _mapped(e) from e
                try:
                    self._connect()
                except psycopg.Error as again:
                    raise _mapped(again) from again
                attempt += 1
                continue
            except psycopg.Error as e:
                raise _mapped(e) from e
            attempt += 1
            if self.in_transaction or attempt > STATEMENT_RETRIES:
                raise _mapped(err) from err
            time.sleep(0.05 * attempt)
        rows: list[PgRow] = []
        if cur.description is not None:
            names = tuple(d.name for d in cur.description)
            rows = [PgRow(names, r) for r in cur.fetchall()]
        lastrowid = int(rows[0][0]) if returning and rows else None
        if returning:
            rows = []
        return PgCursor(rows, cur.rowcount, lastrowid)

    def stream(self, sql: str, params: Sequence[Any] | None = None, *, chunk: int | None = None) -> Iterator[PgRow]:
        """The rows of a read, fetched ``chunk`` (default STREAM_CHUNK) at a time from a server-side cursor.

        ``execute`` reads a whole result at once (libpq holds all of it); a table-sized read (export) goes
        through here instead, as SQLite steps through its result row by row.  A named cursor lives only in a
        transaction: outside one, a read-only transaction is opened for the stream and ended with it (also
        when the reader stops early), so nothing may be written on this connection while it is read.
        """
        import psycopg

        chunk = chunk or STREAM_CHUNK
        args = _params(params)
        text, _ = translate(sql, args is not None)
        own = not self.in_transaction
        name = f"newsledger_stream_{next(_STREAMS)}"
        try:
            if own:
                self._con.execute("BEGIN READ ONLY")
            with self._con.cursor(name=name) as cur:
                cur.itersize = chunk
                cur.execute(cast(Any, text), args)
                names = tuple(d.name for d in cur.description or ())
                while batch := cur.fetchmany(chunk):
                    for r in batch:
                        yield PgRow(names, r)
        except psycopg.Error as e:
            raise _mapped(e) from e
        finally:
            if own and self.in_transaction:  # a broken connection's transaction went with it
                self._con.execute("ROLLBACK")  # read only: nothing to keep, and it ends a failed one too

    def executemany(self, sql: str, seq: Sequence[Sequence[Any]] | Iterator[Sequence[Any]]) -> PgCursor:
        import psycopg

        batch = [tuple(_clean(v) for v in p) for p in seq]
        if not batch:
            return PgCursor([], 0, None)
        text, _ = translate(sql, True, many=True)
        try:
            with self._con.cursor() as cur:
                cur.executemany(cast(Any, text), batch)
                return PgCursor([], cur.rowcount, None)
        except psycopg.Error as e:
            raise _mapped(e) from e

    def close(self) -> None:
        self._con.close()


# -- the store ----------------------------------------------------------------

class PgStore(Store):
    """The store in a PostgreSQL database; the same methods and rows as the SQLite store."""

    dialect: ClassVar[str] = "postgresql"
    # Full-text search fragments (see Store): the query is a tsquery made by search_match.
    FTS_JOIN: ClassVar[str] = "JOIN articles_fts s ON s.rowid = a.id CROSS JOIN (SELECT ?::tsquery AS q) f"
    FTS_WHERE: ClassVar[str] = "s.doc @@ f.q"
    FTS_ORDER: ClassVar[str] = "ts_rank(s.doc, f.q) DESC, a.id"
    FTS_HITS: ClassVar[str] = "SELECT count(*) FROM (SELECT 1 FROM articles_fts WHERE doc @@ ?::tsquery LIMIT ?) h"
    FTS_RANKED: ClassVar[str] = (
        "(SELECT s.rowid AS rid, -ts_rank(s.doc, x.q)::float8 AS score FROM articles_fts s,"
        " (SELECT ?::tsquery AS q) x WHERE s.doc @@ x.q) f JOIN articles a ON a.id = f.rid")
    FTS_NEWEST: ClassVar[str] = "articles_fts JOIN articles a ON a.id = articles_fts.rowid"
    FTS_NEWEST_WHERE: ClassVar[str] = "articles_fts.doc @@ ?::tsquery"

    def __init__(self, path: object, *, must_exist: bool = False) -> None:
        self.path = normalise_url(path)
        shown = redact(self.path)
        try:
            import psycopg
        except ImportError as e:
            raise StoreError("a postgresql:// database needs psycopg: pip install 'newsledger[postgres]'") from e
        try:
            self.db = cast(sqlite3.Connection, PgConnection(self.path))
        except psycopg.Error as e:
            raise StoreError(f"cannot open database {shown}: {str(e).strip()}") from e
        try:
            self._open_schema(must_exist)
        except sqlite3.Error as e:
            self.db.close()
            raise StoreError(f"cannot open database {shown}: {e}") from e
        except StoreError:
            self.db.close()
            raise

    def _version_table(self) -> bool:
        return self.db.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema()"
            " AND table_name = 'newsledger_schema'").fetchone() is not None

    def _open_schema(self, must_exist: bool) -> None:
        if must_exist and not self._version_table():
            raise StoreError(f"no newsledger store in {redact(self.path)}: the database holds none "
                             "(check --db or NEWSLEDGER_DB; ingest creates one)")
        self._migrate()

    def _migrate(self) -> None:
        # A store at this code's version opens without waiting for writers; otherwise the version is
        # read again under the write lock (as SQLite reads it under BEGIN IMMEDIATE), so two first
        # runs at once do not both create the tables.
        if self._version_table() and self.schema_version == len(MIGRATIONS):
            return
        while True:
            with self.transaction():
                self.db.execute("CREATE TABLE IF NOT EXISTS newsledger_schema (version INTEGER NOT NULL)")
                row = self.db.execute("SELECT version FROM newsledger_schema").fetchone()
                if row is None:
                    self.db.execute("INSERT INTO newsledger_schema (version) VALUES (0)")
                current = int(row[0]) if row is not None else 0
                if current > len(MIGRATIONS):
                    raise StoreError(
                        f"{redact(self.path)} has schema version {current}, newer than this newsledger knows "
                        f"({len(MIGRATIONS)}): upgrade newsledger"
                    )
                if current == len(MIGRATIONS):
                    return
                sql = POSTGRESQL.get(current + 1, MIGRATIONS[current])
                self.db._con.execute(sql)  # type: ignore[attr-defined]  # a whole script: no parameters
                self.db.execute("UPDATE newsledger_schema SET version = ?", (current + 1,))

    @property
    def schema_version(self) -> int:
        row = self.db.execute("SELECT version FROM newsledger_schema").fetchone()
        return int(row[0]) if row else 0

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        if self.db.in_transaction:
            yield self.db
            return
        self.db.execute("BEGIN")
        try:
            self.db.execute(LOCK_SQL, (WRITE_LOCK,))
            yield self.db
        except BaseException:
            if self.db.in_transaction:  # else the connection broke and the server rolled back
                self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def unindexed(self) -> int:
        """PostgreSQL's ``articles_fts`` is kept by its trigger (schema_pg): nothing waits to be indexed."""
        return 0

    def complete_index(self, *, chunk: int | None = None) -> int:
        return 0

    def search_match(self, text: str, *, words: bool = False) -> str:
        """The tsquery (as text) for what the user typed; raises QueryError saying what is wrong."""
        fts_query(text)  # the same bounds on length and number of terms as on SQLite
        if words or not _SYNTAX_RE.search(text):
            tree: _Node = ("and", [("leaf", (w, None, False)) for w in text.split()])
        else:
            tree = _Parser(text).parse()
        leaves: list[tuple[str, str | None, bool]] = []
        _collect(tree, leaves)
        if not leaves:
            return ""
        marks = ", ".join("phraseto_tsquery('simple', newsledger_fold(?))::text" for _ in leaves)
        # Lower-cased here too: a database in the C locale lower-cases only ASCII letters itself.
        row = self.db.execute(f"SELECT {marks}", [t.lower() for t, _, _ in leaves]).fetchone()
        parts = [_leaf_query(str(q), col, prefix) for q, (_, col, prefix) in zip(tuple(row or ()), leaves, strict=True)]
        built = _build(tree, iter(parts))
        return built or ""


# -- the user's search syntax, to tsquery ---------------------------------------

_SYNTAX_RE = re.compile(r'["*():^+{}]|\b(?:AND|OR|NOT|NEAR)\b')
_COLUMNS = {"title": "A", "text": "B"}
_Node = tuple[str, Any]
_LEXEME_RE = re.compile(r"'(?:[^']|'')*'")


class _Parser:
    """FTS5's query syntax (docs/cli.md, 'Search syntax'): phrases, prefix*, AND/OR/NOT, (groups), title:."""

    def __init__(self, text: str) -> None:
        self.tokens = self._tokens(text)
        self.i = 0

    @staticmethod
    def _tokens(text: str) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        i = 0
        while i < len(text):
            ch = text[i]
            if ch.isspace():
                i += 1
            elif ch in "()":
                out.append((ch, ch))
                i += 1
            elif ch == '"':
                j, buf = i + 1, []
                while True:
                    if j >= len(text):
                        raise SearchSyntaxError(f"unterminated phrase: a \" at character {i + 1} has no closing \"")
                    if text[j] == '"':
                        if text[j + 1:j + 2] == '"':
                            buf.append('"')
                            j += 2
                            continue
                        break
                    buf.append(text[j])
                    j += 1
                out.append(("phrase", "".join(buf)))
                i = j + 1
            elif ch == "*":
                out.append(("*", "*"))
                i += 1
            else:
                j = i
                while j < len(text) and not text[j].isspace() and text[j] not in '()"*':
                    j += 1
                word = text[i:j]
                if word in ("AND", "OR", "NOT"):
                    out.append((word, word))
                elif word == "NEAR" and text[j:j + 1] == "(":
                    raise SearchSyntaxError(
                        "NEAR(...) is not supported on PostgreSQL: search the words, or a \"phrase\"")
                elif word.endswith(":") and len(word) > 1:
                    col = word[:-1]
                    if col not in _COLUMNS:
                        raise SearchSyntaxError(f"no such column: {col} (the columns are title and text)")
                    out.append(("col", col))
                elif ":" in word and word.split(":", 1)[0] in _COLUMNS and word.split(":", 1)[1]:
                    col, rest = word.split(":", 1)
                    out += [("col", col), ("word", rest)]
                elif ":" in word.strip(":"):
                    raise SearchSyntaxError(f"no such column: {word.split(':', 1)[0]} (the columns are title and text)")
                elif word in ("^", "+", "{", "}") or word.startswith(("^", "{", "}")):
                    raise SearchSyntaxError(f"syntax error near {word!r}")
                else:
                    out.append(("word", word))
                i = j
        return out

    def _peek(self) -> str | None:
        return self.tokens[self.i][0] if self.i < len(self.tokens) else None

    def parse(self) -> _Node:
        if not self.tokens:
            return ("and", [])
        node = self._or()
        if self.i < len(self.tokens):
            raise SearchSyntaxError(f"syntax error near {self.tokens[self.i][1]!r}")
        return node

    def _or(self) -> _Node:
        items = [self._and()]
        while self._peek() == "OR":
            self.i += 1
            items.append(self._and())
        return items[0] if len(items) == 1 else ("or", items)

    def _and(self) -> _Node:
        items = [self._not()]
        while self._peek() in ("AND", "word", "phrase", "col", "("):
            if self._peek() == "AND":
                self.i += 1
            items.append(self._not())
        return items[0] if len(items) == 1 else ("and", items)

    def _not(self) -> _Node:
        node = self._primary()
        while self._peek() == "NOT":
            self.i += 1
            node = ("not", [node, self._primary()])
        return node

    def _primary(self, col: str | None = None) -> _Node:
        kind = self._peek()
        if kind is None:
            raise SearchSyntaxError("the search ends where a word was expected (after AND, OR, NOT or a column)")
        tok = self.tokens[self.i]
        if kind == "col":
            self.i += 1
            return self._primary(tok[1])
        if kind == "(":
            if col is not None:
                raise SearchSyntaxError("title:( ... ) is not supported on PostgreSQL: write title: before each word")
            self.i += 1
            node = self._or()
            if self._peek() != ")":
                raise SearchSyntaxError("a ( has no closing )")
            self.i += 1
            return node
        if kind in ("word", "phrase"):
            self.i += 1
            prefix = self._peek() == "*"
            if prefix:
                self.i += 1
            return ("leaf", (tok[1], col, prefix))
        raise SearchSyntaxError(f"syntax error near {tok[1]!r}: a word or \"phrase\" is expected here")


def _collect(node: _Node, out: list[tuple[str, str | None, bool]]) -> None:
    if node[0] == "leaf":
        out.append(node[1])
    else:
        for child in node[1]:
            _collect(child, out)


def _leaf_query(q: str, col: str | None, prefix: bool) -> str | None:
    """One phrase's tsquery text with the column's weight and the prefix mark put on its lexemes."""
    if not q.strip():
        return None
    lexemes = list(_LEXEME_RE.finditer(q))
    weight = _COLUMNS[col] if col else ""
    out, last = [], 0
    for n, m in enumerate(lexemes):
        lex = m.group(0)  # phraseto_tsquery writes no weights or prefix marks of its own
        marks = ("*" if prefix and n == len(lexemes) - 1 else "") + weight
        out.append(q[last:m.start()] + lex + (":" + marks if marks else ""))
        last = m.end()
    out.append(q[last:])
    text = "".join(out)
    return f"({text})" if len(lexemes) > 1 else text


def _build(node: _Node, parts: Iterator[str | None]) -> str | None:
    """The tsquery text of ``node``; None for a part with no searchable word (it matches nothing)."""
    kind, value = node
    if kind == "leaf":
        return next(parts)
    items = [_build(child, parts) for child in value]
    if kind == "and":
        if not items or any(i is None for i in items):
            return None
        return "(" + " & ".join(cast(list[str], items)) + ")" if len(items) > 1 else items[0]
    if kind == "or":
        kept = [i for i in items if i is not None]
        if not kept:
            return None
        return "(" + " | ".join(kept) + ")" if len(kept) > 1 else kept[0]
    left, right = items
    if left is None:
        return None
    return left if right is None else f"({left} & !{right})"


def fold(text: str) -> str:
    """What newsledger_fold does, in Python (for tests and messages)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))
