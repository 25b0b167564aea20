"""Numbered schema migrations under ``PRAGMA user_version``."""
from __future__ import annotations

import re
import sqlite3
from importlib import resources
from pathlib import Path

from ..errors import LibraryTooNew, NotALibrary
from .db import translate

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def migrations() -> list[tuple[int, str]]:
    """(version, sql) for every bundled migration, in order."""
    found = []
    for entry in resources.files("reader_app.core.store.migrations").iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.read_text(encoding="utf-8")))
    found.sort()
    for expected, (version, _) in enumerate(found, start=1):
        if version != expected:
            raise RuntimeError(f"migration numbering has a gap at {expected}")
    return found


def latest_version() -> int:
    return migrations()[-1][0]


def schema_version(conn: sqlite3.Connection, path: Path) -> int:
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc


def check_version(conn: sqlite3.Connection, path: Path) -> int:
    """Refuse a library written by a newer app before anything touches it."""
    try:
        # One statement, one snapshot: another instance may be creating the schema at this moment.
        version, tables = conn.execute(
            "SELECT (SELECT user_version FROM pragma_user_version), "
            "(SELECT count(*) FROM sqlite_master WHERE type = 'table')").fetchone()
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
    latest = latest_version()
    if version > latest:
        raise LibraryTooNew(str(path), version, latest)
    if version == 0:
        if tables:
            raise NotALibrary(str(path), "it is a SQLite database, but not one of Reader's libraries")
    return version


def upgrade(conn: sqlite3.Connection, path: Path) -> list[int]:
    """Apply every pending migration; returns the versions applied."""
    current = check_version(conn, path)
    applied = []
    for version, sql in migrations():
        if version <= current:
            continue
        try:
            conn.executescript(sql)
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if schema_version(conn, path) >= version:
                continue  # another instance opening the same file applied this step first
            raise translate(exc, path) from exc
        applied.append(version)
    return applied
