"""CSV export: golden file, one row per highlight, BOM, quoting and formula-injection defence."""
from __future__ import annotations

import csv
import io

from test_export_markdown import check_golden, sample  # noqa: F401 (fixture)

from reader_app.core.exporters.csv_export import HEADER, neutralise, render_csv
from reader_app.core.exporters.scope import ExportScope, collect
from reader_app.core.model import Block, DocumentMeta, ImportedDocument


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_csv_matches_golden_file(sample):  # noqa: F811
    """The sample as CSV is exactly the reviewed golden file (BOM, CRLF, quoting included)."""
    text = render_csv(collect(sample, ExportScope()))
    assert text.startswith("\ufeffdocument,title,authors,")
    check_golden("sample.csv", text)


def test_one_row_per_highlight_with_every_column(sample):  # noqa: F811
    """A header with the issue's columns, then one row per highlight in scope, tags ;-separated."""
    found = rows(render_csv(collect(sample, ExportScope(tags=("energy",)))))
    assert found[0] == HEADER
    assert len(found) == 1 + 3
    first = dict(zip(HEADER, found[1], strict=True))
    assert first["document"] == "eaf-mahoney-2022" and first["colour"] == "purple" and first["tags"] == "energy"
    last = dict(zip(HEADER, found[3], strict=True))
    assert last["publisher"] == "Centre for Air Power Studies (CAPS)" and last["created"] == "2026-03-14T09:30:00Z"
    multi = [dict(zip(HEADER, r, strict=True)) for r in rows(render_csv(collect(sample, ExportScope())))[1:]]
    assert any(r["tags"] == "territorial dispute;Kuril Islands" for r in multi)


def test_hostile_cells_are_quoted_and_neutralised(lib):
    """Quotes, commas and newlines survive a CSV reader unchanged; cells that a spreadsheet would run as a
    formula get a leading apostrophe."""
    text = '=HYPERLINK("http://evil","click")\n+1, "two"\n@SUM(A1)\n-3 plain'
    doc = lib.documents.add(ImportedDocument(text, [Block(0, len(text))], DocumentMeta(title="=cmd|' /C calc'!A0"),
                                             "txt")).document
    lib.highlights.add(doc.id, 0, len(text), note="line one\n\"quoted\", comma", tags=["-minus"])
    found = rows(render_csv(collect(lib, ExportScope())))
    row = dict(zip(HEADER, found[1], strict=True))
    assert row["title"] == "'=cmd|' /C calc'!A0"
    assert row["quote"] == "'" + text
    assert row["note"] == "line one\n\"quoted\", comma"
    assert row["tags"] == "'-minus"
    assert row["start"] == "0" and row["end"] == str(len(text))


def test_neutralise_covers_tab_and_carriage_return():
    """Tab and CR also start formulas in some spreadsheets; ordinary text is untouched."""
    assert neutralise("\tx") == "'\tx" and neutralise("\rx") == "'\rx"
    assert neutralise("plain = text") == "plain = text"


def test_bom_can_be_left_out(sample):  # noqa: F811
    """Without the BOM (stdout, --no-bom) the file starts with the header itself."""
    assert render_csv(collect(sample, ExportScope()), bom=False).startswith("document,")
