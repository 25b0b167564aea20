"""Tags with their colour and how many highlights carry them (the tag manager's table)."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ...core.model import Tag
from ...core.store import Library

TagIdRole = Qt.ItemDataRole.UserRole + 1
NAME, COLOR, COUNT = range(3)
_HEADERS = ("Tag", "Colour", "Highlights")
_Index = QModelIndex | QPersistentModelIndex


class TagsModel(QAbstractTableModel):
    def __init__(self, lib: Library, parent=None):
        super().__init__(parent)
        self._lib = lib
        self._tags: list[Tag] = []
        self.reload()

    def reload(self) -> None:
        tags = self._lib.tags.list()
        if [t.id for t in tags] == [t.id for t in self._tags]:
            self._tags = tags
            if tags:
                self.dataChanged.emit(self.index(0, 0), self.index(len(tags) - 1, len(_HEADERS) - 1))
            return
        self.beginResetModel()
        self._tags = tags
        self.endResetModel()

    def tag(self, row: int) -> Tag:
        return self._tags[row]

    def tags(self) -> list[Tag]:
        return list(self._tags)

    def row_of(self, tag_id: int) -> int:
        return next((i for i, t in enumerate(self._tags) if t.id == tag_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._tags)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(_HEADERS):
            return _HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._tags):
            return None
        tag, column = self._tags[index.row()], index.column()
        if role == TagIdRole:
            return tag.id
        if role == Qt.ItemDataRole.DisplayRole:
            return (tag.name, tag.color, str(tag.count))[column]
        if role == Qt.ItemDataRole.DecorationRole and column == COLOR:
            return QColor(tag.color)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
