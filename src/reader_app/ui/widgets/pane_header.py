"""A reader pane's header: the document's title and source, and the pane's own buttons."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from ...core.model import Document
from ..theme import colors


def source_line(doc: Document) -> str:
    """"authors · publisher · date", leaving out what the document does not say."""
    return " · ".join(p for p in (doc.authors, doc.publisher, doc.published) if p)


class ElidedLabel(QLabel):
    """One line that ends in "…" when the pane is too narrow; the full text is the tooltip."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(10, self.width())
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width))


class PaneHeader(QWidget):
    close_clicked = Signal()
    move_clicked = Signal(int)  # -1 left, +1 right

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("paneHeader")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(14, 8, 6, 8)
        outer.setSpacing(6)
        texts = QVBoxLayout()
        texts.setSpacing(1)
        self.title = ElidedLabel(self)
        self.title.setObjectName("paneTitle")
        self.meta = ElidedLabel(self)
        self.meta.setObjectName("paneMeta")
        texts.addWidget(self.title)
        texts.addWidget(self.meta)
        outer.addLayout(texts, 1)
        self.buttons: dict[str, QToolButton] = {}
        for name, text, tip in (("left", "‹", "Move this pane left"), ("right", "›", "Move this pane right"),
                                ("close", "✕", "Close this pane")):
            b = QToolButton(self)
            b.setObjectName(f"pane_{name}")
            b.setText(text)
            b.setToolTip(tip)
            b.setAutoRaise(True)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.buttons[name] = b
            outer.addWidget(b, 0, Qt.AlignmentFlag.AlignTop)
        self.buttons["left"].clicked.connect(lambda: self.move_clicked.emit(-1))
        self.buttons["right"].clicked.connect(lambda: self.move_clicked.emit(1))
        self.buttons["close"].clicked.connect(self.close_clicked)
        self._current = False
        self._dark = False
        self.set_document(None)

    def set_document(self, doc: Document | None) -> None:
        self.title.set_full_text(doc.title or doc.key if doc else "No document")
        self.meta.set_full_text(source_line(doc) if doc else "Open a document from the library")

    def set_buttons(self, *, close: bool, left: bool, right: bool) -> None:
        self.buttons["close"].setVisible(close)
        self.buttons["left"].setVisible(left)
        self.buttons["right"].setVisible(right)

    def set_current(self, current: bool) -> None:
        self._current = current
        self._restyle()

    def set_dark(self, dark: bool) -> None:
        self._dark = dark
        self._restyle()

    def _restyle(self) -> None:
        c = colors(self._dark)
        accent = c.accent if self._current else c.border
        self.setStyleSheet(
            f"QWidget#paneHeader {{ background: {c.base}; border-top: 3px solid {accent};"
            f" border-bottom: 1px solid {c.border}; }}"
            f"QLabel#paneTitle {{ color: {c.text}; font-weight: 600; font-size: 10.5pt; }}"
            f"QLabel#paneMeta {{ color: {c.muted}; font-size: 9pt; }}"
            f"QToolButton {{ color: {c.muted}; border: none; padding: 1px 6px; border-radius: 4px;"
            f" font-size: 11pt; }}"
            f"QToolButton:hover {{ background: {c.hover}; color: {c.text}; }}")
