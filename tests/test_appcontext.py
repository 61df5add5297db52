"""The apps' and LiteLLM's progress output pasted around an error is set aside; their error lines and the
wrappers that carry the error are kept (diagnosis/appcontext.py, issue #9 eighth pass). Each shape is copied
from the tool's source format; the no-match cases are lines of the same format that are (part of) the error."""

from __future__ import annotations

import pytest

from litellm_doctor.diagnosis import diagnose
from litellm_doctor.diagnosis.appcontext import context_spans
from litellm_doctor.diagnosis.pastedcontext import set_aside
from litellm_doctor.diagnosis.textinput import read_error_text

ERROR = "litellm.APIError: APIError: Hosted_vllmException - something odd happened in the engine, status 502"


def _dropped(line: str) -> bool:
    return context_spans([line]) == [(0, 1)]


@pytest.mark.parametrize("line", [
    # OpenHands (core/logger.py format), Runtime.log and AgentController.log prefixes.
    "10:41:58 - openhands:INFO: docker_runtime.py:182 - [runtime 5f2a] Starting runtime with image: "
    "docker.all-hands.dev/all-hands-ai/runtime:0.62-nikolaik",
    "10:42:06 - openhands:INFO: docker_runtime.py:203 - [runtime 5f2a] Runtime is ready.",
    "10:42:07 - openhands:INFO: agent_controller.py:669 - [Agent Controller 5f2a] Setting agent(CodeActAgent) "
    "state from AgentState.RUNNING to AgentState.ERROR",
    # open-webui (loguru stdout_format), its records and uvicorn's access records.
    "2026-01-14 09:12:03.511 | INFO     | open_webui.routers.openai:get_all_models:716 - get_all_models()",
    '2026-01-14 09:12:09.377 | INFO     | uvicorn.protocols.http.httptools_impl:send:476 - 172.18.0.1:48812 - '
    '"POST /api/chat/completions HTTP/1.1" 200',
    # uvicorn's access record of a request that succeeded (LiteLLM's proxy, open-webui before loguru).
    'INFO:     172.18.0.1:40630 - "POST /v1/chat/completions HTTP/1.1" 200 OK',
    # dspy (logging_utils format), MIPROv2's banner line, teleprompt/utils' print, the tqdm bar.
    "2026/01/14 09:20:19 INFO dspy.evaluate.evaluate: Average Metric: 41 / 50 (82.0%)",
    "2026/01/14 09:20:11 INFO dspy.teleprompt.mipro_optimizer_v2: ",
    "==> STEP 1: BOOTSTRAP FEWSHOT EXAMPLES <==",
    "Bootstrapping set 2/6",
    "Average Metric: 12.00 / 15 (80.0%):  30%|███       | 15/50 [00:21<00:49,  1.41s/it]",
    " 40%|████      | 8/20 [00:03<00:05,  2.11it/s]",
    # LiteLLM 1.103.0's routine DEBUG/INFO records: routing, selection, params, cost, Logging Details.
    "11:31:48 - LiteLLM Router:INFO: router.py:1403 - Routing strategy: simple-shuffle",
    "11:31:48 - LiteLLM Router:DEBUG: router.py:12583 - initial list of deployments: [{'model_name': 'team-chat'}]",
    "11:31:48 - LiteLLM Router:INFO: router.py:13966 - get_available_deployment for model: team-chat, Selected "
    "deployment: {'model_name': 'team-chat'} for model: team-chat",
    "11:31:48 - LiteLLM:DEBUG: cost_calculator.py:1384 - selected model name for cost calculation: openai/gpt-4o-mini",
    "11:31:48 - LiteLLM:DEBUG: litellm_logging.py:1839 - response_cost: 1.35e-05",
    "11:31:49 - LiteLLM:DEBUG: exception_mapping_utils.py:2724 - Logging Details: logger_fn - None | callable(logger_fn) - False",
    "11:31:49 - LiteLLM:DEBUG: litellm_logging.py:3471 - Logging Details LiteLLM-Failure Call: [<bound method "
    "Router.deployment_callback_on_failure of <litellm.router.Router object at 0x7efe0bf64d90>>]",
    "11:31:48 - LiteLLM Router:INFO: router.py:3671 - litellm.acompletion(model=openai/gpt-4o-mini) 200 OK",
    "11:31:48 - LiteLLM:INFO: utils.py:4382 - ",
    "LiteLLM completion() model= gpt-4o-mini; provider = openai",
    "LiteLLM: Non-Default params passed to completion() {'stream': False, 'max_retries': 0}",
    # crewAI's crew tree (0.130 console_formatter).
    "🚀 Crew: crew",
    "└── 📋 Task: 58cb9b82-35be-32d3-d42a-ee244bd63b62",
    "    Status: Executing Task...",
    "    └── 🧠 Thinking...",
])
def test_progress_line_is_set_aside(line):
    assert _dropped(line)
    if not line.lstrip().startswith("Status:"):  # a tree's status line comes under its label
        assert set_aside(line + "\n" + ERROR) == ERROR  # the quick test lets it through


