"""What the window remembers lives in the settings file the caller names, and survives bad values."""
from __future__ import annotations

from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow

from reader_app.ui.state import ENV_SETTINGS, UiState, open_settings


def test_settings_go_to_the_named_ini_file(tmp_path, monkeypatch):
    """An explicit path wins, then $READER_APP_SETTINGS; both are INI files at exactly that place."""
    explicit = open_settings(tmp_path / "a.ini")
    assert explicit.fileName() == str(tmp_path / "a.ini")
    monkeypatch.setenv(ENV_SETTINGS, str(tmp_path / "b.ini"))
    assert open_settings().fileName() == str(tmp_path / "b.ini")


def test_window_and_desk_state_round_trip(qtbot, tmp_path):
    """Geometry, dock layout, the desk's JSON and the toggles come back from a fresh QSettings object."""
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setCentralWidget(QLabel("desk"))
    dock = QDockWidget("Annotations", window)
    dock.setObjectName("annotationsDock")
    window.addDockWidget(dock.allowedAreas().RightDockWidgetArea, dock)
    window.resize(700, 500)  # within the offscreen screen (800×600), where restoreGeometry clamps
    window.show()
    state = UiState(open_settings(tmp_path / "s.ini"))
    assert state.desk_state() is None and not state.has_saved_layout()
    desk = {"documents": [3, 1], "scroll": [120, 0], "current": 1}
    dock.hide()
    state.save_window(window, desk)
    state.set_theme_mode("dark")
    state.set_all_documents(True)

    reread = UiState(open_settings(tmp_path / "s.ini"))
    assert reread.desk_state() == desk
    assert reread.theme_mode() == "dark" and reread.all_documents() is True
    other = QMainWindow()
    qtbot.addWidget(other)
    other.setCentralWidget(QLabel("desk"))
    other_dock = QDockWidget("Annotations", other)
    other_dock.setObjectName("annotationsDock")
    other.addDockWidget(other_dock.allowedAreas().RightDockWidgetArea, other_dock)
    assert reread.restore_window(other)
    assert (other.size().width(), other.size().height()) == (700, 500)
    assert other_dock.isHidden()


def test_unreadable_values_fall_back_to_defaults(tmp_path):
    """A hand-edited or older settings file costs only the layout: first-start behaviour, no exception."""
    settings = open_settings(tmp_path / "s.ini")
    settings.setValue("desk/state", "{not json")
    settings.setValue("state/version", 1)
    settings.setValue("view/theme", "sepia")
    state = UiState(settings)
    assert state.desk_state() is None
    assert state.theme_mode() == "system"
    settings.setValue("desk/state", '{"documents": [1]}')
    settings.setValue("state/version", 0)  # a layout saved by an older version
    assert state.desk_state() is None
