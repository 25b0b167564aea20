"""The reader pane driven like a user: select text (cursor and mouse), press keys, use the tag and note
editors; assert what the store holds and what the view shows, and undo/redo each step."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from reader_app.core.model import Block, DocumentMeta, ImportedDocument
from reader_app.ui.theme import highlight_background
from reader_app.ui.widgets.reader_pane import ReaderPane


@pytest.fixture
def pane(session, qtbot):
    p = ReaderPane(session)
    p.set_dark(False)
    qtbot.addWidget(p)
    p.resize(900, 700)
    p.show()
    qtbot.waitExposed(p)
    p.load(session.lib.documents.resolve("caps-walia").id)
    return p


def _background_at(pane: ReaderPane, offset: int):
    """The highlight background the view's document holds for the character at ``offset``."""
    cursor = QTextCursor(pane.view.document())
    cursor.setPosition(pane.mapping.to_utf16(offset) + 1)  # charFormat() is the format left of the cursor
    brush = cursor.charFormat().background()
    return brush.color() if brush.style() != Qt.BrushStyle.NoBrush else None


def _point_of(pane: ReaderPane, offset: int) -> QPoint:
    cursor = QTextCursor(pane.view.document())
    cursor.setPosition(pane.mapping.to_utf16(offset))
    rect = pane.view.cursorRect(cursor)
    return QPoint(rect.left() + 1, rect.center().y())


def _press(qtbot, pane, key, text=""):
    qtbot.keyClick(pane.view, key)


def test_key_1_highlights_the_cursor_selection(pane, session, qtbot):
    """Selecting by QTextCursor and pressing 1 stores the exact quote and paints those characters."""
    start, end = session.lib.highlights.find_quote(pane.doc_id, "financial sanctions")
    pane.select_range(start, end)
    with qtbot.waitSignal(pane.highlight_selected) as sig:
        qtbot.keyClick(pane.view, Qt.Key.Key_1)
    hid = sig.args[0]
    h = session.lib.highlights.get(hid)
    assert (h.start, h.end, h.exact, h.color) == (start, end, "financial sanctions", "yellow")
    yellow = highlight_background("yellow", False)
    assert _background_at(pane, start) == yellow and _background_at(pane, end - 1) == yellow
    assert _background_at(pane, start - 1) is None and _background_at(pane, end) is None
    assert session.undo_stack.undoText() == "Highlight"
    session.undo_stack.undo()
    assert session.lib.highlights.count() == 0
    assert _background_at(pane, start) is None
    assert pane.selected_highlight() == 0
    session.undo_stack.redo()
    assert session.lib.highlights.get(hid).exact == "financial sanctions"
    assert _background_at(pane, start) == yellow


def test_mouse_drag_selects_and_reports_code_points(pane, session, qtbot):
    """A drag on the viewport selects text; selection_changed reports the span in code points."""
    start, end = session.lib.highlights.find_quote(pane.doc_id, "Vladimir Putin")
    pane.scroll_to(start, mark=False)
    vp = pane.view.viewport()
    a, b = _point_of(pane, start), _point_of(pane, end)
    with qtbot.waitSignal(pane.selection_changed) as sig:
        qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=a)
        qtbot.mouseMove(vp, b)
        qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=b)
    assert pane.selection() == (start, end)
    assert sig.args[0] == pane.doc_id
    assert pane.toolbar.isVisible()
    qtbot.keyClick(pane.view, Qt.Key.Key_3)
    assert [h.exact for h in session.lib.highlights.for_document(pane.doc_id)] == ["Vladimir Putin"]
    assert _background_at(pane, start) == highlight_background("blue", False)


