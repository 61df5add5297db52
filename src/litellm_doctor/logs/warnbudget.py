"""Which WARNING records the triage reads, in bounded memory and time.

A warning is kept only when a rule recognises it, so each distinct warning is classified once, and one that no rule
knows is remembered so that its repeats cost nothing. A log can hold many distinct warnings no rule knows (each
naming another key, request or file): classifying every one made such logs slow, so they are budgeted. The budget
was one set of 2000 signatures, after which every new warning was dropped unread and uncounted: a warning that
named the cause, late in a long log, was lost. Now the budget is per *kind* (the statement that logged it: the
header's `file.py:line`, or the start of its signature for records without one): each kind may bring
TRIES_PER_KIND distinct warnings no rule knows; past that its warnings are skipped, and counted (`unread`), while a
warning of another kind is still read. Memory stays bounded: MAX_KINDS kinds, MAX_REMEMBERED signatures.

Time too: MAX_KINDS kinds of TRIES_PER_KIND tries each let a log (thousands of statements, or an attacker's log
naming another `file.py:N` on each line) have 40,000 warnings classified, ~2 ms each: 91 s for a 4.7 MB log whose
every line is a new warning (review20). Past TOTAL_TRIES tries in all, a kind that has had one is skipped: the first
warning of each new kind is still read (the one that names the cause, late in the log, as above), so at most
TOTAL_TRIES + MAX_KINDS warnings are classified.
"""

from __future__ import annotations

from collections import Counter

from ..regexcache import rx

MAX_KINDS = 2000
MAX_REMEMBERED = 2000
TRIES_PER_KIND = 20
TOTAL_TRIES = 4000
_OTHER = "(other kinds)"  # where the unread warnings of kinds past MAX_KINDS are counted

# `12:00:00 - LiteLLM Proxy:WARNING: proxy_server.py:2003 - `: the statement's file and line.
_WHERE = rx(r":WARNING: (\S{1,200}) - ")


def warning_kind(head: str, component: str, signature: str) -> str:
    """The statement a warning came from: its header's `file.py:line` (`head`: the record's start, with the logger's
    name), else the first words of its signature (what a statement keeps from one warning to the next)."""
    m = _WHERE.search(head)
    if m is not None:
        return f"{component} {m.group(1)}"
    return signature[:40]


class WarningBudget:
    def __init__(self) -> None:
        self._no_rule: set[str] = set()  # signatures read with no rule: their repeats are skipped
        self._tries: dict[str, int] = {}  # kind -> its distinct warnings read with no rule
        self.unread: Counter[str] = Counter()  # kind -> its warnings skipped unread (keys: kinds of _tries, _OTHER)
        self.tries = 0  # warnings read with no rule, in all

    def known(self, key: str) -> bool:
        """Was this signature read before and no rule knew it?"""
        return key in self._no_rule

    def may_read(self, kind: str) -> bool:
        """May a new warning of this kind be classified? When not, it is counted as unread."""
        tries = self._tries.get(kind)
        if tries is None and len(self._tries) >= MAX_KINDS:
            self.unread[_OTHER] += 1
            return False
        if tries is not None and (tries >= TRIES_PER_KIND or self.tries >= TOTAL_TRIES):
            self.unread[kind] += 1
            return False
        return True

    def no_rule(self, key: str, kind: str) -> None:
        """A warning of this kind was read and no rule knew it."""
        if len(self._no_rule) < MAX_REMEMBERED:
            self._no_rule.add(key)
        if kind in self._tries or len(self._tries) < MAX_KINDS:
            self._tries[kind] = self._tries.get(kind, 0) + 1
        self.tries += 1

    def describe(self) -> str | None:
        """`N warning(s) were not read: ...` for the report, or None."""
        total = sum(self.unread.values())
        if not total:
            return None
        kinds = ", ".join(f"{kind} ×{n}" for kind, n in self.unread.most_common(3))
        more = f", and {len(self.unread) - 3} more" if len(self.unread) > 3 else ""
        spent = f", or the log {TOTAL_TRIES} in all" if self.tries >= TOTAL_TRIES else ""
        return (f"{total} warning(s) were not read: each kind (the statement that logged it) had already given "
                f"{TRIES_PER_KIND} distinct warnings no rule recognises{spent} ({kinds}{more})")


__all__ = ["TOTAL_TRIES", "TRIES_PER_KIND", "WarningBudget", "warning_kind"]
