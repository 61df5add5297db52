"""Accuracy on error texts mined from OTHER projects' package sources (issue #9: a new untouched measure).

    python tests/corpus/mined_eval.py            # the library at the file's UNTOUCHED revision (before any
                                                 # rule saw these texts) and today's library, side by side
    python tests/corpus/mined_eval.py --misses   # also list each miss
    python tests/corpus/mined_eval.py mined_errors_2.jsonl   # the second batch (any file here, or a path)
    python tests/corpus/mined_eval.py --agreed   # only the texts the second labeller labelled the same
                                                 # (SECOND_LABELS below; HOLDOUT_EVAL.md), with the
                                                 # two labellers' agreement and Cohen's kappa
    python tests/corpus/mined_eval.py mined_errors_3.jsonl --agreed   # the same for the third batch
    python tests/corpus/mined_eval.py mined_errors_4.jsonl --agreed   # and for the fourth
    python tests/corpus/mined_eval.py mined_errors_5.jsonl --agreed   # and for the fifth
    python tests/corpus/mined_eval.py mined_errors_6.jsonl --agreed   # and for the sixth
    python tests/corpus/mined_eval.py mined_errors_7.jsonl --agreed   # and for the seventh
    python tests/corpus/mined_eval.py mined_errors_8.jsonl --agreed   # and for the eighth
    python tests/corpus/mined_eval.py mined_errors_9.jsonl --agreed   # and for the ninth
    python tests/corpus/mined_eval.py mined_errors_10.jsonl --agreed  # and for the tenth
    python tests/corpus/mined_eval.py mined_errors_11.jsonl --agreed  # and for the eleventh
    python tests/corpus/mined_eval.py mined_errors_11.jsonl --misses  # the eleventh batch, each miss listed
    python tests/corpus/mined_eval.py mined_errors_12.jsonl --misses  # the twelfth batch, each miss listed
    python tests/corpus/mined_eval.py mined_errors_13.jsonl --misses  # the thirteenth batch (recorded responses)
    python tests/corpus/mined_eval.py mined_errors_14.jsonl --misses  # the fourteenth batch (changelogs), each miss
    python tests/corpus/mined_eval.py mined_errors_15.jsonl --misses  # the fifteenth batch (self-hosted servers' docs)
    python tests/corpus/mined_eval.py mined_errors_16.jsonl --misses  # the sixteenth batch (MCP docs, a notebook's output)
    python tests/corpus/mined_eval.py mined_errors_17.jsonl --misses  # the seventeenth batch (errors quoted in code comments)
    python tests/corpus/mined_eval.py mined_errors_18.jsonl --misses  # the eighteenth batch (comment quotes beyond litellm)
    python tests/corpus/mined_eval.py mined_errors_19.jsonl --misses  # the nineteenth batch (LLM servers' and SDKs' quotes)
    python tests/corpus/mined_eval.py mined_errors_20.jsonl --misses  # the twentieth batch (apps in front of LiteLLM)
    python tests/corpus/mined_eval.py mined_errors_21.jsonl --misses  # the twenty-first batch (JS gateways' and clients' texts)
    python tests/corpus/mined_eval.py mined_errors_22.jsonl --misses  # the twenty-second batch (provider SDKs' auth, rate, time-out texts)
    python tests/corpus/mined_eval.py mined_errors_23.jsonl --misses  # the twenty-third batch (the proxy's admin surface: DB, SSO, Redis, workers, guardrails)
    python tests/corpus/mined_eval.py mined_errors_24.jsonl --misses  # the twenty-fourth batch (app-wrapped and app-shown errors)
    python tests/corpus/mined_eval.py mined_errors_25.jsonl --misses  # the twenty-fifth batch (self-hosted model servers' bodies and prints)
    python tests/corpus/mined_eval.py mined_errors_26.jsonl --misses  # the twenty-sixth batch (the proxy in a container or on Kubernetes)
    python tests/corpus/mined_eval.py mined_errors_27.jsonl --misses  # the twenty-seventh batch (JWT and cloud-identity libraries' failures)
    python tests/corpus/mined_eval.py mined_errors_28.jsonl --misses  # the twenty-eighth batch (benign log noise and logging-callback failures)
    python tests/corpus/mined_eval.py mined_errors_29.jsonl --misses  # the twenty-ninth batch (request-side refusals: parameters, tool_choice, tool_use/tool_result)
    python tests/corpus/mined_eval.py mined_errors_30.jsonl --misses  # the thirtieth batch (benign noise and logging-callback failures, other sources)
    python tests/corpus/mined_eval.py mined_errors_31.jsonl --misses  # the thirty-first batch (refusals and client-side failures around LiteLLM, as apps word them)
    python tests/corpus/mined_eval.py mined_errors_32.jsonl --misses  # the thirty-second batch (model-name, provider-prefix and endpoint mistakes as integrations word them)
    python tests/corpus/mined_eval.py mined_errors_33.jsonl --misses  # the thirty-third batch (MCP clients' connection/auth/time-out texts, LiteLLM guardrail plugins' blocks)
    python tests/corpus/mined_eval.py mined_errors_34.jsonl --misses  # the thirty-fourth batch (the HTTP/TLS stack's transport failures: httpcore, h11, h2, anyio, truststore, SOCKS clients, undici, node-fetch)
    python tests/corpus/mined_eval.py mined_errors_35.jsonl --misses  # the thirty-fifth batch (providers' quota, rate, credit, overload, key and region refusals as clients show them)
    python tests/corpus/mined_eval.py mined_errors_36.jsonl --misses  # the thirty-sixth batch (batch 32's kind from other clients, servers and JS SDKs)
    python tests/corpus/mined_eval.py mined_errors_37.jsonl --misses  # the thirty-seventh batch (observability-callback failures and benign log noise, vendors no batch used)
    python tests/corpus/mined_eval.py mined_errors_38.jsonl --misses  # the thirty-eighth batch (request-side refusals as provider SDKs and integrations word them, batch 31's kind)
    python tests/corpus/mined_eval.py mined_errors_39.jsonl --misses  # the thirty-ninth batch (routing: model-name, provider-prefix, unknown-model texts, a third set of sources after 32 and 36)
    python tests/corpus/mined_eval.py mined_errors_40.jsonl --misses  # the fortieth batch (observability failures and benign noise, a fourth set of vendors, with look-alike positives)
    python tests/corpus/mined_eval.py mined_errors_41.jsonl --misses  # the forty-first batch (self-hosted model servers' failures as their clients see them)
    python tests/corpus/mined_eval.py mined_errors_42.jsonl --misses  # the forty-second batch (gateway key, team and budget refusals as clients show them)
    python tests/corpus/mined_eval.py mined_errors_43.jsonl --misses  # the forty-third batch (LLM failures as agent frameworks re-wrap, prefix or replace them)
    python tests/corpus/mined_eval.py mined_errors_44.jsonl --misses  # the forty-fourth batch (LiteLLM errors under misleading classes, from litellm custom-provider packages)
    python tests/corpus/mined_eval.py mined_errors_45.jsonl --misses  # the forty-fifth batch (batch 42's kind from other gateways: key, budget, model-access and role refusals)
    python tests/corpus/mined_eval.py mined_errors_46.jsonl --misses  # the forty-sixth batch (batch 44's kind, from five other litellm plug-in packages)
    python tests/corpus/mined_eval.py mined_errors_47.jsonl --misses  # the forty-seventh batch (batch 43's kind: LLM failures as other frameworks and apps wrap them)
    python tests/corpus/mined_eval.py mined_errors_48.jsonl --misses  # the forty-eighth batch (provider SDKs' status and transport errors under app wrappers)
    python tests/corpus/mined_eval.py mined_errors_49.jsonl --misses  # the forty-ninth batch (failures on the newer API surfaces: Responses, realtime, batches, files)
    python tests/corpus/mined_eval.py mined_errors_50.jsonl --misses  # the fiftieth batch (cloud SDKs' errors behind Bedrock, Vertex and Azure: botocore, google-auth, google-api-core, azure-identity)
    python tests/corpus/mined_eval.py mined_errors_51.jsonl --misses  # the fifty-first batch (embeddings, rerank, image and audio endpoints: vector stores, rankers, AI SDK media providers)
    python tests/corpus/mined_eval.py mined_errors_52.jsonl --misses  # the fifty-second batch (failures while streaming: SSE clients and servers, SDKs' stream readers)
    python tests/corpus/mined_eval.py mined_errors_53.jsonl --misses  # the fifty-third batch (start-up and config-loading failures of self-hosted gateways and LLM apps)
    python tests/corpus/mined_eval.py mined_errors_54.jsonl --misses  # the fifty-fourth batch (content-safety blocks and refusals, with look-alike negatives)
    python tests/corpus/mined_eval.py mined_errors_55.jsonl --misses  # the fifty-fifth batch (retry wrappers that hide the cause)
    python tests/corpus/mined_eval.py mined_errors_56.jsonl --misses  # the fifty-sixth batch (images, PDFs, audio and files inside chat messages)
    python tests/corpus/mined_eval.py mined_errors_57.jsonl --misses  # the fifty-seventh batch (context-window and token-limit failures, with look-alike negatives)
    python tests/corpus/mined_eval.py mined_errors_58.jsonl --misses  # the fifty-eighth batch (structured outputs, JSON mode and tool schemas)
    python tests/corpus/mined_eval.py mined_errors_7.jsonl --at 0b251be --at d1a8be6   # one line at each revision
    python tests/corpus/mined_eval.py --all      # every batch untouched, one line each, and all of them pooled

`mined_errors.jsonl` holds error texts that other developers copied into their code, tests, docs or
recorded HTTP cassettes (aider-chat, crewai, letta, mirascope, paper-qa, instructor, strands-agents,
inspect-ai, openhands-ai on PyPI); `mined_errors_2.jsonl` is a second batch from sources the first did
not search (npm packages, `npm:` in `source`, and langchain-openai / -anthropic / -aws / -google-genai on
PyPI); `mined_errors_3.jsonl` is a third batch (hermes-agent, litellm-mysubs, cognee, claude-code-mate,
jupyterhub-litellm and ten more, HOLDOUT_EVAL.md fifteenth pass), whose records also carry `group` (the
source package: one thread for grouped measures); `mined_errors_4.jsonl` is a fourth batch (pi-ai,
pi-coding-agent, pipecat-ai, openclaw, beeai-framework, recorded cassettes of the OpenLLMetry
instrumentations and langsmith, google-genai; HOLDOUT_EVAL.md twenty-first pass); `mined_errors_5.jsonl`
is a fifth batch (crfm-helm, the LiveKit Agents plugins, eq-chatbot-core, graphiti-core, distilabel;
HOLDOUT_EVAL.md twenty-fourth pass); `mined_errors_6.jsonl` is a sixth batch (npm @oh-my-pi/pi-ai and
@anthropic-ai/sdk, esperanto, bfcl-eval, llm-tracekit, the OpenTelemetry google-genai instrumentation,
cai-framework; HOLDOUT_EVAL.md fifty-fifth pass); `mined_errors_7.jsonl` is a seventh batch, PyPI only
(pydantic-ai-slim, dspy's vendored lm15, any-llm-sdk, anthropic, openai-agents, camel-ai, open-interpreter,
ell-ai, ag2, praisonaiagents; HOLDOUT_EVAL.md sixty-sixth pass); `mined_errors_8.jsonl` is an eighth batch, npm
only (the Vercel AI SDK and its provider docs, Continue, n8n, Flowise, promptfoo, LangChain.js, CodeBuddy, Qwen
Code, Mastra; HOLDOUT_EVAL.md sixty-seventh pass); `mined_errors_9.jsonl` is a ninth batch, aimed at the proxy's own
errors (keymeter, waldur-site-agent-litellm, blockrun-litellm, open-webui, chatlas; HOLDOUT_EVAL.md seventy-first
pass); `mined_errors_10.jsonl` is a tenth batch, PyPI (dsh-openai-shim, nim-claude-proxy, pydantic-deep,
cisco-ai-skill-scanner, graphifyy, rapid-mlx, verify-everything, aztea, openviking: small proxies and agent apps
quoting the errors they hit; HOLDOUT_EVAL.md seventy-third pass); `mined_errors_11.jsonl` is an eleventh batch, npm only,
from apps and clients no earlier batch searched (the GitHub Copilot language server's and Qoder CLI's texts for
provider failures, happy-coder's Gemini texts, the MCP TypeScript SDK's Streamable HTTP rejections, mcp-remote,
claudish, opencode-antigravity-auth, oh-my-codex, oh-my-claude-sisyphus; HOLDOUT_EVAL.md seventy-fourth pass). `mined_errors_12.jsonl` is a
twelfth batch, PyPI, from apps and proxies no earlier batch searched (hindsight-api-slim's comments quoting the
provider refusals it works around, coderouter-cli's and coding-guardrails' notes on NVIDIA NIM, Ollama and
llama.cpp failures, mom-llm, durallm, emissary-router, poolprobe; HOLDOUT_EVAL.md seventy-eighth pass).
`mined_errors_13.jsonl` is a thirteenth batch, recorded provider responses only (vcrpy cassettes and the recorded
responses mock servers replay, in newrelic, opentelemetry-instrumentation-vertexai 2.x, ddapm-test-agent,
llm-perplexity, llm-gemini-code-assist; HOLDOUT_EVAL.md seventy-ninth pass).
`mined_errors_14.jsonl` is a fourteenth batch: errors quoted verbatim in changelogs and release notes (open-webui,
aider-chat, instructor, npm ai, @ai-sdk/openai, @ai-sdk/google, @anthropic-ai/sdk, @langchain/core,
@langchain/google-genai, @mastra/core; HOLDOUT_EVAL.md eighty-third pass).
`mined_errors_15.jsonl` is a fifteenth batch: errors quoted verbatim in self-hosted model servers' docs, troubleshooting
and FAQ pages (llama-cpp-python with its vendored llama.cpp docs, vllm, vllm-ascend, aphrodite-engine, vllm-omni, npm
@mlc-ai/web-llm; HOLDOUT_EVAL.md eighty-fifth pass).
`mined_errors_16.jsonl` is a sixteenth batch, aimed at text users paste, and small: the python MCP SDK's troubleshooting,
deploy and auth pages (mcp), the OpenAI and Anthropic MCP-connector refusals fastmcp's integration pages show, and one
executed notebook's output (oumi: a vLLM /health poll refused while the server starts); HOLDOUT_EVAL.md eighty-seventh pass.
`mined_errors_17.jsonl` is a seventeenth batch: provider and library errors that maintainers quote in a code comment or
docstring beside the fix that prevents them (litellm 1.110.2, strands-agents, pydantic-ai-slim, any-llm-sdk, inspect-ai,
pipecat-ai); HOLDOUT_EVAL.md ninety-fifth pass.
`mined_errors_18.jsonl` is an eighteenth batch, small, by the same angle beyond LiteLLM: errors quoted in docstrings and
comments of huggingface_hub (two runs' output in its error classes' docstrings), @librechat/agents 3.9.2 (TypeScript
sources) and fireworks-ai (the provider's API reference); HOLDOUT_EVAL.md hundredth pass.
`mined_errors_19.jsonl` is a nineteenth batch: errors quoted in the comments, docstrings, test constants and docs of LLM
servers and SDKs (vllm, sglang, gpustack, xinference, lmcache, vllm-omni, mistralai's LiveKit voice agents) and one
notebook's recorded output (lmcache); HOLDOUT_EVAL.md hundred-and-first pass.
`mined_errors_20.jsonl` is a twentieth batch: errors quoted in the sources, docs and a notebook's output of apps and
frameworks that sit in front of LiteLLM or call it (ragas, nemoguardrails, deepeval, outlines, skyvern, mem0ai,
marvin, opik); HOLDOUT_EVAL.md hundred-and-ninth pass.
`mined_errors_21.jsonl` is a twenty-first batch, npm only: what JS/TS gateways and the clients in front of them print for
auth, routing, timeout and endpoint failures (claude-code-router's gateway bodies, portkey-ai, @llmops/gateway, @ai-sdk/gateway,
ai-gateway-provider, VoltAgent's troubleshooting docs); HOLDOUT_EVAL.md hundred-and-tenth pass.
`mined_errors_22.jsonl` is a twenty-second batch: `auth`, `quota_rate` and `timeout` texts that provider SDKs and
LangChain partner packages raise or print (langchain-deepseek, ai21, langchain-nvidia-ai-endpoints, langchain-community's
MiniMax and DeepInfra wrappers, voyageai, dashscope's error catalog, gptme's OpenRouter key check, cohere-ai);
HOLDOUT_EVAL.md hundred-and-fifteenth pass.
`mined_errors_23.jsonl` is a twenty-third batch, aimed at the proxy's administrative surface: what the libraries under
it say (the Prisma CLI and schema engine, fastapi-sso for the admin UI's SSO, the Redis replies fakeredis copies,
gunicorn, prometheus_client) and three guardrails' blocks (aapt-guard-rails, pencheff-sentry, LiteLLM's IBM guardrail
README); HOLDOUT_EVAL.md hundred-and-seventeenth pass.
`mined_errors_24.jsonl` is a twenty-fourth batch: LiteLLM and OpenAI-SDK errors as apps and agent frameworks wrap,
re-raise or show them (all-the-llms' RuntimeError around an OpenRouter credit error, assert-ai's Azure Responses-API
refusals, kagent-langgraph's UI messages, orcx's and zx-ai's CLI lines, revenium-python-sdk's LiteLLM-proxy guardrail
texts, lumen's Kilo 400, superred-target-chatbot's archived OpenAI refusal, and five more apps' own texts);
HOLDOUT_EVAL.md hundred-and-eighteenth pass.
`mined_errors_25.jsonl` is a twenty-fifth batch: what self-hosted model servers and their client SDKs answer or print when a
model is missing or not loaded, memory or context runs out, or the server is not up (mlx-openai-server, kserve, npm
@lmstudio/sdk, llm-lmstudio, vllm-mlx, mlx-vlm, lmdeploy, ollama-mcp-bridge); HOLDOUT_EVAL.md hundred-and-nineteenth pass.
`mined_errors_26.jsonl` is a twenty-sixth batch, all `deployment`: how the proxy fails when run in a container or on
Kubernetes, as the tools that launch and watch pods, and the libraries it runs with, word it (prefect-kubernetes's pod
diagnoses, dagster-k8s's and Airflow's cncf-kubernetes provider's pod failure and launch time-out texts, supervisord's
port in use, transformers' cache permission error, prometheus-fastapi-instrumentator's multiprocess directory, npm
@prisma/fetch-engine's unwritable engine directory, litellm-proxy-extras' read-only migration hint); HOLDOUT_EVAL.md
hundred-and-twenty-fourth pass.
`mined_errors_27.jsonl` is a twenty-seventh batch, aimed at the proxy's JWT auth and the cloud identities it uses for
Bedrock, Vertex and Azure: what the libraries under them raise (PyJWT's decode and JWKS-client errors, google-auth's
refresh, impersonation and STS errors, azure-identity's credential-unavailable texts and an Entra ID AADSTS code from
its troubleshooting guide, botocore's SSO, profile, web-identity and refresh errors); HOLDOUT_EVAL.md
hundred-and-twenty-fifth pass.
`mined_errors_28.jsonl` is a twenty-eighth batch, aimed at the `other` texts users paste as if they were the
failure: benign log noise (aiohttp's unclosed session and connector, pydantic's serializer and deprecation warnings,
OpenTelemetry's dropped-span queue) and logging-callback failures while the request itself succeeded (langfuse's
missing keys and auth check, lunary's missing key and failed ingest, the OTLP gRPC exporter's retries and final export
errors, the SDK's batch export exception); HOLDOUT_EVAL.md hundred-and-twenty-sixth pass.
`mined_errors_29.jsonl` is a twenty-ninth batch, aimed at the request-side `other` failures: a parameter or
`tool_choice` form the model does not take and a tool_use/tool_result sequence the API refuses, as agent frameworks and
history-repair tools word them (tool-call-repair's Anthropic 400, Microsoft agent-framework's Bedrock, Ollama and Mistral
clients, llama-index's Gemini client, langchain-openrouter); HOLDOUT_EVAL.md hundred-and-twenty-seventh pass.
`mined_errors_30.jsonl` is a thirtieth batch, the same kind as the twenty-eighth from other sources: logging-callback
failures while the request succeeded (ddtrace's trace writer and LLM Observability intake, DogStatsD, sentry-sdk,
posthog, slack_sdk's alert post, mlflow-tracing, weave, braintrust, helicone, promptlayer) and benign noise (urllib3's
InsecureRequestWarning and full pool, httpx's data= deprecation, phoenix.otel's banner, MLflow's full export queue);
HOLDOUT_EVAL.md hundred-and-twenty-eighth pass.
`mined_errors_31.jsonl` is a thirty-first batch, aimed at the biggest `other` kinds of the judged mix (unsupported
params, client-side failures, bad requests) as apps around LiteLLM word them: their own refusals of a parameter or
feature the model does not take (promptflow-core's rewrites of the provider 400s, autogen-ext's model_info checks,
guidance's LiteLLM backend, smolagents, swarms, browser-use, dspy-lite), replies they cannot read (browser-use,
litellm-haystack, llama-index-llms-litellm), a Responses API LiteLLM cannot reach (langchain-litellm), a missing key
(langroid), a model missing from the price map (embedchain) and a dropped-temperature warning (sotopia);
HOLDOUT_EVAL.md hundred-and-thirty-first pass.
`mined_errors_32.jsonl` is a thirty-second batch, aimed at the `routing` kinds of the 2025-26 mix: model-name,
provider-prefix and endpoint mistakes as the integrations and apps in front of LiteLLM word them (langchain-litellm's
ChatLiteLLM / ChatLiteLLMRouter, llama-index's OpenAI LLM and embedding classes, aisuite, guidance's LiteLLM
interpreter, Semantic Kernel's Bedrock connector, LibreChat's Azure model groups, autogen-ext's OpenAI and Anthropic
clients, promptflow-tools' completion-operation rewording), with a few look-alike negatives ("model not found, using
cl100k_base", langroid's unknown model info and missing env vars); HOLDOUT_EVAL.md hundred-and-thirty-second pass.
`mined_errors_33.jsonl` is a thirty-third batch, aimed at the proxy's newer surfaces as its clients see them: MCP
clients' failures (mcporter's auth / offline / time-out / unknown-tool hints, @langchain/mcp-adapters' connect and
tool-list errors, one with the proxy's invalid-virtual-key 401 from /mcp, the MCP inspector's proxy log lines, use-mcp's
connection and OAuth registration errors) and third-party LiteLLM guardrail plugins' blocks and fail-closed errors as the
proxy returns them (conduct-litellm-guard, agento11y-litellm, trigguard-litellm, quilr-litellm-guardrails);
HOLDOUT_EVAL.md hundred-and-thirty-third pass.
`mined_errors_34.jsonl` is a thirty-fourth batch, aimed at the `deployment` and `timeout` kinds of the transport
under LiteLLM and the OpenAI SDK as the HTTP and TLS packages word them: httpcore (server disconnected, missing URL
scheme, SOCKS proxy auth, socksio not installed, PoolTimeout), h11 (body cut short), h2 (GOAWAY, stream reset), anyio
(all connection attempts failed), truststore (Windows / macOS certificate rejections), pip-system-certs (truststore
missing), python-socks and aiohttp-socks (proxy unreachable, timed out, destination refused), npm undici (other side
closed, headers / body time-outs, a proxy's 407) and node-fetch (ENOTFOUND, ECONNREFUSED, premature close);
HOLDOUT_EVAL.md hundred-and-thirty-fifth pass.
`mined_errors_35.jsonl` is a thirty-fifth batch, aimed at what the providers users route to in 2025-26 answer when a
request is refused for quota, rate, credits, overload, key or region, as their clients show it: Kimi's CLI (401, 402
membership, Moonshot's suspended account, time-out) and its kosong layer (Gemini's 429 and leaked key), Mistral's Vibe
CLI (key, 429, invalid model), lm-deluge's retry lines (Cerebras' queue, xAI's credits, Groq's context, Z.ai's unknown
model, a client time-out), Genkit's and Firebase AI's Gemini / Vertex fetch errors (quota, expired key, overloaded
stream, Express Mode, API not enabled, user location) and the elizaOS Groq plugin's rate-limit log;
HOLDOUT_EVAL.md hundred-and-thirty-sixth pass.
`mined_errors_36.jsonl` is a thirty-sixth batch, the same kind as the thirty-second from other sources, to see whether
its rules generalise: model-name, provider-prefix and endpoint mistakes as other clients, servers and JS SDKs word them
(FastChat's OpenAI-compatible server and controller, lmql's LMTP server and Replicate client, OpenLLM's model repo, the
TGI client's unsupported model, token.js's model table, Genkit's registry, the Claude Code AI SDK provider), with
look-alike negatives (tiktoken fallbacks in FastChat and griptape, Genkit's deprecation warning, the Claude Code
provider's unknown-alias warning, token.js's streaming check); HOLDOUT_EVAL.md hundred-and-thirty-seventh pass.
`mined_errors_37.jsonl` is a thirty-seventh batch, the kind of the twenty-eighth and thirtieth from vendors no batch
used: observability and experiment-tracking clients' delivery failures while the LLM request succeeded (wandb's retry
loop, Literal AI's step upload, HoneyHive's OTLP export, Neptune's lost connection and dropped operations, comet_llm's
send failures, ClearML's event batches and Logger, Traceloop's image upload, a loguru sink's logging error) and benign
noise pasted as if it were the failure (tqdm's IProgress and autonotebook warnings, wandb's login-after-init, ClearML's
iteration monitor, OpenTelemetry's "Failed to detach context" and a LangChain deprecation from langwatch's executed
notebook, Humanloop's exporter shutdown); HOLDOUT_EVAL.md hundred-and-thirty-eighth pass.
`mined_errors_38.jsonl` is a thirty-eighth batch, batch 31's kind (request-side refusals the train2 mix calls
other/unsupported_params, bad_request, invalid_message_sequence) from other sources: the AI SDK's provider packages
(@ai-sdk/amazon-bedrock, -mistral, -deepseek, -cohere, -perplexity, -xai, -anthropic: UnsupportedFunctionalityError and
InvalidPromptError for file / image / audio parts, tool messages, system-message order, prefix completion),
llama-index's Vertex, Gemini and Mistral LLMs, langchain-xai, langchain-ibm, simonw's llm and the cohere SDK's OCI
client; HOLDOUT_EVAL.md hundred-and-thirty-ninth pass.
`mined_errors_39.jsonl` is a thirty-ninth batch, the routing kind of batches 32 and 36 from a third set of sources:
LangChain's init_chat_model / init_embeddings (Python) and initChatModel (JS) provider checks, GPT Researcher's
FAST_LLM / SMART_LLM parsing, llama-index's Anthropic and Bedrock Converse model tables, Infinity's engine lookup,
GraphRAG's completion_models lookup, FastEmbed's model registry, Hugging Face Inference's provider mapping, Stagehand's
provider/model format and Ax's multi-service router; look-alikes (cost-table and spaCy download warnings, a staging
warning, Infinity's overloaded engine); HOLDOUT_EVAL.md hundred-and-forty-second pass.
`mined_errors_40.jsonl` is a fortieth batch, the kind of the twenty-eighth, thirtieth and thirty-seventh from a fourth
set of vendors: observability, tracing, eval and experiment-tracking clients' own delivery failures while the LLM
request succeeded (AgentOps' span export and key check, Logfire's retried exports, Langtrace's export and missing key,
Openlayer's data stream, Parea's trace-log time-out, Maxim's interrupted log push, DVCLive's Studio post, Patronus'
flush time-out) and benign noise (AgentOps' and Galileo's deprecations, Logfire's not-configured warning, Langtrace's
shutdown notice, Laminar's endpoint notice, Maxim's log-level notice, Patronus' flush after shutdown), with five
look-alike positives where the evaluator's own LLM request failed (TruLens' OpenAI endpoint, UpTrain's judge call and
key check, Athina's missing OpenAI key); HOLDOUT_EVAL.md hundred-and-forty-third pass.
`mined_errors_41.jsonl` is a forty-first batch, batches 15, 19 and 25's kind (self-hosted model servers) from servers and
clients no batch mined: what their callers see when the server is not reachable, has no model loaded or not the one
named, runs out of context or VRAM, is overloaded or times out, or refuses a parameter (tritonclient's gRPC deadline and
URL check, the LM Studio Python SDK's unreachable server and empty model list, mlx-lm's server's 400/404 bodies and its
tool-calling warning, LitServe's queue time-out as the OpenAI SDK and its log show it, Infinity's overloaded, unknown
and wrong-endpoint model bodies, langchain-ollama's unpulled model, Ray Serve's 408 and back-pressure, node-llama-cpp's
VRAM and context errors, the Ollama AI SDK provider's image model); HOLDOUT_EVAL.md hundred-and-forty-fourth pass.
`mined_errors_42.jsonl` is a forty-second batch, aimed at the admin-surface refusals the train2 mix holds most (virtual
key expired or invalid, key / profile not allowed a model, budget and request limits of a key, team, workspace or
tenant, JWT and admin-role refusals, SSO not configured) as gateways and the clients in front of the proxy word them:
agnos-proxy-llm-gateway's 401/402/403/429 bodies, tripwire-litellm's and litellm-dynamo's LiteLLM hooks (402),
django-openrouter's usage-profile limits, oq-ai-router's tenant allowance, the oneapii SDK, LiteLLM admin CLIs
(litellm-util, kctl-litellm, litellm-auto-synch-manager) and spec-agents-core's wrapper of a proxy body, with look-alike
negatives (litellm-enterprise's soft-budget and 80 % e-mail alerts, a model test that passed on a 429);
HOLDOUT_EVAL.md hundred-and-forty-fifth pass.
`mined_errors_43.jsonl` is a forty-third batch, the train2 mix's `origin: downstream` kind: an LLM call's failure as
an agent framework or app re-wraps, prefixes or replaces it (nanobot-ai's "Error calling LLM: ..." replies and its
arrearage sentence, mini-swe-agent's OpenRouter / Requesty re-raises, mentat's MentatError texts and context check,
haystack-ai's PipelineRuntimeError around an OpenAIChatGenerator, ControlFlow's default-model warning and provider
check, magentic's OpenRouter key check, llama-index-workflows' WorkflowTimeoutError on an agent step, MetaGPT's retry
callback and key validator, autogen-agentchat's team RuntimeError); HOLDOUT_EVAL.md hundred-and-forty-sixth pass.
`mined_errors_44.jsonl` is a forty-fourth batch, issue 9's misleading-class kind: LiteLLM errors whose class says
connection or gateway while the cause is a credential, a quota, a missing setting or binary, a request shape or a
content filter, from three litellm custom-provider packages (uutel's Codex / Gemini CLI / Cloud Code / Claude Code
handlers, whose errors reach the user as litellm.APIConnectionError; litellm-apple-foundation-models' RuntimeError /
ImportError / ValueError, the same; litellm-free-image-providers' CustomLLMError statuses, AI Horde's censored and
unfulfillable jobs as BadGatewayError and Pollinations' transport error as InternalServerError); split by sha1 parity
of the package name: held = uutel (9), dev = the other two (7); HOLDOUT_EVAL.md hundred-and-forty-eighth pass.
`mined_errors_45.jsonl` is a forty-fifth batch, batch 42's kind from seven other packages: a gateway's key, budget,
model-access, permission and role refusals as clients show them (aegis-gateway-server's AEG-AUTH-001 / AEG-AUTH-003
bodies and its AEG-SRV-001 start-up refusal, aegis-gateway-pack-budgets' monthly-cap block, keysigil's key middleware
401/403 details and CLI verify lines, modelmeld's key-allowlist and subscription-passthrough 403s and its doctor's
probe lines, model-dispatcher's tenant quota and missing-credential errors, the marona and aetia-gateway-sdk SDKs' key
errors), with look-alike negatives (a key that verified, a passed gateway probe); split by sha1 parity of the package
name, odd = held as batch 38: held = aegis-gateway-server, model-dispatcher, marona, aetia-gateway-sdk (7), dev =
keysigil, modelmeld, aegis-gateway-pack-budgets (11); HOLDOUT_EVAL.md hundred-and-fiftieth pass.
`mined_errors_46.jsonl` is a forty-sixth batch, batch 44's kind from five other litellm plug-in packages (litellm-ibm-bob's
missing key and litellm-td-llm-provider's unknown site as APIConnectionError, TD's refused connection stamped 500 as
InternalServerError and MidStreamFallbackError, llm-catalog-litellm's missing / broken config file as
APIConnectionError, 0din-litellm-shield's missing package and unreachable portal as a guardrail refusal; look-alikes:
TD's and litellm-verathos' honest AuthenticationError, Verathos' honest APIConnectionError, a real SusFactor block);
split by the parity of the second-to-last hex digit of the package name's sha1 (the last digit held 2 of 12), odd =
held: held = litellm-td-llm-provider, litellm-verathos, 0din-litellm-shield (9), dev = litellm-ibm-bob,
llm-catalog-litellm (3); HOLDOUT_EVAL.md hundred-and-fifty-first pass.
`mined_errors_47.jsonl` is a forty-seventh batch, batch 43's kind from other frameworks and apps: an LLM call's
failure as the app re-wraps, prefixes or replaces it (fast-agent-mcp's Provider / Model Configuration Error prints,
Upsonic's keyword error mapper around an OpenAI connection error or time-out, Khoj's operator "Error calling
Reasoning LLM" / "Error contacting Grounding LLM" texts and its missing-key detail, LightRAG's OpenAI error logs,
PandasAI's no-LLM-credits and Vanna's Gemini key checks; two look-alike negatives: a tool's and a shell command's
time-out inside an agent run); split by sha1 parity of the package name (odd = held, as batch 44): held = khoj,
lightrag-hku, pandasai, vanna (8), dev = fast-agent-mcp, upsonic (6); HOLDOUT_EVAL.md hundred-and-fifty-second pass.
`mined_errors_48.jsonl` is a forty-eighth batch: provider SDKs' status and transport errors (401, 403, 429, 500,
529 overloaded, connection, time-out) as end-user apps and CLIs wrap, prefix or show them, keeping the SDK's inner
message (chatblade's "openai error: ...", gpt-command-line's "Error: <class 'gptcli.completion.CompletionError'>: ...",
llm-mistral's ModelError through the llm CLI, llm-openrouter's and llm-cerebras' httpx status lines, aicommits' and
opencommit's own blocks), the inners copied from the openai / anthropic / httpx wheels and the SDKs' test fixtures;
three look-alike negatives (two 400s, opencommit's own TOO_MUCH_TOKENS pre-check); split by sha1 parity of the
package name (odd = held, as batch 47): held = chatblade, llm-mistral, aicommits, opencommit, llm-openrouter,
llm-cerebras (12), dev = gpt-command-line (6); HOLDOUT_EVAL.md hundred-and-fifty-fourth pass.
`mined_errors_49.jsonl` is a forty-ninth batch, failures on the newer API surfaces as clients, SDKs and gateways
word them (the OpenAI Agents SDK's previousResponseId refusal on a Chat Completions model and its Responses-websocket
closes, the realtime transport's unset key and a 401 on the WebRTC call, Portkey's gateway refusing files calls on
Bedrock / Vertex AI, a broken batch input JSONL and a Vertex upload without its headers, the openai SDK's missing
response.completed event, missing realtime extra and empty response id, batch helpers' failed batch, oversize input
file and unknown batch id; three look-alike negatives: two batch polling status lines and a realtime connect
warning); split by sha1 parity of the bare registry package name (odd last hex digit = held): held =
@openai/agents-openai, @openai/agents-realtime, @portkey-ai/gateway (10), dev = openai, openai-batch,
openai-batch-helper (8); HOLDOUT_EVAL.md hundred-and-fifty-fifth pass.
`mined_errors_50.jsonl` is a fiftieth batch, issue #9's "misleading class" kind from the cloud side: the cloud
providers' own SDK texts behind Bedrock, Vertex AI / Gemini and Azure OpenAI as apps surface them (a botocore
ThrottlingException ClientError inside amazon-bedrock-haystack's inference error and its "Could not connect to Amazon
Bedrock" configuration error, llm-bedrock's no-AWS-credentials, azure-identity's DefaultAzureCredential chain inside
llama-index-llms-azure-openai's Entra ID error and its unset api_version / api_key checks, google-auth's missing-ADC
and reauthentication RefreshError as google-adk re-raises them, a 403 API-not-enabled body, google-auth-library's
no-ADC and no-project-id errors, @azure/identity's CredentialUnavailableError texts, google-api-core's 400 quota and
retry-deadline-over-503 strings; three look-alike negatives: a Bedrock guardrail-config ValueError, google-auth's
no-quota-project UserWarning and langchain-google-vertexai's skipped-blocked-message warning); split by sha1 parity
of the bare registry package name (no "npm:"; odd last hex digit = held): held = amazon-bedrock-haystack,
google-auth-library, @azure/identity, google-api-core, langchain-google-vertexai (10), dev = llm-bedrock,
llama-index-llms-azure-openai, google-adk (8); HOLDOUT_EVAL.md hundred-and-fifty-sixth pass.
`mined_errors_51.jsonl` is a fifty-first batch: failures on the non-chat endpoints as vector stores, RAG rankers and
media providers show them (chromadb's collection-dimension mismatch in its Rust and Python wordings, its unset
CHROMA_OPENAI_API_KEY and embedding-function conflict; cohere-haystack's full-endpoint api_base_url, top_k 0 and
unsupported image MIME type; jina-haystack's connection failure and non-string text-embedder input;
llama-index-postprocessor-cohere-rerank's missing key; @ai-sdk/fal's missing key and transcription polling time-out;
@ai-sdk/openai-compatible's too-many-values embedding call; @ai-sdk/elevenlabs' no-embedding-models
NoSuchModelError; four look-alike negatives: cohere-haystack's 1000-document truncation warning and three AI SDK
unsupported-setting warnings for speech and image calls); split by sha1 parity of the bare registry package name (no
"npm:"; odd last hex digit = held): held = cohere-haystack, @ai-sdk/fal, @ai-sdk/openai-compatible,
@ai-sdk/elevenlabs, jina-haystack, llama-index-postprocessor-cohere-rerank (14), dev = chromadb (4);
HOLDOUT_EVAL.md hundred-and-fifty-ninth pass.
`mined_errors_52.jsonl` is a fifty-second batch, failures raised mid-stream or while reading a streamed response as
SSE clients and servers, provider SDKs and frameworks word them (httpx-sse's and eventsource's not-an-event-stream
refusals and eventsource's non-200 close, Groq's mid-stream error with no message and groq-sdk's consumed / bodiless /
React Native stream errors, streams that end early in @ai-sdk/openai-compatible, ollama-js, @google/genai, the Mistral
JS SDK's workflow stream and @langchain/anthropic, Together's realtime idle time-out and no-healthy-workers close, a
streaming option the Gemini Developer API refuses; look-alike negatives: sse-starlette's client-disconnect and
cleanup notes, eventsource's deliberate 204 close); split by sha1 parity of the bare registry package name (odd last
hex digit = held): held = @ai-sdk/openai-compatible, ollama, @google/genai, @mistralai/mistralai, @langchain/anthropic
(6), dev = httpx-sse, sse-starlette, eventsource, groq, groq-sdk, together (12); HOLDOUT_EVAL.md hundred-and-sixtieth
pass.
`mined_errors_53.jsonl` is a fifty-third batch: the admin surface at start-up, self-hosted gateways and LLM apps
failing to start or to load their configuration (uvicorn's ASGI import and lifespan start-up failures, alembic's
multiple heads and missing alembic.ini, redis-py's refused connection and AUTH without a server password,
llama-stack's unset ${env.X} in run.yaml, MLflow's out-of-date database schema and its gateway's rejected
'route_type' key, Chainlit's missing JWT secret and missing handlers, Langflow's migration advisory lock and
PostgreSQL < 15, pydantic-settings' unparsable env JSON; five look-alike negatives: uvicorn's workers-with-reload
warning, llama-stack's quota-without-auth warning, MLflow's wildcard-CORS warning, Chainlit's translation fallback,
pydantic-settings' missing secrets directory); split by sha1 parity of the bare registry package name (odd last hex
digit = held): held = uvicorn, alembic, llama-stack, mlflow, chainlit, langflow-base (15), dev = redis,
pydantic-settings (4); HOLDOUT_EVAL.md hundred-and-sixty-first pass.
`mined_errors_54.jsonl` is a fifty-fourth batch: content-safety blocks and refusals as provider SDKs and apps show
them (@google/generative-ai's blocked prompt and SAFETY candidate, google-generativeai's RECITATION and blocked-prompt
accessor errors, the Vertex AI SDK's ResponseValidationError and no-candidates error, llm-anthropic's ClaudeRefusal,
LLM Guard's NoRefusal warning) and app-side guardrails' blocks (openai-guardrails' tripwire exception and log line, LLM
Guard's prompt-injection warning, LlamaFirewall's BLOCK, langchain-azure-ai's content-safety and unified-moderation
errors); five look-alike negatives: a Vertex candidate logged with STOP and NEGLIGIBLE ratings, @azure/openai's
printed filter results, LLM Guard's no-injection debug line, LlamaFirewall's ALLOW, langchain-azure-ai's
no-violations debug line; split by sha1 parity of the bare registry package name (odd last hex digit = held): held =
google-generativeai, llm-guard, llm-anthropic, @azure/openai, langchain-azure-ai (10), dev = @google/generative-ai,
google-cloud-aiplatform, @google-cloud/vertexai, openai-guardrails, llamafirewall (9); HOLDOUT_EVAL.md
hundred-and-sixty-fifth pass.
`mined_errors_55.jsonl` is a fifty-fifth batch: LLM failures as retry, back-off and circuit-breaker layers show them,
the wrapper's words first and the cause inside or lost (tenacity's RetryError around a RateLimitError or an
APITimeoutError, backoff's give-up after 8 tries on a 429, the Cerebras SDK's README handlers for a 429 and an
unreachable server, pybreaker's, opossum's and cockatiel's open breakers, opossum's and cockatiel's own time-outs,
cockatiel's full bulkhead, async-retry's bail on a 403; six look-alike negatives: the Cerebras SDK's "Retrying
request to ..." INFO line alone and after its DEBUG 429 lines, tenacity's before_sleep_log, backoff's "Backing off"
line, p-retry's onFailedAttempt note, stamina's retry-scheduled hook output); split by sha1 parity of the bare
registry package name (no "npm:"; odd last hex digit = held): held = tenacity, backoff, pybreaker, stamina,
async-retry, p-retry (10), dev = cerebras-cloud-sdk, opossum, cockatiel (9); HOLDOUT_EVAL.md hundred-and-sixty-sixth
pass.
`mined_errors_56.jsonl` is a fifty-sixth batch: multimodal inputs inside chat requests that fail (mistral-common's
image-download time-out, empty base64 data URL, undetected audio format and system-message-with-audio refusal,
py-zerox's not-a-vision-model check through LiteLLM's model map and its unreachable document URL, the Gemini File
API's undetermined MIME type and API-key requirement in google-generativeai, @google/generative-ai's missing mimeType
and empty file id, the AI SDK refusals of @ai-sdk/groq (non-image file parts), ollama-ai-provider (image URLs) and
@openrouter/ai-sdk-provider (file parts on the completion model), @langchain/mistralai's unsupported block types,
qwen-vl-utils' image element without an image and max_pixels below min_pixels; two look-alike negatives: py-zerox's
maintain_format-with-select_pages warning and vision-parse's fallback to simple extraction); split by sha1 parity of
the bare registry package name (no "npm:"; odd last hex digit = held): held = mistral-common, py-zerox,
google-generativeai, @ai-sdk/groq, ollama-ai-provider, @langchain/mistralai, qwen-vl-utils (14), dev =
@google/generative-ai, @openrouter/ai-sdk-provider, vision-parse (4); HOLDOUT_EVAL.md hundred-and-sixty-seventh pass.
`mined_errors_57.jsonl` is a fifty-seventh batch: context-window and token-limit failures (kani's PromptTooLong and
MessageTooLong pre-call budget checks and its HuggingFace engine's missing max_context_size, litgpt's block-size,
max_seq_length and sliding-window prefill refusals, qwen-agent's system-message-over-max_input_tokens ModelServiceError,
ctransformers' context-length overflow warning, qianfan's client-side TPM limiter refusal, langchain-text-splitters'
tokens_per_chunk refusals, writer-sdk's LengthFinishReasonError on finish_reason "length"; five look-alike negatives:
kani's unknown-context-length warning, qianfan's "Top N messages are truncated" info line, langchain-text-splitters'
over-long chunk warning, openai-messages-token-helper's history-truncated info line, tokentrim's trimming warning);
split by sha1 parity of the bare registry package name (odd last hex digit = held): held = kani, litgpt, qwen-agent,
openai-messages-token-helper, tokentrim, writer-sdk (11), dev = qianfan, ctransformers, langchain-text-splitters (6);
HOLDOUT_EVAL.md hundred-and-seventieth pass.
`mined_errors_58.jsonl` is a fifty-eighth batch: structured outputs, JSON mode and tool schemas (OpenAI's 400
"Invalid schema for function" on a strict nested schema and gpt-4o's nested pydantic ValidationError from trustcall's
README, @instructor-ai/instructor's final zod validation error, lm-format-enforcer's pattern-with-min/max-length
schema refusal, llguidance's GBNF grammar without a root rule, json-repair's schema too deep and schema-with-strict,
jsonschema's not-of-type, langchain-groq's json_schema without a schema and tool_choice=True with two tools,
xgrammar's required tool choice with no tools and forced choice not matching one tool, trustcall's missing langchain
for string models; four look-alike negatives: Instructor's mode-may-not-be-supported, retry-with-validation-issues
and max_retries-on-streams warnings, lm-format-enforcer's numpy-missing analyzer warning); split by sha1 parity of the
bare registry package name (no "npm:"; odd last hex digit = held): held = lm-format-enforcer, langchain-groq,
json-repair (6), dev = @instructor-ai/instructor, trustcall, jsonschema, xgrammar, llguidance (11); HOLDOUT_EVAL.md
hundred-and-seventy-first pass.
`source` names package==version, file and line. They were
labelled by the corpus conventions before the doctor was run on them. The figure to quote is the library at the
file's UNTOUCHED revision; today's figure is tuned once rules are written from the misses (HOLDOUT_EVAL.md, ninth,
eleventh, fifteenth, twenty-first, twenty-fourth, fifty-fifth, sixty-sixth, sixty-seventh, seventy-first,
seventy-third, seventy-fourth and seventy-eighth passes).
Since the hundred-and-second pass the estimate trains on every mined batch (train_estimate.MINED), so a batch's
today figure is not the estimate's out-of-sample one: `estimate_cv.py --time-ordered` is.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import honest_estimate as he  # noqa: E402
import reliability  # noqa: E402  (puts src/ on the path through train_estimate)
import score  # noqa: E402

MINED = HERE / "mined_errors.jsonl"
# For each mined file, the second labeller's blind categories (id, category, reason), labelled from the
# text and source only and committed before any comparison (HOLDOUT_EVAL.md, "Second labeller" sections).
SECOND_LABELS = {
    "mined_errors.jsonl": HERE / "mined_second_labels.jsonl",
    "mined_errors_2.jsonl": HERE / "mined_second_labels.jsonl",
    "mined_errors_3.jsonl": HERE / "mined_second_labels_3.jsonl",
    "mined_errors_4.jsonl": HERE / "mined_second_labels_4.jsonl",
    "mined_errors_5.jsonl": HERE / "mined_second_labels_5.jsonl",
    "mined_errors_6.jsonl": HERE / "mined_second_labels_6.jsonl",
    "mined_errors_7.jsonl": HERE / "mined_second_labels_7.jsonl",
    "mined_errors_8.jsonl": HERE / "mined_second_labels_8.jsonl",
    "mined_errors_9.jsonl": HERE / "mined_second_labels_9.jsonl",
    "mined_errors_10.jsonl": HERE / "mined_second_labels_10.jsonl",
    "mined_errors_11.jsonl": HERE / "mined_second_labels_11.jsonl",
    "mined_errors_12.jsonl": HERE / "mined_second_labels_12.jsonl",
    "mined_errors_13.jsonl": HERE / "mined_second_labels_13.jsonl",
    "mined_errors_14.jsonl": HERE / "mined_second_labels_14.jsonl",
    "mined_errors_15.jsonl": HERE / "mined_second_labels_15.jsonl",
    "mined_errors_16.jsonl": HERE / "mined_second_labels_16.jsonl",
    "mined_errors_17.jsonl": HERE / "mined_second_labels_17.jsonl",
    "mined_errors_18.jsonl": HERE / "mined_second_labels_18.jsonl",
    "mined_errors_19.jsonl": HERE / "mined_second_labels_19.jsonl",
    "mined_errors_20.jsonl": HERE / "mined_second_labels_20.jsonl",
    "mined_errors_21.jsonl": HERE / "mined_second_labels_21.jsonl",
    "mined_errors_22.jsonl": HERE / "mined_second_labels_22.jsonl",
    "mined_errors_23.jsonl": HERE / "mined_second_labels_23.jsonl",
    "mined_errors_24.jsonl": HERE / "mined_second_labels_24.jsonl",
    "mined_errors_25.jsonl": HERE / "mined_second_labels_25.jsonl",
    "mined_errors_26.jsonl": HERE / "mined_second_labels_26.jsonl",
    "mined_errors_27.jsonl": HERE / "mined_second_labels_27.jsonl",
    "mined_errors_28.jsonl": HERE / "mined_second_labels_28.jsonl",
    "mined_errors_29.jsonl": HERE / "mined_second_labels_29.jsonl",
    "mined_errors_30.jsonl": HERE / "mined_second_labels_30.jsonl",
    "mined_errors_31.jsonl": HERE / "mined_second_labels_31.jsonl",
    "mined_errors_32.jsonl": HERE / "mined_second_labels_32.jsonl",
    "mined_errors_33.jsonl": HERE / "mined_second_labels_33.jsonl",
    "mined_errors_34.jsonl": HERE / "mined_second_labels_34.jsonl",
    "mined_errors_35.jsonl": HERE / "mined_second_labels_35.jsonl",
    "mined_errors_36.jsonl": HERE / "mined_second_labels_36.jsonl",
    "mined_errors_37.jsonl": HERE / "mined_second_labels_37.jsonl",
    "mined_errors_38.jsonl": HERE / "mined_second_labels_38.jsonl",
    "mined_errors_39.jsonl": HERE / "mined_second_labels_39.jsonl",
    "mined_errors_40.jsonl": HERE / "mined_second_labels_40.jsonl",
    "mined_errors_41.jsonl": HERE / "mined_second_labels_41.jsonl",
    "mined_errors_42.jsonl": HERE / "mined_second_labels_42.jsonl",
    "mined_errors_43.jsonl": HERE / "mined_second_labels_43.jsonl",
    "mined_errors_44.jsonl": HERE / "mined_second_labels_44.jsonl",
    "mined_errors_45.jsonl": HERE / "mined_second_labels_45.jsonl",
    "mined_errors_46.jsonl": HERE / "mined_second_labels_46.jsonl",
    "mined_errors_47.jsonl": HERE / "mined_second_labels_47.jsonl",
    "mined_errors_48.jsonl": HERE / "mined_second_labels_48.jsonl",
    "mined_errors_49.jsonl": HERE / "mined_second_labels_49.jsonl",
    "mined_errors_50.jsonl": HERE / "mined_second_labels_50.jsonl",
    "mined_errors_51.jsonl": HERE / "mined_second_labels_51.jsonl",
    "mined_errors_52.jsonl": HERE / "mined_second_labels_52.jsonl",
    "mined_errors_53.jsonl": HERE / "mined_second_labels_53.jsonl",
    "mined_errors_54.jsonl": HERE / "mined_second_labels_54.jsonl",
    "mined_errors_55.jsonl": HERE / "mined_second_labels_55.jsonl",
    "mined_errors_56.jsonl": HERE / "mined_second_labels_56.jsonl",
    "mined_errors_57.jsonl": HERE / "mined_second_labels_57.jsonl",
    "mined_errors_58.jsonl": HERE / "mined_second_labels_58.jsonl",
}
# For each mined file, the last commit before any rule was written with its texts in view.
UNTOUCHED = {
    "mined_errors.jsonl": "c536814ed34074888f1946e435d4ac5574c0b93a",
    "mined_errors_2.jsonl": "d7251e0df115f2a2aeca82566c18307f7f70623c",
    "mined_errors_3.jsonl": "1fd340cb8c61b15f58b551ec9d5543293c7a3f14",
    "mined_errors_4.jsonl": "b97cb72b8d8973428ac9bab8d5ecc75fb9c4ad66",
    "mined_errors_5.jsonl": "b40c624592e372f8e789b92378f4ab830e0a5da9",
    "mined_errors_6.jsonl": "ccbe796b11cadbd08dba649ace60e1c86172661a",
    "mined_errors_7.jsonl": "0b251bef543b0d08a658bba2cf534be860b596b6",
    "mined_errors_8.jsonl": "0b251bef543b0d08a658bba2cf534be860b596b6",
    "mined_errors_9.jsonl": "4e6ea72ecdf1b99bfb20bd1803c30f9b6d88216e",
    "mined_errors_10.jsonl": "ee488ff94174ee0dc2e2f2fef49450a6a90101b0",
    "mined_errors_11.jsonl": "ee488ff94174ee0dc2e2f2fef49450a6a90101b0",
    "mined_errors_12.jsonl": "335382da2155ea60bb6bb1887af1c8c6b25cf5c9",
    "mined_errors_13.jsonl": "335382da2155ea60bb6bb1887af1c8c6b25cf5c9",
    "mined_errors_14.jsonl": "335382da2155ea60bb6bb1887af1c8c6b25cf5c9",
    "mined_errors_15.jsonl": "5a882e4fe010a8609e7f96cc5e9b0fe769ab7513",
    "mined_errors_16.jsonl": "81f4680b6a6a3e25a60dd95ccd86e2058b946676",
    "mined_errors_17.jsonl": "a22931b3b1ade9e0d993d9a6360f251022ad5191",
    "mined_errors_18.jsonl": "28f12bb99a36251a95937dfd93fb67e6e3bfd574",
    "mined_errors_19.jsonl": "3cf9f9b385ead5f06b2696d90c726ec3b50ef646",
    "mined_errors_20.jsonl": "718fc79b213ae6ef0669b78597b5b7430ee99074",
    "mined_errors_21.jsonl": "f26ac3257dc32e13985a3a6e186421c5da8e9ad1",
    "mined_errors_22.jsonl": "03ae159f38d8de5d84528b983e555849f5db4ae9",
    "mined_errors_23.jsonl": "10c7d119fb1b492688974aa558e9d89c3281d895",
    "mined_errors_24.jsonl": "b20cac933ba69b1d932c29715b21117b2b2b226c",
    "mined_errors_25.jsonl": "06f8999261edbe2286b39b652e5b25d85cea82e0",
    "mined_errors_26.jsonl": "2b100314d3ce9bee75673000925ab6c21a71e8e0",
    "mined_errors_27.jsonl": "5a530cba976c09e7f518d88a30636507e8b929ba",
    "mined_errors_28.jsonl": "6f650608e6ac6d00a5bb6d2fc04e148efb1ee121",
    "mined_errors_29.jsonl": "4158012699b6390d52aa210fdc31098f7b15d6df",
    "mined_errors_30.jsonl": "30a182cc266f2cb404d6cadab9260fae7846acae",
    "mined_errors_31.jsonl": "df42d05954998e6154bac9964c7ddabb469bbff0",
    "mined_errors_32.jsonl": "93b3f6ed89f20964ce3d1f92b9fecfc2cf9b9ce7",
    "mined_errors_33.jsonl": "13ce7636e5b8879ce70234c7f033dba72ca66e09",
    "mined_errors_34.jsonl": "e5ed4e02676960fd2851a6ef37df1af2c417b517",
    "mined_errors_35.jsonl": "78fc7a50ba7955fa943bd6c34e5de551805ba2d6",
    "mined_errors_36.jsonl": "789cbec3e1350d4e2d109c23adb7cc24af7ad11f",
    "mined_errors_37.jsonl": "0717e8a27431bf96f028aeaae017b6716caaa4a4",
    "mined_errors_38.jsonl": "23a9d41f78c4cf946a887b85857e212fed3342ec",
    "mined_errors_39.jsonl": "d5fe1de44fb760db7fe019016b91d8955eb91791",
    "mined_errors_40.jsonl": "c00a6620a485fd0c3f84e5846966487be53e3e13",
    "mined_errors_41.jsonl": "b13a0fa0ddc331cbb87058c359231a949265ab40",
    "mined_errors_42.jsonl": "63428556f230f6f7346367cd68b4e3e7bdb03f80",
    "mined_errors_43.jsonl": "ee89b4215d0343928e2141b76621f27e9f44ff07",
    "mined_errors_44.jsonl": "ba495901f81052c627ffe6ea382bf9c54b66ccc4",
    "mined_errors_45.jsonl": "f2ef37e33f370ce4d65ab794eec0126c5be5e084",
    "mined_errors_46.jsonl": "8da85013792d3404fda37414c3c80c563c7d86f9",
    "mined_errors_47.jsonl": "64e74f0b19753bf88d9fc167026a55a15eefe2c9",
    "mined_errors_48.jsonl": "f7c4887972a3ec6054453e0fb4ece3829d1b7fdb",
    "mined_errors_49.jsonl": "506c2308fa5ccbe44dd05b3926b809c7f47e6862",
    "mined_errors_50.jsonl": "58f87bfd2fbd70cbed3e9267ef51f56dc5b38a78",
    "mined_errors_51.jsonl": "53927424fb79c0fea919f32ad32f0610d564537a",
    "mined_errors_52.jsonl": "a0557586a86a2facad5fa2e5072af8a56bdaa855",
    "mined_errors_53.jsonl": "b346b041179eef059667884827ee840b41611cb0",
    "mined_errors_54.jsonl": "75307f8c491a970dccb002536c0e0f415b793a04",
    "mined_errors_55.jsonl": "27def470689a5de5e4c3fbaddaa086a7528ba010",
    "mined_errors_56.jsonl": "5f159001d01af384e5ca8d963dfd46a7679b432f",
    "mined_errors_57.jsonl": "7612aca18c752db7038f8e2b5be5f7cd4a7ec135",
    "mined_errors_58.jsonl": "21af6d7e98fc9822009a1f01add1e1ae709ff97b",
}
# A mined text this similar to a corpus text (difflib ratio on the first 300 characters) is a sibling
# of something the rules were tuned on; the figure without them is printed too.
NEAR = 0.85


def near_corpus(records: list[dict]) -> set[str]:
    corpus = [r["text"][:300] for name in ("real_errors_train.jsonl", "real_errors_train2.jsonl") for r in score.load(HERE / name)]
    near = set()
    for record in records:
        head = record["text"][:300]
        matcher = difflib.SequenceMatcher(None, "", head)  # b is the cached side
        for text in corpus:
            matcher.set_seq1(text)
            if matcher.quick_ratio() >= NEAR and matcher.ratio() >= NEAR:
                near.add(record["id"])
                break
    return near


def kappa(first: list[str], second: list[str]) -> float:
    """Cohen's kappa of two labellings of the same texts (1.0 when both are one and the same category)."""
    n = len(first)
    observed = sum(a == b for a, b in zip(first, second)) / n
    chance = sum(first.count(c) * second.count(c) for c in set(first) | set(second)) / (n * n)
    return 1.0 if chance == 1 else (observed - chance) / (1 - chance)


