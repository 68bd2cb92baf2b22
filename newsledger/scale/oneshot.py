"""``extract`` and ``attributions`` (no database) with the same hard time bound as ``ingest``.

Each input's work runs in a :class:`~newsledger.scale.pool.BoundedPool` worker
that is killed when a stage passes ``--timeout`` (SIGALRM cannot stop a parser
stuck in C code, e.g. lexbor on a page of 200,000 ``<div/>``).  Results come
back in input order, one per input, so the commands' output is the same as
when they ran in process.

``workers == 0`` keeps the old in-process path (SIGALRM bound, which stops
Python code only); the commands choose it by default only where no bound is
asked for (``--timeout 0``), since then a worker would cost start-up and buy
nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any

from newsledger.pipeline import StageTimeout, analyze_one, extract_one, time_limit
from newsledger.records import Analysis, Article, Document, Failure
from newsledger.scale.pool import Lost, default_workers
from newsledger.scale.work import Outcome, Step, bounded_map, outcome_of, warm_stages

Item = Document | Failure


def _no_step(name: str, partial: Any = None) -> None:
    """In process there is no worker to tell: each stage below bounds itself with SIGALRM."""


def extract_of(doc: Document, step: Step, timeout: float | None = None) -> Article | Failure:
    """One input's article, or why not (``timeout`` is for the in-process path; workers pass None)."""
    return extract_one(doc, timeout=timeout)


def attributions_of(doc: Document, step: Step, timeout: float | None = None, raw: bool = False) -> Analysis | Failure:
    """One input's analysis: extracted first unless ``raw`` (then the text is analysed as is)."""
    from newsledger import analyze as analyze_stage

    if raw:
        step("analyze")
        return _analyse(doc, lambda: analyze_stage.analyze_text(doc.text), timeout)
    article = extract_one(doc, timeout=timeout)
    if isinstance(article, Failure):
        return article
    step("analyze")  # the analysis gets its own bound, as in ingest
    return _analyse(doc, lambda: analyze_stage.analyze(article), timeout)


def _analyse(doc: Document, run: Callable[[], Analysis], timeout: float | None) -> Analysis | Failure:
    from newsledger.analyze import ModelMissingError

    try:
        with time_limit(timeout):
            return run()
    except StageTimeout as e:
        return Failure(doc.source, "analyze", "timeout", str(e), doc.sha256)
    except ModelMissingError as e:
        return Failure(doc.source, "analyze", "nlp-unavailable", str(e), doc.sha256)
    except Exception as e:  # one hostile page must not end the batch
        return Failure(doc.source, "analyze", "error", f"{type(e).__name__}: {e}", doc.sha256)


def outcome_of_doc(doc: Document, step: Step, timeout: float | None = None, analyze: bool = True) -> Outcome:
    """One stored input's (article or failure, analysis or failure or None), as ``reprocess`` stores it."""
    article = extract_one(doc, timeout=timeout)
    if isinstance(article, Failure) or not analyze:
        return article, None
    step("analyze", article)  # an analysis killed at the bound keeps the article
    return article, analyze_one(doc, article, timeout=timeout)


def outcomes(docs: Iterable[Document], *, timeout: float | None, workers: int,
             analyze: bool) -> Iterator[tuple[Document, Outcome]]:
    """(document, outcome) per document in input order, each in a worker killed at the bound."""
    warm_stages(analyze=analyze)
    work = partial(outcome_of_doc, timeout=None, analyze=analyze)
    for doc, value in bounded_map(work, docs, timeout=timeout, processes=workers, stage="extract"):
        yield doc, outcome_of(doc, value)


def choose_workers(workers: int | None, timeout: float | None, total: int | None) -> int:
    """Worker processes for a run: as given, else in process without a bound, else all cores (at most
    one per input)."""
    if workers is not None:
        return workers
    if not timeout or total == 0:
        return 0
    n = default_workers()
    return max(1, min(n, total)) if total else 1


def run_bounded(
    fn: Callable[..., Any],
    items: Iterable[Item],
    *,
    timeout: float | None,
    workers: int,
    analyze: bool,
    **kwargs: Any,
) -> Iterator[tuple[Item, Any]]:
    """(input, result) per input in input order; an input refused at reading is its own result.

    A worker killed at the bound (or dying) gives a ``timeout`` (``crash``) Failure in the stage it
    was in.
    """
    if workers == 0:
        for item in items:
            yield item, item if isinstance(item, Failure) else fn(item, _no_step, timeout=timeout, **kwargs)
        return
    warm_stages(analyze=analyze)  # forked workers (and their replacements) start warm
    work = partial(fn, timeout=None, **kwargs)
    for item, value in bounded_map(work, items, timeout=timeout, processes=workers, stage="extract",
                                   passthrough=lambda x: isinstance(x, Failure)):
        if isinstance(value, Lost):
            assert isinstance(item, Document)
            value = Failure(item.source, "analyze" if value.stage == "analyze" else "extract",
                            value.reason, value.detail, item.sha256)
        yield item, value


__all__ = ["attributions_of", "choose_workers", "extract_of", "outcome_of_doc", "outcomes", "run_bounded"]
