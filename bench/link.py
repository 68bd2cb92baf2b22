"""Copies and stories on a synthetic corpus with known answers.

The corpus is generated here, by the same hands that wrote the linker, so the
scores say the method does what it was built to do on data built the way it
expects; they are not a measure on real news.  What the generator does:

- a vocabulary of invented words drawn with Zipf frequencies, invented names
  (people, places, organisations) and a few very common "country" names that
  many stories share;
- stories: a date, 4-8 names and 12 key words of their own;
- for each story 1-3 independent reports, each by its own outlet, written
  fresh from the story's names and words and the general vocabulary;
- for each report 0-30 copies (geometric, mean ~2) on other outlets: half
  trimmed to the first 40-100% of their paragraphs, 10% of sentences
  reworded (written anew), wrapped in the copying site's boilerplate (its own
  3-4 short lines, repeated across its pages) and "Related:" lines naming
  other stories' titles (not repeated, so never learnt as boilerplate).

Prints pair precision/recall for copies (goals >= 0.98 / >= 0.95), story
purity/inverse purity (>= 0.9 each), and with ``--scale`` the time and peak
memory to group N articles (goal: 100,000 in under 2 minutes), and with
``--tiny`` memory for a million tiny articles.  Times are wall-clock on a
shared machine; the report includes the time of a fixed numpy anchor run in
the same process so loads can be compared.

    nice python bench/link.py                 # 10,000 articles: quality
    nice python bench/link.py --scale 100000  # + time and memory at 100,000
    nice python bench/link.py --tiny 1000000  # memory for a million tiny articles
    nice python bench/link.py --n 0 --embed spacy,minilm --embed-n 1000   # stories by embeddings
    nice python bench/link.py --n 0 --ledger 1000,3000   # the figures ledger on one group of N figures
"""

from __future__ import annotations

import argparse
import math
import random
import resource
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsledger.link.copies import CopyLinker, LinkArticle, build_groups
from newsledger.link.stories import EMBED_CENTRE, EMBED_JOIN_SIMILARITY, StoryInput, cluster, cluster_embedded

SYLL = ["ka", "lo", "mi", "ner", "ta", "vo", "sel", "ru", "den", "pa", "gor", "li", "ban", "te", "shu", "ro", "fa",
        "zen", "dri", "mo", "hal", "ki", "ven", "tor", "ul", "bre", "sa", "nim", "que", "dar"]


def _word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(SYLL) for _ in range(n))


@dataclass
class Doc:
    id: int
    story: int
    group: int  # copy group id (the report it comes from)
    outlet: int
    title: str
    paragraphs: list[str]
    published: str | None
    sha256: str = ""


@dataclass
class Corpus:
    docs: list[Doc] = field(default_factory=list)


