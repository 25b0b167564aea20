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
        kept = [h for h in highlights if not h.is_orphaned and h.end > h.start]
        self._by_id = {h.id: h for h in kept}
        self._keys = sorted((h.start, h.id) for h in self._by_id.values())
        self._max_len = max((h.end - h.start for h in kept), default=0)

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
    (outermost first). Pieces no highlight covers come out with no colours, so they get cleared.

    Most highlights overlap nothing: those become one piece each at once; only a cluster of
    overlapping ones goes through the sweep."""
    hs = sorted((h for h in highlights if max(h.start, start) < min(h.end, end)),
                key=lambda h: (h.start, -h.end, h.id))
    out: list[Segment] = []
    pos, i, n = start, 0, len(hs)
    while i < n:
        h = hs[i]
        s, e = max(h.start, start), min(h.end, end)
        j = i + 1
        while j < n and hs[j].start < e:
            e = max(e, min(hs[j].end, end))
            j += 1
        if pos < s:
            out.append((pos, s, ()))
        if j == i + 1:
            out.append((s, e, (h.color,)))
        else:
            out.extend(_sweep(hs[i:j], s, e))
        pos, i = e, j
    if pos < end:
        out.append((pos, end, ()))
    return out


def _sweep(cluster: list[Highlight], start: int, end: int) -> list[Segment]:
    """Pieces of a run of overlapping highlights, [start, end) being exactly their union."""
    cluster = sorted(cluster, key=lambda h: (h.start, -h.end, h.id))
    points = sorted({start, end} | {max(h.start, start) for h in cluster}
                    | {min(h.end, end) for h in cluster})
    out: list[Segment] = []
    for a, b in zip(points, points[1:]):
        stack = [h for h in cluster if h.start <= a and h.end >= b]  # outermost first
        colors = tuple(h.color for h in stack)
        if out and out[-1][2] == colors:
            out[-1] = (out[-1][0], b, colors)
        else:
            out.append((a, b, colors))
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
        # Tens of thousands of calls on open: look the methods up once.
        set_position, merge, keep, fmt = (cursor.setPosition, cursor.mergeCharFormat,
                                          QTextCursor.MoveMode.KeepAnchor, self.format)
        if mapping.is_identity:
            for start, end, colors in pieces:
                set_position(start)
                set_position(end, keep)
                merge(fmt(colors))
            return
        to_utf16 = mapping.to_utf16
        for start, end, colors in pieces:
            set_position(to_utf16(start))
            set_position(to_utf16(end), keep)
            merge(fmt(colors))

    def apply_all(self, cursor: QTextCursor, mapping: OffsetMap, index: HighlightIndex) -> None:
        """Paint every highlight of a freshly built document (nothing to clear). The same cut as
        ``segments``, unrolled: on open this loop runs once per highlight, ten thousand times."""
        hs = index.all()
        to_utf16 = mapping.to_utf16
        set_position, merge, keep, fmt = (cursor.setPosition, cursor.mergeCharFormat,
                                          QTextCursor.MoveMode.KeepAnchor, self.format)
        i, n = 0, len(hs)
        while i < n:
            h = hs[i]
            end = h.end
            j = i + 1
            while j < n and hs[j].start < end:
                end = max(end, hs[j].end)
                j += 1
            if j == i + 1:
                set_position(to_utf16(h.start))
                set_position(to_utf16(end), keep)
                merge(fmt((h.color,)))
            else:
                self.apply(cursor, mapping, _sweep(hs[i:j], h.start, end))
            i = j

    def repaint_spans(self, doc: QTextDocument, mapping: OffsetMap, index: HighlightIndex,
                      spans: list[tuple[int, int]]) -> None:
        """Recompute the formats over ``spans`` (where highlights appeared, moved or went) in one edit."""
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        for start, end in spans:
            self.apply(cursor, mapping, segments(index.overlapping(start, end), start, end))
        cursor.endEditBlock()
