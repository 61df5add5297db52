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


def test_one_walk_gives_the_strings_at_named_fields_their_own_function():
    """formats/sanitize.clean_data(names=True) walked a report twice (map_strings, then its own walk putting the file
    names back); the one walk knows where a file is named: `(container, field)`, lists and tuples being no fields."""
    from litellm_doctor.model import Finding, Location, Report

    located = Finding(rule_id="r", category="other", severity="info", title="t", message="config.yaml",
                      location=Location(file="config.yaml", line=3))
    report = Report(command="check", category="other", diagnosis=None,
                    facts={"config": "config.yaml", "log_file": "a.log", "model": "config"}, findings=(located,),
                    notes=("config.yaml",))
    names = {("facts", "config"): str.title, ("facts", "log_file"): str.title, ("location", "file"): str.title}
    mapped = map_strings([report], str.upper, names)[0]
    assert mapped.facts == {"CONFIG": "Config.Yaml", "LOG_FILE": "A.Log", "MODEL": "CONFIG"}  # (keys mapped too)
    assert mapped.findings[0].location.file == "Config.Yaml" and mapped.findings[0].message == "CONFIG.YAML"
    assert mapped.notes == ("CONFIG.YAML",) and mapped.command == "CHECK"
    # a top-level object's own field: `(None, field)`, through a list too
    from litellm_doctor.config.checkrun import Checked

    checked = map_strings([Checked(path="a.yaml", report=report)], str.upper, {(None, "path"): str.title, **names})[0]
    assert checked.path == "A.Yaml" and checked.report.facts["CONFIG"] == "Config.Yaml"
    assert map_strings(report, str.upper).facts["CONFIG"] == "CONFIG.YAML"  # without names: every string alike
