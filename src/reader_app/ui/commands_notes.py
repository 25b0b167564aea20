"""Undoable changes to cross-document notes, pushed through ``Session.push`` like every other command.

Built on ``commands.StoreCommand``: a store refusal is reported, never raised, and the command leaves the
stack. Deletions keep the store's snapshot, so undo brings back the same note id with its links, and
"Undo Link" / "Undo Unlink" put a passage back at the position and with the relation it had.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..core.changes import NOTHING, Changes
from ..core.errors import NotFound
from ..core.model import NoteLink
from .commands import StoreCommand
from .session import Session


def default_relation(session: Session, wanted: str = "supports") -> str:
    """``wanted`` when the library's relation list has it (the list is editable), else its first entry."""
    relations = session.lib.settings.relations()
    return wanted if wanted in relations or not relations else relations[0]


class CreateNote(StoreCommand):
    def __init__(self, session: Session, title: str, body: str = "", links=()):
        super().__init__(session, "New Note")
        self.title, self.body, self.links = title, body, [(int(h), r) for h, r in links]
        self.note_id: int | None = None
        self._snapshot = None

    def _do(self) -> Changes:
        if self._snapshot is None:
            note, changes = self.session.lib.notes.create(self.title, self.body, self.links)
            self.note_id = note.id
            return changes
        return self.session.lib.notes.restore(self._snapshot)

    def _undo(self) -> Changes:
        self._snapshot, changes = self.session.lib.notes.delete(self.note_id)
        return changes


class DeleteNote(StoreCommand):
    def __init__(self, session: Session, note_id: int):
        super().__init__(session, "Delete Note")
        self.note_id = note_id
        self._snapshot = None

    def _do(self) -> Changes:
        self._snapshot, changes = self.session.lib.notes.delete(self.note_id)
        return changes

    def _undo(self) -> Changes:
        return self.session.lib.notes.restore(self._snapshot)


class EditNote(StoreCommand):
    """Title and/or body; undo writes back what was there."""

    def __init__(self, session: Session, note_id: int, *, title: str | None = None, body: str | None = None):
        super().__init__(session, "Rename Note" if body is None else "Edit Note")
        self.note_id, self.title, self.body = note_id, title, body
        self._before: tuple[str, str] | None = None

    def _do(self) -> Changes:
        if self._before is None:
            note = self.session.lib.notes.get(self.note_id)
            self._before = (note.title, note.body)
        return self.session.lib.notes.update(self.note_id, title=self.title, body=self.body)

    def _undo(self) -> Changes:
        title, body = self._before
        return self.session.lib.notes.update(self.note_id, title=title, body=body)


def _link_of(session: Session, note_id: int, highlight_id: int) -> NoteLink | None:
    return next((lk for lk in session.lib.notes.get(note_id).links if lk.highlight_id == highlight_id), None)


class LinkPassage(StoreCommand):
    """Link a highlight into a note ("Undo Link"). Linking one already there changes its relation and
    place; undo puts those back instead of removing the older link."""

    def __init__(self, session: Session, note_id: int, highlight_id: int, relation: str = "supports",
                 position: int | None = None):
        super().__init__(session, "Link")
        self.note_id, self.highlight_id, self.relation, self.position = note_id, highlight_id, relation, position
        self._previous: NoteLink | None = None
        self._checked = False

    def _do(self) -> Changes:
        if not self._checked:
            self._previous = _link_of(self.session, self.note_id, self.highlight_id)
            self._checked = True
        if self._previous is not None:
            self.session.lib.notes.unlink(self.note_id, self.highlight_id)
        return self.session.lib.notes.link(self.note_id, self.highlight_id, self.relation, self.position)

    def _undo(self) -> Changes:
        _, changes = self.session.lib.notes.unlink(self.note_id, self.highlight_id)
        if self._previous is not None:
            p = self._previous
            changes |= self.session.lib.notes.link(p.note_id, p.highlight_id, p.relation, p.position)
        return changes


class UnlinkPassage(StoreCommand):
    """Remove a passage from a note ("Undo Unlink" puts it back in its place, with its relation)."""

    def __init__(self, session: Session, note_id: int, highlight_id: int):
        super().__init__(session, "Unlink")
        self.note_id, self.highlight_id = note_id, highlight_id
        self._link: NoteLink | None = None

    def _do(self) -> Changes:
        self._link, changes = self.session.lib.notes.unlink(self.note_id, self.highlight_id)
        return changes

    def _undo(self) -> Changes:
        lk = self._link
        return self.session.lib.notes.link(lk.note_id, lk.highlight_id, lk.relation, lk.position)


class SetRelation(StoreCommand):
    def __init__(self, session: Session, note_id: int, highlight_id: int, relation: str):
        super().__init__(session, f"Relation '{relation}'")
        self.note_id, self.highlight_id, self.relation = note_id, highlight_id, relation
        self._before: str | None = None

    def _do(self) -> Changes:
        if self._before is None:
            link = _link_of(self.session, self.note_id, self.highlight_id)
            if link is None:
                raise NotFound(f"highlight {self.highlight_id} is not linked to note {self.note_id}")
            self._before = link.relation
        return self.session.lib.notes.set_relation(self.note_id, self.highlight_id, self.relation)

    def _undo(self) -> Changes:
        return self.session.lib.notes.set_relation(self.note_id, self.highlight_id, self._before)


