"""The first screen prints the first sentence of a rule's `why`: never one cut inside an abbreviation, a code span or
a parenthesis (LD-TIME-913 printed "tenacity's `@retry` raises `RetryError` when its stop condition (e.g.")."""
from __future__ import annotations

from litellm_doctor.diagnosis import rulebook
from litellm_doctor.formats.text import first_sentence


def test_an_abbreviation_code_or_a_quote_does_not_end_the_sentence():
    assert first_sentence("A stop condition (e.g. `stop_after_attempt(3)`) fired. The rest.") == (
        "A stop condition (e.g. `stop_after_attempt(3)`) fired.")
    assert first_sentence("It prints `RetryError[<Future at 0x... state=finished>]` only. More.") == (
        "It prints `RetryError[<Future at 0x... state=finished>]` only.")
    assert first_sentence('LiteLLM says "LLM Provider NOT provided. Pass it". Then.') == (
        'LiteLLM says "LLM Provider NOT provided. Pass it".')
    assert first_sentence("One sentence. Two.") == "One sentence."


def test_no_rule_shows_a_cut_first_sentence():
    cut = []
    for rule in rulebook.load_rules():
        sentence = first_sentence(" ".join(rule.why.split()))
        if sentence and (sentence.count("`") % 2 or sentence.count("(") != sentence.count(")")
                         or sentence.endswith(("e.g.", "i.e."))):
            cut.append((rule.id, sentence[-60:]))
    assert cut == []