class Generator:
    def __init__(self, seed: int = 18) -> None:
        rng = self.rng = random.Random(seed)
        self.vocab = list(dict.fromkeys(_word(rng, rng.choice((2, 3, 3, 4))) for _ in range(12000)))
        weights = [1.0 / (i + 1) ** 1.05 for i in range(len(self.vocab))]
        total = sum(weights)
        self.cum = []
        acc = 0.0
        for w in weights:
            acc += w / total
            self.cum.append(acc)
        self.names = list(dict.fromkeys(_word(rng, rng.choice((2, 3))).capitalize() for _ in range(30000)))
        self.countries = self.names[:25]
        self.outlets = 400
        self.boiler = {o: [" ".join(self._general(rng.randint(4, 9))).capitalize() for _ in range(4)]
                       for o in range(self.outlets)}

    def _general(self, n: int) -> list[str]:
        import bisect

        out = []
        for _ in range(n):
            i = bisect.bisect_left(self.cum, self.rng.random())
            out.append(self.vocab[min(i, len(self.vocab) - 1)])
        return out

    def story(self, previous: list[dict[str, object]]) -> dict[str, object]:
        rng = self.rng
        st: dict[str, object] = {
            "names": [rng.choice(self.names[25:]) + (" " + rng.choice(self.names[25:]) if rng.random() < 0.5 else "")
                      for _ in range(rng.randint(4, 8))],
            "words": rng.sample(self.vocab[300:6000], 12),
            "day": rng.randrange(0, 730),
        }
        if previous and rng.random() < 0.3:
            # a different event with some of the same people and places, days apart
            other = rng.choice(previous[-50:])
            shared: list[str] = rng.sample(other["names"], min(3, len(other["names"])))  # type: ignore[arg-type]
            st["names"] = [*shared, *st["names"][: rng.randint(2, 4)]]  # type: ignore[index]
            st["day"] = other["day"] + rng.randint(-3, 3)  # type: ignore[operator]
        return st

    def sentence(self, st: dict[str, object]) -> str:
        rng = self.rng
        n = rng.randint(12, 24)
        out = self._general(n)
        names: list[str] = st["names"]  # type: ignore[assignment]
        words: list[str] = st["words"]  # type: ignore[assignment]
        for _ in range(rng.randint(1, 3)):
            out[rng.randrange(1, n)] = rng.choice(words)
        for _ in range(rng.randint(0, 2)):
            out[rng.randrange(1, n)] = rng.choice(names)
        if rng.random() < 0.15:
            out[rng.randrange(1, n)] = rng.choice(self.countries)
        return out[0].capitalize() + " " + " ".join(out[1:]) + "."

    def report(self, st: dict[str, object]) -> list[list[str]]:
        return [[self.sentence(st) for _ in range(self.rng.randint(2, 3))] for _ in range(self.rng.randint(7, 13))]


def _date(day: int) -> str:
    from datetime import date, timedelta

    return (date(2025, 1, 1) + timedelta(days=day)).isoformat()


def generate(n_articles: int, seed: int = 18) -> Corpus:
    g = Generator(seed)
    rng = g.rng
    corpus = Corpus()
    story_id = group_id = 0
    titles: list[str] = []
    made: list[dict[str, object]] = []
    while len(corpus.docs) < n_articles:
        st = g.story(made)
        made.append(st)
        story_id += 1
        names: list[str] = st["names"]  # type: ignore[assignment]
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            group_id += 1
            paras = g.report(st)
            outlet = rng.randrange(g.outlets)
            title = " ".join([*g._general(3), names[0], *g._general(2)]).capitalize()
            titles.append(title)
            day: int = st["day"] + rng.randint(0, 2)  # type: ignore[operator]
            corpus.docs.append(Doc(len(corpus.docs) + 1, story_id, group_id, outlet, title,
                                   [" ".join(p) for p in paras], _date(day)))
            n_copies = min(30, int(rng.expovariate(0.5)))
            for _ in range(n_copies):
                if len(corpus.docs) >= n_articles:
                    break
                site = rng.randrange(g.outlets)
                body = [[s if rng.random() >= 0.10 else g.sentence(st) for s in p] for p in paras]
                if rng.random() < 0.5:
                    keep = max(1, math.ceil(len(body) * rng.uniform(0.4, 1.0)))
                    body = body[:keep]
                text = [" ".join(p) for p in body]
                chrome = rng.sample(g.boiler[site], rng.randint(3, 4))
                related = [f"Related: {rng.choice(titles)}" for _ in range(rng.randint(0, 3))]
                text = [chrome[0], *text, *chrome[1:], *related]
                corpus.docs.append(Doc(len(corpus.docs) + 1, story_id, group_id, site, title, text,
                                       _date(day + rng.randint(0, 2))))
            if len(corpus.docs) >= n_articles:
                break
    for d in corpus.docs:
        d.sha256 = f"{rng.getrandbits(128):032x}"
    return corpus


