"""`textwrap.wrap(text, width, initial_indent=..., subsequent_indent=..., break_long_words=False,
break_on_hyphens=False)`, the only wrapping the text views do (formats/columns.py), without importing textwrap.

textwrap compiles four regexes when it is imported (`TextWrapper.wordsep_re`, a long verbose one, among them): ~3.8 M
callgrind instructions, ~2.5 % of a pasted error's run (2026-12-07, Python 3.11), for a wrap that splits at spaces.
This is TextWrapper's algorithm (`_munge_whitespace`, `_split` with `wordsep_simple_re`, `_wrap_chunks` and
`_handle_long_word`) for those options and the other defaults (tabs expanded to 8 columns, the six ASCII whitespace
characters read as spaces, whitespace dropped at the ends of lines, no line limit), line for line; a test compares it
with textwrap on generated texts (tests/test_wordwrap.py).
"""

from __future__ import annotations

from .regexcache import rx

# textwrap's `_whitespace` and `TextWrapper.unicode_whitespace_trans`: each of them read as a space.
_TO_SPACE = dict.fromkeys(map(ord, "\t\n\x0b\x0c\r "), ord(" "))
# `TextWrapper.wordsep_simple_re`, once the text holds no other of those characters than the space.
_SPACES = rx(r"( +)")


def wrap_words(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "") -> list[str]:
    """The lines of `text` wrapped at spaces into `width` columns, a word longer than a line on a line of its own."""
    if width <= 0:
        raise ValueError(f"invalid width {width!r} (must be > 0)")
    chunks = [chunk for chunk in _SPACES.split(text.expandtabs(8).translate(_TO_SPACE)) if chunk]
    chunks.reverse()
    lines: list[str] = []
    while chunks:
        line: list[str] = []
        size = 0
        indent = subsequent_indent if lines else initial_indent
        room = width - len(indent)
        if chunks[-1].strip() == "" and lines:  # (str.strip: a chunk of other whitespace, U+2003, is dropped too)
            del chunks[-1]
        while chunks:
            length = len(chunks[-1])
            if size + length <= room:
                line.append(chunks.pop())
                size += length
            else:
                break
        if chunks and len(chunks[-1]) > room and not line:  # a word longer than the line: not broken
            line.append(chunks.pop())
        if line and line[-1].strip() == "":
            del line[-1]
        if line:
            lines.append(indent + "".join(line))
    return lines
