"""REFI-QDA export: project.qde valid against Project.xsd, sources whose offsets match, honest warnings."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import xmlschema
from test_export_markdown import sample  # noqa: F401 (fixture)

from reader_app.core.exporters.ids import as_uuid
from reader_app.core.exporters.refiqda import NS, render_qdpx
from reader_app.core.exporters.scope import ExportScope, collect
from reader_app.core.model import Block, DocumentMeta, ImportedDocument

XSD = Path(__file__).parent / "schemas" / "refi-qda" / "Project.xsd"
Q = f"{{{NS}}}"


@pytest.fixture(scope="module")
def schema():
    return xmlschema.XMLSchema(str(XSD))


def export(lib, scope: ExportScope | None = None, date="2026-03-14"):
    content, warnings = render_qdpx(collect(lib, scope or ExportScope(), date=date, with_texts=True))
    archive = zipfile.ZipFile(io.BytesIO(content))
    return archive, archive.read("project.qde"), warnings


def test_project_is_valid_and_offsets_point_at_the_quotes(sample, schema):  # noqa: F811
    """project.qde passes the XSD; each source file is the UTF-8 text without BOM, and every selection's
    code-point range in it is exactly the highlight's quote."""
    archive, xml, _ = export(sample)
    schema.validate(xml.decode("utf-8"))
    root = ET.fromstring(xml)
    quotes = {as_uuid(h.uid): h.exact for h in sample.highlights.list()}
    sources = root.findall(f"{Q}Sources/{Q}TextSource")
    assert len(sources) == 5
    checked = 0
    for source in sources:
        path = source.get("plainTextPath")
        assert path == f"internal://{source.get('guid')}.txt"
        raw = archive.read(f"sources/{source.get('guid')}.txt")
        assert not raw.startswith(b"\xef\xbb\xbf")
        text = raw.decode("utf-8")
        for sel in source.findall(f"{Q}PlainTextSelection"):
            start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
            assert text[start:end] == quotes[sel.get("guid")]
            checked += 1
    assert checked == 32


def test_tags_are_coloured_codes_and_notes_become_notes_with_links(sample, schema):  # noqa: F811
    """Tags → Codes with their colours and Codings on selections; a cross-document note → a Note plus one
    Link per passage from the note to the selection, named after the relation."""
    _, xml, _ = export(sample)
    root = ET.fromstring(xml)
    codes = {c.get("name"): c for c in root.iter(f"{Q}Code")}
    assert codes["sanctions"].get("color").startswith("#") and codes["sanctions"].get("isCodable") == "true"
    coded = [c.find(f"{Q}CodeRef").get("targetGUID") for c in root.iter(f"{Q}Coding")]
    assert coded.count(codes["sanctions"].get("guid")) == len(sample.highlights.list(tag="sanctions")) == 8
    note = next(n for n in root.iter(f"{Q}Note") if n.get("name") == "Abe's Russia policy, judged in hindsight")
    assert "**different reasons**" in note.find(f"{Q}PlainTextContent").text
    links = [lk for lk in root.iter(f"{Q}Link") if lk.get("originGUID") == note.get("guid")]
    assert [lk.get("name") for lk in links] == ["supports", "same fact", "adds detail", "quotes"]
    selections = {s.get("guid") for s in root.iter(f"{Q}PlainTextSelection")}
    assert all(lk.get("targetGUID") in selections for lk in links)
    described = [s for s in root.iter(f"{Q}PlainTextSelection") if s.find(f"{Q}Description") is not None]
    assert any("Vladamir" in s.find(f"{Q}Description").text for s in described)


def test_warns_about_colours_and_leaves_orphans_out(sample, schema):  # noqa: F811
    """Colours cannot be held (warned); an orphaned highlight is left out with a warning naming it."""
    doc = sample.documents.resolve("caps-walia")
    h = sample.highlights.for_document(doc.id)[0]
    sample.conn.execute("UPDATE highlights SET status = 'orphaned' WHERE id = ?", (h.id,))
    _, xml, warnings = export(sample)
    schema.validate(xml.decode("utf-8"))
    assert any(w.startswith("Highlight colours are not part of REFI-QDA") and "Contested claim (pink)" in w
               for w in warnings)
    orphan_warning = next(w for w in warnings if "orphaned highlight" in w)
    assert orphan_warning.startswith("1 orphaned highlight(s) left out") and h.exact[:30] in orphan_warning
    assert as_uuid(h.uid) not in {s.get("guid") for s in ET.fromstring(xml).iter(f"{Q}PlainTextSelection")}


def test_astral_characters_and_control_characters(lib, schema):
    """Offsets stay code points past emoji and rare kanji; a control character in a note cannot break XML."""
    text = "Intro 😀𠮷 then the quoted passage here.\nEnd."
    doc = lib.documents.add(ImportedDocument(text, [Block(0, len(text))], DocumentMeta(title="Astral"), "txt")).document
    start = text.index("quoted")
    lib.highlights.add(doc.id, start, start + len("quoted passage"), note="bell\x07 here", tags=["t"])
    archive, xml, _ = export(lib)
    schema.validate(xml.decode("utf-8"))
    sel = next(ET.fromstring(xml).iter(f"{Q}PlainTextSelection"))
    source = archive.read(next(n for n in archive.namelist() if n.startswith("sources/"))).decode("utf-8")
    assert source[int(sel.get("startPosition")):int(sel.get("endPosition"))] == "quoted passage"


def test_same_export_is_the_same_archive(sample):  # noqa: F811
    """Fixed entry times and stable GUIDs: exporting twice gives identical bytes."""
    first = render_qdpx(collect(sample, ExportScope(), date="2026-03-14", with_texts=True))[0]
    assert first == render_qdpx(collect(sample, ExportScope(), date="2026-03-14", with_texts=True))[0]


def test_schema_rejects_wrong_element_order(sample, schema):  # noqa: F811
    """The XSD check bites: moving Sources before CodeBook makes the project invalid."""
    _, xml, _ = export(sample)
    root = ET.fromstring(xml)
    sources, codebook = root.find(f"{Q}Sources"), root.find(f"{Q}CodeBook")
    root.remove(sources)
    root.insert(list(root).index(codebook), sources)
    assert not schema.is_valid(ET.tostring(root, encoding="unicode"))
