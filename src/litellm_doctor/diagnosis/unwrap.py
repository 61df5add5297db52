"""Undo what the way of pasting did to an error's lines, so the rules see the message LiteLLM wrote.

Two things real pastes do that have nothing to do with the failure (issue #9, tests/corpus/variants.py):

- every line carries the prefix of the tool it was copied from: `docker compose logs` (`litellm-1  | `),
  `kubectl logs --timestamps` (`2026-02-03T11:22:33.123456789Z `), a GitHub reply quoting it (`> `);
  a message wrapped over two lines then has the prefix in its middle. These prefixes are removed.
- a terminal or a console wrapped long lines: at its exact width, mid-word (`No deployments availa` /
  `ble`), or at word boundaries (rich panels). The lines that look wrapped are joined, and the joined
  paragraph is appended to the text (the original lines stay, so a rule anchored at a line start still
  sees them).
"""

from __future__ import annotations

import json
import re
from collections import Counter

from .. import safejson
from ..masking import MASK, mask
from ..regexcache import rx
from .litellm_classes import status_class

# One prefix shape per tool; a line is stripped only of the shape that most lines carry.
_PREFIXES = (
    rx(r"^[A-Za-z0-9][\w.\-]*?(?:[-_]\d+)?\s+\| ?"),  # docker compose: `litellm-1  | `
    rx(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d) "),  # kubectl --timestamps
    rx(r"^(?:> ?)+"),  # a quoted reply, or a quote of one (`>> `, `> > `: a mail client's, a forum's)
)
# Common terminal widths: a line of exactly this length was most likely cut by the terminal.
_WIDTHS = frozenset({80, 100, 120, 132, 160, 200})
# A wrapped line is at least this long: shorter lines were ended by the writer, not by the terminal.
_MIN_WIDTH = 60
# (fifty-sixth pass) A console's word wrap at 60 columns leaves lines of 50-60: at a word boundary a line this long
# can be a wrapped one; and a shorter one (down to _MIN_SHORT_WRAP) when the next line's first word would not have
# fitted after it in the text's longest line (a word wrap puts a long word, a URL, on the next line).
_MIN_WORD_WRAP = 50
_MIN_SHORT_WRAP = 20
# A line that starts a new record, never the tail of a wrapped one.
_NEW_RECORD = rx(
    r"^\s*(?:Traceback \(|File \"|During handling|The above exception|\d{1,4}[-:/]\d\d[-:/]\d\d|"
    r"(?:INFO|DEBUG|WARNING|ERROR|CRITICAL)\b|\{|\[|\}|\]|\.\.\.$|Available Model Group Fallbacks=|[A-Za-z_][\w.]*(?:Error|Exception|Timeout|Warning)\b:)"
)

# An exception class at a line start (the last alternative of _NEW_RECORD).
_CLASS_START = rx(r"^[A-Za-z_][\w.]*(?:Error|Exception|Timeout|Warning)\b:")


def strip_line_prefixes(text: str) -> str:
    """Remove the per-line prefix of docker compose, kubectl --timestamps or a quote, when at least two
    lines and most non-empty lines carry it."""
    lines = text.split("\n")
    filled = [line for line in lines if line.strip()]
    if len(filled) < 2:
        return text
    for prefix in _PREFIXES:
        hits = sum(1 for line in filled if prefix.match(line))
        if hits >= 2 and hits * 5 >= len(filled) * 4:
            return "\n".join(prefix.sub("", line, count=1) for line in lines)
    return text


def _width(lines: list[str]) -> int | None:
    """The terminal's width, when at least two lines are exactly as long (a hard wrap)."""
    counts = Counter(len(line) for line in lines if len(line) >= _MIN_WIDTH)
    if not counts:
        return None
    width, n = counts.most_common(1)[0]
    return width if n >= 2 else None


def _cut_label(prev: str, stripped: str) -> bool:
    """A word wrap between LiteLLM's provider label and its ` - ` (`...Together_aiException` / `- Error code: ...`:
    rich's log handler, forty-second pass)."""
    return stripped.startswith("- ") and prev.rstrip().endswith("Exception")


def _cut_status(prev: str, stripped: str) -> bool:
    """A word wrap between the SDK's `Error code:` and its status (`...Error code:` / `529 - {...}`)."""
    return stripped[:3].isdigit() and prev.rstrip().endswith("Error code:")


def _class_alone(prev: str) -> bool:
    """(fifty-sixth pass) A word wrap right after an exception class whose message goes on (`cohere.errors...
    InternalServerError:` / `headers: {...}, status_code: 500, ...`): the line is the class and its colon alone."""
    match = _CLASS_START.match(prev.strip())
    return match is not None and match.end() == len(prev.strip())


