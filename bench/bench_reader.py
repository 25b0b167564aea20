"""Reading-desk benchmarks on a long document: open to first paint, add one highlight, resize, scroll,
memory. Medians over several runs, printed as a table; targets from DESIGN.md §7.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_reader.py [--mb 5] [--highlights 10000]

The document is War and Peace (../shared/corpus) repeated up to the size asked, or synthetic text when
the corpus is absent. Highlights are written in one transaction straight into the library, the way a
restored or imported annotation set arrives.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from synthetic import SHARED_CORPUS, paragraphs, vocabulary

from reader_app.core.anchoring import describe
from reader_app.core.model import ANCHORED, HIGHLIGHT_COLORS, Block, DocumentMeta, Highlight, ImportedDocument
from reader_app.core.store import Library
from reader_app.core.store.highlights import HighlightRepo


def book_paragraphs() -> list[str]:
    book = SHARED_CORPUS / "war-and-peace_pg2600.txt"
    if not book.exists():
        return paragraphs(1_000_000, 7, vocabulary())
    raw = book.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    return [" ".join(p.split()) for p in raw.split("\n\n") if p.strip()]


def long_document(megabytes: float) -> ImportedDocument:
    source = book_paragraphs()
    target = int(megabytes * 1_000_000)
    parts, blocks, at = [], [], 0
    while at < target:
        for para in source:
            kind = "heading" if para.startswith(("CHAPTER", "BOOK ")) else "paragraph"
            blocks.append(Block(at, at + len(para), kind, 2 if kind == "heading" else 0))
            parts.append(para)
            at += len(para) + 1
            if at >= target:
                break
    return ImportedDocument("\n".join(parts), blocks, DocumentMeta(title="War and Peace (repeated)"), "txt")


def add_highlights(lib: Library, doc_id: int, text: str, count: int) -> None:
    rng = random.Random(3)
    now = lib.clock()
    with lib.transaction() as conn:
        for i in range(count):
            start = rng.randrange(0, len(text) - 400)
            end = start + rng.randint(15, 300)
            sel = describe(text, start, end)
            HighlightRepo.insert_row(conn, Highlight(None, f"bench{i}", doc_id, sel.start, sel.end, sel.exact,
                                                     sel.prefix, sel.suffix, HIGHLIGHT_COLORS[i % 5], "",
                                                     ANCHORED, now, now))


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def ms(seconds: float) -> float:
    return seconds * 1000


def build_library(path: Path, megabytes: float, highlights: int) -> int:
    lib = Library(path)
    try:
        doc_id = lib.documents.add(long_document(megabytes)).document.id
        add_highlights(lib, doc_id, lib.documents.text(doc_id), highlights)
        return doc_id
    finally:
        lib.close()


def cpu_and_wall(fn) -> tuple[float, float]:
    w0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w0, time.process_time() - c0


def measure(path: Path, doc_id: int, runs: int) -> list[tuple[str, float, float, str]]:
    """All Qt measurements, in a process that has done nothing else (so its memory says something)."""
    from PySide6.QtCore import QCoreApplication, QEvent, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from reader_app.ui.session import Session
    from reader_app.ui.widgets.reader_pane import ReaderPane

    app = QApplication.instance() or QApplication([])

    def flush_deletes() -> None:
        # deleteLater runs only from an event loop; a script has none, so deliver the deletions now.
        app.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect()

    lib = Library(path)
    session = Session(lib)
    rows: list[tuple[str, float, float, str]] = []

    def add_row(name, samples, target):
        rows.append((name, ms(statistics.median(w for w, _ in samples)),
                     ms(statistics.median(c for _, c in samples)), target))

    opens, pane, memory = [], None, None
    for _ in range(runs):
        if pane is not None:
            pane.deleteLater()
            flush_deletes()
        pane = ReaderPane(session)
        pane.set_dark(False)
        pane.resize(900, 1000)
        pane.show()
        app.processEvents()
        before = rss_mb()
        opens.append(cpu_and_wall(lambda: (pane.load(doc_id), pane.repaint())))
        if memory is None:  # the first open, in a process that has opened nothing before
            memory = (rss_mb(), rss_mb() - before)
    flush_deletes()
    add_row("open → first paint (read + query + typeset + paint)", opens, "≤ 250 ms")
    reads = [cpu_and_wall(lambda: (lib.documents.text(doc_id), lib.documents.structure(doc_id),
                                   lib.highlights.for_document(doc_id))) for _ in range(runs)]
    add_row("  of which store reads (text, blocks, highlights)", reads, "—")

    adds = []
    rng = random.Random(5)
    for _ in range(runs * 3):
        first, last = (pane.mapping.to_cp(p) for p in pane.view.visible_range())
        start = rng.randrange(first, max(first + 1, last - 60))
        pane.select_range(start, start + 40)
        adds.append(cpu_and_wall(lambda: (QTest.keyClick(pane.view, Qt.Key.Key_2),
                                          pane.view.viewport().repaint())))
        pane.select_highlight(0)
    add_row("add one highlight: key → saved → repainted", adds, "≤ 16 ms")

    resizes = []
    for i in range(runs * 3):
        width = 900 + (40 if i % 2 == 0 else -40)
        resizes.append(cpu_and_wall(lambda: (pane.resize(width, 1000), pane.repaint())))
    add_row("resize / splitter drag step", resizes, "≤ 30 ms")

    scrolls = []
    bar = pane.view.verticalScrollBar()
    for _ in range(runs * 3):
        scrolls.append(cpu_and_wall(lambda: (bar.setValue(bar.value() + bar.pageStep()),
                                             pane.view.viewport().repaint())))
    add_row("scroll one page", scrolls, "≤ 10 ms")

    zooms = []
    for i in range(runs):
        step = pane.zoom_in if i % 2 == 0 else pane.zoom_out
        zooms.append(cpu_and_wall(lambda: (step(), pane.repaint())))
    add_row("zoom step (typesets the document again)", zooms, "—")

    rows.append(("memory: RSS with the document open (first open)", memory[0], memory[0], "≤ 150 MB"))
    rows.append(("memory: added by opening it in a pane", memory[1], memory[1], "—"))
    session.undo_stack.clear()
    lib.close()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--highlights", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--measure", nargs=2, metavar=("LIBRARY", "DOC_ID"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        rows = measure(Path(args.measure[0]), int(args.measure[1]), args.runs)
        print(json.dumps(rows))
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"
        doc_id = build_library(path, args.mb, args.highlights)
        out = subprocess.run([sys.executable, __file__, "--runs", str(args.runs), "--measure", str(path),
                              str(doc_id)], capture_output=True, text=True, check=True)
    rows = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"document: {args.mb:.1f} MB of text, {args.highlights} highlights; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    width = max(len(r[0]) for r in rows)
    print(f"{'measure'.ljust(width)}  {'wall':>9}  {'cpu':>9}  target")
    for name, wall, cpu, target in rows:
        unit = "MB" if name.startswith("memory") else "ms"
        if unit == "MB":
            print(f"{name.ljust(width)}  {wall:>6.1f} {unit}  {'':>9}  {target}")
        else:
            print(f"{name.ljust(width)}  {wall:>6.1f} {unit}  {cpu:>6.1f} {unit}  {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
