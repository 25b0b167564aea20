"""Library search as a user drives it from the keyboard: type, see bold snippets, arrow down, Enter."""
from __future__ import annotations

from PySide6.QtCore import Qt

from reader_app.ui.dialogs.search_dialog import SearchDialog
from reader_app.ui.models.search_results import SnippetHtmlRole


def test_typing_shows_ranked_hits_with_bold_snippets(qtbot, seeded):
    """Each keystroke searches; the last word matches as a prefix, so "SWI" already finds SWIFT."""
    dialog = SearchDialog(seeded)
    qtbot.addWidget(dialog)
    dialog.start()
    assert "Type words" in dialog.status.text()
    qtbot.keyClicks(dialog.query, "SWI")
    assert dialog.model.rowCount() >= 3
    assert "<b>SWIFT</b>" in dialog.model.index(0).data(SnippetHtmlRole)
    assert dialog.results.currentIndex().row() == 0
    assert dialog.status.text().startswith(f"{dialog.model.rowCount()} hits")


def test_arrow_keys_in_the_query_move_and_enter_opens(qtbot, seeded):
    """Down/Up move the current hit without leaving the query box; Enter emits that hit and closes."""
    dialog = SearchDialog(seeded)
    qtbot.addWidget(dialog)
    dialog.start("SWIFT")
    qtbot.keyClick(dialog.query, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.query, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.query, Qt.Key.Key_Up)
    assert dialog.results.currentIndex().row() == 1
    expected = dialog.model.hit(1)
    with qtbot.waitSignal(dialog.open_hit) as signal:
        qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    hit = signal.args[0]
    assert hit == expected
    assert seeded.documents.text(hit.document_id)[hit.start:hit.end] == "SWIFT"
    assert not dialog.isVisible()


def test_nothing_found_says_so(qtbot, seeded):
    """A query without hits hides the list and names the query; Enter then does nothing."""
    dialog = SearchDialog(seeded)
    qtbot.addWidget(dialog)
    dialog.start("xylophone")
    assert dialog.model.rowCount() == 0
    assert "xylophone" in dialog.status.text() and not dialog.results.isVisible()
    with qtbot.assertNotEmitted(dialog.open_hit):
        qtbot.keyClick(dialog.query, Qt.Key.Key_Return)


def test_highlight_hits_come_from_annotations(qtbot, seeded):
    """A tag on a highlight is searchable; the hit carries the highlight id and its span."""
    doc = seeded.documents.list()[0]
    start, end = seeded.highlights.find_quote(doc.id, "Kuril")
    h, _ = seeded.highlights.add(doc.id, start, end, tags=["territorial dispute"])
    dialog = SearchDialog(seeded)
    qtbot.addWidget(dialog)
    dialog.start("territorial disp")
    hits = [dialog.model.hit(r) for r in range(dialog.model.rowCount())]
    assert any(x.kind == "highlight" and x.highlight_id == h.id and (x.start, x.end) == (start, end)
               for x in hits)
