"""Copies of a library made with SQLite's online backup API (consistent even while it is in use).

Backups sit in ``<library stem>-backups/`` beside the library. The file name is the record: when it was
made (UTC), why, and a fingerprint of the annotations it holds, so "changed since the last backup?" needs
no side file and survives a user tidying the folder by hand:

    library_20261121-081500_open_3f2a9c01b7de.sqlite3
    library_20261121-081500-2_before-restore.sqlite3      (a second one in the same second)

Routine backups (on open, daily, by hand) rotate: the newest N are kept (``backups.keep`` in the
library's settings, default 10). Safety backups, taken before an upgrade or a restore, rotate separately
so a burst of routine backups can never push out the copy made just before a risky step.
"""
from __future__ import annotations

import contextlib
import glob
import hashlib
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from ..paths import backups_dir
from .errors import StoreError

if TYPE_CHECKING:
    from .store import Library

KEEP_SETTING = "backups.keep"
DEFAULT_KEEP = 10
DAILY = timedelta(hours=24)

OPEN, DAILY_REASON, MANUAL, BEFORE_RESTORE = "open", "daily", "manual", "before-restore"
ROUTINE_REASONS = (OPEN, DAILY_REASON, MANUAL)

_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"_(?P<stamp>\d{8}-\d{6})(?:-(?P<seq>\d+))?_(?P<reason>[a-z0-9-]+?)"
                   r"(?:_(?P<fp>[0-9a-f]{12}))?\.sqlite3$")

# What "the user's work" is: everything except document text and search indexes, which are large and
# follow from what is hashed here (a document's text is covered by its content hash).
_FINGERPRINT_QUERIES = (
    ("SELECT id, key, title, creators, publisher, published, url, kind, content_hash, version "
     "FROM documents ORDER BY id"),
    'SELECT id, uid, document_id, start, "end", exact, color, note, status, updated_at FROM highlights ORDER BY id',
    "SELECT highlight_id, tag_id, position FROM highlight_tags ORDER BY highlight_id, tag_id",
    "SELECT id, name, color, parent_id FROM tags ORDER BY id",
    "SELECT id, uid, title, body, updated_at FROM notes ORDER BY id",
    "SELECT note_id, highlight_id, relation, position FROM note_links ORDER BY note_id, highlight_id",
    "SELECT key, value FROM settings ORDER BY key",
)


