"""Library search hits (documents and annotations) with their snippets as rich text."""
from __future__ import annotations

import html

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from ...core.model import SearchHit
from ...core.store import Library
from ...core.store.search import MARK_CLOSE, MARK_OPEN

HitRole = Qt.ItemDataRole.UserRole + 1
SnippetHtmlRole = Qt.ItemDataRole.UserRole + 2
KindLabelRole = Qt.ItemDataRole.UserRole + 3

_KIND_LABELS = {"document": "Text", "highlight": "Highlight", "note": "Note"}
_Index = QModelIndex | QPersistentModelIndex


def snippet_html(snippet: str) -> str:
    """The store marks hit terms with « »; show them bold, everything else escaped."""
    escaped = html.escape(" ".join(snippet.split()))
    return escaped.replace(html.escape(MARK_OPEN), "<b>").replace(html.escape(MARK_CLOSE), "</b>")


def snippet_plain(snippet: str) -> str:
    return " ".join(snippet.replace(MARK_OPEN, "").replace(MARK_CLOSE, "").split())


class SearchResultsModel(QAbstractListModel):
    def __init__(self, lib: Library, parent=None, limit: int = 30):
        super().__init__(parent)
        self._lib = lib
        self._limit = limit
        self._hits: list[SearchHit] = []
        self.query = ""

    def search(self, query: str) -> None:
        # The last word is matched as a prefix so results appear while the user is still typing it.
        self.query = query
        hits = self._lib.search.search(query, self._limit, prefix_last=True) if query.strip() else []
        self.beginResetModel()
        self._hits = hits
        self.endResetModel()

    def hit(self, row: int) -> SearchHit:
        return self._hits[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.title or hit.document_key or "Untitled"
        if role == Qt.ItemDataRole.ToolTipRole:
            return snippet_plain(hit.snippet)
        if role == HitRole:
            return hit
        if role == SnippetHtmlRole:
            return snippet_html(hit.snippet)
        if role == KindLabelRole:
            return _KIND_LABELS.get(hit.kind, hit.kind)
        return None
