"""Turn an importer's structural pieces into canonical text, blocks and inline spans.

Every importer ends here so the canonical-text rule lives in one place: each block's text is stripped,
empty blocks vanish, and blocks are joined by exactly one ``"\\n"``. Offsets are ``str`` indices.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from reader_app.core.model import Block, Inline


class Piece(NamedTuple):
    """One would-be block. Plain ``(kind, text, level)`` tuples are accepted too.

    ``inlines`` are relative to ``text`` before stripping; the assembler moves them with the text.
    """

    kind: str
    text: str
    level: int = 0
    label: str = ""
    inlines: Sequence[Inline] = ()


# Code keeps its first line's indentation (it is meaningful), so only whole blank lines are trimmed.
_LEADING_BLANK_LINES = re.compile(r"(?:[^\S\n]*\n)*")


def _trim(kind: str, text: str) -> tuple[int, int]:
    """The [start, end) of ``text`` that the block keeps."""
    if kind == "code":
        start = _LEADING_BLANK_LINES.match(text).end()
        end = len(text.rstrip())
        return start, max(start, end)
    stripped_left = text.lstrip()
    start = len(text) - len(stripped_left)
    return start, start + len(stripped_left.rstrip())


def build_text(pieces: Sequence[Piece | tuple]) -> tuple[str, list[Block], list[Inline]]:
    """Canonical text plus blocks and inlines indexing into it; whitespace-only pieces are dropped."""
    parts: list[str] = []
    blocks: list[Block] = []
    inlines: list[Inline] = []
    pos = 0
    for raw in pieces:
        piece = raw if isinstance(raw, Piece) else Piece(*raw)
        start, end = _trim(piece.kind, piece.text)
        if start >= end:
            continue
        if parts:
            parts.append("\n")
            pos += 1
        body = piece.text[start:end]
        parts.append(body)
        blocks.append(Block(pos, pos + len(body), piece.kind, piece.level, piece.label))
        for span in piece.inlines:
            # Spans touching only the trimmed whitespace disappear; the rest are clipped to the block.
            s = min(max(span.start, start), end)
            e = min(max(span.end, start), end)
            if s < e:
                inlines.append(Inline(pos + s - start, pos + e - start, span.kind, span.target))
        pos += len(body)
    inlines.sort(key=lambda i: (i.start, -i.end))
    return "".join(parts), blocks, inlines
