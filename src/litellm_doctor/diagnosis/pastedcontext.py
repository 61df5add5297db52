"""Set aside what was pasted around an error and is not the error: a config, an app's banner, a request dump.

A user pasting a failure often brings its surroundings along: the proxy's config.yaml (pastedconfig.py
finds it), the start-up banner of the app in front of LiteLLM (aider prints its version, models, git repo
and repo map, then the user's prompt), and LiteLLM's own debug dump of the request (`POST Request Sent from
LiteLLM:` with the curl command, its headers and the JSON body holding the user's prompt and model names;
`Request to litellm:` with the call's arguments; the proxy's `Request received by LiteLLM:` payload). Their
words describe the setup and the question, not the failure, and they moved the estimate
(tests/corpus/variants.py, families `config_pasted`, `aider_banner`, `debug_request_dump`) and tripped rule
vetoes (a config's `timeout: 120` vetoed LD-DEPLOY-016).

The apps' own progress output (OpenHands', open-webui's, dspy's and crewAI's, LiteLLM's routine DEBUG
records) is found by appcontext.py and set aside like a config: for the estimate, the vetoes and the facts.

`set_aside` returns the text without those blocks; the estimate reads it (estimate.error_features), the
rules' vetoes read it (classify.match_rules), and the report's facts prefer it (`error_facts`). The rules'
positive patterns read the text without the banner and the dumps only (`config=False`). Only the request
part of a dump is set aside: what LiteLLM printed after it (`RAW RESPONSE:` and the error) is kept. Every
block is recognised by the exact lines the tool prints (LiteLLM 1.103.0 litellm_logging.py
`_get_request_curl_command`, utils.py
`print_args_passed_to_litellm`, common_request_processing.py `_debug_log_request_payload`; aider's
`get_announcements`), so an error line that merely mentions one of these words stays.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import facts as fact_reader
from .appcontext import ERRORISH, QUICK as _APP_QUICK, context_spans
from .pastedconfig import CONFIG_START, config_spans, rx

# Aider's announcement lines (aider/coders/base_coder.py get_announcements, aider/main.py), whole lines.
_BANNER_LINE = (
    r"^(?:Aider v\d+\.\d+\S*"
    r"|(?:Main model|Model|Editor model): \S+ with \S+ edit format\b.*"
    r"|Weak model: \S+"
    r"|Git repo: (?:none|\S.* with [\d,]+ files)"
    r"|Repo-map: (?:using \d+ tokens\b.*|disabled)"
    r"|Added \S.* to the chat(?: \(read-only\))?\."
    r"|(?:Cur|Git) working dir: \S.*"
    r"|Restored previous conversation history\."
    r"|Multiline mode: .+"
    r"|Use /help <question> for help.*"
    r"|Newer aider version v\S+ is available\..*"
    r"|Warning: For large repos, consider using --subtree-only and \.aiderignore"
    r"|VSCode terminal detected, pretty output has been disabled\."
    r"|Detected dumb terminal, disabling fancy input and pretty output\.)\s*$"
)
_BANNER_FIRST = r"^Aider v\d+\.\d+"
# The prompt the user typed after the banner (`> fix the test`, `architect> ...`): context, unless it is an
# error pasted as a quote.
_PROMPT = r"^(?:[a-z]+)?> \S"

# LiteLLM's debug headers (optionally behind a log prefix such as `12:00:01 - LiteLLM:DEBUG: x.py:1 - `).
_CURL_HEADER = r"^(?:.* - )?(?:POST |GET )?Request Sent from LiteLLM:\s*$"
_CALL_HEADER = r"^(?:.* - )?Request to litellm:\s*$"
_RECEIVED_HEADER = r"^(?:.* - )?Request received by LiteLLM:\s*$"
_BODY_END = r"\}'\s*$"
# A curl body on one line: also where textinput appends the joined form of a body it saw wrapped.
_BODY_LINE = r"^-d '\{.*\}'\s*$"
# The log record's prefix LiteLLM's logger prints on its own line before the dump (the dump starts "\n\n").
_PREFIX_ONLY = r"^.*\b(?:DEBUG|INFO|WARNING)\b.* - \s*$"
_CALL_END = r"\)\s*$"
_JSON_END = r"\}\s*$"
# A line that starts an error record: a dump never runs over it.
_ERROR_START = r"^(?:Traceback \(most recent call last\)|(?:[a-z_]\w*\.)*[A-Z]\w*(?:Error|Exception|Timeout)\b:?(?: |$))"
# A dump body longer than this many lines is not followed to its end (an unescaped prompt can be long).
_MAX_BODY_LINES = 400

_ANY_START = rx(
    f"{CONFIG_START}|^Aider v\\d|Request Sent from LiteLLM:|Request to litellm:|Request received by LiteLLM:|^-d '\\{{"
    f"|{_APP_QUICK}",
    re.MULTILINE,
)


def banner_spans(lines: list[str]) -> list[tuple[int, int]]:
    """Aider's banner: a run of its announcement lines (starting with `Aider vX.Y`, or at least two of
    them), then blank lines and the prompt the user typed."""
    spans = []
    i = 0
    while i < len(lines):
        if not rx(_BANNER_LINE).match(lines[i]):
            i += 1
            continue
        start = i
        while i < len(lines) and rx(_BANNER_LINE).match(lines[i]):
            i += 1
        if not (rx(_BANNER_FIRST).match(lines[start]) or i - start >= 2):
            continue
        j = i
        while j < len(lines) and (not lines[j].strip() or (rx(_PROMPT).match(lines[j]) and not rx(ERRORISH).search(lines[j]))):
            j += 1
            if lines[j - 1].strip():
                i = j  # a prompt line belongs to the banner; blank lines only when a prompt follows
        spans.append((start, i))
    return spans


def _until(lines: list[str], i: int, end: str) -> int | None:
    """The index after the first line from `i` on that matches `end`, within _MAX_BODY_LINES; None if none.
    A line at column 0 that starts an error or a traceback ends it first (a dump cut by the paste must
    not take the error after it; a prompt quoting a traceback then keeps its rest, the safe side)."""
    for j in range(i, min(len(lines), i + _MAX_BODY_LINES)):
        if j > i and rx(_ERROR_START).match(lines[j]):
            return j
        if rx(end).search(lines[j]):
            return j + 1
    return None


def dump_spans(lines: list[str]) -> list[tuple[int, int]]:
    """LiteLLM's debug dumps of a request: the header line and the request it prints, not what follows."""
    spans = []
    for i, line in enumerate(lines):
        nxt = i + 1
        if rx(_BODY_LINE).match(line):
            spans.append((i, nxt))
        elif rx(_CURL_HEADER).match(line):
            k = i - 1
            while k >= 0 and not lines[k].strip():
                k -= 1
            if k >= 0 and rx(_PREFIX_ONLY).match(lines[k]):
                spans.append((k, i))
            # `curl -X POST \`, the URL ` \`, the `-H '...'` line ` \`, then `-d '{...}'` (its body may run
            # over several lines once escaped newlines are read). A bedrock/sagemaker `request_str` instead
            # of the curl command runs to the blank line LiteLLM's logger prints after it.
            j = nxt
            while j < len(lines) and lines[j].rstrip().endswith("\\") and j - nxt < 8:
                j += 1
            if j < len(lines) and lines[j].lstrip().startswith("-d '"):
                end = _until(lines, j, _BODY_END)
                spans.append((i, end if end is not None else j + 1))
            elif j > nxt:
                spans.append((i, j))
            else:
                end = next((k for k in range(nxt, min(len(lines), nxt + 40))
                            if not lines[k].strip() or rx(_ERROR_START).match(lines[k])), nxt)
                spans.append((i, end))
        elif rx(_CALL_HEADER).match(line):
            j = nxt
            while j < len(lines) and not lines[j].strip():
                j += 1
            if j < len(lines) and lines[j].startswith("litellm."):
                end = _until(lines, j, _CALL_END)
                spans.append((i, end if end is not None else j + 1))
            else:
                spans.append((i, nxt))
        elif rx(_RECEIVED_HEADER).match(line):
            # One `json.dumps` line, several once textinput has read its escaped newlines.
            if nxt < len(lines) and lines[nxt].lstrip().startswith("{"):
                end = _until(lines, nxt, _JSON_END)
                spans.append((i, end if end is not None else nxt + 1))
            else:
                spans.append((i, nxt))
    return spans


