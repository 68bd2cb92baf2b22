"""Run the stages over many inputs: ingest -> extract -> analyze -> store.

The pipeline owns what no single stage should: the time bound per input,
turning any one input's exception into a recorded Failure, skipping inputs
already stored at the current versions, and the run summary.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from newsledger import extract as extract_stage
from newsledger.ingest import DEFAULT_MAX_BYTES, from_bytes
from newsledger.records import Analysis, Article, Document, Failure
from newsledger.store import Store

DEFAULT_TIMEOUT = 30.0


class StageTimeout(Exception):
    pass


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Bound one input's work.  Only the main thread can use SIGALRM; elsewhere unbounded."""
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return

    def _alarm(signum: int, frame: object) -> None:
        raise StageTimeout(f"took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class RunSummary:
    inputs: int = 0
    articles: int = 0
    duplicates: int = 0
    analysed: int = 0
    cut: int = 0  # articles made from part of their input (a size bound cut the rest)
    failures: Counter[str] = field(default_factory=Counter)
    failed_sources: list[tuple[str, str, str]] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False  # Ctrl-C stopped the run; the counts are what was done before
    # Records inside archives that are not pages (WARC requests, images), by type.
    skipped: Counter[str] = field(default_factory=Counter)
    # Records of container files that an earlier run had already done (resume).
    resumed: int = 0
    # Articles put into the full-text index at the end of the run (Store.complete_index), and how long
    # that took (part of ``seconds``).
    indexed: int = 0
    index_seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "inputs": self.inputs, "articles": self.articles, "duplicates": self.duplicates,
            "analysed": self.analysed, "cut": self.cut, "failures": dict(self.failures),
            "seconds": round(self.seconds, 3), "interrupted": self.interrupted,
            "skipped": dict(self.skipped), "resumed": self.resumed, "indexed": self.indexed,
        }


def extract_one(doc: Document, *, timeout: float | None = DEFAULT_TIMEOUT) -> Article | Failure:
    try:
        with time_limit(timeout):
            article = extract_stage.extract(doc)
    except StageTimeout as e:
        return Failure(doc.source, "extract", "timeout", str(e), doc.sha256)
    except extract_stage.ExtractError as e:
        return Failure(doc.source, "extract", e.reason, e.detail, doc.sha256)
    except Exception as e:  # one hostile page must not end the batch
        return Failure(doc.source, "extract", "error", f"{type(e).__name__}: {e}", doc.sha256)
    if not article.paragraphs:
        note = "; ".join(article.notes) or "no article text found"
        return Failure(doc.source, "extract", "no-article", note, doc.sha256)
    return article


def analyze_one(doc: Document, article: Article, *, timeout: float | None) -> Analysis | Failure:
    # Imported here: commands that never analyse (extract, the read commands) do not pay for it at start-up.
    from newsledger import analyze as analyze_stage

    try:
        with time_limit(timeout):
            return analyze_stage.analyze(article)
    except StageTimeout as e:
        return Failure(doc.source, "analyze", "timeout", str(e), doc.sha256)
    except (ImportError, OSError, analyze_stage.ModelMissingError) as e:
        return Failure(doc.source, "analyze", "nlp-unavailable", str(e), doc.sha256)
    except Exception as e:
        return Failure(doc.source, "analyze", "error", f"{type(e).__name__}: {e}", doc.sha256)


Progress = Callable[[str], None]


