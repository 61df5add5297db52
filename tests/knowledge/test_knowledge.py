"""The per-version knowledge: generated deterministically from the released wheel, shipped as data,
and used for key look-ups, version detection, advisories and `check --upgrade-to`."""

from __future__ import annotations

import glob
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from litellm_doctor import knowledge
from litellm_doctor.errors import InputError
from litellm_doctor.knowledge import advisories, detect
from litellm_doctor.knowledge.versions import parse_version

DATA = Path(knowledge.__file__).with_name("data")


@pytest.fixture(scope="session")
def wheels_1_103(tmp_path_factory) -> tuple[str, str | None]:
    """The released litellm 1.103.0 wheel and the litellm_enterprise build it pins (pip's cache usually has
    both: the test extra installs them)."""
    from litellm_doctor.knowledge.generate import Wheel, enterprise_wheel

    dest = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps",
         "--only-binary", ":all:", "-d", str(dest), "litellm==1.103.0"],
        capture_output=True, text=True, timeout=600,
    )
    found = glob.glob(str(dest / "litellm-1.103.0-*.whl"))
    if proc.returncode != 0 or not found:
        if os.environ.get("CI"):
            pytest.fail(f"pip download litellm==1.103.0 failed: {proc.stderr[-500:]}")
        pytest.skip("the litellm 1.103.0 wheel cannot be downloaded here")
    return found[0], enterprise_wheel(Wheel(found[0]), str(dest))


def test_generator_is_deterministic_and_the_shipped_data_is_current(wheels_1_103):
    from litellm_doctor.knowledge.generate import collect, render

    first = render(collect(*wheels_1_103))
    second = render(collect(*wheels_1_103))
    assert first == second
    assert first == (DATA / "1.103.0.json").read_bytes(), "regenerate: python -m litellm_doctor.knowledge.generate 1.103.0"


def test_generated_1_103_matches_what_the_importing_generator_found():
    """The ast reading agrees with 1.103.0's runtime-derived tables where both exist."""
    from litellm_doctor.config import _litellm_data as runtime

    k = knowledge.load("1.103.0")
    # + the keys litellm_enterprise reads (block_robots, email_settings, …), which the old grep missed
    assert k.sections["general_settings"] >= frozenset(runtime.GENERAL_SETTINGS_KEYS)
    assert "block_robots" in k.sections["general_settings"]
    assert k.sections["router_settings"] == frozenset(runtime.ROUTER_SETTINGS_KEYS)
    assert k.sections["litellm_params"] == frozenset(runtime.LITELLM_PARAMS_KEYS)
    assert frozenset(runtime.MODEL_INFO_KEYS) <= k.sections["model_info"]
    assert k.json_providers == frozenset(runtime.JSON_PROVIDERS)


def test_three_versions_are_shipped_compactly():
    versions = knowledge.versions()
    assert versions[0] == "1.103.0" and len(versions) >= 3
    assert any(v.startswith("1.108.") for v in versions)
    assert versions == tuple(sorted(versions, key=parse_version))
    total = sum(p.stat().st_size for p in DATA.glob("*.json"))
    assert total < 1_500_000, f"knowledge data is {total} bytes"
    for p in DATA.glob("*.json"):
        raw = p.read_text()
        assert "\n" not in raw.rstrip("\n") and json.loads(raw)["version"] == p.stem


def test_what_changed_between_versions_is_in_the_data():
    old, lts, new = knowledge.load("1.103.0"), knowledge.load("1.108.14"), knowledge.load(knowledge.newest())
    assert "PaymentRequiredError" not in old.exceptions and lts.exceptions["PaymentRequiredError"]["status"] == 402
    assert "EndpointNotSupportedByModelError" in new.exceptions
    assert old.defaults.get("budget_exceeded_status_code") is None and lts.defaults["budget_exceeded_status_code"] == 422
    assert "disk" in lts.cache_types and "disk" not in new.cache_types
    assert not old.feature("master_key_refusal") and lts.feature("master_key_refusal")
    assert any("No fallback was attempted" in m for m in lts.messages)
    assert not any("No fallback was attempted" in m for m in old.messages)


