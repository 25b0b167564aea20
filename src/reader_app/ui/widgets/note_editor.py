"""A highlight's Markdown note, written beside a live preview.

The preview is Markdown → HTML (``fenced_code`` + ``codehilite`` with Pygments' inline styles, so no
stylesheet is needed) → ``nh3``: Markdown passes raw HTML through, and a note must never run or load
anything.
"""
from __future__ import annotations

import nh3
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

# No images: the preview would read local files named by a note; notes are text.
_TAGS = nh3.ALLOWED_TAGS - {"img", "map", "area"}
_ATTRIBUTES = {**nh3.ALLOWED_ATTRIBUTES, "span": {"style"}, "div": {"style"}, "pre": {"style"},
               "td": {"style", "align"}, "th": {"style", "align"}}
# Pygments' inline styles use only these; anything else a note's raw HTML tries is dropped.
_STYLE_PROPERTIES = {"color", "background", "background-color", "font-weight", "font-style", "line-height",
                     "border", "text-decoration", "text-align"}
_PREVIEW_DELAY_MS = 120


def render_note_html(text: str, dark: bool = False) -> str:
    """Sanitised HTML for a Markdown note; code blocks coloured by Pygments."""
    import markdown  # ~30 ms of imports (with Pygments), paid when a note is first previewed, not at start-up

    html = markdown.markdown(
        text, extensions=["fenced_code", "codehilite", "tables", "sane_lists"],
        extension_configs={"codehilite": {"noclasses": True, "guess_lang": False,
                                          "pygments_style": "monokai" if dark else "friendly"}})
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, filter_style_properties=_STYLE_PROPERTIES)


class NoteEditor(QDialog):
    def __init__(self, note: str, quote: str = "", dark: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("noteEditor")
        self.setWindowTitle("Note")
        self.resize(760, 440)
        self._dark = dark
        layout = QVBoxLayout(self)
        if quote:
            shown = quote if len(quote) <= 200 else quote[:199] + "…"
            about = QLabel(f"“{shown}”")
            about.setWordWrap(True)
            layout.addWidget(about)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        self.editor = QPlainTextEdit(split)
        self.editor.setObjectName("noteSource")
        self.editor.setPlaceholderText("Markdown: *emphasis*, **strong**, lists, ```code```")
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setPlainText(note)
        self.preview = QTextBrowser(split)
        self.preview.setObjectName("notePreview")
        self.preview.setOpenLinks(False)  # a click on a link in a preview must not navigate anywhere
        split.setSizes([380, 380])
        layout.addWidget(split, 1)
        ok = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(ok.Save | ok.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._timer = QTimer(self, singleShot=True, interval=_PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.update_preview)
        self.editor.textChanged.connect(self._timer.start)
        self.update_preview()
        self.editor.setFocus()

    def update_preview(self) -> None:
        self.preview.setHtml(render_note_html(self.editor.toPlainText(), self._dark))

    def note(self) -> str:
        return self.editor.toPlainText()
