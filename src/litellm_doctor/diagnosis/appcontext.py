"""What the apps in front of LiteLLM, and LiteLLM's debug logger, print while a request goes well.

Pasted above (or below) an error, these lines are context: OpenHands' INFO records (the runtime starting, the
agent's state), open-webui's request log (its own INFO records and uvicorn's access lines; the proxy's own
uvicorn access lines for requests that succeeded), dspy's optimizer progress (its INFO records, MIPROv2's
steps, tqdm bars), crewAI's progress (the `# Agent:` line with its `## Task:` or step sections, the crew tree,
the start panels), and LiteLLM's routine DEBUG records (routing, the deployment selected, the params, the cost
calculation, `Logging Details`). Their words (`runtime`, `container`, `deployments`,
`cooldown`, `cost`, `callback`) moved the estimate (tests/corpus/variants.py, HOLDOUT_EVAL.md eighth pass).

Each shape is recognised by the exact format the tool prints (the file and function are named at each
pattern), and a line whose free text looks like an error is never set aside (`ERRORISH`): an INFO record
saying "Error parsing JSON response", an access line with status 502, LiteLLM's "No deployment available" or
`litellm.acompletion(model=x) Exception ...` all stay, as does every WARNING/ERROR record and every wrapper that
carries the error (crewAI's `❌ LLM Error` panel, dspy's `Error for Example(...)`, OpenHands' `Error while
running the agent`). `context_spans` returns the line ranges; pastedcontext.set_aside drops them.
"""

from __future__ import annotations

from .pastedconfig import rx

# A status in free text: an integer 4xx/5xx, not a measurement that happens to start so (forty-fourth pass: LiteLLM's
# health-check records carry `rss_mb=412.7`, a timing reads `took 404.2 ms`). Not followed by `.digit` or a unit,
# not after a digit and `.`/`,`/`:` (a decimal's fraction, a log time's milliseconds `15:11:27,404`), and after
# `=` only as a status's or a code's value (`status=404`, `status_code=429`, `code=500`), not `rss_mb=412`.
STATUS_IN_TEXT = (
    r"(?:(?<![=\w])(?<!\d[.,:])|(?i:status|code)=)[45]\d\d\b"
    r"(?!\.\d|\s?(?:ms|us|[kKMG]i?B|mb|kb|bytes|tokens)\b|%)"
)
# Free text that may be (part of) the error: kept wherever it is. LiteLLM's health check reports failed deployments
# as a count (`unhealthy_count=2`, `1 healthy and 3 unhealthy endpoints`), with no error word: a count above 0 is one.
ERRORISH = (
    r"(?:Error|Exception|Traceback|Timeout)\b|" + STATUS_IN_TEXT + r"|(?i:error|failed|denied|refused)"
    r"|unhealthy_count=[1-9]|\b[1-9]\d* unhealthy\b"
)
# A WARNING that names a refusal or a limit without an error word (`... timed out after 30s`, `denying tools`, `could
# not ...`) may be a request's failure: the failure words of LD-REQ-345's vetoes, plus `deny`/`denying` and `rejected`,
# keep it read (estimate.quiet_lines, logrecords.calm; forty-eighth pass).
WARNING_FAILURE_WORDS = (
    r"(?i)\b(?:fail(?:ed|ure|s|ing)?|error|refused|timed? ?out|den(?:y|ying|ied)|rejected|invalid|unauthori[sz]ed"
    r"|forbidden|exceeded|unavailable|overloaded|not found|unable|cannot|could not|couldn't|retry(?:ing)?"
    r"|unsuccessful(?:ly)?|expired)\b"
)


def reports_no_failure(words: str, warning: bool) -> bool:
    """Whether a log line's or record's words name no failure: no error word (ERRORISH), and for a WARNING none of
    the WARNING_FAILURE_WORDS either (estimate.quiet_lines, logrecords.calm)."""
    return not rx(ERRORISH).search(words) and not (warning and rx(WARNING_FAILURE_WORDS).search(words))


# A record LiteLLM prints in a fixed wording is context unless it quotes an exception.
_QUOTES_EXCEPTION = r"\w(?:Error|Exception)\b|Traceback"

