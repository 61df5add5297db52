"""Hostile servers on loopback against the real CLI (issue 6, part 2).

Each case runs `litellm-doctor probe` as a subprocess, as a user would, and checks three things: the
overall deadline holds (the run ends within a second of `--timeout`), the process's own peak RSS
stays under 300 MB (wait4), and the diagnosis is right (category, rule and a detail that says what
happened). The silent server and a redirect of the liveliness probe are also covered in-process by
tests/lab/test_probe_safety.py; here every probe path is redirected and every credential header name
is checked at the target.
"""

from __future__ import annotations

import json

import pytest

from hardening_helpers import leaks, run_cli
from hostile_servers import RETRY_AFTER, HostileServer, make_cert, other_loopback_host
from litellm_doctor.probe.redirects import CREDENTIAL_HEADER, crosses_origin
from secrets_planted import texts_with_secrets

TIMEOUT = 2.0
MAX_RSS_MB = 300
PROXY_KEY = "sk-hostile-proxy-key-0123456789abcdef"


def probe(url: str, *extra: str, timeout: float = TIMEOUT, env: dict[str, str] | None = None):
    result = run_cli(["probe", "--proxy", url, "--timeout", str(timeout), "--format", "json", *extra],
                     timeout=timeout + 30, env={"LITELLM_API_KEY": PROXY_KEY, **(env or {})})
    assert result.returncode == 1, (result.returncode, result.stderr[-2000:])  # a probe failed: exit 1
    assert result.elapsed <= timeout + 1.0, f"deadline: {result.elapsed:.2f} s for --timeout {timeout}"
    assert PROXY_KEY not in result.output
    report = json.loads(result.stdout)
    return result, report


def failed(report: dict) -> dict[str, str]:
    return {p["id"]: p["detail"] for p in report["probes"] if p["status"] == "fail"}


@pytest.fixture(scope="module")
def certs(tmp_path_factory):
    d = tmp_path_factory.mktemp("certs")
    return {"selfsigned": make_cert(d), "expired": make_cert(d, expired=True)}


@pytest.mark.parametrize("mode", ["silent", "drip"])
def test_a_server_that_never_finishes_answering_is_a_timeout_at_the_deadline(mode):
    with HostileServer(mode) as server:
        result, report = probe(server.url)
    assert result.elapsed >= TIMEOUT - 0.3  # it did wait for the deadline, and not longer (above)
    assert result.peak_rss_mb < MAX_RSS_MB
    assert report["category"] == "timeout", report["diagnosis"]
    assert f"no answer within the overall deadline of {TIMEOUT:g} s" in failed(report)["proxy.http"]


def test_a_reset_mid_body_is_a_dropped_connection():
    with HostileServer("reset") as server:
        result, report = probe(server.url)
    assert result.peak_rss_mb < MAX_RSS_MB
    assert report["category"] == "deployment"
    assert report["diagnosis"]["rule_id"] != "LD-PROBE-003"  # a rule explains it, not "unclassified"
    assert "Connection reset by peer" in failed(report)["proxy.http"]


def test_a_200_mb_body_is_cut_at_1_mib_in_bounded_memory():
    with HostileServer("huge") as server:
        result, report = probe(server.url, timeout=10)
    assert result.peak_rss_mb < MAX_RSS_MB, f"peak RSS {result.peak_rss_mb:.0f} MB"
    assert result.elapsed < 5
    assert report["category"] == "deployment" and report["diagnosis"]["rule_id"] == "LD-PROBE-005"
    detail = failed(report)["proxy.models"]
    assert "not an OpenAI model list" in detail and "larger than 1 MiB (content-length 209715200)" in detail


def test_invalid_json_is_not_a_model_list():
    with HostileServer("badjson") as server:
        result, report = probe(server.url)
    assert result.peak_rss_mb < MAX_RSS_MB
    assert report["category"] == "deployment" and report["diagnosis"]["rule_id"] == "LD-PROBE-005"
    assert "not an OpenAI model list" in failed(report)["proxy.models"]


def test_retry_after_999999_is_reported_and_never_waited_for():
    with HostileServer("retry-after") as server:
        result, report = probe(server.url, "--deep", timeout=10)
    assert result.elapsed < 5  # it neither slept nor retried
    assert result.peak_rss_mb < MAX_RSS_MB
    assert [r[1] for r in server.requests].count("/chat/completions") == 1  # one call, no retry
    assert report["category"] == "quota_rate"
    assert report["facts"]["retry_after"] == int(RETRY_AFTER)  # JSON facts are typed
    assert f"(Retry-After {RETRY_AFTER} s)" in failed(report)["group.completion"]


@pytest.mark.parametrize("kind", ["selfsigned", "expired"])
def test_a_bad_certificate_fails_tls_verification(certs, kind):
    cert, key = certs[kind]
    extra = ["--ca-bundle", str(cert)] if kind == "expired" else []  # trusted, but out of date
    with HostileServer("record", tls=(cert, key)) as server:
        result, report = probe(server.url, *extra)
    assert result.peak_rss_mb < MAX_RSS_MB
    # The proxy's own certificate: advice about the proxy (issue 12), not LiteLLM's upstream CA bundle.
    assert report["category"] == "deployment" and report["diagnosis"]["rule_id"] == "LD-PROBE-009"
    expected = "self-signed certificate" if kind == "selfsigned" else "certificate has expired"
    assert expected in failed(report)["proxy.tls"]
    assert server.requests == []  # nothing, and no key, was sent over the unverified connection


