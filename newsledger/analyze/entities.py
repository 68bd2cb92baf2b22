"""Speakers as entities: one canonical name per person or body, within and across articles.

speakers.py resolves mentions inside one article ("Kirby" -> "John Kirby").
This module joins what it leaves apart, and joins articles:

- a person's name with a title in front ("National Security Communications
  Adviser John Kirby"), with a middle initial ("John F. Kirby"), or in another
  transliteration ("Kyrylo"/"Kirill Budanov") is the same person: names are
  compared by first and last name, each reduced to a consonant skeleton
  (vowels and doubled letters dropped, y/i and k/c/q folded);
- a bare surname joins the one full-named person with that surname;
- an organisation's descriptions ("Seoul's spy agency", "South Korea's
  intelligence agency") join the organisation whose name holds the
  description's words ("intelligence"; "spy" is read as "intelligence") where
  the possessor is in the name or both stand in one article;
- "the agency" in one article is the last entity of that article whose name
  ends in "agency" (article-scoped: it never joins articles).

Every alias is kept.  The canonical name is the most frequent full name
(for people: two to four words, no title in front; for bodies: a proper name
before a description).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from newsledger.analyze.speakers import ORG_WORDS, ROLE_WORDS
from newsledger.records import Analysis

_PRONOUNS = frozenset({"he", "she", "they", "it", "him", "her", "them", "we", "i", "you"})
# Description words read as one another ("spy agency" = "intelligence agency").  From issue #16's
# pages (NIS under "Seoul's spy agency" and "South Korea's intelligence agency").
_SYNONYMS = {"spy": "intelligence", "defense": "defence", "center": "centre", "organization": "organisation"}
# Head nouns of bodies that descriptions name them by; "service" names and "agency" descriptions
# stand for each other (an intelligence service is described as a spy agency).
_HEADS = {"agency": "agency", "service": "agency", "bureau": "agency", "directorate": "agency",
          "ministry": "ministry", "department": "ministry", "office": "office", "army": "army", "military": "army",
          "forces": "army", "police": "police", "cross": "cross", "committee": "committee", "council": "council"}
# Role words written before a name, beyond speakers.ROLE_WORDS (from the titles in issue #16's pages).
_ROLES = ROLE_WORDS | {"adviser", "advisor", "envoy", "analyst", "spokesperson", "aide", "official", "diplomat"}
_INITIAL_RE = re.compile(r"^[A-Z]\.?$")
_POSSESSIVE_RE = re.compile(r"^(?P<who>.+?)['’]s?\s+(?P<rest>.+)$")


def _skeleton(word: str) -> str:
    """"Kyrylo" and "Kirill" -> "krl": consonants, y/i and k/c/q folded, doubles collapsed."""
    w = word.lower().replace("’", "").replace("'", "")
    w = w.replace("kh", "h").replace("ck", "k").replace("q", "k").replace("c", "k").replace("ph", "f")
    w = re.sub(r"[aeiouy\W_]", "", w)
    return re.sub(r"(.)\1+", r"\1", w)


def _words(name: str) -> list[str]:
    return [w.strip(",.;:") for w in name.split() if w.strip(",.;:")]


def _norm(word: str) -> str:
    w = word.lower().strip(".,'’")
    return _SYNONYMS.get(w, w)


def is_org_like(name: str) -> bool:
    return any(_norm(w) in ORG_WORDS or _norm(w) in _HEADS for w in _words(name))


def person_core(name: str) -> list[str]:
    """The name without titles in front and middle initials: "Adviser John F. Kirby" -> [John, Kirby]."""
    words = [w for w in _words(name) if not _INITIAL_RE.match(w)]
    # Titles and roles in front are capitalised words that are not names: keep the last two or three words.
    while len(words) > 3 or (len(words) == 3 and (_norm(words[0]) in _ROLES or not words[0][:1].isupper())):
        words.pop(0)
    return words


def _name_like(mention: str) -> bool:
    ws = _words(mention)
    return bool(ws) and ws[0][:1].isupper() and ws[0].lower() not in _PRONOUNS and ws[0].lower() not in (
        "the", "a", "an", "this", "that")


@dataclass
class _Node:
    name: str
    kind: str
    count: int = 0
    articles: set[int] = field(default_factory=set)


class EntityIndex:
    """Union of the speakers of many analyses; ``canonical(name, article)`` gives the entity's name."""

    def __init__(self) -> None:
        self._nodes: dict[str, _Node] = {}
        self._parent: dict[str, str] = {}
        # per article: generic mention ("the agency") -> name it stands for there
        self._local: dict[tuple[int, str], str] = {}
        self._article_names: list[list[str]] = []
        self._done = True

    # -- building ------------------------------------------------------------------------------

    def _add(self, name: str, kind: str, article: int) -> None:
        node = self._nodes.get(name)
        if node is None:
            node = self._nodes[name] = _Node(name, kind)
            self._parent[name] = name
        if kind == "organisation" or is_org_like(name):
            node.kind = "organisation"
        node.count += 1
        node.articles.add(article)

    def _find(self, name: str) -> str:
        root = name
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[name] != root:
            self._parent[name], name = root, self._parent[name]
        return root

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            self._parent[rb] = ra

    def add_analysis(self, analysis: Analysis) -> int:
        """Register one article's speakers; returns the article's number for ``canonical``."""
        article = len(self._article_names)
        names: list[str] = []
        for sp in analysis.speakers:
            if not _name_like(sp.name):
                continue
            self._add(sp.name, sp.kind, article)
            names.append(sp.name)
            for m in sp.mentions:
                if _name_like(m) and m != sp.name:
                    self._add(m, sp.kind, article)
                    self._union(sp.name, m)
        # generic mentions ("the agency") stand for the last name before them with that head noun
        order: list[str] = []
        for a in analysis.attributions:
            for said in (a.speaker, a.speaker_mention):
                if not said:
                    continue
                if _name_like(said):
                    if said not in self._nodes:
                        self._add(said, "person", article)
                        names.append(said)
                    order.append(said)
                    continue
                ws = _words(said)
                if len(ws) == 2 and ws[0].lower() in ("the", "this", "that"):
                    head = _norm(ws[1])
                    for prev in reversed(order):
                        if _words(prev) and _norm(_words(prev)[-1]) in (head, _HEADS.get(head)):
                            self._local[(article, said.casefold())] = prev
                            break
        self._article_names.append(names)
        self._done = False
        return article

    # -- joining -------------------------------------------------------------------------------

    def _join(self) -> None:
        people = [n for n in self._nodes.values() if n.kind != "organisation"]
        orgs = [n for n in self._nodes.values() if n.kind == "organisation"]
        # 1. full names by first- and last-name skeleton
        by_key: dict[tuple[str, str], str] = {}
        surnames: dict[str, set[str]] = {}
        for p in people:
            core = person_core(p.name)
            if len(core) >= 2:
                key = (_skeleton(core[0]), _skeleton(core[-1]))
                if key in by_key:
                    self._union(by_key[key], p.name)
                else:
                    by_key[key] = p.name
                surnames.setdefault(_skeleton(core[-1]), set()).add(self._find(p.name))
        # 2. a bare surname joins the one person with that surname (the small model types some
        #    surnames as organisations: "Vantsenko says ..." in a headline)
        for p in self._nodes.values():
            core = person_core(p.name)
            if len(core) == 1 and not is_org_like(p.name):
                roots = {self._find(r) for r in surnames.get(_skeleton(core[0]), set())}
                if len(roots) == 1:
                    self._union(next(iter(roots)), p.name)
                    p.kind = "person"
        # 3. descriptions of bodies ("Seoul's spy agency") join a named body
        proper = [o for o in orgs if not _POSSESSIVE_RE.match(o.name)]
        for o in orgs:
            m = _POSSESSIVE_RE.match(o.name)
            if not m:
                continue
            who = {_norm(w) for w in _words(m["who"])}
            rest = [_norm(w) for w in _words(m["rest"])]
            if not rest or rest[-1] not in _HEADS:
                continue
            head, adjs = _HEADS[rest[-1]], set(rest[:-1])
            fits = []
            for p in proper:
                pw = [_norm(w) for w in _words(p.name)]
                if not pw or _HEADS.get(pw[-1]) != head or not adjs <= set(pw):
                    continue
                if not set(pw[:-1]) - adjs - {"the"}:
                    continue  # "Intelligence agency" (a headline's words) is a description too, not a name
                if who & set(pw) or o.articles & p.articles:
                    fits.append(p)
            if len({self._find(p.name) for p in fits}) == 1:
                self._union(fits[0].name, o.name)
        self._done = True

    # -- reading -------------------------------------------------------------------------------

    def canonical(self, name: str, article: int | None = None) -> str:
        """The entity's canonical name for a speaker name or mention (``name`` itself if unknown)."""
        if article is not None:
            name = self._local.get((article, name.casefold()), name)
        if name not in self._nodes:
            return name
        if not self._done:
            self._join()
        root = self._find(name)
        members = [n for n in self._nodes.values() if self._find(n.name) == root]
        return self._best(members)

    def aliases(self, name: str) -> list[str]:
        """Every name the entity of ``name`` goes by, canonical first."""
        if name not in self._nodes:
            return [name]
        canon = self.canonical(name)
        root = self._find(name)
        rest = sorted(n.name for n in self._nodes.values() if self._find(n.name) == root and n.name != canon)
        return [canon, *rest]

    def entities(self) -> Iterable[tuple[str, str, list[str]]]:
        """(canonical name, kind, aliases) for every entity."""
        if not self._done:
            self._join()
        roots: dict[str, list[_Node]] = {}
        for n in self._nodes.values():
            roots.setdefault(self._find(n.name), []).append(n)
        for members in roots.values():
            canon = self._best(members)
            kinds = Counter(m.kind for m in members)
            kind = "organisation" if kinds["organisation"] else kinds.most_common(1)[0][0]
            yield canon, kind, sorted(m.name for m in members if m.name != canon)

    @staticmethod
    def _best(members: list[_Node]) -> str:
        def rank(n: _Node) -> tuple[int, int, int, str]:
            ws = _words(n.name)
            if n.kind == "organisation":
                good = 0 if not _POSSESSIVE_RE.match(n.name) and ws and ws[0][:1].isupper() else 1
            else:
                good = 0 if 2 <= len(ws) <= 3 and person_core(n.name) == ws else 1
                good += sum(1 for w in ws if _INITIAL_RE.match(w))
            return (good, -n.count, len(n.name), n.name)

        best = min(members, key=rank)
        if best.kind != "organisation":
            # a person named only with a title in front or by surname: the longest core name is the best
            core = max((person_core(m.name) for m in members), key=lambda c: (len(c) >= 2, -abs(len(c) - 2)))
            if len(core) >= 2 and len(_words(best.name)) != 2:
                return " ".join(core)
        return best.name


