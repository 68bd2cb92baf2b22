"""Linking over the store: copies, originals and stories, kept in the database.

``link_store`` is incremental.  Signatures are kept per article with the
hash of the text they were made from and the link version; only articles that are new, were
re-extracted (``reprocess`` changed their text) or were signed by older code
are signed and queried again (a text is known by its sha256); the others are
loaded as stored.  Copy groups
and stories are then rewritten from the pairs in one transaction, so an
article whose text changed moves to its new group instead of being listed
twice.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from newsledger.link import LINK_VERSION
from newsledger.link.copies import CopyGroup, CopyLinker, LinkArticle, build_groups, norm_url
from newsledger.link.ledger import LedgerGroup, build_ledger
from newsledger.link.shingles import Signer, signature_bytes, signature_from_bytes
from newsledger.link.stories import EMBED_CENTRE, EMBED_JOIN_SIMILARITY, StoryInput, cluster, cluster_embedded
from newsledger.output import outlet_label, plural
from newsledger.store import Store
from newsledger.store.sqlite import content_pieces

if TYPE_CHECKING:
    from newsledger.link.embed import Embedder

LEXICAL = "lexical"

Progress = Callable[[str], None]


@dataclass
class LinkSummary:
    articles: int = 0
    signed: int = 0
    groups: int = 0
    grouped_articles: int = 0
    stories: int = 0
    seconds: float = 0.0
    unsigned_short: int = 0
    story_method: str = LEXICAL
    group_list: list[CopyGroup] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict[str, Any]:
        return {"articles": self.articles, "signed": self.signed, "copy_groups": self.groups,
                "articles_in_groups": self.grouped_articles, "stories": self.stories,
                "too_short_to_group": self.unsigned_short, "story_method": self.story_method,
                "seconds": round(self.seconds, 3)}


def _publisher(row: Any) -> str | None:
    if row["publisher"]:
        return str(row["publisher"])
    host = (norm_url(row["url"] or row["canonical_url"]) or "").split("/", 1)[0]
    return host or None


def link_store(store: Store, *, full: bool = False, progress: Progress | None = None,
               embedder: Embedder | None = None) -> LinkSummary:
    """Link every article in ``store``; re-sign only what changed unless ``full``.

    Stories are made by the lexical method, or by embedding similarity when an
    ``embedder`` is given (``newsledger link --stories embeddings``); each story
    row records which (``stories.method``).
    """
    started = time.perf_counter()
    say = progress or (lambda msg: None)
    db = store.db
    summary = LinkSummary()
    rows = db.execute(
        "SELECT a.id, a.sha256, a.title, a.text, a.published,"
        " s.text_sha256, s.publisher_key, s.size, s.signature, s.paragraphs, s.link_version"
        " FROM articles a LEFT JOIN link_signatures s ON s.article_id = a.id ORDER BY a.id"
    ).fetchall()
    # The text's own hash says whether reprocess changed it (updated_at has one-second steps).
    text_sha = {int(r["id"]): hashlib.sha256(r["text"].encode("utf-8")).hexdigest() for r in rows}
    summary.articles = len(rows)
    signer = Signer()
    linker = CopyLinker(signer)
    fresh: set[int] = set()
    todo: list[int] = []
    for r in rows:
        aid = int(r["id"])
        if not full and r["link_version"] == LINK_VERSION and r["text_sha256"] == text_sha[aid]:
            sig = signature_from_bytes(r["signature"]) if r["signature"] is not None else None
            phashes = json.loads(bytes(r["paragraphs"]).decode()) if r["paragraphs"] else []
            linker.load(aid, sig, int(r["size"]), r["publisher_key"], phashes)
            fresh.add(aid)
        else:
            todo.append(aid)
    for a, b, c in db.execute("SELECT a, b, containment FROM link_pairs"):
        if a in fresh and b in fresh:
            linker.load_pair(int(a), int(b), float(c))
    say(f"linking {len(todo)} new or changed of {plural(len(rows), 'article')}")

    def text_of(aid: int) -> tuple[list[str], str | None]:
        row = db.execute("SELECT paragraphs, publisher, url, canonical_url FROM articles WHERE id = ?",
                         (aid,)).fetchone()
        return json.loads(row["paragraphs"]), _publisher(row)

    def batch() -> Any:
        for aid in todo:
            paragraphs, publisher = text_of(aid)
            yield aid, paragraphs, publisher

    resigned = linker.update(batch(), text_of=text_of)
    summary.signed = len(resigned)
    meta = _meta(store, linker)
    groups = build_groups(linker, meta)
    summary.groups = len(groups)
    summary.grouped_articles = sum(len(g.members) for g in groups)
    summary.group_list = groups
    summary.unsigned_short = sum(1 for s in linker.signed.values() if s.sig is None)
    original_of = {m: g.original for g in groups for m in g.members}
    units = [
        StoryInput(int(r["id"]), r["sha256"], r["title"], r["text"], r["published"])
        for r in rows if original_of.get(int(r["id"]), int(r["id"])) == int(r["id"])
    ]
    del rows
    if embedder is None:
        stories = cluster(units)
    else:
        say(f"embedding {plural(len(units), 'article')} ({embedder.name})")
        summary.story_method = "embeddings:" + embedder.name
        vectors = embedder.embed([(u.title or "") + "\n\n" + u.text for u in units])
        backend = embedder.name.split(":", 1)[0]
        stories = cluster_embedded(units, vectors, EMBED_JOIN_SIMILARITY[backend], centre=EMBED_CENTRE[backend])
    del units
    summary.stories = len(stories)
    with store.transaction():
        for aid in sorted(resigned):
            s = linker.signed[aid]
            db.execute(
                "INSERT OR REPLACE INTO link_signatures (article_id, text_sha256, publisher_key, size, signature,"
                " paragraphs, link_version) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (aid, text_sha[aid], s.pub, s.size, signature_bytes(s.sig) if s.sig is not None else None,
                 json.dumps(s.phashes).encode(), LINK_VERSION),
            )
            db.execute("DELETE FROM link_pairs WHERE a = ? OR b = ?", (aid, aid))
        for aid in sorted(resigned):
            for other, c in sorted(linker.pairs.get(aid, {}).items()):
                a, b = min(aid, other), max(aid, other)
                db.execute("INSERT OR IGNORE INTO link_pairs (a, b, containment, link_version) VALUES (?, ?, ?, ?)",
                           (a, b, c, LINK_VERSION))
        db.execute("DELETE FROM copies")
        for g in groups:
            db.execute("INSERT INTO copies (article_id, original_id, containment, evidence, link_version)"
                       " VALUES (?, ?, NULL, ?, ?)", (g.original, g.original, g.evidence, LINK_VERSION))
            for m in g.members[1:]:
                db.execute("INSERT INTO copies (article_id, original_id, containment, evidence, link_version)"
                           " VALUES (?, ?, ?, ?, ?)", (m, g.original, g.containment.get(m), g.evidence, LINK_VERSION))
        db.execute("DELETE FROM story_articles")
        db.execute("DELETE FROM stories")
        copies_of: dict[int, list[int]] = {}
        for g in groups:
            copies_of[g.original] = g.members[1:]
        for st in stories:
            members = sorted({m for u in st.members for m in (u, *copies_of.get(u, []))})
            sid = members[0]
            db.execute("INSERT INTO stories (id, label, first_date, last_date, size, link_version, method)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (sid, st.label, st.first, st.last, len(members), LINK_VERSION, summary.story_method))
            db.executemany("INSERT INTO story_articles (story_id, article_id) VALUES (?, ?)",
                           [(sid, m) for m in members])
    summary.seconds = time.perf_counter() - started
    return summary


def _meta(store: Store, linker: CopyLinker) -> dict[int, LinkArticle]:
    ids = sorted(linker.pairs)
    out: dict[int, LinkArticle] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        marks = ",".join("?" for _ in chunk)
        for r in store.db.execute(
            "SELECT id, sha256, paragraphs, title, publisher, original_publisher, byline, published, url,"
            f" canonical_url, original_url FROM articles WHERE id IN ({marks})", chunk
        ):
            out[int(r["id"])] = LinkArticle(
                id=int(r["id"]), sha256=r["sha256"], paragraphs=json.loads(r["paragraphs"])[:2], title=r["title"],
                publisher=r["publisher"], original_publisher=r["original_publisher"], byline=r["byline"],
                published=r["published"], url=r["url"], canonical_url=r["canonical_url"],
                original_url=r["original_url"],
            )
    return out


# -- reads for the CLI ------------------------------------------------------

def linked(store: Store) -> bool:
    return store.db.execute("SELECT 1 FROM link_signatures LIMIT 1").fetchone() is not None


def _ref(store: Store, aid: int) -> dict[str, Any]:
    r = store.db.execute(
        "SELECT a.id, a.url, a.canonical_url, a.title, a.publisher, a.original_publisher, a.published,"
        " a.published_ambiguous, (SELECT source FROM inputs i WHERE i.sha256 = a.sha256 ORDER BY i.id LIMIT 1) AS path"
        " FROM articles a WHERE a.id = ?", (aid,)
    ).fetchone()
    if r is None:
        return {"id": aid, "url": None, "path": None}
    return {"id": int(r["id"]), "url": r["url"] or r["canonical_url"], "path": r["path"], "title": r["title"],
            "outlet": outlet_label(r["publisher"], r["original_publisher"], r["url"] or r["canonical_url"]),
            "published": r["published"],
            "published_ambiguous": bool(r["published_ambiguous"])}


def copy_group(store: Store, aid: int) -> dict[str, Any] | None:
    """The group of article ``aid`` as {"original", "copies", "evidence"}, or None if it has no copies."""
    row = store.db.execute("SELECT original_id, evidence FROM copies WHERE article_id = ?", (aid,)).fetchone()
    if row is None:
        return None
    return _group(store, int(row["original_id"]), row["evidence"])


def _group(store: Store, orig: int, evidence: str) -> dict[str, Any]:
    copies = store.db.execute(
        "SELECT article_id, containment FROM copies WHERE original_id = ? AND article_id != ? ORDER BY article_id",
        (orig, orig),
    ).fetchall()
    return {
        "original": _ref(store, orig),
        "copies": [{**_ref(store, int(c["article_id"])), "containment": c["containment"]} for c in copies],
        "evidence": evidence,
    }


def all_groups(store: Store) -> list[dict[str, Any]]:
    rows = store.db.execute(
        "SELECT article_id, evidence FROM copies WHERE article_id = original_id ORDER BY article_id"
    ).fetchall()
    return [_group(store, int(r["article_id"]), r["evidence"]) for r in rows]


def story_list(store: Store) -> list[dict[str, Any]]:
    return [dict(r) for r in store.db.execute(
        "SELECT id, label, first_date, last_date, size, method FROM stories ORDER BY first_date IS NULL, first_date, id"
    )]


def story_of(store: Store, aid: int) -> int | None:
    r = store.db.execute("SELECT story_id FROM story_articles WHERE article_id = ?", (aid,)).fetchone()
    return int(r[0]) if r else None


def story_detail(store: Store, sid: int) -> dict[str, Any] | None:
    st = store.db.execute("SELECT id, label, first_date, last_date, size, method FROM stories WHERE id = ?",
                          (sid,)).fetchone()
    if st is None:
        return None
    arts = [dict(r) for r in store.db.execute(
        "SELECT a.id, a.title, a.publisher, a.original_publisher, a.published, a.published_ambiguous, a.url,"
        " c.original_id FROM story_articles s JOIN articles a ON a.id = s.article_id"
        " LEFT JOIN copies c ON c.article_id = a.id WHERE s.story_id = ? ORDER BY a.published, a.id", (sid,)
    )]
    for a in arts:
        a["copy_of"] = a.pop("original_id") if a["original_id"] not in (None, a["id"]) else None
        a["published_ambiguous"] = bool(a["published_ambiguous"])
    ids = [a["id"] for a in arts]
    marks = ",".join("?" for _ in ids)
    speakers = [dict(r) for r in store.db.execute(
        f"SELECT name, kind, count(DISTINCT article_id) AS articles FROM speakers WHERE article_id IN ({marks})"
        " GROUP BY name, kind ORDER BY articles DESC, name", ids
    )]
    return {**dict(st), "articles": arts, "speakers": speakers,
            "ledger": [g.as_dict() for g in story_ledger(store, sid)]}


def story_ledger(store: Store, sid: int) -> list[LedgerGroup]:
    figs = [dict(r) for r in store.db.execute(
        "SELECT g.id, g.article_id, g.seq, g.text, g.value, g.value_high, g.approximate, g.bound, g.counted,"
        " g.location, g.according_to, g.state, g.part, g.span_start, g.span_end,"
        " coalesce(a.publisher, a.original_publisher) AS outlet, a.published AS date,"
        " a.published_ambiguous AS date_ambiguous"
        " FROM story_articles s JOIN figures g ON g.article_id = s.article_id"
        " JOIN articles a ON a.id = g.article_id WHERE s.story_id = ? ORDER BY g.article_id, g.seq", (sid,)
    )]
    # A figure's hedge is that of the first attribution one of whose content pieces holds it: a figure in
    # the cue's clause between two pieces ('"A," said the mayor, who runs 300 staff. "B."') is not said.
    holders: dict[tuple[int, str], list[tuple[str, list[dict[str, Any]]]]] = {}
    for t in store.db.execute(
        "SELECT t.article_id, t.part, t.hedge, t.content_start, t.content_end, t.content_text, t.content_spans"
        " FROM story_articles s JOIN attributions t ON t.article_id = s.article_id"
        " WHERE s.story_id = ? ORDER BY t.article_id, t.seq", (sid,)
    ):
        row = dict(t)
        holders.setdefault((int(row["article_id"]), str(row["part"])), []).append(
            (str(row["hedge"]), content_pieces(row)))
    for f in figs:
        start, end, part = f.pop("span_start"), f.pop("span_end"), str(f.pop("part"))
        candidates = holders.get((int(f["article_id"]), part), []) if start is not None else []
        f["hedge"] = next((hedge for hedge, pieces in candidates
                           if any(p["start"] <= start and p["end"] >= end for p in pieces)), None)
    original_of = {
        int(r["article_id"]): int(r["original_id"]) for r in store.db.execute(
            "SELECT c.article_id, c.original_id FROM copies c JOIN story_articles s ON s.article_id = c.article_id"
            " WHERE s.story_id = ? AND c.article_id != c.original_id", (sid,)
        )
    }
    return build_ledger(figs, original_of)