@pytest.mark.parametrize("line", [
    # Records of the same formats that are the failure, or a level above INFO.
    "10:42:07 - openhands:ERROR: agent_controller.py:375 - [Agent Controller 5f2a] Error while running the agent "
    "(session ID: 5f2a): litellm.AuthenticationError: AuthenticationError: OpenAIException - Incorrect API key",
    "10:42:05 - openhands:INFO: llm.py:459 - Error parsing JSON response from LiteLLM proxy: Expecting value",
    "10:42:05 - openhands:WARNING: docker_runtime.py:177 - [runtime 5f2a] Container openhands-runtime-5f2a not found.",
    '2026-01-14 09:12:09.377 | INFO     | uvicorn.protocols.http.httptools_impl:send:476 - 172.18.0.1:48812 - '
    '"POST /api/chat/completions HTTP/1.1" 500',
    'INFO:     172.18.0.1:40612 - "POST /chat/completions HTTP/1.1" 401 Unauthorized',
    "2026-01-14 09:12:09.380 | ERROR    | open_webui.routers.openai:generate_chat_completion:1672 - "
    "400, message='Bad Request', url='http://litellm:4000/chat/completions'",
    "2026/01/14 09:20:33 ERROR dspy.utils.parallelizer: Error for Example({'question': 'q'}) (input_keys="
    "{'question'}): litellm.RateLimitError: RateLimitError. Set `provide_traceback=True` for traceback.",
    "2026/01/14 09:20:33 INFO dspy.evaluate.evaluate: 3 examples failed with litellm.RateLimitError",
    # LiteLLM records that are the failure: an INFO without a deployment, a router line with the exception.
    "11:31:48 - LiteLLM Router:INFO: router_utils/handle_error.py:77 - get_available_deployment for model: "
    "team-chat, No deployment available",
    "11:31:42 - LiteLLM Router:INFO: router.py:2559 - litellm.completion(model=openai/gpt-4o) Exception "
    "litellm.InternalServerError: InternalServerError: OpenAIException - Connection error.",
    "11:31:41 - LiteLLM:DEBUG: utils.py:6154 - Error getting model info: This model isn't mapped yet.",
    "11:31:41 - LiteLLM:DEBUG: litellm_logging.py:1509 - RAW RESPONSE:",
    "11:31:42 - LiteLLM Router:DEBUG: cooldown_handlers.py:380 - percent fails for deployment = e8b0, percent "
    "fails = 1.0, num successes = 0, num fails = 1",
    "11:31:41 - LiteLLM:DEBUG: utils.py:541 - Final returned optional params: litellm.UnsupportedParamsError: x",
    "11:31:41 - LiteLLM Proxy:ERROR: proxy_server.py:4012 - litellm.BadRequestError: x",
    # crewAI's tree after a failed call, and a line that merely starts like a label.
    "    └── ❌ LLM Failed",
    "Status: Executing Task...",
    ERROR,
    "External: 400, message='Bad Request', url='http://litellm:4000/v1/chat/completions'",
])
def test_error_line_of_the_same_format_stays(line):
    assert not _dropped(line)
    assert set_aside(line) is line


def test_crewai_agent_and_task_lines_are_set_aside_to_the_blank_line():
    text = ("# Agent: AI LLMs Senior Data Researcher\n## Task: Conduct a thorough research about AI LLMs.\n"
            "Write it as a list.\n\n" + ERROR)
    assert set_aside(text).strip() == ERROR
    # A task that reads like an error, or an error right under the task line, stays.
    text = "# Agent: Researcher\n## Task: Fix the error in the request handler\n" + ERROR
    assert set_aside(text) == "## Task: Fix the error in the request handler\n" + ERROR
    text = "# Agent: Researcher\n## Task: Summarise the notes\n" + ERROR
    assert set_aside(text) == ERROR


STEP = ("# Agent: Researcher\n## Thought: I should search the news.\n## Using tool: Search the internet\n"
        '## Tool Input: \n{\n  "search_query": "llm news"\n}\n## Tool Output: \nTitle: New models\nSnippet: three labs.\n')


