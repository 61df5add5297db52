"""Classify an error text with the rule library.

Every rule is tried; the winner is the matching rule with the highest priority (the most specific
shape), ties going to the rule that matched earliest in the text, because in a chain of errors the
first one is usually the cause. One finding is reported per category seen, so a cooldown symptom
comes with the 401 that caused it when both are in the text.
"""

from __future__ import annotations

import re
from collections import namedtuple

from .agree import agree_with_facts
from .factvalues import usable
from .pastedcontext import error_facts, set_aside
from ..model import Diagnosis, Finding, Report
from ..regexcache import rx
from .rulebook import Library, Rule
from .textinput import APP_CUT_NOTE, ErrorText

# A rival of another category this close in priority makes the verdict less certain.
_RIVAL_PRIORITY_GAP = 10
_RIVAL_PENALTY = 0.75
# A rule's confidence when the app showed only the start of the error (textinput.APP_CUT_NOTE, fifty-second pass:
# opencode's and Kilo's retry line): the words that decide may be in the part not pasted. On the fifty-second pass's
# cut lines the rules were right 164 of 180 times (91 %, 8 of the 16 wrong at 0.90): under the 95 % that 0.8 stands
# for. (Tuned on those lines.)
APP_CUT_MAX = 0.75
# A `bare` rule's confidence on a text with no sign of the LLM request (`_LLM_SIGN`): a refused connection, an
# unresolved host or "Invalid API key" alone does not say whose connection or key failed, and tracers, metrics
# clients and app back ends print the same words. Over 38 mined batches scored untouched, 11 of the 13 wrong answers
# at >= 0.8 were such rules on an observability client's errors (batches 28, 30, 37; HOLDOUT_EVAL.md,
# hundred-and-forty-first pass); with the vetoes written since, none of the labelled texts is wrong there today,
# and the 28 right ones without a sign are honestly less sure.
UNSIGNED_MAX = 0.75
# A `bare` rule also gives way, wherever it stands, to the rule of an observability client failing to deliver its data
# (a tracer's, a metrics client's, an experiment tracker's: LD-REQ-630's shape, "failed to export spans", "Failed to
# send steps", ...): the refused connection, the unresolved host or the invalid key is then the client's, not the LLM
# request's. Why one rule's match and not a veto in each rule: the same regex was copied into the `none` of the five
# bare rules (hundred-and-thirtieth and hundred-and-thirty-eighth passes), and each batch that widened LD-REQ-630 had
# to widen five copies too; the set of rules it guards is the set marked `bare`, so the mark says it. LD-REQ-630's own
# vetoes (the LLM request's failure in the same paste, a full queue) then decide for all of them (HOLDOUT_EVAL.md,
# hundred-and-forty-seventh pass). LD-REQ-730 is the same client's own key missing or refused ("Missing Langtrace API
# key", "AgentOps: Invalid API key"): the key is then the client's too (hundred-and-forty-third pass; its copies in
# LD-AUTH-001/009's `none` gave way to this, hundred-and-forty-ninth pass).
DELIVERY_RULES = frozenset({"LD-REQ-630", "LD-REQ-730"})
# (compiled only when a `bare` rule answers)
_LLM_SIGN = (
    r"(?i)\blitellm\b|\b(?:openai|anthropic|azure|bedrock|vertex(?:_ai|ai)?|gemini|ollama|vllm|groq|mistral|cohere"
    r"|deepseek|openrouter|together(?:_ai)?|huggingface|fireworks(?:_ai)?|xai|perplexity|sagemaker|watsonx|databricks)\b"
    r"|/chat/completions|/v1/(?:messages|completions|embeddings|responses|models)\b|\bapi_base\b|\bmodel\s*[=:]"
    r"|\bgpt-|\bclaude-|\bllama|:(?:4000|11434)\b|\bAPIConnectionError\b"
    # (hundred-and-forty-sixth pass) the LLM SDKs' time-out class, as LD-TIME-760 reads it under an app's wrapper
    r"|\bAPI(?:Connection)?TimeoutError\b"
)
# The confidence that promises 95 % right (issue #9). An answer at or over it must also pass `_unconfirmed`.
CONFIDENT = 0.8
# Below this probability of the rule's category the estimate, reading the whole text, disagrees with the rule.
ESTIMATE_DISAGREES = 0.2
# Below this priority a rule is a broad net (rules/README.md bands): it may decide when nothing better
# matched, but it does not add an "also in this text" finding beside a precise diagnosis.
_SECONDARY_MIN_PRIORITY = 50
# Not after `%`: curl's `-w '%{http_code}'` is a format the reader types as is, not a fact to fill.
_PLACEHOLDER = rx(r"(?<!%)\{([a-z][a-z0-9_]*)\}")
# What to give instead (forty-eighth pass): the failed request's own line, or the whole log (`diagnose --log`
# finds the failures in it).
NEXT_STEP = ("; paste the failed request's ERROR line or traceback, or run `litellm-doctor diagnose --log FILE` "
             "on the whole log")
