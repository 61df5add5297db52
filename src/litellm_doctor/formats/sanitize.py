"""Untrusted text made safe for each kind of output, one function per kind.

Server bodies, model ids, log lines, config values and pasted errors end up in what the doctor
prints. Each output kind has its own way of being attacked:

- terminal: escape sequences (window title, erase line, cursor moves that spoof a "✓ accepted"
  line), carriage returns and other control characters, bidi overrides: all removed, with or
  without colour; zero-width characters shown as `<U+200B>` (`terminal`); in values, CI
  runners' commands (`::add-mask::`, `##vso[…]`, `##teamcity[…]`) are broken too, since a runner reads them in any output (`value`, applied to
  the report's data by `clean_data`);
- GitHub workflow commands: a newline in a value would start a new `::error` / `::add-mask::`
  command; values are escaped as the runner reads them (`github_data`, `github_property`);
- JSON / SARIF: data, kept exactly where it must be (file names) and written inert (`name`, `inert_json`: the rule
  per format is written down above `inert_json`);
- XML (JUnit): characters XML 1.0 forbids make the whole file unreadable; removed (`xml`);
- Markdown: raw HTML and link syntax from a value would render live; neutralised outside code
  spans, and code spans are fenced so a backtick cannot close them (`markdown`, `markdown_code`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..regexcache import rx

TYPE_CHECKING = False  # typing's own constant, without importing typing (model.py says why)
if TYPE_CHECKING:
    from typing import Any

# CSI (ESC [ … final), OSC (ESC ] … BEL or ST, bounded), other two-byte ESC sequences, the 8-bit CSI.
_ESCAPE = r"\x1b\[[0-?]{0,64}[ -/]{0,8}[@-~]?|\x1b\][^\x07\x1b]{0,4096}(?:\x07|\x1b\\)?|\x1b[@-_]?|\x9b[0-?]{0,64}[ -/]{0,8}[@-~]?"
# C0 controls but tab and newline (CR too: it lets a line overwrite itself), DEL, C1, bidi overrides:
# removed with str.translate, which needs no regex (this runs on the paste-an-error path).
_CONTROL_TABLE = dict.fromkeys(
    [*(c for c in range(0x20) if c not in (0x09, 0x0A)), *range(0x7F, 0xA0), *range(0x202A, 0x202F),
     *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]
)
# Invisible characters that make two names look the same (`gpt\u200b-4o` printed as `gpt-4o`: "`gpt-4o` is not a model
# group, did you mean `gpt-4o`?"): shown as `<U+200B>`. Not the joiners (U+200C/D), which emoji and scripts need.
_SHOWN_TABLE = {**_CONTROL_TABLE, **{c: f"<U+{c:04X}>" for c in (0x200B, 0x2060, 0xFEFF, 0x00AD, 0x180E)}}
# A byte of a file name or an argument that is not UTF-8 reaches Python as a lone surrogate (U+DC80-DCFF, the
# surrogateescape convention): printed, it was the raw byte (0x9b: the 8-bit CSI) on a C locale and a
# UnicodeEncodeError on a UTF-8 one. Shown as `\x9b`; any other lone surrogate (`\ud800` in pasted JSON) as U+FFFD.
_SURROGATES = {**dict.fromkeys(range(0xD800, 0xE000), "\ufffd"), **{c: f"\\x{c - 0xDC00:02x}" for c in range(0xDC80, 0xDD00)}}
_SHOWN_TABLE.update(_SURROGATES)
# CI runners' commands in a log line: GitHub's `::error ::`, `::add-mask::`, `::stop-commands::`, …;
# Azure Pipelines' `##vso[…]` and `##[error]`; TeamCity's `##teamcity[…]`. A runner reads them in any
# output, not only `--format github`, and a wrapped value can start a line: they are broken in every value.
_CI_COMMAND = (
    r"(?i)::(?=(?:warning|error|notice|debug|add-mask|set-output|set-env|add-path|group|endgroup|stop-commands|"
    r"save-state|echo|add-matcher|remove-matcher)(?![A-Za-z\-]))|##(?=vso\[|\[|teamcity\[)"
)
_XML_INVALID = "[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
_MD_LIVE = r"[<>\[\]]"
_BACKTICKS = r"`+"


@lru_cache(maxsize=None)
def _rx(source: str) -> re.Pattern[str]:
    """Compiled on first use: most runs print no escape sequence, XML or Markdown."""
    return rx(source)


def terminal(text: str, table: dict[int, Any] = _SHOWN_TABLE) -> str:
    """No escape sequence or control character survives (newlines and tabs do)."""
    if not text:
        return text
    if "\x1b" in text or "\x9b" in text:
        text = _rx(_ESCAPE).sub("", text)
    return text.replace("\r\n", "\n").translate(table)


def value(text: str) -> str:
    """An untrusted value (from a server, a log, a config, the user): `terminal`, and CI runners'
    commands broken, since a wrapped value can start a line of any output. Not for the rendered
    text itself: `--format github` prints commands of its own."""
    text = terminal(text)
    if "::" in text or "##" in text:
        text = _rx(_CI_COMMAND).sub(lambda m: f"{m.group()[0]} {m.group()[1]}", text)
    return text


# A config value, a model id or a server's text can be megabytes long (a 3 MB `model:` was printed in full, twice, in
# every format: 6 to 45 MB of output). In the report's data, after masking (so a secret is never shown half cut: it is
# already its mask), a run of more than LONG_RUN characters without a space keeps its first CUT_HEAD and last
# CUT_TAIL characters, and a string still longer than LONG_TEXT its first TEXT_HEAD and last TEXT_TAIL; the cut says
# how much it left out. File names a report is about are never cut (a location must name its file).
LONG_RUN, CUT_HEAD, CUT_TAIL = 1000, 200, 60
LONG_TEXT, TEXT_HEAD, TEXT_TAIL = 20_000, 16_000, 2_000


def _cut_mark(n: int) -> str:
    return f"…[{n:,}-characters-cut]…"  # no space: a wrapped line keeps the mark whole


def cut_runs(text: str) -> str:
    """`text` with every run of more than LONG_RUN characters without a space cut in its middle. Mask first."""
    if len(text) <= LONG_RUN or not any(len(run) > LONG_RUN for run in text.split()):
        return text
    return _rx(r"\S{%d,}" % (LONG_RUN + 1)).sub(
        lambda m: m.group()[:CUT_HEAD] + _cut_mark(len(m.group()) - CUT_HEAD - CUT_TAIL) + m.group()[-CUT_TAIL:], text)


def cut_long(text: str) -> str:
    """`text` with its overlong runs and its overlong whole cut in the middle (see LONG_RUN). Mask first."""
    if len(text) <= LONG_RUN:
        return text
    text = cut_runs(text)
    if len(text) > LONG_TEXT:
        text = text[:TEXT_HEAD] + _cut_mark(len(text) - TEXT_HEAD - TEXT_TAIL) + text[-TEXT_TAIL:]
    return text


def _data_value(text: str) -> str:
    return value(cut_long(text))


def clean_data(data: Any, *, names: bool = False) -> Any:
    """A report (or any structure of strings) with every string passed through `value`, overlong ones cut
    (`cut_long`).

    `names`: for JSON and SARIF (written through `inert_json`), the files a report is about (its `config`,
    `log_file`, each finding's file, each config of `check a.yaml b.yaml`) keep their names exactly (`name`): a
    config named `::error file=a::x.yaml` or `##vso[x]y.yaml` is that file there, not `: :error …` or `# #vso[…`,
    which name none. In the other formats they are `value`d but never cut."""
    from ..datamap import map_strings

    return map_strings(data, _data_value, _NAMES if names else _NAMES_SHOWN)


def name(text: str) -> str:
    """A file's name in JSON or SARIF: kept exactly, as written (see `inert_json` for why that is safe there)."""
    return text


# Where a report names a file (datamap.map_strings' `names`): a report's `config` and `log_file` facts, a finding's
# location, the path of one config's outcome of `check a.yaml b.yaml` (config/checkrun.py's Checked, at the top).
_NAMES = {("facts", "config"): name, ("facts", "log_file"): name, ("location", "file"): name, (None, "path"): name}
_NAMES_SHOWN = dict.fromkeys(_NAMES, value)


# The rule, per format, for untrusted text (one place, so it is decided once):
# - terminal (text), Markdown, JUnit, GitHub annotations: every value is neutralised (`value`, `markdown`, `xml`,
#   `github_data`): escape sequences and controls removed, CI runners' commands broken, since what they print is
#   read by a terminal or a runner as it is.
# - JSON and SARIF are data a program reads. The file names a report is about (`config`, `log_file`, a finding's
#   `file`, each config of `check a.yaml b.yaml`) are kept exactly (`name`): a location must name the file, and
#   `##vso[x]y.yaml` or `::error file=a::x.yaml` is that file, not `# #vso[x]y.yaml`. Safe because of how the
#   document is written (`inert_json`): JSON escapes C0 controls and line breaks in strings, and every other
#   character a terminal or a runner could act on is written as a `\uXXXX` escape (C1 controls, DEL, bidi
#   overrides, invisible characters, and the `#` of `##vso[`, `##[`, `##teamcity[`, which Azure Pipelines and
#   TeamCity read anywhere in a line); GitHub's `::` commands only act at the start of a line, which a string value
#   of an indented JSON document never is. Other values (messages, steps, notes, config values, server text) are
#   still neutralised in JSON too: they are prose a consumer often prints raw (`jq -r .findings[].message` in a CI
#   step), where an escaped `\u001b` or `##vso[` would act again; a name is what a consumer opens, not prints.
_JSON_INERT = r"[\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\u00ad\u180e\ud800-\udfff]|#(?=(?i:#(?:vso\[|\[|teamcity\[)))"


def inert_json(text: str) -> str:
    """A JSON document (from json.dumps) with every character a terminal or a CI runner could act on written as a
    `\\uXXXX` escape: the data it decodes to is the same. Such characters only occur inside strings, and none of
    them follows a lone backslash there, so the escape is always a whole one."""
    return _rx(_JSON_INERT).sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def github_data(text: str) -> str:
    """A workflow command's message: `%`, CR and LF escaped, so a value cannot start a new command."""
    return terminal(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def github_property(text: str) -> str:
    """A workflow command's property value (`file=`, `title=`): `:` and `,` escaped too."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


def xml(text: str) -> str:
    """Only characters XML 1.0 allows (ElementTree writes the others as they are)."""
    return _rx(_XML_INVALID).sub("", text)


def markdown(text: str) -> str:
    """Markdown where no HTML tag, link or image can come alive outside a code span.

    Code spans are found as CommonMark pairs them (a run of n backticks closes at the next run of
    exactly n); inside them nothing renders, outside `<`, `>`, `[` and `]` are escaped.
    """
    text = terminal(text)
    if not _rx(_MD_LIVE).search(text):
        return text
    out: list[str] = []
    pos = 0
    runs = list(_rx(_BACKTICKS).finditer(text))
    i = 0
    while i < len(runs):
        opening = runs[i]
        closing = next((j for j in range(i + 1, min(len(runs), i + 256)) if len(runs[j].group()) == len(opening.group())), None)
        if closing is None:
            i += 1
            continue
        out.append(_escape_md(text[pos : opening.start()]))
        out.append(text[opening.start() : runs[closing].end()])
        pos = runs[closing].end()
        i = closing + 1
    out.append(_escape_md(text[pos:]))
    return "".join(out)


def _escape_md(text: str) -> str:
    return _rx(_MD_LIVE).sub(lambda m: "&lt;" if m.group() == "<" else ("&gt;" if m.group() == ">" else "\\" + m.group()), text)


def one_line(text: str) -> str:
    """`text` on one line: in Markdown a heading, a list item or a paragraph ends at a line break, so a config
    value or an error's words holding line breaks and `### ✓ all checks passed` would start a heading of their
    own, and a code span opened before the break would not close (the text format joins the lines too)."""
    return text.replace("\r", " ").replace("\n", " ")


def markdown_code(value: str) -> str:
    """`value` as an inline code span, in a fence longer than any backtick run inside it."""
    value = one_line(terminal(value))
    longest = max((len(m.group()) for m in _rx(_BACKTICKS).finditer(value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if longest or value.startswith(" ") or value.endswith(" ") else ""
    return f"{fence}{pad}{value}{pad}{fence}"
