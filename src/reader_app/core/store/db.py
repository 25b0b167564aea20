"""Opening a library file and running writes in transactions, with SQLite errors made readable."""
from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from ..errors import LibraryLocked, NotALibrary, ReadOnlyLibrary, StoreError

BUSY_TIMEOUT_MS = 5000


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open ``path`` with the pragmas every connection needs; foreign keys only take effect here."""
    try:
        if readonly:
            conn = _connect_readonly(path)
        else:
            conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if readonly:
            conn.execute("PRAGMA query_only = ON")
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
    return conn


def _connect_readonly(path: Path) -> sqlite3.Connection:
    uri = path.resolve().as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA schema_version")
        return conn
    except sqlite3.OperationalError:
        conn.close()
        if os.access(path.parent, os.W_OK):
            raise
    # A WAL library on read-only media (or in a folder we may not write) cannot get its -shm file; as
    # nothing can write there either, SQLite may safely treat the file as immutable.
    return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None, check_same_thread=False)


def enable_wal(conn: sqlite3.Connection, path: Path) -> None:
    """Switch to write-ahead logging. Only after the file is known to be ours: the switch rewrites the
    header, and a foreign or newer file must be left byte-for-byte untouched."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            # Reading the mode takes no lock; only a file that is not yet WAL needs the exclusive switch.
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            if mode.lower() != "wal":
                mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                raise NotALibrary(str(path), f"could not switch to write-ahead logging (mode {mode})")
            conn.execute("PRAGMA synchronous = NORMAL")
            return
        except sqlite3.OperationalError as exc:
            # The switch needs an exclusive lock and SQLite reports a busy file at once, without its busy
            # handler, while another instance is creating the same library: wait and try again.
            if "locked" not in str(exc).lower() or time.monotonic() > deadline:
                raise translate(exc, path) from exc
            time.sleep(0.02)
        except sqlite3.Error as exc:
            raise translate(exc, path) from exc


def translate(exc: sqlite3.Error, path: Path | str) -> StoreError:
    """Turn a SQLite error into one a user can act on, naming the file."""
    message = str(exc).lower()
    if "locked" in message or "busy" in message:
        return LibraryLocked(str(path))
    if "not a database" in message or "file is encrypted" in message:
        return NotALibrary(str(path), "the file is not a SQLite database (or is damaged)")
    if "malformed" in message or "corrupt" in message:
        return NotALibrary(str(path), "the database is damaged (restore a backup)")
    if "readonly" in message or "read-only" in message:
        return ReadOnlyLibrary(str(path))
    if "disk is full" in message or "full" in message:
        return StoreError(f"{path}: the disk is full; the last change was not saved (nothing was lost)")
    if "unable to open" in message:
        return StoreError(f"{path}: cannot open the library file ({exc})")
    return StoreError(f"{path}: {exc}")


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection, path: Path | str) -> Iterator[sqlite3.Connection]:
    """One write = one transaction. IMMEDIATE takes the write lock up front, so a second instance waits
    (busy timeout) instead of failing halfway; any error rolls everything back."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
    try:
        yield conn
    except BaseException as exc:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            raise translate(exc, path) from exc
        raise
    else:
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise translate(exc, path) from exc
