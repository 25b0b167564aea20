"""REFI-QDA project export (``.qdpx``), the exchange format of NVivo, ATLAS.ti, MAXQDA and QualCoder.

The archive holds ``project.qde`` (QDA-XML, ``urn:QDA-XML:project:1.0``; element order is fixed by the
schema) and each document's canonical text as ``sources/<GUID>.txt`` (UTF-8, no BOM), so the selections'
code-point offsets point into exactly the text we hold. Mapping:

- document → TextSource (citation in its Description), highlight → PlainTextSelection (its note as the
  Description, its tags as Codings, a NoteRef to each cross-document note that links it);
- tag → Code with its colour (child tags nested in their parent);
- cross-document note → Note (Markdown as plain text) plus one Link per passage, from the note to the
  selection, named after the relation — the "memo–quotation" link of the specification.

What the format cannot hold is returned as warnings: highlight colours, orphaned highlights (their
offsets no longer point at the quote, so they are left out), and anything else lost on the way.
"""
from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree as ET

from ..model import Highlight, Tag
from .ids import as_uuid, derived_uuid
from .scope import ExportData, citation

NS = "urn:QDA-XML:project:1.0"
ET.register_namespace("", NS)
_RGB = re.compile(r"#(?:[0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})")
# Fixed entry times keep two exports of the same data byte-identical.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _el(parent: ET.Element, tag: str, /, **attrs: str | None) -> ET.Element:
    return ET.SubElement(parent, f"{{{NS}}}{tag}", {k: v for k, v in attrs.items() if v is not None})


def _text_el(parent: ET.Element, tag: str, text: str) -> None:
    _el(parent, tag).text = text


def _xml_safe(text: str) -> str:
    # XML 1.0 forbids most control characters; a stray one would make the whole project unreadable.
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "\ufffd", text)


def source_guid(content_hash: str) -> str:
    return derived_uuid("source", content_hash)


def code_guid(tag_name: str) -> str:
    return derived_uuid("tag", tag_name.lower())


def _code_tree(data: ExportData, used: list[str], codebook: ET.Element, warnings: list[str]) -> None:
    """Codes for the tags in use and their ancestors, children nested in their parents."""
    by_id = {t.id: t for t in data.tags.values()}
    wanted: dict[int, Tag] = {}
    loose = [name for name in used if name.lower() not in data.tags]
    for name in used:
        tag = data.tags.get(name.lower())
        while tag is not None and tag.id not in wanted:
            wanted[tag.id] = tag
            tag = by_id.get(tag.parent_id) if tag.parent_id is not None else None
    children: dict[int | None, list[Tag]] = {}
    for tag in wanted.values():
        parent = tag.parent_id if tag.parent_id in wanted else None
        children.setdefault(parent, []).append(tag)
    codes = _el(codebook, "Codes")

    def add(parent_el: ET.Element, tag: Tag) -> None:
        color = tag.color if _RGB.fullmatch(tag.color or "") else None
        if tag.color and color is None:
            warnings.append(f"Tag {tag.name!r}: colour {tag.color!r} is not an RGB value; exported without it")
        code = _el(parent_el, "Code", guid=code_guid(tag.name), name=_xml_safe(tag.name), isCodable="true",
                   color=color)
        for child in sorted(children.get(tag.id, []), key=lambda t: t.name.lower()):
            add(code, child)

    for tag in sorted(children.get(None, []), key=lambda t: t.name.lower()):
        add(codes, tag)
    for name in loose:
        _el(codes, "Code", guid=code_guid(name), name=_xml_safe(name), isCodable="true")


def _selection(parent: ET.Element, h: Highlight, note_guids: list[str], user: str) -> None:
    name = " ".join(h.exact.split())
    sel = _el(parent, "PlainTextSelection", guid=as_uuid(h.uid), name=_xml_safe(name[:80]),
              startPosition=str(h.start), endPosition=str(h.end), creatingUser=user,
              creationDateTime=h.created_at, modifyingUser=user, modifiedDateTime=h.updated_at)
    if h.note:
        _text_el(sel, "Description", _xml_safe(h.note))
    for tag in dict.fromkeys(h.tags):
        coding = _el(sel, "Coding", guid=derived_uuid("coding", h.uid, tag.lower()), creatingUser=user,
                     creationDateTime=h.created_at)
        _el(coding, "CodeRef", targetGUID=code_guid(tag))
    for guid in note_guids:
        _el(sel, "NoteRef", targetGUID=guid)