# Log records at INFO/DEBUG whose message is free text (kept when it looks like an error).
_APP_RECORD = (
    # OpenHands (openhands/core/logger.py): '%(asctime)s - %(name)s:%(levelname)s: %(filename)s:%(lineno)s -
    # %(message)s', datefmt '%H:%M:%S'.
    r"^\d\d:\d\d:\d\d - openhands:(?:INFO|DEBUG): [\w.]+\.py:\d+ -(?: (?P<oh>.*))?$"
    # open-webui (open_webui/utils/logger.py stdout_format, loguru): '{time:YYYY-MM-DD HH:mm:ss.SSS} |
    # {level: <8} | {name}:{function}:{line} - {message}', its own records and uvicorn's access records.
    r"|^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \| (?:INFO|DEBUG) +\| (?:open_webui|uvicorn)[\w.]*:\w+:\d+ - (?P<ow>.*)$"
    # dspy (dspy/utils/logging_utils.py): '%(asctime)s %(levelname)s %(name)s: %(message)s', datefmt
    # '%Y/%m/%d %H:%M:%S'.
    r"|^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d (?:INFO|DEBUG) dspy[\w.]*:(?: (?P<ds>.*))?$"
)
# uvicorn's access record (uvicorn/logging.py AccessFormatter, '%(levelprefix)s %(client_addr)s -
# "%(request_line)s" %(status_code)s'), as LiteLLM's proxy and open-webui before loguru print it: a request
# that succeeded. A 4xx/5xx one is evidence and stays.
_ACCESS_OK = r'^INFO: +\S+ - "[A-Z]+ \S+ HTTP/[\d.]+" [23]\d\d(?: [A-Za-z][\w \-]*)?\s*$'
# OpenHands' AgentController.set_agent_state_to: a state name, not a cause, even when the state is ERROR.
_AGENT_STATE = r"^(?:\[Agent Controller \S+\] )?Setting agent\(\w+\) state from AgentState\.\w+ to AgentState\.\w+\s*$"

# LiteLLM's logger (litellm/_logging.py): '%(asctime)s - %(name)s:%(levelname)s: %(filename)s:%(lineno)s -
# %(message)s', datefmt '%H:%M:%S'. Only the routine messages below are context (LiteLLM 1.103.0, file:line):
# an INFO "No deployment available" or a router line with `Exception` is the failure.
_LITELLM_RECORD = r"^\d\d:\d\d:\d\d - LiteLLM(?: Router| Proxy)?:(?:DEBUG|INFO): [\w.]+\.py:\d+ -(?: (?P<m>.*))?$"
_LITELLM_ROUTINE = (
    r"^(?:\s*$"  # the header of a record whose message starts on the next line (its last space may be cut)
    r"|Routing strategy: [\w-]+\s*$"  # router.py:1403
    r"|Inside async function with retries\.$"  # router.py:7526
    r"|async function w/ retries: original_function - .*, num_retries - \d+$"  # router.py:7550
    r"|routing_group=\S+ model=\S+ strategy=\S+$"  # router.py:1712
    r"|router\.a?\w+\(model=[^,]*,\.\.\)$"  # router.py:2449
    r"|initial list of deployments: |healthy_deployments after [\w ]+ filter: "  # router.py:12583, 12725
    r"|retrieve cooldown models: |cooldown deployments: "  # cooldown_handlers.py:503, router.py:14143
    r"|get_available_deployment for model: .*, Selected deployment: "  # router.py:13080, 13966
    r"|Selected deployment for model \S+: "  # router_strategy/simple_shuffle.py:65
    r"|A?SYNC kwargs\[caching\]: "  # utils.py
    r"|(?:self\.optional_params|Final returned optional params): "  # litellm_logging.py:856, utils.py
    r"|Removing thought signatures from tool call IDs "  # utils.py:1094
    r"|🔄 NO SHARED SESSION: "  # main.py:555
    r"|checking potential_model_names in litellm\.model_cost: |added/updated model=\S+ in litellm\.model_cost: "
    r"|selected model name for cost calculation: "  # cost_calculator.py:1384
    r"|response_cost: (?:[\d.e+-]+|None)\s*$"  # litellm_logging.py:1839
    r"|Filtered callbacks: "  # litellm_logging.py:3849
    r"|(?:Async )?Wrapper: Completed Call, calling (?:async_)?success_handler"  # utils.py
    r"|Logging Details(?: LiteLLM-(?:Success|Async Success|Failure) Call\b|: logger_fn - )"  # litellm_logging.py, exception_mapping_utils.py
    r"|Dynamically disabled callbacks from |Checking if .* is disabled via headers"  # callback_controls.py:37-38
    r"|UnifiedLLMGuardrails initialized with optional_params: "  # unified_guardrail.py:180
    r"|Router: Entering '\w+'$|checks 'should_run_cooldown_logic'$"  # router.py:8133, cooldown_handlers.py:435
    r"|Async Response: ModelResponse\("  # router.py:7441
    r"|litellm\.a?\w+\(model=[^)\s]*\)(?:\x1b\[\d+m)? 200 OK"  # router.py:3671, a call that succeeded
    r"|\[LoggingWorker\] |LoggingWorker cancelled during shutdown)"  # logging_worker.py
)
# The message of a LiteLLM record whose header line came first (utils.py:4382-4384, router.py:9374).
_LITELLM_NEXT_LINE = (
    r"^(?:LiteLLM completion\(\) model= \S+; provider = \S+"
    r"|LiteLLM: (?:Non-Default params|Params) passed to completion\(\) \{.*\}"
    r"|Initialized Model List \[.*\])\s*$"
)

