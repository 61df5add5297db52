"""What each provider needs from a deployment, and how LiteLLM picks the provider of a model string."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..providers import PROVIDERS

if TYPE_CHECKING:
    from .loader import Deployment

# LiteLLM's tables (`_litellm_data`, ~110 KB) are imported where a name needs them: a probe of a config
# whose models all carry a `provider/` prefix never does (~4 ms before its first request).
AZURE_DEFAULT_API_VERSION = "2025-02-01-preview"  # litellm.AZURE_DEFAULT_API_VERSION in 1.103.0


def provider_of_deployment(d: Deployment) -> str | None:
    custom = d.litellm_params.get("custom_llm_provider")
    if isinstance(custom, str) and custom:
        return custom
    model = d.model
    if "/" in model:
        return model.split("/", 1)[0]
    from ._litellm_data import BARE_MODELS

    return BARE_MODELS.get(model)


def known_prefixes() -> frozenset[str]:
    """Every provider prefix LiteLLM knows (`provider/model`)."""
    from ._litellm_data import JSON_PROVIDERS

    return frozenset(PROVIDERS) | frozenset(JSON_PROVIDERS)


# Env vars that carry the API key when litellm_params has none (any one is enough). Derived from
# litellm.validate_environment, plus the aliases the provider code also reads.
_KEY_ENV_EXTRA: dict[str, tuple[str, ...]] = {
    "openai": ("OPENAI_API_KEY",),
    "text-completion-openai": ("OPENAI_API_KEY",),
    "azure": ("AZURE_API_KEY", "AZURE_OPENAI_API_KEY", "AZURE_AD_TOKEN", "AZURE_CLIENT_SECRET", "AZURE_CLIENT_ID"),
    "azure_text": ("AZURE_API_KEY", "AZURE_OPENAI_API_KEY", "AZURE_AD_TOKEN", "AZURE_CLIENT_SECRET"),
    "anthropic": ("ANTHROPIC_API_KEY",),
    "gemini": ("GEMINI_API_KEY", "GOOGLE_API_KEY"),
    "together_ai": ("TOGETHERAI_API_KEY", "TOGETHER_API_KEY", "TOGETHER_AI_API_KEY", "TOGETHER_AI_TOKEN"),
    "perplexity": ("PERPLEXITYAI_API_KEY", "PERPLEXITY_API_KEY"),
    "huggingface": ("HUGGINGFACE_API_KEY", "HF_TOKEN"),
    "cohere_chat": ("COHERE_API_KEY", "CO_API_KEY"),
    "cohere": ("COHERE_API_KEY", "CO_API_KEY"),
    "replicate": ("REPLICATE_API_KEY", "REPLICATE_API_TOKEN"),
}
# Providers that authenticate without an API key in litellm_params (IAM, ADC, local servers): never flagged.
_KEYLESS = frozenset(
    {
        "bedrock", "sagemaker", "sagemaker_chat", "sagemaker_nova", "vertex_ai", "vertex_ai_beta", "ollama",
        "ollama_chat", "hosted_vllm", "vllm", "openai_like", "custom_openai", "lm_studio", "llamafile", "xinference",
        "triton", "oobabooga", "litellm_proxy", "custom", "docker_model_runner", "infinity", "lemonade",
        "github_copilot", "chatgpt", "cloudflare", "petals", "auto_router", "amazon_nova", "bedrock_mantle",
    }
)
_AZURE_AUTH_PARAMS = ("api_key", "azure_ad_token", "client_secret", "azure_password", "azure_ad_token_provider", "tenant_id")


def api_key_env_names(provider: str) -> tuple[str, ...]:
    """The env vars LiteLLM falls back to for this provider's key; () when it needs none we know of."""
    if provider in _KEYLESS:
        return ()
    if provider in _KEY_ENV_EXTRA:
        return _KEY_ENV_EXTRA[provider]
    from ._litellm_data import PROVIDER_ENV_KEYS

    names = tuple(n for n in PROVIDER_ENV_KEYS.get(provider, ()) if n.endswith(("_API_KEY", "_TOKEN", "_KEY")))
    return names


def has_key_in_params(provider: str, params: dict) -> bool:
    if params.get("api_key") or params.get("litellm_credential_name") or params.get("use_litellm_proxy"):
        return True
    if provider in ("azure", "azure_text"):
        return any(params.get(k) for k in _AZURE_AUTH_PARAMS)
    return False


# Providers that have no public default endpoint: api_base (or its env var) is required.
API_BASE_ENV: dict[str, tuple[str, ...]] = {
    "azure": ("AZURE_API_BASE", "AZURE_OPENAI_ENDPOINT"),
    "azure_text": ("AZURE_API_BASE", "AZURE_OPENAI_ENDPOINT"),
    "hosted_vllm": ("HOSTED_VLLM_API_BASE",),
    "openai_like": ("OPENAI_LIKE_API_BASE",),
    "lm_studio": ("LM_STUDIO_API_BASE",),
    "llamafile": ("LLAMAFILE_API_BASE",),
    "databricks": ("DATABRICKS_API_BASE",),
    "litellm_proxy": ("LITELLM_PROXY_API_BASE",),
}
