"""What anchoring a highlight produced, and the tally a re-import reports to the user."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

EXACT = "exact"
MOVED = "moved"
FUZZY = "fuzzy"
ORPHANED = "orphaned"
STATUSES = (EXACT, MOVED, FUZZY, ORPHANED)


@dataclass(frozen=True)
class Anchor:
    """Where a highlight lands in a text: code-point offsets ``[start, end)``, or ``None`` when orphaned.

    ``score`` is 1.0 for a verified position, the weighted quote/context similarity (0..1) for moved and
    fuzzy matches, and 0.0 for an orphan.
    """

    start: int | None
    end: int | None
    status: str
    score: float

    @property
    def is_orphaned(self) -> bool:
        return self.status == ORPHANED


ORPHAN = Anchor(None, None, ORPHANED, 0.0)


@dataclass(frozen=True)
class AnchorReport:
    """How many highlights of a document ended up in each status after re-anchoring."""

    exact: int = 0
    moved: int = 0
    fuzzy: int = 0
    orphaned: int = 0

    @classmethod
    def from_anchors(cls, anchors: Iterable[Anchor]) -> AnchorReport:
        counts = dict.fromkeys(STATUSES, 0)
        for a in anchors:
            counts[a.status] += 1
        return cls(**counts)

    @property
    def total(self) -> int:
        return self.exact + self.moved + self.fuzzy + self.orphaned

    def summary(self) -> str:
        return f"{self.exact} exact, {self.moved} moved, {self.fuzzy} fuzzy, {self.orphaned} orphaned"