def agreed_only(name: str, records: list[dict]) -> list[dict] | None:
    """The records the second labeller put in the same category; None when this file has no second labels.
    A text the second file does not label is not agreed: it is left out and named."""
    labels = SECOND_LABELS.get(name)
    if labels is None or not labels.is_file():
        print(f"error: no second labels for {name} (known: {', '.join(sorted(SECOND_LABELS))})", file=sys.stderr)
        return None
    second = {r["id"]: r["category"] for r in score.load(labels)}
    unlabelled = [r["id"] for r in records if r["id"] not in second]
    both = [r for r in records if r["id"] in second]
    disputed = [r["id"] for r in both if second[r["id"]] != r["category"]]
    if both:
        first_cats, second_cats = [r["category"] for r in both], [second[r["id"]] for r in both]
        print(f"second labeller ({labels.name}): agree {len(both) - len(disputed)}/{len(both)} "
              f"({(len(both) - len(disputed)) / len(both):.1%}), Cohen's kappa {kappa(first_cats, second_cats):.3f}")
    if unlabelled:
        print(f"--agreed: left out {len(unlabelled)} text(s) with no second label: {', '.join(unlabelled)}")
    print(f"--agreed: left out {len(disputed)} text(s) the two labellers put in different categories: "
          f"{', '.join(disputed) or 'none'}")
    return [r for r in both if r["id"] not in disputed]


