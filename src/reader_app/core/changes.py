"""What a write touched, so views refresh only what changed (Anki's OpChanges, simplified)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Changes:
    documents: frozenset[int] = frozenset()
    highlights: frozenset[int] = frozenset()
    tags: frozenset[int] = frozenset()
    notes: frozenset[int] = frozenset()

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.documents | other.documents,
            self.highlights | other.highlights,
            self.tags | other.tags,
            self.notes | other.notes,
        )

    def __bool__(self) -> bool:
        return bool(self.documents or self.highlights or self.tags or self.notes)

    @classmethod
    def of(cls, *, documents=(), highlights=(), tags=(), notes=()) -> Changes:
        return cls(frozenset(documents), frozenset(highlights), frozenset(tags), frozenset(notes))


NOTHING = Changes()
