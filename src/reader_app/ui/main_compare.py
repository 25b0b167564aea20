"""The compare-sources tools in the main window: their docks, first-start layout and menu entries.

The notes list and the open note's editor share one dock (list above, editor below), tabbed with the
annotations list and the related passages on the right, so a 1440 × 900 window keeps its reading panes
wide. The evidence matrix needs width more than anything, so it is a bottom dock, hidden until asked for
(it can be floated as a window of its own). Every dock has an object name, so the window's saved state
carries where the user put it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QSplitter, QTabWidget, QWidget

from .widgets.compare_tools import CompareTools

if TYPE_CHECKING:
    from .main_window import MainWindow


def install_compare_tools(window: MainWindow) -> CompareTools:
    """Create the tools on the window's desk and dock them; sets ``window.compare`` and the dock attributes."""
    tools = CompareTools(window.session, window.desk, window)
    window.compare = tools
    notes = QSplitter(Qt.Orientation.Vertical)
    notes.setObjectName("notesSplitter")
    notes.setChildrenCollapsible(False)
    notes.addWidget(tools.notes_panel)
    notes.addWidget(tools.note_view)
    notes.setStretchFactor(0, 2)
    notes.setStretchFactor(1, 3)
    # An editor with no note is a block of disabled fields: the list has the dock until a note is chosen.
    tools.note_view.note_shown.connect(lambda note_id: tools.note_view.setVisible(bool(note_id)))
    tools.note_view.setVisible(bool(tools.note_view.note_id))
    right, bottom = Qt.DockWidgetArea.RightDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea
    window.notes_dock = window._dock("Notes", "notesDock", notes, right)
    window.related_dock = window._dock("Related", "relatedDock", tools.related_panel, right)
    # The matrix is built when its dock first shows (on request, or because the saved layout shows it).
    window.matrix_dock = window._dock("Evidence Matrix", "matrixDock", QWidget(), bottom)
    window.matrix_dock.visibilityChanged.connect(
        lambda shown: shown and not tools.matrix_built and window.matrix_dock.setWidget(tools.matrix_view))
    window.matrix_dock.setFeatures(window.matrix_dock.features() | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
    window.tabifyDockWidget(window.annotations_dock, window.notes_dock)
    window.tabifyDockWidget(window.notes_dock, window.related_dock)
    window.annotations_dock.raise_()
    window.matrix_dock.hide()
    window.setTabPosition(right, QTabWidget.TabPosition.North)  # tabs read as the dock's heading
    # Side docks sized for their content, the rest for the reading panes (the window may restore others).
    window.resizeDocks([window.library_dock, window.annotations_dock], [270, 340], Qt.Orientation.Horizontal)
    window.resizeDocks([window.matrix_dock], [400], Qt.Orientation.Vertical)

    window.notes_dock.toggleViewAction().setText("Notes")
    window.related_dock.toggleViewAction().setText("Related Passages")
    window.matrix_dock.toggleViewAction().setText("Evidence Matrix")
    window.matrix_dock.toggleViewAction().setShortcut(QKeySequence("Ctrl+Shift+M"))
    window.notes_dock.toggleViewAction().setShortcut(QKeySequence("Ctrl+Shift+N"))
    window.related_dock.toggleViewAction().setShortcut(QKeySequence("Ctrl+Shift+R"))

    def show_dock(dock) -> None:
        dock.show()
        dock.raise_()

    # Opening or linking a note is pointless if its editor stays behind another tab.
    tools.note_opened.connect(lambda _id: show_dock(window.notes_dock))
    tools.related_panel.linked.connect(lambda _id: show_dock(window.notes_dock))
    tools.new_note_action.triggered.connect(lambda: show_dock(window.notes_dock))
    tools.link_action.triggered.connect(lambda: show_dock(window.notes_dock))
    # A panel behind another tab is not "hidden" to Qt; the related search waits until its tab is chosen.
    window.related_dock.visibilityChanged.connect(lambda shown: shown and tools.related_panel.wake())
    window.theme.dark_changed.connect(tools.apply_theme)
    tools.apply_theme(window.theme.dark)

    for dock in (window.annotations_dock, window.notes_dock, window.related_dock, window.matrix_dock):
        dock.dockLocationChanged.connect(lambda _area: QTimer.singleShot(0, window, lambda: tab_titles(window)))
        dock.topLevelChanged.connect(lambda _floating: QTimer.singleShot(0, window, lambda: tab_titles(window)))
    tab_titles(window)

    side = tools.side_by_side
    window.note_next_action = _action(window, "Next Documents of the Note", side.next_page, "Alt+PgDown")
    window.note_previous_action = _action(window, "Previous Documents of the Note", side.previous_page, "Alt+PgUp")
    window.note_close_action = _action(window, "Stop Showing the Note's Connectors", side.close)
    return tools


def tab_titles(window: MainWindow) -> None:
    """A dock among tabs is named by its tab: its own title bar would repeat the name right below it, so it
    is hidden there (the tab still drags the dock out; View and the toolbar show and hide it). Alone or
    floating, a dock has its title bar back."""
    for dock in window.findChildren(QDockWidget):
        tabbed = not dock.isFloating() and bool(window.tabifiedDockWidgets(dock))
        if tabbed != isinstance(dock.titleBarWidget(), _NoTitle):
            dock.setTitleBarWidget(_NoTitle() if tabbed else None)


class _NoTitle(QWidget):
    """An empty title bar (a plain QWidget of no height)."""

    def sizeHint(self) -> QSize:
        return QSize(0, 0)


def _action(window: MainWindow, text: str, slot, shortcut: str | None = None) -> QAction:
    action = QAction(text, window)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(lambda _checked=False: slot())
    return action

