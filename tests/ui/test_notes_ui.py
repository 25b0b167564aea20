"""Cross-document notes in the UI: link passages of three documents, open the note side by side (panes at
their passages, connectors between them, following scrolling and resizing), edit it in the note view and
the notes list, margin markers in the reader, and undo/redo of every step."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from reader_app.ui.commands_notes import (
    CreateNote,
    DeleteNote,
    LinkPassage,
    LinkSelectionToNote,
    ReorderLinks,
    SetRelation,
    UnlinkPassage,
)
from reader_app.ui.widgets.note_layout import SideBySide
from reader_app.ui.widgets.note_markers import NoteMarkers
from reader_app.ui.widgets.note_view import NoteView
from reader_app.ui.widgets.notes_panel import NotesPanel

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"

# (document key, quote, relation): the three sources' words on Russia and SWIFT.
SWIFT_PASSAGES = [
    ("eaf-mahoney-2022", "excluded selected Russian banks from the SWIFT bank messaging system", "same fact"),
    ("caps-walia", "supported Russia’s removal from the SWIFT international banking system", "supports"),
    ("cescube-ukraine", "Japan has also decided to ban Russia from the SWIFT global payment systems", "contradicts"),
]
TITLE = "Three sources on the SWIFT exclusion"


@pytest.fixture
def desk(desk):
    """The shared desk, a little wider so three panes and their connectors fit."""
    desk.resize(1500, 820)
    return desk


def span(lib, key, quote):
    doc = lib.documents.resolve(key)
    return (doc.id, *lib.highlights.find_quote(doc.id, quote))


def make_note(session) -> int:
    """The note as a user builds it: "Link selection to note…" three times, the first making the note."""
    doc_id, start, end = span(session.lib, *SWIFT_PASSAGES[0][:2])
    first = LinkSelectionToNote(session, doc_id, start, end, title=TITLE, relation=SWIFT_PASSAGES[0][2])
    assert session.push(first)
    for key, quote, relation in SWIFT_PASSAGES[1:]:
        assert session.push(LinkSelectionToNote(session, *span(session.lib, key, quote), note_id=first.note_id,
                                                relation=relation))
    return first.note_id


def passage_on_screen(pane, start: int, end: int) -> bool:
    """The passage's first and last lines lie inside the viewport."""
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(pane.view.document())
    cursor.setPosition(pane.mapping.to_utf16(start))
    top = pane.view.cursorRect(cursor).top()
    cursor.setPosition(pane.mapping.to_utf16(end))
    return top >= 0 and pane.view.cursorRect(cursor).bottom() <= pane.view.viewport().height()


def test_note_of_three_documents_opens_side_by_side_with_connectors(session, desk, qtbot):
    """Each linked document gets a pane, in link order, scrolled so its passage is on screen; connectors
    join the passages of neighbouring panes, each end in its relation's colour."""
    note_id = make_note(session)
    note = session.lib.notes.get(note_id)
    assert [lk.relation for lk in note.links] == ["same fact", "supports", "contradicts"]
    layout = SideBySide(desk, session)
    layout.open_note(note_id)
    qtbot.wait(100)
    keys = [p.document.key for p in desk.panes()]
    assert keys == [k for k, _, _ in SWIFT_PASSAGES]
    for pane, (key, quote, _) in zip(desk.panes(), SWIFT_PASSAGES, strict=True):
        _, start, end = span(session.lib, key, quote)
        assert passage_on_screen(pane, start, end), key
    connectors = layout.overlay.connectors()
    assert [(c.left_pane, c.right_pane) for c in connectors] == [(0, 1), (1, 2)]
    assert [(c.left.relation, c.right.relation) for c in connectors] == [("same fact", "supports"),
                                                                          ("supports", "contradicts")]
    assert all(c.on_screen and c.start.x() < c.end.x() for c in connectors)
    assert layout.overlay.isVisible() and layout.banner.isVisible()
    assert TITLE in layout.banner.label.text() and "3 passages" in layout.banner.label.text()


