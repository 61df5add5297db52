"""Undo what the channel a paste travelled through did to its characters (issue #9, fifty-seventh pass).

Before a user pastes an error it often went through something that changed characters without changing the
message: a web page or an issue form that shows it HTML-escaped (`&quot;`, `&#39;`, `&gt;`, `&amp;`); a chat app
or an editor's autocorrect that made its quotes curly (“ ” ‘ ’), its spaces non-breaking (U+00A0, U+202F), its
hyphens non-breaking (U+2011), or put zero-width spaces inside long tokens so they can wrap; a server that
serialised such a character as `\\u00a0` in a JSON body (or the OpenAI SDK as `\\xa0` in a Python repr); a mail
or a page that read the UTF-8 bytes as windows-1252 (`â€™`, `â€œ`, `Â `); GitHub Actions' `##[error]` markers;
a Unix pager's `^M` for a Windows line end, `cat -v`'s `^[` for ESC; an issue's Markdown source (a fenced block's
```` ``` ```` lines, `<details>` and `<summary>` tags). `clean` puts the characters back, once,
before anything else reads the text (masking included: a key cut by a zero-width space or spelt with a
non-breaking hyphen is then masked whole).

The paste path is kept fast: text that is all ASCII (most pastes) is only searched for the few ASCII
markers (`&`, `\\u`, `\\x`, `^M`, `##[`, `^[`, a backtick, `<`), each a substring test; the patterns are compiled the first
time one is needed.
"""

from __future__ import annotations

import re

from ..regexcache import rx
from .litellm_classes import EXCEPTION_CLASSES

# Characters a channel put in place of ASCII ones, and the ones it inserted: one `str.translate` table.
_SPACES = "\u00a0\u202f\u2007\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\u205f\u3000"
_INVISIBLE = "\u200b\u200c\u2060\ufeff\u00ad"
_TABLE = {
    **{ord(c): " " for c in _SPACES},
    **dict.fromkeys(map(ord, _INVISIBLE)),
    0x2010: "-", 0x2011: "-",
    0x201C: '"', 0x201D: '"', 0x201E: '"', 0x201F: '"',
    0x2018: "'", 0x2019: "'", 0x201A: "'", 0x201B: "'",
}

# The same characters as a JSON (`\u00a0`) or Python repr (`\xa0`) escape, possibly escaped again (`\\u00a0`), or
# as a bytes repr's UTF-8 (`\xc2\xa0`, `\xe2\x80\x99`): replaced by the ASCII character, which is valid in any
# of these strings (a space, nothing, a hyphen, `'`; a double quote's escapes are left as they are).
# (A run of backslashes is matched from its start and never given back: linear on a run of any length.)
_ESCAPE = r"(?<!\\)\\++(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2}(?:\\++x[0-9a-fA-F]{2}){0,3}))"
_CHANGED_CHARS = "[" + "".join(chr(c) for c in _TABLE) + "]"

# HTML entities a page or an issue form shows (named ones a text uses, and numeric ones).
_NAMED = {"quot": '"', "apos": "'", "amp": "&", "lt": "<", "gt": ">", "nbsp": " "}
_ENTITY = r"&(?:(quot|apos|amp|lt|gt|nbsp)|#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6}));"

# UTF-8 read as windows-1252 (as browsers decode it: the five bytes it leaves undefined become C1 controls).
# A run of what a UTF-8 sequence's bytes read as: a lead byte's character, then its continuation bytes'.
_CP1252_HIGH = "€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ"
_CONT = _CP1252_HIGH + "".join(chr(b) for b in range(0xA0, 0xC0))
_BYTE = {ch: 0x80 + i for i, ch in enumerate(_CONT)}
_MOJIBAKE = (r"(?:[\u00c2-\u00df][{c}]|[\u00e0-\u00ef][{c}]{{2}}|[\u00f0-\u00f4][{c}]{{3}})+"
             .format(c=re.escape(_CONT)))
# A lead that could start one: the test that decides whether the pattern is tried at all.
_LEADS = rx("[\u00c2-\u00f4]")

