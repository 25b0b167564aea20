"""What an export holds: the highlights and notes a scope selects, the documents they cite, and how
they are grouped. Every exporter renders an ``ExportData``; none of them queries the store itself.

Scope: everything, chosen documents, chosen tags (a highlight qualifies with any of them), or one
cross-document note; documents and tags combine (both must hold). A cross-document note is in scope
when it links at least one highlight in scope, and then carries *all* its passages: a comparison cut in
half would misquote the note.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import InvalidValue
from ..model import Document, Highlight, Note, Tag

if TYPE_CHECKING:
    from ..store import Library

GROUPINGS = ("document", "tag", "note")
DEFAULT_TITLE = "Annotated notes"


@dataclass(frozen=True)
class ExportScope:
    documents: tuple[str, ...] = ()  # document keys (or ids); empty = every document
    tags: tuple[str, ...] = ()  # tag names; empty = no tag filter
    note_id: int | None = None  # one cross-document note and its passages
    group_by: str = "document"

    def __post_init__(self) -> None:
        if self.group_by not in GROUPINGS:
            raise InvalidValue(f"cannot group by {self.group_by!r} (choose from {', '.join(GROUPINGS)})")

    @property
    def is_everything(self) -> bool:
        return not self.documents and not self.tags and self.note_id is None


@dataclass(frozen=True)
class Passage:
    """One linked passage of a cross-document note."""

    highlight: Highlight
    document: Document
    relation: str


@dataclass(frozen=True)
class NoteView:
    note: Note
    passages: tuple[Passage, ...]


@dataclass(frozen=True)
class Group:
    """A section of a Markdown/HTML export: a document, a tag, or a note, with its highlights."""

    kind: str  # "document" | "tag" | "untagged" | "note" | "unlinked"
    title: str
    highlights: tuple[Highlight, ...] = ()
    document: Document | None = None
    note: NoteView | None = None


@dataclass
class ExportData:
    title: str
    date: str | None  # export date as printed (YYYY-MM-DD); None leaves it out
    scope: ExportScope
    documents: list[Document]  # every document a highlight or passage cites, in library order
    highlights: list[Highlight]  # in scope; grouped by document, each in text order, orphans last
    notes: list[NoteView]  # cross-document notes in scope, oldest first
    color_labels: dict[str, str]
    tags: dict[str, Tag]  # lower-case name -> every tag of the library (colours, parents)
    texts: dict[int, str] = field(default_factory=dict)  # document id -> canonical text (when asked)

    def __post_init__(self) -> None:
        self._docs = {d.id: d for d in self.documents}

    def document(self, doc_id: int) -> Document:
        return self._docs[doc_id]

    def color_label(self, color: str) -> str:
        return self.color_labels.get(color, color)

    def color_name(self, color: str) -> str:
        """The user's label for a colour, with the colour itself when the label is not just its name."""
        label = self.color_label(color)
        return label if label.lower() == color else f"{label} ({color})"

    def summary(self) -> str:
        """``Exported DATE · N highlights · N sources · N cross-document notes``"""
        bits = [_count(len(self.highlights), "highlight"), _count(len(self.documents), "source"),
                _count(len(self.notes), "cross-document note")]
        if self.date:
            bits.insert(0, f"Exported {self.date}")
        return " · ".join(bits)

    def tag_color(self, name: str) -> str:
        tag = self.tags.get(name.lower())
        return tag.color if tag is not None and tag.color else "#6b7280"

    @property
    def tag_names(self) -> list[str]:
        """Every tag used in the export, case-insensitively sorted and deduplicated."""
        seen: dict[str, str] = {}
        for h in self.all_highlights():
            for t in h.tags:
                seen.setdefault(t.lower(), t)
        return [seen[k] for k in sorted(seen)]

    def all_highlights(self) -> list[Highlight]:
        """Highlights in scope followed by note passages outside it, each once."""
        found = {h.id: h for h in self.highlights}
        extra = [p.highlight for n in self.notes for p in n.passages if p.highlight.id not in found]
        unique_extra = list({h.id: h for h in extra}.values())
        return self.highlights + sorted(unique_extra, key=_text_order)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _text_order(h: Highlight) -> tuple:
    return (h.document_id, h.is_orphaned, h.start, h.end, h.id)


