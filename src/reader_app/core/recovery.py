"""When a library cannot be opened: say what is wrong with the file and which ways forward exist.

``diagnose`` looks at the error the store raised and at the file itself (read-only probes: the header,
SQLite's own checks, the file system's flags) and returns a ``LibraryProblem`` the UI shows as-is and
the CLI prints. It never writes to the file.
"""
from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .errors import LibraryLocked, LibraryTooNew, NotALibrary, ReadOnlyLibrary

# Kinds of problem.
CORRUPT, NOT_SQLITE, FOREIGN, TOO_NEW, READ_ONLY, DISK_FULL, BUSY, UNREADABLE = (
    "corrupt", "not-sqlite", "foreign", "too-new", "read-only", "disk-full", "busy", "unreadable")
# Ways forward, in the order the dialog shows them.
OPEN_READONLY, RESTORE, CHOOSE_OTHER, RETRY, QUIT = "open-readonly", "restore", "choose-other", "retry", "quit"

SQLITE_HEADER = b"SQLite format 3\x00"
# Below this much free space, an "unable to open" or I/O error is most likely a full disk.
LOW_SPACE_BYTES = 1 << 20
# With this much free, a "full" error is a limit on the file, not an exhausted disk.
ROOMY_BYTES = 64 << 20


@dataclass(frozen=True)
class LibraryProblem:
    path: Path
    kind: str
    title: str  # one line, for a dialog title or the first line on the terminal
    message: str  # what happened, that the file was left alone, and what the user can do
    actions: tuple[str, ...]
    detail: str = ""  # the underlying error, for the curious and for bug reports

    def text(self) -> str:
        return f"{self.title}\n{self.message}" + (f"\n({self.detail})" if self.detail else "")


def diagnose(path: Path | str, error: BaseException | None = None) -> LibraryProblem:
    """Classify why ``path`` could not be opened (``error`` is what opening raised, if anything)."""
    path = Path(path)
    detail = str(error) if error is not None else ""
    lowered = detail.lower()
    name = f"“{path.name}”"
    untouched = "Reader has not changed the file."

    if isinstance(error, LibraryTooNew):
        return LibraryProblem(
            path, TOO_NEW, f"{name} is from a newer version of Reader",
            f"{path} uses schema {error.found}; this version of Reader understands up to {error.supported}. "
            f"{untouched} Update Reader to open it, or choose another library.",
            (CHOOSE_OTHER, QUIT), detail)
    if isinstance(error, LibraryLocked):
        return LibraryProblem(
            path, BUSY, f"{name} is busy",
            f"Another program holds a lock on {path} and did not release it in time. {untouched} "
            "Try again in a moment, or open it read-only.",
            (RETRY, OPEN_READONLY, CHOOSE_OTHER, QUIT), detail)
    if _disk_full(path, lowered):
        # On a completely full disk even reading can fail (SQLite cannot create its shared-memory index).
        readable = path.exists() and _opens_readonly(path)
        free = _free_bytes(path)
        if free is None or free < ROOMY_BYTES:
            title, what = (f"The disk holding {name} is full",
                           f"There is no space left to write to {path} (free: {_free_text(path)}).")
        else:  # SQLITE_FULL with room on the disk: a quota, a file-size limit or a database size cap
            title = f"{name} cannot grow any further"
            what = (f"SQLite reports {path} as full although the disk has {_free_text(path)} free, so a quota "
                    "or a file-size limit applies.")
        return LibraryProblem(
            path, DISK_FULL, title,
            f"{what} Your library is intact; nothing was lost. Free some space (or lift the limit) and try again"
            + (", or open it read-only for now." if readable else ", or choose another library."),
            (RETRY, OPEN_READONLY, CHOOSE_OTHER, QUIT) if readable else (RETRY, CHOOSE_OTHER, QUIT), detail)
    if path.is_dir():
        return LibraryProblem(
            path, UNREADABLE, f"{name} is a folder",
            f"{path} is a folder, not a library file. Choose a library file (or a new name to start one).",
            (CHOOSE_OTHER, QUIT), detail)
    if path.exists() and path.is_file():
        header = _header(path)
        if header is None:
            return LibraryProblem(
                path, UNREADABLE, f"{name} cannot be read",
                f"The file {path} cannot be read ({_os_reason(path)}). {untouched} Check its permissions, "
                "or choose another library.", (CHOOSE_OTHER, QUIT), detail)
        if header and header != SQLITE_HEADER:
            return LibraryProblem(
                path, NOT_SQLITE, f"{name} is not a Reader library",
                f"{path} is not a SQLite database at all (it starts with {header[:8]!r}), so it is not a "
                f"library and probably not the file you meant. {untouched} Choose another library, or "
                "restore a backup in its place (the file will be kept in the backups folder).",
                (CHOOSE_OTHER, RESTORE, QUIT), detail)
        damage = _damage(path)
        if damage:
            readable = _opens_readonly(path)
            return LibraryProblem(
                path, CORRUPT, f"{name} is damaged",
                f"SQLite's integrity check found damage in {path}: {damage}. {untouched} Restore a backup "
                "(the damaged file is kept in the backups folder)"
                + (", or open it read-only to copy out what is still readable" if readable else "")
                + ", or choose another library.",
                (RESTORE, OPEN_READONLY, CHOOSE_OTHER, QUIT) if readable else (RESTORE, CHOOSE_OTHER, QUIT),
                detail)
        if isinstance(error, NotALibrary) and "not one of reader" in lowered:
            return LibraryProblem(
                path, FOREIGN, f"{name} belongs to another program",
                f"{path} is a SQLite database, but not one of Reader's libraries. {untouched} Choose another "
                "library.", (CHOOSE_OTHER, QUIT), detail)
    if isinstance(error, ReadOnlyLibrary) or "readonly" in lowered or "read-only" in lowered \
            or "unable to open" in lowered or _read_only(path):
        can_read = path.exists() and _opens_readonly(path)
        return LibraryProblem(
            path, READ_ONLY, f"{name} cannot be changed",
            f"{path} (or its folder) is read-only, so Reader cannot save annotations there. Nothing was "
            "changed. " + ("Open it read-only to read and export, or choose" if can_read else "Choose")
            + " another library in a folder you can write to.",
            (OPEN_READONLY, CHOOSE_OTHER, QUIT) if can_read else (CHOOSE_OTHER, QUIT), detail)
    return LibraryProblem(
        path, UNREADABLE, f"{name} could not be opened",
        f"{path} could not be opened: {detail or 'unknown reason'}. {untouched} Restore a backup or choose "
        "another library.", (RESTORE, CHOOSE_OTHER, QUIT), detail)


