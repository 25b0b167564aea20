"""The app's identity on the desktop: names that place QSettings and the data folder, the icon in every
size, the Windows/macOS icon files and the Linux desktop entry that point at it."""
from __future__ import annotations

import configparser
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QSize, QStandardPaths
from PySide6.QtGui import QImageReader

from reader_app.paths import APP_NAME, resources_dir
from reader_app.ui.app_identity import (
    BUNDLE_IDENTIFIER,
    DISPLAY_NAME,
    ICON_SIZES,
    ORGANIZATION_DOMAIN,
    app_icon,
    apply_app_identity,
)

ICONS = resources_dir() / "icons"


@pytest.fixture
def identified_app(qapp):
    """The test QApplication wearing Reader's identity, restored afterwards for the other tests."""
    saved = (qapp.applicationName(), qapp.applicationDisplayName(), qapp.organizationName(),
             qapp.organizationDomain(), qapp.desktopFileName(), qapp.windowIcon())
    apply_app_identity(qapp)
    yield qapp
    qapp.setApplicationName(saved[0])
    qapp.setApplicationDisplayName(saved[1])
    qapp.setOrganizationName(saved[2])
    qapp.setOrganizationDomain(saved[3])
    qapp.setDesktopFileName(saved[4])
    qapp.setWindowIcon(saved[5])


def test_names_place_settings_under_reader(identified_app):
    """QSettings and Qt's data location carry the organisation and application names."""
    app = identified_app
    assert (app.applicationName(), app.organizationName()) == (APP_NAME, "Reader")
    assert app.applicationDisplayName() == DISPLAY_NAME
    assert app.desktopFileName() == APP_NAME
    settings_file = Path(QSettings().fileName())
    if sys.platform.startswith("linux"):
        assert settings_file.parts[-2:] == ("Reader", f"{APP_NAME}.conf"), settings_file
    data = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    assert APP_NAME in data, data


def test_macos_bundle_identifier_matches_the_settings_domain():
    """Qt names the macOS settings file after the reversed organisation domain plus the app name; the
    bundle identifier in the spec must be that same string."""
    assert BUNDLE_IDENTIFIER == ".".join(reversed(ORGANIZATION_DOMAIN.split("."))) + "." + APP_NAME


def test_window_icon_has_every_size(identified_app):
    """The icon is built from the pre-rendered PNGs, so each size is drawn for itself, not scaled."""
    icon = identified_app.windowIcon()
    assert not icon.isNull()
    assert {s.width() for s in icon.availableSizes()} == set(ICON_SIZES)
    small = icon.pixmap(QSize(16, 16)).toImage()
    assert small.width() == 16 and small.pixelColor(8, 8).alpha() == 255, "16 px icon is blank in the middle"
    assert app_icon().availableSizes() == icon.availableSizes()


@pytest.mark.parametrize("name, sizes", [("reader-app.ico", {16, 24, 32, 48, 64, 128, 256}),
                                         ("reader-app.icns", {16, 32, 64, 128, 256, 512, 1024})])
def test_windows_and_macos_icon_files_decode(name, sizes):
    """The hand-written .ico and .icns containers read back (through Qt's own readers) with every size."""
    reader = QImageReader(str(ICONS / name))
    found = set()
    for index in range(reader.imageCount()):
        reader.jumpToImage(index)
        image = reader.read()
        assert not image.isNull(), f"{name} image {index}: {reader.errorString()}"
        found.add(image.width())
    assert sizes <= found, f"{name} holds sizes {sorted(found)}"


def test_desktop_entry_launches_reader_with_its_icon():
    """The Linux desktop entry names the command, the icon and the window class the app sets."""
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(resources_dir() / f"{APP_NAME}.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application" and desktop["Name"] == DISPLAY_NAME
    assert desktop["Exec"].split()[0] == APP_NAME
    assert desktop["Icon"] == APP_NAME and (ICONS / f"{APP_NAME}.svg").is_file()
    assert desktop["StartupWMClass"] == APP_NAME


def test_committed_pngs_match_the_svg(qapp):
    """The PNGs are what scripts/make_icons.py renders from the SVG today: an edited SVG without
    regenerated icons fails here. A small per-pixel tolerance absorbs antialiasing differences between Qt
    versions."""
    import importlib.util

    from PySide6.QtGui import QImage

    script = Path(__file__).resolve().parents[2] / "scripts" / "make_icons.py"
    spec = importlib.util.spec_from_file_location("make_icons", script)
    make_icons = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_icons)
    for size in (16, 48, 256):
        fresh = QImage.fromData(make_icons.render_png(make_icons.SVG, size))
        committed = QImage(str(ICONS / f"{APP_NAME}-{size}.png"))
        assert committed.size() == fresh.size(), f"{size} px icon has size {committed.size()}"
        worst = max(abs(a - b) for x in range(size) for y in range(size)
                    for a, b in zip(fresh.pixelColor(x, y).getRgb(), committed.pixelColor(x, y).getRgb()))
        assert worst <= 24, \
            f"reader-app-{size}.png differs from the SVG (a channel off by {worst}); run make_icons.py"
