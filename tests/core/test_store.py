"""The library store against a real SQLite file: documents, highlights, tags, notes, search."""
from __future__ import annotations

import sqlite3

import pytest

from reader_app.core.errors import InvalidValue, NotFound
from reader_app.core.model import Block, DocumentMeta, ImportedDocument
from reader_app.core.store import Library

TEXT = "Sanctions on Russia\nJapan cut Russian banks off SWIFT in March.\nThe Kuril Islands dispute remains."


def make_doc(text: str = TEXT, title: str = "Sanctions on Russia", path: str = "") -> ImportedDocument:
    blocks, at = [], 0
    for i, para in enumerate(text.split("\n")):
        blocks.append(Block(at, at + len(para), "title" if i == 0 else "paragraph"))
        at += len(para) + 1
    return ImportedDocument(text, blocks, DocumentMeta(title=title), "txt", source_path=path)


def test_new_library_has_latest_schema_and_pragmas(lib: Library):
    """A new file runs every migration and uses WAL with foreign keys on."""
    from reader_app.core.store.migrate import latest_version

    assert lib.schema_version == latest_version()
    assert lib.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert lib.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_add_document_and_duplicate_is_recognised(lib: Library):
    """The same content twice is one document; the second add reports a duplicate and changes nothing."""
    first = lib.documents.add(make_doc())
    assert not first.duplicate and first.changes.documents == {first.document.id}
    assert first.document.key == "sanctions-on-russia"
    second = lib.documents.add(make_doc(title="Other title"))
    assert second.duplicate and not second.changes
    assert lib.documents.count() == 1


def test_keys_are_unique(lib: Library):
    """Two documents with the same title get distinct keys."""
    a = lib.documents.add(make_doc()).document
    b = lib.documents.add(make_doc(TEXT + " More.")).document
    assert a.key != b.key and b.key.startswith(a.key)


def test_highlight_with_tags_and_note_round_trips(lib: Library):
    """A highlight stores its selectors, colour, tags (in order) and note; the write reports what changed."""
    doc = lib.documents.add(make_doc()).document
    start, end = lib.highlights.find_quote(doc.id, "SWIFT")
    h, changes = lib.highlights.add(doc.id, start, end, color="pink", tags=["sanctions", "banks"], note="*key*")
    assert changes.highlights == {h.id} and changes.documents == {doc.id}
    again = lib.highlights.get(h.id)
    assert again.exact == "SWIFT" and again.tags == ("sanctions", "banks") and again.note == "*key*"
    assert again.prefix.endswith("banks off ") and again.suffix.startswith(" in March")
    assert lib.documents.get(doc.id).highlight_count == 1


def test_highlight_rejects_bad_range_and_colour(lib: Library):
    """Bad values are refused with a message naming them, and nothing is stored."""
    doc = lib.documents.add(make_doc()).document
    with pytest.raises(InvalidValue, match="outside the document"):
        lib.highlights.add(doc.id, 5, 10_000)
    with pytest.raises(InvalidValue, match="unknown colour 'mauve'"):
        lib.highlights.add(doc.id, 0, 5, color="mauve")
    assert lib.highlights.count() == 0


def test_find_quote_occurrences(lib: Library):
    """The N-th occurrence is found; asking for one too many says how many there are."""
    doc = lib.documents.add(make_doc()).document
    assert lib.highlights.find_quote(doc.id, "Russia", 2) == (TEXT.index("Russian"), TEXT.index("Russian") + 6)
    with pytest.raises(NotFound, match="occurs 2 time"):
        lib.highlights.find_quote(doc.id, "Russia", 3)


def test_delete_and_restore_keeps_id_tags_note_and_links(lib: Library):
    """Undoing a delete puts back the same highlight: id, tags, note and its note links."""
    doc = lib.documents.add(make_doc()).document
    h, _ = lib.highlights.add(doc.id, 0, 9, tags=["sanctions"], note="n")
    note, _ = lib.notes.create("SWIFT dates", links=[(h.id, "contradicts")])
    snapshot, changes = lib.highlights.delete(h.id)
    assert note.id in changes.notes
    assert lib.notes.get(note.id).links == ()
    lib.highlights.restore(snapshot)
    back = lib.highlights.get(h.id)
    assert back == h
    assert [(lk.highlight_id, lk.relation) for lk in lib.notes.get(note.id).links] == [(h.id, "contradicts")]


def test_tags_rename_merge_delete_with_undo(lib: Library):
    """Tag management reports affected highlights and each operation can be reversed."""
    doc = lib.documents.add(make_doc()).document
    h1, _ = lib.highlights.add(doc.id, 0, 9, tags=["sanction"])
    h2, _ = lib.highlights.add(doc.id, 20, 26, tags=["sanctions", "banks"])
    sanction = lib.tags.by_name("sanction")
    changes = lib.tags.rename(sanction.id, "Sanction regime")
    assert changes.highlights == {h1.id}
    assert lib.highlights.get(h1.id).tags == ("Sanction regime",)
    with pytest.raises(InvalidValue, match="already exists"):
        lib.tags.rename(sanction.id, "SANCTIONS")
    target = lib.tags.by_name("sanctions")
    snaps, _ = lib.tags.merge(sanction.id, target.id)
    assert lib.highlights.get(h1.id).tags == ("sanctions",)
    lib.tags.unmerge(snaps)
    assert lib.highlights.get(h1.id).tags == ("Sanction regime",)
    assert lib.highlights.get(h2.id).tags == ("sanctions", "banks")
    snap, changes = lib.tags.delete(lib.tags.by_name("banks").id)
    assert changes.highlights == {h2.id} and lib.highlights.get(h2.id).tags == ("sanctions",)
    lib.tags.restore(snap)
    assert lib.highlights.get(h2.id).tags == ("sanctions", "banks")


