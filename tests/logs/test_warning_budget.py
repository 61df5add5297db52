"""Hundred-and-fourth pass: warnings no rule knows are budgeted per kind, not dropped unread past one cap.

Before, the triage remembered 2000 signatures of warnings no rule knew and, once that set was full, dropped every
new warning unread and uncounted: a warning that names the cause, late in a long log, was lost. The budget is now per
kind (the statement that logged it): a kind that gave TRIES_PER_KIND distinct unknown warnings is skipped and its
warnings counted; a warning of another kind is still read. Memory stays bounded.
"""

from __future__ import annotations

import hashlib

from litellm_doctor.logs import triage_log
from litellm_doctor.logs.warnbudget import MAX_KINDS, TRIES_PER_KIND, WarningBudget

RATE_LIMIT = ("12:59:59 - LiteLLM Router:WARNING: router.py:1 - litellm.RateLimitError: RateLimitError: OpenAIException - "
              "Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3\n")


def _word(n: int) -> str:
    # letters only: the signature keeps them (numbers, ids and hashes are normalised away)
    return "".join(chr(97 + int(c, 16) % 26) for c in hashlib.sha1(str(n).encode()).hexdigest()[:10])


def test_a_warning_that_names_the_cause_is_read_after_thousands_of_unknown_ones(tmp_path):
    noisy = "".join(f"12:00:00 - LiteLLM Proxy:WARNING: auth_checks.py:77 - ignoring header x-{_word(n)} from client\n"
                    for n in range(2500))
    log = tmp_path / "long.log"
    log.write_text(noisy + RATE_LIMIT)
    report = triage_log(str(log))
    (g,) = report.groups
    assert g.kind == "warning" and g.category == "quota_rate"
    # the capped kind is counted, not silently dropped
    (note,) = [n for n in report.notes if "were not read" in n]
    assert note.startswith(f"{2500 - TRIES_PER_KIND} warning(s) were not read") and "auth_checks.py:77" in note


def test_the_budget_is_bounded():
    budget = WarningBudget()
    for n in range(MAX_KINDS + 50):
        kind = f"k{n}"
        assert budget.may_read(kind) == (n < MAX_KINDS)
        budget.no_rule(f"s{n}", kind)
    assert len(budget._tries) == MAX_KINDS and len(budget._no_rule) <= 2000
    assert budget.unread["(other kinds)"] == 50
    for n in range(TRIES_PER_KIND + 5):
        if budget.may_read("k0"):
            budget.no_rule(f"t{n}", "k0")
    assert budget.unread["k0"] >= 5 and budget.known("s1")


def test_a_log_of_thousands_of_warning_kinds_has_a_bounded_number_classified(monkeypatch, tmp_path):
    """review20: 2000 kinds (`auth_checks.py:N`, another N a line) of 20 distinct warnings each had 40,000 warnings
    classified (91 s for that 4.7 MB log). Past TOTAL_TRIES in all only each new kind's first warning is read; a
    warning naming the cause after them is still read."""
    from litellm_doctor.logs import triage, warnbudget

    kinds, per = 300, 20  # 6000 distinct unknown warnings, 300 kinds (the limits scaled down below)
    monkeypatch.setattr(warnbudget, "TOTAL_TRIES", 1000, raising=False)
    noisy = "".join(f"12:00:00 - LiteLLM Proxy:WARNING: auth_checks.py:{k} - ignoring header x-{_word(k * 100 + j)} "
                    f"from client\n" for j in range(per) for k in range(kinds))
    log = tmp_path / "kinds.log"
    log.write_text(noisy + RATE_LIMIT)
    classified = []
    cls = next(c for c in vars(triage).values() if isinstance(c, type) and hasattr(c, "_classify"))
    real = cls._classify
    monkeypatch.setattr(cls, "_classify", lambda self, *a, **k: classified.append(1) or real(self, *a, **k))
    report = triage_log(str(log))
    assert 1000 <= len(classified) <= 1000 + kinds + 1, len(classified)
    (g,) = report.groups
    assert g.category == "quota_rate"
    (note,) = [n for n in report.notes if "were not read" in n]
    assert note.startswith(f"{kinds * per - len(classified) + 1} warning(s) were not read") and "1000 in all" in note
    monkeypatch.undo()
    assert warnbudget.TOTAL_TRIES == 4000