def test_note_banner_takes_its_own_strip_under_the_panes(session, desk, qtbot):
    """The "Note: … · 3 passages" banner sits below every pane's text area instead of over its last lines;
    closed, it gives that height back to the panes."""
    from PySide6.QtCore import QRect

    layout = SideBySide(desk, session)
    layout.open_note(make_note(session))
    qtbot.waitUntil(lambda: desk.splitter.isVisible() and desk.splitter.height() < desk.height())
    banner = QRect(layout.banner.pill.mapTo(desk, layout.banner.pill.rect().topLeft()), layout.banner.pill.size())
    assert layout.banner.isVisible() and banner.height() > 0
    for pane in desk.panes():
        viewport = pane.view.viewport()
        text_area = QRect(viewport.mapTo(desk, viewport.rect().topLeft()), viewport.size())
        assert not text_area.intersects(banner), pane.document.key
        assert text_area.bottom() < banner.top()
    layout.close()
    qtbot.waitUntil(lambda: desk.splitter.height() == desk.height())

def test_connectors_follow_scrolling_and_resizing(session, desk, qtbot):
    """Scrolling a pane moves its end of the connector; scrolling the passage away pins it to the edge
    (drawn dashed); widening the desk moves the connectors sideways."""
    layout = SideBySide(desk, session)
    layout.open_note(make_note(session))
    qtbot.wait(50)
    before = layout.overlay.connectors()[0]
    bar = desk.panes()[0].view.verticalScrollBar()
    bar.setValue(bar.value() + 2)
    after = layout.overlay.connectors()[0]
    assert after.start.y() < before.start.y() and after.end == before.end
    bar.setValue(bar.maximum())
    assert not layout.overlay.connectors()[0].on_screen
    desk.resize(1800, 820)
    qtbot.wait(50)
    wider = layout.overlay.connectors()[1]
    assert wider.end.x() > before.end.x() + 100
    assert layout.overlay.geometry() == desk.rect()


def test_undo_redo_of_link_and_unlink(session, desk):
    """Link and Unlink are undoable ("Undo Link", "Undo Unlink"): undo of an unlink puts the passage back at
    its place with its relation; redo repeats exactly."""
    note_id = make_note(session)
    lib = session.lib
    links = lib.notes.get(note_id).links
    middle = links[1]
    assert session.push(UnlinkPassage(session, note_id, middle.highlight_id))
    assert session.undo_stack.undoText() == "Unlink"
    assert [lk.highlight_id for lk in lib.notes.get(note_id).links] == [links[0].highlight_id, links[2].highlight_id]
    session.undo_stack.undo()
    assert lib.notes.get(note_id).links == links
    session.undo_stack.redo()
    assert middle.highlight_id not in [lk.highlight_id for lk in lib.notes.get(note_id).links]
    session.undo_stack.undo()

    doc_id, start, end = span(lib, "nbr-oshea", "This included financial sanctions")
    h, _ = lib.highlights.add(doc_id, start, end)
    assert session.push(LinkPassage(session, note_id, h.id, "adds detail"))
    assert session.undo_stack.undoText() == "Link"
    assert lib.notes.get(note_id).links[-1].highlight_id == h.id
    session.undo_stack.undo()
    assert h.id not in [lk.highlight_id for lk in lib.notes.get(note_id).links]
    session.undo_stack.redo()
    assert lib.notes.get(note_id).links[-1].relation == "adds detail"


def test_link_selection_undo_removes_the_highlight_and_redo_restores_the_same(session):
    """"Link selection to note…" made a highlight and a note: undo removes both, redo brings back the same
    ids, linked again."""
    lib = session.lib
    doc_id, start, end = span(lib, *SWIFT_PASSAGES[0][:2])
    command = LinkSelectionToNote(session, doc_id, start, end, title="One passage")
    assert session.push(command)
    note = lib.notes.get(command.note_id)
    hid = note.links[0].highlight_id
    assert lib.highlights.get(hid).start == start
    session.undo_stack.undo()
    assert lib.notes.list() == [] and lib.highlights.count() == 0
    session.undo_stack.redo()
    assert lib.notes.get(command.note_id).links[0].highlight_id == hid
    assert lib.highlights.get(hid).end == end


