"""Commands that annotate: highlight, highlights, note."""
from __future__ import annotations

import argparse

from ..core.model import HIGHLIGHT_COLORS
from .common import CommandError, highlight_json, open_library, print_json, shorten


def register(sub) -> None:
    from .common import subcommand

    p = subcommand(sub, "highlight", "highlight the N-th exact occurrence of QUOTE in document DOC", cmd_highlight)
    p.add_argument("doc", metavar="DOC", help="document key or id")
    p.add_argument("quote", metavar="QUOTE")
    p.add_argument("--occurrence", type=int, default=1, metavar="N", help="which occurrence (default 1)")
    p.add_argument("--color", default="yellow", choices=HIGHLIGHT_COLORS)
    p.add_argument("--tag", action="append", default=[], metavar="TAG", help="tag (repeatable)")
    p.add_argument("--note", default="", metavar="TEXT", help="Markdown note")

    p = subcommand(sub, "highlights", "list highlights with their tags and notes", cmd_highlights)
    p.add_argument("doc", nargs="?", metavar="DOC", help="only this document (key or id)")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = subcommand(sub, "note", "create a cross-document note linking highlights", cmd_note)
    p.add_argument("title", metavar="TITLE")
    p.add_argument("--body", default="", metavar="TEXT", help="Markdown body")
    p.add_argument("--link", action="append", default=[], metavar="HIGHLIGHT_ID[:RELATION]",
                   help="linked passage, e.g. 12:contradicts (repeatable; relation defaults to 'supports')")


def cmd_highlight(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        doc = lib.documents.resolve(args.doc)
        start, end = lib.highlights.find_quote(doc.id, args.quote, args.occurrence)
        highlight, _ = lib.highlights.add(doc.id, start, end, color=args.color, tags=args.tag, note=args.note)
    print(highlight.id)
    return 0


def cmd_highlights(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        docs = {d.id: d for d in lib.documents.list()}
        ids = [lib.documents.resolve(args.doc).id] if args.doc else None
        found = lib.highlights.list(document_ids=ids)
        labels = lib.settings.color_labels()
    if args.json:
        print_json([highlight_json(h, docs[h.document_id].key, labels) for h in found])
        return 0
    if not found:
        print("No highlights yet. Add one with: reader-app highlight DOC QUOTE")
        return 0
    for h in found:
        status = " ORPHANED" if h.is_orphaned else ""
        tags = f"  #{' #'.join(h.tags)}" if h.tags else ""
        print(f"{h.id:>5}  {docs[h.document_id].key}@{h.start}-{h.end}  {labels.get(h.color, h.color)}{tags}{status}")
        print(f"       “{shorten(h.exact, 100)}”")
        if h.note:
            print(f"       note: {shorten(h.note, 100)}")
    return 0


def parse_link(value: str) -> tuple[int, str]:
    ident, _, relation = value.partition(":")
    if not ident.strip().isdigit():
        raise CommandError(f"--link {value!r}: expected HIGHLIGHT_ID[:RELATION], e.g. 12:contradicts")
    return int(ident), relation.strip() or "supports"


def cmd_note(args: argparse.Namespace) -> int:
    links = [parse_link(v) for v in args.link]
    with open_library(args) as lib:
        note, _ = lib.notes.create(args.title, args.body, links)
    print(note.id)
    return 0