# dspy's progress printed without a logger: MIPROv2's step banners (teleprompt/mipro_optimizer_v2.py),
# teleprompt/utils.py's `Bootstrapping set i/n`, and the tqdm bar of Evaluate / the parallelizer
# (utils/parallelizer.py set_description), whose format is tqdm's '{desc}: {percentage:3.0f}%|{bar}|
# {n_fmt}/{total_fmt} [{elapsed}<{remaining}, {rate_fmt}]'.
_PROGRESS_LINE = (
    r"^(?:==> STEP \d+: [A-Z ]+ <=="
    r"|Bootstrapping set \d+/\d+"
    r"|(?:(?:Average Metric: [\d.]+ / \d+ \([\d.]+%\)|Processed \d+ / \d+ examples): )?\s*\d{1,3}%\|[^|]*\| *\d+/\d+ \[[^\]]*\])\s*$"
)

# crewAI before 1.0 (crewai/utilities/agent_utils.py show_agent_logs): the agent's line, then its task (at the
# start) or its step (the LLM's thought, the tool, its json.dumps(indent=2) input and its output, or the final
# answer), each section's text on the lines under it.
_CREW_AGENT = r"^# Agent: \S.*$"
_CREW_SECTION = r"^## (?:Task|Thought|Using tool|Tool Input|Tool Output|Final Answer): ?"
# crewAI's crew tree (utilities/events/utils/console_formatter.py, rich Tree labels): a label line and the
# `Status:` / `Assigned to:` lines under it.
_CREW_TREE = (
    r"^[│ ]*(?:[├└]── )?(?:🚀 Crew: |📋 Task: |🤖 LiteAgent: |🌊 Flow: |🧠 Thinking\.\.\.)"
    r"|^ +(?:Status: (?:Executing Task\.\.\.|In Progress|✅ Completed|Completed)|Assigned to: \S.*)\s*$"
)
# crewAI's panels (events/utils/console_formatter.py print_panel, rich Panel): the top border carries the
# title. Only panels that report progress; an error panel (`❌ LLM Error`, `Crew Failure`) carries the error.
_PANEL_TOP = r"^╭─+ (?P<t>.+?) ─+╮\s*$"
_PANEL_BOTTOM = r"^╰─+╯\s*$"
_PROGRESS_PANELS = frozenset({
    "🚀 Crew Execution Started", "Crew Execution Started", "📋 Task Started", "Task Started", "🤖 Agent Started",
    "🤖 LiteAgent Started", "LiteAgent Started", "🌊 Flow Started", "🌊 Flow Execution", "Flow Execution",
    "🔧 LLM Tool Usage", "✅ LLM Tool Completed", "🧠 Memory Retrieval", "🧠 Memory Retrieved", "🧠 Memory Save",
    "✅ Memory Saved", "🔍 Knowledge Retrieval", "📚 Knowledge Retrieved", "📚 Retrieved Knowledge",
    "🧠 Reasoning Plan", "Tool Output", "✅ Agent Final Answer", "📋 Task Completion", "Crew Completion",
    "✨ Update Available ✨", "Tracing Status",
})
_NUMBERED_PANEL = r"^(?:🔧 Tool Execution Started|✅ Tool Execution Completed) \(#\d+\)$"
# crewAI 1.15.30 prints many more panels (events/utils/console_formatter.py: `🔄 Flow Method Running`,
# `⏳ Flow Paused`, `🛡️ Guardrail Check`, `🔌 MCP Connection`, `💬 A2A Turn #2`, `🧠 Reasoning (Attempt #2)`, ...),
# each titled with an emoji first; the failure panels name the failure in the title (`❌ LLM Error`, `📋 Task
# Failure`, `⚠️ Tool Failure (#3)`, `🛡️ Guardrail Failed`, `Training Failure`). A panel titled with an emoji
# and no failure word is progress too; its body is still checked line by line for an error.
_FAILURE_TITLE = r"❌|⚠|(?i:fail|error)"
_PANEL_EMOJI = 0x2190  # the first code point of the arrows, symbols and emoji blocks crewAI's titles start with
_MORE_PROGRESS_PANELS = frozenset({"Crew Execution", "Test Completion", "Training Started", "Training Completed",
                                   "Yanked Version"})
# A panel is followed to its bottom border within this many lines.
_MAX_PANEL_LINES = 80

