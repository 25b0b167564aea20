"""The evidence matrix: tags × documents, each cell the highlights carrying that tag in that document.

It answers "which sources say something about sanctions, and how much": a row per tag, a column per
document, cells counted and holding their quotes (in text order) for citations. Empty cells are kept:
a source that says nothing on a theme is evidence too.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import NotFound
from ..model import Document, Highlight, Tag

if TYPE_CHECKING:
    from ..store import Library


@dataclass(frozen=True)
class EvidenceMatrix:
    tags: tuple[Tag, ...]  # rows, by name
    documents: tuple[Document, ...]  # columns, in library order
    cells: dict[tuple[int, int], tuple[Highlight, ...]] = field(default_factory=dict)  # (tag id, doc id)

    def quotes(self, tag_id: int, document_id: int) -> tuple[Highlight, ...]:
        return self.cells.get((tag_id, document_id), ())

    def count(self, tag_id: int, document_id: int) -> int:
        return len(self.quotes(tag_id, document_id))

    def row(self, tag_id: int) -> tuple[Highlight, ...]:
        """Every highlight with the tag, document by document (the column order), each in text order."""
        return tuple(h for d in self.documents for h in self.quotes(tag_id, d.id))

    def row_total(self, tag_id: int) -> int:
        return sum(self.count(tag_id, d.id) for d in self.documents)

    def column_total(self, document_id: int) -> int:
        return sum(self.count(t.id, document_id) for t in self.tags)

    @property
    def max_count(self) -> int:
        return max((len(v) for v in self.cells.values()), default=0)

    def document(self, document_id: int) -> Document:
        for d in self.documents:
            if d.id == document_id:
                return d
        raise KeyError(document_id)

    def is_empty(self) -> bool:
        return not self.cells


def build_matrix(lib: Library, *, tags: list[str] | None = None, document_ids: list[int] | None = None,
                 used_documents_only: bool = False) -> EvidenceMatrix:
    """The matrix over the given tag names (default: every tag in use) and documents (default: all).

    ``used_documents_only`` drops documents without any tagged highlight — for a large library, where
    hundreds of empty columns would hide the few that matter."""
    all_tags = [t for t in lib.tags.list() if t.count > 0 or tags is not None]
    if tags is not None:
        wanted = {name.strip().lower() for name in tags}
        all_tags = [t for t in all_tags if t.name.lower() in wanted]
        missing = wanted - {t.name.lower() for t in all_tags}
        if missing:
            raise NotFound(f"no tag named {min(missing)!r} (see 'reader-app highlights')")
    documents = lib.documents.list()
    if document_ids is not None:
        keep = set(document_ids)
        documents = [d for d in documents if d.id in keep]
    by_name = {t.name.lower(): t.id for t in all_tags}
    column = {d.id for d in documents}
    cells: dict[tuple[int, int], list[Highlight]] = {}
    # One ordered query for all highlights; tags come with them, so no per-cell round trips.
    for h in lib.highlights.list(document_ids=sorted(column) if document_ids is not None else None):
        if h.document_id not in column:
            continue
        for name in h.tags:
            tag_id = by_name.get(name.lower())
            if tag_id is not None:
                cells.setdefault((tag_id, h.document_id), []).append(h)
    if used_documents_only:
        used = {doc_id for _, doc_id in cells}
        documents = [d for d in documents if d.id in used]
    return EvidenceMatrix(tuple(all_tags), tuple(documents), {k: tuple(v) for k, v in cells.items()})
