"""The provider wordings LiteLLM itself recognises, read from its source, and how the doctor answers them.

    python tests/corpus/mapping_phrases.py --list            # every phrase found, kept or not, and why
    python tests/corpus/mapping_phrases.py --write           # tests/corpus/mapping_phrases.jsonl (the kept ones)
    python tests/corpus/mapping_phrases.py --score [--misses] # diagnose each kept phrase bare and as LiteLLM renders it

LiteLLM maps a provider's error to its exception classes by substring tests written from real provider
answers (`"429 Quota exceeded" in error_str` -> RateLimitError). This script finds them with `ast` (litellm is
never imported) in `litellm/litellm_core_utils/exception_mapping_utils.py` and `litellm/llms/**.py` of five
releases: 1.61.20, 1.74.9, 1.103.0, 1.108.14 and 1.110.2, each from its wheel (downloaded and unpacked once by
harvest_templates.release_site; `--wheel PATH` replaces 1.74.9's with a wheel file, read as a zip). Found: a string constant (or
the longest literal piece of an f-string) tested with `in` or `not in` (also against `.lower()`; a `not in`
phrase gets no class from its branch, only from OVERRIDE), a `.startswith(...)` argument, or a member of a list/tuple of strings iterated and
tested with `in`, against an expression that names an error (`error_str`, `error_message`, `str(e)`,
`original_exception.message`, `response.text`, ...). Kept per phrase: file:line, the exception class the branch
raises (the first `raise` in the `if` body whose test holds the phrase; for a phrase inside an `is_*` checker
function, the class its name says; the newest release's when they differ) and the status given to it, the provider (llms/<provider>/ or the
`_map_<provider>_exception` / `custom_llm_provider == "x"` branch).

The category follows tests/corpus/README.md's conventions: by the class, then by the phrase's words where a
convention says so (overloaded -> quota_rate; credit balance -> quota_rate; a timeout reaching the user as a
connection error -> timeout; NotFound by its words: a model or deployment -> routing, Azure "Resource not
found" -> deployment). Phrases whose category is unclear or which mean nothing alone are left out, each
with its reason (`EXCLUDE`, and `--list` shows them).

The score is what `diagnose` answers for the phrase alone (an app showing only the provider's message) and
for LiteLLM's rendering (`litellm.<Class>: <Class>: <Provider>Exception - <phrase>`), by form, by kind of
answer (rule / estimate / unknown) and by category. The phrases are real provider wordings as LiteLLM's
developers copied them, cut to the words the test needs: shorter than a user's paste (no status, no JSON, no
request id), and sometimes a fragment a provider never sends alone.

To score a past revision: `git archive REV src rules | tar -x -C DIR` and run `--score` with PYTHONPATH=DIR/src.
"""

from __future__ import annotations

import ast
import json
import re
import sys
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

from harvest_templates import _CLASS_CATEGORY, _name, corpus_file_parser, dump, release_site
from litellm_doctor.diagnosis.litellm_classes import status_class

HERE = Path(__file__).resolve().parent
OUT = HERE / "mapping_phrases.jsonl"
# Oldest first: the newest release that raises a class for a phrase decides it. Each is read from its wheel,
# downloaded and unpacked once by harvest_templates.release_site (LITELLM_WHEELS, reused after).
RELEASES = ("1.61.20", "1.74.9", "1.103.0", "1.108.14", "1.110.2")  # 1.61.20, 1.108.14: thirtieth pass
FILES = re.compile(r"^litellm/(litellm_core_utils/exception_mapping_utils\.py|llms/.+\.py)$")
ERRORISH = re.compile(
    r"(?i)(\berr\b|\be\b|\bexc\b|error|exception|\bmsg\b|message|response\.text|resp\.text|body|detail)")

# LiteLLM's classes and their category: harvest_templates'; plus InternalServerError, which the harvest leaves
# to the words (the proxy raises it for failures of its own too) but which in the mapper's provider branches
# stands for the upstream's failure (a 5xx, a dropped connection: deployment, convention 2), and NotFoundError and APIError, decided below
# by the phrase's words or the status (None).
LITELLM_CLASSES = {**_CLASS_CATEGORY, "InternalServerError": "deployment", "NotFoundError": None, "APIError": None}
CHECKERS = (("rate_limit", "RateLimitError"), ("context_window", "ContextWindowExceededError"),
            ("content_policy", "ContentPolicyViolationError"), ("timeout", "Timeout"))
