"""Keep or drop a whole proposed attribution: a linear model over what the rules found.

The rules decide cue by cue; this model looks at each attribution they proposed in a paragraph as a whole
(rule ``attribution_filter``): which rule found it, the cue's word and part of speech, the cue model's
probability, whether there is a source and what kind (pronoun, name, common noun, none), the content's
length, shape and distance from the cue, where the cue sits in its sentence, and the cue's own hedges
(negation, modals).  Trained on PolNeAR train[:560], threshold chosen end to end on train[560:700]
(``scripts/train_attribution_filter.py``); the weights ship as JSON with a manifest.

Features generalise beyond one news cycle: no word of the source or content ever becomes a feature, and
the cue's own word passes through ``cuemodel._lex`` (a name, @handle, #hashtag, URL or number becomes its
class); the training script also drops any feature holding a word written capitalised more often than
not in the training text.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from newsledger import settings
from newsledger.analyze.cuemodel import _lex, load_cue_model
from newsledger.analyze.found import Found, doc_text, sentence_of
from newsledger.analyze.quotes import ALL_MARKS, Quote
from newsledger.analyze.weights import logistic, shipped, weights_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Words of a cue that hedge or negate it ("did not say", "may claim"): the closed classes of English
# modals and negators, not counted from any corpus.
_NEGATORS = frozenset({"not", "n't", "never", "no"})
_MODALS = frozenset({"may", "might", "could", "would", "should", "can", "will", "must"})
_PERSONAL = frozenset({"he", "she", "they", "i", "we", "it", "you", "who", "him", "her", "them", "us", "me"})


def _bin(n: int, edges: Sequence[int]) -> str:
    """``n`` as the first edge it does not exceed ("<=3"), or ">last"."""
    for e in edges:
        if n <= e:
            return f"<={e}"
    return f">{edges[-1]}"


def _span(doc: Doc, rng: tuple[int, int] | None) -> Span | None:
    if rng is None or rng[0] >= rng[1]:
        return None
    return doc.char_span(rng[0], rng[1], alignment_mode="expand")


def _cue_head(doc: Doc, f: Found) -> Token | None:
    if f.cue_root is not None:
        return f.cue_root
    span = _span(doc, f.cue)
    return span.root if span is not None and len(span) else None


def _source_kind(f: Found, doc: Doc) -> str:
    root = f.source_root
    if root is None:
        span = _span(doc, f.source)
        root = span.root if span is not None and len(span) else None
    if root is None:
        return "none"
    if root.lower_ in _PERSONAL or root.tag_ in ("PRP", "WP"):
        return "pron"
    if root.pos_ == "PROPN":
        return "name"
    if root.pos_ == "NOUN":
        return "noun"
    return "other"


def _content_shape(text: str, f: Found, content: Span | None) -> str:
    if f.content_follows:
        return "next_paragraph"
    if content is None:
        return "none"
    lo, hi = f.content
    # A quotation's content may come with or without its marks.
    if any(text[i] in ALL_MARKS for i in (lo, hi - 1, max(0, lo - 1), min(len(text) - 1, hi)) if 0 <= i < len(text)):
        return "quoted"
    root = content.root
    if root.pos_ in ("VERB", "AUX"):
        return "clause"
    return f"phrase_{root.pos_}"


def features(doc: Doc, quotes: Sequence[Quote], found: Sequence[Found], f: Found) -> list[str]:
    """The features of one proposed attribution ``f`` among the paragraph's ``found``."""
    text = doc_text(doc)
    origin = f.origin.split("+")
    base = origin[0]
    feats = ["bias", f"origin={base}", f"kind={f.kind}"]
    feats += [f"stage={o}" for o in origin[1:]]
    head = _cue_head(doc, f)
    cue = _span(doc, f.cue)
    if head is not None:
        lemma = _lex(head, word=head.lemma_.lower())
        feats += [
            f"lemma={lemma}",
            f"pos={head.pos_}",
            f"tag={head.tag_}",
            f"dep={head.dep_}",
            f"origin+lemma={base}|{lemma}",
            f"origin+pos={base}|{head.pos_}",
        ]
    model = load_cue_model()
    if model is not None and f.cue_root is not None and f.cue_root.pos_ in ("VERB", "AUX"):
        in_quote = any(q.start <= f.cue_root.idx < q.end for q in quotes)
        p = model.probability(f.cue_root, in_quote)
        feats.append(f"cue_p={min(9, int(p * 10))}")
        feats.append(f"origin+cue_p={base}|{min(9, int(p * 10))}")
    else:
        feats.append("cue_p=none")
    if cue is not None:
        words = {t.lower_ for t in cue}
        feats.append(f"cue_len={_bin(len(cue), (1, 2, 3, 5))}")
        feats.append(f"cue_neg={bool(words & _NEGATORS)}")
        feats.append(f"cue_modal={bool(words & _MODALS)}")
        sent = sentence_of(cue[0])
        feats.append(f"cue_at={_bin(cue.start - sent.start, (0, 1, 3, 6, 12))}")
        feats.append(f"cue_to_end={_bin(sent.end - cue.end, (1, 2, 4, 8, 16))}")
        near = text[max(0, f.cue[0] - 4) : f.cue[1] + 4] if f.cue else ""
        feats.append(f"near_quote={any(m in near for m in ALL_MARKS)}")
    src = _source_kind(f, doc)
    feats.append(f"source={src}")
    if head is not None:
        feats.append(f"lemma+source={_lex(head, word=head.lemma_.lower())}|{src}")
    if f.source is not None and f.cue is not None and f.source[0] < f.source[1]:
        feats.append(f"source_after={f.source[0] >= f.cue[1]}")
    content = _span(doc, f.content)
    shape = _content_shape(text, f, content)
    feats.append(f"content={shape}")
    feats.append(f"origin+content={base}|{shape}")
    feats.append(f"source+content={src}|{shape}")
    if content is not None:
        feats.append(f"content_len={_bin(len(content), (1, 2, 4, 8, 16, 32))}")
        if f.cue is not None:
            if f.content[0] >= f.cue[1]:
                gap = len(doc.char_span(f.cue[1], f.content[0], alignment_mode="expand") or ())
                where = f"after{_bin(gap, (0, 1, 3, 8))}"
            elif f.content[1] <= f.cue[0]:
                gap = len(doc.char_span(f.content[1], f.cue[0], alignment_mode="expand") or ())
                where = f"before{_bin(gap, (0, 1, 3, 8))}"
            else:
                where = "around"
            feats.append(f"content_at={where}")
            feats.append(f"content_at+shape={where}|{shape}")
    # The sentence's other attributions: several cues in one sentence, and a cue inside another's content.
    same = [g for g in found if g is not f and g.sentence == f.sentence]
    feats.append(f"others={_bin(len(same), (0, 1, 2))}")
    if f.cue is not None:
        cue0 = f.cue[0]
        inside = any(g.content[0] <= cue0 < g.content[1] for g in found if g is not f)
        feats.append(f"inside_other={inside}")
    feats.append(f"quoted_sentence={any(q.start < f.sentence[1] and f.sentence[0] < q.end for q in quotes)}")
    return feats


class AttributionFilter:
    def __init__(self, weights: dict[str, float], threshold: float) -> None:
        self.weights = weights
        self.threshold = threshold

    def probability(self, doc: Doc, quotes: Sequence[Quote], found: Sequence[Found], f: Found) -> float:
        return logistic(self.weights, features(doc, quotes, found, f))

    def keep(self, doc: Doc, quotes: Sequence[Quote], found: Sequence[Found], f: Found) -> bool:
        return self.probability(doc, quotes, found, f) >= self.threshold


@lru_cache(maxsize=1)
def load_attribution_filter() -> AttributionFilter | None:
    """The shipped model, or None where it has not been trained."""
    data = shipped(settings.ATTRIBUTION_FILTER_MODEL_FILE)
    if data is None:
        return None
    return AttributionFilter(weights_of(data), float(data["threshold"]))


def active_attribution_filter() -> AttributionFilter | None:
    """The filter the rule uses: the shipped one unless ``settings.USE_ATTRIBUTION_FILTER`` is off."""
    return load_attribution_filter() if settings.USE_ATTRIBUTION_FILTER else None
