"""Compiled regexes remembered between runs: `rx(pattern, flags)` is `re.compile(pattern, flags)`.

`re.compile` parses a pattern and generates its matching code in pure Python: for the ~100 fixed regexes a
pasted error's run uses (the facts, the masking, the classifier's) that was ~15 ms of CPU, a sixth of the
run, spent again by every run on the same strings. The generated code is a list of integers that the C
engine takes as it is (`_sre.compile`, what `re.compile` itself ends with), so it is kept in the user cache
directory, next to the rule library's (rulebook.py), and a later run builds the same regex object from it
in microseconds.

What makes this safe:
- the file holds entries for one interpreter only (its `sys.version`, the engine's MAGIC and code size,
  the byte order): any other interpreter, or a file that does not parse, is ignored and rewritten;
- an entry is written only after the object it builds compared equal to `re.compile`'s (a regex object's
  equality is its pattern, flags and code), so an interpreter that builds regexes otherwise caches nothing;
- an entry carries the CRC-32 of its pattern and code, and `_sre.compile` validates the code it is given (a damaged
  entry is compiled the usual way);
- only fixed strings go through `rx`: the library's own regexes and the rule patterns, never text from an
  error, a log or a config (a regex built from a user's value would put that value into the file).
The file is trusted as the cached rule library next to it is (same directory, same owner).
LITELLM_DOCTOR_NO_CACHE=1 turns it off, as it does the rule cache.
"""

from __future__ import annotations

import json
import os
import re
import sys
import zlib
from bisect import bisect_left
from collections.abc import Sequence

try:
    import _sre
    from array import array

    try:  # Python 3.11+
        from re import _compiler as _sre_compile
        from re import _parser as _sre_parse
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_compile as _sre_compile  # type: ignore[no-redef]
        import sre_parse as _sre_parse  # type: ignore[no-redef]
    _USABLE = array("I").itemsize == _sre.CODESIZE and hasattr(_sre_compile, "_code")
except ImportError:  # pragma: no cover - not CPython
    _USABLE = False

# Which interpreter wrote the file: its entries are used by that interpreter only.
_WRITER = f"{sys.version}|{getattr(_sre, 'MAGIC', '') if _USABLE else ''}|{sys.byteorder}"
# More entries than this (many versions' patterns accumulated) and the file starts again with this run's.
_MAX_ENTRIES = 4000
_CAP = 16 * 1024 * 1024

# This process's regexes, by (pattern, flags): rx() in a function compiles once, as re.compile's own cache does.
_made: dict[tuple[str | bytes, int], re.Pattern] = {}

# The file, read on the first rx(), in three parts:
#   {"writer": ..., "format": 2, "count": n}\n   the first line
#   n checksums, n offsets, n lengths             unsigned 32-bit integers in this machine's order, by checksum
#   the entries, one after the other              each a JSON line [flags, groups, groupindex, indexgroup, key
#                                                 size, CRC-32 of the rest], then the key's UTF-8 bytes, then the
#                                                 code's (32-bit integers in this machine's order)
# where a checksum is the CRC-32 of an entry's key ("flags:pattern") and an offset counts from the first entry.
# A run parses only the entries it uses, found by bisection: the file also holds the patterns of every rule that
# ever matched and of other commands (~1 MB after a test run), and reading an index of all of them would cost
# more, the more there are. (Format 1 held each entry as one JSON line with the key and the code in base64: a
# pasted error's run decoded ~110 kB of base64 and JSON strings for its ~95 regexes, ~3.5 M instructions.)
_FORMAT = 2
_checksums: Sequence[int] = ()
_offsets: Sequence[int] = ()
_lengths: Sequence[int] = ()
_data = b""
_base = 0
_loaded = False
# Regexes compiled the usual way in this run, to be written at exit: key -> (pattern, flags, compiled).
_new: dict[str, tuple[str | bytes, int, re.Pattern]] = {}


def rx(pattern: str | bytes, flags: int = 0) -> re.Pattern:
    """`re.compile(pattern, flags)`, from the code remembered by an earlier run when there is one (a str or, for
    the log reader's patterns, a bytes pattern)."""
    flags = int(flags)
    made = _made.get((pattern, flags))
    if made is not None:
        return made
    _made[(pattern, flags)] = made = _build(pattern, flags)
    return made


def _encoded(key: str) -> bytes:
    return key.encode("utf-8", "surrogatepass")


def _checksum(key: str) -> int:
    return zlib.crc32(_encoded(key))


def _stored(key: str) -> tuple[int, int, dict, list, list[int]] | None:
    """The file's entry for `key` (final flags, groups, groupindex, indexgroup, code), or None."""
    if not _loaded:
        _load()
    raw = _encoded(key)
    checksum = zlib.crc32(raw)
    i = bisect_left(_checksums, checksum)
    while i < len(_checksums) and _checksums[i] == checksum:  # more than one key with this checksum: all tried
        start = _base + _offsets[i]
        end = start + _lengths[i]
        line = _data.index(b"\n", start, end)
        final_flags, groups, groupindex, indexgroup, key_size, crc = json.loads(_data[start:line])
        body = _data[line + 1:end]
        if body[:key_size] == raw and zlib.crc32(body) == crc and (len(body) - key_size) % 4 == 0:
            return final_flags, groups, groupindex, indexgroup, array("I", body[key_size:]).tolist()
        i += 1
    return None


