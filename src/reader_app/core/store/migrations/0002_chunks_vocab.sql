-- Schema 2: a read-only view of the chunk index's vocabulary (term, chunks containing it, occurrences).
-- "Related passages" weighs the words of a selection by how rare they are in the library; fts5vocab reads
-- those counts straight from the FTS5 index, so there is nothing to keep in step and nothing to back-fill.
BEGIN;

CREATE VIRTUAL TABLE chunks_vocab USING fts5vocab(chunks_fts, 'row');

PRAGMA user_version = 2;
COMMIT;
