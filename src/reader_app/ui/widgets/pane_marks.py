"""Temporary marks over a reading view, as extra selections (DESIGN §5: only ever a few of them): find
hits that are on screen, the current hit, the selected highlight and a passage just jumped to."""
from __future__ import annotations

from bisect import bisect_left, bisect_right

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit

from ...core.model import Highlight
from ..theme import colors, highlight_background, swatch_color
from .reading_view import ReadingView
from .text_mapping import OffsetMap


class PaneMarks:
    def __init__(self, view: ReadingView):
        self.view = view
        self.hits: list[tuple[int, int]] = []
        self.current = -1
        self.jump: tuple[int, int] | None = None
        self.selected: Highlight | None = None

    def _selection(self, mapping: OffsetMap, start: int, end: int, fmt: QTextCharFormat):
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.view.document())
        cursor.setPosition(mapping.to_utf16(start))
        cursor.setPosition(mapping.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor
        sel.format = fmt
        return sel

    def update(self, mapping: OffsetMap, dark: bool) -> None:
        if mapping.length == 0:
            self.view.setExtraSelections([])
            self._tint([])
            return
        out = []
        if self.selected is not None:
            fmt = QTextCharFormat()
            base = highlight_background(self.selected.color, dark)
            fmt.setBackground(base.lighter(135) if dark else base.darker(118))
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(swatch_color(self.selected.color))
            out.append(self._selection(mapping, self.selected.start, self.selected.end, fmt))
        if self.hits:
            first, last = (mapping.to_cp(p) for p in self.view.visible_range())
            lo = bisect_left(self.hits, (first, -1))
            hi = bisect_right(self.hits, (last + 1, -1))
            self.view.tint = QColor(255, 170, 60, 110 if not dark else 90)
            self._tint([(mapping.to_utf16(s), mapping.to_utf16(e)) for i, (s, e) in
                        enumerate(self.hits[max(0, lo - 1):hi], start=max(0, lo - 1)) if i != self.current])
            if 0 <= self.current < len(self.hits):
                cur_fmt = QTextCharFormat()
                cur_fmt.setBackground(QColor("#f08c00") if not dark else QColor("#c76b00"))
                cur_fmt.setForeground(QColor("#ffffff"))
                out.append(self._selection(mapping, *self.hits[self.current], cur_fmt))
        if self.jump is not None:
            fmt = QTextCharFormat()
            tint = QColor(colors(dark).accent)
            tint.setAlpha(70)
            fmt.setBackground(tint)
            out.append(self._selection(mapping, *self.jump, fmt))
        if not self.hits:
            self._tint([])
        self.view.setExtraSelections(out)

    def _tint(self, spans: list[tuple[int, int]]) -> None:
        if spans != self.view.tinted:
            self.view.tinted = spans
            self.view.viewport().update()
