"""Output formats: one module per format, looked up by name (imports stay lazy)."""

from __future__ import annotations

import sys

from .base import Formatter

# name -> (module, class). Modules are imported only when their format is asked for.
FORMATS: dict[str, tuple[str, str]] = {
    "text": ("text", "TextFormatter"),
    "json": ("json_format", "JsonFormatter"),
    "markdown": ("markdown", "MarkdownFormatter"),
    "sarif": ("sarif", "SarifFormatter"),
    "github": ("github", "GithubFormatter"),
    "junit": ("junit", "JunitFormatter"),
}


def get_formatter(name: str, *, color: bool = False, width: int = 100, verbose: bool = False) -> Formatter:
    module, cls = FORMATS[name]
    # importlib.import_module's work, without importing importlib (with warnings, ~1.3 M instructions of a pasted
    # error's run, which imports nothing else of it).
    __import__(f"{__name__}.{module}")
    return getattr(sys.modules[f"{__name__}.{module}"], cls)(color=color, width=width, verbose=verbose)
