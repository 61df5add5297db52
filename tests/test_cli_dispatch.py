"""`cli.app_for`: typer builds only the command being run, and that command behaves as in the full app."""

from __future__ import annotations

import io
import sys
from contextlib import redirect_stderr, redirect_stdout

import pytest
import typer.main

from litellm_doctor import cli, output


def _names() -> list[str]:
    commands = [c.name or typer.main.get_command_name(c.callback.__name__) for c in cli.app.registered_commands]
    return commands + [g.name for g in cli.app.registered_groups]


def _run(app, args: list[str]) -> tuple[int, str, str]:
    """`app` run by main() on `args`, in this process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cli, "app_for", lambda _args: app)
        patch.setattr(output, "finish", sys.exit)  # not os._exit: this is the test's process
        patch.setattr(sys, "argv", ["litellm-doctor", *args])
        with redirect_stdout(out), redirect_stderr(err), pytest.raises(SystemExit) as exited:
            cli.main()
    return exited.value.code, out.getvalue(), err.getvalue()


def test_a_command_name_gets_an_app_of_that_command_only():
    assert len(_names()) > 5
    for name in _names():
        only = typer.main.get_command(cli.app_for([name, "--help"]))
        assert list(only.commands) == [name]


@pytest.mark.parametrize("args", [[], ["--help"], ["--version"], ["diagnoze"], ["-f", "json"]])
def test_anything_but_a_command_name_gets_the_full_app(args):
    assert cli.app_for(args) is cli.app


@pytest.mark.parametrize("name", _names())
def test_help_is_the_same_as_in_the_full_app(name, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    one = _run(cli.app_for([name]), [name, "--help"])
    assert one == _run(cli.app, [name, "--help"])
    assert one[0] == 0 and one[1].startswith(f"Usage: litellm-doctor {name} ")


@pytest.mark.parametrize(
    "args",
    [["diagnose", "--bogus"], ["diagnose", "--format", "yaml", "x"], ["check", "--workers", "0"], ["rules", "nope"],
     ["rules", "show"], ["schema", "extra"]],
)
def test_usage_errors_are_the_same_as_in_the_full_app(args):
    one = _run(cli.app_for(args), args)
    assert one == _run(cli.app, args)
    code, _out, err = one
    assert code == 2 and len(err.splitlines()) == 1
