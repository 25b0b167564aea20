"""Find in document: the bar (query, previous/next, "3 of 12") and the search over canonical text."""
from __future__ import annotations

import re
from bisect import bisect_right

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget


def find_all(text: str, query: str, hidden: list[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Case-insensitive occurrences of ``query`` as code-point spans, leaving out hidden blocks (clutter)
    the reader cannot see. ``hidden`` is sorted and non-overlapping."""
    if not query:
        return []
    starts = [s for s, _ in hidden]
    hits = []
    for m in re.finditer(re.escape(query), text, re.IGNORECASE):
        i = bisect_right(starts, m.start()) - 1
        if i >= 0 and m.start() < hidden[i][1]:
            continue
        hits.append((m.start(), m.end()))
    return hits


class FindBar(QWidget):
    query_changed = Signal(str)
    next_requested = Signal()
    previous_requested = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("findBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(4)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Find in document")
        self.edit.setClearButtonEnabled(True)
        self.edit.textChanged.connect(self.query_changed)
        self.edit.returnPressed.connect(self.next_requested)
        self.edit.installEventFilter(self)
        self.count = QLabel("", self)
        self.count.setObjectName("findCount")
        self.count.setMinimumWidth(70)
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count)
        for text, tip, signal in (("↑", "Previous (Shift+Enter)", self.previous_requested),
                                  ("↓", "Next (Enter)", self.next_requested), ("✕", "Close (Esc)", None)):
            b = QToolButton(self)
            b.setText(text)
            b.setToolTip(tip)
            b.setAutoRaise(True)
            b.clicked.connect(signal if signal is not None else self.close_bar)
            layout.addWidget(b)
        self.hide()

    def open_bar(self, text: str = "") -> None:
        self.show()
        if text:
            self.edit.setText(text)
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def set_count(self, current: int, total: int) -> None:
        if not self.edit.text():
            self.count.setText("")
        elif total == 0:
            self.count.setText("no matches")
        else:
            self.count.setText(f"{current + 1} of {total}")

    def eventFilter(self, obj, event) -> bool:
        if obj is self.edit and isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
                    event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
                self.previous_requested.emit()
                return True
        return super().eventFilter(obj, event)
