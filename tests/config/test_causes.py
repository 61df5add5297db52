"""Which failures a flagged config line can cause (config/causes.py, checks/catalog.yaml `failure_shapes`,
`causes:`, `setting_causes`): the data is complete and names real subcategories, and the choice is by the
failure's shape, not its category."""

from __future__ import annotations

import pytest

from litellm_doctor.config.causes import ANY, can_cause, causes_of, failure_shapes
from litellm_doctor.config.checks import catalog, catalog_data
from litellm_doctor.diagnosis.rulebook import load_rules

SHAPES = catalog_data()["failure_shapes"]


def test_every_check_says_what_it_can_cause():
    for check in catalog():
        assert all(c == ANY or c in SHAPES for c in check.causes), (check.id, check.causes)
        assert ANY not in check.causes or len(check.causes) == 1, check.id


def test_every_shape_is_made_of_the_rules_subcategories():
    """A subcategory named here that no rule has is a typo: its failures would never find their fix."""
    used = {r.subcategory for r in load_rules()}
    named = {s for subs in SHAPES.values() for s in subs}
    assert named <= used, sorted(named - used)
    for extra in ("cooldown_causes",):
        assert set(catalog_data()[extra]) <= set(SHAPES)
    for setting, shapes in catalog_data()["setting_causes"].items():
        assert set(shapes) <= set(SHAPES), setting
    for check, by_words in catalog_data()["message_causes"].items():
        assert check in {c.id for c in catalog()}, check
        for words, shapes in by_words.items():
            assert set(shapes) <= set(SHAPES), (check, words)


def test_the_plaintext_secret_is_never_the_cause():
    assert causes_of("LD-CFG-044") == ()
    assert not can_cause("LD-CFG-044", "LD-AUTH-001") and not can_cause("LD-CFG-044", "LD-ROUTE-001", cause_unseen=True)


@pytest.mark.parametrize("check, rule, expected", [
    ("LD-CFG-091", "LD-DEPLOY-019", True),   # api_base path: a 404 on the URL path
    ("LD-CFG-091", "LD-DEPLOY-009", False),  # ... never a refused connection
    ("LD-CFG-091", "LD-DEPLOY-008", False),  # ... nor the SDK's "Connection error."
    ("LD-CFG-091", "LD-AUTH-001", False),    # ... nor a 401
    ("LD-CFG-022", "LD-DEPLOY-009", True),   # localhost inside a container: a refused connection
    ("LD-CFG-022", "LD-DEPLOY-019", False),  # ... not a 404
    ("LD-CFG-015", "LD-AUTH-001", True),     # no key: a 401
    ("LD-CFG-015", "LD-DEPLOY-009", False),
    ("LD-CFG-075", "LD-ROUTE-001", True),    # cooldown_time 0: the cooldown itself
    ("LD-CFG-077", "LD-TIME-001", True),     # the timeout that applies: a timeout
    ("LD-CFG-077", "LD-RATE-002", False),
    ("LD-CFG-091", "LD-DEPLOY-014", False),  # an upstream 5xx: no config line is its cause
    ("LD-CFG-091", "estimate", False),       # an estimate has no shape
])
def test_a_check_causes_its_shapes_only(check, rule, expected):
    assert can_cause(check, rule) is expected


def test_a_cooldown_whose_cause_is_unseen_takes_the_checks_of_the_failures_that_cool_a_deployment():
    assert can_cause("LD-CFG-091", "LD-ROUTE-001", cause_unseen=True)  # a 404 cools a deployment
    assert not can_cause("LD-CFG-091", "LD-ROUTE-001")
    assert not can_cause("LD-CFG-059", "LD-ROUTE-001", cause_unseen=True)  # a licence never does


KEY = "`model_list[2].litellm_params.api_key: os.environ/LD_UNSET_KEY`: LD_UNSET_KEY is not set in this environment"
BASE = "`model_list[2].litellm_params.api_base: os.environ/LD_UNSET_BASE`: LD_UNSET_BASE is not set in this environment"


