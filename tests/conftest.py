"""Shared test set-up: offscreen Qt, GUI tests auto-marked, a fresh library per test."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests never touch the user's real library or settings.
os.environ.setdefault("XDG_DATA_HOME", str(Path(os.environ.get("TMPDIR", "/tmp")) / "reader-app-test-data"))
os.environ.setdefault("XDG_CONFIG_HOME", str(Path(os.environ.get("TMPDIR", "/tmp")) / "reader-app-test-config"))

try:
    from hypothesis import settings

    # Local runs explore new examples each time; CI replays a fixed set so a red build is reproducible.
    settings.register_profile("dev", deadline=None, max_examples=100)
    settings.register_profile("ci", deadline=None, max_examples=100, derandomize=True)
    settings.load_profile("ci" if os.environ.get("CI") else "dev")
except ImportError:  # pragma: no cover
    pass

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/tests/ui/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.gui)


@pytest.fixture
def library_path(tmp_path: Path) -> Path:
    return tmp_path / "library.sqlite3"


@pytest.fixture
def lib(library_path: Path):
    """An empty library in a real SQLite file."""
    from reader_app.core.store import Library

    library = Library(library_path)
    yield library
    library.close()


@pytest.fixture
def seeded(library_path: Path):
    """A library holding the five bundled articles."""
    from reader_app.core.seeding import ensure_seeded
    from reader_app.core.store import Library

    library = Library(library_path)
    ensure_seeded(library)
    yield library
    library.close()
