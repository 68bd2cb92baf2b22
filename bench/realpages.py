"""Real-shaped pages benchmark (issue #16): metadata, speaker entities, figures, furniture.

    PYTHONPATH=. .venv/bin/python bench/realpages.py [--split tune|held|all] [--verbose] [--dev-titles [DIR]]

Reads the 40 fictional text-dump pages in ``bench/data/realpages/pages`` with
their gold (``gold.json``, written by ``make_set.py``), runs extract and
analyze on each (with the page's URL where the gold gives one), resolves the
speakers of all pages to entities, and prints four rates per split:

- metadata: publisher, original publisher, date and title right, each over the
  pages that state one (compared case-insensitively; dates by their day);
- speaker clusters: pair precision and recall over the gold speaker mentions of
  every page (a pair is two mentions, on one page or two, of one entity);
- figures: gold figures found with the right value (and upper bound) and the
  right source entity; plus misread numbers (``not_figures``) that came out;
- hedges: the wire's verification phrasings and artifact cues in the gold come
  back with the gold hedge (on an attribution or an unattributed statement);
- furniture: attributions whose speaker, source or content holds page
  furniture (advertising lines, consent lines, datelines), or whose speaker
  is a place name.

The ``tune`` split is in-sample for every rule written while looking at it;
``held`` was only scored.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from newsledger.analyze import analyze_many  # noqa: E402
from newsledger.analyze.entities import EntityIndex  # noqa: E402
from newsledger.extract import extract_text  # noqa: E402
from newsledger.records import Analysis, Article  # noqa: E402

DATA = ROOT / "bench" / "data" / "realpages"


def _same(a: str | None, b: str | None) -> bool:
    return (a or "").strip().casefold() == (b or "").strip().casefold()


def _rate(hits: int, n: int) -> str:
    return f"{hits}/{n} = {hits / n:.1%}" if n else "n/a"


def _pairs(items: Sequence[tuple[str, str]]) -> set[tuple[int, int]]:
    """Index pairs of items sharing a cluster key."""
    return {(i, j) for (i, a), (j, b) in combinations(enumerate(items), 2) if a[1] == b[1]}


def text_of(an: Analysis, a: Any) -> str:
    """The sentence-level text an attribution's hedge was read from: its source, cue and content."""
    return " ".join(x.text for x in (a.source, a.cue, a.content) if x is not None)


def score(names: Sequence[str], gold: dict[str, Any], verbose: bool = False) -> dict[str, Any]:
    texts = [(DATA / "pages" / f"{n}.txt").read_text(encoding="utf-8") for n in names]
    articles: list[Article] = [extract_text(t, gold[n]["url"]) for n, t in zip(names, texts, strict=True)]
    analyses: list[Analysis] = analyze_many(articles)
    index = EntityIndex()
    ids = [index.add_analysis(an) for an in analyses]

    meta = {k: [0, 0] for k in ("publisher", "original_publisher", "date", "title")}
    gold_items: list[tuple[str, str]] = []
    pred_items: list[tuple[str, str]] = []
    fig_hit = fig_n = misread = hedge_hit = hedge_n = 0
    furniture: list[str] = []
    for n, art, an, doc in zip(names, articles, analyses, ids, strict=True):
        g = gold[n]
        got = {"publisher": art.publisher, "original_publisher": art.original_publisher,
               "date": art.published.iso[:10] if art.published else None, "title": art.title}
        for k in meta:
            if g[k] is None:
                continue
            meta[k][1] += 1
            if _same(got[k], g[k]):
                meta[k][0] += 1
            elif verbose:
                print(f"  {n} {k}: got {got[k]!r}, gold {g[k]!r}", file=sys.stderr)
        # speakers: each gold mention of this page, and the entity the system gave it
        for mention, entity in g["speakers"]:
            said = [a for a in an.attributions if a.part == "body" and _same(a.speaker_mention, mention)]
            said = said or [a for a in an.attributions if a.part == "body" and _same(a.speaker, mention)]
            # "National Security Communications Adviser Marten Hollis" is a mention of "Marten Hollis"
            said = said or [a for a in an.attributions if a.part == "body" and a.speaker_mention
                            and a.speaker_mention.casefold().endswith(" " + mention.casefold())]
            keys = Counter(index.canonical(a.speaker or a.speaker_mention or "", doc) for a in said)
            key = keys.most_common(1)[0][0] if keys else f"?{n}:{mention}"
            gold_items.append((f"{n}:{mention}", entity))
            pred_items.append((f"{n}:{mention}", key))
            if verbose and key != entity:
                print(f"  {n} speaker {mention!r}: got {key!r}, gold {entity!r}", file=sys.stderr)
        for gf in g["figures"]:
            fig_n += 1
            ok = any(
                f.value == gf["value"] and (gf["value_high"] is None or f.value_high == gf["value_high"])
                and ((gf["source"] is None and f.according_to is None)
                     or (f.according_to is not None
                         and index.canonical(f.according_to, doc) == index.canonical(gf["source"])))
                for f in an.figures
            )
            fig_hit += ok
            if verbose and not ok:
                near = [(f.text, f.value, f.according_to) for f in an.figures if f.value == gf["value"]]
                print(f"  {n} figure {gf}: {near or 'value not found'}", file=sys.stderr)
        misread += sum(1 for f in an.figures if f.value in g["not_figures"])
        for phrase, hedge in g["hedges"]:
            hedge_n += 1
            marked = [a.hedge for a in an.attributions if phrase in a.content.text or (a.cue and phrase in a.cue.text)]
            marked += [st.hedge for st in an.statements if phrase in st.span.text]
            # a sentence may carry several hedges: the one the gold names must be among them
            ok = hedge in marked or any(hedge == h for a in an.attributions for h in [a.hedge]
                                        if phrase in text_of(an, a))
            hedge_hit += ok
            if verbose and not ok:
                print(f"  {n} hedge {phrase!r}: got {marked}, gold {hedge!r}", file=sys.stderr)
        for a in an.attributions:
            for s in (a.speaker, a.speaker_mention, a.source.text if a.source else None, a.content.text):
                if s and any(fu.casefold() in s.casefold() for fu in g["furniture"]):
                    furniture.append(f"{n}: {s[:80]!r}")
            for s in (a.speaker, a.speaker_mention, a.source.text if a.source else None):
                if s and any(s.casefold() == place.casefold() for place in g["not_speakers"]):
                    furniture.append(f"{n}: place as speaker {s!r}")
        if verbose:
            for f in an.figures:
                if f.value in g["not_figures"]:
                    print(f"  {n} misread figure {f.text!r} = {f.value}", file=sys.stderr)
    gp, pp = _pairs(gold_items), _pairs(pred_items)
    return {
        "pages": len(names),
        "metadata": {k: _rate(*v) for k, v in meta.items()},
        "metadata_all": _rate(sum(v[0] for v in meta.values()), sum(v[1] for v in meta.values())),
        "speaker_pairs": {"precision": round(len(gp & pp) / len(pp), 3) if pp else None,
                          "recall": round(len(gp & pp) / len(gp), 3) if gp else None,
                          "gold_pairs": len(gp), "predicted_pairs": len(pp)},
        "figures": _rate(fig_hit, fig_n),
        "misread_numbers": misread,
        "hedges": _rate(hedge_hit, hedge_n),
        "furniture_as_speaker_or_content": len(furniture),
        "furniture_examples": furniture[:10],
    }