# dspy 3.x's lm15 errors, which dspy raises from LiteLLM's (dspy==3.4.1 clients/engines/litellm_errors.py:120-125
# `raise mapped from exc`), end their message with advice (_vendor/lm15/errors.py:283-290, 307-313, 349-356,
# 401-409: "\n\n  To fix:\n    - Check that your API key is correct ...", "- Wait a moment and retry", "- Use a
# model with a larger context window"): dspy's words about what to try, not the failure's.
_DSPY_ADVICE = r"^    - \S"

# Where any of the shapes above may start: the quick test pastedcontext runs before splitting the text.
QUICK = (
    r"^(?:\d\d:\d\d:\d\d - (?:openhands|LiteLLM)|\d{4}(?:-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \| |/\d\d/\d\d \d\d:\d\d:\d\d )"
    r"|LiteLLM completion|LiteLLM: |Initialized Model List|==> STEP|Bootstrapping set|Average Metric: |Processed \d"
    r"|\s*\d{1,3}%\||# Agent: |🚀 Crew: |[│ ]*[├└]── |╭─|INFO: +\S+ - \"|  To fix:$)"
)


def _errorish(line: str) -> bool:
    return bool(rx(ERRORISH).search(line))


def _record_is_context(line: str) -> bool:
    """A log record of an app or of LiteLLM, or a progress line, that says nothing about a failure."""
    m = rx(_APP_RECORD).match(line)
    if m:
        message = m.group("oh") or m.group("ow") or m.group("ds") or ""
        return bool(rx(_AGENT_STATE).match(message)) or not _errorish(message)
    m = rx(_LITELLM_RECORD).match(line)
    if m:
        message = m.group("m") or ""
        return bool(rx(_LITELLM_ROUTINE).match(message)) and not rx(_QUOTES_EXCEPTION).search(message)
    if rx(_LITELLM_NEXT_LINE).match(line):
        return not rx(_QUOTES_EXCEPTION).search(line)
    return bool(rx(_PROGRESS_LINE).match(line) or rx(_ACCESS_OK).match(line))


def _progress_title(title: str) -> bool:
    """The title of one of crewAI's progress panels (not of a failure panel)."""
    if title in _PROGRESS_PANELS or title in _MORE_PROGRESS_PANELS or rx(_NUMBERED_PANEL).match(title):
        return True
    return ord(title[0]) >= _PANEL_EMOJI and not rx(_FAILURE_TITLE).search(title)


def _panel_end(lines: list[str], i: int) -> int | None:
    """The index after a progress panel opening at `i`, or None (not one, not closed, or its text looks
    like an error)."""
    m = rx(_PANEL_TOP).match(lines[i])
    if not m or not _progress_title(m.group("t")):
        return None
    for j in range(i + 1, min(len(lines), i + _MAX_PANEL_LINES)):
        if rx(_PANEL_BOTTOM).match(lines[j]):
            return j + 1
        if _errorish(lines[j]):
            return None
    return None


def _crew_sections_end(lines: list[str], i: int) -> int:
    """The index after the `## ...:` sections that follow a crewAI `# Agent:` line at `i`: each runs over
    the lines under it to the next section or a blank line, and stops at a line that looks like an error
    (a tool's output can be one), which stays with all after it."""
    j = i
    while j < len(lines) and rx(_CREW_SECTION).match(lines[j]) and not _errorish(lines[j]):
        j += 1
        while (j < len(lines) and lines[j].strip() and not rx(_CREW_SECTION).match(lines[j])
               and not _errorish(lines[j])):
            j += 1
        if j < len(lines) and lines[j].strip() and _errorish(lines[j]):
            break
    return j


def context_spans(lines: list[str]) -> list[tuple[int, int]]:
    """The line ranges of the apps' and LiteLLM's progress output (module docstring)."""
    spans = []
    i = 0
    while i < len(lines):
        line = lines[i]
        end = _panel_end(lines, i) if line.startswith("╭") else None
        if end is not None:
            spans.append((i, end))
            i = end
            continue
        if line == "  To fix:" and i + 1 < len(lines) and rx(_DSPY_ADVICE).match(lines[i + 1]):
            end = i + 1
            while end < len(lines) and rx(_DSPY_ADVICE).match(lines[end]):
                end += 1
            spans.append((i, end))
            i = end
            continue
        if rx(_CREW_AGENT).match(line) and not _errorish(line):
            end = _crew_sections_end(lines, i + 1)
            spans.append((i, end))
            i = end
            continue
        if (rx(_CREW_TREE).match(line) and not _errorish(line)) or _record_is_context(line):
            spans.append((i, i + 1))
        i += 1
    return spans
