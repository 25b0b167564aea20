"""Restore from Backup…: backups listed newest first with date, reason and counts; Back Up Now; restoring
into a running session (undo history cleared, views told to reload) or onto a damaged file by path."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QUndoCommand

from reader_app.core.backups import auto_backup, list_backups, make_backup
from reader_app.core.store import Library
from reader_app.ui.dialogs.backups_dialog import BackupsDialog
from reader_app.ui.session import EVERYTHING, Session

SHOTS = Path(os.environ.get("READER_SCREENSHOTS", Path(__file__).resolve().parents[2] / "screenshots"))


@pytest.fixture
def session(seeded):
    doc = seeded.documents.list()[0]
    seeded.highlights.add(doc.id, 0, 20, tags=["sanctions"], note="first")
    s = Session(seeded)
    yield s
    s.undo_stack.clear()


def rows(dialog: BackupsDialog) -> list[list[str]]:
    tree = dialog.tree
    return [[tree.topLevelItem(r).text(c) for c in range(tree.columnCount())] for r in range(tree.topLevelItemCount())]


def test_lists_backups_newest_first_with_counts_and_backs_up_now(qtbot, session):
    """Two backups show as rows (newest first) with what each made them and their counts; Back Up Now adds
    a third row at the top."""
    auto_backup(session.lib)
    doc = session.lib.documents.list()[1]
    session.lib.highlights.add(doc.id, 0, 10)
    make_backup(session.lib.path)
    dialog = BackupsDialog(session)
    qtbot.addWidget(dialog)
    assert [r[1:] for r in rows(dialog)] == [["by hand", "5", "2", "0"], ["on opening", "5", "1", "0"]]
    assert dialog.restore_button.isEnabled() and not dialog.empty.isVisibleTo(dialog)
    info = dialog.back_up_now()
    assert info is not None and len(rows(dialog)) == 3 and rows(dialog)[0][1] == "by hand"
    dialog.resize(760, 360)
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "backups-dialog.png"))


def test_empty_state_explains_when_backups_are_made(qtbot, session):
    """Without backups the list gives way to a sentence saying when Reader makes them; Restore is off."""
    dialog = BackupsDialog(session)
    qtbot.addWidget(dialog)
    assert dialog.empty.isVisibleTo(dialog) and not dialog.tree.isVisibleTo(dialog)
    assert "whenever it opens" in dialog.empty.text()
    assert not dialog.restore_button.isEnabled()
    dialog.grab().save(str(SHOTS / "backups-dialog-empty.png"))


def test_restore_into_the_running_session(qtbot, session):
    """Pick the older backup and confirm: the deleted highlight is back in the session's library, the undo
    history is cleared, views are told to reload everything, and the replaced state is listed as a backup."""
    backup = make_backup(session.lib.path)
    h = session.lib.highlights.list()[0]
    session.lib.highlights.delete(h.id)
    session.undo_stack.push(QUndoCommand("an earlier step"))  # history that describes the replaced state
    dialog = BackupsDialog(session)
    qtbot.addWidget(dialog)
    dialog.confirm_restore = lambda info: info.path == backup.path
    seen = []
    session.changed.connect(seen.append)
    with qtbot.waitSignal(dialog.restored):
        result = dialog.restore_selected()
    assert result is not None and not result.replaced_file
    assert session.lib.highlights.get(h.id).tags == ("sanctions",)
    assert session.undo_stack.count() == 0 and EVERYTHING in seen
    assert dialog.result() == dialog.DialogCode.Accepted
    assert next(b.reason for b in list_backups(session.lib.path)) == "before-restore"


def test_declining_or_failing_restore_changes_nothing(qtbot, session):
    """Cancel at the question: nothing happens. A backup damaged after listing: the error is shown with its
    reason and the library is untouched."""
    backup = make_backup(session.lib.path)
    dialog = BackupsDialog(session)
    qtbot.addWidget(dialog)
    dialog.confirm_restore = lambda info: False
    assert dialog.restore_selected() is None
    errors = []
    dialog.confirm_restore = lambda info: True
    dialog.show_error = lambda title, message: errors.append(message)
    backup.path.write_bytes(b"garbage" * 1000)
    assert dialog.restore_selected() is None
    assert errors and "not a SQLite database" in errors[0]
    assert session.lib.highlights.count() == 1


def test_restore_by_path_over_a_damaged_library(qtbot, tmp_path):
    """Opened on a path (the library could not be opened): restoring swaps the damaged file for the backup
    and keeps the damaged bytes; there is no Back Up Now, as the file cannot be read."""
    path = tmp_path / "library.sqlite3"
    with Library(path) as lib:
        from reader_app.core.seeding import ensure_seeded

        ensure_seeded(lib)
    make_backup(path)
    path.write_bytes(b"\x00" * 4096)
    dialog = BackupsDialog(path)
    qtbot.addWidget(dialog)
    assert not dialog.backup_button.isVisibleTo(dialog)
    dialog.confirm_restore = lambda info: True
    result = dialog.restore_selected()
    assert result.replaced_file and result.safety.read_bytes() == b"\x00" * 4096
    with Library(path) as lib:
        assert lib.documents.count() == 5

