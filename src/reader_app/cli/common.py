"""Pieces every command shares: the --library option, opening the library, printing JSON."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..core.model import Document, Highlight
from ..core.store import Library, default_library_path


class CommandError(Exception):
    """A usage problem the user can fix by changing the command line."""


def add_common(parser: argparse.ArgumentParser, *, top_level: bool = False) -> None:
    # SUPPRESS on subcommands keeps "reader-app --library X list" and "reader-app list --library X" equal.
    parser.add_argument("--library", metavar="FILE", type=Path,
                        default=None if top_level else argparse.SUPPRESS,
                        help="library file (default: $READER_APP_LIBRARY or the user data folder)")


def subcommand(sub, name: str, help_text: str, handler) -> argparse.ArgumentParser:
    parser = sub.add_parser(name, help=help_text, description=help_text)
    add_common(parser)
    parser.set_defaults(handler=handler)
    return parser


def library_path(args: argparse.Namespace) -> Path:
    return args.library if getattr(args, "library", None) else default_library_path()


def open_library(args: argparse.Namespace, *, seed: bool = True) -> Library:
    """Open (creating if needed) the library; a new empty one receives the five bundled articles."""
    from ..core.backups import backup_before_upgrade

    lib = Library(library_path(args), before_upgrade=backup_before_upgrade)
    if seed:
        from ..core.seeding import ensure_seeded

        ensure_seeded(lib)
    return lib


def print_json(value) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def document_json(doc: Document) -> dict:
    return {
        "id": doc.id, "key": doc.key, "title": doc.title, "authors": doc.authors,
        "creators": [{"name": c.name, "role": c.role} for c in doc.creators],
        "publisher": doc.publisher, "published": doc.published, "kind": doc.kind, "format": doc.format,
        "url": doc.url, "highlights": doc.highlight_count,
    }


def highlight_json(h: Highlight, doc_key: str, color_labels: dict[str, str]) -> dict:
    return {
        "id": h.id, "uid": h.uid, "document": doc_key, "start": h.start, "end": h.end, "quote": h.exact,
        "prefix": h.prefix, "suffix": h.suffix, "color": h.color, "color_label": color_labels.get(h.color, h.color),
        "tags": list(h.tags), "note": h.note, "status": h.status, "created": h.created_at,
        "updated": h.updated_at,
    }


def table(rows: list[list[str]], headers: list[str]) -> str:
    """Plain aligned columns; the last column is never padded so long titles don't wrap needlessly."""
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    lines = []
    for row in [headers, *rows]:
        cells = [str(c).ljust(widths[i]) if i < len(row) - 1 else str(c) for i, c in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
