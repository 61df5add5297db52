"""regexcache.rx: the same regex objects as re.compile, whether built from the cache file or compiled; a damaged
or foreign file changes nothing but the time it takes; LITELLM_DOCTOR_NO_CACHE=1 writes nothing."""

from __future__ import annotations

import re

import pytest

from litellm_doctor import regexcache

PATTERNS = [
    (r"\blitellm\.(?:exceptions\.)?(?P<name>Timeout|[A-Z]\w*(?:Error|Timeout|Exception))\b", 0),
    (r"(?<![\w.])timeout\s*[=:]\s*(?P<t>\d+(?:\.\d+)?)\b", re.IGNORECASE),
    (r"^\[(.*)\]$", re.DOTALL),
    (r"(?:^|\n|: )\s*(?P<s>[45]\d\d)(?::| [A-Z][a-z]| [\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])", 0),
    (r"(?x) a \s+ b  # verbose", re.MULTILINE),
    ("x" * 300 + r"(a|b)*?c{2,5}", 0),
    # The log reader's bytes patterns: kept apart from a str pattern of the same text (their code differs: `\w`
    # is ASCII-only on bytes), and bytes that are not UTF-8 in the pattern.
    (r"\w+ (?P<n>\d+)", 0),
    (rb"\w+ (?P<n>\d+)", 0),
    (rb"^(?:\x1b\[[0-9;]*m)?\d\d:\d\d:\d\d - \xe2\x80\xa6|\xff", re.MULTILINE),
]


def _fresh(monkeypatch, cache_home) -> None:
    """A new process's module state, with its cache in `cache_home`."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    monkeypatch.delenv("LITELLM_DOCTOR_NO_CACHE", raising=False)
    monkeypatch.setattr(regexcache, "_made", {})
    monkeypatch.setattr(regexcache, "_new", {})
    monkeypatch.setattr(regexcache, "_loaded", False)
    monkeypatch.setattr(regexcache, "_checksums", ())
    monkeypatch.setattr(regexcache, "_offsets", ())
    monkeypatch.setattr(regexcache, "_lengths", ())
    monkeypatch.setattr(regexcache, "_data", b"")
    monkeypatch.setattr(regexcache, "_base", 0)
    monkeypatch.setattr("atexit.register", lambda fn: None)  # _save is called by the test


def _same(a: re.Pattern[str], b: re.Pattern[str]) -> None:
    assert a == b and a.flags == b.flags and a.groups == b.groups and a.groupindex == b.groupindex


def test_a_second_run_builds_the_same_regexes_from_the_file(tmp_path, monkeypatch):
    _fresh(monkeypatch, tmp_path)
    for pattern, flags in PATTERNS:
        _same(regexcache.rx(pattern, flags), re.compile(pattern, flags))
    assert len(regexcache._new) == len(PATTERNS)
    regexcache._save()
    (written,) = (tmp_path / "litellm-doctor").iterdir()

    _fresh(monkeypatch, tmp_path)
    compiled = []
    monkeypatch.setattr(regexcache.re, "compile", lambda *a: compiled.append(a) or re.Pattern)
    built = [regexcache.rx(pattern, flags) for pattern, flags in PATTERNS]
    monkeypatch.undo()
    assert compiled == []  # every one from the file
    for (pattern, flags), regex in zip(PATTERNS, built):
        _same(regex, re.compile(pattern, flags))
        for text in ("litellm.RateLimitError: x", "timeout = 30", "[1, 2]", "x\n429 Too many", "a\n b", "é 42",
                     "\x1b[0m10:00:00 - \u2026"):
            if isinstance(pattern, bytes):
                text = text.encode()
            ours, theirs = regex.search(text), re.compile(pattern, flags).search(text)
            assert (ours and (ours.span(), ours.groups())) == (theirs and (theirs.span(), theirs.groups()))
    assert written.stat().st_size > 0


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage", "foreign"])
def test_a_damaged_or_foreign_file_only_costs_a_compile(tmp_path, monkeypatch, damage):
    _fresh(monkeypatch, tmp_path)
    for pattern, flags in PATTERNS:
        regexcache.rx(pattern, flags)
    regexcache._save()
    (path,) = (tmp_path / "litellm-doctor").iterdir()
    data = bytearray(path.read_bytes())
    if damage == "flip":
        for i in range(len(data) // 2, len(data), 7):
            data[i] = data[i] ^ 0x01
    elif damage == "truncate":
        data = data[: len(data) * 2 // 3]
    elif damage == "garbage":
        data = bytearray(b"\x00\xff" * 500)
    else:
        data = data.replace(b'"writer": "', b'"writer": "2.7 ', 1)
    path.write_bytes(bytes(data))

    _fresh(monkeypatch, tmp_path)
    for pattern, flags in PATTERNS:
        _same(regexcache.rx(pattern, flags), re.compile(pattern, flags))
    regexcache._save()  # and the file is usable again
    _fresh(monkeypatch, tmp_path)
    for pattern, flags in PATTERNS:
        _same(regexcache.rx(pattern, flags), re.compile(pattern, flags))
    assert regexcache._new == {}


def test_no_cache_reads_and_writes_nothing(tmp_path, monkeypatch):
    _fresh(monkeypatch, tmp_path)
    monkeypatch.setenv("LITELLM_DOCTOR_NO_CACHE", "1")
    for pattern, flags in PATTERNS:
        _same(regexcache.rx(pattern, flags), re.compile(pattern, flags))
    regexcache._save()
    assert not (tmp_path / "litellm-doctor").exists()


def test_an_entry_whose_code_changed_is_compiled_again_not_used(tmp_path, monkeypatch):
    """The code is stored as it is (format 2, not base64 in JSON): a changed byte in it can still be code the engine
    accepts, for another regex (a literal `x` read as `y`). The entry's CRC-32 says so: it is compiled again."""
    _fresh(monkeypatch, tmp_path)
    for pattern, flags in PATTERNS:
        regexcache.rx(pattern, flags)
    regexcache._save()
    (path,) = (tmp_path / "litellm-doctor").iterdir()
    _fresh(monkeypatch, tmp_path)
    regexcache._load()
    data = bytearray(path.read_bytes())
    changed = 0
    for offset, length in zip(regexcache._offsets, regexcache._lengths):
        entry = regexcache._data[regexcache._base + offset:regexcache._base + offset + length]
        code_start = entry.index(b"\n") + 1 + len(regexcache._key_of(entry))
        at = entry.find(b"x\0\0\0", code_start)  # a literal `x` of the "xxx…" pattern: `y` is code the engine takes
        if regexcache._key_of(entry).startswith(b"0:xxx") and at >= 0 and (at - code_start) % 4 == 0:
            data[regexcache._base + offset + at] = ord("y")
            changed += 1
    assert changed == 1
    path.write_bytes(bytes(data))

    _fresh(monkeypatch, tmp_path)
    for pattern, flags in PATTERNS:
        _same(regexcache.rx(pattern, flags), re.compile(pattern, flags))
    assert list(regexcache._new) == [f"{flags}:{pattern}" for pattern, flags in PATTERNS if pattern[:3] in ("xxx", b"xxx")]
