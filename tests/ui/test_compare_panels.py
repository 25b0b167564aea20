"""The related-passages panel and the evidence matrix, driven like a user: select text, read the results,
open one beside the pane, link both passages into a note; click matrix cells and rows, export."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from reader_app.ui.widgets.matrix_view import MatrixView, shade
from reader_app.ui.widgets.note_layout import SideBySide
from reader_app.ui.widgets.related_panel import RelatedPanel, open_beside

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
SWIFT = "excluded selected Russian banks from the SWIFT bank messaging system"


@pytest.fixture
def panel(session, qtbot):
    p = RelatedPanel(session)
    qtbot.addWidget(p)
    p.resize(380, 700)
    p.show()
    return p


def span(lib, key, quote):
    doc = lib.documents.resolve(key)
    return (doc.id, *lib.highlights.find_quote(doc.id, quote))


def test_selecting_in_the_desk_lists_related_passages_after_a_pause(session, desk, panel, qtbot):
    """The desk's selection feeds the panel; after the debounce the SWIFT passages of CAPS and CESCUBE are
    the first rows, their snippets in bold where they match; an emptied selection keeps the results."""
    desk.selection_changed.connect(panel.set_selection)
    doc_id, start, end = span(session.lib, "eaf-mahoney-2022", SWIFT)
    pane = desk.open_document(doc_id)
    assert panel.empty.isVisible()
    pane.select_range(start, end)
    qtbot.waitUntil(lambda: bool(panel.results), timeout=2000)
    assert [p.document_key for p in panel.results[:2]] == ["caps-walia", "cescube-ukraine"]
    rows = panel.result_rows()
    assert "<b>SWIFT</b>" in rows[0].text.text() and "Japan-Russia Ties" in rows[0].source.text()
    assert "for “excluded selected Russian banks" in panel.context.text()
    pane.select_range(start, start)
    qtbot.wait(350)
    assert panel.results and panel.source == (doc_id, start, end)


def test_a_click_opens_the_passage_beside_the_current_pane(session, desk, panel, qtbot):
    """Clicking a result asks to open it; open_beside puts it right of the current pane, scrolled to the
    passage, and the source pane stays current."""
    left = desk.open_document(session.lib.documents.resolve("nbr-oshea").id)
    source = desk.open_document(session.lib.documents.resolve("eaf-mahoney-2022").id)
    desk.move_pane(1, -1)  # EAF first, NBR second
    desk.set_current(source)
    doc_id, start, end = span(session.lib, "eaf-mahoney-2022", SWIFT)
    panel.set_selection(doc_id, start, end)
    panel.refresh()
    panel.open_requested.connect(lambda d, s, e: open_beside(desk, d, s, e))
    with qtbot.waitSignal(panel.open_requested):
        qtbot.mouseClick(panel.result_rows()[0], Qt.MouseButton.LeftButton)
    keys = [p.document.key for p in desk.panes()]
    assert keys == ["eaf-mahoney-2022", "caps-walia", "nbr-oshea"]
    assert desk.current_pane() is source and left in desk.panes()
    opened = desk.panes()[1]
    first, last = (opened.mapping.to_cp(p) for p in opened.view.visible_range())
    assert first <= panel.results[0].start < last


def test_link_puts_both_passages_into_a_new_or_existing_note_undoably(session, panel):
    """"Link" makes a note holding the selection and the related passage (highlighting both); undo removes
    note and highlights; linking another result into that note adds only the new passage."""
    lib = session.lib
    doc_id, start, end = span(lib, "eaf-mahoney-2022", SWIFT)
    panel.set_selection(doc_id, start, end)
    panel.refresh()
    note_id = panel.link_to_note(0, title="SWIFT in three sources")
    note = lib.notes.get(note_id)
    quotes = [lib.highlights.get(lk.highlight_id).exact for lk in note.links]
    assert quotes[0] == SWIFT and "SWIFT" in quotes[1]
    assert [lk.relation for lk in note.links] == ["supports", "same fact"]
    assert panel.link_to_note(1, note_id=note_id) == note_id
    assert len(lib.notes.get(note_id).links) == 3  # the selection's highlight was reused, not doubled
    assert lib.highlights.count() == 3
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert lib.notes.list() == [] and lib.highlights.count() == 0
    menu = panel.result_rows()[0].link.menu()
    menu.aboutToShow.emit()
    assert menu.actions()[0].text() == "New note…"


def test_nothing_related_says_so(session, panel):
    """A selection of function words finds nothing, and the panel says why."""
    doc = session.lib.documents.resolve("caps-walia")
    text = session.lib.documents.text(doc.id)
    at = text.index(" and the ")
    panel.set_selection(doc.id, at, at + 9)
    panel.refresh()
    assert panel.results == [] and "share none" in panel.empty.text()


@pytest.fixture
def tagged(session):
    lib = session.lib
    for key, quote, tags in (
        ("caps-walia", "removal from the SWIFT international banking system", ["sanctions", "SWIFT"]),
        ("caps-walia", "an asset freeze on some of the Russian banks", ["sanctions"]),
        ("caps-walia", "visa bans and frozen assets", ["sanctions"]),
        ("eaf-mahoney-2022", SWIFT, ["sanctions", "SWIFT"]),
        ("nbr-oshea", "This included financial sanctions", ["sanctions"]),
        ("cescube-ukraine", "ban Russia from the SWIFT global payment systems", ["SWIFT"]),
        ("diplomat-hornung-2022", "Russian-held Southern Kuril Islands", ["territorial dispute"]),
        ("caps-walia", "The islands are named as the Southern Kurils in Russia", ["territorial dispute"]),
        ("nbr-oshea", "the so-called Northern Territories", ["territorial dispute"]),
    ):
        doc_id, start, end = span(lib, key, quote)
        lib.highlights.add(doc_id, start, end, tags=tags)
    return session


def test_matrix_cells_count_and_shade_and_list_quotes(tagged, qtbot):
    """The table holds tags × documents with counts; a bigger count is shaded stronger; clicking a cell
    lists its quotes with the citation; double-clicking a quote asks to jump there."""
    view = MatrixView(tagged)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    m = view.matrix
    caps = [d.key for d in m.documents].index("caps-walia")
    sanctions = [t.name for t in m.tags].index("sanctions")
    assert view.table.item(sanctions, caps).text() == "3"
    assert view.table.item([t.name for t in m.tags].index("SWIFT"), [d.key for d in m.documents].index(
        "nbr-oshea")).text() == "·"
    assert shade(3, 3, False).alpha() > shade(1, 3, False).alpha() > shade(0, 3, False).alpha() == 0
    view.table.setCurrentCell(sanctions, caps)
    assert view.quotes.count() == 3 and "Simran Walia" in view.cell_title.text()
    with qtbot.waitSignal(view.jump_requested) as blocker:
        view.quotes.itemDoubleClicked.emit(view.quotes.item(0))
    assert blocker.args[0] == tagged.lib.documents.resolve("caps-walia").id


def test_matrix_row_opens_the_tags_passages_side_by_side(tagged, desk, qtbot):
    """Clicking a tag row opens its documents side by side at its passages, joined by connectors."""
    view = MatrixView(tagged)
    qtbot.addWidget(view)
    layout = SideBySide(desk, tagged)
    view.row_open_requested.connect(layout.open_tag)
    row = [t.name for t in view.matrix.tags].index("territorial dispute")
    view.table.verticalHeader().sectionClicked.emit(row)
    qtbot.wait(50)
    assert [p.document.key for p in desk.panes()] == ["diplomat-hornung-2022", "nbr-oshea", "caps-walia"]
    assert len(layout.overlay.connectors()) == 2
    assert "Tag: #territorial dispute" in layout.banner.label.text()


def test_matrix_follows_changes_and_exports(tagged, qtbot, tmp_path):
    """A new tagged highlight updates the table (a hidden matrix when it is shown again); CSV and Markdown
    exports carry the counts and quotes."""
    view = MatrixView(tagged)
    qtbot.addWidget(view)
    view.show()
    view.hide()
    doc_id, start, end = span(tagged.lib, "diplomat-hornung-2022", "By sanctioning Russian banks")
    from reader_app.ui.commands import AddHighlight

    assert tagged.push(AddHighlight(tagged, doc_id, start, end, tags=["sanctions"]))
    sanctions = [t.name for t in view.matrix.tags].index("sanctions")
    assert view.matrix.row_total(view.matrix.tags[sanctions].id) == 5  # hidden: not rebuilt yet
    view.show()
    assert view.matrix.row_total(view.matrix.tags[sanctions].id) == 6
    rows = list(csv.reader(io.StringIO(view.export(tmp_path / "m.csv", "csv").read_text(encoding="utf-8-sig"))))
    assert rows[0][0] == "tag" and rows[1 + sanctions][-1] == "6"
    md = view.export(tmp_path / "m.md", "md").read_text(encoding="utf-8")
    assert "> By sanctioning Russian banks" in md and "## territorial dispute" in md
    view.used_only.setChecked(True)
    assert len(view.matrix.documents) == 5  # every source has evidence now


def test_matrix_empty_state(session, qtbot):
    """Without tags the matrix explains how to fill it and disables export."""
    view = MatrixView(session)
    qtbot.addWidget(view)
    view.show()
    assert view.empty.isVisible() and not view.export_csv.isEnabled()


def test_screenshots_of_the_matrix_and_related_panel(tagged, panel, qtbot):
    """Saves the evidence matrix (a cell's quotes open) and the related-passages panel for a human look."""
    SCREENSHOTS.mkdir(exist_ok=True)
    view = MatrixView(tagged)
    qtbot.addWidget(view)
    view.resize(1000, 640)
    view.show()
    caps = [d.key for d in view.matrix.documents].index("caps-walia")
    view.table.setCurrentCell([t.name for t in view.matrix.tags].index("sanctions"), caps)
    qtbot.wait(30)
    assert view.grab().save(str(SCREENSHOTS / "evidence-matrix.png"))
    doc_id, start, end = span(tagged.lib, "eaf-mahoney-2022", SWIFT)
    panel.set_selection(doc_id, start, end)
    panel.refresh()
    qtbot.wait(30)
    assert panel.grab().save(str(SCREENSHOTS / "related-passages.png"))


def test_note_summary_reads_markdown_as_text():
    """The notes list shows a note's first line as it reads, without Markdown's marks."""
    from reader_app.ui.widgets.notes_panel import plain_line

    assert plain_line("Mahoney dates it to **16 March**; see [CAPS](http://x) and `SWIFT`") == \
        "Mahoney dates it to 16 March; see CAPS and SWIFT"
    assert plain_line("## Open questions") == "Open questions"
    assert plain_line("2 * 3 * 4") == "2 * 3 * 4"
