"""Count, on a slice of PolNeAR train (default train[:700], the fit + tune slices; train[700:840] is the
guard slice) or of dev (``--split dev``), the figures that count nothing, by the shape of the words around them:

- ``own counted empty``: ``find_figures`` found no noun after the figure itself;
- of those, ``inherited`` took the noun of a count before it (``INHERIT_MAX_SENTENCES``) and ``left empty``
  did not;
- the shape before the figure (``<noun> of``, ``a total of``) or after it (a doubled vague word, "in total",
  "of them", a verb, a function word, punctuation);
- leftover shapes of every figure (changelog ``analyze/30``): a state that opens with a comma, a span that
  ends with a sentence's dot, a range joined by "and" without "between", a counted phrase with an "-ing"
  word after a plural noun, and every number after "<determiner> [word] <noun> of" that counts nothing of
  its own, found as a figure or dropped, by the noun (which collectives a size could be read after);
- the shapes of changelog ``analyze/31``: a number with a scale word ("33 million"), found or dropped; a
  counted phrase holding a personal pronoun or "between", or running over a dash; an "N-M" whose second
  number is no larger (a vote split or a score), found or dropped; a state that opens with a dash, by whether
  the figure itself sits between dashes; "a total of" before a figure and what it counts; values that are
  whole numbers, fractions, or off their written decimals by a binary product ("$65.4 billion" read as
  65400000000.00001). These shapes are written here, not imported, so that the run at the commit before
  ``analyze/31`` counts the same way.
- the shapes of changelog ``analyze/33``: a counted phrase that ends right before an object pronoun ("others
  battle it": by whether its last word looks plural); a number after a designation word (route, number, room,
  No., page, ...) with or without a qualifier, currency or percent, found or dropped; a rising "N-M" (digits
  only), found or dropped, by whether a score word (won, lost, beat, defeat, victory, record, ...) is within
  40 characters; a plain count that took the noun of a count 100 or more times larger or smaller; a state left
  empty before "and"/"or" (``--parse`` also parses those articles and counts how many have the coordinated
  subject shape of ``newsledger/analyze/shared_subjects.py``, written out here again).

``--pages`` counts the English pages of ../shared/data/extraction and extraction-snippets (through the HTML
extractor) and the seed instead of PolNeAR.

    PYTHONPATH=$PWD nice .venv/bin/python scripts/count_uncounted_figures.py [--split train] [--start 0] [--stop 700]
        [--pages] [--show] [--parse]

Prints counts and short shape labels (a single word at most, the noun before "of"); with ``--show``
also each figure's context, to the terminal only.  Reads ../shared; writes nothing.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from polnear import read_split  # noqa: E402

from newsledger.analyze import figures  # noqa: E402
from newsledger.records import Figure  # noqa: E402

POLNEAR = ROOT.parent / "shared" / "data" / "polnear"
_NOUN_OF = re.compile(r"\b(?P<noun>[a-z]+)\s+of\s*$")
_TOTAL_BEFORE = re.compile(r"\ba\s+total\s+of\s*$", re.IGNORECASE)
_TOTAL_AFTER = re.compile(r"^\s*(?:in\s+total|in\s+all|altogether|total)\b", re.IGNORECASE)
_OF_THEM = re.compile(r"^\s*of\s+(?:them|those|these|us|you)\b", re.IGNORECASE)
_FIRST_WORD = re.compile(r"^\s*(?P<word>[\w'’-]+)")
_DET_NOUN_OF = re.compile(r"\b(?:a|an|the|its|their|his|her|our)\s+(?:[\w'’-]+\s+)?(?P<noun>[a-z]+)\s+of\s+$")
# an abbreviation's or an initialism's dot ("Spring St.", "U.S.") is no sentence's end (the run before
# analyze/30 must run this too, so the pattern is here, not imported)
_ABBREVIATION_END = re.compile(r"(?:\b(?:Mrs?|Ms|Dr|St|Jr|Sr|No|vs|Lt|Gen|Gov|Sen|Rep|Col|Sgt|Rev|Jan|Feb|Mar|Apr"
                               r"|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)|(?:\b[A-Za-z]\.)+[A-Za-z])\.$")
_AND_RANGE = re.compile(r"\d\S*\s+and\s+")
_ING_AFTER_PLURAL = re.compile(r"\b[a-z]+(?:s|men)\s+[a-z]{3,}ing\b")
# analyze/31 shapes (see the module docstring)
_SCALE_WORD = re.compile(r"\d\s*(?:thousand|million|billion|trillion|mn|bn|tn)\b", re.IGNORECASE)
_PRONOUN_WORDS = {"i", "you", "he", "she", "it", "we", "they", "me", "him", "us", "them"}
_SPLIT = re.compile(r"(?P<a>\d+)\s*[-\u2013]\s*(?P<b>\d+)")
_DASH = re.compile(r"(?<!\d)[\u2013\u2014]|[\u2013\u2014](?!\d)")
_A_TOTAL_OF = re.compile(r"\ba\s+total\s+of\s*$", re.IGNORECASE)
# analyze/33 shapes (see the module docstring)
_OBJECT_PRONOUN_AFTER = re.compile(r"\s*(?P<p>it|me|him|us|them)\b")
_DESIGNATION_BEFORE = re.compile(r"\b(?P<w>No\.?|number|page|p\.|Article|Section|Chapter|episode|room|route)\s*$",
                                 re.IGNORECASE)
_SCORE_WORD = re.compile(r"\b(?:won|lost|beat|defeat\w*|win|loss|victory|score\w*|record|vote|decision|ruling|game"
                         r"|match)\b", re.IGNORECASE)
_COORDINATOR_AFTER = re.compile(r"\s*(?:and|or)\b")


def _looks_plural(word: str) -> bool:
    low = word.lower()
    return (low.endswith("s") and not low.endswith(("ss", "us", "is", "'s", "’s"))) or low.endswith("men") \
        or low in ("people", "police", "children")


def _coordinated_subject_ends(text: str) -> set[int]:
    """Where the nouns end that are a coordinated subject with the predicate right after the subject (the shape
    of newsledger/analyze/shared_subjects.py, written out here so that a run before analyze/33 counts alike)."""
    from newsledger import analyze

    out: set[int] = set()
    units, docs, _ = analyze._parse([text], [None])[0]
    for unit, doc in zip(units, docs, strict=True):
        for tok in doc:
            verb = tok.head
            if tok.dep_ not in ("nsubj", "nsubjpass") or verb.pos_ not in ("VERB", "AUX") or verb.i < tok.i:
                continue
            if verb.head.i < tok.i and verb.head.lemma_ == verb.lemma_:
                continue
            if not any(c.dep_ == "conj" and c.i > tok.i for c in tok.children):
                continue
            right = tok.right_edge.i
            if right >= verb.i or any(t.pos_ in ("VERB", "AUX") for t in doc[tok.i + 1 : right + 1]):
                continue
            start = min([verb.i, *(c.i for c in verb.children if c.dep_ in ("aux", "auxpass", "neg")
                                   and right < c.i < verb.i)])
            if start == right + 1:
                out.add(unit.offset + tok.idx + len(tok))
    return out


def _pronoun_in(counted: str) -> bool:
    """A personal pronoun in a counted phrase, other than one that is all of it after "of" ("them")."""
    words = counted.split()
    if len(words) == 1 or (len(words) >= 2 and words[-2].lower() == "of" and words[-1].lower() in _PRONOUN_WORDS):
        return False
    return any(w.lower() in _PRONOUN_WORDS and (w == "I" or not w.isupper()) for w in words)


def _english_pages() -> list[tuple[str, str | None]]:
    """The seed and the English pages of the extraction sets, as the extractor gives them (text, title)."""
    from newsledger.extract.html import extract_html
    from newsledger.extract.lang import detect_language
    from newsledger.extract.text import extract_text

    shared = ROOT.parent / "shared"
    arts = [extract_text((shared / "seed" / "abc-via-fijivillage.txt").read_bytes())]
    for name in ("extraction", "extraction-snippets"):
        for p in sorted((shared / "data" / name / "html").glob("*.html.gz")):
            arts.append(extract_html(gzip.decompress(p.read_bytes())))
    return [(a.text, a.title) for a in arts if (a.language or detect_language(a.text)) == "en"]


def _own_figures(text: str) -> list[Figure]:
    """The body figures before a plain count inherits the noun of the count before it."""
    return figures._scan(text, [], figures._sentences(text), "body", None)


def _shape(text: str, f: Figure) -> str:
    assert f.span is not None
    before = text[max(0, f.span.start - 40) : f.span.start]
    after = text[f.span.start + len(f.text) : f.span.start + len(f.text) + 40]
    if _TOTAL_BEFORE.search(before):
        return "before: a total of"
    noun = _NOUN_OF.search(before)
    if noun:
        return f"before: {noun['noun']} of"
    if f.bound == "vague" and re.match(rf"\s+and\s+{re.escape(f.text)}\b", after, re.IGNORECASE):
        return "vague doubled ('dozens and dozens'): first"
    if f.bound == "vague" and re.search(rf"\b{re.escape(f.text)}\s+and\s+$", before, re.IGNORECASE):
        return "vague doubled ('dozens and dozens'): second"
    if _TOTAL_AFTER.match(after):
        return "after: in total / altogether"
    if _OF_THEM.match(after):
        return "after: of them/those"
    word = _FIRST_WORD.match(after)
    if not word:
        return "after: punctuation or end"
    low = word["word"].lower()
    if low in figures._VERBS or (low.endswith("ed") and len(low) > 4):
        return "after: a verb"
    if low in figures._STOP_AFTER:
        return f"after: {low}"
    return "after: other"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("train", "dev"), default="train")
    ap.add_argument("--start", type=int, default=0, help="first article of train (default: 0)")
    ap.add_argument("--stop", type=int, default=700, help="end of the slice (default: 700; guard: 840; all: 0)")
    ap.add_argument("--pages", action="store_true", help="the English extraction pages and the seed, not PolNeAR")
    ap.add_argument("--show", action="store_true", help="print each uncounted figure's context (terminal only)")
    ap.add_argument("--parse", action="store_true",
                    help="parse the articles with an empty state before and/or (slow) for the coordinated subjects")
    args = ap.parse_args()
    if args.pages:
        if not (ROOT.parent / "shared" / "data" / "extraction").is_dir():
            print("the extraction pages are not in ../shared/data", file=sys.stderr)
            return 1
        texts = [text for text, _ in _english_pages()]
        name = "English extraction pages and the seed"
    else:
        split_dir = POLNEAR / args.split
        if not split_dir.is_dir():
            print(f"PolNeAR {args.split} not found at {split_dir}", file=sys.stderr)
            return 1
        texts = [art.text for art in read_split(split_dir)][args.start : args.stop or None]
        name = f"PolNeAR {args.split}[{args.start}:{args.stop or ''}]"
    totals: Counter[str] = Counter()
    shapes: Counter[str] = Counter()
    leftovers: Counter[str] = Counter()
    nouns_of: Counter[str] = Counter()
    new: Counter[str] = Counter()
    newer: Counter[str] = Counter()
    max_value = 0.0
    for text in texts:
        final = [f for f in figures.find_figures(text, []) if f.part == "body"]
        own = _own_figures(text)
        sentences = figures._sentences(text)
        totals["figures"] += len(final)
        totals["figures with value None"] += sum(f.value is None for f in final)
        totals["counted empty (final)"] += sum(f.counted is None for f in final)
        totals["state opens with 'in total' / 'in all'"] += sum(
            bool(f.state and re.match(r"(?:in total|in all|altogether)\b", f.state, re.IGNORECASE)) for f in final)
        for f in final:
            assert f.span is not None
            leftovers["state opens with a comma"] += bool(f.state and f.state.startswith(","))
            leftovers["span ends with a sentence's dot"] += (
                f.span.text.endswith(".") and not _ABBREVIATION_END.search(f.span.text))
            leftovers["range joined by 'and', no 'between'"] += bool(
                f.value_high is not None and _AND_RANGE.search(f.text) and not f.text.lower().startswith("between"))
            leftovers["counted: '-ing' after a plural noun"] += bool(f.counted and _ING_AFTER_PLURAL.search(f.counted))
            new["counted holds a personal pronoun"] += bool(f.counted and _pronoun_in(f.counted))
            new["counted holds 'between'"] += bool(f.counted and re.search(r"\bbetween\b", f.counted, re.IGNORECASE))
            new["span holds a dash (not a range's)"] += bool(_DASH.search(f.span.text))
            if f.state and f.state[:1] in ("\u2013", "\u2014"):
                start = max((a for a, _ in sentences if a <= f.span.start), default=0)  # the figure's sentence
                between = len(_DASH.findall(text[start : f.span.start])) % 2
                new["state opens with a dash: figure between dashes" if between
                    else "state opens with a dash: after the figure only"] += 1
            if _A_TOTAL_OF.search(text[max(0, f.span.start - 20) : f.span.start]):
                new["'a total of' before: counts the currency or %" if f.counted in ("dollars", "euros", "pounds",
                    "yen") or (f.counted or "").startswith("per cent") else
                    "'a total of' before: counts nothing" if f.counted is None else
                    "'a total of' before: counts a noun"] += 1
            for v in (f.value, f.value_high):
                if v is None:
                    continue
                max_value = max(max_value, abs(v))
                new["values: whole numbers" if v == int(v) else "values: fractions"] += 1
                new["values: off their written decimals (binary product)"] += v != float(f"{v:.12g}")
        empty_before_and = [f for f in final if f.span is not None and f.state is None
                            and _COORDINATOR_AFTER.match(text, f.span.end)]
        newer["state empty before 'and'/'or'"] += len(empty_before_and)
        if args.parse and empty_before_and:
            ends = _coordinated_subject_ends(text)
            newer["  of them a coordinated subject (parse)"] += sum(
                f.span is not None and f.span.end in ends for f in empty_before_and)
        for f in final:
            assert f.span is not None
            pron = _OBJECT_PRONOUN_AFTER.match(text, f.span.end)
            if f.counted and pron and not f.counted.lower().startswith("per cent") \
                    and f.counted not in ("dollars", "euros", "pounds", "yen"):
                last = f.counted.split()[-1]
                newer["counted right before it/me/him/us/them: last word plural" if _looks_plural(last)
                      else "counted right before it/me/him/us/them: last word no plural"] += 1
        donor: float | None = None
        for f, g in zip(own, final, strict=True):
            assert f.span is not None
            if f.counted and g.counted == f.counted and f.counted.lower() not in ("them", "those", "these", "they"):
                if not f.counted.startswith("per cent") and f.counted not in ("dollars", "euros", "pounds", "yen"):
                    donor = f.value
            elif g.counted and g.counted != f.counted:
                newer["inherited a noun"] += 1
                v, d = f.value, donor
                if v and d and max(v, d) / min(v, d) >= 100:
                    newer["  from a count 100 or more times larger or smaller"] += 1
        found_at = {f.span.start for f in final if f.span is not None}
        for m in figures.FIGURE_RE.finditer(text):
            found = "found" if m.start() in found_at else "dropped"
            if m["num"] and _SCALE_WORD.search(m.group(0)):
                new[f"number with a scale word: {found}"] += 1
            split = _SPLIT.fullmatch(text, m.start("num"), m.end("num2")) if m["num"] and m["num2"] else None
            if split and int(split["b"]) <= int(split["a"]):
                new[f"'N-M', second no larger (split, score): {found}"] += 1
            if split and int(split["b"]) > int(split["a"]):
                near = _SCORE_WORD.search(text, max(0, m.start() - 40), m.end() + 40)
                newer[f"rising 'N-M' (digits only): {found}, {'a score word near' if near else 'no score word'}"] += 1
            designation = _DESIGNATION_BEFORE.search(text[max(0, m.start() - 12) : m.start()]) if m["num"] else None
            if designation:
                case = "lower case" if designation["w"].islower() else "capitalised"
                extra = "with a qualifier, currency or %" if (m["qual"] or m["cur"] or m["pct"]) else "bare"
                newer[f"number after a designation word, {case}, {extra}: {found}"] += 1
            if m["pct"] or m["cur"] or m["cur2"] or figures._counted(text[m.end() :])[0]:
                continue
            noun = _DET_NOUN_OF.search(text[max(0, m.start() - 40) : m.start()])
            if noun:
                nouns_of[f"{noun['noun']} ({'found' if m.start() in found_at else 'dropped'})"] += 1
        for f, g in zip(own, final, strict=True):
            if f.counted is not None:
                continue
            totals["own counted empty"] += 1
            totals["  inherited" if g.counted else "  left empty"] += 1
            shape = _shape(text, f)
            shapes[shape] += 1
            if args.show:
                assert f.span is not None
                ctx = text[max(0, f.span.start - 60) : f.span.start + len(f.text) + 60].replace("\n", " ")
                print(f"[{shape}] inherited={g.counted!r} :: {ctx}")
    print(f"{name} ({len(texts)} texts)")
    for key in ("figures", "figures with value None", "state opens with 'in total' / 'in all'",
                "counted empty (final)", "own counted empty", "  inherited", "  left empty"):
        print(f"{key:<45}{totals[key]:>6}")
    print("shapes of the own-counted-empty figures:")
    for shape, n in sorted(shapes.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {shape:<43}{n:>6}")
    print("leftover shapes (analyze/30):")
    for key in ("state opens with a comma", "span ends with a sentence's dot", "range joined by 'and', no 'between'",
                "counted: '-ing' after a plural noun"):
        print(f"  {key:<43}{leftovers[key]:>6}")
    print("shapes of analyze/31:")
    for key, n in sorted(new.items()):
        print(f"  {key:<58}{n:>6}")
    print(f"  {'largest value':<58}{max_value:>9.3g}")
    print("shapes of analyze/33:")
    for key, n in sorted(newer.items()):
        print(f"  {key:<78}{n:>6}")
    print("numbers after '<determiner> [word] <noun> of' that count nothing of their own, by noun:")
    for noun, n in sorted(nouns_of.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {noun:<43}{n:>6}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
