"""When the library cannot be opened: what is wrong (from ``core.recovery``) and the ways forward.

    choice = resolve_library_problem(path, error, parent)
    # None: quit · LibraryChoice(path, readonly=True): open read-only · LibraryChoice(other): open that
    # (after "Restore a backup…" or "Try again" it is the same path, to be opened normally)

``open_library_interactively`` wraps the whole loop for the composition root: try to open, and on a
store error ask, until a library opens or the user quits.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ...core import recovery
from ...core.backups import list_backups
from ...core.errors import ReaderError
from ...core.store import Library

BUTTON_TEXT = {
    recovery.OPEN_READONLY: "Open Read-Only",
    recovery.RESTORE: "Restore a Backup…",
    recovery.CHOOSE_OTHER: "Choose Another Library…",
    recovery.RETRY: "Try Again",
    recovery.QUIT: "Quit",
}


@dataclass(frozen=True)
class LibraryChoice:
    path: Path
    readonly: bool = False


class LibraryProblemDialog(QDialog):
    """The problem in plain words and one button per way forward; ``choice`` holds the outcome."""

    def __init__(self, problem: recovery.LibraryProblem, parent: QWidget | None = None):
        super().__init__(parent)
        self.problem = problem
        self.choice: LibraryChoice | None = None
        self.setWindowTitle("Reader — Library Problem")
        self.setMinimumWidth(560)

        icon = QLabel(self)
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(48, 48))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.title = QLabel(f"<b>{_escape(problem.title)}</b>", self)
        self.title.setStyleSheet("font-size: 13pt;")
        self.title.setWordWrap(True)
        self.message = QLabel(problem.message, self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail = QLabel(f"Details: {problem.detail}" if problem.detail else "", self)
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setStyleSheet("color: palette(placeholder-text); font-size: 9pt;")
        self.detail.setVisible(bool(problem.detail))

        text = QVBoxLayout()
        text.setSpacing(8)
        text.addWidget(self.title)
        text.addWidget(self.message)
        text.addWidget(self.detail)
        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(text, 1)

        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        row.addStretch(1)
        for action in problem.actions:
            button = QPushButton(BUTTON_TEXT[action], self)
            button.clicked.connect(lambda _=False, a=action: self.act(a))
            self.buttons[action] = button
            row.addWidget(button)
        if recovery.RESTORE in self.buttons and not list_backups(problem.path, counts=False):
            self.buttons[recovery.RESTORE].setEnabled(False)
            self.buttons[recovery.RESTORE].setToolTip("No backups of this library were found beside it.")
        first = next((b for a, b in self.buttons.items() if b.isEnabled() and a != recovery.QUIT), None)
        if first is not None:
            first.setDefault(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 16)
        layout.setSpacing(18)
        layout.addLayout(top)
        layout.addStretch(1)  # extra height goes below the text, never between its lines
        layout.addLayout(row)
        # Word-wrapped labels report their height for a narrow width; size the dialog for its real width.
        width = max(self.minimumWidth(), self.sizeHint().width())
        self.resize(width, layout.totalHeightForWidth(width))

    # Seams for tests: each opens a nested dialog in the app.
    def choose_other_path(self) -> Path | None:
        start = str(self.problem.path.parent if self.problem.path.parent.exists() else Path.home())
        name, _ = QFileDialog.getSaveFileName(
            self, "Choose a Library", start, "Reader libraries (*.sqlite3);;All files (*)",
            options=QFileDialog.Option.DontConfirmOverwrite)
        return Path(name) if name else None

    def run_restore(self) -> bool:
        from .backups_dialog import BackupsDialog

        dialog = BackupsDialog(self.problem.path, self)
        return dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_of_restore is not None

    def act(self, action: str) -> None:
        path = self.problem.path
        if action == recovery.OPEN_READONLY:
            self.choice = LibraryChoice(path, readonly=True)
        elif action == recovery.RETRY:
            self.choice = LibraryChoice(path)
        elif action == recovery.RESTORE:
            if not self.run_restore():
                return  # cancelled or failed (and said why): stay, so another way can be chosen
            self.choice = LibraryChoice(path)
        elif action == recovery.CHOOSE_OTHER:
            other = self.choose_other_path()
            if other is None:
                return
            self.choice = LibraryChoice(other)
        else:
            self.choice = None
            self.reject()
            return
        self.accept()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def resolve_library_problem(path: Path | str, error: BaseException | None,
                            parent: QWidget | None = None) -> LibraryChoice | None:
    """Show what is wrong with ``path`` and return the user's way forward (None: quit)."""
    dialog = LibraryProblemDialog(recovery.diagnose(Path(path), error), parent)
    dialog.exec()
    return dialog.choice


def open_library_interactively(path: Path, *, parent: QWidget | None = None,
                               ask: Callable[[Path, BaseException, QWidget | None], LibraryChoice | None]
                               = resolve_library_problem,
                               open_library: Callable[[LibraryChoice], Library] | None = None) -> Library | None:
    """Open ``path``; while that fails, ask how to go on. Returns the open library, or None to quit.

    A library that opens but fails on its first reads (damage deep in the file) counts as failing.
    """
    if open_library is None:
        from ...core.backups import backup_before_upgrade

        def open_library(choice: LibraryChoice) -> Library:
            return Library(choice.path, readonly=choice.readonly, before_upgrade=backup_before_upgrade)

    choice = LibraryChoice(Path(path))
    while True:
        try:
            lib = open_library(choice)
        except ReaderError as exc:
            error: BaseException = exc
        else:
            try:
                lib.documents.count()
                lib.highlights.count()
                return lib
            except Exception as exc:
                lib.close()
                error = exc
        choice = ask(choice.path, error, parent)
        if choice is None:
            return None