def build_project(data: ExportData) -> tuple[bytes, dict[str, bytes], list[str]]:
    """(project.qde bytes, {archive path: source bytes}, warnings). ``data`` must carry the texts."""
    warnings: list[str] = []
    user = derived_uuid("user", "reader")
    created = f"{data.date}T00:00:00Z" if data.date else None
    root = ET.Element(f"{{{NS}}}Project", {k: v for k, v in {
        "name": _xml_safe(data.title), "origin": "Reader", "creatingUserGUID": user,
        "creationDateTime": created}.items() if v is not None})
    users = _el(root, "Users")
    _el(users, "User", guid=user, name="Reader user")

    highlights = data.all_highlights()
    orphans = [h for h in highlights if h.is_orphaned]
    kept = [h for h in highlights if not h.is_orphaned]
    used_tags = list({t.lower(): t for h in kept for t in h.tags}.values())
    if used_tags:
        _code_tree(data, used_tags, _el(root, "CodeBook"), warnings)

    notes_of: dict[int, list[str]] = {}
    for view in data.notes:
        for p in view.passages:
            notes_of.setdefault(p.highlight.id, []).append(as_uuid(view.note.uid))

    files: dict[str, bytes] = {}
    per_doc: dict[int, list[Highlight]] = {}
    for h in kept:
        per_doc.setdefault(h.document_id, []).append(h)
    if data.documents:
        sources = _el(root, "Sources")
        for doc in data.documents:
            guid = source_guid(doc.content_hash)
            files[f"sources/{guid}.txt"] = data.texts[doc.id].encode("utf-8")
            src = _el(sources, "TextSource", guid=guid, name=_xml_safe(doc.title or doc.key),
                      plainTextPath=f"internal://{guid}.txt", creationDateTime=doc.imported_at)
            _text_el(src, "Description", _xml_safe(citation(doc)))
            for h in per_doc.get(doc.id, []):
                _selection(src, h, notes_of.get(h.id, []), user)

    if data.notes:
        notes = _el(root, "Notes")
        for view in data.notes:
            n = view.note
            note = _el(notes, "Note", guid=as_uuid(n.uid), name=_xml_safe(n.title), creatingUser=user,
                       creationDateTime=n.created_at, modifyingUser=user, modifiedDateTime=n.updated_at)
            _text_el(note, "PlainTextContent", _xml_safe(n.body))
        links = [(view, p) for view in data.notes for p in view.passages if not p.highlight.is_orphaned]
        if links:
            links_el = _el(root, "Links")
            for view, p in links:
                _el(links_el, "Link", guid=derived_uuid("link", view.note.uid, p.highlight.uid),
                    name=_xml_safe(p.relation), direction="OneWay", originGUID=as_uuid(view.note.uid),
                    targetGUID=as_uuid(p.highlight.uid))
    _text_el(root, "Description", _xml_safe(data.summary()))

    warnings[:0] = _losses(data, kept, orphans)
    ET.indent(root)
    xml = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return xml, files, warnings


def _losses(data: ExportData, kept: list[Highlight], orphans: list[Highlight]) -> list[str]:
    found = []
    colours = sorted({h.color for h in kept})
    if colours:
        names = ", ".join(data.color_name(c) for c in colours)
        found.append(f"Highlight colours are not part of REFI-QDA: the colours of {len(kept)} highlight(s) "
                     f"({names}) are left out; tags are exported as codes")
    if orphans:
        quotes = "; ".join(f"“{' '.join(h.exact.split())[:40]}”" for h in orphans[:3])
        more = f" and {len(orphans) - 3} more" if len(orphans) > 3 else ""
        found.append(f"{len(orphans)} orphaned highlight(s) left out: their passages are no longer in the "
                     f"text ({quotes}{more})")
    if any(h.note for h in kept) or any(v.note.body for v in data.notes):
        found.append("Notes are plain text in REFI-QDA: Markdown formatting appears as written")
    if data.documents:
        found.append("Authors, publisher and date have no field of their own in REFI-QDA; each source's "
                     "citation is in its description")
    return found


def render_qdpx(data: ExportData) -> tuple[bytes, list[str]]:
    """The ``.qdpx`` archive and the warnings about what it could not hold."""
    xml, files, warnings = build_project(data)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, payload in [("project.qde", xml), *sorted(files.items())]:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, payload)
    return out.getvalue(), warnings