# -- stable ids across rebuilds ---------------------------------------------------------------
# The store rebuilds every entity from every article's speakers after each ingest, link and
# reprocess; the web pages and API name a speaker by its entity id, so a rebuilt entity keeps the
# id of the stored entity that is the same person or body (``keep_ids``), and an id once given is
# never given to anybody else (the store's high-water mark).


def full_name(alias: str, kind: str) -> bool:
    """A name that tells one person from another: two name words after titles ("Marten Hollis", not
    "Hollis" or "President Hollis"); every name of an organisation counts (one word "Orvik" is its name)."""
    if kind == "organisation":
        return True
    words = person_core(alias)
    while words and _norm(words[0]) in _ROLES:
        words = words[1:]
    return len(words) >= 2


@dataclass(frozen=True)
class StoredEntity:
    id: int
    name: str
    kind: str
    aliases: frozenset[str]  # casefolded, the name among them


def keep_ids(new: list[tuple[str, str, list[str]]], old: list[StoredEntity]) -> dict[int, int]:
    """Which stored entity each rebuilt one is: {index in ``new``: stored id}; each id used at most once.

    1. The same canonical name (casefolded): the same entity, whatever else changed.
    2. Else the stored entity of the same kind sharing the most aliases, counting full names
       (``full_name``) before surnames alone: a stored entity that has a full name is only
       matched through a full name, so "Ada Hollis" never inherits the id of a departed
       "Marten Hollis" through their shared "Hollis"; an entity known only as "Hollis" passes
       its id to the person that surname now joins.  Largest overlap first; ties go to the
       oldest (lowest) stored id, then to the new name in code-point order: deterministic.
    """
    out: dict[int, int] = {}
    taken: set[int] = set()
    by_name: dict[str, int] = {}
    for e in sorted(old, key=lambda e: e.id):
        by_name.setdefault(e.name.casefold(), e.id)
    for i, (name, _kind, _aliases) in enumerate(new):
        eid = by_name.get(name.casefold())
        if eid is not None and eid not in taken:
            out[i] = eid
            taken.add(eid)
    has_full = {e.id: any(full_name(a, e.kind) for a in e.aliases) for e in old}
    by_alias: dict[str, list[StoredEntity]] = {}
    for e in old:
        if e.id not in taken:
            for a in e.aliases:
                by_alias.setdefault(a, []).append(e)
    pairs: list[tuple[int, int, int, str, int]] = []
    for i, (name, kind, aliases) in enumerate(new):
        if i in out:
            continue
        strong: Counter[int] = Counter()
        weak: Counter[int] = Counter()
        for a in {name.casefold(), *(x.casefold() for x in aliases)}:
            for e in by_alias.get(a, ()):
                if e.kind == kind:
                    (strong if full_name(a, kind) else weak)[e.id] += 1
        for eid in strong.keys() | weak.keys():
            if strong[eid] or not has_full[eid]:
                pairs.append((-strong[eid], -weak[eid], eid, name, i))
    for _s, _w, eid, _name, i in sorted(pairs):
        if i not in out and eid not in taken:
            out[i] = eid
            taken.add(eid)
    return out