# The category a status tells, by the class LiteLLM raises for it (404: by the words, below; others unclear).
STATUS_CATEGORY = {s: LITELLM_CLASSES[status_class(s)] for s in (400, 401, 403, 408, 413, 422, 429, 500, 502, 503, 504)}
PROVIDER_LABEL = {"openai": "OpenAI", "azure": "Azure", "azure_ai": "Azure_ai", "vertex_ai": "VertexAI",
                  "gemini": "VertexAI", "bedrock": "Bedrock", "anthropic": "Anthropic", "openai_compatible": "OpenAI",
                  "huggingface": "Huggingface", "sagemaker": "Sagemaker", "watsonx": "Watsonx",
                  "custom_httpx": "OpenAI"}  # the shared transport: the calling provider's class names it

# Left out, with the reason (phrase, lower-cased -> reason). The category cannot be told from the words, or
# the words alone mean nothing (the branch is decided by the status or by the other half of an `and`).
EXCLUDE = {
    "internal server error": "generic: names no cause",
    "none unknown error.": "generic: LiteLLM's own placeholder",
    "indexerror: list index out of range": "a Python error inside LiteLLM, not a provider wording",
    "invalid_request_error": "an error type, not a wording: any 400 (the class comes from the other half of the test)",
    "validation_error": "an error type: any 400",
    "bad request": "generic: any 400",
    "error": "generic",
    "bearer": "one word, tested inside another branch",
    "unknown error": "generic",
    "timeout": "one word",
    "not found": "generic: a 404 of anything",
    "could not be verified": "too generic alone (encrypted Responses content; the branch explains it)",
    "500 internal server error": "generic: names no cause",
    "500 an internal error has occurred.": "generic: names no cause",
    "list index out of range": "a Python error inside LiteLLM, not a provider wording",
    "invalid type:": "generic; kept as 'invalid type: parameter'",
    "invalid prompt": "half of an `and` (with 'violating our usage policy'); alone any refusal",
    "current length is": "half of an `and` (with 'while limit is'); alone it means nothing",
    "while limit is": "half of an `and` (with 'current length is'); alone it means nothing",
    "cohereconnectionerror": "LiteLLM raises RateLimitError for it, the words say a connection error: unclear",
    "could not process image": "LiteLLM raises InternalServerError, the words say a bad image in the request: unclear",
    "invalid response object from api": "LiteLLM's own wording of an unparseable answer; cause unclear",
    "no such file or directory": "Ollama's model file missing or a local path: unclear",
    "unable to find your project": "a Vertex project id that is wrong or not visible: auth or deployment, unclear",
    "instance type with more cpu capacity or memory": "half of an `and`; SageMaker's advice, not the error",
    "string_above_max_length": "a negative test (return False): OpenAI's param length check",
    "invalid 'user'": "a negative test (return False)",
    "string too long": "a negative test (return False)",
    "model_no_support_for_function": "LiteLLM raises BadRequestError; the words say the model cannot do that API "
                                     "(watsonx chat vs generation: LD-ROUTE-103 answers routing): unclear",
}
# Category by the words where the class LiteLLM gives disagrees with the corpus conventions, or where the branch
# re-raises the provider's error as it is (no class): phrase (lower) -> (category, reason).
OVERRIDE = {
    "a valid user token is required": ("auth", "credentials absent (DESIGN: auth); LiteLLM raises BadRequestError"),
    "api key doesn't match expected format.": ("auth", "credentials refused; LiteLLM raises BadRequestError"),
    "bad or missing api token.": ("auth", "credentials refused or absent; LiteLLM raises BadRequestError"),
    "invalidtoken": ("auth", "credentials refused; LiteLLM raises BadRequestError"),
    "no token provided": ("auth", "credentials absent; LiteLLM raises BadRequestError"),
    "unable to locate credentials": ("auth", "missing AWS credentials (corpus: auth/missing_aws_credentials)"),
    "vertex ai api has not been used in project": ("auth", "corpus: auth/vertex_permission_denied"),
    "503 getting metadata": ("auth", "Google credentials refresh (corpus: auth/vertex_credentials_expired)"),
    "content has no parts.": ("other", "corpus: other/content_policy; LiteLLM raises InternalServerError"),
    "reauthentication is needed": ("auth", "re-raised as is; corpus: auth/vertex_credentials_expired"),
    "is not authorized to perform: sts:assumerole": ("auth", "re-raised as is; AWS role trust policy"),
    "accessdenied": ("auth", "re-raised as is; AWS STS AccessDenied"),
    # thirtieth pass: `not in` tests, the wording LiteLLM keeps OUT of a branch
    "incorrect api key provided": ("auth", "`not in`: kept out of the invalid_request_error -> BadRequestError branch "
                                   "so OpenAI's 401 stays an AuthenticationError (corpus: auth/invalid_api_key)"),
    "connection closed": ("deployment", "`not in`: aiohttp's RuntimeError with it is re-raised as httpx.ReadError, "
                          "a dropped connection (convention 2: deployment/connection_reset)"),
}
CATEGORY_CLASS = {"auth": "AuthenticationError", "quota_rate": "RateLimitError", "timeout": "Timeout",
                  "other": "BadRequestError", "deployment": "InternalServerError", "routing": "NotFoundError"}
