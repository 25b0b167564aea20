"""Documents: canonical text, structure, metadata; adding, re-importing and listing them."""
from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..changes import NOTHING, Changes
from ..errors import NotFound
from ..model import ANCHORED, ORPHANED, Block, Creator, Document, ImportedDocument, Inline
from .chunks import chunk_spans

TEXT_CACHE_DOCUMENTS = 8  # texts kept in memory: the panes open at once, plus a few recent ones

if TYPE_CHECKING:
    from ..anchoring import AnchorReport
    from .library import Library

_DOC_COLUMNS = (
    "d.id, d.key, d.title, d.creators, d.publisher, d.published, d.url, d.kind, d.format, "
    "d.content_hash, d.source_path, d.imported_at, d.version, "
    "(SELECT count(*) FROM highlights h WHERE h.document_id = d.id) AS highlight_count"
)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def slugify(title: str, max_words: int = 5) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    return "-".join(words[:max_words]) or "document"


def _row_to_document(row: sqlite3.Row | tuple) -> Document:
    creators = tuple(Creator(name, role) for name, role in json.loads(row[3]))
    return Document(row[0], row[1], row[2], creators, row[4], row[5], row[6], row[7], row[8], row[9],
                    row[10], row[11], row[12], row[13])


@dataclass(frozen=True)
class AddResult:
    document: Document
    changes: Changes
    duplicate: bool  # the same content was already in the library; nothing was added


@dataclass(frozen=True)
class ReimportResult:
    document: Document
    changes: Changes
    report: AnchorReport