class Pipeline:
    def __init__(
        self,
        store: Store,
        *,
        analyze: bool = True,
        timeout: float | None = DEFAULT_TIMEOUT,
        progress: Progress | None = None,
        workers: int = 0,
        read_in_workers: bool | None = None,
    ) -> None:
        self.store = store
        # 0: extract and analyse in this process (SIGALRM bound); N: in N killable worker processes.
        self.workers = workers
        # Whether workers inflate, parse and hash a WARC's gzip members themselves (None: when they take
        # every core).  With a core to spare the main process reads beside them, which is faster: on 2
        # cores, 1 worker did 3.48x the warcio + trafilatura baseline reading in the main process against
        # 2.95x reading in the worker; 2 workers did 1.04x better reading in the workers (bench/ingest.py,
        # docs/scale.md, 2026-12-01 06:02 UTC, load 1).
        self.read_in_workers = read_in_workers
        self.analyze = analyze
        self.timeout = timeout
        self.progress = progress or (lambda source: None)
        if analyze:
            from newsledger.analyze import ANALYZE_VERSION

            self.analyze_version: str | None = ANALYZE_VERSION
        else:
            self.analyze_version = None

    def _read_in_workers(self) -> bool:
        if self.read_in_workers is not None:
            return self.read_in_workers
        from newsledger.scale.pool import default_workers

        return self.workers >= default_workers()

    def _fail(self, summary: RunSummary, f: Failure) -> None:
        summary.failures[f.reason] += 1
        summary.failed_sources.append((f.source, f.stage, f.reason))
        self.store.record_failure(f)

    def process(self, doc: Document, summary: RunSummary, *, force: bool = False) -> None:
        """Extract, analyse and store one document in one transaction."""
        if not force and self.store.is_current(doc.sha256, extract_stage.EXTRACT_VERSION, self.analyze_version):
            self.store.add_source(doc)
            summary.duplicates += 1
            return
        article = extract_one(doc, timeout=self.timeout)
        analysis: Analysis | Failure | None = None
        if self.analyze and not isinstance(article, Failure):
            analysis = analyze_one(doc, article, timeout=self.timeout)
        self._store(doc, article, analysis, summary)

    def _store(self, doc: Document, article: Article | Failure, result: Analysis | Failure | None,
               summary: RunSummary) -> None:
        """Store one document's outcome (made here or in a worker) in one transaction."""
        if isinstance(article, Failure):
            self.store.add_raw(doc)  # kept so a newer extractor can retry it
            self._fail(summary, article)
            return
        analysis: Analysis | None = None
        if isinstance(result, Failure):
            self._fail(summary, result)
        elif result is not None:
            analysis = result
            summary.analysed += 1
        self.store.save(
            doc, article, analysis,
            extract_version=extract_stage.EXTRACT_VERSION,
            analyze_version=self.analyze_version if analysis is not None else None,
        )
        summary.articles += 1
        if any(extract_stage.is_cut_note(n) for n in article.notes):
            summary.cut += 1

    def ingest(
        self,
        paths: Iterable[str],
        *,
        include: Iterable[str] = (),
        exclude: Iterable[str] = (),
        url: str | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        urls: Mapping[str, str | None] | None = None,
        fields: Mapping[str, str] | None = None,
        commit_every: int = 200,
    ) -> RunSummary:
        """Ingest files, folders, WARC/ARC archives, feeds and JSONL (see newsledger/scale/driver.py)."""
        from newsledger.ingest.containers import read_entries
        from newsledger.scale.driver import Driver

        summary = RunSummary()
        started = time.perf_counter()
        paths = list(paths)
        include, exclude = list(include), list(exclude)
        run_id = self.store.start_run("ingest")
        # What `ingest --resume` repeats if this run is interrupted.
        args = {"paths": [p if p == "-" else os.path.abspath(p) for p in paths], "include": include,
                "exclude": exclude, "url": url, "max_bytes": max_bytes, "fields": dict(fields or {}),
                "urls": dict(urls) if urls else None}
        with self.store.transaction():
            self.store.db.execute("UPDATE runs SET args = ? WHERE id = ?", (json.dumps(args), run_id))
        driver = Driver(
            self.store, summary, analyze=self.analyze, analyze_version=self.analyze_version,
            timeout=self.timeout, workers=self.workers, progress=self.progress, commit_every=commit_every,
        )
        entries = read_entries(
            paths, include=include, exclude=exclude, url=url, urls=urls, max_bytes=max_bytes, fields=fields,
            plan=driver.plan, decode_text=self.workers <= 0,  # workers decode the pages they extract
            # and read the gzip members of a WARC themselves (they ask a SQLite store for duplicates)
            frame_only=self.workers > 0 and self._read_in_workers() and self.store.dialect == "sqlite",
        )
        try:
            driver.run(entries)
        except KeyboardInterrupt:
            # What was committed stays, with each file's progress; the caller shows the summary so far.
            summary.interrupted = True
        return self._end_run(run_id, summary, started)

    def stale_inputs(self, *, everything: bool = False) -> list[dict[str, Any]]:
        """The kept raw inputs ``reprocess`` would rebuild (all with ``everything``)."""
        if everything:
            return self.store.stale_inputs("", None)  # every version differs from ""
        return self.store.stale_inputs(extract_stage.EXTRACT_VERSION, self.analyze_version)

    def reprocess(self, *, everything: bool = False, rows: list[dict[str, Any]] | None = None) -> RunSummary:
        """Rebuild articles from the kept raw inputs where the code is newer.

        ``rows`` is what :meth:`stale_inputs` returned, for a caller that counted them first (progress total).
        """
        summary = RunSummary()
        started = time.perf_counter()
        run_id = self.store.start_run("reprocess")
        if rows is None:
            rows = self.stale_inputs(everything=everything)
        try:
            docs = self._stale_docs(rows, summary)
            if self.workers > 0:
                # Each input in a worker process killed at the bound, as in ingest; stored here, in order.
                from newsledger.scale.oneshot import outcomes

                for doc, (article, analysis) in outcomes(docs, timeout=self.timeout, workers=self.workers,
                                                         analyze=self.analyze):
                    self._store(doc, article, analysis, summary)
                    self.progress(doc.source)
            else:
                for doc in docs:
                    self.process(doc, summary, force=True)
                    self.progress(doc.source)
        except KeyboardInterrupt:
            summary.interrupted = True
        return self._end_run(run_id, summary, started)

    def _stale_docs(self, rows: list[dict[str, Any]], summary: RunSummary) -> Iterator[Document]:
        """The kept raw inputs of ``rows`` as Documents to rebuild; the others are counted and ticked here."""
        for row in rows:
            summary.inputs += 1
            source = row["source"] or row["sha256"]
            data = self.store.raw(row["sha256"])
            if data is None:
                self.progress(source)
                continue
            # Decoded and sniffed again by the current ingest code, like everything else here
            # (inputs refused at ingest were kept as read, so they are inflated here too).
            doc = from_bytes(source, data, url=row["url"])
            if isinstance(doc, Failure):
                doc.data = None  # already kept under this sha256
                self._fail(summary, doc)
                self.progress(source)
                continue
            if doc.sha256 != row["sha256"]:
                # A kept gzip input that inflates now: its ingest refusal is over, and the
                # inflated bytes are stored under their own sha256 like any gzip input's.
                self.store.clear_ingest_failure(row["sha256"])
                if self.store.is_current(doc.sha256, extract_stage.EXTRACT_VERSION, self.analyze_version):
                    self.progress(source)
                    continue
            yield doc

    def _end_run(self, run_id: int, summary: RunSummary, started: float) -> RunSummary:
        """What every run does last: the full-text index completed, entities rebuilt, time taken, the run's
        row closed with its summary."""
        if not summary.interrupted:  # Ctrl-C: stop now; the next run or the first search indexes the rest
            t = time.perf_counter()
            summary.indexed = self.store.complete_index()
            summary.index_seconds = time.perf_counter() - t
        self._refresh_entities(summary)
        summary.seconds = time.perf_counter() - started
        self.store.finish_run(run_id, summary.as_dict())
        return summary

    def _refresh_entities(self, summary: RunSummary) -> None:
        """Speakers joined across articles into entities, once per run (not per input: it reads them all)."""
        if summary.interrupted or not summary.analysed:
            return
        self.store.refresh_entities()
