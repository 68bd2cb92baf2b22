"""The figures ledger of a story: every number given, grouped by what it counts.

Figures are grouped by the head noun of what they count, singular, mapped
through the synonym classes below ("troops", "infantrymen", "DPRK forces" and
"North Korean soldiers" are one group); the words before the head and the
place are kept as qualifiers.  Within a group the figures are listed by date;
a figure that a copy repeats from its original is folded into the original's
row, which says "repeated by N".  A conflict is two rows from different
sources (speaker, else outlet) on the same thing counted, with compatible
places, dated within ``CONFLICT_WINDOW_DAYS`` of each other, both counts of
what is or both projections (``newsledger.modality``: "could hold about 2,000
people" is a capacity, not a count of those who fled), whose values cannot
both be true (their ranges do not overlap).  Sums of money and percentages
are listed but never conflict: their "thing counted" is only a unit.  Nor do
two counts whose predicates share no word ("two vessels had joined the
search" against "40 boats broke their moorings"): they count different sets.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from newsledger.modality import is_projection

CONFLICT_WINDOW_DAYS = 7
APPROX_SLACK = 0.1  # "about 1,200" is read as 1,080-1,320

# Synonym classes of counted things, hand-made: the soldiers class from the issue's
# own example ("North Korean soldiers", "troops", "infantrymen", "forces", "DPRK
# forces"), the people class from the figures of the bundled sample corpus and the
# seed ("residents", "people", "evacuees").  The first word names the class.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("soldier", "troop", "infantryman", "infantry", "force", "serviceman", "servicemember", "fighter",
     "personnel", "combatant"),
    ("person", "people", "resident", "evacuee", "inhabitant", "civilian", "individual"),
    ("boat", "vessel", "ship", "hull"),
    ("death", "fatality", "dead", "killed"),
)
_CLASS = {w: group[0] for group in SYNONYMS for w in group}
# Qualifiers written two ways: alias -> one spelling.  Hand-made from the example.
QUALIFIER_ALIASES = {"dprk": "north korean", "north korea's": "north korean", "n. korean": "north korean"}
_IRREGULAR = {"people": "people", "men": "man", "women": "woman", "children": "child", "infantrymen": "infantryman",
              "servicemen": "serviceman", "police": "police", "personnel": "personnel", "news": "news",
              "dollars": "dollar", "series": "series", "species": "species"}
# Groups whose key is only a unit of measure: "$48.6 million" and "4.2 per cent" say what they measure in
# their predicate, not in what they count, so two of them differing is no conflict. Counted on PolNeAR
# train[:300] (2026-12-01, lead): of 750 pairs the ledger flagged inside one article, 666 were sums of
# money or percentages, and none of 60 read by hand measured the same thing ("$35,845 paid" against
# "$59 million spent", "52 percent of Democratic voters" against "26 percent ... not paying attention").
UNIT_KEYS = frozenset({"dollar", "euro", "pound", "yen", "per cent", "percentage point"})
_PERCENT = re.compile(r"^(?:per\s?cent|percent|%|(?P<points>percentage points?))(?:\s+of\s+(?P<of>.+))?$")
# Predicates that say the same of what they count in other words, so that "40 people were killed"
# and "52 people died" still conflict. Hand-made from the death class above and the evacuation figures
# of the sample corpus and the seed; a class here can only keep a conflict, never remove one.
_PREDICATE_CLASSES: tuple[tuple[str, ...], ...] = (
    ("kill", "died", "dies", "dead", "death", "fatal", "toll", "perish"),
    ("evacu", "fled", "flee", "displ", "left", "leave", "homel", "shelt", "refug"),
    ("injur", "wound", "hurt", "hospi"),
)
_PREDICATE_CLASS = {stem: group[0] for group in _PREDICATE_CLASSES for stem in group}
# Words that say nothing of what a predicate is about (function words, auxiliaries, number words).
_PREDICATE_STOP = frozenset({
    "the", "and", "but", "with", "from", "that", "this", "which", "what", "their", "they", "them", "than",
    "more", "less", "about", "some", "over", "under", "into", "after", "before", "while", "when", "there",
    "have", "were", "been", "will", "would", "could", "should", "also", "only", "just", "said", "says",
    "cent", "percent", "million", "billion", "thousand", "hundred",
})
_LEAD = re.compile(r"^(?:the|a|an|some|about|of|more|than|at|least|its|their|his|her)\s+", re.IGNORECASE)


def singular(word: str) -> str:
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) > 4 and w.endswith("men"):  # fishermen, servicemen, infantrymen
        return w[:-3] + "man"
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("ses", "xes", "ches", "shes", "zes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def normalise_counted(counted: str | None) -> tuple[str, str]:
    """(group key, qualifier) of what a figure counts: "DPRK forces" -> ("soldier", "north korean")."""
    if not counted:
        return "(unspecified)", ""
    text = counted.strip().lower()
    pct = _PERCENT.match(text)
    if pct:  # "per cent of voters": a percentage of something, keyed as a percentage
        key = "percentage point" if pct["points"] else "per cent"
        return key, " ".join(re.findall(r"[a-z][a-z'.-]*", pct["of"] or ""))
    text = re.split(r"\s+(?:of|in|from|at|on|to|for|who|that|which)\s+", text, maxsplit=1)[0]
    while True:
        stripped = _LEAD.sub("", text)
        if stripped == text:
            break
        text = stripped
    words = re.findall(r"[a-z][a-z'.-]*", text)
    if not words:
        return "(unspecified)", ""
    head = singular(words[-1])
    key = _CLASS.get(head, head)
    qual = " ".join(words[:-1])
    for alias, canon in QUALIFIER_ALIASES.items():
        qual = re.sub(rf"(?<![\w]){re.escape(alias)}(?![\w])", canon, qual)
    return key, qual.strip()


@dataclass(slots=True)
class LedgerRow:
    figure_id: int
    article_id: int
    text: str
    value: float | None
    value_high: float | None
    bound: str
    approximate: bool
    counted: str | None
    qualifier: str
    place: str | None
    hedge: str
    speaker: str | None
    outlet: str | None
    date: str | None
    state: str | None = None  # the figure's predicate ("could hold", "sent to Russia")
    date_ambiguous: bool = False  # the article's published_ambiguous: day/month order undecided
    repeated_by: list[int] = field(default_factory=list)  # copies (article ids) repeating it
    conflicts_with: list[int] = field(default_factory=list)  # figure ids

    def as_dict(self) -> dict[str, Any]:
        return {
            "figure_id": self.figure_id, "article_id": self.article_id, "text": self.text,
            "value": self.value, "value_high": self.value_high, "bound": self.bound,
            "approximate": self.approximate, "counted": self.counted, "qualifier": self.qualifier,
            "place": self.place, "hedge": self.hedge, "speaker": self.speaker, "outlet": self.outlet,
            "date": self.date, "date_ambiguous": self.date_ambiguous, "state": self.state,
            "projection": is_projection(self.state),
            "repeated_by": len(self.repeated_by), "repeated_in": self.repeated_by,
            "conflicts_with": self.conflicts_with,
        }


@dataclass(slots=True)
class LedgerGroup:
    counted: str
    rows: list[LedgerRow]
    conflicts: list[tuple[int, int]]  # pairs of figure ids

    def as_dict(self) -> dict[str, Any]:
        return {"counted": self.counted, "figures": [r.as_dict() for r in self.rows],
                "conflicts": [list(c) for c in self.conflicts]}


def interval(r: LedgerRow) -> tuple[float, float] | None:
    if r.value is None or r.bound == "vague":
        return None
    v = r.value
    if r.bound == "range" and r.value_high is not None:
        return (v, r.value_high)
    if r.bound == "at_least":
        return (v, float("inf"))
    if r.bound == "at_most":
        return (0.0, v)
    slack = v * APPROX_SLACK if r.approximate else 0.0
    return (v - slack, v + slack)


def _day(iso: str | None) -> date | None:
    try:
        return date.fromisoformat(iso[:10]) if iso and len(iso) >= 10 else None
    except ValueError:
        return None


def _place_key(place: str | None) -> str | None:
    """A place as the pair test compares it: lowercased, "the " dropped; None when none is given."""
    return re.sub(r"^the\s+", "", place.lower().strip()) if place else None


def _places_compatible(x: str | None, y: str | None) -> bool:
    """Whether two places (``_place_key``) may be one: one is not given, or one holds the other."""
    return x is None or y is None or x in y or y in x


def _source(r: LedgerRow) -> str:
    return (r.speaker or r.outlet or "").strip().lower()


def predicate_words(state: str | None) -> set[str]:
    """The words of a figure's predicate that say what it is about: five-letter stems, mapped to a class."""
    out = set()
    for word in re.findall(r"[a-z]{4,}", (state or "").lower()):
        if word in _PREDICATE_STOP:
            continue
        stem = word[:5]
        out.add(next((c for s, c in _PREDICATE_CLASS.items() if stem.startswith(s)), stem))
    return out


