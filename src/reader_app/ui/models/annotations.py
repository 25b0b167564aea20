"""Highlights grouped by document in text order, with a header row per document, filterable by tag,
colour and text. Orphans (passages no longer found) stay listed after the anchored ones of their document.
"""
from __future__ import annotations

from dataclasses import dataclass

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


def first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


class AnnotationsModel(QAbstractListModel):
    def __init__(self, lib: Library, parent=None):
        super().__init__(parent)
        self._lib = lib
        self._rows: list[_Row] = []
        self._tag_colors: dict[str, str] = {}
        self._filters = Filters()
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
