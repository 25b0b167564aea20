"""Exact-quote search: find where an unchanged quote went, looking near its old position first.

Every search widens a window around the old position geometrically, so a highlight that moved a little
(the usual case after an edit) costs a scan of a few kilobytes, and the worst case stays one linear scan
of the text rather than one per occurrence.
"""
from __future__ import annotations

from collections.abc import Iterator

from reader_app.core.model import Selectors

from .scoring import span_score

BASE_RADIUS = 1024
GROWTH = 16
# Enough to separate repeated passages; a one-letter quote in a book can occur 10^5 times, and scoring
# all of them would cost more than the far ones could ever win on position.
MAX_OCCURRENCES = 2000


def windows(text_len: int, start: int, end: int, base: int = BASE_RADIUS) -> Iterator[tuple[int, int, int]]:
    """(lo, hi, radius) windows around ``[start, end)``, growing until they cover the whole text."""
    radius = max(1, base)
    while True:
        lo, hi = max(0, start - radius), min(text_len, end + radius)
        yield lo, hi, radius
        if lo == 0 and hi == text_len:
            return
        radius *= GROWTH


def find_all(text: str, needle: str, lo: int, hi: int) -> list[int]:
    """Start offsets of ``needle`` inside ``text[lo:hi]``, overlapping ones included."""
    hits = []
    i = text.find(needle, lo, hi)
    while i >= 0:
        hits.append(i)
        i = text.find(needle, i + 1, hi)
    return hits


def context_intact(text: str, start: int, end: int, prefix: str, suffix: str) -> bool:
    return (
        start >= len(prefix)
        and text.startswith(prefix, start - len(prefix))
        and text.startswith(suffix, end)
    )


def nearest_with_context(text: str, sel: Selectors, old: int) -> int | None:
    """Start of the quote nearest ``old`` whose stored prefix and suffix are intact, if any."""
    full = sel.prefix + sel.exact + sel.suffix
    shift = len(sel.prefix)
    # The window is padded by the context lengths, so it holds exactly the hits whose quote starts within
    # ``radius`` of ``old``: the nearest one found is the nearest in the whole text.
    for lo, hi, _ in windows(len(text), old - shift, old + len(sel.exact) + len(sel.suffix)):
        hits = find_all(text, full, lo, hi)
        if hits:
            return min((h + shift for h in hits), key=lambda s: (abs(s - old), s))
    return None


def nearest_occurrences(text: str, quote: str, old: int, limit: int = MAX_OCCURRENCES) -> list[int]:
    """Up to ``limit`` starts of ``quote``, nearest to ``old`` first."""
    n = len(text)
    for lo, hi, _ in windows(n, old, old + len(quote)):
        whole = lo == 0 and hi == n
        # str.count runs in C; only enumerate once the window holds enough hits or can grow no more.
        if whole or text.count(quote, lo, hi) >= limit:
            hits = find_all(text, quote, lo, hi)
            hits.sort(key=lambda s: (abs(s - old), s))
            return hits[:limit]
    return []


def best_occurrence(text: str, sel: Selectors, old: int) -> tuple[int, float] | None:
    """The occurrence of the exact quote whose surroundings best match the stored context.

    Ties go to the occurrence nearest the old position. Returns (start, combined score).
    """
    quote = sel.exact
    best: tuple[float, int, int] | None = None
    for s in nearest_occurrences(text, quote, old):
        key = (span_score(text, s, s + len(quote), sel, 1.0), -abs(s - old), -s)
        if best is None or key > best:
            best = key
    if best is None:
        return None
    return -best[2], best[0]
