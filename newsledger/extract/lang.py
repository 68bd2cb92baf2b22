"""Language identification: CLD3 on texts of 200 characters or more, py3langid on shorter ones.

CLD3 (package ``cld3-py``, import name ``gcld3``) has its small neural model
compiled into its extension module: a detector is ready in about a
millisecond and reads a page in under one.  py3langid spends 0.5-0.7 s
decompressing its 68 MB model in every process that uses it, which was half
of a whole ``newsledger extract`` run over 91 pages (issue #15).  On short
texts CLD3 is less sure of itself (it calls "Harrowgate called the plan a
"cheap fix." Scottish Gaelic, reliably), and that is where a wrong answer
costs most (``analyze`` skips non-English text), so texts under
``CLD3_MIN_CHARS`` keep py3langid and its behaviour; a run over news pages
rarely meets one and never loads its model.  The comparison on the shared
pages is in docs/extraction.md ("Language identification").
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

# Text read per call: the first 5000 characters, as before.  CLD3 reads the
# first 2000 of them (and at most 2000 bytes of UTF-8): its cost grows with
# the text it is given, and on the 564 shared HTML pages its answers at 2000
# are those at 5000, at half the time (docs/extraction.md).
MAX_CHARS = 5000
CLD3_MAX_CHARS = 2000
# Below this many characters py3langid decides.  The same length as the
# declared-language rule's minimum (extract/__init__.py), so that rule always
# runs on CLD3.
CLD3_MIN_CHARS = 200
# py3langid's answer counts from this probability (its norm_probs).
PY3LANGID_MIN_PROB = 0.5

# CLD3 answers with a few codes other than the ISO 639-1 ones py3langid gives:
# its old code for Hebrew, and "-Latn" for a language written in Latin script
# ("zh-Latn": pinyin beside Chinese lyrics on a snippet page).
_CODES = {"iw": "he"}

_local = threading.local()


def _cld3() -> Any:
    # One detector per thread: CLD3's detector keeps scratch state between
    # calls, and `serve` extracts in worker threads.
    det = getattr(_local, "det", None)
    if det is None:
        from gcld3 import NNetLanguageIdentifier

        det = _local.det = NNetLanguageIdentifier(min_num_bytes=0, max_num_bytes=CLD3_MAX_CHARS)
    return det


@lru_cache(maxsize=1)
def _py3langid() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _code(language: str) -> str:
    primary = language.split("-", 1)[0]
    return _CODES.get(primary, primary)


def detect_language(text: str, *, min_chars: int = 40, min_prob: float | None = None) -> str | None:
    """ISO 639-1 code of ``text``, or None where there is too little to tell.

    Without ``min_prob`` an answer counts when CLD3 calls it reliable (its own
    rule: probability 0.7 or more, 0.5 for Croatian and Bosnian), or, on short
    texts, when py3langid gives it 0.5 or more; with ``min_prob``, when the
    detector's probability reaches it.
    """
    sample = text[:MAX_CHARS]
    if len(sample.strip()) < min_chars:
        return None
    if len(sample) < CLD3_MIN_CHARS:
        lang, prob = _py3langid().classify(sample)
        return str(lang) if prob >= (PY3LANGID_MIN_PROB if min_prob is None else min_prob) else None
    result = _cld3().FindLanguage(text=sample[:CLD3_MAX_CHARS])
    language = str(result.language)
    if language == "und":
        return None
    ok = bool(result.is_reliable) if min_prob is None else float(result.probability) >= min_prob
    return _code(language) if ok else None