def test_crewai_agent_step_is_set_aside_and_a_tool_output_error_kept():
    assert set_aside(STEP + "\n\n# Agent: Researcher\n" + ERROR).strip() == ERROR
    failing_tool = STEP.replace("Snippet: three labs.", "Error: 403 Forbidden from the search API")
    assert set_aside(failing_tool + ERROR) == "Error: 403 Forbidden from the search API\n" + ERROR
    # `## ...:` lines without crewAI's agent line are a markdown heading, not crewAI's output.
    heading = "## Thought: why\n" + ERROR
    assert set_aside(heading) is heading


PANEL = (
    "╭──────────── 🤖 Agent Started ─────────────╮\n"
    "│                                           │\n"
    "│  Agent: AI LLMs Senior Data Researcher    │\n"
    "│                                           │\n"
    "│  Task: Conduct a thorough research about  │\n"
    "│  AI LLMs.                                 │\n"
    "│                                           │\n"
    "╰───────────────────────────────────────────╯\n"
)


def test_crewai_progress_panel_is_set_aside_boxed_or_unboxed():
    assert set_aside(PANEL + "\n" + ERROR).strip() == ERROR
    assert set_aside(read_error_text(PANEL + "\n" + ERROR).text).strip() == ERROR


def test_crewai_error_panel_and_a_progress_panel_with_an_error_stay():
    error_panel = PANEL.replace("🤖 Agent Started", "❌ LLM Error").replace(
        "Agent: AI LLMs Senior Data Researcher", "LLM Call Failed                      ") + ERROR
    failing = PANEL.replace("Task: Conduct a thorough research about", "Task: litellm.RateLimitError: 429 rate") + ERROR
    unclosed = PANEL.rsplit("╰", 1)[0] + ERROR
    for text in (error_panel, failing, unclosed):
        assert set_aside(text) is text


def test_the_estimate_reads_the_error_not_the_progress():
    context = (
        "10:42:06 - openhands:INFO: docker_runtime.py:203 - [runtime 5f2a] Runtime is ready.\n"
        "11:31:48 - LiteLLM Router:DEBUG: router.py:12583 - initial list of deployments: [{'model_name': 'x'}]\n"
        "11:31:48 - LiteLLM Router:DEBUG: router.py:14143 - cooldown deployments: []\n"
        "11:31:48 - LiteLLM:DEBUG: cost_calculator.py:1384 - selected model name for cost calculation: openai/x\n"
    )
    bare, pasted = diagnose(ERROR), diagnose(context + ERROR)
    assert bare.diagnosis.rule_id == "estimate"
    assert (pasted.category, pasted.diagnosis.rule_id, pasted.diagnosis.confidence) == (
        bare.category, bare.diagnosis.rule_id, bare.diagnosis.confidence)


def test_a_wrapper_that_carries_the_error_is_read_by_the_rules():
    logs = ('2026-01-14 09:12:09.377 | INFO     | uvicorn.protocols.http.httptools_impl:send:476 - 172.18.0.1:48812 - '
            '"POST /api/chat/completions HTTP/1.1" 200\n')
    external = "External: 401, message='Unauthorized', url='http://litellm:4000/v1/chat/completions'"
    assert set_aside(logs + external) == external
    assert diagnose(logs + external).category == diagnose(external).category


BENIGN = ("14:53:59 - LiteLLM:INFO: utils.py:1272 - Wrapper: Completed Call, calling success_handler\n"
          "14:53:59 - LiteLLM:INFO: utils.py:3337 -\nLiteLLM completion() model= llama3.2:3B; provider = ollama")


def test_progress_output_alone_is_read_as_it_is_and_stays_for_the_rules_patterns():
    # Nothing else pasted (real: d2-ai-alliance-ollama-litellm-info-stdout): it is what the paste is about.
    assert set_aside(BENIGN) is BENIGN
    assert diagnose(BENIGN).diagnosis.rule_id == "LD-REQ-102"
    config = "model_list:\n  - model_name: local\n    litellm_params:\n      model: ollama/llama3.2:3B\n\n"
    assert set_aside(config + BENIGN) == config + BENIGN
    assert diagnose(config + BENIGN).diagnosis.rule_id == "LD-REQ-102"
    # The rules' patterns read it next to other text too (LD-REQ-102's evidence); the estimate does not.
    asked = "Why is this printed on every call?\n" + BENIGN
    assert set_aside(asked, config=False) == asked
    assert set_aside(asked) == "Why is this printed on every call?"
    assert diagnose(asked).diagnosis.rule_id == "LD-REQ-102"
