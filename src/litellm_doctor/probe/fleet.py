"""Several replicas of one LiteLLM proxy, probed directly and compared (`probe --proxy A --proxy B …`).

Each replica gets the ordinary probe run of `engine.Runner` (same client, timeouts, deadline, masking),
plus three answers only a fleet comparison needs: `/model/info` (the deployment ids: LiteLLM derives an
id from a deployment's litellm_params, so a different id means a different config), `/cache/ping` (does
the replica reach its Redis) and `/health/deployment_warnings` (where the proxy version has it). The
replicas run concurrently in one event loop (`engine.execute_together`), FLEET_CONCURRENCY at a time;
`fleet_findings.compare` then names the odd replica out.

`--fleet NAME:PORT` expands a DNS name to every address it has (a headless Kubernetes Service answers
with one address per ready pod), using the resolver only: no cluster credentials, no Kubernetes API.

`repeat` sends the same cheap probes N times through one address (a load balancer) and reports the
answers that differ between attempts: what one bad replica looks like from outside.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

from ..masking import mask
from ..model import Report
from .engine import SENDING_WAIT_MAX, Answer, Runner, _error_message, clip, execute_together, proxy_base
from .options import ProbeOptions, ProbeUsageError
from .targets import Targets

FLEET_CONCURRENCY = 8  # replicas probed at once (each with the engine's own bound on probes in flight)
MAX_REPLICAS = 64
MAX_REPEAT = 100


@dataclass
class Replica:
    """What one replica answered: the run of the engine plus the fleet-only answers."""

    url: str
    label: str  # host:port, how findings and the table name it
    run: Any = None  # engine.ProbeRun
    report: Report | None = None
    readiness: dict[str, Any] = field(default_factory=dict)  # /health/readiness (+ /details with a key)
    readiness_status: int | None = None
    deployments: dict[str, tuple[str, ...]] | None = None  # group -> sorted model_info ids
    warnings: list[str] | None = None  # None: the proxy has no /health/deployment_warnings
    cache_ping: str | None = None  # "ok" | "unreachable" | "none" (no cache) | None (not asked)
    cache_error: str = ""
    key_status: int | None = None  # HTTP status of /v1/models with the key

    @property
    def reachable(self) -> bool:
        return bool(self.run is not None and self.run.proxy_reachable)

    @property
    def version(self) -> str | None:
        value = self.readiness.get("litellm_version") or (self.run.facts.get("litellm_version") if self.run else None)
        return str(value) if value else None

    @property
    def served(self) -> tuple[str, ...] | None:
        models = self.run.served_models if self.run is not None else None
        return tuple(models) if models is not None else None

    @property
    def key_accepted(self) -> bool | None:
        return self.run.key_accepted if self.run is not None else None

    @property
    def cache(self) -> str | None:
        """The cache type the replica reports (`redis`, `local`, …), None when it has none or did not say."""
        value = self.readiness.get("cache")
        if isinstance(value, dict):
            value = value.get("type")
        return str(value) if value else None

    def group_status(self, group: str) -> str:
        state = self.run.groups.get(group) if self.run is not None else None
        return state.status if state is not None else "skip"


class ReplicaRunner(Runner):
    """The engine's run, plus the answers a fleet comparison needs. Nothing else changes."""

    def __init__(self, replica: Replica, targets: Targets, options: ProbeOptions, *, upstreams: bool, ssl: Any = None) -> None:
        super().__init__(replica.url, targets, options, ssl)
        self.replica = replica
        self._upstreams = upstreams
        self.batch: list[ReplicaRunner] = [self]  # the replicas probed at the same time (run_replicas)

    async def _fetch(self, method: str, url: str, **kwargs: Any) -> Answer:
        answer = await super()._fetch(method, url, **kwargs)
        # The engine keeps only db and version of the readiness answer; a fleet compares the cache too.
        path = urlsplit(url).path
        if path.endswith(("/health/readiness", "/health/readiness/details")) and answer.status_code == 200:
            try:
                data = answer.json()
            except ValueError:
                data = None
            if isinstance(data, dict):
                merged = {**data, **self.replica.readiness} if path.endswith("/details") else {**self.replica.readiness, **data}
                self.replica.readiness = merged
        if path.endswith("/health/readiness"):
            self.replica.readiness_status = answer.status_code
        return answer

    async def _all_sent(self) -> None:
        # What decides nothing the completions need waits for every replica's completions, not only
        # this one's: a replica done sending early sent its readiness, stages and fleet requests
        # while the others were still sending, and their CPU (here and at the proxies) delayed the
        # last replica's completions by ~0.2 s (5 replicas x 20 groups). A replica that hangs holds
        # the others' for SENDING_WAIT_MAX after the start at most.
        await self.sending_done.wait()
        others = [r.sending_done.wait() for r in self.batch if r is not self]
        limit = max(0.0, SENDING_WAIT_MAX - (time.monotonic() - self._t0))
        try:
            await asyncio.wait_for(asyncio.gather(*others), limit)
        except asyncio.TimeoutError:
            pass

    async def _upstream(self, base: str) -> None:
        # The upstreams are the same for every replica: one replica's run probes them.
        if self._upstreams:
            await super()._upstream(base)

    async def _groups(self) -> None:
        # The fleet-only answers come once every completion is sent (or when there are none): they
        # decide nothing the completions need, and /model/info costs the proxy real CPU (it looks up
        # every deployment's model info), which would slow the proxy's handling of the completions if
        # it ran beside it; once they are sent, the proxy only waits for the upstream, and the answers
        # fit in that wait instead of adding a round trip after the last completion. The cache ping
        # needs the readiness details (is there a cache at all).
        groups = asyncio.ensure_future(super()._groups())
        try:
            await self._all_sent()
            if self._readiness_task is not None:
                await self._readiness_task
            await self._fleet_answers()
            await groups
        finally:
            if not groups.done():
                groups.cancel()

    async def _get(self, path: str) -> Answer | None:
        try:
            assert self._sem is not None
            async with self._sem:
                return await self._timed(self._fetch("GET", f"{self.run.proxy_url}{path}", headers=self._auth()))
        except (asyncio.TimeoutError, Exception):  # noqa: BLE001 - recorded as a failed probe by the caller
            return None

    async def _fleet_answers(self) -> None:
        await asyncio.gather(self._model_info(), self._cache_ping(), self._deployment_warnings())

    async def _model_info(self) -> None:
        index = self._begin("fleet.model_info", f"{self.run.proxy_url}/model/info")
        answer = await self._get("/model/info")
        if answer is None or answer.status_code != 200:
            status = "no answer" if answer is None else f"{answer.status_code} {clip(_error_message(answer.text), 120)}"
            self._end(index, "skip" if answer is not None and 400 <= answer.status_code < 500 else "fail", status)
            return
        try:
            data = answer.json().get("data", [])
        except (ValueError, AttributeError):
            self._end(index, "fail", "the answer is not a model list")
            return
        ids: dict[str, list[str]] = {}
        for entry in data if isinstance(data, list) else []:
            if not isinstance(entry, dict):
                continue
            info = entry.get("model_info") if isinstance(entry.get("model_info"), dict) else {}
            ids.setdefault(str(entry.get("model_name")), []).append(str(info.get("id")))
        self.replica.deployments = {g: tuple(sorted(v)) for g, v in ids.items()}
        self._end(index, "pass", f"{sum(len(v) for v in ids.values())} deployment(s) in {len(ids)} group(s)")

    async def _cache_ping(self) -> None:
        if "cache" in self.replica.readiness and not self.replica.readiness["cache"]:
            self.replica.cache_ping = "none"  # the readiness details say there is no cache: nothing to ping
            return
        index = self._begin("fleet.cache", f"{self.run.proxy_url}/cache/ping")
        answer = await self._get("/cache/ping")
        if answer is None:
            self.replica.cache_ping = None
            self._end(index, "fail", "no answer")
            return
        text = mask(answer.text[:2000])
        if answer.status_code == 200:
            self.replica.cache_ping = "ok"
            try:
                kind = answer.json().get("cache_type", "?")
            except (ValueError, AttributeError):
                kind = "?"
            self._end(index, "pass", f"cache {kind} answers")
        elif "Cache not initialized" in text:
            self.replica.cache_ping = "none"
            self._end(index, "skip", "no cache configured (litellm.cache is None)")
        elif answer.status_code < 500:
            # 400/401/403: the key is refused (the key probe says so) or may not ping the cache.
            self._end(index, "skip", f"{answer.status_code} {clip(_error_message(text), 120)}")
        else:
            self.replica.cache_ping = "unreachable"
            self.replica.cache_error = clip(_error_message(text), 160)
            self._end(index, "fail", f"{answer.status_code} the cache does not answer: {self.replica.cache_error}")

    async def _deployment_warnings(self) -> None:
        answer = await self._get("/health/deployment_warnings")
        if answer is None or answer.status_code in (404, 405):
            return  # older proxies do not have it: nothing to compare
        index = self._begin("fleet.warnings", f"{self.run.proxy_url}/health/deployment_warnings")
        if answer.status_code != 200:
            self._end(index, "skip", f"{answer.status_code} {clip(_error_message(answer.text), 120)}")
            return
        try:
            data = answer.json()
        except ValueError:
            self._end(index, "skip", "the answer is not JSON")
            return
        # {"warnings": [{"id": "no_redis", "severity": "warning", "ignore": null}, ...], "ignore_available": bool}
        items = data.get("warnings") if isinstance(data, dict) else None
        warnings = []
        for w in items if isinstance(items, list) else []:
            if isinstance(w, dict):
                if w.get("ignore"):
                    continue  # an admin ignored or snoozed it
                warnings.append(mask(clip(f"{w.get('id')} ({w.get('severity', '?')})", 120)))
            elif w:
                warnings.append(mask(clip(str(w), 120)))
        self.replica.warnings = warnings
        self._end(index, "pass" if not warnings else "fail", f"{len(warnings)} warning(s)" + (f": {warnings[0]}" if warnings else ""))