QUIET_NOTE = "the JSON log records given hold no error (INFO/DEBUG records, no error field): nothing to diagnose" + NEXT_STEP
QUIET_LINES_NOTE = ("the log lines given report no failure (INFO/DEBUG lines, or WARNINGs that say in their own words "
                    "what LiteLLM did instead; no error word): no failure to diagnose" + NEXT_STEP)
# (ninety-fourth pass) A file or a command's output given as the error: `--error-file /etc/passwd` was estimated
# `deployment` 0.79. It gets `unknown` (estimate.document_cut, read once by estimate.guess), saying why.
DOCUMENT_NOTE = ("the text does not look like an error (many lines, few or none with an exception, a status or an "
                 "error word: a file or a command's output?): no failure to diagnose" + NEXT_STEP)
# The subcategory of the rules for lines that report nothing to fix (LiteLLM's own log noise).
NOISE = "benign_log_noise"
# The start of a log record: LiteLLM's header (`08:32:34 - LiteLLM:WARNING: `, with a date or not), uvicorn's level
# (`WARNING:  `), or a JSON log record.
_RECORD_HEAD = rx(r"\s*(?:(?:\d{4}-\d\d-\d\d[T ])?\d\d:\d\d:\d\d[.,\d]* - |(?:INFO|WARNING|ERROR|CRITICAL|DEBUG):|\{\")")
# Time one user rule (--rules-dir) may take on one text before it is skipped.
USER_RULE_BUDGET = 0.25


class _OverBudget(Exception):
    pass


def _on_alarm(*_args) -> None:
    raise _OverBudget


