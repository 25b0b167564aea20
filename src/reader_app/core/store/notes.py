"""Cross-document notes: a Markdown text linking passages (highlights), each with a relation."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..changes import Changes
from ..errors import InvalidValue, NotFound
from ..model import Note, NoteLink
from . import search

if TYPE_CHECKING:
    from .library import Library


@dataclass(frozen=True)
class NoteSnapshot:
    note: Note


class NoteRepo:
    def __init__(self, lib: Library):
        self._lib = lib

    def _links(self, note_id: int) -> tuple[NoteLink, ...]:
        return tuple(NoteLink(*r) for r in self._lib.conn.execute(
            "SELECT note_id, highlight_id, relation, position FROM note_links WHERE note_id = ? "
            "ORDER BY position, highlight_id", (note_id,)))

    def get(self, note_id: int) -> Note:
        row = self._lib.conn.execute(
            "SELECT id, uid, title, body, created_at, updated_at FROM notes WHERE id = ?", (note_id,)).fetchone()
        if row is None:
            raise NotFound(f"no note with id {note_id}")
        return Note(*row, links=self._links(note_id))

    def list(self) -> list[Note]:
        ids = [r[0] for r in self._lib.conn.execute("SELECT id FROM notes ORDER BY updated_at DESC, id DESC")]
        return [self.get(i) for i in ids]

    def for_highlight(self, highlight_id: int) -> list[Note]:
        ids = [r[0] for r in self._lib.conn.execute(
            "SELECT note_id FROM note_links WHERE highlight_id = ? ORDER BY note_id", (highlight_id,))]
        return [self.get(i) for i in ids]

    def linked_highlight_ids(self) -> set[int]:
        return {r[0] for r in self._lib.conn.execute("SELECT DISTINCT highlight_id FROM note_links")}

    def _check_relation(self, relation: str) -> str:
        relation = relation.strip()
        if relation not in self._lib.settings.relations():
            raise InvalidValue(f"unknown relation {relation!r} "
                               f"(choose from {', '.join(self._lib.settings.relations())})")
        return relation

    def create(self, title: str, body: str = "", links: list[tuple[int, str]] = ()) -> tuple[Note, Changes]:
        """A note with its links, all in one transaction."""
        title = title.strip()
        if not title:
            raise InvalidValue("a note needs a title")
        checked = [(hid, self._check_relation(rel)) for hid, rel in links]
        for hid, _ in checked:
            self._lib.highlights.get(hid)
        now = self._lib.clock()
        with self._lib.transaction() as conn:
            nid = conn.execute("INSERT INTO notes(uid, title, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                               (uuid.uuid4().hex, title, body, now, now)).lastrowid
            conn.executemany("INSERT OR IGNORE INTO note_links(note_id, highlight_id, relation, position) "
                             "VALUES (?, ?, ?, ?)", [(nid, hid, rel, i) for i, (hid, rel) in enumerate(checked)])
            search.index_note(conn, nid)
        return self.get(nid), Changes.of(notes=[nid], highlights=[h for h, _ in checked])

    def update(self, note_id: int, *, title: str | None = None, body: str | None = None) -> Changes:
        note = self.get(note_id)
        new_title = note.title if title is None else title.strip()
        if not new_title:
            raise InvalidValue("a note needs a title")
        with self._lib.transaction() as conn:
            conn.execute("UPDATE notes SET title = ?, body = ?, updated_at = ? WHERE id = ?",
                         (new_title, note.body if body is None else body, self._lib.clock(), note_id))
            search.index_note(conn, note_id)
        return Changes.of(notes=[note_id])

    def link(self, note_id: int, highlight_id: int, relation: str = "supports",
             position: int | None = None) -> Changes:
        relation = self._check_relation(relation)
        note = self.get(note_id)
        self._lib.highlights.get(highlight_id)
        with self._lib.transaction() as conn:
            if position is None:
                position = len(note.links)
            conn.execute("UPDATE note_links SET position = position + 1 WHERE note_id = ? AND position >= ?",
                         (note_id, position))
            conn.execute("INSERT OR REPLACE INTO note_links(note_id, highlight_id, relation, position) "
                         "VALUES (?, ?, ?, ?)", (note_id, highlight_id, relation, position))
            conn.execute("UPDATE notes SET updated_at = ? WHERE id = ?", (self._lib.clock(), note_id))
        return Changes.of(notes=[note_id], highlights=[highlight_id])

    def unlink(self, note_id: int, highlight_id: int) -> tuple[NoteLink, Changes]:
        row = self._lib.conn.execute(
            "SELECT note_id, highlight_id, relation, position FROM note_links WHERE note_id = ? AND highlight_id = ?",
            (note_id, highlight_id)).fetchone()
        if row is None:
            raise NotFound(f"highlight {highlight_id} is not linked to note {note_id}")
        with self._lib.transaction() as conn:
            conn.execute("DELETE FROM note_links WHERE note_id = ? AND highlight_id = ?", (note_id, highlight_id))
            conn.execute("UPDATE note_links SET position = position - 1 WHERE note_id = ? AND position > ?",
                         (note_id, row[3]))
            conn.execute("UPDATE notes SET updated_at = ? WHERE id = ?", (self._lib.clock(), note_id))
        return NoteLink(*row), Changes.of(notes=[note_id], highlights=[highlight_id])

    def set_relation(self, note_id: int, highlight_id: int, relation: str) -> Changes:
        relation = self._check_relation(relation)
        with self._lib.transaction() as conn:
            cur = conn.execute("UPDATE note_links SET relation = ? WHERE note_id = ? AND highlight_id = ?",
                               (relation, note_id, highlight_id))
            if cur.rowcount == 0:
                raise NotFound(f"highlight {highlight_id} is not linked to note {note_id}")
        return Changes.of(notes=[note_id], highlights=[highlight_id])

    def reorder(self, note_id: int, highlight_ids: list[int]) -> Changes:
        note = self.get(note_id)
        if sorted(highlight_ids) != sorted(link.highlight_id for link in note.links):
            raise InvalidValue("a reorder must list exactly the note's linked passages")
        with self._lib.transaction() as conn:
            conn.executemany("UPDATE note_links SET position = ? WHERE note_id = ? AND highlight_id = ?",
                             [(i, note_id, hid) for i, hid in enumerate(highlight_ids)])
        return Changes.of(notes=[note_id])

    def delete(self, note_id: int) -> tuple[NoteSnapshot, Changes]:
        note = self.get(note_id)
        with self._lib.transaction() as conn:
            search.unindex_note(conn, note_id)
            conn.execute("DELETE FROM notes WHERE id = ?", (note_id,))
        return NoteSnapshot(note), Changes.of(notes=[note_id], highlights=[lk.highlight_id for lk in note.links])

    def restore(self, snapshot: NoteSnapshot) -> Changes:
        n = snapshot.note
        with self._lib.transaction() as conn:
            conn.execute("INSERT INTO notes(id, uid, title, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                         (n.id, n.uid, n.title, n.body, n.created_at, n.updated_at))
            existing = {r[0] for r in conn.execute("SELECT id FROM highlights")}
            conn.executemany("INSERT INTO note_links(note_id, highlight_id, relation, position) VALUES (?, ?, ?, ?)",
                             [(n.id, lk.highlight_id, lk.relation, lk.position) for lk in n.links
                              if lk.highlight_id in existing])
            search.index_note(conn, n.id)
        return Changes.of(notes=[n.id], highlights=[lk.highlight_id for lk in n.links])
