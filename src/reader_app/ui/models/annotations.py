"""Highlights grouped by document in text order, with a header row per document, filterable by tag,
colour and text. Orphans (passages no longer found) stay listed after the anchored ones of their document.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cached_property

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from ...core.model import Document, Highlight
from ...core.store import Library

KindRole = Qt.ItemDataRole.UserRole + 1  # "header" | "highlight"
HighlightIdRole = Qt.ItemDataRole.UserRole + 2
DocIdRole = Qt.ItemDataRole.UserRole + 3
ColorRole = Qt.ItemDataRole.UserRole + 4
QuoteRole = Qt.ItemDataRole.UserRole + 5
TagsRole = Qt.ItemDataRole.UserRole + 6  # [(name, colour)]
NoteRole = Qt.ItemDataRole.UserRole + 7
OrphanedRole = Qt.ItemDataRole.UserRole + 8
SpanRole = Qt.ItemDataRole.UserRole + 9  # (start, end)
CountRole = Qt.ItemDataRole.UserRole + 10  # highlights under a header
LayoutRole = Qt.ItemDataRole.UserRole + 11  # what a row's height depends on, computed once per row

HEADER, HIGHLIGHT = "header", "highlight"

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Filters:
    document_ids: tuple[int, ...] | None = None  # None: every document
    tag: str = ""
    color: str = ""
    text: str = ""


@dataclass(frozen=True)
class _Row:
    kind: str
    document: Document
    highlight: Highlight | None = None
    count: int = 0

    @property
    def key(self) -> tuple:
        return (self.kind, self.document.id, self.highlight.id if self.highlight else None)

    @cached_property
    def layout(self) -> tuple:
        """(kind, the start of the quote, has a note line, has a chip line): all a row's height needs."""
        h = self.highlight
        if h is None:
            return (HEADER, "", False, False)
        return (HIGHLIGHT, " ".join(h.exact[:400].split()), bool(first_line(h.note)), bool(h.tags) or h.is_orphaned)


def _order(h: Highlight) -> tuple:
    """Text order within a document, as the store lists it: anchored by position, orphans last."""
    return (h.is_orphaned, h.start, h.end, h.id)


def first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


