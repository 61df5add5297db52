"""Generate the per-version knowledge from released LiteLLM wheels: `python -m litellm_doctor.knowledge.generate`.

    python -m litellm_doctor.knowledge.generate 1.103.0 1.108.14 1.110.2     # pip download each wheel
    python -m litellm_doctor.knowledge.generate --wheel path/to/litellm-X-*.whl [--enterprise path/to/litellm_enterprise-*.whl]

The wheel is read as a zip and its source parsed with `ast` (plus a few anchored regexes over source
text); nothing is imported or executed, so any release can be read by any Python. The output is one
compact JSON per version in `knowledge/data/<version>.json`, sorted everywhere: the same wheel always
gives byte-identical data (tests/knowledge/test_generate.py). Adding a release is this command plus a
review of `git diff src/litellm_doctor/knowledge/data/`.
"""

from __future__ import annotations

import argparse
import ast
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Callable

DATA = Path(__file__).with_name("data")
FORMAT = 1

# Top-level config keys the proxy reads through helpers rather than `config.get("…")` (reference §6.2).
_TOP_LEVEL_EXTRA = (
    "model_list", "litellm_settings", "general_settings", "router_settings", "environment_variables", "include",
)
# Deployment keys read by name outside the pydantic models (reference §6.3), as in the 1.103.0 generator.
_LITELLM_PARAMS_EXTRA = ("model_info", "order", "weight", "cooldown_time", "tag_regex", "itpm", "otpm")
_MODEL_INFO_EXTRA = (
    "mode", "access_groups", "supported_environments", "max_input_tokens", "max_output_tokens", "max_tokens",
    "cooldown_time", "allowed_fails", "allowed_fails_policy", "order", "health_check_timeout",
    "health_check_model", "health_check_max_tokens", "health_check_max_tokens_reasoning",
    "health_check_max_tokens_non_reasoning", "health_check_supports_max_tokens", "health_check_params",
    "health_check_reasoning_effort", "health_check_voice", "disable_background_health_check",
    "description", "litellm_provider", "weight", "rpm", "tpm",
)
# Error-message fragments whose templates are kept (the wordings facts and rules read).
_MESSAGE_MARKERS = re.compile(
    r"model group|Model Group|fallback|Invalid API key|Authentication Error|[Bb]udget|No deployments available|"
    r"cooldown|master[_ ]key|LLM Provider NOT provided|Error code",
)
_MESSAGE_FILES = re.compile(r"^litellm/(router\.py|router_utils/.*\.py|exceptions\.py|proxy/auth/.*\.py|proxy/proxy_server\.py|"
                            r"litellm_core_utils/exception_mapping_utils\.py|proxy/utils\.py)$")
_GENERAL_GET = re.compile(r"general_settings(?:\.get\(|\[)\s*[\"']([a-z_0-9]+)[\"']")
_CONFIG_GET = re.compile(r"\bconfig\.get\(\s*[\"']([a-z_0-9]+)[\"']")
_GETATTR_LITELLM = re.compile(r"getattr\(\s*litellm\s*,\s*[\"']([A-Za-z_][A-Za-z0-9_]*)[\"']")


