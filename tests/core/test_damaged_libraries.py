"""Damaged or foreign library files: each gets a clear message and a way forward; the file is never
overwritten or deleted.

Read-only and full-disk cases need real file-system limits. Tests run as root here, and root ignores
file modes, so as root a read-only bind mount and a size-limited tmpfs are used (both bind root too);
as an ordinary user, chmod does the job and the full disk falls back to ``PRAGMA max_page_count``,
which makes SQLite raise the very same SQLITE_FULL error.
"""
from __future__ import annotations

import contextlib
import os
import random
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from reader_app.core import recovery
from reader_app.core.backups import make_backup
from reader_app.core.errors import StoreError
from reader_app.core.restore import restore
from reader_app.core.store import Library
from reader_app.core.store.migrate import latest_version


def make_library(path: Path) -> Path:
    """A small library with a document, a tagged highlight and a note."""
    from reader_app.core.model import Block, DocumentMeta, ImportedDocument

    text = "Japan joined the sanctions.\nThe Kuril Islands dispute remains unresolved.\n" * 40
    lines = text.split("\n")
    blocks, at = [], 0
    for line in lines:
        blocks.append(Block(at, at + len(line)))
        at += len(line) + 1
    with Library(path) as lib:
        doc = lib.documents.add(ImportedDocument(text, blocks, DocumentMeta(title="Sanctions"), "txt")).document
        h, _ = lib.highlights.add(doc.id, 0, 27, tags=["sanctions", "japan"], note="key claim")
        lib.notes.create("Both agree", "body", [(h.id, "supports")])
    return path


def snapshot(path: Path) -> tuple[bytes, bytes]:
    """The bytes of the library and of its write-ahead log, to prove nothing was written. (A read-only
    probe may leave an empty -wal and a -shm index behind; they hold no data, so they don't count.)"""
    wal = Path(f"{path}-wal")
    return path.read_bytes(), wal.read_bytes() if wal.exists() else b""


def open_and_use(path: Path) -> BaseException | None:
    """What the app does on start: open, read everything, write a setting. Returns the error, if any."""
    try:
        lib = Library(path)
    except Exception as exc:
        return exc
    try:
        lib.documents.list()
        lib.highlights.list()
        lib.notes.list()
        lib.settings.set("probe", 1)
        return None
    except Exception as exc:
        return exc
    finally:
        lib.close()


def scribble(path: Path, seed: int = 7) -> None:
    """Overwrite every third page after the first with random bytes, as a failing disk might."""
    data = bytearray(path.read_bytes())
    rnd = random.Random(seed)
    for page in range(1, len(data) // 4096, 3):
        data[page * 4096:(page + 1) * 4096] = rnd.randbytes(4096)
    path.write_bytes(bytes(data))


def test_corrupt_library_is_reported_as_damaged_and_left_alone(tmp_path):
    """Random bytes over pages: the store fails with a readable error, diagnose says "damaged" and offers
    restoring a backup; the damaged file keeps its bytes."""
    path = make_library(tmp_path / "library.sqlite3")
    scribble(path)
    before = snapshot(path)
    error = open_and_use(path)
    assert error is not None
    problem = recovery.diagnose(path, error)
    assert problem.kind == recovery.CORRUPT
    assert "damage" in problem.message and str(path) in problem.message
    assert problem.actions[0] == recovery.RESTORE and recovery.CHOOSE_OTHER in problem.actions
    assert recovery.diagnose(path).kind == recovery.CORRUPT  # the probe alone finds it too
    assert snapshot(path) == before


def test_corrupt_library_can_be_restored_and_the_damaged_file_is_kept(tmp_path):
    """Restoring over a damaged file swaps in the backup and keeps the damaged bytes in the backups folder."""
    path = make_library(tmp_path / "library.sqlite3")
    backup = make_backup(path).path
    scribble(path)
    damaged = path.read_bytes()
    result = restore(path, backup)
    assert result.replaced_file and result.safety is not None
    assert result.safety.read_bytes() == damaged
    with Library(path) as lib:
        assert [h.tags for h in lib.highlights.list()] == [("sanctions", "japan")]
        assert lib.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_non_sqlite_file_is_refused_with_its_first_bytes_named(tmp_path):
    """A PDF given as the library: refused as "not a SQLite database", the file untouched, no WAL created."""
    path = tmp_path / "notes.pdf"
    path.write_bytes(b"%PDF-1.7\n" + os.urandom(20000))
    before = snapshot(path)
    error = open_and_use(path)
    assert isinstance(error, StoreError) and "not a SQLite database" in str(error)
    problem = recovery.diagnose(path, error)
    assert problem.kind == recovery.NOT_SQLITE and "%PDF" in problem.message
    assert recovery.CHOOSE_OTHER in problem.actions and recovery.OPEN_READONLY not in problem.actions
    assert snapshot(path) == before


def test_foreign_sqlite_database_is_not_taken_over(tmp_path):
    """Another program's SQLite file: refused, not migrated, not switched to WAL."""
    path = tmp_path / "places.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE moz_places(url TEXT)")
    conn.commit()
    conn.close()
    before = snapshot(path)
    problem = recovery.diagnose(path, open_and_use(path))
    assert problem.kind == recovery.FOREIGN and "not one of Reader's libraries" in problem.message
    assert snapshot(path) == before


