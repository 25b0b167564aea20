"""What the list delegates share: wrapped-and-elided text, tag chips, and a list view whose rows re-wrap."""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QResizeEvent, QTextLayout
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyledItemDelegate, QStyleOptionViewItem, QWidget


def row_fonts(option: QStyleOptionViewItem, small_scale: float) -> tuple[QFont, QFont]:
    """A list row's semibold title font and its smaller font for the lines under it."""
    title = QFont(option.font)
    title.setWeight(QFont.Weight.DemiBold)
    small = QFont(option.font)
    small.setPointSizeF(option.font.pointSizeF() * small_scale)
    return title, small


def row_width(delegate: QStyledItemDelegate, option: QStyleOptionViewItem) -> int:
    """The width a row is laid out in. sizeHint() may be asked before the view knows its final width,
    so the delegate's view's viewport is the truth when there is one."""
    view = delegate.parent()
    return view.viewport().width() if isinstance(view, QListView) else option.rect.width()


class WrappingListView(QListView):
    """A list whose rows wrap text to the view's width, so their heights change when the width does.

    QListView's own Adjust mode keeps stale row positions when the viewport width settles in several
    steps (scroll bar appearing, dock resizing); one full layout after the last step puts them right.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setMouseTracking(True)
        self._relayout = QTimer(self)  # owned by the view, so it dies with it
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(0)
        self._relayout.timeout.connect(self.doItemsLayout)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._relayout.start()


def elide_lines(text: str, font: QFont, width: int, max_lines: int) -> list[str]:
    """``text`` wrapped at word boundaries to ``width``, at most ``max_lines`` lines, the last elided."""
    text = " ".join(text.split())
    if not text or width <= 0:
        return []
    layout = QTextLayout(text, font)
    layout.beginLayout()
    starts: list[int] = []
    while len(starts) < max_lines:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        starts.append(line.textStart())
    layout.endLayout()
    lines = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        lines.append(text[start:end].strip())
    if lines:
        # The last line carries whatever did not fit, elided; lines before it wrapped cleanly.
        rest = text[starts[-1]:].strip()
        lines[-1] = QFontMetrics(font).elidedText(rest, Qt.TextElideMode.ElideRight, width)
    return lines


def draw_lines(painter: QPainter, lines: list[str], x: int, y: int, font: QFont, color: QColor) -> int:
    """Draw lines top-down from ``y``; returns the y below the last one."""
    fm = QFontMetrics(font)
    painter.setFont(font)
    painter.setPen(color)
    for line in lines:
        painter.drawText(x, y + fm.ascent(), line)
        y += fm.lineSpacing()
    return y


def chip_background(palette: QPalette, selected: bool, ink: QColor) -> QColor:
    """Chips on a selected (accent) row are a veil of the row's ink; elsewhere the palette's soft tone."""
    if selected:
        veil = QColor(ink)
        veil.setAlpha(48)
        return veil
    return QColor(palette.color(QPalette.ColorRole.Midlight))


def chip_width(text: str, font: QFont, dot: bool = True) -> int:
    return QFontMetrics(font).horizontalAdvance(text) + (22 if dot else 14)


def draw_chip(painter: QPainter, x: int, y: int, text: str, font: QFont, *, background: QColor,
              foreground: QColor, dot: QColor | None = None) -> int:
    """A rounded label (a tag, a marker) at ``(x, y)``; returns its width."""
    fm = QFontMetrics(font)
    width, height = chip_width(text, font, dot is not None), fm.height() + 4
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(background)
    painter.drawRoundedRect(QRectF(x, y, width, height), height / 2, height / 2)
    text_x = x + 7
    if dot is not None:
        painter.setBrush(dot)
        painter.drawEllipse(QRectF(x + 6, y + height / 2 - 3, 6, 6))
        text_x = x + 15
    painter.setFont(font)
    painter.setPen(foreground)
    painter.drawText(text_x, y + 2 + fm.ascent(), text)
    painter.restore()
    return width
