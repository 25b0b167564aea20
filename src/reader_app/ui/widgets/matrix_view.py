"""The evidence matrix on screen: tags (rows) × documents (columns), cells shaded by count.

Clicking a cell lists its quotes with their citation below the table (double-click a quote to jump to
it: ``jump_requested``); clicking a row's tag asks to open that tag's passages side by side
(``row_open_requested`` — ``SideBySide.open_tag`` does it). Export writes CSV or Markdown through
``core.compare.matrix_export``. The table rebuilds when highlights, tags or documents change.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.changes import Changes
from ...core.compare.matrix import EvidenceMatrix, build_matrix
from ...core.errors import ReaderError
from ...core.exporters.scope import citation
from ..session import EVERYTHING, Session
from ..theme import colors

_QUOTES_BESIDE = 380  # px the quotes need to sit beside the table rather than below it
EMPTY_TEXT = "No tagged highlights yet.\n\nTag passages (“sanctions”, “territorial dispute”…) and this table " \
             "shows which sources speak to which theme, and how much."


def shade(count: int, most: int, dark: bool) -> QColor:
    """The cell's background: the accent colour, stronger with the count (empty cells stay clear)."""
    if count == 0 or most == 0:
        return QColor(0, 0, 0, 0)
    color = QColor(colors(dark).accent)
    color.setAlpha(int(40 + 170 * count / most))
    return color


class CellDelegate(QStyledItemDelegate):
    """Paints a cell's shade even when it is the current one (the count is the evidence) and frames the
    current cell in the accent colour instead of covering it with the selection colour."""

    def __init__(self, view: MatrixView):
        super().__init__(view.table)
        self._view = view

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        painter.save()
        brush = index.data(Qt.ItemDataRole.BackgroundRole)
        if brush is not None:
            painter.fillRect(option.rect, brush)
        painter.setFont(index.data(Qt.ItemDataRole.FontRole) or option.font)
        fg = index.data(Qt.ItemDataRole.ForegroundRole)
        painter.setPen(fg.color() if fg is not None else option.palette.color(QPalette.ColorRole.Text))
        painter.drawText(option.rect, Qt.AlignmentFlag.AlignCenter, index.data() or "")
        if option.state & QStyle.StateFlag.State_Selected:
            pen = QPen(QColor(colors(self._view.dark).text), 2)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(option.rect.adjusted(1, 1, -2, -2))
        painter.restore()


