"""The evidence matrix: counts per tag and document, quotes in cells, CSV / Markdown / JSON exports."""
from __future__ import annotations

import csv
import io

import pytest

from reader_app.core.compare.matrix import build_matrix
from reader_app.core.compare.matrix_export import to_csv, to_json, to_markdown, to_quotes_csv
from reader_app.core.errors import NotFound


def tag(lib, key, quote, *tags):
    doc = lib.documents.resolve(key)
    start, end = lib.highlights.find_quote(doc.id, quote)
    return lib.highlights.add(doc.id, start, end, tags=list(tags))[0]


@pytest.fixture
def tagged(seeded):
    """Sanctions in three sources (twice in CAPS), SWIFT in two, the territorial dispute in one."""
    tag(seeded, "caps-walia", "removal from the SWIFT international banking system", "sanctions", "SWIFT")
    tag(seeded, "caps-walia", "an asset freeze on some of the Russian banks", "sanctions")
    tag(seeded, "eaf-mahoney-2022", "excluded selected Russian banks from the SWIFT bank messaging system",
        "sanctions", "SWIFT")
    tag(seeded, "nbr-oshea", "This included financial sanctions", "sanctions")
    tag(seeded, "diplomat-hornung-2022", "Russian-held Southern Kuril Islands", "territorial dispute")
    return seeded


def test_counts_per_tag_and_document(tagged):
    """Each cell counts the highlights carrying the tag in that document; empty cells stay in the grid."""
    m = build_matrix(tagged)
    ids = {d.key: d.id for d in m.documents}
    tags = {t.name: t.id for t in m.tags}
    assert list(tags) == ["sanctions", "SWIFT", "territorial dispute"]
    assert len(m.documents) == 5
    assert m.count(tags["sanctions"], ids["caps-walia"]) == 2
    assert m.count(tags["SWIFT"], ids["eaf-mahoney-2022"]) == 1
    assert m.count(tags["SWIFT"], ids["nbr-oshea"]) == 0
    assert m.row_total(tags["sanctions"]) == 4
    assert m.column_total(ids["caps-walia"]) == 3
    assert m.max_count == 2
    # A cell's quotes are in text order; a row runs document by document.
    caps = m.quotes(tags["sanctions"], ids["caps-walia"])
    assert [h.start for h in caps] == sorted(h.start for h in caps)
    assert len(m.row(tags["sanctions"])) == 4


def test_filters_by_tag_and_drops_unused_documents(tagged):
    """--tag keeps one row (case-insensitive); used_documents_only keeps only columns with evidence;
    an unknown tag is named in the error."""
    m = build_matrix(tagged, tags=["swift"], used_documents_only=True)
    assert [t.name for t in m.tags] == ["SWIFT"]
    assert [d.key for d in m.documents] == ["eaf-mahoney-2022", "caps-walia"]
    with pytest.raises(NotFound, match="'nope'"):
        build_matrix(tagged, tags=["nope"])


def test_csv_grid_and_quotes(tagged):
    """The counts CSV is a grid with totals; the quotes CSV has one row per (tag, quote) with a citation."""
    grid = list(csv.reader(io.StringIO(to_csv(build_matrix(tagged)))))
    assert grid[0][0] == "tag" and grid[0][-1] == "total" and "caps-walia" in grid[0]
    sanctions = grid[1]
    assert sanctions[0] == "sanctions" and sanctions[grid[0].index("caps-walia")] == "2" and sanctions[-1] == "4"
    rows = list(csv.DictReader(io.StringIO(to_quotes_csv(build_matrix(tagged)))))
    assert len(rows) == 4 + 2 + 1
    swift = next(r for r in rows if r["tag"] == "SWIFT" and r["document"] == "caps-walia")
    assert swift["quote"] == "removal from the SWIFT international banking system"
    assert "Simran Walia" in swift["citation"] and "Centre for Air Power Studies" in swift["citation"]
    assert to_csv(build_matrix(tagged), bom=True).startswith("\ufeff")


def test_markdown_has_the_table_then_cited_quotes(tagged):
    """Markdown: a table of counts, then per tag and document the quotes as block quotes with citations."""
    md = to_markdown(build_matrix(tagged))
    assert "| sanctions | · | 1 | 1 | · | 2 | 4 |" in md
    assert "## SWIFT" in md and "### Japan-Russia Ties Amidst Ukraine Crisis (1)" in md
    assert "> removal from the SWIFT international banking system" in md
    assert "Simran Walia. *Japan-Russia Ties Amidst Ukraine Crisis*." in md
    assert "`caps-walia@" in md


def test_markdown_escapes_table_cells(seeded):
    """A tag name with a pipe cannot break the table."""
    tag(seeded, "caps-walia", "removal from the SWIFT", "a|b")
    assert "| a\\|b |" in to_markdown(build_matrix(seeded))


def test_empty_library_matrix_says_what_to_do(seeded):
    """No tagged highlights: the Markdown says how to fill the matrix; JSON has no tags."""
    m = build_matrix(seeded)
    assert m.is_empty()
    assert "No tagged highlights yet" in to_markdown(m)
    assert to_json(m)["tags"] == []


def test_json_lists_every_cell_with_its_quotes(tagged):
    """JSON has documents with citations, tags with totals and every cell (empty ones too)."""
    data = to_json(build_matrix(tagged))
    assert len(data["cells"]) == 3 * 5
    cell = next(c for c in data["cells"] if c["tag"] == "sanctions" and c["document"] == "caps-walia")
    assert cell["count"] == 2 and len(cell["quotes"]) == 2
    assert {t["name"]: t["total"] for t in data["tags"]} == {"sanctions": 4, "SWIFT": 2, "territorial dispute": 1}
