"""The auxiliary training set harvested from LiteLLM's source (tests/corpus/harvest_templates.py) and the
estimate's second stage that uses it (train_estimate.fit_aux), issue #9 third pass."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from litellm_doctor.model import CATEGORIES

ROOT = Path(__file__).parents[1]
CORPUS = ROOT / "tests" / "corpus"


import harvest_templates as harvest  # noqa: E402  (tests/corpus is on the path: tests/conftest.py)
import template_delta as delta  # noqa: E402
import train_estimate as te  # noqa: E402


def test_labels_follow_the_corpus_conventions():
    label = harvest.label
    assert label("http", None, 400, "Budget has been exceeded! Current cost: 1, Max budget: 10.0", "proxy/x.py") == "quota_rate"
    # Setting a budget wrongly is a bad request, not a limit that was hit.
    assert label("http", None, 400, "reset_to (1) must be <= budget (10.0)", "proxy/x.py") == "other"
    assert label("const", None, None, "No deployments available for selected model", "types/router.py") == "routing"
    assert label("http", None, 403, "This feature is only available for LiteLLM Enterprise users", "proxy/x.py") == "other"
    assert label("http", None, 403, "Only proxy admin can be used to generate keys", "proxy/x.py") == "auth"
    assert label("http", None, 500, "No DB Connected. Here's how to do it", "proxy/x.py") == "deployment"
    assert label("litellm", "Timeout", None, "Request timed out", "llms/x.py") == "timeout"
    assert label("litellm", "GuardrailRaisedException", None, "Content blocked", "proxy/guardrails/x.py") == "other"
    # Unclear: a 500 of unknown cause, a 404 of an entity.
    assert label("http", None, 500, "Something went wrong", "proxy/x.py") is None
    assert label("http", None, 404, "Team not found", "proxy/x.py") is None


def test_labels_fixed_after_the_template_triage():
    """The heuristic's mistakes found by triaging the doctor's misses on the templates (HOLDOUT_EVAL.md, ninth pass)."""
    label = harvest.label
    # A refusal that mentions budgets or limits is about who may set them, not a limit that was hit.
    assert label("http", None, 403, "Only proxy admins can enable throttle_on_budget_exceeded on a key.", "proxy/x.py") == "auth"
    assert label("http", None, 403, "Admin access required to manage guardrails", "proxy/guardrails/guardrail_endpoints.py") == "auth"
    # The rate limiter's own errors and a context window are not quota hits.
    assert label("log", None, None, "Error in dynamic rate limiter: 1, allowing request", "proxy/hooks/x.py") is None
    assert label("log", None, None, "Semantic tool filter embedding exceeded its context window: 1", "proxy/x.py") is None
    # The corpus's conventions: a missing provider key is auth, another unset setting deployment, an endpoint a
    # provider does not implement routing, a missing package deployment, a Redis identity refused deployment.
    assert label("litellm", "AuthenticationError", None, "Missing Anthropic API Key - A call is being made to anthropic but no key is set either in the environment variables", "llms/x.py") == "auth"
    assert label("provider", "AuthenticationError", 401, "Error: Watsonx URL not set. Set WATSONX_API_BASE in environment variables", "llms/watsonx/x.py") == "deployment"
    assert label("litellm", "BadRequestError", None, "LiteLLM doesn't support azure_ai for 'create_batch'. Only 'openai' is supported.", "batches/main.py") == "routing"
    assert label("provider", "BadRequestError", 400, "vertexai import failed please run `pip install google-cloud-aiplatform`", "llms/x.py") == "deployment"
    assert label("litellm", "AuthenticationError", None, "Azure AD authentication failed for Redis", "_redis.py") == "deployment"
    assert label("litellm", "GuardrailRaisedException", None, "PromptGuard API unreachable (block_on_error=True): 1", "proxy/guardrails/x.py") == "deployment"
    # PANW "Prisma AIRS" is a guardrail vendor, not the Prisma ORM; a user missing from the DB is not the DB failing.
    assert label("log", None, None, "PANW Prisma AIRS: Invalid API response format: 1", "proxy/guardrails/x.py") is None
    assert label("plain", None, None, "User doesn't exist in db. 'user_id'=user-1. Create user via `/user/new` call.", "proxy/auth/x.py") is None
    # A wrapper class with no words of its own says nothing.
    assert label("litellm", "APIConnectionError", None, "VLLMException - 1", "litellm_core_utils/x.py") is None


def test_labels_fixed_for_the_1_110_templates():
    """The heuristic's mistakes found triaging 1.110.2's new wordings (HOLDOUT_EVAL.md, sixteenth pass)."""
    label = harvest.label
    # Convention 1: a secret reference the proxy could not resolve is its configuration, even as a 401.
    assert label("http", None, 401, "pass-through credential oidc/env secret reference could not be resolved: FOO is unset", "proxy/pass_through_endpoints/x.py") == "deployment"
    # Request contents a proxy setting refuses are `other`, not an authorisation refusal.
    assert label("proxy", None, 400, "Client-side 'metadata.tags' not allowed in request. 'reject_clientside_metadata_tags'=True.", "proxy/auth/x.py") == "other"
    # A provider an API does not route to is routing; a feature needing the v3 rate limiter hit no limit.
    assert label("litellm", "BadRequestError", None, "Unknown Extraction provider 'foo'. Supported providers: mistral", "extraction/main.py") == "routing"
    # (nineteenth pass) ... it is the proxy's set-up: a feature it has not got.
    assert label("http", None, 503, "Skills Hub publishing requires the default v3 rate limiter", "proxy/x.py") == "deployment"


def test_labels_of_the_unlabelled_1_110_wordings():
    """1.110.2's wordings the heuristic used to leave out (HOLDOUT_EVAL.md, nineteenth pass)."""
    label = harvest.label
    # A proxy feature not set up, a general_settings value that does not validate: the proxy's configuration.
    assert label("http", None, 503, "Security scanning is not configured", "proxy/discovery_endpoints/x.py") == "deployment"
    assert label("http", None, 503, "Admin MCP permissions require the admin-mcp dependency group (Python 3.12+)", "proxy/admin_mcp.py") == "deployment"
    assert label("proxy", None, 500, "general_settings.some_setting is invalid: 1", "proxy/x.py") == "deployment"
    assert label("http", None, 400, "Enable database-backed configuration to save this setting.", "proxy/x.py") == "deployment"
    assert label("litellm", "ServiceUnavailableError", None, "Rate limit enforcement unavailable: request counters could not be verified against Redis, and fail_closed_rate_limit_enforcement is enabled", "proxy/hooks/x.py") == "deployment"
    # Skills Hub uploads and project quotas the endpoint refuses, duplicates: bad requests.
    assert label("http", None, 422, "SKILL.md must declare a skill name", "proxy/x.py") == "other"
    assert label("http", None, 413, "Skill ZIP must be 10 MiB or smaller", "proxy/x.py") == "other"
    assert label("http", None, 400, "models added to project without a positive rpm/tpm quota: 1. Set a positive value for each listed limit.", "proxy/x.py") == "other"
    assert label("http", None, 400, "Tag 1 already exists", "proxy/x.py") == "other"
    assert label("http", None, 400, "Rejected Request: api_key holds an oidc/ secret reference, which only a deployment or credential a proxy admin configures can carry.", "proxy/x.py") == "other"
    # A pass-through provider whose key is not on the proxy: a missing provider key (convention 1).
    assert label("http", None, 503, "eu_jev is not configured, set EU_JEV_API_KEY on the proxy", "proxy/x.py") == "auth"
    assert label("http", None, 401, "No Vertex AI credential is configured on this proxy and the request carried no upstream Google credential. (a model with use_in_pass_through: true)", "proxy/x.py") == "auth"
    assert label("http", None, 422, "Default Model not on proxy. Configure via `/model/new` or config.yaml.", "proxy/x.py") == "routing"
    # Still left out: an id the Skills Hub does not hold, a content-free wrapper filled with a provider name.
    assert label("http", None, 404, "Skill not found", "proxy/x.py") is None
    assert label("litellm", "BadRequestError", None, "openai - 1", "litellm_core_utils/x.py") is None



