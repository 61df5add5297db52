"""`@frozen`: a frozen dataclass whose methods are shared, not written and compiled per class at import.

`@dataclass(frozen=True)` writes the source of `__init__`, `__repr__`, `__eq__`, `__hash__`, `__setattr__` and
`__delattr__` for each class and compiles it: ~5 M callgrind instructions a class, and a pasted error's run makes six
(the model's four, `rulebook.Rule`, `textinput.ErrorText`): ~30 M of ~190 M (2026-12-07, Python 3.11). A `@frozen`
class is still a dataclass (`fields`, `replace`, `asdict`, `is_dataclass` and `datamap` work on it as before), made
with `init=False, repr=False, eq=False`; the methods come from `Frozen`, its base, and read the class's fields in
declaration order. They behave as the generated ones do: equal when of the same class with equal fields, hashed by
the fields, a repr `Name(field=value, ...)`, assigning or deleting an attribute raises `FrozenInstanceError` (on a
plain subclass, a field's). Only the errors of a wrong call (a missing or unknown argument) are worded otherwise. Not
for a class with `__post_init__`, `InitVar`s or fields with `init=False` (none of ours has one: `frozen` asserts it).
"""

from __future__ import annotations

from dataclasses import MISSING, FrozenInstanceError, dataclass, fields

_plain = dataclass(init=False, repr=False, eq=False)


class Frozen:
    """The methods of a `@frozen` class. Its `_names` are the fields' names, `_defaults` the defaults of the last
    ones (a default's value, or its default_factory's result made for each instance)."""

    __slots__ = ()
    _names: tuple[str, ...] = ()
    _defaults: dict[str, tuple[object, object]] = {}

    def __init__(self, *args: object, **kwargs: object) -> None:
        names = self._names
        if len(args) > len(names):
            raise TypeError(f"{type(self).__name__}() takes {len(names)} arguments but {len(args)} were given")
        values = dict(zip(names, args))
        for name, value in kwargs.items():
            if name in values or name not in names:
                what = "multiple values for" if name in values else "an unexpected keyword"
                raise TypeError(f"{type(self).__name__}() got {what} argument {name!r}")
            values[name] = value
        state = self.__dict__
        for name in names:  # the instance's __dict__ in field order, as the generated __init__ fills it
            if name in values:
                state[name] = values[name]
            elif name in self._defaults:
                default, factory = self._defaults[name]
                state[name] = default if factory is MISSING else factory()
            else:
                raise TypeError(f"{type(self).__name__}() missing required argument: {name!r}")

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._names)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values() == other._values()  # type: ignore[attr-defined]
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._names)
        return f"{type(self).__qualname__}({inner})"

    # As the generated ones: a plain subclass (not itself made `@frozen`) may set attributes that are not fields.
    def __setattr__(self, name: str, value: object) -> None:
        if name in self._names or "_names" in type(self).__dict__:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        if name in self._names or "_names" in type(self).__dict__:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        object.__delattr__(self, name)


def frozen(cls: type) -> type:
    """Make `cls` (a subclass of Frozen) a frozen dataclass with Frozen's methods."""
    cls = _plain(cls)
    found = fields(cls)
    assert issubclass(cls, Frozen) and not hasattr(cls, "__post_init__"), cls
    assert all(f.init and f.compare and f.hash is None and f.repr for f in found), cls
    cls._names = tuple(f.name for f in found)
    cls._defaults = {f.name: (f.default, f.default_factory) for f in found
                     if f.default is not MISSING or f.default_factory is not MISSING}
    return cls
