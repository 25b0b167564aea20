"""Composition root: the QApplication, the library, the session, the theme, the error reporter and the main
window, built once, in this order, and nowhere else.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from ..core.store import Library
from .app_identity import apply_app_identity
from .dialogs.error_reporter import ErrorReporter
from .main_window import MainWindow
from .session import Session
from .state import UiState, open_settings
from .theme import ThemeManager


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    apply_app_identity(app)
    return app


@dataclass
class Running:
    """Everything the app is made of, for the caller to run and tear down."""

    app: QApplication
    session: Session
    window: MainWindow
    reporter: ErrorReporter

    def close(self) -> None:
        self.reporter.uninstall()
        self.session.close()


def build(lib: Library, settings: QSettings | None = None, *, install_hook: bool = True) -> Running:
    """Wire a main window onto an open library. ``settings`` None: the user's settings file."""
    app = create_application()
    settings = settings if settings is not None else open_settings()
    reporter = ErrorReporter()
    if install_hook:
        reporter.install()
    session = Session(lib)
    session.error.connect(reporter.show_message)
    theme = ThemeManager(app, UiState(settings).theme_mode())
    window = MainWindow(session, settings, theme, reporter)
    theme.setParent(window)
    return Running(app, session, window, reporter)


def run(args: argparse.Namespace) -> int:
    """Open the library named by ``args`` (seeding a new one) and run the event loop until the window closes."""
    from ..cli.common import open_library

    app = create_application()
    lib = open_library(args)  # a ReaderError here is printed by the CLI: there is no window yet to show it
    running = build(lib)
    running.window.show()
    try:
        return app.exec()
    finally:
        running.close()