def test_labels_read_in_the_source_for_their_raise_sites_only():
    """Fifty-eighth pass: the wordings the heuristic left out, labelled one raise site at a time (`_READ_LABELS`)."""
    label = harvest.label
    assert all(category in CATEGORIES for _, _, category in harvest._READ_LABELS)
    skills = "litellm-1.110.2/proxy/discovery_endpoints/skill_hub_endpoints.py"
    # A skill name, version or digest the hub does not have (or hides from the caller): the caller's request.
    assert label("http", None, 404, "Skill not found", skills) == "other"
    assert label("http", None, 404, "Skill archive version not found", skills) == "other"
    # ... for that module only: the same words elsewhere are still left to the heuristic (which leaves them out).
    assert label("http", None, 404, "Skill not found", "litellm-1.110.2/proxy/x.py") is None
    # 1.106's Lens: a lease that lapsed is not a budget that was hit (the heuristic said quota_rate by "budget").
    lens = "litellm-1.106.12/proxy/lens/inference.py"
    message = "Analysis budget reservation expired; retry the investigation"
    assert label("http", None, 503, message, lens) == "timeout"
    assert label("http", None, 503, message, "litellm-1.106.12/proxy/x.py") == "quota_rate"
    assert label("http", None, 400, "Pricing is not configured for gpt-4o. Set input_cost_per_token and output_cost_per_token on its deployment before running an investigation.", lens) == "deployment"
    assert label("http", None, 422, "Assessment references a run outside this job", "litellm-1.105.7/proxy/lens/endpoints.py") == "other"
    assert label("http", None, 409, "Upgrade the Lens worker to 1 and retry", "litellm-1.106.12/proxy/lens/endpoints.py") == "deployment"
    assert label("http", None, 400, "Translation sessions require the translations endpoint", "litellm-1.110.2/proxy/realtime_endpoints/endpoints.py") == "routing"
    assert label("http", None, 400, "api_key_id 'sk-1234' is not a key on this proxy; pass the key's token hash, the value the key list and key info endpoints report", "litellm-1.98.1/proxy/management_endpoints/auto_router_endpoints.py") == "other"
    # The rust bridge's wrapper has no category of its own (the wrapped error's).
    assert label("litellm", "APIError", None, "litellm rust chat completions: 1", "litellm-1.99.4/rust_bridge/chat_completions.py") is None


