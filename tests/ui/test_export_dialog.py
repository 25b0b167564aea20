"""File → Export…: live preview, scope choices, remembered settings, warnings, and the file written."""
from __future__ import annotations

import csv
import io
import sys
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
from test_export_markdown import sample  # noqa: F401 (fixture)

from reader_app.ui.dialogs.export_dialog import ExportDialog
from reader_app.ui.session import Session

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def dialog(qtbot, sample, settings):  # noqa: F811
    d = ExportDialog(Session(sample), None, settings)
    qtbot.addWidget(d)
    d.resize(1040, 680)
    yield d
    d.preview_timer.stop()  # the library closes before qtbot closes the widget


def choose(dialog: ExportDialog, fmt: str) -> None:
    dialog.format_box.setCurrentIndex(dialog.format_box.findData(fmt))
    dialog.update_preview()


def tick(widget, key: str) -> None:
    for i in range(widget.count()):
        if widget.item(i).data(Qt.ItemDataRole.UserRole) == key:
            widget.item(i).setCheckState(Qt.CheckState.Checked)


def test_preview_follows_the_format(dialog):
    """HTML shows rendered quotes; Markdown shows the front matter; the preview updates on each choice."""
    choose(dialog, "html")
    assert dialog.preview_stack.currentWidget() is dialog.html_preview
    assert "But Abe’s courtship was futile." in dialog.html_preview.toPlainText()
    choose(dialog, "markdown")
    assert dialog.preview_stack.currentWidget() is dialog.text_preview
    assert dialog.text_preview.toPlainText().startswith("---\ntitle: \"Annotated notes\"")
    dialog.title_edit.setText("Seminar notes")
    dialog.update_preview()
    assert "# Seminar notes" in dialog.text_preview.toPlainText()
    SCREENSHOTS.mkdir(exist_ok=True)
    choose(dialog, "html")
    dialog.grab().save(str(SCREENSHOTS / "export-dialog-html.png"))


def test_empty_tag_choice_disables_export(dialog, qtbot):
    """Choosing "Tags" without ticking one never falls back to everything: Export is off and the preview
    says what to do; ticking a tag previews just its highlights."""
    dialog.scope_buttons.button(2).setChecked(True)
    dialog.update_preview()
    assert not dialog.export_button.isEnabled()
    assert "Tick one or more tags" in dialog.text_preview.toPlainText()
    tick(dialog.tag_list, "energy")
    choose(dialog, "csv")
    assert dialog.export_button.isEnabled()
    assert len(list(csv.reader(io.StringIO(dialog.text_preview.toPlainText())))) == 1 + 3


def test_export_writes_the_file_and_choices_are_remembered(dialog, sample, settings, tmp_path, qtbot):  # noqa: F811
    """Exporting writes the chosen format; a new dialog comes back with the same format, scope and tags."""
    choose(dialog, "markdown")
    dialog.scope_buttons.button(2).setChecked(True)
    tick(dialog.tag_list, "sanctions")
    dialog.group_box.setCurrentIndex(dialog.group_box.findData("tag"))
    target = tmp_path / "out.md"
    dialog.export_to(target)
    assert "## sanctions" in target.read_text(encoding="utf-8")
    again = ExportDialog(Session(sample), None, settings)
    qtbot.addWidget(again)
    assert again.format_box.currentData() == "markdown"
    assert again.scope_buttons.checkedId() == 2 and again._checked(again.tag_list) == ["sanctions"]
    assert again.group_box.currentData() == "tag"
    assert again.suggested_path().parent == tmp_path


def test_refi_qda_warnings_are_shown(dialog, tmp_path):
    """The REFI-QDA preview lists what the format cannot hold, and the export carries the same warnings."""
    choose(dialog, "qdpx")
    assert not dialog.warnings_label.isHidden()
    assert "Highlight colours are not part of REFI-QDA" in dialog.warnings_label.text()
    assert "project.qde" in dialog.text_preview.toPlainText()
    result = dialog.export_to(tmp_path / "p.qdpx")
    assert result.warnings and "project.qde" in zipfile.ZipFile(tmp_path / "p.qdpx").namelist()
    dialog.grab().save(str(SCREENSHOTS / "export-dialog-qdpx.png"))


def test_pdf_export_from_the_dialog(dialog, tmp_path):
    """PDF is previewed as its HTML and written as a real PDF on the chosen page size."""
    choose(dialog, "pdf")
    assert dialog.page_box.isEnabled() and dialog.preview_stack.currentWidget() is dialog.html_preview
    dialog.page_box.setCurrentText("Letter")
    dialog.export_to(tmp_path / "notes.pdf")
    assert (tmp_path / "notes.pdf").read_bytes().startswith(b"%PDF-")


def test_import_annotations_from_the_menu(qtbot, sample, tmp_path):  # noqa: F811
    """The menu's import merges a JSON export into another library, announces the change and reports
    the counts in a message box."""
    from reader_app.core.exporters.scope import ExportScope, collect
    from reader_app.core.exporters.webannotation import render_json
    from reader_app.core.seeding import ensure_seeded
    from reader_app.core.store import Library
    from reader_app.ui.dialogs.export_dialog import import_annotations_interactively

    exported = tmp_path / "notes.json"
    exported.write_text(render_json(collect(sample, ExportScope())), encoding="utf-8")
    other = Library(tmp_path / "other.sqlite3")
    ensure_seeded(other)
    session = Session(other)
    parent = QWidget()
    qtbot.addWidget(parent)
    with qtbot.waitSignal(session.changed) as signal:
        report = import_annotations_interactively(session, parent, exported)
    assert report.highlights_added == 32 and len(signal.args[0].highlights) == 32
    box = parent.findChild(QMessageBox, "importAnnotationsReport")
    assert "highlights: 32 added, 0 already present" in box.text()
    box.close()
    other.close()


def test_text_preview_wraps_and_gets_most_of_the_width(dialog, qtbot):
    """A Markdown line longer than the preview (the sources list) wraps instead of scrolling sideways, and
    the preview, not the options column, takes most of the dialog's width — more so when it grows."""
    from PySide6.QtWidgets import QPlainTextEdit

    choose(dialog, "markdown")
    dialog.show()
    qtbot.waitExposed(dialog)
    preview = dialog.text_preview
    assert preview.lineWrapMode() == QPlainTextEdit.LineWrapMode.WidgetWidth
    longest = max(preview.toPlainText().splitlines(), key=len)
    assert preview.fontMetrics().horizontalAdvance(longest) > preview.viewport().width()  # would need a scroll
    assert preview.horizontalScrollBar().maximum() == 0
    options = dialog.scope_stack.parentWidget()
    assert dialog.preview_stack.width() > 1.8 * options.width()
    dialog.resize(1400, 680)
    qtbot.waitUntil(lambda: dialog.preview_stack.width() > 1000)
    assert options.width() <= 340
