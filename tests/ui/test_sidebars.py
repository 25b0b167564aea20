"""The library and annotations sidebars as a user drives them: filter, open, pick filters, click to jump."""
from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from reader_app.ui.models.annotations import KindRole
from reader_app.ui.widgets.annotations_sidebar import ORPHAN_LABEL, AnnotationsSidebar
from reader_app.ui.widgets.library_sidebar import LibrarySidebar


def _highlight(lib, doc_id, quote, **kw):
    start, end = lib.highlights.find_quote(doc_id, quote)
    return lib.highlights.add(doc_id, start, end, **kw)[0]


def _visible_rect(view, row):
    return view.visualRect(view.model().index(row, 0))


def test_library_filter_and_enter_opens_in_new_pane(qtbot, seeded):
    """Typing in the filter narrows the list; Enter on the list asks for the document in a new pane."""
    sidebar = LibrarySidebar(seeded)
    qtbot.addWidget(sidebar)
    sidebar.resize(320, 600)
    sidebar.show()
    qtbot.keyClicks(sidebar.filter_edit, "nbr")
    assert sidebar.proxy.rowCount() == 1
    qtbot.keyClick(sidebar.filter_edit, Qt.Key.Key_Return)  # Enter in the filter moves to the first match
    assert sidebar.view.hasFocus() or sidebar.view.currentIndex().isValid()
    nbr = next(d for d in seeded.documents.list() if "NBR" in d.publisher)
    with qtbot.waitSignal(sidebar.open_requested) as signal:
        qtbot.keyClick(sidebar.view, Qt.Key.Key_Return)
    assert signal.args == [nbr.id, True]
    with qtbot.waitSignal(sidebar.open_requested) as signal:  # Shift+Enter: replace the current pane
        qtbot.keyClick(sidebar.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert signal.args == [nbr.id, False]


def test_library_empty_filter_shows_message_and_context_menu_replaces(qtbot, seeded):
    """A filter matching nothing shows an empty-state line; the context menu offers replace-current-pane."""
    sidebar = LibrarySidebar(seeded)
    qtbot.addWidget(sidebar)
    sidebar.show()
    sidebar.filter_edit.setText("zzzz nothing")
    assert sidebar.empty.isVisible() and not sidebar.view.isVisible()
    assert "No documents match" in sidebar.empty.text()
    sidebar.filter_edit.clear()
    assert sidebar.view.isVisible()
    menu = sidebar.context_menu(sidebar.proxy.index(2, 0))
    texts = [a.text() for a in menu.actions()]
    assert texts == ["Open in New Pane", "Replace Current Pane"]
    with qtbot.waitSignal(sidebar.open_requested) as signal:
        menu.actions()[1].trigger()
    assert signal.args == [sidebar.document_id_at(2), False]


def test_library_double_click_opens_and_counts_refresh(qtbot, seeded):
    """Double-click asks for a new pane; a highlight made in the store shows in the count after reload."""
    sidebar = LibrarySidebar(seeded)
    qtbot.addWidget(sidebar)
    sidebar.resize(320, 600)
    sidebar.show()
    doc_id = sidebar.document_id_at(0)
    pos = _visible_rect(sidebar.view, 0).center()
    with qtbot.waitSignal(sidebar.open_requested) as signal:
        # A real double-click is a press, a release, then the double-click event on the same item.
        qtbot.mouseClick(sidebar.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        qtbot.mouseDClick(sidebar.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert signal.args == [doc_id, True]
    _highlight(seeded, doc_id, "Japan")
    sidebar.reload()
    from reader_app.ui.models.documents import HighlightCountRole

    assert sidebar.proxy.index(0, 0).data(HighlightCountRole) == 1


def test_annotations_sidebar_lists_open_documents_and_filters(qtbot, seeded):
    """Only open documents' highlights by default; tag, colour and text boxes each narrow the list."""
    docs = seeded.documents.list()
    _highlight(seeded, docs[0].id, "Kuril", color="blue", tags=["territory"])
    _highlight(seeded, docs[0].id, "SWIFT", color="pink", tags=["sanctions"]) if "SWIFT" in \
        seeded.documents.text(docs[0].id) else _highlight(seeded, docs[0].id, "Russia", color="pink",
                                                           tags=["sanctions"])
    _highlight(seeded, docs[1].id, "SWIFT", tags=["sanctions"], note="Date differs\nfrom NBR")
    sidebar = AnnotationsSidebar(seeded)
    qtbot.addWidget(sidebar)
    sidebar.resize(340, 700)
    sidebar.show()
    assert sidebar.model.rowCount() == 0 and "Open a document" in sidebar.empty.text()
    sidebar.set_open_documents([docs[1].id])
    assert [sidebar.model.index(r).data() for r in range(sidebar.model.rowCount())] == [docs[1].title, "SWIFT"]
    sidebar.all_documents.setChecked(True)
    assert sidebar.model.highlight_total == 3
    assert sidebar.caption.text() == "3 highlights"

    sidebar.tag_filter.setCurrentIndex(sidebar.tag_filter.findData("sanctions"))
    assert sidebar.model.highlight_total == 2
    sidebar.tag_filter.setCurrentIndex(0)
    sidebar.color_filter.setCurrentIndex(sidebar.color_filter.findData("blue"))
    assert [sidebar.model.index(r).data() for r in range(1, sidebar.model.rowCount())] == ["Kuril"]
    sidebar.color_filter.setCurrentIndex(0)
    qtbot.keyClicks(sidebar.text_filter, "date differs")  # matches the note, not the quote
    assert sidebar.model.highlight_total == 1
    qtbot.keyClicks(sidebar.text_filter, " nowhere")
    assert sidebar.empty.isVisible() and "No highlights match" in sidebar.empty.text()


def test_annotations_click_jumps_and_orphans_are_marked(qtbot, seeded):
    """Clicking a highlight row emits its document and span; orphans paint an 'orphaned' chip."""
    from reader_app.core.model import DocumentMeta, ImportedDocument

    docs = seeded.documents.list()
    h = _highlight(seeded, docs[0].id, "Kuril", tags=["territory"])
    other = _highlight(seeded, docs[1].id, "Japan")
    seeded.documents.reimport(docs[1].id, ImportedDocument("Nothing in common.", [], DocumentMeta(), "txt"))
    sidebar = AnnotationsSidebar(seeded)
    qtbot.addWidget(sidebar)
    sidebar.resize(340, 600)
    sidebar.show()
    sidebar.set_open_documents([docs[0].id, docs[1].id])
    assert sidebar.model.index(0).data(KindRole) == "header"
    with qtbot.waitSignal(sidebar.jump_requested) as signal:
        qtbot.mouseClick(sidebar.view.viewport(), Qt.MouseButton.LeftButton,
                         pos=_visible_rect(sidebar.view, 1).center())
    assert signal.args == [docs[0].id, h.start, h.end, h.id]
    with qtbot.assertNotEmitted(sidebar.jump_requested):  # headers are not passages
        qtbot.mouseClick(sidebar.view.viewport(), Qt.MouseButton.LeftButton,
                         pos=_visible_rect(sidebar.view, 0).center() + QPoint(0, 0))
    orphan_row = sidebar.model.row_of_highlight(other.id)
    assert orphan_row == 3
    image = sidebar.view.viewport().grab()
    assert not image.isNull()
    from reader_app.ui.models.annotations import OrphanedRole

    assert sidebar.model.index(orphan_row).data(OrphanedRole) and ORPHAN_LABEL == "orphaned"


def test_annotations_sidebar_follows_tag_changes(qtbot, seeded):
    """A tag created elsewhere appears in the tag box after the session announces it."""
    from reader_app.core.changes import Changes

    sidebar = AnnotationsSidebar(seeded)
    qtbot.addWidget(sidebar)
    doc = seeded.documents.list()[0]
    h, changes = seeded.highlights.add(doc.id, 0, 5, tags=["new tag"])
    sidebar.set_open_documents([doc.id])
    sidebar.on_changed(changes)
    assert sidebar.tag_filter.findData("new tag") > 0
    sidebar.set_filters(tag="new tag")
    assert sidebar.model.highlight_total == 1
    sidebar.on_changed(Changes.of(highlights=[h.id]))
    assert sidebar.tag_filter.currentData() == "new tag"
