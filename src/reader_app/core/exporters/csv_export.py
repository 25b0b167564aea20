"""CSV export: one row per highlight, for spreadsheets.

UTF-8 with a byte-order mark when written to a file: Excel reads a BOM-less CSV in the local ANSI code
page and garbles every curly quote and accent, while LibreOffice, Numbers, pandas (``utf-8-sig``) and
Google Sheets all accept the BOM. Rows end in CRLF (RFC 4180); quotes and newlines inside cells are
quoted by the csv module. A text cell starting with ``= + - @``, a tab or a carriage return is
prefixed with an apostrophe so a spreadsheet shows it instead of running it as a formula (OWASP's
advice on CSV injection); the apostrophe is the only change made to any text.
"""
from __future__ import annotations

import csv
import io

from ..model import Highlight
from .scope import ExportData

BOM = "\ufeff"
HEADER = ["document", "title", "authors", "publisher", "date", "quote", "start", "end", "colour", "tags", "note",
          "created", "updated"]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def row(data: ExportData, h: Highlight) -> list[str | int]:
    doc = data.document(h.document_id)
    texts = [doc.key, doc.title, doc.authors, doc.publisher, doc.published, h.exact]
    tail = [h.color, ";".join(h.tags), h.note, h.created_at, h.updated_at]
    return [*map(neutralise, texts), h.start, h.end, *map(neutralise, tail)]


def render_csv(data: ExportData, *, bom: bool = True) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    writer.writerows(row(data, h) for h in data.highlights)
    return (BOM if bom else "") + out.getvalue()
