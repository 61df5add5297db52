"""More apps in front of the proxy (fifty-ninth pass, issue #9): how n8n, Semantic Kernel, Haystack, LangChain.js,
AutoGen, Langflow and Dify's plugin SDK print a failed call to the LiteLLM proxy, read from their releases (PyPI
wheels through harvest_templates.package_site, npm tarballs through npm_package; nothing imported or run) and
applied to the same LiteLLM errors as the forty-second pass's `app:*` shapes (sdk_surfaces.py `--wrapped`;
`--app-forms` lists the wordings with file:line; the script stops if a release lacks one).

Each of them calls the proxy through an OpenAI client (Python `openai` or npm `openai`), so what reaches it is the
proxy's answer: status S (that of LiteLLM's class, sdk_surfaces.proxy_answer), body `{"error": {"message": inner,
"type": null, "param": null, "code": "S"}}`, `inner` LiteLLM's exception as str() prints it.

- n8n (OpenAI Chat Model node, @n8n/n8n-nodes-langchain 2.41.1 on @langchain/openai 1.4.4 and npm openai 6.46.0):
  the node's `onFailedAttempt` (@n8n/ai-utilities 0.34.1 makeN8nLlmFailedAttemptHandler) turns the error into
  n8n-workflow 2.41.0's NodeApiError. Its message is the status's sentence (STATUS_CODE_MESSAGES, `4XX`/`5XX`
  for the others), found from the error's `status`; its description the body's message (findProperty through
  `error`: `inner`). For a 429 the OpenAI helper first throws OperationalError('OpenAI: Rate limit reached')
  (LiteLLM's code "429" is no `insufficient_quota`), whose NodeApiError has no status: that sentence is the
  message, the description still `inner` (through `cause`). A context overflow (@langchain/openai's
  ContextOverflowError.fromError) has no status either: its message is the openai error's, `S inner`. The node's
  error panel shows the message, then the description: shape `app:n8n` (`message\\ndescription`).
- Semantic Kernel 1.45.0 (OpenAIChatCompletion against the proxy): open_ai_handler.py raises
  `ServiceResponseException(f"{type(self)} service failed to complete the prompt", ex) from ex`, so its str() is
  the tuple of both args, the OpenAI error as repr: `app:semantic_kernel` (the raised line) and
  `app:semantic_kernel_traceback` (the chained traceback). (`content_filter`'s branch needs the body's code
  `content_filter`; LiteLLM's is the status.)
- Haystack 3.4.1 (OpenAIChatGenerator, no handler of its own): the pipeline wraps any component error,
  PipelineRuntimeError.from_exception, `The following component failed to run:` / `Component name: 'llm'` /
  `Component type: 'OpenAIChatGenerator'` / `Error: {str(e)}`: `app:haystack_pipeline`.
- LangChain.js (@langchain/openai 1.6.0, @langchain/core 1.4.0, npm openai 7.60.0; ChatOpenAI with
  configuration.baseURL the proxy's): npm openai's message is `${status} ${error.message}` (APIError.makeMessage),
  the class by status (APIError.generate: `APIError` for 408, 413, 529...); wrapOpenAIClientError appends
  `\\n\\nTroubleshooting URL: https://docs.langchain.com/oss/javascript/langchain/errors/{CODE}/\\n` for 401
  (MODEL_AUTHENTICATION), 429 (MODEL_RATE_LIMIT), 404 (MODEL_NOT_FOUND), a 400 naming tool_calls
  (INVALID_TOOL_RESULTS), and makes a context overflow a ContextOverflowError with the same message. Node's
  console.error of it (uncaught, or logged): `Class: message`, the stack, then the own fields:
  `app:langchainjs_console`.
- AutoGen (autogen-agentchat 0.7.5 team, autogen-ext 0.7.5 OpenAIChatCompletionClient, no handler): the agent's
  container publishes SerializableException.from_exception(e) and the team raises `RuntimeError(str(error))`,
  `{type}: {str(e)}` / `Traceback:` / the traceback's pieces joined with "\\n": `app:autogen_team`.
- Langflow 1.13.0 (its components are lfx 1.13.0's; the Language Model component on an OpenAI model whose base
  URL is the proxy's, langchain-openai raising the OpenAI client's error unchanged): LCModelComponent re-raises
  `ValueError(str(e))` (lfx/base/models/model.py `_get_exception_message`), and the vertex build failure is
  `Error building Component {display_name}: \\n\\n{exc}` (lfx/graph/vertex/base.py), which the UI shows:
  `app:langflow_build`.
- Dify's plugin SDK (dify_plugin 0.10.2; its wheel needs Python >= 3.12, so it was fetched with `pip download
  --python-version 3.12 --no-deps` into the same place package_site keeps it): the OpenAI-API-compatible model
  posts with requests and raises `InvokeError(f"API request failed with status code {status}: {response.text}")`
  on any status but 200, the proxy's body as sent; `_transform_invoke_error` maps none of its requests exceptions
  to it, so it becomes `InvokeError(f"[{provider_name}] Error: {error!s}")`, `provider_name` the plugin's module's
  third part from the end (`models` for `models.llm.llm`, the langgenius openai_api_compatible plugin's layout):
  `app:dify_plugin`. (Dify's server then carries it as `PluginInvokeError: {...}`: not on PyPI, not rendered.)

Not rendered: Flowise (its server package, which words the error, was not read; flowise-components' ChatOpenAI is
LangChain.js's). Dev apps (the fixes were written from their misses): n8n, Semantic Kernel, Haystack; held: the rest.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from harvest_templates import WHEELS, npm_package, package_site

PYPI = {"semantic-kernel": ("semantic-kernel", "1.45.0"), "haystack": ("haystack-ai", "3.4.1"),
        "autogen-agentchat": ("autogen-agentchat", "0.7.5"), "autogen-ext": ("autogen-ext", "0.7.5"),
        "lfx": ("lfx", "1.13.0"), "dify_plugin": ("dify_plugin", "0.10.2")}
NPM = {"@n8n/n8n-nodes-langchain": "2.41.1", "@n8n/ai-utilities": "0.34.1", "n8n-workflow": "2.41.0",
       "@langchain/openai": "1.6.0", "@langchain/core": "1.4.0", "openai": "7.60.0"}
# which apps' shapes the fixes may be written from (dev), and which are only measured (held)
DEV_APPS = ("n8n", "semantic_kernel", "haystack")
HELD_APPS = ("langchainjs", "autogen", "langflow", "dify")
SHAPES = ("app:n8n", "app:semantic_kernel", "app:semantic_kernel_traceback", "app:haystack_pipeline",
          "app:langchainjs_console", "app:autogen_team", "app:langflow_build",
          "app:dify_plugin")
DEV_SHAPES = tuple(s for s in SHAPES if s.split(":")[1].startswith(DEV_APPS))
HELD_SHAPES = tuple(s for s in SHAPES if s not in DEV_SHAPES)


def _line(site, rel: str, needle: str) -> str:
    """`rel:line` of the first line holding `needle`; stops the script if the release lacks it."""
    for i, line in enumerate((site / rel).read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return f"{rel}:{i}"
    raise SystemExit(f"{site}: {rel} has no line holding {needle!r}: the app changed its wording")


def _site(package: str, version: str):
    """package_site's directory; dify_plugin's wheel asks for Python >= 3.12, so on an older one it is fetched for
    3.12 (`pip download --python-version 3.12 --no-deps --only-binary :all:`) and unpacked the same way."""
    import subprocess
    import sys
    import tempfile
    import zipfile

    site = WHEELS / f"{package}-{version}" / "site"
    if site.is_dir() or package != "dify_plugin" or sys.version_info >= (3, 12):
        return package_site(package, version)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps",
                        "--only-binary", ":all:", "--python-version", "3.12", "-d", tmp, f"{package}=={version}"],
                       check=True)
        partial = site.parent / "partial"
        with zipfile.ZipFile(next(Path(tmp).glob("*.whl"))) as z:
            for name in z.namelist():
                if name.endswith((".py", ".json", ".json.gz")) or ".dist-info/" in name:
                    z.extract(name, partial)
        partial.rename(site)
    return site


@functools.lru_cache(maxsize=1)
def forms() -> dict[str, str]:
    """Every wording the shapes use -> where it is (package version file:line)."""
    py = {k: _site(*v) for k, v in PYPI.items()}
    js = {k: npm_package(k, v) for k, v in NPM.items()}

    def at_py(key: str, rel: str, needle: str) -> str:
        return f"{PYPI[key][0]} {PYPI[key][1]} " + _line(py[key], rel, needle)

    def at_js(key: str, rel: str, needle: str) -> str:
        return f"{key} {NPM[key]} " + _line(js[key], rel, needle)

    n8n, ai, wf = "@n8n/n8n-nodes-langchain", "@n8n/ai-utilities", "n8n-workflow"
    return {
        "n8n node handler": at_js(n8n, "dist/nodes/llms/LMChatOpenAi/LmChatOpenAi.node.js", "makeN8nLlmFailedAttemptHandler)(this, error_handling_1.openAiFailedAttemptHandler)"),
        "n8n rate sentence": at_js(n8n, "dist/nodes/vendors/OpenAi/helpers/error-handling.js", "rate_limit_exceeded: 'OpenAI: Rate limit reached'"),
        "n8n rate throw": at_js(n8n, "dist/nodes/vendors/OpenAi/helpers/error-handling.js", "throw new n8n_workflow_1.OperationalError(errorMessage, { cause: error });"),
        "n8n NodeApiError": at_js(ai, "dist/cjs/utils/failed-attempt-handler/n8nLlmFailedAttemptHandler.js", "const apiError = new n8n_workflow_1.NodeApiError(ctx.getNode(), e, {"),
        "n8n status 400": at_js(wf, "dist/cjs/errors/node-api.error.js", "'400': 'Bad request - please check your parameters',"),
        "n8n status 401": at_js(wf, "dist/cjs/errors/node-api.error.js", "'401': 'Authorization failed - please check your credentials',"),
        "n8n status 402": at_js(wf, "dist/cjs/errors/node-api.error.js", "'402': 'Payment required - perhaps check your payment details?',"),
        "n8n status 403": at_js(wf, "dist/cjs/errors/node-api.error.js", "'403': 'Forbidden - perhaps check your credentials?',"),
        "n8n status 404": at_js(wf, "dist/cjs/errors/node-api.error.js", "'404': 'The resource you are requesting could not be found',"),
        "n8n status 429": at_js(wf, "dist/cjs/errors/node-api.error.js", "'429': 'The service is receiving too many requests from you',"),
        "n8n status 4XX": at_js(wf, "dist/cjs/errors/node-api.error.js", "'4XX': 'Your request is invalid or could not be processed by the service',"),
        "n8n status 500": at_js(wf, "dist/cjs/errors/node-api.error.js", "'500': 'The service was not able to process your request',"),
        "n8n status 502": at_js(wf, "dist/cjs/errors/node-api.error.js", "'502': 'Bad gateway - the service failed to handle your request',"),
        "n8n status 503": at_js(wf, "dist/cjs/errors/node-api.error.js", "'503': 'Service unavailable - try again later or consider setting this node to retry automatically (in the node settings)',"),
        "n8n status 504": at_js(wf, "dist/cjs/errors/node-api.error.js", "'504': 'Gateway timed out - perhaps try again later?',"),
        "n8n status 5XX": at_js(wf, "dist/cjs/errors/node-api.error.js", "'5XX': 'The service failed to process your request',"),
        "n8n description": at_js(wf, "dist/cjs/errors/node-api.error.js", "this.description = this.findProperty(errorResponse, POSSIBLE_ERROR_MESSAGE_KEYS, POSSIBLE_NESTED_ERROR_OBJECT_KEYS);"),
        "semantic-kernel raise": at_py("semantic-kernel", "semantic_kernel/connectors/ai/open_ai/services/open_ai_handler.py", 'f"{type(self)} service failed to complete the prompt",'),
        "semantic-kernel call": at_py("semantic-kernel", "semantic_kernel/connectors/ai/open_ai/services/open_ai_handler.py", "response = await self.client.chat.completions.create(**settings_dict)"),
        "semantic-kernel class": at_py("semantic-kernel", "semantic_kernel/connectors/ai/open_ai/services/open_ai_chat_completion.py", "class OpenAIChatCompletion("),
        "semantic-kernel exception": at_py("semantic-kernel", "semantic_kernel/exceptions/service_exceptions.py", "class ServiceResponseException(ServiceException):"),
        "haystack wrap": at_py("haystack", "haystack/core/errors.py", 'f"The following component failed to run:\\n"'),
        "haystack error line": at_py("haystack", "haystack/core/errors.py", 'f"Error: {str(error)}"'),
        "haystack raise": at_py("haystack", "haystack/core/pipeline/pipeline.py", "raise PipelineRuntimeError.from_exception(component_name, instance.__class__, error) from error"),
        "langchainjs wrap": at_js("@langchain/openai", "dist/utils/client.js", "function wrapOpenAIClientError(e) {"),
        "langchainjs codes": at_js("@langchain/openai", "dist/utils/client.js", 'else if ("status" in e && e.status === 404) error = stampRetryable(addLangChainErrorFields(e, "MODEL_NOT_FOUND"), false);'),
        "langchainjs url": at_js("@langchain/openai", "dist/utils/errors.js", "Troubleshooting URL: https://docs.langchain.com/oss/javascript/langchain/errors/${lc_error_code}/"),
        "langchainjs overflow": at_js("@langchain/core", "dist/errors/index.js", "static fromError(obj) {"),
        "openai-node message": at_js("openai", "core/error.js", "return `${status} ${msg}`;"),
        "openai-node classes": at_js("openai", "core/error.js", "return new APIError(status, error, message, headers);"),
        "autogen serializable": at_py("autogen-agentchat", "autogen_agentchat/teams/_group_chat/_events.py", 'return f"{self.error_type}: {self.error_message}\\nTraceback:\\n{self.traceback}"'),
        "autogen join": at_py("autogen-agentchat", "autogen_agentchat/teams/_group_chat/_events.py", 'traceback="\\n".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),'),
        "autogen raise": at_py("autogen-agentchat", "autogen_agentchat/teams/_group_chat/_base_group_chat.py", "raise RuntimeError(str(message.error))"),
        "autogen container": at_py("autogen-agentchat", "autogen_agentchat/teams/_group_chat/_chat_agent_container.py", "async for msg in self._agent.on_messages_stream(self._message_buffer, ctx.cancellation_token):"),
        "autogen agent call": at_py("autogen-agentchat", "autogen_agentchat/agents/_assistant_agent.py", "model_result = await model_client.create("),
        "langflow str": at_py("lfx", "lfx/base/models/model.py", "return str(e)"),
        "langflow raise": at_py("lfx", "lfx/base/models/model.py", "raise ValueError(message) from e"),
        "langflow build": at_py("lfx", "lfx/graph/vertex/base.py", 'msg = f"Error building Component {self.display_name}: \\n\\n{exc}"'),
        "langflow component": at_py("lfx", "lfx/components/models_and_agents/language_model.py", 'display_name = "Language Model"'),
        "dify request failed": at_py("dify_plugin", "dify_plugin/interfaces/model/openai_compatible/llm.py", '"API request failed with status code "'),
        "dify status text": at_py("dify_plugin", "dify_plugin/interfaces/model/openai_compatible/llm.py", 'f"{response.status_code}: {response.text}"'),
        "dify provider name": at_py("dify_plugin", "dify_plugin/interfaces/model/ai_model.py", 'provider_name = self.__class__.__module__.split(".")[-3]'),
        "dify error": at_py("dify_plugin", "dify_plugin/interfaces/model/ai_model.py", 'return InvokeError(description=f"[{provider_name}] Error: {error!s}")'),
        "autogen client": at_py("autogen-ext", "autogen_ext/models/openai/_openai_client.py", "result: Union[ParsedChatCompletion[BaseModel], ChatCompletion] = await future"),
    }


def present() -> bool:
    """Whether the releases are already unpacked (the tests do not download them)."""
    return all((WHEELS / f"{p}-{v}" / "site").is_dir() for p, v in PYPI.values()) and all(
        (WHEELS / f"npm-{p.replace('/', '__')}-{v}" / "package").is_dir() for p, v in NPM.items())


_N8N_STATUS = {400: "Bad request - please check your parameters",
               401: "Authorization failed - please check your credentials",
               402: "Payment required - perhaps check your payment details?",
               403: "Forbidden - perhaps check your credentials?",
               404: "The resource you are requesting could not be found",
               429: "The service is receiving too many requests from you",
               500: "The service was not able to process your request",
               502: "Bad gateway - the service failed to handle your request",
               503: "Service unavailable - try again later or consider setting this node to retry automatically (in the node settings)",
               504: "Gateway timed out - perhaps try again later?"}
_NODE_CLASS = {400: "BadRequestError", 401: "AuthenticationError", 403: "PermissionDeniedError", 404: "NotFoundError",
               409: "ConflictError", 422: "UnprocessableEntityError", 429: "RateLimitError"}
_LC_CODE = {401: "MODEL_AUTHENTICATION", 429: "MODEL_RATE_LIMIT", 404: "MODEL_NOT_FOUND"}
_LC_OVERFLOW = ("Input tokens exceed the configured limit", "exceeds the context window", "maximum context length")


def _lc_overflow(status: int, inner: str) -> bool:
    """@langchain/openai's _isOpenAIContextOverflowError on the npm openai error (String(e) and its message)."""
    return "context_length_exceeded" in inner or any(p in inner for p in _LC_OVERFLOW)


