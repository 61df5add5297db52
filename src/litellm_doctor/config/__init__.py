"""Read a LiteLLM config.yaml as the proxy does, check it, and tie diagnoses to it.

    from litellm_doctor.config import load_config, run_checks, tie_to_config

    config = load_config("config.yaml")          # InputError("file:line: problem") when unusable
    report = run_checks(config)                  # the `check` report
    report = tie_to_config(diagnosis, config)    # a `diagnose` report with the config lines attached

Never imports litellm: what LiteLLM accepts is stored as data, per version in `litellm_doctor.knowledge`
(`python -m litellm_doctor.knowledge.generate VERSION`, from the released wheels) plus 1.103.0's runtime
tables in `_litellm_data.py` (`python -m litellm_doctor.config._generate`). `upgrade.py` is
`check --upgrade-to`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .loader import Config, Deployment, Environment, EnvRef, load_config

if TYPE_CHECKING:
    from ..model import Report

__all__ = ["Config", "Deployment", "EnvRef", "Environment", "load_config", "run_checks", "tie_to_config"]


def run_checks(config: Config, **kwargs: Any) -> Report:
    from .engine import run_checks as _run

    return _run(config, **kwargs)


def tie_to_config(report: Report, config: Config) -> Report:
    from .tie import tie_to_config as _tie

    return _tie(report, config)
