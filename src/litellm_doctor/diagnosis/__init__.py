"""The core entry points the CLI (and tests, and other tools) call. Nothing here prints or exits."""

from __future__ import annotations

from .classify import diagnose_text
from ..model import Report
from .rulebook import matching_library
from .textinput import read_error_text


def diagnose(data: bytes | str, *, rules_dir: str | None = None, notes: tuple[str, ...] = ()) -> Report:
    """Classify a pasted error text (one line, traceback, JSON body or log excerpt). When no rule
    matches, the report is a marked best estimate of the category (`Report.answer == "estimate"`), or
    `unknown` when the text shows too little."""
    error = read_error_text(data, notes)
    # Without the rules' texts: the texts of the rules that answer are read when they do (Rule.complete); and
    # of the built-in library only the rules the text can match are made (rulebook.Library).
    return diagnose_text(error, matching_library(rules_dir), estimate=True)