# -- probes: each only reads ------------------------------------------------------------------------------
def _header(path: Path) -> bytes | None:
    """The first 16 bytes (b"" for an empty file, which SQLite treats as a new database); None: unreadable."""
    try:
        with open(path, "rb") as fh:
            return fh.read(len(SQLITE_HEADER))
    except OSError:
        return None


def _os_reason(path: Path) -> str:
    try:
        with open(path, "rb"):
            return "unknown reason"
    except OSError as exc:
        return exc.strerror or str(exc)


def _damage(path: Path) -> str:
    """SQLite's first complaint about the file, or "" when it reads as healthy."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        rows = [r[0] for r in conn.execute("PRAGMA quick_check")]
        return "" if rows == ["ok"] else rows[0]
    except sqlite3.DatabaseError as exc:
        message = str(exc)
        if "malformed" in message or "not a database" in message or "corrupt" in message:
            return message
        return ""  # locked, unable to open: not damage
    finally:
        conn.close()


def _opens_readonly(path: Path) -> bool:
    """Whether the store can open the file read-only and read its documents."""
    from .store import Library

    try:
        lib = Library(path, readonly=True)
    except Exception:
        return False
    try:
        lib.documents.count()
        lib.highlights.count()
        return True
    except Exception:
        return False
    finally:
        lib.close()


def _read_only(path: Path) -> bool:
    """A read-only mount (which binds root too) or, for other users, missing write permission."""
    folder = path.parent if path.parent.exists() else path.parent.parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return True
    except OSError:
        return False
    if path.exists() and not os.access(path, os.W_OK):
        return True
    return folder.exists() and not os.access(folder, os.W_OK)


def _disk_full(path: Path, lowered_error: str) -> bool:
    if "disk is full" in lowered_error or "database or disk is full" in lowered_error \
            or os.strerror(errno.ENOSPC).lower() in lowered_error:
        return True
    if "disk i/o error" in lowered_error or "unable to open" in lowered_error:
        return _free_bytes(path) is not None and _free_bytes(path) < LOW_SPACE_BYTES
    return False


def _free_bytes(path: Path) -> int | None:
    folder = path.parent if path.parent.exists() else Path(path.anchor or ".")
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def _free_text(path: Path) -> str:
    free = _free_bytes(path)
    if free is None:
        return "unknown"
    return f"{free / 1024:.0f} KB" if free < 10 << 20 else f"{free / (1 << 20):.0f} MB"
