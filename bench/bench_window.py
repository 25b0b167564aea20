"""The whole main window under load: adding a highlight (command → saved → every view updated → painted)
with a long document holding thousands of highlights open, the library and annotations lists showing.

The reading desk's own benchmark (bench_reader.py) measures a pane alone; this one adds what the window
wires around it: the annotations list (one row per highlight), the library counts and the status bar.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_window.py [--mb 5] [--highlights 10000]
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench_reader import add_highlights, long_document


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--highlights", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--without-sidebars", action="store_true",
                        help="hide the library and annotations docks: the desk's share of the cost")
    args = parser.parse_args(argv)

    from PySide6.QtWidgets import QApplication

    from reader_app.core.seeding import ensure_seeded
    from reader_app.core.store import Library
    from reader_app.ui.app import create_application
    from reader_app.ui.commands import AddHighlight, DeleteHighlight
    from reader_app.ui.main_window import MainWindow
    from reader_app.ui.session import Session

    app = create_application()
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as tmp:
        lib = Library(Path(tmp) / "library.sqlite3")
        ensure_seeded(lib)
        doc = lib.documents.add(long_document(args.mb)).document
        text = lib.documents.text(doc.id)
        add_highlights(lib, doc.id, text, args.highlights)
        session = Session(lib)
        window = MainWindow(session)
        window.resize(1440, 900)
        if args.without_sidebars:
            window.library_dock.hide()
            window.annotations_dock.hide()
        window.show()
        t = time.perf_counter()
        window.open_document(doc.id, new_pane=False)
        QApplication.processEvents()
        opened = time.perf_counter() - t
        rows = window.annotations.model.rowCount()

        rng = random.Random(7)
        add, delete = [], []
        for _ in range(args.runs):
            start = rng.randrange(0, len(text) - 60)
            command = AddHighlight(session, doc.id, start, start + 25)
            t = time.perf_counter()
            session.push(command)
            QApplication.processEvents()
            add.append(time.perf_counter() - t)
            t = time.perf_counter()
            session.push(DeleteHighlight(session, command.highlight_id))
            QApplication.processEvents()
            delete.append(time.perf_counter() - t)

        def ms(values: list[float]) -> str:
            ordered = sorted(values)
            p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
            return f"median {statistics.median(values) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"

        docks = "docks hidden" if args.without_sidebars else f"{rows} annotation rows"
        print(f"main window, {args.mb:g} MB document with {args.highlights} highlights open ({docks}), "
              f"{args.runs} runs")
        print(f"  open in the current pane, all views updated   {opened * 1000:.0f} ms")
        print(f"  add a highlight → saved, every view painted    {ms(add)}   (target ≤ 16 ms)")
        print(f"  delete it again                                {ms(delete)}")
        window.close()
        session.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