def report(label: str, records: list[dict], results: list[dict], misses: bool) -> list[str]:
    n = len(records)
    right = sum(r["category"] == x["got"] for r, x in zip(records, results))
    unknown = sum(x["got"] == "unknown" for x in results)
    kinds = {k: sum(x["answer"] == k for x in results) for k in ("rule", "estimate")}
    lines = [f"{label}: right {right}, wrong {n - right - unknown}, unknown {unknown} of {n}; "
             f"accuracy {right / n:.1%}, unknown {unknown / n:.1%} (rule {kinds['rule']}, estimate {kinds['estimate']})"]
    rows = [(r, x["answer"], x["got"], x["confidence"]) for r, x in zip(records, results)]
    by_category = {}
    for r, x in zip(records, results):
        seen, hit = by_category.get(r["category"], (0, 0))
        by_category[r["category"]] = (seen + 1, hit + (r["category"] == x["got"]))
    lines.append("  by category: " + ", ".join(f"{c} {hit}/{seen}" for c, (seen, hit) in sorted(by_category.items())))
    # Texts of one source package are not independent (one project's comments, one author's choice of
    # what to quote); where the file says which source each text came from, also weigh every source once.
    by_group: dict[str, tuple[int, int]] = {}
    for r, x in zip(records, results):
        if r.get("group"):
            seen, hit = by_group.get(r["group"], (0, 0))
            by_group[r["group"]] = (seen + 1, hit + (r["category"] == x["got"]))
    if by_group:
        mean = sum(hit / seen for seen, hit in by_group.values()) / len(by_group)
        lines.append(f"  by source ({len(by_group)} groups, each weighed once): mean accuracy {mean:.1%}; "
                     + ", ".join(f"{g} {hit}/{seen}" for g, (seen, hit) in sorted(by_group.items())))
    lines += reliability.table(rows, "  reliability (confidence band -> share right)")
    high = [row for row in rows if row[3] >= reliability.BAR_CONFIDENCE]
    if high:
        share = sum(rec["category"] == cat for rec, _, cat, _ in high) / len(high)
        lines.append(f"  confidence >= {reliability.BAR_CONFIDENCE}: {len(high)} answers, {share:.1%} right")
    if misses:
        for r, x in zip(records, results):
            if r["category"] != x["got"]:
                first = r["text"].strip().splitlines()[0][:110]
                lines.append(f"  MISS {r['id']}: want {r['category']}/{r['subcategory']}, got {x['got']} "
                             f"({x['answer']} {x['rule'] or ''} {x['confidence']})\n       {first}")
    return lines


