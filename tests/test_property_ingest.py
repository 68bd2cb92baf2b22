"""Property: whatever bytes, markup or file names arrive, ingest loses nothing and raises nothing.

Every input ends either stored (raw bytes kept, maybe an article) or in
`failures` with a reason, and the database passes SQLite's integrity,
foreign-key and FTS checks.  Bounded: few examples, no deadline, ~30 s.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis", reason="hypothesis is in the dev extra")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from newsledger.cli import app  # noqa: E402

runner = CliRunner()

_TAGS = ["p", "div", "span", "article", "h1", "title", "script", "style", "a", "br", "table", "td", "meta", "li"]
_WORDS = ["Ketterby", "council", "said", "\"We will rebuild,\"", "according", "to", "about", "900", "&amp;",
          "&#27;", "&#0;", "\x00", "\u202e", "—", "«", "»", "\ufeff", "<!--", "-->", "<![CDATA[", "]]>"]


@st.composite
def html_pages(draw: st.DrawFn) -> bytes:
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 40))):
        kind = draw(st.integers(0, 3))
        if kind == 0:
            parts.append(f"<{draw(st.sampled_from(_TAGS))}{draw(st.sampled_from(['', ' class=x', '/', ' a=']))}>")
        elif kind == 1:
            parts.append(f"</{draw(st.sampled_from(_TAGS))}>")
        elif kind == 2:
            parts.append(" ".join(draw(st.lists(st.sampled_from(_WORDS), max_size=12))))
        else:
            parts.append(draw(st.text(max_size=40)))
    page = "".join(parts)
    enc = draw(st.sampled_from(["utf-8", "utf-16-le", "utf-16", "latin-1", "cp1252"]))
    return page.encode(enc, errors="replace")


def _names() -> st.SearchStrategy[bytes]:
    # File names as bytes, including bytes that are not UTF-8; no "/" or NUL (the OS refuses
    # them) and no leading "." (hidden files are skipped by design).
    byte = st.integers(1, 255).filter(lambda b: b != ord("/"))
    return st.lists(byte, min_size=1, max_size=24).map(bytes).filter(lambda b: not b.startswith(b"."))


inputs = st.lists(
    st.tuples(_names(), st.one_of(st.binary(max_size=2048), html_pages())),
    min_size=1, max_size=6, unique_by=lambda t: t[0],
)


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="needs byte file names (POSIX, not macOS)")
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=inputs)
def test_ingest_loses_nothing_and_never_raises(files: list[tuple[bytes, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = os.path.join(os.fsencode(tmp), b"in")
        os.mkdir(folder)
        for name, data in files:
            with open(os.path.join(folder, name), "wb") as f:
                f.write(data)
        db = Path(tmp) / "n.db"
        res = runner.invoke(app, ["ingest", os.fsdecode(folder), "--db", str(db), "--no-analyze", "--timeout", "10"])
        assert res.exception is None or isinstance(res.exception, SystemExit), res.output
        assert res.exit_code in (0, 1), res.output
        con = sqlite3.connect(db)
        try:
            sources = {row[0] for row in con.execute(
                "SELECT coalesce(source_raw, CAST(source AS BLOB)) FROM inputs"
                " UNION SELECT coalesce(source_raw, CAST(source AS BLOB)) FROM failures"
            )}
            for name, _ in files:
                # A file read as a container (WARC, JSONL, feed) is recorded record by record: PATH#POSITION.
                path = os.path.join(folder, name)
                assert path in sources or any(s.startswith(path + b"#") for s in sources), name
            # Every stored or refused input's bytes are kept (all of these are within the size bound).
            # (Files read as containers keep their records' bytes instead: not counted here.)
            whole = [(name, data) for name, data in files if os.path.join(folder, name) in sources]
            n_raw = con.execute("SELECT count(*) FROM raw_inputs").fetchone()[0]
            assert n_raw >= len({data for _, data in whole})
            if len(whole) == len(files):
                assert n_raw == len({data for _, data in files})
            reasons = con.execute("SELECT reason FROM failures WHERE reason = '' OR reason IS NULL").fetchall()
            assert reasons == []
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert con.execute("PRAGMA foreign_key_check").fetchall() == []
            con.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
        finally:
            con.close()
