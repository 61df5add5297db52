"""Values as the deployment's tools read them: YAML nodes with their lines, docker compose's `${VAR}`,
command lines split as a shell splits them, LiteLLM's worker count, postgres' `-c name=value`."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..checks.util import code
from .model import Sourced

POSTGRES_IMAGE = re.compile(r"(^|/)(postgres|postgresql|pgvector|postgis|timescaledb[\w-]*)(:|@|$)", re.I)
REDIS_IMAGE = re.compile(r"(^|/)(redis|redis-stack[\w-]*|valkey|keydb|dragonfly)(:|@|$)", re.I)
INTERPOLATION = re.compile(r"\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\}|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))")
WORKER_ENV = ("NUM_WORKERS", "DEFAULT_NUM_WORKERS_LITELLM_PROXY")  # in LiteLLM's order of precedence


def shown_path(path: Path) -> str:
    """A path as findings show it (relative to the working directory when below it)."""
    from ..loader import display_path

    return display_path(path)


def documents(path: Path, named: bool, notes: list[str], why: str = "found beside the config") -> list[Any]:
    """The YAML documents of `path` with their line maps (yamlnodes: bounded size, alias budget, depth).
    A named file must be readable and well-formed (InputError otherwise); another one (found beside the
    config, or named by a file: `extends`, a kustomization's resources) is skipped with a note saying `why`."""
    from ...boundedio import read_text
    from ...errors import InputError
    from ..deployenv import MAX_BYTES
    from ..yamlnodes import load_documents

    try:
        return load_documents(shown_path(path), read_text(path, "deployment file", MAX_BYTES))
    except InputError as exc:
        if named:
            raise
        notes.append(f"skipped {exc} ({why}; not read for the process count)")
        return []


def at_line(doc: Any, path: tuple) -> str:
    """"file:line" of the node at `path` in a yamlnodes.Document (the file alone when it has no line), and the
    chart template it was rendered from when the file is `helm template` output."""
    line = doc.lines.get(path)
    where = f"{doc.file}:{line}" if line else doc.file
    template = rendered_from(doc)
    return f"{where}, from {template}" if template else where


_HELM_SOURCE = re.compile(r"#\s*Source:\s*(\S.{0,300}?)\s*$")


def rendered_from(doc: Any) -> str | None:
    """The template of a document of `helm template` output: helm writes `# Source: CHART/templates/FILE.yaml`
    at the top of each document it renders (between the `---` and the first key). None for other YAML."""
    top = getattr(doc, "top_line", 0) or 0
    lines = getattr(doc, "source_lines", ())
    for index in range(top - 2, max(top - 12, 0) - 1, -1):  # the few lines above the document's first key
        if index >= len(lines):
            continue
        text = lines[index].strip()
        if text.startswith("---"):
            return None
        match = _HELM_SOURCE.match(text)
        if match:
            return match.group(1)
    return None


def dig(node: Any, *keys: Any) -> Any:
    """node[k1][k2]…, or None as soon as a step is missing or of another shape."""
    for key in keys:
        if isinstance(node, dict):
            node = node.get(key)
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            node = node[key]
        else:
            return None
    return node


def whole(value: Any) -> int | None:
    """A whole number >= 0 written as a number or a string of digits, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def interpolate(value: Any, variables: Mapping[str, str]) -> str | None:
    """docker compose's `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `$VAR` from the .env beside the
    compose file; None when a variable it needs is not known here."""
    if not isinstance(value, str):
        return None if value is None or isinstance(value, (dict, list)) else str(value)
    unknown = False

    def one(m: re.Match) -> str:
        nonlocal unknown
        name = m.group("braced") or m.group("bare")
        op, arg = m.group("op"), m.group("arg") or ""
        current = variables.get(name)
        if op in (":-", "-"):
            if current is None or (op == ":-" and current == ""):
                return arg
            return current
        if current is None:
            unknown = True
            return ""
        return current

    out = INTERPOLATION.sub(one, value.replace("$$", "\0")).replace("\0", "$")
    return None if unknown else out


def command_tokens(items: Iterable[tuple[Any, str]]) -> Iterator[tuple[str, str]]:
    """(token, where) of a command: a string is split as a shell would (`sh -c "litellm --num_workers 4"`
    included: every item is split again)."""
    for value, where in items:
        if not isinstance(value, (str, int)):
            continue
        try:
            parts = shlex.split(str(value))
        except ValueError:
            continue  # an unbalanced quote: docker compose refuses it too; nothing is read from a guess
        for part in parts:
            try:
                sub = shlex.split(part) if " " in part else [part]
            except ValueError:
                continue
            yield from ((token, where) for token in sub)


def last_option(tokens: list[tuple[str, str]], names: tuple[str, ...]) -> tuple[str, str] | None:
    """The last `--name value` / `--name=value` among tokens (the last one wins, as with click)."""
    found = None
    for i, (token, where) in enumerate(tokens):
        for name in names:
            if token == name and i + 1 < len(tokens):
                found = (tokens[i + 1][0], where)
            elif token.startswith(name + "="):
                found = (token[len(name) + 1:], where)
    return found


def postgres_setting(tokens: list[tuple[str, str]], name: str) -> tuple[str, str] | None:
    """`-c name=value`, `-cname=value`, `--name=value` as postgres parses them (a `-` in the name is a `_`)."""
    found = None
    for i, (token, where) in enumerate(tokens):
        setting = None
        if token == "-c" and i + 1 < len(tokens):
            setting = tokens[i + 1][0]
        elif token.startswith("-c") and not token.startswith("--"):
            setting = token[2:]
        elif token.startswith("--") and "=" in token:
            setting = token[2:]
        if setting and "=" in setting:
            key, value = setting.split("=", 1)
            if key.strip().replace("-", "_") == name:
                found = (value.strip(), where)
    return found


def worker_count(tokens: list[tuple[str, str]], env: list[tuple[str, Any, str]], unit: str, notes: list[str]) -> Sourced | None:
    """LiteLLM's worker count: `--num_workers` > NUM_WORKERS > DEFAULT_NUM_WORKERS_LITELLM_PROXY > 1.
    `env`: (name, value or None when not known here, where)."""
    if any(t == "--run_hypercorn" for t, _ in tokens):
        return None  # hypercorn is started without num_workers: one process
    if any(t.startswith("--num-workers") for t, _ in tokens):
        where = next(w for t, w in tokens if t.startswith("--num-workers"))
        notes.append(f"{where}: `--num-workers` is not a LiteLLM option (it is `--num_workers`): "
                     "LiteLLM 1.103.0 exits with `No such option: --num-workers`")
    option = last_option(tokens, ("--num_workers",))
    if option is not None:
        value = whole(option[0])
        if value is not None:
            return Sourced(max(1, value), option[1])
        notes.append(f"{option[1]}: {code('--num_workers ', option[0])} ({unit}) is not a number known here: counted as 1 worker")
        return None
    for name in WORKER_ENV:
        for env_name, value, where in env:
            if env_name != name:
                continue
            number = whole(value)
            if number is not None:
                return Sourced(max(1, number), where, name)
            notes.append(f"{where}: {name} ({unit}) is not known here: counted as 1 worker")
            return None
    return None


def is_litellm(name: str, image: str, config_name: str, mentions: str, built: bool = False) -> bool:
    """A LiteLLM proxy: its image says litellm, or its command runs `litellm` or names the config; by its
    name alone only when it is built here (no image to tell). A sidecar named `litellm-exporter` running
    another image is not one: counting it would double the processes."""
    if POSTGRES_IMAGE.search(image) or REDIS_IMAGE.search(image):
        return False
    if "litellm" in image.lower() or "litellm" in mentions.lower() or bool(config_name and config_name in mentions):
        return True
    return built and "litellm" in name.lower()
