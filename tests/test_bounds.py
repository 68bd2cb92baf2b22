"""The hard per-input time bound of `extract` and `attributions`, the plain run summary, reprocess's total.

Issues #14 and #13.  The hostile page is 200,000 ``<div/>`` (about 1.2 MB): the HTML parser spends
minutes on it inside C code, where SIGALRM cannot stop it, so only a worker killed at the bound ends
it.  Each command runs as a subprocess with its own ``timeout=`` as the test's bound: a command that
hangs fails the test instead of hanging the suite; nothing asserts on a measured time.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsledger import output
from newsledger.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()

# Fictional pages: an invented town, harbour board and speaker.
PAGE = ("<html><head><title>Ferry vote {n} in Lornbury</title></head><body><article>"
        "<p>The harbour board of Lornbury said on Friday that the ferry would run again from May, "
        "a spokesperson told reporters at the pier.</p>"
        "<p>\"We are confident the timetable will hold,\" said Mara Quell, the chair of the board. "
        "She said 14 sailings a week were planned.</p></article></body></html>")


def _pages(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    first, last = folder / "a-first.html", folder / "c-last.html"
    first.write_text(PAGE.format(n=1), encoding="utf-8")
    hostile = folder / "b-divs.html"
    hostile.write_text("<html><body>" + "<div/>" * 200_000 + "</body></html>", encoding="utf-8")
    last.write_text(PAGE.format(n=2), encoding="utf-8")
    return [first, hostile, last]


def _cli(*args: str, bound: float) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "newsledger.cli", *args], capture_output=True, text=True,
                          env=env, timeout=bound, cwd=ROOT)


def test_extract_kills_a_parser_stuck_in_c_at_the_bound_and_goes_on(tmp_path: Path) -> None:
    paths = _pages(tmp_path / "in")
    # --timeout 3: the stuck page would take minutes; the run must end within a small multiple of 3 s
    # (60 s allows for start-up on a loaded machine).
    res = _cli("extract", *map(str, paths), "--timeout", "3", "--workers", "1", bound=60)
    assert res.returncode == 0, res.stderr
    records = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["path"] for r in records] == [str(p) for p in paths]  # input order, one object each
    assert records[1]["error"]["reason"] == "timeout" and records[1]["error"]["stage"] == "extract"
    assert records[0]["title"] == "Ferry vote 1 in Lornbury" and records[2]["title"] == "Ferry vote 2 in Lornbury"
    assert "b-divs.html: extract timeout" in res.stderr


def test_attributions_kills_a_parser_stuck_in_c_at_the_bound_and_goes_on(tmp_path: Path) -> None:
    from newsledger.analyze import ModelMissingError, load_nlp

    try:
        load_nlp()
    except ModelMissingError as e:
        pytest.skip(f"attributions needs the spaCy model: {e}")
    paths = _pages(tmp_path / "in")
    res = _cli("attributions", *map(str, paths), "--timeout", "3", bound=90)
    assert res.returncode == 0, res.stderr
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    seen = [r["path"] for r in rows]
    assert str(paths[0]) in seen and str(paths[2]) in seen and str(paths[1]) not in seen
    assert seen == sorted(seen, key=lambda p: [str(x) for x in paths].index(p))  # input order
    assert any(r["speaker"] == "Mara Quell" for r in rows)
    assert "b-divs.html: extract timeout" in res.stderr


def test_reprocess_kills_a_parser_stuck_in_c_at_the_bound_and_goes_on(tmp_path: Path) -> None:
    paths = _pages(tmp_path / "in")
    db = tmp_path / "r.db"
    res = _cli("ingest", *map(str, paths), "--db", str(db), "--no-analyze", "--no-link", "--timeout", "3",
               "--workers", "1", bound=60)
    assert res.returncode == 0, res.stderr
    # The stuck page's raw bytes were kept with its extract timeout; reprocess retries it (and analyses
    # the two others, or records nlp-unavailable without the model), with the same hard bound.
    res = _cli("reprocess", "--db", str(db), "--no-link", "--timeout", "3", "--workers", "1", bound=90)
    assert res.returncode == 0, res.stderr
    assert "  inputs read: 3" in res.stderr.splitlines()
    assert "  articles stored: 2" in res.stderr.splitlines()
    assert "b-divs.html: extract timeout" in res.stderr


def test_worker_path_keeps_order_with_inputs_refused_at_reading(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.html").write_text(PAGE.format(n=1), encoding="utf-8")
    (folder / "b-empty.html").write_text("   \n", encoding="utf-8")
    (folder / "c.html").write_text(PAGE.format(n=3), encoding="utf-8")
    res = runner.invoke(app, ["extract", str(folder), "--workers", "2"])
    assert res.exit_code == 0, res.output
    records = [json.loads(line) for line in res.stdout.splitlines()]
    assert [Path(r["path"]).name for r in records] == ["a.html", "b-empty.html", "c.html"]
    assert records[1]["error"]["reason"] == "empty" and records[1]["error"]["stage"] == "ingest"
    assert records[2]["title"] == "Ferry vote 3 in Lornbury"


def test_workers_must_not_be_negative(tmp_path: Path) -> None:
    p = tmp_path / "a.html"
    p.write_text(PAGE.format(n=1), encoding="utf-8")
    for cmd in ("extract", "attributions"):
        res = runner.invoke(app, [cmd, str(p), "--workers", "-1"])
        assert res.exit_code == 2, res.output


def test_choose_workers() -> None:
    from newsledger.scale.oneshot import choose_workers

    assert choose_workers(None, 0.0, 10) == 0  # no bound asked: in process
    assert choose_workers(3, 0.0, 10) == 3
    assert choose_workers(None, 30.0, 1) == 1  # never more workers than inputs
    assert choose_workers(None, 30.0, None) == 1  # stdin: one input
    assert choose_workers(0, 30.0, 5) == 0
    assert choose_workers(None, 30.0, 0) == 0  # nothing to do: no worker started


def test_run_summary_is_plain_unwrapped_lines_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    p = tmp_path / "a.html"
    p.write_text(PAGE.format(n=1), encoding="utf-8")
    db = tmp_path / ("a-database-name-long-enough-to-pass-eighty-columns-" + "x" * 60 + ".db")
    res = _cli("ingest", str(p), "--db", str(db), "--no-analyze", "--no-link", bound=60)
    assert res.returncode == 0, res.stderr
    lines = res.stderr.splitlines()
    assert "ingest:" in lines and "  inputs read: 1" in lines and "  articles stored: 1" in lines
    assert f"  database: {db}" in lines  # one line, longer than 80 columns, not wrapped
    assert not any(c in res.stderr for c in "│┃━─")  # no box drawing


def test_run_summary_is_a_table_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    p = tmp_path / "a.html"
    p.write_text(PAGE.format(n=1), encoding="utf-8")
    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=120, highlight=False, soft_wrap=True)
    monkeypatch.setattr(output, "err", lambda: terminal)
    res = runner.invoke(app, ["ingest", str(p), "--db", str(tmp_path / "t.db"), "--no-analyze", "--no-link"])
    assert res.exit_code == 0, res.output
    shown = screen.getvalue()
    assert "inputs read" in shown and "│" in shown and "inputs read:" not in shown


def test_reprocess_progress_shows_the_total_of_stale_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    import newsledger.pipeline as pipeline

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(4):
        (folder / f"p{i}.html").write_text(PAGE.format(n=i), encoding="utf-8")
    db = tmp_path / "r.db"
    res = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--no-analyze", "--no-link"])
    assert res.exit_code == 0, res.output
    # Without the model the analysis fails as nlp-unavailable; either way all 4 inputs are stale.
    monkeypatch.setattr(pipeline, "analyze_one", lambda doc, article, timeout: _no_analysis(doc))
    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=200, highlight=False, soft_wrap=True)
    monkeypatch.setattr(output, "err", lambda: terminal)
    res = runner.invoke(app, ["reprocess", "--db", str(db), "--no-link", "--workers", "0"])
    assert res.exit_code == 0, res.output
    shown = screen.getvalue()
    assert "/4" in shown and "%" in shown  # the total (4 stale inputs) and the percentage
    assert "inputs read" in shown


def _no_analysis(doc: Any) -> Any:
    from newsledger.records import Failure

    return Failure(doc.source, "analyze", "nlp-unavailable", "test", doc.sha256)


def _sleep_analysis(doc: Any, article: Any, timeout: Any) -> Any:
    import time

    time.sleep(30)
    raise AssertionError("the time bound did not hold")


def test_reprocess_keeps_the_article_when_its_analysis_is_killed(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import newsledger.scale.oneshot as oneshot
    from newsledger.pipeline import Pipeline
    from newsledger.store import Store

    p = tmp_path / "a.html"
    p.write_text(PAGE.format(n=1), encoding="utf-8")
    db = tmp_path / "k.db"
    res = runner.invoke(app, ["ingest", str(p), "--db", str(db), "--no-analyze", "--no-link"])
    assert res.exit_code == 0, res.output
    monkeypatch.setattr(oneshot, "analyze_one", _sleep_analysis)  # forked workers inherit it
    with Store(db) as store:
        summary = Pipeline(store, timeout=1.0, workers=1).reprocess()
        assert summary.articles == 1 and summary.analysed == 0
        assert dict(summary.failures) == {"timeout": 1}
        assert summary.failed_sources == [(str(p), "analyze", "timeout")]
        assert store.count("articles") == 1