ALLOW_SHORT = {"overloaded", "429", "rate limit", "timed out", "accessdenied"}


# ---------------------------------------------------------------------------------------------- reading


def sources(version: str, where: str):
    if where.endswith(".whl"):
        with zipfile.ZipFile(where) as z:
            for name in sorted(z.namelist()):
                if FILES.match(name):
                    yield name, z.read(name).decode("utf-8", errors="replace")
        return
    root = Path(where)
    for path in sorted(root.rglob("*.py")):
        name = "litellm/" + path.relative_to(root).as_posix()
        if FILES.match(name):
            yield name, path.read_text(encoding="utf-8", errors="replace")


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    parents = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    return parents


def _str_seq(node: ast.AST) -> list[str] | None:
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        out = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        return out if out and len(out) == len(node.elts) else None
    return None


def _assigned_lists(tree: ast.AST) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for node in ast.walk(tree):
        targets, value = [], None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        seq = _str_seq(value) if value is not None else None
        if seq:
            for t in targets:
                if isinstance(t, ast.Name):
                    found[t.id] = seq
                elif isinstance(t, ast.Attribute):
                    found[t.attr] = seq
    return found


def _raised(body: list[ast.stmt]) -> tuple[str, int | None] | None:
    """The class and status of the first raise in a branch body (direct statements first)."""
    raises = [s for s in body if isinstance(s, ast.Raise)]
    if not raises:
        for stmt in body:
            if isinstance(stmt, (ast.If, ast.Try, ast.With)):
                continue  # a nested branch decides for itself
            raises += [n for n in ast.walk(stmt) if isinstance(n, ast.Raise)]
    if not raises:
        return None
    exc = raises[0].exc
    if not isinstance(exc, ast.Call):
        return None
    cls = _name(exc.func)
    status = None
    for kw in exc.keywords:
        if kw.arg == "status_code" and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, int):
            status = kw.value.value
    return (cls, status) if cls else None


def _provider(name: str, chain: list[ast.AST]) -> str:
    m = re.match(r"litellm/llms/([^/]+)/", name)
    if m:
        return m.group(1)
    for node in chain:
        if isinstance(node, ast.If):
            src = ast.unparse(node.test)
            m = re.search(r"custom_llm_provider\s*==\s*['\"]([a-z_0-9]+)['\"]", src) or re.search(
                r"LlmProviders\.([A-Z_0-9]+)", src)
            if m:
                return m.group(1).lower()
        if isinstance(node, ast.FunctionDef):
            m = re.match(r"_map_(\w+?)_exception$", node.name)
            if m:
                return "openai_compatible" if m.group(1) == "openai_like" else m.group(1)
    return "openai"