class Wheel:
    """The .py sources and JSON data of a wheel, read from the zip (bounded to the files we parse)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.zip = zipfile.ZipFile(path)
        self.names = sorted(self.zip.namelist())

    def text(self, name: str) -> str:
        return self.zip.read(name).decode("utf-8", errors="replace")

    def has(self, name: str) -> bool:
        return name in self.names

    def tree(self, name: str) -> ast.Module:
        return ast.parse(self.text(name), filename=name)

    def py(self, prefix: str) -> list[str]:
        return [n for n in self.names if n.startswith(prefix) and n.endswith(".py")]

    def version(self) -> str:
        for n in self.names:
            m = re.match(r"^litellm-([^/]+)\.dist-info/METADATA$", n)
            if m:
                return m.group(1)
        raise SystemExit(f"{self.path}: not a litellm wheel (no litellm-*.dist-info/METADATA)")

    def metadata(self) -> str:
        return self.text(f"litellm-{self.version()}.dist-info/METADATA")


def _literal(node: ast.AST):
    try:
        value = ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError, RecursionError, MemoryError):
        return None
    return value if isinstance(value, (bool, int, float, str)) or value is None else None


def _classes(tree: ast.Module) -> dict[str, ast.ClassDef]:
    return {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}


def _fields(classes: dict[str, ast.ClassDef], name: str, seen: set[str] | None = None) -> set[str]:
    """Annotated fields of a pydantic model / TypedDict, with its bases from the same module, and aliases."""
    seen = seen if seen is not None else set()
    if name in seen or name not in classes:
        return set()
    seen.add(name)
    cls = classes[name]
    out: set[str] = set()
    for base in cls.bases:
        if isinstance(base, ast.Name):
            out |= _fields(classes, base.id, seen)
    for stmt in cls.body:
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            if stmt.target.id == "model_config":
                continue
            out.add(stmt.target.id)
            value = stmt.value
            if isinstance(value, ast.Call) and getattr(value.func, "id", None) == "Field":
                for kw in value.keywords:
                    if kw.arg in ("alias", "validation_alias") and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
                        out.add(kw.value.value)
    return out


def _module_names(tree: ast.Module) -> dict[str, str]:
    """Names a module defines at top level (incl. inside if/try blocks) -> value | function | class | module."""
    out: dict[str, str] = {}

    def visit(body: list[ast.stmt]) -> None:
        for stmt in body:
            if isinstance(stmt, (ast.Assign, ast.AnnAssign)):
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                for t in targets:
                    for n in ast.walk(t):
                        if isinstance(n, ast.Name):
                            out.setdefault(n.id, "value")
            elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                out[stmt.name] = "function"
            elif isinstance(stmt, ast.ClassDef):
                out[stmt.name] = "class"
            elif isinstance(stmt, ast.Import):
                for a in stmt.names:
                    out.setdefault(a.asname or a.name.split(".")[0], "module")
            elif isinstance(stmt, ast.ImportFrom):
                for a in stmt.names:
                    if a.name != "*":
                        out.setdefault(a.asname or a.name, _kind_by_name(a.asname or a.name))
            elif isinstance(stmt, (ast.If, ast.Try)):
                visit(stmt.body)
                visit(getattr(stmt, "orelse", []))
                for h in getattr(stmt, "handlers", []):
                    visit(h.body)
                visit(getattr(stmt, "finalbody", []))

    visit(tree.body)
    return out


def _kind_by_name(name: str) -> str:
    """Kind of a name imported or registered lazily, from the naming convention (the source is not run)."""
    if name.isupper() or (name.upper() == name and "_" in name):
        return "value"
    if name[:1].isupper():
        return "class"
    return "function"


def _resolve(module: str, level: int, package: str) -> str:
    if level == 0:
        return module
    parts = package.split(".")[: len(package.split(".")) - (level - 1)]
    return ".".join(parts + ([module] if module else []))


def _public_names(w: Wheel, module: str, seen: set[str]) -> dict[str, str]:
    """What `from module import *` brings in: __all__ if the module declares it, else its public names,
    following the module's own star imports within litellm."""
    if module in seen:
        return {}
    seen.add(module)
    path = module.replace(".", "/")
    name = f"{path}.py" if w.has(f"{path}.py") else f"{path}/__init__.py"
    if not w.has(name):
        return {}
    tree = w.tree(name)
    package = module if name.endswith("__init__.py") else module.rsplit(".", 1)[0]
    names = _module_names(tree)
    for stmt in ast.walk(tree):
        if isinstance(stmt, ast.ImportFrom) and any(a.name == "*" for a in stmt.names):
            target = _resolve(stmt.module or "", stmt.level, package)
            if target.startswith("litellm"):
                for k, v in _public_names(w, target, seen).items():
                    names.setdefault(k, v)
    declared = None
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in stmt.targets):
            try:
                declared = [x for x in ast.literal_eval(stmt.value) if isinstance(x, str)]
            except (ValueError, SyntaxError):
                declared = None
    if declared is not None:
        return {k: names.get(k, _kind_by_name(k)) for k in declared}
    return {k: v for k, v in names.items() if not k.startswith("_")}


