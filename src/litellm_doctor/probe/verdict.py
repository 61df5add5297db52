"""From a probe run to a Report: every failure goes through the rule library, as a pasted error does.

One finding per failed model group (it names the group, carries the category of the underlying
cause and points at the group's line in the config), one per proxy-level failure (unreachable, key
refused, not ready), none for a healthy group. The cause is chosen by specificity:

- a group in cooldown: the error the proxy's own /health?model= (or the direct call) gets from the
  deployment, e.g. the 401 behind "No deployments available … cooldown";
- a group whose completion failed with a connection error: the failed DNS/TCP/TLS stage of its
  api_base when there is one (it says *which* of them failed);
- otherwise the proxy's error body, or the direct call's error when the proxy is fine.

A few verdicts cannot come from error text because they rest on what the probe knows (it sent no key;
a config group is missing from /v1/models): those use the LD-PROBE-* definitions below.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, replace
from typing import Any, Iterable

from ..diagnosis.classify import diagnose_text, fill, finding_for, match_rules
from ..masking import mask
from ..model import Diagnosis, Finding, Location, ProbeResult, Report, RuleInfo
from ..diagnosis.rulebook import Rule, load_rules
from ..diagnosis.textinput import read_error_text
from ..urls import split_url
from .engine import Failure, ProbeRun, clip, _error_message

_STATUS_CATEGORY = {401: "auth", 403: "auth", 404: "routing", 408: "timeout", 429: "quota_rate", 504: "timeout"}
_NETWORK_SCOPES = ("proxy", "upstream")
_DOCS_HEALTH = "https://docs.litellm.ai/docs/proxy/health"


class ProbeRule(RuleInfo):
    """A verdict of the probe itself (not read from error text)."""


PROBE_RULES = {
    "not-served": ProbeRule(
        "LD-PROBE-001", "group-not-served-by-proxy", "routing", "error",
        "Model group `{model_group}` is in the config but the proxy does not serve it",
        "The proxy's /v1/models does not list this model group although the config defines it. Either the proxy "
        "runs another config (not restarted since the change, or started with another --config / CONFIG_FILE_PATH), "
        "it dropped the deployment at start-up (an unknown provider prefix is dropped with only a log line), or the "
        "key in use is not allowed to use this model.",
        (
            "Restart the proxy with this config: `litellm --config {config_file}` (or redeploy), then rerun the probe.",
            "Look for the group in the proxy's start-up log: a deployment with an unknown provider prefix is dropped there.",
            "Run `curl $PROXY/v1/models -H \"Authorization: Bearer $LITELLM_MASTER_KEY\"`: with the master key every group is listed; if it is listed then, your key's `models` list excludes it.",
        ),
        ("https://docs.litellm.ai/docs/proxy/configs", "https://docs.litellm.ai/docs/proxy/virtual_keys"),
    ),
    "no-key": ProbeRule(
        "LD-PROBE-002", "no-key-sent", "auth", "error",
        "No key was sent, and the proxy requires one",
        "The probe had no key (no --key-env, LITELLM_API_KEY or LITELLM_MASTER_KEY) and the proxy refused the "
        "request. A proxy with a master key answers every request without an `Authorization: Bearer` key with "
        "401 `No api key passed in.`; LiteLLM 1.103.0 installed without the `prisma` package answers it with a "
        "bare 500 `Internal server error` instead.",
        (
            "Send the key: `litellm-doctor probe --proxy {proxy_url} --key-env MY_KEY_VAR` (or set LITELLM_API_KEY).",
            "Clients must send `Authorization: Bearer sk-...` (the master key, or a virtual key when the proxy has a database).",
        ),
        ("https://docs.litellm.ai/docs/proxy/virtual_keys",),
    ),
    "unclassified": ProbeRule(
        "LD-PROBE-003", "probe-failed-unclassified", "deployment", "error",
        "A probe failed and no rule explains its answer",
        "The probe got an answer that no rule of the library recognises. The category comes from the HTTP status "
        "(401/403 auth, 404 routing, 408/504 timeout, 429 quota_rate, other 5xx and network errors deployment).",
        (
            "Read the proxy's log around the time of the probe (run it with `--detailed_debug`) for the full error.",
            "Run `litellm-doctor diagnose` on that log line; if nothing matches, report it with the text.",
        ),
        (_DOCS_HEALTH,),
    ),
    "direct-only": ProbeRule(
        "LD-PROBE-004", "direct-call-fails-proxy-works", "deployment", "warning",
        "Model group `{model_group}` works through the proxy but not when called directly from here",
        "The completion through the proxy succeeded, but the same deployment called directly with litellm from "
        "this machine failed. The proxy's environment has what this one lacks (an env var, a network route, a "
        "certificate), so this is not a failure of the proxy.",
        (
            "Compare the environment variables the config refers to (`os.environ/...`) in the proxy's environment and in this shell.",
            "Ignore this if the proxy is meant to be the only one with access to the provider.",
        ),
        (_DOCS_HEALTH,),
    ),
    "not-a-model-list": ProbeRule(
        "LD-PROBE-005", "proxy-models-answer-not-openai", "deployment", "error",
        "The proxy's /v1/models answer is not an OpenAI model list",
        "The URL answered /v1/models with HTTP 200, but the body is not the JSON a LiteLLM proxy sends "
        "(`{\"object\": \"list\", \"data\": [...]}`): it is not valid JSON, is cut short, or is far too large. "
        "Either the URL is not the LiteLLM proxy (another service, a load balancer's or SSO login's HTML "
        "page, the wrong port) or something between you and the proxy rewrites or truncates its answers.",
        (
            "Check the URL: `curl -sS {proxy_url}/v1/models -H \"Authorization: Bearer $LITELLM_MASTER_KEY\" | head -c 500` "
            'must print `{"data": [...], "object": "list"}`.',
            "If a reverse proxy, ingress or SSO gateway sits in front of LiteLLM, probe the proxy's own address "
            "(e.g. `http://$POD_IP:4000`, POD_IP from `kubectl get pods -o wide`) to tell which of them answers.",
        ),
        ("https://docs.litellm.ai/docs/proxy/quick_start",),
    ),
    "redirect": ProbeRule(
        "LD-PROBE-006", "proxy-answers-with-redirect", "deployment", "error",
        "The proxy URL answers with a redirect (HTTP {status} to {redirect_to})",
        "A LiteLLM proxy answers its routes itself; a redirect means this URL is not the proxy's final address "
        "(plain http redirected to https, a missing or extra path prefix, a load balancer or an SSO login in "
        "front of it). The doctor never follows a redirect, because its requests carry your key and a redirect "
        "can send them to another host; API clients do not follow one for a POST either, or follow it without "
        "their Authorization header, so they fail the same way.",
        (
            "Probe the address the redirect names instead: `litellm-doctor probe --proxy {redirect_base}`.",
            "Give your clients that final address as their base URL (`OPENAI_BASE_URL`, `api_base`), not the one that redirects.",
            "If the redirect goes to a login page, the proxy sits behind SSO or an auth gateway: probe it from inside that boundary.",
        ),
        ("https://docs.litellm.ai/docs/proxy/deploy",),
    ),
    "proxy-down": ProbeRule(
        "LD-PROBE-007", "proxy-not-reachable", "deployment", "error",
        "Nothing answers at the proxy address {proxy_url}",
        "The probe could not open a connection to the LiteLLM proxy itself (DNS, TCP or TLS failed before any "
        "HTTP answer), so no request reached LiteLLM and no provider was called: the problem is the proxy "
        "process or its address, not an upstream. Either the proxy is not running (crashed at start-up, still "
        "starting, stopped), it listens on another port or interface (`--port`, `--host`; 4000 by default, "
        "127.0.0.1 inside a container is unreachable from outside), or the URL is wrong.",
        (
            "Start the proxy, or look at why it stopped: `litellm --config config.yaml --port {proxy_port}` "
            "(Docker: `docker ps -a` then `docker logs \"$CONTAINER\"`, CONTAINER being the proxy's container name; Kubernetes: `kubectl logs deploy/litellm`).",
            "Check what listens on the port: `curl -sv {proxy_url}/health/liveliness` from this host; the proxy "
            "listens on port 4000 unless started with `--port`, and inside a container it must listen on "
            "`--host 0.0.0.0` with the port published (`-p 4000:4000`).",
            "If the URL is right and the proxy runs, check what sits in between: a firewall, a service or "
            "ingress name that does not resolve here, or `https://` to a proxy that serves plain http.",
        ),
        ("https://docs.litellm.ai/docs/proxy/deploy", "https://docs.litellm.ai/docs/proxy/cli"),
    ),
    "proxy-tls": ProbeRule(
        "LD-PROBE-009", "proxy-certificate-not-trusted", "deployment", "error",
        "The proxy's TLS certificate at {proxy_url} is not trusted",
        "The connection to the LiteLLM proxy itself failed TLS verification (a self-signed or private-CA "
        "certificate, an expired one, or one issued for another host name), so nothing was sent to it, no key "
        "included. Every client that verifies TLS fails the same way before LiteLLM sees the request; it is the "
        "proxy's certificate (or the TLS terminator in front of it), not an upstream provider.",
        (
            "If the certificate comes from your own CA, trust it here: `litellm-doctor probe --proxy {proxy_url} "
            "--ca-bundle ca.pem`, and in your clients (`SSL_CERT_FILE=ca.pem` for the OpenAI SDK and httpx).",
            "If it has expired or names another host, renew it on whatever terminates TLS for the proxy (ingress, "
            "load balancer, or `litellm --ssl_certfile_path … --ssl_keyfile_path …`).",
            "Check what the server presents: `openssl s_client -connect {proxy_host}:{proxy_port} -servername "
            "{proxy_host} </dev/null | openssl x509 -noout -subject -issuer -dates`.",
        ),
        ("https://docs.litellm.ai/docs/proxy/deploy",),
    ),
    "not-litellm": ProbeRule(
        "LD-PROBE-010", "proxy-url-not-litellm", "deployment", "error",
        "Something answers at {proxy_url}, but not as a LiteLLM proxy",
        "An HTTP server answered, but `/health/liveliness`, which every LiteLLM proxy serves without a key "
        "whatever its config, got HTTP {status}: another service listens on this address (a dev server, "
        "another container on the published port), or LiteLLM sits behind a gateway that serves it under a path "
        "prefix. The probe's key and model requests went to that server too, so their answers say nothing "
        "about the proxy.",
        (
            "Check the address: a LiteLLM proxy listens on port 4000 unless started with `--port`; "
            "`curl -sS {proxy_url}/health/liveliness` must print `\"I'm alive!\"`.",
            "If a gateway or ingress serves LiteLLM under a path (`/litellm`), probe with that prefix: "
            "`litellm-doctor probe --proxy {proxy_url}/litellm` (the prefix your gateway uses; LiteLLM's own "
            "`SERVER_ROOT_PATH` moves its routes the same way).",
            "Find what listens on the port here: `ss -ltnp | grep :{proxy_port}` (or `docker ps` for a published port).",
        ),
        ("https://docs.litellm.ai/docs/proxy/deploy", "https://docs.litellm.ai/docs/proxy/health"),
    ),
    "proxy-hung": ProbeRule(
        "LD-PROBE-008", "proxy-not-answering", "timeout", "error",
        "The proxy at {proxy_url} accepts connections but does not answer",
        "The TCP connection to the proxy opened, but `/health/liveliness`, an endpoint that calls no model, did "
        "not answer in time: the proxy process itself is stuck or overloaded (every worker busy, blocked on a "
        "slow database or Redis at start-up, or still loading), or something in front of it holds the "
        "connection open. An upstream provider cannot cause this.",
        (
            "Look at the proxy's log for what it is doing: a start-up that waits on `DATABASE_URL` / Prisma "
            "migrations or on Redis, or a traceback (`docker logs \"$CONTAINER\"` with CONTAINER the proxy's container name, or `kubectl logs deploy/litellm`).",
            "Give it more workers if it is saturated: `litellm --config config.yaml --num_workers 4` (or scale "
            "the replicas), and check its CPU and memory.",
            "Call it directly, bypassing any load balancer: `curl -sv -m 10 {proxy_url}/health/liveliness`; "
            "restart the proxy if it stays silent.",
        ),
        ("https://docs.litellm.ai/docs/proxy/health", "https://docs.litellm.ai/docs/proxy/prod"),
    ),
}

_REDIRECT = re.compile(r"^HTTP (?P<status>3\d\d) redirect from (?P<source>\S+) to (?P<target>\S+)")


# -- classification -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Classified:
    report: Report
    rule: Rule | None
    facts: dict[str, str]


def classify(text: str, rules: tuple[Rule, ...]) -> Classified:
    """The same pipeline as `litellm_doctor.diagnosis.diagnose`: normalise, match, extract facts."""
    error = read_error_text(text or " ")
    report = diagnose_text(error, rules, command="probe")
    matches = match_rules(error.text, rules)
    rule = matches[0].rule if matches else None
    return Classified(report, rule, dict(report.facts))


def _rule_finding(rules_text: str, facts: dict[str, str], message: str, location: Location | None, evidence: str, rules: tuple[Rule, ...]) -> Finding:
    error = read_error_text(rules_text or " ")
    matches = match_rules(error.text, rules)
    base = finding_for(matches[0], facts, message=message)
    return replace(base, location=location, evidence=mask(clip(evidence, 400)))


def _probe_finding(key: str, facts: dict[str, str], message: str | None, location: Location | None, evidence: str | None, category: str | None = None) -> Finding:
    pr = PROBE_RULES[key]
    title = fill(pr.title, facts)
    return Finding(
        rule_id=pr.id,
        category=category or pr.category,
        severity=pr.severity,
        title=title,
        message=message or title,
        # (a step's command is copied into a shell: fill quotes the config's path there, `my configs/config.yaml`, as
        # it quotes every value in a command; quoted here first as well, it was quoted twice)
        steps=tuple(fill(s, facts) for s in pr.steps),
        location=location,
        docs=pr.docs,
        evidence=mask(clip(evidence, 400)) if evidence else None,
    )


def _probe_diagnosis(key: str, facts: dict[str, str], category: str | None = None) -> Diagnosis:
    pr = PROBE_RULES[key]
    return Diagnosis(pr.id, pr.name, fill(pr.title, facts), category or pr.category, 0.9 if key != "unclassified" else 0.5, fill(pr.why, facts))


def _fallback_category(f: Failure) -> str:
    if f.scope == "deadline":
        return "timeout"
    if f.status in _STATUS_CATEGORY:
        return _STATUS_CATEGORY[f.status]
    if f.status is not None and 400 <= f.status < 500:
        return "other"
    return "deployment"


@dataclass
class Verdict:
    finding: Finding
    diagnosis: Diagnosis
    facts: dict[str, str]
    order: int  # lower = more fundamental (primary diagnosis)


def _verdict(
    failure: Failure, text: str, rules: tuple[Rule, ...], facts: dict[str, str], message: str, location: Any, order: int
) -> Verdict:
    """`location` is a Location, or a callable(rule config keys) -> Location for a model group."""
    redirect = _REDIRECT.match(text)
    if redirect:  # the probe's own verdict: no error text to classify, the key was not sent on
        target = split_url(redirect["target"])
        base = f"{target.scheme}://{target.netloc}" if target is not None and target.netloc else redirect["target"]
        facts = {**facts, "status": redirect["status"], "redirect_to": redirect["target"], "redirect_base": base}
        if callable(location):
            location = location(())
        return Verdict(_probe_finding("redirect", facts, message, location, text), _probe_diagnosis("redirect", facts), facts, order)
    c = classify(text, rules)
    if callable(location):
        location = location(c.rule.config if c.rule is not None else ())
    merged = {**c.facts, **{k: v for k, v in facts.items() if v}}
    if c.rule is not None and c.report.diagnosis is not None:
        finding = _rule_finding(text, merged, message, location, _evidence_line(text), rules)
        d = c.report.diagnosis
        diagnosis = replace(d, title=fill(c.rule.title, merged), why=fill(c.rule.why, merged))
        return Verdict(finding, diagnosis, merged, order)
    category = _fallback_category(failure)
    finding = _probe_finding("unclassified", merged, message, location, _evidence_line(text), category)
    return Verdict(finding, _probe_diagnosis("unclassified", merged, category), merged, order)


_TIMED_OUT = re.compile(r"time(?:d)? ?out|Timeout", re.IGNORECASE)


def _proxy_verdict(run: ProbeRun, f: Failure, message: str, *, hung: bool = False) -> Verdict | None:
    """The proxy itself down or hung: advice about the proxy (start it, its port, its workers), never
    the upstream advice a connection error in a provider's text would get. A redirect keeps its own."""
    if _REDIRECT.match(f.text):
        return None
    parts = split_url(run.proxy_url)
    port = str(parts.port or (443 if parts.scheme == "https" else 80)) if parts is not None else "4000"
    facts = {"proxy_url": run.proxy_url, **run.facts}
    words = {**facts, "proxy_port": port, "proxy_host": (parts.hostname if parts is not None else None) or "localhost"}
    hung = hung or (bool(_TIMED_OUT.search(f.text)) and f.probe_id not in ("proxy.dns", "proxy.tcp"))
    key = "proxy-hung" if hung else "proxy-tls" if f.probe_id == "proxy.tls" else "proxy-down"
    finding = _probe_finding(key, words, message, None, _evidence_line(f.text))
    return Verdict(finding, _probe_diagnosis(key, words), facts, 0)