def test_a_redirect_to_another_host_gets_nothing_from_the_probes():
    with HostileServer("record", host=other_loopback_host()) as target, HostileServer("redirect") as redirector:
        redirector.redirect_to = target.url
        result, report = probe(redirector.url, "--deep")
        assert target.requests == []
    assert result.peak_rss_mb < MAX_RSS_MB
    assert report["category"] == "deployment" and report["diagnosis"]["rule_id"] == "LD-PROBE-006"
    assert target.url in report["diagnosis"]["title"]
    details = failed(report)
    assert "not followed" in details["proxy.liveliness"] and "not followed with credentials" in details["proxy.key"]


SECRETS = {
    "authorization": "sk-proj-hostileOPENAIsecret0123456789abcdef",  # openai: Authorization: Bearer
    "x-api-key": "sk-ant-api03-hostileANTHROPICsecret0123456789abcdef",  # anthropic
    "api-key": "0123456789abcdef0123456789abcdef",  # azure
    "x-litellm-api-key": "sk-hostile-litellm-virtual-key-0123456789",  # sent by extra_headers
}


def test_direct_calls_through_litellm_send_no_credential_to_a_redirect_target(tmp_path):
    """litellm's clients follow redirects; httpx drops Authorization across hosts but kept x-api-key and
    api-key (a leak this test found). No header carrying a secret may reach the other host. The target
    echoes planted secrets back in its 401s: litellm's exception texts must come out masked too."""
    with HostileServer("echo", host=other_loopback_host(), echo=texts_with_secrets()) as target, \
            HostileServer("redirect") as redirector, \
            HostileServer("record") as proxy:
        redirector.redirect_to = target.url
        config = tmp_path / "config.yaml"
        config.write_text(
            "model_list:\n"
            f"  - model_name: oai\n    litellm_params: {{model: openai/gpt-4o, api_base: {redirector.url}/v1, api_key: {SECRETS['authorization']}}}\n"
            f"  - model_name: claude\n    litellm_params: {{model: anthropic/claude-3-5-sonnet-20240620, api_base: {redirector.url}, api_key: {SECRETS['x-api-key']}}}\n"
            f"  - model_name: az\n    litellm_params: {{model: azure/gpt4, api_base: {redirector.url}, api_key: {SECRETS['api-key']}, api_version: '2024-02-01'}}\n"
            f"  - model_name: custom\n    litellm_params: {{model: openai/gpt-4o, api_base: {redirector.url}/v1, api_key: none, "
            f"extra_headers: {{x-litellm-api-key: {SECRETS['x-litellm-api-key']}}}}}\n",
            encoding="utf-8",
        )
        result = run_cli(["probe", "--proxy", proxy.url, "--config", str(config), "--direct", "--timeout", "25", "--format", "json"],
                         timeout=60, env={"LITELLM_API_KEY": PROXY_KEY})
        reached = list(target.requests)
        sent = list(redirector.requests)
    assert result.returncode in (0, 1), result.stderr[-2000:]
    assert result.elapsed <= 26
    # litellm itself is imported for --direct (~180 MB on its own; README: 183 MB): report, don't fail on it
    print(f"--direct peak RSS: {result.peak_rss_mb:.0f} MB")
    names = {k for _m, _p, headers in sent for k in headers if k in SECRETS}
    assert names >= {"authorization", "x-api-key", "api-key", "x-litellm-api-key"}, names  # each name was in play
    assert reached, "litellm did follow the redirects (the case under test)"
    for method, path, headers in reached:
        for name, value in headers.items():
            assert not any(secret in value for secret in SECRETS.values()), f"{name} reached {target.url}{path}"
            assert not CREDENTIAL_HEADER.search(name), f"{name} reached {target.url}{path}"
    for secret in SECRETS.values():
        assert secret not in result.output
    assert '"direct.completion"' in result.stdout and not leaks(result.output)


def test_redirect_origin_rules():
    import httpx

    u = httpx.URL
    assert crosses_origin(u("http://127.0.0.1:4000/a"), u("http://127.0.0.2:4000/a"))
    assert crosses_origin(u("http://h:4000/a"), u("http://h:4001/a"))
    assert not crosses_origin(u("http://h:4000/a"), u("http://h:4000/b"))
    assert not crosses_origin(u("http://h/a"), u("https://h/a"))  # the usual upgrade, as httpx allows
    for name in ("Authorization", "x-api-key", "api-key", "x-litellm-api-key", "x-goog-api-key", "Cookie",
                 "Proxy-Authorization", "x-amz-security-token", "ocp-apim-subscription-key"):
        assert CREDENTIAL_HEADER.search(name), name
    for name in ("content-type", "accept", "user-agent", "anthropic-version", "host"):
        assert not CREDENTIAL_HEADER.search(name), name
