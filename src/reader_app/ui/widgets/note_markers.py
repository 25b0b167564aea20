"""Margin markers: beside each passage that belongs to notes, a small tab in the reading view's left margin.

Hovering shows the notes (title, relation, first line of the body); clicking opens the note
(``note_open_requested``), or offers a menu when the passage is in several. A pane hosts it with
``NoteMarkers.attach(pane)``: the markers sit over the margin the view keeps beside its text column,
follow scrolling, resizing and zoom, and refresh when notes or highlights change.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QTextCursor
from PySide6.QtWidgets import QMenu, QToolTip, QWidget

from ...core.changes import Changes
from ...core.compare.linked import notes_by_highlight
from ...core.errors import NotFound
from ...core.model import Note
from ..session import EVERYTHING
from ..theme import colors

_TAB_W, _TAB_H = 14, 16


@dataclass(frozen=True)
class Marker:
    highlight_id: int
    notes: tuple[Note, ...]
    rect: QRect  # in the marker widget's coordinates


class NoteMarkers(QWidget):
    note_open_requested = Signal(int)

    @classmethod
    def attach(cls, pane) -> NoteMarkers:
        return cls(pane)

    def __init__(self, pane):
        super().__init__(pane.view)
        self.setObjectName("noteMarkers")
        self.pane = pane
        self.setMouseTracking(True)
        self._doc_id: int | None = None
        self._notes: dict[int, list[Note]] = {}
        view = pane.view
        view.installEventFilter(self)
        view.viewport().installEventFilter(self)
        view.verticalScrollBar().valueChanged.connect(lambda _value: self.update())
        pane.session.changed.connect(self._on_changed)
        self._place()
        self.show()

    # -- data ------------------------------------------------------------------------------------
    def _data(self) -> dict[int, list[Note]]:
        if self.pane.doc_id != self._doc_id:
            self._doc_id = self.pane.doc_id
            self._reload()
        return self._notes

    def _reload(self) -> None:
        self._notes = {} if self._doc_id is None else notes_by_highlight(self.pane.session.lib, self._doc_id)

    def _on_changed(self, changes: Changes) -> None:
        # Linking, unlinking and deleting a linked highlight all report the note; a plain highlight edit
        # does not change which passages have notes (positions are read from the pane when painting).
        if changes is EVERYTHING or changes.notes:
            self._doc_id = self.pane.doc_id
            try:
                self._reload()
            except NotFound:
                self._notes = {}
            self.update()

    # -- geometry --------------------------------------------------------------------------------
    def _place(self) -> None:
        view = self.pane.view
        vp = view.viewport()
        left = view.viewportMargins().left()
        # Left of the margin's middle: the margin's inner edge is where note connectors put their brackets.
        self.setGeometry(max(0, left - _TAB_W - 20), vp.y(), _TAB_W + 4, vp.height())

    def eventFilter(self, watched, event) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest, QEvent.Type.Show):
            self._place()
            self.update()
        return False

    def markers(self) -> list[Marker]:
        """The markers on screen now, top to bottom (one per linked highlight)."""
        notes = self._data()
        if not notes:
            return []
        view, mapping = self.pane.view, self.pane.mapping
        index = self.pane.index
        found = []
        for hid, linked in notes.items():
            h = index.get(hid)
            if h is None or not linked:
                continue
            cursor = QTextCursor(view.document())
            cursor.setPosition(mapping.to_utf16(min(h.start, len(self.pane.text))))
            top = view.cursorRect(cursor).top()
            if -_TAB_H < top < self.height():
                found.append(Marker(hid, tuple(linked), QRect(2, top + 2, _TAB_W, _TAB_H)))
        found.sort(key=lambda m: m.rect.top())
        return found

    # -- painting and input ----------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        markers = self.markers()
        if not markers:
            return
        dark = self.pane.is_dark()
        c = colors(dark)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.72))
        font.setWeight(QFont.Weight.Bold)
        painter.setFont(font)
        for m in markers:
            r = QRectF(m.rect)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(c.accent))
            painter.drawRoundedRect(r, 3, 3)
            painter.setPen(QColor(c.accent_text))
            label = str(len(m.notes)) if len(m.notes) > 1 else "N"
            painter.drawText(r, Qt.AlignmentFlag.AlignCenter, label)
        painter.end()

    def marker_at(self, pos: QPoint) -> Marker | None:
        return next((m for m in self.markers() if m.rect.adjusted(-2, -2, 2, 2).contains(pos)), None)

    def preview(self, marker: Marker) -> str:
        """The hover text: each note's title, this passage's relation in it, and its first line."""
        lines = []
        for note in marker.notes:
            relation = next((lk.relation for lk in note.links if lk.highlight_id == marker.highlight_id), "")
            lines.append(f"{note.title} — {relation}" if relation else note.title)
            first = next((line.strip() for line in note.body.splitlines() if line.strip()), "")
            if first:
                lines.append("    " + (first if len(first) <= 80 else first[:79] + "…"))
        return "\n".join(lines) + "\n(click to open)"

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            marker = self.marker_at(event.pos())
            if marker is not None:
                QToolTip.showText(event.globalPos(), self.preview(marker), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def mouseMoveEvent(self, event) -> None:
        over = self.marker_at(event.position().toPoint()) is not None
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)

    def mouseReleaseEvent(self, event) -> None:
        marker = self.marker_at(event.position().toPoint())
        if marker is None or event.button() != Qt.MouseButton.LeftButton:
            return
        if len(marker.notes) == 1:
            self.note_open_requested.emit(marker.notes[0].id)
            return
        menu = QMenu(self)
        for note in marker.notes:
            menu.addAction(note.title, lambda nid=note.id: self.note_open_requested.emit(nid))
        menu.popup(self.mapToGlobal(event.position().toPoint()))
