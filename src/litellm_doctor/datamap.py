"""Apply a function to every string of a report (or any dataclass / tuple / list / dict of them).

Redaction (`masking.mask_data`) and sanitising (`formats.sanitize.clean_data`) both work on the data
before a formatter lays it out, so neither can be defeated by wrapping, cutting or escaping.
"""

from __future__ import annotations

import sys

from .frozen import Frozen, replace

TYPE_CHECKING = False  # typing's own constant, without importing typing (model.py says why)
if TYPE_CHECKING:
    from typing import Any, Callable


def map_strings(value: Any, fn: Callable[[str], str], names: dict[tuple, Callable[[str], str]] | None = None,
                where: tuple = (None, None)) -> Any:
    """`value` with every string `s` replaced by `fn(s)`. `names`: a string found at a field named by one of its keys,
    `(container, field)`, gets that key's function instead: `("location", "file")` is a Location's `file` under a
    field `location`; `("facts", "config")` the `config` key of a dict under a field `facts`; `(None, "path")` a field
    `path` of the top object (or of an object of a top-level list). Lists and tuples are no fields; `where` is the
    position of `value`, for the recursion."""
    if isinstance(value, str):
        if names is not None and (special := names.get(where)) is not None:
            return special(value)
        return fn(value)
    if isinstance(value, Frozen):  # a @frozen dataclass (frozen.py), without importing dataclasses
        if names is None:  # masking's walk, and sanitising's for a text: no position to carry
            return replace(value, **{name: map_strings(getattr(value, name), fn) for name in value._names})
        field = where[1]
        return replace(value, **{name: map_strings(getattr(value, name), fn, names, (field, name)) for name in value._names})
    dataclasses = sys.modules.get("dataclasses")  # another dataclass exists only once dataclasses is imported
    if dataclasses is not None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: map_strings(getattr(value, f.name), fn, names, (where[1], f.name)) for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changes)
    if isinstance(value, tuple):
        mapped = [map_strings(v, fn, names, where) for v in value]
        return type(value)(*mapped) if hasattr(value, "_fields") else tuple(mapped)  # a NamedTuple stays one
    if isinstance(value, list):
        return [map_strings(v, fn, names, where) for v in value]
    if isinstance(value, dict):
        return {map_strings(k, fn) if isinstance(k, str) else k: map_strings(v, fn, names, (where[1], k)) for k, v in value.items()}
    return value