# (seventieth pass) A JSON body or a Python repr never holds a raw line break inside a string, nor between a key's
# colon and its value (json.dumps(indent=...) and pprint break after `{`, `[` and `,` only): a break there is a
# console's word wrap, however short the line before it (a long token, `Balance","type":...`, goes to the next line).
_BODY_START = rx(r"""[{\[]\s*['"]""")


class _Body:
    """Where the paragraph being joined stands inside the JSON or repr body it holds, fed segment by segment."""

    __slots__ = ("depth", "quote", "escape")

    def __init__(self) -> None:
        self.depth = 0  # open braces and brackets of the body, 0 outside one
        self.quote = ""  # the quote of the string the text is in, "" outside one
        self.escape = False

    def feed(self, segment: str) -> None:
        i = 0
        while i < len(segment):
            if self.depth == 0:
                start = _BODY_START.search(segment, i)
                if start is None:
                    return
                self.depth, self.quote, self.escape = 1, "", False
                i = start.start() + 1
                continue
            ch = segment[i]
            if self.quote:
                if self.escape:
                    self.escape = False
                elif ch == "\\":
                    self.escape = True
                elif ch == self.quote:
                    self.quote = ""
            elif ch in "'\"":
                self.quote = ch
            elif ch in "{[":
                self.depth += 1
            elif ch in "}]":
                self.depth -= 1
            i += 1

    def broken_inside(self, prev: str) -> bool:
        """True when a line break here falls inside a string, or between a key's colon and its value."""
        if self.depth <= 0:
            return False
        return bool(self.quote) or (prev.rstrip()[-2:] in ("':", '":'))


def _narrow_colon(prev: str, prev_len: int, stripped: str, width: int) -> bool:
    """(seventieth pass) In a console of at most 60 columns, a line ending in `:` whose next word would not have
    fitted after it: an HTTP client's one-line `401 Client Error: Unauthorized for url: https://...`
    (requests, huggingface_hub) word-wrapped at its colons. Not a sentence's end (`.`): a writer's lines end there."""
    return (prev.rstrip()[-1] == ":" and _MIN_WORD_WRAP <= width <= _MIN_WIDTH
            and prev_len + 1 + len(stripped.split(maxsplit=1)[0]) > width)


def _join(text: str) -> tuple[list[str], bool]:
    """The text's lines with the wrapped ones joined, and whether any were."""
    lines = text.split("\n")
    if len(lines) < 2 or len(text) > 64 * 1024:
        return lines, False
    width = _width(lines)
    longest = max(len(line.rstrip()) for line in lines)
    # (seventieth pass) a word wrap's width shows on lines of several words: a single token longer than the width
    # (a compact JSON body, a URL) overflows it and is no measure of it
    words = [len(line.rstrip()) for line in lines if " " in line.strip()]
    wrap_width = max(words) if words else longest
    joined: list[str] = []
    current = lines[0]
    body = _Body()
    body.feed(current)
    did = False
    for prev, line in zip(lines, lines[1:]):
        stripped = line.strip()
        prev_len = len(prev.rstrip())
        # (fiftieth pass) a cut inside a word before a class (`... - l` / `itellm.InternalServerError: ...`) is not a
        # new record: the line before is full and ends in a letter, this one starts with one
        mid_word = prev[-1:].isalnum() and line[:1].isalnum() and _CLASS_START.match(line) is not None
        # (fiftieth pass) a terminal as wide as this line shows none longer: with a longer line, a line of a common
        # width is a word wrap's or the writer's, read by the word-boundary test below
        if ((len(prev) == width or len(prev) in _WIDTHS) and longest <= len(prev) and stripped
                and (mid_word or not _NEW_RECORD.match(line))):
            # cut at the terminal's width, possibly mid-word; a continuation indented to a column (rich's log
            # handler: the level column, then the message; forty-second pass, agno) was cut at a space, and so was
            # LiteLLM's ` - ` after its provider label when the next line starts with `- ` (a word wrap whose lines
            # happen to be as long: a hard cut there keeps the space, ` - `; forty-seventh pass)
            at_space = line[:2] == "  " or (line[:1] != " " and _cut_label(prev, stripped))
            current = current + line if not at_space else current.rstrip() + " " + stripped
            body.feed(line if not at_space else " " + stripped)
            did = True
            continue
        if stripped and body.broken_inside(prev) and not _NEW_RECORD.match(line):
            current = current.rstrip() + " " + stripped  # a word wrap inside a body's string or after a key
            body.feed(" " + stripped)
            did = True
            continue
        if (
            stripped
            and ((prev_len >= _MIN_WORD_WRAP and prev_len * 4 >= wrap_width * 3)
                 or (_MIN_SHORT_WRAP <= prev_len and _MIN_WORD_WRAP <= wrap_width <= _MIN_WIDTH
                     and prev_len + 1 + len(stripped.split(maxsplit=1)[0]) > wrap_width))
            and (stripped[0].isalnum() or stripped[0] in "`'\"(/~" or _cut_label(prev, stripped))
            and (prev.rstrip()[-1] not in ".:!?;" or _cut_status(prev, stripped) or _class_alone(prev)
                 or _narrow_colon(prev, prev_len, stripped, wrap_width))
            and not _NEW_RECORD.match(line)
        ):
            current = current.rstrip() + " " + stripped  # wrapped at a word boundary
            body.feed(" " + stripped)
            did = True
            continue
        joined.append(current)
        current = line
        body = _Body()
        body.feed(current)
    joined.append(current)
    return joined, did


