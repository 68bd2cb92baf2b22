"""Language identification on the shared extraction pages: newsledger's detector against py3langid alone.

    .venv/bin/python bench/language.py [--data ../shared/data/extraction]
                                       [--snippets ../shared/data/extraction-snippets]

Every HTML page and text dump of both sets is extracted (``newsledger.extract``
as ingest and ``extract`` run it) and its language compared with what the
rule of extract/7 gave (py3langid on every text: the declared language
overruled at p >= 0.99 over 200+ characters; undeclared text given py3langid's
answer at p >= 0.5).  Prints the counts, how many pages had their declared
language overruled by each, and every page where the two differ, with the
start of its text, for a person to judge which is right.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from newsledger.extract import OVERRULE_MIN_CHARS, OVERRULE_MIN_PROB, extract  # noqa: E402
from newsledger.extract.html import extract_html  # noqa: E402
from newsledger.extract.lang import MAX_CHARS  # noqa: E402
from newsledger.extract.text import extract_text  # noqa: E402
from newsledger.ingest import to_document  # noqa: E402
from newsledger.ingest.sources import RawInput  # noqa: E402
from newsledger.records import Document  # noqa: E402


def _py3langid_rule(declared: str | None, text: str) -> str | None:
    """What extract/7 answered (py3langid on everything)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    global _LI
    if _LI is None:
        _LI = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    sample = text[:MAX_CHARS]
    if declared is None:
        if len(sample.strip()) < 40:
            return None
        lang, prob = _LI.classify(sample)
        return str(lang) if prob >= 0.5 else None
    if len(sample.strip()) < OVERRULE_MIN_CHARS:
        return declared
    lang, prob = _LI.classify(sample)
    return str(lang) if prob >= OVERRULE_MIN_PROB and lang != declared else declared


_LI = None


def _docs(folder: Path) -> list[Document]:
    docs = []
    for p in sorted(folder.glob("*")):
        data = p.read_bytes()
        if p.suffix == ".gz":
            data = gzip.decompress(data)
        doc = to_document(RawInput(p.name, data))
        if isinstance(doc, Document):
            docs.append(doc)
    return docs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "extraction")
    ap.add_argument("--snippets", type=Path, default=ROOT.parent / "shared" / "data" / "extraction-snippets")
    ap.add_argument("--paragraphs", action="store_true",
                    help="also score each detector on single paragraphs against the kept declarations")
    args = ap.parse_args(argv)
    sets = [(f"{d.name}/{shape}", d / shape) for d in (args.data, args.snippets) for shape in ("html", "text")]
    sets = [(name, folder) for name, folder in sets if folder.is_dir()]
    if not sets:
        print(f"no extraction data at {args.data} or {args.snippets}", file=sys.stderr)
        return 2
    for name, folder in sets:
        docs = _docs(folder)
        base_extract = extract_html if name.endswith("html") else extract_text
        n = declared_n = overruled_new = overruled_old = 0
        differ: list[str] = []
        t0 = time.perf_counter()
        for doc in docs:
            article = extract(doc)
            if not article.paragraphs:
                continue
            n += 1
            declared = base_extract(doc.text, doc.url).language
            declared_n += declared is not None
            old = _py3langid_rule(declared, article.text)
            overruled_new += declared is not None and article.language != declared
            overruled_old += declared is not None and old != declared
            if old != article.language:
                start = " ".join(article.text[:160].split())
                differ.append(f"  {doc.source[:24]:24} declared {declared!s:5} py3langid {old!s:5} "
                              f"newsledger {article.language!s:5} ({len(article.text)} chars) {start!r}")
        print(f"{name}: {n} pages with a body, {declared_n} declaring a language; declaration overruled "
              f"by newsledger on {overruled_new}, by the py3langid rule on {overruled_old}; "
              f"{len(differ)} answers differ ({time.perf_counter() - t0:.1f} s)")
        for line in differ:
            print(line)
        if args.paragraphs and name.endswith("html"):
            _paragraphs(docs)
    return 0


def _paragraphs(docs: list[Document]) -> None:
    """Each paragraph (40+ characters, 30 a page) of pages whose declaration stands, by length."""
    import gcld3

    _py3langid_rule(None, "")  # loads the model
    assert _LI is not None
    cld3 = gcld3.NNetLanguageIdentifier(min_num_bytes=0, max_num_bytes=5000)
    ok: dict[str, list[int]] = {}
    for doc in docs:
        article = extract(doc)
        declared = extract_html(doc.text, doc.url).language
        if declared is None or article.language != declared:
            continue
        for para in article.paragraphs[:30]:
            if len(para) < 40:
                continue
            bucket = "40-99" if len(para) < 100 else "100-199" if len(para) < 200 else "200+"
            lang, prob = _LI.classify(para)
            result = cld3.FindLanguage(text=para)
            c3 = result.language.split("-")[0] if result.is_reliable else None
            counts = ok.setdefault(bucket, [0, 0, 0])
            counts[0] += 1
            counts[1] += int(prob >= 0.5 and lang == declared)
            counts[2] += int(c3 == declared)
    for bucket, (n, py3, c3) in ok.items():
        print(f"  paragraphs of {bucket} characters: {n}; right by py3langid {py3 / n:.3f}, by CLD3 {c3 / n:.3f}")


if __name__ == "__main__":
    raise SystemExit(main())