def extract(version: str, where: str) -> list[dict]:
    found = []
    for name, text in sources(version, where):
        if "error" not in text:
            continue
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        parents = _parents(tree)
        lists = _assigned_lists(tree)

        def chain(node):
            out = []
            while node in parents:
                node = parents[node]
                out.append(node)
            return out

        def emit(phrase: str, node: ast.AST, how: str):
            up = chain(node)
            cls = status = None
            how_extra: list[str] = []
            # the if whose test holds the phrase (walking up through BoolOps / calls / comprehensions); a `not in`
            # phrase is what the branch does NOT raise for, so it gets no class from it (OVERRIDE may give one)
            child = node
            for p in ([] if how.startswith("not in") else up):
                if isinstance(p, ast.If) and child is p.test:
                    r = _raised(p.body)
                    if r:
                        cls, status = r
                    elif p.body and isinstance(p.body[0], ast.Return) and isinstance(p.body[0].value, ast.Constant):
                        if p.body[0].value.value is False:
                            how_extra.append("negative")
                    break
                if isinstance(p, (ast.For,)) and child is not p.iter:
                    # `for s in LIST: if s in error_str: ...` : the if inside the for
                    pass
                if isinstance(p, (ast.stmt,)) and not isinstance(p, (ast.If, ast.For)):
                    break
                child = p
            if cls is None and not how_extra and not how.startswith("not in"):
                for p in up:
                    if isinstance(p, ast.FunctionDef):
                        for key, klass in CHECKERS:
                            if p.name.startswith("is_") and key in p.name:
                                cls = klass
                        break
            found.append({"phrase": phrase, "version": version, "where": f"{name}:{node.lineno}",
                          "class": cls, "status": status, "provider": _provider(name, up),
                          "how": " ".join([how, *how_extra])})

        for node in ast.walk(tree):
            if isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], (ast.In, ast.NotIn)):
                right = ast.unparse(node.comparators[0])
                if not ERRORISH.search(right) or _str_seq(node.comparators[0]):
                    continue
                lower = ".lower()" in right
                left = node.left
                op = "not in" if isinstance(node.ops[0], ast.NotIn) else "in"
                if isinstance(left, ast.Constant) and isinstance(left.value, str):
                    emit(left.value, node, op + (" lower" if lower else ""))
                elif isinstance(left, ast.JoinedStr):
                    # a simple f-string: its longest literal piece (the holes are names, models, ids)
                    pieces = [v.value for v in left.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
                    if pieces:
                        emit(max(pieces, key=len).strip(), node, op + " fstring" + (" lower" if lower else ""))
                elif op == "not in":
                    continue
                elif isinstance(left, ast.Name):
                    # a loop variable over a list of phrases: `for s in L` / `any(s in x for s in L)`
                    for p in chain(node):
                        gens = p.generators if isinstance(p, (ast.GeneratorExp, ast.ListComp)) else (
                            [p] if isinstance(p, ast.For) else [])
                        hit = None
                        for g in gens:
                            if isinstance(g.target, ast.Name) and g.target.id == left.id:
                                scope = next((q for q in chain(node) if isinstance(q, ast.FunctionDef)), None)
                                local = _assigned_lists(scope) if scope is not None else {}
                                hit = _str_seq(g.iter) or local.get(_name(g.iter)) or lists.get(_name(g.iter))
                        if hit:
                            for s in hit:
                                emit(s, node, "list" + (" lower" if lower else ""))
                            break
                        if isinstance(p, ast.FunctionDef):
                            break
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                  and node.func.attr == "startswith" and node.args
                  and ERRORISH.search(ast.unparse(node.func.value))):
                arg = node.args[0]
                seq = [arg.value] if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else (
                    _str_seq(arg) or [])
                for s in seq:
                    emit(s, node, "startswith")
    return found


# --------------------------------------------------------------------------------------- categorising