def unwrapped(text: str) -> str | None:
    """The paragraphs that look wrapped, joined (one per line), or None when nothing looks wrapped."""
    joined, did = _join(text)
    if not did:
        return None
    originals = set(text.split("\n"))
    return "\n".join(line for line in joined if line not in originals)


def joined_records(text: str) -> str | None:
    """(fifty-sixth pass) The text with each JSON line that a terminal cut at its width (`{"message": "litellm.Rate`
    / `LimitError: ...`: lines of the text's width or of a common one, the last one shorter) or a console wrapped at
    its spaces (joined with a space up to the line whose end makes it parse) put back on one line, before its
    escapes are read: unescaped first, the cut lines would no longer show the width. None when there is none."""
    if '{"' not in text or len(text) > 64 * 1024:
        return None
    lines = text.split("\n")
    width = _width(lines)
    out: list[str] = []
    did = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.lstrip().startswith('{"') and i + 1 < len(lines) and not _parses(line):
            end, whole = _rejoined(lines, i, width)
            if end > i:
                out.append(whole)
                did = True
                i = end + 1
                continue
        out.append(line)
        i += 1
    return "\n".join(out) if did else None


_MAX_WRAPPED_LINES = 40


def _parses(line: str) -> bool:
    try:
        safejson.loads(line)
    except ValueError:
        return False
    return True


def _rejoined(lines: list[str], i: int, width: int | None) -> tuple[int, str]:
    """The last line of the JSON line starting at `i` and the line whole (joined_records), or (i, the line)."""
    cut_end, cut = i, lines[i]
    full = len(lines[i])
    if full == width or full in _WIDTHS:
        while len(lines[cut_end]) == full and cut_end + 1 < len(lines) and lines[cut_end + 1]:
            cut_end += 1
            cut += lines[cut_end]
        if _parses(cut):
            return cut_end, cut
    for end in range(i + 1, min(len(lines), i + _MAX_WRAPPED_LINES)):
        if not lines[end].strip():
            break
        if lines[end].rstrip().endswith("}") and _parses(spaced := " ".join(part.strip() for part in lines[i:end + 1])):
            return end, spaced
    # a record the paste cut as well (it never parses): the terminal's cut, when its lines show one
    return cut_end, cut


# (fifty-sixth pass) A secret a wrap cut in two: the end of the line before (its context: `api-key: `,
# `aws_secret_access_key=`) and the next line's first token are masked together.
_CUT_CONTEXT = 80
_FIRST_TOKEN = rx(r"[^\s\"'`,;)\]}]+")
_TOKEN_END = rx(r"[\w/+=.\-]+$")
_MIN_CUT_LINE = 30  # (seventieth pass: apart from _MIN_SHORT_WRAP, now 20; `GROQ_KEY: gsk_x` / `model_list:` is no cut)
_MIN_CUT_SECRET = 12  # the two parts of a token shorter than this are no secret worth the mask's time