def _norm(s: str | None) -> str:
    return re.sub(r"\s+", " ", s or "").strip().casefold()


def dev_titles(data: Path) -> dict[str, Any]:
    """Text-dump titles on the extraction benchmark's dev pages against each page's HTML title.

    A title is right when it equals the page's ``<title>``, ``og:title`` or ``twitter:title`` (or one
    of them less a " | Site" suffix), compared case- and space-insensitively.  These pages were not
    used to write the title rules: out of sample.
    """
    from selectolax.lexbor import LexborHTMLParser

    from newsledger.extract.text_meta import strip_site_suffix

    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    right = n = contained = 0
    for pid in sorted(truth):
        tpath = data / "text" / f"{pid}.txt"
        if not tpath.exists():
            continue
        tree = LexborHTMLParser(gzip.decompress((data / "html" / f"{pid}.html.gz").read_bytes()).decode("utf-8"))
        refs = [node.text() for node in tree.css("title")[:1]]
        refs += [m.attributes.get("content") or "" for m in
                 tree.css('meta[property="og:title"], meta[name="og:title"], meta[name="twitter:title"]')]
        keys = {_norm(r) for r in refs if r} | {_norm(strip_site_suffix(r)) for r in refs if r}
        keys.discard("")
        text = tpath.read_text(encoding="utf-8")
        n += 1
        contained += any(k in _norm(text) for k in keys)
        got = _norm(extract_text(text, truth[pid].get("url")).title)
        right += bool(got) and got in keys
    return {"pages": n, "titles_right": _rate(right, n), "dumps_holding_a_reference_title": contained}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("tune", "held", "all"), default=None)
    ap.add_argument("--verbose", action="store_true", help="print every miss on stderr")
    ap.add_argument("--dev-titles", type=Path, nargs="?", const=ROOT.parent / "shared" / "data" / "extraction",
                    default=None, metavar="DIR",
                    help="also score text-dump titles on the extraction dev pages (default ../shared/data/extraction)")
    args = ap.parse_args(argv)
    gold = json.loads((DATA / "gold.json").read_text(encoding="utf-8"))["pages"]
    splits = [args.split] if args.split else ["tune", "held", "all"]
    out = {}
    for sp in splits:
        names = sorted(n for n, g in gold.items() if sp == "all" or g["split"] == sp)
        out[sp] = score(names, gold, args.verbose)
    if args.dev_titles is not None:
        if (args.dev_titles / "ground-truth.json").exists():
            out["dev_titles"] = dev_titles(args.dev_titles)
        else:
            print(f"skipped --dev-titles: no benchmark data at {args.dev_titles}", file=sys.stderr)
    sys.stdout.write(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
