"""File → Export…: choose format, scope and grouping with a live preview; choices are remembered.

The preview renders the real exporter's output (HTML for HTML and PDF, the text itself for Markdown,
CSV and JSON, the project file for REFI-QDA) a moment after the last change. Long exports are previewed
on their first ``PREVIEW_LIMIT`` highlights so typing in the title never waits for thousands of quotes;
the file always holds everything. What a format cannot hold is listed under the preview.
"""
from __future__ import annotations

import datetime as dt
import json
import zipfile
from io import BytesIO
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QFontDatabase, QTextOption
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import InvalidValue, ReaderError
from ...core.exporters.formats import FORMATS, ExportResult, collect_for, render
from ...core.exporters.scope import DEFAULT_TITLE, GROUPINGS, ExportData, ExportScope
from ..session import Session
from ..state import open_settings

PREVIEW_LIMIT = 200
OPTIONS_MAX_WIDTH = 340
SCOPES = ("everything", "documents", "tags", "note")
_KEY = "export/"


class ExportDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None, settings: QSettings | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export Annotations")
        self.resize(1040, 680)
        self.session = session
        self.lib = session.lib
        self.settings = settings if settings is not None else open_settings()
        self.last_result: ExportResult | None = None
        self.preview_timer = QTimer(self, singleShot=True, interval=150)
        self.preview_timer.timeout.connect(self.update_preview)
        self._build()
        self._restore()
        self._connect()
        self.preview_timer.stop()  # restoring queued a preview; render it now, once
        self.update_preview()

    def done(self, result: int) -> None:
        self.preview_timer.stop()
        super().done(result)

    # -- construction --------------------------------------------------------------------------------
    def _build(self) -> None:
        self.format_box = QComboBox(self)
        for fmt in FORMATS.values():
            self.format_box.addItem(fmt.label, fmt.name)
        self.scope_buttons = QButtonGroup(self)
        # Two by two rather than in a row: the options column stays narrow and the preview gets the width.
        scope_row = QGridLayout()
        for i, (name, label) in enumerate(zip(SCOPES, ("Everything", "Documents", "Tags", "One note"), strict=True)):
            button = QRadioButton(label, self)
            button.setObjectName(f"scope_{name}")
            self.scope_buttons.addButton(button, i)
            scope_row.addWidget(button, i // 2, i % 2)
        scope_row.setColumnStretch(2, 1)

        self.doc_list = self._check_list([(d.key, f"{d.title or d.key}  ({d.highlight_count})")
                                          for d in self.lib.documents.list()], "No documents in the library yet.")
        self.tag_list = self._check_list([(t.name, f"{t.name}  ({t.count})") for t in self.lib.tags.list()],
                                         "No tags yet: tag a highlight to export by tag.")
        self.note_box = QComboBox(self)
        for note in self.lib.notes.list():
            self.note_box.addItem(f"{note.title}  ({len(note.links)} passages)", note.id)
        if self.note_box.count() == 0:
            self.note_box.addItem("No cross-document notes yet", None)
        self.scope_stack = QStackedWidget(self)
        for widget in (QWidget(self), self.doc_list, self.tag_list, self.note_box):
            self.scope_stack.addWidget(widget)
        self.scope_stack.setFixedHeight(190)

        self.group_box = QComboBox(self)
        for name in GROUPINGS:
            self.group_box.addItem(f"by {name}", name)
        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText(DEFAULT_TITLE)
        self.date_check = QCheckBox(f"Print today's date ({dt.date.today().isoformat()})", self)
        self.page_box = QComboBox(self)
        self.page_box.addItems(["A4", "Letter"])

        form = QFormLayout()
        form.addRow("Format", self.format_box)
        form.addRow("Export", scope_row)
        form.addRow("", self.scope_stack)
        form.addRow("Group", self.group_box)
        form.addRow("Title", self.title_edit)
        form.addRow("", self.date_check)
        form.addRow("PDF page", self.page_box)
        left = QWidget(self)
        left.setMaximumWidth(OPTIONS_MAX_WIDTH)
        left_layout = QVBoxLayout(left)
        left_layout.addLayout(form)
        left_layout.addStretch(1)

        self.html_preview = QTextBrowser(self)
        self.html_preview.setOpenLinks(False)
        self.text_preview = QPlainTextEdit(self)
        self.text_preview.setReadOnly(True)
        self.text_preview.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        # Wrapped, so a long source line or quote is read without scrolling sideways; a URL with no space
        # still breaks at the edge instead of running off it.
        self.text_preview.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text_preview.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.preview_stack = QStackedWidget(self)
        self.preview_stack.addWidget(self.html_preview)
        self.preview_stack.addWidget(self.text_preview)
        self.preview_note = QLabel(self)
        self.preview_note.setWordWrap(True)
        self.warnings_label = QLabel(self)
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setObjectName("exportWarnings")
        self.warnings_label.setStyleSheet("QLabel#exportWarnings { color: #8a4b00; }")
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel("<b>Preview</b>", self))
        right_layout.addWidget(self.preview_stack, 1)
        right_layout.addWidget(self.preview_note)
        right_layout.addWidget(self.warnings_label)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([OPTIONS_MAX_WIDTH, 1040 - OPTIONS_MAX_WIDTH])
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)  # a wider dialog widens the preview, not the options
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.export_button = self.buttons.addButton("Export…", QDialogButtonBox.ButtonRole.AcceptRole)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)

    def _check_list(self, rows: list[tuple[str, str]], empty: str) -> QListWidget:
        widget = QListWidget(self)
        # Long titles are shortened in the middle so the highlight count at the end stays readable.
        widget.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for key, label in rows:
            item = QListWidgetItem(label, widget)
            item.setToolTip(label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        if not rows:
            item = QListWidgetItem(empty, widget)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
        return widget

    def _connect(self) -> None:
        later = self.preview_timer.start
        self.format_box.currentIndexChanged.connect(self._format_changed)
        self.scope_buttons.idToggled.connect(lambda i, on: on and self._scope_changed(i))
        self.doc_list.itemChanged.connect(later)
        self.tag_list.itemChanged.connect(later)
        self.note_box.currentIndexChanged.connect(later)
        self.group_box.currentIndexChanged.connect(later)
        self.title_edit.textChanged.connect(later)
        self.date_check.toggled.connect(later)
        self.buttons.accepted.connect(self.choose_file_and_export)
        self.buttons.rejected.connect(self.reject)

    # -- remembered choices --------------------------------------------------------------------------
    def _restore(self) -> None:
        s = self.settings
        index = self.format_box.findData(s.value(_KEY + "format", "markdown"))
        self.format_box.setCurrentIndex(max(index, 0))
        scope = str(s.value(_KEY + "scope", "everything"))
        self.scope_buttons.button(SCOPES.index(scope) if scope in SCOPES else 0).setChecked(True)
        self._scope_changed(self.scope_buttons.checkedId())
        self._set_checked(self.doc_list, _json_list(s.value(_KEY + "documents", "[]")))
        self._set_checked(self.tag_list, _json_list(s.value(_KEY + "tags", "[]")))
        self.group_box.setCurrentIndex(max(self.group_box.findData(s.value(_KEY + "group_by", "document")), 0))
        self.title_edit.setText(str(s.value(_KEY + "title", "")))
        self.date_check.setChecked(str(s.value(_KEY + "with_date", "true")).lower() == "true")
        self.page_box.setCurrentText(str(s.value(_KEY + "page_size", "A4")))
        self._format_changed()

    def _remember(self) -> None:
        s = self.settings
        s.setValue(_KEY + "format", self.format_box.currentData())
        s.setValue(_KEY + "scope", SCOPES[self.scope_buttons.checkedId()])
        s.setValue(_KEY + "documents", json.dumps(self._checked(self.doc_list)))
        s.setValue(_KEY + "tags", json.dumps(self._checked(self.tag_list)))
        s.setValue(_KEY + "group_by", self.group_box.currentData())
        s.setValue(_KEY + "title", self.title_edit.text())
        s.setValue(_KEY + "with_date", "true" if self.date_check.isChecked() else "false")
        s.setValue(_KEY + "page_size", self.page_box.currentText())
        s.sync()

    @staticmethod
    def _checked(widget: QListWidget) -> list[str]:
        return [widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())
                if widget.item(i).checkState() == Qt.CheckState.Checked]

    @staticmethod
    def _set_checked(widget: QListWidget, keys: list[str]) -> None:
        for i in range(widget.count()):
            item = widget.item(i)
            if item.data(Qt.ItemDataRole.UserRole) in keys:
                item.setCheckState(Qt.CheckState.Checked)

    # -- choices → export ----------------------------------------------------------------------------
    @property
    def format(self):
        return FORMATS[self.format_box.currentData()]

    def _format_changed(self) -> None:
        fmt = self.format
        self.page_box.setEnabled(fmt.name == "pdf")
        self.group_box.setEnabled(fmt.name in ("markdown", "html", "pdf"))
        # CSV and JSON carry neither a title nor an export date (they stay identical from day to day).
        self.title_edit.setEnabled(fmt.name not in ("csv",))
        self.date_check.setEnabled(fmt.name not in ("csv", "json"))
        self.preview_timer.start()

    def _scope_changed(self, index: int) -> None:
        self.scope_stack.setCurrentIndex(index)
        self.scope_stack.setVisible(index != 0)
        self.preview_timer.start()

    def scope(self) -> ExportScope:
        kind = SCOPES[self.scope_buttons.checkedId()]
        group_by = self.group_box.currentData()
        if kind == "documents":
            return ExportScope(documents=tuple(self._checked(self.doc_list)), group_by=group_by)
        if kind == "tags":
            return ExportScope(tags=tuple(self._checked(self.tag_list)), group_by=group_by)
        if kind == "note":
            return ExportScope(note_id=self.note_box.currentData(), group_by=group_by)
        return ExportScope(group_by=group_by)

    def _empty_choice(self) -> str:
        kind = SCOPES[self.scope_buttons.checkedId()]
        if kind == "documents" and not self._checked(self.doc_list):
            return "Tick one or more documents to export."
        if kind == "tags" and not self._checked(self.tag_list):
            return "Tick one or more tags to export."
        if kind == "note" and self.note_box.currentData() is None:
            return "There is no cross-document note to export yet."
        return ""

    def collect(self) -> ExportData:
        problem = self._empty_choice()
        if problem:  # an empty choice must never fall back to exporting everything
            raise InvalidValue(problem)
        date = dt.date.today().isoformat() if self.date_check.isChecked() else None
        return collect_for(self.lib, self.scope(), self.format, date=date,
                           title=self.title_edit.text().strip() or DEFAULT_TITLE)

    def build(self, data: ExportData) -> ExportResult:
        if self.format.name == "pdf":
            from ..pdf_export import export_pdf

            return export_pdf(data, page_size=self.page_box.currentText())
        return render(data, self.format)

    # -- preview -------------------------------------------------------------------------------------
    def update_preview(self) -> None:
        try:
            data = self.collect()
        except ReaderError as exc:
            self._show_text(str(exc), [], "")
            self.export_button.setEnabled(False)
            return
        self.export_button.setEnabled(True)
        total = len(data.highlights)
        note = ""
        if total > PREVIEW_LIMIT:
            data.highlights = data.highlights[:PREVIEW_LIMIT]
            note = f"The preview shows the first {PREVIEW_LIMIT} of {total} highlights; the file holds them all."
        fmt = self.format
        # PDF is previewed as the HTML it is laid out from: making the PDF itself takes longer.
        result = render(data, FORMATS["html"] if fmt.name == "pdf" else fmt)
        if fmt.name in ("html", "pdf"):
            self.html_preview.setHtml(result.text)
            self.preview_stack.setCurrentWidget(self.html_preview)
        elif fmt.name == "qdpx":
            with zipfile.ZipFile(BytesIO(result.content)) as archive:
                names = archive.namelist()
                xml = archive.read("project.qde").decode("utf-8")
            self.text_preview.setPlainText("\n".join(names) + "\n\nproject.qde:\n" + xml[:20000])
            self.preview_stack.setCurrentWidget(self.text_preview)
        else:
            self.text_preview.setPlainText(result.text)
            self.preview_stack.setCurrentWidget(self.text_preview)
        self.preview_note.setText(note)
        self.preview_note.setVisible(bool(note))
        self._show_warnings(result.warnings)

    def _show_text(self, message: str, warnings: list[str], note: str) -> None:
        self.text_preview.setPlainText(message)
        self.preview_stack.setCurrentWidget(self.text_preview)
        self.preview_note.setVisible(bool(note))
        self._show_warnings(warnings)

    def _show_warnings(self, warnings: list[str]) -> None:
        self.warnings_label.setText("".join(f"⚠ {w}\n" for w in warnings).rstrip())
        self.warnings_label.setVisible(bool(warnings))

    # -- writing -------------------------------------------------------------------------------------
    def suggested_path(self) -> Path:
        folder = Path(str(self.settings.value(_KEY + "folder", str(Path.home()))))
        stem = "".join(c if c.isalnum() or c in " -_" else "-" for c in (self.title_edit.text() or DEFAULT_TITLE))
        return folder / f"{stem.strip() or 'export'}{self.format.extension}"

    def export_to(self, path: Path | str) -> ExportResult:
        """Export everything chosen to ``path`` and remember the choices."""
        result = self.build(self.collect())
        result.write(path)
        self.last_result = result
        self.settings.setValue(_KEY + "folder", str(Path(path).parent))
        self._remember()
        return result

    def choose_file_and_export(self) -> None:
        fmt = self.format
        path, _ = QFileDialog.getSaveFileName(self, "Export Annotations", str(self.suggested_path()),
                                              f"{fmt.label} (*{fmt.extension});;All files (*)")
        if not path:
            return
        try:
            result = self.export_to(path)
        except ReaderError as exc:
            QMessageBox.warning(self, "Export failed", str(exc))
            return
        if result.warnings:
            QMessageBox.information(self, "Exported with warnings",
                                    f"Saved {Path(path).name}.\n\n" + "\n\n".join(result.warnings))
        self.accept()


def _json_list(value) -> list[str]:
    try:
        found = json.loads(str(value))
    except ValueError:
        return []
    return [str(v) for v in found] if isinstance(found, list) else []


def import_annotations_interactively(session: Session, parent: QWidget | None = None,
                                     path: Path | str | None = None):
    """File → Import Annotations…: pick one of our JSON exports, merge it, and report what happened in a
    message box that does not block (``open()``). Returns the ImportReport, or None when nothing ran."""
    from ...core.exporters.annotations_import import import_annotations_file

    if path is None:
        path, _ = QFileDialog.getOpenFileName(parent, "Import Annotations", str(Path.home()),
                                              "W3C Web Annotation (*.json *.jsonld);;All files (*)")
        if not path:
            return None
    try:
        report = import_annotations_file(session.lib, path)
    except ReaderError as exc:
        _message(parent, QMessageBox.Icon.Warning, "Import failed", str(exc))
        return None
    session.announce(report.changes)
    _message(parent, QMessageBox.Icon.Information, "Annotations imported", "\n".join(report.lines()))
    return report


def _message(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setObjectName("importAnnotationsReport")
    box.open()
    return box
