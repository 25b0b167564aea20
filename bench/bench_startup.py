"""Start-up benchmark: process launch → idle main window with the five articles in two panes, and its RSS.

Each run is a fresh ``python`` process (so imports, Qt start-up and the library open are all counted),
on an already-seeded library with fresh settings (the first-start path: two panes opened). The first
run is reported apart as the coldest we can get without dropping the OS page cache; the rest give the
warm median. A bare PySide6 window is measured the same way as the floor (DESIGN.md §7).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_startup.py [--runs 7]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD_APP = r"""
import json, os, sys, time
t_spawn = float(sys.argv[1])
t0 = time.time()
from PySide6.QtCore import QTimer
from reader_app.ui.app import build, create_application
from reader_app.core.store import Library
from reader_app.ui.state import open_settings
t_imported = time.time()
app = create_application()
lib = Library(sys.argv[2])
running = build(lib, open_settings(sys.argv[3]), install_hook=False)
t_built = time.time()
running.window.resize(1440, 900)
running.window.show()

def idle():
    t_idle = time.time()
    rss = 0
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) // 1024
    panes = len(running.window.desk.panes())
    print(json.dumps({"total": t_idle - t_spawn, "python_start": t0 - t_spawn, "imports": t_imported - t0,
                      "build": t_built - t_imported, "show_to_idle": t_idle - t_built, "rss_mb": rss,
                      "panes": panes, "documents": lib.documents.count()}))
    running.window.ui_state = None
    app.quit()

QTimer.singleShot(0, idle)
app.exec()
running.close()
"""

CHILD_BARE = r"""
import json, sys, time
t_spawn = float(sys.argv[1])
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.resize(1440, 900); w.show()
def idle():
    print(json.dumps({"total": time.time() - t_spawn})); app.quit()
QTimer.singleShot(0, idle)
app.exec()
"""


def run_child(code: str, *args: str) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    spawn = time.time()
    out = subprocess.run([sys.executable, "-c", code, repr(spawn), *args], capture_output=True, text=True,
                         env=env, timeout=120, check=False)
    if out.returncode != 0:
        raise SystemExit(f"child failed ({out.returncode}):\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    from reader_app.core.seeding import ensure_seeded
    from reader_app.core.store import Library

    with tempfile.TemporaryDirectory(prefix="reader-bench-") as tmp:
        library = Path(tmp) / "library.sqlite3"
        with Library(library) as lib:
            ensure_seeded(lib)
        results = []
        for i in range(args.runs):
            settings = Path(tmp) / f"settings-{i}.ini"  # fresh: the first-start path, two panes
            results.append(run_child(CHILD_APP, str(library), str(settings)))
        bare = [run_child(CHILD_BARE)["total"] for _ in range(max(3, args.runs // 2))]

    first, warm = results[0], results[1:] or results
    ms = lambda v: f"{v * 1000:.0f} ms"
    med = lambda key: statistics.median(r[key] for r in warm)
    assert all(r["panes"] == 2 and r["documents"] == 5 for r in results), results
    print(f"start-up to idle main window, five articles, two panes ({len(warm)} warm runs, medians)")
    print(f"  first run (coldest)        {ms(first['total'])}")
    print(f"  warm median                {ms(med('total'))}   (target ≤ 350 ms warm, ≤ 600 ms cold)")
    print(f"    python start             {ms(med('python_start'))}")
    print(f"    imports (Qt + app)       {ms(med('imports'))}")
    print(f"    library + window build   {ms(med('build'))}")
    print(f"    show → idle              {ms(med('show_to_idle'))}")
    print(f"  bare PySide6 window        {ms(statistics.median(bare))}   (floor)")
    print(f"  RSS at idle                {statistics.median(r['rss_mb'] for r in warm):.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
