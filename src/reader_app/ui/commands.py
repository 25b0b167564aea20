"""Undoable annotation changes: each command calls the store through ``session.lib`` and announces what
changed. Deletions keep the store's snapshot, so undo (and redo after undo) brings back the same ids,
and note links that point at them survive.

A store refusal (``ReaderError``) in ``redo`` never escapes: the command marks itself ``failed``, reports
the message through ``session.error`` and ``Session.push`` takes it off the stack; ``undo`` of a failed
command does nothing.
"""
from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from ..core.changes import NOTHING, Changes
from ..core.errors import NotFound, ReaderError
from .session import Session


def _quoted(names) -> str:
    return ", ".join(f"'{n}'" for n in names)


def _tag_name(session: Session, tag_id: int) -> str:
    """For a command's text; a missing tag is reported by redo, not by the constructor."""
    try:
        return session.lib.tags.get(tag_id).name
    except ReaderError:
        return f"#{tag_id}"


class StoreCommand(QUndoCommand):
    """Runs ``_do`` / ``_undo`` (each returning Changes) and turns store errors into a report."""

    def __init__(self, session: Session, text: str):
        super().__init__(text)
        self.session = session
        self.failed = False
        self._redone_once = False

    def _do(self) -> Changes:
        raise NotImplementedError

    def _undo(self) -> Changes:
        raise NotImplementedError

    def redo(self) -> None:
        first = not self._redone_once
        self._redone_once = True
        try:
            changes = self._do()
        except ReaderError as exc:
            self.failed = True
            if not first:
                # Redo from the stack: QUndoStack drops an obsolete command itself. On the first run the
                # command is still inside push(), where Session.push makes it obsolete and undoes it
                # (marking it here would let Qt delete it under push(); see the report for issue 3).
                self.setObsolete(True)
            self.session.error.emit(str(exc))
            return
        self.session.announce(changes)

    def undo(self) -> None:
        if self.failed:
            return
        try:
            changes = self._undo()
        except ReaderError as exc:
            self.session.error.emit(str(exc))
            return
        self.session.announce(changes)


class _TagBookkeeping:
    """Tags that a command created by naming them: undo removes them again (if unused), redo brings
    them back with the same id, so "Undo Tag 'x'" leaves no stray 'x' behind."""

    def __init__(self, lib):
        self._lib = lib
        self._new_names: list[str] = []
        self._removed: list = []  # TagSnapshot

    def note_new(self, names) -> None:
        self._new_names = []
        for name in names:
            try:
                self._lib.tags.by_name(name)
            except NotFound:
                self._new_names.append(name)

    def bring_back(self) -> Changes:
        changes = NOTHING
        for snap in self._removed:
            changes |= self._lib.tags.restore(snap)
        self._removed = []
        return changes

    def remove_unused(self) -> Changes:
        changes = NOTHING
        for name in self._new_names:
            try:
                tag = self._lib.tags.by_name(name)
            except NotFound:
                continue
            if tag.count == 0:
                snap, ch = self._lib.tags.delete(tag.id)
                self._removed.append(snap)
                changes |= ch
        return changes


class AddHighlight(StoreCommand):
    def __init__(self, session: Session, doc_id: int, start: int, end: int, color: str = "yellow",
                 tags=(), note: str = ""):
        super().__init__(session, "Highlight")
        self.doc_id, self.start, self.end = doc_id, start, end
        self.color, self.tags, self.note = color, tuple(tags), note
        self.highlight_id: int | None = None
        self._snapshot = None
        self._tags = _TagBookkeeping(session.lib)

    def _do(self) -> Changes:
        lib = self.session.lib
        if self._snapshot is None:
            self._tags.note_new(self.tags)
            h, changes = lib.highlights.add(self.doc_id, self.start, self.end, color=self.color,
                                            tags=self.tags, note=self.note)
            self.highlight_id = h.id
            return changes
        changes = self._tags.bring_back()
        return changes | lib.highlights.restore(self._snapshot)

    def _undo(self) -> Changes:
        self._snapshot, changes = self.session.lib.highlights.delete(self.highlight_id)
        return changes | self._tags.remove_unused()


class DeleteHighlight(StoreCommand):
    def __init__(self, session: Session, highlight_id: int):
        super().__init__(session, "Delete Highlight")
        self.highlight_id = highlight_id
        self._snapshot = None

    def _do(self) -> Changes:
        self._snapshot, changes = self.session.lib.highlights.delete(self.highlight_id)
        return changes

    def _undo(self) -> Changes:
        return self.session.lib.highlights.restore(self._snapshot)


class _SetHighlightField(StoreCommand):
    """Replace one field of a highlight; undo writes the value it had before."""

    def __init__(self, session: Session, highlight_id: int, value, text: str):
        super().__init__(session, text)
        self.highlight_id = highlight_id
        self.value = value
        self._before = None

    def _read(self, h):
        raise NotImplementedError

    def _write(self, value) -> Changes:
        raise NotImplementedError

    def _do(self) -> Changes:
        if self._before is None:
            self._before = self._read(self.session.lib.highlights.get(self.highlight_id))
        return self._write(self.value)

    def _undo(self) -> Changes:
        return self._write(self._before)


