"""Import back our own W3C Web Annotation export into a library.

Documents are matched by content hash (each target's source is ``urn:reader:sha256:<hash>``), so an
annotation only lands on exactly the text it was made on; passages are re-anchored by their selectors
(position, then quote, then fuzzy — ``reader_app.core.anchoring``), and what no longer fits is kept as
orphaned, never dropped. Annotations whose id (the highlight's or note's uid) is already in the library
are left as they are, so importing the same file twice adds nothing.
"""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..changes import NOTHING, Changes
from ..errors import ImportFailed
from ..model import ANCHORED, HIGHLIGHT_COLORS, ORPHANED, Highlight, Note, NoteLink, Selectors
from .ids import SOURCE_SCHEME, uid_from_urn

if TYPE_CHECKING:
    from ..store import Library


@dataclass
class ImportReport:
    highlights_added: int = 0
    highlights_present: int = 0
    notes_added: int = 0
    notes_present: int = 0
    moved: int = 0  # re-anchored somewhere else than the stored position (text differs around it)
    orphaned: int = 0
    missing_documents: dict[str, int] = field(default_factory=dict)  # title or source -> annotations skipped
    warnings: list[str] = field(default_factory=list)
    changes: Changes = NOTHING

    def lines(self) -> list[str]:
        found = [f"highlights: {self.highlights_added} added, {self.highlights_present} already present"
                 + (f", {self.moved} re-anchored elsewhere" if self.moved else "")
                 + (f", {self.orphaned} orphaned" if self.orphaned else ""),
                 f"notes: {self.notes_added} added, {self.notes_present} already present"]
        for name, count in sorted(self.missing_documents.items()):
            found.append(f"skipped {count} annotation(s) on {name!r}: no document with the same text here")
        return found + self.warnings


def _uid(annotation: dict) -> str:
    ident = str(annotation.get("id", ""))
    try:
        return uid_from_urn(ident)
    except ValueError:
        # Another tool's id: a stable uid derived from it keeps repeated imports duplicate-free.
        return uuid.uuid5(uuid.NAMESPACE_URL, ident).hex if ident else uuid.uuid4().hex


def _items(payload: Any, path: str) -> list[dict]:
    if isinstance(payload, list):
        return [a for a in payload if isinstance(a, dict)]
    if not isinstance(payload, dict):
        raise ImportFailed(path, "expected a W3C Web Annotation collection, page or annotation")
    kind = payload.get("type")
    if kind == "AnnotationCollection":
        first = payload.get("first")
        if isinstance(first, str):
            raise ImportFailed(path, "the collection's pages are not embedded (only a link to them); export "
                                     "them with the annotations included")
        return _items(first or {"type": "AnnotationPage", "items": []}, path)
    if kind == "AnnotationPage":
        return _items(payload.get("items", []), path)
    if kind == "Annotation" or (isinstance(kind, list) and "Annotation" in kind):
        return [payload]
    raise ImportFailed(path, f"unknown JSON-LD type {kind!r}; expected AnnotationCollection, AnnotationPage or "
                             "Annotation")


def _bodies(annotation: dict) -> list[dict]:
    body = annotation.get("body", [])
    return [b for b in (body if isinstance(body, list) else [body]) if isinstance(b, dict)]


def _targets(annotation: dict) -> list[dict]:
    target = annotation.get("target", [])
    return [t for t in (target if isinstance(target, list) else [target]) if isinstance(t, dict)]


def _selectors(target: dict) -> Selectors | None:
    raw = target.get("selector", [])
    quote = position = None
    for s in raw if isinstance(raw, list) else [raw]:
        if isinstance(s, dict) and s.get("type") == "TextQuoteSelector":
            quote = s
        elif isinstance(s, dict) and s.get("type") == "TextPositionSelector":
            position = s
    if quote is None or not quote.get("exact"):
        return None
    start = int(position["start"]) if position else 0
    end = int(position["end"]) if position else start + len(quote["exact"])
    return Selectors(start, end, quote["exact"], quote.get("prefix", ""), quote.get("suffix", ""))


def _source_hash(target: dict) -> tuple[str, str]:
    """(content hash or "", a name for messages)."""
    source = target.get("source", "")
    iri = source.get("id", "") if isinstance(source, dict) else str(source)
    name = source.get("dc:title", "") if isinstance(source, dict) else ""
    digest = iri[len(SOURCE_SCHEME):] if iri.startswith(SOURCE_SCHEME) else ""
    return digest, name or iri or "an unnamed source"


