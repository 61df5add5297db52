"""The rule library's content key is remembered against the files' stat listing (rulebook.content_key):
an unchanged library is not read again, and any change to a rule file is still seen."""

from __future__ import annotations

import os
import time

import pytest

from litellm_doctor.diagnosis import rulebook

RULE = """\
id: LD-USER-001
name: user-rule
category: other
title: {title}
why: W
match:
  any: ['litellm\\.BadThing']
steps: [s]
docs: [https://docs.litellm.ai/]
examples:
  - {{expect: match, text: litellm.BadThing}}
"""


@pytest.fixture
def library(tmp_path, monkeypatch):
    """A --rules-dir with one rule, a private cache directory, and a count of full reads of the files."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("LITELLM_DOCTOR_NO_CACHE", raising=False)
    directory = tmp_path / "rules"
    directory.mkdir()
    (directory / "LD-USER-001.yaml").write_text(RULE.format(title="first"), encoding="utf-8")
    reads = []
    real = rulebook.library_key
    monkeypatch.setattr(rulebook, "library_key", lambda files: reads.append(len(files)) or real(files))
    return directory, reads


def _titles(directory):
    return [rule.title for rule in rulebook.load_dir(directory)]


def _later() -> None:
    """Past the file system's timestamp granularity (a kernel clock tick): the next write gets a new
    change time, as every real edit, made long after the last run, does."""
    time.sleep(0.05)


def test_an_unchanged_library_is_read_once(library):
    directory, reads = library
    assert _titles(directory) == ["first"]
    assert _titles(directory) == ["first"]
    assert _titles(directory) == ["first"]
    assert reads == [1]  # the key was computed from the bytes once, then remembered


def test_an_edit_of_the_same_size_that_keeps_the_modification_time_is_seen(library):
    directory, reads = library
    path = directory / "LD-USER-001.yaml"
    assert _titles(directory) == ["first"]
    before = path.stat()
    _later()
    path.write_text(RULE.format(title="other"), encoding="utf-8")  # same length as "first"
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # as `cp -p`, `rsync -t` or `tar x` do
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    assert _titles(directory) == ["other"]
    assert len(reads) == 2


def test_a_replaced_added_or_removed_rule_file_is_seen(library):
    directory, reads = library
    assert _titles(directory) == ["first"]
    _later()
    replacement = directory / "new.tmp"
    replacement.write_text(RULE.format(title="again"), encoding="utf-8")
    replacement.replace(directory / "LD-USER-001.yaml")  # an editor's atomic save: a new inode
    assert _titles(directory) == ["again"]
    (directory / "LD-USER-002.yaml").write_text(
        RULE.format(title="second").replace("LD-USER-001", "LD-USER-002").replace("user-rule", "user-rule-two"),
        encoding="utf-8",
    )
    assert _titles(directory) == ["again", "second"]
    (directory / "LD-USER-002.yaml").unlink()
    assert _titles(directory) == ["again"]


def test_the_built_in_library_loads_from_its_index_with_a_remembered_key(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("LITELLM_DOCTOR_NO_CACHE", raising=False)
    parsed = []
    real_parse = rulebook._parse_dir
    monkeypatch.setattr(rulebook, "_parse_dir", lambda d, files: parsed.append(d) or real_parse(d, files))
    first = rulebook.load_dir(rulebook.default_rules_dir())
    second = rulebook.load_dir(rulebook.default_rules_dir())
    assert [(r.id, r.title, r.steps) for r in first] == [(r.id, r.title, r.steps) for r in second]
    assert len(first) > 100
    assert parsed == []  # the shipped rules/_index.json both times, never the YAML
    assert [p.name for p in (tmp_path / "cache" / "litellm-doctor").iterdir()] == [
        f"key-{rulebook._where(rulebook.default_rules_dir())}.txt"
    ]


def test_no_cache_reads_the_yaml_and_writes_nothing(library, monkeypatch, tmp_path):
    directory, reads = library
    monkeypatch.setenv("LITELLM_DOCTOR_NO_CACHE", "1")
    assert _titles(directory) == ["first"]
    assert _titles(directory) == ["first"]
    assert reads == []
    assert not (tmp_path / "cache").exists()


def test_an_unwritable_cache_directory_only_costs_time(library, tmp_path):
    directory, reads = library
    (tmp_path / "cache").write_text("not a directory", encoding="utf-8")
    assert _titles(directory) == ["first"]
    assert _titles(directory) == ["first"]
    assert reads == [1, 1]  # nothing remembered, computed each time


def test_a_bounded_read_is_sized_by_the_file_and_still_capped(tmp_path):
    """boundedio.read_file reads what the file holds (not a cap-sized buffer), including a file whose
    size says 0 (/proc), and still refuses one over the cap."""
    from litellm_doctor.boundedio import read_file
    from litellm_doctor.errors import InputError

    exact = tmp_path / "exact.yaml"
    exact.write_bytes(b"x" * 1024)
    assert read_file(exact, "rule file", cap=1024) == b"x" * 1024
    with pytest.raises(InputError, match="larger than"):
        read_file(exact, "rule file", cap=1023)
    status = read_file("/proc/self/status", "rule file")  # st_size 0, content nonetheless
    assert status.startswith(b"Name:") and status.endswith(b"\n")


def test_rules_read_without_their_texts_complete_to_the_full_rules(tmp_path, monkeypatch):
    """A pasted error's run reads only what matching needs (load_dir(details=False)); each rule's texts,
    read by offset when it answers (Rule.complete), are exactly what a full read gives."""
    from dataclasses import replace

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("LITELLM_DOCTOR_NO_CACHE", raising=False)
    full = rulebook.load_dir(rulebook.default_rules_dir())
    light = rulebook.load_dir(rulebook.default_rules_dir(), details=False)
    assert all(r.details_at is None for r in full)
    assert all(r.details_at is not None and r.why == "" and r.steps == () for r in light)
    def texts(rule):  # patterns compare by identity: what they hold is compared instead
        return (replace(rule, any=(), all=(), none=(), none_anywhere=(), facts=(), details_at=None),
                [p.pattern for p in (*rule.any, *rule.all, *rule.none, *rule.none_anywhere)])

    assert [texts(r.complete()) for r in light] == [texts(r) for r in full]


def test_a_user_library_s_cached_texts_are_read_by_offset_too(library):
    directory, _ = library
    rulebook.load_dir(directory)  # the first load parses the YAML and writes the cache
    (rule,) = rulebook.load_dir(directory, details=False)
    assert rule.details_at is not None and rule.details_at[0].startswith(str(rulebook._cache_base()))
    assert (rule.complete().title, rule.complete().steps) == ("first", ("s",))


def test_texts_whose_index_changed_meanwhile_come_from_the_rule_file(library):
    """An index rewritten between the read of its head and a rule's texts (another library version, a
    concurrent rebuild): the offset no longer leads to this rule, so its YAML file is read instead."""
    directory, _ = library
    rulebook.load_dir(directory)
    (rule,) = rulebook.load_dir(directory, details=False)
    path, offset, length = rule.details_at
    with open(path, "r+b") as fh:
        fh.seek(offset)
        fh.write(b"{" + b" " * (length - 1))
    assert rule.complete().title == "first" and rule.complete().why == "W"


def test_the_library_made_rule_by_rule_is_the_library_read_whole(tmp_path, monkeypatch):
    """A pasted error's run makes only the rules it needs from the index (rulebook.Library); each is the rule a
    whole read makes, and the library iterated is the whole library, in order."""
    from dataclasses import replace

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("LITELLM_DOCTOR_NO_CACHE", raising=False)
    directory = str(rulebook.default_rules_dir())
    whole = rulebook.load_dir(directory, details=False)
    lazy = rulebook._lazy_dir(directory)
    assert lazy is not None and len(lazy) == len(whole)

    def plain(rule):  # patterns compare by identity: what they hold is compared instead
        patterns = [(p.pattern, p.requires, p.icase) for p in (*rule.any, *rule.all, *rule.none, *rule.none_anywhere)]
        facts = [(name, p.pattern) for name, p in rule.facts]
        return replace(rule, any=(), all=(), none=(), none_anywhere=(), facts=()), patterns, facts

    assert [plain(lazy[i]) for i in reversed(range(len(lazy)))][::-1] == [plain(r) for r in whole]
    assert [r.id for r in lazy] == lazy.ids == [r.id for r in whole]


def test_the_rules_a_text_can_match_are_all_candidates(tmp_path, monkeypatch):
    """The triggers only say which rules to try: on every example text of the library (match and no-match),
    matching the candidates gives what matching every rule gives."""
    from litellm_doctor.diagnosis.classify import match_rules

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("LITELLM_DOCTOR_NO_CACHE", raising=False)
    # Read here, not through matching_library: a test module that loaded the library at collection (RULES =
    # load_rules() in test_rule_catalog.py) makes that return the loaded tuple.
    lazy = rulebook._lazy_dir(str(rulebook.default_rules_dir()))
    assert isinstance(lazy, rulebook.Library)
    whole = tuple(lazy)
    texts = [example.text for rule in rulebook.load_rules() for example in rule.examples]
    assert len(texts) > 1000
    for text in texts:
        assert [(m.rule.id, m.position, m.facts) for m in match_rules(text, lazy)] == [
            (m.rule.id, m.position, m.facts) for m in match_rules(text, whole)
        ], text


def test_the_candidates_are_the_rules_whose_trigger_literal_is_in_the_text(tmp_path, monkeypatch):
    """The literals are filed by anchor (rulebook._GRAM): a text's candidates are still exactly the rules one of whose
    trigger literals is in it, tested one by one, plus those without a trigger: on every example text, on texts past
    _GRAM_TEXT_MAX (where every literal is tested), and on texts whose lower-casing is not ASCII's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("LITELLM_DOCTOR_NO_CACHE", raising=False)
    lazy = rulebook._lazy_dir(str(rulebook.default_rules_dir()))
    assert isinstance(lazy, rulebook.Library)
    triggers = [rulebook._trigger(rule) for rule in lazy]
    assert sum(t is None for t in triggers) < 10

    def every_literal(text, lowered):
        return [i for i, trigger in enumerate(triggers)
                if trigger is None or any(lit in (lowered if icase else text) for lit, icase in trigger)]

    texts = [example.text for rule in rulebook.load_rules() for example in rule.examples]
    long = [text for text in ("\n".join(texts[i:i + 150]) for i in range(0, 1500, 150)) if len(text) > rulebook._GRAM_TEXT_MAX]
    assert len(long) >= 5
    odd = ["\u212a" + texts[0].upper(), "\u0130" + texts[1], "\u03a3" + texts[2], "余额不足", "P30 " + texts[3]]
    tested = 0
    for text in texts + long + odd:
        lowered = text.lower()
        expected = every_literal(text, lowered)
        assert [lazy.ids.index(r.id) for r in lazy.candidates(text, lowered)] == expected, text[:200]
        tested += len(expected) > 2
    assert tested > 1000


