"""What the related-passages search reads from the chunk index: how rare a word is, and candidate chunks.

Document frequencies come from ``chunks_vocab`` (an fts5vocab view of the chunk index, migration 0002)
and are cached per library state, so a selection that moves word by word costs a few dictionary lookups.
The cache key is the chunk table's (row count, highest id): every import, re-import or deletion changes
it, whichever connection made the change.
"""
from __future__ import annotations

import bisect
import math
import sqlite3
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .terms import stem, stem_prefix

if TYPE_CHECKING:
    from ..store import Library

# One SQL statement carries at most this many bound values (SQLite's default limit is 32,766).
_BATCH = 900


@dataclass
class IndexStats:
    """Chunk count and a growing cache of document frequencies, valid for one state of the index."""

    state: tuple[int, int]  # chunk count, highest chunk id
    chunks: int
    writes: tuple[int, int] = (-1, -1)  # (data_version, total_changes) when ``state`` was last checked
    stem_df: dict[str, int] = field(default_factory=dict)  # chunks holding any word of the stem
    variants: dict[str, tuple[str, ...]] = field(default_factory=dict)  # stem -> its indexed words, commonest first
    block_kinds: dict[int, tuple[list[int], list[str]]] = field(default_factory=dict)  # doc -> starts, kinds

    def idf(self, df: int) -> float:
        """BM25's IDF, always positive: rare words weigh more; a word in every chunk still counts a little."""
        n = max(self.chunks, 1)
        return math.log(1.0 + (n - df + 0.5) / (df + 0.5))


@dataclass(frozen=True)
class Candidate:
    chunk_id: int
    document_id: int
    start: int
    end: int
    text: str
    bm25: float  # larger is better (FTS5's rank negated)


_cache: weakref.WeakKeyDictionary[Library, IndexStats] = weakref.WeakKeyDictionary()


def stats(lib: Library) -> IndexStats:
    """The cache for ``lib``, emptied when the chunk index has changed since it was filled."""
    # Counting 100,000+ chunk rows takes milliseconds, so it is only redone after some write happened
    # (``total_changes`` counts this connection's, ``data_version`` moves on other connections' commits).
    writes = (lib.data_version(), lib.conn.total_changes)
    cached = _cache.get(lib)
    if cached is not None and cached.writes == writes:
        return cached
    state = tuple(lib.conn.execute("SELECT count(*), coalesce(max(id), 0) FROM chunks").fetchone())
    if cached is None or cached.state != state:
        cached = IndexStats(state, state[0])
        _cache[lib] = cached
    cached.writes = writes
    return cached


def stem_frequencies(conn: sqlite3.Connection, st: IndexStats, stems: list[str]) -> dict[str, int]:
    """Chunks containing a word of each stem (a sum over its words: an upper bound, exact for one word)."""
    for s in stems:
        if s in st.stem_df:
            continue
        prefix = stem_prefix(s)
        words = [(df, term) for term, df in conn.execute(
            "SELECT term, doc FROM chunks_vocab WHERE term >= ? AND term < ?", (prefix, prefix + "\U0010ffff"))
            if stem(term) == s]
        st.stem_df[s] = min(sum(df for df, _ in words), st.chunks)
        st.variants[s] = tuple(term for _, term in sorted(words, reverse=True))
    return {s: st.stem_df[s] for s in stems}


def candidates(conn: sqlite3.Connection, expression: str, exclude_document: int | None,
               limit: int) -> list[Candidate]:
    """The best chunks for an FTS5 expression by FTS5's own ranking (bm25), outside one document."""
    rows = conn.execute(
        'SELECT c.id, c.document_id, c.start, c."end", c.text, chunks_fts.rank FROM chunks_fts '
        "JOIN chunks c ON c.id = chunks_fts.rowid WHERE chunks_fts MATCH ? AND c.document_id != ? "
        "ORDER BY chunks_fts.rank LIMIT ?", (expression, -1 if exclude_document is None else exclude_document,
                                             limit)).fetchall()
    return [Candidate(r[0], r[1], r[2], r[3], r[4], -r[5]) for r in rows]


def chunk_kinds(lib: Library, found: list[Candidate]) -> dict[int, str]:
    """The block kind ("paragraph", "footnote", "heading", …) each candidate chunk was cut from."""
    st = stats(lib)
    missing = sorted({c.document_id for c in found} - set(st.block_kinds))
    for doc_id in missing:
        blocks, _ = lib.documents.structure(doc_id)
        st.block_kinds[doc_id] = ([b.start for b in blocks], [b.kind for b in blocks])
    kinds = {}
    for c in found:
        starts, names = st.block_kinds[c.document_id]
        at = bisect.bisect_right(starts, c.start) - 1
        kinds[c.chunk_id] = names[at] if at >= 0 else "paragraph"
    return kinds


def document_labels(conn: sqlite3.Connection, ids: set[int]) -> dict[int, tuple[str, str]]:
    """(key, title) of the given documents."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return {r[0]: (r[1], r[2]) for r in conn.execute(
        f"SELECT id, key, title FROM documents WHERE id IN ({marks})", sorted(ids))}
