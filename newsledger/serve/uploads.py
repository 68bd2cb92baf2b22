"""Uploaded pages through the pipeline, bounded in size and time.

Each upload is processed in a child process started from a clean fork
server: a page that makes the extractor spin is killed when its time is up,
without touching the server.  The upload's bytes go to the child through a
pipe and its name is only a label (``upload:NAME``); nothing the user sends
becomes a path.
"""

from __future__ import annotations

import multiprocessing
import re
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

DEFAULT_MAX_UPLOAD = 8 * 1024 * 1024
DEFAULT_UPLOAD_SECONDS = 60.0

_LABEL_BAD = re.compile(r"[\x00-\x1f\x7f/\\]+")


def label(filename: str | None) -> str:
    """A printable, bounded label for an upload; never used as a path."""
    name = _LABEL_BAD.sub("_", (filename or "upload").strip())[-120:] or "upload"
    return f"upload:{name}"


@dataclass(slots=True)
class UploadResult:
    source: str
    status: str  # "stored", "duplicate", "failed", "timeout"
    article_id: int | None = None
    reason: str | None = None
    detail: str | None = None
    linked: bool = False  # copies, stories and entities brought up to date with this article

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "status": self.status, "article_id": self.article_id,
                "reason": self.reason, "detail": self.detail, "linked": self.linked}


def _child(db: str, source: str, data: bytes, url: str | None, analyze: bool, seconds: float,
           conn: Connection) -> None:
    from newsledger.ingest import RawInput, to_document
    from newsledger.pipeline import Pipeline, RunSummary, time_limit
    from newsledger.records import Failure
    from newsledger.store import Store

    try:
        with Store(db) as store:
            doc = to_document(RawInput(source, data), url=url)
            if isinstance(doc, Failure):
                store.record_failure(doc)
                conn.send(UploadResult(source, "failed", None, doc.reason, doc.detail).as_dict())
                return
            summary = RunSummary()
            # The child's main thread may use SIGALRM, so the pipeline's own bound applies too.
            Pipeline(store, analyze=analyze, timeout=seconds).process(doc, summary)
            row = store.db.execute("SELECT id FROM articles WHERE sha256 = ?", (doc.sha256,)).fetchone()
            article_id = int(row[0]) if row else None
            if summary.duplicates:
                status = "duplicate"
            elif summary.articles:
                status = "stored"
            else:
                status = "failed"
            reason = ", ".join(f"{s}:{r}" for _, s, r in summary.failed_sources) or None
            linked, detail = False, None
            if status == "stored":
                # As `newsledger ingest` does after a run: speakers into entities, then copies and
                # stories (incremental), under the same time bound.
                try:
                    with time_limit(seconds):
                        if summary.analysed:
                            store.refresh_entities()
                        from newsledger.link.linkstore import link_store

                        link_store(store)
                    linked = True
                except Exception as e:  # the article is stored; `newsledger link` can finish the rest
                    detail = f"not linked: {type(e).__name__}: {e}"[:500]
            conn.send(UploadResult(source, status, article_id, reason, detail, linked).as_dict())
    except Exception as e:  # reported to the caller, never a crash of the server
        conn.send(UploadResult(source, "failed", None, "error", f"{type(e).__name__}: {e}"[:500]).as_dict())
    finally:
        conn.close()


_CONTEXT: Any = None


def _context() -> Any:
    global _CONTEXT
    if _CONTEXT is None:
        ctx = multiprocessing.get_context("forkserver")
        # The fork server imports the pipeline once; each upload forks from it warm.
        ctx.set_forkserver_preload(["newsledger.pipeline", "newsledger.store"])
        _CONTEXT = ctx
    return _CONTEXT


def process_upload(db: str, filename: str | None, data: bytes, *, url: str | None = None, analyze: bool = True,
                   seconds: float = DEFAULT_UPLOAD_SECONDS) -> UploadResult:
    source = label(filename)
    ctx = _context()
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(db, source, data, url, analyze, seconds, send), daemon=True)
    proc.start()
    send.close()
    try:
        # Extraction, analysis and linking each get ``seconds``; the process as a whole gets them and a margin.
        if recv.poll(3 * seconds + 5):
            result: dict[str, Any] = recv.recv()
            proc.join(5)
            return UploadResult(**result)
        return UploadResult(source, "timeout", None, "timeout", f"not done in {3 * seconds + 5:.0f} s")
    except EOFError:
        return UploadResult(source, "failed", None, "error", "the worker ended without an answer")
    finally:
        recv.close()
        if proc.is_alive():
            proc.kill()
            proc.join(5)