def test_tag_note_colour_and_delete_with_keys_undo_each_step(pane, session, qtbot):
    """1, then T (tag editor), N (note editor), 4 (recolour), Del; undo and redo each, and undoing the
    delete brings back the same id with its tags, note and note links."""
    lib = session.lib
    start, end = lib.highlights.find_quote(pane.doc_id, "Kuril Islands")
    pane.select_range(start, end)
    qtbot.keyClick(pane.view, Qt.Key.Key_1)
    hid = pane.selected_highlight()
    assert hid

    qtbot.keyClick(pane.view, Qt.Key.Key_T)
    editor = pane.active_editor
    assert editor is not None and editor.isVisible()
    editor.line_edit.clear()
    qtbot.keyClicks(editor.line_edit, "territorial dispute, sanctions")
    editor.accept()
    assert lib.highlights.get(hid).tags == ("territorial dispute", "sanctions")
    assert session.undo_stack.undoText() == "Tag 'territorial dispute', 'sanctions'"

    qtbot.keyClick(pane.view, Qt.Key.Key_N)
    editor = pane.active_editor
    qtbot.keyClicks(editor.editor, "Walia names *all four* islands.")
    editor.update_preview()
    assert "<em>all four</em>" in editor.preview.toHtml() or "all four" in editor.preview.toPlainText()
    editor.accept()
    assert lib.highlights.get(hid).note == "Walia names *all four* islands."
    assert session.undo_stack.undoText() == "Note"

    qtbot.keyClick(pane.view, Qt.Key.Key_4)
    assert lib.highlights.get(hid).color == "pink"
    assert _background_at(pane, start) == highlight_background("pink", False)

    note, _ = lib.notes.create("Islands", links=[(hid, "supports")])
    pane.select_highlight(hid)
    qtbot.keyClick(pane.view, Qt.Key.Key_Delete)
    assert session.undo_stack.undoText() == "Delete Highlight"
    assert _background_at(pane, start) is None
    session.undo_stack.undo()
    back = lib.highlights.get(hid)
    assert (back.tags, back.note, back.color) == (("territorial dispute", "sanctions"),
                                                  "Walia names *all four* islands.", "pink")
    assert lib.notes.get(note.id).links[0].highlight_id == hid
    assert _background_at(pane, start) == highlight_background("pink", False)

    session.undo_stack.undo()  # colour
    assert _background_at(pane, start) == highlight_background("yellow", False)
    session.undo_stack.undo()  # note
    assert lib.highlights.get(hid).note == ""
    session.undo_stack.undo()  # tags
    assert lib.highlights.get(hid).tags == ()
    assert [t.name for t in lib.tags.list()] == []
    for _ in range(3):
        session.undo_stack.redo()
    again = lib.highlights.get(hid)
    assert (again.tags, again.color) == (("territorial dispute", "sanctions"), "pink")


def test_tag_editor_completes_existing_tags(pane, session, qtbot):
    """Typing part of a known tag offers it; choosing it completes only the tag being typed."""
    h, _ = session.lib.highlights.add(pane.doc_id, 0, 5, tags=["territorial dispute"])
    start, end = session.lib.highlights.find_quote(pane.doc_id, "SWIFT")
    pane.select_range(start, end)
    qtbot.keyClick(pane.view, Qt.Key.Key_T)
    editor = pane.active_editor
    qtbot.keyClicks(editor.line_edit, "sanctions, terr")
    assert editor.completer.currentCompletion() == "territorial dispute"
    editor.line_edit.insert_completion(editor.completer.currentCompletion())
    assert editor.tags() == ["sanctions", "territorial dispute"]
    editor.accept()
    made = [x for x in session.lib.highlights.for_document(pane.doc_id) if x.exact == "SWIFT"]
    assert made and made[0].tags == ("sanctions", "territorial dispute")


def test_overlapping_highlights_blend_and_click_selects_innermost(pane, session, qtbot):
    """Where two highlights overlap the background differs from both and is underlined; a click there
    selects the shorter one."""
    start, end = session.lib.highlights.find_quote(pane.doc_id, "Russian Central Bank")
    pane.select_range(start, end)
    qtbot.keyClick(pane.view, Qt.Key.Key_2)
    outer = pane.selected_highlight()
    pane.select_range(start + 8, end)
    qtbot.keyClick(pane.view, Qt.Key.Key_3)
    inner = pane.selected_highlight()
    mixed = _background_at(pane, start + 10)
    assert mixed not in (highlight_background("green", False), highlight_background("blue", False), None)
    cursor = QTextCursor(pane.view.document())
    cursor.setPosition(pane.mapping.to_utf16(start + 10) + 1)
    assert cursor.charFormat().underlineStyle() != cursor.charFormat().UnderlineStyle.NoUnderline
    assert _background_at(pane, start + 2) == highlight_background("green", False)
    pane.select_highlight(0)
    pane.scroll_to(start, mark=False)
    qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=_point_of(pane, start + 10))
    assert pane.selected_highlight() == inner
    qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=_point_of(pane, start + 2))
    assert pane.selected_highlight() == outer


