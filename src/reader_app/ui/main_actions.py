"""The main window's actions, menus and toolbar: what each command is called, its shortcut, where it sits.
The window's own module keeps the wiring; this one keeps the inventory.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoStack
from PySide6.QtWidgets import QLineEdit, QSizePolicy, QToolBar, QWidget

from . import main_files
from .theme import DARK, LIGHT, SYSTEM

if TYPE_CHECKING:
    from .main_window import MainWindow


def _action(window: MainWindow, text: str, slot, shortcut=None, *, checkable: bool = False) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
    action.setCheckable(checkable)
    action.triggered.connect(slot)
    return action


class _ShortTwin(QAction):
    """A toolbar copy of Undo or Redo with a short label; the step it would undo is in its tooltip.
    Connected to the stack through its own methods, so it disconnects itself when deleted."""

    def __init__(self, window: MainWindow, stack: QUndoStack, undo: bool):
        self._label = "Undo" if undo else "Redo"
        super().__init__(self._label, window)
        self.triggered.connect(stack.undo if undo else stack.redo)
        (stack.canUndoChanged if undo else stack.canRedoChanged).connect(self.setEnabled)
        (stack.undoTextChanged if undo else stack.redoTextChanged).connect(self._describe)
        self.setEnabled(stack.canUndo() if undo else stack.canRedo())
        self._describe(stack.undoText() if undo else stack.redoText())

    def _describe(self, text: str) -> None:
        self.setToolTip(f"{self._label} {text}".strip())


def build_actions(window: MainWindow) -> None:
    """The window's actions, as attributes of the window (its menus, toolbar and tests use them)."""
    stack = window.session.undo_stack
    window.undo_action = stack.createUndoAction(window, "Undo")
    window.undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
    window.redo_action = stack.createRedoAction(window, "Redo")
    window.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    # The toolbar keeps short labels; the step being undone is in the tooltip and the Edit menu.
    window.toolbar_undo = _ShortTwin(window, stack, undo=True)
    window.toolbar_redo = _ShortTwin(window, stack, undo=False)
    window.import_files_action = _action(window, "Import Files…", window.choose_import_files, "Ctrl+O")
    window.import_folder_action = _action(window, "Import Folder…", window.choose_import_folder, "Ctrl+Shift+O")
    window.import_annotations_action = _action(window, "Import Annotations…",
                                               lambda: main_files.import_annotations(window))
    window.export_action = _action(window, "Export…", lambda: main_files.open_export(window), "Ctrl+E")
    window.backup_action = _action(window, "Back Up Now", lambda: main_files.back_up_now(window))
    window.restore_action = _action(window, "Restore from Backup…", lambda: main_files.open_backups(window))
    window.close_pane_action = _action(window, "Close Pane", window.close_current_pane, "Ctrl+W")
    window.quit_action = _action(window, "Quit", window.close, "Ctrl+Q")
    window.search_action = _action(window, "Search Library…", lambda: window.open_search(), "Ctrl+K")
    window.tags_action = _action(window, "Tags…", window.open_tag_manager, "Ctrl+Shift+T")
    window.colors_action = _action(window, "Highlight Colours…", window.open_color_labels)
    window.sync_action = _action(window, "Synchronised Scrolling", window.toggle_sync, checkable=True)
    window.move_left_action = _action(window, "Move Pane Left", lambda: window.move_pane(-1), "Ctrl+Shift+Left")
    window.move_right_action = _action(window, "Move Pane Right", lambda: window.move_pane(1), "Ctrl+Shift+Right")
    window.about_action = _action(window, "About Reader", window.show_about)
    window.theme_actions: dict[str, QAction] = {}
    group = QActionGroup(window)
    for mode, label in ((SYSTEM, "Follow System"), (LIGHT, "Light"), (DARK, "Dark")):
        action = _action(window, label, lambda _checked=False, m=mode: window.set_theme(m), checkable=True)
        action.setChecked(mode == window.theme.mode)
        group.addAction(action)
        window.theme_actions[mode] = action


def build_menus_and_toolbar(window: MainWindow) -> None:
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addActions([window.import_files_action, window.import_folder_action,
                          window.import_annotations_action])
    file_menu.addSeparator()
    file_menu.addAction(window.export_action)
    file_menu.addSeparator()
    file_menu.addActions([window.backup_action, window.restore_action])
    file_menu.addSeparator()
    file_menu.addAction(window.close_pane_action)
    file_menu.addSeparator()
    file_menu.addAction(window.quit_action)
    edit_menu = bar.addMenu("&Edit")
    edit_menu.addActions([window.undo_action, window.redo_action])
    edit_menu.addSeparator()
    edit_menu.addAction(window.search_action)
    edit_menu.addSeparator()
    edit_menu.addActions([window.tags_action, window.colors_action])
    view_menu = bar.addMenu("&View")
    view_menu.addActions([dock.toggleViewAction() for dock in (window.library_dock, window.annotations_dock,
                                                                window.notes_dock, window.related_dock,
                                                                window.matrix_dock)])
    view_menu.addSeparator()
    view_menu.addActions([window.sync_action, window.move_left_action, window.move_right_action])
    view_menu.addSeparator()
    theme_menu = view_menu.addMenu("Theme")
    theme_menu.addActions(list(window.theme_actions.values()))
    notes_menu = bar.addMenu("&Notes")
    notes_menu.addActions([window.compare.new_note_action, window.compare.link_action])
    notes_menu.addSeparator()
    notes_menu.addActions([window.note_previous_action, window.note_next_action, window.note_close_action])
    bar.addMenu("&Help").addAction(window.about_action)

    toolbar = QToolBar("Main", window)
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    toolbar.addActions([window.library_dock.toggleViewAction(), window.import_files_action])
    toolbar.addSeparator()
    toolbar.addActions([window.toolbar_undo, window.toolbar_redo])
    toolbar.addSeparator()
    toolbar.addAction(window.sync_action)
    spacer = QWidget(toolbar)
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    toolbar.addWidget(spacer)
    window.search_box = QLineEdit(toolbar)
    window.search_box.setObjectName("toolbarSearch")
    window.search_box.setPlaceholderText("Search library  (Ctrl+K)")
    window.search_box.setClearButtonEnabled(True)
    window.search_box.setFixedWidth(280)
    window.search_box.returnPressed.connect(lambda: window.open_search(window.search_box.text()))
    toolbar.addWidget(window.search_box)
    toolbar.addAction(window.annotations_dock.toggleViewAction())
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
    window.toolbar = toolbar

