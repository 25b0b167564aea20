"""SIGKILL during a backup or a restore: no half-written file ever looks like a backup, and the library is
always exactly one whole state — the one before the restore or the restored one, never a mix.

The child (this file run as a script) backs up, or restores two different backups in turn, in a loop on a
library big enough (a few MB) that each step takes a while; the parent kills it at random moments.
"""
from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader_app.core.backups import fingerprint, list_backups, make_backup
from reader_app.core.model import Block, DocumentMeta, ImportedDocument
from reader_app.core.restore import validate_backup
from reader_app.core.store import Library

ROUNDS = 15


def build_library(path: Path, highlights: int) -> None:
    rnd = random.Random(highlights)
    words = "japan russia sanctions swift kuril islands abe china taiwan energy".split()
    with Library(path) as lib:
        for d in range(8):
            paras = [" ".join(rnd.choice(words) for _ in range(150)) for _ in range(240)]
            text, blocks, at = "\n".join(paras), [], 0
            for para in paras:
                blocks.append(Block(at, at + len(para)))
                at += len(para) + 1
            doc = lib.documents.add(ImportedDocument(text, blocks, DocumentMeta(title=f"doc {d}"), "txt")).document
            for i in range(highlights // 8):
                lib.highlights.add(doc.id, i * 30, i * 30 + 20, tags=[rnd.choice(words)], note=f"n{i}")


def state_of(path: Path) -> str:
    with Library(path) as lib:
        assert lib.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert lib.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        return fingerprint(lib.conn)


def run_child(mode: str, library: str, first: str, second: str) -> None:
    from reader_app.core.restore import restore

    path = Path(library)
    print("ready", flush=True)
    while True:
        if mode == "backup":
            make_backup(path, keep=3)
        else:
            restore(path, Path(first), keep=3)
            restore(path, Path(second), keep=3)


def kill_repeatedly(tmp_path: Path, mode: str, library: Path, first: Path, second: Path, check) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    rnd = random.Random(mode)
    for round_ in range(ROUNDS):
        child = subprocess.Popen([sys.executable, __file__, mode, str(library), str(first), str(second)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        child.stdout.readline()  # "ready": timed from here, kills land in the loop however slow start-up is
        time.sleep(rnd.uniform(0.05, 0.8))
        alive = child.poll() is None
        child.send_signal(signal.SIGKILL)
        _, err = child.communicate()
        assert alive, err.decode(errors="replace")[-2000:]
        check(round_)


@pytest.mark.slow
def test_sigkill_during_backups_never_leaves_a_bad_backup(tmp_path):
    """Every file listed as a backup after any kill passes validation and holds the library's state."""
    library = tmp_path / "library.sqlite3"
    build_library(library, 400)
    expected = state_of(library)

    def check(round_: int) -> None:
        for info in list_backups(library):
            validate_backup(info.path)
            assert state_of_copy(info.path, tmp_path) == expected
        assert state_of(library) == expected

    kill_repeatedly(tmp_path, "backup", library, library, library, check)


def state_of_copy(backup: Path, tmp_path: Path) -> str:
    copy = tmp_path / "probe.sqlite3"
    shutil.copyfile(backup, copy)
    try:
        return state_of(copy)
    finally:
        for p in tmp_path.glob("probe.sqlite3*"):
            p.unlink()


@pytest.mark.slow
def test_sigkill_during_restores_leaves_one_whole_state(tmp_path):
    """Restoring A and B in turn, killed at random: the library always opens, passes its checks and holds
    exactly A's or B's annotations."""
    library = tmp_path / "library.sqlite3"
    build_library(library, 400)
    first = make_backup(library).path
    with Library(library) as lib:
        for h in lib.highlights.list()[:150]:
            lib.highlights.delete(h.id)
        lib.notes.create("only in B", "", [])
    second = make_backup(library).path
    states = {state_of_copy(first, tmp_path), state_of_copy(second, tmp_path)}
    assert len(states) == 2
    kept = tmp_path / "kept"
    kept.mkdir()
    first, second = Path(shutil.copy(first, kept)), Path(shutil.copy(second, kept))  # safe from rotation
    seen = set()

    def check(round_: int) -> None:
        state = state_of(library)
        assert state in states, f"after kill {round_ + 1} the library is neither backup"
        seen.add(state)

    kill_repeatedly(tmp_path, "restore", library, first, second, check)
    assert seen == states, "the kills never caught both states; the test did not exercise restoring"


if __name__ == "__main__":
    run_child(*sys.argv[1:5])