def mask_cut_secrets(text: str) -> str:
    """The text with each secret that runs over a line break masked as one, before the lines are masked one by one:
    masked apart, its first part may be known by its context (`api-key: 012345` -> `api-key: ****`) and its tail,
    alone at the next line's start, by nothing (`6789abcdef...`, a leak), and a line masked to another length no
    longer shows the terminal's width. The masked secret is put at the end of the first line (`sk-****CdEf`), the
    rest of the second line after it stays. Only between a line of at least _MIN_CUT_LINE characters ending in a
    token's character and a line starting with one (a cut or a wrap inside a word)."""
    if "\n" not in text or len(text) > 64 * 1024:
        return text
    lines = text.split("\n")
    changed = False
    for i in range(len(lines) - 1):
        prev, nxt = lines[i], lines[i + 1]
        if (len(prev) < _MIN_CUT_LINE or (end := _TOKEN_END.search(prev, len(prev) - _MIN_CUT_SECRET)) is None
                or (head := _FIRST_TOKEN.match(nxt)) is None or len(end.group(0)) + len(head.group(0)) < _MIN_CUT_SECRET):
            # (the end of the line is looked at from _MIN_CUT_SECRET characters back: a longer end passes anyway)
            continue
        context = prev[-_CUT_CONTEXT:]
        glued = context + head.group(0)
        masked = mask(glued)
        if masked == glued:
            continue
        start = 0  # where the mask begins to differ, from the left and (`same_end`) from the right
        while start < min(len(glued), len(masked)) and glued[start] == masked[start]:
            start += 1
        same_end = 0
        while (same_end < min(len(glued), len(masked)) - start
               and glued[len(glued) - 1 - same_end] == masked[len(masked) - 1 - same_end]):
            same_end += 1
        if not (start < len(context) < len(glued) - same_end):
            continue  # the mask stays on one side of the break: the lines are masked one by one as before
        secret, replaced = glued[start:len(glued) - same_end], masked[start:len(masked) - same_end]
        if len(replaced) < len(secret) and MASK in replaced:
            # as long as the secret was (`sk-*********GHIJ`), so both lines keep their length: the terminal's width
            # still shows, and the cut lines are joined as they would have been
            replaced = replaced.replace(MASK, "*" * (len(secret) - len(replaced) + len(MASK)), 1)
        whole = glued[:start] + replaced + glued[len(glued) - same_end:]
        cut = len(context) if len(replaced) == len(secret) else start + len(replaced)
        lines[i] = prev[:len(prev) - len(context)] + whole[:cut]
        lines[i + 1] = whole[cut:] + nxt[len(head.group(0)):]
        changed = True
    return "\n".join(lines) if changed else text


def joined_text(text: str) -> str:
    """The whole text with its wrapped lines joined (used when only the joined form shows a secret)."""
    return "\n".join(_join(text)[0])


# LiteLLM's exception as a quoted JSON or repr string (its class as `cls`, a pattern): its words in `single` or `double`.
_QUOTED_LITELLM = r"""(?:'(?P<single>litellm\.{cls}: (?:[^'\\]|\\.)*)'|\"(?P<double>litellm\.{cls}: (?:[^\"\\]|\\.)*)\")"""
_QUOTED_CONNECTION_ERROR = _QUOTED_LITELLM.format(cls="APIConnectionError")

# The proxy's answer to a status-less error (twenty-ninth pass): LiteLLM's mapper raises what it did not
# recognise as `APIConnectionError` (litellm_core_utils/exception_mapping_utils.py 1.103.0 :2668), a class
# whose status is fixed at 500 (exceptions.py :863-866); the proxy answers it as a 500 body
# (proxy/common_request_processing.py :3661) and the OpenAI SDK prints `Error code: 500 - {...}`. That 500
# and `InternalServerError` are the wrapper's, not the upstream's: they say nothing the message does not, and
# outrank the cause the message states (an upstream 5xx rule reads `Error code: 500`). The rules read the
# message instead, as they would have had it been pasted from the proxy's log. The raw JSON body (curl, a
# browser) is left as it is: no rule reads its `"code": "500"` as an upstream 5xx, and a real text of that
# form (r2-bedrock-mantle-missing-authorization-header) is training data of the estimate.
# The patterns below are sources, compiled on first use through `re`'s cache: each is reached only after a
# substring test that almost no paste passes, and this module is on every paste's path.
# The header is the SDK's `Error code: 500 - ` (with its class or not) or FastAPI's `500: ` (HTTPException's str,
# `f"{status_code}: {detail}"`, starlette/exceptions.py, as the proxy's 500 is logged; forty-fourth pass).
# (forty-sixth pass) OpenAI's Codex CLI 0.171.0 prints a failed call as `unexpected status {status}: {body}`, the
# status as Rust's http crate prints it and the proxy's body as sent (compact JSON: no space after a colon).
_CONNECTION_BODY = (
    r"(?:(?:\b(?:openai\.)?(?:InternalServerError|APIStatusError): )?Error code: 500 - |(?<![\w.:])500: "
    r"|\bunexpected status 500 Internal Server Error: )"
    r"\{(?P<k>['\"])error(?P=k): ?\{(?P=k)message(?P=k): ?"
    + _QUOTED_CONNECTION_ERROR +
    r"(?P<tail>[^{}]*)\}\}"
)
_WRAPPER_STATUS = r"""(?:^|,\s*)['"]code['"]:\s*(?:['"]500['"]|500)"""
# (forty-second pass) pydantic-ai's ModelHTTPError around the same answer (pydantic-ai-slim 2.78.0
# pydantic_ai/exceptions.py:1161 `f'status_code: {status_code}, model_name: {model_name}, body: {body}'`, `body`
# openai's `e.body`, the proxy's error object without its `{'error': ...}`), under its category's class name
# (`ModelServerError`; 1.x: `ModelHTTPError`): the same wrapper's 500.
_PYDANTIC_AI_BODY = (
    r"(?:\bpydantic_ai\.exceptions\.Model\w*Error: )?status_code: 500, model_name: [^\n]{0,200}?, body: "
    r"\{(?P<k>['\"])message(?P=k): "
    + _QUOTED_CONNECTION_ERROR +
    r"(?P<tail>[^{}]*)\}"
)
_UNESCAPE = {"\\'": "'", '\\"': '"', "\\n": "\n", "\\\\": "\\"}


