"""What a reader pane's keys, floating toolbar and editors do: make, recolour, tag, annotate and remove
highlights, always through undoable commands.

Keys with a text selection: 1–5 highlight in that colour, T tags and N annotates a new highlight. With a
selected highlight: 1–5 recolour, T, N, Del removes. Ctrl+F finds, Ctrl +/−/0 zoom, Esc steps back.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QMenu

from ...core.model import HIGHLIGHT_COLORS
from .. import commands
from ..dialogs.color_labels import color_follows_first_tag, color_for_tags, push_tags
from .highlight_toolbar import swatch_icon
from .note_editor import NoteEditor
from .tag_editor import TagEditor

if TYPE_CHECKING:
    from .reader_pane import ReaderPane

_COLOR_KEYS = {getattr(Qt.Key, f"Key_{i}"): color for i, color in enumerate(HIGHLIGHT_COLORS, start=1)}
DEFAULT_COLOR = HIGHLIGHT_COLORS[0]


class HighlightActions:
    def __init__(self, pane: ReaderPane):
        self.pane = pane
        self.editor = None  # the open tag or note editor

    @property
    def session(self):
        return self.pane.session

    # -- making and changing highlights ----------------------------------------------------------
    def apply_color(self, color: str) -> bool:
        start, end = self.pane.trimmed_selection()
        if start < end:
            return self.create(start, end, color=color)
        h = self.pane.index.get(self.pane.selected_highlight())
        if h is not None and h.color != color:
            self.session.push(commands.SetHighlightColor(self.session, h.id, color))
        return h is not None

    def create(self, start: int, end: int, color: str = DEFAULT_COLOR, tags=(), note: str = "") -> bool:
        """Highlight [start, end); the new highlight becomes the selected one (so T and N act on it)."""
        pane = self.pane
        command = commands.AddHighlight(self.session, pane.doc_id, start, end, color, tags=tags, note=note)
        if not self.session.push(command):
            return False
        cursor = pane.view.textCursor()
        cursor.setPosition(pane.mapping.to_utf16(end))
        pane.view.setTextCursor(cursor)
        pane.select_highlight(command.highlight_id)
        return True

    def _target(self):
        """What T and N act on: the selected highlight, else the text selection (a highlight to be)."""
        h = self.pane.index.get(self.pane.selected_highlight())
        if h is not None:
            return h, (h.start, h.end)
        start, end = self.pane.trimmed_selection()
        return None, ((start, end) if start < end else None)

    def edit_tags(self) -> bool:
        h, span = self._target()
        if span is None:
            return False
        names = [t.name for t in self.session.lib.tags.list()]
        editor = TagEditor(h.tags if h else (), names, self.pane.text[span[0]:span[1]], self.pane)

        def done() -> None:
            chosen = editor.tags()
            if h is not None:
                if tuple(chosen) != h.tags:
                    push_tags(self.session, h.id, chosen)  # recolours too when colour follows the first tag
            elif chosen:
                self.create_tagged(*span, chosen)
        return self._open(editor, done)

    def create_tagged(self, start: int, end: int, tags: list[str]) -> bool:
        """A new highlight with ``tags``, coloured after its first tag when the library asks for that, in
        one undo step. The colour is read after the highlight exists: a tag it creates has a colour only then."""
        if not color_follows_first_tag(self.session.lib):
            return self.create(start, end, tags=tags)
        stack = self.session.undo_stack
        stack.beginMacro("Highlight")
        try:
            if not self.create(start, end, tags=tags):
                return False
            hid, color = self.pane.selected_highlight(), color_for_tags(self.session.lib, tags)
            if color and color != self.session.lib.highlights.get(hid).color:
                self.session.push(commands.SetHighlightColor(self.session, hid, color))
            return True
        finally:
            stack.endMacro()

    def edit_note(self) -> bool:
        h, span = self._target()
        if span is None:
            return False
        quote = self.pane.text[span[0]:span[1]]
        editor = NoteEditor(h.note if h else "", quote, self.pane.is_dark(), self.pane)

        def done() -> None:
            note = editor.note()
            if h is not None:
                if note != h.note:
                    self.session.push(commands.SetHighlightNote(self.session, h.id, note))
            elif note.strip():
                self.create(*span, note=note)
        return self._open(editor, done)

    def _open(self, editor, on_accept) -> bool:
        if self.editor is not None:
            self.editor.reject()
        self.editor = editor
        editor.accepted.connect(on_accept)
        editor.finished.connect(lambda _result=0: self._closed(editor))
        editor.open()
        return True

    def _closed(self, editor) -> None:
        if self.editor is editor:
            self.editor = None
        editor.deleteLater()
        self.pane.view.setFocus()

    def delete_selected(self) -> bool:
        hid = self.pane.selected_highlight()
        if not hid:
            return False
        self.pane.select_highlight(0)
        self.session.push(commands.DeleteHighlight(self.session, hid))
        return True

    def extend_menu(self, menu: QMenu, offset: int) -> None:
        """The right-click menu: the same actions as the keys, for the selection or the highlight under
        the pointer (which becomes the selected one)."""
        pane = self.pane
        start, end = pane.trimmed_selection()
        if start == end:
            under = pane.index.at(offset)
            if under:
                pane.select_highlight(under[0].id)
        h = pane.index.get(pane.selected_highlight())
        if start == end and h is None:
            return
        menu.addSeparator()
        labels = self.session.lib.settings.color_labels()
        for i, color in enumerate(HIGHLIGHT_COLORS, start=1):
            verb = "Highlight" if start < end else "Colour"
            action = menu.addAction(swatch_icon(color), f"{verb} {labels.get(color, color)}\t{i}")
            action.triggered.connect(lambda _=False, c=color: self.apply_color(c))
        menu.addAction("Tags…\tT").triggered.connect(self.edit_tags)
        menu.addAction("Note…\tN").triggered.connect(self.edit_note)
        if not pane.toolbar.link_button.isHidden():  # the compare tools take links (HighlightToolbar.enable_link)
            menu.addAction("Link to Note…\tCtrl+Shift+L").triggered.connect(pane.toolbar.link_requested)
        if h is not None and start == end:
            menu.addAction("Remove Highlight\tDel").triggered.connect(self.delete_selected)

    # -- the floating toolbar and tooltips --------------------------------------------------------
    def place_toolbar(self) -> None:
        """Beside the selected highlight or the text selection, while it is on screen."""
        pane, view, toolbar = self.pane, self.pane.view, self.pane.toolbar
        h = pane.index.get(pane.selected_highlight())
        start, end = pane.selection()
        if h is None and start == end:
            toolbar.hide()
            return
        span = (h.start, h.end) if h is not None else (start, end)
        first, last = (self._line_rect(offset) for offset in span)
        if first is None and last is None:
            toolbar.hide()
            return
        # The side margins beside the text are free to cover; the scroll bar is not.
        bar = view.verticalScrollBar()
        width = view.width() - (bar.width() if bar.isVisible() else 0)
        bounds = QRect(view.mapTo(pane, view.rect().topLeft()), QSize(width, view.height()))
        toolbar.set_labels(self.session.lib.settings.color_labels())
        toolbar.set_mode(h.color if h is not None else None)
        toolbar.place(first, last, bounds)

    def _line_rect(self, offset: int) -> QRect | None:
        """The text line at ``offset`` as a rectangle in the pane, None when it is not on screen."""
        view = self.pane.view
        cursor = QTextCursor(view.document())
        cursor.setPosition(self.pane.mapping.to_utf16(offset))
        rect = view.cursorRect(cursor)
        if not view.viewport().rect().intersects(rect):
            return None
        return QRect(view.viewport().mapTo(self.pane, rect.topLeft()), rect.size())

    def tooltip(self, offset: int) -> str:
        """What hovering says: where a footnote link goes, or a highlight's colour label, tags and note."""
        link = self.pane.link_at(offset)
        if link is not None:
            return f"Footnote {link[3]}" if link[2] == "ref" else "Back to the text"
        hits = self.pane.index.at(offset)
        if not hits:
            return ""
        h = hits[0]
        label = self.session.lib.settings.color_labels().get(h.color, h.color)
        lines = [label + (" — " + ", ".join(h.tags) if h.tags else "")]
        if h.note.strip():
            note = h.note.strip().splitlines()[0]
            lines.append(note if len(note) <= 80 else note[:79] + "…")
        return "\n".join(lines)

    # -- keys ------------------------------------------------------------------------------------
    def handle_key(self, event: QKeyEvent) -> bool:
        """True when the key meant something here; otherwise the view handles it (arrows, copy…)."""
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods & Qt.KeyboardModifier.ControlModifier:
            return self._control_key(key)
        if key == Qt.Key.Key_Escape:
            return self._escape()
        if key == Qt.Key.Key_F3:
            self.pane.find_step(-1 if mods & Qt.KeyboardModifier.ShiftModifier else 1)
            return True
        if mods not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            return False
        if key in _COLOR_KEYS and not mods:
            return self.apply_color(_COLOR_KEYS[key])
        if key == Qt.Key.Key_T:
            return self.edit_tags()
        if key == Qt.Key.Key_N:
            return self.edit_note()
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            return self.delete_selected()
        return False

    def _control_key(self, key) -> bool:
        pane = self.pane
        key_ = Qt.Key
        actions = {key_.Key_F: pane.show_find, key_.Key_Plus: pane.zoom_in, key_.Key_Equal: pane.zoom_in,
                   key_.Key_Minus: pane.zoom_out, key_.Key_0: pane.zoom_reset}
        action = actions.get(key)
        if action is not None:
            action()
        return action is not None

    def _escape(self) -> bool:
        pane = self.pane
        if pane.find_bar.isVisible():
            pane.find_bar.close_bar()
        elif pane.selected_highlight():
            pane.select_highlight(0)
        elif pane.view.textCursor().hasSelection():
            cursor: QTextCursor = pane.view.textCursor()
            cursor.clearSelection()
            pane.view.setTextCursor(cursor)
        else:
            return False
        return True
