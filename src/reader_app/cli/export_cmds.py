"""Commands that move annotations out of and back into a library: export, import-annotations."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..core.exporters.formats import FORMATS, ExportResult, collect_for, get_format, render
from ..core.exporters.scope import DEFAULT_TITLE, GROUPINGS, ExportScope
from .common import CommandError, open_library, subcommand


def register(sub) -> None:
    p = subcommand(sub, "export", "export highlights and notes with citations (Markdown, HTML, PDF, CSV, "
                                  "W3C Web Annotation JSON, REFI-QDA)", cmd_export)
    p.add_argument("--format", "-f", required=True, choices=list(FORMATS), metavar="FORMAT",
                   help=f"one of: {', '.join(FORMATS)} (json = W3C Web Annotation, qdpx = REFI-QDA)")
    p.add_argument("--by", default="document", choices=GROUPINGS,
                   help="group sections by document (text order), tag or note (Markdown, HTML, PDF)")
    p.add_argument("--doc", action="append", default=[], metavar="KEY", help="only this document (repeatable)")
    p.add_argument("--tag", action="append", default=[], metavar="TAG",
                   help="only highlights with this tag (repeatable: any of them)")
    p.add_argument("--note", type=int, metavar="ID", help="only this cross-document note and its passages")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="output file; '-' for stdout (text formats)")
    p.add_argument("--title", default=DEFAULT_TITLE, help=f"title of the export (default {DEFAULT_TITLE!r})")
    when = p.add_mutually_exclusive_group()
    when.add_argument("--date", metavar="YYYY-MM-DD", help="export date printed in the file (default: today)")
    when.add_argument("--no-date", action="store_true", help="print no export date (for reproducible files)")
    p.add_argument("--page-size", default="A4", choices=("A4", "Letter"), help="PDF page size (default A4)")
    p.add_argument("--no-bom", action="store_true",
                   help="CSV without the UTF-8 byte-order mark Excel needs (never written to stdout)")

    p = subcommand(sub, "import-annotations", "merge a W3C Web Annotation JSON export into this library "
                                              "(documents matched by content, no duplicates)", cmd_import_annotations)
    p.add_argument("file", metavar="FILE", type=Path)


def export_date(args: argparse.Namespace) -> str | None:
    if args.no_date:
        return None
    if args.date is None:
        return dt.date.today().isoformat()
    try:
        return dt.date.fromisoformat(args.date).isoformat()
    except ValueError:
        raise CommandError(f"--date {args.date!r}: expected a date as YYYY-MM-DD") from None


def make_export(lib, args: argparse.Namespace, to_stdout: bool) -> ExportResult:
    fmt = get_format(args.format)
    scope = ExportScope(tuple(args.doc), tuple(args.tag), args.note, args.by)
    data = collect_for(lib, scope, fmt, date=export_date(args), title=args.title)
    if fmt.name == "pdf":
        from ..ui.pdf_export import export_pdf  # Qt is loaded only now, and only for PDF

        return export_pdf(data, page_size=args.page_size)
    return render(data, fmt, bom=not (args.no_bom or to_stdout))


def cmd_export(args: argparse.Namespace) -> int:
    fmt = get_format(args.format)
    to_stdout = args.output == "-"
    if to_stdout and not fmt.is_text:
        raise CommandError(f"-o -: {fmt.label} is a binary file; give a file name")
    with open_library(args) as lib:
        result = make_export(lib, args, to_stdout)
    for warning in result.warnings:
        print(f"reader-app: warning: {warning}", file=sys.stderr)
    if to_stdout:
        sys.stdout.buffer.write(result.content)
        sys.stdout.flush()
        return 0
    result.write(args.output)
    print(f"{fmt.label}: {args.output} ({len(result.content):,} bytes)")
    return 0


def cmd_import_annotations(args: argparse.Namespace) -> int:
    from ..core.exporters.annotations_import import import_annotations_file

    with open_library(args) as lib:
        report = import_annotations_file(lib, args.file)
    for line in report.lines():
        print(line)
    return 0
