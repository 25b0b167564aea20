"""W3C Web Annotation JSON-LD export: an ``AnnotationCollection`` whose first (and only) page holds
one annotation per highlight and one per cross-document note.

- A highlight: motivation ``highlighting``; a SpecificResource target with a TextQuoteSelector (exact,
  prefix, suffix) and a TextPositionSelector (code points, half-open); its colour as the target's
  ``styleClass`` with a CssStylesheet on the annotation; tags as TextualBody ``tagging`` bodies; its note
  as a TextualBody ``commenting`` body in ``text/markdown``.
- A cross-document note: motivation ``linking``; its title as a ``describing`` body, its text as a
  ``commenting`` body, and one target per linked passage carrying the passage's selectors, its
  highlight id (``reader:highlight``) and the relation (``reader:relation``).
- Each target's source is ``urn:reader:sha256:<content hash>`` with the document's citation in Dublin
  Core terms, so the import can find the same text in another library.
- Ids are ``urn:uuid:`` of the stored uids: stable across exports.
"""
from __future__ import annotations

import functools
import json

from ..model import Document, Highlight
from .html import HIGHLIGHT_TINTS
from .ids import as_uuid, derived_uuid, source_iri
from .scope import ExportData, NoteView

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
READER_VOCAB = "urn:reader:vocab:"
CONTEXT = [ANNO_CONTEXT, {"reader": READER_VOCAB}]


@functools.lru_cache(maxsize=256)  # one per document, shared by its targets (never mutated)
def source(doc: Document) -> dict:
    found = {"id": source_iri(doc.content_hash), "type": "Text", "format": "text/plain", "dc:title": doc.title,
             "dc:identifier": doc.key}
    if doc.creators:
        found["dc:creator"] = [c.name if c.role == "author" else f"{c.name} ({c.role})" for c in doc.creators]
    if doc.publisher:
        found["dc:publisher"] = doc.publisher
    if doc.published:
        found["dc:date"] = doc.published
    if doc.url:
        found["schema:url"] = doc.url
    return found


def target(data: ExportData, h: Highlight) -> dict:
    return {
        "type": "SpecificResource",
        "source": source(data.document(h.document_id)),
        "styleClass": h.color,
        "selector": [
            {"type": "TextQuoteSelector", "exact": h.exact, "prefix": h.prefix, "suffix": h.suffix},
            {"type": "TextPositionSelector", "start": h.start, "end": h.end},
        ],
    }


def _stylesheet(color: str) -> dict:
    # The user's label for a colour is a setting of their library, not of the annotation, so it stays out.
    tint = HIGHLIGHT_TINTS.get(color, "#fbe38e")
    return {"type": "CssStylesheet", "value": f".{color} {{ background-color: {tint} }}"}


def highlight_annotation(data: ExportData, h: Highlight) -> dict:
    body = [{"type": "TextualBody", "purpose": "tagging", "value": t} for t in h.tags]
    if h.note:
        body.append({"type": "TextualBody", "purpose": "commenting", "format": "text/markdown", "value": h.note})
    found = {"@context": CONTEXT, "id": f"urn:uuid:{as_uuid(h.uid)}", "type": "Annotation",
             "motivation": "highlighting", "created": h.created_at, "modified": h.updated_at}
    if body:
        found["body"] = body
    found["target"] = target(data, h)
    found["stylesheet"] = _stylesheet(h.color)
    if h.is_orphaned:
        found["reader:status"] = "orphaned"
    return found


def note_annotation(data: ExportData, view: NoteView) -> dict:
    n = view.note
    body = [{"type": "TextualBody", "purpose": "describing", "value": n.title}]
    if n.body:
        body.append({"type": "TextualBody", "purpose": "commenting", "format": "text/markdown", "value": n.body})
    targets = []
    for p in view.passages:
        t = target(data, p.highlight)
        del t["styleClass"]  # the colour belongs to the passage's own highlight annotation
        t["reader:highlight"] = f"urn:uuid:{as_uuid(p.highlight.uid)}"
        t["reader:relation"] = p.relation
        targets.append(t)
    found = {"@context": CONTEXT, "id": f"urn:uuid:{as_uuid(n.uid)}", "type": "Annotation", "motivation": "linking",
             "created": n.created_at, "modified": n.updated_at, "body": body}
    # A note without passages still needs a target (the model requires one): the notes' own id.
    found["target"] = targets or f"urn:uuid:{as_uuid(n.uid)}"
    return found


def build_collection(data: ExportData) -> dict:
    items = [highlight_annotation(data, h) for h in data.all_highlights()]
    items += [note_annotation(data, v) for v in data.notes]
    ids = [item["id"] for item in items]
    collection_id = derived_uuid("collection", *ids)
    return {
        "@context": CONTEXT,
        "id": f"urn:uuid:{collection_id}",
        "type": "AnnotationCollection",
        "label": data.title,
        "total": len(items),
        # The page repeats the context so it stays valid when a tool splits it out of the collection.
        "first": {"@context": CONTEXT, "id": f"urn:uuid:{derived_uuid('page', collection_id, '0')}",
                  "type": "AnnotationPage",
                  "startIndex": 0, "items": items},
    }


_ITEMS = "\u0000items\u0000"  # cannot occur in the skeleton, which holds no user text


def render_json(data: ExportData) -> str:
    """The collection indented for reading, one annotation per line: Python's JSON encoder is several times
    faster without indentation, which is what keeps 10,000 annotations under a second."""
    collection = build_collection(data)
    items = collection["first"]["items"]
    collection["first"]["items"] = _ITEMS
    skeleton = json.dumps(collection, ensure_ascii=False, indent=2)
    lines = ",\n".join("      " + json.dumps(item, ensure_ascii=False, separators=(", ", ": ")) for item in items)
    body = f"[\n{lines}\n    ]" if items else "[]"
    return skeleton.replace(json.dumps(_ITEMS), body, 1) + "\n"
