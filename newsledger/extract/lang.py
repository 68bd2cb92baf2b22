"""Language identification (py3langid: a small model shipped inside the package)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, *, min_chars: int = 40, min_prob: float = 0.5) -> str | None:
    """ISO 639-1 code of ``text``, or None where there is too little to tell."""
    sample = text[:5000]
    if len(sample.strip()) < min_chars:
        return None
    lang, prob = _identifier().classify(sample)
    return str(lang) if prob >= min_prob else None
