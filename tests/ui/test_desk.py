"""The desk: documents side by side, pane order, the current pane, synchronised scrolling, jumping to a
passage and saving/restoring the whole arrangement."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from reader_app.core.errors import NotFound
from reader_app.ui.session import Session
from reader_app.ui.widgets.desk import MAX_PANES, Desk


def _ids(session):
    return [d.id for d in session.lib.documents.list()]


def test_two_documents_side_by_side_and_highlight_in_the_second(desk, session, qtbot):
    """Two panes sit next to each other; a key in the second highlights its own document only."""
    a, b = _ids(session)[:2]
    desk.open_document(a)
    second = desk.open_document(b)
    assert [p.doc_id for p in desk.panes()] == [a, b]
    left, right = desk.panes()
    assert left.geometry().right() < right.geometry().left()
    assert desk.current_pane() is second
    start, end = session.lib.highlights.find_quote(b, "Kuril")
    with qtbot.waitSignal(desk.selection_changed) as sig:
        second.select_range(start, end)
    assert sig.args == [b, start, end]
    with qtbot.waitSignal(desk.highlight_selected):
        qtbot.keyClick(second.view, Qt.Key.Key_2)
    assert [h.document_id for h in session.lib.highlights.list()] == [b]
    assert len(left.index) == 0 and len(second.index) == 1


def test_clicking_a_pane_makes_it_current(desk, session, qtbot):
    """Focus or a click in a pane makes it the current one and names its document."""
    a, b = _ids(session)[:2]
    first = desk.open_document(a)
    desk.open_document(b)
    with qtbot.waitSignal(desk.current_changed) as sig:
        qtbot.mouseClick(first.view.viewport(), Qt.MouseButton.LeftButton)
    assert sig.args == [a] and desk.current_pane() is first


def test_replace_close_move_and_the_fifth_document_replaces(desk, session):
    """open_document(new_pane=False) replaces the current pane; a fifth document replaces the current
    one; panes close and reorder."""
    ids = _ids(session)
    for doc_id in ids[:MAX_PANES]:
        desk.open_document(doc_id)
    assert len(desk.panes()) == MAX_PANES
    desk.open_document(ids[4])
    assert len(desk.panes()) == MAX_PANES and desk.current_pane().doc_id == ids[4]
    desk.open_document(ids[0], new_pane=False)
    assert [p.doc_id for p in desk.panes()] == [ids[0], ids[1], ids[2], ids[0]]
    desk.move_pane(3, -2)
    assert [p.doc_id for p in desk.panes()] == [ids[0], ids[0], ids[1], ids[2]]
    desk.panes()[0].header.buttons["right"].click()
    assert [p.doc_id for p in desk.panes()][:2] == [ids[0], ids[0]]
    desk.panes()[2].header.buttons["close"].click()
    assert [p.doc_id for p in desk.panes()] == [ids[0], ids[0], ids[2]]
    assert not desk.panes()[0].header.buttons["left"].isVisibleTo(desk)
    with pytest.raises(NotFound):
        desk.open_document(9999)
    assert len(desk.panes()) == 3


def test_jump_to_focuses_the_open_pane_or_opens_one(desk, session):
    """jump_to scrolls the pane that has the document and marks the passage; otherwise it opens it."""
    a, b, c = _ids(session)[:3]
    desk.open_document(a)
    desk.open_document(b)
    start, end = session.lib.highlights.find_quote(a, "Vladivostok")
    pane = desk.jump_to(a, start, end)
    assert pane is desk.panes()[0] and desk.current_pane() is pane
    assert pane.marks.jump == (start, end)
    third = desk.jump_to(c, 10, 20)
    assert third.doc_id == c and len(desk.panes()) == 3


def test_synchronised_scrolling_is_proportional(desk, session, qtbot):
    """With sync on, scrolling one pane moves the other to the same fraction of its text; at the end, to
    its end."""
    a, b = _ids(session)[:2]
    left = desk.open_document(a)
    right = desk.open_document(b)
    desk.sync_scroll = True
    bar, other = left.view.verticalScrollBar(), right.view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    fraction = left.scroll_state() / len(left.text)
    assert 0.2 < fraction < 0.8
    assert abs(right.scroll_state() / len(right.text) - fraction) < 0.05
    bar.setValue(bar.maximum())
    assert other.value() == other.maximum()
    desk.sync_scroll = False
    bar.setValue(0)
    assert other.value() == other.maximum()


def test_state_round_trips_through_json(desk, session, qtbot):
    """state() is JSON; restore_state() in a fresh desk reopens the documents at the same places."""
    a, b, c = _ids(session)[:3]
    for doc_id in (a, b, c):
        desk.open_document(doc_id)
    desk.panes()[1].restore_scroll(2500)
    desk.set_current(desk.panes()[0])
    desk.panes()[2].zoom_in()
    saved = json.loads(json.dumps(desk.state()))
    assert saved["documents"] == [a, b, c] and saved["current"] == 0

    other = Desk(session)
    qtbot.addWidget(other)
    other.resize(1400, 800)
    other.show()
    other.restore_state(saved)
    assert [p.doc_id for p in other.panes()] == [a, b, c]
    assert other.current_pane() is other.panes()[0]
    assert abs(other.panes()[1].scroll_state() - desk.panes()[1].scroll_state()) < 200
    assert other.panes()[2].point_size() == desk.panes()[2].point_size()


def test_restore_skips_documents_that_are_gone(desk, session):
    """A saved pane whose document was removed meanwhile is left out instead of failing."""
    a = _ids(session)[0]
    desk.restore_state({"documents": [a, 4242], "scroll": [0, 0], "sizes": [700, 700], "current": 1})
    assert [p.doc_id for p in desk.panes()] == [a]


SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
_SHOT_HIGHLIGHTS = [  # (document index, quote, colour, tags, note)
    (0, "Kuril Islands", "blue", ["territorial dispute"], ""),
    (0, "illegally occupied by Russia", "yellow", ["territorial dispute"], "Language not seen since 2003."),
    (0, "occupied by Russia,” using language", "pink", [], ""),
    (1, "SWIFT", "pink", ["sanctions"], ""),
    (1, "Japan has also provided", "green", ["aid"], ""),
    (2, "Abe", "purple", [], ""),
]


def _desk_for_shots(session, qtbot, dark: bool, panes: int) -> Desk:
    from reader_app.ui.theme import build_palette

    desk = Desk(session)
    qtbot.addWidget(desk)
    desk.setPalette(build_palette(dark))
    desk.setAutoFillBackground(True)
    desk.resize(1200 if panes > 1 else 820, 760)
    desk.show()
    for doc in session.lib.documents.list()[:panes]:
        desk.open_document(doc.id)
    return desk


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_screenshots_of_the_desk(seeded, qtbot, dark):
    """Saves the reading desk (one pane with a selected highlight, overlaps and the find bar; three panes)
    to screenshots/ for a human look, and checks the images are real."""
    session = Session(seeded)
    docs = seeded.documents.list()
    for index, quote, color, tags, note in _SHOT_HIGHLIGHTS:
        start, end = seeded.highlights.find_quote(docs[index].id, quote)
        seeded.highlights.add(docs[index].id, start, end, color=color, tags=tags, note=note)
    SCREENSHOTS.mkdir(exist_ok=True)
    theme = "dark" if dark else "light"

    one = _desk_for_shots(session, qtbot, dark, 1)
    pane = one.panes()[0]
    h = next(x for x in seeded.highlights.for_document(pane.doc_id) if x.color == "yellow")
    pane.select_highlight(h.id, scroll=True)
    pane.show_find("Russia")
    pane.find_bar.edit.clearFocus()
    qtbot.wait(20)
    assert one.grab().save(str(SCREENSHOTS / f"desk-one-pane-{theme}.png"))
    assert pane.toolbar.isVisible()

    three = _desk_for_shots(session, qtbot, dark, 3)
    second = three.panes()[1]
    start, end = seeded.highlights.find_quote(second.doc_id, "humanitarian aid")
    second.scroll_to(start, end, mark=False)
    second.select_range(start, end)
    qtbot.wait(20)
    assert three.grab().save(str(SCREENSHOTS / f"desk-three-panes-{theme}.png"))
    assert second.toolbar.isVisible()
    assert second.toolbar.geometry().right() <= second.width()


def test_closed_pane_no_longer_listens(desk, session, qtbot):
    """After a pane is closed and deleted, changes to its document reach only the panes still open."""
    from PySide6.QtCore import QCoreApplication, QEvent

    from reader_app.ui import commands

    a = _ids(session)[0]
    desk.open_document(a)
    keep = desk.open_document(a)
    desk.close_pane(0)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    start, end = session.lib.highlights.find_quote(a, "Kuril")
    assert session.push(commands.AddHighlight(session, a, start, end))
    assert len(keep.index) == 1 and desk.panes() == [keep]


def test_empty_desk_says_what_to_do(desk, session):
    """With no pane open the desk shows a hint instead of a blank area; opening a document replaces it."""
    assert desk.placeholder.isVisible() and "library" in desk.placeholder.text()
    desk.open_document(_ids(session)[0])
    assert not desk.placeholder.isVisible() and desk.splitter.isVisible()
    desk.close_pane(0)
    assert desk.placeholder.isVisible()


def test_changes_update_panes_in_place(desk, session, qtbot):
    """Adding a highlight repaints its own pane in place (same QTextDocument, no re-typesetting) and
    leaves the other document's pane untouched."""
    a, b = _ids(session)[:2]
    left, right = desk.open_document(a), desk.open_document(b)
    docs = left.view.document(), right.view.document()
    start, end = session.lib.highlights.find_quote(b, "Kuril")
    right.select_range(start, end)
    qtbot.keyClick(right.view, Qt.Key.Key_1)
    assert (left.view.document(), right.view.document()) == docs
    assert len(right.index) == 1 and len(left.index) == 0
    session.undo_stack.undo()
    assert right.view.document() is docs[1] and len(right.index) == 0
