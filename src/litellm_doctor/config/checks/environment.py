"""Checks on `os.environ/` references, `environment_variables:` and the env vars LiteLLM reads (§6.1, §9)."""

from __future__ import annotations

import os
import re
import shlex

from ...model import Location
from ..loader import BLOCKED_ENV_KEYS, ENV_PREFIX
from . import Context, Hit, check
from .util import code, named, dotted, env_known, env_ref, env_severity

_MASTER_KEY_PATH = ("general_settings", "master_key")


def _under(path: tuple, section: str) -> bool:
    return bool(path) and path[0] == section


@check("LD-CFG-040")
def unset_env_reference(ctx: Context):
    cfg = ctx.config
    refs = []
    for ref in cfg.env_refs:
        if ref.in_list or ref.is_set or ref.defined_in_environment_variables:
            continue
        if ref.path == _MASTER_KEY_PATH or _under(ref.path, "environment_variables"):
            continue  # LD-CFG-051 / LD-CFG-046 say what that means
        refs.append(ref)
    if not refs:
        return
    if not env_known(ctx):
        # This run does not see the proxy's environment (the usual CI job): one note, not one warning
        # per reference, since nothing here says the variables are missing where the proxy runs.
        names = list(dict.fromkeys(r.name for r in refs))
        shown = ", ".join(named(n) for n in names[:12]) + (f" and {len(names) - 12} more" if len(names) > 12 else "")
        yield Hit(
            f"{len(refs)} os.environ/ reference(s) name {len(names)} variable(s) this run cannot see: {shown}. "
            "Unset where the proxy runs, LiteLLM silently uses None for them. Check them against the proxy's "
            "environment with `--env-file FILE` (or `--strict-env` on the proxy host)",
            path=refs[0].path, location=refs[0].location, severity="info",
            facts={"env_var": names[0], "key": dotted(refs[0].path), "names": " ".join(names)},
            steps=(
                # Quoted: the command is copied into a shell, and a directory may be named `my configs` (or worse).
                f"Check these names against the proxy's environment: {code('litellm-doctor check ', shlex.quote(cfg.path), ' --env-file FILE')} "
                "(KEY=value lines, e.g. the proxy's .env), or `check --strict-env` on the proxy's host.",
                "Names declared next to the config count as set: a `.env`, the LiteLLM service's `environment:` / "
                "`env_file:` in a docker-compose file, a Kubernetes manifest's `env` / `envFrom`.",
            ),
        )
        return
    severity = "info" if cfg.uses_secret_manager else env_severity(ctx)
    for ref in refs:
        where = dotted(ref.path)
        yield Hit(
            f"{code(where, ': os.environ/', ref.name)}: {named(ref.name)} is not set in this environment, so LiteLLM silently uses "
            "None for it" + (" (unless the configured secret manager has it)" if cfg.uses_secret_manager else ""),
            path=ref.path, location=ref.location, severity=severity,
            facts={"env_var": ref.name, "key": where},
        )


@check("LD-CFG-041")
def env_defined_only_in_environment_variables(ctx: Context):
    for ref in ctx.config.env_refs:
        if ref.in_list or ref.is_set or not ref.defined_in_environment_variables:
            continue
        if _under(ref.path, "environment_variables"):
            continue
        where = dotted(ref.path)
        yield Hit(
            f"{code(where, ': os.environ/', ref.name)}: {named(ref.name)} is defined only under `environment_variables:`, which LiteLLM "
            "exports after resolving references (proxy_server.py:5605 before :5803), so this value is None unless the "
            "proxy's own environment has it",
            path=ref.path, location=ref.location,
            # Certain only when this run sees the proxy's environment.
            severity=None if env_known(ctx) else "warning",
            facts={"env_var": ref.name, "key": where,
                   "env_line": (ctx.config.location_of(("environment_variables", ref.name)) or Location("", None)).line},
        )


@check("LD-CFG-042")
def env_reference_in_list(ctx: Context):
    for ref in ctx.config.env_refs:
        if not ref.in_list:
            continue
        where = dotted(ref.path)
        yield Hit(
            f"{code(where, ': os.environ/', ref.name)} is a plain string inside a list: LiteLLM does not resolve it there and "
            f"uses the literal text {code('os.environ/', ref.name)}",
            path=ref.path, location=ref.location,
            facts={"env_var": ref.name, "key": where},
        )


_SHELL = re.compile(r"^\s*\$\{?[A-Za-z_][A-Za-z0-9_]*(?::?-[^}]*)?\}?\s*$|\$\{[A-Za-z_][A-Za-z0-9_]*")
_PYTHON = re.compile(r"^\s*(?:os\.environ\s*\[|os\.environ\.get\s*\(|os\.getenv\s*\(|os\.environ\.[A-Za-z_])")
_ALMOST = re.compile(r"^\s*(?:os[._]env(?:iron)?[/\\:]|os\.environ/\s|\s+os\.environ/|OS\.ENVIRON/|Os\.environ/|os\.Environ/|os\.environ//|env/|environ/)", re.IGNORECASE)


def _strings(value, path):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, (*path, i))
    elif isinstance(value, str):
        yield path, value


