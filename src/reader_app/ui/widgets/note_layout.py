"""Opening a note (or a tag's passages) side by side: its documents in the desk's panes, each scrolled to
its passage, connectors between them, and a banner strip under them to page through more than four documents.

``SideBySide(desk, session)`` is the entry point: ``open_note(note_id)``, ``open_tag(tag_id)``,
``next_page()``, ``previous_page()``, ``close()``. It replaces the desk's panes (the note is the layout);
the documents are placed in the order the note first links them.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

from ...core.changes import Changes
from ...core.compare.linked import linked_passages
from ...core.errors import NotFound
from ..session import EVERYTHING, Session
from ..theme import colors
from .connectors import ConnectorOverlay, LinkEnd
from .desk import MAX_PANES


class NoteBanner(QWidget):
    """"Note: title · documents 1–4 of 6  ‹ ›  ×": a pill centred in a strip of its own under the panes.

    The strip is a row of the desk's layout, not a floating child: the panes end above it, so it never
    covers the last lines of the text. Hidden, it takes no room at all.
    """

    def __init__(self, desk):
        super().__init__(desk)
        self.pill = QFrame(self)
        self.pill.setObjectName("noteBanner")
        self.label = QLabel(self.pill)
        self.prev = QToolButton(self.pill, text="‹", toolTip="Previous documents of the note (Alt+PgUp)")
        self.next = QToolButton(self.pill, text="›", toolTip="Next documents of the note (Alt+PgDown)")
        self.close_button = QToolButton(self.pill, text="×", toolTip="Stop showing the note's connectors")
        pill_layout = QHBoxLayout(self.pill)
        pill_layout.setContentsMargins(12, 2, 6, 2)
        pill_layout.setSpacing(6)
        pill_layout.addWidget(self.label)
        for b in (self.prev, self.next, self.close_button):
            b.setAutoRaise(True)
            pill_layout.addWidget(b)
        strip = QHBoxLayout(self)
        strip.setContentsMargins(0, 5, 0, 5)
        strip.addStretch(1)
        strip.addWidget(self.pill)
        strip.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)  # the panes get the height
        desk.layout().addWidget(self)  # below the splitter of panes
        self.apply_theme(False)
        self.hide()

    def apply_theme(self, dark: bool) -> None:
        c = colors(dark)
        self.pill.setStyleSheet(f"#noteBanner {{ background: {c.window}; border: 1px solid {c.border}; "
                                f"border-radius: 14px; }} #noteBanner QLabel {{ color: {c.text}; }}")


class SideBySide(QObject):
    opened = Signal(int)  # note id (0 for a tag's passages)
    closed = Signal()

    def __init__(self, desk, session: Session):
        super().__init__(desk)
        self.desk, self.session = desk, session
        self.overlay = ConnectorOverlay(desk)
        self.banner = NoteBanner(desk)
        self.banner.prev.clicked.connect(self.previous_page)
        self.banner.next.clicked.connect(self.next_page)
        self.banner.close_button.clicked.connect(self.close)
        self.note_id = 0
        self.title = ""
        self.page = 0
        self._ends: list[LinkEnd] = []
        self._documents: list[int] = []
        # id(pane) -> the block at the top once its passage was placed. Re-wrapping keeps the top block
        # (the scroll value changes with the line count), so an unchanged top block means "not scrolled".
        self._placed: dict[int, int] = {}
        session.changed.connect(self._on_changed)

    # -- entry points ----------------------------------------------------------------------------
    def open_note(self, note_id: int, page: int = 0) -> None:
        """Lay the note's documents out (at most four per page), each at its first linked passage."""
        note = self.session.lib.notes.get(note_id)
        ends = [LinkEnd(p.highlight.id, p.document.id, p.highlight.start, p.highlight.end, p.relation)
                for p in linked_passages(self.session.lib, note) if not p.highlight.is_orphaned]
        self.note_id, self.title = note_id, note.title
        self._show(ends, page)
        self.opened.emit(note_id)

    def open_tag(self, tag_id: int, page: int = 0) -> None:
        """A tag's passages side by side (the evidence matrix's row), joined like a note's."""
        tag = self.session.lib.tags.get(tag_id)
        ends = [LinkEnd(h.id, h.document_id, h.start, h.end, "") for h in self.session.lib.highlights.list(tag=tag.name)
                if not h.is_orphaned]
        self.note_id, self.title = 0, f"#{tag.name}"
        self._show(ends, page)
        self.opened.emit(0)

    def page_count(self) -> int:
        return max(1, -(-len(self._documents) // MAX_PANES))

    def next_page(self) -> None:
        if self.page + 1 < self.page_count():
            self._lay_out(self.page + 1)

    def previous_page(self) -> None:
        if self.page > 0:
            self._lay_out(self.page - 1)

    def close(self) -> None:
        """Stop showing the connectors and banner; the panes stay as they are."""
        self.note_id, self._ends, self._documents, self._placed = 0, [], [], {}
        self.overlay.clear()
        self.banner.hide()
        self.closed.emit()

    def documents_on_page(self) -> list[int]:
        return self._documents[self.page * MAX_PANES:(self.page + 1) * MAX_PANES]

    # -- layout ----------------------------------------------------------------------------------
    def _show(self, ends: list[LinkEnd], page: int) -> None:
        self._ends = ends
        self._documents = list(dict.fromkeys(e.document_id for e in ends))
        self._lay_out(max(0, min(page, self.page_count() - 1)))

    def _lay_out(self, page: int) -> None:
        self.page = page
        self._placed = {}
        docs = self.documents_on_page()
        for i in reversed(range(len(self.desk.panes()))):
            self.desk.close_pane(i)
        for doc_id in docs:
            try:
                self.desk.open_document(doc_id, new_pane=True)
            except NotFound:
                continue
        # The splitter gives the new panes their widths only as the event loop runs, and each width
        # change re-wraps the text: a pane the reader has not scrolled since puts its passage back after
        # every resize (also later, when the window is resized).
        for pane in self.desk.panes():
            pane.view.viewport().installEventFilter(self)
        self._scroll_panes()
        self.overlay.set_links([e for e in self._ends if e.document_id in docs])
        self._update_banner()

    def _scroll_panes(self, only=None) -> None:
        for pane in self.desk.panes():
            if only is not None and pane is not only:
                continue
            first = next((e for e in self._ends if e.document_id == pane.doc_id), None)
            if first is not None:
                pane.scroll_to(first.start, first.end, mark=False)
                self._placed[id(pane)] = pane.view.firstVisibleBlock().blockNumber()
        self.overlay.update()

    def _rescroll(self, pane) -> None:
        if pane in self.desk.panes():
            self._scroll_panes(only=pane)

    def _update_banner(self) -> None:
        if not self._ends:
            self.banner.hide()
            return
        n = len(self._documents)
        docs = self.documents_on_page()
        span = f"documents {self.page * MAX_PANES + 1}–{self.page * MAX_PANES + len(docs)} of {n}" \
            if n > MAX_PANES else f"{n} document{'s' if n != 1 else ''}"
        kind = "Note" if self.note_id else "Tag"
        title = self.title if len(self.title) <= 64 else self.title[:63] + "…"
        self.banner.label.setText(f"{kind}: {title} · {len(self._ends)} passages · {span}")
        paged = n > MAX_PANES
        self.banner.prev.setVisible(paged)
        self.banner.next.setVisible(paged)
        self.banner.prev.setEnabled(self.page > 0)
        self.banner.next.setEnabled(self.page + 1 < self.page_count())
        self.banner.show()

    # -- following changes -----------------------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:
        if event.type() == event.Type.Resize and self._ends:  # a pane's viewport (see _lay_out)
            pane = next((p for p in self.desk.panes() if p.view.viewport() is watched), None)
            if pane is not None and self._placed.get(id(pane)) == pane.view.firstVisibleBlock().blockNumber():
                QTimer.singleShot(0, self, lambda pane=pane: self._rescroll(pane))
        return False

    def _on_changed(self, changes: Changes) -> None:
        if not self._ends:
            return
        shown = {e.highlight_id for e in self._ends}
        if self.note_id and (changes is EVERYTHING or self.note_id in changes.notes or shown & changes.highlights):
            try:
                note = self.session.lib.notes.get(self.note_id)
            except NotFound:
                self.close()
                return
            ends = [LinkEnd(p.highlight.id, p.document.id, p.highlight.start, p.highlight.end, p.relation)
                    for p in linked_passages(self.session.lib, note) if not p.highlight.is_orphaned]
            self._ends = ends
            self.title = note.title
            self.overlay.set_links([e for e in ends if e.document_id in self.documents_on_page()])
            self._update_banner()
