"""``reader-app --self-test``: prove a build works end to end, headless, without touching the user's data.

Each step exercises a part a broken bundle typically loses: the bundled articles (data files), SQLite
with FTS5, the Qt platform and image plugins, the application icon and stylesheet, the main window, every
exporter (PDF through Qt), the HTML and Markdown importers. Every step prints one line; the first failure
prints its reason and the exit code is 1.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

OFFSCREEN_NOTE = "This plugin does not support propagateSizeHints()"
SCREENSHOT_ENV = "READER_APP_SELF_TEST_SCREENSHOT"  # a PNG path: save the window as the self-test saw it


class SelfTestFailure(Exception):
    """A check that ran and found the build wrong (as opposed to one that crashed)."""


@dataclass
class Context:
    """What the steps hand each other: the temporary library, the application and the window."""

    folder: Path
    lib: object = None
    app: object = None
    window: object = None
    running: object = None  # ui.app.Running: the session and window as the app builds them
    highlight: object = None


def check(condition: bool, reason: str) -> None:
    if not condition:
        raise SelfTestFailure(reason)


def step_seeds(ctx: Context) -> str:
    from .core.importers.seeds import load_manifest
    from .core.seeding import ensure_seeded
    from .core.store import Library
    from .paths import is_frozen, seeds_dir

    folder = seeds_dir()
    check(folder.is_dir(), f"the bundled articles are missing: no folder {folder}")
    expected = len(load_manifest(folder))
    ctx.lib = Library(ctx.folder / "library.sqlite3")
    ensure_seeded(ctx.lib)
    count = ctx.lib.documents.count()
    check(count == expected and count > 0,
          f"{count} of the {expected} bundled articles were imported from {folder}")
    # FTS5 is compiled into some SQLite builds and not others; a bundle carries whichever it was built with.
    check(len(ctx.lib.search.search("Russia")) > 0, "full-text search found nothing for 'Russia'")
    where = "bundle" if is_frozen() else "package"
    return f"{count} bundled articles imported from the {where} ({folder})"


def step_qt(ctx: Context) -> str:
    # Offscreen unless the caller chose a platform: the self-test must run on a build server without X.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QImageReader
    from PySide6.QtWidgets import QApplication

    from .ui.app_identity import apply_app_identity

    quiet_known_qt_noise()
    ctx.app = QApplication.instance() or QApplication([sys.argv[0]])
    apply_app_identity(ctx.app)
    check(not ctx.app.windowIcon().isNull(), "the application icon did not load from resources/icons")
    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    check({"png", "svg"} <= formats, f"image formats missing: have only {', '.join(sorted(formats))}")
    return f"Qt platform '{ctx.app.platformName()}', image formats {', '.join(sorted(formats))}"


def quiet_known_qt_noise() -> None:
    """Drop the offscreen plugin's harmless note on every shown window; pass every other Qt message on."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(_mode, _context, message: str) -> None:
        if message != OFFSCREEN_NOTE:
            print(message, file=sys.stderr, flush=True)

    qInstallMessageHandler(handler)


def step_window(ctx: Context) -> str:
    from PySide6.QtWidgets import QApplication

    ctx.window = build_window(ctx)
    ctx.window.resize(1200, 800)
    ctx.window.show()
    QApplication.processEvents()
    check(ctx.window.isVisible(), "the main window did not show")
    pixels = ctx.window.grab()
    check(not pixels.isNull() and pixels.width() > 0, "the main window could not be painted")
    shot = os.environ.get(SCREENSHOT_ENV)
    if shot:
        check(pixels.save(shot), f"could not save the screenshot to {shot}")
    since_start = seconds_since_process_start()
    when = f", {since_start:.2f} s after the process started" if since_start is not None else ""
    return f"{type(ctx.window).__name__} shown, {pixels.width()}×{pixels.height()} px{when}"


def build_window(ctx: Context):
    """The main window as the app's composition root wires it, on the temporary library."""
    from PySide6.QtCore import QSettings

    from .ui.app import build

    # Window layout and theme go to a throwaway file, never to the user's settings.
    settings = QSettings(str(ctx.folder / "settings.ini"), QSettings.Format.IniFormat)
    ctx.running = build(ctx.lib, settings, install_hook=False)
    return ctx.running.window


