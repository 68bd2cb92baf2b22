"""Read queries for the API and the web UI, over one SQLite connection.

The store's own read methods (``Store.article``) are reused where they fit;
what the server adds is keyset (cursor) pagination, which stays fast on deep
pages, speakers across articles, and the link tables (copies, stories, the
figures ledger) read only where they exist, because they arrive in a later
migration than the articles do.
"""

from __future__ import annotations

import base64
import binascii
import importlib
import json
import math
import sqlite3
from dataclasses import dataclass
from typing import Any

from newsledger.store import QueryError, SearchSyntaxError, Store, article_filters, fts_query
from newsledger.store.sqlite import (
    CO_SPEAKERS_SQL,
    LIKE_ESCAPE,
    co_speaker_names,
    co_speaker_sql,
    content_pieces,
    like_contains,
)

Row = dict[str, Any]

MAX_LIMIT = 200


class BadQuery(ValueError):
    """A query the user can fix: shown as 400 with ``hint``."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


FTS_HINT = (
    'FTS5 syntax: words, "an exact phrase", AND / OR / NOT, prefix*, NEAR(a b, 5), title:word; '
    "or pass mode=words to search the words as written"
)


def source_label(source: str) -> str:
    """What the server shows of an input's source: its file name and position, never its folder.

    ``inputs.source`` is the path the ingesting user gave (``/home/ana/leads/tip-3/page.html``,
    ``/data/cc-news/x.warc.gz#1234``).  A server is read by others, so the folders, which can
    name people, cases or machines, stay in the store; the command line (``show``) still prints
    the whole path to the user on whose machine it is.
    """
    base = source.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    return base or source


def words_query(text: str) -> str:
    """Every word quoted: nothing the user typed is FTS5 syntax (``mode=words``)."""
    fts_query(text)  # the same bounds on length and number of terms as everywhere else
    return " ".join('"' + w.replace('"', '""') + '"' for w in text.split()) or '""'


@dataclass(slots=True)
class Page:
    items: list[Row]
    next_cursor: str | None
    order: str = "newest"  # "newest" (added) or "relevance" (BM25)
    note: str | None = None


# Above this many matches a search is listed newest first rather than ranked (see Reader.articles).
RANK_LIMIT = 5000


def encode_cursor(values: dict[str, Any]) -> str:
    raw = json.dumps(values, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, keys: tuple[str, ...]) -> dict[str, Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError) as e:
        raise BadQuery("the cursor is not one this server gave out", "pass next_cursor back unchanged") from e
    # Numbers, except "n" (a name) which is text.  A number must also be one SQLite can bind and
    # compare: a forged {"id": 10**30} was an OverflowError, a 500 (session 11); NaN compares with nothing.
    ok = isinstance(values, dict) and set(values) == set(keys) and all(
        isinstance(values[k], str) if k == "n"
        else (isinstance(values[k], int) and not isinstance(values[k], bool) and -(2**63) <= values[k] < 2**63)
        or (k != "id" and isinstance(values[k], float) and math.isfinite(values[k]))  # a score; ids are whole
        for k in keys
    )
    if not ok:
        raise BadQuery("the cursor is not one this server gave out", "pass next_cursor back unchanged")
    return dict(values)


def cursor_is_ranked(cursor: str) -> bool:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return False
    return isinstance(values, dict) and "r" in values


def _linkstore() -> Any:
    """The link stage's reads (#18), imported only where its tables exist."""
    return importlib.import_module("newsledger.link.linkstore")


def table_names(db: sqlite3.Connection) -> set[str]:
    return {str(r[0]) for r in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}


class Reader:
    """What the server reads; one per thread (SQLite connections are not shared)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.db

    # -- articles ----------------------------------------------------------
    def articles(
        self,
        *,
        q: str | None = None,
        mode: str = "auto",
        sort: str = "relevance",
        outlet: str | None = None,
        language: str | None = None,
        since: str | None = None,
        until: str | None = None,
        speaker: str | None = None,
        story: int | None = None,
        cursor: str | None = None,
        limit: int = 20,
    ) -> Page:
        """A page of articles, newest added first, or best match first when searching.

        BM25 costs time in proportion to the number of matches (about 45 ms
        for a word in 34,000 of 50,000 articles, bench/serve.py), so a search
        matching more than RANK_LIMIT articles is listed newest first instead,
        and the page says so (``order`` and ``note``).  A cursor keeps the
        order of the page it came from.
        """
        where: list[str] = []
        params: list[Any] = []
        match: str | None = None
        if q is not None and q.strip():
            try:
                match = self.store.search_match(q, words=mode == "words")
            except QueryError as e:
                raise BadQuery(str(e), FTS_HINT if isinstance(e, SearchSyntaxError)
                               else "search with fewer or shorter words") from e
        try:
            more_where, more_params = article_filters(publisher=outlet, language=language, since=since, until=until)
        except QueryError as e:
            raise BadQuery(str(e), "dates: YYYY, YYYY-MM, YYYY-MM-DD, today, yesterday, 7d, 2w, 3m, 1y") from e
        where += more_where
        params += more_params
        if speaker:
            # its own speaker or a further one ("Ana Ruru and Tomas Keel said": both find the article)
            where.append("(a.id IN (SELECT article_id FROM attributions WHERE speaker = ?) OR a.id IN"
                         " (SELECT s.article_id FROM attribution_speakers x JOIN speakers s ON s.id = x.speaker_id"
                         " WHERE s.name = ?))")
            params += [speaker, speaker]
        if story is not None:
            if not self.links_available()["stories"]:
                raise BadQuery("stories are not linked yet in this database", "run the link stage first")
            where.append(f"a.id IN ({self._story_members_sql()})")
            params.append(story)
        note: str | None = None
        try:
            if cursor:
                c = decode_cursor(cursor, ("r", "id") if cursor_is_ranked(cursor) else ("id",))
                ranked = "r" in c
                if ranked and match is None:
                    raise BadQuery("this cursor belongs to a search", "pass the same q with the cursor")
            else:
                c = {}
                ranked = match is not None and sort == "relevance"
                if ranked:
                    hits = self.db.execute(self.store.FTS_HITS, (match, RANK_LIMIT + 1)).fetchone()[0]
                    if hits > RANK_LIMIT:
                        ranked = False
                        note = (f"more than {RANK_LIMIT:,} articles match: listed newest first;"
                                " add words or filters to rank by relevance")
            rows = self._articles_page(match, ranked, where, params, c, limit)
        except sqlite3.OperationalError as e:
            text = str(e)
            if match is not None and ("fts5" in text or "syntax error" in text or "no such column" in text
                                      or "unterminated" in text or "unknown special query" in text):
                raise BadQuery(f"the search could not be read: {text}", FTS_HINT) from e
            raise
        limit = max(1, min(limit, MAX_LIMIT))
        more = len(rows) > limit
        rows = rows[:limit]
        nxt = None
        if more and rows:
            last = rows[-1]
            nxt = encode_cursor({"r": last["score"], "id": last["id"]} if ranked else {"id": last["id"]})
        for r in rows:
            r.pop("score")
            r["published_ambiguous"] = bool(r["published_ambiguous"])
        return Page(rows, nxt, "relevance" if ranked else "newest", note)

    def _articles_page(self, match: str | None, ranked: bool, where: list[str], params: list[Any],
                       c: dict[str, Any], limit: int) -> list[Row]:
        where, params = list(where), list(params)
        limit = max(1, min(limit, MAX_LIMIT))
        cols = (
            "a.id, a.title, a.publisher, a.original_publisher, a.published, a.published_ambiguous,"
            " a.language, a.kind, a.url, a.original_url,"
            " (SELECT count(*) FROM attributions t WHERE t.article_id = a.id) AS attributions,"
            " (SELECT count(*) FROM figures g WHERE g.article_id = a.id) AS figures"
        )
        if match is None:
            source, score, order = "articles a", "0.0", "a.id DESC"
        elif ranked:
            # Scores computed once per match in the subquery, not again for ORDER BY.
            source = self.store.FTS_RANKED
            score, order = "f.score", "f.score, a.id"
            params.insert(0, match)
        else:
            # FTS5 hands out matches by rowid, descending, without sorting them all.
            source = self.store.FTS_NEWEST
            score, order = "0.0", "articles_fts.rowid DESC"
            where.insert(0, self.store.FTS_NEWEST_WHERE)
            params.insert(0, match)
        if c:
            if ranked:
                where.append("(f.score > ? OR (f.score = ? AND a.id > ?))")
                params += [c["r"], c["r"], int(c["id"])]
            else:
                where.append("a.id < ?")
                params.append(int(c["id"]))
        sql = (f"SELECT {cols}, {score} AS score FROM {source}"
               + (" WHERE " + " AND ".join(where) if where else "")
               + f" ORDER BY {order} LIMIT ?")
        return [dict(r) for r in self.db.execute(sql, (*params, limit + 1))]

    def article(self, article_id: int) -> Row | None:
        art = self.store.article(article_id)
        if art is None:
            return None
        art.pop("sha256", None)
        art["sources"] = [source_label(s) for s in art.get("sources") or []]
        art["speaker_ids"] = self._speaker_ids([n for a in art["attributions"]
                                                for n in ([a["speaker"]] if a["speaker"] else []) + a["co_speakers"]])
        art["links"] = self.article_links(article_id)
        return art

    # -- speakers ----------------------------------------------------------
    def _entities_built(self) -> bool:
        """Entities (#16) exist: a speaker's page id is then its entity's id, stable across ingests and
        reprocess (``Store.refresh_entities``); without them, the name's first speakers row."""
        return "entities" in table_names(self.db) and self.db.execute(
            "SELECT 1 FROM entities LIMIT 1").fetchone() is not None

    def _speaker_ids(self, names: list[str]) -> dict[str, int]:
        """The page id of each name: its entity (the same person across articles), else its first speakers row."""
        if not names:
            return {}
        uniq = sorted(set(names))
        marks = ", ".join("?" for _ in uniq)
        col = "min(entity_id)" if self._entities_built() else "min(id)"
        rows = self.db.execute(f"SELECT name, {col} FROM speakers WHERE name IN ({marks}) GROUP BY name", uniq)
        # a name saved since the last refresh has no entity yet, and so no page
        return {str(r[0]): int(r[1]) for r in rows if r[1] is not None}

    def speakers(self, *, q: str | None = None, cursor: str | None = None, limit: int = 50) -> Page:
        """Speakers A to Z: entities (#16) where they are built, else names; ``q`` matches inside any name.

        Entities are one row per person or body (600 for 50,000 articles in bench/serve.py), so a
        match scans their aliases rather than every article's speaker rows.
        """
        if self._entities_built():
            return self._entity_speakers(q, cursor, limit)
        where, params = ["1 = 1"], []
        if q:
            where.append(f"s.name LIKE ? {LIKE_ESCAPE}")
            params.append(like_contains(q))
        if cursor:
            where.append("s.name > ?")
            params.append(decode_cursor(cursor, ("n",))["n"])
        limit = max(1, min(limit, MAX_LIMIT))
        sql = (
            "SELECT min(s.id) AS id, s.name, max(s.kind) AS kind, count(DISTINCT s.article_id) AS articles,"
            " (SELECT count(*) FROM attributions t WHERE t.speaker = s.name"
            f" OR {co_speaker_sql('s2.name = s.name', 's2')}) AS quotes"
            f" FROM speakers s INDEXED BY speakers_name WHERE {' AND '.join(where)}"
            " GROUP BY s.name ORDER BY s.name LIMIT ?"
        )
        rows = [dict(r) for r in self.db.execute(sql, (*params, limit + 1))]
        more = len(rows) > limit
        rows = rows[:limit]
        return Page(rows, encode_cursor({"n": rows[-1]["name"]}) if more and rows else None)

    def _entity_speakers(self, q: str | None, cursor: str | None, limit: int) -> Page:
        where, params = ["1 = 1"], []
        if q:
            where.append(f"e.id IN (SELECT entity_id FROM entity_aliases WHERE alias LIKE ? {LIKE_ESCAPE})")
            params.append(like_contains(q))
        if cursor:
            where.append("e.name > ?")
            params.append(decode_cursor(cursor, ("n",))["n"])
        limit = max(1, min(limit, MAX_LIMIT))
        sql = (
            "SELECT e.id, e.name, e.kind,"
            " (SELECT count(DISTINCT s.article_id) FROM speakers s WHERE s.entity_id = e.id) AS articles,"
            " (SELECT count(*) FROM attributions t WHERE t.speaker IN"
            f"   (SELECT s.name FROM speakers s WHERE s.entity_id = e.id) OR {co_speaker_sql('s.entity_id = e.id')})"
            " AS quotes"
            f" FROM entities e WHERE {' AND '.join(where)} ORDER BY e.name LIMIT ?"
        )
        rows = [dict(r) for r in self.db.execute(sql, (*params, limit + 1))]
        more = len(rows) > limit
        rows = rows[:limit]
        return Page(rows, encode_cursor({"n": rows[-1]["name"]}) if more and rows else None)

    def speaker(self, speaker_id: int, *, limit: int = 500) -> Row | None:
        """One speaker across articles: the entity (#16) of that id with every name of it where entities
        exist (ids stable across ingests), else the name of that speakers row."""
        key: Any
        if self._entities_built():
            ent = self.db.execute("SELECT id, name FROM entities WHERE id = ?", (speaker_id,)).fetchone()
            if ent is None:
                return None
            first, name, members, key = int(ent[0]), str(ent[1]), "entity_id = ?", int(ent[0])
        else:
            row = self.db.execute("SELECT name FROM speakers WHERE id = ?", (speaker_id,)).fetchone()
            if row is None:
                return None
            name = str(row["name"])
            members, key = "name = ?", name
            first = self.db.execute("SELECT min(id) FROM speakers WHERE name = ?", (key,)).fetchone()[0]
        names = sorted({str(r[0]) for r in self.db.execute(f"SELECT name FROM speakers WHERE {members}", (key,))})
        kinds = [r[0] for r in self.db.execute(f"SELECT DISTINCT kind FROM speakers WHERE {members}", (key,))]
        titles = sorted({r[0] for r in self.db.execute(
            f"SELECT title FROM speakers WHERE {members} AND title IS NOT NULL", (key,))})
        descriptions: list[str] = []
        for r in self.db.execute(f"SELECT descriptions FROM speakers WHERE {members} ORDER BY id", (key,)):
            for d in json.loads(r[0]):
                if d not in descriptions:
                    descriptions.append(d)
        marks = ", ".join("?" for _ in names)
        quotes = [dict(r) for r in self.db.execute(
            "SELECT t.article_id, a.title, a.published, a.publisher, a.original_publisher, t.kind, t.hedge,"
            " t.speaker, t.speaker_mention, t.cue_text, t.content_text, t.content_start, t.content_end, t.part,"
            f" t.content_spans, {CO_SPEAKERS_SQL} AS co_speakers"
            f" FROM attributions t JOIN articles a ON a.id = t.article_id"
            f" WHERE (t.speaker IN ({marks}) OR {co_speaker_sql(f's.name IN ({marks})')})"
            " ORDER BY a.published IS NULL, a.published, t.article_id, t.seq LIMIT ?",
            (*names, *names, limit),
        )]
        for row in quotes:
            row["content_spans"] = content_pieces(row)
            row["co_speakers"] = co_speaker_names(row["co_speakers"])
        return {
            "id": int(first), "name": name, "names": names[:50], "kinds": kinds, "titles": titles[:20],
            "descriptions": descriptions[:20], "quotes": quotes,
        }

    # -- links: copies, stories, figures ledger (engineer #18's tables) -------
    def links_available(self) -> dict[str, bool]:
        """Which link data exists: the tables (a later migration) and a link run that filled them."""
        names = table_names(self.db)
        ran = "link_signatures" in names and self.db.execute(
            "SELECT 1 FROM link_signatures LIMIT 1").fetchone() is not None
        return {"copies": ran and "copies" in names,
                "stories": ran and "stories" in names and "story_articles" in names}

    def _story_members_sql(self) -> str:
        return "SELECT article_id FROM story_articles WHERE story_id = ?"

    def article_links(self, article_id: int) -> Row:
        """This article's original, its copies and its story, as the link stage (#18) recorded them."""
        avail = self.links_available()
        out: Row = {"linked": False, "original": None, "copies": [], "evidence": None, "stories": []}
        if not (avail["copies"] or avail["stories"]):
            return out
        out["linked"] = self.db.execute(
            "SELECT 1 FROM link_signatures WHERE article_id = ?", (article_id,)).fetchone() is not None
        if avail["copies"]:
            group = _linkstore().copy_group(self.store, article_id)
            if group is not None:
                original = group["original"]
                out["evidence"] = group["evidence"]
                out["original"] = original if original["id"] != article_id else None
                others = [c for c in group["copies"] if c["id"] != article_id]
                if original["id"] != article_id:
                    others = [{**original, "containment": None, "is_original": True}, *others]
                out["copies"] = others
        if avail["stories"]:
            out["stories"] = [dict(r) for r in self.db.execute(
                "SELECT s.id, s.label, s.size FROM story_articles m JOIN stories s ON s.id = m.story_id"
                " WHERE m.article_id = ? ORDER BY s.id", (article_id,))]
        return out

    def stories(self, *, cursor: str | None = None, limit: int = 50) -> Page | None:
        if not self.links_available()["stories"]:
            return None
        limit = max(1, min(limit, MAX_LIMIT))
        after = int(decode_cursor(cursor, ("id",))["id"]) if cursor else 0
        rows = [dict(r) for r in self.db.execute(
            "SELECT id, label, first_date, last_date, size FROM stories WHERE id > ? ORDER BY id LIMIT ?",
            (after, limit + 1))]
        more = len(rows) > limit
        rows = rows[:limit]
        return Page(rows, encode_cursor({"id": rows[-1]["id"]}) if more and rows else None)

    def story(self, story_id: int) -> Row | None:
        """A story with its articles, speakers and figures ledger (groups by what is counted)."""
        if not self.links_available()["stories"]:
            return None
        detail: Row | None = _linkstore().story_detail(self.store, story_id)
        return detail

    def ledger(self, *, story: int | None = None, about: str | None = None, limit: int = 500) -> Row:
        """Figures side by side: a story's ledger where stories exist, else the store's figures."""
        if story is not None:
            st = self.story(story)
            if st is None:
                if not self.links_available()["stories"]:
                    raise BadQuery("stories are not linked yet in this database", "run the link stage first")
                raise BadQuery(f"no story {story}", "list stories at /api/stories")
            return {"story": story, "groups": st["ledger"], "items": []}
        rows = self.store.figures(about=about, limit=max(1, min(limit, 2000)))
        return {"story": None, "groups": [], "items": rows}

    def health(self) -> Row:
        return {
            "status": "ok",
            "schema_version": self.store.schema_version,
            "articles": self.store.count("articles"),
            "links": self.links_available(),
        }