def connection_error_span(text: str) -> tuple[str, int] | None:
    """The text with a proxy body that only carries a status-less `APIConnectionError` (code 500) replaced
    by its message, and where the message starts in it; or None when there is none."""
    if "litellm.APIConnectionError: " not in text:
        return None
    m = rx(_CONNECTION_BODY).search(text)
    if m is None and "status_code: 500, model_name: " in text:
        m = rx(_PYDANTIC_AI_BODY).search(text)
    if m is None or not rx(_WRAPPER_STATUS).search(m.group("tail")):
        return None
    text, start = _message_in_place(text, m)
    # (fifty-ninth pass) the same answer again further on: a chained traceback prints the OpenAI client's line and
    # then the app's exception quoting it (Semantic Kernel's `ServiceResponseException: ("... service failed to
    # complete the prompt", InternalServerError("Error code: 500 - {...}"))`, AutoGen's `RuntimeError:
    # InternalServerError: Error code: 500 - {...}` before the traceback's own line): each is the same wrapper's 500.
    for _ in range(3):
        if "litellm.APIConnectionError: " not in text[start + 1:]:
            break
        m = rx(_CONNECTION_BODY).search(text, start + 1)
        if m is None or not rx(_WRAPPER_STATUS).search(m.group("tail")):
            break
        text = _message_in_place(text, m)[0]
    return text, start


def _message_in_place(text: str, m: re.Match[str]) -> tuple[str, int]:
    """The text with the match replaced by the LiteLLM message it quotes (_QUOTED_LITELLM), unescaped, and where
    that message starts."""
    message = re.sub(r"\\['\"n\\]", lambda e: _UNESCAPE[e.group(0)], m.group("single") or m.group("double"))
    return text[: m.start()] + message + text[m.end():], m.start()


# (forty-sixth pass) The proxy's Anthropic-shaped answer on /v1/messages around LiteLLM's own exception: LiteLLM
# 1.110.2 (proxy/common_utils/anthropic_error_payload.py -> anthropic_interface/exceptions/exception_mapping_utils.py
# `create_error_response`) sends `{"type": "error", "error": {"type": T, "message": str(exc)}}`, T taken from the
# status alone (ANTHROPIC_ERROR_TYPE_MAP; `api_error` for every status it does not list: 402, 408, 502, 503, 504).
# That `api_error` is the envelope's, not the upstream's (LD-DEPLOY-014 reads Anthropic's own `api_error` as a 5xx):
# the message it carries is read instead, as from the proxy's log. Claude Code up to 2.1.98 prints the body whole
# (`API Error: 504 {"type":"error","error":{...}}`), the Anthropic SDK as `Error code: 504 - {'type': 'error', ...}`.
# Only a message that is LiteLLM's exception (`litellm.<Class>: `) is taken: an upstream Anthropic body the proxy
# passes through unchanged keeps its type.
_ANTHROPIC_ENVELOPE = (
    r"\{\s*(?P<k>['\"])type(?P=k):\s*(?P=k)error(?P=k),\s*(?P=k)error(?P=k):\s*\{\s*(?P=k)type(?P=k):\s*(?P=k)\w+(?P=k),\s*"
    r"(?P=k)message(?P=k):\s*"
    + _QUOTED_LITELLM.format(cls=r"\w+") +
    r"[^{}]*\}[^{}]*\}"
)


def anthropic_envelope_span(text: str) -> tuple[str, int] | None:
    """The text with the proxy's Anthropic envelope around LiteLLM's exception replaced by that exception's
    message, and where the message starts in it; or None when there is none."""
    if "litellm." not in text or "error" not in text:
        return None
    m = rx(_ANTHROPIC_ENVELOPE).search(text)
    return None if m is None else _message_in_place(text, m)


