"""Putting a backup back: validate it, save the current state, then replace the library atomically.

Two ways to replace, chosen by the state of the current file:

- A healthy library is overwritten *through SQLite*: the backup API copies the validated backup into the
  live database in one write transaction. That is atomic (a crash leaves the old state) and safe for a
  second running instance, which simply sees a new data_version. Swapping the file on disk instead would
  leave that instance writing into an unlinked inode and WAL — silently losing its work.
- A damaged or foreign file cannot be written through SQLite; no instance can be using it productively,
  so its bytes (with its WAL) are copied aside and a finished copy of the backup is renamed over it.

Either way the current file is copied into the backups folder first, and nothing is replaced until the
backup has passed ``PRAGMA integrity_check`` and its schema is one this app can read.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..paths import backups_dir
from .backups import (
    BEFORE_RESTORE,
    DEFAULT_KEEP,
    BackupFailed,
    BackupInfo,
    _new_name,
    _reading,
    backup_before_upgrade,
    copy_database,
    make_backup,
    read_info,
    rotate,
)

SQLITE_HEADER = b"SQLite format 3\x00"
_SIDE_FILES = ("-wal", "-shm", "-journal")
LOCK_RETRY_SECONDS = 15.0


@dataclass(frozen=True)
class RestoreResult:
    restored: BackupInfo  # the backup that is now the library
    safety: Path | None  # the copy of the library as it was just before (None: there was no file)
    replaced_file: bool  # True when the damaged file was swapped rather than written through SQLite


def has_sqlite_header(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def validate_backup(path: Path) -> BackupInfo:
    """The backup's details, or BackupFailed saying why it must not replace a library."""
    from .store.migrate import latest_version

    path = Path(path)
    if not path.is_file():
        raise BackupFailed(f"{path}: no such backup file")
    if path.stat().st_size == 0 or not has_sqlite_header(path):
        raise BackupFailed(f"{path}: not a SQLite database, so not a Reader backup")
    try:
        with _reading(path) as conn:
            problems = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise BackupFailed(f"{path}: the backup is damaged (integrity check: {problems[0]})")
            broken = conn.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise BackupFailed(f"{path}: the backup is inconsistent ({len(broken)} rows point at missing rows)")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.Error as exc:
        state = "cannot be read" if isinstance(exc, sqlite3.OperationalError) else "is damaged"
        raise BackupFailed(f"{path}: the backup {state} ({exc})") from exc
    if version > latest_version():
        raise BackupFailed(f"{path}: the backup was made by a newer Reader (schema {version}; this app "
                           f"understands up to {latest_version()})")
    info = read_info(path)
    if version < 1 or info.problem:
        raise BackupFailed(f"{path}: a SQLite database, but not one of Reader's libraries")
    return info


def restore(library: Path, backup: Path, *, keep: int = DEFAULT_KEEP) -> RestoreResult:
    """Make ``backup`` the content of ``library``; the previous content is kept as a safety backup.

    Close this process's own Library on the file first (another running instance may stay open). The
    restored library is upgraded to this app's schema before returning, so it opens straight away.
    """
    from .store import Library

    library, backup = Path(library), Path(backup)
    info = validate_backup(backup)
    if library.exists() and backup.resolve() == library.resolve():
        raise BackupFailed(f"{backup}: this is the library itself, not a backup of it")
    healthy = _is_healthy(library)
    safety = _safety_copy(library, healthy, keep, protect=backup)
    staging = library.with_name(f".{library.name}.restoring")
    try:
        with _reading(backup) as src:
            copy_database(src, staging)
        if healthy:
            _write_through(staging, library)
        else:
            _swap_file(staging, library)
    finally:
        staging.unlink(missing_ok=True)
    Library(library, before_upgrade=backup_before_upgrade).close()
    return RestoreResult(info, safety, replaced_file=not healthy)


def _is_healthy(library: Path) -> bool:
    """True when the file is a database SQLite can write through (the usual case)."""
    if not library.exists() or library.stat().st_size == 0 or not has_sqlite_header(library):
        return False
    try:
        with _reading(library) as conn:
            return conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    except sqlite3.Error:
        return False


def _safety_copy(library: Path, healthy: bool, keep: int, protect: Path) -> Path | None:
    """Copy the current library into the backups folder; a damaged one byte for byte (with its WAL)."""
    if not library.exists():
        return None
    if healthy:
        return make_backup(library, BEFORE_RESTORE, keep=keep, protect=protect).path
    target = _new_name(backups_dir(library), library.stem, BEFORE_RESTORE + "-damaged", "", datetime.now(UTC))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(library, target)
        wal = Path(f"{library}-wal")
        if wal.exists():
            shutil.copyfile(wal, Path(f"{target}-wal"))
        if target.read_bytes() != library.read_bytes():
            raise OSError("the copy differs from the original")
    except OSError as exc:
        target.unlink(missing_ok=True)
        raise BackupFailed(f"{library}: could not save a copy of the current file before restoring ({exc}); "
                           "nothing was changed") from exc
    rotate(library, keep, routine=False, protect=protect)
    return target


def _write_through(staging: Path, library: Path) -> None:
    """Copy the staged backup into the live database in one transaction, waiting out other writers."""
    live = sqlite3.connect(str(library), isolation_level=None)
    try:
        live_page = live.execute("PRAGMA page_size").fetchone()[0]
        with contextlib.closing(sqlite3.connect(str(staging), isolation_level=None)) as stg:
            if stg.execute("PRAGMA page_size").fetchone()[0] != live_page:
                # A WAL database cannot change page size, so the copy is rebuilt to match the library's.
                stg.execute(f"PRAGMA page_size = {int(live_page)}")
                stg.execute("VACUUM")
            deadline = time.monotonic() + LOCK_RETRY_SECONDS
            while True:
                try:
                    stg.backup(live)
                    return
                except sqlite3.OperationalError as exc:
                    if "locked" not in str(exc) and "busy" not in str(exc) or time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)
    except sqlite3.Error as exc:
        raise BackupFailed(f"{library}: the backup could not be written into the library ({exc}); "
                           "the library is unchanged") from exc
    finally:
        live.close()


def _swap_file(staging: Path, library: Path) -> None:
    """Rename the finished copy over the damaged file (its bytes are already in the backups folder)."""
    try:
        with open(staging, "rb+") as fh:
            os.fsync(fh.fileno())
        for suffix in _SIDE_FILES:  # a stale WAL would be replayed onto the restored file
            Path(f"{library}{suffix}").unlink(missing_ok=True)
        os.replace(staging, library)
        fd = os.open(library.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise BackupFailed(f"{library}: could not replace the damaged file ({exc}); a copy of it is in "
                           f"{backups_dir(library)}") from exc
