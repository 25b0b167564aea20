"""Schema versions: numbered migrations, newer libraries refused, locked libraries reported."""
from __future__ import annotations

import sqlite3

import pytest

from reader_app.core.errors import LibraryLocked, LibraryTooNew
from reader_app.core.store import Library
from reader_app.core.store.migrate import latest_version, migrations


def test_migrations_are_numbered_without_gaps():
    """Every migration file is numbered 0001, 0002, … and each ends by setting user_version."""
    found = migrations()
    assert [v for v, _ in found] == list(range(1, len(found) + 1))
    for version, sql in found:
        assert f"PRAGMA user_version = {version};" in sql


def test_library_from_newer_app_is_refused_and_untouched(tmp_path):
    """A library whose schema is newer than this app is refused with a clear message; bytes unchanged."""
    path = tmp_path / "future.sqlite3"
    Library(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {latest_version() + 5}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(LibraryTooNew, match="newer version of Reader") as info:
        Library(path)
    assert str(path) in str(info.value)
    assert path.read_bytes() == before


def test_locked_library_reports_busy_and_changes_nothing(tmp_path, monkeypatch):
    """While another connection holds the write lock, a write fails with a readable message."""
    from reader_app.core.store import db

    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 100)
    path = tmp_path / "locked.sqlite3"
    lib = Library(path)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(LibraryLocked, match="busy"):
            lib.settings.set("x", 1)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert lib.settings.get("x") is None
    lib.close()
