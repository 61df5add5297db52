"""The rule library: load `rules/*.yaml`, validate each file, analyse its patterns.

A rule is data (rules/README.md). This module checks the schema strictly, because a rule that loads
with a typo in `none:` would silently widen what it matches, and reports every problem as
`file:line: field: what is wrong`.

Parsing ~190 YAML files and analysing their regexes costs ~500 ms, the most of a pasted error's
budget, so the validated library is read from JSON keyed by the rule files' content (names and bytes):
first `rules/_index.json`, built by `python -m litellm_doctor.diagnosis.rulebook` and shipped with the rules (a
test keeps it current), so even the first run after an install is fast; else a copy in the user's cache
directory (`$XDG_CACHE_HOME/litellm-doctor`), written on the first load of any other library (a
`--rules-dir`, or rules edited since the index was built). The content key itself is remembered
in that directory against the files' stat listing, so an unchanged library is not read and hashed on
every run (`content_key`). LITELLM_DOCTOR_NO_CACHE=1 turns all of it off; an unwritable cache
directory is simply not used.
"""

from __future__ import annotations

import json
import os
import re
import zlib
from array import array
from collections import namedtuple
from collections.abc import Callable, Sequence

from ..boundedio import CAPS, open_regular, read_file, read_text
from ..errors import DoctorError, InputError, RuleError
from ..frozen import frozen, replace
from ..model import CATEGORIES, SEVERITIES, RuleInfo
from ..regexcache import rx
from .patterns import Pattern, catastrophic

TYPE_CHECKING = False  # typing's own constant, without importing typing (model.py says why)

if TYPE_CHECKING:
    from typing import Any
    # Imported where a library is parsed or rebuilt, not at the top: pathlib (with the urllib.parse and
    # ipaddress it imports) is ~20 M instructions, ~4 ms of a pasted error's run, and reading the built-in
    # library from its index needs only os.path.
    from pathlib import Path

