"""Undoable annotation commands against a real library: store state and undo texts after each step."""
from __future__ import annotations

import pytest

from reader_app.core.errors import NotFound
from reader_app.ui import commands as cmd


def _doc(session, key="caps-walia"):
    return session.lib.documents.resolve(key)


def _changed(session):
    seen = []
    session.changed.connect(seen.append)
    return seen


def test_add_highlight_undo_redo_keeps_the_same_id(session):
    """Redo after undo restores the very same highlight id, so note links to it survive."""
    doc = _doc(session)
    start, end = session.lib.highlights.find_quote(doc.id, "Kuril")
    seen = _changed(session)
    add = cmd.AddHighlight(session, doc.id, start, end, "green", tags=["territorial dispute"], note="*n*")
    assert session.push(add)
    hid = add.highlight_id
    assert session.undo_stack.undoText() == "Highlight"
    assert session.lib.highlights.get(hid).exact == "Kuril"
    assert doc.id in seen[-1].documents and hid in seen[-1].highlights
    session.lib.notes.create("Where the islands appear", links=[(hid, "supports")])
    session.undo_stack.undo()
    with pytest.raises(NotFound):
        session.lib.highlights.get(hid)
    with pytest.raises(NotFound):
        session.lib.tags.by_name("territorial dispute")  # the tag it created went with it
    session.undo_stack.redo()
    back = session.lib.highlights.get(hid)
    assert (back.color, back.tags, back.note) == ("green", ("territorial dispute",), "*n*")
    assert [lk.highlight_id for lk in session.lib.notes.list()[0].links] == [hid]


def test_delete_highlight_undo_restores_tags_note_and_links(session):
    """'Undo Delete Highlight' brings back the same id with its tags, note and note links."""
    doc = _doc(session)
    h, _ = session.lib.highlights.add(doc.id, 10, 30, color="pink", tags=["sanctions", "SWIFT"], note="why")
    note, _ = session.lib.notes.create("SWIFT dates", links=[(h.id, "contradicts")])
    session.push(cmd.DeleteHighlight(session, h.id))
    assert session.undo_stack.undoText() == "Delete Highlight"
    assert session.lib.notes.get(note.id).links == ()
    session.undo_stack.undo()
    back = session.lib.highlights.get(h.id)
    assert (back.uid, back.tags, back.note) == (h.uid, ("sanctions", "SWIFT"), "why")
    assert session.lib.notes.get(note.id).links[0].relation == "contradicts"
    session.undo_stack.redo()
    with pytest.raises(NotFound):
        session.lib.highlights.get(h.id)


def test_colour_note_and_tag_texts_and_round_trips(session):
    """Each field command names its action for the Edit menu and undo writes the old value back."""
    doc = _doc(session)
    h, _ = session.lib.highlights.add(doc.id, 0, 5, tags=["Japan"])
    session.push(cmd.SetHighlightColor(session, h.id, "blue"))
    assert session.undo_stack.undoText() == "Colour"
    session.push(cmd.SetHighlightNote(session, h.id, "# note"))
    assert session.undo_stack.undoText() == "Note"
    session.push(cmd.SetHighlightTags(session, h.id, ["Japan", "sanctions"]))
    assert session.undo_stack.undoText() == "Tag 'sanctions'"
    got = session.lib.highlights.get(h.id)
    assert (got.color, got.note, got.tags) == ("blue", "# note", ("Japan", "sanctions"))
    session.push(cmd.SetHighlightTags(session, h.id, ["sanctions"]))
    assert session.undo_stack.undoText() == "Untag 'Japan'"
    for _ in range(4):
        session.undo_stack.undo()
    got = session.lib.highlights.get(h.id)
    assert (got.color, got.note, got.tags) == ("yellow", "", ("Japan",))
    assert "sanctions" not in [t.name for t in session.lib.tags.list()]
    for _ in range(4):
        session.undo_stack.redo()
    got = session.lib.highlights.get(h.id)
    assert (got.color, got.note, got.tags) == ("blue", "# note", ("sanctions",))


def test_tag_management_commands_undo(session):
    """Rename, recolour, merge and delete of tags each undo to the exact previous state."""
    doc = _doc(session)
    a, _ = session.lib.highlights.add(doc.id, 0, 5, tags=["sanction"])
    b, _ = session.lib.highlights.add(doc.id, 10, 15, tags=["sanctions"])
    src, dst = session.lib.tags.by_name("sanction"), session.lib.tags.by_name("sanctions")
    session.push(cmd.RenameTag(session, src.id, "sanctions regime"))
    assert session.undo_stack.undoText() == "Rename Tag 'sanction' to 'sanctions regime'"
    session.undo_stack.undo()
    assert session.lib.tags.get(src.id).name == "sanction"
    session.push(cmd.RecolorTag(session, src.id, "#000000"))
    session.undo_stack.undo()
    assert session.lib.tags.get(src.id).color == src.color
    session.push(cmd.MergeTags(session, src.id, dst.id))
    assert session.undo_stack.undoText() == "Merge Tag 'sanction' into 'sanctions'"
    assert session.lib.highlights.get(a.id).tags == ("sanctions",)
    session.undo_stack.undo()
    assert session.lib.highlights.get(a.id).tags == ("sanction",)
    assert session.lib.highlights.get(b.id).tags == ("sanctions",)
    session.push(cmd.DeleteTag(session, dst.id))
    assert session.undo_stack.undoText() == "Delete Tag 'sanctions'"
    assert session.lib.highlights.get(b.id).tags == ()
    session.undo_stack.undo()
    assert session.lib.highlights.get(b.id).tags == ("sanctions",)


def test_store_refusal_is_reported_and_leaves_the_stack_alone(session, qtbot):
    """A command the store refuses reports the reason, is not undoable, and never undoes the one before."""
    doc = _doc(session)
    first = cmd.AddHighlight(session, doc.id, 0, 5)
    session.push(first)
    errors = []
    session.error.connect(errors.append)
    assert not session.push(cmd.AddHighlight(session, doc.id, 5, 10**9))
    assert "outside the document" in errors[0]
    assert session.undo_stack.count() == 1 and session.undo_stack.undoText() == "Highlight"
    assert session.lib.highlights.get(first.highlight_id)  # the earlier command was not undone
    assert not session.push(cmd.SetHighlightColor(session, first.highlight_id, "orange"))
    assert "unknown colour 'orange'" in errors[1]
    assert session.lib.highlights.get(first.highlight_id).color == "yellow"


def test_redo_failing_later_drops_the_command(session):
    """If redo from the stack fails (the highlight vanished meanwhile), the error is reported and the
    command leaves the stack instead of lingering as an undo step that does nothing."""
    doc = _doc(session)
    h, _ = session.lib.highlights.add(doc.id, 0, 5)
    session.push(cmd.SetHighlightColor(session, h.id, "green"))
    session.undo_stack.undo()
    session.lib.highlights.delete(h.id)
    errors = []
    session.error.connect(errors.append)
    session.undo_stack.redo()
    assert errors and f"no highlight with id {h.id}" in errors[0]
    assert session.undo_stack.count() == 0
