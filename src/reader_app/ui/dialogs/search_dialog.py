"""Library search (Ctrl+K): type, see ranked hits with their snippets, arrow keys move, Enter opens."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QFont, QFontMetrics, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ...core.model import SearchHit
from ...core.store import Library
from ..models.search_results import HitRole, KindLabelRole, SearchResultsModel, SnippetHtmlRole
from ..widgets.item_paint import WrappingListView, draw_lines, elide_lines, row_width

_PAD = 10


class HitDelegate(QStyledItemDelegate):
    """Document title and hit kind on one line, the snippet below with the matched words bold."""

    def _snippet_doc(self, option: QStyleOptionViewItem, index: QModelIndex, color) -> QTextDocument:
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(option.font)
        doc.setDefaultStyleSheet(f"body {{ color: {color.name()}; }}")
        doc.setHtml(f"<body>{index.data(SnippetHtmlRole) or ''}</body>")
        doc.setTextWidth(max(row_width(self, option) - 2 * _PAD, 80))
        return doc

    @staticmethod
    def _title_font(option: QStyleOptionViewItem) -> QFont:
        font = QFont(option.font)
        font.setWeight(QFont.Weight.DemiBold)
        return font

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        doc = self._snippet_doc(option, index, option.palette.color(QPalette.ColorRole.Text))
        title_height = QFontMetrics(self._title_font(option)).lineSpacing()
        return QSize(max(row_width(self, option), 200), int(2 * _PAD + title_height + 4 + doc.size().height()))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        painter.save()
        pal, rect = option.palette, option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect, pal.color(QPalette.ColorRole.Highlight))
        text = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = text if selected else pal.color(QPalette.ColorRole.PlaceholderText)
        title_font = self._title_font(option)
        kind = index.data(KindLabelRole) or ""
        kind_width = QFontMetrics(option.font).horizontalAdvance(kind) + 12
        title = elide_lines(index.data() or "", title_font, rect.width() - 2 * _PAD - kind_width, 1)
        y = draw_lines(painter, title, rect.left() + _PAD, rect.top() + _PAD, title_font, text)
        painter.setFont(option.font)
        painter.setPen(muted)
        painter.drawText(rect.adjusted(0, _PAD, -_PAD, 0), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                         kind)
        doc = self._snippet_doc(option, index, text)
        painter.translate(rect.left() + _PAD, y + 4)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = QRectF(0, 0, rect.width(), rect.height())
        doc.documentLayout().draw(painter, context)
        painter.restore()
        painter.save()
        painter.setPen(pal.color(QPalette.ColorRole.Mid))
        painter.drawLine(rect.left() + _PAD, rect.bottom(), rect.right() - _PAD, rect.bottom())
        painter.restore()


class SearchDialog(QDialog):
    """Emits ``open_hit`` with the chosen hit and closes. Up/Down work while typing in the query box."""

    open_hit = Signal(object)  # SearchHit

    def __init__(self, lib: Library, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Search Library")
        self.setModal(False)
        self.resize(640, 520)
        self.model = SearchResultsModel(lib, self)

        self.query = QLineEdit(self)
        self.query.setPlaceholderText("Search documents, highlights and notes…")
        self.query.setClearButtonEnabled(True)
        self.query.textChanged.connect(self.search)
        self.query.installEventFilter(self)
        big = QFont(self.query.font())
        big.setPointSizeF(big.pointSizeF() * 1.15)
        self.query.setFont(big)

        self.results = WrappingListView(self)
        self.results.setObjectName("searchResults")
        self.results.setModel(self.model)
        self.results.setItemDelegate(HitDelegate(self.results))
        self.results.activated.connect(self._open_index)
        self.results.doubleClicked.connect(self._open_index)

        self.status = QLabel(self)
        self.status.setObjectName("sidebarCaption")
        self.status.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(8)
        layout.addWidget(self.query)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        self.search("")

    def start(self, text: str = "") -> None:
        """Show (or raise) the dialog with ``text`` as the query, ready to type."""
        if text:
            self.query.setText(text)
        self.show()
        self.raise_()
        self.activateWindow()
        self.query.setFocus()
        self.query.selectAll()

    def search(self, text: str) -> None:
        self.model.search(text)
        count = self.model.rowCount()
        if count:
            self.results.setCurrentIndex(self.model.index(0))
            self.status.setText(f"{count} hit{'s' if count != 1 else ''} · ↑↓ to choose, Enter to open")
        elif text.strip():
            self.status.setText(f"Nothing found for “{text.strip()}”.")
        else:
            self.status.setText("Type words to search the text of every document and your annotations.")
        self.results.setVisible(bool(count))

    def current_hit(self) -> SearchHit | None:
        index = self.results.currentIndex()
        return index.data(HitRole) if index.isValid() else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.query and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self._move(key)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._open_index(self.results.currentIndex())
                return True
        return super().eventFilter(watched, event)

    def _move(self, key: Qt.Key) -> None:
        count = self.model.rowCount()
        if not count:
            return
        row = self.results.currentIndex().row()
        step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 5, Qt.Key.Key_PageUp: -5}[key]
        row = min(max(row + step, 0), count - 1)
        self.results.setCurrentIndex(self.model.index(row))
        self.results.scrollTo(self.model.index(row))

    def _open_index(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        self.open_hit.emit(index.data(HitRole))
        self.accept()
