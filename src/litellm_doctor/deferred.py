"""Standard modules imported on a pasted error's path by another standard module that (almost) never uses them.

`dataclasses` imports `inspect` at its top, which imports `ast`, `dis`, `tokenize`, `linecache`, ... : ~45 M
instructions under callgrind, a fifth of a cold pasted error's run (2026-12-07, Python 3.11), for one use: the
docstring `@dataclass` writes from `inspect.signature` for a class without one (every dataclass of ours has
its own). So the paste path's entry (launch.py) puts a stand-in for `inspect` in `sys.modules` before the
first `dataclasses` import: the first attribute anyone reads from it imports the real module (which then
replaces the stand-in in `sys.modules`) and is read from there. Nothing behaves otherwise; a run that needs
`inspect` (a dataclass without a docstring, typer's help, a traceback) pays for it when it does.
"""

from __future__ import annotations

import sys
from types import ModuleType


class _Deferred(ModuleType):
    """A module imported on the first read of one of its attributes."""

    def __getattr__(self, name: str):
        return getattr(_real(self.__name__), name)


def _real(name: str) -> ModuleType:
    if isinstance(sys.modules.get(name), _Deferred):
        del sys.modules[name]  # else the import below finds the stand-in again
    __import__(name)
    return sys.modules[name]


def defer(name: str) -> None:
    """Make the module `name` (top-level) load on first use, unless it is imported already."""
    if name not in sys.modules:
        sys.modules[name] = _Deferred(name)
