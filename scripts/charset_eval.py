"""How often the decoder gets an undeclared single-byte page back exactly, by language (session 11).

A short Latin-1 French text dump came back with « » as ḋ Ṡ (charset-normalizer chose ISO-8859-14).
This measures that failure and a candidate rule over the shared pages, never copying their text:

- Western cases: every page of ``../shared/data/extraction`` and ``extraction-snippets`` (HTML, and
  the text dumps) that is UTF-8 or declares a Western charset (ISO-8859-1/15, windows-1252), its text
  re-encoded to cp1252 where that is possible (a text representable in Latin-1 gives the same bytes),
  its charset declaration removed; the text dumps also cut to their first 200, 500 and 2000
  characters, since short inputs are where detection fails.  Only inputs with a non-ASCII character
  count (all-ASCII bytes are UTF-8 and never reach detection).
- Guard cases: the same pages as they are (UTF-8; 17 snippet pages are windows-1252 and declare it),
  and the text dumps of other languages re-encoded to their own legacy charset (Cyrillic to cp1251 and
  KOI8-R, Greek, Central European, Turkish, Baltic, Hebrew, Arabic, Japanese, Chinese, Korean), so a
  rule that prefers cp1252 is seen taking text that is not Western.

A case counts as right when the decoded text equals the original exactly.  Pages are split in two by
a hash of their name: the rule's margin is chosen on half A (``--half A``) and confirmed once on half
B.  ``python scripts/charset_eval.py [--half A|B|all] [--limit N]``; prints a table.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))

from newsledger.extract.lang import detect_language  # noqa: E402
from newsledger.ingest.decode import _declared_charset, decode, detect_single_byte  # noqa: E402

decoding = importlib.import_module("newsledger.ingest.decode")  # the module (the package exports the function)

DECLARED_WESTERN = {"cp1252", "iso8859-1", "iso8859-15"}
# The legacy charsets of the languages the snippet pages are in (the encodings their sites used
# before UTF-8), from Python's codec list: one case per representable page and charset.
NATIVE = {
    "ru": ("cp1251", "koi8_r"), "uk": ("cp1251",), "bg": ("cp1251",), "el": ("cp1253", "iso8859_7"),
    "pl": ("cp1250", "iso8859_2"), "cs": ("cp1250", "iso8859_2"), "sk": ("cp1250",), "hu": ("cp1250",),
    "hr": ("cp1250",), "sl": ("cp1250",), "ro": ("cp1250",), "tr": ("cp1254",), "lt": ("cp1257",),
    "lv": ("cp1257",), "et": ("cp1257",), "he": ("cp1255",), "ar": ("cp1256",), "ja": ("shift_jis",),
    "zh": ("gb18030",), "ko": ("euc_kr",),
}
SLICES = (200, 500, 2000, 0)  # 0: the whole text
_DECL_RE = re.compile(rb"""charset\s*=\s*["']?\s*[a-zA-Z0-9_\-:.]{2,40}["']?""", re.IGNORECASE)


def half_of(name: str) -> str:
    return "A" if hashlib.sha256(name.encode()).digest()[0] % 2 == 0 else "B"


def pages() -> Iterator[tuple[str, str, bytes, str | None]]:
    """(name, kind, bytes as stored, text dump of the same page or None)."""
    for folder in ("extraction", "extraction-snippets"):
        base = SHARED / folder
        for path in sorted((base / "html").glob("*.html.gz")):
            name = path.name[: -len(".html.gz")]
            dump = base / "text" / f"{name}.txt"
            yield f"{folder}/{name}", "html", gzip.decompress(path.read_bytes()), (
                dump.read_text("utf-8") if dump.exists() else None)


def true_text(data: bytes) -> tuple[str, str] | None:
    """The page's text and charset when it is strict UTF-8 or declares a Western charset, else None."""
    declared = _declared_charset(data)  # Python's codec name: iso8859-1, iso8859-15, cp1252
    if declared in DECLARED_WESTERN:
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            return None
    try:  # a byte-order mark is not text (the decoder drops it)
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return None


Case = tuple[str, str, str, str, bytes, str]  # (half, group, language, slice, bytes, expected text)


def cases(half: str, limit: int) -> Iterator[Case]:
    n = 0
    for name, _kind, raw, dump in pages():
        h = half_of(name)
        if half != "all" and h != half:
            continue
        got = true_text(raw)
        if got is None:
            continue
        text, charset = got
        lang = detect_language(dump or "") or "?"
        n += 1
        if limit and n > limit:
            return
        # the page as it is: UTF-8, or its declared Western charset (the 17 windows-1252 pages)
        yield h, f"as-is {'western' if charset in DECLARED_WESTERN else 'utf-8'}", lang, "page", raw, text
        stripped = _DECL_RE.sub(b"", raw)
        try:
            page = stripped.decode(charset)  # the text without its declaration
            yield h, "western", lang, "page", page.encode("cp1252"), page
        except UnicodeEncodeError:
            pass
        for cut in SLICES if dump else ():
            part = dump[:cut] if cut else dump  # type: ignore[index]
            label = str(cut) if cut else "dump"
            if part.isascii():
                continue
            for group, enc in [("western", "cp1252"), *((f"native {e}", e) for e in NATIVE.get(lang, ()))]:
                data = _encoded(part, enc)
                if data is not None:
                    yield h, group, lang, label, data, part


def _encoded(text: str, charset: str) -> bytes | None:
    """``text`` in ``charset``, or None where the charset cannot hold it."""
    try:
        return text.encode(charset)
    except UnicodeEncodeError:
        return None


def with_margin(margin: float) -> Callable[[bytes], str]:
    """The decoder as shipped, with WESTERN_MARGIN set to ``margin`` (negative: charset-normalizer's best)."""
    def run(data: bytes) -> str:
        saved = decoding.WESTERN_MARGIN
        decoding.WESTERN_MARGIN = margin
        try:
            return decode(data)[0]
        finally:
            decoding.WESTERN_MARGIN = saved
    return run


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--half", choices=("A", "B", "all"), default="A")
    ap.add_argument("--limit", type=int, default=0, help="at most this many pages (0: all)")
    ap.add_argument("--margins", default="0,0.05,0.1", help="the rule's margins to try (comma-separated)")
    args = ap.parse_args()
    margins = [float(m) for m in args.margins.split(",")]
    rules: dict[str, Callable[[bytes], str]] = {"before": with_margin(-1.0)}
    rules.update({f"m={m:g}": with_margin(m) for m in margins})
    right: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    wrong_as: Counter[tuple[str, str]] = Counter()
    lost: Counter[tuple[str, str]] = Counter()
    started = time.perf_counter()
    for _h, group, lang, cut, data, expected in cases(args.half, args.limit):
        key = (group, lang if group == "western" else "-", cut if group == "western" else "-")
        right[key]["n"] += 1
        before_ok = True
        for name, fn in rules.items():
            ok = fn(data) == expected
            right[key][name] += ok
            if name == "before":
                before_ok = ok
            elif before_ok and not ok:  # a case the rule loses: right before, wrong with it
                lost[(group, name)] += 1
            if not ok and group == "western" and name == "before":
                wrong_as[(lang, str(detect_single_byte(data, margin=-1.0)))] += 1
    print(f"half {args.half}; {time.perf_counter() - started:.0f} s; exact text back, cases right / cases")
    names = list(rules)
    print(f"{'group':<18} {'lang':<5} {'slice':<6} {'n':>6} " + " ".join(f"{n:>7}" for n in names))
    totals: dict[str, Counter[str]] = defaultdict(Counter)
    for key in sorted(right):
        c = right[key]
        print(f"{key[0]:<18} {key[1]:<5} {key[2]:<6} {c['n']:>6} " + " ".join(f"{c[n]:>7}" for n in names))
        totals[key[0] if not key[0].startswith("native") else "native (all)"].update(c)
        if key[0] == "western":
            totals[f"western, slice {key[2]}"].update(c)
    print()
    for group, c in sorted(totals.items()):
        print(f"{'total ' + group:<31} {c['n']:>6} " + " ".join(f"{c[n]:>7}" for n in names))
    print("\ncases right before and wrong with a margin (group, margin: count):", dict(lost) or "none")
    print("\nwestern cases the current decoder gets wrong, by language and the charset it picks:")
    for (lang, enc), k in wrong_as.most_common(25):
        print(f"  {lang:<5} {enc:<14} {k}")


if __name__ == "__main__":
    main()
