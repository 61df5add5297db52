"""Helpers shared by the check modules."""

from __future__ import annotations

import difflib
import math
from typing import Any

from ..loader import ENV_PREFIX
from ..paths import format_path


def did_you_mean(key: Any, candidates, *, cutoff: float = 0.75) -> str | None:
    if not isinstance(key, str):
        return None
    lowered = key.lower().replace("-", "_")
    pool = list(candidates)
    if lowered in pool and lowered != key:
        return lowered
    matches = difflib.get_close_matches(lowered, pool, n=1, cutoff=cutoff)
    return matches[0] if matches else None


def code(*parts: Any) -> str:
    """The config's own text (a key, a value, a model or group name, or a line built from them) as one Markdown code
    span, for a finding's message or step: the one place such text is quoted. Raw between backticks, a value holding a
    backtick ended its span (the rest, `<img …>` or `[x](…)`, read as Markdown, and the span after it turned inside
    out) and a line break started a new line, a heading or a list item in Markdown and a new line in the text format;
    now the span is fenced with a longer backtick run than any inside it, and escape sequences, controls and bidi
    overrides are removed and line breaks joined (formats.sanitize.markdown_code). A part that is no string is
    written as str() writes it."""
    from ...formats.sanitize import markdown_code

    return markdown_code("".join(p if isinstance(p, str) else str(p) for p in parts))


def named(value: Any) -> str:
    """A name from the config in prose (a model group before its message's colon): as it is when it reads as itself
    there, else as a code span (`code`), so that a backtick, a line break or Markdown in it changes nothing around it."""
    from ...formats.sanitize import markdown_code

    text = value if isinstance(value, str) else str(value)
    if text and markdown_code(text) == f"`{text}`":
        return text
    return code(text)


def unit(text: str) -> str:
    """A Kubernetes or Compose object in prose, as the deploy shape names it ("Service litellm", "Deployment litellm",
    "service litellm"): its kind, then its name as `named` shows it (a name from a manifest is the manifest's text)."""
    kind, _, name = text.partition(" ")
    return f"{kind} {named(name)}" if name else named(kind)


def suggestion_text(suggestion: str | None) -> str:
    return f" (did you mean {code(suggestion)}?)" if suggestion else ""


def unknown_keys(ctx, section: str, known, message, *, skip=(), strings_only: bool = False):
    """Hits for the keys of `section` that are neither in `known` nor in `skip`, each with a did-you-mean.
    `message(key)` says what LiteLLM does with such a key (ignores it, logs it, sets a dead attribute)."""
    from . import Hit

    from .known import home_of

    version = ctx.options.litellm_version
    for key in ctx.config.raw_section(section):
        if (strings_only and not isinstance(key, str)) or key in known or key in skip:
            continue
        status = key_status(section, key, version)
        if status == "known":
            continue  # read by the version this config runs on
        if status is not None:  # only a newer release reads it: not a typo
            yield newer_key_hit(f"{section}.{key}", (section, key), version, status)
            continue
        home = home_of(key, section)
        fallback = _ENV_FALLBACK.get((home, key))
        value = ctx.config.raw_section(section).get(key)
        if fallback and isinstance(value, str) and value.strip() == f"{ENV_PREFIX}{fallback}":
            # Dead where it is, but LiteLLM reads that same variable itself when the real key is absent: the value
            # meant is in force (0din-litellm-shield's `litellm_settings.master_key: os.environ/LITELLM_MASTER_KEY`).
            yield Hit(
                f"{code(section, '.', key)} is read from {code(home)}, not from {code(section)}: here it is ignored, but LiteLLM reads "
                f"{fallback} itself when {code(home, '.', key)} is absent, so the same value applies; move it to {code(home)} "
                "to say so",
                path=(section, key),
                facts={"key": f"{section}.{key}", "suggestion": f"{home}.{key}"},
                steps=(f"Move {code(key)} from {code(section)} to {code(home)} (the `check --fix` of this finding does it).",),
                fix=("move", (section, key), home),
                severity="info",
            )
            continue
        if home is not None:
            yield Hit(
                f"{code(section, '.', key)} is read from {code(home)}, not from {code(section)}: move it to {code(home)} (here it is ignored)",
                path=(section, key),
                facts={"key": f"{section}.{key}", "suggestion": f"{home}.{key}"},
                steps=(f"Move {code(key)} from {code(section)} to {code(home)} (the `check --fix` of this finding does it).",),
                fix=("move", (section, key), home),
                severity="error",  # the value is silently never applied
            )
            continue
        suggestion = did_you_mean(key, known)
        yield Hit(
            f"{message(key)}{suggestion_text(suggestion)}",
            path=(section, key),
            facts={"key": f"{section}.{key}", "suggestion": suggestion or "(remove it)"},
            # No known key is close: the catalog's "Rename … to …" has nothing to rename it to.
            steps=None if suggestion else (
                f"Remove {code(section, '.', key)}: LiteLLM does not read it. If a doc names it, check which section it belongs "
                "to and which LiteLLM release reads it.",),
            fix=("rename", (section, key), suggestion) if suggestion and suggestion not in ctx.config.raw_section(section) else None,
            # A misspelling of a known key: the setting meant is silently never applied. Without a close
            # match it may be a key our data lacks, so only a warning.
            severity="error" if suggestion else None,
        )


