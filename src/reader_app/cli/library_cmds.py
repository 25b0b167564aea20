"""Commands about the library as a whole: list, import, search, check."""
from __future__ import annotations

import argparse
import sys

from ..core.importing import import_paths
from ..core.integrity import check
from .common import document_json, open_library, print_json, shorten, subcommand, table


def register(sub) -> None:
    p = subcommand(sub, "list", "list the documents: key, title, authors, publisher, date, highlights", cmd_list)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = subcommand(sub, "import", "import files or folders (.txt, .md, .html); a line per document", cmd_import)
    p.add_argument("paths", nargs="+", metavar="PATH")

    p = subcommand(sub, "search", "full-text search across documents and annotations", cmd_search)
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--limit", type=int, default=20, help="number of hits (default 20)")
    p.add_argument("--json", action="store_true", help="print JSON")

    subcommand(sub, "check", "integrity report of the library", cmd_check)


def cmd_list(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        docs = lib.documents.list()
    if args.json:
        print_json([document_json(d) for d in docs])
        return 0
    if not docs:
        print("The library is empty. Add documents with: reader-app import PATH")
        return 0
    rows = [[d.key, shorten(d.authors, 44) or "—", shorten(d.publisher, 34), d.published or "—", str(d.highlight_count),
             d.title] for d in docs]
    print(table(rows, ["KEY", "AUTHORS", "PUBLISHER", "DATE", "HL", "TITLE"]))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        report = import_paths(lib, args.paths)
    for outcome in report.outcomes:
        print(outcome.line(), file=sys.stderr if outcome.status == "failed" else sys.stdout)
    print(report.summary())
    return 1 if report.failures else 0


def cmd_search(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        hits = lib.search.search(args.query, limit=args.limit)
    if args.json:
        print_json([{
            "kind": h.kind, "document": h.document_key or None, "title": h.title, "start": h.start, "end": h.end,
            "snippet": h.snippet, "score": round(h.score, 4), "highlight_id": h.highlight_id, "note_id": h.note_id,
        } for h in hits])
        return 0
    if not hits:
        print(f"No hits for {args.query!r}.")
        return 0
    for h in hits:
        where = f"note {h.note_id} ({h.title})" if h.kind == "note" else f"{h.document_key}@{h.start}"
        label = "" if h.kind == "document" else f" [{h.kind}]"
        print(f"{where}{label}\n    {' '.join(h.snippet.split())}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    with open_library(args, seed=False) as lib:
        report = check(lib)
        print(f"library: {lib.path} (schema {lib.schema_version})")
    for line in report.lines():
        print(line)
    return 0 if report.ok else 1