def _env_name(text: str) -> str:
    m = re.search(r"[A-Za-z_][A-Za-z0-9_]*(?=[^A-Za-z0-9_]*$)", text.strip())
    return m.group(0) if m else "NAME"


@check("LD-CFG-043")
def malformed_env_reference(ctx: Context):
    for path, value in _strings(ctx.config.raw, ()):
        if value.startswith(ENV_PREFIX) and re.fullmatch(r"os\.environ/[A-Za-z_][A-Za-z0-9_]*|os\.environ/oidc/.+", value):
            continue
        if value.startswith(ENV_PREFIX):
            kind = "has characters an env var name cannot have" if value != ENV_PREFIX else "names no variable"
        elif _SHELL.search(value):
            kind = "uses shell syntax, which LiteLLM does not expand"
        elif _PYTHON.match(value):
            kind = "is Python code, which LiteLLM does not run"
        elif _ALMOST.match(value):
            kind = "is not spelled `os.environ/NAME` exactly"
        else:
            continue
        name = _env_name(value.replace("}", "").replace(")", "").replace("]", "").replace("'", "").replace('"', ""))
        # `${VAR}`, `$VAR`, `os.environ["VAR"]`, `os.getenv("VAR")`: the whole value names one variable, so
        # `os.environ/VAR` is what was meant. A `${VAR:-default}` or text around it is not fixed.
        whole = re.fullmatch(
            r"\s*(?:\$\{?(?P<a>[A-Za-z_][A-Za-z0-9_]*)\}?|os\.(?:environ\s*\[|environ\.get\s*\(|getenv\s*\()\s*['\"]"
            r"(?P<b>[A-Za-z_][A-Za-z0-9_]*)['\"]\s*[\])])\s*", value)
        yield Hit(
            f"{code(dotted(path))} {kind}: LiteLLM passes the text on literally",
            path=path, facts={"key": dotted(path), "env_var": name},
            fix=("value", path, f"os.environ/{whole.group('a') or whole.group('b')}") if whole and not isinstance(path[-1], int) else None,
        )


_SECRET_KEY = re.compile(
    r"^(?:api_key|master_key|aws_secret_access_key|aws_access_key_id|aws_session_token|client_secret|azure_ad_token|azure_password|"
    r"redis_password|password|secret|token|auth_token|access_token|litellm_license|salt_key|langfuse_secret_key|"
    r"langfuse_secret|slack_webhook_url|webhook_url|private_key|vertex_credentials|"
    r"[A-Z0-9_]*(?:API_KEY|SECRET|SECRET_KEY|PASSWORD|TOKEN|MASTER_KEY|SALT_KEY|LICENSE|ACCESS_KEY)|"
    r"[a-z0-9_]*(?:_api_key|_secret|_secret_key|_password|_token))$"
)
_PLACEHOLDERS = frozenset(
    "none null empty dummy fake fake-key not-needed not_needed na n/a x - placeholder sk-no-key-required ollama "
    "lm-studio no-key nokey anything unused test changeme".split()
)
# Values that stand for "put your key here" or "no key needed": not secrets (issue 11: a dummy
# `local-not-used` was called a leaked secret). LD-CFG-090 says when a placeholder does harm.
_PLACEHOLDER_SHAPE = re.compile(
    r"^(?:<[^<>]*>|\[[^\[\]]*\]|\{\{?[^{}]*\}?\}|your[-_ ].*|.*[-_]your[-_].*|.*x{4,}.*|.*\*{4,}.*|.*[-_]?not[-_]?(?:used|needed|required)|"
    r"(?:sk-)?(?:dummy|fake|placeholder|changeme|change[-_]me|replace[-_]?me|example|test|none|null|secret|key|token|password|api[-_]?key)"
    r"(?:[-_].*)?|.*(?:dummy|placeholder|changeme|replace[-_]?me).*|"
    # `fake` as a word of the value (LiteLLM's example `api_key: my-fake-key`, tests/config/real/)
    r"(?:.*[-_])?fake(?:[-_].*)?)$",
    re.IGNORECASE,
)


def is_placeholder(value: object) -> bool:
    if not isinstance(value, str):
        return False
    text = value.strip()
    return text.lower() in _PLACEHOLDERS or bool(_PLACEHOLDER_SHAPE.match(text))


_URL_CREDENTIALS = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*://(?P<user>[^\s:/@]*):(?P<password>[^\s@/]+)@")
_LABEL = re.compile(r"(?:sk[-_])?[a-z]+(?:[-_][a-z]+)*")


