"""Eighty-fourth pass: a log group says only what its records show.

The proxy logs the OpenAI SDK's `Connection error.` for a refused port, a failed DNS lookup, a TLS failure and a
reset connection alike; the record's traceback chains the real exception. The lab's logs (LiteLLM 1.103.0 and
1.108.14) have one deployment of each: each must be a group of its own with its own rule, and a record that shows no
cause must get the generic rule, not one of the four. LiteLLM 1.108 names the model group only in its
`LiteLLM: model group 'X' failed with the error above.` line: the groups must carry it, and the cooldown must be
linked to the 401 that caused it. A log's --verbose with --config prints the config's findings.
"""

from __future__ import annotations


import pytest

from litellm_doctor.formats import get_formatter
from litellm_doctor.logs import signature as sig
from litellm_doctor.logs import triage_log

from .conftest import FIXTURES

LAB_LOGS = [FIXTURES / "proxy-default.log", FIXTURES / "litellm-1.108.14" / "proxy-default.log"]
# The lab's deployment (model group) of each cause, and the rule its records show.
CAUSES = {"refused": "LD-DEPLOY-009", "dns-fail": "LD-DEPLOY-010", "tls-selfsigned": "LD-DEPLOY-011",
          "conn-reset": "LD-DEPLOY-013"}


@pytest.mark.parametrize("log", LAB_LOGS, ids=lambda p: p.parent.name)
def test_the_lab_connection_errors_are_one_group_per_cause_with_its_rule(log):
    report = triage_log(str(log))
    connection = [g for g in report.groups if "Connection error" in g.signature]
    assert sorted(g.rule_id for g in connection) == sorted(CAUSES.values()), [(g.rule_id, g.model_groups) for g in connection]
    for g in connection:
        (group,) = g.model_groups  # each group is one deployment's records, named by the records themselves
        assert CAUSES[group] == g.rule_id, (group, g.rule_id, g.signature)
    refused = next(g for g in connection if g.rule_id == "LD-DEPLOY-009")
    assert refused.count == 2 and "(cause: ConnectionRefusedError: [Errno <n>] Connect call failed" in refused.signature
    # The counts are the manifest's: nothing lost, nothing counted twice.
    assert sum(g.count for g in connection) == 5


def _record(call_id: str, group: str, traceback: str = "") -> str:
    return (f"03:57:55 - LiteLLM Proxy:ERROR: common_request_processing.py:1545 - "
            f"litellm.proxy.proxy_server._handle_llm_api_exception(): Exception occured - litellm_call_id={call_id} - "
            f"litellm.InternalServerError: InternalServerError: OpenAIException - Connection error.. Received Model "
            f"Group={group}\nAvailable Model Group Fallbacks=None\n{traceback}"
            f'INFO:     127.0.0.1:37734 - "POST /chat/completions HTTP/1.1" 500 Internal Server Error\n')


REFUSAL = ("Traceback (most recent call last):\n"
           '  File "<site-packages>/aiohappyeyeballs/impl.py", line 210, in _connect_sock\n'
           "    await loop.sock_connect(sock, address)\n"
           "ConnectionRefusedError: [Errno 111] Connect call failed ('127.0.0.1', 18009)\n\n"
           "The above exception was the direct cause of the following exception:\n\n"
           "Traceback (most recent call last):\n"
           '  File "<site-packages>/litellm/main.py", line 702, in acompletion\n'
           "litellm.exceptions.InternalServerError: litellm.InternalServerError: InternalServerError: OpenAIException - "
           "Connection error.. Received Model Group=refused\nAvailable Model Group Fallbacks=None\n")


