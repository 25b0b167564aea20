"""The desk: one to four reader panes side by side in a splitter, with an optional proportional
synchronised scroll, a current pane, and a state that the main window saves and restores."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from ...core.errors import ReaderError
from ..session import Session
from .reader_pane import ReaderPane

MAX_PANES = 4


class Desk(QWidget):
    current_changed = Signal(int)  # document id of the current pane (0 when there is none)
    selection_changed = Signal(int, int, int)  # doc id, start, end in code points
    highlight_selected = Signal(int)  # highlight id, 0 when none

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("desk")
        self.session = session
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(6)
        self.placeholder = QLabel("No document open.\nChoose one in the library, or import files.", self)
        self.placeholder.setObjectName("deskPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setEnabled(False)  # drawn in the muted (disabled) text colour
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        layout.addWidget(self.placeholder)
        self.splitter.hide()
        self._panes: list[ReaderPane] = []
        self._current: ReaderPane | None = None
        self._sync = False
        self._syncing = False
        self._dark: bool | None = None

    # -- panes -----------------------------------------------------------------------------------
    def panes(self) -> list[ReaderPane]:
        return list(self._panes)

    def current_pane(self) -> ReaderPane | None:
        return self._current

    def open_document(self, doc_id: int, new_pane: bool = True) -> ReaderPane:
        """Show ``doc_id`` in a new pane, or in the current one when ``new_pane`` is False or four panes
        are already open. Raises ``NotFound`` for an unknown document, changing nothing."""
        if new_pane and len(self._panes) < MAX_PANES or self._current is None:
            pane = self._new_pane()
            try:
                pane.load(doc_id)
            except ReaderError:
                self._remove(pane)
                raise
        else:
            pane = self._current
            pane.load(doc_id)
        self.set_current(pane)
        return pane

    def _new_pane(self) -> ReaderPane:
        pane = ReaderPane(self.session, self)
        if self._dark is not None:
            pane.set_dark(self._dark)
        pane.activated.connect(lambda p=pane: self.set_current(p))
        pane.close_requested.connect(lambda p=pane: self.close_pane(self._panes.index(p)))
        pane.move_requested.connect(lambda delta, p=pane: self.move_pane(self._panes.index(p), delta))
        pane.selection_changed.connect(self.selection_changed)
        pane.highlight_selected.connect(self.highlight_selected)
        pane.view.verticalScrollBar().valueChanged.connect(lambda _v, p=pane: self._scrolled(p))
        self._panes.append(pane)
        self.splitter.addWidget(pane)
        self._equalise()
        self._update_buttons()
        return pane

    def _remove(self, pane: ReaderPane) -> None:
        self._panes.remove(pane)
        pane.hide()
        pane.setParent(None)
        pane.deleteLater()
        self._update_buttons()

    def close_pane(self, index: int) -> None:
        pane = self._panes[index]
        was_current = pane is self._current
        self._remove(pane)
        if was_current:
            self._current = None
            if self._panes:
                self.set_current(self._panes[min(index, len(self._panes) - 1)])
            else:
                self.current_changed.emit(0)

    def move_pane(self, index: int, delta: int) -> None:
        target = index + delta
        if not (0 <= index < len(self._panes)) or not (0 <= target < len(self._panes)):
            return
        sizes = self.splitter.sizes()
        pane = self._panes.pop(index)
        self._panes.insert(target, pane)
        self.splitter.insertWidget(target, pane)
        sizes.insert(target, sizes.pop(index))
        self.splitter.setSizes(sizes)
        self._update_buttons()

    def set_current(self, pane: ReaderPane) -> None:
        if pane is self._current or pane not in self._panes:
            return
        self._current = pane
        for p in self._panes:
            p.header.set_current(p is pane and len(self._panes) > 1)
        self.current_changed.emit(pane.doc_id or 0)

    def _update_buttons(self) -> None:
        n = len(self._panes)
        self.splitter.setVisible(n > 0)
        self.placeholder.setVisible(n == 0)
        for i, p in enumerate(self._panes):
            p.header.set_buttons(close=True, left=i > 0, right=i < n - 1)
            p.header.set_current(p is self._current and n > 1)

    def _equalise(self) -> None:
        n = len(self._panes)
        total = max(self.splitter.width(), n * 200)
        self.splitter.setSizes([total // n] * n)

    def jump_to(self, doc_id: int, start: int, end: int | None = None) -> ReaderPane:
        """Show the passage: in the pane that has the document, else in a new (or the current) pane."""
        pane = next((p for p in self._panes if p.doc_id == doc_id), None)
        if pane is None:
            pane = self.open_document(doc_id, new_pane=True)
        self.set_current(pane)
        pane.scroll_to(start, end, mark=True)
        pane.view.setFocus()
        return pane

    # -- synchronised scrolling ------------------------------------------------------------------
    @property
    def sync_scroll(self) -> bool:
        return self._sync

    @sync_scroll.setter
    def sync_scroll(self, on: bool) -> None:
        self._sync = bool(on)
        if self._sync and self._current is not None:
            self._scrolled(self._current)

    def _scrolled(self, source: ReaderPane) -> None:
        """Others follow to the same fraction of their text. Characters, not scroll-bar lines: the view
        counts lines only for what it has laid out, so line fractions drift as it lays out more."""
        if not self._sync or self._syncing:
            return
        bar = source.view.verticalScrollBar()
        at_end = bar.value() >= bar.maximum() > 0
        fraction = source.scroll_state() / max(1, len(source.text))
        self._syncing = True
        try:
            for p in self._panes:
                if p is not source and p.doc_id is not None:
                    if at_end:
                        p.view.verticalScrollBar().setValue(p.view.verticalScrollBar().maximum())
                    else:
                        p.restore_scroll(round(fraction * len(p.text)))
        finally:
            self._syncing = False

    # -- theme -----------------------------------------------------------------------------------
    def hold_positions(self) -> None:
        """Call before the application's palette and stylesheet change; ``set_dark`` restores them."""
        for p in self._panes:
            p.hold_position()

    def set_dark(self, dark: bool | None) -> None:
        self._dark = dark
        self._syncing = True  # each pane returns to its own place; none drags the others along
        try:
            for p in self._panes:
                p.set_dark(dark)
        finally:
            self._syncing = False

    # -- state -----------------------------------------------------------------------------------
    def state(self) -> dict:
        """JSON-ready: documents, reading positions (code points), splitter sizes, current pane."""
        return {
            "documents": [p.doc_id for p in self._panes],
            "scroll": [p.scroll_state() for p in self._panes],
            "sizes": self.splitter.sizes(),
            "current": self._panes.index(self._current) if self._current in self._panes else -1,
            "sync_scroll": self._sync,
            "zoom": [p.point_size() for p in self._panes],
        }

    def restore_state(self, state: dict) -> None:
        """Reopen the saved panes; documents that no longer exist are skipped."""
        for i in reversed(range(len(self._panes))):
            self.close_pane(i)
        docs = list(state.get("documents") or [])[:MAX_PANES]
        scrolls = list(state.get("scroll") or [])
        zooms = list(state.get("zoom") or [])
        opened: list[tuple[ReaderPane, int]] = []
        for i, doc_id in enumerate(docs):
            if doc_id is None:
                continue
            try:
                pane = self.open_document(int(doc_id), new_pane=True)
            except ReaderError:
                continue
            if i < len(zooms):
                pane.set_point_size(float(zooms[i]))
            opened.append((pane, int(scrolls[i]) if i < len(scrolls) else 0))
        sizes = state.get("sizes") or []
        if len(sizes) == len(self._panes) and all(isinstance(s, int) and s > 0 for s in sizes):
            self.splitter.setSizes(sizes)
        current = state.get("current", -1)
        saved_docs = [d for d in docs if d is not None]
        if isinstance(current, int) and 0 <= current < len(saved_docs):
            pane = next((p for p in self._panes if p.doc_id == saved_docs[current]), None)
            if pane is not None:
                self.set_current(pane)
        self._sync = bool(state.get("sync_scroll", False))
        self._restore_positions(opened)
        # Layout settles once the window is shown; place the reading positions again then.
        QTimer.singleShot(0, self, lambda: self._restore_positions(opened))

    def _restore_positions(self, opened: list[tuple[ReaderPane, int]]) -> None:
        self._syncing = True  # each pane goes back to its own place, even with synchronised scrolling
        try:
            for pane, value in opened:
                if pane in self._panes:
                    pane.restore_scroll(value)
        finally:
            self._syncing = False
