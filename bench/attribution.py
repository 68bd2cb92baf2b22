"""Attribution benchmark on PolNeAR: newsledger.analyze against the gold spans,
with textacy's direct-quotation extractor as the anchor on the same parse.

    .venv/bin/python bench/attribution.py [--split dev] [--limit N | --last N] [--no-anchor]
                                          [--without RULE ...] [--ablation]
    .venv/bin/python bench/attribution.py --agreement

Headline scores are RAW for every system: spans as the system gives them,
a prediction matches a gold span when their shared characters are >= 50% of
the longer one, matched one to one (greedily by overlap, per article).  Per
role (source, cue, content) there is also *exact*: the spans equal (the
gold's first start to last end for a discontinuous span), ignoring whitespace
and , . ; : at the edges.  A whole attribution matches when cue and content
overlap and the sources overlap (or both are absent).

A second, convention-mapped table follows, with one mapping applied to every
system alike (``map_convention``): contents widened over their quotation marks
and "that", a content enclosing its own cue/source split around it, cue-less
contents of the previous speaker merged into that attribution's content.

Timing: one batched spaCy parse of every paragraph (timed apart), then
newsledger's passes over those Docs and textacy's ``direct_quotations`` over
the very same Docs, each timed.  ``--without RULE`` switches a rule off (the
names are ``newsledger.analyze.rules.RULES``); ``--ablation`` adds a table
with each rule switched off in turn, over the same parse.

--agreement scores PolNeAR's second annotator against its first on every text
both did (train and dev), with the same scorer, beside newsledger on the same
texts: how far two trained readers agree is the ceiling any system can be
measured against on this gold.

Dev is for reporting only; choices are made on train (see
scripts/train_cue_model.py and tests/test_polnear_regression.py for the slices).
"""

from __future__ import annotations

import os

# One thread, so that articles/s is a per-core figure.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from polnear import GoldArticle, Pieces, Triple, read_double, read_split  # noqa: E402

from newsledger.analyze import analyze_many  # noqa: E402
from newsledger.analyze.quotes import ALL_MARKS  # noqa: E402
from newsledger.records import Analysis, Article  # noqa: E402

ROLES = ("source", "cue", "content")
DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear"
_EDGE = " \t\n\xa0,.;:"


@dataclass(slots=True)
class Counts:
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / self.n_pred if self.n_pred else 0.0
        r = self.tp / self.n_gold if self.n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


@dataclass(slots=True)
class Scores:
    counts: dict[str, Counts] = field(default_factory=dict)

    def get(self, key: str) -> Counts:
        return self.counts.setdefault(key, Counts())


def _chars(pieces: Pieces) -> set[int]:
    return {i for s, e in pieces for i in range(s, e)}


def _envelope(text: str, pieces: Pieces) -> tuple[int, int] | None:
    if not pieces:
        return None
    s, e = pieces[0][0], pieces[-1][1]
    while s < e and text[s] in _EDGE:
        s += 1
    while e > s and text[e - 1] in _EDGE:
        e -= 1
    return s, e


def overlap(a: Pieces, b: Pieces) -> float:
    ca, cb = _chars(a), _chars(b)
    if not ca or not cb:
        return 0.0
    return len(ca & cb) / max(len(ca), len(cb))