def _literal_secret(key: str, value) -> bool:
    if not isinstance(value, str) or not value or env_ref(value):
        return False
    if _SHELL.search(value) or _PYTHON.match(value) or _ALMOST.match(value):
        return False  # a reference LiteLLM does not understand: LD-CFG-043 says so
    if key.lower() in ("database_url", "redis_url", "direct_url") or key in ("DATABASE_URL", "REDIS_URL", "DIRECT_URL"):
        found = _URL_CREDENTIALS.match(value)
        # `postgresql://user:password@localhost` (LiteLLM's own example) or the image default `postgres:postgres`:
        # placeholder credentials, not a secret.
        return bool(found) and not (is_placeholder(found["password"]) or found["password"] == found["user"])
    if not _SECRET_KEY.match(key):
        return False
    if key.lower().endswith(("_token_url", "token_provider")):
        return False
    if is_placeholder(value):
        return False
    if key == "master_key":
        return True
    if len(value.strip()) < 8:
        return False
    if _LABEL.fullmatch(value.strip()) and (key.lower() == "api_key" or key.lower().endswith("_api_key")):
        return False  # a lowercase word is a label for a keyless server (Harbor's `sk-optillm`), never a provider key
    if key.lower().endswith("webhook_url") or key.lower() == "vertex_credentials":
        return value.startswith("http") or "private_key" in value
    return not value.startswith(("http://", "https://", "/", "./"))


@check("LD-CFG-044")
def plaintext_secret(ctx: Context):
    def walk(value, path):
        if isinstance(value, dict):
            for k, v in value.items():
                p = (*path, k)
                if isinstance(k, str) and _literal_secret(k, v):
                    yield p, k
                else:
                    yield from walk(v, p)
        elif isinstance(value, list):
            for i, v in enumerate(value):
                yield from walk(v, (*path, i))

    for path, key in walk(ctx.config.raw, ()):
        env_var = key.upper() if key.isupper() else {
            "master_key": "LITELLM_MASTER_KEY", "database_url": "DATABASE_URL",
        }.get(key, f"{_group_env(ctx, path)}")
        yield Hit(
            f"{code(dotted(path))} holds a secret in plain text in the file: anyone who can read the config or its git "
            "history has it",
            path=path, facts={"key": dotted(path), "env_var": env_var},
        )


def _group_env(ctx: Context, path: tuple) -> str:
    if len(path) >= 4 and path[0] == "model_list" and path[2] == "litellm_params":
        d = next((x for x in ctx.config.deployments if x.index == path[1]), None)
        provider = (d.provider or "PROVIDER") if d else "PROVIDER"
        return f"{re.sub(r'[^A-Z0-9]+', '_', provider.upper())}_{str(path[-1]).upper()}"
    return str(path[-1]).upper()


@check("LD-CFG-045")
def blocked_environment_variable(ctx: Context):
    for key in ctx.config.raw_section("environment_variables"):
        if str(key) in BLOCKED_ENV_KEYS:
            yield Hit(
                f"{code('environment_variables.', key)} is on LiteLLM's block list: it is skipped (`Skipping blocked environment "
                "variable key`) and never set",
                path=("environment_variables", key), facts={"env_var": key},
            )


@check("LD-CFG-046")
def environment_variable_none(ctx: Context):
    raw = ctx.config.raw_section("environment_variables")
    resolved = ctx.config.section("environment_variables")
    for key, value in raw.items():
        if str(key) in BLOCKED_ENV_KEYS:
            continue
        if resolved.get(key) is not None:
            continue
        why = (
            f"{code(value)} is not set in this environment" if env_ref(value)
            else "it has no value"
        )
        yield Hit(
            f"{code('environment_variables.', key)}: {why}, and LiteLLM exports it as the 4-letter string \"None\", which "
            "then looks like a real value to everything that reads it",
            path=("environment_variables", key), facts={"env_var": key},
            severity=env_severity(ctx) if env_ref(value) else None,
        )


_LOG_LEVELS = frozenset({"DEBUG", "INFO", "WARNING", "WARN", "ERROR", "CRITICAL", "FATAL", "NOTSET"})


def _env_location(ctx: Context, name: str) -> Location:
    source = ctx.config.env.sources.get(name)
    if source and source != "environment":
        from ..envfile import read_env_file
        from pathlib import Path

        line = read_env_file(Path(source)).get(name, (None, None))[1]
        return Location(source, line)
    return Location(ctx.config.path, None)


@check("LD-CFG-047")
def invalid_litellm_log(ctx: Context):
    value = ctx.config.env.get("LITELLM_LOG")
    if value is None or value.upper() in _LOG_LEVELS:
        return
    source = ctx.config.env.sources.get("LITELLM_LOG", "environment")
    yield Hit(
        f"LITELLM_LOG={value!s} ({'set in ' + source if source != 'environment' else 'in the environment'}) is not a "
        "log level: `import litellm` crashes (`module 'logging' has no attribute …`) and the proxy never starts",
        location=_env_location(ctx, "LITELLM_LOG"), facts={"value": value},
    )


@check("LD-CFG-048")
def config_file_path_ignored(ctx: Context):
    value = ctx.config.env.get("CONFIG_FILE_PATH")
    if not value:
        return
    problem = None
    if not value.endswith((".yaml", ".yml")):
        problem = "does not end in .yaml or .yml"
    elif not os.path.isfile(value):
        problem = "is not a file here"
    if problem:
        yield Hit(
            f"{code('CONFIG_FILE_PATH=', value)} {problem}: the proxy silently ignores it and starts without this config",
            location=_env_location(ctx, "CONFIG_FILE_PATH"), facts={"value": value},
        )
