"""Anchoring a highlight: verified position, then exact quote elsewhere, then fuzzy match, else orphaned."""
from __future__ import annotations

from reader_app.core.model import Selectors

from .fuzzy import find_fuzzy
from .result import EXACT, MOVED, ORPHAN, Anchor, AnchorReport
from .search import best_occurrence, context_intact, nearest_with_context


def anchor(text: str, selectors: Selectors) -> Anchor:
    """Find ``selectors``' passage in ``text`` (see DESIGN.md §4 and docs/decisions/0002-anchoring.md).

    ``selectors.start`` is only a hint; the quote's own length fixes the span, so inconsistent stored
    ``end`` values cannot stretch a highlight. An empty quote cannot be verified and is orphaned.
    """
    quote = selectors.exact
    if not quote:
        return ORPHAN
    n = len(quote)
    old = min(max(selectors.start, 0), len(text))

    at_old = selectors.start >= 0 and text.startswith(quote, selectors.start)
    if at_old and context_intact(text, old, old + n, selectors.prefix, selectors.suffix):
        return Anchor(old, old + n, EXACT, 1.0)

    # The quote at the old position with changed surroundings may be another occurrence that an edit
    # shifted there (common for one-word highlights), so it competes with the others on context.
    start = nearest_with_context(text, selectors, old)
    score = 1.0
    if start is None:
        found = best_occurrence(text, selectors, old)
        if found is not None:
            start, score = found
    if start is not None:
        if at_old and start == old:
            return Anchor(old, old + n, EXACT, 1.0)
        return Anchor(start, start + n, MOVED, score)

    return find_fuzzy(text, selectors, old) or ORPHAN


def reanchor_all(text: str, selectors: list[Selectors]) -> tuple[list[Anchor], AnchorReport]:
    """Anchor every highlight of a document against its (new) text and tally the outcome."""
    anchors = [anchor(text, s) for s in selectors]
    return anchors, AnchorReport.from_anchors(anchors)
