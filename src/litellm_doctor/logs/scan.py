"""The multi-pattern prefilter: where in a chunk of log could a failure be?

Almost every line of a proxy log is a success (an access line with 200, an INFO line); the triage only
looks at the few places where one of a handful of literals occurs (`ERROR`, `CRITICAL`, `WARNING`, an
exception's `Error: ` or `litellm.Timeout`, `Falling back to model_group`, an access line's
`" 4xx`/`" 5xx`, a `Traceback`, the proxy's `Exception occured`). Two engines give the same positions:

- Hyperscan (`pip install 'litellm-doctor[fast]'`), when importable: one pass over the chunk for all the
  literals at several GB/s.
- otherwise one C-level pass per group of literals (pure Python, 5 passes, ~600 MB/s): `re` searches
  with a literal first byte and a `bytes.find` loop (see PY_PROBES).

`LITELLM_DOCTOR_LOG_ENGINE=python|hyperscan` forces one (tests and benchmarks use it). Google's RE2
was measured too (a `re2` set or alternation runs at ~250 MB/s here, slower than the `find`s), so it is
not used. The prefilter only narrows where to look: every hit is checked by the reader, and a place
that is not a failure costs a few microseconds.
"""

from __future__ import annotations

import os
import re

from ..regexcache import rx

# Literal byte strings; a failure record of any shape the reader understands contains one of them.
LITERALS: tuple[bytes, ...] = (
    b"ERROR",  # `- LiteLLM Proxy:ERROR: `, uvicorn `ERROR:    `, JSON `"level": "ERROR"`, an app's `- ERROR -`
    b"CRITICAL",
    b"WARNING",
    b"Error: ",  # an exception's text: the SDK's `litellm.RateLimitError: ...` (bare, in an app's line, or the
    #              Router's failed-call line `... Exception litellm.XError: ...`), a traceback's last line
    b"litellm.Timeout",  # the one LiteLLM exception whose name does not end in Error
    b"Falling back to model_group",
    b"Successful fallback b/w models",
    b'" 4',  # access line with a 4xx status (plain `... HTTP/1.1" 401 Unauthorized`, JSON `...\" 401"`)
    b'" 5',
    b"Traceback (most recent call last)",
    b"Exception occured",  # the proxy's request failure (LiteLLM's spelling) when a shipper cut the level
)

# winston's lowercase level (LibreChat, Continue's cn: applines.py), whose records may quote only the proxy's words
# (`400 No connected db.`): LibreChat's console (its level coloured), cn.log, their JSON records, and cn's `Last
# error: ` / `Non-retryable LLM API error: ` on stderr. Looked for only in a log whose start shows such lines
# (reader._sample): every extra pass of the pure-Python engine costs as much as any other (~0.3-0.7 ms/MB,
# ~20-40% of the prefilter, measured on the benchmark log), and a proxy log has none of them. OpenHands' event
# record of a failure (`ErrorObservation`, whose text may be only a status id: appevents.py) likewise, for a log
# whose start shows OpenHands' console lines: in Hyperscan's set it cost ~15% of the scan of every log (one more
# literal sharing `Error` with `Error: `; 0.50x -> 0.47x of grep on the benchmark log).
APP_LITERALS: tuple[bytes, ...] = (b"error: ", b"error\x1b[39m: ", b"error]: ", b'"level":"error"', b"ErrorObservation")

# LiteLLM's CLI `print()`s why the proxy cannot set its database up, then exits (proxy_cli.py: 1.110.2 1548, 1680,
# 1687, 1697, 1710; 1.103.0 1272, 1369, 1377, 1388, 1399): red (`\x1b[1;31m`, always in 1.103, on a terminal in
# 1.110.2), with no level and mostly no `Error: `, so LITERALS miss them. Looked for only in a log whose start shows
# one (reader._sample), as APP_LITERALS are: the proxy exits after printing one, so they are a failed start's, at the
# start of its log (a crash loop's log repeats them run after run); a log whose start shows none pays nothing, where a
# pass of the pure-Python engine over every log would cost ~20-40% of the prefilter (above). A failed restart deep in a
# long log is not seen.
DB_SETUP_LITERALS: tuple[bytes, ...] = (
    b"Database migration cannot proceed", b"Database setup failed after multiple retries",
    b"prisma CLI is neither on PATH", b"_URL uses unsupported scheme", b"in-container pgbouncer could not start",
)
# The sentences above in one pattern: the pure-Python engine's pass (reader._DB_SETUP_LINE, as lines start, is derived
# from them too).
DB_SETUP = b"|".join(re.escape(literal) for literal in DB_SETUP_LITERALS)
DB_SETUP_PROBES: tuple[re.Pattern[bytes], ...] = (rx(DB_SETUP),)