def category(rec: dict) -> tuple[str | None, str]:
    """The corpus category of a phrase, or None and why it is left out."""
    p = rec["phrase"].strip()
    low = p.lower()
    if low in EXCLUDE:
        return None, EXCLUDE[low]
    if low in OVERRIDE:
        return OVERRIDE[low]
    if len(p) < 12 and low not in ALLOW_SHORT:
        return None, "too short to mean anything alone"
    if "negative" in rec["how"] and rec["class"] is None:
        return None, "a negative test (the branch returns False)"
    cls, status = rec["class"], rec["status"]
    if cls is None:
        return None, "no exception class found for the branch"
    if "overloaded" in low:
        return "quota_rate", "convention 2: provider overloaded"
    if "credit balance" in low:
        return "quota_rate", "convention 1: credit balance"
    if cls in LITELLM_CLASSES:
        cat = LITELLM_CLASSES[cls]
        if cls == "APIConnectionError" and re.search(r"tim(ed|e) ?out", low):
            return "timeout", "convention 6: a timeout reaching the user as a connection error"
        if cls == "NotFoundError":
            if "resource not found" in low:
                return "deployment", "convention 4: Azure Resource not found"
            if re.search(r"model|deployment", low):
                return "routing", "NotFound of a model/deployment"
            return None, "NotFound of something that is not a model or deployment"
        if cls == "APIError":
            cat = STATUS_CATEGORY.get(status or 0)
            if cat is None:
                return None, f"APIError with status {status}: unclear"
        return cat, f"class {cls}"
    if status in STATUS_CATEGORY:
        return STATUS_CATEGORY[status], f"provider error class {cls} with status {status}"
    if status == 404 and re.search(r"model|deployment", low):
        return "routing", f"{cls} 404 of a model/deployment"
    return None, f"class {cls} status {status}: not a LiteLLM class"


def rendered_class(rec: dict) -> str:
    cls = rec["class"]
    if cls is None or rec["phrase"].lower() in OVERRIDE and cls not in LITELLM_CLASSES:
        return CATEGORY_CLASS[rec["category"]]
    if cls in LITELLM_CLASSES and cls != "APIError":
        return cls
    return status_class(rec["status"]) if rec["status"] else "APIError"


def render(rec: dict) -> str:
    cls = rendered_class(rec)
    prov = rec["provider"]
    label = PROVIDER_LABEL.get(prov, prov[:1].upper() + prov[1:])
    return f"litellm.{cls}: {cls}: {label}Exception - {rec['phrase']}"


def collect(whl: str | None) -> tuple[list[dict], list[dict], Counter]:
    raw = []
    per_release = Counter()
    for version in RELEASES:
        where = whl if version == "1.74.9" and whl else str(release_site(version) / "litellm")
        got = extract(version, where)
        per_release[version] = len({r["phrase"] for r in got})
        per_release[version + " mapping"] = len({r["phrase"] for r in got if "exception_mapping_utils" in r["where"]})
        raw += got
    # one record per phrase: the releases it appears in, every place, the first class found
    merged: dict[str, dict] = {}
    for r in raw:
        m = merged.setdefault(r["phrase"].lower(), {"phrase": r["phrase"], "versions": [], "where": [], "class": None,
                                            "status": None, "provider": r["provider"], "how": r["how"]})
        if r["version"] not in m["versions"]:
            m["versions"].append(r["version"])
        w = f"{r['version']}:{r['where']}"
        if len(m["where"]) < 4:
            m["where"].append(w)
        if r["class"]:  # the newest release that raises a class for it decides (RELEASES is oldest first)
            m["class"], m["status"], m["provider"] = r["class"], r["status"], r["provider"]
    kept, left = [], []
    for phrase in sorted(merged):
        m = merged[phrase]
        cat, why = category(m)
        m["category"], m["why"] = cat, why
        (kept if cat else left).append(m)
    return kept, left, per_release


# ------------------------------------------------------------------------------------------- scoring


