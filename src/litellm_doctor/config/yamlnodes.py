"""Build plain Python values from a composed YAML node graph, remembering where each value was written.

`yaml.safe_load` loses line numbers; we compose the document (libyaml's C parser when available,
safe tags only), then walk the node graph ourselves. The walk gives the same values `safe_load`
would (merge keys `<<:`, anchors and aliases, YAML 1.1 scalars), plus:

- a `{path: line}` map for every mapping entry and sequence item (`("model_list", 2, "litellm_params")`);
- the duplicate keys that `safe_load` silently collapses (the last one wins);
- a hard budget on nodes built, counting every alias expansion, so an alias bomb ("billion laughs")
  stops with a clear error instead of eating the machine; a recursive alias is refused too;
- a nesting limit (MAX_DEPTH) and a size limit (MAX_COMPOSED_NODES), checked on the parser's events
  *before* composing when the text is big or could nest deep (`_prescan`): libyaml's composer
  recurses in C and crashes the interpreter (SIGSEGV) on some 40 000 nested `[` (80 KB of text), and
  holds every node in memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import InputError

try:  # libyaml: several times faster to compose a 500-deployment config
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - pure-Python PyYAML
    _Loader = yaml.SafeLoader

# Values built, counting each alias expansion again. A real config has a few thousand; 500
# deployments with ten keys each is ~15 000. An alias bomb reaches millions within a few lines.
MAX_NODES = 1_000_000
# Of those, values built again from a node already built (an alias, a `<<:` merge, and everything under them). A
# config that merges a 20-key anchor into each of 2,000 deployments builds 40,000; an alias bomb is refused here, in
# a tenth of the time and memory the whole budget took (10 lines: 6 s and 190 MB for `check`).
MAX_EXPANDED = 200_000
MAX_FILE_BYTES = 20 * 1024 * 1024
# Collections nested inside each other (alias expansions included). A LiteLLM config nests 5 or 6
# deep; LiteLLM itself stops resolving `os.environ/` references at 100 levels.
MAX_DEPTH = 100
# Nodes as written (before alias expansion), checked while parsing so they are never all composed.
MAX_COMPOSED_NODES = 300_000
_PRESCAN_BYTES = 256 * 1024

_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"
_SCALARS = SafeConstructor()

Path = tuple  # tuple[str | int | Any, ...]


@dataclass(frozen=True)
class DuplicateKey:
    path: tuple  # path of the mapping holding the key, plus the key
    line: int  # the line of the entry that wins (the last one)
    first_line: int  # the line of the entry that is silently dropped


class Budget:
    def __init__(self, limit: int = MAX_NODES, expanded_limit: int = MAX_EXPANDED) -> None:
        self.limit = limit
        self.used = 0
        self.expanded_limit = expanded_limit
        self.expanded = 0


class _Builder:
    def __init__(self, file: str, budget: Budget) -> None:
        self.file = file
        self.budget = budget
        self.lines: dict[tuple, int] = {}
        self.duplicates: list[DuplicateKey] = []
        self._active: set[int] = set()
        self._built: set[int] = set()  # ids of the nodes built once (the composed graph holds them all meanwhile)
        self._depth = 0

    def fail(self, node: Node, problem: str) -> InputError:
        return InputError(f"{self.file}:{node.start_mark.line + 1}: {problem}")

    def build(self, node: Node, path: tuple, record: bool = True) -> Any:
        self.budget.used += 1
        if id(node) in self._built:
            self.budget.expanded += 1
        else:
            self._built.add(id(node))
        if self.budget.used > self.budget.limit or self.budget.expanded > self.budget.expanded_limit:
            what = (f"more than {self.budget.limit:,} values" if self.budget.used > self.budget.limit
                    else f"more than {self.budget.expanded_limit:,} values repeated")
            raise self.fail(node, f"the YAML expands to {what} through anchors and aliases (an alias bomb?); refusing to load it")
        if isinstance(node, ScalarNode):
            if node.tag == _STR_TAG:
                return node.value
            constructor = _SCALARS.yaml_constructors.get(node.tag)
            if constructor is None:
                raise self.fail(node, f"unsupported YAML tag {node.tag!r} (LiteLLM reads the config with yaml.safe_load)")
            try:
                return constructor(_SCALARS, node)
            # PyYAML's own constructors raise IndexError on an empty `!!int`, OverflowError on a huge
            # `!!timestamp`, binascii.Error on bad `!!binary`: every one is a bad value, not a crash.
            except Exception as exc:  # noqa: BLE001
                raise self.fail(node, f"bad {node.tag.rsplit(':', 1)[-1]} value {node.value!r}: {exc}") from None
        key = id(node)
        if key in self._active:
            raise self.fail(node, "recursive alias: an anchor refers to itself; refusing to load it")
        if self._depth >= MAX_DEPTH:
            raise self.fail(node, _too_deep())
        self._active.add(key)
        self._depth += 1
        try:
            if isinstance(node, SequenceNode):
                if node.tag not in ("tag:yaml.org,2002:seq",):
                    raise self.fail(node, f"unsupported YAML tag {node.tag!r} (LiteLLM reads the config with yaml.safe_load)")
                out_list = []
                for index, item in enumerate(node.value):
                    child = (*path, index)
                    if record:
                        self.lines[child] = item.start_mark.line + 1
                    out_list.append(self.build(item, child, record))
                return out_list
            if isinstance(node, MappingNode):
                if node.tag not in ("tag:yaml.org,2002:map",):
                    raise self.fail(node, f"unsupported YAML tag {node.tag!r} (LiteLLM reads the config with yaml.safe_load)")
                return self._mapping(node, path, record)
        finally:
            self._active.discard(key)
            self._depth -= 1
        raise self.fail(node, "unsupported YAML node")  # pragma: no cover

    def _key(self, node: Node, path: tuple) -> Any:
        value = self.build(node, path, record=False)
        try:
            hash(value)
        except TypeError:
            raise self.fail(node, "a mapping key must be a plain value, not a list or mapping") from None
        return value

    def _mapping(self, node: MappingNode, path: tuple, record: bool) -> dict:
        out: dict = {}
        seen_line: dict[Any, int] = {}
        merges: list[Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                merges.append(value_node)
        # `<<: *defaults` first, so the explicit keys of this mapping override the merged ones.
        for merge in merges:
            sources = merge.value if isinstance(merge, SequenceNode) else [merge]
            for source in sources:
                if not isinstance(source, MappingNode):
                    raise self.fail(source, "a merge key `<<` needs a mapping or a list of mappings")
                for k, v in self._mapping(source, path, record).items():
                    out.setdefault(k, v)
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                continue
            key = self._key(key_node, path)
            child = (*path, key)
            line = key_node.start_mark.line + 1
            if key in seen_line and record:
                self.duplicates.append(DuplicateKey(child, line, seen_line[key]))
            seen_line[key] = line
            if record:
                self.lines[child] = line
            out[key] = self.build(value_node, child, record)
        return out


@dataclass(frozen=True)
class Document:
    file: str
    value: Any
    lines: dict  # path -> line
    duplicates: tuple[DuplicateKey, ...]
    source_lines: tuple[str, ...]
    top_line: int


def _too_deep() -> str:
    return (f"the YAML nests collections more than {MAX_DEPTH} levels deep (a LiteLLM config nests about 6); "
            "refusing to load it")


def _could_nest_deeper_than(text: str, limit: int) -> bool:
    """A cheap over-estimate, within a factor of two: flow collections need a `[` or `{` per level,
    block collections an indentation column or an indicator (`- `, `? `) per one or two levels."""
    flow = text.count("[") + text.count("{")
    if flow > limit:
        return True
    return flow + max((len(line) for line in text.splitlines()), default=0) > limit


def _prescan(file: str, text: str) -> None:
    """Refuse, before composing, a document nested deeper than MAX_DEPTH or with more than
    MAX_COMPOSED_NODES nodes: libyaml's composer recurses in C (a crash past ~40 000 levels) and holds
    every node in memory (~300 bytes each: a 19 MiB `[1,1,…]` took 2.9 GB and 36 s). The parser
    streams events and is a state machine, so this pass is flat in memory and never recurses.
    Skipped when the text is too short and too flat for either limit to matter (the common case)."""
    if len(text) <= _PRESCAN_BYTES and not _could_nest_deeper_than(text, 1000):
        return  # at most ~1 node per byte, nested safely: the builder enforces both limits itself
    depth = nodes = 0
    starts = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, ends):
            depth -= 1
            continue
        if isinstance(event, starts):
            depth += 1
            if depth > MAX_DEPTH:
                raise InputError(f"{file}:{event.start_mark.line + 1}: {_too_deep()}")
        elif not isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
            continue
        nodes += 1
        if nodes > MAX_COMPOSED_NODES:
            raise InputError(
                f"{file}:{event.start_mark.line + 1}: the YAML holds more than {MAX_COMPOSED_NODES:,} values "
                "(a LiteLLM config of 500 deployments holds about 11 000); refusing to load it"
            )


def _composed(file: str, text: str, compose: Any) -> Any:
    """`compose(text, Loader=...)` after the prescan; a YAML error becomes `InputError("file:line: problem")`."""
    try:
        _prescan(file, text)
        return compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = " ".join(part for part in (exc.context, exc.problem) if part) or "invalid YAML"
        raise InputError(f"{file}:{line}: malformed YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise InputError(f"{file}:1: malformed YAML: {str(exc).splitlines()[0] if str(exc) else exc!r}") from None


def load_document(file: str, text: str, budget: Budget | None = None) -> Document:
    """Compose and build one YAML document. Errors are `InputError("file:line: problem")`."""
    node = _composed(file, text, yaml.compose)
    source_lines = tuple(text.splitlines())
    if node is None:
        return Document(file, None, {}, (), source_lines, 1)
    builder = _Builder(file, budget or Budget())
    value = builder.build(node, ())
    return Document(file, value, builder.lines, tuple(builder.duplicates), source_lines, node.start_mark.line + 1)


def load_documents(file: str, text: str) -> list[Document]:
    """Every document of a multi-document file (`---`), each with its line map, under one budget and
    the same guards as `load_values`: for the manifests whose numbers are quoted with file:line."""
    budget = Budget()
    lines = tuple(text.splitlines())
    out: list[Document] = []
    for node in _composed(file, text, lambda t, Loader: list(yaml.compose_all(t, Loader=Loader))):
        if node is None:
            continue
        builder = _Builder(file, budget)
        value = builder.build(node, ())
        out.append(Document(file, value, builder.lines, tuple(builder.duplicates), lines, node.start_mark.line + 1))
    return out


def load_values(file: str, text: str) -> list[Any]:
    """Every document of `text` as plain values, with the config's guards (node budget counting alias
    expansions, nesting limit, prescan): for the other YAML the doctor reads (rule files, settings,
    manifests next to the config). `yaml.load` gave an alias bomb in a Kubernetes manifest next to the
    config to a walk that never ended. Errors are `InputError("file:line: problem")`."""
    budget = Budget()
    values: list[Any] = []
    for node in _composed(file, text, lambda t, Loader: list(yaml.compose_all(t, Loader=Loader))):
        if node is not None:
            values.append(_Builder(file, budget).build(node, (), record=False))
    return values
