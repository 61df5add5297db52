"""Issue 15: every secret shape x every notation x every format x every command that prints: 0 leaks.

The unit matrix runs `mask` on each cell; the CLI matrix puts every cell in an error file, a log, a
config (as comments and values) and a --rules-dir rule, and runs each printing command in each
format. Known secrets (a master key with no shape, a service account's private key, the --key-env
key) are checked by value.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from hardening_helpers import run_cli
from secret_matrix import SHAPES, cells, leaked
from litellm_doctor.masking import mask

FORMATS = ["text", "json", "markdown", "sarif", "github", "junit"]


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_every_shape_in_every_notation_is_masked(shape):
    misses = []
    for cell_shape, context, text in cells():
        if cell_shape != shape:
            continue
        out = mask(text)
        if leaked(out, {shape: SHAPES[shape]}):
            misses.append(f"{context}: {out!r}")
        assert mask(out) == out, f"not idempotent in {context}"
    assert not misses, "\n".join(misses)


def test_masking_keeps_ordinary_text():
    plain = (
        "litellm.RateLimitError: max_tokens: 4096 exceeded for model gpt-4o; token count 123456; "
        "see https://docs.litellm.ai/docs/proxy/configs#model_list and router_settings.timeout: 60; "
        "model_id 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 (sha256)"
    )
    assert mask(plain) == plain


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    d = tmp_path_factory.mktemp("matrix")
    lines = [text.replace("\n", " ") for _s, _c, text in cells()]
    # The cells as the indented lines below a pasted error (as a traceback's are): at a line's start, the JSON
    # cells would make it a JSON-lines log, which `diagnose` reads as `--log` does (the log copy is below).
    (d / "error.txt").write_text("litellm.AuthenticationError: AuthenticationError: OpenAIException - Incorrect API key provided\n"
                                 + "\n".join(f"  {line}" for line in lines) + "\n", encoding="utf-8")
    (d / "proxy.log").write_text("".join(f"12:00:{i % 60:02d} - LiteLLM Proxy:ERROR: proxy_server.py:3500 - {t}\n"
                                         for i, t in enumerate(lines)), encoding="utf-8")
    comments = "".join(f"# {t}\n" for t in lines)
    values = "".join(f"      {k}: {json.dumps(v)}\n" for k, v in
                     [(f"extra_{name}_api_key", secret) for name, secret in SHAPES.items()])
    (d / "config.yaml").write_text(
        comments + "model_list:\n  - model_name: gpt\n    litellm_params:\n      model: openai/gpt-4o\n" + values
        + "general_settings:\n  master_key: " + json.dumps(SHAPES["opaque"]) + "\n", encoding="utf-8")
    rules = d / "rules"
    rules.mkdir()
    (rules / "LD-USER-001.yaml").write_text(
        "id: LD-USER-001\nname: user-matrix\ncategory: auth\ntitle: t\n"
        f"why: {json.dumps(' '.join(lines[:40]))}\nmatch:\n  any: ['Incorrect API key provided']\n"
        f"steps: [{json.dumps(' '.join(lines[40:80]))}]\ndocs: [https://docs.litellm.ai/]\n"
        "examples:\n  - {expect: match, text: 'Incorrect API key provided'}\n", encoding="utf-8")
    return d


def _runs(d: Path) -> list[list[str]]:
    err, log, cfg, rules = str(d / "error.txt"), str(d / "proxy.log"), str(d / "config.yaml"), str(d / "rules")
    runs = []
    for fmt in FORMATS:
        f = ["--format", fmt]
        runs += [
            ["diagnose", "--error-file", err, "--rules-dir", rules, *f],
            ["diagnose", "--log", log, *f],
            ["diagnose", "--error-file", err, "--config", cfg, *f],
            ["check", cfg, *f],
        ]
    runs += [
        ["report", "--config", cfg, "--log", log],
        ["rules", "show", "LD-USER-001", "--rules-dir", rules],
        ["rules", "list", "--rules-dir", rules, "--format", "json"],
    ]
    return runs


def test_no_cell_of_the_matrix_leaks_from_any_command_in_any_format(planted):
    runs = _runs(planted)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda args: run_cli(args, timeout=120), runs))
    problems = []
    for args, result in zip(runs, results):
        if result.returncode not in (0, 1, 2):
            problems.append(f"exit {result.returncode}: {args}: {result.stderr[-300:]}")
        found = leaked(result.output)
        if found:
            problems.append(f"{found} leaked by {' '.join(a[-30:] for a in args)}")
    assert not problems, "\n".join(problems)
    # the outputs did carry the planted cells, masked (so the search looked at real text)
    carrying = [(a, r) for a, r in zip(runs, results)
                if a[:2] == ["diagnose", "--error-file"] and a[-1] not in ("github", "junit") or a[0] == "report" or a[:2] == ["diagnose", "--log"] and a[-1] == "json"]
    bare = [" ".join(a[:2]) + " " + a[-1] for a, r in carrying if "****" not in r.stdout]
    assert not bare, bare


def test_known_secrets_are_removed_by_value_whatever_their_shape(tmp_path):
    master = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f0zz08"  # openssl rand -hex 32 + 2
    body = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj"
    creds = json.dumps({"type": "service_account", "project_id": "p-1", "private_key_id": "4c1f7e2a9b3d8e6f0a5c",
                        "private_key": f"-----BEGIN PRIVATE KEY-----\n{body}\n-----END PRIVATE KEY-----\n"})
    cfg = tmp_path / "config.yaml"
    cfg.write_text(
        "model_list:\n  - model_name: gemini\n    litellm_params:\n      model: vertex_ai/gemini-pro\n"
        f"      vertex_credentials: {json.dumps(creds)}\n      api_kye: lowercaseonlysecretvalue\n"
        f"general_settings:\n  master_key: {master}\n", encoding="utf-8")
    secrets = {"master": master, "pem": body, "key_id": "4c1f7e2a9b3d8e6f0a5c", "misspelled": "lowercaseonlysecretvalue"}
    for fmt in FORMATS:
        for args in (["check", str(cfg)], ["diagnose", f"master key {master} rejected", "--config", str(cfg)]):
            result = run_cli([*args, "--format", fmt])
            assert result.returncode in (0, 1), result.stderr
            assert not leaked(result.output, secrets), (fmt, args, result.output[:2000])
    result = run_cli(["report", "--config", str(cfg)])
    assert not leaked(result.output, secrets)


def test_the_key_env_key_is_never_printed_even_when_a_server_echoes_it(tmp_path):
    from scripted_server import ScriptedServer

    key = "proxykeywithnoshape-" + "q" * 12 + "7"

    def handler(method, path, headers, body):
        got = headers.get("authorization", "")
        return 401, {"content-type": "application/json"}, json.dumps(
            {"error": {"message": f"Authentication Error, Invalid proxy server token passed. Received {got} and {key[::-1]} {key}"}})

    with ScriptedServer(handler) as server:
        for fmt in FORMATS:
            result = run_cli(["probe", "--proxy", server.url, "--key-env", "DOCTOR_KEY", "--timeout", "10", "--format", fmt],
                             env={"DOCTOR_KEY": key})
            assert result.returncode in (0, 1), result.stderr
            assert key not in result.output and key[:-1] not in result.output, fmt


def test_secret_names_and_their_misspellings_are_recognised():
    from litellm_doctor.secret_sources import is_secret_name

    for name in ("api_key", "AZURE_API_KEY", "api_kye", "apikey", "master_key", "master_ky", "secert", "client_secret",
                 "aws_secret_access_key", "SecretAccessKey", "passowrd", "vertex_credentials", "private_key", "HF_TOKEN",
                 "database_url", "x-api-key", "Authorization"):
        assert is_secret_name(name), name
    for name in ("model", "api_base", "max_tokens", "rpm", "aws_region_name", "aws_access_key_id", "PWD", "tokenizer",
                 "timeout", "model_name", "region", "api_version"):
        assert not is_secret_name(name), name