class _NoBudget:
    """contextlib.nullcontext(): contextlib (with the abc classes it makes) was ~2.3 M instructions of a pasted error's
    run, which needs nothing else of it."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, *_exc: object) -> None:
        return None


_NO_BUDGET = _NoBudget()


def _budget(rule: Rule):
    """Interrupt a user rule's regexes after USER_RULE_BUDGET seconds. `re` checks for signals while
    it backtracks, so a timer works; it needs the main thread and SIGALRM (elsewhere: no budget).
    A built-in rule gets a shared no-op context (no generator to make: this runs for every rule)."""
    if rule.trusted:
        return _NO_BUDGET
    # Imported here: only a --rules-dir rule runs under a budget, and the two imports were ~3 ms of every
    # cold pasted error's run.
    import signal
    import threading

    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return _NO_BUDGET
    return _timed()


class _timed:  # noqa: N801 - was a @contextmanager function (see _NoBudget)
    """SIGALRM after USER_RULE_BUDGET seconds, for the time of a `with`."""

    def __enter__(self) -> None:
        import signal

        self._previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, USER_RULE_BUDGET)

    def __exit__(self, *_exc: object) -> None:
        import signal

        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self._previous)


# A rule that matched: the Rule, where it matched, its facts, the evidence line. A named tuple, not a frozen
# dataclass: as immutable, ~8x cheaper to create (see rulebook.Example).
Match = namedtuple("Match", "rule position facts evidence")


def _line(text: str, position: int) -> str:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return text[start: end if end >= 0 else len(text)]


def _past_noise(text: str, matches: list[Match]) -> tuple[Match, list[Match]]:
    """The answer when the winning rule is LiteLLM's log noise: a rule with something to fix that matched another log
    record of the paste (a line with its own log header, which the noise rule does not read as noise: not the noise
    line itself, nor its wrapped lines joined), else the noise. The noise stays a finding of its own."""
    noise = matches[0]
    if not _RECORD_HEAD.match(_line(text, noise.position)):
        return noise, matches
    for m in matches[1:]:
        if m.rule.subcategory == NOISE or m.rule.priority < _SECONDARY_MIN_PRIORITY:
            continue
        line = _line(text, m.position)
        if _RECORD_HEAD.match(line) and not match_rules(line, (noise.rule,)):
            return m, [m, *(other for other in matches if other is not m)]
    return noise, matches


def _evidence(text: str, position: int) -> str:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    line = text[start : end if end >= 0 else len(text)].strip()
    return line if len(line) <= 300 else line[:297] + "..."


# What a step says where a fact is missing: words in prose, a name in a command or a config line.
_MISSING_WORDS = {
    "model_group": "the model group named in the error",
    "model": "the model named in the error",
    "api_base": "the deployment's api_base",
    "provider": "the provider",
    "env_var": "the provider's key variable",
    "timeout": "the timeout that fired",
    "deployment_timeout": "the deployment's timeout",
    "limit": "the limit",
    "limit_value": "the limit's value",
    "retry_after": "the number of seconds the error gives",
    "deployment_id": "the deployment id in the error",
    "spend": "the spend so far",
    "exception": "the exception class",
    "setting": "the setting",
    "descriptor": "the limited key, user or team",
    "rate_limit_type": "the limit type",
}
_MISSING_NAMES = {"api_base": "API_BASE", "env_var": "PROVIDER_API_KEY", "deployment_id": "DEPLOYMENT_ID"}
_DOUBLED_THE = rx(r"\b([Tt]he) the\b")
_CODE_SPAN = rx(r"`[^`\n]*`")
# "(here: {x})", "({provider})", "(now {limit_value})": a short aside that only quotes a fact.
_ASIDE = rx(r" ?\((?:[^()`]{0,24}?)\{([a-z][a-z0-9_]*)\}(?:[^()`]{0,24}?)\)")
# (a command, quoted for the shell by fill: `litellm --config {config_file}` too, which a probe fills with the config's path)
_SHELL = rx(r"^`(?:curl|docker|kubectl|ollama|echo|export|printenv|gcloud|aws)\b|^`litellm(?:-doctor)? |\$[A-Z]")


# Wordings that read badly with the words for a missing fact: rewritten first (group 1 is the fact).
_WHEN_MISSING = (
    (rx(r"\bthe next \{(retry_after)\} (?:seconds|s)\b"), "the next seconds"),
    (rx(r"\{(retry_after)\} (?:seconds|s)\b"), "as long as the error says"),
    (rx(r"(?:\bthe )?`?\{(model_group)\}`? deployment\b"), "the deployment of the model group named in the error"),
    (rx(r"(?:\bthe )?\bmodel group `?\{(model_group)\}`?"), "the model group named in the error"),
    (rx(r"(?:\bthe )?\bmodel `?\{(model)\}`?(?!`)"), "the model named in the error"),
    (rx(r"(?:\bthe )?`?\{(provider)\}`? console"), "the provider's console"),
    (rx(r",? here:? `?\{([a-z_]+)\}`?(?: s\b)?"), ""),
    (rx(r"(?<=\()\{([a-z_]+)\}, (?=e\.g\.)"), ""),
    (rx(r"\{(limit_value)\} "), ""),
    (rx(r"\{(limit)\} (?=limit)"), ""),
    (rx(r" \{(setting)\}"), ""),
)


# The endpoint paths an OpenAI-compatible URL ends with (compiled on first use, by re's cache).
_ENDPOINT_TAIL = r"/(?:chat/completions|completions|embeddings|messages|responses|models|images/generations|audio/[a-z]+)/?(?:\?\S*)?$"


def missing_words(name: str) -> str:
    return _MISSING_WORDS.get(name, "the " + name.replace("_", " ") + " named in the error")


_SHELL_WORD = rx(r"[A-Za-z0-9_@%+=:,./~\-]+")


def _shell_quoted(value: str, before: str) -> str:
    """A value from the error text (an api_base, a model name) placed in a command the reader will paste into a shell,
    quoted for where it stands in it (`before`: the command up to it): bare, inside `"…"` or inside `'…'`. Raw, an
    api_base of `http://x/;touch${IFS}f;#` ran `touch f` in that shell (review21). Inside a JSON string of a
    single-quoted body (`-d '{"models": ["{model}"]}'`) it is escaped as JSON first: a model group of
    `x"], "models": ["*` gave the key every model when the command was run."""
    single = double = escaped = False
    for c in before:
        if escaped:
            escaped = False
        elif c == "\\" and not single:
            escaped = True
        elif c == "'" and not double:
            single = not single
        elif c == '"' and not single:
            double = not double
    if single:
        if before.endswith('"'):
            value = _json_inner(value)
        return value.replace("'", "'\\''")
    if double:
        return re.sub(r'([\\"$`])', r"\\\1", value).replace("!", "\"'!'\"")
    if _SHELL_WORD.fullmatch(value):
        return value
    return "'" + value.replace("'", "'\"'\"'") + "'"


def _json_inner(value: str) -> str:
    """`value` as the inside of a JSON (or Python, or YAML double-quoted) string: `"`, `\\` and control characters
    escaped."""
    import json

    return json.dumps(value, ensure_ascii=False)[1:-1]


# A value that reads as itself bare in a config line, a YAML or JSON flow or a Python call: a model name
# (`bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0`), a URL, a variable's name. Anything else is written as a
# double-quoted string there.
_PLAIN_CODE_VALUE = rx(r"[A-Za-z0-9_./~][A-Za-z0-9_@%+=./~:\-]*(?<!:)")


def _code_quoted(value: str, before: str, whole: bool) -> str:
    """A value from the error text placed in a code span that is no shell command: a config line (`model_name:
    {model_group}`), a YAML or JSON flow (`fallbacks: [{"{model_group}": [...]}]`), a Python call
    (`litellm.completion(model="{model}")`). Inside `"…"` it is escaped as a JSON string's inside (valid in all three);
    bare, a value that would not read as itself is written as a double-quoted string. Raw, a pasted model group
    `x", api_base="http://evil` made the printed Python call send the request elsewhere, and `x: y #z` changed the
    config line. `whole`: the span is the value alone (a name quoted in prose), shown as it is."""
    if whole:
        return value
    if before.endswith('"'):
        return _json_inner(value)
    if _PLAIN_CODE_VALUE.fullmatch(value):
        return value
    return f'"{_json_inner(value)}"'


def code_value(value: str) -> str:
    """`value` bare in a config line or a YAML / JSON flow when it reads as itself there, else as a double-quoted
    string (for the config's own values placed in a snippet, as `fill` places the paste's)."""
    return _code_quoted(value, "", False)


_BACKTICK_RUN = rx(r"`+")


def _fenced(code: str) -> str:
    """A filled code span (`` `…` ``) whose value brought a backtick in: fenced with a longer run of backticks, as
    CommonMark reads it, so the value's backtick cannot end the span (`ollama pull 'x`id`'` rendered `id` as prose
    and the command as two halves)."""
    inner = code[1:-1]
    if "`" not in inner:
        return code
    fence = "`" * (max(len(m.group()) for m in _BACKTICK_RUN.finditer(inner)) + 1)
    return f"{fence} {inner} {fence}"


def _missing_name(name: str, shell: bool) -> str:
    upper = _MISSING_NAMES.get(name, name.upper())
    return f"${upper}" if shell else upper


# fill's answers in this process, by (template, facts): a pure function of both, asked again and again for the same
# pair (a diagnosis's title is its first finding's title and message; a log triage fills each group's texts when it
# classifies the group and again when it renders it: 226 calls for 95 distinct pairs on the benchmark's log, 2026-12-07).
# Bounded: a long `watch` starts it again.
_FILLED: dict[tuple, str] = {}
_FILLED_MAX = 4096


def fill(template: str, facts: dict[str, str]) -> str:
    """Fill `{fact}` placeholders. A missing (or null) fact never leaves a hole: an aside that only
    quoted it is dropped, a code span alone gets words ("the model group named in the error"), and a
    command or config line gets a NAME (`$NAME` in a shell command) the reader recognises as theirs."""
    if "{" not in template:
        # No placeholder: every pattern below needs one (`{name}`), except the doubled "the".
        return _DOUBLED_THE.sub(r"\1", template)
    try:
        key = (template, *facts.items())
        filled = _FILLED.get(key)
    except TypeError:  # a fact that is no string (unhashable): filled each time
        return _fill(template, facts)
    if filled is None:
        if len(_FILLED) >= _FILLED_MAX:
            _FILLED.clear()
        filled = _FILLED[key] = _fill(template, facts)
    return filled


def _fill(template: str, facts: dict[str, str]) -> str:
    values = usable(facts)
    if "{api_base}/" in template and (base := values.get("api_base")):
        # An api_base read from a URL in the text is often the whole endpoint (`…/v1/chat/completions`):
        # a step that appends a path (`{api_base}/models`) appends it to the root, never to the endpoint.
        root = re.sub(_ENDPOINT_TAIL, "", base)
        if root and "{" not in root:  # (filled as a value, so a command quotes it: _shell_quoted)
            values = {**values, "api_base_root": root}
            template = template.replace("{api_base}/", "{api_base_root}/")

    def known(m: re.Match[str]) -> bool:
        return m.group(1) in values

    def aside(m: re.Match[str]) -> str:
        return m.group(0) if known(m) else ""

    def in_code(span: re.Match[str]) -> str:
        code = span.group(0)
        only = _PLACEHOLDER.fullmatch(code[1:-1])
        if only and only.group(1) not in values:
            return missing_words(only.group(1))
        shell = bool(_SHELL.search(code))
        if shell:
            return _fenced(_PLACEHOLDER.sub(
                lambda m: _shell_quoted(values[m.group(1)], code[1:m.start()]) if values.get(m.group(1))
                else _missing_name(m.group(1), True), code))
        return _fenced(_PLACEHOLDER.sub(
            lambda m: _code_quoted(values[m.group(1)], code[1:m.start()], bool(only)) if values.get(m.group(1))
            else _missing_name(m.group(1), shell), code))

    text = template
    for pattern, words in _WHEN_MISSING:
        text = pattern.sub(lambda m, words=words: m.group(0) if m.group(1) in values else words, text)
    text = _ASIDE.sub(aside, text)
    text = _CODE_SPAN.sub(in_code, text)
    text = _PLACEHOLDER.sub(lambda m: values.get(m.group(1)) or missing_words(m.group(1)), text)
    return _DOUBLED_THE.sub(r"\1", text)


def describe(template: str) -> str:
    """A rule text as read with no fact known: for `rules list/show` and `check --explain`."""
    return fill(template, {})


def match_rules(text: str, rules: tuple[Rule, ...] | Library, skipped: list[str] | None = None) -> list[Match]:
    """Every rule that matches `text`, best first. User rules over their time budget are left out and
    their ids appended to `skipped`. The rules read the text without an app's banner or a request dump
    pasted around the error (pastedcontext.py: the user's prompt and model names are not the failure),
    and a pasted config and the apps' progress output are read too (an `os.environ/` reference is evidence
    for a missing key; LiteLLM's INFO lines of a call that succeeded are LD-REQ-102's evidence). The
    vetoes read the error without any of that context: what vetoes a rule is another cause shown by the
    failure, and a config's `timeout: 120` or `api_key:` line is not one (`none_anywhere` reads it all)."""
    matches = []
    error_part = set_aside(text)  # the same call as the facts' and the estimate's (cached)
    text = set_aside(text, config=False)
    lowered = text.lower()
    veto_text, veto_lowered = (None, None) if error_part is text else (error_part, error_part.lower())
    # A Library (rulebook.py) names the rules that can match from their literals: the others are never made.
    for rule in rules.candidates(text, lowered) if isinstance(rules, Library) else rules:
        try:
            with _budget(rule):
                position = rule.search(text, lowered, veto_text, veto_lowered)
                if position is None:
                    continue
                captured = {}
                for name, pattern in rule.facts:
                    m = pattern.search(text, lowered)
                    if m and m.group(name):
                        captured[name] = m.group(name).strip()
        except _OverBudget:
            if skipped is not None:
                skipped.append(rule.id)
            continue
        matches.append(Match(rule, position, captured, _evidence(text, position)))
    if any(m.rule.id in DELIVERY_RULES for m in matches):
        matches = [m for m in matches if not m.rule.bare]  # (DELIVERY_RULES says why)
    matches.sort(key=lambda m: (-m.rule.priority, m.position, m.rule.id))
    return matches


