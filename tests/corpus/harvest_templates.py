"""Harvest LiteLLM's own error templates as an auxiliary TRAINING set for the estimate (issue #9, third pass).

    python tests/corpus/harvest_templates.py           # writes tests/corpus/litellm_templates.jsonl
    python tests/corpus/harvest_templates.py --check   # exit 1 if the committed file differs from a fresh harvest
    python tests/corpus/harvest_templates.py --release 1.111.0 --out /tmp/t.jsonl   # other releases, elsewhere
    python tests/corpus/harvest_templates.py --add-release 1.63.14 --add-release 1.97.0 --out /tmp/all.jsonl
                                                      # the default trees AND older releases (template_delta.py)

Reads LiteLLM sources with `ast` (never imports them): 1.103.0 (`litellm`, `litellm_enterprise` of the
project's venv), the lab's newer install when present (1.108.14 in `/work/venvs/litellm-new`, or
LITELLM_NEW_SITE=<site-packages>), and the releases in RELEASES (1.110.2) from their published wheels:
`pip download` of the `litellm` wheel and the `litellm-enterprise` build it pins (the nearest published
one, as `knowledge.generate` does), unpacked under LITELLM_WHEELS (default /tmp/litellm-doctor-wheels)
and reused from there. `--tree SITE` / `--release V` replace those defaults. Each message template of

- `raise HTTPException(status_code=..., detail=...)`,
- `raise ProxyException(message=..., type=..., code=...)`,
- `raise litellm.XxxError(message=...)` / a provider's `raise XxxError(status_code=..., message=...)`,
- `raise ValueError(...)` / `raise Exception(...)` in the proxy,
- `verbose_proxy_logger.error/exception(...)`, `verbose_logger.error/exception(...)`

is rendered the way a user sees it (the proxy's JSON error body, `litellm.XxxError: ...`, a log line with
file:line), placeholders filled by neutral values chosen from the placeholder's expression (a model name,
a key, a route, a setting's name where the variable says `setting`/`param`/`field`, a number), and a message
or hole that names a constant (`detail=_UNMANAGED_RESPONSE_ID_DETAIL`, `f"... '{ENFORCE_..._SETTING}' ..."`)
read from that constant: a module-level assignment or class attribute of the same module, or a `from
litellm.x import NAME` of another module of the same tree (never imported, read with `ast`). Labelled by the corpus README's conventions from the exception class, the
status and the words of the template (`label`). A template whose label is unclear is left out: the set
only has to lean the right way, it is never scored. Output: one JSON object per line, {id, text,
category, source (file:line in the oldest version that has it), kind, versions (every LiteLLM version
read whose source produces the same wording)}, sorted; byte-identical on every run for the same sources.
A template is its wording (kind, class, status, message, label): the same message raised again in a later
release, or at another line, is one template with more versions, so `versions` tells what is new or
reworded in a release (`template_delta.py`).

The real corpora stay the only thing scored; train_estimate.py reads this file at a weight chosen by
grouped cross-validation on the real texts.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import re
import sys
from pathlib import Path

from litellm_doctor.diagnosis.litellm_classes import status_class
from litellm_doctor.knowledge.generate import template_text

HERE = Path(__file__).resolve().parent
OUT = HERE / "litellm_templates.jsonl"
OLD_SITE = Path("/work/main/.venv/lib/python3.11/site-packages")


def _site_of(package_dir: Path) -> Path:
    return package_dir.parent


# Releases read from their published wheels (not installed anywhere): the newest release on the registry.
RELEASES = ("1.110.2",)
WHEELS = Path(os.environ.get("LITELLM_WHEELS", "/tmp/litellm-doctor-wheels"))


def default_sites() -> list[Path]:
    old = Path(os.environ.get("LITELLM_OLD_SITE", OLD_SITE))
    new_env = os.environ.get("LITELLM_NEW_SITE")
    news = [Path(new_env)] if new_env else sorted(Path("/work/venvs/litellm-new/lib").glob("python3*/site-packages"))
    return [old, *news, *(release_site(v) for v in RELEASES)]


def sources(sites: list[Path] | None = None) -> list[tuple[str, Path]]:
    """(package-version label, package directory) of every LiteLLM tree to read, oldest version first."""
    found = []
    for site in sorted(default_sites() if sites is None else sites, key=lambda s: _version_key(_version(s))):
        version = _version(site)
        for package in ("litellm", "litellm_enterprise"):
            if (site / package).is_dir():
                found.append((f"{package}-{version}", site / package))
    return found


def _version(site: Path) -> str:
    infos = sorted(site.glob("litellm-*.dist-info"))
    return infos[0].name[len("litellm-"):-len(".dist-info")] if infos else "unknown"


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", version)[:3]) or (0,)


def release_site(version: str) -> Path:
    """A site-packages-like directory holding release `version`'s `litellm` and `litellm_enterprise` sources
    (only `.py` files and the dist-info), unpacked from the wheels once and reused."""
    import tempfile
    import zipfile

    from litellm_doctor.knowledge.generate import Wheel, download, enterprise_wheel

    site = WHEELS / version / "site"
    if (site / "litellm").is_dir():
        return site
    with tempfile.TemporaryDirectory() as tmp:
        wheel = download(version, tmp)
        wheels = [wheel, enterprise_wheel(Wheel(wheel), tmp)]
        partial = WHEELS / version / "partial"
        for path in filter(None, wheels):
            with zipfile.ZipFile(path) as z:
                for name in z.namelist():
                    if name.endswith(".py") or ".dist-info/" in name:
                        z.extract(name, partial)
        partial.rename(site)
    return site


def npm_package(package: str, version: str, keep=(".ts", ".js", ".json")) -> Path:
    """The same for an npm package: `package@version`'s tarball from the npm registry (its `package/` tree, the
    files ending in one of `keep`), downloaded and unpacked once into LITELLM_WHEELS: the JS apps' error classes
    that tests/corpus/sdk_surfaces.py reads."""
    import io
    import json as _json
    import tarfile
    import urllib.request

    root = WHEELS / f"npm-{package.replace('/', '__')}-{version}"
    site = root / "package"
    if site.is_dir():
        return site
    with urllib.request.urlopen(f"https://registry.npmjs.org/{package}/{version}", timeout=60) as r:
        tarball = _json.load(r)["dist"]["tarball"]
    with urllib.request.urlopen(tarball, timeout=120) as r:
        data = r.read()
    partial = root / "partial"
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as t:
        members = [m for m in t.getmembers() if m.isfile() and m.name.startswith("package/")
                   and m.name.endswith(keep) and ".." not in m.name]
        t.extractall(partial, members=members, filter="data")
    (partial / "package").rename(site)
    partial.rmdir()
    return site


def package_site(package: str, version: str, keep=(".py", ".json", ".json.gz")) -> Path:
    """A site-packages-like directory holding any package's wheel `package==version` (its files ending in one of
    `keep`, and the dist-info), downloaded and unpacked once into LITELLM_WHEELS and reused after: the provider
    SDKs that tests/corpus/sdk_surfaces.py reads. (release_site does the same for LiteLLM and its enterprise
    wheel.)"""
    import tempfile
    import zipfile

    from litellm_doctor.knowledge.generate import download

    root = WHEELS / f"{package}-{version}"
    site = root / "site"
    if site.is_dir():
        return site
    with tempfile.TemporaryDirectory() as tmp:
        wheel = download(version, tmp, package)
        partial = root / "partial"
        with zipfile.ZipFile(wheel) as z:
            for name in z.namelist():
                if name.endswith(keep) or ".dist-info/" in name:
                    z.extract(name, partial)
        partial.rename(site)
    return site


# ---------------------------------------------------------------------------------------------------------
# Rendering a template: string constants kept, placeholders filled by neutral values.

_FILLS = (
    (("model",), "gpt-4o"),
    (("route", "path", "endpoint"), "/key/generate"),
    (("team",), "team-1"),
    (("user",), "user-1"),
    (("org",), "org-1"),
    (("budget", "spend", "cost", "max_"), "10.0"),
    (("rpm", "tpm", "limit"), "100"),
    (("status",), "400"),
    (("url", "api_base", "host"), "http://localhost:4000"),
    (("key", "token", "hash"), "sk-1234"),
)


# A hole whose expression names what it holds gets a sample of that kind, checked before _FILLS (whose
# needles match anywhere: `ENFORCE_RPM_TPM_ON_MODEL_ADD_SETTING` held "model" and became a model name).
# Matched on the expression's last identifier (`self.config.setting_name` -> `setting_name`).
_NAMED_FILLS = (
    (re.compile(r"(?:^|_)(?:env_var|env_name|env_key|environment_variable)s?$|_env$"), "LITELLM_SETTING"),
    (re.compile(r"(?:^|_)(?:setting|setting_name|setting_key|config_key|field|field_name|param|param_name|flag|option)s?$"), "some_setting"),
    (re.compile(r"(?:^|_)header(?:_name)?s?$"), "x-litellm-header"),
    (re.compile(r"(?:^|_)(?:llm_provider|provider|provider_name|custom_llm_provider)$"), "openai"),
    (re.compile(r"(?:^|_)(?:tool|tool_name)$"), "get_weather"),
    (re.compile(r"(?:^|_)(?:server|server_name|server_id|mcp_server|mcp_server_name)$"), "my-mcp-server"),
    (re.compile(r"(?:^|_)(?:guardrail|guardrail_name|guardrail_id)$"), "my-guardrail"),
    (re.compile(r"(?:^|_)(?:skill|skill_id|skill_name)$"), "my-skill"),
    (re.compile(r"(?:^|_)(?:project|project_id|project_name)$"), "project-1"),
)


def _last_name(expression: ast.AST) -> str:
    while isinstance(expression, (ast.Call, ast.Subscript)):
        if isinstance(expression, ast.Subscript) and isinstance(expression.slice, ast.Constant) and isinstance(expression.slice.value, str):
            return expression.slice.value.lower()  # data["setting_name"]
        if isinstance(expression, ast.Call) and _name(expression.func) == "get" and expression.args and isinstance(expression.args[0], ast.Constant) \
                and isinstance(expression.args[0].value, str):
            return expression.args[0].value.lower()  # data.get("setting_name")
        expression = expression.value if isinstance(expression, ast.Subscript) else expression.func
    if isinstance(expression, ast.Attribute):
        return expression.attr.lower()
    if isinstance(expression, ast.Name):
        return expression.id.lower()
    return ""


def _fill(expression: ast.AST) -> str:
    constant = _RESOLVER.value(expression) if _RESOLVER is not None else None
    if constant is not None:
        return constant  # a module-level constant: the text a user sees, not a sample
    last = _last_name(expression)
    for pattern, value in _NAMED_FILLS:
        if last and pattern.search(last):
            # a plural (`disallowed_params`) holds a list, shown as Python prints one: "Parameters ['x'] are ..."
            return f"['{value}']" if last.endswith("s") and not value.isupper() else value
    src = ast.unparse(expression).lower()
    for needles, value in _FILLS:
        if any(n in src for n in needles):
            return value
    return "1"  # a number adds no word feature


# ---------------------------------------------------------------------------------------------------------
# Constants a raise site names instead of spelling its message (`detail=_UNMANAGED_RESPONSE_ID_DETAIL`,
# `f"'{ENFORCE_RPM_TPM_ON_MODEL_ADD_SETTING}' is enabled"`): module-level assignments and class attributes of
# the same module, and `from litellm.x import NAME` of another module of the same tree, read with `ast`.

class _Resolver:
    """String (and number) constants visible from one module of one LiteLLM tree."""

    _modules: dict[Path, dict[str, ast.AST]] = {}  # module file -> its top-level names (assigned or imported)

    def __init__(self, path: Path, package_root: Path, tree: ast.Module) -> None:
        self.path, self.root = path, package_root
        self.names = self._table(path, tree)
        self.attributes: dict[str, ast.AST] = {}  # class attributes of this module, by attribute name
        ambiguous: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                for name, value in _assignments(node.body):
                    if name in self.attributes and ast.dump(self.attributes[name]) != ast.dump(value):
                        ambiguous.add(name)
                    self.attributes.setdefault(name, value)
        for name in ambiguous:
            del self.attributes[name]

    def _table(self, path: Path, tree: ast.Module | None = None) -> dict[str, ast.AST]:
        if path in self._modules:
            return self._modules[path]
        if tree is None:
            try:
                tree = ast.parse(path.read_text(encoding="utf-8"))
            except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
                tree = ast.Module(body=[], type_ignores=[])
        table: dict[str, ast.AST] = dict(_assignments(tree.body))
        for node in tree.body:
            if isinstance(node, ast.ImportFrom):
                source = self._module_file(path, node.module or "", node.level)
                if source is not None:
                    for alias in node.names:
                        table.setdefault(alias.asname or alias.name, ast.Name(id=f"\0{source}\0{alias.name}"))
        self._modules[path] = table
        return table

    def _module_file(self, path: Path, module: str, level: int) -> Path | None:
        if level:
            base = path.parent
            for _ in range(level - 1):
                base = base.parent
            parts = module.split(".") if module else []
        else:
            top, *parts = module.split(".")
            if top != self.root.name:
                return None
            base = self.root
        target = base.joinpath(*parts) if parts else base
        for candidate in (target.with_suffix(".py"), target / "__init__.py"):
            if candidate.is_file():
                return candidate
        return None

    def value(self, node: ast.AST, depth: int = 0) -> str | None:
        """The text of a constant `node` names, or None."""
        if depth > 4:
            return None
        if isinstance(node, ast.Name):
            return self._lookup(self.path, node.id, depth)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.attr in self.attributes \
                and (node.value.id in ("self", "cls") or node.value.id[:1].isupper()):
            return self._text(self.attributes[node.attr], self.path, depth)
        return None

    def _lookup(self, path: Path, name: str, depth: int) -> str | None:
        value = self._table(path).get(name)
        if value is None:
            return None
        if isinstance(value, ast.Name) and value.id.startswith("\0"):  # imported from another module of the tree
            _, source, imported = value.id.split("\0")
            return self._lookup(Path(source), imported, depth + 1)
        return self._text(value, path, depth)

    def _text(self, value: ast.AST, path: Path, depth: int) -> str | None:
        if isinstance(value, ast.Constant) and isinstance(value.value, (str, int, float)) and not isinstance(value.value, bool):
            return str(value.value)
        if isinstance(value, ast.JoinedStr):
            parts = []
            for v in value.values:
                if isinstance(v, ast.Constant):
                    parts.append(str(v.value))
                elif isinstance(v.value, ast.Name) and (inner := self._lookup(path, v.value.id, depth + 1)) is not None:
                    parts.append(inner)
                else:
                    return None  # a hole only known at run time: not a constant message
            return "".join(parts)
        if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
            left, right = self._text(value.left, path, depth + 1), self._text(value.right, path, depth + 1)
            return left + right if left is not None and right is not None else None
        if isinstance(value, ast.Name):
            return self._lookup(path, value.id, depth + 1)
        return None


def _assignments(body: list[ast.stmt]) -> list[tuple[str, ast.AST]]:
    out = []
    for node in body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            out.append((node.targets[0].id, node.value))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            out.append((node.target.id, node.value))
    return out


_RESOLVER: _Resolver | None = None  # the module being harvested (set by harvest_file)


def render(node: ast.AST | None) -> str | None:
    """The text of a template expression, or None when it is not built from literals."""
    if node is None:
        return None
    text = template_text(node, _fill)  # a string or an f-string, its holes filled with sample words
    if text is not None:
        return text
    if _RESOLVER is not None and isinstance(node, (ast.Name, ast.Attribute)):
        constant = _RESOLVER.value(node)
        if constant is not None and re.search(r"[A-Za-z]{3,}\s+[A-Za-z]{2,}", constant):
            return constant  # a message held in a constant (a bare number or a single word is not a message)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = render(node.left), render(node.right)
        if left is None and right is None:
            return None
        return (left if left is not None else _fill(node.left)) + (right if right is not None else _fill(node.right))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        template = render(node.left)
        return re.sub(r"%[sdrf]", "1", template) if template is not None else None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        template = render(node.func.value)
        return re.sub(r"\{[^{}]*\}", "1", template) if template is not None else None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "str" and node.args:
        return render(node.args[0])
    if isinstance(node, ast.Dict):
        for k, v in zip(node.keys, node.values):
            if isinstance(k, ast.Constant) and k.value in ("error", "message", "detail"):
                return render(v)
    return None


def _status(node: ast.AST | None) -> int | None:
    if node is None:
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.isdigit():
        return int(node.value)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "str" and node.args:
        return _status(node.args[0])
    m = re.search(r"HTTP_(\d{3})_", ast.unparse(node))
    return int(m.group(1)) if m else None


def _kw(call: ast.Call, *names: str) -> ast.AST | None:
    for k in call.keywords:
        if k.arg in names:
            return k.value
    return None


def _name(func: ast.AST) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


# ---------------------------------------------------------------------------------------------------------
# Labels, by the corpus README's conventions. None = unclear, left out.

# A provider's `raise XxxError(status_code=N, ...)` reaches the user as the class LiteLLM's mapper gives N:
# here litellm_doctor.diagnosis.litellm_classes.status_class, the generic path. The provider branches of
# `exception_type` mostly agree with it; the one stated exception is Replicate's 422, the only branch that
# raises UnprocessableEntityError (1.103.0 exception_mapping_utils.py :688-689, 1.110.2 :782-783), where
# OpenAI, Azure, Bedrock, SageMaker, the OpenAI-likes and the generic path raise BadRequestError (1.103.0
# :450, :2074, :996, :1104, :818, :2325). Other branches' own answers are not modelled (Hugging Face's
# `else: APIError` for a 422, :1547; Vertex's 502 -> APIConnectionError, :1347): the set only has to lean
# the right way, and the category mostly the same. Until the thirty-third pass this script had a table
# of its own with 422 -> UnprocessableEntityError for every provider.
_PROVIDER_STATUS_CLASS = {("Replicate", 422): "UnprocessableEntityError"}
_CLASS_CATEGORY = {
    "AuthenticationError": "auth", "PermissionDeniedError": "auth", "UnauthorizedError": "auth",
    "RateLimitError": "quota_rate", "BudgetExceededError": "quota_rate", "ProxyRateLimitError": "quota_rate",
    "Timeout": "timeout", "APITimeoutError": "timeout",
    "BadRequestError": "other", "UnsupportedParamsError": "other", "ContextWindowExceededError": "other",
    "ContentPolicyViolationError": "other", "UnprocessableEntityError": "other", "GuardrailRaisedException": "other",
    "BlockedPiiEntityError": "other", "JSONSchemaValidationError": "other", "RejectedRequestError": "other",
    "ServiceUnavailableError": "deployment", "BadGatewayError": "deployment", "APIConnectionError": "deployment",
    "LiteLLMUnknownProvider": "routing",
}
_W = lambda *words: re.compile("|".join(words), re.IGNORECASE)  # noqa: E731
_ENTERPRISE = _W(r"enterprise", r"premium user", r"premium_user", r"license")
# Budget/limit words that mean a limit was HIT (a 400 about setting a budget is a bad request, not a quota).
# "exceeded its context window" / "exceeded maximum buffered size" are not limits of the caller's quota, and a
# log line about the rate limiter itself ("Error in dynamic rate limiter") says nothing was hit.
_QUOTA_HIT = _W(r"\bexceeded(?! its context window| maximum)", r"crossed", r"limit reached", r"rate limit(?:ed| exceeded| reached| hit)",
                r"rate-limited", r"over (?:the |its )?budget", r"hit limit", r"too many requests", r"insufficient quota", r"no remaining")
_GUARDRAIL = _W(r"guardrail", r"blocked by", r"content blocked", r"violat", r"pii", r"moderation", r"jailbreak", r"prompt injection")
_TIMEOUT = _W(r"timed out", r"timeout")
_QUOTA = _W(r"budget", r"rate limit", r"ratelimit", r"\brpm\b", r"\btpm\b", r"parallel request", r"crossed", r"quota", r"too many requests", r"max_parallel")
_ROUTING = _W(r"no deployments", r"no healthy deployment", r"invalid model name", r"model not found", r"model_name not found",
              r"llm provider not provided", r"provider not provided", r"unknown provider", r"no models available",
              r"not in model_list", r"model .{0,20}does not exist", r"model group .{0,40}not found", r"unmapped model",
              # the corpus's routing shapes: a provider an endpoint does not implement (`unsupported_provider_endpoint`),
              # a deployment the pass-through route cannot use, a provider LiteLLM could not resolve, a model the
              # backend has not loaded, a provider prefix that needs another route
              r"doesn't support \S{1,40} for '", r"unmapped llm provider", r"use_in_pass_through", r"getllmprovider exception",
              r"model not loaded", r"route instead", r"neither a model configured", r"unsupported provider",
              # 1.110: "Unknown Extraction provider 'x'. Supported providers: ..." (a provider the API does not route to)
              r"unknown [\w ]{1,30} provider '",
              # twenty-fifth pass, older releases: the router's 1.63-1.90 "You passed in model=X. There is no
              # 'model_name' with this string" (1.103's "There are no healthy deployments for this model"), and
              # 1.63's "Responses API not available for custom_llm_provider=P" (a provider the endpoint lacks)
              r"there is no 'model_name'", r"not available for custom_llm_provider=")
# Twenty-fifth pass: a provider error LiteLLM maps to BadRequestError but whose words say the key was refused
# (1.63's Gemini "503 Getting metadata ... Reauthentication is needed" -> "GeminiException - Invalid api key").
_KEY_REFUSED = _W(r"exception - invalid api key\b")
# Cost tracking that found no price for a model ("No pricing info found for M in local model pricing
# database"): the cost map, not the proxy's database; spend goes unrecorded, the request is served
# (convention 7, benign_log_noise).
_NO_PRICING = _W(r"no pricing info found for ")
# The per-request spend update of a key or user failing ("Update Key DB Call failed to execute - ...", 1.63-1.110):
# a background spend-tracking write, `other/spend_tracking_error` as LD-REQ-104 has it; the database being down
# is a separate text (LD-DEPLOY-036) that the exception after the dash shows.
_SPEND_WRITE = _W(r"update (?:key|user) db call failed")
_INFRA = _W(r"database", r"prisma(?! airs)", r"\bdb\b", r"pip install", r"import failed", r"AZURE_API_VERSION", r"redis", r"database_url", r"not connected", r"connection refused",
            r"environment variable", r"not set in (?:the )?env", r"os\.environ", r"master_key is not set", r"master key is not set",
            r"salt key", r"config file", r"failed to connect", r"could not connect", r"unable to connect", r"migration")
_AUTH = _W(r"not allowed", r"unauthori[sz]ed", r"only proxy admin", r"admin only", r"not authori[sz]ed", r"invalid api key",
           r"invalid proxy server token", r"expired", r"is blocked", r"permission", r"forbidden", r"does not have access",
           r"jwt", r"authentication error", r"access denied", r"invalid token", r"invalid credential", r"no api key passed",
           r"malformed api key", r"bearer", r"user_role", r"your role", r"not a member")
# Convention 1 and the corpus: a provider key that is missing ("Missing Anthropic API Key", "API key is required.
# Set X_API_KEY") is auth/missing_api_key even though it names an environment variable; another unset setting
# ("project_id ... not set. Set WX_PROJECT_ID") is deployment even under an AuthenticationError.
_MISSING_KEY = _W(r"missing [\w ]{0,30}api key", r"api key is required", r"api key (?:not set|not found)\b", r"no api key (?:passed|provided|set)",
                  r"api_key client option must be set",
                  # a pass-through route with no provider credential on the proxy (it names use_in_pass_through too)
                  r"no [\w ]{1,30} credential is configured on this proxy")
_UNSET_SETTING = re.compile(r"\bnot set\. Set [A-Z][A-Z0-9_]{2,}")
# A user, team or organisation the proxy does not know, and request contents a proxy setting refuses, are not
# the database failing nor an authorisation refusal.
_NOT_IN_DB = _W(r"(?:doesn't|does not) exist in (?:the )?db", r"non-existent", r"duplicate", r"not found in (?:the )?db")
_REQUEST_REFUSED = _W(r"not allowed when", r"blocked_file_extensions", r"directory traversal", r"non-http schemes",
                      r"client-side '[\w.]+' not allowed")
# Convention 1: a credential that names a secret the proxy could not resolve (`os.environ/`, `oidc/...`) is the
# proxy's configuration (`deployment/env_var_not_set`, LD-DEPLOY-123) even when it answers 401.
_UNRESOLVED_SECRET = _W(r"secret reference could not be resolved")
# A feature that needs another proxy component ("requires the default v3 rate limiter") names a limiter without
# any limit being hit.
_NEEDS_COMPONENT = _W(r"requires? the [\w ]{0,30}rate limiter", r"rate limit enforcement unavailable")
# A package missing from the proxy's image is deployment whatever class or status carries it (LD-DEPLOY-030).
_MISSING_PACKAGE = _W(r"pip install", r"import failed")
# An operation the provider or LiteLLM does not implement, even when mapped to APIConnectionError.
_NOT_IMPLEMENTED = _W(r"does not implement", r"cannot stream")
_ADMIN_REFUSAL = _W(r"admin access required", r"only proxy admin", r"team admins", r"not allowed to", r"non-admin")
# A template with no words of its own (`litellm.APIConnectionError: 1Exception - 1`): the exception mapping's
# generic wrappers, whose category is whatever the wrapped message says.
_CONTENT_WORDS = re.compile(r"(?<![A-Za-z0-9_])(?![A-Za-z0-9_]*Exception\b)[A-Za-z]{3,}")
_WRAPPER_CLASSES = ("APIConnectionError", "BadRequestError", "ServiceUnavailableError", "BadGatewayError", "InternalServerError", "APIError")
# ... and the sample words _fill puts in the holes (`{exception_provider} - {message}` is still a wrapper).
_GENERIC_WORDS = {"exception", "error", "apiconnectionerror", "badrequesterror", "passed", "original", "model",
                  "openai", "some", "setting", "litellm", "header", "gpt"}
_BAD_REQUEST = _W(r"invalid", r"missing", r"must be", r"must have", r"required", r"not supported", r"unsupported",
                  r"is not a valid", r"cannot be", r"can't be", r"expected", r"only one of", r"either", r"malformed", r"exceeds",
                  # 1.110's Skills Hub and projects: an upload or a quota list the endpoint refuses
                  r"must declare", r"upload a valid", r"or smaller", r"without a positive", r"already configured",
                  r"already exists", r"no \w+ passed in", r"cannot hold", r"select up to")
# 1.110: a proxy feature the deployment has not set up ("Security scanning is not configured", "requires the
# admin-mcp dependency group", "Skills Hub publishing requires the default v3 rate limiter") and a setting of the
# proxy that does not validate ("general_settings.X is invalid", a 500): the proxy's configuration, not the caller.
_FEATURE_NOT_SET_UP = _W(r"\bis not configured\b(?!, set [A-Z_]+_API_KEY)", r"requires? the [\w-]+ dependency group",
                         r"requires? the [\w ]{0,30}rate limiter", r"^general_settings\.\w+ (?:is invalid|must be)")
# ... and one the caller can only use once the proxy has it ("Enable database-backed configuration to save this
# setting.", "Configure coordination Redis and restart the proxy first."), whatever the status.
_ENABLE_FIRST = _W(r"enable database-backed configuration", r"configure [\w ]{0,30}redis and restart the proxy")
# A pass-through provider whose key the proxy lacks ("eu_jev is not configured, set EU_JEV_API_KEY on the proxy") is
# a missing provider key (convention 1, like "Missing Anthropic API Key").
_PASSTHROUGH_KEY_UNSET = _W(r"is not configured, set [A-Z][A-Z0-9_]*_API_KEY")
# A model the proxy does not serve, named as a default ("Default Model not on proxy"): routing.
_MODEL_NOT_ON_PROXY = _W(r"model not on proxy")
# The CLI's SSO login to the proxy that failed (ui_sso.py 1.90.7 "Invalid CLI login session", 1.97.0-1.110.2 "Invalid
# CLI login session id", "CLI login session not found or expired"): the proxy's authentication of the CLI, auth by
# convention 5 whatever the status (a 400), as its remedy is to log in again (thirty-sixth pass; before, the first
# two fell to `_BAD_REQUEST`'s "invalid" and were other while the third was auth).
_CLI_LOGIN = _W(r"\bCLI login session\b")
# A request field holding what only the proxy's admin may configure ("Rejected Request: api_key holds an oidc/
# secret reference") is request contents a proxy setting refuses: other.
_REJECTED_REQUEST = _W(r"^Rejected Request: ")


# Fifty-eighth pass: wordings the heuristic above leaves out (or, once, mislabels), each read in LiteLLM's source and
# labelled by the corpus README's conventions: (module, whole-message pattern, category). Matched on the module
# without its version prefix, before any heuristic, so they label these raise sites only (a broad "not found" label
# relabelled 127 older 404s of mixed meaning, nineteenth pass). A 404/409/422 on an admin or worker API that names
# a wrong id, a stale revision or a conflicting job is the caller's request (`other`); a feature that is not set up
# (Lens service, tracing, pricing, worker image) is `deployment`; a model the proxy does not serve is `routing`.
# Where and why each is raised: HOLDOUT_EVAL.md, fifty-eighth pass. `litellm rust chat completions: E` (1.99-1.102
# rust_bridge/chat_completions.py:321) stays out: its category is E's.
_READ_LABELS = [
 ("litellm_core_utils/streaming_handler.py", r"^Upstream generation aborted \(finish_reason=abort\)$", "deployment"),
 ("llms/openai/chat/gpt_transformation.py", r"^Upstream generation aborted \(finish_reason=abort\)$", "deployment"),
 ("llms/base_llm/decisions/transformation.py", r"^Decisions provider '.*' returned an unexpected response: ", "deployment"),
 ("llms/base_llm/extraction/transformation.py", r"^Extraction provider '.*' returned an unexpected response: ", "deployment"),
 ("proxy/anthropic_endpoints/claude_code_endpoints/claude_code_marketplace.py", r"^Failed to generate marketplace$", "deployment"),
 ("proxy/auth/user_api_key_auth.py", r"^JWT Key Mapping: .* race resolution failed", "deployment"),
 ("proxy/discovery_endpoints/skill_hub_endpoints.py", r"^(?:Skill not found|Skill version not found|Skill archive version not found|This version has no retained Agent Skills archive|This skill no longer refers to a managed archive|This skill has no stored Agent Skills archive)$", "other"),
 ("proxy/discovery_endpoints/skill_hub_submissions.py", r"^(?:Skill submission not found|This submission has no portable Agent Skills archive)$", "other"),
 ("proxy/guardrails/response_handlers.py", r"^Guardrail '.*' did not report structured native findings\.$", "other"),
 ("proxy/management_endpoints/key_management_endpoints.py", r"^Project .* belongs to team .*Keys can only be assigned to a project owned by their own team", "other"),
 ("proxy/management_endpoints/key_management_endpoints.py", r"^Project assignment failed because the key was updated concurrently\. Retry the request\.$", "other"),
 ("proxy/management_endpoints/key_management_endpoints.py", r"^Internal server error from /key/info\. Details are in the proxy server logs\.$", "deployment"),
 ("proxy/management_endpoints/model_management_endpoints.py", r"^Model with id .* not found$", "routing"),
 ("proxy/management_endpoints/team_endpoints.py", r"^Unsupported team sorting filter$", "other"),
 ("proxy/management_endpoints/ui_sso.py", r"^Choose one of the teams you belong to$", "auth"),
 ("proxy/openai_files_endpoints/files_endpoints.py", r"^Managed file listing is unavailable, so require_managed_files cannot scope the list to the caller\.$", "deployment"),
 ("proxy/pass_through_endpoints/codex_passthrough_endpoints.py", r"^Method not allowed$", "other"),
 ("proxy/proxy_server.py", r"^use_stored_params requires modelId$", "other"),
 ("proxy/proxy_server.py", r"^general_settings is stored in the database as something other than a JSON object", "deployment"),
 ("proxy/public_endpoints/public_endpoints.py", r"^Failed to list skills$", "deployment"),
 ("proxy/realtime_endpoints/endpoints.py", r"^Translation sessions require the translations endpoint$", "routing"),
 ("proxy/ui_crud_endpoints/proxy_setting_endpoints.py", r"^Access group\(s\) not found: .*Create the access group first", "other"),
 ("proxy/ui_crud_endpoints/proxy_setting_endpoints.py", r"^Error updating environment_variables: ", "deployment"),
 # in-between releases: the in-proxy Lens (1.105-1.106), the ROI calculator (1.105), the auto-router's shadow evals (1.98-1.100)
 ("proxy/lens/billing.py", r"^Choose an active virtual key for Lens analysis$", "auth"),
 ("proxy/lens/endpoints.py", r"^Agent tracing is not enabled\. Set `tracing:` in general_settings and CLICKHOUSE_URL\.$", "deployment"),
 # ... and the same store missing on the tracing endpoints and the Lens pages of 1.105-1.110 (the rule's family, LD-DEPLOY-364)
 ("proxy/tracing_runtime.py", r"^Agent tracing is not enabled\. (?:Set `tracing:` in general_settings and CLICKHOUSE_URL|Configure the Lens service and LITELLM_LENS_URL)\.$", "deployment"),
 ("proxy/lens/adapter.py", r"^Configure LITELLM_LENS_URL and LENS_GATEWAY_SECRET for the Lens service$", "deployment"),
 ("proxy/lens/endpoints.py", r"^(?:Configure the Lens service connection|Configure the Lens service before enabling investigations)$", "deployment"),
 ("proxy/lens/endpoints.py", r"^This LiteLLM build has no release identity\.", "deployment"),
 ("proxy/lens/endpoints.py", r"^(?:Upgrade the Lens worker using the current Connect worker command|Upgrade the Lens worker to .* and retry|Assign an analysis key to this worker in Lens setup)$", "deployment"),
 ("proxy/lens/endpoints.py", r"^Choose a model configured on this LiteLLM instance$", "routing"),
 ("proxy/lens/endpoints.py", r"^No worker can use this analysis model\. Choose a model available to the worker's virtual key", "auth"),
 ("proxy/lens/endpoints.py", r"^(?:Lens not found|Investigation not found|Worker not found|Execution not found|Execution is outside this job's sample)$", "other"),
 ("proxy/lens/endpoints.py", r"^(?:This worker no longer owns the job|Lens changed concurrently; retry the operation|Register a new worker instead of updating revoked access|Worker access was revoked|Wait for this worker's investigation to finish or cancel it before revoking access|Job was cancelled or reassigned|Could not freeze the sample)$", "other"),
 ("proxy/lens/endpoints.py", r"^(?:Choose execution IDs returned by the activity preview|Assessment references a run outside this job|Assessment references an unknown check|Finding references evidence outside the job|Evidence quote does not match stored content|Choose an expiry in the future|Review references a trace outside this job|Cached review must use enabled checks and only its assigned trace|Review checkpoint references a trace outside this job)$", "other"),
 ("proxy/lens/dataset_endpoints.py", r"^(?:Dataset not found|Dataset already exists|Dataset changed, reload)$", "other"),
 ("proxy/lens/feedback_endpoints.py", r"^Lens feedback needs agent tracing\. Configure the Lens service and LITELLM_LENS_URL\.$", "deployment"),
 ("proxy/lens/feedback_endpoints.py", r"^(?:Name the user who left this feedback|Trace not found|No feedback from this user on this trace)$", "other"),
 ("proxy/lens/inference.py", r"^No analysis models are configured$", "deployment"),
 ("proxy/lens/inference.py", r"^Analysis model is no longer available$", "routing"),
 ("proxy/lens/inference.py", r"^Pricing is not configured for .*\. Set input_cost_per_token and output_cost_per_token", "deployment"),
 ("proxy/lens/inference.py", r"^Output capacity is unknown for .*\. Set model_info\.max_output_tokens", "deployment"),
 ("proxy/lens/inference.py", r"^Could not record analysis spend; investigation was deleted$", "other"),
 ("proxy/lens/inference.py", r"^Analysis budget reservation expired; retry the investigation$", "timeout"),
 ("proxy/lens/repository.py", r"^(?:Lens ingestion key limit exceeded|Revoke an unused ingestion key before creating another)$", "other"),
 ("proxy/management_endpoints/roi_calculator_endpoints.py", r"^Connect GitHub, select repositories, and choose a router model\.$", "deployment"),
 ("proxy/management_endpoints/roi_calculator_endpoints.py", r"^Enter a GitHub login and a valid email address\.$", "other"),
 ("proxy/management_endpoints/auto_router_endpoints.py", r"^'.*' is not a configured auto-router$", "routing"),
 ("proxy/management_endpoints/auto_router_endpoints.py", r"^api_key_ids? .*not (?:a key )?on this proxy.*pass (?:the|each) key's token hash", "other"),
 ("proxy/management_endpoints/auto_router_endpoints.py", r"shadow eval job.*Stop it first\.$", "other"),
 ("proxy/management_endpoints/team_endpoints.py", r"^Team=.* was deleted while this member add was running$", "other"),
]
_READ = [(module, re.compile(pattern), category) for module, pattern, category in _READ_LABELS]


def read_label(message: str, path: str) -> str | None:
    """The category read in LiteLLM's source for this raise site's wording (`_READ_LABELS`), or None."""
    module = path.partition("/")[2]
    for suffix, pattern, category in _READ:
        if module == suffix and pattern.search(message):
            return category
    return None


def label(kind: str, cls: str | None, status: int | None, message: str, path: str) -> str | None:
    text = message
    read = read_label(message, path)
    if read is not None:
        return read
    if _ENTERPRISE.search(text):
        return "other"
    if cls in _WRAPPER_CLASSES and not {w.lower() for w in _CONTENT_WORDS.findall(text)} - _GENERIC_WORDS:
        return None
    if cls == "GuardrailRaisedException" and re.search(r"\bunreachable\b", text):
        return "deployment"  # the guardrail vendor's API could not be reached (block_on_error): not a block
    if cls in ("GuardrailRaisedException", "BlockedPiiEntityError") or (
        "guardrail" in path and _GUARDRAIL.search(text) and status in (None, 400, 403) and not _ADMIN_REFUSAL.search(text)
    ):
        return "other"
    if re.search(r"timeout (?:needs to|must) be a", text, re.I):
        return "timeout"  # convention 6, request_timeout_config: a configured timeout of the wrong type
    if cls in ("Timeout", "APITimeoutError") or status in (408, 504) or (_TIMEOUT.search(text) and status not in (400, 422)):
        return "timeout"
    if cls in ("ProxyModelNotFoundError", "RouterRateLimitError"):
        return "routing"  # convention 3: "No deployments available ..." is routing
    if "redis" in path.lower() and cls in ("AuthenticationError", "PermissionDeniedError"):
        return "deployment"  # the proxy's own cache connection refused its credentials: configuration, not the caller
    # A refusal (401/403) that mentions budgets or limits is about who may SET them unless its words say one was hit.
    quota_words = _QUOTA_HIT if (status in (400, 401, 403, 422) or kind in ("log", "plain", "const") or _NEEDS_COMPONENT.search(text)) else _QUOTA
    if cls in ("RateLimitError", "BudgetExceededError", "ProxyRateLimitError") or status == 429 or quota_words.search(text):
        if not (_ROUTING.search(text) and "crossed budget" not in text.lower()):
            return "quota_rate"
    if _MISSING_PACKAGE.search(text):
        return "deployment"
    if _CLI_LOGIN.search(text):
        return "auth"
    if (_NO_PRICING.search(text) or _SPEND_WRITE.search(text)) and kind == "log":
        return "other"
    if _PASSTHROUGH_KEY_UNSET.search(text):
        return "auth"
    if _ENABLE_FIRST.search(text) or (_FEATURE_NOT_SET_UP.search(text) and status in (500, 503)):
        return "deployment"
    if _MODEL_NOT_ON_PROXY.search(text):
        return "routing"
    if _REJECTED_REQUEST.search(text) and status in (None, 400):
        return "other"
    if cls == "APIConnectionError" and _NOT_IMPLEMENTED.search(text):
        return "other"
    if _UNSET_SETTING.search(text) and not _MISSING_KEY.search(text):
        return "deployment"
    if _MISSING_KEY.search(text):
        return "auth"
    if _UNRESOLVED_SECRET.search(text):
        return "deployment"
    if _ROUTING.search(text) and not _AUTH.search(text):
        return "routing"
    if _INFRA.search(text) and status not in (400, 401, 403, 404, 422) and not _NOT_IN_DB.search(text):
        return "deployment"
    if cls in ("AuthenticationError", "PermissionDeniedError", "UnauthorizedError") or status in (401, 403):
        return "auth"
    if _REQUEST_REFUSED.search(text) and status in (None, 400, 422):
        return "other"
    if _AUTH.search(text) and kind in ("http", "proxy") and status in (None, 400, 500):
        return "auth" if re.search(r"not allowed|only proxy admin|admin only|not authori|is blocked|expired|does not have access|your role|user_role", text, re.I) else None
    if cls == "BadRequestError" and _KEY_REFUSED.search(text):
        return "auth"
    if cls in _CLASS_CATEGORY and _CLASS_CATEGORY[cls] != "auth":
        return _CLASS_CATEGORY[cls]
    if status in (400, 413, 422) and _BAD_REQUEST.search(text):
        return "other"
    return None


# ---------------------------------------------------------------------------------------------------------
# Walking the sources.

_HOLE = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
_LOGGERS = {"verbose_proxy_logger": "LiteLLM Proxy", "verbose_logger": "LiteLLM", "verbose_router_logger": "LiteLLM Router"}


def _clock(where: str) -> str:
    n = int(hashlib.sha256(where.encode("utf-8")).hexdigest(), 16)
    return f"{n % 24:02d}:{n // 24 % 60:02d}:{n // 1440 % 60:02d}"


def _proxy_body(message: str, type_: str, param: str, code: int | str) -> str:
    return json.dumps({"error": {"message": message, "type": type_, "param": param, "code": str(code)}}, separators=(",", ":"))


def harvest_file(path: Path, rel: str, package_root: Path | None = None) -> list[dict]:
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (SyntaxError, UnicodeDecodeError, ValueError):
        return []
    in_proxy = "/proxy/" in "/" + rel or rel.startswith("litellm_enterprise")
    global _RESOLVER
    _RESOLVER = _Resolver(path, package_root or path.parent, tree)
    try:
        return _harvest_tree(tree, path, rel, in_proxy)
    finally:
        _RESOLVER = None


def _harvest_tree(tree: ast.Module, path: Path, rel: str, in_proxy: bool) -> list[dict]:
    out = []
    for node in ast.walk(tree):
        where = f"{rel}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            call = node.exc
            name = _name(call.func)
            if name == "HTTPException":
                status = _status(_kw(call, "status_code") or (call.args[0] if call.args else None))
                detail = _kw(call, "detail") or (call.args[1] if len(call.args) > 1 else None)
                message = render(detail)
                if status is None or not message:
                    continue
                if isinstance(detail, ast.Dict) and int(hashlib.sha256(where.encode()).hexdigest(), 16) % 2:
                    text = f"{status}: {{'error': {message!r}}}"
                else:
                    text = _proxy_body(message, "None", "None", status)
                out.append(("http", None, status, message, text, where))
            elif name == "ProxyException":
                message = render(_kw(call, "message") or (call.args[0] if call.args else None))
                status = _status(_kw(call, "code"))
                type_ = render(_kw(call, "type")) or "None"
                param = render(_kw(call, "param")) or "None"
                if status is None or not message:
                    continue
                out.append(("proxy", None, status, message, _proxy_body(message, type_, param, status), where))
            elif name.endswith(("Error", "Exception", "Timeout")) and name not in ("HTTPException", "NotImplementedError", "ImportError", "TypeError", "KeyError", "AttributeError", "RuntimeError", "AssertionError"):
                message = render(_kw(call, "message") or (call.args[0] if call.args else None))
                if not message:
                    continue
                status = _status(_kw(call, "status_code"))
                if name in ("ValueError", "Exception"):
                    if not in_proxy:
                        continue
                    out.append(("plain", None, None, message, f"{name}: {message}", where))
                elif name in _CLASS_CATEGORY or name in ("APIError", "InternalServerError", "NotFoundError", "ProxyModelNotFoundError", "RouterRateLimitError"):
                    out.append(("litellm", name, status, message, f"litellm.{name}: {message}", where))
                elif status is not None and status >= 400:
                    provider = re.sub(r"(?:Error|Exception)$", "", name)
                    cls = _PROVIDER_STATUS_CLASS.get((provider, status)) or status_class(status)
                    out.append(("provider", cls, status, message, f"litellm.{cls}: {provider}Exception - {message}", where))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("error", "exception"):
            logger = node.func.value
            if not (isinstance(logger, ast.Name) and logger.id in _LOGGERS) or not node.args:
                continue
            message = render(node.args[0])
            message = re.sub(r"%[sdrf]", "1", message) if message else message
            if not message or len(message) < 12:
                continue
            text = f"{_clock(where)} - {_LOGGERS[logger.id]}:ERROR: {path.name}:{node.lineno} - {message}"
            out.append(("log", None, None, message, text, where))
    for node in ast.walk(tree):
        # Message constants of the error enums (`RouterErrors`, `CommonProxyErrors`): routing's and the
        # proxy's fixed wordings live there, not in the raise statements.
        if isinstance(node, ast.ClassDef) and node.name.endswith("Errors"):
            for item in node.body:
                if isinstance(item, ast.Assign) and isinstance(item.value, ast.Constant) and isinstance(item.value.value, str) and " " in item.value.value:
                    out.append(("const", None, None, item.value.value, item.value.value, f"{rel}:{item.lineno}"))
    records = []
    for kind, cls, status, message, text, where in out:
        if _HOLE.search(message):
            continue  # a `{name}` left for a later .format(): the user never sees it as written
        category = label(kind, cls, status, message, rel)
        if kind in ("log", "plain", "const") and category not in ("deployment", "quota_rate", "routing", "timeout"):
            category = None  # a bare log line or ValueError leans only when its words say where it broke
        if category:
            # The wording, whatever line or version renders it (a log line's text holds its file:line).
            wording = (kind, cls, status, message, category)
            records.append({"text": text, "category": category, "source": where, "kind": kind, "wording": wording})
    return records


def harvest(sites: list[Path] | None = None) -> list[dict]:
    seen: dict[tuple, dict] = {}
    texts: set[str] = set()
    for label_, package in sources(sites):
        version = label_.split("-", 1)[1]
        for path in sorted(package.rglob("*.py")):
            rel = f"{label_}/{path.relative_to(package).as_posix()}"
            if "/tests/" in f"/{rel}" or "_types" in path.parts[-1]:
                continue
            for r in harvest_file(path, rel, package):
                first = seen.get(r["wording"])
                if first is None and r["text"] not in texts:  # the oldest version's location and rendering are kept
                    seen[r["wording"]] = first = {**r, "versions": []}
                    texts.add(r["text"])
                if first is not None and version not in first["versions"]:
                    first["versions"].append(version)
    records = sorted(seen.values(), key=lambda r: (r["source"].split(":")[0], int(r["source"].rsplit(":", 1)[1]), r["text"]))
    for r in records:
        r["id"] = "tpl-" + hashlib.sha256(r["text"].encode("utf-8")).hexdigest()[:12]
    return [{"id": r["id"], "text": r["text"], "category": r["category"], "source": r["source"], "kind": r["kind"],
             "versions": r["versions"]} for r in records]


def corpus_file_parser() -> argparse.ArgumentParser:
    """The options of the scripts that build a scored corpus file from released wheels (sdk_surfaces.py,
    mapping_phrases.py): --list what was read, --write the file, --score it with `diagnose`, --misses with
    the score; each script adds its own."""
    ap = argparse.ArgumentParser()
    for flag in ("--list", "--write", "--score", "--misses"):
        ap.add_argument(flag, action="store_true")
    return ap


def dump(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the output file differs from a fresh harvest")
    ap.add_argument("--tree", action="append", type=Path, default=[], help="a site-packages directory holding litellm/ (repeatable)")
    ap.add_argument("--release", action="append", default=[], help="a LiteLLM release read from its wheel (repeatable)")
    ap.add_argument("--add-release", action="append", default=[], metavar="V",
                    help="read release V from its wheel AS WELL AS the default trees (repeatable): older releases "
                         "set beside 1.103.0/1.108.14/1.110.2 in one file, for template_delta.py; use with --out")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    if args.add_release and args.out == OUT:
        ap.error("--add-release writes a set for comparison, not the committed training set: give --out FILE")
    sites = [*args.tree, *(release_site(v) for v in args.release)] or None
    if args.add_release:
        sites = [*(sites or default_sites()), *(release_site(v) for v in args.add_release)]
    records = harvest(sites)
    text = dump(records)
    if args.check:
        same = args.out.exists() and args.out.read_text(encoding="utf-8") == text
        print("template set is current" if same else f"{args.out} is out of date: run python tests/corpus/harvest_templates.py")
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    counts: dict[str, int] = {}
    for r in records:
        counts[r["category"]] = counts.get(r["category"], 0) + 1
    versions: dict[str, int] = {}
    for r in records:
        for v in r["versions"]:
            versions[v] = versions.get(v, 0) + 1
    print(f"wrote {args.out.name}: {len(records)} templates {dict(sorted(counts.items()))}; per version {versions}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
