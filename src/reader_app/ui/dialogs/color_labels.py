"""What each highlight colour means to this user (yellow = "claim", pink = "contradiction"), and whether a
highlight's colour follows its first tag. Both are library settings, so they travel with the library.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import NotFound
from ...core.model import DEFAULT_COLOR_LABELS, HIGHLIGHT_COLORS
from ...core.store import Library
from ..commands import SetColorLabel, SetHighlightColor, SetHighlightTags
from ..session import Session
from ..theme import nearest_highlight_color
from ..widgets.annotations_sidebar import color_icon

FOLLOW_TAG_SETTING = "highlight_color_follows_first_tag"


def color_follows_first_tag(lib: Library) -> bool:
    return bool(lib.settings.get(FOLLOW_TAG_SETTING, False))


def color_for_tags(lib: Library, names: list[str] | tuple[str, ...]) -> str | None:
    """The highlight colour that tags ``names`` call for when the setting is on (None: leave it alone).

    Tag colours are free RGB values and highlight colours a fixed set, so the first tag's colour maps to
    the highlight colour nearest in hue.
    """
    if not names or not color_follows_first_tag(lib):
        return None
    try:
        tag = lib.tags.by_name(names[0])
    except NotFound:
        return None  # a tag about to be created has no colour yet
    return nearest_highlight_color(tag.color)


def push_tags(session: Session, highlight_id: int, names: list[str] | tuple[str, ...]) -> bool:
    """Set a highlight's tags through the undo stack; with "colour follows its first tag" on, recolour it in
    the same undo step. The colour is looked up after the tags are set, so a tag created by this very
    step (and given its colour then) counts too."""
    tags = SetHighlightTags(session, highlight_id, names)
    if not color_follows_first_tag(session.lib):
        return session.push(tags)
    stack = session.undo_stack
    stack.beginMacro(tags.text())
    try:
        if not session.push(tags):
            return False
        color = color_for_tags(session.lib, names)
        if color and color != session.lib.highlights.get(highlight_id).color:
            session.push(SetHighlightColor(session, highlight_id, color))
        return True
    finally:
        stack.endMacro()


class ColorLabelsDialog(QDialog):
    labels_changed = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Highlight Colours")
        self.session = session
        labels = session.lib.settings.color_labels()
        intro = QLabel("Name each colour after what it means to you; the names appear in the highlight "
                       "toolbar and the annotations filter.", self)
        intro.setWordWrap(True)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.edits: dict[str, QLineEdit] = {}
        for color in HIGHLIGHT_COLORS:
            edit = QLineEdit(labels.get(color, DEFAULT_COLOR_LABELS[color]), self)
            edit.setPlaceholderText(DEFAULT_COLOR_LABELS[color])
            swatch = QLabel(self)
            swatch.setPixmap(color_icon(color, 14).pixmap(14, 14))
            swatch.setToolTip(DEFAULT_COLOR_LABELS[color])
            form.addRow(swatch, edit)
            self.edits[color] = edit
        self.follow_tag = QCheckBox("A highlight's colour follows its first tag", self)
        self.follow_tag.setToolTip("When tags are set on a highlight, colour it like its first tag "
                                   "(the nearest highlight colour)")
        self.follow_tag.setChecked(color_follows_first_tag(session.lib))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.follow_tag)
        layout.addWidget(buttons)

    def accept(self) -> None:
        """Changed labels become one undoable step; the follow-tag choice is a plain preference."""
        current = self.session.lib.settings.color_labels()
        changed = [(c, e.text().strip() or DEFAULT_COLOR_LABELS[c]) for c, e in self.edits.items()
                   if (e.text().strip() or DEFAULT_COLOR_LABELS[c]) != current.get(c)]
        stack = self.session.undo_stack
        if changed:
            stack.beginMacro("Colour Labels" if len(changed) > 1 else f"Colour Label '{changed[0][1]}'")
            for color, label in changed:
                self.session.push(SetColorLabel(self.session, color, label))
            stack.endMacro()
        if self.follow_tag.isChecked() != color_follows_first_tag(self.session.lib):
            self.session.lib.settings.set(FOLLOW_TAG_SETTING, self.follow_tag.isChecked())
        if changed:
            self.labels_changed.emit()
        super().accept()