def pair_scores(pred: dict[int, int], truth: dict[int, int]) -> tuple[float, float]:
    """Pair precision and recall of a clustering (article -> cluster) against the truth."""
    both: Counter[tuple[int, int]] = Counter((pred[i], truth[i]) for i in truth)
    p_sizes = Counter(pred[i] for i in truth)
    t_sizes = Counter(truth.values())

    def pairs(c: Counter[int] | Counter[tuple[int, int]]) -> int:
        return sum(n * (n - 1) // 2 for n in c.values())

    tp, pp, tt = pairs(both), pairs(p_sizes), pairs(t_sizes)
    return (tp / pp if pp else 1.0), (tp / tt if tt else 1.0)


def purity(pred: dict[int, int], truth: dict[int, int]) -> tuple[float, float]:
    both = Counter((pred[i], truth[i]) for i in truth)
    best_p: dict[int, int] = {}
    best_t: dict[int, int] = {}
    for (p, t), n in both.items():
        best_p[p] = max(best_p.get(p, 0), n)
        best_t[t] = max(best_t.get(t, 0), n)
    n = len(truth)
    return sum(best_p.values()) / n, sum(best_t.values()) / n


def link(corpus: Corpus, embedder: Any = None) -> tuple[dict[int, int], dict[int, int], dict[str, float]]:
    docs = {d.id: d for d in corpus.docs}
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    c0 = time.process_time()
    linker = CopyLinker()

    def text_of(i: int) -> tuple[list[str], str | None]:
        return docs[i].paragraphs, f"outlet-{docs[i].outlet}"

    linker.update(((d.id, d.paragraphs, f"outlet-{d.outlet}") for d in corpus.docs), text_of=text_of)
    meta = {i: LinkArticle(id=i, sha256=docs[i].sha256, paragraphs=docs[i].paragraphs[:2],
                           published=docs[i].published) for i in linker.pairs}
    groups = build_groups(linker, meta)
    timings["copies_s"] = time.perf_counter() - t0
    timings["copies_cpu"] = time.process_time() - c0
    copy_of = {m: g.original for g in groups for m in g.members}
    t1 = time.perf_counter()
    c1 = time.process_time()
    units = [StoryInput(d.id, d.sha256, d.title, "\n\n".join(d.paragraphs), d.published)
             for d in corpus.docs if copy_of.get(d.id, d.id) == d.id]
    if embedder is None:
        stories = cluster(units)
    else:  # as linkstore does it: title and text, the backend's threshold
        vectors = embedder.embed([(u.title or "") + "\n\n" + u.text for u in units])
        backend = embedder.name.split(":", 1)[0]
        stories = cluster_embedded(units, vectors, EMBED_JOIN_SIMILARITY[backend], centre=EMBED_CENTRE[backend])
    timings["stories_s"] = time.perf_counter() - t1
    timings["stories_cpu"] = time.process_time() - c1
    story_of: dict[int, int] = {}
    for k, st in enumerate(stories):
        for m in st.members:
            story_of[m] = k
    pred_story = {d.id: story_of[copy_of.get(d.id, d.id)] for d in corpus.docs}
    pred_group = {d.id: copy_of.get(d.id, d.id) for d in corpus.docs}
    return pred_group, pred_story, timings


def _units(corpus: Corpus) -> tuple[dict[int, int], list[StoryInput]]:
    """Copy groups (article -> original) and the story units, as ``link`` makes them."""
    docs = {d.id: d for d in corpus.docs}
    linker = CopyLinker()
    linker.update(((d.id, d.paragraphs, f"outlet-{d.outlet}") for d in corpus.docs),
                  text_of=lambda i: (docs[i].paragraphs, f"outlet-{docs[i].outlet}"))
    meta = {i: LinkArticle(id=i, sha256=docs[i].sha256, paragraphs=docs[i].paragraphs[:2],
                           published=docs[i].published) for i in linker.pairs}
    copy_of = {m: g.original for g in build_groups(linker, meta) for m in g.members}
    units = [StoryInput(d.id, d.sha256, d.title, "\n\n".join(d.paragraphs), d.published)
             for d in corpus.docs if copy_of.get(d.id, d.id) == d.id]
    return copy_of, units


# Fictional figure rows for the ledger timing (and tests/test_link_ledger.py): one story's figures, mostly of
# one group ("people" and its synonyms), with bounds, places, dates, predicates (some projections) and speakers.
_LEDGER_COUNTED = ("people", "residents", "evacuees", "civilians", "dollars", "boats", None)
_LEDGER_STATES = (None, "fled the town", "were evacuated", "could hold", "would need shelter", "plans to house",
                  "were killed", "died in the floods", "remain in shelters", "left their homes", "were injured")
_LEDGER_PLACES = (None, "", "Port Veldane", "the Port Veldane harbour", "Karsel", "the valley", "Valley")
_LEDGER_BOUNDS = ("exact", "exact", "exact", "range", "at_least", "at_most", "vague")


def ledger_figures(n: int, seed: int = 18, counted: tuple[str | None, ...] = _LEDGER_COUNTED) -> list[dict[str, Any]]:
    """``n`` fictional figure rows as ``build_ledger`` reads them (figures joined with outlet and date)."""
    rng = random.Random(seed)
    speakers = [None] + [f"{_word(rng, 2).title()} {_word(rng, 3).title()}" for _ in range(40)]
    out: list[dict[str, Any]] = []
    for i in range(n):
        value = float(rng.choice((rng.randint(1, 60), rng.randint(100, 5000), rng.randint(1, 50) * 100)))
        bound = rng.choice(_LEDGER_BOUNDS)
        aid = rng.randint(1, max(1, n // 4))
        out.append({
            "id": i + 1, "article_id": aid, "seq": i, "text": f"{value:,.0f}", "value": value,
            "value_high": value * rng.choice((1.5, 2.0)) if bound == "range" else None, "bound": bound,
            "approximate": int(rng.random() < 0.3), "counted": rng.choice(counted),
            "location": rng.choice(_LEDGER_PLACES), "according_to": rng.choice(speakers),
            "outlet": f"outlet {aid % 7}", "hedge": None, "state": rng.choice(_LEDGER_STATES),
            "date": rng.choice((None, f"2026-05-{rng.randint(1, 28):02d}", f"2026-06-{rng.randint(1, 9):02d}T08:00")),
        })
    return out


def time_ledger(sizes: list[int], seed: int) -> None:
    """Build the ledger of one story of N figures, all of the group "people", and print a table."""
    from newsledger.link.ledger import build_ledger

    print("ledger: one group of N figures (fictional, bench/link.py ledger_figures)")
    print(f"{'N':>6} {'pairs':>10} {'conflicts':>10} {'wall s':>8} {'cpu s':>8}")
    for n in sizes:
        figs = ledger_figures(n, seed, counted=("people", "residents", "evacuees"))
        t, c = time.perf_counter(), time.process_time()
        groups = build_ledger(figs, {})
        wall, cpu = time.perf_counter() - t, time.process_time() - c
        rows = sum(len(g.rows) for g in groups)
        print(f"{n:>6} {rows * (rows - 1) // 2:>10} {sum(len(g.conflicts) for g in groups):>10}"
              f" {wall:>8.2f} {cpu:>8.2f}")


def anchor() -> float:
    """A fixed numpy + Python workload, timed in the same process: divides out machine load."""
    import numpy as np

    t = time.perf_counter()
    rng = np.random.default_rng(0)
    for _ in range(20):
        a = rng.integers(0, 2**32, size=(2000, 128), dtype=np.uint32)
        np.sort(a, axis=0)
    sum(i * i for i in range(2_000_000))
    return time.perf_counter() - t


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10_000, help="articles in the quality run")
    ap.add_argument("--scale", type=int, default=0, help="also time grouping this many articles")
    ap.add_argument("--tiny", type=int, default=0, help="also feed this many tiny articles (memory)")
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--ledger", default="", help="also time the figures ledger on groups of these sizes (comma)")
    ap.add_argument("--embed", default="", help="also score stories by embeddings: spacy, minilm or both (comma)")
    ap.add_argument("--embed-n", type=int, default=1000, help="articles in the embedding runs")
    ap.add_argument("--sweep", default="", help="with --embed: also score these thresholds (comma), same vectors")
    args = ap.parse_args()
    print(f"anchor (fixed numpy/python work): {anchor():.2f} s")
    if args.n:
        corpus = generate(args.n, args.seed)
        truth_group = {d.id: d.group for d in corpus.docs}
        truth_story = {d.id: d.story for d in corpus.docs}
        pred_group, pred_story, timings = link(corpus)
        p, r = pair_scores(pred_group, truth_group)
        pu, ipu = purity(pred_story, truth_story)
        n_groups = sum(1 for c in Counter(truth_group.values()).values() if c > 1)
        print(f"{len(corpus.docs)} articles, {n_groups} true copy groups, {len(set(truth_story.values()))} stories")
        print(f"copies: pair precision {p:.4f}  recall {r:.4f}   (goals >= 0.98 / >= 0.95)")
        print(f"stories: purity {pu:.4f}  inverse purity {ipu:.4f}   (goals >= 0.9 each)")
        print(f"time: copies {timings['copies_s']:.1f} s (cpu {timings['copies_cpu']:.1f} s),"
              f" stories {timings['stories_s']:.1f} s (cpu {timings['stories_cpu']:.1f} s)")
    if args.embed:
        from newsledger.link.embed import load_embedder

        corpus = generate(args.embed_n, args.seed)
        truth_story = {d.id: d.story for d in corpus.docs}
        print(f"embeddings: {len(corpus.docs)} articles, {len(set(truth_story.values()))} stories;"
              f" anchor {anchor():.2f} s")
        for backend in ["lexical", *args.embed.split(",")]:
            t = time.perf_counter()
            embedder = None if backend == "lexical" else load_embedder(backend.strip())
            load_s = time.perf_counter() - t
            _, pred_story, timings = link(corpus, embedder)
            pu, ipu = purity(pred_story, truth_story)
            name = "lexical" if embedder is None else embedder.name
            print(f"stories ({name}): purity {pu:.4f}  inverse purity {ipu:.4f};"
                  f" stories {timings['stories_s']:.1f} s wall (cpu {timings['stories_cpu']:.1f} s),"
                  f" model load {load_s:.1f} s")
            if embedder is not None and args.sweep:
                # the same vectors at other thresholds: what the set would choose (in-sample, not the default)
                groups, units = _units(corpus)
                vectors = embedder.embed([(u.title or "") + "\n\n" + u.text for u in units])
                for th in (float(x) for x in args.sweep.split(",")):
                    made = cluster_embedded(units, vectors, th, centre=EMBED_CENTRE[name.split(":", 1)[0]])
                    story_of = {m: k for k, st in enumerate(made) for m in st.members}
                    pu, ipu = purity({d.id: story_of[groups.get(d.id, d.id)] for d in corpus.docs}, truth_story)
                    print(f"  threshold {th:.2f}: purity {pu:.4f}  inverse purity {ipu:.4f}")
    if args.scale:
        before = peak_mb()
        corpus = generate(args.scale, args.seed + 1)
        gen_peak = peak_mb()
        t = time.perf_counter()
        _, _, timings = link(corpus)
        total = time.perf_counter() - t
        print(f"scale {args.scale}: copies {timings['copies_s']:.1f} s (cpu {timings['copies_cpu']:.1f} s)"
              f" + stories {timings['stories_s']:.1f} s (cpu {timings['stories_cpu']:.1f} s)"
              f" = {total:.1f} s wall; peak RSS {peak_mb():.0f} MB (after generating the texts: {gen_peak:.0f} MB,"
              f" before: {before:.0f} MB)")
    if args.ledger:
        time_ledger([int(x) for x in args.ledger.split(",")], args.seed)
    if args.tiny:
        before = peak_mb()
        linker = CopyLinker()
        t = time.perf_counter()
        batch: list[tuple[int, list[str], str | None]] = []
        for i in range(args.tiny):
            batch.append((i, [f"Brief {i % 977}: item {i} noted."], f"outlet-{i % 400}"))
            if len(batch) == 10_000:
                linker.update(batch)
                batch = []
        if batch:
            linker.update(batch)
        signed = sum(s.sig is not None for s in linker.signed.values())
        print(f"tiny {args.tiny}: {time.perf_counter() - t:.1f} s, signed {signed},"
              f" peak RSS {peak_mb():.0f} MB (before: {before:.0f} MB)")


if __name__ == "__main__":
    main()
