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
        """Let queued work run, including what waits for a resize to come to rest (headings re-sized)."""
        import time

        from PySide6.QtWidgets import QApplication

        end = time.monotonic() + 0.3
        while time.monotonic() < end:
            QApplication.processEvents()
            time.sleep(0.01)

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


SWIFT_SENTENCE = "excluded selected Russian banks from the SWIFT bank messaging system"


def _passage(studio: Studio, key: str, quote: str) -> tuple[int, int, int]:
    doc = studio.lib.documents.resolve(key)
    return (doc.id, *studio.lib.highlights.find_quote(doc.id, quote))


def _sample_note(studio: Studio) -> int:
    """A note linking the SWIFT passages of three articles with different relations (made once)."""
    from reader_app.ui.commands_notes import LinkPassagesToNote, Passage

    existing = [n for n in studio.lib.notes.list() if n.title == "Who cut which banks off SWIFT, and when"]
    if existing:
        return existing[0].id
    passages = [Passage(*_passage(studio, "eaf-mahoney-2022", SWIFT_SENTENCE), "supports"),
                Passage(*_passage(studio, "caps-walia", "removal from the SWIFT international banking system"),
                        "same fact"),
                Passage(*_passage(studio, "cescube-ukraine", "ban Russia from the SWIFT global payment systems"),
                        "adds detail")]
    command = LinkPassagesToNote(studio.window.session, passages, title="Who cut which banks off SWIFT, and when")
    studio.window.session.push(command)
    studio.window.compare.show_note(command.note_id)
    studio.window.compare.note_view.body.setPlainText(
        "Mahoney dates the exclusion to **16 March**; Walia lists it among the financial measures "
        "without a date.\n\nCESCUBE adds that Japan banned Russia from SWIFT outright.")
    studio.window.compare.note_view.commit_body()
    return command.note_id


@shot("note-side-by-side")
def note_side_by_side(studio: Studio):
    note_id = _sample_note(studio)
    studio.window.compare.open_note(note_id)
    studio.settle()
    return studio.window


@shot("related-passages")
def related(studio: Studio):
    studio.window.compare.side_by_side.close()
    studio.panes(2)
    doc_id, start, end = _passage(studio, "eaf-mahoney-2022", "Japan has revoked Russia’s status")
    pane = studio.window.desk.jump_to(doc_id, start)
    _, s_start, s_end = _passage(studio, "eaf-mahoney-2022", SWIFT_SENTENCE)
    pane.select_range(s_start, s_end)
    studio.window.related_dock.raise_()
    studio.window.compare.related_panel.refresh()
    studio.settle()
    return studio.window


@shot("evidence-matrix")
def matrix(studio: Studio):
    window = studio.window
    window.matrix_dock.show()
    studio.settle()
    view = window.compare.matrix_view
    m = view.matrix
    counts = [(len(m.quotes(t.id, d.id)), r, c) for r, t in enumerate(m.tags) for c, d in enumerate(m.documents)]
    _, row, col = max(counts)  # the fullest cell, its quotes listed
    view.table.setCurrentCell(row, col)
    studio.settle()
    return window


@shot("export-dialog")
def export_dialog(studio: Studio):
    from reader_app.ui import main_files

    studio.window.matrix_dock.hide()
    dialog = main_files.open_export(studio.window)
    studio.settle()
    return dialog


@shot("backups-dialog")
def backups_dialog(studio: Studio):
    from reader_app.ui import main_files

    main_files.back_up_now(studio.window)
    dialog = main_files.open_backups(studio.window)
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
