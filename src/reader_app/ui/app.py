"""Composition root: the QApplication, the library, the session, the theme, the error reporter and the main
window, built once, in this order, and nowhere else.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from ..core.store import Library
from .app_identity import apply_app_identity
from .auto_backups import AutoBackups
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


def build(lib: Library, settings: QSettings | None = None, *, install_hook: bool = True,
          theme: ThemeManager | None = None) -> Running:
    """Wire a main window onto an open library, with its automatic backups. ``settings`` None: the user's
    settings file; ``theme`` None: a theme manager for the mode the settings name."""
    app = create_application()
    settings = settings if settings is not None else open_settings()
    reporter = ErrorReporter()
    if install_hook:
        reporter.install()
    session = Session(lib)
    session.error.connect(reporter.show_message)
    theme = theme or ThemeManager(app, UiState(settings).theme_mode())
    window = MainWindow(session, settings, theme, reporter)
    theme.setParent(window)
    window.auto_backups = AutoBackups(window)
    return Running(app, session, window, reporter)


def open_startup_library(path: Path, ask: Callable | None = None) -> Library | None:
    """Open the library at launch, seeding a new one. A library that cannot be opened (damaged, not a
    library, from a newer Reader, read-only, disk full) goes through the library-problem dialog until one
    opens or the user quits (None). ``ask`` replaces the dialog (see ``open_library_interactively``)."""
    from ..core.seeding import ensure_seeded
    from .dialogs.library_problem_dialog import open_library_interactively, resolve_library_problem

    lib = open_library_interactively(Path(path), ask=ask or resolve_library_problem)
    if lib is not None:
        ensure_seeded(lib)  # does nothing on a read-only or non-empty library
    return lib


def run(args: argparse.Namespace, ask: Callable | None = None) -> int:
    """Open the library named by ``args`` (seeding a new one) and run the event loop until the window
    closes. 1 when no library could be opened and the user chose to quit."""
    from ..cli.common import library_path

    app = create_application()
    settings = open_settings()
    # Themed before the library opens, so a library-problem dialog looks like the rest of the app.
    theme = ThemeManager(app, UiState(settings).theme_mode())
    lib = open_startup_library(library_path(args), ask)
    if lib is None:
        theme.deleteLater()
        return 1
    running = build(lib, settings, theme=theme)
    running.window.show()
    try:
        return app.exec()
    finally:
        running.close()