@pytest.mark.parametrize("name", ["proxy-default.log", "proxy-info-fallbacks.log", "proxy-info-faults.log",
                                  "proxy-json.log", "proxy-restart-httpx.log"])
def test_a_log_is_triaged_with_the_candidates_as_with_every_rule(name, tmp_path, monkeypatch):
    """A log's triage (logs.triage_stream) classifies with the built-in Library: only the rules whose trigger fires
    are made and tried, and the report is the one every rule gives."""
    import litellm_doctor.logs as logs
    from litellm_doctor.formats.base import report_dict

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("LITELLM_DOCTOR_NO_CACHE", raising=False)
    path = os.path.join(os.path.dirname(__file__), "fixtures", "logs", name)
    lazy = rulebook._lazy_dir(str(rulebook.default_rules_dir()))
    monkeypatch.setattr(logs, "matching_library", lambda _rules_dir=None: lazy)
    with_candidates = report_dict(logs.triage_log(path))
    made = sum(rule is not None for rule in lazy._made)
    assert with_candidates["groups"] and 0 < made < len(lazy) / 2
    monkeypatch.setattr(logs, "matching_library", lambda _rules_dir=None: rulebook.load_dir(lazy._folder, details=False))
    assert report_dict(logs.triage_log(path)) == with_candidates