class ReorderLinks(StoreCommand):
    def __init__(self, session: Session, note_id: int, highlight_ids: list[int]):
        super().__init__(session, "Reorder Passages")
        self.note_id, self.order = note_id, list(highlight_ids)
        self._before: list[int] | None = None

    def _do(self) -> Changes:
        if self._before is None:
            self._before = [lk.highlight_id for lk in self.session.lib.notes.get(self.note_id).links]
        return self.session.lib.notes.reorder(self.note_id, self.order)

    def _undo(self) -> Changes:
        return self.session.lib.notes.reorder(self.note_id, self._before)


@dataclass(frozen=True)
class Passage:
    """A span to link: an existing highlight (``highlight_id``), or a selection to highlight first."""

    document_id: int
    start: int
    end: int
    relation: str = "supports"
    highlight_id: int | None = None


class LinkPassagesToNote(StoreCommand):
    """Link spans into a note — an existing one (``note_id``) or a new one titled ``title`` — creating a
    highlight for each span that is not one yet (an existing highlight over exactly that span is reused).

    Undo removes what this command made (the new highlights with their links, the new note) and the
    links it added to an existing note; redo restores the same ids."""

    def __init__(self, session: Session, passages: list[Passage], *, note_id: int | None = None,
                 title: str = "", color: str = "yellow", text: str = "Link"):
        super().__init__(session, text)
        self.passages, self.note_id, self.title, self.color = list(passages), note_id, title, color
        self.highlight_ids: list[int] = []
        self._created_note = note_id is None
        self._new_highlights: list[int] = []
        self._note_snapshot = None
        self._highlight_snapshots: list = []
        self._linked_existing: list[tuple[int, str]] = []  # (highlight id, relation) linked to an old note

    def _highlight_for(self, p: Passage) -> tuple[int, Changes]:
        lib = self.session.lib
        if p.highlight_id is not None:
            return p.highlight_id, NOTHING
        same = next((h for h in lib.highlights.for_document(p.document_id)
                     if h.start == p.start and h.end == p.end and not h.is_orphaned), None)
        if same is not None:
            return same.id, NOTHING
        h, changes = lib.highlights.add(p.document_id, p.start, p.end, color=self.color)
        self._new_highlights.append(h.id)
        return h.id, changes

    def _do(self) -> Changes:
        lib = self.session.lib
        if self._highlight_snapshots or self._note_snapshot is not None:
            return self._redo_again()
        changes = NOTHING
        links = []
        for p in self.passages:
            hid, ch = self._highlight_for(p)
            changes |= ch
            links.append((hid, p.relation))
        self.highlight_ids = [h for h, _ in links]
        if self._created_note:
            note, ch = lib.notes.create(self.title or "Untitled note", "", links)
            self.note_id = note.id
            return changes | ch
        present = {lk.highlight_id for lk in lib.notes.get(self.note_id).links}
        for hid, relation in links:
            if hid not in present:
                changes |= lib.notes.link(self.note_id, hid, relation)
                self._linked_existing.append((hid, relation))
                present.add(hid)
        return changes

    def _redo_again(self) -> Changes:
        lib = self.session.lib
        changes = NOTHING
        for snap in self._highlight_snapshots:
            changes |= lib.highlights.restore(snap)  # brings back its links to notes that exist
        self._highlight_snapshots = []
        if self._note_snapshot is not None:
            changes |= lib.notes.restore(self._note_snapshot)
            self._note_snapshot = None
        new = set(self._new_highlights)
        for hid, relation in self._linked_existing:
            if hid not in new:
                changes |= lib.notes.link(self.note_id, hid, relation)
        return changes

    def _undo(self) -> Changes:
        lib = self.session.lib
        changes = NOTHING
        if self._created_note:
            self._note_snapshot, changes = lib.notes.delete(self.note_id)
        else:
            new = set(self._new_highlights)
            for hid, _ in reversed(self._linked_existing):
                if hid not in new:
                    changes |= lib.notes.unlink(self.note_id, hid)[1]
        for hid in reversed(self._new_highlights):
            snap, ch = lib.highlights.delete(hid)
            self._highlight_snapshots.insert(0, snap)
            changes |= ch
        return changes


class LinkSelectionToNote(LinkPassagesToNote):
    """"Link selection to note…": highlight the selection, then link it (to a new note when ``note_id`` is
    None)."""

    def __init__(self, session: Session, document_id: int, start: int, end: int, *, note_id: int | None = None,
                 title: str = "", relation: str = "supports", color: str = "yellow"):
        super().__init__(session, [Passage(document_id, start, end, relation)], note_id=note_id, title=title,
                         color=color, text="Link Selection")
