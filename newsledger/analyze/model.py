"""Loading the English spaCy model, once per process."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from newsledger.settings import DEFAULT_SPACY_MODEL, SPACY_MODEL_ENV, spacy_model

# The pinned default; NEWSLEDGER_SPACY_MODEL overrides it (newsledger/settings.py).
MODEL_PACKAGE = DEFAULT_SPACY_MODEL
INSTALL_HINT = "pip install --no-deps --require-hashes -r requirements/nlp-model.txt"


class ModelMissingError(RuntimeError):
    """spaCy or its English model is not installed."""


@lru_cache(maxsize=1)
def load_nlp() -> Any:
    """The parser pipeline attribution needs (tagger, parser, lemmatizer, ner).

    Loaded by package name only: nothing is ever downloaded at run time.
    """
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ModelMissingError(
            'attribution needs spaCy: pip install "newsledger[nlp]" and then ' + INSTALL_HINT
        ) from exc
    name = spacy_model()
    try:
        # The attribute ruler and lemmatizer are replaced by a cheap tag-based
        # component; NER stays loaded but off, and is run only on paragraphs
        # whose sources name someone (see ``newsledger.analyze``).
        nlp = spacy.load(name, exclude=["senter"], disable=["attribute_ruler", "lemmatizer", "ner"])
    except OSError as exc:
        if name != DEFAULT_SPACY_MODEL:
            raise ModelMissingError(
                f"the spaCy model {name!r} named by {SPACY_MODEL_ENV} is not installed"
            ) from exc
        raise ModelMissingError(
            f"the English model {name} is not installed; install it with: {INSTALL_HINT}"
        ) from exc
    # Paragraphs are parsed one at a time, so this only bounds a single
    # pathological paragraph; longer ones are cut into pieces by the caller.
    nlp.max_length = 200_000
    from newsledger.analyze import lemmas

    lemmas.register()

    nlp.add_pipe("newsledger_tags", after="parser")
    _use_numpy_matmul(nlp)
    return nlp


def _use_numpy_matmul(nlp: Any) -> None:
    """Run the models' matrix products through numpy instead of BLIS.

    thinc's CPU backend multiplies with BLIS; on the x86-64 machines this was
    measured on, numpy's OpenBLAS does the same products about three times
    faster (docs/attribution.md), and the tok2vec layer is most of the parse.
    Results are the same parses (checked token by token on PolNeAR dev).
    """
    from thinc.api import NumpyOps
    from thinc.backends.ops import Ops

    class _NumpyMatmulOps(NumpyOps):  # type: ignore[misc]
        name = "newsledger-numpy-matmul"

        def gemm(self, x: Any, y: Any, out: Any = None, trans1: bool = False, trans2: bool = False) -> Any:
            return Ops.gemm(self, x, y, out=out, trans1=trans1, trans2=trans2)

    ops = _NumpyMatmulOps()
    for _name, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops
