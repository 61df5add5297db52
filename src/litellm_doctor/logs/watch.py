"""The live view of an incident: `litellm-doctor watch` / `diagnose --log - --follow`.

    kubectl logs -f deploy/litellm | litellm-doctor watch
    tail -F /var/log/litellm.log | litellm-doctor diagnose --log - --follow

A reader thread feeds the log, as it arrives (`read1`, never waiting for a full chunk), through the
same reader, framings and triage as `diagnose --log`; the main thread shows, every second on a
terminal (rich Live) or every `interval` seconds as plain text otherwise, the failure signatures seen
in the last minutes with their counts and rates, newest first, and the model groups in cooldown with
the failure that put them there. EOF or Ctrl-C ends it; the caller then prints the final summary (the
same report as `diagnose --log`).

Memory is bounded however long it runs: the reader's buffers are bounded, the triage keeps at most
`triage.MAX_GROUPS` signatures, and each signature keeps `KEEP_BUCKETS` time buckets. Rates use the
time lines arrive (the log's own timestamps may be absent, skewed or in another zone).
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO, TextIO

from ..diagnosis.rulebook import matching_library
from ..errors import InputError
from ..formats.sanitize import one_line, value
from ..masking import mask
from ..model import Report
from ..model_more import FAILURE_KINDS
from .reader import LogReader, Record
from .triage import Triage, _Group, _kind_and_count
from .window import TimeWindow

BUCKET_SECONDS = 10
KEEP_BUCKETS = 30  # 5 minutes of history per signature
LIVE_CHUNK = 256 * 1024
SHOWN = 15
_CATEGORY = {"quota_rate": "quota/rate"}
# The records a group's count is made of, by its kind (triage._kind_and_count): a request group does not count the
# Router's INFO line about the same failed call, which the live view counted as a second failure.
_COUNTED = {"request": ("request", "log"), "log": ("log",), "call": ("call",), "http": ("http",)}


@dataclass
class _Tally:
    """Counts of one signature per time bucket (bounded), and when it was last seen."""

    total: int = 0
    last: float = 0.0
    buckets: deque | None = None

    def add(self, now: float) -> None:
        if self.buckets is None:
            self.buckets = deque(maxlen=KEEP_BUCKETS)
        index = int(now // BUCKET_SECONDS)
        if self.buckets and self.buckets[-1][0] == index:
            self.buckets[-1][1] += 1
        else:
            self.buckets.append([index, 1])
        self.total += 1
        self.last = now

    def within(self, now: float, seconds: float) -> int:
        oldest = int((now - seconds) // BUCKET_SECONDS)
        return sum(n for index, n in (self.buckets or ()) if index > oldest)


@dataclass(frozen=True)
class Row:
    ago: float
    total: int
    last_minute: int
    per_minute: float  # over the last 5 minutes
    category: str
    kind: str
    title: str
    model_groups: tuple[str, ...]


class Watch:
    """Feeds a live log through the triage and keeps what the live view shows."""

    def __init__(
        self,
        stream: BinaryIO,
        *,
        rules_dir: str | None = None,
        engine: str | None = None,
        name: str = "stdin",
        window: TimeWindow | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name = name
        self.clock = clock
        self.reader = LogReader(stream, engine=engine, window=window, live=True, chunk_size=LIVE_CHUNK)
        # The rules a one-shot triage uses (logs.triage_stream): each text tried on its trigger's candidates only.
        self.triage = Triage(matching_library(rules_dir))
        self.triage.on_count = self._on_count
        self.lock = threading.Lock()
        self.tally: dict[tuple[str, str], _Tally] = {}  # (signature, role): bounded, a few roles per triage group
        self.done = threading.Event()
        self.error: InputError | None = None
        self.started = clock()

    # -- intake (the reader thread) ------------------------------------------------------------------
    def feed(self) -> None:
        try:
            for record in self.reader:
                with self.lock:
                    self.triage.add(record)
        except InputError as exc:
            self.error = exc
        finally:
            self.done.set()

    def _on_count(self, group: _Group, role: str, record: Record) -> None:
        if role == "warning":
            return
        key = (group.signature, role)
        tally = self.tally.get(key)
        if tally is None:
            tally = self.tally[key] = _Tally()
        tally.add(self.clock())

    def _counted(self) -> list[tuple[_Group, str, list[_Tally]]]:
        """Each group seen, its kind, and the tallies of the records its count is made of, as the batch triage
        counts them (`diagnose --log` and the final summary)."""
        by_signature: dict[str, list[tuple[str, _Tally]]] = {}
        for (signature, role), tally in self.tally.items():
            by_signature.setdefault(signature, []).append((role, tally))
        groups = self.triage._groups
        out = []
        for signature, tallies in by_signature.items():
            g = groups.get(signature)
            if g is None:
                continue
            kind = _kind_and_count(g)[0]
            out.append((g, kind, [t for role, t in tallies if role in _COUNTED.get(kind, ())] or [t for _, t in tallies]))
        return out

    # -- what is shown (the main thread, under the lock) ---------------------------------------------
    def rows(self) -> list[Row]:
        now = self.clock()
        out = []
        for g, kind, tallies in self._counted():
            title = self.triage.rendered(g)[0] if g.report.diagnosis else g.example
            out.append(Row(
                ago=now - max(t.last for t in tallies), total=sum(t.total for t in tallies),
                last_minute=sum(t.within(now, 60) for t in tallies),
                per_minute=sum(t.within(now, 300) for t in tallies) / max(1.0, min(5.0, (now - self.started) / 60)),
                category=g.category, kind=kind, title=title, model_groups=tuple(g.model_groups)[:4],
            ))
        out.sort(key=lambda r: r.ago)
        return out

    def cooldowns(self) -> list[str]:
        """Model groups in cooldown in the last 5 minutes, and the failure that put them there."""
        now = self.clock()
        groups = self.triage._groups
        out = []
        for g, _kind, tallies in self._counted():
            refused = sum(t.within(now, 300) for t in tallies)
            if not g.symptom or not refused:
                continue
            names = ", ".join(list(g.model_groups)[:5]) or "a model group"
            cause = None
            if g.causes:
                cause = groups.get(g.causes.most_common(1)[0][0])
            why = (f"after {_CATEGORY.get(cause.category, cause.category)}: {self.triage.rendered(cause)[0]}"
                   if cause is not None else "cause not in the log seen so far")
            out.append(f"{names}: {refused} request(s) refused in 5 min, {why}")
        return out

    def headline(self) -> str:
        now = self.clock()
        counted = self._counted()
        # failures as the batch triage counts them (model_more.FAILURE_KINDS): calls a retry may have rescued
        # are not failures
        failed = [t for _g, kind, tallies in counted if kind in FAILURE_KINDS for t in tallies]
        failures = sum(t.total for t in failed)
        last = sum(t.within(now, 60) for t in failed)
        mb = self.reader.stats.bytes_read / 1e6
        return (f"{self.name}: {mb:.1f} MB read, {failures} failure(s) in {len(counted)} signature(s), "
                f"{last} in the last minute")

    def plain(self) -> str:
        """The periodic summary when stdout is not a terminal (one block, no colour). (A title is masked before it is
        cut: cut first, a known secret's first characters were left without their mask.)"""
        lines = [f"[{datetime.now().strftime('%H:%M:%S')}] {self.headline()}"]
        for r in self.rows()[:SHOWN]:
            where = f" [{', '.join(r.model_groups)}]" if r.model_groups else ""
            lines.append(f"  {_ago(r.ago):>6} ×{r.total:<6} {r.last_minute:>4}/1m {r.per_minute:>7.1f}/min  "
                         f"{_CATEGORY.get(r.category, r.category):<10} {r.kind:<7} {mask(one_line(r.title))[:100]}{one_line(where)}")
        for c in self.cooldowns():
            lines.append(f"  in cooldown: {one_line(c)}")
        return _shown("\n".join(lines))

    def renderable(self, color: bool = True):
        from rich.console import Group
        from rich.table import Table
        from rich.text import Text

        # Every text from the log is a Text (a plain str is read as Rich markup: a log line's `[link=http://…]x[/link]`
        # was a live hyperlink of the view, `[bold red]` a style), masked and sanitised (an escape sequence of the log
        # reached the terminal: the window's title, the screen erased).
        table = Table(title=Text(_shown(self.headline())), expand=True, show_edge=False, pad_edge=False)
        for column, justify in (("seen", "right"), ("total", "right"), ("1 min", "right"), ("/min (5m)", "right"),
                                ("category", "left"), ("kind", "left"), ("failure", "left"), ("model groups", "left")):
            table.add_column(column, justify=justify, no_wrap=column != "failure")
        style = {"auth": "red", "quota_rate": "yellow", "routing": "magenta", "timeout": "cyan", "deployment": "red"}
        for r in self.rows()[:SHOWN]:
            table.add_row(_ago(r.ago), str(r.total), str(r.last_minute), f"{r.per_minute:.1f}",
                          Text(_CATEGORY.get(r.category, r.category), style=style.get(r.category, "") if color else ""),
                          r.kind, Text(_shown(one_line(r.title))), Text(_shown(one_line(", ".join(r.model_groups)))))
        parts = [table]
        for c in self.cooldowns():
            parts.append(Text(_shown(one_line("in cooldown: " + c)), style="bold yellow" if color else ""))
        parts.append(Text("Ctrl-C (or the end of the input) prints the summary", style="dim" if color else ""))
        return Group(*parts)

    def report(self) -> Report:
        from . import build_report

        return build_report(self.triage, self.reader.stats, self.name)


def run_watch(
    stream: BinaryIO,
    *,
    tty: bool,
    interval: float = 30.0,
    out: TextIO | None = None,
    no_color: bool = False,
    rules_dir: str | None = None,
    engine: str | None = None,
    name: str = "stdin",
    window: TimeWindow | None = None,
) -> Report:
    """Show the live view until EOF or Ctrl-C; return the final report (the caller renders it)."""
    import sys

    out = out or sys.stdout
    watch = Watch(stream, rules_dir=rules_dir, engine=engine, name=name, window=window)
    thread = threading.Thread(target=watch.feed, name="log-reader", daemon=True)
    thread.start()
    try:
        if tty:
            from rich.console import Console
            from rich.live import Live

            color = not (no_color or os.environ.get("NO_COLOR"))
            console = Console(file=out, no_color=not color, highlight=False)
            with Live(console=console, auto_refresh=False, transient=True) as live:
                while not watch.done.wait(1.0):
                    with watch.lock:
                        live.update(watch.renderable(color), refresh=True)
        else:
            next_at = time.monotonic() + interval
            while not watch.done.wait(0.5):
                if time.monotonic() >= next_at:
                    with watch.lock:
                        text = watch.plain()
                    out.write(text + "\n\n")
                    out.flush()
                    next_at += interval
    except KeyboardInterrupt:
        pass
    if watch.error is not None:
        raise watch.error
    if watch.done.is_set() and not watch.reader.stats.bytes_read:
        raise InputError(f"{name} is empty")
    with watch.lock:
        return watch.report()


def _shown(text: str) -> str:
    """A text of the live view: masked, no escape sequence or control character, CI runners' commands broken (the
    periodic summary off a terminal is often a CI job's log), as the final report's values are."""
    return value(mask(text))


def _ago(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.0f}s"
    if seconds < 3600:
        return f"{seconds / 60:.0f}m"
    return f"{seconds / 3600:.1f}h"


class FollowFile:
    """`tail -F` of a file for `diagnose --log FILE --follow`: read1 waits for more instead of EOF.

    As `tail -F` does, a file truncated in place (logrotate's `copytruncate`, `> proxy.log`) is read again from its
    start, and a file renamed away with a new one created under its name (logrotate's default, a container runtime's
    rotation) is left for the new one once its last bytes are read. Before, both went silent for good: the old
    descriptor sat past the end of the truncated file, or on the renamed one nobody writes to any more, and `watch`
    showed a calm proxy all through the incident. The new file is opened as the first was (boundedio: a regular file,
    and in CI inside the workspace): a name replaced by a FIFO, a device or a link out of the workspace is not
    followed (the old file is kept, and the name tried again at each poll)."""

    def __init__(self, path: str, poll: float = 0.5, fh: BinaryIO | None = None) -> None:
        self._fh = fh if fh is not None else open(path, "rb")  # noqa: SIM115 - closed by close()
        self._poll = poll
        self._path = path

    def read1(self, n: int = -1) -> bytes:
        while True:
            data = self._fh.read1(n)
            if data:
                return data
            self._reopen_if_rotated()
            data = self._fh.read1(n)
            if data:
                return data
            time.sleep(self._poll)

    def _reopen_if_rotated(self) -> None:
        """At the end of the file: seek to its start if it was truncated, or follow its name to a new file."""
        try:
            mine = os.fstat(self._fh.fileno())
            if mine.st_size < self._fh.tell():
                self._fh.seek(0)  # truncated in place: what is there now is new
                return
            named = os.stat(self._path)
        except (OSError, ValueError):
            return  # renamed away and not created again yet: the old file is read on
        if (named.st_dev, named.st_ino) == (mine.st_dev, mine.st_ino):
            return
        from ..boundedio import open_regular
        from ..errors import InputError

        try:
            fresh = open_regular(self._path, "log")
        except InputError:
            return  # not a regular file (or outside the workspace in CI): not followed
        self._fh.close()
        self._fh = fresh

    read = read1

    def close(self) -> None:
        self._fh.close()


def follow(path: str) -> BinaryIO:
    """What `watch FILE` and `diagnose --log FILE --follow` read. A regular file: followed as `tail -F` follows it.
    A named pipe (`mkfifo`, `<(kubectl logs -f …)`): read as stdin is once something is written to it; until then
    open_input waits as everywhere else a pipe is read (saying so on a terminal) and gives up after
    LITELLM_DOCTOR_STDIN_TIMEOUT (30 s) with one line, exit 2: a CI job is never left hanging on a pipe nobody
    writes to (before, opening it blocked forever, with no word). Once the writer is there, a quiet log is waited
    for as long as it keeps the pipe open (an incident's log can be silent for minutes); its close is the end of
    the input. Anything else (a device, a terminal) is refused as boundedio refuses it."""
    from ..boundedio import is_file, open_input, open_regular

    if is_file(path):
        return FollowFile(path, fh=open_regular(path, "log"))  # type: ignore[return-value]
    reader = open_input(path, "log")  # a FIFO: waits, bounded, for its first bytes; anything else is refused
    fd = getattr(reader, "fd", None)
    if fd is None:  # became a regular file in between (open_input's own file object): followed as one
        return FollowFile(path, fh=reader)  # type: ignore[return-value]
    mine = os.dup(fd)  # TimedReader would end the stream after its idle timeout: a live log may pause longer
    reader.close()
    os.set_blocking(mine, True)
    return os.fdopen(mine, "rb")


__all__ = ["Watch", "run_watch", "FollowFile", "follow"]
