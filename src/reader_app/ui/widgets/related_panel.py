"""Related passages for the current selection or highlight: what the other sources say about it.

Feed it with ``set_selection(doc_id, start, end)`` (the desk's ``selection_changed``) or
``set_highlight(hid)``; it waits for the selection to rest (``DEBOUNCE_MS``), then asks
``core.compare.related`` (a few ms on the bundled articles). An emptied selection keeps the last results,
so a click in the text does not wipe what the reader was about to open.

A click on a result asks to open it beside the current pane (``open_requested``; ``open_beside`` does
that on a desk); its "Link" button links both passages — the selection and the related passage — into a
new or an existing note, creating highlights where needed, as one undoable command.
"""
from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import ReaderError
from ..commands_notes import LinkPassagesToNote, Passage, default_relation
from ..session import Session
from ..theme import colors

if TYPE_CHECKING:
    from ...core.compare.related import RelatedPassage

DEBOUNCE_MS = 250
MIN_SELECTION = 3  # characters; a stray click-drag is not a question
LIMIT = 12
EMPTY_TEXT = "Select a passage or a highlight: the passages of the other documents that speak of the same " \
             "thing appear here."


def snippet_html(snippet: str) -> str:
    """The snippet with «marked» words in bold, everything else escaped."""
    return html.escape(snippet).replace("\u00ab", "<b>").replace("\u00bb", "</b>")


