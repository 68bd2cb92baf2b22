"""The embedded store: one SQLite file, readable with any SQLite tool.

Each input is written in one transaction (raw bytes, article, analysis), so a
run killed at any point leaves either all of an input or none of it; running
again skips what is already stored at the current stage versions.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
import zlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

from newsledger.dates import normalise_published, parse_user_date
from newsledger.records import Analysis, Article, Attribution, Document, Failure, block_dicts
from newsledger.store.schema import MIGRATIONS

Row = dict[str, Any]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _content_spans(at: Attribution) -> str | None:
    """The column ``content_spans``: the pieces as JSON, or NULL for a content of one span (#20)."""
    pieces = at.pieces()
    if len(pieces) < 2:
        return None
    return _json([{"start": p.start, "end": p.end, "text": p.text} for p in pieces])


def content_pieces(row: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A stored attribution's content pieces (``{start, end, text}``): its ``content_spans``, or the
    one span ``content_start``..``content_end`` where that is NULL (or the row predates it)."""
    stored = row.get("content_spans")
    if stored:
        pieces = json.loads(stored) if isinstance(stored, str) else stored
        if isinstance(pieces, list) and pieces:
            return [dict(p) for p in pieces]
    return [{"start": row["content_start"], "end": row["content_end"], "text": row["content_text"]}]


# The names of an attribution ``t``'s further speakers (table attribution_speakers, migration 16), in text
# order, as JSON text ("[]" or NULL for none: read with ``co_speaker_names``).
CO_SPEAKERS_SQL = (
    "(SELECT json_group_array(c.name) FROM (SELECT s.name FROM attribution_speakers x"
    " JOIN speakers s ON s.id = x.speaker_id WHERE x.attribution_id = t.id ORDER BY x.position) c)"
)


def co_speaker_names(value: Any) -> list[str]:
    """``CO_SPEAKERS_SQL``'s value as a list of names (PostgreSQL's json_agg gives NULL for none)."""
    if not value:
        return []
    names = json.loads(value) if isinstance(value, str) else value
    return [str(n) for n in names if n is not None]


def co_speaker_sql(names_sql: str, alias: str = "s") -> str:
    """Attributions of ``t`` with a further speaker (``Attribution.co_speakers``, table attribution_speakers)
    among the ``speakers`` rows chosen by ``names_sql``, a WHERE condition on ``alias`` (another alias where
    the outer query already calls a table ``s``)."""
    return (
        f"t.id IN (SELECT x.attribution_id FROM attribution_speakers x JOIN speakers {alias}"
        f" ON {alias}.id = x.speaker_id WHERE {names_sql})"
    )


def speaker_match_sql(names_sql: str) -> str:
    """Attributions of ``t`` that have a speaker among the ``speakers`` rows chosen by ``names_sql`` (a
    WHERE condition on ``s``): their own speaker or a further one (``Attribution.co_speakers``)."""
    return f"(t.speaker_id IN (SELECT s.id FROM speakers s WHERE {names_sql}) OR {co_speaker_sql(names_sql)})"


def is_current_in(db: Any, sha: str, extract_version: str, analyze_version: str | None) -> bool:
    """Whether ``db`` (a connection whose rows are read by column name) holds the article of ``sha`` made
    at these versions (an analysis version of None: any).  The store's check, and an ingest worker's on its
    own read-only connection (``newsledger.scale.work``)."""
    row = db.execute("SELECT extract_version, analyze_version FROM articles WHERE sha256 = ?", (sha,)).fetchone()
    if row is None:
        return False
    return bool(row["extract_version"] == extract_version and (
        analyze_version is None or row["analyze_version"] == analyze_version
    ))


class StoreError(Exception):
    pass


def _is_busy(e: sqlite3.OperationalError) -> bool:
    """A lock held by another connection (as opposed to a file SQLite cannot use)."""
    message = str(e).lower()
    return "locked" in message or "busy" in message


class QueryError(ValueError):
    """A search or filter the user gave could not be run; the message says why."""


class SearchSyntaxError(QueryError):
    """A search whose syntax could not be read (raised before running it, where the dialect parses it itself)."""


# A full-text query is bounded: FTS5's cost grows with the number of terms
# (8,000 repeated words took 21.5 s on 15 articles, issue #14), and no real
# search needs more than this.
MAX_QUERY_CHARS = 1000
MAX_QUERY_TERMS = 64


# How long a write waits for another process's lock before giving up (seconds).
BUSY_TIMEOUT = 30.0


def source_columns(source: str) -> tuple[str, bytes | None]:
    """(text shown and searched, exact bytes or None) for a path or other locator.

    A file name that is not valid UTF-8 arrives from the OS as a str with
    surrogate escapes, which SQLite cannot store as text: the text column gets
    the name with each such byte written ``\\xNN`` and ``source_raw`` keeps the
    exact bytes, so nothing about the name is lost.
    """
    try:
        source.encode("utf-8")
    except UnicodeEncodeError:
        raw = source.encode("utf-8", "surrogateescape")
        return raw.decode("utf-8", "backslashreplace"), raw
    return source, None


def like_contains(text: str) -> str:
    """The pattern for ``LIKE ? ESCAPE '\\'`` that finds ``text`` inside a value, as written.

    ``%`` and ``_`` in what the user typed are the characters, not wildcards: ``figures --about %``
    (looking for percentages) listed every figure, and ``_`` matched any name (session 11).
    """
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# What follows ``LIKE ?`` wherever a pattern comes from ``like_contains``.
LIKE_ESCAPE = "ESCAPE '\\'"


def is_postgres_url(path: object) -> bool:
    """A postgresql:// URL (also after ``Path()`` folded its ``//``) rather than a file name."""
    return re.match(r"postgres(?:ql)?:/", str(path), re.IGNORECASE) is not None


class Store:
    # Which database this is; PostgreSQL (newsledger/store/postgres.py) replaces the parts below that differ.
    dialect: ClassVar[str] = "sqlite"
    # Full-text search as SQL fragments, each with at most one ``?`` (the query from ``search_match``):
    # over ``articles a`` (join, condition, order), and for the server's pages (serve/queries.py).
    FTS_JOIN: ClassVar[str] = "JOIN articles_fts f ON f.rowid = a.id"
    FTS_WHERE: ClassVar[str] = "articles_fts MATCH ?"
    FTS_ORDER: ClassVar[str] = "rank"
    FTS_HITS: ClassVar[str] = "SELECT count(*) FROM (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?)"
    FTS_RANKED: ClassVar[str] = ("(SELECT rowid AS rid, bm25(articles_fts) AS score FROM articles_fts"
                                 " WHERE articles_fts MATCH ?) f JOIN articles a ON a.id = f.rid")
    FTS_NEWEST: ClassVar[str] = "articles_fts JOIN articles a ON a.id = articles_fts.rowid"
    FTS_NEWEST_WHERE: ClassVar[str] = "articles_fts MATCH ?"

    def __new__(cls, path: str | Path, *, must_exist: bool = False) -> Store:
        """A ``postgresql://`` URL opens the PostgreSQL store (psycopg imported only then)."""
        if cls is Store and is_postgres_url(path):
            from newsledger.store.postgres import PgStore

            return object.__new__(PgStore)
        return object.__new__(cls)

    def search_match(self, text: str, *, words: bool = False) -> str:
        """The full-text query for what the user typed (``words``: every word as written, no syntax).

        Every search goes through here, so the index is completed here first: a search never misses
        an article that an ingest stored but has not indexed yet (one killed, or still running)."""
        self._index_for_search()
        if words:
            fts_query(text)  # the same bounds
            return " ".join('"' + w.replace('"', '""') + '"' for w in text.split()) or '""'
        return fts_query(text)

    def __init__(self, path: str | Path, *, must_exist: bool = False) -> None:
        """Open (and, unless ``must_exist``, create) the store at ``path``.

        ``must_exist`` is for commands that only read: a missing file is an
        error and is never created.
        """
        self.path = str(path)
        if must_exist and not Path(self.path).is_file():
            what = "is not a file" if Path(self.path).exists() else "does not exist"
            raise StoreError(f"no database at {self.path}: it {what} (check --db or NEWSLEDGER_DB)")
        self._must_exist = must_exist
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT)
        except sqlite3.Error as e:
            raise StoreError(f"cannot open database {self.path}: {e}") from e
        self.db.row_factory = sqlite3.Row
        # Some lock waits bypass SQLite's busy handler (switching a new file to
        # WAL while another connection opens it, a reader meeting a WAL being
        # set up): they answer "database is locked" at once.  Opening is
        # idempotent, so it is retried until the same bound a write waits.
        deadline = time.monotonic() + BUSY_TIMEOUT
        while True:
            try:
                self._setup()
                return
            except sqlite3.OperationalError as e:
                if _is_busy(e) and time.monotonic() < deadline:
                    time.sleep(0.05)
                    continue
                self.db.close()
                raise StoreError(f"cannot open database {self.path}: {e}") from e
            except sqlite3.DatabaseError as e:
                self.db.close()
                raise StoreError(f"{self.path} is not a newsledger database (SQLite says: {e})") from e
            except StoreError:
                self.db.close()
                raise

    def _setup(self) -> None:
        if self._must_exist and int(self.db.execute("PRAGMA user_version").fetchone()[0]) == 0:
            # Schema version 0 is an empty file or another program's SQLite database (a wrong --db):
            # a command that only reads must not write newsledger's tables (and WAL mode) into it,
            # and an empty answer with exit 0 would hide the mistake (session 11).  Checked before
            # any PRAGMA that writes.
            raise StoreError(f"no newsledger store in {self.path}: the file holds none (check --db or "
                             "NEWSLEDGER_DB; `newsledger ingest` creates one)")
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA journal_mode = WAL")
        # NORMAL is durable in WAL mode against process death, which is what
        # resume-after-kill needs; only an OS crash can lose the last commit.
        self.db.execute("PRAGMA synchronous = NORMAL")
        self._migrate()

    # -- lifecycle ---------------------------------------------------------
    def _migrate(self) -> None:
        # The version is read inside the write lock (BEGIN IMMEDIATE): two runs
        # starting at once on a new file would otherwise both see version 0 and
        # the second would fail creating tables the first just made.
        while True:
            with self.transaction():
                current = int(self.db.execute("PRAGMA user_version").fetchone()[0])
                if current < 0:
                    raise StoreError(f"{self.path} has an invalid schema version {current}")
                if current > len(MIGRATIONS):
                    raise StoreError(
                        f"{self.path} has schema version {current}, newer than this newsledger knows "
                        f"({len(MIGRATIONS)}): upgrade newsledger"
                    )
                if current == len(MIGRATIONS):
                    return
                for statement in _split_sql(MIGRATIONS[current]):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {current + 1}")

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        if self.db.in_transaction:
            # Inside a batch (the ingest writer commits many inputs at once): the outer transaction commits.
            yield self.db
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- writes ------------------------------------------------------------
    def _put_raw(self, doc: Document, size: int | None = None) -> None:
        self._put_bytes(doc.source, doc.sha256, doc.data, doc.kind, doc.encoding or None, doc.url, doc.provenance,
                        packed=doc.packed, size=size)

    def _put_bytes(
        self, source: str, sha: str, data: bytes, kind: str | None, encoding: str | None, url: str | None,
        provenance: Mapping[str, Any] | None = None, *, packed: bytes | None = None, size: int | None = None,
    ) -> bool:
        """``size``: the length of the raw bytes where only their ``packed`` form is here (a worker process
        read and packed them)."""
        from newsledger.ingest.pack import pack

        # Bytes already stored are not compressed again (a page seen under a second source).
        if packed is None and self.db.execute("SELECT 1 FROM raw_inputs WHERE sha256 = ?", (sha,)).fetchone() is None:
            packed = pack(data)
        if packed is not None:
            self.db.execute(
                "INSERT OR IGNORE INTO raw_inputs (sha256, size, compression, data, kind, encoding, url, first_seen)"
                " VALUES (?, ?, 'zlib', ?, ?, ?, ?, ?)",
                (sha, len(data) if size is None else size, packed, kind, encoding, url, _now()),
            )
        return self._put_input(source, sha, url, provenance)

    def _put_input(self, source: str, sha: str, url: str | None, provenance: Mapping[str, Any] | None) -> bool:
        """Record where bytes were seen (with the record's provenance); True if this source/URL pair is new."""
        text, raw_name = source_columns(source)
        p = dict(provenance or {})
        cols = ("container", "position", "record_id", "fetched_at", "content_type", "charset", "last_modified",
                "http_status")
        # Paths inside provenance may hold undecodable name bytes (surrogates): written \xNN, as in ``source``.
        values = [source_columns(v)[0] if isinstance(v, str) else v for v in (p.pop(c, None) for c in cols)]
        meta = {k: source_columns(v)[0] if isinstance(v, str) else v for k, v in p.items() if v is not None}
        cur = self.db.execute(
            "INSERT OR IGNORE INTO inputs (source, source_raw, sha256, url, seen_at, container, position, record_id,"
            " fetched_at, content_type, charset, last_modified, http_status, meta)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (text, raw_name, sha, url, _now(), *values, _json(meta) if meta else None),
        )
        return cur.rowcount > 0

    def add_raw(self, doc: Document, *, size: int | None = None) -> None:
        """Keep the raw input even where no article could be made of it (``size``: see ``_put_bytes``)."""
        with self.transaction():
            self._put_raw(doc, size)

    def add_source(self, doc: Document) -> bool:
        """Record that ``doc.source`` holds already-stored bytes; True if new."""
        with self.transaction():
            return self._put_input(doc.source, doc.sha256, doc.url, doc.provenance)

    def save(
        self,
        doc: Document,
        article: Article,
        analysis: Analysis | None,
        *,
        extract_version: str,
        analyze_version: str | None,
        size: int | None = None,
    ) -> int:
        """Store an input with its article and analysis, atomically; returns the article id.

        Re-saving the same bytes updates the article in place so its id stays
        stable for anyone who cited it.  ``size``: the raw bytes' length where ``doc.data`` was left
        in the worker that packed them (``doc.packed``).
        """
        with self.transaction():
            self._put_raw(doc, size)
            article_id = self._upsert_article(doc.sha256, article, analysis, extract_version, analyze_version)
            if analysis is not None and analyze_version is not None:
                self._replace_analysis(article_id, analysis, analyze_version)
            # Only the stages that succeeded here are cleared: an analysis that
            # failed in this very step must stay recorded next to its article.
            # An ingest refusal of these bytes (kept, then retried by `reprocess`) is over too.
            stages = ("ingest", "extract", "store") + (("analyze",) if analysis is not None else ())
            self._clear_failures(doc.sha256, stages)
        return article_id

    def _upsert_article(
        self,
        sha: str,
        a: Article,
        analysis: Analysis | None,
        extract_version: str,
        analyze_version: str | None,
    ) -> int:
        pub = a.published
        published, precision, zone = normalise_published(pub.iso if pub else None)
        values: dict[str, Any] = {
            "title": a.title, "byline": a.byline, "publisher": a.publisher,
            "original_publisher": a.original_publisher,
            "published": published, "published_precision": precision, "published_zone": zone,
            "published_raw": pub.raw if pub else None,
            "published_order": pub.order if pub else None,
            "published_ambiguous": int(bool(pub and pub.ambiguous)),
            "url": a.url, "canonical_url": a.canonical_url, "original_url": a.original_url,
            "language": a.language, "kind": a.kind, "text": a.text,
            "paragraphs": _json(a.paragraphs),
            "subheadings": _json([{"before": i, "text": t} for i, t in a.subheadings]),
            "captions": _json([{"text": c.text, "credit": c.credit} for c in a.captions]),
            "notes": _json(a.notes), "extraction_method": a.extraction_method,
            "extract_version": extract_version,
            "analyze_version": analyze_version if analysis is not None else None,
            "analysis_skipped": analysis.skipped if analysis is not None else "not-run",
            "updated_at": _now(),
        }
        row = self.db.execute("SELECT id FROM articles WHERE sha256 = ?", (sha,)).fetchone()
        if row is not None:
            sets = ", ".join(f"{k} = ?" for k in values)
            self.db.execute(f"UPDATE articles SET {sets} WHERE id = ?", (*values.values(), row["id"]))
            return int(row["id"])
        values["sha256"] = sha
        values["created_at"] = values["updated_at"]
        cols = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        cur = self.db.execute(f"INSERT INTO articles ({cols}) VALUES ({marks})", tuple(values.values()))
        return int(cur.lastrowid or 0)

    def _replace_analysis(self, article_id: int, an: Analysis, version: str) -> None:
        for table in ("attributions", "figures", "statements", "speakers"):
            self.db.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
        speaker_ids: dict[str, int] = {}
        for sp in an.speakers:
            cur = self.db.execute(
                "INSERT OR IGNORE INTO speakers (article_id, name, kind, title, descriptions, mentions,"
                " analyze_version) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (article_id, sp.name, sp.kind, sp.title, _json(sp.descriptions), _json(sp.mentions), version),
            )
            if cur.lastrowid:
                speaker_ids[sp.name] = int(cur.lastrowid)
        for seq, at in enumerate(an.attributions):
            src, cue, content = at.source, at.cue, at.content
            cur = self.db.execute(
                "INSERT INTO attributions (article_id, seq, kind, speaker, speaker_id, speaker_mention,"
                " speaker_description, channel, relayed_by, hedge, hedge_cues, part, paragraph,"
                " source_start, source_end, source_text, cue_start, cue_end, cue_text,"
                " content_start, content_end, content_text, analyze_version, origin, content_spans)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    article_id, seq, at.kind, at.speaker, speaker_ids.get(at.speaker or ""),
                    at.speaker_mention, at.speaker_description, at.channel, at.relayed_by, at.hedge,
                    _json(at.hedge_cues), at.part, at.paragraph,
                    src.start if src else None, src.end if src else None, src.text if src else None,
                    cue.start if cue else None, cue.end if cue else None, cue.text if cue else None,
                    content.start, content.end, content.text, version, at.origin or None,
                    _content_spans(at),
                ),
            )
            co = [speaker_ids[n] for n in at.co_speakers if n in speaker_ids]
            if co and cur.lastrowid:
                # position 1, 2 ...: the attribution's own speaker (``speaker_id``) is the first.
                self.db.executemany(
                    "INSERT INTO attribution_speakers (attribution_id, speaker_id, position) VALUES (?, ?, ?)",
                    [(int(cur.lastrowid), sid, k) for k, sid in enumerate(co, 1)],
                )
        for seq, fg in enumerate(an.figures):
            self.db.execute(
                "INSERT INTO figures (article_id, seq, text, value, value_high, approximate, bound, counted,"
                " location, state, according_to, as_of, part, span_start, span_end, analyze_version)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    article_id, seq, fg.text, fg.value, fg.value_high, int(fg.approximate), fg.bound,
                    fg.counted, fg.where, fg.state, fg.according_to, fg.when, fg.part,
                    fg.span.start if fg.span else None, fg.span.end if fg.span else None, version,
                ),
            )
        for seq, st in enumerate(an.statements):
            self.db.execute(
                "INSERT INTO statements (article_id, seq, hedge, hedge_cues, span_start, span_end, span_text,"
                " analyze_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (article_id, seq, st.hedge, _json(st.hedge_cues), st.span.start, st.span.end, st.span.text,
                 version),
            )

    def _clear_failures(self, sha: str, stages: Sequence[str]) -> None:
        self.db.execute(
            f"DELETE FROM failures WHERE sha256 = ? AND stage IN ({', '.join('?' for _ in stages)})",
            (sha, *stages),
        )

    def clear_ingest_failure(self, sha: str) -> None:
        """Forget an ingest refusal of ``sha``: its kept bytes were read after all (inflated by `reprocess`)."""
        with self.transaction():
            self._clear_failures(sha, ("ingest",))

    def record_failure(self, f: Failure) -> None:
        """Record why an input failed; a refused input's bytes (``f.data``) are kept with it.

        Keeping them lets ``reprocess`` retry the input once the code that
        refused it is fixed, without the original file.
        """
        with self.transaction():
            if f.data is not None and f.sha256 is not None:
                self._put_bytes(f.source, f.sha256, f.data, None, None, f.url)
            self._put_failure(f)

    def _put_failure(self, f: Failure) -> None:
        now = _now()
        text, raw_name = source_columns(f.source)
        self.db.execute(
            "INSERT INTO failures (source, source_raw, sha256, stage, reason, detail, first_seen, last_seen)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (source, stage, ifnull(sha256, '')) DO UPDATE SET"
            " reason = excluded.reason, detail = excluded.detail, last_seen = excluded.last_seen,"
            " count = failures.count + 1",
            (text, raw_name, f.sha256, f.stage, f.reason, source_columns(f.detail[:2000])[0], now, now),
        )

    def start_run(self, command: str) -> int:
        with self.transaction():
            cur = self.db.execute("INSERT INTO runs (command, started_at) VALUES (?, ?)", (command, _now()))
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, stats: dict[str, Any]) -> None:
        with self.transaction():
            self.db.execute(
                "UPDATE runs SET finished_at = ?, stats = ? WHERE id = ?", (_now(), _json(stats), run_id)
            )

    # -- the full-text index ----------------------------------------------------
    # Articles indexed per transaction by ``complete_index``: about half a second of a writer's lock a
    # chunk (0.09-0.10 ms an article, docs/scale.md), so another writer never waits long for it.
    INDEX_CHUNK: ClassVar[int] = 5000

    def unindexed(self) -> int:
        """Articles stored and not yet in the full-text index (``articles_unindexed``, migration 15)."""
        return int(self.db.execute("SELECT count(*) FROM articles_unindexed").fetchone()[0])

    def complete_index(self, *, chunk: int | None = None) -> int:
        """Index every article not in the full-text index yet, in id order, one transaction a chunk;
        returns how many were indexed.  An ingest does this at its end (and a search, or ``newsledger
        index``, after a run that was killed first); FTS5 tokenises a chunk in one statement, about a
        third of the CPU of a trigger per article (docs/scale.md)."""
        size = max(1, chunk or self.INDEX_CHUNK)
        done = 0
        while True:
            with self.transaction():
                ids = [int(r[0]) for r in self.db.execute(
                    "SELECT id FROM articles_unindexed ORDER BY id LIMIT ?", (size,))]
                if not ids:
                    return done
                low, high = ids[0], ids[-1]
                # An article the index holds already (FTS5 keeps one ``articles_fts_docsize`` row per indexed
                # article: an FTS5 'rebuild' run by hand indexes the waiting ones too) is not indexed twice.
                self.db.execute(
                    "INSERT INTO articles_fts (rowid, title, text) SELECT id, title, text FROM articles"
                    " WHERE id IN (SELECT id FROM articles_unindexed WHERE id BETWEEN ? AND ?)"
                    " AND id NOT IN (SELECT id FROM articles_fts_docsize WHERE id BETWEEN ? AND ?)",
                    (low, high, low, high))
                self.db.execute("DELETE FROM articles_unindexed WHERE id BETWEEN ? AND ?", (low, high))
            done += len(ids)

    def _index_for_search(self) -> None:
        if self.db.execute("SELECT 1 FROM articles_unindexed LIMIT 1").fetchone() is None:
            return
        try:
            self.complete_index()
        except sqlite3.OperationalError as e:
            raise StoreError(
                f"{self.unindexed()} articles of {self.path} are not in the search index yet and it cannot be"
                f" completed here ({e}): run `newsledger index` where the database can be written"
            ) from e

    # -- reads -------------------------------------------------------------
    def is_current(self, sha: str, extract_version: str, analyze_version: str | None) -> bool:
        return is_current_in(self.db, sha, extract_version, analyze_version)

    def raw(self, sha: str) -> bytes | None:
        row = self.db.execute("SELECT compression, data FROM raw_inputs WHERE sha256 = ?", (sha,)).fetchone()
        if row is None:
            return None
        return zlib.decompress(row["data"]) if row["compression"] == "zlib" else bytes(row["data"])

    def stale_inputs(self, extract_version: str, analyze_version: str | None) -> list[Row]:
        """Raw inputs whose article is missing or was made by older code."""
        rows = self.db.execute(
            "SELECT r.sha256, r.kind, r.encoding, r.url,"
            " (SELECT source FROM inputs i WHERE i.sha256 = r.sha256 ORDER BY id LIMIT 1) AS source,"
            " a.extract_version, a.analyze_version"
            " FROM raw_inputs r LEFT JOIN articles a ON a.sha256 = r.sha256"
            " WHERE a.id IS NULL OR a.extract_version != ? OR (? IS NOT NULL AND"
            " (a.analyze_version IS NULL OR a.analyze_version != ?))"
            # first_seen holds whole seconds, so inputs seen within one second tie on it; the id of their
            # first sighting keeps the order they were read in, so two stores fed alike rebuild (and number
            # their rows) alike whatever second boundary each ingest happened to cross.
            " ORDER BY r.first_seen, (SELECT min(i.id) FROM inputs i WHERE i.sha256 = r.sha256), r.sha256",
            (extract_version, analyze_version, analyze_version),
        ).fetchall()
        return [dict(r) for r in rows]

    def count(self, table: str) -> int:
        if table not in {"raw_inputs", "inputs", "articles", "attributions", "speakers", "figures",
                         "statements", "failures", "runs", "progress", "attribution_speakers"}:
            raise ValueError(table)
        return int(self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    def articles(
        self,
        *,
        search: str | None = None,
        publisher: str | None = None,
        language: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int | None = 50,
        offset: int = 0,
    ) -> list[Row]:
        """Articles, newest id last (best match first with ``search``).

        ``search`` is an FTS5 query (phrases, ``climat*``, ``OR``, ``NOT``,
        ``NEAR``, ``title:``); ``since``/``until`` take the forms of
        :func:`newsledger.dates.parse_user_date`.  ``limit`` None or 0
        means all.  Raises :class:`QueryError` for a query or date that
        cannot be run.
        """
        where: list[str] = []
        params: list[Any] = []
        join = ""
        if search:
            join = self.FTS_JOIN
            where.append(self.FTS_WHERE)
            params.append(self.search_match(search))
        more_where, more_params = article_filters(publisher=publisher, language=language, since=since, until=until)
        where += more_where
        params += more_params
        sql = (
            "SELECT a.id, a.title, a.publisher, a.original_publisher, a.published, a.published_precision,"
            " a.published_ambiguous, a.language, a.kind, a.url, a.canonical_url, a.original_url,"
            " (SELECT count(*) FROM attributions t WHERE t.article_id = a.id) AS attributions,"
            " (SELECT count(*) FROM figures g WHERE g.article_id = a.id) AS figures"
            f" FROM articles a {join}"
            + (" WHERE " + " AND ".join(where) if where else "")
            + (f" ORDER BY {self.FTS_ORDER}" if search else " ORDER BY a.id")
            + " LIMIT ? OFFSET ?"
        )
        try:
            rows = self.db.execute(sql, (*params, _sql_limit(limit), offset)).fetchall()
        except sqlite3.OperationalError as e:
            if search and _is_query_error(e):
                raise QueryError(f"cannot run the search {search!r}: {e} (see docs/cli.md, 'Search syntax')") from e
            raise
        return [_article_row(r) for r in rows]

    def article(self, article_id: int) -> Row | None:
        row = self.db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        out = dict(row)
        for key in ("paragraphs", "subheadings", "captions", "notes"):
            out[key] = json.loads(out[key])
        out["published_ambiguous"] = bool(out["published_ambiguous"])
        out["syndicated"] = bool(out["original_url"] or out["original_publisher"])
        # Rows stored before schema 3 kept subheadings as [index, text] pairs.
        out["subheadings"] = [
            {"before": s[0], "text": s[1]} if isinstance(s, list) else s for s in out["subheadings"]
        ]
        # Headings in place for readers, rebuilt from the stored paragraphs and subheadings.
        out.update(block_dicts(out["paragraphs"], [(s["before"], s["text"]) for s in out["subheadings"]]))
        out["sources"] = [
            r["source"] for r in self.db.execute(
                # The same file seen under several URLs is one source here.
                "SELECT source FROM inputs WHERE sha256 = ? GROUP BY source ORDER BY min(id)", (out["sha256"],)
            )
        ]
        out["speakers"] = [
            {**dict(r), "descriptions": json.loads(r["descriptions"]), "mentions": json.loads(r["mentions"])}
            for r in self.db.execute(
                "SELECT name, kind, title, descriptions, mentions FROM speakers WHERE article_id = ? ORDER BY id",
                (article_id,),
            )
        ]
        out["attributions"] = [
            {**dict(r), "hedge_cues": json.loads(r["hedge_cues"]), "content_spans": content_pieces(dict(r)),
             "co_speakers": co_speaker_names(r["co_speakers"])}
            for r in self.db.execute(
                f"SELECT t.*, {CO_SPEAKERS_SQL} AS co_speakers FROM attributions t WHERE t.article_id = ?"
                " ORDER BY t.seq", (article_id,)
            )
        ]
        out["figures"] = [
            {**dict(r), "approximate": bool(r["approximate"])}
            for r in self.db.execute("SELECT * FROM figures WHERE article_id = ? ORDER BY seq", (article_id,))
        ]
        out["statements"] = [
            {**dict(r), "hedge_cues": json.loads(r["hedge_cues"])}
            for r in self.db.execute("SELECT * FROM statements WHERE article_id = ? ORDER BY seq", (article_id,))
        ]
        return out

    def iter_articles(self) -> Iterator[Row]:
        for row in self.db.execute("SELECT id FROM articles ORDER BY id"):
            art = self.article(int(row["id"]))
            if art is not None:
                yield art

    def refresh_entities(self) -> int:
        """Rebuild ``entities`` and ``entity_aliases`` from every article's speakers; returns the entity count.

        Speakers are joined across articles by ``analyze/entities.py`` (pure Python: no spaCy needed).
        Ids are stable: a rebuilt entity keeps the id of the stored entity that is the same person
        (``entities.keep_ids``: same name, else most shared aliases) and is updated in place; a new
        one gets an id above the high-water mark ``id_marks`` (migration 12), so an id is never
        given to a second person; an entity nobody names any more is deleted with its id.
        One transaction: readers see the old entities or the new, never a mix.
        """
        from newsledger.analyze.entities import EntityIndex, StoredEntity, keep_ids
        from newsledger.records import Speaker

        index = EntityIndex()
        by_article: dict[int, list[Speaker]] = {}
        for r in self.db.execute("SELECT article_id, name, kind, mentions FROM speakers ORDER BY article_id, id"):
            mentions = [m for m in json.loads(r["mentions"] or "[]") if isinstance(m, str)]
            by_article.setdefault(int(r["article_id"]), []).append(
                Speaker(name=r["name"], kind=r["kind"], mentions=mentions)
            )
        for speakers in by_article.values():
            index.add_analysis(Analysis(speakers=speakers))
        new = sorted(index.entities())
        with self.transaction():
            aliases: dict[int, set[str]] = {}
            for r in self.db.execute("SELECT entity_id, alias_key FROM entity_aliases"):
                aliases.setdefault(int(r[0]), set()).add(str(r[1]))
            old = [StoredEntity(int(r["id"]), r["name"], r["kind"],
                                frozenset({r["name"].casefold(), *aliases.get(int(r["id"]), ())}))
                   for r in self.db.execute("SELECT id, name, kind FROM entities")]
            kept = keep_ids(new, old)
            gone = sorted({e.id for e in old} - set(kept.values()))
            self.db.executemany("DELETE FROM entities WHERE id = ?", [(i,) for i in gone])
            self.db.execute("UPDATE speakers SET entity_id = NULL WHERE entity_id IS NOT NULL")
            self.db.execute("DELETE FROM entity_aliases")
            # Names are UNIQUE and two kept entities may swap names: park each kept one on a name no
            # speaker has (a control character and its id; PostgreSQL text takes no NUL) first.
            self.db.executemany("UPDATE entities SET name = ? WHERE id = ?",
                                [(f"\x01{eid}", eid) for eid in kept.values()])
            mark = self.db.execute("SELECT last_id FROM id_marks WHERE name = 'entities'").fetchone()
            last = max(int(mark[0]) if mark else 0,
                       int(self.db.execute("SELECT ifnull(max(id), 0) FROM entities").fetchone()[0]))
            for i, (name, kind, more) in enumerate(new):
                if i in kept:
                    eid = kept[i]
                    self.db.execute("UPDATE entities SET name = ?, kind = ? WHERE id = ?", (name, kind, eid))
                else:
                    last += 1
                    eid = last
                    self.db.execute("INSERT INTO entities (id, name, kind) VALUES (?, ?, ?)", (eid, name, kind))
                names = sorted({name, *more})
                self.db.executemany(
                    "INSERT OR IGNORE INTO entity_aliases (entity_id, alias, alias_key) VALUES (?, ?, ?)",
                    [(eid, n, n.casefold()) for n in names],
                )
                self.db.executemany("UPDATE speakers SET entity_id = ? WHERE name = ?", [(eid, n) for n in names])
            self.db.execute("UPDATE id_marks SET last_id = ? WHERE name = 'entities'", (last,))
        return len(new)

    def entity_ids(self, name: str) -> list[int]:
        """Entities one of whose names is ``name`` or ends with it as whole words ("Kirby" for "John F. Kirby")."""
        key = " ".join(name.split()).casefold()
        if not key:
            return []
        esc = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self.db.execute(
            "SELECT DISTINCT entity_id FROM entity_aliases WHERE alias_key = ? OR alias_key LIKE ? ESCAPE '\\'",
            (key, f"% {esc}"),
        )
        return [int(r[0]) for r in rows]

    def quotes(
        self, *, speaker: str | None = None, kind: str | None = None, limit: int | None = 100
    ) -> list[Row]:
        where: list[str] = ["1 = 1"]
        params: list[str | int] = []
        if speaker:
            ids = self.entity_ids(speaker)
            if ids:
                # every name of the entity (and only names, never a description's words)
                # (an attribution's own speaker or a further one: "Ana Ruru and Tomas Keel said")
                marks = ", ".join("?" for _ in ids)
                where.append(speaker_match_sql(f"s.entity_id IN ({marks})"))
                params += ids + ids
            else:
                where.append(f"(t.speaker LIKE ? {LIKE_ESCAPE} OR t.speaker_mention LIKE ? {LIKE_ESCAPE} OR "
                             f"{co_speaker_sql(f's.name LIKE ? {LIKE_ESCAPE}')})")
                params += [like_contains(speaker)] * 3
        if kind:
            where.append("t.kind = ?")
            params.append(kind)
        sql = (
            "SELECT t.article_id, a.title, a.published, a.publisher, a.original_publisher, a.url,"
            " t.kind, t.speaker, t.speaker_mention, t.cue_text,"
            " t.content_text, t.hedge, t.channel, t.content_start, t.content_end, t.content_spans,"
            f" {CO_SPEAKERS_SQL} AS co_speakers"
            " FROM attributions t JOIN articles a ON a.id = t.article_id"
            f" WHERE {' AND '.join(where)} ORDER BY a.published, t.article_id, t.seq LIMIT ?"
        )
        out: list[Row] = []
        for r in self.db.execute(sql, (*params, _sql_limit(limit))):
            row = dict(r)
            row["content_spans"] = content_pieces(row)
            row["co_speakers"] = co_speaker_names(row["co_speakers"])
            del row["content_start"], row["content_end"]
            out.append(row)
        return out

    # How ``figures`` may be ordered: by when the article was published (the
    # default: how a figure moved over time), by who gives it, or by what is counted.
    FIGURE_ORDERS: ClassVar[dict[str, str]] = {
        "date": "a.published IS NULL, a.published, g.according_to IS NULL, g.according_to",
        "source": "g.according_to IS NULL, g.according_to, a.published IS NULL, a.published",
        "counted": "g.counted IS NULL, g.counted, g.value",
    }

    def figures(self, *, about: str | None = None, limit: int | None = 200, order: str = "date") -> list[Row]:
        """Figures across articles, in ``order`` (a key of FIGURE_ORDERS), ties by article and position."""
        if order not in self.FIGURE_ORDERS:
            raise ValueError(f"unknown figure order {order!r}")
        where, params = "1 = 1", []
        if about:
            where = " OR ".join(f"g.{c} LIKE ? {LIKE_ESCAPE}" for c in ("counted", "text", "location", "state"))
            where, params = f"({where})", [like_contains(about)] * 4
        sql = (
            "SELECT g.article_id, a.title, a.published, a.publisher, a.original_publisher, a.url, g.text,"
            " g.value, g.value_high, g.approximate, g.bound, g.counted, g.location, g.state, g.according_to"
            f" FROM figures g JOIN articles a ON a.id = g.article_id WHERE {where}"
            f" ORDER BY {self.FIGURE_ORDERS[order]}, g.article_id, g.seq LIMIT ?"
        )
        return [{**dict(r), "approximate": bool(r["approximate"])}
                for r in self.db.execute(sql, (*params, _sql_limit(limit)))]

    def failures(self, *, limit: int | None = None) -> list[Row]:
        # source_raw (exact bytes of a non-UTF-8 file name) stays in the table; readers get the escaped text.
        return [dict(r) for r in self.db.execute(
            "SELECT id, source, sha256, stage, reason, detail, first_seen, last_seen, count FROM failures"
            " ORDER BY last_seen DESC, id LIMIT ?", (_sql_limit(limit),)
        )]


def _sql_limit(limit: int | None) -> int:
    """SQLite's "no limit" is -1; None and 0 mean all here."""
    return -1 if not limit or limit < 0 else limit


def _article_row(r: sqlite3.Row) -> Row:
    out = dict(r)
    out["published_ambiguous"] = bool(out["published_ambiguous"])
    return out


def _is_query_error(e: sqlite3.OperationalError) -> bool:
    msg = str(e).lower()
    return "fts5" in msg or "no such column" in msg or "malformed match" in msg or "unterminated" in msg


# Characters and words that make a query FTS5 syntax rather than plain words.
_FTS_SYNTAX_RE = re.compile(r'["*():^+{}]|\b(?:AND|OR|NOT|NEAR)\b')


def article_filters(
    *, publisher: str | None = None, language: str | None = None, since: str | None = None, until: str | None = None
) -> tuple[list[str], list[Any]]:
    """SQL conditions on ``articles a`` for the filters the CLI and the server share.

    ``since``/``until`` take the forms of :func:`newsledger.dates.parse_user_date`;
    a date that cannot be read raises :class:`QueryError`.
    """
    where: list[str] = []
    params: list[Any] = []
    if publisher:
        where.append(f"(a.publisher LIKE ? {LIKE_ESCAPE} OR a.original_publisher LIKE ? {LIKE_ESCAPE})")
        params += [like_contains(publisher)] * 2
    if language:
        where.append("a.language = ?")
        params.append(language.lower())
    try:
        if since:
            where.append("a.published >= ?")
            params.append(parse_user_date(since))
        if until:
            where.append("a.published < ?")
            params.append(parse_user_date(until, end=True))
    except ValueError as e:
        raise QueryError(str(e)) from e
    return where, params


def fts_query(text: str) -> str:
    """The FTS5 query for what the user typed.

    Queries with FTS5 syntax (``"a phrase"``, ``climat*``, ``a OR b``,
    ``title:word``, ``NEAR(a b)``) pass through as written, so a syntax
    error reaches the user.  Plain words are quoted one by one, so that
    ``covid-19`` or ``U.S.`` work as words rather than failing as syntax.
    Raises :class:`QueryError` beyond MAX_QUERY_CHARS or MAX_QUERY_TERMS.
    """
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"search is {len(text)} characters long; the limit is {MAX_QUERY_CHARS}")
    words = text.split()
    if len(words) > MAX_QUERY_TERMS:
        raise QueryError(f"search has {len(words)} terms; the limit is {MAX_QUERY_TERMS}")
    if _FTS_SYNTAX_RE.search(text):
        return text
    return " ".join('"' + w.replace('"', '""') + '"' for w in words) or '""'


def _split_sql(script: str) -> Sequence[str]:
    """Split a migration into statements, keeping trigger bodies whole."""
    out: list[str] = []
    buf: list[str] = []
    depth = 0
    for line in script.splitlines():
        stripped = line.strip().upper()
        if stripped.startswith("CREATE TRIGGER"):
            depth = 1
        buf.append(line)
        if depth and stripped == "END;":
            depth = 0
        if not depth and stripped.endswith(";"):
            stmt = "\n".join(buf).strip()
            if stmt.strip(";").strip():
                out.append(stmt)
            buf = []
    rest = "\n".join(buf).strip()
    if rest:
        out.append(rest)
    return out
