"""What a probe run may do, and where its key comes from. No network, no heavy import here."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable, Mapping

from ..errors import DoctorError
from ..masking import register
from ..model import ProbeResult

DEFAULT_DEADLINE = 30.0  # seconds for the whole run (`--timeout`)
DEFAULT_PROBE_TIMEOUT = 15.0  # seconds for one probe, never beyond the deadline
DEFAULT_CONCURRENCY = 64  # probes in flight at once (a proxy's own /health runs them all at once)
KEY_ENV_DEFAULTS = ("LITELLM_API_KEY", "LITELLM_MASTER_KEY")


class ProbeUsageError(DoctorError):
    """A probe option cannot be used (exit 2)."""


@dataclass(frozen=True)
class ProbeOptions:
    """Everything a probe run is allowed to do. The key is never part of repr() or of any output."""

    deep: bool = False  # one `max_tokens: 1` completion per model group through the proxy (billable)
    direct: bool = False  # and the same straight to the provider through litellm (billable)
    key: str | None = field(default=None, repr=False)
    key_source: str | None = None  # "--key-env NAME", "LITELLM_API_KEY", …: shown instead of the key
    deadline: float = DEFAULT_DEADLINE
    probe_timeout: float = DEFAULT_PROBE_TIMEOUT
    ca_bundle: str | None = None  # extra CA certificates (PEM) trusted on top of the system's
    concurrency: int = DEFAULT_CONCURRENCY
    # Model groups to probe when deep: None = every group of the config (plus `extra_models`).
    only_models: tuple[str, ...] | None = None
    # Model names to probe although the config does not list them (e.g. the one a pasted error names).
    extra_models: tuple[str, ...] = ()
    # Called with each finished probe (progress display); must not raise.
    on_result: Callable[[ProbeResult], None] | None = field(default=None, compare=False, repr=False)
    # Called once with the number of probes planned so far (progress display).
    on_plan: Callable[[int], None] | None = field(default=None, compare=False, repr=False)
    # Called when a probe starts, with its index, id and target (the display shows what is in flight).
    on_start: Callable[[int, str, str], None] | None = field(default=None, compare=False, repr=False)
    # Called once when the run only waits for answers (the deep completions are in flight): a moment
    # for CPU work needed after the run, such as loading the rule library (probe.startup.Background).
    on_waiting: Callable[[], None] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.deadline <= 0:
            raise ProbeUsageError("--timeout must be a positive number of seconds")
        if self.probe_timeout <= 0:
            raise ProbeUsageError("the per-probe timeout must be positive")
        if self.concurrency < 1:
            raise ProbeUsageError("concurrency must be at least 1")
        if self.ca_bundle is not None and not os.path.isfile(self.ca_bundle):
            raise ProbeUsageError(f"--ca-bundle {self.ca_bundle}: no such file")
        if self.direct and not self.deep:
            # --direct is a second opinion on the deep completions; it implies them.
            object.__setattr__(self, "deep", True)


def resolve_key(key_env: str | None = None, environ: Mapping[str, str] | None = None) -> tuple[str | None, str | None]:
    """The proxy key and where it came from: `--key-env NAME`, else LITELLM_API_KEY, else LITELLM_MASTER_KEY."""
    env = os.environ if environ is None else environ
    if key_env:
        value = env.get(key_env)
        if not value:
            raise ProbeUsageError(f"--key-env {key_env}: the environment variable {key_env} is not set or empty")
        register(value)
        return value.strip(), f"--key-env {key_env}"
    for name in KEY_ENV_DEFAULTS:
        value = env.get(name)
        if value:
            register(value)
            return value.strip(), name
    return None, None