def test_a_record_that_shows_no_cause_gets_the_generic_rule(tmp_path):
    """A record without its traceback (or with one cut before the root) does not say which of the four it is: its
    group's rule is LD-DEPLOY-008 (the SDK's words, the causes it may hide and how to tell them apart), also when the
    same log has a refusal, which keeps its own group."""
    cut = ("Traceback (most recent call last):\n"
           '  File "<site-packages>/litellm/main.py", line 702, in acompletion\n'
           "litellm.exceptions.InternalServerError: litellm.InternalServerError: InternalServerError: OpenAIException - "
           "Connection error.. Received Model Group=cut\n")
    log = tmp_path / "proxy.log"
    log.write_text(_record("a-1", "refused", REFUSAL) + _record("a-2", "dns-fail") + _record("a-3", "refused", REFUSAL)
                   + _record("a-4", "cut", cut))
    report = triage_log(str(log))
    by_rule = {g.rule_id: g for g in report.groups}
    assert set(by_rule) == {"LD-DEPLOY-009", "LD-DEPLOY-008"}, [(g.rule_id, g.model_groups) for g in report.groups]
    assert by_rule["LD-DEPLOY-009"].model_groups == ("refused",) and by_rule["LD-DEPLOY-009"].count == 2
    generic = by_rule["LD-DEPLOY-008"]
    assert generic.model_groups == ("dns-fail", "cut") and generic.count == 2
    assert "(cause: " not in generic.signature and "refused" not in generic.title.lower()


def test_the_chained_cause_is_the_tracebacks_first_exception():
    assert sig.chained_cause(REFUSAL) == "ConnectionRefusedError: [Errno 111] Connect call failed ('127.0.0.1', 18009)"
    multi = ("Traceback (most recent call last):\n  File \"x.py\", line 1, in f\n"
             "aiohttp.http_exceptions.ContentLengthError: 400, message:\n"
             "  Not enough data to satisfy content length header (received 138 of 275 bytes).\n\nThe above ...")
    assert sig.chained_cause(multi) == ("aiohttp.http_exceptions.ContentLengthError: 400, message: Not enough data to "
                                        "satisfy content length header (received 138 of 275 bytes).")
    assert sig.chained_cause("litellm.InternalServerError: ... - Connection error.") is None  # no traceback
    assert sig.chained_cause("Traceback (most recent call last):\n  File \"x\"\nopenai.APIConnectionError: Connection error.\n") is None
    assert sig.hides_cause("litellm.APIConnectionError: AzureException APIConnectionError - Connection error.")
    assert not sig.hides_cause("Database Connection error. Retrying the spend log update")
    assert not sig.hides_cause("litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached")


def test_the_1_108_records_name_their_model_group_and_link_the_cooldown_to_its_401():
    report = triage_log(str(FIXTURES / "litellm-1.108.14" / "proxy-default.log"))
    by_id = {g.id: g for g in report.groups}
    auth = next(g for g in report.groups if g.rule_id == "LD-AUTH-001")
    assert auth.model_groups == ("bad-key", "cooldown-401")
    cooldown = next(g for g in report.groups if g.rule_id == "LD-ROUTE-001")
    assert cooldown.symptom and cooldown.caused_by == (auth.id,) and by_id[auth.id].explains == (cooldown.id,)
    # The same groups, model groups and links as LiteLLM 1.103.0's log of the same requests.
    older = triage_log(str(FIXTURES / "proxy-default.log"))
    shape = lambda r: sorted((g.rule_id, g.model_groups, g.count, bool(g.caused_by)) for g in r.groups)  # noqa: E731
    assert shape(report) == shape(older)


def test_a_logs_verbose_view_prints_the_config_checks(tmp_path):
    """As `diagnose --config --verbose` prints them for a pasted error: the findings tied to a config line that are
    not a group's, after the groups; the first screen (no --verbose) does not change."""
    from .test_log_first_screen import _refused_config, run

    log = tmp_path / "proxy.log"
    log.write_text(_record("a-1", "refused", REFUSAL))
    config = str(_refused_config(tmp_path, "http://127.0.0.1:18009"))
    verbose = run("diagnose", "--log", str(log), "--config", config, "--verbose")
    assert "\nIn your config\n" in verbose, verbose
    block = verbose.split("\nIn your config\n", 1)[1]
    assert "LD_TEST_FIRST_SCREEN_UNSET_KEY" in block and f"{tmp_path / 'config.yaml'}:6" in block
    plain = run("diagnose", "--log", str(log), "--config", config)
    assert "In your config" not in plain
    without = run("diagnose", "--log", str(log), "--verbose")
    assert "In your config" not in without


def test_the_verbose_view_has_no_config_block_without_config_findings():
    report = triage_log(str(FIXTURES / "proxy-default.log"))
    text = get_formatter("text", width=100, verbose=True).render(report)
    assert "In your config" not in text
