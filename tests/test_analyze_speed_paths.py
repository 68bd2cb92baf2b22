"""The faster paths of the attribution passes give the same answers as the plain spaCy and regex calls they
replaced (session 11, 2026-12-02), on small fictional paragraphs and strings.

The whole-output check is the repr of every Analysis on PolNeAR dev and train[700:840] (docs/attribution.md);
these hold each shortcut to its plain computation where that check would not say which one broke.
"""

from __future__ import annotations

import math

import pytest

pytest.importorskip("spacy")

from newsledger.analyze import _parse
from newsledger.analyze.found import doc_text, sentence_of, span_text
from newsledger.analyze.hedges import _KEYS, _has_key
from newsledger.analyze.paragraph import _LEXICAL_WORDS, candidates
from newsledger.analyze.weights import logistic

# Fictional paragraphs: several sentences, a quotation, a title-case headline (lower-cased before parsing),
# runs of spaces and a tab, which spaCy keeps as tokens of their own.
_PARAGRAPHS = [
    "Harbourmaster Joel Takarua said the pier would reopen. “It is safe,” he told the Eastmere Courier.  Others"
    " were less sure.",
    "Council Denies Claim That Ferry Fares Will Rise",
    "The report, which was published on Tuesday, found 40 percent of berths empty.\tOfficials disputed it.",
    "Marta Quellwood insisted the survey was flawed; critics called her statement a stunt. Nobody replied.",
    "A single line with no full stop",
]


@pytest.fixture(scope="module")
def docs() -> list:  # type: ignore[type-arg]
    parsed = _parse(_PARAGRAPHS, [None] * len(_PARAGRAPHS))
    return [doc for _units, unit_docs, _title in parsed for doc in unit_docs]


def test_kept_text_is_the_docs_text(docs: list) -> None:  # type: ignore[type-arg]
    assert len(docs) == len(_PARAGRAPHS)
    for doc in docs:
        assert "newsledger_text" in doc.user_data  # kept by _parse, not joined again
        assert doc_text(doc) == doc.text


def test_sentence_of_is_token_sent(docs: list) -> None:  # type: ignore[type-arg]
    checked = 0
    for doc in docs:
        for tok in doc:
            mine, plain = sentence_of(tok), tok.sent
            assert (mine.start, mine.end) == (plain.start, plain.end), (doc.text, tok.i)
            assert span_text(mine) == plain.text
            checked += 1
    assert checked > 60
    assert len(list(docs[0].sents)) >= 2  # the lookup is tried across sentence boundaries


def test_span_text_is_span_text(docs: list) -> None:  # type: ignore[type-arg]
    for doc in docs:
        for lo in range(len(doc)):
            for hi in range(lo + 1, min(len(doc), lo + 8) + 1):
                assert span_text(doc[lo:hi]) == doc[lo:hi].text


def test_candidates_as_with_numpy_isin(docs: list) -> None:  # type: ignore[type-arg]
    import numpy
    from spacy.strings import get_string_id
    from spacy.symbols import ADJ, AUX, NOUN, VERB

    ids = numpy.array([get_string_id(w) for w in _LEXICAL_WORDS], dtype=numpy.uint64)
    for doc in docs:
        pos, lower = doc.to_array("POS"), doc.to_array("LOWER")
        lexical = ((pos == ADJ) | (pos == NOUN)) & numpy.isin(lower, ids)
        according = doc.vocab.strings["according"]
        plain = [int(i) for i in ((pos == VERB) | (pos == AUX) | (lower == according) | lexical).nonzero()[0]]
        assert candidates(doc) == plain
    # the paragraphs hold lexicon words, so the set lookup is exercised, not only the verbs
    assert any(t.lower_ in _LEXICAL_WORDS for doc in docs for t in doc)


@pytest.mark.parametrize(
    "text",
    [
        "Officials DENIED it.",
        "The figures could not be Independently Confirmed.",
        "He was said to be abroad.",
        "nothing hedged here at all",
        "The claim is old.",
        # Unicode case-folding matches more than str.lower: the long s and the Kelvin sign
        "Officials diſmiss it.",
        "A \u212aey figure was Reported.",
        "İnsisted, she said.",
    ],
)
def test_hedge_keys_as_the_regex(text: str) -> None:
    lower = text.lower() if text.isascii() else None
    for hedge, key in _KEYS.items():
        assert _has_key(hedge, text, lower) == (key.search(text) is not None), (hedge, text)


def test_logistic_sums_as_before() -> None:
    weights = {"bias": -0.25, "lemma=say": 1.5, "dep=ROOT": 0.125}
    feats = ["bias", "lemma=say", "unknown", "dep=ROOT", "lemma=say"]
    z = sum(weights.get(f, 0.0) for f in feats)
    assert logistic(weights, feats) == 1.0 / (1.0 + math.exp(-z))
