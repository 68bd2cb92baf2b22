"""What a worker process does with a batch of Documents: extract each, then analyse them together.

Extraction is one step per document (its own time bound); the analysis of a
batch is one ``nlp.pipe`` pass over every article of the batch (spaCy's
batching), bounded as one step: if it runs out of time the pool retries those
articles one by one.  spaCy is loaded once per worker, on first use, by
``load_nlp``'s cache.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from newsledger.records import Analysis, Article, Document, Failure
from newsledger.scale.pool import BoundedPool, Done, Emitter, Lost


@dataclass(frozen=True, slots=True)
class Task:
    doc: Document
    analyze: bool


# What the worker gives back for a key: (article or extract failure, analysis or analyze failure or None).
Outcome = tuple[Article | Failure, Analysis | Failure | None]


def ingest_work(items: list[tuple[int, Any]], single: bool, emit: Emitter) -> None:
    from newsledger.pipeline import analyze_one, extract_one

    todo: list[tuple[int, Document, Article]] = []
    for key, task in items:
        emit.begin([key], "extract")
        article = extract_one(task.doc, timeout=None)  # the pool bounds the time
        if isinstance(article, Failure) or not task.analyze:
            emit.done(key, (article, None))
            continue
        emit.partial(key, article)
        todo.append((key, task.doc, article))
    if not todo:
        return
    if len(todo) == 1:
        key, doc, article = todo[0]
        emit.begin([key], "analyze")
        emit.done(key, (article, analyze_one(doc, article, timeout=None)))
        return
    emit.begin([k for k, _, _ in todo], "analyze")
    try:
        from newsledger.analyze import analyze_many

        analyses: list[Analysis | Failure] = list(analyze_many([a for _, _, a in todo]))
    except Exception:
        # One article broke the batch: analyse each alone so only it fails.
        for key, doc, article in todo:
            emit.begin([key], "analyze")
            emit.done(key, (article, analyze_one(doc, article, timeout=None)))
        return
    for (key, _, article), analysis in zip(todo, analyses, strict=True):
        emit.done(key, (article, analysis))


def outcome_of(doc: Document, value: Any) -> Outcome:
    """A pool result for ``doc`` as (article | failure, analysis | failure | None)."""
    if isinstance(value, Lost):
        failure = Failure(doc.source, "analyze" if value.stage == "analyze" else "extract",
                          value.reason, value.detail, doc.sha256)
        if value.stage == "analyze" and isinstance(value.partial, Article):
            return value.partial, failure
        return failure, None
    article, analysis = value
    return article, analysis


def bounded_map(
    fn: Callable[[Any], Any],
    payloads: Iterable[Any],
    *,
    timeout: float | None,
    processes: int = 1,
    stage: str = "work",
) -> Iterator[tuple[int, Any]]:
    """``fn`` over ``payloads`` in killable worker processes: (index, result or Lost), in input order.

    For commands such as ``extract`` and ``attributions`` that want the per-input
    time bound without the ingest pipeline.  ``fn`` must be a module-level function.
    """
    work = _MapWork(fn, stage)
    pending: dict[int, Any] = {}
    nxt = 0
    with BoundedPool(work, processes=processes, timeout=timeout) as pool:
        for done in pool.run(enumerate(payloads)):
            pending[done.key] = done.value
            while nxt in pending:
                yield nxt, pending.pop(nxt)
                nxt += 1


class _MapWork:
    def __init__(self, fn: Callable[[Any], Any], stage: str) -> None:
        self.fn, self.stage = fn, stage

    def __call__(self, items: list[tuple[int, Any]], single: bool, emit: Emitter) -> None:
        for key, payload in items:
            emit.begin([key], self.stage)
            emit.done(key, self.fn(payload))


__all__ = ["Done", "Outcome", "Task", "bounded_map", "ingest_work", "outcome_of"]