def litellm_settings(w: Wheel) -> dict[str, str]:
    names = _public_names(w, "litellm", set())
    out = {k: v for k, v in names.items() if not k.startswith("_")}
    # Names litellm resolves lazily through its module __getattr__ (tuples *_NAMES, dicts *_IMPORT_MAP).
    for reg in ("litellm/_lazy_imports_registry.py", "litellm/_lazy_imports.py"):
        if not w.has(reg):
            continue
        for stmt in w.tree(reg).body:
            if not isinstance(stmt, (ast.Assign, ast.AnnAssign)) or stmt.value is None:
                continue
            target = stmt.targets[0] if isinstance(stmt, ast.Assign) else stmt.target
            if not isinstance(target, ast.Name):
                continue
            if target.id.endswith("_NAMES") and isinstance(stmt.value, (ast.Tuple, ast.List)):
                items = [e.value for e in stmt.value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            elif target.id.endswith("_IMPORT_MAP") and isinstance(stmt.value, ast.Dict):
                items = [k.value for k in stmt.value.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
            else:
                continue
            for item in items:
                if not item.startswith("_"):
                    # lazily resolved: a CamelCase name is a class; anything else counts as a plain value
                    # (a setting that would be wrongly called a function is worse than a missed one)
                    out.setdefault(item, "class" if item[:1].isupper() and not item.isupper() else "value")
    # Attributes read with getattr(litellm, "x", default) anywhere: settable even when __init__ lacks them.
    for name in w.py("litellm/"):
        for attr in _GETATTR_LITELLM.findall(w.text(name)):
            if not attr.startswith("_"):
                out.setdefault(attr, "value")
    return dict(sorted(out.items()))


def defaults(w: Wheel) -> dict[str, object]:
    """Literal defaults of litellm's module-level settings and of constants.py."""
    out: dict[str, object] = {}
    for name, prefix in (("litellm/__init__.py", ""), ("litellm/constants.py", "constants.")):
        for stmt in w.tree(name).body:
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                target, value = stmt.targets[0].id, stmt.value
            elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
                target, value = stmt.target.id, stmt.value
            else:
                continue
            if target.startswith("_"):
                continue
            v = _literal(value)
            if v is None and isinstance(value, ast.Call) and value.args:
                # int(os.getenv("X", 600)) and friends: the literal fallback is the default
                inner = value.args[0]
                if isinstance(inner, ast.Call) and len(inner.args) == 2:
                    v = _literal(inner.args[1])
            if v is not None and not (isinstance(v, str) and len(v) > 200):
                out[prefix + target] = v
    return dict(sorted(out.items()))


def router_settings(w: Wheel) -> list[str]:
    """Router constructor arguments: `Router.__init__`'s signature (<= 1.109), or the `ROUTER_INIT_ARGS`
    tuple the facade forwards (1.110+, where __init__ takes *args/**kwargs)."""
    args: set[str] = set()
    classes = _classes(w.tree("litellm/router.py"))
    init = next((s for s in classes["Router"].body if isinstance(s, ast.FunctionDef) and s.name == "__init__"), None) \
        if "Router" in classes else None
    if init is not None:
        args = {a.arg for a in init.args.args + init.args.kwonlyargs} - {"self"}
    if not args and w.has("litellm/router_api.py"):
        for stmt in w.tree("litellm/router_api.py").body:
            target = stmt.targets[0] if isinstance(stmt, ast.Assign) else getattr(stmt, "target", None)
            if isinstance(target, ast.Name) and target.id == "ROUTER_INIT_ARGS" and stmt.value is not None:
                args = {n.value for n in ast.walk(stmt.value) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    if not args:
        raise SystemExit(f"{w.path}: the Router's constructor arguments were not found; teach router_settings() the new layout")
    outside: set[str] = set()
    for stmt in w.tree("litellm/constants.py").body:
        target = stmt.targets[0] if isinstance(stmt, ast.Assign) else getattr(stmt, "target", None)
        if isinstance(target, ast.Name) and target.id == "ROUTER_SETTINGS_MANAGED_OUTSIDE_CONFIG":
            outside = {n.value for n in ast.walk(stmt.value) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    return sorted(args - outside)


def router_types(w: Wheel) -> tuple[list[str], list[str]]:
    # LiteLLM_Params and ModelInfo inherit pricing fields declared in types/utils.py.
    classes = {**_classes(w.tree("litellm/types/utils.py")), **_classes(w.tree("litellm/types/router.py"))}
    params = _fields(classes, "LiteLLM_Params") | set(_LITELLM_PARAMS_EXTRA)
    info = _fields(classes, "ModelInfo") | set(_MODEL_INFO_EXTRA)
    cost = json.loads(w.text("litellm/model_prices_and_context_window_backup.json"))
    for entry in cost.values():  # any model-map field may be set in model_info
        if isinstance(entry, dict):
            info.update(k for k in entry if isinstance(k, str))
    return sorted(params), sorted(info)


def general_settings(w: Wheel) -> list[str]:
    classes = _classes(w.tree("litellm/proxy/_types.py"))
    keys = _fields(classes, "ConfigGeneralSettings")
    for name in w.py("litellm/proxy/"):
        keys.update(_GENERAL_GET.findall(w.text(name)))
    return sorted(keys)


def top_level(w: Wheel) -> list[str]:
    keys = set(_TOP_LEVEL_EXTRA) | set(_CONFIG_GET.findall(w.text("litellm/proxy/proxy_server.py")))
    return sorted(keys)


def providers(w: Wheel) -> tuple[list[str], list[str]]:
    classes = _classes(w.tree("litellm/types/utils.py"))
    values = []
    for stmt in classes["LlmProviders"].body:
        if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str):
            values.append(stmt.value.value)
    json_providers: list[str] = []
    if w.has("litellm/llms/openai_like/providers.json"):
        json_providers = sorted(json.loads(w.text("litellm/llms/openai_like/providers.json")))
    return sorted(set(values)), json_providers


def exceptions(w: Wheel) -> dict[str, dict[str, object]]:
    """Exception classes: bases and the status code they set (an int, or the expression's source)."""
    out: dict[str, dict[str, object]] = {}
    for cls in _classes(w.tree("litellm/exceptions.py")).values():
        status: object = None
        for node in ast.walk(cls):
            if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Attribute)
                    and node.targets[0].attr == "status_code" and getattr(node.targets[0].value, "id", "") == "self"):
                v = node.value
                lit = _literal(v)
                if isinstance(lit, int):
                    status = lit
                elif isinstance(v, ast.BoolOp) and isinstance(_literal(v.values[-1]), int):
                    status = _literal(v.values[-1])
                else:
                    status = ast.unparse(v)
                break
        out[cls.name] = {"bases": [ast.unparse(b) for b in cls.bases], "status": status}
    return dict(sorted(out.items()))


def _hole(expression: ast.AST) -> str:
    return "{" + ast.unparse(expression)[:60] + "}"


def template_text(node: ast.AST, hole: Callable[[ast.AST], str] = _hole) -> str | None:
    """The text of a string or f-string node, each interpolation written as `hole(its expression)`
    (here `{expr}`; the corpus harvester fills in a sample value); None for any other node."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(str(v.value) if isinstance(v, ast.Constant) else hole(v.value) for v in node.values)
    return None


def messages(w: Wheel) -> list[str]:
    """Error-message templates (strings and f-strings) of the router, the auth layer and the exceptions
    that carry the wordings the doctor reads: `{expr}` marks an interpolation."""
    found: set[str] = set()
    for name in w.names:
        if not _MESSAGE_FILES.match(name):
            continue
        try:
            tree = w.tree(name)
        except SyntaxError:
            continue
        inside_fstring: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                inside_fstring.update(id(v) for v in node.values)
        for node in ast.walk(tree):
            if id(node) in inside_fstring or isinstance(node, ast.Expr):
                continue
            text = template_text(node)
            if text and 12 <= len(text) <= 400 and _MESSAGE_MARKERS.search(text) and "\n" not in text.strip("\n"):
                found.add(f"{name.removeprefix('litellm/')}: {text.strip()}")
    return sorted(found)


def bare_models(w: Wheel) -> dict[str, str]:
    """Model names without a provider prefix -> the provider LiteLLM's model map gives them."""
    cost = json.loads(w.text("litellm/model_prices_and_context_window_backup.json"))
    out = {}
    for name, entry in cost.items():
        if "/" in name or name == "sample_spec" or not isinstance(entry, dict):
            continue
        provider = entry.get("litellm_provider")
        if isinstance(provider, str):
            out[name] = provider
    return dict(sorted(out.items()))


def _enum_values(w: Wheel, module: str, name: str) -> list[str]:
    if not w.has(module):
        return []
    cls = _classes(w.tree(module)).get(name)
    if cls is None:
        return []
    return sorted(s.value.value for s in cls.body
                  if isinstance(s, ast.Assign) and isinstance(s.value, ast.Constant) and isinstance(s.value.value, str))


def pre_call_checks(w: Wheel) -> list[str]:
    """The values `router_settings.optional_pre_call_checks` accepts (the OptionalPreCallChecks Literal)."""
    for stmt in w.tree("litellm/types/router.py").body:
        target = stmt.targets[0] if isinstance(stmt, ast.Assign) else getattr(stmt, "target", None)
        if isinstance(target, ast.Name) and target.id == "OptionalPreCallChecks" and stmt.value is not None:
            return sorted({n.value for n in ast.walk(stmt.value) if isinstance(n, ast.Constant) and isinstance(n.value, str)})
    return []


def features(w: Wheel) -> dict[str, bool]:
    """Start-up behaviours that `check --upgrade-to` compares, each read from the code that implements it."""
    # the Router's code: router.py and router_*.py (<= 1.109), plus router_rust/ (1.110+)
    router_src = "".join(w.text(n) for n in w.names if re.match(r"^litellm/router(?:_[a-z_]+\.py|\.py|_rust/.*\.py)$", n))
    return {
        # proxy/auth/master_key_boot_check.py: refuses an unset, empty or publicly known master key
        "master_key_refusal": w.has("litellm/proxy/auth/master_key_boot_check.py"),
        # Router.validate_fallbacks raises TypeError for `{"a": "b"}` (a string, not a list)
        "string_fallbacks_refused": "must be a list of model names, got" in router_src,
    }


def known_master_key_digests(w: Wheel) -> list[str]:
    """sha256 of the master keys the proxy refuses as publicly known (`sk-1234`), from the boot check."""
    name = "litellm/proxy/auth/master_key_boot_check.py"
    return sorted(set(re.findall(r"\b[0-9a-f]{64}\b", w.text(name)))) if w.has(name) else []


def enterprise_general_settings(path: str | None) -> list[str]:
    if not path:
        return []
    keys: set[str] = set()
    with zipfile.ZipFile(path) as zf:
        for name in sorted(zf.namelist()):
            if name.endswith(".py"):
                keys.update(_GENERAL_GET.findall(zf.read(name).decode("utf-8", "replace")))
    return sorted(keys)


def collect(wheel: str, enterprise: str | None = None) -> dict[str, object]:
    w = Wheel(wheel)
    params, info = router_types(w)
    provider_list, json_providers = providers(w)
    general = sorted(set(general_settings(w)) | set(enterprise_general_settings(enterprise)))
    return {
        "format": FORMAT,
        "version": w.version(),
        "source": os.path.basename(wheel) + (f" + {os.path.basename(enterprise)}" if enterprise else ""),
        "sections": {
            "top_level": top_level(w),
            "general_settings": general,
            "litellm_settings": litellm_settings(w),
            "router_settings": router_settings(w),
            "litellm_params": params,
            "model_info": info,
        },
        "cache_types": _enum_values(w, "litellm/types/caching.py", "LiteLLMCacheType"),
        "pre_call_checks": pre_call_checks(w),
        "features": features(w),
        "known_master_key_digests": known_master_key_digests(w),
        "providers": provider_list,
        "json_providers": json_providers,
        "bare_models": bare_models(w),
        "exceptions": exceptions(w),
        "defaults": defaults(w),
        "messages": messages(w),
    }


def render(data: dict[str, object]) -> bytes:
    return (json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True) + "\n").encode()