class _Importer:
    def __init__(self, lib: Library, report: ImportReport):
        self.lib, self.report = lib, report
        self.uids = {h.uid: h.id for h in lib.highlights.list()}
        self.texts: dict[str, tuple[int, str] | None] = {}
        self.touched: set[int] = set()  # documents that received a highlight
        self.now = lib.clock()

    def document_for(self, target: dict) -> tuple[int, str] | None:
        digest, name = _source_hash(target)
        if digest not in self.texts:
            doc = self.lib.documents.by_hash(digest) if digest else None
            self.texts[digest] = (doc.id, self.lib.documents.text(doc.id)) if doc else None
        if self.texts[digest] is None:
            self.report.missing_documents[name] = self.report.missing_documents.get(name, 0) + 1
        return self.texts[digest]

    def add_highlight(self, conn, uid: str, target: dict, *, tags=(), note="", created="", updated="") -> int | None:
        from ..anchoring import anchor, describe
        from ..store.highlights import HighlightRepo

        found = self.document_for(target)
        try:
            selectors = _selectors(target)
        except (KeyError, TypeError, ValueError):
            selectors = None
        if selectors is None:
            self.report.warnings.append(f"{uid}: skipped, its target has no usable TextQuoteSelector")
        if found is None or selectors is None:
            return None
        doc_id, text = found
        place = anchor(text, selectors)
        if place.is_orphaned:
            self.report.orphaned += 1
            sel, status = selectors, ORPHANED
        else:
            if place.start != selectors.start:
                self.report.moved += 1
            sel, status = describe(text, place.start, place.end), ANCHORED
        color = target.get("styleClass")
        h = Highlight(None, uid, doc_id, sel.start, sel.end, sel.exact, sel.prefix, sel.suffix,
                      color if color in HIGHLIGHT_COLORS else "yellow", note, status, created or self.now,
                      updated or created or self.now, tags=tuple(tags))
        hid = HighlightRepo.insert_row(conn, h)
        self.uids[uid] = hid
        self.touched.add(doc_id)
        self.report.highlights_added += 1
        return hid


def import_annotations(lib: Library, payload: Any, *, path: str = "<annotations>") -> ImportReport:
    """Merge the annotations of a parsed JSON export into ``lib``."""
    report = ImportReport()
    items = _items(payload, path)
    importer = _Importer(lib, report)
    highlights = [a for a in items if a.get("motivation") != "linking"]
    notes = [a for a in items if a.get("motivation") == "linking"]
    added: list[int] = []
    with lib.transaction() as conn:
        for a in highlights:
            uid = _uid(a)
            if uid in importer.uids:
                report.highlights_present += 1
                continue
            targets = _targets(a)
            if len(targets) != 1:
                report.warnings.append(f"{a.get('id')}: skipped, a highlight needs exactly one target")
                continue
            bodies = _bodies(a)
            tags = [b["value"] for b in bodies if b.get("purpose") == "tagging" and b.get("value")]
            comment = next((b.get("value", "") for b in bodies if b.get("purpose") == "commenting"), "")
            hid = importer.add_highlight(conn, uid, targets[0], tags=tags, note=comment,
                                         created=a.get("created", ""), updated=a.get("modified", ""))
            if hid is not None:
                added.append(hid)
        # Passages of notes whose highlight was not exported on its own become highlights too.
        for a in notes:
            for t in _targets(a):
                link_uid = _linked_uid(t)
                if link_uid and link_uid not in importer.uids:
                    hid = importer.add_highlight(conn, link_uid, t, created=a.get("created", ""))
                    if hid is not None:
                        added.append(hid)
    changes = Changes.of(highlights=added, documents=importer.touched)
    changes |= _import_notes(lib, notes, importer, report)
    report.changes = changes
    return report


def _linked_uid(target: dict) -> str:
    ref = target.get("reader:highlight", "")
    try:
        return uid_from_urn(ref) if ref else ""
    except ValueError:
        return ""


def _import_notes(lib: Library, notes: list[dict], importer: _Importer, report: ImportReport) -> Changes:
    from ..store.notes import NoteSnapshot

    existing = {n.uid for n in lib.notes.list()}
    next_id = max((n.id for n in lib.notes.list()), default=0) + 1
    relations = lib.settings.relations()
    changes = NOTHING
    for a in notes:
        uid = _uid(a)
        if uid in existing:
            report.notes_present += 1
            continue
        bodies = _bodies(a)
        title = next((b.get("value", "") for b in bodies if b.get("purpose") == "describing"), "") or "Imported note"
        body = next((b.get("value", "") for b in bodies if b.get("purpose") == "commenting"), "")
        links = []
        for t in _targets(a):
            hid = importer.uids.get(_linked_uid(t))
            if hid is None or any(lk.highlight_id == hid for lk in links):
                continue
            relation = t.get("reader:relation", "supports")
            if relation not in relations:
                report.warnings.append(f"note {title!r}: unknown relation {relation!r} imported as 'supports'")
                relation = "supports"
            links.append(NoteLink(next_id, hid, relation, len(links)))
        created = a.get("created") or importer.now
        note = Note(next_id, uid, title, body, created, a.get("modified") or created, tuple(links))
        changes |= lib.notes.restore(NoteSnapshot(note))
        existing.add(uid)
        next_id += 1
        report.notes_added += 1
    return changes


def import_annotations_file(lib: Library, path: Path | str) -> ImportReport:
    path = Path(path)
    try:
        payload = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise ImportFailed(str(path), f"cannot read the file ({exc.strerror or exc})") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportFailed(str(path), f"not a JSON file ({exc})") from exc
    return import_annotations(lib, payload, path=str(path))
