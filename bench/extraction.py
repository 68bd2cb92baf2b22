"""Extraction benchmark: newsledger against anchors, one process, same pages.

    .venv/bin/python bench/extraction.py [--set news|snippets|both] [--data DIR] [--snippets DIR]
                                         [--repeat N] [--shape html|text|both]

Two data sets (both read from ../shared, never copied):

- ``news`` (``data/extraction``): 91 pages with a full ground-truth body,
  scored with the article-extraction benchmark's metric (word 4-gram shingles,
  per-page P/R averaged, F1 of the means);
- ``snippets`` (``data/extraction-snippets``): 473 pages with passages that
  must be in the body and boilerplate that must not, scored with
  trafilatura's metric (snippet counts pooled over all pages).

Both input shapes are run: the HTML pages and the naive text dumps.  Per set
and shape every row gives F1, precision, recall, pages/s, the number of pages
with an empty body and, for newsledger, the share of pages whose body came
from a fallback (``Article.extraction_method``).  Speed is pages per second
over the whole set, the best of ``--repeat`` timed runs; the ratio is against
trafilatura (benchmark settings) on the same set and shape in this same run,
which keeps it meaningful on a shared, loaded machine.

The snippet set is also scored per half (rows "snippets A" and "snippets B",
from the same outputs): rules are chosen on half A and confirmed on half B, a
split by site (``half_of``).  The last column says, for newsledger's rows,
whether the figure is in-sample.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench._anchors import HTML_ANCHORS, TEXT_ANCHORS, Extractor, Skipped, lines_as_html  # noqa: E402
from newsledger.metrics import score_corpus, score_page, score_snippets  # noqa: E402

# Methods that are the main path; anything else counts as a fallback.
MAIN_METHODS = frozenset({"html-score", "text-lines"})


@dataclass(frozen=True)
class Page:
    id: str
    url: str | None  # snippet set: None where the set gives a file label, not an address
    html: str
    text: str | None
    truth: str | None = None  # news set: the full body
    with_: tuple[str, ...] = ()  # snippet set
    without: tuple[str, ...] = ()
    half: str = ""  # snippet set: "A" (where rules are chosen) or "B" (where they are confirmed)


@dataclass
class Row:
    extractor: str
    dataset: str
    shape: str
    f1: float
    precision: float
    recall: float
    pages_per_s: float | None
    empty: int
    outputs: dict[str, str]
    fallback_rate: float | None = None
    methods: dict[str, int] = field(default_factory=dict)


def _read(path: Path) -> str:
    """The page as ``newsledger ingest`` reads the file: its declared charset, else detection.

    17 snippet-set pages are windows-1252 (their ``<meta charset>`` says so); a
    plain UTF-8 decode turned every accented letter into U+FFFD and lost their
    snippets for every extractor alike.  All extractors get this same string.
    """
    from newsledger.ingest.decode import decode

    return decode(gzip.decompress(path.read_bytes()))[0]


def load_news(data: Path) -> list[Page]:
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for pid in sorted(truth):
        tpath = data / "text" / f"{pid}.txt"
        text = tpath.read_text(encoding="utf-8") if tpath.exists() else None
        html = _read(data / "html" / f"{pid}.html.gz")
        pages.append(Page(pid, truth[pid].get("url"), html, text, truth=truth[pid]["articleBody"]))
    return pages


# The snippet set is split in two halves by site (registered domain), with a
# fixed salt, so that a rule chosen on one half is confirmed on sites it never
# saw: half A chooses, half B (and the news set) confirms.  218 pages fall in A,
# 255 in B.
SPLIT_SALT = "i15-split-2026|"


def site_of(name: str, url: str | None) -> str:
    """The registered domain of a snippet page: its URL's, or its file label's ("hard::dw.com.x.html")."""
    from newsledger.extract.text_meta import _extractor

    if url is None:
        url = "http://" + name.split("::", 1)[-1].split("-")[0].removesuffix(".html")
    ext = _extractor()(url)
    return str(ext.top_domain_under_public_suffix or ext.domain or name)


def half_of(name: str, url: str | None) -> str:
    digest = hashlib.sha1((SPLIT_SALT + site_of(name, url)).encode()).hexdigest()
    return "A" if int(digest, 16) % 2 == 0 else "B"


def load_snippets(data: Path) -> list[Page]:
    items = json.loads((data / "snippets.json").read_text(encoding="utf-8"))
    pages = []
    for name in sorted(items):
        tpath = data / "text" / f"{name}.txt"
        text = tpath.read_text(encoding="utf-8") if tpath.exists() else None
        raw = items[name].get("url")
        # A few snippet-set "URLs" are file labels ("hard::name.html"), not addresses.
        url = raw if isinstance(raw, str) and raw.startswith("http") else None
        html = _read(data / "html" / f"{name}.html.gz")
        pages.append(
            Page(name, url, html, text, with_=tuple(items[name]["with"]), without=tuple(items[name]["without"]),
                 half=half_of(str(raw or name) if url is None else name, url))
        )
    return pages


def timed(fn: Extractor, inputs: list[tuple[str, str, str | None]], repeat: int) -> tuple[dict[str, str], float]:
    """Outputs by page id and the best wall time over ``repeat`` runs."""
    best = float("inf")
    outputs: dict[str, str] = {}
    for _ in range(max(1, repeat)):
        out: dict[str, str] = {}
        t0 = time.perf_counter()
        for pid, page, url in inputs:
            try:
                out[pid] = fn(page, url)
            except Exception:  # an anchor crashing on one page scores it empty
                out[pid] = ""
        best = min(best, time.perf_counter() - t0)
        outputs = out
    return outputs, best


def score(name: str, dataset: str, shape: str, pages: list[Page], outputs: dict[str, str],
          seconds: float | None) -> Row:
    speed = len(pages) / seconds if seconds else None
    empty = sum(1 for p in pages if not outputs.get(p.id, "").strip())
    if dataset.startswith("snippets"):
        sn = score_snippets((p.with_, p.without, outputs.get(p.id, "")) for p in pages)
        return Row(name, dataset, shape, sn.f1, sn.precision, sn.recall, speed, empty, outputs)
    s = score_corpus((p.truth or "", outputs.get(p.id, "")) for p in pages)
    return Row(name, dataset, shape, s.f1, s.precision, s.recall, speed, empty, outputs)


def _newsledger(shape: str, methods: dict[str, str | None]) -> tuple[Extractor, Extractor]:
    """newsledger's user-facing text (recording each page's method) and the paragraphs-only variant.

    The headline scores ``Article.full_text`` (paragraphs with subheadings in place), the full text
    output of newsledger as of every other system; ``Article.text`` (prose only, what analysis reads)
    stays beside it as "paragraphs only", the headline of earlier tables.
    """
    from newsledger.extract.html import extract_html
    from newsledger.extract.text import extract_text

    extract = extract_html if shape == "html" else extract_text

    def full_text(page: str, url: str | None) -> str:
        art = extract(page, url)
        methods[page[:200] + str(len(page))] = art.extraction_method
        return art.full_text

    def paragraphs_only(page: str, url: str | None) -> str:
        return extract(page, url).text

    return full_text, paragraphs_only


def run_shape(dataset: str, shape: str, pages: list[Page], repeat: int) -> tuple[list[Row], list[str]]:
    rows: list[Row] = []
    skipped: list[str] = []
    if shape == "text":
        pages = [p for p in pages if p.text is not None]
    inputs = [(p.id, p.html if shape == "html" else p.text or "", p.url) for p in pages]
    seen: dict[str, str | None] = {}
    full_text, paragraphs_only = _newsledger(shape, seen)
    contenders: list[tuple[str, Callable[[], Extractor]]] = [("newsledger", lambda: full_text)]
    if shape == "html":
        contenders += list(HTML_ANCHORS.items())
    else:
        contenders.append(("keep everything", lambda: lambda t, u: t))
        contenders += [(name, _wrap_dump(factory)) for name, factory in TEXT_ANCHORS.items()]
    for name, factory in contenders:
        try:
            fn = factory()
        except Skipped as exc:
            skipped.append(f"{name} ({dataset}/{shape}): {exc}")
            continue
        outputs, secs = timed(fn, inputs, repeat)
        row = score(name, dataset, shape, pages, outputs, secs)
        if name == "newsledger":
            counts: dict[str, int] = {}
            for _, page, _ in inputs:
                m = seen.get(page[:200] + str(len(page))) or "none"
                counts[m] = counts.get(m, 0) + 1
            row.methods = counts
            fallback = sum(c for m, c in counts.items() if m not in MAIN_METHODS and m != "none")
            row.fallback_rate = fallback / max(1, len(inputs))
        rows.append(row)
        if name == "newsledger":
            prose, _ = timed(paragraphs_only, inputs, 1)
            rows.append(score("newsledger paragraphs only", dataset, shape, pages, prose, None))
    return rows, skipped


def _wrap_dump(factory: Callable[[], Extractor]) -> Callable[[], Extractor]:
    def make() -> Extractor:
        inner = factory()
        return lambda text, url: inner(lines_as_html(text), url)

    return make


def page_f1(truth: str, predicted: str) -> tuple[float, float, float]:
    s = score_page(truth, predicted)
    prec, rec = s.precision or 0.0, s.recall or 0.0
    f1 = 1.0 if s.fp == s.fn == 0 else (2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return f1, prec, rec


def worst(
    pages: list[Page], outputs: dict[str, str], n: int = 10
) -> list[tuple[str, float, str]]:
    """The ``n`` lowest-scoring pages with a guess at why, from P against R."""
    out: list[tuple[str, float, str]] = []
    for p in pages:
        pred = outputs.get(p.id, "")
        if p.truth is None:  # snippet page: missed and leaked snippets
            body = " ".join(pred.split())
            missed = sum(" ".join(s.split()) not in body for s in p.with_)
            leaked = sum(" ".join(s.split()) in body for s in p.without)
            if missed or leaked:
                why = "nothing extracted" if not pred else f"{missed} of {len(p.with_)} missed, {leaked} leaked"
                out.append((p.id, -float(missed + leaked), why))
            continue
        f1, prec, rec = page_f1(p.truth, pred)
        if f1 >= 1.0:
            continue
        if not pred:
            why = "nothing extracted"
        elif rec < 0.5:
            why = f"wrong block or most of the body missed (P {prec:.2f}, R {rec:.2f})"
        elif prec < rec:
            why = f"boilerplate kept (P {prec:.2f} < R {rec:.2f})"
        else:
            why = f"article text lost (R {rec:.2f} <= P {prec:.2f})"
        out.append((p.id, f1, why))
    out.sort(key=lambda r: r[1])
    return out[:n]


# Whether newsledger's figure on a set and shape is in-sample: every rule,
# constant and model was chosen on the news pages or on snippet half A; the
# text-dump line model is trained on the news dumps and, since extract/13, on
# half A's dumps too (docs/extraction-text.md).
SAMPLE = {
    ("news", "html"): "in-sample (rules written on these pages)",
    ("news", "text"): "in-sample (line model trained on these dumps)",
    ("snippets", "html"): "partly in-sample (rules chosen on half A)",
    ("snippets", "text"): "partly in-sample (line model trained on half A)",
    ("snippets A", "html"): "in-sample (rules chosen here)",
    ("snippets A", "text"): "in-sample (line model trained on these dumps)",
    ("snippets B", "html"): "out-of-sample (sites never looked at)",
    ("snippets B", "text"): "out-of-sample (sites never trained on)",
}


def half_rows(rows: list[Row], pages: list[Page]) -> list[Row]:
    """The snippet rows scored again on each half, from the same outputs (no second run)."""
    out: list[Row] = []
    for half in ("A", "B"):
        part = [p for p in pages if p.half == half]
        for r in rows:
            if r.dataset != "snippets":
                continue
            shaped = [p for p in part if r.shape == "html" or p.text is not None]
            row = score(r.extractor, f"snippets {half}", r.shape, shaped, r.outputs, None)
            out.append(row)
    return out


def table(rows: list[Row]) -> str:
    lines = [
        "| set | input | extractor | F1 | precision | recall | pages/s | x trafilatura | empty | fallback | sample |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    traf = {(r.dataset, r.shape): r.pages_per_s for r in rows if r.extractor == "trafilatura"}
    for r in rows:
        speed = f"{r.pages_per_s:.1f}" if r.pages_per_s else "(same run)"
        base = traf.get((r.dataset, r.shape))
        ratio = f"{r.pages_per_s / base:.2f}" if r.pages_per_s and base else "-"
        fb = f"{r.fallback_rate:.3f}" if r.fallback_rate is not None else "-"
        sample = SAMPLE.get((r.dataset, r.shape), "-") if r.extractor.startswith("newsledger") else "-"
        lines.append(
            f"| {r.dataset} | {r.shape} | {r.extractor} | {r.f1:.3f} | {r.precision:.3f} | {r.recall:.3f} "
            f"| {speed} | {ratio} | {r.empty} | {fb} | {sample} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    shared = ROOT.parent / "shared" / "data"
    ap.add_argument("--set", dest="sets", choices=["news", "snippets", "both"], default="both")
    ap.add_argument("--data", type=Path, default=shared / "extraction", help="the news set")
    ap.add_argument("--snippets", type=Path, default=shared / "extraction-snippets", help="the snippet set")
    ap.add_argument("--repeat", type=int, default=1, help="timed runs per extractor; the best counts")
    ap.add_argument("--shape", choices=["html", "text", "both"], default="both")
    ap.add_argument("--half", choices=["A", "B", "all"], default="all",
                    help="snippet set: only the half split by site where rules are chosen (A) or confirmed (B)")
    args = ap.parse_args(argv)
    wanted = ["news", "snippets"] if args.sets == "both" else [args.sets]
    sets: dict[str, list[Page]] = {}
    for name in wanted:
        if name == "news" and (args.data / "ground-truth.json").exists():
            sets[name] = load_news(args.data)
        elif name == "snippets" and (args.snippets / "snippets.json").exists():
            # One half alone is named for it, so its rows say which sample they are.
            key = name if args.half == "all" else f"{name} {args.half}"
            sets[key] = [p for p in load_snippets(args.snippets) if args.half in ("all", p.half)]
        else:
            print(f"no {name} data found; skipped", file=sys.stderr)
    if not sets:
        print("no benchmark data found (needs the read-only ../shared checkout)", file=sys.stderr)
        return 2
    shapes = ["html", "text"] if args.shape == "both" else [args.shape]
    all_rows: list[Row] = []
    all_skipped: list[str] = []
    for dataset, pages in sets.items():
        for shape in shapes:
            rows, skipped = run_shape(dataset, shape, pages, args.repeat)
            all_rows += rows
            all_skipped += skipped
    if "snippets" in sets and args.half == "all":
        # Each half on its own, from the outputs above: A is where rules are chosen, B confirms.
        all_rows += half_rows(all_rows, sets["snippets"])
    for dataset, pages in sets.items():
        n_text = sum(p.text is not None for p in pages)
        print(f"{dataset}: {len(pages)} pages ({n_text} with a text dump)")
    print(f"best of {args.repeat} run(s)\n")
    print(table(all_rows))
    for s in sorted(set(all_skipped)):
        print(f"skipped: {s}")
    for r in all_rows:
        if r.extractor != "newsledger" or r.dataset not in sets:  # half rows: their pages are in the set's list
            continue
        print(f"\nnewsledger methods ({r.dataset}/{r.shape}): {json.dumps(r.methods, sort_keys=True)}")
        print(f"ten worst newsledger pages ({r.dataset}/{r.shape}):")
        for pid, f1, why in worst(sets[r.dataset], r.outputs):
            label = f"F1 {f1:.3f}" if f1 >= 0 else f"{-f1:.0f} wrong"
            print(f"  {pid[:40]}  {label}  {why}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
