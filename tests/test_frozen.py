"""`@frozen` (frozen.py) behaves as `@dataclass(frozen=True)` for what the code uses of it."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import dataclass, field

import pytest

from litellm_doctor.diagnosis.rulebook import Rule
from litellm_doctor.frozen import Frozen, asdict, field_names, frozen, is_data, replace
from litellm_doctor.frozen import field as ours_field
from litellm_doctor.model import Diagnosis, Finding, Location, Report, RuleInfo
from pasted_run import run_watching

RATE = ("litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached for gpt-4o in organization org-abc "
        "on tokens per min (TPM): Limit 30000, Used 29000, Requested 2000. Please try again in 6.7s.")


@frozen
class Shared(Frozen):
    """A @frozen class."""

    a: str
    b: tuple[str, ...] = ()
    c: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Generated:
    """Its twin, as @dataclass writes it."""

    a: str
    b: tuple[str, ...] = ()
    c: dict[str, str] = field(default_factory=dict)


class Plain(Shared):
    """A subclass that is not made @frozen itself."""


@pytest.mark.parametrize("args,kwargs", [(("x",), {}), (("x", ("y",)), {}), (("x",), {"c": {"k": "v"}}), ((), {"a": "x", "b": ()})])
def test_frozen_matches_a_generated_frozen_dataclass(args, kwargs):
    ours, theirs = Shared(*args, **kwargs), Generated(*args, **kwargs)
    assert repr(ours).replace("Shared", "Generated") == repr(theirs)
    assert dataclasses.asdict(ours) == dataclasses.asdict(theirs)
    assert [f.name for f in dataclasses.fields(ours)] == [f.name for f in dataclasses.fields(theirs)]
    assert list(vars(ours)) == list(vars(theirs))
    assert ours == Shared(*args, **kwargs) and ours != theirs and ours != Shared("other")
    assert dataclasses.replace(ours, a="z") == Shared("z", ours.b, ours.c)
    assert pickle.loads(pickle.dumps(ours)) == ours == copy.deepcopy(ours)
    for name in ("a", "new"):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(ours, name, "v")
        with pytest.raises(dataclasses.FrozenInstanceError):
            delattr(ours, name)


def test_hash_equality_defaults_and_wrong_calls():
    assert hash(Diagnosis("r", "n", "t", "auth", 0.9, "w")) == hash(("r", "n", "t", "auth", 0.9, "w", False, "rule"))
    assert Shared("x").c is not Shared("x").c  # a default_factory is called for each instance
    with pytest.raises(TypeError):
        hash(Shared("x"))  # a dict field: unhashable, as the generated __hash__ makes it
    with pytest.raises(TypeError):
        Shared()
    with pytest.raises(TypeError):
        Shared("x", a="y")
    with pytest.raises(TypeError):
        Shared("x", d=1)
    with pytest.raises(TypeError):
        Shared("x", (), {}, 4)
    plain = Plain("x")
    plain.note = "set"  # not a field of a class made @frozen: allowed, as the generated __setattr__ allows it
    assert plain.note == "set" and plain != Shared("x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        plain.a = "y"


def test_the_models_classes_are_frozen_dataclasses():
    finding = Finding("LD-X-001", "auth", "error", "title", "message")
    report = Report("diagnose", "auth", None, findings=(finding,))
    assert dataclasses.is_dataclass(report) and dataclasses.replace(report, notes=("n",)).notes == ("n",)
    assert dataclasses.asdict(report)["findings"][0]["rule_id"] == "LD-X-001"
    assert {finding, Finding("LD-X-001", "auth", "error", "title", "message")} == {finding}
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.category = "other"


@dataclass(frozen=True)
class Location2:
    """A dataclass that is not @frozen, inside a @frozen one (as probe results are in a report)."""

    file: str
    line: int | None = None


@frozen
class Outer(Frozen):
    """A @frozen class holding every kind of value asdict walks."""

    name: str
    where: Location2 | None = None
    inner: tuple[Shared, ...] = ()
    table: dict[str, list[str]] = ours_field(default_factory=dict)
    pair: tuple[str, int] = ("a", 1)


def test_the_dataclass_fields_are_made_lazily_and_as_dataclass_makes_them():
    """`__dataclass_fields__` and `__dataclass_params__` are those `@dataclass(init=False, repr=False, eq=False)` gave
    (hundred-and-sixteenth pass): same fields, in the same order, with the same attributes; subclasses have their own."""

    @dataclass(init=False, repr=False, eq=False)
    class RuleInfoTwin:
        """As frozen made RuleInfo before."""

        __annotations__ = dict(RuleInfo.__annotations__)

    @dataclass(init=False, repr=False, eq=False)
    class ReportTwin:
        """As frozen made Report before."""

        command: str
        category: str
        diagnosis: Diagnosis | None
        facts: dict[str, str] = field(default_factory=dict)
        findings: tuple[Finding, ...] = ()
        probes: tuple = ()
        notes: tuple[str, ...] = ()
        groups: tuple = ()
        fleet: object = None

    def described(cls):
        return [(f.name, f.default, f.default_factory, f.init, f.repr, f.hash, f.compare, dict(f.metadata), f.kw_only,
                 f._field_type) for f in dataclasses.fields(cls)]

    assert described(RuleInfo) == described(RuleInfoTwin)
    assert [(f.name, f.type) for f in dataclasses.fields(RuleInfo)] == list(RuleInfo.__annotations__.items())
    ours, twin = described(Report), described(ReportTwin)
    assert [d[0] for d in ours] == [d[0] for d in twin] and [d[1:] for d in ours] == [d[1:] for d in twin]
    assert repr(Report.__dataclass_params__) == repr(ReportTwin.__dataclass_params__)
    assert [f.name for f in dataclasses.fields(Rule)][:8] == [f.name for f in dataclasses.fields(RuleInfo)]
    # (23 fields since `bare`, the hundred-and-forty-first pass)
    assert [f.name for f in dataclasses.fields(Rule)] == list(Rule._names) and len(Rule._names) == 23
    assert dataclasses.fields(Plain) == dataclasses.fields(Shared) and dataclasses.is_dataclass(Plain("x"))
    assert not dataclasses.is_dataclass(Frozen) and not hasattr(Frozen, "__dataclass_fields__")
    assert "facts" not in Report.__dict__ and Report.findings == () and Report.__match_args__ == Report._names


def test_replace_asdict_and_field_names_without_dataclasses_do_what_dataclasses_does():
    values = [
        Outer("o"),
        Outer("o", Location2("f", 3), (Shared("x"), Shared("y", ("z",), {"k": "v"})), {"t": ["u"]}),
        Report("diagnose", "auth", Diagnosis("r", "n", "t", "auth", 0.9, "w"), {"a": "b"},
               (Finding("LD-X-001", "auth", "error", "title", "message", ("s",), Location("c.yaml", 4)),), notes=("n",)),
        Location2("f"),
    ]
    for value in values:
        assert is_data(value) and dataclasses.is_dataclass(value)
        assert asdict(value) == dataclasses.asdict(value)
        assert field_names(value) == tuple(f.name for f in dataclasses.fields(value))
        name = field_names(value)[0]
        assert replace(value, **{name: "changed"}) == dataclasses.replace(value, **{name: "changed"})
    copied = asdict(values[1])
    assert copied["table"] == {"t": ["u"]} and copied["table"]["t"] is not values[1].table["t"]  # made anew
    assert type(asdict(values[1])["inner"]) is tuple and asdict(values[1])["inner"][1]["c"] == {"k": "v"}
    for not_data in ("x", Shared, Location2, 3, None):
        assert not is_data(not_data)
        with pytest.raises(TypeError):
            asdict(not_data)
    with pytest.raises(TypeError):
        replace(Shared("x"), d=1)


def test_frozen_refuses_what_its_methods_would_ignore():
    for body in ("a: int = ours_field(default=1, default_factory=int)", "a: list = []", "a: int\n    def __post_init__(self): pass",
                 "a: int = field(default=1, repr=False)", "a: ClassVar[int] = 1"):
        with pytest.raises(AssertionError):
            exec(f"@frozen\nclass Bad(Frozen):\n    '''doc'''\n    {body}\n", globals(), {})
    with pytest.raises(AssertionError):
        exec("@frozen\nclass NoDoc(Frozen):\n    a: int\n", globals(), {})


@pytest.mark.parametrize("args", [[RATE], [RATE, "-f", "json"], ["litellm.APIError: APIError: odd, status 502"]])
def test_a_pasted_error_s_run_does_not_import_dataclasses(args):
    """~7 M instructions of a cold run (the module, copy, weakref, and six classes processed), for nothing it needs."""
    proc = run_watching(args, ("dataclasses", "copy"))
    assert b"LOADED []" in proc.stderr, proc.stderr
    assert b"quota_rate" in proc.stdout or b"deployment" in proc.stdout or b"other" in proc.stdout
