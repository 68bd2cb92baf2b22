"""newsledger.cli_params converts option values as Typer's pydantic adapters do, errors included."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer.core
import typer.main

import newsledger.cli as cli

ROOT = Path(__file__).resolve().parent.parent
build = typer.core.build_runtime_param
pytestmark = pytest.mark.skipif(not getattr(build, "newsledger_fast", False),
                                reason="this Typer's internals differ: the fast converter is not installed")

# Numbers in the forms pydantic reads differently from int()/float() or not at all, choices in
# every case, paths that exist or not, a non-UTF-8 argument (surrogate escape) and empty values.
VALUES: list[Any] = [
    "5", "007", "0", "-1", "+3", " 5", "5 ", "5.0", "1.5", ".5", "5.", "1_000", "1e3", "nan", "inf",
    "65535", "65536", "9223372036854775807", "9223372036854775808", "99999999999999999999", "\u0661\u0662",
    "", "abc", "json", "JSON", "jsonl", "text", "csv", "quotes", "README.md", str(ROOT), "/no/such/dir/x",
    "a//b/", "-", "\udc80x", "true", "no", 3, 2.5, True, None, Path("README.md"),
]


def _params() -> list[tuple[str, Any, Any]]:
    group = typer.main.get_command(cli.app)
    out = [("newsledger", group, p) for p in group.params]
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        out += [(name, cmd, p) for p in cmd.params]
        for sub_name, sub in getattr(cmd, "commands", {}).items():
            out += [(f"{name} {sub_name}", sub, p) for p in sub.params]
    return out


def _outcome(runtime: Any, value: Any, param: Any, ctx: Any) -> tuple[str, Any]:
    try:
        result = runtime.coerce(value, param=param, ctx=ctx)
    except Exception as e:  # compared: the same kind of error with the same message
        message = e.format_message() if hasattr(e, "format_message") else str(e)
        return f"error {type(e).__name__}", message
    return f"value {type(result).__name__}", repr(result)  # repr: nan equals itself


def test_every_parameter_of_every_command_converts_as_typer_does() -> None:
    checked = fast = 0
    for command_name, command, param in _params():
        ctx = typer.core.TyperCommand.context_class(command, info_name=command_name)
        descriptor = param.type_descriptor
        mine, typers = build(descriptor), build.original(descriptor)
        multi = param.multiple or param.nargs == -1
        lists = [[v] for v in VALUES[:12]] + [("a", "b"), ["README.md", 3]]
        values = VALUES + [param.default] + (lists if multi else [])
        for value in values:
            assert _outcome(mine, value, param, ctx) == _outcome(typers, value, param, ctx), (command_name, param.name,
                                                                                              value)
            checked += 1
        fast += type(mine).__name__ == "FastRuntimeParam"
    assert checked > 1000 and fast > 50  # every command's options were compared, most took the fast path


def test_plain_values_do_not_import_pydantic() -> None:
    import subprocess
    import sys

    sample = ROOT / "newsledger" / "samples" / "harbourledger-council-budget.html"
    code = (
        "import contextlib, io, sys\n"
        "from newsledger.cli import main\n"
        f"sys.argv = ['newsledger', 'extract', {str(sample)!r}, '--workers', '0', '--format', 'json',"
        " '--timeout', '20', '--max-bytes', '1000000']\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit as e:\n"
        "        assert not e.code, e.code\n"
        "print('pydantic' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False"]


def test_a_bad_value_still_gets_typers_own_message() -> None:
    from typer.testing import CliRunner

    result = CliRunner().invoke(cli.app, ["extract", "x", "--max-bytes", "0"])
    assert result.exit_code == 2
    assert "Input should be greater than or equal to 1" in result.output


def test_one_command_app_answers_as_the_whole_app() -> None:
    """`newsledger COMMAND ...` runs a copy of the app holding only COMMAND: same help and usage errors."""
    from typer.testing import CliRunner

    names = [info.name or typer.main.get_command_name(info.callback.__name__)
             for info in cli.app.registered_commands if info.callback]
    assert len(names) > 15
    runner = CliRunner()
    for name in names:
        one = cli._app_for([name, "--help"])
        assert one is not cli.app and len(one.registered_commands) == 1
        for args in ([name, "--help"], [name, "--no-such-option"], [name, "--db"]):
            mine, whole = runner.invoke(one, args), runner.invoke(cli.app, args)
            assert (mine.exit_code, mine.output) == (whole.exit_code, whole.output), args
    for args in ([], ["--help"], ["--version"], ["extrac"], ["--version", "extract"]):
        assert cli._app_for(args) is cli.app
