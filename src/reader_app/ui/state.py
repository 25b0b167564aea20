"""What the window remembers between runs (QSettings): geometry, dock layout, the desk, the theme.

The desk's state is stored as JSON text rather than a nested QVariant so an INI file stays readable and
the same on every platform. Settings live apart from the library: they describe this machine's window,
not the user's annotations, so a damaged or missing settings file only costs the layout.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow

from .theme import SYSTEM, THEME_MODES

ENV_SETTINGS = "READER_APP_SETTINGS"  # an INI file to use instead of the user's (tests, benchmarks)
STATE_VERSION = 1  # bump when the saved window layout changes meaning; older layouts are then ignored

_GEOMETRY, _WINDOW, _DESK = "window/geometry", "window/state", "desk/state"
_THEME, _ALL_DOCS, _VERSION = "view/theme", "annotations/all_documents", "state/version"


def open_settings(path: Path | str | None = None) -> QSettings:
    """An INI file given here or in $READER_APP_SETTINGS, else the platform's usual place, named after the
    organisation and application (see ``app_identity``; set those on the QApplication first)."""
    chosen = path or os.environ.get(ENV_SETTINGS)
    if chosen:
        return QSettings(str(chosen), QSettings.Format.IniFormat)
    return QSettings()


def _bool(value) -> bool:
    # INI files hand booleans back as the strings "true"/"false".
    return value is True or str(value).lower() == "true"


class UiState:
    def __init__(self, settings: QSettings):
        self.settings = settings

    # -- theme and toggles ---------------------------------------------------------------------------
    def theme_mode(self) -> str:
        mode = str(self.settings.value(_THEME, SYSTEM))
        return mode if mode in THEME_MODES else SYSTEM

    def set_theme_mode(self, mode: str) -> None:
        self.settings.setValue(_THEME, mode)

    def all_documents(self) -> bool:
        return _bool(self.settings.value(_ALL_DOCS, False))

    def set_all_documents(self, value: bool) -> None:
        self.settings.setValue(_ALL_DOCS, bool(value))

    # -- window and desk -----------------------------------------------------------------------------
    def has_saved_layout(self) -> bool:
        return self.desk_state() is not None

    def desk_state(self) -> dict | None:
        """The desk's saved panes, or None on first start (or when the saved layout is unreadable)."""
        if str(self.settings.value(_VERSION, "")) != str(STATE_VERSION):
            return None
        raw = self.settings.value(_DESK)
        if not raw:
            return None
        try:
            state = json.loads(str(raw))
        except ValueError:
            return None
        return state if isinstance(state, dict) else None

    def save_window(self, window: QMainWindow, desk_state: dict) -> None:
        self.settings.setValue(_GEOMETRY, window.saveGeometry())
        self.settings.setValue(_WINDOW, window.saveState(STATE_VERSION))
        self.settings.setValue(_DESK, json.dumps(desk_state, ensure_ascii=False))
        self.settings.setValue(_VERSION, STATE_VERSION)
        self.settings.sync()

    def restore_window(self, window: QMainWindow) -> bool:
        """Geometry and dock layout; False when there was nothing (usable) to restore."""
        geometry, layout = self.settings.value(_GEOMETRY), self.settings.value(_WINDOW)
        restored = False
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            restored = window.restoreGeometry(geometry)
        if isinstance(layout, QByteArray) and not layout.isEmpty():
            restored = window.restoreState(layout, STATE_VERSION) and restored
        return restored