def _same_predicate(wa: frozenset[str], wb: frozenset[str]) -> bool:
    """Whether two predicates (their ``predicate_words``) may speak of the same set: one says nothing, or
    they share a word.

    Counted on PolNeAR train[:300] (2026-12-01, lead): of the 84 pairs of counts (not money or
    percentages) the ledger flagged inside one article, 48 had two predicates with words and 46 of those
    shared none ("691 delegates up for grabs" against "1,237 delegates needed to secure the nomination");
    none of the 46 read by hand counted the same set.
    """
    return not wa or not wb or bool(wa & wb)


@dataclass(frozen=True, slots=True)
class _PairKeys:
    """What the pair test reads of one row, computed once per row: a group of n rows makes n(n-1)/2
    pairs, and each key costs regexes (``normalise_counted``, ``is_projection``, ``predicate_words``)."""

    unit: bool  # its thing counted is only a unit (money, percentages): never conflicts
    source: str
    projection: bool
    words: frozenset[str]
    place: str | None  # ``_place_key``
    day: date | None
    interval: tuple[float, float] | None


def _pair_keys(r: LedgerRow) -> _PairKeys:
    return _PairKeys(
        unit=normalise_counted(r.counted)[0] in UNIT_KEYS, source=_source(r), projection=is_projection(r.state),
        words=frozenset(predicate_words(r.state)), place=_place_key(r.place), day=_day(r.date), interval=interval(r),
    )