class ResultRow(QFrame):
    clicked = Signal()

    def __init__(self, passage: RelatedPassage, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("relatedRow")
        self.passage = passage
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        title = html.escape(passage.title or passage.document_key)
        self.source = QLabel(f"<b>{title}</b>", self, wordWrap=True)
        self.source.setObjectName("relatedSource")
        self.text = QLabel(snippet_html(passage.snippet), self, wordWrap=True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.terms = QLabel(html.escape("shares: " + ", ".join(passage.matched_terms[:6])), self)
        self.terms.setObjectName("relatedTerms")
        small = self.terms.font()
        small.setPointSizeF(small.pointSizeF() * 0.88)
        self.terms.setFont(small)
        self.link = QToolButton(self, text="Link", toolTip="Link this passage and your selection into a note")
        self.link.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.link.setMenu(QMenu(self.link))
        self.setToolTip(f"{passage.document_key}@{passage.start}-{passage.end} — click to open beside "
                        "the current pane")
        head = QHBoxLayout()
        head.addWidget(self.source, 1)
        head.addWidget(self.link, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(3)
        layout.addLayout(head)
        layout.addWidget(self.text)
        layout.addWidget(self.terms)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class RelatedPanel(QWidget):
    open_requested = Signal(int, int, int)  # document id, start, end
    linked = Signal(int)  # note id the passages went into

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("relatedPanel")
        self.session = session
        self.source: tuple[int, int, int] | None = None  # the selection the results are about
        self.source_highlight = 0
        self.results: list[RelatedPassage] = []
        self._pending: tuple[int, int, int, int] | None = None
        self.context = QLabel(self, wordWrap=True)
        self.context.setObjectName("relatedContext")
        self.rows_host = QWidget(self)
        self.rows_host.setObjectName("relatedRows")
        self.rows = QVBoxLayout(self.rows_host)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setSpacing(1)
        self.rows.addStretch(1)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(self.rows_host)
        self.empty = QLabel(EMPTY_TEXT, self, wordWrap=True,  # at the top, like the annotations list's
                            alignment=Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.empty.setObjectName("emptyState")
        self.empty.setContentsMargins(16, 24, 16, 24)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.context)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.empty, 1)
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self._refresh_if_shown)
        self.apply_theme(False)
        self._show_rows()

    def apply_theme(self, dark: bool) -> None:
        c = colors(dark)
        self.setStyleSheet(
            f"QFrame#relatedRow {{ border: none; border-bottom: 1px solid {c.border}; background: {c.base}; }} "
            f"QFrame#relatedRow:hover {{ background: {c.hover}; }} "
            f"QLabel#relatedTerms, QLabel#relatedContext, QLabel#emptyState {{ color: {c.muted}; }} "
            f"QLabel#relatedContext {{ border-bottom: 1px solid {c.border}; padding: 8px 10px; }} "
            f"QWidget#relatedRows {{ background: {c.base}; }}")

    # -- input -----------------------------------------------------------------------------------
    def set_selection(self, doc_id: int, start: int, end: int) -> None:
        if end - start < MIN_SELECTION:
            return
        self._pending = (doc_id, start, end, 0)
        self._timer.start()

    def set_highlight(self, highlight_id: int) -> None:
        if not highlight_id:
            return
        try:
            h = self.session.lib.highlights.get(highlight_id)
        except ReaderError:
            return
        if not h.is_orphaned:
            self._pending = (h.document_id, h.start, h.end, h.id)
            self._timer.start()

    def _refresh_if_shown(self) -> None:
        # Behind another dock tab (or in a closed window) there is no one to read the results: the last
        # selection waits for the panel to be shown instead of costing a search on every selection. A dock
        # behind a tab stays "visible" to Qt, moved off screen, so what counts is the region on screen.
        if self.isVisible() and not self.visibleRegion().isEmpty():
            self.refresh()

    def wake(self) -> None:
        """The panel came into view: answer the selection that waited."""
        if self._pending is not None:
            self._timer.start()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.wake()

    def refresh(self) -> None:
        """Compute now for the last selection given (tests and an explicit refresh skip the wait)."""
        self._timer.stop()
        if self._pending is None:
            return
        doc_id, start, end, hid = self._pending
        self._pending = None
        from ...core.compare.related import related_passages  # the ranking code loads with the first search

        try:
            self.results = related_passages(self.session.lib, doc_id, start, end, limit=LIMIT)
        except ReaderError as exc:
            self.session.error.emit(str(exc))
            return
        self.source, self.source_highlight = (doc_id, start, end), hid
        self._show_rows()

    # -- showing ---------------------------------------------------------------------------------
    def _show_rows(self) -> None:
        while self.rows.count() > 1:
            item = self.rows.takeAt(0)
            item.widget().deleteLater()
        for i, p in enumerate(self.results):
            row = ResultRow(p, self.rows_host)
            row.clicked.connect(lambda i=i: self.open_result(i))
            row.link.menu().aboutToShow.connect(lambda i=i, row=row: self._fill_link_menu(i, row.link.menu()))
            self.rows.insertWidget(i, row)
        if self.source is not None:
            doc = self.session.lib.documents.get(self.source[0])
            quote = " ".join(self.session.lib.documents.text(doc.id)[self.source[1]:self.source[2]].split())
            quote = quote if len(quote) <= 90 else quote[:89] + "…"
            found = f"{len(self.results)} related passage{'s' if len(self.results) != 1 else ''}" \
                if self.results else "Nothing related in the other documents"
            self.context.setText(f"{found} for “{html.escape(quote)}” ({html.escape(doc.key)})")
        self.context.setVisible(self.source is not None)
        self.scroll.setVisible(bool(self.results))
        self.empty.setVisible(not self.results)
        if self.source is not None and not self.results:
            self.empty.setText("The other documents share none of the selection's distinctive words. "
                               "Try a longer selection or different words.")

    def result_rows(self) -> list[ResultRow]:
        return [self.rows.itemAt(i).widget() for i in range(self.rows.count() - 1)]

    # -- actions ---------------------------------------------------------------------------------
    def open_result(self, index: int) -> None:
        p = self.results[index]
        self.open_requested.emit(p.document_id, p.start, p.end)

    def _fill_link_menu(self, index: int, menu: QMenu) -> None:
        menu.clear()
        menu.addAction("New note…", lambda: self._link_new(index))
        notes = self.session.lib.notes.list()
        if notes:
            menu.addSeparator()
        for note in notes[:15]:
            action = QAction(note.title if len(note.title) <= 60 else note.title[:59] + "…", menu)
            action.triggered.connect(lambda _=False, nid=note.id: self.link_to_note(index, note_id=nid))
            menu.addAction(action)

    def _link_new(self, index: int) -> None:
        suggested = ", ".join(self.results[index].matched_terms[:3])
        title, ok = QInputDialog.getText(self, "New note", "Title of the note:", text=suggested)
        if ok and title.strip():
            self.link_to_note(index, title=title.strip())

    def link_to_note(self, index: int, *, note_id: int | None = None, title: str = "") -> int:
        """Link the selection and result ``index`` into note ``note_id`` (a new one titled ``title`` when
        None). Returns the note id, 0 when the store refused (already reported)."""
        if self.source is None:
            return 0
        p = self.results[index]
        doc_id, start, end = self.source
        passages = [Passage(doc_id, start, end, default_relation(self.session, "supports"),
                            self.source_highlight or None),
                    Passage(p.document_id, p.start, p.end, default_relation(self.session, "same fact"))]
        command = LinkPassagesToNote(self.session, passages, note_id=note_id, title=title or "Related passages",
                                     text="Link Related Passages")
        if not self.session.push(command):
            return 0
        self.linked.emit(command.note_id)
        return command.note_id


def open_beside(desk, doc_id: int, start: int, end: int):
    """Open a passage in the pane right of the current one (reusing a pane that shows the document), keep
    the current pane current, and return the pane that shows it."""
    current = desk.current_pane()
    pane = next((p for p in desk.panes() if p.doc_id == doc_id), None)
    if pane is None:
        panes = desk.panes()
        if len(panes) >= 4 and current is not None:
            # Full desk: the neighbour (or the pane before the last) gives way, never the current one.
            at = panes.index(current)
            victim = panes[at + 1] if at + 1 < len(panes) else panes[at - 1]
            desk.set_current(victim)
            pane = desk.open_document(doc_id, new_pane=False)
        else:
            pane = desk.open_document(doc_id, new_pane=True)
            if current is not None:
                target = desk.panes().index(current) + 1
                while desk.panes().index(pane) > target:
                    desk.move_pane(desk.panes().index(pane), -1)
    if current is not None:
        desk.set_current(current)
    pane.scroll_to(start, end, mark=True)
    return pane
