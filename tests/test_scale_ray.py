"""`newsledger run` (local and on a real local Ray) + `load` give the rows `ingest` gives; load is idempotent."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner
from warcdata import gz_each, page, pages, record

from newsledger.cli import app
from newsledger.pipeline import Pipeline, RunSummary
from newsledger.scale.engine import TaskSpec, load_shards, plan_tasks, run_local, run_ray
from newsledger.store import Store

pytest.importorskip("fastwarc", reason="the WARC reader needs FastWARC: pip install 'newsledger[scale]'")
pytest.importorskip("pyarrow", reason="shards are Parquet: pip install 'newsledger[parquet]'")
runner = CliRunner()

QUERIES = {
    "articles": "SELECT sha256, title, text, published, url, language, extract_version, analyze_version,"
                " analysis_skipped FROM articles ORDER BY sha256",
    "attributions": "SELECT a.sha256, t.seq, t.kind, t.speaker, t.cue_text, t.content_text, t.hedge FROM attributions t"
                    " JOIN articles a ON a.id = t.article_id ORDER BY a.sha256, t.seq",
    "figures": "SELECT a.sha256, g.seq, g.text, g.value, g.counted FROM figures g"
               " JOIN articles a ON a.id = g.article_id"
               " ORDER BY a.sha256, g.seq",
    "failures": "SELECT source, stage, reason, detail, count FROM failures ORDER BY source, stage",
    "inputs": "SELECT source, sha256, url, position, record_id, fetched_at, content_type, http_status FROM inputs"
              " ORDER BY source, sha256, url",
    "raw": "SELECT sha256, size, kind, encoding FROM raw_inputs ORDER BY sha256",
}


def corpus(root: Path) -> Path:
    folder = root / "in"
    folder.mkdir()
    recs = [*pages(0, 3), record("https://kelso-tide.example/again", page(1)),
            record("https://kelso-tide.example/gone", b"<p>x</p>", status="404 Not Found")]
    (folder / "crawl.warc.gz").write_bytes(gz_each(recs))
    lines = [json.dumps({"link": f"https://kelso-tide.example/j{i}", "html": page(10 + i).decode()}) for i in range(2)]
    (folder / "export.jsonl").write_text("\n".join([lines[0], "{oops", lines[1]]) + "\n")
    (folder / "single.html").write_bytes(page(20))
    (folder / "fake.warc.gz").write_bytes(b"\x1f\x8b not really")
    return folder


def rows(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    with Store(db) as store:
        return {name: [tuple(r) for r in store.db.execute(sql)] for name, sql in QUERIES.items()}


def specs(folder: Path, out: Path) -> list[TaskSpec]:
    return [TaskSpec(i, t, True, 30.0, 1 << 24, {"url": "link"}, str(out))
            for i, t in enumerate(plan_tasks([str(folder)]))]


def load(db: Path, out: Path) -> RunSummary:
    summary = RunSummary()
    with Store(db) as store:
        load_shards(store, out, summary)
    return summary


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[tuple[Any, ...]]]]:
    root = tmp_path_factory.mktemp("ref")
    folder = corpus(root)
    with Store(root / "local.db") as store:
        s = Pipeline(store).ingest([str(folder)], fields={"url": "link"})
    assert s.articles == 6 and s.duplicates == 1
    return folder, rows(root / "local.db")


def test_local_engine_shards_load_to_the_same_rows(reference: Any, tmp_path: Path) -> None:
    folder, expected = reference
    out = tmp_path / "shards"
    assert sum(r["records"] for r in run_local(specs(folder, out))) == 10
    s = load(tmp_path / "b.db", out)
    assert s.articles == 6 and s.duplicates == 1
    got = rows(tmp_path / "b.db")
    assert got == expected
    assert len(got["attributions"]) > 0
    again = load(tmp_path / "b.db", out)
    assert again.articles == 0 and again.inputs == 0
    assert rows(tmp_path / "b.db") == expected
    res = runner.invoke(app, ["load", str(out), "--db", str(tmp_path / "b.db")])
    assert res.exit_code == 0 and rows(tmp_path / "b.db") == expected


def test_ray_engine_matches_the_local_engine_row_for_row(reference: Any, tmp_path: Path) -> None:
    ray = pytest.importorskip("ray", reason="Ray is not installed: pip install 'newsledger[ray]'")
    folder, expected = reference
    try:
        ray.init(num_cpus=1, include_dashboard=False, log_to_driver=False, _node_ip_address="127.0.0.1")
    except Exception as e:  # a machine where Ray cannot start: say so
        pytest.skip(f"a local Ray could not start: {e}")
    try:
        out = tmp_path / "ray-shards"
        results = list(run_ray(specs(folder, out), address=None, num_cpus=1))
    finally:
        ray.shutdown()
    assert sum(r["records"] for r in results) == 10
    load(tmp_path / "r.db", out)
    assert rows(tmp_path / "r.db") == expected


def test_run_usage_errors(tmp_path: Path) -> None:
    res = runner.invoke(app, ["run", str(tmp_path / "nope"), "--out", str(tmp_path / "o"), "--engine", "local"])
    assert res.exit_code == 2
    res = runner.invoke(app, ["run", str(tmp_path), "--out", str(tmp_path / "o"), "--engine", "spark"])
    assert res.exit_code == 2
    res = runner.invoke(app, ["load", str(tmp_path), "--db", str(tmp_path / "x.db")])
    assert res.exit_code == 2 and not (tmp_path / "x.db").exists()


def test_a_task_kills_a_hung_record_at_its_bound_and_analyses_in_batches(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A run task works its records as `ingest --workers 1` does: a killable worker, nlp.pipe batches."""
    import time

    from newsledger import analyze as analyze_stage
    from newsledger.scale.engine import run_task
    from newsledger.scale.shards import read_records

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(4):
        (folder / f"p{i}.html").write_bytes(page(30 + i))
    # lexbor spends minutes on this page in C code, where SIGALRM cannot reach: only a kill ends it.
    (folder / "p2-bomb.html").write_bytes(b"<html><body>" + b"<div/>" * 200_000 + b"<p>end</p></body></html>")
    sizes = tmp_path / "batches.txt"
    real = analyze_stage.analyze_many

    def counting(articles: Any) -> Any:  # runs in the forked worker: it writes what it saw to a file
        articles = list(articles)
        with sizes.open("a") as f:
            f.write(f"{len(articles)}\n")
        return real(articles)

    monkeypatch.setattr(analyze_stage, "analyze_many", counting)
    started = time.monotonic()
    counts = run_task(TaskSpec(0, [str(folder)], True, 3.0, 1 << 24, {}, str(tmp_path / "out")))
    assert time.monotonic() - started < 60
    assert counts == {"records": 5, "articles": 4, "failures": 1}
    rows_ = [r for p in sorted((tmp_path / "out").glob("records-*.parquet")) for r in read_records(p)]
    bomb = next(r for r in rows_ if r["source"].endswith("p2-bomb.html"))
    failure = json.loads(bomb["failure"])
    assert failure["reason"] == "timeout" and "worker killed" in failure["detail"]
    assert all(r["analysis"] for r in rows_ if r is not bomb)
    assert max(int(n) for n in sizes.read_text().split()) == 4  # the four articles in one nlp.pipe pass
