"""The probe run: every stage (DNS, TCP, TLS, HTTP, health, models, key, completions) against a proxy and the upstreams of its config.

Stages, each recorded as a `ProbeResult` (id, target, pass/fail/skip, latency, detail):

    proxy.dns → proxy.tcp → proxy.tls (https) → proxy.http + proxy.liveliness
    proxy.readiness (status, db, version) · proxy.key (is the key accepted; master or virtual)
    proxy.models (/v1/models vs the config's model groups)
    upstream.dns → upstream.tcp → upstream.tls → upstream.http   for every api_base of the config
    group.completion   (deep: one `max_tokens: 1` completion per model group through the proxy)
    group.health       (deep, after a cooldown: the proxy's own /health?model= shows the cause)
    direct.completion  (direct: the same call straight to the provider through litellm itself)

Order: the key's /v1/models goes out first and the completions start as soon as it is answered;
the proxy's DNS/TCP/HTTP stages, readiness and the upstreams' stages wait until every completion is
sent (they decide nothing the completions need), then run inside the upstream's wait. A proxy that
does not answer /v1/models at once gets its stages right away: they explain what fails. The results
are listed in the stage order above, whatever order they finished in.

Safety, as promised to the user: no retries; a 429's Retry-After is respected (no further call to that
upstream in this run); bounded concurrency; a timeout per probe and one overall deadline, enforced by
running the event loop in a daemon thread that is abandoned when the deadline passes, so even a
server that accepts and never answers (or a hung DNS lookup) cannot hold the run; redirects are never
followed (a request carrying a key is not re-sent elsewhere); TLS always verified (`ca_bundle` adds
trust, never removes it); the key only ever goes to the proxy, in the Authorization header, and is
masked in everything recorded; a body is read as a stream and only its first MAX_BODY_BYTES are kept
(a server sending 200 MB costs 1 MiB), so memory stays bounded whatever a server sends.
"""

from __future__ import annotations

import asyncio
import http.cookiejar
import os
import threading
import time
from dataclasses import dataclass, field
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from .. import safejson
from ..boundedio import decompress
from ..masking import mask
from ..model import ProbeResult
from ..regexcache import rx
from . import bodylimit
from . import headers as rl
from .net import (Endpoint, endpoint, exception_text, handshake, connect, read_ca_bundle, resolve, ssl_context,
                  trust_nothing_context)
from .options import ProbeOptions
from .targets import Deployment, Targets
from .timeline import mark

PING = [{"role": "user", "content": "ping"}]
# The upstream probes wait for the completions to be sent, at most this long after the run starts.
SENDING_WAIT_MAX = 1.0
# A /v1/models answered within this long puts the proxy's own stages after the completions (_main).
QUICK_ANSWER = 0.5
# Requests to the proxy, and the work kept for the wait, wait this long at most after the completions
# are sent (_after_sending): SETTLE_PER_COMPLETION for each completion sent to that proxy (what a LiteLLM
# proxy spends on one before it calls the upstream: 5-12 ms of CPU measured), SETTLE_MAX in all.
SETTLE_PER_COMPLETION = 0.01
SETTLE_MAX = 0.5
_DETAIL_MAX = 300
_TEXT_MAX = 8000
# Of a response body, only this much is read (health, model lists and error bodies are a few KB; a
# /v1/models of thousands of models is a few hundred KB); the same bound holds for litellm's clients.
MAX_BODY_BYTES = bodylimit.MAX_BODY_BYTES
# Model groups probed from the proxy's own /v1/models when no config names them (1 MiB of model list
# is ~50 000 ids: one completion, one line and one verdict each would outlast any deadline).
MAX_SERVED_GROUPS = 500


@dataclass
class Answer:
    """A response whose body was read up to MAX_BODY_BYTES (the attributes the probes use of httpx's)."""

    status_code: int
    headers: Any
    http_version: str
    is_redirect: bool
    content: bytes
    truncated: bool = False  # the body was longer than MAX_BODY_BYTES and was cut
    declared_length: str | None = None  # its content-length header

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        return safejson.loads(self.text)

    def size_note(self) -> str:
        """`; the body is larger than 1 MiB (content-length 209715200): only its first 1 MiB was read`."""
        if not self.truncated:
            return ""
        declared = f" (content-length {self.declared_length})" if self.declared_length else ""
        return f"; the body is larger than {MAX_BODY_BYTES // (1024 * 1024)} MiB{declared}: only its first MiB was read"


@dataclass
class Failure:
    """A failed probe, with the text that goes through the rule library."""

    probe_id: str
    target: str
    scope: str  # proxy | readiness | key | models | upstream | group | health | direct | deadline
    text: str
    group: str | None = None
    status: int | None = None
    api_base: str | None = None
    retry_after: float | None = None
    key_sent: bool = True


@dataclass
class GroupState:
    group: str
    status: str = "skip"  # pass | fail | skip: the completion through the proxy
    budget: dict[str, str] = field(default_factory=dict)
    direct: str = "skip"  # pass | fail | skip
    retry_after: float | None = None


@dataclass
class ProbeRun:
    """Everything a run learnt; `verdict.build_report` turns it into a Report."""

    proxy_url: str
    options: ProbeOptions
    targets: Targets
    results: list[ProbeResult | None] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    groups: dict[str, GroupState] = field(default_factory=dict)
    facts: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    served_models: list[str] | None = None
    missing_groups: list[str] = field(default_factory=list)
    key_sent: bool = False
    key_accepted: bool | None = None
    key_kind: str | None = None  # "master key" | "virtual key" | "key"
    db: str | None = None
    proxy_reachable: bool = False
    deadline_hit: bool = False
    elapsed: float = 0.0
    started: float = 0.0  # time.monotonic() at the start: "probed in" counts the verdict work too
    # What the proxy says about itself (probe/selfreport.py): /health/readiness/details and, on 1.108+,
    # /health/deployment_warnings; absent keys mean the proxy did not answer them.
    self_report: dict[str, Any] = field(default_factory=dict)

    def finished(self) -> list[ProbeResult]:
        return [r for r in self.results if r is not None]


