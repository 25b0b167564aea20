"""Automatic backups while the app runs: on open when the work changed, hourly daily check, failures in the
status bar."""
from __future__ import annotations

from reader_app.core.backups import MANUAL, list_backups, make_backup
from reader_app.core.store import Library
from reader_app.ui.app import build
from reader_app.ui.state import open_settings


def _build(qtbot, lib, tmp_path):
    running = build(lib, open_settings(tmp_path / "settings.ini"), install_hook=False)
    qtbot.addWidget(running.window)
    running.window.show()
    return running.window


def _backups(lib):
    return list_backups(lib.path, counts=False)


def test_open_backs_up_a_changed_library_and_not_an_unchanged_one(qtbot, tmp_path, seeded):
    """A change since the newest backup gets an 'open' backup after the start-up timer; a second open with
    nothing changed adds none."""
    make_backup(seeded.path, MANUAL, conn=seeded.conn)
    seeded.tags.create("after-the-backup")
    window = _build(qtbot, seeded, tmp_path)
    assert len(_backups(seeded)) == 1  # not during start-up itself
    qtbot.waitUntil(lambda: len(_backups(seeded)) == 2, timeout=8000)
    assert _backups(seeded)[0].reason == "open"
    assert window.auto_backups.hourly.isActive()
    window.theme.set_mode("light")
    window.close()

    again = _build(qtbot, seeded, tmp_path)
    with qtbot.waitSignal(again.auto_backups.done, timeout=8000) as blocker:
        pass
    assert blocker.args == [None]
    assert len(_backups(seeded)) == 2
    again.theme.set_mode("light")


def test_a_failed_backup_is_a_status_message_not_a_crash(qtbot, tmp_path, seeded):
    """When the backups folder cannot be made (a file is in its place) the window says so and carries on."""
    (tmp_path / "library-backups").write_text("in the way")
    window = _build(qtbot, seeded, tmp_path)
    with qtbot.waitSignal(window.auto_backups.done, timeout=8000) as blocker:
        pass
    assert blocker.args == [None]
    message = window.statusBar().currentMessage()
    assert message.startswith("Automatic backup failed:") and "library-backups" in message
    window.theme.set_mode("light")


def test_a_read_only_library_gets_no_backup_timers(qtbot, tmp_path, seeded):
    """Read-only: nothing can change, so neither the open backup nor the hourly check is scheduled."""
    readonly = Library(seeded.path, readonly=True)
    try:
        window = _build(qtbot, readonly, tmp_path)
        assert not window.auto_backups.hourly.isActive()
        qtbot.wait(2500)
        assert _backups(seeded) == []
        window.theme.set_mode("light")
        window.close()
    finally:
        readonly.close()
