"""Tags: named, coloured labels on highlights (case-insensitive names)."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..changes import Changes
from ..errors import InvalidValue, NotFound
from ..model import Tag
from . import search

if TYPE_CHECKING:
    from .library import Library

# Distinct, legible on light and dark backgrounds; new tags take the next one.
TAG_PALETTE = ("#d97706", "#2563eb", "#16a34a", "#db2777", "#7c3aed", "#0891b2", "#dc2626", "#65a30d")


def clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InvalidValue("a tag name cannot be empty")
    if len(cleaned) > 100:
        raise InvalidValue(f"the tag name {cleaned[:30]!r}… is longer than 100 characters")
    return cleaned


def ensure_tag(conn: sqlite3.Connection, name: str) -> int:
    name = clean_name(name)
    row = conn.execute("SELECT id FROM tags WHERE name = ? COLLATE NOCASE", (name,)).fetchone()
    if row:
        return row[0]
    count = conn.execute("SELECT count(*) FROM tags").fetchone()[0]
    return conn.execute("INSERT INTO tags(name, color) VALUES (?, ?)",
                        (name, TAG_PALETTE[count % len(TAG_PALETTE)])).lastrowid


def assign_tags(conn: sqlite3.Connection, highlight_id: int, names: list[str], *, replace: bool) -> list[int]:
    """Attach tags by name in order (creating missing ones); returns their ids."""
    if replace:
        conn.execute("DELETE FROM highlight_tags WHERE highlight_id = ?", (highlight_id,))
    ids: list[int] = []
    for name in names:
        tag_id = ensure_tag(conn, name)
        if tag_id not in ids:
            ids.append(tag_id)
    start = conn.execute("SELECT coalesce(max(position) + 1, 0) FROM highlight_tags WHERE highlight_id = ?",
                         (highlight_id,)).fetchone()[0]
    conn.executemany("INSERT OR IGNORE INTO highlight_tags(highlight_id, tag_id, position) VALUES (?, ?, ?)",
                     [(highlight_id, tag_id, start + i) for i, tag_id in enumerate(ids)])
    return ids


def tag_names_for(conn: sqlite3.Connection, highlight_ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for start in range(0, len(highlight_ids), 500):
        part = highlight_ids[start:start + 500]
        rows = conn.execute(
            "SELECT ht.highlight_id, t.name FROM highlight_tags ht JOIN tags t ON t.id = ht.tag_id "
            f"WHERE ht.highlight_id IN ({','.join('?' * len(part))}) ORDER BY ht.highlight_id, ht.position",
            part)
        for hid, name in rows:
            found.setdefault(hid, []).append(name)
    return found


@dataclass(frozen=True)
class TagSnapshot:
    tag: Tag
    highlight_ids: tuple[tuple[int, int], ...]  # (highlight id, position)


class TagRepo:
    def __init__(self, lib: Library):
        self._lib = lib

    def list(self) -> list[Tag]:
        rows = self._lib.conn.execute(
            "SELECT t.id, t.name, t.color, t.parent_id, "
            "(SELECT count(*) FROM highlight_tags ht WHERE ht.tag_id = t.id) "
            "FROM tags t ORDER BY t.name COLLATE NOCASE").fetchall()
        return [Tag(*r) for r in rows]

    def get(self, tag_id: int) -> Tag:
        for tag in self.list():
            if tag.id == tag_id:
                return tag
        raise NotFound(f"no tag with id {tag_id}")

    def by_name(self, name: str) -> Tag:
        for tag in self.list():
            if tag.name.lower() == name.strip().lower():
                return tag
        raise NotFound(f"no tag named {name!r}")

    def _highlights_of(self, tag_id: int) -> list[int]:
        return [r[0] for r in self._lib.conn.execute(
            "SELECT highlight_id FROM highlight_tags WHERE tag_id = ?", (tag_id,))]

    def create(self, name: str, color: str = "") -> tuple[Tag, Changes]:
        name = clean_name(name)
        with self._lib.transaction() as conn:
            if conn.execute("SELECT 1 FROM tags WHERE name = ? COLLATE NOCASE", (name,)).fetchone():
                raise InvalidValue(f"a tag named {name!r} already exists")
            tag_id = ensure_tag(conn, name)
            if color:
                conn.execute("UPDATE tags SET color = ? WHERE id = ?", (color, tag_id))
        return self.get(tag_id), Changes.of(tags=[tag_id])

    def rename(self, tag_id: int, new_name: str) -> Changes:
        new_name = clean_name(new_name)
        self.get(tag_id)
        with self._lib.transaction() as conn:
            clash = conn.execute("SELECT id FROM tags WHERE name = ? COLLATE NOCASE AND id != ?",
                                 (new_name, tag_id)).fetchone()
            if clash:
                raise InvalidValue(f"a tag named {new_name!r} already exists; merge the two tags instead")
            conn.execute("UPDATE tags SET name = ? WHERE id = ?", (new_name, tag_id))
            affected = self._highlights_of(tag_id)
            for hid in affected:
                search.index_highlight(conn, hid)
        return Changes.of(tags=[tag_id], highlights=affected)

    def recolor(self, tag_id: int, color: str) -> Changes:
        self.get(tag_id)
        with self._lib.transaction() as conn:
            conn.execute("UPDATE tags SET color = ? WHERE id = ?", (color, tag_id))
        return Changes.of(tags=[tag_id], highlights=self._highlights_of(tag_id))

    def merge(self, source_id: int, target_id: int) -> tuple[tuple[TagSnapshot, TagSnapshot], Changes]:
        """Move every use of ``source`` onto ``target`` and remove ``source``. The returned pair of
        snapshots (source, target before) lets ``unmerge`` undo it exactly."""
        if source_id == target_id:
            raise InvalidValue("cannot merge a tag into itself")
        snapshot = self.snapshot(source_id)
        target_before = self.snapshot(target_id)
        with self._lib.transaction() as conn:
            conn.execute("INSERT OR IGNORE INTO highlight_tags(highlight_id, tag_id, position) "
                         "SELECT highlight_id, ?, position FROM highlight_tags WHERE tag_id = ?",
                         (target_id, source_id))
            conn.execute("DELETE FROM tags WHERE id = ?", (source_id,))
            for hid, _ in snapshot.highlight_ids:
                search.index_highlight(conn, hid)
        affected = [h for h, _ in snapshot.highlight_ids]
        return (snapshot, target_before), Changes.of(tags=[source_id, target_id], highlights=affected)

    def unmerge(self, snapshots: tuple[TagSnapshot, TagSnapshot]) -> Changes:
        source, target_before = snapshots
        keep = {hid for hid, _ in target_before.highlight_ids}
        moved = [hid for hid, _ in source.highlight_ids if hid not in keep]
        with self._lib.transaction() as conn:
            conn.executemany("DELETE FROM highlight_tags WHERE tag_id = ? AND highlight_id = ?",
                             [(target_before.tag.id, hid) for hid in moved])
        return self.restore(source) | Changes.of(tags=[target_before.tag.id], highlights=moved)

    def snapshot(self, tag_id: int) -> TagSnapshot:
        tag = self.get(tag_id)
        rows = self._lib.conn.execute("SELECT highlight_id, position FROM highlight_tags WHERE tag_id = ?",
                                      (tag_id,)).fetchall()
        return TagSnapshot(tag, tuple((r[0], r[1]) for r in rows))

    def delete(self, tag_id: int) -> tuple[TagSnapshot, Changes]:
        """Delete a tag from every highlight; the snapshot restores it (undo)."""
        snapshot = self.snapshot(tag_id)
        with self._lib.transaction() as conn:
            conn.execute("DELETE FROM tags WHERE id = ?", (tag_id,))
            for hid, _ in snapshot.highlight_ids:
                search.index_highlight(conn, hid)
        return snapshot, Changes.of(tags=[tag_id], highlights=[h for h, _ in snapshot.highlight_ids])

    def restore(self, snapshot: TagSnapshot) -> Changes:
        t = snapshot.tag
        with self._lib.transaction() as conn:
            conn.execute("INSERT INTO tags(id, name, color, parent_id) VALUES (?, ?, ?, ?)",
                         (t.id, t.name, t.color, t.parent_id))
            existing = {r[0] for r in conn.execute("SELECT id FROM highlights")} if snapshot.highlight_ids else set()
            rows = [(hid, t.id, pos) for hid, pos in snapshot.highlight_ids if hid in existing]
            conn.executemany("INSERT OR IGNORE INTO highlight_tags(highlight_id, tag_id, position) "
                             "VALUES (?, ?, ?)", rows)
            for hid, _, _ in rows:
                search.index_highlight(conn, hid)
        return Changes.of(tags=[t.id], highlights=[r[0] for r in rows])
