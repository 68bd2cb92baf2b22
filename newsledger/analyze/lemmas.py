"""A cheap stand-in for spaCy's attribute ruler and lemmatizer.

Attribution needs coarse parts of speech and the lemmas of verbs (to look cues
up) and of a few nouns; the model's rule lemmatizer and attribute ruler cost
about as much as the parser on this machine, so this component derives both
from the tagger's fine-grained tags instead.
"""

from __future__ import annotations

from typing import Any

from newsledger.analyze.cues import ALL_CUE_VERBS

_POS = {
    "NN": "NOUN", "NNS": "NOUN", "NNP": "PROPN", "NNPS": "PROPN", "VB": "VERB", "VBD": "VERB",
    "VBG": "VERB", "VBN": "VERB", "VBP": "VERB", "VBZ": "VERB", "MD": "AUX", "JJ": "ADJ", "JJR": "ADJ",
    "JJS": "ADJ", "AFX": "ADJ", "RB": "ADV", "RBR": "ADV", "RBS": "ADV", "WRB": "ADV", "PRP": "PRON",
    "PRP$": "PRON", "WP": "PRON", "WP$": "PRON", "EX": "PRON", "WDT": "PRON", "DT": "DET", "PDT": "DET",
    "IN": "ADP", "RP": "ADP", "CC": "CCONJ", "CD": "NUM", "TO": "PART", "POS": "PART", "UH": "INTJ",
    "SYM": "SYM", "$": "SYM", "HYPH": "PUNCT", "NFP": "PUNCT", ",": "PUNCT", ".": "PUNCT", ":": "PUNCT",
    "``": "PUNCT", "''": "PUNCT", "-LRB-": "PUNCT", "-RRB-": "PUNCT", "_SP": "SPACE", "ADD": "X",
    "FW": "X", "LS": "X", "XX": "X",
}  # fmt: skip

_AUX_LEMMAS = frozenset({"be", "have", "do"})

_IRREGULAR = {
    "said": "say", "says": "say", "told": "tell", "thought": "think", "knew": "know", "known": "know",
    "saw": "see", "seen": "see", "found": "find", "wrote": "write", "written": "write", "spoke": "speak",
    "spoken": "speak", "heard": "hear", "felt": "feel", "shown": "show", "sought": "seek", "swore": "swear",
    "sworn": "swear", "meant": "mean", "understood": "understand", "led": "lead", "taught": "teach",
    "began": "begin", "begun": "begin", "gave": "give", "given": "give", "took": "take", "taken": "take",
    "made": "make", "held": "hold", "kept": "keep", "left": "leave", "got": "get", "gotten": "get",
    "came": "come", "went": "go", "gone": "go", "stood": "stand", "brought": "bring", "bought": "buy",
    "fought": "fight", "chose": "choose", "chosen": "choose", "drew": "draw", "drawn": "draw",
    "rose": "rise", "risen": "rise", "threw": "throw", "thrown": "throw", "broke": "break",
    "broken": "break", "became": "become", "withdrew": "withdraw", "withdrawn": "withdraw", "laid": "lay",
    "paid": "pay", "sent": "send", "spent": "spend", "built": "build", "lost": "lose", "won": "win",
    "ran": "run", "sat": "sit", "met": "meet", "fled": "flee", "sold": "sell", "dealt": "deal",
    "learnt": "learn", "spelt": "spell", "struck": "strike", "hung": "hang", "shook": "shake",
    "forgot": "forget", "forgotten": "forget", "foresaw": "foresee", "foreseen": "foresee",
    "was": "be", "were": "be", "been": "be", "being": "be", "is": "be", "am": "be", "are": "be",
    "'s": "be", "’s": "be", "'re": "be", "’re": "be", "'m": "be", "’m": "be", "has": "have",
    "had": "have", "having": "have", "'ve": "have", "’ve": "have", "'d": "have", "’d": "have",
    "does": "do", "did": "do", "done": "do", "ca": "can", "wo": "will", "retweeted": "retweete",
}  # fmt: skip

_KNOWN = ALL_CUE_VERBS | _AUX_LEMMAS


def _pick(stem: str, default: str) -> str:
    """The known verb a regular inflection comes from, else ``default``."""
    for cand in (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else ""):
        if cand and cand in _KNOWN:
            return cand
    return default


def verb_lemma(word: str, tag: str) -> str:
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if tag == "VBZ" and w.endswith("s"):
        if w.endswith("ies"):
            return w[:-3] + "y"
        if w.endswith(("ches", "shes", "sses", "xes", "zes", "oes")):
            return _pick(w[:-2], w[:-2])
        return w[:-1]
    if tag in ("VBD", "VBN") and w.endswith("ed"):
        if w.endswith("ied"):
            return w[:-3] + "y"
        return _pick(w[:-2], w[:-1] if w[:-1] in _KNOWN else w[:-2])
    if tag == "VBG" and w.endswith("ing"):
        if w.endswith("ying") and w[:-4] + "ie" in _KNOWN:
            return w[:-4] + "ie"
        return _pick(w[:-3], w[:-3])
    return w


def noun_lemma(word: str) -> str:
    w = word.lower()
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("ses") and len(w) > 4:
        return w[:-2] if w.endswith("sses") else w[:-1]
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def register() -> None:
    """Register the component with spaCy (imported only here: the core install has no spaCy)."""
    from spacy.language import Language

    if "newsledger_tags" not in Language.factories:
        Language.component("newsledger_tags", func=set_pos_and_lemmas)


def set_pos_and_lemmas(doc: Any) -> Any:
    for tok in doc:
        tag = tok.tag_
        pos = _POS.get(tag, "X")
        if tag.startswith("VB"):
            lemma = verb_lemma(tok.text, tag)
            if lemma in _AUX_LEMMAS and tok.dep_ in ("aux", "auxpass"):
                pos = "AUX"
        elif tag in ("NNS", "NNPS"):
            lemma = noun_lemma(tok.text)
        elif tag == "MD":
            lemma = _IRREGULAR.get(tok.lower_, tok.lower_)
        else:
            lemma = tok.lower_ if pos != "PROPN" else tok.text
        tok.pos_ = pos
        tok.lemma_ = lemma
    return doc
