"""The library: every document with its title, authors, publisher, date and highlight count; a filter box;
Enter or double-click opens a document in a new pane, the context menu can also replace the current one.
"""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QKeySequence, QPainter, QPalette
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ...core.store import Library
from ..models.documents import (
    AuthorsRole,
    DocIdRole,
    DocumentFilter,
    DocumentsModel,
    HighlightCountRole,
    PublishedRole,
    PublisherRole,
)
from ..session import EVERYTHING
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

_PAD_X, _PAD_Y, _GAP = 12, 9, 3


class DocumentDelegate(QStyledItemDelegate):
    """Title (up to two lines, semibold), then "authors · publisher · date" muted, and a count pill."""

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        return row_fonts(option, 0.88)

    @staticmethod
    def _meta_text(index: QModelIndex) -> str:
        parts = [index.data(AuthorsRole), index.data(PublisherRole), index.data(PublishedRole)]
        return " · ".join(p for p in parts if p)

    @staticmethod
    def _count_text(index: QModelIndex) -> str:
        count = index.data(HighlightCountRole) or 0
        return str(count) if count else ""

    def _layout(self, option: QStyleOptionViewItem, index: QModelIndex):
        title_font, meta_font = self._fonts(option)
        count = self._count_text(index)
        badge = QFontMetrics(meta_font).horizontalAdvance(count) + 18 if count else 0
        width = row_width(self, option) - 2 * _PAD_X
        title = elide_lines(index.data() or "", title_font, width - badge, 2)
        meta = elide_lines(self._meta_text(index), meta_font, width, 1)
        return title_font, meta_font, title, meta, count

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        title_font, meta_font, title, meta, _ = self._layout(option, index)
        height = 2 * _PAD_Y + len(title) * QFontMetrics(title_font).lineSpacing()
        if meta:
            height += _GAP + QFontMetrics(meta_font).lineSpacing()
        return QSize(max(row_width(self, option), 120), height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        painter.save()
        pal = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(option.rect, pal.color(QPalette.ColorRole.Highlight))
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(option.rect, pal.color(QPalette.ColorRole.Midlight))
        text = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = text if selected else pal.color(QPalette.ColorRole.PlaceholderText)
        title_font, meta_font, title, meta, count = self._layout(option, index)
        x, y = option.rect.left() + _PAD_X, option.rect.top() + _PAD_Y
        y = draw_lines(painter, title, x, y, title_font, text)
        if meta:
            draw_lines(painter, meta, x, y + _GAP, meta_font, muted)
        if count:
            width = chip_width(count, meta_font, dot=False)
            draw_chip(painter, option.rect.right() - _PAD_X - width + 1, option.rect.top() + _PAD_Y, count,
                      meta_font, background=chip_background(pal, selected, text), foreground=muted)
        painter.setPen(pal.color(QPalette.ColorRole.Mid))
        painter.drawLine(option.rect.left() + _PAD_X, option.rect.bottom(), option.rect.right() - _PAD_X,
                         option.rect.bottom())
        painter.restore()


class _DocumentList(WrappingListView):
    """Enter opens the current document in a new pane, Shift+Enter in the current pane."""

    enter_pressed = Signal(QModelIndex, bool)  # index, in a new pane

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            replace = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.enter_pressed.emit(self.currentIndex(), not replace)
            return
        super().keyPressEvent(event)


class LibrarySidebar(QWidget):
    open_requested = Signal(int, bool)  # document id, in a new pane (False: replace the current pane)

    def __init__(self, lib: Library, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("librarySidebar")
        self.model = DocumentsModel(lib, self)
        self.proxy = DocumentFilter(self)
        self.proxy.setSourceModel(self.model)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter by title, author, publisher…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._filter_changed)
        self.filter_edit.returnPressed.connect(self._focus_first)

        self.view = _DocumentList(self)
        self.view.setObjectName("documentList")
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(DocumentDelegate(self.view))
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.doubleClicked.connect(lambda index: self._open(index, True))
        self.view.enter_pressed.connect(self._open)

        self.empty = QLabel("No documents match the filter.", self)
        self.empty.setObjectName("emptyState")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.empty.setWordWrap(True)
        self.empty.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(8)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty, 1)
        self.proxy.modelReset.connect(self._update_empty)
        self.proxy.rowsInserted.connect(self._update_empty)
        self.proxy.rowsRemoved.connect(self._update_empty)
        self._update_empty()

    def reload(self) -> None:
        self.model.reload()
        self._update_empty()

    def on_changed(self, changes) -> None:
        """Highlight edits touch only their documents' counts; anything else re-reads the list."""
        if changes is EVERYTHING or not changes.highlights:
            self.reload()
        else:
            self.model.refresh(changes.documents)

    def document_id_at(self, row: int) -> int:
        return self.proxy.index(row, 0).data(DocIdRole)

    def select_document(self, doc_id: int) -> None:
        """Show which document the current pane holds, without moving the filter."""
        source_row = self.model.row_of(doc_id)
        index = self.proxy.mapFromSource(self.model.index(source_row)) if source_row >= 0 else QModelIndex()
        if index.isValid():
            self.view.setCurrentIndex(index)

    def _filter_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_empty()

    def _update_empty(self, *_args) -> None:
        empty = self.proxy.rowCount() == 0
        if self.model.rowCount() == 0:
            self.empty.setText("The library is empty. Import files with File → Import, or drop them here.")
        else:
            self.empty.setText("No documents match the filter.")
        self.empty.setVisible(empty)
        self.view.setVisible(not empty)

    def _focus_first(self) -> None:
        if self.proxy.rowCount():
            self.view.setFocus()
            self.view.setCurrentIndex(self.proxy.index(0, 0))

    def _open(self, index: QModelIndex, new_pane: bool) -> None:
        if index.isValid():
            self.open_requested.emit(index.data(DocIdRole), new_pane)

    def _context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid():
            return
        menu = self.context_menu(index)
        menu.popup(self.view.viewport().mapToGlobal(pos))

    def context_menu(self, index: QModelIndex) -> QMenu:
        doc_id = index.data(DocIdRole)  # the id, not the index: the model may reset while the menu is open
        menu = QMenu(self)
        menu.addAction("Open in New Pane", lambda: self.open_requested.emit(doc_id, True))
        replace = menu.addAction("Replace Current Pane", lambda: self.open_requested.emit(doc_id, False))
        replace.setShortcut(QKeySequence("Shift+Return"))  # shown in the menu as a hint; the list handles it
        return menu
