"""Who the app says it is: names, organisation, desktop file and icon, set once on the QApplication.

Qt derives the QSettings location (Linux ``~/.config/Reader/reader-app.conf``, Windows registry
``HKCU\\Software\\Reader\\reader-app``, macOS ``~/Library/Preferences/org.readerapp.reader-app.plist``),
the Wayland app id and the X11 window class from these values, so they must be set before any window or
QSettings exists. The library itself lives in ``paths.user_data_dir()`` (platformdirs), which uses the same
application name.
"""
from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication, QIcon

from .. import __version__
from ..paths import APP_NAME, ORGANIZATION, resources_dir

DISPLAY_NAME = "Reader"
# Reversed, the domain plus the app name is the macOS bundle identifier in packaging/reader_app.spec;
# Qt names the macOS settings file after the same string, so the two must agree.
ORGANIZATION_DOMAIN = "readerapp.org"
BUNDLE_IDENTIFIER = "org.readerapp.reader-app"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    """The application icon from the pre-rendered PNGs (no SVG plugin needed, crisp at every size)."""
    icon = QIcon()
    folder = resources_dir() / "icons"
    for size in ICON_SIZES:
        path = folder / f"{APP_NAME}-{size}.png"
        if path.is_file():
            icon.addFile(str(path), QSize(size, size))
    return icon


def apply_app_identity(app: QGuiApplication) -> None:
    """Name the application and give it its icon; call right after creating the QApplication."""
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(DISPLAY_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(ORGANIZATION)
    app.setOrganizationDomain(ORGANIZATION_DOMAIN)
    # Matches resources/reader-app.desktop, so docks and task bars group the window under our entry.
    app.setDesktopFileName(APP_NAME)
    icon = app_icon()
    if not icon.isNull():
        app.setWindowIcon(icon)
