"""Start the desktop app (imported lazily by the CLI so library commands never load Qt)."""
from __future__ import annotations

import argparse
import sys


def launch(args: argparse.Namespace) -> int:
    from PySide6.QtWidgets import QApplication, QLabel

    from ..cli.common import open_library

    lib = open_library(args)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    label = QLabel(f"{lib.documents.count()} documents in {lib.path}")
    label.resize(640, 400)
    label.show()
    code = app.exec()
    lib.close()
    return code