def seconds_since_process_start() -> float | None:
    """Wall time since this process (the bundle's bootloader, for a one-folder bundle) started; Linux only."""
    try:
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        # Field 22 of /proc/self/stat, counted after the parenthesised command name, which may hold spaces.
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        return uptime - int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def step_highlight(ctx: Context) -> str:
    from PySide6.QtWidgets import QApplication

    lib = ctx.lib
    doc = lib.documents.list()[0]
    blocks, _ = lib.documents.structure(doc.id)
    paragraph = next((b for b in blocks if b.kind == "paragraph" and b.end - b.start >= 40), None)
    check(paragraph is not None, f"document {doc.key!r} has no paragraph to highlight")
    end = min(paragraph.end, paragraph.start + 80)
    ctx.highlight, changes = lib.highlights.add(doc.id, paragraph.start, end, color="yellow",
                                                tags=["self-test"], note="Checked by the self-test.")
    check(lib.highlights.count() == 1, f"{lib.highlights.count()} highlights stored, expected 1")
    # The window refreshes from the session's one change signal, as after any edit.
    ctx.running.session.announce(changes)
    QApplication.processEvents()
    return f"highlighted {end - paragraph.start} characters of {doc.key!r}"


def step_export(ctx: Context) -> str:
    from .core.exporters.markdown import render_markdown
    from .core.exporters.scope import ExportScope, collect

    text = render_markdown(collect(ctx.lib, ExportScope()))
    first_words = " ".join(ctx.highlight.exact.split()[:6])
    check(first_words in text, f"the Markdown export does not contain the highlighted quote {first_words!r}")
    (ctx.folder / "export.md").write_text(text, encoding="utf-8")
    return f"Markdown, {len(text):,} characters, quote present"


def step_formats(ctx: Context) -> str:
    """Every other export format: each one loads libraries (nh3, Pygments, zip, Qt's PDF writer) that a
    bundle could lack while Markdown still works."""
    from .core.exporters.formats import FORMATS, collect_for, render
    from .core.exporters.scope import ExportScope
    from .ui.pdf_export import export_pdf

    made = []
    for fmt in FORMATS.values():
        if fmt.name == "markdown":
            continue  # the export step's
        data = collect_for(ctx.lib, ExportScope(), fmt, date=None)
        result = export_pdf(data) if fmt.name == "pdf" else render(data, fmt)
        check(len(result.content) > 0, f"the {fmt.label} export is empty")
        if fmt.name == "pdf":
            check(result.content.startswith(b"%PDF"), "the PDF export is not a PDF")
        elif fmt.is_text:
            check(ctx.highlight.exact.split()[0] in result.text, f"the {fmt.label} export lacks the quote")
        made.append(f"{fmt.name} {len(result.content):,} B")
    return ", ".join(made)


SAMPLES = {
    "page.html": "<!doctype html><html><head><title>Self-test page</title></head>"
                 "<body><article><h1>Self-test page</h1><p>Sanctions and the Kuril Islands.</p></article>"
                 "</body></html>",
    "notes.md": "# Self-test notes\n\nSanctions and *SWIFT*, with a list:\n\n- one\n- two\n",
}


def step_import(ctx: Context) -> str:
    """The HTML and Markdown importers (lxml, markdown) on two small files."""
    from .core.importing import import_paths

    folder = ctx.folder / "to-import"
    folder.mkdir()
    for name, text in SAMPLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    report = import_paths(ctx.lib, [folder])
    lines = [outcome.line() for outcome in report.outcomes]
    added = [outcome for outcome in report.outcomes if outcome.status == "added"]
    check(len(added) == len(SAMPLES), "importing the sample files gave: " + "; ".join(lines))
    return f"{', '.join(sorted(SAMPLES))} imported"


STEPS: list[tuple[str, Callable[[Context], str]]] = [
    ("seeds", step_seeds),
    ("qt", step_qt),
    ("window", step_window),
    ("highlight", step_highlight),
    ("export", step_export),
    ("formats", step_formats),
    ("import", step_import),
]


def run_self_test() -> int:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="reader-app-self-test-") as tmp:
        ctx = Context(Path(tmp))
        try:
            for name, step in STEPS:
                detail = step(ctx)
                print(f"self-test: ok   {name:<9} {detail}", flush=True)
        except SelfTestFailure as exc:
            print(f"self-test: FAIL {name:<9} {exc}", file=sys.stderr, flush=True)
            return 1
        except Exception as exc:
            traceback.print_exc()
            print(f"self-test: FAIL {name:<9} {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
            return 1
        finally:
            if ctx.window is not None:
                ctx.window.close()
            if ctx.running is not None:
                ctx.running.close()  # closes the library too
            elif ctx.lib is not None:
                ctx.lib.close()
    print(f"self-test: passed in {time.perf_counter() - started:.2f} s")
    return 0