def untouched_all() -> int:
    """Every mined file at its own UNTOUCHED revision, one line each, then pooled: all texts, and every source
    package weighed once (a file without `group` counts each text's package from its `source`)."""
    pooled: list[tuple[dict, dict]] = []
    for name, revision in UNTOUCHED.items():
        records = score.load(HERE / name)
        try:
            results = he.score_at(revision, records)
        except he.RevisionMissing:
            print(f"{name}: revision {revision[:7]} not in this clone; see HOLDOUT_EVAL.md")
            continue
        pairs = list(zip(records, results))
        pooled += pairs
        print(_summary(f"{name} (library at {revision[:7]})", pairs))
    if pooled:
        print(_summary("all batches, each at its untouched revision", pooled))
    return 0


def _summary(label: str, pairs: list[tuple[dict, dict]]) -> str:
    right = sum(r["category"] == x["got"] for r, x in pairs)
    unknown = sum(x["got"] == "unknown" for _, x in pairs)
    by_rule = sum(x["answer"] == "rule" for _, x in pairs)
    high = [(r, x) for r, x in pairs if x["confidence"] >= reliability.BAR_CONFIDENCE]
    high_right = sum(r["category"] == x["got"] for r, x in high)
    groups: dict[str, list[bool]] = {}
    for r, x in pairs:
        groups.setdefault(r.get("group") or r["source"].split("==")[0].split()[0], []).append(r["category"] == x["got"])
    per_source = sum(sum(g) / len(g) for g in groups.values()) / len(groups)
    return (f"{label}: {right}/{len(pairs)} = {right / len(pairs):.1%} right, unknown {unknown}, by a rule {by_rule}; "
            f"{len(groups)} sources, each weighed once {per_source:.1%}; at >= {reliability.BAR_CONFIDENCE}: "
            f"{high_right}/{len(high)} right")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", nargs="?", default=MINED.name,
                        help=f"mined file, a name in tests/corpus or a path (default {MINED.name})")
    parser.add_argument("--misses", action="store_true", help="list every miss")
    parser.add_argument("--agreed", action="store_true",
                        help="leave out the texts the second labeller put in another category (SECOND_LABELS)")
    parser.add_argument("--all", action="store_true", help="every mined file at its untouched revision, and pooled")
    parser.add_argument("--at", action="append", metavar="REV", default=[],
                        help="one summary line for the file at this git revision (repeatable): e.g. a later change "
                             "made without these texts in view, scored on them untouched too")
    args = parser.parse_args(argv[1:])
    if args.all:
        return untouched_all()
    path = Path(args.file) if Path(args.file).exists() else HERE / args.file
    if not path.is_file():
        print(f"error: no mined file {args.file}", file=sys.stderr)
        return 2
    records = score.load(path)
    if args.at:
        for revision in args.at:
            try:
                print(_summary(f"{path.name} at {revision}", list(zip(records, he.score_at(revision, records)))))
            except he.RevisionMissing:
                print(f"{path.name}: revision {revision} not in this clone", file=sys.stderr)
                return 2
        return 0
    print(f"{path.name}: {len(records)} texts")
    if args.agreed:
        records = agreed_only(path.name, records)
        if records is None:
            return 2
    near = near_corpus(records)
    runs = []
    untouched = UNTOUCHED.get(path.name)
    if untouched is None:
        print(f"untouched: no revision recorded for {path.name} (add it to UNTOUCHED before writing rules from it)")
    else:
        try:
            runs.append((f"untouched (library at {untouched[:7]})", he.score_at(untouched, records)))
        except he.RevisionMissing:
            print(f"untouched: revision {untouched[:7]} not in this clone; see HOLDOUT_EVAL.md")
    runs.append(("today (tuned if rules were written from these texts since)", he.score_here(records)))
    for label, results in runs:
        for line in report(label, records, results, args.misses):
            print(line)
        apart = [(r, x) for r, x in zip(records, results) if r["id"] not in near]
        right = sum(r["category"] == x["got"] for r, x in apart)
        share = f"{right / len(apart):.1%}" if apart else "n/a"
        print(f"  without the {len(near)} near-duplicates of corpus texts: {right}/{len(apart)} = {share}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
