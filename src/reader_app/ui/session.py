"""The UI's one handle on the library: owns the store and the undo stack, and announces every change.

Widgets never run SQL; they read through ``session.lib`` repositories and change things by pushing
commands (``ui/commands.py``) onto ``session.undo_stack``. Every write ends in one ``changed`` signal.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..core.changes import Changes
from ..core.store import Library


class Session(QObject):
    changed = Signal(object)  # Changes
    error = Signal(str)  # a readable message for the error reporter

    def __init__(self, lib: Library, parent: QObject | None = None):
        super().__init__(parent)
        self.lib = lib
        self.undo_stack = QUndoStack(self)
        self._last_data_version = lib.data_version()

    def push(self, command: QUndoCommand) -> bool:
        """Run a command through the undo stack; False when the store refused it (already reported)."""
        self.undo_stack.push(command)
        failed = getattr(command, "failed", False)
        if failed:
            # A command whose redo() failed must not stay on the stack (PySide6 keeps it otherwise).
            command.setObsolete(True)
            self.undo_stack.undo()
        return not failed

    def announce(self, changes: Changes) -> None:
        self._last_data_version = self.lib.data_version()
        if changes:
            self.changed.emit(changes)

    def poll_external_changes(self) -> bool:
        """True (and a full refresh announced) when another process wrote to the library since we looked.

        The undo history is dropped: the outside write may have been a restore from backup, after which
        our commands' row ids can be gone or, worse, name rows someone else has since created."""
        version = self.lib.data_version()
        if version == self._last_data_version:
            return False
        self._last_data_version = version
        self.undo_stack.clear()
        self.changed.emit(EVERYTHING)
        return True

    def close(self) -> None:
        self.lib.close()


class _Everything(Changes):
    """Marker for 'reload everything' (an outside write we cannot describe in detail)."""


EVERYTHING = _Everything()
