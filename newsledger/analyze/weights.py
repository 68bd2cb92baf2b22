"""Linear models shipped as JSON beside the analysers (cue, noun cue and content models).

Each file holds ``weights`` (feature -> weight) and the model's own decision constants, with a manifest; the
pipeline reads only the JSON (no scikit-learn or pickle at run time).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from importlib import resources
from itertools import repeat
from typing import Any


def shipped(name: str) -> dict[str, Any] | None:
    """The model file ``name`` of ``newsledger.analyze``, parsed; None where it has not been trained."""
    try:
        text = resources.files("newsledger.analyze").joinpath(name).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return None
    data: dict[str, Any] = json.loads(text)
    return data


def weights_of(data: dict[str, Any]) -> dict[str, float]:
    return {str(k): float(v) for k, v in data["weights"].items()}


def logistic(weights: dict[str, float], feats: Iterable[str]) -> float:
    """The probability a logistic regression gives to these features (the sum clamped to +-30)."""
    # map() over dict.get, not a generator: the same sums in the same order, without a Python frame per feature
    # (the generator was 6% of the passes' time on PolNeAR dev, 2026-12-02, session 11)
    z = sum(map(weights.get, feats, repeat(0.0)))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
