"""Experiment: a CRF (python-crfsuite) that tags source / cue / content over
every token of a paragraph, with the rules' own spans among its features, and
re-draws the boundaries of the rules' attributions from its tags.

    nice /work/main/.venv/bin/python scripts/span_crf_experiment.py [--data ../shared/data/polnear] [--dev]

Slices as for the cue model (scripts/train_cue_model.py): fit on train[0:560],
choose on train[560:700] (which roles to re-draw), report on the guard slice
train[700:] and, with --dev, on dev.  Writes nothing into the package: the
result decides whether a span model ships (docs/attribution.md).
Needs python-crfsuite (the ``bench`` extra).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from _polnear_slices import FIT, ROOT, TUNE  # sets thread counts and paths first

ROLES = ("cue", "source", "content")  # label priority where gold roles nest


def _role_of(chars: dict[int, str], start: int, end: int) -> str:
    roles = {chars.get(i) for i in range(start, end)} - {None}
    for r in ROLES:
        if r in roles:
            return r
    return "O"


def _char_roles(triples: Sequence[Any]) -> dict[int, str]:
    out: dict[int, str] = {}
    for role in reversed(ROLES):  # cue written last: it wins
        for t in triples:
            for s, e in getattr(t, role):
                for i in range(s, e):
                    out[i] = role
    return out


def _bio(roles: list[str]) -> list[str]:
    out = []
    prev = "O"
    for r in roles:
        out.append("O" if r == "O" else ("I-" if r == prev else "B-") + r)
        prev = r
    return out


def _token_features(doc: Any, offset: int, quotes: Sequence[Any], rule: list[str]) -> list[list[str]]:
    from newsledger.analyze.cuemodel import _lex, load_cue_model

    model = load_cue_model()
    feats: list[list[str]] = []
    for tok in doc:
        in_quote = any(q.start <= tok.idx < q.end for q in quotes)
        f = [
            "bias",
            f"w={_lex(tok)}",
            f"pos={tok.pos_}",
            f"tag={tok.tag_}",
            f"dep={tok.dep_}",
            f"hpos={tok.head.pos_}",
            f"hdep={tok.head.dep_}",
            f"q={in_quote}",
            f"punct={tok.is_punct}",
            f"sstart={tok.is_sent_start}",
            f"rule={rule[tok.i]}",
            f"left_of_head={tok.i < tok.head.i}",
        ]
        if tok.pos_ == "VERB" and model is not None:
            f.append(f"cuep={round(model.probability(tok, in_quote), 1)}")
        for d in (-2, -1, 1, 2):
            j = tok.i + d
            if 0 <= j < len(doc):
                o = doc[j]
                f += [f"{d}:w={_lex(o)}", f"{d}:pos={o.pos_}", f"{d}:rule={rule[j]}"]
            else:
                f.append(f"{d}:edge")
        feats.append(f)
    return feats


def sequences(arts: Sequence[Any]) -> tuple[list[Any], list[Any]]:
    """Per paragraph unit: (features, gold labels, token char spans in the article);
    and the rules' analyses, for re-drawing."""
    from attribution import run_newsledger, to_triples

    from newsledger.analyze.quotes import quotes_by_paragraph

    run = run_newsledger(arts)
    seqs = []
    for art, (units, docs, _title), an in zip(arts, run.parsed, run.analyses, strict=True):
        gold = _char_roles(art.attributions)
        pred = _char_roles(to_triples(an))
        quotes = quotes_by_paragraph([u.text for u in units])
        art_seqs = []
        for unit, doc, qs in zip(units, docs, quotes, strict=True):
            spans = [(unit.offset + t.idx, unit.offset + t.idx + len(t.text)) for t in doc]
            rule = _bio([_role_of(pred, s, e) for s, e in spans])
            labels = _bio([_role_of(gold, s, e) for s, e in spans])
            art_seqs.append((_token_features(doc, unit.offset, qs, rule), labels, spans))
        seqs.append(art_seqs)
    return seqs, run.analyses


