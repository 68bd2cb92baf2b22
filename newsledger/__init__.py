"""newsledger: who said what, when, how sure, and who copied whom.

The Python API (docs/api.md)::

    import newsledger
    article = newsledger.extract(html_or_text, url=None)   # -> Article
    analysis = newsledger.analyze(article)                  # -> Analysis (needs the nlp extra)
    with newsledger.open("newsledger.db") as store:         # queries
        store.articles(search="ferry")

Everything is imported on first use, so ``import newsledger`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

__all__ = ["Analysis", "Article", "ExtractError", "ModelMissingError", "StoreError", "__version__", "analyze",
           "extract", "open"]

_LAZY = {
    "extract": ("newsledger.extract", None),
    "analyze": ("newsledger.analyze", None),
    "open": ("newsledger.api", "open"),
    "Article": ("newsledger.records", "Article"),
    "Analysis": ("newsledger.records", "Analysis"),
    "ExtractError": ("newsledger.extract", "ExtractError"),
    "ModelMissingError": ("newsledger.analyze.model", "ModelMissingError"),
    "StoreError": ("newsledger.store", "StoreError"),
}


def __getattr__(name: str) -> Any:
    # ``extract`` and ``analyze`` are the stage packages, made callable as the
    # API functions (newsledger/api.py); importing them binds the name here.
    if name not in _LAZY:
        raise AttributeError(f"module 'newsledger' has no attribute {name!r}")
    module, attr = _LAZY[name]
    mod = importlib.import_module(module)
    return mod if attr is None else getattr(mod, attr)
