"""Deployment files that point at other files: docker compose `extends`, kustomize overlays over a base.
Each number keeps the file:line where its effective value is written; chains are bounded and cycles
are a note, never a hang."""

from __future__ import annotations

import os
from pathlib import Path

from cfg_helpers import write
from litellm_doctor.config.deployshape import read_shape

CONFIG = "model_list:\n  - model_name: m\n    litellm_params: {model: openai/gpt-4o, api_key: sk-x, rpm: 100}\n"


def shape_of(tmp_path: Path, files: dict[str, str], deploy: tuple[str, ...] = ()):
    path = write(tmp_path, CONFIG)
    for name, text in files.items():
        write(tmp_path, text, name)
    return read_shape(path, [tmp_path / d for d in deploy])


def shown(path: Path) -> str:
    rel = os.path.relpath(path)
    return str(path) if rel.startswith("..") else rel


# -- docker compose extends ---------------------------------------------------------------------------
def test_extends_a_service_of_the_same_file(tmp_path):
    compose = """services:
  litellm-base:
    image: ghcr.io/berriai/litellm:main-v1.103.0
    command: ["--config", "/app/config.yaml", "--num_workers", "4"]
    environment: {NUM_WORKERS: 2}
    deploy: {replicas: 0}
  litellm:
    extends: litellm-base
    deploy: {replicas: 3}
"""
    shape = shape_of(tmp_path, {"docker-compose.yml": compose})
    units = {u.name: u for u in shape.units}
    # the base service is a service of the project too (scaled to 0 here); the one extending it inherits its command
    assert units["service litellm"].processes == 12 and units["service litellm-base"].processes == 0
    unit = units["service litellm"]
    where = shown(tmp_path / "docker-compose.yml")
    assert unit.replicas.where == f"{where}:9" and unit.workers.where == f"{where}:4"
    assert shape.processes == 12


def test_extends_a_service_in_another_file_with_its_own_relative_paths(tmp_path):
    common = """services:
  proxy:
    image: ghcr.io/berriai/litellm-database:main-v1.103.0
    env_file: litellm.env
    deploy:
      replicas: 2
"""
    compose = """services:
  litellm:
    extends:
      file: ../common/services.yml
      service: proxy
    command: --config /app/config.yaml
"""
    shape = shape_of(tmp_path / "app", {"docker-compose.yml": compose, "../common/services.yml": common,
                                        "../common/litellm.env": "NUM_WORKERS=5\n"})
    (unit,) = shape.units
    assert (unit.replicas.value, unit.workers.value, shape.processes) == (2, 5, 10)
    assert unit.replicas.where == f"{shown(tmp_path / 'common' / 'services.yml')}:6"
    assert unit.workers.where == f"{shown(tmp_path / 'common' / 'litellm.env')}:1"  # env_file relative to the file that names it
    assert shown(tmp_path / "common" / "services.yml") in shape.files
    # the service's own keys win over the extended ones
    own = compose + "    deploy: {replicas: 7}\n    environment: [NUM_WORKERS=1]\n"
    shape = shape_of(tmp_path / "b" / "app", {"docker-compose.yml": own, "../common/services.yml": common,
                                              "../common/litellm.env": "NUM_WORKERS=5\n"})
    (unit,) = shape.units
    assert (unit.replicas.value, unit.workers.value) == (7, 1)
    assert unit.replicas.where == f"{shown(tmp_path / 'b' / 'app' / 'docker-compose.yml')}:7"


def test_extends_chain_across_files_and_an_override_on_top(tmp_path):
    base = "services:\n  a:\n    image: ghcr.io/berriai/litellm:main\n    command: --num_workers 3\n"
    middle = "services:\n  b:\n    extends: {file: base.yml, service: a}\n    deploy: {replicas: 4}\n"
    compose = "services:\n  litellm:\n    extends: {file: middle.yml, service: b}\n"
    override = "services:\n  litellm:\n    deploy: {replicas: 6}\n"
    shape = shape_of(tmp_path, {"compose.yaml": compose, "middle.yml": middle, "base.yml": base, "compose.override.yaml": override})
    (unit,) = shape.units
    assert (unit.replicas.value, unit.workers.value) == (6, 3)
    assert unit.replicas.where == f"{shown(tmp_path / 'compose.override.yaml')}:3"
    assert unit.workers.where == f"{shown(tmp_path / 'base.yml')}:4"


def test_extends_cycles_missing_services_and_long_chains_are_notes(tmp_path):
    cycle = """services:
  litellm:
    image: ghcr.io/berriai/litellm:main
    extends: other
    scale: 2
  other:
    image: ghcr.io/berriai/litellm:main
    extends: litellm
  self:
    image: ghcr.io/berriai/litellm:main
    extends: self
  lost:
    image: ghcr.io/berriai/litellm:main
    extends: {service: nowhere, file: nothere.yml}
"""
    shape = shape_of(tmp_path / "a", {"docker-compose.yml": cycle})
    assert {u.name: u.processes for u in shape.units} == {"service litellm": 2, "service other": 2, "service self": 1, "service lost": 1}
    assert sum("loops back" in n for n in shape.notes) >= 2, shape.notes
    assert any("nothere.yml" in n and "not followed" in n for n in shape.notes)
    # a chain of 12 files, each extending the next: followed to the bound, then a note
    files = {"compose.yaml": "services:\n  litellm:\n    extends: {file: f0.yml, service: s}\n"}
    for i in range(12):
        files[f"f{i}.yml"] = f"services:\n  s:\n    image: ghcr.io/berriai/litellm:main\n    extends: {{file: f{i + 1}.yml, service: s}}\n"
    shape = shape_of(tmp_path / "b", files)
    assert len(shape.units) == 1 and any("chain of more than 8" in n for n in shape.notes), shape.notes
    # a file that extends itself through another file: a cycle across files
    files = {"compose.yaml": "services:\n  litellm:\n    image: ghcr.io/berriai/litellm:main\n    extends: {file: x.yml, service: s}\n",
             "x.yml": "services:\n  s:\n    extends: {file: x.yml, service: s}\n"}
    shape = shape_of(tmp_path / "c", files)
    assert any("loops back" in n for n in shape.notes), shape.notes


def test_environment_wins_over_every_env_file_and_the_last_env_file_wins(tmp_path):
    base = "services:\n  a:\n    image: ghcr.io/berriai/litellm:main\n    environment: {NUM_WORKERS: 2}\n"
    compose = "services:\n  litellm:\n    extends: {file: base.yml, service: a}\n    env_file: [one.env, two.env]\n"
    shape = shape_of(tmp_path / "a", {"compose.yaml": compose, "base.yml": base, "one.env": "NUM_WORKERS=3\n", "two.env": "NUM_WORKERS=4\n"})
    assert shape.units[0].workers.value == 2 and shape.units[0].workers.where.endswith("base.yml:4")
    shape = shape_of(tmp_path / "b", {"compose.yaml": compose, "base.yml": base.replace("    environment: {NUM_WORKERS: 2}\n", ""),
                                      "one.env": "NUM_WORKERS=3\n", "two.env": "NUM_WORKERS=4\n"})
    assert shape.units[0].workers.value == 4 and shape.units[0].workers.where.endswith("two.env:1")
