"""The library's documents as a list model, and a filter that keeps rows matching every typed word."""
from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from ...core.model import Document
from ...core.store import Library

DocIdRole = Qt.ItemDataRole.UserRole + 1
AuthorsRole = Qt.ItemDataRole.UserRole + 2
PublisherRole = Qt.ItemDataRole.UserRole + 3
PublishedRole = Qt.ItemDataRole.UserRole + 4
HighlightCountRole = Qt.ItemDataRole.UserRole + 5
SearchTextRole = Qt.ItemDataRole.UserRole + 6

_Index = QModelIndex | QPersistentModelIndex


def document_tooltip(doc: Document) -> str:
    parts = [doc.title or doc.key, doc.authors, doc.publisher, doc.published]
    count = f"{doc.highlight_count} highlight{'s' if doc.highlight_count != 1 else ''}"
    return "\n".join(p for p in parts if p) + "\n" + count


class DocumentsModel(QAbstractListModel):
    def __init__(self, lib: Library, parent=None):
        super().__init__(parent)
        self._lib = lib
        self._docs: list[Document] = []
        self.reload()

    def reload(self) -> None:
        """Re-read the list; rows with the same ids update in place so selection and scroll survive."""
        docs = self._lib.documents.list()
        if [d.id for d in docs] == [d.id for d in self._docs]:
            self._docs = docs
            if docs:
                self.dataChanged.emit(self.index(0), self.index(len(docs) - 1))
            return
        self.beginResetModel()
        self._docs = docs
        self.endResetModel()

    def refresh(self, doc_ids) -> None:
        """Re-read only these documents (their highlight counts changed); unknown ids mean a full reload."""
        for doc_id in doc_ids:
            row = self.row_of(doc_id)
            if row < 0:
                self.reload()
                return
            self._docs[row] = self._lib.documents.get(doc_id)
            self.dataChanged.emit(self.index(row), self.index(row))

    def document(self, row: int) -> Document:
        return self._docs[row]

    def row_of(self, doc_id: int) -> int:
        return next((i for i, d in enumerate(self._docs) if d.id == doc_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._docs)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._docs):
            return None
        doc = self._docs[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return doc.title or doc.key
        if role == Qt.ItemDataRole.ToolTipRole:
            return document_tooltip(doc)
        if role == DocIdRole:
            return doc.id
        if role == AuthorsRole:
            return doc.authors
        if role == PublisherRole:
            return doc.publisher
        if role == PublishedRole:
            return doc.published
        if role == HighlightCountRole:
            return doc.highlight_count
        if role == SearchTextRole:
            return " ".join((doc.title, doc.key, doc.authors, doc.publisher, doc.published)).lower()
        return None

    def roleNames(self):
        names = super().roleNames()
        names.update({DocIdRole: b"docId", AuthorsRole: b"authors", PublisherRole: b"publisher",
                      PublishedRole: b"published", HighlightCountRole: b"highlightCount"})
        return names


class DocumentFilter(QSortFilterProxyModel):
    """Keeps documents whose title, authors, publisher or date contain every word typed."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._words: list[str] = []

    def set_text(self, text: str) -> None:
        words = text.lower().split()
        if words == self._words:
            return
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.9; invalidateRowsFilter() is deprecated there
            self.beginFilterChange()
            self._words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self._words = words
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if not self._words:
            return True
        haystack = self.sourceModel().index(source_row, 0, source_parent).data(SearchTextRole) or ""
        return all(word in haystack for word in self._words)