def _not_litellm(f: Failure) -> bool:
    """/health/liveliness answered 404: LiteLLM serves that route without a key whatever its config, so the server
    that answered is another one (or a gateway without the route)."""
    return f.probe_id == "proxy.liveliness" and f.status == 404


def _evidence_line(text: str) -> str:
    message = _error_message(text)
    return message.split("\n", 1)[0] if message else text


# -- the report -----------------------------------------------------------------------------------
def _past_deadline(run: ProbeRun) -> bool:
    return bool(run.started) and time.monotonic() - run.started > run.options.deadline


def build_report(run: ProbeRun, *, rules: tuple[Rule, ...] | None = None, command: str = "probe") -> Report:
    rules = rules if rules is not None else load_rules()
    targets = run.targets
    verdicts: list[Verdict] = []
    base_facts = {"proxy_url": run.proxy_url, **run.facts}
    if targets.config_file:
        base_facts["config_file"] = targets.config_file

    by_scope: dict[str, list[Failure]] = {}
    for f in run.failures:
        by_scope.setdefault(f.scope, []).append(f)

    # 1. The proxy itself: unreachable, not alive, not ready.
    not_litellm = False
    for f in by_scope.get("proxy", []):
        message = f"The proxy at {run.proxy_url} is not usable ({f.probe_id}): {clip(_evidence_line(f.text), 160)}"
        if _not_litellm(f):
            # Something answered, without LiteLLM's liveliness route: not "nothing answers, start the proxy" (its
            # HTTP probe passed), and the readiness and key probes' answers are the same server's, not the proxy's.
            not_litellm = True
            parts = split_url(run.proxy_url)
            words = {**base_facts, "proxy_url": run.proxy_url, "status": str(f.status),
                     "proxy_port": str(parts.port or (443 if parts.scheme == "https" else 80)) if parts is not None else "4000"}
            finding = _probe_finding("not-litellm", words, None, None, _evidence_line(f.text))
            facts = {**base_facts, "status": str(f.status)}
            verdicts.append(Verdict(finding, _probe_diagnosis("not-litellm", words), facts, 0))
            continue
        verdicts.append(_proxy_verdict(run, f, message) or _verdict(f, f.text, rules, base_facts, message, None, 0))
    for f in by_scope.get("readiness", []) if not not_litellm else ():
        verdicts.append(_verdict(f, f.text, rules, base_facts, f"The proxy at {run.proxy_url} is not ready: {clip(_evidence_line(f.text), 160)}", None, 2))

    # 2. The key, and what /v1/models answered with it.
    for f in by_scope.get("key", []) if not not_litellm else ():
        verdicts.append(_key_verdict(run, f, rules, base_facts))
    for f in by_scope.get("models", []):
        if f.group is None:
            finding = _probe_finding("not-a-model-list", base_facts, f"{run.proxy_url}/v1/models: {clip(f.text, 200)}", None, f.text)
            verdicts.append(Verdict(finding, _probe_diagnosis("not-a-model-list", base_facts), dict(base_facts), 3))

    # 3. Model groups, in config order.
    group_failures: dict[str, list[Failure]] = {}
    for f in run.failures:
        if f.group is not None and f.scope in ("group", "health", "direct", "models", "deadline"):
            group_failures.setdefault(f.group, []).append(f)
    upstream_failures: dict[str, Failure] = {}
    for f in by_scope.get("upstream", []):
        if f.api_base:
            upstream_failures.setdefault(f.api_base, f)
    ordered_groups = list(dict.fromkeys([*targets.groups, *run.groups, *group_failures]))
    # Classifying a failure costs tens of ms (the rule library): 3000 failed groups took 36 s after a
    # 3 s deadline. Past the deadline, what is left is cut and said (at least one verdict is always made).
    cut: list[str] = []
    for n, group in enumerate(ordered_groups):
        if verdicts and group in group_failures and _past_deadline(run):
            cut.append(group)
            continue
        v = _group_verdict(run, group, group_failures.get(group, []), upstream_failures, rules, base_facts, 10 + n)
        if v is not None:
            verdicts.append(v)

    # 4. Anything else that timed out at the deadline without a group.
    proxy_hung = False
    for f in by_scope.get("deadline", []):
        if f.group is None and not f.probe_id.startswith("upstream."):
            message = f"{f.probe_id} did not finish: {clip(f.text, 160)}"
            if f.probe_id.startswith("proxy."):  # the proxy itself hangs: one verdict about the proxy
                if not proxy_hung:
                    proxy_hung = True
                    verdicts.append(_proxy_verdict(run, f, message, hung=True) or _verdict(f, f.text, rules, base_facts, message, None, 5))
                continue
            verdicts.append(_verdict(f, f.text, rules, base_facts, message, None, 5))
    # Upstream stages whose api_base belongs to no probed group failure (e.g. probe without --deep) are
    # reported through their groups in _group_verdict; a base with no group at all is reported here.
    used = {d.api_base for d in targets.deployments}
    for base, f in upstream_failures.items():
        if base not in used:
            if verdicts and _past_deadline(run):
                cut.append(base)
                continue
            verdicts.append(_verdict(f, f.text, rules, base_facts, f"Upstream {base}: {clip(f.text, 160)}", None, 50))

    verdicts.sort(key=lambda v: v.order)
    findings = tuple(v.finding for v in verdicts)
    notes = list(run.notes)
    for g, state in run.groups.items():
        if state.status == "pass" and state.budget:
            notes.append(f"Model group `{g}`: rate-limit budget left {', '.join(f'{v} {k}' for k, v in state.budget.items())}.")
    results = sort_results(run.finished(), ordered_groups)
    # Counted up to now: classifying and masking what the probes returned is part of the run.
    elapsed = time.monotonic() - run.started if run.started else run.elapsed
    notes.append(f"Probed in {elapsed:.1f} s (deadline {run.options.deadline:g} s, {run.options.probe_timeout:g} s per probe).")
    if run.deadline_hit:
        notes.append(f"The overall deadline of {run.options.deadline:g} s was reached; unfinished probes are marked failed.")
    if cut:
        shown = ", ".join(f"`{c}`" for c in cut[:5]) + (f" and {len(cut) - 5} more" if len(cut) > 5 else "")
        notes.append(
            f"Cut at the deadline: {len(cut)} failure(s) not classified ({shown}); their probes are listed above. "
            f"The first {len(verdicts)} were classified within the deadline of {run.options.deadline:g} s; "
            f"a longer --timeout, or fewer model groups, classifies the rest."
        )
    if not verdicts:
        return Report(command=command, category="unknown", diagnosis=None, facts=base_facts, findings=(), probes=tuple(results), notes=tuple(notes))
    primary = verdicts[0]
    facts = {**primary.facts, **base_facts}
    return Report(
        command=command,
        category=primary.diagnosis.category,
        diagnosis=primary.diagnosis,
        facts={k: v for k, v in facts.items() if v},
        findings=findings,
        probes=tuple(results),
        notes=tuple(notes),
    )


