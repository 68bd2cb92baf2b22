"""Time or sample newsledger's attribution passes over one parse of PolNeAR articles (the speed work of
docs/attribution.md, 2026-12-02 session 11).

    PYTHONPATH=$PWD .venv/bin/python scripts/profile_passes.py [--split dev] [--n 84] [--reps 3] [--sample]

One batched parse (untimed), then the passes ``--reps`` times over it, each with the Docs' ``user_data`` put
back as ``_parse`` left it (so what the passes keep on a Doc is rebuilt each run, as in a real one); prints the
CPU seconds of each run.  ``--sample`` also samples the stack at every CPU tick (SIGPROF; a C call is charged to
the Python line that made it, so spaCy's Cython properties show under their caller, which cProfile's per-call
overhead distorts) and prints the functions and lines with the largest shares.  Alternate it between two
checkouts (``--root``) on a shared machine and compare runs, not single figures.
"""

from __future__ import annotations

import argparse
import collections
import signal
import sys
import time
from pathlib import Path
from types import FrameType


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent, help="checkout to run")
    ap.add_argument("--data", type=Path, default=None, help="PolNeAR directory (default ../shared/data/polnear)")
    ap.add_argument("--split", default="dev", choices=("train", "dev"))
    ap.add_argument("--n", type=int, default=84, help="the first N articles of the split")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--sample", action="store_true", help="print a sampling profile of the runs")
    args = ap.parse_args()
    root = args.root.resolve()
    sys.path[:0] = [str(root / "bench"), str(root)]
    import attribution as bench  # bench/attribution.py of that checkout
    from polnear import read_split

    from newsledger.analyze import _parse, analyze_many
    from newsledger.analyze.speakers import _name_genders
    from newsledger.records import Article

    data = args.data or root.parent / "shared" / "data" / "polnear"
    if not (data / args.split).exists():
        sys.exit(f"no PolNeAR split at {data / args.split}")
    arts = list(read_split(data / args.split))[: args.n]
    articles = [Article(paragraphs=a.text.split("\n\n"), language="en") for a in arts]
    analyze_many(articles[:1])  # the model and the first-name lexicon load outside the timed runs
    _name_genders()
    parsed = _parse([a.text for a in articles], [a.title for a in articles])
    docs = [d for _units, unit_docs, _title in parsed for d in unit_docs]
    fresh = [dict(d.user_data) for d in docs]

    total = 0
    functions: collections.Counter[str] = collections.Counter()
    lines: collections.Counter[str] = collections.Counter()

    def name(f: FrameType) -> str:
        return f"{Path(f.f_code.co_filename).name}:{f.f_code.co_name}"

    def tick(_sig: int, frame: FrameType | None) -> None:
        nonlocal total
        if frame is None:
            return
        total += 1
        lines[f"{name(frame)}:{frame.f_lineno}"] += 1
        seen: set[str] = set()
        f: FrameType | None = frame
        while f is not None:  # each function once per sample, however deep it recurses
            if (k := name(f)) not in seen:
                seen.add(k)
                functions[k] += 1
            f = f.f_back

    if args.sample:
        signal.signal(signal.SIGPROF, tick)
    cpu: list[float] = []
    for _ in range(args.reps):
        for d, kept in zip(docs, fresh, strict=True):
            d.user_data.clear()
            d.user_data.update(kept)
        if args.sample:
            signal.setitimer(signal.ITIMER_PROF, 0.001, 0.001)
        c0 = time.process_time()
        bench.passes(articles, parsed)
        cpu.append(time.process_time() - c0)
        if args.sample:
            signal.setitimer(signal.ITIMER_PROF, 0, 0)
    print(root, len(arts), "articles, passes CPU", " ".join(f"{c:.2f}" for c in cpu), f"min {min(cpu):.2f}")
    if args.sample and total:
        print(f"{total} samples; functions (inclusive):")
        for k, v in functions.most_common(40):
            print(f"{100 * v / total:5.1f}% {k}")
        print("lines (self):")
        for k, v in lines.most_common(40):
            print(f"{100 * v / total:5.1f}% {k}")


if __name__ == "__main__":
    main()