def _n8n(status: int, inner: str) -> str:
    if _lc_overflow(status, inner):
        message = f"{status} {inner}"  # ContextOverflowError: no status of its own, its message kept
    elif status == 429:
        message = "OpenAI: Rate limit reached"
    else:
        message = _N8N_STATUS.get(status) or (
            "The service failed to process your request" if status >= 500
            else "Your request is invalid or could not be processed by the service")
    return f"{message}\n{inner}"


def _langchainjs(status: int, body: dict, inner: str) -> str:
    from sdk_surfaces import _js_string

    node_cls = _NODE_CLASS.get(status) or ("InternalServerError" if status >= 500 else "APIError")
    message = f"{status} {inner}"
    code = None
    if _lc_overflow(status, inner):
        head = "ContextOverflowError"
    else:
        head = node_cls
        if status == 400 and "tool_calls" in message:
            code = "INVALID_TOOL_RESULTS"
        else:
            code = _LC_CODE.get(status)
        if code:
            message += f"\n\nTroubleshooting URL: https://docs.langchain.com/oss/javascript/langchain/errors/{code}/\n"
    # util.inspect breaks an object longer than its 80-column line into one field a line
    err = "{\n    message: %s,\n    type: null,\n    param: null,\n    code: %s\n  }" % (
        _js_string(inner), _js_string(str(status)))
    stack = ("    at APIError.generate (file:///app/node_modules/openai/core/error.mjs:63:20)\n"
             "    at OpenAI.makeStatusError (file:///app/node_modules/openai/client.mjs:184:32)\n"
             "    at OpenAI.makeRequest (file:///app/node_modules/openai/client.mjs:415:30)\n"
             "    at process.processTicksAndRejections (node:internal/process/task_queues:105:5)\n"
             "    at async file:///app/node_modules/@langchain/openai/dist/chat_models/completions.js:224:13\n"
             "    at async RetryOperation._fn (file:///app/node_modules/p-retry/index.js:50:12)")
    fields = [f"  status: {status}", "  headers: Headers {}", "  requestID: undefined", f"  error: {err}",
              f"  code: {_js_string(str(status))}", "  param: null", "  type: null"]
    if code:
        fields.append(f"  lc_error_code: {_js_string(code)}")
    if head == "ContextOverflowError":
        fields = [f"  [cause]: {node_cls}: {message}",
                  "      at APIError.generate (file:///app/node_modules/openai/core/error.mjs:63:20)"]
    return f"{head}: {message}\n{stack} {{\n" + ",\n".join(fields) + "\n}"