def _key_verdict(run: ProbeRun, f: Failure, rules: tuple[Rule, ...], base_facts: dict[str, str]) -> Verdict:
    source = run.options.key_source or "no key"
    location = run.targets.master_key_location
    text = f.text
    message = f"The proxy refused the key ({source}): HTTP {f.status} {clip(_evidence_line(text), 160)}"
    if _REDIRECT.match(text):
        message = f"/v1/models answered with a redirect; the key ({source}) was not sent on: {clip(text, 200)}"
    elif not f.key_sent:
        c = classify(text, rules)
        if c.report.category != "auth":
            facts = {**base_facts}
            return Verdict(
                _probe_finding("no-key", facts, f"No key was sent (no --key-env, LITELLM_API_KEY or LITELLM_MASTER_KEY) and the proxy answered HTTP {f.status}: {clip(_evidence_line(text), 120)}", None, _evidence_line(text)),
                _probe_diagnosis("no-key", facts),
                facts,
                1,
            )
        message = f"No key was sent, and the proxy requires one: HTTP {f.status} {clip(_evidence_line(text), 160)}"
    elif "No connected db" in text:
        master = run.targets.master_key
        why = "it is not the master key" + (" of the config (general_settings.master_key)" if master else "")
        message = (
            f"The proxy has no database (readiness: db {run.db or 'Not connected'}), so it accepts only its master key; "
            f"the key from {source} was refused because {why}. A virtual key (sk-...) only works with a database."
        )
    return _verdict(f, text, rules, base_facts, message, location, 1)


