"""Group a log's failures by signature, classify each signature once, and link the ones that explain
each other.

Counting, so that counts are exact:

- a failed request is the proxy's one `_handle_llm_api_exception(): Exception occured` (or
  `user_api_key_auth(): Exception occured`) record, whatever else it logged: the Router's
  "Error occurred while trying to do fallbacks" line about the same request is an echo and is not
  counted again, nor is the access line with its status (which is attached to the record);
- a failed deployment call is the Router's INFO line `litellm.acompletion(model=…) Exception …`; a
  signature seen only there (a call rescued by a retry or a fallback) is a group of kind "call";
- any other ERROR/CRITICAL record, or a traceback outside a record, is one "log" failure (start-up
  crashes have no request); a WARNING is kept only when a rule recognises it;
- a 4xx/5xx access line with no error record before it is an "http" failure; a 5xx right after an
  ERROR record that is not a request's own (a crash in an endpoint) is that record's response.

Sequences: a symptom (a cooldown: "No deployments available") names, as its cause, the last
non-symptom failure of the same model group before it; a failed call followed by
"Falling back to model_group = X" records the fallback (and "Successful fallback" its success).
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Callable

from ..regexcache import rx
from ..diagnosis.classify import completed, diagnose_text, fill
from ..errors import InputError
from ..masking import mask
from ..model import SEVERITY_RANK, LogGroup, Report
from ..diagnosis.rulebook import Library, Rule
from ..diagnosis.textinput import read_error_text
from . import applines
from . import signature as sig
from .reader import PREFIX_TEXT, Record, _last_exception_line, decode, strip_ansi
from .warnbudget import WarningBudget, warning_kind

MAX_GROUPS = 2000  # distinct signatures kept; beyond, failures are counted in one overflow tally
MAX_WORDINGS = 5  # a group's note names its commonest wordings of one cause, and counts the others
MAX_NAMES = 50  # model groups / deployments listed per group
MAX_PENDING = 256
MAX_SHAPES = 4096  # record shapes remembered for Triage.repeat (bounded: a key is a first line and a reference)
# ... and the bytes of those first lines, in all: a log whose every failure has a new 30 KB first line (an id in it)
# kept each as a shape, 90 MB for a 91 MB log (review, 2026-12-06).
MAX_SHAPE_BYTES = 4 * 1024 * 1024
MAX_SCAN = 64 * 1024
LINK_WITHIN = 5  # records between an ERROR record and the 5xx access line that answers it
_ERROR_LEVELS = {"ERROR", "CRITICAL", "EXCEPTION", "FATAL"}
_FALLBACK = "Falling back to model_group"
# Rules that say something about the deployment's database, Prisma or Redis; and the words that must be
# on the failure's own line for such a claim.
_DEPLOYMENT_CLAIMS = (
    (rx(r"prisma"), rx(r"(?i)prisma")),
    (rx(r"redis"), rx(r"(?i)redis")),
    (rx(r"database|(?:^|-)db(?:-|$)"), rx(r"(?i)database|postgres|\bdb\b|\bP\d{4}\b")),
)
_FALLBACK_OK = "Successful fallback b/w models"


class _Group:
    """One signature's failures. A plain class, not a dataclass: making a dataclass is ~1 ms of every log's run (its
    methods written and compiled at import), and nothing compares or copies groups (they are told apart by identity).
    """

    __slots__ = ("signature", "index", "report", "example", "requests", "calls", "logs", "warnings", "http",
                 "first_seen", "last_seen", "model_groups", "deployments", "statuses", "causes", "fallbacks", "shown",
                 "fallback_ok", "wordings", "called", "base", "cut")

    def __init__(self, signature: str, index: int, report: Report, example: str, shown: str = "",
                 base: str | None = None) -> None:
        self.signature = signature
        self.index = index
        self.report = report
        self.example = example
        self.requests = self.calls = self.logs = self.warnings = self.http = 0
        self.first_seen: str | None = None
        self.last_seen: str | None = None
        self.model_groups: dict[str, None] = {}
        self.deployments: dict[str, None] = {}
        self.statuses: Counter = Counter()
        self.causes: Counter = Counter()
        self.fallbacks: Counter = Counter()
        # The signature as printed: computed from the masked message (the key is computed from the raw
        # one, and normalising first would turn `xoxb-123-456-…` into a shape no mask recognises).
        self.shown = shown
        self.fallback_ok = 0
        # A group of records whose first line hides the cause (`Connection error.`): how many records worded the cause
        # how (the traceback's first exception, normalised; "" for none shown). Two HTTP libraries word one cause two
        # ways (aiohttp's `ssl.SSLCertVerificationError: ...`, httpx's `httpcore.ConnectError: ...`): one group per
        # rule, and the wordings kept here.
        self.wordings: Counter = Counter()
        # Failed calls per deployment the Router's call line names (what a call group whose lines show no cause can say).
        self.called: Counter = Counter()
        # The signature without the cause, for a group of records whose first line hides it (None for the others).
        self.base = base
        # LiteLLM's truncation cut the first record's message itself (not only its traceback): _notes says so.
        self.cut = False

    def __repr__(self) -> str:
        return f"_Group({self.signature!r}, index={self.index}, category={self.category!r})"

    @property
    def symptom(self) -> bool:
        return bool(self.report.diagnosis and self.report.diagnosis.symptom)

    @property
    def category(self) -> str:
        return self.report.category


class Triage:
    """Feed records with `add`, then `groups()`."""

    def __init__(self, rules: tuple[Rule, ...] | Library) -> None:
        self.rules = rules
        # A Library (rulebook.matching_library) is looked up by id as it is: a dict of it would make every rule.
        self._rules_by_id = rules if isinstance(rules, Library) else {r.id: r for r in rules}
        self._groups: dict[str, _Group] = {}
        self.warning_budget = WarningBudget()  # which warnings no rule knows are read (warnbudget.py)
        self._pending: deque[_Group] = deque(maxlen=MAX_PENDING)
        # An ERROR record that is not a request's own (uvicorn's "Exception in ASGI application", an
        # endpoint's crash) answered with a 5xx a few records later: (group, record number).
        self._recent_error: tuple[_Group, int] | None = None
        self._last_cause: dict[str, _Group] = {}
        self._last_call: _Group | None = None
        self._last_fallback_src: _Group | None = None
        self._time: str | None = None
        self.overflow = 0
        self.records = 0
        self._by_id: dict[str, _Group] = {}
        # The live view (watch.py) is told of every counted failure: (group, role, record).
        self.on_count: Callable[[_Group, str, Record], None] | None = None
        # Record shapes (reader._request_shape, _access_shape) read once, and what counting a repeat takes (repeat):
        # for a failed request's record (group, model groups, cooldown ids); for an access line (None, status, HTTP
        # group key).
        self.shapes: dict[tuple, tuple] = {}
        # Records whose first line hides the cause: (signature without the cause, rule id) -> its group, and each
        # cause-keyed signature -> the group it was folded into (a second wording of a cause a group has).
        self._by_rule: dict[tuple[str, str | None], _Group] = {}
        self._folded: dict[str, _Group] = {}
        self._shape_bytes = 0

    # -- intake ----------------------------------------------------------------------------------------
    def add(self, record: Record) -> None:
        self.records += 1
        if record.time:
            self._time = record.time
        if record.access is not None:
            self._access(record)
            if record.shape is not None and self.on_count is None:
                self._remember(record, (None, record.access.group("status"), _http_key(record.access), None))
            return
        message = record.message
        if _FALLBACK in message:
            self._fallback(message)
            return
        if _FALLBACK_OK in message:
            if self._last_fallback_src is not None:
                self._last_fallback_src.fallback_ok += 1
            return
        hint, core = sig.core_message(message)
        level = record.level.upper()
        if hint == "log" and record.kind in ("app", "text", "json") and b"Traceback (most recent call last)" in record.raw[:MAX_SCAN]:
            # `logger.exception("call failed")`: the failure is the traceback's last line, not the words.
            last_hint, last_core = sig.core_message(_last_exception_line(record.text()))
            if last_hint == "sdk":
                hint, core = last_hint, last_core
        if hint == "echo":
            return  # the request's own record follows and is the one counted
        app = None
        if record.kind == "bare" or (record.kind == "app" and level in _ERROR_LEVELS):
            # LibreChat's / Continue's record of the proxy's answer, which may hold only the proxy's own words
            # (`429 No deployments available ...`): applines.py. A cn retry is one failed attempt, not a failure.
            eol = record.raw.find(b"\n")  # (the first line only: a bare record may carry a long traceback)
            app = applines.proxy_error(PREFIX_TEXT.sub("", decode(record.raw[: eol if eol >= 0 else len(record.raw)]), count=1))
        if app is not None:
            role = "call" if app.retry else "log"
            message = app.message
            hint, core = sig.core_message(message)
        elif record.kind == "app" and not sig.mentions_litellm(record.text()):
            return  # the application's own error, not LiteLLM's
        elif hint in ("request", "call"):
            role = hint
        elif level in _ERROR_LEVELS or record.kind in ("traceback", "bare"):
            role = "log"
            if record.kind == "traceback" and not sig.mentions_litellm(record.text()):
                return
        elif level == "WARNING":
            role = "warning"
        elif hint == "sdk" and record.kind in ("json", "app") and message.lstrip().startswith(core[:40]):
            role = "log"  # the SDK's exception logged by an application at INFO (or a shipper lost the level)
        else:
            return
        key = sig.signature(core)
        if not key:
            return
        cause = base = wording = None
        if sig.hides_cause(core):
            # `Connection error.` for a refused port, a DNS failure, a TLS failure or a reset: one group per cause the
            # record's traceback shows (and the group's rule from that record), one for the records that show none;
            # causes worded two ways that get one rule are one group (_new_group).
            cause = sig.chained_cause(record.text(), PREFIX_TEXT)
            base, key = key, sig.with_cause(key, cause)
            wording = key[len(base):]
        group = self._groups.get(key) or (self._folded.get(key) if base is not None else None)
        if group is None:
            if role == "warning" and self.warning_budget.known(key):
                return
            group = self._new_group(key, record, role, message, cause, base)
            if group is None:
                return
        if wording is not None:
            group.wordings[wording] += 1
        names, cooldown, exact = self._count(group, role, record, message, app is not None)
        if self.on_count is not None:
            self.on_count(group, role, record)
        elif record.shape is not None and role == "request" and exact and app is None:
            # A repeat of this record (the same bytes but for its time and call id) is the same failure of the same
            # group, on the same model groups: the shape's proof is in reader._request_shape.
            self._remember(record, (group, names, cooldown, wording))

    def _remember(self, record: Record, counted: tuple) -> None:
        """Keep a record's shape for its repeats (repeat), within MAX_SHAPES shapes and MAX_SHAPE_BYTES bytes (a shape
        holds the record's first line; its continuation lines are the reader's memo's, shared)."""
        size = len(record.message)
        if len(self.shapes) < MAX_SHAPES and self._shape_bytes + size <= MAX_SHAPE_BYTES:
            self._shape_bytes += size
            self.shapes[record.shape] = counted

    def repeat(self, shape: tuple, when: str | None, known: tuple | None = None) -> bool:
        """Count a record whose shape was read before (LogReader.items) as `add` would count it, without its
        Record; False (nothing counted) when it takes the record's text: a first failure of an HTTP group.
        `known`: `self.shapes[shape]` when the caller has it (LogReader.items gives it)."""
        if known is None:
            known = self.shapes.get(shape)
        if known is None or self.on_count is not None:
            return False
        group, names, cooldown, wording = known
        self.records += 1
        if when:  # as `add` keeps the clock
            self._time = when
        if group is not None:  # a failed request's record
            if wording is not None:
                group.wordings[wording] += 1
            self._tally(group, "request", when, "", names, cooldown)
            return True
        status, key = names, cooldown  # an access line
        if self._attached(status):
            return True
        group = self._groups.get(key)
        if group is None:
            self.records -= 1  # (nothing else was changed: add counts it from the record)
            return False
        self._http(group, status, None)
        return True

    def _new_group(self, key: str, record: Record, role: str, message: str, cause: str | None = None,
                   base: str | None = None) -> _Group | None:
        """A new group for `key`, classified from `record`; for a record whose first line hides its cause (`base`: its
        signature without the cause), the group of the same first line that got the same rule, when there is one."""
        # The table is full: count the failure without diagnosing it (diagnosing each of 177k distinct
        # signatures made a log 100x slower to triage than the same log with one signature).
        kind = warning_kind(decode(record.raw[:300]), record.component, key) if role == "warning" else ""
        if role == "warning" and not self.warning_budget.may_read(kind):
            return None  # (counted as unread)
        # A wording folded into another group (`_folded`) was classified too: it counts (a log of `Connection error.`
        # records naming another host each had every one classified, past the cap).
        if role != "warning" and len(self._groups) + len(self._folded) >= MAX_GROUPS:
            self.overflow += 1
            return None
        try:
            report = self._classify(record, headline_only=role == "warning" and b"Traceback (most recent" not in record.raw)
        except InputError:
            return None
        if role == "warning" and report.diagnosis is None:
            self.warning_budget.no_rule(key, kind)
            return None
        by_rule = (base, report.diagnosis.rule_id if report.diagnosis else None)
        if base is not None:
            same = self._by_rule.get(by_rule)
            if same is not None:
                self._folded[key] = same
                return same
        if len(self._groups) >= MAX_GROUPS:
            self.overflow += 1
            return None
        example = mask(sig.cut_suffixes(sig.core_message(message)[1]).strip().split("\n", 1)[0])
        group = _Group(signature=key, index=len(self._groups), report=report,
                       example=example if len(example) <= 300 else example[:297] + "...",
                       shown=sig.with_cause(sig.signature(mask(sig.core_message(message)[1])), cause and mask(cause)) or key,
                       base=base)
        group.cut = sig.TRUNCATED in message
        self._groups[key] = group
        if base is not None:
            self._by_rule[by_rule] = group
        return group

    def _classify(self, record: Record, headline_only: bool = False) -> Report:
        """The whole record (its traceback often names the real cause), except that a claim about the
        deployment (database, Prisma, Redis) must come from the failure's own error line: a traceback
        carries every exception raised on the way (LiteLLM 1.103 imports prisma on the no-key error
        path of a proxy without a database), and a frame the failure passed through is not evidence.
        `headline_only`: a WARNING without a traceback is its first line: the lines a reader joins to it are prints
        (LiteLLM 1.110 prints its `Set models:` list uncoloured right after a warning, and a model group named
        `rate-limited` in it is no rate limit)."""
        if headline_only:
            return diagnose_text(read_error_text(record.message), self.rules)
        text = record.text()
        # (the frames a truncation left are the only evidence left; a bare reset's frames say where it happened)
        place = sig.cut_before_cause(text, PREFIX_TEXT) or sig.root_frames(text, PREFIX_TEXT)
        report = diagnose_text(read_error_text(_without_frames(text) + ("\n" + place if place else "")), self.rules)
        d = report.diagnosis
        words = next((w for claim, w in _DEPLOYMENT_CLAIMS if d is not None and claim.search(d.name)), None)
        if words is None:
            return report
        headline = record.message if record.kind == "traceback" else sig.core_message(record.message)[1]
        if words.search(headline):
            return report
        return diagnose_text(read_error_text(headline or record.message), self.rules)

    def _count(self, group: _Group, role: str, record: Record, message: str,
               unwrapped: bool = False) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
        """Count a failure of `group`; (its model groups, its cooldown ids, whether they were read after the
        proxy's wrapper only: sig.names_read)."""
        if record.kind == "json" or unwrapped:
            head = message[:2048]  # (an app's record: the proxy's message, unescaped, without the app's words)
            names, cooldown = sig.names(head)
            exact = False
        else:
            # The message before its traceback: where LiteLLM writes the model group and the cooldown list.
            raw = record.raw
            cut = raw.find(b"\nTraceback (most recent", 0, 2048)
            head = strip_ansi(decode(raw[: cut if cut > 0 else 2048]))
            names, cooldown, exact = sig.names_read(head)
        self._tally(group, role, record.time or self._time, message, names, cooldown)
        return names, cooldown, exact

    def _tally(self, group: _Group, role: str, when: str | None, message: str, names: tuple[str, ...],
               cooldown: tuple[str, ...]) -> None:
        if role == "request":
            group.requests += 1
            self._pending.append(group)
        elif role == "call":
            group.calls += 1
            self._last_call = group
            deployment = sig.router_deployment(message)
            if deployment and len(group.deployments) < MAX_NAMES:
                group.deployments.setdefault(deployment, None)
            if deployment and (deployment in group.called or len(group.called) < MAX_NAMES):
                group.called[deployment] += 1
        elif role == "log":
            group.logs += 1
            self._recent_error = (group, self.records)
        else:
            group.warnings += 1
        if when:
            if group.first_seen is None:
                group.first_seen = when
            group.last_seen = when
        for name in names:
            if len(group.model_groups) < MAX_NAMES:
                group.model_groups.setdefault(name, None)
        for dep in cooldown:
            if len(group.deployments) < MAX_NAMES:
                group.deployments.setdefault(dep, None)
        symptom = group.symptom
        if symptom and role in ("request", "log"):
            for name in names:
                cause = self._last_cause.get(name)
                if cause is not None:
                    group.causes[cause.signature] += 1
        elif role != "warning" and not symptom and group.report.diagnosis is not None:
            for name in names:
                if name in self._last_cause or len(self._last_cause) < 10 * MAX_GROUPS:
                    self._last_cause[name] = group

    def _access(self, record: Record) -> None:
        access = record.access
        assert access is not None
        status = access.group("status")
        if self._attached(status):
            return
        key = _http_key(access)
        group = self._groups.get(key)
        if group is None:
            if len(self._groups) >= MAX_GROUPS:
                self.overflow += 1
                return
            report = diagnose_text(read_error_text(f"{record.message}\nHTTP {status}"), self.rules)
            group = _Group(signature=key, index=len(self._groups), report=report, example=mask(record.message[:300]))
            self._groups[key] = group
        self._http(group, status, record)

    def _attached(self, status: str) -> bool:
        """Is an access line with this status no failure of its own: a success, or the answer to the failed
        request (or the crash) just read? (It is counted there.)"""
        if status < "400":
            return True
        if self._pending:
            self._pending.popleft().statuses[status] += 1
            return True
        if status >= "500" and self._recent_error is not None and self.records - self._recent_error[1] <= LINK_WITHIN:
            # The error response of the failure just logged: one failure, not two.
            self._recent_error[0].statuses[status] += 1
            self._recent_error = None
            return True
        return False

    def _http(self, group: _Group, status: str, record: Record | None) -> None:
        group.http += 1
        group.statuses[status] += 1
        if self.on_count is not None and record is not None:
            self.on_count(group, "http", record)
        if self._time:
            group.first_seen = group.first_seen or self._time
            group.last_seen = self._time

    def _fallback(self, message: str) -> None:
        target = message.split(_FALLBACK, 1)[1].strip(" =:").split()[0] if message.split(_FALLBACK, 1)[1].strip(" =:") else "?"
        src = self._last_call
        if src is None and self._pending:
            src = self._pending[-1]
        if src is not None:
            src.fallbacks[target] += 1
            self._last_fallback_src = src

    # -- result ----------------------------------------------------------------------------------------
    def failures_by_category(self) -> dict[str, int]:
        """Failed requests (and other counted failures) per category: what a planted-fault test checks."""
        out: Counter = Counter()
        for g in self._groups.values():
            out[g.category] += g.requests + g.logs + g.http
        return dict(out)

    def groups(self) -> list[LogGroup]:
        ordered = sorted(self._groups.values(), key=_importance)
        ids = {g.signature: f"G{n}" for n, g in enumerate(ordered, 1)}
        # By id, not by the shown signature: that one is masked, and a secret in it changes it.
        self._by_id = {ids[g.signature]: g for g in ordered}
        explains: dict[str, list[str]] = {}
        for g in ordered:
            for cause_sig, _ in g.causes.most_common():
                explains.setdefault(cause_sig, []).append(g.signature)
        by_sig = {g.signature: g for g in ordered}
        shown_cause: dict[str, list[_Group]] = {}  # base -> the groups of records that show their cause, in id order
        for g in ordered:
            if g.base is not None and g.signature != g.base and not sig.is_cut_cause(g.signature):
                shown_cause.setdefault(g.base, []).append(g)
        out = []
        for g in ordered:
            kind, count = _kind_and_count(g)
            d = g.report.diagnosis
            finding = g.report.findings[0] if g.report.findings else None
            title, why, steps = self.rendered(g)
            notes = _notes(g, count, by_sig, ids, explains.get(g.signature, []), shown_cause)
            out.append(LogGroup(
                id=ids[g.signature],
                signature=mask(g.shown or g.signature),
                count=count,
                first_seen=g.first_seen,
                last_seen=g.last_seen,
                category=g.category,
                rule_id=d.rule_id if d else None,
                model_groups=tuple(g.model_groups),
                deployments=tuple(g.deployments),
                kind=kind,
                title=title,
                severity=finding.severity if finding else ("warning" if kind == "warning" else "error"),
                symptom=g.symptom,
                steps=steps,
                example=g.example,
                failed_calls=g.calls,
                statuses=tuple(sorted(g.statuses.items())),
                caused_by=tuple(ids[s] for s, _ in g.causes.most_common() if s in ids),
                explains=tuple(ids[s] for s in explains.get(g.signature, []) if s in ids),
                notes=tuple(notes),
                why=why,
            ))
        return out

    def rendered(self, g: _Group) -> tuple[str, str, tuple[str, ...]]:
        """(title, why, steps) of a group's rule, filled with the facts of its first record and, when
        that record did not name one, the model groups the group was seen on."""
        d = g.report.diagnosis
        rule = self._rules_by_id.get(d.rule_id) if d else None
        if d is None or rule is None:
            return g.example, "", ()
        facts = g.report.facts
        added = {}
        if "model_group" not in facts and g.model_groups:
            added["model_group"] = ", ".join(list(g.model_groups)[:3])
        if "deployment_id" not in facts and g.deployments:
            added["deployment_id"] = next(iter(g.deployments))
        # Asked again for the same group (build_report's diagnosis is the first group's; the live view asks each time
        # it draws): `completed` and `fill` keep their answers per process, so a second call costs dict lookups.
        rule = completed(rule)  # the library is read without its texts (load_rules(details=False)): this one's, now
        facts = {**facts, **added}
        return fill(rule.title, facts), fill(rule.why, facts), tuple(fill(step, facts) for step in rule.steps)

    def group_by_id(self, group_id: str, groups: list[LogGroup]) -> "_Group | None":
        """The group behind a `LogGroup` id of the last `groups()` call (`groups` kept for callers)."""
        return self._by_id.get(group_id)

    def report_of(self, group_id: str, groups: list[LogGroup]) -> Report | None:
        """The single-text diagnosis behind a group (diagnosis, facts, findings)."""
        g = self._by_id.get(group_id)
        return g.report if g else None


