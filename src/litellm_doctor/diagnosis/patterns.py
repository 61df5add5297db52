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

from ..regexcache import rx

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
            self._compiled = rx(self.pattern, FLAGS)  # from an earlier run's code when it has it
        return self._compiled

    @property
    def groupindex(self):
        return self.compiled.groupindex

    def could_match(self, text: str, lowered: str) -> bool:
        haystack = lowered if self.icase else text
        # Plain loops, not all(any(<generator>)): this runs for every pattern of the library on every text
        # classified (~1,000 times a text), and two generators a call were a third of the classification.
        for clause in self.requires:
            for alt in clause:
                if alt in haystack:
                    break
            else:
                return False
        return True

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
    except (re.error, OverflowError, RecursionError):
        return ()
    runs, clauses = _runs(list(parsed))
    # Longest first; equal lengths in text order (a set's order changes with the hash seed, and so
    # would the index built from it).
    singles = sorted({r for r in runs if len(r) >= _MIN_LITERAL}, key=lambda r: (-len(r), runs.index(r)))[:2]
    result = [(r,) for r in singles]
    result += sorted(clauses, key=lambda c: min(len(a) for a in c), reverse=True)[:1]
    return tuple(result)


# -- catastrophic backtracking (ReDoS) ---------------------------------------------------------------
# Python's `re` backtracks: `(a+)+$`, `(a|a)*b` or `(\w+\s?)*$` take exponential time on a line of
# 30 `a`s that does not match, and the tool reads up to 512 KiB of text. Every rule regex (built-in
# or from --rules-dir) is read once, when the library is built, and refused when a repeat can split
# the same text among its iterations in many ways:
#
# - a nested quantifier: a repeat (at most > 1) whose body holds an unbounded repeat, unless each
#   iteration starts or ends with a character the inner repeats cannot match (`(?:\w+\.)*` is fine:
#   every iteration ends at the `.`);
# - an ambiguous alternation: a repeat over alternatives that can begin with the same character
#   (`(a|ab)*`, `(\w|\d)+`), unless they are plain strings none of which is a prefix of another.
#
# Possessive repeats (`*+`, `++`) and atomic groups (`(?>…)`) never backtrack into what they matched,
# so they are the way out the error message suggests. This is a sufficient check, not a complete one
# (it may refuse a harmless regex; rewriting it with a possessive repeat always satisfies it).

_MAXREPEAT = _sre.MAXREPEAT
_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT)
_ATOMIC = tuple(op for op in (getattr(_sre, "POSSESSIVE_REPEAT", None), getattr(_sre, "ATOMIC_GROUP", None)) if op is not None)
_SAMPLE = "".join(map(chr, range(256))) + "\u0100\u00e9\u4e2d\u0416\u2028\u3000\u200b\U0001f600"
_CATEGORY_SOURCE = {
    "CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s", "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W",
}


def _category_chars(category: object) -> frozenset[str]:
    source = _CATEGORY_SOURCE.get(str(category))
    if source is None:  # line-break categories and the like: assume anything
        return frozenset(_SAMPLE)
    rx = re.compile(source)
    return frozenset(c for c in _SAMPLE if rx.match(c))