class SetHighlightColor(_SetHighlightField):
    def __init__(self, session: Session, highlight_id: int, color: str):
        super().__init__(session, highlight_id, color, "Colour")

    def _read(self, h):
        return h.color

    def _write(self, value) -> Changes:
        return self.session.lib.highlights.set_color(self.highlight_id, value)


class SetHighlightNote(_SetHighlightField):
    def __init__(self, session: Session, highlight_id: int, note: str):
        super().__init__(session, highlight_id, note, "Note")

    def _read(self, h):
        return h.note

    def _write(self, value) -> Changes:
        return self.session.lib.highlights.set_note(self.highlight_id, value)


class SetHighlightTags(_SetHighlightField):
    """Replace a highlight's tags. The text names what was added ("Tag 'sanctions'") or removed."""

    def __init__(self, session: Session, highlight_id: int, names):
        names = tuple(names)
        super().__init__(session, highlight_id, names, "Tags")
        self._tags = _TagBookkeeping(session.lib)
        try:
            before = session.lib.highlights.get(highlight_id).tags
        except ReaderError:
            return  # redo will report the missing highlight
        lower = {t.lower() for t in before}
        added = [n for n in names if n.lower() not in lower]
        removed = [t for t in before if t.lower() not in {n.lower() for n in names}]
        if added:
            self.setText(f"Tag {_quoted(added)}")
        elif removed:
            self.setText(f"Untag {_quoted(removed)}")

    def _read(self, h):
        return h.tags

    def _do(self) -> Changes:
        if self._before is None:
            self._tags.note_new(self.value)
        return self._tags.bring_back() | super()._do()

    def _undo(self) -> Changes:
        return super()._undo() | self._tags.remove_unused()

    def _write(self, value) -> Changes:
        return self.session.lib.highlights.set_tags(self.highlight_id, list(value))


class RenameTag(StoreCommand):
    def __init__(self, session: Session, tag_id: int, new_name: str):
        old = _tag_name(session, tag_id)
        super().__init__(session, f"Rename Tag '{old}' to '{new_name.strip()}'")
        self.tag_id, self.old, self.new = tag_id, old, new_name

    def _do(self) -> Changes:
        return self.session.lib.tags.rename(self.tag_id, self.new)

    def _undo(self) -> Changes:
        return self.session.lib.tags.rename(self.tag_id, self.old)


class RecolorTag(StoreCommand):
    def __init__(self, session: Session, tag_id: int, color: str):
        super().__init__(session, f"Recolour Tag '{_tag_name(session, tag_id)}'")
        self.tag_id, self.old, self.new = tag_id, None, color

    def _do(self) -> Changes:
        if self.old is None:
            self.old = self.session.lib.tags.get(self.tag_id).color
        return self.session.lib.tags.recolor(self.tag_id, self.new)

    def _undo(self) -> Changes:
        return self.session.lib.tags.recolor(self.tag_id, self.old)


class MergeTags(StoreCommand):
    def __init__(self, session: Session, source_id: int, target_id: int):
        super().__init__(session, f"Merge Tag '{_tag_name(session, source_id)}' into "
                                  f"'{_tag_name(session, target_id)}'")
        self.source_id, self.target_id = source_id, target_id
        self._snapshots = None

    def _do(self) -> Changes:
        self._snapshots, changes = self.session.lib.tags.merge(self.source_id, self.target_id)
        return changes

    def _undo(self) -> Changes:
        return self.session.lib.tags.unmerge(self._snapshots)


class DeleteTag(StoreCommand):
    def __init__(self, session: Session, tag_id: int):
        super().__init__(session, f"Delete Tag '{_tag_name(session, tag_id)}'")
        self.tag_id = tag_id
        self._snapshot = None

    def _do(self) -> Changes:
        self._snapshot, changes = self.session.lib.tags.delete(self.tag_id)
        return changes

    def _undo(self) -> Changes:
        return self.session.lib.tags.restore(self._snapshot)


class SetColorLabel(StoreCommand):
    """Give a highlight colour the user's meaning (yellow = "claim"). Labels are read when shown, so
    there is nothing to announce beyond the write itself."""

    def __init__(self, session: Session, color: str, label: str):
        super().__init__(session, f"Colour Label '{label.strip()}'")
        self.color, self.label = color, label
        self.old = session.lib.settings.color_labels().get(color, "")

    def _do(self) -> Changes:
        self.session.lib.settings.set_color_label(self.color, self.label)
        return NOTHING

    def _undo(self) -> Changes:
        self.session.lib.settings.set_color_label(self.color, self.old)
        return NOTHING
