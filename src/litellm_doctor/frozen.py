"""`@frozen`: a frozen dataclass whose methods are shared, not written and compiled per class at import, and that
does not import `dataclasses` until someone asks it for its dataclass fields.

`@dataclass(frozen=True)` writes the source of `__init__`, `__repr__`, `__eq__`, `__hash__`, `__setattr__` and
`__delattr__` for each class and compiles it: ~5 M callgrind instructions a class, and a pasted error's run makes six
(the model's four, `rulebook.Rule`, `textinput.ErrorText`): ~30 M of ~190 M (2026-12-07, Python 3.11). The methods
come from `Frozen`, the classes' base, and read the class's fields in declaration order. They behave as the generated
ones do: equal when of the same class with equal fields, hashed by the fields, a repr `Name(field=value, ...)`,
assigning or deleting an attribute raises `FrozenInstanceError` (on a plain subclass, a field's). Only the errors of a
wrong call (a missing or unknown argument) are worded otherwise.

A `@frozen` class is a dataclass to the `dataclasses` module (`fields`, `replace`, `asdict`, `is_dataclass`, a
`@dataclass` subclass), made with `init=False, repr=False, eq=False` as before (hundred-and-sixteenth pass), but
lazily: importing `dataclasses` and processing six classes was ~10 M instructions of a pasted error's ~160 M, for
`fields`, `replace` and `asdict` alone. So `frozen` reads the fields itself (the class's annotations after its
`@frozen` bases', as `dataclasses` does) and the class's `__dataclass_fields__` and `__dataclass_params__` are made by
`dataclasses` the first time anything reads them (`_Lazy`). The paste path uses this module's `replace`, `asdict` and
`field_names`, which do what `dataclasses`' do, on a `@frozen` instance without it and on any other dataclass
through it (a dataclass that is not `@frozen` exists only once `dataclasses` is imported).

Not for a class with `__post_init__`, `ClassVar`s, `InitVar`s, no docstring (`dataclasses` would write one with the
real `inspect`) or a field with anything but a default or a default_factory (`frozen` asserts it).
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing's own constant, without importing typing (model.py says why)
if TYPE_CHECKING:
    from typing import Any


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()  # no default (dataclasses.MISSING plays this part for a dataclasses.Field)


class FieldSpec:
    """`field(default=..., default_factory=...)` of a `@frozen` class (`dataclasses.field`'s part that it accepts)."""

    __slots__ = ("default", "default_factory")

    def __init__(self, default: object, default_factory: object) -> None:
        self.default, self.default_factory = default, default_factory


def field(*, default: object = MISSING, default_factory: object = MISSING) -> Any:
    """A field's default, or the factory called for each instance (as `dataclasses.field`'s)."""
    assert default is MISSING or default_factory is MISSING, "a default or a default_factory, not both"
    return FieldSpec(default, default_factory)


def _spec(value: object) -> object:
    """A class attribute of a `@frozen` class as `frozen` reads it: a `dataclasses.field(...)` as this module's `field`
    (one that says more than a default or a default_factory is refused), anything else as it is."""
    dataclasses = sys.modules.get("dataclasses")  # (a dataclasses.Field exists only once it is imported)
    if dataclasses is None or not isinstance(value, dataclasses.Field):
        return value
    assert value.init and value.repr and value.compare and value.hash is None and not value.metadata, value
    assert value.kw_only in (dataclasses.MISSING, False), value
    return FieldSpec(*(MISSING if v is dataclasses.MISSING else v for v in (value.default, value.default_factory)))


class _Lazy:
    """`__dataclass_fields__` / `__dataclass_params__` of a `@frozen` class, in its own `__dict__`: the first read
    (on the class, an instance or a plain subclass) has `dataclasses` make both, which then replace this."""

    def __init__(self, owner: type, attr: str) -> None:
        self.owner, self.attr = owner, attr

    def __get__(self, obj: object, cls: type | None = None) -> object:
        _register(self.owner)
        return self.owner.__dict__[self.attr]


def _register(cls: type) -> None:
    """Give `cls` the fields and parameters `@dataclass(init=False, repr=False, eq=False)` gives it: those of a twin
    made by `dataclasses` from the same fields (names, annotations, defaults), in the same order."""
    if not isinstance(cls.__dict__.get("__dataclass_fields__"), _Lazy):
        return
    import dataclasses

    specs = []
    for name in cls._names:
        value, is_factory = cls._defaults.get(name, (MISSING, False))
        spec = (dataclasses.field() if value is MISSING else
                dataclasses.field(default_factory=value) if is_factory else dataclasses.field(default=value))
        specs.append((name, cls._types[name], spec))
    twin = dataclasses.make_dataclass(cls.__name__, specs, namespace={"__doc__": cls.__doc__},
                                      init=False, repr=False, eq=False)
    type.__setattr__(cls, "__dataclass_fields__", twin.__dataclass_fields__)
    type.__setattr__(cls, "__dataclass_params__", twin.__dataclass_params__)


def _frozen_error(message: str) -> Exception:
    from dataclasses import FrozenInstanceError  # on an error only: `dataclasses` is not imported for it

    return FrozenInstanceError(message)


class Frozen:
    """The methods of a `@frozen` class. Its `_names` are the fields' names, `_types` their annotations, `_defaults`
    the defaults of those that have one: (value, False), or (factory, True) for a default_factory, whose result is
    made for each instance."""

    __slots__ = ()
    _names: tuple[str, ...] = ()
    _types: dict[str, object] = {}
    _defaults: dict[str, tuple[object, bool]] = {}

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
                default, is_factory = self._defaults[name]
                state[name] = default() if is_factory else default  # type: ignore[operator]
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
            raise _frozen_error(f"cannot assign to field {name!r}")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        if name in self._names or "_names" in type(self).__dict__:
            raise _frozen_error(f"cannot delete field {name!r}")
        object.__delattr__(self, name)


def frozen(cls: type) -> type:
    """Make `cls` (a subclass of Frozen) a frozen dataclass with Frozen's methods: its fields are its `@frozen` bases'
    then its own annotations, in order (a field named again keeps its place and takes the new default)."""
    assert issubclass(cls, Frozen) and not hasattr(cls, "__post_init__") and cls.__doc__, cls
    names: dict[str, None] = {}
    types: dict[str, object] = {}
    defaults: dict[str, tuple[object, bool]] = {}
    for base in reversed(cls.__mro__[1:]):
        if "_names" in base.__dict__:
            names.update(dict.fromkeys(base._names))  # type: ignore[attr-defined]
            types.update(base._types)  # type: ignore[attr-defined]
            defaults.update(base._defaults)  # type: ignore[attr-defined]
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        assert "ClassVar" not in str(annotation) and "InitVar" not in str(annotation), (cls, name)
        names[name] = None
        types[name] = annotation
        value = _spec(cls.__dict__.get(name, MISSING))
        if isinstance(value, FieldSpec):
            if value.default_factory is not MISSING:
                defaults[name] = (value.default_factory, True)
                delattr(cls, name)  # as dataclasses does: no class attribute for a default_factory's field
                continue
            value = value.default
            if value is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, value)  # as dataclasses does: the default itself, not its field()
        assert type(value).__hash__ is not None, (cls, name)  # dataclasses refuses a mutable default
        if value is MISSING:
            defaults.pop(name, None)
        else:
            defaults[name] = (value, False)
    cls._names = tuple(names)
    cls._types = types
    cls._defaults = defaults
    cls.__match_args__ = cls._names  # as @dataclass sets it
    cls.__dataclass_fields__ = _Lazy(cls, "__dataclass_fields__")
    cls.__dataclass_params__ = _Lazy(cls, "__dataclass_params__")
    return cls


