"""Libraries written by every released schema upgrade to the latest with every annotation intact, and the
backup taken before upgrading restores. Fixtures come from scripts/make_fixture_library.py."""
from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from reader_app.core.backups import backup_before_upgrade, list_backups
from reader_app.core.integrity import check
from reader_app.core.restore import restore
from reader_app.core.store import Library
from reader_app.core.store.migrate import latest_version

FIXTURES = Path(__file__).parent / "fixtures" / "libraries"
RELEASED = sorted(int(re.match(r"schema-(\d+)", p.name).group(1)) for p in FIXTURES.glob("schema-*.sqlite3"))


def _documents_sql(conn: sqlite3.Connection) -> str:
    # Schema 3 moved text and structure into document_texts; read them from wherever this file keeps them.
    split = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'document_texts'").fetchone()
    source = "documents d JOIN document_texts x ON x.document_id = d.id" if split else "documents d, documents x " \
        "ON x.id = d.id"
    return (f"SELECT d.id, d.key, d.title, d.creators, d.publisher, d.published, x.text, x.blocks, d.content_hash "
            f"FROM {source} ORDER BY d.id")


def annotations(conn: sqlite3.Connection) -> dict:
    """Every annotation-bearing row, read with plain SQL so the old and the new schema compare alike."""
    query = lambda sql: conn.execute(sql).fetchall()
    return {
        "documents": query(_documents_sql(conn)),
        "highlights": query('SELECT id, uid, document_id, start, "end", exact, prefix, suffix, color, note, '
                            "status, created_at, updated_at FROM highlights ORDER BY id"),
        "tags": query("SELECT ht.highlight_id, t.name, t.color, ht.position FROM highlight_tags ht "
                      "JOIN tags t ON t.id = ht.tag_id ORDER BY ht.highlight_id, ht.position"),
        "notes": query("SELECT id, uid, title, body, created_at FROM notes ORDER BY id"),
        "links": query("SELECT note_id, highlight_id, relation, position FROM note_links ORDER BY note_id, position"),
        "settings": query("SELECT key, value FROM settings ORDER BY key"),
    }


def read_fixture(version: int) -> dict:
    conn = sqlite3.connect(f"{(FIXTURES / f'schema-{version}.sqlite3').as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == version
        return annotations(conn)
    finally:
        conn.close()


def test_every_released_schema_has_a_fixture():
    """Each schema before the latest was released and must have a fixture (the latest may be in the works)."""
    assert set(range(1, latest_version())) <= set(RELEASED), \
        "run scripts/make_fixture_library.py --schema N for each released schema N"


@pytest.mark.parametrize("version", RELEASED)
def test_fixture_upgrades_with_every_annotation_intact(tmp_path: Path, version: int):
    """Opening a copy of the fixture upgrades it to the latest schema; every document, highlight (with its
    tags in order, note and status), note with its links and setting is unchanged, and the library passes
    the integrity report."""
    expected = read_fixture(version)
    assert len(expected["highlights"]) >= 6 and len(expected["links"]) >= 5  # the fixture is not empty
    path = tmp_path / "library.sqlite3"
    shutil.copyfile(FIXTURES / f"schema-{version}.sqlite3", path)
    with Library(path, before_upgrade=backup_before_upgrade) as lib:
        assert lib.schema_version == latest_version()
        assert annotations(lib.conn) == expected
        report = check(lib)
        assert report.ok, report.problems
        assert (report.highlights, report.orphaned, report.notes) == (6, 1, 2)
        cjk = lib.highlights.list(tag="北方領土")[0]
        assert cjk.exact == "北方領土 talks 𠀋𡈽" and lib.documents.text(cjk.document_id)[cjk.start:cjk.end] == cjk.exact
        assert lib.search.search("SWIFT")  # the search index came along


@pytest.mark.parametrize("version", [v for v in RELEASED if v < latest_version()])
def test_backup_taken_before_upgrading_restores(tmp_path: Path, version: int):
    """The upgrade leaves a before-schema backup at the old version; after more work in the upgraded
    library, restoring that backup brings back exactly the fixture's annotations (upgraded again), and
    the work done since is kept in the before-restore copy."""
    expected = read_fixture(version)
    path = tmp_path / "library.sqlite3"
    shutil.copyfile(FIXTURES / f"schema-{version}.sqlite3", path)
    with Library(path, before_upgrade=backup_before_upgrade) as lib:
        doc = lib.documents.list()[0]
        lib.highlights.add(doc.id, 0, 5, tags=["after upgrade"])
        lib.notes.delete(lib.notes.list()[0].id)
    before = [b for b in list_backups(path) if b.reason == f"before-schema-{version + 1}"]
    assert len(before) == 1 and before[0].schema_version == version
    result = restore(path, before[0].path)
    with Library(path) as lib:
        assert lib.schema_version == latest_version()
        assert annotations(lib.conn) == expected
    saved = next(b for b in list_backups(path) if b.path == result.safety)
    assert saved.highlights == 7 and saved.notes == 1
