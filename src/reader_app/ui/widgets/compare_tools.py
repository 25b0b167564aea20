"""The compare-sources tools wired to a desk: one object the main window creates and docks.

    tools = CompareTools(session, desk, parent=window)
    # dock tools.notes_panel, tools.note_view, tools.related_panel, tools.matrix_view;
    # add tools.link_action / tools.new_note_action / tools.matrix_action to menus

Wiring only; each widget does its own work. Selections and selected highlights of the desk feed the
related panel; its results open beside the current pane; notes open side by side (from the list, the
editor, a margin marker); matrix quotes jump to their passage and matrix rows open a tag's passages side
by side. Every pane the desk opens gets margin markers.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QWidget

from ..commands_notes import CreateNote, LinkSelectionToNote
from ..session import Session
from .note_layout import SideBySide
from .note_markers import NoteMarkers
from .note_view import NoteView
from .notes_panel import NotesPanel
from .related_panel import RelatedPanel, open_beside

if TYPE_CHECKING:
    from .matrix_view import MatrixView


class CompareTools(QObject):
    note_opened = Signal(int)  # a note was laid out side by side (the window may raise the notes dock)

    def __init__(self, session: Session, desk, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.desk = session, desk
        # No parent: the window puts each widget in a dock (or a dialog), which becomes its parent; a child
        # of the window that is not docked yet would show up in its top-left corner.
        self.notes_panel = NotesPanel(session)
        self.note_view = NoteView(session)
        self.related_panel = RelatedPanel(session)
        self._matrix_view: MatrixView | None = None  # built when first shown (see matrix_view)
        self._dark = False
        self.side_by_side = SideBySide(desk, session)
        self.markers: dict[int, NoteMarkers] = {}  # id(pane) -> its markers

        self.link_action = QAction("Link Selection to Note…", self)
        self.link_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.link_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.link_action.triggered.connect(self.link_selection)
        self.new_note_action = QAction("New Note", self)
        self.new_note_action.triggered.connect(lambda _checked=False: self.new_note())  # not the bool as title

        desk.selection_changed.connect(self.related_panel.set_selection)
        desk.highlight_selected.connect(self.related_panel.set_highlight)
        self.related_panel.open_requested.connect(lambda d, s, e: open_beside(self.desk, d, s, e))
        self.related_panel.linked.connect(self.show_note)
        self.notes_panel.note_selected.connect(self.note_view.set_note)
        self.notes_panel.note_open_requested.connect(self.open_note)
        self.notes_panel.new_note_requested.connect(self.new_note)
        self.note_view.open_side_by_side.connect(self.open_note)
        self.note_view.jump_requested.connect(lambda d, s, e: self.desk.jump_to(d, s, e))
        desk.splitter.installEventFilter(self)
        self._attach_markers()

    @property
    def matrix_view(self) -> MatrixView:
        """The evidence matrix, built on first use: it reads every tagged highlight, and it usually sits in
        a hidden dock, so start-up does not pay for it."""
        if self._matrix_view is None:
            from .matrix_view import MatrixView

            view = MatrixView(self.session)
            view.apply_theme(self._dark)
            view.jump_requested.connect(lambda d, s, e: self.desk.jump_to(d, s, e))
            view.row_open_requested.connect(self.side_by_side.open_tag)
            self._matrix_view = view
        return self._matrix_view

    @property
    def matrix_built(self) -> bool:
        return self._matrix_view is not None

    # -- panes get markers -----------------------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:
        if watched is self.desk.splitter and event.type() == QEvent.Type.ChildAdded:
            self._attach_markers()
        return False

    def _attach_markers(self) -> None:
        live = {id(p) for p in self.desk.panes()}
        self.markers = {k: m for k, m in self.markers.items() if k in live}
        for pane in self.desk.panes():
            known = self.markers.get(id(pane))
            if known is None or known.pane is not pane:
                markers = NoteMarkers.attach(pane)
                markers.note_open_requested.connect(self.open_note)
                self.markers[id(pane)] = markers
                pane.toolbar.enable_link(True)
                pane.toolbar.link_requested.connect(lambda p=pane: self._link_from(p))

    # -- actions ---------------------------------------------------------------------------------
    def show_note(self, note_id: int) -> None:
        """Select the note in the list and the editor."""
        self.notes_panel.select_note(note_id)
        self.note_view.set_note(note_id)

    def open_note(self, note_id: int) -> None:
        self.show_note(note_id)
        self.side_by_side.open_note(note_id)
        self._attach_markers()
        self.note_opened.emit(note_id)

    def new_note(self, title: str = "Untitled note") -> int:
        command = CreateNote(self.session, title)
        if not self.session.push(command):
            return 0
        self.show_note(command.note_id)
        self.note_view.title.setFocus()
        self.note_view.title.selectAll()
        return command.note_id

    def _link_from(self, pane) -> None:
        """The floating toolbar's "Link…": the pane it sits on is the one to link from."""
        self.desk.set_current(pane)
        self.link_selection()

    def link_selection(self, _checked: bool = False, *, note_id: int | None = None, title: str | None = None) -> int:
        """Highlight the current pane's selection (or take its selected highlight) and link it to
        ``note_id``, or to the note shown in the editor, or to a new note (asking for its title when none
        is given). Returns the note id."""
        pane = self.desk.current_pane()
        if pane is None or pane.doc_id is None:
            return 0
        start, end = pane.trimmed_selection()
        selected = pane.index.get(pane.selected_highlight())
        if start >= end and selected is not None:
            # The command reuses a highlight over exactly this span, so the link goes to the selected one.
            start, end = selected.start, selected.end
        if start >= end:
            self.session.error.emit("Select the passage to link first.")
            return 0
        if note_id is None:
            note_id = self.note_view.note_id or None
        if note_id is None and title is None:
            title, ok = QInputDialog.getText(self.desk, "Link selection to a new note", "Title of the note:")
            if not ok or not title.strip():
                return 0
        command = LinkSelectionToNote(self.session, pane.doc_id, start, end, note_id=note_id, title=title or "")
        if not self.session.push(command):
            return 0
        self.show_note(command.note_id)
        return command.note_id

    def apply_theme(self, dark: bool) -> None:
        self._dark = dark
        for widget in (self.note_view, self.related_panel, self._matrix_view):
            if widget is not None:
                widget.apply_theme(dark)
        self.side_by_side.banner.apply_theme(dark)