_SK_CLASS = "<class 'semantic_kernel.connectors.ai.open_ai.services.open_ai_chat_completion.OpenAIChatCompletion'>"
_SK_TRACEBACK = """Traceback (most recent call last):
  File "/usr/local/lib/python3.12/site-packages/semantic_kernel/connectors/ai/open_ai/services/open_ai_handler.py", line {call}, in _send_completion_request
    response = await self.client.chat.completions.create(**settings_dict)
  File "/usr/local/lib/python3.12/site-packages/openai/_base_client.py", line 1594, in request
    raise self._make_status_error_from_response(err.response) from None
openai.{ocls}: {sdk_str}

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "/app/main.py", line 21, in main
    result = await chat.get_chat_message_content(history, settings)
  File "/usr/local/lib/python3.12/site-packages/semantic_kernel/connectors/ai/open_ai/services/open_ai_handler.py", line {line}, in _send_completion_request
    raise ServiceResponseException(
semantic_kernel.exceptions.service_exceptions.ServiceResponseException: {args}"""
_AUTOGEN_PIECES = (
    "Traceback (most recent call last):\n",
    '  File "/usr/local/lib/python3.12/site-packages/autogen_agentchat/teams/_group_chat/_chat_agent_container.py", '
    "line {container}, in handle_request\n    async for msg in self._agent.on_messages_stream(self._message_buffer, "
    "ctx.cancellation_token):\n",
    '  File "/usr/local/lib/python3.12/site-packages/autogen_agentchat/agents/_assistant_agent.py", line {agent}, '
    "in _call_llm\n    model_result = await model_client.create(\n",
    '  File "/usr/local/lib/python3.12/site-packages/autogen_ext/models/openai/_openai_client.py", line {client}, '
    "in create\n    result: Union[ParsedChatCompletion[BaseModel], ChatCompletion] = await future\n",
    '  File "/usr/local/lib/python3.12/site-packages/openai/_base_client.py", line 1594, in request\n'
    "    raise self._make_status_error_from_response(err.response) from None\n",
    "openai.{ocls}: {sdk_str}\n",
)