def test_a_folder_where_the_library_should_be(tmp_path):
    """A folder at the library path is said to be a folder (not "read-only"), with its contents left alone."""
    path = tmp_path / "library.sqlite3"
    path.mkdir()
    (path / "keep.txt").write_text("mine")
    problem = recovery.diagnose(path, open_and_use(path))
    assert problem.kind == recovery.UNREADABLE and "is a folder" in problem.message
    assert (path / "keep.txt").read_text() == "mine"


def test_newer_schema_is_refused_untouched(tmp_path):
    """A library from a newer app: the message gives both schema numbers; the bytes stay the same."""
    path = make_library(tmp_path / "library.sqlite3")
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {latest_version() + 3}")
    conn.commit()
    conn.close()
    before = snapshot(path)
    problem = recovery.diagnose(path, open_and_use(path))
    assert problem.kind == recovery.TOO_NEW
    assert f"schema {latest_version() + 3}" in problem.message and "newer version" in problem.title
    assert problem.actions == (recovery.CHOOSE_OTHER, recovery.QUIT)
    assert snapshot(path) == before


@contextlib.contextmanager
def read_only_folder(folder: Path):
    """Make ``folder`` unwritable for this process: a read-only bind mount as root, chmod otherwise."""
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in [folder, *folder.iterdir()]}
        for p in modes:
            p.chmod(0o555 if p.is_dir() else 0o444)
        try:
            yield folder
        finally:
            for p, mode in modes.items():
                p.chmod(mode)
        return
    view = folder.with_name(folder.name + "-ro")
    view.mkdir()
    try:
        subprocess.run(["mount", "--bind", str(folder), str(view)], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"root, but cannot bind-mount here ({exc}); root ignores chmod, so nothing to test with")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(view)], check=True, capture_output=True)
        yield view
    finally:
        subprocess.run(["umount", "-l", str(view)], check=False)


def test_read_only_library_opens_read_only_and_says_why_it_cannot_save(tmp_path):
    """A library on read-only media: opening it for writing fails with "read-only", the suggested way
    forward (open read-only) really works, and a write through it is refused, changing nothing."""
    folder = tmp_path / "media"
    folder.mkdir()
    make_library(folder / "library.sqlite3")
    with read_only_folder(folder) as view:
        path = view / "library.sqlite3"
        before = snapshot(path)
        error = open_and_use(path)
        assert error is not None
        problem = recovery.diagnose(path, error)
        assert problem.kind == recovery.READ_ONLY and "read-only" in problem.message
        assert problem.actions[0] == recovery.OPEN_READONLY
        with Library(path, readonly=True) as lib:
            assert lib.highlights.list()[0].tags == ("sanctions", "japan")
            with pytest.raises(StoreError, match="read-only"):
                lib.settings.set("x", 1)
        assert snapshot(path) == before


def test_read_only_connection_refuses_writes_with_a_clear_message(tmp_path):
    """Library(readonly=True) (a SQLite mode=ro URI) reports a write attempt as read-only, whoever runs it."""
    path = make_library(tmp_path / "library.sqlite3")
    with Library(path, readonly=True) as lib:
        h = lib.highlights.list()[0]
        with pytest.raises(StoreError, match="read-only"):
            lib.highlights.set_note(h.id, "changed")
        assert lib.highlights.get(h.id).note == "key claim"


