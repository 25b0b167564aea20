"""PyInstaller's entry script: the same ``reader-app`` command the wheel installs.

``reader_app/__main__.py`` cannot serve, because PyInstaller runs its entry as a top-level script, where
the package-relative import in that file has no package to be relative to.
"""
import sys

from reader_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
