"""Importing files and folders from the window: a cancellable progress dialog, then a report of what failed.

The import runs on the GUI thread, one transaction per document, and lets the event loop breathe between
files; writes stay on the thread that owns the connection, and a cancel takes effect before the next file
(what was imported so far stays, each document complete).
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QProgressDialog,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.importing import ADDED, FAILED, ImportReport, import_paths
from ...core.model import Document
from ..session import Session

IMPORT_SUFFIXES = ("*.txt", "*.md", "*.markdown", "*.html", "*.htm")
FILE_FILTER = f"Texts ({' '.join(IMPORT_SUFFIXES)});;All files (*)"


class ImportRunner:
    """Runs one import at a time with progress; a drop during an import is refused, not queued."""

    def __init__(self, session: Session, parent: QWidget):
        self._session = session
        self._parent = parent
        self.busy = False
        self.progress: QProgressDialog | None = None
        self.report_dialog: ImportReportDialog | None = None

    def choose_files(self) -> list[str]:
        paths, _ = QFileDialog.getOpenFileNames(self._parent, "Import Files", "", FILE_FILTER)
        return paths

    def choose_folder(self) -> list[str]:
        folder = QFileDialog.getExistingDirectory(self._parent, "Import Folder")
        return [folder] if folder else []

    def run_and_report(self, paths: list[Path | str], status: Callable[[str], None]) -> list[Document]:
        """Import, then show the report dialog (failures, notes, a cancel) or a status line (plain success).
        Returns the documents added."""
        report = self.run(paths)
        if report is None:
            return []
        if needs_report(report):
            self.report_dialog = ImportReportDialog(report, self._parent)
            self.report_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.report_dialog.destroyed.connect(self._report_closed)
            self.report_dialog.show()
        else:
            status(f"Import: {report.summary()}.")
        return [o.document for o in report.outcomes if o.status == ADDED and o.document is not None]

    def _report_closed(self) -> None:
        self.report_dialog = None

    def run(self, paths: list[Path | str]) -> ImportReport | None:
        if self.busy or not paths:
            return None
        self.busy = True
        dialog = QProgressDialog("Looking for files…", "Cancel", 0, 0, self._parent)
        dialog.setWindowTitle("Importing")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)  # small imports finish before a dialog would even appear
        dialog.setAutoReset(False)
        dialog.setAutoClose(False)
        dialog.setValue(0)
        self.progress = dialog

        def progress(index: int, total: int, path: str) -> None:
            dialog.setMaximum(max(total, 1))
            dialog.setValue(min(index, max(total, 1)))
            if path:
                dialog.setLabelText(f"Importing {Path(path).name}\n{index + 1} of {total}")
            QApplication.processEvents()

        try:
            report = import_paths(self._session.lib, [Path(p) for p in paths], progress=progress,
                                  should_cancel=dialog.wasCanceled)
        finally:
            dialog.close()
            dialog.deleteLater()
            self.progress = None
            self.busy = False
        self._session.announce(report.changes)
        return report


class ImportReportDialog(QDialog):
    """The outcome of a batch: counts, then each failure (or warning) with its file and reason."""

    def __init__(self, report: ImportReport, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Import Report")
        self.resize(620, 360)
        self.report = report
        self.summary = QLabel(report.summary()[0].upper() + report.summary()[1:] + ".", self)
        self.summary.setWordWrap(True)
        self.problems = QTreeWidget(self)
        self.problems.setHeaderLabels(["File", "Why"])
        self.problems.setRootIsDecorated(False)
        self.problems.setWordWrap(True)
        self.problems.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.problems.header().setStretchLastSection(True)
        for outcome in report.outcomes:
            if outcome.status == FAILED:
                self._add_row(outcome.path, outcome.reason, "failed")
            for warning in outcome.warnings:
                self._add_row(outcome.path, warning, "note")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 1)
        layout.addWidget(buttons)
        self.problems.setVisible(self.problems.topLevelItemCount() > 0)
        # Room between the file name and the reason; and the focus on Close, not a cell of a list to read.
        self.problems.setStyleSheet("QTreeView::item { padding: 3px 14px 3px 2px; }")
        buttons.button(QDialogButtonBox.StandardButton.Close).setFocus()

    def _add_row(self, path: str, reason: str, kind: str) -> None:
        item = QTreeWidgetItem([Path(path).name, f"{reason}" if kind == "failed" else f"note: {reason}"])
        item.setToolTip(0, path)
        item.setToolTip(1, reason)
        self.problems.addTopLevelItem(item)

    def rows(self) -> list[tuple[str, str]]:
        """(file, reason) as shown, for tests and accessibility tools."""
        return [(self.problems.topLevelItem(i).text(0), self.problems.topLevelItem(i).text(1))
                for i in range(self.problems.topLevelItemCount())]


def needs_report(report: ImportReport) -> bool:
    """A plain success is said in the status bar; failures, notes and cancellations get the dialog."""
    return bool(report.failures) or report.cancelled or any(o.warnings for o in report.outcomes)