def test_astral_characters_keep_code_point_offsets(session, qtbot):
    """With emoji and 𠀋 before a selection, the stored offsets are code points and the quote is exactly
    the selected characters."""
    text = "Title 😀\nA rare kanji 𠀋 and 🇯🇵 flags, then the passage to keep.\nEnd 𠀋."
    lines = text.split("\n")
    blocks, at = [], 0
    for kind, line in zip(("title", "paragraph", "paragraph"), lines):
        blocks.append(Block(at, at + len(line), kind))
        at += len(line) + 1
    added = session.lib.documents.add(ImportedDocument(text, blocks, DocumentMeta(title="Astral"), "txt"))
    doc = added.document
    pane = ReaderPane(session)
    qtbot.addWidget(pane)
    pane.resize(700, 400)
    pane.show()
    pane.load(doc.id)
    start = text.index("the passage")
    end = start + len("the passage")
    cursor = pane.view.textCursor()
    # Select in the view's own units: UTF-16 positions, as a user's drag would produce.
    u_start = len(text[:start].encode("utf-16-le")) // 2
    cursor.setPosition(u_start)
    cursor.setPosition(u_start + len("the passage"), QTextCursor.MoveMode.KeepAnchor)
    pane.view.setTextCursor(cursor)
    assert cursor.selectedText() == "the passage"
    assert pane.selection() == (start, end)
    qtbot.keyClick(pane.view, Qt.Key.Key_5)
    h = session.lib.highlights.for_document(doc.id)[0]
    assert (h.start, h.end, h.exact) == (start, end, "the passage")
    assert _background_at(pane, start) == highlight_background("purple", False)
    assert _background_at(pane, start - 1) is None


def test_clutter_is_hidden_but_offsets_stay_canonical(pane, session):
    """Clutter blocks are invisible; every view position still holds the canonical character."""
    text = session.lib.documents.text(pane.doc_id)
    blocks, _ = session.lib.documents.structure(pane.doc_id)
    clutter = [b for b in blocks if b.kind == "clutter"]
    assert clutter
    doc = pane.view.document()
    for b in clutter:
        assert not doc.findBlock(pane.mapping.to_utf16(b.start)).isVisible()
    for b in blocks:
        qb = doc.findBlock(pane.mapping.to_utf16(b.start))
        assert qb.position() == b.start and qb.text() == text[b.start:b.end]
    assert doc.characterCount() - 1 == len(text)


def test_footnote_marker_jumps_to_note_and_back(pane, session, qtbot):
    """Clicking "[3]" scrolls to footnote 3 and marks it; clicking the note's label returns."""
    blocks, inlines = session.lib.documents.structure(pane.doc_id)
    ref = next(i for i in inlines if i.kind == "footnote_ref" and i.target == "3")
    note = next(b for b in blocks if b.kind == "footnote" and b.label == "3")
    pane.scroll_to(ref.start, mark=False)
    qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=_point_of(pane, ref.start + 1))
    assert pane.marks.jump == (note.start, note.end)
    first, last = (pane.mapping.to_cp(p) for p in pane.view.visible_range())
    assert first <= note.start <= last
    qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=_point_of(pane, note.start + 1))
    assert pane.marks.jump == (ref.start, ref.end)
    first, last = (pane.mapping.to_cp(p) for p in pane.view.visible_range())
    assert first <= ref.start <= last


