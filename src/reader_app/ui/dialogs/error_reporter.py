"""The one place exceptions become a dialog: uncaught ones (sys.excepthook) and the session's reports.

A ``ReaderError`` is the environment's fault or a refused value: its message says the file or value and
the reason, so it is shown as it is. Anything else is a bug: a short message, the traceback under
"Show Details", and the reassurance that stored work is intact (every write is one transaction, so a
failure leaves the library as it was before the action).
"""
from __future__ import annotations

import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from ...core.errors import ReaderError

UNEXPECTED = ("Something went wrong inside Reader: {what}.\n\nYour library is safe: everything saved before this "
              "action is unchanged. The action itself may not have been completed.")


class ErrorReporter(QObject):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.window: QWidget | None = None  # dialogs are centred on it once the main window exists
        self.dialog: QMessageBox | None = None
        self._pending = 0
        self._previous_hook = None

    def install(self) -> None:
        self._previous_hook = sys.excepthook
        sys.excepthook = self.handle_exception

    def uninstall(self) -> None:
        if self._previous_hook is not None and sys.excepthook == self.handle_exception:
            sys.excepthook = self._previous_hook
        self._previous_hook = None

    def handle_exception(self, exc_type: type[BaseException], exc: BaseException,
                         tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt) and self._previous_hook is not None:
            self._previous_hook(exc_type, exc, tb)
            return
        if isinstance(exc, ReaderError):
            self.show_message(str(exc))
            return
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        sys.stderr.write(details)  # the terminal (or a log) keeps the full story too
        what = f"{exc_type.__name__}: {exc}" if str(exc) else exc_type.__name__
        self.show_message(UNEXPECTED.format(what=what), details=details, critical=True)

    def show_message(self, text: str, *, details: str = "", critical: bool = False) -> None:
        """Show ``text``; while a report is still open, later ones are counted on it rather than stacked."""
        if self.dialog is not None and self.dialog.isVisible():
            self._pending += 1
            self.dialog.setInformativeText(f"{self._pending} more problem{'s' if self._pending > 1 else ''} "
                                           "occurred after this one.")
            return
        self._pending = 0
        box = QMessageBox(QMessageBox.Icon.Critical if critical else QMessageBox.Icon.Warning,
                          "Reader", text, QMessageBox.StandardButton.Ok, self.window)
        if details:
            box.setDetailedText(details)
        # Non-blocking: an error raised during painting or a timer must not spin a nested event loop.
        box.setModal(True)
        box.show()
        self.dialog = box
