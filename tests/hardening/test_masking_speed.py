"""Masking runs in linear time (issue 15): 1 MiB of adversarial text, a generous bound for CI.

The budget (< 1 s per MiB) is checked by benchmarks/masking_speed.py; this test only catches a
pattern that went quadratic again (minutes, not a second).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from masking_speed import FRAGMENTS, adversarial_inputs  # noqa: E402

from litellm_doctor.masking import mask  # noqa: E402


@pytest.mark.parametrize("name", sorted(FRAGMENTS))
def test_one_mib_of_adversarial_text_is_masked_in_bounded_time(name):
    text = adversarial_inputs()[name]
    started = time.process_time()
    mask(text)
    assert time.process_time() - started < 8.0, name  # quadratic was minutes; linear is well under 1 s


def test_time_grows_linearly_with_the_input():
    fragment = "a-"
    small, big = fragment * (1 << 14), fragment * (1 << 18)  # 32 KiB and 512 KiB: 16x more
    t0 = time.process_time()
    for _ in range(4):
        mask(small)
    t_small = (time.process_time() - t0) / 4
    t0 = time.process_time()
    mask(big)
    t_big = time.process_time() - t0
    assert t_big < 16 * 6 * max(t_small, 1e-3), (t_small, t_big)  # quadratic would be 256x


def test_many_known_secrets_stay_linear():
    import random
    import string

    from litellm_doctor import masking

    rng = random.Random(15)
    try:
        for _ in range(10_000):  # more than MAX_KNOWN: the registry stops growing
            masking.register("".join(rng.choices(string.ascii_letters + string.digits, k=24)))
        assert masking.known_count() == masking.MAX_KNOWN
        text = adversarial_inputs()["prose (reference)"]
        started = time.process_time()
        mask(text)
        assert time.process_time() - started < 15.0  # an alternation of 5000 literals took 17 s under load
        value = next(iter(masking._known))
        assert value not in mask(f"key {value} refused")
    finally:
        masking.forget_all()
