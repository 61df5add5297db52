"""Fixtures for the config tests."""

from __future__ import annotations

import pytest

from cfg_helpers import assert_case


@pytest.fixture
def case(tmp_path):
    def run(check_id, failing, passing, env=None, **options):
        assert_case(tmp_path, check_id, failing, passing, env, **options)

    return run