# What the paste path uses of `dataclasses`, for a `@frozen` instance without it, for any other dataclass through it.

def _dataclass_instance(value: object) -> bool:
    """A dataclass that is not `@frozen` (one exists only once `dataclasses` is imported)."""
    dataclasses = sys.modules.get("dataclasses")
    return dataclasses is not None and dataclasses.is_dataclass(value) and not isinstance(value, type)


def field_names(value: object) -> tuple[str, ...]:
    """The names of a dataclass instance's fields (`dataclasses.fields`'), in order."""
    if isinstance(value, Frozen):
        return value._names
    import dataclasses

    return tuple(f.name for f in dataclasses.fields(value))  # type: ignore[arg-type]


def is_data(value: object) -> bool:
    """Is `value` a dataclass instance, `@frozen` or not (`dataclasses.is_dataclass(value)` and not a class)? (`Frozen`
    is only ever the base of `@frozen` classes.)"""
    return isinstance(value, Frozen) or _dataclass_instance(value)


def replace(obj: Any, /, **changes: object) -> Any:
    """`dataclasses.replace`: a copy of `obj` with the fields in `changes` replaced."""
    if not isinstance(obj, Frozen):
        import dataclasses

        return dataclasses.replace(obj, **changes)
    for name in obj._names:
        if name not in changes:
            changes[name] = getattr(obj, name)
    return obj.__class__(**changes)


def asdict(obj: object) -> dict[str, Any]:
    """`dataclasses.asdict`: a dataclass instance as a dict, its fields' dataclasses, tuples, lists and dicts made
    anew and recursively (each other value deep-copied, which leaves a str, a number, a bool and None as they are)."""
    if not is_data(obj):
        raise TypeError("asdict() should be called on dataclass instances")
    return _asdict(obj)


_ATOMIC = (str, int, float, bool, type(None), bytes, complex)


def _asdict(obj: Any) -> Any:
    if type(obj) in _ATOMIC:
        return obj  # what copy.deepcopy returns for it
    if is_data(obj):
        return {name: _asdict(getattr(obj, name)) for name in field_names(obj)}
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):
        return type(obj)(*[_asdict(v) for v in obj])
    if isinstance(obj, (list, tuple)):
        return type(obj)(_asdict(v) for v in obj)
    if isinstance(obj, dict):
        return type(obj)((_asdict(k), _asdict(v)) for k, v in obj.items())
    import copy

    return copy.deepcopy(obj)
