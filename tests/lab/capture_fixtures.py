"""Regenerate tests/fixtures/lab/*.json: the real error bodies the lab's LiteLLM proxy produces.

    python tests/lab/capture_fixtures.py            # writes tests/fixtures/lab/
    python tests/lab/capture_fixtures.py --check    # exits 1 if a fixture would change
    python tests/lab/capture_fixtures.py --litellm new   # the second LiteLLM: tests/fixtures/lab/<version>/

Fixtures are kept per LiteLLM version: the pinned one (1.103.0) in tests/fixtures/lab/, every other in
tests/fixtures/lab/<version>/ (the version the running proxy reports).

Each fixture is what a user would see: the HTTP status, the proxy's JSON error body and the headers
that matter for a diagnosis (retry-after, x-ratelimit-*, llm_provider-*, x-litellm-version), masked
with litellm_doctor.masking.mask. The lab's random ports are replaced by fixed ones and cooldown ids
by a placeholder, so a regeneration only shows a diff when LiteLLM's wording changes. The expected
category of each fixture lives in tests/lab/test_lab_fixtures.py, not here.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from lab import LAB_VERSIONS, MASTER_KEY, PINNED, Lab  # noqa: E402

FIXTURES = HERE.parent / "fixtures" / "lab"
KEEP_HEADERS = ("retry-after", "x-ratelimit-", "llm_provider-retry-after", "llm_provider-x-ratelimit-", "x-litellm-version")
LONG_PROMPT = "please summarise the following text for me in exactly one short sentence if you can"


def _keep(name: str) -> bool:
    return any(name == h or name.startswith(h) for h in KEEP_HEADERS)


def capture(lab: Lab) -> dict[str, dict]:
    """Drive every scenario once (in an order that leaves the lab as a user would find it)."""
    out: dict[str, dict] = {}

    def record(name: str, description: str, request: dict, status: int, body: object, headers: dict[str, str]) -> None:
        out[name] = {
            "scenario": name,
            "description": description,
            "request": request,
            "status": status,
            "headers": {k: v for k, v in sorted(headers.items()) if _keep(k)},
            "body": body,
        }

    simple = [
        ("upstream-key-wrong", "bad-key", "upstream rejects the deployment's api_key (401)"),
        ("upstream-key-unset", "unset-key", "api_key: os.environ/LD_LAB_UNSET_KEY is not set in the proxy's environment"),
        ("upstream-429-retry-after", "rate-limited", "upstream 429 rate limit with Retry-After"),
        ("upstream-insufficient-quota", "no-quota", "upstream 429 insufficient_quota"),
        ("cooldown-401-first-call", "cooldown-401", "single-deployment group, first call: the upstream 401"),
        ("cooldown-401-in-cooldown", "cooldown-401", "same group, next call: the deployment is now in cooldown"),
        ("provider-404-model", "model-404", "upstream 404 model_not_found"),
        ("deployment-timeout", "slow-timeout", "deployment `timeout: 1` against an upstream that takes 3 s"),
        ("connection-refused", "refused", "api_base points at a closed port"),
        ("dns-failure", "dns-fail", "api_base host is `upstream.invalid`"),
        ("tls-self-signed", "tls-selfsigned", "api_base is https with a self-signed certificate"),
        ("upstream-500", "upstream-500", "upstream 500 server_error"),
        ("upstream-503", "upstream-503", "upstream 503 overloaded"),
        ("connection-reset", "conn-reset", "upstream resets the connection mid-response"),
        ("upstream-html-502", "html-502", "a gateway in front of the upstream answers 502 with an nginx HTML page"),
        ("provider-403", "denied-403", "upstream 403: the key may not use this model"),
    ]
    for name, group, description in simple:
        status, body, headers = lab.chat(group)
        record(name, description, {"model": group, "auth": "master key"}, status, body, headers)

    status, body, headers = lab.chat("tiny-context", content=LONG_PROMPT)
    record("context-window-exceeded", "prompt longer than the model's context window", {"model": "tiny-context", "auth": "master key", "prompt_words": len(LONG_PROMPT.split())}, status, body, headers)
    status, body, headers = lab.chat("not-in-model-list")
    record("model-not-in-model-list", "the requested model is not a model group of the config", {"model": "not-in-model-list", "auth": "master key"}, status, body, headers)
    status, body, headers = lab.chat("healthy", key="sk-not-the-master-key-1234")
    record("wrong-master-key-no-db", "a key that is not the master key, and no database", {"model": "healthy", "auth": "wrong key"}, status, body, headers)
    status, body, headers = lab.chat("healthy", key=None)
    record("no-authorization-header", "no Authorization header (litellm[proxy] without prisma: generic 500)", {"model": "healthy", "auth": "none"}, status, body, headers)
    status, body, headers = lab.request(
        "POST", "/chat/completions", {"model": "healthy", "messages": [{"role": "user", "content": "ping"}], "max_tokens": 1},
        headers={"authorization": MASTER_KEY},
    )
    record("authorization-without-bearer", "Authorization header without the `Bearer ` prefix", {"model": "healthy", "auth": "no Bearer prefix"}, status, body, headers)
    status, body, headers = lab.request("GET", "/health?model=cooldown-401", key=MASTER_KEY, timeout=60)
    record("health-check-401", "the proxy's own /health?model= for the group in cooldown", {"path": "/health?model=cooldown-401", "auth": "master key"}, status, body, headers)

    # Proxy down: what an HTTP client reports when nothing listens on the proxy's port.
    import httpx

    try:
        httpx.get(f"http://127.0.0.1:{lab.refused_port}/health/liveliness", timeout=5)
        text = "unexpected: something answered"
    except httpx.HTTPError as exc:
        text = f"{type(exc).__module__}.{type(exc).__name__}: {exc}"
    out["proxy-down"] = {"scenario": "proxy-down", "description": "nothing listens on the proxy's port", "request": {"path": "/health/liveliness"}, "status": None, "headers": {}, "text": text}
    return out


def normalise(lab: Lab, fixtures: dict[str, dict]) -> dict[str, dict]:
    """Fixed ports and placeholders instead of the lab's random ones, then masking."""
    from litellm_doctor.masking import mask

    assert lab.upstream is not None
    ports = {lab.upstream.port: "18080", lab.upstream.tls_port: "18443", lab.refused_port: "18009", lab.port: "14000"}
    text = json.dumps(fixtures, indent=2, sort_keys=False, ensure_ascii=False)
    for port, fixed in ports.items():
        text = re.sub(rf"(?<=127\.0\.0\.1:){port}\b", fixed, text)
    text = re.sub(r"\b[0-9a-f]{64}\b", "0" * 63 + "1", text)  # auto-generated deployment ids (sha256)
    text = re.sub(r"(?<=\"litellm_version\": \")[^\"]+", lab.litellm_version or "1.103.0", text)
    # The proxy's health check picks its prompt at random; site-packages paths differ per machine.
    text = text.replace("Hey how's it going?", "What's 1 + 1?")
    text = re.sub(r'/[^\s"]*?/site-packages/', "<site-packages>/", text)
    return json.loads(mask(text))


def fixture_dir(lab: Lab) -> Path:
    if lab.which == PINNED:
        return FIXTURES
    if not lab.litellm_version:
        raise SystemExit("the proxy did not report its litellm_version: cannot name the fixture directory")
    return FIXTURES / lab.litellm_version


def write(fixtures: dict[str, dict], check: bool, out: Path = FIXTURES) -> int:
    out.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, data in fixtures.items():
        path = out / f"{name}.json"
        new = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        old = path.read_text() if path.exists() else None
        if old != new:
            changed.append(name)
            if not check:
                path.write_text(new)
    verb = "would change" if check else "written"
    print(f"{len(fixtures)} lab fixtures; {len(changed)} {verb}: {', '.join(changed) or '-'}")
    return 1 if (check and changed) else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if a fixture would change")
    parser.add_argument("--litellm", choices=LAB_VERSIONS, default=PINNED, help="which LiteLLM runs the proxy")
    args = parser.parse_args(argv)
    with Lab(which=args.litellm) as lab:
        fixtures = normalise(lab, capture(lab))
        out = fixture_dir(lab)
    return write(fixtures, args.check, out)


if __name__ == "__main__":
    sys.exit(main())
