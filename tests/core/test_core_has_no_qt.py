"""The core (store, anchoring, importers, exporters) and the CLI's library commands never import Qt."""
from __future__ import annotations

import pkgutil
import subprocess
import sys

import reader_app.core


def test_core_modules_import_without_qt():
    """Import every core module in a fresh interpreter and check PySide6 never got loaded."""
    names = [m.name for m in pkgutil.walk_packages(reader_app.core.__path__, "reader_app.core.")]
    assert len(names) > 10
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}: importlib.import_module(name)\n"
        "import reader_app.cli\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
