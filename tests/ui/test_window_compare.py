"""The compare tools as the main window offers them: docks, menus, the floating toolbar's Link, the layout
remembered across a restart."""
from __future__ import annotations

from PySide6.QtCore import Qt

from reader_app.ui.commands import AddHighlight

SWIFT = "excluded selected Russian banks from the SWIFT bank messaging system"


def _on_screen(widget) -> bool:
    """Qt keeps a dock behind another tab "visible", moved off screen."""
    return widget.isVisible() and not widget.visibleRegion().isEmpty()


def _menu_texts(window, title: str) -> list[str]:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == title)
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_first_start_tabs_notes_and_related_with_annotations(make_window, qtbot):
    """On first start the notes and related docks share the right-hand tabs with the annotations (which
    are in front), the matrix is hidden, the empty note editor too, and the View and Notes menus offer
    them."""
    window = make_window()
    tabbed = set(window.tabifiedDockWidgets(window.annotations_dock))
    assert {window.notes_dock, window.related_dock} <= tabbed
    assert window.dockWidgetArea(window.notes_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert _on_screen(window.annotations) and not _on_screen(window.compare.related_panel)
    assert not window.matrix_dock.isVisible() and not window.compare.matrix_built  # built when first shown
    assert window.compare.note_view.isHidden()  # no note chosen: the notes list has the dock to itself
    # Tabs name the tabbed docks; a title bar would repeat the name. A dock alone or floating keeps its own.
    assert all(d.titleBarWidget() is not None and d.titleBarWidget().height() == 0
               for d in (window.annotations_dock, window.notes_dock, window.related_dock))
    assert window.library_dock.titleBarWidget() is None
    window.related_dock.setFloating(True)
    qtbot.waitUntil(lambda: window.related_dock.titleBarWidget() is None)
    assert {"Notes", "Related Passages", "Evidence Matrix"} <= set(_menu_texts(window, "&View"))
    assert _menu_texts(window, "&Notes")[:2] == ["New Note", "Link Selection to Note…"]
    window.resize(1440, 900)  # the first-start size on a large screen (the offscreen one is 800 px square)
    qtbot.waitUntil(lambda: all(p.width() > 300 for p in window.desk.panes()))


def test_link_selection_from_the_menu_shows_the_note(make_window, seeded, qtbot):
    """Select the SWIFT sentence, Notes → Link Selection to Note…: a note holds it and the notes dock comes
    to the front with the note in its editor."""
    window = make_window()
    doc = seeded.documents.resolve("eaf-mahoney-2022")
    pane = window.desk.jump_to(doc.id, 0)
    start, end = seeded.highlights.find_quote(doc.id, SWIFT)
    pane.select_range(start, end)
    window.compare.note_view.set_note(window.compare.new_note())
    window.compare.link_action.trigger()
    note_id = window.compare.note_view.note_id
    made = [h.id for h in seeded.highlights.for_document(doc.id)]
    assert [lk.highlight_id for lk in seeded.notes.get(note_id).links] == made
    assert _on_screen(window.compare.note_view)


def test_floating_toolbar_links_the_selected_highlight(make_window, seeded, qtbot):
    """A selected highlight's floating toolbar offers Link…; it links that very highlight (no second
    one over the same span) into the note in the editor, and one undo takes the link away."""
    window = make_window()
    pane = window.desk.current_pane()
    start, end = seeded.highlights.find_quote(pane.doc_id, "Japan")
    add = AddHighlight(window.session, pane.doc_id, start, end)
    assert window.session.push(add)
    h = seeded.highlights.get(add.highlight_id)
    note_id = window.compare.new_note()
    pane.select_highlight(h.id)
    assert pane.toolbar.isVisible() and pane.toolbar.link_button.isVisible()
    qtbot.mouseClick(pane.toolbar.link_button, Qt.MouseButton.LeftButton)
    assert [lk.highlight_id for lk in seeded.notes.get(note_id).links] == [h.id]
    assert len(seeded.highlights.for_document(pane.doc_id)) == 1
    window.session.undo_stack.undo()
    assert not seeded.notes.get(note_id).links


def test_restart_brings_back_the_docks_where_they_were(make_window, qtbot):
    """Show the matrix and bring the related passages to the front; after a restart both are as left."""
    window = make_window()
    window.matrix_dock.toggleViewAction().trigger()
    assert window.matrix_dock.widget() is window.compare.matrix_view
    window.related_dock.raise_()
    qtbot.waitUntil(lambda: _on_screen(window.compare.related_panel))
    window.close()
    again = make_window()
    assert again.matrix_dock.isVisible() and again.matrix_dock.widget() is again.compare.matrix_view
    assert again.dockWidgetArea(again.matrix_dock) == Qt.DockWidgetArea.BottomDockWidgetArea
    assert _on_screen(again.compare.related_panel) and not _on_screen(again.annotations)


def test_linked_passages_wrap_without_overlap_in_the_side_dock(make_window, seeded, qtbot):
    """In the notes dock at its first-start width, each linked passage row is tall enough for its wrapped
    quote and source: nothing is drawn over the next row and no sideways scrolling is needed."""
    from reader_app.ui.commands_notes import LinkPassagesToNote, Passage

    window = make_window()
    spans = [("eaf-mahoney-2022", SWIFT), ("caps-walia", "removal from the SWIFT international banking system")]
    ids = [seeded.documents.resolve(k).id for k, _ in spans]
    passages = [Passage(i, *seeded.highlights.find_quote(i, q)) for i, (_, q) in zip(ids, spans, strict=True)]
    command = LinkPassagesToNote(window.session, passages, title="Who cut which banks off SWIFT, and when")
    assert window.session.push(command)
    window.compare.show_note(command.note_id)
    window.notes_dock.raise_()
    view = window.compare.note_view
    qtbot.waitUntil(lambda: _on_screen(view.list))
    assert view.title.cursorPosition() == 0  # a long title shows its beginning
    rects = [view.list.visualItemRect(view.list.item(i)) for i in range(view.list.count())]
    assert all(a.bottom() < b.top() for a, b in zip(rects, rects[1:]))
    for i in range(view.list.count()):
        row = view.list.itemWidget(view.list.item(i))
        assert row.source.geometry().bottom() <= row.height() and row.width() <= view.list.viewport().width()
