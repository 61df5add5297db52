"""Keys LiteLLM 1.103.0 reads that the generated key data (`_litellm_data.py`) does not list, each with
the place in LiteLLM's source that reads it. Found by checking the doctor's "unknown key" findings on
real public configs against the source: a key LiteLLM reads must never be called unknown."""

from __future__ import annotations

# model_list[].litellm_params
LITELLM_PARAMS = frozenset(
    {
        "num_retries",  # router.py:3746 `_set_deployment_num_retries_on_exception`: per-deployment retries
        "silent_model",  # router.py:3599: a silent experiment target
        "max_parallel_requests",  # router_utils/client_initalization_utils.py:60
        "cache_control_injection_points",  # integrations/anthropic_cache_control_hook.py:207
        "guardrails",  # per-deployment guardrails, passed to the guardrail hooks with the call
    }
)
# general_settings
GENERAL_SETTINGS = frozenset(
    {
        "custom_auth_settings",  # litellm_enterprise/proxy/proxy_server.py:13 (used by auth/user_api_key_auth.py:20)
    }
)
# litellm_settings (set on the litellm module, then read as `litellm.<key>`)
LITELLM_SETTINGS = frozenset(
    {
        "timezone",  # proxy/common_utils/timezone_utils.py:52 `getattr(litellm, "timezone", None)`
        # Read from the litellm_settings dict itself (not as `litellm.<key>`): found when LiteLLM's own example
        # configs drew "nothing ever reads it" (tests/config/real/JUDGED.md, 2026-12-07).
        "azure_content_safety_params",  # proxy/common_utils/callback_utils.py:350
        "code_interpreter_interception_params",  # integrations/code_interpreter_interception/handler.py:251
        "compression_interception_params",  # integrations/compression_interception/handler.py:126
        "mcp_semantic_tool_filter",  # proxy/proxy_server.py:7795
        "presidio_logging_only",  # proxy/common_utils/callback_utils.py:186
        "prompt_injection_params",  # proxy/common_utils/callback_utils.py:330
        "scim_admin_group",  # proxy/management_endpoints/scim/scim_v2.py:415
        "scim_upsert_user",  # proxy/management_endpoints/scim/scim_v2.py:376
        "websearch_interception_params",  # integrations/websearch_interception/handler.py:497
    }
)


def _section_keys() -> dict[str, frozenset]:
    from .._litellm_data import GENERAL_SETTINGS_KEYS, LITELLM_ATTRS, ROUTER_SETTINGS_KEYS
    from .litellm_settings import SPECIAL

    values = frozenset(k for k, kind in LITELLM_ATTRS.items() if kind == "value" and not k.startswith("_"))
    return {
        "general_settings": frozenset(GENERAL_SETTINGS_KEYS) | GENERAL_SETTINGS,
        "router_settings": frozenset(ROUTER_SETTINGS_KEYS),
        "litellm_settings": values | SPECIAL | LITELLM_SETTINGS,
    }


_CACHE: dict[str, frozenset] = {}


def home_of(key: object, section: str) -> str | None:
    """The settings section that reads `key` when `section` does not, or None."""
    if not isinstance(key, str):
        return None
    if not _CACHE:
        _CACHE.update(_section_keys())
    for name in ("general_settings", "router_settings", "litellm_settings"):
        if name != section and key in _CACHE[name]:
            return name
    return None
