"""Provider names LiteLLM accepts as a model prefix, and how to recognise a provider in error text.

`PROVIDERS` is `litellm.provider_list` of LiteLLM 1.103.0 (158 values), copied so that reading a
pasted error or a config never has to import `litellm` (2+ s). `tests/test_providers.py` compares it
with the installed litellm, so a new release that adds providers is noticed.
"""

from __future__ import annotations

PROVIDERS = frozenset(
    """
    openai chatgpt openai_like jina_ai xai zai custom_openai text-completion-openai cohere
    cohere_chat clarifai anthropic anthropic_text bytez replicate reducto aws_textract runwayml
    aws_polly transcribe huggingface together_ai openrouter datarobot vertex_ai vertex_ai_beta
    gemini ai21 baseten black_forest_labs azure azure_text azure_ai sagemaker sagemaker_chat
    sagemaker_nova bedrock vllm nlp_cloud petals oobabooga ollama ollama_chat deepinfra perplexity
    mistral milvus groq a2a gigachat nvidia_nim nvidia_riva soniox cerebras ai21_chat volcengine
    codestral text-completion-codestral dashscope qwencloud qwen_ai_platform modelscope moonshot
    publicai v0 morph lambda_ai inception text-completion-inception deepseek sambanova maritalk
    voyage cloudflare xinference fireworks_ai friendliai featherless_ai watsonx watsonx_text triton
    predibase databricks empower github ragflow compactifai docker_model_runner custom litellm_proxy
    hosted_vllm tencent llamafile lm_studio galadriel nebius infinity deepgram elevenlabs novita
    aiohttp_openai langfuse humanloop topaz sap assemblyai azure_speech charity_engine
    github_copilot snowflake gradient_ai meta_llama nscale pg_vector s3_vectors valkey mongodb
    helicone hyperbolic recraft fal_ai stability heroku aiml cometapi oci auto_router
    vercel_ai_gateway dotprompt manus wandb ovhcloud scaleway lemonade amazon_nova a2a_agent
    langgraph langflow minimax synthetic apertis nano-gpt poe chutes neosantara parasail xiaomi_mimo
    tensormesh libertai pinstripes cognition scx-ai darkbloom meta litellm_agent cursor
    bedrock_mantle gdc
    """.split()
)

# Hosts that identify a provider when an error only shows a URL.
HOST_PROVIDERS: tuple[tuple[str, str], ...] = (
    (".openai.azure.com", "azure"),
    (".cognitiveservices.azure.com", "azure"),
    (".services.ai.azure.com", "azure_ai"),
    ("api.openai.com", "openai"),
    ("api.anthropic.com", "anthropic"),
    ("bedrock-runtime", "bedrock"),
    ("bedrock.", "bedrock"),
    ("generativelanguage.googleapis.com", "gemini"),
    ("aiplatform.googleapis.com", "vertex_ai"),
    ("api.groq.com", "groq"),
    ("openrouter.ai", "openrouter"),
    ("api.mistral.ai", "mistral"),
    ("api.deepseek.com", "deepseek"),
    ("api.together.xyz", "together_ai"),
    ("api.perplexity.ai", "perplexity"),
    ("api.x.ai", "xai"),
    ("api.cohere", "cohere"),
    ("api.fireworks.ai", "fireworks_ai"),
    ("huggingface.co", "huggingface"),
    (":11434", "ollama"),
)

# Exception labels LiteLLM builds as `provider[0].upper()+rest+"Exception"` (or .capitalize()),
# lower-cased, for the cases where lower-casing alone does not give the provider name.
LABEL_ALIASES = {
    "vertexai": "vertex_ai",
    "vertex_ai_beta": "vertex_ai",
    "vertex_httpx": "vertex_ai",
    "openai_like": "openai_compatible",
    "huggingface": "huggingface",
    "togetherai": "together_ai",
    "ollama_chat": "ollama",
}