class DocumentRepo:
    def __init__(self, lib: Library):
        self._lib = lib
        self._texts: dict[int, tuple[int, str]] = {}  # doc id -> (version, text), oldest first

    # -- reading ---------------------------------------------------------------------------------
    def list(self) -> list[Document]:
        rows = self._lib.conn.execute(f"SELECT {_DOC_COLUMNS} FROM documents d ORDER BY d.id").fetchall()
        return [_row_to_document(r) for r in rows]

    def get(self, doc_id: int) -> Document:
        row = self._lib.conn.execute(f"SELECT {_DOC_COLUMNS} FROM documents d WHERE d.id = ?",
                                     (doc_id,)).fetchone()
        if row is None:
            raise NotFound(f"no document with id {doc_id}")
        return _row_to_document(row)

    def resolve(self, key_or_id: str | int) -> Document:
        """A document by key (as the CLI prints it) or numeric id."""
        row = self._lib.conn.execute(f"SELECT {_DOC_COLUMNS} FROM documents d WHERE d.key = ?",
                                     (str(key_or_id),)).fetchone()
        if row is None and str(key_or_id).isdigit():
            row = self._lib.conn.execute(f"SELECT {_DOC_COLUMNS} FROM documents d WHERE d.id = ?",
                                         (int(key_or_id),)).fetchone()
        if row is None:
            raise NotFound(f"no document with key or id {key_or_id!r} (see 'reader-app list')")
        return _row_to_document(row)

    def by_hash(self, digest: str) -> Document | None:
        row = self._lib.conn.execute(f"SELECT {_DOC_COLUMNS} FROM documents d WHERE d.content_hash = ?",
                                     (digest,)).fetchone()
        return None if row is None else _row_to_document(row)

    def by_source_path(self, source_path: str) -> Document | None:
        row = self._lib.conn.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents d WHERE d.source_path = ? ORDER BY d.id DESC",
            (source_path,)).fetchone()
        return None if row is None else _row_to_document(row)

    def text(self, doc_id: int) -> str:
        """The canonical text. Kept in memory per document version: highlighting, anchoring and related
        passages ask for it constantly, and a version check reads one small row instead of megabytes."""
        row = self._lib.conn.execute("SELECT version FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise NotFound(f"no document with id {doc_id}")
        cached = self._texts.get(doc_id)
        if cached is not None and cached[0] == row[0]:
            return cached[1]
        text = self._lib.conn.execute("SELECT text FROM document_texts WHERE document_id = ?",
                                      (doc_id,)).fetchone()[0]
        self._remember(doc_id, row[0], text)
        return text

    def _remember(self, doc_id: int, version: int, text: str) -> None:
        self._texts.pop(doc_id, None)
        self._texts[doc_id] = (version, text)
        while len(self._texts) > TEXT_CACHE_DOCUMENTS:
            self._texts.pop(next(iter(self._texts)))

    def structure(self, doc_id: int) -> tuple[list[Block], list[Inline]]:
        row = self._lib.conn.execute("SELECT blocks, inlines FROM document_texts WHERE document_id = ?",
                                     (doc_id,)).fetchone()
        if row is None:
            raise NotFound(f"no document with id {doc_id}")
        return ([Block.from_json(b) for b in json.loads(row[0])],
                [Inline.from_json(i) for i in json.loads(row[1])])

    def count(self) -> int:
        return self._lib.conn.execute("SELECT count(*) FROM documents").fetchone()[0]

    # -- writing ---------------------------------------------------------------------------------
    def add(self, doc: ImportedDocument) -> AddResult:
        """Store an imported document in one transaction, or recognise that it is already here."""
        digest = content_hash(doc.text)
        existing = self.by_hash(digest)
        if existing is not None:
            return AddResult(existing, NOTHING, True)
        meta = doc.meta
        with self._lib.transaction() as conn:
            key = self._unique_key(conn, meta.key or slugify(meta.title or "document"))
            cur = conn.execute(
                "INSERT INTO documents(key, title, creators, publisher, published, url, kind, format, length, "
                "content_hash, source_path, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (key, meta.title, json.dumps([[c.name, c.role] for c in meta.creators], ensure_ascii=False),
                 meta.publisher, meta.published, meta.url, meta.kind, doc.format, len(doc.text), digest,
                 doc.source_path, self._lib.clock()),
            )
            doc_id = cur.lastrowid
            conn.execute("INSERT INTO document_texts(document_id, text, blocks, inlines) VALUES (?, ?, ?, ?)",
                         (doc_id, doc.text, _blocks_json(doc.blocks), _inlines_json(doc.inlines)))
            self._index_chunks(conn, doc_id, doc.text, doc.blocks)
        return AddResult(self.get(doc_id), Changes.of(documents=[doc_id]), False)

    def reimport(self, doc_id: int, doc: ImportedDocument) -> ReimportResult:
        """Replace a document's text with a changed version and re-anchor its highlights; highlights that
        no longer fit are marked orphaned, never deleted."""
        from ..anchoring import describe, reanchor_all

        self.get(doc_id)
        with self._lib.transaction() as conn:
            rows = conn.execute(
                'SELECT id, start, "end", exact, prefix, suffix FROM highlights WHERE document_id = ? '
                "ORDER BY id", (doc_id,)).fetchall()
            from ..model import Selectors

            selectors = [Selectors(r[1], r[2], r[3], r[4], r[5]) for r in rows]
            anchors, report = reanchor_all(doc.text, selectors)
            now = self._lib.clock()
            for row, found in zip(rows, anchors, strict=True):
                if found.start is None:
                    conn.execute("UPDATE highlights SET status = ?, updated_at = ? WHERE id = ?",
                                 (ORPHANED, now, row[0]))
                else:
                    sel = describe(doc.text, found.start, found.end)
                    conn.execute(
                        'UPDATE highlights SET start = ?, "end" = ?, exact = ?, prefix = ?, suffix = ?, '
                        "status = ?, updated_at = ? WHERE id = ?",
                        (sel.start, sel.end, sel.exact, sel.prefix, sel.suffix, ANCHORED, now, row[0]))
            conn.execute(
                "UPDATE documents SET length = ?, content_hash = ?, format = ?, imported_at = ?, "
                "version = version + 1 WHERE id = ?",
                (len(doc.text), content_hash(doc.text), doc.format, now, doc_id))
            conn.execute("UPDATE document_texts SET text = ?, blocks = ?, inlines = ? WHERE document_id = ?",
                         (doc.text, _blocks_json(doc.blocks), _inlines_json(doc.inlines), doc_id))
            conn.execute("DELETE FROM chunks WHERE document_id = ?", (doc_id,))
            self._index_chunks(conn, doc_id, doc.text, doc.blocks)
        changes = Changes.of(documents=[doc_id], highlights=[r[0] for r in rows])
        return ReimportResult(self.get(doc_id), changes, report)

    def update_meta(self, doc_id: int, **fields: str) -> Changes:
        allowed = {"title", "publisher", "published", "url", "kind"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"cannot update {sorted(unknown)}")
        if not fields:
            return NOTHING
        self.get(doc_id)
        assignments = ", ".join(f"{name} = ?" for name in fields)
        with self._lib.transaction() as conn:
            conn.execute(f"UPDATE documents SET {assignments} WHERE id = ?", (*fields.values(), doc_id))
        return Changes.of(documents=[doc_id])

    # -- helpers ---------------------------------------------------------------------------------
    @staticmethod
    def _unique_key(conn: sqlite3.Connection, wanted: str) -> str:
        key, n = wanted, 2
        while conn.execute("SELECT 1 FROM documents WHERE key = ?", (key,)).fetchone():
            key, n = f"{wanted}-{n}", n + 1
        return key

    @staticmethod
    def _index_chunks(conn: sqlite3.Connection, doc_id: int, text: str, blocks: list[Block]) -> None:
        conn.executemany(
            'INSERT INTO chunks(document_id, start, "end", text) VALUES (?, ?, ?, ?)',
            [(doc_id, s, e, text[s:e]) for s, e in chunk_spans(text, blocks)],
        )


def _blocks_json(blocks: list[Block]) -> str:
    return json.dumps([b.to_json() for b in blocks], ensure_ascii=False)


def _inlines_json(inlines: list[Inline]) -> str:
    return json.dumps([i.to_json() for i in inlines], ensure_ascii=False)
