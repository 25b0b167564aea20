"""What a change means for one open document: reload it, or repaint just the spans whose highlights
appeared, moved, changed colour or went — without reading the document's other highlights again."""
from __future__ import annotations

from dataclasses import dataclass, field

from ...core.changes import Changes
from ...core.errors import NotFound
from ...core.model import Document
from ...core.store import Library
from .highlight_layer import HighlightIndex


@dataclass
class Refresh:
    reload: bool = False
    spans: list[tuple[int, int]] = field(default_factory=list)  # to repaint, code points
    touched: bool = False  # some highlight of this document changed (tags, note…): marks may need redoing
    document: Document | None = None  # re-read because the change named it (metadata may be new)


def plan_refresh(lib: Library, document: Document, index: HighlightIndex, changes: Changes,
                 everything: bool) -> Refresh:
    """Apply ``changes`` to ``index`` and say what the view must redo."""
    if everything:
        return Refresh(reload=True)
    ids = set(changes.highlights)
    now = None
    if document.id in changes.documents:
        try:
            now = lib.documents.get(document.id)
        except NotFound:
            return Refresh(reload=True)
        if (now.content_hash, now.version) != (document.content_hash, document.version):
            return Refresh(reload=True)
    elif not any(hid in index for hid in ids):
        return Refresh()
    result = Refresh(document=now)
    found = {h.id: h for h in lib.highlights.get_many(sorted(ids))} if ids else {}
    for hid in ids:
        new, old = found.get(hid), index.get(hid)
        if new is not None and new.document_id != document.id:
            new = None
        if new is None and old is None:
            continue
        result.touched = True
        if old is not None:
            index.remove(hid)
        if new is not None:
            index.add(new)
        paint_old = old is not None and (new is None or (old.start, old.end, old.color, old.status)
                                         != (new.start, new.end, new.color, new.status))
        if paint_old:
            result.spans.append((old.start, old.end))
        if new is not None and not new.is_orphaned and (old is None or paint_old):
            result.spans.append((new.start, new.end))
    return result
