"""Regression test for PySide6 6.12.0 on Python 3.11: void calls must not leak references to None."""
from __future__ import annotations

import subprocess
import sys


def test_many_void_calls_do_not_crash():
    """Call a Qt method that returns nothing 20,000 times in a child process; 6.12.0 aborts here."""
    code = (
        "import sys\n"
        "from PySide6.QtCore import QObject\n"
        "o = QObject(); before = sys.getrefcount(None)\n"
        "for i in range(20000): o.setObjectName('x')\n"
        "drift = before - sys.getrefcount(None)\n"
        "print(drift); sys.exit(0 if drift < 1000 else 3)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"exit {result.returncode}: {result.stdout}{result.stderr}"
