"""Count where the text-dump extractor's misses are, on held-out outputs of the tuning data.

    nice env PYTHONPATH=$PWD .venv/bin/python scripts/count_text_misses.py --train-folds /tmp/folds
    nice env PYTHONPATH=$PWD .venv/bin/python scripts/count_text_misses.py --folds-dir /tmp/folds
    nice env PYTHONPATH=$PWD .venv/bin/python scripts/count_text_misses.py --folds-dir /tmp/folds --score
    nice env PYTHONPATH=$PWD .venv/bin/python scripts/count_text_misses.py --folds-dir /tmp/folds --steps

``--train-folds DIR`` trains the shipped recipe (news dumps + snippet half A, half A densely labelled
from its first paragraph, snippet lines x3, teacher lines x0.3) once per fold of the trainer's
site-grouped folds and writes the five fold models to DIR, so every page below is scored by a model
that never saw its site.  Then, on the news dumps and snippet half A (never half B):

- snippet half A: each wanted snippet the body misses is placed against the kept run (before its
  first line: the article's start lost; after its last line: its end lost; in a gap inside the run;
  not a line of the dump at all; page empty), and each unwanted snippet the body keeps is placed the
  same way and given a class by its shape (share / follow lines, photo credits, dates and bylines,
  comment counts, short navigation lines, related headlines, other prose);
- news dumps: the same places for the truth's lines lost and the other lines kept, counted in words;
- both by the page's language (``newsledger.extract.lang``).

``--steps`` (extract/22) says instead which step of ``extract_text`` loses each wanted snippet of half A
that the body misses: the end marker, the line model (p < 0.5, and the smoothing agreed), the smoothing
(p >= 0.5 dropped), the list step, the repeat drop, the end-head cut, the edge mending, the lede step,
the promo/credit drop, or the metadata step (kept to the end but not in the text); the line-model and
smoothing losses are split by place (before, inside or after the kept run), length and probability.

The classes' patterns are this script's own, written to sort misses, not used by the extractor.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from newsledger.extract.text import extract_text  # noqa: E402
from newsledger.extract.text_model import LineModel  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"

# Shapes of kept furniture, for sorting only (checked in this order).
CLASSES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("share/follow", re.compile(r"\b(?:share|tweet|follow|facebook|twitter|whatsapp|pinterest|e-?mail|print)\b",
                                re.I)),
    ("photo credit/caption", re.compile(r"\b(?:photo|image|picture|getty|credit|foto|bild|reuters|afp|ap photo)\b"
                                        r"|\(.*(?:/|©).*\)|©", re.I)),
    ("comment count/head", re.compile(r"\b\d+\s+(?:comments?|kommentare?|commentaires?|replies|responses)\b"
                                      r"|^(?:comments?|leave a (?:reply|comment))", re.I)),
    ("date/byline", re.compile(r"^(?:by|von|par|por)\s|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b"
                               r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}\b", re.I)),
    ("tags/related head", re.compile(r"^(?:tags?|related|read (?:more|also)|more (?:from|on|in)|see also"
                                     r"|lesen sie auch|weitere|à lire aussi|voir aussi|you may also)\b", re.I)),
)


def furniture_class(line: str) -> str:
    for name, rx in CLASSES:
        if rx.search(line):
            return name
    words = len(line.split())
    if words <= 4:
        return "short nav-like line (<=4 words)"
    if words <= 15 and not re.search(r"[.!?…:]$", line):
        return "headline-like line (5-15 words, no stop)"
    return "prose-like line"


def place(idx: list[int], kept: list[int]) -> str:
    """Where lines ``idx`` sit against the kept lines ``kept`` (indices into the dump's lines)."""
    if not idx:
        return "not a line of the dump"
    if not kept:
        return "page empty"
    first, last = kept[0], kept[-1]
    if max(idx) < first:
        return "before the run (start lost/kept)" if first - max(idx) <= 3 else "far before the run"
    if min(idx) > last:
        return "after the run (end lost/kept)" if min(idx) - last <= 3 else "far after the run"
    return "inside the run"


def _lines(dump: str) -> list[str]:
    return [ln for ln in (x.strip() for x in dump.splitlines()) if ln]


def kept_lines(lines: list[str], body: str) -> list[int]:
    """Indices of dump lines that made it into the body (each paragraph is one dump line, maybe split)."""
    norm = " ".join(body.split())
    return [i for i, ln in enumerate(lines) if len(ln) >= 2 and " ".join(ln.split()) in norm
            and (len(ln.split()) >= 3 or ln in body.split("\n"))]


def lines_of(snippet: str, lines: list[str]) -> list[int]:
    s = " ".join(snippet.split())
    hit = [i for i, ln in enumerate(lines) if s and s in " ".join(ln.split())]
    if hit:
        return hit
    # A snippet spanning lines: the lines of four words or more inside it.
    return [i for i, ln in enumerate(lines) if len(ln.split()) >= 4 and " ".join(ln.split()) in s]


def train_folds(out: Path, news_dir: Path, snip_dir: Path) -> None:
    import train_text_extractor as tt

    out.mkdir(parents=True, exist_ok=True)
    pages = tt.load(news_dir)
    fold_of = tt.site_folds([p[5] for p in pages], 5)
    snip = tt.load_snippet_pages(snip_dir, dense=True, from_prose=True)
    half_a = [p for p in snip if p.half == "A"]
    news_site_fold = {p[5]: fold_of[i] for i, p in enumerate(pages)}
    new_sites = sorted({p.site for p in half_a} - set(news_site_fold))
    site_fold = {**{s: i % 5 for i, s in enumerate(new_sites)}, **news_site_fold}
    rows = list(pages) + [p.as_row(3.0, 0.3) for p in half_a]
    all_fold = list(fold_of) + [site_fold[p.site] for p in half_a]
    for f in range(5):
        d = tt.export(tt.fit(rows, [i for i in range(len(rows)) if all_fold[i] != f]))
        d["switch_penalty"], d["content_bias"] = 0.5, 0.0
        (out / f"fold{f}.json").write_text(json.dumps(d), encoding="utf-8")
        print(f"fold {f} written", flush=True)
    assign = {"news": {p[0]: fold_of[i] for i, p in enumerate(pages)},
              "A": {p.name: site_fold[p.site] for p in half_a}}
    (out / "assign.json").write_text(json.dumps(assign), encoding="utf-8")


def load_folds(folds_dir: Path) -> tuple[list[LineModel], dict[str, dict[str, int]]]:
    models = [LineModel.from_dict(json.loads((folds_dir / f"fold{f}.json").read_text(encoding="utf-8")))
              for f in range(5)]
    return models, json.loads((folds_dir / "assign.json").read_text(encoding="utf-8"))


def language(text: str) -> str:
    from newsledger.extract.lang import detect_language

    return str(detect_language(text) or "?")


def count(folds_dir: Path, news_dir: Path, snip_dir: Path) -> None:
    from bench.extraction import half_of

    models, assign = load_folds(folds_dir)
    items = json.loads((snip_dir / "snippets.json").read_text(encoding="utf-8"))
    lost: Counter[str] = Counter()
    kept_bad: Counter[tuple[str, str]] = Counter()
    by_lang: Counter[tuple[str, str]] = Counter()
    pages = 0
    for name in sorted(items):
        tpath = snip_dir / "text" / f"{name}.txt"
        if not tpath.exists():
            continue
        raw = items[name].get("url")
        url = raw if isinstance(raw, str) and raw.startswith("http") else None
        if half_of(str(raw or name) if url is None else name, url) != "A" or name not in assign["A"]:
            continue
        pages += 1
        dump = tpath.read_text(encoding="utf-8")
        lines = _lines(dump)
        body = extract_text(dump, model=models[assign["A"][name]]).full_text
        norm = " ".join(body.split())
        kept = kept_lines(lines, body)
        lang = language(dump)
        for s in items[name]["with"]:
            by_lang[(lang, "wanted")] += 1
            if " ".join(s.split()) not in norm:
                lost[place(lines_of(s, lines), kept)] += 1
                by_lang[(lang, "wanted lost")] += 1
        for s in items[name]["without"]:
            by_lang[(lang, "unwanted")] += 1
            if " ".join(s.split()) in norm:
                idx = lines_of(s, lines)
                cls = furniture_class(lines[idx[0]]) if idx else "?"
                kept_bad[(place(idx, kept), cls)] += 1
                by_lang[(lang, "unwanted kept")] += 1
    print(f"snippet half A, {pages} dumps, held-out fold models")
    print(f"  wanted snippets lost: {sum(lost.values())}")
    for k, v in lost.most_common():
        print(f"    {v:5d}  {k}")
    print(f"  unwanted snippets kept: {sum(kept_bad.values())}")
    for (where, cls), v in kept_bad.most_common():
        print(f"    {v:5d}  {where:34s} {cls}")
    print("  by language (wanted lost / wanted, unwanted kept / unwanted):")
    langs = Counter(lang for (lang, what) in by_lang.elements() if what == "wanted")
    for lang, _ in langs.most_common(12):
        print(f"    {lang:4s} {by_lang[(lang, 'wanted lost')]:4d}/{by_lang[(lang, 'wanted')]:4d}"
              f"  {by_lang[(lang, 'unwanted kept')]:4d}/{by_lang[(lang, 'unwanted')]:4d}")

    import train_text_extractor as tt

    news = tt.load(news_dir)
    lost_w: Counter[str] = Counter()
    kept_w: Counter[tuple[str, str]] = Counter()
    for key, lines, _x, labels, _truth, _site in news:
        dump = (news_dir / "text" / f"{key}.txt").read_text(encoding="utf-8")
        art = extract_text(dump, model=models[assign["news"][key]])
        kept = kept_lines(lines, art.text)
        kset = set(kept)
        for i, ln in enumerate(lines):
            w = len(ln.split())
            if labels[i] == 1 and i not in kset:
                lost_w[place([i], kept)] += w
            elif labels[i] == 0 and i in kset:
                kept_w[(place([i], kept), furniture_class(ln))] += w
    print(f"news dumps, {len(news)} pages, held-out fold models (words of labelled lines)")
    print(f"  truth words lost: {sum(lost_w.values())}")
    for k, v in lost_w.most_common():
        print(f"    {v:6d}  {k}")
    print(f"  non-truth words kept: {sum(kept_w.values())}")
    for (where, cls), v in kept_w.most_common(15):
        print(f"    {v:6d}  {where:34s} {cls}")


def cv_scores(folds_dir: Path, news_dir: Path, snip_dir: Path) -> tuple[float, float]:
    """News CV (``Article.text``, benchmark metric) and half A CV (``full_text``, snippet metric) of the fold models.

    The same held-out outputs the trainer scores, with whatever post-passes the code in this worktree
    applies: a change to the selection after the line model is measured without retraining.
    """
    import train_text_extractor as tt

    from newsledger.metrics import score_corpus, score_snippets

    models, assign = load_folds(folds_dir)
    news = tt.load(news_dir)
    cv_news = score_corpus(
        (truth, extract_text((news_dir / "text" / f"{key}.txt").read_text(encoding="utf-8"),
                             model=models[assign["news"][key]]).text)
        for key, _l, _x, _y, truth, _s in news)
    items = json.loads((snip_dir / "snippets.json").read_text(encoding="utf-8"))
    rows = []
    for name, fold in sorted(assign["A"].items()):
        dump = (snip_dir / "text" / f"{name}.txt").read_text(encoding="utf-8")
        rows.append((items[name]["with"], items[name]["without"], extract_text(dump, model=models[fold]).full_text))
    cv_a = score_snippets(rows)
    print(f"news CV F1 {cv_news.f1:.4f} (P {cv_news.precision:.4f}, R {cv_news.recall:.4f}); "
          f"half A CV F1 {cv_a.f1:.4f} (P {cv_a.precision:.4f}, R {cv_a.recall:.4f}); "
          f"mean {(cv_news.f1 + cv_a.f1) / 2:.4f}")
    return cv_news.f1, cv_a.f1


def steps(folds_dir: Path, snip_dir: Path) -> None:
    """Which step loses each wanted snippet of half A that the body misses (held-out fold models)."""
    from newsledger.extract.text import _original_marker
    from newsledger.extract.text_features import page_features
    from newsledger.extract.text_meta import join_lede, mend_body
    from newsledger.extract.text_model import (
        best_block,
        cut_at_end_head,
        drop_promos_and_credits,
        drop_repeats,
        extend_lists,
        smooth,
    )

    models, assign = load_folds(folds_dir)
    items = json.loads((snip_dir / "snippets.json").read_text(encoding="utf-8"))
    lost: Counter[str] = Counter()
    split: Counter[tuple[str, str, str, str]] = Counter()
    for name, fold in sorted(assign["A"].items()):
        m = models[fold]
        dump = (snip_dir / "text" / f"{name}.txt").read_text(encoding="utf-8")
        lines = _lines(dump)
        end = next((i for i, ln in enumerate(lines) if i > 2 and _original_marker(ln)), len(lines))
        probs = [m.probability(x) for x in page_features(lines)]
        pad = [False] * (len(lines) - end)
        run = smooth(probs[:end], m.switch_penalty, m.content_bias) + pad
        if not any(run):
            a, b = best_block(probs[:end], 0.2)
            run = [a <= i < b for i in range(len(lines))]
        stages = [("the smoothing", run)]
        stages.append(("the list step", extend_lists(lines, run, probs[:end] + [0.0] * len(pad))))
        stages.append(("the repeat drop", drop_repeats(lines, stages[-1][1])))
        stages.append(("the end-head cut", cut_at_end_head(lines, stages[-1][1])))
        stages.append(("the edge mending", mend_body(lines, stages[-1][1], end, probs)))
        stages.append(("the lede step", join_lede(lines, stages[-1][1], probs)))
        stages.append(("the promo/credit drop", drop_promos_and_credits(lines, stages[-1][1])))
        final = stages[-1][1]
        kept = [i for i, k in enumerate(final) if k]
        body = " ".join(extract_text(dump, model=m).full_text.split())
        for s in items[name]["with"]:
            if " ".join(s.split()) in body:
                continue
            idx = lines_of(s, lines)
            if not idx:
                lost["not a line of the dump"] += 1
                continue
            if min(idx) >= end:
                lost["after an end marker"] += 1
                continue
            gone = [i for i in idx if not final[i]]
            if not gone:
                lost["kept to the end, then the metadata step (or not matched)"] += 1
                continue
            i = gone[0]
            if not run[i]:
                step = "the smoothing (p >= 0.5 dropped)" if probs[i] >= 0.5 else "the line model (p < 0.5)"
                where = ("no run" if not kept else "before the run" if i < kept[0]
                         else "after the run" if i > kept[-1] else "inside the run")
                pbin = "p < 0.1" if probs[i] < 0.1 else "p < 0.3" if probs[i] < 0.3 else \
                    "p < 0.5" if probs[i] < 0.5 else "p >= 0.5"
                split[(step.split(" (")[0], where, "12+ words" if len(lines[i].split()) >= 12 else "short",
                       pbin)] += 1
            else:
                step = next(name for (name, k), (_, k_prev) in zip(stages[1:], stages, strict=False)
                            if k_prev[i] and not k[i])
            lost[step] += 1
    print(f"snippet half A, {len(assign['A'])} dumps, held-out fold models: wanted snippets lost "
          f"{sum(lost.values())}, by the step that loses them")
    for k, v in lost.most_common():
        print(f"    {v:5d}  {k}")
    print("  the line model's and the smoothing's, by place, length and probability:")
    for (step, where, length, pbin), v in split.most_common():
        print(f"    {v:5d}  {step:14s} {where:15s} {length:10s} {pbin}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train-folds", type=Path, help="train the five fold models into this directory")
    ap.add_argument("--folds-dir", type=Path, help="count misses with the fold models in this directory")
    ap.add_argument("--score", action="store_true",
                    help="with --folds-dir: print only the news CV and half A CV of the fold models (tuning measure)")
    ap.add_argument("--steps", action="store_true",
                    help="with --folds-dir: which step loses each of half A's missed wanted snippets")
    ap.add_argument("--data", type=Path, default=SHARED / "extraction")
    ap.add_argument("--snippets", type=Path, default=SHARED / "extraction-snippets")
    args = ap.parse_args()
    if args.train_folds:
        train_folds(args.train_folds, args.data, args.snippets)
    if args.score and args.folds_dir:
        cv_scores(args.folds_dir, args.data, args.snippets)
    elif args.steps and args.folds_dir:
        steps(args.folds_dir, args.snippets)
    elif args.folds_dir or args.train_folds:
        count(args.folds_dir or args.train_folds, args.data, args.snippets)


if __name__ == "__main__":
    main()