# The proxy's JSON error body after other words (thirty-fourth pass): an app's or a log's line before it
# (`ERROR ... request failed: {"error": {...}}`, `Response body:` on the line above, a request payload
# logged first) or more than a few lines of them. It is read as it is when it starts the text, but only when
# the words before it state no cause of their own: an exception class (`litellm.RateLimitError: `,
# `openai.AuthenticationError: `, `OpenAIException - `) or a status (`Error code: 429`) before it means the
# body is quoted inside that other error (a fallback's answer, a retried call), and that error is the text's.
# Only `{"error": ...}` and FastAPI's `{"detail": ...}` in JSON are taken here (the proxy's shapes); the SDK's
# Python repr of the same body is read by `repr_error_body` below.
_BODY_OPEN = r'\{\s*"(?:error|detail)"\s*:'
_OUTER_CAUSE = (
    r"[A-Za-z_][\w.]*(?:Error|Exception|Timeout)\b(?::|\s+-\s)|\bError code:?\s*[1-5]\d\d\b"
    r"|\b[Ss]tatus(?:[ _]code)?[:=]?\s*[45]\d\d\b"
)
_MAX_BODY_TRIES = 5
# An app's exception whose message is a lead-in and then the error it caught, on the next line (forty-second pass):
# that error is the app's cause, not another error quoting it. smolagents 1.26.0 agents.py:1700 (CodeAgent) and
# :1325 (ToolCallingAgent), `AgentGenerationError(f"Error in generating model output:\n{e}")`, where `e` is the
# OpenAI client's `Error code: N - {...}` when its model calls the proxy.
_APP_LEAD_INS = frozenset({"Error in generating model output:", "Error while generating output:"})
# (fifty-ninth pass) Haystack 3.4.1's PipelineRuntimeError.from_exception (haystack/core/errors.py:36-39), around any
# component's error: `The following component failed to run:` / `Component name: '...'` / `Component type: '...'` /
# `Error: {str(error)}`, the OpenAI client's `Error code: N - {...}` when OpenAIChatGenerator calls the proxy.
_HAYSTACK_LEAD_IN = (r"The following component failed to run:\nComponent name: '[^'\n]*'\n"
                     r"Component type: '\w+'\nError:")
_SDK_HEADER = r"(?:\bError code: [1-5]\d\d - |(?<![\w.:])[1-5]\d\d: )$"


def outer_cause(words: str) -> bool:
    """Whether the words before a body state a cause of their own (an exception class or a status)."""
    return bool(rx(_OUTER_CAUSE).search(words))


def quoted_in_other_error(text: str, start: int) -> bool:
    """Whether the body at `start` is quoted inside another error: a cause is stated on an earlier line, none on
    the body's own line, and other words come between the last cause and the body (`Error doing the fallback: `).
    A provider's body that continues its class chain on the next line (`AnthropicException -` then `{...}`) is
    that error's own. The SDK's `Error code: N - ` just before the body is the body's own (thirty-sixth pass), and
    so is FastAPI's `N: ` (thirty-ninth pass)."""
    if (sdk := rx(_SDK_HEADER).search(text, max(0, start - 24), start)) is not None:
        start = sdk.start()
    line = text.rfind("\n", 0, start) + 1
    if not line or outer_cause(text[line:start]):
        return False
    last = None
    for last in rx(_OUTER_CAUSE).finditer(text, 0, line):
        pass
    if last is None:
        return False
    between = text[last.end():start]
    between = between.strip()
    return (re.search(r"\w", between) is not None and between not in _APP_LEAD_INS
            and not (between.startswith("The following component") and rx(_HAYSTACK_LEAD_IN).fullmatch(between)))


def error_body(text: str) -> tuple[int, int, dict] | None:
    """(start, end, body) of the first JSON error body in the text whose preceding words state no cause of
    their own, or None."""
    if '"error"' not in text and '"detail"' not in text:
        return None
    for n, m in enumerate(rx(_BODY_OPEN).finditer(text)):
        if n >= _MAX_BODY_TRIES or outer_cause(text[:m.start()]):
            return None
        try:
            body, end = safejson.raw_decode(text[m.start():])
        except ValueError:
            continue
        if isinstance(body, dict) and (isinstance(body.get("error"), (dict, str)) or "detail" in body):
            return m.start(), m.start() + end, body
    return None


