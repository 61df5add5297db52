"""A number of seconds from the user (an option, a settings file, an environment variable), checked
where it enters: `nan` and `inf` parse as floats but bound nothing (`--interval inf` never refreshed,
`--client-timeout nan` silently turned the retry arithmetic off, `LITELLM_DOCTOR_STDIN_TIMEOUT=abc`
was an internal error at import), so each is refused with one line (exit 2)."""

from __future__ import annotations

import math

from .errors import InputError

MAX_SECONDS = 24 * 3600.0
CLIENT_TIMEOUT_MAX = 10 * 365 * 86400.0  # a client's own timeout (--client-timeout, client-timeout:)


def seconds(value: object, what: str, maximum: float = MAX_SECONDS) -> float:
    """`value` as a finite number of seconds in (0, maximum]; InputError naming `what` otherwise."""
    try:
        number = float(value) if not isinstance(value, bool) else math.nan  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        number = math.nan
    if not math.isfinite(number) or not 0 < number <= maximum:
        shown = str(value)[:40]
        raise InputError(f"{what} must be a number of seconds above 0 and at most {maximum:.0f} (got {shown!r})")
    return number
