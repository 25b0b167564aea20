"""W3C Web Annotation export, checked with the W3C test suite's own "Musts" assertions."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4
from test_export_markdown import sample  # noqa: F401 (fixture)

from reader_app.core.exporters.ids import as_uuid
from reader_app.core.exporters.scope import ExportScope, collect
from reader_app.core.exporters.webannotation import build_collection, render_json

SCHEMAS = Path(__file__).parent / "schemas" / "web-annotation"


def _registry() -> Registry:
    resources = []
    for path in sorted((SCHEMAS / "definitions").glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema["id"], Resource(schema, specification=DRAFT4)))
    return Registry().with_resources(resources)


def _musts(test_file: str) -> list[tuple[str, Draft4Validator]]:
    registry = _registry()
    spec = json.loads((SCHEMAS / test_file).read_text(encoding="utf-8"))
    found = []
    for name in spec["assertions"]:
        assertion = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
        assert assertion["expectedResult"] == "valid"
        found.append((name, Draft4Validator(assertion, registry=registry)))
    return found


ANNOTATION_MUSTS = _musts("annotations/annotationMusts.test")
COLLECTION_MUSTS = _musts("collections/collectionMusts.test")
PAGE_MUSTS = _musts("collections/pages/pageMusts.test")


def failures(document: dict, musts) -> list[str]:
    return [f"{name}: {error.message[:200]}" for name, validator in musts for error in validator.iter_errors(document)]


def test_collection_page_and_every_annotation_pass_the_w3c_musts(sample):  # noqa: F811
    """The collection, its embedded first page and each annotation pass every W3C "must" assertion."""
    collection = build_collection(collect(sample, ExportScope()))
    assert len(ANNOTATION_MUSTS) > 40
    assert failures(collection, COLLECTION_MUSTS) == []
    assert failures(collection, PAGE_MUSTS) == []
    assert failures(collection["first"], PAGE_MUSTS) == []
    items = collection["first"]["items"]
    assert collection["total"] == len(items) == 32 + 2
    for item in items:
        assert failures(item, ANNOTATION_MUSTS) == [], item["id"]


def test_the_musts_reject_a_broken_annotation():
    """The assertions do bite: a bad motivation, a selector with a non-integer start and a missing target
    are each reported."""
    good = {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:uuid:1", "type": "Annotation",
            "target": {"source": "urn:x", "selector": {"type": "TextPositionSelector", "start": 1, "end": 2}}}
    assert failures(good, ANNOTATION_MUSTS) == []
    no_target = {k: v for k, v in good.items() if k != "target"}
    bad_selector = {**good, "target": {"source": "urn:x", "selector": {"type": "TextPositionSelector",
                                                                         "start": "one", "end": 2}}}
    bad_context = {**good, "@context": "http://example.org/other.jsonld"}
    for broken in (no_target, bad_selector, bad_context):
        assert failures(broken, ANNOTATION_MUSTS), broken


def test_highlight_annotation_shape(sample):  # noqa: F811
    """A highlight: stable urn:uuid id, highlighting motivation, quote and position selectors in code
    points, the source's content hash and citation, colour as styleClass, tags and note as bodies."""
    data = collect(sample, ExportScope(documents=("caps-walia",)))
    h = next(h for h in data.highlights if h.tags == ("energy",) and h.note)
    item = next(i for i in build_collection(data)["first"]["items"] if i["id"] == f"urn:uuid:{as_uuid(h.uid)}")
    assert item["motivation"] == "highlighting"
    target = item["target"]
    assert target["source"]["id"] == f"urn:reader:sha256:{data.document(h.document_id).content_hash}"
    assert target["source"]["dc:title"] == "Japan-Russia Ties Amidst Ukraine Crisis"
    assert target["styleClass"] == "purple" and ".purple {" in item["stylesheet"]["value"]
    quote, position = target["selector"]
    assert quote == {"type": "TextQuoteSelector", "exact": h.exact, "prefix": h.prefix, "suffix": h.suffix}
    assert position == {"type": "TextPositionSelector", "start": h.start, "end": h.end}
    assert sample.documents.text(h.document_id)[position["start"]:position["end"]] == quote["exact"]
    assert {"type": "TextualBody", "purpose": "tagging", "value": "energy"} in item["body"]
    assert {"type": "TextualBody", "purpose": "commenting", "format": "text/markdown", "value": h.note} in item["body"]


def test_cross_document_note_is_one_linking_annotation_with_several_targets(sample):  # noqa: F811
    """A cross-document note: motivation linking, its title and Markdown body as bodies, one target per
    passage (from three or more documents) with the passage's highlight id and relation."""
    items = build_collection(collect(sample, ExportScope(note_id=1)))["first"]["items"]
    note = next(i for i in items if i["motivation"] == "linking")
    assert note["body"][0] == {"type": "TextualBody", "purpose": "describing",
                               "value": "Abe's Russia policy, judged in hindsight"}
    assert note["body"][1]["format"] == "text/markdown"
    assert [t["reader:relation"] for t in note["target"]] == ["supports", "same fact", "adds detail", "quotes"]
    assert len({t["source"]["id"] for t in note["target"]}) == 4
    ids = {i["id"] for i in items}
    assert all(t["reader:highlight"] in ids for t in note["target"])


def test_ids_are_stable_and_json_is_deterministic(sample):  # noqa: F811
    """Two exports are identical text; ids come from the stored uids, not from the export."""
    first = render_json(collect(sample, ExportScope()))
    assert first == render_json(collect(sample, ExportScope()))
    uids = {f"urn:uuid:{as_uuid(h.uid)}" for h in sample.highlights.list()}
    assert uids <= {i["id"] for i in json.loads(first)["first"]["items"]}


def test_shared_schema_copy_matches_the_original():
    """The copied definitions are the shared ones (when ../shared is present)."""
    shared = Path(__file__).resolve().parents[3] / "shared" / "schemas" / "web-annotation" / "definitions"
    if not shared.is_dir():
        pytest.skip("../shared/schemas is not beside this checkout")
    for path in (SCHEMAS / "definitions").glob("*.json"):
        assert path.read_bytes() == (shared / path.name).read_bytes(), path.name