def test_notes_link_unlink_reorder_relation(lib: Library):
    """A note keeps its linked passages in order with a relation each."""
    doc = lib.documents.add(make_doc()).document
    a, _ = lib.highlights.add(doc.id, 0, 9)
    b, _ = lib.highlights.add(doc.id, 20, 26)
    note, _ = lib.notes.create("Compare", "body", [(a.id, "supports")])
    lib.notes.link(note.id, b.id, "same fact")
    assert [lk.highlight_id for lk in lib.notes.get(note.id).links] == [a.id, b.id]
    lib.notes.reorder(note.id, [b.id, a.id])
    assert [lk.highlight_id for lk in lib.notes.get(note.id).links] == [b.id, a.id]
    lib.notes.set_relation(note.id, a.id, "contradicts")
    link, _ = lib.notes.unlink(note.id, b.id)
    assert link.relation == "same fact"
    assert [(lk.highlight_id, lk.relation, lk.position) for lk in lib.notes.get(note.id).links] == \
        [(a.id, "contradicts", 0)]
    with pytest.raises(InvalidValue, match="unknown relation"):
        lib.notes.link(note.id, b.id, "rhymes with")
    snapshot, _ = lib.notes.delete(note.id)
    lib.notes.restore(snapshot)
    assert lib.notes.get(note.id).links[0].relation == "contradicts"


def test_search_finds_text_highlights_and_notes(lib: Library):
    """Search ranks hits across chunks, highlight notes/tags and note bodies, with offsets and snippets."""
    doc = lib.documents.add(make_doc()).document
    h, _ = lib.highlights.add(doc.id, 0, 9, tags=["economy"], note="about the SWIFT cut")
    lib.notes.create("Banks", "SWIFT exclusion timeline")
    hits = lib.search.search("swift")
    kinds = {hit.kind for hit in hits}
    assert kinds == {"document", "highlight", "note"}
    doc_hit = next(hit for hit in hits if hit.kind == "document")
    assert TEXT[doc_hit.start:doc_hit.end] == "SWIFT" and "«SWIFT»" in doc_hit.snippet
    assert any(hit.highlight_id == h.id for hit in hits)
    assert lib.search.search("economy")[0].highlight_id == h.id
    assert lib.search.search('") OR (') == []


def test_reimport_changed_text_reanchors_and_orphans(lib: Library):
    """A changed version keeps highlights that still fit (moved) and marks the others orphaned."""
    doc = lib.documents.add(make_doc(path="/x/a.txt")).document
    kept, _ = lib.highlights.add(doc.id, *lib.highlights.find_quote(doc.id, "Kuril Islands"))
    lost, _ = lib.highlights.add(doc.id, *lib.highlights.find_quote(doc.id, "in March"))
    new_text = "Sanctions on Russia\nA new opening line.\nJapan cut banks off.\nThe Kuril Islands dispute remains."
    result = lib.documents.reimport(doc.id, make_doc(new_text, path="/x/a.txt"))
    assert result.report.orphaned == 1
    moved = lib.highlights.get(kept.id)
    assert new_text[moved.start:moved.end] == "Kuril Islands" and moved.status == "anchored"
    assert lib.highlights.get(lost.id).status == "orphaned"
    assert lib.documents.get(doc.id).version == 2


def test_write_failure_leaves_nothing_half_done(lib: Library):
    """A tag name that fails validation aborts the whole highlight: no highlight without its tags."""
    doc = lib.documents.add(make_doc()).document
    with pytest.raises(InvalidValue):
        lib.highlights.add(doc.id, 0, 9, tags=["ok", "   "])
    assert lib.highlights.count() == 0 and lib.tags.list() == []


def test_survives_reopen(library_path):
    """What is written is there after closing and reopening the file."""
    with Library(library_path) as first:
        doc = first.documents.add(make_doc()).document
        h, _ = first.highlights.add(doc.id, 0, 9, tags=["t"])
    with Library(library_path) as second:
        assert second.highlights.get(h.id).tags == ("t",)


def test_color_labels_are_editable(lib: Library):
    """Colour names carry the user's meaning (yellow = claim)."""
    lib.settings.set_color_label("yellow", "claim")
    assert lib.settings.color_labels()["yellow"] == "claim"
    with pytest.raises(InvalidValue):
        lib.settings.set_color_label("mauve", "x")


def test_foreign_sqlite_file_is_refused(tmp_path):
    """A SQLite file that is not a Reader library is refused and left as it was."""
    from reader_app.core.errors import NotALibrary

    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE people(name)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotALibrary, match="not one of Reader's libraries"):
        Library(path)
    assert path.read_bytes() == before


def test_adjacent_hit_words_form_one_mark(lib: Library):
    """A two-word query that matches side by side is marked as one phrase in the snippet."""
    lib.documents.add(make_doc())
    hit = lib.search.search("Kuril Islands", kinds=("document",))[0]
    assert "«Kuril Islands»" in hit.snippet
