"""Plain-text tables and wrapping that respect the terminal width, shared by every text view.

On a terminal the last column wraps at word boundaries into the width left by the others; piped
(`width=None`) every record stays on one line, so `grep`, `cut` and `wc -l` work on it. Nothing here
imports rich: these views sit on fast paths.
"""

from __future__ import annotations

from ..regexcache import rx
from ..wordwrap import wrap_words


_NBSP = "\u00a0"
_CODE = rx(r"`[^`\n]*`")
_SHORT = 50


def wrap(text: str, width: int | None, first: str = "", rest: str | None = None) -> list[str]:
    """Wrap `text` at spaces into lines of at most `width` columns. A URL, an identifier or a path is
    never broken (no hyphen or long-word breaks): one longer than the line keeps a line of its own.
    No width (piped output): one line."""
    rest = " " * len(first) if rest is None else rest
    if width is None:
        return [first + " ".join(text.split())]
    # A short `code span` (`model: gpt-4o`) stays on one line: its spaces become no-break spaces,
    # which textwrap does not split on, and are restored after.
    text = _CODE.sub(lambda m: m.group(0).replace(" ", _NBSP) if len(m.group(0)) <= _SHORT else m.group(0), text)
    lines = wrap_words(text, width, first, rest) or [first.rstrip()]  # textwrap.wrap's, break_long_words=False,
    # break_on_hyphens=False, without importing textwrap (wordwrap.py)
    return [line.replace(_NBSP, " ") for line in lines]


def fill(text: str, width: int | None, first: str = "", rest: str | None = None) -> str:
    return "\n".join(wrap(text, width, first, rest))


def table(headers: tuple[str, ...], rows: list[tuple[str, ...]], width: int | None, *, bold=lambda s: s) -> list[str]:
    """Columns padded to their widest cell; the last column wraps into what is left on a terminal."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers[:-1])]
    indent = sum(widths) + 2 * len(widths)
    out = []
    head = "".join(h.ljust(w + 2) for h, w in zip(headers, widths)) + headers[-1]
    out.append(bold(head))
    for row in rows:
        lead = "".join(c.ljust(w + 2) for c, w in zip(row, widths))
        last_width = width if width is None or width - indent >= 20 else indent + 20
        out += wrap(row[-1], last_width, lead, " " * indent)
    return out
