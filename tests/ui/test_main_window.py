"""The main window as a user meets it: first start, library, search, annotations, undo, restart, two instances."""
from __future__ import annotations

from PySide6.QtCore import Qt

from reader_app.core.store import Library
from reader_app.ui.commands import AddHighlight
from reader_app.ui.main_window import MainWindow
from reader_app.ui.session import Session
from reader_app.ui.state import open_settings


def _doc_ids(window) -> list[int]:
    return [p.doc_id for p in window.desk.panes()]


def _highlight(session, doc_id, quote, **kw):
    start, end = session.lib.highlights.find_quote(doc_id, quote)
    command = AddHighlight(session, doc_id, start, end, **kw)
    assert session.push(command)
    return session.lib.highlights.get(command.highlight_id)


def test_first_start_shows_two_articles_side_by_side(make_window, seeded):
    """A new user sees the library, two of the five articles in two panes, and counts in the status bar."""
    window = make_window()
    docs = seeded.documents.list()
    assert _doc_ids(window) == [docs[0].id, docs[1].id]
    assert window.library.proxy.rowCount() == 5
    assert window.documents_label.text() == "5 documents"
    assert window.highlights_label.text() == "0 highlights"
    assert window.current_label.text() == docs[1].title
    first, second = window.desk.panes()
    assert first.isVisible() and second.isVisible()
    assert first.geometry().right() < second.geometry().left() + 10  # side by side, not stacked
    assert window.annotations.empty.isVisible() and "No highlights yet" in window.annotations.empty.text()
    assert window.focusWidget() is window.desk.current_pane().view


def test_library_filter_and_open(make_window, seeded, qtbot):
    """Filter to one publisher, press Enter twice: the document opens in a third pane and becomes current."""
    window = make_window()
    qtbot.keyClicks(window.library.filter_edit, "CAPS")
    assert window.library.proxy.rowCount() == 1
    qtbot.keyClick(window.library.filter_edit, Qt.Key.Key_Return)
    qtbot.keyClick(window.library.view, Qt.Key.Key_Return)
    caps = next(d for d in seeded.documents.list() if d.publisher.startswith("Centre for Air Power"))
    assert _doc_ids(window)[-1] == caps.id and len(window.desk.panes()) == 3
    assert window.desk.current_pane().doc_id == caps.id
    window.library.context_menu(window.library.proxy.index(0, 0))  # builds without a popup
    window.open_document(seeded.documents.list()[3].id, new_pane=False)  # "Replace Current Pane"
    assert len(window.desk.panes()) == 3 and _doc_ids(window)[-1] == seeded.documents.list()[3].id


def test_search_swift_enter_opens_document_with_hit_marked(make_window, seeded, qtbot):
    """Ctrl+K, type SWIFT, Enter: the hit's document is current and the passage is marked in its pane."""
    window = make_window()
    window.search_action.trigger()
    dialog = window.search_dialog
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.query, "SWIFT")
    hit = dialog.current_hit()
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    pane = window.desk.current_pane()
    assert pane.doc_id == hit.document_id
    assert pane.marks.jump == (hit.start, hit.end)
    assert seeded.documents.text(hit.document_id)[hit.start:hit.end] == "SWIFT"
    assert not dialog.isVisible()


def test_toolbar_search_box_opens_the_dialog_with_its_text(make_window, qtbot):
    """Typing in the toolbar box and pressing Enter shows the search dialog with results for that text."""
    window = make_window()
    qtbot.keyClicks(window.search_box, "Kuril")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert window.search_dialog.isVisible() and window.search_dialog.query.text() == "Kuril"
    assert window.search_dialog.model.rowCount() > 0


def test_annotations_sidebar_lists_filters_and_jumps(make_window, seeded, qtbot):
    """Highlights made through the store appear grouped under their document; filters narrow them; a click
    on a row brings its passage into view in its pane, marked and selected."""
    window = make_window()
    session = window.session
    docs = seeded.documents.list()
    a = _highlight(session, docs[0].id, "Kuril", color="blue", tags=["territory"])
    b = _highlight(session, docs[1].id, "SWIFT", tags=["sanctions"], note="dates differ")
    sidebar = window.annotations
    assert sidebar.model.highlight_total == 2
    assert window.highlights_label.text() == "2 highlights"
    from reader_app.ui.models.documents import HighlightCountRole

    library = window.library.model
    assert library.index(library.row_of(docs[0].id)).data(HighlightCountRole) == 1  # counts follow edits
    sidebar.tag_filter.setCurrentIndex(sidebar.tag_filter.findData("sanctions"))
    assert [sidebar.model.index(r).data() for r in range(sidebar.model.rowCount())] == [docs[1].title, "SWIFT"]
    sidebar.tag_filter.setCurrentIndex(0)
    sidebar.color_filter.setCurrentIndex(sidebar.color_filter.findData("blue"))
    assert sidebar.model.highlight_total == 1
    sidebar.color_filter.setCurrentIndex(0)
    sidebar.text_filter.setText("dates")
    assert sidebar.model.highlight_total == 1
    sidebar.text_filter.clear()

    row = sidebar.model.row_of_highlight(a.id)
    qtbot.mouseClick(sidebar.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=sidebar.view.visualRect(sidebar.model.index(row)).center())
    pane = window.desk.current_pane()
    assert pane.doc_id == docs[0].id
    assert pane.marks.jump == (a.start, a.end)
    assert pane.selected_highlight() == a.id
    assert b.id != a.id


