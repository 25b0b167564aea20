"""Importing files and folders into a library, one transaction per document, with a report."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .changes import NOTHING, Changes
from .errors import ImportFailed, ReaderError
from .model import Document
from .store import Library

ADDED, DUPLICATE, UPDATED, FAILED = "added", "duplicate", "updated", "failed"


@dataclass
class FileOutcome:
    path: str
    status: str
    document: Document | None = None
    reason: str = ""
    warnings: list[str] = field(default_factory=list)
    anchors: str = ""  # re-anchoring summary for an updated document

    def line(self) -> str:
        if self.status == FAILED:
            return f"failed     {self.path}: {self.reason}"
        doc = self.document
        text = f"{self.status:<10} {self.path} → {doc.key} ({doc.title or 'untitled'})"
        if self.anchors:
            text += f"; highlights: {self.anchors}"
        for warning in self.warnings:
            text += f"\n           note: {warning}"
        return text


@dataclass
class ImportReport:
    outcomes: list[FileOutcome] = field(default_factory=list)
    changes: Changes = NOTHING
    cancelled: bool = False

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    def summary(self) -> str:
        text = (f"{self.count(ADDED)} added, {self.count(UPDATED)} updated, {self.count(DUPLICATE)} already in "
                f"the library, {self.count(FAILED)} failed")
        return text + (" (cancelled)" if self.cancelled else "")

    @property
    def failures(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == FAILED]


def import_one(lib: Library, path: Path) -> FileOutcome:
    """Import one file: a new document, a known one (same content), or a changed version of a file
    imported before (same path), whose highlights are re-anchored."""
    from .importers import import_file

    shown = str(path)
    try:
        doc = import_file(path)
        if not doc.source_path:
            doc.source_path = str(path.resolve())
        existing = lib.documents.by_source_path(doc.source_path)
        from .store.documents import content_hash

        if existing is not None and existing.content_hash != content_hash(doc.text) and \
                lib.documents.by_hash(content_hash(doc.text)) is None:
            result = lib.documents.reimport(existing.id, doc)
            return FileOutcome(shown, UPDATED, result.document, warnings=doc.warnings,
                               anchors=result.report.summary())
        added = lib.documents.add(doc)
        return FileOutcome(shown, DUPLICATE if added.duplicate else ADDED, added.document, warnings=doc.warnings)
    except ImportFailed as exc:
        return FileOutcome(shown, FAILED, reason=exc.reason)
    except ReaderError as exc:
        return FileOutcome(shown, FAILED, reason=str(exc))


def import_paths(lib: Library, paths: list[Path | str], *,
                 progress: Callable[[int, int, str], None] | None = None,
                 should_cancel: Callable[[], bool] | None = None) -> ImportReport:
    """Import files and folders (recursively); failures are collected, never raised one by one."""
    from .importers import iter_import_paths

    report = ImportReport()
    files: list[Path] = []
    for given in paths:
        given = Path(given)
        if not given.exists():
            report.outcomes.append(FileOutcome(str(given), FAILED, reason="no such file or folder"))
            continue
        files += iter_import_paths([given])
    for index, path in enumerate(files):
        if should_cancel is not None and should_cancel():
            report.cancelled = True
            break
        if progress is not None:
            progress(index, len(files), str(path))
        outcome = import_one(lib, path)
        report.outcomes.append(outcome)
        if outcome.document is not None and outcome.status in (ADDED, UPDATED):
            report.changes = report.changes | Changes.of(documents=[outcome.document.id])
    if progress is not None:
        progress(len(files), len(files), "")
    return report