# Rules with their texts (Rule.complete: the index opened, the rule's bytes read and decoded, the rule copied), once per
# rule in this process: by id, with the rule itself kept so that the id stays its own. (A log triage completed a rule
# three times, and a rule of two groups more: 46 calls for 15 groups on the benchmark's log, 2026-12-07.)
_COMPLETED: dict[int, tuple[Rule, Rule]] = {}
_COMPLETED_MAX = 2048


def completed(rule: Rule) -> Rule:
    """`rule.complete()`, read once."""
    if rule.details_at is None:
        return rule
    entry = _COMPLETED.get(id(rule))
    if entry is None or entry[0] is not rule:
        if len(_COMPLETED) >= _COMPLETED_MAX:
            _COMPLETED.clear()
        entry = _COMPLETED[id(rule)] = (rule, rule.complete())
    return entry[1]


def finding_for(match: Match, facts: dict[str, str], message: str | None = None) -> Finding:
    merged = {**facts, **match.facts}
    rule = completed(match.rule)
    return Finding(
        rule_id=rule.id,
        category=rule.category,
        severity=rule.severity,
        title=fill(rule.title, merged),
        message=message or fill(rule.title, merged),
        steps=tuple(agree_with_facts(fill(step, merged), merged) for step in rule.steps),
        docs=rule.docs,
        evidence=match.evidence,
    )


