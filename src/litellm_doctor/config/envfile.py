"""Read a `.env` file the way python-dotenv and docker compose read the common cases.

`KEY=value`, `export KEY=value`, single or double quotes (double quotes understand `\\n`), comments
starting with `#` (a ` #` after an unquoted value starts a comment too), blank lines. Lines that are
not assignments are skipped. Values never leave the process: only names and line numbers are shown.
"""

from __future__ import annotations

import re
from pathlib import Path

_LINE = re.compile(r"^\s*(?:export\s+)?(?P<key>[A-Za-z_][A-Za-z0-9_.\-]*)\s*=\s*(?P<value>.*)$")


def parse_env_text(text: str) -> dict[str, tuple[str, int]]:
    """Return {name: (value, line)}; a later assignment wins, as with dotenv."""
    out: dict[str, tuple[str, int]] = {}
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        raw = lines[index]
        number = index + 1
        index += 1
        m = _LINE.match(raw)
        if not m or raw.lstrip().startswith("#"):
            continue
        key, value = m.group("key"), m.group("value").strip()
        if value[:1] in ("'", '"'):
            quote = value[0]
            body = value[1:]
            # A quoted value may span lines.
            while quote not in body and index < len(lines):
                body += "\n" + lines[index]
                index += 1
            end = body.find(quote)
            value = body[:end] if end >= 0 else body
            if quote == '"':
                value = value.replace("\\n", "\n").replace('\\"', '"')
        else:
            hash_at = value.find(" #")
            if hash_at >= 0:
                value = value[:hash_at]
            value = value.strip()
        out[key] = (value, number)
    return out


def read_env_file(path: Path) -> dict[str, tuple[str, int]]:
    from ..boundedio import read_file

    return parse_env_text(read_file(path, "env file").decode("utf-8", errors="replace"))
