"""Backups from the command line: make one, list them, restore one."""
from __future__ import annotations

import argparse
from pathlib import Path

from ..core.backups import KEEP_SETTING, MANUAL, BackupInfo, keep_setting, list_backups, make_backup
from ..core.store import Library
from .common import CommandError, library_path, print_json, subcommand, table


def register(sub) -> None:
    p = subcommand(sub, "backup", "back up the library now (SQLite online backup; safe while the app runs)",
                   cmd_backup)
    p.add_argument("--keep", type=int, metavar="N",
                   help="from now on keep the newest N routine backups (default 10; stored in the library)")

    p = subcommand(sub, "backups", "list the library's backups, newest first, with their counts", cmd_backups)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = subcommand(sub, "restore", "replace the library with a backup (the current state is backed up first)",
                   cmd_restore)
    p.add_argument("backup", metavar="FILE", help="a backup file, or its number in 'reader-app backups' (1 = newest)")


def existing_library(args: argparse.Namespace) -> Path:
    path = library_path(args)
    if not path.exists():
        raise CommandError(f"{path}: no library there (nothing to back up or list)")
    return path


def cmd_backup(args: argparse.Namespace) -> int:
    path = existing_library(args)
    if args.keep is not None and args.keep < 1:
        raise CommandError(f"--keep must be 1 or more, not {args.keep}")
    with Library(path) as lib:
        if args.keep is not None:
            lib.settings.set(KEEP_SETTING, args.keep)
        info = make_backup(path, MANUAL, conn=lib.conn, keep=keep_setting(lib))
    print(f"backed up {path} → {info.path}")
    print(f"  {info.describe()}")
    return 0


def local_time(info: BackupInfo) -> str:
    return info.created.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def backup_json(number: int, info: BackupInfo) -> dict:
    return {
        "number": number, "path": str(info.path), "created": info.created.isoformat(), "reason": info.reason,
        "schema": info.schema_version, "documents": info.documents, "highlights": info.highlights,
        "notes": info.notes, "tags": info.tags, "size": info.size, "problem": info.problem or None,
    }


def cmd_backups(args: argparse.Namespace) -> int:
    path = existing_library(args)
    backups = list_backups(path)
    if args.json:
        print_json([backup_json(i, b) for i, b in enumerate(backups, start=1)])
        return 0
    if not backups:
        print(f"No backups of {path} yet. Make one with: reader-app backup")
        return 0
    rows = [[str(i), local_time(b), b.reason,
             *(["?", "?", "?"] if b.problem else [str(b.documents), str(b.highlights), str(b.notes)]),
             b.path.name] for i, b in enumerate(backups, start=1)]
    print(table(rows, ["#", "DATE", "REASON", "DOCS", "HL", "NOTES", "FILE"]))
    print(f"in {backups[0].path.parent}")
    return 0


def resolve_backup(path: Path, given: str) -> Path:
    if given.isdigit() and not Path(given).exists():
        backups = list_backups(path, counts=False)
        number = int(given)
        if not 1 <= number <= len(backups):
            raise CommandError(f"there is no backup number {number} (reader-app backups lists {len(backups)})")
        return backups[number - 1].path
    return Path(given)


def cmd_restore(args: argparse.Namespace) -> int:
    from ..core.restore import restore

    path = library_path(args)
    backup = resolve_backup(path, args.backup)
    result = restore(path, backup)
    info = result.restored
    print(f"restored {path} from {backup} ({local_time(info)}: {info.describe()})")
    if result.safety is not None:
        print(f"the library as it was is kept in {result.safety}")
    return 0