# -- the replicas ---------------------------------------------------------------------------------
def replica_label(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or url
    host = f"[{host}]" if ":" in host else host
    return f"{host}:{parts.port}" if parts.port else host


def expand_fleet(spec: str, *, timeout: float = 5.0) -> list[str]:
    """`NAME:PORT` (or `http(s)://NAME:PORT`) → one base URL per address NAME resolves to."""
    text = spec.strip()
    scheme = "http"
    if "://" in text:
        scheme, _, text = text.partition("://")
        if scheme not in ("http", "https"):
            raise ProbeUsageError(f"--fleet {mask(spec)}: use NAME:PORT or http(s)://NAME:PORT")
    text = text.rstrip("/")
    host, sep, port_text = text.rpartition(":")
    if not sep or not host or not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ProbeUsageError(f"--fleet {mask(spec)}: use NAME:PORT, e.g. --fleet litellm-headless.llm.svc.cluster.local:4000")
    host = host.strip("[]")
    infos: list[Any] = []
    errors: list[BaseException] = []

    def lookup() -> None:
        try:
            infos.extend(socket.getaddrinfo(host, int(port_text), type=socket.SOCK_STREAM))
        except (OSError, ValueError) as exc:  # (a label over 63 characters: idna's UnicodeError; a NUL: ValueError)
            errors.append(exc)

    # The resolver cannot be interrupted; a hung lookup is abandoned in its daemon thread.
    thread = threading.Thread(target=lookup, name="litellm-doctor-fleet-dns", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise ProbeUsageError(f"--fleet {mask(spec)}: resolving {host} took more than {timeout:g} s")
    if errors:
        raise ProbeUsageError(f"--fleet {mask(spec)}: cannot resolve {host}: {errors[0]}")
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise ProbeUsageError(f"--fleet {mask(spec)}: {host} has no address")
    return [f"{scheme}://{f'[{a}]' if ':' in a else a}:{port_text}" for a in addresses[:MAX_REPLICAS]]


def replica_urls(proxies: list[str] | tuple[str, ...]) -> list[str]:
    """The replicas' base URLs, checked and without duplicates (order kept)."""
    urls: list[str] = []
    for proxy in proxies:
        try:
            base = proxy_base(proxy)
        except ValueError as exc:
            raise ProbeUsageError(str(exc)) from None
        if base not in urls:
            urls.append(base)
    if len(urls) > MAX_REPLICAS:
        raise ProbeUsageError(f"at most {MAX_REPLICAS} replicas at once ({len(urls)} given)")
    return urls


class _PlanTotal:
    """One progress display for several runs: the planned totals of the runs add up."""

    def __init__(self, on_plan: Any) -> None:
        self._on_plan = on_plan
        self._totals: dict[int, int] = {}
        self._lock = threading.Lock()

    def for_run(self, n: int) -> Any:
        if self._on_plan is None:
            return None

        def on_plan(total: int) -> None:
            with self._lock:
                self._totals[n] = total
                overall = sum(self._totals.values())
            self._on_plan(overall)

        return on_plan


def run_replicas(urls: list[str], targets: Targets, options: ProbeOptions, rules: Any, command: str = "probe") -> list[Replica]:
    """Probe every replica (at most FLEET_CONCURRENCY at once); each gets its own Report too.

    `rules`: a function returning the rule library, called once a replica's run is over (it may wait
    for a background load, see `_classifier`)."""
    from .engine import tls_context

    plan = _PlanTotal(options.on_plan)
    replicas = [Replica(url=u, label=replica_label(u)) for u in urls]
    shared_ssl = tls_context(urls, targets, options)

    # The upstreams' stages and the direct calls do not go through a replica: the first run makes them, once (a
    # direct call is billable, and N replicas or --repeat N would pay it N times for the same answer).
    runners = [
        ReplicaRunner(replica, targets, replace(options, on_plan=plan.for_run(n), direct=options.direct and n == 0),
                      upstreams=n == 0, ssl=shared_ssl)
        for n, replica in enumerate(replicas)
    ]
    for first in range(0, len(runners), FLEET_CONCURRENCY):
        batch = runners[first : first + FLEET_CONCURRENCY]
        for runner in batch:
            runner.batch = batch
        for runner, run in zip(batch, execute_together(batch)):
            runner.replica.run = run
    if options.direct:
        _share_direct(replicas[0].run, [r.run for r in replicas[1:]])
    from .verdict import build_report

    library = rules()
    for replica in replicas:
        replica.key_status = next((f.status for f in replica.run.failures if f.probe_id == "proxy.key"), None)
        if replica.run.key_accepted:
            replica.key_status = 200
        replica.report = build_report(replica.run, rules=library, command=command)
    return replicas


def _share_direct(first: Any, others: list[Any]) -> None:
    """The first run's direct calls answer for every replica (they never go through one): each replica's
    verdict says, as the first's does, whether the provider fails when called directly."""
    if first is None:
        return
    direct = [f for f in first.failures if f.scope == "direct"]
    for run in others:
        if run is None:
            continue
        run.options = replace(run.options, direct=True)  # what the verdict reads: direct answers are there
        run.failures.extend(direct)
        for group, state in run.groups.items():
            if group in first.groups:
                state.direct = first.groups[group].direct


def _classifier(options: ProbeOptions, rules_dir: str | None, config: Any = None, also_load: Any = None) -> tuple[ProbeOptions, Any]:
    """The rule library, the verdicts and the fleet findings (their config checks when there is a
    config), loaded in the background once the first replica's completions are all sent (inside the
    upstream's wait, as `probe()` does for one proxy), instead of before the first request.

    Returns the options with that hook, and the function that waits for the rules."""
    from .startup import Background, chain

    def load() -> Any:
        from ..diagnosis.rulebook import load_rules
        from . import fleet_findings, verdict  # noqa: F401 - imported for the verdicts after the runs

        if config is not None:
            from ..config.checks import catalog

            catalog()
        if also_load is not None:
            also_load()
        return load_rules(rules_dir)

    preload = Background(load)
    return replace(options, on_waiting=chain(options.on_waiting, preload.start)), preload.result


def probe_fleet(
    proxies: list[str] | tuple[str, ...],
    config: Any = None,
    options: ProbeOptions | None = None,
    *,
    rules_dir: str | None = None,
    workers: int | None = None,
    db_max_connections: int | None = None,
    command: str = "probe",
    also_load: Any = None,
    shape: Any = None,
) -> Report:
    """Probe each replica directly, compare them, and say which one is the odd one out.

    `also_load`: more to import while the probes wait (the CLI's formatter), as in `probe()`.
    `shape`: the deployment's files (config/deployshape/), for the process count and max_connections; or
    a function that returns them once the runs are over (the CLI reads them while the probes wait)."""
    from .fleet_findings import fleet_report
    from .targets import targets_from_config

    urls = replica_urls(proxies)
    targets = targets_from_config(config)
    options, rules = _classifier(options or ProbeOptions(), rules_dir, config, also_load)
    replicas = run_replicas(urls, targets, options, rules, command)
    if callable(shape):
        shape = shape()
    from . import agree_with_config

    return agree_with_config(fleet_report(replicas, targets, options, config=config, workers=workers,
                                          db_max_connections=db_max_connections, command=command, shape=shape), config)


# -- through one address, N times -----------------------------------------------------------------
@dataclass(frozen=True)
class Attempt:
    """The cheap answers of one attempt through the load balancer."""

    version: str | None
    ready: str  # "200 healthy", "503 …", "no answer"
    key: str  # "accepted" | "refused (401)" | "no answer"
    models: tuple[str, ...] | None
    deployments: tuple[tuple[str, tuple[str, ...]], ...] | None
    cache: str | None
    groups: tuple[tuple[str, str], ...] = ()  # (group, pass/fail) with --deep


def _attempt(replica: Replica) -> Attempt:
    run = replica.run
    if not replica.reachable:
        ready = "no answer"
    else:
        ready = f"{replica.readiness_status} {replica.readiness.get('status', '')}".strip() if replica.readiness_status else "no answer"
    if replica.key_accepted is True:
        key = "accepted"
    elif replica.key_accepted is False:
        key = f"refused ({replica.key_status})" if replica.key_status else "refused"
    else:
        key = "no answer"
    groups = tuple(sorted((g, s.status) for g, s in run.groups.items())) if run is not None else ()
    served = tuple(sorted(replica.served)) if replica.served is not None else None
    deployments = tuple(sorted(replica.deployments.items())) if replica.deployments is not None else None
    cache = replica.cache_ping if replica.cache_ping else None
    return Attempt(replica.version, ready, key, served, deployments, cache, groups)


def repeat(
    proxy: str,
    n: int,
    config: Any = None,
    options: ProbeOptions | None = None,
    *,
    rules_dir: str | None = None,
    command: str = "probe",
    also_load: Any = None,
) -> Report:
    """Send the same cheap probes `n` times through one address; differing answers → intermittent failure.

    `also_load`: more to load while the probes wait (the CLI's formatter and deployment files), as in `probe()`."""
    from .fleet_findings import repeat_report
    from .targets import targets_from_config

    if not 2 <= n <= MAX_REPEAT:
        raise ProbeUsageError(f"--repeat must be between 2 and {MAX_REPEAT}")
    # One request at a time per attempt: its requests share one keep-alive connection, so one replica
    # answers all of them and an attempt's answers belong together.
    options = replace(options or ProbeOptions(), concurrency=1)
    url = replica_urls([proxy])[0]
    targets = targets_from_config(config)
    # Every attempt is its own run with its own client, so its own connections: a load balancer that
    # balances connections (a Kubernetes Service, a TCP LB) sends each attempt to the replica of its turn.
    options, rules = _classifier(options, rules_dir, config, also_load)
    replicas = run_replicas([url] * n, targets, options, rules, command)
    attempts = [_attempt(r) for r in replicas]
    return repeat_report(url, replicas, attempts, command=command)


def majority(values: list[Any]) -> tuple[Any, int]:
    """The most common value and its count (ties: the first seen)."""
    counts = Counter(values)
    best = max(counts.values())
    for v in values:
        if counts[v] == best:
            return v, best
    raise ValueError("no values")
