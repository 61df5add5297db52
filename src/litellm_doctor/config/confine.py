"""CI and pre-commit runs read configs only from inside the workspace.

A pull request can add `config.yaml` as a symlink to `~/.docker/config.json`, `/home/runner/.kube/config` or any file
the runner can read (or an `include:` naming one): `check` then prints that file's top-level keys, its lines and
values as findings, annotations and SARIF results that the pull request's author reads in the job log. So in CI and
in the pre-commit hook, a config (or an included file, or the `.env` read beside it) that is named inside the
workspace but whose real path lies outside it is refused (InputError: one line, exit 2).

Symlinks as such stay allowed: a Kubernetes ConfigMap mounts `config.yaml -> ..data/config.yaml -> ..2024_…/config.yaml`,
all inside the mounted directory; a repository may link `config.yaml -> deploy/prod.yaml`. A path *named* outside the
workspace (`check /etc/litellm/config.yaml`, a file rendered into `$RUNNER_TEMP`) is the workflow's own explicit
choice, written in the workflow file (whose author can run any command anyway), not a file a pull request planted:
it is read. Interactive runs are not confined at all (a developer's own link to a shared config is no attack on them).

Every command that reads a config is confined the same way (`confined_reads`): `check`, and `diagnose --config`,
`probe --config` and `report --config` (which prints the config's own lines), with the settings file, the `.env`,
the includes and the deployment files they read beside it; and every command's `--rules-dir` files
(diagnosis/rulebook.py).

The workspace, in this order:
- `GITHUB_WORKSPACE`: the directory GitHub Actions gives the job; every checkout of the job lives below it (even
  `actions/checkout` with `path:`), and what is outside it (the runner's home, tool cache, credentials) is not the
  repository's;
- `CI_PROJECT_DIR`: GitLab CI's clone of the repository;
- the git top level above the working directory (found by walking up to `.git`, a directory or a worktree's file;
  no `git` process): pre-commit runs from it, and a committed link can only point to what the repository holds
  when it stays below it;
- else the working directory itself.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import InputError

PRE_COMMIT = False  # set by config/precommit.py's entry point: always confined


class OutsideWorkspace(InputError):
    """A file refused in CI or pre-commit: its real path leaves the workspace. Never a note in a report's section
    (`report`'s config section says why a config does not load): the run's one-line error."""


def in_ci(environ: "os._Environ[str] | dict[str, str] | None" = None) -> bool:
    """GitHub Actions, GitLab CI and most CI services set CI=true (GitHub also GITHUB_ACTIONS=true)."""
    env = os.environ if environ is None else environ
    if env.get("GITHUB_ACTIONS", "").lower() == "true":
        return True
    ci = env.get("CI", "").strip().lower()
    return bool(ci) and ci not in {"0", "false", "no", "off"}


def _git_top(start: str) -> str | None:
    here = start
    for _ in range(256):
        if os.path.lexists(os.path.join(here, ".git")):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent
    return None


def workspace(environ: "os._Environ[str] | dict[str, str] | None" = None) -> str:
    env = os.environ if environ is None else environ
    for name in ("GITHUB_WORKSPACE", "CI_PROJECT_DIR"):
        value = env.get(name, "")
        if value and "\0" not in value and os.path.isdir(value):
            return os.path.abspath(value)
    cwd = os.getcwd()
    return _git_top(cwd) or cwd


def confinement() -> str | None:
    """The workspace to confine configs to in this run, else None (an interactive run)."""
    if PRE_COMMIT or in_ci():
        try:
            return workspace()
        except OSError:  # the working directory was removed
            return None
    return None


def inside(path: str | os.PathLike[str], root: str) -> bool:
    """`path`'s real path is `root` or below it."""
    try:
        return _below(os.path.realpath(path), os.path.realpath(root))
    except (OSError, ValueError):
        return False


def _below(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def check_inside(path: str | os.PathLike[str], root: str | None, kind: str = "config", *, named_by_file: bool = False) -> None:
    """Raise InputError when `path` is named inside `root` but its real path (links followed) is outside it.
    `named_by_file`: the name comes from a file's content (an `include:`, the `.env` beside the config), not from
    the command line: its real path must be inside `root` wherever the name points (`include: ../../../x.yaml`)."""
    if root is None:
        return
    try:
        named = os.path.normpath(os.path.abspath(path))
        real = os.path.realpath(path)
        real_root = os.path.realpath(root)
    except (OSError, ValueError):
        return  # the read that follows says what is wrong with the name
    if not named_by_file and not (_below(named, os.path.abspath(root)) or _below(named, real_root)):
        return  # named outside the workspace on the command line: the workflow's own choice
    if _below(real, real_root):
        return
    from .loader import display_path

    raise OutsideWorkspace(
        f"{display_path(Path(path))} ({kind}) resolves to a file outside the workspace ({real_root}): not read in CI "
        "or pre-commit (a link or include in the repository must not print another file's content); "
        "name the file itself on the command line to check it"
    )


# The workspaces of the `confined_reads` blocks open now, in any thread, and what CONFINED_TO was before the first.
_LOCK = threading.Lock()
_OPEN: list[str] = []
_OUTSIDE: list["str | None"] = []


@contextmanager
def confined_reads() -> Iterator[str | None]:
    """While it lasts, in CI or pre-commit, every file read through the bounded reader (boundedio.CONFINED_TO: a
    config, its settings file, `.env`, deployment files) that is named inside the workspace must be inside it; gives
    the workspace (for `load_config(confine=…)`: its includes and its `.env`), else None. The previous confinement
    is restored after the last open block ends (a process running several commands, as the tests do, is not confined
    by an earlier one's).

    Blocks open in several threads at once (`probe` reads the deployment files beside the config in its background
    thread while the requests are in flight) keep the reads confined until the last of them ends: a block that saved
    the value and put it back on leaving unconfined another thread's block still reading, when it ended first."""
    from .. import boundedio

    root = confinement()
    if root is None:
        yield None
        return
    with _LOCK:
        if not _OPEN:
            _OUTSIDE[:] = [boundedio.CONFINED_TO]
        _OPEN.append(root)
        boundedio.CONFINED_TO = root
    try:
        yield root
    finally:
        with _LOCK:
            _OPEN.remove(root)
            boundedio.CONFINED_TO = _OPEN[-1] if _OPEN else _OUTSIDE[0]