def test_nearest_and_key_status():
    from litellm_doctor.config.checks.util import key_status

    assert knowledge.nearest("1.105.2") == "1.103.0"
    assert knowledge.nearest("1.108.14") == "1.108.14"
    assert knowledge.nearest("1.50.0") == "1.103.0"
    assert key_status("general_settings", "disable_model_info_refresh", "1.103.0") == "1.108.14"
    assert key_status("general_settings", "disable_model_info_refresh", "1.108.14") == "known"
    assert key_status("general_settings", "master_kee", "1.108.14") is None
    assert key_status("general_settings", "disable_model_info_refresh", None) is None


def test_detect_order(tmp_path):
    cfg = tmp_path / "config.yaml"
    cfg.write_text("model_list: []\n")
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n  litellm:\n    # image: ghcr.io/berriai/litellm:v1.50.0\n"
        "    image: ghcr.io/berriai/litellm:main-v1.108.14-stable\n"
    )
    assert detect.detect(option="1.105.0", proxy_version="1.108.14", config_path=cfg).source == "--litellm-version"
    assert detect.detect(proxy_version="1.108.14", config_path=cfg).source == "reported by the proxy"
    found = detect.detect(config_path=cfg)
    assert (found.version, found.source) == ("1.108.14", "image tag in docker-compose.yml:4")
    assert "knowledge of LiteLLM 1.108.14" in found.note()
    (tmp_path / "docker-compose.yml").write_text("services:\n  l:\n    image: ghcr.io/berriai/litellm:main-latest\n")
    (tmp_path / "deploy.yaml").write_text("spec:\n  containers:\n    - image: ghcr.io/berriai/litellm-database:v1.103.0\n")
    assert detect.detect(config_path=cfg).version == "1.103.0"
    assumed = detect.detect(config_path=tmp_path / "no" / "where" / "config.yaml", use_installed=False)
    assert assumed.assumed and assumed.version == knowledge.newest() and "assuming" in assumed.note()
    with pytest.raises(InputError):
        detect.detect(option="latest")


def test_advisories():
    assert [a.id for a in advisories.for_version("1.82.7")][:1] == ["PYSEC-2026-2"]
    assert [a.id for a in advisories.for_version("1.82.8") if a.certain] == ["PYSEC-2026-2"]
    assert advisories.for_version("1.82.6") and not any(a.certain for a in advisories.for_version("1.82.6"))
    assert advisories.for_version("1.108.14") == []
    for a in advisories.all_advisories():
        assert a.url.startswith("https://") and a.move_to and (a.affected or a.affected_below)


def test_detect_looks_in_manifest_dirs_and_the_parent(tmp_path):
    project = tmp_path / "proxy"
    (project / "k8s").mkdir(parents=True)
    cfg = project / "config.yaml"
    cfg.write_text("model_list: []\n")
    (tmp_path / "docker-compose.yml").write_text("services:\n  l:\n    image: ghcr.io/berriai/litellm:v1.110.2\n")
    assert detect.image_tag(cfg)[0] == "1.110.2"
    (project / "k8s" / "deployment.yaml").write_text("spec:\n  template:\n    spec:\n      containers:\n"
                                                     "        - image: ghcr.io/berriai/litellm:main-v1.108.14-stable\n")
    assert detect.image_tag(cfg) == ("1.108.14", "k8s/deployment.yaml:5")


def test_detect_names_every_version_the_deployment_files_run(tmp_path):
    # a rollout: two Deployments beside the config run two releases; the newest is used and both are said
    cfg = tmp_path / "config.yaml"
    cfg.write_text("model_list: []\n")
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "a.yaml").write_text("spec:\n  containers:\n    - image: ghcr.io/berriai/litellm:main-v1.108.14\n")
    (tmp_path / "k8s" / "b.yaml").write_text("spec:\n  containers:\n    - image: ghcr.io/berriai/litellm-database:v1.103.0\n")
    assert detect.image_tags(cfg) == [("1.108.14", "k8s/a.yaml:3"), ("1.103.0", "k8s/b.yaml:3")]
    found = detect.detect(config_path=cfg)
    assert found.version == "1.108.14" and not found.assumed
    assert "1.103.0 at k8s/b.yaml:3" in found.note() and "the newest of 2 versions" in found.note()
    (tmp_path / "k8s" / "b.yaml").write_text("spec:\n  containers:\n    - image: ghcr.io/berriai/litellm:main-v1.108.14-stable\n")
    assert detect.detect(config_path=cfg).source == "image tag in k8s/a.yaml:3"