def test_undo_redo_actions_name_the_step(make_window, seeded, qtbot):
    """Edit → Undo reads "Undo Highlight" after highlighting; Ctrl+Z undoes, Ctrl+Shift+Z redoes."""
    window = make_window()
    doc = seeded.documents.list()[0]
    assert not window.undo_action.isEnabled()
    h = _highlight(window.session, doc.id, "Kuril")
    assert window.undo_action.text() == "Undo Highlight"
    assert window.toolbar_undo.text() == "Undo" and window.toolbar_undo.toolTip() == "Undo Highlight"
    assert window.toolbar_undo.isEnabled() and not window.toolbar_redo.isEnabled()
    assert [s.toString() for s in window.undo_action.shortcuts()] == ["Ctrl+Z"]
    assert window.redo_action.shortcuts()[0].toString() == "Ctrl+Shift+Z"
    window.activateWindow()
    window.desk.current_pane().view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    if seeded.highlights.count():  # offscreen windows are not always active; the action is the same path
        window.undo_action.trigger()
    assert seeded.highlights.count() == 0
    assert window.redo_action.text() == "Redo Highlight"
    window.redo_action.trigger()
    assert seeded.highlights.get(h.id).exact == "Kuril"
    assert window.annotations.model.highlight_total == 1


def test_restart_restores_panes_scroll_and_theme(make_window, seeded, qtbot):
    """Close the window, open a new one on the same library and settings: same documents in the same
    order, the same reading positions, the same current pane, theme, dock layout and all-documents choice."""
    window = make_window()
    docs = seeded.documents.list()
    window.open_document(docs[4].id, True)
    panes = window.desk.panes()
    # A paragraph's first character: still the first on screen when the restored window is narrower
    # (the offscreen screen is smaller than the window, so restoreGeometry shrinks it).
    blocks = [b for b in seeded.documents.structure(docs[0].id)[0] if b.kind == "paragraph"]
    panes[0].restore_scroll(blocks[len(blocks) // 2].start)
    window.set_theme("dark")
    window.annotations.all_documents.setChecked(True)
    window.library_dock.hide()
    positions = [p.scroll_state() for p in window.desk.panes()]
    assert positions[0] > 0
    window.close()

    again = make_window()
    assert _doc_ids(again) == [docs[0].id, docs[1].id, docs[4].id]
    qtbot.waitUntil(lambda: [p.scroll_state() for p in again.desk.panes()] == positions)
    assert again.desk.current_pane().doc_id == docs[4].id
    assert again.theme.mode == "dark" and again.theme.dark
    assert again.theme_actions["dark"].isChecked()
    assert again.annotations.all_documents.isChecked()
    assert again.library_dock.isHidden() and not again.annotations_dock.isHidden()


def test_restart_after_all_panes_closed_opens_the_first_two(make_window, seeded):
    """A saved layout with no panes is treated like a first start rather than an empty desk."""
    window = make_window()
    window.close_current_pane()
    window.close_current_pane()
    assert window.desk.panes() == []
    window.close()
    again = make_window()
    assert len(again.desk.panes()) == 2


def test_another_instance_writes_show_after_polling(make_window, seeded, library_path):
    """A highlight written by a second connection (another Reader) appears once the window polls."""
    window = make_window()
    other = Library(library_path)
    try:
        doc = other.documents.list()[0]
        start, end = other.highlights.find_quote(doc.id, "Kuril")
        other.highlights.add(doc.id, start, end)
    finally:
        other.close()
    assert window.annotations.model.highlight_total == 0
    assert window.poll_external_changes()
    assert window.annotations.model.highlight_total == 1
    assert window.highlights_label.text() == "1 highlight"
    assert not window.poll_external_changes()
    assert window.poll_timer.isActive() and window.poll_timer.interval() == 3000


def test_undo_after_an_outside_restore_touches_nothing(make_window, seeded, library_path):
    """Another Reader restores a backup from before our highlight and then adds its own, which SQLite gives
    the same id. Once the window has seen the outside write, Undo is empty: it cannot delete that stranger's
    highlight in the belief that it is ours."""
    from reader_app.core.backups import make_backup
    from reader_app.core.restore import restore

    window = make_window()
    backup = make_backup(library_path, conn=seeded.conn).path
    doc = seeded.documents.list()[0]
    ours = _highlight(window.session, doc.id, "Kuril")
    assert window.session.undo_stack.canUndo()
    restore(library_path, backup)
    other = Library(library_path)
    try:
        start, end = other.highlights.find_quote(doc.id, "sanctions")
        theirs, _ = other.highlights.add(doc.id, start, end, color="blue")
    finally:
        other.close()
    assert theirs.id == ours.id  # the id our undo command remembers now names someone else's row
    assert window.poll_external_changes()
    assert not window.session.undo_stack.canUndo() and not window.undo_action.isEnabled()
    window.session.undo_stack.undo()
    assert [(h.id, h.exact) for h in seeded.highlights.list()] == [(theirs.id, "sanctions")]
    assert window.highlights_label.text() == "1 highlight"

def test_store_errors_reach_one_readable_dialog(make_window, seeded):
    """A refused command is reported by the error reporter, naming the reason; nothing lands on the stack."""
    window = make_window()
    doc = seeded.documents.list()[0]
    ok = window.session.push(AddHighlight(window.session, doc.id, 10, 5))
    assert not ok and window.session.undo_stack.count() == 0
    box = window.reporter.dialog
    assert box is not None and box.isVisible()
    assert "outside the document" in box.text()
    box.close()


def test_theme_menu_switches_and_tells_the_desk(make_window):
    """View → Theme → Dark darkens the panes; Light restores them."""
    window = make_window()
    window.theme_actions["dark"].trigger()
    assert window.theme.dark and all(p.is_dark() for p in window.desk.panes())
    window.theme_actions["light"].trigger()
    assert not window.theme.dark and not any(p.is_dark() for p in window.desk.panes())


def test_error_reporter_explains_bugs_and_passes_reader_errors_through(make_window):
    """An unexpected exception shows a short message, the traceback under details and that the library is
    safe; a ReaderError shows its own message; a second report while one is open is counted, not stacked."""
    from reader_app.core.errors import ImportFailed

    window = make_window()
    reporter = window.reporter
    try:
        raise RuntimeError("paint went wrong")
    except RuntimeError as exc:
        reporter.handle_exception(type(exc), exc, exc.__traceback__)
    box = reporter.dialog
    assert "RuntimeError: paint went wrong" in box.text() and "library is safe" in box.text()
    assert "Traceback" in box.detailedText()
    reporter.handle_exception(ImportFailed, ImportFailed("/x/a.txt", "not text"), None)
    assert reporter.dialog is box and "1 more problem" in box.informativeText()
    box.close()
    reporter.handle_exception(ImportFailed, ImportFailed("/x/a.txt", "not text"), None)
    assert reporter.dialog.text() == "/x/a.txt: not text" and not reporter.dialog.detailedText()
    reporter.dialog.close()


def test_composition_root_builds_a_named_app_with_the_hook_installed(qtbot, tmp_path, seeded):
    """app.build wires session, theme, reporter and window; the excepthook is ours until close()."""
    import sys

    from reader_app.ui.app import build

    running = build(seeded, open_settings(tmp_path / "s.ini"))
    qtbot.addWidget(running.window)
    try:
        assert running.app.applicationDisplayName() == "Reader"
        assert running.app.organizationName() == "Reader"
        assert sys.excepthook == running.reporter.handle_exception
        assert len(running.window.desk.panes()) == 2
        running.session.error.emit("a readable message")
        assert running.reporter.dialog.text() == "a readable message"
        running.reporter.dialog.close()
    finally:
        running.window.theme.set_mode("light")
        running.reporter.uninstall()
    assert sys.excepthook != running.reporter.handle_exception


def test_closing_a_pane_with_its_own_button_updates_the_annotations(make_window, seeded, qtbot):
    """The annotations list follows the desk: a pane closed from its header takes its highlights along."""
    window = make_window()
    docs = seeded.documents.list()
    _highlight(window.session, docs[0].id, "Kuril")
    _highlight(window.session, docs[1].id, "SWIFT")
    assert window.annotations.model.highlight_total == 2
    window.desk.panes()[0].close_requested.emit()
    qtbot.waitUntil(lambda: window.annotations.model.highlight_total == 1)
    assert window.open_doc_ids() == [docs[1].id]


def test_screenshot_script_renders_light_and_dark(tmp_path, qapp):
    """scripts/screenshots.py writes non-empty PNGs of the main window in both themes."""
    import importlib.util
    from pathlib import Path

    from PySide6.QtGui import QImage

    script = Path(__file__).resolve().parents[2] / "scripts" / "screenshots.py"
    spec = importlib.util.spec_from_file_location("reader_screenshots", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    try:
        assert module.main(["--out", str(tmp_path), "--only", "main-two-panes"]) == 0
    finally:
        from reader_app.ui.theme import ThemeManager

        ThemeManager(qapp, "light").deleteLater()
    for theme_name in ("light", "dark"):
        image = QImage(str(tmp_path / f"main-two-panes-{theme_name}.png"))
        assert (image.width(), image.height()) == module.WINDOW_SIZE


def test_clicking_an_orphan_opens_its_document_and_explains(make_window, seeded, qtbot):
    """An orphaned highlight has no passage to mark: its document opens and the status bar says why."""
    from reader_app.core.model import DocumentMeta, ImportedDocument

    docs = seeded.documents.list()
    start, end = seeded.highlights.find_quote(docs[3].id, "Japan")
    h, _ = seeded.highlights.add(docs[3].id, start, end)
    seeded.documents.reimport(docs[3].id, ImportedDocument("A different text.", [], DocumentMeta(), "txt"))
    window = make_window()
    window.annotations.all_documents.setChecked(True)
    row = window.annotations.model.row_of_highlight(h.id)
    qtbot.mouseClick(window.annotations.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=window.annotations.view.visualRect(window.annotations.model.index(row)).center())
    assert docs[3].id in window.open_doc_ids()
    assert "no longer in the document" in window.statusBar().currentMessage()


def test_delete_from_the_annotations_list_is_undoable(make_window, seeded, qtbot):
    """Del on a highlight in the annotations list deletes it; Undo brings back the same highlight."""
    window = make_window()
    doc = seeded.documents.list()[0]
    h = _highlight(window.session, doc.id, "Kuril", tags=["territory"], note="see NBR")
    view = window.annotations.view
    row = window.annotations.model.row_of_highlight(h.id)
    view.setFocus()
    view.setCurrentIndex(window.annotations.model.index(row))
    menu = window.annotations.context_menu(window.annotations.model.index(row))
    assert [a.text() for a in menu.actions() if a.text()] == ["Go to Passage", "Copy Quote", "Delete Highlight"]
    assert window.annotations.context_menu(window.annotations.model.index(0)) is None  # a header
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert seeded.highlights.count() == 0 and window.annotations.model.highlight_total == 0
    assert window.undo_action.text() == "Undo Delete Highlight"
    window.undo_action.trigger()
    back = seeded.highlights.get(h.id)
    assert (back.tags, back.note) == (("territory",), "see NBR")


def test_damaged_saved_layout_falls_back_to_first_start(qtbot, tmp_path, seeded):
    """A settings file whose desk entry has the wrong shape still opens the window, with two panes."""
    settings = open_settings(tmp_path / "settings.ini")
    settings.setValue("state/version", 1)
    settings.setValue("desk/state", '{"documents": "abc", "scroll": 7}')
    window = MainWindow(Session(seeded), settings)
    qtbot.addWidget(window)
    assert len(window.desk.panes()) == 2
    assert "could not be restored" in window.statusBar().currentMessage()


def test_first_start_window_fits_the_screen_and_is_centred(make_window):
    """With no saved layout the window takes 92% of the offscreen screen's free area (smaller than
    1440×900), centred; a large screen gets 1440×900."""
    from PySide6.QtCore import QRect

    from reader_app.ui.main_window import first_start_geometry

    window = make_window()
    area = window.screen().availableGeometry()
    assert area.width() < 1440 / 0.92  # the offscreen screen: the fitting has to shrink the window
    expected = QRect(0, 0, int(area.width() * 0.92), min(900, int(area.height() * 0.92)))
    expected.moveCenter(area.center())
    assert window.geometry() == expected
    assert area.contains(window.frameGeometry())
    big = first_start_geometry(QRect(0, 0, 2560, 1400))
    assert (big.width(), big.height()) == (1440, 900) and big.center() == QRect(0, 0, 2560, 1400).center()
