"""The note editor: title, Markdown body, and the linked passages as quotes with their source, in order.

Every change goes through an undoable command (``commands_notes``): the title when editing finishes, the
body after a pause in typing (and when focus leaves), a passage's relation from its menu, the order with
Move up / Move down (Alt+↑ / Alt+↓), Unlink. The view rebuilds from the store on ``Session.changed``, so
undo and redo show at once.
"""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.changes import Changes
from ...core.compare.linked import linked_passages
from ...core.errors import NotFound
from ...core.exporters.scope import Passage
from ..commands_notes import EditNote, ReorderLinks, SetRelation, UnlinkPassage
from ..session import EVERYTHING, Session
from ..theme import colors
from .connectors import relation_color

BODY_PAUSE_MS = 800
QUOTE_CHARS = 420


class PassageRow(QFrame):
    """One linked passage: a bar in the relation's colour, the quote, its source, the relation menu."""

    relation_chosen = Signal(int, str)  # highlight id, relation

    def __init__(self, passage: Passage, relations: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("passageRow")
        self.passage = passage
        h, doc = passage.highlight, passage.document
        bar = QFrame(self)
        bar.setFixedWidth(4)
        bar.setStyleSheet(f"background: {relation_color(passage.relation).name()}; border-radius: 2px;")
        quote = " ".join(h.exact.split())
        if len(quote) > QUOTE_CHARS:
            quote = quote[:QUOTE_CHARS - 1].rsplit(" ", 1)[0] + "…"
        self.quote = QLabel(f"“{quote}”", self, wordWrap=True)
        self.quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont(self.quote.font())
        font.setItalic(True)
        self.quote.setFont(font)
        where = " · ".join(p for p in (doc.title or doc.key, doc.publisher, doc.published) if p)
        orphan = " — orphaned: not found in the current text" if h.is_orphaned else ""
        self.source = QLabel(f"— {where}{orphan}", self, wordWrap=True)
        self.source.setObjectName("passageSource")
        small = QFont(self.source.font())
        small.setPointSizeF(small.pointSizeF() * 0.9)
        self.source.setFont(small)
        self.relation = QComboBox(self)
        self.relation.addItems(relations if passage.relation in relations else [*relations, passage.relation])
        self.relation.setCurrentText(passage.relation)
        self.relation.setToolTip("How this passage relates to the note")
        self.relation.currentTextChanged.connect(lambda text: self.relation_chosen.emit(h.id, text))
        text_col = QVBoxLayout()
        text_col.setSpacing(3)
        text_col.addWidget(self.quote)
        bottom = QHBoxLayout()
        bottom.addWidget(self.source, 1)
        bottom.addWidget(self.relation, 0, Qt.AlignmentFlag.AlignTop)
        text_col.addLayout(bottom)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 8, 8, 8)
        row.setSpacing(10)
        row.addWidget(bar)
        row.addLayout(text_col, 1)


