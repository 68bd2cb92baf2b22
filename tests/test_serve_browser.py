"""The web UI as a person uses it: headless Chromium (Debian's package) driven by Playwright.

No browser is downloaded: Playwright is pointed at /usr/bin/chromium.  The
server runs on 127.0.0.1 on a free port inside the test.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the serve extra is not installed (pip install -e '.[serve]')")
pytest.importorskip("uvicorn", reason="the serve extra is not installed (pip install -e '.[serve]')")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')")

import uvicorn  # noqa: E402
from _serve_data import HOSTILE_TITLE, build_store  # noqa: E402

from newsledger.serve.app import Settings, create_app  # noqa: E402

CHROMIUM = os.environ.get("NEWSLEDGER_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TOKEN = "fictional-browser-token"
SAMPLE = Path(__file__).resolve().parents[1] / "newsledger" / "samples" / "harbourledger-council-budget.html"

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason=f"no Chromium at {CHROMIUM}: apt-get install -y chromium")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, int]]]:
    db = tmp_path_factory.mktemp("browser") / "ledger.db"
    ids = build_store(db, link=True)
    app = create_app(Settings(db=str(db), token=TOKEN, analyze=False, upload_seconds=30))
    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "the server did not start in 15 s"
    yield f"http://127.0.0.1:{port}", ids
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context()
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
    pg.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    yield pg
    ctx.close()
    assert errors == [], errors  # no script error, no alert() from page content, no CSP violation


def test_search_speaker_open_article_follow_speaker_link(server: tuple[str, dict[str, int]], page: Any) -> None:
    base, ids = server
    page.goto(base + "/")
    page.fill("#top-q", "Ruru")
    page.click("header button[type=submit]")
    page.wait_for_url("**/search?q=Ruru")
    page.click("text=Ana Ruru")
    page.wait_for_url(f"**/speakers/{ids['ruru']}")
    assert page.locator("table.quotes tbody tr").count() == 3
    page.click("table.quotes a >> nth=0")
    page.wait_for_url(f"**/articles/{ids['breakwater']}")
    marks = page.locator(".body mark.q")
    assert marks.count() == 4
    assert page.locator(".body mark.h-alleged").count() == 1
    # A highlight has a visible background (the stylesheet loaded under the CSP).
    bg = page.locator(".body mark.h-alleged").evaluate("e => getComputedStyle(e).backgroundColor")
    assert bg not in ("rgba(0, 0, 0, 0)", "transparent", "rgb(255, 255, 0)")
    page.click(".body a.src >> nth=0")
    page.wait_for_url(f"**/speakers/{ids['ruru']}")
    assert "Ana Ruru" in page.locator("h1").inner_text()


def test_hostile_article_shows_text_and_runs_nothing(server: tuple[str, dict[str, int]], page: Any) -> None:
    base, ids = server
    page.goto(f"{base}/articles/{ids['hostile']}")
    assert page.locator("h1").inner_text() == HOSTILE_TITLE
    assert page.evaluate("document.querySelectorAll('script').length") == 1
    assert page.locator(".body iframe, .body img, .body b").count() == 0
    page.hover(".body mark.q")  # event-handler text in the quote must stay text


def test_open_a_story_and_its_figures_chart(server: tuple[str, dict[str, int]], page: Any) -> None:
    base, ids = server
    page.goto(f"{base}/articles/{ids['breakwater']}")
    page.click("section.links a[href^='/stories/']")
    page.wait_for_url("**/stories/*")
    chart = page.locator("figure.chart svg").first
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 150
    assert page.locator("figure.chart svg g.range").count() >= 1  # the 250-320 range
    assert "Between 250 and 320" in page.locator("table.ledger").first.inner_text()


def test_upload_a_file(server: tuple[str, dict[str, int]], page: Any) -> None:
    base, _ = server
    page.goto(base + "/ingest")
    page.set_input_files("input[type=file]", str(SAMPLE))
    page.fill("input[name=token]", TOKEN)
    page.click("form.ingest button[type=submit]")
    page.wait_for_selector("table.results")
    row = page.locator("table.results tbody tr").first
    assert "stored" in row.inner_text()
    row.locator("a").click()
    assert "Kestrel Bay" in page.locator("h1").inner_text()


def test_search_pages_without_javascript(server: tuple[str, dict[str, int]], browser: Any) -> None:
    base, ids = server
    ctx = browser.new_context(java_script_enabled=False)
    pg = ctx.new_page()
    pg.goto(base + "/search?q=breakwater")
    assert pg.locator("table.list tbody tr").count() == 2
    pg.goto(f"{base}/articles/{ids['breakwater']}")
    assert pg.locator(".body mark.q").count() == 4
    ctx.close()
