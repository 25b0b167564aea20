"""Highlights of the open documents (or all): grouped by document in text order, filterable by tag, colour
and text; orphans listed with their quote; a click jumps to the passage in its pane.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ...core.changes import Changes
from ...core.model import HIGHLIGHT_COLORS
from ...core.store import Library
from ..models.annotations import (
    HEADER,
    AnnotationsModel,
    ColorRole,
    CountRole,
    DocIdRole,
    Filters,
    HighlightIdRole,
    KindRole,
    LayoutRole,
    NoteRole,
    OrphanedRole,
    QuoteRole,
    SpanRole,
    TagsRole,
)
from ..session import EVERYTHING
from ..theme import swatch_color
from .item_paint import (
    WrappingListView,
    chip_background,
    chip_width,
    draw_chip,
    draw_lines,
    elide_lines,
    row_width,
)

_PAD_X, _PAD_Y, _BAR, _GAP = 12, 8, 4, 4
ORPHAN_LABEL = "orphaned"
# Up to this many highlights changed at once are updated row by row; more (a tag renamed across the
# library, a re-import) re-read the list in one query.
INCREMENTAL_LIMIT = 200


class AnnotationDelegate(QStyledItemDelegate):
    """Document headers, and per highlight: a colour bar, the quote (two lines), tag chips, the note."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._metrics_for: tuple = ()
        self._metrics: dict = {}
        self._advances: dict[str, int] = {}

    @staticmethod
    def _fonts(option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        header = QFont(option.font)
        header.setWeight(QFont.Weight.DemiBold)
        small = QFont(option.font)
        small.setPointSizeF(option.font.pointSizeF() * 0.86)
        note = QFont(small)
        note.setItalic(True)
        return header, small, note

    def _parts(self, option: QStyleOptionViewItem, index: QModelIndex):
        _header, small, note_font = self._fonts(option)
        width = row_width(self, option) - 2 * _PAD_X - _BAR - 8
        quote = elide_lines(index.data(QuoteRole) or "", option.font, width, 2)
        note = elide_lines(index.data(NoteRole) or "", note_font, width, 1)
        chips = [(name, color) for name, color in (index.data(TagsRole) or [])]
        return small, note_font, quote, note, chips, width

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        # Called for every row on each layout (10,000 highlights in an open document is a real case), so it
        # reads one precomputed role, and fonts are measured once per font and width; painting does the
        # real wrapping. A quote takes one line when it fits the width, else two (the second elided).
        kind, quote, has_note, has_chips = index.data(LayoutRole)
        width = max(row_width(self, option), 160)
        if self._metrics_for != (option.font.key(), width):
            self._measure(option, width)
        m = self._metrics
        if kind == HEADER:
            return QSize(width, m["header"])
        advance = self._advances.get(quote)
        if advance is None:
            advance = self._advances[quote] = m["fm"].horizontalAdvance(quote)
        height = 2 * _PAD_Y + (1 if advance <= m["text_width"] else 2) * m["line"]
        if has_chips:
            height += m["chips"]
        if has_note:
            height += m["note"]
        return QSize(width, height)

    def _measure(self, option: QStyleOptionViewItem, width: int) -> None:
        header, small, note_font = self._fonts(option)
        if self._metrics_for[:1] != (option.font.key(),):
            self._advances = {}
        fm = QFontMetrics(option.font)
        self._metrics_for = (option.font.key(), width)
        self._metrics = {"fm": fm, "line": fm.lineSpacing(), "text_width": width - 2 * _PAD_X - _BAR - 8,
                         "header": QFontMetrics(header).lineSpacing() + 18,
                         "chips": _GAP + QFontMetrics(small).height() + 4,
                         "note": _GAP + QFontMetrics(note_font).lineSpacing()}

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        painter.save()
        if index.data(KindRole) == HEADER:
            self._paint_header(painter, option, index)
        else:
            self._paint_highlight(painter, option, index)
        painter.restore()

    def _paint_header(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        pal = option.palette
        header_font, small, _ = self._fonts(option)
        rect = option.rect
        painter.fillRect(rect, pal.color(QPalette.ColorRole.Window))
        count = str(index.data(CountRole) or 0)
        count_w = QFontMetrics(small).horizontalAdvance(count)
        title = elide_lines(index.data() or "", header_font, rect.width() - 2 * _PAD_X - count_w - 10, 1)
        y = rect.top() + 11
        draw_lines(painter, title, rect.left() + _PAD_X, y, header_font, pal.color(QPalette.ColorRole.Text))
        painter.setFont(small)
        painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(QRect(rect.left(), y, rect.width() - _PAD_X, QFontMetrics(header_font).height()),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, count)
        painter.setPen(pal.color(QPalette.ColorRole.Mid))
        painter.drawLine(rect.left(), rect.bottom(), rect.right(), rect.bottom())

    def _paint_highlight(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        pal, rect = option.palette, option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect, pal.color(QPalette.ColorRole.Highlight))
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(rect, pal.color(QPalette.ColorRole.Midlight))
        orphaned = bool(index.data(OrphanedRole))
        text = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = text if selected else pal.color(QPalette.ColorRole.PlaceholderText)
        small, note_font, quote, note, chips, width = self._parts(option, index)

        bar = QRect(rect.left() + _PAD_X, rect.top() + _PAD_Y, _BAR, rect.height() - 2 * _PAD_Y)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        bar_color = swatch_color(index.data(ColorRole) or "yellow")
        if orphaned:
            bar_color.setAlpha(110)  # faded: the passage is no longer in the text
        painter.setBrush(bar_color)
        painter.drawRoundedRect(bar, 2, 2)

        x = bar.right() + 9
        y = draw_lines(painter, quote, x, rect.top() + _PAD_Y, option.font, muted if orphaned else text)
        if chips or orphaned:
            y += _GAP
            chip_bg = chip_background(pal, selected, text)
            cx, right = x, x + width
            if orphaned:
                cx += draw_chip(painter, cx, y, ORPHAN_LABEL, small, background=QColor("#b4533a"),
                                foreground=QColor("#ffffff")) + 5
            for shown, (name, color) in enumerate(chips):
                more = f"+{len(chips) - shown}"
                needed = chip_width(name, small) + 5 + (chip_width(more, small, False) if shown < len(chips) - 1 else 0)
                if cx + needed > right:
                    draw_chip(painter, cx, y, more, small, background=chip_bg, foreground=muted)
                    break
                cx += draw_chip(painter, cx, y, name, small, background=chip_bg, foreground=text,
                                dot=QColor(color) if color else muted) + 5
            y += QFontMetrics(small).height() + 4
        if note:
            draw_lines(painter, note, x, y + _GAP, note_font, muted)
        painter.setPen(pal.color(QPalette.ColorRole.Mid))
        painter.drawLine(x, rect.bottom(), rect.right() - _PAD_X, rect.bottom())


def color_icon(color: str, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(swatch_color(color) if color in HIGHLIGHT_COLORS else QColor(color))
    painter.drawEllipse(0, 0, size, size)
    painter.end()
    return QIcon(pixmap)


class AnnotationsSidebar(QWidget):
    jump_requested = Signal(int, int, int, int)  # document id, start, end, highlight id
    delete_requested = Signal(int)  # highlight id (the window deletes it through the undo stack)

    def __init__(self, lib: Library, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("annotationsSidebar")
        self._lib = lib
        self._open_ids: tuple[int, ...] = ()
        # Nothing is open yet: start empty rather than reading every highlight in the library.
        self.model = AnnotationsModel(lib, self, Filters(document_ids=()))

        self.all_documents = QCheckBox("All documents", self)
        self.all_documents.setToolTip("List highlights of every document, not only those open on the desk")
        self.caption = QLabel(self)
        self.caption.setObjectName("sidebarCaption")
        self.text_filter = QLineEdit(self)
        self.text_filter.setPlaceholderText("Filter quotes and notes…")
        self.text_filter.setClearButtonEnabled(True)
        self.tag_filter = QComboBox(self)
        self.tag_filter.setToolTip("Only highlights with this tag")
        self.color_filter = QComboBox(self)
        self.color_filter.setToolTip("Only highlights of this colour")

        self.view = WrappingListView(self)
        self.view.setObjectName("annotationList")
        # Thousands of rows are laid out a batch at a time between events, so a new highlight shows at once.
        self.view.setLayoutMode(QListView.LayoutMode.Batched)
        self.view.setBatchSize(100)
        self.view.setModel(self.model)
        self.view.setItemDelegate(AnnotationDelegate(self.view))
        self.view.clicked.connect(self._activated)
        self.view.activated.connect(self._activated)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(
            lambda pos: self._popup(self.view.indexAt(pos), self.view.viewport().mapToGlobal(pos)))
        self.view.installEventFilter(self)  # Del / Backspace on a row deletes that highlight

        self.empty = QLabel(self)
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)

        top = QHBoxLayout()
        top.addWidget(self.all_documents)
        top.addStretch(1)
        top.addWidget(self.caption)
        combos = QHBoxLayout()
        combos.addWidget(self.tag_filter, 1)
        combos.addWidget(self.color_filter, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.text_filter)
        layout.addLayout(combos)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty, 1)

        self.reload_choices()
        self.all_documents.toggled.connect(self._apply_filters)
        self.text_filter.textChanged.connect(self._apply_filters)
        self.tag_filter.currentIndexChanged.connect(self._apply_filters)
        self.color_filter.currentIndexChanged.connect(self._apply_filters)
        self._apply_filters()

    # -- what the window tells us ----------------------------------------------------------------------
    def set_open_documents(self, doc_ids: list[int]) -> None:
        ids = tuple(dict.fromkeys(doc_ids))
        if ids != self._open_ids:
            self._open_ids = ids
            self._apply_filters()

    def on_changed(self, changes: Changes) -> None:
        if changes is EVERYTHING or changes.tags:
            self.reload_choices()
        many = len(changes.highlights) > INCREMENTAL_LIMIT
        if changes is EVERYTHING or many or (changes.documents and not changes.highlights):
            self.model.reload()
        elif changes.highlights:
            self.model.update_highlights(changes.highlights, tags_changed=bool(changes.tags))
        self._update_empty()

    def reload_choices(self) -> None:
        """Fill the tag and colour boxes, keeping the current choice when it still exists."""
        tag, color = self.tag_filter.currentData(), self.color_filter.currentData()
        for box in (self.tag_filter, self.color_filter):
            box.blockSignals(True)
            box.clear()
        self.tag_filter.addItem("All tags", "")
        for t in self._lib.tags.list():
            self.tag_filter.addItem(color_icon(t.color), f"{t.name} ({t.count})", t.name)
        self.color_filter.addItem("All colours", "")
        for name, label in self._lib.settings.color_labels().items():
            self.color_filter.addItem(color_icon(name), label, name)
        for box, value in ((self.tag_filter, tag), (self.color_filter, color)):
            box.setCurrentIndex(max(0, box.findData(value)) if value else 0)
            box.blockSignals(False)
        if (tag or "") != (self.tag_filter.currentData() or ""):
            self._apply_filters()

    # -- filtering and activation -----------------------------------------------------------------------
    def set_filters(self, *, tag: str = "", color: str = "", text: str = "") -> None:
        """Programmatic filter (e.g. "show highlights tagged X"); same effect as using the boxes."""
        self.tag_filter.setCurrentIndex(max(0, self.tag_filter.findData(tag)))
        self.color_filter.setCurrentIndex(max(0, self.color_filter.findData(color)))
        self.text_filter.setText(text)

    def _apply_filters(self, *_args) -> None:
        ids = None if self.all_documents.isChecked() else self._open_ids
        self.model.set_filters(Filters(ids, self.tag_filter.currentData() or "",
                                       self.color_filter.currentData() or "", self.text_filter.text().strip()))
        self._update_empty()

    def _update_empty(self) -> None:
        total = self.model.highlight_total
        self.caption.setText(f"{total} highlight{'s' if total != 1 else ''}")
        f = self.model.filters
        if total:
            message = ""
        elif f.tag or f.color or f.text:
            message = "No highlights match these filters."
        elif f.document_ids == ():
            message = "Open a document to see its highlights here."
        else:
            message = "No highlights yet.\nSelect a passage and press 1–5 to highlight it."
        self.empty.setText(message)
        self.empty.setVisible(not total)
        self.view.setVisible(bool(total))

    def _activated(self, index: QModelIndex) -> None:
        if not index.isValid() or index.data(KindRole) == HEADER:
            return
        start, end = index.data(SpanRole)
        self.jump_requested.emit(index.data(DocIdRole), start, end, index.data(HighlightIdRole))

    def context_menu(self, index: QModelIndex) -> QMenu | None:
        if not index.isValid() or index.data(KindRole) == HEADER:
            return None
        hid, quote = index.data(HighlightIdRole), self.model.highlight(index.row()).exact
        menu = QMenu(self)
        menu.addAction("Go to Passage", lambda: self._activated(index))
        menu.addAction("Copy Quote", lambda: QGuiApplication.clipboard().setText(quote))
        menu.addSeparator()
        menu.addAction("Delete Highlight", lambda: self.delete_requested.emit(hid))
        return menu

    def _popup(self, index: QModelIndex, at) -> None:
        menu = self.context_menu(index)
        if menu is not None:
            menu.popup(at)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self._delete(self.view.currentIndex())
            return True
        return super().eventFilter(watched, event)

    def _delete(self, index: QModelIndex) -> None:
        if index.isValid() and index.data(KindRole) != HEADER:
            self.delete_requested.emit(index.data(HighlightIdRole))

    def select_highlight(self, highlight_id: int) -> None:
        row = self.model.row_of_highlight(highlight_id)
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row))
            self.view.scrollTo(self.model.index(row))
