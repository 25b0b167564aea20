"""Plain-text files: paragraphs are runs of lines between blank lines, kept exactly as written.

Line breaks inside a paragraph stay (poetry, addresses and hard-wrapped prose all survive); only CRLF is
normalised. A first line that reads like a title becomes the title block and the document's title.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from reader_app.core.errors import ImportFailed
from reader_app.core.importers._blocks import Piece, build_text
from reader_app.core.importers.decoding import decode_text, read_source
from reader_app.core.model import DocumentMeta, ImportedDocument

_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")  # a blank line (maybe holding spaces) and any more
TITLE_MAX_CHARS = 120


def looks_like_title(paragraph: str) -> bool:
    """One short line with some letters that does not end like a sentence or a lead-in."""
    if "\n" in paragraph or not paragraph or len(paragraph) > TITLE_MAX_CHARS:
        return False
    if paragraph.endswith((".", ",", ";", ":")) and not paragraph.endswith("..."):
        return False
    return any(ch.isalnum() for ch in paragraph)


def text_pieces(text: str) -> list[Piece]:
    """Paragraph pieces of plain text; also the Markdown importer's fallback for unparseable input."""
    return [Piece("paragraph", p) for p in _PARAGRAPH_BREAK.split(text) if p.strip()]


def from_text(
    text: str, path: str | os.PathLike, warnings: list[str] | None = None, fmt: str = "txt"
) -> ImportedDocument:
    """An ImportedDocument for already-decoded plain text."""
    path = Path(path)
    pieces = text_pieces(text)
    if not pieces:
        raise ImportFailed(path, "no readable text")
    title = path.stem
    first = pieces[0].text.strip()
    # A lone line is the whole document, not its title.
    if len(pieces) > 1 and looks_like_title(first):
        pieces[0] = Piece("title", first)
        title = first
    canonical, blocks, inlines = build_text(pieces)
    return ImportedDocument(
        text=canonical,
        blocks=blocks,
        meta=DocumentMeta(title=title),
        format=fmt,
        inlines=inlines,
        source_path=str(path),
        warnings=list(warnings or []),
    )


def import_text(path: str | os.PathLike) -> ImportedDocument:
    """Import a ``.txt`` file; ImportFailed names the file and the reason when it cannot be."""
    text, warnings = decode_text(read_source(path), path)
    return from_text(text, path, warnings)