def test_a_damaged_head_line_is_read_from_the_rule_file(tmp_path, monkeypatch):
    """A head line that no longer decodes to its rule: that rule comes from its YAML file, the same rule."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("LITELLM_DOCTOR_NO_CACHE", raising=False)
    directory = str(rulebook.default_rules_dir())
    lazy = rulebook._lazy_dir(directory)
    offset, size = lazy._heads[0]
    lazy._head = lazy._head[:offset] + b"{" + b" " * (size - 1) + lazy._head[offset + size:]
    rule = lazy[0]
    assert rule.id == lazy.ids[0] and rule.details_at is None and rule.steps
    assert rule.any[0].pattern == rulebook.load_dir(directory, details=False)[0].any[0].pattern


def test_a_library_index_that_repeats_a_name_is_refused(tmp_path, monkeypatch):
    """matching_library checks the index's ids and names by their sets first; one repeated still names both rules."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("LITELLM_DOCTOR_NO_CACHE", raising=False)
    lazy = rulebook._lazy_dir(str(rulebook.default_rules_dir()))
    lazy.names = [lazy.names[0], *lazy.names[:-1]]
    monkeypatch.setattr(rulebook, "_lazy_dir", lambda _directory: lazy)
    monkeypatch.setattr(rulebook, "_LIBRARY", [])
    monkeypatch.setattr(rulebook, "_LOADED", {})
    with pytest.raises(rulebook.RuleError, match=rf"{lazy.ids[1]}\.yaml: id: {lazy.names[0]} is already used by .*{lazy.ids[0]}\.yaml"):
        rulebook.matching_library()