def collect(lib: Library, scope: ExportScope, *, date: str | None = None, title: str = DEFAULT_TITLE,
            with_texts: bool = False) -> ExportData:
    """Read everything ``scope`` selects from the library, in a stable order."""
    doc_ids = [lib.documents.resolve(k).id for k in scope.documents] if scope.documents else None
    tag_names = [lib.tags.by_name(t).name for t in scope.tags]
    all_notes = sorted(lib.notes.list(), key=lambda n: (n.created_at, n.id))

    if scope.note_id is not None:
        chosen = lib.notes.get(scope.note_id)
        linked = {lk.highlight_id for lk in chosen.links}
        highlights = [h for h in lib.highlights.list(document_ids=doc_ids) if h.id in linked]
        notes = [chosen]
    else:
        highlights = lib.highlights.list(document_ids=doc_ids)
        if tag_names:
            wanted = {t.lower() for t in tag_names}
            highlights = [h for h in highlights if wanted & {t.lower() for t in h.tags}]
        if scope.is_everything:
            notes = all_notes
        else:
            in_scope = {h.id for h in highlights}
            notes = [n for n in all_notes if any(lk.highlight_id in in_scope for lk in n.links)]

    linked_ids = sorted({lk.highlight_id for n in notes for lk in n.links})
    known = {h.id: h for h in highlights}
    missing = [i for i in linked_ids if i not in known]
    by_id = {**known, **{h.id: h for h in lib.highlights.get_many(missing)}} if missing else known

    used_doc_ids = {h.document_id for h in by_id.values()}
    documents = [d for d in lib.documents.list() if d.id in used_doc_ids]
    docs = {d.id: d for d in documents}
    note_views = [
        NoteView(n, tuple(Passage(by_id[lk.highlight_id], docs[by_id[lk.highlight_id].document_id], lk.relation)
                          for lk in sorted(n.links, key=lambda lk: (lk.position, lk.highlight_id))
                          if lk.highlight_id in by_id))
        for n in notes
    ]
    texts = {d.id: lib.documents.text(d.id) for d in documents} if with_texts else {}
    return ExportData(
        title=title, date=date, scope=scope, documents=documents, highlights=highlights, notes=note_views,
        color_labels=lib.settings.color_labels(),
        tags={t.name.lower(): t for t in lib.tags.list()}, texts=texts,
    )


def groups(data: ExportData) -> list[Group]:
    """The sections of a Markdown/HTML export in the scope's grouping (notes have their own section
    unless the grouping is by note)."""
    if data.scope.group_by == "tag":
        return _by_tag(data)
    if data.scope.group_by == "note":
        return _by_note(data)
    return _by_document(data)


def _by_document(data: ExportData) -> list[Group]:
    per_doc: dict[int, list[Highlight]] = {}
    for h in data.highlights:
        per_doc.setdefault(h.document_id, []).append(h)
    return [Group("document", d.title or d.key, tuple(per_doc[d.id]), document=d)
            for d in data.documents if d.id in per_doc]


def _by_tag(data: ExportData) -> list[Group]:
    per_tag: dict[str, list[Highlight]] = {}
    untagged: list[Highlight] = []
    for h in data.highlights:
        for t in dict.fromkeys(t.lower() for t in h.tags):
            per_tag.setdefault(t, []).append(h)
        if not h.tags:
            untagged.append(h)
    names = {t.lower(): t for t in data.tag_names}
    # Chosen tags get sections of their own; the other tags those highlights carry are shown on them.
    chosen = {t.lower() for t in data.scope.tags}
    found = [Group("tag", names.get(k, k), tuple(per_tag[k])) for k in sorted(per_tag) if not chosen or k in chosen]
    if untagged:
        found.append(Group("untagged", "Untagged", tuple(untagged)))
    return found


def _by_note(data: ExportData) -> list[Group]:
    found = [Group("note", n.note.title, tuple(p.highlight for p in n.passages), note=n) for n in data.notes]
    linked = {p.highlight.id for n in data.notes for p in n.passages}
    rest = tuple(h for h in data.highlights if h.id not in linked)
    if rest:
        found.append(Group("unlinked", "Highlights not linked to a note", rest))
    return found


def citation_parts(doc: Document) -> tuple[str, str, str]:
    """(authors, title, "publisher, date") for a citation line; empty strings where unknown."""
    where = ", ".join(p for p in (doc.publisher, doc.published) if p)
    return doc.authors, doc.title or doc.key, where


def citation(doc: Document) -> str:
    """Plain-text citation: ``Authors. Title. Publisher, date. URL``."""
    authors, title, where = citation_parts(doc)
    parts = [p.rstrip(".") + "." for p in (authors, title, where) if p]
    if doc.url:
        parts.append(doc.url)
    return " ".join(parts)
