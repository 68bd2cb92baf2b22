"""`newsledger extract` reads and decodes each input in its worker: same records as in process."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from newsledger.cli import app

runner = CliRunner()

# Fictional pages (invented town, people and numbers).
PAGE = """<!doctype html><html lang="en"><head><title>Ferry vote {n} in Lornbury</title></head>
<body><article><h1>Ferry vote {n} in Lornbury</h1>
<p>The harbour board of Lornbury voted {n} times on Tuesday to keep the evening ferry, its chair Mara Quell said.</p>
<p>About 1,{n}00 passengers use the ferry every week, and the board expects more once the pier reopens in May.</p>
<p>"We will not cut the last boat home," Quell told reporters after the meeting, which ran past midnight.</p>
</article></body></html>"""


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.html").write_text(PAGE.format(n=1), encoding="utf-8")
    (folder / "b.html.gz").write_bytes(gzip.compress(PAGE.format(n=2).encode("utf-8")))
    (folder / "c-empty.html").write_text("  \n", encoding="utf-8")
    (folder / "d.html").write_bytes(PAGE.format(n=4).encode("cp1252").replace(b"Quell", b"Qu\xe9ll"))
    return folder


def _records(args: list[str], stdin: str | None = None) -> list[dict[str, Any]]:
    res = runner.invoke(app, ["extract", *args], input=stdin)
    assert res.exit_code == 0, res.output
    return [json.loads(line) for line in res.stdout.splitlines()]


def test_workers_give_the_records_of_the_in_process_path(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    missing = str(tmp_path / "missing.html")
    in_process = _records([str(folder), missing, "--workers", "0"])
    in_workers = _records([str(folder), missing, "--workers", "2"])
    assert in_workers == in_process
    assert [Path(r["path"]).name for r in in_workers] == ["a.html", "b.html.gz", "c-empty.html", "d.html",
                                                                  "missing.html"]
    assert in_workers[1]["title"] == "Ferry vote 2 in Lornbury"  # gunzipped in the worker
    assert "Quéll" in in_workers[3]["text"]  # decoded (cp1252) in the worker
    errors = {i: r["error"] for i, r in enumerate(in_workers) if "error" in r}
    assert list(errors) == [2, 4]
    assert errors[2]["stage"] == "ingest" and errors[2]["reason"] == "empty"  # refused at reading, in the worker
    assert errors[4]["reason"] == "not-found"


def test_stdin_is_read_by_the_parent_between_files(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    records = _records([str(folder / "a.html"), "-", str(folder / "b.html.gz"), "--workers", "2",
                        "--url", "https://lornbury.example/ferry"], stdin=PAGE.format(n=7))
    assert [r["title"] for r in records] == ["Ferry vote 1 in Lornbury", "Ferry vote 7 in Lornbury",
                                             "Ferry vote 2 in Lornbury"]
    assert records[1]["path"] == "-" and records[1]["url"] == "https://lornbury.example/ferry"
