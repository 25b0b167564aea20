"""Import back: our JSON export into another library — matched by content, re-anchored, no duplicates."""
from __future__ import annotations

import json

import pytest
from test_export_markdown import sample  # noqa: F401 (fixture)

from reader_app.core.errors import ImportFailed
from reader_app.core.exporters.annotations_import import import_annotations, import_annotations_file
from reader_app.core.exporters.scope import ExportScope, collect
from reader_app.core.exporters.webannotation import render_json
from reader_app.core.seeding import ensure_seeded
from reader_app.core.store import Library


@pytest.fixture
def fresh(tmp_path):
    """Another library holding the same five articles and no annotations."""
    other = Library(tmp_path / "other.sqlite3")
    ensure_seeded(other)
    yield other
    other.close()


def exported(lib) -> str:
    return render_json(collect(lib, ExportScope()))


def test_round_trip_gives_identical_annotations(sample, fresh):  # noqa: F811
    """export → fresh library with the same documents → import → export: the same JSON, byte for byte
    (highlights, tags, notes, links, relations, timestamps and ids)."""
    original = exported(sample)
    report = import_annotations(fresh, json.loads(original))
    assert (report.highlights_added, report.notes_added, report.orphaned) == (32, 2, 0)
    assert exported(fresh) == original
    assert fresh.notes.get(fresh.notes.list()[0].id).links


def test_importing_twice_adds_nothing(sample, fresh):  # noqa: F811
    """The second import of the same file finds every annotation already present (matched by uid)."""
    payload = json.loads(exported(sample))
    import_annotations(fresh, payload)
    again = import_annotations(fresh, payload)
    assert (again.highlights_added, again.highlights_present, again.notes_added, again.notes_present) == (0, 32, 0, 2)
    assert fresh.highlights.count() == 32 and len(fresh.notes.list()) == 2
    assert not again.changes


def test_documents_missing_here_are_reported_not_guessed(sample, tmp_path):  # noqa: F811
    """In a library without those texts, nothing is attached to the wrong document; the report names them."""
    empty = Library(tmp_path / "empty.sqlite3")
    report = import_annotations(empty, json.loads(exported(sample)))
    assert report.highlights_added == 0 and empty.highlights.count() == 0
    assert "Japan-Russia Ties Amidst Ukraine Crisis" in report.missing_documents
    assert any("no document with the same text here" in line for line in report.lines())
    empty.close()


def test_passages_are_re_anchored_by_their_selectors(sample, fresh):  # noqa: F811
    """When the stored position is off (here: shifted on purpose), the quote selector finds the passage."""
    payload = json.loads(exported(sample))
    for item in payload["first"]["items"]:
        if item["motivation"] == "highlighting":
            item["target"]["selector"][1]["start"] += 7
            item["target"]["selector"][1]["end"] += 7
    report = import_annotations(fresh, payload)
    assert report.moved == 32 and report.orphaned == 0
    for h in fresh.highlights.list():
        assert fresh.documents.text(h.document_id)[h.start:h.end] == h.exact


def test_a_quote_no_longer_in_the_text_is_kept_as_orphaned(sample, fresh):  # noqa: F811
    """An annotation whose quote cannot be found is imported as orphaned, never dropped."""
    payload = json.loads(exported(sample))
    first = next(i for i in payload["first"]["items"] if i["motivation"] == "highlighting")
    first["target"]["selector"][0]["exact"] = "Words that appear in none of the five articles at all, anywhere."
    report = import_annotations(fresh, payload)
    assert report.orphaned == 1 and report.highlights_added == 32
    assert sum(h.is_orphaned for h in fresh.highlights.list()) == 1


def test_unreadable_files_name_the_file_and_reason(tmp_path, fresh):
    """Not JSON, or JSON of another kind: an ImportFailed naming the file and why."""
    bad = tmp_path / "notes.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ImportFailed, match="notes.json: not a JSON file"):
        import_annotations_file(fresh, bad)
    bad.write_text('{"type": "Something"}', encoding="utf-8")
    with pytest.raises(ImportFailed, match="unknown JSON-LD type 'Something'"):
        import_annotations_file(fresh, bad)
