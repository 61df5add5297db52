"""Rule regexes that cost nothing until they could match.

Compiling ~400 regexes on every run would cost ~90 ms, most of the 150 ms budget of a pasted error.
So each pattern carries the literal strings any match of it must contain (read once from the regex's
parse tree, then cached with the library), and is compiled only when those literals occur in the
text. The prefilter never changes a result: a literal is recorded only when every match contains it.
"""

from __future__ import annotations

import re

try:  # Python 3.11+
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

FLAGS = re.MULTILINE
_MIN_LITERAL = 3


class Pattern:
    """A regex with a literal prefilter. `requires` is a tuple of clauses; each clause is a tuple
    of alternatives, one of which must occur in the text (lower-cased when `icase`)."""

    __slots__ = ("pattern", "requires", "icase", "_compiled")

    def __init__(self, pattern: str, requires: tuple[tuple[str, ...], ...], icase: bool) -> None:
        self.pattern = pattern
        self.requires = requires
        self.icase = icase
        self._compiled: re.Pattern[str] | None = None

    @classmethod
    def from_source(cls, pattern: str) -> "Pattern":
        """Validate and analyse a regex (raises re.error). Used when (re)building the library."""
        compiled = re.compile(pattern, FLAGS)
        icase = bool(compiled.flags & re.IGNORECASE) or "(?i" in pattern
        requires = required_literals(pattern)
        if icase:
            requires = tuple(tuple(alt.lower() for alt in clause) for clause in requires)
        obj = cls(pattern, requires, icase)
        obj._compiled = compiled
        return obj

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, FLAGS)
        return self._compiled

    @property
    def groupindex(self):
        return self.compiled.groupindex

    def could_match(self, text: str, lowered: str) -> bool:
        haystack = lowered if self.icase else text
        return all(any(alt in haystack for alt in clause) for clause in self.requires)

    def search(self, text: str, lowered: str | None = None) -> re.Match[str] | None:
        if self.requires and not self.could_match(text, lowered if lowered is not None else text.lower()):
            return None
        return self.compiled.search(text)


# -- literal analysis ------------------------------------------------------------------------------
def _runs(items) -> tuple[list[str], list[tuple[str, ...]]]:
    """Required literal runs of a parsed sequence, and required OR-clauses found in branches."""
    runs: list[str] = []
    clauses: list[tuple[str, ...]] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            runs.append("".join(current))
            current.clear()

    for op, arg in items:
        if op is _sre.LITERAL:
            current.append(chr(arg))
            continue
        if op is _sre.AT:  # ^ $ \b: zero-width, but a run across them is not contiguous text
            flush()
            continue
        flush()
        if op is _sre.SUBPATTERN:
            sub_runs, sub_clauses = _runs(arg[-1])
            runs += sub_runs
            clauses += sub_clauses
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)):
            low, _high, body = arg
            if low >= 1:
                sub_runs, sub_clauses = _runs(body)
                runs += sub_runs
                clauses += sub_clauses
        elif op is _sre.BRANCH:
            alternatives = []
            for alt in arg[1]:
                alt_runs, _ = _runs(alt)
                best = max(alt_runs, key=len, default="")
                if len(best) < _MIN_LITERAL:
                    alternatives = []
                    break
                alternatives.append(best)
            if alternatives:
                clauses.append(tuple(alternatives))
        elif op is _sre.ASSERT:  # a positive lookahead's text is in the input too
            direction, body = arg
            if direction == 1:
                sub_runs, sub_clauses = _runs(body)
                runs += sub_runs
                clauses += sub_clauses
        # everything else (classes, ANY, negative asserts, group refs) requires no literal
    flush()
    return runs, clauses


def required_literals(pattern: str) -> tuple[tuple[str, ...], ...]:
    """Up to three clauses of literals every match of `pattern` contains (longest first)."""
    try:
        parsed = _sre_parse.parse(pattern, FLAGS)
    except re.error:
        return ()
    runs, clauses = _runs(list(parsed))
    singles = sorted({r for r in runs if len(r) >= _MIN_LITERAL}, key=len, reverse=True)[:2]
    result = [(r,) for r in singles]
    result += sorted(clauses, key=lambda c: min(len(a) for a in c), reverse=True)[:1]
    return tuple(result)