BETWEEN = ("1.98.1", "1.99.4", "1.100.5", "1.101.6", "1.102.4", "1.103.11", "1.104.9", "1.105.7", "1.106.12", "1.109.3")
READ = ("1.61.20", "1.63.14", "1.67.6", "1.72.9", "1.74.15", "1.77.7", "1.80.17", "1.90.7", "1.97.0", "1.103.0", "1.108.14", "1.110.2")


def test_between_set_holds_only_in_between_wordings_with_their_read_labels():
    """between_templates.jsonl (fifty-eighth pass): the labelled wordings that only the releases between the read ones
    produce (forty-ninth pass), as `template_delta.py --write` writes them from a 22-release harvest."""
    records = [json.loads(line) for line in (CORPUS / "between_templates.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len({r["id"] for r in records}) == len(records) == 95
    for r in records:
        assert r["category"] in CATEGORIES
        assert set(r["versions"]) <= set(BETWEEN) and r["versions"], r["id"]
        module = r["source"].rsplit(":", 1)[0]
        message = json.loads(r["text"])["error"]["message"] if r["text"].startswith('{"error"') else None
        if message is not None and harvest.read_label(message, module) is not None:
            assert r["category"] == harvest.read_label(message, module), r["id"]
    assert not any(set(r["versions"]) & set(READ) for r in records)
    reservation = [r for r in records if "Analysis budget reservation expired" in r["text"]]
    assert [r["category"] for r in reservation] == ["timeout"]

def _site(root, version, files):
    """A site-packages-like tree: litellm-<version>.dist-info and litellm/<path> sources."""
    site = root / version
    (site / f"litellm-{version}.dist-info").mkdir(parents=True)
    for rel, text in files.items():
        path = site / "litellm" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return site


def test_versions_record_every_release_of_a_wording(tmp_path):
    """One template per wording: a log line that only moved is one record with both versions; a reworded
    refusal is a new record of the newer version alone; the oldest version's location is kept."""
    log = "from x import verbose_proxy_logger\n{pad}verbose_proxy_logger.error('Failed to connect to the database server: %s', e)\n"
    refusal = "from fastapi import HTTPException\ndef f():\n    raise HTTPException(status_code=403, detail='{msg}')\n"
    old = _site(tmp_path, "1.1.0", {"proxy/a.py": log.format(pad=""), "proxy/b.py": refusal.format(msg="Only proxy admin can view this")})
    new = _site(tmp_path, "1.2.0", {"proxy/a.py": log.format(pad="\n\n\n"), "proxy/b.py": refusal.format(msg="Only proxy admins can view this page")})
    records = harvest.harvest([new, old])  # read oldest first whatever the order given
    by_text = {r["text"]: r for r in records}
    logs = [r for r in records if r["kind"] == "log"]
    assert len(logs) == 1 and logs[0]["versions"] == ["1.1.0", "1.2.0"] and logs[0]["source"].startswith("litellm-1.1.0/proxy/a.py:")
    refusals = sorted((r for r in records if r["kind"] == "http"), key=lambda r: r["versions"])
    assert [r["versions"] for r in refusals] == [["1.1.0"], ["1.2.0"]]
    assert all(r["category"] == "auth" for r in refusals) and len(by_text) == len(records)
    pairs, gone = delta.delta(records, "1.2.0", "1.1.0")
    assert [(r["versions"], g is not None) for r, g in pairs] == [(["1.2.0"], True)]  # reworded, not new
    assert [g["versions"] for g in gone] == [["1.1.0"]]
    # Sets of releases: what 1.0.x/1.1.0 produced that 1.2.0 does not (the twenty-fifth pass's old wordings).
    pairs, gone = delta.delta(records, "1.0.9,1.1.0", "1.2.0")
    assert [(r["versions"], g is not None) for r, g in pairs] == [(["1.1.0"], True)]
    assert delta.delta(records, "1.1.0", "1.1.0,1.2.0")[0] == []
    # A release in between (the forty-ninth pass's 1.98-1.109): a wording that appeared after 1.1.0 and was
    # changed before 1.2.0 is found by reading 1.1.5 against both, and only that wording.
    mid = _site(tmp_path, "1.1.5", {"proxy/a.py": log.format(pad="\n"), "proxy/b.py": refusal.format(msg="Only proxy admins may view this")})
    records = harvest.harvest([new, mid, old])
    assert next(r for r in records if r["kind"] == "log")["versions"] == ["1.1.0", "1.1.5", "1.2.0"]
    pairs, _ = delta.delta(records, "1.1.5", "1.1.0,1.2.0")
    assert [(r["versions"], r["text"].count("Only proxy admins may view this")) for r, _ in pairs] == [(["1.1.5"], 1)]


def test_labels_of_older_releases_wordings():
    """Twenty-fifth pass: wordings only LiteLLM 1.63-1.97 produce, labelled by the corpus conventions."""
    label = harvest.label
    # router.py 1.63-1.90: the older wording of "There are no healthy deployments for this model" (convention 3's family)
    assert label("litellm", "BadRequestError", None, "You passed in model=1. There is no 'model_name' with this string ", "router.py") == "routing"
    # responses/main.py 1.63: a provider the endpoint does not implement (unsupported_provider_endpoint)
    assert label("litellm", "BadRequestError", None, "Responses API not available for custom_llm_provider=openai, model: gpt-4o", "responses/main.py") == "routing"
    # exception_mapping_utils.py 1.63: Gemini's reauthentication error mapped to a BadRequestError that says the key
    assert label("litellm", "BadRequestError", None, "GeminiException - Invalid api key", "litellm_core_utils/exception_mapping_utils.py") == "auth"
    assert label("litellm", "BadRequestError", None, "GeminiException - Invalid request", "litellm_core_utils/exception_mapping_utils.py") == "other"
    # a missing price is cost-tracking noise, not the proxy's database; a failed per-request spend write is LD-REQ-104's
    assert label("log", None, None, "No pricing info found for gpt-4o in local model pricing database", "proxy/x.py") == "other"
    assert label("log", None, None, "Update Key DB Call failed to execute - 1", "proxy/proxy_server.py") == "other"
    assert label("log", None, None, "Error connecting to the database: 1", "proxy/x.py") == "deployment"


def test_enterprise_pin_of_old_and_new_metadata():
    """1.72-1.79 wrote the pin as `litellm-enterprise (==0.1.20)`; 1.80 on as `litellm-enterprise==0.1.43.post1`."""
    from litellm_doctor.knowledge.generate import enterprise_pin

    assert enterprise_pin('Name: litellm\nRequires-Dist: litellm-enterprise (==0.1.20) ; extra == "proxy"\n') == "0.1.20"
    assert enterprise_pin("Requires-Dist: litellm-enterprise==0.1.43.post1 ; extra == 'proxy'\n") == "0.1.43.post1"
    assert enterprise_pin("Requires-Dist: litellm-proxy-extras (==0.2.3)\n") is None


def test_templates_are_rendered_with_neutral_values(tmp_path):
    source = tmp_path / "endpoints.py"
    source.write_text(
        "from fastapi import HTTPException, status\n"
        "def f(model, team_id):\n"
        "    raise HTTPException(status_code=status.HTTP_403_FORBIDDEN,\n"
        "                        detail={'error': f'Team {team_id} not allowed to access model={model}'})\n",
        encoding="utf-8",
    )
    records = harvest.harvest_file(source, "litellm-x/proxy/endpoints.py")
    assert len(records) == 1
    record = records[0]
    assert record["category"] == "auth"
    assert record["source"] == "litellm-x/proxy/endpoints.py:3"
    assert "Team team-1 not allowed to access model=gpt-4o" in record["text"]
    assert "403" in record["text"]
    assert harvest.render(ast.parse("'a %s b' % x", mode="eval").body) == "a 1 b"


def test_messages_held_in_constants_are_read(tmp_path):
    """A raise site that names a module-level constant, a class attribute or a constant imported from another
    module of the tree is rendered with the constant's text; a hole naming a setting gets a setting's name."""
    package = tmp_path / "litellm"
    (package / "proxy").mkdir(parents=True)
    (package / "constants.py").write_text("SHARED_DETAIL = 'Only proxy admins can do ' + 'this here'\n", encoding="utf-8")
    (package / "proxy" / "endpoints.py").write_text(
        "from fastapi import HTTPException\n"
        "from litellm.constants import SHARED_DETAIL\n"
        "from typing import Final\n"
        "_DETAIL: Final = 'The response id is not associated with the user'\n"
        "SETTING = 'enforce_rpm_tpm_on_model_add'\n"
        "class Messages:\n"
        "    BLOCK = 'Blocked by the guardrail policy'\n"
        "def f(model_name, setting_name):\n"
        "    raise HTTPException(status_code=403, detail=_DETAIL)\n"
        "def g():\n"
        "    raise HTTPException(status_code=403, detail=SHARED_DETAIL)\n"
        "def h(model_name):\n"
        "    raise HTTPException(status_code=400, detail=f\"rpm must be set for '{model_name}' when '{SETTING}' is enabled\")\n"
        "def i(setting_name):\n"
        "    raise HTTPException(status_code=400, detail=f'{setting_name} must be a finite number')\n"
        "def j():\n"
        "    raise HTTPException(status_code=403, detail=Messages.BLOCK)\n",
        encoding="utf-8",
    )
    records = harvest.harvest_file(package / "proxy" / "endpoints.py", "litellm-x/proxy/endpoints.py", package)
    texts = "\n".join(r["text"] for r in records)
    assert "The response id is not associated with the user" in texts
    assert "Only proxy admins can do this here" in texts
    assert "rpm must be set for 'gpt-4o' when 'enforce_rpm_tpm_on_model_add' is enabled" in texts
    assert "some_setting must be a finite number" in texts
    assert "Blocked by the guardrail policy" in texts


def test_committed_set_is_well_formed():
    lines = (CORPUS / "litellm_templates.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) > 1000
    assert len({r["id"] for r in records}) == len(records)
    assert len({r["text"] for r in records}) == len(records)
    assert {r["category"] for r in records} <= set(CATEGORIES)
    assert all(":" in r["source"] and r["kind"] in ("http", "proxy", "const", "litellm", "provider", "log", "plain") for r in records)
    # Every template says which releases produce its wording, oldest first, its source in the oldest of them.
    assert all(r["versions"] and r["versions"] == sorted(r["versions"], key=harvest._version_key) for r in records)
    assert all(r["source"].split("/")[0].split("-", 1)[1] == r["versions"][0] for r in records)
    assert {v for r in records for v in r["versions"]} == {"1.103.0", "1.108.14", "1.110.2"}
    # It is what dump() writes: sorted keys, one object per line.
    assert harvest.dump(records) == "\n".join(lines) + "\n"


def test_second_stage_only_adds_words_the_corpora_never_showed():
    main = {"categories": list(CATEGORIES), "bias": [0.0] * len(CATEGORIES), "length_power": 0.5,
            "weights": {"w:budget": [0.0, 1.0, 0.0, 0.0, 0.0, 0.0]}}
    aux = [{"id": f"t{i}", "group": te.AUX_GROUP + f"f.py:{i}", "kind": "http", "weight": 1.0, "category": "auth",
            "features": {"w:budget", "w:saml"}} for i in range(te.AUX_MIN_TEMPLATES)]
    model = te.fit_aux(main, aux)
    assert model["weights"]["w:budget"] == main["weights"]["w:budget"]
    saml = model["weights"]["w:saml"]
    assert CATEGORIES[saml.index(max(saml))] == "auth"
    # A word fewer templates use gets no weight.
    assert "w:saml" not in te.fit_aux(main, aux[:-1])["weights"]


def test_a_failed_cli_login_to_the_proxy_is_auth():
    label = harvest.label
    # Thirty-sixth pass: ui_sso.py's CLI login wordings are one failure (log in again), auth by convention 5;
    # "Invalid CLI login session (id)" fell to the bad-request words before. A CLI session token's 400 is not it.
    for message in ("Invalid CLI login session", "Invalid CLI login session id",
                    "CLI login session not found or expired. Run `lite login` again."):
        assert label("http", None, 400, message, "litellm-1.103.0/proxy/management_endpoints/ui_sso.py") == "auth"
    assert label("http", None, 429, "Too many CLI login attempts. Try again later.", "x/ui_sso.py") == "quota_rate"
    assert label("http", None, 400, "budget_limits cannot be set without specifying team_id when using a CLI session token.",
                 "x/key_management_endpoints.py") == "other"