# The same body as a Python repr further into the text (thirty-sixth pass): the OpenAI SDK prints the proxy's
# answer as `Error code: N - {body}` with `body = json.loads(err_text)` (openai/_base_client.py 1.x :435), so the
# dict's repr (`{'error': {'message': '...', 'type': None, 'code': '401'}}`), and apps log `str(e)` after their
# own words. It is read as the JSON body is, with the same guard: the words before it (before the SDK's
# `Error code: N - `, which is the body's own) state no cause. It is read by a small tokenizer that turns the
# literal (strings, numbers, None/True/False, dicts, lists, tuples) into JSON for safejson; nothing is
# evaluated, and it gives up on anything else or past `_MAX_REPR` characters.
# (thirty-ninth pass) FastAPI's HTTPException as str() prints it, `f"{status_code}: {detail}"` (starlette/exceptions.py),
# which the proxy logs for its `HTTPException(status_code=400, detail={"error": ...})`: `400: {'error': ...}`; the
# status is the body's, as the SDK's is.
_REPR_OPEN = (r"(?:\bError code: (?P<status>[1-5]\d\d) - |(?<![\w.:])(?P<fastapi>[1-5]\d\d): )?"
              r"\{'(?:error|detail|type)': ")
_REPR_TOKEN = (
    r"\s*(?:(?P<s>'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\")|(?P<p>[{}\[\]():,])|(?P<k>None|True|False)\b"
    r"|(?P<n>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\b)"
)
_REPR_ESCAPE = r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)"
_REPR_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "'": "'", '"': '"', "0": "\0"}
_REPR_WORDS = {"None": "null", "True": "true", "False": "false"}
_MAX_REPR = 64 * 1024


def _repr_string(literal: str) -> str:
    def one(m: re.Match[str]) -> str:
        esc = m.group(1)
        if esc[0] in "xuU" and len(esc) > 1:
            code = int(esc[1:], 16)
            return chr(code) if code <= 0x10FFFF else ""
        return _REPR_SIMPLE.get(esc, "\\" + esc)

    return rx(_REPR_ESCAPE).sub(one, literal[1:-1])


def repr_value(text: str, start: int) -> tuple[object, int] | None:
    """(value, end) of the Python dict literal (as repr() writes it) at `start`, or None when it is not one."""
    token = rx(_REPR_TOKEN)
    out: list[str] = []
    depth, pos, limit = 0, start, min(len(text), start + _MAX_REPR)
    while pos < limit:
        m = token.match(text, pos, limit)
        if m is None:
            return None
        pos = m.end()
        if m.group("s") is not None:
            out.append(json.dumps(_repr_string(m.group("s"))))
        elif m.group("k") is not None:
            out.append(_REPR_WORDS[m.group("k")])
        elif m.group("n") is not None:
            out.append(m.group("n"))
        else:
            p = m.group("p")
            out.append({"(": "[", ")": "]"}.get(p, p))
            depth += p in "{[("
            depth -= p in "}])"
            if depth == 0:
                try:
                    return safejson.loads("".join(out)), pos
                except ValueError:
                    return None
    return None


def repr_error_body(text: str) -> tuple[int, int, dict, str | None] | None:
    """(start, end, body, status) of the first Python repr of an error body in the text (the SDK's `Error code:
    N - {...}` or FastAPI's `N: {...}`, N the status, or the dict alone) whose preceding words state no cause of their own, or None."""
    if "'error': " not in text and "{'detail': " not in text:
        return None
    for n, m in enumerate(rx(_REPR_OPEN).finditer(text)):
        if n >= _MAX_BODY_TRIES or outer_cause(text[:m.start()]):
            return None
        brace = text.index("{", m.start())
        found = repr_value(text, brace)
        if found is None:
            continue
        body, end = found
        if isinstance(body, dict) and (isinstance(body.get("error"), (dict, str)) or "detail" in body):
            return brace, end, body, m.group("status") or m.group("fastapi")
    return None


# The stream handler's wrapper (streaming_handler.py 1.103.0 :2312): `MidStreamFallbackError(message=str(e),
# original_exception=e)` prints `litellm.MidStreamFallbackError: {e} Original exception: {type}: {e}`
# (exceptions.py :1135, :1189): the mapped error twice, under a class that says only "a stream failed, try a
# fallback". The rules read the mapped error once, as they would have without streaming.
_MIDSTREAM = (
    r"(?s)(?:litellm\.ServiceUnavailableError: )?litellm\.MidStreamFallbackError: (?P<inner>litellm\.[A-Z]\w*: .{8,}?)"
    r" Original exception: [A-Z]\w*: (?P=inner)")


def midstream_error(text: str) -> str | None:
    """The text with a `MidStreamFallbackError` that repeats the error it wraps replaced by that error, or None."""
    if " Original exception: " not in text or "MidStreamFallbackError" not in text:
        return None
    m = rx(_MIDSTREAM).search(text)
    return None if m is None else text[: m.start()] + m.group("inner") + text[m.end():]


