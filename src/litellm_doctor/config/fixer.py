"""`check --fix` / `check --diff`: apply the fixes the checks offer, as text edits on the file.

The file is never re-dumped: ruamel.yaml's round-trip parser tells where each key and value starts
(line and column), and the fixer edits only those characters (a key renamed, a value replaced) or moves
one `key: value` line into its section. Comments, order, quoting, indentation and every unrelated line
stay byte-identical. Each edit is re-parsed before the next; a file whose result would not load is left
alone; it is written atomically (a temporary file in the same directory, then `os.replace`), never
through a symlink to something that is not a regular file.

A check offers a fix as `Hit.fix`: ("rename", path, new_key), ("value", path, new_value) or
("move", path, section), with "unsafe" appended when the fix may change what the user meant
(applied only with --unsafe-fixes). ruamel is imported here only, so `check` without --fix/--diff
never loads it.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Finding


@dataclass
class FixResult:
    files: dict[str, tuple[str, str]] = field(default_factory=dict)  # shown path -> (before, after)
    applied: list[Finding] = field(default_factory=list)
    skipped_unsafe: list[Finding] = field(default_factory=list)
    failed: list[tuple[Finding, str]] = field(default_factory=list)  # (finding, why not applied)

    def diff(self) -> str:
        out = []
        for shown, (before, after) in self.files.items():
            if before != after:
                a, b = (shown, shown) if os.path.isabs(shown) else (f"a/{shown}", f"b/{shown}")
                out += difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                            _diff_name(a), _diff_name(b))
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in out)

    @property
    def changed(self) -> list[str]:
        return [s for s, (b, a) in self.files.items() if b != a]


def _diff_name(name: str) -> str:
    """A file name in a diff header as git writes one (C-quoted when it holds a control character, `"` or `\\`, which
    GNU patch and git apply read back): a name with a line break (`x\n+++ b/other.yaml`) would otherwise end the
    header and name another file as the one to patch."""
    if not any(c < " " or c in '"\\\x7f' for c in name):
        return name
    escapes = {"\n": "\\n", "\t": "\\t", '"': '\\"', "\\": "\\\\"}
    return '"' + "".join(escapes.get(c) or (f"\\{ord(c):03o}" if c < " " or c == "\x7f" else c) for c in name) + '"'


def is_unsafe(fix: tuple) -> bool:
    return bool(fix) and fix[-1] == "unsafe"


# -- locating keys and values with ruamel ------------------------------------------------------------
def _parse(text: str):
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = True
    return yaml.load(text)


def _node_at(doc: Any, path: tuple) -> Any:
    node = doc
    for element in path:
        node = node[element]
    return node


def _fragment(doc: Any) -> bool:
    return isinstance(doc, list)


def _file_path(doc: Any, path: tuple) -> tuple:
    """The config path as written in this file (a bare model_list fragment has no `model_list` key)."""
    if _fragment(doc) and path and path[0] == "model_list":
        return path[1:]
    return path


def _flow(parent: Any) -> bool:
    fa = getattr(parent, "fa", None)
    return bool(fa and fa.flow_style())


def _scalar_end(line: str, start: int, flow: bool) -> int | None:
    """End column of the scalar starting at `start`, or None when it is not a one-line scalar."""
    if start >= len(line):
        return None
    quote = line[start]
    if quote in "\"'":
        i = start + 1
        while i < len(line):
            if line[i] == quote:
                if quote == "'" and i + 1 < len(line) and line[i + 1] == "'":
                    i += 2
                    continue
                return i + 1
            if quote == '"' and line[i] == "\\":
                i += 1
            i += 1
        return None  # continues on the next line
    if quote in "|>[{&*!":
        return None
    end = len(line)
    comment = re.search(r"\s#", line[start:])
    if comment:
        end = start + comment.start()
    if flow:
        stop = re.search(r"[,\]}]", line[start:end])
        if stop:
            end = start + stop.start()
    text = line[start:end].rstrip()
    return start + len(text) if text else None


def _key_end(line: str, start: int) -> int | None:
    if start >= len(line):
        return None
    if line[start] in "\"'":
        end = line.find(line[start], start + 1)
        return end + 1 if end > 0 else None
    colon = re.search(r":(\s|$)", line[start:])
    return start + len(line[start:start + colon.start()].rstrip()) if colon else None


def render_scalar(value: Any) -> str:
    """YAML text for a scalar, plain when it reads back as the same value, else double-quoted."""
    import yaml

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"{value:g}" if isinstance(value, float) else str(value)
    text = str(value)
    try:
        plain_ok = yaml.safe_load(text) == text and not re.search(r"[:#]\s|[\n\r]|^\s|\s$", text)
    except yaml.YAMLError:
        plain_ok = False
    return text if plain_ok else json.dumps(text)


def _lines(text: str) -> list[str]:
    """Lines split on \n only (as the YAML parser counts them), each with its ending."""
    parts = text.split("\n")
    return [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _line(text: str, line_no: int) -> str:
    return _lines(text)[line_no].rstrip("\n").rstrip("\r")


def _replace(text: str, line_no: int, start: int, end: int, new: str) -> str:
    lines = _lines(text)
    line = lines[line_no]
    lines[line_no] = line[:start] + new + line[end:]
    return "".join(lines)


def _rename(text: str, doc: Any, path: tuple, new_key: str) -> str:
    parent = _node_at(doc, path[:-1])
    if not hasattr(parent, "lc") or new_key in parent:
        raise ValueError("the new key already exists")
    line_no, col = parent.lc.key(path[-1])
    line = _line(text, line_no)
    end = _key_end(line, col)
    if end is None:
        raise ValueError("the key is not on one line")
    old = line[col:end]
    quote = old[0] if old[:1] in "\"'" else ""
    return _replace(text, line_no, col, end, f"{quote}{new_key}{quote}")


def _set_value(text: str, doc: Any, path: tuple, value: Any) -> str:
    parent = _node_at(doc, path[:-1])
    if isinstance(parent, list):
        line_no, col = parent.lc.item(path[-1])
    else:
        line_no, col = parent.lc.value(path[-1])
    current = parent[path[-1]]
    if isinstance(current, str) and current.startswith("os.environ/") and not str(value).startswith("os.environ/"):
        raise ValueError("the value comes from os.environ/: the file is not where to fix it")
    line = _line(text, line_no)
    end = _scalar_end(line, col, _flow(parent))
    if end is None:
        raise ValueError("the value is not a one-line scalar")
    old = line[col:end]
    new = render_scalar(value)
    if old[:1] in "\"'" and isinstance(value, str) and not new.startswith('"'):
        new = json.dumps(value) if old[0] == '"' else "'" + value.replace("'", "''") + "'"
    return _replace(text, line_no, col, end, new)


def _move(text: str, doc: Any, path: tuple, section: str) -> str:
    """Move a one-line `key: value` into `section` (made at the end of the file when absent)."""
    parent = _node_at(doc, path[:-1])
    if _flow(parent) or (path[:-1] and not hasattr(parent, "lc")):
        raise ValueError("the key is in a flow mapping")
    key = path[-1]
    if len(path) == 1:
        line_no, col = doc.lc.key(key)
    else:
        line_no, col = parent.lc.key(key)
    lines = _lines(text)
    if not isinstance(parent[key], (str, int, float, bool)) and parent[key] is not None:
        raise ValueError("only a scalar value is moved")
    value_line, _ = parent.lc.value(key) if len(path) > 1 else doc.lc.value(key)
    if value_line != line_no or lines[line_no][:col].strip():
        raise ValueError("the key does not sit alone on its line")
    nxt = line_no + 1
    if nxt < len(lines) and lines[nxt].strip() and not lines[nxt].lstrip().startswith("#") and (
        len(lines[nxt]) - len(lines[nxt].lstrip()) > col
    ):
        raise ValueError("the value continues on the next line")
    body = lines[line_no][col:]
    if not body.endswith("\n"):
        body += "\n"
    target = doc.get(section) if section in doc else None
    if section not in doc:
        at, indent = None, 2
    elif isinstance(target, dict) and not _flow(target) and len(target):
        at, indent = target.lc.key(next(iter(target)))  # before its first key, at its indentation
    elif target is None:
        at, indent = doc.lc.key(section)[0] + 1, 2  # `section:` with nothing under it
    else:
        from .checks.util import code

        raise ValueError(f"{code(section)} is not a block mapping")
    del lines[line_no]
    if at is None:
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        lines += [f"{section}:\n", " " * indent + body]
    else:
        lines.insert(at - 1 if at > line_no else at, " " * indent + body)
    return "".join(lines)


def _apply_one(text: str, fix: tuple) -> str:
    kind, path, arg = fix[0], tuple(fix[1]), fix[2]
    doc = _parse(text)
    path = _file_path(doc, path)
    if kind == "rename":
        return _rename(text, doc, path, arg)
    if kind == "value":
        return _set_value(text, doc, path, arg)
    if kind == "move":
        if _fragment(doc):
            raise ValueError("a model_list fragment has no sections")
        return _move(text, doc, path, arg)
    raise ValueError(f"unknown fix {kind}")


def _loads(shown: str, text: str) -> bool:
    from .yamlnodes import load_document

    try:
        load_document(shown, text)
        _parse(text)
    except Exception:  # noqa: BLE001 - InputError or a ruamel error: the result would not load
        return False
    return True


def plan_fixes(config, fixes: list[tuple[Finding, tuple]], *, unsafe: bool = False) -> FixResult:
    """Apply the fixes to the texts of the config's files in memory (nothing is written)."""
    result = FixResult()
    texts: dict[str, str] = {}
    # Bottom-up within a file, so that a move does not shift the lines of a later edit's finding; each
    # edit re-parses the text anyway, so positions are always current.
    ordered = sorted(fixes, key=lambda item: (item[0].location.file if item[0].location else "", -(item[0].location.line or 0) if item[0].location else 0))
    for finding, fix in ordered:
        if is_unsafe(fix) and not unsafe:
            result.skipped_unsafe.append(finding)
            continue
        shown = finding.location.file if finding.location else config.path
        if shown not in config.source_lines:
            result.failed.append((finding, "not in a file of this config"))
            continue
        if shown != config.path and tuple(fix[1])[:1] == ("model_list",):
            # An included file's deployments sit at other indices in the merged model_list.
            result.failed.append((finding, "a deployment from an included file: fix it there"))
            continue
        if shown not in texts:
            texts[shown] = _read_text(shown)
            result.files[shown] = (texts[shown], texts[shown])
        try:
            new = _apply_one(texts[shown], fix)
        except Exception as exc:  # noqa: BLE001 - a shape the fixer does not edit: leave it, say so
            result.failed.append((finding, str(exc) or type(exc).__name__))
            continue
        if not _loads(shown, new):
            result.failed.append((finding, "the result would not load"))
            continue
        texts[shown] = new
        result.files[shown] = (result.files[shown][0], new)
        result.applied.append(finding)
    return result


