"""Highlights: a span of a document with colour, tags and a Markdown note."""
from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..changes import Changes
from ..errors import InvalidValue, NotFound
from ..model import ANCHORED, HIGHLIGHT_COLORS, ORPHANED, Highlight, NoteLink
from . import search
from .tags import assign_tags, tag_names_for

if TYPE_CHECKING:
    from .library import Library

CONTEXT = 32  # characters of prefix and suffix kept with each highlight
_COLUMNS = 'id, uid, document_id, start, "end", exact, prefix, suffix, color, note, status, created_at, updated_at'


@dataclass(frozen=True)
class HighlightSnapshot:
    """Everything needed to put a deleted highlight back exactly as it was (same id, tags, links)."""

    highlight: Highlight
    links: tuple[NoteLink, ...]


def check_color(color: str) -> str:
    if color not in HIGHLIGHT_COLORS:
        raise InvalidValue(f"unknown colour {color!r} (choose from {', '.join(HIGHLIGHT_COLORS)})")
    return color


class HighlightRepo:
    def __init__(self, lib: Library):
        self._lib = lib

    # -- reading ---------------------------------------------------------------------------------
    def _build(self, rows: list[tuple]) -> list[Highlight]:
        tags = tag_names_for(self._lib.conn, [r[0] for r in rows])
        return [Highlight(*r, tags=tuple(tags.get(r[0], ()))) for r in rows]

    def get(self, highlight_id: int) -> Highlight:
        row = self._lib.conn.execute(f"SELECT {_COLUMNS} FROM highlights WHERE id = ?",
                                     (highlight_id,)).fetchone()
        if row is None:
            raise NotFound(f"no highlight with id {highlight_id}")
        return self._build([row])[0]

    def get_many(self, ids: list[int]) -> list[Highlight]:
        found = []
        for start in range(0, len(ids), 500):
            part = ids[start:start + 500]
            marks = ",".join("?" * len(part))
            found += self._lib.conn.execute(f"SELECT {_COLUMNS} FROM highlights WHERE id IN ({marks})",
                                            part).fetchall()
        return self._build(found)

    def for_document(self, document_id: int) -> list[Highlight]:
        """In text order; orphans (whose position is only remembered) come last."""
        # Ordered by the (document_id, start) index; orphans are moved last here rather than by an
        # ORDER BY expression, which would force SQLite to sort every row of a large document.
        rows = self._lib.conn.execute(
            f"SELECT {_COLUMNS} FROM highlights WHERE document_id = ? ORDER BY start, \"end\", id",
            (document_id,)).fetchall()
        rows = [r for r in rows if r[10] != ORPHANED] + [r for r in rows if r[10] == ORPHANED]
        tags: dict[int, list[str]] = {}
        for hid, name in self._lib.conn.execute(
                "SELECT ht.highlight_id, t.name FROM highlight_tags ht JOIN tags t ON t.id = ht.tag_id "
                "JOIN highlights h ON h.id = ht.highlight_id WHERE h.document_id = ? "
                "ORDER BY ht.highlight_id, ht.position", (document_id,)):
            tags.setdefault(hid, []).append(name)
        return [Highlight(*r, tags=tuple(tags.get(r[0], ()))) for r in rows]

    def list(self, *, document_ids: list[int] | None = None, tag: str | None = None,
             color: str | None = None, text: str | None = None) -> list[Highlight]:
        """Filtered highlights grouped by document, each group in text order."""
        where, args = [], []
        if document_ids is not None:
            where.append(f"document_id IN ({','.join('?' * len(document_ids))})")
            args += document_ids
        if tag:
            where.append("id IN (SELECT ht.highlight_id FROM highlight_tags ht JOIN tags t ON t.id = ht.tag_id "
                         "WHERE t.name = ? COLLATE NOCASE)")
            args.append(tag)
        if color:
            where.append("color = ?")
            args.append(color)
        if text:
            where.append("(instr(lower(exact), lower(?)) > 0 OR instr(lower(note), lower(?)) > 0)")
            args += [text, text]
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        rows = self._lib.conn.execute(
            f"SELECT {_COLUMNS} FROM highlights {clause} "
            "ORDER BY document_id, status = 'orphaned', start, \"end\", id", args).fetchall()
        return self._build(rows)

    def count(self) -> int:
        return self._lib.conn.execute("SELECT count(*) FROM highlights").fetchone()[0]

    def find_quote(self, document_id: int, quote: str, occurrence: int = 1) -> tuple[int, int]:
        """Span of the N-th exact occurrence of ``quote`` in the document."""
        if not quote:
            raise InvalidValue("the quote to highlight is empty")
        if occurrence < 1:
            raise InvalidValue(f"occurrence must be 1 or more, not {occurrence}")
        text = self._lib.documents.text(document_id)
        at, seen = -1, 0
        while seen < occurrence:
            at = text.find(quote, at + 1)
            if at < 0:
                doc = self._lib.documents.get(document_id)
                if seen == 0:
                    raise NotFound(f"the quote {quote!r} does not occur in {doc.key!r}")
                raise NotFound(f"the quote {quote!r} occurs {seen} time(s) in {doc.key!r}, not {occurrence}")
            seen += 1
        return at, at + len(quote)

    # -- writing ---------------------------------------------------------------------------------
    def add(self, document_id: int, start: int, end: int, *, color: str = "yellow",
            tags: list[str] | tuple[str, ...] = (), note: str = "") -> tuple[Highlight, Changes]:
        """Highlight ``[start, end)``; tags and note land in the same transaction as the highlight."""
        from ..anchoring import describe

        check_color(color)
        text = self._lib.documents.text(document_id)
        if not (0 <= start < end <= len(text)):
            raise InvalidValue(f"range {start}–{end} is outside the document (length {len(text)})")
        sel = describe(text, start, end, CONTEXT)
        now = self._lib.clock()
        with self._lib.transaction() as conn:
            cur = conn.execute(
                f"INSERT INTO highlights({_COLUMNS.replace('id, ', '', 1)}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (uuid.uuid4().hex, document_id, sel.start, sel.end, sel.exact, sel.prefix, sel.suffix, color,
                 note, ANCHORED, now, now))
            hid = cur.lastrowid
            tag_ids = assign_tags(conn, hid, list(tags), replace=False)
            search.index_highlight(conn, hid)
        return self.get(hid), Changes.of(highlights=[hid], documents=[document_id], tags=tag_ids)

    def _update(self, highlight_id: int, assignments: str, args: tuple) -> Changes:
        current = self.get(highlight_id)
        with self._lib.transaction() as conn:
            conn.execute(f"UPDATE highlights SET {assignments}, updated_at = ? WHERE id = ?",
                         (*args, self._lib.clock(), highlight_id))
            search.index_highlight(conn, highlight_id)
        return Changes.of(highlights=[highlight_id], documents=[current.document_id])

    def set_color(self, highlight_id: int, color: str) -> Changes:
        return self._update(highlight_id, "color = ?", (check_color(color),))

    def set_note(self, highlight_id: int, note: str) -> Changes:
        return self._update(highlight_id, "note = ?", (note,))

    def set_tags(self, highlight_id: int, names: list[str]) -> Changes:
        """Replace the highlight's tags (in the given order), creating tags that don't exist yet."""
        current = self.get(highlight_id)
        with self._lib.transaction() as conn:
            before = [r[0] for r in conn.execute("SELECT tag_id FROM highlight_tags WHERE highlight_id = ?",
                                                 (highlight_id,))]
            after = assign_tags(conn, highlight_id, names, replace=True)
            conn.execute("UPDATE highlights SET updated_at = ? WHERE id = ?", (self._lib.clock(), highlight_id))
            search.index_highlight(conn, highlight_id)
        return Changes.of(highlights=[highlight_id], documents=[current.document_id], tags=set(before) | set(after))

    def add_tags(self, highlight_id: int, names: list[str]) -> Changes:
        current = self.get(highlight_id)
        return self.set_tags(highlight_id, list(current.tags) + [n for n in names if n.lower() not in
                                                                 {t.lower() for t in current.tags}])

    def remove_tag(self, highlight_id: int, name: str) -> Changes:
        current = self.get(highlight_id)
        return self.set_tags(highlight_id, [t for t in current.tags if t.lower() != name.lower()])

    def delete(self, highlight_id: int) -> tuple[HighlightSnapshot, Changes]:
        """Delete, returning a snapshot that ``restore`` turns back into the same highlight."""
        snapshot = self.snapshot(highlight_id)
        with self._lib.transaction() as conn:
            search.unindex_highlight(conn, highlight_id)
            conn.execute("DELETE FROM highlights WHERE id = ?", (highlight_id,))
        h = snapshot.highlight
        return snapshot, Changes.of(highlights=[h.id], documents=[h.document_id],
                                    notes=[link.note_id for link in snapshot.links])

    def snapshot(self, highlight_id: int) -> HighlightSnapshot:
        h = self.get(highlight_id)
        links = tuple(NoteLink(*r) for r in self._lib.conn.execute(
            "SELECT note_id, highlight_id, relation, position FROM note_links WHERE highlight_id = ?",
            (highlight_id,)))
        return HighlightSnapshot(h, links)

    def restore(self, snapshot: HighlightSnapshot) -> Changes:
        h = snapshot.highlight
        with self._lib.transaction() as conn:
            self.insert_row(conn, h)
            for link in snapshot.links:
                if conn.execute("SELECT 1 FROM notes WHERE id = ?", (link.note_id,)).fetchone():
                    conn.execute("INSERT OR REPLACE INTO note_links(note_id, highlight_id, relation, position) "
                                 "VALUES (?, ?, ?, ?)", (link.note_id, h.id, link.relation, link.position))
        return Changes.of(highlights=[h.id], documents=[h.document_id],
                          notes=[link.note_id for link in snapshot.links])

    @staticmethod
    def insert_row(conn: sqlite3.Connection, h: Highlight) -> int:
        """Insert a complete highlight row with its tags (same id and uid unless ``h.id`` is None); used by
        restore and annotation import. Returns the row id."""
        cur = conn.execute(
            f"INSERT INTO highlights({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (h.id, h.uid, h.document_id, h.start, h.end, h.exact, h.prefix, h.suffix, h.color, h.note,
             h.status, h.created_at, h.updated_at))
        hid = cur.lastrowid if h.id is None else h.id
        assign_tags(conn, hid, list(h.tags), replace=False)
        search.index_highlight(conn, hid)
        return hid