@contextlib.contextmanager
def small_disk(tmp_path: Path, size_kb: int):
    """A size-limited tmpfs (root only); skips when mounting is not possible here."""
    mount = tmp_path / "small"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root; test_full_database_* covers SQLITE_FULL")
    try:
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(mount)],
                       check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"cannot mount a tmpfs here ({exc})")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill_until_full(lib: Library, doc_id: int, limit: int = 20000) -> tuple[list[int], StoreError]:
    """Add highlights with long notes until the store refuses; returns what was acknowledged and the error."""
    done = []
    for i in range(limit):
        try:
            h, _ = lib.highlights.add(doc_id, i % 40, i % 40 + 5, tags=[f"t{i % 7}"], note="x" * 4000)
        except StoreError as exc:
            return done, exc
        done.append(h.id)
    raise AssertionError("the disk never filled up")


def check_after_full(path: Path, acknowledged: list[int], error: StoreError) -> None:
    assert "disk is full" in str(error) and "nothing was lost" in str(error)
    problem = recovery.diagnose(path, error)
    assert problem.kind == recovery.DISK_FULL and "nothing was lost" in problem.message
    assert problem.actions[0] == recovery.RETRY
    with Library(path, readonly=True) as lib:
        assert {h.id for h in lib.highlights.list()} == set(acknowledged)
        assert all(len(h.tags) == (2 if h.id == 1 else 1) for h in lib.highlights.list())
        assert lib.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_full_disk_keeps_every_acknowledged_write(tmp_path):
    """On a 600 KB file system, writes go on until the disk is full; the failing write is reported as
    "disk is full", everything acknowledged before it is intact, and the file still checks out."""
    with small_disk(tmp_path, 600) as mount:
        path = make_library(mount / "library.sqlite3")
        with Library(path) as lib:
            acknowledged, error = fill_until_full(lib, lib.documents.list()[0].id)
        check_after_full(path, [1, *acknowledged], error)  # 1: the highlight make_library added


def test_completely_full_disk_at_start_up(tmp_path):
    """The disk filled up while the app was closed: opening fails, the message says the disk is full and
    nothing was lost, and it offers only what works (here, not even reading); after freeing space the
    library opens with everything in it."""
    with small_disk(tmp_path, 600) as mount:
        path = make_library(mount / "library.sqlite3")
        filler = mount / "filler"
        with open(filler, "wb", buffering=0) as fh, contextlib.suppress(OSError):
            while True:
                fh.write(b"x" * 4096)
        error = open_and_use(path)
        assert error is not None
        problem = recovery.diagnose(path, error)
        assert problem.kind == recovery.DISK_FULL and "nothing was lost" in problem.message
        assert problem.actions[0] == recovery.RETRY
        with contextlib.suppress(StoreError):
            Library(path, readonly=True).close()
            assert recovery.OPEN_READONLY in problem.actions  # offered only when it works
        filler.unlink()
        assert open_and_use(path) is None
        with Library(path) as lib:
            assert lib.highlights.list()[0].tags == ("sanctions", "japan")


def test_full_database_reports_sqlite_full_and_loses_nothing(tmp_path):
    """The portable stand-in for a full disk: ``max_page_count`` caps the file, SQLite raises SQLITE_FULL."""
    path = make_library(tmp_path / "library.sqlite3")
    with Library(path) as lib:
        pages = lib.conn.execute("PRAGMA page_count").fetchone()[0]
        lib.conn.execute(f"PRAGMA max_page_count = {pages + 40}")
        acknowledged, error = fill_until_full(lib, lib.documents.list()[0].id)
    check_after_full(path, [1, *acknowledged], error)
    if shutil.disk_usage(tmp_path).free > recovery.ROOMY_BYTES:  # the disk has room: a limit, said so
        assert "cannot grow" in recovery.diagnose(path, error).title


def test_unwritable_new_location_is_reported_read_only(tmp_path):
    """Creating a library in a folder that cannot be written: "read-only", no way to open read-only."""
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "keep.txt").write_text("x")
    with read_only_folder(folder) as view:
        path = view / "library.sqlite3"
        problem = recovery.diagnose(path, open_and_use(path))
        assert problem.kind == recovery.READ_ONLY
        assert recovery.OPEN_READONLY not in problem.actions
        assert not path.exists()
