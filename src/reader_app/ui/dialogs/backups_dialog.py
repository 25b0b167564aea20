"""Restore from Backup…: the library's backups with their date and what each holds; back up now; restore.

Works on a running session (File menu) or on a bare library path (when the library could not be opened,
see ``library_problem_dialog``). Restoring goes through ``core.restore``: the backup is validated, the
current library is backed up first, and the running session sees the restored content as an outside
change (its undo history, which describes the replaced state, is cleared).

Questions to the user go through ``confirm_restore`` so tests can drive the dialog without a nested
event loop.
"""
from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.backups import MANUAL, BackupInfo, keep_setting, list_backups, make_backup
from ...core.errors import ReaderError
from ...core.restore import restore
from ...paths import backups_dir
from ..session import Session

COLUMNS = ["Date", "Made", "Documents", "Highlights", "Notes"]
_REASONS = {"open": "on opening", "daily": "daily", "manual": "by hand", "before-restore": "before a restore",
            "before-restore-damaged": "before a restore (damaged file, as it was)"}


def describe_reason(reason: str) -> str:
    if reason.startswith("before-schema-"):
        return f"before upgrading to schema {reason.removeprefix('before-schema-')}"
    return _REASONS.get(reason, reason)


def when(info: BackupInfo) -> str:
    return info.created.astimezone().strftime("%a %d %b %Y, %H:%M:%S")


class BackupsDialog(QDialog):
    restored = Signal(object)  # core.restore.RestoreResult

    def __init__(self, source: Session | Path | str, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = source if isinstance(source, Session) else None
        self.library = Path(self.session.lib.path if self.session else source)
        self.result_of_restore = None
        self.setWindowTitle("Restore from Backup")
        self.resize(720, 420)

        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder = QLabel(self)
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder.setStyleSheet("color: palette(placeholder-text);")
        self.empty = QLabel("No backups yet. Reader makes one whenever it opens a library that changed since "
                            "the last backup, and once a day while it runs.", self)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setContentsMargins(60, 0, 60, 0)
        self.empty.setStyleSheet("color: palette(placeholder-text); font-size: 11pt;")
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in range(2, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
            self.tree.headerItem().setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.itemDoubleClicked.connect(lambda *_: self.restore_selected())

        self.backup_button = QPushButton("Back Up Now", self)
        self.restore_button = QPushButton("Restore…", self)
        self.restore_button.setDefault(True)
        close = QPushButton("Close", self)
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.restore_selected)
        close.clicked.connect(self.reject)
        # Backing up needs a readable library; a damaged one is saved byte for byte by the restore itself.
        self.backup_button.setVisible(self.session is not None)
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.intro)
        layout.addWidget(self.folder)
        layout.addWidget(self.empty, 1)  # takes the list's place, so the page does not spread out
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self.refresh()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide_folder()

    def _elide_folder(self) -> None:
        folder = self.folder.toolTip()
        self.folder.setText(self.folder.fontMetrics().elidedText(f"Folder: {folder}", Qt.TextElideMode.ElideMiddle,
                                                                 max(200, self.width() - 40)))

    # -- contents --------------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.backups = list_backups(self.library)
        self.intro.setText(
            f"Backups of <b>{html.escape(self.library.name)}</b>, newest first. Restoring replaces the library "
            "with the chosen backup; the library as it is now is backed up first, so a restore can itself be "
            "undone from this list.")
        self.folder.setToolTip(str(backups_dir(self.library)))
        self._elide_folder()
        self.tree.clear()
        for info in self.backups:
            counts = ["?", "?", "?"] if info.problem else [f"{info.documents:,}", f"{info.highlights:,}",
                                                            f"{info.notes:,}"]
            item = QTreeWidgetItem([when(info), describe_reason(info.reason), *counts])
            for column in range(2, len(COLUMNS)):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(0, str(info.path))
            if info.problem:
                item.setToolTip(1, f"This file cannot be read: {info.problem}")
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable & ~Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(item)
        self.tree.setVisible(bool(self.backups))
        self.empty.setVisible(not self.backups)
        readable = [i for i, b in enumerate(self.backups) if not b.problem]
        if readable:
            self.tree.setCurrentItem(self.tree.topLevelItem(readable[0]))
        self._update_buttons()

    def selected(self) -> BackupInfo | None:
        item = self.tree.currentItem()
        if item is None or not item.isSelected():
            return None
        return self.backups[self.tree.indexOfTopLevelItem(item)]

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    # -- actions ---------------------------------------------------------------------------------------
    def back_up_now(self) -> BackupInfo | None:
        lib = self.session.lib
        try:
            info = make_backup(lib.path, MANUAL, conn=lib.conn, keep=keep_setting(lib))
        except ReaderError as exc:
            self.show_error("The backup could not be made", str(exc))
            return None
        self.refresh()
        return info

    def confirm_restore(self, info: BackupInfo) -> bool:
        answer = QMessageBox.question(
            self, "Restore from Backup",
            f"Replace the library with the backup from {when(info)}?\n\n"
            f"The backup holds {info.describe()}. The library as it is now will be saved as a backup first.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def show_error(self, title: str, message: str) -> None:
        QMessageBox.warning(self, title, message)

    def restore_selected(self):
        """Restore the selected backup after confirmation; returns the RestoreResult, or None."""
        info = self.selected()
        if info is None or not self.confirm_restore(info):
            return None
        try:
            result = restore(self.library, info.path)
        except ReaderError as exc:
            self.show_error("The backup was not restored", str(exc))
            self.refresh()
            return None
        if self.session is not None:
            self.session.undo_stack.clear()  # its commands describe the state that was just replaced
            self.session.poll_external_changes()
        self.result_of_restore = result
        self.restored.emit(result)
        self.accept()
        return result
