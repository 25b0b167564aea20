"""Footnote links of a document: each marker "[n]" in the text and the label of note n, so a click on
one jumps to the other."""
from __future__ import annotations

from bisect import bisect_right

from ...core.model import Block, Inline

Link = tuple[int, int, str, str]  # (start, end, "ref" | "note", label), code points


def footnote_label_span(text: str, block: Block) -> tuple[int, int] | None:
    """Where a footnote block's own label ("[3]" or "3.") sits."""
    if block.kind != "footnote" or not block.label:
        return None
    body = text[block.start:block.end]
    for form in (f"[{block.label}]", f"{block.label}.", block.label):
        if body.startswith(form):
            return block.start, block.start + len(form)
    return None


class FootnoteLinks:
    def __init__(self, text: str = "", blocks: list[Block] = (), inlines: list[Inline] = ()):
        links: list[Link] = [(i.start, i.end, "ref", i.target) for i in inlines if i.kind == "footnote_ref"]
        links += [(*span, "note", b.label) for b in blocks if (span := footnote_label_span(text, b))]
        self._links = sorted(links)
        self._notes = {b.label: b for b in blocks if b.kind == "footnote" and b.label}

    def at(self, offset: int) -> Link | None:
        """The marker or label covering ``offset``."""
        i = bisect_right(self._links, (offset, float("inf"))) - 1
        if i >= 0 and self._links[i][0] <= offset < self._links[i][1]:
            return self._links[i]
        return None

    def target(self, link: Link) -> tuple[int, int] | None:
        """Where following ``link`` leads: a marker to its whole note, a note's label back to the first
        marker that cites it."""
        _, _, kind, label = link
        if kind == "ref":
            note = self._notes.get(label)
            return (note.start, note.end) if note else None
        return next(((s, e) for s, e, k, lab in self._links if k == "ref" and lab == label), None)
