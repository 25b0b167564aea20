"""The library-problem dialog: each damaged-file case shows its message and only the ways forward that
exist; each button leads to the right outcome, and the open-until-it-works loop ends with a usable library."""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from reader_app.core import recovery
from reader_app.core.backups import make_backup
from reader_app.core.seeding import ensure_seeded
from reader_app.core.store import Library
from reader_app.core.store.migrate import latest_version
from reader_app.ui.dialogs.backups_dialog import BackupsDialog
from reader_app.ui.dialogs.library_problem_dialog import (
    LibraryChoice,
    LibraryProblemDialog,
    open_library_interactively,
)

SHOTS = Path(os.environ.get("READER_SCREENSHOTS", Path(__file__).resolve().parents[2] / "screenshots"))


def seeded_file(path: Path) -> Path:
    with Library(path) as lib:
        ensure_seeded(lib)
    return path


def damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for page in range(1, len(data) // 4096, 2):
        data[page * 4096:page * 4096 + 2048] = b"\xa5" * 2048
    path.write_bytes(bytes(data))


def open_error(path: Path) -> BaseException:
    try:
        with Library(path) as lib:
            lib.documents.list()
            lib.highlights.list()
    except Exception as exc:
        return exc
    raise AssertionError(f"{path} opened fine")


def dialog_for(qtbot, path: Path, error: BaseException | None) -> LibraryProblemDialog:
    dialog = LibraryProblemDialog(recovery.diagnose(path, error))
    qtbot.addWidget(dialog)
    return dialog


def test_damaged_library_restores_from_a_backup(qtbot, tmp_path):
    """A damaged library with a backup: the message says so, Restore a Backup… is the default way, and
    going through it (the real backups dialog, restore confirmed) ends with a library that opens."""
    path = seeded_file(tmp_path / "library.sqlite3")
    make_backup(path)
    damage(path)
    dialog = dialog_for(qtbot, path, open_error(path))
    assert "is damaged" in dialog.title.text() and "Restore a backup" in dialog.message.text()
    assert next(iter(dialog.buttons)) == recovery.RESTORE and dialog.buttons[recovery.RESTORE].isDefault()
    dialog.resize(620, 220)
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "library-problem-damaged.png"))

    def run_restore() -> bool:
        backups = BackupsDialog(path, dialog)
        backups.confirm_restore = lambda info: True
        return backups.restore_selected() is not None

    dialog.run_restore = run_restore
    dialog.buttons[recovery.RESTORE].click()
    assert dialog.choice == LibraryChoice(path) and dialog.result() == dialog.DialogCode.Accepted
    with Library(path) as lib:
        assert lib.documents.count() == 5


def test_without_backups_restore_is_offered_but_disabled(qtbot, tmp_path):
    """No backups beside a damaged library: the Restore button is there, disabled, with the reason."""
    path = seeded_file(tmp_path / "library.sqlite3")
    damage(path)
    dialog = dialog_for(qtbot, path, open_error(path))
    button = dialog.buttons[recovery.RESTORE]
    assert not button.isEnabled() and "No backups" in button.toolTip()


def test_newer_library_offers_only_another_library_or_quit(qtbot, tmp_path):
    """A library from a newer Reader: two ways only; Choose Another Library… returns the picked path."""
    path = seeded_file(tmp_path / "library.sqlite3")
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    conn.commit()
    conn.close()
    dialog = dialog_for(qtbot, path, open_error(path))
    assert list(dialog.buttons) == [recovery.CHOOSE_OTHER, recovery.QUIT]
    dialog.grab().save(str(SHOTS / "library-problem-newer.png"))
    other = tmp_path / "fresh.sqlite3"
    dialog.choose_other_path = lambda: other
    dialog.buttons[recovery.CHOOSE_OTHER].click()
    assert dialog.choice == LibraryChoice(other)


def test_read_only_opens_read_only_and_quit_quits(qtbot, tmp_path):
    """A read-only library offers Open Read-Only (the choice says so); Quit gives no choice at all."""
    path = seeded_file(tmp_path / "library.sqlite3")
    from reader_app.core.errors import ReadOnlyLibrary

    dialog = dialog_for(qtbot, path, ReadOnlyLibrary(str(path)))
    assert next(iter(dialog.buttons)) == recovery.OPEN_READONLY
    dialog.grab().save(str(SHOTS / "library-problem-read-only.png"))
    dialog.buttons[recovery.OPEN_READONLY].click()
    assert dialog.choice == LibraryChoice(path, readonly=True)
    again = dialog_for(qtbot, path, ReadOnlyLibrary(str(path)))
    again.buttons[recovery.QUIT].click()
    assert again.choice is None and again.result() == again.DialogCode.Rejected


def test_cancelled_choice_keeps_the_dialog_open(qtbot, tmp_path):
    """Cancelling the file chooser is not a decision: the dialog stays, no choice made."""
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"%PDF-1.7 not a library")
    dialog = dialog_for(qtbot, path, open_error(path))
    dialog.show()
    dialog.choose_other_path = lambda: None
    dialog.buttons[recovery.CHOOSE_OTHER].click()
    assert dialog.isVisible() and dialog.choice is None


def test_open_loop_asks_until_a_library_opens(tmp_path):
    """A non-SQLite file at the library path: the loop asks once, the user picks another file, and the
    loop returns that library open; a user who quits gets None."""
    bad = tmp_path / "library.sqlite3"
    bad.write_bytes(b"not a database at all" * 100)
    asked = []

    def ask(path, error, parent):
        asked.append((path, recovery.diagnose(path, error).kind))
        return LibraryChoice(tmp_path / "other.sqlite3")

    lib = open_library_interactively(bad, ask=ask)
    try:
        assert asked == [(bad, recovery.NOT_SQLITE)] and lib.path == tmp_path / "other.sqlite3"
    finally:
        lib.close()
    assert open_library_interactively(bad, ask=lambda *a: None) is None
    assert bad.read_bytes() == b"not a database at all" * 100


def test_open_loop_treats_a_library_failing_its_first_reads_as_damaged(tmp_path):
    """Damage that only shows when data is read still lands in the dialog (classified as damaged)."""
    path = seeded_file(tmp_path / "library.sqlite3")
    damage(path)
    kinds = []
    result = open_library_interactively(path, ask=lambda p, e, parent: kinds.append(recovery.diagnose(p, e).kind))
    assert result is None and kinds == [recovery.CORRUPT]
