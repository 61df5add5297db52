"""Turn whatever the user pasted into text the rules can read.

Accepts a one-line message, a traceback, the proxy's JSON error body, or a log excerpt with ANSI
colour codes, as bytes or str. Everything here is bounded: huge input is cut to a head and a tail
window (the first and the last error are what matter), and binary input is refused with a clear
message rather than matched against.
"""

from __future__ import annotations

from .. import safejson
from ..errors import InputError, NotAnErrorText
from ..frozen import Frozen, field, frozen
from ..masking import mask
from ..regexcache import rx
from . import apprecords, channels, jsframings, uiframings
from .logrecords import peel
from .pastedconfig import is_whole_config, not_an_error
from .pastedcontext import set_aside
from .unwrap import anthropic_envelope_span, connection_error_span, error_body, repr_error_body, inner_status, outer_cause, quoted_in_other_error, joined_records, joined_text, mask_cut_secrets, midstream_error, opencode_retry_cut, strip_line_prefixes, unwrapped

# Error text worth diagnosing is rarely more than a few KB; beyond this we keep head and tail.
MAX_ANALYSED_BYTES = 512 * 1024
_WINDOW = MAX_ANALYSED_BYTES // 2
CUT_NOTE = "input was large; only its first and last 256 KiB were read"
# Said when a fall-through `APIConnectionError` was read with the class of the status its provider text states
# (unwrap.inner_status); the facts show both classes (`litellm.APIConnectionError (read as litellm.X)`).
FALL_THROUGH_NOTE = ("APIConnectionError is LiteLLM's catch-all for a provider error it could not map; the status "
                     "the provider's own text states was read instead, as the class LiteLLM gives that status")
FALL_THROUGH_CLASS = "litellm.APIConnectionError"
# Said when an app's line showed only the start of the error (fifty-second pass: opencode's retry line cuts the
# message at 80 characters); what decides may be in the part not pasted.
APP_CUT_NOTE = ("the app showed only the first 80 characters of the error (opencode's or Kilo's retry line); the "
                "rest, which may hold the cause, is not in the paste: click the line to expand it, or paste the error "
                "from `opencode run` (`kilo run`) or the log")
# Lines longer than this are cut in the middle: a 200k-character line is a dump, not a message.
MAX_LINE_CHARS = 16 * 1024