_FIRST_ERROR_LINE = rx(r"(?i)error|exception|failed|denied|refused")


def _estimated(command: str, error: ErrorText, facts: dict[str, str], notes: tuple[str, ...]) -> Report | None:
    """The report of a best estimate (diagnosis/estimate.py), or None when the text shows too little. Log
    lines at INFO/DEBUG/WARNING with no error word show no failure: `unknown`, saying so (as for JSON records)."""
    from . import estimate  # deferred: its data file is read only when no rule matched

    if error.calm or estimate.quiet_lines(error.text):
        return Report(command=command, category="unknown", diagnosis=None, facts=facts, notes=notes + (QUIET_LINES_NOTE,))
    guess = estimate.guess(error.text, facts, json_fields=error.json_fields)
    if guess.answer is None:
        if guess.not_an_error:
            return Report(command=command, category="unknown", diagnosis=None, facts=facts, notes=notes + (DOCUMENT_NOTE,))
        return None
    read = set_aside(error.text)  # the evidence line is the error's, not a pasted prompt's or config's
    first = _FIRST_ERROR_LINE.search(read)
    diagnosis, finding = estimate.estimate_diagnosis(*guess.answer, _evidence(read, first.start() if first else 0))
    return Report(command=command, category=diagnosis.category, diagnosis=diagnosis, facts=facts,
                  findings=(finding,), notes=notes)


