"""A library: one SQLite file, opened once, with a repository per kind of thing it holds."""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from ..errors import StoreError
from . import migrate
from .db import connect, enable_wal, transaction, utc_now
from .documents import DocumentRepo
from .highlights import HighlightRepo
from .notes import NoteRepo
from .search import SearchRepo
from .settings import SettingsRepo
from .tags import TagRepo

ENV_LIBRARY = "READER_APP_LIBRARY"


class Library:
    """Owns the connection; repositories own the SQL. Every write returns the Changes it made."""

    def __init__(self, path: Path | str, *, readonly: bool = False, clock: Callable[[], str] = utc_now,
                 before_upgrade: Callable[[Path, int], None] | None = None):
        self.path = Path(path)
        self.readonly = readonly
        self.clock = clock
        if readonly and not self.path.exists():
            raise StoreError(f"{self.path}: no library file to open read-only")
        if not readonly:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.conn: sqlite3.Connection = connect(self.path, readonly=readonly)
        try:
            version = migrate.check_version(self.conn, self.path)
            if not readonly:
                enable_wal(self.conn, self.path)
            if version < migrate.latest_version():
                if readonly:
                    raise StoreError(f"{self.path}: the library needs an upgrade, which read-only mode forbids")
                if version > 0 and before_upgrade is not None:
                    before_upgrade(self.path, version)
                migrate.upgrade(self.conn, self.path)
        except BaseException:
            self.conn.close()
            raise
        self.documents = DocumentRepo(self)
        self.highlights = HighlightRepo(self)
        self.tags = TagRepo(self)
        self.notes = NoteRepo(self)
        self.search = SearchRepo(self)
        self.settings = SettingsRepo(self)

    def transaction(self):
        return transaction(self.conn, self.path)

    @property
    def schema_version(self) -> int:
        return migrate.schema_version(self.conn, self.path)

    def data_version(self) -> int:
        """Changes whenever another connection commits: lets a second window notice outside writes."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def close(self) -> None:
        try:
            if not self.readonly:
                self.conn.execute("PRAGMA optimize")
        except sqlite3.Error:
            pass
        self.conn.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def default_library_path() -> Path:
    """``--library`` wins, then READER_APP_LIBRARY, then the user data folder."""
    env = os.environ.get(ENV_LIBRARY)
    if env:
        return Path(env).expanduser()
    from ...paths import user_data_dir

    return user_data_dir() / "library.sqlite3"
