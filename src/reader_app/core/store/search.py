"""Full-text search over document chunks, highlights and notes (SQLite FTS5)."""
from __future__ import annotations

import re
import sqlite3
from typing import TYPE_CHECKING

from ..model import SearchHit

if TYPE_CHECKING:
    from .library import Library

_TOKEN = re.compile(r"\w+", re.UNICODE)
MARK_OPEN, MARK_CLOSE = "«", "»"


# -- index maintenance (called by the repositories inside their transactions) ------------------------
def index_highlight(conn: sqlite3.Connection, highlight_id: int) -> None:
    row = conn.execute("SELECT exact, note FROM highlights WHERE id = ?", (highlight_id,)).fetchone()
    conn.execute("DELETE FROM annotations_fts WHERE rowid = ?", (highlight_id,))
    if row is None:
        return
    tags = " ".join(r[0] for r in conn.execute(
        "SELECT t.name FROM highlight_tags ht JOIN tags t ON t.id = ht.tag_id WHERE ht.highlight_id = ?",
        (highlight_id,)))
    conn.execute("INSERT INTO annotations_fts(rowid, quote, note, tags) VALUES (?, ?, ?, ?)",
                 (highlight_id, row[0], row[1], tags))


def unindex_highlight(conn: sqlite3.Connection, highlight_id: int) -> None:
    conn.execute("DELETE FROM annotations_fts WHERE rowid = ?", (highlight_id,))


def index_note(conn: sqlite3.Connection, note_id: int) -> None:
    # Notes share the annotations index with highlights; a negative rowid keeps the two apart.
    row = conn.execute("SELECT title, body FROM notes WHERE id = ?", (note_id,)).fetchone()
    conn.execute("DELETE FROM annotations_fts WHERE rowid = ?", (-note_id,))
    if row is not None:
        conn.execute("INSERT INTO annotations_fts(rowid, quote, note, tags) VALUES (?, ?, ?, '')",
                     (-note_id, row[0], row[1]))


def unindex_note(conn: sqlite3.Connection, note_id: int) -> None:
    conn.execute("DELETE FROM annotations_fts WHERE rowid = ?", (-note_id,))


# -- querying ----------------------------------------------------------------------------------------
def query_terms(query: str) -> list[str]:
    return _TOKEN.findall(query)


def fts_query(query: str, *, prefix_last: bool = False) -> str:
    """A safe FTS5 expression: every word must occur; user punctuation never reaches the parser."""
    terms = query_terms(query)
    parts = [f'"{t}"' for t in terms]
    if prefix_last and parts:
        parts[-1] += "*"
    return " ".join(parts)


def join_marks(snippet: str) -> str:
    """«Kuril» «Islands» reads as one hit: «Kuril Islands»."""
    return snippet.replace(f"{MARK_CLOSE} {MARK_OPEN}", " ")


def first_match(text: str, terms: list[str]) -> tuple[int, int]:
    """Offsets (within ``text``) of the earliest query term, for jump-to-hit."""
    best = None
    for term in terms:
        m = re.search(rf"(?<!\w){re.escape(term)}", text, re.IGNORECASE)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), m.start() + len(term))
    return best or (0, 0)


class SearchRepo:
    def __init__(self, lib: Library):
        self._lib = lib

    def search(self, query: str, limit: int = 20, *, prefix_last: bool = False,
               kinds: tuple[str, ...] = ("document", "highlight", "note")) -> list[SearchHit]:
        """Ranked hits across document text and annotations; snippets only for the rows returned."""
        expr = fts_query(query, prefix_last=prefix_last)
        if not expr:
            return []
        terms = query_terms(query)
        hits: list[SearchHit] = []
        conn = self._lib.conn
        if "document" in kinds:
            rows = conn.execute(
                "SELECT c.document_id, d.key, d.title, c.start, c.text, "
                f"snippet(chunks_fts, 0, '{MARK_OPEN}', '{MARK_CLOSE}', '…', 16), chunks_fts.rank "
                "FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid JOIN documents d ON d.id = c.document_id "
                "WHERE chunks_fts MATCH ? ORDER BY chunks_fts.rank LIMIT ?", (expr, limit)).fetchall()
            for doc_id, key, title, start, text, snippet, rank in rows:
                s, e = first_match(text, terms)
                hits.append(SearchHit("document", doc_id, key, start + s, start + e, join_marks(snippet), -rank,
                                      title=title))
        if "highlight" in kinds or "note" in kinds:
            rows = conn.execute(
                f"SELECT a.rowid, snippet(annotations_fts, -1, '{MARK_OPEN}', '{MARK_CLOSE}', '…', 16), a.rank, "
                'h.document_id, d.key, d.title, h.start, h."end", n.title '
                "FROM annotations_fts a LEFT JOIN highlights h ON h.id = a.rowid "
                "LEFT JOIN documents d ON d.id = h.document_id LEFT JOIN notes n ON n.id = -a.rowid "
                "WHERE annotations_fts MATCH ? ORDER BY a.rank LIMIT ?", (expr, limit)).fetchall()
            for rowid, snippet, rank, doc_id, key, title, start, end, note_title in rows:
                if rowid > 0 and "highlight" in kinds:
                    hits.append(SearchHit("highlight", doc_id, key, start, end, join_marks(snippet), -rank,
                                          highlight_id=rowid, title=title))
                elif rowid < 0 and "note" in kinds:
                    hits.append(SearchHit("note", None, "", 0, 0, join_marks(snippet), -rank, note_id=-rowid,
                                          title=note_title or ""))
        hits.sort(key=lambda h: -h.score)
        return hits[:limit]
