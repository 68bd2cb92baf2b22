"""Count, on PolNeAR train[:700] (the cue model's fit + tune slices; the guard
slice train[700:] is left out), the two attribution shapes of issue #16's
leftovers and what the gold annotators made of them:

- artifact verbs: purport / appear / claim / seem / say with a "to" infinitive,
  in a relative clause or hanging on an artifact noun ("a video that appears to
  show ..."), and how often ``rules/artifact_claim.py`` fires (it needs a
  named creator);
- figure-led clauses: how often ``contents.figure_clause`` fires on a clause
  verb ("said between 11 and 12,000 people had left").

    PYTHONPATH=$PWD nice .venv/bin/python scripts/count_cue_shapes.py [--first 700]

Prints one line per occurrence (with the gold cue, source and content touching
the verb) and the totals.  Reads ../shared; writes nothing.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from attribution import select  # noqa: E402

from newsledger.analyze.contents import figure_clause  # noqa: E402
from newsledger.analyze.cues import ARTIFACT_NOUNS, CLAUSE_VERBS  # noqa: E402
from newsledger.analyze.model import load_nlp  # noqa: E402
from newsledger.analyze.quotes import quotes_by_paragraph  # noqa: E402
from newsledger.analyze.rules.artifact_claim import artifact_claim  # noqa: E402

TRAIN = ROOT.parent / "shared" / "data" / "polnear" / "train"
_VERBS = ("purport", "appear", "claim", "seem", "say")


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def _said(text: str, pieces: tuple[tuple[int, int], ...]) -> str:
    return text[pieces[0][0] : pieces[-1][1]][:60] if pieces else "-"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--first", type=int, default=700, help="the first N articles of train (default: 700)")
    args = ap.parse_args()
    if not TRAIN.is_dir():
        print(f"PolNeAR train not found at {TRAIN}", file=sys.stderr)
        return 1
    arts = select(TRAIN, first=args.first)
    nlp = load_nlp()
    shapes: Counter[str] = Counter()
    for art in arts:
        paras = art.text.split("\n\n")
        starts = [sum(len(p) + 2 for p in paras[:i]) for i in range(len(paras))]
        quotes = quotes_by_paragraph(paras)
        for k, doc in enumerate(nlp.pipe(paras)):
            for v in doc:
                if v.pos_ not in ("VERB", "AUX"):
                    continue
                vc = (starts[k] + v.idx, starts[k] + v.idx + len(v.text))
                gold = [g for g in art.attributions if g.cue and any(_overlap(vc, p) for p in g.cue)]

                shown = [f"{_said(art.text, g.cue)} | {_said(art.text, g.source)} | {_said(art.text, g.content)}"
                         for g in gold]
                infinitive = any(
                    c.dep_ in ("xcomp", "advcl") and any(t.lower_ == "to" for t in c.children) for c in v.children
                )
                relative = any(c.lower_ in ("that", "which") and c.dep_.startswith("nsubj") for c in v.children)
                if v.lemma_ in _VERBS and infinitive and (relative or v.head.lower_ in ARTIFACT_NOUNS):
                    shapes[f"artifact verb {v.lemma_}: gold cue {'yes' if gold else 'no'}"] += 1
                    fired = artifact_claim(doc, v, quotes[k], v.sent) is not None
                    shapes["artifact_claim fires"] += fired
                    print(f"artifact {v.lemma_} fires={fired}: {v.sent.text[:120]!r} GOLD {shown}")
                if v.lemma_ in CLAUSE_VERBS and not any(c.dep_ == "ccomp" for c in v.children):
                    fc = figure_clause(v)
                    if fc is not None:
                        shapes["figure_clause fires"] += 1
                        print(f"figure clause: {doc[v.i : fc[1][1]].text[:120]!r} GOLD {shown}")
    print(f"{len(arts)} articles")
    for key in ("artifact_claim fires", "figure_clause fires"):
        shapes.setdefault(key, 0)
    for key, n in sorted(shapes.items()):
        print(f"{key}: {n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