def _group_verdict(
    run: ProbeRun, group: str, failures: list[Failure], upstream_failures: dict[str, Failure],
    rules: tuple[Rule, ...], base_facts: dict[str, str], order: int,
) -> Verdict | None:
    targets = run.targets
    deployments = targets.deployments_of(group)
    entry_location = targets.location_of_group(group)

    def location(rule_config: tuple[str, ...] = ()) -> Location | None:
        return targets.location_for(group, rule_config)

    def net_location(rule_config: tuple[str, ...] = ()) -> Location | None:
        return targets.location_for(group, rule_config, ("api_base",))

    state = run.groups.get(group)
    proxy_fail = next((f for f in failures if f.scope in ("group",) or (f.scope == "deadline" and f.probe_id == "group.completion")), None)
    health = next((f for f in failures if f.scope == "health"), None)
    direct = next((f for f in failures if f.scope == "direct" or (f.scope == "deadline" and f.probe_id == "direct.completion")), None)
    missing = next((f for f in failures if f.scope == "models"), None)
    net = next((upstream_failures[d.api_base] for d in deployments if d.api_base in upstream_failures), None)
    dep = deployments[0] if deployments else None
    facts = {**base_facts, "model_group": group}
    if dep is not None:
        facts.update({k: v for k, v in (("provider", dep.provider), ("api_base", dep.api_base), ("model", dep.model)) if v})

    direct_note = ""
    if run.options.direct and state is not None:
        if state.direct == "pass" and proxy_fail is not None:
            direct_note = " Called directly through litellm from here, the provider answers: the problem is in the proxy (its environment, the config it loaded, or a cooldown), not at the provider."
        elif state.direct == "fail" and proxy_fail is not None:
            direct_note = " Called directly through litellm, it fails too: a provider/deployment problem, not the proxy."

    if proxy_fail is not None:
        said = f"the proxy answered HTTP {proxy_fail.status}: {clip(_evidence_line(proxy_fail.text), 160)}" if proxy_fail.status else clip(_evidence_line(proxy_fail.text), 200)
        if "No deployments available" in proxy_fail.text and "cooldown" in proxy_fail.text:
            cause = health or direct
            if cause is not None:
                status = f"HTTP {cause.status} " if cause.status else ""
                msg = (f"Model group `{group}` is in cooldown (the proxy answers \"No deployments available … cooldown\"); "
                       f"the cause is its deployment's own error: {status}{clip(_evidence_line(cause.text), 180)}.{direct_note}")
                return _verdict(cause, cause.text, rules, facts, msg, location, order)
            return _verdict(proxy_fail, proxy_fail.text, rules, facts, f"Model group `{group}`: {said}.{direct_note}", location, order)
        if net is not None and (proxy_fail.status in (500, 502, 503, None) or "Connection error" in proxy_fail.text):
            msg = f"Model group `{group}`: {said}; the doctor's own {net.probe_id.split('.')[-1].upper()} probe of its api_base {net.api_base} failed: {clip(_evidence_line(net.text), 160)}.{direct_note}"
            return _verdict(net, net.text, rules, facts, msg, net_location, order)
        return _verdict(proxy_fail, proxy_fail.text, rules, facts, f"Model group `{group}`: {said}.{direct_note}", location, order)

    if missing is not None:
        facts.setdefault("config_file", targets.config_file or "config.yaml")
        served = run.served_models or []
        msg = f"Model group `{group}` is defined in the config but the proxy's /v1/models does not list it ({len(served)} groups served)."
        return Verdict(_probe_finding("not-served", facts, msg, entry_location, None), _probe_diagnosis("not-served", facts), facts, order)

    if net is not None and (state is None or state.status != "pass"):
        msg = f"Model group `{group}`: its api_base {net.api_base} failed the {net.probe_id.split('.')[-1].upper()} probe: {clip(_evidence_line(net.text), 200)}"
        return _verdict(net, net.text, rules, facts, msg, net_location, order)

    if direct is not None and state is not None and state.status == "pass":
        msg = f"Model group `{group}` answers through the proxy, but the direct call from here failed: {clip(_evidence_line(direct.text), 200)}"
        return Verdict(_probe_finding("direct-only", facts, msg, entry_location, _evidence_line(direct.text)), _probe_diagnosis("direct-only", facts), facts, order + 1000)
    if direct is not None and state is None:
        return _verdict(direct, direct.text, rules, facts, f"Model group `{group}`, called directly: {clip(_evidence_line(direct.text), 200)}", location, order)
    return None


