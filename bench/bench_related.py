"""Related passages: time on the five bundled articles and on a generated 1,000-document library.

    .venv/bin/python bench/bench_related.py [--docs 1000] [--kb 100] [--runs 20] [--cache DIR]

The large library is the five articles plus generated documents whose paragraphs mix sentences of the
articles (so the selections' words — SWIFT, Kuril, Taiwan, Crimea — occur all over it, the hard case for
an OR query) with sentences of Zipf-distributed English words (bench/synthetic.py). It is built once and kept
in the cache folder (default: bench/.cache), keyed by its size. Prints medians and p95 in milliseconds;
the first query after opening (IDF cache empty) is reported on its own.
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
from synthetic import vocabulary  # bench/ is not a package, hence the path insert above

from reader_app.core.compare.related import related_to_quote
from reader_app.core.model import Block, DocumentMeta, ImportedDocument
from reader_app.core.seeding import ensure_seeded
from reader_app.core.store import Library

# (document key, quote): one selection per topic the articles share.
SELECTIONS = [
    ("eaf-mahoney-2022", "excluded selected Russian banks from the SWIFT bank messaging system"),
    ("eaf-mahoney-2022", "Japan’s stance towards Russia over the Kuril Islands has shifted."),
    ("nbr-oshea", ("If China annexes Taiwan, the resulting conflict could escalate to the level of a regional "
                   "or global war.")),
    ("nbr-oshea", ("As part of this diplomatic push, Japan gave Russia a pass following its 2014 annexation of "
                   "Crimea.")),
    ("caps-walia", ("He also attempted to resolve the dispute through continued negotiations in order to "
                    "conclude a peace treaty between the two nations.")),
]


def _seed_sentences(lib: Library) -> list[str]:
    sentences = []
    for row in lib.conn.execute("SELECT text FROM chunks"):
        sentences += [s.strip() + "." for s in row[0].split(". ") if len(s.split()) > 5]
    return sentences


def _document(rng: random.Random, n: int, seeds: list[str], vocab: list[str], weights: list[float],
              kb: int) -> ImportedDocument:
    paragraphs, size = [f"Generated document {n}"], 0
    while size < kb * 1000:
        sentences = []
        for _ in range(rng.randint(3, 8)):
            if rng.random() < 0.35:
                sentences.append(rng.choice(seeds))
            else:
                words = rng.choices(vocab, weights, k=rng.randint(8, 24))
                sentences.append(" ".join(words).capitalize() + ".")
        paragraphs.append(" ".join(sentences))
        size += len(paragraphs[-1]) + 1
    text = "\n".join(paragraphs)
    blocks, at = [], 0
    for i, p in enumerate(paragraphs):
        blocks.append(Block(at, at + len(p), "title" if i == 0 else "paragraph", 1 if i == 0 else 0))
        at += len(p) + 1
    return ImportedDocument(text, blocks, DocumentMeta(title=paragraphs[0], key=f"generated-{n:04d}"), "txt")


def build_large(path: Path, docs: int, kb: int) -> Library:
    lib = Library(path)
    ensure_seeded(lib)
    have = lib.documents.count()
    if have >= docs:
        return lib
    rng = random.Random(20221)
    seeds, vocab = _seed_sentences(lib), vocabulary()
    weights = [1.0 / (rank + 1) for rank in range(len(vocab))]
    started = time.perf_counter()
    for n in range(have, docs):
        lib.documents.add(_document(rng, n, seeds, vocab, weights, kb))
        if n % 100 == 0:
            print(f"  generating: {n}/{docs} documents ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    return lib


def measure(lib: Library, runs: int) -> dict[str, float]:
    first = []
    for key, quote in SELECTIONS:
        started = time.perf_counter()
        related_to_quote(lib, key, quote)
        first.append((time.perf_counter() - started) * 1000)
    times = []
    for _ in range(runs):
        for key, quote in SELECTIONS:
            started = time.perf_counter()
            related_to_quote(lib, key, quote)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"first": statistics.median(first), "first_max": max(first), "median": statistics.median(times),
            "p95": times[int(len(times) * 0.95) - 1], "max": times[-1]}


def report(label: str, lib: Library, result: dict[str, float]) -> None:
    chunks = lib.conn.execute("SELECT count(*) FROM chunks").fetchone()[0]
    print(f"{label}: {lib.documents.count()} documents, {chunks} chunks — median {result['median']:.1f} ms, "
          f"p95 {result['p95']:.1f} ms, max {result['max']:.1f} ms; first query after opening: median "
          f"{result['first']:.1f} ms, max {result['first_max']:.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--kb", type=int, default=100, help="size of each generated document (default 100)")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--cache", type=Path, default=Path(__file__).resolve().parent / ".cache")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, Library(Path(tmp) / "five.sqlite3") as small:
        ensure_seeded(small)
        report("five articles", small, measure(small, args.runs))
    args.cache.mkdir(parents=True, exist_ok=True)
    with build_large(args.cache / f"related-v2-{args.docs}x{args.kb}kb.sqlite3", args.docs, args.kb) as large:
        pass  # reopen below, so the first-query figure includes an empty IDF cache
    with Library(args.cache / f"related-v2-{args.docs}x{args.kb}kb.sqlite3") as large:
        report(f"{args.docs} documents", large, measure(large, args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
