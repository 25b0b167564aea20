"""Copies of a library made with SQLite's online backup API (consistent even while it is in use)."""
from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from ..paths import backups_dir


def backup_to(source: Path, target: Path) -> Path:
    """Copy ``source`` into a new file ``target`` page by page; the source is only read."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".partial")
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(str(tmp))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    tmp.replace(target)  # a crash mid-copy never leaves a file that looks like a finished backup
    return target


def backup_before_upgrade(library: Path, version: int) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return backup_to(library, backups_dir(library) / f"{library.stem}-{stamp}-before-schema-{version + 1}.sqlite3")
