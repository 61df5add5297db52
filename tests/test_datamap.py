"""datamap.map_strings keeps the types it rebuilds: a rule's examples stay `Example`s once masked."""

from __future__ import annotations

from litellm_doctor.datamap import map_strings
from litellm_doctor.diagnosis.rulebook import Example, load_rules


def test_named_tuples_and_plain_tuples_keep_their_type():
    rule = load_rules()[0]
    mapped = map_strings(rule, str.upper)
    assert all(isinstance(e, Example) for e in mapped.examples)
    assert mapped.examples[0].text == rule.examples[0].text.upper()
    assert type(map_strings(("a", "b"), str.upper)) is tuple
