"""Count the coordinated-source shapes behind co-speakers (docs/attribution.md, changelog ``analyze/29``).

On PolNeAR train[:700] (the fit and tune slices; the guard slice is not read), with the analysis as it ships:

* ``gold_name_lists``: gold sources that are a comma list of names ("A, B and C"), by how our best-overlapping
  source compares (exact, runs on, cut at the front or back, none);
* ``front_list``: a proper noun hung on the cue verb right before ", " and a coordinated subject ("Ana Ruru,
  Tomas Keel and the Harbour Board said" read as "Ruru" + "Tomas Keel and the Harbour Board");
* ``second_subject_list``: a second, coordinated subject of the same verb right after ", " ("Mayor Ana Ruru,
  Tomas Keel and Mere Tane said" read as two subjects);
* ``hung_first_name``: the condition of the removed ``sources._first_conjunct`` (a proper noun before the
  source, hung on the verb or the subject with its own "and": '"...," Ruru and Keel told');
* ``coordinated``, ``with_co_speakers``, ``description_joined``: coordinated sources, those giving
  co-speakers, and those where ``_one_person`` joined a bare description to the name after it.

``--list`` prints each case (and every attribution with co-speakers) to read by hand; ``--pages`` counts the
same on the English pages of ../shared/data/extraction and extraction-snippets (through the extractor) and
the seed instead of PolNeAR.

    PYTHONPATH=$PWD nice .venv/bin/python scripts/count_co_speaker_shapes.py [--pages] [--list]
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"

# A name: capitalised words (initials, "O'Malley"), with "of/de/van/von" inside; a bracketed party label after.
_NAME = r"[A-Z][\w.’'-]*(?: (?:[A-Z][\w.’'-]*|of|de|van|von))*(?: \([^)]*\))?"
NAME_LIST = re.compile(
    rf"\s*(?:the |[a-z]+ )?{_NAME}(?:, (?:[Ff]ormer )?{_NAME})+,? (?:and|&) (?:the |[Ff]ormer )?{_NAME}[\s,]*"
)


def _instrument(counts: Counter[str], show: bool) -> None:
    """Wrap ``source_span`` and ``_conjuncts`` to count the parse shapes where they are computed."""
    import newsledger.analyze as analysis
    import newsledger.analyze.sources as sources
    import newsledger.analyze.verbcue as verbcue
    from newsledger.analyze.syntax import RELATIVE, subtree_range

    source_span = sources.source_span

    def counted_span(doc: Any, written: Any, verb: Any) -> tuple[int, int] | None:
        out = source_span(doc, written, verb)
        if out is None or written.i > verb.i or written.lower_ in RELATIVE:
            return out
        lo, hi = subtree_range(written, without=verb)
        listed = any(c.dep_ == "conj" for c in written.children)
        if listed and lo >= 2 and doc[lo - 1].text == ",":
            t = doc[lo - 2]
            while t.head.i != t.i and t.head.i < lo - 1 and t.head.right_edge.i == lo - 2:
                t = t.head
            if t.pos_ == "PROPN" and t.head.i == verb.i:
                counts["front_list"] += 1
                if show:
                    print("front_list:", doc[t.left_edge.i : hi].text)
        for c in verb.children:
            if (c.dep_ == "nsubj" and written.i < c.i < verb.i and c.left_edge.i - 1 == hi
                    and doc[hi].text == "," and any(x.dep_ == "conj" for x in c.children)):
                counts["second_subject_list"] += 1
                if show:
                    print("second_subject_list:", doc[lo : c.right_edge.i + 1].text)
        if lo >= 2:
            cc, first = doc[lo - 1], doc[lo - 1].head
            if (cc.dep_ == "cc" and cc.lower_ in ("and", "&") and first.i < cc.i and first.right_edge.i == cc.i
                    and first.pos_ == "PROPN" and first.head.i in (verb.i, written.i)):
                counts["hung_first_name"] += 1
                if show:
                    print("hung_first_name:", doc[first.left_edge.i : hi].text)
        return out

    sources.source_span = counted_span
    verbcue.source_span = counted_span  # type: ignore[attr-defined]

    conjuncts = analysis._conjuncts

    def counted_conjuncts(root: Any, lo: int, hi: int) -> list[tuple[Any, int, int]]:
        out = conjuncts(root, lo, hi)
        if out:
            counts["coordinated"] += 1
            n_heads = len([t for t in root.conjuncts if lo <= t.i < hi]) + 1
            if len(out) < n_heads:
                counts["description_joined"] += 1
                if show:
                    print("description_joined:", root.doc[lo:hi].text)
        return out

    analysis._conjuncts = counted_conjuncts  # type: ignore[assignment]


def _polnear(counts: Counter[str], show: bool) -> list[Any]:
    from polnear import read_split

    from newsledger.analyze import _analyze_parsed, _parse

    arts = list(read_split(SHARED / "data" / "polnear" / "train"))[:700]
    parsed = _parse([a.text for a in arts], [None] * len(arts))
    analyses = []
    for art, p in zip(arts, parsed, strict=True):
        an = _analyze_parsed(art.text, None, p, published=None)
        analyses.append(an)
        preds = [a.source for a in an.attributions if a.part == "body" and a.source is not None]
        for g in art.attributions:
            if not g.source:
                continue
            a0, b0 = g.source[0][0], g.source[-1][1]
            gold = art.text[a0:b0]
            if not NAME_LIST.fullmatch(gold):
                continue
            best = max(preds, key=lambda s: min(s.end, b0) - max(s.start, a0), default=None)
            if best is None or min(best.end, b0) <= max(best.start, a0):
                kind = "none"
            elif best.text.strip(" ,") == gold.strip(" ,"):
                kind = "exact"
            elif best.start > a0:
                kind = "cut_front"
            elif best.end < b0 - 1:
                kind = "cut_back"
            else:
                kind = "runs_on"
            counts["gold_name_lists/" + kind] += 1
            if show:
                print(f"gold_name_list [{kind}]: {gold!r} -> {best.text if best else None!r}")
    return analyses


def _pages(counts: Counter[str]) -> list[Any]:
    from newsledger.analyze import analyze
    from newsledger.extract.html import extract_html
    from newsledger.extract.lang import detect_language
    from newsledger.extract.text import extract_text

    arts = [extract_text((SHARED / "seed" / "abc-via-fijivillage.txt").read_bytes())]
    for name in ("extraction", "extraction-snippets"):
        for p in sorted((SHARED / "data" / name / "html").glob("*.html.gz")):
            arts.append(extract_html(gzip.decompress(p.read_bytes())))
    analyses = []
    for art in arts:
        if (art.language or detect_language(art.text)) != "en":
            continue
        counts["english_pages"] += 1
        analyses.append(analyze(art))
    return analyses


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", action="store_true", help="the extraction pages and the seed, not PolNeAR")
    ap.add_argument("--list", action="store_true", help="print every case")
    args = ap.parse_args()
    counts: Counter[str] = Counter()
    _instrument(counts, args.list)
    analyses = _pages(counts) if args.pages else _polnear(counts, args.list)
    for an in analyses:
        for a in an.attributions:
            counts["attributions"] += 1
            if a.co_speakers:
                counts["with_co_speakers"] += 1
                if args.list:
                    print(f"co-speakers: {a.source.text if a.source else None!r}: {a.speaker!r} + {a.co_speakers}")
    for key in sorted(counts):
        print(f"{key}\t{counts[key]}")


if __name__ == "__main__":
    main()