def test_find_counts_and_marks_hits(pane, session, qtbot):
    """Ctrl+F opens the bar; every visible hit is marked; next/previous walk the hits; Esc closes."""
    text = session.lib.documents.text(pane.doc_id)
    qtbot.keyClick(pane.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert pane.find_bar.isVisible()
    qtbot.keyClicks(pane.find_bar.edit, "sanctions")
    expected = text.lower().count("sanctions")
    assert len(pane.find_hits()) == expected > 3
    assert pane.find_bar.count.text() == f"1 of {expected}"
    first, last = (pane.mapping.to_cp(p) for p in pane.view.visible_range())
    on_screen = [h for h in pane.find_hits() if first <= h[0] and h[1] <= last]
    # The current hit is an extra selection (its text turns white); the others are tinted by the view.
    marked = {(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in pane.view.extraSelections()}
    marked |= set(pane.view.tinted)
    assert {(pane.mapping.to_utf16(s), pane.mapping.to_utf16(e)) for s, e in on_screen} <= marked
    assert all(pane.view.span_rects(s, e) for s, e in pane.view.tinted)  # each has somewhere to be drawn
    qtbot.keyClick(pane.find_bar.edit, Qt.Key.Key_Return)
    assert pane.find_bar.count.text() == f"2 of {expected}"
    qtbot.keyClick(pane.find_bar.edit, Qt.Key.Key_Escape)
    assert not pane.find_bar.isVisible() and pane.view.extraSelections() == []


def test_find_skips_hidden_clutter(pane, session, qtbot):
    """A word that appears only in hidden web clutter is not found."""
    pane.show_find("Share article")
    assert pane.find_hits() == []
    assert pane.find_bar.count.text() == "no matches"


def test_zoom_keys_change_the_font_size(pane, qtbot):
    """Ctrl++ and Ctrl+- step the reading size; Ctrl+0 resets it; the reading position is kept."""
    base = pane.view.document().defaultFont().pointSizeF()
    pane.restore_scroll(3000)
    before = pane.scroll_state()
    qtbot.keyClick(pane.view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert pane.view.document().defaultFont().pointSizeF() == base + 1
    assert abs(pane.scroll_state() - before) < 400
    qtbot.keyClick(pane.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(pane.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert pane.view.document().defaultFont().pointSizeF() == base - 1
    qtbot.keyClick(pane.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert pane.view.document().defaultFont().pointSizeF() == base


def test_changes_from_elsewhere_repaint_and_orphans_are_not_drawn(pane, session):
    """A highlight added through the store and announced appears; an orphaned one is not drawn."""
    start, end = session.lib.highlights.find_quote(pane.doc_id, "Crimea")
    h, changes = session.lib.highlights.add(pane.doc_id, start, end, color="green")
    session.announce(changes)
    assert _background_at(pane, start) == highlight_background("green", False)
    session.lib.conn.execute("UPDATE highlights SET status = 'orphaned' WHERE id = ?", (h.id,))
    session.lib.conn.commit()
    from reader_app.core.changes import Changes
    session.announce(Changes.of(highlights=[h.id], documents=[pane.doc_id]))
    assert _background_at(pane, start) is None
    assert h.id not in pane.index


def test_dark_theme_uses_dark_highlight_colours(pane, session, qtbot):
    """Switching to dark rebuilds the view with the dark variant of each highlight colour."""
    start, end = session.lib.highlights.find_quote(pane.doc_id, "Crimea")
    pane.select_range(start, end)
    qtbot.keyClick(pane.view, Qt.Key.Key_1)
    pane.set_dark(True)
    assert _background_at(pane, start) == highlight_background("yellow", True)
    assert pane.view.palette().color(pane.view.palette().ColorRole.Base).lightness() < 80


def test_ctrl_wheel_zooms_by_typesetting_again(pane, qtbot):
    """Ctrl+wheel goes through the pane's zoom (headings scale too), not QPlainTextEdit's font scaling."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    base = pane.point_size()
    vp = pane.view.viewport()
    event = QWheelEvent(QPointF(50, 50), QPointF(vp.mapToGlobal(QPoint(50, 50))), QPoint(0, 0),
                        QPoint(0, 240), Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(vp, event)
    assert pane.point_size() == base + 2
    assert pane.view.document().defaultFont().pointSizeF() == base + 2


def test_context_menu_offers_the_highlight_actions(pane, session, qtbot):
    """The right-click menu of a selection carries the colours; choosing one highlights the selection.
    Right-clicking a highlight selects it and offers Remove."""
    from PySide6.QtWidgets import QMenu

    start, end = session.lib.highlights.find_quote(pane.doc_id, "Fumio Kishida")
    pane.select_range(start, end)
    menu = QMenu()
    pane.actions.extend_menu(menu, start)
    green = next(a for a in menu.actions() if a.text().startswith("Highlight Green"))
    green.trigger()
    h = session.lib.highlights.for_document(pane.doc_id)[0]
    assert (h.exact, h.color) == ("Fumio Kishida", "green")
    pane.select_highlight(0)
    menu = QMenu()
    pane.actions.extend_menu(menu, start + 2)
    assert pane.selected_highlight() == h.id
    next(a for a in menu.actions() if a.text().startswith("Remove Highlight")).trigger()
    assert session.lib.highlights.count() == 0


def test_write_by_another_process_shows_after_poll(pane, session, library_path):
    """A highlight written through another connection appears once the session notices the outside write."""
    from reader_app.core.store import Library

    other = Library(library_path)
    try:
        start, end = other.highlights.find_quote(pane.doc_id, "Crimea")
        other.highlights.add(pane.doc_id, start, end, color="blue")
    finally:
        other.close()
    assert session.poll_external_changes()
    assert _background_at(pane, start) == highlight_background("blue", False)


def test_carriage_returns_do_not_shift_positions(session, qtbot):
    """A canonical text with Windows line ends still maps 1:1 onto the view."""
    text = "Heading\r\nFirst paragraph.\r\nThe passage to keep is here.\r\nEnd."
    doc = session.lib.documents.add(ImportedDocument(text, [Block(0, len(text), "paragraph")],
                                                     DocumentMeta(title="CRLF"), "txt")).document
    pane = ReaderPane(session)
    qtbot.addWidget(pane)
    pane.load(doc.id)
    assert pane.view.document().characterCount() - 1 == len(text)
    start = text.index("passage")
    pane.select_range(start, start + len("passage"))
    assert pane.view.textCursor().selectedText() == "passage"


def test_click_on_the_right_half_of_the_last_character_hits_the_highlight(pane, session, qtbot):
    """A click is on a character, not on the gap nearest to it: the last letter of a highlight counts."""
    start, end = session.lib.highlights.find_quote(pane.doc_id, "Crimea")
    pane.select_range(start, end)
    qtbot.keyClick(pane.view, Qt.Key.Key_1)
    hid = pane.selected_highlight()
    pane.select_highlight(0)
    right_edge = _point_of(pane, end)
    qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=right_edge - QPoint(3, 0))
    assert pane.selected_highlight() == hid
    beyond = _point_of(pane, end + 1) + QPoint(2, 0)
    qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=beyond)
    assert pane.selected_highlight() == 0


_spans = st.lists(st.tuples(st.integers(0, 50), st.integers(1, 12),
                            st.sampled_from(["yellow", "green", "blue"])), max_size=12)


@given(_spans, st.integers(0, 30), st.integers(0, 30))
def test_segments_match_a_character_by_character_count(spans, a, width):
    """The cut used for painting gives every character exactly the colours of the highlights covering it,
    outermost first, and covers the asked range without gaps."""
    from reader_app.core.model import Highlight
    from reader_app.ui.widgets.highlight_layer import segments

    hs = [Highlight(i + 1, "", 1, s, s + n, "", "", "", c, "", "anchored", "", "")
          for i, (s, n, c) in enumerate(spans)]
    start, end = a, a + width
    pieces = segments(hs, start, end)
    assert [p[0] for p in pieces[1:]] == [p[1] for p in pieces[:-1]]
    if start < end:
        assert pieces[0][0] == start and pieces[-1][1] == end
    for s, e, colors in pieces:
        for i in range(s, e):
            covering = sorted((h for h in hs if h.start <= i < h.end), key=lambda h: (h.start, -h.end, h.id))
            assert colors == tuple(h.color for h in covering)


def test_tooltip_names_colour_label_tags_and_note(pane, session):
    """Hovering a highlight says its colour's meaning, its tags and the first line of its note."""
    session.lib.settings.set_color_label("yellow", "claim")
    start, end = session.lib.highlights.find_quote(pane.doc_id, "Crimea")
    h, changes = session.lib.highlights.add(pane.doc_id, start, end, tags=["annexation"],
                                            note="Since 2014.\nMore.")
    session.announce(changes)
    assert pane.actions.tooltip(start + 1) == "claim — annexation\nSince 2014."
    assert pane.actions.tooltip(end + 5) == ""


def test_note_preview_colours_code_and_drops_active_content():
    """Fenced code is coloured by Pygments inline styles; scripts, handlers and images do not survive."""
    from reader_app.ui.widgets.note_editor import render_note_html

    html = render_note_html("```python\ndef f():\n    return 1\n```\n\n<script>alert(1)</script>"
                            "<b onclick='x()'>bold</b> <img src='file:///etc/passwd'> [a](javascript:x)")
    assert '<span style="color' in html and "def" in html
    assert "<b>bold</b>" in html
    for bad in ("<script", "alert(1)", "onclick", "<img", "javascript:"):
        assert bad not in html


def test_scroll_to_leaves_a_passage_on_screen_where_it_is(pane, session):
    """Jumping to a passage already in view only marks it; one further down scrolls it into view."""
    start, end = session.lib.highlights.find_quote(pane.doc_id, "Vladimir Putin")
    before = pane.view.verticalScrollBar().value()
    pane.scroll_to(start, end)
    assert pane.view.verticalScrollBar().value() == before and pane.marks.jump == (start, end)
    far = len(pane.text) - 50
    pane.scroll_to(far, far + 10)
    first, last = (pane.mapping.to_cp(p) for p in pane.view.visible_range())
    assert first <= far <= last


def test_tags_from_the_pane_recolour_when_colour_follows_the_first_tag(pane, session, qtbot):
    """With "colour follows its first tag" on, T on a selection makes a highlight in the first tag's colour,
    and T on a highlight recolours it; each is one undo step that takes colour and tags back together."""
    from reader_app.ui.dialogs.color_labels import FOLLOW_TAG_SETTING

    lib = session.lib
    lib.tags.create("navy", "#1d4ed8")
    lib.tags.create("alarm", "#dc2626")
    lib.settings.set(FOLLOW_TAG_SETTING, True)
    start, end = lib.highlights.find_quote(pane.doc_id, "Kuril Islands")
    pane.select_range(start, end)
    qtbot.keyClick(pane.view, Qt.Key.Key_T)
    qtbot.keyClicks(pane.active_editor.line_edit, "navy")
    pane.active_editor.accept()
    hid = pane.selected_highlight()
    assert (lib.highlights.get(hid).tags, lib.highlights.get(hid).color) == (("navy",), "blue")
    assert _background_at(pane, start) == highlight_background("blue", False)

    qtbot.keyClick(pane.view, Qt.Key.Key_T)
    pane.active_editor.line_edit.clear()
    qtbot.keyClicks(pane.active_editor.line_edit, "alarm, navy")
    pane.active_editor.accept()
    assert lib.highlights.get(hid).color == "pink"
    session.undo_stack.undo()
    assert (lib.highlights.get(hid).tags, lib.highlights.get(hid).color) == (("navy",), "blue")
    session.undo_stack.undo()
    assert lib.highlights.count() == 0 and _background_at(pane, start) is None


def test_find_hits_survive_zoom_and_resize_while_scrolling(tmp_path):
    """Find open, a passage marked, the window resized and the text zoomed, over and over: the app keeps
    running (dozens of extra selections replaced around each re-typeset crashed Qt here before). Run in a
    child process, so a crash fails this test instead of ending the whole run."""
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent("""
        import random, sys
        from PySide6.QtWidgets import QApplication
        from reader_app.core.seeding import ensure_seeded
        from reader_app.core.store import Library
        from reader_app.ui.app import build
        from reader_app.ui.state import open_settings
        lib = Library(sys.argv[1]); ensure_seeded(lib)
        settings = open_settings(sys.argv[2]); settings.setValue("view/theme", "light")
        running = build(lib, settings, install_hook=False)
        window = running.window; window.resize(1440, 900); window.show()
        app = QApplication.instance(); random.seed(1)
        for _ in range(5):
            app.processEvents()
        for i in range(300):
            pane = random.choice(window.desk.panes())
            start = random.randrange(0, len(pane.text) - 20)
            pane.scroll_to(start, start + 10, mark=True)
            if i % 7 == 0:
                pane.show_find("Japan")
            window.resize(random.choice([900, 1200, 1440]), 900)
            for _ in range(3):
                app.processEvents()
            if i % 3 == 0:
                pane.set_point_size(12.5 + i % 4)
            for _ in range(2):
                app.processEvents()
        window.ui_state = None
        print("survived")
    """)
    out = subprocess.run([sys.executable, "-c", script, str(tmp_path / "l.sqlite3"), str(tmp_path / "s.ini")],
                         capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0 and "survived" in out.stdout, out.stderr[-2000:]
