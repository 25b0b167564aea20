"""Fixtures shared by the GUI tests."""
from __future__ import annotations

import pytest

from reader_app.ui.main_window import MainWindow
from reader_app.ui.session import Session
from reader_app.ui.state import open_settings


@pytest.fixture
def session(seeded, qtbot):
    """The UI's session on a library holding the five bundled articles."""
    s = Session(seeded)
    yield s
    s.undo_stack.clear()


@pytest.fixture
def desk(session, qtbot):
    """A shown desk of reading panes in the light theme, 1400×800."""
    from reader_app.ui.theme import build_palette
    from reader_app.ui.widgets.desk import Desk

    d = Desk(session)
    d.set_dark(False)
    d.setPalette(build_palette(False))
    qtbot.addWidget(d)
    d.resize(1400, 800)
    d.show()
    qtbot.waitExposed(d)
    return d


@pytest.fixture
def make_window(qtbot, tmp_path, seeded):
    """New main windows on the same library and the same settings file (a restart is a second call)."""
    settings_path = tmp_path / "settings.ini"
    windows = []

    def make() -> MainWindow:
        window = MainWindow(Session(seeded), open_settings(settings_path))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.session.undo_stack.clear()
        window.theme.set_mode("light")  # the palette is application-wide; leave it as other tests expect