# A settings key whose home LiteLLM falls back to an environment variable for when the key is absent.
_ENV_FALLBACK = {
    ("general_settings", "master_key"): "LITELLM_MASTER_KEY",  # proxy/proxy_server.py:1178, :6216
    ("general_settings", "database_url"): "DATABASE_URL",  # proxy/proxy_server.py:1216
}


def newer_key_hit(name: str, path: tuple, version: str | None, since: str):
    """The finding for a key only a newer LiteLLM reads: named as such, not as a typo."""
    from . import Hit

    return Hit(
        f"{code(name)} is read from LiteLLM {since} on; this config runs on {version}, which does not know it "
        f"(needs LiteLLM >= {since})",
        path=path,
        facts={"key": name, "needs": since},
        severity="warning",
        steps=(f"Upgrade LiteLLM to {since} or later (" + code("pip install 'litellm>=", since, "'") + ", or that release's image), "
               f"or remove {code(name)} until you do.",
               "If the proxy already runs a newer LiteLLM, say so: `--litellm-version X` (or an image tag next to the config)."),
    )


def key_status(section: str, key, version: str | None) -> str | None:
    """Against the per-version knowledge: "known" when the LiteLLM in use reads `section.key`, the first
    known newer version that reads it, else None (unknown to every known version, or no version given)."""
    if version is None or not isinstance(key, str):
        return None
    from ... import knowledge
    from ...knowledge.versions import parse_version

    if knowledge.key_known(section, key, version):
        return "known"
    since = knowledge.first_version_with(section, key)
    if since is not None and parse_version(since) > parse_version(version):
        return since
    return None


def env_severity(ctx) -> str | None:
    """For findings that depend on the environment the check runs in (unset variables, missing keys).
    A CI job usually lacks the proxy's secrets, so without --env-file they are `info` (a thing to check,
    not a fault found); with --env-file (this is the proxy's environment) they keep the catalog
    severity; --strict-env makes them errors."""
    if ctx.options.strict_env:
        return "error"
    return None if env_known(ctx) else "info"


def env_known(ctx) -> bool:
    """Does this run see the proxy's environment (--env-file, --strict-env, or diagnose's tie)?"""
    return ctx.config.env.known or ctx.options.strict_env or ctx.options.env_known


def dotted(path: tuple) -> str:
    return format_path(path)


def env_ref(value: Any) -> bool:
    """`value` is written as an `os.environ/` reference (resolved, it may be None: LD-CFG-040 says so)."""
    return isinstance(value, str) and value.startswith(ENV_PREFIX)


def from_env(raw: Any) -> str:
    """` (from `os.environ/NAME`)` after a value that was read through a reference, else ''."""
    return f" (from {code(raw)})" if env_ref(raw) else ""


def is_number(value: Any) -> bool:
    """A finite int or float (a 401-digit integer is not: no setting means anything that large)."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def as_number(value: Any) -> float | None:
    """A number, or a string LiteLLM's float() accepts; None otherwise."""
    if is_number(value):
        try:
            return float(value)
        except OverflowError:  # an int beyond float range: not a setting value LiteLLM can use either
            return None
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def short(value: Any, limit: int = 60) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= limit else text[: limit - 3] + "..."


def version_providers(ctx) -> frozenset[str]:
    """The provider prefixes of the LiteLLM this config runs on (knowledge per version), beside the
    pinned data: a provider added in a newer release is not called unknown on that release."""
    version = ctx.options.litellm_version
    if not version:
        return frozenset()
    from ...knowledge import for_version

    knowledge = for_version(version)
    return knowledge.providers | knowledge.json_providers