def _build(pattern: str | bytes, flags: int) -> re.Pattern:
    if not _USABLE:
        return re.compile(pattern, flags)
    # A bytes pattern's key is marked `b` (its bytes read as Latin-1, one character each), so it never meets the
    # same text as a str pattern, whose regex differs (no Unicode classes).
    key = f"b{flags}:{pattern.decode('latin-1')}" if isinstance(pattern, bytes) else f"{flags}:{pattern}"
    try:
        entry = _stored(key)
        if entry is not None:
            final_flags, groups, groupindex, indexgroup, code = entry
            return _sre.compile(pattern, final_flags, code, groups, groupindex, tuple(indexgroup))
    except Exception:  # noqa: BLE001 - a damaged entry (bad code, wrong types): compiled below, and rewritten
        pass
    compiled = re.compile(pattern, flags)
    if not _new and _path() is not None:
        import atexit

        atexit.register(_save)  # once a run, and only in a run that compiled something new
    _new[key] = (pattern, flags, compiled)
    return compiled


def _path() -> str | None:
    if os.environ.get("LITELLM_DOCTOR_NO_CACHE"):
        return None
    # The rule library's cache directory (rulebook._cache_base).
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    # Named by the format too: a version of litellm-doctor that writes format 1 (installed beside this one, or run by
    # another checkout) keeps its own file instead of each rewriting the other's on every run.
    return os.path.join(base, "litellm-doctor", f"regex-{sys.implementation.cache_tag}-{_FORMAT}.bin")


def _load() -> None:
    global _checksums, _offsets, _lengths, _data, _base, _loaded
    _loaded = True
    path = _path()
    if path is None:
        return
    from .boundedio import read_file
    from .errors import InputError

    try:
        data = read_file(path, "regex cache", _CAP)
        end = data.index(b"\n")
        head = json.loads(data[:end])
        count = head["count"]
        if (head["writer"] != _WRITER or head.get("format") != _FORMAT or not isinstance(count, int)
                or not 0 <= count <= _MAX_ENTRIES):
            return
        size = 4 * count
        tables = [array("I", data[end + 1 + i * size:end + 1 + (i + 1) * size]) for i in range(3)]
        if any(len(t) != count for t in tables):
            return
        _checksums, _offsets, _lengths = tables
        _data, _base = data, end + 1 + 3 * size
    except (InputError, OSError, ValueError, KeyError, TypeError, RecursionError):
        pass  # none yet, or unusable: the regexes are compiled, and the file written at exit


def _entry(key: str, pattern: str | bytes, flags: int, compiled: re.Pattern) -> bytes | None:
    """The entry `_build` reads to make `compiled` again, or None when what it would make differs."""
    parsed = _sre_parse.parse(pattern, flags)
    code = _sre_compile._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    final_flags, groups = flags | parsed.state.flags, parsed.state.groups - 1
    try:
        built = _sre.compile(pattern, final_flags, code, groups, groupindex, tuple(indexgroup))
    except Exception:  # noqa: BLE001 - an interpreter whose engine takes other arguments
        return None
    if built != compiled or built.flags != compiled.flags or built.groupindex != compiled.groupindex:
        return None
    raw = _encoded(key)
    body = raw + array("I", code).tobytes()
    return json.dumps([final_flags, groups, groupindex, indexgroup, len(raw), zlib.crc32(body)]).encode("ascii") + b"\n" + body


def _key_of(entry: bytes) -> bytes:
    """The key's bytes in an entry of the file (ValueError, TypeError... when it is damaged)."""
    line = entry.index(b"\n")
    key_size = json.loads(entry[:line])[4]
    if not isinstance(key_size, int) or not 0 <= key_size <= len(entry) - line - 1:
        raise ValueError("not an entry")
    return entry[line + 1:line + 1 + key_size]


def _save() -> None:
    """At exit: this run's new regexes added to the file (atomically; an unwritable cache is not used)."""
    path = _path()
    if path is None or not _new:
        return
    try:
        entries: list[tuple[int, bytes]] = []  # (checksum, entry)
        if len(_checksums) + len(_new) <= _MAX_ENTRIES:
            new = {_encoded(key) for key in _new}
            for checksum, offset, length in zip(_checksums, _offsets, _lengths):
                entry = _data[_base + offset:_base + offset + length]
                try:
                    if _key_of(entry) not in new:  # else compiled again (its entry was damaged): replaced below
                        entries.append((checksum, entry))
                except (ValueError, TypeError, IndexError, KeyError, RecursionError):
                    pass  # a damaged entry: dropped
        added = 0
        for key, (pattern, flags, compiled) in _new.items():
            entry = _entry(key, pattern, flags, compiled)
            if entry is not None:
                entries.append((_checksum(key), entry))
                added += 1
        if not added:
            return  # nothing this interpreter can store: the file is not rewritten on every run
        entries.sort(key=lambda e: e[0])
        checksums, offsets, lengths = array("I"), array("I"), array("I")
        offset = 0
        for checksum, entry in entries:
            checksums.append(checksum)
            offsets.append(offset)
            lengths.append(len(entry))
            offset += len(entry)
        head = json.dumps({"writer": _WRITER, "format": _FORMAT, "count": len(entries)}).encode("ascii") + b"\n"
        blob = head + checksums.tobytes() + offsets.tobytes() + lengths.tobytes() + b"".join(entry for _, entry in entries)
        from pathlib import Path

        from .safewrite import replace_atomically

        os.makedirs(os.path.dirname(path), exist_ok=True)
        # Atomic (a concurrent run reads the old file or the new one), through a temporary file no symlink planted
        # in the cache can redirect: as the rule cache beside it is written (rulebook._write_atomically).
        replace_atomically(Path(path), blob, None)
    except Exception:  # noqa: BLE001 - read-only home, full disk, a symlink in the way: the next run compiles again
        pass
