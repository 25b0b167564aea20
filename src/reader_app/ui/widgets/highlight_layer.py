"""Highlights of one open document: a sorted index for hit-testing, and their character formats.

Formats go straight into the view's QTextDocument (DESIGN §5): the whole set merged inside one edit
block while the document is built off-widget, then one highlight's span at a time. Only background and
underline belong to this layer; typography (fonts, foreground) is never touched, so clearing a span
cannot undo a heading or a footnote link.

Overlaps stay legible: where highlights overlap, the background is the mix of their colours, a shade
deeper, with an underline in the colour of the innermost one.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right, insort

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QTextCharFormat, QTextCursor, QTextDocument

from ...core.model import Highlight
from ..theme import highlight_background, swatch_color
from .text_mapping import OffsetMap

Segment = tuple[int, int, tuple[str, ...]]  # [start, end) in code points, colours bottom → top


class HighlightIndex:
    """Anchored highlights sorted by start; orphans have no place in the text and are not kept."""

    def __init__(self, highlights=()):
        self._by_id: dict[int, Highlight] = {}
        self._keys: list[tuple[int, int]] = []  # (start, id)
        self._max_len = 0
        for h in highlights:
            self.add(h)

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, hid: int) -> bool:
        return hid in self._by_id

    def get(self, hid: int) -> Highlight | None:
        return self._by_id.get(hid)

    def all(self) -> list[Highlight]:
        return [self._by_id[hid] for _, hid in self._keys]

    def add(self, h: Highlight) -> bool:
        if h.is_orphaned or h.end <= h.start:
            return False
        self.remove(h.id)
        self._by_id[h.id] = h
        insort(self._keys, (h.start, h.id))
        # Never shrunk on removal: a stale maximum only widens the candidate window a little.
        self._max_len = max(self._max_len, h.end - h.start)
        return True

    def remove(self, hid: int) -> Highlight | None:
        h = self._by_id.pop(hid, None)
        if h is not None:
            del self._keys[bisect_left(self._keys, (h.start, hid))]
        return h

    def overlapping(self, start: int, end: int) -> list[Highlight]:
        """Highlights sharing at least one character with [start, end) (or containing ``start`` when the
        range is empty), in text order."""
        lo = bisect_left(self._keys, (start - self._max_len, -1))
        hi = bisect_right(self._keys, (max(end, start + 1), -1))
        found = []
        for _, hid in self._keys[lo:hi]:
            h = self._by_id[hid]
            if h.end > start and h.start < max(end, start + 1):
                found.append(h)
        return found

    def at(self, offset: int) -> list[Highlight]:
        """Highlights containing ``offset``, innermost (shortest) first — what a click means."""
        return sorted(self.overlapping(offset, offset + 1), key=lambda h: (h.end - h.start, -h.id))


def segments(highlights: list[Highlight], start: int, end: int) -> list[Segment]:
    """Cut [start, end) where any highlight begins or ends; each piece lists the colours covering it
    (outermost first). Pieces no highlight covers come out with no colours, so they get cleared."""
    events: dict[int, list[tuple[int, Highlight]]] = {start: [], end: []}
    for h in highlights:
        if max(h.start, start) >= min(h.end, end):
            continue
        for at, kind in ((max(h.start, start), 1), (min(h.end, end), -1)):
            events.setdefault(at, []).append((kind, h))
    active: dict[int, Highlight] = {}
    out: list[Segment] = []
    points = sorted(events)
    for i, at in enumerate(points[:-1]):
        for kind, h in events[at]:
            if kind > 0:
                active[h.id] = h
            else:
                active.pop(h.id, None)
        nxt = points[i + 1]
        if nxt <= at:
            continue
        stack = sorted(active.values(), key=lambda h: (h.start, -h.end, h.id))
        colors = tuple(h.color for h in stack)
        if out and out[-1][1] == at and out[-1][2] == colors:
            out[-1] = (out[-1][0], nxt, colors)
        else:
            out.append((at, nxt, colors))
    return out


class HighlightPainter:
    """Character formats for colour stacks in one theme, cached (a handful of stacks recur)."""

    def __init__(self, dark: bool):
        self.dark = dark
        self._cache: dict[tuple[str, ...], QTextCharFormat] = {}

    def background(self, colors: tuple[str, ...]) -> QColor:
        if len(colors) == 1:
            return highlight_background(colors[0], self.dark)
        mixed = [highlight_background(c, self.dark) for c in colors]
        r, g, b = (sum(getattr(c, ch)() for c in mixed) / len(mixed) for ch in ("red", "green", "blue"))
        blend = QColor(round(r), round(g), round(b))
        return blend.lighter(122) if self.dark else blend.darker(112)

    def format(self, colors: tuple[str, ...]) -> QTextCharFormat:
        fmt = self._cache.get(colors)
        if fmt is not None:
            return fmt
        fmt = QTextCharFormat()
        if not colors:
            # Merging can only set properties, so "no highlight" is an explicit empty brush and no underline.
            fmt.setBackground(QBrush(Qt.BrushStyle.NoBrush))
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.NoUnderline)
        else:
            fmt.setBackground(self.background(colors))
            if len(colors) > 1:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                fmt.setUnderlineColor(swatch_color(colors[-1]))
            else:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.NoUnderline)
        self._cache[colors] = fmt
        return fmt

    def apply(self, cursor: QTextCursor, mapping: OffsetMap, pieces: list[Segment]) -> None:
        """Merge the formats of ``pieces`` at their places; the caller owns the edit block."""
        for start, end, colors in pieces:
            cursor.setPosition(mapping.to_utf16(start))
            cursor.setPosition(mapping.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(self.format(colors))

    def apply_all(self, cursor: QTextCursor, mapping: OffsetMap, index: HighlightIndex) -> None:
        """Paint every highlight of a freshly built document; untouched text needs no clearing."""
        hs = index.all()
        if hs:
            pieces = segments(hs, hs[0].start, max(h.end for h in hs))
            self.apply(cursor, mapping, [p for p in pieces if p[2]])

    def repaint_spans(self, doc: QTextDocument, mapping: OffsetMap, index: HighlightIndex,
                      spans: list[tuple[int, int]]) -> None:
        """Recompute the formats over ``spans`` (where highlights appeared, moved or went) in one edit."""
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        for start, end in spans:
            self.apply(cursor, mapping, segments(index.overlapping(start, end), start, end))
        cursor.endEditBlock()
