"""Take a LiteLLM proxy's error out of the words its own admin UI put around it.

The UI is the Next.js build inside the wheel (litellm/proxy/_experimental/out/_next/static/chunks/*.js).
What it shows for a failed call, read from the minified bundles (HOLDOUT_EVAL.md, twenty-seventh pass):

- Its networking layer throws `Error(await response.text())`: the proxy's JSON body becomes the Error's
  message (1.74.9 chunks/338-*.js, 1.103.0 chunks/28fzwmvhc4sv1.js `keyCreateCall`), and logs it first with
  `console.error("Error response from the server:", e)`, then `console.error("Failed to create key:", e)`
  (the browser console adds the stack: `    at X (http://host/ui/_next/static/chunks/....js:1:305391)`).
- The page shows `"Error creating the key: " + e` (1.74.9 antd `message.error`, 1.80.0
  `NotificationsManager.fromBackend`): `Error creating the key: Error: {"error":{...}}`, the body kept.
- 1.103.0+ `toast.fromError(...)` (28fzwmvhc4sv1.js; 1.110.2 0zxmoi_1698y2.js, words from its English
  translations): a title from the body's `type` or `code` ("Authentication Error", "Access Denied", ...) and,
  under it, the same words with the body replaced by its `error.message` (`Error creating the key: Error:
  Authentication Error, Invalid proxy server token passed. ...`).
- The playground answers `"Error fetching response:" + e` (1.74.9 to 1.103.0) or `Error occurred while
  generating model response. Please try again. Error: ${e}` (its Test Key / model test), e from openai-node:
  `Error: 401 <the body's message>` (the body's `code` and `type` gone, the status its first word).

`peel` gives the text back as it would be pasted bare: the UI's words and the browser's stack frames
removed, a duplicate console line dropped, and an openai-node message turned back into the body it came
from (`{"error": {"message": ..., "code": "401"}}`), so the rules, the facts and the estimate read the same
thing as for the proxy's answer. The UI's own texts that name a cause (a team member's key permission, an
expired UI session, a proxy the browser cannot reach, an API call answered by a web page) are left for the
rules (LD-AUTH-270, LD-AUTH-271, LD-DEPLOY-270, LD-DEPLOY-271).
"""

from __future__ import annotations

import json
import re

# The toast's title alone on a line (1.103.0 `toast.fromError`, 1.80.0 `NotificationsManager.fromBackend`).
_TITLES = ("Info", "Authentication Error", "Access Denied", "Request Error", "Server Error", "Not Found",
           "Rate Limit Exceeded", "Budget Exceeded", "Service Unavailable", "Validation Error", "Already Exists", "Error",
           "Feature Unavailable", "Routing Error", "Content Blocked", "Integration Error")
_TITLE = r"^(?:" + "|".join(_TITLES) + r")\s*$"
# The page's words before `${e}` (an Error's `Error: <message>`): "Error creating the key: ", "Failed to update
# team settings: ", "Connection test failed: ", "Failed to fetch key info - " (1.74.9), ... ; the JSON body may
# follow them directly.
_UI_WORDS = r"(?:(?:Error|Failed) [a-z][^:\n{]{1,80}?|[A-Z][a-z]+(?: [a-z]+){0,3} failed)"
_PREFIXED = r"^" + _UI_WORDS + r"(?:: | - )(?:Error: (?P<rest>\S.*)|(?P<body>\{\"(?:error|detail)\".*))$"
# The playground's and the model test's words before openai-node's `Error: ${status} ${message}`.
_PLAYGROUND = (
    r"^(?:Error fetching response:|Error occurred while [^.:\n]{3,80}\. Please try again\. Error: "
    r"|Error occurred while making [^.:\n]{3,60} request\. Error: )"
    r"Error: (?P<s>[1-5]\d\d) (?P<m>\S.*)$"
)
_CONSOLE = r"^Error response from the server: (?P<body>\{.*)$"
# A browser stack frame in the UI's own bundle.
_FRAME = r"^\s+at (?:async )?(?:\S+ \()?https?://[^\s()]*/_next/static/[^\s()]*\)?\s*$"
# Lines LiteLLM's own messages go on with after a line break (not the tail of a wrapped line).
_NEW_LINE = ("Available Model Group", "Traceback", "{", " ", "\t", "Received Model Group", "LiteLLM Retried", "Model Group")
# What every framing above shows somewhere (the model test's `... Please try again. Error: Error: 401 ...` has
# `: Error: ` too), besides a title alone on a line: a paste without any of it is not the UI's, and its patterns are not even compiled
# (they are sources, compiled on first use through `re`'s cache: the paste path stays light).
_QUICK = (": Error: ", " - Error: ", ': {"error"', ': {"detail"', ' - {"error"', ' - {"detail"', "/_next/static/",
          "Error response from the server: ", "Error fetching response:")