def _unconfirmed(rule: Rule, error: ErrorText, facts: dict[str, str]) -> bool:
    """Whether a confident rule answer lacks what confident answers had on texts nobody tuned for (HOLDOUT_EVAL.md,
    hundred-and-fifty-eighth pass: over mined batches 1-47 scored untouched, 225/244 = 92.2 % right at >= 0.8; with
    this, chosen on batches 1-30, 50/52 on batches 31-47 and 103/108 batch by batch, each on the batches before it):
    - the rule's own words are shared: its positive patterns match labelled texts of another category (the estimate
      model's `shared_shapes`, counted by train_estimate.py on every labelled text), so only its vetoes keep those
      out, and the text shows no sign of the LLM request (`_LLM_SIGN`): an unseen client printing the same words
      is not vetoed (`bare` marks such rules by hand; this measures it);
    - or the estimate, reading the whole text where the rule read one phrase, gives the rule's category less than
      ESTIMATE_DISAGREES (a wrapper's words over another failure, a warning that only mentions a model).
    Reads the estimate's model, so only for an answer that would otherwise stand at >= CONFIDENT."""
    from . import estimate  # deferred: only a confident rule answer needs it

    model = estimate._model()
    if model is None:
        return False
    if rule.id in model.get("shared_shapes", ()) and not rx(_LLM_SIGN).search(error.text):
        return True
    probs, _known = estimate.probabilities(estimate.error_features(error.text, error.json_fields, facts), model)
    return probs.get(rule.category, 1.0) < ESTIMATE_DISAGREES