def test_an_unset_reference_causes_what_its_setting_governs():
    """An unset key is a 401's cause, not a refused connection's; an unset api_base the other way round; a
    setting the data does not name keeps `any`."""
    assert can_cause("LD-CFG-040", "LD-AUTH-001", message=KEY) and not can_cause("LD-CFG-040", "LD-DEPLOY-009", message=KEY)
    assert can_cause("LD-CFG-040", "LD-DEPLOY-009", message=BASE) and not can_cause("LD-CFG-040", "LD-AUTH-001", message=BASE)
    other = "`litellm_settings.success_callback[0]: os.environ/X` is a plain string inside a list"
    assert causes_of("LD-CFG-042", other) == (ANY,) and can_cause("LD-CFG-042", "LD-DEPLOY-014", message=other)


def test_a_subcategory_no_check_causes_has_no_shape():
    assert failure_shapes("upstream_5xx") == frozenset() and failure_shapes(None) == frozenset()
    assert failure_shapes("connection_refused") == {"unreachable"}


REDIS = "`router_settings.redis_host: os.environ/REDIS_HOST`: REDIS_HOST is not set in this environment"


def test_an_unset_redis_or_proxy_setting_is_no_upstreams_cause():
    """Review (2026-12-06): with examples/config.yaml and an unset REDIS_HOST, a refused connection to Ollama (the
    corpus's d2-openhands-ubuntu-ollama-host-docker-internal-refused) was sent to the `redis_host` line: a setting
    the data did not name kept `any`."""
    assert not can_cause("LD-CFG-040", "LD-DEPLOY-009", message=REDIS)  # the upstream refused the connection
    assert can_cause("LD-CFG-040", "LD-DEPLOY-200", message=REDIS)  # Redis unreachable
    master = "`general_settings.master_key: os.environ/LITELLM_MASTER_KEY`: LITELLM_MASTER_KEY is not set"
    assert not can_cause("LD-CFG-040", "LD-AUTH-001", message=master)
    database = "`general_settings.database_url: os.environ/DATABASE_URL`: DATABASE_URL is not set"
    assert can_cause("LD-CFG-040", "LD-DEPLOY-036", message=database)
    assert not can_cause("LD-CFG-040", "LD-DEPLOY-010", message=database)


def test_a_misspelled_sections_finding_causes_what_the_section_governs():
    """A message that does not start with a setting path (`Unknown top-level key ...`) is narrowed by the key it
    suggests: a dropped `general_settings` is the cause of a database or proxy-auth failure, never of a DNS failure
    (the first screen of examples/configs/broken/typos-and-providers.yaml sent DNS, TLS and upstream failures to
    it). Without a suggestion it keeps `any`."""
    typo = "Unknown top-level key `general_setting`: LiteLLM ignores it (did you mean `general_settings`?)"
    assert not can_cause("LD-CFG-001", "LD-DEPLOY-010", message=typo)
    assert can_cause("LD-CFG-001", "LD-DEPLOY-036", message=typo)
    router = "Unknown top-level key `router_setting`: LiteLLM ignores it (did you mean `router_settings`?)"
    assert can_cause("LD-CFG-001", "LD-TIME-001", message=router) and not can_cause("LD-CFG-001", "LD-AUTH-001", message=router)
    assert causes_of("LD-CFG-001", "Unknown top-level key `foo`: LiteLLM ignores it") == (ANY,)
    rpms = "`litellm_params.rpms` (local) is not a LiteLLM parameter (did you mean `rpm`?): it is passed on to the provider"
    assert causes_of("LD-CFG-013", rpms) == ("shared_state",)


def test_a_checks_hit_is_narrowed_by_its_words():
    """LD-CFG-020 has hits of two shapes: its route suffix ("… and fail with 404") was printed as the fix of DNS
    failures and refused connections (review, 2026-12-06), its "not an http(s) URL" hit is their cause."""
    suffix = "mistral-vllm: `api_base` ends with `/chat/completions`: LiteLLM appends the route itself, so requests go to `…/chat/completions/chat/completions` and fail with 404"
    scheme = "llama3: `api_base: localhost:11434` is not an http(s) URL: LiteLLM cannot connect to it"
    assert can_cause("LD-CFG-020", "LD-DEPLOY-019", message=suffix)
    assert not can_cause("LD-CFG-020", "LD-DEPLOY-010", message=suffix)  # a DNS failure
    assert not can_cause("LD-CFG-020", "LD-DEPLOY-009", message=suffix)  # a refused connection
    assert can_cause("LD-CFG-020", "LD-DEPLOY-009", message=scheme)
    assert not can_cause("LD-CFG-020", "LD-DEPLOY-019", message=scheme)


