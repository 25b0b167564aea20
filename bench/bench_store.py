"""Foundation benchmarks: import throughput, search latency, highlight insert, open-and-anchor.

Run: .venv/bin/python bench/bench_store.py [--docs 1000] [--doc-kb 100]
Prints a table of medians (and p95 for search). Targets: DESIGN.md §7.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import document_text, vocabulary

from reader_app.core.anchoring import reanchor_all
from reader_app.core.importing import import_paths
from reader_app.core.store import Library


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--doc-kb", type=int, default=100)
    parser.add_argument("--big-mb", type=float, default=5.0)
    parser.add_argument("--highlights", type=int, default=10_000)
    args = parser.parse_args()
    vocab = vocabulary()
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        folder = tmp / "docs"
        folder.mkdir()
        total = 0
        for i in range(args.docs):
            text = document_text(args.doc_kb * 1024, i, vocab)
            (folder / f"doc{i:04d}.txt").write_text(text, encoding="utf-8")
            total += len(text.encode())
        lib = Library(tmp / "lib.sqlite3")
        t0 = time.perf_counter()
        report = import_paths(lib, [folder])
        took = time.perf_counter() - t0
        rows.append((f"import {args.docs} docs ({total / 1e6:.0f} MB) incl. index", f"{took:.2f} s",
                     f"{total / 1e6 / took:.1f} MB/s; {report.summary()}"))

        rng = random.Random(7)
        common = vocab[20:400]
        latencies = []
        for _ in range(60):
            query = f"{rng.choice(common)} {rng.choice(common)}"
            t0 = time.perf_counter()
            lib.search.search(query, limit=20)
            latencies.append((time.perf_counter() - t0) * 1000)
        rows.append(("search, 2 words, top 20 with snippets", f"{statistics.median(latencies):.1f} ms",
                     f"p95 {percentile(latencies, 95):.1f} ms"))

        big = tmp / "big.txt"
        big.write_text(document_text(int(args.big_mb * 1024 * 1024), 99_999, vocab), encoding="utf-8")
        doc = import_paths(lib, [big]).outcomes[0].document
        text = lib.documents.text(doc.id)
        starts = sorted(rng.sample(range(0, len(text) - 200), args.highlights))
        with lib.transaction() as conn:  # bulk set-up only; the timed inserts below go through the repository
            from reader_app.core.anchoring import describe

            for s in starts:
                sel = describe(text, s, s + rng.randint(5, 120))
                conn.execute('INSERT INTO highlights(uid, document_id, start, "end", exact, prefix, suffix, '
                             "created_at, updated_at) VALUES (hex(randomblob(16)), ?, ?, ?, ?, ?, ?, '', '')",
                             (doc.id, sel.start, sel.end, sel.exact, sel.prefix, sel.suffix))
        inserts = []
        for _ in range(200):
            s = rng.randrange(0, len(text) - 100)
            t0 = time.perf_counter()
            lib.highlights.add(doc.id, s, s + 40, tags=["bench"])
            inserts.append((time.perf_counter() - t0) * 1000)
        rows.append((f"add one highlight (+tag), {args.highlights} present", f"{statistics.median(inserts):.2f} ms",
                     f"p95 {percentile(inserts, 95):.2f} ms"))

        opens = []
        for _ in range(5):
            t0 = time.perf_counter()
            body = lib.documents.text(doc.id)
            found = lib.highlights.for_document(doc.id)
            reanchor_all(body, [h.selectors for h in found])
            opens.append((time.perf_counter() - t0) * 1000)
        rows.append((f"open {args.big_mb:.0f} MB doc + anchor {len(found)} highlights",
                     f"{statistics.median(opens):.0f} ms", "read text + query + verify every anchor"))
        lib.close()
    width = max(len(r[0]) for r in rows)
    print(f"{'benchmark'.ljust(width)}  {'median':>10}  notes")
    for name, value, note in rows:
        print(f"{name.ljust(width)}  {value:>10}  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
