"""Capture the selectors that let a highlight find its passage again after the text changes."""
from __future__ import annotations

from reader_app.core.errors import InvalidValue
from reader_app.core.model import Selectors

DEFAULT_CONTEXT = 32


def _require_int(name: str, value: object) -> int:
    # bool is an int subclass; a True offset is always a caller bug, never a position.
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValue(f"{name} must be an integer offset, got {value!r}")
    return value


def describe(text: str, start: int, end: int, context: int = DEFAULT_CONTEXT) -> Selectors:
    """Selectors for ``text[start:end]``: the position, the exact quote and up to ``context`` code points
    of prefix and suffix (fewer at the edges of the text).

    Raises ``InvalidValue`` for an empty, reversed or out-of-range span or a negative context.
    """
    start = _require_int("start", start)
    end = _require_int("end", end)
    context = _require_int("context", context)
    if context < 0:
        raise InvalidValue(f"context must be zero or more characters, got {context}")
    if not 0 <= start < end <= len(text):
        raise InvalidValue(
            f"highlight range [{start}, {end}) must be non-empty and lie within the text (0..{len(text)})"
        )
    return Selectors(
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - context):start],
        suffix=text[end:end + context],
    )