def test_a_damaged_line_of_the_filter_s_entries_makes_every_rule_a_candidate(tmp_path, monkeypatch):
    """Index format 7 decodes an anchor's literals when a text holds it (rulebook._filter_parts): a line that does not
    decode to them makes every rule a candidate, so the answer is the one every rule gives, only slower."""
    from litellm_doctor.diagnosis.classify import match_rules

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("LITELLM_DOCTOR_NO_CACHE", raising=False)
    lazy = rulebook._lazy_dir(str(rulebook.default_rules_dir()))
    assert isinstance(lazy, rulebook.Library)
    text = "litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached for gpt-4o. Please try again in 6.7s."
    lowered = text.lower()
    fine = [r.id for r in lazy.candidates(text, lowered)]
    assert 2 < len(fine) < len(lazy) / 4
    grams = {lowered[i:i + rulebook._GRAM] for i in range(len(lowered) - rulebook._GRAM + 1)}
    held = sorted(set(lazy._anchors) & grams)
    assert held and not lazy._decoded.keys() - set(held)  # only the anchors the text holds were decoded
    for damage in (b"[[", b'{"a": 1}', b'[["x", 0, [99999]]]'):
        lazy._decoded.clear()
        k = lazy._where[held[0]]
        start, end = rulebook._offset(lazy._entry_at, k), rulebook._offset(lazy._entry_at, k + 1)
        lazy._entries = lazy._entries[:start] + damage.ljust(end - start - 1) + b"\n" + lazy._entries[end:]
        assert [r.id for r in lazy.candidates(text, lowered)] == [r.id for r in lazy]
        assert [m.rule.id for m in match_rules(text, lazy)] == [m.rule.id for m in match_rules(text, tuple(lazy))]


@pytest.mark.parametrize("folder", ["règles", os.fsdecode(b"rules-\xff")])
def test_a_library_in_a_directory_whose_name_is_not_ascii_is_remembered_too(folder, tmp_path, monkeypatch):
    """The memo is the key and the stat listing as text (index format 7), the listing in ASCII (`ascii()`) when a name
    is not: a directory whose name is not even UTF-8 (a surrogate in the str) is remembered as any other."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("LITELLM_DOCTOR_NO_CACHE", raising=False)
    directory = tmp_path / folder
    directory.mkdir()
    (directory / "LD-USER-001.yaml").write_text(RULE.format(title="first"), encoding="utf-8")
    reads = []
    real = rulebook.library_key
    monkeypatch.setattr(rulebook, "library_key", lambda files: reads.append(len(files)) or real(files))
    assert _titles(directory) == ["first"] and _titles(directory) == ["first"]
    assert reads == [1]
    _later()
    (directory / "LD-USER-001.yaml").write_text(RULE.format(title="other"), encoding="utf-8")
    assert _titles(directory) == ["other"] and reads == [1, 1]
