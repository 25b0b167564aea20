"""The File menu's library commands as a user meets them (export, import of annotations, back up, restore)
and a launch on a library that cannot be opened (the problem dialog answered as a user would)."""
from __future__ import annotations

import argparse
import sqlite3

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from reader_app.core import recovery
from reader_app.core.backups import list_backups
from reader_app.core.seeding import ensure_seeded
from reader_app.core.store import Library
from reader_app.core.store.migrate import latest_version
from reader_app.ui import main_files
from reader_app.ui.app import open_startup_library, run
from reader_app.ui.commands import AddHighlight, DeleteHighlight
from reader_app.ui.dialogs.library_problem_dialog import LibraryProblemDialog


def _menu_texts(window, title: str) -> list[str]:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == title)
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def _highlight(window, quote: str, **kw) -> int:
    pane = window.desk.current_pane()
    start, end = window.session.lib.highlights.find_quote(pane.doc_id, quote)
    command = AddHighlight(window.session, pane.doc_id, start, end, **kw)
    assert window.session.push(command)
    return command.highlight_id


def _close_report(window) -> str:
    """The import's message box (non-blocking): its text, and it closed."""
    box = window.findChild(QMessageBox, "importAnnotationsReport")
    text = box.text()
    box.close()
    box.setObjectName("")  # closed boxes are deleted later; the next lookup must find the next one
    return text


def test_file_menu_offers_export_import_and_backups(make_window):
    """The File menu lists the library-level commands, in the order a user looks for them."""
    window = make_window()
    assert _menu_texts(window, "&File")[:7] == ["Import Files…", "Import Folder…", "Import Annotations…",
                                                "Export…", "Back Up Now", "Restore from Backup…", "Close Pane"]
    assert window.export_action.shortcut().toString() == "Ctrl+E"


def test_export_then_import_annotations_brings_a_deleted_highlight_back(make_window, tmp_path, qtbot):
    """Export… as W3C JSON writes the highlight; after deleting it, Import Annotations… restores it with its
    tags and note into the open pane and the annotations list; importing again adds nothing."""
    window = make_window()
    hid = _highlight(window, "Japan", tags=["sanctions"], note="check the date")
    window.export_action.trigger()
    dialog = next(w for w in QApplication.topLevelWidgets() if w.windowTitle() == "Export Annotations"
                  and w.isVisible())
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("json"))
    path = tmp_path / "notes.json"
    dialog.export_to(path)
    dialog.close()
    assert '"exact": "Japan"' in path.read_text(encoding="utf-8")
    assert window.session.push(DeleteHighlight(window.session, hid))
    assert window.annotations.model.highlight_total == 0

    report = main_files.import_annotations(window, path)
    _close_report(window)
    assert report.highlights_added == 1
    (h,) = window.session.lib.highlights.for_document(window.desk.current_pane().doc_id)
    assert h.exact == "Japan" and h.tags == ("sanctions",) and h.note == "check the date"
    assert window.annotations.model.highlight_total == 1 and window.desk.current_pane().index.get(h.id)
    again = main_files.import_annotations(window, path)
    assert "highlights: 0 added, 1 already present" in _close_report(window)
    assert again.highlights_added == 0 and "nothing new" in window.statusBar().currentMessage()


def test_import_of_a_foreign_file_is_refused_with_its_name(make_window, tmp_path):
    """A file that is not our annotation export is refused in a message naming the file; nothing changes."""
    window = make_window()
    bad = tmp_path / "photo.json"
    bad.write_text("[1, 2", encoding="utf-8")
    assert main_files.import_annotations(window, bad) is None
    assert "photo.json" in _close_report(window)
    assert window.session.lib.highlights.count() == 0


def test_back_up_now_then_restore_undoes_later_work(make_window, qtbot):
    """Back Up Now makes a backup; a highlight made afterwards disappears from the window when that backup is
    restored through Restore from Backup… (confirmed), and the status bar says what happened."""
    window = make_window()
    library = window.session.lib.path
    window.backup_action.trigger()
    assert len(list_backups(library)) == 1 and "Backed up" in window.statusBar().currentMessage()
    hid = _highlight(window, "Japan")
    assert window.annotations.model.highlight_total == 1
    dialog = main_files.open_backups(window)
    dialog.confirm_restore = lambda info: True
    dialog.tree.setCurrentItem(dialog.tree.topLevelItem(0))
    assert dialog.restore_selected() is not None
    assert window.session.lib.highlights.count() == 0
    assert window.annotations.model.highlight_total == 0
    assert window.desk.current_pane().index.get(hid) is None
    assert "Restored" in window.statusBar().currentMessage()


def _answer(action: str, **seams) -> list[str]:
    """Click ``action`` in the library-problem dialog once it is up (the way a user would), with ``seams``
    replacing the dialog's nested file chooser; returns the titles of the dialogs answered."""
    answered = []

    def click() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LibraryProblemDialog):
            QTimer.singleShot(10, click)
            return
        answered.append(dialog.title.text())
        for name, value in seams.items():
            setattr(dialog, name, value)
        dialog.buttons[action].click()

    QTimer.singleShot(0, click)
    return answered


def test_launch_on_a_corrupt_file_asks_and_quits_cleanly(qapp, tmp_path):
    """A library file that is not a database: launching shows the problem dialog instead of a traceback;
    Quit ends the launch with status 1 and the file is left byte for byte."""
    bad = tmp_path / "library.sqlite3"
    bad.write_bytes(b"this is not a database" * 200)
    answered = _answer(recovery.QUIT)
    assert run(argparse.Namespace(library=bad)) == 1
    assert answered and bad.read_bytes() == b"this is not a database" * 200


def test_launch_on_a_newer_library_opens_another_one(qapp, tmp_path):
    """A library from a newer Reader: the dialog offers another library; the one chosen opens seeded with
    the five articles, and the newer file is not touched."""
    newer = tmp_path / "library.sqlite3"
    with Library(newer) as lib:
        ensure_seeded(lib)
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    conn.commit()
    conn.close()
    before = newer.read_bytes()
    other = tmp_path / "fresh.sqlite3"
    answered = _answer(recovery.CHOOSE_OTHER, choose_other_path=lambda: other)
    lib = open_startup_library(newer)
    try:
        assert answered and "newer" in answered[0].lower()
        assert lib.path == other and lib.documents.count() == 5
    finally:
        lib.close()
    assert newer.read_bytes() == before
