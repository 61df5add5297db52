"""The lab: the real LiteLLM proxy on 127.0.0.1 in front of the fault-injecting upstream.

`Lab` writes a LiteLLM config (one model group per scenario), starts `litellm --config … --host
127.0.0.1 --port <free>` with a master key, no database and `LITELLM_LOCAL_MODEL_COST_MAP=True`,
waits for `/health/liveliness`, and tears everything down. It is used by the pytest session fixture
(tests/lab/conftest.py), by `python tests/lab/capture_fixtures.py` and by benchmarks/probe_speed.py.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from upstream import GOOD_KEY, Upstream, closed_port, make_self_signed  # type: ignore[no-redef]
else:
    from .upstream import GOOD_KEY, Upstream, closed_port, make_self_signed

MASTER_KEY = "sk-lab-master-key-5f3a9c1e7b2d4a60"
WRONG_UPSTREAM_KEY = "sk-lab-wrong-upstream-key-9999999999"
HOST = "127.0.0.1"
# Env vars the config refers to. LD_LAB_UNSET_KEY is never set: that is the scenario.
LAB_ENV = {
    "LD_LAB_MASTER_KEY": MASTER_KEY,
    "LD_LAB_UPSTREAM_KEY": GOOD_KEY,
    "LD_LAB_WRONG_KEY": WRONG_UPSTREAM_KEY,
}
# Variables that would change what the proxy or the OpenAI SDK does, removed from the proxy's env.
_SCRUB = (
    "OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_API_BASE", "LITELLM_MASTER_KEY", "LITELLM_API_KEY", "DATABASE_URL",
    "LD_LAB_UNSET_KEY", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy",
    "REDIS_HOST", "REDIS_URL", "CONFIG_FILE_PATH", "WORKER_CONFIG", "LITELLM_LOG",
)


@dataclass(frozen=True)
class Scenario:
    """One model group of the lab config and what the doctor must make of it."""

    group: str
    model: str  # the upstream model name (picks the fault)
    base: str = "http"  # http | tls | refused | dns
    key: str = "os.environ/LD_LAB_UPSTREAM_KEY"
    extra: tuple[tuple[str, str], ...] = ()  # more litellm_params lines (key, yaml value)
    category: str | None = None  # expected category of a failure; None = healthy


# The lab's model groups, in config order. `extra` values are YAML scalars written as is.
SCENARIOS: tuple[Scenario, ...] = (
    Scenario("healthy", "healthy"),
    Scenario("bad-key", "healthy", key="os.environ/LD_LAB_WRONG_KEY", extra=(("cooldown_time", "0"),), category="auth"),
    Scenario("unset-key", "healthy", key="os.environ/LD_LAB_UNSET_KEY", category="deployment"),
    Scenario("rate-limited", "rate-429", category="quota_rate"),
    Scenario("no-quota", "quota-429", category="quota_rate"),
    Scenario("cooldown-401", "auth-401", extra=(("cooldown_time", "600"),), category="auth"),
    Scenario("model-404", "missing-404", extra=(("cooldown_time", "0"),), category="routing"),
    Scenario("slow-timeout", "slow", extra=(("timeout", "1"),), category="timeout"),
    Scenario("refused", "healthy", base="refused", category="deployment"),
    Scenario("dns-fail", "healthy", base="dns", category="deployment"),
    Scenario("tls-selfsigned", "healthy", base="tls", category="deployment"),
    Scenario("upstream-500", "err-500", category="deployment"),
    Scenario("upstream-503", "err-503", category="deployment"),
    Scenario("conn-reset", "reset", category="deployment"),
    Scenario("html-502", "html-502", category="deployment"),  # 1.108+ scrubs the page to `Error code: 502`
    Scenario("denied-403", "denied-403", category="auth"),  # 1.103 BadRequestError, 1.108+ APIError
    Scenario("tiny-context", "tiny-context"),  # healthy for a short prompt; a long one exceeds its window
)


def free_port(host: str = HOST) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


# The newer LiteLLMs the lab runs, each installed by tests/lab/new_litellm.py into its own venv: the path of
# its `litellm` executable. .ci/run exports both; a version whose variable is unset is skipped.
NEW_LITELLM_ENV = "LITELLM_DOCTOR_LAB_NEW_LITELLM"  # 1.108.14, the newest 1.108.x (long-term support)
NEWEST_LITELLM_ENV = "LITELLM_DOCTOR_LAB_NEWEST_LITELLM"  # 1.110.2, the newest release
PINNED = "pinned"  # the litellm[proxy] of the test extra (1.103.0), in this interpreter
NEW = "new"  # the one NEW_LITELLM_ENV points at
NEWEST = "newest"  # the one NEWEST_LITELLM_ENV points at
LAB_VERSIONS = (PINNED, NEW, NEWEST)
VERSION_ENV = {NEW: NEW_LITELLM_ENV, NEWEST: NEWEST_LITELLM_ENV}


def new_litellm(which: str = NEW) -> str | None:
    path = os.environ.get(VERSION_ENV[which], "").strip()
    return path or None


def litellm_command(which: str = PINNED) -> list[str]:
    """The real `litellm` console script: this interpreter's (not a pyenv shim), else PATH's; for
    `which="new"` / `"newest"` the executable LITELLM_DOCTOR_LAB_NEW(EST)_LITELLM names (run by its own venv's python)."""
    if which in VERSION_ENV:
        path = new_litellm(which)
        if not path or not Path(path).exists():
            raise RuntimeError(f"{VERSION_ENV[which]} does not name a litellm executable (python tests/lab/new_litellm.py VENV VERSION)")
        return [path]
    local = Path(sys.prefix) / "bin" / "litellm"
    if local.exists():
        return [sys.executable, str(local)]
    found = shutil.which("litellm")
    if not found:
        raise RuntimeError("the `litellm` command is not installed (pip install 'litellm[proxy]==1.103.0')")
    return [found]


def render_config(
    scenarios: tuple[Scenario, ...] | list[Scenario],
    bases: dict[str, str],
    *,
    master_key_ref: str = "os.environ/LD_LAB_MASTER_KEY",
    num_retries: int = 0,
    router_extra: tuple[str, ...] = (),
    litellm_settings: tuple[str, ...] = (),
    general_settings: tuple[str, ...] = (),
    sections: tuple[str, ...] = (),
) -> str:
    lines = ["# litellm-doctor lab: one model group per scenario (tests/lab/lab.py)", "model_list:"]
    for s in scenarios:
        lines += [
            f"  - model_name: {s.group}",
            "    litellm_params:",
            f"      model: openai/{s.model}",
            f"      api_base: {bases[s.base]}",
            f"      api_key: {s.key}",
        ]
        lines += [f"      {k}: {v}" for k, v in s.extra]
    lines += [
        "",
        "router_settings:",
        f"  num_retries: {num_retries}",
        *(f"  {line}" for line in router_extra),
        "",
        *(["litellm_settings:", *(f"  {line}" for line in litellm_settings), ""] if litellm_settings else []),
        "general_settings:",
        f"  master_key: {master_key_ref}",
        *(f"  {line}" for line in general_settings),
        "",
        *sections,  # more top-level sections as written (mcp_servers, guardrails: tests/corpus/surface_capture.py)
    ]
    return "\n".join(lines)


@dataclass
class Lab:
    """Start with `with Lab() as lab:`; `lab.url`, `lab.config_path`, `lab.line_of(group)`."""

    scenarios: tuple[Scenario, ...] = SCENARIOS
    workdir: Path | None = None
    which: str = PINNED  # which LiteLLM runs the proxy (LAB_VERSIONS)
    litellm_version: str = ""  # what the running proxy says it is (/health/readiness)
    start_timeout: float = 120.0
    upstream: Upstream | None = None
    proxy: subprocess.Popen | None = None
    port: int = 0
    config_path: Path = field(default=Path())
    cert_path: Path = field(default=Path())
    log_path: Path = field(default=Path())
    refused_port: int = 0
    startup_seconds: float = 0.0
    # The fleet lab (tests/lab/test_fleet_lab.py): replicas share one upstream (so their deployments get
    # the same ids), may add router_settings lines (Redis), override env vars (another master key) and
    # run another LiteLLM (the `litellm` console script of another venv).
    shared_upstream: Upstream | None = None
    router_extra: tuple[str, ...] = ()
    litellm_settings: tuple[str, ...] = ()
    general_settings: tuple[str, ...] = ()  # more general_settings lines (pass-through routes, JWT auth)
    sections: tuple[str, ...] = ()  # more top-level YAML lines (mcp_servers, guardrails)
    extra_env: dict[str, str] = field(default_factory=dict)
    litellm: list[str] | None = None
    _tmp: tempfile.TemporaryDirectory | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def env(self) -> dict[str, str]:
        """The environment the proxy runs with (and that a doctor run in the lab should get)."""
        env = {k: v for k, v in os.environ.items() if k not in _SCRUB}
        env.update(LAB_ENV)
        env.update(self.extra_env)
        env["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
        env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
        env.setdefault("PYTHONUNBUFFERED", "1")
        return env

    def start(self) -> "Lab":
        if self.workdir is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="ld-lab-")
            self.workdir = Path(self._tmp.name)
        self.workdir.mkdir(parents=True, exist_ok=True)
        if self.shared_upstream is not None:
            self.upstream = self.shared_upstream
        else:
            self.cert_path, key_path = make_self_signed(self.workdir / "tls")
            self.upstream = Upstream(HOST, tls_cert=self.cert_path, tls_key=key_path).start()
        self.refused_port = closed_port(HOST)
        bases = {
            "http": self.upstream.base_url,
            "tls": self.upstream.tls_base_url,
            "refused": f"http://{HOST}:{self.refused_port}/v1",
            "dns": "http://upstream.invalid/v1",
        }
        self.config_path = self.workdir / "config.yaml"
        self.config_path.write_text(render_config(
            self.scenarios, bases, router_extra=self.router_extra, litellm_settings=self.litellm_settings,
            general_settings=self.general_settings, sections=self.sections,
        ))
        self.port = free_port()
        self.log_path = self.workdir / "proxy.log"
        log = open(self.log_path, "wb")
        started = time.monotonic()
        self.proxy = subprocess.Popen(
            [*(self.litellm or (litellm_command() if self.which == PINNED else litellm_command(self.which))), "--config", str(self.config_path), "--host", HOST, "--port", str(self.port), "--num_workers", "1"],
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=str(self.workdir),
            start_new_session=True,  # its own process group: stop() ends the proxy and its children only
        )
        log.close()
        try:
            self._wait_alive(started)
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.monotonic() - started
        self.litellm_version = self._read_version()
        return self

    def _read_version(self) -> str:
        # /health/readiness carries litellm_version up to 1.10x; 1.108 moved it to /health/readiness/details.
        for path in ("/health/readiness", "/health/readiness/details"):
            try:
                _, body, _ = self.request("GET", path, key=MASTER_KEY, timeout=10)
            except OSError:
                continue
            if isinstance(body, dict) and body.get("litellm_version"):
                return str(body["litellm_version"])
        return ""

    def _wait_alive(self, started: float) -> None:
        deadline = started + self.start_timeout
        while time.monotonic() < deadline:
            if self.proxy is not None and self.proxy.poll() is not None:
                raise RuntimeError(f"the LiteLLM proxy exited with {self.proxy.returncode}:\n{self.log_tail()}")
            try:
                status, body, _ = self.request("GET", "/health/liveliness", timeout=2)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.25)
        raise RuntimeError(f"the LiteLLM proxy did not answer /health/liveliness in {self.start_timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proxy is not None and self.proxy.poll() is None:
            try:
                os.killpg(self.proxy.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proxy.wait(10)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.proxy.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proxy.wait(5)
        self.proxy = None
        if self.upstream is not None and self.upstream is not self.shared_upstream:
            self.upstream.stop()
        self.upstream = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> "Lab":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- helpers for tests ------------------------------------------------------------------------
    def request(
        self, method: str, path: str, body: dict | None = None, *, key: str | None = None, timeout: float = 30,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, object, dict[str, str]]:
        """One plain HTTP request to the proxy (stdlib): status, parsed JSON (or text), headers."""
        conn = http.client.HTTPConnection(HOST, self.port, timeout=timeout)
        try:
            hdrs = {"content-type": "application/json", **(headers or {})}
            if key is not None:
                hdrs["authorization"] = f"Bearer {key}"
            conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=hdrs)
            resp = conn.getresponse()
            raw = resp.read()
            try:
                parsed: object = json.loads(raw)
            except ValueError:
                parsed = raw.decode("utf-8", "replace")
            return resp.status, parsed, {k.lower(): v for k, v in resp.getheaders()}
        finally:
            conn.close()

    def chat(self, model: str, *, key: str | None = MASTER_KEY, content: str = "ping", timeout: float = 30):
        return self.request(
            "POST", "/chat/completions",
            {"model": model, "messages": [{"role": "user", "content": content}], "max_tokens": 1},
            key=key, timeout=timeout,
        )

    def planned_request(self, target: str) -> int:
        """One request of a fault plan, as the log tests plant them; returns the HTTP status. `target` is
        a model group (`group#label` counts the same group under another label), `@not-in-model-list`
        (a model the proxy does not know) or `@wrong-key` (a key that is not the master key)."""
        if target == "@not-in-model-list":
            status, _, _ = self.chat("not-in-model-list")
        elif target == "@wrong-key":
            status, _, _ = self.chat("healthy", key="sk-not-the-master-key-1234")
        else:
            status, _, _ = self.chat(target.split("#")[0])
        return status

    def param_line(self, group: str, key: str) -> int:
        """1-based line of `<key>:` in the litellm_params of `group` in the written config."""
        lines = self.config_path.read_text().splitlines()
        start = self.line_of(group)
        for n in range(start, len(lines)):
            text = lines[n].strip()
            if text.startswith("- model_name:"):
                break
            if text.startswith(f"{key}:"):
                return n + 1
        raise KeyError(f"{group}.{key}")

    def line_of(self, group: str) -> int:
        """1-based line of `- model_name: <group>` in the written config."""
        for n, line in enumerate(self.config_path.read_text().splitlines(), 1):
            if line.strip() == f"- model_name: {group}":
                return n
        raise KeyError(group)
