"""Plain data the whole app passes around: documents, their structure, highlights, tags and notes.

Offsets are Unicode code points into a document's canonical text, half-open ``[start, end)``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# Block kinds. "clutter" is web furniture kept in the canonical text (so offsets never shift) but hidden
# by the reading view and left out of search and related passages.
BLOCK_KINDS = ("title", "heading", "paragraph", "list_item", "quote", "code", "footnote", "byline", "clutter")

HIGHLIGHT_COLORS = ("yellow", "green", "blue", "pink", "purple")
DEFAULT_COLOR_LABELS = {
    "yellow": "Yellow",
    "green": "Green",
    "blue": "Blue",
    "pink": "Pink",
    "purple": "Purple",
}
RELATIONS = ("supports", "contradicts", "adds detail", "same fact", "quotes")

ANCHORED = "anchored"
ORPHANED = "orphaned"


@dataclass(frozen=True)
class Block:
    """A run of canonical text with a structural role; blocks never overlap and are in text order."""

    start: int
    end: int
    kind: str = "paragraph"
    level: int = 0  # heading level (1-6), list nesting, 0 otherwise
    label: str = ""  # footnote label ("1") for kind == "footnote"

    def to_json(self) -> list:
        return [self.start, self.end, self.kind, self.level, self.label]

    @classmethod
    def from_json(cls, row: list) -> Block:
        return cls(*row)


@dataclass(frozen=True)
class Inline:
    """A span inside a block: a footnote marker pointing at its note, emphasis, a link."""

    start: int
    end: int
    kind: str  # "footnote_ref" | "emphasis" | "strong" | "link"
    target: str = ""  # footnote label or link URL

    def to_json(self) -> list:
        return [self.start, self.end, self.kind, self.target]

    @classmethod
    def from_json(cls, row: list) -> Inline:
        return cls(*row)


@dataclass(frozen=True)
class Creator:
    name: str
    role: str = "author"  # "author" | "interviewer" | "interviewee" | "editor"


@dataclass(frozen=True)
class DocumentMeta:
    """What an importer or the seed manifest says about a document; empty strings where unknown."""

    title: str = ""
    creators: tuple[Creator, ...] = ()
    publisher: str = ""
    published: str = ""  # as the source states it; never invented
    url: str = ""
    kind: str = ""  # "interview" | "analysis" | "commentary" | ""
    key: str = ""  # preferred short key; the store makes it unique


@dataclass
class ImportedDocument:
    """An importer's result: canonical text, its structure and metadata, ready to store."""

    text: str
    blocks: list[Block]
    meta: DocumentMeta
    format: str  # "txt" | "md" | "html" | "seed"
    inlines: list[Inline] = field(default_factory=list)
    source_path: str = ""
    warnings: list[str] = field(default_factory=list)  # e.g. "decoded as cp1252 (not valid UTF-8)"


@dataclass(frozen=True)
class Document:
    id: int
    key: str
    title: str
    creators: tuple[Creator, ...]
    publisher: str
    published: str
    url: str
    kind: str
    format: str
    content_hash: str
    source_path: str
    imported_at: str
    version: int
    highlight_count: int = 0

    @property
    def authors(self) -> str:
        """Creators for display and citations: "A; B (interviewer)"."""
        return format_creators(self.creators)


def format_creators(creators: tuple[Creator, ...] | list[Creator]) -> str:
    parts = []
    for c in creators:
        parts.append(c.name if c.role == "author" else f"{c.name} ({c.role})")
    return "; ".join(parts)


@dataclass(frozen=True)
class Selectors:
    """How a highlight finds its passage again: position, exact quote and context (Hypothesis-style)."""

    start: int
    end: int
    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Highlight:
    id: int
    uid: str
    document_id: int
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    color: str
    note: str
    status: str  # ANCHORED | ORPHANED
    created_at: str
    updated_at: str
    tags: tuple[str, ...] = ()

    @property
    def selectors(self) -> Selectors:
        return Selectors(self.start, self.end, self.exact, self.prefix, self.suffix)

    @property
    def is_orphaned(self) -> bool:
        return self.status == ORPHANED


@dataclass(frozen=True)
class Tag:
    id: int
    name: str
    color: str
    parent_id: int | None = None
    count: int = 0  # highlights carrying it


@dataclass(frozen=True)
class NoteLink:
    note_id: int
    highlight_id: int
    relation: str
    position: int


@dataclass(frozen=True)
class Note:
    id: int
    uid: str
    title: str
    body: str
    created_at: str
    updated_at: str
    links: tuple[NoteLink, ...] = ()


@dataclass(frozen=True)
class SearchHit:
    kind: str  # "document" | "highlight" | "note"
    document_id: int | None
    document_key: str
    start: int  # offset of the hit in the document (code points); 0 for notes
    end: int
    snippet: str  # plain text, hit terms wrapped in « »
    score: float
    highlight_id: int | None = None
    note_id: int | None = None
    title: str = ""