def _read_text(shown: str) -> str:
    from ..boundedio import read_file

    # Bounded like every read (the file may have changed since the loader read it).
    return read_file(shown, "config").decode("utf-8", errors="replace")


def write_fixes(result: FixResult) -> None:
    for shown in result.changed:
        _write_atomic(Path(shown), result.files[shown][1])


def _write_atomic(path: Path, text: str) -> None:
    target = Path(os.path.realpath(path))
    if not target.is_file():  # a symlink to a device, FIFO or directory: refuse
        raise InputError(f"{path}: not a regular file; not fixed")
    from ..safewrite import replace_atomically

    replace_atomically(target, text, os.stat(target), newline="")  # keeps its mode and owner


def fix_config(config, run, reload, *, unsafe: bool = False, write: bool = False):
    """Run the checks, apply their fixes (in memory, or to the files when `write`), and return
    (FixResult, the report to show: the findings that remain after writing, else the current ones).
    `run(config, fixes)` runs the checks collecting fixes; `reload()` loads the config again."""
    fixes: list = []
    report = run(config, fixes)
    result = plan_fixes(config, fixes, unsafe=unsafe)
    if write and result.changed:
        write_fixes(result)
        report = run(reload(), None)
    return result, report


def summary(result: FixResult, *, wrote: bool) -> str:
    verb = "fixed" if wrote else "would fix"
    parts = [f"{verb} {len(result.applied)} finding(s)" + (f" in {', '.join(result.changed)}" if result.changed else "")]
    if result.skipped_unsafe:
        parts.append(f"{len(result.skipped_unsafe)} unsafe fix(es) not applied (--unsafe-fixes applies them)")
    if result.failed:
        parts.append(f"{len(result.failed)} fix(es) left alone: " + "; ".join(
            f"{f.rule_id} line {f.location.line if f.location else '?'}: {why}" for f, why in result.failed[:3]))
    from ..formats.sanitize import value

    # One line on stderr, which only masks it: the paths and a parser's reason (quoting the config's text)
    # are the user's, so no escape sequence or CI runner command of theirs goes through.
    return value("; ".join(parts)).replace("\n", " ")
