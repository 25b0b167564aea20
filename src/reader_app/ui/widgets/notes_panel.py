"""The notes list: every cross-document note with the documents it links and the start of its text.

A thin model over note ids (refreshed from ``Session.changed`` when notes change) and a delegate that
paints a title, the linked documents as chips and the body's first line. Selecting a note says so
(``note_selected``); double-click or Enter asks to open it side by side (``note_open_requested``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QAbstractListModel, QModelIndex, QSize, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ...core.changes import Changes
from ...core.store import Library
from ..session import EVERYTHING, Session
from .item_paint import (
    WrappingListView,
    chip_background,
    chip_width,
    draw_chip,
    draw_lines,
    elide_lines,
    row_fonts,
    row_width,
)

NoteIdRole = Qt.ItemDataRole.UserRole + 1
SummaryRole = Qt.ItemDataRole.UserRole + 2
_PAD_X, _PAD_Y, _GAP = 12, 8, 4
EMPTY_TEXT = ("No notes yet.\n\nSelect a passage and choose “Link selection to note…”, or press New note, "
              "then link passages from several documents.")


@dataclass(frozen=True)
class NoteSummary:
    note_id: int
    title: str
    first_line: str
    documents: tuple[str, ...]  # keys of the linked documents, in link order
    passages: int


_MARKUP = re.compile(r"(\*\*|__|\*|`|~~)(?=\S)(.+?)(?<=\S)\1")


def plain_line(line: str) -> str:
    """A Markdown line as it reads: no heading, quote or list marks, no emphasis or code markers."""
    text = re.sub(r"^\s*(#{1,6}\s+|>\s*|[-*+]\s+|\d+[.)]\s+)", "", line).strip()
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [label](address) -> label
    return _MARKUP.sub(r"\2", text)


def summarize(lib: Library) -> list[NoteSummary]:
    notes = lib.notes.list()
    ids = sorted({lk.highlight_id for n in notes for lk in n.links})
    doc_of = {h.id: h.document_id for h in lib.highlights.get_many(ids)}
    keys = {d.id: d.key for d in lib.documents.list()}
    out = []
    for n in notes:
        docs = dict.fromkeys(keys[doc_of[lk.highlight_id]] for lk in n.links if lk.highlight_id in doc_of)
        first = next((plain_line(line) for line in n.body.splitlines() if line.strip()), "")
        out.append(NoteSummary(n.id, n.title, first, tuple(docs), len(n.links)))
    return out


class NotesModel(QAbstractListModel):
    def __init__(self, lib: Library, parent=None):
        super().__init__(parent)
        self._lib = lib
        self._rows: list[NoteSummary] = summarize(lib)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.title}\n{row.passages} passage(s) from {', '.join(row.documents) or 'no document'}"
        if role == NoteIdRole:
            return row.note_id
        if role == SummaryRole:
            return row
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{row.title}, {row.passages} passages"
        return None

    def refresh(self) -> None:
        self.beginResetModel()
        self._rows = summarize(self._lib)
        self.endResetModel()

    def row_of(self, note_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.note_id == note_id), -1)


class NoteDelegate(QStyledItemDelegate):
    """Title (bold), document chips, the body's first line (muted)."""

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        return row_fonts(option, 0.86)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        row: NoteSummary = index.data(SummaryRole)
        title, small = self._fonts(option)
        width = max(row_width(self, option), 160)
        lines = elide_lines(row.title, title, width - 2 * _PAD_X, 2)
        height = 2 * _PAD_Y + len(lines) * QFontMetrics(title).lineSpacing() + _GAP + QFontMetrics(small).height() + 4
        if row.first_line:
            height += _GAP + QFontMetrics(small).lineSpacing()
        return QSize(width, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        row: NoteSummary = index.data(SummaryRole)
        title, small = self._fonts(option)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        pal = option.palette
        painter.save()
        if selected:
            painter.fillRect(option.rect, pal.color(QPalette.ColorRole.Highlight))
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(option.rect, pal.color(QPalette.ColorRole.AlternateBase))
        ink = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText)
        x, width = option.rect.left() + _PAD_X, option.rect.width() - 2 * _PAD_X
        y = draw_lines(painter, elide_lines(row.title, title, width, 2), x, option.rect.top() + _PAD_Y, title, ink)
        y += _GAP
        label = f"{row.passages} passage{'s' if row.passages != 1 else ''}"
        chip_x = x
        chip_x += draw_chip(painter, chip_x, y, label, small, background=chip_background(pal, selected, ink),
                            foreground=ink) + 4
        for key in row.documents:
            if chip_x + chip_width(key, small, False) > x + width:
                draw_chip(painter, chip_x, y, "…", small, background=chip_background(pal, selected, ink),
                          foreground=muted)
                break
            chip_x += draw_chip(painter, chip_x, y, key, small, background=chip_background(pal, selected, ink),
                                foreground=muted) + 4
        y += QFontMetrics(small).height() + 4 + _GAP
        if row.first_line:
            draw_lines(painter, elide_lines(row.first_line, small, width, 1), x, y, small, muted)
        painter.setPen(pal.color(QPalette.ColorRole.Mid))
        painter.drawLine(option.rect.bottomLeft(), option.rect.bottomRight())
        painter.restore()


class NotesPanel(QWidget):
    note_selected = Signal(int)  # note id, 0 when none
    note_open_requested = Signal(int)  # lay the note's passages out side by side
    new_note_requested = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("notesPanel")
        self.session = session
        self.model = NotesModel(session.lib, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter = QLineEdit(self, placeholderText="Filter notes", clearButtonEnabled=True)
        self.new_button = QPushButton("New note", self)
        self.view = WrappingListView(self)
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(NoteDelegate(self.view))
        self.view.setSelectionMode(WrappingListView.SelectionMode.SingleSelection)
        self.empty = QLabel(EMPTY_TEXT, self, wordWrap=True,  # at the top, like the annotations list's
                            alignment=Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.empty.setObjectName("emptyState")
        self.empty.setContentsMargins(16, 24, 16, 24)
        top = QHBoxLayout()
        top.setContentsMargins(8, 8, 8, 4)
        top.addWidget(self.filter, 1)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty, 1)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.new_button.clicked.connect(self.new_note_requested)
        self.view.selectionModel().currentChanged.connect(lambda cur, _prev: self.note_selected.emit(
            cur.data(NoteIdRole) or 0))
        self.view.activated.connect(lambda index: self.note_open_requested.emit(index.data(NoteIdRole)))
        self.view.doubleClicked.connect(lambda index: self.note_open_requested.emit(index.data(NoteIdRole)))
        session.changed.connect(self._on_changed)
        self._update_empty()

    def _on_changed(self, changes: Changes) -> None:
        # Highlight edits change nothing shown here unless a note is touched too (links report their note).
        if changes is EVERYTHING or changes.notes:
            current = self.current_note()
            self.model.refresh()
            if current:
                self.select_note(current)
            self._update_empty()

    def _update_empty(self) -> None:
        empty = self.model.rowCount() == 0
        self.view.setVisible(not empty)
        self.empty.setVisible(empty)

    def current_note(self) -> int:
        index = self.view.currentIndex()
        return index.data(NoteIdRole) if index.isValid() else 0

    def select_note(self, note_id: int) -> None:
        row = self.model.row_of(note_id)
        if row >= 0:
            self.view.setCurrentIndex(self.proxy.mapFromSource(self.model.index(row)))

    def note_ids(self) -> list[int]:
        """In the order shown (filter applied)."""
        return [self.proxy.index(i, 0).data(NoteIdRole) for i in range(self.proxy.rowCount())]
