"""The five bundled articles: imported into a new, empty library on first open."""
from __future__ import annotations

from pathlib import Path

from .changes import NOTHING, Changes
from .store import Library

SEEDED_FLAG = "seeded"


def import_seeds(lib: Library, seeds_dir: Path) -> Changes:
    from .importers.seeds import import_seed, load_manifest

    changes = NOTHING
    for entry in load_manifest(seeds_dir):
        result = lib.documents.add(import_seed(entry, seeds_dir))
        changes = changes | result.changes
    return changes


def ensure_seeded(lib: Library, seeds_dir: Path | None = None) -> Changes:
    """Seed a library once, only while it is empty: a user who removes the articles keeps them removed."""
    if lib.readonly or lib.settings.get(SEEDED_FLAG, False) or lib.documents.count() > 0:
        return NOTHING
    if seeds_dir is None:
        from ..paths import seeds_dir as bundled_seeds

        seeds_dir = bundled_seeds()
    changes = import_seeds(lib, seeds_dir)
    lib.settings.set(SEEDED_FLAG, True)
    return changes
