"""Tag manager and colour labels: every change lands in the store through the undo stack and undoes."""
from __future__ import annotations

import pytest

from reader_app.ui.dialogs.color_labels import FOLLOW_TAG_SETTING, ColorLabelsDialog, color_for_tags
from reader_app.ui.dialogs.tag_manager import TagManager
from reader_app.ui.session import Session


@pytest.fixture
def session(seeded):
    s = Session(seeded)
    yield s
    s.undo_stack.clear()


def _tagged(lib, quote, tags, doc_index=0):
    doc = lib.documents.list()[doc_index]
    start, end = lib.highlights.find_quote(doc.id, quote)
    return lib.highlights.add(doc.id, start, end, tags=tags)[0]


def _manager(qtbot, session, answers=None):
    manager = TagManager(session)
    qtbot.addWidget(manager)
    manager.show()
    asked = []
    answers = answers or {}
    manager.ask_text = lambda title, label, value="": answers.get("text")
    manager.ask_item = lambda title, label, items: answers.get("item")
    manager.ask_color = lambda initial: answers.get("color")

    def confirm(title, text):
        asked.append(text)
        return answers.get("confirm", True)

    manager.confirm = confirm
    return manager, asked


def test_create_and_rename_are_undoable(qtbot, session):
    """New… adds a tag with no highlights; Rename… renames it; undo walks both back."""
    manager, _ = _manager(qtbot, session, {"text": "sanctions"})
    manager.buttons["new"].click()
    assert [t.name for t in session.lib.tags.list()] == ["sanctions"]
    assert manager.selected().name == "sanctions"
    manager.ask_text = lambda *a, **k: "economic sanctions"
    manager.buttons["rename"].click()
    assert [t.name for t in session.lib.tags.list()] == ["economic sanctions"]
    assert session.undo_stack.undoText() == "Rename Tag 'sanctions' to 'economic sanctions'"
    session.undo_stack.undo()
    assert [t.name for t in session.lib.tags.list()] == ["sanctions"]
    session.undo_stack.undo()
    assert session.lib.tags.list() == []
    session.undo_stack.redo()
    assert manager.model.rowCount() == 1


def test_delete_confirms_with_count_and_undo_restores_highlight_tags(qtbot, session):
    """The confirmation names how many highlights lose the tag; undo puts it back on each of them."""
    a = _tagged(session.lib, "Kuril", ["territory"])
    b = _tagged(session.lib, "Japan", ["territory"])
    manager, asked = _manager(qtbot, session)
    manager.select(session.lib.tags.by_name("territory").id)
    manager.buttons["delete"].click()
    assert "removed from 2 highlights" in asked[0]
    assert session.lib.highlights.get(a.id).tags == ()
    assert manager.model.rowCount() == 0 and manager.empty.isVisible()
    session.undo_stack.undo()
    assert session.lib.highlights.get(b.id).tags == ("territory",)


def test_cancelled_delete_changes_nothing(qtbot, session):
    """Answering Cancel leaves the tag and the undo stack alone."""
    _tagged(session.lib, "Kuril", ["territory"])
    manager, _ = _manager(qtbot, session, {"confirm": False})
    manager.select(session.lib.tags.by_name("territory").id)
    manager.buttons["delete"].click()
    assert session.lib.tags.by_name("territory").count == 1
    assert session.undo_stack.count() == 0


def test_merge_and_recolour(qtbot, session):
    """Merge moves every use onto the target (count in the question); recolour sets the new colour."""
    h = _tagged(session.lib, "Kuril", ["islands"])
    _tagged(session.lib, "Japan", ["territory"])
    manager, asked = _manager(qtbot, session, {"item": "territory", "color": "#123456"})
    manager.select(session.lib.tags.by_name("islands").id)
    manager.buttons["merge"].click()
    assert "1 highlight tagged “islands”" in asked[0]
    assert session.lib.highlights.get(h.id).tags == ("territory",)
    assert [t.name for t in session.lib.tags.list()] == ["territory"]
    manager.select(session.lib.tags.by_name("territory").id)
    manager.buttons["recolor"].click()
    assert session.lib.tags.by_name("territory").color == "#123456"
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert session.lib.highlights.get(h.id).tags == ("islands",)


def test_buttons_follow_selection(qtbot, session):
    """The first tag starts selected; without a selection only New… is available; merge needs two tags."""
    _tagged(session.lib, "Kuril", ["islands"])
    manager, _ = _manager(qtbot, session)
    assert manager.selected().name == "islands"
    assert manager.buttons["delete"].isEnabled() and not manager.buttons["merge"].isEnabled()
    manager.table.clearSelection()
    assert manager.buttons["new"].isEnabled() and not manager.buttons["delete"].isEnabled()


def test_colour_labels_are_one_undoable_step(qtbot, session):
    """Renaming two colours is one undo step; the follow-tag option is stored in the library settings."""
    dialog = ColorLabelsDialog(session)
    qtbot.addWidget(dialog)
    dialog.edits["yellow"].setText("claim")
    dialog.edits["pink"].setText("contradiction")
    dialog.follow_tag.setChecked(True)
    dialog.accept()
    labels = session.lib.settings.color_labels()
    assert (labels["yellow"], labels["pink"]) == ("claim", "contradiction")
    assert session.lib.settings.get(FOLLOW_TAG_SETTING) is True
    assert session.undo_stack.count() == 1 and session.undo_stack.undoText() == "Colour Labels"
    session.undo_stack.undo()
    assert session.lib.settings.color_labels()["yellow"] == "Yellow"


def test_colour_for_tags_follows_first_tag_hue(session):
    """With the option on, a tag coloured blue asks for a blue highlight; off, nothing is asked."""
    lib = session.lib
    lib.tags.create("navy", "#1d4ed8")
    assert color_for_tags(lib, ["navy"]) is None
    lib.settings.set(FOLLOW_TAG_SETTING, True)
    assert color_for_tags(lib, ["navy", "other"]) == "blue"
    assert color_for_tags(lib, ["not yet a tag"]) is None


def test_push_tags_recolours_in_the_same_undo_step(session):
    """With "colour follows its first tag" on, tagging recolours the highlight; one undo reverts both."""
    from reader_app.ui.dialogs.color_labels import push_tags

    lib = session.lib
    h = _tagged(lib, "Kuril", [])
    lib.tags.create("navy", "#1d4ed8")
    assert push_tags(session, h.id, ["navy"])  # setting off: tags only
    assert lib.highlights.get(h.id).color == "yellow"
    session.undo_stack.undo()
    lib.settings.set(FOLLOW_TAG_SETTING, True)
    assert push_tags(session, h.id, ["navy", "islands"])
    after = lib.highlights.get(h.id)
    assert (after.tags, after.color) == (("navy", "islands"), "blue")
    assert session.undo_stack.undoText() == "Tag 'navy', 'islands'"
    session.undo_stack.undo()
    before = lib.highlights.get(h.id)
    assert (before.tags, before.color) == ((), "yellow")
    session.undo_stack.redo()
    assert lib.highlights.get(h.id).color == "blue"
