"""The HTTP API and the server-rendered web UI, one FastAPI application.

API under ``/api`` (and ``POST /ingest``, ``/health``), published at
``/openapi.json``; pages at ``/``, ``/search``, ``/articles/{id}``,
``/speakers/{id}``, ``/stories/{id}``, ``/ingest``.  Everything from scraped
pages is escaped by Jinja2's autoescape; the Content-Security-Policy allows
only this server's stylesheet and script.
"""

from __future__ import annotations

import asyncio
import hmac
import os
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import FastAPI, File, Form, Header, HTTPException, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, PackageLoader
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsledger import __version__
from newsledger.ingest.page_url import check_page_url
from newsledger.output import outlet_label, plural
from newsledger.serve import chart, highlight
from newsledger.serve.queries import BadQuery, Page, Reader
from newsledger.serve.uploads import DEFAULT_MAX_UPLOAD, DEFAULT_UPLOAD_SECONDS, UploadResult, process_upload
from newsledger.store import Store, is_postgres_url

CSP = (
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self';"
    " base-uri 'none'; frame-ancestors 'none'; connect-src 'self'"
)
HEDGES = ["asserted", "claimed", "alleged", "unverified", "denied"]
KINDS = ["direct", "indirect", "mixed"]
STATIC = {"style.css": "text/css; charset=utf-8", "app.js": "text/javascript; charset=utf-8"}

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


@dataclass(slots=True)
class Settings:
    db: str
    token: str | None = field(default_factory=lambda: os.environ.get("NEWSLEDGER_TOKEN") or None)
    max_upload: int = DEFAULT_MAX_UPLOAD
    upload_seconds: float = DEFAULT_UPLOAD_SECONDS
    analyze: bool = True


# -- response models (what /openapi.json promises) ---------------------------
class ArticlePage(BaseModel):
    items: list[dict[str, Any]]
    next_cursor: str | None
    order: str
    note: str | None = None


class SpeakerPage(BaseModel):
    items: list[dict[str, Any]]
    next_cursor: str | None


class ErrorBody(BaseModel):
    status: int
    message: str
    hint: str | None = None


class ErrorResponse(BaseModel):
    error: ErrorBody


class IngestResponse(BaseModel):
    results: list[dict[str, Any]]


Cursor = Annotated[
    str | None, Query(max_length=400, pattern="^[A-Za-z0-9_-]*$", description="next_cursor from the previous page")
]
Limit = Annotated[int, Query(ge=1, le=200)]
# A page's id is bounded as the API's are: a larger one reached SQLite as an OverflowError, a 500 (session 11).
PageId = Annotated[int, PathParam(le=2**62)]
DateQ = Annotated[str | None, Query(max_length=32, description="YYYY, YYYY-MM, YYYY-MM-DD, today, 7d, 2w, 3m, 1y")]
SORT_HELP = ("with q: relevance (BM25; searches matching more than 5,000 articles are listed newest first,"
             " see `order` and `note`) or newest; without q: newest added first")
MODE_HELP = "auto: FTS5 syntax where the query has some, else the words; words: every word as written"
Short = Annotated[str | None, Query(max_length=200)]

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "Bad query (with a hint)"},
    404: {"model": ErrorResponse, "description": "Not found"},
    422: {"model": ErrorResponse, "description": "Invalid parameters"},
}


def ledger_points(group: dict[str, Any]) -> list[chart.Point]:
    """One chart point per figure of a ledger group: its value or range, by source, on its date."""
    points = []
    for f in group.get("figures", []):
        if f.get("value") is None or f.get("bound") == "vague":
            continue
        source = f.get("speaker") or f.get("outlet") or "the outlet"
        high = f.get("value_high") if f.get("bound") == "range" else None
        points.append(chart.Point(f.get("date"), float(f["value"]), None if high is None else float(high),
                                  str(source), str(f.get("text") or "")))
    return points


def _safe_url(value: Any) -> str | None:
    """Only http(s) URLs become links; ``javascript:`` and the rest stay text."""
    if not isinstance(value, str):
        return None
    try:
        scheme = urlsplit(value.strip()).scheme.lower()
    except ValueError:
        return None
    return value.strip() if scheme in ("http", "https") else None


def _clean(value: Any) -> str:
    """Text for display: control characters (other than newline and tab) removed."""
    if value is None:
        return ""
    return "".join(ch for ch in str(value) if ch in "\n\t" or (ord(ch) >= 32 and not 0x7F <= ord(ch) < 0xA0))


def _outlet(row: Any) -> str:
    """``output.outlet_label`` of a row the pages get (a dict, or an object with those attributes)."""
    def get(key: str) -> str | None:
        value = row.get(key) if isinstance(row, dict) else getattr(row, key, None)
        return None if value is None else str(value)

    return outlet_label(get("publisher"), get("original_publisher"), get("url"))


