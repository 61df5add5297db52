"""Output formats: one module per format, looked up by name (imports stay lazy)."""

from __future__ import annotations

from importlib import import_module

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
    return getattr(import_module(f"{__name__}.{module}"), cls)(color=color, width=width, verbose=verbose)