class NoteView(QWidget):
    open_side_by_side = Signal(int)  # note id
    note_shown = Signal(int)  # the note now in the editor (0: none, e.g. after it was deleted)
    jump_requested = Signal(int, int, int)  # document id, start, end

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("noteView")
        self.session = session
        self.note_id = 0
        self._passages: list[Passage] = []
        self.title = QLineEdit(self, placeholderText="Note title")
        title_font = QFont(self.title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.25)
        title_font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(title_font)
        self.body = QPlainTextEdit(self, placeholderText="What do these sources say to each other? (Markdown)")
        self.body.setTabChangesFocus(True)
        self.passages_label = QLabel("Linked passages", self)
        self.passages_label.setObjectName("sectionLabel")
        self.list = QListWidget(self)
        self.list.setObjectName("linkedPassages")
        self.list.setSpacing(2)
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # rows wrap instead
        self.empty = QLabel("No passages linked yet. Select text in a document and choose “Link selection to "
                            "note…”, or link a related passage from the Related panel.", self, wordWrap=True)
        self.empty.setObjectName("emptyState")
        # Short labels: the editor usually sits in a side dock about 340 px wide.
        self.up = QPushButton("↑", self, toolTip="Move the passage up (Alt+Up)")
        self.down = QPushButton("↓", self, toolTip="Move the passage down (Alt+Down)")
        for b in (self.up, self.down):
            b.setFixedWidth(b.sizeHint().height() + 6)
        self.unlink = QPushButton("Unlink", self, toolTip="Take the passage out of this note (Del)")
        self.show_button = QPushButton("Show", self, toolTip="Show the passage in its document")
        self.open_button = QPushButton("Side by Side", self,
                                       toolTip="Open the linked documents side by side, with connectors")
        self.open_button.setDefault(True)
        buttons = QHBoxLayout()
        for b in (self.up, self.down, self.unlink, self.show_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        heading = QHBoxLayout()  # the note's own action beside its title; the row below is for one passage
        heading.addWidget(self.title, 1)
        heading.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(8)
        layout.addLayout(heading)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.passages_label)
        layout.addWidget(self.list, 2)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        self._body_timer = QTimer(self, singleShot=True, interval=BODY_PAUSE_MS)
        self._body_timer.timeout.connect(self.commit_body)
        self.title.editingFinished.connect(self.commit_title)
        self.body.textChanged.connect(self._body_edited)
        self.up.clicked.connect(lambda: self.move_selected(-1))
        self.down.clicked.connect(lambda: self.move_selected(1))
        self.unlink.clicked.connect(self.unlink_selected)
        self.show_button.clicked.connect(self.show_selected)
        self.list.itemDoubleClicked.connect(lambda _item: self.show_selected())
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.open_button.clicked.connect(lambda: self.note_id and self.open_side_by_side.emit(self.note_id))
        QShortcut(QKeySequence("Alt+Up"), self.list, lambda: self.move_selected(-1))
        QShortcut(QKeySequence("Alt+Down"), self.list, lambda: self.move_selected(1))
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list, self.unlink_selected)
        session.changed.connect(self._on_changed)
        self._loading = False
        self.apply_theme(False)
        self.set_note(0)

    # -- showing a note --------------------------------------------------------------------------
    def set_note(self, note_id: int) -> None:
        self.commit_body()
        self.note_id = note_id
        self._reload()

    def _reload(self) -> None:
        self._loading = True
        try:
            note = self.session.lib.notes.get(self.note_id) if self.note_id else None
        except NotFound:
            note, self.note_id = None, 0
        for w in (self.title, self.body, self.list):
            w.setEnabled(note is not None)
        if note is None:
            self.title.clear()
            self.body.clear()
            self._passages = []
        else:
            if self.title.text() != note.title:
                self.title.setText(note.title)
                self.title.setCursorPosition(0)  # a long title shows its beginning, not its end
            if self.body.toPlainText() != note.body and not self._body_timer.isActive():
                self.body.setPlainText(note.body)
            self._passages = linked_passages(self.session.lib, note)
        self._fill_list()
        self._loading = False
        self.note_shown.emit(self.note_id)

    def _fill_list(self) -> None:
        current = self.selected_highlight()
        self.list.clear()
        relations = self.session.lib.settings.relations()
        for p in self._passages:
            row = PassageRow(p, relations, self.list)
            row.relation_chosen.connect(self._relation_chosen)
            item = QListWidgetItem(self.list)
            item.setData(Qt.ItemDataRole.UserRole, p.highlight.id)
            self.list.setItemWidget(item, row)
        self._fit_rows()
        count = len(self._passages)
        docs = len({p.document.id for p in self._passages})
        self.passages_label.setText(f"Linked passages ({count} from {docs} document{'s' if docs != 1 else ''})"
                                    if count else "Linked passages")
        self.list.setVisible(count > 0)
        self.empty.setVisible(self.note_id != 0 and count == 0)
        ids = [p.highlight.id for p in self._passages]
        self.list.setCurrentRow(ids.index(current) if current in ids else (0 if ids else -1))
        self._update_buttons()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_rows()

    def _fit_rows(self) -> None:
        """Rows wrap: each is as wide as the list and as tall as its wrapped text at that width (a label's
        plain size hint assumes one long line, and the rows would overlap)."""
        width = max(120, self.list.viewport().width() - 4)
        for i in range(self.list.count()):
            item = self.list.item(i)
            widget = self.list.itemWidget(item)
            widget.setFixedWidth(width)
            item.setSizeHint(QSize(width, widget.heightForWidth(width)))

    def _update_buttons(self) -> None:
        row, n = self.list.currentRow(), self.list.count()
        self.up.setEnabled(row > 0)
        self.down.setEnabled(0 <= row < n - 1)
        for b in (self.unlink, self.show_button):
            b.setEnabled(row >= 0)
        self.open_button.setEnabled(n > 0)

    def _on_changed(self, changes: Changes) -> None:
        shown = {p.highlight.id for p in self._passages}
        if self.note_id and (changes is EVERYTHING or self.note_id in changes.notes
                             or shown & changes.highlights):
            self._reload()

    # -- edits -----------------------------------------------------------------------------------
    def selected_highlight(self) -> int:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else 0

    def commit_title(self) -> None:
        if self._loading or not self.note_id:
            return
        title = self.title.text().strip()
        note = self.session.lib.notes.get(self.note_id)
        if not title:
            self.title.setText(note.title)  # a note keeps a title; an emptied field goes back
        elif title != note.title:
            self.session.push(EditNote(self.session, self.note_id, title=title))

    def _body_edited(self) -> None:
        if not self._loading and self.note_id:
            self._body_timer.start()

    def commit_body(self) -> None:
        self._body_timer.stop()
        if self._loading or not self.note_id:
            return
        try:
            note = self.session.lib.notes.get(self.note_id)
        except NotFound:
            return
        if self.body.toPlainText() != note.body:
            self.session.push(EditNote(self.session, self.note_id, body=self.body.toPlainText()))

    def focusOutEvent(self, event) -> None:
        self.commit_body()
        super().focusOutEvent(event)

    def _relation_chosen(self, highlight_id: int, relation: str) -> None:
        if not self._loading:
            self.session.push(SetRelation(self.session, self.note_id, highlight_id, relation))

    def move_selected(self, step: int) -> None:
        ids = [p.highlight.id for p in self._passages]
        row = self.list.currentRow()
        target = row + step
        if not (0 <= row < len(ids) and 0 <= target < len(ids)):
            return
        ids.insert(target, ids.pop(row))
        if self.session.push(ReorderLinks(self.session, self.note_id, ids)):
            self.list.setCurrentRow(target)

    def unlink_selected(self) -> None:
        hid = self.selected_highlight()
        if hid:
            self.session.push(UnlinkPassage(self.session, self.note_id, hid))

    def show_selected(self) -> None:
        hid = self.selected_highlight()
        p = next((p for p in self._passages if p.highlight.id == hid), None)
        if p is not None and not p.highlight.is_orphaned:
            self.jump_requested.emit(p.document.id, p.highlight.start, p.highlight.end)

    def apply_theme(self, dark: bool) -> None:
        """Rows are widgets, so the selected one is marked by a soft tint and an accent edge rather than the
        list's solid selection colour, which would sit under dark text."""
        c = colors(dark)
        self.setStyleSheet(
            f"#passageSource {{ color: {c.muted}; }} #emptyState {{ color: {c.muted}; }} "
            f"#linkedPassages::item:selected {{ background: {c.hover}; border-left: 3px solid {c.accent}; }} "
            f"#linkedPassages::item:hover:!selected {{ background: {c.window}; }}")