class AnnotationsModel(QAbstractListModel):
    def __init__(self, lib: Library, parent=None, filters: Filters | None = None):
        super().__init__(parent)
        self._lib = lib
        self._rows: list[_Row] = []
        self._listed: set[int] = set()  # ids of the highlights in rows, to skip scans for new ones
        self._tag_colors: dict[str, str] = {}
        self._filters = filters or Filters()
        self.highlight_total = 0
        self.reload()

    @property
    def filters(self) -> Filters:
        return self._filters

    def set_filters(self, filters: Filters) -> None:
        if filters != self._filters:
            self._filters = filters
            self.reload()

    def reload(self) -> None:
        """Re-query; when the same rows come back they update in place (selection and scroll survive)."""
        rows = self._query()
        self._listed = {r.highlight.id for r in rows if r.highlight is not None}
        if [r.key for r in rows] == [r.key for r in self._rows]:
            self._rows = rows
            if rows:
                self.dataChanged.emit(self.index(0), self.index(len(rows) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def _query(self) -> list[_Row]:
        f = self._filters
        self._tag_colors = {t.name.lower(): t.color for t in self._lib.tags.list()}
        ids = list(f.document_ids) if f.document_ids is not None else None
        if ids == []:
            self.highlight_total = 0
            return []
        found = self._lib.highlights.list(document_ids=ids, tag=f.tag or None, color=f.color or None,
                                          text=f.text or None)
        self.highlight_total = len(found)
        by_doc: dict[int, list[Highlight]] = {}
        for h in found:
            by_doc.setdefault(h.document_id, []).append(h)
        # Open documents are listed in pane order; "all documents" in library order.
        order = [i for i in (ids or []) if i in by_doc] or list(by_doc)
        docs = {d.id: d for d in self._lib.documents.list()} if by_doc else {}
        rows: list[_Row] = []
        for doc_id in dict.fromkeys(order):
            doc = docs.get(doc_id)
            if doc is None:
                continue
            rows.append(_Row(HEADER, doc, count=len(by_doc[doc_id])))
            rows += [_Row(HIGHLIGHT, doc, h) for h in by_doc[doc_id]]
        return rows

    def row_of_highlight(self, highlight_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.highlight and r.highlight.id == highlight_id), -1)

    # -- incremental updates ---------------------------------------------------------------------------
    # Adding one highlight to a document that already has 10,000 must not re-query and re-lay out them
    # all (DESIGN.md §7: a highlight lands within one frame), so single-highlight changes edit rows in place.
    def update_highlights(self, ids, *, tags_changed: bool = False) -> None:
        """Bring the rows of these highlights up to date: changed, added, deleted or now (un)filtered."""
        if tags_changed:  # a tag may be new (its chip needs a colour) or recoloured
            self._tag_colors = {t.name.lower(): t.color for t in self._lib.tags.list()}
        found = {h.id: h for h in self._lib.highlights.get_many(sorted(ids))}
        for hid in sorted(ids):
            row = self.row_of_highlight(hid) if hid in self._listed else -1
            h = found.get(hid)
            keep = h is not None and self._matches(h)
            if row >= 0 and keep and _order(self._rows[row].highlight) == _order(h):
                self._rows[row] = _Row(HIGHLIGHT, self._rows[row].document, h)
                self.dataChanged.emit(self.index(row), self.index(row))
                continue
            if row >= 0:
                self._remove(row)
            if keep:
                self._insert(h)

    def _matches(self, h: Highlight) -> bool:
        f = self._filters
        if f.document_ids is not None and h.document_id not in f.document_ids:
            return False
        if f.tag and f.tag.lower() not in {t.lower() for t in h.tags}:
            return False
        if f.color and h.color != f.color:
            return False
        return not f.text or f.text.lower() in h.exact.lower() or f.text.lower() in h.note.lower()

    def _group(self, doc_id: int) -> tuple[int, int]:
        """(header row, rows in the group including the header), or (-1, 0)."""
        for i, r in enumerate(self._rows):
            if r.kind == HEADER and r.document.id == doc_id:
                return i, r.count + 1
        return -1, 0

    def _set_count(self, header: int, delta: int) -> None:
        r = self._rows[header]
        self._rows[header] = _Row(HEADER, r.document, count=r.count + delta)
        self.dataChanged.emit(self.index(header), self.index(header))

    def _remove(self, row: int) -> None:
        self._listed.discard(self._rows[row].highlight.id)
        doc_id = self._rows[row].document.id
        header, size = self._group(doc_id)
        first, last = (header, header + 1) if size == 2 else (row, row)  # the last one takes its header along
        self.beginRemoveRows(QModelIndex(), first, last)
        del self._rows[first:last + 1]
        self.endRemoveRows()
        if size > 2:
            self._set_count(header, -1)
        self.highlight_total -= 1

    def _insert(self, h: Highlight) -> None:
        self._listed.add(h.id)
        header, size = self._group(h.document_id)
        if header < 0:
            doc = self._lib.documents.get(h.document_id)
            at = self._group_position(h.document_id)
            self.beginInsertRows(QModelIndex(), at, at + 1)
            self._rows[at:at] = [_Row(HEADER, doc, count=1), _Row(HIGHLIGHT, doc, h)]
            self.endInsertRows()
        else:
            at = bisect.bisect_left(self._rows, _order(h), header + 1, header + size,
                                    key=lambda r: _order(r.highlight))
            self.beginInsertRows(QModelIndex(), at, at)
            self._rows.insert(at, _Row(HIGHLIGHT, self._rows[header].document, h))
            self.endInsertRows()
            self._set_count(header, +1)
        self.highlight_total += 1

    def _group_position(self, doc_id: int) -> int:
        """Where a new document group goes: pane order for open documents, else library (id) order."""
        ids = self._filters.document_ids
        rank = (lambda d: ids.index(d)) if ids is not None else (lambda d: d)
        for i, r in enumerate(self._rows):
            if r.kind == HEADER and rank(r.document.id) > rank(doc_id):
                return i
        return len(self._rows)

    def highlight(self, row: int) -> Highlight | None:
        return self._rows[row].highlight

    # -- Qt model API ----------------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._rows[index.row()].kind == HEADER:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == KindRole:
            return row.kind
        if role == LayoutRole:
            return row.layout
        if role == DocIdRole:
            return row.document.id
        if row.kind == HEADER:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return row.document.title or row.document.key
            if role == CountRole:
                return row.count
            return None
        h = row.highlight
        if role == Qt.ItemDataRole.DisplayRole or role == QuoteRole:
            return " ".join(h.exact.split())
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = h.exact if len(h.exact) < 600 else h.exact[:600] + "…"
            return tip + (f"\n\n{h.note}" if h.note else "") + ("\n\n(orphaned: the passage was not found "
                                                               "in the current text)" if h.is_orphaned else "")
        if role == HighlightIdRole:
            return h.id
        if role == ColorRole:
            return h.color
        if role == TagsRole:
            return [(t, self._tag_colors.get(t.lower(), "")) for t in h.tags]
        if role == NoteRole:
            return first_line(h.note)
        if role == OrphanedRole:
            return h.is_orphaned
        if role == SpanRole:
            return (h.start, h.end)
        return None