def _segments(labels: Sequence[str], spans: Sequence[tuple[int, int]]) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {r: [] for r in ROLES}
    cur: tuple[str, int, int] | None = None
    for lab, (s, e) in zip(labels, spans, strict=True):
        if lab == "O" or lab.startswith("B-") or (cur is not None and lab[2:] != cur[0]):
            if cur is not None:
                out[cur[0]].append((cur[1], cur[2]))
            cur = None if lab == "O" else (lab[2:], s, e)
        elif cur is None:
            cur = (lab[2:], s, e)
        else:
            cur = (cur[0], cur[1], e)
    if cur is not None:
        out[cur[0]].append((cur[1], cur[2]))
    return out


def redraw(triples: list[Any], segs: dict[str, list[tuple[int, int]]], roles: Sequence[str]) -> list[Any]:
    """Each rule span in ``roles`` becomes the CRF segment of that role that
    overlaps it most (kept as it is where none overlaps)."""
    from attribution import overlap
    from polnear import Triple

    out = []
    for t in triples:
        new = {r: getattr(t, r) for r in ("source", "cue", "content")}
        for r in roles:
            if not new[r]:
                continue
            best = max(segs[r], key=lambda g, r=r: overlap(new[r], (g,)), default=None)
            if best is not None and overlap(new[r], (best,)) > 0:
                new[r] = (best,)
        out.append(Triple(source=new["source"], cue=new["cue"], content=new["content"], speaker=t.speaker))
    return out


def evaluate(tagger: Any, arts: Sequence[Any], seqs: list[Any], analyses: list[Any], roles: Sequence[str]) -> Any:
    from attribution import Scores, score_article, to_triples

    scores = Scores()
    for art, art_seqs, an in zip(arts, seqs, analyses, strict=True):
        segs: dict[str, list[tuple[int, int]]] = {r: [] for r in ROLES}
        for feats, _labels, spans in art_seqs:
            for r, ss in _segments(tagger.tag(feats), spans).items():
                segs[r] += ss
        triples = to_triples(an)
        score_article(art.text, redraw(triples, segs, roles) if roles else triples, art.attributions, scores)
    return scores


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "polnear")
    ap.add_argument("--dev", action="store_true", help="also report on dev")
    ap.add_argument("--model", type=Path, default=Path("/tmp/span_crf.crfsuite"))
    args = ap.parse_args()
    import pycrfsuite
    from attribution import select

    t0 = time.perf_counter()
    train = select(args.data / "train")
    fit, tune, guard = train[:FIT], train[FIT:TUNE], train[TUNE:]
    fit_seqs, _ = sequences(fit)
    trainer = pycrfsuite.Trainer(verbose=False)
    for art_seqs in fit_seqs:
        for feats, labels, _spans in art_seqs:
            trainer.append(feats, labels)
    trainer.set_params({"c1": 0.1, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True})
    trainer.train(str(args.model))
    print(f"trained in {time.perf_counter() - t0:.0f} s; {args.model.stat().st_size / 1e6:.1f} MB", flush=True)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(args.model))
    keys = ["source/overlap", "cue/exact", "cue/overlap", "content/exact", "content/overlap", "attribution/overlap"]
    choices = [(), ("content",), ("source",), ("cue",), ("source", "content"), ("source", "cue", "content")]
    for name, arts in (("tune", tune), ("guard", guard), *((("dev", select(args.data / "dev")),) if args.dev else ())):
        seqs, analyses = sequences(arts)
        for roles in choices:
            sc = evaluate(tagger, arts, seqs, analyses, roles)
            row = " ".join(f"{k} {sc.get(k).prf()[2]:.3f}" for k in keys)
            print(f"{name} redraw={'+'.join(roles) or 'none'}: {row}", flush=True)


if __name__ == "__main__":
    main()
