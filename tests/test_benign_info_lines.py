"""INFO lines that report success are log noise, not failures (LD-REQ-310, HOLDOUT_EVAL.md thirty-fourth pass):
the RDS IAM refresh line the thirtieth pass saw answered `auth` at 0.79 by the estimate, and LiteLLM's other
success lines; a failure that carries an INFO level, or a success line beside a real error, keeps its answer."""

from __future__ import annotations

import pytest

from litellm_doctor.diagnosis import diagnose


@pytest.mark.parametrize("text", [
    "INFO: RDS IAM token refreshed successfully. New token valid for ~15 minutes.",
    "14:17:11 - LiteLLM Proxy:INFO: prisma_client.py:290 - RDS IAM token refreshed successfully. New token valid for ~15 minutes.",
    "09:12:44 - LiteLLM Proxy:INFO: prisma_client.py:862 - Synchronous token refresh completed successfully",
    "10:00:01 - LiteLLM Proxy:INFO: pod_lock_manager.py:85 - Pod 7f3a successfully acquired Redis lock for cronjob_id=spend_log_cleanup",
    "10:00:01 - LiteLLM Proxy:INFO: proxy_server.py:8191 - Anthropic beta headers config reloaded successfully. Providers: 12",
    "[INFO] GigaChat access token obtained successfully",
])
def test_a_success_info_line_is_log_noise(text):
    report = diagnose(text)
    assert (report.category, report.diagnosis.rule_id) == ("other", "LD-REQ-310")


@pytest.mark.parametrize(("text", "rule"), [
    # the router logs a failed call at INFO
    ("10:00:01 - LiteLLM Router:INFO: router.py:1002 - litellm.acompletion(model=openai/gpt-4o) Exception "
     "litellm.RateLimitError: OpenAIException - Rate limit reached", "LD-RATE-001"),
    # the proxy's client-disconnect record (its own benign rule)
    ("09:58:02 - LiteLLM Proxy:INFO: common_request_processing.py:313 - Recorded streaming client disconnect with "
     "error_code=499 for litellm_call_id=1c9e", "LD-REQ-028"),
    # a success line above the failure
    ("INFO: RDS IAM token refreshed successfully. New token valid for ~15 minutes.\n14:02:11 - LiteLLM Proxy:ERROR: "
     "prisma_client.py:294 - Failed to generate new RDS IAM token during proactive refresh", "LD-DEPLOY-305"),
    ("INFO: Successfully connected to the database\nlitellm.AuthenticationError: AuthenticationError: OpenAIException - "
     "Incorrect API key provided", "LD-AUTH-001"),
])
def test_failures_at_info_or_beside_a_success_line_keep_their_rule(text, rule):
    assert diagnose(text).diagnosis.rule_id == rule


def test_an_info_line_without_success_words_is_not_taken():
    # a refusal logged at INFO: no success word, so not this rule
    report = diagnose('INFO:     172.18.0.1:51234 - "POST /v1/chat/completions HTTP/1.1" 401 Unauthorized')
    assert report.diagnosis.rule_id != "LD-REQ-310"
    assert report.category == "auth"


# The admin-UI and old-release wordings of the thirty-fourth pass (the "what is left" of passes 25, 27 and 30).
@pytest.mark.parametrize(("text", "category", "rule"), [
    # 1.80's admin UI notification of the lab's 1.103.0 provider-403 body: the status is gone (was LD-REQ-023, other)
    ("Error\nlitellm.BadRequestError: OpenAIException - You are not allowed to sample from this model. Your project "
     "does not have access to `denied-403`.. Received Model Group=denied-403\nAvailable Model Group Fallbacks=None",
     "auth", "LD-AUTH-310"),
    # the lab's 1.108.14 wording in the same notification (was a routing estimate)
    ("Error\nlitellm.APIError: APIError: OpenAIException - You are not allowed to sample from this model. Your project "
     "does not have access to `denied-403`.\n\nLiteLLM: model group 'denied-403' failed with the error above. No "
     "fallback was attempted.", "auth", "LD-AUTH-310"),
    # the bare 403 body keeps its rule
    ('{"error": {"message": "litellm.BadRequestError: OpenAIException - You are not allowed to sample from this model. '
     'Your project does not have access to `gpt-4o`.. Received Model Group=gpt-4o\\nAvailable Model Group Fallbacks=None", '
     '"type": "invalid_request_error", "param": null, "code": "403"}}', "auth", "LD-AUTH-060"),
    # CLI SSO login, 1.90.7 and 1.97+
    ('{"detail":"Invalid CLI login session"}', "auth", "LD-AUTH-311"),
    ('{"error":{"message":"Invalid CLI login session id","type":"None","param":"None","code":"400"}}', "auth", "LD-AUTH-311"),
    ("HTTPException: 400: Your litellm CLI is out of date and uses a login flow this proxy no longer supports. Upgrade "
     "it with `pip install -U 'litellm[proxy]'` and run `lite login` again.", "deployment", "LD-DEPLOY-311"),
    # RDS IAM token found expired (1.80.17 warning, 1.103+ with the label)
    ("14:31:02 - LiteLLM Proxy:WARNING: prisma_client.py:316 - RDS IAM token expired in __getattr__ - proactive refresh "
     "may have failed. Triggering synchronous fallback refresh...", "deployment", "LD-DEPLOY-310"),
])
def test_admin_ui_and_old_release_wordings(text, category, rule):
    report = diagnose(text)
    assert (report.category, report.diagnosis.rule_id) == (category, rule)