class _Analyser:
    def __init__(self, flags: int) -> None:
        self.icase = bool(flags & re.IGNORECASE)
        self.dotall = bool(flags & re.DOTALL)
        self.problem: str | None = None

    def _fold(self, chars: set[str]) -> frozenset[str]:
        if self.icase:
            chars |= {c.lower() for c in chars} | {c.upper() for c in chars if len(c.upper()) == 1}
        return frozenset(chars)

    def leaf(self, op, arg) -> frozenset[str] | None:
        """The characters a one-character node matches (None when `op` is not one)."""
        if op is _sre.LITERAL:
            return self._fold({chr(arg)})
        if op is _sre.NOT_LITERAL:
            return frozenset(c for c in _SAMPLE if c not in self._fold({chr(arg)}))
        if op is _sre.ANY:
            return frozenset(_SAMPLE if self.dotall else _SAMPLE.replace("\n", ""))
        if op is _sre.IN:
            chars: set[str] = set()
            negate = False
            for item_op, item_arg in arg:
                if item_op is _sre.NEGATE:
                    negate = True
                elif item_op is _sre.LITERAL:
                    chars.add(chr(item_arg))
                elif item_op is _sre.RANGE:
                    low, high = item_arg
                    chars |= {c for c in _SAMPLE if low <= ord(c) <= high}
                elif item_op is _sre.CATEGORY:
                    chars |= _category_chars(item_arg)
                else:  # pragma: no cover - an unusual set item: assume anything
                    chars |= set(_SAMPLE)
            folded = self._fold(chars)
            return frozenset(c for c in _SAMPLE if c not in folded) if negate else folded
        return None

    def first(self, items) -> tuple[frozenset[str], bool]:
        """(characters a match of the sequence can start with, can it match the empty string)."""
        out: set[str] = set()
        for op, arg in items:
            chars, nullable = self.first_of(op, arg)
            out |= chars
            if not nullable:
                return frozenset(out), False
        return frozenset(out), True

    def first_of(self, op, arg) -> tuple[frozenset[str], bool]:
        leaf = self.leaf(op, arg)
        if leaf is not None:
            return leaf, False
        if op is _sre.SUBPATTERN:
            return self.first(arg[-1])
        if op is getattr(_sre, "ATOMIC_GROUP", None):
            return self.first(arg)
        if op in _REPEATS or op is getattr(_sre, "POSSESSIVE_REPEAT", None):
            low, _high, body = arg
            chars, nullable = self.first(body)
            return chars, nullable or low == 0
        if op is _sre.BRANCH:
            chars: set[str] = set()
            nullable = False
            for alt in arg[1]:
                c, n = self.first(alt)
                chars |= c
                nullable = nullable or n
            return frozenset(chars), nullable
        if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            return frozenset(), True
        return frozenset(_SAMPLE), True  # group references, conditionals: assume anything

    def repeated_chars(self, items) -> frozenset[str]:
        """Characters consumed by the unbounded (or long) repeats inside a sequence, atomic parts aside."""
        out: set[str] = set()
        for op, arg in items:
            if op in _ATOMIC:
                continue
            if op in _REPEATS:
                low, high, body = arg
                if high == _MAXREPEAT or high >= 16:
                    out |= self.all_chars(body)
                out |= self.repeated_chars(body)
            elif op is _sre.SUBPATTERN:
                out |= self.repeated_chars(arg[-1])
            elif op is _sre.BRANCH:
                for alt in arg[1]:
                    out |= self.repeated_chars(alt)
        return frozenset(out)

    def all_chars(self, items) -> frozenset[str]:
        out: set[str] = set()
        for op, arg in items:
            leaf = self.leaf(op, arg)
            if leaf is not None:
                out |= leaf
            elif op is _sre.SUBPATTERN:
                out |= self.all_chars(arg[-1])
            elif op in _REPEATS or op is getattr(_sre, "POSSESSIVE_REPEAT", None):
                out |= self.all_chars(arg[2])
            elif op is getattr(_sre, "ATOMIC_GROUP", None):
                out |= self.all_chars(arg)
            elif op is _sre.BRANCH:
                for alt in arg[1]:
                    out |= self.all_chars(alt)
            elif op not in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
                out |= set(_SAMPLE)
        return frozenset(out)

    @staticmethod
    def _flatten(items) -> list:
        """A sequence with plain groups opened up: `(?:a+)(b)` reads as `a+ b`."""
        out = []
        for op, arg in items:
            if op is _sre.SUBPATTERN:
                out += _Analyser._flatten(arg[-1])
            else:
                out.append((op, arg))
        return out

    def delimited(self, body, inner: frozenset[str]) -> bool:
        """Does every iteration of `body` start or end with a character its inner repeats cannot match?"""
        flat = self._flatten(body)
        for op, arg in (flat[:1] + flat[-1:]):
            leaf = self.leaf(op, arg)
            if leaf is not None and not (leaf & inner):
                return True
        return False

    def literal_string(self, items) -> str | None:
        flat = self._flatten(items)
        if all(op is _sre.LITERAL for op, _ in flat):
            return "".join(chr(arg) for _, arg in flat)
        return None

    def ambiguous_branch(self, body) -> bool:
        """Does an alternation directly in `body` have two alternatives that can match the same text?
        (`re` factors common prefixes out: `(a|a)` parses as `a(?:|)`, `(a|aa)` as `a(?:|a)`.)"""
        for op, arg in self._flatten(body):
            if op is not _sre.BRANCH:
                continue
            alternatives = arg[1]
            strings = [self.literal_string(alt) for alt in alternatives]
            if all(s is not None for s in strings):
                folded = [s.lower() if self.icase else s for s in strings]  # type: ignore[union-attr]
                if any(a.startswith(b) for i, a in enumerate(folded) for j, b in enumerate(folded) if i != j):
                    return True
                continue
            firsts = [self.first(alt) for alt in alternatives]
            if any(nullable for _chars, nullable in firsts):
                return True
            if any(firsts[i][0] & firsts[j][0] for i in range(len(firsts)) for j in range(i + 1, len(firsts))):
                return True
        return False

    def walk(self, items) -> None:
        for op, arg in items:
            if self.problem:
                return
            if op in _ATOMIC:
                continue  # never backtracked into: safe whatever is inside
            if op in _REPEATS:
                low, high, body = arg
                if high == _MAXREPEAT or high > 1:
                    inner = self.repeated_chars(body)
                    if inner and not self.delimited(body, inner):
                        self.problem = "nested quantifier: a repeated group contains an unbounded repeat of the same characters"
                        return
                    if self.ambiguous_branch(body):
                        self.problem = "ambiguous alternation under a repeat: two alternatives can match the same text"
                        return
                self.walk(body)
            elif op is _sre.SUBPATTERN:
                self.walk(arg[-1])
            elif op is _sre.BRANCH:
                for alt in arg[1]:
                    self.walk(alt)
            elif op in (_sre.ASSERT, _sre.ASSERT_NOT):
                self.walk(arg[1])


def catastrophic(pattern: str, flags: int = FLAGS) -> str | None:
    """Why `pattern` can backtrack exponentially (a one-line reason), or None when it cannot."""
    try:
        parsed = _sre_parse.parse(pattern, flags)
    except (re.error, OverflowError, RecursionError):
        return None
    analyser = _Analyser(parsed.state.flags if hasattr(parsed, "state") else flags)
    analyser.walk(list(parsed))
    if analyser.problem is None:
        return None
    return (f"{analyser.problem} (catastrophic backtracking: it can take exponential time on text it does not "
            "match); rewrite it without the nested repeat, or make the inner one possessive (`\\w++`) or "
            "atomic (`(?>...)`)")
