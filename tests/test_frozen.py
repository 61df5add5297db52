"""`@frozen` (frozen.py) behaves as `@dataclass(frozen=True)` for what the code uses of it."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import dataclass, field

import pytest

from litellm_doctor.frozen import Frozen, frozen
from litellm_doctor.model import Diagnosis, Finding, Report


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
