"""The Python API: ``newsledger.extract``, ``newsledger.analyze``, ``newsledger.open``.

``newsledger.extract`` and ``newsledger.analyze`` are also the names of the
stage packages (``newsledger/extract/``, ``newsledger/analyze/``), and Python
binds a package's name to the submodule once it is imported.  So the
submodules themselves are made callable (:func:`make_callable`): calling
``newsledger.extract(page)`` runs :func:`extract`, while
``newsledger.extract.EXTRACT_VERSION`` and ``from newsledger import extract``
keep working for the stages.  Documented, with doctested examples, in
docs/api.md.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import TYPE_CHECKING

from newsledger.records import Analysis, Article

if TYPE_CHECKING:
    from newsledger.store import Store


def extract(html_or_text: str | bytes, url: str | None = None) -> Article:
    """The article in an HTML page or a text dump, given as text or raw bytes.

    Bytes are decoded as ``newsledger ingest`` decodes files (BOM, declared
    charset, detection); HTML or text is told from the content.  An article
    with no paragraphs says why in ``notes``.  Raises
    ``newsledger.ExtractError`` (with ``reason`` and ``detail``) for input
    that is not a page at all.
    """
    from newsledger import extract as stage
    from newsledger.ingest import RawInput, to_document
    from newsledger.records import Failure

    if isinstance(html_or_text, str):
        data = html_or_text.encode("utf-8", "surrogatepass")
    elif isinstance(html_or_text, bytes | bytearray | memoryview):
        data = bytes(html_or_text)
    else:
        raise TypeError(f"extract() takes str or bytes, not {type(html_or_text).__name__}")
    doc = to_document(RawInput("<api>", data), url=url)
    if isinstance(doc, Failure):
        raise stage.ExtractError(doc.reason, doc.detail)
    return stage.extract(doc)


def analyze(article_or_text: Article | str) -> Analysis:
    """Attributions, speakers, figures and hedged statements of an article or of plain text.

    Needs the ``nlp`` extra and its model (``ModelMissingError`` says how to
    install them).  Spans index into ``article.text`` (or into the string
    given), except those with ``part == "title"``.
    """
    from newsledger import analyze as stage

    if isinstance(article_or_text, Article):
        return stage.analyze_many([article_or_text])[0]
    if isinstance(article_or_text, str):
        return stage.analyze_text(article_or_text)
    raise TypeError(f"analyze() takes an Article or str, not {type(article_or_text).__name__}")


def open(db: str | Path, *, create: bool = False) -> Store:
    """The store at ``db`` for queries (``articles``, ``article``, ``quotes``, ``figures``, ``failures``).

    A missing file raises ``StoreError`` unless ``create``; ``db`` may be a
    ``postgresql://`` URL (the ``postgres`` extra).  Use it as a context
    manager to close it.
    """
    from newsledger.store import Store

    return Store(db, must_exist=not create)


class _CallableExtract(types.ModuleType):
    def __call__(self, html_or_text: str | bytes, url: str | None = None) -> Article:
        return extract(html_or_text, url=url)


class _CallableAnalyze(types.ModuleType):
    def __call__(self, article_or_text: Article | str) -> Analysis:
        return analyze(article_or_text)


_CALLABLE = {"newsledger.extract": _CallableExtract, "newsledger.analyze": _CallableAnalyze}


def make_callable(module_name: str) -> None:
    """Let the stage package ``module_name`` be called as the API function of the same name."""
    setattr(sys.modules[module_name], "__class__", _CALLABLE[module_name])  # noqa: B010


__all__ = ["analyze", "extract", "make_callable", "open"]
