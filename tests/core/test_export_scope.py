"""What an export selects (everything, documents, tags, one note), how it groups, and the CLI around it."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest
from test_export_markdown import sample  # noqa: F401 (fixture)

from reader_app.core.errors import InvalidValue, NotFound
from reader_app.core.exporters.scope import ExportScope, collect, groups


def test_documents_and_tags_narrow_the_highlights(sample):  # noqa: F811
    """Documents and tags combine: only highlights in those documents carrying any of the tags."""
    data = collect(sample, ExportScope(documents=("nbr-oshea", "caps-walia"), tags=("china", "ENERGY")))
    keys = {data.document(h.document_id).key for h in data.highlights}
    assert keys == {"nbr-oshea", "caps-walia"}
    assert all({"china", "energy"} & {t.lower() for t in h.tags} for h in data.highlights)
    assert len(data.highlights) == 4


def test_notes_in_scope_keep_all_their_passages(sample):  # noqa: F811
    """A note linking a highlight in scope comes along whole: its passages from other documents too, and
    their documents are cited."""
    data = collect(sample, ExportScope(documents=("cescube-ukraine",)))
    assert [n.note.title for n in data.notes] == ["Abe's Russia policy, judged in hindsight"]
    assert len(data.notes[0].passages) == 4
    assert {d.key for d in data.documents} == {"cescube-ukraine", "nbr-oshea", "eaf-mahoney-2022",
                                                "diplomat-hornung-2022"}
    assert {data.document(h.document_id).key for h in data.highlights} == {"cescube-ukraine"}


def test_one_note_exports_its_passages(sample):  # noqa: F811
    """--note ID: the note and exactly its linked highlights."""
    note = sample.notes.list()[-1]
    data = collect(sample, ExportScope(note_id=note.id))
    assert [n.note.id for n in data.notes] == [note.id]
    assert {h.id for h in data.highlights} == {lk.highlight_id for lk in note.links}


def test_grouping_by_document_tag_and_note(sample):  # noqa: F811
    """By document: library order, text order inside; by tag: a section per tag (a highlight under each
    of its tags) and Untagged last; by note: a section per note, then the unlinked highlights."""
    by_doc = groups(collect(sample, ExportScope()))
    assert [g.document.key for g in by_doc][:2] == ["diplomat-hornung-2022", "eaf-mahoney-2022"]
    assert all([h.start for h in g.highlights] == sorted(h.start for h in g.highlights) for g in by_doc)
    by_tag = groups(collect(sample, ExportScope(group_by="tag")))
    titles = [g.title for g in by_tag]
    assert titles[-1] == "Untagged" and titles[:2] == ["Abe's Russia policy", "China"]
    assert sum(len(g.highlights) for g in by_tag) > 32
    by_note = groups(collect(sample, ExportScope(group_by="note")))
    assert [g.kind for g in by_note] == ["note", "note", "unlinked"]
    assert len(by_note[-1].highlights) == 32 - 8


def test_bad_choices_are_named(sample):  # noqa: F811
    """Unknown document, tag, note or grouping: an error naming the value."""
    with pytest.raises(NotFound, match="no-such"):
        collect(sample, ExportScope(documents=("no-such",)))
    with pytest.raises(NotFound, match="'nope'"):
        collect(sample, ExportScope(tags=("nope",)))
    with pytest.raises(NotFound, match="999"):
        collect(sample, ExportScope(note_id=999))
    with pytest.raises(InvalidValue, match="'colour'"):
        ExportScope(group_by="colour")


def run(library, *args, check=True):
    result = subprocess.run([sys.executable, "-m", "reader_app", "--library", str(library), *args],
                            capture_output=True, timeout=120, check=False)
    if check and result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}\n{result.stdout!r}\n{result.stderr.decode()}")
    return result


def test_cli_export_to_stdout_and_file(sample, library_path, tmp_path):  # noqa: F811
    """-o - prints text formats (CSV without BOM); -o FILE writes the file; the date defaults to today."""
    sample.close()
    out = run(library_path, "export", "--format", "markdown", "--tag", "energy", "--by", "tag", "-o", "-").stdout
    text = out.decode("utf-8")
    assert f"date: {dt.date.today().isoformat()}" in text and "## energy" in text
    csv_out = run(library_path, "export", "-f", "csv", "--doc", "caps-walia", "-o", "-").stdout
    assert csv_out.startswith(b"document,title,")
    target = tmp_path / "notes.csv"
    run(library_path, "export", "-f", "csv", "-o", str(target))
    assert target.read_bytes().startswith(b"\xef\xbb\xbfdocument,")
    md = tmp_path / "a.md"
    run(library_path, "export", "-f", "markdown", "--no-date", "-o", str(md))
    run(library_path, "export", "-f", "markdown", "--no-date", "-o", str(tmp_path / "b.md"))
    assert md.read_bytes() == (tmp_path / "b.md").read_bytes() and b"Exported" not in md.read_bytes()


def test_cli_json_round_trip_and_qdpx_warnings(sample, library_path, tmp_path):  # noqa: F811
    """export -f json then import-annotations into another library; qdpx warnings go to stderr."""
    sample.close()
    exported = tmp_path / "notes.json"
    run(library_path, "export", "-f", "json", "-o", str(exported))
    other = tmp_path / "other.sqlite3"
    report = run(other, "import-annotations", str(exported)).stdout.decode()
    assert "highlights: 32 added, 0 already present" in report and "notes: 2 added" in report
    again = tmp_path / "again.json"
    run(other, "export", "-f", "json", "-o", str(again))
    assert json.loads(again.read_text(encoding="utf-8")) == json.loads(exported.read_text(encoding="utf-8"))
    result = run(library_path, "export", "-f", "qdpx", "-o", str(tmp_path / "p.qdpx"))
    assert b"reader-app: warning: Highlight colours are not part of REFI-QDA" in result.stderr


def test_cli_refuses_binary_to_stdout_and_bad_dates(sample, library_path):  # noqa: F811
    """A binary format to stdout and a malformed --date fail with a one-line reason and exit 2."""
    sample.close()
    result = run(library_path, "export", "-f", "qdpx", "-o", "-", check=False)
    assert result.returncode == 2 and b"binary file; give a file name" in result.stderr
    result = run(library_path, "export", "-f", "markdown", "--date", "14/03/2026", "-o", "-", check=False)
    assert result.returncode == 2 and b"--date '14/03/2026': expected a date as YYYY-MM-DD" in result.stderr
