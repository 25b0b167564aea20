"""Find in document for a reader pane: the bar's query → hits over the canonical text (clutter left out),
the current hit kept in view, every hit on screen marked."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .find_bar import find_all

if TYPE_CHECKING:
    from .reader_pane import ReaderPane


class FindController:
    def __init__(self, pane: ReaderPane):
        self.pane = pane
        bar = pane.find_bar
        bar.query_changed.connect(self.search)
        bar.next_requested.connect(lambda: self.step(1))
        bar.previous_requested.connect(lambda: self.step(-1))
        bar.closed.connect(self._closed)

    def open(self, text: str = "") -> None:
        self.pane.find_bar.open_bar(text)
        self.search(self.pane.find_bar.edit.text())

    def search(self, query: str) -> None:
        pane, marks = self.pane, self.pane.marks
        marks.hits = find_all(pane.text, query, pane.hidden_spans)
        marks.current = -1
        if marks.hits:
            # Start from the first hit at or after the reading position, as browsers do.
            top = pane.scroll_state()
            marks.current = next((i for i, (s, _) in enumerate(marks.hits) if s >= top), 0)
            self._show_current()
        pane.find_bar.set_count(marks.current, len(marks.hits))
        pane.update_marks()

    def step(self, step: int) -> None:
        marks = self.pane.marks
        if not marks.hits:
            return
        marks.current = (marks.current + step) % len(marks.hits)
        self._show_current()
        self.pane.find_bar.set_count(marks.current, len(marks.hits))

    def _show_current(self) -> None:
        pane = self.pane
        start, end = pane.marks.hits[pane.marks.current]
        pane.scroll_to(start, end, mark=False)  # stays put when the hit is on screen
        pane.update_marks()

    def _closed(self) -> None:
        self.pane.marks.hits, self.pane.marks.current = [], -1
        self.pane.update_marks()
        self.pane.view.setFocus()
