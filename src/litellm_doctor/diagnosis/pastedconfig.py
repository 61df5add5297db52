"""Find a LiteLLM config.yaml (or a fragment of one) the user pasted beside the error.

Issue reports often show the proxy config above the error. Its words (`model_list`, `litellm_params`,
`api_key: os.environ/...`, `timeout: 120`, `num_retries`) describe the setup, not the failure, and in the
estimate they outweigh the error's own few words: the same failure pasted with a config leaned to
`deployment` (tests/corpus/variants.py, family `config_pasted`). This module only finds the blocks;
pastedcontext.py sets them aside (with the other context pasted around an error) for the estimate, the
rules' vetoes and the report's facts. The rules' positive patterns still read the whole text (an
`os.environ/` reference next to a missing key is evidence there).

A block starts at a line holding one of the config's top-level keys at column 0 (`model_list:`,
`router_settings:`, ...) or at a `model_list` entry pasted alone (`- model_name: ...`), and runs over indented
lines, list items, comments, blank lines and further top-level config keys; it ends at the first other line
at column 0 (`error:`, `Traceback ...`, `litellm.APIError: ...`). A short header line right above it
(`config.yaml:`, "my config:", a ```yaml fence) and the fence that closes it go with it.

A fragment cut from an entry (`litellm_params:` and its lines, or `api_key: os.environ/X` alone) has no such
start. It is a run of lines `key: value` whose keys are a deployment's settings (`model`, `api_key`,
`api_base`, `timeout`, ...) with a YAML value (one token, a number, an `os.environ/` reference, or nothing
before an indented block), that either opens with `litellm_params:` / `model_info:` or names an
`os.environ/` variable. LiteLLM's own errors append similar lines (`model: azure/x`, `api_base: https://...`,
`vertex_project: p`: exception_mapping_utils' extra information) with resolved values, never an
`os.environ/` reference: they are the error's and stay. Error lines do not have the shape either
(`Timeout: Request timed out`, `KeyError: 'model'`: capitalised, or more than one word).
"""

from __future__ import annotations

import re

# The patterns are compiled on first use (`rx`, pastedcontext.py's too): most pastes have no config, and a cold
# `diagnose` pays for every regex compiled at import.
from ..regexcache import rx

# Top-level keys of LiteLLM's proxy config (proxy/proxy_server.py load_config and the documented sections).
_TOP_KEY = (
    r"^(?:model_list|litellm_settings|router_settings|general_settings|environment_variables|include|"
    r"guardrails|mcp_servers|mcp_aliases|credential_list|callback_settings|files_settings|finetune_settings|"
    r"vector_store_registry|search_tools|assistant_settings|pass_through_endpoints|prompts|policies)\s*:"
)
# A `model_list` entry pasted alone (`- model_name: ...`, at any indentation) starts a block too.
_ENTRY = r"^\s*- model_name\s*:"
_START = f"{_TOP_KEY}|{_ENTRY}"
# A deployment's settings (litellm_params / model_info keys the docs show), as a YAML line: the key, then
# nothing (a block follows), one token, or a quoted string; an optional trailing comment.
_SETTING_KEYS = (
    r"litellm_params|model_info|model|api_key|api_base|api_version|base_url|timeout|stream_timeout|"
    r"num_retries|max_retries|rpm|tpm|max_tokens|max_parallel_requests|custom_llm_provider|organization|"
    r"aws_region_name|aws_access_key_id|aws_secret_access_key|vertex_project|vertex_location|"
    r"vertex_credentials|drop_params|mode|region_name|input_cost_per_token|output_cost_per_token"
)
_SETTING = rf"^\s*(?:- )?(?:{_SETTING_KEYS})\s*:[ \t]*(?:\S+|\"[^\"\n]*\"|'[^'\n]*')?[ \t]*(?:#.*)?$"
_ENV_REF = r"\bos\.environ/"
_OPENER = r"^\s*(?:- )?(?:litellm_params|model_info)\s*:\s*$"
# What a quick test looks for (MULTILINE) before any line is split: no start anywhere means no block. A
# fragment needs a setting key at a line start followed by `:`.
CONFIG_START = rf"{_TOP_KEY}|{_ENTRY}|^\s*(?:- )?(?:{_SETTING_KEYS})\s*:"
_HEADER = r"(?i)^\s*(?:```\s*ya?ml\s*|[^\n]{0,40}\b(?:config(?:\.ya?ml)?|ya?ml)\b[^\n]{0,20}:\s*)$"
_FENCE = r"^\s*```\s*$"


def _inside(line: str) -> bool:
    """A line that continues a YAML block: blank, indented, a list item or a comment at column 0."""
    return not line.strip() or line[0] in " \t" or line.startswith(("- ", "#"))


def _with_header(lines: list[str], start: int, floor: int) -> int:
    """`start` moved up over a fence and the sentence above it ("my config:" / ```yaml), not below `floor`."""
    for _ in range(2):
        if start - 1 >= floor and rx(_HEADER).match(lines[start - 1]):
            start -= 1
    return start


def _fragment_end(lines: list[str], i: int) -> int:
    """The end of a run of deployment-setting lines starting at `i` (i itself when there is none): lines
    under a setting that opens a block (`litellm_params:`) go with it."""
    j = i
    while j < len(lines):
        if rx(_SETTING).match(lines[j]):
            j += 1
        elif j > i and lines[j].strip() and lines[j][0] in " \t" and lines[j - 1].rstrip().endswith(":"):
            j += 1  # `extra_headers:` and its indented lines
        else:
            break
    if any(rx(_ENV_REF).search(lines[k]) for k in range(i, j)) or (j - i >= 2 and rx(_OPENER).match(lines[i])):
        return j
    return i


