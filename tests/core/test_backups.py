"""Backups: automatic on open and daily when something changed, rotated, listed with counts, restored only
after validation and after saving the current state; the CLI commands around them."""
from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reader_app.cli import main
from reader_app.core.backups import (
    KEEP_SETTING,
    BackupFailed,
    auto_backup,
    list_backups,
    make_backup,
    read_info,
)
from reader_app.core.model import Block, DocumentMeta, ImportedDocument
from reader_app.core.restore import restore
from reader_app.core.store import Library
from reader_app.core.store.migrate import latest_version
from reader_app.paths import backups_dir

TEXT = "Japan cut Russian banks off SWIFT in March.\nThe Kuril Islands dispute remains unresolved.\n"
T0 = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)


def add_doc(lib: Library, text: str = TEXT) -> int:
    return lib.documents.add(ImportedDocument(text, [Block(0, len(text))], DocumentMeta(title="Doc"), "txt")).document.id


@pytest.fixture
def annotated(library_path: Path):
    """A library with one document, a tagged highlight and a note linking it."""
    lib = Library(library_path)
    doc_id = add_doc(lib)
    h, _ = lib.highlights.add(doc_id, 10, 25, tags=["sanctions", "banks"], note="key")
    lib.notes.create("SWIFT", "dates differ", [(h.id, "supports")])
    yield lib
    lib.close()


def test_backup_on_open_only_when_something_changed(annotated: Library):
    """The first open makes a backup; opening again unchanged makes none; after a change, one more."""
    first = auto_backup(annotated, now=T0)
    assert first is not None and first.reason == "open"
    assert (first.documents, first.highlights, first.notes, first.tags) == (1, 1, 1, 2)
    assert auto_backup(annotated, now=T0 + timedelta(minutes=5)) is None
    annotated.highlights.set_note(annotated.highlights.list()[0].id, "changed")
    second = auto_backup(annotated, now=T0 + timedelta(minutes=10))
    assert second is not None and second.fingerprint != first.fingerprint
    assert [b.path for b in list_backups(annotated.path)] == [second.path, first.path]


def test_daily_backup_waits_a_day_and_skips_unchanged_days(annotated: Library):
    """The daily timer backs up a changed library only when the newest backup is at least a day old."""
    auto_backup(annotated, now=T0)
    h = annotated.highlights.list()[0]
    annotated.highlights.set_color(h.id, "green")
    assert auto_backup(annotated, "daily", now=T0 + timedelta(hours=23)) is None
    daily = auto_backup(annotated, "daily", now=T0 + timedelta(hours=25))
    assert daily is not None and daily.reason == "daily"
    assert auto_backup(annotated, "daily", now=T0 + timedelta(hours=50)) is None  # nothing changed since


def test_rotation_keeps_the_newest_n_and_never_the_safety_copies(annotated: Library):
    """With backups.keep = 3, six routine backups leave the newest three; the copy made before a restore
    is not pushed out by routine ones."""
    annotated.settings.set(KEEP_SETTING, 3)
    safety = make_backup(annotated.path, "before-restore", now=T0 - timedelta(days=1))
    made = []
    for i in range(6):
        annotated.highlights.set_note(annotated.highlights.list()[0].id, f"version {i}")
        made.append(auto_backup(annotated, now=T0 + timedelta(hours=i)))
    remaining = list_backups(annotated.path)
    assert [b.path for b in remaining if b.routine] == [m.path for m in reversed(made[-3:])]
    assert safety.path in [b.path for b in remaining]
    assert not any(m.path.exists() for m in made[:3])


def test_backups_with_the_same_second_keep_their_order(annotated: Library):
    """Several backups within one second get sequence numbers, so "newest first" is exact."""
    made = [make_backup(annotated.path, now=T0) for _ in range(3)]
    assert len({m.path for m in made}) == 3
    assert [b.path for b in list_backups(annotated.path)] == [m.path for m in reversed(made)]