ID_RE = rx(r"^LD-[A-Z]+-\d{3}$")
NAME_RE = rx(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FACT_NAME = rx(r"^[a-z][a-z0-9_]*$")
_ALLOWED_KEYS = {
    "id", "name", "category", "subcategory", "severity", "title", "why", "match", "facts",
    "priority", "confidence", "symptom", "bare", "steps", "docs", "examples", "config",
}
# Bumped whenever validation gets stricter, so a library cached by an older check is validated again
# (2: catastrophic regexes are refused), or the pattern analysis changes (it is stored with the rules),
# or a rule gains a field (3: `match.none_anywhere`), or the file's layout changes (4: the texts apart,
# 5: the triggers and the head's line offsets before the head, 6: the triggers by anchor, 7: the filter's lists as
# strings, and the literals of each anchor apart, read when a text holds it: `_filter_parts`; 8: `bare`).
_CACHE_FORMAT = 8
_REQUIRED = ("id", "name", "category", "title", "why", "match", "steps", "docs", "examples")


# A named tuple, not a frozen dataclass: as immutable, and ~8x cheaper to create (the class once per
# run, ~0.4 ms, and ~900 instances, on a pasted error's path). `expect` is "match" or "no-match".
# (collections.namedtuple: typing.NamedTuple compiles each annotation at import, as logrecords.py says.)
Example = namedtuple("Example", "expect text")


@frozen
class Rule(RuleInfo):
    """A text rule: regexes over error text (rules/README.md)."""

    any: tuple[Pattern, ...]
    all: tuple[Pattern, ...]
    none: tuple[Pattern, ...]
    facts: tuple[tuple[str, Pattern], ...]
    priority: int
    confidence: float
    examples: tuple[Example, ...]
    subcategory: str = ""
    symptom: bool = False
    # True when the rule's words (a refused connection, an unresolved host, "Invalid API key") are printed by any
    # client, not only for the LLM request: classify.py caps its confidence on a text with no sign of that request.
    bare: bool = False
    # Config keys this rule is about (e.g. `router_settings.cooldown_time`): used to tie a diagnosis
    # to the config lines that govern it.
    config: tuple[str, ...] = ()
    source: str = ""
    # Vetoes that read the whole paste, the context pasted around the error included (`none` reads the
    # error without it, pastedcontext.py): for a veto about the user's setup, e.g. a config's
    # `os.environ/` reference that makes a missing key `deployment/env_var_not_set` (LD-AUTH-009).
    none_anywhere: tuple[Pattern, ...] = ()
    # False for rules from --rules-dir: they run under a time budget (classify.py), since a regex can
    # be slow without being catastrophic, and nobody reviewed them with this library.
    trusted: bool = True
    # Where this rule's texts are (index file, byte offset, length) when it was read without them
    # (`load_rules(details=False)`): title, why, steps, docs, config and examples are then empty until
    # `complete()` reads them.
    details_at: tuple[str, int, int] | None = None

    def complete(self) -> Rule:
        """This rule with its texts. A pasted error's run reads only what matching needs from the index
        (two thirds of it is the rules' texts and examples); the texts of the rules that answer are read
        here, by offset."""
        if self.details_at is None:
            return self
        return replace(self, **_details_of(self), details_at=None)

    def search(
        self, text: str, lowered: str | None = None, veto_text: str | None = None, veto_lowered: str | None = None
    ) -> int | None:
        """Where the rule matches `text` (offset of its earliest positive pattern), or None. The vetoes
        (`none`) read `veto_text` when given: the error without the context pasted around it
        (pastedcontext.py), since a config's `timeout: 120` says nothing about the failure; the
        `none_anywhere` vetoes read the whole `text`."""
        if lowered is None:
            lowered = text.lower()
        first: int | None = None
        if self.any:
            hits = [m.start() for p in self.any if (m := p.search(text, lowered))]
            if not hits:
                return None
            first = min(hits)
        for p in self.all:
            m = p.search(text, lowered)
            if not m:
                return None
            first = m.start() if first is None else min(first, m.start())
        if self.none:
            if veto_text is None:
                veto_text, veto_lowered = text, lowered
            elif veto_lowered is None:
                veto_lowered = veto_text.lower()
            if any(p.search(veto_text, veto_lowered) for p in self.none):
                return None
        if self.none_anywhere and any(p.search(text, lowered) for p in self.none_anywhere):
            return None
        return first


def default_rules_dir() -> Path:
    """`litellm_doctor/rules` inside an installed wheel, else the repo's top-level `rules/`."""
    from pathlib import Path

    return Path(_default_rules_dir())


def _default_rules_dir() -> str:
    """default_rules_dir() as a string, without pathlib (a pasted error's run)."""
    package = os.path.dirname(os.path.dirname(_realpath(__file__)))
    packaged = os.path.join(package, "rules")
    if os.path.isdir(packaged):
        return packaged
    return os.path.join(os.path.dirname(os.path.dirname(package)), "rules")


def _first_line(path: Path, test: Callable[[int, str], bool]) -> int | None:
    """The number of the first line of a file that passes `test(number, line)`; only computed when reporting
    an error."""
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if test(number, line):
                return number
    except OSError:
        return None
    return None


def _line_of(path: Path, field: str) -> int | None:
    """Line of a top-level key in a YAML file."""
    return _first_line(path, lambda _number, line: line.startswith(f"{field}:"))


def _line_of_value(path: Path, value: str, after: int) -> int | None:
    """Line where a string value (a regex) is written, as plain, single- or double-quoted YAML, at or
    after line `after` (the line of the top-level key it belongs to)."""
    spellings = (value, value.replace("'", "''"), value.replace("\\", "\\\\").replace('"', '\\"'))
    return _first_line(path, lambda number, line: number >= after and any(s and s in line for s in spellings))


def _fail(path: Path, field: str, problem: str, value: str | None = None) -> RuleError:
    """`file:line: field: problem`; the line is the value's own when known, else its top-level key's,
    else 1 (a required field that is missing belongs to the whole mapping)."""
    key_line = _line_of(path, field.split(".")[0].split("[")[0])
    line = (_line_of_value(path, value, key_line or 1) if value else None) or key_line or 1
    return RuleError(f"{path}:{line}: {field}: {problem}")


def _compile(path: Path, field: str, pattern: Any) -> Pattern:
    if not isinstance(pattern, str) or not pattern:
        raise _fail(path, field, "must be a non-empty regex string")
    try:
        compiled = Pattern.from_source(pattern)
    except (re.error, OverflowError, RecursionError, MemoryError) as exc:  # `a{4294967296}`, `((((…` deep
        raise _fail(path, field, f"invalid regex: {exc}", pattern) from None
    problem = catastrophic(pattern)
    if problem:
        raise _fail(path, field, f"`{pattern}`: {problem}", pattern)
    return compiled


def _str_list(path: Path, data: dict[str, Any], field: str, *, required: bool) -> tuple[str, ...]:
    value = data.get(field, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(path, field, "must be a list of non-empty strings")
    if required and not value:
        raise _fail(path, field, "must not be empty")
    return tuple(value)


def parse_rule(path: Path, data: Any) -> Rule:
    if not isinstance(data, dict):
        raise _fail(path, "id", "a rule file must hold a YAML mapping")
    unknown = sorted(set(data) - _ALLOWED_KEYS)
    if unknown:
        raise _fail(path, unknown[0], f"unknown field (allowed: {', '.join(sorted(_ALLOWED_KEYS))})")
    for field in _REQUIRED:
        if field not in data:
            raise _fail(path, field, "is required")
    rule_id = data["id"]
    if not isinstance(rule_id, str) or not ID_RE.match(rule_id):
        raise _fail(path, "id", "must look like LD-AREA-NNN")
    if path.stem != rule_id:
        raise _fail(path, "id", f"must equal the file name ({path.stem})")
    if not isinstance(data["name"], str) or not NAME_RE.match(data["name"]):
        raise _fail(path, "name", "must be a lower-case slug like upstream-rate-limited")
    if data["category"] not in CATEGORIES:
        raise _fail(path, "category", f"must be one of {', '.join(CATEGORIES)}")
    severity = data.get("severity", "error")
    if severity not in SEVERITIES:
        raise _fail(path, "severity", f"must be one of {', '.join(SEVERITIES)}")
    for field in ("title", "why"):
        if not isinstance(data[field], str) or not data[field].strip():
            raise _fail(path, field, "must be a non-empty string")

    match = data["match"]
    if not isinstance(match, dict) or set(match) - {"any", "all", "none", "none_anywhere"}:
        raise _fail(path, "match", "must be a mapping with any/all/none/none_anywhere lists")
    compiled: dict[str, tuple[Pattern, ...]] = {}
    for key in ("any", "all", "none", "none_anywhere"):
        items = match.get(key) or []
        if not isinstance(items, list):
            raise _fail(path, f"match.{key}", "must be a list of regexes")
        compiled[key] = tuple(_compile(path, f"match.{key}[{i}]", p) for i, p in enumerate(items))
    if not compiled["any"] and not compiled["all"]:
        raise _fail(path, "match", "needs at least one `any` or `all` pattern")

    facts_data = data.get("facts") or {}
    if not isinstance(facts_data, dict):
        raise _fail(path, "facts", "must map a fact name to a regex with a group of that name")
    facts = []
    for name, pattern in facts_data.items():
        if not isinstance(name, str) or not _FACT_NAME.match(name):
            raise _fail(path, "facts", f"bad fact name {name!r}")
        compiled_fact = _compile(path, f"facts.{name}", pattern)
        if name not in compiled_fact.groupindex:
            raise _fail(path, f"facts.{name}", f"the regex needs a named group (?P<{name}>...)", pattern)
        facts.append((name, compiled_fact))

    priority = data.get("priority", 50)
    if not isinstance(priority, int) or not 0 <= priority <= 100:
        raise _fail(path, "priority", "must be an integer from 0 to 100")
    confidence = data.get("confidence", 0.9)
    if not isinstance(confidence, (int, float)) or not 0 < confidence <= 1:
        raise _fail(path, "confidence", "must be a number in (0, 1]")

    examples = []
    raw_examples = data["examples"]
    if not isinstance(raw_examples, list) or not raw_examples:
        raise _fail(path, "examples", "must be a non-empty list")
    for i, ex in enumerate(raw_examples):
        if not isinstance(ex, dict) or ex.get("expect") not in ("match", "no-match") or not isinstance(ex.get("text"), str):
            raise _fail(path, f"examples[{i}]", "needs `expect: match|no-match` and a `text` string")
        examples.append(Example(expect=ex["expect"], text=ex["text"]))

    subcategory = data.get("subcategory", "")
    if not isinstance(subcategory, str):
        raise _fail(path, "subcategory", "must be a string")
    return Rule(
        id=rule_id,
        name=data["name"],
        category=data["category"],
        severity=severity,
        title=data["title"].strip(),
        why=" ".join(data["why"].split()),
        any=compiled["any"],
        all=compiled["all"],
        none=compiled["none"],
        none_anywhere=compiled["none_anywhere"],
        facts=tuple(facts),
        priority=priority,
        confidence=float(confidence),
        steps=_str_list(path, data, "steps", required=True),
        docs=_str_list(path, data, "docs", required=True),
        examples=tuple(examples),
        subcategory=subcategory,
        symptom=bool(data.get("symptom", False)),
        bare=bool(data.get("bare", False)),
        config=_str_list(path, data, "config", required=False),
        source=str(path),
    )


def _parse_dir(directory: Path, files: list[Path]) -> list[Rule]:
    import yaml  # deferred: only a library rebuild needs it

    from ..config.yamlnodes import load_values  # the config's guards: alias bombs, nesting, size

    rules = []
    for path in files:
        try:
            documents = load_values(str(path), read_text(path, "rule file"))
            data = documents[0] if documents else None
        except InputError as exc:
            raise RuleError(str(exc).replace(": malformed YAML:", ": not valid YAML:", 1)) from None
        except RecursionError:
            raise RuleError(f"{path}: nested too deep to be a rule") from None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"{path}:{mark.line + 1}" if mark else str(path)
            raise RuleError(f"{where}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise RuleError(f"{path}: cannot read ({exc})") from None
        rules.append(parse_rule(path, data))
    return rules


# -- the JSON cache ---------------------------------------------------------------------------------
# The index (and a cached --rules-dir) is one file in four parts:
#   {"key": ..., "format": ..., "filter": <bytes>, "head": <bytes>}      the first line
#   {"ids": ..., "names": ..., "heads": ..., "always": ..., "direct": [...], "anchors": {...}}   the filter
#   [ {what matching needs, "at": [offset, length]}, ... ]                the head: one rule per line
#   {"id": ..., "title": ..., "why": ..., ...}                            then each rule's texts, one line each
# A pasted error's run decodes the filter alone, makes a Rule only of the rules whose trigger literals are in
# the text (decoding their lines of the head, found by offset: `Library`), and reads the texts of the rules
# that answer by offset (Rule.complete); everything else reads the head whole. One rule per line (and one
# trigger per line of the filter), so a change to one rule is a change of a few lines of the committed index.
def _pattern_json(p: Pattern) -> list:
    return [p.pattern, [list(c) for c in p.requires], p.icase]


def _pattern_from(data: list) -> Pattern:
    return Pattern(data[0], tuple(map(tuple, data[1])), data[2])


_INDEX = "_index.json"
_SCALARS = ("id", "name", "category", "severity", "priority", "confidence", "subcategory", "symptom", "bare")
_NO_DETAILS = {"title": "", "why": "", "steps": (), "docs": (), "config": (), "examples": ()}


def _head_json(rule: Rule, at: list[int]) -> dict[str, Any]:
    return {
        **{k: getattr(rule, k) for k in _SCALARS},
        "any": [_pattern_json(p) for p in rule.any],
        "all": [_pattern_json(p) for p in rule.all],
        "none": [_pattern_json(p) for p in rule.none],
        "none_anywhere": [_pattern_json(p) for p in rule.none_anywhere],
        "facts": [[name, _pattern_json(p)] for name, p in rule.facts],
        "at": at,
    }


def _details_json(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id, "title": rule.title, "why": rule.why,
        "steps": list(rule.steps), "docs": list(rule.docs), "config": list(rule.config),
        "examples": [[e.expect, e.text] for e in rule.examples],
    }


def _details_from(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": data["title"], "why": data["why"],
        "steps": tuple(data["steps"]), "docs": tuple(data["docs"]), "config": tuple(data["config"]),
        "examples": tuple(Example(expect=e, text=t) for e, t in data["examples"]),
    }


# -- triggers: which rules can match a text, before any Rule is made -----------------------------------
# A rule's trigger is a set of literals at least one of which is in every text the rule matches, read from
# its patterns' prefilter literals (patterns.py: each clause of a pattern's `requires` has an alternative
# in every text the pattern matches, lower-cased in the lowered text when the pattern ignores case):
# - every `any` pattern has literals: one clause of each, together (a match of the rule matches one of them);
# - an `all` pattern with literals: one of its clauses alone (a match of the rule matches every one of them).
# Of these the one that fires least often is kept (a rough measure: few alternatives, long ones); a rule
# with none is tried on every text. A trigger is only a necessary condition: the rules it lets through are
# matched as before (Rule.search), so it changes which rules are tried, never what matches.
#
# Testing each of the ~1,600 trigger literals with `in` was ~1.3 M instructions a text. So each literal is filed
# under an anchor: one of its _GRAM-character substrings, lower-cased, which is then a substring of the lowered
# text whenever the literal is in the text (of the lowered text itself for a literal that ignores case; for one that
# does not, an ASCII substring, as ASCII lower-cases one character to one character whatever surrounds it). A text's
# candidates test only the literals whose anchor is among its lowered text's substrings of that length; a literal
# with no such anchor (shorter than _GRAM, or no ASCII run that long in a case-sensitive one) is always tested. The
# anchor chosen is the substring fewest of the library's example texts hold (a rough measure of how often it will
# turn up), the first such. (Instructions a call, callgrind: 0.37 M for 200 characters; every literal tested, from
# this index, 2.7 M; 3.8 M against 6.5 M for 2,000 characters, 7.2 M against 10.3 M for 4,000.) A text longer than
# _GRAM_TEXT_MAX tests every literal: the set of a 1 MB paste's substrings would be ~100 MB.
_GRAM = 4
_GRAM_TEXT_MAX = 8192


def _anchor(literal: str, icase: bool, seen: dict[str, int]) -> str | None:
    grams = [literal[i:i + _GRAM] for i in range(len(literal) - _GRAM + 1)]
    if not icase:
        grams = [g.lower() for g in grams if g.isascii()]
    return min(grams, key=lambda g: seen.get(g, 0), default=None)


def _example_grams(rules: list[Rule]) -> dict[str, int]:
    """How many of the library's example texts hold each lowered substring of _GRAM characters."""
    seen: dict[str, int] = {}
    for rule in rules:
        for example in rule.examples:
            lowered = example.text.lower()
            for gram in {lowered[i:i + _GRAM] for i in range(len(lowered) - _GRAM + 1)}:
                seen[gram] = seen.get(gram, 0) + 1
    return seen


def _clause_cost(clause: tuple[str, ...]) -> float:
    # A short literal ("429", "key") is in many texts; a long one in few.
    return sum(1.0 / len(alt) for alt in clause)


def _best_clause(p: Pattern) -> tuple[tuple[str, bool], ...]:
    clause = min(p.requires, key=_clause_cost)
    return tuple((alt, p.icase) for alt in clause)


def _trigger(rule: Rule) -> tuple[tuple[str, bool], ...] | None:
    options = []
    if rule.any and all(p.requires for p in rule.any):
        options.append(tuple(dict.fromkeys(lit for p in rule.any for lit in _best_clause(p))))
    options += [_best_clause(p) for p in rule.all if p.requires]
    if not options:
        return None
    return min(options, key=lambda option: _clause_cost(tuple(alt for alt, _icase in option)))


# The filter (index format 7) is what a pasted error's run decodes of the index on every run, besides the head lines of
# the dozen rules it makes: in format 6 one JSON object of ~1,600 lists (the literals by anchor, [literal, ignores
# case, [rules]]), ~900 ints (the head lines' offsets) and ~900 strings (ids, names), 116 kB and ~10 M instructions to
# decode (callgrind), most of it for literals no text holds. Now the object holds strings: the ids and the names
# joined by spaces (neither holds one: ID_RE, NAME_RE), the head lines' offsets and the anchors' offsets as hexadecimal
# numbers of _WIDTH digits (a number is read where it is needed), the anchors one after the other (each has _GRAM
# characters); and the literals of each anchor are a JSON line of their own, after the object (the index's `entries`),
# decoded only for an anchor a text holds. ~1 M instructions a run. The rules without a trigger (`always`) and the
# literals without an anchor (`direct`) are few, and as before.
_WIDTH = 6


def _hex_offsets(offsets: list[int]) -> str:
    assert all(0 <= n < 16 ** _WIDTH for n in offsets)
    return "".join(f"{n:0{_WIDTH}x}" for n in offsets)


def _offset(table: str, i: int) -> int:
    return int(table[i * _WIDTH:(i + 1) * _WIDTH], 16)


def _filter_parts(rules: list[Rule], heads: list[list[int]]) -> tuple[str, str]:
    """The filter's JSON object and its entries (one JSON line of [literal, ignores case, rules] lists an anchor)."""
    always: list[int] = []
    fired: dict[tuple[str, bool], list[int]] = {}
    for i, rule in enumerate(rules):
        trigger = _trigger(rule)
        if trigger is None:
            always.append(i)
        for literal in trigger or ():
            fired.setdefault(literal, []).append(i)
    dump = lambda value: json.dumps(value, ensure_ascii=False)  # noqa: E731
    seen = _example_grams(rules)
    direct: list[list] = []
    anchored: dict[str, list[list]] = {}
    for lit, icase in sorted(fired, key=lambda k: (k[1], k[0])):
        anchor = _anchor(lit, icase, seen)
        (direct if anchor is None else anchored.setdefault(anchor, [])).append([lit, int(icase), fired[(lit, icase)]])
    anchors = sorted(anchored)
    lines = [dump(anchored[anchor]) + "\n" for anchor in anchors]
    at = [0]
    for line in lines:
        at.append(at[-1] + len(line.encode("utf-8")))
    ids, names = [r.id for r in rules], [r.name for r in rules]
    assert all(len(anchor) == _GRAM for anchor in anchors) and not any(" " in key for key in (*ids, *names))
    offsets = [offset for offset, _size in heads] + [heads[-1][0] + heads[-1][1] + 2 if heads else 2]
    return (f'{{"ids": {dump(" ".join(ids))},\n"names": {dump(" ".join(names))},\n"heads": {dump(_hex_offsets(offsets))},\n'
            f'"always": {dump(always)},\n"direct": {dump(direct)},\n"anchors": {dump("".join(anchors))},\n'
            f'"at": {dump(_hex_offsets(at))}}}\n', "".join(lines))


# Every field of a Rule, in declaration order, with its default (None for a field without one): the start of
# each rule _rule_from makes. Rule's __init__ (frozen.Frozen's) binds its arguments and fills its 24 fields one by
# one; the ~360 rules of a pasted error's run cost ~1.5 ms that way. _rule_from fills the
# instance's __dict__ in one update instead: the same attributes in the same order (Rule has no
# __post_init__, and every field is set), so equality, repr, replace() and asdict() see the same rule.
_RULE_FIELDS = {name: Rule._defaults.get(name, (None,))[0] for name in Rule._names}
assert not any(is_factory for _, is_factory in Rule._defaults.values()), "a field with a default_factory needs its own value"


def _rule_from(head: dict[str, Any], folder: str, details: dict[str, Any] | None, at: tuple[str, int, int] | None) -> Rule:
    values = dict(_RULE_FIELDS)
    values.update(
        {k: head[k] for k in _SCALARS},
        **(_details_from(details) if details is not None else _NO_DETAILS),
        # Stored without a path (the index is built elsewhere); joined as strings, not Paths (~0.5 ms).
        source=os.path.join(folder, f"{head['id']}.yaml"),
        any=tuple(map(_pattern_from, head["any"])),
        all=tuple(map(_pattern_from, head["all"])),
        none=tuple(map(_pattern_from, head["none"])),
        none_anywhere=tuple(map(_pattern_from, head["none_anywhere"])),
        facts=tuple((name, _pattern_from(p)) for name, p in head["facts"]),
        details_at=None if details is not None else at,
    )
    rule = object.__new__(Rule)
    rule.__dict__.update(values)
    return rule


def _details_of(rule: Rule) -> dict[str, Any]:
    """A rule's texts, read from its index by offset; from its YAML file if the index changed meanwhile."""
    path, offset, length = rule.details_at or ("", 0, 0)
    try:
        with open_regular(path, "rules index") as fh:
            fh.seek(offset)
            data = json.loads(fh.read(length))
        if data["id"] == rule.id:
            return _details_from(data)
    except (InputError, OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        pass
    from pathlib import Path

    parsed = _parse_dir(Path(rule.source).parent, [Path(rule.source)])[0]
    return {k: getattr(parsed, k) for k in _NO_DETAILS}


def library_key(files: list[Path] | list[str]) -> str:
    """Identifies a library by its content, so it survives installs that reset file times."""
    import hashlib  # deferred: loading OpenSSL costs ~2 ms, and a run whose files are unchanged needs no hash

    key = hashlib.sha256(f"{_CACHE_FORMAT}".encode())
    for path in files:
        key.update(f"\0{os.path.basename(path)}\0".encode())
        try:
            key.update(read_file(path, "rule file"))
        except InputError as exc:
            raise RuleError(str(exc)) from None
    return key.hexdigest()[:_KEY_LENGTH]


_KEY_LENGTH = 24


def _stat_listing(directory: Path | str, names: list[str]) -> str:
    """What the file system says about the rule files, without reading them: the directory, the files' names, and
    each file's size, inode, modification and change time. Writing a file sets its change time to now (no tool sets
    it back, unlike the modification time) and replacing one gives it a new inode, so an edited, added, removed or
    replaced rule file changes the listing.

    The numbers are written as the bytes of 64-bit integers in hexadecimal (decimal when one does not fit), and each
    file is stat'ed by its name in the directory opened once: writing ~1,800 19-digit numbers in decimal, and joining
    each file's path, were ~5 M of the ~8 M instructions this took (callgrind, 2026-12-07)."""
    stat = os.stat
    if stat in os.supports_dir_fd:
        fd = os.open(directory, os.O_RDONLY)
        try:
            found = [stat(name, dir_fd=fd) for name in names]
        finally:
            os.close(fd)
    else:
        base = str(directory)
        found = [stat(os.path.join(base, name)) for name in names]
    numbers = [n for st in found for n in (st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns)]
    try:
        digits = array("q", numbers).tobytes().hex()
    except OverflowError:  # an inode number past 2**63 (some file systems'), a time before 1678 or after 2262
        digits = ",".join(map(str, numbers))
    # (A name holds no "/", and a path no NUL.) In ASCII, as the memo is written (content_key): a name that is not
    # UTF-8 holds a surrogate no encoding writes.
    listing = f"{_CACHE_FORMAT}\0{_realpath(directory)}\0{'/'.join(names)}\0{digits}"
    return listing if listing.isascii() else ascii(listing)


def _rule_files(directory: Path | str) -> list[str]:
    """The rule files' names, sorted: what `glob("*.yaml")` finds, without a Path made and compared for
    each (~1.5 ms of a pasted error's run)."""
    names = [name for name in os.listdir(directory) if name.endswith(".yaml")]
    names.sort()
    return names


# os.path.realpath of a directory, once a process: a pasted error's run asked for the built-in library's five times
# (~85 K instructions each: an lstat for each part of the path). Used to name and describe the cache's files only.
_REALPATHS: dict[str, str] = {}


def _realpath(directory: Path | str) -> str:
    name = str(directory)
    real = _REALPATHS.get(name)
    if real is None:
        real = _REALPATHS[name] = os.path.realpath(name)
    return real


def content_key(directory: Path | str, names: list[str]) -> str:
    """`library_key(files)` without reading every rule file on every run (~8 ms for the built-in
    library, most of loading it): the key is remembered in the user cache directory with the files'
    stat listing, and computed from the bytes again (and remembered) whenever the listing differs.
    LITELLM_DOCTOR_NO_CACHE=1 bypasses this with the rest of the cache (load_dir). The memo is trusted
    as the cached library next to it is: same directory, same owner."""
    try:
        listing = _stat_listing(directory, names)
    except OSError:
        return library_key([os.path.join(directory, name) for name in names])  # a file vanished meanwhile: reading it says so
    # The key on the first line, the listing after it: compared as it is, not decoded (as JSON the listing's ~35 kB
    # were ~0.4 M instructions to decode).
    memo = os.path.join(_cache_base(), f"key-{_where(directory)}.txt")
    try:
        known, _, known_listing = read_text(memo, "rules index").partition("\n")
        if known_listing == listing and len(known) == _KEY_LENGTH and not known.strip("0123456789abcdef"):
            return known
    except (InputError, OSError, ValueError):
        pass  # not remembered yet, or unreadable: computed below
    key = library_key([os.path.join(directory, name) for name in names])
    _write_atomically(memo, f"{key}\n{listing}")
    return key


def _read_parts(fh, key: str) -> tuple[int, bytes, bytes, bytes] | None:
    """The first line's length, the filter, its entries and the head of an index file written for `key`, or None."""
    first = fh.readline(4096)
    meta = json.loads(first)
    sizes = meta["filter"], meta["entries"], meta["head"]
    if (meta.get("key") != key or meta.get("format") != _CACHE_FORMAT
            or not all(isinstance(n, int) and 0 <= n <= CAPS["rules index"] for n in sizes) or 0 in (sizes[0], sizes[2])):
        return None
    parts = fh.read(sizes[0]), fh.read(sizes[1]), fh.read(sizes[2])
    if tuple(map(len, parts)) != sizes:
        return None
    return len(first), *parts


def _read_json(path: Path | str, key: str, directory: Path | str, details: bool = True) -> list[Rule] | None:
    """The rules of an index file written for `key`, with their texts or (`details=False`) without."""
    try:
        with open_regular(path, "rules index") as fh:
            parts = _read_parts(fh, key)
            if parts is None:
                return None
            first, filtered, entries, head = parts
            rest = fh.read(CAPS["rules index"] + 1) if details else b""
        if len(rest) > CAPS["rules index"]:
            return None
        heads = json.loads(head)
        folder, where, base = str(directory), str(path), first + len(filtered) + len(entries) + len(head)
        return [
            _rule_from(h, folder, json.loads(rest[h["at"][0]:sum(h["at"])]) if details else None,
                       (where, base + h["at"][0], h["at"][1]))
            for h in heads
        ]
    except (InputError, OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


def _library_json(key: str, rules: list[Rule]) -> str:
    texts = [json.dumps(_details_json(r), ensure_ascii=False) + "\n" for r in rules]
    at, offset = [], 0
    for text in texts:
        size = len(text.encode("utf-8"))
        at.append([offset, size - 1])
        offset += size
    lines = [json.dumps(_head_json(r, a), ensure_ascii=False) for r, a in zip(rules, at)]
    heads, offset = [], 2  # past "[\n"
    for line in lines:
        size = len(line.encode("utf-8"))
        heads.append([offset, size])
        offset += size + 2  # ",\n"
    head = "[\n" + ",\n".join(lines) + "\n]\n"
    filtered, entries = _filter_parts(rules, heads)
    first = json.dumps({"key": key, "format": _CACHE_FORMAT, "filter": len(filtered.encode("utf-8")),
                        "entries": len(entries.encode("utf-8")), "head": len(head.encode("utf-8"))}) + "\n"
    return first + filtered + entries + head + "".join(texts)


class Library(Sequence):
    """A library read from its index without making its rules: a Rule is made the first time it is needed,
    and `candidates` names the rules a text can match from their triggers alone. What a pasted error's
    run matches against (`matching_library`): ~430 rules made and tried on every run were ~30 % of it, and
    a text is matched by a dozen. Iterated or indexed, it is the library `load_dir(details=False)` reads,
    rule for rule."""

    def __init__(self, path: str, folder: str, base: int, head: bytes, filtered: dict[str, Any], entries: bytes) -> None:
        self._path, self._folder, self._base, self._head = path, folder, base, head
        self._head_at: str = filtered["heads"]  # the head lines' offsets, and the last one's end + 2 (_filter_parts)
        self.ids: list[str] = filtered["ids"].split(" ") if filtered["ids"] else []
        self.names: list[str] = filtered["names"].split(" ") if filtered["names"] else []
        self._always: list[int] = filtered["always"]
        # [literal, ignores case, rules] lists: tested on every text, and by anchor (see _GRAM, _filter_parts).
        self._direct: list[list] = filtered["direct"]
        anchors: str = filtered["anchors"]
        self._anchors: list[str] = [anchors[i:i + _GRAM] for i in range(0, len(anchors), _GRAM)]
        self._entry_at: str = filtered["at"]
        self._entries = entries
        self._decoded: dict[str, list[list]] = {}  # the entries of the anchors read so far
        self._where: dict[str, int] | None = None  # each anchor's place (candidates)
        if not (len(self._head_at) == (len(self.ids) + 1) * _WIDTH and len(self.ids) == len(self.names)
                and len(self._entry_at) == (len(self._anchors) + 1) * _WIDTH and len(anchors) % _GRAM == 0
                and _offset(self._entry_at, len(self._anchors)) == len(entries)):
            raise ValueError("a filter that does not describe its head or its entries")
        self._made: list[Rule | None] = [None] * len(self.ids)
        self._position: dict[str, int] | None = None

    @property
    def _heads(self) -> list[tuple[int, int]]:
        """Each head line's offset and size."""
        return [self._head_line(i) for i in range(len(self.ids))]

    def _head_line(self, i: int) -> tuple[int, int]:
        offset = _offset(self._head_at, i)
        return offset, _offset(self._head_at, i + 1) - offset - 2

    def _anchored(self, anchor: str) -> list[list]:
        """The [literal, ignores case, rules] lists filed under `anchor` (decoded on first use). Of a damaged line, one
        that makes every rule a candidate (the empty literal is in every text): slower, never another answer."""
        entries = self._decoded.get(anchor)
        if entries is None:
            assert self._where is not None
            k, n = self._where[anchor], len(self.ids)
            try:
                entries = json.loads(self._entries[_offset(self._entry_at, k):_offset(self._entry_at, k + 1)])
                if not (type(entries) is list and all(
                        type(e) is list and len(e) == 3 and type(e[0]) is str and type(e[2]) is list
                        and all(type(i) is int and 0 <= i < n for i in e[2]) for e in entries)):
                    raise ValueError("not a line of the filter's entries")
            except (ValueError, RecursionError):
                entries = [["", 0, list(range(n))]]
            self._decoded[anchor] = entries
        return entries

    @classmethod
    def read(cls, path: str, key: str, directory: str) -> Library | None:
        """The library of an index file written for `key`, or None (another key, another format, unreadable)."""
        try:
            with open_regular(path, "rules index") as fh:
                parts = _read_parts(fh, key)
            if parts is None:
                return None
            first, filtered, entries, head = parts
            return cls(path, directory, first + len(filtered) + len(entries) + len(head), head, json.loads(filtered), entries)
        except (InputError, OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return None

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, i):  # an index, or a slice as a tuple's
        if isinstance(i, slice):
            return tuple(self[j] for j in range(*i.indices(len(self))))
        rule = self._made[i]
        if rule is None:
            rule = self._made[i] = self._make(i)
        return rule

    def __iter__(self):
        return map(self.__getitem__, range(len(self)))

    def get(self, rule_id: str, default: Rule | None = None) -> Rule | None:
        """The rule with this id (made if it was not yet), or `default`: a dict's `get`, so that a log's triage looks
        its groups' rules up without making the whole library (logs/triage.py)."""
        if self._position is None:
            self._position = {rule_id: i for i, rule_id in enumerate(self.ids)}
        i = self._position.get(rule_id)
        return default if i is None else self[i]

    def _make(self, i: int) -> Rule:
        offset, size = self._head_line(i)
        try:
            head = json.loads(self._head[offset:offset + size])
            if head["id"] == self.ids[i]:
                at = head["at"]
                return _rule_from(head, self._folder, None, (self._path, self._base + at[0], at[1]))
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            pass
        # A head that does not decode to this rule (a damaged index): the rule from its YAML file.
        from pathlib import Path

        return _parse_dir(Path(self._folder), [Path(self._folder) / f"{self.ids[i]}.yaml"])[0]

    def candidates(self, text: str, lowered: str) -> list[Rule]:
        """The rules that can match `text` (`lowered`: text.lower()), in library order: those whose trigger
        has a literal in it, and those without a trigger. Only the literals filed under an anchor the lowered text
        holds are tested (see _GRAM), and the few without one."""
        chosen = set(self._always)
        if self._where is None:
            self._where = dict(zip(self._anchors, range(len(self._anchors))))
        if len(lowered) > _GRAM_TEXT_MAX:
            held = self._where.keys()
        else:
            held = self._where.keys() & {lowered[i:i + _GRAM] for i in range(len(lowered) - _GRAM + 1)}
        tested = [entry for anchor in held for entry in self._anchored(anchor)]
        for lit, icase, rules in (*tested, *self._direct):
            if lit in (lowered if icase else text):
                chosen.update(rules)
        return [self[i] for i in sorted(chosen)]


def _cache_base() -> str:
    # Path.home() / ".cache" as a string: Path.home() is os.path.expanduser("~").
    return os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "litellm-doctor")


def _where(directory: Path | str) -> str:
    """A rules directory's part of the cache file names. A checksum, not a secure hash: two directories
    sharing it share nothing wrong (a cached library is named by its content key, and the key memo
    holds the directory it describes), and hashlib would load OpenSSL on every run (~2 ms)."""
    return f"{zlib.crc32(_realpath(directory).encode('utf-8', 'surrogateescape')):08x}"  # (a name that is not UTF-8)


def _cache_file(directory: Path | str, key: str) -> str:
    return os.path.join(_cache_base(), f"rules-{_where(directory)}-{key}.json")


def _write_atomically(path: Path | str, text: str) -> None:
    from pathlib import Path

    path = Path(path)
    try:
        from ..safewrite import replace_atomically

        path.parent.mkdir(parents=True, exist_ok=True)
        # Atomic (a concurrent run reads the old file or the new one), through a temporary file no
        # symlink planted in the cache can redirect.
        replace_atomically(path, text, None)
    except (OSError, DoctorError):
        pass  # read-only home, full disk, not a regular file: the library still loads, just slower


def _write_cache(cache: Path | str, text: str) -> None:
    from pathlib import Path

    cache = Path(cache)
    try:
        where = cache.name.split("-")[1]
        for stale in cache.parent.glob(f"rules-{where}-*.json"):  # earlier versions of this library
            stale.unlink(missing_ok=True)
    except OSError:
        pass
    _write_atomically(cache, text)


def load_dir(directory: Path | str, details: bool = True) -> list[Rule]:
    # os.path, not pathlib, until the YAML has to be parsed (see the top).
    if not os.path.isdir(directory):
        raise RuleError(f"{directory}: rules directory not found")
    names = _rule_files(directory)
    if os.environ.get("LITELLM_DOCTOR_NO_CACHE"):
        return _parse_dir(_as_path(directory), [_as_path(directory) / name for name in names])
    key = content_key(directory, names)
    for index in _indexes(directory, key):
        rules = _read_json(index, key, directory, details)
        if rules is not None:
            return rules
    rules = _parse_dir(_as_path(directory), [_as_path(directory) / name for name in names])
    _write_cache(_cache_file(directory, key), _library_json(key, rules))
    return rules


def _indexes(directory: Path | str, key: str) -> list[str]:
    """Where a current index of the library may be: its own `_index.json` (the built-in library's only: the
    tests keep it current; in a user's --rules-dir it is someone else's file, so the YAML is parsed and
    validated instead), then the user cache directory."""
    own = [os.path.join(directory, _INDEX)] if _realpath(directory) == _realpath(_default_rules_dir()) else []
    return [*own, _cache_file(directory, key)]


def _lazy_dir(directory: str) -> Library | None:
    """load_dir(directory, details=False) as a Library, when an index of it is current; None when there is
    none (the first run after the rules changed: load_dir parses the YAML and writes one) or no cache is used."""
    if not os.path.isdir(directory) or os.environ.get("LITELLM_DOCTOR_NO_CACHE"):
        return None
    key = content_key(directory, _rule_files(directory))
    for index in _indexes(directory, key):
        library = Library.read(index, key, directory)
        if library is not None:
            return library
    return None


def _as_path(directory: Path | str) -> Path:
    from pathlib import Path

    return Path(directory)


def write_index(directory: Path | None = None) -> Path:
    """Build `rules/_index.json` from the YAML files (validating every rule on the way)."""
    directory = directory or default_rules_dir()
    files = [directory / name for name in _rule_files(directory)]
    rules = _parse_dir(directory, files)
    target = directory / _INDEX
    tmp = target.with_suffix(".tmp")
    tmp.write_text(_library_json(library_key(files), rules), encoding="utf-8")
    tmp.replace(target)
    return target


# The libraries this process has read, by (extra_dir, with texts): `load_rules` reads each once.
_LOADED: dict[tuple[str | None, bool], tuple[Rule, ...]] = {}
# The built-in library as a Library, once matching_library has read it (it is then also what load_rules reads).
_LIBRARY: list[Library] = []


def load_rules(extra_dir: str | None = None, details: bool = True) -> tuple[Rule, ...]:
    """The built-in library, plus user rules from `extra_dir`; ids must be unique across both. Without
    `details`, only what matching needs: a rule's texts are read when it answers (Rule.complete). Read once
    per process: `load_rules()` and `load_rules(None)` are the same library, and one read with its texts also
    serves a request without them (complete() then returns the rule itself)."""
    extra_dir = extra_dir or None
    for key in ((extra_dir, details), (extra_dir, True)):
        if key in _LOADED:
            return _LOADED[key]
    _LOADED[(extra_dir, details)] = rules = _read_library(extra_dir, details)
    return rules


def matching_library(extra_dir: str | None = None) -> Sequence[Rule]:
    """What a pasted error, and each text a log's triage classifies, is matched against: `load_rules(extra_dir,
    details=False)`, or, for the built-in library alone read from a current index, the same rules as a Library
    (classify.match_rules then tries only its `candidates`)."""
    extra_dir = extra_dir or None
    for key in ((extra_dir, False), (extra_dir, True)):
        if key in _LOADED:
            return _LOADED[key]
    if extra_dir is None:
        if not _LIBRARY and (library := _lazy_dir(_default_rules_dir())) is not None:
            # The sets first (~0.1 M instructions): naming each rule's file for the check is ~4 M, needed only to say
            # which rule repeats an id or a name.
            everything = {*library.ids, *library.names}
            if len(everything) != len(library.ids) + len(library.names):
                _check_unique(zip(library.ids, library.names, (os.path.join(library._folder, f"{i}.yaml") for i in library.ids)))
            _LIBRARY.append(library)
        if _LIBRARY:
            return _LIBRARY[0]
    return load_rules(extra_dir, details=False)


def _read_library(extra_dir: str | None, details: bool) -> tuple[Rule, ...]:
    builtin = _default_rules_dir()
    rules = list(_LIBRARY[0]) if _LIBRARY and not details else load_dir(builtin, details)
    # `--rules-dir` naming the built-in library itself (a checkout's rules/) adds nothing: not every id twice.
    if extra_dir and os.path.realpath(extra_dir) != os.path.realpath(builtin):
        _confine_user_rules(extra_dir)
        rules += [replace(rule, trusted=False) for rule in load_dir(_as_path(extra_dir), details)]
    _check_unique((rule.id, rule.name, rule.source) for rule in rules)
    return tuple(rules)


def _confine_user_rules(directory: str) -> None:
    """In CI or pre-commit, a `--rules-dir` file named inside the workspace must be inside it, as `check`'s config is
    (config/confine.py): a pull request's `rules/LD-USER-001.yaml -> ~/.docker/config.json` printed the linked file's
    first key (`auths: unknown field`)."""
    from ..config.confine import check_inside, confinement

    root = confinement()
    if root is None:
        return
    try:
        names = _rule_files(directory)
    except (OSError, ValueError):
        return  # load_dir says what is wrong with the directory
    for name in names:
        check_inside(os.path.join(directory, name), root, "rule file")


def _check_unique(rules) -> None:
    """Every (id, name, source) has an id and a name no other rule has."""
    seen: dict[str, str] = {}
    for rule_id, name, source in rules:
        for key in (rule_id, name):
            if key in seen:
                raise RuleError(f"{source}: id: {key} is already used by {seen[key]}")
            seen[key] = source


def find_rule(rules, key: str):
    key_upper = key.upper()
    return next((r for r in rules if r.id == key_upper or r.name == key), None)


def library_rule(key: str) -> Rule | None:
    """One rule of the built-in library with its texts: found in the library already read (a pasted error's, without
    the texts), then its texts read by offset (Rule.complete)."""
    rule = find_rule(load_rules(details=False), key)
    return rule.complete() if rule is not None else None



if __name__ == "__main__":  # python -m litellm_doctor.diagnosis.rulebook: rebuild rules/_index.json
    print(f"wrote {write_index()}")
