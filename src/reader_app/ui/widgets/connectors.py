"""Connectors: curves drawn over the desk between linked passages in neighbouring panes.

An overlay child of the desk, transparent to the mouse, always as large as the desk. For every pair of
neighbouring panes it joins each linked passage of the left pane to each of the right pane: a bracket in
the passage's relation colour beside the text, and a curve between the brackets. A passage scrolled out of
view is pinned to the top or bottom edge of its pane with a dashed curve, so the link stays visible. It
repaints when a pane scrolls, the splitter moves or the desk resizes; geometry is computed at paint time
from the panes' own cursor rectangles, so it can never lag behind the text.
"""
from __future__ import annotations

import weakref
import zlib
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QLinearGradient, QPainter, QPainterPath, QPen, QTextCursor
from PySide6.QtWidgets import QWidget

RELATION_COLORS = {"supports": "#2b8a3e", "contradicts": "#c92a2a", "adds detail": "#1971c2",
                   "same fact": "#7048e8", "quotes": "#868e96"}
_FALLBACK = ("#e67700", "#0c8599", "#a61e4d", "#5f3dc4", "#2b8a3e")
_BRACKET_GAP = 6  # px between the text column and a bracket


def relation_color(relation: str) -> QColor:
    """The colour of a relation; user-added relations get a stable colour of their own."""
    if relation in RELATION_COLORS:
        return QColor(RELATION_COLORS[relation])
    if not relation:
        return QColor("#5c7cfa")
    return QColor(_FALLBACK[zlib.crc32(relation.encode()) % len(_FALLBACK)])


@dataclass(frozen=True)
class LinkEnd:
    highlight_id: int
    document_id: int
    start: int
    end: int
    relation: str


@dataclass(frozen=True)
class Connector:
    left_pane: int  # index in desk.panes()
    right_pane: int
    left: LinkEnd
    right: LinkEnd
    start: QPointF  # overlay coordinates
    end: QPointF
    left_span: tuple[float, float]  # bracket top and bottom (y) beside the left passage
    right_span: tuple[float, float]
    on_screen: bool  # both passages at least partly visible


class ConnectorOverlay(QWidget):
    def __init__(self, desk):
        super().__init__(desk)
        self.setObjectName("connectorOverlay")
        self.desk = desk
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self._ends: list[LinkEnd] = []
        self._hooked: weakref.WeakSet = weakref.WeakSet()  # panes whose scrolling repaints us
        desk.installEventFilter(self)
        desk.splitter.installEventFilter(self)
        desk.splitter.splitterMoved.connect(self._repaint)
        self.setGeometry(desk.rect())
        self.hide()

    # -- what to join ----------------------------------------------------------------------------
    def set_links(self, ends: list[LinkEnd]) -> None:
        self._ends = list(ends)
        self._hook_panes()
        self.setGeometry(self.desk.rect())
        self.setVisible(bool(ends))
        self.raise_()
        self.update()

    def clear(self) -> None:
        self.set_links([])

    def links(self) -> list[LinkEnd]:
        return list(self._ends)

    def _hook_panes(self) -> None:
        for pane in self.desk.panes():
            if pane not in self._hooked:
                self._hooked.add(pane)
                pane.view.verticalScrollBar().valueChanged.connect(self._repaint)
                pane.view.horizontalScrollBar().valueChanged.connect(self._repaint)

    def _repaint(self, *_args) -> None:
        if self.isVisible():
            self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.desk and kind == QEvent.Type.Resize:
            self.setGeometry(self.desk.rect())
        elif watched is self.desk.splitter and kind in (QEvent.Type.ChildAdded, QEvent.Type.ChildRemoved,
                                                         QEvent.Type.LayoutRequest, QEvent.Type.Resize):
            self._hook_panes()
            self.raise_()
            self.update()
        return False

    # -- geometry --------------------------------------------------------------------------------
    def _span(self, pane, end: LinkEnd, right_side: bool) -> tuple[float, float, float, bool] | None:
        """x of the bracket, top and bottom y (overlay coordinates) and whether it is on screen."""
        if pane.doc_id != end.document_id or not pane.isVisible():
            return None
        view, mapping = pane.view, pane.mapping
        n = len(pane.text)
        first, last = QTextCursor(view.document()), QTextCursor(view.document())
        first.setPosition(mapping.to_utf16(max(0, min(end.start, n))))
        last.setPosition(mapping.to_utf16(max(0, min(end.end, n))))
        top, bottom = view.cursorRect(first).top(), view.cursorRect(last).bottom()
        vp = view.viewport()
        height = vp.height()
        on_screen = bottom >= 0 and top <= height
        top, bottom = max(0, min(top, height - 1)), max(0, min(bottom, height - 1))
        if bottom - top < 6:  # pinned to an edge: a short stub
            top, bottom = (0, 14) if top <= 0 else (height - 15, height - 1)
        x = -_BRACKET_GAP if right_side else vp.width() + _BRACKET_GAP
        a = vp.mapTo(self.desk, QPointF(x, top).toPoint())
        b = vp.mapTo(self.desk, QPointF(x, bottom).toPoint())
        return float(a.x()), float(a.y()), float(b.y()), on_screen

    def connectors(self) -> list[Connector]:
        """The connectors as they would be drawn now (also what the tests inspect)."""
        panes = self.desk.panes()
        found: list[Connector] = []
        for i in range(len(panes) - 1):
            left_pane, right_pane = panes[i], panes[i + 1]
            lefts = [e for e in self._ends if e.document_id == left_pane.doc_id]
            rights = [e for e in self._ends if e.document_id == right_pane.doc_id]
            for le in lefts:
                ls = self._span(left_pane, le, right_side=False)
                if ls is None:
                    continue
                for re_ in rights:
                    rs = self._span(right_pane, re_, right_side=True)
                    if rs is None:
                        continue
                    start = QPointF(ls[0], (ls[1] + ls[2]) / 2)
                    end = QPointF(rs[0], (rs[1] + rs[2]) / 2)
                    found.append(Connector(i, i + 1, le, re_, start, end, (ls[1], ls[2]), (rs[1], rs[2]),
                                           ls[3] and rs[3]))
        return found

    # -- painting --------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        connectors = self.connectors()
        if not connectors:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        brackets: dict[tuple[float, float, float], QColor] = {}
        for c in connectors:
            left_color, right_color = relation_color(c.left.relation), relation_color(c.right.relation)
            brackets[(c.start.x(), *c.left_span)] = left_color
            brackets[(c.end.x(), *c.right_span)] = right_color
            gradient = QLinearGradient(c.start, c.end)
            for at, color in ((0.0, left_color), (1.0, right_color)):
                faded = QColor(color)
                faded.setAlpha(200 if c.on_screen else 110)
                gradient.setColorAt(at, faded)
            pen = QPen(gradient, 2.2 if c.on_screen else 1.6)
            pen.setStyle(Qt.PenStyle.SolidLine if c.on_screen else Qt.PenStyle.DashLine)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            reach = max(30.0, abs(c.end.x() - c.start.x()) * 0.5)
            path = QPainterPath(c.start)
            path.cubicTo(c.start + QPointF(reach, 0), c.end - QPointF(reach, 0), c.end)
            painter.drawPath(path)
        for (x, top, bottom), color in brackets.items():
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawRoundedRect(QRectF(x - 2, top, 4, max(bottom - top, 4)), 2, 2)
            painter.drawEllipse(QPointF(x, (top + bottom) / 2), 4.5, 4.5)
        painter.end()
