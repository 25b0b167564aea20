"""Render the main screens to PNG (light and dark) for a human look, offscreen, on a throwaway library.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [--out screenshots]

Each shot is a function registered with ``@shot``; add new ones the same way. Nothing touches the user's
library or settings: both live in a temporary folder that is removed afterwards.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SHOTS: list[tuple[str, Callable]] = []
WINDOW_SIZE = (1440, 900)


def shot(name: str):
    def register(fn: Callable) -> Callable:
        SHOTS.append((name, fn))
        return fn

    return register


# Passages highlighted in the sample library: (document index, quote, colour, tags, note).
SAMPLE_HIGHLIGHTS = [
    (0, "Kuril", "blue", ["territorial dispute"], ""),
    (0, "sanctions", "yellow", ["sanctions"], "Hornung frames the sanctions as a break with Abe's line."),
    (1, "SWIFT", "pink", ["sanctions", "finance"],
     "Date of the SWIFT exclusion differs from NBR's account.\nCheck against the CAPS piece."),
    (1, "Japan has also provided", "green", ["aid"], ""),
    (2, "Abe", "purple", ["Abe's Russia policy"], "O'Shea: the Abe years as the baseline."),
    (4, "SWIFT", "pink", ["sanctions"], ""),
]


def seed_sample(lib) -> None:
    from reader_app.core.errors import NotFound

    docs = lib.documents.list()
    for index, quote, color, tags, note in SAMPLE_HIGHLIGHTS:
        try:
            start, end = lib.highlights.find_quote(docs[index].id, quote)
        except NotFound:
            continue
        lib.highlights.add(docs[index].id, start, end, color=color, tags=tags, note=note)


class Studio:
    """One library and one window per theme; shots rearrange the desk and grab."""

    def __init__(self, folder: Path, dark: bool):
        from reader_app.core.seeding import ensure_seeded
        from reader_app.core.store import Library
        from reader_app.ui.app import build
        from reader_app.ui.state import open_settings

        self.lib = Library(folder / f"library-{int(dark)}.sqlite3")
        ensure_seeded(self.lib)
        seed_sample(self.lib)
        settings = open_settings(folder / f"settings-{int(dark)}.ini")
        settings.setValue("view/theme", "dark" if dark else "light")
        self.running = build(self.lib, settings, install_hook=False)
        self.window = self.running.window
        self.window.resize(*WINDOW_SIZE)
        self.window.show()
        self.settle()

    def settle(self) -> None:
        from PySide6.QtWidgets import QApplication

        for _ in range(5):
            QApplication.processEvents()

    def panes(self, count: int) -> None:
        desk = self.window.desk
        while len(desk.panes()) > count:
            desk.close_pane(len(desk.panes()) - 1)
        for doc in self.lib.documents.list()[len(desk.panes()):count]:
            self.window.open_document(doc.id, True)
        self.window.annotations.all_documents.setChecked(False)
        self.settle()

    def close(self) -> None:
        self.window.ui_state = None  # nothing to remember for a throwaway window
        self.window.close()
        self.running.close()


@shot("main-one-pane")
def one_pane(studio: Studio):
    studio.panes(1)
    return studio.window


@shot("main-two-panes")
def two_panes(studio: Studio):
    studio.panes(2)
    pane = studio.window.desk.panes()[1]
    h = studio.lib.highlights.for_document(pane.doc_id)
    if h:  # a selected highlight, as after a click on it in the annotations list
        studio.window.jump_to_highlight(pane.doc_id, h[0].start, h[0].end, h[0].id)
        pane.clear_mark()
    studio.settle()
    return studio.window


@shot("main-three-panes")
def three_panes(studio: Studio):
    studio.panes(3)
    return studio.window


@shot("annotations-sidebar")
def annotations(studio: Studio):
    studio.panes(2)
    studio.window.annotations.all_documents.setChecked(True)
    studio.settle()
    return studio.window.annotations_dock


@shot("library-sidebar")
def library(studio: Studio):
    return studio.window.library_dock


@shot("search-dialog")
def search(studio: Studio):
    dialog = studio.window.open_search("SWIFT sanctions")
    dialog.resize(680, 560)
    studio.settle()
    return dialog


@shot("tag-manager")
def tags(studio: Studio):
    dialog = studio.window.open_tag_manager()
    studio.settle()
    return dialog


@shot("annotations-no-match")
def annotations_empty(studio: Studio):
    sidebar = studio.window.annotations
    sidebar.text_filter.setText("no such passage")
    studio.settle()
    return studio.window.annotations_dock


@shot("import-report")
def import_report(studio: Studio):
    studio.window.annotations.text_filter.clear()
    folder = Path(tempfile.mkdtemp(prefix="reader-shot-import-"))
    (folder / "field-notes.md").write_text("# Field notes\n\nThe islands came up again.\n", encoding="utf-8")
    (folder / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "minutes.html").write_text("<html><body></body></html>", encoding="utf-8")
    studio.window.import_paths([folder])
    dialog = studio.window.importer.report_dialog
    studio.settle()
    return dialog


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    parser.add_argument("--only", help="comma-separated shot names")
    args = parser.parse_args(argv)
    from reader_app.ui.app import create_application

    app = create_application()
    args.out.mkdir(parents=True, exist_ok=True)
    wanted = set(args.only.split(",")) if args.only else None
    written = []
    with tempfile.TemporaryDirectory(prefix="reader-shots-") as tmp:
        for dark in (False, True):
            studio = Studio(Path(tmp), dark)
            try:
                for name, fn in SHOTS:
                    if wanted and name not in wanted:
                        continue
                    widget = fn(studio)
                    studio.settle()
                    path = args.out / f"{name}-{'dark' if dark else 'light'}.png"
                    if not widget.grab().save(str(path)):
                        print(f"screenshots: could not write {path}", file=sys.stderr)
                        return 1
                    written.append(path)
                    if widget is not studio.window and widget.isWindow():
                        widget.close()
            finally:
                studio.close()
    app.processEvents()
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