class MatrixView(QWidget):
    jump_requested = Signal(int, int, int)  # document id, start, end
    row_open_requested = Signal(int)  # tag id

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("matrixView")
        self.session = session
        self.dark = False
        self._stale = False
        self.matrix: EvidenceMatrix = build_matrix(session.lib)
        self.used_only = QCheckBox("Only documents with evidence", self)
        self.export_csv = QPushButton("Export CSV…", self)
        self.export_md = QPushButton("Export Markdown…", self)
        self.open_row = QPushButton("Open tag side by side", self)
        self.table = QTableWidget(self)
        self.table.setObjectName("matrixTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setSectionsClickable(True)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table.setItemDelegate(CellDelegate(self))
        self.cell_title = QLabel("Click a cell to read its quotes; click a tag to open its passages side by side.",
                                 self, wordWrap=True)
        self.cell_title.setObjectName("cellTitle")
        self.quotes = QListWidget(self)
        self.quotes.setObjectName("cellQuotes")
        self.quotes.setWordWrap(True)
        self.quotes.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.empty = QLabel(EMPTY_TEXT, self, wordWrap=True, alignment=Qt.AlignmentFlag.AlignCenter)
        self.empty.setObjectName("emptyState")
        bar = QHBoxLayout()
        bar.addWidget(self.used_only)
        bar.addStretch(1)
        for b in (self.open_row, self.export_csv, self.export_md):
            bar.addWidget(b)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 6, 0, 0)
        lower_layout.addWidget(self.cell_title)
        lower_layout.addWidget(self.quotes, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(lower)
        self.splitter.setChildrenCollapsible(False)
        self._user_split = False  # once the reader drags the divider, resizes keep their choice
        self.splitter.splitterMoved.connect(lambda *_: setattr(self, "_user_split", True))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.empty, 1)
        self.table.cellClicked.connect(self.show_cell)
        self.table.currentCellChanged.connect(lambda row, col, *_: self.show_cell(row, col))
        self.table.verticalHeader().sectionClicked.connect(self._row_clicked)
        self.quotes.itemDoubleClicked.connect(self._quote_activated)
        self.open_row.clicked.connect(lambda: self._row_clicked(self.table.currentRow()))
        self.used_only.toggled.connect(lambda _on: self.rebuild())
        self.export_csv.clicked.connect(lambda: self._ask_export("csv"))
        self.export_md.clicked.connect(lambda: self._ask_export("md"))
        session.changed.connect(self._on_changed)
        self.apply_theme(False)

    # -- table -----------------------------------------------------------------------------------
    def rebuild(self) -> None:
        self._stale = False
        self.matrix = build_matrix(self.session.lib, used_documents_only=self.used_only.isChecked())
        m = self.matrix
        self.table.clear()
        self.table.setRowCount(len(m.tags))
        self.table.setColumnCount(len(m.documents))
        for col, d in enumerate(m.documents):
            item = QTableWidgetItem(d.key)
            item.setToolTip(f"{d.title}\n{citation(d)}")
            self.table.setHorizontalHeaderItem(col, item)
        muted = QColor(colors(self.dark).muted)
        bold = QFont(self.table.font())
        bold.setWeight(QFont.Weight.DemiBold)
        for row, t in enumerate(m.tags):
            head = QTableWidgetItem(f"● {t.name}  ({m.row_total(t.id)})")
            head.setForeground(QBrush(QColor(t.color or colors(self.dark).text)))
            head.setToolTip(f"Open the {m.row_total(t.id)} passage(s) tagged “{t.name}” side by side")
            self.table.setVerticalHeaderItem(row, head)
            for col, d in enumerate(m.documents):
                n = m.count(t.id, d.id)
                item = QTableWidgetItem(str(n) if n else "·")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setBackground(QBrush(shade(n, m.max_count, self.dark)))
                if n:
                    item.setFont(bold)
                    strong = n / m.max_count > 0.6
                    item.setForeground(QBrush(QColor(colors(self.dark).accent_text if strong
                                                     else colors(self.dark).text)))
                else:
                    item.setForeground(QBrush(muted))
                item.setToolTip(f"{t.name} × {d.key}: {n} highlight{'s' if n != 1 else ''}")
                self.table.setItem(row, col, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        bold = QFont(header.font())
        bold.setBold(True)  # the current column's heading is drawn bold: size for that
        metrics = QFontMetrics(bold)
        header.setMinimumSectionSize(max(64, max((metrics.horizontalAdvance(d.key) + 20
                                                  for d in m.documents), default=64)))
        self.table.setMinimumWidth(self.table.verticalHeader().sizeHint().width()
                                   + header.minimumSectionSize() * max(1, len(m.documents)) + 4)
        # The table takes the rows it has (up to about ten); the quotes get the rest.
        self._rows_height = header.height() + sum(self.table.rowHeight(r) for r in range(min(len(m.tags), 10))) + 4
        self._split(force=not self._user_split)
        empty = m.is_empty()
        self.splitter.setVisible(not empty)
        self.empty.setVisible(empty)
        for b in (self.export_csv, self.export_md, self.open_row):
            b.setEnabled(not empty)
        self.quotes.clear()

    def _on_changed(self, changes: Changes) -> None:
        if changes is EVERYTHING or changes.highlights or changes.tags or changes.documents:
            # Reading every highlight costs; a hidden matrix catches up when it is shown.
            if self.isVisible():
                self.rebuild()
            else:
                self._stale = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.rebuild()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._split(force=not self._user_split)

    def _split(self, force: bool = False) -> None:
        """Wide and low (a bottom dock): quotes beside the table. Otherwise (a window, a side dock): the table
        takes the rows it has, up to about ten, and the quotes get the rest below."""
        rows_height = getattr(self, "_rows_height", 0)
        # The splitter's own size lags behind during a resize: work from this widget's, less the button row.
        layout = self.layout()
        margins = layout.contentsMargins()
        width = self.width() - margins.left() - margins.right()
        height = (self.height() - margins.top() - margins.bottom() - layout.itemAt(0).sizeHint().height()
                  - layout.spacing())
        if width >= 2 * height and width - self.table.minimumWidth() >= _QUOTES_BESIDE:
            if self.splitter.orientation() != Qt.Orientation.Horizontal or force:
                self.splitter.setOrientation(Qt.Orientation.Horizontal)
                table = max(self.table.minimumWidth(), min(width * 3 // 5, width - _QUOTES_BESIDE))
                self.splitter.setSizes([table, width - table])
        elif self.splitter.orientation() != Qt.Orientation.Vertical or force:
            self.splitter.setOrientation(Qt.Orientation.Vertical)
            # The counts first: the table keeps its rows unless that would leave the quotes a sliver.
            table = min(rows_height, max(120, height - 110))
            self.splitter.setSizes([table, max(100, height - table)])

    def apply_theme(self, dark: bool) -> None:
        self.dark = dark
        c = colors(dark)
        self.setStyleSheet(f"#emptyState, #cellTitle {{ color: {c.muted}; }} "
                           f"#cellQuotes::item {{ padding: 6px 4px; border-bottom: 1px solid {c.border}; }} "
                           f"#matrixTable {{ gridline-color: {c.border}; }}")
        self.rebuild()

    # -- cells and rows --------------------------------------------------------------------------
    def show_cell(self, row: int, col: int) -> None:
        m = self.matrix
        if not (0 <= row < len(m.tags) and 0 <= col < len(m.documents)):
            return
        t, d = m.tags[row], m.documents[col]
        quotes = m.quotes(t.id, d.id)
        self.cell_title.setText(f"“{t.name}” in {d.title or d.key} — {len(quotes)} quote"
                                f"{'s' if len(quotes) != 1 else ''}. {citation(d)}")
        self.quotes.clear()
        for h in quotes:
            text = f"“{' '.join(h.exact.split())}”\n— {d.key}@{h.start}-{h.end}"
            if h.is_orphaned:
                text += " — orphaned: not found in the current text"
            item = QListWidgetItem(text, self.quotes)
            item.setData(Qt.ItemDataRole.UserRole, (h.document_id, h.start, h.end, h.is_orphaned))
        if not quotes:
            QListWidgetItem("No highlight carries this tag in this document.", self.quotes).setFlags(
                Qt.ItemFlag.NoItemFlags)

    def _quote_activated(self, item: QListWidgetItem) -> None:
        data = item.data(Qt.ItemDataRole.UserRole)
        if data and not data[3]:
            self.jump_requested.emit(*data[:3])

    def _row_clicked(self, row: int) -> None:
        if 0 <= row < len(self.matrix.tags):
            self.row_open_requested.emit(self.matrix.tags[row].id)

    # -- export ----------------------------------------------------------------------------------
    def export(self, path: Path | str, fmt: str) -> Path:
        """Write the matrix (as shown) to ``path``: ``csv`` (counts, with a BOM for spreadsheets) or ``md``."""
        from ...core.compare.matrix_export import to_csv, to_markdown  # brings in the Markdown exporter

        path = Path(path)
        text = to_csv(self.matrix, bom=True) if fmt == "csv" else to_markdown(self.matrix)
        path.write_text(text, encoding="utf-8", newline="")
        return path

    def _ask_export(self, fmt: str) -> None:
        label = "CSV (*.csv)" if fmt == "csv" else "Markdown (*.md)"
        name, _ = QFileDialog.getSaveFileName(self, "Export evidence matrix", f"evidence-matrix.{fmt}", label)
        if not name:
            return
        try:
            self.export(name, fmt)
        except OSError as exc:
            self.session.error.emit(f"{name}: the matrix could not be written ({exc.strerror or exc})")
        except ReaderError as exc:
            self.session.error.emit(str(exc))
