"""Several tags for one highlight, typed comma-separated with completion from the library's tags."""
from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, QTimer
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

_SEPARATOR = ","


def parse_tags(text: str) -> list[str]:
    """Comma-separated names, trimmed, inner spaces collapsed, the first spelling of each name kept."""
    seen, names = set(), []
    for part in text.split(_SEPARATOR):
        name = " ".join(part.split())
        if name and name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
    return names


class TagLineEdit(QLineEdit):
    """A line edit whose completer completes the tag being typed (after the last comma), not the line."""

    def __init__(self, all_names: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.names_model = QStringListModel(sorted(all_names, key=str.lower), self)
        self.completer_ = QCompleter(self.names_model, self)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer_.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer_.setWidget(self)
        self.completer_.activated.connect(self.insert_completion)
        self.textEdited.connect(self._offer)

    def current_token(self) -> str:
        return self.text().rsplit(_SEPARATOR, 1)[-1].strip()

    def _offer(self, _text: str) -> None:
        token = self.current_token()
        taken = {n.lower() for n in parse_tags(self.text())[:-1]}
        if not token:
            self.completer_.popup().hide()
            return
        self.completer_.setCompletionPrefix(token)
        if self.completer_.completionCount() and self.completer_.currentCompletion().lower() not in taken:
            self.completer_.complete()
        else:
            self.completer_.popup().hide()

    def insert_completion(self, name: str) -> None:
        head = self.text().rsplit(_SEPARATOR, 1)[0] if _SEPARATOR in self.text() else ""
        self.setText(f"{head}{_SEPARATOR} {name}{_SEPARATOR} " if head else f"{name}{_SEPARATOR} ")


class TagEditor(QDialog):
    """Edit the tags of one highlight (or of the highlight about to be made from a selection)."""

    def __init__(self, names: list[str] | tuple[str, ...], all_names: list[str], quote: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("tagEditor")
        self.setWindowTitle("Tags")
        self.setMinimumWidth(380)
        layout = QVBoxLayout(self)
        if quote:
            shown = quote if len(quote) <= 140 else quote[:139] + "…"
            about = QLabel(f"“{shown}”")
            about.setWordWrap(True)
            about.setObjectName("tagEditorQuote")
            layout.addWidget(about)
        self.line_edit = TagLineEdit(all_names, self)
        self.line_edit.setPlaceholderText("sanctions, territorial dispute")
        self.line_edit.setText(f"{_SEPARATOR} ".join(names) + (f"{_SEPARATOR} " if names else ""))
        layout.addWidget(self.line_edit)
        hint = QLabel("Separate tags with commas; new names become new tags.")
        hint.setEnabled(False)
        layout.addWidget(hint)
        ok = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(ok.Ok | ok.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.line_edit.setFocus()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # Focus arriving selects the whole line; typing would then replace the tags already there.
        QTimer.singleShot(0, self, self._caret_to_end)

    def _caret_to_end(self) -> None:
        self.line_edit.deselect()
        self.line_edit.end(False)

    @property
    def completer(self) -> QCompleter:
        return self.line_edit.completer_

    def tags(self) -> list[str]:
        return parse_tags(self.line_edit.text())
