"""The thin Qt models over the store: they pass Qt's model tester and show what the store holds."""
from __future__ import annotations

from PySide6.QtCore import Qt

from reader_app.ui.models.annotations import (
    HEADER,
    HIGHLIGHT,
    AnnotationsModel,
    Filters,
    KindRole,
    NoteRole,
    OrphanedRole,
    TagsRole,
)
from reader_app.ui.models.documents import DocumentFilter, DocumentsModel, HighlightCountRole
from reader_app.ui.models.search_results import SearchResultsModel, SnippetHtmlRole, snippet_html
from reader_app.ui.models.tags import TagsModel


def _highlight(lib, doc_id, quote, **kw):
    start, end = lib.highlights.find_quote(doc_id, quote)
    return lib.highlights.add(doc_id, start, end, **kw)[0]


def test_documents_model_passes_modeltester_and_counts_highlights(qtmodeltester, seeded):
    """Five rows with titles; a new highlight shows up in the count after reload."""
    model = DocumentsModel(seeded)
    qtmodeltester.check(model)
    assert model.rowCount() == 5
    doc = seeded.documents.list()[0]
    _highlight(seeded, doc.id, "Japan")
    model.reload()
    assert model.index(model.row_of(doc.id)).data(HighlightCountRole) == 1
    qtmodeltester.check(model)


def test_document_filter_keeps_rows_matching_every_word(qtmodeltester, seeded):
    """Typing publisher words narrows the list; words may come in any order and any case."""
    proxy = DocumentFilter()
    proxy.setSourceModel(DocumentsModel(seeded))
    qtmodeltester.check(proxy)
    proxy.set_text("forum EAST")
    assert proxy.rowCount() == 1
    assert "decisiveness" in proxy.index(0, 0).data()
    proxy.set_text("no such words")
    assert proxy.rowCount() == 0
    proxy.set_text("")
    assert proxy.rowCount() == 5


def test_annotations_model_groups_by_document_in_text_order(qtmodeltester, seeded):
    """Header per document, then its highlights by position; filters by tag, colour and text."""
    docs = seeded.documents.list()
    late = _highlight(seeded, docs[0].id, "Kuril", color="blue", tags=["territory"])
    early = _highlight(seeded, docs[0].id, "Japan", note="first line\nsecond", tags=["sanctions"])
    _highlight(seeded, docs[1].id, "SWIFT", color="pink", tags=["sanctions"])
    model = AnnotationsModel(seeded)
    qtmodeltester.check(model)
    kinds = [model.index(r).data(KindRole) for r in range(model.rowCount())]
    assert kinds == [HEADER, HIGHLIGHT, HIGHLIGHT, HEADER, HIGHLIGHT]
    assert model.index(1).data() == "Japan" and model.index(2).data() == "Kuril"
    assert model.index(1).data(NoteRole) == "first line"
    assert model.index(1).data(TagsRole)[0][0] == "sanctions"
    assert model.row_of_highlight(late.id) == 2 and model.row_of_highlight(early.id) == 1

    model.set_filters(Filters(tag="SANCTIONS"))
    assert [model.index(r).data() for r in range(model.rowCount())][1::2] == ["Japan", "SWIFT"]
    model.set_filters(Filters(color="blue"))
    assert model.rowCount() == 2 and model.index(1).data() == "Kuril"
    model.set_filters(Filters(text="swi"))
    assert model.rowCount() == 2 and model.index(1).data() == "SWIFT"
    model.set_filters(Filters(document_ids=(docs[1].id, docs[0].id)))
    assert model.index(0).data() == docs[1].title  # pane order, not library order
    model.set_filters(Filters(document_ids=()))
    assert model.rowCount() == 0
    qtmodeltester.check(model)


def test_annotations_model_lists_orphans_with_their_quote(qtmodeltester, seeded):
    """A highlight whose passage vanished on re-import stays in the list, marked orphaned."""
    from reader_app.core.model import DocumentMeta, ImportedDocument

    doc = seeded.documents.list()[0]
    _highlight(seeded, doc.id, "Kuril")
    seeded.documents.reimport(doc.id, ImportedDocument("An entirely different text.", [], DocumentMeta(), "txt"))
    model = AnnotationsModel(seeded)
    qtmodeltester.check(model)
    assert model.index(1).data() == "Kuril"
    assert model.index(1).data(OrphanedRole) is True


def test_search_results_model_renders_snippets_bold(qtmodeltester, seeded):
    """Hits for SWIFT carry escaped snippets with the hit term in bold."""
    model = SearchResultsModel(seeded)
    model.search("SWIFT")
    qtmodeltester.check(model)
    assert model.rowCount() >= 3
    assert "<b>SWIFT</b>" in model.index(0).data(SnippetHtmlRole)
    assert snippet_html("a < «b» & c") == "a &lt; <b>b</b> &amp; c"
    model.search("   ")
    assert model.rowCount() == 0


def test_tags_model_shows_name_colour_and_count(qtmodeltester, seeded):
    """One row per tag with its highlight count, sorted by name."""
    doc = seeded.documents.list()[0]
    _highlight(seeded, doc.id, "Japan", tags=["sanctions", "Abe"])
    _highlight(seeded, doc.id, "Russia", tags=["sanctions"])
    model = TagsModel(seeded)
    qtmodeltester.check(model)
    assert [model.index(r, 0).data() for r in range(2)] == ["Abe", "sanctions"]
    assert model.index(1, 2).data() == "2"
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Highlights"


def _rows(model):
    from reader_app.ui.models.annotations import HighlightIdRole

    return [(model.index(r).data(KindRole), model.index(r).data(), model.index(r).data(HighlightIdRole))
            for r in range(model.rowCount())]


def test_incremental_updates_match_a_fresh_query(qtmodeltester, seeded):
    """Adding, recolouring out of the filter, deleting and adding to a new group row by row ends in exactly
    the rows (and counts) a fresh model shows; the model tester watches every signal on the way."""
    docs = seeded.documents.list()
    first = _highlight(seeded, docs[0].id, "Kuril", color="blue")
    filters = Filters(document_ids=(docs[2].id, docs[0].id), color="blue")
    model = AnnotationsModel(seeded)
    model.set_filters(filters)
    qtmodeltester.check(model)

    def fresh():
        other = AnnotationsModel(seeded)
        other.set_filters(filters)
        return _rows(other), other.highlight_total

    early = _highlight(seeded, docs[0].id, "Japan", color="blue")
    model.update_highlights([early.id])
    assert (_rows(model), model.highlight_total) == fresh()
    seeded.highlights.set_color(first.id, "pink")  # leaves the colour filter
    model.update_highlights([first.id])
    assert (_rows(model), model.highlight_total) == fresh()
    other_group = _highlight(seeded, docs[2].id, "Japan", color="blue")  # a new group, before docs[0]
    ignored = _highlight(seeded, docs[1].id, "Japan", color="blue")  # not an open document
    model.update_highlights([other_group.id, ignored.id])
    assert (_rows(model), model.highlight_total) == fresh()
    assert model.index(0).data() == docs[2].title
    seeded.highlights.delete(early.id)
    seeded.highlights.delete(other_group.id)  # the last of its group: the header goes too
    model.update_highlights([early.id, other_group.id])
    assert (_rows(model), model.highlight_total) == fresh() == ([], 0)