_TITLE_SET = frozenset(_TITLES)
# A title that one HTTP status gives (1.103.0 `toast.fromError`: 401, 403, 404, 429, or a type that the proxy
# sends with that status), but for the types named in _NOT_TITLE_STATUS; the other titles come from several
# statuses ("Request Error": 400 and any 4xx it does not name, 408 among them; "Server Error": 500, 502, 504).
# The toast's message then reads as the body it came from.
_TITLE_STATUS = {"Authentication Error": "401", "Access Denied": "403", "Not Found": "404", "Rate Limit Exceeded": "429"}
# Messages whose title comes from their type or words, sent with another status: `expired_key`
# ("Authentication Error", 400 in older releases), `team_member_permission_error` ("Access Denied", 401), and
# 1.80.0's titles from words ("Authentication Error" for "Authentication Error, Database not connected", 500;
# "Access Denied" for "Invalid credentials used to access UI", 401).
_NOT_TITLE_STATUS = (r"Expired Key|Team member does not have permission|Database not connected|No connected db"
                     r"|Not connected to DB|Invalid credentials used to access UI")


def _body(status: str, message: str) -> str:
    """The proxy's error body an openai-node message was made from (its `type` and `param` are not in it)."""
    return json.dumps({"error": {"message": message, "code": status}}, ensure_ascii=False)


def _wrapped(line: str, after: list[str]) -> bool:
    """Whether a terminal or a forum wrapped the line (its message goes on below): left as it is, for the
    reader to join (unwrap.py) rather than turned into a body that holds half a message."""
    if not after or not after[0].strip() or len(line) < 60:
        return False
    return not line.rstrip().endswith((".", "!", "?", ":", ";", ")", "}", "]", '"', "'")) and not after[0].startswith(
        _NEW_LINE
    )


def peel(text: str) -> str | None:
    """The text with the admin UI's framings undone (module docstring), or None when it has none."""
    if not any(word in text for word in _QUICK) and not any(line.strip() in _TITLE_SET for line in text.split("\n")):
        return None
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    if re.match(_TITLE, lines[first]) and len(lines) > first + 1 and lines[first + 1].strip():
        title = lines[first].strip()
        rest = "\n".join(lines[first + 1:])
        shown = peel(rest)
        rest = rest if shown is None else shown
        status = None if re.search(_NOT_TITLE_STATUS, rest) else _TITLE_STATUS.get(title)
        if status and not rest.lstrip().startswith("{") and not re.match(_TITLE, rest.split("\n", 1)[0]):
            # The toast's message, as the body that gave the title (the rules read 403 as a refusal).
            head, _, tail = rest.partition("\n")
            return "\n".join([_body(status, head), *([tail] if tail else [])])
        # A title that names no one status stays: its words ("Request Error", "Server Error") are what is left
        # of the body's status for the estimate.
        return title + "\n" + rest if shown is not None else None
    out: list[str] = []
    seen: set[str] = set()
    did = False
    for i, line in enumerate(lines):
        if re.match(_FRAME, line):
            did = True
            continue
        m = re.match(_PLAYGROUND, line)
        if m is not None and not m.group("m").startswith("status code (no body)") and not _wrapped(line, lines[i + 1:i + 2]):
            out.append(_body(m.group("s"), m.group("m")))
            did = True
            continue
        m = re.match(_CONSOLE, line) or re.match(_PREFIXED, line)
        if m is not None:
            kept = m.group("body") or m.group("rest")
            did = True
            if kept.startswith("{"):
                if kept in seen:  # the console's second line of the same body
                    continue
                seen.add(kept)
            out.append(kept)
            continue
        if re.match(_TITLE, line) and i + 1 < len(lines) and (
            re.match(_PREFIXED, lines[i + 1]) or re.match(_PLAYGROUND, lines[i + 1])
        ):
            did = True  # a toast's title above the UI's words
            continue
        out.append(line)
    if not did:
        return None
    rest = "\n".join(out).strip("\n")
    return rest if rest.strip() else None
