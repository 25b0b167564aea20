"""The command line on a real library file, run as a user would (python -m reader_app)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest


def run(library, *args, check=True):
    result = subprocess.run([sys.executable, "-m", "reader_app", "--library", str(library), *args],
                            capture_output=True, text=True, timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    return tmp_path_factory.mktemp("cli") / "t.sqlite3"


def test_list_shows_the_five_bundled_articles(library):
    """A new library is seeded; list --json gives keys, titles, authors, publishers and dates."""
    docs = json.loads(run(library, "list", "--json").stdout)
    assert len(docs) == 5
    by_publisher = {d["publisher"]: d for d in docs}
    assert by_publisher["The Diplomat"]["published"] == "May 16, 2022"
    assert "Mercy A. Kuo" in by_publisher["The Diplomat"]["authors"]
    assert all(d["title"] for d in docs)
    text = run(library, "list").stdout
    assert "KEY" in text and "The Diplomat" in text


def test_search_swift_finds_every_article_that_mentions_it(library):
    """search SWIFT returns a document hit for each article whose text names SWIFT."""
    hits = json.loads(run(library, "search", "SWIFT", "--json").stdout)
    docs = {h["document"] for h in hits if h["kind"] == "document"}
    listing = json.loads(run(library, "list", "--json").stdout)
    keys = {d["publisher"]: d["key"] for d in listing}
    expected = {keys["East Asia Forum"], keys["CESCUBE"], keys["Centre for Air Power Studies (CAPS)"]}
    assert expected <= docs
    assert all("«SWIFT»" in h["snippet"] for h in hits if h["kind"] == "document")


def test_highlight_note_and_highlights_survive_restart(library):
    """highlight prints an id; note links it; a new process lists both with tags and notes."""
    key = json.loads(run(library, "list", "--json").stdout)[1]["key"]
    hid = int(run(library, "highlight", key, "SWIFT", "--color", "pink", "--tag", "sanctions",
                  "--tag", "banks", "--note", "Excluded *selected* banks").stdout)
    nid = int(run(library, "note", "SWIFT timing", "--body", "dates differ", "--link", f"{hid}:same fact").stdout)
    assert nid >= 1
    listed = json.loads(run(library, "highlights", key, "--json").stdout)
    mine = next(h for h in listed if h["id"] == hid)
    assert mine["quote"] == "SWIFT" and mine["tags"] == ["sanctions", "banks"] and mine["color"] == "pink"
    assert "Excluded" in run(library, "highlights").stdout
    assert run(library, "check").stdout.strip().endswith("no problems found")


def test_errors_are_clear_and_nonzero(library, tmp_path):
    """Unknown documents, missing quotes, bad links and bad files each give one clear line and exit != 0."""
    r = run(library, "highlight", "no-such-doc", "x", check=False)
    assert r.returncode != 0 and "no document with key or id 'no-such-doc'" in r.stderr
    key = json.loads(run(library, "list", "--json").stdout)[0]["key"]
    r = run(library, "highlight", key, "zebra crossing", check=False)
    assert r.returncode != 0 and "does not occur" in r.stderr
    r = run(library, "note", "x", "--link", "abc", check=False)
    assert r.returncode != 0 and "HIGHLIGHT_ID[:RELATION]" in r.stderr
    bad = tmp_path / "blob.txt"
    bad.write_bytes(b"\x00\x01\x02binary\x00")
    r = run(library, "import", str(bad), check=False)
    assert r.returncode != 0 and str(bad) in r.stderr


def test_import_folder_reports_each_file(library, tmp_path):
    """Importing a folder adds each file once; importing it again finds them already there."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("Alpha title\n\nFirst paragraph about sanctions.", encoding="utf-8")
    (tmp_path / "docs" / "b.md").write_text("# Beta\n\nSecond *paragraph*.", encoding="utf-8")
    first = run(library, "import", str(tmp_path / "docs"))
    assert "2 added" in first.stdout
    second = run(library, "import", str(tmp_path / "docs"))
    assert "2 already in the library" in second.stdout


def test_version_and_help():
    """--version and --help work for the program and every command."""
    out = subprocess.run([sys.executable, "-m", "reader_app", "--version"], capture_output=True, text=True)
    assert out.stdout.startswith("reader-app ")
    for cmd in ("list", "import", "search", "highlight", "highlights", "note", "check"):
        r = subprocess.run([sys.executable, "-m", "reader_app", cmd, "--help"], capture_output=True, text=True)
        assert r.returncode == 0 and "--library" in r.stdout, cmd