def test_listing_reads_backups_without_changing_them(annotated: Library):
    """Counts come from each file opened read-only: bytes and modification times stay the same."""
    info = make_backup(annotated.path)
    before = (info.path.read_bytes(), info.path.stat().st_mtime_ns)
    listed = list_backups(annotated.path)[0]
    assert (listed.documents, listed.highlights, listed.notes) == (1, 1, 1)
    assert listed.schema_version == latest_version()
    assert (info.path.read_bytes(), info.path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in info.path.parent.iterdir()) == [info.path.name]  # no -wal/-shm left


def test_backup_during_an_open_write_holds_only_committed_work(annotated: Library):
    """The online backup copies a consistent snapshot while another connection is mid-transaction."""
    other = sqlite3.connect(annotated.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("DELETE FROM highlights")
    try:
        info = make_backup(annotated.path)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert info.highlights == 1


def test_a_backup_that_cannot_be_written_says_so_and_changes_nothing(annotated: Library):
    """When the backups folder cannot be created, the error names it; the library is untouched."""
    backups_dir(annotated.path).write_text("a file where the folder should be")
    with pytest.raises(BackupFailed, match="could not be written"):
        make_backup(annotated.path)
    assert annotated.highlights.count() == 1


def test_restore_backs_up_first_and_a_second_instance_sees_the_restored_library(annotated: Library):
    """Restoring writes the backup through SQLite: a connection that stays open sees the restored data
    (data_version changes) and can keep writing; the state before the restore is saved first."""
    good = make_backup(annotated.path)
    doc_id = annotated.documents.list()[0].id
    annotated.highlights.delete(annotated.highlights.list()[0].id)
    annotated.highlights.add(doc_id, 0, 5, tags=["later"])
    seen = annotated.data_version()
    result = restore(annotated.path, good.path)
    assert not result.replaced_file and result.safety is not None
    before = read_info(result.safety)
    assert before.reason == "before-restore" and before.highlights == 1
    assert annotated.data_version() != seen
    assert [h.tags for h in annotated.highlights.list()] == [("sanctions", "banks")]
    assert annotated.notes.list()[0].links[0].relation == "supports"
    annotated.highlights.add(doc_id, 30, 35, tags=["after"])  # the open instance keeps working
    assert annotated.highlights.count() == 2
    assert annotated.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_restore_of_a_backup_with_another_page_size(annotated: Library, tmp_path: Path):
    """A backup with 8 KB pages restores into the 4 KB WAL library (rebuilt to match, then copied)."""
    src = make_backup(annotated.path)
    odd = tmp_path / "odd.sqlite3"
    conn = sqlite3.connect(odd, isolation_level=None)
    sqlite3.connect(src.path).backup(conn)
    conn.execute("PRAGMA page_size = 8192")
    conn.execute("VACUUM")
    assert conn.execute("PRAGMA page_size").fetchone()[0] == 8192
    conn.close()
    annotated.highlights.delete(annotated.highlights.list()[0].id)
    restore(annotated.path, odd)
    assert annotated.highlights.list()[0].tags == ("sanctions", "banks")


@pytest.mark.parametrize("damage", ["scribbled", "not-sqlite", "newer", "foreign", "missing"])
def test_restore_refuses_a_bad_backup_before_touching_anything(annotated: Library, tmp_path: Path, damage):
    """A damaged, foreign, newer or missing backup is refused with the reason; the library and the
    backups folder stay exactly as they were."""
    bad = tmp_path / "bad.sqlite3"
    if damage in ("scribbled", "newer"):
        make_backup(annotated.path).path.rename(bad)
        if damage == "newer":
            conn = sqlite3.connect(bad)
            conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
            conn.commit()
            conn.close()
        else:
            data = bytearray(bad.read_bytes())
            for page in range(2, len(data) // 4096, 2):
                data[page * 4096 + 100:page * 4096 + 3000] = b"\xff" * 2900
            bad.write_bytes(bytes(data))
    elif damage == "not-sqlite":
        bad.write_text("hello")
    elif damage == "foreign":
        conn = sqlite3.connect(bad)
        conn.execute("CREATE TABLE other(x)")
        conn.commit()
        conn.close()
    folder_before = sorted(p.name for p in backups_dir(annotated.path).glob("*"))
    reasons = {"scribbled": "damaged", "not-sqlite": "not a SQLite database", "newer": "newer Reader",
               "foreign": "not one of Reader's libraries", "missing": "no such backup"}
    with pytest.raises(BackupFailed, match=reasons[damage]):
        restore(annotated.path, bad if damage != "missing" else tmp_path / "nope.sqlite3")
    assert sorted(p.name for p in backups_dir(annotated.path).glob("*")) == folder_before
    assert annotated.highlights.list()[0].tags == ("sanctions", "banks")


def test_cli_backup_list_and_restore(annotated: Library, capsys):
    """`backup --keep`, `backups --json` and `restore N` round-trip through the command line."""
    path = str(annotated.path)
    assert main(["--library", path, "backup", "--keep", "4"]) == 0
    assert "1 documents, 1 highlights, 1 notes" in capsys.readouterr().out
    assert annotated.settings.get(KEEP_SETTING) == 4
    annotated.highlights.delete(annotated.highlights.list()[0].id)
    assert main(["--library", path, "backups", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed[0]["number"] == 1 and listed[0]["highlights"] == 1 and listed[0]["reason"] == "manual"
    assert main(["--library", path, "restore", "1"]) == 0
    out = capsys.readouterr().out
    assert "restored" in out and "the library as it was is kept in" in out
    assert annotated.highlights.count() == 1
    assert main(["--library", path, "backups"]) == 0
    assert "before-restore" in capsys.readouterr().out


def test_cli_restore_errors_are_one_readable_line(annotated: Library, tmp_path: Path, capsys):
    """A wrong backup number or a non-backup file: exit non-zero with the reason, nothing restored."""
    path = str(annotated.path)
    assert main(["--library", path, "restore", "7"]) == 2
    assert "no backup number 7" in capsys.readouterr().err
    junk = tmp_path / "junk.txt"
    junk.write_text("not a backup")
    assert main(["--library", path, "restore", str(junk)]) == 1
    assert f"{junk}: not a SQLite database" in capsys.readouterr().err
    assert annotated.highlights.count() == 1


def test_restore_where_the_library_file_is_gone(annotated: Library, tmp_path: Path):
    """A library file deleted by hand: restoring its backup recreates it (no safety copy: nothing to keep)."""
    backup = make_backup(annotated.path).path
    elsewhere = tmp_path / "new-place" / "library.sqlite3"
    elsewhere.parent.mkdir()
    result = restore(elsewhere, backup)
    assert result.safety is None
    with Library(elsewhere) as lib:
        assert [h.tags for h in lib.highlights.list()] == [("sanctions", "banks")]


def test_safety_copies_never_trim_routine_backups_or_the_backup_being_restored(annotated: Library):
    """With backups.keep = 15, twelve routine backups survive a restore (whose safety copy rotates only
    safety copies, by the default 10); restoring the oldest of ten safety copies keeps that file."""
    annotated.settings.set(KEEP_SETTING, 15)
    for i in range(12):
        annotated.highlights.set_note(annotated.highlights.list()[0].id, f"v{i}")
        auto_backup(annotated, now=T0 + timedelta(hours=i))
    safety = [make_backup(annotated.path, "before-restore", now=T0 - timedelta(days=10 - i)) for i in range(10)]
    oldest = safety[0].path
    restore(annotated.path, oldest)
    listed = list_backups(annotated.path)
    assert sum(b.routine for b in listed) == 12
    assert oldest.exists() and sum(not b.routine for b in listed) == 11  # ten kept + the protected oldest
