"""A note's linked passages with their highlights and documents, in the note's order (for views)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..exporters.scope import Passage
from ..model import Note

if TYPE_CHECKING:
    from ..store import Library


def linked_passages(lib: Library, note: Note) -> list[Passage]:
    """One query for the highlights and one for the documents, however many links the note has."""
    by_id = {h.id: h for h in lib.highlights.get_many([lk.highlight_id for lk in note.links])}
    docs = {d.id: d for d in lib.documents.list()}
    return [Passage(by_id[lk.highlight_id], docs[by_id[lk.highlight_id].document_id], lk.relation)
            for lk in note.links if lk.highlight_id in by_id]


def notes_by_highlight(lib: Library, document_id: int) -> dict[int, list[Note]]:
    """For one document: each highlight linked to notes, with those notes (for margin markers). Reads only
    linked highlights, so a document with thousands of plain highlights costs no more than one without."""
    linked = sorted(lib.notes.linked_highlight_ids())
    ids = [h.id for h in lib.highlights.get_many(linked) if h.document_id == document_id]
    return {hid: lib.notes.for_highlight(hid) for hid in ids}