def test_the_proxys_own_variables_exported_as_a_repr_cause_what_they_govern():
    """Review (2026-12-06): with examples/configs/broken/placeholders-and-exports.yaml, the mapping under
    `environment_variables.LITELLM_SALT_KEY` was printed as the fix of upstream DNS and TLS failures."""
    salt = "`environment_variables.LITELLM_SALT_KEY` is a mapping: LiteLLM exports `str()` of it (`{'a': 1}…`) over the real LITELLM_SALT_KEY"
    assert not can_cause("LD-CFG-092", "LD-DEPLOY-010", message=salt)  # a DNS failure
    assert not can_cause("LD-CFG-092", "LD-AUTH-001", message=salt)
    assert can_cause("LD-CFG-092", "LD-DEPLOY-036", message=salt)  # the database
    key = "`environment_variables.AZURE_API_KEY` is a mapping: LiteLLM exports `str()` of it (`{'a': 1}…`) over the real AZURE_API_KEY"
    assert can_cause("LD-CFG-092", "LD-AUTH-001", message=key)


def test_an_entra_only_resource_is_not_cured_by_setting_a_key():
    """Review (2026-12-06): LD-AUTH-101 (key-based auth disabled, an Entra ID token needed) was given "Set
    AZURE_API_KEY" as its fix when the deployment's key reference was unset; an unset Entra setting can be it."""
    assert not can_cause("LD-CFG-040", "LD-AUTH-101", message=KEY)
    secret = "`model_list[2].litellm_params.client_secret: os.environ/AZURE_CLIENT_SECRET`: AZURE_CLIENT_SECRET is not set in this environment"
    assert can_cause("LD-CFG-040", "LD-AUTH-101", message=secret)
    assert can_cause("LD-CFG-040", "LD-AUTH-001", message=KEY)


def test_a_confirmed_suspicion_reads_the_checks_causes_once(monkeypatch):
    """config/tie.py `_confirmed` (is an info finding the diagnosed failure's own shape, not `any`?) read a finding's
    causes, then again inside `can_cause`: twice per info finding. Once, with the same verdicts."""
    from litellm_doctor.config import causes as causes_module
    from litellm_doctor.config.tie import _confirmed
    from litellm_doctor.model import Finding

    calls = []
    real = causes_module.causes_of
    monkeypatch.setattr(causes_module, "causes_of", lambda *a, **k: calls.append(a) or real(*a, **k))

    def finding(check: str, message: str = "") -> Finding:
        return Finding(rule_id=check, category="deployment", severity="info", title="t", message=message)

    typo = "`model_list[0].litellm_params.api_bsae: x` (did you mean `api_base`?)"
    for check, message, rule, expected in [
        ("LD-CFG-091", "", "LD-DEPLOY-019", True),   # a pathless api_base, a 404 on the path
        ("LD-CFG-091", "", "LD-DEPLOY-009", False),  # ... not a refused connection
        ("LD-CFG-001", "Unknown top-level key `foo`: LiteLLM ignores it", "LD-DEPLOY-019", False),  # `any`: no confirmation
        ("LD-CFG-013", typo, "LD-DEPLOY-019", causes_of("LD-CFG-013", typo) != (ANY,) and can_cause("LD-CFG-013", "LD-DEPLOY-019", message=typo)),
    ]:
        calls.clear()
        assert _confirmed(finding(check, message), rule) is expected, (check, rule)
        assert len(calls) == 1, (check, rule, calls)
    calls.clear()
    assert _confirmed(finding("LD-CFG-091"), "") is False and calls == []  # no diagnosis: nothing read