def _keys_conflict(a: _PairKeys, b: _PairKeys) -> bool:
    """``conflicting`` on precomputed keys; the same tests, cheapest first."""
    if a.unit or a.source == b.source or a.projection != b.projection:
        return False
    ia, ib = a.interval, b.interval
    if ia is None or ib is None or not (ia[1] < ib[0] or ib[1] < ia[0]):
        return False
    if not _same_predicate(a.words, b.words):
        return False
    if not _places_compatible(a.place, b.place):
        return False
    da, db = a.day, b.day
    return not (da and db and abs((da - db).days) > CONFLICT_WINDOW_DAYS)


def conflicting(a: LedgerRow, b: LedgerRow) -> bool:
    """Whether two rows of one group conflict (see the module docstring)."""
    return _keys_conflict(_pair_keys(a), _pair_keys(b))


def build_ledger(figures: Sequence[dict[str, Any]], original_of: dict[int, int]) -> list[LedgerGroup]:
    """Ledger groups from figure rows (``figures`` table joined with article outlet and date).

    ``original_of`` maps a copy's article id to its original's; a copy's figure equal
    to one of its original's (same value, bound and thing counted) folds into it.
    """
    rows: list[LedgerRow] = []
    by_origin: dict[tuple[int, str, float | None, float | None, str], LedgerRow] = {}
    ordered = sorted(figures, key=lambda f: (f["article_id"] in original_of, f["article_id"], f["seq"]))
    for f in ordered:
        key, qual = normalise_counted(f.get("counted"))
        aid = int(f["article_id"])
        origin = original_of.get(aid, aid)
        fold_key = (origin, key, f.get("value"), f.get("value_high"), f.get("bound") or "")
        if aid != origin and fold_key in by_origin:
            by_origin[fold_key].repeated_by.append(aid)
            continue
        row = LedgerRow(
            figure_id=int(f["id"]), article_id=aid, text=f["text"], value=f.get("value"),
            value_high=f.get("value_high"), bound=f.get("bound") or "exact", approximate=bool(f.get("approximate")),
            counted=f.get("counted"), qualifier=qual, place=f.get("location"), hedge=f.get("hedge") or "asserted",
            speaker=f.get("according_to"), outlet=f.get("outlet"), date=f.get("date"), state=f.get("state"),
            date_ambiguous=bool(f.get("date_ambiguous")),
        )
        by_origin.setdefault(fold_key, row)
        rows.append(row)
    groups: dict[str, list[LedgerRow]] = {}
    for r in rows:
        groups.setdefault(normalise_counted(r.counted)[0], []).append(r)
    out: list[LedgerGroup] = []
    for key in sorted(groups, key=lambda k: (k == "(unspecified)", -len(groups[k]), k)):
        g = sorted(groups[key], key=lambda r: ((r.date or "9999")[:10], r.article_id, r.figure_id))
        conflicts: list[tuple[int, int]] = []
        if key != "(unspecified)" and key not in UNIT_KEYS:  # units never conflict: skip their pairs
            keys = [_pair_keys(r) for r in g]
            for i, a in enumerate(g):
                ka = keys[i]
                for j in range(i + 1, len(g)):
                    if _keys_conflict(ka, keys[j]):
                        b = g[j]
                        conflicts.append((a.figure_id, b.figure_id))
                        a.conflicts_with.append(b.figure_id)
                        b.conflicts_with.append(a.figure_id)
        out.append(LedgerGroup(key, g, conflicts))
    return out