# The same literals for the pure-Python engine, grouped so that each pass over the data is as fast as
# it can be. `re` searches a pattern's literal prefix with a tight C loop (one byte at a time, ~3 GB/s
# whatever the byte), and tries the rest of the pattern only where that prefix occurs; a branch at the
# start of a pattern loses that loop (a character-class scan, 20x slower). So literals that share a
# first byte, or a rare run of bytes, go in one pattern, each alternative checked whole by a fixed-width
# look-behind (`NING(?<=WARNING)`): ERROR, `Error: ` and `Exception occured` share `E`; WARNING and
# CRITICAL an `R`; the three long literals ending in `back ...` the rare `back `. `bytes.find` skips
# on a needle's last byte, slow for a short needle ending in a digit or a common letter, so only
# `litellm.Timeout` is left to it. Measured on the benchmark log: 11 `find` loops 6.9 ms/MB, 8 passes
# ~2 ms/MB, these 5 passes ~1.6 ms/MB (20-25% less than the 8, side by side). Tests check they hit the
# same lines as LITERALS.
PY_PROBES: tuple[bytes | re.Pattern[bytes], ...] = (
    rx(rb"E(?:RROR|rror: |xception occured)"),
    rx(rb'" [45]'),
    rx(rb"R(?:NING(?<=WARNING)|ITICAL(?<=CRITICAL))"),
    rx(rb"back (?:\(most recent call last\)(?<=Traceback \(most recent call last\))"
               rb"|to model_group(?<=Falling back to model_group)|b/w models(?<=Successful fallback b/w models))"),
    b"litellm.Timeout",
)
# APP_LITERALS in one pass: `rror` then what ends the level, each checked whole (measured 0.7 ms/MB against 1.2 for
# a pattern starting `error`, and 12 for one anchored on the `: `).
APP_PROBES: tuple[re.Pattern[bytes], ...] = (
    rx(rb'rror(?:: (?<=error: )|\]: (?<=error\]: )|\x1b\[39m: (?<=error\x1b\[39m: )|"(?<="level":"error")'
               rb'|Observation(?<=ErrorObservation))'),
)


class LiteralScanner:
    """Pure Python: one C-level pass per probe (a `bytes.find` loop or a `re` search), positions merged
    and sorted."""

    name = "python"
    apps = False  # looking for APP_LITERALS too
    db_setup = False  # looking for DB_SETUP_LITERALS too

    def __init__(self, probes: tuple[bytes | re.Pattern[bytes], ...] = PY_PROBES) -> None:
        self.probes = probes

    def hits(self, data: bytes, limit: int, start: int = 0) -> list[int]:
        """Sorted positions in data[start:limit] where a literal occurs."""
        out: list[int] = []
        add = out.append
        find = data.find
        for probe in self.probes:
            if isinstance(probe, bytes):
                p = find(probe, start, limit)
                while p >= 0:
                    add(p)
                    p = find(probe, p + 1, limit)
            else:
                out.extend(m.start() for m in probe.finditer(data, start, limit))
        out.sort()
        return out


class HyperscanScanner:
    """All literals in one pass with Hyperscan (block mode); positions are match ends."""

    name = "hyperscan"
    apps = False
    db_setup = False

    def __init__(self, literals: tuple[bytes, ...] = LITERALS) -> None:
        import hyperscan  # noqa: PLC0415 - optional dependency

        self._db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        self._db.compile(expressions=list(literals), ids=list(range(len(literals))), flags=[0] * len(literals), literal=True)

    def hits(self, data: bytes, limit: int, start: int = 0) -> list[int]:
        out: list[int] = []
        add = out.append
        if start or limit < len(data):
            data = memoryview(data)[start:limit]  # type: ignore[assignment]
        last = start - 1

        def on_match(_id: int, _from: int, to: int, _flags: int, _ctx: object) -> None:
            add(to + last)  # any position inside the line will do: the reader looks at the whole line

        self._db.scan(data, match_event_handler=on_match)
        out.sort()
        return out


def make_scanner(engine: str | None = None, apps: bool = False, db_setup: bool = False):
    """The fastest engine available, or the one `engine` / LITELLM_DOCTOR_LOG_ENGINE names; with `apps`, also
    looking for APP_LITERALS; with `db_setup`, for DB_SETUP_LITERALS."""
    choice = (engine or os.environ.get("LITELLM_DOCTOR_LOG_ENGINE") or "auto").lower()
    scanner: LiteralScanner | HyperscanScanner | None = None
    if choice in ("auto", "hyperscan"):
        try:
            scanner = HyperscanScanner(LITERALS + (APP_LITERALS if apps else ()) + (DB_SETUP_LITERALS if db_setup else ()))
        except Exception:  # noqa: BLE001 - not installed, or no usable CPU support: fall back
            if choice == "hyperscan":
                raise
    if scanner is None:
        scanner = LiteralScanner(PY_PROBES + (APP_PROBES if apps else ()) + (DB_SETUP_PROBES if db_setup else ()))
    scanner.apps = apps
    scanner.db_setup = db_setup
    return scanner
