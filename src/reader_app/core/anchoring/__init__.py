"""Re-find highlights in a changed text (pure Python; no Qt).

Offsets are Unicode code points, half-open ``[start, end)``. See DESIGN.md §4 and
docs/decisions/0002-anchoring.md.
"""
from __future__ import annotations

from .describe import DEFAULT_CONTEXT, describe
from .result import EXACT, FUZZY, MOVED, ORPHANED, STATUSES, Anchor, AnchorReport
from .strategy import anchor, reanchor_all

__all__ = [
    "DEFAULT_CONTEXT",
    "EXACT",
    "FUZZY",
    "MOVED",
    "ORPHANED",
    "STATUSES",
    "Anchor",
    "AnchorReport",
    "anchor",
    "describe",
    "reanchor_all",
]
