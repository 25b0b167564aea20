"""The read-only text surface of a reader pane: a QPlainTextEdit with a capped measure and the hooks the
pane needs (clicks that are not drags, hover, keys first offered to the pane, tooltips).

It knows nothing of highlights or offsets; it speaks Qt positions (UTF-16) and leaves meaning to the pane.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QKeyEvent, QPainter, QPalette, QTextCursor, QTextOption
from PySide6.QtWidgets import QFrame, QMenu, QPlainTextEdit, QToolTip

from ..theme import colors
from .typography import MEASURE_CHARS

_SIDE_MIN = 28  # px of air beside the text even in a narrow pane
_DRAG_SLOP = 4


class ReadingView(QPlainTextEdit):
    clicked = Signal(int)  # UTF-16 position of the character clicked (a click that selected nothing)
    activated = Signal()  # the user put focus or the mouse here

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("readingView")
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self.viewport().setMouseTracking(True)
        # Set by the pane: a key handler (True = handled), a link test and a tooltip source.
        self.key_handler: Callable[[QKeyEvent], bool] | None = None
        self.is_link_at: Callable[[int], bool] | None = None
        self.tooltip_at: Callable[[int], str] | None = None
        self.zoom_by: Callable[[int], None] | None = None  # Ctrl+wheel: typeset again, not just scale
        self.extend_menu: Callable[[QMenu, int], None] | None = None
        self._press: QPoint | None = None
        # Space above the text when the document's own top margin is lost: QPlainTextEdit draws that
        # margin only above its first block, and a hidden first block (web clutter) takes it along.
        self.top_pad = 0
        # Find hits on screen, painted over the text rather than set as extra selections: dozens of extra
        # selections replaced on every scroll step and re-typeset crashed Qt (PySide 6.11) now and then.
        self.tinted: list[tuple[int, int]] = []  # UTF-16 spans
        self.tint = QColor(255, 170, 60, 110)

    def show_document(self, doc) -> None:
        self.setDocument(doc)
        # A reading surface, not an editor: no caret (keyboard selection still works). The width lives
        # on the document's layout, so every new document needs it again.
        self.setCursorWidth(0)

    # -- measure ---------------------------------------------------------------------------------
    def text_width(self) -> float:
        """Pixel width of MEASURE_CHARS average characters of the body font."""
        return QFontMetricsF(self.document().defaultFont()).averageCharWidth() * MEASURE_CHARS * 1.08

    def update_measure(self) -> None:
        side = max(_SIDE_MIN, int((self.width() - self.verticalScrollBar().sizeHint().width()
                                   - self.text_width()) / 2))
        margins = self.viewportMargins()
        if margins.left() != side or margins.top() != self.top_pad:
            self.setViewportMargins(side, self.top_pad, side, 0)

    def column_chars(self, font: QFont) -> float:
        """Width of the text column in average characters of ``font`` (at most the capped measure)."""
        margin = self.document().documentMargin()
        width = self.viewport().width() - 2 * margin
        return min(width / QFontMetricsF(font).averageCharWidth(), MEASURE_CHARS)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self.tinted:
            return
        painter = QPainter(self.viewport())
        for start, end in self.tinted:
            for rect in self.span_rects(start, end):
                if rect.intersects(event.rect()):
                    painter.fillRect(rect, self.tint)
        painter.end()

    def span_rects(self, start: int, end: int) -> list[QRectF]:
        """Where the text between positions ``start`` and ``end`` is drawn, one rectangle per line."""
        rects = []
        doc = self.document()
        block = doc.findBlock(start)
        offset = self.contentOffset()
        while block.isValid() and block.position() < end:
            layout = block.layout()
            if block.isVisible() and layout is not None and layout.lineCount():
                top = self.blockBoundingGeometry(block).translated(offset).top()
                for i in range(layout.lineCount()):
                    line = layout.lineAt(i)
                    a = max(start, block.position() + line.textStart()) - block.position()
                    b = min(end, block.position() + line.textStart() + line.textLength()) - block.position()
                    if a < b:
                        x1, x2 = line.cursorToX(a)[0], line.cursorToX(b)[0]
                        rects.append(QRectF(min(x1, x2) + layout.position().x(), top + line.y(),
                                            abs(x2 - x1), line.height()))
            block = block.next()
        return rects

    def resizeEvent(self, event) -> None:
        self.update_measure()
        super().resizeEvent(event)

    def apply_theme(self, dark: bool) -> None:
        c = colors(dark)
        pal = self.palette()
        for role, value in ((QPalette.ColorRole.Base, c.base), (QPalette.ColorRole.Window, c.base),
                            (QPalette.ColorRole.Text, c.text), (QPalette.ColorRole.Highlight, c.accent),
                            (QPalette.ColorRole.HighlightedText, c.accent_text)):
            pal.setColor(role, QColor(value))
        pal.setColor(QPalette.ColorGroup.Inactive, QPalette.ColorRole.Highlight, QColor(c.accent).lighter(125)
                     if not dark else QColor(c.accent).darker(130))
        self.setPalette(pal)

    # -- positions -------------------------------------------------------------------------------
    def position_at(self, point: QPoint) -> int:
        return self.cursorForPosition(point).position()

    def char_at(self, point: QPoint) -> int:
        """Position of the character under ``point``. cursorForPosition gives the nearest gap between
        characters, which is after the character when the right half of it is hit."""
        cursor = self.cursorForPosition(point)
        pos = cursor.position()
        rect = self.cursorRect(cursor)
        same_line = rect.top() <= point.y() <= rect.bottom()
        if pos > cursor.block().position() and point.x() < rect.x() and same_line:
            return pos - 1
        return pos

    def first_visible_position(self) -> int:
        """Position of the first character on screen (the start of the top line)."""
        block = self.firstVisibleBlock()
        pos = block.position()
        line = self.verticalScrollBar().value() - block.firstLineNumber()
        layout = block.layout()
        if layout is not None and 0 < line < layout.lineCount():
            pos += layout.lineAt(line).textStart()
        return pos

    def scroll_to_position(self, pos: int, from_top: float = 0.0) -> None:
        """Scroll so the line holding ``pos`` is ``from_top`` (a fraction of the height) down the view."""
        block = self.document().findBlock(pos)
        # A freshly typeset document lays blocks out only when painted: without this the line inside the
        # block is unknown, and a position in the middle of a long paragraph would go back to its start
        # (each zoom or theme switch losing a few lines of the reading position).
        self.document().documentLayout().blockBoundingRect(block)
        line = block.firstLineNumber()
        layout = block.layout()
        if layout is not None and layout.lineCount() > 0:
            line += layout.lineForTextPosition(pos - block.position()).lineNumber()
        per_line = QFontMetricsF(self.document().defaultFont()).lineSpacing() * 1.3
        on_screen = int(self.viewport().height() / per_line)
        self.verticalScrollBar().setValue(max(0, line - int(on_screen * from_top)))

    def lines_visible(self, start: int, end: int) -> bool:
        """Whether the lines holding positions ``start`` and ``end`` are both wholly on screen."""
        if not self.isVisible():
            return False
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        top = self.cursorRect(cursor).top()
        cursor.setPosition(end)
        return top >= 0 and self.cursorRect(cursor).bottom() <= self.viewport().height()

    def visible_range(self) -> tuple[int, int]:
        """UTF-16 positions of the first and last characters on screen."""
        first = self.cursorForPosition(QPoint(0, 0)).position()
        vp = self.viewport()
        last = self.cursorForPosition(QPoint(vp.width() - 1, vp.height() - 1))
        last.movePosition(QTextCursor.MoveOperation.EndOfBlock)
        return first, last.position()

    # -- input -----------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.key_handler is not None and self.key_handler(event):
            event.accept()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        self.activated.emit()

    def mousePressEvent(self, event) -> None:
        self._press = event.position().toPoint()
        self.activated.emit()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        press, self._press = self._press, None
        at = event.position().toPoint()
        if (event.button() == Qt.MouseButton.LeftButton and press is not None
                and (at - press).manhattanLength() <= _DRAG_SLOP and not self.textCursor().hasSelection()):
            self.clicked.emit(self.char_at(at))

    def mouseMoveEvent(self, event) -> None:
        super().mouseMoveEvent(event)
        if event.buttons() == Qt.MouseButton.NoButton and self.is_link_at is not None:
            link = self.is_link_at(self.char_at(event.position().toPoint()))
            shape = Qt.CursorShape.PointingHandCursor if link else Qt.CursorShape.IBeamCursor
            if self.viewport().cursor().shape() != shape:
                self.viewport().setCursor(shape)

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and self.zoom_by is not None:
            steps = event.angleDelta().y() // 120
            if steps:
                self.zoom_by(steps)
            event.accept()
            return
        super().wheelEvent(event)

    def contextMenuEvent(self, event) -> None:
        menu = self.createStandardContextMenu(event.pos())
        if self.extend_menu is not None:
            self.extend_menu(menu, self.char_at(event.pos()))
        menu.exec(event.globalPos())
        menu.deleteLater()

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip and self.tooltip_at is not None:
            text = self.tooltip_at(self.char_at(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)
