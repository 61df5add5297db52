"""Find a LiteLLM config.yaml the user pasted beside the error, so the estimate can set it aside.

Issue reports often show the proxy config above the error. Its words (`model_list`, `litellm_params`,
`api_key: os.environ/...`, `timeout: 120`, `num_retries`) describe the setup, not the failure, and in the
estimate they outweigh the error's own few words: the same failure pasted with a config leaned to
`deployment` (tests/corpus/variants.py, family `config_pasted`). The rules still read the whole text
(an `os.environ/` reference next to a missing key is evidence there); only the estimate reads the text
with the config block taken out, and the report's facts prefer the error's own (`error_facts`).

A block starts at a line holding one of the config's top-level keys at column 0 (`model_list:`,
`router_settings:`, ...) or at a `model_list` entry pasted alone (`- model_name: ...`), and runs over indented lines, list items, comments, blank lines and further
top-level config keys; it ends at the first other line at column 0 (`error:`, `Traceback ...`,
`litellm.APIError: ...`). A short header line right above it (`config.yaml:`, "my config:", a ```yaml
fence) and the fence that closes it go with it.
"""

from __future__ import annotations

import re

from . import facts as fact_reader

# Top-level keys of LiteLLM's proxy config (proxy/proxy_server.py load_config and the documented sections).
_TOP_KEY = re.compile(
    r"^(?:model_list|litellm_settings|router_settings|general_settings|environment_variables|include|"
    r"guardrails|mcp_servers|mcp_aliases|credential_list|callback_settings|files_settings|finetune_settings|"
    r"vector_store_registry|search_tools|assistant_settings|pass_through_endpoints|prompts|policies)\s*:"
)
# A `model_list` entry pasted alone (`- model_name: ...`, at any indentation) starts a block too.
_ENTRY = re.compile(r"^\s*- model_name\s*:")
_START = re.compile(f"{_TOP_KEY.pattern}|{_ENTRY.pattern}")
# Cheap test before any line is split: no start anywhere means no block.
_ANY_START = re.compile(f"{_TOP_KEY.pattern}|{_ENTRY.pattern}", re.MULTILINE)
_HEADER = re.compile(r"(?i)^\s*(?:```\s*ya?ml\s*|[^\n]{0,40}\b(?:config(?:\.ya?ml)?|ya?ml)\b[^\n]{0,20}:\s*)$")
_FENCE = re.compile(r"^\s*```\s*$")


def _inside(line: str) -> bool:
    """A line that continues a YAML block: blank, indented, a list item or a comment at column 0."""
    return not line.strip() or line[0] in " \t" or line.startswith(("- ", "#"))


def set_aside(text: str) -> str:
    """`text` without the config blocks pasted in it; `text` itself when it has none, or when nothing
    but the config would be left (a config alone is then read as it is)."""
    if not _ANY_START.search(text):
        return text
    lines = text.split("\n")
    keep: list[str] = []
    i = 0
    removed = False
    while i < len(lines):
        if not _START.match(lines[i]):
            keep.append(lines[i])
            i += 1
            continue
        for _ in range(2):  # a fence and the sentence above it ("my config:" / ```yaml)
            if keep and _HEADER.match(keep[-1]):
                keep.pop()
        i += 1
        while i < len(lines) and (_inside(lines[i]) or _TOP_KEY.match(lines[i])):
            i += 1
        if i < len(lines) and _FENCE.match(lines[i]):
            i += 1
        removed = True
    if not removed:
        return text
    rest = "\n".join(keep)
    return rest if rest.strip() else text


def error_facts(text: str, json_fields: dict[str, str] | None = None) -> dict[str, str]:
    """The standard facts of a paste for the report: those the error itself shows win over those only a
    pasted config shows (a config's `model: openai/gpt-4.1` must not name the provider of an
    `AnthropicException`), and the config still fills what the error does not show (the `os.environ/`
    variable a step names, an `api_base`)."""
    facts = fact_reader.extract(text, json_fields)
    kept = set_aside(text)
    if kept is not text:
        facts.update(fact_reader.extract(kept, json_fields))
    return facts