def _at(key: str) -> str:
    return forms()[key].rsplit(":", 1)[1]


def shapes(rec: dict) -> list[tuple[str, str]]:
    """(shape, text) for the apps above, from the record's LiteLLM exception as the proxy answers it."""
    from sdk_surfaces import litellm_wrapped, proxy_answer, proxy_reference

    inner = litellm_wrapped(rec)
    status, body = proxy_answer(rec)
    ocls, sdk_str = proxy_reference(rec).split(": ", 1)
    ocls = ocls.split(".", 1)[1]
    sk_args = str((f"{_SK_CLASS} service failed to complete the prompt", _Repr(f"{ocls}({sdk_str!r})")))
    autogen_tb = "\n".join(p.format(container=_at("autogen container"), agent=_at("autogen agent call"),
                                    client=_at("autogen client"), ocls=ocls, sdk_str=sdk_str) for p in _AUTOGEN_PIECES)
    return [
        ("app:n8n", _n8n(status, inner)),
        ("app:semantic_kernel", f"semantic_kernel.exceptions.service_exceptions.ServiceResponseException: {sk_args}"),
        ("app:semantic_kernel_traceback", _SK_TRACEBACK.format(call=_at("semantic-kernel call"), line=_at("semantic-kernel raise"), ocls=ocls,
                                                               sdk_str=sdk_str, args=sk_args)),
        ("app:haystack_pipeline", "haystack.core.errors.PipelineRuntimeError: The following component failed to run:\n"
                                  "Component name: 'llm'\nComponent type: 'OpenAIChatGenerator'\n"
                                  f"Error: {sdk_str}"),
        ("app:langchainjs_console", _langchainjs(status, body, inner)),
        ("app:autogen_team", f"RuntimeError: {ocls}: {sdk_str}\nTraceback:\n{autogen_tb}"),
        ("app:langflow_build", f"Error building Component Language Model: \n\n{sdk_str}"),
        # the proxy's body as sent (Starlette's JSONResponse: compact, ensure_ascii off)
        ("app:dify_plugin", f"[models] Error: API request failed with status code {status}: "
                            + json.dumps({"error": body}, ensure_ascii=False, separators=(",", ":"))),
    ]


class _Repr(str):
    """A string that a tuple's repr prints as it is (an exception's repr inside str(args))."""

    def __repr__(self) -> str:
        return str(self)


if __name__ == "__main__":  # a look at one record's shapes
    import sys

    from sdk_surfaces import OUT

    recs = [json.loads(x) for x in OUT.read_text(encoding="utf-8").splitlines() if x.strip()]
    for shape, text in shapes(next(r for r in recs if r["id"] == (sys.argv[1] if len(sys.argv) > 1 else recs[0]["id"]))):
        print(f"--- {shape}\n{text}")
