"""Screenshots of each web UI page into docs/screenshots/, from the demo store.

    newsledger demo --db /tmp/demo.db
    .venv/bin/python scripts/screenshots.py --db /tmp/demo.db

Drives Debian's Chromium through Playwright (no browser download), against a
server on a free loopback port.  The demo corpus is fiction.
"""

from __future__ import annotations

import argparse
import socket
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import uvicorn  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from newsledger.serve.app import Settings, create_app  # noqa: E402
from newsledger.store import Store  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    args = ap.parse_args()
    with Store(args.db) as store:
        # The article with the most attributions, its most quoted speaker, the first story if any.
        art = store.db.execute("SELECT article_id FROM attributions GROUP BY article_id ORDER BY count(*) DESC, "
                               "article_id LIMIT 1").fetchone()[0]
        name = store.db.execute("SELECT speaker FROM attributions WHERE speaker IS NOT NULL GROUP BY speaker "
                                "ORDER BY count(DISTINCT article_id) DESC, count(*) DESC LIMIT 1").fetchone()[0]
        # a speaker page is its entity where entities are built (stable ids), else the name's first row
        speaker = store.db.execute("SELECT coalesce(min(entity_id), min(id)) FROM speakers WHERE name = ?",
                                   (name,)).fetchone()[0]
        tables = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        story = 1
        if "stories" in tables:
            row = store.db.execute("SELECT id FROM stories ORDER BY id LIMIT 1").fetchone()
            story = row[0] if row else 1
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(Settings(db=str(args.db), token="demo-token")), host="127.0.0.1",
                                        port=port, log_level="warning"))
    threading.Thread(target=srv.run, daemon=True).start()
    while not srv.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    first_word = name.split()[0]
    pages = {
        "home": "/", "search": f"/search?q={first_word}", "article": f"/articles/{art}",
        "speaker": f"/speakers/{speaker}", "story": f"/stories/{story}", "ingest": "/ingest",
    }
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        for label, path in pages.items():
            page.goto(base + path)
            page.screenshot(path=str(args.out / f"{label}.png"), full_page=label not in ("article", "speaker"))
            print(f"{label}: {path}")
        browser.close()
    srv.should_exit = True


if __name__ == "__main__":
    main()
