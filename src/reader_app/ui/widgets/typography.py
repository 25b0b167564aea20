"""Typesetting a document for reading: one QTextDocument per open document, built off-widget.

The canonical text goes in unchanged, so character positions are canonical offsets (in UTF-16 units);
everything else is formatting: block kinds become sizes, weights and colours, clutter blocks are hidden
(``QTextBlock.setVisible``), and space between paragraphs is a block format margin that
``SpacedPlainTextLayout`` honours (QPlainTextDocumentLayout itself ignores margins).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QPlainTextDocumentLayout

from ...core.model import Block, Inline
from ..theme import colors
from .footnotes import footnote_label_span
from .text_mapping import OffsetMap

SERIF_FAMILIES = ["Source Serif 4", "Source Serif Pro", "Noto Serif", "Charter", "Georgia", "DejaVu Serif"]
BASE_POINT_SIZE = 12.5
MIN_POINT_SIZE, MAX_POINT_SIZE = 7.0, 32.0
MEASURE_CHARS = 72  # a comfortable line length


class SpacedPlainTextLayout(QPlainTextDocumentLayout):
    """QPlainTextDocumentLayout that leaves a block's bottom margin empty below it: the view paints and
    hit-tests blocks by these rectangles, and only visible blocks are ever asked for."""

    def blockBoundingRect(self, block):
        rect = super().blockBoundingRect(block)
        if rect.height() > 0:
            rect.setHeight(rect.height() + block.blockFormat().bottomMargin())
        return rect


@dataclass(frozen=True)
class ReadingStyle:
    point_size: float = BASE_POINT_SIZE
    dark: bool = False
    # How much of the extra size titles and headings get (1: all; less in a narrow column, where a title at
    # full size wraps to five lines). See ``heading_scale_for``.
    heading_scale: float = 1.0

    def body_font(self) -> QFont:
        font = QFont()
        font.setFamilies(SERIF_FAMILIES)
        font.setPointSizeF(self.point_size)
        font.setStyleHint(QFont.StyleHint.Serif)
        return font

    def em(self) -> float:
        return QFontMetricsF(self.body_font()).height()


# Per block kind: (size factor, bold, muted, italic, space below in ems).
_KIND_STYLE = {
    "title": (1.55, True, False, False, 0.55),
    "heading": (1.2, True, False, False, 0.45),
    "byline": (0.9, False, True, False, 0.2),
    "footnote": (0.84, False, True, False, 0.3),
    "quote": (1.0, False, False, True, 0.75),
    "code": (0.9, False, False, False, 0.75),
    "paragraph": (1.0, False, False, False, 0.75),
    "list_item": (1.0, False, False, False, 0.35),
}
_SPACE_BEFORE = {"heading": 0.9, "title": 0.4}  # added below the previous block
_SPACE_BEFORE_NOTES = 1.6  # the first footnote after the body text


def heading_scale_for(column_chars: float) -> float:
    """Heading emphasis for a text column ``column_chars`` average characters wide: full from about 60,
    a quarter at 27 and below, in quarter steps so dragging a splitter re-typesets only at a few widths."""
    raw = (column_chars - 24) / (60 - 24)
    return max(0.25, min(1.0, round(raw * 4) / 4))


def build_document(text: str, blocks: list[Block], inlines: list[Inline], mapping: OffsetMap,
                   style: ReadingStyle, decorate: Callable[[QTextCursor], None] | None = None,
                   parent=None) -> QTextDocument:
    """A laid-out-on-demand document for ``text`` in ``style``; ``decorate`` runs inside the same edit
    block (the reader pane merges highlight formats there)."""
    doc = QTextDocument(parent)
    doc.setUndoRedoEnabled(False)
    doc.setDocumentLayout(SpacedPlainTextLayout(doc))
    doc.setDefaultFont(style.body_font())
    doc.setDocumentMargin(style.em() * 0.6)
    em = style.em()
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()
    # Every block inherits the format of the block it splits from: set the paragraph format once and
    # insert, instead of formatting tens of thousands of plain paragraphs one by one.
    para = QTextBlockFormat()
    para.setBottomMargin(round(em * _KIND_STYLE["paragraph"][4]))
    cursor.setBlockFormat(para)
    # Qt turns "\r\n" into one paragraph break, which would shift every later position by one; a lone
    # "\r" shown as a space keeps the view 1:1 with the canonical text.
    cursor.insertText(text.replace("\r", " ") if "\r" in text else text)
    palette = colors(style.dark)
    _style_blocks(doc, cursor, text, blocks, mapping, style, em, QColor(palette.muted))
    _style_inlines(cursor, text, blocks, inlines, mapping, QColor(palette.accent))
    if decorate is not None:
        decorate(cursor)
    cursor.endEditBlock()
    return doc


def _qt_blocks(doc: QTextDocument, start: int, end: int):
    """The QTextBlocks covering UTF-16 range [start, end]."""
    block = doc.findBlock(start)
    while block.isValid() and block.position() <= end:
        yield block
        if block.position() + block.length() - 1 >= end:
            break
        block = block.next()


def _char_format(style: ReadingStyle, factor: float, bold: bool, muted: bool, italic: bool,
                 muted_color: QColor, mono: bool) -> QTextCharFormat:
    fmt = QTextCharFormat()
    if factor != 1.0:
        fmt.setFontPointSize(style.point_size * factor)
    if bold:
        fmt.setFontWeight(QFont.Weight.DemiBold)
    if italic:
        fmt.setFontItalic(True)
    if muted:
        fmt.setForeground(muted_color)
    if mono:
        fmt.setFontFamilies([QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()])
    return fmt


def _style_blocks(doc, cursor, text, blocks, mapping, style, em, muted_color) -> None:
    """Format the blocks that are not plain paragraphs (those already carry the default format); on a
    long book that is a few hundred headings among tens of thousands of paragraphs."""
    tight = set()  # QTextBlock numbers of titles and headings: no extra space is added below them
    seen_footnote = False
    for i, b in enumerate(blocks):
        if b.kind == "paragraph":
            continue
        u_start, u_end = mapping.to_utf16(b.start), mapping.to_utf16(b.end)
        if b.kind == "clutter":
            for qb in _qt_blocks(doc, u_start, u_end):
                if qb.position() >= u_start and qb.position() + qb.length() - 1 <= u_end:
                    qb.setVisible(False)
                    qb.setLineCount(0)
            continue
        factor, bold, muted, italic, below = _KIND_STYLE.get(b.kind, _KIND_STYLE["paragraph"])
        if b.kind == "heading" and b.level >= 3:
            factor = 1.1
        if factor > 1.0:
            factor = 1.0 + (factor - 1.0) * style.heading_scale
        if b.kind == "byline" and i + 1 < len(blocks) and blocks[i + 1].kind not in ("byline", "clutter"):
            below = 0.9  # the byline run ends with paragraph space before the text
        before = _SPACE_BEFORE.get(b.kind, 0.0)
        if b.kind == "footnote" and not seen_footnote:
            before, seen_footnote = _SPACE_BEFORE_NOTES, True
        first = doc.findBlock(u_start)
        if before:
            _space_above(cursor, first, round(em * before), tight)
        cursor.setPosition(u_start)
        cursor.setPosition(u_end, QTextCursor.MoveMode.KeepAnchor)
        bf = QTextBlockFormat()
        bf.setBottomMargin(round(em * below))
        cursor.setBlockFormat(bf)
        fmt = _char_format(style, factor, bold, muted, italic, muted_color, b.kind == "code")
        if not fmt.isEmpty():
            cursor.mergeCharFormat(fmt)
        if b.kind in ("title", "heading"):
            tight.update(qb.blockNumber() for qb in _qt_blocks(doc, u_start, u_end))


def _space_above(cursor, block, space: int, tight: set[int]) -> None:
    """Space before a block is the bottom margin of the visible block above it (the layout can only
    leave room below a block), unless that one is a heading, which stays close to what it introduces."""
    prev = block.previous()
    while prev.isValid() and not prev.isVisible():
        prev = prev.previous()
    if not prev.isValid() or prev.blockNumber() in tight:
        return
    bf = prev.blockFormat()
    if bf.bottomMargin() < space:
        bf.setBottomMargin(space)
        cursor.setPosition(prev.position())
        cursor.setBlockFormat(bf)


def _style_inlines(cursor, text, blocks, inlines, mapping, link_color: QColor) -> None:
    label = QTextCharFormat()
    label.setForeground(link_color)
    label.setFontWeight(QFont.Weight.DemiBold)
    marker = QTextCharFormat(label)
    # A raised marker reads as a reference and keeps "[12]" from pushing words apart mid-sentence.
    marker.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignSuperScript)
    spans = [(i.start, i.end, marker) for i in inlines if i.kind == "footnote_ref"]
    spans += [(*s, label) for s in (footnote_label_span(text, b) for b in blocks) if s is not None]
    for start, end, fmt in spans:
        cursor.setPosition(mapping.to_utf16(start))
        cursor.setPosition(mapping.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(fmt)
    emphasis = {"emphasis": QTextCharFormat(), "strong": QTextCharFormat()}
    emphasis["emphasis"].setFontItalic(True)
    emphasis["strong"].setFontWeight(QFont.Weight.Bold)
    for i in inlines:
        if i.kind in emphasis:
            cursor.setPosition(mapping.to_utf16(i.start))
            cursor.setPosition(mapping.to_utf16(i.end), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(emphasis[i.kind])
