"""Write a fixture library at an older schema version, for the migration tests.

    .venv/bin/python scripts/make_fixture_library.py --schema 1
    → tests/core/fixtures/libraries/schema-1.sqlite3

Run it once, when a schema version is released, and commit the file: later apps must upgrade exactly
that file. (Schema 2 only added a read-only vocabulary view, so its fixture is schema 1's file with
migration 0002 applied; the store code of later schemas cannot write schema 1 or 2 files.) The library is created by the store itself with the migrations cut off after ``--schema``, so
it holds what that app version wrote: two documents (one with emoji and CJK Extension B characters),
highlights in several colours with tags in a chosen order and Markdown notes, an orphaned highlight,
a cross-document note whose links carry different relations, and per-library settings.
"""
from __future__ import annotations

import argparse
import itertools
import sqlite3
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from reader_app.core.model import Block, DocumentMeta, ImportedDocument
from reader_app.core.store import Library, migrate

DIPLOMAT = ("Japan's Russia Policy After Ukraine\n"
            "Tokyo joined the G7 sanctions within days of the invasion.\n"
            "Japanese banks cut Russian lenders off SWIFT in March 2022.\n"
            "The Kuril Islands dispute, frozen since Abe, is further from settlement than ever.")
FORUM = ("Energy Before Principle?\n"
         "Sakhalin-2 🛢️ stayed open: Japan imports 9% of its LNG from it.\n"
         "北方領土 talks 𠀋𡈽 were suspended by Moscow in March 2022 🇯🇵🇷🇺.\n"
         "Critics say the SWIFT exclusion came late.")


def document(text: str, title: str, author: str, publisher: str) -> ImportedDocument:
    from reader_app.core.model import Creator

    blocks, at = [], 0
    for i, line in enumerate(text.split("\n")):
        blocks.append(Block(at, at + len(line), "title" if i == 0 else "paragraph", 1 if i == 0 else 0))
        at += len(line) + 1
    meta = DocumentMeta(title=title, creators=(Creator(author),), publisher=publisher, published="2023-03-01")
    return ImportedDocument(text, blocks, meta, "txt")


def build(path: Path, schema: int) -> None:
    every = migrate.migrations()
    if not 1 <= schema <= len(every):
        raise SystemExit(f"make_fixture_library: no schema {schema} (this checkout has 1–{len(every)})")
    migrate.migrations = lambda: every[:schema]  # the app as it was when schema ``schema`` was the latest
    ticks = itertools.count()

    def clock() -> str:  # fixed timestamps a minute apart, which the migration tests can state exactly
        t = next(ticks)
        return f"2023-04-01T{10 + t // 60:02d}:{t % 60:02d}:00Z"

    path.unlink(missing_ok=True)
    with Library(path, clock=clock) as lib:
        a = lib.documents.add(document(DIPLOMAT, "Japan's Russia Policy After Ukraine", "A. Writer",
                                       "The Diplomat")).document
        b = lib.documents.add(document(FORUM, "Energy Before Principle?", "B. Analyst", "East Asia Forum")).document

        def mark(doc, quote, **kw):
            start, end = lib.highlights.find_quote(doc.id, quote)
            return lib.highlights.add(doc.id, start, end, **kw)[0]

        swift_a = mark(a, "Japanese banks cut Russian lenders off SWIFT in March 2022", color="yellow",
                       tags=["sanctions", "SWIFT"], note="Dates the exclusion to **March 2022**.")
        kuril = mark(a, "Kuril Islands dispute", color="pink", tags=["territorial dispute", "Abe"])
        swift_b = mark(b, "Critics say the SWIFT exclusion came late.", color="blue", tags=["SWIFT"],
                       note="Contradicts the Diplomat's timeline?")
        cjk = mark(b, "北方領土 talks 𠀋𡈽", color="green", tags=["territorial dispute", "北方領土"],
                   note="Astral characters: 𠀋𡈽 🇯🇵")
        emoji = mark(b, "Sakhalin-2 🛢️", color="purple", tags=["energy"])
        lost = mark(a, "frozen since Abe", color="yellow", tags=["Abe"], note="will be orphaned")
        with lib.transaction() as conn:  # what re-anchoring does to a passage that is gone from the text
            conn.execute("UPDATE highlights SET status = 'orphaned' WHERE id = ?", (lost.id,))
        lib.notes.create("SWIFT timing", "All sources date the SWIFT exclusion differently.\n\n- see links",
                         [(swift_a.id, "supports"), (swift_b.id, "contradicts"), (emoji.id, "adds detail")])
        lib.notes.create("Territory", "The dispute in both sources.", [(kuril.id, "same fact"), (cjk.id, "quotes")])
        lib.tags.recolor(lib.tags.by_name("energy").id, "#0891b2")
        lib.settings.set_color_label("pink", "territory")
        lib.settings.set("seeded", True)
    # One self-contained file (no -wal to forget when committing it); the app switches back to WAL on open.
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("VACUUM")
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schema", type=int, required=True, help="schema version to write")
    parser.add_argument("--out", type=Path, help="output file (default tests/core/fixtures/libraries/schema-N.sqlite3)")
    args = parser.parse_args()
    out = args.out or REPO / "tests" / "core" / "fixtures" / "libraries" / f"schema-{args.schema}.sqlite3"
    out.parent.mkdir(parents=True, exist_ok=True)
    build(out, args.schema)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
