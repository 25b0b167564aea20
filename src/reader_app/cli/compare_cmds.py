"""Commands that compare sources: related passages, the evidence matrix."""
from __future__ import annotations

import argparse
import sys

from ..core.compare.matrix import build_matrix
from ..core.compare.matrix_export import to_csv, to_json, to_markdown, to_quotes_csv
from ..core.compare.related import RelatedPassage, related_passages
from .common import CommandError, open_library, print_json, shorten, subcommand, table


def register(sub) -> None:
    p = subcommand(sub, "related", "passages in the other documents that speak of the same thing as a span "
                                   "(START END) or a quote of document DOC", cmd_related)
    p.add_argument("doc", metavar="DOC", help="document key or id")
    p.add_argument("start", nargs="?", type=int, metavar="START", help="start offset (code points)")
    p.add_argument("end", nargs="?", type=int, metavar="END", help="end offset (exclusive)")
    p.add_argument("--quote", metavar="TEXT", help="instead of offsets: an exact quote of DOC")
    p.add_argument("--occurrence", type=int, default=1, metavar="N", help="which occurrence of the quote (default 1)")
    p.add_argument("--limit", type=int, default=10, metavar="N", help="number of passages (default 10)")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = subcommand(sub, "matrix", "evidence matrix: highlights per tag (rows) and document (columns)", cmd_matrix)
    form = p.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="print JSON with every cell's quotes")
    form.add_argument("--csv", action="store_true", help="print CSV: counts, a row per tag")
    form.add_argument("--markdown", action="store_true", help="print Markdown: counts, then quotes with citations")
    p.add_argument("--quotes", action="store_true", help="with --csv: one row per quote instead of counts")
    p.add_argument("--tag", action="append", metavar="TAG", help="only this tag (repeatable)")
    p.add_argument("--used", action="store_true", help="only documents that have tagged highlights")


def _span(args: argparse.Namespace, lib) -> tuple[int, int, int]:
    doc = lib.documents.resolve(args.doc)
    if args.quote is not None:
        if args.start is not None:
            raise CommandError("give either START END or --quote TEXT, not both")
        start, end = lib.highlights.find_quote(doc.id, args.quote, args.occurrence)
        return doc.id, start, end
    if args.start is None or args.end is None:
        raise CommandError(f"related {args.doc}: give START and END offsets, or --quote TEXT")
    return doc.id, args.start, args.end


def passage_json(p: RelatedPassage) -> dict:
    return {"document": p.document_key, "title": p.title, "start": p.start, "end": p.end,
            "paragraph": [p.chunk_start, p.chunk_end], "score": p.score, "matched_terms": list(p.matched_terms),
            "snippet": p.snippet}


def cmd_related(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise CommandError(f"--limit must be 1 or more, not {args.limit}")
    with open_library(args) as lib:
        doc_id, start, end = _span(args, lib)
        found = related_passages(lib, doc_id, start, end, limit=args.limit)
    if args.json:
        print_json([passage_json(p) for p in found])
        return 0
    if not found:
        print("No related passages: the other documents share none of the selection's distinctive words.")
        return 0
    for rank, p in enumerate(found, start=1):
        print(f"{rank:>2}. {p.document_key}@{p.start}-{p.end}  score {p.score:.3f}  ({', '.join(p.matched_terms)})")
        print(f"    {p.snippet}")
    return 0


def cmd_matrix(args: argparse.Namespace) -> int:
    if args.quotes and not args.csv:
        raise CommandError("--quotes goes with --csv")
    with open_library(args) as lib:
        matrix = build_matrix(lib, tags=args.tag, used_documents_only=args.used)
    if args.json:
        print_json(to_json(matrix))
    elif args.csv:
        sys.stdout.write(to_quotes_csv(matrix) if args.quotes else to_csv(matrix))
    elif args.markdown:
        sys.stdout.write(to_markdown(matrix))
    elif matrix.is_empty():
        print("No tagged highlights yet. Tag one with: reader-app highlight DOC QUOTE --tag TAG")
    else:
        # Columns are numbered (keys are long); the legend below names them.
        rows = [[shorten(t.name, 30), *(str(matrix.count(t.id, d.id) or "·") for d in matrix.documents),
                 str(matrix.row_total(t.id))] for t in matrix.tags]
        print(table(rows, ["TAG", *(f"D{i}" for i in range(1, len(matrix.documents) + 1)), "TOTAL"]))
        print()
        for i, d in enumerate(matrix.documents, start=1):
            print(f"D{i} = {d.key}  {shorten(d.title, 70)}")
    return 0
