"""Headline casing that hides verbs from the tagger.

"Conservative Icon Endorses Ted Cruz" and "EXPERTS DOWNPLAY LAUNCH" are tagged
as strings of proper nouns, so the cue verb is never seen.  In a paragraph set
in title case or capitals, words that inflect a known cue verb are lower-cased
before parsing.  Only the case changes, so every character offset into the
parsed text is an offset into the original.
"""

from __future__ import annotations

import re
from functools import lru_cache

from newsledger.analyze.cuemodel import load_cue_model
from newsledger.analyze.cues import ALL_CUE_VERBS
from newsledger.analyze.lemmas import verb_lemma

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# At least this many words, and this share of them capitalised, make a headline.
MIN_WORDS = 4
MIN_CAPITALISED = 0.7
_SMALL = frozenset({"a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "by", "with", "as"})


@lru_cache(maxsize=1)
def _cue_lemmas() -> frozenset[str]:
    model = load_cue_model()
    learned: set[str] = set()
    if model is not None:
        learned = {k[6:] for k, v in model.weights.items() if k.startswith("lemma=") and v > 0}
    return frozenset(ALL_CUE_VERBS | learned)


def _is_cue_form(word: str) -> bool:
    lemmas = _cue_lemmas()
    return any(verb_lemma(word, tag) in lemmas for tag in ("VBZ", "VBD", "VBG", "VB"))


def headline_case(text: str) -> str:
    """``text`` with cue-verb words lower-cased if it is set as a headline."""
    words = [m for m in _WORD.finditer(text) if m.group().lower() not in _SMALL]
    if len(words) < MIN_WORDS:
        return text
    capitalised = sum(1 for m in words if m.group()[0].isupper())
    if capitalised / len(words) < MIN_CAPITALISED:
        return text
    out = list(text)
    # The first word is more often a name than a verb ("Hope Hicks Says ...").
    for m in words[1:]:
        word = m.group()
        if word[0].isupper() and _is_cue_form(word.lower()):
            out[m.start() : m.end()] = word.lower()
    return "".join(out)
