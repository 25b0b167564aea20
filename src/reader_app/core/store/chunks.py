"""Splitting canonical text into paragraph-sized chunks for the full-text index."""
from __future__ import annotations

from ..model import Block

MAX_CHUNK = 4000  # characters; long paragraphs are cut at whitespace so snippets stay local
SKIPPED_KINDS = frozenset({"clutter"})


def chunk_spans(text: str, blocks: list[Block]) -> list[tuple[int, int]]:
    """(start, end) spans covering the readable blocks; a document without blocks is one block."""
    if not blocks:
        blocks = [Block(0, len(text))]
    spans: list[tuple[int, int]] = []
    for block in blocks:
        if block.kind in SKIPPED_KINDS or block.end <= block.start:
            continue
        start = block.start
        while block.end - start > MAX_CHUNK:
            cut = text.rfind(" ", start + MAX_CHUNK // 2, start + MAX_CHUNK)
            if cut <= start:
                cut = start + MAX_CHUNK
            spans.append((start, cut))
            start = cut
        if start < block.end and text[start:block.end].strip():
            spans.append((start, block.end))
    return spans