def _match(
    preds: Sequence[Triple], golds: Sequence[Triple], ok: object, score: object
) -> int:
    """Greedy one-to-one matching; ``ok(p, g)`` says whether a pair may match,
    ``score(p, g)`` orders the candidates."""
    pairs = []
    for i, p in enumerate(preds):
        for j, g in enumerate(golds):
            if ok(p, g):  # type: ignore[operator]
                pairs.append((score(p, g), i, j))  # type: ignore[operator]
    pairs.sort(reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    for _, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
    return len(used_p)


def score_article(text: str, preds: Sequence[Triple], golds: Sequence[Triple], scores: Scores) -> None:
    for role in ROLES:
        p_role = [p for p in preds if getattr(p, role)]
        g_role = [g for g in golds if getattr(g, role)]
        for mode in ("exact", "overlap"):
            c = scores.get(f"{role}/{mode}")
            c.n_pred += len(p_role)
            c.n_gold += len(g_role)
            if mode == "exact":
                c.tp += _match(
                    p_role,
                    g_role,
                    lambda p, g, r=role: _envelope(text, getattr(p, r)) == _envelope(text, getattr(g, r)),
                    lambda p, g: 1.0,
                )
            else:
                c.tp += _match(
                    p_role,
                    g_role,
                    lambda p, g, r=role: overlap(getattr(p, r), getattr(g, r)) >= 0.5,
                    lambda p, g, r=role: overlap(getattr(p, r), getattr(g, r)),
                )

    def whole(p: Triple, g: Triple) -> bool:
        if overlap(p.cue, g.cue) < 0.5 or overlap(p.content, g.content) < 0.5:
            return False
        if not p.source and not g.source:
            return True
        return overlap(p.source, g.source) >= 0.5

    c = scores.get("attribution/overlap")
    c.n_pred += len(preds)
    c.n_gold += len(golds)
    c.tp += _match(preds, golds, whole, lambda p, g: overlap(p.content, g.content) + overlap(p.cue, g.cue))


def _widen(text: str, content: Pieces) -> Pieces:
    """PolNeAR keeps a quotation's marks and the complementizer "that" in the
    content: a content right inside quotation marks, or right after "that ",
    is widened over them (its first piece's start, its last piece's end)."""
    s, e = content[0][0], content[-1][1]
    if s > 1 and text[s - 2 : s] in ("''", "``"):
        s -= 2
    elif s > 0 and text[s - 1] in ALL_MARKS:
        s -= 1
    if text[e : e + 2] == "''":
        e += 2
    elif e < len(text) and text[e] in ALL_MARKS:
        e += 1
    if s >= 5 and text[s - 5 : s - 1].lower() == "that" and text[s - 1].isspace():
        s -= 5  # 'said that X' and 'said that "X"' alike
    if len(content) == 1:
        return ((s, e),)
    return ((s, content[0][1]), *content[1:-1], (content[-1][0], e))


def _without(text: str, content: Pieces, spans: Pieces) -> Pieces:
    """A content span that encloses its own source or cue ("X, he said, Y";
    "X, according to Y, Z") as PolNeAR writes it: the pieces around them."""
    holes = [(s, e) for s, e in spans if content[0][0] < s and e < content[-1][1]]
    if not holes:
        return content
    out: list[tuple[int, int]] = []
    s0, e0 = content[0][0], content[-1][1]
    pos = s0
    for hs, he in sorted(holes):
        piece = _envelope(text, ((pos, hs),))
        if piece is not None and piece[1] > piece[0]:
            out.append(piece)
        pos = max(pos, he)
    piece = _envelope(text, ((pos, e0),))
    if piece is not None and piece[1] > piece[0]:
        out.append(piece)
    return tuple(out) or content


def to_triples(analysis: Analysis) -> list[Triple]:
    """newsledger's body attributions as raw spans, exactly as it stores them
    (a content's pieces are its ``content_spans``)."""
    return [
        Triple(
            source=((a.source.start, a.source.end),) if a.source else (),
            cue=((a.cue.start, a.cue.end),) if a.cue else (),
            content=tuple((p.start, p.end) for p in a.pieces()),
            speaker=a.speaker,
        )
        for a in analysis.attributions
        if a.part == "body"
    ]


def map_convention(text: str, triples: Sequence[Triple]) -> list[Triple]:
    """PolNeAR's span conventions, applied the same way to any system's
    triples (never to the gold): contents widened over their quotation marks
    and "that"; a content enclosing its own source or cue split around them;
    a cue-less content whose speaker is the previous attribution's becomes one
    more piece of that content (PolNeAR annotates a run of quote paragraphs as
    one attribution)."""
    out: list[Triple] = []
    last_speaker: str | None = None
    for t in triples:
        if not t.content:
            continue
        content = _without(text, _widen(text, t.content), t.source + t.cue)
        if not t.cue and out and t.speaker == last_speaker:
            out[-1].content = out[-1].content + content
            continue
        last_speaker = t.speaker
        out.append(Triple(source=t.source, cue=t.cue, content=content, speaker=t.speaker))
    return out


def gold_triples(art: GoldArticle) -> list[Triple]:
    return list(art.attributions)


@dataclass(slots=True)
class Run:
    """One timed pass over a set of articles: newsledger's analyses, the
    parsed documents they came from, and where the time went."""

    arts: list[GoldArticle]
    parsed: list[Any]
    analyses: list[Analysis]
    seconds: dict[str, float]  # wall seconds: language, parse, passes
    cpu: dict[str, float]  # CPU seconds, same keys


def run_newsledger(arts: Sequence[GoldArticle], *, without: frozenset[str] = frozenset()) -> Run:
    """analyze_many's three steps (language check, one batched parse, the
    passes over it), each timed; the model is loaded before timing."""
    from newsledger.analyze import _parse, _skip_reason

    articles = [Article(paragraphs=a.text.split("\n\n"), language="en") for a in arts]
    analyze_many(articles[:1])  # load the model outside the timed run
    # and the first-name lexicon pronouns are resolved with (about 1 s, once per process, as the model: before
    # 2026-12-02 it loaded inside the timed passes at the first pronoun, a tenth of their time on dev)
    from newsledger.analyze.speakers import _name_genders

    _name_genders()
    seconds: dict[str, float] = {}
    cpu: dict[str, float] = {}
    t0, c0 = time.perf_counter(), time.process_time()
    skipped = [_skip_reason(a.text, a.language) for a in articles]
    t1, c1 = time.perf_counter(), time.process_time()
    parsed = _parse([a.text for a in articles], [a.title for a in articles])
    t2, c2 = time.perf_counter(), time.process_time()
    analyses = passes(articles, parsed, without=without)
    t3, c3 = time.perf_counter(), time.process_time()
    assert not any(skipped), skipped
    seconds.update(language=t1 - t0, parse=t2 - t1, passes=t3 - t2)
    cpu.update(language=c1 - c0, parse=c2 - c1, passes=c3 - c2)
    return Run(list(arts), parsed, analyses, seconds, cpu)


def passes(
    articles: Sequence[Article], parsed: Sequence[Any], *, without: frozenset[str] = frozenset()
) -> list[Analysis]:
    from newsledger.analyze import _analyze_parsed

    return [
        _analyze_parsed(a.text, a.title, p, published=None, without=without)
        for a, p in zip(articles, parsed, strict=True)
    ]


def score(arts: Sequence[GoldArticle], preds: Sequence[Sequence[Triple]], *, mapped: bool) -> Scores:
    scores = Scores()
    for art, pr in zip(arts, preds, strict=True):
        score_article(art.text, map_convention(art.text, pr) if mapped else list(pr), gold_triples(art), scores)
    return scores


def run_textacy(run: Run) -> tuple[list[list[Triple]], float, int]:
    """The anchor: textacy's direct-quotation triples over the very Docs
    newsledger parsed (same model, same pipeline, same tokens), so that both
    are timed on the same parse.  textacy refuses a Doc with an unclosed
    quote; such paragraphs count as refused and give nothing."""
    from textacy.extract.triples import direct_quotations

    t0 = time.perf_counter()
    refused = 0
    out: list[list[Triple]] = []
    for units, docs, _title in run.parsed:
        preds: list[Triple] = []
        for unit, doc in zip(units, docs, strict=True):
            offset = unit.offset
            try:
                triples = list(direct_quotations(doc))
            except ValueError:
                refused += 1
                triples = []
            for q in triples:
                src = [(offset + t.idx, offset + t.idx + len(t.text)) for t in q.speaker]
                cue = [(offset + t.idx, offset + t.idx + len(t.text)) for t in q.cue]
                preds.append(
                    Triple(
                        source=((min(s for s, _ in src), max(e for _, e in src)),) if src else (),
                        cue=((min(s for s, _ in cue), max(e for _, e in cue)),) if cue else (),
                        content=((offset + q.content.start_char, offset + q.content.end_char),),
                    )
                )
        out.append(preds)
    return out, time.perf_counter() - t0, refused


def table(rows: dict[str, Scores]) -> str:
    keys = [f"{r}/{m}" for r in ROLES for m in ("exact", "overlap")] + ["attribution/overlap"]
    lines = ["| system | measure | P | R | F1 |", "|---|---|---|---|---|"]
    for name, sc in rows.items():
        for k in keys:
            p, r, f = sc.get(k).prf()
            lines.append(f"| {name} | {k} | {p:.3f} | {r:.3f} | {f:.3f} |")
    return "\n".join(lines)


def select(split_dir: Path, *, first: int | None = None, last: int | None = None) -> list[GoldArticle]:
    """The split's articles in sorted order; ``first``/``last``: only the first or last N."""
    arts = list(read_split(split_dir))
    if first is not None:
        arts = arts[:first]
    if last is not None:
        arts = arts[-last:]
    return arts


def evaluate(arts: Sequence[GoldArticle], *, mapped: bool = False) -> Scores:
    """newsledger's raw scores (or convention-mapped ones) on these articles."""
    run = run_newsledger(arts)
    return score(run.arts, [to_triples(an) for an in run.analyses], mapped=mapped)


def _rate(n: int, seconds: float) -> str:
    return f"{n / seconds:.1f}" if seconds > 0 else "inf"


def report(arts: Sequence[GoldArticle], *, anchor: bool, ablate: Sequence[str], without: frozenset[str]) -> str:
    n = len(arts)
    run = run_newsledger(arts, without=without)
    ours = [to_triples(an) for an in run.analyses]
    name = "newsledger" + (f" without {','.join(sorted(without))}" if without else "")
    systems: dict[str, list[list[Triple]]] = {name: ours}
    lines: list[str] = []
    if anchor:
        theirs, t_anchor, refused = run_textacy(run)
        systems["textacy direct_quotations"] = theirs
    raw = {k: score(run.arts, v, mapped=False) for k, v in systems.items()}
    mapped = {k: score(run.arts, v, mapped=True) for k, v in systems.items()}
    n_gold = sum(len(a.attributions) for a in arts)
    lines.append(f"{n} articles, {n_gold} gold attributions")
    lines.append("\nRaw spans (headline: overlap >= 50% of the longer span, one to one, no mapping):")
    lines.append(table(raw))
    lines.append("\nConvention-mapped (the same mapping for every system, bench/attribution.py map_convention):")
    lines.append(table(mapped))
    s, c = run.seconds, run.cpu
    end = sum(s.values())
    lines.append("\nSpeed (one thread; absolute rates drift with the shared machine's load, compare ratios):")
    lines.append(
        f"parse (spaCy, shared by both systems): {s['parse']:.2f} s wall, {c['parse']:.2f} s CPU; "
        f"language check {s['language']:.2f} s"
    )
    lines.append(
        f"newsledger passes over the parse: {s['passes']:.2f} s wall, {c['passes']:.2f} s CPU = "
        f"{_rate(n, s['passes'])} articles/s"
    )
    lines.append(
        f"newsledger end to end (language + parse + passes): {end:.2f} s wall = {_rate(n, end)} articles/s; "
        f"{_rate(n, sum(c.values()))} articles per CPU-second"
    )
    if anchor:
        lines.append(
            f"textacy direct_quotations over the same parse: {t_anchor:.2f} s = {_rate(n, t_anchor)} articles/s "
            f"(end to end with the parse: {_rate(n, s['parse'] + t_anchor)} articles/s); "
            f"{refused} paragraphs refused for unbalanced quotes; "
            f"newsledger end to end / textacy end to end = {(s['parse'] + t_anchor) / end:.2f}"
        )
    if ablate:
        base = raw[name]
        keys = ["source/overlap", "cue/overlap", "content/overlap", "attribution/overlap"]
        lines.append(
            "\nAblation (raw spans; each rule off alone, same parse; F1 change against the full system; "
            f"the full system's passes took {c['passes']:.2f} s CPU):"
        )
        lines.append("| without | " + " | ".join(keys) + " | attributions | passes CPU s |")
        lines.append("|---" * (len(keys) + 3) + "|")
        articles = [Article(paragraphs=a.text.split("\n\n"), language="en") for a in arts]
        for rule in ablate:
            c0 = time.process_time()
            an = passes(articles, run.parsed, without=without | {rule})
            cpu_s = time.process_time() - c0
            sc = score(run.arts, [to_triples(x) for x in an], mapped=False)
            deltas = [sc.get(k).prf()[2] - base.get(k).prf()[2] for k in keys]
            n_att = sum(len(x.attributions) for x in an) - sum(len(x.attributions) for x in run.analyses)
            lines.append(
                f"| {rule} | " + " | ".join(f"{d:+.3f}" for d in deltas) + f" | {n_att:+d} | {cpu_s:.2f} |"
            )
    return "\n".join(lines)


def main() -> None:
    from newsledger.analyze.rules import RULES

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--split", default="dev", choices=["train", "dev"])
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles of the split")
    ap.add_argument("--last", type=int, default=None, help="only the last N articles (the guard slice: --last 140)")
    ap.add_argument("--no-anchor", action="store_true")
    ap.add_argument("--without", action="append", default=[], choices=sorted(RULES), help="switch a rule off")
    ap.add_argument("--ablation", action="store_true", help="also score the system without each rule in turn")
    ap.add_argument("--learn-cues", type=Path, default=None, help="write the cue lexicon learned from train")
    ap.add_argument("--errors", action="store_true", help="count missed gold cues by kind instead of scoring")
    ap.add_argument("--agreement", action="store_true", help="second annotator against the first, beside newsledger")
    ap.add_argument(
        "--dump", type=Path, default=None, help="write each article's analysis as JSON lines (diff two versions)"
    )
    args = ap.parse_args()
    if args.agreement:
        print(agreement(args.data))
        return
    if args.learn_cues is not None:
        learn_cues(args.data / "train", args.learn_cues)
        return
    split_dir = args.data / args.split
    if not split_dir.is_dir():
        sys.exit(f"PolNeAR not found at {split_dir}")
    arts = select(split_dir, first=args.limit, last=args.last)
    if args.errors:
        print(error_classes(arts))
        return
    if args.dump is not None:
        dump(arts, args.dump, without=frozenset(args.without))
        return
    which = (f" (first {args.limit})" if args.limit else "") + (f" (last {args.last})" if args.last else "")
    print(f"PolNeAR {args.split}{which}")
    ablate = sorted(RULES) if args.ablation else []
    print(report(arts, anchor=not args.no_anchor, ablate=ablate, without=frozenset(args.without)))


def dump(arts: Sequence[GoldArticle], out: Path, *, without: frozenset[str] = frozenset()) -> None:
    """Every article's whole analysis (attributions with origin, speakers,
    figures, statements), one JSON line per article in split order: two
    versions of the code are the same on these articles when the files are."""
    import json

    run = run_newsledger(arts, without=without)
    with out.open("w", encoding="utf-8") as fh:
        for art, an in zip(run.arts, run.analyses, strict=True):
            fh.write(json.dumps({"article": art.name, **an.to_dict()}, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{len(arts)} analyses written to {out}")


def agreement(data: Path) -> str:
    """Inter-annotator agreement on the doubly annotated texts of train and dev:
    the second annotator and newsledger scored the same way against the first."""
    pairs: list[GoldArticle] = []
    seconds: list[list[Triple]] = []
    for split in ("train", "dev"):
        for reference, second in read_double(data / split):
            pairs.append(reference)
            seconds.append(second)
    if not pairs:
        sys.exit(f"no doubly annotated PolNeAR texts under {data}")
    run = run_newsledger(pairs)
    ours = [to_triples(an) for an in run.analyses]
    n_gold = sum(len(a.attributions) for a in pairs)
    head = f"PolNeAR train+dev texts done by two annotators: {len(pairs)} texts, {n_gold} reference attributions"
    raw = {"second annotator": score(pairs, seconds, mapped=False), "newsledger": score(pairs, ours, mapped=False)}
    mapped = {"second annotator": score(pairs, seconds, mapped=True), "newsledger": score(pairs, ours, mapped=True)}
    return "\n".join([head, "\nRaw spans:", table(raw), "\nConvention-mapped (same mapping for both):", table(mapped)])


def error_classes(arts: Sequence[GoldArticle]) -> str:
    """Why gold cues are missed: each gold cue that no predicted cue touches,
    classed by what the parser made of it (a verb the cue model rejects, a cue
    verb left without a content, or the part of speech of a non-verb cue),
    and the number of predicted cues that touch no gold cue."""
    from collections import Counter

    from newsledger.analyze.model import load_nlp
    from newsledger.analyze.paragraph import cue_rule_for
    from newsledger.analyze.quotes import quotes_by_paragraph
    from newsledger.analyze.verbcue import from_verb

    nlp = load_nlp()
    analyses = analyze_many([Article(paragraphs=a.text.split("\n\n"), language="en") for a in arts])
    kinds: Counter[str] = Counter()
    n_gold = n_false = 0
    for art, an in zip(arts, analyses, strict=True):
        preds = map_convention(art.text, to_triples(an))
        golds = art.attributions
        n_false += sum(1 for p in preds if p.cue and not any(g.cue and overlap(p.cue, g.cue) > 0 for g in golds))
        paras = art.text.split("\n\n")
        starts = [sum(len(p) + 2 for p in paras[:i]) for i in range(len(paras))]
        docs = list(nlp.pipe(paras))
        quotes = quotes_by_paragraph(paras)
        for g in art.attributions:
            if not g.cue:
                continue
            n_gold += 1
            if any(p.cue and overlap(p.cue, g.cue) > 0 for p in preds):
                continue
            k = max(i for i, o in enumerate(starts) if o <= g.cue[0][0])
            span = docs[k].char_span(g.cue[0][0] - starts[k], g.cue[-1][1] - starts[k], alignment_mode="expand")
            if span is None:
                kinds["across paragraphs"] += 1
                continue
            verbs = [t for t in span if t.pos_ in ("VERB", "AUX")]
            if not verbs:
                kinds[f"not a verb: {span.root.pos_}"] += 1
                continue
            v = verbs[-1] if verbs[-1].pos_ == "VERB" else verbs[0]
            if cue_rule_for(v, quotes[k]) is None:
                kinds["verb the cue model rejects"] += 1
            elif from_verb(docs[k], v, quotes[k], v.sent) is None:
                kinds["cue verb, no content found"] += 1
            else:
                kinds["found, then dropped (inside a quote, deduplicated)"] += 1
    lines = [f"{len(arts)} articles, {n_gold} gold cues, {sum(kinds.values())} missed, "
             f"{n_false} predicted cues touching no gold cue", "| missed gold cue | count | share of gold |",
             "|---|---|---|"]
    lines += [f"| {k} | {n} | {n / n_gold:.1%} |" for k, n in kinds.most_common()]
    return "\n".join(lines)


def learn_cues(split_dir: Path, out: Path, *, min_count: int = 4, min_rate: float = 0.4) -> None:
    """Verb lemmas that PolNeAR's annotators mark as cues often enough, from
    the training split only: written to ``out`` as the learned cue lexicon."""
    import json
    from collections import Counter

    from newsledger.analyze.model import load_nlp

    nlp = load_nlp()
    seen: Counter[str] = Counter()
    cued: Counter[str] = Counter()
    for art in read_split(split_dir):
        cue_chars = set()
        for g in art.attributions:
            cue_chars |= _chars(g.cue)
        offset = 0
        for para, doc in zip(art.text.split("\n\n"), nlp.pipe(art.text.split("\n\n")), strict=True):
            for tok in doc:
                if tok.pos_ != "VERB":
                    continue
                seen[tok.lemma_] += 1
                if offset + tok.idx in cue_chars:
                    cued[tok.lemma_] += 1
            offset += len(para) + 2
    lexicon = {
        lemma: round(cued[lemma] / n, 3)
        for lemma, n in seen.items()
        if n >= min_count and cued[lemma] / n >= min_rate and lemma != "accord"  # "according to" is handled apart
    }
    out.write_text(json.dumps(dict(sorted(lexicon.items())), indent=0) + "\n", encoding="utf-8")
    print(f"{len(lexicon)} cue lemmas written to {out}")


if __name__ == "__main__":
    main()
