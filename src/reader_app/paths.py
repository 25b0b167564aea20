"""Where things live: the user's data folder and the bundled seeds/resources.

One function, ``bundled_dir``, decides for all three ways the app runs: a source checkout (editable
install), an installed wheel, and a PyInstaller bundle.
"""
from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "reader-app"
ORGANIZATION = "Reader"


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False)) and hasattr(sys, "_MEIPASS")


def bundled_dir(name: str) -> Path:
    """Folder of the bundled ``seeds`` or ``resources``: package data, or the bundle's copy when frozen."""
    if name not in ("seeds", "resources"):
        raise ValueError(f"unknown bundled folder {name!r}")
    if is_frozen():
        return Path(sys._MEIPASS) / "reader_app" / name
    return Path(str(resources.files(f"reader_app.{name}")))


def seeds_dir() -> Path:
    return bundled_dir("seeds")


def resources_dir() -> Path:
    return bundled_dir("resources")


def user_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def backups_dir(library: Path) -> Path:
    """Backups sit beside the library they protect, in a folder named after it."""
    return library.parent / f"{library.stem}-backups"
