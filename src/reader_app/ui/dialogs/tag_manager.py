"""Tag manager: create, rename, recolour, merge and delete tags, every step an undoable command.

Questions to the user go through the small ``ask_*``/``confirm`` methods so the dialog's logic can be
driven in tests without a nested event loop.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core.changes import Changes
from ...core.model import Tag
from ..commands import DeleteTag, MergeTags, RecolorTag, RenameTag, StoreCommand
from ..models.tags import TagsModel
from ..session import Session


class CreateTag(StoreCommand):
    """A tag with no highlights yet; undo removes it, redo brings back the same id."""

    def __init__(self, session: Session, name: str, color: str = ""):
        super().__init__(session, f"New Tag '{name.strip()}'")
        self.name, self.color = name, color
        self.tag_id: int | None = None
        self._snapshot = None

    def _do(self) -> Changes:
        if self._snapshot is None:
            tag, changes = self.session.lib.tags.create(self.name, self.color)
            self.tag_id = tag.id
            return changes
        return self.session.lib.tags.restore(self._snapshot)

    def _undo(self) -> Changes:
        self._snapshot, changes = self.session.lib.tags.delete(self.tag_id)
        return changes


def _highlights(n: int) -> str:
    return f"{n} highlight{'s' if n != 1 else ''}"


class TagManager(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Tags")
        self.resize(520, 420)
        self.session = session
        self.model = TagsModel(session.lib, self)
        session.changed.connect(self._changed)

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.setShowGrid(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _index: self.rename())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.buttons: dict[str, QPushButton] = {}
        column = QVBoxLayout()
        for key, label, slot in (("new", "New…", self.create), ("rename", "Rename…", self.rename),
                                 ("recolor", "Colour…", self.recolor), ("merge", "Merge Into…", self.merge),
                                 ("delete", "Delete…", self.delete)):
            button = QPushButton(label, self)
            button.clicked.connect(slot)
            self.buttons[key] = button
            column.addWidget(button)
        column.addStretch(1)
        self.hint = QLabel("Every change here can be undone with Edit → Undo.", self)
        self.hint.setObjectName("sidebarCaption")
        self.empty = QLabel("No tags yet. Create one here, or tag a highlight (T) while reading.", self)
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.table, 1)
        row.addWidget(self.empty, 1)
        row.addLayout(column)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(self.hint)
        layout.addWidget(close)
        if self.model.rowCount():
            self.table.selectRow(0)  # the buttons are ready for the first tag rather than all greyed out
        self._update_buttons()

    # -- questions (replaced in tests) ---------------------------------------------------------------
    def ask_text(self, title: str, label: str, value: str = "") -> str | None:
        text, ok = QInputDialog.getText(self, title, label, text=value)
        return text if ok else None

    def ask_item(self, title: str, label: str, items: list[str]) -> str | None:
        item, ok = QInputDialog.getItem(self, title, label, items, 0, False)
        return item if ok else None

    def ask_color(self, initial: str) -> str | None:
        color = QColorDialog.getColor(QColor(initial), self, "Tag Colour")
        return color.name() if color.isValid() else None

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    # -- actions --------------------------------------------------------------------------------------
    def selected(self) -> Tag | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.tag(rows[0].row()) if rows else None

    def select(self, tag_id: int) -> None:
        row = self.model.row_of(tag_id)
        if row >= 0:
            self.table.selectRow(row)

    def create(self) -> None:
        name = self.ask_text("New Tag", "Name:")
        if name and name.strip():
            command = CreateTag(self.session, name)
            if self.session.push(command):
                self.select(command.tag_id)

    def rename(self) -> None:
        tag = self.selected()
        if tag is None:
            return
        name = self.ask_text("Rename Tag", f"New name for “{tag.name}”:", tag.name)
        if name and name.strip() and name.strip() != tag.name:
            self.session.push(RenameTag(self.session, tag.id, name))

    def recolor(self) -> None:
        tag = self.selected()
        if tag is None:
            return
        color = self.ask_color(tag.color)
        if color and color.lower() != tag.color.lower():
            self.session.push(RecolorTag(self.session, tag.id, color))

    def merge(self) -> None:
        tag = self.selected()
        if tag is None:
            return
        others = [t for t in self.model.tags() if t.id != tag.id]
        if not others:
            return
        choice = self.ask_item("Merge Tag", f"Merge “{tag.name}” into:", [t.name for t in others])
        target = next((t for t in others if t.name == choice), None)
        if target is None:
            return
        if self.confirm("Merge Tags", f"Merge “{tag.name}” into “{target.name}”?\n\n{_highlights(tag.count)} "
                                      f"tagged “{tag.name}” will be tagged “{target.name}” instead, and "
                                      f"“{tag.name}” will be removed. You can undo this."):
            self.session.push(MergeTags(self.session, tag.id, target.id))

    def delete(self) -> None:
        tag = self.selected()
        if tag is None:
            return
        if self.confirm("Delete Tag", f"Delete the tag “{tag.name}”?\n\nIt will be removed from "
                                      f"{_highlights(tag.count)}; the highlights themselves stay. You can "
                                      "undo this."):
            self.session.push(DeleteTag(self.session, tag.id))

    def _changed(self, _changes) -> None:
        selected = self.selected()
        self.model.reload()
        if selected is not None:
            self.select(selected.id)
        self._update_buttons()

    def _update_buttons(self, *_args) -> None:
        has_tags = self.model.rowCount() > 0
        self.table.setVisible(has_tags)
        self.empty.setVisible(not has_tags)
        tag = self.selected()
        for key in ("rename", "recolor", "delete"):
            self.buttons[key].setEnabled(tag is not None)
        self.buttons["merge"].setEnabled(tag is not None and self.model.rowCount() > 1)