def _http_key(access: re.Match[str]) -> str:
    """The group of an access line that answers no error record: its status, method and path."""
    return f"HTTP {access.group('status')} on {access.group('method')} {sig.signature(access.group('path').split('?')[0])}"


def _without_frames(text: str) -> str:
    """A record without its traceback frames (`  File "...", line N` and the source lines under them):
    the messages and the exception lines are what the rules read, and a long traceback's frames cost
    most of the classification time while telling nothing about the failure (a module a frame passed
    through is not evidence)."""
    if "\n  File " not in text:
        return text
    return "\n".join(line for line in text.split("\n") if not line.startswith(("  ", "\t")) or not line.strip())


def _kind_and_count(g: _Group) -> tuple[str, int]:
    if g.requests:
        # The same error can be a proxy request's and, elsewhere in the log, an SDK caller's own: both count.
        return "request", g.requests + g.logs
    if g.logs:
        return "log", g.logs
    if g.calls:
        return "call", g.calls
    if g.http:
        return "http", g.http
    return "warning", g.warnings


def _importance(g: _Group) -> tuple:
    kind, count = _kind_and_count(g)
    matched = g.report.diagnosis is not None
    if kind in ("request", "log") and matched and not g.symptom:
        tier = 0
    elif kind in ("request", "log"):
        tier = 1
    elif kind in ("call", "http"):
        tier = 2
    else:
        tier = 3
    # The severity of the group's own diagnosis (the one its line shows), not the highest of every finding: a
    # noise line that quotes a DNS error (`Failed to fetch remote model cost map ... name resolution`) is noise
    # (info), and must not rank above a misconfiguration's warning.
    severity = SEVERITY_RANK.get(g.report.findings[0].severity, 0) if g.report.findings else 0
    return (tier, -severity, -count, g.index)