class BodyLimit:
    """Bound request bodies in size and in the time taken to send them (a slow upload is cut off)."""

    def __init__(self, app: ASGIApp, max_bytes: int, seconds: float) -> None:
        self.app, self.max_bytes, self.seconds = app, max_bytes, seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        try:
            declared = int(headers.get(b"content-length", b"0") or 0)
        except ValueError:
            declared = 0
        if declared > self.max_bytes:
            await _raw_error(send, 413, f"the upload is larger than {self.max_bytes} bytes")
            return
        received = 0
        deadline = time.monotonic() + self.seconds
        failed: list[_BodyError] = []

        async def limited() -> Message:
            nonlocal received
            remaining = deadline - time.monotonic()
            try:
                message = await asyncio.wait_for(receive(), timeout=max(0.01, remaining))
            except TimeoutError:
                failed.append(_BodyError(408, f"the upload took too long (over {self.seconds:.0f} s)"))
                raise failed[-1] from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    failed.append(_BodyError(413, f"the upload is larger than {self.max_bytes} bytes"))
                    raise failed[-1]
            return message

        async def guarded(message: Message) -> None:
            # Once the body broke a bound, the application's own answer (the form parser
            # reports a generic 400) is dropped: the bound's answer is sent below instead.
            if not failed:
                await send(message)

        try:
            await self.app(scope, limited, guarded)
        except Exception:
            if not failed:
                raise
        if failed:
            await _raw_error(send, failed[0].status, failed[0].message)