def set_aside(text: str, config: bool = True) -> str:
    """`text` without the context blocks pasted around the error (a config, an app's banner, a request
    dump, the apps' and LiteLLM's progress output (appcontext.py)); `text` itself when it has none, or when
    nothing else would be left (a config, or LiteLLM's INFO lines, alone are then read as they are). With
    `config=False` (what the rules' patterns read) the config and the progress output stay: a rule may take
    its evidence from them (a config's `os.environ/` reference, LD-DEPLOY-006; LiteLLM's INFO lines of a
    call that succeeded, LD-REQ-102), while the banner's prompt and the dump's body never are."""
    kept = _set_aside(text, config)
    return text if kept is None else kept


# One diagnosis asks for the same text several times (textinput, the rules, the facts, the estimate); the
# quick test alone costs ~35 ms on a 512 KiB paste.
@lru_cache(maxsize=8)
def _set_aside(text: str, config: bool) -> str | None:
    """What `set_aside` returns, or None for `text` itself."""
    if not _ANY_START.search(text):
        return None
    lines = text.split("\n")
    drop: set[int] = set()
    finders = (config_spans, banner_spans, dump_spans, context_spans) if config else (banner_spans, dump_spans)
    for find in finders:
        for start, end in find(lines):
            drop.update(range(start, end))
    if not drop:
        return None
    rest = "\n".join(line for i, line in enumerate(lines) if i not in drop)
    return rest if rest.strip() else None


def error_facts(text: str, json_fields: dict[str, str] | None = None) -> dict[str, str]:
    """The standard facts of a paste for the report: those the error itself shows win over those only the
    context shows (a config's `model: openai/gpt-4.1` must not name the provider of an
    `AnthropicException`), and the context still fills what the error does not show (the `os.environ/`
    variable a step names, an `api_base`)."""
    facts = fact_reader.extract(text, json_fields)
    kept = set_aside(text)
    if kept is not text:
        facts.update(fact_reader.extract(kept, json_fields))
    return facts
