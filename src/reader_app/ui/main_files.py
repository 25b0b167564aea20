"""The File menu's library-level commands: export, import of annotations, backups and restore.

Each dialog is imported when first used (start-up pays only for what it shows). The window passes itself;
what a command needs from it is the session, its settings, its status bar and its error reporter.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from ..core.errors import ReaderError

if TYPE_CHECKING:
    from .dialogs.backups_dialog import BackupsDialog
    from .dialogs.export_dialog import ExportDialog
    from .main_window import MainWindow

_STATUS_MS = 8000


def open_export(window: MainWindow) -> ExportDialog:
    """File → Export…: the export dialog on this library, remembering its choices in the window's settings."""
    from .dialogs.export_dialog import ExportDialog

    settings = window.ui_state.settings if window.ui_state is not None else None
    dialog = ExportDialog(window.session, window, settings)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def import_annotations(window: MainWindow, path: Path | str | None = None):
    """File → Import Annotations…: merge one of our W3C JSON exports (documents matched by their text, no
    duplicates); the export dialog's module runs it and reports in a message box. Returns the ImportReport,
    or None when nothing was chosen or the file was refused (the box says why)."""
    from .dialogs.export_dialog import import_annotations_interactively

    result = import_annotations_interactively(window.session, window, path)
    if result is not None:
        added = result.highlights_added + result.notes_added
        window.statusBar().showMessage(
            f"Annotations imported: {result.highlights_added} highlight(s) and {result.notes_added} note(s) added"
            if added else "Annotations imported: nothing new to add", _STATUS_MS)
    return result


def back_up_now(window: MainWindow):
    """File → Back Up Now: a manual backup beside the library (rotated like the others)."""
    from ..core.backups import MANUAL, keep_setting, make_backup

    lib = window.session.lib
    try:
        info = make_backup(lib.path, MANUAL, conn=lib.conn, keep=keep_setting(lib))
    except ReaderError as exc:
        window.reporter.show_message(str(exc))
        return None
    window.statusBar().showMessage(f"Backed up: {info.path.name} (in {info.path.parent})", _STATUS_MS)
    return info


def open_backups(window: MainWindow) -> BackupsDialog:
    """File → Restore from Backup…: the backups with their dates and counts; a restore reloads everything."""
    from .dialogs.backups_dialog import BackupsDialog

    dialog = BackupsDialog(window.session, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.restored.connect(lambda _result: window.statusBar().showMessage(
        "Restored from the backup; the library as it was is kept as a backup too.", _STATUS_MS))
    dialog.open()
    return dialog