def test_relation_order_and_delete_are_undoable(session):
    """SetRelation, ReorderLinks and DeleteNote each undo to the previous state."""
    lib = session.lib
    note_id = make_note(session)
    ids = [lk.highlight_id for lk in lib.notes.get(note_id).links]
    assert session.push(SetRelation(session, note_id, ids[2], "adds detail"))
    assert lib.notes.get(note_id).links[2].relation == "adds detail"
    session.undo_stack.undo()
    assert lib.notes.get(note_id).links[2].relation == "contradicts"
    assert session.push(ReorderLinks(session, note_id, ids[::-1]))
    assert [lk.highlight_id for lk in lib.notes.get(note_id).links] == ids[::-1]
    session.undo_stack.undo()
    assert [lk.highlight_id for lk in lib.notes.get(note_id).links] == ids
    before = lib.notes.get(note_id)
    assert session.push(DeleteNote(session, note_id))
    session.undo_stack.undo()
    assert lib.notes.get(note_id) == before


def test_a_refused_command_leaves_the_stack_and_reports(session, qtbot):
    """Linking to a note that does not exist is reported through session.error and not kept for undo."""
    doc_id, start, end = span(session.lib, *SWIFT_PASSAGES[0][:2])
    h, _ = session.lib.highlights.add(doc_id, start, end)
    with qtbot.waitSignal(session.error) as blocker:
        assert not session.push(LinkPassage(session, 999, h.id))
    assert "999" in blocker.args[0]
    assert session.undo_stack.count() == 0


def test_note_view_shows_quotes_with_sources_and_edits_through_commands(session, qtbot):
    """The editor lists the passages in order as quotes with their source; relation menu, Move down,
    Unlink and the title field change the store through undoable commands."""
    note_id = make_note(session)
    view = NoteView(session)
    qtbot.addWidget(view)
    view.resize(620, 720)
    view.show()
    view.set_note(note_id)
    rows = [view.list.itemWidget(view.list.item(i)) for i in range(view.list.count())]
    assert [r.passage.document.key for r in rows] == [k for k, _, _ in SWIFT_PASSAGES]
    assert SWIFT_PASSAGES[1][1] in rows[1].quote.text() and "Centre for Air Power Studies" in rows[1].source.text()
    assert view.passages_label.text() == "Linked passages (3 from 3 documents)"
    rows[0].relation.setCurrentText("quotes")
    assert session.lib.notes.get(note_id).links[0].relation == "quotes"
    assert session.undo_stack.undoText() == "Relation 'quotes'"
    view.list.setCurrentRow(0)
    view.down.click()
    first_two = [lk.highlight_id for lk in session.lib.notes.get(note_id).links][:2]
    assert first_two == [rows[1].passage.highlight.id, rows[0].passage.highlight.id]
    assert view.list.currentRow() == 1
    view.unlink.click()
    assert len(session.lib.notes.get(note_id).links) == 2
    session.undo_stack.undo()
    assert len(session.lib.notes.get(note_id).links) == 3 and view.list.count() == 3
    view.title.setText("Renamed")
    view.title.editingFinished.emit()
    assert session.lib.notes.get(note_id).title == "Renamed"
    view.body.setPlainText("The **dates** differ.")
    view.commit_body()
    assert session.lib.notes.get(note_id).body == "The **dates** differ."
    with qtbot.waitSignal(view.open_side_by_side) as blocker:
        view.open_button.click()
    assert blocker.args == [note_id]


def test_notes_panel_lists_notes_with_their_documents(session, qtbot, qtmodeltester):
    """The list shows each note with its passage count and linked documents; activating opens it; an empty
    library shows what to do."""
    panel = NotesPanel(session)
    qtbot.addWidget(panel)
    panel.resize(360, 500)
    panel.show()
    assert panel.empty.isVisible() and "Link selection to note" in panel.empty.text()
    note_id = make_note(session)
    assert session.push(CreateNote(session, "Kuril Islands: two names"))
    assert not panel.empty.isVisible() and panel.model.rowCount() == 2
    qtmodeltester.check(panel.model)
    row = panel.model.index(panel.model.row_of(note_id)).data(Qt.ItemDataRole.UserRole + 2)
    assert row.passages == 3 and row.documents == tuple(k for k, _, _ in SWIFT_PASSAGES)
    panel.filter.setText("kuril")
    assert len(panel.note_ids()) == 1
    panel.filter.clear()
    panel.select_note(note_id)
    with qtbot.waitSignal(panel.note_open_requested) as blocker:
        panel.view.doubleClicked.emit(panel.view.currentIndex())
    assert blocker.args == [note_id]