def score(kept: list[dict], show_misses: bool) -> int:
    from litellm_doctor.diagnosis import diagnose

    table = defaultdict(Counter)
    misses = []
    for rec in kept:
        for form, text in (("bare", rec["phrase"]), ("rendered", rec.get("rendered") or render(rec))):
            report = diagnose(text)
            d = report.diagnosis
            ok = report.category == rec["category"]
            kind = report.answer
            table[form]["n"] += 1
            table[form]["right"] += ok
            table[form][f"{kind}"] += 1
            table[form][f"{kind} right"] += ok
            table[(form, rec["category"])]["n"] += 1
            table[(form, rec["category"])]["right"] += ok
            if d and d.confidence >= 0.8:
                table[form][">=0.8"] += 1
                table[form][">=0.8 right"] += ok
            if not ok:
                misses.append((form, rec, report.category, kind, d.rule_id if d else "-"))
    for form in ("bare", "rendered"):
        t = table[form]
        print(f"{form:<9} {t['right']}/{t['n']} right | rule {t['rule right']}/{t['rule']} | estimate "
              f"{t['estimate right']}/{t['estimate']} | unknown {t['unknown']} | at >= 0.8: {t['>=0.8 right']}/"
              f"{t['>=0.8']}")
        cats = sorted({c for k, c in [k for k in table if isinstance(k, tuple)] if k == form})
        print("          " + "  ".join(f"{c} {table[(form, c)]['right']}/{table[(form, c)]['n']}" for c in cats))
    if show_misses:
        for form, rec, got, kind, rule in misses:
            print(f"MISS {form:<8} want {rec['category']:<10} got {got:<10} ({kind} {rule}) "
                  f"[{rec['class']} {rec['provider']}] {rec['phrase'][:100]!r}")
    return 0


def main(argv: list[str]) -> int:
    ap = corpus_file_parser()
    ap.add_argument("--wheel", help="a wheel file to read for 1.74.9 instead of the downloaded release")
    ap.add_argument("--new", action="store_true",
                    help="with --score: extract afresh and score only the kept phrases the committed file lacks")
    args = ap.parse_args(argv)
    if args.score and args.new:
        committed = {json.loads(line)["phrase"].lower() for line in OUT.read_text(encoding="utf-8").splitlines()
                     if line.strip()}
        kept, _, _ = collect(args.wheel)
        new = [dict(r, rendered=render(r)) for r in kept if r["phrase"].lower() not in committed]
        print(f"{len(new)} kept phrases not in {OUT.name}")
        return score(new, args.misses)
    if args.score and not args.write and not args.list:
        kept = [json.loads(line) for line in OUT.read_text(encoding="utf-8").splitlines() if line.strip()]
        return score(kept, args.misses)
    kept, left, per_release = collect(args.wheel)
    print("distinct phrases found per release (in exception_mapping_utils.py / in all): " + ", ".join(
        f"{v} {per_release[v + ' mapping']}/{n}" for v, n in per_release.items() if " " not in v))
    for version in RELEASES:
        mine = [r for r in kept if version in r["versions"]]
        print(f"  kept, present in {version}: {len(mine)}")
    print(f"distinct phrases across the {len(RELEASES)} releases: {len(kept) + len(left)}; kept {len(kept)}, left out {len(left)}")
    print("kept by category: " + ", ".join(f"{c} {n}" for c, n in sorted(Counter(r['category'] for r in kept).items())))
    if args.list:
        for r in kept:
            print(f"KEEP {r['category']:<10} {r['class'] or '-'}/{r['status'] or '-'} {r['provider']:<12} "
                  f"{r['phrase'][:90]!r}  {r['where'][0]}")
        for r in left:
            print(f"LEFT {r['why'][:60]:<60} {r['class'] or '-'}/{r['status'] or '-'} {r['phrase'][:70]!r}  "
                  f"{r['where'][0]}")
    if args.write:
        slugs = [re.sub(r"[^a-z0-9]+", "-", r["phrase"].lower()).strip("-")[:60] for r in kept]
        OUT.write_text(dump([dict(r, id=f"map-{r['provider']}-{slug}", rendered=render(r), text=render(r))
                             for r, slug in zip(kept, slugs)]), encoding="utf-8")
        print(f"wrote {OUT.relative_to(HERE.parents[1])}")
    if args.score:
        return score([dict(r, rendered=render(r)) for r in kept], args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
