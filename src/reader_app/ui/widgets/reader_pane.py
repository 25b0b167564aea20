"""One open document: header, find bar, the reading view, highlights and the keys that make them.

Offsets in this API are code points into the canonical text; the view counts UTF-16 units, and every
conversion goes through ``text_mapping.OffsetMap``. Highlights are formats inside the view's document
(built off-widget on open, updated span by span on change); extra selections carry only temporary
marks: find hits on screen, the selected highlight, a passage just jumped to.
"""
from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QPalette, QTextCursor
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...core.errors import NotFound
from ...core.model import Block, Document
from ..session import EVERYTHING, Session
from .find_bar import FindBar
from .footnotes import FootnoteLinks
from .highlight_layer import HighlightIndex, HighlightPainter
from .highlight_toolbar import HighlightToolbar
from .pane_actions import HighlightActions
from .pane_find import FindController
from .pane_header import PaneHeader
from .pane_marks import PaneMarks
from .pane_refresh import plan_refresh
from .reading_view import ReadingView
from .text_mapping import OffsetMap
from .typography import (
    BASE_POINT_SIZE,
    MAX_POINT_SIZE,
    MIN_POINT_SIZE,
    ReadingStyle,
    build_document,
    heading_scale_for,
)

_MARK_MS = 2500
_RESCALE_MS = 200  # after the last resize step: headings are re-sized once the splitter comes to rest


def palette_is_dark(widget: QWidget) -> bool:
    return widget.palette().color(QPalette.ColorRole.Base).lightness() < 128


