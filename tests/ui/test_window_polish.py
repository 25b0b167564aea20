"""Details a reader notices in the main window: the reading position survives a theme switch, headings
fit narrow panes, the floating toolbar stays on screen, sidebar selections stay legible."""
from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtGui import QColor
from test_theme import contrast  # tests/ui is on the path (pytest's rootdir-relative imports)


def test_theme_switch_keeps_the_first_character_on_screen(make_window, qtbot):
    """Scrolled into the middle of paragraphs (also with synchronised scrolling on), each pane shows the same
    first character after switching to dark and back; restyling re-wraps text behind the scroll bars."""
    window = make_window()
    window.resize(1440, 900)
    qtbot.wait(20)
    for value, pane in zip((35, 21), window.desk.panes(), strict=True):
        pane.view.verticalScrollBar().setValue(value)
    before = [p.scroll_state() for p in window.desk.panes()]
    assert all(p.text[s - 1] != "\n" for p, s in zip(window.desk.panes(), before, strict=True))  # mid-paragraph
    window.set_theme("dark")
    assert [p.scroll_state() for p in window.desk.panes()] == before
    window.toggle_sync(True)  # the others follow the current pane once; then the switch must move nobody
    before = [p.scroll_state() for p in window.desk.panes()]
    window.set_theme("light")
    assert [p.scroll_state() for p in window.desk.panes()] == before


def _three_panes(window, qtbot):
    window.resize(1440, 900)
    docs = window.session.lib.documents.list()
    window.open_document(docs[2].id, True)
    qtbot.waitUntil(lambda: window.desk.panes()[2].width() < 400)
    return window.desk.panes()


def test_headings_shrink_in_narrow_panes_once_the_resize_settles(make_window, qtbot):
    """With three panes at 1440 px the title gets only part of its extra size (so it does not wrap to five
    lines); one pane wide again, it is full size, re-typeset once after the resize rather than per step."""
    window = make_window()
    pane = _three_panes(window, qtbot)[1]
    qtbot.waitUntil(lambda: pane.heading_scale() < 1.0, timeout=2000)
    title = pane.view.document().firstBlock()
    while not title.isVisible():
        title = title.next()
    narrow_size = title.begin().fragment().charFormat().fontPointSize()
    assert pane.point_size() < narrow_size < pane.point_size() * 1.3
    assert title.layout().lineCount() <= 4
    typeset = []
    pane.view.document().destroyed.connect(lambda: typeset.append(1))
    for i in (2, 0):
        window.desk.close_pane(i)
    qtbot.waitUntil(lambda: pane.heading_scale() == 1.0, timeout=2000)
    title = pane.view.document().firstBlock()
    while not title.isVisible():
        title = title.next()
    assert title.begin().fragment().charFormat().fontPointSize() > narrow_size
    qtbot.wait(50)
    assert len(typeset) == 1


def test_floating_toolbar_fits_a_narrow_pane_and_moves_below_at_the_top(make_window, qtbot):
    """In a pane a third of 1440 px wide the toolbar shows every button inside the view, beside the scroll
    bar; for a selected highlight on the first line on screen it sits below the highlight's last line."""
    window = make_window()
    pane = _three_panes(window, qtbot)[1]
    lib = window.session.lib
    start, end = lib.highlights.find_quote(pane.doc_id, "excluded selected Russian banks from the SWIFT")
    pane.select_range(start, end)
    pane.apply_color("yellow")
    bar = pane.toolbar
    view_right = pane.view.geometry().right() - pane.view.verticalScrollBar().width()
    assert bar.isVisible() and bar.geometry().left() >= 0 and bar.geometry().right() <= view_right
    assert all(b.isVisible() and b.geometry().right() < bar.width()
               for b in (bar.tag_button, bar.note_button, bar.link_button, bar.delete_button))
    pane.restore_scroll(start)  # the highlight's first line at the top: no room above it
    pane.select_highlight(pane.selected_highlight())
    cursor = pane.view.textCursor()
    cursor.setPosition(pane.mapping.to_utf16(end))
    last_line = pane.view.cursorRect(cursor)
    last_bottom = pane.view.viewport().mapTo(pane, last_line.bottomLeft()).y()
    assert bar.geometry().top() > last_bottom


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_selected_library_row_is_legible(make_window, qtbot, mode):
    """The selected document in the library list, as painted: its title ink against the row's colour
    meets WCAG AA (4.5:1) in both themes, window active or not."""
    window = make_window()
    window.set_theme(mode)
    view = window.library.view
    view.setCurrentIndex(window.library.proxy.index(0, 0))
    rect = view.visualRect(window.library.proxy.index(0, 0))
    image = view.viewport().grab(rect).toImage()
    counts = Counter(image.pixelColor(x, y).rgb() for x in range(image.width()) for y in range(image.height()))
    (background, _), *others = counts.most_common()
    inks = [c for c, n in others if n >= 20]
    best = max(contrast(QColor.fromRgb(background), QColor.fromRgb(c)) for c in inks)
    assert best >= 4.5, (mode, QColor.fromRgb(background).name())