def download(version: str, dest: str, package: str = "litellm") -> str:
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps",
                    "--only-binary", ":all:", "-d", dest, f"{package}=={version}"], check=True, capture_output=True)
    stem = package.replace("-", "_")
    found = sorted(glob.glob(os.path.join(dest, f"{stem}-{version}-*.whl")))
    if not found:
        raise SystemExit(f"pip download gave no wheel for {package}=={version}")
    return found[0]


def _enterprise_pin(w: Wheel) -> str | None:
    return enterprise_pin(w.metadata())


def enterprise_pin(metadata: str) -> str | None:
    """The litellm-enterprise version a wheel's METADATA pins: `litellm-enterprise==0.1.43.post1 ; extra ==
    'proxy'` (1.80 on), or the older `litellm-enterprise (==0.1.20) ; extra == "proxy"` (1.72-1.79)."""
    m = re.search(r"^Requires-Dist: litellm-enterprise\s*\(?==([^\s;)]+)", metadata, re.MULTILINE)
    return m.group(1) if m else None


def enterprise_wheel(w: Wheel, dest: str) -> str | None:
    """The litellm_enterprise wheel the release pins (its general_settings reads count), else the nearest
    published build of that release (1.108.x pins `0.1.79.post3`, which the registry lacks: `0.1.79`)."""
    pin = _enterprise_pin(w)
    if not pin:
        return None
    for candidate in dict.fromkeys((pin, re.sub(r"\.post\d+$", "", pin))):
        try:
            return download(candidate, dest, "litellm-enterprise")
        except (subprocess.CalledProcessError, SystemExit):
            continue
    return None


def write(data: dict[str, object], out_dir: Path = DATA) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{data['version']}.json"
    path.write_bytes(render(data))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("versions", nargs="*", help="litellm versions to download and read")
    parser.add_argument("--wheel", action="append", default=[], help="a litellm wheel already downloaded")
    parser.add_argument("--enterprise", help="the litellm_enterprise wheel to read with --wheel")
    parser.add_argument("--out", type=Path, default=DATA)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        jobs = [(wheel, args.enterprise) for wheel in args.wheel]
        for version in args.versions:
            wheel = download(version, tmp)
            jobs.append((wheel, enterprise_wheel(Wheel(wheel), tmp)))
        for wheel, ent in jobs:
            path = write(collect(wheel, ent), args.out)
            print(f"wrote {path} ({path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