class ReaderPane(QWidget):
    selection_changed = Signal(int, int, int)  # doc id, start, end (code points; start == end: none)
    highlight_selected = Signal(int)  # highlight id, 0 when none
    activated = Signal()  # focus or a click landed here
    close_requested = Signal()
    move_requested = Signal(int)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("readerPane")
        self.session = session
        self._document: Document | None = None
        self._text = ""
        self._map = OffsetMap("")
        self._blocks: list[Block] = []
        self._inlines: list = []
        self._hidden: list[tuple[int, int]] = []
        self._footnotes = FootnoteLinks()
        self.index = HighlightIndex()
        self._point_size = BASE_POINT_SIZE
        self._forced_dark: bool | None = None
        self._dark = palette_is_dark(self)
        self._painter = HighlightPainter(self._dark)
        self._selected = 0
        self._last_selection = (0, 0)
        self._qdoc = None
        self._held: int | None = None  # reading position kept across a theme change (hold_position)

        self.header = PaneHeader(self)
        self.find_bar = FindBar(self)
        self.view = ReadingView(self)
        self.toolbar = HighlightToolbar(self)
        self.marks = PaneMarks(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        for w in (self.header, self.find_bar):
            layout.addWidget(w)
        layout.addWidget(self.view, 1)
        self._mark_timer = QTimer(self, singleShot=True, interval=_MARK_MS)
        self._mark_timer.timeout.connect(self.clear_mark)
        self._heading_scale = 1.0
        self._rescale_timer = QTimer(self, singleShot=True, interval=_RESCALE_MS)
        self._rescale_timer.timeout.connect(self._rescale_headings)

        self.header.close_clicked.connect(self.close_requested)
        self.header.move_clicked.connect(self.move_requested)
        self.actions = HighlightActions(self)
        self.view.key_handler = self.actions.handle_key
        self.view.is_link_at = lambda pos: self.link_at(self._map.to_cp(pos)) is not None
        self.view.tooltip_at = lambda pos: self.actions.tooltip(self._map.to_cp(pos))
        self.view.zoom_by = lambda steps: self.set_point_size(self._point_size + steps)
        self.view.extend_menu = lambda menu, pos: self.actions.extend_menu(menu, self._map.to_cp(pos))
        self.view.clicked.connect(self._clicked)
        self.view.activated.connect(self.activated)
        self.view.selectionChanged.connect(self._selection_moved)
        self.view.verticalScrollBar().valueChanged.connect(self._viewport_moved)
        self.finder = FindController(self)
        self.toolbar.color_chosen.connect(self.apply_color)
        self.toolbar.tag_requested.connect(self.edit_tags)
        self.toolbar.note_requested.connect(self.edit_note)
        self.toolbar.delete_requested.connect(self.delete_selected)
        session.changed.connect(self._on_changed)
        self._apply_theme()

    # -- the document ----------------------------------------------------------------------------
    @property
    def doc_id(self) -> int | None:
        return self._document.id if self._document else None

    @property
    def document(self) -> Document | None:
        return self._document

    @property
    def text(self) -> str:
        return self._text

    @property
    def mapping(self) -> OffsetMap:
        return self._map

    @property
    def hidden_spans(self) -> list[tuple[int, int]]:
        """Clutter blocks: in the text (offsets never shift) but not shown."""
        return self._hidden

    def load(self, doc_id: int) -> None:
        """Show a document (raises ``NotFound`` for an unknown id, leaving the pane as it was)."""
        lib = self.session.lib
        document = lib.documents.get(doc_id)
        text = lib.documents.text(doc_id)
        blocks, inlines = lib.documents.structure(doc_id)
        highlights = lib.highlights.for_document(doc_id)
        self._document, self._text, self._map = document, text, OffsetMap(text)
        self._blocks, self._inlines = blocks, inlines
        self._hidden = [(b.start, b.end) for b in blocks if b.kind == "clutter"]
        self._footnotes = FootnoteLinks(text, blocks, inlines)
        self.index = HighlightIndex(highlights)
        self._selected, self._last_selection = 0, (0, 0)
        self.marks.hits, self.marks.current, self.marks.jump = [], -1, None
        self.header.set_document(document)
        self._rebuild(scroll=0)
        if self.find_bar.isVisible():
            self.finder.search(self.find_bar.edit.text())
        self.toolbar.hide()

    def _rebuild(self, scroll: int | None = None) -> None:
        """Typeset the document afresh (open, zoom, theme); keeps the reading position."""
        if scroll is not None:
            position = scroll
        else:
            position = self._held if self._held is not None else self.scroll_state()
        self._rescale_timer.stop()
        self._heading_scale = heading_scale_for(self._column_chars())
        style = ReadingStyle(self._point_size, self._dark, self._heading_scale)
        self.view.setFont(style.body_font())
        doc = build_document(self._text, self._blocks, self._inlines, self._map, style, parent=self.view,
                             decorate=lambda cursor: self._painter.apply_all(cursor, self._map, self.index)) \
            if self._document is not None else None
        if doc is not None:
            # The view's initial document belongs to the view and goes with setDocument; ours we free.
            old, self._qdoc = self._qdoc, doc
            # Marks are cursors into the old document: dropped before it goes, or the view measures them
            # against the new layout on the next change of marks (a crash seen when re-typesetting on resize).
            self.view.setExtraSelections([])
            self.view.show_document(doc)
            if old is not None:
                old.deleteLater()
        first = self.view.document().firstBlock()
        self.view.top_pad = round(style.em() * 0.6) if doc is not None and not first.isVisible() else 0
        self.view.update_measure()
        self.restore_scroll(position)
        self.update_marks()

    # -- reading position ------------------------------------------------------------------------
    def scroll_state(self) -> int:
        """Offset (code points) of the first character on screen; survives resizing and zoom."""
        if self._document is None:
            return 0
        return self._map.to_cp(self.view.first_visible_position())

    def restore_scroll(self, value: int) -> None:
        if self._document is not None:
            self._scroll_to_utf16(self._map.to_utf16(max(0, min(int(value), len(self._text)))), 0.0)

    def _scroll_to_utf16(self, pos: int, from_top: float) -> None:
        self.view.scroll_to_position(pos, from_top)

    def scroll_to(self, start: int, end: int | None = None, mark: bool = True) -> None:
        """Bring [start, end) into view, a third down from the top, unless it is on screen already (a
        jump that moves what the reader is looking at loses their place); ``mark`` tints it for a moment."""
        if self._document is None:
            return
        start = max(0, min(start, len(self._text)))
        if not self.is_on_screen(start, start if end is None else min(end, len(self._text))):
            self._scroll_to_utf16(self._map.to_utf16(start), 0.3)
            # A pane just added to the splitter gets its real size only as the event loop runs: if the
            # size changes before then, place the passage again, a third down the final height.
            size = self.view.viewport().size()
            QTimer.singleShot(0, self, lambda: self.view.viewport().size() != size
                              and self._scroll_to_utf16(self._map.to_utf16(start), 0.3))
        if mark and end is not None and end > start:
            self.marks.jump = (start, min(end, len(self._text)))
            self._mark_timer.start()
        self.update_marks()

    def is_on_screen(self, start: int, end: int) -> bool:
        """Whether the lines holding ``start`` and ``end`` are both wholly inside the viewport."""
        return self.view.lines_visible(self._map.to_utf16(start), self._map.to_utf16(end))

    def clear_mark(self) -> None:
        self.marks.jump = None
        self.update_marks()

    # -- selection -------------------------------------------------------------------------------
    def selection(self) -> tuple[int, int]:
        c = self.view.textCursor()
        return self._map.to_cp(c.selectionStart()), self._map.to_cp(c.selectionEnd())

    def select_range(self, start: int, end: int) -> None:
        cursor = self.view.textCursor()
        cursor.setPosition(self._map.to_utf16(start))
        cursor.setPosition(self._map.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.view.setTextCursor(cursor)

    def selected_highlight(self) -> int:
        return self._selected

    def select_highlight(self, hid: int, scroll: bool = False) -> None:
        """Make ``hid`` (one of this document's highlights, or 0) the selected one."""
        h = self.index.get(hid)
        hid = h.id if h else 0
        if scroll and h:
            self.scroll_to(h.start, h.end, mark=False)
        if hid != self._selected:
            self._selected = hid
            self.highlight_selected.emit(hid)
        self.update_marks()
        self._place_toolbar()

    def _selection_moved(self) -> None:
        if self._document is None:
            return
        sel = self.selection()
        if sel != self._last_selection:
            self._last_selection = sel
            if sel[0] < sel[1] and self._selected:
                self.select_highlight(0)
            self.selection_changed.emit(self.doc_id, *sel)
        self._place_toolbar()

    def _clicked(self, pos: int) -> None:
        offset = self._map.to_cp(pos)
        link = self.link_at(offset)
        if link is not None:
            self._follow(link)
            return
        hits = self.index.at(offset)
        self.select_highlight(hits[0].id if hits else 0)

    # -- footnotes -------------------------------------------------------------------------------
    def link_at(self, offset: int):
        """The footnote marker or footnote label at ``offset``: (start, end, "ref" | "note", label)."""
        return self._footnotes.at(offset)

    def _follow(self, link) -> None:
        target = self._footnotes.target(link)
        if target is not None:
            self.scroll_to(*target, mark=True)

    # -- highlighting (keys, toolbar and editors live in pane_actions) ------------------------------
    def apply_color(self, color: str) -> bool:
        """Highlight the selection in ``color``, or recolour the selected highlight."""
        return self.actions.apply_color(color)

    def edit_tags(self) -> bool:
        return self.actions.edit_tags()

    def edit_note(self) -> bool:
        return self.actions.edit_note()

    def delete_selected(self) -> bool:
        return self.actions.delete_selected()

    @property
    def active_editor(self):
        """The open tag or note editor (non-modal), if any."""
        return self.actions.editor

    def trimmed_selection(self) -> tuple[int, int]:
        """The selection without surrounding white space: what a new highlight covers."""
        start, end = self.selection()
        while start < end and self._text[start].isspace():
            start += 1
        while end > start and self._text[end - 1].isspace():
            end -= 1
        return start, end

    # -- zoom and theme --------------------------------------------------------------------------
    def point_size(self) -> float:
        return self._point_size

    def set_point_size(self, size: float) -> None:
        size = max(MIN_POINT_SIZE, min(MAX_POINT_SIZE, size))
        if size != self._point_size:
            self._point_size = size
            self._rebuild()

    def zoom_in(self) -> None:
        self.set_point_size(self._point_size + 1)

    def zoom_out(self) -> None:
        self.set_point_size(self._point_size - 1)

    def zoom_reset(self) -> None:
        self.set_point_size(BASE_POINT_SIZE)

    def is_dark(self) -> bool:
        return self._dark

    def set_dark(self, dark: bool | None) -> None:
        """Force the light or dark reading colours; ``None`` follows the application palette."""
        self._forced_dark = dark
        self._theme_maybe_changed()
        if self._held is not None:  # restyled, re-typeset or not: back to the first character read
            self.restore_scroll(self._held)
            self._held = None

    def hold_position(self) -> None:
        """Remember the first character on screen before the application restyles (theme switch); the
        next ``set_dark`` goes back to it."""
        self._held = self.scroll_state()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.PaletteChange and self._forced_dark is None:
            self._theme_maybe_changed()

    def _theme_maybe_changed(self) -> None:
        dark = palette_is_dark(self) if self._forced_dark is None else self._forced_dark
        if dark != self._dark:
            self._dark = dark
            self._painter = HighlightPainter(dark)
            self._apply_theme()
            self._rebuild()

    def _apply_theme(self) -> None:
        self.view.apply_theme(self._dark)
        self.header.set_dark(self._dark)
        self.toolbar.apply_theme(self._dark)

    # -- find (the search itself lives in pane_find) ---------------------------------------------
    def show_find(self, text: str = "") -> None:
        self.finder.open(text)

    def find_hits(self) -> list[tuple[int, int]]:
        return list(self.marks.hits)

    def find_step(self, step: int) -> None:
        self.finder.step(step)

    # -- marks, toolbar, tooltips ----------------------------------------------------------------
    def update_marks(self) -> None:
        self.marks.selected = self.index.get(self._selected)
        self.marks.update(self._map, self._dark)

    def _viewport_moved(self, _value: int = 0) -> None:
        if self.marks.hits:
            self.update_marks()
        self._place_toolbar()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._viewport_moved()
        if self._document is not None:
            self._rescale_timer.start()  # restarted by every step of a drag: one check when it stops

    def _column_chars(self) -> float:
        return self.view.column_chars(ReadingStyle(self._point_size).body_font())

    def _rescale_headings(self) -> None:
        if self._document is not None and heading_scale_for(self._column_chars()) != self._heading_scale:
            self._rebuild()

    def heading_scale(self) -> float:
        return self._heading_scale

    def _place_toolbar(self) -> None:
        self.actions.place_toolbar()

    # -- changes from elsewhere ------------------------------------------------------------------
    def _on_changed(self, changes) -> None:
        if self._document is None:
            return
        plan = plan_refresh(self.session.lib, self._document, self.index, changes, changes is EVERYTHING)
        if plan.reload:
            try:
                position = self.scroll_state()
                self.load(self._document.id)
                self.restore_scroll(position)
            except NotFound:
                self._document = None
                self.header.set_document(None)
                self.view.setPlainText("")
            return
        if plan.document is not None:
            self._document = plan.document
            self.header.set_document(plan.document)
        if plan.spans:
            self._painter.repaint_spans(self.view.document(), self._map, self.index, plan.spans)
        if self._selected and self._selected not in self.index:
            self.select_highlight(0)
        elif plan.touched:
            self.update_marks()
            self._place_toolbar()