class _BodyError(StarletteHTTPException):
    """An HTTP error, so the application's handler answers it as JSON like any other."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(status, message)
        self.status, self.message = status, message


async def _raw_error(send: Send, status: int, message: str) -> None:
    import json

    body = json.dumps({"error": {"status": status, "message": message, "hint": None}}).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        (b"content-security-policy", CSP.encode()), (b"connection", b"close"),
    ]})
    await send({"type": "http.response.body", "body": body})


def create_app(settings: Settings) -> FastAPI:
    if not is_postgres_url(settings.db) and not Path(settings.db).exists():
        raise FileNotFoundError(f"no database at {settings.db}")
    local = threading.local()

    def reader() -> Reader:
        r: Reader | None = getattr(local, "reader", None)
        if r is None:
            r = Reader(Store(settings.db))
            local.reader = r
        return r

    env = Environment(loader=PackageLoader("newsledger.serve", "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["safe_url"] = _safe_url
    env.filters["clean"] = _clean
    # "1 article", "2 articles" (the page said "(1 articles)"), and the CLI's outlet label for a page that
    # names no publisher (its URL's host), so the pages and the CLI agree (session 11)
    env.filters["plural"] = plural
    env.filters["host_label"] = lambda url: outlet_label(None, None, url)
    # One label for an outlet on every page and in the CLI: "ORIGINAL via SITE" for a copy (docs/cli.md).
    # The pages wrote "SITE via ORIGINAL", the same words the other way round (session 11).
    env.filters["outlet"] = _outlet
    env.globals.update(version=__version__, hedges=HEDGES, kinds=KINDS)
    static = {
        name: (resources.files("newsledger.serve").joinpath("static", name).read_bytes(), ctype)
        for name, ctype in STATIC.items()
    }

    app = FastAPI(
        title="newsledger", version=__version__, docs_url=None, redoc_url=None, openapi_url="/openapi.json",
        description="Who said what, when, how sure, and who copied whom: the ledger over HTTP.",
    )

    @app.middleware("http")
    async def headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    def page(name: str, code: int = 200, **ctx: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**ctx), status_code=code)

    def wants_html(request: Request) -> bool:
        path = request.url.path
        if path.startswith("/api") or path in ("/health", "/openapi.json"):
            return False
        return not (path == "/ingest" and request.method == "POST")

    def error(request: Request, status: int, message: str, hint: str | None = None) -> Response:
        if wants_html(request):
            return page("error.html", status, status=status, message=message, hint=hint)
        return JSONResponse({"error": {"status": status, "message": message, "hint": hint}}, status_code=status)

    @app.exception_handler(BadQuery)
    async def bad_query(request: Request, exc: BadQuery) -> Response:
        return error(request, exc.status, str(exc), exc.hint or None)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}" for e in exc.errors()
        )
        return error(request, 422, f"invalid parameters: {problems}"[:1000])

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        return error(request, 500, "internal error: the server could not answer this request")

    # -- API -----------------------------------------------------------------

    @app.get("/health", tags=["meta"])
    def health() -> dict[str, Any]:
        return reader().health()

    @app.get("/api/articles", response_model=ArticlePage, responses=ERRORS, tags=["articles"])
    def api_articles(
        q: Annotated[str | None, Query(max_length=500, description="full-text search")] = None,
        mode: Annotated[str, Query(pattern="^(auto|words)$", description=MODE_HELP)] = "auto",
        sort: Annotated[str, Query(pattern="^(relevance|newest)$", description=SORT_HELP)] = "relevance",
        outlet: Short = None, language: Annotated[str | None, Query(max_length=16)] = None,
        since: DateQ = None, until: DateQ = None, speaker: Short = None,
        story: Annotated[int | None, Query(ge=1, le=2**62)] = None, cursor: Cursor = None, limit: Limit = 20,
    ) -> ArticlePage:
        p = reader().articles(q=q, mode=mode, sort=sort, outlet=outlet, language=language, since=since, until=until,
                              speaker=speaker, story=story, cursor=cursor, limit=limit)
        return ArticlePage(items=p.items, next_cursor=p.next_cursor, order=p.order, note=p.note)

    @app.get("/api/articles/{article_id}", responses=ERRORS, tags=["articles"])
    def api_article(article_id: Annotated[int, PathParam(ge=1, le=2**62)]) -> dict[str, Any]:
        art = reader().article(article_id)
        if art is None:
            raise HTTPException(404, f"no article {article_id}")
        return art

    @app.get("/api/speakers", response_model=SpeakerPage, responses=ERRORS, tags=["speakers"])
    def api_speakers(q: Short = None, cursor: Cursor = None, limit: Limit = 50) -> SpeakerPage:
        p = reader().speakers(q=q, cursor=cursor, limit=limit)
        return SpeakerPage(items=p.items, next_cursor=p.next_cursor)

    @app.get("/api/speakers/{speaker_id}", responses=ERRORS, tags=["speakers"])
    def api_speaker(speaker_id: Annotated[int, PathParam(ge=1, le=2**62)]) -> dict[str, Any]:
        sp = reader().speaker(speaker_id)
        if sp is None:
            raise HTTPException(404, f"no speaker {speaker_id}")
        return sp

    @app.get("/api/stories", responses=ERRORS, tags=["stories"])
    def api_stories(cursor: Cursor = None, limit: Limit = 50) -> dict[str, Any]:
        p = reader().stories(cursor=cursor, limit=limit)
        if p is None:
            return {"linked": False, "items": [], "next_cursor": None}
        return {"linked": True, "items": p.items, "next_cursor": p.next_cursor}

    @app.get("/api/stories/{story_id}", responses=ERRORS, tags=["stories"])
    def api_story(story_id: Annotated[int, PathParam(ge=1, le=2**62)]) -> dict[str, Any]:
        r = reader()
        if not r.links_available()["stories"]:
            raise HTTPException(404, "stories are not linked yet in this database")
        st = r.story(story_id)
        if st is None:
            raise HTTPException(404, f"no story {story_id}")
        return st

    @app.get("/api/ledger", responses=ERRORS, tags=["figures"])
    def api_ledger(
        story: Annotated[int | None, Query(ge=1, le=2**62)] = None, about: Short = None, limit: Limit = 200,
    ) -> dict[str, Any]:
        return reader().ledger(story=story, about=about, limit=limit)

    def _check_token(given: str | None) -> None:
        if not settings.token:
            raise HTTPException(403, "ingest is disabled: start the server with NEWSLEDGER_TOKEN set")
        if not given or not hmac.compare_digest(given.encode(), settings.token.encode()):
            raise HTTPException(401, "a valid token is needed to ingest (Authorization: Bearer TOKEN)")

    async def _ingest(files: list[UploadFile], url: str | None) -> list[UploadResult]:
        if url is not None:
            try:  # the rule `newsledger ingest --url` has; the upload stored any string (session 11)
                url = check_page_url(url)
            except ValueError as e:
                raise HTTPException(422, f"url: {e} (give the page's http:// or https:// address)") from e
        results: list[UploadResult] = []
        for f in files:
            data = await f.read(settings.max_upload + 1)
            if len(data) > settings.max_upload:
                raise HTTPException(413, f"{f.filename!r} is larger than {settings.max_upload} bytes")
            results.append(await asyncio.to_thread(
                process_upload, settings.db, f.filename, data, url=url, analyze=settings.analyze,
                seconds=settings.upload_seconds,
            ))
        return results

    @app.post("/ingest", response_model=IngestResponse, tags=["ingest"], responses={
        **ERRORS, 401: {"model": ErrorResponse, "description": "Missing or wrong token"},
        403: {"model": ErrorResponse, "description": "Ingest disabled (no NEWSLEDGER_TOKEN)"},
        413: {"model": ErrorResponse, "description": "Upload too large"},
    })
    async def api_ingest(
        files: Annotated[list[UploadFile], File(description="HTML or text pages")],
        authorization: Annotated[str | None, Header(max_length=1000)] = None,
        url: Annotated[str | None, Form(max_length=2000)] = None,
    ) -> IngestResponse:
        token = authorization[7:] if authorization and authorization.lower().startswith("bearer ") else None
        _check_token(token)
        if len(files) > 20:
            raise HTTPException(400, "at most 20 files at once")
        return IngestResponse(results=[r.as_dict() for r in await _ingest(files, url)])

    # -- pages ---------------------------------------------------------------
    @app.get("/static/{name}", include_in_schema=False)
    def static_file(name: str) -> Response:
        if name not in static:
            raise HTTPException(404, "no such file")
        body, ctype = static[name]
        return Response(body, media_type=ctype, headers={"Cache-Control": "max-age=3600"})

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home() -> HTMLResponse:
        r = reader()
        return page("index.html", articles=r.articles(limit=20), speakers=r.speakers(limit=30),
                    stories=r.stories(limit=20), health=r.health())

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search(
        q: Annotated[str, Query(max_length=500)] = "", mode: Annotated[str, Query(pattern="^(auto|words)$")] = "auto",
        sort: Annotated[str, Query(pattern="^(relevance|newest)$")] = "relevance",
        outlet: Short = None, since: DateQ = None, until: DateQ = None, language: Short = None,
        cursor: Cursor = None,
    ) -> HTMLResponse:
        r = reader()
        arts = r.articles(q=q or None, mode=mode, sort=sort, outlet=outlet or None, since=since or None,
                          until=until or None, language=language or None, cursor=cursor or None, limit=20)
        speakers = r.speakers(q=q, limit=10) if q.strip() and not cursor else Page([], None)
        params = {k: v for k, v in {"q": q, "mode": mode if mode != "auto" else "",
                                    "sort": sort if sort != "relevance" else "", "outlet": outlet,
                                    "since": since, "until": until, "language": language}.items() if v}
        next_url = "/search?" + urlencode({**params, "cursor": arts.next_cursor}) if arts.next_cursor else None
        return page("search.html", q=q, mode=mode, sort=sort, outlet=outlet or "", since=since or "", until=until or "",
                    language=language or "", articles=arts, speakers=speakers, next_url=next_url)

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(article_id: PageId) -> HTMLResponse:
        art = reader().article(article_id)
        if art is None:
            raise HTTPException(404, f"no article {article_id}")
        ids = art["speaker_ids"]
        body = highlight.paragraphs(art["paragraphs"], art["attributions"], subheadings=art["subheadings"],
                                    speaker_ids=ids)
        title = highlight.title(art["title"], art["attributions"], ids)
        counts = {h: sum(1 for a in art["attributions"] if a["hedge"] == h) for h in HEDGES}
        return page("article.html", a=art, body=body, title_pieces=title, hedge_counts=counts, speaker_ids=ids)

    @app.get("/speakers/{speaker_id}", response_class=HTMLResponse, include_in_schema=False)
    def speaker_page(speaker_id: PageId) -> HTMLResponse:
        sp = reader().speaker(speaker_id)
        if sp is None:
            raise HTTPException(404, f"no speaker {speaker_id}")
        return page("speaker.html", s=sp)

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(story_id: PageId) -> HTMLResponse:
        r = reader()
        if not r.links_available()["stories"]:
            return page("story.html", linked=False, story=None, charts=[])
        st = r.story(story_id)
        if st is None:
            raise HTTPException(404, f"no story {story_id}")
        # A chart is drawn where it compares something: two or more figures in the group.
        charts = [chart.svg(pts, title=f"{g.get('counted') or 'figures'}: by source over time")
                  if len(pts := ledger_points(g)) >= 2 else None for g in st.get("ledger", [])]
        return page("story.html", linked=True, story=st, charts=charts)

    @app.get("/ingest", response_class=HTMLResponse, include_in_schema=False)
    def ingest_page() -> HTMLResponse:
        return page("ingest.html", enabled=bool(settings.token), max_upload=settings.max_upload, results=None)

    @app.post("/ingest/form", response_class=HTMLResponse, include_in_schema=False)
    async def ingest_form(
        files: Annotated[list[UploadFile], File()],
        token: Annotated[str, Form(max_length=1000)] = "",
        url: Annotated[str, Form(max_length=2000)] = "",
    ) -> HTMLResponse:
        _check_token(token)
        if len(files) > 20:
            raise HTTPException(400, "at most 20 files at once")
        results = await _ingest([f for f in files if f.filename], url or None)
        return page("ingest.html", enabled=True, max_upload=settings.max_upload, results=results)

    # Body bounds wrap everything, outside FastAPI's routing, so a too-large
    # upload is refused before it is parsed or spooled.
    app.add_middleware(BodyLimit, max_bytes=settings.max_upload * 2 + 65536, seconds=settings.upload_seconds)
    return app
