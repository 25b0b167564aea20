"""Code points ↔ UTF-16 code units: the one place the reading view converts offsets.

The store counts Unicode code points (Python ``str`` indices); Qt's text classes count UTF-16 code units,
in which every character outside the Basic Multilingual Plane (emoji, "𠀋") takes two. The view's text
is the canonical text itself, so the two positions differ only by the number of such characters before
them; a sorted list of where they are answers each conversion with one ``bisect``.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


def utf16_length(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (what ``QString.length()`` would say)."""
    return len(text) + sum(1 for _ in _ASTRAL.finditer(text))


class OffsetMap:
    """Converts between code-point offsets and UTF-16 positions of one text."""

    __slots__ = ("_astral_cp", "_pair_ends", "length", "utf16_length")

    def __init__(self, text: str):
        # Code-point index of every astral character, and the UTF-16 position of its second (low)
        # surrogate: from there on, the character's extra code unit lies behind any position.
        # Encoding is about twice as fast as the scan, and most texts have no astral character at all.
        plain = text.isascii() or len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text)
        self._astral_cp = [] if plain else [m.start() for m in _ASTRAL.finditer(text)]
        self._pair_ends = [cp + i + 1 for i, cp in enumerate(self._astral_cp)]
        self.length = len(text)
        self.utf16_length = self.length + len(self._astral_cp)

    @property
    def is_identity(self) -> bool:
        return not self._astral_cp

    def to_utf16(self, cp: int) -> int:
        """UTF-16 position of code-point offset ``cp`` (0 ≤ cp ≤ len(text))."""
        if not self._astral_cp:
            return cp
        return cp + bisect_left(self._astral_cp, cp)

    def to_cp(self, pos: int) -> int:
        """Code-point offset of UTF-16 position ``pos``; a position between the two halves of a surrogate
        pair rounds down to the character's start, so a selection never splits a character."""
        if not self._pair_ends:
            return pos
        return pos - bisect_right(self._pair_ends, pos)

    def span_to_utf16(self, start: int, end: int) -> tuple[int, int]:
        return self.to_utf16(start), self.to_utf16(end)

    def span_to_cp(self, start: int, end: int) -> tuple[int, int]:
        return self.to_cp(start), self.to_cp(end)
