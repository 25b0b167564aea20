"""Automatic backups while the app runs: one shortly after the window shows, then a daily check every hour.

The core's ``auto_backup`` decides whether a copy is needed (the work changed since the newest backup; for
the daily one, that backup is also a day old); this module only schedules it and keeps a failure to a
status-bar line, because a backup that could not be made must never take the reading session down.
"""
from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from ..core.backups import DAILY_REASON, OPEN, auto_backup
from ..core.errors import ReaderError

if TYPE_CHECKING:
    from .main_window import MainWindow

OPEN_DELAY_MS = 2000  # after start-up has painted, so the copy never delays the first frame
CHECK_EVERY_MS = 60 * 60 * 1000  # hourly; the core only copies once the newest backup is a day old
FAILURE_MS = 10000


class AutoBackups(QObject):
    """The window's automatic backups. ``done`` carries the BackupInfo made, or None (none needed or failed)."""

    done = Signal(object)

    def __init__(self, window: MainWindow, open_delay_ms: int = OPEN_DELAY_MS):
        super().__init__(window)
        self.window = window
        self.hourly = QTimer(self)
        self.hourly.setInterval(CHECK_EVERY_MS)
        self.hourly.timeout.connect(lambda: self.run(DAILY_REASON))
        if window.session.lib.readonly:  # nothing can change, and the core would refuse anyway
            return
        QTimer.singleShot(open_delay_ms, self, lambda: self.run(OPEN))
        self.hourly.start()

    def run(self, reason: str):
        """Back up now if the core says it is needed; a failure becomes a status-bar message."""
        info = None
        try:
            info = auto_backup(self.window.session.lib, reason)
        except (ReaderError, sqlite3.Error) as exc:  # BackupFailed, a busy or damaged file alike
            self.window.statusBar().showMessage(f"Automatic backup failed: {exc}", FAILURE_MS)
        self.done.emit(info)
        return info