def config_spans(lines: list[str]) -> list[tuple[int, int]]:
    """(first, end) line ranges of the config blocks and fragments in `lines`, header and fence included."""
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if rx(_START).match(lines[i]):
            start = _with_header(lines, i, spans[-1][1] if spans else 0)
            i += 1
            while i < len(lines) and (_inside(lines[i]) or rx(_TOP_KEY).match(lines[i])):
                i += 1
        elif (end := _fragment_end(lines, i)) > i:
            start = _with_header(lines, i, spans[-1][1] if spans else 0)
            i = end
        else:
            i += 1
            continue
        if i < len(lines) and rx(_FENCE).match(lines[i]):
            i += 1
        spans.append((start, i))
    return spans


# (ninety-first pass) Said when a whole config is given where an error text or a log is read: a new user's
# `diagnose --error-file config.yaml` (or `--log config.yaml`) got a rate-limit "last-resort match" from the
# config's `rpm:` words, or "✓ no failures" from its indented lines.
def not_an_error(path: str | None = None) -> str:
    """The one line for a config given where an error text or a log is read."""
    import shlex  # noqa: PLC0415 - only on this refusal

    where = f"{path}: " if path else ""
    return (
        f"{where}the input is a LiteLLM config.yaml, not an error text or a log: check it with "
        f"`litellm-doctor check {shlex.quote(path) if path else 'FILE'}`, or give it with --config next to the error"
    )


def is_whole_config(text: str) -> bool:
    """Is this text a LiteLLM config and nothing else? A top-level section (`model_list:`, ...) at column 0 or
    a `- model_name:` entry (a bare model_list, which `check` reads too), and every other line blank, a comment,
    a document marker or inside a config block (a fragment alone, `api_key: os.environ/X`, is context pasted
    without its error, not a config file: it is read as before)."""
    if not rx(_START, re.MULTILINE).search(text):
        return False
    lines = text.split("\n")
    inside: set[int] = set()
    for start, end in config_spans(lines):
        inside.update(range(start, end))
    return all(i in inside or not line.strip() or line.lstrip().startswith(("#", "---"))
               for i, line in enumerate(lines)) and _yaml_shaped(lines)


# (review, session 17) A span runs over every indented line, so an error pasted indented under a config (a quote,
# a list, Claude Code's `⎿`) was in it and the paste was refused. A config's own lines are `key:` / `key: value`
# with a key that is a name, a list item of one value, or the inside of a block scalar (`|`, `>`) or of a flow
# value left open (`[`, `{`); and no line of one names an exception class (`APIConnectionError`: the retry
# policies' keys, `BadRequestErrorRetries`, do not end in the word) or is keyed by a status or `Error:`.
_KEY_LINE = r"""^\s*(?:-\s+)*(?:[\w$.*@/-]+|"[^"\n]*"|'[^'\n]*')\s*:(?:\s|$)"""
_ITEM_LINE = r"""^\s*-\s+(?:[^\s"'\[{#][^\s#]*|"[^"\n]*"|'[^'\n]*'|[\[{].*)?\s*(?:#.*)?$"""
_BLOCK_SCALAR = r":\s*[|>][-+0-9]*\s*(?:#.*)?$"
_EXCEPTION = r"\w(?:Error|Exception)\b|\bTraceback \(|^\s*(?:-\s+)?(?:[1-5]\d\d|Error|Exception|ERROR)\s*:"
# (ninety-eighth pass) A one-line error shaped `key: value` pasted indented under a config (`litellm.Timeout: Connection
# timed out ...`, `tools.0.custom.input_schema.type: Field required`, `data: {"error": {...}}`) still passed for one of its
# lines (52 corpus texts refused). A config's plain values are one token (a name, number, path, URL, `os.environ/`
# reference): of 303 whole configs (LiteLLM's own, examples/, tests/) none has a plain value of two words or more,
# prose is quoted or a block scalar there. An error's message is prose. And a quoted `"error":` / `"message":` key
# is an error body's, not a config's.
_PROSE_VALUE = r"""^\s*(?:-\s+)*(?:[\w$.*@/-]+|"[^"\n]*"|'[^'\n]*')\s*:[ \t]+(?![\[{|>&*!#"'])[^\s#]\S*(?:[ \t]+(?!#)\S+)+"""
_ERROR_BODY = r"""["'](?:error|innererror|message)["']\s*:"""


def _yaml_shaped(lines: list[str]) -> bool:
    block = -1  # the indent of the line that opened a block scalar (-1: none open)
    depth = 0  # flow brackets left open
    for line in lines:
        stripped = line.strip()
        if rx(_EXCEPTION).search(line) or (not stripped.startswith("#") and rx(_ERROR_BODY).search(line)):
            return False
        indent = len(line) - len(line.lstrip())
        if block >= 0 and (not stripped or indent > block):
            continue
        block = -1
        if depth <= 0 and stripped and not stripped.startswith(("#", "---")) and (not (
                rx(_KEY_LINE).match(line) or rx(_ITEM_LINE).match(line) or rx(_HEADER).match(line)
                or rx(_FENCE).match(line)) or rx(_PROSE_VALUE).match(line)):
            return False
        depth += sum(map(line.count, "[{")) - sum(map(line.count, "]}"))
        if depth <= 0 and rx(_BLOCK_SCALAR).search(line):
            block = indent
    return True