def test_more_than_four_documents_are_paged(session, desk, qtbot):
    """A note linking five documents opens four panes; the banner pages to the fifth."""
    note_id = make_note(session)
    for key, quote in (("nbr-oshea", "This included financial sanctions"),
                       ("diplomat-hornung-2022", "By sanctioning Russian banks")):
        assert session.push(LinkSelectionToNote(session, *span(session.lib, key, quote), note_id=note_id))
    layout = SideBySide(desk, session)
    layout.open_note(note_id)
    assert len(desk.panes()) == 4 and layout.page_count() == 2
    assert "documents 1–4 of 5" in layout.banner.label.text()
    layout.banner.next.click()
    qtbot.wait(20)
    assert [p.document.key for p in desk.panes()] == ["diplomat-hornung-2022"]
    assert layout.overlay.connectors() == []  # one pane: nothing to join
    layout.close()
    assert not layout.overlay.isVisible() and not layout.banner.isVisible()


def test_margin_markers_show_preview_and_open_the_note(session, desk, qtbot):
    """A passage linked to a note has a marker in its pane's margin; hovering previews the note with the
    passage's relation; clicking asks to open that note."""
    note_id = make_note(session)
    session.lib.notes.update(note_id, body="Dates differ: 16 March vs. earlier reports.")
    layout = SideBySide(desk, session)
    layout.open_note(note_id)
    qtbot.wait(50)
    pane = desk.panes()[1]
    markers = NoteMarkers.attach(pane)
    qtbot.wait(20)
    found = markers.markers()
    assert len(found) == 1
    preview = markers.preview(found[0])
    assert TITLE in preview and "supports" in preview and "Dates differ" in preview
    with qtbot.waitSignal(markers.note_open_requested) as blocker:
        qtbot.mouseClick(markers, Qt.MouseButton.LeftButton, pos=found[0].rect.center())
    assert blocker.args == [note_id]
    assert markers.geometry().right() < pane.view.viewport().geometry().left()
    session.push(UnlinkPassage(session, note_id, found[0].highlight_id))
    assert markers.markers() == []
    assert markers.marker_at(QPoint(5, 5)) is None


def test_screenshot_note_side_by_side(session, desk, qtbot):
    """Saves the note opened side by side, connectors and margin markers included, for a human look."""
    note_id = make_note(session)
    session.lib.notes.update(note_id, body="EAF and CAPS agree on the fact; CESCUBE words it as a ban on Russia.")
    layout = SideBySide(desk, session)
    layout.open_note(note_id)
    for pane in desk.panes():
        NoteMarkers.attach(pane)
    qtbot.wait(80)
    SCREENSHOTS.mkdir(exist_ok=True)
    image = desk.grab()
    assert image.save(str(SCREENSHOTS / "note-side-by-side.png"))
    assert image.width() == 1500 and len(layout.overlay.connectors()) == 2
    view = NoteView(session)
    qtbot.addWidget(view)
    view.resize(620, 640)
    view.show()
    view.set_note(note_id)
    qtbot.wait(30)
    assert view.grab().save(str(SCREENSHOTS / "note-editor.png"))
    assert session.push(CreateNote(session, "Kuril Islands or Northern Territories: who says which",
                                   "CAPS gives both names; NBR only the Japanese one."))
    panel = NotesPanel(session)
    qtbot.addWidget(panel)
    panel.resize(340, 420)
    panel.show()
    panel.select_note(note_id)
    qtbot.wait(30)
    assert panel.grab().save(str(SCREENSHOTS / "notes-list.png"))