class BackupFailed(StoreError):
    """A backup could not be made or used; names the file and the reason."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime  # UTC, from the file name
    reason: str
    fingerprint: str = ""
    schema_version: int | None = None
    documents: int | None = None
    highlights: int | None = None
    notes: int | None = None
    tags: int | None = None
    size: int = 0
    problem: str = ""  # why the counts could not be read; empty when the file reads fine

    @property
    def routine(self) -> bool:
        return self.reason in ROUTINE_REASONS

    def describe(self) -> str:
        if self.problem:
            return f"unreadable: {self.problem}"
        return f"{self.documents} documents, {self.highlights} highlights, {self.notes} notes"


# -- making backups -------------------------------------------------------------------------------------
@contextlib.contextmanager
def _reading(path: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        yield conn
    finally:
        conn.close()


def copy_database(source: sqlite3.Connection, target: Path) -> Path:
    """Write a self-contained copy of the database behind ``source`` to the new file ``target``.

    The copy is switched out of WAL so it is one file that opens read-only anywhere; it appears under its
    final name only when complete, so a crash mid-copy never leaves something that looks like a backup.
    """
    tmp = target.with_name(target.name + ".partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp.unlink(missing_ok=True)
        dst = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            source.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
        tmp.replace(target)
    except (sqlite3.Error, OSError) as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise BackupFailed(f"{target}: the backup could not be written ({exc}); the library is unchanged") from exc
    return target


def fingerprint(conn: sqlite3.Connection) -> str:
    """A short digest of the user's work in the database: equal digests mean nothing worth saving changed."""
    digest = hashlib.sha256()
    for sql in _FINGERPRINT_QUERIES:
        for row in conn.execute(sql):
            digest.update(repr(row).encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()[:12]


def _new_name(folder: Path, stem: str, reason: str, fp: str, now: datetime) -> Path:
    stamp = now.astimezone(UTC).strftime(_STAMP)
    suffix = f"_{fp}" if fp else ""
    # Any earlier backup in the same second gets a lower sequence number, so the order stays exact.
    same_second = [_sequence(p) for p in folder.glob(f"{glob.escape(stem)}_{stamp}[_-]*.sqlite3")] \
        if folder.is_dir() else []
    seq = f"-{max(same_second) + 1}" if same_second else ""
    return folder / f"{stem}_{stamp}{seq}_{reason}{suffix}.sqlite3"


def make_backup(library: Path, reason: str = MANUAL, *, conn: sqlite3.Connection | None = None,
                keep: int | None = None, now: datetime | None = None, protect: Path | None = None) -> BackupInfo:
    """Back up ``library`` now (through ``conn`` when given, else a read-only connection), then rotate the
    kind of backup just made (routine or safety) down to ``keep``, sparing ``protect``."""
    now = now or datetime.now(UTC)
    with contextlib.ExitStack() as stack:
        if conn is None:
            try:
                conn = stack.enter_context(_reading(library))
            except sqlite3.Error as exc:
                raise BackupFailed(f"{library}: cannot be read for a backup ({exc})") from exc
        try:
            fp = fingerprint(conn)
        except sqlite3.Error:
            fp = ""  # not a Reader library (or damaged): still copy what SQLite can read
        target = copy_database(conn, _new_name(backups_dir(library), library.stem, reason, fp, now))
    rotate(library, DEFAULT_KEEP if keep is None else keep, routine=reason in ROUTINE_REASONS, protect=protect)
    return read_info(target)


def backup_before_upgrade(library: Path, version: int) -> Path:
    """The Library's ``before_upgrade`` hook: a safety copy of schema ``version`` before migrating."""
    return make_backup(library, f"before-schema-{version + 1}").path


def keep_setting(lib: Library) -> int:
    try:
        keep = int(lib.settings.get(KEEP_SETTING, DEFAULT_KEEP))
    except (TypeError, ValueError):
        return DEFAULT_KEEP
    return max(1, keep)


def auto_backup(lib: Library, reason: str = OPEN, *, now: datetime | None = None) -> BackupInfo | None:
    """The automatic backup: on open when the work changed since the newest backup, and daily (call with
    ``reason="daily"`` from a timer: a copy when the newest is a day old and something changed).
    Returns the new backup, or None when none was needed."""
    if lib.readonly:
        return None
    now = now or datetime.now(UTC)
    current = fingerprint(lib.conn)
    newest = next(iter(list_backups(lib.path, counts=False)), None)
    if newest is not None:
        if newest.fingerprint == current:
            return None
        if reason == DAILY_REASON and now - newest.created < DAILY:
            return None
    return make_backup(lib.path, reason, conn=lib.conn, keep=keep_setting(lib), now=now)


def rotate(library: Path, keep: int, *, routine: bool, protect: Path | None = None) -> list[Path]:
    """Delete all but the newest ``keep`` routine (or safety) backups. Each kind is rotated only by a
    backup of its kind, so a safety copy made with the default never trims routine backups that the
    library's own ``backups.keep`` allows; ``protect`` (a backup being restored) is never deleted."""
    removed = []
    for info in [b for b in list_backups(library, counts=False) if b.routine == routine][keep:]:
        if protect is not None and info.path.resolve() == protect.resolve():
            continue
        for part in (info.path, Path(f"{info.path}-wal")):  # a raw copy of a damaged file keeps its WAL
            part.unlink(missing_ok=True)
        removed.append(info.path)
    return removed


# -- reading backups ------------------------------------------------------------------------------------
def _parse(path: Path) -> tuple[datetime, str, str] | None:
    match = _NAME.search(path.name)
    if match is None:
        return None
    created = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
    return created, match["reason"], match["fp"] or ""


def read_info(path: Path) -> BackupInfo:
    """Date, reason and counts of one backup file, read without changing it."""
    parsed = _parse(path)
    if parsed is None:  # a file the user picked by hand: date it by its modification time
        created = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        parsed = (created, "file", "")
    created, reason, fp = parsed
    size = path.stat().st_size
    try:
        with _reading(path) as conn:
            count = lambda table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            return BackupInfo(path, created, reason, fp, version, count("documents"), count("highlights"),
                              count("notes"), count("tags"), size)
    except sqlite3.Error as exc:
        return BackupInfo(path, created, reason, fp, size=size, problem=f"{exc}")


def list_backups(library: Path, *, counts: bool = True) -> list[BackupInfo]:
    """Backups of ``library``, newest first; ``counts=False`` skips opening each file."""
    folder = backups_dir(library)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob("*.sqlite3"):
        parsed = _parse(path)
        if parsed is None:
            continue
        found.append(read_info(path) if counts else BackupInfo(path, *parsed, size=path.stat().st_size))
    found.sort(key=lambda b: (b.created, _sequence(b.path)), reverse=True)
    return found


def _sequence(path: Path) -> int:
    match = _NAME.search(path.name)
    return int(match["seq"] or 1) if match else 0