# ESC-based colour codes, their JSON-escaped spellings, and the bare `[31m` left when a terminal or a
# copy-paste dropped the ESC byte (seen in real LiteLLM issue reports).
_ANSI = rx(r"(?:\x1b|\\u001b|\\x1b|\\033)\[[0-9;?]*[A-Za-z]|\[(?:\d{1,3};)*\d{1,3}m(?!\])")
_CONTROL = rx(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


_BOX = "│┃║"


def _unbox(text: str) -> str:
    """Take an error out of a terminal box (rich panels in crewAI, aider, nanobot, ...): a run of lines
    framed by box borders is one soft-wrapped paragraph, so its inner parts are joined with spaces and
    a message cut across two box lines (`LLM │` / `│ Provider NOT provided`) reads whole again."""
    if not any(ch in text for ch in _BOX):
        return text
    out: list[str] = []
    run: list[str] = []
    for line in text.split("\n"):
        s = line.strip()
        if len(s) >= 2 and s[0] in _BOX and s[-1] in _BOX:
            run.append(s[1:-1].strip())
            continue
        if run:
            out.append(" ".join(part for part in run if part))
            run = []
        out.append(line)
    if run:
        out.append(" ".join(part for part in run if part))
    return "\n".join(out)


@frozen
class ErrorText(Frozen):
    """The text as the rules see it, plus what was learnt while reading it."""

    text: str
    json_fields: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    # Every line was a JSON log record at INFO/DEBUG with no error in it (logrecords.py): nothing to diagnose.
    quiet: bool = False
    # Every line was a JSON log record that reports no failure (quiet, or a WARNING with no error in it): the
    # rules read it, the estimate is not made.
    calm: bool = False
    # The class the paste shows when the text was read with another (unwrap.inner_status), else "".
    pasted_exception: str = ""


def decode(data: bytes | str) -> tuple[str, list[str]]:
    """Bytes to str, refusing binary data. Returns the text and notes about what was done."""
    notes: list[str] = []
    if isinstance(data, str):
        text = data
    else:
        # PowerShell's `>` and Notepad write UTF-16 with a byte-order mark: text, not binary.
        utf16 = data[:2] in (b"\xff\xfe", b"\xfe\xff")
        if len(data) > 2 * MAX_ANALYSED_BYTES:
            from ..boundedio import join_windows

            data = join_windows(data[:_WINDOW], data[-_WINDOW:])
            notes.append(CUT_NOTE)
        if utf16:
            text = data.decode("utf-16", errors="replace")
        else:
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = data.decode("utf-8", errors="replace")
                notes.append("input is not valid UTF-8; undecodable bytes were replaced")
    refuse_binary(text)
    return text, notes


def refuse_binary(text: str) -> None:
    """InputError when the start of `text` (its first 64 Ki characters) looks like binary data: more than a tenth
    undecodable or control characters. pasted.py runs it on a pipe's sniffed start too, before reading the rest: an
    endless binary stream (`diagnose - < /dev/zero`) has no end to wait for."""
    sample = text[:65536]
    if sample:
        bad = sum(1 for ch in sample if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\n\r\x1b"))
        if bad / len(sample) > 0.10:
            raise InputError("the input looks like binary data, not error text")


def _cut_long_lines(text: str) -> tuple[str, bool]:
    if len(text) <= MAX_LINE_CHARS or all(len(line) <= MAX_LINE_CHARS for line in text.split("\n")):
        return text, False
    keep = MAX_LINE_CHARS // 2
    lines = [
        line if len(line) <= MAX_LINE_CHARS else f"{line[:keep]} ... {line[-keep:]}" for line in text.split("\n")
    ]
    return "\n".join(lines), True


def _json_fields(text: str) -> dict[str, str]:
    """Pull message/type/code out of a proxy or provider JSON error body, if the text is one."""
    start = text.find("{")
    if start < 0 or start > 200:
        return {}
    if start and quoted_in_other_error(text, start):
        # The body is quoted inside another error stated before it (a fallback's answer, a retried call's),
        # whose status and class stay the text's.
        return {}
    try:
        body = safejson.loads(text[start:])
    except ValueError:
        try:
            body, _ = safejson.raw_decode(text[start:])
        except ValueError:
            return {}
    return _body_fields(body)


def _body_fields(body: object) -> dict[str, str]:
    """message/type/code/param/status of a parsed error body."""
    if not isinstance(body, dict):
        return {}
    err = body.get("error", body.get("detail", body))
    if isinstance(err, str):
        return {"message": err}
    if not isinstance(err, dict):
        return {}
    fields: dict[str, str] = {}
    for key in ("message", "type", "code", "param", "status"):
        value = err.get(key)
        if isinstance(value, dict):
            value = value.get("error", value.get("message", safejson.dumps(value)))
        if value is not None and not isinstance(value, (list, dict)):
            fields[key] = str(value)
    return fields


def _fields(text: str) -> dict[str, str]:
    """`_json_fields` of the text; when that finds no body near its start, those of the proxy body it carries
    further on after words that state no cause (unwrap.error_body), read as if the body started the text; else
    those of the same body as a Python repr (unwrap.repr_error_body, with the same guard)."""
    fields = _json_fields(text.strip())
    if not fields and (found := error_body(text)) is not None:
        fields = _json_fields(text[found[0]:])
    if not fields and (rfound := repr_error_body(text)) is not None:
        # The same body as the SDK prints it, a Python repr (unwrap.repr_error_body); the status the SDK states
        # before it (`Error code: N - `) is the answer's, kept apart from the body's own `code`.
        fields = _body_fields(rfound[2])
        if fields and rfound[3]:
            fields["http_status"] = rfound[3]
    return fields


def _raw_connection_body(text: str) -> tuple[str, int] | None:
    """The text with a raw proxy body that only carries a status-less `APIConnectionError` (code 500)
    replaced by its message (what precedes and follows the body kept), and where the message starts; or None.
    The body may follow words that state no cause of their own (unwrap.error_body)."""
    if "litellm.APIConnectionError: " not in text or (found := error_body(text)) is None:
        return None
    start, end, body = found
    err = body.get("error")
    if not isinstance(err, dict) or str(err.get("code")) != "500":
        return None
    message = err.get("message")
    if not isinstance(message, str) or not message.startswith("litellm.APIConnectionError: "):
        return None
    return text[:start] + message + text[end:], start


def _message_fields(text: str, start: int) -> dict[str, str]:
    """The fields of a wrapper's message put in place of its body at `start`: read from the message on when the
    words before it state no cause of their own, else from the whole text."""
    if start and not outer_cause(text[:start]):
        return _json_fields(text[start:].strip())
    return _json_fields(text.strip())


# The readings of what a paste puts around the error, in the order applied: each gives the text with the
# wrapping replaced by the error it carries (or a pair: that text and where the carried message starts), or
# None; and says what becomes of the JSON fields read before: "keep" them; "or": read them afresh, else keep
# the old ones without `message`; "message": read them from the carried message on (_message_fields).
_READINGS = (
    # An app's multi-line event record around the error (OpenHands' observations): the error it carries.
    (apprecords.peel, "keep"),
    # The proxy's admin UI's words, toast titles and browser stack frames around its body (uiframings.py).
    (uiframings.peel, "or"),
    # LibreChat's and Continue's words around a TypeScript client's message (jsframings.py): the proxy's
    # body. The fields of the body it gives back; the framed message (read as `message` before) is not the body's.
    (jsframings.peel, "or"),
    # The proxy's 500 body around a status-less `APIConnectionError` (unwrap.py): the message it carries, so
    # the wrapper's status is not read as the upstream's.
    (connection_error_span, "message"),
    # The same body pasted raw (curl, a browser, the admin UI's `Error: 500 ...` read as its body, or after an
    # app's or a log's words, unwrap.error_body): its `"code": "500"` is the wrapper's too (exceptions.py
    # 1.103.0 :866), so it is read as its message as well.
    (_raw_connection_body, "message"),
    # The proxy's Anthropic envelope (/v1/messages) around LiteLLM's exception (unwrap.py): its `type`, chosen from
    # the status (`api_error` for most), is the envelope's; the message it carries is read.
    (anthropic_envelope_span, "message"),
    # A stream's `MidStreamFallbackError` repeating the error it wraps (unwrap.py): that error, once.
    (midstream_error, "keep"),
)


def _opens_in(text: str, joined: str) -> bool:
    """Whether the line where the text's first `{` is was joined into `joined`."""
    if (at := text.find("{")) < 0:
        return False
    line = text[text.rfind("\n", 0, at) + 1:(end if (end := text.find("\n", at)) >= 0 else len(text))].strip()
    return bool(line) and line in joined


def _unescape(text: str) -> str:
    return text.replace("\\n", "\n").replace('\\"', '"').replace("\\'", "'")


def read_error_text(data: bytes | str, notes: tuple[str, ...] = ()) -> ErrorText:
    """Normalise pasted input. Raises InputError when there is nothing usable.

    `notes` are what the reader already did (e.g. cut a huge file); they are kept in the report.
    """
    text, decode_notes = decode(data)
    notes = [*notes, *(n for n in decode_notes if n not in notes)]
    # What the channel the paste came through did to its characters (channels.py: HTML entities, curly quotes,
    # non-breaking and zero-width characters, their JSON escapes, mojibake, `^M`, `##[error]`), undone before
    # anything reads it, masking included.
    text = channels.clean(text)
    if len(text) > 2 * MAX_ANALYSED_BYTES:
        # Masked before it is cut: a cut inside a key would leave its tail without the prefix the
        # mask recognises.
        text = mask(text)
        text = text[:_WINDOW] + "\n...\n" + text[-_WINDOW:]
        if CUT_NOTE not in notes:
            notes.append(CUT_NOTE)
    text = _ANSI.sub("", text).replace("\r\n", "\n")
    # (the prefixes first: a box's lines under a log's or a quote's prefix are a box once they are stripped)
    text = _unbox(strip_line_prefixes(channels.notebook(_CONTROL.sub("", text))))
    if not text.strip():
        raise InputError("no error text given (the input is empty)")
    if is_whole_config(text):
        raise NotAnErrorText(not_an_error())
    # (fifty-sixth pass) a secret a wrap cut in two is masked whole first (unwrap.mask_cut_secrets)
    text = mask(mask_cut_secrets(text))
    text, cut = _cut_long_lines(text)
    if cut:
        notes.append(f"lines longer than {MAX_LINE_CHARS} characters were shortened")
    # JSON log records (a sink's, LiteLLM's JSON_LOGS, structlog's): their words, unescaped. The fields
    # are read from the first record that is not quiet (LiteLLM's formatter lifts the provider body's
    # `error` into it), else from the words. (fifty-sixth pass) A record a terminal cut at its width is put back on
    # one line first, while still escaped (masked again: its halves may make a secret whole); a JSON body so cut is
    # left to the joining below, which reads the text's other cut lines at the same width.
    peeled = None
    if (rejoined := joined_records(text)) is not None and (peeled := peel(rejoined)) is not None:
        text = rejoined
    else:
        peeled = peel(text)
    quiet = calm = False
    if peeled is None:
        fields = _fields(text)
    else:
        text, quiet, calm = mask(peeled.text), peeled.quiet, peeled.calm
        fields = (_json_fields(safejson.dumps(peeled.first)) if peeled.first is not None else {}) or _fields(text)
        if (fields.keys().isdisjoint(("code", "status", "http_status")) and (rfound := repr_error_body(text)) is not None
                and rfound[3]):
            # (fifty-sixth pass) the record's message is LiteLLM's log line around FastAPI's `N: {...}` (`Exception
            # occured - 403: {'error': ...}`): the status stated before the repr is the answer's, as in the plain line
            fields["http_status"] = rfound[3]
    # opencode's (or Kilo's) retry line showing only the error's first 80 characters (unwrap.opencode_retry_cut).
    if opencode_retry_cut(text):
        notes.append(APP_CUT_NOTE)
    # What the paste put around the error, each replaced by the error it carries (_READINGS, in order).
    for read, refields in _READINGS:
        if (found := read(text)) is None:
            continue
        text, start = found if isinstance(found, tuple) else (found, 0)
        if refields == "or":
            fields = _fields(text) or {k: v for k, v in fields.items() if k != "message"}
        elif refields == "message":
            fields = _message_fields(text, start)
    # Escaped newlines and quotes come from errors that were serialised once already (a JSON body
    # inside a log line, a Python repr); the rules read the text the way a person would.
    escaped = None
    if "\\n" in text or '\\"' in text:
        escaped = text
        text = _unescape(text)
    # (fifty-ninth pass) `\\'` alone too, a repr that had to escape its single quotes (Semantic Kernel's
    # `ServiceResponseException: ("...", NotFoundError('Error code: 404 - {\\'error\\': ...}'))`): unescaped after
    # the wrapped lines are joined, as the terminal cut them at its width with the backslashes in.
    quotes_only = "\\'" in text
    # A fall-through `APIConnectionError` around a provider's answer that states its status (unwrap.py): read
    # with the class LiteLLM maps that status to.
    pasted_exception = ""
    if (named := inner_status(text)) is not None:
        text = named
        notes.append(FALL_THROUGH_NOTE)
        pasted_exception = FALL_THROUGH_CLASS
    extra = [v for v in ((inner_status(fields[k]) or fields[k]) for k in ("message", "type") if k in fields) if v not in text]
    # Lines a terminal wrapped, joined: appended, so the original lines still read as they were. Masked
    # again: joining can make a whole secret of two halves that were masked apart. The context pasted
    # around the error (pastedcontext.py) is not joined: a request dump's body glued to the error line
    # after it would be appended as a line that is neither, and read as the error.
    # (fifty-sixth pass) lines cut while the text was still escaped are joined as they were cut: unescaped first,
    # an escaped `\n` becomes a line of another length and the terminal's width no longer shows
    joined_escaped = None
    if escaped is not None and (before := unwrapped(set_aside(escaped))) is not None:
        joined, joined_escaped = _unescape(before), before
    else:
        joined = unwrapped(set_aside(text))
    if joined:
        if mask(joined).count("****") > joined.count("****"):
            # A secret that a wrap cut in two: the original lines would show its unmasked half, so the
            # text becomes the joined (and masked) one.
            text, joined = mask(joined_text(text)), None
        else:
            extra.append(joined)
    if joined and not fields and _opens_in(text, joined):
        # (fifty-sixth pass) a body that a wrap cut over lines (a raw line break inside its strings is no JSON or
        # repr) is read from the joined paragraph, when that holds the text's first body (not one quoted inside it);
        # (seventieth pass) while still escaped, when the text was: an escaped `\n` in a string, unescaped, is a raw
        # line break no JSON or repr holds (`... trial. \nPricing: ...'}` in LiteLLM's enterprise-only 403)
        fields = (_fields(joined_escaped) if joined_escaped is not None else {}) or _fields(joined)
        if fields.get("code") == "500" and fields.get("message", "").startswith("litellm.APIConnectionError: "):
            # (sixty-fifth pass) the body so found is the proxy's around a status-less `APIConnectionError` (Node's
            # printout of the AI SDK's APICallError: `responseBody: '{"error":{...,"code":"500"}}'` under a stack
            # frame line taken as wrapped): its 500 is the wrapper's, as _raw_connection_body reads it
            del fields["code"]
    if quotes_only:
        text, extra = text.replace("\\'", "'"), [e.replace("\\'", "'") for e in extra]
    if extra:
        text = text + "\n" + "\n".join(extra)
    return ErrorText(text=text, json_fields=fields, notes=tuple(notes), quiet=quiet, calm=calm,
                     pasted_exception=pasted_exception)
