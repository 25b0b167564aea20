"""reader-app related / matrix on a real library file, run as a user would."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest


def run(library, *args, check=True):
    result = subprocess.run([sys.executable, "-m", "reader_app", "--library", str(library), *args],
                            capture_output=True, text=True, timeout=120, check=False)
    if check and result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    return tmp_path_factory.mktemp("compare-cli") / "t.sqlite3"


SWIFT = "excluded selected Russian banks from the SWIFT bank messaging system"


def test_related_by_quote_lists_swift_passages_first(library):
    """related DOC --quote prints ranked passages with key@start-end and a marked snippet, SWIFT first."""
    out = run(library, "related", "eaf-mahoney-2022", "--quote", SWIFT, "--limit", "3").stdout
    lines = out.splitlines()
    assert lines[0].startswith(" 1. caps-walia@") and "SWIFT" in lines[0]
    assert "«SWIFT»" in lines[1]
    assert lines[2].startswith(" 2. cescube-ukraine@")
    assert sum(1 for line in lines if line[:3].strip().rstrip(".").isdigit()) == 3


def test_related_by_offsets_json_matches_by_quote(library):
    """related DOC START END --json gives the same passages as --quote, with offsets into the other text."""
    by_quote = json.loads(run(library, "related", "eaf-mahoney-2022", "--quote", SWIFT, "--json").stdout)
    listing = run(library, "highlight", "eaf-mahoney-2022", SWIFT)  # to learn the offsets
    hl = json.loads(run(library, "highlights", "eaf-mahoney-2022", "--json").stdout)
    h = next(x for x in hl if x["id"] == int(listing.stdout))
    by_offsets = json.loads(run(library, "related", "eaf-mahoney-2022", str(h["start"]), str(h["end"]),
                                "--json").stdout)
    assert by_offsets == by_quote
    first = by_quote[0]
    assert first["document"] == "caps-walia" and first["start"] < first["end"]
    assert first["paragraph"][0] <= first["start"] and "SWIFT" in first["matched_terms"]


def test_related_errors_name_the_problem(library):
    """Missing offsets, an unknown document and a quote that is not there exit non-zero with a message."""
    r = run(library, "related", "eaf-mahoney-2022", check=False)
    assert r.returncode == 2 and "START and END" in r.stderr
    r = run(library, "related", "nope", "1", "5", check=False)
    assert r.returncode == 1 and "'nope'" in r.stderr
    r = run(library, "related", "caps-walia", "--quote", "not in the text", check=False)
    assert r.returncode == 1 and "not in the text" in r.stderr


def test_matrix_formats(library):
    """matrix prints a grid with a legend; --csv, --csv --quotes, --markdown and --json carry the same counts."""
    run(library, "highlight", "caps-walia", "removal from the SWIFT international banking system",
        "--tag", "sanctions", "--tag", "SWIFT")
    run(library, "highlight", "nbr-oshea", "This included financial sanctions", "--tag", "sanctions")
    text = run(library, "matrix").stdout
    assert text.splitlines()[0].split()[0] == "TAG" and "D5 = caps-walia" in text
    grid = list(csv.reader(io.StringIO(run(library, "matrix", "--csv").stdout)))
    assert grid[0][0] == "tag" and {r[0]: r[-1] for r in grid[1:]} == {"sanctions": "2", "SWIFT": "1"}
    quotes = list(csv.DictReader(io.StringIO(run(library, "matrix", "--csv", "--quotes").stdout)))
    assert {q["quote"] for q in quotes} == {"removal from the SWIFT international banking system",
                                            "This included financial sanctions"}
    md = run(library, "matrix", "--markdown").stdout
    assert md.startswith("# Evidence matrix") and "> This included financial sanctions" in md
    data = json.loads(run(library, "matrix", "--json", "--tag", "SWIFT", "--used").stdout)
    assert [d["key"] for d in data["documents"]] == ["caps-walia"]
    assert run(library, "matrix", "--quotes", check=False).returncode == 2
