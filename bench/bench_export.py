"""Export benchmark: 10,000 annotations on the five bundled articles, every format.

Run: .venv/bin/python bench/bench_export.py [--highlights 10000] [--runs 3]
Each figure is the median wall time of reading the library (collect) plus rendering the format.
Targets (DESIGN.md §7): ≤ 1 s for each text format, ≤ 5 s for PDF.
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

from reader_app.core.anchoring import describe
from reader_app.core.exporters.formats import FORMATS, collect_for, render
from reader_app.core.exporters.html import note_html
from reader_app.core.exporters.scope import ExportScope
from reader_app.core.model import ANCHORED, HIGHLIGHT_COLORS, Highlight
from reader_app.core.seeding import ensure_seeded
from reader_app.core.store import Library
from reader_app.core.store.highlights import HighlightRepo

TARGETS = {"markdown": 1.0, "html": 1.0, "csv": 1.0, "json": 1.0, "qdpx": 1.0, "pdf": 5.0}
TAGS = ["sanctions", "territorial dispute", "Kuril Islands", "China", "Taiwan", "SWIFT", "energy", "Abe's policy",
        "US–Japan alliance", "NATO", "Crimea 2014", "economy", "defence", "dates", "G7"]
NOTES = ["Compare with the other sources.", "The *date* differs from EAF.", "**Key claim**; check the footnote.",
         "- first point\n- second point", "See [the report](https://example.org/report)."]
CODE_NOTE = "Shares:\n\n```python\nshare = {\"oil\": 0.04, \"lng\": 0.09}\n```"


def populate(lib: Library, count: int, seed: int = 7) -> None:
    """``count`` highlights spread over the seeded articles in one transaction, a third with notes, and
    cross-document notes linking four passages each."""
    rng = random.Random(seed)
    docs = lib.documents.list()
    texts = {d.id: lib.documents.text(d.id) for d in docs}
    ids = []
    with lib.transaction() as conn:
        for i in range(count):
            doc = docs[i % len(docs)]
            text = texts[doc.id]
            start = rng.randrange(0, len(text) - 200)
            end = start + rng.randint(20, 180)
            sel = describe(text, start, end)
            now = f"2026-03-{1 + i % 28:02d}T10:{i % 60:02d}:00Z"
            # Every note is distinct (no caching can help); one in fifty holds a code block.
            note = f"{CODE_NOTE if i % 150 == 0 else rng.choice(NOTES)} ({i})" if i % 3 == 0 else ""
            h = Highlight(None, f"{i:032x}", doc.id, sel.start, sel.end, sel.exact, sel.prefix, sel.suffix,
                          rng.choice(HIGHLIGHT_COLORS), note, ANCHORED, now, now,
                          tags=tuple(rng.sample(TAGS, rng.randint(0, 2))))
            ids.append(HighlightRepo.insert_row(conn, h))
    for n in range(count // 100):
        linked = rng.sample(ids, 4)
        lib.notes.create(f"Comparison {n + 1}", "All four passages date the event differently.",
                         [(hid, rng.choice(["supports", "contradicts", "same fact"])) for hid in linked])


def time_format(lib: Library, name: str, runs: int) -> tuple[float, float, int]:
    """(median wall seconds, median CPU seconds of this process, output bytes)."""
    fmt = FORMATS[name]
    times, cpu, size = [], [], 0
    for _ in range(runs):
        note_html.cache_clear()  # each run starts cold, as a real export does
        started, started_cpu = time.perf_counter(), time.process_time()
        data = collect_for(lib, ExportScope(), fmt, date="2026-03-14")
        if name == "pdf":
            from reader_app.ui.pdf_export import export_pdf

            result = export_pdf(data)
        else:
            result = render(data, fmt)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        size = len(result.content)
    return statistics.median(times), statistics.median(cpu), size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--highlights", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--formats", default=",".join(TARGETS))
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        lib = Library(Path(tmp) / "bench.sqlite3")
        ensure_seeded(lib)
        started = time.perf_counter()
        populate(lib, args.highlights)
        print(f"library: {lib.highlights.count():,} highlights, {len(lib.notes.list())} notes "
              f"(built in {time.perf_counter() - started:.1f} s)\n")
        # On a shared machine other processes stretch wall time; CPU time shows the export's own cost.
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")
        print(f"{'format':<10}{'wall':>9}{'cpu':>9}{'target':>9}{'size':>11}  within target")
        failed = 0
        for name in args.formats.split(","):
            seconds, cpu, size = time_format(lib, name, args.runs)
            ok = seconds <= TARGETS[name]
            failed += not ok
            verdict = "yes" if ok else ("cpu only (machine busy)" if cpu <= TARGETS[name] else "NO")
            print(f"{name:<10}{seconds:>8.3f}s{cpu:>8.3f}s{TARGETS[name]:>8.1f}s{size / 1e6:>9.2f}MB  {verdict}")
        lib.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
