"""Cost of stable entity ids: ``Store.refresh_entities`` now against the rebuild it replaced, same store, same run.

Builds a throwaway SQLite store of N fictional articles (three of 600 invented
people each, written through the store's own write path), then times, round
after round, the old refresh (delete every entity and insert them again, from
git revision ``--old``, main before stable ids) and this checkout's (match each
entity to the stored one and update it in place).  The old rebuild is the
anchor: absolute times move with the load on the shared machine, the ratio
new/old less.

    nice .venv/bin/python bench/entity_refresh.py --articles 3000
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import random
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from newsledger.records import Analysis, Article, Attribution, Document, Span, Speaker
from newsledger.store import Store

ROOT = Path(__file__).resolve().parents[1]
OLD = "18a7bee"  # main just before stable entity ids


def _old_store(rev: str, folder: Path) -> Any:
    src = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:newsledger/store/sqlite.py"], check=True,
                         capture_output=True, text=True).stdout
    path = folder / "old_sqlite.py"
    path.write_text(src, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("old_sqlite", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.Store


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=3000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--old", default=OLD, help="git revision of the rebuild to compare with")
    args = ap.parse_args()
    rng = random.Random(7)
    first = ["Ada", "Bruno", "Cato", "Delia", "Emil", "Fenna", "Goran", "Hedda", "Ivo", "Jana", "Kasper", "Lotte"]
    # names are joined by consonant skeleton and by surname (analyze/entities.py): 600 surnames of distinct
    # skeletons, one person each
    cons = "bdfgklmnprstvz"
    last = [f"{a.upper()}a{b}e{c}in" for a in cons for b in cons for c in cons if len({a, b, c}) == 3][:600]
    people = [f"{first[i % len(first)]} {sur}" for i, sur in enumerate(last)]
    with tempfile.TemporaryDirectory() as tmp:
        old_store = _old_store(args.old, Path(tmp))
        with Store(Path(tmp) / "bench.db") as store:
            for i in range(args.articles):
                text = f"article {i}"
                data = text.encode()
                doc = Document(source=f"{i}.txt", data=data, sha256=hashlib.sha256(data).hexdigest(), text=text)
                sps = [Speaker(p, mentions=[p.split()[1]]) for p in rng.sample(people, 3)]
                atts = [Attribution(kind="indirect", content=Span(0, 1, "a"), speaker=s.name, speaker_mention=s.name)
                        for s in sps]
                store.save(doc, Article(title=text, paragraphs=[text]), Analysis(attributions=atts, speakers=sps),
                           extract_version="x", analyze_version="y")
            print(f"{args.articles} articles, {store.refresh_entities()} entities")
            for rnd in range(args.rounds):
                t0 = time.perf_counter()
                old_store.refresh_entities(store)
                t_old = time.perf_counter() - t0
                t0 = time.perf_counter()
                store.refresh_entities()
                t_new = time.perf_counter() - t0
                print(f"round {rnd}: old {t_old:.3f} s, new {t_new:.3f} s, new/old {t_new / t_old:.2f}")


if __name__ == "__main__":
    main()
