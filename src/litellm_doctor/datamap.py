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


def map_strings(value: Any, fn: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, Frozen):  # a @frozen dataclass (frozen.py), without importing dataclasses
        return replace(value, **{name: map_strings(getattr(value, name), fn) for name in value._names})
    dataclasses = sys.modules.get("dataclasses")  # another dataclass exists only once dataclasses is imported
    if dataclasses is not None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: map_strings(getattr(value, f.name), fn) for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changes)
    if isinstance(value, tuple):
        mapped = [map_strings(v, fn) for v in value]
        return type(value)(*mapped) if hasattr(value, "_fields") else tuple(mapped)  # a NamedTuple stays one
    if isinstance(value, list):
        return [map_strings(v, fn) for v in value]
    if isinstance(value, dict):
        return {map_strings(k, fn) if isinstance(k, str) else k: map_strings(v, fn) for k, v in value.items()}
    return value
