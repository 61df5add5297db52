"""Hardening review 26 (session 26's harden26): each test failed before its fix."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from hardening_helpers import run_cli

FORMATS = ["text", "json", "markdown", "github", "sarif", "junit"]

# A config value that tries every way out of a code span: a backtick (ends the span), an HTML tag, a line break and a
# Markdown heading (a new line, a new block), an escape sequence and a bidi override.
HOSTILE = "x`</code><img src=x onerror=alert(1)>\n## Injected heading\n\x1b[31mRED\u202e`y"
# Words of HOSTILE that must only ever be read inside a code span.
MARKERS = ("onerror", "Injected")


def _hostile_config(tmp_path):
    v = HOSTILE
    config = {
        "model_list": [{"model_name": "g" + v, "litellm_params": {
            "model": "openaii/gpt" + v, "api_base": "ftp://h" + v, "api_key": "os.environ/K", "timeout": "abc" + v}}],
        "router_settings": {"fallbacks": [{"g": ["nope" + v]}], "model_group_alias": {"a" + v: "zz" + v}},
        "litellm_settings": {"callbacks": ["langfusee" + v], "drop_params": "yes" + v},
        "environment_variables": {"E" + v: None},
        "bogus" + v: 1,
    }
    path = tmp_path / "config.yaml"
    path.write_text(json.dumps(config), encoding="utf-8")  # JSON is YAML
    return path


def _outside_code_spans(text: str) -> str:
    """`text` without its code spans, paired as CommonMark pairs them (a run of n backticks closes at the next run of
    exactly n; an unclosed run is literal)."""
    runs = list(re.finditer(r"`+", text))
    out, pos, i = [], 0, 0
    while i < len(runs):
        opening = runs[i]
        closing = next((j for j in range(i + 1, len(runs)) if len(runs[j].group()) == len(opening.group())), None)
        if closing is None:
            i += 1
            continue
        out.append(text[pos:opening.start()])
        pos = runs[closing].end()
        i = closing + 1
    out.append(text[pos:])
    return "".join(out)


def _strings(data):
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


def _texts(fmt: str, out: str) -> list[str]:
    """The pieces of prose a reader (or a program) takes from `out`, each read as Markdown would read it."""
    if fmt in ("json", "sarif"):
        return list(_strings(json.loads(out)))
    if fmt == "junit":
        root = ET.fromstring(out)
        return [t for e in root.iter() for t in (e.text or "", *e.attrib.values())]
    if fmt == "github":
        return [line.split("::", 2)[-1].replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")
                for line in out.splitlines() if line.startswith("::")]
    if fmt == "markdown":
        return out.split("\n\n")  # a paragraph, a heading, a list item each
    # text: a finding's message and steps are wrapped over lines; joined, a span is whole again
    return [" ".join(line.strip() for line in block.splitlines()) for block in out.split("\n\n")]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_config_value_never_leaves_its_code_span_in_any_format(tmp_path, fmt):
    """`check`'s messages and steps put the config's own keys, names and values raw between backticks (about 150
    f-strings under config/, and config/checks' `fill` put a fact into a catalog step's span as it was): a backtick
    in a model group name ended its span, so `<img …>`, the line break and `## Injected heading` after it were
    Markdown (a heading of their own in --format markdown, a new line in text, in a JSON message a program renders).
    Now every such span is quoted in one place (config/checks/util.code: sanitize.markdown_code) and a name in prose
    that would not read as itself is a code span too (util.named)."""
    config = _hostile_config(tmp_path)
    run = run_cli(["check", str(config), "-f", fmt])
    assert run.returncode == 1, run.output
    assert "\x1b" not in run.stdout and "\u202e" not in run.stdout
    texts = _texts(fmt, run.stdout)
    assert any("onerror" in t for t in texts)  # the values are shown…
    outside = [t for t in texts if any(m in _outside_code_spans(t) for m in MARKERS)]
    assert not outside, outside[:3]  # …but only inside code spans
    if fmt != "text":  # (the text format wraps lines itself)
        broken = [t for t in texts if "\n## Injected" in t or "\nRED" in t]
        assert not broken, broken[:3]
