"""Importing from the window: by dropping files or folders, and from File → Import; failures are reported
with their reason, a cancel stops before the next file, and imported documents appear in the library."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog

from reader_app.ui.dialogs.import_dialog import ImportReportDialog, ImportRunner
from reader_app.ui.main_window import MainWindow
from reader_app.ui.session import Session
from reader_app.ui.state import open_settings

BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"


@pytest.fixture
def window(qtbot, tmp_path, seeded):
    w = MainWindow(Session(seeded), open_settings(tmp_path / "settings.ini"))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.session.undo_stack.clear()


@pytest.fixture
def files(tmp_path):
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "notes.md").write_text("# Field notes on Sakhalin\n\nThe islands came up again.\n", encoding="utf-8")
    (folder / "broken.txt").write_bytes(BINARY)
    return folder


def _drop(widget, paths) -> QDropEvent:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    pos = QPointF(widget.width() / 2, widget.height() / 2)
    enter = QDragEnterEvent(pos.toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    drop = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, drop)
    return drop


def test_dropping_a_folder_imports_and_reports_the_failure(window, files, seeded, qtbot):
    """Drop a folder with a good and a broken file: the good one is in the library list and open in a pane,
    the report dialog names the broken file and why it failed."""
    drop = _drop(window, [files])
    assert drop.isAccepted()
    qtbot.waitUntil(lambda: window.importer.report_dialog is not None)
    assert seeded.documents.count() == 6
    assert window.library.proxy.rowCount() == 6
    assert window.documents_label.text() == "6 documents"
    report = window.importer.report_dialog
    assert isinstance(report, ImportReportDialog) and report.isVisible()
    assert "1 added" in report.summary.text() and "1 failed" in report.summary.text()
    (_name, reason), = [row for row in report.rows() if row[0] == "broken.txt"]
    assert reason and "broken.txt" not in reason  # the reason, not just the name again
    assert window.desk.current_pane().document.title == "Field notes on Sakhalin"


def test_drop_of_non_files_is_refused(window):
    """Text or web links dragged onto the window are not imports."""
    mime = QMimeData()
    mime.setText("just words")
    enter = QDragEnterEvent(window.rect().center(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()


def test_file_menu_import_reports_failure(window, files, seeded, monkeypatch):
    """File → Import Files… with one good and one broken file: one document more, one failure listed."""
    chosen = [str(files / "notes.md"), str(files / "broken.txt")]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: (chosen, ""))
    window.import_files_action.trigger()
    assert seeded.documents.count() == 6
    rows = window.importer.report_dialog.rows()
    assert [r[0] for r in rows] == ["broken.txt"]


def test_plain_success_is_a_status_message(window, files, seeded, monkeypatch):
    """Importing only good files shows no dialog; the status bar says what happened."""
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(files))
    (files / "broken.txt").unlink()
    window.import_folder_action.trigger()
    assert window.importer.report_dialog is None
    assert window.statusBar().currentMessage() == "Import: 1 added, 0 updated, 0 already in the library, 0 failed."
    window.import_paths([files / "notes.md"])  # the same content again is recognised, not duplicated
    assert seeded.documents.count() == 6


def test_cancel_stops_before_the_next_file(qtbot, seeded, tmp_path):
    """Cancelling the progress dialog during a batch keeps what was imported and stops the rest."""
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(12):
        (folder / f"doc{i:02}.txt").write_text(f"Document number {i}\n\nBody {i} " * 3, encoding="utf-8")
    parent = MainWindow(Session(seeded))
    qtbot.addWidget(parent)
    runner = ImportRunner(parent.session, parent)
    calls = []

    def cancel_soon():
        calls.append(runner.progress)
        runner.progress.cancel()

    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, cancel_soon)  # fires inside the first progress callback's processEvents
    report = runner.run([folder])
    assert calls and report.cancelled
    assert 1 <= len(report.outcomes) < 12
    assert seeded.documents.count() == 5 + len(report.outcomes)
    assert not runner.busy and runner.progress is None