def clip(text: str, limit: int = _DETAIL_MAX) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def proxy_base(url: str) -> str:
    """The proxy's root URL: no credentials, no trailing `/` or `/v1` (health routes live at the root)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"--proxy must be an http(s) URL such as http://localhost:4000, not {mask(url)!r}")
    netloc = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    if parts.port:
        netloc += f":{parts.port}"
    path = parts.path.rstrip("/")
    if path.endswith("/v1"):
        path = path[:-3]
    return urlunsplit((parts.scheme, netloc, path, "", ""))


def _response_text(response: Any) -> str:
    try:
        text = response.text
    except Exception:  # noqa: BLE001 - undecodable body
        text = repr(response.content[:2000])
    return mask(text[:_TEXT_MAX])


def _error_message(text: str) -> str:
    """The `error.message` of a JSON error body, else the text itself (for details)."""
    try:
        data = safejson.loads(text)
    except ValueError:
        return text
    if isinstance(data, dict):
        err = data.get("error", data.get("detail"))
        if isinstance(err, dict) and "message" in err:
            return str(err["message"])
        if isinstance(err, str):
            return err
    return text


def _is_cooldown(text: str) -> bool:
    return "No deployments available" in text and "cooldown" in text


class Runner:
    def __init__(self, proxy_url: str, targets: Targets, options: ProbeOptions, ssl: Any = None) -> None:
        self.run = ProbeRun(proxy_url=proxy_base(proxy_url), options=options, targets=targets)
        self.options = options
        self.targets = targets
        self._lock = threading.Lock()
        self._pending: dict[int, tuple[str, str, float]] = {}
        self._t0 = 0.0
        self._sem: asyncio.Semaphore | None = None
        self._client: Any = None
        # Several runs at once (a fleet) share one context: building one costs ~20 ms of CPU.
        self._ssl = ssl if ssl is not None else tls_context([self.run.proxy_url], targets, options)
        self._litellm_task: asyncio.Task | None = None
        self._direct_refused: dict[str, str] = {}  # group -> why a file its params name was not read (--direct)
        # The key verdict (master / virtual key) depends on the database readiness reports: the two
        # requests run side by side, but the verdict waits for readiness (else it is a race).
        self._readiness_task: asyncio.Future | None = None
        # GET /v1/models with the key, sent when the run starts (beside the DNS/TCP/HTTP stages): its
        # answer is all the completions wait for (`_key_known`); it is recorded after the stages.
        self._models_answer: asyncio.Future | None = None
        self._models_sent_at: float | None = None
        self._key_known: asyncio.Event | None = None
        self._router: Any = None
        # (api_base, model) -> Retry-After seconds an upstream asked for: never called again in this run.
        self._gated: dict[tuple[str, str], float] = {}
        # Deep completions not yet sent: once none is left and the proxy has passed them on, the run only
        # waits (options.on_waiting, from _only_waiting).
        self._unsent: set[str] = set()
        self.all_sent = asyncio.Event()
        self._first_answer = asyncio.Event()  # a deep completion was answered (or failed)
        # Set once the deep completions are all sent, or once it is known that none will be: the
        # checks that decide nothing the completions need wait for it (`_after_sending`).
        self.sending_done = asyncio.Event()
        self._answered_version: str | None = None  # x-litellm-version of a completion's answer

    # -- bookkeeping ------------------------------------------------------------------------------
    def _begin(self, probe_id: str, target: str, started: float | None = None) -> int:
        """A probe starts (`started`: when its request went out, if that was before it is recorded)."""
        with self._lock:
            self.run.results.append(None)
            index = len(self.run.results) - 1
            self._pending[index] = (probe_id, target, started if started is not None else time.monotonic())
            total = len(self.run.results)
        self._notify_plan(total)
        if self.options.on_start:
            try:
                self.options.on_start(index, probe_id, mask(target))
            except Exception:  # noqa: BLE001 - a display problem must not break the run
                pass
        return index

    def _end(self, index: int, status: str, detail: str, failure: Failure | None = None) -> ProbeResult | None:
        with self._lock:
            pending = self._pending.pop(index, None)
            if pending is None:  # already closed out by the deadline
                return None
            probe_id, target, started = pending
            result = ProbeResult(probe_id, mask(target), status, round((time.monotonic() - started) * 1000, 1), mask(clip(detail)))
            self.run.results[index] = result
            if failure is not None:
                self.run.failures.append(failure)
        self._notify(result)
        return result

    def _skip(self, probe_id: str, target: str, reason: str) -> None:
        result = ProbeResult(probe_id, mask(target), "skip", None, mask(clip(reason)))
        with self._lock:
            self.run.results.append(result)
            total = len(self.run.results)
        self._notify_plan(total)
        self._notify(result)

    def _notify(self, result: ProbeResult) -> None:
        if self.options.on_result:
            try:
                self.options.on_result(result)
            except Exception:  # noqa: BLE001 - a display problem must not break the run
                pass

    def _notify_plan(self, total: int) -> None:
        if self.options.on_plan:
            try:
                self.options.on_plan(total)
            except Exception:  # noqa: BLE001
                pass

    def _remaining(self) -> float:
        return self.options.deadline - (time.monotonic() - self._t0)

    def _budget(self) -> float:
        return max(0.05, min(self.options.probe_timeout, self._remaining()))

    async def _fetch(self, method: str, url: str, **kwargs: Any) -> Answer:
        """One request; the raw body is streamed and cut at MAX_BODY_BYTES, then decoded by
        `boundedio.decompress`, which never produces more than MAX_BODY_BYTES at any layer (httpx's
        own decoders would inflate a body gzipped twice, 2 KB on the wire, to gigabytes)."""
        mark("first request")
        headers = dict(kwargs.pop("headers", None) or {})
        headers.setdefault("accept-encoding", "gzip, deflate")
        request = self._client.build_request(method, url, headers=headers, **kwargs)
        response = await self._client.send(request, stream=True)
        try:
            chunks: list[bytes] = []
            size = 0
            truncated = False
            async for chunk in response.aiter_raw():
                chunks.append(chunk)
                size += len(chunk)
                if size > MAX_BODY_BYTES:
                    truncated = True
                    break
            raw = b"".join(chunks)[:MAX_BODY_BYTES]
        finally:
            await response.aclose()
        content, cut = decompress(raw, response.headers.get("content-encoding"), MAX_BODY_BYTES)
        truncated = truncated or cut
        return Answer(
            status_code=response.status_code, headers=response.headers, http_version=response.http_version,
            is_redirect=response.is_redirect, content=content, truncated=truncated,
            declared_length=response.headers.get("content-length"),
        )

    async def _timed(self, coro: Any, timeout: float | None = None) -> Any:
        """Run `coro` under the per-probe timeout; raises asyncio.TimeoutError."""
        return await asyncio.wait_for(coro, timeout or self._budget())

    def close_out(self) -> None:
        """Mark every probe still running at the deadline as failed (called from the caller's thread)."""
        with self._lock:
            pending = list(self._pending.items())
            self._pending.clear()
        for index, (probe_id, target, started) in pending:
            self.run.deadline_hit = True
            waited = time.monotonic() - started
            detail = f"no answer within the overall deadline of {self.options.deadline:g} s (waited {waited:.1f} s)"
            result = ProbeResult(probe_id, mask(target), "fail", round(waited * 1000, 1), detail)
            group = target if probe_id.startswith(("group.", "direct.")) else None
            with self._lock:
                self.run.results[index] = result
                self.run.failures.append(
                    Failure(
                        probe_id, target, "deadline",
                        f"httpx.ReadTimeout: timed out: {probe_id} of {mask(target)} got no response within the "
                        f"overall deadline of {self.options.deadline:g} s",
                        group=group,
                    )
                )
                if group and group in self.run.groups:
                    state = self.run.groups[group]
                    if probe_id == "group.completion":
                        state.status = "fail"
                    elif probe_id == "direct.completion":
                        state.direct = "fail"
            self._notify(result)

    # -- the run ----------------------------------------------------------------------------------
    def execute(self) -> ProbeRun:
        """Run everything in a daemon thread; return at the deadline at the latest."""
        return execute_together([self])[0]

    def _finish_run(self) -> None:
        """After the run's thread returned or was abandoned at the deadline: the run's record, complete."""
        self.close_out()
        with self._lock:
            self.run.results = sorted(self.run.results, key=_stage_rank)  # stable: same-stage order kept
        if self._answered_version:
            self.run.facts.setdefault("litellm_version", self._answered_version)
        self.run.elapsed = time.monotonic() - self._t0

    async def _main_with_deadline(self) -> None:
        try:
            await asyncio.wait_for(self._main(), max(0.05, self._remaining()))
        except asyncio.TimeoutError:
            self.run.deadline_hit = True

    async def _main(self) -> None:
        import httpx  # lazy: pasting an error never imports httpx

        from .. import __version__

        if self.options.direct:
            from .redirects import install as no_credentials_across_redirects

            no_credentials_across_redirects()  # litellm's clients follow redirects
            bodylimit.install()  # and read whole bodies: bounded like ours

        self._sem = asyncio.Semaphore(self.options.concurrency)
        if self.options.direct:
            self._litellm_task = asyncio.get_running_loop().create_task(self._load_litellm())
        limits = httpx.Limits(max_connections=self.options.concurrency, max_keepalive_connections=self.options.concurrency)
        async with httpx.AsyncClient(
            verify=self._ssl,
            follow_redirects=False,
            trust_env=False,  # no proxy variables and no .netrc credentials: we probe what we name
            cookies=NoCookies(),  # and no cookie one answer set goes with the next request
            limits=limits,
            timeout=httpx.Timeout(self.options.probe_timeout),
            headers={"user-agent": f"litellm-doctor/{__version__}"},
        ) as client:
            setattr(client, bodylimit.OWN, True)  # streams and cuts its bodies itself (_fetch)
            self._client = client
            if not self.options.deep:
                self.sending_done.set()
            upstreams = [
                asyncio.ensure_future(self._after_sending(self._upstream, base, at_most=SENDING_WAIT_MAX))
                for base in self.targets.api_bases()
            ]
            # The critical path to the completions is the key's answer, not the stages: the request
            # goes out first, and the completions start as soon as it is known. A proxy that answers it
            # over HTTP is reachable, so its DNS/TCP/HTTP stages decide nothing the completions need:
            # like readiness, they run once the completions are out, inside the upstream's wait (their
            # CPU, ~20 ms in a new process, came before the first completion). A proxy that does not
            # answer it quickly gets its stages at once: they say which one fails and why.
            self._key_known = asyncio.Event()
            self._models_answer = asyncio.ensure_future(self._models_request())
            self._models_answer.add_done_callback(_retrieved)
            quick = await _answered_within(self._models_answer, QUICK_ANSWER)
            if quick or await self._proxy_stages():
                later_stages = [self._after_sending(self._proxy_stages, at_proxy=True)] if quick else []
                self._readiness_task = asyncio.ensure_future(self._after_sending(self._readiness, at_proxy=True))
                waiting = [self._after_sending(self._only_waiting, at_proxy=True)] if self.options.deep else []
                await asyncio.gather(*later_stages, self._readiness_task, self._key_and_models(), self._groups(), *waiting)
            else:
                self._models_answer.cancel()  # unanswered or failed: the proxy is not reachable
                self._skip_groups("the proxy is not reachable")
            await asyncio.gather(*upstreams)

    # -- proxy ------------------------------------------------------------------------------------
    async def _stages(self, scope: str, ep: Endpoint, label: str) -> tuple[bool, str | None]:
        """DNS → TCP → TLS for one endpoint. Returns (ok, failed stage)."""
        stages = ["dns", "tcp"] + (["tls"] if ep.is_tls else [])
        address = ep.host
        for i, stage in enumerate(stages):
            index = self._begin(f"{scope}.{stage}", label)
            try:
                assert self._sem is not None
                async with self._sem:
                    if stage == "dns":
                        out = await self._timed(resolve(ep))
                    elif stage == "tcp":
                        out = await self._timed(connect(ep, address))
                    else:
                        out = await self._timed(handshake(ep, address, self._ssl))
            except asyncio.TimeoutError:
                t = self._budget()
                text = f"TimeoutError: timed out after {t:.1f} s ({stage} stage for {ep.host}:{ep.port}, {label})"
                self._end(index, "fail", f"{stage.upper()} timed out", Failure(f"{scope}.{stage}", label, scope, text, api_base=label if scope == "upstream" else None))
                out = None
            if out is None or not out.ok:
                if out is not None:
                    self._end(index, "fail", out.detail, Failure(f"{scope}.{stage}", label, scope, out.error or out.detail, api_base=label if scope == "upstream" else None))
                for later in stages[i + 1 :] + ["http"]:
                    self._skip(f"{scope}.{later}", label, f"skipped: {stage.upper()} failed")
                return False, stage
            if stage == "dns":
                address = out.addresses[0]
            self._end(index, "pass", out.detail)
        return True, None

    async def _proxy_stages(self) -> bool:
        url = self.run.proxy_url
        try:
            ep = endpoint(url)
        except ValueError as exc:
            self._skip("proxy.dns", url, str(exc))
            return False
        ok, _stage = await self._stages("proxy", ep, url)
        if not ok:
            self._skip("proxy.liveliness", url, "skipped: the proxy is not reachable")
            return False
        http_index = self._begin("proxy.http", url)
        live_index = self._begin("proxy.liveliness", f"{url}/health/liveliness")
        try:
            assert self._sem is not None
            async with self._sem:
                response = await self._timed(self._fetch("GET", f"{url}/health/liveliness"))
        except (asyncio.TimeoutError, Exception) as exc:  # noqa: BLE001 - every transport error is a verdict
            if isinstance(exc, asyncio.TimeoutError):
                text = (f"httpx.ReadTimeout: timed out: the proxy at {url} accepted the connection but sent no "
                        f"HTTP response within {self._budget():.1f} s")
            else:
                text = f"{exception_text(exc)} (GET {url}/health/liveliness)"
            self._end(http_index, "fail", clip(text), Failure("proxy.http", url, "proxy", text))
            self._end(live_index, "skip", "skipped: no HTTP response")
            return False
        version = response.headers.get("x-litellm-version")
        if version:
            self.run.facts["litellm_version"] = version
        self._end(http_index, "pass", f"HTTP {response.status_code} ({response.http_version})")
        self.run.proxy_reachable = True
        if response.is_redirect:
            where = mask(response.headers.get("location", "?"))
            text = f"HTTP {response.status_code} redirect from {url}/health/liveliness to {where}"
            self._end(live_index, "fail", f"{text}; not followed (requests would carry your key)", Failure("proxy.liveliness", url, "proxy", text, status=response.status_code))
            return True
        body = _response_text(response)
        if response.status_code == 200:
            self._end(live_index, "pass", f"200 {clip(body, 60)}{response.size_note()}")
        else:
            self._end(live_index, "fail", f"{response.status_code} {clip(_error_message(body), 200)}", Failure("proxy.liveliness", url, "proxy", f"HTTP {response.status_code}\n{body}", status=response.status_code))
        return True

    async def _readiness(self) -> None:
        url = self.run.proxy_url
        index = self._begin("proxy.readiness", f"{url}/health/readiness")
        try:
            assert self._sem is not None
            async with self._sem:
                response = await self._timed(self._fetch("GET", f"{url}/health/readiness"))
                details = None
                if self.options.key and response.status_code == 200:
                    try:
                        details = await self._timed(self._fetch("GET", f"{url}/health/readiness/details", headers=self._auth()))
                    except (asyncio.TimeoutError, Exception):  # noqa: BLE001 - optional extra
                        details = None
                    try:
                        warnings = await self._timed(self._fetch("GET", f"{url}/health/deployment_warnings", headers=self._auth()))
                        if warnings.status_code == 200:
                            self.run.self_report["deployment_warnings"] = warnings.json()
                    except (asyncio.TimeoutError, Exception):  # noqa: BLE001 - optional extra (1.108+ only)
                        pass
        except (asyncio.TimeoutError, Exception) as exc:  # noqa: BLE001
            text = "TimeoutError: timed out" if isinstance(exc, asyncio.TimeoutError) else exception_text(exc)
            self._end(index, "fail", text, Failure("proxy.readiness", url, "readiness", f"{text} (GET {url}/health/readiness)"))
            return
        if response.is_redirect:
            where = mask(response.headers.get("location", "?"))
            text = f"HTTP {response.status_code} redirect from {url}/health/readiness to {where}"
            self._end(index, "fail", f"{text}; not followed", Failure("proxy.readiness", url, "readiness", text, status=response.status_code))
            return
        body = _response_text(response)
        data: dict[str, Any] = {}
        try:
            parsed = safejson.loads(body)
            data = parsed if isinstance(parsed, dict) else {}
        except ValueError:
            pass
        if details is not None and details.status_code == 200:
            try:
                more = details.json()
                if isinstance(more, dict):
                    data = {**more, **data}
                    self.run.self_report["readiness_details"] = more
            except ValueError:
                pass
        db = data.get("db")
        if db is not None:
            self.run.db = str(db)
            self.run.facts["database"] = str(db)
        version = data.get("litellm_version")
        if version:
            self.run.facts["litellm_version"] = str(version)
        parts = [str(data.get("status", response.status_code))]
        if db is not None:
            parts.append(f"db: {db}")
        if self.run.facts.get("litellm_version"):
            parts.append(f"litellm {self.run.facts['litellm_version']}")
        if response.status_code == 200:
            self._end(index, "pass", ", ".join(parts))
        else:
            self._end(index, "fail", f"{response.status_code} {clip(_error_message(body), 200)}", Failure("proxy.readiness", url, "readiness", f"HTTP {response.status_code}\n{body}", status=response.status_code))

    def _auth(self) -> dict[str, str]:
        return {"authorization": f"Bearer {self.options.key}"} if self.options.key else {}

    async def _models_request(self) -> Answer:
        """GET /v1/models with the key: is the key accepted, and which model groups are served."""
        self._models_sent_at = time.monotonic()
        assert self._sem is not None
        async with self._sem:
            return await self._timed(self._fetch("GET", f"{self.run.proxy_url}/v1/models", headers=self._auth()))

    async def _key_and_models(self) -> None:
        try:
            await self._record_key_and_models()
        finally:
            if self._key_known is not None:
                self._key_known.set()  # whatever happened: the completions do not wait any longer

    async def _record_key_and_models(self) -> None:
        url = self.run.proxy_url
        self.run.key_sent = bool(self.options.key)
        source = self.options.key_source or "no key"
        if self._models_answer is None:
            self._models_answer = asyncio.ensure_future(self._models_request())
        key_index = self._begin("proxy.key", f"{url}/v1/models ({source})", started=self._models_sent_at)
        try:
            response = await self._models_answer
        except (asyncio.TimeoutError, Exception) as exc:  # noqa: BLE001
            text = "httpx.ReadTimeout: timed out" if isinstance(exc, asyncio.TimeoutError) else exception_text(exc)
            self._end(key_index, "fail", text, Failure("proxy.key", url, "key", f"{text} (GET {url}/v1/models)", key_sent=self.run.key_sent))
            self._skip("proxy.models", url, "skipped: /v1/models did not answer")
            return
        body = _response_text(response)
        if response.is_redirect:
            where = mask(response.headers.get("location", "?"))
            text = f"HTTP {response.status_code} redirect from {url}/v1/models to {where}"
            self._end(key_index, "fail", f"{text}; not followed with credentials", Failure("proxy.key", url, "key", text, status=response.status_code, key_sent=self.run.key_sent))
            self._skip("proxy.models", url, "skipped: redirected")
            return
        if response.status_code != 200:
            self.run.key_accepted = False
            self._end(
                key_index, "fail", f"{response.status_code} {clip(_error_message(body), 200)}",
                Failure("proxy.key", url, "key", body, status=response.status_code, key_sent=self.run.key_sent),
            )
            self._skip("proxy.models", url, "skipped: the key was not accepted")
            return
        self.run.key_accepted = True
        # What the completions need (the served groups, when the config names none) and every note of
        # this answer, before they start: nothing they add can come first, whatever the timing.
        try:
            payload = response.json()  # the whole (bounded) body: `body` is cut for display at _TEXT_MAX
            entries = payload.get("data") if isinstance(payload, dict) else None
            if not isinstance(entries, list):  # `{"data": null}`, a string, a number: not a model list
                raise ValueError("no model list")
            served: list[str] | None = [str(m.get("id"))[:512] for m in entries if isinstance(m, dict)]
        except (ValueError, AttributeError):
            served = None
        self.run.served_models = served
        groups = list(self.targets.groups)
        missing = [g for g in groups if g not in served] if served is not None else []
        extra = [m for m in served if m not in groups] if served is not None and groups else []
        if not self.options.key:
            self.run.notes.append(
                "The proxy answered /v1/models without any key: it has no master key, so every caller is treated "
                "as an internal user (set general_settings.master_key or LITELLM_MASTER_KEY)."
            )
        if extra:
            self.run.notes.append(f"The proxy serves {len(extra)} model group(s) the config does not define: {', '.join(extra[:10])}.")
        if self._key_known is not None:
            self._key_known.set()  # the kind of key (below) may wait for readiness; the completions need not
        if not self.options.key:
            kind = "no key needed: the proxy has no master key"
        elif self.targets.master_key and self.options.key == self.targets.master_key:
            kind = "master key"
        elif self.options.key.startswith("sk-"):
            if self._readiness_task is not None:
                await asyncio.wait({self._readiness_task})  # self.run.db is known only after it
            kind = "virtual key" if self.run.db not in (None, "Not connected") else "key"
        else:
            kind = "key"
        self.run.key_kind = kind
        self._end(key_index, "pass", f"accepted ({kind})")
        # /v1/models against the config
        models_index = self._begin("proxy.models", f"{url}/v1/models")
        if served is None:
            detail = f"the answer is not an OpenAI model list{response.size_note()}"
            self._end(models_index, "fail", detail, Failure("proxy.models", url, "models", f"{detail}: {clip(body, 200)}", status=200))
            return
        if not groups:
            self._end(models_index, "pass", f"{len(served)} model groups served")
            return
        if missing:
            self.run.missing_groups = missing
            detail = f"{len(groups) - len(missing)}/{len(groups)} config groups served; missing: {', '.join(missing[:10])}"
            with self._lock:
                for g in missing:
                    self.run.failures.append(Failure("proxy.models", g, "models", "", group=g))
            self._end(models_index, "fail", detail)
        else:
            self._end(models_index, "pass", f"all {len(groups)} config groups served" + (f" (+{len(extra)} more)" if extra else ""))

    # -- model groups (deep) ----------------------------------------------------------------------
    def _group_names(self) -> list[str]:
        if self.options.only_models is not None:
            names = list(self.options.only_models)
        elif self.targets.groups:
            names = list(self.targets.groups)
        else:
            names = list(self.run.served_models or [])
            if len(names) > MAX_SERVED_GROUPS:  # a server's list, not the user's config: bounded
                note = (f"The proxy lists {len(names)} model groups; the first {MAX_SERVED_GROUPS} are probed "
                        f"(give --config to probe the groups of a config).")
                if note not in self.run.notes:
                    self.run.notes.append(note)
                names = names[:MAX_SERVED_GROUPS]
        for extra in self.options.extra_models:
            if extra and extra not in names:
                names.append(extra)
        return names

    def _skip_groups(self, reason: str) -> None:
        self.sending_done.set()
        if not self.options.deep:
            return
        for g in self._group_names():
            self.run.groups.setdefault(g, GroupState(g))
            self._skip("group.completion", g, f"skipped: {reason}")

    async def _groups(self) -> None:
        try:
            await self._send_groups()
        finally:
            self.sending_done.set()  # also when there was nothing to send, or it failed

    async def _send_groups(self) -> None:
        if not self.options.deep:
            return
        if self._key_known is not None:
            await self._key_known.wait()
        if self.run.key_accepted is False:
            self._skip_groups("the key was not accepted")
            return
        names = self._group_names()
        for g in names:
            self.run.groups[g] = GroupState(g)
        self._unsent = set(names)
        await asyncio.gather(*(self._group(g) for g in names))
        mark("all completions answered")

    async def _after_sending(self, probe: Any, *args: Any, at_most: float | None = None, at_proxy: bool = False) -> Any:
        """Run `probe(*args)` once the completions are all sent (`sending_done`), `at_most` seconds after the
        run started at the latest; `at_proxy`: a request to the proxy, which also waits until the proxy
        has passed the completions on (below).

        What the completions do not depend on (readiness and its details, the upstreams' own stages)
        costs CPU here and at the proxy: before the completions go out, it delays them; once they are
        out, it fits in the upstream's wait. A proxy that hangs holds only the completions, never the
        upstream probes past `at_most`."""
        limit = None if at_most is None else max(0.0, at_most - (time.monotonic() - self._t0))
        try:
            await asyncio.wait_for(self._all_sent(), limit)
        except asyncio.TimeoutError:
            pass
        if at_proxy and self.all_sent.is_set():
            # Sent is not yet passed on: the proxy spends ~5 ms of CPU on each completion before it calls
            # the upstream, and a request of ours arriving meanwhile is served between them, delaying the
            # last ones (~60 ms for 50 groups with readiness, its details and the stages). By the first
            # answer it has passed them on (it serves them in order); by the time its passing them on
            # takes (settle_limit) at most: a few groups' wait ends well before their answers come.
            try:
                await asyncio.wait_for(self._first_answer.wait(), self.settle_limit())
            except asyncio.TimeoutError:
                pass
        return await probe(*args)  # created only now: a run cancelled before leaves no coroutine unawaited

    def settle_limit(self) -> float:
        """How long after its completions are sent a proxy may still be passing them on."""
        return min(SETTLE_MAX, SETTLE_PER_COMPLETION * len(self.run.groups))

    async def _all_sent(self) -> None:
        """Wait until the completions are sent: this run's (a fleet waits for every replica's)."""
        await self.sending_done.wait()

    def _sent(self, group: str) -> None:
        """The completion of `group` is sent (or failed); once all are, `all_sent` and `sending_done` are set."""
        if group in self._unsent:
            mark("first completion sent")
            self._unsent.discard(group)
            if not self._unsent:
                mark("all completions sent")
                self.all_sent.set()
                self.sending_done.set()

    def _trace(self, group: str) -> Any:
        async def trace(event: str, info: Any) -> None:  # httpcore's request trace
            if event == "http11.send_request_body.complete":
                self._sent(group)

        return trace

    async def _only_waiting(self) -> None:
        """Run once the proxy has passed the completions on (`_after_sending` with at_proxy): from now on
        the run only waits, and `on_waiting` starts the work kept for the wait (the rule library, the
        formatter). Started as soon as the last completion was sent, that work took CPU from the proxy
        while it was still taking them in, when both share a machine (a laptop, a CI job, the lab): the
        last answer came later by more than the work cost."""
        self._notify_waiting()

    def _notify_waiting(self) -> None:
        if self.options.on_waiting:
            try:
                self.options.on_waiting()
            except Exception:  # noqa: BLE001 - a preload problem shows where its result is used
                pass

    async def _group(self, group: str) -> None:
        url = self.run.proxy_url
        state = self.run.groups[group]
        index = self._begin("group.completion", group)
        body = {"model": group, "messages": PING, "max_tokens": 1}
        try:
            assert self._sem is not None
            async with self._sem:
                response = await self._timed(self._fetch(
                    "POST", f"{url}/chat/completions", json=body, headers=self._auth(), extensions={"trace": self._trace(group)},
                ))
        except (asyncio.TimeoutError, Exception) as exc:  # noqa: BLE001
            self._sent(group)
            self._first_answer.set()
            if isinstance(exc, asyncio.TimeoutError):
                t = self._budget()
                text = (f"httpx.ReadTimeout: timed out: the proxy sent no response to a max_tokens=1 completion for "
                        f"model group {group} within {t:.1f} s (litellm-doctor's per-probe timeout)")
            else:
                text = f"{exception_text(exc)} (POST {url}/chat/completions for model group {group})"
            state.status = "fail"
            self._end(index, "fail", clip(text), Failure("group.completion", group, "group", text, group=group))
            await self._direct(group, state)
            return
        self._sent(group)
        self._first_answer.set()
        hdrs = {k.lower(): v for k, v in response.headers.items()}
        if hdrs.get("x-litellm-version"):
            # Kept aside until the run ends: readiness (which runs beside the completions) says the
            # version first, so the facts come in the same order whichever answer is first.
            self._answered_version = self._answered_version or hdrs["x-litellm-version"]
        text = _response_text(response)
        if response.status_code == 200:
            state.status = "pass"
            state.budget = rl.budget(hdrs)
            left = rl.budget_text(hdrs)
            self._end(index, "pass", f"200 via {hdrs.get('x-litellm-model-name', group)}" + (f"; left: {left}" if left else ""))
            if rl.exhausted(hdrs):
                self.run.notes.append(f"Model group `{group}`: the rate-limit budget is used up ({left}).")
        elif response.is_redirect:
            where = mask(hdrs.get("location", "?"))
            state.status = "fail"
            msg = f"HTTP {response.status_code} redirect from {url}/chat/completions to {where}"
            self._end(index, "fail", f"{msg}; not followed with credentials", Failure("group.completion", group, "group", msg, group=group, status=response.status_code))
        else:
            state.status = "fail"
            retry = rl.retry_after_seconds(hdrs)
            state.retry_after = retry
            upstream_retry = rl.retry_after_seconds({k[len("llm_provider-"):]: v for k, v in hdrs.items() if k.startswith("llm_provider-")})
            if response.status_code == 429 and upstream_retry is not None:
                for dep in self.targets.deployments_of(group):
                    self._gated[(dep.api_base or "", dep.model or "")] = upstream_retry
            detail = f"{response.status_code} {clip(_error_message(text), 220)}"
            if retry is not None:
                detail += f" (Retry-After {rl.ceil_seconds(retry)} s)"
            self._end(index, "fail", detail, Failure("group.completion", group, "group", text, group=group, status=response.status_code, retry_after=retry))
            if _is_cooldown(text):
                await self._health_cause(group)
        await self._direct(group, state)

    async def _health_cause(self, group: str) -> None:
        """After a cooldown, the proxy's own /health?model= calls the deployment and shows the real error."""
        url = self.run.proxy_url
        billed = billed_health_model(self.targets.deployments_of(group))
        if billed:
            self._skip("group.health", group, f"skipped: /health?model={group} would call {billed} as its mode says, which "
                       "makes an image or audio (billed); call it yourself for the cause of the cooldown")
            return
        index = self._begin("group.health", group)
        try:
            assert self._sem is not None
            async with self._sem:
                response = await self._timed(self._fetch("GET", f"{url}/health", params={"model": group}, headers=self._auth()))
        except (asyncio.TimeoutError, Exception) as exc:  # noqa: BLE001
            text = "timed out" if isinstance(exc, asyncio.TimeoutError) else exception_text(exc)
            self._end(index, "fail", f"/health?model={group}: {text}")
            return
        try:
            data = response.json()
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        unhealthy = data.get("unhealthy_endpoints")
        if not isinstance(unhealthy, list):  # validated where it enters: a server may send anything
            unhealthy = []
        if not unhealthy:
            healthy_list = data.get("healthy_endpoints")
            healthy = len(healthy_list) if isinstance(healthy_list, list) else 0
            self._end(index, "pass" if response.status_code == 200 else "fail", f"{response.status_code}: {healthy} healthy deployment(s); the cooldown will lift on its own")
            return
        first = unhealthy[0] if isinstance(unhealthy[0], dict) else {}
        error = str(first.get("error", ""))
        error = error.split("\nstack trace:", 1)[0]
        status = first.get("exception_status")
        text = mask(error[:_TEXT_MAX])
        self._end(
            index, "fail", f"{len(unhealthy)} unhealthy deployment(s): {status or ''} {clip(text, 200)}".replace("  ", " "),
            Failure("group.health", group, "health", text, group=group, status=int(status) if str(status).isdigit() else None, api_base=first.get("api_base")),
        )

    # -- direct (through litellm itself) ----------------------------------------------------------
    async def _load_litellm(self) -> Any:
        """Import litellm in a daemon thread (2+ s) while the other probes run."""
        os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
        loop = asyncio.get_running_loop()
        future: asyncio.Future = loop.create_future()

        def load() -> None:
            try:
                import logging

                import litellm

                litellm.suppress_debug_info = True
                litellm.set_verbose = False
                for name in ("LiteLLM", "LiteLLM Router", "LiteLLM Proxy", "litellm"):
                    logging.getLogger(name).setLevel(logging.CRITICAL)
                loop.call_soon_threadsafe(future.set_result, litellm)
            except BaseException as exc:  # noqa: BLE001
                loop.call_soon_threadsafe(future.set_exception, exc)

        threading.Thread(target=load, name="litellm-import", daemon=True).start()
        return await future

    async def _direct(self, group: str, state: GroupState) -> None:
        if not self.options.direct:
            return
        deployments = self.targets.deployments_of(group)
        if not deployments:
            self._skip("direct.completion", group, "skipped: the config has no deployment for this model group")
            return
        dep = deployments[0]
        gated = self._gated.get((dep.api_base or "", dep.model or ""))
        if gated is not None:
            self._skip("direct.completion", group, f"skipped: the upstream asked to wait {rl.ceil_seconds(gated)} s (Retry-After); not calling it again")
            return
        index = self._begin("direct.completion", group)
        try:
            assert self._litellm_task is not None
            litellm = await self._litellm_task
        except BaseException as exc:  # noqa: BLE001
            self._end(index, "skip", f"litellm could not be imported: {exception_text(exc)}")
            return
        try:
            if self._router is None:
                from .directfiles import Refused, bounded_params

                model_list = []
                for g in self._group_names():
                    ds = self.targets.deployments_of(g)
                    if ds:
                        # The files the params name (credentials, CA bundles, keys) read bounded and confined here,
                        # never opened by litellm (directfiles.py).
                        try:
                            params = bounded_params({k: v for k, v in dict(ds[0].params).items() if v is not None}, ds[0].env_params)
                        except Refused as exc:
                            self._direct_refused[g] = str(exc)
                            continue
                        model_list.append({"model_name": g, "litellm_params": params, "model_info": {"id": f"litellm-doctor-direct-{g}"}})
                if self.options.ca_bundle:
                    # The same trust as the HTTP probes: certifi's CAs plus --ca-bundle. litellm takes a
                    # bundle *path* (an SSLContext in ssl_verify is ignored on the OpenAI path), and a
                    # path replaces certifi, so it gets a temporary file holding both.
                    litellm.ssl_verify = combined_ca_bundle(self.options.ca_bundle)
                self._router = litellm.Router(model_list=model_list, num_retries=0, disable_cooldowns=True, timeout=self.options.probe_timeout)
            if group in self._direct_refused:
                self._end(index, "skip", clip(f"skipped: {self._direct_refused[group]}", 220))
                return
            assert self._sem is not None
            bodylimit.CUTS.set([])  # what litellm's clients had to cut during this call
            async with self._sem:
                await self._timed(self._router.acompletion(model=group, messages=PING, max_tokens=1, num_retries=0))
        except asyncio.TimeoutError:
            t = self._budget()
            text = f"litellm.Timeout: APITimeoutError - Request timed out. Error_str: direct call for model group {group} got no answer within {t:.1f} s (litellm-doctor's per-probe timeout)"
            state.direct = "fail"
            self._end(index, "fail", clip(text), Failure("direct.completion", group, "direct", text, group=group, api_base=dep.api_base))
            return
        except Exception as exc:  # noqa: BLE001 - every provider error is a verdict
            text = mask(str(exc)[:_TEXT_MAX]) or exception_text(exc)
            if not text.startswith("litellm."):
                text = f"{exception_text(exc)}" if "litellm." not in text else text
            # Said first in the detail: the cut explains why litellm could not read the answer.
            cut = mask(bodylimit.cut_note(bodylimit.CUTS.get() or []))
            state.direct = "fail"
            status = getattr(exc, "status_code", None)
            self._end(index, "fail", clip(f"{cut}: {text}" if cut else text, 220),
                      Failure("direct.completion", group, "direct", f"{text} ({cut})" if cut else text, group=group, status=status if isinstance(status, int) else None, api_base=dep.api_base))
            return
        state.direct = "pass"
        self._end(index, "pass", f"the provider answered directly ({dep.model})" + (f"; {cut}" if (cut := mask(bodylimit.cut_note(bodylimit.CUTS.get() or []))) else ""))

    # -- upstreams --------------------------------------------------------------------------------
    async def _upstream(self, base: str) -> None:
        try:
            ep = endpoint(base)
        except ValueError as exc:
            self._skip("upstream.dns", base, str(exc))
            return
        ok, _stage = await self._stages("upstream", ep, base)
        if not ok:
            return
        index = self._begin("upstream.http", base)
        probe_url = base.rstrip("/") + "/models"
        try:
            assert self._sem is not None
            async with self._sem:
                # No credentials: any HTTP answer (even 401) proves the HTTP layer works.
                response = await self._timed(self._fetch("GET", probe_url))
        except (asyncio.TimeoutError, Exception) as exc:  # noqa: BLE001
            if isinstance(exc, asyncio.TimeoutError):
                text = f"httpx.ReadTimeout: timed out: {base} accepted the connection but sent no HTTP response within {self._budget():.1f} s"
            else:
                text = f"{exception_text(exc)} (GET {probe_url})"
            self._end(index, "fail", clip(text), Failure("upstream.http", base, "upstream", text, api_base=base))
            return
        self._end(index, "pass", f"HTTP {response.status_code} without credentials")


# The order results are listed in (the module docstring's), by probe id prefix.
_STAGE_ORDER = (
    "proxy.dns", "proxy.tcp", "proxy.tls", "proxy.http", "proxy.liveliness", "proxy.readiness", "proxy.key",
    "proxy.models", "upstream.", "group.completion", "group.health", "direct.",
)


def _stage_rank(result: ProbeResult | None) -> int:
    probe_id = result.id if result is not None else ""
    return next((i for i, prefix in enumerate(_STAGE_ORDER) if probe_id.startswith(prefix)), len(_STAGE_ORDER))


async def _answered_within(request: asyncio.Future, seconds: float) -> bool:
    """Did `request` get an HTTP answer (any status) within `seconds`? It keeps running if not."""
    await asyncio.wait({request}, timeout=seconds)
    return request.done() and not request.cancelled() and request.exception() is None


class NoCookies(http.cookiejar.CookieJar):
    """A cookie jar that keeps nothing: each probe is the request it names (a load balancer's sticky
    cookie from one answer would pin the next requests to one replica). httpx reads every answer's
    headers into an email.message for its jar, ~0.2 ms of CPU per answer: 20 ms for a fleet's 120."""

    def extract_cookies(self, response: Any, request: Any) -> None:
        return None

    def set_cookie(self, cookie: Any) -> None:
        return None


def _retrieved(task: asyncio.Future) -> None:
    """Done-callback of a request whose failure is read later or never (a cancelled run): no
    "exception was never retrieved" message on stderr."""
    if not task.cancelled():
        task.exception()


def tls_context(proxy_urls: list[str], targets: Targets, options: ProbeOptions) -> Any:
    """The TLS context of a run: the trust store (+ --ca-bundle) when any URL it calls is https.

    A run of plain-http URLs only (redirects are never followed) never uses it: loading the trust
    store (~20 ms before the first request) is skipped then, for a context that trusts nothing.
    """
    tls = any(u.strip().lower().startswith("https:") for u in (*proxy_urls, *targets.api_bases()))
    return ssl_context(options.ca_bundle) if tls or options.ca_bundle else trust_nothing_context()


def execute_together(runners: list[Runner]) -> list[ProbeRun]:
    """Run several runs (a fleet's replicas) in one event loop in one daemon thread, each under its
    own deadline; return at the deadline at the latest.

    The thread is abandoned when the deadline passes, so even a server that accepts and never answers
    (or a hung DNS lookup) cannot hold the caller. One loop for all the runs, not a thread and a loop
    each: loops in several threads take turns with the interpreter lock (every 5 ms at most), so a
    replica's ready request could wait for another thread's turn."""
    mark("run start")
    started = time.monotonic()
    for runner in runners:
        runner._t0 = runner.run.started = started
    errors: list[BaseException] = []

    async def every_run() -> None:
        outcomes = await asyncio.gather(*(r._main_with_deadline() for r in runners), return_exceptions=True)
        errors.extend(o for o in outcomes if isinstance(o, BaseException))

    def target() -> None:
        try:
            asyncio.run(every_run())
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            errors.append(exc)

    thread = threading.Thread(target=target, name="litellm-doctor-probe", daemon=True)
    thread.start()
    thread.join(max(r.options.deadline for r in runners) + 0.5)
    for runner in runners:
        runner._finish_run()
    mark("run end")
    failed = [e for e in errors if not isinstance(e, (asyncio.TimeoutError, asyncio.CancelledError))]
    if failed:
        raise failed[0]
    return [r.run for r in runners]


def run_probes(proxy_url: str, targets: Targets, options: ProbeOptions) -> ProbeRun:
    return Runner(proxy_url, targets, options).execute()


# LiteLLM's /health?model= calls each deployment of the group the way its mode says (model_info.mode, else the mode
# of the model in LiteLLM's cost map): a chat or an embedding call costs a token or two; an image, video or speech
# model makes an image, a video or a clip. Those groups are not health-checked by --deep.
_BILLED_MODES = frozenset({"image_generation", "image_edit", "video_generation", "audio_speech", "audio_transcription"})
# The models whose cost-map mode is one of those (the doctor does not read LiteLLM's cost map): image, video and
# speech model names of the providers LiteLLM serves.
_BILLED_MODEL = (r"(?i)image|dall-e|imagen|stable-diffusion|sdxl|flux|sora|veo-|tts|whisper|transcri|speech|nova-canvas|"
                   r"nova-reel|recraft|ideogram|midjourney|seedream|seedance|kling|hailuo")


def billed_health_model(deployments: Iterable[Deployment]) -> str | None:
    """The first deployment (`model`, or `model (mode)`) that /health?model= would make produce an image, a video or
    speech, else None."""
    for dep in deployments:
        if dep.mode in _BILLED_MODES:
            return f"`{dep.model or dep.group}` (model_info.mode: {dep.mode})"
        if dep.mode is None and dep.model and rx(_BILLED_MODEL).search(dep.model):
            return f"`{dep.model}`"
    return None


def health_url(proxy_url: str, group: str) -> str:
    return f"{proxy_base(proxy_url)}/health?model={quote(group)}"


def combined_ca_bundle(ca_bundle: str) -> str:
    """A temporary PEM file with certifi's CAs and `ca_bundle`'s, removed when the process exits."""
    import atexit
    import tempfile

    import certifi

    with open(certifi.where(), "rb") as base:  # (certifi's own file: trusted and of a known size)
        data = base.read() + b"\n" + read_ca_bundle(ca_bundle)
    fd, path = tempfile.mkstemp(prefix="litellm-doctor-ca-", suffix=".pem")
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    atexit.register(lambda: os.path.exists(path) and os.remove(path))
    return path
