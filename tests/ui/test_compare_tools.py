"""The compare tools wired to a real desk: what a user does across panes, panels and the matrix."""
from __future__ import annotations

import pytest

from reader_app.ui.session import Session
from reader_app.ui.widgets.compare_tools import CompareTools
from reader_app.ui.widgets.desk import Desk

SWIFT = "excluded selected Russian banks from the SWIFT bank messaging system"


@pytest.fixture
def tools(seeded, qtbot):
    session = Session(seeded)
    desk = Desk(session)
    qtbot.addWidget(desk)
    desk.resize(1400, 800)
    desk.show()
    qtbot.waitExposed(desk)
    t = CompareTools(session, desk)
    for w in (t.notes_panel, t.note_view, t.related_panel, t.matrix_view):
        qtbot.addWidget(w)
    t.related_panel.show()  # a hidden panel keeps its selection for later instead of searching
    yield t
    session.undo_stack.clear()


def test_select_link_relate_and_open_a_note(tools, qtbot):
    """Select a sentence, link it to a new note with the action; the related panel follows the selected
    highlight; linking its first result adds the CAPS passage (reusing the highlight); opening the note lays out both documents with a
    connector; each pane carries a margin marker for its linked passage."""
    lib, desk = tools.session.lib, tools.desk
    doc = lib.documents.resolve("eaf-mahoney-2022")
    pane = desk.open_document(doc.id)
    start, end = lib.highlights.find_quote(doc.id, SWIFT)
    pane.select_range(start, end)
    note_id = tools.link_selection(title="SWIFT")
    assert note_id and lib.notes.get(note_id).links
    assert tools.note_view.note_id == note_id and tools.notes_panel.current_note() == note_id
    pane.select_range(start, start)
    pane.select_highlight(lib.notes.get(note_id).links[0].highlight_id)  # the new highlight, selected
    qtbot.waitUntil(lambda: bool(tools.related_panel.results), timeout=2000)
    assert tools.related_panel.results[0].document_key == "caps-walia"
    assert tools.related_panel.link_to_note(0, note_id=note_id) == note_id
    assert len(lib.notes.get(note_id).links) == 2
    tools.notes_panel.note_open_requested.emit(note_id)
    qtbot.wait(50)
    assert [p.document.key for p in desk.panes()] == ["eaf-mahoney-2022", "caps-walia"]
    assert len(tools.side_by_side.overlay.connectors()) == 1
    assert all(len(tools.markers[id(p)].markers()) == 1 for p in desk.panes())


def test_matrix_quote_jumps_and_new_note_action(tools, qtbot):
    """A double-clicked matrix quote opens its document at the passage; New Note creates and selects an
    untitled note ready for its title; linking without a selection is reported."""
    lib, desk = tools.session.lib, tools.desk
    doc = lib.documents.resolve("caps-walia")
    start, end = lib.highlights.find_quote(doc.id, "removal from the SWIFT international banking system")
    lib.highlights.add(doc.id, start, end, tags=["sanctions"])
    tools.matrix_view.rebuild()
    tools.matrix_view.table.setCurrentCell(0, [d.key for d in tools.matrix_view.matrix.documents].index("caps-walia"))
    tools.matrix_view.quotes.itemDoubleClicked.emit(tools.matrix_view.quotes.item(0))
    assert desk.current_pane().doc_id == doc.id
    note_id = tools.new_note()
    assert lib.notes.get(note_id).title == "Untitled note" and tools.note_view.note_id == note_id
    desk.current_pane().select_range(start, start)
    with qtbot.waitSignal(tools.session.error):
        assert tools.link_selection() == 0