_STAGE_ORDER = {"dns": 0, "tcp": 1, "tls": 2, "http": 3, "liveliness": 4, "readiness": 5, "key": 6, "models": 7, "completion": 8, "health": 9}
_SCOPE_ORDER = {"proxy": 0, "upstream": 1, "group": 2, "direct": 2}


def sort_results(results: Iterable[ProbeResult], groups: list[str]) -> list[ProbeResult]:
    """Proxy stages, then each upstream's stages, then each model group (completion, health, direct)."""
    group_rank = {g: n for n, g in enumerate(groups)}
    targets: dict[str, int] = {}

    def key(r: ProbeResult) -> tuple:
        scope, _, stage = r.id.partition(".")
        if scope in ("group", "direct"):
            where = group_rank.get(r.target, len(group_rank))
            return (2, where, 0 if scope == "group" else 1, _STAGE_ORDER.get(stage, 99))
        where = targets.setdefault(r.target.split(" ", 1)[0].replace("/health/liveliness", "").replace("/health/readiness", "").replace("/v1/models", ""), len(targets))
        return (_SCOPE_ORDER.get(scope, 3), where if scope == "upstream" else 0, _STAGE_ORDER.get(stage, 99))

    return sorted(results, key=key)


def probe_ids(results: Iterable[ProbeResult]) -> list[str]:
    return [f"{r.id}:{r.target}" for r in results]
