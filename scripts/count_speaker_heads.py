"""Count the head nouns behind the speaker-kind word lists (newsledger.analyze.speakers).

Reads PolNeAR train (../shared/data/polnear/train) minus its last 140 articles
(the guard slice), parses each paragraph that holds a gold Source span (spaCy
model via ``load_nlp``, NER on) and counts:

* ``org``: head lemmas of spaCy ORG entities ("the Foreign Office" -> office);
* ``person``: the same lemma heading a PERSON entity, or heading a gold source
  that names a person in it (a PERSON entity inside the span: "a spokesman, Jan Ode");
* ``noun``: lower-case common-noun uses of the lemma;
* ``source``: common-noun heads of gold Source spans;
* ``info``: heads of gold Source spans followed by "from/by/of X";
* ``named``: any lower-case noun followed by "from/by/of" a name (proper noun, PERSON or ORG).

    PYTHONPATH=$PWD nice .venv/bin/python scripts/count_speaker_heads.py [--limit N]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))


def _names_someone(prep: Any) -> bool:
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    return pobj is not None and (pobj.pos_ == "PROPN" or pobj.ent_type_ in ("PERSON", "ORG"))


def main() -> None:
    from polnear import read_split

    from newsledger.analyze.model import load_nlp

    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    ap.add_argument("--top", type=int, default=80)
    ap.add_argument("--words", nargs="*", default=[], help="print org/person/noun/source/info counts of these")
    ap.add_argument("--min", type=int, default=5, help="least ORG-head count for an organisation head")
    args = ap.parse_args()
    arts = list(read_split(ROOT.parent / "shared" / "data" / "polnear" / "train"))[:-140]
    if args.limit:
        arts = arts[: args.limit]
    nlp = load_nlp()
    nlp.enable_pipe("ner")
    org: Counter[str] = Counter()
    person: Counter[str] = Counter()
    source: Counter[str] = Counter()
    info: Counter[str] = Counter()
    named: Counter[str] = Counter()  # "<noun> from/by/of <a name>" anywhere in those paragraphs
    noun: Counter[str] = Counter()  # lower-case common-noun uses: the rule applies to those only
    paras: list[tuple[int, str, list[tuple[int, int]]]] = []
    for art in arts:
        pos = 0
        for para in art.text.split("\n"):
            lo, hi = pos, pos + len(para)
            pos = hi + 1
            srcs = [(a - lo, b - lo) for t in art.attributions for a, b in t.source[:1] if lo <= a and b <= hi]
            if srcs and para.strip():
                paras.append((0, para, srcs))
    print(f"{len(arts)} articles, {len(paras)} paragraphs with a gold source", file=sys.stderr)
    for doc, (_, _, srcs) in zip(nlp.pipe(p for _, p, _ in paras), paras, strict=True):
        for ent in doc.ents:
            if ent.label_ in ("ORG", "PERSON"):
                (org if ent.label_ == "ORG" else person)[ent.root.lemma_.lower()] += 1
        for tok in doc:
            if tok.pos_ == "NOUN" and tok.text.islower():
                noun[tok.lemma_] += 1
                preps = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("from", "by", "of")]
                if any(_names_someone(c) for c in preps):
                    named[tok.lemma_] += 1
        for a, b in srcs:
            span = doc.char_span(a, b, alignment_mode="expand")
            if span is None or span.root.pos_ != "NOUN":
                continue
            head = span.root
            lemma = head.lemma_.lower()
            source[lemma] += 1
            if any(e.label_ == "PERSON" for e in span.ents):
                person[lemma] += 1
            if any(c.dep_ == "prep" and c.lower_ in ("from", "by", "of") and c.i > head.i for c in head.children):
                info[lemma] += 1
    for name, c in (("org", org), ("person", person), ("source", source), ("info", info), ("named", named)):
        print(name, " ".join(f"{w}:{n}" for w, n in c.most_common(args.top)))
    # Organisation heads: ORG head at least --min times, a person at most a fifth as often,
    # and used as a lower-case common noun (the only place the rule applies).
    # and as often as a tenth of its lower-case uses (else the word mostly means something else: "time").
    heads = sorted(w for w, n in org.items() if n >= args.min and person[w] * 5 <= n and n * 10 >= noun[w] >= 1)
    print(f"org heads (org>={args.min}, person<=org/5, org>=noun/10, noun>=1), org/person/noun:",
          " ".join(f"{w}:{org[w]}/{person[w]}/{noun[w]}" for w in heads))
    if args.words:
        cols = (org, person, noun, source, info, named)
        asked = " ".join(f"{w}:" + "/".join(str(c[w]) for c in cols) for w in args.words)
        print("asked (org/person/noun/source/info/named):", asked)


if __name__ == "__main__":
    main()
