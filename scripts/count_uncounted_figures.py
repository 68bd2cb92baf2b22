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
  its own, found as a figure or dropped, by the noun (which collectives a size could be read after).

    PYTHONPATH=$PWD nice .venv/bin/python scripts/count_uncounted_figures.py [--split train] [--start 0] [--stop 700]
        [--show]

Prints counts and short shape labels (a single word at most, the noun before "of"); with ``--show``
also each figure's context, to the terminal only.  Reads ../shared; writes nothing.
"""

from __future__ import annotations

import argparse
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
    ap.add_argument("--show", action="store_true", help="print each uncounted figure's context (terminal only)")
    args = ap.parse_args()
    split_dir = POLNEAR / args.split
    if not split_dir.is_dir():
        print(f"PolNeAR {args.split} not found at {split_dir}", file=sys.stderr)
        return 1
    arts = list(read_split(split_dir))[args.start : args.stop or None]
    totals: Counter[str] = Counter()
    shapes: Counter[str] = Counter()
    leftovers: Counter[str] = Counter()
    nouns_of: Counter[str] = Counter()
    for art in arts:
        text = art.text
        final = [f for f in figures.find_figures(text, []) if f.part == "body"]
        own = _own_figures(text)
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
        found_at = {f.span.start for f in final if f.span is not None}
        for m in figures.FIGURE_RE.finditer(text):
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
    print(f"PolNeAR {args.split}[{args.start}:{args.stop or ''}] ({len(arts)} articles)")
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
    print("numbers after '<determiner> [word] <noun> of' that count nothing of their own, by noun:")
    for noun, n in sorted(nouns_of.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {noun:<43}{n:>6}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