def diagnose_text(error: ErrorText, rules: tuple[Rule, ...] | Library, command: str = "diagnose", *, estimate: bool = False) -> Report:
    """Classify with the rules; with `estimate`, a text no rule matches gets a marked best estimate."""
    base_facts = error_facts(error.text, error.json_fields)
    if error.pasted_exception and base_facts.get("exception"):
        # A fact says what the paste shows: the class pasted, and the one it was read as.
        base_facts["exception"] = f"{error.pasted_exception} (read as {base_facts['exception']})"
    if error.quiet:
        # JSON log records at INFO/DEBUG with no error in them: no rule or estimate reads a finding into them.
        return Report(command=command, category="unknown", diagnosis=None, facts=base_facts,
                      notes=error.notes + (QUIET_NOTE,))
    skipped: list[str] = []
    matches = match_rules(error.text, rules, skipped)
    notes = error.notes + tuple(
        f"user rule {rule_id} took longer than {USER_RULE_BUDGET} s on this text and was skipped "
        "(its regex backtracks: see rules/README.md)"
        for rule_id in skipped
    )
    if not matches:
        if estimate and (guessed := _estimated(command, error, base_facts, notes)) is not None:
            return guessed
        return Report(command=command, category="unknown", diagnosis=None, facts=base_facts, notes=notes)

    primary = matches[0]
    if primary.rule.subcategory == NOISE:
        primary, matches = _past_noise(error.text, matches)
    facts = {**base_facts, **primary.facts}
    confidence = primary.rule.confidence
    rival = next(
        # (a noise line is not a rival reading: it says nothing failed)
        (m for m in matches[1:] if m.rule.category != primary.rule.category and m.rule.priority >= _SECONDARY_MIN_PRIORITY
         and m.rule.subcategory != NOISE),
        None,
    )
    if rival and rival.rule.priority >= primary.rule.priority - _RIVAL_PRIORITY_GAP:
        confidence *= _RIVAL_PENALTY
    if APP_CUT_NOTE in error.notes:
        confidence = min(confidence, APP_CUT_MAX)
    if primary.rule.bare and not rx(_LLM_SIGN).search(error.text):
        confidence = min(confidence, UNSIGNED_MAX)
    if confidence >= CONFIDENT and _unconfirmed(primary.rule, error, base_facts):
        confidence = min(confidence, UNSIGNED_MAX)

    # One finding per category: the primary first, then the best rule of each other category seen.
    chosen = [primary]
    seen = {primary.rule.category}
    for m in matches[1:]:
        if m.rule.category not in seen and m.rule.priority >= _SECONDARY_MIN_PRIORITY:
            seen.add(m.rule.category)
            chosen.append(m)
    chosen = [m._replace(rule=completed(m.rule)) for m in chosen]  # their texts
    findings = [finding_for(m, facts) for m in chosen]

    rule = chosen[0].rule
    diagnosis = Diagnosis(
        rule_id=rule.id,
        name=rule.name,
        title=fill(rule.title, facts),
        category=rule.category,
        confidence=round(confidence, 2),
        why=fill(rule.why, facts),
        symptom=rule.symptom,
    )
    return Report(
        command=command,
        category=rule.category,
        diagnosis=diagnosis,
        facts=facts,
        findings=tuple(findings),
        notes=notes,
    )