# The provider's own status under the mapper's fall-through (thirty-first pass). `exception_type` raises
# `APIConnectionError` for what it did not recognise (1.103.0 exception_mapping_utils.py :2654-2680, 1.110.2
# :2864-2890) when the provider's exception carried no `status_code` (`_map_exception_by_status` :2237 [:2389]
# returns at once without one), even when the provider's text it wraps states one: `OpenAIException - Error
# code: 404`, `OpenrouterException - {"error":{...,"code":400}}`, `Vertex_aiException - b'[{"error": {"code":
# 429, ...`, httpx's `Client error '404 Not Found' for url ...` (the real m-aider-openrouter-gemini-resource-
# exhausted: `APIConnectionError: APIConnectionError: OpenAIException - {"error": {"code": 429, ...`). The
# class is then the fall-through's, not a cause, and the rules anchored on the class LiteLLM gives that status
# would miss; so the text is read with the class `_map_exception_by_status` raises for that status
# (litellm_classes.status_class, where the lines are cited). Only a status at the start of the provider's text is read: a real
# connection failure (`Connection error.`, `Cannot connect to host`, `[Errno -2] Name or service not known`,
# `litellm.Timeout: ...`) states none and is left as it is, and so is `APIConnectionError: Error code: 500 - `
# with no provider label (the proxy's own 500 body, read by `connection_error_span`).
_FALL_THROUGH = (
    r"(?P<outer>\b(?:litellm\.)?(?:exceptions\.)?APIConnectionError: )(?P<again>(?:litellm\.)?APIConnectionError: )?"
    r"(?=[A-Za-z]\w*Exception - )"
)
# (thirty-eighth pass, the provider SDKs' messages: cohere's `headers: {...}, status_code: N`, requests' `N Client
# Error: Reason for url:`, google-api-core's and google-genai's `N Message` / `N STATUS.`: a status first, then a
# capital letter)
_INNER_STATUS = (
    r"[A-Za-z]\w*Exception - (?:"
    r"(?:headers: \{[^{}\n]{0,600}\}, )?(?:Error code|[Ss]tatus code|status_code)[:=] ?(?P<a>[45]\d\d)\b"
    r"|(?:Client|Server) error '(?P<b>[45]\d\d) [^'\n]{1,40}' for url "
    r"|(?P<d>[45]\d\d) (?=[A-Z])"
    r"|b?['\"]?\[?\{\s*(?:['\"]error['\"]:\s*\{)?[^{}]{0,400}?['\"](?:code|status|status_code)['\"]:\s*['\"]?(?P<c>[45]\d\d)\b"
    r")"
)


def inner_status(text: str) -> str | None:
    """The text with a fall-through `APIConnectionError` whose provider text states a 4xx/5xx status renamed
    to the class LiteLLM maps that status to, or None when there is none."""
    if "APIConnectionError: " not in text:
        return None
    out, last, changed = [], 0, False
    inner = rx(_INNER_STATUS)
    for m in rx(_FALL_THROUGH).finditer(text):
        s = inner.match(text, m.end())
        if s is None:
            continue
        status = int(s.group("a") or s.group("b") or s.group("c") or s.group("d"))
        name = status_class(status)
        out.append(text[last:m.start()] + f"litellm.{name}: " + (f"{name}: " if m.group("again") else ""))
        last, changed = m.end(), True
    return None if not changed else "".join(out) + text[last:]


# (fifty-second pass) opencode's TUI line while it retries a failed call (opencode 1.18.33, `opencode-linux-x64`
# bin/opencode@106971369): `{message}[ (click to expand)] [retrying in 1s attempt #1]`, the message cut at 80
# characters with `…` (@106970898; ` (click to expand)` when it is longer than 120, @106971019), the wait as
# `1s`, `2m 5s`, `1h 3m`, `~1 day` or none. A cut line shows the start of the error only: what decides may be in
# the part not pasted. The line is left as it is (read without its `[retrying ...]` the message is read worse: the
# words say the call was retried); only whether a whole line of that form was cut is told. Kilo Code's CLI 7.7.9
# (`@kilocode/cli-linux-x64`, an opencode fork) prints the same line, cut with `...` (bin/kilo@117314205).
_OPENCODE_RETRY_CUT = (
    r"(?m)^(?P<message>[^\n]{80})(?:\u2026|\.\.\.)(?: \(click to expand\))? "
    r"\[retrying (?:in (?:~?\d+ ?[a-z]+ ?){1,2})?attempt #\d+\]$"
)


def opencode_retry_cut(text: str) -> bool:
    """Whether the text holds an opencode (or Kilo) retry line whose message was cut at 80 characters."""
    if " attempt #" not in text or ("\u2026" not in text and "..." not in text):
        return False
    return rx(_OPENCODE_RETRY_CUT).search(text) is not None
