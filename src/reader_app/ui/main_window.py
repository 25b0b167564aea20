"""The main window: library and annotations docks around the desk, menus, toolbar, status bar. Wiring only:
each part does its own work; this module connects their signals and remembers the layout.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRect, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStyle,
    QWidget,
)

from .. import __version__
from ..core.changes import Changes
from ..core.errors import ReaderError
from ..core.model import SearchHit
from .dialogs.error_reporter import ErrorReporter
from .main_actions import build_actions, build_menus_and_toolbar
from .main_compare import install_compare_tools, tab_titles
from .session import EVERYTHING, Session
from .state import UiState
from .theme import SYSTEM, ThemeManager
from .widgets.annotations_sidebar import AnnotationsSidebar
from .widgets.desk import Desk
from .widgets.library_sidebar import LibrarySidebar

if TYPE_CHECKING:  # the dialogs are imported when first opened: start-up pays only for what it shows
    from .dialogs.color_labels import ColorLabelsDialog
    from .dialogs.import_dialog import ImportRunner
    from .dialogs.search_dialog import SearchDialog
    from .dialogs.tag_manager import TagManager

POLL_MS = 3000  # how often another instance's writes are looked for while the window is idle
FIRST_START_PANES = 2
FIRST_START_SIZE = QSize(1440, 900)
FIRST_START_SHARE = 0.92  # of the screen's free area: a first window never hides behind a dock or off-screen


def first_start_geometry(available: QRect) -> QRect:
    """The first window: the preferred size, shrunk to fit ``available`` (a screen less its panels), centred."""
    size = QSize(min(FIRST_START_SIZE.width(), int(available.width() * FIRST_START_SHARE)),
                 min(FIRST_START_SIZE.height(), int(available.height() * FIRST_START_SHARE)))
    return QStyle.alignedRect(Qt.LayoutDirection.LeftToRight, Qt.AlignmentFlag.AlignCenter, size, available)


def _local_paths(mime) -> list[Path]:
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()] if mime.hasUrls() else []


class MainWindow(QMainWindow):
    def __init__(self, session: Session, settings: QSettings | None = None, theme: ThemeManager | None = None,
                 reporter: ErrorReporter | None = None):
        super().__init__()
        self.session = session
        self.ui_state = UiState(settings) if settings is not None else None  # None: remember nothing
        self.theme = theme or ThemeManager(QApplication.instance(),
                                           self.ui_state.theme_mode() if self.ui_state else SYSTEM, self)
        self.reporter = reporter or ErrorReporter(self)
        self.reporter.window = self
        if reporter is None:
            session.error.connect(self.reporter.show_message)
        self.setWindowTitle("Reader")
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks)

        self.desk = Desk(session, self)
        self.setCentralWidget(self.desk)
        self.library = LibrarySidebar(session.lib, self)
        self.annotations = AnnotationsSidebar(session.lib, self)
        self.library_dock = self._dock("Library", "libraryDock", self.library, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.annotations_dock = self._dock("Annotations", "annotationsDock", self.annotations,
                                           Qt.DockWidgetArea.RightDockWidgetArea)
        install_compare_tools(self)
        self._importer: ImportRunner | None = None
        self.search_dialog: SearchDialog | None = None
        self._watched_panes: list = []
        self._build_status_bar()
        build_actions(self)
        build_menus_and_toolbar(self)
        self._connect()
        self._restore()
        tab_titles(self)  # the restored layout may have tabbed or untabbed docks
        self._set_dark(self.theme.dark)

        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(POLL_MS)
        self.poll_timer.timeout.connect(self.poll_external_changes)
        self.poll_timer.start()

    # -- construction ------------------------------------------------------------------------------------
    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)  # saveState() identifies docks by object name
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(area, dock)
        return dock

    def _build_status_bar(self) -> None:
        self.documents_label, self.highlights_label, self.current_label = QLabel(), QLabel(), QLabel()
        self.statusBar().addWidget(self.current_label, 1)
        self.statusBar().addPermanentWidget(self.documents_label)
        self.statusBar().addPermanentWidget(self.highlights_label)
        if self.session.lib.readonly:  # opened read-only from the library-problem dialog: edits will be refused
            self.readonly_label = QLabel("Read-only")
            self.readonly_label.setToolTip(f"{self.session.lib.path} is open read-only; changes cannot be saved.")
            self.statusBar().addPermanentWidget(self.readonly_label)

    def _connect(self) -> None:
        self.session.changed.connect(self._changed)
        self.library.open_requested.connect(self.open_document)
        self.annotations.jump_requested.connect(self.jump_to_highlight)
        self.annotations.delete_requested.connect(self.delete_highlight)
        self.desk.current_changed.connect(self._current_changed)
        self.desk.highlight_selected.connect(self.annotations.select_highlight)
        self.theme.about_to_change.connect(lambda _dark: self.desk.hold_positions())
        self.theme.dark_changed.connect(self._set_dark)
        self.annotations.all_documents.toggled.connect(self._all_documents_toggled)

    # -- state ---------------------------------------------------------------------------------------
    def _restore(self) -> None:
        state = self.ui_state.desk_state() if self.ui_state else None
        restored = False
        if state is not None:
            self.ui_state.restore_window(self)
            try:
                self.desk.restore_state(state)
                restored = bool(self.desk.panes())
            except (ReaderError, ValueError, TypeError, AttributeError) as exc:
                # A hand-edited or damaged settings file costs the layout, never the start-up.
                for i in reversed(range(len(self.desk.panes()))):
                    self.desk.close_pane(i)
                self.statusBar().showMessage(f"The last layout could not be restored ({exc}); "
                                             "starting with a fresh one.", 8000)
            self.annotations.all_documents.setChecked(self.ui_state.all_documents())
        else:
            screen = self.screen() or QApplication.primaryScreen()
            if screen is not None:
                self.setGeometry(first_start_geometry(screen.availableGeometry()))
            else:
                self.resize(FIRST_START_SIZE)
        if not restored:
            for doc in self.session.lib.documents.list()[:FIRST_START_PANES]:
                self.desk.open_document(doc.id, new_pane=True)
        self.sync_action.setChecked(bool(self.desk.sync_scroll))
        pane = self.desk.current_pane()
        if pane is not None:  # reading keys (1–5, T, N) work at once, without a click into the text first
            pane.view.setFocus()
        self._refresh_open_documents()
        self._update_status()

    def save_state(self) -> None:
        if self.ui_state is not None:
            self.ui_state.save_window(self, self.desk.state())
            self.ui_state.set_theme_mode(self.theme.mode)
            self.ui_state.set_all_documents(self.annotations.all_documents.isChecked())
            self.ui_state.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.poll_timer.stop()
        self.save_state()
        for dialog in (self.search_dialog, self._importer and self._importer.report_dialog):
            if dialog is not None:
                dialog.close()
        super().closeEvent(event)

    # -- reacting to the library and the desk ---------------------------------------------------------
    def _changed(self, changes: Changes) -> None:
        self.library.on_changed(changes)
        self.annotations.on_changed(changes)
        self._refresh_open_documents()
        # A highlight edit changes counts, not titles: the current document's title is re-read only when
        # documents themselves may have changed.
        self._update_status(title=changes is EVERYTHING or not changes.highlights)

    def poll_external_changes(self) -> bool:
        return self.session.poll_external_changes()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowActivate:
            # Coming back from another Reader window: show what it wrote before the user acts on stale rows.
            self.session.poll_external_changes()
        return super().event(event)

    def open_doc_ids(self) -> list[int]:
        return [pane.doc_id for pane in self.desk.panes() if getattr(pane, "doc_id", None) is not None]

    def _refresh_open_documents(self) -> None:
        for pane in self.desk.panes():
            if pane not in self._watched_panes:
                # A pane closed by its own button: the desk removes it first (it connected first), then
                # the annotations list and status bar catch up once control is back in the event loop.
                pane.close_requested.connect(lambda: QTimer.singleShot(0, self, self._panes_changed))
                self._watched_panes.append(pane)
        self._watched_panes = [p for p in self._watched_panes if p in self.desk.panes()]
        self.annotations.set_open_documents(self.open_doc_ids())

    def _panes_changed(self) -> None:
        self._refresh_open_documents()
        self._update_status()

    def _current_changed(self, doc_id: int) -> None:
        self._refresh_open_documents()
        if doc_id:  # 0: no pane left
            self.library.select_document(doc_id)
        self._update_status()

    def _update_status(self, title: bool = True) -> None:
        lib = self.session.lib
        docs, highlights = lib.documents.count(), lib.highlights.count()
        self.documents_label.setText(f"{docs} document{'s' if docs != 1 else ''}")
        self.highlights_label.setText(f"{highlights} highlight{'s' if highlights != 1 else ''}")
        if title:
            pane = self.desk.current_pane()
            document = pane.document if pane is not None else None
            name = (document.title or document.key) if document is not None else ""
            self.current_label.setText(name)
            self.setWindowTitle(f"{name} — Reader" if name else "Reader")

    def _set_dark(self, dark: bool) -> None:
        if hasattr(self.desk, "set_dark"):
            self.desk.set_dark(dark)
        self.annotations.view.viewport().update()
        self.library.view.viewport().update()

    # -- commands ------------------------------------------------------------------------------------
    def open_document(self, doc_id: int, new_pane: bool = True) -> None:
        self.desk.open_document(doc_id, new_pane=new_pane)
        self._refresh_open_documents()
        self._update_status()

    def jump_to_highlight(self, doc_id: int, start: int, end: int, highlight_id: int) -> None:
        try:
            highlight = self.session.lib.highlights.get(highlight_id)
        except ReaderError as exc:
            self.reporter.show_message(str(exc))
            return
        if highlight.is_orphaned:
            self.open_document_once(doc_id)
            self.statusBar().showMessage("This highlight's passage is no longer in the document's text; "
                                         "its quote is kept in the annotations list.", 8000)
            return
        pane = self.desk.jump_to(doc_id, start, end)
        pane.select_highlight(highlight_id)

    def delete_highlight(self, highlight_id: int) -> None:
        from .commands import DeleteHighlight

        self.session.push(DeleteHighlight(self.session, highlight_id))

    def open_document_once(self, doc_id: int) -> None:
        if doc_id not in self.open_doc_ids():
            self.open_document(doc_id, True)

    def open_search(self, text: str = "") -> SearchDialog:
        from .dialogs.search_dialog import SearchDialog

        if self.search_dialog is None:
            self.search_dialog = SearchDialog(self.session.lib, self)
            self.search_dialog.open_hit.connect(self.open_hit)
        self.search_dialog.start(text)
        return self.search_dialog

    def open_hit(self, hit: SearchHit) -> None:
        if hit.document_id is None:
            self.statusBar().showMessage(f"“{hit.title}” is a note; notes open in the notes view.", 6000)
            return
        self.desk.jump_to(hit.document_id, hit.start, hit.end)
        if hit.highlight_id is not None:
            self.annotations.select_highlight(hit.highlight_id)
        self._refresh_open_documents()
        self._update_status()

    def close_current_pane(self) -> None:
        pane = self.desk.current_pane()
        if pane is not None:
            self.desk.close_pane(self.desk.panes().index(pane))
            self._refresh_open_documents()
            self._update_status()

    def move_pane(self, delta: int) -> None:
        pane = self.desk.current_pane()
        if pane is not None:
            self.desk.move_pane(self.desk.panes().index(pane), delta)

    def toggle_sync(self, on: bool) -> None:
        self.desk.sync_scroll = on

    def set_theme(self, mode: str) -> None:
        self.theme.set_mode(mode)
        self.theme_actions[mode].setChecked(True)
        if self.ui_state is not None:
            self.ui_state.set_theme_mode(mode)

    def _all_documents_toggled(self, on: bool) -> None:
        if self.ui_state is not None:
            self.ui_state.set_all_documents(on)

    def open_tag_manager(self) -> TagManager:
        from .dialogs.tag_manager import TagManager

        dialog = TagManager(self.session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def open_color_labels(self) -> ColorLabelsDialog:
        from .dialogs.color_labels import ColorLabelsDialog

        dialog = ColorLabelsDialog(self.session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.labels_changed.connect(self.annotations.reload_choices)
        dialog.show()
        return dialog

    def show_about(self) -> None:
        QMessageBox.about(self, "About Reader",
                          f"<b>Reader</b> {__version__}<br>Read sources side by side; highlight, tag and annotate "
                          f"them.<br><br>Library: {self.session.lib.path}")

    # -- import ---------------------------------------------------------------------------------------
    @property
    def importer(self) -> ImportRunner:
        if self._importer is None:
            from .dialogs.import_dialog import ImportRunner

            self._importer = ImportRunner(self.session, self)
        return self._importer

    def choose_import_files(self) -> None:
        self.import_paths(self.importer.choose_files())

    def choose_import_folder(self) -> None:
        self.import_paths(self.importer.choose_folder())

    def import_paths(self, paths) -> None:
        added = self.importer.run_and_report(list(paths), lambda text: self.statusBar().showMessage(text, 8000))
        if len(added) == 1:  # one new document: the user surely wants to read it
            self.open_document(added[0].id, True)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _local_paths(event.mimeData()) and not (self._importer and self._importer.busy):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = _local_paths(event.mimeData())
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        # Import after the drop returns, so the dragging application is not kept waiting.
        QTimer.singleShot(0, lambda: self.import_paths(paths))
