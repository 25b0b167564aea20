-- Schema 1: documents, highlights, tags, notes with links, and full-text indexes.
-- Each migration carries its own BEGIN/COMMIT: executescript() ignores the connection's isolation level.
BEGIN;

CREATE TABLE documents (
    id            INTEGER PRIMARY KEY,
    key           TEXT NOT NULL UNIQUE,
    title         TEXT NOT NULL DEFAULT '',
    creators      TEXT NOT NULL DEFAULT '[]',   -- JSON [[name, role], ...]
    publisher     TEXT NOT NULL DEFAULT '',
    published     TEXT NOT NULL DEFAULT '',     -- as the source states it
    url           TEXT NOT NULL DEFAULT '',
    kind          TEXT NOT NULL DEFAULT '',
    format        TEXT NOT NULL,
    text          TEXT NOT NULL,
    blocks        TEXT NOT NULL DEFAULT '[]',   -- JSON [[start, end, kind, level, label], ...]
    inlines       TEXT NOT NULL DEFAULT '[]',   -- JSON [[start, end, kind, target], ...]
    content_hash  TEXT NOT NULL,
    source_path   TEXT NOT NULL DEFAULT '',
    imported_at   TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX documents_hash ON documents(content_hash);

CREATE TABLE highlights (
    id           INTEGER PRIMARY KEY,
    uid          TEXT NOT NULL UNIQUE,
    document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start        INTEGER NOT NULL,
    "end"        INTEGER NOT NULL,
    exact        TEXT NOT NULL,
    prefix       TEXT NOT NULL DEFAULT '',
    suffix       TEXT NOT NULL DEFAULT '',
    color        TEXT NOT NULL DEFAULT 'yellow',
    note         TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT 'anchored' CHECK (status IN ('anchored', 'orphaned')),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    CHECK (start >= 0 AND "end" > start)
);
CREATE INDEX highlights_document ON highlights(document_id, start);

CREATE TABLE tags (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    color      TEXT NOT NULL DEFAULT '',
    parent_id  INTEGER REFERENCES tags(id) ON DELETE SET NULL
);

CREATE TABLE highlight_tags (
    highlight_id INTEGER NOT NULL REFERENCES highlights(id) ON DELETE CASCADE,
    tag_id       INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (highlight_id, tag_id)
);
CREATE INDEX highlight_tags_tag ON highlight_tags(tag_id);

CREATE TABLE notes (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE note_links (
    note_id      INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
    highlight_id INTEGER NOT NULL REFERENCES highlights(id) ON DELETE CASCADE,
    relation     TEXT NOT NULL DEFAULT 'supports',
    position     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (note_id, highlight_id)
);
CREATE INDEX note_links_highlight ON note_links(highlight_id);

-- Settings the library carries with it (colour labels, relation list).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Document text in paragraph-sized chunks: search hits and related passages point at (document, offset).
CREATE TABLE chunks (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start        INTEGER NOT NULL,
    "end"        INTEGER NOT NULL,
    text         TEXT NOT NULL
);
CREATE INDEX chunks_document ON chunks(document_id, start);
CREATE VIRTUAL TABLE chunks_fts USING fts5(
    text, content='chunks', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER chunks_ai AFTER INSERT ON chunks BEGIN
    INSERT INTO chunks_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER chunks_ad AFTER DELETE ON chunks BEGIN
    INSERT INTO chunks_fts(chunks_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

-- Annotations index: one row per highlight (quote, note, tags) and per note (title, body).
-- Kept in step by the repositories, which know the tag names; rowid = highlight id or -note id.
CREATE VIRTUAL TABLE annotations_fts USING fts5(
    quote, note, tags, tokenize='unicode61 remove_diacritics 2'
);

PRAGMA user_version = 1;
COMMIT;