# GitHub Actions' log markers, after the line's timestamp if it has one; a pager's `^M` at a line's end.
_GHA_MARKER = (r"(?m)^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z )?"
               r"##\[(?:error|warning|notice|debug|group|endgroup|command|section)\]")
_GHA_EXIT = r"(?m)^(?:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z )?##\[error\]Process completed with exit code \d+\.[ \t]*(?:\n|$)"
_MARKUP = r"(?m)^[ \t]*(?:```[\w+-]*|</?details(?: [^>\n]*)?>|<summary>[^<\n]*</summary>)[ \t]*(?:\n|$)"
_CARET_M = r"\^M(?=\n|$)"


def _unmojibake(m: re.Match[str]) -> str:
    run = m.group(0)
    try:
        return bytes(_BYTE.get(ch, ord(ch)) for ch in run).decode("utf-8")
    except (UnicodeDecodeError, ValueError):
        return run


def _translate(text: str) -> str:
    """`text.translate(_TABLE)`, at the cost of a scan when nothing is to change (str.translate of a text that is not
    ASCII goes through a dict lookup per character: a hundred milliseconds for 500 KB)."""
    return re.sub(_CHANGED_CHARS, lambda m: _TABLE[ord(m.group(0))] or "", text)


def _escaped(m: re.Match[str]) -> str:
    if m.group(1):
        chars = chr(int(m.group(1), 16))
    else:
        data = bytes(int(h, 16) for h in re.findall(r"x([0-9a-fA-F]{2})", m.group(0)))
        try:
            chars = data.decode("utf-8")
        except UnicodeDecodeError:
            chars = data.decode("latin-1") if len(data) == 1 else ""
    if chars and all(_TABLE.get(ord(c), '"') != '"' for c in chars):
        return _translate(chars)
    return m.group(0)


def _unmojibake_all(text: str) -> str:
    """Every mojibake run repaired: tried only where a lead character is (a scan for those is fast, the run's
    pattern tried at every position is not)."""
    run = rx(_MOJIBAKE)
    out: list[str] = []
    done = 0
    for lead in _LEADS.finditer(text):
        if lead.start() < done or (m := run.match(text, lead.start())) is None:
            continue
        out += [text[done:m.start()], _unmojibake(m)]
        done = m.end()
    # a `”` (E2 80 9D) whose last byte a decoder dropped: `â€` and no continuation
    return ("".join(out) + text[done:] if out else text).replace("\u00e2\u20ac", '"')


def _entity(m: re.Match[str]) -> str:
    if m.group(1):
        return _NAMED[m.group(1)]
    n = int(m.group(2)) if m.group(2) else int(m.group(3), 16)
    return chr(n) if 0 < n < 0x110000 and not 0xD800 <= n < 0xE000 else m.group(0)


def clean(text: str) -> str:
    """The text with what a channel did to its characters undone (the module's docstring)."""
    if not text.isascii():
        if _LEADS.search(text):
            text = _unmojibake_all(text)
        text = _translate(text)
    if "&" in text and ";" in text:
        text = re.sub(_ENTITY, _entity, text)
        if not text.isascii():
            text = _translate(text)
    # (a one-character test first: it is a memchr, the two-character ones are not)
    if "\\" in text and ("\\u" in text or "\\x" in text):
        text = re.sub(_ESCAPE, _escaped, text)
    if "^" in text:
        if "^M" in text:
            text = re.sub(_CARET_M, "", text)
        if "^[" in text:
            text = text.replace("^[[", "\x1b[")
    if ("`" in text and "```" in text) or ("<" in text and ("<details" in text or "<summary>" in text)):
        # an issue's Markdown source: a fenced block's fence lines and a collapsed block's tags, each on its own
        # line (never part of an error)
        text = re.sub(_MARKUP, "", text)
    if "#" in text and "##[" in text:
        # the runner's own line that ends a failed step says nothing of the failure: removed whole
        text = re.sub(_GHA_EXIT, "", text)
        text = re.sub(_GHA_MARKER, r"\1", text)
    return text


