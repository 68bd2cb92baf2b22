"""The command line's start-up imports only what every command needs (issue #15: start-up time)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Each of these costs tens of milliseconds (py3langid's model, 0.5-0.7 s) and is needed by few commands:
# the analysis stage (regex tables of its rules), the progress bar (drawn only on a terminal),
# py3langid (short texts only) and spaCy; the plain-text extractor (imports and line model, 25-30 ms),
# which a run over HTML never needs; Rich (only drawn for people: off a terminal `extract` draws nothing)
# and charset-normalizer (only for a page neither UTF-8 nor declared), together a quarter of the import.
LAZY = ("newsledger.analyze", "rich.progress", "py3langid", "spacy", "newsledger.extract.text", "rich.console",
        "rich.table", "charset_normalizer")


def _loaded_after(code: str) -> list[str]:
    # A Typer release that imports Rich itself would load it whatever newsledger does: only what
    # newsledger's own imports add is checked.
    typers_own = _lazy_loaded("import typer.main, typer.core")
    return [m for m in _lazy_loaded(code) if m not in typers_own]


def _lazy_loaded(code: str) -> list[str]:
    probe = f"import sys\n{code}\nprint(' '.join(m for m in {LAZY!r} if m in sys.modules))\n"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False, cwd=ROOT,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


def test_importing_the_cli_loads_none_of_the_lazy_modules() -> None:
    assert _loaded_after("import newsledger.cli") == []


@pytest.mark.parametrize("workers", ["0", "1"])  # in process, and warmed in the parent for a forked worker
def test_extract_piped_over_a_page_loads_none_of_them(workers: str) -> None:
    sample = ROOT / "newsledger" / "samples" / "harbourledger-council-budget.html"
    code = (
        "import contextlib, io, sys\n"
        "from newsledger.cli import main\n"
        f"sys.argv = ['newsledger', 'extract', {str(sample)!r}, '--workers', {workers!r}]\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit as e:\n"
        "        assert not e.code, e.code\n"
    )
    assert _loaded_after(code) == []