# A provider's long error body (a 400 that echoes the request, an identity provider's 401 with its trace ids): LiteLLM
# 1.103-1.110 log a record's message and its traceback each as their first and last ~2 KB (_logging.py's
# `_truncate_for_stdout_log`, `MAX_STRING_LENGTH_STDOUT_LOG`, read per record, 4096 by default in all three).
_CUT_NOTE = ("LiteLLM cut this error's message in the middle (`litellm_truncated`): the answer rests on its first and "
             "last ~2 KB. To log it whole, set `MAX_STRING_LENGTH_STDOUT_LOG=20000` in the proxy's environment "
             "(4096 characters by default).")


def _notes(g: _Group, count: int, by_sig: dict[str, _Group], ids: dict[str, str], explained: list[str],
           shown_cause: dict[str, list[_Group]] | None = None) -> list[str]:
    notes = []
    groups_txt = ", ".join(f"`{m}`" for m in list(g.model_groups)[:5]) or "the same model group"
    for cause_sig, n in g.causes.most_common(3):
        cause = by_sig.get(cause_sig)
        if cause is None:
            continue
        rule = f" `{cause.report.diagnosis.rule_id}`" if cause.report.diagnosis else ""
        notes.append(
            f"{n} of these {count} came after {ids[cause_sig]} ({cause.category}{rule}) on {groups_txt}: "
            f"they are a symptom of it; fix {ids[cause_sig]} and they go away."
        )
    for sym_sig in explained[:3]:
        sym = by_sig[sym_sig]
        n = sym.causes[g.signature]
        notes.append(
            f"It explains {ids[sym_sig]}: {n} later failure(s) of the same model group "
            f"({', '.join(f'`{m}`' for m in list(sym.model_groups)[:5])}) were its consequence (cooldown)."
        )
    if len(g.wordings) > 1:
        # One rule, several wordings (or some records without their cause): each, with its count.
        shown = g.wordings.most_common(MAX_WORDINGS)
        worded = ", ".join(f"`{w[len(sig.CAUSE_MARK):-1]}` ×{n}" if w else f"no cause shown ×{n}" for w, n in shown)
        more = f", and {len(g.wordings) - len(shown)} more" if len(g.wordings) > len(shown) else ""
        notes.append(mask(f"The records word the cause {len(g.wordings)} ways, one rule: {worded}{more}."))
    if "" in g.wordings or any(sig.is_cut_cause(w) for w in g.wordings):  # (a cut cause is no cause shown either)
        others = [c for c in (shown_cause or {}).get(g.base or "", ()) if c is not g]
        notes.extend(_no_cause_notes(g, ids, others))
    if g.cut:
        notes.append(_CUT_NOTE)
    if g.fallbacks:
        total = sum(g.fallbacks.values())
        targets = ", ".join(f"`{t}` ×{n}" for t, n in g.fallbacks.most_common(5))
        storm = "A rate-limit storm: " if g.category == "quota_rate" and g.calls >= 3 else ""
        # "no request failed" only when every failed call was followed by a fallback that succeeded: a call group also
        # holds the calls of requests that failed with no fallback (`Connection error.` at INFO: the call line shows
        # no cause, the request's record does, and is counted in its cause's group).
        rescued = (
            f"{g.fallback_ok} succeeded, so no request failed"
            if g.fallback_ok >= total and not g.requests and g.calls <= total
            else f"{g.fallback_ok} succeeded"
        )
        notes.append(f"{storm}{g.calls or count} failed call(s) followed by {total} fallback(s) to {targets} ({rescued}).")
    if g.calls and g.requests and g.calls > g.requests:
        notes.append(f"{g.calls} failed deployment calls for {g.requests} failed requests (retries).")
    elif g.calls and g.logs and not g.requests:
        # An app's client retrying the proxy (Continue's cn: applines.py): each retry is an attempt, not a failure.
        notes.append(f"{g.calls} failed attempt(s) retried by the client; {g.logs} failure(s) after the last attempt.")
    return notes


def _no_cause_notes(g: _Group, ids: dict[str, str], shown_cause: list[_Group]) -> list[str]:
    """What a log says of failures whose records show no cause (`Connection error.` alone): the Router's call lines
    per deployment, and the groups of the same error whose records do show one. A call line names no request and the
    Router writes it before the request's record, so which calls were those requests' is not said (a guess when
    requests run concurrently)."""
    notes = []
    if g.calls and g.called:
        per = ", ".join(f"`{d}` ×{n}" for d, n in g.called.most_common(5))
        more = f", and {len(g.called) - 5} more deployments" if len(g.called) > 5 else ""
        notes.append(mask(f"The call lines say only `Connection error.` (the Router logs no traceback for a call): "
                          f"{per}{more}."))
    if shown_cause:
        named = ", ".join(f"{ids[c.signature]} ({c.report.diagnosis.rule_id if c.report.diagnosis else 'no rule'})"
                          for c in shown_cause[:5])
        named += f", and {len(shown_cause) - 5} more" if len(shown_cause) > 5 else ""
        tie = "; a call line names no request, so the log does not tie these calls to them" if g.calls else ""
        notes.append(f"Records of the same error that show their cause: {named}{tie}.")
    return notes
