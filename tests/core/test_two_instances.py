"""Two instances on one library: both write at once, nobody sees "database is locked", every write lands,
and each notices the other's writes through ``data_version``."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from reader_app.core.model import Block, DocumentMeta, ImportedDocument
from reader_app.core.store import Library

TEXT = "Japan joined the sanctions and cut Russian banks off SWIFT.\nThe Kuril Islands dispute remains.\n" * 20
WRITES_PER_PROCESS = 250


def add_document(lib: Library) -> int:
    return lib.documents.add(ImportedDocument(TEXT, [Block(0, len(TEXT))], DocumentMeta(title="Both"), "txt")).document.id


def test_second_connection_sees_first_ones_writes_via_data_version(tmp_path):
    """A write through one Library bumps the other's data_version and is visible to it at once; its own
    writes leave its data_version alone (so a window refreshes only for outside changes)."""
    path = tmp_path / "library.sqlite3"
    first, second = Library(path), Library(path)
    try:
        doc_id = add_document(first)
        seen = second.data_version()
        h, _ = first.highlights.add(doc_id, 0, 5, tags=["sanctions"])
        assert second.data_version() != seen
        assert second.highlights.get(h.id).tags == ("sanctions",)
        seen = second.data_version()
        second.highlights.set_note(h.id, "from the second window")
        assert second.data_version() == seen
        assert first.highlights.get(h.id).note == "from the second window"
    finally:
        first.close()
        second.close()


WRITER = """
import json, sys
from reader_app.core.store import Library
path, name, count, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
import os, time
while not os.path.exists(go):
    time.sleep(0.001)
lib = Library(path)
doc_id = lib.conn.execute("SELECT id FROM documents").fetchone()[0]
ids = []
for i in range(count):
    h, _ = lib.highlights.add(doc_id, i % 50, i % 50 + 10, tags=[name, f"{name}-{i % 5}"], note=f"{name} {i}")
    if i % 10 == 0:
        note, _ = lib.notes.create(f"{name} note {i}", "", [(h.id, "supports")])
    lib.highlights.set_tags(h.id, [name, f"{name}-{i % 5}", "shared"])
    ids.append(h.id)
lib.close()
print(json.dumps(ids))
"""


def start_writers(path: Path, go: Path, names: list[str], count: int) -> list[subprocess.Popen]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return [subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, str(count), str(go)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True) for name in names]


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    """Two processes each make 250 highlights (tagged, some linked into notes) at the same moment: both
    finish without a lock error, and every highlight with its final tags is in the library."""
    path = tmp_path / "library.sqlite3"
    with Library(path) as lib:
        add_document(lib)
    go = tmp_path / "go"
    writers = start_writers(path, go, ["alpha", "beta"], WRITES_PER_PROCESS)
    time.sleep(0.5)  # let both import and wait at the start line
    go.touch()
    results = {}
    for name, proc in zip(["alpha", "beta"], writers):
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err[-2000:]
        assert "locked" not in err and "busy" not in err
        results[name] = json.loads(out)
    with Library(path, readonly=True) as lib:
        for name, ids in results.items():
            assert len(ids) == WRITES_PER_PROCESS
            for h in lib.highlights.get_many(ids):
                assert h.tags[0] == name and h.tags[-1] == "shared" and h.note.startswith(name)
        assert lib.highlights.count() == 2 * WRITES_PER_PROCESS
        assert len(lib.notes.list()) == 2 * (WRITES_PER_PROCESS // 10)
        assert lib.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


IMPORTER = """
import os, sys, time
from reader_app.core.model import Block, DocumentMeta, ImportedDocument
from reader_app.core.store import Library
path, go = sys.argv[1], sys.argv[2]
while not os.path.exists(go):
    time.sleep(0.001)
lib = Library(path)
for n in range(4):
    paras = [f"paragraph {i} of import {n} about sanctions and the Kuril Islands " * 12 for i in range(3000)]
    text, blocks, at = "\\n".join(paras), [], 0
    for para in paras:
        blocks.append(Block(at, at + len(para)))
        at += len(para) + 1
    started = time.monotonic()
    lib.documents.add(ImportedDocument(text, blocks, DocumentMeta(title=f"big {n}"), "txt"))
    print(f"{time.monotonic() - started:.2f}")
lib.close()
"""


def test_writers_wait_out_a_long_import_in_another_instance(tmp_path):
    """While one instance imports large documents (each one long write transaction), two others keep
    annotating: they wait for the lock instead of failing, and every write of all three lands."""
    path = tmp_path / "library.sqlite3"
    with Library(path) as lib:
        add_document(lib)
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    importer = subprocess.Popen([sys.executable, "-c", IMPORTER, str(path), str(go)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=env, text=True)
    writers = start_writers(path, go, ["alpha", "beta"], 100)
    time.sleep(0.5)
    go.touch()
    out, err = importer.communicate(timeout=120)
    assert importer.returncode == 0, err[-2000:]
    assert max(float(t) for t in out.split()) > 0.05  # the import really held the lock for a while
    for proc in writers:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0 and "locked" not in err, err[-2000:]
    with Library(path, readonly=True) as lib:
        assert lib.documents.count() == 5 and lib.highlights.count() == 200
        assert lib.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


CREATOR = """
import os, sys, time
from reader_app.core.store import Library
path, go = sys.argv[1], sys.argv[2]
while not os.path.exists(go):
    time.sleep(0.0005)
lib = Library(path)
lib.tags.create(f"from {os.getpid()}")
lib.close()
"""


def test_instances_creating_the_same_new_library_at_once_both_succeed(tmp_path):
    """Four processes open a library that does not exist yet at the same instant: the schema is created
    once, none fails, and each one's first write is there."""
    path = tmp_path / "new.sqlite3"
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    procs = [subprocess.Popen([sys.executable, "-c", CREATOR, str(path), str(go)], stderr=subprocess.PIPE,
                              env=env, text=True) for _ in range(4)]
    time.sleep(0.5)
    go.touch()
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err[-2000:]
    with Library(path, readonly=True) as lib:
        assert len(lib.tags.list()) == 4