# IPython's (a notebook's) rendered traceback (IPython 8; 7 as Colab shows it): a dashed rule and `Class   Traceback (most recent call
# last)`, the cell as `Cell In[3], line 5`, each frame as `File path:N, in func(args)`, its source lines numbered
# with `---->` / `->` at the failing one, and the exception's class without its module. Read back as Python
# prints it: `Traceback (most recent call last):`, `  File "path", line N, in func` and the failing line; the
# other source lines dropped (they are the user's or the library's code, not the message).
_IPY_HEAD = r"(?m)^-{20,}\n[A-Za-z_][\w.]*[ \t]+Traceback \(most recent call last\)[ \t]*$"
_IPY_FRAME = (r"^(?:File (?P<path>.+?):(?P<line>\d+)(?:, in (?P<func>[^(\s]+)(?:\(.*\))?)?|Cell In\[\d+\], line (?P<cell>\d+)"
              # IPython 7 (Google Colab's): the line number only at the arrow below
              r"|<ipython-input-\d+-[0-9a-f]+> in (?:<module>|<cell line: (?P<cell7>\d+)>)\(\)"
              r"|(?P<path7>[^\s<-].*?\.pyx?) in (?P<func7>[^(\s]+)\(.*\))[ \t]*$")
_IPY_SOURCE = r"^[ \t]*(?:(?P<arrow>-*>)[ \t]*)?(?P<n>\d+)(?:[ \t](?P<code>.*))?$"


def notebook(text: str) -> str:
    """IPython's traceback read as Python prints it (above); other text unchanged."""
    if "Traceback (most recent call last)" not in text or (head := re.search(_IPY_HEAD, text)) is None:
        return text
    frame, source = rx(_IPY_FRAME), rx(_IPY_SOURCE)
    out: list[str] = [text[:head.start()].rstrip("\n")] if head.start() else []
    in_frame, last_path = False, ""
    pending: tuple[str, str] | None = None  # an IPython 7 frame, written when its arrow gives the line number
    lines = text[head.start():].split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if re.fullmatch(r"-{20,}", line) and i + 1 < len(lines) and "Traceback (most recent call last)" in lines[i + 1]:
            out.append("Traceback (most recent call last):")
            i += 2
            continue
        # (a frame line is short: a long one is not tried, so a crafted line costs no quadratic search)
        if len(line) <= 2048 and (m := frame.match(line)) is not None:
            if pending:
                out.append(f'  File "{pending[0]}", line 0, in {pending[1]}')
                pending = None
            if m.group("cell"):
                out.append(f'  File "<ipython-input>", line {m.group("cell")}, in <module>')
                last_path = ""
            elif m.group("path"):
                out.append(f'  File "{m.group("path")}", line {m.group("line")}, in {m.group("func") or "<module>"}')
                last_path = m.group("path")
            else:
                pending = (m.group("path7"), m.group("func7")) if m.group("path7") else ("<ipython-input>", "<module>")
                last_path = m.group("path7") or ""
            in_frame = True
        elif in_frame and (s := source.match(line)) is not None:
            if s.group("arrow") and s.group("code"):
                if pending:
                    out.append(f'  File "{pending[0]}", line {s.group("n")}, in {pending[1]}')
                    pending = None
                out.append("    " + s.group("code").strip())
        elif in_frame and line.strip() in ("", "..."):
            in_frame = line.strip() == "..."
        else:
            in_frame = False
            if pending:
                out.append(f'  File "{pending[0]}", line 0, in {pending[1]}')
                pending = None
            # (IPython drops a LiteLLM class's module: written back when the last frame is LiteLLM's own code)
            cls = re.match(r"([A-Za-z]\w*): ", line)
            if cls and cls.group(1) in EXCEPTION_CLASSES and "/litellm/" in last_path.replace("\\", "/"):
                line = "litellm.exceptions." + line
            out.append(line)
        i += 1
    return "\n".join(out)
